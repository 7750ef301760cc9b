/* jj-notifier.c — desktop notifications of what a sync brought back (libnotify)
 *
 * The engine reports events one by one during a cycle; they are collected in a JjSyncNotice
 * and composed when the cycle finishes, after the applicants' names are read off the main
 * thread. A notice that the rate limit holds back is shown by a timer when its time comes.
 *
 * Red and yellow cards (红黄牌) are told apart from the sync: each case at most once a day,
 * taken from the core (jj_cards_take_due_notices(), which remembers what it handed out across
 * restarts) at start, every quarter of an hour and after each sync cycle; one or two cases get a
 * notification each, more at once share one that counts them.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "jj-applications.h"
#include "jj-card-badge.h"
#include "jj-cards.h"
#include "jj-notifier.h"
#include "jj-sync-notice.h"

/* How often the cards are looked at between sync cycles: a case turns yellow or red when the
 * day changes, and the terminal may sit idle across midnight. */
#define CARD_CHECK_SECONDS (15 * 60)

/* Notifications kept so that clicking one still reaches us. */
#define MAX_SHOWN 16

/* Up to this many cases carded at once are each told in a notification of their own (the
 * issue's "one notification per case per day"); more share one, so that a morning with many
 * cases due does not bury the desktop in pop-ups. */
#define MAX_SEPARATE_CARD_NOTICES 2

/* The cases a grouped card notice names; the rest are counted. */
#define MAX_CARD_LINES 4

struct _JjNotifier
{
  GObject             parent_instance;

  GApplication       *application;  /* weak: it owns us */
  JjSyncEngine       *engine;
  JjStore            *store;
  JjCalendar         *calendar;     /* NULL: no cards */
  JjSyncNotice       *notice;
  GCancellable       *cancellable;
  guint               timeout_id;
  guint               cards_id;
  gboolean            cards_running;
  GPtrArray          *shown;        /* the last few, kept so that their action can answer */
  gboolean            caps_known;
  gboolean            server_has_markup;
  gboolean            server_has_actions;
};

G_DEFINE_FINAL_TYPE (JjNotifier, jj_notifier, G_TYPE_OBJECT)

static void flush (JjNotifier *self);

static void
on_default_action (NotifyNotification *notification,
                   char               *action,
                   gpointer            user_data)
{
  JjNotifier *self = user_data;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (notification), "application-id"));

  if (self->application != NULL && id > 0)
    g_action_group_activate_action (G_ACTION_GROUP (self->application), "show-application",
                                    g_variant_new_int64 (id));
}

static void
read_server_caps (JjNotifier *self)
{
  GList *caps;

  if (self->caps_known)
    return;

  caps = notify_get_server_caps ();
  self->caps_known = caps != NULL;
  self->server_has_markup = g_list_find_custom (caps, "body-markup", (GCompareFunc) g_strcmp0) != NULL;
  self->server_has_actions = g_list_find_custom (caps, "actions", (GCompareFunc) g_strcmp0) != NULL;
  g_list_free_full (caps, g_free);
}

static void
show (JjNotifier     *self,
      const JjNotice *notice,
      const char     *category)
{
  NotifyNotification *notification;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  read_server_caps (self);
  /* A reason typed at the county may hold '<' or '&': plain text must stay plain. */
  body = self->server_has_markup ? g_markup_escape_text (notice->body, -1) : g_strdup (notice->body);

  notification = notify_notification_new (notice->summary, body, APP_ID);
  notify_notification_set_app_name (notification, _("Jiujin"));
  notify_notification_set_hint_string (notification, "desktop-entry", APP_ID);
  notify_notification_set_category (notification, category);
  notify_notification_set_urgency (notification,
                                   notice->quiet ? NOTIFY_URGENCY_LOW : NOTIFY_URGENCY_NORMAL);
  if (notice->application_id > 0 && self->server_has_actions)
    {
      g_object_set_data (G_OBJECT (notification), "application-id",
                         GSIZE_TO_POINTER ((gsize) notice->application_id));
      notify_notification_add_action (notification, "default", _("Show Application"),
                                      on_default_action, self, NULL);
    }

  if (!notify_notification_show (notification, &error))
    {
      g_debug ("Notification “%s” not shown: %s", notice->summary, error->message);
      g_object_unref (notification);
      return;
    }
  if (self->shown->len == MAX_SHOWN)
    g_ptr_array_remove_index (self->shown, 0);
  g_ptr_array_add (self->shown, notification);
}

static gboolean
on_timeout (gpointer user_data)
{
  JjNotifier *self = user_data;

  self->timeout_id = 0;
  flush (self);
  return G_SOURCE_REMOVE;
}

