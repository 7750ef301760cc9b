/* test-search.c — finding matters by Chinese, pinyin or code, in a useful order
 *
 * Each test imports a catalogue into a real database in a fresh temporary folder: the small
 * test catalogue for exact results, the bundled one for what residents will really type.
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

#define SMALL   "small"
#define BUNDLED "bundled"

typedef struct
{
  char      *tmp_dir;
  JjStore   *store;
  JjCatalog *catalog;
  guint      n_matters;
} Fixture;

static char *
small_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "catalog-small.json", NULL);
}

static void
import_file (Fixture    *fixture,
             const char *path)
{
  g_autoptr(JjCatalogDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  gboolean imported = FALSE;

  document = jj_catalog_document_load (path, &error);
  g_assert_no_error (error);
  jj_catalog_import (fixture->catalog, document, FALSE, &imported, &error);
  g_assert_no_error (error);
  g_assert_true (imported);
  fixture->n_matters = jj_catalog_document_get_n_matters (document);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *path = NULL;

  fixture->tmp_dir = jj_test_make_tmp_dir ("jiujin-test-search-XXXXXX");
  data_dir = g_build_filename (fixture->tmp_dir, "data", NULL);
  fixture->store = jj_store_open (data_dir, &error);
  g_assert_no_error (error);
  fixture->catalog = jj_catalog_new (fixture->store);

  if (g_str_equal (user_data, BUNDLED))
    {
      if (g_getenv ("JIUJIN_CATALOG") == NULL)
        return;
      path = g_strdup (g_getenv ("JIUJIN_CATALOG"));
    }
  else
    path = small_path ();

  import_file (fixture, path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->catalog);
  g_clear_object (&fixture->store);
  g_assert_true (jj_test_remove_tree (fixture->tmp_dir));
  g_free (fixture->tmp_dir);
}

static gboolean
skip_without_catalogue (Fixture *fixture)
{
  if (fixture->n_matters > 0)
    return FALSE;
  g_test_skip ("JIUJIN_CATALOG is not set");
  return TRUE;
}

static GListModel *
search_full (Fixture    *fixture,
             const char *text,
             int         level,
             const char *category_id)
{
  g_autoptr(GError) error = NULL;
  JjMatterQuery query = { text, level, category_id };
  GListModel *model = jj_catalog_query (fixture->catalog, &query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

/* The codes of @model joined with spaces, to compare whole results in one assertion. */
static char *
join_codes (GListModel *model)
{
  GString *codes = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(JjMatter) matter = g_list_model_get_item (model, i);

      g_assert_true (JJ_IS_MATTER (matter));
      if (i > 0)
        g_string_append_c (codes, ' ');
      g_string_append (codes, jj_matter_get_code (matter));
    }
  return g_string_free (codes, FALSE);
}

static char *
search_codes_full (Fixture    *fixture,
                   const char *text,
                   int         level,
                   const char *category_id)
{
  g_autoptr(GListModel) model = search_full (fixture, text, level, category_id);

  return join_codes (model);
}

static char *
search_codes (Fixture    *fixture,
              const char *text)
{
  return search_codes_full (fixture, text, JJ_LEVEL_ANY, NULL);
}

/* @text shortened and made printable for a test message (TAP wants whole UTF-8 lines). */
static char *
display (const char *text)
{
  if (text == NULL)
    return g_strdup ("(null)");
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_iscntrl (*p))
      return g_strescape (text, NULL);
  if (!g_utf8_validate (text, -1, NULL))
    return g_strescape (text, NULL);
  if (g_utf8_strlen (text, -1) > 40)
    {
      g_autofree char *start = g_utf8_substring (text, 0, 40);
      return g_strdup_printf ("%s… (%zu bytes)", start, strlen (text));
    }
  return g_strdup (text);
}

