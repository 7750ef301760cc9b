/* jj-form.c — an application form rendered from matters' form schemas, and its validation
 *
 * The schema was checked when the catalogue was imported (jj-catalog-document.c); it is read
 * again here from the store, so a damaged row is reported rather than trusted. The answers are
 * checked against the fields in jj-form-check.c.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "jj-catalog-document.h"
#include "jj-form-private.h"

struct _JjForm
{
  GObject     parent_instance;
  GPtrArray  *fields;  /* JjFormField, in order of first appearance */
  GHashTable *by_id;   /* id → JjFormField owned by @fields */
};

G_DEFINE_FINAL_TYPE (JjForm, jj_form, G_TYPE_OBJECT)

static const char * const field_type_names[] = {
  [JJ_FIELD_TEXT] = "text",
  [JJ_FIELD_MULTILINE] = "multiline",
  [JJ_FIELD_NUMBER] = "number",
  [JJ_FIELD_DATE] = "date",
  [JJ_FIELD_CHOICE] = "choice",
  [JJ_FIELD_MULTICHOICE] = "multichoice",
  [JJ_FIELD_BOOLEAN] = "boolean",
  [JJ_FIELD_ID_NUMBER] = "id_number",
  [JJ_FIELD_PHONE] = "phone",
  [JJ_FIELD_ADDRESS] = "address",
  [JJ_FIELD_USCC] = "uscc",
};

const char *
jj_field_type_to_string (JjFieldType type)
{
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (field_type_names), NULL);
  return field_type_names[type];
}

gboolean
jj_field_type_from_string (const char  *str,
                           JjFieldType *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_type_names); i++)
    if (g_strcmp0 (field_type_names[i], str) == 0)
      {
        *type = (JjFieldType) i;
        return TRUE;
      }
  return FALSE;
}

static void
form_field_free (JjFormField *field)
{
  g_free (field->id);
  g_free (field->label);
  g_free (field->help);
  g_strfreev (field->options);
  g_free (field->pattern);
  g_free (field->message);
  g_strfreev (field->matter_codes);
  g_free (field);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjFormField, form_field_free)

static void
jj_form_finalize (GObject *object)
{
  JjForm *self = JJ_FORM (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);

  G_OBJECT_CLASS (jj_form_parent_class)->finalize (object);
}

static void
jj_form_class_init (JjFormClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jj_form_finalize;
}

static void
jj_form_init (JjForm *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) form_field_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

GRegex *
jj_form_compile_pattern (const char  *pattern,
                         GError     **error)
{
  g_autofree char *anchored = NULL;
  g_autoptr(GRegex) alone = g_regex_new (pattern, 0, 0, error);

  if (alone == NULL)
    return NULL;
  anchored = g_strdup_printf ("\\A(?:%s)\\z", pattern);
  return g_regex_new (anchored, 0, 0, error);
}

/* Schema parsing */

static gboolean G_GNUC_PRINTF (4, 5)
broken (GError     **error,
        JjMatter    *matter,
        const char  *where,
        const char  *format,
        ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, JJ_CATALOG_ERROR, JJ_CATALOG_ERROR_INVALID,
               /* Translators: matter code, where in its form, what is wrong */
               _("The stored form of matter %s is damaged (%s: %s): import the catalogue again"),
               jj_matter_get_code (matter), where, reason);
  return FALSE;
}

static gboolean
member_string (JsonObject  *object,
               const char  *name,
               gboolean     optional,
               const char **value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL)
    return optional;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
member_number (JsonObject *object,
               const char *name,
               gboolean   *has,
               double     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  *has = node != NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return FALSE;
  *value = json_node_get_double (node);
  return isfinite (*value);
}

static gboolean
member_length (JsonObject *object,
               const char *name,
               int        *value)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 length;

  *value = -1;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  length = json_node_get_int (node);
  if (length < 0 || length > G_MAXINT)
    return FALSE;
  *value = (int) length;
  return TRUE;
}

