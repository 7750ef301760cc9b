/* test-protocol.c — the codecs terminal and county share: problem details, canonical JSON and
 * fingerprints, the Jiujin-Terminal-State header, tus metadata
 *
 * The fingerprint vector was computed outside this code (Python's hashlib over the literal
 * canonical text below), so a wrong canonical form cannot also be wrong in its test.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "jj-protocol.h"

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
test_problem_round_trip (void)
{
  g_autoptr(JjProblem) problem = jj_problem_new (409, "attachment-missing",
                                                 "An attachment is not on the server",
                                                 "The scan 户口簿.jpg has not been uploaded.");
  g_autoptr(JsonArray) missing = json_array_new ();
  g_autoptr(JjProblem) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonArray *array;

  json_array_add_string_element (missing, "9f86d081");
  json_object_set_array_member (problem->extra, "missing", json_array_ref (missing));
  text = jj_problem_to_string (problem);
  g_assert_nonnull (strstr (text, "\"type\":\"urn:jiujin:problem:attachment-missing\""));

  parsed = jj_problem_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->status, ==, 409);
  g_assert_cmpstr (parsed->name, ==, "attachment-missing");
  g_assert_cmpstr (parsed->title, ==, "An attachment is not on the server");
  g_assert_cmpstr (parsed->detail, ==, "The scan 户口簿.jpg has not been uploaded.");
  array = json_object_get_array_member (parsed->extra, "missing");
  g_assert_nonnull (array);
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, "9f86d081");
  g_assert_false (json_object_has_member (parsed->extra, "type"));
}

static void
test_problem_foreign_type_kept_whole (void)
{
  const char *body = "{\"type\":\"https://example.com/probs/out-of-credit\",\"status\":403}";
  g_autoptr(JjProblem) parsed = jj_problem_parse (body, strlen (body), NULL);
  g_autoptr(JsonNode) node = NULL;

  g_assert_nonnull (parsed);
  g_assert_cmpstr (parsed->name, ==, "https://example.com/probs/out-of-credit");
  g_assert_null (parsed->detail);

  node = jj_problem_to_node (parsed);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "type"), ==,
                   "https://example.com/probs/out-of-credit");
}

static void
test_problem_rejects_non_problems (void)
{
  static const char * const bodies[] = {
    "", "garbage", "{\"type\":", "[1,2]", "\"text\"", "{}", "{\"results\":[]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JjProblem) parsed = jj_problem_parse (bodies[i], strlen (bodies[i]), &error);

      g_assert_null (parsed);
      g_assert_nonnull (error);
    }
}

static void
test_canonical_known_vector (void)
{
  g_autoptr(JsonNode) node =
    parse_json ("{ \"z\": -7,\n \"b\": {\"c\": \"王秀英\\n\\u0001\"},\n"
                "  \"a\": [1, 2.5, true, null, \"x\\\"y\"] }");
  g_autofree char *canonical = jj_protocol_canonical_json (node);
  g_autofree char *fingerprint = jj_protocol_fingerprint (node);

  g_assert_cmpstr (canonical, ==,
                   "{\"a\":[1,2.5,true,null,\"x\\\"y\"],\"b\":{\"c\":\"王秀英\\n\\u0001\"},"
                   "\"z\":-7}");
  g_assert_cmpstr (fingerprint, ==,
                   "477ac6c8a761d17528e7bad0387143713e78cd49c327cc22d888b5a5155b8900");
}

static void
test_canonical_independent_of_layout (void)
{
  g_autoptr(JsonNode) a = parse_json ("{\"values\":{\"y\":\"2\",\"x\":\"1\"},\"score\":5}");
  g_autoptr(JsonNode) b = parse_json ("{ \"score\" : 5.0 ,\n\"values\":{\"x\":\"1\",\"y\":\"2\"}}");
  g_autoptr(JsonNode) c = parse_json ("{\"score\":5,\"values\":{\"x\":\"1\",\"y\":\"3\"}}");
  g_autofree char *fa = jj_protocol_fingerprint (a);
  g_autofree char *fb = jj_protocol_fingerprint (b);
  g_autofree char *fc = jj_protocol_fingerprint (c);

  g_assert_cmpstr (fa, ==, fb);
  g_assert_cmpstr (fa, !=, fc);
  g_assert_cmpuint (strlen (fa), ==, 64);
}

/* Members sort by their UTF-8 bytes: upper case before lower case, ASCII before CJK. */
static void
test_canonical_sorts_by_bytes (void)
{
  g_autoptr(JsonNode) node = parse_json ("{\"王\":1,\"b\":2,\"B\":3,\"a\":{\"é\":0,\"e\":0.1}}");
  g_autofree char *canonical = jj_protocol_canonical_json (node);

  g_assert_cmpstr (canonical, ==, "{\"B\":3,\"a\":{\"e\":0.1,\"é\":0},\"b\":2,\"王\":1}");
}

