/* test-catalog.c — importing the 就近办 catalogue: complete, idempotent, all-or-nothing
 *
 * Every test imports into a real database file in a fresh temporary folder. Malformed
 * catalogues are made by editing the parsed tests/data/catalog-small.json, so each breaks
 * exactly one rule of docs/catalog-format.md.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib.h>

#include "jj-test-util.h"
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "jj-catalog.h"
#include "jj-store-private.h"

#define PENSION_NAME "城乡居民基本养老保险参保登记"

typedef struct
{
  char      *tmp_dir;
  char      *small_path;
  JjStore   *store;
  JjCatalog *catalog;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;

  fixture->tmp_dir = jj_test_make_tmp_dir ("jiujin-test-catalog-XXXXXX");
  fixture->small_path = g_test_build_filename (G_TEST_DIST, "data", "catalog-small.json", NULL);

  data_dir = g_build_filename (fixture->tmp_dir, "data", NULL);
  fixture->store = jj_store_open (data_dir, &error);
  g_assert_no_error (error);
  fixture->catalog = jj_catalog_new (fixture->store);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->catalog);
  g_clear_object (&fixture->store);
  g_assert_true (jj_test_remove_tree (fixture->tmp_dir));
  g_free (fixture->tmp_dir);
  g_free (fixture->small_path);
}

static void
import_file (Fixture    *fixture,
             const char *path,
             gboolean    force,
             gboolean    expect_imported)
{
  g_autoptr(GError) error = NULL;
  gboolean imported = !expect_imported;

  g_assert_true (jj_catalog_import_file (fixture->catalog, path, force, &imported, &error));
  g_assert_no_error (error);
  g_assert_cmpint (imported, ==, expect_imported);
}

/* A mutable copy of the small catalogue's JSON. */
static JsonNode *
load_small_json (Fixture *fixture)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, fixture->small_path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static char *
write_json (Fixture    *fixture,
            const char *name,
            JsonNode   *root)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = json_to_string (root, TRUE);
  char *path = g_build_filename (fixture->tmp_dir, name, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static JsonObject *
find_record (JsonObject *root,
             const char *array_name,
             const char *code)
{
  JsonArray *array = json_object_get_array_member (root, array_name);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *record = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (record, "code"), code) == 0)
        return record;
    }
  g_error ("no %s with code %s in the test catalogue", array_name, code);
}

static JsonObject *
find_matter (JsonObject *root,
             const char *code)
{
  return find_record (root, "matters", code);
}

static void
set_strings (JsonObject *object,
             const char *member,
             ...)
{
  JsonArray *array = json_array_new ();
  va_list args;

  va_start (args, member);
  for (const char *str; (str = va_arg (args, const char *)) != NULL;)
    json_array_add_string_element (array, str);
  va_end (args);
  json_object_set_array_member (object, member, array);
}

static GListModel *
query_all (Fixture *fixture,
           int      level)
{
  g_autoptr(GError) error = NULL;
  JjMatterQuery query = { NULL, level, NULL };
  GListModel *model = jj_catalog_query (fixture->catalog, &query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

/* The codes of @model joined with spaces, to compare whole lists in one assertion. */
static char *
join_codes (GListModel *model)
{
  GString *codes = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(JjMatter) matter = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append_c (codes, ' ');
      g_string_append (codes, jj_matter_get_code (matter));
    }
  return g_string_free (codes, FALSE);
}

static char *
search_codes (Fixture    *fixture,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = NULL;
  JjMatterQuery query = { text, JJ_LEVEL_ANY, NULL };

  model = jj_catalog_query (fixture->catalog, &query, &error);
  g_assert_no_error (error);
  return join_codes (model);
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

static void
assert_not_found (Fixture    *fixture,
                  const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjMatter) matter = jj_catalog_lookup (fixture->catalog, code, &error);

  g_assert_null (matter);
  g_assert_error (error, JJ_CATALOG_ERROR, JJ_CATALOG_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, code));
}

static void
assert_category (GPtrArray  *categories,
                 guint       index,
                 const char *id,
                 const char *name,
                 guint       n_matters)
{
  const JjCategory *category;

  g_assert_cmpuint (index, <, categories->len);
  category = g_ptr_array_index (categories, index);
  g_assert_cmpstr (category->id, ==, id);
  g_assert_cmpstr (category->name, ==, name);
  g_assert_cmpuint (category->n_matters, ==, n_matters);
}

static GPtrArray *
list_categories (Fixture *fixture,
                 int      level)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *categories = jj_catalog_list_categories (fixture->catalog, level, &error);

  g_assert_no_error (error);
  g_assert_nonnull (categories);
  return categories;
}

static GPtrArray *
list_bundles (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *bundles = jj_catalog_list_bundles (fixture->catalog, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bundles);
  return bundles;
}

