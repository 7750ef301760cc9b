/* test-sync.c — the sync engine against a real jiujin-county on loopback
 *
 * Every test starts the reference server (tests/jj-test-county.h) over TLS with the test CA,
 * and a terminal with a real database in a fresh temporary folder (tests/data/catalog-small.json
 * imported, applications of XZ-0002 queued through a ledger import). Faults come from the
 * server's own `admin fault` facility: real 500s, 503s with Retry-After, garbage, truncated
 * bodies, stalls and connection resets — no HTTP is mocked.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "jj-catalog.h"
#include "jj-enrollment.h"
#include "jj-intake.h"
#include "jj-outbox.h"
#include "jj-store-private.h"
#include "jj-sync-engine.h"
#include "jj-test-county.h"
#include "jj-test-submit.h"
#include "jj-test-util.h"

#define SERVICE_POINT "白石村便民服务站"
#define RETURN_REASON "户口簿复印件不清晰，请重新提交。"
/* Long enough for a loaded machine under ASan, short enough for a test. */
#define WAIT_US       (40 * G_USEC_PER_SEC)

typedef struct
{
  char         *tmp_dir;
  char         *data_dir;
  JjTestCounty *county;
  JjStore      *store;
  JjCatalog    *catalog;
  JjIntake     *intake;
  JjSyncEngine *engine;
  GPtrArray    *events;      /* what the engine's signals said, as short strings */
  guint         applicants;  /* the next applicant's number */
} Fixture;

static void
record_entry (JjSyncEngine *engine,
              gint64        application_id,
              const char   *receipt_number,
              const char   *state,
              const char   *detail,
              Fixture      *fixture)
{
  g_ptr_array_add (fixture->events, g_strdup_printf ("%s %s %s", state, receipt_number, detail));
}

static void
record_status (JjSyncEngine *engine,
               gint64        application_id,
               const char   *state,
               const char   *reason,
               const char   *title,
               const char   *case_number,
               Fixture      *fixture)
{
  g_ptr_array_add (fixture->events, g_strdup_printf ("status %s %s %s", case_number, state,
                                                     reason != NULL ? reason : "-"));
}

static void
record_catalog (JjSyncEngine *engine,
                const char   *version,
                Fixture      *fixture)
{
  g_ptr_array_add (fixture->events, g_strdup_printf ("catalog %s", version));
}

static void
record_cycle (JjSyncEngine *engine,
              gboolean      ok,
              Fixture      *fixture)
{
  g_ptr_array_add (fixture->events, g_strdup (ok ? "cycle ok" : "cycle failed"));
}

static JjSyncEngine *
new_engine (Fixture *fixture)
{
  JjSyncEngine *engine = jj_sync_engine_new (fixture->store, fixture->data_dir);

  g_signal_connect (engine, "entry-finished", G_CALLBACK (record_entry), fixture);
  g_signal_connect (engine, "status-changed", G_CALLBACK (record_status), fixture);
  g_signal_connect (engine, "catalog-updated", G_CALLBACK (record_catalog), fixture);
  g_signal_connect (engine, "cycle-finished", G_CALLBACK (record_cycle), fixture);
  return engine;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *catalog_path = g_test_build_filename (G_TEST_DIST, "data", "catalog-small.json",
                                                         NULL);
  g_autoptr(GError) error = NULL;

  fixture->tmp_dir = jj_test_make_tmp_dir ("jiujin-test-sync-XXXXXX");
  fixture->data_dir = g_build_filename (fixture->tmp_dir, "terminal", NULL);
  fixture->county = jj_test_county_start (NULL);
  fixture->store = jj_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  fixture->catalog = jj_catalog_new (fixture->store);
  g_assert_true (jj_catalog_import_file (fixture->catalog, catalog_path, FALSE, NULL, &error));
  g_assert_no_error (error);
  fixture->intake = jj_intake_new (fixture->catalog, NULL, &error);
  g_assert_no_error (error);
  fixture->events = g_ptr_array_new_with_free_func (g_free);
  fixture->engine = new_engine (fixture);
  fixture->applicants = 1;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_signal_handlers_disconnect_by_data (fixture->engine, fixture);
  g_clear_object (&fixture->engine);
  g_clear_object (&fixture->intake);
  g_clear_object (&fixture->catalog);
  g_clear_object (&fixture->store);
  jj_test_county_stop (fixture->county);
  g_ptr_array_unref (fixture->events);
  g_assert_true (jj_test_remove_tree (fixture->tmp_dir));
  g_free (fixture->tmp_dir);
  g_free (fixture->data_dir);
}

/* --- helpers ---------------------------------------------------------------------------- */

static JjEnrollment *
try_enroll (Fixture     *fixture,
            const char  *url,
            const char  *code,
            const char  *ca_file,
            GError     **error)
{
  return jj_enrollment_enroll (fixture->store, fixture->data_dir, url, code, ca_file, NULL, NULL,
                               error);
}

static void
enroll (Fixture *fixture)
{
  g_autofree char *code = jj_test_county_issue_code (fixture->county, SERVICE_POINT);
  g_autoptr(GError) error = NULL;
  g_autoptr(JjEnrollment) enrollment = try_enroll (fixture,
                                                   jj_test_county_get_base_url (fixture->county),
                                                   code, jj_test_county_get_ca_file (), &error);

  g_assert_no_error (error);
  g_assert_nonnull (enrollment);
}

static void
queue (Fixture            *fixture,
       guint               n,
       const char * const *sha256s)
{
  jj_test_queue (fixture->intake, fixture->tmp_dir, n, "XZ-0002", "{}", sha256s,
                 fixture->applicants);
  fixture->applicants += n;
}

