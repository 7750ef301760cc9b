/* test-stats.c — statistics over a hand-made set of applications with known answers
 *
 * Ten applications written with SQL into a real store (with the bundled catalogue, so that
 * `jiujinctl stats` run on the same folder imports nothing), in Beijing time: the process runs
 * with TZ=CST-8 so that months and day bounds are China's whatever the machine's zone.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include <glib.h>

#include "jj-cards.h"
#include "jj-catalog.h"
#include "jj-matter.h"
#include "jj-stats.h"
#include "jj-store-private.h"
#include "jj-test-util.h"

#define DAY 86400
/* A completed application whose completion time the county never gave. */
#define NO_STATUS G_MININT64

typedef struct
{
  char      *tmp_dir;
  char      *data_dir;
  JjStore   *store;
  JjCatalog *catalog;
  char      *out;        /* of the last jiujinctl run */
  char      *err;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  const char *catalog_path = g_getenv ("JIUJIN_CATALOG");

  fixture->tmp_dir = jj_test_make_tmp_dir ("jiujin-test-stats-XXXXXX");
  fixture->data_dir = g_build_filename (fixture->tmp_dir, "data", NULL);
  fixture->store = jj_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  fixture->catalog = jj_catalog_new (fixture->store);
  g_assert_nonnull (catalog_path);
  jj_catalog_import_file (fixture->catalog, catalog_path, FALSE, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->catalog);
  g_clear_object (&fixture->store);
  g_assert_true (jj_test_remove_tree (fixture->tmp_dir));
  g_free (fixture->tmp_dir);
  g_free (fixture->data_dir);
  g_free (fixture->out);
  g_free (fixture->err);
}

/* Unix time of a Beijing wall-clock time. */
static gint64
beijing (int year,
         int month,
         int day,
         int hour,
         int minute,
         int second)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) when = g_date_time_new (zone, year, month, day, hour, minute, second);

  return g_date_time_to_unix (when);
}

/* Writes an application of the matters @codes (space-separated); @submitted_at 0 leaves a
 * draft unsubmitted; its status time is @completion_seconds after submission, or NULL for
 * NO_STATUS. */
static void
insert_application (Fixture    *fixture,
                    const char *state,
                    const char *codes,
                    const char *agent_kind,
                    gint64      submitted_at,
                    gint64      completion_seconds)
{
  sqlite3 *db = jj_store_get_db (fixture->store);
  g_auto(GStrv) matters = g_strsplit (codes, " ", -1);
  sqlite3_stmt *stmt = NULL;
  gint64 id;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO applications (state, title, agent_kind,"
                                       "  created_at, updated_at, submitted_at, status_at)"
                                       " VALUES (?1, 'test', ?2, 0, 0, ?3, ?4)",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, agent_kind, -1, SQLITE_STATIC);
  if (submitted_at != 0)
    sqlite3_bind_int64 (stmt, 3, submitted_at);
  if (completion_seconds != NO_STATUS)
    sqlite3_bind_int64 (stmt, 4, submitted_at + completion_seconds);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  id = sqlite3_last_insert_rowid (db);

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO application_matters"
                                       " (application_id, position, matter_id)"
                                       " SELECT ?1, ?2, id FROM matters WHERE code = ?3",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  for (guint i = 0; matters[i] != NULL; i++)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, matters[i], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      g_assert_cmpint (sqlite3_changes (db), ==, 1);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
}

/* The hand-made set. XZ-* are township matters, CJ-0001 a village one.
 *
 *  #   state      matters            by     submitted (Beijing)    completed after
 *  1   completed  XZ-0001            none   2026-01-05 09:00       1 day
 *  2   completed  XZ-0002            clerk  2026-01-31 23:59:59    4 days
 *  3   completed  CJ-0001            agent  2026-02-16 10:00       2 days
 *  4   accepted   CJ-0001            none   2026-04-01 07:00 (still 31 March in UTC)
 *  5   queued     XZ-0003 CJ-0001    clerk  2026-04-02 00:00:00
 *  6   returned   XZ-0001            none   2026-04-20 10:00
 *  7   rejected   XZ-0001            none   2026-04-30 23:59
 *  8   draft      XZ-0001            none   —
 *  9   completed  XZ-0003            clerk  2026-04-10 10:00       an hour before (county clock)
 *  10  completed  XZ-0002            none   2026-02-01 00:00:00    no time given
 */
