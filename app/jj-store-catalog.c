/* jj-store-catalog.c — the catalogue's SQL
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "jj-catalog-document-private.h"
#include "jj-matter-private.h"
#include "jj-pinyin.h"
#include "jj-search-private.h"
#include "jj-store-catalog-private.h"

/* Keywords are kept apart in pinyin by a token no query piece can match, so initials never
 * run from one keyword into the next. */
#define KEYWORD_SEPARATOR " | "

/* FTS5's trigram tokenizer only finds substrings of three characters or more. */
#define TRIGRAM_MIN_CHARS 3

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  return text != NULL ? text : "";
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (!json_parser_load_from_data (parser, text, -1, NULL) || json_parser_get_root (parser) == NULL)
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

static char **
strv_from_json (const char *text)
{
  g_autoptr(JsonNode) root = parse_json (text);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *str = json_array_get_string_element (array, i);
          if (str != NULL)
            g_strv_builder_add (builder, str);
        }
    }
  return g_strv_builder_end (builder);
}

static GPtrArray *
materials_from_json (const char *text)
{
  g_autoptr(JsonNode) root = parse_json (text);
  GPtrArray *materials = g_ptr_array_new_with_free_func ((GDestroyNotify) jj_material_free);

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return materials;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      JsonObject *object = json_array_get_object_element (json_node_get_array (root), i);
      JjMaterial *material = jj_material_new ();

      material->name = g_strdup (json_object_get_string_member_with_default (object, "name", ""));
      material->notes = g_strdup (json_object_get_string_member_with_default (object, "notes", ""));
      material->count = json_object_get_int_member_with_default (object, "count", 1);
      material->required = json_object_get_boolean_member_with_default (object, "required", TRUE);
      if (!jj_material_form_from_string (json_object_get_string_member_with_default (object, "form", ""),
                                         &material->form))
        material->form = JJ_MATERIAL_ORIGINAL;
      g_ptr_array_add (materials, material);
    }
  return materials;
}

static GPtrArray *
steps_from_json (const char *text)
{
  g_autoptr(JsonNode) root = parse_json (text);
  GPtrArray *steps = g_ptr_array_new_with_free_func ((GDestroyNotify) jj_step_free);

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return steps;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      JsonObject *object = json_array_get_object_element (json_node_get_array (root), i);

      g_ptr_array_add (steps,
                       jj_step_new (json_object_get_string_member_with_default (object, "title", ""),
                                    json_object_get_string_member_with_default (object, "description", "")));
    }
  return steps;
}

/* Appends, one per line, the strings people read in @node: the string itself, or the listed
 * @members of each object of an array (recursively, so a field's validation message is found).
 * Machine values — material form codes, field ids and types, patterns — are left out, so that
 * typing "copy" or "ban" does not match every guide. */
static void
append_readable (GString            *out,
                 JsonNode           *node,
                 const char * const *members)
{
  if (node == NULL)
    return;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    g_string_append_printf (out, "%s\n", json_node_get_string (node));
  else if (JSON_NODE_HOLDS_ARRAY (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      append_readable (out, json_array_get_element (json_node_get_array (node), i), members);
  else if (JSON_NODE_HOLDS_OBJECT (node))
    for (guint i = 0; members[i] != NULL; i++)
      append_readable (out, json_object_get_member (json_node_get_object (node), members[i]),
                       members);
}

static void
append_readable_json (GString            *out,
                      const char         *json,
                      const char * const *members)
{
  g_autoptr(JsonNode) root = parse_json (json);
  append_readable (out, root, members);
}

static char *
keywords_pinyin (char **keywords)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; keywords[i] != NULL; i++)
    {
      g_autofree char *syllables = jj_pinyin_syllables (keywords[i]);

      if (out->len > 0)
        g_string_append (out, KEYWORD_SEPARATOR);
      g_string_append (out, syllables);
    }
  return g_string_free (out, FALSE);
}

