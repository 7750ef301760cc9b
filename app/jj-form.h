/* jj-form.h — an application form rendered from matters' form schemas, and its validation
 *
 * One matter's form is its schema (docs/catalog-format.md). A 一件事一次办 bundle has one form
 * for all its matters: a field whose id appears in several matters is asked once.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "jj-matter.h"

G_BEGIN_DECLS

typedef enum
{
  JJ_FIELD_TEXT,
  JJ_FIELD_MULTILINE,
  JJ_FIELD_NUMBER,
  JJ_FIELD_DATE,
  JJ_FIELD_CHOICE,
  JJ_FIELD_MULTICHOICE,
  JJ_FIELD_BOOLEAN,
  JJ_FIELD_ID_NUMBER,
  JJ_FIELD_PHONE,
  JJ_FIELD_ADDRESS,
  JJ_FIELD_USCC,
} JjFieldType;

/* One question of a form. Owned by its form. */
typedef struct
{
  char        *id;
  char        *label;
  char        *help;         /* NULL when none */
  JjFieldType  type;
  gboolean     required;     /* in a bundle: required by any of its matters */
  char       **options;      /* choice and multichoice; NULL otherwise */
  gboolean     has_min;
  gboolean     has_max;
  double       min;
  double       max;
  int          min_length;   /* -1 when unset */
  int          max_length;   /* -1 when unset */
  char        *pattern;      /* NULL when unset; the whole value must match */
  char        *message;      /* the catalogue's message for a pattern/range failure, or NULL */
  char       **matter_codes; /* the matters that ask this field, in order */
} JjFormField;

const char *jj_field_type_to_string   (JjFieldType  type);
gboolean    jj_field_type_from_string (const char  *str,
                                       JjFieldType *type);

#define JJ_TYPE_FORM (jj_form_get_type ())

G_DECLARE_FINAL_TYPE (JjForm, jj_form, JJ, FORM, GObject)

/* The form of one matter. NULL with JJ_CATALOG_ERROR_INVALID if its stored schema is broken. */
JjForm            *jj_form_new_for_matter (JjMatter      *matter,
                                           GError       **error);

/* One form for several matters (a bundle), fields in order of first appearance. A field id
 * shared by several matters is asked once: the first definition is kept, it is required when
 * any matter requires it, and all those matters are listed in matter_codes. */
JjForm            *jj_form_new_merged     (GPtrArray     *matters,
                                           GError       **error);

guint              jj_form_get_n_fields   (JjForm        *self);
const JjFormField *jj_form_get_field      (JjForm        *self,
                                           guint          index);
const JjFormField *jj_form_lookup_field   (JjForm        *self,
                                           const char    *id);

/* Checks one value of @field. @value is a string for text-like types (the number's text for
 * number, YYYY-MM-DD for date, the option for choice), a boolean for boolean, an array of
 * strings for multichoice, or NULL/empty when not filled in. On success returns TRUE and sets
 * @normalized (optional) to the value to store (trimmed; ID numbers and codes upper-cased;
 * phones as 11 digits; NULL when empty). Otherwise FALSE with a JJ_VALIDATE_ERROR whose
 * translated message is shown beside the field. @today: NULL for the local date. */
gboolean           jj_form_check_value    (const JjFormField *field,
                                           JsonNode          *value,
                                           GDate             *today,
                                           JsonNode         **normalized,
                                           GError           **error);

/* Checks every field of @values (field id → value). Returns a new table of field id → message
 * for the fields that are wrong or missing; empty when the whole form is valid. Members of
 * @values that are not fields of the form are ignored. */
GHashTable        *jj_form_validate       (JjForm        *self,
                                           JsonObject    *values,
                                           GDate         *today);

G_END_DECLS