static void
insert_dataset (Fixture *fixture)
{
  insert_application (fixture, "completed", "XZ-0001", "none", beijing (2026, 1, 5, 9, 0, 0), DAY);
  insert_application (fixture, "completed", "XZ-0002", "clerk",
                      beijing (2026, 1, 31, 23, 59, 59), 4 * DAY);
  insert_application (fixture, "completed", "CJ-0001", "agent", beijing (2026, 2, 16, 10, 0, 0),
                      2 * DAY);
  insert_application (fixture, "accepted", "CJ-0001", "none", beijing (2026, 4, 1, 7, 0, 0),
                      NO_STATUS);
  insert_application (fixture, "queued", "XZ-0003 CJ-0001", "clerk", beijing (2026, 4, 2, 0, 0, 0),
                      NO_STATUS);
  insert_application (fixture, "returned", "XZ-0001", "none", beijing (2026, 4, 20, 10, 0, 0),
                      NO_STATUS);
  insert_application (fixture, "rejected", "XZ-0001", "none", beijing (2026, 4, 30, 23, 59, 0),
                      NO_STATUS);
  insert_application (fixture, "draft", "XZ-0001", "none", 0, NO_STATUS);
  insert_application (fixture, "completed", "XZ-0003", "clerk", beijing (2026, 4, 10, 10, 0, 0),
                      -3600);
  insert_application (fixture, "completed", "XZ-0002", "none", beijing (2026, 2, 1, 0, 0, 0),
                      NO_STATUS);
}

/* "key=count key=count …" of @rows, to compare a table in one assertion. */
static char *
rows_string (GPtrArray *rows)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      const JjStatsRow *row = g_ptr_array_index (rows, i);

      g_string_append_printf (text, "%s%s=%" G_GINT64_FORMAT, i > 0 ? " " : "", row->key,
                              row->count);
    }
  return g_string_free (text, FALSE);
}

#define assert_rows(rows, expected)                    \
  G_STMT_START {                                       \
    g_autofree char *actual_ = rows_string (rows);     \
    g_assert_cmpstr (actual_, ==, expected);           \
  } G_STMT_END

static JjStats *
compute (Fixture    *fixture,
         const char *since,
         const char *until)
{
  g_autoptr(GDate) since_date = NULL;
  g_autoptr(GDate) until_date = NULL;
  g_autoptr(GError) error = NULL;
  JjStats *stats;

  if (since != NULL)
    g_assert_nonnull ((since_date = jj_cards_parse_date (since)));
  if (until != NULL)
    g_assert_nonnull ((until_date = jj_cards_parse_date (until)));
  stats = jj_stats_compute (fixture->store, since_date, until_date, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stats);
  return stats;
}

