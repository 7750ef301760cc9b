/* jj-form-check.c — checking and normalizing the answers to a form's fields
 *
 * What a clerk typed is checked against the field's type and the catalogue's rules (required,
 * length, pattern, range, options), one field at a time (jj_form_check_value) or the whole form
 * at once (jj_form_validate); a good answer comes back normalized, the way it is stored, and a
 * wrong one as a translated message to show beside the field. The form and its schema parsing
 * live in jj-form.c.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "jj-form-private.h"
#include "jj-validate.h"

/* @text without surrounding white space, including the ideographic space (U+3000) that
 * Chinese input methods type. Caller frees. */
static char *
dup_trimmed (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);

  if (!g_utf8_validate (text, -1, NULL))
    return g_strstrip (g_strdup (text));

  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      end = prev;
    }
  return g_strndup (start, end - start);
}

static gboolean
is_null (JsonNode *value)
{
  return value == NULL || JSON_NODE_HOLDS_NULL (value);
}

static gboolean
holds_string (JsonNode *value)
{
  return JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING;
}

static gboolean
is_blank_string (JsonNode *value)
{
  g_autofree char *trimmed = NULL;

  if (!holds_string (value))
    return FALSE;
  trimmed = dup_trimmed (json_node_get_string (value));
  return trimmed[0] == '\0';
}

static gboolean
fail_required (const JjFormField  *field,
               GError            **error)
{
  const char *message;

  switch (field->type)
    {
    case JJ_FIELD_ID_NUMBER:
      return jj_validate_id_number ("", NULL, NULL, NULL, NULL, error);
    case JJ_FIELD_PHONE:
      return jj_validate_mobile ("", NULL, error);
    case JJ_FIELD_USCC:
      return jj_validate_uscc ("", NULL, error);
    case JJ_FIELD_NUMBER:
      message = _("Enter a number: this field is required");
      break;
    case JJ_FIELD_DATE:
      message = _("Enter the date as YYYY-MM-DD: this field is required");
      break;
    case JJ_FIELD_CHOICE:
      message = _("Choose one of the options: this field is required");
      break;
    case JJ_FIELD_MULTICHOICE:
      message = _("Choose at least one option: this field is required");
      break;
    case JJ_FIELD_BOOLEAN:
      message = _("Answer yes or no: this field is required");
      break;
    case JJ_FIELD_TEXT:
    case JJ_FIELD_MULTILINE:
    case JJ_FIELD_ADDRESS:
    default:
      message = _("Fill this in: this field is required");
      break;
    }
  g_set_error_literal (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_REQUIRED, message);
  return FALSE;
}

/* A pattern or range failure: the catalogue's own words when it has them. */
static gboolean G_GNUC_PRINTF (4, 5)
fail_bounds (const JjFormField  *field,
             GError            **error,
             JjValidateError     code,
             const char         *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (field->message != NULL && field->message[0] != '\0')
    {
      g_set_error_literal (error, JJ_VALIDATE_ERROR, code, field->message);
      return FALSE;
    }

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, JJ_VALIDATE_ERROR, code, message);
  return FALSE;
}

static gboolean
check_length (const JjFormField  *field,
              const char         *text,
              GError            **error)
{
  glong length = g_utf8_strlen (text, -1);
  gboolean too_short = field->min_length >= 0 && length < field->min_length;
  gboolean too_long = field->max_length >= 0 && length > field->max_length;

  if (!too_short && !too_long)
    return TRUE;
  if (field->min_length >= 0 && field->max_length >= 0)
    return fail_bounds (field, error, JJ_VALIDATE_ERROR_RANGE,
                        /* Translators: bounds, then how many characters were typed */
                        _("Enter %d to %d characters (%ld typed)"),
                        field->min_length, field->max_length, length);
  if (too_short)
    return fail_bounds (field, error, JJ_VALIDATE_ERROR_RANGE,
                        ngettext ("Enter at least %d character (%ld typed)",
                                  "Enter at least %d characters (%ld typed)",
                                  field->min_length),
                        field->min_length, length);
  return fail_bounds (field, error, JJ_VALIDATE_ERROR_RANGE,
                      ngettext ("Enter at most %d character: shorten it (%ld typed)",
                                "Enter at most %d characters: shorten it (%ld typed)",
                                field->max_length),
                      field->max_length, length);
}

static gboolean
check_pattern (const JjFormField  *field,
               const char         *text,
               GError            **error)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GError) regex_error = NULL;

  if (field->pattern == NULL)
    return TRUE;

  regex = jj_form_compile_pattern (field->pattern, &regex_error);
  if (regex == NULL)
    {
      /* Forms are checked when parsed; only a hand-made field gets here. */
      g_warning ("Pattern of form field %s: %s", field->id, regex_error->message);
      return TRUE;
    }
  if (g_regex_match (regex, text, 0, NULL))
    return TRUE;
  return fail_bounds (field, error, JJ_VALIDATE_ERROR_PATTERN, "%s",
                      _("This is not in the expected form: "
                        "check it against the resident’s papers"));
}

