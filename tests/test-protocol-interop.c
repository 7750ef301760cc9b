/* test-protocol-interop.c — the real terminal against a county written from the protocol page
 *
 * tests/protocol-interop/county.mjs is a county platform written from docs/sync-protocol.md
 * alone, its attachments served by @tus/server (tests/tus-interop/node_modules; without it the
 * test is skipped). Here the real `jiujinctl enroll` and `jiujinctl sync --once` talk to it over
 * HTTPS on loopback, and the county's own record — read from its test-only /_admin/ routes —
 * says what arrived: each submission once, each scan byte for byte, replays answered with the
 * original case numbers, statuses and the catalogue back. The county also lists everything the
 * terminal did that the page forbids; that list must stay empty.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "jj-applications.h"
#include "jj-catalog.h"
#include "jj-intake.h"
#include "jj-test-county.h"
#include "jj-test-submit.h"
#include "jj-test-util.h"

#define CODE          "7KQ4-M2PX-9TRD"
#define RETURN_REASON "户口簿复印件不清晰，请重新提交。"
#define CHUNK_BYTES   (16 * 1024)   /* county.mjs's chunk_bytes */
#define START_US      (30 * G_USEC_PER_SEC)

typedef struct
{
  char        *tmp_dir;
  char        *data_dir;
  char        *base_url;    /* https://127.0.0.1:PORT/county/ */
  char        *admin_url;   /* https://127.0.0.1:PORT/_admin/ */
  GSubprocess *county;
  SoupSession *session;
  JjStore     *store;
  JjCatalog   *catalog;
  JjIntake    *intake;
  guint        applicants;
} Fixture;

/* The county serves catalog-small.json under another version, so that the terminal, which
 * imported catalog-small.json itself, has something to fetch. */
static char *
write_county_catalog (const char *dir)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "catalog-small.json",
                                                   NULL);
  g_autofree char *path = g_build_filename (dir, "county-catalog.json", NULL);
  g_autoptr(GBytes) bytes = jj_test_read_file (source);
  g_autoptr(GString) text = g_string_new_len (g_bytes_get_data (bytes, NULL),
                                              g_bytes_get_size (bytes));
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_string_replace (text, "\"version\": \"test-1\"", "\"version\": \"spec-2\"",
                                      1), ==, 1);
  g_assert_true (g_file_set_contents (path, text->str, text->len, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* Starts county.mjs; FALSE (the test skipped) when @tus/server is not installed. */
static gboolean
county_start (Fixture *fixture)
{
  const char *tus_dir = g_getenv ("JIUJIN_TUS_INTEROP");
  g_autofree char *modules = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "protocol-interop",
                                                   "county.mjs", NULL);
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *county_dir = g_build_filename (fixture->tmp_dir, "county", NULL);
  g_autofree char *port_file = g_build_filename (fixture->tmp_dir, "port", NULL);
  g_autofree char *catalog = write_county_catalog (fixture->tmp_dir);
  g_autofree char *port = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + START_US;

  g_assert_nonnull (tus_dir);
  modules = g_build_filename (tus_dir, "node_modules", "@tus", "server", NULL);
  if (!g_file_test (modules, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("tests/tus-interop/node_modules is not installed; build-aux/dev.sh test "
                   "installs it (npm ci --prefix tests/tus-interop)");
      return FALSE;
    }
  g_assert_nonnull (node);

  /* Its standard input is a pipe that closes when this process ends, however it ends. */
  fixture->county = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error, node, script,
                                      "--cert", g_getenv ("JIUJIN_TEST_CERT"),
                                      "--key", g_getenv ("JIUJIN_TEST_KEY"),
                                      "--dir", county_dir,
                                      "--port-file", port_file,
                                      "--code", CODE,
                                      "--catalog", catalog,
                                      "--base", "/county/",
                                      "--exit-with-stdin",
                                      NULL);
  g_assert_no_error (error);
  while (!g_file_get_contents (port_file, &port, NULL, NULL))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  g_strstrip (port);
  fixture->base_url = g_strdup_printf ("https://127.0.0.1:%s/county/", port);
  fixture->admin_url = g_strdup_printf ("https://127.0.0.1:%s/_admin/", port);
  return TRUE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *catalog_path = g_test_build_filename (G_TEST_DIST, "data", "catalog-small.json",
                                                         NULL);
  g_autoptr(GError) error = NULL;

  fixture->tmp_dir = jj_test_make_tmp_dir ("jiujin-test-protocol-interop-XXXXXX");
  fixture->data_dir = g_build_filename (fixture->tmp_dir, "terminal", NULL);
  fixture->session = jj_test_county_new_session ();
  fixture->store = jj_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  fixture->catalog = jj_catalog_new (fixture->store);
  g_assert_true (jj_catalog_import_file (fixture->catalog, catalog_path, FALSE, NULL, &error));
  g_assert_no_error (error);
  fixture->intake = jj_intake_new (fixture->catalog, NULL, &error);
  g_assert_no_error (error);
  fixture->applicants = 1;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->county != NULL)
    {
      g_subprocess_send_signal (fixture->county, SIGTERM);
      g_subprocess_wait (fixture->county, NULL, NULL);
    }
  g_clear_object (&fixture->county);
  g_clear_object (&fixture->intake);
  g_clear_object (&fixture->catalog);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->session);
  g_assert_true (jj_test_remove_tree (fixture->tmp_dir));
  g_free (fixture->tmp_dir);
  g_free (fixture->data_dir);
  g_free (fixture->base_url);
  g_free (fixture->admin_url);
}

