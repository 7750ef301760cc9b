/* jj-cards.c — red and yellow cards (红黄牌) for cases near or past their promised date
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jj-cards.h"
#include "jj-store-private.h"
#include "jj-validate.h"

/* Must agree with jj_cards_is_open_state(), and be the WHERE of schema 8's partial index
 * written alike, which holds the open cases in the order the cards are listed and covers what
 * they show. Without statistics the planner would rather take the state index and sort 75,000
 * rows. */
#define OPEN_CASES \
  " FROM applications a INDEXED BY applications_open_by_promised" \
  " WHERE (a.state = 'queued' OR a.state = 'sent' OR a.state = 'accepted')" \
  " AND a.promised_date IS NOT NULL"

#define ITEM_COLUMNS \
  "SELECT a.id, a.state, a.title, coalesce (a.case_number, a.receipt_number, '')," \
  "  a.applicant_name, a.applicant_id_number, a.promised_date" OPEN_CASES

/* ISO dates compare as text, so the cards are two ranges of promised_date: red before ?1
 * (today), yellow from ?1 up to ?2 (the first day with more than JJ_CARDS_YELLOW_DAYS working
 * days left). */
#define CARDED_CASES " AND a.promised_date < ?2"

const char *
jj_card_to_string (JjCard card)
{
  static const char * const names[] = { "none", "yellow", "red" };

  g_return_val_if_fail (card <= JJ_CARD_RED, NULL);
  return names[card];
}

