/* jj-matter.h — a matter (事项) of the 就近办 catalogue and its handling guide (办事指南)
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The administrative level that handles a matter: 乡镇/街道 or 村/社区. */
typedef enum
{
  JJ_LEVEL_TOWNSHIP,
  JJ_LEVEL_VILLAGE,
} JjLevel;

/* 即办件 (handled on the spot) or 承诺件 (handled within a promised time). */
typedef enum
{
  JJ_HANDLING_IMMEDIATE,
  JJ_HANDLING_PROMISED,
} JjHandlingType;

/* Whether the office needs to see the original (原件), keep a copy (复印件), or both. */
typedef enum
{
  JJ_MATERIAL_ORIGINAL,
  JJ_MATERIAL_COPY,
  JJ_MATERIAL_ORIGINAL_AND_COPY,
} JjMaterialForm;

/* One required material (申请材料) of a guide. Strings are owned by the matter. */
typedef struct
{
  char           *name;
  char           *notes;
  JjMaterialForm  form;
  guint           count;
  gboolean        required;
} JjMaterial;

/* One step of the handling process (办理流程). Strings are owned by the matter. */
typedef struct
{
  char *title;
  char *description;
} JjStep;

const char     *jj_level_to_string          (JjLevel         level);
gboolean        jj_level_from_string        (const char     *str,
                                             JjLevel        *level);
/* The translated, human name of a level (e.g. 乡镇（街道）). */
const char     *jj_level_get_label          (JjLevel         level);
const char     *jj_handling_type_to_string  (JjHandlingType  type);
gboolean        jj_handling_type_from_string (const char    *str,
                                              JjHandlingType *type);
const char     *jj_handling_type_get_label  (JjHandlingType  type);
const char     *jj_material_form_to_string  (JjMaterialForm  form);
gboolean        jj_material_form_from_string (const char    *str,
                                              JjMaterialForm *form);
const char     *jj_material_form_get_label  (JjMaterialForm  form);

#define JJ_TYPE_MATTER (jj_matter_get_type ())

G_DECLARE_FINAL_TYPE (JjMatter, jj_matter, JJ, MATTER, GObject)

/* All getters return data owned by the matter, valid while it lives. Matters are immutable
 * snapshots of one catalogue version. */
gint64          jj_matter_get_id                  (JjMatter *self);
const char     *jj_matter_get_code                (JjMatter *self);
const char     *jj_matter_get_name                (JjMatter *self);
JjLevel         jj_matter_get_level               (JjMatter *self);
const char     *jj_matter_get_department          (JjMatter *self);
const char     *jj_matter_get_category_id         (JjMatter *self);
const char     *jj_matter_get_category_name       (JjMatter *self);
JjHandlingType  jj_matter_get_handling_type       (JjMatter *self);
guint           jj_matter_get_legal_limit_days    (JjMatter *self);
guint           jj_matter_get_promised_limit_days (JjMatter *self);
const char     *jj_matter_get_fee                 (JjMatter *self);
const char     *jj_matter_get_location            (JjMatter *self);
const char     *jj_matter_get_hours               (JjMatter *self);
const char     *jj_matter_get_phone               (JjMatter *self);
const char     *jj_matter_get_guide_url           (JjMatter *self);
/* NULL-terminated; never NULL. */
const char * const *jj_matter_get_keywords        (JjMatter *self);
const char * const *jj_matter_get_conditions      (JjMatter *self);
/* Arrays of JjMaterial / JjStep; never NULL. */
GPtrArray      *jj_matter_get_materials           (JjMatter *self);
GPtrArray      *jj_matter_get_steps               (JjMatter *self);
/* The form schema as stored (a JSON object, see docs/catalog-format.md). */
const char     *jj_matter_get_form_json           (JjMatter *self);

/* The matter as a JSON object in the catalogue format (docs/catalog-format.md); with @full
 * FALSE only the summary members (code, name, level, department, category, handling type and
 * time limits). Returns a new node. */
JsonNode       *jj_matter_to_json                 (JjMatter *self,
                                                   gboolean  full);

G_END_DECLS