static void
test_import_small_is_complete (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GPtrArray) bundles = NULL;
  g_autofree char *version = NULL;
  g_autofree char *region = NULL;
  g_autofree char *published = NULL;
  g_autofree char *codes = NULL;
  const JjBundle *bundle;

  g_assert_null (jj_catalog_dup_version (fixture->catalog));
  all = query_all (fixture, JJ_LEVEL_ANY);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 0);
  g_clear_object (&all);

  import_file (fixture, fixture->small_path, FALSE, TRUE);

  version = jj_catalog_dup_version (fixture->catalog);
  region = jj_catalog_dup_region (fixture->catalog);
  published = jj_store_dup_meta (fixture->store, "catalog_published");
  g_assert_cmpstr (version, ==, "test-1");
  g_assert_cmpstr (region, ==, "测试市");
  g_assert_cmpstr (published, ==, "2026-11-01");

  all = query_all (fixture, JJ_LEVEL_ANY);
  codes = join_codes (all);
  g_assert_cmpstr (codes, ==, "XZ-0001 XZ-0002 XZ-0003 CJ-0001");
  g_clear_pointer (&codes, g_free);
  g_clear_object (&all);
  all = query_all (fixture, JJ_LEVEL_TOWNSHIP);
  codes = join_codes (all);
  g_assert_cmpstr (codes, ==, "XZ-0001 XZ-0002 XZ-0003");
  g_clear_pointer (&codes, g_free);
  g_clear_object (&all);
  all = query_all (fixture, JJ_LEVEL_VILLAGE);
  codes = join_codes (all);
  g_assert_cmpstr (codes, ==, "CJ-0001");

  categories = list_categories (fixture, JJ_LEVEL_ANY);
  g_assert_cmpuint (categories->len, ==, 3);
  assert_category (categories, 0, "social-insurance", "社会保险", 1);
  assert_category (categories, 1, "medical-insurance", "医疗保障", 1);
  assert_category (categories, 2, "civil-affairs", "民政服务", 2);
  g_clear_pointer (&categories, g_ptr_array_unref);

  categories = list_categories (fixture, JJ_LEVEL_TOWNSHIP);
  g_assert_cmpuint (categories->len, ==, 3);
  assert_category (categories, 0, "social-insurance", "社会保险", 1);
  assert_category (categories, 1, "medical-insurance", "医疗保障", 1);
  assert_category (categories, 2, "civil-affairs", "民政服务", 1);
  g_clear_pointer (&categories, g_ptr_array_unref);

  /* Empty categories are left out. */
  categories = list_categories (fixture, JJ_LEVEL_VILLAGE);
  g_assert_cmpuint (categories->len, ==, 1);
  assert_category (categories, 0, "civil-affairs", "民政服务", 1);

  bundles = list_bundles (fixture);
  g_assert_cmpuint (bundles->len, ==, 1);
  bundle = g_ptr_array_index (bundles, 0);
  g_assert_cmpstr (bundle->code, ==, "YJS-001");
  g_assert_cmpstr (bundle->name, ==, "参保一件事");
  g_assert_cmpstr (bundle->description, ==, "养老和医疗一起参保。");
  g_assert_cmpint (bundle->level, ==, JJ_LEVEL_TOWNSHIP);
  g_assert_nonnull (bundle->matter_codes);
  g_assert_cmpuint (g_strv_length (bundle->matter_codes), ==, 2);
  g_assert_cmpstr (bundle->matter_codes[0], ==, "XZ-0001");
  g_assert_cmpstr (bundle->matter_codes[1], ==, "XZ-0002");
}

