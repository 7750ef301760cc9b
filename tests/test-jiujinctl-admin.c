/* test-jiujinctl-admin.c — jiujinctl operators and audit, as a technician uses them
 *
 * Runs the built jiujinctl ($JIUJINCTL) as a real process with PINs on its standard input,
 * its data folder in a fresh temporary directory, and checks exit codes, stdout and the
 * database. The tampering is done with plain SQLite on the file, as an attacker would.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "jj-test-util.h"

/* Exit codes, from the top of sync/jiujinctl-admin.c. */
enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
  EXIT_NOT_FOUND = 3,
  EXIT_DENIED = 6,
};

#define TECH_PIN "20261129"
#define CLERK_PIN "111111"

typedef struct
{
  char *tmp_dir;
  char *data_dir;
  char *out;   /* of the last run */
  char *err;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->tmp_dir = jj_test_make_tmp_dir ("jiujin-test-jiujinctl-admin-XXXXXX");
  fixture->data_dir = g_build_filename (fixture->tmp_dir, "data", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_assert_true (jj_test_remove_tree (fixture->tmp_dir));
  g_free (fixture->tmp_dir);
  g_free (fixture->data_dir);
  g_free (fixture->out);
  g_free (fixture->err);
}

/* Runs jiujinctl --data-dir DIR with the NULL-terminated arguments and @input on its standard
 * input; returns its exit status. */
static int
run (Fixture    *fixture,
     const char *input,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("JIUJINCTL"));
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, fixture->data_dir);
  va_start (args, input);
  for (const char *arg; (arg = va_arg (args, const char *)) != NULL;)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_clear_pointer (&fixture->out, g_free);
  g_clear_pointer (&fixture->err, g_free);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, input, NULL, &fixture->out, &fixture->err,
                                                &error));
  g_assert_no_error (error);

  command = g_strjoinv (" ", (char **) argv->pdata + 3);
  g_test_message ("jiujinctl %s\n-- stdout:\n%s\n-- stderr:\n%s", command, fixture->out,
                  fixture->err);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static gboolean
skip_without_jiujinctl (void)
{
  if (g_getenv ("JIUJINCTL") != NULL)
    return FALSE;
  g_test_skip ("JIUJINCTL is not set");
  return TRUE;
}

static JsonNode *
parse_stdout (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = json_from_string (fixture->out, &error);

  g_assert_no_error (error);
  return root;
}

