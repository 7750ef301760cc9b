/* jj-matter-list-private.h — a list model of catalogue rows, loaded as they are shown
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jj-store.h"

G_BEGIN_DECLS

#define JJ_TYPE_MATTER_LIST (jj_matter_list_get_type ())

G_DECLARE_FINAL_TYPE (JjMatterList, jj_matter_list, JJ, MATTER_LIST, GObject)

/* A GListModel of JjMatter over the row @ids (taken). Each matter is read from @store the
 * first time it is asked for, so a long result costs one integer per row until shown. */
JjMatterList *jj_matter_list_new (JjStore *store,
                                  GArray  *ids);

G_END_DECLS