gboolean
jj_store_catalog_reindex (JjStore  *self,
                          GError  **error)
{
  sqlite3_stmt *rows, *update, *clear, *insert;
  int rc;

  static const char * const material_text[] = { "name", "notes", NULL };
  static const char * const step_text[] = { "title", "description", NULL };
  static const char * const form_text[] = { "fields", "label", "help", "options", "validation",
                                            "message", NULL };
  static const char * const no_members[] = { NULL };

  if (!(rows = jj_store_prepare (self,
                                 "SELECT m.id, m.name, m.keywords, m.department, c.name, m.location,"
                                 "       m.fee, m.conditions, m.materials, m.steps, m.form"
                                 "  FROM matters m JOIN categories c ON c.id = m.category_id",
                                 error)))
    return FALSE;
  if (!(update = jj_store_prepare (self,
                                   "UPDATE matters SET name_folded = ?2, keywords_folded = ?3,"
                                   "       name_pinyin = ?4, keywords_pinyin = ?5 WHERE id = ?1",
                                   error)) ||
      !(clear = jj_store_prepare (self, "DELETE FROM matter_text", error)) ||
      !(insert = jj_store_prepare (self,
                                   "INSERT INTO matter_text (rowid, name, keywords, body)"
                                   " VALUES (?1, ?2, ?3, ?4)",
                                   error)))
    return FALSE;

  if (sqlite3_step (clear) != SQLITE_DONE)
    return jj_store_set_error (self, error, "matter_text");

  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (rows, 0);
      g_auto(GStrv) keywords = strv_from_json (column_text (rows, 2));
      g_autofree char *joined = g_strjoinv (" ", keywords);
      g_autofree char *name_folded = jj_search_fold (column_text (rows, 1));
      g_autofree char *keywords_folded = jj_search_fold (joined);
      g_autofree char *name_pinyin = jj_pinyin_syllables (column_text (rows, 1));
      g_autofree char *kw_pinyin = keywords_pinyin (keywords);
      g_autofree char *body_folded = NULL;
      GString *body = g_string_new (NULL);

      for (int column = 3; column <= 6; column++)
        g_string_append_printf (body, "%s\n", column_text (rows, column));
      append_readable_json (body, column_text (rows, 7), no_members);
      append_readable_json (body, column_text (rows, 8), material_text);
      append_readable_json (body, column_text (rows, 9), step_text);
      append_readable_json (body, column_text (rows, 10), form_text);
      body_folded = jj_search_fold (body->str);
      g_string_free (body, TRUE);

      sqlite3_reset (update);
      sqlite3_bind_int64 (update, 1, id);
      sqlite3_bind_text (update, 2, name_folded, -1, SQLITE_STATIC);
      sqlite3_bind_text (update, 3, keywords_folded, -1, SQLITE_STATIC);
      sqlite3_bind_text (update, 4, name_pinyin, -1, SQLITE_STATIC);
      sqlite3_bind_text (update, 5, kw_pinyin, -1, SQLITE_STATIC);
      if (sqlite3_step (update) != SQLITE_DONE)
        break;

      sqlite3_reset (insert);
      sqlite3_bind_int64 (insert, 1, id);
      sqlite3_bind_text (insert, 2, name_folded, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, keywords_folded, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, body_folded, -1, SQLITE_STATIC);
      if (sqlite3_step (insert) != SQLITE_DONE)
        break;
    }

  if (rc != SQLITE_DONE)
    {
      jj_store_set_error (self, error, _("Could not index the catalogue for search"));
      sqlite3_reset (rows);
      return FALSE;
    }
  sqlite3_reset (rows);
  return TRUE;
}

static gboolean
step_done (JjStore       *self,
           sqlite3_stmt  *stmt,
           const char    *what,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || jj_store_set_error (self, error, what);
}

static void
bind_member (sqlite3_stmt *stmt,
             int           index,
             JsonObject   *object,
             const char   *member)
{
  sqlite3_bind_text (stmt, index, json_object_get_string_member (object, member), -1,
                     SQLITE_TRANSIENT);
}

static void
bind_json (sqlite3_stmt *stmt,
           int           index,
           JsonObject   *object,
           const char   *member)
{
  sqlite3_bind_text (stmt, index, jj_catalog_json_member_to_string (object, member), -1, g_free);
}

