/* jj-calendar.c — working days (工作日) by the official holiday calendar
 *
 * Promised completion dates on receipts and the red/yellow cards (红黄牌) count working days,
 * so the State Council's yearly arrangement of holidays and make-up working days (放假调休)
 * decides them. Every rule of docs/calendar-format.md is checked on load: a wrong date here
 * would put a wrong due date on a citizen's receipt, so a doubtful file is refused whole.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "jj-calendar.h"

typedef enum
{
  DAY_HOLIDAY = 1,
  DAY_WORKDAY,
} DayKind;

struct _JjCalendar
{
  GObject     parent_instance;
  char       *version;
  GHashTable *days;   /* julian day → DayKind, for every listed day */
  GHashTable *years;  /* the covered years */
};

G_DEFINE_FINAL_TYPE (JjCalendar, jj_calendar, G_TYPE_OBJECT)

G_DEFINE_QUARK (jj-calendar-error-quark, jj_calendar_error)

typedef struct
{
  const char *origin;
  char       *where;     /* "year 2025, holidays[2] “春节”", or NULL at the top level */
  GError    **error;
  GHashTable *holidays;  /* julian day → name of its entry, while checking */
  GHashTable *workdays;
} Check;

static gboolean G_GNUC_PRINTF (2, 3)
fail (Check      *check,
      const char *format,
      ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  if (check->where == NULL)
    g_set_error (check->error, JJ_CALENDAR_ERROR, JJ_CALENDAR_ERROR_INVALID,
                 /* Translators: “file”: what is wrong */
                 _("“%s”: %s"), check->origin, reason);
  else
    g_set_error (check->error, JJ_CALENDAR_ERROR, JJ_CALENDAR_ERROR_INVALID,
                 /* Translators: “file”: where in the file: what is wrong */
                 _("“%s”: %s: %s"), check->origin, check->where, reason);
  return FALSE;
}

static void
set_where (Check      *check,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

/* Names the part of the file that the next failures are about. */
static void
set_where (Check      *check,
           const char *format,
           ...)
{
  va_list args;

  g_free (check->where);
  va_start (args, format);
  check->where = g_strdup_vprintf (format, args);
  va_end (args);
}

static gboolean
only_known_members (Check              *check,
                    JsonObject         *object,
                    const char * const *known)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      return fail (check, _("unknown field “%s” (check its spelling against the calendar format)"),
                   (const char *) l->data);
  return TRUE;
}

static gboolean
get_string (Check       *check,
            JsonObject  *object,
            const char  *field,
            const char **out)
{
  JsonNode *node = json_object_get_member (object, field);

  if (node == NULL)
    return fail (check, _("field “%s” is missing"), field);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      json_node_get_string (node)[0] == '\0')
    return fail (check, _("field “%s” must be a non-empty string"), field);

  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_array (Check       *check,
           JsonObject  *object,
           const char  *field,
           gboolean     allow_empty,
           JsonArray  **out)
{
  JsonNode *node = json_object_get_member (object, field);

  if (node == NULL)
    return fail (check, _("field “%s” is missing"), field);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (check, _("field “%s” must be a list"), field);

  *out = json_node_get_array (node);
  if (!allow_empty && json_array_get_length (*out) == 0)
    return fail (check, _("field “%s” must not be empty"), field);
  return TRUE;
}

