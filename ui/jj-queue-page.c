/* jj-queue-page.c — the sync queue (同步队列) for township review
 *
 * What is waiting, being sent, held back, refused by the county (parked, with its reason), sent
 * back to the clerk for correction (with the reviewer's reason) and what reached the county
 * today, each with its red or yellow card. The queue is read off the main loop
 * into a GListStore; the sections and the search are one GtkCustomFilter over it and the
 * GtkMultiSelection keeps what the reviewer picked across the reloads the engine causes.
 *
 * Every action asks for a reason and goes through jj-review.h, which checks the role again and
 * writes the audit row: the page only decides which buttons exist.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "jj-applications.h"
#include "jj-queue-item.h"
#include "jj-queue-page.h"
#include "jj-queue-row.h"
#include "jj-review.h"

/* A reload this long after the last entry the engine finished: a cycle of a hundred entries
 * reads the queue a few times, not a hundred. */
#define RELOAD_DELAY_MS 400

typedef enum
{
  ACTION_RETRY,
  ACTION_HOLD,
  ACTION_RELEASE,
  ACTION_SEND_BACK,
} QueueAction;

struct _JjQueuePage
{
  GtkWidget          parent_instance;

  AdwToastOverlay   *toast_overlay;
  GtkToggleButton   *all_button;
  GtkToggleButton   *pending_button;
  GtkToggleButton   *sending_button;
  GtkToggleButton   *held_button;
  GtkToggleButton   *parked_button;
  GtkToggleButton   *returned_button;
  GtkToggleButton   *delivered_button;
  GtkSearchEntry    *search_entry;
  GtkLabel          *count_label;
  GtkStack          *results_stack;
  GtkListView       *list_view;
  AdwStatusPage     *empty_page;
  GtkActionBar      *action_bar;
  GtkLabel          *selection_label;
  GtkWidget         *retry_button;
  GtkWidget         *hold_button;
  GtkWidget         *release_button;
  GtkWidget         *send_back_button;

  JjStore           *store;
  JjSession         *session;
  JjSyncEngine      *engine;
  JjCalendar        *calendar;
  GListStore        *items;
  GtkCustomFilter   *filter;
  GtkMultiSelection *selection;
  GCancellable      *cancellable;
  char              *section;
  char              *folded_search;
  guint              reload_id;
  gboolean           loaded;
  gboolean           dirty;   /* changed while the page was not shown */
  gboolean           busy;    /* an action is being applied */
};

enum {
  PROP_0,
  PROP_SECTION,
  N_PROPS
};

enum {
  SHOW_APPLICATION,
  ACTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (JjQueuePage, jj_queue_page, GTK_TYPE_WIDGET)

/* Reading the queue. */

typedef struct
{
  JjStore    *store;
  JjCalendar *calendar;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->calendar);
  g_free (data);
}

static void
set_card (JjQueueItem         *item,
          JjCalendar          *calendar,
          const GDate         *today,
          JjApplicationRecord *record)
{
  int remaining = 0;
  JjCard card;

  if (calendar == NULL || record == NULL)
    return;
  card = jj_cards_for_application (calendar, today, record, &remaining);
  jj_queue_item_set_card (item, card, remaining);
}

static gint64
local_midnight (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now),
                                                         g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now),
                                                         0, 0, 0);

  return g_date_time_to_unix (midnight);
}

