/* jj-stats.c — statistics of the terminal's applications (统计)
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "jj-intake.h"
#include "jj-matter.h"
#include "jj-stats.h"
#include "jj-store-private.h"

/* ?1 and ?2 bound the submission time, [since, until). Drafts have no submission time; a
 * draft that has one is a returned application reopened for correction, and still counts. */
#define SUBMITTED \
  " FROM applications a WHERE a.submitted_at >= ?1 AND a.submitted_at < ?2"

#define WITH_MATTERS \
  " FROM applications a" \
  " JOIN application_matters am ON am.application_id = a.id" \
  " JOIN matters m ON m.id = am.matter_id" \
  " WHERE a.submitted_at >= ?1 AND a.submitted_at < ?2"

static const char * const level_keys[] = { "township", "village", NULL };
static const char * const state_keys[] = { "queued", "sent", "accepted", "completed", "returned",
                                           "rejected", NULL };
static const char * const agent_keys[] = { "none", "clerk", "agent", NULL };

typedef const char *(*JjStatsLabelFunc) (const char *key);

void
jj_stats_row_free (JjStatsRow *row)
{
  if (row == NULL)
    return;
  g_free (row->key);
  g_free (row->label);
  g_free (row);
}

void
jj_stats_free (JjStats *stats)
{
  if (stats == NULL)
    return;
  g_free (stats->since);
  g_free (stats->until);
  g_clear_pointer (&stats->by_matter, g_ptr_array_unref);
  g_clear_pointer (&stats->by_level, g_ptr_array_unref);
  g_clear_pointer (&stats->by_month, g_ptr_array_unref);
  g_clear_pointer (&stats->by_state, g_ptr_array_unref);
  g_clear_pointer (&stats->by_agent_kind, g_ptr_array_unref);
  g_free (stats);
}

static GPtrArray *
rows_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) jj_stats_row_free);
}

static void
rows_add (GPtrArray  *rows,
          const char *key,
          const char *label,
          gint64      count)
{
  JjStatsRow *row = g_new0 (JjStatsRow, 1);

  row->key = g_strdup (key);
  row->label = g_strdup (label != NULL ? label : key);
  row->count = count;
  g_ptr_array_add (rows, row);
}

static const char *
level_label (const char *key)
{
  JjLevel level;

  return jj_level_from_string (key, &level) ? jj_level_get_label (level) : key;
}

static const char *
state_label (const char *key)
{
  JjApplicationState state;

  return jj_application_state_from_string (key, &state) ? jj_application_state_get_label (state)
                                                         : key;
}

static const char *
agent_label (const char *key)
{
  if (g_str_equal (key, "clerk"))
    return _("Handled by the clerk (帮办)");
  if (g_str_equal (key, "agent"))
    return _("Handled by an agent (代办)");
  /* Translators: an application the resident made without help (本人办理) */
  return _("By the resident in person");
}

/* The cached statement for @sql with the range bound to ?1 and ?2, or NULL with @error. */
static sqlite3_stmt *
prepare_range (JjStore     *store,
               const char  *sql,
               gint64       since,
               gint64       until,
               GError     **error)
{
  sqlite3_stmt *stmt = jj_store_prepare (store, sql, error);

  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, since);
      sqlite3_bind_int64 (stmt, 2, until);
    }
  return stmt;
}