/* Shows what waits if the rate limit allows it, else comes back when it does. */
static void
flush (JjNotifier *self)
{
  g_autoptr(JjNotice) notice = NULL;
  gint64 now = g_get_monotonic_time ();
  gint64 ready;

  notice = jj_sync_notice_take (self->notice, now);
  if (notice != NULL)
    show (self, notice, "x-jiujin.sync");

  ready = jj_sync_notice_get_ready_time (self->notice);
  if (ready >= 0 && self->timeout_id == 0)
    self->timeout_id = g_timeout_add (MAX (ready - now, 0) / 1000 + 1, on_timeout, self);
}

static void
on_status_changed (JjNotifier *self,
                   gint64      application_id,
                   const char *state,
                   const char *reason,
                   const char *title,
                   const char *case_number)
{
  jj_sync_notice_add_status (self->notice, application_id, state, reason, title, case_number);
}

static void
on_catalog_updated (JjNotifier *self,
                    const char *version)
{
  jj_sync_notice_add_catalog (self->notice, version);
}

typedef struct
{
  gint64  id;
  char   *name;
} Name;

static void
name_clear (Name *name)
{
  g_free (name->name);
}

static void
read_names_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  JjNotifier *self = source_object;
  GArray *ids = task_data;
  g_autoptr(GArray) names = g_array_new (FALSE, TRUE, sizeof (Name));

  g_array_set_clear_func (names, (GDestroyNotify) name_clear);
  for (guint i = 0; i < ids->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JjApplicationRecord) record = NULL;
      Name name = { g_array_index (ids, gint64, i), NULL };

      record = jj_applications_lookup (self->store, name.id, &error);
      if (record == NULL)
        {
          g_debug ("No name for the notice of application %" G_GINT64_FORMAT ": %s", name.id,
                   error->message);
          continue;
        }
      name.name = g_strdup (jj_application_record_get_applicant_name (record));
      g_array_append_val (names, name);
    }

  g_task_return_pointer (task, g_steal_pointer (&names), (GDestroyNotify) g_array_unref);
}

static void
names_read (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  JjNotifier *self = JJ_NOTIFIER (object);
  g_autoptr(GArray) names = g_task_propagate_pointer (G_TASK (result), NULL);

  if (names == NULL)
    return;   /* cancelled: the notifier is going away */

  for (guint i = 0; i < names->len; i++)
    {
      Name *name = &g_array_index (names, Name, i);
      jj_sync_notice_set_applicant_name (self->notice, name->id, name->name);
    }
  flush (self);
}

/* The cards. */

/* A case as a notification names it: its matter, applicant and number. */
static char *
format_case (const JjCardItem *item)
{
  /* The sync notices' words for a case, e.g. “高龄津贴申请 (王秀英, JX2026-000123)”. */
  return g_strdup_printf (C_("notice", "%s (%s, %s)"), item->title, item->applicant_name,
                          item->number);
}

/* One case: which card, the case and how long is left. */
static void
show_card (JjNotifier       *self,
           const JjCardItem *item)
{
  g_autofree char *reference = format_case (item);
  g_autofree char *remaining = jj_card_badge_dup_remaining (item->remaining_days);
  g_autofree char *body = g_strdup_printf ("%s\n%s", reference, remaining);
  JjNotice notice = { 0, };

  notice.summary = (char *) (item->card == JJ_CARD_RED
                             ? _("Red card: a case is past its promised date")
                             : _("Yellow card: a case is due within a working day"));
  notice.body = body;
  notice.application_id = item->application_id;
  show (self, &notice, "x-jiujin.cards");
}

/* A few cases: a notification each. More: one notification that counts them and names the
 * most urgent few, as the sync's notices do. */
static void
show_cards (JjNotifier      *self,
            const GPtrArray *items)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *summary = NULL;
  g_autofree char *counts = NULL;
  JjNotice notice = { 0, };
  guint shown, red = 0;

  if (items->len <= MAX_SEPARATE_CARD_NOTICES)
    {
      for (guint i = 0; i < items->len; i++)
        show_card (self, g_ptr_array_index (items, i));
      return;
    }

  for (guint i = 0; i < items->len; i++)
    red += ((const JjCardItem *) g_ptr_array_index (items, i))->card == JJ_CARD_RED;
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u case is past or near its promised date",
                                          "%u cases are past or near their promised date",
                                          items->len),
                             items->len);
  notice.summary = summary;
  counts = jj_card_badge_dup_counts (red, items->len - red);
  g_string_append (body, counts);

  /* "…and 1 more" would take the line that case itself needs. */
  shown = items->len > MAX_CARD_LINES + 1 ? MAX_CARD_LINES : items->len;
  for (guint i = 0; i < shown; i++)
    {
      const JjCardItem *item = g_ptr_array_index (items, i);
      g_autofree char *reference = format_case (item);
      g_autofree char *remaining = jj_card_badge_dup_remaining (item->remaining_days);

      g_string_append_c (body, '\n');
      /* Translators: a card (红牌 or 黄牌), a case, then e.g. “Due today” */
      g_string_append_printf (body, C_("card notice", "%s: %s — %s"),
                              jj_card_get_label (item->card), reference, remaining);
    }
  if (shown < items->len)
    {
      g_string_append_c (body, '\n');
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "…and %u more",
                                                 "…and %u more", items->len - shown),
                              items->len - shown);
    }

  notice.body = body->str;
  show (self, &notice, "x-jiujin.cards");
}