static void
run_ok (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (jj_sync_engine_run_once (fixture->engine, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (jj_sync_engine_get_state (fixture->engine), ==, JJ_SYNC_STATE_ONLINE);
}

static GError *
run_fails (Fixture *fixture)
{
  GError *error = NULL;

  g_assert_false (jj_sync_engine_run_once (fixture->engine, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("cycle failed: %s", error->message);
  return error;
}

static gint64
query_int (Fixture    *fixture,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (jj_store_get_db (fixture->store), sql, -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
query_text (Fixture    *fixture,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (jj_store_get_db (fixture->store), sql, -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static void
exec_sql (Fixture    *fixture,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (jj_store_get_db (fixture->store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* The county's cases of this test, as `jiujin-county admin cases --json` lists them. */
static JsonArray *
county_cases (Fixture *fixture)
{
  g_autofree char *out = jj_test_county_admin (fixture->county, "cases", "--json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = json_from_string (out, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_array_ref (json_node_get_array (root));
}

static guint
n_county_cases (Fixture *fixture)
{
  g_autoptr(JsonArray) cases = county_cases (fixture);

  return json_array_get_length (cases);
}

/* One fault for the next matching request; @option may be NULL. */
static void
add_fault (Fixture    *fixture,
           const char *route,
           const char *kind,
           const char *option,
           const char *value)
{
  g_free (jj_test_county_admin (fixture->county, "fault", "add", "--route", route, "--kind", kind,
                                "--count", "1", option, value, NULL));
}

static gboolean
has_event (Fixture    *fixture,
           const char *prefix)
{
  for (guint i = 0; i < fixture->events->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (fixture->events, i), prefix))
      return TRUE;
  return FALSE;
}

/* Iterates the main context until @done says so, or fails the test after WAIT_US. */
static void
wait_for (gboolean (*done) (Fixture *fixture),
          Fixture   *fixture)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_US;

  while (!done (fixture))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* --- enrollment ------------------------------------------------------------------------- */

/* A wrong code and a reused one are refused with what to do; only the good one writes the
 * enrollment, 0600, and makes the county's terminal code the receipt prefix. */
static void
test_enroll_wrong_and_reused_code (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autofree char *code = jj_test_county_issue_code (fixture->county, SERVICE_POINT);
  g_autofree char *path = g_build_filename (fixture->data_dir, "enrollment.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *terminal_code = NULL;
  g_autoptr(JjEnrollment) enrollment = NULL;
  g_autoptr(JjEnrollment) loaded = NULL;
  g_autoptr(GError) error = NULL;
  const char *url = jj_test_county_get_base_url (fixture->county);
  const char *ca = jj_test_county_get_ca_file ();
  GStatBuf st;

  enrollment = try_enroll (fixture, url, "ZZZZ-ZZZZ-ZZZZ", ca, &error);
  g_assert_null (enrollment);
  g_assert_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "does not know the enrollment code"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  enrollment = try_enroll (fixture, url, code, ca, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (enrollment->service_point, ==, SERVICE_POINT);
  g_assert_true (g_str_has_prefix (enrollment->base_url, "https://127.0.0.1:"));
  g_assert_no_errno (g_stat (path, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  terminal_code = jj_intake_dup_terminal_code (fixture->intake);
  g_assert_cmpstr (terminal_code, ==, enrollment->terminal_code);

  loaded = jj_enrollment_load (fixture->data_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->token, ==, enrollment->token);
  g_assert_cmpstr (loaded->terminal_id, ==, enrollment->terminal_id);
  g_assert_nonnull (loaded->ca_file);
  g_assert_true (g_str_has_prefix (loaded->ca_file, fixture->data_dir));
  g_clear_pointer (&enrollment, jj_enrollment_free);

  /* Spent: the county says so, and the enrollment on disk stays as it was. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  enrollment = try_enroll (fixture, url, code, ca, &error);
  g_assert_null (enrollment);
  g_assert_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "used already"));
  {
    g_autofree char *after = NULL;

    g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
    g_assert_cmpstr (after, ==, contents);
  }
}

/* A certificate authority of its own, which signed nothing the county shows. */
static char *
make_other_ca (Fixture *fixture)
{
  g_autofree char *key = g_build_filename (fixture->tmp_dir, "other-ca.key", NULL);
  char *pem = g_build_filename (fixture->tmp_dir, "other-ca.pem", NULL);
  const char *argv[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                         "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", pem,
                         "-days", "2", "-subj", "/CN=Another CA", NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return pem;
}

/* http:// is refused before anything is sent, and a certificate the trusted CA did not sign is
 * an error with no way around it, whether the system's CAs or another CA file are trusted. */
static void
test_enroll_http_and_wrong_ca_refused (Fixture       *fixture,
                                       gconstpointer  user_data)
{
  g_autofree char *other_ca = make_other_ca (fixture);
  g_autofree char *code = jj_test_county_issue_code (fixture->county, SERVICE_POINT);
  g_autofree char *http = g_strdup_printf ("http://127.0.0.1:%u/",
                                           jj_test_county_get_port (fixture->county));
  g_autofree char *path = g_build_filename (fixture->data_dir, "enrollment.json", NULL);
  g_autoptr(JjEnrollment) enrollment = NULL;
  g_autoptr(GError) error = NULL;
  const char *url = jj_test_county_get_base_url (fixture->county);

  enrollment = try_enroll (fixture, http, code, jj_test_county_get_ca_file (), &error);
  g_assert_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "https://"));
  g_clear_error (&error);

  enrollment = try_enroll (fixture, url, code, NULL, &error);
  g_assert_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_OFFLINE);
  g_assert_nonnull (strstr (error->message, "certificate could not be verified"));
  g_clear_error (&error);

  enrollment = try_enroll (fixture, url, code, other_ca, &error);
  g_assert_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_OFFLINE);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* The code was never spent: the right CA enrolls with it. */
  enrollment = try_enroll (fixture, url, code, jj_test_county_get_ca_file (), &error);
  g_assert_no_error (error);
  g_assert_nonnull (enrollment);
}

/* --- delivery --------------------------------------------------------------------------- */

/* Queued with the county down: the cycle fails OFFLINE and nothing is lost. With the county
 * up, each submission lands once with its scan, the case numbers come back, and then the
 * county's verdicts, with reasons. */
static void
test_offline_then_delivered_once_with_statuses (Fixture       *fixture,
                                                gconstpointer  user_data)
{
  g_autofree char *scan = jj_test_add_scan (fixture->store, fixture->tmp_dir, 300 * 1024, 7);
  const char *scans[] = { scan, NULL };
  g_autofree char *blob = NULL;
  g_autofree char *case_number = NULL;
  g_autofree char *returned_case = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *blob_sha = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(JsonArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  enroll (fixture);
  queue (fixture, 3, scans);
  g_assert_cmpuint (jj_sync_engine_get_pending (fixture->engine), ==, 0);

  jj_test_county_kill (fixture->county);
  error = run_fails (fixture);
  g_assert_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_OFFLINE);
  g_assert_cmpint (jj_sync_engine_get_state (fixture->engine), ==, JJ_SYNC_STATE_OFFLINE);
  g_assert_nonnull (jj_sync_engine_get_last_error (fixture->engine));
  g_assert_cmpuint (jj_sync_engine_get_pending (fixture->engine), ==, 3);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox WHERE state = 'pending'"), ==, 3);
  g_assert_cmpint (jj_sync_engine_get_last_sync (fixture->engine), ==, 0);
  g_clear_error (&error);

  jj_test_county_restart (fixture->county);
  run_ok (fixture);
  g_assert_cmpuint (jj_sync_engine_get_pending (fixture->engine), ==, 0);
  g_assert_cmpint (jj_sync_engine_get_last_sync (fixture->engine), >, 0);
  g_assert_cmpfloat (jj_sync_engine_get_progress (fixture->engine), ==, -1.0);
  g_assert_null (jj_sync_engine_get_last_error (fixture->engine));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox WHERE state = 'delivered'"
                                       " AND response IS NOT NULL"), ==, 3);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM applications WHERE state = 'sent'"
                                       " AND case_number IS NOT NULL AND receipt_number IS NOT NULL"),
                   ==, 3);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM attachment_uploads"
                                       " WHERE completed_at IS NOT NULL"), ==, 1);
  g_assert_true (has_event (fixture, "delivered "));

  /* Exactly once on the county's side, with the scan byte for byte. */
  cases = county_cases (fixture);
  g_assert_cmpuint (json_array_get_length (cases), ==, 3);
  blob = g_build_filename (jj_test_county_get_data_dir (fixture->county), "storage", "blobs", scan,
                           NULL);
  g_assert_true (g_file_get_contents (blob, &contents, &length, NULL));
  blob_sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  g_assert_cmpstr (blob_sha, ==, scan);

  /* A second cycle sends nothing again. */
  run_ok (fixture);
  g_assert_cmpuint (n_county_cases (fixture), ==, 3);

  case_number = query_text (fixture, "SELECT case_number FROM applications ORDER BY id LIMIT 1");
  returned_case = query_text (fixture,
                              "SELECT case_number FROM applications ORDER BY id LIMIT 1 OFFSET 1");
  g_free (jj_test_county_admin (fixture->county, "case", "accept", case_number, NULL));
  g_free (jj_test_county_admin (fixture->county, "case", "return", returned_case, "--reason",
                                RETURN_REASON, NULL));
  g_ptr_array_set_size (fixture->events, 0);
  run_ok (fixture);

  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM applications WHERE state = 'accepted'"
                                       " AND status_at > 0 AND status_reason IS NULL"), ==, 1);
  reason = query_text (fixture, "SELECT status_reason FROM applications WHERE state = 'returned'");
  g_assert_cmpstr (reason, ==, RETURN_REASON);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM status_events"), ==, 2);
  g_assert_true (has_event (fixture, "status "));
  {
    g_autofree char *expected = g_strdup_printf ("status %s returned %s", returned_case,
                                                 RETURN_REASON);
    g_assert_true (has_event (fixture, expected));
  }
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM meta WHERE key = 'county_status_cursor'"
                                       " AND value != ''"), ==, 1);

  /* The feed goes on from its cursor: nothing is applied twice. */
  run_ok (fixture);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM status_events"), ==, 2);
}

/* The answer to a delivered batch is lost (a crash before it was stored): the entry goes out
 * again with the same key and body, the county replays its first answer, and there is still
 * one case. */
static void
test_replay_after_lost_answer (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *response = NULL;

  enroll (fixture);
  queue (fixture, 1, NULL);
  run_ok (fixture);
  first = query_text (fixture, "SELECT case_number FROM applications");

  exec_sql (fixture, "UPDATE outbox SET state = 'sending', delivered_at = NULL, response = NULL;"
                     "UPDATE applications SET state = 'queued', case_number = NULL;");
  run_ok (fixture);
  second = query_text (fixture, "SELECT case_number FROM applications");
  g_assert_cmpstr (second, ==, first);
  response = query_text (fixture, "SELECT response FROM outbox");
  g_assert_nonnull (strstr (response, "\"replayed\":true"));
  g_assert_cmpuint (n_county_cases (fixture), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT attempts FROM outbox"), ==, 2);
}

static JsonObject *parse_object (const char *text);

/* Runs `jiujinctl enroll` with a new code (and @option, may be NULL); returns its stdout. */
static char *
run_jiujinctl_enroll (Fixture    *fixture,
                      const char *option)
{
  g_autofree char *code = jj_test_county_issue_code (fixture->county, SERVICE_POINT);
  char *out = NULL;

  g_assert_cmpint (jj_test_run_jiujinctl (fixture->data_dir, &out, "enroll",
                                          jj_test_county_get_base_url (fixture->county), code,
                                          "--ca-file", jj_test_county_get_ca_file (), option,
                                          NULL), ==, 0);
  return out;
}

/* Two applications reached the county but their answers were lost (a crash between sending
 * and storing: `sending` again). The terminal is then enrolled again under a new identity,
 * whose keys the county looks up apart from the old ones (sections 6 and 7). Sending them again
 * would store each case twice; they are parked with why — `jiujinctl enroll` says which — and
 * an application queued after the new enrollment is delivered as usual. */
static void
test_reenrolled_terminal_parks_uncertain_entries (Fixture       *fixture,
                                                  gconstpointer  user_data)
{
  g_autoptr(JjEnrollment) before = NULL;
  g_autoptr(JjEnrollment) after = NULL;
  g_autoptr(JjEnrollment) again = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(GPtrArray) parked = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *out = NULL;
  g_autofree char *receipts = NULL;
  g_autofree char *line = NULL;
  JsonArray *array;

  enroll (fixture);
  queue (fixture, 2, NULL);
  run_ok (fixture);
  g_assert_cmpuint (n_county_cases (fixture), ==, 2);
  exec_sql (fixture, "UPDATE outbox SET state = 'sending', delivered_at = NULL, response = NULL;"
                     "UPDATE applications SET state = 'queued', case_number = NULL;");
  receipts = query_text (fixture, "SELECT group_concat (receipt_number, ', ') FROM"
                                  " (SELECT a.receipt_number FROM outbox o JOIN applications a"
                                  "  ON a.id = o.application_id ORDER BY o.id)");

  before = jj_enrollment_load (fixture->data_dir, NULL);
  g_free (jj_test_county_admin (fixture->county, "revoke", before->terminal_id, NULL));
  out = run_jiujinctl_enroll (fixture, NULL);
  g_test_message ("jiujinctl enroll: %s", out);
  line = g_strdup_printf ("2 applications sent without an answer are held for township review: "
                          "%s\n", receipts);
  g_assert_true (g_str_has_suffix (out, line));
  after = jj_enrollment_load (fixture->data_dir, NULL);
  g_assert_cmpstr (after->terminal_id, !=, before->terminal_id);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox WHERE state = 'parked'"),
                   ==, 2);

  /* --json lists them; enrolling when nothing is uncertain parks nothing. */
  exec_sql (fixture, "UPDATE outbox SET state = 'sending'");
  g_clear_pointer (&out, g_free);
  out = run_jiujinctl_enroll (fixture, "--json");
  report = parse_object (out);
  array = json_object_get_array_member (report, "parked");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_nonnull (strstr (receipts,
                            json_object_get_string_member (json_array_get_object_element (array, 1),
                                                           "receipt_number")));
  code = jj_test_county_issue_code (fixture->county, SERVICE_POINT);
  again = jj_enrollment_enroll (fixture->store, fixture->data_dir,
                                jj_test_county_get_base_url (fixture->county), code,
                                jj_test_county_get_ca_file (), &parked, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_assert_cmpuint (parked->len, ==, 0);

  queue (fixture, 1, NULL);
  run_ok (fixture);
  g_assert_cmpuint (n_county_cases (fixture), ==, 3);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox WHERE state = 'delivered'"),
                   ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox WHERE state = 'parked'"),
                   ==, 2);
  reason = query_text (fixture, "SELECT last_error FROM outbox WHERE state = 'parked' LIMIT 1");
  g_test_message ("parked because: %s", reason);
  g_assert_nonnull (strstr (reason, "enrolled again"));
}

/* --- faults ----------------------------------------------------------------------------- */

typedef struct
{
  const char *route;
  const char *kind;
  const char *option;
  const char *value;
  int         expected;   /* JjSyncError */
} Fault;

static const Fault faults[] = {
  { "/v1/submissions", "status", "--status", "500", JJ_SYNC_ERROR_UNAVAILABLE },
  { "/v1/submissions", "status", "--status", "502", JJ_SYNC_ERROR_UNAVAILABLE },
  { "/v1/submissions", "garbage", NULL, NULL, JJ_SYNC_ERROR_PROTOCOL },
  { "/v1/submissions", "truncate", NULL, NULL, -1 },
  { "/v1/submissions", "reset", NULL, NULL, JJ_SYNC_ERROR_OFFLINE },
  { "/v1/statuses", "garbage", NULL, NULL, JJ_SYNC_ERROR_PROTOCOL },
  { "/v1/", "reset", NULL, NULL, JJ_SYNC_ERROR_OFFLINE },
};

/* Each transient failure stops the cycle with the matching error, loses nothing and
 * duplicates nothing: the next cycle delivers every entry once. */
static void
test_transient_fault_then_delivered (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  const Fault *fault = user_data;
  g_autoptr(GError) error = NULL;

  enroll (fixture);
  queue (fixture, 4, NULL);
  add_fault (fixture, fault->route, fault->kind, fault->option, fault->value);

  error = run_fails (fixture);
  if (fault->expected >= 0)
    g_assert_error (error, JJ_SYNC_ERROR, fault->expected);
  else
    g_assert_true (g_error_matches (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_PROTOCOL) ||
                   g_error_matches (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_OFFLINE));
  g_assert_cmpint (jj_sync_engine_get_state (fixture->engine), ==, JJ_SYNC_STATE_OFFLINE);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox WHERE state = 'parked'"), ==, 0);
  if (g_str_equal (fault->route, "/v1/submissions"))
    g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox WHERE state = 'pending'"
                                         " AND attempts = 1 AND last_error IS NOT NULL"), ==, 4);

  run_ok (fixture);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox WHERE state = 'delivered'"), ==, 4);
  g_assert_cmpuint (n_county_cases (fixture), ==, 4);
}

/* 503 and 429 with Retry-After: the terminal does not come back before the county said, not
 * even when asked to sync now, and delivers afterwards. */
static void
test_retry_after_respected (Fixture       *fixture,
                            gconstpointer  user_data)
{
  const char *status = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *log_before = NULL;
  g_autofree char *log_after = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 until;

  enroll (fixture);
  queue (fixture, 2, NULL);
  g_free (jj_test_county_admin (fixture->county, "fault", "add", "--route", "/v1/submissions",
                                "--kind", "status", "--status", status, "--retry-after", "120",
                                "--count", "1", NULL));

  error = run_fails (fixture);
  g_assert_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  until = query_int (fixture, "SELECT CAST (value AS INTEGER) FROM meta"
                              " WHERE key = 'county_retry_until'");
  g_assert_cmpint (until, >=, now + 119);
  g_assert_cmpint (until, <=, now + 125);
  g_assert_cmpint (query_int (fixture, "SELECT min (next_attempt_at) FROM outbox"), >=, until);

  /* Not one request before the time has come. */
  g_assert_true (g_file_get_contents (jj_test_county_get_log_path (fixture->county), &log_before,
                                      NULL, NULL));
  error = run_fails (fixture);
  g_assert_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "not to be contacted before"));
  g_assert_true (g_file_get_contents (jj_test_county_get_log_path (fixture->county), &log_after,
                                      NULL, NULL));
  g_assert_cmpstr (log_after, ==, log_before);

  /* Two minutes later. */
  exec_sql (fixture, "UPDATE meta SET value = '0' WHERE key = 'county_retry_until'");
  run_ok (fixture);
  g_assert_cmpuint (n_county_cases (fixture), ==, 2);
}

