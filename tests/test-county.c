/* test-county.c — the reference county server, driven over TLS by a real client
 *
 * Every test starts its own jiujin-county on a loopback port the system chooses, with a fresh
 * data directory, and talks to it with libsoup verifying the test CA, as terminals do.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "jj-protocol.h"
#include "jj-test-county.h"
#include "jj-test-util.h"

typedef struct
{
  guint               status;
  char               *body;
  gsize               length;
  SoupMessageHeaders *headers;
} Reply;

static void
reply_free (Reply *reply)
{
  g_free (reply->body);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

/* One request to @path (relative to the base URL, or absolute); @body (may be NULL) is sent
 * with @content_type; the varargs are more "Name", "value" header pairs, NULL-terminated.
 * NULL with @error when no HTTP answer came (a reset, a truncated body). */
static Reply *
request_full (SoupSession  *session,
              JjTestCounty *county,
              const char   *method,
              const char   *path,
              const char   *token,
              const char   *content_type,
              const char   *body,
              gsize         length,
              GError      **error,
              ...)
{
  g_autofree char *url = g_str_has_prefix (path, "https://")
    ? g_strdup (path) : g_strconcat (jj_test_county_get_base_url (county), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  SoupMessageHeaders *request_headers;
  Reply *reply;
  const char *name;
  va_list args;

  g_assert_nonnull (msg);
  request_headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (request_headers, "Authorization", authorization);
    }
  va_start (args, error);
  while ((name = va_arg (args, const char *)) != NULL)
    soup_message_headers_replace (request_headers, name, va_arg (args, const char *));
  va_end (args);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, length);

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }

  answer = soup_session_send_and_read (session, msg, NULL, error);
  if (answer == NULL)
    return NULL;
  reply = g_new0 (Reply, 1);
  reply->status = soup_message_get_status (msg);
  /* Bodies may hold NUL bytes (gzip): keep them all, and a NUL after them. */
  reply->length = g_bytes_get_size (answer);
  reply->body = g_malloc (reply->length + 1);
  if (reply->length > 0)
    memcpy (reply->body, g_bytes_get_data (answer, NULL), reply->length);
  reply->body[reply->length] = '\0';
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return reply;
}

static Reply *
request (SoupSession  *session,
         JjTestCounty *county,
         const char   *method,
         const char   *path,
         const char   *token,
         const char   *json)
{
  g_autoptr(GError) error = NULL;
  Reply *reply = request_full (session, county, method, path, token, "application/json", json,
                               json != NULL ? strlen (json) : 0, &error, NULL);

  g_assert_no_error (error);
  return reply;
}

static JsonObject *
reply_object (Reply *reply)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (reply->body, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* Asserts @reply is a problem+json of @status and type @name; returns its detail. */
static void
assert_problem (Reply      *reply,
                guint       status,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjProblem) problem = NULL;

  g_test_message ("%u %s", reply->status, reply->body);
  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==,
                   "application/problem+json");
  problem = jj_problem_parse (reply->body, reply->length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problem->status, ==, status);
  g_assert_cmpstr (problem->name, ==, name);
}

/* Enrolls a terminal for @service_point and returns its token; @terminal_id, when not NULL,
 * receives its id. */
static char *
enroll (SoupSession  *session,
        JjTestCounty *county,
        const char   *service_point,
        char        **terminal_id)
{
  g_autofree char *code = jj_test_county_issue_code (county, service_point);
  g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\", \"app\": \"0.2.0\", "
                                           "\"hostname\": \"test\"}", code);
  g_autoptr(Reply) reply = request (session, county, "POST", "v1/enroll", NULL, body);
  g_autoptr(JsonObject) object = NULL;

  g_assert_cmpuint (reply->status, ==, 201);
  object = reply_object (reply);
  if (terminal_id != NULL)
    *terminal_id = g_strdup (json_object_get_string_member (object, "terminal_id"));
  return g_strdup (json_object_get_string_member (object, "token"));
}

static void
test_discovery_and_health (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autoptr(Reply) discovery = request (session, county, "GET", "v1/", NULL, NULL);
  g_autoptr(Reply) without_slash = request (session, county, "GET", "v1", NULL, NULL);
  g_autoptr(Reply) health = request (session, county, "GET", "v1/health", NULL, NULL);
  g_autoptr(Reply) health_slash = request (session, county, "GET", "v1/health/", NULL, NULL);
  g_autoptr(JsonObject) object = NULL;
  JsonObject *limits;
  JsonArray *features;

  g_assert_cmpuint (discovery->status, ==, 200);
  object = reply_object (discovery);
  g_assert_cmpstr (json_object_get_string_member (object, "protocol"), ==, "jiujin-sync");
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "attachments"), ==, "v1/attachments/");
  limits = json_object_get_object_member (object, "limits");
  g_assert_cmpint (json_object_get_int_member (limits, "max_batch"), ==, 50);
  g_assert_cmpint (json_object_get_int_member (limits, "max_body_bytes"), ==, 4194304);
  g_assert_cmpint (json_object_get_int_member (limits, "max_attachment_bytes"), ==, 20971520);
  g_assert_cmpint (json_object_get_int_member (limits, "chunk_bytes"), ==, 1048576);
  features = json_object_get_array_member (object, "features");
  g_assert_cmpuint (json_array_get_length (features), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (features, 0), ==, "revisions");
  g_assert_cmpstr (without_slash->body, ==, discovery->body);

  g_assert_cmpuint (health->status, ==, 200);
  g_assert_cmpstr (health->body, ==, "{\"status\":\"ok\"}");
  g_assert_cmpuint (health_slash->status, ==, 200);
}

static Reply *
enroll_with (SoupSession  *session,
             JjTestCounty *county,
             const char   *code)
{
  g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\", \"app\": \"0.2.0\", "
                                           "\"hostname\": \"cunwei-pc\"}", code);

  return request (session, county, "POST", "v1/enroll", NULL, body);
}

static void
test_enrollment (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *code = jj_test_county_issue_code (county, "白石村便民服务站");
  g_autofree char *second = jj_test_county_issue_code (county, "白石村便民服务站");
  g_autofree char *sloppy = g_ascii_strdown (second, -1);
  g_autoptr(Reply) good = enroll_with (session, county, code);
  g_autoptr(Reply) again = enroll_with (session, county, code);
  g_autoptr(Reply) wrong = enroll_with (session, county, "0000-0000-0000");
  g_autoptr(Reply) garbled = enroll_with (session, county, "not a code");
  g_autoptr(Reply) lower_case = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonObject) other = NULL;
  const char *token;

  g_assert_cmpuint (good->status, ==, 201);
  object = reply_object (good);
  g_assert_cmpstr (json_object_get_string_member (object, "terminal_id"), ==, "T0001");
  g_assert_cmpstr (json_object_get_string_member (object, "terminal_code"), ==, "T1");
  g_assert_cmpstr (json_object_get_string_member (object, "service_point"), ==, "白石村便民服务站");
  token = json_object_get_string_member (object, "token");
  g_assert_cmpuint (strlen (token), >=, 43);

  assert_problem (again, 409, "enrollment-code-used");
  assert_problem (wrong, 403, "enrollment-code-invalid");
  assert_problem (garbled, 403, "enrollment-code-invalid");

  /* Codes compare case-insensitively, without their hyphens. */
  g_strdelimit (sloppy, "-", ' ');
  lower_case = enroll_with (session, county, sloppy);
  g_assert_cmpuint (lower_case->status, ==, 201);
  other = reply_object (lower_case);
  g_assert_cmpstr (json_object_get_string_member (other, "terminal_id"), ==, "T0002");
  g_assert_cmpstr (json_object_get_string_member (other, "terminal_code"), ==, "T2");
}

/* A submission item as a terminal freezes it; @attachments is the inside of its array. */
static char *
submission_item (const char *key,
                 const char *receipt_number,
                 const char *attachments)
{
  return g_strdup_printf ("{\"idempotency_key\": \"%s\", \"terminal\": \"T1\", "
                          "\"receipt_number\": \"%s\", \"submitted_at\": \"2026-11-29T01:12:40Z\", "
                          "\"promised_date\": \"2026-12-11\", \"matters\": [\"XZ-0003\"], "
                          "\"applicant\": {\"name\": \"王秀英\", \"id_number\": "
                          "\"430104193804120028\", \"phone\": \"13907311234\", "
                          "\"address\": \"白石村三组 12 号\"}, \"agent\": {\"kind\": \"clerk\"}, "
                          "\"values\": {\"bank_account\": \"6217002920101234567\"}, "
                          "\"materials\": [{\"matter\": \"XZ-0003\", \"index\": 0, "
                          "\"status\": \"received\"}], \"attachments\": [%s]}",
                          key, receipt_number, attachments != NULL ? attachments : "");
}