static void
test_import_lookup_returns_every_field (Fixture       *fixture,
                                        gconstpointer  user_data)
{
  g_autoptr(JsonNode) source = load_small_json (fixture);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JjMatter) matter = NULL;
  g_autoptr(JjMatter) promised = NULL;
  g_autoptr(JjMatter) village = NULL;
  g_autoptr(JsonNode) as_json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *expected;
  const char * const *strv;
  const JjMaterial *material;
  const JjStep *step;
  GPtrArray *materials, *steps;

  import_file (fixture, fixture->small_path, FALSE, TRUE);
  matter = lookup (fixture, "XZ-0001");

  g_assert_cmpint (jj_matter_get_id (matter), >, 0);
  g_assert_cmpstr (jj_matter_get_code (matter), ==, "XZ-0001");
  g_assert_cmpstr (jj_matter_get_name (matter), ==, PENSION_NAME);
  g_assert_cmpint (jj_matter_get_level (matter), ==, JJ_LEVEL_TOWNSHIP);
  g_assert_cmpstr (jj_matter_get_department (matter), ==, "乡镇（街道）社会保障服务中心");
  g_assert_cmpstr (jj_matter_get_category_id (matter), ==, "social-insurance");
  g_assert_cmpstr (jj_matter_get_category_name (matter), ==, "社会保险");
  g_assert_cmpint (jj_matter_get_handling_type (matter), ==, JJ_HANDLING_IMMEDIATE);
  g_assert_cmpuint (jj_matter_get_legal_limit_days (matter), ==, 5);
  g_assert_cmpuint (jj_matter_get_promised_limit_days (matter), ==, 0);
  g_assert_cmpstr (jj_matter_get_fee (matter), ==, "不收费");
  g_assert_cmpstr (jj_matter_get_location (matter), ==, "乡镇（街道）便民服务中心");
  g_assert_cmpstr (jj_matter_get_hours (matter), ==, "工作日上午8:30-12:00，下午14:30-17:30");
  g_assert_cmpstr (jj_matter_get_phone (matter), ==, "0739-5200001");
  g_assert_cmpstr (jj_matter_get_guide_url (matter), ==, "https://county.example/guide/XZ-0001");

  strv = jj_matter_get_keywords (matter);
  g_assert_cmpuint (g_strv_length ((char **) strv), ==, 3);
  g_assert_cmpstr (strv[0], ==, "养老");
  g_assert_cmpstr (strv[1], ==, "社保");
  g_assert_cmpstr (strv[2], ==, "参保");
  strv = jj_matter_get_conditions (matter);
  g_assert_cmpuint (g_strv_length ((char **) strv), ==, 1);
  g_assert_cmpstr (strv[0], ==, "具有本地户籍");

  materials = jj_matter_get_materials (matter);
  g_assert_cmpuint (materials->len, ==, 2);
  material = g_ptr_array_index (materials, 0);
  g_assert_cmpstr (material->name, ==, "居民身份证");
  g_assert_cmpint (material->form, ==, JJ_MATERIAL_ORIGINAL);
  g_assert_cmpuint (material->count, ==, 1);
  g_assert_true (material->required);
  g_assert_cmpstr (material->notes, ==, "");
  material = g_ptr_array_index (materials, 1);
  g_assert_cmpstr (material->name, ==, "户口簿");
  g_assert_cmpint (material->form, ==, JJ_MATERIAL_COPY);
  g_assert_cmpuint (material->count, ==, 1);
  g_assert_false (material->required);
  g_assert_cmpstr (material->notes, ==, "户籍变动时提供");

  steps = jj_matter_get_steps (matter);
  g_assert_cmpuint (steps->len, ==, 2);
  step = g_ptr_array_index (steps, 0);
  g_assert_cmpstr (step->title, ==, "受理");
  g_assert_cmpstr (step->description, ==, "窗口核对材料后受理。");
  step = g_ptr_array_index (steps, 1);
  g_assert_cmpstr (step->title, ==, "办结");
  g_assert_cmpstr (step->description, ==, "审核通过后办结。");

  expected = find_matter (json_node_get_object (source), "XZ-0001");
  json_parser_load_from_data (parser, jj_matter_get_form_json (matter), -1, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (json_parser_get_root (parser),
                                  json_object_get_member (expected, "form")));

  /* The full JSON export gives back every member of the catalogue record unchanged. */
  as_json = jj_matter_to_json (matter, TRUE);
  members = json_object_get_members (expected);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *exported = json_object_get_member (json_node_get_object (as_json), l->data);

      g_test_message ("member %s", (const char *) l->data);
      g_assert_nonnull (exported);
      g_assert_true (json_node_equal (exported, json_object_get_member (expected, l->data)));
    }

  promised = lookup (fixture, "XZ-0003");
  g_assert_cmpint (jj_matter_get_handling_type (promised), ==, JJ_HANDLING_PROMISED);
  g_assert_cmpuint (jj_matter_get_legal_limit_days (promised), ==, 20);
  g_assert_cmpuint (jj_matter_get_promised_limit_days (promised), ==, 10);
  g_assert_nonnull (strstr (jj_matter_get_form_json (promised), "^[0-9]{12,19}$"));

  village = lookup (fixture, "CJ-0001");
  g_assert_cmpint (jj_matter_get_level (village), ==, JJ_LEVEL_VILLAGE);
  g_assert_cmpstr (jj_matter_get_department (village), ==, "村民委员会");

  assert_not_found (fixture, "XZ-9999");
  assert_not_found (fixture, "xz-0001");
}

