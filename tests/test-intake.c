/* test-intake.c — taking an application: drafts, validation, the durable submit, crashes
 *
 * Every test works on a real database file in a fresh temporary folder, with
 * tests/data/catalog-small.json imported: XZ-0001 养老 asks a required choice field
 * (contribution_level), XZ-0003 高龄津贴申请 is promised in 10 working days and asks a required
 * bank_account (^[0-9]{12,19}$), the bundle YJS-001 is XZ-0001 + XZ-0002. "Today" is fixed at
 * Friday 2026-04-03, the working day before 清明节 (4–6 April), and working days are counted
 * with the calendar file named by JIUJIN_CALENDAR.
 *
 * The atomicity tests run tests/intake-crash-helper.c (JIUJIN_INTAKE_CRASH_HELPER) as a real
 * process and kill it with SIGKILL at random moments, then check what the database holds.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "jj-applicants.h"
#include "jj-applications.h"
#include "jj-attachments.h"
#include "jj-catalog.h"
#include "jj-intake.h"
#include "jj-outbox.h"
#include "jj-store-private.h"
#include "jj-test-util.h"
#include "jj-validate.h"

#define PHONE       "13800138000"
#define OTHER_PHONE "13912345678"
#define ADDRESS     "湖南省测试市测试镇新村12号"
#define BANK_ACCOUNT "6222020200112233445"
#define RECEIPT_PATTERN "^JJ01-\\d{8}-\\d{4}$"

/* The seed of the crash tests' random kill times; JIUJIN_TEST_SEED replays another. */
#define DEFAULT_SEED 20260403u

/* A 1×1 white greyscale PNG. */
static const guint8 png_data[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x37, 0x6e, 0xf9,
  0x24, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0x68, 0x00, 0x00, 0x00,
  0x82, 0x00, 0x81, 0xdd, 0x43, 0x6a, 0xf4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
  0x42, 0x60, 0x82,
};

typedef struct
{
  char      *tmp_dir;
  char      *data_dir;
  char      *catalog_path;
  JjStore   *store;
  JjCatalog *catalog;
  JjIntake  *intake;
  GDate     *today;
} Fixture;

static char *
calendar_path (void)
{
  const char *path = g_getenv ("JIUJIN_CALENDAR");

  if (path != NULL)
    return g_strdup (path);
  return g_test_build_filename (G_TEST_DIST, "..", "data", "calendar", "cn-working-days.json",
                                NULL);
}

/* Opens the store in @data_dir with the small catalogue imported, and an intake on it. */
static void
open_intake (Fixture    *fixture,
             const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *calendar = calendar_path ();

  fixture->store = jj_store_open (data_dir, &error);
  g_assert_no_error (error);
  fixture->catalog = jj_catalog_new (fixture->store);
  g_assert_true (jj_catalog_import_file (fixture->catalog, fixture->catalog_path, FALSE, NULL,
                                         &error));
  g_assert_no_error (error);
  fixture->intake = jj_intake_new (fixture->catalog, calendar, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->intake);
}

