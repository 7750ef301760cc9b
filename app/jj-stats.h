/* jj-stats.h — statistics of the terminal's applications (统计)
 *
 * Figures over the applications submitted in a range of days (drafts are not applications yet
 * and never count): by matter, by level, by month and by state; the share handled for the
 * resident (帮代办); the time from submission to completion; the residents' ratings (好差评) once
 * the terminal captures them. docs/statistics.md defines each figure and the JSON and CSV forms.
 * GTK-free: the statistics page and `jiujinctl stats` read the same struct.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "jj-store.h"

G_BEGIN_DECLS

/* One line of a table: a stable key, its translated label and how many applications. */
typedef struct
{
  char   *key;     /* matter code, "township", "2026-03", "accepted", "clerk" */
  char   *label;   /* matter name, 乡镇（街道）, "2026-03", 已受理, … */
  gint64  count;
} JjStatsRow;

void jj_stats_row_free (JjStatsRow *row);

/* The residents' ratings (好差评), score 1 (非常不满意) to 5 (非常满意), as in
 * docs/sync-protocol.md section 11. */
typedef struct
{
  gboolean captured;      /* FALSE while the terminal does not record ratings: no figures */
  gint64   count;
  gint64   by_score[5];   /* [0] for score 1 … [4] for score 5 */
  double   average;       /* of the scores; 0 when count is 0 */
} JjStatsEvaluations;

typedef struct
{
  char               *since;           /* YYYY-MM-DD, first day counted, or NULL for no bound */
  char               *until;           /* YYYY-MM-DD, last day counted, or NULL */
  gint64              total;           /* applications submitted in the range */
  GPtrArray          *by_matter;       /* JjStatsRow, most applications first; an application
                                        * with several matters counts once for each */
  GPtrArray          *by_level;        /* township, village: the level of its matters, township
                                        * when any of them is a township matter */
  GPtrArray          *by_month;        /* month of submission, oldest first, months without
                                        * applications between the first and last included */
  GPtrArray          *by_state;        /* every state but draft, in the order of the process */
  GPtrArray          *by_agent_kind;   /* none, clerk, agent */
  gint64              assisted;        /* clerk and agent: 帮代办 */
  double              assisted_share;  /* assisted / total, 0 when total is 0 */
  gint64              completed;       /* completed applications with a completion time */
  double              completion_average; /* seconds from submission to completion */
  double              completion_median;  /* seconds; both 0 when completed is 0 */
  JjStatsEvaluations  evaluations;
} JjStats;

void jj_stats_free (JjStats *stats);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjStats, jj_stats_free)

/* The figures for the applications submitted from @since to @until, both local days included;
 * either may be NULL for no bound. Returns a new JjStats, or NULL with JJ_STORE_ERROR_*. */
JjStats  *jj_stats_compute        (JjStore              *store,
                                   const GDate          *since,
                                   const GDate          *until,
                                   GError              **error);
/* The same in a worker thread, for the statistics page. */
void      jj_stats_compute_async  (JjStore              *store,
                                   const GDate          *since,
                                   const GDate          *until,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
JjStats  *jj_stats_compute_finish (JjStore              *store,
                                   GAsyncResult         *result,
                                   GError              **error);

/* @stats as one JSON object (docs/statistics.md). Returns a new node. */
JsonNode *jj_stats_to_json        (const JjStats        *stats);

/* Writes @stats to @file as one CSV file with a section per table, UTF-8 with a byte order mark
 * and CRLF line ends so that Excel on Chinese Windows opens it as it is (docs/statistics.md).
 * Replaces @file atomically. FALSE with a GIOError when it cannot be written. */
gboolean  jj_stats_write_csv      (const JjStats        *stats,
                                   GFile                *file,
                                   GCancellable         *cancellable,
                                   GError              **error);

G_END_DECLS
