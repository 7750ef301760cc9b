/* test-applications.c — the terminal's applications, listed, searched and looked up
 *
 * Every test works on a real database in a fresh temporary folder with tests/data/
 * catalog-small.json imported. Applications are taken through the real intake (draft, applicant,
 * form values, materials, submit); only the bulk list is inserted with raw SQL.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "jj-test-util.h"

#include "jj-application-list-private.h"
#include "jj-applications.h"
#include "jj-attachments.h"
#include "jj-catalog.h"
#include "jj-intake.h"
#include "jj-outbox.h"
#include "jj-store-private.h"

/* Valid resident ID numbers (GB 11643-1999 check characters). */
#define ZHANG_ID  "43010219451203018X"
#define ZHANG_ID2 "320582198005150028"
#define LI_ID     "110101195001010017"
#define WANG_ID   "32058219800515036X"
#define ZHOU_ID   "43010219451203026X"

#define BANK_ACCOUNT "6222020200112233445"
#define BULK_ROWS    100000

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
  JjStore   *store;
  JjCatalog *catalog;
  JjIntake  *intake;
  GDate     *today;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *catalog_path = g_test_build_filename (G_TEST_DIST, "data", "catalog-small.json",
                                                         NULL);

  fixture->tmp_dir = jj_test_make_tmp_dir ("jiujin-test-applications-XXXXXX");
  data_dir = g_build_filename (fixture->tmp_dir, "data", NULL);
  fixture->store = jj_store_open (data_dir, &error);
  g_assert_no_error (error);
  fixture->catalog = jj_catalog_new (fixture->store);
  jj_catalog_import_file (fixture->catalog, catalog_path, FALSE, NULL, &error);
  g_assert_no_error (error);
  fixture->intake = jj_intake_new (fixture->catalog, NULL, &error);
  g_assert_no_error (error);
  fixture->today = g_date_new_dmy (2, G_DATE_MARCH, 2026);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->intake);
  g_clear_object (&fixture->catalog);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->today, g_date_free);
  g_assert_true (jj_test_remove_tree (fixture->tmp_dir));
  g_free (fixture->tmp_dir);
}

static void
exec_sql (Fixture    *fixture,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (jj_store_get_db (fixture->store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Sets the times of application @id (0: NULL for submitted_at). */
static void
set_times (Fixture *fixture,
           gint64   id,
           gint64   created_at,
           gint64   submitted_at)
{
  sqlite3_stmt *stmt = jj_store_prepare (fixture->store,
                                         "UPDATE applications SET created_at = ?2,"
                                         "  submitted_at = ?3 WHERE id = ?1",
                                         NULL);

  g_assert_nonnull (stmt);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, created_at);
  if (submitted_at != 0)
    sqlite3_bind_int64 (stmt, 3, submitted_at);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);
}

static void
set_text (Fixture    *fixture,
          gint64      id,
          const char *column_sql,
          const char *value)
{
  sqlite3_stmt *stmt = jj_store_prepare (fixture->store, column_sql, NULL);

  g_assert_nonnull (stmt);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);
}

/* The draft document of a new draft of @matter or @bundle, with the applicant and the form
 * values (@values_json) filled in and every required material received. */
static JsonObject *
fill_draft (Fixture    *fixture,
            gint64      id,
            const char *name,
            const char *id_number,
            const char *values_json)
{
  g_autoptr(GError) error = NULL;
  JsonObject *draft = jj_intake_load_draft (fixture->intake, id, &error);
  JsonObject *applicant = json_object_new ();
  JsonArray *materials;

  g_assert_no_error (error);
  json_object_set_string_member (applicant, "name", name);
  json_object_set_string_member (applicant, "id_number", id_number);
  json_object_set_string_member (applicant, "phone", "13800138000");
  json_object_set_string_member (applicant, "address", "湖南省长沙市芙蓉区五一大道 1 号");
  json_object_set_object_member (draft, "applicant", applicant);

  if (values_json != NULL)
    {
      g_autoptr(JsonNode) values = json_from_string (values_json, &error);

      g_assert_no_error (error);
      json_object_set_member (draft, "values", g_steal_pointer (&values));
    }

  /* As the clerk ticks them: the guide's required materials (居民身份证) received, the
   * optional ones (户口簿, only when the household changed) left missing. */
  materials = json_object_get_array_member (draft, "materials");
  for (guint i = 0; i < json_array_get_length (materials); i++)
    {
      JsonObject *item = json_array_get_object_element (materials, i);
      g_autoptr(JjMatter) matter = jj_catalog_lookup (fixture->catalog,
                                                      json_object_get_string_member (item, "matter"),
                                                      &error);
      const JjMaterial *material;

      g_assert_no_error (error);
      material = g_ptr_array_index (jj_matter_get_materials (matter),
                                    json_object_get_int_member (item, "index"));
      if (material->required)
        json_object_set_string_member (item, "status", "received");
    }

  return draft;
}

static const char *
values_for (const char *matter_code)
{
  if (g_strcmp0 (matter_code, "XZ-0003") == 0)
    return "{\"bank_account\": \"" BANK_ACCOUNT "\"}";
  if (matter_code == NULL || g_str_equal (matter_code, "XZ-0001"))
    return "{\"contribution_level\": \"200元\"}";
  return NULL;
}

/* Creates, fills and submits an application of @matter_code (or of bundle YJS-001 when NULL). */
static JjSubmission *
submit (Fixture    *fixture,
        const char *matter_code,
        const char *name,
        const char *id_number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) draft = NULL;
  JjSubmission *submission;
  gint64 id;

  id = jj_intake_create_draft (fixture->intake, matter_code, matter_code == NULL ? "YJS-001" : NULL,
                               &error);
  g_assert_no_error (error);
  draft = fill_draft (fixture, id, name, id_number, values_for (matter_code));
  submission = jj_intake_submit (fixture->intake, id, draft, fixture->today, &error);
  g_assert_no_error (error);
  g_assert_nonnull (submission);
  return submission;
}

/* Creates and saves a draft with an applicant, not submitted. */
static gint64
save_draft (Fixture    *fixture,
            const char *matter_code,
            const char *name,
            const char *id_number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) draft = NULL;
  gint64 id = jj_intake_create_draft (fixture->intake, matter_code, NULL, &error);

  g_assert_no_error (error);
  draft = fill_draft (fixture, id, name, id_number, NULL);
  jj_intake_save_draft (fixture->intake, id, draft, &error);
  g_assert_no_error (error);
  return id;
}

/* The ids a model lists, as "3,1,2". */
static char *
model_ids (GListModel *model)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(JjApplicationRecord) record = g_list_model_get_item (model, i);

      g_assert_nonnull (record);
      g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                              jj_application_record_get_id (record));
    }
  return g_string_free (out, FALSE);
}

