/* test-form.c — application forms from matters' schemas: parsing, checks, bundles
 *
 * Matters come from a real import of tests/data/form-catalog.json (and of the bundled
 * catalogue, when JIUJIN_CATALOG names it) into a database in a fresh temporary folder, so the
 * form JSON is exactly what the store hands back. XZ-0101 asks one field of every type; the
 * bundle YJS-101 (XZ-0102, XZ-0103, XZ-0104) shares fields between its matters.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "jj-catalog.h"
#include "jj-form.h"
#include "jj-matter-private.h"
#include "jj-test-util.h"
#include "jj-validate.h"

#define VALID_ID_NUMBER     "11010519491231002X"
#define VALID_ID_NUMBER_LC  "11010519491231002x"
#define WRONG_ID_NUMBER     "110105194912310021"
#define VALID_USCC          "91350100M000100Y43"

typedef struct
{
  char      *tmp_dir;
  JjStore   *store;
  JjCatalog *catalog;
  GDate     *today;
} Fixture;

static void
import (Fixture    *fixture,
        const char *path)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (jj_catalog_import_file (fixture->catalog, path, FALSE, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *path = NULL;

  fixture->tmp_dir = jj_test_make_tmp_dir ("jiujin-test-form-XXXXXX");
  data_dir = g_build_filename (fixture->tmp_dir, "data", NULL);
  fixture->store = jj_store_open (data_dir, &error);
  g_assert_no_error (error);
  fixture->catalog = jj_catalog_new (fixture->store);
  fixture->today = g_date_new_dmy (15, G_DATE_JUNE, 2026);

  path = g_test_build_filename (G_TEST_DIST, "data", "form-catalog.json", NULL);
  import (fixture, path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->catalog);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->today, g_date_free);
  g_assert_true (jj_test_remove_tree (fixture->tmp_dir));
  g_free (fixture->tmp_dir);
}

static JjMatter *
lookup (Fixture    *fixture,
        const char *code)
{
  g_autoptr(GError) error = NULL;
  JjMatter *matter = jj_catalog_lookup (fixture->catalog, code, &error);

  g_assert_no_error (error);
  g_assert_nonnull (matter);
  return matter;
}

static JjForm *
form_for (Fixture    *fixture,
          const char *code)
{
  g_autoptr(JjMatter) matter = lookup (fixture, code);
  g_autoptr(GError) error = NULL;
  JjForm *form = jj_form_new_for_matter (matter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (form);
  return form;
}

/* The merged form of the matters with the given codes (NULL-terminated). */
static JjForm *
merged_form (Fixture    *fixture,
             const char *first_code,
             ...)
{
  g_autoptr(GPtrArray) matters = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  JjForm *form;
  va_list args;

  va_start (args, first_code);
  for (const char *code = first_code; code != NULL; code = va_arg (args, const char *))
    g_ptr_array_add (matters, lookup (fixture, code));
  va_end (args);

  form = jj_form_new_merged (matters, &error);
  g_assert_no_error (error);
  g_assert_nonnull (form);
  return form;
}

static const JjFormField *
field_of (JjForm     *form,
          const char *id)
{
  const JjFormField *field = jj_form_lookup_field (form, id);

  g_assert_nonnull (field);
  g_assert_cmpstr (field->id, ==, id);
  return field;
}

/* The field ids of @form joined with spaces, to compare whole forms in one assertion. */
static char *
join_ids (JjForm *form)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < jj_form_get_n_fields (form); i++)
    {
      if (i > 0)
        g_string_append_c (ids, ' ');
      g_string_append (ids, jj_form_get_field (form, i)->id);
    }
  return g_string_free (ids, FALSE);
}

static char *
join_codes (const JjFormField *field)
{
  return g_strjoinv (" ", field->matter_codes);
}

static JsonNode *
parse_value (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if (json == NULL)
    return NULL;
  node = json_from_string (json, &error);
  g_assert_no_error (error);
  return node;
}

/* Checks that @value_json (NULL: not filled in) is accepted and stored as @normalized_json
 * (NULL: nothing stored). */
static void
assert_accepts (Fixture           *fixture,
                const JjFormField *field,
                const char        *value_json,
                const char        *normalized_json)
{
  g_autoptr(JsonNode) value = parse_value (value_json);
  g_autoptr(JsonNode) normalized = NULL;
  g_autoptr(GError) error = NULL;

  g_test_message ("%s ← %s", field->id, value_json != NULL ? value_json : "(nothing)");
  g_assert_true (jj_form_check_value (field, value, fixture->today, &normalized, &error));
  g_assert_no_error (error);
  if (normalized_json == NULL)
    g_assert_null (normalized);
  else
    {
      g_autofree char *got = NULL;

      g_assert_nonnull (normalized);
      got = json_to_string (normalized, FALSE);
      g_assert_cmpstr (got, ==, normalized_json);
    }

  /* @normalized is optional. */
  g_assert_true (jj_form_check_value (field, value, fixture->today, NULL, NULL));
}

