/* jj-stats-page.h — the statistics page (统计): figures and bar charts over a range of days
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "jj-operators.h"
#include "jj-store.h"

G_BEGIN_DECLS

#define JJ_TYPE_STATS_PAGE (jj_stats_page_get_type ())

G_DECLARE_FINAL_TYPE (JjStatsPage, jj_stats_page, JJ, STATS_PAGE, GtkWidget)

/* The applications of @store submitted in the last twelve months (the days can be changed),
 * for a @session with JJ_PERMISSION_STATISTICS; “Export CSV…” writes them with
 * jj_stats_write_csv() and audits the export under @session. */
GtkWidget *jj_stats_page_new (JjStore   *store,
                              JjSession *session);

G_END_DECLS
