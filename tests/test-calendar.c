/* test-calendar.c — working days by the official calendar: due dates and days left
 *
 * The expected dates were counted by hand on the State Council General Office notices
 * (国务院办公厅关于2024/2025/2026年部分节假日安排的通知), not computed by the code under
 * test. The shipped data/calendar/cn-working-days.json is used, or $JIUJIN_CALENDAR.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "jj-calendar.h"
#include "jj-test-util.h"

static JjCalendar *
load_official (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *env = g_getenv ("JIUJIN_CALENDAR");
  JjCalendar *calendar;

  if (env != NULL && env[0] != '\0')
    path = g_strdup (env);
  else
    path = g_test_build_filename (G_TEST_DIST, "..", "data", "calendar", "cn-working-days.json",
                                  NULL);

  calendar = jj_calendar_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (calendar);
  return calendar;
}

/* @iso is "YYYY-MM-DD". */
static GDate *
day (const char *iso)
{
  GDate *date;

  g_assert_cmpuint (strlen (iso), ==, 10);
  date = g_date_new_dmy ((GDateDay) g_ascii_strtoull (iso + 8, NULL, 10),
                         (GDateMonth) g_ascii_strtoull (iso + 5, NULL, 10),
                         (GDateYear) g_ascii_strtoull (iso, NULL, 10));
  g_assert_true (g_date_valid (date));
  return date;
}

static char *
to_iso (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date), (guint) g_date_get_day (date));
}

static void
assert_working (JjCalendar *calendar,
                const char *iso,
                gboolean    expected)
{
  g_autoptr(GDate) date = day (iso);
  g_autofree char *got = g_strdup_printf ("%s %s", iso,
                                          jj_calendar_is_working_day (calendar, date)
                                            ? "working" : "day off");
  g_autofree char *want = g_strdup_printf ("%s %s", iso, expected ? "working" : "day off");

  g_assert_cmpstr (got, ==, want);
}

/* Received on @start with a limit of @n working days: due on @due. */
static void
assert_due (JjCalendar *calendar,
            const char *start,
            guint       n,
            const char *due)
{
  g_autoptr(GDate) start_date = day (start);
  g_autoptr(GDate) result = jj_calendar_add_working_days (calendar, start_date, n);
  g_autofree char *result_iso = to_iso (result);
  g_autofree char *got = g_strdup_printf ("%s + %u = %s", start, n, result_iso);
  g_autofree char *want = g_strdup_printf ("%s + %u = %s", start, n, due);

  g_assert_cmpstr (got, ==, want);
}

static void
assert_between (JjCalendar *calendar,
                const char *from,
                const char *to,
                int         expected)
{
  g_autoptr(GDate) from_date = day (from);
  g_autoptr(GDate) to_date = day (to);
  g_autofree char *got = g_strdup_printf ("%s to %s: %d", from, to,
                                          jj_calendar_working_days_between (calendar, from_date,
                                                                            to_date));
  g_autofree char *want = g_strdup_printf ("%s to %s: %d", from, to, expected);

  g_assert_cmpstr (got, ==, want);
}

static void
test_load_official_covers (void)
{
  g_autoptr(JjCalendar) calendar = load_official ();
  static const char * const covered[] = { "2024-01-01", "2024-12-31", "2025-06-15", "2026-01-01",
                                          "2026-12-31" };
  static const char * const uncovered[] = { "2023-12-31", "2027-01-01", "1999-10-01" };

  g_assert_cmpstr (jj_calendar_get_version (calendar), ==, "2026.1");
  for (guint i = 0; i < G_N_ELEMENTS (covered); i++)
    {
      g_autoptr(GDate) date = day (covered[i]);
      g_assert_true (jj_calendar_covers (calendar, date));
    }
  for (guint i = 0; i < G_N_ELEMENTS (uncovered); i++)
    {
      g_autoptr(GDate) date = day (uncovered[i]);
      g_assert_false (jj_calendar_covers (calendar, date));
    }
}

