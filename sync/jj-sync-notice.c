/* jj-sync-notice.c — what a sync tells the clerk: notification texts, grouped and rate-limited
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "jj-intake.h"
#include "jj-sync-notice.h"

/* A grouped notice lists this many applications; a notification taller than that is read by
 * nobody, and the applications page has them all. */
#define MAX_GROUP_LINES 4
/* A reason in a grouped line is cut to this many characters; a single notice shows it whole. */
#define MAX_GROUP_REASON_CHARS 24

typedef struct
{
  gint64              application_id;
  JjApplicationState  state;
  char               *reason;
  char               *title;
  char               *case_number;
  char               *applicant_name;
} StatusItem;

struct _JjSyncNotice
{
  gint64     min_interval;
  gint64     last_shown;      /* monotonic µs; G_MININT64 until the first notice */
  GPtrArray *statuses;        /* of StatusItem, in the order first seen */
  char      *catalog_version; /* the latest catalogue imported since the last notice */
};

static void
status_item_free (gpointer data)
{
  StatusItem *item = data;

  g_free (item->reason);
  g_free (item->title);
  g_free (item->case_number);
  g_free (item->applicant_name);
  g_free (item);
}

void
jj_notice_free (JjNotice *notice)
{
  if (notice == NULL)
    return;

  g_free (notice->summary);
  g_free (notice->body);
  g_free (notice);
}

JjSyncNotice *
jj_sync_notice_new (gint64 min_interval)
{
  JjSyncNotice *self;

  g_return_val_if_fail (min_interval > 0, NULL);

  self = g_new0 (JjSyncNotice, 1);
  self->min_interval = min_interval;
  self->last_shown = G_MININT64;
  self->statuses = g_ptr_array_new_with_free_func (status_item_free);
  return self;
}

void
jj_sync_notice_free (JjSyncNotice *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->statuses);
  g_free (self->catalog_version);
  g_free (self);
}

static StatusItem *
find_status (JjSyncNotice *self,
             gint64        application_id)
{
  for (guint i = 0; i < self->statuses->len; i++)
    {
      StatusItem *item = g_ptr_array_index (self->statuses, i);

      if (item->application_id == application_id)
        return item;
    }
  return NULL;
}

/* Replaces *@field with a copy of @value unless @value is NULL or empty. */
static void
keep_given (char       **field,
            const char  *value)
{
  if (value != NULL && value[0] != '\0')
    {
      g_free (*field);
      *field = g_strdup (value);
    }
}

void
jj_sync_notice_add_status (JjSyncNotice *self,
                           gint64        application_id,
                           const char   *state,
                           const char   *reason,
                           const char   *title,
                           const char   *case_number)
{
  JjApplicationState parsed;
  StatusItem *item;

  g_return_if_fail (self != NULL);

  if (state == NULL || !jj_application_state_from_string (state, &parsed) ||
      parsed == JJ_APPLICATION_DRAFT)
    {
      g_debug ("No notice for application %" G_GINT64_FORMAT " in state “%s”", application_id,
               state != NULL ? state : "(null)");
      return;
    }

  item = find_status (self, application_id);
  if (item == NULL)
    {
      item = g_new0 (StatusItem, 1);
      item->application_id = application_id;
      g_ptr_array_add (self->statuses, item);
    }

  /* Events of one case come in order: the latest state and its own reason are what is true. */
  item->state = parsed;
  g_free (item->reason);
  item->reason = reason != NULL && reason[0] != '\0' ? g_strdup (reason) : NULL;
  keep_given (&item->title, title);
  keep_given (&item->case_number, case_number);
}

void
jj_sync_notice_add_catalog (JjSyncNotice *self,
                            const char   *version)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (version != NULL);

  g_free (self->catalog_version);
  self->catalog_version = g_strdup (version);
}

GArray *
jj_sync_notice_dup_unnamed (JjSyncNotice *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (self != NULL, ids);

  for (guint i = 0; i < self->statuses->len; i++)
    {
      StatusItem *item = g_ptr_array_index (self->statuses, i);

      if (item->applicant_name == NULL)
        g_array_append_val (ids, item->application_id);
    }
  return ids;
}

void
jj_sync_notice_set_applicant_name (JjSyncNotice *self,
                                   gint64        application_id,
                                   const char   *name)
{
  StatusItem *item;

  g_return_if_fail (self != NULL);

  if ((item = find_status (self, application_id)) != NULL)
    keep_given (&item->applicant_name, name);
}

gboolean
jj_sync_notice_has_pending (JjSyncNotice *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->statuses->len > 0 || self->catalog_version != NULL;
}

gint64
jj_sync_notice_get_ready_time (JjSyncNotice *self)
{
  g_return_val_if_fail (self != NULL, -1);

  if (!jj_sync_notice_has_pending (self))
    return -1;
  if (self->last_shown == G_MININT64)
    return 0;
  return self->last_shown + self->min_interval;
}

static const char *
status_summary (JjApplicationState state)
{
  switch (state)
    {
    case JJ_APPLICATION_ACCEPTED:
      return _("Application accepted");
    case JJ_APPLICATION_COMPLETED:
      return _("Application completed");
    case JJ_APPLICATION_RETURNED:
      return _("Application returned for correction");
    case JJ_APPLICATION_REJECTED:
      return _("Application rejected");
    case JJ_APPLICATION_DRAFT:
    case JJ_APPLICATION_QUEUED:
    case JJ_APPLICATION_SENT:
    default:
      return _("Application status changed");
    }
}