static gboolean
write_categories (JjStore            *self,
                  JjCatalogDocument  *document,
                  GError            **error)
{
  sqlite3_stmt *upsert = jj_store_prepare (self,
                                           "INSERT INTO categories (id, name, sort_order)"
                                           " VALUES (?1, ?2, ?3) ON CONFLICT (id) DO UPDATE"
                                           " SET name = excluded.name, sort_order = excluded.sort_order",
                                           error);
  if (upsert == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (document->categories); i++)
    {
      JsonObject *category = json_array_get_object_element (document->categories, i);

      bind_member (upsert, 1, category, "id");
      bind_member (upsert, 2, category, "name");
      sqlite3_bind_int (upsert, 3, i);
      if (!step_done (self, upsert, "categories", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_matters (JjStore            *self,
               JjCatalogDocument  *document,
               GError            **error)
{
  sqlite3_stmt *withdraw, *upsert;

  if (!(withdraw = jj_store_prepare (self, "UPDATE matters SET withdrawn = 1", error)) ||
      !step_done (self, withdraw, "matters", error))
    return FALSE;

  upsert = jj_store_prepare (self,
                             "INSERT INTO matters (code, name, level, department, category_id,"
                             "  handling_type, legal_limit_days, promised_limit_days, fee, location,"
                             "  hours, phone, guide_url, keywords, conditions, materials, steps, form,"
                             "  sort_order, withdrawn)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                             "  ?15, ?16, ?17, ?18, ?19, 0)"
                             " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
                             "  level = excluded.level, department = excluded.department,"
                             "  category_id = excluded.category_id,"
                             "  handling_type = excluded.handling_type,"
                             "  legal_limit_days = excluded.legal_limit_days,"
                             "  promised_limit_days = excluded.promised_limit_days,"
                             "  fee = excluded.fee, location = excluded.location,"
                             "  hours = excluded.hours, phone = excluded.phone,"
                             "  guide_url = excluded.guide_url, keywords = excluded.keywords,"
                             "  conditions = excluded.conditions, materials = excluded.materials,"
                             "  steps = excluded.steps, form = excluded.form,"
                             "  sort_order = excluded.sort_order, withdrawn = 0",
                             error);
  if (upsert == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (document->matters); i++)
    {
      JsonObject *matter = json_array_get_object_element (document->matters, i);

      bind_member (upsert, 1, matter, "code");
      bind_member (upsert, 2, matter, "name");
      bind_member (upsert, 3, matter, "level");
      bind_member (upsert, 4, matter, "department");
      bind_member (upsert, 5, matter, "category");
      bind_member (upsert, 6, matter, "handling_type");
      sqlite3_bind_int64 (upsert, 7, json_object_get_int_member (matter, "legal_limit_days"));
      sqlite3_bind_int64 (upsert, 8, json_object_get_int_member (matter, "promised_limit_days"));
      bind_member (upsert, 9, matter, "fee");
      bind_member (upsert, 10, matter, "location");
      bind_member (upsert, 11, matter, "hours");
      bind_member (upsert, 12, matter, "phone");
      bind_member (upsert, 13, matter, "guide_url");
      bind_json (upsert, 14, matter, "keywords");
      bind_json (upsert, 15, matter, "conditions");
      bind_json (upsert, 16, matter, "materials");
      bind_json (upsert, 17, matter, "steps");
      bind_json (upsert, 18, matter, "form");
      sqlite3_bind_int (upsert, 19, i);
      if (!step_done (self, upsert, json_object_get_string_member (matter, "code"), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_bundles (JjStore            *self,
               JjCatalogDocument  *document,
               GError            **error)
{
  sqlite3_stmt *withdraw, *upsert, *clear, *member;

  if (!(withdraw = jj_store_prepare (self, "UPDATE bundles SET withdrawn = 1", error)) ||
      !step_done (self, withdraw, "bundles", error) ||
      !(clear = jj_store_prepare (self, "DELETE FROM bundle_matters", error)) ||
      !step_done (self, clear, "bundle_matters", error))
    return FALSE;

  if (!(upsert = jj_store_prepare (self,
                                   "INSERT INTO bundles (code, name, level, description, keywords,"
                                   "  sort_order, withdrawn) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)"
                                   " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
                                   "  level = excluded.level, description = excluded.description,"
                                   "  keywords = excluded.keywords, sort_order = excluded.sort_order,"
                                   "  withdrawn = 0 RETURNING id",
                                   error)) ||
      !(member = jj_store_prepare (self,
                                   "INSERT INTO bundle_matters (bundle_id, position, matter_id)"
                                   " SELECT ?1, ?2, id FROM matters WHERE code = ?3",
                                   error)))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (document->bundles); i++)
    {
      JsonObject *bundle = json_array_get_object_element (document->bundles, i);
      JsonArray *matters = json_object_get_array_member (bundle, "matters");
      gint64 bundle_id;

      bind_member (upsert, 1, bundle, "code");
      bind_member (upsert, 2, bundle, "name");
      bind_member (upsert, 3, bundle, "level");
      bind_member (upsert, 4, bundle, "description");
      bind_json (upsert, 5, bundle, "keywords");
      sqlite3_bind_int (upsert, 6, i);
      if (sqlite3_step (upsert) != SQLITE_ROW)
        {
          sqlite3_reset (upsert);
          return jj_store_set_error (self, error, "bundles");
        }
      bundle_id = sqlite3_column_int64 (upsert, 0);
      sqlite3_reset (upsert);

      for (guint j = 0; j < json_array_get_length (matters); j++)
        {
          sqlite3_bind_int64 (member, 1, bundle_id);
          sqlite3_bind_int (member, 2, j);
          sqlite3_bind_text (member, 3, json_array_get_string_element (matters, j), -1,
                             SQLITE_TRANSIENT);
          if (!step_done (self, member, "bundle_matters", error))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
jj_store_catalog_replace (JjStore            *self,
                          JjCatalogDocument  *document,
                          GError            **error)
{
  g_autofree char *imported_at = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  sqlite3_stmt *prune;
  gboolean ok;

  imported_at = g_date_time_format_iso8601 (now);

  jj_store_lock (self);
  ok = jj_store_begin (self, error) &&
       write_categories (self, document, error) &&
       write_matters (self, document, error) &&
       write_bundles (self, document, error) &&
       (prune = jj_store_prepare (self,
                                  "DELETE FROM categories WHERE id NOT IN"
                                  " (SELECT category_id FROM matters)",
                                  error)) != NULL &&
       step_done (self, prune, "categories", error) &&
       jj_store_catalog_reindex (self, error) &&
       jj_store_set_meta (self, "catalog_version", document->version, error) &&
       jj_store_set_meta (self, "catalog_region", document->region, error) &&
       jj_store_set_meta (self, "catalog_published", document->published, error) &&
       jj_store_set_meta (self, "catalog_imported_at", imported_at, error) &&
       jj_store_commit (self, error);
  if (!ok)
    jj_store_rollback (self);
  jj_store_unlock (self);

  return ok;
}

#define MATTER_COLUMNS                                                                    \
  "SELECT m.id, m.code, m.name, m.level, m.department, m.category_id, c.name,"            \
  "       m.handling_type, m.legal_limit_days, m.promised_limit_days, m.fee, m.location," \
  "       m.hours, m.phone, m.guide_url, m.keywords, m.conditions, m.materials, m.steps," \
  "       m.form"                                                                         \
  "  FROM matters m JOIN categories c ON c.id = m.category_id"

static JjMatter *
matter_from_row (sqlite3_stmt *stmt)
{
  JjMatterData data = { 0 };

  data.id = sqlite3_column_int64 (stmt, 0);
  data.code = g_strdup (column_text (stmt, 1));
  data.name = g_strdup (column_text (stmt, 2));
  jj_level_from_string (column_text (stmt, 3), &data.level);
  data.department = g_strdup (column_text (stmt, 4));
  data.category_id = g_strdup (column_text (stmt, 5));
  data.category_name = g_strdup (column_text (stmt, 6));
  jj_handling_type_from_string (column_text (stmt, 7), &data.handling_type);
  data.legal_limit_days = sqlite3_column_int (stmt, 8);
  data.promised_limit_days = sqlite3_column_int (stmt, 9);
  data.fee = g_strdup (column_text (stmt, 10));
  data.location = g_strdup (column_text (stmt, 11));
  data.hours = g_strdup (column_text (stmt, 12));
  data.phone = g_strdup (column_text (stmt, 13));
  data.guide_url = g_strdup (column_text (stmt, 14));
  data.keywords = strv_from_json (column_text (stmt, 15));
  data.conditions = strv_from_json (column_text (stmt, 16));
  data.materials = materials_from_json (column_text (stmt, 17));
  data.steps = steps_from_json (column_text (stmt, 18));
  data.form_json = g_strdup (column_text (stmt, 19));

  return jj_matter_new (&data);
}

JjMatter *
jj_store_catalog_load_matter (JjStore     *self,
                              gint64       id,
                              const char  *code,
                              GError     **error)
{
  sqlite3_stmt *stmt;
  JjMatter *matter = NULL;
  int rc;

  jj_store_lock (self);
  if (code != NULL)
    stmt = jj_store_prepare (self, MATTER_COLUMNS " WHERE m.code = ?1 AND m.withdrawn = 0", error);
  else
    stmt = jj_store_prepare (self, MATTER_COLUMNS " WHERE m.id = ?1", error);

  if (stmt != NULL)
    {
      if (code != NULL)
        sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
      else
        sqlite3_bind_int64 (stmt, 1, id);

      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        matter = matter_from_row (stmt);
      else if (rc == SQLITE_DONE)
        g_set_error (error, JJ_CATALOG_ERROR, JJ_CATALOG_ERROR_NOT_FOUND,
                     _("No matter in the catalogue has the code “%s”."),
                     code != NULL ? code : "?");
      else
        jj_store_set_error (self, error, _("Could not read the catalogue"));
      sqlite3_reset (stmt);
    }
  jj_store_unlock (self);

  return matter;
}

static char *
fts_phrase (const char *text)
{
  GString *phrase = g_string_new ("body : \"");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (phrase, '"');
      g_string_append_c (phrase, *p);
    }
  g_string_append_c (phrase, '"');
  return g_string_free (phrase, FALSE);
}

/* Marks in @hits (row id → bit mask) the rows whose body text holds term @index. */
static gboolean
collect_body_hits (JjStore             *self,
                   const JjSearchTerm  *term,
                   guint                index,
                   GHashTable          *hits,
                   GError             **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (term->n_chars >= TRIGRAM_MIN_CHARS)
    {
      stmt = jj_store_prepare (self, "SELECT rowid FROM matter_text WHERE matter_text MATCH ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, fts_phrase (term->text), -1, g_free);
    }
  else
    {
      stmt = jj_store_prepare (self, "SELECT rowid FROM matter_text WHERE instr (body, ?1) > 0", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, term->text, -1, SQLITE_STATIC);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gpointer key = GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 0));
      guint mask = GPOINTER_TO_UINT (g_hash_table_lookup (hits, key));

      g_hash_table_insert (hits, key, GUINT_TO_POINTER (mask | (1u << index)));
    }
  sqlite3_reset (stmt);

  return rc == SQLITE_DONE || jj_store_set_error (self, error, _("Could not search the catalogue"));
}

typedef struct
{
  gint64 id;
  gint64 rank;
  int    sort_order;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->sort_order - y->sort_order;
}

GArray *
jj_store_catalog_search (JjStore              *self,
                         const JjMatterQuery  *query,
                         GError              **error)
{
  g_autoptr(JjSearchQuery) search = jj_search_query_new (query->text);
  g_autoptr(GHashTable) hits = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  GArray *ids;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;
  int rc;

  jj_store_lock (self);

  for (guint i = 0; search != NULL && ok && i < search->terms->len; i++)
    ok = collect_body_hits (self, g_ptr_array_index (search->terms, i), i, hits, error);

  stmt = ok ? jj_store_prepare (self,
                                "SELECT id, code, name_folded, name_pinyin, keywords_folded,"
                                "       keywords_pinyin, sort_order"
                                "  FROM matters"
                                " WHERE withdrawn = 0 AND (?1 IS NULL OR level = ?1)"
                                "   AND (?2 IS NULL OR category_id = ?2)"
                                " ORDER BY sort_order",
                                error)
            : NULL;
  if (stmt == NULL)
    {
      jj_store_unlock (self);
      return NULL;
    }

  if (query->level != JJ_LEVEL_ANY)
    sqlite3_bind_text (stmt, 1, jj_level_to_string (query->level), -1, SQLITE_STATIC);
  if (query->category_id != NULL)
    sqlite3_bind_text (stmt, 2, query->category_id, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Ranked entry = { sqlite3_column_int64 (stmt, 0), 0, sqlite3_column_int (stmt, 6) };

      if (search != NULL)
        {
          JjSearchRow row = {
            .code = column_text (stmt, 1),
            .name = column_text (stmt, 2),
            .name_pinyin = column_text (stmt, 3),
            .keywords = column_text (stmt, 4),
            .keywords_pinyin = column_text (stmt, 5),
            .body_hits = GPOINTER_TO_UINT (g_hash_table_lookup (hits, GSIZE_TO_POINTER ((gsize) entry.id))),
          };

          entry.rank = jj_search_rank (search, &row);
          if (entry.rank < 0)
            continue;
        }
      g_array_append_val (ranked, entry);
    }
  sqlite3_reset (stmt);
  jj_store_unlock (self);

  if (rc != SQLITE_DONE)
    {
      jj_store_set_error (self, error, _("Could not search the catalogue"));
      return NULL;
    }

  g_array_sort (ranked, compare_ranked);
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), ranked->len);
  for (guint i = 0; i < ranked->len; i++)
    g_array_append_val (ids, g_array_index (ranked, Ranked, i).id);

  return ids;
}

GPtrArray *
jj_store_catalog_list_categories (JjStore  *self,
                                  int       level,
                                  GError  **error)
{
  GPtrArray *categories = g_ptr_array_new_with_free_func ((GDestroyNotify) jj_category_free);
  sqlite3_stmt *stmt;
  int rc;

  jj_store_lock (self);
  stmt = jj_store_prepare (self,
                           "SELECT c.id, c.name, count(*) FROM categories c"
                           "  JOIN matters m ON m.category_id = c.id AND m.withdrawn = 0"
                           " WHERE ?1 IS NULL OR m.level = ?1"
                           " GROUP BY c.id ORDER BY c.sort_order",
                           error);
  if (stmt == NULL)
    {
      jj_store_unlock (self);
      g_ptr_array_unref (categories);
      return NULL;
    }

  if (level != JJ_LEVEL_ANY)
    sqlite3_bind_text (stmt, 1, jj_level_to_string (level), -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JjCategory *category = g_new0 (JjCategory, 1);

      category->id = g_strdup (column_text (stmt, 0));
      category->name = g_strdup (column_text (stmt, 1));
      category->n_matters = sqlite3_column_int (stmt, 2);
      g_ptr_array_add (categories, category);
    }
  sqlite3_reset (stmt);
  jj_store_unlock (self);

  if (rc != SQLITE_DONE)
    {
      jj_store_set_error (self, error, _("Could not read the catalogue"));
      g_ptr_array_unref (categories);
      return NULL;
    }
  return categories;
}

GPtrArray *
jj_store_catalog_list_bundles (JjStore  *self,
                               GError  **error)
{
  GPtrArray *bundles = g_ptr_array_new_with_free_func ((GDestroyNotify) jj_bundle_free);
  sqlite3_stmt *stmt;
  int rc;

  jj_store_lock (self);
  stmt = jj_store_prepare (self,
                           "SELECT b.code, b.name, b.description, b.level,"
                           "       (SELECT json_group_array (code) FROM"
                           "          (SELECT m.code FROM bundle_matters bm"
                           "             JOIN matters m ON m.id = bm.matter_id"
                           "            WHERE bm.bundle_id = b.id ORDER BY bm.position))"
                           "  FROM bundles b WHERE b.withdrawn = 0 ORDER BY b.sort_order",
                           error);
  if (stmt == NULL)
    {
      jj_store_unlock (self);
      g_ptr_array_unref (bundles);
      return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JjBundle *bundle = g_new0 (JjBundle, 1);

      bundle->code = g_strdup (column_text (stmt, 0));
      bundle->name = g_strdup (column_text (stmt, 1));
      bundle->description = g_strdup (column_text (stmt, 2));
      jj_level_from_string (column_text (stmt, 3), &bundle->level);
      bundle->matter_codes = strv_from_json (column_text (stmt, 4));
      g_ptr_array_add (bundles, bundle);
    }
  sqlite3_reset (stmt);
  jj_store_unlock (self);

  if (rc != SQLITE_DONE)
    {
      jj_store_set_error (self, error, _("Could not read the catalogue"));
      g_ptr_array_unref (bundles);
      return NULL;
    }
  return bundles;
}

gboolean
jj_store_catalog_record_view (JjStore  *self,
                              gint64    matter_id,
                              GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  jj_store_lock (self);
  stmt = jj_store_prepare (self,
                           "INSERT INTO matter_views (matter_id, count, last_seen)"
                           " VALUES (?1, 1, unixepoch ()) ON CONFLICT (matter_id) DO UPDATE"
                           " SET count = count + 1, last_seen = excluded.last_seen",
                           error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, matter_id);
      ok = step_done (self, stmt, "matter_views", error);
    }
  jj_store_unlock (self);

  return ok;
}

guint
jj_store_catalog_get_view_count (JjStore    *self,
                                 const char *code)
{
  sqlite3_stmt *stmt;
  guint count = 0;

  jj_store_lock (self);
  stmt = jj_store_prepare (self,
                           "SELECT v.count FROM matter_views v JOIN matters m ON m.id = v.matter_id"
                           " WHERE m.code = ?1",
                           NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        count = sqlite3_column_int (stmt, 0);
      sqlite3_reset (stmt);
    }
  jj_store_unlock (self);

  return count;
}
