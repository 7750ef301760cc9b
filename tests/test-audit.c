/* test-audit.c — the append-only, hash-chained audit log
 *
 * The tampering tests do what an attacker with the database file would do: open it with plain
 * SQLite, drop the triggers and edit, delete or reorder rows with SQL.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "jj-audit.h"
#include "jj-operators.h"
#include "jj-store-private.h"
#include "jj-test-sql.h"
#include "jj-test-util.h"

#define exec_sql(f, sql) jj_test_sql_exec (jj_store_get_db ((f)->store), (sql))
#define query_int(f, sql) jj_test_sql_int (jj_store_get_db ((f)->store), (sql), NULL)

#define TECH_PIN "20261129"
#define ZEROS "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct
{
  char      *tmp_dir;
  JjStore   *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->tmp_dir = jj_test_make_tmp_dir ("jiujin-test-audit-XXXXXX");
  fixture->store = jj_store_open (fixture->tmp_dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->store);
  g_assert_true (jj_test_remove_tree (fixture->tmp_dir));
  g_free (fixture->tmp_dir);
}

/* Appends @n rows (logins and queue actions with details), in one transaction when @batch. */
static void
append_rows (Fixture  *fixture,
             guint     n,
             gboolean  batch)
{
  g_autoptr(GError) error = NULL;

  if (batch)
    {
      jj_store_lock (fixture->store);
      g_assert_true (jj_store_begin (fixture->store, &error));
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *subject = g_strdup_printf ("0b7a4d1e-0000-4000-8000-%012u", i);
      g_autofree char *detail = g_strdup_printf ("{\"reason\":\"补正 %u, \\\"材料\\\"\"}", i);

      g_assert_cmpint (jj_audit_append (fixture->store, NULL,
                                        i % 2 ? JJ_AUDIT_QUEUE_HOLD : JJ_AUDIT_QUEUE_RELEASE,
                                        subject, detail, &error), >, 0);
      g_assert_no_error (error);
    }
  if (batch)
    {
      g_assert_true (jj_store_commit (fixture->store, &error));
      jj_store_unlock (fixture->store);
    }
}