static void
test_import_same_version_is_skipped (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  g_autoptr(JsonNode) root = load_small_json (fixture);
  g_autofree char *imported_at = NULL;
  g_autofree char *imported_again = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JjMatter) matter = NULL;

  import_file (fixture, fixture->small_path, FALSE, TRUE);
  imported_at = jj_store_dup_meta (fixture->store, "catalog_imported_at");
  g_assert_nonnull (imported_at);

  import_file (fixture, fixture->small_path, FALSE, FALSE);
  imported_again = jj_store_dup_meta (fixture->store, "catalog_imported_at");
  g_assert_cmpstr (imported_again, ==, imported_at);

  /* Same version, different content: the version decides, unless forced. */
  json_object_set_string_member (find_matter (json_node_get_object (root), "XZ-0003"), "name",
                                 "高龄老人津贴申请");
  path = write_json (fixture, "same-version.json", root);
  import_file (fixture, path, FALSE, FALSE);
  matter = lookup (fixture, "XZ-0003");
  g_assert_cmpstr (jj_matter_get_name (matter), ==, "高龄津贴申请");
  g_clear_object (&matter);

  import_file (fixture, path, TRUE, TRUE);
  matter = lookup (fixture, "XZ-0003");
  g_assert_cmpstr (jj_matter_get_name (matter), ==, "高龄老人津贴申请");
}

static void
test_import_version_bump_updates_and_preserves_user_data (Fixture       *fixture,
                                                          gconstpointer  user_data)
{
  g_autoptr(JsonNode) root = load_small_json (fixture);
  g_autoptr(JjMatter) pension = NULL;
  g_autoptr(JjMatter) medical = NULL;
  g_autoptr(JjMatter) renamed = NULL;
  g_autoptr(JjMatter) added = NULL;
  g_autoptr(JjMatter) restored = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GPtrArray) bundles = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *version = NULL;
  g_autofree char *codes = NULL;
  JsonObject *object = json_node_get_object (root);
  JsonArray *matters = json_object_get_array_member (object, "matters");
  JsonObject *new_matter;
  const JjBundle *bundle;
  gint64 renamed_id;

  import_file (fixture, fixture->small_path, FALSE, TRUE);
  pension = lookup (fixture, "XZ-0001");
  medical = lookup (fixture, "XZ-0002");
  renamed = lookup (fixture, "XZ-0003");
  renamed_id = jj_matter_get_id (renamed);
  g_clear_object (&renamed);

  g_assert_cmpuint (jj_catalog_get_view_count (fixture->catalog, "XZ-0001"), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      jj_catalog_record_view (fixture->catalog, pension, &error);
      g_assert_no_error (error);
    }
  jj_catalog_record_view (fixture->catalog, medical, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jj_catalog_get_view_count (fixture->catalog, "XZ-0001"), ==, 2);
  g_assert_cmpuint (jj_catalog_get_view_count (fixture->catalog, "XZ-0002"), ==, 1);

  /* Version 2: XZ-0003 renamed, XZ-0002 removed, XZ-0004 added. */
  json_object_set_string_member (object, "version", "test-2");
  json_object_set_string_member (find_matter (object, "XZ-0003"), "name", "高龄老人津贴申请");
  new_matter = json_object_ref (find_matter (object, "XZ-0002"));
  json_array_remove_element (matters, 1);
  json_object_set_string_member (new_matter, "code", "XZ-0004");
  json_object_set_string_member (new_matter, "name", "残疾人两项补贴申请");
  json_object_set_string_member (new_matter, "category", "civil-affairs");
  json_object_set_string_member (new_matter, "guide_url", "https://county.example/guide/XZ-0004");
  set_strings (new_matter, "keywords", "残疾", "补贴", NULL);
  json_array_add_object_element (matters, new_matter);
  set_strings (find_record (object, "bundles", "YJS-001"), "matters", "XZ-0001", "XZ-0004", NULL);
  path = write_json (fixture, "catalog-v2.json", root);

  import_file (fixture, path, FALSE, TRUE);
  version = jj_catalog_dup_version (fixture->catalog);
  g_assert_cmpstr (version, ==, "test-2");

  renamed = lookup (fixture, "XZ-0003");
  g_assert_cmpstr (jj_matter_get_name (renamed), ==, "高龄老人津贴申请");
  g_assert_cmpint (jj_matter_get_id (renamed), ==, renamed_id);
  codes = search_codes (fixture, "老人津贴");
  g_assert_cmpstr (codes, ==, "XZ-0003");
  g_clear_pointer (&codes, g_free);

  assert_not_found (fixture, "XZ-0002");
  all = query_all (fixture, JJ_LEVEL_ANY);
  codes = join_codes (all);
  g_assert_cmpstr (codes, ==, "XZ-0001 XZ-0003 CJ-0001 XZ-0004");
  g_clear_pointer (&codes, g_free);
  codes = search_codes (fixture, "医疗保险");
  g_assert_cmpstr (codes, ==, "");
  g_clear_pointer (&codes, g_free);

  added = lookup (fixture, "XZ-0004");
  g_assert_cmpstr (jj_matter_get_name (added), ==, "残疾人两项补贴申请");
  g_assert_cmpstr (jj_matter_get_category_name (added), ==, "民政服务");
  codes = search_codes (fixture, "cjr");
  g_assert_cmpstr (codes, ==, "XZ-0004");
  g_clear_pointer (&codes, g_free);

  /* The terminal's own history is kept, also for the withdrawn matter. */
  g_assert_cmpuint (jj_catalog_get_view_count (fixture->catalog, "XZ-0001"), ==, 2);
  g_assert_cmpuint (jj_catalog_get_view_count (fixture->catalog, "XZ-0002"), ==, 1);
  g_assert_cmpuint (jj_catalog_get_view_count (fixture->catalog, "XZ-0004"), ==, 0);

  categories = list_categories (fixture, JJ_LEVEL_ANY);
  g_assert_cmpuint (categories->len, ==, 2);
  assert_category (categories, 0, "social-insurance", "社会保险", 1);
  assert_category (categories, 1, "civil-affairs", "民政服务", 3);

  bundles = list_bundles (fixture);
  g_assert_cmpuint (bundles->len, ==, 1);
  bundle = g_ptr_array_index (bundles, 0);
  g_assert_cmpuint (g_strv_length (bundle->matter_codes), ==, 2);
  g_assert_cmpstr (bundle->matter_codes[0], ==, "XZ-0001");
  g_assert_cmpstr (bundle->matter_codes[1], ==, "XZ-0004");

  /* A matter listed again comes back with its history. */
  import_file (fixture, fixture->small_path, FALSE, TRUE);
  restored = lookup (fixture, "XZ-0002");
  g_assert_cmpint (jj_matter_get_id (restored), ==, jj_matter_get_id (medical));
  g_assert_cmpuint (jj_catalog_get_view_count (fixture->catalog, "XZ-0002"), ==, 1);
  assert_not_found (fixture, "XZ-0004");
}

