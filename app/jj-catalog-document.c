/* jj-catalog-document.c — a parsed and validated catalogue file
 *
 * Every rule of docs/catalog-format.md is checked here, before anything touches the database,
 * so that a bad catalogue is refused whole and the one in use stays.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "jj-catalog-document-private.h"
#include "jj-matter.h"

#define MAX_NAME_CHARS 60

G_DEFINE_QUARK (jj-catalog-error-quark, jj_catalog_error)

typedef struct
{
  const char *origin;
  char       *record;   /* "matter XZ-0001", "bundle #3", … */
  char       *prefix;   /* where inside the record: "materials[2].", or NULL */
  GError    **error;
} Check;

static gboolean G_GNUC_PRINTF (3, 4)
fail (Check      *check,
      const char *field,
      const char *format,
      ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (check->error, JJ_CATALOG_ERROR, JJ_CATALOG_ERROR_INVALID,
               /* Translators: “file”: record, field “name”: what is wrong */
               _("“%s”: %s, field “%s%s”: %s"), check->origin, check->record,
               check->prefix != NULL ? check->prefix : "", field, reason);
  return FALSE;
}

static void
set_prefix (Check      *check,
            const char *format,
            ...) G_GNUC_PRINTF (2, 3);

/* Names the part of the record that the next failures are about; NULL for the record itself. */
static void
set_prefix (Check      *check,
            const char *format,
            ...)
{
  va_list args;

  g_clear_pointer (&check->prefix, g_free);
  if (format == NULL)
    return;
  va_start (args, format);
  check->prefix = g_strdup_vprintf (format, args);
  va_end (args);
}

static void
set_record (Check      *check,
            const char *format,
            ...) G_GNUC_PRINTF (2, 3);

static void
set_record (Check      *check,
            const char *format,
            ...)
{
  va_list args;

  g_free (check->record);
  va_start (args, format);
  check->record = g_strdup_vprintf (format, args);
  va_end (args);
}

static gboolean
only_known_members (Check              *check,
                    JsonObject         *object,
                    const char * const *known)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      return fail (check, l->data, _("unknown field (check its spelling against the catalogue format)"));

  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
get_string (Check       *check,
            JsonObject  *object,
            const char  *field,
            gboolean     allow_empty,
            const char **out)
{
  JsonNode *node = json_object_get_member (object, field);
  const char *value;

  if (node == NULL)
    return fail (check, field, _("missing"));
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (check, field, _("must be a string"));

  value = json_node_get_string (node);
  if (!allow_empty && is_blank (value))
    return fail (check, field, _("must not be empty"));

  *out = value;
  return TRUE;
}

static gboolean
get_int (Check      *check,
         JsonObject *object,
         const char *field,
         gint64      min,
         gint64     *out)
{
  JsonNode *node = json_object_get_member (object, field);

  if (node == NULL)
    return fail (check, field, _("missing"));
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (check, field, _("must be a whole number"));

  *out = json_node_get_int (node);
  if (*out < min)
    return fail (check, field, _("must be at least %" PRId64), (int64_t) min);
  return TRUE;
}

static gboolean
get_bool (Check      *check,
          JsonObject *object,
          const char *field,
          gboolean   *out)
{
  JsonNode *node = json_object_get_member (object, field);

  if (node == NULL)
    return fail (check, field, _("missing"));
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (check, field, _("must be true or false"));

  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_array (Check       *check,
           JsonObject  *object,
           const char  *field,
           guint        min_length,
           JsonArray  **out)
{
  JsonNode *node = json_object_get_member (object, field);

  if (node == NULL)
    return fail (check, field, _("missing"));
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (check, field, _("must be a list"));

  *out = json_node_get_array (node);
  if (json_array_get_length (*out) < min_length)
    return fail (check, field, g_dngettext (GETTEXT_PACKAGE, "must list at least %u entry",
                                            "must list at least %u entries", min_length),
                 min_length);
  return TRUE;
}

static gboolean
check_string_array (Check      *check,
                    JsonObject *object,
                    const char *field,
                    guint       min_length)
{
  JsonArray *array;

  if (!get_array (check, object, field, min_length, &array))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          json_node_get_string (node)[0] == '\0')
        return fail (check, field, _("entry %u must be a non-empty string"), i + 1);
    }
  return TRUE;
}