/* The notices compensate every statutory holiday that falls on a weekend, so a year has its
 * days less the weekend days less the statutory holidays (全国年节及纪念日放假办法): 11 days in
 * 2024, 13 from 2025. Every year starts and ends such that it has 104 weekend days. */
static void
test_load_official_statutory_count (void)
{
  g_autoptr(JjCalendar) calendar = load_official ();
  static const struct { const char *last_of_previous; const char *last; int working; } years[] = {
    { "2023-12-31", "2024-12-31", 366 - 104 - 11 },
    { "2024-12-31", "2025-12-31", 365 - 104 - 13 },
    { "2025-12-31", "2026-12-31", 365 - 104 - 13 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (years); i++)
    assert_between (calendar, years[i].last_of_previous, years[i].last, years[i].working);
}

static void
test_working_day_make_up (void)
{
  g_autoptr(JjCalendar) calendar = load_official ();
  /* Every 调休上班 day of the three notices: all Saturdays or Sundays. */
  static const char * const make_up[] = {
    "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14",
    "2024-09-29", "2024-10-12",
    "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
    "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
  };

  for (guint i = 0; i < G_N_ELEMENTS (make_up); i++)
    assert_working (calendar, make_up[i], TRUE);

  /* The other day of those weekends stays off. */
  assert_working (calendar, "2025-01-25", FALSE);
  assert_working (calendar, "2025-02-09", FALSE);
  assert_working (calendar, "2025-09-27", FALSE);
  assert_working (calendar, "2025-10-12", FALSE);
}

static void
test_working_day_weekday_holiday (void)
{
  g_autoptr(JjCalendar) calendar = load_official ();
  static const char * const off[] = {
    "2024-01-01", "2024-02-12", "2024-04-05", "2024-05-03", "2024-06-10", "2024-09-16",
    "2024-10-07",
    "2025-01-01", "2025-01-28", "2025-02-04", "2025-04-04", "2025-05-05", "2025-06-02",
    "2025-10-01", "2025-10-08",
    "2026-01-02", "2026-02-16", "2026-02-23", "2026-04-06", "2026-05-05", "2026-06-19",
    "2026-09-25", "2026-10-07",
  };

  for (guint i = 0; i < G_N_ELEMENTS (off); i++)
    assert_working (calendar, off[i], FALSE);
}

static void
test_working_day_ordinary (void)
{
  g_autoptr(JjCalendar) calendar = load_official ();

  /* 2024 除夕: the notice only encourages rest, it stays a working day. */
  assert_working (calendar, "2024-02-09", TRUE);
  assert_working (calendar, "2025-02-05", TRUE);
  assert_working (calendar, "2025-09-30", TRUE);
  assert_working (calendar, "2025-10-09", TRUE);
  assert_working (calendar, "2025-03-14", TRUE);
  assert_working (calendar, "2025-03-15", FALSE);
  assert_working (calendar, "2025-03-16", FALSE);
  /* A festival on a weekend without compensation: still simply off. */
  assert_working (calendar, "2025-05-31", FALSE);
}

static void
test_add_national_day_2025 (void)
{
  g_autoptr(JjCalendar) calendar = load_official ();

  /* Received Friday 26 September: Sunday 28 is a make-up working day, 1–8 October are off,
   * Saturday 11 October is worked. */
  assert_due (calendar, "2025-09-26", 1, "2025-09-28");
  assert_due (calendar, "2025-09-26", 2, "2025-09-29");
  assert_due (calendar, "2025-09-26", 3, "2025-09-30");
  assert_due (calendar, "2025-09-26", 4, "2025-10-09");
  assert_due (calendar, "2025-09-26", 5, "2025-10-10");
  assert_due (calendar, "2025-09-26", 6, "2025-10-11");
  assert_due (calendar, "2025-09-26", 7, "2025-10-13");
  assert_due (calendar, "2025-09-30", 1, "2025-10-09");
  /* Received during the holiday (a 24-hour self-service point). */
  assert_due (calendar, "2025-10-03", 1, "2025-10-09");
  assert_due (calendar, "2025-10-03", 3, "2025-10-11");
}

static void
test_add_spring_festival_2025 (void)
{
  g_autoptr(JjCalendar) calendar = load_official ();

  assert_due (calendar, "2025-01-24", 1, "2025-01-26");
  assert_due (calendar, "2025-01-24", 2, "2025-01-27");
  assert_due (calendar, "2025-01-24", 3, "2025-02-05");
  assert_due (calendar, "2025-01-27", 1, "2025-02-05");
  assert_due (calendar, "2025-01-27", 4, "2025-02-08");
  assert_due (calendar, "2025-01-27", 5, "2025-02-10");
  /* 20 working days: 21–24, 26, 27 January; 5–8, 10–14, 17–21 February. Monday to Friday
   * alone would give 17 February. */
  assert_due (calendar, "2025-01-20", 20, "2025-02-21");
}

static void
test_add_spring_festival_2026 (void)
{
  g_autoptr(JjCalendar) calendar = load_official ();

  /* Nine days off, 15–23 February, between the make-up Saturdays 14 and 28 February. */
  assert_due (calendar, "2026-02-13", 1, "2026-02-14");
  assert_due (calendar, "2026-02-13", 2, "2026-02-24");
  assert_due (calendar, "2026-02-27", 1, "2026-02-28");
  assert_due (calendar, "2026-02-27", 2, "2026-03-02");
}

static void
test_add_across_year_end (void)
{
  g_autoptr(JjCalendar) calendar = load_official ();

  /* 2026 元旦: 1–3 January off, Sunday 4 January worked. */
  assert_due (calendar, "2025-12-31", 1, "2026-01-04");
  assert_due (calendar, "2025-12-31", 2, "2026-01-05");
  /* From an uncovered year into a covered one: 2024-01-01 is a holiday. */
  assert_due (calendar, "2023-12-29", 1, "2024-01-02");
}

static void
test_add_zero_is_start (void)
{
  g_autoptr(JjCalendar) calendar = load_official ();

  assert_due (calendar, "2025-10-01", 0, "2025-10-01");
  assert_due (calendar, "2025-09-27", 0, "2025-09-27");
  assert_due (calendar, "2025-09-29", 0, "2025-09-29");
}

static void
test_add_receipt_day_never_counts (void)
{
  g_autoptr(JjCalendar) calendar = load_official ();

  /* Received on a make-up Sunday, a working day itself. */
  assert_due (calendar, "2025-09-28", 1, "2025-09-29");
  /* Received on an ordinary Saturday. */
  assert_due (calendar, "2025-03-15", 1, "2025-03-17");
}

static void
test_between_counts (void)
{
  g_autoptr(JjCalendar) calendar = load_official ();

  assert_between (calendar, "2025-09-26", "2025-09-30", 3);
  assert_between (calendar, "2025-09-30", "2025-10-09", 1);
  assert_between (calendar, "2025-10-01", "2025-10-08", 0);
  assert_between (calendar, "2025-01-27", "2025-02-05", 1);
  assert_between (calendar, "2025-06-18", "2025-06-18", 0);
}

static void
test_between_overdue_negative (void)
{
  g_autoptr(JjCalendar) calendar = load_official ();

  /* Due 30 September 2025 (received 26 September, 3 working days). */
  assert_between (calendar, "2025-09-29", "2025-09-30", 1);
  assert_between (calendar, "2025-09-30", "2025-09-30", 0);
  assert_between (calendar, "2025-10-05", "2025-09-30", 0);
  assert_between (calendar, "2025-10-09", "2025-09-30", -1);
  assert_between (calendar, "2025-10-11", "2025-09-30", -3);
  assert_between (calendar, "2025-10-13", "2025-09-30", -4);
  /* Due Friday 26 September: Monday 29 is two working days late (Sunday 28 was worked). */
  assert_between (calendar, "2025-09-29", "2025-09-26", -2);
}

/* between (start, add (start, n)) is n and between (due, start) is -n, for every start day of
 * the covered years and their edges. */
static void
test_between_inverse_of_add (void)
{
  g_autoptr(JjCalendar) calendar = load_official ();
  g_autoptr(GDate) start = day ("2023-12-01");
  g_autoptr(GDate) end = day ("2027-01-31");

  for (; g_date_compare (start, end) <= 0; g_date_add_days (start, 1))
    for (guint n = 0; n <= 30; n++)
      {
        g_autoptr(GDate) due = jj_calendar_add_working_days (calendar, start, n);

        g_assert_cmpint (jj_calendar_working_days_between (calendar, start, due), ==, (int) n);
        g_assert_cmpint (jj_calendar_working_days_between (calendar, due, start), ==, -(int) n);
        if (n > 0)
          g_assert_true (jj_calendar_is_working_day (calendar, due));
      }
}

static void
test_fallback_mon_fri (void)
{
  g_autoptr(JjCalendar) calendar = load_official ();
  g_autoptr(GDate) national_day_2023 = day ("2023-10-02");

  /* 2023 is not in the file: its real 国庆 holiday is not known, Monday to Friday counts. */
  g_assert_false (jj_calendar_covers (calendar, national_day_2023));
  assert_working (calendar, "2023-10-02", TRUE);
  assert_working (calendar, "2023-10-07", FALSE);
  assert_working (calendar, "2027-01-01", TRUE);
  assert_working (calendar, "2027-01-02", FALSE);
  assert_working (calendar, "2027-01-03", FALSE);
  assert_due (calendar, "2027-01-01", 1, "2027-01-04");
  assert_due (calendar, "2027-02-05", 10, "2027-02-19");
  assert_between (calendar, "2027-03-01", "2027-03-31", 22);
}

/* Documents written with ' for ", turned into JSON by the test. */
#define DOC(years) "{'format': 1, 'version': 't', 'years': {" years "}}"
#define YEAR_2025(body) DOC ("'2025': {" body "}")
#define NEW_YEAR "{'name': '元旦', 'days': ['2025-01-01']}"

typedef struct
{
  const char     *name;
  const char     *json;
  JjCalendarError code;
  const char     *mentions[3];  /* besides the origin */
} Broken;

static const Broken broken[] = {
  { "not JSON", "{'format': 1,", JJ_CALENDAR_ERROR_PARSE, { NULL } },
  { "empty", "  ", JJ_CALENDAR_ERROR_PARSE, { NULL } },
  { "a list", "[]", JJ_CALENDAR_ERROR_INVALID, { "JSON object" } },
  { "unknown top field",
    "{'format': 1, 'version': 't', 'years': {'2025': {'holidays': [" NEW_YEAR "], "
    "'workdays': []}}, 'region': 'cn'}",
    JJ_CALENDAR_ERROR_INVALID, { "region" } },
  { "no format", "{'version': 't', 'years': {}}", JJ_CALENDAR_ERROR_INVALID, { "format" } },
  { "format 2",
    "{'format': 2, 'version': 't', 'years': {'2025': {'holidays': [" NEW_YEAR "], "
    "'workdays': []}}}",
    JJ_CALENDAR_ERROR_INVALID, { "format 2" } },
  { "format as text", "{'format': '1', 'version': 't', 'years': {}}", JJ_CALENDAR_ERROR_INVALID,
    { "format" } },
  { "no version", "{'format': 1, 'years': {}}", JJ_CALENDAR_ERROR_INVALID, { "version" } },
  { "empty version", "{'format': 1, 'version': '', 'years': {}}", JJ_CALENDAR_ERROR_INVALID,
    { "version" } },
  { "no years", "{'format': 1, 'version': 't'}", JJ_CALENDAR_ERROR_INVALID, { "years" } },
  { "no year in years", DOC (""), JJ_CALENDAR_ERROR_INVALID, { "years" } },
  { "years as a list", "{'format': 1, 'version': 't', 'years': []}", JJ_CALENDAR_ERROR_INVALID,
    { "years" } },
  { "year not four digits", DOC ("'25': {'holidays': [" NEW_YEAR "], 'workdays': []}"),
    JJ_CALENDAR_ERROR_INVALID, { "“25”" } },
  { "year with a letter", DOC ("'20x5': {'holidays': [" NEW_YEAR "], 'workdays': []}"),
    JJ_CALENDAR_ERROR_INVALID, { "“20x5”" } },
  { "year not an object", DOC ("'2025': []"), JJ_CALENDAR_ERROR_INVALID, { "year 2025" } },
  { "unknown year field",
    YEAR_2025 ("'holidays': [" NEW_YEAR "], 'workdays': [], 'holiday': []"),
    JJ_CALENDAR_ERROR_INVALID, { "year 2025", "“holiday”" } },
  { "empty notice", YEAR_2025 ("'notice': '', 'holidays': [" NEW_YEAR "], 'workdays': []"),
    JJ_CALENDAR_ERROR_INVALID, { "year 2025", "notice" } },
  { "no holidays", YEAR_2025 ("'workdays': []"), JJ_CALENDAR_ERROR_INVALID,
    { "year 2025: field “holidays”" } },
  { "holidays empty", YEAR_2025 ("'holidays': [], 'workdays': []"), JJ_CALENDAR_ERROR_INVALID,
    { "year 2025", "holidays" } },
  { "no workdays", YEAR_2025 ("'holidays': [" NEW_YEAR "]"), JJ_CALENDAR_ERROR_INVALID,
    { "year 2025: field “workdays”" } },
  { "entry not an object", YEAR_2025 ("'holidays': ['2025-01-01'], 'workdays': []"),
    JJ_CALENDAR_ERROR_INVALID, { "year 2025, holidays[1]" } },
  { "entry with unknown field",
    YEAR_2025 ("'holidays': [" NEW_YEAR ", {'name': '春节', 'dates': ['2025-01-28']}], "
               "'workdays': []"),
    JJ_CALENDAR_ERROR_INVALID, { "year 2025, holidays[2]", "“dates”" } },
  { "entry without name", YEAR_2025 ("'holidays': [{'days': ['2025-01-01']}], 'workdays': []"),
    JJ_CALENDAR_ERROR_INVALID, { "year 2025, holidays[1]", "name" } },
  { "entry with empty name",
    YEAR_2025 ("'holidays': [{'name': '', 'days': ['2025-01-01']}], 'workdays': []"),
    JJ_CALENDAR_ERROR_INVALID, { "year 2025, holidays[1]", "name" } },
  { "entry without days",
    YEAR_2025 ("'holidays': [{'name': '元旦', 'days': []}], 'workdays': []"),
    JJ_CALENDAR_ERROR_INVALID, { "year 2025, holidays[1] “元旦”", "days" } },
  { "day not a string",
    YEAR_2025 ("'holidays': [{'name': '元旦', 'days': [20250101]}], 'workdays': []"),
    JJ_CALENDAR_ERROR_INVALID, { "year 2025, holidays[1] “元旦”", "day 1" } },
  { "day not YYYY-MM-DD",
    YEAR_2025 ("'holidays': [{'name': '元旦', 'days': ['2025-1-1']}], 'workdays': []"),
    JJ_CALENDAR_ERROR_INVALID, { "year 2025", "“2025-1-1”" } },
  { "day with trailing text",
    YEAR_2025 ("'holidays': [{'name': '元旦', 'days': ['2025-01-01x']}], 'workdays': []"),
    JJ_CALENDAR_ERROR_INVALID, { "year 2025", "“2025-01-01x”" } },
  { "29 February in a common year",
    YEAR_2025 ("'holidays': [" NEW_YEAR ", {'name': '春节', 'days': ['2025-02-29']}], "
               "'workdays': []"),
    JJ_CALENDAR_ERROR_INVALID, { "year 2025, holidays[2] “春节”", "“2025-02-29”", "real date" } },
  { "month 13",
    YEAR_2025 ("'holidays': [" NEW_YEAR "], 'workdays': [{'name': '调休', 'days': ['2025-13-06']}]"),
    JJ_CALENDAR_ERROR_INVALID, { "year 2025, workdays[1] “调休”", "“2025-13-06”" } },
  { "day of another year",
    YEAR_2025 ("'holidays': [{'name': '元旦', 'days': ['2024-12-31', '2025-01-01']}], "
               "'workdays': []"),
    JJ_CALENDAR_ERROR_INVALID, { "year 2025", "“2024-12-31”", "2024" } },
  { "holiday twice in one entry",
    YEAR_2025 ("'holidays': [{'name': '元旦', 'days': ['2025-01-01', '2025-01-01']}], "
               "'workdays': []"),
    JJ_CALENDAR_ERROR_INVALID, { "year 2025", "“2025-01-01”", "元旦" } },
  { "holiday in two entries",
    YEAR_2025 ("'holidays': [" NEW_YEAR ", {'name': '春节', 'days': ['2025-01-01']}], "
               "'workdays': []"),
    JJ_CALENDAR_ERROR_INVALID, { "holidays[2] “春节”", "“2025-01-01”", "“元旦”" } },
  { "working day twice",
    YEAR_2025 ("'holidays': [" NEW_YEAR "], 'workdays': [{'name': '春节调休', 'days': "
               "['2025-01-26']}, {'name': '劳动节调休', 'days': ['2025-01-26']}]"),
    JJ_CALENDAR_ERROR_INVALID, { "workdays[2] “劳动节调休”", "“2025-01-26”", "“春节调休”" } },
  { "holiday and working day",
    YEAR_2025 ("'holidays': [{'name': '春节', 'days': ['2025-01-26', '2025-01-28']}], "
               "'workdays': [{'name': '春节调休', 'days': ['2025-01-26']}]"),
    JJ_CALENDAR_ERROR_INVALID, { "year 2025, workdays[1] “春节调休”", "“2025-01-26”", "“春节”" } },
  { "make-up day on a weekday",
    YEAR_2025 ("'holidays': [" NEW_YEAR "], 'workdays': [{'name': '春节调休', 'days': "
               "['2025-01-26', '2025-01-27']}]"),
    JJ_CALENDAR_ERROR_INVALID, { "year 2025, workdays[1] “春节调休”", "“2025-01-27”", "weekday" } },
  { "second year broken",
    DOC ("'2025': {'holidays': [" NEW_YEAR "], 'workdays': []}, "
         "'2026': {'holidays': [{'name': '元旦', 'days': ['2026-02-30']}], 'workdays': []}"),
    JJ_CALENDAR_ERROR_INVALID, { "year 2026, holidays[1] “元旦”", "“2026-02-30”" } },
};

static void
test_load_malformed (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autofree char *json = g_strdelimit (g_strdup (broken[i].json), "'", '"');
      g_autoptr(GError) error = NULL;
      g_autoptr(JjCalendar) calendar = NULL;

      g_test_message ("%s: %s", broken[i].name, json);
      calendar = jj_calendar_new_from_data (json, -1, "broken.json", &error);
      g_assert_null (calendar);
      g_assert_error (error, JJ_CALENDAR_ERROR, (int) broken[i].code);
      g_test_message ("→ %s", error->message);

      if (strstr (error->message, "“broken.json”") == NULL)
        g_test_fail_printf ("%s: the message “%s” does not name the file", broken[i].name,
                            error->message);
      for (guint j = 0; j < G_N_ELEMENTS (broken[i].mentions) && broken[i].mentions[j]; j++)
        if (strstr (error->message, broken[i].mentions[j]) == NULL)
          g_test_fail_printf ("%s: the message “%s” does not mention “%s”", broken[i].name,
                              error->message, broken[i].mentions[j]);
    }
}