typedef struct
{
  const char *description;
  const char *raw;        /* written as is instead of an edited catalogue */
  const char *edit_code;  /* the matter or bundle to edit; NULL for the top level */
  const char *edit_path;  /* members and indices below it, '/'-separated; "-" appends */
  const char *value;      /* JSON put there; NULL removes the member */
  int         code;
  const char *record;     /* must appear in the message; NULL for JSON syntax errors */
  const char *field;
} Malformed;

#define NAME_61_CHARS "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十" \
                      "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"

#define INVALID JJ_CATALOG_ERROR_INVALID

static const Malformed malformed[] = {
  { "not valid JSON", "{ \"format\": 1, \"version\": \"test-broken\", ", NULL, NULL, NULL,
    JJ_CATALOG_ERROR_PARSE, NULL, NULL },
  { "not an object", "[]", NULL, NULL, NULL, INVALID, "catalogue", "/" },
  { "unknown top-level key", NULL, NULL, "bundels", "[]", INVALID, "catalogue", "bundels" },
  { "unsupported format", NULL, NULL, "format", "2", INVALID, "catalogue", "format" },
  { "bad published date", NULL, NULL, "published", "\"2026/11/01\"",
    INVALID, "catalogue", "published" },
  { "bad category id", NULL, NULL, "categories/1/id", "\"Medical\"", INVALID, "category #2", "id" },
  { "matter not an object", NULL, NULL, "matters/-", "\"XZ-0005\"",
    INVALID, "matter #5", "matters" },
  { "bad code", NULL, "XZ-0002", "code", "\"XZ-2\"", INVALID, "XZ-2", "code" },
  { "unknown matter key", NULL, "XZ-0002", "keyword", "[\"医保\"]", INVALID, "XZ-0002", "keyword" },
  { "missing name", NULL, "XZ-0002", "name", NULL, INVALID, "XZ-0002", "name" },
  { "name too long", NULL, "XZ-0002", "name", "\"" NAME_61_CHARS "\"", INVALID, "XZ-0002", "name" },
  { "wrong type for legal_limit_days", NULL, "XZ-0002", "legal_limit_days", "\"5\"",
    INVALID, "XZ-0002", "legal_limit_days" },
  { "promised over legal", NULL, "XZ-0003", "promised_limit_days", "30",
    INVALID, "XZ-0003", "promised_limit_days" },
  { "immediate with promised days", NULL, "XZ-0002", "promised_limit_days", "3",
    INVALID, "XZ-0002", "promised_limit_days" },
  { "bad level", NULL, "XZ-0002", "level", "\"county\"", INVALID, "XZ-0002", "level" },
  { "code and level disagree", NULL, "CJ-0001", "level", "\"township\"",
    INVALID, "CJ-0001", "level" },
  { "unknown category", NULL, "XZ-0002", "category", "\"health\"", INVALID, "XZ-0002", "category" },
  { "duplicate code", NULL, "XZ-0003", "code", "\"XZ-0002\"", INVALID, "XZ-0002", "code" },
  { "guide_url not https", NULL, "XZ-0002", "guide_url", "\"http://county.example/guide/XZ-0002\"",
    INVALID, "XZ-0002", "guide_url" },
  { "no conditions", NULL, "XZ-0002", "conditions", "[]", INVALID, "XZ-0002", "conditions" },
  { "no steps", NULL, "XZ-0002", "steps", "[]", INVALID, "XZ-0002", "steps" },
  { "bad material form", NULL, "XZ-0002", "materials/0/form", "\"scan\"",
    INVALID, "XZ-0002", "materials[1]" },
  { "material count zero", NULL, "XZ-0002", "materials/1/count", "0", INVALID, "XZ-0002", "count" },
  { "choice with one option", NULL, "XZ-0001", "form/fields/0/options", "[\"200元\"]",
    INVALID, "XZ-0001", "options" },
  { "duplicate form field id", NULL, "XZ-0001", "form/fields/-",
    "{\"id\": \"contribution_level\", \"label\": \"缴费档次\", \"type\": \"text\","
    " \"required\": false}",
    INVALID, "XZ-0001", "form.fields[contribution_level]" },
  { "unknown form field type", NULL, "XZ-0003", "form/fields/0/type", "\"iban\"",
    INVALID, "XZ-0003", "form.fields[bank_account]" },
  { "options on a text field", NULL, "XZ-0003", "form/fields/0/options", "[\"a\", \"b\"]",
    INVALID, "XZ-0003", "form.fields[bank_account]" },
  { "invalid regex pattern", NULL, "XZ-0003", "form/fields/0/validation/pattern",
    "\"([0-9]{12,19}\"",
    INVALID, "XZ-0003", "form.fields[bank_account]" },
  { "bundle with unknown matter", NULL, "YJS-001", "matters", "[\"XZ-0001\", \"XZ-0099\"]",
    INVALID, "YJS-001", "matters" },
  { "bundle with one matter", NULL, "YJS-001", "matters", "[\"XZ-0001\"]",
    INVALID, "YJS-001", "matters" },
  { "bundle listing a matter twice", NULL, "YJS-001", "matters", "[\"XZ-0001\", \"XZ-0001\"]",
    INVALID, "YJS-001", "matters" },
  { "bad bundle code", NULL, "YJS-001", "code", "\"YJS-1\"", INVALID, "YJS-1", "code" },
};