/* The entries the county took since midnight, whenever they were submitted. */
static gboolean
add_delivered_today (LoadData     *data,
                     const GDate  *today,
                     GPtrArray    *items,
                     GError      **error)
{
  g_autoptr(GPtrArray) entries = jj_outbox_list_delivered_since (data->store, local_midnight (),
                                                                 0, error);

  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      const JjOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(JjApplicationRecord) record = NULL;
      g_autoptr(GError) lookup_error = NULL;
      JjQueueItem *item;

      record = jj_applications_lookup (data->store, entry->application_id, &lookup_error);
      if (record == NULL)
        {
          g_debug ("Delivered entry %s without its application: %s", entry->uuid,
                   lookup_error->message);
          continue;
        }
      item = jj_queue_item_new_delivered (record);
      set_card (item, data->calendar, today, record);
      g_ptr_array_add (items, item);
    }
  return TRUE;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  static const char * const states[] = { "parked", "held", "pending", "sending", "returned" };
  LoadData *data = task_data;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDate) today = g_date_new_dmy (g_date_time_get_day_of_month (now),
                                           g_date_time_get_month (now),
                                           g_date_time_get_year (now));
  GError *error = NULL;

  for (guint s = 0; s < G_N_ELEMENTS (states); s++)
    {
      g_autoptr(GPtrArray) entries = jj_outbox_list (data->store, states[s], 0, &error);

      if (entries == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      for (guint i = 0; i < entries->len && !g_cancellable_is_cancelled (cancellable); i++)
        {
          const JjOutboxEntry *entry = g_ptr_array_index (entries, i);
          g_autoptr(JjApplicationRecord) record = NULL;
          g_autoptr(GError) lookup_error = NULL;
          JjQueueItem *item;

          record = jj_applications_lookup (data->store, entry->application_id, &lookup_error);
          if (record == NULL)
            g_debug ("Queue entry %s without its application: %s", entry->uuid,
                     lookup_error->message);
          item = jj_queue_item_new_entry (entry, record);
          set_card (item, data->calendar, today, record);
          g_ptr_array_add (items, item);
        }
    }

  if (!add_delivered_today (data, today, items, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&items), (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
dup_selected (JjQueuePage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (self->selection), position));
  return items;
}

/* What "All Waiting" shows: what the queue will still send, or could once acted on. */
static gboolean
is_waiting (const char *state)
{
  return !g_str_equal (state, "delivered") && !g_str_equal (state, "returned");
}

static guint
count_state (JjQueuePage *self,
             const char  *state)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->items)); i++)
    {
      g_autoptr(JjQueueItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      const char *item_state = jj_queue_item_get_state (item);

      if (state == NULL ? is_waiting (item_state) : g_str_equal (item_state, state))
        n++;
    }
  return n;
}

static void
label_section (JjQueuePage     *self,
               GtkToggleButton *button,
               const char      *name,
               const char      *state)
{
  g_autofree char *label = g_strdup_printf ("%s %u", name, count_state (self, state));

  gtk_button_set_label (GTK_BUTTON (button), label);
}

static void
update_sections (JjQueuePage *self)
{
  label_section (self, self->all_button, _("All Waiting"), NULL);
  label_section (self, self->pending_button, _("Not Sent Yet"), "pending");
  label_section (self, self->sending_button, _("Sending"), "sending");
  label_section (self, self->held_button, _("On Hold"), "held");
  label_section (self, self->parked_button, _("Needs Attention"), "parked");
  label_section (self, self->returned_button, _("Sent Back"), "returned");
  label_section (self, self->delivered_button, _("Delivered Today"), "delivered");
}

/* Which actions the selection allows; the buttons of a role without them do not exist. */
static void
update_actions (JjQueuePage *self)
{
  g_autoptr(GPtrArray) selected = dup_selected (self);
  gboolean retry = FALSE, hold = FALSE, release = FALSE, send_back = FALSE;
  g_autofree char *summary = NULL;

  for (guint i = 0; i < selected->len; i++)
    {
      const char *state = jj_queue_item_get_state (g_ptr_array_index (selected, i));

      retry |= g_str_equal (state, "pending") || g_str_equal (state, "parked");
      hold |= g_str_equal (state, "pending") || g_str_equal (state, "sending") ||
              g_str_equal (state, "parked");
      release |= g_str_equal (state, "held");
      /* Not while it is on its way: the county may be storing it right now. */
      send_back |= g_str_equal (state, "pending") || g_str_equal (state, "parked") ||
                   g_str_equal (state, "held");
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.retry", retry && !self->busy &&
                                 jj_session_can (self->session, JJ_PERMISSION_QUEUE_RETRY));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.hold", hold && !self->busy &&
                                 jj_session_can (self->session, JJ_PERMISSION_QUEUE_HOLD));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.release", release && !self->busy &&
                                 jj_session_can (self->session, JJ_PERMISSION_QUEUE_HOLD));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.send-back", send_back && !self->busy &&
                                 jj_session_can (self->session, JJ_PERMISSION_QUEUE_HOLD));

  if (selected->len > 0)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u selected", "%u selected",
                                            selected->len),
                               selected->len);
  gtk_label_set_text (self->selection_label, summary);
}