static void
test_figures (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(JjStats) stats = NULL;
  g_autoptr(JjMatter) village = NULL;
  g_autoptr(GError) error = NULL;

  insert_dataset (fixture);
  stats = compute (fixture, NULL, NULL);

  g_assert_null (stats->since);
  g_assert_null (stats->until);
  g_assert_cmpint (stats->total, ==, 9);
  assert_rows (stats->by_matter, "CJ-0001=3 XZ-0001=3 XZ-0002=2 XZ-0003=2");
  assert_rows (stats->by_level, "township=7 village=2");
  assert_rows (stats->by_month, "2026-01=2 2026-02=2 2026-03=0 2026-04=5");
  assert_rows (stats->by_state, "queued=1 sent=0 accepted=1 completed=5 returned=1 rejected=1");
  assert_rows (stats->by_agent_kind, "none=5 clerk=3 agent=1");
  g_assert_cmpint (stats->assisted, ==, 4);
  g_assert_cmpfloat_with_epsilon (stats->assisted_share, 4.0 / 9, 1e-12);

  /* 0 (clamped), 1, 2 and 4 days. */
  g_assert_cmpint (stats->completed, ==, 4);
  g_assert_cmpfloat (stats->completion_average, ==, 7.0 / 4 * DAY);
  g_assert_cmpfloat (stats->completion_median, ==, 1.5 * DAY);

  g_assert_false (stats->evaluations.captured);
  g_assert_cmpint (stats->evaluations.count, ==, 0);

  /* Labels: the catalogue's names, the translated levels and states. */
  village = jj_catalog_lookup (fixture->catalog, "CJ-0001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((JjStatsRow *) g_ptr_array_index (stats->by_matter, 0))->label, ==,
                   jj_matter_get_name (village));
  g_assert_cmpstr (((JjStatsRow *) g_ptr_array_index (stats->by_level, 1))->label, ==,
                   jj_level_get_label (JJ_LEVEL_VILLAGE));
  g_assert_cmpstr (((JjStatsRow *) g_ptr_array_index (stats->by_state, 2))->label, ==,
                   jj_application_state_get_label (JJ_APPLICATION_ACCEPTED));
  g_assert_cmpstr (((JjStatsRow *) g_ptr_array_index (stats->by_month, 0))->label, ==, "2026-01");
}

/* Both ends are whole local days: 1 February 00:00:00 and 1 April 07:00 in, 31 January
 * 23:59:59 and 2 April 00:00:00 out. */
static void
test_range (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(JjStats) stats = NULL;
  g_autoptr(JjStats) since_only = NULL;
  g_autoptr(JjStats) one_day = NULL;

  insert_dataset (fixture);
  stats = compute (fixture, "2026-02-01", "2026-04-01");

  g_assert_cmpstr (stats->since, ==, "2026-02-01");
  g_assert_cmpstr (stats->until, ==, "2026-04-01");
  g_assert_cmpint (stats->total, ==, 3);
  assert_rows (stats->by_matter, "CJ-0001=2 XZ-0002=1");
  assert_rows (stats->by_level, "township=1 village=2");
  assert_rows (stats->by_month, "2026-02=2 2026-03=0 2026-04=1");
  assert_rows (stats->by_state, "queued=0 sent=0 accepted=1 completed=2 returned=0 rejected=0");
  assert_rows (stats->by_agent_kind, "none=2 clerk=0 agent=1");
  g_assert_cmpint (stats->assisted, ==, 1);
  g_assert_cmpint (stats->completed, ==, 1);
  g_assert_cmpfloat (stats->completion_average, ==, 2.0 * DAY);
  g_assert_cmpfloat (stats->completion_median, ==, 2.0 * DAY);

  since_only = compute (fixture, "2026-04-02", NULL);
  g_assert_cmpint (since_only->total, ==, 4);
  g_assert_null (since_only->until);

  one_day = compute (fixture, "2026-01-31", "2026-01-31");
  g_assert_cmpint (one_day->total, ==, 1);
  assert_rows (one_day->by_agent_kind, "none=0 clerk=1 agent=0");
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(JjStats) stats = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *completion;

  insert_application (fixture, "draft", "XZ-0001", "clerk", 0, NO_STATUS);
  stats = compute (fixture, NULL, NULL);

  g_assert_cmpint (stats->total, ==, 0);
  g_assert_cmpuint (stats->by_matter->len, ==, 0);
  g_assert_cmpuint (stats->by_month->len, ==, 0);
  assert_rows (stats->by_level, "township=0 village=0");
  g_assert_cmpint (stats->assisted, ==, 0);
  g_assert_cmpfloat (stats->assisted_share, ==, 0);
  g_assert_cmpint (stats->completed, ==, 0);

  node = jj_stats_to_json (stats);
  completion = json_object_get_object_member (json_node_get_object (node), "completion");
  g_assert_true (json_object_get_null_member (completion, "average_seconds"));
  g_assert_true (json_object_get_null_member (completion, "median_seconds"));
}