/* A county that stops answering mid-request is given up on after the timeout (set to two
 * seconds here through JIUJIN_SYNC_TIMEOUT), as unreachable. */
static void
test_stalled_response_times_out (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 start;

  enroll (fixture);
  queue (fixture, 1, NULL);
  add_fault (fixture, "/v1/submissions", "stall", "--seconds", "20");
  g_setenv ("JIUJIN_SYNC_TIMEOUT", "2", TRUE);

  start = g_get_monotonic_time ();
  error = run_fails (fixture);
  g_assert_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_OFFLINE);
  g_assert_nonnull (strstr (error->message, "did not answer within 2 seconds"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 15 * G_USEC_PER_SEC);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox WHERE state = 'pending'"), ==, 1);
  g_unsetenv ("JIUJIN_SYNC_TIMEOUT");
}

/* --- permanent refusals ----------------------------------------------------------------- */

/* An item the county finds invalid is parked with its reason; the others of the batch are
 * delivered and the cycle is a success. */
static void
test_invalid_submission_parked_with_reason (Fixture       *fixture,
                                            gconstpointer  user_data)
{
  g_autofree char *reason = NULL;
  g_autofree char *parked_receipt = NULL;
  g_autoptr(GPtrArray) parked = NULL;

  enroll (fixture);
  queue (fixture, 3, NULL);
  exec_sql (fixture, "UPDATE outbox SET payload = json_set (payload, '$.applicant.id_number', 12345)"
                     " WHERE id = (SELECT min (id) FROM outbox)");
  parked_receipt = query_text (fixture, "SELECT a.receipt_number FROM outbox o JOIN applications a"
                                        " ON a.id = o.application_id ORDER BY o.id LIMIT 1");

  run_ok (fixture);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox WHERE state = 'delivered'"), ==, 2);
  reason = query_text (fixture, "SELECT last_error FROM outbox WHERE state = 'parked'");
  g_test_message ("parked because: %s", reason);
  g_assert_nonnull (strstr (reason, "id_number"));
  g_assert_cmpuint (n_county_cases (fixture), ==, 2);
  {
    g_autofree char *expected = g_strdup_printf ("parked %s", parked_receipt);
    g_assert_true (has_event (fixture, expected));
  }
  g_assert_cmpuint (jj_sync_engine_get_pending (fixture->engine), ==, 1);

  parked = jj_outbox_list (fixture->store, "parked", 0, NULL);
  g_assert_cmpuint (parked->len, ==, 1);

  /* Parked stays parked until township review: the next cycle does not send it. */
  run_ok (fixture);
  g_assert_cmpint (query_int (fixture, "SELECT attempts FROM outbox WHERE state = 'parked'"), ==, 1);
}