/* Runs @sql over the range: rows of (key, [label,] count), in the statement's order. */
static GPtrArray *
query_rows (JjStore      *store,
            const char   *sql,
            gint64        since,
            gint64        until,
            GError      **error)
{
  g_autoptr(GPtrArray) rows = rows_new ();
  sqlite3_stmt *stmt;
  int rc;

  if ((stmt = prepare_range (store, sql, since, until, error)) == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int last = sqlite3_column_count (stmt) - 1;

      rows_add (rows, (const char *) sqlite3_column_text (stmt, 0),
                last == 2 ? (const char *) sqlite3_column_text (stmt, 1) : NULL,
                sqlite3_column_int64 (stmt, last));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      jj_store_set_error (store, error, _("Could not compute the statistics"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static gint64
found_count (GPtrArray  *found,
             const char *key)
{
  for (guint i = 0; i < found->len; i++)
    {
      const JjStatsRow *row = g_ptr_array_index (found, i);

      if (g_strcmp0 (row->key, key) == 0)
        return row->count;
    }
  return 0;
}

/* Every one of @keys, in that order, zero when @sql found none: charts keep their bars. */
static GPtrArray *
query_fixed_rows (JjStore             *store,
                  const char          *sql,
                  gint64               since,
                  gint64               until,
                  const char * const  *keys,
                  JjStatsLabelFunc     label,
                  GError             **error)
{
  g_autoptr(GPtrArray) found = query_rows (store, sql, since, until, error);
  GPtrArray *rows;

  if (found == NULL)
    return NULL;
  rows = rows_new ();
  for (guint i = 0; keys[i] != NULL; i++)
    rows_add (rows, keys[i], label (keys[i]), found_count (found, keys[i]));
  return rows;
}

/* The months from the first to the last found, those without applications as zero. */
static GPtrArray *
query_months (JjStore  *store,
              gint64    since,
              gint64    until,
              GError  **error)
{
  g_autoptr(GPtrArray) found =
    query_rows (store,
                "SELECT strftime ('%Y-%m', a.submitted_at, 'unixepoch', 'localtime'), count (*)"
                SUBMITTED " GROUP BY 1 ORDER BY 1",
                since, until, error);
  GPtrArray *rows;
  int year, month;

  if (found == NULL)
    return NULL;
  rows = rows_new ();
  if (found->len == 0 ||
      sscanf (((JjStatsRow *) g_ptr_array_index (found, 0))->key, "%d-%d", &year, &month) != 2)
    return rows;

  for (guint i = 0; i < found->len;)
    {
      const JjStatsRow *next = g_ptr_array_index (found, i);
      g_autofree char *key = g_strdup_printf ("%04d-%02d", year, month);

      if (g_str_equal (key, next->key))
        {
          rows_add (rows, key, NULL, next->count);
          i++;
        }
      else
        rows_add (rows, key, NULL, 0);
      if (++month > 12)
        month = 1, year++;
    }
  return rows;
}

static gboolean
query_completion (JjStore  *store,
                  JjStats  *stats,
                  gint64    since,
                  gint64    until,
                  GError  **error)
{
  g_autoptr(GArray) seconds = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  double sum = 0;
  guint n;
  int rc;

  /* The county's clock stamps completion, the terminal's submission: a county running behind
   * must not make a case finish before it began. */
  stmt = prepare_range (store,
                        "SELECT max (a.status_at - a.submitted_at, 0)" SUBMITTED
                        " AND a.state = 'completed' AND a.status_at IS NOT NULL ORDER BY 1",
                        since, until, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 value = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (seconds, value);
      sum += value;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return jj_store_set_error (store, error, _("Could not compute the statistics"));

  n = seconds->len;
  stats->completed = n;
  if (n == 0)
    return TRUE;
  stats->completion_average = sum / n;
  if (n % 2 == 1)
    stats->completion_median = g_array_index (seconds, gint64, n / 2);
  else
    stats->completion_median =
      (g_array_index (seconds, gint64, n / 2 - 1) + g_array_index (seconds, gint64, n / 2)) / 2.0;
  return TRUE;
}

static gboolean
query_total (JjStore  *store,
             JjStats  *stats,
             gint64    since,
             gint64    until,
             GError  **error)
{
  sqlite3_stmt *stmt = prepare_range (store, "SELECT count (*)" SUBMITTED, since, until, error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  ok = sqlite3_step (stmt) == SQLITE_ROW;
  stats->total = ok ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return ok || jj_store_set_error (store, error, _("Could not compute the statistics"));
}

static gboolean
query_all (JjStore  *store,
           JjStats  *stats,
           gint64    since,
           gint64    until,
           GError  **error)
{
  if (!query_total (store, stats, since, until, error) ||
      !(stats->by_matter = query_rows (store,
                                       "SELECT m.code, m.name, count (DISTINCT a.id)" WITH_MATTERS
                                       " GROUP BY m.id ORDER BY 3 DESC, m.code",
                                       since, until, error)) ||
      /* 'township' sorts before 'village': the least is the higher level. */
      !(stats->by_level = query_fixed_rows (store,
                                            "SELECT level, count (*) FROM"
                                            " (SELECT min (m.level) AS level" WITH_MATTERS
                                            "  GROUP BY a.id) GROUP BY level",
                                            since, until, level_keys, level_label, error)) ||
      !(stats->by_month = query_months (store, since, until, error)) ||
      !(stats->by_state = query_fixed_rows (store,
                                            "SELECT CASE a.state WHEN 'draft' THEN 'returned'"
                                            "  ELSE a.state END, count (*)" SUBMITTED " GROUP BY 1",
                                            since, until, state_keys, state_label, error)) ||
      !(stats->by_agent_kind = query_fixed_rows (store,
                                                 "SELECT a.agent_kind, count (*)" SUBMITTED
                                                 " GROUP BY 1",
                                                 since, until, agent_keys, agent_label, error)) ||
      !query_completion (store, stats, since, until, error))
    return FALSE;

  stats->assisted = stats->total - found_count (stats->by_agent_kind, "none");
  stats->assisted_share = stats->total > 0 ? (double) stats->assisted / stats->total : 0;
  return TRUE;
}

/* Unix time of local midnight starting @date, @days_after days later. */
static gint64
local_midnight (const GDate *date,
                int          days_after)
{
  g_autoptr(GDate) day = g_date_copy (date);
  g_autoptr(GDateTime) midnight = NULL;

  g_date_add_days (day, days_after);
  midnight = g_date_time_new_local (g_date_get_year (day), g_date_get_month (day),
                                    g_date_get_day (day), 0, 0, 0);
  return g_date_time_to_unix (midnight);
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

JjStats *
jj_stats_compute (JjStore      *store,
                  const GDate  *since,
                  const GDate  *until,
                  GError      **error)
{
  g_autoptr(JjStats) stats = g_new0 (JjStats, 1);
  gint64 from = G_MININT64, to = G_MAXINT64;
  gboolean ok;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);
  g_return_val_if_fail (since == NULL || g_date_valid (since), NULL);
  g_return_val_if_fail (until == NULL || g_date_valid (until), NULL);

  if (since != NULL)
    {
      stats->since = format_date (since);
      from = local_midnight (since, 0);
    }
  if (until != NULL)
    {
      stats->until = format_date (until);
      to = local_midnight (until, 1);
    }

  /* One read transaction: the tables agree with each other while the sync engine writes. */
  jj_store_lock (store);
  ok = sqlite3_exec (jj_store_get_db (store), "BEGIN", NULL, NULL, NULL) == SQLITE_OK
         ? query_all (store, stats, from, to, error)
         : jj_store_set_error (store, error, _("Could not compute the statistics"));
  jj_store_rollback (store);
  jj_store_unlock (store);

  return ok ? g_steal_pointer (&stats) : NULL;
}

typedef struct
{
  GDate *since;
  GDate *until;
} ComputeData;

static void
compute_data_free (ComputeData *data)
{
  g_clear_pointer (&data->since, g_date_free);
  g_clear_pointer (&data->until, g_date_free);
  g_free (data);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *data = task_data;
  GError *error = NULL;
  JjStats *stats = jj_stats_compute (source_object, data->since, data->until, &error);

  if (stats == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, stats, (GDestroyNotify) jj_stats_free);
}

void
jj_stats_compute_async (JjStore             *store,
                        const GDate         *since,
                        const GDate         *until,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ComputeData *data = g_new0 (ComputeData, 1);

  g_return_if_fail (JJ_IS_STORE (store));

  data->since = since != NULL ? g_date_copy (since) : NULL;
  data->until = until != NULL ? g_date_copy (until) : NULL;
  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, jj_stats_compute_async);
  g_task_set_task_data (task, data, (GDestroyNotify) compute_data_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, compute_thread);
}

JjStats *
jj_stats_compute_finish (JjStore       *store,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- JSON ------------------------------------------------------------------------------- */

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_rows (JsonBuilder *builder,
          const char  *name,
          GPtrArray   *rows)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      const JjStatsRow *row = g_ptr_array_index (rows, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, row->key);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, row->label);
      add_int (builder, "count", row->count);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* Whole seconds, or null when nothing was counted. */
static void
add_seconds (JsonBuilder *builder,
             const char  *name,
             gint64       count,
             double       seconds)
{
  json_builder_set_member_name (builder, name);
  if (count > 0)
    json_builder_add_int_value (builder, (gint64) (seconds + 0.5));
  else
    json_builder_add_null_value (builder);
}

static void
add_evaluations (JsonBuilder              *builder,
                 const JjStatsEvaluations *evaluations)
{
  json_builder_set_member_name (builder, "evaluations");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "captured");
  json_builder_add_boolean_value (builder, evaluations->captured);
  add_int (builder, "count", evaluations->count);
  json_builder_set_member_name (builder, "by_score");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (evaluations->by_score); i++)
    json_builder_add_int_value (builder, evaluations->by_score[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "average");
  if (evaluations->count > 0)
    json_builder_add_double_value (builder, evaluations->average);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

JsonNode *
jj_stats_to_json (const JjStats *stats)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (stats != NULL, NULL);

  json_builder_begin_object (builder);
  add_nullable_string (builder, "since", stats->since);
  add_nullable_string (builder, "until", stats->until);
  add_int (builder, "total", stats->total);
  add_rows (builder, "by_matter", stats->by_matter);
  add_rows (builder, "by_level", stats->by_level);
  add_rows (builder, "by_month", stats->by_month);
  add_rows (builder, "by_state", stats->by_state);
  add_rows (builder, "by_agent_kind", stats->by_agent_kind);
  add_int (builder, "assisted", stats->assisted);
  json_builder_set_member_name (builder, "assisted_share");
  json_builder_add_double_value (builder, stats->assisted_share);

  json_builder_set_member_name (builder, "completion");
  json_builder_begin_object (builder);
  add_int (builder, "count", stats->completed);
  add_seconds (builder, "average_seconds", stats->completed, stats->completion_average);
  add_seconds (builder, "median_seconds", stats->completed, stats->completion_median);
  json_builder_end_object (builder);

  add_evaluations (builder, &stats->evaluations);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* --- CSV -------------------------------------------------------------------------------- */

/* RFC 4180 quoting; a text starting like a formula is prefixed with ' so that a spreadsheet
 * shows it instead of evaluating it. */
static void
csv_text (GString    *csv,
          const char *text)
{
  gboolean formula = strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0';

  if (!formula && strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (csv, text);
      return;
    }
  g_string_append_c (csv, '"');
  if (formula)
    g_string_append_c (csv, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

static void
csv_end_line (GString *csv)
{
  g_string_append (csv, "\r\n");
}

static void
csv_line (GString    *csv,
          const char *first,
          const char *second)
{
  csv_text (csv, first);
  if (second != NULL)
    {
      g_string_append_c (csv, ',');
      csv_text (csv, second);
    }
  csv_end_line (csv);
}

static void
csv_figure (GString    *csv,
            const char *label,
            gint64      value)
{
  csv_text (csv, label);
  g_string_append_printf (csv, ",%" G_GINT64_FORMAT, value);
  csv_end_line (csv);
}

/* Days with one decimal, the same in every locale; empty when nothing was counted. */
static void
csv_days (GString    *csv,
          const char *label,
          gint64      count,
          double      seconds)
{
  char days[G_ASCII_DTOSTR_BUF_SIZE] = "";

  if (count > 0)
    g_ascii_formatd (days, sizeof days, "%.1f", seconds / 86400.0);
  csv_line (csv, label, days);
}

/* A section: its title, a header, then one line per row. */
static void
csv_rows (GString    *csv,
          const char *title,
          const char *key_header,
          const char *label_header,
          GPtrArray  *rows)
{
  g_string_append (csv, "\r\n");
  csv_line (csv, title, NULL);
  if (key_header != NULL)
    {
      csv_text (csv, key_header);
      g_string_append_c (csv, ',');
    }
  csv_line (csv, label_header, _("Applications"));
  for (guint i = 0; i < rows->len; i++)
    {
      const JjStatsRow *row = g_ptr_array_index (rows, i);

      if (key_header != NULL)
        {
          csv_text (csv, row->key);
          g_string_append_c (csv, ',');
        }
      csv_figure (csv, row->label, row->count);
    }
}

static void
csv_evaluations (GString                  *csv,
                 const JjStatsEvaluations *evaluations)
{
  char average[G_ASCII_DTOSTR_BUF_SIZE] = "";

  g_string_append (csv, "\r\n");
  csv_line (csv, _("Ratings (好差评)"), NULL);
  if (!evaluations->captured)
    {
      csv_line (csv, _("None captured yet"), NULL);
      return;
    }
  csv_line (csv, _("Score"), _("Ratings"));
  for (guint i = 0; i < G_N_ELEMENTS (evaluations->by_score); i++)
    g_string_append_printf (csv, "%u,%" G_GINT64_FORMAT "\r\n", i + 1, evaluations->by_score[i]);
  if (evaluations->count > 0)
    g_ascii_formatd (average, sizeof average, "%.2f", evaluations->average);
  csv_line (csv, _("Average score"), average);
}

gboolean
jj_stats_write_csv (const JjStats  *stats,
                    GFile          *file,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr(GString) csv = g_string_new ("\xEF\xBB\xBF");
  char share[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (stats != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  csv_line (csv, _("Summary"), NULL);
  csv_line (csv, _("Figure"), _("Value"));
  csv_line (csv, _("First day"), stats->since != NULL ? stats->since : "");
  csv_line (csv, _("Last day"), stats->until != NULL ? stats->until : "");
  csv_figure (csv, _("Applications submitted"), stats->total);
  csv_figure (csv, _("Handled for the resident (帮代办)"), stats->assisted);
  g_ascii_formatd (share, sizeof share, "%.1f", stats->assisted_share * 100);
  g_strlcat (share, "%", sizeof share);
  csv_line (csv, _("Share handled for the resident"), share);
  csv_figure (csv, _("Completed, with a completion time"), stats->completed);
  csv_days (csv, _("Average days from submission to completion"), stats->completed,
            stats->completion_average);
  csv_days (csv, _("Median days from submission to completion"), stats->completed,
            stats->completion_median);

  csv_rows (csv, _("Applications by matter"), _("Code"), C_("column heading", "Matter"),
            stats->by_matter);
  csv_rows (csv, _("Applications by level"), NULL, _("Level"), stats->by_level);
  csv_rows (csv, _("Applications by month of submission"), NULL, _("Month"), stats->by_month);
  csv_rows (csv, _("Applications by state"), NULL, _("State"), stats->by_state);
  csv_rows (csv, _("Applications by who handled them"), NULL, _("Handled by"),
            stats->by_agent_kind);
  csv_evaluations (csv, &stats->evaluations);

  return g_file_replace_contents (file, csv->str, csv->len, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                  cancellable, error);
}