static char *
batch_of (const char *first_item,
          ...)
{
  GString *out = g_string_new ("{\"items\": [");
  const char *item = first_item;
  va_list args;

  va_start (args, first_item);
  for (gboolean first = TRUE; item != NULL; item = va_arg (args, const char *), first = FALSE)
    {
      if (!first)
        g_string_append (out, ", ");
      g_string_append (out, item);
    }
  va_end (args);
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

/* The results of a batch answer; asserts it was 200. */
static JsonArray *
batch_results (Reply *reply)
{
  g_autoptr(JsonObject) object = NULL;

  g_test_message ("%u %s", reply->status, reply->body);
  g_assert_cmpuint (reply->status, ==, 200);
  object = reply_object (reply);
  return json_array_ref (json_object_get_array_member (object, "results"));
}

static JsonArray *
submit (SoupSession  *session,
        JjTestCounty *county,
        const char   *token,
        const char   *body)
{
  g_autoptr(Reply) reply = request (session, county, "POST", "v1/submissions", token, body);

  return batch_results (reply);
}

/* Submits one new item and returns its case number. */
static char *
submit_one (SoupSession  *session,
            JjTestCounty *county,
            const char   *token,
            char        **key)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *item = submission_item (uuid, "T1-20261129-0001", NULL);
  g_autofree char *body = batch_of (item, NULL);
  g_autoptr(JsonArray) results = submit (session, county, token, body);
  JsonObject *result = json_array_get_object_element (results, 0);

  g_assert_cmpint (json_object_get_int_member (result, "status"), ==, 201);
  if (key != NULL)
    *key = g_steal_pointer (&uuid);
  return g_strdup (json_object_get_string_member (result, "case_number"));
}

static gint64
count_rows (JjTestCounty *county,
            const char   *sql)
{
  g_autofree char *path = g_build_filename (jj_test_county_get_data_dir (county), "county.db",
                                            NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static void
exec_sql (JjTestCounty *county,
          const char   *sql)
{
  g_autofree char *path = g_build_filename (jj_test_county_get_data_dir (county), "county.db",
                                            NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_enrollment_expired (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *code = jj_test_county_issue_code (county, "白石村便民服务站");
  g_autoptr(Reply) reply = NULL;

  exec_sql (county, "UPDATE enrollment_codes SET expires_at = issued_at - 1");
  reply = enroll_with (session, county, code);
  assert_problem (reply, 403, "enrollment-code-expired");
  g_assert_cmpint (count_rows (county, "SELECT COUNT (*) FROM terminals"), ==, 0);
}

static void
test_unauthorized (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *terminal_id = NULL;
  g_autofree char *token = enroll (session, county, "白石村便民服务站", &terminal_id);
  g_autoptr(Reply) none = request (session, county, "GET", "v1/statuses", NULL, NULL);
  g_autoptr(Reply) wrong = request (session, county, "GET", "v1/statuses", "not-a-token", NULL);
  g_autoptr(Reply) good = request (session, county, "GET", "v1/statuses", token, NULL);
  g_autoptr(Reply) revoked = NULL;
  g_autofree char *out = NULL;

  assert_problem (none, 401, "unauthorized");
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (none->headers,
                                                                 "WWW-Authenticate"), "Bearer"));
  assert_problem (wrong, 401, "unauthorized");
  g_assert_cmpuint (good->status, ==, 200);

  out = jj_test_county_admin (county, "revoke", terminal_id, NULL);
  revoked = request (session, county, "GET", "v1/statuses", token, NULL);
  assert_problem (revoked, 401, "unauthorized");
}

static void
test_methods_and_paths (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autoptr(Reply) get_submissions = request (session, county, "GET", "v1/submissions", NULL,
                                              NULL);
  g_autoptr(Reply) delete_health = request (session, county, "DELETE", "v1/health", NULL, NULL);
  g_autoptr(Reply) unknown = request (session, county, "GET", "v2/", NULL, NULL);
  g_autoptr(Reply) deeper = request (session, county, "GET", "v1/cases/a/b", NULL, NULL);

  assert_problem (get_submissions, 405, "method-not-allowed");
  g_assert_cmpstr (soup_message_headers_get_one (get_submissions->headers, "Allow"), ==, "POST");
  assert_problem (delete_health, 405, "method-not-allowed");
  g_assert_cmpstr (soup_message_headers_get_one (delete_health->headers, "Allow"), ==,
                   "GET, HEAD");
  assert_problem (unknown, 404, "not-found");
  assert_problem (deeper, 404, "not-found");
}

/* The result of a replay is the original with "replayed": true, byte for byte the same on
 * every replay; same key with another body changes nothing. */
static void
test_submission_replay (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *token = enroll (session, county, "白石村便民服务站", NULL);
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *item = submission_item (key, "T1-20261129-0007", NULL);
  g_autofree char *body = batch_of (item, NULL);
  g_autofree char *other_item = submission_item (key, "T1-20261129-0008", NULL);
  g_autofree char *other_body = batch_of (other_item, NULL);
  g_autoptr(Reply) first = request (session, county, "POST", "v1/submissions", token, body);
  g_autoptr(Reply) second = request (session, county, "POST", "v1/submissions", token, body);
  g_autoptr(Reply) third = request (session, county, "POST", "v1/submissions", token, body);
  g_autoptr(Reply) reused = request (session, county, "POST", "v1/submissions", token,
                                     other_body);
  g_autoptr(JsonArray) first_results = batch_results (first);
  g_autoptr(JsonArray) second_results = batch_results (second);
  g_autoptr(JsonArray) reused_results = batch_results (reused);
  JsonObject *original = json_array_get_object_element (first_results, 0);
  JsonObject *replay = json_array_get_object_element (second_results, 0);
  JsonObject *refused = json_array_get_object_element (reused_results, 0);
  g_autofree char *case_number = NULL;

  g_assert_cmpint (json_object_get_int_member (original, "status"), ==, 201);
  g_assert_false (json_object_get_boolean_member (original, "replayed"));
  g_assert_cmpstr (json_object_get_string_member (original, "idempotency_key"), ==, key);
  case_number = g_strdup (json_object_get_string_member (original, "case_number"));
  g_assert_true (g_regex_match_simple ("^JX20[0-9]{2}-000001$", case_number, 0, 0));

  g_assert_cmpint (json_object_get_int_member (replay, "status"), ==, 201);
  g_assert_true (json_object_get_boolean_member (replay, "replayed"));
  g_assert_cmpstr (json_object_get_string_member (replay, "case_number"), ==, case_number);
  g_assert_cmpstr (json_object_get_string_member (replay, "received_at"), ==,
                   json_object_get_string_member (original, "received_at"));
  g_assert_cmpstr (second->body, ==, third->body);

  g_assert_cmpint (json_object_get_int_member (refused, "status"), ==, 422);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (refused,
                                                                                 "problem"),
                                                  "type"),
                   ==, "urn:jiujin:problem:idempotency-key-reused");
  g_assert_cmpint (count_rows (county, "SELECT COUNT (*) FROM cases"), ==, 1);
  g_assert_cmpint (count_rows (county, "SELECT COUNT (*) FROM cases"
                                       " WHERE receipt_number = 'T1-20261129-0007'"), ==, 1);
}

/* The fingerprint is over canonical JSON: other whitespace and member order are the same body. */
static void
test_submission_replay_other_layout (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *token = enroll (session, county, "白石村便民服务站", NULL);
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *item = submission_item (key, "T1-20261129-0001", NULL);
  g_autoptr(JsonNode) node = json_from_string (item, NULL);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *pretty = NULL;
  g_autofree char *body = batch_of (item, NULL);
  g_autofree char *pretty_body = NULL;
  g_autoptr(JsonArray) first = NULL;
  g_autoptr(JsonArray) again = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  pretty = json_generator_to_data (generator, NULL);
  pretty_body = batch_of (pretty, NULL);

  first = submit (session, county, token, body);
  again = submit (session, county, token, pretty_body);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (again, 0),
                                                 "replayed"));
  g_assert_cmpint (count_rows (county, "SELECT COUNT (*) FROM cases"), ==, 1);
}

static void
assert_item_problem (JsonArray  *results,
                     guint       index,
                     guint       status,
                     const char *type,
                     const char *detail)
{
  JsonObject *result = json_array_get_object_element (results, index);
  JsonObject *problem = json_object_get_object_member (result, "problem");

  g_assert_cmpint (json_object_get_int_member (result, "status"), ==, status);
  g_assert_cmpstr (json_object_get_string_member (problem, "type"), ==, type);
  if (detail != NULL)
    g_assert_cmpstr (json_object_get_string_member (problem, "detail"), ==, detail);
}

/* A bad item is refused alone, naming its member; the good one beside it is stored. */
static void
test_submission_invalid_items (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *token = enroll (session, county, "白石村便民服务站", NULL);
  g_autofree char *good_key = g_uuid_string_random ();
  g_autofree char *good = submission_item (good_key, "T1-20261129-0001", NULL);
  g_autofree char *number_id = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *bad_key = NULL;
  g_autofree char *bad_sha = NULL;
  g_autofree char *no_name = g_strdup ("{\"idempotency_key\": "
                                       "\"0b7e5b2a-64a5-4b4e-9a4e-2a0c5a1d3f20\"}");
  g_autofree char *body = NULL;
  g_autoptr(JsonArray) results = NULL;
  g_autofree char *key = NULL;
  char *at;

  key = g_uuid_string_random ();
  number_id = submission_item (key, "T1-20261129-0002", NULL);
  at = strstr (number_id, "\"430104193804120028\"");
  memcpy (at, " 430104193804120028 ", 20);
  g_free (key);
  key = g_uuid_string_random ();
  unknown = submission_item (key, "T1-20261129-0003", NULL);
  unknown[strlen (unknown) - 1] = '\0';
  at = g_strconcat (unknown, ", \"priority\": 1}", NULL);
  g_free (unknown);
  unknown = at;
  bad_key = submission_item ("not-a-uuid", "T1-20261129-0004", NULL);
  g_free (key);
  key = g_uuid_string_random ();
  bad_sha = submission_item (key, "T1-20261129-0005", "{\"sha256\": \"XYZ\"}");

  body = batch_of (good, number_id, unknown, bad_key, bad_sha, no_name, NULL);
  results = submit (session, county, token, body);
  g_assert_cmpuint (json_array_get_length (results), ==, 6);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (results, 0),
                                               "status"), ==, 201);
  assert_item_problem (results, 1, 422, "urn:jiujin:problem:invalid-submission",
                       "items[1].applicant.id_number: expected a string, got an integer");
  assert_item_problem (results, 2, 422, "urn:jiujin:problem:invalid-submission",
                       "items[2].priority: not a member the protocol defines");
  assert_item_problem (results, 3, 422, "urn:jiujin:problem:invalid-submission",
                       "items[3].idempotency_key: expected a UUID");
  assert_item_problem (results, 4, 422, "urn:jiujin:problem:invalid-submission", NULL);
  assert_item_problem (results, 5, 422, "urn:jiujin:problem:invalid-submission",
                       "items[5].terminal: missing");
  g_assert_cmpint (count_rows (county, "SELECT COUNT (*) FROM cases"), ==, 1);
}