static JsonObject *
object_at (Check      *check,
           JsonArray  *array,
           guint       index,
           const char *field)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (check, field, _("entry %u must be an object"), index + 1);
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
matches (const char *pattern,
         const char *value)
{
  return g_regex_match_simple (pattern, value, G_REGEX_ANCHORED | G_REGEX_DOLLAR_ENDONLY, 0);
}

static gboolean
check_materials (Check      *check,
                 JsonObject *matter)
{
  static const char * const known[] = { "name", "form", "count", "required", "notes", NULL };
  JsonArray *materials;

  if (!get_array (check, matter, "materials", 1, &materials))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (materials); i++)
    {
      JsonObject *material = object_at (check, materials, i, "materials");
      const char *str;
      JjMaterialForm form;
      gint64 count;
      gboolean required;

      if (material == NULL)
        return FALSE;
      set_prefix (check, "materials[%u].", i + 1);
      if (!only_known_members (check, material, known) ||
          !get_string (check, material, "name", FALSE, &str) ||
          !get_string (check, material, "form", FALSE, &str))
        return FALSE;
      if (!jj_material_form_from_string (str, &form))
        return fail (check, "form", _("must be original, copy or original_and_copy"));
      if (!get_int (check, material, "count", 1, &count) ||
          !get_bool (check, material, "required", &required) ||
          !get_string (check, material, "notes", TRUE, &str))
        return FALSE;
    }
  set_prefix (check, NULL);
  return TRUE;
}

static gboolean
check_steps (Check      *check,
             JsonObject *matter)
{
  static const char * const known[] = { "title", "description", NULL };
  JsonArray *steps;

  if (!get_array (check, matter, "steps", 1, &steps))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *step = object_at (check, steps, i, "steps");
      const char *str;

      if (step == NULL)
        return FALSE;
      set_prefix (check, "steps[%u].", i + 1);
      if (!only_known_members (check, step, known) ||
          !get_string (check, step, "title", FALSE, &str) ||
          !get_string (check, step, "description", FALSE, &str))
        return FALSE;
    }
  set_prefix (check, NULL);
  return TRUE;
}

/* Checks the optional validation of the form field with @id (the prefix names the field). */
static gboolean
check_validation (Check      *check,
                  JsonObject *field_object,
                  const char *id)
{
  static const char * const known[] = { "min", "max", "min_length", "max_length", "pattern",
                                        "message", NULL };
  JsonNode *node = json_object_get_member (field_object, "validation");
  JsonObject *validation;
  const char *pattern;
  gint64 length;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (check, "validation", _("must be an object"));

  validation = json_node_get_object (node);
  set_prefix (check, "form.fields[%s].validation.", id);
  if (!only_known_members (check, validation, known))
    return FALSE;

  for (guint i = 0; i < 2; i++)
    {
      const char *bound = i == 0 ? "min" : "max";
      JsonNode *value = json_object_get_member (validation, bound);

      if (value != NULL &&
          (!JSON_NODE_HOLDS_VALUE (value) ||
           (json_node_get_value_type (value) != G_TYPE_INT64 &&
            json_node_get_value_type (value) != G_TYPE_DOUBLE)))
        return fail (check, bound, _("must be a number"));
    }

  if ((json_object_has_member (validation, "min_length") &&
       !get_int (check, validation, "min_length", 0, &length)) ||
      (json_object_has_member (validation, "max_length") &&
       !get_int (check, validation, "max_length", 1, &length)))
    return FALSE;

  if (json_object_has_member (validation, "pattern"))
    {
      g_autoptr(GRegex) regex = NULL;
      g_autoptr(GError) regex_error = NULL;

      if (!get_string (check, validation, "pattern", FALSE, &pattern))
        return FALSE;
      regex = g_regex_new (pattern, 0, 0, &regex_error);
      if (regex == NULL)
        return fail (check, "pattern", _("not a valid regular expression: %s"),
                     regex_error->message);
    }

  if (json_object_has_member (validation, "message") &&
      !get_string (check, validation, "message", FALSE, &pattern))
    return FALSE;

  set_prefix (check, NULL);
  return TRUE;
}