static void
update_results (JjQueuePage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  g_autofree char *summary = NULL;

  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u application", "%u applications", n),
                             n);
  gtk_label_set_text (self->count_label, summary);

  if (n > 0)
    {
      gtk_stack_set_visible_child_name (self->results_stack, "list");
      return;
    }
  if (self->folded_search != NULL && self->folded_search[0] != '\0')
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("Nothing Found"));
      adw_status_page_set_description (self->empty_page,
                                       _("Try another name, matter or number, or another section."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "emblem-ok-symbolic");
      adw_status_page_set_title (self->empty_page, _("Nothing Here"));
      adw_status_page_set_description (self->empty_page,
                                       _("No application of this terminal is in this part of the queue."));
    }
  gtk_stack_set_visible_child_name (self->results_stack, "empty");
}

static void
load_ready (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(JjQueuePage) self = user_data;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) selected = NULL;
  g_autoptr(GHashTable) selected_uuids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  items = g_task_propagate_pointer (G_TASK (result), &error);
  if (items == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_icon_name (self->empty_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->empty_page, _("The Queue Cannot Be Read"));
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->results_stack, "empty");
      return;
    }

  /* The items are new objects: the selection follows the keys. */
  selected = dup_selected (self);
  for (guint i = 0; i < selected->len; i++)
    {
      const char *uuid = jj_queue_item_get_uuid (g_ptr_array_index (selected, i));
      if (uuid != NULL)
        g_hash_table_add (selected_uuids, (gpointer) uuid);
    }

  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->selection)); i++)
    {
      g_autoptr(JjQueueItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), i);
      const char *uuid = jj_queue_item_get_uuid (item);

      if (uuid != NULL && g_hash_table_contains (selected_uuids, uuid))
        gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, FALSE);
    }

  self->loaded = TRUE;
  update_sections (self);
  update_results (self);
  update_actions (self);
}

void
jj_queue_page_reload (JjQueuePage *self)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (JJ_IS_QUEUE_PAGE (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->dirty = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  data = g_new0 (LoadData, 1);
  data->store = g_object_ref (self->store);
  data->calendar = self->calendar != NULL ? g_object_ref (self->calendar) : NULL;
  task = g_task_new (self->store, self->cancellable, load_ready, g_object_ref (self));
  g_task_set_source_tag (task, jj_queue_page_reload);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

static gboolean
on_reload_timeout (gpointer user_data)
{
  JjQueuePage *self = user_data;

  self->reload_id = 0;
  jj_queue_page_reload (self);
  return G_SOURCE_REMOVE;
}

/* The engine changed the queue: read it again soon if shown, else when shown next. */
static void
queue_changed (JjQueuePage *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      return;
    }
  if (self->reload_id == 0)
    self->reload_id = g_timeout_add (RELOAD_DELAY_MS, on_reload_timeout, self);
}

static void
on_engine_state (JjQueuePage *self)
{
  /* Entries are marked `sending` when a cycle starts: show them so. */
  if (jj_sync_engine_get_state (self->engine) == JJ_SYNC_STATE_SYNCING)
    queue_changed (self);
}

static void
on_map (JjQueuePage *self)
{
  if (self->dirty || !self->loaded)
    jj_queue_page_reload (self);
}

/* Sections and search. */

static gboolean
filter_item (gpointer item,
             gpointer user_data)
{
  JjQueuePage *self = user_data;
  const char *state = jj_queue_item_get_state (item);
  gboolean in_section;

  if (g_str_equal (self->section, "all"))
    in_section = is_waiting (state);
  else
    in_section = g_str_equal (self->section, state);
  return in_section && jj_queue_item_matches (item, self->folded_search);
}

static void
refilter (JjQueuePage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_results (self);
  update_actions (self);
}

static void
on_search_changed (JjQueuePage *self)
{
  g_free (self->folded_search);
  self->folded_search = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
  refilter (self);
}

static void
set_section (JjQueuePage *self,
             const char  *section)
{
  if (g_strcmp0 (self->section, section) == 0)
    return;
  g_free (self->section);
  self->section = g_strdup (section);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECTION]);
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  refilter (self);
}