#define assert_search(fixture, text, expected)                   \
  G_STMT_START {                                                 \
    g_autofree char *codes_ = search_codes ((fixture), (text));  \
    g_autofree char *shown_ = display (text);                    \
    g_test_message ("search “%s”: %s", shown_, codes_);          \
    g_assert_cmpstr (codes_, ==, (expected));                    \
  } G_STMT_END

static gboolean
has_code (const char *codes,
          const char *code)
{
  g_auto(GStrv) list = g_strsplit (codes, " ", -1);

  return g_strv_contains ((const char * const *) list, code);
}

static void
assert_finds (Fixture    *fixture,
              const char *text,
              const char *code)
{
  g_autofree char *codes = search_codes (fixture, text);
  g_autofree char *shown = display (text);

  g_test_message ("search “%s”: %s", shown, codes);
  g_assert_true (has_code (codes, code));
}

static void
assert_first (Fixture    *fixture,
              const char *text,
              const char *code)
{
  g_autoptr(GListModel) model = search_full (fixture, text, JJ_LEVEL_ANY, NULL);
  g_autoptr(JjMatter) first = NULL;
  g_autofree char *shown = display (text);

  g_test_message ("search “%s”: %u results", shown, g_list_model_get_n_items (model));
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  first = g_list_model_get_item (model, 0);
  g_assert_cmpstr (jj_matter_get_code (first), ==, code);
}

static void
test_chinese_one_to_four_characters (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  static const char * const queries[] = { "养", "养老", "养老保", "养老保险",
                                          "基本养老保险参保登记" };

  if (skip_without_catalogue (fixture))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    assert_finds (fixture, queries[i], "XZ-0001");

  if (g_str_equal (user_data, SMALL))
    {
      assert_search (fixture, "养", "XZ-0001");
      assert_search (fixture, "养老保险", "XZ-0001");
      assert_search (fixture, "保险", "XZ-0001 XZ-0002");
      assert_search (fixture, "城乡居民基本养老保险参保登记", "XZ-0001");
      assert_search (fixture, "养老保险参保登记申请", "");
    }
}

/* The text of a guide counts too: a resident remembers "户口簿", not the matter's name. */
static void
test_chinese_body_text_finds_matter (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjMatter) pension = NULL;
  GPtrArray *materials;
  const char *name;
  guint tried = 0;

  if (skip_without_catalogue (fixture))
    return;

  if (g_str_equal (user_data, SMALL))
    {
      /* 1 and 2 characters are scanned, 3 and more go through the trigram index. */
      assert_search (fixture, "簿", "XZ-0001 XZ-0002 XZ-0003 CJ-0001");
      assert_search (fixture, "户口", "XZ-0001 XZ-0002 XZ-0003 CJ-0001");
      assert_search (fixture, "户口簿", "XZ-0001 XZ-0002 XZ-0003 CJ-0001");
      assert_search (fixture, "户籍变动时提供", "XZ-0001 XZ-0002 XZ-0003 CJ-0001");
      assert_search (fixture, "村民委员会", "CJ-0001");
      assert_search (fixture, "缴费档次", "XZ-0001");
      assert_search (fixture, "户口薄", "");
      return;
    }

  /* In the bundled catalogue: every character of XZ-0001's materials that is neither in its
   * name nor its keywords, and every whole material name. */
  pension = jj_catalog_lookup (fixture->catalog, "XZ-0001", &error);
  g_assert_no_error (error);
  name = jj_matter_get_name (pension);
  materials = jj_matter_get_materials (pension);
  g_assert_cmpuint (materials->len, >, 0);

  for (guint i = 0; i < materials->len; i++)
    {
      const JjMaterial *material = g_ptr_array_index (materials, i);

      assert_finds (fixture, material->name, "XZ-0001");
      for (const char *p = material->name; *p != '\0'; p = g_utf8_next_char (p))
        {
          char character[8] = { 0 };
          const char * const *keywords = jj_matter_get_keywords (pension);
          gboolean elsewhere = FALSE;

          if (!g_unichar_isalpha (g_utf8_get_char (p)))
            continue;
          g_unichar_to_utf8 (g_utf8_get_char (p), character);
          elsewhere = strstr (name, character) != NULL;
          for (guint k = 0; keywords[k] != NULL; k++)
            elsewhere = elsewhere || strstr (keywords[k], character) != NULL;
          if (elsewhere)
            continue;

          assert_finds (fixture, character, "XZ-0001");
          tried++;
        }
    }
  g_assert_cmpuint (tried, >, 0);
}