static void
assert_rejects (Fixture           *fixture,
                const JjFormField *field,
                const char        *value_json,
                JjValidateError    code,
                const char        *in_message)
{
  g_autoptr(JsonNode) value = parse_value (value_json);
  g_autoptr(JsonNode) normalized = NULL;
  g_autoptr(GError) error = NULL;

  g_test_message ("%s ← %s", field->id, value_json != NULL ? value_json : "(nothing)");
  g_assert_false (jj_form_check_value (field, value, fixture->today, &normalized, &error));
  g_assert_error (error, JJ_VALIDATE_ERROR, (int) code);
  g_test_message ("→ %s", error->message);
  g_assert_cmpstr (error->message, !=, "");
  if (in_message != NULL)
    g_assert_nonnull (strstr (error->message, in_message));
  g_assert_null (normalized);
}

static void
test_field_type_names (void)
{
  static const char * const names[] = { "text", "multiline", "number", "date", "choice",
                                        "multichoice", "boolean", "id_number", "phone",
                                        "address", "uscc" };
  JjFieldType type;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (jj_field_type_from_string (names[i], &type));
      g_assert_cmpstr (jj_field_type_to_string (type), ==, names[i]);
    }
  g_assert_false (jj_field_type_from_string ("Text", &type));
  g_assert_false (jj_field_type_from_string ("", &type));
  g_assert_false (jj_field_type_from_string (NULL, &type));
}

static void
assert_no_bounds (const JjFormField *field)
{
  g_assert_false (field->has_min);
  g_assert_false (field->has_max);
  g_assert_cmpint (field->min_length, ==, -1);
  g_assert_cmpint (field->max_length, ==, -1);
  g_assert_null (field->pattern);
}

static void
test_parse_every_type (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(JjForm) form = form_for (fixture, "XZ-0101");
  g_autofree char *ids = join_ids (form);
  const JjFormField *field;

  g_assert_cmpstr (ids, ==,
                   "applicant_name notes household_size land_area death_date relation subsidies "
                   "has_other_pension spouse_id_number contact_phone home_address employer_uscc "
                   "bank_account disability_grade plate_number");
  g_assert_cmpuint (jj_form_get_n_fields (form), ==, 15);
  g_assert_null (jj_form_lookup_field (form, "no_such_field"));

  for (guint i = 0; i < jj_form_get_n_fields (form); i++)
    {
      field = jj_form_get_field (form, i);
      g_assert_true (field == jj_form_lookup_field (form, field->id));
      g_assert_cmpuint (g_strv_length (field->matter_codes), ==, 1);
      g_assert_cmpstr (field->matter_codes[0], ==, "XZ-0101");
    }

  field = field_of (form, "applicant_name");
  g_assert_cmpstr (field->label, ==, "姓名");
  g_assert_cmpint (field->type, ==, JJ_FIELD_TEXT);
  g_assert_true (field->required);
  g_assert_null (field->help);
  g_assert_null (field->options);
  g_assert_cmpint (field->min_length, ==, 2);
  g_assert_cmpint (field->max_length, ==, 10);
  g_assert_false (field->has_min);
  g_assert_false (field->has_max);
  g_assert_null (field->pattern);
  g_assert_cmpstr (field->message, ==, "请按身份证填写姓名（2至10个字）。");

  field = field_of (form, "notes");
  g_assert_cmpint (field->type, ==, JJ_FIELD_MULTILINE);
  g_assert_false (field->required);
  g_assert_cmpstr (field->help, ==, "可不填");
  g_assert_cmpint (field->min_length, ==, -1);
  g_assert_cmpint (field->max_length, ==, 20);
  g_assert_null (field->message);

  field = field_of (form, "household_size");
  g_assert_cmpint (field->type, ==, JJ_FIELD_NUMBER);
  g_assert_true (field->has_min);
  g_assert_true (field->has_max);
  g_assert_cmpfloat (field->min, ==, 1);
  g_assert_cmpfloat (field->max, ==, 20);
  g_assert_cmpstr (field->message, ==, "家庭人口数应在1至20之间。");

  field = field_of (form, "land_area");
  g_assert_true (field->has_min);
  g_assert_false (field->has_max);
  g_assert_cmpfloat (field->min, ==, 0.01);

  field = field_of (form, "death_date");
  g_assert_cmpint (field->type, ==, JJ_FIELD_DATE);
  assert_no_bounds (field);

  field = field_of (form, "relation");
  g_assert_cmpint (field->type, ==, JJ_FIELD_CHOICE);
  g_assert_nonnull (field->options);
  g_assert_cmpuint (g_strv_length (field->options), ==, 3);
  g_assert_cmpstr (field->options[0], ==, "配偶");
  g_assert_cmpstr (field->options[2], ==, "父母");

  field = field_of (form, "subsidies");
  g_assert_cmpint (field->type, ==, JJ_FIELD_MULTICHOICE);
  g_assert_false (field->required);
  g_assert_cmpuint (g_strv_length (field->options), ==, 3);

  field = field_of (form, "has_other_pension");
  g_assert_cmpint (field->type, ==, JJ_FIELD_BOOLEAN);
  g_assert_true (field->required);
  g_assert_cmpstr (field->help, ==, "已领取的不能申领。");
  g_assert_null (field->options);

  field = field_of (form, "spouse_id_number");
  g_assert_cmpint (field->type, ==, JJ_FIELD_ID_NUMBER);
  assert_no_bounds (field);
  g_assert_cmpstr (field->message, ==, "配偶身份证号码校验未通过。");

  g_assert_cmpint (field_of (form, "contact_phone")->type, ==, JJ_FIELD_PHONE);
  g_assert_cmpint (field_of (form, "home_address")->type, ==, JJ_FIELD_ADDRESS);
  g_assert_cmpint (field_of (form, "home_address")->min_length, ==, 4);
  g_assert_cmpint (field_of (form, "employer_uscc")->type, ==, JJ_FIELD_USCC);

  field = field_of (form, "bank_account");
  g_assert_cmpstr (field->pattern, ==, "[0-9]{12,19}");
  g_assert_cmpstr (field->message, ==, "银行账号应为12至19位数字。");
}