static gboolean
parse_options (JsonNode     *node,
               JjFormField  *field)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  if (json_array_get_length (array) < 2)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return FALSE;
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  field->options = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
parse_validation (JsonNode     *node,
                  JjFormField  *field,
                  JjMatter     *matter,
                  const char   *where,
                  GError      **error)
{
  JsonObject *validation;
  const char *str;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return broken (error, matter, where, _("the validation is not an object"));

  validation = json_node_get_object (node);
  if (!member_number (validation, "min", &field->has_min, &field->min) ||
      !member_number (validation, "max", &field->has_max, &field->max))
    return broken (error, matter, where, _("min and max must be numbers"));
  if (!member_length (validation, "min_length", &field->min_length) ||
      !member_length (validation, "max_length", &field->max_length))
    return broken (error, matter, where, _("min_length and max_length must be whole numbers"));

  if (!member_string (validation, "pattern", TRUE, &str))
    return broken (error, matter, where, _("the pattern is not a string"));
  if (str != NULL)
    {
      g_autoptr(GError) regex_error = NULL;
      g_autoptr(GRegex) regex = jj_form_compile_pattern (str, &regex_error);

      if (regex == NULL)
        return broken (error, matter, where, _("the pattern is not a valid regular expression: %s"),
                       regex_error->message);
      field->pattern = g_strdup (str);
    }

  if (!member_string (validation, "message", TRUE, &str))
    return broken (error, matter, where, _("the message is not a string"));
  field->message = g_strdup (str);
  return TRUE;
}

static gboolean
fill_field (JjFormField  *field,
            JsonNode     *node,
            guint         index,
            JjMatter     *matter,
            GError      **error)
{
  g_autofree char *where = g_strdup_printf ("fields[%u]", index + 1);
  JsonObject *object;
  JsonNode *required;
  const char *str;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return broken (error, matter, where, _("not an object"));
  object = json_node_get_object (node);

  if (!member_string (object, "id", FALSE, &str) ||
      !g_regex_match_simple ("^[a-z][a-z0-9_]*$", str, 0, 0))
    return broken (error, matter, where,
                   _("the id is missing or not lower-case letters, digits and underscores"));
  field->id = g_strdup (str);
  g_free (where);
  where = g_strdup_printf ("fields[%s]", field->id);

  if (!member_string (object, "label", FALSE, &str))
    return broken (error, matter, where, _("the label is missing"));
  field->label = g_strdup (str);

  if (!member_string (object, "type", FALSE, &str) ||
      !jj_field_type_from_string (str, &field->type))
    return broken (error, matter, where, _("the type is missing or unknown"));

  required = json_object_get_member (object, "required");
  if (required == NULL || !JSON_NODE_HOLDS_VALUE (required) ||
      json_node_get_value_type (required) != G_TYPE_BOOLEAN)
    return broken (error, matter, where, _("required must be true or false"));
  field->required = json_node_get_boolean (required);

  if ((field->type == JJ_FIELD_CHOICE || field->type == JJ_FIELD_MULTICHOICE) &&
      !parse_options (json_object_get_member (object, "options"), field))
    return broken (error, matter, where, _("the options must be at least two strings"));

  if (!member_string (object, "help", TRUE, &str))
    return broken (error, matter, where, _("the help is not a string"));
  field->help = g_strdup (str);

  return parse_validation (json_object_get_member (object, "validation"), field, matter, where,
                           error);
}

/* The field at @index of @matter's form, or NULL with JJ_CATALOG_ERROR_INVALID. */
static JjFormField *
parse_field (JsonNode  *node,
             guint      index,
             JjMatter  *matter,
             GError   **error)
{
  g_autoptr(JjFormField) field = g_new0 (JjFormField, 1);

  field->min_length = -1;
  field->max_length = -1;
  if (!fill_field (field, node, index, matter, error))
    return NULL;
  field->matter_codes = g_new0 (char *, 2);
  field->matter_codes[0] = g_strdup (jj_matter_get_code (matter));
  return g_steal_pointer (&field);
}