static void
test_pinyin_lists_pension_first (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  static const char * const queries[] = { "ylbx", "yanglao", "yanglaobaoxian", "YangLao",
                                          "yang'lao", "ｙｌｂｘ" };

  if (skip_without_catalogue (fixture))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    assert_first (fixture, queries[i], "XZ-0001");

  if (g_str_equal (user_data, SMALL))
    {
      /* 医疗保险 (yi liao bao xian) has the same initials. */
      assert_search (fixture, "ylbx", "XZ-0001 XZ-0002");
      assert_search (fixture, "yanglao", "XZ-0001");
      assert_search (fixture, "yanglao baoxian", "XZ-0001");
    }
}

static void
write_json (const char *path,
            JsonNode   *root)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = json_to_string (root, TRUE);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static JsonObject *
find_matter (JsonObject *root,
             const char *code)
{
  JsonArray *matters = json_object_get_array_member (root, "matters");

  for (guint i = 0; i < json_array_get_length (matters); i++)
    {
      JsonObject *matter = json_array_get_object_element (matters, i);

      if (g_str_equal (json_object_get_string_member (matter, "code"), code))
        return matter;
    }
  g_error ("no matter %s in the test catalogue", code);
}

/* The small catalogue with a term, 津贴, in the name of XZ-0003, the keywords of CJ-0001 and
 * only the steps of XZ-0002 (which come first in catalogue order); and with 城乡医疗 (cheng xiang
 * yi liao) and 银龄 (yin ling) so that "yil" is full pinyin for one and not for the other. */