static void
verify (Fixture      *fixture,
        gint64        expected_broken,
        JjAuditBreak  expected_kind)
{
  g_autoptr(GError) error = NULL;
  JjAuditBreak kind = 99;
  gint64 broken = -1;

  g_assert_true (jj_audit_verify (fixture->store, &broken, &kind, NULL, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("first broken row %" G_GINT64_FORMAT ": %s", broken,
                  jj_audit_break_describe (kind));
  g_assert_cmpint (broken, ==, expected_broken);
  g_assert_cmpint (kind, ==, expected_kind);
}

/* What an attacker does first. */
static void
drop_triggers (Fixture *fixture)
{
  exec_sql (fixture, "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
}

static void
hash_field (GChecksum  *checksum,
            const char *text)
{
  guint64 length = strlen (text);
  guint8 prefix[8] = { 0 };

  for (int i = 7; i >= 0; i--)
    prefix[i] = (length >> (8 * (7 - i))) & 0xff;
  g_checksum_update (checksum, prefix, 8);
  g_checksum_update (checksum, (const guchar *) text, length);
}

/* The hash of row @id computed from its columns as docs/operators-and-audit.md describes it,
 * independently of the code under test. */
static char *
recompute_hash (Fixture *fixture,
                gint64   id)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (jj_store_get_db (fixture->store),
                                       "SELECT prev_hash, CAST (id AS TEXT), CAST (at AS TEXT),"
                                       "  operator_login, operator_role, action, subject, detail"
                                       " FROM audit_log WHERE id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_checksum_update (checksum, (const guchar *) "jiujin-audit-v1\n", 16);
  for (int i = 0; i < 8; i++)
    hash_field (checksum, (const char *) sqlite3_column_text (stmt, i));
  sqlite3_finalize (stmt);
  return g_strdup (g_checksum_get_string (checksum));
}

static void
test_chain_links (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *head = NULL;
  JjAuditEntry *first, *second;
  gint64 n_rows = 0;

  append_rows (fixture, 3, FALSE);
  entries = jj_audit_list (fixture->store, 0, 0, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);
  /* Newest first. */
  second = g_ptr_array_index (entries, 1);
  first = g_ptr_array_index (entries, 2);
  g_assert_cmpint (first->id, ==, 1);
  g_assert_cmpstr (first->prev_hash, ==, ZEROS);
  g_assert_cmpstr (second->prev_hash, ==, first->hash);
  g_assert_cmpstr (first->action, ==, JJ_AUDIT_QUEUE_RELEASE);
  g_assert_cmpstr (first->operator_login, ==, "");
  g_assert_cmpstr (first->detail, ==, "{\"reason\":\"补正 0, \\\"材料\\\"\"}");

  /* The documented encoding, computed here on its own, gives the stored hashes. */
  for (gint64 id = 1; id <= 3; id++)
    {
      g_autofree char *expected = recompute_hash (fixture, id);
      JjAuditEntry *entry = g_ptr_array_index (entries, 3 - id);

      g_assert_cmpstr (entry->hash, ==, expected);
    }

  g_assert_true (jj_audit_verify (fixture->store, NULL, NULL, &n_rows, &head, &error));
  g_assert_cmpint (n_rows, ==, 3);
  g_assert_cmpstr (head, ==, ((JjAuditEntry *) g_ptr_array_index (entries, 0))->hash);
  verify (fixture, 0, JJ_AUDIT_BREAK_NONE);
}

/* Fields are length-prefixed: moving a character from one field into the next changes the
 * hash. */
static void
test_fields_unambiguous (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *hash = NULL;

  g_assert_cmpint (jj_audit_append (fixture->store, NULL, JJ_AUDIT_SETTINGS_CHANGE, "idle-lock",
                                    "{\"value\":5}", &error), ==, 1);
  drop_triggers (fixture);
  exec_sql (fixture, "UPDATE audit_log SET subject = 'idle-loc', detail = 'k{\"value\":5}'");
  verify (fixture, 1, JJ_AUDIT_BREAK_MODIFIED);
  hash = recompute_hash (fixture, 1);
  entries = jj_audit_list (fixture->store, 0, 0, NULL, 0, 0, &error);
  g_assert_cmpstr (hash, !=, ((JjAuditEntry *) g_ptr_array_index (entries, 0))->hash);
}

static void
test_append_in_caller_transaction (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  jj_store_lock (fixture->store);
  g_assert_true (jj_store_begin (fixture->store, &error));
  g_assert_cmpint (jj_audit_append (fixture->store, NULL, JJ_AUDIT_EXPORT, "a.csv", NULL, &error),
                   ==, 1);
  jj_store_rollback (fixture->store);
  jj_store_unlock (fixture->store);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log"), ==, 0);

  /* Outside a transaction the row commits on its own, and the chain starts afresh. */
  g_assert_cmpint (jj_audit_append (fixture->store, NULL, JJ_AUDIT_EXPORT, "b.csv", NULL, &error),
                   ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log WHERE subject = 'b.csv'"),
                   ==, 1);
  verify (fixture, 0, JJ_AUDIT_BREAK_NONE);
}

static void
test_append_rejects (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (jj_audit_append (fixture->store, NULL, "delete-everything", NULL, NULL, &error),
                   ==, 0);
  g_assert_error (error, JJ_AUDIT_ERROR, JJ_AUDIT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (jj_audit_append (fixture->store, NULL, JJ_AUDIT_EXPORT, NULL, "[1]", &error),
                   ==, 0);
  g_assert_error (error, JJ_AUDIT_ERROR, JJ_AUDIT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (jj_audit_append (fixture->store, NULL, JJ_AUDIT_EXPORT, NULL, "{", &error),
                   ==, 0);
  g_assert_error (error, JJ_AUDIT_ERROR, JJ_AUDIT_ERROR_INVALID);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log"), ==, 0);
}

/* Our own code cannot rewrite the log: the triggers abort. */
static void
test_triggers_refuse (Fixture       *fixture,
                      gconstpointer  user_data)
{
  sqlite3 *db = jj_store_get_db (fixture->store);

  append_rows (fixture, 2, FALSE);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE audit_log SET subject = 'x' WHERE id = 1",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit_log WHERE id = 2", NULL, NULL, NULL),
                   ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_nonnull (strstr (sqlite3_errmsg (db), "append-only"));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log"), ==, 2);
  verify (fixture, 0, JJ_AUDIT_BREAK_NONE);
}

static void
test_verify_empty (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  gint64 n_rows = -1;

  g_assert_true (jj_audit_verify (fixture->store, NULL, NULL, &n_rows, &head, &error));
  g_assert_cmpint (n_rows, ==, 0);
  g_assert_cmpstr (head, ==, ZEROS);
  verify (fixture, 0, JJ_AUDIT_BREAK_NONE);
}

/* What an attacker with the file does after dropping the triggers, and where and why verify
 * must stop. */
typedef struct
{
  const char   *path;
  const char   *sql;
  gint64        broken;
  JjAuditBreak  kind;
} Tampering;

static const Tampering tamperings[] = {
  { "/audit/verify/detects-modified-row",
    "UPDATE audit_log SET detail = '{\"reason\":\"无\"}' WHERE id = 5",
    5, JJ_AUDIT_BREAK_MODIFIED },
  /* A changed time is a modification too. */
  { "/audit/verify/detects-modified-time",
    "UPDATE audit_log SET at = at - 86400 WHERE id = 7",
    7, JJ_AUDIT_BREAK_MODIFIED },
  { "/audit/verify/detects-deleted-row",
    "DELETE FROM audit_log WHERE id = 5",
    6, JJ_AUDIT_BREAK_MISSING },
  { "/audit/verify/detects-deleted-first-row",
    "DELETE FROM audit_log WHERE id = 1",
    2, JJ_AUDIT_BREAK_MISSING },
  /* Renumbering to close the gap leaves the next row intact under its old id, linked to a row
   * that is gone. */
  { "/audit/verify/detects-deleted-and-renumbered-rows",
    "DELETE FROM audit_log WHERE id = 5; UPDATE audit_log SET id = id - 1 WHERE id > 5;",
    5, JJ_AUDIT_BREAK_MISSING },
  { "/audit/verify/detects-swapped-rows",
    "UPDATE audit_log SET id = -1 WHERE id = 4;"
    "UPDATE audit_log SET id = 4 WHERE id = 5;"
    "UPDATE audit_log SET id = 5 WHERE id = -1;",
    4, JJ_AUDIT_BREAK_OUT_OF_ORDER },
  /* Swapping the contents of two rows but not their ids is the same reordering. */
  { "/audit/verify/detects-swapped-contents",
    "CREATE TEMP TABLE saved AS SELECT * FROM audit_log WHERE id IN (8, 9);"
    "UPDATE audit_log SET hash = 'tmp' || id WHERE id IN (8, 9);"
    "UPDATE audit_log SET (at, operator_login, operator_role, action, subject, detail,"
    "  prev_hash, hash) = (SELECT at, operator_login, operator_role, action, subject,"
    "  detail, prev_hash, hash FROM saved WHERE saved.id = 17 - audit_log.id)"
    " WHERE id IN (8, 9);",
    8, JJ_AUDIT_BREAK_OUT_OF_ORDER },
};

static void
test_detects_tampering (Fixture       *fixture,
                        gconstpointer  user_data)
{
  const Tampering *tampering = user_data;

  append_rows (fixture, 10, FALSE);
  drop_triggers (fixture);
  exec_sql (fixture, tampering->sql);
  verify (fixture, tampering->broken, tampering->kind);
}

/* An attacker who knows the encoding edits a row and recomputes its hash: the next row's link
 * still points at the old one. */
static void
test_detects_rehashed (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *hash = NULL;
  g_autofree char *sql = NULL;

  append_rows (fixture, 10, FALSE);
  drop_triggers (fixture);
  exec_sql (fixture, "UPDATE audit_log SET subject = 'someone-else' WHERE id = 5");
  hash = recompute_hash (fixture, 5);
  sql = g_strdup_printf ("UPDATE audit_log SET hash = '%s' WHERE id = 5", hash);
  exec_sql (fixture, sql);
  verify (fixture, 6, JJ_AUDIT_BREAK_MISSING);
}

/* 10,000 rows verify quickly, and a change near the end is still found. */
static void
test_long_log (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 n_rows = 0, start;

  append_rows (fixture, 10000, TRUE);
  start = g_get_monotonic_time ();
  g_assert_true (jj_audit_verify (fixture->store, NULL, NULL, &n_rows, NULL, &error));
  g_test_message ("verified 10,000 rows in %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpint (n_rows, ==, 10000);
  verify (fixture, 0, JJ_AUDIT_BREAK_NONE);

  drop_triggers (fixture);
  exec_sql (fixture, "UPDATE audit_log SET action = 'queue-retry' WHERE id = 9999");
  verify (fixture, 9999, JJ_AUDIT_BREAK_MODIFIED);
}

static void
test_list_filters (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) holds = NULL;
  g_autoptr(GPtrArray) none = NULL;

  append_rows (fixture, 7, FALSE);
  page = jj_audit_list (fixture->store, 0, 0, NULL, 2, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpint (((JjAuditEntry *) page->pdata[0])->id, ==, 6);
  g_assert_cmpint (((JjAuditEntry *) page->pdata[1])->id, ==, 5);

  holds = jj_audit_list (fixture->store, 0, 0, JJ_AUDIT_QUEUE_HOLD, 0, 0, &error);
  g_assert_cmpuint (holds->len, ==, 3);
  g_assert_cmpint (jj_audit_count (fixture->store, 0, 0, JJ_AUDIT_QUEUE_HOLD, &error), ==, 3);
  g_assert_cmpint (jj_audit_count (fixture->store, 0, 0, NULL, &error), ==, 7);

  none = jj_audit_list (fixture->store, 0, 1000, NULL, 0, 0, &error);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpint (jj_audit_count (fixture->store, g_get_real_time () / G_USEC_PER_SEC - 60, 0,
                                   NULL, &error), ==, 7);
  g_assert_cmpint (jj_audit_count (fixture->store, g_get_real_time () / G_USEC_PER_SEC + 60, 0,
                                   NULL, &error), ==, 0);
  g_assert_no_error (error);

  g_assert_cmpstr (jj_audit_action_display_name (JJ_AUDIT_QUEUE_HOLD), ==, "Held a queue item");
  g_assert_cmpstr (jj_audit_action_display_name ("made-up"), ==, "made-up");
}

static void
test_export_csv (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjSession) technician = NULL;
  g_autoptr(JjSession) clerk = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = g_build_filename (fixture->tmp_dir, "audit.csv", NULL);
  g_auto(GStrv) lines = NULL;
  GStatBuf st;

  g_assert_cmpint (jj_operators_create_first_technician (fixture->store, "tech", "王", TECH_PIN,
                                                         &error), >, 0);
  technician = jj_operators_login (fixture->store, "tech", TECH_PIN, &error);
  g_assert_no_error (error);
  g_assert_cmpint (jj_operators_add (fixture->store, technician, "clerk1", "李", JJ_ROLE_CLERK,
                                     "111111", &error), >, 0);
  clerk = jj_operators_login (fixture->store, "clerk1", "111111", &error);
  g_assert_no_error (error);
  g_assert_cmpint (jj_audit_append (fixture->store, technician, JJ_AUDIT_SETTINGS_CHANGE,
                                    "=HYPERLINK(\"x\")", "{\"a\":\"b,c\"}", &error), >, 0);

  /* 1 operator-add, 1 login, 1 operator-add, 1 login, 1 settings-change. */
  g_assert_cmpint (jj_audit_export_csv (fixture->store, technician, 0, 0, NULL, path, &error),
                   ==, 5);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  bytes = jj_test_read_file (path);
  lines = g_strsplit (g_bytes_get_data (bytes, NULL), "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 7);   /* header, 5 rows, "" after the last */
  g_assert_cmpstr (lines[0], ==, "id,at,time,operator,role,action,subject,detail,prev_hash,hash");
  g_assert_true (g_str_has_prefix (lines[1], "1,"));
  g_assert_nonnull (strstr (lines[1], ",,,operator-add,tech,"
                                      "\"{\"\"role\"\":\"\"technician\"\",\"\"first_run\"\":true}\","
                                      ZEROS ","));
  g_assert_nonnull (strstr (lines[5], ",tech,technician,settings-change,"
                                      "\"'=HYPERLINK(\"\"x\"\")\",\"{\"\"a\"\":\"\"b,c\"\"}\","));
  g_assert_cmpstr (lines[6], ==, "");
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log WHERE action = 'export'"
                                       " AND operator_login = 'tech'"
                                       " AND detail = '{\"format\":\"csv\",\"rows\":5}'"), ==, 1);

  /* Only a technician exports; a clerk's attempt writes nothing and is recorded. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (jj_audit_export_csv (fixture->store, clerk, 0, 0, NULL, path, &error), ==, -1);
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log WHERE action = 'export'"
                                       " AND operator_login = 'clerk1'"
                                       " AND detail = '{\"outcome\":\"refused\"}'"), ==, 1);

  g_assert_cmpint (jj_audit_export_csv (fixture->store, technician, 0, 0, NULL,
                                        "/nonexistent/dir/audit.csv", &error), ==, -1);
  g_assert_error (error, JJ_AUDIT_ERROR, JJ_AUDIT_ERROR_IO);
  verify (fixture, 0, JJ_AUDIT_BREAK_NONE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/audit/append/chain-links-in-the-documented-encoding", test_chain_links);
  ADD ("/audit/append/fields-are-unambiguous", test_fields_unambiguous);
  ADD ("/audit/append/inside-caller-transaction-rolls-back-with-it",
       test_append_in_caller_transaction);
  ADD ("/audit/append/rejects-unknown-action-and-non-object-detail", test_append_rejects);
  ADD ("/audit/triggers/refuse-update-and-delete", test_triggers_refuse);
  ADD ("/audit/verify/empty-log-is-intact", test_verify_empty);
  for (guint i = 0; i < G_N_ELEMENTS (tamperings); i++)
    g_test_add (tamperings[i].path, Fixture, &tamperings[i], fixture_set_up,
                test_detects_tampering, fixture_tear_down);
  ADD ("/audit/verify/detects-rehashed-row", test_detects_rehashed);
  ADD ("/audit/verify/long-log-10000-rows", test_long_log);
  ADD ("/audit/list/filters-and-pages", test_list_filters);
  ADD ("/audit/export/csv-by-technician-only", test_export_csv);
#undef ADD

  return g_test_run ();
}