static char *
query_ids (Fixture    *fixture,
           int         state,
           const char *matter_code,
           gint64      since,
           gint64      until,
           const char *text)
{
  JjApplicationQuery query = { state, matter_code, since, until, text };
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = jj_applications_query (fixture->store, &query, &error);

  g_assert_no_error (error);
  g_assert_true (g_list_model_get_item_type (model) == JJ_TYPE_APPLICATION_RECORD);
  return model_ids (model);
}

static char *
search_ids (Fixture    *fixture,
            const char *text)
{
  return query_ids (fixture, -1, NULL, 0, 0, text);
}

/* "a,b,…" of the ids. */
static char *
ids (gint64 first,
     ...)
{
  GString *out = g_string_new (NULL);
  va_list args;

  va_start (args, first);
  for (gint64 id = first; id != 0; id = va_arg (args, gint64))
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, out->len > 0 ? "," : "", id);
  va_end (args);
  return g_string_free (out, FALSE);
}

#define assert_ids(actual, ...)                                    \
  G_STMT_START                                                     \
  {                                                                \
    g_autofree char *actual_ = (actual);                           \
    g_autofree char *expected_ = ids (__VA_ARGS__, (gint64) 0);    \
    g_assert_cmpstr (actual_, ==, expected_);                      \
  }                                                                \
  G_STMT_END

#define assert_none(actual)                                        \
  G_STMT_START                                                     \
  {                                                                \
    g_autofree char *actual_ = (actual);                           \
    g_assert_cmpstr (actual_, ==, "");                             \
  }                                                                \
  G_STMT_END

static void
query_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GListModel **model = user_data;
  g_autoptr(GError) error = NULL;

  *model = jj_applications_query_finish (JJ_STORE (source), result, &error);
  g_assert_no_error (error);
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  user_data)
{
  const gint64 base = 1772409600; /* 2026-03-02 00:00 UTC */
  g_autoptr(JjSubmission) a = submit (fixture, "XZ-0001", "张三", ZHANG_ID);
  g_autoptr(JjSubmission) b = submit (fixture, "XZ-0003", "李四", LI_ID);
  g_autoptr(JjSubmission) c = submit (fixture, "CJ-0001", "王五", WANG_ID);
  g_autoptr(JjSubmission) d = submit (fixture, NULL, "赵六", ZHANG_ID2);
  gint64 e = save_draft (fixture, "XZ-0002", "孙七", ZHOU_ID);
  JjApplicationQuery query = { JJ_APPLICATION_QUEUED, NULL, 0, 0, NULL };
  g_autoptr(GListModel) async_model = NULL;

  /* Newest first, by when submitted — or, for a draft, created. */
  set_times (fixture, a->application_id, base + 1000, base + 1100);
  set_times (fixture, b->application_id, base + 2000, base + 2100);
  set_times (fixture, c->application_id, base + 3000, base + 3100);
  set_times (fixture, d->application_id, base + 4000, base + 4100);
  set_times (fixture, e, base + 3500, 0);
  set_text (fixture, b->application_id, "UPDATE applications SET state = ?2 WHERE id = ?1",
            "accepted");

  assert_ids (query_ids (fixture, -1, NULL, 0, 0, NULL), d->application_id, e, c->application_id,
              b->application_id, a->application_id);
  assert_ids (query_ids (fixture, -1, "", 0, 0, "  "), d->application_id, e, c->application_id,
              b->application_id, a->application_id);

  assert_ids (query_ids (fixture, JJ_APPLICATION_QUEUED, NULL, 0, 0, NULL), d->application_id,
              c->application_id, a->application_id);
  assert_ids (query_ids (fixture, JJ_APPLICATION_DRAFT, NULL, 0, 0, NULL), e);
  assert_ids (query_ids (fixture, JJ_APPLICATION_ACCEPTED, NULL, 0, 0, NULL), b->application_id);
  assert_none (query_ids (fixture, JJ_APPLICATION_REJECTED, NULL, 0, 0, NULL));

  /* A bundle includes each of its matters; a draft's matters are those of its document. */
  assert_ids (query_ids (fixture, -1, "XZ-0001", 0, 0, NULL), d->application_id, a->application_id);
  assert_ids (query_ids (fixture, -1, "XZ-0002", 0, 0, NULL), d->application_id, e);
  assert_ids (query_ids (fixture, -1, "XZ-0003", 0, 0, NULL), b->application_id);
  assert_ids (query_ids (fixture, -1, "CJ-0001", 0, 0, NULL), c->application_id);
  assert_none (query_ids (fixture, -1, "XZ-9999", 0, 0, NULL));

  /* Created at or after since, before until. */
  assert_ids (query_ids (fixture, -1, NULL, base + 2000, 0, NULL), d->application_id, e,
              c->application_id, b->application_id);
  assert_ids (query_ids (fixture, -1, NULL, 0, base + 3000, NULL), b->application_id,
              a->application_id);
  assert_ids (query_ids (fixture, -1, NULL, base + 2000, base + 3500, NULL), c->application_id,
              b->application_id);
  assert_none (query_ids (fixture, -1, NULL, base + 5000, 0, NULL));

  assert_ids (query_ids (fixture, JJ_APPLICATION_QUEUED, "XZ-0001", base + 2000, 0, NULL),
              d->application_id);
  assert_ids (query_ids (fixture, JJ_APPLICATION_QUEUED, "XZ-0002", 0, 0, "赵"), d->application_id);
  assert_none (query_ids (fixture, JJ_APPLICATION_DRAFT, "XZ-0001", 0, 0, NULL));

  /* The same off the main loop. */
  jj_applications_query_async (fixture->store, &query, NULL, query_done, &async_model);
  while (async_model == NULL)
    g_main_context_iteration (NULL, TRUE);
  assert_ids (model_ids (async_model), d->application_id, c->application_id, a->application_id);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(JjSubmission) a = submit (fixture, "XZ-0001", "张三", ZHANG_ID);
  g_autoptr(JjSubmission) b = submit (fixture, "CJ-0001", "张三丰", ZHANG_ID2);
  g_autoptr(JjSubmission) c = submit (fixture, "XZ-0002", "李四", LI_ID);
  gint64 draft = save_draft (fixture, "CJ-0001", "周八", "43010219451203026x");
  g_autofree char *lower = g_ascii_strdown (b->receipt_number, -1);

  g_assert_cmpstr (a->receipt_number, ==, "JJ01-20260302-0001");
  g_assert_cmpstr (c->receipt_number, ==, "JJ01-20260302-0003");

  /* Part of the name. */
  assert_ids (search_ids (fixture, "张三"), b->application_id, a->application_id);
  assert_ids (search_ids (fixture, "三丰"), b->application_id);
  assert_ids (search_ids (fixture, "  李四 "), c->application_id);
  assert_none (search_ids (fixture, "王五"));

  /* Part of the receipt or case number, in either case. */
  assert_ids (search_ids (fixture, lower), b->application_id);
  assert_ids (search_ids (fixture, "20260302-000"), c->application_id, b->application_id,
              a->application_id);
  set_text (fixture, c->application_id, "UPDATE applications SET case_number = ?2 WHERE id = ?1",
            "HN-2026-ABC-77");
  assert_ids (search_ids (fixture, "abc-77"), c->application_id);

  /* The end of the ID number, from four characters, x in either case; drafts too. */
  assert_ids (search_ids (fixture, "018x"), a->application_id);
  assert_ids (search_ids (fixture, "018X"), a->application_id);
  assert_ids (search_ids (fixture, "0028"), b->application_id);
  assert_ids (search_ids (fixture, "150028"), b->application_id);
  assert_ids (search_ids (fixture, ZHANG_ID2), b->application_id);
  assert_ids (search_ids (fixture, "0017"), c->application_id);
  assert_ids (search_ids (fixture, "026X"), draft);
  /* Three characters are too few, and the middle of a number (a birth date) is not searched. */
  assert_none (search_ids (fixture, "18X"));
  assert_none (search_ids (fixture, "19451203"));
  assert_none (search_ids (fixture, "4301"));
}