static void
test_parse_empty_form (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(JjForm) form = form_for (fixture, "XZ-0105");

  g_assert_cmpuint (jj_form_get_n_fields (form), ==, 0);
  g_assert_null (jj_form_lookup_field (form, "bank_account"));
}

static void
test_parse_damaged_schema (void)
{
  static const char * const damaged[] = {
    "",
    "not json",
    "[]",
    "{}",
    "{\"fields\": 3}",
    "{\"fields\": [3]}",
    "{\"fields\": [{\"label\": \"姓名\", \"type\": \"text\", \"required\": true}]}",
    "{\"fields\": [{\"id\": \"Name\", \"label\": \"姓名\", \"type\": \"text\", \"required\": true}]}",
    "{\"fields\": [{\"id\": \"name\", \"type\": \"text\", \"required\": true}]}",
    "{\"fields\": [{\"id\": \"name\", \"label\": \"姓名\", \"type\": \"texts\", \"required\": true}]}",
    "{\"fields\": [{\"id\": \"name\", \"label\": \"姓名\", \"type\": \"text\"}]}",
    "{\"fields\": [{\"id\": \"name\", \"label\": \"姓名\", \"type\": \"text\", \"required\": 1}]}",
    "{\"fields\": [{\"id\": \"kind\", \"label\": \"类别\", \"type\": \"choice\", \"required\": true}]}",
    "{\"fields\": [{\"id\": \"kind\", \"label\": \"类别\", \"type\": \"choice\", \"required\": true,"
    " \"options\": [\"一类\"]}]}",
    "{\"fields\": [{\"id\": \"kind\", \"label\": \"类别\", \"type\": \"multichoice\", \"required\": true,"
    " \"options\": [\"一类\", 2]}]}",
    "{\"fields\": [{\"id\": \"size\", \"label\": \"人数\", \"type\": \"number\", \"required\": true,"
    " \"validation\": {\"min\": \"1\"}}]}",
    "{\"fields\": [{\"id\": \"name\", \"label\": \"姓名\", \"type\": \"text\", \"required\": true,"
    " \"validation\": {\"max_length\": 2.5}}]}",
    "{\"fields\": [{\"id\": \"name\", \"label\": \"姓名\", \"type\": \"text\", \"required\": true,"
    " \"validation\": {\"min_length\": -1}}]}",
    "{\"fields\": [{\"id\": \"name\", \"label\": \"姓名\", \"type\": \"text\", \"required\": true,"
    " \"validation\": {\"pattern\": \"[0-9\"}}]}",
    "{\"fields\": [{\"id\": \"name\", \"label\": \"姓名\", \"type\": \"text\", \"required\": true,"
    " \"validation\": {\"message\": 3}}]}",
    "{\"fields\": [{\"id\": \"name\", \"label\": \"姓名\", \"type\": \"text\", \"required\": true,"
    " \"validation\": []}]}",
    "{\"fields\": [{\"id\": \"name\", \"label\": \"姓名\", \"type\": \"text\", \"required\": true},"
    " {\"id\": \"name\", \"label\": \"姓名\", \"type\": \"text\", \"required\": false}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      JjMatterData data = { .code = g_strdup ("XZ-9999"), .form_json = g_strdup (damaged[i]) };
      g_autoptr(JjMatter) matter = jj_matter_new (&data);
      g_autoptr(GPtrArray) matters = g_ptr_array_new ();
      g_autoptr(JjForm) form = NULL;
      g_autoptr(JjForm) merged = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("form %s", damaged[i]);
      form = jj_form_new_for_matter (matter, &error);
      g_assert_null (form);
      g_assert_error (error, JJ_CATALOG_ERROR, JJ_CATALOG_ERROR_INVALID);
      g_test_message ("→ %s", error->message);
      g_assert_nonnull (strstr (error->message, "XZ-9999"));
      g_clear_error (&error);

      g_ptr_array_add (matters, matter);
      merged = jj_form_new_merged (matters, &error);
      g_assert_null (merged);
      g_assert_error (error, JJ_CATALOG_ERROR, JJ_CATALOG_ERROR_INVALID);
    }
}