/* "高龄津贴申请 (王秀英, JX2026-000123)": what the clerk recognises an application by, with
 * whatever of the name and case number is known. */
static char *
format_reference (const StatusItem *item)
{
  const char *title = item->title;
  const char *case_number = item->case_number;
  const char *name = item->applicant_name;

  if (title == NULL)
    {
      title = case_number != NULL ? case_number : _("An application");
      case_number = NULL;
    }

  if (name != NULL && case_number != NULL)
    /* Translators: an application in a notification: its title (applicant's name, county case
     * number), e.g. 高龄津贴申请（王秀英，JX2026-000123） */
    return g_strdup_printf (C_("notice", "%s (%s, %s)"), title, name, case_number);
  if (name != NULL || case_number != NULL)
    /* Translators: an application in a notification: its title (applicant's name or county case
     * number) */
    return g_strdup_printf (C_("notice", "%s (%s)"), title, name != NULL ? name : case_number);
  return g_strdup (title);
}

static char *
shorten (const char *text,
         glong       max_chars)
{
  g_autofree char *start = NULL;

  if (g_utf8_strlen (text, -1) <= max_chars)
    return g_strdup (text);
  start = g_utf8_substring (text, 0, max_chars - 1);
  return g_strconcat (start, "…", NULL);
}

static char *
format_line (const StatusItem *item)
{
  g_autofree char *reference = format_reference (item);
  const char *label = jj_application_state_get_label (item->state);
  g_autofree char *reason = NULL;

  if (item->reason == NULL)
    /* Translators: one application in a grouped notification: its new state, then which one */
    return g_strdup_printf (C_("notice", "%s: %s"), label, reference);

  reason = shorten (item->reason, MAX_GROUP_REASON_CHARS);
  /* Translators: one application in a grouped notification: its new state, which one, and the
   * county's reason for returning or rejecting it */
  return g_strdup_printf (C_("notice", "%s: %s — %s"), label, reference, reason);
}

static char *
format_catalog (const char *version)
{
  return g_strdup_printf (_("The handling guides were updated to %s"), version);
}

static JjNotice *
compose (JjSyncNotice *self)
{
  JjNotice *notice = g_new0 (JjNotice, 1);
  guint n = self->statuses->len;
  GString *body = g_string_new (NULL);

  if (n == 0)
    {
      notice->summary = format_catalog (self->catalog_version);
      g_string_append (body, _("Applications taken on this terminal are not affected."));
      notice->quiet = TRUE;
    }
  else if (n == 1)
    {
      const StatusItem *item = g_ptr_array_index (self->statuses, 0);
      g_autofree char *reference = format_reference (item);

      notice->summary = g_strdup (status_summary (item->state));
      notice->application_id = item->application_id;
      g_string_append (body, reference);
      if (item->reason != NULL)
        g_string_append_printf (body, "\n%s", item->reason);
    }
  else
    {
      guint shown = n > MAX_GROUP_LINES + 1 ? MAX_GROUP_LINES : n;

      notice->summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                      "%u application has news",
                                                      "%u applications have news", n),
                                         n);
      for (guint i = 0; i < shown; i++)
        {
          g_autofree char *line = format_line (g_ptr_array_index (self->statuses, i));

          if (i > 0)
            g_string_append_c (body, '\n');
          g_string_append (body, line);
        }
      if (shown < n)
        {
          g_string_append_c (body, '\n');
          g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "…and %u more",
                                                     "…and %u more", n - shown),
                                  n - shown);
        }
    }

  if (n > 0 && self->catalog_version != NULL)
    {
      g_autofree char *line = format_catalog (self->catalog_version);

      g_string_append_printf (body, "\n%s", line);
    }

  notice->body = g_string_free (body, FALSE);
  return notice;
}

JjNotice *
jj_sync_notice_take (JjSyncNotice *self,
                     gint64        now)
{
  JjNotice *notice;

  g_return_val_if_fail (self != NULL, NULL);

  if (!jj_sync_notice_has_pending (self))
    return NULL;
  if (self->last_shown != G_MININT64 && now - self->last_shown < self->min_interval)
    return NULL;

  notice = compose (self);
  g_ptr_array_set_size (self->statuses, 0);
  g_clear_pointer (&self->catalog_version, g_free);
  self->last_shown = now;
  return notice;
}

char *
jj_sync_notice_format_when (gint64     unix_seconds,
                            GDateTime *now)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) yesterday = NULL;
  const char *format;

  g_return_val_if_fail (now != NULL, NULL);

  if (unix_seconds <= 0 || (when = g_date_time_new_from_unix_local (unix_seconds)) == NULL)
    return g_strdup (_("Never"));

  yesterday = g_date_time_add_days (now, -1);
  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    /* Translators: the time of the last sync today, a g_date_time_format() string: 今天 %H:%M */
    format = C_("sync time", "Today %H:%M");
  else if (g_date_time_get_year (when) == g_date_time_get_year (yesterday) &&
           g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (yesterday))
    /* Translators: the time of the last sync yesterday, a g_date_time_format() string: 昨天 %H:%M */
    format = C_("sync time", "Yesterday %H:%M");
  else if (g_date_time_get_year (when) == g_date_time_get_year (now))
    /* Translators: the date and time of a sync this year, a g_date_time_format() string:
     * %-m月%-d日 %H:%M */
    format = C_("sync time", "%b %-d %H:%M");
  else
    format = C_("sync time", "%Y-%m-%d %H:%M");

  return g_date_time_format (when, format);
}