static gboolean
is_digits (const char *text,
           gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* A year key: four digits, 1000 to 9999. Returns 0 when @text is not one. */
static guint
parse_year (const char *text)
{
  if (strlen (text) != 4 || !is_digits (text, 4) || text[0] == '0')
    return 0;
  return (guint) g_ascii_strtoull (text, NULL, 10);
}

/* Checks one day of an entry and records it in @same; @other holds the days of the other kind. */
static gboolean
check_day (Check      *check,
           JsonNode   *node,
           guint       index,
           guint       year,
           const char *entry_name,
           DayKind     kind,
           GHashTable *same,
           GHashTable *other)
{
  const char *text;
  GDateDay day;
  GDateMonth month;
  GDateYear day_year;
  GDate date;
  gpointer key;
  const char *listed;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (check, _("day %u must be a date written as a string, “YYYY-MM-DD”"), index + 1);

  text = json_node_get_string (node);
  if (strlen (text) != 10 || !is_digits (text, 4) || text[4] != '-' || !is_digits (text + 5, 2) ||
      text[7] != '-' || !is_digits (text + 8, 2))
    return fail (check, _("day %u “%s” is not written YYYY-MM-DD"), index + 1, text);

  day_year = (GDateYear) g_ascii_strtoull (text, NULL, 10);
  month = (GDateMonth) g_ascii_strtoull (text + 5, NULL, 10);
  day = (GDateDay) g_ascii_strtoull (text + 8, NULL, 10);
  if (!g_date_valid_dmy (day, month, day_year))
    return fail (check, _("“%s” is not a real date"), text);
  if (day_year != year)
    return fail (check, _("“%s” is not in %u: list it under year %u"), text, year,
                 (guint) day_year);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, day_year);
  key = GUINT_TO_POINTER (g_date_get_julian (&date));

  listed = g_hash_table_lookup (same, key);
  if (listed != NULL && kind == DAY_HOLIDAY)
    return fail (check, _("“%s” is already a holiday of “%s”: list each holiday once"), text,
                 listed);
  if (listed != NULL)
    return fail (check, _("“%s” is already a working day of “%s”: list each working day once"),
                 text, listed);

  listed = g_hash_table_lookup (other, key);
  if (listed != NULL && kind == DAY_HOLIDAY)
    return fail (check, _("“%s” is also a working day of “%s”: a day is either a holiday or a "
                          "working day — check both against the notice"), text, listed);
  if (listed != NULL)
    return fail (check, _("“%s” is also a holiday of “%s”: a day is either a holiday or a "
                          "working day — check both against the notice"), text, listed);

  if (kind == DAY_WORKDAY && g_date_get_weekday (&date) < G_DATE_SATURDAY)
    return fail (check, _("“%s” falls on a weekday, a working day anyway: make-up working days "
                          "are Saturdays or Sundays — check the date against the notice"), text);

  g_hash_table_insert (same, key, (gpointer) entry_name);
  return TRUE;
}

/* Checks the "holidays" or "workdays" (@field) list of @year. */
static gboolean
check_entries (Check      *check,
               JsonObject *year_object,
               guint       year,
               const char *field,
               DayKind     kind)
{
  static const char * const known[] = { "name", "days", NULL };
  GHashTable *same = kind == DAY_HOLIDAY ? check->holidays : check->workdays;
  GHashTable *other = kind == DAY_HOLIDAY ? check->workdays : check->holidays;
  JsonArray *entries;

  set_where (check, _("year %u"), year);
  if (!get_array (check, year_object, field, kind == DAY_WORKDAY, &entries))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonNode *node = json_array_get_element (entries, i);
      JsonObject *entry;
      JsonArray *days;
      const char *name;

      /* Translators: where in the calendar file: year 2025, holidays[2] */
      set_where (check, _("year %u, %s[%u]"), year, field, i + 1);
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (check, _("must be an object with “name” and “days”"));
      entry = json_node_get_object (node);
      if (!only_known_members (check, entry, known) ||
          !get_string (check, entry, "name", &name))
        return FALSE;

      /* Translators: where in the calendar file: year 2025, holidays[2] “春节” */
      set_where (check, _("year %u, %s[%u] “%s”"), year, field, i + 1, name);
      if (!get_array (check, entry, "days", FALSE, &days))
        return FALSE;
      for (guint j = 0; j < json_array_get_length (days); j++)
        if (!check_day (check, json_array_get_element (days, j), j, year, name, kind, same,
                        other))
          return FALSE;
    }
  return TRUE;
}