#undef INVALID

/* Applies @variant to the catalogue @root: walks its path and sets, appends or removes. */
static void
apply_edit (JsonObject      *root,
            const Malformed *variant)
{
  g_auto(GStrv) steps = g_strsplit (variant->edit_path, "/", -1);
  g_autoptr(JsonNode) value = NULL;
  guint last = g_strv_length (steps) - 1;
  JsonObject *object = root;
  JsonArray *array = NULL;

  if (variant->value != NULL)
    {
      g_autoptr(GError) error = NULL;

      value = json_from_string (variant->value, &error);
      g_assert_no_error (error);
    }

  if (variant->edit_code != NULL && g_str_has_prefix (variant->edit_code, "YJS-"))
    object = find_record (root, "bundles", variant->edit_code);
  else if (variant->edit_code != NULL)
    object = find_matter (root, variant->edit_code);

  for (guint i = 0; i < last; i++)
    {
      JsonNode *next = array != NULL
                         ? json_array_get_element (array, g_ascii_strtoull (steps[i], NULL, 10))
                         : json_object_get_member (object, steps[i]);

      g_assert_nonnull (next);
      object = JSON_NODE_HOLDS_OBJECT (next) ? json_node_get_object (next) : NULL;
      array = JSON_NODE_HOLDS_ARRAY (next) ? json_node_get_array (next) : NULL;
    }

  if (array != NULL)
    {
      g_assert_cmpstr (steps[last], ==, "-");
      json_array_add_element (array, g_steal_pointer (&value));
    }
  else if (value == NULL)
    json_object_remove_member (object, steps[last]);
  else
    json_object_set_member (object, steps[last], g_steal_pointer (&value));
}

static void
assert_previous_catalogue_intact (Fixture *fixture)
{
  g_autofree char *version = jj_catalog_dup_version (fixture->catalog);
  g_autoptr(GListModel) all = query_all (fixture, JJ_LEVEL_ANY);
  g_autofree char *codes = join_codes (all);
  g_autoptr(JjMatter) matter = lookup (fixture, "XZ-0002");
  g_autoptr(GPtrArray) bundles = list_bundles (fixture);

  g_assert_cmpstr (version, ==, "test-1");
  g_assert_cmpstr (codes, ==, "XZ-0001 XZ-0002 XZ-0003 CJ-0001");
  g_assert_cmpstr (jj_matter_get_name (matter), ==, "城乡居民基本医疗保险参保登记");
  g_assert_cmpuint (bundles->len, ==, 1);
}