static void
assert_json_rows (JsonObject *root,
                  const char *member,
                  GPtrArray  *rows)
{
  JsonArray *array = json_object_get_array_member (root, member);

  g_assert_nonnull (array);
  g_assert_cmpuint (json_array_get_length (array), ==, rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      const JjStatsRow *row = g_ptr_array_index (rows, i);
      JsonObject *object = json_array_get_object_element (array, i);

      g_assert_cmpstr (json_object_get_string_member (object, "key"), ==, row->key);
      g_assert_cmpstr (json_object_get_string_member (object, "label"), ==, row->label);
      g_assert_cmpint (json_object_get_int_member (object, "count"), ==, row->count);
    }
}

/* The members docs/statistics.md promises, with the figures of the struct. */
static void
assert_json (JsonNode *node,
             JjStats  *stats)
{
  JsonObject *root = json_node_get_object (node);
  JsonObject *completion = json_object_get_object_member (root, "completion");
  JsonObject *evaluations = json_object_get_object_member (root, "evaluations");
  JsonArray *scores;

  g_assert_nonnull (root);
  g_assert_cmpint (json_object_get_int_member (root, "total"), ==, stats->total);
  assert_json_rows (root, "by_matter", stats->by_matter);
  assert_json_rows (root, "by_level", stats->by_level);
  assert_json_rows (root, "by_month", stats->by_month);
  assert_json_rows (root, "by_state", stats->by_state);
  assert_json_rows (root, "by_agent_kind", stats->by_agent_kind);
  g_assert_cmpint (json_object_get_int_member (root, "assisted"), ==, stats->assisted);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "assisted_share"),
                                  stats->assisted_share, 1e-12);
  g_assert_cmpint (json_object_get_int_member (completion, "count"), ==, stats->completed);
  g_assert_false (json_object_get_boolean_member (evaluations, "captured"));
  g_assert_cmpint (json_object_get_int_member (evaluations, "count"), ==, 0);
  scores = json_object_get_array_member (evaluations, "by_score");
  g_assert_cmpuint (json_array_get_length (scores), ==, 5);
  g_assert_true (json_object_get_null_member (evaluations, "average"));
}

static void
test_json (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(JjStats) stats = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root, *completion;

  insert_dataset (fixture);
  stats = compute (fixture, "2026-01-01", NULL);
  node = jj_stats_to_json (stats);
  assert_json (node, stats);

  root = json_node_get_object (node);
  completion = json_object_get_object_member (root, "completion");
  g_assert_cmpstr (json_object_get_string_member (root, "since"), ==, "2026-01-01");
  g_assert_true (json_object_get_null_member (root, "until"));
  g_assert_cmpint (json_object_get_int_member (completion, "average_seconds"), ==, 151200);
  g_assert_cmpint (json_object_get_int_member (completion, "median_seconds"), ==, 129600);
}

static char *
read_csv (const char *path)
{
  g_autoptr(GBytes) bytes = jj_test_read_file (path);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  g_assert_true (g_utf8_validate (data, size, NULL));
  return g_strndup (data, size);
}