static void
test_check_text (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(JjForm) form = form_for (fixture, "XZ-0101");
  const JjFormField *name = field_of (form, "applicant_name");
  const JjFormField *notes = field_of (form, "notes");

  assert_accepts (fixture, name, "\"张三\"", "\"张三\"");
  /* Trimmed, the ideographic space of Chinese input methods included. */
  assert_accepts (fixture, name, "\"\u3000 张三丰\\t\"", "\"张三丰\"");
  /* Lengths count characters, not bytes: ten Chinese characters are ten. */
  assert_accepts (fixture, name, "\"一二三四五六七八九十\"", "\"一二三四五六七八九十\"");
  assert_rejects (fixture, name, "\"一二三四五六七八九十一\"", JJ_VALIDATE_ERROR_RANGE,
                  "请按身份证填写姓名（2至10个字）。");
  assert_rejects (fixture, name, "\"张\"", JJ_VALIDATE_ERROR_RANGE, "请按身份证填写姓名");
  assert_rejects (fixture, name, NULL, JJ_VALIDATE_ERROR_REQUIRED, NULL);
  assert_rejects (fixture, name, "null", JJ_VALIDATE_ERROR_REQUIRED, NULL);
  assert_rejects (fixture, name, "\"\"", JJ_VALIDATE_ERROR_REQUIRED, NULL);
  assert_rejects (fixture, name, "\"  \u3000\"", JJ_VALIDATE_ERROR_REQUIRED, NULL);
  assert_rejects (fixture, name, "12", JJ_VALIDATE_ERROR_FORMAT, NULL);
  assert_rejects (fixture, name, "[\"张三\"]", JJ_VALIDATE_ERROR_FORMAT, NULL);

  /* Without a catalogue message the clerk is told the bound. */
  assert_accepts (fixture, notes, "\"第一行\\n第二行\"", "\"第一行\\n第二行\"");
  assert_accepts (fixture, notes, "\"\\n \"", NULL);
  assert_accepts (fixture, notes, NULL, NULL);
  assert_accepts (fixture, notes, "null", NULL);
  assert_rejects (fixture, notes, "\"一二三四五六七八九十一二三四五六七八九十一\"", JJ_VALIDATE_ERROR_RANGE,
                  "at most 20 characters");
}

static void
test_check_number (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(JjForm) form = form_for (fixture, "XZ-0101");
  const JjFormField *size = field_of (form, "household_size");
  const JjFormField *area = field_of (form, "land_area");
  static const char * const not_numbers[] = {
    "\"abc\"", "\"1e1\"", "\"inf\"", "\"nan\"", "\"0x10\"", "\"1.2.3\"", "\"1,5\"", "\"3人\"",
    "\"--1\"", "\".\"", "\"1 2\"", "true",
  };

  assert_accepts (fixture, size, "\"3\"", "\"3\"");
  assert_accepts (fixture, size, "\" 12 \"", "\"12\"");
  assert_accepts (fixture, size, "\"1\"", "\"1\"");
  assert_accepts (fixture, size, "\"20\"", "\"20\"");
  assert_accepts (fixture, size, "\"2.5\"", "\"2.5\"");
  assert_accepts (fixture, size, "\"+4\"", "\"+4\"");
  /* A JSON number is taken too, and stored as text like a typed one. */
  assert_accepts (fixture, size, "5", "\"5\"");
  assert_accepts (fixture, size, "7.5", "\"7.5\"");
  assert_rejects (fixture, size, "\"0\"", JJ_VALIDATE_ERROR_RANGE, "家庭人口数应在1至20之间。");
  assert_rejects (fixture, size, "\"21\"", JJ_VALIDATE_ERROR_RANGE, "家庭人口数应在1至20之间。");
  assert_rejects (fixture, size, "\"-3\"", JJ_VALIDATE_ERROR_RANGE, NULL);
  assert_rejects (fixture, size, "\"\"", JJ_VALIDATE_ERROR_REQUIRED, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (not_numbers); i++)
    assert_rejects (fixture, size, not_numbers[i], JJ_VALIDATE_ERROR_FORMAT, NULL);

  assert_accepts (fixture, area, "\"0.01\"", "\"0.01\"");
  assert_accepts (fixture, area, "\".5\"", "\".5\"");
  assert_accepts (fixture, area, "\"100000\"", "\"100000\"");
  assert_accepts (fixture, area, NULL, NULL);
  assert_rejects (fixture, area, "\"0\"", JJ_VALIDATE_ERROR_RANGE, "at least 0.01");
}

static void
test_check_date (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(JjForm) form = form_for (fixture, "XZ-0101");
  const JjFormField *date = field_of (form, "death_date");

  assert_accepts (fixture, date, "\"2026-03-01\"", "\"2026-03-01\"");
  assert_accepts (fixture, date, "\" 2024-02-29 \"", "\"2024-02-29\"");
  assert_accepts (fixture, date, "\"2000-02-29\"", "\"2000-02-29\"");
  assert_rejects (fixture, date, "\"1999-02-29\"", JJ_VALIDATE_ERROR_DATE, "1999-02-29");
  assert_rejects (fixture, date, "\"1900-02-29\"", JJ_VALIDATE_ERROR_DATE, NULL);
  assert_rejects (fixture, date, "\"2023-13-01\"", JJ_VALIDATE_ERROR_DATE, NULL);
  assert_rejects (fixture, date, "\"2023-04-31\"", JJ_VALIDATE_ERROR_DATE, NULL);
  assert_rejects (fixture, date, "\"2023-00-10\"", JJ_VALIDATE_ERROR_DATE, NULL);
  assert_rejects (fixture, date, "\"2023-4-1\"", JJ_VALIDATE_ERROR_FORMAT, "YYYY-MM-DD");
  assert_rejects (fixture, date, "\"2023/04/01\"", JJ_VALIDATE_ERROR_FORMAT, NULL);
  assert_rejects (fixture, date, "\"20230401\"", JJ_VALIDATE_ERROR_FORMAT, NULL);
  assert_rejects (fixture, date, "\"2023年4月1日\"", JJ_VALIDATE_ERROR_FORMAT, NULL);
  assert_rejects (fixture, date, "\"2023-04-01T00:00\"", JJ_VALIDATE_ERROR_FORMAT, NULL);
  assert_rejects (fixture, date, "\"\"", JJ_VALIDATE_ERROR_REQUIRED, "YYYY-MM-DD");
}