static void
on_row_activated (JjQueuePage *self,
                  guint        position)
{
  g_autoptr(JjQueueItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (item != NULL)
    g_signal_emit (self, signals[SHOW_APPLICATION], 0, jj_queue_item_get_application_id (item));
}

/* The rows. */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, jj_queue_row_new ());
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  JjQueuePage *self = user_data;

  jj_queue_row_bind (JJ_QUEUE_ROW (gtk_list_item_get_child (list_item)),
                     gtk_list_item_get_item (list_item), list_item,
                     GTK_SELECTION_MODEL (self->selection));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  jj_queue_row_unbind (JJ_QUEUE_ROW (gtk_list_item_get_child (list_item)));
}

/* The actions: a reason first, then jj-review.h off the main loop. */

typedef struct
{
  QueueAction  action;
  JjSession   *session;
  GStrv        uuids;
  char        *reason;
} ActionData;

static void
action_data_free (ActionData *data)
{
  g_clear_pointer (&data->session, jj_session_unref);
  g_strfreev (data->uuids);
  g_free (data->reason);
  g_free (data);
}

typedef struct
{
  int        changed;
  GPtrArray *failures;
} ActionResult;

static void
action_result_free (ActionResult *result)
{
  g_clear_pointer (&result->failures, g_ptr_array_unref);
  g_free (result);
}

static void
action_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ActionData *data = task_data;
  const char * const *uuids = (const char * const *) data->uuids;
  ActionResult *result = g_new0 (ActionResult, 1);
  GError *error = NULL;

  switch (data->action)
    {
    case ACTION_RETRY:
      result->changed = jj_review_retry_many (source_object, data->session, uuids, data->reason,
                                              &result->failures, &error);
      break;
    case ACTION_HOLD:
      result->changed = jj_review_hold_many (source_object, data->session, uuids, data->reason,
                                             &result->failures, &error);
      break;
    case ACTION_RELEASE:
      result->changed = jj_review_release_many (source_object, data->session, uuids,
                                                data->reason, &result->failures, &error);
      break;
    case ACTION_SEND_BACK:
      result->changed = jj_review_send_back_many (source_object, data->session, uuids,
                                                  data->reason, &result->failures, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (result->changed < 0)
    {
      action_result_free (result);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) action_result_free);
}

static void
show_toast (JjQueuePage *self,
            const char  *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static char *
dup_done_message (QueueAction action,
                  guint       n)
{
  switch (action)
    {
    case ACTION_RETRY:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u application is sent again now",
                                           "%u applications are sent again now", n),
                              n);
    case ACTION_HOLD:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u application held",
                                           "%u applications held", n),
                              n);
    case ACTION_RELEASE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u application released",
                                           "%u applications released", n),
                              n);
    case ACTION_SEND_BACK:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u application sent back to the clerk",
                                           "%u applications sent back to the clerk", n),
                              n);
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
action_ready (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(JjQueuePage) self = user_data;
  ActionData *data = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;
  ActionResult *result;

  self->busy = FALSE;
  result = g_task_propagate_pointer (G_TASK (res), &error);
  if (result == NULL)
    show_toast (self, error->message);
  else
    {
      g_autofree char *done = dup_done_message (data->action, result->changed);

      if (result->failures != NULL && result->failures->len > 0)
        {
          /* Translators: %s is how many applications changed, then why the first other one did not */
          g_autofree char *message = g_strdup_printf (_("%s. Not changed: %s"), done,
                                                      (char *) g_ptr_array_index (result->failures, 0));
          show_toast (self, message);
        }
      else
        show_toast (self, done);
      /* A retried or released entry goes at once, not at the next cycle. */
      if ((data->action == ACTION_RETRY || data->action == ACTION_RELEASE) &&
          result->changed > 0 && self->engine != NULL)
        jj_sync_engine_sync_now (self->engine);
      if (result->changed > 0)
        g_signal_emit (self, signals[ACTED], 0);
      action_result_free (result);
    }
  jj_queue_page_reload (self);
}

static void
run_action (JjQueuePage *self,
            QueueAction  action,
            const char  *reason)
{
  g_autoptr(GPtrArray) selected = dup_selected (self);
  g_autoptr(GStrvBuilder) uuids = g_strv_builder_new ();
  g_autoptr(GTask) task = NULL;
  ActionData *data;

  for (guint i = 0; i < selected->len; i++)
    {
      const char *uuid = jj_queue_item_get_uuid (g_ptr_array_index (selected, i));
      if (uuid != NULL)
        g_strv_builder_add (uuids, uuid);
    }

  data = g_new0 (ActionData, 1);
  data->action = action;
  data->session = jj_session_ref (self->session);
  data->uuids = g_strv_builder_end (uuids);
  data->reason = g_strdup (reason);

  self->busy = TRUE;
  update_actions (self);
  task = g_task_new (self->store, NULL, action_ready, g_object_ref (self));
  g_task_set_task_data (task, data, (GDestroyNotify) action_data_free);
  g_task_run_in_thread (task, action_thread);
}