/* Whole-batch errors: nothing is stored, and what was stored before stays. */
static void
test_submission_bad_batches (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *token = enroll (session, county, "白石村便民服务站", NULL);
  g_autofree char *stored = submit_one (session, county, token, NULL);
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *item = submission_item (key, "T1-20261129-0009", NULL);
  g_autofree char *extra_member = g_strdup_printf ("{\"items\": [%s], \"dry_run\": true}", item);
  g_autoptr(GString) many = g_string_new ("{\"items\": [");
  g_autoptr(GString) huge = g_string_new ("{\"items\": [], \"pad\": \"");
  g_autoptr(GString) deep = g_string_new ("{\"items\": ");
  g_autoptr(GError) error = NULL;
  struct
  {
    const char *body;
    guint       status;
    const char *type;
  } cases[] = {
    { "{\"items\": [", 400, "malformed-json" },
    { "[1, 2]", 400, "invalid-request" },
    { "{\"items\": {}}", 400, "invalid-request" },
    { "{\"items\": [\"x\"]}", 400, "invalid-request" },
    { "{}", 400, "invalid-request" },
    { extra_member, 400, "invalid-request" },
    { "", 400, "invalid-request" },
  };
  g_autoptr(Reply) text = NULL;
  g_autoptr(Reply) too_many = NULL;
  g_autoptr(Reply) too_big = NULL;
  g_autoptr(Reply) too_deep = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) reply = request (session, county, "POST", "v1/submissions", token,
                                        cases[i].body);

      assert_problem (reply, cases[i].status, cases[i].type);
    }

  text = request_full (session, county, "POST", "v1/submissions", token, "text/plain", item,
                       strlen (item), &error, NULL);
  g_assert_no_error (error);
  assert_problem (text, 415, "unsupported-media-type");

  for (guint i = 0; i < 51; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *one = submission_item (uuid, "T1-20261129-0100", NULL);

      g_string_append_printf (many, "%s%s", i > 0 ? ", " : "", one);
    }
  g_string_append (many, "]}");
  too_many = request (session, county, "POST", "v1/submissions", token, many->str);
  assert_problem (too_many, 413, "too-large");

  while (huge->len < 4 * 1024 * 1024 + 10)
    g_string_append (huge, "0123456789abcdef");
  g_string_append (huge, "\"}");
  too_big = request (session, county, "POST", "v1/submissions", token, huge->str);
  assert_problem (too_big, 413, "too-large");

  /* Without a Content-Length the server counts the body as it comes and drops it once it is
   * too large. */
  {
    g_autofree char *url = g_strconcat (jj_test_county_get_base_url (county), "v1/submissions",
                                        NULL);
    g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (huge->str, huge->len,
                                                                          NULL);
    g_autoptr(GBytes) answer = NULL;
    g_autoptr(JjProblem) problem = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                  authorization);
    soup_message_set_request_body (msg, "application/json", stream, -1);
    answer = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 413);
    problem = jj_problem_parse (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                &error);
    g_assert_no_error (error);
    g_assert_cmpstr (problem->name, ==, "too-large");
  }

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  too_deep = request (session, county, "POST", "v1/submissions", token, deep->str);
  assert_problem (too_deep, 400, "invalid-request");

  g_assert_cmpint (count_rows (county, "SELECT COUNT (*) FROM cases"), ==, 1);
  g_assert_cmpint (count_rows (county, "SELECT COUNT (*) FROM cases WHERE receipt_number"
                                       " = 'T1-20261129-0100'"), ==, 0);
}

/* Uploads @data with plain tus requests and returns its SHA-256. */
static char *
upload_scan (SoupSession  *session,
             JjTestCounty *county,
             const char   *token,
             const char   *data,
             gsize         length)
{
  g_autofree char *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data,
                                                         length);
  g_autofree char *metadata = jj_tus_metadata_format ("sha256", sha256, "filename", "户口簿.jpg",
                                                      "filetype", "image/jpeg", NULL);
  g_autofree char *upload_length = g_strdup_printf ("%" G_GSIZE_FORMAT, length);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *chunk_sum = NULL;
  g_autofree char *upload_checksum = NULL;
  g_autoptr(Reply) created = NULL;
  g_autoptr(Reply) patched = NULL;
  g_autoptr(GError) error = NULL;
  guint8 digest[32];
  gsize digest_length = sizeof digest;

  created = request_full (session, county, "POST", "v1/attachments/", token, NULL, NULL, 0,
                          &error, "Tus-Resumable", "1.0.0", "Upload-Length", upload_length,
                          "Upload-Metadata", metadata, NULL);
  g_assert_no_error (error);
  g_test_message ("%u %s", created->status, created->body);
  g_assert_cmpuint (created->status, ==, 201);

  g_checksum_update (checksum, (const guchar *) data, length);
  g_checksum_get_digest (checksum, digest, &digest_length);
  chunk_sum = g_base64_encode (digest, digest_length);
  upload_checksum = g_strconcat ("sha256 ", chunk_sum, NULL);
  patched = request_full (session, county, "PATCH",
                          soup_message_headers_get_one (created->headers, "Location"), token,
                          "application/offset+octet-stream", data, length, &error,
                          "Tus-Resumable", "1.0.0", "Upload-Offset", "0",
                          "Upload-Checksum", upload_checksum, NULL);
  g_assert_no_error (error);
  g_test_message ("%u %s", patched->status, patched->body);
  g_assert_cmpuint (patched->status, ==, 204);
  return g_steal_pointer (&sha256);
}

static void
test_submission_attachment_missing (void)
{
  static const char scan[] = "\xff\xd8\xff\xe0 a scan of a household register";
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *token = enroll (session, county, "白石村便民服务站", NULL);
  g_autofree char *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                         (const guchar *) scan, sizeof scan - 1);
  g_autofree char *attachment = g_strdup_printf ("{\"sha256\": \"%s\", \"filename\": "
                                                 "\"户口簿.jpg\", \"material\": 0}", sha256);
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *item = submission_item (key, "T1-20261129-0001", attachment);
  g_autofree char *body = batch_of (item, NULL);
  g_autoptr(JsonArray) refused = submit (session, county, token, body);
  g_autoptr(JsonArray) stored = NULL;
  g_autofree char *uploaded = NULL;
  JsonObject *problem;
  JsonArray *missing;

  assert_item_problem (refused, 0, 409, "urn:jiujin:problem:attachment-missing", NULL);
  problem = json_object_get_object_member (json_array_get_object_element (refused, 0), "problem");
  missing = json_object_get_array_member (problem, "missing");
  g_assert_cmpuint (json_array_get_length (missing), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (missing, 0), ==, sha256);
  g_assert_nonnull (strstr (json_object_get_string_member (problem, "detail"), "户口簿.jpg"));
  g_assert_cmpint (count_rows (county, "SELECT COUNT (*) FROM cases"), ==, 0);

  uploaded = upload_scan (session, county, token, scan, sizeof scan - 1);
  g_assert_cmpstr (uploaded, ==, sha256);
  stored = submit (session, county, token, body);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (stored, 0),
                                               "status"), ==, 201);
}

/* A token reaches only its own terminal's cases and statuses. */
static void
test_cases_of_other_terminals (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *mine = enroll (session, county, "白石村便民服务站", NULL);
  g_autofree char *theirs = enroll (session, county, "黄泥村便民服务站", NULL);
  g_autofree char *key = NULL;
  g_autofree char *number = submit_one (session, county, mine, &key);
  g_autofree char *path = g_strconcat ("v1/cases/", number, NULL);
  g_autofree char *out = jj_test_county_admin (county, "case", "accept", number, NULL);
  g_autoptr(Reply) own = request (session, county, "GET", path, mine, NULL);
  g_autoptr(Reply) other = request (session, county, "GET", path, theirs, NULL);
  g_autoptr(Reply) nowhere = request (session, county, "GET", "v1/cases/JX2026-999999", mine,
                                      NULL);
  g_autoptr(Reply) own_feed = request (session, county, "GET", "v1/statuses", mine, NULL);
  g_autoptr(Reply) other_feed = request (session, county, "GET", "v1/statuses", theirs, NULL);
  g_autoptr(JsonObject) case_object = NULL;
  g_autoptr(JsonObject) own_page = NULL;
  g_autoptr(JsonObject) other_page = NULL;

  g_assert_cmpuint (own->status, ==, 200);
  case_object = reply_object (own);
  g_assert_cmpstr (json_object_get_string_member (case_object, "case_number"), ==, number);
  g_assert_cmpstr (json_object_get_string_member (case_object, "idempotency_key"), ==, key);
  g_assert_cmpstr (json_object_get_string_member (case_object, "state"), ==, "accepted");
  g_assert_true (json_object_has_member (case_object, "updated_at"));
  assert_problem (other, 404, "not-found");
  assert_problem (nowhere, 404, "not-found");

  own_page = reply_object (own_feed);
  other_page = reply_object (other_feed);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (own_page, "events")),
                    ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (other_page, "events")),
                    ==, 0);
}