/* ---- the county's record (its /_admin/ routes, not protocol) ---- */

static JsonNode *
admin (Fixture    *fixture,
       const char *method,
       const char *route,
       const char *body)
{
  g_autofree char *url = g_strconcat (fixture->admin_url, route, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (fixture->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), <, 300);
  if (g_bytes_get_size (answer) == 0)
    return NULL;
  return json_from_string (g_bytes_get_data (answer, NULL), &error);
}

static JsonObject *
county_state (Fixture *fixture)
{
  g_autoptr(JsonNode) node = admin (fixture, "GET", "state", NULL);

  return json_object_ref (json_node_get_object (node));
}

/* The county saw nothing the protocol page forbids. */
static void
assert_no_violations (JsonObject *state)
{
  JsonArray *violations = json_object_get_array_member (state, "violations");

  for (guint i = 0; i < json_array_get_length (violations); i++)
    g_test_message ("violation: %s", json_array_get_string_element (violations, i));
  g_assert_cmpuint (json_array_get_length (violations), ==, 0);
}

/* The protocol requests the county received from @first on, as "METHOD PATH STATUS" lines;
 * @count gets their number. */
static GPtrArray *
requests_since (Fixture *fixture,
                guint    first,
                guint   *count)
{
  g_autoptr(JsonNode) node = admin (fixture, "GET", "log", NULL);
  JsonArray *log = json_node_get_array (node);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = first; i < json_array_get_length (log); i++)
    {
      JsonObject *entry = json_array_get_object_element (log, i);
      JsonNode *status = json_object_get_member (entry, "status");
      const char *if_none_match = json_object_get_string_member_with_default (entry,
                                                                              "if_none_match",
                                                                              NULL);

      g_ptr_array_add (lines, g_strdup_printf ("%s %s %" G_GINT64_FORMAT "%s%s",
                                               json_object_get_string_member (entry, "method"),
                                               json_object_get_string_member (entry, "path"),
                                               JSON_NODE_HOLDS_NULL (status)
                                               ? 0 : json_node_get_int (status),
                                               if_none_match != NULL ? " " : "",
                                               if_none_match != NULL ? if_none_match : ""));
    }
  *count = json_array_get_length (log);
  return lines;
}

static guint
count_prefixed (GPtrArray  *lines,
                const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < lines->len; i++)
    n += g_str_has_prefix (g_ptr_array_index (lines, i), prefix);
  return n;
}