static void
close_intake (Fixture *fixture)
{
  g_clear_object (&fixture->intake);
  g_clear_object (&fixture->catalog);
  g_clear_object (&fixture->store);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->tmp_dir = jj_test_make_tmp_dir ("jiujin-test-intake-XXXXXX");
  fixture->data_dir = g_build_filename (fixture->tmp_dir, "data", NULL);
  fixture->catalog_path = g_test_build_filename (G_TEST_DIST, "data", "catalog-small.json", NULL);
  fixture->today = g_date_new_dmy (3, G_DATE_APRIL, 2026);
  open_intake (fixture, fixture->data_dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  close_intake (fixture);
  g_assert_true (jj_test_remove_tree (fixture->tmp_dir));
  g_free (fixture->tmp_dir);
  g_free (fixture->data_dir);
  g_free (fixture->catalog_path);
  g_date_free (fixture->today);
}

/* g_assert_cmpstr() against a string made for the occasion, freed afterwards. */
#define assert_cmpstr_owned(actual, expected) \
  G_STMT_START { \
    g_autofree char *expected_ = (expected); \
    g_assert_cmpstr ((actual), ==, expected_); \
  } G_STMT_END

/* --- SQL ------------------------------------------------------------------------------- */

static gint64
query_int (JjStore    *store,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

static gint64
query_int (JjStore    *store,
           const char *format,
           ...)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  va_list args;
  gint64 value;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  if (sqlite3_prepare_v2 (jj_store_get_db (store), sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (jj_store_get_db (store)));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The first column of the first row, or NULL when there is no row or it is NULL. */
static char *
query_text (JjStore    *store,
            const char *format,
            ...) G_GNUC_PRINTF (2, 3);

static char *
query_text (JjStore    *store,
            const char *format,
            ...)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  if (sqlite3_prepare_v2 (jj_store_get_db (store), sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (jj_store_get_db (store)));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

/* Every row's first column, joined with spaces (NULL shows as "NULL"). */
static char *
query_column (JjStore    *store,
              const char *format,
              ...) G_GNUC_PRINTF (2, 3);

static char *
query_column (JjStore    *store,
              const char *format,
              ...)
{
  g_autofree char *sql = NULL;
  GString *joined = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  if (sqlite3_prepare_v2 (jj_store_get_db (store), sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (jj_store_get_db (store)));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);

      if (joined->len > 0)
        g_string_append_c (joined, ' ');
      g_string_append (joined, text != NULL ? text : "NULL");
    }
  sqlite3_finalize (stmt);
  return g_string_free (joined, FALSE);
}

static void
exec_sql (JjStore    *store,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (jj_store_get_db (store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* --- ID numbers and drafts -------------------------------------------------------------- */

/* A valid resident ID number born on @birth (YYYYMMDD) with sequence @sequence. */
static char *
make_id_number (const char *birth,
                guint       sequence)
{
  g_autofree char *digits = g_strdup_printf ("430102%s%03u", birth, sequence % 1000);
  char check = jj_id_number_check_char (digits);

  g_assert_cmpint (check, !=, 0);
  return g_strdup_printf ("%s%c", digits, check);
}

/* The same number with a check character that does not match. */
static char *
make_wrong_id_number (const char *birth,
                      guint       sequence)
{
  char *id_number = make_id_number (birth, sequence);

  id_number[17] = id_number[17] == '7' ? '8' : '7';
  return id_number;
}

/* A valid ID number whose check character is X. */
static char *
make_id_number_ending_in_x (void)
{
  for (guint sequence = 1; sequence < 1000; sequence++)
    {
      char *id_number = make_id_number ("19380917", sequence);

      if (id_number[17] == 'X')
        return id_number;
      g_free (id_number);
    }
  g_assert_not_reached ();
}

static gint64
create_draft (Fixture    *fixture,
              const char *matter_code,
              const char *bundle_code)
{
  g_autoptr(GError) error = NULL;
  gint64 id = jj_intake_create_draft (fixture->intake, matter_code, bundle_code, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static JsonObject *
load_draft (Fixture *fixture,
            gint64   id)
{
  g_autoptr(GError) error = NULL;
  JsonObject *draft = jj_intake_load_draft (fixture->intake, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (draft);
  return draft;
}

static void
save_draft (Fixture    *fixture,
            gint64      id,
            JsonObject *draft)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (jj_intake_save_draft (fixture->intake, id, draft, &error));
  g_assert_no_error (error);
}

static void
set_applicant (JsonObject *draft,
               const char *name,
               const char *id_number,
               const char *phone,
               const char *address)
{
  JsonObject *applicant = json_object_new ();

  json_object_set_string_member (applicant, "name", name);
  json_object_set_string_member (applicant, "id_number", id_number);
  json_object_set_string_member (applicant, "phone", phone);
  json_object_set_string_member (applicant, "address", address);
  json_object_set_object_member (draft, "applicant", applicant);
}

static void
set_value (JsonObject *draft,
           const char *field,
           const char *value)
{
  if (!json_object_has_member (draft, "values"))
    json_object_set_object_member (draft, "values", json_object_new ());
  json_object_set_string_member (json_object_get_object_member (draft, "values"), field, value);
}

static void
set_all_materials (JsonObject *draft,
                   const char *status)
{
  JsonArray *materials = json_object_get_array_member (draft, "materials");

  for (guint i = 0; i < json_array_get_length (materials); i++)
    json_object_set_string_member (json_array_get_object_element (materials, i), "status", status);
}

static void
set_material (JsonObject *draft,
              guint       position,
              const char *status)
{
  JsonArray *materials = json_object_get_array_member (draft, "materials");

  json_object_set_string_member (json_array_get_object_element (materials, position), "status",
                                 status);
}

/* Fills in everything the matters of @draft need: it can be submitted. */
static void
fill_valid (JsonObject *draft,
            const char *id_number,
            const char *phone)
{
  JsonArray *matters = json_object_get_array_member (draft, "matters");

  set_applicant (draft, "张桂英", id_number, phone, ADDRESS);
  for (guint i = 0; i < json_array_get_length (matters); i++)
    {
      const char *code = json_array_get_string_element (matters, i);

      if (g_str_equal (code, "XZ-0001"))
        set_value (draft, "contribution_level", "200元");
      else if (g_str_equal (code, "XZ-0003"))
        set_value (draft, "bank_account", BANK_ACCOUNT);
    }
  set_all_materials (draft, "received");
}

/* A new draft of @matter_code, filled in and saved. */
static gint64
create_valid_draft (Fixture     *fixture,
                    const char  *matter_code,
                    const char  *id_number,
                    JsonObject **draft_out)
{
  gint64 id = create_draft (fixture, matter_code, NULL);
  g_autoptr(JsonObject) draft = load_draft (fixture, id);

  fill_valid (draft, id_number, PHONE);
  save_draft (fixture, id, draft);
  if (draft_out != NULL)
    *draft_out = g_steal_pointer (&draft);
  return id;
}

static JjSubmission *
submit (Fixture    *fixture,
        gint64      id,
        JsonObject *draft,
        GDate      *today)
{
  g_autoptr(GError) error = NULL;
  JjSubmission *submission = jj_intake_submit (fixture->intake, id, draft, today, &error);

  g_assert_no_error (error);
  g_assert_nonnull (submission);
  return submission;
}

/* Creates, fills in and submits an application of @matter_code; returns its receipt number. */
static char *
submit_new (Fixture    *fixture,
            const char *matter_code,
            const char *id_number,
            GDate      *today)
{
  g_autoptr(JsonObject) draft = NULL;
  gint64 id = create_valid_draft (fixture, matter_code, id_number, &draft);
  g_autoptr(JjSubmission) submission = submit (fixture, id, draft, today);

  return g_strdup (submission->receipt_number);
}

static GHashTable *
validate (Fixture    *fixture,
          JsonObject *draft)
{
  g_autoptr(GError) error = NULL;
  GHashTable *problems = jj_intake_validate (fixture->intake, draft, fixture->today, &error);

  g_assert_no_error (error);
  g_assert_nonnull (problems);
  return problems;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The problem paths, sorted and joined with spaces, to compare whole sets in one assertion. */
static char *
problem_paths (GHashTable *problems)
{
  g_autofree const char **keys = (const char **) g_hash_table_get_keys_as_array (problems, NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, problems);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_assert_nonnull (value);
      g_assert_cmpstr (value, !=, "");
    }

  g_qsort_with_data (keys, g_hash_table_size (problems), sizeof (char *),
                     compare_strings, NULL);
  return g_strjoinv (" ", (char **) keys);
}

static char *
store_scan (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjAttachmentInfo) info = NULL;
  g_autofree char *path = g_build_filename (fixture->tmp_dir, "id-card.png", NULL);

  g_file_set_contents (path, (const char *) png_data, sizeof png_data, &error);
  g_assert_no_error (error);
  info = jj_attachments_add_file (fixture->store, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  return g_strdup (info->sha256);
}

static void
add_attachment (JsonObject *draft,
                const char *sha256,
                int         material)
{
  JsonObject *scan = json_object_new ();

  if (!json_object_has_member (draft, "attachments"))
    json_object_set_array_member (draft, "attachments", json_array_new ());
  json_object_set_string_member (scan, "sha256", sha256);
  json_object_set_string_member (scan, "filename", "身份证.png");
  if (material >= 0)
    json_object_set_int_member (scan, "material", material);
  json_array_add_object_element (json_object_get_array_member (draft, "attachments"), scan);
}

static gint64
matter_id (Fixture    *fixture,
           const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjMatter) matter = jj_catalog_lookup (fixture->catalog, code, &error);

  g_assert_no_error (error);
  return jj_matter_get_id (matter);
}

/* The checklist a draft of @codes starts with: every guide material, in order, "missing". */
static void
assert_checklist_from_guides (Fixture    *fixture,
                              JsonObject *draft,
                              const char *const *codes)
{
  JsonArray *materials = json_object_get_array_member (draft, "materials");
  guint position = 0;

  g_assert_nonnull (materials);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JjMatter) matter = jj_catalog_lookup (fixture->catalog, codes[i], &error);
      GPtrArray *guide;

      g_assert_no_error (error);
      guide = jj_matter_get_materials (matter);
      g_assert_cmpuint (guide->len, >, 0);
      for (guint j = 0; j < guide->len; j++, position++)
        {
          JsonObject *item;

          g_assert_cmpuint (position, <, json_array_get_length (materials));
          item = json_array_get_object_element (materials, position);
          g_assert_cmpstr (json_object_get_string_member (item, "matter"), ==, codes[i]);
          g_assert_cmpint (json_object_get_int_member (item, "index"), ==, j);
          g_assert_cmpstr (json_object_get_string_member (item, "status"), ==, "missing");
        }
    }
  g_assert_cmpuint (json_array_get_length (materials), ==, position);
}

static void
assert_matters (JsonObject         *draft,
                const char *const  *codes)
{
  JsonArray *matters = json_object_get_array_member (draft, "matters");

  g_assert_nonnull (matters);
  g_assert_cmpuint (json_array_get_length (matters), ==, g_strv_length ((char **) codes));
  for (guint i = 0; codes[i] != NULL; i++)
    g_assert_cmpstr (json_array_get_string_element (matters, i), ==, codes[i]);
}

/* --- drafts ----------------------------------------------------------------------------- */

static void
test_draft_create_save_load_discard (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  static const char *const pension[] = { "XZ-0001", NULL };
  static const char *const bundle_matters[] = { "XZ-0001", "XZ-0002", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(JsonObject) bundle_draft = NULL;
  g_autoptr(JsonObject) reloaded = NULL;
  g_autoptr(JjSubmission) submission = NULL;
  g_autofree char *id_number = make_id_number ("19560312", 21);
  g_autofree char *text = NULL;
  gint64 id, bundle_id;

  /* One matter: its guide's checklist, nobody yet. */
  id = create_draft (fixture, "XZ-0001", NULL);
  draft = load_draft (fixture, id);
  assert_matters (draft, pension);
  g_assert_false (json_object_has_member (draft, "bundle"));
  assert_checklist_from_guides (fixture, draft, pension);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (draft, "agent"),
                                                  "kind"), ==, "none");
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (draft, "values")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (draft, "attachments")),
                    ==, 0);
  g_assert_cmpstr ((text = query_text (fixture->store,
                                       "SELECT state || '|' || title || '|' ||"
                                       " coalesce(bundle_code, 'NULL') || '|' ||"
                                       " coalesce(receipt_number, 'NULL')"
                                       " FROM applications WHERE id = %" G_GINT64_FORMAT, id)),
                   ==, "draft|城乡居民基本养老保险参保登记|NULL|NULL");
  g_clear_pointer (&text, g_free);

  /* A bundle: both matters, both checklists, one after the other. */
  bundle_id = create_draft (fixture, NULL, "YJS-001");
  g_assert_cmpint (bundle_id, !=, id);
  bundle_draft = load_draft (fixture, bundle_id);
  assert_matters (bundle_draft, bundle_matters);
  g_assert_cmpstr (json_object_get_string_member (bundle_draft, "bundle"), ==, "YJS-001");
  assert_checklist_from_guides (fixture, bundle_draft, bundle_matters);
  g_assert_cmpstr ((text = query_text (fixture->store,
                                       "SELECT state || '|' || title || '|' || bundle_code"
                                       " FROM applications WHERE id = %" G_GINT64_FORMAT,
                                       bundle_id)),
                   ==, "draft|参保一件事|YJS-001");
  g_clear_pointer (&text, g_free);

  /* Saving as the clerk types, and reading it back exactly. */
  set_applicant (draft, "张桂英", id_number, "", "");
  set_value (draft, "contribution_level", "300元");
  set_material (draft, 0, "received");
  json_object_set_string_member (draft, "appointment", "2026-04-07T09:30");
  save_draft (fixture, id, draft);
  reloaded = load_draft (fixture, id);
  g_assert_true (json_object_equal (reloaded, draft));
  assert_cmpstr_owned ((text = query_text (fixture->store,
                                           "SELECT applicant_name || '|' || applicant_id_number"
                                           " FROM applications WHERE id = %" G_GINT64_FORMAT, id)),
                       g_strdup_printf ("张桂英|%s", id_number));
  g_clear_pointer (&text, g_free);
  /* The bundle draft was not touched. */
  g_clear_pointer (&reloaded, json_object_unref);
  reloaded = load_draft (fixture, bundle_id);
  g_assert_true (json_object_equal (reloaded, bundle_draft));

  /* Discarding removes the row, and only that one. */
  g_assert_true (jj_intake_discard_draft (fixture->intake, bundle_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM applications WHERE id = %"
                              G_GINT64_FORMAT, bundle_id), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM applications"), ==, 1);
  g_assert_null (jj_intake_load_draft (fixture->intake, bundle_id, &error));
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (jj_intake_discard_draft (fixture->intake, bundle_id, &error));
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (jj_intake_save_draft (fixture->intake, bundle_id, bundle_draft, &error));
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Once submitted it is no draft: saving, loading or discarding it is refused, untouched. */
  fill_valid (draft, id_number, PHONE);
  submission = submit (fixture, id, draft, fixture->today);
  set_applicant (draft, "李四", id_number, PHONE, ADDRESS);
  g_assert_false (jj_intake_save_draft (fixture->intake, id, draft, &error));
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (jj_intake_load_draft (fixture->intake, id, &error));
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (jj_intake_discard_draft (fixture->intake, id, &error));
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpstr ((text = query_text (fixture->store,
                                       "SELECT state || '|' || applicant_name FROM applications"
                                       " WHERE id = %" G_GINT64_FORMAT, id)),
                   ==, "queued|张桂英");
  g_clear_pointer (&text, g_free);

  /* Submitting it again is refused for its state; submitting an id that is not there, as not
   * found — and neither writes anything. */
  g_assert_null (jj_intake_submit (fixture->intake, id, draft, fixture->today, &error));
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_STATE);
  g_clear_error (&error);
  g_assert_null (jj_intake_submit (fixture->intake, bundle_id, draft, fixture->today, &error));
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM outbox"), ==, 1);

  /* Unknown codes start nothing. */
  g_assert_cmpint (jj_intake_create_draft (fixture->intake, "XZ-9999", NULL, &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (jj_intake_create_draft (fixture->intake, NULL, "YJS-999", &error), ==, 0);
  g_assert_error (error, JJ_CATALOG_ERROR, JJ_CATALOG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM applications"), ==, 1);
}

/* --- validation ------------------------------------------------------------------------- */

static void
test_validate_lists_every_problem (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) id_error = NULL;
  g_autoptr(GHashTable) problems = NULL;
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(JsonObject) bundle_draft = NULL;
  g_autofree char *id_number = make_id_number ("19470520", 33);
  g_autofree char *wrong_id_number = make_wrong_id_number ("19470520", 33);
  g_autofree char *agent_id_number = make_id_number ("19780811", 45);
  g_autofree char *sha256 = NULL;
  g_autofree char *paths = NULL;
  JsonObject *agent;
  gint64 id;

  /* An empty draft: everyone required, the required field and the required material — but
   * not the optional 户口簿 (materials.1), nor an agent, appointment or scan never asked. */
  id = create_draft (fixture, "XZ-0001", NULL);
  draft = load_draft (fixture, id);
  problems = validate (fixture, draft);
  g_assert_cmpstr ((paths = problem_paths (problems)), ==,
                   "applicant.address applicant.id_number applicant.name applicant.phone"
                   " materials.0 values.contribution_level");
  g_clear_pointer (&paths, g_free);
  g_clear_pointer (&problems, g_hash_table_unref);

  /* A bundle: one merged form, the required materials of both matters. */
  bundle_draft = load_draft (fixture, create_draft (fixture, NULL, "YJS-001"));
  problems = validate (fixture, bundle_draft);
  g_assert_cmpstr ((paths = problem_paths (problems)), ==,
                   "applicant.address applicant.id_number applicant.name applicant.phone"
                   " materials.0 materials.2 values.contribution_level");
  g_clear_pointer (&paths, g_free);
  g_clear_pointer (&problems, g_hash_table_unref);

  /* Filled in: nothing left. */
  fill_valid (draft, id_number, PHONE);
  problems = validate (fixture, draft);
  g_assert_cmpuint (g_hash_table_size (problems), ==, 0);
  g_clear_pointer (&problems, g_hash_table_unref);

  /* Four things wrong at once, all four listed. */
  set_applicant (draft, "张桂英", wrong_id_number, PHONE, ADDRESS);
  agent = json_object_new ();
  json_object_set_string_member (agent, "kind", "agent");
  json_object_set_string_member (agent, "name", "王小明");
  json_object_set_string_member (agent, "id_number", agent_id_number);
  json_object_set_object_member (draft, "agent", agent);
  json_object_set_string_member (draft, "appointment", "2026-04-02T09:30");
  add_attachment (draft, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 0);
  problems = validate (fixture, draft);
  g_assert_cmpstr ((paths = problem_paths (problems)), ==,
                   "agent.relationship applicant.id_number appointment attachments.0");
  g_clear_pointer (&paths, g_free);
  /* The ID number's message is the one the check itself gives, shown beside the field. */
  g_assert_false (jj_validate_id_number (wrong_id_number, fixture->today, NULL, NULL, NULL,
                                         &id_error));
  g_assert_error (id_error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_CHECKSUM);
  g_assert_cmpstr (g_hash_table_lookup (problems, "applicant.id_number"), ==, id_error->message);
  g_clear_pointer (&problems, g_hash_table_unref);

  /* Submitting says what is wrong, and writes nothing. */
  g_assert_null (jj_intake_submit (fixture->intake, id, draft, fixture->today, &error));
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "agent.relationship"));
  g_clear_error (&error);

  /* Fixed one by one, each problem goes away; an appointment today is not in the past. */
  set_applicant (draft, "张桂英", id_number, PHONE, ADDRESS);
  json_object_set_string_member (agent, "relationship", "儿子");
  json_object_set_string_member (draft, "appointment", "2026-04-03T16:00");
  problems = validate (fixture, draft);
  g_assert_cmpstr ((paths = problem_paths (problems)), ==, "attachments.0");
  g_clear_pointer (&paths, g_free);
  g_clear_pointer (&problems, g_hash_table_unref);

  json_object_remove_member (draft, "attachments");
  sha256 = store_scan (fixture);
  add_attachment (draft, sha256, 0);
  problems = validate (fixture, draft);
  g_assert_cmpuint (g_hash_table_size (problems), ==, 0);
  g_clear_pointer (&problems, g_hash_table_unref);

  /* A clerk acting for the resident (帮办) needs a name, not a relationship. */
  agent = json_object_new ();
  json_object_set_string_member (agent, "kind", "clerk");
  json_object_set_object_member (draft, "agent", agent);
  problems = validate (fixture, draft);
  g_assert_cmpstr ((paths = problem_paths (problems)), ==, "agent.name");
  g_clear_pointer (&paths, g_free);
  g_clear_pointer (&problems, g_hash_table_unref);

  /* Nothing was written by any of this. */
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count(*) FROM applications WHERE state != 'draft'"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM outbox"), ==, 0);
}

