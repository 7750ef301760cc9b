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

/* One request; @body (may be NULL) is sent as application/json unless @content_type says
 * otherwise; @headers are more "Name", "value" pairs, NULL-terminated. */
static Reply *
request_full (SoupSession *session,
              JjTestCounty *county,
              const char  *method,
              const char  *path,
              const char  *token,
              const char  *content_type,
              const char  *body,
              gsize        length,
              ...)
{
  g_autofree char *url = g_strconcat (jj_test_county_get_base_url (county), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  SoupMessageHeaders *request_headers;
  Reply *reply = g_new0 (Reply, 1);
  const char *name;
  va_list args;

  g_assert_nonnull (msg);
  request_headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (request_headers, "Authorization", authorization);
    }
  va_start (args, length);
  while ((name = va_arg (args, const char *)) != NULL)
    soup_message_headers_replace (request_headers, name, va_arg (args, const char *));
  va_end (args);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, length);

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }

  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  reply->status = soup_message_get_status (msg);
  reply->body = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  reply->length = g_bytes_get_size (answer);
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
  return request_full (session, county, method, path, token, "application/json", json,
                       json != NULL ? strlen (json) : 0, NULL);
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

static void
test_restart_after_sigkill_keeps_data (void)
{
  g_autoptr(JjTestCounty) county = jj_test_county_start (NULL);
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *token = enroll (session, county, "白石村便民服务站", NULL);
  guint16 port = jj_test_county_get_port (county);
  g_autoptr(Reply) after = NULL;
  g_autofree char *terminals = NULL;

  jj_test_county_kill (county);
  jj_test_county_restart (county);
  g_assert_cmpuint (jj_test_county_get_port (county), ==, port);

  g_clear_object (&session);
  session = jj_test_county_new_session ();
  after = request (session, county, "POST", "v1/heartbeat", token, "{}");
  g_assert_cmpuint (after->status, ==, 204);
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
  g_test_add_func ("/county/restart/sigkill-keeps-data", test_restart_after_sigkill_keeps_data);

  return g_test_run ();
}