static gboolean
check_year (Check      *check,
            const char *key,
            JsonNode   *node,
            JjCalendar *self)
{
  static const char * const known[] = { "notice", "holidays", "workdays", NULL };
  JsonObject *year_object;
  const char *notice;
  guint year;

  g_clear_pointer (&check->where, g_free);
  year = parse_year (key);
  if (year == 0)
    return fail (check, _("“%s” under “years” is not a year: write four digits, e.g. “2026”"),
                 key);

  set_where (check, _("year %u"), year);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (check, _("must be an object with “holidays” and “workdays”"));
  year_object = json_node_get_object (node);
  if (!only_known_members (check, year_object, known))
    return FALSE;
  if (json_object_has_member (year_object, "notice") &&
      !get_string (check, year_object, "notice", &notice))
    return FALSE;

  if (!check_entries (check, year_object, year, "holidays", DAY_HOLIDAY) ||
      !check_entries (check, year_object, year, "workdays", DAY_WORKDAY))
    return FALSE;

  g_hash_table_add (self->years, GUINT_TO_POINTER (year));
  return TRUE;
}

static gboolean
check_document (Check      *check,
                JsonNode   *root_node,
                JjCalendar *self)
{
  static const char * const known[] = { "format", "version", "years", NULL };
  g_autoptr(GList) years = NULL;
  JsonObject *root;
  JsonNode *node;
  JsonObject *years_object;
  const char *version;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    return fail (check, _("the calendar must be a JSON object"));
  root = json_node_get_object (root_node);
  if (!only_known_members (check, root, known))
    return FALSE;

  node = json_object_get_member (root, "format");
  if (node == NULL)
    return fail (check, _("field “format” is missing"));
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (check, _("field “format” must be a whole number"));
  if (json_node_get_int (node) != JJ_CALENDAR_FORMAT)
    return fail (check, _("format %" PRId64 " is not supported (this version reads %d): "
                          "update Jiujin or use a calendar of format %d"),
                 (int64_t) json_node_get_int (node), JJ_CALENDAR_FORMAT, JJ_CALENDAR_FORMAT);

  if (!get_string (check, root, "version", &version))
    return FALSE;
  self->version = g_strdup (version);

  node = json_object_get_member (root, "years");
  if (node == NULL)
    return fail (check, _("field “years” is missing"));
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (check, _("field “years” must be an object keyed by year"));
  years_object = json_node_get_object (node);
  if (json_object_get_size (years_object) == 0)
    return fail (check, _("field “years” must list at least one year"));

  years = json_object_get_members (years_object);
  for (const GList *l = years; l != NULL; l = l->next)
    if (!check_year (check, l->data, json_object_get_member (years_object, l->data), self))
      return FALSE;
  return TRUE;
}

static void
jj_calendar_finalize (GObject *object)
{
  JjCalendar *self = JJ_CALENDAR (object);

  g_free (self->version);
  g_clear_pointer (&self->days, g_hash_table_unref);
  g_clear_pointer (&self->years, g_hash_table_unref);
  G_OBJECT_CLASS (jj_calendar_parent_class)->finalize (object);
}

static void
jj_calendar_class_init (JjCalendarClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jj_calendar_finalize;
}

static void
jj_calendar_init (JjCalendar *self)
{
  self->days = g_hash_table_new (NULL, NULL);
  self->years = g_hash_table_new (NULL, NULL);
}

static void
copy_days (GHashTable *from,
           GHashTable *to,
           DayKind     kind)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_insert (to, key, GINT_TO_POINTER (kind));
}