static void
exec_on_file (Fixture    *fixture,
              const char *sql)
{
  g_autofree char *path = g_build_filename (fixture->data_dir, "jiujin.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* The first technician "tech" and a clerk "clerk1" added through jiujinctl. */
static void
add_operators (Fixture *fixture)
{
  g_assert_cmpint (run (fixture, TECH_PIN "\n", "operators", "add", "tech", "--name", "王工",
                        "--role", "technician", NULL), ==, EXIT_OK);
  g_assert_cmpint (run (fixture, TECH_PIN "\n" CLERK_PIN "\n", "operators", "add", "clerk1",
                        "--name", "李经办", "--role", "clerk", "--as", "tech", NULL), ==, EXIT_OK);
}

static void
test_operators (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *operators;
  JsonObject *clerk;

  if (skip_without_jiujinctl ())
    return;

  /* First run: only a technician, and without --as. */
  g_assert_cmpint (run (fixture, CLERK_PIN "\n", "operators", "add", "clerk1", "--name", "李",
                        "--role", "clerk", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run (fixture, "123\n", "operators", "add", "tech", "--name", "王工",
                        "--role", "technician", NULL), ==, EXIT_USAGE);
  g_assert_nonnull (strstr (fixture->err, "6 to 12 digits"));
  add_operators (fixture);

  /* From now on operators are managed as a technician with the right PIN. */
  g_assert_cmpint (run (fixture, "", "operators", "add", "clerk2", "--name", "赵", "--role",
                        "clerk", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run (fixture, "999999\n" CLERK_PIN "\n", "operators", "add", "clerk2",
                        "--name", "赵", "--role", "clerk", "--as", "tech", NULL), ==, EXIT_DENIED);
  g_assert_cmpint (run (fixture, CLERK_PIN "\n", "operators", "disable", "tech", "--as", "clerk1",
                        NULL), ==, EXIT_DENIED);
  g_assert_cmpint (run (fixture, TECH_PIN "\n", "operators", "disable", "nobody", "--as", "tech",
                        NULL), ==, EXIT_NOT_FOUND);

  g_assert_cmpint (run (fixture, TECH_PIN "\n", "operators", "disable", "clerk1", "--as", "tech",
                        NULL), ==, EXIT_OK);
  g_assert_cmpint (run (fixture, NULL, "operators", "list", "--json", NULL), ==, EXIT_OK);
  root = parse_stdout (fixture);
  operators = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (operators), ==, 2);
  clerk = json_array_get_object_element (operators, 0);
  g_assert_cmpstr (json_object_get_string_member (clerk, "login"), ==, "clerk1");
  g_assert_cmpstr (json_object_get_string_member (clerk, "name"), ==, "李经办");
  g_assert_cmpstr (json_object_get_string_member (clerk, "role"), ==, "clerk");
  g_assert_true (json_object_get_boolean_member (clerk, "disabled"));
  g_assert_false (json_object_has_member (clerk, "pin_hash"));

  g_assert_cmpint (run (fixture, TECH_PIN "\n", "operators", "enable", "clerk1", "--as", "tech",
                        NULL), ==, EXIT_OK);
  g_assert_cmpint (run (fixture, TECH_PIN "\n" "222222\n", "operators", "reset-pin", "clerk1",
                        "--as", "tech", NULL), ==, EXIT_OK);
  /* The clerk's old PIN no longer works, the new one does (seen through audit list's refusal:
   * the login succeeds, the role does not allow the log). */
  g_assert_cmpint (run (fixture, CLERK_PIN "\n", "audit", "list", "--as", "clerk1", NULL),
                   ==, EXIT_DENIED);
  g_assert_nonnull (strstr (fixture->err, "PIN is wrong"));
  g_assert_cmpint (run (fixture, "222222\n", "audit", "list", "--as", "clerk1", NULL),
                   ==, EXIT_DENIED);
  g_assert_nonnull (strstr (fixture->err, "does not allow"));

  g_assert_cmpint (run (fixture, NULL, "operators", "frobnicate", NULL), ==, EXIT_USAGE);
}

static void
test_audit_verify (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *result;

  if (skip_without_jiujinctl ())
    return;

  g_assert_cmpint (run (fixture, NULL, "audit", "verify", NULL), ==, EXIT_OK);
  g_assert_nonnull (strstr (fixture->out, "intact: 0 rows"));
  add_operators (fixture);
  g_assert_cmpint (run (fixture, NULL, "audit", "verify", NULL), ==, EXIT_OK);
  /* operator-add, login, operator-add, logout */
  g_assert_nonnull (strstr (fixture->out, "intact: 4 rows"));

  exec_on_file (fixture, "DROP TRIGGER audit_log_no_update;"
                         "UPDATE audit_log SET subject = 'mallory' WHERE id = 3;");
  g_assert_cmpint (run (fixture, NULL, "audit", "verify", NULL), ==, EXIT_FAILED);
  g_assert_nonnull (strstr (fixture->out, "broken at row 3"));
  g_assert_cmpint (run (fixture, NULL, "audit", "verify", "--json", NULL), ==, EXIT_FAILED);
  root = parse_stdout (fixture);
  result = json_node_get_object (root);
  g_assert_false (json_object_get_boolean_member (result, "intact"));
  g_assert_cmpint (json_object_get_int_member (result, "first_broken_id"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (result, "break"), ==, "modified");
  g_assert_cmpint (json_object_get_int_member (result, "rows_verified"), ==, 2);
}

static void
test_audit_list_and_export (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *csv_path = g_build_filename (fixture->tmp_dir, "审计.csv", NULL);
  g_autoptr(GBytes) csv = NULL;
  JsonArray *rows;
  JsonObject *newest;

  if (skip_without_jiujinctl ())
    return;

  add_operators (fixture);
  g_assert_cmpint (run (fixture, TECH_PIN "\n", "audit", "list", "--as", "tech", "--json",
                        "--action", "operator-add", NULL), ==, EXIT_OK);
  root = parse_stdout (fixture);
  rows = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  newest = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (newest, "subject"), ==, "clerk1");
  g_assert_cmpstr (json_object_get_string_member (newest, "operator"), ==, "tech");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (newest, "detail"),
                                                  "role"), ==, "clerk");

  g_assert_cmpint (run (fixture, TECH_PIN "\n", "audit", "list", "--as", "tech", "--action",
                        "drop-table", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run (fixture, TECH_PIN "\n", "audit", "list", "--as", "tech", "--since",
                        "2026-13-01", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (run (fixture, TECH_PIN "\n", "audit", "list", "--as", "tech", "--until",
                        "2000-01-01", NULL), ==, EXIT_OK);
  g_assert_cmpstr (fixture->out, ==, "");

  g_assert_cmpint (run (fixture, TECH_PIN "\n", "audit", "export", "--as", "tech", "--csv",
                        csv_path, NULL), ==, EXIT_OK);
  csv = jj_test_read_file (csv_path);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (csv, NULL), "id,at,time,operator,role,"));
  g_assert_cmpint (run (fixture, CLERK_PIN "\n", "audit", "export", "--as", "clerk1", "--csv",
                        csv_path, NULL), ==, EXIT_DENIED);

  /* Everything above, the export and the refused clerk included, is still one intact chain. */
  g_assert_cmpint (run (fixture, NULL, "audit", "verify", NULL), ==, EXIT_OK);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/jiujinctl/operators/first-run-then-as-a-technician", test_operators);
  ADD ("/jiujinctl/audit/verify-finds-a-modified-row", test_audit_verify);
  ADD ("/jiujinctl/audit/list-and-export-as-a-technician", test_audit_list_and_export);
#undef ADD

  return g_test_run ();
}