static void
log_requests (GPtrArray  *lines,
              const char *cycle)
{
  for (guint i = 0; i < lines->len; i++)
    g_test_message ("%s: %s", cycle, (const char *) g_ptr_array_index (lines, i));
}

/* The case number the county gave the submission with @receipt_number, NULL if none. */
static const char *
county_case_of (JsonObject *state,
                const char *receipt_number)
{
  JsonArray *cases = json_object_get_array_member (state, "cases");
  const char *found = NULL;

  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *record = json_array_get_object_element (cases, i);
      JsonObject *item = json_object_get_object_member (record, "item");

      if (g_strcmp0 (json_object_get_string_member (item, "receipt_number"), receipt_number) != 0)
        continue;
      g_assert_null (found);   /* exactly once */
      found = json_object_get_string_member (record, "caseNumber");
    }
  return found;
}

/* The scan the county holds under @sha256 is on its disk with exactly that digest. */
static void
assert_county_holds (JsonObject *state,
                     const char *sha256)
{
  JsonObject *held = json_object_get_object_member (state, "held");
  JsonObject *scan;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *digest = NULL;

  g_assert_true (json_object_has_member (held, sha256));
  scan = json_object_get_object_member (held, sha256);
  bytes = jj_test_read_file (json_object_get_string_member (scan, "path"));
  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_assert_cmpstr (digest, ==, sha256);
  g_assert_cmpint (json_object_get_int_member (scan, "size"), ==, g_bytes_get_size (bytes));
}

/* ---- the terminal, through the real jiujinctl ---- */

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* `jiujinctl sync --once --json`, which must exit with @expected_status. */
static JsonObject *
sync_once (Fixture *fixture,
           int      expected_status)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) report = NULL;

  g_assert_cmpint (jj_test_run_jiujinctl (fixture->data_dir, &out,
                                          "sync", "--once", "--json", NULL), ==,
                   expected_status);
  report = parse (out);
  return json_object_ref (json_node_get_object (report));
}

/* `jiujinctl applications show NUMBER --json`. */
static JsonObject *
show (Fixture    *fixture,
      const char *number)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_cmpint (jj_test_run_jiujinctl (fixture->data_dir, &out,
                                          "applications", "show", number, "--json", NULL), ==,
                   0);
  node = parse (out);
  return json_object_ref (json_node_get_object (node));
}

/* `jiujinctl applications list --state all --json`, in the order the applications were
 * taken (the list is newest first, and the database is fresh, so ids count from 1). */
static GPtrArray *
applications (Fixture *fixture)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) node = NULL;
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonArray *array;

  g_assert_cmpint (jj_test_run_jiujinctl (fixture->data_dir, &out,
                                          "applications", "list", "--state", "all", "--json",
                              NULL), ==, 0);
  node = parse (out);
  array = json_node_get_array (node);
  g_ptr_array_set_size (list, json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *application = json_array_get_object_element (array, i);
      gint64 id = json_object_get_int_member (application, "id");

      g_assert_cmpint (id, >=, 1);
      g_assert_cmpint (id, <=, list->len);
      g_assert_null (g_ptr_array_index (list, id - 1));
      g_ptr_array_index (list, id - 1) = json_object_ref (application);
    }
  return list;
}

static void
queue (Fixture            *fixture,
       const char * const *sha256s)
{
  jj_test_queue (fixture->intake, fixture->tmp_dir, 1, "XZ-0002", "{}", sha256s,
                 fixture->applicants++);
}

/* ---- the test ---- */

typedef struct
{
  char      *scans[3];       /* SHA-256 of scans A, B and C (C shared) */
  gsize      sizes[3];
  GPtrArray *receipts;       /* the four submissions' receipt numbers, oldest first */
  char      *lost_cases[2];  /* what the county stored for the batch whose answer was lost */
  guint      seen;           /* requests in the county's log before this cycle */
} Story;

static void
story_clear (Story *story)
{
  for (guint i = 0; i < G_N_ELEMENTS (story->scans); i++)
    g_free (story->scans[i]);
  g_clear_pointer (&story->receipts, g_ptr_array_unref);
  g_free (story->lost_cases[0]);
  g_free (story->lost_cases[1]);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Story, story_clear)