static void
take_cards_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  JjNotifier *self = source_object;
  g_autoptr(GDate) today = g_date_new ();
  GError *error = NULL;
  GPtrArray *items;

  g_date_set_time_t (today, time (NULL));
  items = jj_cards_take_due_notices (self->store, self->calendar, today, &error);
  if (items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

static void
cards_taken (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  JjNotifier *self = JJ_NOTIFIER (object);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  items = g_task_propagate_pointer (G_TASK (result), &error);
  self->cards_running = FALSE;
  if (items == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cards not looked at: %s", error->message);
      return;
    }

  show_cards (self, items);
}

static void
take_cards (JjNotifier *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->calendar == NULL || self->cards_running)
    return;
  self->cards_running = TRUE;
  task = g_task_new (self, self->cancellable, cards_taken, NULL);
  g_task_set_source_tag (task, take_cards);
  g_task_run_in_thread (task, take_cards_thread);
}

static gboolean
on_cards_timeout (gpointer user_data)
{
  take_cards (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_cycle_finished (JjNotifier *self,
                   gboolean    ok)
{
  g_autoptr(GArray) unnamed = NULL;
  g_autoptr(GTask) task = NULL;

  /* A status the county sent may close a case, or a new one open it: look again. */
  take_cards (self);

  if (!jj_sync_notice_has_pending (self->notice))
    return;

  unnamed = jj_sync_notice_dup_unnamed (self->notice);
  if (unnamed->len == 0)
    {
      flush (self);
      return;
    }

  /* The store's lock may be held by the engine for a while: never wait for it here. */
  task = g_task_new (self, self->cancellable, names_read, NULL);
  g_task_set_source_tag (task, on_cycle_finished);
  g_task_set_task_data (task, g_steal_pointer (&unnamed), (GDestroyNotify) g_array_unref);
  g_task_run_in_thread (task, read_names_thread);
}

static void
jj_notifier_dispose (GObject *object)
{
  JjNotifier *self = JJ_NOTIFIER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->cards_id, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_weak_pointer (&self->application);

  G_OBJECT_CLASS (jj_notifier_parent_class)->dispose (object);
}

static void
jj_notifier_finalize (GObject *object)
{
  JjNotifier *self = JJ_NOTIFIER (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->notice, jj_sync_notice_free);
  if (notify_is_initted ())
    notify_uninit ();

  G_OBJECT_CLASS (jj_notifier_parent_class)->finalize (object);
}

static void
jj_notifier_class_init (JjNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jj_notifier_dispose;
  object_class->finalize = jj_notifier_finalize;
}

static void
jj_notifier_init (JjNotifier *self)
{
  self->cancellable = g_cancellable_new ();
  self->shown = g_ptr_array_new_with_free_func (g_object_unref);
}

JjNotifier *
jj_notifier_new (GApplication *application,
                 JjSyncEngine *engine,
                 JjStore      *store,
                 JjCalendar   *calendar,
                 gint64        min_interval)
{
  JjNotifier *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (JJ_IS_SYNC_ENGINE (engine), NULL);
  g_return_val_if_fail (JJ_IS_STORE (store), NULL);
  g_return_val_if_fail (calendar == NULL || JJ_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (min_interval > 0, NULL);

  /* Once per process; what it may fail at is told by each show instead. */
  if (!notify_is_initted () && !notify_init (_("Jiujin")))
    g_debug ("libnotify could not be initialised; notifications will not be shown");

  self = g_object_new (JJ_TYPE_NOTIFIER, NULL);
  g_set_weak_pointer (&self->application, application);
  self->engine = g_object_ref (engine);
  self->store = g_object_ref (store);
  self->calendar = calendar != NULL ? g_object_ref (calendar) : NULL;
  self->notice = jj_sync_notice_new (min_interval);

  g_signal_connect_swapped (engine, "status-changed", G_CALLBACK (on_status_changed), self);
  g_signal_connect_swapped (engine, "catalog-updated", G_CALLBACK (on_catalog_updated), self);
  g_signal_connect_swapped (engine, "cycle-finished", G_CALLBACK (on_cycle_finished), self);

  if (calendar != NULL)
    {
      self->cards_id = g_timeout_add_seconds (CARD_CHECK_SECONDS, on_cards_timeout, self);
      take_cards (self);
    }
  return self;
}