static void
on_reason_changed (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "apply", reason[0] != '\0');
}

static void
on_reason_response (AdwMessageDialog *dialog,
                    const char       *response,
                    JjQueuePage      *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  QueueAction action = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "queue-action"));

  if (g_str_equal (response, "apply") && reason[0] != '\0')
    run_action (self, action, reason);
}

static void
ask_reason (JjQueuePage *self,
            QueueAction  action)
{
  g_autoptr(GPtrArray) selected = dup_selected (self);
  guint n = selected->len;
  g_autofree char *heading = NULL;
  const char *body = NULL;
  const char *apply = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;

  switch (action)
    {
    case ACTION_RETRY:
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Retry %u Application Now?",
                                              "Retry %u Applications Now?", n),
                                 n);
      body = _("They are sent to the county at once, without waiting for the next attempt. "
               "Say why; the reason is kept in the audit log.");
      apply = _("_Retry Now");
      break;
    case ACTION_HOLD:
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Hold %u Application?",
                                              "Hold %u Applications?", n),
                                 n);
      body = _("A held application is not sent to the county until it is released. "
               "Say why; the reason is kept in the audit log.");
      apply = _("_Hold");
      break;
    case ACTION_RELEASE:
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Release %u Application?",
                                              "Release %u Applications?", n),
                                 n);
      body = _("Released applications are sent to the county at the next sync. "
               "Say why; the reason is kept in the audit log.");
      apply = _("_Release");
      break;
    case ACTION_SEND_BACK:
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Send %u Application Back to the Clerk?",
                                              "Send %u Applications Back to the Clerk?", n),
                                 n);
      body = _("It is not sent to the county. The clerk sees your reason, corrects the "
               "application and submits it again as a new revision of the same case. "
               "Say what must be corrected; the reason is also kept in the audit log.");
      apply = _("_Send Back");
      break;
    default:
      g_return_if_reached ();
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "apply", apply, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              action == ACTION_HOLD || action == ACTION_SEND_BACK
                                              ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "apply", FALSE);

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_signal_connect (entry, "changed", G_CALLBACK (on_reason_changed), dialog);

  g_object_set_data (G_OBJECT (dialog), "queue-action", GINT_TO_POINTER (action));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reason_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* queue.retry, queue.hold, queue.release and queue.send-back: each has its own enabled state. */
static void
act_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  QueueAction action = g_str_equal (action_name, "queue.hold") ? ACTION_HOLD
                       : g_str_equal (action_name, "queue.release") ? ACTION_RELEASE
                       : g_str_equal (action_name, "queue.send-back") ? ACTION_SEND_BACK
                       : ACTION_RETRY;

  ask_reason (JJ_QUEUE_PAGE (widget), action);
}

static void
select_all_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  gtk_selection_model_select_all (GTK_SELECTION_MODEL (JJ_QUEUE_PAGE (widget)->selection));
}

static void
select_none_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (JJ_QUEUE_PAGE (widget)->selection));
}

/* GObject. */

static void
jj_queue_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SECTION:
      g_value_set_string (value, JJ_QUEUE_PAGE (object)->section);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jj_queue_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SECTION:
      set_section (JJ_QUEUE_PAGE (object), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jj_queue_page_dispose (GObject *object)
{
  JjQueuePage *self = JJ_QUEUE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), JJ_TYPE_QUEUE_PAGE);
  g_clear_object (&self->engine);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter);
  g_clear_object (&self->items);
  g_clear_object (&self->store);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->session, jj_session_unref);

  G_OBJECT_CLASS (jj_queue_page_parent_class)->dispose (object);
}

static void
jj_queue_page_finalize (GObject *object)
{
  JjQueuePage *self = JJ_QUEUE_PAGE (object);

  g_free (self->section);
  g_free (self->folded_search);

  G_OBJECT_CLASS (jj_queue_page_parent_class)->finalize (object);
}