static void
test_check_choice (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(JjForm) form = form_for (fixture, "XZ-0101");
  const JjFormField *relation = field_of (form, "relation");

  assert_accepts (fixture, relation, "\"配偶\"", "\"配偶\"");
  assert_accepts (fixture, relation, "\" 子女 \"", "\"子女\"");
  assert_rejects (fixture, relation, "\"兄弟\"", JJ_VALIDATE_ERROR_CHOICE, "兄弟");
  assert_rejects (fixture, relation, "\"配\"", JJ_VALIDATE_ERROR_CHOICE, NULL);
  assert_rejects (fixture, relation, "[\"配偶\"]", JJ_VALIDATE_ERROR_FORMAT, NULL);
  assert_rejects (fixture, relation, NULL, JJ_VALIDATE_ERROR_REQUIRED, NULL);
}

static void
test_check_multichoice (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(JjForm) form = form_for (fixture, "XZ-0101");
  const JjFormField *subsidies = field_of (form, "subsidies");
  JjFormField required = *subsidies;

  assert_accepts (fixture, subsidies, "[\"低保\"]", "[\"低保\"]");
  /* Stored in the order of the options. */
  assert_accepts (fixture, subsidies, "[\"残疾人两项补贴\",\"低保\"]", "[\"低保\",\"残疾人两项补贴\"]");
  assert_accepts (fixture, subsidies, "[]", NULL);
  assert_accepts (fixture, subsidies, "null", NULL);
  assert_accepts (fixture, subsidies, NULL, NULL);
  assert_rejects (fixture, subsidies, "[\"低保\",\"低保\"]", JJ_VALIDATE_ERROR_CHOICE, "低保");
  assert_rejects (fixture, subsidies, "[\"低保\",\"五保\"]", JJ_VALIDATE_ERROR_CHOICE, "五保");
  assert_rejects (fixture, subsidies, "\"低保\"", JJ_VALIDATE_ERROR_FORMAT, NULL);
  assert_rejects (fixture, subsidies, "[1]", JJ_VALIDATE_ERROR_FORMAT, NULL);
  assert_rejects (fixture, subsidies, "[null]", JJ_VALIDATE_ERROR_FORMAT, NULL);

  required.required = TRUE;
  assert_rejects (fixture, &required, "[]", JJ_VALIDATE_ERROR_REQUIRED, NULL);
  assert_rejects (fixture, &required, NULL, JJ_VALIDATE_ERROR_REQUIRED, NULL);
  assert_accepts (fixture, &required, "[\"特困\"]", "[\"特困\"]");
}

static void
test_check_boolean (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(JjForm) form = form_for (fixture, "XZ-0101");
  g_autoptr(JjForm) optional_form = form_for (fixture, "XZ-0104");
  const JjFormField *pension = field_of (form, "has_other_pension");
  const JjFormField *returned = field_of (optional_form, "certificate_returned");

  /* Required means answered: "no" is an answer. */
  assert_accepts (fixture, pension, "true", "true");
  assert_accepts (fixture, pension, "false", "false");
  assert_rejects (fixture, pension, NULL, JJ_VALIDATE_ERROR_REQUIRED, "yes or no");
  assert_rejects (fixture, pension, "null", JJ_VALIDATE_ERROR_REQUIRED, NULL);
  assert_rejects (fixture, pension, "\"true\"", JJ_VALIDATE_ERROR_FORMAT, NULL);
  assert_rejects (fixture, pension, "1", JJ_VALIDATE_ERROR_FORMAT, NULL);

  assert_accepts (fixture, returned, NULL, NULL);
  assert_accepts (fixture, returned, "false", "false");
}

static void
test_check_id_number (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(JjForm) form = form_for (fixture, "XZ-0101");
  const JjFormField *id = field_of (form, "spouse_id_number");

  assert_accepts (fixture, id, "\"" VALID_ID_NUMBER "\"", "\"" VALID_ID_NUMBER "\"");
  assert_accepts (fixture, id, "\" " VALID_ID_NUMBER_LC " \"", "\"" VALID_ID_NUMBER "\"");
  /* The validator's message names the expected character; the catalogue's is more vague. */
  assert_rejects (fixture, id, "\"" WRONG_ID_NUMBER "\"", JJ_VALIDATE_ERROR_CHECKSUM,
                  "should be X");
  assert_rejects (fixture, id, "\"1101051949123100\"", JJ_VALIDATE_ERROR_FORMAT, NULL);
  /* Born after @today (2026-06-15). */
  assert_rejects (fixture, id, "\"430124202606160038\"", JJ_VALIDATE_ERROR_DATE, NULL);
  assert_rejects (fixture, id, "\"\"", JJ_VALIDATE_ERROR_REQUIRED, NULL);
}