/* GET @path then @rest with @token; asserts 200 and returns the object. */
static JsonObject *
get_object (SoupSession  *session,
            JjTestCounty *county,
            const char   *token,
            const char   *path,
            const char   *rest)
{
  g_autofree char *full = g_strconcat (path, rest, NULL);
  g_autoptr(Reply) reply = request (session, county, "GET", full, token, NULL);

  g_test_message ("%s: %u %s", full, reply->status, reply->body);
  g_assert_cmpuint (reply->status, ==, 200);
  return reply_object (reply);
}

static JsonObject *
statuses_page (SoupSession  *session,
               JjTestCounty *county,
               const char   *token,
               const char   *query)
{
  return get_object (session, county, token, "v1/statuses", query);
}

static void
test_statuses_paging (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *token = enroll (session, county, "白石村便民服务站", NULL);
  g_autofree char *other = enroll (session, county, "黄泥村便民服务站", NULL);
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autofree char *next = NULL;
  g_autofree char *other_number = submit_one (session, county, other, NULL);
  g_autofree char *other_out = jj_test_county_admin (county, "case", "accept", other_number,
                                                     NULL);
  g_autoptr(Reply) bogus = request (session, county, "GET", "v1/statuses?after=banana", token,
                                    NULL);
  g_autoptr(Reply) foreign = NULL;
  g_autoptr(Reply) zero_limit = request (session, county, "GET", "v1/statuses?limit=0", token,
                                         NULL);
  guint pages = 0;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *accept = NULL;

      g_ptr_array_add (numbers, submit_one (session, county, token, NULL));
      accept = jj_test_county_admin (county, "case", "accept", numbers->pdata[i], NULL);
    }
  g_free (jj_test_county_admin (county, "case", "complete", numbers->pdata[0], NULL));
  g_free (jj_test_county_admin (county, "case", "return", numbers->pdata[1], "--reason",
                                "户口簿复印件不清晰，请重新提交。", NULL));
  g_free (jj_test_county_admin (county, "case", "reject", numbers->pdata[2], "--reason",
                                "不符合条件", NULL));

  /* 7 events in pages of 3: 3, 3, 1. */
  next = g_strdup ("");
  do
    {
      g_autofree char *query = g_strdup_printf ("?limit=3%s%s", *next != '\0' ? "&after=" : "",
                                                next);
      JsonArray *events;

      g_clear_pointer (&page, json_object_unref);
      page = statuses_page (session, county, token, query);
      events = json_object_get_array_member (page, "events");
      for (guint i = 0; i < json_array_get_length (events); i++)
        {
          JsonObject *event = json_array_get_object_element (events, i);

          g_string_append_printf (seen, "%s %s%s%s\n",
                                  json_object_get_string_member (event, "case_number"),
                                  json_object_get_string_member (event, "state"),
                                  json_object_has_member (event, "reason") ? " " : "",
                                  json_object_get_string_member_with_default (event, "reason",
                                                                              ""));
          g_assert_true (json_object_has_member (event, "idempotency_key"));
          g_assert_true (json_object_has_member (event, "at"));
        }
      g_free (next);
      next = g_strdup (json_object_get_string_member (page, "next"));
      pages++;
      g_assert_cmpuint (json_array_get_length (events), ==, pages < 3 ? 3 : 1);
    }
  while (json_object_get_boolean_member (page, "more"));

  g_assert_cmpuint (pages, ==, 3);
  g_assert_nonnull (strstr (seen->str, "returned 户口簿复印件不清晰，请重新提交。"));
  g_assert_nonnull (strstr (seen->str, "rejected 不符合条件"));
  g_assert_null (strstr (seen->str, other_number));

  /* At the end of the feed, asking again gives nothing new and the same cursor. */
  g_clear_pointer (&page, json_object_unref);
  {
    g_autofree char *query = g_strconcat ("?after=", next, NULL);

    page = statuses_page (session, county, token, query);
  }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "events")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (page, "next"), ==, next);
  g_assert_false (json_object_get_boolean_member (page, "more"));

  assert_problem (bogus, 400, "invalid-cursor");
  foreign = request (session, county, "GET", "v1/statuses?after=1", token, NULL);
  assert_problem (foreign, 400, "invalid-cursor");
  assert_problem (zero_limit, 400, "invalid-request");
}

static void
test_case_transitions (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *token = enroll (session, county, "白石村便民服务站", NULL);
  g_autofree char *number = submit_one (session, county, token, NULL);
  const char *no_reason[] = { "case", "return", number, NULL };
  const char *unknown[] = { "case", "accept", "JX2026-999999", NULL };
  const char *show_unknown[] = { "case", "show", "JX2026-999999", NULL };
  const char *after_reject[] = { "case", "complete", number, NULL };
  const char *reject[] = { "case", "reject", number, "--reason", "材料不全", NULL };
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (jj_test_county_admin_argv (county, no_reason, NULL, NULL), ==, 2);
  g_assert_cmpint (jj_test_county_admin_argv (county, unknown, NULL, NULL), ==, 3);
  g_assert_cmpint (jj_test_county_admin_argv (county, show_unknown, NULL, NULL), ==, 3);
  g_assert_cmpint (jj_test_county_admin_argv (county, reject, NULL, NULL), ==, 0);
  g_assert_cmpint (jj_test_county_admin_argv (county, after_reject, NULL, NULL), ==, 6);

  json = jj_test_county_admin (county, "cases", "--json", NULL);
  g_assert_nonnull (strstr (json, "\"state\" : \"rejected\""));
  g_assert_nonnull (strstr (json, "材料不全"));
  text = jj_test_county_admin (county, "cases", "--terminal", "T0001", NULL);
  g_assert_nonnull (strstr (text, number));
  g_assert_nonnull (strstr (text, "rejected"));
}

/* submission_item () with more members, @members written as JSON without braces. */
static char *
item_with (const char *key,
           const char *receipt_number,
           const char *members)
{
  g_autofree char *item = submission_item (key, receipt_number, NULL);

  item[strlen (item) - 1] = '\0';
  return g_strdup_printf ("%s, %s}", item, members);
}

/* A later revision of an application (section 7, "Revisions"). */
static char *
revision_item (const char *key,
               const char *receipt_number,
               gint64      revision,
               const char *supersedes)
{
  g_autofree char *members = g_strdup_printf ("\"revision\": %" G_GINT64_FORMAT ", "
                                              "\"supersedes\": \"%s\"", revision, supersedes);

  return item_with (key, receipt_number, members);
}

/* Submits one item alone and returns its result. */
static JsonObject *
submit_item (SoupSession  *session,
             JjTestCounty *county,
             const char   *token,
             const char   *item)
{
  g_autofree char *body = batch_of (item, NULL);
  g_autoptr(JsonArray) results = submit (session, county, token, body);

  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  return json_object_ref (json_array_get_object_element (results, 0));
}

static JsonObject *
get_case (SoupSession  *session,
          JjTestCounty *county,
          const char   *token,
          const char   *number)
{
  return get_object (session, county, token, "v1/cases/", number);
}

static void
assert_revision (JsonObject *case_object,
                 guint       index,
                 gint64      revision,
                 const char *key)
{
  JsonArray *revisions = json_object_get_array_member (case_object, "revisions");
  JsonObject *entry = json_array_get_object_element (revisions, index);

  g_assert_cmpint (json_object_get_int_member (entry, "revision"), ==, revision);
  g_assert_cmpstr (json_object_get_string_member (entry, "idempotency_key"), ==, key);
  g_assert_true (json_object_has_member (entry, "received_at"));
}

/* A returned case corrected at the terminal comes back as revision 2 of the same case:
 * same case number, received again, both revisions in its history, each key replayable on
 * its own, and the feed names the revision each event was about. */