static void
jj_queue_page_class_init (JjQueuePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char * const sections[] = { "all", "pending", "sending", "held", "parked",
                                           "returned", "delivered" };

  object_class->dispose = jj_queue_page_dispose;
  object_class->finalize = jj_queue_page_finalize;
  object_class->get_property = jj_queue_page_get_property;
  object_class->set_property = jj_queue_page_set_property;

  /* "all" (everything the queue still sends), or one outbox state; the toggle buttons' action. */
  properties[PROP_SECTION] =
    g_param_spec_string ("section", NULL, NULL, "all",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SHOW_APPLICATION] = g_signal_new ("show-application", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, G_TYPE_INT64);
  /* A reviewer's action changed applications: a case sent back no longer has a card. */
  signals[ACTED] = g_signal_new ("acted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/jiujin/Jiujin/jj-queue-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, JjQueuePage, name)
  BIND (toast_overlay);
  BIND (all_button);
  BIND (pending_button);
  BIND (sending_button);
  BIND (held_button);
  BIND (parked_button);
  BIND (returned_button);
  BIND (delivered_button);
  BIND (search_entry);
  BIND (count_label);
  BIND (results_stack);
  BIND (list_view);
  BIND (empty_page);
  BIND (action_bar);
  BIND (selection_label);
  BIND (retry_button);
  BIND (hold_button);
  BIND (release_button);
  BIND (send_back_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_property_action (widget_class, "queue.section", "section");
  gtk_widget_class_install_action (widget_class, "queue.retry", NULL, act_activated);
  gtk_widget_class_install_action (widget_class, "queue.hold", NULL, act_activated);
  gtk_widget_class_install_action (widget_class, "queue.release", NULL, act_activated);
  gtk_widget_class_install_action (widget_class, "queue.send-back", NULL, act_activated);
  gtk_widget_class_install_action (widget_class, "queue.select-all", NULL, select_all_activated);
  gtk_widget_class_install_action (widget_class, "queue.select-none", NULL, select_none_activated);
  /* A search entry with the focus keeps Ctrl+A for its text: it sees the key first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK,
                                       "queue.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "queue.select-none", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "queue.section", "s", sections[i]);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
jj_queue_page_init (JjQueuePage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkFilterListModel *filtered;

  self->section = g_strdup ("all");
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sync Queue"), -1);

  self->items = g_list_store_new (JJ_TYPE_QUEUE_ITEM);
  self->filter = gtk_custom_filter_new (filter_item, self, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->items)),
                                        GTK_FILTER (g_object_ref (self->filter)));
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (filtered));
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (update_actions), self);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
  update_sections (self);
}

GtkWidget *
jj_queue_page_new (JjStore      *store,
                   JjSession    *session,
                   JjSyncEngine *engine,
                   JjCalendar   *calendar)
{
  JjQueuePage *self;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);
  g_return_val_if_fail (session != NULL, NULL);
  g_return_val_if_fail (engine == NULL || JJ_IS_SYNC_ENGINE (engine), NULL);
  g_return_val_if_fail (calendar == NULL || JJ_IS_CALENDAR (calendar), NULL);

  self = g_object_new (JJ_TYPE_QUEUE_PAGE, NULL);
  self->store = g_object_ref (store);
  self->session = jj_session_ref (session);
  self->calendar = calendar != NULL ? g_object_ref (calendar) : NULL;

  /* A role without the permission has no such button at all. */
  if (!jj_session_can (session, JJ_PERMISSION_QUEUE_HOLD))
    {
      gtk_action_bar_remove (self->action_bar, self->hold_button);
      gtk_action_bar_remove (self->action_bar, self->release_button);
      gtk_action_bar_remove (self->action_bar, self->send_back_button);
      self->hold_button = self->release_button = self->send_back_button = NULL;
    }
  if (!jj_session_can (session, JJ_PERMISSION_QUEUE_RETRY))
    {
      gtk_action_bar_remove (self->action_bar, self->retry_button);
      self->retry_button = NULL;
    }

  if (engine != NULL)
    {
      self->engine = g_object_ref (engine);
      g_signal_connect_swapped (engine, "entry-finished", G_CALLBACK (queue_changed), self);
      g_signal_connect_swapped (engine, "cycle-finished", G_CALLBACK (queue_changed), self);
      g_signal_connect_swapped (engine, "notify::state", G_CALLBACK (on_engine_state), self);
    }
  update_actions (self);
  return GTK_WIDGET (self);
}