static void
test_check_phone (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(JjForm) form = form_for (fixture, "XZ-0101");
  const JjFormField *phone = field_of (form, "contact_phone");

  assert_accepts (fixture, phone, "\"+86 138 0013 8000\"", "\"13800138000\"");
  assert_accepts (fixture, phone, "\"138-0013-8000\"", "\"13800138000\"");
  assert_rejects (fixture, phone, "\"12345678901\"", JJ_VALIDATE_ERROR_FORMAT, NULL);
  assert_rejects (fixture, phone, "\"1380013800\"", JJ_VALIDATE_ERROR_FORMAT, NULL);
  assert_accepts (fixture, phone, "\"\"", NULL);
}

static void
test_check_address (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(JjForm) form = form_for (fixture, "XZ-0101");
  const JjFormField *address = field_of (form, "home_address");

  assert_accepts (fixture, address, "\"湖南省示范县某某镇某某村3组\"", "\"湖南省示范县某某镇某某村3组\"");
  assert_rejects (fixture, address, "\"某某村\"", JJ_VALIDATE_ERROR_RANGE, "at least 4 characters");
  assert_rejects (fixture, address, NULL, JJ_VALIDATE_ERROR_REQUIRED, NULL);
}

static void
test_check_uscc (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(JjForm) form = form_for (fixture, "XZ-0101");
  const JjFormField *uscc = field_of (form, "employer_uscc");

  assert_accepts (fixture, uscc, "\"" VALID_USCC "\"", "\"" VALID_USCC "\"");
  assert_accepts (fixture, uscc, "\"91350100m000100y43\"", "\"" VALID_USCC "\"");
  assert_rejects (fixture, uscc, "\"91350100M000100Y44\"", JJ_VALIDATE_ERROR_CHECKSUM,
                  "should be 3");
  assert_rejects (fixture, uscc, "\"91350100I000100Y43\"", JJ_VALIDATE_ERROR_FORMAT, "letter I");
  assert_accepts (fixture, uscc, NULL, NULL);
}

static void
test_check_pattern_whole_value (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(JjForm) form = form_for (fixture, "XZ-0101");
  const JjFormField *account = field_of (form, "bank_account");
  const JjFormField *grade = field_of (form, "disability_grade");
  const JjFormField *plate = field_of (form, "plate_number");

  /* The catalogue wrote no anchors here; the whole value must match anyway. */
  assert_accepts (fixture, account, "\"6217001234567890\"", "\"6217001234567890\"");
  assert_rejects (fixture, account, "\"621700123456789012345\"", JJ_VALIDATE_ERROR_PATTERN,
                  "银行账号应为12至19位数字。");
  assert_rejects (fixture, account, "\"卡号6217001234567890\"", JJ_VALIDATE_ERROR_PATTERN, NULL);
  assert_rejects (fixture, account, "\"6217 0012 3456 7890\"", JJ_VALIDATE_ERROR_PATTERN, NULL);
  assert_accepts (fixture, account, "\"\"", NULL);

  /* An alternation is anchored as a whole, not just its first and last branch. */
  assert_accepts (fixture, grade, "\"二级\"", "\"二级\"");
  assert_rejects (fixture, grade, "\"一级残疾\"", JJ_VALIDATE_ERROR_PATTERN, "expected form");
  assert_rejects (fixture, grade, "\"残疾四级\"", JJ_VALIDATE_ERROR_PATTERN, NULL);

  assert_accepts (fixture, plate, "\"湘E12345\"", "\"湘E12345\"");
  assert_rejects (fixture, plate, "\"湘E123456\"", JJ_VALIDATE_ERROR_PATTERN, NULL);
  assert_rejects (fixture, plate, "\"湘e12345\"", JJ_VALIDATE_ERROR_PATTERN, NULL);
  assert_rejects (fixture, plate, "\"湘E 12345\"", JJ_VALIDATE_ERROR_PATTERN, NULL);
  /* A trailing line break is trimmed like any surrounding space. */
  assert_accepts (fixture, plate, "\"湘E12345\\n\"", "\"湘E12345\"");
}