static void
test_revision_of_returned_case (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *token = enroll (session, county, "白石村便民服务站", NULL);
  g_autofree char *first_key = NULL;
  g_autofree char *number = submit_one (session, county, token, &first_key);
  g_autofree char *second_key = g_uuid_string_random ();
  g_autofree char *third_key = g_uuid_string_random ();
  g_autofree char *first_item = submission_item (first_key, "T1-20261129-0001", NULL);
  g_autofree char *second_item = revision_item (second_key, "T1-20261129-0001", 2, first_key);
  g_autofree char *third_item = revision_item (third_key, "T1-20261129-0001", 3, second_key);
  g_autoptr(JsonObject) revised = NULL;
  g_autoptr(JsonObject) replay_first = NULL;
  g_autoptr(JsonObject) replay_second = NULL;
  g_autoptr(JsonObject) received_again = NULL;
  g_autoptr(JsonObject) case_object = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autofree char *returned = NULL;
  g_autofree char *accepted = NULL;
  g_autofree char *list = NULL;
  g_autofree char *list_json = NULL;
  g_autofree char *show = NULL;
  g_autofree char *show_json = NULL;
  JsonArray *events;

  returned = jj_test_county_admin (county, "case", "return", number, "--reason",
                                   "户口簿复印件不清晰，请重新提交。", NULL);
  revised = submit_item (session, county, token, second_item);
  g_assert_cmpint (json_object_get_int_member (revised, "status"), ==, 201);
  g_assert_cmpstr (json_object_get_string_member (revised, "idempotency_key"), ==, second_key);
  g_assert_cmpstr (json_object_get_string_member (revised, "case_number"), ==, number);
  g_assert_cmpint (json_object_get_int_member (revised, "revision"), ==, 2);
  g_assert_false (json_object_get_boolean_member (revised, "replayed"));

  case_object = get_case (session, county, token, number);
  g_assert_cmpstr (json_object_get_string_member (case_object, "state"), ==, "received");
  g_assert_true (json_object_get_null_member (case_object, "reason"));
  g_assert_cmpstr (json_object_get_string_member (case_object, "idempotency_key"), ==,
                   second_key);
  g_assert_cmpint (json_object_get_int_member (case_object, "revision"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (case_object,
                                                                         "revisions")), ==, 2);
  assert_revision (case_object, 0, 1, first_key);
  assert_revision (case_object, 1, 2, second_key);
  g_assert_cmpint (count_rows (county, "SELECT COUNT (*) FROM cases"), ==, 1);

  /* Each key answers its own original result. */
  replay_first = submit_item (session, county, token, first_item);
  g_assert_cmpstr (json_object_get_string_member (replay_first, "case_number"), ==, number);
  g_assert_true (json_object_get_boolean_member (replay_first, "replayed"));
  g_assert_false (json_object_has_member (replay_first, "revision"));
  replay_second = submit_item (session, county, token, second_item);
  g_assert_true (json_object_get_boolean_member (replay_second, "replayed"));
  g_assert_cmpint (json_object_get_int_member (replay_second, "revision"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (replay_second, "received_at"), ==,
                   json_object_get_string_member (revised, "received_at"));

  /* A case still received (not acted on) takes a revision too. */
  received_again = submit_item (session, county, token, third_item);
  g_assert_cmpint (json_object_get_int_member (received_again, "status"), ==, 201);
  g_assert_cmpstr (json_object_get_string_member (received_again, "case_number"), ==, number);
  g_assert_cmpint (json_object_get_int_member (received_again, "revision"), ==, 3);

  accepted = jj_test_county_admin (county, "case", "accept", number, NULL);
  page = statuses_page (session, county, token, "");
  events = json_object_get_array_member (page, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0),
                                                  "idempotency_key"), ==, first_key);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0),
                                                  "state"), ==, "returned");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 1),
                                                  "idempotency_key"), ==, third_key);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 1),
                                                  "state"), ==, "accepted");

  list = jj_test_county_admin (county, "cases", NULL);
  g_assert_nonnull (strstr (list, "revision 3"));
  list_json = jj_test_county_admin (county, "cases", "--json", NULL);
  g_assert_nonnull (strstr (list_json, "\"revision\" : 3"));
  show = jj_test_county_admin (county, "case", "show", number, NULL);
  g_test_message ("%s", show);
  g_assert_nonnull (strstr (show, first_key));
  g_assert_nonnull (strstr (show, third_key));
  g_assert_nonnull (strstr (show, "revision 2"));
  show_json = jj_test_county_admin (county, "case", "show", number, "--json", NULL);
  g_assert_nonnull (strstr (show_json, "\"revisions\""));
  g_assert_nonnull (strstr (show_json, second_key));
}

/* The revision it supersedes never reached the county: the correction is a new case, with
 * the revision number it was given. */
static void
test_revision_of_unknown_key (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *token = enroll (session, county, "白石村便民服务站", NULL);
  g_autofree char *other = enroll (session, county, "黄泥村便民服务站", NULL);
  g_autofree char *other_key = NULL;
  g_autofree char *other_number = submit_one (session, county, other, &other_key);
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *never_sent = g_uuid_string_random ();
  g_autofree char *item = revision_item (key, "T1-20261129-0001", 2, never_sent);
  g_autofree char *key_b = g_uuid_string_random ();
  g_autofree char *item_b = revision_item (key_b, "T1-20261129-0002", 2, other_key);
  g_autoptr(JsonObject) result = submit_item (session, county, token, item);
  g_autoptr(JsonObject) result_b = submit_item (session, county, token, item_b);
  g_autoptr(JsonObject) case_object = NULL;
  const char *number;

  g_assert_cmpint (json_object_get_int_member (result, "status"), ==, 201);
  g_assert_cmpint (json_object_get_int_member (result, "revision"), ==, 2);
  number = json_object_get_string_member (result, "case_number");
  g_assert_cmpstr (number, !=, other_number);
  case_object = get_case (session, county, token, number);
  g_assert_cmpint (json_object_get_int_member (case_object, "revision"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (case_object,
                                                                         "revisions")), ==, 1);
  assert_revision (case_object, 0, 2, key);

  /* Another terminal's key is unknown to this one: a new case, theirs untouched. */
  g_assert_cmpint (json_object_get_int_member (result_b, "status"), ==, 201);
  g_assert_cmpstr (json_object_get_string_member (result_b, "case_number"), !=, other_number);
  g_assert_cmpint (count_rows (county, "SELECT COUNT (*) FROM cases"), ==, 3);
  g_assert_cmpint (count_rows (county, "SELECT revision FROM cases WHERE receipt_number ="
                                       " 'T1-20261129-0001' AND terminal_id = 'T0001'"), ==, 2);
}

/* A case the county has acted on takes no revision, and only the latest revision can be
 * superseded; neither refusal stores anything. */
static void
test_revision_refused (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *token = enroll (session, county, "白石村便民服务站", NULL);
  g_autofree char *accepted_key = NULL;
  g_autofree char *accepted = submit_one (session, county, token, &accepted_key);
  g_autofree char *rejected_key = NULL;
  g_autofree char *rejected = submit_one (session, county, token, &rejected_key);
  g_autofree char *returned_key = NULL;
  g_autofree char *returned = submit_one (session, county, token, &returned_key);
  g_autofree char *second_key = g_uuid_string_random ();
  g_autofree char *second = revision_item (second_key, "T1-20261129-0001", 2, returned_key);
  const char *reject_args[] = { "case", "reject", rejected, "--reason", "不符合条件", NULL };
  const char *return_args[] = { "case", "return", returned, "--reason", "请补充材料", NULL };
  g_autofree char *out = jj_test_county_admin (county, "case", "accept", accepted, NULL);
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(JsonObject) case_object = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonArray) results = NULL;
  g_autofree char *closed_a = NULL;
  g_autofree char *closed_b = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *same_number = NULL;
  g_autofree char *body = NULL;
  g_autofree char *stale_key = g_uuid_string_random ();
  g_autofree char *same_key = g_uuid_string_random ();
  g_autofree char *closed_key = g_uuid_string_random ();
  g_autofree char *closed_b_key = g_uuid_string_random ();
  gint64 revisions;

  g_assert_cmpint (jj_test_county_admin_argv (county, reject_args, NULL, NULL), ==, 0);
  g_assert_cmpint (jj_test_county_admin_argv (county, return_args, NULL, NULL), ==, 0);
  stored = submit_item (session, county, token, second);
  g_assert_cmpint (json_object_get_int_member (stored, "status"), ==, 201);
  before = get_case (session, county, token, returned);
  revisions = count_rows (county, "SELECT COUNT (*) FROM case_revisions");

  closed_a = revision_item (closed_key, "T1-20261129-0001", 2, accepted_key);
  closed_b = revision_item (closed_b_key, "T1-20261129-0001", 2, rejected_key);
  stale = revision_item (stale_key, "T1-20261129-0001", 3, returned_key);
  same_number = revision_item (same_key, "T1-20261129-0001", 2, second_key);
  body = batch_of (closed_a, closed_b, stale, same_number, NULL);
  results = submit (session, county, token, body);
  assert_item_problem (results, 0, 422, "urn:jiujin:problem:case-closed", NULL);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0),
                                                  "idempotency_key"), ==, closed_key);
  assert_item_problem (results, 1, 422, "urn:jiujin:problem:case-closed", NULL);
  assert_item_problem (results, 2, 422, "urn:jiujin:problem:revision-conflict", NULL);
  assert_item_problem (results, 3, 422, "urn:jiujin:problem:revision-conflict", NULL);

  g_assert_cmpint (count_rows (county, "SELECT COUNT (*) FROM case_revisions"), ==, revisions);
  g_assert_cmpint (count_rows (county, "SELECT COUNT (*) FROM cases"), ==, 3);
  case_object = get_case (session, county, token, returned);
  g_assert_cmpstr (json_object_get_string_member (case_object, "idempotency_key"), ==,
                   second_key);
  g_assert_cmpstr (json_object_get_string_member (case_object, "updated_at"), ==,
                   json_object_get_string_member (before, "updated_at"));
  g_clear_pointer (&case_object, json_object_unref);
  case_object = get_case (session, county, token, accepted);
  g_assert_cmpstr (json_object_get_string_member (case_object, "state"), ==, "accepted");
  g_assert_cmpint (json_object_get_int_member (case_object, "revision"), ==, 1);
}