/* A batch the county refuses as a whole (400) is sent again one item per request: only the
 * item it still refuses is parked, the others land. */
static void
test_whole_batch_refusal_split (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autofree char *reason = NULL;

  enroll (fixture);
  queue (fixture, 3, NULL);
  g_free (jj_test_county_admin (fixture->county, "fault", "add", "--route", "/v1/submissions",
                                "--kind", "status", "--status", "400", "--count", "2", NULL));

  run_ok (fixture);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox WHERE state = 'delivered'"), ==, 2);
  g_assert_cmpint (query_int (fixture, "SELECT id FROM outbox WHERE state = 'parked'"), ==,
                   query_int (fixture, "SELECT min (id) FROM outbox"));
  reason = query_text (fixture, "SELECT last_error FROM outbox WHERE state = 'parked'");
  g_assert_nonnull (strstr (reason, "refused"));
  g_assert_cmpuint (n_county_cases (fixture), ==, 2);
}

/* A revoked token stops the cycle with what to do; nothing is parked for it. */
static void
test_revoked_terminal_keeps_entries (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  g_autoptr(JjEnrollment) enrollment = NULL;
  g_autoptr(GError) error = NULL;

  enroll (fixture);
  queue (fixture, 2, NULL);
  enrollment = jj_enrollment_load (fixture->data_dir, NULL);
  g_free (jj_test_county_admin (fixture->county, "revoke", enrollment->terminal_id, NULL));

  error = run_fails (fixture);
  g_assert_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "Enroll it again"));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox WHERE state = 'pending'"), ==, 2);
  g_assert_cmpuint (n_county_cases (fixture), ==, 0);
}

