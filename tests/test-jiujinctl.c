/* test-jiujinctl.c — the command line as technicians and scripts use it
 *
 * Runs the built jiujinctl ($JIUJINCTL) as a real process, with its data folder in a fresh
 * temporary directory, and checks exit codes, stdout (parsed as JSON where asked) and stderr.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "jj-store.h"
#include "jj-test-util.h"

#define PENSION_NAME "城乡居民基本养老保险参保登记"

/* Exit codes, from the top of sync/jiujinctl.c. */
enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
  EXIT_NOT_FOUND = 3,
  EXIT_DATABASE = 4,
  EXIT_CATALOG = 5,
};

typedef struct
{
  char  *tmp_dir;
  char  *data_dir;   /* $JIUJIN_DATA_DIR; not created beforehand */
  char  *db_path;
  char **envp;
  char  *out;        /* of the last run */
  char  *err;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->tmp_dir = jj_test_make_tmp_dir ("jiujin-test-jiujinctl-XXXXXX");
  fixture->data_dir = g_build_filename (fixture->tmp_dir, "data", NULL);
  fixture->db_path = g_build_filename (fixture->data_dir, "jiujin.db", NULL);
  fixture->envp = g_environ_setenv (g_get_environ (), "JIUJIN_DATA_DIR", fixture->data_dir, TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_assert_true (jj_test_remove_tree (fixture->tmp_dir));
  g_free (fixture->tmp_dir);
  g_free (fixture->data_dir);
  g_free (fixture->db_path);
  g_strfreev (fixture->envp);
  g_free (fixture->out);
  g_free (fixture->err);
}

static gboolean
skip_without_jiujinctl (void)
{
  if (g_getenv ("JIUJINCTL") != NULL && g_getenv ("JIUJIN_CATALOG") != NULL)
    return FALSE;
  g_test_skip ("JIUJINCTL or JIUJIN_CATALOG is not set");
  return TRUE;
}

/* At most 2000 characters of @text for a test message; TAP wants whole UTF-8 lines. */
static char *
shorten (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return g_strescape (text, "\n");
  if (g_utf8_strlen (text, -1) > 2000)
    {
      g_autofree char *start = g_utf8_substring (text, 0, 2000);
      return g_strdup_printf ("%s\n… (%zu bytes in all)", start, strlen (text));
    }
  return g_strdup (text);
}

/* Runs jiujinctl with the NULL-terminated arguments; keeps its output in the fixture and returns
 * its exit status. */
static int
run (Fixture *fixture,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
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
  g_spawn_sync (NULL, (char **) argv->pdata, fixture->envp, G_SPAWN_DEFAULT, NULL, NULL,
                &fixture->out, &fixture->err, &wait_status, &error);
  g_assert_no_error (error);

  {
    g_autofree char *command = g_strjoinv (" ", (char **) argv->pdata + 1);
    g_autofree char *out = shorten (fixture->out);
    g_autofree char *err = shorten (fixture->err);

    g_test_message ("jiujinctl %s\n-- stdout:\n%s\n-- stderr:\n%s", command, out, err);
  }
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

static JsonNode *
parse_stdout (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = json_from_string (fixture->out, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

static guint
array_length (JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_array_get_length (json_node_get_array (node));
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack);
}

static void
write_garbage_database (Fixture *fixture)
{
  g_autoptr(GString) garbage = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; garbage->len < 8192; i++)
    g_string_append_printf (garbage, "%u: not a database\n", i);
  g_assert_no_errno (g_mkdir_with_parents (fixture->data_dir, 0700));
  g_file_set_contents (fixture->db_path, garbage->str, garbage->len, &error);
  g_assert_no_error (error);
}

static void
test_version_prints_version (Fixture       *fixture,
                             gconstpointer  user_data)
{
  if (skip_without_jiujinctl ())
    return;

  g_assert_cmpint (run (fixture, "--version", NULL), ==, EXIT_OK);
  g_assert_cmpstr (fixture->out, ==, "jiujinctl " PACKAGE_VERSION "\n");
  g_assert_cmpstr (fixture->err, ==, "");
  g_assert_false (g_file_test (fixture->db_path, G_FILE_TEST_EXISTS));
}

static void
test_help_lists_commands (Fixture       *fixture,
                          gconstpointer  user_data)
{
  static const char * const commands[] = { "catalog list", "catalog search", "catalog show",
                                           "catalog bundles", "catalog import", "doctor",
                                           "--data-dir" };

  if (skip_without_jiujinctl ())
    return;

  g_assert_cmpint (run (fixture, "--help", NULL), ==, EXIT_OK);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    assert_contains (fixture->out, commands[i]);
  g_assert_cmpstr (fixture->err, ==, "");

  g_assert_cmpint (run (fixture, "-h", NULL), ==, EXIT_OK);
  assert_contains (fixture->out, "doctor");
}

static void
test_usage_errors_exit_2 (Fixture       *fixture,
                          gconstpointer  user_data)
{
  if (skip_without_jiujinctl ())
    return;

  g_assert_cmpint (run (fixture, NULL), ==, EXIT_USAGE);
  assert_contains (fixture->err, "Usage");
  g_assert_cmpstr (fixture->out, ==, "");

  g_assert_cmpint (run (fixture, "frobnicate", NULL), ==, EXIT_USAGE);
  assert_contains (fixture->err, "Usage");
  g_assert_cmpint (run (fixture, "--bogus", "doctor", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run (fixture, "catalog", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run (fixture, "catalog", "frobnicate", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run (fixture, "catalog", "search", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run (fixture, "catalog", "show", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run (fixture, "catalog", "import", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run (fixture, "catalog", "list", "extra", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run (fixture, "catalog", "list", "--bogus", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run (fixture, "catalog", "list", "--level", "county", NULL), ==, EXIT_USAGE);
  assert_contains (fixture->err, "county");

  /* A mistyped command touches nothing. */
  g_assert_false (g_file_test (fixture->data_dir, G_FILE_TEST_EXISTS));
}

static void
test_search_json_lists_pension_first (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *results;
  JsonObject *first;

  if (skip_without_jiujinctl ())
    return;

  g_assert_cmpint (run (fixture, "catalog", "search", "ylbx", "--json", NULL), ==, EXIT_OK);
  root = parse_stdout (fixture);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  results = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (results), >, 0);
  first = json_array_get_object_element (results, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "code"), ==, "XZ-0001");
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, PENSION_NAME);
  g_assert_cmpstr (json_object_get_string_member (first, "level"), ==, "township");
  g_assert_true (g_file_test (fixture->db_path, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&root, json_node_unref);

  g_assert_cmpint (run (fixture, "catalog", "search", "ylbx", "--json", "--limit", "1", NULL),
                   ==, EXIT_OK);
  root = parse_stdout (fixture);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  g_clear_pointer (&root, json_node_unref);

  /* Nothing found is an empty list, not an error. */
  g_assert_cmpint (run (fixture, "catalog", "search", "养老\" OR \"医疗 😀", "--json", NULL),
                   ==, EXIT_OK);
  root = parse_stdout (fixture);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 0);
  g_clear_pointer (&root, json_node_unref);

  g_assert_cmpint (run (fixture, "catalog", "search", "养老", NULL), ==, EXIT_OK);
  assert_contains (fixture->out, "XZ-0001\t" PENSION_NAME "\t");
}

static void
test_list_json_filters_level (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(JsonNode) village = NULL;
  g_autoptr(JsonNode) all = NULL;
  JsonObject *first;
  JsonArray *array;

  if (skip_without_jiujinctl ())
    return;

  g_assert_cmpint (run (fixture, "catalog", "list", "--json", "--level", "village", NULL),
                   ==, EXIT_OK);
  village = parse_stdout (fixture);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (village));
  array = json_node_get_array (village);
  g_assert_cmpuint (json_array_get_length (array), >, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *matter = json_array_get_object_element (array, i);

      g_assert_cmpstr (json_object_get_string_member (matter, "level"), ==, "village");
      g_assert_true (g_str_has_prefix (json_object_get_string_member (matter, "code"), "CJ-"));
    }

  g_assert_cmpint (run (fixture, "catalog", "list", "--json", NULL), ==, EXIT_OK);
  all = parse_stdout (fixture);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (all)), >,
                    json_array_get_length (array));
  first = json_array_get_object_element (json_node_get_array (all), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "code"), ==, "XZ-0001");
}

static void
test_show_json_has_guide (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *matter;
  JsonNode *form;

  if (skip_without_jiujinctl ())
    return;

  g_assert_cmpint (run (fixture, "catalog", "show", "XZ-0001", "--json", NULL), ==, EXIT_OK);
  root = parse_stdout (fixture);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  matter = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (matter, "code"), ==, "XZ-0001");
  g_assert_cmpstr (json_object_get_string_member (matter, "name"), ==, PENSION_NAME);
  g_assert_cmpuint (array_length (matter, "materials"), >, 0);
  g_assert_cmpuint (array_length (matter, "steps"), >, 0);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (matter, "guide_url"),
                                   "https://"));
  form = json_object_get_member (matter, "form");
  g_assert_nonnull (form);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (form));
  g_assert_true (json_object_has_member (json_node_get_object (form), "fields"));

  g_assert_cmpint (run (fixture, "catalog", "show", "XZ-0001", NULL), ==, EXIT_OK);
  assert_contains (fixture->out, "XZ-0001  " PENSION_NAME);
  assert_contains (fixture->out, "https://");
}

