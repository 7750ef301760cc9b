/* test-validate.c — resident ID numbers, mobile numbers and unified social credit codes
 *
 * The vectors were made by computing check characters by the standards' own rules (again
 * here, independently of app/jj-validate.c), so a wrong weight or table in the code under test
 * cannot also be wrong in its test. 11010519491231002X and 91350100M000100Y43 are the examples
 * printed in GB 11643-1999 and GB 32100-2015.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib.h>

#include "jj-validate.h"

/* Every test that needs "today" uses this one, so no vector ages into the future. */
#define TODAY_DAY   15
#define TODAY_MONTH G_DATE_JUNE
#define TODAY_YEAR  2026

static const char * const valid_id_numbers[] = {
  "11010519491231002X",
  "440524198001010013",
  "430124200002290033",  /* born on the leap day 2000-02-29 */
  "43042119900307123X",
  "510107198511124563",
  "32058319780630771X",
  "650102201212250088",
  "81000019950101004X",  /* area code starting with 8 (Hong Kong, Macao, Taiwan residents) */
  "350203200109112345",
  "230106193910015552",
  "710000199912319873",
  "210204197001011113",
  "433101196010100307",
  "130102200408178907",
  "620102202002290128",  /* born on the leap day 2020-02-29 */
};

static GDate *
fixed_today (void)
{
  return g_date_new_dmy (TODAY_DAY, TODAY_MONTH, TODAY_YEAR);
}