/* The same key with another body is refused by the county; the entry is parked, and the case
 * the county holds is the first one. */
static void
test_key_reused_with_other_body_parked (Fixture       *fixture,
                                        gconstpointer  user_data)
{
  g_autofree char *reason = NULL;

  enroll (fixture);
  queue (fixture, 1, NULL);
  run_ok (fixture);
  exec_sql (fixture, "UPDATE outbox SET state = 'pending',"
                     "  payload = json_set (payload, '$.applicant.phone', '13900000000')");
  run_ok (fixture);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox WHERE state = 'parked'"), ==, 1);
  reason = query_text (fixture, "SELECT response FROM outbox");
  g_assert_nonnull (strstr (reason, "idempotency-key-reused"));
  g_assert_cmpuint (n_county_cases (fixture), ==, 1);
}

/* The terminal believed a scan uploaded; the county does not hold it. Its answer names the scan,
 * which is uploaded again in the same cycle, and the submission lands with it. */
static void
test_attachment_missing_uploaded_again (Fixture       *fixture,
                                        gconstpointer  user_data)
{
  g_autofree char *scan = jj_test_add_scan (fixture->store, fixture->tmp_dir, 64 * 1024, 11);
  const char *scans[] = { scan, NULL };
  g_autoptr(JjEnrollment) enrollment = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *blob = NULL;
  g_autoptr(GError) error = NULL;

  enroll (fixture);
  queue (fixture, 1, scans);
  enrollment = jj_enrollment_load (fixture->data_dir, &error);
  g_assert_no_error (error);
  endpoint = g_strconcat (enrollment->base_url, "v1/attachments/", NULL);
  g_assert_true (jj_outbox_complete_upload (fixture->store, scan, endpoint, 64 * 1024, 1, &error));
  g_assert_no_error (error);

  run_ok (fixture);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox WHERE state = 'delivered'"
                                       " AND attachment_misses = 1"), ==, 1);
  g_assert_cmpuint (n_county_cases (fixture), ==, 1);
  blob = g_build_filename (jj_test_county_get_data_dir (fixture->county), "storage", "blobs", scan,
                           NULL);
  g_assert_true (g_file_test (blob, G_FILE_TEST_EXISTS));
}

typedef struct
{
  const char *status;
  gboolean    parks;   /* refuses the scan for good; else stops the cycle */
} ScanFault;

static const ScanFault scan_faults[] = {
  { "413", TRUE },
  { "460", TRUE },
  { "400", TRUE },
  { "500", FALSE },
  { "503", FALSE },
  { "401", FALSE },
};

/* Two residents' applications, each with its own scan; the county answers the creation of the
 * first scan with @user_data's status. A refusal of that scan parks only the application that
 * needs it, with the county's reason, and the other is delivered in the same cycle; a
 * transient failure (or one about the terminal, 401) stops the cycle and parks nothing, and
 * the next cycle delivers both. */
static void
test_refused_scan_parks_only_its_application (Fixture       *fixture,
                                              gconstpointer  user_data)
{
  const ScanFault *fault = user_data;
  g_autofree char *refused = jj_test_add_scan (fixture->store, fixture->tmp_dir, 48 * 1024, 21);
  g_autofree char *good = jj_test_add_scan (fixture->store, fixture->tmp_dir, 40 * 1024, 22);
  const char *refused_scans[] = { refused, NULL };
  const char *good_scans[] = { good, NULL };
  g_autofree char *first_receipt = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *blob = NULL;

  enroll (fixture);
  queue (fixture, 1, refused_scans);
  queue (fixture, 1, good_scans);
  first_receipt = query_text (fixture, "SELECT a.receipt_number FROM outbox o JOIN applications a"
                                       " ON a.id = o.application_id ORDER BY o.id LIMIT 1");
  g_free (jj_test_county_admin (fixture->county, "fault", "add", "--route", "/v1/attachments",
                                "--method", "POST", "--kind", "status", "--status", fault->status,
                                "--count", "1", NULL));

  if (!fault->parks)
    {
      g_autoptr(GError) error = run_fails (fixture);

      g_assert_false (g_error_matches (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_ATTACHMENT_REFUSED));
      if (g_str_equal (fault->status, "401"))
        g_assert_nonnull (strstr (error->message, "Enroll it again"));
      g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox WHERE state = 'parked'"),
                       ==, 0);
      g_assert_cmpuint (n_county_cases (fixture), ==, 0);
      run_ok (fixture);
      g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox"
                                           " WHERE state = 'delivered'"), ==, 2);
      g_assert_cmpuint (n_county_cases (fixture), ==, 2);
      return;
    }

  run_ok (fixture);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox WHERE state = 'delivered'"),
                   ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT id FROM outbox WHERE state = 'parked'"), ==,
                   query_int (fixture, "SELECT min (id) FROM outbox"));
  reason = query_text (fixture, "SELECT last_error FROM outbox WHERE state = 'parked'");
  g_test_message ("parked because: %s", reason);
  g_assert_nonnull (strstr (reason, "refused"));
  {
    g_autofree char *expected = g_strdup_printf ("parked %s", first_receipt);
    g_assert_true (has_event (fixture, expected));
  }
  g_assert_cmpuint (n_county_cases (fixture), ==, 1);
  blob = g_build_filename (jj_test_county_get_data_dir (fixture->county), "storage", "blobs", good,
                           NULL);
  g_assert_true (g_file_test (blob, G_FILE_TEST_EXISTS));

  /* Parked until the township looks at it: the next cycle does not try the scan again. */
  run_ok (fixture);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM outbox WHERE state = 'parked'"),
                   ==, 1);
}