static const char *
receipt (Story *story,
         guint  i)
{
  return g_ptr_array_index (story->receipts, i);
}

static GPtrArray *
next_cycle (Fixture    *fixture,
            Story      *story,
            const char *name)
{
  GPtrArray *cycle = requests_since (fixture, story->seen, &story->seen);

  log_requests (cycle, name);
  return cycle;
}

static guint
chunks (gsize size)
{
  return (size + CHUNK_BYTES - 1) / CHUNK_BYTES;
}

/* Three submissions queued offline before enrollment, with scans A+C, B+C and none; the code
 * then works once; a fourth with C alone gets the county's terminal code as prefix. */
static void
enroll_and_queue (Fixture *fixture,
                  Story   *story)
{
  static const guint32 seeds[] = { 101, 102, 103 };
  g_autoptr(GPtrArray) queued = NULL;
  g_autofree char *out = NULL;

  story->sizes[0] = 40 * 1024;
  story->sizes[1] = 100 * 1024 + 7;
  story->sizes[2] = 20 * 1024;
  for (guint i = 0; i < G_N_ELEMENTS (story->scans); i++)
    story->scans[i] = jj_test_add_scan (fixture->store, fixture->tmp_dir, story->sizes[i],
                                        seeds[i]);
  queue (fixture, (const char *[]) { story->scans[0], story->scans[2], NULL });
  queue (fixture, (const char *[]) { story->scans[1], story->scans[2], NULL });
  queue (fixture, NULL);

  g_assert_cmpint (jj_test_run_jiujinctl (fixture->data_dir, &out,
                                          "enroll", fixture->base_url, "7kq4 m2px-9trd",
                              "--ca-file", g_getenv ("JIUJIN_TEST_CA"), NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (jj_test_run_jiujinctl (fixture->data_dir, &out,
                                          "enroll", fixture->base_url, CODE,
                              "--ca-file", g_getenv ("JIUJIN_TEST_CA"), NULL), ==, 1);

  queue (fixture, (const char *[]) { story->scans[2], NULL });
  queued = applications (fixture);
  g_assert_cmpuint (queued->len, ==, 4);
  story->receipts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < queued->len; i++)
    g_ptr_array_add (story->receipts,
                     g_strdup (json_object_get_string_member (g_ptr_array_index (queued, i),
                                                              "receipt_number")));
  g_assert_false (g_str_has_prefix (receipt (story, 2), "SP1-"));
  g_assert_true (g_str_has_prefix (receipt (story, 3), "SP1-"));
}

/* Cycle 1: every scan uploaded once, in chunks of at most chunk_bytes; the first batch is
 * stored but its answer lost, which ends the cycle as a transient failure. */
static void
cycle_answer_lost (Fixture *fixture,
                   Story   *story)
{
  g_autoptr(JsonNode) done = admin (fixture, "POST", "faults", "{\"lose_answers\": 1}");
  g_autoptr(JsonObject) report = sync_once (fixture, 5);
  g_autoptr(GPtrArray) cycle = next_cycle (fixture, story, "cycle 1");
  g_autoptr(JsonObject) state = county_state (fixture);

  g_assert_cmpuint (count_prefixed (cycle, "POST /county/v1/attachments/ 201"), ==, 3);
  g_assert_cmpuint (count_prefixed (cycle, "PATCH /county/v1/attachments/"), ==,
                    chunks (story->sizes[0]) + chunks (story->sizes[1]) + chunks (story->sizes[2]));
  g_assert_cmpuint (count_prefixed (cycle, "POST /county/v1/submissions 0"), ==, 1);
  g_assert_cmpuint (count_prefixed (cycle, "POST /county/v1/submissions"), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (story->scans); i++)
    assert_county_holds (state, story->scans[i]);
  for (guint i = 0; i < G_N_ELEMENTS (story->lost_cases); i++)
    {
      story->lost_cases[i] = g_strdup (county_case_of (state, receipt (story, i)));
      g_assert_nonnull (story->lost_cases[i]);
    }
  g_assert_null (county_case_of (state, receipt (story, 2)));
  assert_no_violations (state);
}

/* Cycle 2: the county's blob store is wiped first. The lost batch goes again byte for byte
 * and is answered as before; scan C is uploaded again when the county says it is missing. */
static void
cycle_replayed (Fixture *fixture,
                Story   *story)
{
  g_autoptr(JsonNode) done = admin (fixture, "POST", "faults", "{\"purge_scans\": true}");
  g_autoptr(JsonObject) report = sync_once (fixture, 0);
  g_autoptr(GPtrArray) cycle = next_cycle (fixture, story, "cycle 2");
  g_autoptr(JsonObject) state = county_state (fixture);
  g_autoptr(GPtrArray) delivered = applications (fixture);
  JsonArray *bodies = json_object_get_array_member (state, "bodies");
  JsonArray *replies = json_object_get_array_member (state, "replies");
  guint replayed = 0;

  g_assert_true (json_object_get_boolean_member (report, "ok"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "delivered")),
                    ==, 4);
  g_assert_cmpint (json_object_get_int_member (report, "pending"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (report, "catalog"), ==, "spec-2");
  g_assert_cmpuint (count_prefixed (cycle, "POST /county/v1/attachments/ 201"), ==, 1);

  g_assert_cmpstr (json_array_get_string_element (bodies, 0), ==,
                   json_array_get_string_element (bodies, 1));
  for (guint i = 0; i < json_array_get_length (replies); i++)
    {
      JsonObject *reply = json_array_get_object_element (replies, i);

      if (!json_object_get_boolean_member (reply, "replayed"))
        continue;
      g_assert_cmpuint (replayed, <, 2);
      g_assert_cmpstr (json_object_get_string_member (reply, "case_number"), ==,
                       story->lost_cases[replayed]);
      replayed++;
    }
  g_assert_cmpuint (replayed, ==, 2);

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (state, "cases")), ==, 4);
  assert_county_holds (state, story->scans[2]);
  g_assert_cmpuint (delivered->len, ==, story->receipts->len);
  for (guint i = 0; i < delivered->len; i++)
    {
      JsonObject *application = g_ptr_array_index (delivered, i);
      const char *case_number = county_case_of (state, receipt (story, i));

      g_assert_nonnull (case_number);
      g_assert_cmpstr (json_object_get_string_member (application, "receipt_number"), ==,
                       receipt (story, i));
      g_assert_cmpstr (json_object_get_string_member (application, "case_number"), ==,
                       case_number);
      g_assert_cmpstr (json_object_get_string_member (application, "state"), ==, "sent");
    }
  assert_no_violations (state);
}