/* `revision` and `supersedes` come together, as a number from 2 and a UUID. */
static void
test_revision_members_validated (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *token = enroll (session, county, "白石村便民服务站", NULL);
  g_autofree char *key = NULL;
  g_autofree char *number = submit_one (session, county, token, &key);
  g_autofree char *self_key = g_uuid_string_random ();
  char *key_of[7];
  char *items[7];
  g_autofree char *body = NULL;
  g_autofree char *lone_supersedes = g_strdup_printf ("\"supersedes\": \"%s\"", key);
  g_autofree char *string_revision = g_strdup_printf ("\"revision\": \"2\", "
                                                      "\"supersedes\": \"%s\"", key);
  g_autoptr(JsonArray) results = NULL;
  g_autoptr(JsonObject) case_object = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (key_of); i++)
    key_of[i] = g_uuid_string_random ();
  items[0] = revision_item (key_of[0], "T1-20261129-0001", 1, key);
  items[1] = item_with (key_of[1], "T1-20261129-0001", "\"revision\": 2");
  items[2] = item_with (key_of[2], "T1-20261129-0001", lone_supersedes);
  items[3] = revision_item (key_of[3], "T1-20261129-0001", 2, "not-a-uuid");
  items[4] = revision_item (self_key, "T1-20261129-0001", 2, self_key);
  items[5] = item_with (key_of[5], "T1-20261129-0001", string_revision);
  items[6] = item_with (key_of[6], "T1-20261129-0001",
                        "\"revision\": null, \"supersedes\": null");

  body = batch_of (items[0], items[1], items[2], items[3], items[4], items[5], items[6], NULL);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_free (items[i]);
      g_free (key_of[i]);
    }
  results = submit (session, county, token, body);
  assert_item_problem (results, 0, 422, "urn:jiujin:problem:invalid-submission",
                       "items[0].revision: expected a revision number of 2 or more (the first "
                       "revision has none)");
  assert_item_problem (results, 1, 422, "urn:jiujin:problem:invalid-submission",
                       "items[1].supersedes: missing: a revision carries both \"revision\" "
                       "and \"supersedes\"");
  assert_item_problem (results, 2, 422, "urn:jiujin:problem:invalid-submission",
                       "items[2].revision: missing: a revision carries both \"revision\" "
                       "and \"supersedes\"");
  assert_item_problem (results, 3, 422, "urn:jiujin:problem:invalid-submission",
                       "items[3].supersedes: expected a UUID");
  assert_item_problem (results, 4, 422, "urn:jiujin:problem:invalid-submission",
                       "items[4].supersedes: a revision cannot supersede itself");
  assert_item_problem (results, 5, 422, "urn:jiujin:problem:invalid-submission",
                       "items[5].revision: expected an integer, got a string");
  /* null is left out: an ordinary first revision, a new case. */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (results, 6),
                                               "status"), ==, 201);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 6),
                                                  "case_number"), !=, number);
  g_assert_false (json_object_has_member (json_array_get_object_element (results, 6),
                                          "revision"));

  case_object = get_case (session, county, token, number);
  g_assert_cmpint (json_object_get_int_member (case_object, "revision"), ==, 1);
  g_assert_cmpint (count_rows (county, "SELECT COUNT (*) FROM cases"), ==, 2);
}

/* A county.db from before revisions (schema 1) is brought up to date: its cases answer
 * replays, and their events carry their keys. */
static void
test_revision_migration (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *token = enroll (session, county, "白石村便民服务站", NULL);
  g_autofree char *key = NULL;
  g_autofree char *number = submit_one (session, county, token, &key);
  g_autofree char *item = submission_item (key, "T1-20261129-0001", NULL);
  g_autofree char *out = jj_test_county_admin (county, "case", "return", number, "--reason",
                                               "请补充材料", NULL);
  g_autofree char *second_key = g_uuid_string_random ();
  g_autofree char *second = revision_item (second_key, "T1-20261129-0001", 2, key);
  g_autoptr(JsonObject) replay = NULL;
  g_autoptr(JsonObject) revised = NULL;
  g_autoptr(JsonObject) page = NULL;
  JsonArray *events;

  jj_test_county_kill (county);
  exec_sql (county, "DROP TABLE case_revisions;"
                    "ALTER TABLE cases DROP COLUMN revision;"
                    "ALTER TABLE status_events DROP COLUMN idempotency_key;"
                    "PRAGMA user_version = 1;");
  jj_test_county_restart (county);
  g_clear_object (&session);
  session = jj_test_county_new_session ();

  g_assert_cmpint (count_rows (county, "PRAGMA user_version"), ==, 2);
  replay = submit_item (session, county, token, item);
  g_assert_true (json_object_get_boolean_member (replay, "replayed"));
  g_assert_cmpstr (json_object_get_string_member (replay, "case_number"), ==, number);
  page = statuses_page (session, county, token, "");
  events = json_object_get_array_member (page, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0),
                                                  "idempotency_key"), ==, key);
  revised = submit_item (session, county, token, second);
  g_assert_cmpstr (json_object_get_string_member (revised, "case_number"), ==, number);
  g_assert_cmpint (json_object_get_int_member (revised, "revision"), ==, 2);
}