/* --- catalogue -------------------------------------------------------------------------- */

/* A catalogue the county publishes mid-session is imported at the next cycle, once, and the
 * applications stay exactly as they were. */
static void
test_catalog_published_mid_session (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  g_autofree char *small = g_test_build_filename (G_TEST_DIST, "data", "catalog-small.json", NULL);
  g_autofree char *published = g_build_filename (fixture->tmp_dir, "catalog-2.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *version = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GString) text = NULL;
  const char *snapshot = "SELECT group_concat (id || state || coalesce (case_number, '') ||"
                         " receipt_number || draft || updated_at, '|') FROM applications";

  enroll (fixture);
  queue (fixture, 2, NULL);
  run_ok (fixture);
  g_assert_false (has_event (fixture, "catalog "));
  before = query_text (fixture, snapshot);

  g_assert_true (g_file_get_contents (small, &contents, NULL, NULL));
  text = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (text, "\"version\": \"test-1\"", "\"version\": \"test-2\"", 1),
                    ==, 1);
  g_string_replace (text, "高龄津贴申请", "高龄津贴发放申请", 0);
  g_assert_true (g_file_set_contents (published, text->str, text->len, NULL));
  g_free (jj_test_county_admin (fixture->county, "publish-catalog", published, NULL));

  run_ok (fixture);
  g_assert_true (has_event (fixture, "catalog test-2"));
  version = jj_catalog_dup_version (fixture->catalog);
  g_assert_cmpstr (version, ==, "test-2");
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM matters WHERE name = '高龄津贴发放申请'"),
                   ==, 1);
  after = query_text (fixture, snapshot);
  g_assert_cmpstr (after, ==, before);

  /* Not modified since: not downloaded or imported again. */
  g_ptr_array_set_size (fixture->events, 0);
  run_ok (fixture);
  g_assert_false (has_event (fixture, "catalog "));
}

/* --- the watching engine ---------------------------------------------------------------- */

static gboolean
delivered_one (Fixture *fixture)
{
  return has_event (fixture, "delivered ") &&
         jj_sync_engine_get_state (fixture->engine) == JJ_SYNC_STATE_ONLINE &&
         jj_sync_engine_get_pending (fixture->engine) == 0;
}

static gboolean
engine_locked (Fixture *fixture)
{
  return jj_sync_engine_get_state (fixture->engine) == JJ_SYNC_STATE_LOCKED;
}

static gboolean
engine_offline (Fixture *fixture)
{
  return jj_sync_engine_get_state (fixture->engine) == JJ_SYNC_STATE_OFFLINE;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* A started engine sends a new submission without being asked, in its worker thread, and
 * reports it on this thread; a second engine on the same folder is LOCKED, whether it runs
 * once or watches. */
static void
test_watching_engine_and_second_sender_locked (Fixture       *fixture,
                                               gconstpointer  user_data)
{
  g_autoptr(JjSyncEngine) second = NULL;
  g_autoptr(GError) error = NULL;
  guint progress_notes = 0;
  JjSyncEngine *first = fixture->engine;

  enroll (fixture);
  g_signal_connect (first, "notify::progress", G_CALLBACK (count_notify), &progress_notes);
  jj_sync_engine_start (first);

  queue (fixture, 1, NULL);
  jj_sync_engine_notify_submitted (first);
  wait_for (delivered_one, fixture);
  g_assert_cmpint (jj_sync_engine_get_last_sync (first), >, 0);
  g_assert_cmpuint (progress_notes, >, 0);
  g_assert_cmpuint (n_county_cases (fixture), ==, 1);

  second = jj_sync_engine_new (fixture->store, fixture->data_dir);
  g_assert_false (jj_sync_engine_run_once (second, NULL, &error));
  g_assert_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_LOCKED);
  g_assert_cmpint (jj_sync_engine_get_state (second), ==, JJ_SYNC_STATE_LOCKED);
  g_clear_error (&error);

  /* Once the first stops, the lock is free. */
  jj_sync_engine_stop (first);
  g_signal_handlers_disconnect_by_func (first, count_notify, &progress_notes);
  g_assert_true (jj_sync_engine_run_once (second, NULL, &error));
  g_assert_no_error (error);

  /* And the other way round: a watching engine finds the lock taken. */
  g_clear_object (&fixture->engine);
  {
    g_autofree char *lock = g_build_filename (fixture->data_dir, "sync.lock", NULL);
    g_autoptr(JjSyncEngine) holder = NULL;
    int fd;

    fd = g_open (lock, O_RDWR, 0);
    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);
    fixture->engine = new_engine (fixture);
    jj_sync_engine_start (fixture->engine);
    wait_for (engine_locked, fixture);
    g_assert_nonnull (jj_sync_engine_get_last_error (fixture->engine));
    jj_sync_engine_stop (fixture->engine);
    close (fd);
  }
}

/* Offline, a watching engine says when it will try again; "sync now" does not wait for the
 * backoff once the county is back. */
static void
test_watching_engine_offline_then_sync_now (Fixture       *fixture,
                                            gconstpointer  user_data)
{
  enroll (fixture);
  queue (fixture, 2, NULL);
  jj_test_county_kill (fixture->county);

  jj_sync_engine_start (fixture->engine);
  wait_for (engine_offline, fixture);
  g_assert_nonnull (strstr (jj_sync_engine_get_last_error (fixture->engine),
                            "It will be tried again at"));
  g_assert_cmpuint (jj_sync_engine_get_pending (fixture->engine), ==, 2);

  jj_test_county_restart (fixture->county);
  jj_sync_engine_sync_now (fixture->engine);
  wait_for (delivered_one, fixture);
  g_assert_cmpuint (n_county_cases (fixture), ==, 2);
  jj_sync_engine_stop (fixture->engine);
}

/* --- jiujinctl ------------------------------------------------------------------------- */

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* The technician's commands, with the exit codes scripts rely on: 3 not enrolled, 4 another
 * program syncing, 5 the county unreachable; the token never appears in any output. */
