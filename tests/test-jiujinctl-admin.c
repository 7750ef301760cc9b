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

#include "jj-catalog.h"
#include "jj-intake.h"
#include "jj-store.h"
#include "jj-test-submit.h"
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
#define REVIEWER_PIN "135790"

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

/* @n applications of XZ-0002 queued on the terminal, as a clerk's ledger import does. */
static void
queue_applications (Fixture *fixture,
                    guint    n)
{
  g_autofree char *catalog_path = g_test_build_filename (G_TEST_DIST, "data", "catalog-small.json",
                                                         NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JjStore) store = jj_store_open (fixture->data_dir, &error);
  g_autoptr(JjCatalog) catalog = NULL;
  g_autoptr(JjIntake) intake = NULL;

  g_assert_no_error (error);
  catalog = jj_catalog_new (store);
  g_assert_true (jj_catalog_import_file (catalog, catalog_path, FALSE, NULL, &error));
  intake = jj_intake_new (catalog, NULL, &error);
  g_assert_no_error (error);
  jj_test_queue (intake, fixture->tmp_dir, n, "XZ-0002", "{}", NULL, 1);
}

static gint64
count_on_file (Fixture    *fixture,
               const char *sql)
{
  g_autofree char *path = g_build_filename (fixture->data_dir, "jiujin.db", NULL);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* The township review console from the command line: the queue listed, a clerk refused a
 * hold, a reviewer sending entries back (with a reason, or not at all), holding, releasing,
 * and the clerk reopening a returned application for correction — every action audited under
 * the operator's login and the chain intact. */
static void
test_queue_and_reopen (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *uuid0 = NULL;
  g_autofree char *uuid1 = NULL;
  g_autofree char *uuid2 = NULL;
  g_autofree char *receipt0 = NULL;
  JsonArray *entries;
  JsonObject *entry;

  if (skip_without_jiujinctl ())
    return;

  add_operators (fixture);
  g_assert_cmpint (run (fixture, TECH_PIN "\n" REVIEWER_PIN "\n", "operators", "add", "reviewer1",
                        "--name", "乡镇李审核", "--role", "reviewer", "--as", "tech", NULL),
                   ==, EXIT_OK);
  queue_applications (fixture, 3);

  g_assert_cmpint (run (fixture, NULL, "queue", "list", "--json", NULL), ==, EXIT_OK);
  root = parse_stdout (fixture);
  entries = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (entries), ==, 3);
  entry = json_array_get_object_element (entries, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "state"), ==, "pending");
  g_assert_cmpint (json_object_get_int_member (entry, "revision"), ==, 1);
  uuid0 = g_strdup (json_object_get_string_member (entry, "uuid"));
  receipt0 = g_strdup (json_object_get_string_member (entry, "receipt_number"));
  uuid1 = g_strdup (json_object_get_string_member (json_array_get_object_element (entries, 1),
                                                   "uuid"));
  uuid2 = g_strdup (json_object_get_string_member (json_array_get_object_element (entries, 2),
                                                   "uuid"));
  g_assert_cmpint (run (fixture, NULL, "queue", "list", "--state", "lost", NULL), ==, EXIT_USAGE);

  /* A clerk may not hold; the refusal is on the record. */
  g_assert_cmpint (run (fixture, CLERK_PIN "\n", "queue", "hold", uuid0, "--reason", "看看",
                        "--as", "clerk1", NULL), ==, EXIT_DENIED);
  g_assert_cmpint (count_on_file (fixture, "SELECT count(*) FROM audit_log WHERE action ="
                                           " 'queue-hold' AND operator_login = 'clerk1'"
                                           " AND detail = '{\"outcome\":\"refused\"}'"), ==, 1);
  /* Sending back needs a reason. */
  g_assert_cmpint (run (fixture, REVIEWER_PIN "\n", "queue", "send-back", uuid0, "--as",
                        "reviewer1", NULL), ==, EXIT_USAGE);
  g_assert_cmpint (count_on_file (fixture, "SELECT count(*) FROM outbox WHERE state = 'pending'"),
                   ==, 3);

  g_assert_cmpint (run (fixture, REVIEWER_PIN "\n", "queue", "send-back", uuid0, uuid1,
                        "--reason", "申请人签名缺失", "--as", "reviewer1", NULL), ==, EXIT_OK);
  g_assert_nonnull (strstr (fixture->out, uuid1));
  g_assert_cmpint (count_on_file (fixture, "SELECT count(*) FROM outbox WHERE state = 'returned'"
                                           " AND last_error = '申请人签名缺失'"), ==, 2);
  g_assert_cmpint (count_on_file (fixture, "SELECT count(*) FROM audit_log WHERE action ="
                                           " 'queue-send-back' AND operator_login = 'reviewer1'"
                                           " AND detail = '{\"reason\":\"申请人签名缺失\"}'"), ==, 2);
  /* A returned entry cannot be held; another can, and be released and retried. */
  g_assert_cmpint (run (fixture, REVIEWER_PIN "\n", "queue", "hold", uuid0, "--as", "reviewer1",
                        NULL), ==, EXIT_FAILED);
  g_assert_cmpint (run (fixture, REVIEWER_PIN "\n", "queue", "hold", uuid2, "--as", "reviewer1",
                        NULL), ==, EXIT_OK);
  g_assert_cmpint (run (fixture, REVIEWER_PIN "\n", "queue", "release", uuid2, "--reason", "已核实",
                        "--as", "reviewer1", NULL), ==, EXIT_OK);
  g_assert_cmpint (run (fixture, CLERK_PIN "\n", "queue", "retry", uuid2, "--as", "clerk1", NULL),
                   ==, EXIT_OK);
  g_assert_cmpint (run (fixture, REVIEWER_PIN "\n", "queue", "retry",
                        "00000000-0000-4000-8000-000000000000", "--as", "reviewer1", NULL),
                   ==, EXIT_NOT_FOUND);

  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpint (run (fixture, NULL, "queue", "list", "--state", "returned", "--json", NULL),
                   ==, EXIT_OK);
  root = parse_stdout (fixture);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 2);
  g_clear_pointer (&root, json_node_unref);
  /* Not enrolled (exit 3), but the queue is counted all the same. */
  g_assert_cmpint (run (fixture, NULL, "sync", "status", "--json", NULL), ==, EXIT_NOT_FOUND);
  root = parse_stdout (fixture);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     json_node_get_object (root), "queue"), "returned"), ==, 2);

  /* Reopening is the clerk's: a reviewer is refused, the clerk gets a draft. */
  g_assert_cmpint (run (fixture, REVIEWER_PIN "\n", "applications", "reopen", receipt0, "--as",
                        "reviewer1", NULL), ==, EXIT_DENIED);
  g_assert_cmpint (run (fixture, CLERK_PIN "\n", "applications", "reopen", receipt0, "--as",
                        "clerk1", NULL), ==, EXIT_OK);
  g_assert_nonnull (strstr (fixture->out, receipt0));
  g_assert_cmpint (count_on_file (fixture, "SELECT count(*) FROM applications WHERE state = 'draft'"
                                           " AND receipt_number IS NOT NULL"), ==, 1);
  g_assert_cmpint (count_on_file (fixture, "SELECT count(*) FROM audit_log WHERE action ="
                                           " 'correction-open' AND operator_login = 'clerk1'"
                                           " AND json_extract (detail, '$.revision') = 2"), ==, 1);
  g_assert_cmpint (run (fixture, CLERK_PIN "\n", "applications", "reopen", receipt0, "--as",
                        "clerk1", NULL), ==, EXIT_FAILED);
  g_assert_cmpint (run (fixture, CLERK_PIN "\n", "applications", "reopen", "JJ01-20000101-0001",
                        "--as", "clerk1", NULL), ==, EXIT_NOT_FOUND);

  g_assert_cmpint (run (fixture, NULL, "queue", "frobnicate", NULL), ==, EXIT_USAGE);
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
  ADD ("/jiujinctl/queue/send-back-hold-release-and-reopen", test_queue_and_reopen);
#undef ADD

  return g_test_run ();
}