static char *
format_bound (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g", value));
}

static gboolean
check_number (const JjFormField  *field,
              const char         *text,
              GError            **error)
{
  g_autofree char *min = NULL;
  g_autofree char *max = NULL;
  char *end = NULL;
  double value = 0;
  gboolean ok;

  /* Plain decimals only: g_ascii_strtod alone would also take "inf", "0x1A" and "1e5". */
  ok = g_regex_match_simple ("^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$", text, 0, 0);
  if (ok)
    {
      value = g_ascii_strtod (text, &end);
      ok = *end == '\0' && isfinite (value);
    }
  if (!ok)
    {
      g_set_error_literal (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_FORMAT,
                           _("Enter a number in digits, "
                             "with a decimal point if needed, e.g. 12.5"));
      return FALSE;
    }

  if ((!field->has_min || value >= field->min) && (!field->has_max || value <= field->max))
    return TRUE;

  min = format_bound (field->min);
  max = format_bound (field->max);
  if (field->has_min && field->has_max)
    return fail_bounds (field, error, JJ_VALIDATE_ERROR_RANGE,
                        _("Enter a number from %s to %s"), min, max);
  if (field->has_min)
    return fail_bounds (field, error, JJ_VALIDATE_ERROR_RANGE,
                        _("Enter a number of at least %s"), min);
  return fail_bounds (field, error, JJ_VALIDATE_ERROR_RANGE,
                      _("Enter a number of at most %s"), max);
}