static void
test_csv (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autoptr(JjStats) stats = NULL;
  g_autofree char *path = g_build_filename (fixture->tmp_dir, "stats.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *expected_matter = NULL;
  g_auto(GStrv) lines = NULL;

  insert_dataset (fixture);
  /* Names a spreadsheet could misread: a comma, a quote, a formula. */
  g_assert_cmpint (sqlite3_exec (jj_store_get_db (fixture->store),
                                 "UPDATE matters SET name = '=HYPERLINK(\"x\")' WHERE code = 'XZ-0001';"
                                 "UPDATE matters SET name = '居住证明,\"村\"' WHERE code = 'CJ-0001'",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  stats = compute (fixture, NULL, "2026-12-31");
  g_assert_true (jj_stats_write_csv (stats, file, NULL, &error));
  g_assert_no_error (error);

  csv = read_csv (path);
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF" "Summary\r\n"));
  /* Every line ends with CRLF, none with a bare LF. */
  g_assert_true (g_str_has_suffix (csv, "\r\n"));
  lines = g_strsplit (csv, "\n", -1);
  for (guint i = 0; lines[i + 1] != NULL; i++)
    g_assert_true (g_str_has_suffix (lines[i], "\r"));

  g_assert_nonnull (strstr (csv, "\r\nFirst day,\r\nLast day,2026-12-31\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nApplications submitted,9\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nHandled for the resident (帮代办),4\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nShare handled for the resident,44.4%\r\n"));
  g_assert_nonnull (strstr (csv, "\r\n\"Completed, with a completion time\",4\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nAverage days from submission to completion,1.8\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nMedian days from submission to completion,1.5\r\n"));

  g_assert_nonnull (strstr (csv, "\r\n\r\nApplications by matter\r\nCode,Matter,Applications\r\n"
                                 "CJ-0001,\"居住证明,\"\"村\"\"\",3\r\n"
                                 "XZ-0001,\"'=HYPERLINK(\"\"x\"\")\",3\r\n"));
  expected_matter = g_strdup_printf ("\r\n\r\nApplications by level\r\nLevel,Applications\r\n"
                                     "%s,7\r\n%s,2\r\n", jj_level_get_label (JJ_LEVEL_TOWNSHIP),
                                     jj_level_get_label (JJ_LEVEL_VILLAGE));
  g_assert_nonnull (strstr (csv, expected_matter));
  g_assert_nonnull (strstr (csv, "\r\n\r\nApplications by month of submission\r\n"
                                 "Month,Applications\r\n2026-01,2\r\n2026-02,2\r\n2026-03,0\r\n"
                                 "2026-04,5\r\n"));
  g_assert_nonnull (strstr (csv, "\r\n\r\nApplications by state\r\nState,Applications\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nHandled by an agent (代办),1\r\n"));
  g_assert_true (g_str_has_suffix (csv, "\r\n\r\nRatings (好差评)\r\nNone captured yet\r\n"));
}

/* The ratings section once the terminal records them (the struct is filled by hand). */
static void
test_csv_ratings (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(JjStats) stats = compute (fixture, NULL, NULL);
  g_autofree char *path = g_build_filename (fixture->tmp_dir, "ratings.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *evaluations;

  stats->evaluations = (JjStatsEvaluations) { TRUE, 4, { 0, 0, 1, 1, 2 }, 4.25 };
  g_assert_true (jj_stats_write_csv (stats, file, NULL, &error));
  g_assert_no_error (error);
  csv = read_csv (path);
  g_assert_true (g_str_has_suffix (csv, "\r\n\r\nRatings (好差评)\r\nScore,Ratings\r\n1,0\r\n2,0\r\n"
                                        "3,1\r\n4,1\r\n5,2\r\nAverage score,4.25\r\n"));

  node = jj_stats_to_json (stats);
  evaluations = json_object_get_object_member (json_node_get_object (node), "evaluations");
  g_assert_true (json_object_get_boolean_member (evaluations, "captured"));
  g_assert_cmpint (json_object_get_int_member (evaluations, "count"), ==, 4);
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (evaluations,
                                                                             "by_score"), 4),
                   ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (evaluations, "average"), ==, 4.25);
}

static void
test_csv_unwritable (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(JjStats) stats = compute (fixture, NULL, NULL);
  g_autofree char *path = g_build_filename (fixture->tmp_dir, "no-such-folder", "stats.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_false (jj_stats_write_csv (stats, file, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
compute_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  JjStats **stats = user_data;
  g_autoptr(GError) error = NULL;

  *stats = jj_stats_compute_finish (JJ_STORE (source), result, &error);
  g_assert_no_error (error);
}

static void
test_async (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(JjStats) stats = NULL;
  g_autoptr(GDate) since = g_date_new_dmy (1, G_DATE_FEBRUARY, 2026);

  insert_dataset (fixture);
  jj_stats_compute_async (fixture->store, since, NULL, NULL, compute_done, &stats);
  while (stats == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (stats->total, ==, 7);
}

/* --- jiujinctl stats -------------------------------------------------------------------- */

/* Runs jiujinctl on the fixture's data folder with the NULL-terminated arguments; keeps its
 * output in the fixture and returns its exit status. */
static int
run_jiujinctl (Fixture *fixture,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "JIUJIN_DATA_DIR", fixture->data_dir,
                                         TRUE);
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("JIUJINCTL"));
  va_start (args, fixture);
  for (const char *arg; (arg = va_arg (args, const char *)) != NULL;)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_clear_pointer (&fixture->out, g_free);
  g_clear_pointer (&fixture->err, g_free);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &fixture->out,
                &fixture->err, &wait_status, &error);
  g_assert_no_error (error);
  g_test_message ("stdout:\n%s\nstderr:\n%s", fixture->out, fixture->err);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

static gboolean
skip_without_jiujinctl (void)
{
  if (g_getenv ("JIUJINCTL") != NULL)
    return FALSE;
  g_test_skip ("JIUJINCTL is not set");
  return TRUE;
}

static void
test_jiujinctl_json (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(JjStats) stats = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  if (skip_without_jiujinctl ())
    return;
  insert_dataset (fixture);
  stats = compute (fixture, "2026-02-01", "2026-04-01");

  g_assert_cmpint (run_jiujinctl (fixture, "stats", "--json", "--since", "2026-02-01", "--until",
                                  "2026-04-01", NULL),
                   ==, 0);
  g_assert_cmpstr (fixture->err, ==, "");
  json_parser_load_from_data (parser, fixture->out, -1, &error);
  g_assert_no_error (error);
  assert_json (json_parser_get_root (parser), stats);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "total"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (root, "until"), ==, "2026-04-01");
}

static void
test_jiujinctl_text_and_csv (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->tmp_dir, "out.csv", NULL);
  g_autofree char *csv = NULL;

  if (skip_without_jiujinctl ())
    return;
  insert_dataset (fixture);

  g_assert_cmpint (run_jiujinctl (fixture, "stats", NULL), ==, 0);
  g_assert_nonnull (strstr (fixture->out, "Applications submitted: 9\n"));
  g_assert_nonnull (strstr (fixture->out, "Handled for the resident (帮代办): 4 (44.4%)\n"));
  g_assert_nonnull (strstr (fixture->out, "Median days from submission to completion: 1.5\n"));
  g_assert_nonnull (strstr (fixture->out,
                            "\nApplications by month of submission\n  2026-01\t2\n"));

  /* With --csv alone, the file and nothing on stdout. */
  g_assert_cmpint (run_jiujinctl (fixture, "stats", "--csv", path, NULL), ==, 0);
  g_assert_cmpstr (fixture->out, ==, "");
  csv = read_csv (path);
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF"));
  g_assert_nonnull (strstr (csv, "\r\nApplications submitted,9\r\n"));
}

