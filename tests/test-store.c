/* test-store.c — the terminal's SQLite database: opening, refusing, migrating
 *
 * Every test works on a real database file in a fresh temporary folder.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include "jj-test-util.h"
#include <glib/gstdio.h>

#include "jj-catalog.h"
#include "jj-store-private.h"

#define PENSION_NAME "城乡居民基本养老保险参保登记"

typedef struct
{
  char *tmp_dir;
  char *data_dir;   /* tmp_dir/data, not created: the store must create it */
  char *db_path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->tmp_dir = jj_test_make_tmp_dir ("jiujin-test-store-XXXXXX");
  fixture->data_dir = g_build_filename (fixture->tmp_dir, "data", NULL);
  fixture->db_path = g_build_filename (fixture->data_dir, "jiujin.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_assert_true (jj_test_remove_tree (fixture->tmp_dir));
  g_free (fixture->tmp_dir);
  g_free (fixture->data_dir);
  g_free (fixture->db_path);
}

static JjStore *
open_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  JjStore *store = jj_store_open (fixture->data_dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* The file as it is on disk now, to prove later that nothing wrote to it. */
static void
assert_file_unchanged (const char *path,
                       GBytes     *before)
{
  g_autoptr(GBytes) after = jj_test_read_file (path);

  g_assert_cmpuint (g_bytes_get_size (after), ==, g_bytes_get_size (before));
  g_assert_true (g_bytes_equal (after, before));
}

static void
assert_mode (const char *path,
             mode_t      expected)
{
  GStatBuf st;

  g_assert_no_errno (g_stat (path, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, expected);
}

static void
test_open_creates_private_file (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(JjStore) store = open_store (fixture);
  sqlite3 *db = jj_store_get_db (store);
  g_autofree char *journal_mode = NULL;
  g_autofree char *wal_path = g_strconcat (fixture->db_path, "-wal", NULL);
  g_autofree char *shm_path = g_strconcat (fixture->db_path, "-shm", NULL);

  g_assert_cmpstr (jj_store_get_path (store), ==, fixture->db_path);
  g_assert_true (g_path_is_absolute (jj_store_get_path (store)));
  assert_mode (fixture->data_dir, 0700);
  assert_mode (fixture->db_path, 0600);

  journal_mode = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal_mode, ==, "wal");
  g_assert_cmpint (query_int (db, "PRAGMA synchronous"), ==, 2);
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (db, "PRAGMA busy_timeout"), >, 0);

  /* The write-ahead log holds the same personal data as the database. */
  if (g_file_test (wal_path, G_FILE_TEST_EXISTS))
    assert_mode (wal_path, 0600);
  if (g_file_test (shm_path, G_FILE_TEST_EXISTS))
    assert_mode (shm_path, 0600);
}

static void
test_open_reopen_keeps_rows (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(JjStore) store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;

  jj_store_set_meta (store, "terminal", "村部一号机", &error);
  g_assert_no_error (error);
  exec_sql (jj_store_get_db (store),
            "INSERT INTO categories (id, name, sort_order)"
            " VALUES ('civil-affairs', '民政服务', 0)");
  g_clear_object (&store);

  store = open_store (fixture);
  g_assert_cmpint (jj_store_get_schema_version (store), ==, JJ_STORE_SCHEMA_VERSION);
  value = jj_store_dup_meta (store, "terminal");
  g_assert_cmpstr (value, ==, "村部一号机");
  name = query_text (jj_store_get_db (store),
                     "SELECT name FROM categories WHERE id = 'civil-affairs'");
  g_assert_cmpstr (name, ==, "民政服务");
  g_assert_cmpint (query_int (jj_store_get_db (store), "SELECT count(*) FROM categories"), ==, 1);
}

static void
test_open_not_a_database_is_left_untouched (Fixture       *fixture,
                                            gconstpointer  user_data)
{
  g_autoptr(GString) garbage = g_string_new (NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JjStore) store = NULL;

  for (guint i = 0; garbage->len < 8192; i++)
    g_string_append_printf (garbage, "line %u: a resident's spreadsheet, not a database\n", i);

  g_assert_no_errno (g_mkdir_with_parents (fixture->data_dir, 0700));
  g_file_set_contents (fixture->db_path, garbage->str, garbage->len, &error);
  g_assert_no_error (error);
  before = jj_test_read_file (fixture->db_path);

  store = jj_store_open (fixture->data_dir, &error);
  g_assert_null (store);
  g_assert_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, fixture->db_path));

  assert_file_unchanged (fixture->db_path, before);
}

