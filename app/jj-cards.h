/* jj-cards.h — red and yellow cards (红黄牌) for cases near or past their promised date
 *
 * Every open case has a promised date (承诺办结日期), counted in working days at submit. A case
 * gets a yellow card when at most JJ_CARDS_YELLOW_DAYS working days are left — the promised date
 * is today, or the next working day — and a red card once that date has passed. Open means
 * queued, sent or accepted: a case returned for correction (退回补正) waits for the resident and
 * its clock is paused (the time limit runs again from the corrected submission), and completed or
 * rejected cases are closed. A case without a promised date never gets a card.
 *
 * Dates are the terminal's local calendar days; the caller passes "today" so that tests and a
 * long-running program choose when the day changes. GTK-free; every function that reads the
 * store takes its lock and may run in a worker thread.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jj-applications.h"
#include "jj-calendar.h"
#include "jj-store.h"

G_BEGIN_DECLS

/* A case with this many working days left, or fewer, gets a yellow card. */
#define JJ_CARDS_YELLOW_DAYS 1

typedef enum
{
  JJ_CARD_NONE,
  JJ_CARD_YELLOW,
  JJ_CARD_RED,
} JjCard;

/* "none", "yellow", "red" (as stored in card_notices). */
const char *jj_card_to_string       (JjCard              card);
/* Translated, e.g. 黄牌. */
const char *jj_card_get_label       (JjCard              card);

/* Whether a case in @state has a running clock (queued, sent, accepted). */
gboolean    jj_cards_is_open_state  (JjApplicationState  state);

/* Parses a YYYY-MM-DD date, as promised_date stores it. Returns a new date (g_date_free()), or
 * NULL when @text is not one. */
GDate      *jj_cards_parse_date     (const char         *text);

/* The card of an open case promised for @promised, seen on @today. @remaining_days (optional)
 * gets the working days left (jj_calendar_working_days_between()): 0 when due today, 1 when due
 * the next working day, negative once overdue — at least -1 from the day after the promised
 * date, even on the weekend before a working day has passed. */
JjCard      jj_cards_compute        (JjCalendar         *calendar,
                                     const GDate        *today,
                                     const GDate        *promised,
                                     int                *remaining_days);

/* The card of @record: JJ_CARD_NONE, with @remaining_days 0, unless it is open and has a
 * promised date. */
JjCard      jj_cards_for_application (JjCalendar          *calendar,
                                      const GDate         *today,
                                      JjApplicationRecord *record,
                                      int                 *remaining_days);

/* One open case and its card. */
typedef struct
{
  gint64              application_id;
  JjApplicationState  state;
  char               *title;
  char               *number;            /* the county's case number, else the receipt number */
  char               *applicant_name;
  char               *masked_id_number;  /* "4301**********123X" */
  char               *promised_date;     /* YYYY-MM-DD */
  int                 remaining_days;    /* as jj_cards_compute() gives it */
  JjCard              card;
} JjCardItem;

void        jj_card_item_free       (JjCardItem         *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjCardItem, jj_card_item_free)

/* Every open case with a promised date, the most urgent first (earliest promised date, then
 * oldest row). Returns a new array of JjCardItem, or NULL with JJ_STORE_ERROR_SQL. */
GPtrArray  *jj_cards_list_open      (JjStore            *store,
                                     JjCalendar         *calendar,
                                     const GDate        *today,
                                     GError            **error);

/* How many open cases have a yellow and a red card on @today, without reading their rows. */
gboolean    jj_cards_count          (JjStore            *store,
                                     JjCalendar         *calendar,
                                     const GDate        *today,
                                     guint              *yellow,
                                     guint              *red,
                                     GError            **error);

/* The carded cases not yet notified on @today, most urgent first, recorded as notified in the
 * same transaction: each case is returned at most once a day, across restarts and processes.
 * Notices of earlier days are forgotten. Returns a new array of JjCardItem (empty when all are
 * notified), or NULL with JJ_STORE_ERROR_*, recording nothing. */
GPtrArray  *jj_cards_take_due_notices (JjStore          *store,
                                       JjCalendar       *calendar,
                                       const GDate      *today,
                                       GError          **error);

G_END_DECLS