static GHashTable *
validate_json (Fixture    *fixture,
               JjForm     *form,
               const char *values_json)
{
  g_autoptr(JsonNode) values = parse_value (values_json);

  return jj_form_validate (form, json_node_get_object (values), fixture->today);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The keys of @problems, sorted and joined with spaces. */
static char *
join_problem_ids (GHashTable *problems)
{
  g_autofree const char **keys = (const char **) g_hash_table_get_keys_as_array (problems, NULL);

  g_qsort_with_data (keys, g_hash_table_size (problems), sizeof *keys, compare_strings, NULL);
  return g_strjoinv (" ", (char **) keys);
}

static void
test_validate_reports_wrong_fields (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  g_autoptr(JjForm) form = form_for (fixture, "XZ-0101");
  g_autoptr(GHashTable) problems = NULL;
  g_autofree char *ids = NULL;

  problems = validate_json (fixture, form,
                            "{\"applicant_name\": \"张三\","
                            " \"notes\": \"\","
                            " \"household_size\": \"30\","
                            " \"death_date\": \"2023-02-29\","
                            " \"relation\": \"子女\","
                            " \"subsidies\": [\"低保\", \"五保\"],"
                            " \"has_other_pension\": false,"
                            " \"spouse_id_number\": \"" WRONG_ID_NUMBER "\","
                            " \"contact_phone\": \"13800138000\","
                            " \"employer_uscc\": \"" VALID_USCC "\","
                            " \"bank_account\": \"12345\","
                            " \"not_a_field\": \"ignored\"}");
  ids = join_problem_ids (problems);
  g_assert_cmpstr (ids, ==,
                   "bank_account death_date home_address household_size spouse_id_number "
                   "subsidies");
  g_assert_cmpstr (g_hash_table_lookup (problems, "household_size"), ==, "家庭人口数应在1至20之间。");
  g_assert_cmpstr (g_hash_table_lookup (problems, "bank_account"), ==, "银行账号应为12至19位数字。");
  g_assert_nonnull (strstr (g_hash_table_lookup (problems, "spouse_id_number"), "should be X"));
  g_assert_nonnull (strstr (g_hash_table_lookup (problems, "subsidies"), "五保"));
  g_clear_pointer (&problems, g_hash_table_unref);

  /* Nothing filled in: exactly the required fields. */
  problems = validate_json (fixture, form, "{}");
  g_clear_pointer (&ids, g_free);
  ids = join_problem_ids (problems);
  g_assert_cmpstr (ids, ==,
                   "applicant_name death_date has_other_pension home_address household_size "
                   "relation spouse_id_number");
  g_clear_pointer (&problems, g_hash_table_unref);

  problems = jj_form_validate (form, NULL, fixture->today);
  g_assert_cmpuint (g_hash_table_size (problems), ==, 7);
  g_clear_pointer (&problems, g_hash_table_unref);

  problems = validate_json (fixture, form,
                            "{\"applicant_name\": \" 张三 \","
                            " \"household_size\": 3,"
                            " \"death_date\": \"2026-05-01\","
                            " \"relation\": \"配偶\","
                            " \"has_other_pension\": false,"
                            " \"spouse_id_number\": \"" VALID_ID_NUMBER_LC "\","
                            " \"home_address\": \"某某镇某某村3组\","
                            " \"plate_number\": null}");
  g_assert_cmpuint (g_hash_table_size (problems), ==, 0);
}

static void
test_bundle_merges_shared_fields (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autoptr(JjForm) form = merged_form (fixture, "XZ-0102", "XZ-0103", "XZ-0104", NULL);
  g_autofree char *ids = join_ids (form);
  g_autofree char *codes = NULL;
  const JjFormField *field;

  /* Order of first appearance; each id once. */
  g_assert_cmpstr (ids, ==,
                   "deceased_name deceased_id_number bank_account relation death_date funeral_date "
                   "certificate_returned");

  /* Optional in XZ-0102, required in XZ-0103: required. */
  field = field_of (form, "deceased_name");
  g_assert_true (field->required);
  codes = join_codes (field);
  g_assert_cmpstr (codes, ==, "XZ-0102 XZ-0103");
  g_clear_pointer (&codes, g_free);

  field = field_of (form, "deceased_id_number");
  g_assert_true (field->required);
  codes = join_codes (field);
  g_assert_cmpstr (codes, ==, "XZ-0102 XZ-0104");
  g_clear_pointer (&codes, g_free);

  /* The first definition is kept (its pattern and message), required by XZ-0102. */
  field = field_of (form, "bank_account");
  g_assert_true (field->required);
  g_assert_cmpstr (field->pattern, ==, "^[0-9]{12,19}$");
  g_assert_cmpstr (field->message, ==, "请核对丧葬补助金账号。");
  g_assert_cmpint (field->max_length, ==, -1);
  codes = join_codes (field);
  g_assert_cmpstr (codes, ==, "XZ-0102 XZ-0103");
  g_clear_pointer (&codes, g_free);

  field = field_of (form, "funeral_date");
  g_assert_false (field->required);
  codes = join_codes (field);
  g_assert_cmpstr (codes, ==, "XZ-0103");
  g_clear_pointer (&codes, g_free);

  field = field_of (form, "certificate_returned");
  g_assert_false (field->required);
  codes = join_codes (field);
  g_assert_cmpstr (codes, ==, "XZ-0104");
}

static void
test_bundle_order_follows_matters (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(JjForm) form = merged_form (fixture, "XZ-0104", "XZ-0103", "XZ-0102", NULL);
  g_autofree char *ids = join_ids (form);
  g_autofree char *codes = NULL;
  const JjFormField *field;

  g_assert_cmpstr (ids, ==,
                   "deceased_id_number certificate_returned deceased_name death_date bank_account "
                   "funeral_date relation");
  field = field_of (form, "bank_account");
  g_assert_cmpint (field->max_length, ==, 30);
  g_assert_null (field->pattern);
  g_assert_true (field->required);
  codes = join_codes (field_of (form, "deceased_id_number"));
  g_assert_cmpstr (codes, ==, "XZ-0104 XZ-0102");
}

static void
test_bundle_same_matter_twice (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(JjForm) form = merged_form (fixture, "XZ-0102", "XZ-0102", NULL);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(JjForm) empty = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (jj_form_get_n_fields (form), ==, 4);
  for (guint i = 0; i < jj_form_get_n_fields (form); i++)
    {
      const JjFormField *field = jj_form_get_field (form, i);

      g_assert_cmpuint (g_strv_length (field->matter_codes), ==, 1);
      g_assert_cmpstr (field->matter_codes[0], ==, "XZ-0102");
    }

  empty = jj_form_new_merged (none, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jj_form_get_n_fields (empty), ==, 0);
}

static void
test_bundle_validate (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(JjForm) form = merged_form (fixture, "XZ-0102", "XZ-0103", "XZ-0104", NULL);
  g_autoptr(GHashTable) problems = NULL;
  g_autofree char *ids = NULL;

  problems = validate_json (fixture, form,
                            "{\"deceased_id_number\": \"" VALID_ID_NUMBER "\","
                            " \"bank_account\": \"6217001234567890\","
                            " \"relation\": \"子女\","
                            " \"death_date\": \"2026-05-01\"}");
  ids = join_problem_ids (problems);
  g_assert_cmpstr (ids, ==, "deceased_name");
}

/* Every bundle of the shipped catalogue gives one form that asks each question once and
 * everything each of its matters asks. */
static void
test_real_catalogue_bundles (Fixture       *fixture,
                             gconstpointer  user_data)
{
  const char *path = g_getenv ("JIUJIN_CATALOG");
  g_autoptr(GPtrArray) bundles = NULL;
  g_autoptr(GError) error = NULL;
  JjMatterQuery query = { NULL, JJ_LEVEL_ANY, NULL };
  g_autoptr(GListModel) all = NULL;

  if (path == NULL)
    {
      g_test_skip ("JIUJIN_CATALOG is not set");
      return;
    }
  import (fixture, path);

  /* Every matter's stored form parses. */
  all = jj_catalog_query (fixture->catalog, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), >, 100);
  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(JjMatter) matter = g_list_model_get_item (all, i);
      g_autoptr(JjForm) form = jj_form_new_for_matter (matter, &error);

      g_assert_no_error (error);
      g_assert_nonnull (form);
    }

  bundles = jj_catalog_list_bundles (fixture->catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bundles->len, >, 0);

  for (guint b = 0; b < bundles->len; b++)
    {
      const JjBundle *bundle = g_ptr_array_index (bundles, b);
      g_autoptr(GPtrArray) matters = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(JjForm) form = NULL;

      g_test_message ("bundle %s", bundle->code);
      for (guint m = 0; bundle->matter_codes[m] != NULL; m++)
        g_ptr_array_add (matters, lookup (fixture, bundle->matter_codes[m]));
      form = jj_form_new_merged (matters, &error);
      g_assert_no_error (error);

      for (guint i = 0; i < jj_form_get_n_fields (form); i++)
        {
          const JjFormField *field = jj_form_get_field (form, i);

          g_assert_true (g_hash_table_add (seen, field->id));
          g_assert_nonnull (field->matter_codes[0]);
        }

      for (guint m = 0; m < matters->len; m++)
        {
          JjMatter *matter = g_ptr_array_index (matters, m);
          g_autoptr(JjForm) own = jj_form_new_for_matter (matter, &error);

          g_assert_no_error (error);
          for (guint i = 0; i < jj_form_get_n_fields (own); i++)
            {
              const JjFormField *mine = jj_form_get_field (own, i);
              const JjFormField *merged = jj_form_lookup_field (form, mine->id);

              g_assert_nonnull (merged);
              g_assert_true (g_strv_contains ((const char * const *) merged->matter_codes,
                                              jj_matter_get_code (matter)));
              if (mine->required)
                g_assert_true (merged->required);
            }
        }
    }
}