static void
test_open_damaged_database_refused (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  g_autoptr(JjStore) store = open_store (fixture);
  g_autoptr(JjCatalog) catalog = jj_catalog_new (store);
  g_autofree char *small = g_test_build_filename (G_TEST_DIST, "data", "catalog-small.json", NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gint64 page_size, page_count;
  gsize length;

  jj_catalog_import_file (catalog, small, FALSE, NULL, &error);
  g_assert_no_error (error);
  page_size = query_int (jj_store_get_db (store), "PRAGMA page_size");
  page_count = query_int (jj_store_get_db (store), "PRAGMA page_count");
  g_assert_cmpint (page_count, >, 4);
  g_clear_object (&catalog);
  g_clear_object (&store);

  /* Overwrite the b-tree header and cell pointers of page 3, as a failing disk would. */
  g_file_get_contents (fixture->db_path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, page_size * page_count);
  memset (contents + 2 * page_size, 0xa5, 512);
  g_file_set_contents (fixture->db_path, contents, length, &error);
  g_assert_no_error (error);
  before = jj_test_read_file (fixture->db_path);

  /* Either the open refuses it, or the open lets it through and the full check catches it. */
  store = jj_store_open (fixture->data_dir, &error);
  if (store != NULL)
    {
      g_assert_no_error (error);
      g_test_message ("jj_store_open() let it through; running jj_store_check_integrity()");
      g_assert_false (jj_store_check_integrity (store, &error));
      g_clear_object (&store);
    }
  g_assert_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, fixture->db_path));
  g_assert_true (g_file_test (fixture->db_path, G_FILE_TEST_IS_REGULAR));
  assert_file_unchanged (fixture->db_path, before);
}

static void
test_open_newer_schema_refused (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(JjStore) store = open_store (fixture);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_clear_object (&store);

  /* What a later Jiujin would leave behind. */
  g_assert_cmpint (sqlite3_open (fixture->db_path, &db), ==, SQLITE_OK);
  exec_sql (db, "PRAGMA user_version = 99");
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  before = jj_test_read_file (fixture->db_path);

  store = jj_store_open (fixture->data_dir, &error);
  g_assert_null (store);
  g_assert_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, fixture->db_path));

  assert_file_unchanged (fixture->db_path, before);
  g_assert_cmpint (sqlite3_open (fixture->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 99);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* The same refusal for a file still in rollback-journal mode (written by a tool, or restored from
 * a copy): switching it to WAL before the version check would already change its header. */
static void
test_open_newer_schema_rollback_journal_refused (Fixture       *fixture,
                                                 gconstpointer  user_data)
{
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JjStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_no_errno (g_mkdir_with_parents (fixture->data_dir, 0700));
  g_assert_cmpint (sqlite3_open (fixture->db_path, &db), ==, SQLITE_OK);
  exec_sql (db, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
                "PRAGMA user_version = 99");
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  before = jj_test_read_file (fixture->db_path);

  store = jj_store_open (fixture->data_dir, &error);
  g_assert_null (store);
  g_assert_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_TOO_NEW);

  assert_file_unchanged (fixture->db_path, before);
}

static void
test_migrate_v0_to_latest (Fixture       *fixture,
                           gconstpointer  user_data)
{
  static const char * const tables[] = { "meta", "categories", "matters", "bundles",
                                         "bundle_matters", "matter_views", "matter_text", "applicants",
                                         "applications", "application_materials", "outbox",
                                         "attachment_uploads", "status_events", "operators",
                                         "audit_log", "card_notices", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JjStore) store = jj_store_open_at_version (fixture->data_dir, 0, &error);
  sqlite3 *db;

  g_assert_no_error (error);
  g_assert_cmpint (jj_store_get_schema_version (store), ==, 0);
  g_assert_cmpint (query_int (jj_store_get_db (store), "SELECT count(*) FROM sqlite_schema"),
                   ==, 0);
  g_clear_object (&store);

  store = open_store (fixture);
  db = jj_store_get_db (store);
  g_assert_cmpint (jj_store_get_schema_version (store), ==, JJ_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, JJ_STORE_SCHEMA_VERSION);

  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_schema"
                                              " WHERE type = 'table' AND name = '%s'",
                                              tables[i]);
      g_test_message ("table %s", tables[i]);
      g_assert_cmpint (query_int (db, sql), ==, 1);
    }
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pragma_table_info ('matters') "
                                  "WHERE name = 'name_pinyin'"), ==, 1);
}