static void
test_jiujinctl_enroll_sync_and_status (Fixture       *fixture,
                                       gconstpointer  user_data)
{
  g_autofree char *code = jj_test_county_issue_code (fixture->county, SERVICE_POINT);
  g_autofree char *lock = g_build_filename (fixture->data_dir, "sync.lock", NULL);
  g_autoptr(JjEnrollment) enrollment = NULL;
  g_autoptr(JsonObject) report = NULL;
  const char *url = jj_test_county_get_base_url (fixture->county);
  char *out = NULL;
  int fd;

  g_assert_cmpint (jj_test_run_jiujinctl (fixture->data_dir, &out, "sync", NULL), ==, 3);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (jj_test_run_jiujinctl (fixture->data_dir, &out,
                                          "sync", "status", "--json", NULL), ==, 3);
  report = parse_object (out);
  g_assert_false (json_object_get_boolean_member (report, "enrolled"));
  g_clear_pointer (&report, json_object_unref);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (jj_test_run_jiujinctl (fixture->data_dir, &out, "enroll", url, code, "--ca-file",
                              jj_test_county_get_ca_file (), "--json", NULL), ==, 0);
  report = parse_object (out);
  g_assert_false (json_object_has_member (report, "token"));
  enrollment = jj_enrollment_load (fixture->data_dir, NULL);
  g_assert_nonnull (enrollment);
  g_assert_null (strstr (out, enrollment->token));
  g_assert_cmpstr (json_object_get_string_member (report, "terminal_code"), ==,
                   enrollment->terminal_code);
  g_clear_pointer (&report, json_object_unref);
  g_clear_pointer (&out, g_free);

  queue (fixture, 2, NULL);
  g_assert_cmpint (jj_test_run_jiujinctl (fixture->data_dir, &out,
                                          "sync", "--once", "--json", NULL), ==, 0);
  report = parse_object (out);
  g_assert_true (json_object_get_boolean_member (report, "ok"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "delivered")), ==, 2);
  g_assert_null (strstr (out, enrollment->token));
  g_clear_pointer (&report, json_object_unref);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (jj_test_run_jiujinctl (fixture->data_dir, &out,
                                          "sync", "status", "--json", NULL), ==, 0);
  report = parse_object (out);
  g_assert_true (json_object_get_boolean_member (report, "enrolled"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (report, "queue"),
                                               "delivered"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (report, "last_sync"), >, 0);
  g_assert_null (strstr (out, enrollment->token));
  g_clear_pointer (&report, json_object_unref);
  g_clear_pointer (&out, g_free);

  fd = g_open (lock, O_RDWR, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);
  g_assert_cmpint (jj_test_run_jiujinctl (fixture->data_dir, &out, "sync", NULL), ==, 4);
  g_clear_pointer (&out, g_free);
  close (fd);

  jj_test_county_kill (fixture->county);
  g_assert_cmpint (jj_test_run_jiujinctl (fixture->data_dir, &out, "sync", NULL), ==, 5);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (jj_test_run_jiujinctl (fixture->data_dir, &out,
                                          "enroll", "http://127.0.0.1:1/", code, NULL), ==, 1);
  g_clear_pointer (&out, g_free);
}

/* --- revisions -------------------------------------------------------------------------- */

#define SEND_BACK_REASON "申请人电话号码有误，请核对后重新提交"

/* Reopens application @id, changes its applicant's phone to @phone and resubmits it. */
static JjSubmission *
correct_and_resubmit (Fixture    *fixture,
                      gint64      id,
                      const char *phone)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) draft = NULL;
  JjSubmission *submission;

  g_assert_true (jj_intake_reopen (fixture->intake, id, &error));
  g_assert_no_error (error);
  draft = jj_intake_load_draft (fixture->intake, id, &error);
  g_assert_no_error (error);
  json_object_set_string_member (json_object_get_object_member (draft, "applicant"), "phone",
                                 phone);
  submission = jj_intake_submit (fixture->intake, id, draft, NULL, &error);
  g_assert_no_error (error);
  return submission;
}

