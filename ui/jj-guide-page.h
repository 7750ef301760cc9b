/* jj-guide-page.h — a matter's handling guide (办事指南), readable at a glance
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "jj-catalog.h"

G_BEGIN_DECLS

#define JJ_TYPE_GUIDE_PAGE (jj_guide_page_get_type ())

G_DECLARE_FINAL_TYPE (JjGuidePage, jj_guide_page, JJ, GUIDE_PAGE, GtkWidget)

void      jj_guide_page_set_matter (JjGuidePage *self,
                                    JjMatter    *matter);
JjMatter *jj_guide_page_get_matter (JjGuidePage *self);

/* Lists the 一件事一次办 bundles (JjBundle) that include the shown matter, each with a button
 * for win.start-bundle. Call after jj_guide_page_set_matter(). */
void      jj_guide_page_set_bundles (JjGuidePage *self,
                                     GPtrArray   *bundles);

/* Whether the operator may take applications (JJ_PERMISSION_INTAKE): without it the page has no
 * Start buttons at all. TRUE until said otherwise. */
void      jj_guide_page_set_can_start (JjGuidePage *self,
                                       gboolean     can_start);

G_END_DECLS
