/* jj-matter-row.h — one matter in the catalogue list
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "jj-matter.h"

G_BEGIN_DECLS

#define JJ_TYPE_MATTER_ROW (jj_matter_row_get_type ())

G_DECLARE_FINAL_TYPE (JjMatterRow, jj_matter_row, JJ, MATTER_ROW, GtkWidget)

GtkWidget *jj_matter_row_new        (void);
void       jj_matter_row_set_matter (JjMatterRow *self,
                                     JjMatter    *matter);

/* A short label for how a matter is handled: 即办件, or 承诺件 with its promised days. Caller
 * frees. */
char      *jj_matter_dup_handling_summary (JjMatter *matter);

G_END_DECLS