/* Adds the fields of @matter to @self; a field already there is merged into the first one. */
static gboolean
add_matter (JjForm    *self,
            JjMatter  *matter,
            GError   **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GHashTable) own_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) parse_error = NULL;
  const char *code = jj_matter_get_code (matter);
  JsonNode *root, *fields_node;
  JsonArray *fields;

  if (!json_parser_load_from_data (parser, jj_matter_get_form_json (matter), -1, &parse_error))
    return broken (error, matter, "form", "%s", parse_error->message);
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return broken (error, matter, "form", _("not an object"));
  fields_node = json_object_get_member (json_node_get_object (root), "fields");
  if (fields_node == NULL || !JSON_NODE_HOLDS_ARRAY (fields_node))
    return broken (error, matter, "form", _("the fields are missing"));
  fields = json_node_get_array (fields_node);

  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonNode *node = json_array_get_element (fields, i);
      g_autoptr(JjFormField) field = parse_field (node, i, matter, error);
      JjFormField *existing;

      if (field == NULL)
        return FALSE;

      existing = g_hash_table_lookup (self->by_id, field->id);
      if (existing != NULL && g_hash_table_contains (own_ids, existing->id))
        {
          g_autofree char *where = g_strdup_printf ("fields[%s]", field->id);

          return broken (error, matter, where, _("the id is used twice in this form"));
        }

      if (existing == NULL)
        {
          g_hash_table_insert (self->by_id, field->id, field);
          g_hash_table_add (own_ids, field->id);
          g_ptr_array_add (self->fields, g_steal_pointer (&field));
          continue;
        }

      g_hash_table_add (own_ids, existing->id);
      existing->required = existing->required || field->required;
      /* The same matter twice in @matters asks nothing new. */
      if (!g_strv_contains ((const char * const *) existing->matter_codes, code))
        {
          guint n = g_strv_length (existing->matter_codes);

          existing->matter_codes = g_renew (char *, existing->matter_codes, n + 2);
          existing->matter_codes[n] = g_strdup (code);
          existing->matter_codes[n + 1] = NULL;
        }
    }
  return TRUE;
}

JjForm *
jj_form_new_for_matter (JjMatter  *matter,
                        GError   **error)
{
  g_autoptr(GPtrArray) matters = g_ptr_array_new ();

  g_return_val_if_fail (JJ_IS_MATTER (matter), NULL);

  g_ptr_array_add (matters, matter);
  return jj_form_new_merged (matters, error);
}

JjForm *
jj_form_new_merged (GPtrArray  *matters,
                    GError    **error)
{
  g_autoptr(JjForm) self = NULL;

  g_return_val_if_fail (matters != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (JJ_TYPE_FORM, NULL);
  for (guint i = 0; i < matters->len; i++)
    {
      g_return_val_if_fail (JJ_IS_MATTER (g_ptr_array_index (matters, i)), NULL);
      if (!add_matter (self, g_ptr_array_index (matters, i), error))
        return NULL;
    }
  return g_steal_pointer (&self);
}

guint
jj_form_get_n_fields (JjForm *self)
{
  g_return_val_if_fail (JJ_IS_FORM (self), 0);
  return self->fields->len;
}

const JjFormField *
jj_form_get_field (JjForm *self,
                   guint   index)
{
  g_return_val_if_fail (JJ_IS_FORM (self), NULL);
  g_return_val_if_fail (index < self->fields->len, NULL);
  return g_ptr_array_index (self->fields, index);
}

const JjFormField *
jj_form_lookup_field (JjForm     *self,
                      const char *id)
{
  g_return_val_if_fail (JJ_IS_FORM (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  return g_hash_table_lookup (self->by_id, id);
}