static gboolean
check_form (Check      *check,
            JsonObject *matter)
{
  static const char * const known[] = { "fields", NULL };
  static const char * const field_known[] = { "id", "label", "type", "required", "options",
                                              "validation", "help", NULL };
  static const char * const types[] = { "text", "multiline", "number", "date", "choice",
                                        "multichoice", "boolean", "id_number", "phone",
                                        "address", "uscc", NULL };
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *node = json_object_get_member (matter, "form");
  JsonObject *form;
  JsonArray *fields;

  if (node == NULL)
    return fail (check, "form", _("missing"));
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (check, "form", _("must be an object"));

  form = json_node_get_object (node);
  if (!only_known_members (check, form, known) ||
      !get_array (check, form, "fields", 0, &fields))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *field = object_at (check, fields, i, "form.fields");
      const char *id, *str;
      gboolean required, is_choice;

      if (field == NULL)
        return FALSE;
      set_prefix (check, "form.fields[%u].", i + 1);
      if (!get_string (check, field, "id", FALSE, &id))
        return FALSE;
      if (!matches ("[a-z][a-z0-9_]*", id))
        return fail (check, "id", _("must be lower-case letters, digits and underscores"));

      set_prefix (check, "form.fields[%s].", id);
      if (!g_hash_table_add (ids, (gpointer) id))
        return fail (check, "id", _("used twice in this form"));
      if (!only_known_members (check, field, field_known) ||
          !get_string (check, field, "label", FALSE, &str) ||
          !get_string (check, field, "type", FALSE, &str) ||
          !get_bool (check, field, "required", &required))
        return FALSE;
      if (!g_strv_contains (types, str))
        return fail (check, "type", _("unknown field type “%s”"), str);

      is_choice = g_str_equal (str, "choice") || g_str_equal (str, "multichoice");
      if (is_choice && !check_string_array (check, field, "options", 2))
        return FALSE;
      if (!is_choice && json_object_has_member (field, "options"))
        return fail (check, "options", _("only choice fields have options"));
      if (json_object_has_member (field, "help") && !get_string (check, field, "help", TRUE, &str))
        return FALSE;
      if (!check_validation (check, field, id))
        return FALSE;
    }
  set_prefix (check, NULL);
  return TRUE;
}

static gboolean
check_matter (Check      *check,
              JsonObject *matter,
              GHashTable *categories,
              GHashTable *codes)
{
  static const char * const known[] = {
    "code", "name", "level", "department", "category", "handling_type", "legal_limit_days",
    "promised_limit_days", "fee", "conditions", "materials", "steps", "location", "hours",
    "phone", "guide_url", "keywords", "form", NULL
  };
  const char *code, *str;
  JjLevel level;
  JjHandlingType handling;
  gint64 legal, promised;

  if (!get_string (check, matter, "code", FALSE, &code))
    return FALSE;
  if (!matches ("(XZ|CJ)-[0-9]{4}", code))
    return fail (check, "code", _("“%s” is not of the form XZ-0000 or CJ-0000"), code);
  if (!g_hash_table_add (codes, (gpointer) code))
    return fail (check, "code", _("“%s” is used by another matter"), code);
  set_record (check, _("matter %s"), code);

  if (!only_known_members (check, matter, known) ||
      !get_string (check, matter, "name", FALSE, &str))
    return FALSE;
  if (g_utf8_strlen (str, -1) > MAX_NAME_CHARS)
    return fail (check, "name", _("longer than %d characters"), MAX_NAME_CHARS);

  if (!get_string (check, matter, "level", FALSE, &str))
    return FALSE;
  if (!jj_level_from_string (str, &level))
    return fail (check, "level", _("must be township or village"));
  if ((level == JJ_LEVEL_TOWNSHIP) != g_str_has_prefix (code, "XZ-"))
    return fail (check, "level", _("does not match the code (XZ- is township, CJ- is village)"));

  if (!get_string (check, matter, "department", FALSE, &str) ||
      !get_string (check, matter, "category", FALSE, &str))
    return FALSE;
  if (!g_hash_table_contains (categories, str))
    return fail (check, "category", _("“%s” is not one of the catalogue’s categories"), str);

  if (!get_string (check, matter, "handling_type", FALSE, &str))
    return FALSE;
  if (!jj_handling_type_from_string (str, &handling))
    return fail (check, "handling_type", _("must be immediate or promised"));

  if (!get_int (check, matter, "legal_limit_days", 0, &legal) ||
      !get_int (check, matter, "promised_limit_days", 0, &promised))
    return FALSE;
  if (promised > legal)
    return fail (check, "promised_limit_days",
                 _("must not exceed legal_limit_days (%" PRId64 ")"), (int64_t) legal);
  if (handling == JJ_HANDLING_IMMEDIATE && promised != 0)
    return fail (check, "promised_limit_days", _("must be 0 for a matter handled on the spot"));

  if (!get_string (check, matter, "fee", FALSE, &str) ||
      !get_string (check, matter, "location", FALSE, &str) ||
      !get_string (check, matter, "hours", FALSE, &str) ||
      !get_string (check, matter, "phone", FALSE, &str) ||
      !get_string (check, matter, "guide_url", FALSE, &str))
    return FALSE;
  if (!g_str_has_prefix (str, "https://") || strpbrk (str, " \t\n") != NULL)
    return fail (check, "guide_url", _("must be an https:// address"));

  return check_string_array (check, matter, "conditions", 1) &&
         check_string_array (check, matter, "keywords", 0) &&
         check_materials (check, matter) &&
         check_steps (check, matter) &&
         check_form (check, matter);
}