static void
test_hostile_text (Fixture       *fixture,
                   gconstpointer  user_data)
{
  static const char hostile_name[] = "王_100%'\";--";
  static const char * const nothing[] = {
    "%%", "__", "*", "?", "?1", ":name", "@x", "$1", "\\", "\\%", "[", "'; DROP TABLE applications; --",
    "' OR '1'='1", "\" OR \"\"=\"", ") OR 1=1 --", "%' OR 1=1 --", "\x01\x02", "a\xff\xfe",
    "NULL", "1=1", "张三' --", "ESCAPE '\\'",
  };
  g_autoptr(JjSubmission) plain = submit (fixture, "XZ-0001", "张三", ZHANG_ID);
  g_autoptr(JjSubmission) odd = submit (fixture, "CJ-0001", hostile_name, LI_ID);
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JjApplicationRecord) record = NULL;

  /* LIKE's wildcards and SQL's quotes are plain characters here. */
  assert_ids (search_ids (fixture, "%"), odd->application_id);
  assert_ids (search_ids (fixture, "_"), odd->application_id);
  assert_ids (search_ids (fixture, "_100%"), odd->application_id);
  assert_ids (search_ids (fixture, "'"), odd->application_id);
  assert_ids (search_ids (fixture, "\";--"), odd->application_id);
  assert_ids (search_ids (fixture, hostile_name), odd->application_id);

  for (guint i = 0; i < G_N_ELEMENTS (nothing); i++)
    {
      g_test_message ("searching for “%s”", g_utf8_validate (nothing[i], -1, NULL) ? nothing[i] : "(bytes)");
      assert_none (search_ids (fixture, nothing[i]));
      assert_none (query_ids (fixture, -1, nothing[i], 0, 0, NULL));
      g_assert_null (jj_applications_lookup_number (fixture->store, nothing[i], &error));
      g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND);
      g_clear_error (&error);
    }

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (huge, "%_'"[i % 3]);
  assert_none (search_ids (fixture, huge->str));

  /* Nothing was interpreted: both applications are still there, intact. */
  assert_ids (search_ids (fixture, NULL), odd->application_id, plain->application_id);
  record = jj_applications_lookup_number (fixture->store, odd->receipt_number, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jj_application_record_get_applicant_name (record), ==, hostile_name);
}