static void
add_test (const char *path,
          void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/form/field-type/names-round-trip", test_field_type_names);
  add_test ("/form/parse/every-type", test_parse_every_type);
  add_test ("/form/parse/empty-form", test_parse_empty_form);
  g_test_add_func ("/form/parse/damaged-schema-is-invalid", test_parse_damaged_schema);
  add_test ("/form/check/text-and-multiline", test_check_text);
  add_test ("/form/check/number", test_check_number);
  add_test ("/form/check/date", test_check_date);
  add_test ("/form/check/choice", test_check_choice);
  add_test ("/form/check/multichoice", test_check_multichoice);
  add_test ("/form/check/boolean-required-means-answered", test_check_boolean);
  add_test ("/form/check/id-number", test_check_id_number);
  add_test ("/form/check/phone", test_check_phone);
  add_test ("/form/check/address", test_check_address);
  add_test ("/form/check/uscc", test_check_uscc);
  add_test ("/form/check/pattern-matches-whole-value", test_check_pattern_whole_value);
  add_test ("/form/validate/reports-exactly-the-wrong-fields", test_validate_reports_wrong_fields);
  add_test ("/form/bundle/shared-field-asked-once", test_bundle_merges_shared_fields);
  add_test ("/form/bundle/order-of-first-appearance", test_bundle_order_follows_matters);
  add_test ("/form/bundle/same-matter-twice", test_bundle_same_matter_twice);
  add_test ("/form/bundle/validate-merged", test_bundle_validate);
  add_test ("/form/real-catalogue/bundles-merge-cleanly", test_real_catalogue_bundles);

  return g_test_run ();
}