const char *
jj_card_get_label (JjCard card)
{
  switch (card)
    {
    case JJ_CARD_NONE:
      return _("On time");
    case JJ_CARD_YELLOW:
      /* Translators: 黄牌, a case with at most one working day left before its promised date */
      return _("Yellow card");
    case JJ_CARD_RED:
      /* Translators: 红牌, a case past its promised date */
      return _("Red card");
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
jj_cards_is_open_state (JjApplicationState state)
{
  return state == JJ_APPLICATION_QUEUED || state == JJ_APPLICATION_SENT ||
         state == JJ_APPLICATION_ACCEPTED;
}

GDate *
jj_cards_parse_date (const char *text)
{
  int year, month, day;

  if (text == NULL || strlen (text) != 10)
    return NULL;
  for (guint i = 0; i < 10; i++)
    if (i == 4 || i == 7 ? text[i] != '-' : !g_ascii_isdigit (text[i]))
      return NULL;

  year = g_ascii_strtoll (text, NULL, 10);
  month = g_ascii_strtoll (text + 5, NULL, 10);
  day = g_ascii_strtoll (text + 8, NULL, 10);
  if (!g_date_valid_dmy (day, month, year))
    return NULL;
  return g_date_new_dmy (day, month, year);
}

JjCard
jj_cards_compute (JjCalendar  *calendar,
                  const GDate *today,
                  const GDate *promised,
                  int         *remaining_days)
{
  int days;

  g_return_val_if_fail (JJ_IS_CALENDAR (calendar), JJ_CARD_NONE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), JJ_CARD_NONE);
  g_return_val_if_fail (promised != NULL && g_date_valid (promised), JJ_CARD_NONE);

  days = jj_calendar_working_days_between (calendar, today, promised);
  /* By the date, not the count: the Saturday after a Friday deadline is 0 working days from it
   * and already late, which must not read as "due today". */
  if (g_date_compare (promised, today) < 0)
    days = MIN (days, -1);
  if (remaining_days != NULL)
    *remaining_days = days;

  if (days < 0)
    return JJ_CARD_RED;
  return days <= JJ_CARDS_YELLOW_DAYS ? JJ_CARD_YELLOW : JJ_CARD_NONE;
}

JjCard
jj_cards_for_application (JjCalendar          *calendar,
                          const GDate         *today,
                          JjApplicationRecord *record,
                          int                 *remaining_days)
{
  g_autoptr(GDate) promised = NULL;

  g_return_val_if_fail (JJ_IS_APPLICATION_RECORD (record), JJ_CARD_NONE);

  if (remaining_days != NULL)
    *remaining_days = 0;
  if (!jj_cards_is_open_state (jj_application_record_get_state (record)) ||
      (promised = jj_cards_parse_date (jj_application_record_get_promised_date (record))) == NULL)
    return JJ_CARD_NONE;
  return jj_cards_compute (calendar, today, promised, remaining_days);
}

void
jj_card_item_free (JjCardItem *item)
{
  if (item == NULL)
    return;
  g_free (item->title);
  g_free (item->number);
  g_free (item->applicant_name);
  g_free (item->masked_id_number);
  g_free (item->promised_date);
  g_free (item);
}

static void
format_date (const GDate *date,
             char         text[11])
{
  g_snprintf (text, 11, "%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
              g_date_get_day (date));
}

/* The bounds of the carded promised dates on @today, as text: @today itself and the first
 * promised date that is not carded. */
static void
format_bounds (JjCalendar  *calendar,
               const GDate *today,
               char         today_text[11],
               char         end_text[11])
{
  g_autoptr(GDate) end = jj_calendar_add_working_days (calendar, today, JJ_CARDS_YELLOW_DAYS + 1);

  format_date (today, today_text);
  format_date (end, end_text);
}

/* Binds ?1 and ?2 of CARDED_CASES. */
static void
bind_bounds (sqlite3_stmt *stmt,
             const char   *today_text,
             const char   *end_text)
{
  sqlite3_bind_text (stmt, 1, today_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, end_text, -1, SQLITE_TRANSIENT);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Steps @stmt (ITEM_COLUMNS) to the end. Rows come ordered by promised date, so the calendar is
 * asked once per distinct date, not once per case, however old the date. */
static GPtrArray *
read_items (JjStore      *store,
            sqlite3_stmt *stmt,
            JjCalendar   *calendar,
            const GDate  *today,
            GError      **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) jj_card_item_free);
  g_autofree char *last_date = NULL;
  JjCard last_card = JJ_CARD_NONE;
  int last_remaining = 0;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JjCardItem) item = g_new0 (JjCardItem, 1);
      JjApplicationState state = JJ_APPLICATION_QUEUED;

      item->promised_date = column_dup (stmt, 6);
      if (g_strcmp0 (item->promised_date, last_date) != 0)
        {
          g_autoptr(GDate) promised = jj_cards_parse_date (item->promised_date);

          /* Not a date: written by hand, it cannot be carded. */
          if (promised == NULL)
            continue;
          last_card = jj_cards_compute (calendar, today, promised, &last_remaining);
          g_free (last_date);
          last_date = g_strdup (item->promised_date);
        }

      jj_application_state_from_string ((const char *) sqlite3_column_text (stmt, 1), &state);
      item->application_id = sqlite3_column_int64 (stmt, 0);
      item->state = state;
      item->title = column_dup (stmt, 2);
      item->number = column_dup (stmt, 3);
      item->applicant_name = column_dup (stmt, 4);
      item->masked_id_number = jj_id_number_mask ((const char *) sqlite3_column_text (stmt, 5));
      item->remaining_days = last_remaining;
      item->card = last_card;
      g_ptr_array_add (items, g_steal_pointer (&item));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      jj_store_set_error (store, error, _("Could not read the cases’ promised dates"));
      return NULL;
    }
  return g_steal_pointer (&items);
}

GPtrArray *
jj_cards_list_open (JjStore      *store,
                    JjCalendar   *calendar,
                    const GDate  *today,
                    GError      **error)
{
  sqlite3_stmt *stmt;
  GPtrArray *items = NULL;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);
  g_return_val_if_fail (JJ_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  jj_store_lock (store);
  if ((stmt = jj_store_prepare (store, ITEM_COLUMNS " ORDER BY a.promised_date, a.id", error)))
    items = read_items (store, stmt, calendar, today, error);
  jj_store_unlock (store);
  return items;
}