static void
import_ranking_catalogue (Fixture *fixture)
{
  g_autofree char *source = small_path ();
  g_autofree char *path = g_build_filename (fixture->tmp_dir, "ranking.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *matter, *step;
  JsonArray *keywords;

  json_parser_load_from_file (parser, source, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  json_object_set_string_member (root, "version", "ranking-1");

  matter = find_matter (root, "XZ-0002");
  json_object_set_string_member (matter, "name", "银龄补贴申请");
  step = json_array_get_object_element (json_object_get_array_member (matter, "steps"), 0);
  json_object_set_string_member (step, "description", "核对材料，发放津贴前公示。");

  matter = find_matter (root, "CJ-0001");
  json_object_set_string_member (matter, "name", "城乡医疗救助证明");
  keywords = json_array_new ();
  json_array_add_string_element (keywords, "证明");
  json_array_add_string_element (keywords, "津贴");
  json_object_set_array_member (matter, "keywords", keywords);

  write_json (path, json_parser_get_root (parser));
  import_file (fixture, path);
}

static void
test_pinyin_initials_and_full (Fixture       *fixture,
                               gconstpointer  user_data)
{
  assert_search (fixture, "gaoling", "XZ-0003");
  assert_search (fixture, "gl", "XZ-0003");
  assert_search (fixture, "gaol", "XZ-0003");
  assert_search (fixture, "glj", "XZ-0003");
  assert_search (fixture, "gao ling", "XZ-0003");
  assert_search (fixture, "jzzm", "CJ-0001");
  assert_search (fixture, "juzhuzhengming", "CJ-0001");
  assert_search (fixture, "cxjm", "XZ-0001 XZ-0002");
  assert_search (fixture, "ylbxz", "");

  /* Full syllables rank above initials, even when the initials match earlier in the name; a
   * match at the start of the name ranks above later ones, which keep the catalogue's order. */
  import_ranking_catalogue (fixture);
  assert_search (fixture, "yl", "XZ-0002 XZ-0001 CJ-0001");
  assert_search (fixture, "yil", "CJ-0001 XZ-0002");
  assert_search (fixture, "yiliao", "CJ-0001");
}

static void
test_code_finds_matter (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GListModel) village = NULL;
  g_autoptr(JjMatter) first_village = NULL;
  g_autofree char *village_code = NULL;

  if (skip_without_catalogue (fixture))
    return;

  assert_first (fixture, "xz-0003", "XZ-0003");
  assert_first (fixture, "XZ-0003", "XZ-0003");
  assert_first (fixture, "xz-0001", "XZ-0001");

  village = search_full (fixture, NULL, JJ_LEVEL_VILLAGE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (village), >, 0);
  first_village = g_list_model_get_item (village, 0);
  village_code = g_ascii_strdown (jj_matter_get_code (first_village), -1);
  assert_first (fixture, village_code, jj_matter_get_code (first_village));

  if (g_str_equal (user_data, SMALL))
    {
      assert_search (fixture, "xz-0003", "XZ-0003");
      assert_search (fixture, " CJ-0001 ", "CJ-0001");
      assert_search (fixture, "xz-9999", "");
    }
}

static void
test_ranking_name_above_keyword_above_body (Fixture       *fixture,
                                            gconstpointer  user_data)
{
  /* 证 is in CJ-0001's name (居住证明), and only in the materials (居民身份证) of the others. */
  assert_search (fixture, "证", "CJ-0001 XZ-0001 XZ-0002 XZ-0003");

  import_ranking_catalogue (fixture);
  assert_search (fixture, "津贴", "XZ-0003 CJ-0001 XZ-0002");
  assert_search (fixture, "jintie", "XZ-0003 CJ-0001");
  assert_search (fixture, "发放津贴", "XZ-0002");
}

/* Only what a person reads is searched: not the catalogue's own codes for material forms, form
 * field ids and types, or validation patterns, which would turn short pinyin such as "ban" or
 * "bu" into hits on every matter with a bank_account or contribution_level field. */
static void
test_body_ignores_machine_values (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  static const char * const machine[] = { "original", "copy", "bank_account",
                                          "contribution_level", "choice", "ban", "^[0-9]",
                                          "{12,19}" };

  /* Human text of the same fields is searchable. */
  assert_search (fixture, "缴费档次", "XZ-0001");
  assert_search (fixture, "300元", "XZ-0001");
  assert_search (fixture, "请输入12到19位数字的银行账号", "XZ-0003");

  for (guint i = 0; i < G_N_ELEMENTS (machine); i++)
    assert_search (fixture, machine[i], "");
}

static void
test_filter_level_and_category (Fixture       *fixture,
                                gconstpointer  user_data)
{
  static const struct
  {
    const char *text;
    int         level;
    const char *category_id;
    const char *expected;
  } cases[] = {
    { NULL, JJ_LEVEL_ANY, NULL, "XZ-0001 XZ-0002 XZ-0003 CJ-0001" },
    { NULL, JJ_LEVEL_VILLAGE, NULL, "CJ-0001" },
    { NULL, JJ_LEVEL_TOWNSHIP, NULL, "XZ-0001 XZ-0002 XZ-0003" },
    { NULL, JJ_LEVEL_ANY, "civil-affairs", "XZ-0003 CJ-0001" },
    { NULL, JJ_LEVEL_VILLAGE, "civil-affairs", "CJ-0001" },
    { NULL, JJ_LEVEL_VILLAGE, "social-insurance", "" },
    { "证", JJ_LEVEL_TOWNSHIP, NULL, "XZ-0001 XZ-0002 XZ-0003" },
    { "证", JJ_LEVEL_ANY, "civil-affairs", "CJ-0001 XZ-0003" },
    { "养老", JJ_LEVEL_VILLAGE, NULL, "" },
    { "ylbx", JJ_LEVEL_TOWNSHIP, "social-insurance", "XZ-0001" },
    { "", JJ_LEVEL_ANY, "no-such-category", "" },
    { "", JJ_LEVEL_ANY, "civil-affairs' OR '1'='1", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *codes = search_codes_full (fixture, cases[i].text, cases[i].level,
                                                  cases[i].category_id);

      g_test_message ("case %u: %s", i, codes);
      g_assert_cmpstr (codes, ==, cases[i].expected);
    }
}

static void
test_multi_term_all_must_match (Fixture       *fixture,
                                gconstpointer  user_data)
{
  if (skip_without_catalogue (fixture))
    return;

  assert_finds (fixture, "养老 登记", "XZ-0001");
  assert_finds (fixture, "登记 养老", "XZ-0001");
  assert_finds (fixture, "yanglao 登记", "XZ-0001");

  if (g_str_equal (user_data, SMALL))
    {
      assert_search (fixture, "登记", "XZ-0001 XZ-0002");
      assert_search (fixture, "养老 登记", "XZ-0001");
      assert_search (fixture, "登记 养老", "XZ-0001");
      assert_search (fixture, "  养老\t登记\n", "XZ-0001");
      assert_search (fixture, "养老\u3000登记", "XZ-0001");
      assert_search (fixture, "养老 医疗", "");
      assert_search (fixture, "津贴 户口簿", "XZ-0003");
    }
}

static void
test_hostile_input_never_fails (Fixture       *fixture,
                                gconstpointer  user_data)
{
  static const char * const queries[] = {
    "\"", "'", "*", "OR", "AND", "NOT", "NEAR(", "NEAR(养老 医疗, 2)", "养老\" OR \"医疗",
    "\"养老\"", "\"\"\"", "养老*", "^", "^养老", "-", "-养老", ":", "name:养老", "body : \"x\"",
    "{name keywords}: 养老", "\\", "\\\"", "%", "_", "%养%", "(", ")", "[", "]",
    "'; DROP TABLE matters; --",
    "😀", "养老😀", "👨‍👩‍👧", "\xff\xfe", "\xe5\x85", "养\xe8老", "\x01\x02\x1b[31m", "\x7f",
    "\u200b", "\u00a0", "\ufeff养老",
  };
  g_autofree char *long_quotes = g_strnfill (4096, '"');
  g_autofree char *long_letters = g_strnfill (4096, 'y');
  g_autoptr(GString) long_han = g_string_new (NULL);
  g_autoptr(GString) many_terms = g_string_new (NULL);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autofree char *everything = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_catalogue (fixture))
    return;

  while (long_han->len < 4096)
    g_string_append (long_han, "养老保险");
  while (many_terms->len < 4096)
    g_string_append (many_terms, "养老 ");

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    g_ptr_array_add (all, (gpointer) queries[i]);
  g_ptr_array_add (all, long_quotes);
  g_ptr_array_add (all, long_letters);
  g_ptr_array_add (all, long_han->str);
  g_ptr_array_add (all, many_terms->str);

  for (guint i = 0; i < all->len; i++)
    {
      g_autoptr(GListModel) model = NULL;
      g_autofree char *shown = display (g_ptr_array_index (all, i));

      model = search_full (fixture, g_ptr_array_index (all, i), JJ_LEVEL_ANY, NULL);
      g_test_message ("query %u: “%s”: %u results", i, shown, g_list_model_get_n_items (model));
      g_assert_cmpuint (g_list_model_get_n_items (model), <=, fixture->n_matters);
      g_free (join_codes (model));
    }

  /* Nothing typed is an operator: OR does not widen, quotes and stars do not change a term. */
  {
    g_autofree char *codes = search_codes (fixture, "养老 OR 医疗");
    g_assert_false (has_code (codes, "XZ-0002"));
  }
  assert_finds (fixture, many_terms->str, "XZ-0001");
  assert_finds (fixture, "养\x01老", "XZ-0001");

  /* Empty and blank list everything, in catalogue order. */
  everything = search_codes_full (fixture, NULL, JJ_LEVEL_ANY, NULL);
  assert_search (fixture, "", everything);
  assert_search (fixture, " ", everything);
  assert_search (fixture, " \t\r\n\u3000 ", everything);

  if (g_str_equal (user_data, SMALL))
    g_assert_cmpstr (everything, ==, "XZ-0001 XZ-0002 XZ-0003 CJ-0001");

  g_assert_true (jj_store_check_integrity (fixture->store, &error));
  g_assert_no_error (error);
}

typedef struct
{
  GMainLoop  *loop;
  GListModel *model;
  GError     *error;
} AsyncResult;

static void
query_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncResult *async = user_data;

  async->model = jj_catalog_query_finish (JJ_CATALOG (source), result, &async->error);
  g_main_loop_quit (async->loop);
}