/* GB 11643-1999 computed here from the standard, not from the code under test. */
static char
reference_id_check_char (const char *digits17)
{
  static const int weights[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0;

  for (guint i = 0; i < 17; i++)
    sum += (digits17[i] - '0') * weights[i];
  return "10X98765432"[sum % 11];
}

/* @digits17 with its check character appended. Caller frees. */
static char *
make_id_number (const char *digits17)
{
  g_assert_cmpuint (strlen (digits17), ==, 17);
  return g_strdup_printf ("%s%c", digits17, reference_id_check_char (digits17));
}

/* GB 32100-2015 computed here from the standard. */
static char
reference_uscc_check_char (const char *code17)
{
  static const char charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static const int weights[] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
  int sum = 0;

  for (guint i = 0; i < 17; i++)
    sum += (int) (strchr (charset, code17[i]) - charset) * weights[i];
  return charset[(31 - sum % 31) % 31];
}

static char *
make_uscc (const char *code17)
{
  g_assert_cmpuint (strlen (code17), ==, 17);
  return g_strdup_printf ("%s%c", code17, reference_uscc_check_char (code17));
}

static void
assert_id_error (const char      *text,
                 JjValidateError  code,
                 const char      *in_message)
{
  g_autoptr(GDate) today = fixed_today ();
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;
  g_autoptr(GDate) birth_date = NULL;
  JjSex sex = JJ_SEX_UNKNOWN;

  g_test_message ("ID number “%s”", text);
  g_assert_false (jj_validate_id_number (text, today, &normalized, &birth_date, &sex, &error));
  g_assert_error (error, JJ_VALIDATE_ERROR, (int) code);
  g_test_message ("→ %s", error->message);
  if (in_message != NULL)
    g_assert_nonnull (strstr (error->message, in_message));
  g_assert_null (normalized);
  g_assert_null (birth_date);
  g_assert_cmpint (sex, ==, JJ_SEX_UNKNOWN);
}

static void
test_id_number_valid_vectors (void)
{
  g_autoptr(GDate) today = fixed_today ();

  g_assert_cmpuint (G_N_ELEMENTS (valid_id_numbers), >=, 10);
  for (guint i = 0; i < G_N_ELEMENTS (valid_id_numbers); i++)
    {
      const char *number = valid_id_numbers[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("ID number %s", number);
      g_assert_cmpint (reference_id_check_char (number), ==, number[17]);
      g_assert_cmpint (jj_id_number_check_char (number), ==, number[17]);
      g_assert_true (jj_validate_id_number (number, today, &normalized, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, number);

      /* Every out argument is optional. */
      g_assert_true (jj_validate_id_number (number, today, NULL, NULL, NULL, NULL));
    }
}

static void
test_id_number_generated_vectors (void)
{
  g_autoptr(GDate) today = fixed_today ();
  guint n_x = 0;

  /* Every sequence number of one area and date: the check character runs through all 11. */
  for (guint sequence = 0; sequence < 1000; sequence++)
    {
      g_autofree char *digits17 = g_strdup_printf ("43012419850517%03u", sequence);
      g_autofree char *number = make_id_number (digits17);
      g_autoptr(GError) error = NULL;

      if (number[17] == 'X')
        n_x++;
      g_assert_true (jj_validate_id_number (number, today, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (n_x, >, 0);
}

static void
test_id_number_lower_case_x (void)
{
  g_autoptr(GDate) today = fixed_today ();
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;

  g_assert_true (jj_validate_id_number ("11010519491231002x", today, &normalized, NULL, NULL,
                                        &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, "11010519491231002X");
  g_clear_pointer (&normalized, g_free);

  /* Surrounding spaces, as pasted from elsewhere, are dropped too. */
  g_assert_true (jj_validate_id_number ("  43042119900307123x\t", today, &normalized, NULL, NULL,
                                        &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, "43042119900307123X");

  /* A lower-case x is only ever the check character. */
  assert_id_error ("1101051949123100x2", JJ_VALIDATE_ERROR_FORMAT, "Character 17");
  assert_id_error ("430124 20000229003", JJ_VALIDATE_ERROR_FORMAT, "Character 7");
}

static void
test_id_number_check_char_function (void)
{
  g_assert_cmpint (jj_id_number_check_char ("11010519491231002"), ==, 'X');
  g_assert_cmpint (jj_id_number_check_char ("44052419800101001"), ==, '3');
  /* Only the first 17 characters count: a whole number can be passed. */
  g_assert_cmpint (jj_id_number_check_char ("11010519491231002X"), ==, 'X');
  g_assert_cmpint (jj_id_number_check_char ("1101051949123100"), ==, 0);
  g_assert_cmpint (jj_id_number_check_char ("1101051949123100A"), ==, 0);
  g_assert_cmpint (jj_id_number_check_char (""), ==, 0);
  g_assert_cmpint (jj_id_number_check_char (NULL), ==, 0);
}

static void
test_id_number_wrong_check_character (void)
{
  static const char all_checks[] = "0123456789X";

  for (guint i = 0; i < G_N_ELEMENTS (valid_id_numbers); i++)
    for (guint j = 0; all_checks[j] != '\0'; j++)
      {
        g_autofree char *wrong = g_strdup (valid_id_numbers[i]);
        g_autofree char *expected = g_strdup_printf ("should be %c:", valid_id_numbers[i][17]);

        if (all_checks[j] == wrong[17])
          continue;
        wrong[17] = all_checks[j];
        assert_id_error (wrong, JJ_VALIDATE_ERROR_CHECKSUM, expected);
      }

  /* One mistyped digit elsewhere shows up as a wrong check character too. */
  assert_id_error ("11010519491231003X", JJ_VALIDATE_ERROR_CHECKSUM, "should be 8:");
  assert_id_error ("110105194912310021", JJ_VALIDATE_ERROR_CHECKSUM, "should be X:");
}

static void
test_id_number_impossible_dates (void)
{
  static const char * const dates[] = {
    "19990229",  /* 1999 is not a leap year */
    "19000229",  /* nor is 1900: divisible by 100, not by 400 */
    "20231301",
    "20230431",
    "20230001",
    "20230100",
    "20230132",
  };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autofree char *digits17 = g_strdup_printf ("430124%s003", dates[i]);
      g_autofree char *number = make_id_number (digits17);

      assert_id_error (number, JJ_VALIDATE_ERROR_DATE, "does not exist");
    }
}

static void
test_id_number_future_birth_date (void)
{
  g_autoptr(GDate) today = fixed_today ();
  g_autoptr(GDate) birth_date = NULL;
  g_autofree char *tomorrow = make_id_number ("43012420260616003");
  g_autofree char *born_today = make_id_number ("43012420260615003");
  g_autofree char *far_future = make_id_number ("43012429990101003");

  assert_id_error (tomorrow, JJ_VALIDATE_ERROR_DATE, "2026-06-16 is in the future");
  g_assert_true (jj_validate_id_number (born_today, today, NULL, &birth_date, NULL, NULL));
  g_assert_cmpint (g_date_compare (birth_date, today), ==, 0);

  /* Without a date given, today is the local date. */
  g_assert_false (jj_validate_id_number (far_future, NULL, NULL, NULL, NULL, NULL));
  g_assert_true (jj_validate_id_number (valid_id_numbers[0], NULL, NULL, NULL, NULL, NULL));
}

static void
test_id_number_before_1900 (void)
{
  g_autofree char *first_day = make_id_number ("43012419000101003");
  g_autofree char *day_before = make_id_number ("43012418991231003");

  /* The example of GB 11643-1999 itself: born in 1880, no longer a resident's number. */
  assert_id_error ("440524188001010014", JJ_VALIDATE_ERROR_DATE, "before 1900");
  assert_id_error (day_before, JJ_VALIDATE_ERROR_DATE, "before 1900");
  g_assert_true (jj_validate_id_number (first_day, NULL, NULL, NULL, NULL, NULL));
}

static void
test_id_number_wrong_length (void)
{
  assert_id_error ("", JJ_VALIDATE_ERROR_REQUIRED, NULL);
  assert_id_error ("   ", JJ_VALIDATE_ERROR_REQUIRED, NULL);
  assert_id_error (NULL, JJ_VALIDATE_ERROR_REQUIRED, NULL);
  assert_id_error ("11010519491231002", JJ_VALIDATE_ERROR_FORMAT, "Enter 18 characters");
  assert_id_error ("11010519491231002X1", JJ_VALIDATE_ERROR_FORMAT, "(19 typed)");
  /* A first-generation 15-digit number is no longer valid. */
  assert_id_error ("110105491231002", JJ_VALIDATE_ERROR_FORMAT, "(15 typed)");
  /* Characters, not bytes: 18 characters with Chinese in them are still 18. */
  assert_id_error ("1101051949123100二X", JJ_VALIDATE_ERROR_FORMAT, "Character 17");
}

static void
test_id_number_letters_inside (void)
{
  assert_id_error ("1101051949123A002X", JJ_VALIDATE_ERROR_FORMAT,
                   "Character 14 should be a digit");
  assert_id_error ("X10105194912310021", JJ_VALIDATE_ERROR_FORMAT, "Character 1 should be a digit");
  assert_id_error ("110105194912310O2X", JJ_VALIDATE_ERROR_FORMAT, "Character 16");
  assert_id_error ("11010519491231002Y", JJ_VALIDATE_ERROR_FORMAT, "Character 18");
  assert_id_error ("11010519491231-02X", JJ_VALIDATE_ERROR_FORMAT, "Character 15");
  /* Full-width digits from a Chinese input method. */
  assert_id_error ("１1010519491231002X", JJ_VALIDATE_ERROR_FORMAT, "Character 1");
}

static void
test_id_number_area_code (void)
{
  g_autofree char *zero = make_id_number ("01010519491231002");
  g_autofree char *nine = make_id_number ("91010519491231002");
  g_autofree char *one = make_id_number ("11010519491231002");
  g_autofree char *eight = make_id_number ("81010519491231002");

  assert_id_error (zero, JJ_VALIDATE_ERROR_FORMAT, "first digit");
  assert_id_error (nine, JJ_VALIDATE_ERROR_FORMAT, "first digit");
  g_assert_true (jj_validate_id_number (one, NULL, NULL, NULL, NULL, NULL));
  g_assert_true (jj_validate_id_number (eight, NULL, NULL, NULL, NULL, NULL));
}

static void
assert_person (const char *number,
               JjSex       expected_sex,
               int         year,
               int         month,
               int         day)
{
  g_autoptr(GDate) today = fixed_today ();
  g_autoptr(GDate) birth_date = NULL;
  g_autoptr(GError) error = NULL;
  JjSex sex = JJ_SEX_UNKNOWN;

  g_assert_true (jj_validate_id_number (number, today, NULL, &birth_date, &sex, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sex, ==, expected_sex);
  g_assert_nonnull (birth_date);
  g_assert_cmpint (g_date_get_year (birth_date), ==, year);
  g_assert_cmpint (g_date_get_month (birth_date), ==, month);
  g_assert_cmpint (g_date_get_day (birth_date), ==, day);
}

static void
test_id_number_sex_and_birth_date (void)
{
  /* The 17th digit: odd for men, even for women. */
  assert_person ("11010519491231002X", JJ_SEX_FEMALE, 1949, 12, 31);
  assert_person ("440524198001010013", JJ_SEX_MALE, 1980, 1, 1);
  assert_person ("430124200002290033", JJ_SEX_MALE, 2000, 2, 29);
  assert_person ("43042119900307123X", JJ_SEX_MALE, 1990, 3, 7);
  assert_person ("32058319780630771X", JJ_SEX_MALE, 1978, 6, 30);
  assert_person ("620102202002290128", JJ_SEX_FEMALE, 2020, 2, 29);
  assert_person ("230106193910015552", JJ_SEX_MALE, 1939, 10, 1);
}

static void
test_id_number_mask (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "11010519491231002X", "1101**********002X" },
    { "430124200002290033", "4301**********0033" },
    { "1101051949123", "************3" },
    { "12345678", "*******8" },
    { "X", "X" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = jj_id_number_mask (cases[i].in);

      g_assert_cmpstr (masked, ==, cases[i].out);
    }
}

static void
assert_mobile_valid (const char *text,
                     const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;

  g_test_message ("mobile “%s”", text);
  g_assert_true (jj_validate_mobile (text, &normalized, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, expected);
  g_assert_true (jj_validate_mobile (text, NULL, NULL));
}

static void
assert_mobile_invalid (const char      *text,
                       JjValidateError  code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;

  g_test_message ("mobile “%s”", text);
  g_assert_false (jj_validate_mobile (text, &normalized, &error));
  g_assert_error (error, JJ_VALIDATE_ERROR, (int) code);
  g_test_message ("→ %s", error->message);
  g_assert_null (normalized);
}

static void
test_mobile_valid (void)
{
  assert_mobile_valid ("13800138000", "13800138000");
  assert_mobile_valid ("+86 138 0013 8000", "13800138000");
  assert_mobile_valid ("+8613800138000", "13800138000");
  assert_mobile_valid ("86 13800138000", "13800138000");
  assert_mobile_valid ("8613800138000", "13800138000");
  assert_mobile_valid ("138-0013-8000", "13800138000");
  assert_mobile_valid ("  199 1234 5678 ", "19912345678");
  assert_mobile_valid ("14712345678", "14712345678");
  assert_mobile_valid ("16612345678", "16612345678");
  assert_mobile_valid ("17012345678", "17012345678");
}

static void
test_mobile_invalid (void)
{
  assert_mobile_invalid ("", JJ_VALIDATE_ERROR_REQUIRED);
  assert_mobile_invalid (" ", JJ_VALIDATE_ERROR_REQUIRED);
  assert_mobile_invalid (NULL, JJ_VALIDATE_ERROR_REQUIRED);
  assert_mobile_invalid ("12345678901", JJ_VALIDATE_ERROR_FORMAT);   /* no 12 prefix */
  assert_mobile_invalid ("11012345678", JJ_VALIDATE_ERROR_FORMAT);
  assert_mobile_invalid ("23800138000", JJ_VALIDATE_ERROR_FORMAT);
  assert_mobile_invalid ("1380013800", JJ_VALIDATE_ERROR_FORMAT);    /* 10 digits */
  assert_mobile_invalid ("138001380001", JJ_VALIDATE_ERROR_FORMAT);  /* 12 digits */
  assert_mobile_invalid ("+86 1380013800", JJ_VALIDATE_ERROR_FORMAT);
  assert_mobile_invalid ("1380013800a", JJ_VALIDATE_ERROR_FORMAT);
  assert_mobile_invalid ("+1 138 0013 8000", JJ_VALIDATE_ERROR_FORMAT);
  assert_mobile_invalid ("0739-5200001", JJ_VALIDATE_ERROR_FORMAT);  /* a landline */
  assert_mobile_invalid ("(138)00138000", JJ_VALIDATE_ERROR_FORMAT);
}

static void
test_mobile_messages (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (jj_validate_mobile ("1380013800", NULL, &error));
  g_assert_nonnull (strstr (error->message, "(10 digits typed)"));
}

static void
assert_uscc_error (const char      *text,
                   JjValidateError  code,
                   const char      *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;

  g_test_message ("credit code “%s”", text);
  g_assert_false (jj_validate_uscc (text, &normalized, &error));
  g_assert_error (error, JJ_VALIDATE_ERROR, (int) code);
  g_test_message ("→ %s", error->message);
  if (in_message != NULL)
    g_assert_nonnull (strstr (error->message, in_message));
  g_assert_null (normalized);
}

static GPtrArray *
uscc_vectors (void)
{
  static const char * const bodies[] = {
    "91110000600037341",
    "91430100MA4L1234T",
    "12100000400000624",
    "93430124MA4PQRT1W",
    "Y1430121MA4P7J8WH",
    "31430000MD0123456",
    "91440300MA5FUWXY0",
    "52430000MJJ000010",  /* weighted sum ≡ 0 (mod 31): check value 31, written 0 */
  };
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (codes, g_strdup ("91350100M000100Y43"));
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    g_ptr_array_add (codes, make_uscc (bodies[i]));
  return codes;
}

static void
test_uscc_valid_vectors (void)
{
  g_autoptr(GPtrArray) codes = uscc_vectors ();

  g_assert_cmpint (reference_uscc_check_char ("91350100M000100Y4"), ==, '3');
  g_assert_cmpint (reference_uscc_check_char ("52430000MJJ000010"), ==, '0');
  g_assert_true (jj_validate_uscc ("52430000MJJ0000100", NULL, NULL));

  for (guint i = 0; i < codes->len; i++)
    {
      const char *code = g_ptr_array_index (codes, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("credit code %s", code);
      g_assert_true (jj_validate_uscc (code, &normalized, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, code);
    }
}

static void
test_uscc_lower_case (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;

  g_assert_true (jj_validate_uscc (" 91350100m000100y43 ", &normalized, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, "91350100M000100Y43");
}

static void
test_uscc_wrong_check_character (void)
{
  static const char charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  g_autoptr(GPtrArray) codes = uscc_vectors ();

  for (guint i = 0; i < codes->len; i++)
    for (guint j = 0; charset[j] != '\0'; j++)
      {
        const char *code = g_ptr_array_index (codes, i);
        g_autofree char *wrong = g_strdup (code);
        g_autofree char *expected = g_strdup_printf ("should be %c:", code[17]);

        if (charset[j] == wrong[17])
          continue;
        wrong[17] = charset[j];
        assert_uscc_error (wrong, JJ_VALIDATE_ERROR_CHECKSUM, expected);
      }

  /* Two neighbours swapped. */
  assert_uscc_error ("91351000M000100Y43", JJ_VALIDATE_ERROR_CHECKSUM, "should be");
}

static void
test_uscc_forbidden_letters (void)
{
  static const char forbidden[] = "IOSVZ";

  for (guint i = 0; forbidden[i] != '\0'; i++)
    {
      g_autofree char *body = g_strdup ("91350100M000100Y4");
      g_autofree char *code = NULL;
      g_autofree char *lower = NULL;
      g_autofree char *expected = g_strdup_printf ("letter %c: check character 9", forbidden[i]);

      /* Where the letter is, whatever the check character would be. */
      body[8] = forbidden[i];
      code = g_strdup_printf ("%s3", body);
      assert_uscc_error (code, JJ_VALIDATE_ERROR_FORMAT, expected);
      lower = g_ascii_strdown (code, -1);
      assert_uscc_error (lower, JJ_VALIDATE_ERROR_FORMAT, expected);
    }

  assert_uscc_error ("91350100M000100Y4O", JJ_VALIDATE_ERROR_FORMAT,
                     "letter O: check character 18");
  assert_uscc_error ("91350100M00-100Y43", JJ_VALIDATE_ERROR_FORMAT, "Character 12");
}

static void
test_uscc_wrong_length (void)
{
  assert_uscc_error ("", JJ_VALIDATE_ERROR_REQUIRED, NULL);
  assert_uscc_error (NULL, JJ_VALIDATE_ERROR_REQUIRED, NULL);
  assert_uscc_error ("91350100M000100Y4", JJ_VALIDATE_ERROR_FORMAT, "(17 typed)");
  assert_uscc_error ("91350100M000100Y433", JJ_VALIDATE_ERROR_FORMAT, "(19 typed)");
  /* The old 9-character organization code is not a credit code. */
  assert_uscc_error ("M000100Y4", JJ_VALIDATE_ERROR_FORMAT, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/id-number/valid-vectors", test_id_number_valid_vectors);
  g_test_add_func ("/validate/id-number/every-sequence-of-a-day-is-valid",
                   test_id_number_generated_vectors);
  g_test_add_func ("/validate/id-number/lower-case-x-normalized", test_id_number_lower_case_x);
  g_test_add_func ("/validate/id-number/check-char-of-17-digits",
                   test_id_number_check_char_function);
  g_test_add_func ("/validate/id-number/wrong-check-character",
                   test_id_number_wrong_check_character);
  g_test_add_func ("/validate/id-number/impossible-date", test_id_number_impossible_dates);
  g_test_add_func ("/validate/id-number/future-birth-date", test_id_number_future_birth_date);
  g_test_add_func ("/validate/id-number/born-before-1900", test_id_number_before_1900);
  g_test_add_func ("/validate/id-number/wrong-length", test_id_number_wrong_length);
  g_test_add_func ("/validate/id-number/letters-inside", test_id_number_letters_inside);
  g_test_add_func ("/validate/id-number/area-code-starts-1-to-8", test_id_number_area_code);
  g_test_add_func ("/validate/id-number/sex-and-birth-date", test_id_number_sex_and_birth_date);
  g_test_add_func ("/validate/id-number/mask", test_id_number_mask);
  g_test_add_func ("/validate/mobile/valid-normalized-to-11-digits", test_mobile_valid);
  g_test_add_func ("/validate/mobile/invalid", test_mobile_invalid);
  g_test_add_func ("/validate/mobile/message-counts-digits", test_mobile_messages);
  g_test_add_func ("/validate/uscc/valid-vectors", test_uscc_valid_vectors);
  g_test_add_func ("/validate/uscc/lower-case-normalized", test_uscc_lower_case);
  g_test_add_func ("/validate/uscc/wrong-check-character", test_uscc_wrong_check_character);
  g_test_add_func ("/validate/uscc/letters-i-o-s-v-z-rejected", test_uscc_forbidden_letters);
  g_test_add_func ("/validate/uscc/wrong-length", test_uscc_wrong_length);

  return g_test_run ();
}
