/* jj-validate.c — checks of what clerks type: resident ID numbers, phones, credit codes
 *
 * A wrong ID number on an application sends it back from the county days later, so every
 * check here runs while the resident is still at the window, and each message says which
 * character to look at on the card or licence.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jj-validate.h"

#define ID_NUMBER_LENGTH 18
#define MOBILE_LENGTH    11
#define USCC_LENGTH      18

/* The earliest birth date accepted: older dates are typing mistakes, not residents. */
#define ID_NUMBER_MIN_YEAR 1900

/* GB 11643-1999: ISO 7064 MOD 11-2 weights of the 17 digits, and the check character for
 * each remainder of the weighted sum. */
static const int id_number_weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
static const char id_number_check_chars[] = "10X98765432";

/* GB 32100-2015: the 31 characters a credit code may use (no I, O, S, V, Z), in the order of
 * their values, and the weights of the first 17. */
static const char uscc_charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int uscc_weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30,
                                      28 };

G_DEFINE_QUARK (jj-validate-error-quark, jj_validate_error)

/* How many characters @text has; bytes when it is not UTF-8. */
static glong
count_chars (const char *text)
{
  return g_utf8_validate (text, -1, NULL) ? g_utf8_strlen (text, -1) : (glong) strlen (text);
}

/* @text without surrounding white space; NULL counts as empty. */
static char *
dup_stripped (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

char
jj_id_number_check_char (const char *digits17)
{
  int sum = 0;

  if (digits17 == NULL)
    return 0;

  for (guint i = 0; i < G_N_ELEMENTS (id_number_weights); i++)
    {
      if (!g_ascii_isdigit (digits17[i]))
        return 0;
      sum += (digits17[i] - '0') * id_number_weights[i];
    }
  return id_number_check_chars[sum % 11];
}

/* The local date now. Caller frees. */
static GDate *
local_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_new_dmy (g_date_time_get_day_of_month (now),
                         g_date_time_get_month (now),
                         g_date_time_get_year (now));
}

static int
parse_digits (const char *text,
              guint       n)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    value = value * 10 + (text[i] - '0');
  return value;
}

/* Checks the 8 digits of the birth date at @text (already known to be digits). */
static GDate *
check_birth_date (const char  *text,
                  GDate       *today,
                  GError     **error)
{
  int year = parse_digits (text, 4);
  int month = parse_digits (text + 4, 2);
  int day = parse_digits (text + 6, 2);
  g_autofree char *shown = g_strdup_printf ("%.4s-%.2s-%.2s", text, text + 4, text + 6);
  g_autoptr(GDate) date = NULL;

  if (!g_date_valid_dmy (day, month, year))
    {
      g_set_error (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_DATE,
                   /* Translators: %s is a date as typed, e.g. 1999-02-29 */
                   _("The birth date %s does not exist: check characters 7 to 14 against the card"),
                   shown);
      return NULL;
    }

  date = g_date_new_dmy (day, month, year);
  if (year < ID_NUMBER_MIN_YEAR)
    {
      g_set_error (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_DATE,
                   _("The birth date %s is before 1900: check characters 7 to 14 against the card"),
                   shown);
      return NULL;
    }
  if (g_date_compare (date, today) > 0)
    {
      g_set_error (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_DATE,
                   _("The birth date %s is in the future: "
                     "check characters 7 to 14 against the card"),
                   shown);
      return NULL;
    }
  return g_steal_pointer (&date);
}