/* Cycle 3: the county returns a case for correction. Nothing is sent again; the status comes
 * back and the catalogue is answered 304; the heartbeat shows an empty queue and the
 * catalogue imported in cycle 2. */
static void
cycle_status_back (Fixture *fixture,
                   Story   *story)
{
  g_autofree char *body = g_strdup_printf ("{\"case_number\": \"%s\", \"state\": \"returned\","
                                           " \"reason\": \"%s\"}", story->lost_cases[1],
                                           RETURN_REASON);
  g_autoptr(JsonNode) event = admin (fixture, "POST", "events", body);
  g_autoptr(JsonObject) report = sync_once (fixture, 0);
  g_autoptr(GPtrArray) cycle = next_cycle (fixture, story, "cycle 3");
  g_autoptr(JsonObject) state = county_state (fixture);
  g_autoptr(JsonObject) shown = show (fixture, story->lost_cases[1]);
  JsonArray *statuses = json_object_get_array_member (report, "statuses");
  JsonArray *terminals = json_object_get_array_member (state, "terminals");
  JsonObject *heartbeat = json_object_get_object_member (
    json_array_get_object_element (terminals, 0), "heartbeat");

  g_assert_cmpuint (count_prefixed (cycle, "POST /county/v1/submissions"), ==, 0);
  g_assert_cmpuint (count_prefixed (cycle, "POST /county/v1/attachments"), ==, 0);
  g_assert_cmpuint (count_prefixed (cycle, "PATCH "), ==, 0);
  g_assert_cmpuint (count_prefixed (cycle, "POST /county/v1/heartbeat 204"), ==, 1);
  g_assert_cmpuint (count_prefixed (cycle, "GET /county/v1/catalog 304 \"spec-2\""), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (state, "cases")), ==, 4);

  g_assert_cmpuint (json_array_get_length (statuses), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (statuses, 0),
                                                  "state"), ==, "returned");
  g_assert_cmpstr (json_object_get_string_member (shown, "receipt_number"), ==,
                   receipt (story, 1));
  g_assert_cmpstr (json_object_get_string_member (shown, "state"), ==, "returned");
  g_assert_cmpstr (json_object_get_string_member (shown, "status_reason"), ==, RETURN_REASON);

  g_assert_cmpint (json_object_get_int_member (heartbeat, "queue"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (heartbeat, "last-sync"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (heartbeat, "catalog"), ==, "spec-2");
  assert_no_violations (state);
}

/* Cycle 4: the clerk corrects the returned application and resubmits it as revision 2. This
 * county announces no "revisions" feature, so the item goes without `revision` and
 * `supersedes` (section 7) — which it would refuse as unknown members — and becomes a new
 * case; the terminal keeps both revisions of the one application. */
static void
cycle_correction (Fixture *fixture,
                  Story   *story)
{
  g_autoptr(JjApplicationRecord) record = NULL;
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(JjSubmission) corrected = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(GPtrArray) cycle = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *bodies;
  const char *body;
  gint64 id;

  record = jj_applications_lookup_number (fixture->store, receipt (story, 1), &error);
  g_assert_no_error (error);
  id = jj_application_record_get_id (record);
  g_assert_true (jj_intake_reopen (fixture->intake, id, &error));
  g_assert_no_error (error);
  draft = jj_intake_load_draft (fixture->intake, id, &error);
  g_assert_no_error (error);
  corrected = jj_intake_submit (fixture->intake, id, draft, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (corrected->revision, ==, 2);

  report = sync_once (fixture, 0);
  cycle = next_cycle (fixture, story, "cycle 4");
  state = county_state (fixture);
  /* Its scan B went with the wiped blob store: the first try is told to upload it again. */
  g_assert_cmpuint (count_prefixed (cycle, "POST /county/v1/submissions 200"), >=, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "delivered")),
                    ==, 1);
  bodies = json_object_get_array_member (state, "bodies");
  body = json_array_get_string_element (bodies, json_array_get_length (bodies) - 1);
  g_assert_nonnull (strstr (body, corrected->outbox_uuid));
  g_assert_null (strstr (body, "\"revision\""));
  g_assert_null (strstr (body, "\"supersedes\""));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (state, "cases")), ==, 5);
  assert_no_violations (state);

  shown = show (fixture, receipt (story, 1));
  g_assert_cmpstr (json_object_get_string_member (shown, "state"), ==, "sent");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (shown, "outbox"),
                                               "revision"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (shown, "case_number"), !=,
                   story->lost_cases[1]);
}

/* Four submissions with three scans (one shared) cross to the county written from the page:
 * the answer to the first batch is lost, so the next cycle replays it; the county then loses
 * its scans, so the terminal uploads one again when told it is missing; a status comes back;
 * the catalogue is fetched once and then answered 304; the returned case, corrected, goes out
 * as a revision this county does not know of. */
static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_auto(Story) story = { 0, };

  if (!county_start (fixture))
    return;
  enroll_and_queue (fixture, &story);
  cycle_answer_lost (fixture, &story);
  cycle_replayed (fixture, &story);
  cycle_status_back (fixture, &story);
  cycle_correction (fixture, &story);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/protocol-interop/spec-county/delivered-once-scans-statuses-catalog", Fixture,
              NULL, fixture_set_up, test_round_trip, fixture_tear_down);
  return g_test_run ();
}