JjCalendar *
jj_calendar_new_from_data (const char  *data,
                           gssize       length,
                           const char  *origin,
                           GError     **error)
{
  g_autoptr(JjCalendar) self = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) holidays = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) workdays = g_hash_table_new (NULL, NULL);
  Check check = { origin, NULL, error, holidays, workdays };
  gboolean ok;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (origin != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, JJ_CALENDAR_ERROR, JJ_CALENDAR_ERROR_PARSE,
                   _("“%s” is not valid JSON: %s"), origin, local_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, JJ_CALENDAR_ERROR, JJ_CALENDAR_ERROR_PARSE,
                   _("“%s” is empty: a working-day calendar is one JSON object."), origin);
      return NULL;
    }

  self = g_object_new (JJ_TYPE_CALENDAR, NULL);
  ok = check_document (&check, json_parser_get_root (parser), self);
  g_free (check.where);
  if (!ok)
    return NULL;

  copy_days (holidays, self->days, DAY_HOLIDAY);
  copy_days (workdays, self->days, DAY_WORKDAY);
  return g_steal_pointer (&self);
}

JjCalendar *
jj_calendar_new_from_file (const char  *path,
                           GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, JJ_CALENDAR_ERROR, JJ_CALENDAR_ERROR_IO,
                   _("Could not read the working-day calendar: %s"), local_error->message);
      return NULL;
    }

  return jj_calendar_new_from_data (contents, length, path, error);
}

const char *
jj_calendar_get_version (JjCalendar *self)
{
  g_return_val_if_fail (JJ_IS_CALENDAR (self), NULL);
  return self->version;
}

gboolean
jj_calendar_covers (JjCalendar  *self,
                    const GDate *date)
{
  g_return_val_if_fail (JJ_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  return g_hash_table_contains (self->years, GUINT_TO_POINTER (g_date_get_year (date)));
}

/* Uncovered years have no listed days, so the Monday-to-Friday rule is their fallback too. */
static gboolean
is_working_julian (JjCalendar *self,
                   guint32     julian)
{
  gpointer kind;

  if (g_hash_table_lookup_extended (self->days, GUINT_TO_POINTER (julian), NULL, &kind))
    return GPOINTER_TO_INT (kind) == DAY_WORKDAY;
  /* Julian day 1 of GDate, 1 January of year 1, is a Monday. */
  return (julian - 1) % 7 < 5;
}

gboolean
jj_calendar_is_working_day (JjCalendar  *self,
                            const GDate *date)
{
  g_return_val_if_fail (JJ_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  return is_working_julian (self, g_date_get_julian (date));
}

GDate *
jj_calendar_add_working_days (JjCalendar  *self,
                              const GDate *start,
                              guint        n)
{
  guint32 julian;

  g_return_val_if_fail (JJ_IS_CALENDAR (self), NULL);
  g_return_val_if_fail (start != NULL && g_date_valid (start), NULL);
  g_return_val_if_fail (n <= G_MAXINT, NULL);

  julian = g_date_get_julian (start);
  for (guint counted = 0; counted < n;)
    if (is_working_julian (self, ++julian))
      counted++;
  return g_date_new_julian (julian);
}

/* Working days in (@after, @up_to]; 0 when @up_to <= @after. */
static int
count_working (JjCalendar *self,
               guint32     after,
               guint32     up_to)
{
  int count = 0;

  for (guint32 julian = after + 1; julian <= up_to; julian++)
    if (is_working_julian (self, julian))
      count++;
  return count;
}

int
jj_calendar_working_days_between (JjCalendar  *self,
                                  const GDate *from,
                                  const GDate *to)
{
  guint32 from_julian, to_julian;

  g_return_val_if_fail (JJ_IS_CALENDAR (self), 0);
  g_return_val_if_fail (from != NULL && g_date_valid (from), 0);
  g_return_val_if_fail (to != NULL && g_date_valid (to), 0);

  from_julian = g_date_get_julian (from);
  to_julian = g_date_get_julian (to);
  if (to_julian < from_julian)
    return -count_working (self, to_julian, from_julian);
  return count_working (self, from_julian, to_julian);
}