static gboolean
check_bundle (Check      *check,
              JsonObject *bundle,
              GHashTable *matter_codes,
              GHashTable *codes)
{
  static const char * const known[] = { "code", "name", "level", "description", "matters",
                                        "keywords", NULL };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char *code, *str;
  JsonArray *members;
  JjLevel level;

  if (!get_string (check, bundle, "code", FALSE, &code))
    return FALSE;
  if (!matches ("YJS-[0-9]{3}", code))
    return fail (check, "code", _("“%s” is not of the form YJS-000"), code);
  if (!g_hash_table_add (codes, (gpointer) code))
    return fail (check, "code", _("“%s” is used by another bundle"), code);
  set_record (check, _("bundle %s"), code);

  if (!only_known_members (check, bundle, known) ||
      !get_string (check, bundle, "name", FALSE, &str) ||
      !get_string (check, bundle, "description", FALSE, &str) ||
      !get_string (check, bundle, "level", FALSE, &str))
    return FALSE;
  if (!jj_level_from_string (str, &level))
    return fail (check, "level", _("must be township or village"));
  if (!check_string_array (check, bundle, "keywords", 0) ||
      !check_string_array (check, bundle, "matters", 2))
    return FALSE;

  members = json_object_get_array_member (bundle, "matters");
  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      const char *member = json_array_get_string_element (members, i);

      if (!g_hash_table_contains (matter_codes, member))
        return fail (check, "matters", _("“%s” is not a matter of this catalogue"), member);
      if (!g_hash_table_add (seen, (gpointer) member))
        return fail (check, "matters", _("“%s” is listed twice"), member);
    }
  return TRUE;
}