static void
test_show_unknown_code_exit_3 (Fixture       *fixture,
                               gconstpointer  user_data)
{
  if (skip_without_jiujinctl ())
    return;

  g_assert_cmpint (run (fixture, "catalog", "show", "XZ-9999", NULL), ==, EXIT_NOT_FOUND);
  assert_contains (fixture->err, "XZ-9999");
  g_assert_cmpstr (fixture->out, ==, "");

  g_assert_cmpint (run (fixture, "catalog", "show", "XZ-9999", "--json", NULL), ==, EXIT_NOT_FOUND);
  assert_contains (fixture->err, "XZ-9999");
  g_assert_cmpstr (fixture->out, ==, "");
}

static void
test_bundles_json (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *bundles;

  if (skip_without_jiujinctl ())
    return;

  g_assert_cmpint (run (fixture, "catalog", "bundles", "--json", NULL), ==, EXIT_OK);
  root = parse_stdout (fixture);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  bundles = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (bundles); i++)
    {
      JsonObject *bundle = json_array_get_object_element (bundles, i);

      g_assert_true (g_str_has_prefix (json_object_get_string_member (bundle, "code"), "YJS-"));
      g_assert_cmpstr (json_object_get_string_member (bundle, "name"), !=, "");
      g_assert_cmpuint (array_length (bundle, "matters"), >=, 2);
    }
  g_assert_cmpuint (json_array_get_length (bundles), >=, 5);
}