gboolean
jj_validate_id_number (const char  *text,
                       GDate       *today,
                       char       **normalized,
                       GDate      **birth_date,
                       JjSex       *sex,
                       GError     **error)
{
  g_autofree char *number = dup_stripped (text);
  g_autoptr(GDate) now = NULL;
  g_autoptr(GDate) date = NULL;
  glong length;
  char expected;

  g_return_val_if_fail (today == NULL || g_date_valid (today), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (number[0] == '\0')
    {
      g_set_error_literal (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_REQUIRED,
                           _("Enter the 18-character resident ID number"));
      return FALSE;
    }

  length = count_chars (number);
  if (length != ID_NUMBER_LENGTH)
    {
      g_set_error (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_FORMAT,
                   /* Translators: %ld is how many characters were typed */
                   _("Enter 18 characters: 17 digits and a last digit or X (%ld typed)"),
                   length);
      return FALSE;
    }

  /* 18 characters and (checked next) all ASCII, so bytes are characters from here on. */
  for (guint i = 0; i < ID_NUMBER_LENGTH; i++)
    {
      gboolean last = i == ID_NUMBER_LENGTH - 1;

      if (last && number[i] == 'x')
        number[i] = 'X';
      if (!g_ascii_isdigit (number[i]) && !(last && number[i] == 'X'))
        {
          g_set_error (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_FORMAT,
                       /* Translators: %u is the position of the character, from 1 */
                       _("Character %u should be a digit: enter 17 digits and a last digit or X"),
                       i + 1);
          return FALSE;
        }
    }

  /* Area codes begin with the region: 1 (North China) to 8 (Taiwan, Hong Kong, Macao). */
  if (number[0] < '1' || number[0] > '8')
    {
      g_set_error_literal (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_FORMAT,
                           _("The first digit should be 1 to 8: "
                             "check the number against the card"));
      return FALSE;
    }

  if (today == NULL)
    today = now = local_today ();
  if ((date = check_birth_date (number + 6, today, error)) == NULL)
    return FALSE;

  expected = jj_id_number_check_char (number);
  if (number[ID_NUMBER_LENGTH - 1] != expected)
    {
      g_set_error (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_CHECKSUM,
                   /* Translators: %c is the expected check character, 0-9 or X */
                   _("The check character should be %c: check the last character against the card"),
                   expected);
      return FALSE;
    }

  if (sex != NULL)
    *sex = (number[16] - '0') % 2 == 1 ? JJ_SEX_MALE : JJ_SEX_FEMALE;
  if (birth_date != NULL)
    *birth_date = g_steal_pointer (&date);
  if (normalized != NULL)
    *normalized = g_steal_pointer (&number);
  return TRUE;
}

char *
jj_id_number_mask (const char *id_number)
{
  const char *text = id_number != NULL ? id_number : "";
  glong length;
  GString *masked;

  if (!g_utf8_validate (text, -1, NULL))
    return g_strnfill (strlen (text), '*');

  length = g_utf8_strlen (text, -1);
  masked = g_string_sized_new (strlen (text));

  if (length >= ID_NUMBER_LENGTH)
    {
      const char *tail = g_utf8_offset_to_pointer (text, length - 4);

      g_string_append_len (masked, text, g_utf8_offset_to_pointer (text, 4) - text);
      for (glong i = 8; i < length; i++)
        g_string_append_c (masked, '*');
      g_string_append (masked, tail);
    }
  else if (length > 0)
    {
      for (glong i = 1; i < length; i++)
        g_string_append_c (masked, '*');
      g_string_append (masked, g_utf8_offset_to_pointer (text, length - 1));
    }
  return g_string_free (masked, FALSE);
}

gboolean
jj_validate_mobile (const char  *text,
                    char       **normalized,
                    GError     **error)
{
  g_autofree char *stripped = dup_stripped (text);
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *p = stripped;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (stripped[0] == '\0')
    {
      g_set_error_literal (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_REQUIRED,
                           _("Enter the 11-digit mobile number"));
      return FALSE;
    }

  if (g_str_has_prefix (p, "+"))
    {
      if (!g_str_has_prefix (p, "+86"))
        {
          g_set_error_literal (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_FORMAT,
                               _("Only mainland mobile numbers (+86) can be used: "
                                 "enter an 11-digit number"));
          return FALSE;
        }
      p += strlen ("+86");
    }

  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != '-' && !g_ascii_isspace (*p))
        {
          g_set_error_literal (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_FORMAT,
                               _("A mobile number has only digits: enter the 11 digits"));
          return FALSE;
        }
    }

  /* 86 then 11 digits is the number written with its country code but without the plus. */
  if (digits->len == MOBILE_LENGTH + 2 && g_str_has_prefix (digits->str, "86"))
    g_string_erase (digits, 0, 2);

  if (digits->len != MOBILE_LENGTH)
    {
      g_set_error (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_FORMAT,
                   /* Translators: %u is how many digits were typed */
                   _("Enter the 11-digit mobile number (%u digits typed)"),
                   (guint) digits->len);
      return FALSE;
    }
  if (digits->str[0] != '1' || digits->str[1] < '3' || digits->str[1] > '9')
    {
      g_set_error_literal (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_FORMAT,
                           _("A mobile number starts with 13 to 19: check the first digits"));
      return FALSE;
    }

  if (normalized != NULL)
    *normalized = g_strdup (digits->str);
  return TRUE;
}

gboolean
jj_validate_uscc (const char  *text,
                  char       **normalized,
                  GError     **error)
{
  g_autofree char *stripped = dup_stripped (text);
  g_autofree char *code = NULL;
  glong length;
  int sum = 0;
  int check;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (stripped[0] == '\0')
    {
      g_set_error_literal (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_REQUIRED,
                           _("Enter the 18-character unified social credit code"));
      return FALSE;
    }

  length = count_chars (stripped);
  if (length != USCC_LENGTH)
    {
      g_set_error (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_FORMAT,
                   /* Translators: %ld is how many characters were typed */
                   _("Enter the 18 characters of the credit code shown on the licence (%ld typed)"),
                   length);
      return FALSE;
    }

  code = g_ascii_strup (stripped, -1);
  for (guint i = 0; i < USCC_LENGTH; i++)
    {
      const char *found = code[i] != '\0' ? strchr (uscc_charset, code[i]) : NULL;

      if (found == NULL)
        {
          if (g_ascii_isalpha (code[i]))
            g_set_error (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_FORMAT,
                         /* Translators: %c is a letter, %u its position from 1 */
                         _("Credit codes never use the letter %c: "
                           "check character %u against the licence"),
                         code[i], i + 1);
          else
            g_set_error (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_FORMAT,
                         /* Translators: %u is the position of the character, from 1 */
                         _("Character %u should be a digit or a capital letter: "
                           "check it against the licence"),
                         i + 1);
          return FALSE;
        }
      if (i < G_N_ELEMENTS (uscc_weights))
        sum += (int) (found - uscc_charset) * uscc_weights[i];
    }

  check = 31 - sum % 31;
  if (check == 31)
    check = 0;
  if (code[USCC_LENGTH - 1] != uscc_charset[check])
    {
      g_set_error (error, JJ_VALIDATE_ERROR, JJ_VALIDATE_ERROR_CHECKSUM,
                   /* Translators: %c is the expected check character */
                   _("The check character should be %c: "
                     "check the last character against the licence"),
                   uscc_charset[check]);
      return FALSE;
    }

  if (normalized != NULL)
    *normalized = g_steal_pointer (&code);
  return TRUE;
}