static void
test_terminal_state_round_trip (void)
{
  JjTerminalState state = {
    .queue = 12, .oldest = 5400, .last_sync = 1764401400,
    .app = (char *) "0.2.0", .catalog = (char *) "2026.11.2", .free_disk = 48213409792,
  };
  g_autofree char *text = jj_terminal_state_format (&state);
  JjTerminalState parsed = { 0, };

  g_assert_cmpstr (text, ==,
                   "queue=12, oldest=5400, last-sync=1764401400, app=\"0.2.0\", "
                   "catalog=\"2026.11.2\", free-disk=48213409792");
  g_assert_true (jj_terminal_state_parse (text, &parsed));
  g_assert_cmpint (parsed.queue, ==, 12);
  g_assert_cmpint (parsed.oldest, ==, 5400);
  g_assert_cmpint (parsed.last_sync, ==, 1764401400);
  g_assert_cmpstr (parsed.app, ==, "0.2.0");
  g_assert_cmpstr (parsed.catalog, ==, "2026.11.2");
  g_assert_cmpint (parsed.free_disk, ==, 48213409792);
  jj_terminal_state_clear (&parsed);
}

static void
test_terminal_state_escapes_strings (void)
{
  JjTerminalState state = { .app = (char *) "a\"b\\c", .catalog = (char *) "版本1" };
  g_autofree char *text = jj_terminal_state_format (&state);
  JjTerminalState parsed = { 0, };

  g_assert_true (jj_terminal_state_parse (text, &parsed));
  g_assert_cmpstr (parsed.app, ==, "a\"b\\c");
  g_assert_cmpstr (parsed.catalog, ==, "??????1");
  jj_terminal_state_clear (&parsed);
}

/* What RFC 8941 allows beside our keys (parameters, inner lists, tokens, booleans, unknown
 * keys) is skipped; missing keys stay zero. */
static void
test_terminal_state_tolerates_extensions (void)
{
  JjTerminalState parsed = { 0, };

  g_assert_true (jj_terminal_state_parse ("queue=3;x=1,  future=(1 2 \"a\");y, flag, "
                                          "token=abc/d, bytes=:aGVsbG8=:, dec=1.5, "
                                          "app=\"1.0\"", &parsed));
  g_assert_cmpint (parsed.queue, ==, 3);
  g_assert_cmpstr (parsed.app, ==, "1.0");
  g_assert_null (parsed.catalog);
  g_assert_cmpint (parsed.free_disk, ==, 0);
  jj_terminal_state_clear (&parsed);
}

static void
test_terminal_state_rejects_invalid (void)
{
  static const char * const values[] = {
    "queue=\"12\"",                /* a string where an integer belongs */
    "app=3",                       /* an integer where a string belongs */
    "queue=1,",                    /* trailing comma */
    "queue=1 oldest=2",            /* no comma */
    "Queue=1",                     /* keys are lower case */
    "queue=1234567890123456",      /* 16 digits */
    "app=\"unterminated",
    "app=\"tab\there\"",
    "queue=1.5",
    "queue=-",
    "=1",
  };
  JjTerminalState state = { .queue = 99, .app = g_strdup ("kept") };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_test_message ("%s", values[i]);
      g_assert_false (jj_terminal_state_parse (values[i], &state));
      g_assert_cmpint (state.queue, ==, 99);
      g_assert_cmpstr (state.app, ==, "kept");
    }
  g_assert_false (jj_terminal_state_parse (NULL, &state));
  jj_terminal_state_clear (&state);
}