static void
test_validate_pending_material_allows_submit (Fixture       *fixture,
                                              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) problems = NULL;
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(JjSubmission) submission = NULL;
  g_autofree char *id_number = make_id_number ("19520704", 57);
  g_autofree char *statuses = NULL;
  g_autofree char *paths = NULL;
  gint64 id;

  id = create_valid_draft (fixture, "XZ-0001", id_number, &draft);

  /* The required 居民身份证 missing: not yet. */
  set_material (draft, 0, "missing");
  set_material (draft, 1, "missing");
  problems = validate (fixture, draft);
  g_assert_cmpstr ((paths = problem_paths (problems)), ==, "materials.0");
  g_clear_pointer (&problems, g_hash_table_unref);

  /* 容缺受理: accepted to follow later. */
  set_material (draft, 0, "pending");
  problems = validate (fixture, draft);
  g_assert_cmpuint (g_hash_table_size (problems), ==, 0);

  submission = jj_intake_submit (fixture->intake, id, draft, fixture->today, &error);
  g_assert_no_error (error);
  g_assert_nonnull (submission);
  g_assert_cmpstr ((statuses = query_column (fixture->store,
                                             "SELECT status || ':' || required"
                                             " FROM application_materials"
                                             " WHERE application_id = %" G_GINT64_FORMAT
                                             " ORDER BY position", id)),
                   ==, "pending:1 missing:0");
}

static void
test_validate_checklist_covers_required_materials (Fixture       *fixture,
                                                   gconstpointer  user_data)
{
  g_autoptr(GHashTable) problems = NULL;
  g_autoptr(JsonObject) draft = NULL;
  g_autofree char *id_number = make_id_number ("19510808", 12);
  g_autofree char *paths = NULL;

  /* A checklist that no longer lists the required 居民身份证 at all (a draft written by hand,
   * or started before the guide asked for it) must not pass for one where it was ticked. */
  create_valid_draft (fixture, "XZ-0001", id_number, &draft);
  json_object_set_array_member (draft, "materials", json_array_new ());
  problems = validate (fixture, draft);
  paths = problem_paths (problems);
  /* Not fatal, so that the tests after this one still run. */
  if (strstr (paths, "materials") == NULL)
    g_test_fail_printf ("a checklist without the required material passes validation"
                        " (problems: \"%s\")", paths);
}

/* --- submit ----------------------------------------------------------------------------- */

static void
assert_v4_uuid (const char *uuid)
{
  g_assert_true (g_uuid_string_is_valid (uuid));
  g_assert_cmpint (uuid[14], ==, '4');
  g_assert_nonnull (strchr ("89ab", g_ascii_tolower (uuid[19])));
}

static void
test_submit_writes_everything (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(JsonObject) second_draft = NULL;
  g_autoptr(JjSubmission) submission = NULL;
  g_autoptr(JjSubmission) second = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *id_number = make_id_number ("19360215", 62);
  g_autofree char *sha256 = store_scan (fixture);
  g_autofree char *text = NULL;
  g_autofree char *stored_draft = NULL;
  JsonObject *payload_object;
  gint64 id, second_id;

  id = create_valid_draft (fixture, "XZ-0003", id_number, &draft);
  set_material (draft, 1, "missing");
  add_attachment (draft, sha256, 0);
  /* Typed with spaces and separators: stored normalized. */
  set_applicant (draft, " 张桂英 ", id_number, "138-0013-8000", ADDRESS);

  /* A failure at the very last row (here: the outbox refuses it) leaves nothing behind. */
  exec_sql (fixture->store,
            "CREATE TEMP TRIGGER refuse_outbox BEFORE INSERT ON main.outbox"
            " BEGIN SELECT RAISE (ABORT, 'test: the disk is full'); END");
  g_assert_null (jj_intake_submit (fixture->intake, id, draft, fixture->today, &error));
  g_assert_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_SQL);
  g_clear_error (&error);
  g_assert_cmpstr ((text = query_text (fixture->store,
                                       "SELECT state || '|' || coalesce(receipt_number, 'NULL')"
                                       " FROM applications WHERE id = %" G_GINT64_FORMAT, id)),
                   ==, "draft|NULL");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM applicants"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM receipt_sequences"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM application_matters"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM application_materials"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM application_attachments"),
                   ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM outbox"), ==, 0);
  exec_sql (fixture->store, "DROP TRIGGER temp.refuse_outbox");

  /* The real submit. */
  submission = submit (fixture, id, draft, fixture->today);
  g_assert_cmpint (submission->application_id, ==, id);
  g_assert_true (g_regex_match_simple (RECEIPT_PATTERN, submission->receipt_number, 0, 0));
  /* The first of the day: the failed attempt did not use a number up. */
  g_assert_cmpstr (submission->receipt_number, ==, "JJ01-20260403-0001");
  /* 10 working days after Friday 3 April: 清明节 takes Monday 6 April, so 7–10, 13–17, 20. */
  g_assert_cmpstr (submission->promised_date, ==, "2026-04-20");
  assert_v4_uuid (submission->outbox_uuid);

  /* The application. */
  assert_cmpstr_owned ((text = query_text (fixture->store,
                                           "SELECT state || '|' || receipt_number || '|' ||"
                                           " promised_date || '|' || applicant_name || '|' ||"
                                           " applicant_id_number || '|' || agent_kind || '|' ||"
                                           " (submitted_at IS NOT NULL) || '|' ||"
                                           " (appointment_at IS NULL)"
                                           " FROM applications WHERE id = %" G_GINT64_FORMAT, id)),
                       g_strdup_printf ("queued|JJ01-20260403-0001|2026-04-20|"
                                        "张桂英|%s|none|1|1", id_number));
  g_clear_pointer (&text, g_free);
  /* The draft it was submitted with is the one kept. */
  stored_draft = query_text (fixture->store, "SELECT draft FROM applications WHERE id = %"
                             G_GINT64_FORMAT, id);
  {
    g_autoptr(JsonNode) node = json_from_string (stored_draft, &error);

    g_assert_no_error (error);
    g_assert_true (json_object_equal (json_node_get_object (node), draft));
  }

  /* The applicant, normalized, and linked. */
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM applicants"), ==, 1);
  assert_cmpstr_owned ((text = query_text (fixture->store,
                                           "SELECT p.name || '|' || p.id_number || '|' ||"
                                           " p.phone || '|' || p.address FROM applicants p"
                                           " JOIN applications a ON a.applicant_id = p.id"
                                           " WHERE a.id = %" G_GINT64_FORMAT, id)),
                       g_strdup_printf ("张桂英|%s|" PHONE "|" ADDRESS, id_number));
  g_clear_pointer (&text, g_free);

  /* Its matter, materials and scan. */
  assert_cmpstr_owned ((text = query_column (fixture->store,
                                             "SELECT position || ':' || matter_id"
                                             " FROM application_matters WHERE application_id = %"
                                             G_GINT64_FORMAT " ORDER BY position", id)),
                       g_strdup_printf ("0:%" G_GINT64_FORMAT,
                                        matter_id (fixture, "XZ-0003")));
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr ((text = query_column (fixture->store,
                                         "SELECT position || ':' || matter_code || ':' || name ||"
                                         " ':' || form || ':' || count || ':' || required || ':' ||"
                                         " status FROM application_materials"
                                         " WHERE application_id = %" G_GINT64_FORMAT
                                         " ORDER BY position", id)),
                   ==, "0:XZ-0003:居民身份证:original:1:1:received"
                       " 1:XZ-0003:户口簿:copy:1:0:missing");
  g_clear_pointer (&text, g_free);
  assert_cmpstr_owned ((text = query_column (fixture->store,
                                             "SELECT position || ':' || material_position ||"
                                             " ':' || sha256 || ':' || filename"
                                             " FROM application_attachments"
                                             " WHERE application_id = %" G_GINT64_FORMAT
                                             " ORDER BY position", id)),
                       g_strdup_printf ("0:0:%s:身份证.png", sha256));
  g_clear_pointer (&text, g_free);

  /* Exactly one outbox entry, keyed by the UUID, whose frozen payload says so. */
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM outbox"), ==, 1);
  assert_cmpstr_owned ((text = query_text (fixture->store,
                                           "SELECT uuid || '|' || application_id || '|' || kind ||"
                                           " '|' || state || '|' || attempts FROM outbox")),
                       g_strdup_printf ("%s|%" G_GINT64_FORMAT
                                        "|submission|pending|0",
                                        submission->outbox_uuid, id));
  g_clear_pointer (&text, g_free);
  text = query_text (fixture->store, "SELECT payload FROM outbox");
  payload = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (payload));
  payload_object = json_node_get_object (payload);
  g_assert_cmpstr (json_object_get_string_member (payload_object, "idempotency_key"), ==,
                   submission->outbox_uuid);
  g_assert_cmpstr (json_object_get_string_member (payload_object, "receipt_number"), ==,
                   "JJ01-20260403-0001");
  g_assert_cmpstr (json_object_get_string_member (payload_object, "promised_date"), ==,
                   "2026-04-20");
  g_clear_pointer (&text, g_free);

  /* Submitting the same application again is refused, and writes nothing more. */
  g_assert_null (jj_intake_submit (fixture->intake, id, draft, fixture->today, &error));
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_STATE);
  g_clear_error (&error);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM outbox"), ==, 1);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM application_materials"), ==, 2);
  g_assert_cmpint (query_int (fixture->store, "SELECT last FROM receipt_sequences"), ==, 1);

  /* The same resident again, with a new phone: one applicant, updated; the next number. */
  second_id = create_valid_draft (fixture, "XZ-0001", id_number, &second_draft);
  set_applicant (second_draft, "张桂英", id_number, OTHER_PHONE, ADDRESS);
  second = submit (fixture, second_id, second_draft, fixture->today);
  g_assert_cmpstr (second->receipt_number, ==, "JJ01-20260403-0002");
  /* XZ-0001 is handled on the spot (promised 0 days). */
  g_assert_cmpstr (second->promised_date, ==, "2026-04-03");
  g_assert_cmpstr (second->outbox_uuid, !=, submission->outbox_uuid);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM applicants"), ==, 1);
  g_assert_cmpstr ((text = query_text (fixture->store, "SELECT phone FROM applicants")), ==,
                   OTHER_PHONE);
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count(DISTINCT applicant_id) FROM applications"
                              " WHERE state = 'queued' AND applicant_id IS NOT NULL"), ==, 1);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM outbox"), ==, 2);
}