/* The county's record of case @case_number (`admin case show --json`). */
static JsonObject *
county_case (Fixture    *fixture,
             const char *case_number)
{
  g_autofree char *out = jj_test_county_admin (fixture->county, "case", "show", case_number,
                                               "--json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = json_from_string (out, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

/* Issue 5's send back, end to end: an item the county refuses (422) is parked, sent back to the
 * clerk, reopened, corrected and resubmitted; it is delivered as revision 2 of the same
 * application (a new case at the county, which never had the first). A case the county
 * returned (退回补正) is corrected the same way and keeps its case number, with both revisions
 * in the county's history; its next status reaches the same application. */
static void
test_send_back_correct_and_resubmit (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(JjSubmission) corrected = NULL;
  g_autoptr(JjSubmission) county_corrected = NULL;
  g_autoptr(JsonArray) cases = NULL;
  g_autoptr(JsonObject) returned_case = NULL;
  g_autofree char *parked_uuid = NULL;
  g_autofree char *receipt = NULL;
  g_autofree char *case_number = NULL;
  g_autofree char *second_case = NULL;
  g_autofree char *second_uuid = NULL;
  g_autofree char *text = NULL;
  JsonArray *history;
  JsonObject *county;
  gint64 parked_id, second_id;

  enroll (fixture);
  queue (fixture, 1, NULL);
  add_fault (fixture, "/v1/submissions", "status", "--status", "422");
  add_fault (fixture, "/v1/submissions", "status", "--status", "422");
  run_ok (fixture);
  g_free (jj_test_county_admin (fixture->county, "fault", "clear", NULL));
  parked_uuid = query_text (fixture, "SELECT uuid FROM outbox WHERE state = 'parked'");
  parked_id = query_int (fixture, "SELECT application_id FROM outbox WHERE state = 'parked'");
  receipt = query_text (fixture, "SELECT receipt_number FROM applications");
  g_assert_cmpuint (n_county_cases (fixture), ==, 0);

  g_assert_true (jj_outbox_send_back (fixture->store, parked_uuid, SEND_BACK_REASON, &error));
  g_assert_no_error (error);
  /* Returned: nothing goes out for it. */
  run_ok (fixture);
  g_assert_cmpuint (n_county_cases (fixture), ==, 0);

  corrected = correct_and_resubmit (fixture, parked_id, "13907319999");
  g_assert_cmpstr (corrected->receipt_number, ==, receipt);
  g_assert_cmpint (corrected->revision, ==, 2);
  run_ok (fixture);

  revisions = jj_outbox_list_revisions (fixture->store, parked_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 2);
  g_assert_cmpstr (((JjOutboxEntry *) g_ptr_array_index (revisions, 0))->state, ==, "superseded");
  g_assert_cmpstr (((JjOutboxEntry *) g_ptr_array_index (revisions, 1))->state, ==, "delivered");
  g_assert_cmpint (((JjOutboxEntry *) g_ptr_array_index (revisions, 1))->revision, ==, 2);
  case_number = query_text (fixture, "SELECT state || ' ' || case_number FROM applications");
  g_assert_true (g_str_has_prefix (case_number, "sent "));
  cases = county_cases (fixture);
  g_assert_cmpuint (json_array_get_length (cases), ==, 1);
  county = json_array_get_object_element (cases, 0);
  g_assert_cmpstr (json_object_get_string_member (county, "receipt_number"), ==, receipt);
  g_assert_cmpint (json_object_get_int_member (county, "revision"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (county, "case_number"), ==, case_number + 5);

  /* 退回补正 by the county: the correction keeps the case number. */
  queue (fixture, 1, NULL);
  run_ok (fixture);
  second_id = query_int (fixture, "SELECT max (id) FROM applications");
  second_case = query_text (fixture, "SELECT case_number FROM applications"
                                     " WHERE id = (SELECT max (id) FROM applications)");
  second_uuid = query_text (fixture, "SELECT uuid FROM outbox"
                                     " WHERE id = (SELECT max (id) FROM outbox)");
  g_free (jj_test_county_admin (fixture->county, "case", "return", second_case, "--reason",
                                RETURN_REASON, NULL));
  run_ok (fixture);
  text = query_text (fixture, "SELECT state || '|' || status_reason FROM applications"
                              " WHERE id = (SELECT max (id) FROM applications)");
  g_assert_cmpstr (text, ==, "returned|" RETURN_REASON);
  g_clear_pointer (&text, g_free);

  county_corrected = correct_and_resubmit (fixture, second_id, "13907318888");
  g_assert_cmpint (county_corrected->revision, ==, 2);
  run_ok (fixture);
  text = query_text (fixture, "SELECT state || '|' || case_number FROM applications"
                              " WHERE id = (SELECT max (id) FROM applications)");
  g_assert_cmpstr (text + strlen ("sent|"), ==, second_case);
  g_assert_true (g_str_has_prefix (text, "sent|"));
  g_clear_pointer (&text, g_free);
  text = query_text (fixture, "SELECT group_concat (state || ':' || revision, ' ') FROM outbox"
                              " WHERE application_id = (SELECT max (id) FROM applications)");
  g_assert_cmpstr (text, ==, "delivered:1 delivered:2");
  g_assert_cmpuint (n_county_cases (fixture), ==, 2);

  returned_case = county_case (fixture, second_case);
  g_assert_cmpstr (json_object_get_string_member (returned_case, "state"), ==, "received");
  g_assert_cmpint (json_object_get_int_member (returned_case, "revision"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (returned_case, "idempotency_key"), ==,
                   county_corrected->outbox_uuid);
  history = json_object_get_array_member (returned_case, "revisions");
  g_assert_cmpuint (json_array_get_length (history), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 0),
                                                  "idempotency_key"), ==, second_uuid);

  /* The county's next verdict reaches the same application. */
  g_free (jj_test_county_admin (fixture->county, "case", "accept", second_case, NULL));
  run_ok (fixture);
  g_clear_pointer (&text, g_free);
  text = query_text (fixture, "SELECT state FROM applications"
                              " WHERE id = (SELECT max (id) FROM applications)");
  g_assert_cmpstr (text, ==, "accepted");
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM applications"), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync/enroll/wrong-and-reused-code", NULL, test_enroll_wrong_and_reused_code);
  ADD ("/sync/enroll/http-and-wrong-ca-refused", NULL, test_enroll_http_and_wrong_ca_refused);
  ADD ("/sync/deliver/offline-then-once-with-statuses", NULL,
       test_offline_then_delivered_once_with_statuses);
  ADD ("/sync/deliver/replay-after-lost-answer", NULL, test_replay_after_lost_answer);
  ADD ("/sync/fault/submissions-500", &faults[0], test_transient_fault_then_delivered);
  ADD ("/sync/fault/submissions-502", &faults[1], test_transient_fault_then_delivered);
  ADD ("/sync/fault/submissions-garbage-json", &faults[2], test_transient_fault_then_delivered);
  ADD ("/sync/fault/submissions-truncated-json", &faults[3], test_transient_fault_then_delivered);
  ADD ("/sync/fault/submissions-connection-reset", &faults[4], test_transient_fault_then_delivered);
  ADD ("/sync/fault/statuses-garbage-json", &faults[5], test_transient_fault_then_delivered);
  ADD ("/sync/fault/discovery-connection-reset", &faults[6], test_transient_fault_then_delivered);
  ADD ("/sync/fault/503-retry-after", "503", test_retry_after_respected);
  ADD ("/sync/fault/429-retry-after", "429", test_retry_after_respected);
  ADD ("/sync/fault/stalled-response-times-out", NULL, test_stalled_response_times_out);
  ADD ("/sync/park/invalid-submission-with-reason", NULL, test_invalid_submission_parked_with_reason);
  ADD ("/sync/park/key-reused-with-other-body", NULL, test_key_reused_with_other_body_parked);
  ADD ("/sync/park/whole-batch-refusal-split", NULL, test_whole_batch_refusal_split);
  ADD ("/sync/refused/revoked-terminal-keeps-entries", NULL, test_revoked_terminal_keeps_entries);
  ADD ("/sync/enroll/again-parks-entries-sent-without-answer", NULL,
       test_reenrolled_terminal_parks_uncertain_entries);
  ADD ("/sync/attachments/missing-uploaded-again", NULL, test_attachment_missing_uploaded_again);
  ADD ("/sync/attachments/refused-413-parks-only-its-application", &scan_faults[0],
       test_refused_scan_parks_only_its_application);
  ADD ("/sync/attachments/refused-460-parks-only-its-application", &scan_faults[1],
       test_refused_scan_parks_only_its_application);
  ADD ("/sync/attachments/refused-400-parks-only-its-application", &scan_faults[2],
       test_refused_scan_parks_only_its_application);
  ADD ("/sync/attachments/500-stops-the-cycle", &scan_faults[3],
       test_refused_scan_parks_only_its_application);
  ADD ("/sync/attachments/503-stops-the-cycle", &scan_faults[4],
       test_refused_scan_parks_only_its_application);
  ADD ("/sync/attachments/401-stops-the-cycle", &scan_faults[5],
       test_refused_scan_parks_only_its_application);
  ADD ("/sync/catalog/published-mid-session", NULL, test_catalog_published_mid_session);
  ADD ("/sync/engine/watching-and-second-sender-locked", NULL,
       test_watching_engine_and_second_sender_locked);
  ADD ("/sync/engine/offline-then-sync-now", NULL, test_watching_engine_offline_then_sync_now);
  ADD ("/sync/jiujinctl/enroll-sync-and-status", NULL, test_jiujinctl_enroll_sync_and_status);
  ADD ("/sync/revisions/send-back-correct-and-resubmit", NULL,
       test_send_back_correct_and_resubmit);
#undef ADD

  return g_test_run ();
}
