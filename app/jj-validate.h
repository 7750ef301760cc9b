/* jj-validate.h — checks of what clerks type: resident ID numbers, phones, credit codes
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define JJ_VALIDATE_ERROR (jj_validate_error_quark ())

/**
 * JjValidateError:
 * @JJ_VALIDATE_ERROR_REQUIRED: the value is empty but required
 * @JJ_VALIDATE_ERROR_FORMAT: wrong length or characters
 * @JJ_VALIDATE_ERROR_CHECKSUM: the check character does not match
 * @JJ_VALIDATE_ERROR_DATE: an impossible date, or one in the future
 * @JJ_VALIDATE_ERROR_RANGE: a number or length outside its bounds
 * @JJ_VALIDATE_ERROR_PATTERN: the value does not match the field's pattern
 * @JJ_VALIDATE_ERROR_CHOICE: not one of the field's options
 *
 * Messages are translated, say what is wrong and what to do, and are meant to be shown beside
 * the field as they are.
 */
typedef enum
{
  JJ_VALIDATE_ERROR_REQUIRED,
  JJ_VALIDATE_ERROR_FORMAT,
  JJ_VALIDATE_ERROR_CHECKSUM,
  JJ_VALIDATE_ERROR_DATE,
  JJ_VALIDATE_ERROR_RANGE,
  JJ_VALIDATE_ERROR_PATTERN,
  JJ_VALIDATE_ERROR_CHOICE,
} JjValidateError;

typedef enum
{
  JJ_SEX_UNKNOWN,
  JJ_SEX_MALE,
  JJ_SEX_FEMALE,
} JjSex;

GQuark   jj_validate_error_quark  (void);

/* Checks a resident identity number (居民身份证号码) per GB 11643-1999: 18 characters, a
 * 6-digit area code, a real birth date not after @today (NULL: the local date now), a
 * 3-digit sequence, and the ISO 7064 MOD 11-2 check character (0-9 or X). Surrounding spaces
 * are ignored and a lower-case x is accepted. On success returns TRUE and, for the non-NULL
 * out arguments, the normalized number (upper-case X; caller frees), the birth date (caller
 * frees with g_date_free) and the sex (odd sequence: male). */
gboolean jj_validate_id_number    (const char  *text,
                                   GDate       *today,
                                   char       **normalized,
                                   GDate      **birth_date,
                                   JjSex       *sex,
                                   GError     **error);

/* The check character (0-9 or 'X') for the first 17 digits of @digits17, or 0 when they are
 * not 17 digits. */
char     jj_id_number_check_char  (const char  *digits17);

/* Masks an ID number for display: the first 4 and last 4 characters kept, the rest '*'
 * ("4301**********123X"). Shorter strings are masked whole except their last character.
 * Caller frees. */
char    *jj_id_number_mask        (const char  *id_number);

/* Checks a mainland mobile number: 11 digits starting with 1 and a second digit 3-9; spaces,
 * hyphens and a leading +86 or 86 are ignored. @normalized (optional) gets the 11 digits. */
gboolean jj_validate_mobile       (const char  *text,
                                   char       **normalized,
                                   GError     **error);

/* Checks a unified social credit code (统一社会信用代码) per GB 32100-2015: 18 characters from
 * 0-9 and A-Z without I, O, S, V, Z, with the weighted MOD 31 check character. Lower case is
 * accepted; @normalized (optional) gets the upper-case code. */
gboolean jj_validate_uscc         (const char  *text,
                                   char       **normalized,
                                   GError     **error);

G_END_DECLS