static GListModel *
query_async (Fixture             *fixture,
             const JjMatterQuery *query,
             GCancellable        *cancellable,
             GError             **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  AsyncResult async = { NULL, NULL, NULL };

  g_main_context_push_thread_default (context);
  async.loop = g_main_loop_new (context, FALSE);
  jj_catalog_query_async (fixture->catalog, query, cancellable, query_done, &async);
  g_main_loop_run (async.loop);
  g_main_loop_unref (async.loop);
  g_main_context_pop_thread_default (context);

  if (async.error != NULL)
    g_propagate_error (error, async.error);
  return async.model;
}

static void
test_async_same_as_sync (Fixture       *fixture,
                         gconstpointer  user_data)
{
  static const JjMatterQuery queries[] = {
    { NULL, JJ_LEVEL_ANY, NULL },
    { "养老", JJ_LEVEL_ANY, NULL },
    { "ylbx", JJ_LEVEL_ANY, NULL },
    { "证", JJ_LEVEL_TOWNSHIP, NULL },
    { "", JJ_LEVEL_ANY, "civil-affairs" },
    { "养老\" OR \"医疗", JJ_LEVEL_ANY, NULL },
  };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GListModel) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  char *expected[G_N_ELEMENTS (queries)];

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GListModel) sync_model = jj_catalog_query (fixture->catalog, &queries[i], &error);
      g_autoptr(GListModel) async_model = NULL;
      g_autofree char *sync_codes = NULL;
      g_autofree char *async_codes = NULL;

      g_assert_no_error (error);
      async_model = query_async (fixture, &queries[i], NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (async_model);

      sync_codes = join_codes (sync_model);
      async_codes = join_codes (async_model);
      g_test_message ("query %u: %s", i, async_codes);
      g_assert_cmpstr (async_codes, ==, sync_codes);
      expected[i] = g_steal_pointer (&sync_codes);
    }

  /* Several in flight at once share the store safely. */
  {
    g_autoptr(GMainContext) context = g_main_context_new ();
    AsyncResult results[8] = { { NULL } };
    char *codes = NULL;
    GMainLoop *loop;

    g_main_context_push_thread_default (context);
    loop = g_main_loop_new (context, FALSE);
    for (guint i = 0; i < G_N_ELEMENTS (results); i++)
      {
        results[i].loop = loop;
        jj_catalog_query_async (fixture->catalog, &queries[i % G_N_ELEMENTS (queries)], NULL,
                                query_done, &results[i]);
      }
    for (guint i = 0; i < G_N_ELEMENTS (results); i++)
      {
        while (results[i].model == NULL && results[i].error == NULL)
          g_main_context_iteration (context, TRUE);
        g_assert_no_error (results[i].error);
        codes = join_codes (results[i].model);
        g_assert_cmpstr (codes, ==, expected[i % G_N_ELEMENTS (queries)]);
        g_clear_pointer (&codes, g_free);
        g_clear_object (&results[i].model);
      }
    for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
      g_free (expected[i]);
    g_main_loop_unref (loop);
    g_main_context_pop_thread_default (context);
  }

  g_cancellable_cancel (cancellable);
  cancelled = query_async (fixture, &queries[1], cancellable, &error);
  g_assert_null (cancelled);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_model_items_are_matters (Fixture       *fixture,
                              gconstpointer  user_data)
{
  static const char * const codes[] = { "XZ-0001", "XZ-0002", "XZ-0003", "CJ-0001" };
  static const char * const names[] = { "城乡居民基本养老保险参保登记",
                                        "城乡居民基本医疗保险参保登记", "高龄津贴申请",
                                        "居住证明" };
  g_autoptr(GListModel) model = search_full (fixture, NULL, JJ_LEVEL_ANY, NULL);
  g_autoptr(JjMatter) first = NULL;
  g_autoptr(JjMatter) again = NULL;

  g_assert_true (G_IS_LIST_MODEL (model));
  g_assert_cmpuint (g_list_model_get_item_type (model), ==, JJ_TYPE_MATTER);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (codes));

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_object (model, i);

      g_assert_true (JJ_IS_MATTER (item));
      g_assert_cmpstr (jj_matter_get_code (JJ_MATTER (item)), ==, codes[i]);
      g_assert_cmpstr (jj_matter_get_name (JJ_MATTER (item)), ==, names[i]);
      g_assert_cmpuint (jj_matter_get_materials (JJ_MATTER (item))->len, ==, 2);
    }
  g_assert_null (g_list_model_get_item (model, G_N_ELEMENTS (codes)));
  g_assert_null (g_list_model_get_item (model, G_MAXUINT));

  /* Loaded once, then the same object. */
  first = g_list_model_get_item (model, 2);
  again = g_list_model_get_item (model, 2);
  g_assert_true (first == again);
}