gboolean
jj_cards_count (JjStore      *store,
                JjCalendar   *calendar,
                const GDate  *today,
                guint        *yellow,
                guint        *red,
                GError      **error)
{
  sqlite3_stmt *stmt;
  char today_text[11], end_text[11];
  gboolean ok = FALSE;

  g_return_val_if_fail (JJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (JJ_IS_CALENDAR (calendar), FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  *yellow = *red = 0;
  format_bounds (calendar, today, today_text, end_text);

  jj_store_lock (store);
  stmt = jj_store_prepare (store,
                           "SELECT coalesce (sum (a.promised_date >= ?1), 0),"
                           "  coalesce (sum (a.promised_date < ?1), 0)" OPEN_CASES CARDED_CASES,
                           error);
  if (stmt != NULL)
    {
      bind_bounds (stmt, today_text, end_text);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          *yellow = sqlite3_column_int (stmt, 0);
          *red = sqlite3_column_int (stmt, 1);
          ok = TRUE;
        }
      else
        jj_store_set_error (store, error, _("Could not count the cases near their promised date"));
      sqlite3_reset (stmt);
    }
  jj_store_unlock (store);
  return ok;
}

static gboolean
record_notices (JjStore     *store,
                GPtrArray   *items,
                const char  *today_text,
                GError     **error)
{
  sqlite3_stmt *forget, *insert;

  if ((forget = jj_store_prepare (store, "DELETE FROM card_notices WHERE day < ?1", error)) == NULL)
    return FALSE;
  sqlite3_bind_text (forget, 1, today_text, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (forget) != SQLITE_DONE)
    {
      sqlite3_reset (forget);
      return jj_store_set_error (store, error, _("Could not record the card notices"));
    }
  sqlite3_reset (forget);

  if ((insert = jj_store_prepare (store,
                                  "INSERT INTO card_notices (application_id, day, card)"
                                  " VALUES (?1, ?2, ?3)",
                                  error)) == NULL)
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      const JjCardItem *item = g_ptr_array_index (items, i);

      sqlite3_bind_int64 (insert, 1, item->application_id);
      sqlite3_bind_text (insert, 2, today_text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 3, jj_card_to_string (item->card), -1, SQLITE_STATIC);
      if (sqlite3_step (insert) != SQLITE_DONE)
        {
          sqlite3_reset (insert);
          return jj_store_set_error (store, error, _("Could not record the card notices"));
        }
      sqlite3_reset (insert);
    }
  return TRUE;
}

GPtrArray *
jj_cards_take_due_notices (JjStore      *store,
                           JjCalendar   *calendar,
                           const GDate  *today,
                           GError      **error)
{
  g_autoptr(GPtrArray) items = NULL;
  sqlite3_stmt *stmt;
  char today_text[11], end_text[11];

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);
  g_return_val_if_fail (JJ_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  format_bounds (calendar, today, today_text, end_text);

  jj_store_lock (store);
  if (!jj_store_begin (store, error))
    goto out;

  stmt = jj_store_prepare (store,
                           ITEM_COLUMNS CARDED_CASES
                           " AND NOT EXISTS (SELECT 1 FROM card_notices n"
                           "                 WHERE n.application_id = a.id AND n.day = ?1)"
                           " ORDER BY a.promised_date, a.id",
                           error);
  if (stmt != NULL)
    {
      bind_bounds (stmt, today_text, end_text);
      items = read_items (store, stmt, calendar, today, error);
    }

  if (items == NULL || !record_notices (store, items, today_text, error) ||
      !jj_store_commit (store, error))
    {
      jj_store_rollback (store);
      g_clear_pointer (&items, g_ptr_array_unref);
    }

out:
  jj_store_unlock (store);
  return g_steal_pointer (&items);
}