static void
test_jiujinctl_usage (Fixture       *fixture,
                      gconstpointer  user_data)
{
  const char * const bad_dates[] = { "2026-2-1", "yesterday", "2026-02-30" };
  g_autofree char *unwritable = g_build_filename (fixture->tmp_dir, "missing", "out.csv", NULL);

  if (skip_without_jiujinctl ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (bad_dates); i++)
    {
      g_assert_cmpint (run_jiujinctl (fixture, "stats", "--since", bad_dates[i], NULL), ==, 2);
      g_assert_nonnull (strstr (fixture->err, "YYYY-MM-DD"));
    }
  g_assert_cmpint (run_jiujinctl (fixture, "stats", "--since", "2026-05-01", "--until",
                                  "2026-04-30", NULL),
                   ==, 2);
  g_assert_cmpint (run_jiujinctl (fixture, "stats", "extra", NULL), ==, 2);
  g_assert_cmpint (run_jiujinctl (fixture, "stats", "--csv", unwritable, NULL), ==, 1);
  g_assert_nonnull (strstr (fixture->err, unwritable));
}

/* A returned application the clerk has reopened for correction is a draft again, but it was
 * submitted: it still counts, as returned, until its next revision goes out. */
static void
test_correction_counted_as_returned (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  g_autoptr(JjStats) stats = NULL;

  insert_application (fixture, "returned", "XZ-0001", "none", beijing (2026, 4, 20, 10, 0, 0),
                      NO_STATUS);
  insert_application (fixture, "draft", "XZ-0002", "clerk", beijing (2026, 4, 21, 10, 0, 0),
                      NO_STATUS);
  insert_application (fixture, "draft", "XZ-0001", "none", 0, NO_STATUS);
  stats = compute (fixture, NULL, NULL);

  g_assert_cmpint (stats->total, ==, 2);
  assert_rows (stats->by_state, "queued=0 sent=0 accepted=0 completed=0 returned=2 rejected=0");
  assert_rows (stats->by_matter, "XZ-0001=1 XZ-0002=1");
  assert_rows (stats->by_agent_kind, "none=1 clerk=1 agent=0");
}