int
main (int    argc,
      char **argv)
{
  static const char * const catalogues[] = { SMALL, BUNDLED };

  g_test_init (&argc, &argv, NULL);

#define ADD(catalogue, path, func)                                                            \
  G_STMT_START {                                                                              \
    g_autofree char *full_path_ = g_strdup_printf ("/search/%s/%s", (catalogue), (path));     \
    g_test_add (full_path_, Fixture, (catalogue), fixture_set_up, func, fixture_tear_down);   \
  } G_STMT_END

  for (guint i = 0; i < G_N_ELEMENTS (catalogues); i++)
    {
      ADD (catalogues[i], "chinese/one-to-four-characters-find-pension",
           test_chinese_one_to_four_characters);
      ADD (catalogues[i], "chinese/body-text-finds-matter", test_chinese_body_text_finds_matter);
      ADD (catalogues[i], "pinyin/lists-pension-first", test_pinyin_lists_pension_first);
      ADD (catalogues[i], "code/finds-matter", test_code_finds_matter);
      ADD (catalogues[i], "multi-term/all-terms-must-match", test_multi_term_all_must_match);
      ADD (catalogues[i], "hostile-input/never-fails", test_hostile_input_never_fails);
    }
  ADD (SMALL, "pinyin/initials-and-full-syllables", test_pinyin_initials_and_full);
  ADD (SMALL, "ranking/name-above-keyword-above-body", test_ranking_name_above_keyword_above_body);
  ADD (SMALL, "body/ignores-machine-values", test_body_ignores_machine_values);
  ADD (SMALL, "filter/level-and-category", test_filter_level_and_category);
  ADD (SMALL, "async/same-as-sync", test_async_same_as_sync);
  ADD (SMALL, "model/items-are-matters", test_model_items_are_matters);
#undef ADD

  return g_test_run ();
}