static void
test_migrate_v1_to_v2_keeps_matters_and_views (Fixture       *fixture,
                                               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjStore) store = jj_store_open_at_version (fixture->data_dir, 1, &error);
  g_autoptr(JjCatalog) catalog = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(JjMatter) matter = NULL;
  g_autofree char *name = NULL;
  g_autofree char *name_pinyin = NULL;
  JjMatterQuery query = { "yanglao", JJ_LEVEL_ANY, NULL };
  sqlite3 *db;

  g_assert_no_error (error);
  g_assert_cmpint (jj_store_get_schema_version (store), ==, 1);
  db = jj_store_get_db (store);
  exec_sql (db,
            "INSERT INTO categories (id, name, sort_order)"
            " VALUES ('social-insurance', '社会保险', 0);"
            "INSERT INTO matters (id, code, name, level, department, category_id, handling_type,"
            "  legal_limit_days, promised_limit_days, fee, location, hours, phone, guide_url,"
            "  keywords, conditions, materials, steps, form, sort_order)"
            " VALUES (7, 'XZ-0001', '" PENSION_NAME "', 'township', '乡镇社会保障服务所',"
            "  'social-insurance', 'immediate', 5, 0, '不收费', '便民服务中心', '工作日',"
            "  '0739-5200001', 'https://county.example/guide/XZ-0001', '[\"社保\"]',"
            "  '[\"具有本地户籍\"]',"
            "  '[{\"name\":\"居民身份证\",\"form\":\"original\",\"count\":1,"
            "     \"required\":true,\"notes\":\"\"}]',"
            "  '[{\"title\":\"受理\",\"description\":\"窗口核对材料后受理。\"}]',"
            "  '{\"fields\":[]}', 0);"
            "INSERT INTO matter_views (matter_id, count, last_seen) VALUES (7, 3, 1767225600);");
  g_clear_object (&store);

  store = jj_store_open_at_version (fixture->data_dir, 2, &error);
  g_assert_no_error (error);
  db = jj_store_get_db (store);
  g_assert_cmpint (jj_store_get_schema_version (store), ==, 2);

  name = query_text (db, "SELECT name FROM matters WHERE code = 'XZ-0001'");
  g_assert_cmpstr (name, ==, PENSION_NAME);
  g_assert_cmpint (query_int (db, "SELECT count FROM matter_views WHERE matter_id = 7"), ==, 3);
  g_assert_cmpint (query_int (db, "SELECT last_seen FROM matter_views WHERE matter_id = 7"),
                   ==, 1767225600);

  /* Migration 2 filled the search columns of rows written before it existed. */
  name_pinyin = query_text (db, "SELECT name_pinyin FROM matters WHERE id = 7");
  g_assert_cmpstr (name_pinyin, ==, "cheng xiang ju min ji ben yang lao bao xian can bao deng ji");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM matter_text WHERE rowid = 7"), ==, 1);

  catalog = jj_catalog_new (store);
  g_assert_cmpuint (jj_catalog_get_view_count (catalog, "XZ-0001"), ==, 3);

  found = jj_catalog_query (catalog, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  matter = g_list_model_get_item (found, 0);
  g_assert_cmpstr (jj_matter_get_code (matter), ==, "XZ-0001");
  g_assert_cmpstr (jj_matter_get_name (matter), ==, PENSION_NAME);
  g_assert_cmpstr (jj_matter_get_category_name (matter), ==, "社会保险");
  g_assert_cmpuint (jj_matter_get_materials (matter)->len, ==, 1);
  g_clear_object (&found);

  /* The body text was indexed too. */
  query.text = "身份证";
  found = jj_catalog_query (catalog, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
}

static void
test_meta_roundtrip (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(JjStore) store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  char *value;

  g_assert_null (jj_store_dup_meta (store, "catalog_version"));

  jj_store_set_meta (store, "catalog_version", "2026.11.1", &error);
  g_assert_no_error (error);
  value = jj_store_dup_meta (store, "catalog_version");
  g_assert_cmpstr (value, ==, "2026.11.1");
  g_free (value);

  jj_store_set_meta (store, "catalog_version", "2026.12.1", &error);
  g_assert_no_error (error);
  jj_store_set_meta (store, "catalog_region", "示范市 ' \" ; DROP TABLE meta", &error);
  g_assert_no_error (error);
  jj_store_set_meta (store, "empty", "", &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  store = open_store (fixture);
  value = jj_store_dup_meta (store, "catalog_version");
  g_assert_cmpstr (value, ==, "2026.12.1");
  g_free (value);
  value = jj_store_dup_meta (store, "catalog_region");
  g_assert_cmpstr (value, ==, "示范市 ' \" ; DROP TABLE meta");
  g_free (value);
  value = jj_store_dup_meta (store, "empty");
  g_assert_cmpstr (value, ==, "");
  g_free (value);
  g_assert_null (jj_store_dup_meta (store, "missing"));
  g_assert_cmpint (query_int (jj_store_get_db (store), "SELECT count(*) FROM meta"), ==, 3);
}

static void
test_integrity_ok (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(JjStore) store = open_store (fixture);
  g_autoptr(JjCatalog) catalog = jj_catalog_new (store);
  g_autofree char *small = g_test_build_filename (G_TEST_DIST, "data", "catalog-small.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (jj_store_check_integrity (store, &error));
  g_assert_no_error (error);

  jj_catalog_import_file (catalog, small, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (jj_store_check_integrity (store, &error));
  g_assert_no_error (error);
}

/* Migration 3 adds intake; the catalogue and the terminal's history stay, and applications can
 * refer to the matters already there. */
static void
test_migrate_v2_to_v3_keeps_catalogue_and_adds_intake (Fixture       *fixture,
                                                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjStore) store = jj_store_open_at_version (fixture->data_dir, 2, &error);
  g_autofree char *catalog_path = g_test_build_filename (G_TEST_DIST, "data", "catalog-small.json", NULL);
  g_autoptr(JjCatalog) catalog = NULL;
  g_autoptr(JjMatter) matter = NULL;
  sqlite3 *db;

  g_assert_no_error (error);
  catalog = jj_catalog_new (store);
  g_assert_true (jj_catalog_import_file (catalog, catalog_path, FALSE, NULL, &error));
  g_assert_no_error (error);
  matter = jj_catalog_lookup (catalog, "XZ-0003", &error);
  g_assert_no_error (error);
  g_assert_true (jj_catalog_record_view (catalog, matter, &error));
  g_clear_object (&catalog);
  g_clear_object (&store);

  store = open_store (fixture);
  db = jj_store_get_db (store);
  g_assert_cmpint (jj_store_get_schema_version (store), ==, JJ_STORE_SCHEMA_VERSION);
  catalog = jj_catalog_new (store);
  g_assert_cmpuint (jj_catalog_get_view_count (catalog, "XZ-0003"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM matters WHERE withdrawn = 0"), ==, 4);

  exec_sql (db,
            "INSERT INTO applications (id, state, title, created_at, updated_at)"
            " VALUES (1, 'draft', '高龄津贴申请', 1767225600, 1767225600);"
            "INSERT INTO application_matters (application_id, position, matter_id)"
            " SELECT 1, 0, id FROM matters WHERE code = 'XZ-0003';"
            "INSERT INTO outbox (uuid, application_id, payload, created_at)"
            " VALUES ('0b7a4d1e-0000-4000-8000-000000000001', 1, '{}', 1767225600);");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM application_matters am"
                                  " JOIN matters m ON m.id = am.matter_id WHERE m.code = 'XZ-0003'"),
                   ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox WHERE state = 'pending'"), ==, 1);
  g_assert_true (jj_store_check_integrity (store, &error));
}

/* Migration 5 adds what sync needs; queued applications and their outbox entries written at
 * version 4 stay as they were, and the new columns start empty. */
static void
test_migrate_v4_to_v5_keeps_outbox_and_adds_sync (Fixture       *fixture,
                                                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjStore) store = jj_store_open_at_version (fixture->data_dir, 4, &error);
  g_autofree char *payload = NULL;
  sqlite3 *db;

  g_assert_no_error (error);
  db = jj_store_get_db (store);
  exec_sql (db,
            "INSERT INTO applications (id, state, title, receipt_number, created_at, updated_at,"
            "  submitted_at)"
            " VALUES (1, 'queued', '高龄津贴申请', 'JJ01-20261129-0001', 1767225600, 1767225600,"
            "  1767225600);"
            "INSERT INTO outbox (uuid, application_id, payload, state, attempts, created_at)"
            " VALUES ('0b7a4d1e-0000-4000-8000-000000000001', 1, '{\"a\":1}', 'sending', 2,"
            "  1767225600);");
  g_clear_object (&store);

  store = open_store (fixture);
  db = jj_store_get_db (store);
  g_assert_cmpint (jj_store_get_schema_version (store), ==, JJ_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM applications WHERE state = 'queued'"
                                  " AND receipt_number = 'JJ01-20261129-0001'"
                                  " AND status_reason IS NULL AND status_at IS NULL"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT attempts FROM outbox WHERE state = 'sending'"
                                  " AND response IS NULL"), ==, 2);
  payload = query_text (db, "SELECT payload FROM outbox");
  g_assert_cmpstr (payload, ==, "{\"a\":1}");

  exec_sql (db,
            "INSERT INTO attachment_uploads (sha256, endpoint) VALUES ('ab', 'https://c/');"
            "INSERT INTO status_events (application_id, cursor, state, reason, at, received_at)"
            " VALUES (1, '41', 'returned', '不清晰', 1767225700, 1767225800);");
  g_assert_cmpint (query_int (db, "SELECT offset FROM attachment_uploads"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM status_events WHERE application_id = 1"),
                   ==, 1);
  /* STRICT tables and the foreign key hold. */
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO status_events (application_id, cursor, state,"
                                     "  at, received_at) VALUES (99, '1', 'accepted', 1, 1)",
                                 NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_true (jj_store_check_integrity (store, &error));
}

/* Migration 6 adds operators, the audit log and card notices; applications written at version
 * 5 stay, the log refuses updates and deletes, and a card is only yellow or red. */
static void
test_migrate_v5_to_v6_adds_operators_and_audit (Fixture       *fixture,
                                                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjStore) store = jj_store_open_at_version (fixture->data_dir, 5, &error);
  sqlite3 *db;

  g_assert_no_error (error);
  db = jj_store_get_db (store);
  exec_sql (db,
            "INSERT INTO applications (id, state, title, receipt_number, created_at, updated_at)"
            " VALUES (1, 'queued', '高龄津贴申请', 'JJ01-20261129-0001', 1767225600, 1767225600);");
  g_clear_object (&store);

  store = open_store (fixture);
  db = jj_store_get_db (store);
  g_assert_cmpint (jj_store_get_schema_version (store), ==, JJ_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM applications"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM operators"), ==, 0);

  exec_sql (db,
            "INSERT INTO audit_log (id, at, action, prev_hash, hash) VALUES (1, 1, 'login', 'a', 'b');"
            "INSERT INTO card_notices (application_id, day, card) VALUES (1, '2026-12-01', 'yellow');");
  g_assert_cmpint (sqlite3_exec (db, "UPDATE audit_log SET action = 'logout'", NULL, NULL, NULL),
                   ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit_log", NULL, NULL, NULL),
                   ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM audit_log WHERE action = 'login'"), ==, 1);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO card_notices (application_id, day, card)"
                                     " VALUES (1, '2026-12-02', 'green')", NULL, NULL, NULL),
                   !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO operators (login, display_name, role, pin_hash,"
                                     "  created_at, updated_at)"
                                     " VALUES ('a', 'A', 'admin', 'x', 1, 1)", NULL, NULL, NULL),
                   !=, SQLITE_OK);
  g_assert_true (jj_store_check_integrity (store, &error));
}

/* Migration 7 rebuilds the outbox for revisions: every entry written at version 6 keeps its id,
 * key, payload, state, attempts, answer and times, becomes revision 1 of its application, and
 * the indexes are back; the two new states are allowed, and nothing else is. */
static void
test_migrate_v6_to_v7_keeps_outbox_and_adds_revisions (Fixture       *fixture,
                                                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjStore) store = jj_store_open_at_version (fixture->data_dir, 6, &error);
  g_autofree char *payload = NULL;
  g_autofree char *response = NULL;
  sqlite3 *db;

  g_assert_no_error (error);
  db = jj_store_get_db (store);
  exec_sql (db,
            "INSERT INTO applications (id, state, title, receipt_number, case_number, created_at,"
            "  updated_at, submitted_at)"
            " VALUES (1, 'sent', '高龄津贴申请', 'JJ01-20261129-0001', 'JX2026-000001',"
            "  1767225600, 1767225600, 1767225600),"
            "  (2, 'queued', '低保申请', 'JJ01-20261129-0002', NULL, 1767225600, 1767225600,"
            "  1767225600);"
            "INSERT INTO outbox (id, uuid, application_id, payload, state, attempts, last_error,"
            "  next_attempt_at, created_at, delivered_at, response, attachment_misses)"
            " VALUES (7, '0b7a4d1e-0000-4000-8000-000000000007', 1, '{\"a\":1}', 'delivered', 1,"
            "  NULL, NULL, 1767225600, 1767225700, '{\"status\":201}', 0),"
            "  (9, '0b7a4d1e-0000-4000-8000-000000000009', 2, '{\"b\":2}', 'parked', 3, '不清晰',"
            "  1767229999, 1767225601, NULL, NULL, 2);"
            "INSERT INTO status_events (application_id, cursor, state, at, received_at)"
            " VALUES (1, '41', 'accepted', 1767225800, 1767225900);");
  g_clear_object (&store);

  store = open_store (fixture);
  g_assert_no_error (error);
  db = jj_store_get_db (store);
  g_assert_cmpint (jj_store_get_schema_version (store), ==, JJ_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox WHERE id = 7"
                                  " AND uuid = '0b7a4d1e-0000-4000-8000-000000000007'"
                                  " AND application_id = 1 AND state = 'delivered' AND attempts = 1"
                                  " AND created_at = 1767225600 AND delivered_at = 1767225700"
                                  " AND revision = 1 AND supersedes IS NULL"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox WHERE id = 9 AND state = 'parked'"
                                  " AND attempts = 3 AND last_error = '不清晰'"
                                  " AND next_attempt_at = 1767229999 AND attachment_misses = 2"
                                  " AND revision = 1"), ==, 1);
  payload = query_text (db, "SELECT payload FROM outbox WHERE id = 9");
  g_assert_cmpstr (payload, ==, "{\"b\":2}");
  response = query_text (db, "SELECT response FROM outbox WHERE id = 7");
  g_assert_cmpstr (response, ==, "{\"status\":201}");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
                                  " AND tbl_name = 'outbox' AND name IN ('outbox_by_state',"
                                  "  'outbox_by_application', 'outbox_by_kind_state',"
                                  "  'outbox_by_delivered')"), ==, 4);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'outbox_v7'"),
                   ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM status_events"), ==, 1);

  /* A new row continues after the highest id; the new states and columns are there. */
  exec_sql (db,
            "INSERT INTO outbox (uuid, application_id, payload, state, created_at, revision,"
            "  supersedes)"
            " VALUES ('0b7a4d1e-0000-4000-8000-00000000000a', 2, '{}', 'pending', 1767226000, 2,"
            "  '0b7a4d1e-0000-4000-8000-000000000009');"
            "UPDATE outbox SET state = 'superseded' WHERE id = 9;"
            "UPDATE outbox SET state = 'returned' WHERE id = 10;");
  g_assert_cmpint (query_int (db, "SELECT max (id) FROM outbox"), ==, 10);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE outbox SET state = 'lost' WHERE id = 10",
                                 NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE outbox SET revision = 0 WHERE id = 10",
                                 NULL, NULL, NULL), !=, SQLITE_OK);
  /* The foreign key to applications holds on the rebuilt table. */
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO outbox (uuid, application_id, payload,"
                                     "  created_at) VALUES ('x', 99, '{}', 1)", NULL, NULL, NULL),
                   !=, SQLITE_OK);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  g_assert_true (jj_store_check_integrity (store, &error));
  g_assert_no_error (error);
}