static void
test_import_malformed_rejected_previous_stays (Fixture       *fixture,
                                               gconstpointer  user_data)
{
  import_file (fixture, fixture->small_path, FALSE, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      const Malformed *variant = &malformed[i];
      g_autofree char *name = g_strdup_printf ("broken-%02u.json", i);
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      gboolean imported = TRUE;

      g_test_message ("variant: %s", variant->description);
      if (variant->raw != NULL)
        {
          path = g_build_filename (fixture->tmp_dir, name, NULL);
          g_file_set_contents (path, variant->raw, -1, &error);
          g_assert_no_error (error);
        }
      else
        {
          g_autoptr(JsonNode) root = load_small_json (fixture);

          /* A newer version, so only the rule broken can stop the import. */
          json_object_set_string_member (json_node_get_object (root), "version", "test-broken");
          apply_edit (json_node_get_object (root), variant);
          path = write_json (fixture, name, root);
        }

      g_assert_false (jj_catalog_import_file (fixture->catalog, path, FALSE, &imported, &error));
      g_assert_false (imported);
      g_assert_error (error, JJ_CATALOG_ERROR, variant->code);
      g_test_message ("message: %s", error->message);
      g_assert_nonnull (strstr (error->message, path));
      if (variant->record != NULL)
        g_assert_nonnull (strstr (error->message, variant->record));
      if (variant->field != NULL)
        g_assert_nonnull (strstr (error->message, variant->field));

      assert_previous_catalogue_intact (fixture);
    }
}

static void
test_import_unreadable_rejected_previous_stays (Fixture       *fixture,
                                                gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->tmp_dir, "missing.json", NULL);
  g_autoptr(GError) error = NULL;
  gboolean imported = TRUE;

  import_file (fixture, fixture->small_path, FALSE, TRUE);

  g_assert_false (jj_catalog_import_file (fixture->catalog, path, FALSE, &imported, &error));
  g_assert_false (imported);
  g_assert_error (error, JJ_CATALOG_ERROR, JJ_CATALOG_ERROR_IO);
  g_assert_nonnull (strstr (error->message, path));
  assert_previous_catalogue_intact (fixture);
}

/* A catalogue download cut off at zero bytes, or only whitespace. */
static void
test_import_empty_file_rejected_previous_stays (Fixture       *fixture,
                                                gconstpointer  user_data)
{
  static const char * const contents[] = { "", " \n\t\n" };

  import_file (fixture, fixture->small_path, FALSE, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
    {
      g_autofree char *name = g_strdup_printf ("empty-%u.json", i);
      g_autofree char *path = g_build_filename (fixture->tmp_dir, name, NULL);
      g_autoptr(GError) error = NULL;
      gboolean imported = TRUE;

      g_file_set_contents (path, contents[i], -1, &error);
      g_assert_no_error (error);

      g_assert_false (jj_catalog_import_file (fixture->catalog, path, FALSE, &imported, &error));
      g_assert_false (imported);
      g_assert_error (error, JJ_CATALOG_ERROR, JJ_CATALOG_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, path));
      assert_previous_catalogue_intact (fixture);
    }
}

static void
test_bundled_is_valid_and_complete (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  const char *path = g_getenv ("JIUJIN_CATALOG");
  g_autoptr(JjCatalogDocument) document = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) township = NULL;
  g_autoptr(GListModel) village = NULL;
  g_autoptr(GPtrArray) bundles = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(JjMatter) pension = NULL;
  g_autoptr(GError) error = NULL;
  guint n_matters;

  if (path == NULL)
    {
      g_test_skip ("JIUJIN_CATALOG is not set");
      return;
    }

  document = jj_catalog_document_load (path, &error);
  g_assert_no_error (error);
  n_matters = jj_catalog_document_get_n_matters (document);
  g_assert_cmpuint (n_matters, >=, 120);
  g_assert_cmpuint (jj_catalog_document_get_n_bundles (document), >=, 5);

  import_file (fixture, path, FALSE, TRUE);

  all = query_all (fixture, JJ_LEVEL_ANY);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, n_matters);
  township = query_all (fixture, JJ_LEVEL_TOWNSHIP);
  village = query_all (fixture, JJ_LEVEL_VILLAGE);
  g_assert_cmpuint (g_list_model_get_n_items (township), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (village), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (township) + g_list_model_get_n_items (village),
                    ==, n_matters);

  for (guint i = 0; i < n_matters; i++)
    {
      g_autoptr(JjMatter) matter = g_list_model_get_item (all, i);
      const char *code = jj_matter_get_code (matter);

      g_assert_nonnull (matter);
      if (jj_matter_get_materials (matter)->len == 0 || jj_matter_get_steps (matter)->len == 0 ||
          !g_str_has_prefix (jj_matter_get_guide_url (matter), "https://"))
        g_error ("%s has no materials, no steps or no https guide_url", code);
      g_assert_cmpuint (g_strv_length ((char **) jj_matter_get_conditions (matter)), >=, 1);
      g_assert_true (g_str_has_prefix (code, jj_matter_get_level (matter) == JJ_LEVEL_TOWNSHIP
                                               ? "XZ-" : "CJ-"));
    }

  pension = lookup (fixture, "XZ-0001");
  g_assert_cmpstr (jj_matter_get_name (pension), ==, PENSION_NAME);

  categories = list_categories (fixture, JJ_LEVEL_ANY);
  g_assert_cmpuint (categories->len, >, 1);

  bundles = list_bundles (fixture);
  g_assert_cmpuint (bundles->len, >=, 5);
  for (guint i = 0; i < bundles->len; i++)
    {
      const JjBundle *bundle = g_ptr_array_index (bundles, i);

      g_test_message ("bundle %s", bundle->code);
      g_assert_cmpuint (g_strv_length (bundle->matter_codes), >=, 2);
      for (guint j = 0; bundle->matter_codes[j] != NULL; j++)
        {
          g_autoptr(JjMatter) member = lookup (fixture, bundle->matter_codes[j]);
          g_assert_nonnull (member);
        }
    }

  g_assert_true (jj_store_check_integrity (fixture->store, &error));
  g_assert_no_error (error);
}