static void
test_submit_receipt_numbers_count_per_day (Fixture       *fixture,
                                           gconstpointer  user_data)
{
  static const char *const invalid_codes[] = { "", "X", "xc0203", "XC-0203", "XC 0203",
                                               "ABCDEFGHIJKLM", "新村01", " XC0203" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) tomorrow = g_date_copy (fixture->today);
  g_autofree char *id_number = make_id_number ("19600101", 71);
  g_autofree char *code = NULL;

  g_date_add_days (tomorrow, 1);

  code = jj_intake_dup_terminal_code (fixture->intake);
  g_assert_cmpstr (code, ==, "JJ01");
  g_clear_pointer (&code, g_free);

  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *receipt = submit_new (fixture, "XZ-0001", id_number, fixture->today);
      g_autofree char *expected = g_strdup_printf ("JJ01-20260403-%04u", i);

      g_assert_cmpstr (receipt, ==, expected);
    }

  /* A new day starts at 1 again. */
  {
    g_autofree char *receipt = submit_new (fixture, "XZ-0001", id_number, tomorrow);

    g_assert_cmpstr (receipt, ==, "JJ01-20260404-0001");
  }

  /* The terminal code is printed in the next number; the count goes on. */
  g_assert_true (jj_intake_set_terminal_code (fixture->intake, "XC0203", &error));
  g_assert_no_error (error);
  code = jj_intake_dup_terminal_code (fixture->intake);
  g_assert_cmpstr (code, ==, "XC0203");
  g_clear_pointer (&code, g_free);
  {
    g_autofree char *receipt = submit_new (fixture, "XZ-0001", id_number, tomorrow);

    g_assert_cmpstr (receipt, ==, "XC0203-20260404-0002");
  }
  {
    g_autofree char *receipt = submit_new (fixture, "XZ-0001", id_number, fixture->today);

    g_assert_cmpstr (receipt, ==, "XC0203-20260403-0004");
  }

  /* Codes that could not be read aloud or would break the number are refused. */
  for (guint i = 0; i < G_N_ELEMENTS (invalid_codes); i++)
    {
      g_test_message ("terminal code '%s'", invalid_codes[i]);
      g_assert_false (jj_intake_set_terminal_code (fixture->intake, invalid_codes[i], &error));
      g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_INVALID);
      g_clear_error (&error);
    }
  code = jj_intake_dup_terminal_code (fixture->intake);
  g_assert_cmpstr (code, ==, "XC0203");

  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM outbox"), ==, 6);
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count(DISTINCT receipt_number) FROM applications"), ==, 6);
}

static void
test_submit_invalid_writes_nothing (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) draft = NULL;
  g_autofree char *id_number = make_id_number ("19580930", 83);
  g_autofree char *text = NULL;
  gint64 id;

  /* Nothing filled in. */
  id = create_draft (fixture, "XZ-0003", NULL);
  draft = load_draft (fixture, id);
  g_assert_null (jj_intake_submit (fixture->intake, id, draft, fixture->today, &error));
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_INVALID);
  g_clear_error (&error);

  /* Everything but a bank account of the right shape. */
  fill_valid (draft, id_number, PHONE);
  set_value (draft, "bank_account", "6222-0202");
  g_assert_null (jj_intake_submit (fixture->intake, id, draft, fixture->today, &error));
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "values.bank_account"));
  g_clear_error (&error);

  g_assert_cmpstr ((text = query_text (fixture->store,
                                       "SELECT state || '|' || coalesce(receipt_number, 'NULL')"
                                       " || '|' || coalesce(submitted_at, 'NULL')"
                                       " FROM applications WHERE id = %" G_GINT64_FORMAT, id)),
                   ==, "draft|NULL|NULL");
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM applicants"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM receipt_sequences"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM application_matters"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM application_materials"), ==, 0);

  /* It is still a draft that can be finished. */
  set_value (draft, "bank_account", BANK_ACCOUNT);
  {
    g_autoptr(JjSubmission) submission = submit (fixture, id, draft, fixture->today);

    g_assert_cmpstr (submission->receipt_number, ==, "JJ01-20260403-0001");
  }
}

/* --- ledger import ---------------------------------------------------------------------- */

static char *
ledger_line (const char *matter_code,
             const char *bundle_code,
             const char *name,
             const char *id_number)
{
  g_autoptr(JsonObject) line = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  if (matter_code != NULL)
    {
      JsonArray *matters = json_array_new ();

      json_array_add_string_element (matters, matter_code);
      json_object_set_array_member (line, "matters", matters);
    }
  if (bundle_code != NULL)
    json_object_set_string_member (line, "bundle", bundle_code);
  set_applicant (line, name, id_number, PHONE, ADDRESS);
  if (g_strcmp0 (matter_code, "XZ-0003") == 0)
    set_value (line, "bank_account", BANK_ACCOUNT);
  else
    set_value (line, "contribution_level", "300元");

  json_node_set_object (node, line);
  return json_to_string (node, FALSE);
}

static char *
write_ledger (Fixture    *fixture,
              const char *name,
              GPtrArray  *lines)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  char *path = g_build_filename (fixture->tmp_dir, name, NULL);

  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) g_ptr_array_index (lines, i));
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);
  return path;
}

static GPtrArray *
ledger_lines (gboolean wrong_line_4)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *id1 = make_id_number ("19410101", 1);
  g_autofree char *id2 = make_id_number ("19420202", 2);
  g_autofree char *id3 = make_id_number ("19430303", 3);
  g_autofree char *id4 = wrong_line_4 ? make_wrong_id_number ("19440404", 4)
                                      : make_id_number ("19440404", 4);
  g_autofree char *id5 = make_id_number ("19450505", 5);

  g_ptr_array_add (lines, ledger_line ("XZ-0003", NULL, "赵一", id1));
  g_ptr_array_add (lines, ledger_line ("XZ-0003", NULL, "钱二", id2));
  g_ptr_array_add (lines, ledger_line ("XZ-0001", NULL, "孙三", id3));
  g_ptr_array_add (lines, ledger_line ("XZ-0003", NULL, "李四", id4));
  /* Only the bundle: it stands for both its matters. */
  g_ptr_array_add (lines, ledger_line (NULL, "YJS-001", "周五", id5));
  return lines;
}

static void
assert_nothing_imported (Fixture *fixture)
{
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM applications"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM applicants"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM application_matters"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM application_materials"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM receipt_sequences"), ==, 0);
}

static void
test_import_ledger_all_or_nothing (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) wrong = ledger_lines (TRUE);
  g_autoptr(GPtrArray) right = ledger_lines (FALSE);
  g_autofree char *wrong_path = write_ledger (fixture, "ledger-wrong.jsonl", wrong);
  g_autofree char *right_path = write_ledger (fixture, "ledger.jsonl", right);
  g_autofree char *text = NULL;
  gint64 bundle_app;

  /* One wrong ID number on line 4: told where, and nothing written. */
  g_assert_cmpint (jj_intake_import_jsonl (fixture->intake, wrong_path, fixture->today, &problems,
                                           &error), ==, -1);
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, ==, 1);
  g_test_message ("%s", (const char *) g_ptr_array_index (problems, 0));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 0), "line 4:"));
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "applicant.id_number"));
  g_clear_pointer (&problems, g_ptr_array_unref);
  assert_nothing_imported (fixture);

  /* A store failure half-way (the third outbox row refused) rolls the whole ledger back. */
  exec_sql (fixture->store,
            "CREATE TEMP TRIGGER refuse_third BEFORE INSERT ON main.outbox"
            " WHEN (SELECT count(*) FROM main.outbox) >= 2"
            " BEGIN SELECT RAISE (ABORT, 'test: the disk is full'); END");
  g_assert_cmpint (jj_intake_import_jsonl (fixture->intake, right_path, fixture->today, &problems,
                                           &error), ==, -1);
  g_assert_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_SQL);
  g_clear_error (&error);
  g_clear_pointer (&problems, g_ptr_array_unref);
  exec_sql (fixture->store, "DROP TRIGGER temp.refuse_third");
  assert_nothing_imported (fixture);

  /* Fixed: all five, each its own queued application with a number and an outbox entry. */
  g_assert_cmpint (jj_intake_import_jsonl (fixture->intake, right_path, fixture->today, &problems,
                                           &error), ==, 5);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM applications"), ==, 5);
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count(*) FROM applications WHERE state = 'queued'"), ==, 5);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM outbox"), ==, 5);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(DISTINCT application_id) FROM outbox"),
                   ==, 5);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM applicants"), ==, 5);
  g_assert_cmpstr ((text = query_column (fixture->store,
                                         "SELECT receipt_number FROM applications"
                                         " ORDER BY receipt_number")),
                   ==, "JJ01-20260403-0001 JJ01-20260403-0002 JJ01-20260403-0003"
                       " JJ01-20260403-0004 JJ01-20260403-0005");
  g_clear_pointer (&text, g_free);
  /* Materials a line does not list were received on paper. */
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM application_materials"), ==,
                   2 + 2 + 2 + 2 + 4);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM application_materials"
                              " WHERE status != 'received'"), ==, 0);

  /* The bundle line became one application of both matters. */
  bundle_app = query_int (fixture->store,
                          "SELECT id FROM applications WHERE applicant_name = '周五'");
  g_assert_cmpstr ((text = query_text (fixture->store,
                                       "SELECT coalesce(bundle_code, 'NULL') FROM applications"
                                       " WHERE id = %" G_GINT64_FORMAT, bundle_app)),
                   ==, "YJS-001");
  g_clear_pointer (&text, g_free);
  assert_cmpstr_owned ((text = query_column (fixture->store,
                                             "SELECT position || ':' || matter_id"
                                             " FROM application_matters WHERE application_id = %"
                                             G_GINT64_FORMAT " ORDER BY position", bundle_app)),
                       g_strdup_printf ("0:%" G_GINT64_FORMAT " 1:%"
                                        G_GINT64_FORMAT,
                                        matter_id (fixture, "XZ-0001"),
                                        matter_id (fixture, "XZ-0002")));
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr ((text = query_column (fixture->store,
                                         "SELECT matter_code FROM application_materials"
                                         " WHERE application_id = %" G_GINT64_FORMAT
                                         " ORDER BY position", bundle_app)),
                   ==, "XZ-0001 XZ-0001 XZ-0002 XZ-0002");
  g_clear_pointer (&text, g_free);
  /* The payload says what the county needs for each: the same key as the row. */
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count(*) FROM outbox o JOIN applications a"
                              " ON a.id = o.application_id"
                              " WHERE json_extract(o.payload, '$.idempotency_key') = o.uuid"
                              " AND json_extract(o.payload, '$.receipt_number')"
                              "     = a.receipt_number"),
                   ==, 5);
}

