/* test-cards.c — red and yellow cards (红黄牌) against the official working-day calendar
 *
 * The shipped data/calendar/cn-working-days.json (or $JIUJIN_CALENDAR) decides the working
 * days; cases are rows written with SQL into a real store in a temporary folder.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>

#include "jj-cards.h"
#include "jj-store-private.h"
#include "jj-test-util.h"

typedef struct
{
  char       *tmp_dir;
  char       *data_dir;
  JjStore    *store;
  JjCalendar *calendar;
} Fixture;

static JjCalendar *
load_calendar (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  JjCalendar *calendar;

  if (g_getenv ("JIUJIN_CALENDAR") != NULL)
    path = g_strdup (g_getenv ("JIUJIN_CALENDAR"));
  else
    path = g_test_build_filename (G_TEST_DIST, "..", "data", "calendar", "cn-working-days.json",
                                  NULL);
  calendar = jj_calendar_new_from_file (path, &error);
  g_assert_no_error (error);
  return calendar;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->tmp_dir = jj_test_make_tmp_dir ("jiujin-test-cards-XXXXXX");
  fixture->data_dir = g_build_filename (fixture->tmp_dir, "data", NULL);
  fixture->store = jj_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  fixture->calendar = load_calendar ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->calendar);
  g_assert_true (jj_test_remove_tree (fixture->tmp_dir));
  g_free (fixture->tmp_dir);
  g_free (fixture->data_dir);
}

static GDate *
day (const char *text)
{
  GDate *date = jj_cards_parse_date (text);

  g_assert_nonnull (date);
  return date;
}

/* Asserts the card and the working days left of a case promised for @promised on @today. */
static void
assert_card (JjCalendar *calendar,
             const char *today,
             const char *promised,
             JjCard      card,
             int         remaining)
{
  g_autoptr(GDate) today_date = day (today);
  g_autoptr(GDate) promised_date = day (promised);
  int days = G_MININT;

  g_test_message ("today %s, promised %s", today, promised);
  g_assert_cmpstr (jj_card_to_string (jj_cards_compute (calendar, today_date, promised_date, &days)),
                   ==, jj_card_to_string (card));
  g_assert_cmpint (days, ==, remaining);
}

/* --- computation ------------------------------------------------------------------------ */

static void
test_compute_ordinary_week (void)
{
  g_autoptr(JjCalendar) calendar = load_calendar ();

  /* Tuesday 10 March 2026. */
  assert_card (calendar, "2026-03-10", "2026-03-10", JJ_CARD_YELLOW, 0);
  assert_card (calendar, "2026-03-10", "2026-03-11", JJ_CARD_YELLOW, 1);
  assert_card (calendar, "2026-03-10", "2026-03-12", JJ_CARD_NONE, 2);
  assert_card (calendar, "2026-03-11", "2026-03-10", JJ_CARD_RED, -1);
  assert_card (calendar, "2026-03-13", "2026-03-10", JJ_CARD_RED, -3);
}

static void
test_compute_across_weekend (void)
{
  g_autoptr(JjCalendar) calendar = load_calendar ();

  /* Promised for Monday 16 March: Friday is one working day before it, Thursday two. */
  assert_card (calendar, "2026-03-13", "2026-03-16", JJ_CARD_YELLOW, 1);
  assert_card (calendar, "2026-03-12", "2026-03-16", JJ_CARD_NONE, 2);
  assert_card (calendar, "2026-03-14", "2026-03-16", JJ_CARD_YELLOW, 1);
  assert_card (calendar, "2026-03-15", "2026-03-16", JJ_CARD_YELLOW, 1);
  assert_card (calendar, "2026-03-14", "2026-03-17", JJ_CARD_NONE, 2);
  /* Promised for Friday 13 March: late on Saturday already, though no working day has passed. */
  assert_card (calendar, "2026-03-14", "2026-03-13", JJ_CARD_RED, -1);
  assert_card (calendar, "2026-03-15", "2026-03-13", JJ_CARD_RED, -1);
  assert_card (calendar, "2026-03-16", "2026-03-13", JJ_CARD_RED, -1);
  assert_card (calendar, "2026-03-17", "2026-03-13", JJ_CARD_RED, -2);
}