static void
test_lookup (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(JjSubmission) s = submit (fixture, "XZ-0003", "李四", LI_ID);
  g_autoptr(JjSubmission) other = submit (fixture, "XZ-0001", "张三", ZHANG_ID);
  g_autoptr(JjApplicationRecord) record = NULL;
  g_autoptr(JjApplicationRecord) again = NULL;
  g_autoptr(JjApplicationRecord) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *typed = g_strdup_printf ("  %s\t", s->receipt_number);
  g_autofree char *typed_lower = NULL;
  g_autofree char *state = NULL;
  g_autofree char *receipt = NULL;
  g_autofree char *masked = NULL;
  gint64 submitted_at = 0;
  gint64 id = 0;
  gint64 draft_id;

  record = jj_applications_lookup_number (fixture->store, s->receipt_number, &error);
  g_assert_no_error (error);
  g_assert_cmpint (jj_application_record_get_id (record), ==, s->application_id);
  g_assert_cmpint (jj_application_record_get_state (record), ==, JJ_APPLICATION_QUEUED);
  g_assert_cmpstr (jj_application_record_get_title (record), ==, "高龄津贴申请");
  g_assert_cmpstr (jj_application_record_get_applicant_name (record), ==, "李四");
  g_assert_cmpstr (jj_application_record_get_applicant_id_number (record), ==, LI_ID);
  g_assert_cmpstr (jj_application_record_get_masked_id_number (record), ==, "1101**********0017");
  g_assert_cmpstr (jj_application_record_get_receipt_number (record), ==, s->receipt_number);
  g_assert_null (jj_application_record_get_case_number (record));
  g_assert_cmpstr (jj_application_record_get_promised_date (record), ==, s->promised_date);
  g_assert_cmpstr (jj_application_record_get_agent_kind (record), ==, "none");
  g_assert_cmpstr (jj_application_record_get_outbox_state (record), ==, "pending");
  g_assert_null (jj_application_record_get_last_error (record));
  g_assert_cmpint (jj_application_record_get_created_at (record), >, 0);
  g_assert_cmpint (jj_application_record_get_submitted_at (record), >=,
                   jj_application_record_get_created_at (record));

  /* The properties a GtkColumnView binds. */
  g_object_get (record, "id", &id, "state", &state, "receipt-number", &receipt,
                "masked-id-number", &masked, "submitted-at", &submitted_at, NULL);
  g_assert_cmpint (id, ==, s->application_id);
  g_assert_cmpstr (state, ==, "queued");
  g_assert_cmpstr (receipt, ==, s->receipt_number);
  g_assert_cmpstr (masked, ==, "1101**********0017");
  g_assert_cmpint (submitted_at, ==, jj_application_record_get_submitted_at (record));

  /* As typed: lower case, surrounding blanks. */
  g_clear_object (&record);
  record = jj_applications_lookup_number (fixture->store, typed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (jj_application_record_get_id (record), ==, s->application_id);
  g_clear_object (&record);
  typed_lower = g_ascii_strdown (typed, -1);
  record = jj_applications_lookup_number (fixture->store, typed_lower, &error);
  g_assert_no_error (error);
  g_assert_cmpint (jj_application_record_get_id (record), ==, s->application_id);

  /* The county's case number. */
  set_text (fixture, other->application_id,
            "UPDATE applications SET case_number = ?2 WHERE id = ?1", "HN2026-000123");
  g_clear_object (&record);
  record = jj_applications_lookup_number (fixture->store, "hn2026-000123", &error);
  g_assert_no_error (error);
  g_assert_cmpint (jj_application_record_get_id (record), ==, other->application_id);
  g_assert_cmpstr (jj_application_record_get_case_number (record), ==, "HN2026-000123");

  g_assert_null (jj_applications_lookup_number (fixture->store, "JJ01-20260302-9999", &error));
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (jj_applications_lookup_number (fixture->store, "JJ01-20260302", &error));
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (jj_applications_lookup_number (fixture->store, " ", &error));
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  again = jj_applications_lookup (fixture->store, s->application_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jj_application_record_get_receipt_number (again), ==, s->receipt_number);
  g_assert_null (jj_applications_lookup (fixture->store, 999999, &error));
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A draft has no number, no outbox entry and no submission time yet. */
  draft_id = save_draft (fixture, "CJ-0001", "周八", ZHOU_ID);
  draft = jj_applications_lookup (fixture->store, draft_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (jj_application_record_get_state (draft), ==, JJ_APPLICATION_DRAFT);
  g_assert_null (jj_application_record_get_receipt_number (draft));
  g_assert_null (jj_application_record_get_outbox_state (draft));
  g_assert_cmpint (jj_application_record_get_submitted_at (draft), ==, 0);
  g_assert_cmpstr (jj_application_record_get_masked_id_number (draft), ==, "4301**********026X");
}

/* What the engine writes when the county answers: the case number on delivery, then a status
 * with its reason. The record, its properties, the detail and the search all show them. */
static void
test_case_number (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(JjSubmission) s = submit (fixture, "XZ-0003", "王秀英", ZHANG_ID);
  g_autoptr(JjSubmission) other = submit (fixture, "XZ-0003", "李四", LI_ID);
  g_autoptr(JjApplicationRecord) record = NULL;
  g_autoptr(JjApplicationRecord) waiting = NULL;
  g_autoptr(JsonObject) detail = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *case_number = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *sql = NULL;

  /* Before the county answers, the provisional receipt number is the number. */
  waiting = jj_applications_lookup (fixture->store, s->application_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jj_application_record_get_number (waiting), ==, s->receipt_number);
  g_assert_null (jj_application_record_get_status_reason (waiting));
  g_assert_cmpint (jj_application_record_get_status_at (waiting), ==, 0);
  detail = jj_applications_dup_detail (fixture->store, s->application_id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_null_member (detail, "case_number"));
  g_assert_true (json_object_get_null_member (detail, "status_reason"));
  g_assert_true (json_object_get_null_member (detail, "status_at"));
  g_clear_pointer (&detail, json_object_unref);

  /* 1764409200 is 2025-11-29T09:40:00Z. */
  sql = g_strdup_printf ("UPDATE applications SET state = 'returned', case_number = 'JX2026-000123',"
                         "  status_reason = '户口簿复印件不清晰，请重新提交。', status_at = 1764409200"
                         " WHERE id = %" G_GINT64_FORMAT, s->application_id);
  exec_sql (fixture, sql);

  record = jj_applications_lookup (fixture->store, s->application_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (jj_application_record_get_state (record), ==, JJ_APPLICATION_RETURNED);
  g_assert_cmpstr (jj_application_record_get_number (record), ==, "JX2026-000123");
  g_assert_cmpstr (jj_application_record_get_receipt_number (record), ==, s->receipt_number);
  g_assert_cmpstr (jj_application_record_get_status_reason (record), ==,
                   "户口簿复印件不清晰，请重新提交。");
  g_assert_cmpint (jj_application_record_get_status_at (record), ==, 1764409200);
  g_object_get (record, "number", &number, "case-number", &case_number, "status-reason", &reason,
                NULL);
  g_assert_cmpstr (number, ==, "JX2026-000123");
  g_assert_cmpstr (case_number, ==, "JX2026-000123");
  g_assert_cmpstr (reason, ==, "户口簿复印件不清晰，请重新提交。");

  /* The detail keeps both numbers: the receipt can be reprinted with the provisional one. */
  detail = jj_applications_dup_detail (fixture->store, s->application_id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (detail, "case_number"), ==, "JX2026-000123");
  g_assert_cmpstr (json_object_get_string_member (detail, "receipt_number"), ==, s->receipt_number);
  g_assert_cmpstr (json_object_get_string_member (detail, "state"), ==, "returned");
  g_assert_cmpstr (json_object_get_string_member (detail, "status_reason"), ==,
                   "户口簿复印件不清晰，请重新提交。");
  g_assert_cmpstr (json_object_get_string_member (detail, "status_at"), ==, "2025-11-29T09:40:00Z");

  /* Part of the case number finds it, and only it; the other keeps its receipt number. */
  assert_ids (search_ids (fixture, "000123"), s->application_id);
  g_clear_object (&record);
  record = jj_applications_lookup (fixture->store, other->application_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jj_application_record_get_number (record), ==, other->receipt_number);
}

static char *
detail_text (JsonObject *detail)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, detail);
  return json_to_string (node, FALSE);
}

static void
test_detail (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *scan_path = g_build_filename (fixture->tmp_dir, "身份证.png", NULL);
  g_autoptr(JjAttachmentInfo) scan = NULL;
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(JsonObject) masked = NULL;
  g_autoptr(JsonObject) revealed = NULL;
  g_autoptr(JsonObject) draft_detail = NULL;
  g_autoptr(JjSubmission) submission = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *masked_text = NULL;
  g_autofree char *revealed_text = NULL;
  g_autofree char *draft_text = NULL;
  JsonObject *agent = json_object_new ();
  JsonObject *attachment = json_object_new ();
  JsonArray *attachments = json_array_new ();
  JsonObject *values, *outbox, *item;
  JsonArray *array;
  gint64 id, draft_id;

  g_file_set_contents (scan_path, (const char *) png_data, sizeof png_data, &error);
  g_assert_no_error (error);
  scan = jj_attachments_add_file (fixture->store, scan_path, NULL, &error);
  g_assert_no_error (error);

  id = jj_intake_create_draft (fixture->intake, "XZ-0003", NULL, &error);
  g_assert_no_error (error);
  draft = fill_draft (fixture, id, "张三", ZHANG_ID,
                      "{\"bank_account\": \"" BANK_ACCOUNT "\", \"spouse_id\": \"" LI_ID "\"}");
  /* 帮代办 by the son, whose number was typed with a small x. */
  json_object_set_string_member (agent, "kind", "agent");
  json_object_set_string_member (agent, "name", "王五");
  json_object_set_string_member (agent, "id_number", "32058219800515036x");
  json_object_set_string_member (agent, "relationship", "儿子");
  json_object_set_object_member (draft, "agent", agent);
  json_object_set_string_member (attachment, "sha256", scan->sha256);
  json_object_set_string_member (attachment, "filename", "身份证.png");
  json_object_set_int_member (attachment, "material", 0);
  json_array_add_object_element (attachments, attachment);
  json_object_set_array_member (draft, "attachments", attachments);
  submission = jj_intake_submit (fixture->intake, id, draft, fixture->today, &error);
  g_assert_no_error (error);

  masked = jj_applications_dup_detail (fixture->store, id, FALSE, &error);
  g_assert_no_error (error);
  masked_text = detail_text (masked);
  g_test_message ("masked: %s", masked_text);

  /* No full ID number anywhere: applicant, agent (either case), a form value. */
  g_assert_null (strstr (masked_text, ZHANG_ID));
  g_assert_null (strstr (masked_text, WANG_ID));
  g_assert_null (strstr (masked_text, "32058219800515036x"));
  g_assert_null (strstr (masked_text, LI_ID));
  g_assert_cmpstr (json_object_get_string_member (masked, "applicant_id_number"), ==,
                   "4301**********018X");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (masked, "applicant"),
                                                  "id_number"),
                   ==, "4301**********018X");
  agent = json_object_get_object_member (masked, "agent");
  g_assert_cmpstr (json_object_get_string_member (agent, "kind"), ==, "agent");
  g_assert_cmpstr (json_object_get_string_member (agent, "id_number"), ==, "3205**********036X");
  g_assert_cmpstr (json_object_get_string_member (agent, "relationship"), ==, "儿子");
  values = json_object_get_object_member (masked, "values");
  g_assert_cmpstr (json_object_get_string_member (values, "spouse_id"), ==, "1101**********0017");
  g_assert_cmpstr (json_object_get_string_member (values, "bank_account"), ==, BANK_ACCOUNT);

  /* The record's members. */
  g_assert_cmpint (json_object_get_int_member (masked, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (masked, "state"), ==, "queued");
  g_assert_cmpstr (json_object_get_string_member (masked, "title"), ==, "高龄津贴申请");
  g_assert_cmpstr (json_object_get_string_member (masked, "receipt_number"), ==,
                   submission->receipt_number);
  g_assert_cmpstr (json_object_get_string_member (masked, "promised_date"), ==,
                   submission->promised_date);
  g_assert_cmpstr (json_object_get_string_member (masked, "applicant_name"), ==, "张三");
  g_assert_cmpstr (json_object_get_string_member (masked, "agent_kind"), ==, "agent");
  g_assert_true (json_object_get_null_member (masked, "case_number"));
  g_assert_true (json_object_get_null_member (masked, "bundle"));
  g_assert_nonnull (json_object_get_string_member (masked, "submitted_at"));

  array = json_object_get_array_member (masked, "matters");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  item = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "code"), ==, "XZ-0003");
  g_assert_cmpstr (json_object_get_string_member (item, "name"), ==, "高龄津贴申请");

  /* The checklist as accepted: the ID card required and received, the household register
   * optional and not brought. */
  array = json_object_get_array_member (masked, "materials");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  item = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "matter"), ==, "XZ-0003");
  g_assert_cmpint (json_object_get_int_member (item, "index"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "name"), ==, "居民身份证");
  g_assert_cmpstr (json_object_get_string_member (item, "form"), ==, "original");
  g_assert_cmpint (json_object_get_int_member (item, "count"), ==, 1);
  g_assert_true (json_object_get_boolean_member (item, "required"));
  g_assert_cmpstr (json_object_get_string_member (item, "status"), ==, "received");
  item = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (item, "name"), ==, "户口簿");
  g_assert_false (json_object_get_boolean_member (item, "required"));
  g_assert_cmpstr (json_object_get_string_member (item, "status"), ==, "missing");

  array = json_object_get_array_member (masked, "attachments");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  item = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "sha256"), ==, scan->sha256);
  g_assert_cmpstr (json_object_get_string_member (item, "filename"), ==, "身份证.png");
  g_assert_cmpint (json_object_get_int_member (item, "size"), ==, sizeof png_data);
  g_assert_cmpstr (json_object_get_string_member (item, "mime_type"), ==, "image/png");
  g_assert_cmpint (json_object_get_int_member (item, "material"), ==, 0);

  outbox = json_object_get_object_member (masked, "outbox");
  g_assert_cmpstr (json_object_get_string_member (outbox, "uuid"), ==, submission->outbox_uuid);
  g_assert_cmpstr (json_object_get_string_member (outbox, "state"), ==, "pending");
  g_assert_cmpint (json_object_get_int_member (outbox, "attempts"), ==, 0);
  g_assert_true (json_object_get_null_member (outbox, "last_error"));

  /* Revealed: the full numbers, normalized (capital X). */
  revealed = jj_applications_dup_detail (fixture->store, id, TRUE, &error);
  g_assert_no_error (error);
  revealed_text = detail_text (revealed);
  g_assert_cmpstr (json_object_get_string_member (revealed, "applicant_id_number"), ==, ZHANG_ID);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (revealed, "agent"),
                                                  "id_number"),
                   ==, WANG_ID);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (revealed, "values"),
                                                  "spouse_id"),
                   ==, LI_ID);

  /* A draft: its checklist from the guide, no outbox entry, the number masked all the same. */
  draft_id = save_draft (fixture, "XZ-0001", "周八", ZHOU_ID);
  draft_detail = jj_applications_dup_detail (fixture->store, draft_id, FALSE, &error);
  g_assert_no_error (error);
  draft_text = detail_text (draft_detail);
  g_assert_null (strstr (draft_text, ZHOU_ID));
  g_assert_cmpstr (json_object_get_string_member (draft_detail, "state"), ==, "draft");
  g_assert_true (json_object_get_null_member (draft_detail, "outbox"));
  g_assert_true (json_object_get_null_member (draft_detail, "receipt_number"));
  array = json_object_get_array_member (draft_detail, "materials");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "name"),
                   ==, "居民身份证");
  array = json_object_get_array_member (draft_detail, "matters");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "name"),
                   ==, "城乡居民基本养老保险参保登记");

  g_assert_null (jj_applications_dup_detail (fixture->store, 999999, FALSE, &error));
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND);
}