/* The shipped catalogue comes in on first run and again only when the package ships a new
 * version; a catalogue imported by hand in between stays. */
static gboolean
import_bundled (Fixture    *fixture,
                const char *path)
{
  g_autoptr(GError) error = NULL;
  gboolean imported = FALSE;

  g_assert_true (jj_catalog_import_bundled (fixture->catalog, path, &imported, &error));
  g_assert_no_error (error);
  return imported;
}

static char *
write_small_version (Fixture    *fixture,
                     const char *version)
{
  g_autoptr(JsonNode) root = load_small_json (fixture);
  g_autofree char *name = g_strdup_printf ("%s.json", version);

  json_object_set_string_member (json_node_get_object (root), "version", version);
  return write_json (fixture, name, root);
}

static void
test_bundled_imported_once_per_shipped_version (Fixture       *fixture,
                                                gconstpointer  user_data)
{
  g_autofree char *county = write_small_version (fixture, "county-2");
  g_autofree char *shipped_2 = write_small_version (fixture, "shipped-2");
  g_autofree char *version = NULL;

  g_assert_true (import_bundled (fixture, fixture->small_path));
  g_assert_false (import_bundled (fixture, fixture->small_path));

  import_file (fixture, county, FALSE, TRUE);
  g_assert_false (import_bundled (fixture, fixture->small_path));
  version = jj_catalog_dup_version (fixture->catalog);
  g_assert_cmpstr (version, ==, "county-2");
  g_clear_pointer (&version, g_free);

  g_assert_true (import_bundled (fixture, shipped_2));
  version = jj_catalog_dup_version (fixture->catalog);
  g_assert_cmpstr (version, ==, "shipped-2");
}

static void
test_bundled_does_not_replace_earlier_manual_import (Fixture       *fixture,
                                                     gconstpointer  user_data)
{
  g_autofree char *county = write_small_version (fixture, "county-2");
  g_autofree char *shipped_2 = write_small_version (fixture, "shipped-2");
  g_autofree char *version = NULL;

  import_file (fixture, county, FALSE, TRUE);
  g_assert_false (import_bundled (fixture, fixture->small_path));
  version = jj_catalog_dup_version (fixture->catalog);
  g_assert_cmpstr (version, ==, "county-2");
  g_clear_pointer (&version, g_free);

  g_assert_true (import_bundled (fixture, shipped_2));
  version = jj_catalog_dup_version (fixture->catalog);
  g_assert_cmpstr (version, ==, "shipped-2");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/catalog/import/small-catalogue-is-complete", test_import_small_is_complete);
  ADD ("/catalog/import/lookup-returns-every-field", test_import_lookup_returns_every_field);
  ADD ("/catalog/import/same-version-is-skipped", test_import_same_version_is_skipped);
  ADD ("/catalog/import/version-bump-updates-and-preserves-user-data",
       test_import_version_bump_updates_and_preserves_user_data);
  ADD ("/catalog/import/malformed-rejected-previous-stays",
       test_import_malformed_rejected_previous_stays);
  ADD ("/catalog/import/unreadable-rejected-previous-stays",
       test_import_unreadable_rejected_previous_stays);
  ADD ("/catalog/import/empty-file-rejected-previous-stays",
       test_import_empty_file_rejected_previous_stays);
  ADD ("/catalog/bundled/is-valid-and-complete", test_bundled_is_valid_and_complete);
  ADD ("/catalog/bundled/imported-once-per-shipped-version",
       test_bundled_imported_once_per_shipped_version);
  ADD ("/catalog/bundled/does-not-replace-earlier-manual-import",
       test_bundled_does_not_replace_earlier_manual_import);
#undef ADD

  return g_test_run ();
}