int
main (int argc, char *argv[])
{
  /* China's zone without tzdata: months and day bounds are Beijing's in this process and in
   * the jiujinctl it starts. */
  g_setenv ("TZ", "CST-8", TRUE);
  tzset ();
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/stats/figures/hand-made-dataset", Fixture, NULL, fixture_set_up, test_figures,
              fixture_tear_down);
  g_test_add ("/stats/figures/correction-counted-as-returned", Fixture, NULL, fixture_set_up,
              test_correction_counted_as_returned, fixture_tear_down);
  g_test_add ("/stats/range/whole-local-days-both-ends", Fixture, NULL, fixture_set_up,
              test_range, fixture_tear_down);
  g_test_add ("/stats/figures/no-applications-drafts-ignored", Fixture, NULL, fixture_set_up,
              test_empty, fixture_tear_down);
  g_test_add ("/stats/json/members-and-seconds", Fixture, NULL, fixture_set_up, test_json,
              fixture_tear_down);
  g_test_add ("/stats/csv/bom-crlf-sections-quoting", Fixture, NULL, fixture_set_up, test_csv,
              fixture_tear_down);
  g_test_add ("/stats/csv/ratings-once-captured", Fixture, NULL, fixture_set_up, test_csv_ratings,
              fixture_tear_down);
  g_test_add ("/stats/csv/unwritable-is-an-error", Fixture, NULL, fixture_set_up,
              test_csv_unwritable, fixture_tear_down);
  g_test_add ("/stats/async/same-figures-in-a-thread", Fixture, NULL, fixture_set_up, test_async,
              fixture_tear_down);
  g_test_add ("/stats/jiujinctl/json-equals-core", Fixture, NULL, fixture_set_up,
              test_jiujinctl_json, fixture_tear_down);
  g_test_add ("/stats/jiujinctl/text-and-csv", Fixture, NULL, fixture_set_up,
              test_jiujinctl_text_and_csv, fixture_tear_down);
  g_test_add ("/stats/jiujinctl/usage-errors", Fixture, NULL, fixture_set_up,
              test_jiujinctl_usage, fixture_tear_down);

  return g_test_run ();
}