static void
test_load_minimal_accepted (void)
{
  g_autofree char *json = g_strdelimit (g_strdup (DOC ("'2025': {'holidays': [" NEW_YEAR "], "
                                                       "'workdays': []}")), "'", '"');
  g_autoptr(GError) error = NULL;
  g_autoptr(JjCalendar) calendar = jj_calendar_new_from_data (json, -1, "minimal.json", &error);
  g_autoptr(GDate) date = day ("2025-12-31");

  g_assert_no_error (error);
  g_assert_true (jj_calendar_covers (calendar, date));
  assert_working (calendar, "2025-01-01", FALSE);
  /* Nothing else listed: the 2025 春节 of this file is an ordinary week. */
  assert_working (calendar, "2025-01-28", TRUE);
  assert_working (calendar, "2025-01-26", FALSE);
}

static void
test_load_file_errors (void)
{
  g_autofree char *tmp_dir = jj_test_make_tmp_dir ("jiujin-test-calendar-XXXXXX");
  g_autofree char *missing = g_build_filename (tmp_dir, "missing.json", NULL);
  g_autofree char *bad = g_build_filename (tmp_dir, "bad.json", NULL);
  g_autofree char *json = g_strdelimit (g_strdup (YEAR_2025 ("'holidays': [{'name': '元旦', "
                                                             "'days': ['2025-02-29']}], "
                                                             "'workdays': []")), "'", '"');
  g_autoptr(GError) error = NULL;
  g_autoptr(JjCalendar) calendar = NULL;

  calendar = jj_calendar_new_from_file (missing, &error);
  g_assert_null (calendar);
  g_assert_error (error, JJ_CALENDAR_ERROR, JJ_CALENDAR_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "missing.json"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (bad, json, -1, NULL));
  calendar = jj_calendar_new_from_file (bad, &error);
  g_assert_null (calendar);
  g_assert_error (error, JJ_CALENDAR_ERROR, JJ_CALENDAR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, bad));
  g_assert_nonnull (strstr (error->message, "year 2025"));
  g_assert_nonnull (strstr (error->message, "2025-02-29"));

  g_assert_true (jj_test_remove_tree (tmp_dir));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calendar/load/official-file-covers-2024-to-2026", test_load_official_covers);
  g_test_add_func ("/calendar/load/official-file-matches-statutory-day-count",
                   test_load_official_statutory_count);
  g_test_add_func ("/calendar/load/malformed-rejected", test_load_malformed);
  g_test_add_func ("/calendar/load/minimal-document-accepted", test_load_minimal_accepted);
  g_test_add_func ("/calendar/load/file-errors-name-the-file", test_load_file_errors);
  g_test_add_func ("/calendar/working-day/weekend-make-up-day", test_working_day_make_up);
  g_test_add_func ("/calendar/working-day/weekday-holiday", test_working_day_weekday_holiday);
  g_test_add_func ("/calendar/working-day/ordinary-days", test_working_day_ordinary);
  g_test_add_func ("/calendar/add/across-national-day-2025", test_add_national_day_2025);
  g_test_add_func ("/calendar/add/across-spring-festival-2025", test_add_spring_festival_2025);
  g_test_add_func ("/calendar/add/across-spring-festival-2026", test_add_spring_festival_2026);
  g_test_add_func ("/calendar/add/across-year-end", test_add_across_year_end);
  g_test_add_func ("/calendar/add/zero-is-start", test_add_zero_is_start);
  g_test_add_func ("/calendar/add/receipt-day-never-counts", test_add_receipt_day_never_counts);
  g_test_add_func ("/calendar/between/counts-after-from-up-to-to", test_between_counts);
  g_test_add_func ("/calendar/between/overdue-is-negative", test_between_overdue_negative);
  g_test_add_func ("/calendar/between/inverse-of-add", test_between_inverse_of_add);
  g_test_add_func ("/calendar/fallback/uncovered-year-is-mon-fri", test_fallback_mon_fri);

  return g_test_run ();
}