static gboolean
check_date (const char  *text,
            GError     **error)
{
  gboolean well_formed = strlen (text) == 10;
  int year, month, day;

  for (guint i = 0; well_formed && i < 10; i++)
    well_formed = (i == 4 || i == 7) ? text[i] == '-' : g_ascii_isdigit (text[i]);
  if (!well_formed)
    {
      g_set_error_literal (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_FORMAT,
                           _("Enter the date as YYYY-MM-DD, e.g. 2026-03-01"));
      return FALSE;
    }

  year = (int) g_ascii_strtoll (text, NULL, 10);
  month = (int) g_ascii_strtoll (text + 5, NULL, 10);
  day = (int) g_ascii_strtoll (text + 8, NULL, 10);
  if (!g_date_valid_dmy (day, month, year))
    {
      g_set_error (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_DATE,
                   /* Translators: %s is the date as typed */
                   _("There is no date %s: check the month and the day"), text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_choice (const JjFormField  *field,
              const char         *text,
              GError            **error)
{
  if (field->options != NULL && g_strv_contains ((const char * const *) field->options, text))
    return TRUE;
  g_set_error (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_CHOICE,
               _("“%s” is not one of the options: choose one from the list"), text);
  return FALSE;
}

/* The text of a string-like answer, or NULL (with @error set) when the JSON has another kind. */
static char *
dup_answer_text (const JjFormField  *field,
                 JsonNode           *value,
                 GError            **error)
{
  if (holds_string (value))
    {
      const char *text = json_node_get_string (value);

      if (g_utf8_validate (text, -1, NULL))
        return dup_trimmed (text);
    }
  else if (field->type == JJ_FIELD_NUMBER && JSON_NODE_HOLDS_VALUE (value) &&
           json_node_get_value_type (value) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
  else if (field->type == JJ_FIELD_NUMBER && JSON_NODE_HOLDS_VALUE (value) &&
           json_node_get_value_type (value) == G_TYPE_DOUBLE)
    return format_bound (json_node_get_double (value));

  g_set_error_literal (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_FORMAT,
                       _("This answer cannot be read: enter it again"));
  return NULL;
}

static gboolean
check_text_value (const JjFormField  *field,
                  JsonNode           *value,
                  GDate              *today,
                  JsonNode          **normalized,
                  GError            **error)
{
  g_autofree char *text = dup_answer_text (field, value, error);
  g_autofree char *result = NULL;
  gboolean ok = FALSE;

  if (text == NULL)
    return FALSE;

  switch (field->type)
    {
    case JJ_FIELD_ID_NUMBER:
      ok = jj_validate_id_number (text, today, &result, NULL, NULL, error);
      break;
    case JJ_FIELD_PHONE:
      ok = jj_validate_mobile (text, &result, error);
      break;
    case JJ_FIELD_USCC:
      ok = jj_validate_uscc (text, &result, error);
      break;
    case JJ_FIELD_NUMBER:
      ok = check_number (field, text, error);
      break;
    case JJ_FIELD_DATE:
      ok = check_date (text, error);
      break;
    case JJ_FIELD_CHOICE:
      ok = check_choice (field, text, error);
      break;
    case JJ_FIELD_TEXT:
    case JJ_FIELD_MULTILINE:
    case JJ_FIELD_ADDRESS:
      ok = check_length (field, text, error);
      break;
    case JJ_FIELD_MULTICHOICE:
    case JJ_FIELD_BOOLEAN:
    default:
      g_assert_not_reached ();
    }

  if (result == NULL)
    result = g_steal_pointer (&text);
  if (!ok || !check_pattern (field, result, error))
    return FALSE;

  if (normalized != NULL)
    *normalized = json_node_init_string (json_node_alloc (), result);
  return TRUE;
}

static gboolean
check_multichoice_value (const JjFormField  *field,
                         JsonNode           *value,
                         JsonNode          **normalized,
                         GError            **error)
{
  g_autoptr(GHashTable) chosen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = json_node_get_array (value);
  JsonArray *result;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *option;

      if (!holds_string (element))
        {
          g_set_error_literal (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_FORMAT,
                               _("This answer cannot be read: choose the options again"));
          return FALSE;
        }
      option = json_node_get_string (element);
      if (!check_choice (field, option, error))
        return FALSE;
      if (!g_hash_table_add (chosen, (gpointer) option))
        {
          g_set_error (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_CHOICE,
                       _("“%s” is chosen twice: choose each option once"), option);
          return FALSE;
        }
    }

  if (normalized == NULL)
    return TRUE;

  /* Stored in the order of the options, so the same answer is always the same JSON. */
  result = json_array_new ();
  for (guint i = 0; field->options[i] != NULL; i++)
    if (g_hash_table_contains (chosen, field->options[i]))
      json_array_add_string_element (result, field->options[i]);
  *normalized = json_node_init_array (json_node_alloc (), result);
  json_array_unref (result);
  return TRUE;
}

gboolean
jj_form_check_value (const JjFormField  *field,
                     JsonNode           *value,
                     GDate              *today,
                     JsonNode          **normalized,
                     GError            **error)
{
  gboolean empty;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (today == NULL || g_date_valid (today), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  empty = is_null (value) || is_blank_string (value) ||
          (field->type == JJ_FIELD_MULTICHOICE && JSON_NODE_HOLDS_ARRAY (value) &&
           json_array_get_length (json_node_get_array (value)) == 0);
  if (empty)
    {
      if (field->required)
        return fail_required (field, error);
      if (normalized != NULL)
        *normalized = NULL;
      return TRUE;
    }

  switch (field->type)
    {
    case JJ_FIELD_BOOLEAN:
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_BOOLEAN)
        {
          g_set_error_literal (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_FORMAT,
                               _("Answer yes or no"));
          return FALSE;
        }
      if (normalized != NULL)
        *normalized = json_node_init_boolean (json_node_alloc (), json_node_get_boolean (value));
      return TRUE;

    case JJ_FIELD_MULTICHOICE:
      if (!JSON_NODE_HOLDS_ARRAY (value))
        {
          g_set_error_literal (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_FORMAT,
                               _("This answer cannot be read: choose the options again"));
          return FALSE;
        }
      return check_multichoice_value (field, value, normalized, error);

    case JJ_FIELD_TEXT:
    case JJ_FIELD_MULTILINE:
    case JJ_FIELD_NUMBER:
    case JJ_FIELD_DATE:
    case JJ_FIELD_CHOICE:
    case JJ_FIELD_ID_NUMBER:
    case JJ_FIELD_PHONE:
    case JJ_FIELD_ADDRESS:
    case JJ_FIELD_USCC:
    default:
      return check_text_value (field, value, today, normalized, error);
    }
}

GHashTable *
jj_form_validate (JjForm     *self,
                  JsonObject *values,
                  GDate      *today)
{
  g_autoptr(GHashTable) problems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GDate) local_today = NULL;

  g_return_val_if_fail (JJ_IS_FORM (self), NULL);
  g_return_val_if_fail (today == NULL || g_date_valid (today), NULL);

  /* One date for the whole form, even when the check runs across midnight. */
  if (today == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      today = local_today = g_date_new_dmy (g_date_time_get_day_of_month (now),
                                            g_date_time_get_month (now),
                                            g_date_time_get_year (now));
    }

  for (guint i = 0; i < jj_form_get_n_fields (self); i++)
    {
      const JjFormField *field = jj_form_get_field (self, i);
      JsonNode *value = values != NULL ? json_object_get_member (values, field->id) : NULL;
      g_autoptr(GError) error = NULL;

      if (!jj_form_check_value (field, value, today, NULL, &error))
        g_hash_table_insert (problems, g_strdup (field->id), g_strdup (error->message));
    }
  return g_steal_pointer (&problems);
}