static GBytes *
gunzip (const char *data,
        gsize       length)
{
  g_autoptr(GZlibDecompressor) decompressor =
    g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) raw = g_memory_input_stream_new_from_data (data, length, NULL);
  g_autoptr(GInputStream) plain = g_converter_input_stream_new (raw, G_CONVERTER (decompressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, plain, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_catalog (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *token = enroll (session, county, "白石村便民服务站", NULL);
  const char *catalog = g_getenv ("JIUJIN_CATALOG");
  g_autoptr(GBytes) file = jj_test_read_file (catalog);
  g_autoptr(Reply) none = request (session, county, "GET", "v1/catalog", token, NULL);
  g_autoptr(Reply) plain = NULL;
  g_autoptr(Reply) zipped = NULL;
  g_autoptr(Reply) same = NULL;
  g_autoptr(Reply) weak = NULL;
  g_autoptr(Reply) stale = NULL;
  g_autoptr(GBytes) unzipped = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *published = NULL;
  g_autofree char *broken_path = NULL;
  g_autofree char *dir = jj_test_make_tmp_dir ("catalog-XXXXXX");
  const char *publish_broken[] = { "publish-catalog", NULL, NULL };
  const char *etag;

  assert_problem (none, 404, "not-found");
  published = jj_test_county_admin (county, "publish-catalog", catalog, NULL);
  g_assert_nonnull (strstr (published, "2026.11.1"));

  /* Without decoding by the session, to see what travels. */
  soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
  plain = request (session, county, "GET", "v1/catalog", token, NULL);
  g_assert_cmpuint (plain->status, ==, 200);
  etag = soup_message_headers_get_one (plain->headers, "ETag");
  g_assert_cmpstr (etag, ==, "\"2026.11.1\"");
  g_assert_null (soup_message_headers_get_one (plain->headers, "Content-Encoding"));
  g_assert_cmpuint (plain->length, ==, g_bytes_get_size (file));
  g_assert_cmpmem (plain->body, plain->length, g_bytes_get_data (file, NULL),
                   g_bytes_get_size (file));

  zipped = request_full (session, county, "GET", "v1/catalog", token, NULL, NULL, 0, &error,
                         "Accept-Encoding", "gzip", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (soup_message_headers_get_one (zipped->headers, "Content-Encoding"), ==, "gzip");
  g_assert_cmpuint (zipped->length, <, g_bytes_get_size (file) / 4);
  unzipped = gunzip (zipped->body, zipped->length);
  g_assert_true (g_bytes_equal (unzipped, file));

  same = request_full (session, county, "GET", "v1/catalog", token, NULL, NULL, 0, &error,
                       "If-None-Match", "\"2026.11.1\"", NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (same->status, ==, 304);
  g_assert_cmpstr (soup_message_headers_get_one (same->headers, "ETag"), ==, "\"2026.11.1\"");
  g_assert_cmpuint (same->length, ==, 0);
  weak = request_full (session, county, "GET", "v1/catalog", token, NULL, NULL, 0, &error,
                       "If-None-Match", "\"2025.1\", W/\"2026.11.1\"", NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (weak->status, ==, 304);
  stale = request_full (session, county, "GET", "v1/catalog", token, NULL, NULL, 0, &error,
                        "If-None-Match", "\"2025.1\"", NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (stale->status, ==, 200);

  /* A catalogue the terminals' validator rejects is never published. */
  broken_path = g_build_filename (dir, "broken.json", NULL);
  g_assert_true (g_file_set_contents (broken_path, "{\"format\": 1, \"version\": \"x\"}", -1,
                                      NULL));
  publish_broken[1] = broken_path;
  g_assert_cmpint (jj_test_county_admin_argv (county, publish_broken, NULL, NULL), ==, 5);
  jj_test_remove_tree (dir);
}

static void
test_catalog_published_mid_session (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *token = enroll (session, county, "白石村便民服务站", NULL);
  g_autoptr(GBytes) file = jj_test_read_file (g_getenv ("JIUJIN_CATALOG"));
  g_autofree char *text = g_strndup (g_bytes_get_data (file, NULL), g_bytes_get_size (file));
  g_autofree char *dir = jj_test_make_tmp_dir ("catalog-XXXXXX");
  g_autofree char *newer = g_build_filename (dir, "newer.json", NULL);
  g_autofree char *changed = NULL;
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) second = NULL;
  const char *republish[] = { "publish-catalog", newer, NULL };
  char *version;

  g_free (jj_test_county_admin (county, "publish-catalog", g_getenv ("JIUJIN_CATALOG"), NULL));
  first = request (session, county, "GET", "v1/catalog", token, NULL);
  g_assert_cmpstr (soup_message_headers_get_one (first->headers, "ETag"), ==, "\"2026.11.1\"");

  version = strstr (text, "\"2026.11.1\"");
  g_assert_nonnull (version);
  memcpy (version, "\"2026.11.2\"", 11);
  g_assert_true (g_file_set_contents (newer, text, -1, NULL));
  g_free (jj_test_county_admin (county, "publish-catalog", newer, NULL));

  second = request_full (session, county, "GET", "v1/catalog", token, NULL, NULL, 0, NULL,
                         "If-None-Match", "\"2026.11.1\"", NULL);
  g_assert_cmpuint (second->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (second->headers, "ETag"), ==, "\"2026.11.2\"");
  g_assert_cmpstr (second->body, ==, text);

  /* Publishing the same version again with other contents is refused. */
  changed = g_strconcat (text, "\n", NULL);
  g_assert_true (g_file_set_contents (newer, changed, -1, NULL));
  g_assert_cmpint (jj_test_county_admin_argv (county, republish, NULL, NULL), ==, 2);
  jj_test_remove_tree (dir);
}

static void
test_evaluations (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *token = enroll (session, county, "白石村便民服务站", NULL);
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *good = g_strdup_printf ("{\"items\": [{\"idempotency_key\": \"%s\", "
                                           "\"case_number\": \"JX2026-000123\", "
                                           "\"receipt_number\": \"T1-20261129-0007\", "
                                           "\"score\": 5, \"comment\": \"办得很快\", "
                                           "\"at\": \"2026-11-29T09:12:00Z\"}]}", key);
  g_autofree char *changed = g_strdup_printf ("{\"items\": [{\"idempotency_key\": \"%s\", "
                                              "\"receipt_number\": \"T1-20261129-0007\", "
                                              "\"score\": 1, \"at\": \"2026-11-29T09:12:00Z\"}]}",
                                              key);
  g_autofree char *out_of_range = g_strdup ("{\"items\": [{\"idempotency_key\": "
                                            "\"c3b1c3b1-64a5-4b4e-9a4e-2a0c5a1d3f20\", "
                                            "\"receipt_number\": \"T1-20261129-0008\", "
                                            "\"score\": 6, \"at\": \"2026-11-29T09:12:00Z\"}]}");
  g_autoptr(Reply) first = request (session, county, "POST", "v1/evaluations", token, good);
  g_autoptr(Reply) again = request (session, county, "POST", "v1/evaluations", token, good);
  g_autoptr(Reply) reused = request (session, county, "POST", "v1/evaluations", token, changed);
  g_autoptr(Reply) invalid = request (session, county, "POST", "v1/evaluations", token,
                                      out_of_range);
  g_autoptr(JsonArray) first_results = batch_results (first);
  g_autoptr(JsonArray) again_results = batch_results (again);
  g_autoptr(JsonArray) reused_results = batch_results (reused);
  g_autoptr(JsonArray) invalid_results = batch_results (invalid);

  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (first_results, 0),
                                               "status"), ==, 201);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (again_results, 0),
                                                 "replayed"));
  assert_item_problem (reused_results, 0, 422, "urn:jiujin:problem:idempotency-key-reused", NULL);
  assert_item_problem (invalid_results, 0, 422, "urn:jiujin:problem:invalid-submission",
                       "items[0].score: expected a score from 1 to 5");
  g_assert_cmpint (count_rows (county, "SELECT COUNT (*) FROM evaluations"), ==, 1);
}

static void
test_heartbeat_and_terminals (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *token = enroll (session, county, "白石村便民服务站", NULL);
  g_autofree char *quiet_token = enroll (session, county, "黄泥村便民服务站", NULL);
  g_autoptr(Reply) beat = NULL;
  g_autoptr(Reply) malformed = NULL;
  g_autoptr(Reply) not_empty = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  JsonObject *first;

  beat = request_full (session, county, "POST", "v1/heartbeat", token, "application/json", "{}",
                       2, &error, "Jiujin-Terminal-State",
                       "queue=12, oldest=5400, last-sync=1764401400, app=\"0.2.0\", "
                       "catalog=\"2026.11.2\", free-disk=48213409792", NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (beat->status, ==, 204);
  malformed = request_full (session, county, "POST", "v1/heartbeat", token, "application/json",
                            "{}", 2, &error, "Jiujin-Terminal-State", "queue=\"many\"", NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (malformed->status, ==, 204);
  not_empty = request (session, county, "POST", "v1/heartbeat", token, "{\"queue\": 1}");
  assert_problem (not_empty, 400, "invalid-request");

  exec_sql (county, "UPDATE terminals SET last_seen = last_seen - 3 * 86400 WHERE id = 'T0002'");
  json = jj_test_county_admin (county, "terminals", "--json", NULL);
  list = json_from_string (json, &error);
  g_assert_no_error (error);
  first = json_array_get_object_element (json_node_get_array (list), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "service_point"), ==, "白石村便民服务站");
  g_assert_cmpint (json_object_get_int_member (first, "queue"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (first, "oldest"), ==, 5400);
  g_assert_cmpstr (json_object_get_string_member (first, "last_sync"), ==, "2025-11-29T07:30:00Z");
  g_assert_cmpstr (json_object_get_string_member (first, "app"), ==, "0.2.0");
  g_assert_cmpstr (json_object_get_string_member (first, "catalog"), ==, "2026.11.2");
  g_assert_cmpint (json_object_get_int_member (first, "free_disk"), ==, 48213409792);
  g_assert_false (json_object_get_boolean_member (first, "quiet"));
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (
                                                   json_node_get_array (list), 1), "quiet"));

  text = jj_test_county_admin (county, "terminals", NULL);
  g_assert_nonnull (strstr (text, "T0001  T1  白石村便民服务站\n"));
  g_assert_nonnull (strstr (text, "T0002  T2  黄泥村便民服务站  QUIET\n"));
  g_free (text);
  text = jj_test_county_admin (county, "terminals", "--quiet-after", "5d", NULL);
  g_assert_null (strstr (text, "QUIET"));
}

static void
test_metrics_and_logs (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *code = jj_test_county_issue_code (county, "白石村便民服务站");
  g_autoptr(Reply) enrolled = enroll_with (session, county, code);
  g_autoptr(JsonObject) object = reply_object (enrolled);
  const char *token = json_object_get_string_member (object, "token");
  g_autofree char *key = NULL;
  g_autofree char *number = submit_one (session, county, token, &key);
  g_autofree char *item = submission_item (key, "T1-20261129-0001", NULL);
  g_autofree char *body = batch_of (item, NULL);
  g_autoptr(JsonArray) replayed = submit (session, county, token, body);
  g_autoptr(Reply) metrics = request (session, county, "GET", "metrics", NULL, NULL);
  g_autoptr(GBytes) log = NULL;
  g_autofree char *log_text = NULL;
  g_autofree char *bare_code = g_strdup (code);

  g_assert_cmpuint (metrics->status, ==, 200);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (metrics->headers, NULL),
                                   "text/plain"));
  g_test_message ("%s", metrics->body);
  g_assert_nonnull (strstr (metrics->body, "jiujin_county_http_requests_total{method=\"POST\","
                                           "route=\"/v1/submissions\",status=\"200\"} 2\n"));
  g_assert_nonnull (strstr (metrics->body,
                            "jiujin_county_submissions_total{result=\"stored\"} 1\n"));
  g_assert_nonnull (strstr (metrics->body,
                            "jiujin_county_submissions_total{result=\"replayed\"} 1\n"));
  g_assert_nonnull (strstr (metrics->body, "jiujin_county_enrollments_total{result=\"ok\"} 1\n"));
  g_assert_nonnull (strstr (metrics->body, "jiujin_county_terminals 1\n"));
  g_assert_nonnull (strstr (metrics->body, "jiujin_county_cases{state=\"received\"} 1\n"));
  g_assert_nonnull (strstr (metrics->body, "# TYPE jiujin_county_http_requests_total counter\n"));
  g_assert_nonnull (strstr (metrics->body, "jiujin_county_http_request_bytes_total{route="
                                           "\"/v1/submissions\"} "));

  /* One line per request, in key=value form, without the token or the enrollment code. */
  log = jj_test_read_file (jj_test_county_get_log_path (county));
  log_text = g_strndup (g_bytes_get_data (log, NULL), g_bytes_get_size (log));
  g_assert_true (g_regex_match_simple ("^time=\\S+Z method=POST route=/v1/submissions status=200 "
                                       "terminal=T0001 duration_ms=[0-9.]+ bytes_in=[0-9]+ "
                                       "bytes=[0-9]+$",
                                       log_text, G_REGEX_MULTILINE, 0));
  g_assert_null (strstr (log_text, token));
  g_strdelimit (bare_code, "-", '\0');
  g_assert_null (strstr (log_text, bare_code));
}

static void
add_fault (JjTestCounty *county,
           const char   *first_arg,
           ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *err = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) "fault");
  g_ptr_array_add (args, (gpointer) "add");
  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  g_assert_cmpint (jj_test_county_admin_argv (county, (const char * const *) args->pdata, NULL,
                                              &err), ==, 0);
}