static void
test_tus_metadata_round_trip (void)
{
  g_autofree char *text = jj_tus_metadata_format ("sha256", "9f86d0", "filename", "户口簿.jpg",
                                                  "filetype", "image/jpeg", "flag", NULL, NULL);
  g_autoptr(GHashTable) table = jj_tus_metadata_parse (text);

  g_assert_cmpstr (text, ==, "sha256 OWY4NmQw,filename 5oi35Y+j57C/LmpwZw==,"
                             "filetype aW1hZ2UvanBlZw==,flag");
  g_assert_nonnull (table);
  g_assert_cmpuint (g_hash_table_size (table), ==, 4);
  g_assert_cmpstr (g_hash_table_lookup (table, "sha256"), ==, "9f86d0");
  g_assert_cmpstr (g_hash_table_lookup (table, "filename"), ==, "户口簿.jpg");
  g_assert_cmpstr (g_hash_table_lookup (table, "filetype"), ==, "image/jpeg");
  g_assert_cmpstr (g_hash_table_lookup (table, "flag"), ==, "");
}

static void
test_tus_metadata_parse_spaces_and_empty (void)
{
  g_autoptr(GHashTable) spaced = jj_tus_metadata_parse ("a YQ==, b Yg==");
  g_autoptr(GHashTable) empty = jj_tus_metadata_parse ("");

  g_assert_nonnull (spaced);
  g_assert_cmpstr (g_hash_table_lookup (spaced, "b"), ==, "b");
  g_assert_nonnull (empty);
  g_assert_cmpuint (g_hash_table_size (empty), ==, 0);
}

static void
test_tus_metadata_rejects_malformed (void)
{
  static const char * const values[] = {
    "a not*base64", "a YQ", "a YQ==,a Yg==", "a  YQ==", "a YQ== extra", "a Y=Q=", "a,,b",
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(GHashTable) table = jj_tus_metadata_parse (values[i]);

      g_test_message ("%s", values[i]);
      g_assert_null (table);
    }
  g_assert_null (jj_tus_metadata_parse (NULL));
}

static void
test_retry_after (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 120);
  g_autofree char *http_date = g_date_time_format (later, "%a, %d %b %Y %H:%M:%S GMT");
  guint seconds;

  g_assert_cmpuint (jj_protocol_parse_retry_after (NULL), ==, 0);
  g_assert_cmpuint (jj_protocol_parse_retry_after ("30"), ==, 30);
  g_assert_cmpuint (jj_protocol_parse_retry_after ("0"), ==, 0);
  g_assert_cmpuint (jj_protocol_parse_retry_after ("-5"), ==, 0);
  g_assert_cmpuint (jj_protocol_parse_retry_after ("soon"), ==, 0);
  g_assert_cmpuint (jj_protocol_parse_retry_after ("Wed, 21 Oct 2015 07:28:00 GMT"), ==, 0);
  seconds = jj_protocol_parse_retry_after (http_date);
  g_assert_cmpuint (seconds, >=, 115);
  g_assert_cmpuint (seconds, <=, 120);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/protocol/problem/round-trip-keeps-extra-members", test_problem_round_trip);
  g_test_add_func ("/protocol/problem/foreign-type-kept-whole",
                   test_problem_foreign_type_kept_whole);
  g_test_add_func ("/protocol/problem/rejects-non-problems", test_problem_rejects_non_problems);
  g_test_add_func ("/protocol/canonical/known-vector", test_canonical_known_vector);
  g_test_add_func ("/protocol/canonical/independent-of-layout",
                   test_canonical_independent_of_layout);
  g_test_add_func ("/protocol/canonical/sorts-by-utf8-bytes", test_canonical_sorts_by_bytes);
  g_test_add_func ("/protocol/terminal-state/round-trip", test_terminal_state_round_trip);
  g_test_add_func ("/protocol/terminal-state/escapes-strings", test_terminal_state_escapes_strings);
  g_test_add_func ("/protocol/terminal-state/tolerates-extensions",
                   test_terminal_state_tolerates_extensions);
  g_test_add_func ("/protocol/terminal-state/rejects-invalid-and-keeps-state",
                   test_terminal_state_rejects_invalid);
  g_test_add_func ("/protocol/tus-metadata/round-trip", test_tus_metadata_round_trip);
  g_test_add_func ("/protocol/tus-metadata/spaces-and-empty",
                   test_tus_metadata_parse_spaces_and_empty);
  g_test_add_func ("/protocol/tus-metadata/rejects-malformed", test_tus_metadata_rejects_malformed);
  g_test_add_func ("/protocol/retry-after/seconds-and-http-dates", test_retry_after);

  return g_test_run ();
}