static void
test_import_unlisted_materials_received (Fixture       *fixture,
                                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *id_number = make_id_number ("19390606", 6);
  g_autofree char *line = ledger_line ("XZ-0003", NULL, "吴六", id_number);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = json_from_string (line, &error);
  JsonObject *item = json_object_new ();
  JsonArray *materials = json_array_new ();

  /* The ledger notes only that the 户口簿 copy is to follow (容缺); the 居民身份证 it does not
   * list was received on paper (jj-intake.h). */
  g_assert_no_error (error);
  json_object_set_string_member (item, "matter", "XZ-0003");
  json_object_set_int_member (item, "index", 1);
  json_object_set_string_member (item, "status", "pending");
  json_array_add_object_element (materials, item);
  json_object_set_array_member (json_node_get_object (node), "materials", materials);
  g_ptr_array_add (lines, json_to_string (node, FALSE));
  path = write_ledger (fixture, "ledger-partial.jsonl", lines);

  g_assert_cmpint (jj_intake_import_jsonl (fixture->intake, path, fixture->today, &problems,
                                           &error), ==, 1);
  g_assert_no_error (error);
  /* As required:status: the 居民身份证 (required) received, the 户口簿 (optional) pending. */
  text = query_column (fixture->store,
                       "SELECT matter_code || ':' || required || ':' || status"
                       " FROM application_materials ORDER BY required DESC");
  /* Not fatal, so that the tests after this one still run. */
  if (g_strcmp0 (text, "XZ-0003:1:received XZ-0003:0:pending") != 0)
    g_test_fail_printf ("a ledger line listing only its optional material recorded \"%s\","
                        " not \"XZ-0003:1:received XZ-0003:0:pending\"", text);
}

/* A ledger's own members (notes, derived fields) and an empty appointment are not protocol
 * members: the frozen submission leaves them out, and its ID number is normalised as the
 * form does, so that a strict county does not park it (docs/sync-protocol.md, section 7). */
static void
test_import_payload_protocol_members_only (Fixture       *fixture,
                                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *id_number = make_id_number_ending_in_x ();
  g_autofree char *lower = g_ascii_strdown (id_number, -1);
  g_autofree char *line = ledger_line ("XZ-0003", NULL, "郑七", lower);
  g_autofree char *path = NULL;
  g_autofree char *payload = NULL;
  g_autoptr(JsonNode) node = json_from_string (line, &error);
  g_autoptr(JsonNode) sent = NULL;
  JsonObject *applicant;
  JsonObject *item;

  g_assert_no_error (error);
  json_object_set_string_member (json_object_get_object_member (json_node_get_object (node),
                                                                "applicant"),
                                 "gender", "女");
  json_object_set_string_member (json_node_get_object (node), "appointment", "");
  g_ptr_array_add (lines, json_to_string (node, FALSE));
  path = write_ledger (fixture, "ledger-extras.jsonl", lines);
  g_assert_cmpint (jj_intake_import_jsonl (fixture->intake, path, fixture->today, &problems,
                                           &error), ==, 1);
  g_assert_no_error (error);

  payload = query_column (fixture->store, "SELECT payload FROM outbox");
  sent = json_from_string (payload, &error);
  g_assert_no_error (error);
  item = json_node_get_object (sent);
  applicant = json_object_get_object_member (item, "applicant");
  g_assert_false (json_object_has_member (applicant, "gender"));
  g_assert_false (json_object_has_member (item, "appointment"));
  g_assert_cmpstr (json_object_get_string_member (applicant, "id_number"), ==, id_number);
  g_assert_cmpstr (json_object_get_string_member (applicant, "name"), ==, "郑七");
  g_assert_true (json_object_has_member (item, "materials"));
}

/* --- returning residents ---------------------------------------------------------------- */

static void
test_applicant_returning_resident_found (Fixture       *fixture,
                                         gconstpointer  user_data)
{
  g_autofree char *id_number = make_id_number_ending_in_x ();
  g_autofree char *lower = g_ascii_strdown (id_number, -1);
  g_autofree char *spaced = g_strdup_printf ("  %s \t", id_number);
  g_autofree char *stranger = make_id_number ("19900101", 99);
  g_autofree char *wrong = make_wrong_id_number ("19380917", 5);
  g_autofree char *receipt = NULL;
  g_autoptr(JsonObject) found = NULL;
  g_autoptr(JsonObject) found_spaced = NULL;
  const char *typed[] = { id_number, lower, spaced };

  g_assert_null (jj_intake_find_applicant (fixture->intake, id_number));

  /* Submitted as typed: lower-case x. */
  receipt = submit_new (fixture, "XZ-0001", lower, fixture->today);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM applicants"), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      g_autoptr(JsonObject) applicant = jj_intake_find_applicant (fixture->intake, typed[i]);

      g_test_message ("looking for '%s'", typed[i]);
      g_assert_nonnull (applicant);
      g_assert_cmpstr (json_object_get_string_member (applicant, "name"), ==, "张桂英");
      g_assert_cmpstr (json_object_get_string_member (applicant, "id_number"), ==, id_number);
      g_assert_cmpstr (json_object_get_string_member (applicant, "phone"), ==, PHONE);
      g_assert_cmpstr (json_object_get_string_member (applicant, "address"), ==, ADDRESS);
    }

  g_assert_null (jj_intake_find_applicant (fixture->intake, stranger));
  g_assert_null (jj_intake_find_applicant (fixture->intake, wrong));
  g_assert_null (jj_intake_find_applicant (fixture->intake, ""));
  g_assert_null (jj_intake_find_applicant (fixture->intake, "张桂英"));
}

/* Submits an application of XZ-0001 for the resident named @name. */
static void
submit_resident (Fixture    *fixture,
                 const char *name,
                 const char *id_number,
                 const char *phone,
                 const char *address)
{
  g_autoptr(JsonObject) draft = NULL;
  gint64 id = create_valid_draft (fixture, "XZ-0001", id_number, &draft);
  g_autoptr(JjSubmission) submission = NULL;

  set_applicant (draft, name, id_number, phone, address);
  submission = submit (fixture, id, draft, fixture->today);
}