static void
test_compute_national_day (void)
{
  g_autoptr(JjCalendar) calendar = load_calendar ();

  /* 国庆 2026: 1–7 October off. Thursday 8 October is the next working day after Wednesday 30
   * September, which counting weekdays alone would put six working days away. */
  assert_card (calendar, "2026-09-30", "2026-10-08", JJ_CARD_YELLOW, 1);
  assert_card (calendar, "2026-09-29", "2026-10-08", JJ_CARD_NONE, 2);
  assert_card (calendar, "2026-10-03", "2026-10-08", JJ_CARD_YELLOW, 1);
  assert_card (calendar, "2026-10-07", "2026-10-09", JJ_CARD_NONE, 2);
  /* Due on the last day before the holiday: red through the week off, by one working day. */
  assert_card (calendar, "2026-10-01", "2026-09-30", JJ_CARD_RED, -1);
  assert_card (calendar, "2026-10-07", "2026-09-30", JJ_CARD_RED, -1);
  assert_card (calendar, "2026-10-08", "2026-09-30", JJ_CARD_RED, -1);
  assert_card (calendar, "2026-10-09", "2026-09-30", JJ_CARD_RED, -2);
}

static void
test_compute_make_up_saturday (void)
{
  g_autoptr(JjCalendar) calendar = load_calendar ();

  /* Saturday 10 October 2026 is a make-up working day (调休上班): from Friday 9 October, Monday
   * 12 October is two working days away, not one. */
  assert_card (calendar, "2026-10-09", "2026-10-12", JJ_CARD_NONE, 2);
  assert_card (calendar, "2026-10-09", "2026-10-10", JJ_CARD_YELLOW, 1);
  assert_card (calendar, "2026-10-10", "2026-10-10", JJ_CARD_YELLOW, 0);
  assert_card (calendar, "2026-10-10", "2026-10-12", JJ_CARD_YELLOW, 1);
  assert_card (calendar, "2026-10-11", "2026-10-10", JJ_CARD_RED, -1);
  /* An ordinary Friday to Monday for comparison: one working day. */
  assert_card (calendar, "2026-10-16", "2026-10-19", JJ_CARD_YELLOW, 1);
}

static void
test_parse_date (void)
{
  const char * const bad[] = { "", "2026-3-10", "2026-02-30", "2026-03-10x", "20260310",
                               "2026-03-10 ", "abcd-ef-gh", " 2026-03-1", "2026-03-+1",
                               "0000-01-01" };
  g_autoptr(GDate) date = jj_cards_parse_date ("2026-02-28");

  g_assert_nonnull (date);
  g_assert_cmpint (g_date_get_year (date), ==, 2026);
  g_assert_cmpint (g_date_get_month (date), ==, 2);
  g_assert_cmpint (g_date_get_day (date), ==, 28);
  g_assert_null (jj_cards_parse_date (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GDate) none = jj_cards_parse_date (bad[i]);

      g_assert_null (none);
    }
}

/* --- cases in the store ----------------------------------------------------------------- */

/* Writes an application in @state promised for @promised (NULL for none) with a receipt number
 * from its row id and, when given, the county's case number. Returns its id. */