static gboolean
check_document (Check             *check,
                JjCatalogDocument *self)
{
  static const char * const known[] = { "format", "version", "region", "published",
                                        "categories", "matters", "bundles", NULL };
  static const char * const category_known[] = { "id", "name", NULL };
  g_autoptr(GHashTable) category_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) matter_codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) bundle_codes = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *root;
  const char *str;
  gint64 format;

  set_record (check, "%s", _("catalogue"));
  if (!JSON_NODE_HOLDS_OBJECT (self->root))
    return fail (check, "/", _("the catalogue must be a JSON object"));

  root = json_node_get_object (self->root);
  if (!only_known_members (check, root, known) ||
      !get_int (check, root, "format", 0, &format))
    return FALSE;
  if (format != JJ_CATALOG_FORMAT)
    return fail (check, "format", _("format %" PRId64 " is not supported (this version reads %d)"),
                 (int64_t) format, JJ_CATALOG_FORMAT);
  if (!get_string (check, root, "version", FALSE, &str))
    return FALSE;
  self->version = g_strdup (str);
  if (!get_string (check, root, "region", FALSE, &str))
    return FALSE;
  self->region = g_strdup (str);
  if (!get_string (check, root, "published", FALSE, &str))
    return FALSE;
  if (!matches ("[0-9]{4}-[0-9]{2}-[0-9]{2}", str))
    return fail (check, "published", _("must be a date written YYYY-MM-DD"));
  self->published = g_strdup (str);

  if (!get_array (check, root, "categories", 1, &self->categories) ||
      !get_array (check, root, "matters", 1, &self->matters) ||
      !get_array (check, root, "bundles", 0, &self->bundles))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (self->categories); i++)
    {
      JsonObject *category = object_at (check, self->categories, i, "categories");
      const char *id;

      set_record (check, _("category #%u"), i + 1);
      if (category == NULL ||
          !only_known_members (check, category, category_known) ||
          !get_string (check, category, "id", FALSE, &id) ||
          !get_string (check, category, "name", FALSE, &str))
        return FALSE;
      if (!matches ("[a-z0-9-]+", id))
        return fail (check, "id", _("must be lower-case letters, digits and hyphens"));
      if (!g_hash_table_add (category_ids, (gpointer) id))
        return fail (check, "id", _("“%s” is used by another category"), id);
    }

  for (guint i = 0; i < json_array_get_length (self->matters); i++)
    {
      JsonObject *matter;

      set_record (check, _("matter #%u"), i + 1);
      matter = object_at (check, self->matters, i, "matters");
      if (matter == NULL || !check_matter (check, matter, category_ids, matter_codes))
        return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (self->bundles); i++)
    {
      JsonObject *bundle;

      set_record (check, _("bundle #%u"), i + 1);
      bundle = object_at (check, self->bundles, i, "bundles");
      if (bundle == NULL || !check_bundle (check, bundle, matter_codes, bundle_codes))
        return FALSE;
    }

  return TRUE;
}

JjCatalogDocument *
jj_catalog_document_load_data (const char  *data,
                               gssize       length,
                               const char  *origin,
                               GError     **error)
{
  g_autoptr(JjCatalogDocument) self = g_new0 (JjCatalogDocument, 1);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  Check check = { origin, NULL, NULL, error };
  gboolean ok;

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, JJ_CATALOG_ERROR, JJ_CATALOG_ERROR_PARSE,
                   _("“%s” is not valid JSON: %s"), origin, local_error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, JJ_CATALOG_ERROR, JJ_CATALOG_ERROR_PARSE,
                   _("“%s” is empty: a catalogue is one JSON object."), origin);
      return NULL;
    }

  self->root = json_node_ref (json_parser_get_root (parser));
  ok = check_document (&check, self);
  g_free (check.record);
  g_free (check.prefix);

  return ok ? g_steal_pointer (&self) : NULL;
}

JjCatalogDocument *
jj_catalog_document_load (const char  *path,
                          GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, JJ_CATALOG_ERROR, JJ_CATALOG_ERROR_IO,
                   _("Could not read the catalogue: %s"), local_error->message);
      return NULL;
    }

  return jj_catalog_document_load_data (contents, length, path, error);
}

void
jj_catalog_document_free (JjCatalogDocument *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->root, json_node_unref);
  g_free (self->version);
  g_free (self->region);
  g_free (self->published);
  g_free (self);
}

const char *
jj_catalog_document_get_version (JjCatalogDocument *self)
{
  return self->version;
}

guint
jj_catalog_document_get_n_matters (JjCatalogDocument *self)
{
  return json_array_get_length (self->matters);
}

guint
jj_catalog_document_get_n_bundles (JjCatalogDocument *self)
{
  return json_array_get_length (self->bundles);
}

char *
jj_catalog_json_member_to_string (JsonObject *object,
                                  const char *member)
{
  return json_to_string (json_object_get_member (object, member), FALSE);
}