static void
test_applicant_found_by_name (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autofree char *first = make_id_number ("19400315", 2);
  g_autofree char *second = make_id_number ("19520101", 7);
  g_autofree char *other = make_id_number ("19600606", 9);
  g_autofree char *masked_first = jj_id_number_mask (first);
  g_autofree char *masked_second = jj_id_number_mask (second);
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(JsonObject) chosen = NULL;
  g_autoptr(GError) error = NULL;
  JjApplicantMatch *match;

  submit_resident (fixture, "王秀英", first, PHONE, ADDRESS);
  submit_resident (fixture, "王秀英", second, OTHER_PHONE, "湖南省测试市测试镇老村3组");
  submit_resident (fixture, "王秀", other, PHONE, ADDRESS);

  /* Two residents of that name, the latest first, told apart without their ID numbers. */
  matches = jj_applicants_find_by_name (fixture->store, " 王秀英\t", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (matches->len, ==, 2);
  match = g_ptr_array_index (matches, 0);
  g_assert_cmpstr (match->name, ==, "王秀英");
  g_assert_cmpstr (match->masked_id_number, ==, masked_second);
  g_assert_cmpstr (match->phone_last_digits, ==, "5678");
  g_assert_cmpstr (match->address, ==, "湖南省测试市测试镇老村3组");
  match = g_ptr_array_index (matches, 1);
  g_assert_cmpstr (match->masked_id_number, ==, masked_first);
  g_assert_cmpstr (match->phone_last_digits, ==, "8000");
  g_assert_cmpstr (match->address, ==, ADDRESS);
  for (guint i = 0; i < matches->len; i++)
    {
      match = g_ptr_array_index (matches, i);
      g_assert_null (strstr (match->masked_id_number, "19400315"));
      g_assert_null (strstr (match->masked_id_number, "19520101"));
      g_assert_cmpuint (strlen (match->masked_id_number), ==, 18);
    }

  /* The one chosen is read in full, ready to fill the form. */
  chosen = jj_applicants_dup (fixture->store, match->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (chosen, "name"), ==, "王秀英");
  g_assert_cmpstr (json_object_get_string_member (chosen, "id_number"), ==, first);
  g_assert_cmpstr (json_object_get_string_member (chosen, "phone"), ==, PHONE);
  g_assert_cmpstr (json_object_get_string_member (chosen, "address"), ==, ADDRESS);

  /* The limit holds; a part of a name, a blank or an unknown name finds nobody. */
  g_clear_pointer (&matches, g_ptr_array_unref);
  matches = jj_applicants_find_by_name (fixture->store, "王秀英", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (matches->len, ==, 1);
  for (guint i = 0; i < 4; i++)
    {
      const char *names[] = { "王", "  ", "李四", "王秀英英" };

      none = jj_applicants_find_by_name (fixture->store, names[i], 10, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (none->len, ==, 0);
      g_clear_pointer (&none, g_ptr_array_unref);
    }
  g_assert_null (jj_applicants_dup (fixture->store, 999999, &error));
  g_assert_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_NOT_FOUND);
}

/* --- crashes ---------------------------------------------------------------------------- */

static char *
helper_path (void)
{
  const char *path = g_getenv ("JIUJIN_INTAKE_CRASH_HELPER");

  if (path != NULL)
    return g_strdup (path);
  return g_test_build_filename (G_TEST_BUILT, "intake-crash-helper", NULL);
}

static GRand *
seeded_rand (void)
{
  const char *text = g_getenv ("JIUJIN_TEST_SEED");
  guint32 seed = text != NULL ? (guint32) g_ascii_strtoull (text, NULL, 10) : DEFAULT_SEED;

  g_test_message ("random seed %" G_GUINT32_FORMAT " (set JIUJIN_TEST_SEED to replay another)",
                  seed);
  return g_rand_new_with_seed (seed);
}

typedef struct
{
  GPid  pid;
  char *out_path;
  char *err_path;
} Helper;

/* Starts the helper on @data_dir (and @mode), its output going to files in @fixture's folder. */
static Helper
helper_start (Fixture    *fixture,
              const char *data_dir,
              const char *mode,
              guint       round)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = helper_path ();
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "JIUJIN_CATALOG",
                                         fixture->catalog_path, TRUE);
  g_autofree char *calendar = calendar_path ();
  const char *argv[] = { program, data_dir, mode, NULL };
  Helper helper = { 0, NULL, NULL };
  int out_fd, err_fd;

  envp = g_environ_setenv (envp, "JIUJIN_CALENDAR", calendar, TRUE);
  helper.out_path = g_strdup_printf ("%s/helper-%s-%u.out", fixture->tmp_dir,
                                     mode != NULL ? mode : "submits", round);
  helper.err_path = g_strdup_printf ("%s/helper-%s-%u.err", fixture->tmp_dir,
                                     mode != NULL ? mode : "submits", round);
  out_fd = g_open (helper.out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  err_fd = g_open (helper.err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  g_assert_cmpint (out_fd, >=, 0);
  g_assert_cmpint (err_fd, >=, 0);

  g_spawn_async_with_fds (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                          &helper.pid, -1, out_fd, err_fd, &error);
  g_assert_no_error (error);
  close (out_fd);
  close (err_fd);
  return helper;
}

/* SIGKILL, reaped; the helper must not have stopped by itself. */
static void
helper_kill (Helper *helper)
{
  int status = 0;

  g_assert_no_errno (kill (helper->pid, SIGKILL));
  while (waitpid (helper->pid, &status, 0) < 0)
    g_assert_cmpint (errno, ==, EINTR);

  if (!WIFSIGNALED (status) || WTERMSIG (status) != SIGKILL)
    {
      g_autoptr(GBytes) err = jj_test_read_file (helper->err_path);

      g_error ("the helper stopped by itself (status %d): %.*s", status,
               (int) g_bytes_get_size (err), (const char *) g_bytes_get_data (err, NULL));
    }
}

static void
helper_clear (Helper *helper)
{
  g_clear_pointer (&helper->out_path, g_free);
  g_clear_pointer (&helper->err_path, g_free);
}

/* The complete lines the helper printed (a line is printed with its newline in one write). */
static GStrv
helper_lines (Helper *helper)
{
  g_autoptr(GBytes) out = jj_test_read_file (helper->out_path);
  g_autofree char *text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  char *end = strrchr (text, '\n');

  if (end == NULL)
    return g_new0 (char *, 1);
  *end = '\0';
  return g_strsplit (text, "\n", -1);
}

static void
test_atomicity_sigkill_during_submits (Fixture       *fixture,
                                       gconstpointer  user_data)
{
  g_autoptr(GRand) rand = seeded_rand ();
  g_autoptr(GHashTable) printed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *data_dir = g_build_filename (fixture->tmp_dir, "crash-data", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  guint rounds = 0;
  GHashTableIter iter;
  gpointer key;
  sqlite3_stmt *stmt;

  /* At least 20 rounds, and never more than ~15 s of them. */
  while (rounds < 24 && (rounds < 20 || g_get_monotonic_time () - start < 15 * G_USEC_PER_SEC))
    {
      Helper helper = helper_start (fixture, data_dir, NULL, rounds);
      gint32 ms = g_rand_int_range (rand, 50, 401);
      g_auto(GStrv) lines = NULL;

      g_usleep (ms * 1000);
      helper_kill (&helper);
      lines = helper_lines (&helper);
      g_test_message ("round %u: killed after %d ms, %u receipts printed", rounds, ms,
                      g_strv_length (lines));
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_assert_true (g_regex_match_simple (RECEIPT_PATTERN, lines[i], 0, 0));
          /* Printed twice would mean a number given out twice. */
          g_assert_false (g_hash_table_contains (printed, lines[i]));
          g_hash_table_add (printed, g_strdup (lines[i]));
        }
      helper_clear (&helper);
      rounds++;
    }
  g_assert_cmpuint (rounds, >=, 20);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  /* The rounds did work: otherwise this test proves nothing. */
  g_assert_cmpuint (g_hash_table_size (printed), >, 0);

  /* The fixture's own store is left aside: this is the helper's database. */
  close_intake (fixture);
  open_intake (fixture, data_dir);

  g_assert_true (jj_store_check_integrity (fixture->store, &error));
  g_assert_no_error (error);
  g_test_message ("%" G_GINT64_FORMAT " queued, %" G_GINT64_FORMAT " drafts",
                  query_int (fixture->store,
                             "SELECT count(*) FROM applications WHERE state = 'queued'"),
                  query_int (fixture->store,
                             "SELECT count(*) FROM applications WHERE state = 'draft'"));

  /* Every queued application is whole: its number, one outbox entry, matters, every material
   * and scan of its draft. */
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count(*) FROM applications WHERE state NOT IN ('draft',"
                              " 'queued')"), ==, 0);
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count(*) FROM applications WHERE state = 'queued'"
                              " AND (receipt_number IS NULL OR promised_date IS NULL"
                              "      OR submitted_at IS NULL OR applicant_id IS NULL)"), ==, 0);
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count(*) FROM applications a WHERE state = 'queued'"
                              " AND (SELECT count(*) FROM outbox o"
                              "      WHERE o.application_id = a.id) != 1"), ==, 0);
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count(*) FROM applications a WHERE state = 'queued'"
                              " AND NOT EXISTS (SELECT 1 FROM application_matters m"
                              "                 WHERE m.application_id = a.id)"), ==, 0);
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count(*) FROM applications a WHERE state = 'queued'"
                              " AND ((SELECT count(*) FROM application_materials m"
                              "       WHERE m.application_id = a.id)"
                              "      != json_array_length (a.draft, '$.materials')"
                              "   OR json_array_length (a.draft, '$.materials') = 0"
                              "   OR (SELECT count(*) FROM application_attachments t"
                              "       WHERE t.application_id = a.id)"
                              "      != json_array_length (a.draft, '$.attachments'))"), ==, 0);
  /* Nothing is sent for what is not a queued application. */
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count(*) FROM outbox o LEFT JOIN applications a"
                              " ON a.id = o.application_id"
                              " WHERE a.id IS NULL OR a.state != 'queued'"), ==, 0);
  /* Drafts have none of a submission's rows. */
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT (SELECT count(*) FROM application_matters m JOIN applications"
                              "        a ON a.id = m.application_id WHERE a.state = 'draft')"
                              "     + (SELECT count(*) FROM application_materials m JOIN"
                              "        applications a ON a.id = m.application_id"
                              "        WHERE a.state = 'draft')"
                              "     + (SELECT count(*) FROM applications"
                              "        WHERE state = 'draft' AND receipt_number IS NOT NULL)"),
                   ==, 0);
  /* Receipt numbers are unique, and the outbox keys too. */
  g_assert_cmpint (query_int (fixture->store, "SELECT count(receipt_number) -"
                              " count(DISTINCT receipt_number) FROM applications"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM outbox"), ==,
                   query_int (fixture->store,
                              "SELECT count(*) FROM applications WHERE state = 'queued'"));
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count(*) FROM outbox"
                              " WHERE json_extract(payload, '$.idempotency_key') IS NOT uuid"),
                   ==, 0);

  /* Every number the clerk was shown is in the database. */
  g_hash_table_iter_init (&iter, printed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (query_int (fixture->store,
                     "SELECT count(*) FROM applications WHERE state = 'queued'"
                     " AND receipt_number = '%s'", (const char *) key) != 1)
        g_error ("receipt %s was printed but is not in the database", (const char *) key);
    }

  /* The scans referred to are stored whole. */
  text = query_text (fixture->store, "SELECT DISTINCT sha256 FROM application_attachments");
  if (text != NULL)
    {
      g_assert_true (jj_attachments_verify (fixture->store, text, &error));
      g_assert_no_error (error);
    }

  /* Drafts left behind are fine, and load. */
  g_assert_cmpint (sqlite3_prepare_v2 (jj_store_get_db (fixture->store),
                                       "SELECT id FROM applications WHERE state = 'draft'", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) draft = jj_intake_load_draft (fixture->intake,
                                                          sqlite3_column_int64 (stmt, 0), &error);

      g_assert_no_error (error);
      g_assert_nonnull (draft);
      g_assert_nonnull (json_object_get_array_member (draft, "matters"));
    }
  sqlite3_finalize (stmt);
}

static void
test_drafts_survive_sigkill (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GRand) rand = seeded_rand ();
  g_autofree char *data_dir = g_build_filename (fixture->tmp_dir, "drafts-data", NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) last = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GError) error = NULL;

  for (guint round = 0; round < 5; round++)
    {
      Helper helper = helper_start (fixture, data_dir, "drafts", round);
      gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
      gint32 ms = g_rand_int_range (rand, 0, 300);
      g_auto(GStrv) lines = NULL;
      guint n_lines;
      gint64 id;
      guint64 counter;

      /* Until the first save, then a random moment later. */
      for (;;)
        {
          g_auto(GStrv) so_far = helper_lines (&helper);

          if (g_strv_length (so_far) >= 2)
            break;
          if (g_get_monotonic_time () > deadline)
            {
              helper_kill (&helper);
              g_error ("the helper saved nothing in 20 s");
            }
          g_usleep (5 * 1000);
        }
      g_usleep (ms * 1000);
      helper_kill (&helper);

      lines = helper_lines (&helper);
      n_lines = g_strv_length (lines);
      g_assert_true (g_str_has_prefix (lines[0], "draft "));
      id = g_ascii_strtoll (lines[0] + strlen ("draft "), NULL, 10);
      g_assert_cmpint (id, >, 0);
      g_assert_true (g_ascii_string_to_unsigned (lines[n_lines - 1], 10, 1, G_MAXUINT, &counter,
                                                 NULL));
      g_test_message ("round %u: draft %" G_GINT64_FORMAT " killed %d ms after the first save,"
                      " last printed %" G_GUINT64_FORMAT, round, id, ms, counter);
      g_array_append_val (ids, id);
      g_array_append_val (last, counter);
      helper_clear (&helper);
    }

  close_intake (fixture);
  open_intake (fixture, data_dir);
  g_assert_true (jj_store_check_integrity (fixture->store, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) draft = load_draft (fixture, g_array_index (ids, gint64, i));
      JsonObject *values = json_object_get_object_member (draft, "values");
      guint64 printed = g_array_index (last, guint64, i);
      guint64 saved;

      g_assert_nonnull (values);
      g_assert_true (g_ascii_string_to_unsigned (json_object_get_string_member (values, "remarks"),
                                                 10, 1, G_MAXUINT, &saved, NULL));
      /* Everything saved is there; at most the save in flight at the kill went further. */
      g_assert_cmpuint (saved, >=, printed);
      g_assert_cmpuint (saved, <=, printed + 1);
    }
}

/* --- corrections ------------------------------------------------------------------------ */

#define SEND_BACK_REASON "户口簿复印件不清晰，请重新扫描"

/* The latest outbox entry (revision) of application @id. */
static JjOutboxEntry *
latest_entry (Fixture *fixture,
              gint64   id)
{
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GError) error = NULL;

  revisions = jj_outbox_list_revisions (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, >, 0);
  return g_ptr_array_steal_index (revisions, revisions->len - 1);
}

/* The reviewer sends the latest entry of application @id back with SEND_BACK_REASON. */
static void
send_back (Fixture *fixture,
           gint64   id)
{
  g_autoptr(JjOutboxEntry) latest = latest_entry (fixture, id);
  g_autoptr(GError) error = NULL;

  g_assert_true (jj_outbox_send_back (fixture->store, latest->uuid, SEND_BACK_REASON, &error));
  g_assert_no_error (error);
}

/* The latest entry of application @id is sent once and refused by the county with a 422, as
 * when the reviewer sends back an item the county parked. */
static void
park_refused (Fixture *fixture,
              gint64   id)
{
  g_autoptr(JjOutboxEntry) latest = latest_entry (fixture, id);
  g_autoptr(GError) error = NULL;
  JjOutboxResult result = { 0 };

  result.entry_id = latest->id;
  g_assert_true (jj_outbox_mark_sending (fixture->store, &result.entry_id, 1, &error));
  g_assert_no_error (error);
  result.kind = JJ_OUTBOX_RESULT_PARKED;
  result.reason = "The county refused it";
  result.response = "{\"status\":422}";
  g_assert_true (jj_outbox_apply_results (fixture->store, &result, 1, 1775000000, NULL, &error));
  g_assert_no_error (error);
}