static void
test_doctor_json_healthy (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *report;

  if (skip_without_jiujinctl ())
    return;

  /* The first catalogue command imports the bundled catalogue. */
  g_assert_cmpint (run (fixture, "catalog", "list", NULL), ==, EXIT_OK);
  g_assert_cmpint (run (fixture, "doctor", "--json", NULL), ==, EXIT_OK);
  root = parse_stdout (fixture);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  report = json_node_get_object (root);
  g_assert_true (json_object_get_boolean_member (report, "healthy"));
  g_assert_cmpint (json_object_get_int_member (report, "schema_version"), ==, JJ_STORE_SCHEMA_VERSION);
  g_assert_cmpstr (json_object_get_string_member (report, "integrity"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (report, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpstr (json_object_get_string_member (report, "data_dir"), ==, fixture->data_dir);
  g_assert_cmpstr (json_object_get_string_member (report, "database"), ==, fixture->db_path);
  g_assert_cmpstr (json_object_get_string_member (report, "catalog_imported_version"), ==,
                   json_object_get_string_member (report, "catalog_bundled_version"));
  g_assert_cmpuint (array_length (report, "problems"), ==, 0);

  g_assert_cmpint (run (fixture, "doctor", NULL), ==, EXIT_OK);
  assert_contains (fixture->out, fixture->db_path);
}

static void
test_doctor_garbage_database_exit_4 (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *report;
  JsonArray *problems;

  if (skip_without_jiujinctl ())
    return;

  write_garbage_database (fixture);
  before = jj_test_read_file (fixture->db_path);

  g_assert_cmpint (run (fixture, "doctor", NULL), ==, EXIT_DATABASE);
  assert_contains (fixture->out, fixture->db_path);

  g_assert_cmpint (run (fixture, "doctor", "--json", NULL), ==, EXIT_DATABASE);
  root = parse_stdout (fixture);
  report = json_node_get_object (root);
  g_assert_false (json_object_get_boolean_member (report, "healthy"));
  g_assert_cmpint (json_object_get_int_member (report, "schema_version"), ==, -1);
  problems = json_object_get_array_member (report, "problems");
  g_assert_cmpuint (json_array_get_length (problems), >, 0);
  assert_contains (json_array_get_string_element (problems, 0), fixture->db_path);

  /* Every command refuses it the same way, and leaves it for a technician to recover. */
  g_assert_cmpint (run (fixture, "catalog", "list", NULL), ==, EXIT_DATABASE);
  assert_contains (fixture->err, fixture->db_path);
  g_assert_cmpint (run (fixture, "catalog", "import", g_getenv ("JIUJIN_CATALOG"), NULL),
                   ==, EXIT_DATABASE);

  after = jj_test_read_file (fixture->db_path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_import_then_force (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *small = g_test_build_filename (G_TEST_DIST, "data", "catalog-small.json", NULL);
  g_autoptr(JsonNode) root = NULL;

  if (skip_without_jiujinctl ())
    return;

  g_assert_cmpint (run (fixture, "catalog", "import", small, NULL), ==, EXIT_OK);
  assert_contains (fixture->out, "test-1");
  assert_contains (fixture->out, "4 matters");
  g_assert_true (g_file_test (fixture->db_path, G_FILE_TEST_IS_REGULAR));

  g_assert_cmpint (run (fixture, "catalog", "import", small, NULL), ==, EXIT_OK);
  assert_contains (fixture->out, "already imported");

  g_assert_cmpint (run (fixture, "catalog", "import", small, "--force", NULL), ==, EXIT_OK);
  assert_contains (fixture->out, "test-1");
  assert_contains (fixture->out, "4 matters");
  g_assert_null (strstr (fixture->out, "already imported"));

  g_assert_cmpint (run (fixture, "catalog", "import", "--force", small, NULL), ==, EXIT_OK);
  g_assert_null (strstr (fixture->out, "already imported"));

  g_assert_cmpint (run (fixture, "doctor", "--json", NULL), ==, EXIT_OK);
  root = parse_stdout (fixture);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root),
                                                  "catalog_imported_version"), ==, "test-1");
}

static void
test_import_malformed_exit_5 (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autofree char *small = g_test_build_filename (G_TEST_DIST, "data", "catalog-small.json", NULL);
  g_autofree char *broken = g_build_filename (fixture->tmp_dir, "broken.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *matters;

  if (skip_without_jiujinctl ())
    return;

  json_parser_load_from_file (parser, small, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  json_object_set_string_member (root, "version", "test-broken");
  matters = json_object_get_array_member (root, "matters");
  json_object_set_int_member (json_array_get_object_element (matters, 2),
                              "promised_limit_days", 30);
  text = json_to_string (json_parser_get_root (parser), TRUE);
  g_file_set_contents (broken, text, -1, &error);
  g_assert_no_error (error);

  /* Refused before anything is written. */
  g_assert_cmpint (run (fixture, "catalog", "import", broken, NULL), ==, EXIT_CATALOG);
  assert_contains (fixture->err, broken);
  assert_contains (fixture->err, "XZ-0003");
  assert_contains (fixture->err, "promised_limit_days");
  g_assert_false (g_file_test (fixture->db_path, G_FILE_TEST_EXISTS));

  /* And the catalogue in use stays. */
  g_assert_cmpint (run (fixture, "catalog", "import", small, NULL), ==, EXIT_OK);
  g_assert_cmpint (run (fixture, "catalog", "import", broken, "--force", NULL), ==, EXIT_CATALOG);
  assert_contains (fixture->err, "promised_limit_days");
  g_assert_cmpint (run (fixture, "doctor", "--json", NULL), ==, EXIT_OK);
  report = parse_stdout (fixture);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (report),
                                                  "catalog_imported_version"), ==, "test-1");

  g_assert_cmpint (run (fixture, "catalog", "import", "no-such-file.json", NULL), ==, EXIT_CATALOG);
  assert_contains (fixture->err, "no-such-file.json");
}

/* A valid resident ID number (GB 11643-1999) from its first 17 digits. */
static char *
id_number_from (const char *first17)
{
  static const int weights[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0;

  for (guint i = 0; i < 17; i++)
    sum += (first17[i] - '0') * weights[i];
  return g_strdup_printf ("%s%c", first17, "10X98765432"[sum % 11]);
}

static void
test_applications_show_labels_fields (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  g_autofree char *id_number = id_number_from ("43012219400315002");
  g_autofree char *ledger = g_build_filename (fixture->tmp_dir, "ledger.jsonl", NULL);
  g_autofree char *line = NULL;
  g_autofree char *receipt = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *values;

  if (skip_without_jiujinctl ())
    return;

  line = g_strdup_printf ("{\"matters\": [\"XZ-0001\"], \"applicant\": {\"name\": \"王秀英\","
                          " \"id_number\": \"%s\", \"phone\": \"13800138000\","
                          " \"address\": \"示范市城关镇幸福村3组\"}, \"values\":"
                          " {\"contribution_level\": \"300元\", \"hukou_type\": \"农业户口\"}}\n",
                          id_number);
  g_file_set_contents (ledger, line, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run (fixture, "applications", "import", ledger, NULL), ==, EXIT_OK);
  g_assert_cmpint (run (fixture, "applications", "list", "--json", NULL), ==, EXIT_OK);
  root = parse_stdout (fixture);
  receipt = g_strdup (json_object_get_string_member (
      json_array_get_object_element (json_node_get_array (root), 0), "receipt_number"));
  g_clear_pointer (&root, json_node_unref);

  /* People read the form's labels, in the form's order... */
  g_assert_cmpint (run (fixture, "applications", "show", receipt, NULL), ==, EXIT_OK);
  assert_contains (fixture->out, "  缴费档次（元/年）: 300元\n  户口性质: 农业户口\n");
  g_assert_null (strstr (fixture->out, "contribution_level"));
  g_assert_null (strstr (fixture->out, "hukou_type"));
  g_assert_null (strstr (fixture->out, id_number));

  /* ...programs the field ids. */
  g_assert_cmpint (run (fixture, "applications", "show", receipt, "--json", NULL), ==, EXIT_OK);
  root = parse_stdout (fixture);
  values = json_object_get_object_member (json_node_get_object (root), "values");
  g_assert_cmpstr (json_object_get_string_member (values, "contribution_level"), ==, "300元");
  g_assert_cmpstr (json_object_get_string_member (values, "hukou_type"), ==, "农业户口");
  g_assert_null (strstr (fixture->out, "户口性质"));
}

static void
test_data_dir_option_is_honoured (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  static const char * const forms[] = { "--data-dir", "-d", "--data-dir=", "after-command" };

  if (skip_without_jiujinctl ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *dir = g_strdup_printf ("%s/other-%u", fixture->tmp_dir, i);
      g_autofree char *joined = g_strconcat ("--data-dir=", dir, NULL);
      g_autofree char *db = g_build_filename (dir, "jiujin.db", NULL);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *report;
      int status;

      g_test_message ("form %s", forms[i]);
      if (i == 2)
        status = run (fixture, joined, "catalog", "search", "ylbx", NULL);
      else if (i == 3)
        status = run (fixture, "catalog", "search", "ylbx", "--data-dir", dir, NULL);
      else
        status = run (fixture, forms[i], dir, "catalog", "search", "ylbx", NULL);
      g_assert_cmpint (status, ==, EXIT_OK);
      assert_contains (fixture->out, "XZ-0001");
      g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));
      g_assert_false (g_file_test (fixture->db_path, G_FILE_TEST_EXISTS));

      g_assert_cmpint (run (fixture, "--data-dir", dir, "doctor", "--json", NULL), ==, EXIT_OK);
      root = parse_stdout (fixture);
      report = json_node_get_object (root);
      g_assert_cmpstr (json_object_get_string_member (report, "data_dir"), ==, dir);
      g_assert_cmpstr (json_object_get_string_member (report, "database"), ==, db);
    }
  g_assert_false (g_file_test (fixture->data_dir, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/jiujinctl/version/prints-version", test_version_prints_version);
  ADD ("/jiujinctl/help/lists-commands", test_help_lists_commands);
  ADD ("/jiujinctl/usage/errors-exit-2", test_usage_errors_exit_2);
  ADD ("/jiujinctl/catalog/search-json-lists-pension-first", test_search_json_lists_pension_first);
  ADD ("/jiujinctl/catalog/list-json-filters-level", test_list_json_filters_level);
  ADD ("/jiujinctl/catalog/show-json-has-guide", test_show_json_has_guide);
  ADD ("/jiujinctl/catalog/show-unknown-code-exit-3", test_show_unknown_code_exit_3);
  ADD ("/jiujinctl/catalog/bundles-json-lists-bundles", test_bundles_json);
  ADD ("/jiujinctl/catalog/import-then-force", test_import_then_force);
  ADD ("/jiujinctl/catalog/import-malformed-exit-5", test_import_malformed_exit_5);
  ADD ("/jiujinctl/doctor/json-healthy", test_doctor_json_healthy);
  ADD ("/jiujinctl/doctor/garbage-database-exit-4-untouched", test_doctor_garbage_database_exit_4);
  ADD ("/jiujinctl/data-dir/option-is-honoured", test_data_dir_option_is_honoured);
  ADD ("/jiujinctl/applications/show-labels-form-fields", test_applications_show_labels_fields);
#undef ADD

  return g_test_run ();
}