/* Every kind of fault answers before the request is processed: nothing is stored. */
static void
test_faults (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *token = enroll (session, county, "白石村便民服务站", NULL);
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *item = submission_item (key, "T1-20261129-0001", NULL);
  g_autofree char *body = batch_of (item, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(Reply) unavailable = NULL;
  g_autoptr(Reply) limited = NULL;
  g_autoptr(Reply) garbage = NULL;
  g_autoptr(Reply) truncated = NULL;
  g_autoptr(Reply) reset = NULL;
  g_autoptr(Reply) other_method = NULL;
  g_autoptr(Reply) stalled = NULL;
  g_autoptr(Reply) after = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *usage[] = { "fault", "add", "--route", "/v1", "--kind", "status", NULL };
  gint64 started;

  g_assert_cmpint (jj_test_county_admin_argv (county, usage, NULL, NULL), ==, 2);

  add_fault (county, "--route", "/v1/health", "--kind", "status", "--status", "503",
             "--retry-after", "7", "--count", "1", NULL);
  unavailable = request (session, county, "GET", "v1/health", NULL, NULL);
  assert_problem (unavailable, 503, "unavailable");
  g_assert_cmpstr (soup_message_headers_get_one (unavailable->headers, "Retry-After"), ==, "7");

  add_fault (county, "--route", "/v1/submissions", "--kind", "status", "--status", "429",
             "--retry-after", "3", "--count", "1", NULL);
  limited = request (session, county, "POST", "v1/submissions", token, body);
  assert_problem (limited, 429, "rate-limited");

  add_fault (county, "--route", "/v1/submissions", "--kind", "garbage", "--count", "1", NULL);
  garbage = request (session, county, "POST", "v1/submissions", token, body);
  g_assert_cmpuint (garbage->status, ==, 200);
  g_assert_false (json_parser_load_from_data (parser, garbage->body, garbage->length, NULL));

  add_fault (county, "--route", "/v1/submissions", "--kind", "truncate", "--count", "1", NULL);
  truncated = request_full (session, county, "POST", "v1/submissions", token, "application/json",
                            body, strlen (body), &error, NULL);
  g_test_message ("truncated: %s", error != NULL ? error->message : truncated->body);
  g_assert_true (truncated == NULL ||
                 !json_parser_load_from_data (parser, truncated->body, truncated->length, NULL));
  g_clear_error (&error);

  add_fault (county, "--route", "/v1/submissions", "--kind", "reset", "--count", "1", NULL);
  reset = request_full (session, county, "POST", "v1/submissions", token, "application/json",
                        body, strlen (body), &error, NULL);
  g_assert_null (reset);
  g_assert_nonnull (error);
  g_test_message ("reset: %s", error->message);
  g_clear_error (&error);

  g_assert_cmpint (count_rows (county, "SELECT COUNT (*) FROM cases"), ==, 0);

  /* A fault for one method leaves the others alone; a stall only delays. */
  add_fault (county, "--route", "/v1/statuses", "--method", "get", "--kind", "status", "--status",
             "500", "--count", "1", NULL);
  other_method = request (session, county, "POST", "v1/statuses", token, "{}");
  assert_problem (other_method, 405, "method-not-allowed");
  g_free (jj_test_county_admin (county, "fault", "clear", NULL));

  add_fault (county, "--route", "/v1/submissions", "--kind", "stall", "--seconds", "2", "--count",
             "1", NULL);
  started = g_get_monotonic_time ();
  stalled = request (session, county, "POST", "v1/submissions", token, body);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 2 * G_USEC_PER_SEC - 100000);
  g_assert_cmpuint (stalled->status, ==, 200);

  after = request (session, county, "POST", "v1/submissions", token, body);
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_nonnull (strstr (after->body, "\"replayed\":true"));
  g_assert_cmpint (count_rows (county, "SELECT COUNT (*) FROM cases"), ==, 1);
  g_assert_cmpint (count_rows (county, "SELECT COUNT (*) FROM faults"), ==, 0);
}

/* A request captured from a terminal and replayed with curl gets the original result. */
static void
test_curl_replay (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *token = enroll (session, county, "白石村便民服务站", NULL);
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *item = submission_item (key, "T1-20261129-0001", NULL);
  g_autofree char *body = batch_of (item, NULL);
  g_autoptr(Reply) original = request (session, county, "POST", "v1/submissions", token, body);
  g_autoptr(Reply) replay = request (session, county, "POST", "v1/submissions", token, body);
  g_autofree char *dir = jj_test_make_tmp_dir ("capture-XXXXXX");
  g_autofree char *capture = g_build_filename (dir, "request.json", NULL);
  g_autofree char *url = g_strconcat (jj_test_county_get_base_url (county), "v1/submissions",
                                      NULL);
  g_autofree char *authorization = g_strconcat ("Authorization: Bearer ", token, NULL);
  g_autofree char *data = g_strconcat ("@", capture, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "curl", "--silent", "--show-error", "--fail-with-body",
                         "--cacert", jj_test_county_get_ca_file (),
                         "-H", "Content-Type: application/json", "-H", authorization,
                         "--data-binary", data, url, NULL };
  g_autofree char *curl = g_find_program_in_path ("curl");
  int status = 0;

  if (curl == NULL)
    {
      g_test_skip ("curl is not installed");
      jj_test_remove_tree (dir);
      return;
    }

  g_assert_cmpuint (original->status, ==, 200);
  g_assert_true (g_file_set_contents (capture, body, -1, NULL));
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  g_test_message ("curl: %s %s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* The original answer, marked as a replay; byte for byte what any other replay gets. */
  parts = g_strsplit (original->body, "\"replayed\":false", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  expected = g_strjoinv ("\"replayed\":true", parts);
  g_assert_cmpstr (out, ==, replay->body);
  g_assert_cmpstr (out, ==, expected);
  g_assert_cmpint (count_rows (county, "SELECT COUNT (*) FROM cases"), ==, 1);
  jj_test_remove_tree (dir);
}

static void
test_restart_after_sigkill_keeps_data (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *token = enroll (session, county, "白石村便民服务站", NULL);
  guint16 port = jj_test_county_get_port (county);
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *item = submission_item (key, "T1-20261129-0001", NULL);
  g_autofree char *body = batch_of (item, NULL);
  g_autoptr(Reply) before = request (session, county, "POST", "v1/submissions", token, body);
  g_autoptr(JsonArray) before_results = batch_results (before);
  const char *number = json_object_get_string_member (json_array_get_object_element (
                                                        before_results, 0), "case_number");
  g_autofree char *accepted = jj_test_county_admin (county, "case", "accept", number, NULL);
  g_autoptr(Reply) after = NULL;
  g_autoptr(Reply) replay = NULL;
  g_autoptr(JsonArray) replay_results = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autofree char *terminals = NULL;

  jj_test_county_kill (county);
  jj_test_county_restart (county);
  g_assert_cmpuint (jj_test_county_get_port (county), ==, port);

  g_clear_object (&session);
  session = jj_test_county_new_session ();
  after = request (session, county, "POST", "v1/heartbeat", token, "{}");
  g_assert_cmpuint (after->status, ==, 204);
  replay = request (session, county, "POST", "v1/submissions", token, body);
  replay_results = batch_results (replay);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (replay_results,
                                                                                 0),
                                                  "case_number"), ==, number);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (replay_results,
                                                                                0),
                                                 "replayed"));
  page = statuses_page (session, county, token, "");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "events")), ==, 1);
  g_assert_cmpint (count_rows (county, "SELECT COUNT (*) FROM cases"), ==, 1);
  terminals = jj_test_county_admin (county, "terminals", NULL);
  g_assert_nonnull (strstr (terminals, "白石村便民服务站"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/county/discovery-and-health", test_discovery_and_health);
  g_test_add_func ("/county/enroll/good-used-wrong-sloppy", test_enrollment);
  g_test_add_func ("/county/enroll/expired", test_enrollment_expired);
  g_test_add_func ("/county/auth/missing-wrong-revoked", test_unauthorized);
  g_test_add_func ("/county/http/methods-and-paths", test_methods_and_paths);
  g_test_add_func ("/county/submissions/replay-same-key-same-result", test_submission_replay);
  g_test_add_func ("/county/submissions/replay-other-layout", test_submission_replay_other_layout);
  g_test_add_func ("/county/submissions/invalid-items-name-member", test_submission_invalid_items);
  g_test_add_func ("/county/submissions/bad-batches-store-nothing", test_submission_bad_batches);
  g_test_add_func ("/county/submissions/attachment-missing", test_submission_attachment_missing);
  g_test_add_func ("/county/cases/other-terminal-not-found", test_cases_of_other_terminals);
  g_test_add_func ("/county/statuses/paging-and-cursors", test_statuses_paging);
  g_test_add_func ("/county/admin/case-transitions", test_case_transitions);
  g_test_add_func ("/county/revisions/returned-case-same-number", test_revision_of_returned_case);
  g_test_add_func ("/county/revisions/unknown-key-new-case", test_revision_of_unknown_key);
  g_test_add_func ("/county/revisions/closed-and-conflict-refused", test_revision_refused);
  g_test_add_func ("/county/revisions/members-validated", test_revision_members_validated);
  g_test_add_func ("/county/revisions/schema-1-migrated", test_revision_migration);
  g_test_add_func ("/county/catalog/etag-gzip-validation", test_catalog);
  g_test_add_func ("/county/catalog/published-mid-session", test_catalog_published_mid_session);
  g_test_add_func ("/county/evaluations/stored-replayed-refused", test_evaluations);
  g_test_add_func ("/county/heartbeat/recorded-and-quiet", test_heartbeat_and_terminals);
  g_test_add_func ("/county/metrics-and-logs", test_metrics_and_logs);
  g_test_add_func ("/county/faults/every-kind-stores-nothing", test_faults);
  g_test_add_func ("/county/curl-replay-gets-original-result", test_curl_replay);
  g_test_add_func ("/county/restart/sigkill-keeps-data", test_restart_after_sigkill_keeps_data);

  return g_test_run ();
}