/* The payload of the latest entry of application @id, as a new object. */
static JsonObject *
latest_payload (Fixture *fixture,
                gint64   id)
{
  g_autoptr(JjOutboxEntry) latest = latest_entry (fixture, id);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = json_from_string (latest->payload, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static void
reopen (Fixture *fixture,
        gint64   id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (jj_intake_reopen (fixture->intake, id, &error));
  g_assert_no_error (error);
}

static void
assert_reopen_refused (Fixture *fixture,
                       gint64   id)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (jj_intake_reopen (fixture->intake, id, &error));
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_STATE);
}

/* Sent back, reopened, corrected and resubmitted: the same application and receipt number, a
 * second outbox entry that supersedes the first and carries revision and supersedes, a promised
 * date counted from the day of the resubmission, and the whole history kept and audited. */
static void
test_correction_resubmitted_as_revision (Fixture       *fixture,
                                         gconstpointer  user_data)
{
  g_auto(JjCorrection) correction = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(JsonObject) reopened = NULL;
  g_autoptr(JjSubmission) first = NULL;
  g_autoptr(JjSubmission) second = NULL;
  g_autoptr(JjSubmission) fresh = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(JjApplicationRecord) record = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(GDate) later = g_date_new_dmy (13, G_DATE_APRIL, 2026);
  g_autofree char *id_number = make_id_number ("19360215", 71);
  g_autofree char *other_id_number = make_id_number ("19380101", 72);
  g_autofree char *text = NULL;
  JsonObject *item;
  JjOutboxEntry *entry;
  gint64 id, fresh_id;

  id = create_valid_draft (fixture, "XZ-0003", id_number, &draft);
  g_assert_false (jj_intake_get_correction (fixture->intake, id, &correction, &error));
  g_assert_no_error (error);
  first = submit (fixture, id, draft, fixture->today);
  g_assert_cmpint (first->revision, ==, 1);

  /* Only a returned application can be reopened. */
  assert_reopen_refused (fixture, id);
  g_assert_false (jj_intake_get_correction (fixture->intake, id, &correction, &error));
  g_assert_no_error (error);
  g_assert_false (jj_intake_reopen (fixture->intake, 9999, &error));
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The county saw the first revision (and refused it): the correction names it. */
  park_refused (fixture, id);
  send_back (fixture, id);
  g_assert_cmpstr ((text = query_text (fixture->store,
                                       "SELECT state || '|' || status_reason FROM applications"
                                       " WHERE id = %" G_GINT64_FORMAT, id)),
                   ==, "returned|" SEND_BACK_REASON);
  g_clear_pointer (&text, g_free);

  reopen (fixture, id);
  assert_reopen_refused (fixture, id);
  g_assert_true (jj_intake_get_correction (fixture->intake, id, &correction, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (correction.receipt_number, ==, first->receipt_number);
  g_assert_cmpint (correction.revision, ==, 2);
  g_assert_cmpstr (correction.reason, ==, SEND_BACK_REASON);
  g_assert_cmpstr (correction.supersedes, ==, first->outbox_uuid);

  /* The draft is the document as submitted; the clerk corrects the phone number. */
  reopened = load_draft (fixture, id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (reopened,
                                                                                 "applicant"),
                                                  "name"), ==, "张桂英");
  /* …on record, so that the intake page shows a clerk its ID number masked. */
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (reopened,
                                                                                "applicant"),
                                                 "from_records"));
  set_applicant (reopened, "张桂英", id_number, OTHER_PHONE, ADDRESS);
  save_draft (fixture, id, reopened);

  second = submit (fixture, id, reopened, later);
  g_assert_cmpint (second->application_id, ==, id);
  g_assert_cmpstr (second->receipt_number, ==, first->receipt_number);
  g_assert_cmpstr (second->outbox_uuid, !=, first->outbox_uuid);
  g_assert_cmpint (second->revision, ==, 2);
  /* Counted from the resubmission, as a fresh application that day would be. */
  fresh_id = create_valid_draft (fixture, "XZ-0003", other_id_number, &draft);
  fresh = submit (fixture, fresh_id, draft, later);
  g_assert_cmpstr (second->promised_date, ==, fresh->promised_date);
  g_assert_cmpstr (second->promised_date, >, first->promised_date);
  g_assert_false (jj_intake_get_correction (fixture->intake, id, &correction, &error));
  g_assert_no_error (error);

  assert_cmpstr_owned ((text = query_text (fixture->store,
                                           "SELECT state || '|' || coalesce (status_reason, 'NULL')"
                                           " || '|' || promised_date FROM applications"
                                           " WHERE id = %" G_GINT64_FORMAT, id)),
                       g_strconcat ("queued|NULL|", second->promised_date, NULL));
  g_clear_pointer (&text, g_free);

  revisions = jj_outbox_list_revisions (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 2);
  entry = g_ptr_array_index (revisions, 0);
  g_assert_cmpstr (entry->uuid, ==, first->outbox_uuid);
  g_assert_cmpint (entry->revision, ==, 1);
  g_assert_cmpstr (entry->state, ==, "superseded");
  g_assert_cmpstr (entry->last_error, ==, SEND_BACK_REASON);
  g_assert_null (entry->supersedes);
  entry = g_ptr_array_index (revisions, 1);
  g_assert_cmpstr (entry->uuid, ==, second->outbox_uuid);
  g_assert_cmpint (entry->revision, ==, 2);
  g_assert_cmpstr (entry->state, ==, "pending");
  g_assert_cmpstr (entry->supersedes, ==, first->outbox_uuid);
  g_assert_cmpstr (entry->receipt_number, ==, first->receipt_number);

  payload = json_from_string (entry->payload, &error);
  g_assert_no_error (error);
  item = json_node_get_object (payload);
  g_assert_cmpstr (json_object_get_string_member (item, "idempotency_key"), ==,
                   second->outbox_uuid);
  g_assert_cmpstr (json_object_get_string_member (item, "receipt_number"), ==,
                   first->receipt_number);
  g_assert_cmpint (json_object_get_int_member (item, "revision"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (item, "supersedes"), ==, first->outbox_uuid);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "applicant"),
                                                  "phone"), ==, OTHER_PHONE);
  entry = g_ptr_array_index (revisions, 0);
  g_assert_null (strstr (entry->payload, "\"revision\""));

  record = jj_applications_lookup (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (jj_application_record_get_revision (record), ==, 2);
  g_assert_cmpstr (jj_application_record_get_outbox_state (record), ==, "pending");

  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count(*) FROM audit_log WHERE action = 'correction-open'"
                              " AND subject = '%s' AND json_extract (detail, '$.revision') = 2"
                              " AND json_extract (detail, '$.reason') = '" SEND_BACK_REASON "'",
                              first->receipt_number), ==, 1);
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count(*) FROM audit_log WHERE action = 'submit'"
                              " AND subject = '%s' AND json_extract (detail, '$.revision') = 2"
                              " AND json_extract (detail, '$.outbox') = '%s'",
                              first->receipt_number, second->outbox_uuid), ==, 1);

  /* A correction of the correction supersedes the second revision here; but the second never
   * left the terminal, so the county is told it supersedes the first, the one it saw: naming
   * the second would make it open another case. */
  send_back (fixture, id);
  reopen (fixture, id);
  g_assert_true (jj_intake_get_correction (fixture->intake, id, &correction, &error));
  g_assert_cmpint (correction.revision, ==, 3);
  g_assert_cmpstr (correction.supersedes, ==, second->outbox_uuid);
  {
    g_autoptr(JsonObject) third_draft = load_draft (fixture, id);
    g_autoptr(JjSubmission) third = submit (fixture, id, third_draft, later);
    g_autoptr(JsonObject) sent = latest_payload (fixture, id);

    g_assert_cmpint (third->revision, ==, 3);
    g_assert_cmpint (json_object_get_int_member (sent, "revision"), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (sent, "supersedes"), ==,
                     first->outbox_uuid);
  }
}

/* An application sent back before it ever left the terminal: its correction is the first the
 * county will see, so it is sent without revision and supersedes (the county would otherwise
 * look for a case it never had), while the terminal keeps the local history. */
static void
test_correction_of_unsent_is_a_first_submission (Fixture       *fixture,
                                                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(JsonObject) corrected = NULL;
  g_autoptr(JsonObject) sent = NULL;
  g_autoptr(JjSubmission) first = NULL;
  g_autoptr(JjSubmission) second = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autofree char *id_number = make_id_number ("19360215", 76);
  gint64 id;

  id = create_valid_draft (fixture, "XZ-0003", id_number, &draft);
  first = submit (fixture, id, draft, fixture->today);
  send_back (fixture, id);
  reopen (fixture, id);
  corrected = load_draft (fixture, id);
  second = submit (fixture, id, corrected, fixture->today);
  g_assert_cmpint (second->revision, ==, 2);
  g_assert_cmpstr (second->receipt_number, ==, first->receipt_number);

  sent = latest_payload (fixture, id);
  g_assert_false (json_object_has_member (sent, "revision"));
  g_assert_false (json_object_has_member (sent, "supersedes"));
  revisions = jj_outbox_list_revisions (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 2);
  g_assert_cmpstr (((JjOutboxEntry *) g_ptr_array_index (revisions, 0))->state, ==, "superseded");
  g_assert_cmpstr (((JjOutboxEntry *) g_ptr_array_index (revisions, 1))->supersedes, ==,
                   first->outbox_uuid);
}

/* Discarding a correction loses nothing: the application is returned again, with its draft
 * and applicant as last submitted, and can be reopened and resubmitted. */
static void
test_correction_discard_returns_it (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(JsonObject) edited = NULL;
  g_autoptr(JsonObject) restored = NULL;
  g_autoptr(JjSubmission) first = NULL;
  g_autoptr(JjSubmission) second = NULL;
  g_autoptr(GHashTable) problems = NULL;
  g_autofree char *id_number = make_id_number ("19360215", 73);
  g_autofree char *text = NULL;
  gint64 id;

  id = create_valid_draft (fixture, "XZ-0003", id_number, &draft);
  first = submit (fixture, id, draft, fixture->today);
  send_back (fixture, id);
  reopen (fixture, id);

  edited = load_draft (fixture, id);
  set_applicant (edited, "李四", id_number, OTHER_PHONE, ADDRESS);
  save_draft (fixture, id, edited);
  g_assert_true (jj_intake_discard_draft (fixture->intake, id, &error));
  g_assert_no_error (error);

  assert_cmpstr_owned ((text = query_text (fixture->store,
                                           "SELECT state || '|' || applicant_name || '|'"
                                           " || receipt_number || '|' || status_reason"
                                           " FROM applications WHERE id = %" G_GINT64_FORMAT, id)),
                       g_strconcat ("returned|张桂英|", first->receipt_number, "|",
                                    SEND_BACK_REASON, NULL));
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM outbox WHERE application_id = %"
                              G_GINT64_FORMAT " AND state = 'returned'", id), ==, 1);
  g_assert_false (jj_intake_discard_draft (fixture->intake, id, &error));
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  reopen (fixture, id);
  restored = load_draft (fixture, id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (restored,
                                                                                 "applicant"),
                                                  "name"), ==, "张桂英");
  problems = validate (fixture, restored);
  g_assert_cmpuint (g_hash_table_size (problems), ==, 0);
  second = submit (fixture, id, restored, fixture->today);
  g_assert_cmpint (second->revision, ==, 2);
  g_assert_cmpstr (second->receipt_number, ==, first->receipt_number);
}