/* v8 only adds indexes: the rows of a v7 database are found through them, the open cases in
 * the cards' order from the partial index alone. */
static void
test_migrate_v7_to_v8_adds_list_and_card_indexes (Fixture       *fixture,
                                                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjStore) store = jj_store_open_at_version (fixture->data_dir, 7, &error);
  g_autofree char *open_ids = NULL;
  sqlite3 *db;

  g_assert_no_error (error);
  db = jj_store_get_db (store);
  exec_sql (db,
            "INSERT INTO applications (id, state, title, applicant_name, receipt_number,"
            "  promised_date, created_at, updated_at, submitted_at)"
            " VALUES (1, 'accepted', '高龄津贴申请', '张三', 'JJ01-20261129-0001', '2026-12-08',"
            "  1767225600, 1767225600, 1767225600),"
            "  (2, 'queued', '低保申请', '李四', 'JJ01-20261129-0002', '2026-12-01', 1767225700,"
            "  1767225700, 1767225700),"
            "  (3, 'completed', '低保申请', '王五', 'JJ01-20261129-0003', '2026-11-30',"
            "  1767225800, 1767225800, 1767225800),"
            "  (4, 'sent', '居住证明', '赵六', 'JJ01-20261129-0004', '2026-12-01', 1767225900,"
            "  1767225900, 1767225900),"
            "  (5, 'draft', '居住证明', '孙七', NULL, NULL, 1767226000, 1767226000, NULL);");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
                                  " AND name LIKE 'applications_by_created'"), ==, 0);
  g_clear_object (&store);

  store = open_store (fixture);
  db = jj_store_get_db (store);
  g_assert_cmpint (jj_store_get_schema_version (store), ==, JJ_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), >=, 8);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
                                  " AND tbl_name = 'applications' AND name IN"
                                  " ('applications_by_created', 'applications_by_text',"
                                  "  'applications_open_by_promised')"), ==, 3);
  /* the covering index in list order replaces v4's recency index */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema"
                                  " WHERE name = 'applications_by_recency'"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM applications"), ==, 5);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM applications"
                                  " INDEXED BY applications_by_created"
                                  " WHERE created_at >= 1767225700 AND created_at < 1767226000"),
                   ==, 3);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM applications"
                                  " INDEXED BY applications_by_text"
                                  " WHERE instr (applicant_name, '李') > 0"), ==, 1);
  open_ids = query_text (db, "SELECT group_concat (id) FROM"
                             " (SELECT id FROM applications a"
                             "   INDEXED BY applications_open_by_promised"
                             "  WHERE (a.state = 'queued' OR a.state = 'sent'"
                             "         OR a.state = 'accepted')"
                             "    AND a.promised_date IS NOT NULL"
                             "  ORDER BY a.promised_date, a.id)");
  g_assert_cmpstr (open_ids, ==, "2,4,1");
  g_assert_true (jj_store_check_integrity (store, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/open/creates-private-file", test_open_creates_private_file);
  ADD ("/store/open/reopen-keeps-rows", test_open_reopen_keeps_rows);
  ADD ("/store/open/not-a-database-is-left-untouched", test_open_not_a_database_is_left_untouched);
  ADD ("/store/open/damaged-database-refused", test_open_damaged_database_refused);
  ADD ("/store/open/newer-schema-refused", test_open_newer_schema_refused);
  ADD ("/store/open/newer-schema-in-rollback-journal-file-left-untouched",
       test_open_newer_schema_rollback_journal_refused);
  ADD ("/store/migrate/v0-to-latest", test_migrate_v0_to_latest);
  ADD ("/store/migrate/v1-to-v2-keeps-matters-and-views",
       test_migrate_v1_to_v2_keeps_matters_and_views);
  ADD ("/store/migrate/v2-to-v3-keeps-catalogue-and-adds-intake",
       test_migrate_v2_to_v3_keeps_catalogue_and_adds_intake);
  ADD ("/store/migrate/v4-to-v5-keeps-outbox-and-adds-sync",
       test_migrate_v4_to_v5_keeps_outbox_and_adds_sync);
  ADD ("/store/migrate/v5-to-v6-adds-operators-and-audit",
       test_migrate_v5_to_v6_adds_operators_and_audit);
  ADD ("/store/migrate/v6-to-v7-keeps-outbox-and-adds-revisions",
       test_migrate_v6_to_v7_keeps_outbox_and_adds_revisions);
  ADD ("/store/migrate/v7-to-v8-adds-list-and-card-indexes",
       test_migrate_v7_to_v8_adds_list_and_card_indexes);
  ADD ("/store/meta/roundtrip", test_meta_roundtrip);
  ADD ("/store/integrity/ok", test_integrity_ok);
#undef ADD

  return g_test_run ();
}