/* Inserts @n queued applications with one prepared statement in one transaction, each with
 * its outbox entry, and their matters: XZ-0001, XZ-0002, XZ-0003, CJ-0001 in turn. The k-th
 * (from 0) is submitted at @base + k and has receipt number JJ01-20260101-<k>. */
static void
insert_bulk (Fixture *fixture,
             guint    n,
             gint64   base)
{
  sqlite3 *db = jj_store_get_db (fixture->store);
  sqlite3_stmt *application = NULL, *outbox = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO applications (state, title, applicant_name,"
                                       "  applicant_id_number, receipt_number, created_at,"
                                       "  updated_at, submitted_at)"
                                       " VALUES ('queued', '居住证明', ?1, ?2, ?3, ?4, ?4, ?4)",
                                       -1, &application, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO outbox (uuid, application_id, payload,"
                                       "  created_at) VALUES (?1, ?2, '{}', ?3)",
                                       -1, &outbox, NULL),
                   ==, SQLITE_OK);
  exec_sql (fixture, "BEGIN");
  for (guint k = 0; k < n; k++)
    {
      char name[32], id_number[32], receipt[32];
      g_autofree char *uuid = g_uuid_string_random ();

      g_snprintf (name, sizeof name, "居民%06u", k);
      g_snprintf (id_number, sizeof id_number, "11010119500101%04u", k % 10000);
      g_snprintf (receipt, sizeof receipt, "JJ01-20260101-%06u", k);
      sqlite3_bind_text (application, 1, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (application, 2, id_number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (application, 3, receipt, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (application, 4, base + k);
      g_assert_cmpint (sqlite3_step (application), ==, SQLITE_DONE);
      sqlite3_reset (application);

      sqlite3_bind_text (outbox, 1, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (outbox, 2, sqlite3_last_insert_rowid (db));
      sqlite3_bind_int64 (outbox, 3, base + k);
      g_assert_cmpint (sqlite3_step (outbox), ==, SQLITE_DONE);
      sqlite3_reset (outbox);
    }
  /* One statement: a row-by-row INSERT … SELECT makes glibc grow and trim the heap at every
   * step, which costs seconds in a virtual machine. */
  exec_sql (fixture,
            "INSERT INTO application_matters (application_id, position, matter_id)"
            " SELECT a.id, 0, m.id FROM applications a JOIN matters m"
            "   ON m.code = CASE a.id % 4 WHEN 1 THEN 'XZ-0001' WHEN 2 THEN 'XZ-0002'"
            "                             WHEN 3 THEN 'XZ-0003' ELSE 'CJ-0001' END");
  exec_sql (fixture, "COMMIT");
  sqlite3_finalize (application);
  sqlite3_finalize (outbox);
}

static GListModel *
timed_query (Fixture    *fixture,
             const char *what,
             int         state,
             const char *matter_code,
             const char *text)
{
  JjApplicationQuery query = { state, matter_code, 0, 0, text };
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(GError) error = NULL;
  GListModel *model = jj_applications_query (fixture->store, &query, &error);

  g_assert_no_error (error);
  g_test_message ("%s over %u applications: %u found in %.1f ms", what, BULK_ROWS,
                  g_list_model_get_n_items (model), g_timer_elapsed (timer, NULL) * 1000);
  return model;
}

static void
assert_bulk_item (GListModel *model,
                  guint       position)
{
  g_autoptr(JjApplicationRecord) record = g_list_model_get_item (model, position);
  g_autofree char *receipt = g_strdup_printf ("JJ01-20260101-%06u", BULK_ROWS - 1 - position);

  g_assert_nonnull (record);
  g_assert_cmpstr (jj_application_record_get_receipt_number (record), ==, receipt);
  g_assert_cmpstr (jj_application_record_get_outbox_state (record), ==, "pending");
}

static void
test_lazy_list (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) named = NULL;
  g_autoptr(GListModel) suffix = NULL;
  g_autoptr(GListModel) drafts = NULL;
  g_autoptr(GListModel) of_matter = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  JjApplicationList *list;

  insert_bulk (fixture, BULK_ROWS, 1772409600);
  g_test_message ("inserted %u applications in %.1f ms", BULK_ROWS,
                  g_timer_elapsed (timer, NULL) * 1000);

  all = timed_query (fixture, "newest first", -1, NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, BULK_ROWS);
  g_assert_true (JJ_IS_APPLICATION_LIST (all));
  list = JJ_APPLICATION_LIST (all);

  /* Listing reads no row; each row is read when asked for, once. */
  g_assert_cmpuint (jj_application_list_get_n_loaded (list), ==, 0);
  g_timer_start (timer);
  assert_bulk_item (all, 0);
  assert_bulk_item (all, BULK_ROWS / 2);
  assert_bulk_item (all, BULK_ROWS - 1);
  g_test_message ("3 rows read in %.2f ms", g_timer_elapsed (timer, NULL) * 1000);
  g_assert_cmpuint (jj_application_list_get_n_loaded (list), ==, 3);
  assert_bulk_item (all, BULK_ROWS / 2);
  g_assert_cmpuint (jj_application_list_get_n_loaded (list), ==, 3);
  g_assert_null (g_list_model_get_item (all, BULK_ROWS));

  named = timed_query (fixture, "name search", -1, NULL, "居民09999");
  g_assert_cmpuint (g_list_model_get_n_items (named), ==, 10);
  suffix = timed_query (fixture, "ID suffix search", -1, NULL, "0101" "0042");
  g_assert_cmpuint (g_list_model_get_n_items (suffix), ==, BULK_ROWS / 10000);
  drafts = timed_query (fixture, "state filter", JJ_APPLICATION_DRAFT, NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (drafts), ==, 0);
  of_matter = timed_query (fixture, "matter filter", -1, "XZ-0003", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (of_matter), ==, BULK_ROWS / 4);
}

/* An application resubmitted after a correction has two outbox entries: it is still one row
 * everywhere — the list, a search, a lookup, the detail — showing its latest entry. */
static void
test_revisions_listed_once (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(JjSubmission) s = submit (fixture, "XZ-0003", "李四", LI_ID);
  g_autoptr(JjSubmission) other = submit (fixture, "XZ-0001", "张三", ZHANG_ID);
  g_autoptr(JjSubmission) corrected = NULL;
  g_autoptr(JjApplicationRecord) record = NULL;
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(JsonObject) detail = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *outbox;

  g_assert_true (jj_outbox_send_back (fixture->store, s->outbox_uuid, "缺少银行卡复印件", &error));
  g_assert_true (jj_intake_reopen (fixture->intake, s->application_id, &error));
  g_assert_no_error (error);
  draft = jj_intake_load_draft (fixture->intake, s->application_id, &error);
  g_assert_no_error (error);
  corrected = jj_intake_submit (fixture->intake, s->application_id, draft, fixture->today, &error);
  g_assert_no_error (error);
  /* The resubmission may fall in a later second than the other submission (a slow run, under
   * the sanitizers): fixed times keep the order this test expects. */
  set_times (fixture, s->application_id, 1772409600, 1772409600 + 100);
  set_times (fixture, other->application_id, 1772409600 + 1000, 1772409600 + 1100);

  assert_ids (query_ids (fixture, -1, NULL, 0, 0, NULL), other->application_id,
              s->application_id);
  assert_ids (query_ids (fixture, JJ_APPLICATION_QUEUED, "XZ-0003", 0, 0, NULL),
              s->application_id);
  assert_ids (search_ids (fixture, s->receipt_number), s->application_id);

  record = jj_applications_lookup_number (fixture->store, s->receipt_number, &error);
  g_assert_no_error (error);
  g_assert_cmpint (jj_application_record_get_revision (record), ==, 2);
  g_assert_cmpstr (jj_application_record_get_outbox_state (record), ==, "pending");
  g_assert_null (jj_application_record_get_status_reason (record));
  g_clear_object (&record);
  record = jj_applications_lookup (fixture->store, other->application_id, &error);
  g_assert_cmpint (jj_application_record_get_revision (record), ==, 1);

  detail = jj_applications_dup_detail (fixture->store, s->application_id, FALSE, &error);
  g_assert_no_error (error);
  outbox = json_object_get_object_member (detail, "outbox");
  g_assert_cmpstr (json_object_get_string_member (outbox, "uuid"), ==, corrected->outbox_uuid);
  g_assert_cmpint (json_object_get_int_member (outbox, "revision"), ==, 2);
}

/* --- every filter combination against a plain filtering of the same rows -------------- */

#define MIXED_ROWS 240

/* One row of the mixed table, as written, for the plain filtering in C. */
typedef struct
{
  gint64              id;
  JjApplicationState  state;
  const char         *matter;       /* in application_matters, or only in a draft's document */
  gint64              created_at;
  gint64              submitted_at; /* 0: NULL */
  char               *name;
  char               *id_number;
  char               *receipt;      /* NULL for a draft */
  char               *case_number;  /* NULL until the county gave one */
} MixedRow;

static const char * const mixed_matters[] = { "XZ-0001", "XZ-0002", "XZ-0003", "CJ-0001" };
static const char * const mixed_names[] = { "张三", "张三丰", "李四", "王_5%", "赵六" };

static void
mixed_row_clear (MixedRow *row)
{
  g_free (row->name);
  g_free (row->id_number);
  g_free (row->receipt);
  g_free (row->case_number);
}

/* Rows of every state, matter and time, ties in the list order included. A submitted row's
 * matter is in application_matters and its document names another one (which must not match);
 * a draft's is only in its document, some of which are not JSON. Every third submitted row has
 * a second outbox entry (a corrected revision). */
static void
insert_mixed (Fixture  *fixture,
              MixedRow  rows[MIXED_ROWS])
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);
  sqlite3 *db = jj_store_get_db (fixture->store);
  sqlite3_stmt *application = NULL, *matter = NULL, *outbox = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO applications (state, title, draft,"
                                       "  applicant_name, applicant_id_number, receipt_number,"
                                       "  case_number, created_at, updated_at, submitted_at)"
                                       " VALUES (?1, '居住证明', ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
                                       -1, &application, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO application_matters (application_id,"
                                       "  position, matter_id)"
                                       " SELECT ?1, 0, id FROM matters WHERE code = ?2",
                                       -1, &matter, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO outbox (uuid, application_id, payload,"
                                       "  created_at, revision) VALUES (?1, ?2, '{}', 0, ?3)",
                                       -1, &outbox, NULL),
                   ==, SQLITE_OK);
  exec_sql (fixture, "BEGIN");
  for (guint k = 0; k < MIXED_ROWS; k++)
    {
      MixedRow *row = &rows[k];
      const char *other = mixed_matters[(k + 1) % G_N_ELEMENTS (mixed_matters)];
      g_autofree char *draft = NULL;

      row->state = g_rand_int_range (rand, JJ_APPLICATION_DRAFT, JJ_APPLICATION_REJECTED + 1);
      row->matter = mixed_matters[g_rand_int_range (rand, 0, G_N_ELEMENTS (mixed_matters))];
      /* coarse times, so that rows tie and the id decides */
      row->created_at = 1772409600 + g_rand_int_range (rand, 0, 40) * 1000;
      row->submitted_at = row->state == JJ_APPLICATION_DRAFT
                            ? 0 : row->created_at + g_rand_int_range (rand, 0, 3) * 500;
      row->name = g_strdup (mixed_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (mixed_names))]);
      row->id_number = g_strdup_printf ("4301021945120%04u%s", g_rand_int_range (rand, 0, 30),
                                        k % 7 == 0 ? "X" : "");
      if (row->state != JJ_APPLICATION_DRAFT)
        row->receipt = g_strdup_printf ("JJ01-202603%02u-%04u", k % 3 + 1, k);
      if (row->state >= JJ_APPLICATION_ACCEPTED && k % 2 == 0)
        row->case_number = g_strdup_printf ("HN2026-%06u", k % 40);
      if (row->state == JJ_APPLICATION_DRAFT && k % 5 == 0)
        draft = g_strdup ("{\"matters\": [\"");
      else
        draft = g_strdup_printf ("{\"matters\": [\"%s\"]}",
                                 row->state == JJ_APPLICATION_DRAFT ? row->matter : other);

      sqlite3_bind_text (application, 1, jj_application_state_to_string (row->state), -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (application, 2, draft, -1, SQLITE_STATIC);
      sqlite3_bind_text (application, 3, row->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (application, 4, row->id_number, -1, SQLITE_STATIC);
      sqlite3_bind_text (application, 5, row->receipt, -1, SQLITE_STATIC);
      sqlite3_bind_text (application, 6, row->case_number, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (application, 7, row->created_at);
      if (row->submitted_at != 0)
        sqlite3_bind_int64 (application, 8, row->submitted_at);
      g_assert_cmpint (sqlite3_step (application), ==, SQLITE_DONE);
      sqlite3_reset (application);
      sqlite3_clear_bindings (application);
      row->id = sqlite3_last_insert_rowid (db);
      if (row->state == JJ_APPLICATION_DRAFT)
        continue;

      sqlite3_bind_int64 (matter, 1, row->id);
      sqlite3_bind_text (matter, 2, row->matter, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (matter), ==, SQLITE_DONE);
      g_assert_cmpint (sqlite3_changes (db), ==, 1);
      sqlite3_reset (matter);
      for (int revision = 1; revision <= (k % 3 == 0 ? 2 : 1); revision++)
        {
          g_autofree char *uuid = g_uuid_string_random ();

          sqlite3_bind_text (outbox, 1, uuid, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (outbox, 2, row->id);
          sqlite3_bind_int (outbox, 3, revision);
          g_assert_cmpint (sqlite3_step (outbox), ==, SQLITE_DONE);
          sqlite3_reset (outbox);
        }
    }
  exec_sql (fixture, "COMMIT");
  sqlite3_finalize (application);
  sqlite3_finalize (matter);
  sqlite3_finalize (outbox);
}

static gboolean
contains_ascii_nocase (const char *haystack,
                       const char *needle)
{
  g_autofree char *upper_haystack = NULL;
  g_autofree char *upper_needle = NULL;

  if (haystack == NULL)
    return FALSE;
  upper_haystack = g_ascii_strup (haystack, -1);
  upper_needle = g_ascii_strup (needle, -1);
  return strstr (upper_haystack, upper_needle) != NULL;
}

/* Whether @text, as the list searches it, finds @row: part of the name, part of the receipt or
 * case number in either case, or, from four characters of 0-9 and X, the end of the ID number. */
static gboolean
mixed_text_matches (const MixedRow *row,
                    const char     *text)
{
  gboolean id_suffix = strlen (text) >= 4 && strspn (text, "0123456789xX") == strlen (text);
  g_autofree char *upper_id = g_ascii_strup (row->id_number, -1);
  g_autofree char *upper_text = g_ascii_strup (text, -1);

  return strstr (row->name, text) != NULL || contains_ascii_nocase (row->receipt, text) ||
         contains_ascii_nocase (row->case_number, text) ||
         (id_suffix && g_str_has_suffix (upper_id, upper_text));
}

static gint64
mixed_recency (const MixedRow *row)
{
  return row->submitted_at != 0 ? row->submitted_at : row->created_at;
}

static int
mixed_row_compare (gconstpointer a,
                   gconstpointer b)
{
  const MixedRow *x = *(const MixedRow * const *) a, *y = *(const MixedRow * const *) b;

  if (mixed_recency (x) != mixed_recency (y))
    return mixed_recency (x) > mixed_recency (y) ? -1 : 1;
  return x->id > y->id ? -1 : x->id < y->id;
}

/* The ids of the rows answering @query, newest first, found by looking at every row. */
static char *
mixed_expected (MixedRow                  rows[MIXED_ROWS],
                const JjApplicationQuery *query)
{
  g_autofree char *text = g_strstrip (g_strdup (query->text != NULL ? query->text : ""));
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  GString *out = g_string_new (NULL);

  for (guint k = 0; k < MIXED_ROWS; k++)
    {
      MixedRow *row = &rows[k];

      if ((query->state >= 0 && row->state != (JjApplicationState) query->state) ||
          (query->matter_code != NULL && query->matter_code[0] != '\0' &&
           (!g_str_equal (row->matter, query->matter_code) ||
            (row->state == JJ_APPLICATION_DRAFT && k % 5 == 0))) ||
          (query->since != 0 && row->created_at < query->since) ||
          (query->until != 0 && row->created_at >= query->until) ||
          (text[0] != '\0' && !mixed_text_matches (row, text)))
        continue;
      g_ptr_array_add (found, row);
    }
  g_ptr_array_sort (found, mixed_row_compare);
  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            ((MixedRow *) found->pdata[i])->id);
  return g_string_free (out, FALSE);
}

/* The statement is made of the filters that are set: each filter alone and with every other
 * one, in every value, must find what looking at each row finds, in the same order. */
static void
test_every_combination (Fixture       *fixture,
                        gconstpointer  user_data)
{
  static const int states[] = { -1, JJ_APPLICATION_DRAFT, JJ_APPLICATION_QUEUED,
                                JJ_APPLICATION_ACCEPTED, JJ_APPLICATION_REJECTED };
  static const char * const matters[] = { NULL, "", "XZ-0002", "CJ-0001", "XZ-9999" };
  static const gint64 sinces[] = { 0, 1772409600 + 12000 };
  static const gint64 untils[] = { 0, 1772409600 + 30000 };
  static const char * const texts[] = {
    NULL, " ", "张三", "_5%", "20260302", "jj01-20260301-00", "hn2026-00001", "0012",
    "0012x", "12X", "0", "%", "王_5%",
  };
  MixedRow rows[MIXED_ROWS] = { { 0 } };
  guint queries = 0, nonempty = 0;

  insert_mixed (fixture, rows);

  for (guint s = 0; s < G_N_ELEMENTS (states); s++)
    for (guint m = 0; m < G_N_ELEMENTS (matters); m++)
      for (guint a = 0; a < G_N_ELEMENTS (sinces); a++)
        for (guint b = 0; b < G_N_ELEMENTS (untils); b++)
          for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
            {
              JjApplicationQuery query = { states[s], matters[m], sinces[a], untils[b], texts[t] };
              g_autofree char *expected = mixed_expected (rows, &query);
              g_autofree char *actual = query_ids (fixture, query.state, query.matter_code,
                                                   query.since, query.until, query.text);

              if (g_strcmp0 (actual, expected) != 0)
                g_test_message ("state %d, matter %s, since %" G_GINT64_FORMAT ", until %"
                                G_GINT64_FORMAT ", text “%s”", query.state, query.matter_code,
                                query.since, query.until, query.text);
              g_assert_cmpstr (actual, ==, expected);
              queries++;
              nonempty += expected[0] != '\0';
            }
  g_test_message ("%u queries, %u of them finding something", queries, nonempty);
  /* the values were chosen to find something, alone and together */
  g_assert_cmpuint (nonempty, >, queries / 3);

  for (guint k = 0; k < MIXED_ROWS; k++)
    mixed_row_clear (&rows[k]);
}

/* No filter reads every row of the table: each searches an index, or scans the covering one in
 * list order (an open-ended date range may be most of the rows). */
static void
test_plans_use_indexes (Fixture       *fixture,
                        gconstpointer  user_data)
{
  const struct
  {
    JjApplicationQuery  query;
    const char         *index;
  } cases[] = {
    { { JJ_APPLICATION_ACCEPTED }, "applications_by_state" },
    { { -1, "XZ-0001" }, "application_matters_by_matter" },
    { { -1, NULL, 1772409600 }, NULL },
    { { -1, NULL, 0, 1772409600 }, NULL },
    { { -1, NULL, 1772409600, 1772409600 + 86400 }, "applications_by_created" },
    { { -1, .text = "张三" }, "COVERING INDEX applications_by_text" },
    { { -1, .text = "0012" }, "COVERING INDEX applications_by_text" },
    { { -1 }, "COVERING INDEX applications_by_text" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *sql = jj_applications_query_sql (&cases[i].query);
      g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
      g_autoptr(GString) plan = g_string_new (NULL);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (jj_store_get_db (fixture->store), explain, -1, &stmt,
                                           NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_string_append_printf (plan, "%s; ", (const char *) sqlite3_column_text (stmt, 3));
      sqlite3_finalize (stmt);
      g_test_message ("%s\n  %s", sql, plan->str);
      if (cases[i].index != NULL)
        g_assert_nonnull (strstr (plan->str, cases[i].index));
      g_assert_null (strstr (plan->str, "SCAN a; "));
      g_assert_null (strstr (plan->str, "SCAN a USING INDEX"));
      /* the values are bound, never pasted in */
      g_assert_null (strstr (sql, "XZ-0001"));
      g_assert_null (strstr (sql, "张三"));
      g_assert_null (strstr (sql, "1772409600"));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/applications/query/filters-by-state-matter-and-date", test_filters);
  ADD ("/applications/query/search-by-name-receipt-and-id-suffix", test_search);
  ADD ("/applications/query/hostile-text-is-safe", test_hostile_text);
  ADD ("/applications/query/every-filter-combination-as-plain-filtering", test_every_combination);
  ADD ("/applications/query/plans-use-indexes", test_plans_use_indexes);
  ADD ("/applications/lookup/by-receipt-number", test_lookup);
  ADD ("/applications/revisions/listed-once-with-the-latest-entry", test_revisions_listed_once);
  ADD ("/applications/detail/masks-id-unless-revealed", test_detail);
  ADD ("/applications/case-number/replaces-the-receipt-number-once-given", test_case_number);
  ADD ("/applications/list/lazy-with-100000-rows", test_lazy_list);
#undef ADD

  return g_test_run ();
}