static gint64
insert_case (Fixture    *fixture,
             const char *state,
             const char *promised,
             const char *case_number)
{
  sqlite3 *db = jj_store_get_db (fixture->store);
  sqlite3_stmt *stmt = NULL;
  gint64 id;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO applications (state, title, applicant_name,"
                                       "  applicant_id_number, receipt_number, case_number,"
                                       "  promised_date, created_at, updated_at, submitted_at)"
                                       " VALUES (?1, '高龄津贴申请', '张三', '110101195001010012',"
                                       "  'JJ01-20260301-' || (SELECT count (*) + 1"
                                       "                      FROM applications),"
                                       "  ?2, ?3, 1772323200, 1772323200, 1772323200)",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, case_number, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, promised, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  id = sqlite3_last_insert_rowid (db);
  return id;
}

static void
exec_sql (Fixture    *fixture,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (jj_store_get_db (fixture->store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static const JjCardItem *
find_item (GPtrArray *items,
           gint64     id)
{
  for (guint i = 0; i < items->len; i++)
    {
      const JjCardItem *item = g_ptr_array_index (items, i);

      if (item->application_id == id)
        return item;
    }
  return NULL;
}

/* The card of case @id in @items; the test fails when it is not there. */
static JjCard
card_of (GPtrArray *items,
         gint64     id)
{
  const JjCardItem *item = find_item (items, id);

  if (item == NULL)
    g_error ("case %" G_GINT64_FORMAT " is not listed", id);
  return item->card;
}

static void
test_store_open_cases (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GDate) today = day ("2026-03-13");
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  gint64 queued, sent, accepted, returned, completed, rejected, draft, unpromised;
  const JjCardItem *item;
  guint yellow = 99, red = 99;

  accepted = insert_case (fixture, "accepted", "2026-03-12", "JX2026-000042");
  queued = insert_case (fixture, "queued", "2026-03-16", NULL);
  sent = insert_case (fixture, "sent", "2026-03-31", NULL);
  returned = insert_case (fixture, "returned", "2026-03-01", "JX2026-000043");
  completed = insert_case (fixture, "completed", "2026-03-02", "JX2026-000044");
  rejected = insert_case (fixture, "rejected", "2026-03-03", "JX2026-000045");
  draft = insert_case (fixture, "draft", NULL, NULL);
  unpromised = insert_case (fixture, "queued", NULL, NULL);

  items = jj_cards_list_open (fixture->store, fixture->calendar, today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 3);

  /* Most urgent first. */
  item = g_ptr_array_index (items, 0);
  g_assert_cmpint (item->application_id, ==, accepted);
  g_assert_cmpint (item->state, ==, JJ_APPLICATION_ACCEPTED);
  g_assert_cmpint (item->card, ==, JJ_CARD_RED);
  g_assert_cmpint (item->remaining_days, ==, -1);
  g_assert_cmpstr (item->number, ==, "JX2026-000042");
  g_assert_cmpstr (item->title, ==, "高龄津贴申请");
  g_assert_cmpstr (item->applicant_name, ==, "张三");
  g_assert_cmpstr (item->masked_id_number, ==, "1101**********0012");
  g_assert_cmpstr (item->promised_date, ==, "2026-03-12");

  item = g_ptr_array_index (items, 1);
  g_assert_cmpint (item->application_id, ==, queued);
  g_assert_cmpint (item->card, ==, JJ_CARD_YELLOW);
  g_assert_cmpint (item->remaining_days, ==, 1);
  g_assert_true (g_str_has_prefix (item->number, "JJ01-20260301-"));

  item = g_ptr_array_index (items, 2);
  g_assert_cmpint (item->application_id, ==, sent);
  g_assert_cmpint (item->card, ==, JJ_CARD_NONE);
  g_assert_cmpint (item->remaining_days, ==, 12);

  /* Returned for correction: the clock waits for the resident; closed cases have no card. */
  g_assert_null (find_item (items, returned));
  g_assert_null (find_item (items, completed));
  g_assert_null (find_item (items, rejected));
  g_assert_null (find_item (items, draft));
  g_assert_null (find_item (items, unpromised));

  g_assert_true (jj_cards_count (fixture->store, fixture->calendar, today, &yellow, &red, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (yellow, ==, 1);
  g_assert_cmpuint (red, ==, 1);
}

static void
test_store_for_application (Fixture       *fixture,
                            gconstpointer  user_data)
{
  const struct { const char *state; const char *promised; JjCard card; int remaining; } cases[] = {
    { "accepted", "2026-03-12", JJ_CARD_RED, -1 },
    { "sent", "2026-03-13", JJ_CARD_YELLOW, 0 },
    { "queued", "2026-03-17", JJ_CARD_NONE, 2 },
    { "returned", "2026-03-01", JJ_CARD_NONE, 0 },
    { "completed", "2026-03-01", JJ_CARD_NONE, 0 },
    { "rejected", "2026-03-01", JJ_CARD_NONE, 0 },
    { "queued", NULL, JJ_CARD_NONE, 0 },
  };
  g_autoptr(GDate) today = day ("2026-03-13");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 id = insert_case (fixture, cases[i].state, cases[i].promised, NULL);
      g_autoptr(JjApplicationRecord) record = NULL;
      g_autoptr(GError) error = NULL;
      int remaining = 99;

      record = jj_applications_lookup (fixture->store, id, &error);
      g_assert_no_error (error);
      g_test_message ("%s promised %s", cases[i].state, cases[i].promised);
      g_assert_cmpint (jj_cards_for_application (fixture->calendar, today, record, &remaining), ==,
                       cases[i].card);
      g_assert_cmpint (remaining, ==, cases[i].remaining);
    }
}

/* The counts come from two ranges of dates in SQL, the list from the calendar case by case:
 * they must agree on every day around a holiday, a make-up day and weekends. */
static void
test_store_count_agrees_with_list (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(GDate) first = day ("2026-09-10");
  g_autoptr(GDate) date = g_date_copy (first);
  g_autoptr(GDate) today = g_date_copy (first);

  for (int i = 0; i < 50; i++, g_date_add_days (date, 1))
    {
      char text[16];

      g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
      insert_case (fixture, "accepted", text, NULL);
    }

  for (; g_date_days_between (first, today) < 50; g_date_add_days (today, 1))
    {
      g_autoptr(GPtrArray) items = NULL;
      g_autoptr(GError) error = NULL;
      guint yellow = 0, red = 0, listed_yellow = 0, listed_red = 0;
      char text[16];

      items = jj_cards_list_open (fixture->store, fixture->calendar, today, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (items->len, ==, 50);
      for (guint i = 0; i < items->len; i++)
        {
          const JjCardItem *item = g_ptr_array_index (items, i);

          listed_yellow += item->card == JJ_CARD_YELLOW;
          listed_red += item->card == JJ_CARD_RED;
        }
      g_assert_true (jj_cards_count (fixture->store, fixture->calendar, today, &yellow, &red,
                                     &error));
      g_assert_no_error (error);
      g_date_strftime (text, sizeof text, "%Y-%m-%d", today);
      g_test_message ("%s: %u yellow, %u red", text, yellow, red);
      g_assert_cmpuint (yellow, ==, listed_yellow);
      g_assert_cmpuint (red, ==, listed_red);
      g_assert_cmpuint (red, ==, g_date_days_between (first, today));
      g_assert_cmpuint (yellow, >=, 1);
    }
}

/* The open cases come from a partial index in the cards' order: the list must be what looking
 * at every row finds — open states with a date, earliest date first, then the oldest row —
 * also after cases move in and out of the open states and change their date. */
static void
test_store_list_as_plain_filtering (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  static const char * const states[] = { "draft", "queued", "sent", "accepted", "completed",
                                         "returned", "rejected" };
  static const char * const dates[] = { NULL, "2026-03-10", "2026-03-13", "2026-03-16",
                                        "2026-04-01", "not a date" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  g_autoptr(GDate) today = day ("2026-03-13");
  const char *state_of[80], *date_of[80];
  gint64 ids[80];

  for (guint k = 0; k < G_N_ELEMENTS (ids); k++)
    {
      state_of[k] = states[g_rand_int_range (rand, 0, G_N_ELEMENTS (states))];
      date_of[k] = dates[g_rand_int_range (rand, 0, G_N_ELEMENTS (dates))];
      ids[k] = insert_case (fixture, state_of[k], date_of[k], NULL);
    }

  for (int round = 0; round < 3; round++)
    {
      g_autoptr(GPtrArray) items = NULL;
      g_autoptr(GString) expected = g_string_new (NULL);
      g_autoptr(GString) listed = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      guint yellow = 0, red = 0, listed_yellow = 0, listed_red = 0;

      /* dates in order, rows in id order within each: the order the list must have */
      for (guint d = 1; d < G_N_ELEMENTS (dates) - 1; d++)
        for (guint k = 0; k < G_N_ELEMENTS (ids); k++)
          {
            JjApplicationState state;

            g_assert_true (jj_application_state_from_string (state_of[k], &state));
            if (jj_cards_is_open_state (state) && g_strcmp0 (date_of[k], dates[d]) == 0)
              g_string_append_printf (expected, "%" G_GINT64_FORMAT ",", ids[k]);
          }

      items = jj_cards_list_open (fixture->store, fixture->calendar, today, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < items->len; i++)
        {
          const JjCardItem *item = g_ptr_array_index (items, i);

          g_string_append_printf (listed, "%" G_GINT64_FORMAT ",", item->application_id);
          listed_yellow += item->card == JJ_CARD_YELLOW;
          listed_red += item->card == JJ_CARD_RED;
        }
      g_test_message ("round %d: %u open cases", round, items->len);
      g_assert_cmpuint (items->len, >, 5);
      g_assert_cmpstr (listed->str, ==, expected->str);
      g_assert_true (jj_cards_count (fixture->store, fixture->calendar, today, &yellow, &red,
                                     &error));
      g_assert_no_error (error);
      g_assert_cmpuint (yellow, ==, listed_yellow);
      g_assert_cmpuint (red, ==, listed_red);

      /* a third of the cases change state or date, in and out of the index */
      for (guint k = 0; k < G_N_ELEMENTS (ids); k += 3)
        {
          g_autofree char *sql = NULL;

          state_of[k] = states[g_rand_int_range (rand, 0, G_N_ELEMENTS (states))];
          date_of[k] = dates[g_rand_int_range (rand, 1, G_N_ELEMENTS (dates))];
          sql = g_strdup_printf ("UPDATE applications SET state = '%s', promised_date = '%s'"
                                 " WHERE id = %" G_GINT64_FORMAT, state_of[k], date_of[k], ids[k]);
          exec_sql (fixture, sql);
        }
    }
}

static guint
count_notice_rows (Fixture    *fixture,
                   const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM card_notices WHERE %s", where);
  sqlite3_stmt *stmt = NULL;
  guint n;

  g_assert_cmpint (sqlite3_prepare_v2 (jj_store_get_db (fixture->store), sql, -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static GPtrArray *
take (Fixture    *fixture,
      const char *today_text)
{
  g_autoptr(GDate) today = day (today_text);
  g_autoptr(GError) error = NULL;
  GPtrArray *items = jj_cards_take_due_notices (fixture->store, fixture->calendar, today, &error);

  g_assert_no_error (error);
  g_assert_nonnull (items);
  return items;
}

static void
test_notices_once_a_day (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) after_restart = NULL;
  g_autoptr(GPtrArray) next_day = NULL;
  g_autoptr(GPtrArray) reopened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 red, yellow, later, returned;

  /* Friday 13 March 2026. */
  red = insert_case (fixture, "accepted", "2026-03-12", NULL);
  yellow = insert_case (fixture, "queued", "2026-03-16", NULL);
  later = insert_case (fixture, "sent", "2026-03-18", NULL);
  returned = insert_case (fixture, "returned", "2026-03-10", NULL);

  first = take (fixture, "2026-03-13");
  g_assert_cmpuint (first->len, ==, 2);
  g_assert_cmpint (((JjCardItem *) g_ptr_array_index (first, 0))->application_id, ==, red);
  g_assert_cmpint (((JjCardItem *) g_ptr_array_index (first, 0))->card, ==, JJ_CARD_RED);
  g_assert_cmpint (((JjCardItem *) g_ptr_array_index (first, 1))->application_id, ==, yellow);
  g_assert_cmpint (((JjCardItem *) g_ptr_array_index (first, 1))->card, ==, JJ_CARD_YELLOW);
  g_assert_cmpuint (count_notice_rows (fixture, "day = '2026-03-13' AND card = 'red'"), ==, 1);
  g_assert_cmpuint (count_notice_rows (fixture, "day = '2026-03-13' AND card = 'yellow'"), ==, 1);

  again = take (fixture, "2026-03-13");
  g_assert_cmpuint (again->len, ==, 0);

  /* A restart of the program: the notices are in the database, not in memory. */
  g_clear_object (&fixture->store);
  fixture->store = jj_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  after_restart = take (fixture, "2026-03-13");
  g_assert_cmpuint (after_restart->len, ==, 0);

  /* The corrected case comes back overdue the same day: it is notified once, now. */
  sql = g_strdup_printf ("UPDATE applications SET state = 'accepted' WHERE id = %" G_GINT64_FORMAT,
                         returned);
  exec_sql (fixture, sql);
  reopened = take (fixture, "2026-03-13");
  g_assert_cmpuint (reopened->len, ==, 1);
  g_assert_cmpint (((JjCardItem *) g_ptr_array_index (reopened, 0))->application_id, ==, returned);
  g_clear_pointer (&reopened, g_ptr_array_unref);
  reopened = take (fixture, "2026-03-13");
  g_assert_cmpuint (reopened->len, ==, 0);

  /* Tuesday: each carded case once more; Wednesday's case is now yellow too. */
  next_day = take (fixture, "2026-03-17");
  g_assert_cmpuint (next_day->len, ==, 4);
  g_assert_cmpint (card_of (next_day, later), ==, JJ_CARD_YELLOW);
  g_assert_cmpint (card_of (next_day, yellow), ==, JJ_CARD_RED);
  /* Earlier days are forgotten: the table holds one day's notices. */
  g_assert_cmpuint (count_notice_rows (fixture, "day <> '2026-03-17'"), ==, 0);
  g_assert_cmpuint (count_notice_rows (fixture, "1"), ==, 4);
}

/* Two programs on one data folder (the GUI and jiujinctl, or two windows' timers): one of them
 * gets each notice. */
static void
test_notices_two_stores (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(JjStore) other = NULL;
  g_autoptr(GDate) today = day ("2026-03-13");
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) theirs = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 20; i++)
    insert_case (fixture, "accepted", "2026-03-12", NULL);
  other = jj_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);

  mine = jj_cards_take_due_notices (fixture->store, fixture->calendar, today, &error);
  g_assert_no_error (error);
  theirs = jj_cards_take_due_notices (other, fixture->calendar, today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len + theirs->len, ==, 20);
  g_assert_cmpuint (theirs->len, ==, 0);
}

/* --- at scale --------------------------------------------------------------------------- */

#define BULK_ROWS 100000

/* @n applications in one transaction: a quarter of them closed, the others open, promised
 * over the 120 days from 2026-09-01. */
static void
insert_bulk (Fixture *fixture,
             guint    n)
{
  static const char * const states[] = { "queued", "sent", "accepted", "completed" };
  sqlite3 *db = jj_store_get_db (fixture->store);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GDate) first = day ("2026-09-01");

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO applications (state, title, applicant_name,"
                                       "  applicant_id_number, receipt_number, promised_date,"
                                       "  created_at, updated_at, submitted_at)"
                                       " VALUES (?1, '居住证明', '李四', '110101195001010012',"
                                       "  'JJ01-20260901-' || ?2, ?3, 0, 0, 0)",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  exec_sql (fixture, "BEGIN");
  for (guint k = 0; k < n; k++)
    {
      g_autoptr(GDate) promised = g_date_copy (first);
      char text[16];

      g_date_add_days (promised, k % 120);
      g_date_strftime (text, sizeof text, "%Y-%m-%d", promised);
      sqlite3_bind_text (stmt, 1, states[k % 4], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, k);
      sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  exec_sql (fixture, "COMMIT");
  sqlite3_finalize (stmt);
}

static void
test_scale (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GDate) today = day ("2026-10-09");
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  guint yellow = 0, red = 0, listed_yellow = 0, listed_red = 0;
  double count_ms, list_ms, take_ms, again_ms;

  insert_bulk (fixture, BULK_ROWS);

  g_timer_start (timer);
  g_assert_true (jj_cards_count (fixture->store, fixture->calendar, today, &yellow, &red, &error));
  count_ms = g_timer_elapsed (timer, NULL) * 1000;
  g_assert_no_error (error);

  g_timer_start (timer);
  items = jj_cards_list_open (fixture->store, fixture->calendar, today, &error);
  list_ms = g_timer_elapsed (timer, NULL) * 1000;
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, BULK_ROWS / 4 * 3);
  for (guint i = 0; i < items->len; i++)
    {
      const JjCardItem *item = g_ptr_array_index (items, i);

      listed_yellow += item->card == JJ_CARD_YELLOW;
      listed_red += item->card == JJ_CARD_RED;
    }
  g_assert_cmpuint (yellow, ==, listed_yellow);
  g_assert_cmpuint (red, ==, listed_red);

  g_timer_start (timer);
  notices = jj_cards_take_due_notices (fixture->store, fixture->calendar, today, &error);
  take_ms = g_timer_elapsed (timer, NULL) * 1000;
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, yellow + red);

  g_timer_start (timer);
  again = jj_cards_take_due_notices (fixture->store, fixture->calendar, today, &error);
  again_ms = g_timer_elapsed (timer, NULL) * 1000;
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 0);

  g_test_message ("%u applications, %u open: count %.1f ms (%u yellow, %u red), list %.1f ms, "
                  "first notices %.1f ms (%u), again %.1f ms",
                  BULK_ROWS, items->len, count_ms, yellow, red, list_ms, take_ms, notices->len,
                  again_ms);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cards/compute/ordinary-week-today-tomorrow-overdue",
                   test_compute_ordinary_week);
  g_test_add_func ("/cards/compute/across-weekend-boundaries", test_compute_across_weekend);
  g_test_add_func ("/cards/compute/national-day-2026-week-off", test_compute_national_day);
  g_test_add_func ("/cards/compute/make-up-saturday-counts", test_compute_make_up_saturday);
  g_test_add_func ("/cards/parse-date/iso-only", test_parse_date);
  g_test_add ("/cards/store/open-cases-most-urgent-first", Fixture, NULL, fixture_set_up,
              test_store_open_cases, fixture_tear_down);
  g_test_add ("/cards/store/for-application-open-states-only", Fixture, NULL, fixture_set_up,
              test_store_for_application, fixture_tear_down);
  g_test_add ("/cards/store/list-as-plain-filtering", Fixture, NULL, fixture_set_up,
              test_store_list_as_plain_filtering, fixture_tear_down);
  g_test_add ("/cards/store/count-agrees-with-list-every-day", Fixture, NULL, fixture_set_up,
              test_store_count_agrees_with_list, fixture_tear_down);
  g_test_add ("/cards/notices/once-per-case-per-day-across-restarts", Fixture, NULL,
              fixture_set_up, test_notices_once_a_day, fixture_tear_down);
  g_test_add ("/cards/notices/two-programs-one-each", Fixture, NULL, fixture_set_up,
              test_notices_two_stores, fixture_tear_down);
  g_test_add ("/cards/scale/100000-applications", Fixture, NULL, fixture_set_up, test_scale,
              fixture_tear_down);

  return g_test_run ();
}