/* The county answers the latest entry of application @id with a 201 and case JX2026-000123. */
static void
deliver (Fixture *fixture,
         gint64   id)
{
  g_autoptr(JjOutboxEntry) latest = latest_entry (fixture, id);
  g_autoptr(GError) error = NULL;
  JjOutboxResult result = { 0 };

  result.entry_id = latest->id;
  result.kind = JJ_OUTBOX_RESULT_DELIVERED;
  result.case_number = "JX2026-000123";
  result.response = "{\"status\":201,\"case_number\":\"JX2026-000123\"}";
  g_assert_true (jj_outbox_apply_results (fixture->store, &result, 1, 1775000000, NULL, &error));
  g_assert_no_error (error);
}

static void
apply_status (Fixture       *fixture,
              JjStatusEvent *event,
              gint64         now)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (jj_outbox_apply_statuses (fixture->store, event, 1, event->cursor, now, NULL,
                                           &error));
  g_assert_no_error (error);
}

/* Submits an application of XZ-0003 (@serial: its applicant's), which the county receives and
 * returns with @event (its key filled in); returns its id. */
static gint64
submit_returned_by_county (Fixture        *fixture,
                           guint           serial,
                           JjStatusEvent  *event,
                           JjSubmission  **first)
{
  g_autoptr(JsonObject) draft = NULL;
  g_autofree char *id_number = make_id_number ("19360215", serial);
  gint64 id;

  id = create_valid_draft (fixture, "XZ-0003", id_number, &draft);
  *first = submit (fixture, id, draft, fixture->today);
  deliver (fixture, id);

  /* Delivered but not returned yet: nothing to correct. */
  assert_reopen_refused (fixture, id);

  event->idempotency_key = (*first)->outbox_uuid;
  apply_status (fixture, event, 1775000100);
  return id;
}

/* 退回补正 by the county: the delivered entry is reopened and corrected; it stays delivered (the
 * county holds it), and the correction supersedes it as revision 2. */
static void
test_correction_of_county_return (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_auto(JjCorrection) correction = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(JjSubmission) first = NULL;
  g_autoptr(JjSubmission) second = NULL;
  g_autofree char *text = NULL;
  JjStatusEvent event = { "41", NULL, "JX2026-000123", "returned", "缺少银行卡复印件", 1775000000 };
  gint64 id;

  id = submit_returned_by_county (fixture, 74, &event, &first);
  reopen (fixture, id);
  g_assert_true (jj_intake_get_correction (fixture->intake, id, &correction, &error));
  g_assert_cmpstr (correction.reason, ==, "缺少银行卡复印件");
  g_assert_cmpint (correction.revision, ==, 2);
  g_assert_cmpint (correction.county_state, ==, JJ_APPLICATION_RETURNED);

  /* A status that comes while the clerk corrects is recorded, and the draft stays a draft; the
   * county returning it again only changes the reason. */
  event.cursor = "42";
  event.reason = "银行卡复印件不清晰";
  event.at = 1775000150;
  apply_status (fixture, &event, 1775000200);
  g_assert_cmpstr ((text = query_text (fixture->store, "SELECT state FROM applications WHERE id = %"
                                       G_GINT64_FORMAT, id)), ==, "draft");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM status_events"
                              " WHERE application_id = %" G_GINT64_FORMAT, id), ==, 2);
  g_assert_true (jj_intake_get_correction (fixture->intake, id, &correction, &error));
  g_assert_cmpstr (correction.reason, ==, "银行卡复印件不清晰");
  g_assert_cmpint (correction.county_state, ==, JJ_APPLICATION_RETURNED);

  g_clear_pointer (&draft, json_object_unref);
  draft = load_draft (fixture, id);
  second = submit (fixture, id, draft, fixture->today);
  g_assert_cmpint (second->revision, ==, 2);
  g_assert_cmpstr ((text = query_column (fixture->store,
                                         "SELECT state || ':' || revision FROM outbox"
                                         " WHERE application_id = %" G_GINT64_FORMAT
                                         " ORDER BY id", id)),
                   ==, "delivered:1 pending:2");
  g_clear_pointer (&text, g_free);
  /* The case number stays until the county answers the new revision. */
  g_assert_cmpstr ((text = query_text (fixture->store, "SELECT case_number FROM applications"
                                       " WHERE id = %" G_GINT64_FORMAT, id)), ==, "JX2026-000123");
}

static void
assert_resubmit_refused (Fixture *fixture,
                         gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) draft = load_draft (fixture, id);
  g_autoptr(JjSubmission) submission = NULL;

  submission = jj_intake_submit (fixture->intake, id, draft, fixture->today, &error);
  g_assert_null (submission);
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_STATE);
  g_assert_nonnull (strstr (error->message, "already acted on"));
}

/* The county decides a case while the clerk corrects it: the correction cannot be resubmitted
 * (the county would answer case-closed), and discarding it shows the county's decision rather
 * than `returned` — while a decision from before the return does not count. */
static void
test_correction_closed_by_county (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_auto(JjCorrection) correction = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(JjSubmission) first = NULL;
  g_autoptr(JjSubmission) second = NULL;
  g_autofree char *text = NULL;
  JjStatusEvent event = { "51", NULL, "JX2026-000123", "returned", "缺少银行卡复印件", 1775000000 };
  gint64 id;

  id = submit_returned_by_county (fixture, 75, &event, &first);

  /* Accepted while the clerk corrects: no resubmission; discarded, it is accepted. */
  reopen (fixture, id);
  event.cursor = "52";
  event.state = "accepted";
  event.reason = NULL;
  event.at = 1775000300;
  apply_status (fixture, &event, 1775000400);
  g_assert_true (jj_intake_get_correction (fixture->intake, id, &correction, &error));
  g_assert_no_error (error);
  g_assert_cmpint (correction.county_state, ==, JJ_APPLICATION_ACCEPTED);
  assert_resubmit_refused (fixture, id);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM outbox"
                              " WHERE application_id = %" G_GINT64_FORMAT, id), ==, 1);
  g_assert_true (jj_intake_discard_draft (fixture->intake, id, &error));
  g_assert_no_error (error);
  g_assert_cmpstr ((text = query_text (fixture->store,
                                       "SELECT state || '|' || coalesce (status_reason, 'NULL')"
                                       " || '|' || status_at || '|' || applicant_name"
                                       " FROM applications WHERE id = %" G_GINT64_FORMAT, id)),
                   ==, "accepted|NULL|1775000300|张桂英");
  g_clear_pointer (&text, g_free);
  assert_reopen_refused (fixture, id);

  /* Returned again and resubmitted; the reviewer sends the new revision back before it goes
   * out. The county's earlier return does not count as news when the clerk discards... */
  event.cursor = "53";
  event.state = "returned";
  event.reason = "缺少户口簿";
  event.at = 1775000500;
  apply_status (fixture, &event, 1775000600);
  reopen (fixture, id);
  g_clear_pointer (&draft, json_object_unref);
  draft = load_draft (fixture, id);
  second = submit (fixture, id, draft, fixture->today);
  send_back (fixture, id);
  reopen (fixture, id);
  g_assert_true (jj_intake_get_correction (fixture->intake, id, &correction, &error));
  g_assert_cmpint (correction.county_state, ==, JJ_APPLICATION_RETURNED);
  g_assert_cmpstr (correction.reason, ==, SEND_BACK_REASON);
  g_assert_true (jj_intake_discard_draft (fixture->intake, id, &error));
  g_assert_no_error (error);
  assert_cmpstr_owned ((text = query_text (fixture->store,
                                           "SELECT state || '|' || status_reason"
                                           " FROM applications WHERE id = %" G_GINT64_FORMAT,
                                           id)),
                       g_strdup ("returned|" SEND_BACK_REASON));
  g_clear_pointer (&text, g_free);

  /* …but its rejection while the clerk corrects does, with its reason. */
  reopen (fixture, id);
  event.idempotency_key = second->outbox_uuid;
  event.cursor = "54";
  event.state = "rejected";
  event.reason = "超过补正期限";
  event.at = g_get_real_time () / G_USEC_PER_SEC + 1;
  apply_status (fixture, &event, event.at + 1);
  assert_resubmit_refused (fixture, id);
  g_assert_true (jj_intake_discard_draft (fixture->intake, id, &error));
  g_assert_no_error (error);
  assert_cmpstr_owned ((text = query_text (fixture->store,
                                           "SELECT state || '|' || status_reason"
                                           " FROM applications WHERE id = %" G_GINT64_FORMAT,
                                           id)),
                       g_strdup ("rejected|超过补正期限"));
  g_clear_pointer (&text, g_free);
}

int
main (int   argc,
      char *argv[])
{
  /* Each test has its own folder: after a failure, run the others too (--keep-going). */
  g_autofree char **args = g_new0 (char *, argc + 2);
  int n_args = argc + 1;

  memcpy (args, argv, argc * sizeof (char *));
  args[argc] = (char *) "--keep-going";
  argv = args;
  g_test_init (&n_args, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/intake/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("draft/create-save-load-discard", test_draft_create_save_load_discard);
  ADD ("validate/lists-every-problem", test_validate_lists_every_problem);
  ADD ("validate/pending-material-allows-submit", test_validate_pending_material_allows_submit);
  ADD ("validate/checklist-covers-required-materials",
       test_validate_checklist_covers_required_materials);
  ADD ("submit/writes-everything-in-one-transaction", test_submit_writes_everything);
  ADD ("submit/receipt-numbers-count-per-day", test_submit_receipt_numbers_count_per_day);
  ADD ("submit/invalid-writes-nothing", test_submit_invalid_writes_nothing);
  ADD ("import/ledger-all-or-nothing", test_import_ledger_all_or_nothing);
  ADD ("import/unlisted-materials-count-as-received", test_import_unlisted_materials_received);
  ADD ("import/payload-carries-protocol-members-only", test_import_payload_protocol_members_only);
  ADD ("applicant/returning-resident-found", test_applicant_returning_resident_found);
  ADD ("applicant/found-by-name-without-id-numbers", test_applicant_found_by_name);
  ADD ("atomicity/sigkill-during-submits", test_atomicity_sigkill_during_submits);
  ADD ("drafts/survive-sigkill", test_drafts_survive_sigkill);
  ADD ("correction/resubmitted-as-a-revision-with-history",
       test_correction_resubmitted_as_revision);
  ADD ("correction/discard-returns-it-as-submitted", test_correction_discard_returns_it);
  ADD ("correction/of-an-unsent-one-is-a-first-submission",
       test_correction_of_unsent_is_a_first_submission);
  ADD ("correction/of-a-county-return-keeps-it-delivered", test_correction_of_county_return);
  ADD ("correction/closed-by-the-county-meanwhile", test_correction_closed_by_county);

#undef ADD

  return g_test_run ();
}
