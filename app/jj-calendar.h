/* jj-calendar.h — working days (工作日) by the official holiday calendar
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define JJ_CALENDAR_ERROR (jj_calendar_error_quark ())

/**
 * JjCalendarError:
 * @JJ_CALENDAR_ERROR_IO: the calendar file cannot be read
 * @JJ_CALENDAR_ERROR_PARSE: the file is empty or not valid JSON
 * @JJ_CALENDAR_ERROR_INVALID: the JSON breaks a rule of docs/calendar-format.md; the message
 *   names the file, the year, the entry and the date
 */
typedef enum
{
  JJ_CALENDAR_ERROR_IO,
  JJ_CALENDAR_ERROR_PARSE,
  JJ_CALENDAR_ERROR_INVALID,
} JjCalendarError;

#define JJ_CALENDAR_FORMAT 1

#define JJ_TYPE_CALENDAR (jj_calendar_get_type ())

/* The State Council's holidays and make-up working days (放假调休) for the years a calendar file
 * covers; other years count plain Monday to Friday. Immutable once loaded, so one instance may
 * be shared between threads. */
G_DECLARE_FINAL_TYPE (JjCalendar, jj_calendar, JJ, CALENDAR, GObject)

GQuark      jj_calendar_error_quark          (void);

/* Reads and validates the calendar at @path (docs/calendar-format.md). Returns a new calendar,
 * or NULL with JJ_CALENDAR_ERROR_* whose message names the file, the year and the date. */
JjCalendar *jj_calendar_new_from_file        (const char   *path,
                                              GError      **error);
/* The same for a calendar held in memory (@length -1 when NUL-terminated); @origin names it in
 * error messages. */
JjCalendar *jj_calendar_new_from_data        (const char   *data,
                                              gssize        length,
                                              const char   *origin,
                                              GError      **error);

/* The file's "version", e.g. "2026.1". Owned by @self. */
const char *jj_calendar_get_version          (JjCalendar   *self);

/* Whether the file lists the official arrangement for @date's year. When it does not, the
 * functions below still answer, counting Monday to Friday, which is wrong around that year's
 * holidays: callers should warn that the calendar needs the year's notice. */
gboolean    jj_calendar_covers               (JjCalendar   *self,
                                              const GDate  *date);

/* Whether @date is a working day: Monday to Friday unless a holiday, Saturday or Sunday only when
 * listed as a make-up working day (调休上班). */
gboolean    jj_calendar_is_working_day       (JjCalendar   *self,
                                              const GDate  *date);

/* The due date of a case received on @start with a limit of @n working days: the @n-th working
 * day after @start. The day of receipt never counts, whatever day it is; @n = 0 gives @start.
 * Returns a new date (g_date_free()); NULL only when @n exceeds G_MAXINT. */
GDate      *jj_calendar_add_working_days     (JjCalendar   *self,
                                              const GDate  *start,
                                              guint         n);

/* The working days after @from up to and including @to; when @to is before @from, minus the
 * working days after @to up to and including @from. So between (@start, add (@start, n)) is n,
 * and between (today, due) is the working days left, negative once overdue. Zero does not
 * always mean "due today": on a weekend right after the due day it is 0 too — compare the dates
 * to tell. */
int         jj_calendar_working_days_between (JjCalendar   *self,
                                              const GDate  *from,
                                              const GDate  *to);

G_END_DECLS
