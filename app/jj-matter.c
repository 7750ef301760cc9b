/* jj-matter.c — a matter (事项) of the 就近办 catalogue and its handling guide (办事指南)
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "jj-matter-private.h"

struct _JjMatter
{
  GObject      parent_instance;
  JjMatterData data;
};

enum {
  PROP_0,
  PROP_CODE,
  PROP_NAME,
  PROP_DEPARTMENT,
  PROP_CATEGORY_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_TYPE (JjMatter, jj_matter, G_TYPE_OBJECT)

typedef struct
{
  int         value;
  const char *nick;
} EnumNick;

static const EnumNick levels[] = {
  { JJ_LEVEL_TOWNSHIP, "township" },
  { JJ_LEVEL_VILLAGE, "village" },
};

static const EnumNick handling_types[] = {
  { JJ_HANDLING_IMMEDIATE, "immediate" },
  { JJ_HANDLING_PROMISED, "promised" },
};

static const EnumNick material_forms[] = {
  { JJ_MATERIAL_ORIGINAL, "original" },
  { JJ_MATERIAL_COPY, "copy" },
  { JJ_MATERIAL_ORIGINAL_AND_COPY, "original_and_copy" },
};

static const char *
nick_for (const EnumNick *table,
          gsize           n,
          int             value)
{
  for (gsize i = 0; i < n; i++)
    if (table[i].value == value)
      return table[i].nick;
  g_return_val_if_reached (NULL);
}

static gboolean
value_for (const EnumNick *table,
           gsize           n,
           const char     *nick,
           int            *value)
{
  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (table[i].nick, nick) == 0)
      {
        *value = table[i].value;
        return TRUE;
      }
  return FALSE;
}

const char *
jj_level_to_string (JjLevel level)
{
  return nick_for (levels, G_N_ELEMENTS (levels), level);
}

gboolean
jj_level_from_string (const char *str,
                      JjLevel    *level)
{
  int value;

  if (!value_for (levels, G_N_ELEMENTS (levels), str, &value))
    return FALSE;
  *level = value;
  return TRUE;
}

const char *
jj_level_get_label (JjLevel level)
{
  return level == JJ_LEVEL_TOWNSHIP ? _("Township") : _("Village");
}

const char *
jj_handling_type_to_string (JjHandlingType type)
{
  return nick_for (handling_types, G_N_ELEMENTS (handling_types), type);
}

gboolean
jj_handling_type_from_string (const char     *str,
                              JjHandlingType *type)
{
  int value;

  if (!value_for (handling_types, G_N_ELEMENTS (handling_types), str, &value))
    return FALSE;
  *type = value;
  return TRUE;
}

const char *
jj_handling_type_get_label (JjHandlingType type)
{
  return type == JJ_HANDLING_IMMEDIATE ? _("Handled on the spot") : _("Handled within a promised time");
}

const char *
jj_material_form_to_string (JjMaterialForm form)
{
  return nick_for (material_forms, G_N_ELEMENTS (material_forms), form);
}

gboolean
jj_material_form_from_string (const char     *str,
                              JjMaterialForm *form)
{
  int value;

  if (!value_for (material_forms, G_N_ELEMENTS (material_forms), str, &value))
    return FALSE;
  *form = value;
  return TRUE;
}

const char *
jj_material_form_get_label (JjMaterialForm form)
{
  switch (form)
    {
    case JJ_MATERIAL_ORIGINAL:
      return _("Original");
    case JJ_MATERIAL_COPY:
      return _("Copy");
    case JJ_MATERIAL_ORIGINAL_AND_COPY:
      return _("Original and copy");
    default:
      g_return_val_if_reached (NULL);
    }
}

JjMaterial *
jj_material_new (void)
{
  JjMaterial *material = g_new0 (JjMaterial, 1);

  material->count = 1;
  material->required = TRUE;
  return material;
}

void
jj_material_free (JjMaterial *material)
{
  if (material == NULL)
    return;
  g_free (material->name);
  g_free (material->notes);
  g_free (material);
}

JjStep *
jj_step_new (const char *title,
             const char *description)
{
  JjStep *step = g_new0 (JjStep, 1);

  step->title = g_strdup (title);
  step->description = g_strdup (description);
  return step;
}

void
jj_step_free (JjStep *step)
{
  if (step == NULL)
    return;
  g_free (step->title);
  g_free (step->description);
  g_free (step);
}

void
jj_matter_data_clear (JjMatterData *data)
{
  g_clear_pointer (&data->code, g_free);
  g_clear_pointer (&data->name, g_free);
  g_clear_pointer (&data->department, g_free);
  g_clear_pointer (&data->category_id, g_free);
  g_clear_pointer (&data->category_name, g_free);
  g_clear_pointer (&data->fee, g_free);
  g_clear_pointer (&data->location, g_free);
  g_clear_pointer (&data->hours, g_free);
  g_clear_pointer (&data->phone, g_free);
  g_clear_pointer (&data->guide_url, g_free);
  g_clear_pointer (&data->keywords, g_strfreev);
  g_clear_pointer (&data->conditions, g_strfreev);
  g_clear_pointer (&data->materials, g_ptr_array_unref);
  g_clear_pointer (&data->steps, g_ptr_array_unref);
  g_clear_pointer (&data->form_json, g_free);
}

static void
jj_matter_finalize (GObject *object)
{
  jj_matter_data_clear (&JJ_MATTER (object)->data);
  G_OBJECT_CLASS (jj_matter_parent_class)->finalize (object);
}

static void
jj_matter_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  JjMatter *self = JJ_MATTER (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->data.code);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->data.name);
      break;
    case PROP_DEPARTMENT:
      g_value_set_string (value, self->data.department);
      break;
    case PROP_CATEGORY_NAME:
      g_value_set_string (value, self->data.category_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jj_matter_class_init (JjMatterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = jj_matter_finalize;
  object_class->get_property = jj_matter_get_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEPARTMENT] =
    g_param_spec_string ("department", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATEGORY_NAME] =
    g_param_spec_string ("category-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
jj_matter_init (JjMatter *self)
{
}

JjMatter *
jj_matter_new (JjMatterData *data)
{
  JjMatter *self = g_object_new (JJ_TYPE_MATTER, NULL);

  self->data = *data;
  memset (data, 0, sizeof *data);

  if (self->data.keywords == NULL)
    self->data.keywords = g_new0 (char *, 1);
  if (self->data.conditions == NULL)
    self->data.conditions = g_new0 (char *, 1);
  if (self->data.materials == NULL)
    self->data.materials = g_ptr_array_new_with_free_func ((GDestroyNotify) jj_material_free);
  if (self->data.steps == NULL)
    self->data.steps = g_ptr_array_new_with_free_func ((GDestroyNotify) jj_step_free);
  if (self->data.form_json == NULL)
    self->data.form_json = g_strdup ("{\"fields\":[]}");

  return self;
}

#define GETTER(type, member)                             \
  type                                                   \
  jj_matter_get_##member (JjMatter *self)                \
  {                                                      \
    g_return_val_if_fail (JJ_IS_MATTER (self), (type) 0); \
    return self->data.member;                            \
  }

GETTER (gint64, id)
GETTER (const char *, code)
GETTER (const char *, name)
GETTER (JjLevel, level)
GETTER (const char *, department)
GETTER (const char *, category_id)
GETTER (const char *, category_name)
GETTER (JjHandlingType, handling_type)
GETTER (guint, legal_limit_days)
GETTER (guint, promised_limit_days)
GETTER (const char *, fee)
GETTER (const char *, location)
GETTER (const char *, hours)
GETTER (const char *, phone)
GETTER (const char *, guide_url)
GETTER (GPtrArray *, materials)
GETTER (GPtrArray *, steps)
GETTER (const char *, form_json)

const char * const *
jj_matter_get_keywords (JjMatter *self)
{
  g_return_val_if_fail (JJ_IS_MATTER (self), NULL);
  return (const char * const *) self->data.keywords;
}

const char * const *
jj_matter_get_conditions (JjMatter *self)
{
  g_return_val_if_fail (JJ_IS_MATTER (self), NULL);
  return (const char * const *) self->data.conditions;
}

static void
add_strv (JsonBuilder        *builder,
          const char         *member,
          const char * const *strv)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

JsonNode *
jj_matter_to_json (JjMatter *self,
                   gboolean  full)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  const JjMatterData *d;

  g_return_val_if_fail (JJ_IS_MATTER (self), NULL);
  d = &self->data;

  json_builder_begin_object (builder);
  add_string (builder, "code", d->code);
  add_string (builder, "name", d->name);
  add_string (builder, "level", jj_level_to_string (d->level));
  add_string (builder, "department", d->department);
  add_string (builder, "category", d->category_id);
  add_string (builder, "category_name", d->category_name);
  add_string (builder, "handling_type", jj_handling_type_to_string (d->handling_type));
  add_int (builder, "legal_limit_days", d->legal_limit_days);
  add_int (builder, "promised_limit_days", d->promised_limit_days);

  if (full)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      add_string (builder, "fee", d->fee);
      add_strv (builder, "conditions", (const char * const *) d->conditions);

      json_builder_set_member_name (builder, "materials");
      json_builder_begin_array (builder);
      for (guint i = 0; i < d->materials->len; i++)
        {
          const JjMaterial *material = g_ptr_array_index (d->materials, i);

          json_builder_begin_object (builder);
          add_string (builder, "name", material->name);
          add_string (builder, "form", jj_material_form_to_string (material->form));
          add_int (builder, "count", material->count);
          json_builder_set_member_name (builder, "required");
          json_builder_add_boolean_value (builder, material->required);
          add_string (builder, "notes", material->notes);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "steps");
      json_builder_begin_array (builder);
      for (guint i = 0; i < d->steps->len; i++)
        {
          const JjStep *step = g_ptr_array_index (d->steps, i);

          json_builder_begin_object (builder);
          add_string (builder, "title", step->title);
          add_string (builder, "description", step->description);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      add_string (builder, "location", d->location);
      add_string (builder, "hours", d->hours);
      add_string (builder, "phone", d->phone);
      add_string (builder, "guide_url", d->guide_url);
      add_strv (builder, "keywords", (const char * const *) d->keywords);

      json_builder_set_member_name (builder, "form");
      if (json_parser_load_from_data (parser, d->form_json, -1, NULL))
        json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
      else
        json_builder_add_null_value (builder);
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
