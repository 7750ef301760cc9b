/* jj-window-session.c — the window as the logged-in operator's role allows it
 *
 * Pages a role lacks are not built at all, and their menu entries and buttons are not there:
 * a clerk's window has no Hold button to find, only a technician's has the audit log. When the
 * session ends (lock, logout, idle) the role's pages are destroyed with whatever they showed,
 * and the login page covers the window until the next operator logs in.
 *
 * Idle time is every key press, click and pointer movement the window receives, seen in the
 * capture phase before any widget can stop it.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "jj-audit-page.h"
#include "jj-card-badge.h"
#include "jj-cards.h"
#include "jj-operators-page.h"
#include "jj-queue-page.h"
#include "jj-stats-page.h"
#include "jj-window-private.h"

/* How often idle time is looked at. */
#define IDLE_CHECK_SECONDS 15
/* How often the header's card counts are read again between sync cycles. */
#define CARDS_CHECK_SECONDS (15 * 60)

typedef struct
{
  const char   *name;        /* of the main stack page and of win.show-NAME */
  JjPermission  permission;
} RolePage;

static const RolePage role_pages[] = {
  { "queue", JJ_PERMISSION_QUEUE_VIEW },
  { "statistics", JJ_PERMISSION_STATISTICS },
  { "audit", JJ_PERMISSION_AUDIT },
  { "operators", JJ_PERMISSION_MANAGE_OPERATORS },
};

static JjApplication *
window_application (JjWindow *self)
{
  return JJ_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

static GtkWidget **
role_page_slot (JjWindow   *self,
                const char *name)
{
  if (g_str_equal (name, "queue"))
    return &self->queue_page;
  if (g_str_equal (name, "statistics"))
    return &self->stats_page;
  if (g_str_equal (name, "audit"))
    return &self->audit_page;
  if (g_str_equal (name, "operators"))
    return &self->operators_page;
  g_return_val_if_reached (NULL);
}

static const char *
role_page_title (const char *name)
{
  if (g_str_equal (name, "queue"))
    /* Translators: the page of applications waiting to be sent to the county (同步队列) */
    return _("Sync Queue");
  if (g_str_equal (name, "statistics"))
    return _("Statistics");
  if (g_str_equal (name, "audit"))
    return _("Audit Log");
  if (g_str_equal (name, "operators"))
    return _("Operators");
  g_return_val_if_reached (NULL);
}

void
jj_window_update_nav_buttons (JjWindow *self)
{
  const char *shown = gtk_stack_get_visible_child_name (self->main_stack);

  gtk_widget_set_visible (GTK_WIDGET (self->applications_button),
                          jj_session_can (self->session, JJ_PERMISSION_VIEW_APPLICATIONS) &&
                          g_strcmp0 (shown, "applications") != 0);
  gtk_widget_set_visible (self->queue_button,
                          self->queue_page != NULL && g_strcmp0 (shown, "queue") != 0);
}

static void
on_show_application (JjWindow *self,
                     gint64    id)
{
  jj_window_show_application (self, id);
}

/* A case sent back is no longer open, and the applications list shows it returned. */
static void
on_queue_acted (JjWindow *self)
{
  jj_window_update_card_counts (self);
  if (self->intake != NULL)
    jj_applications_page_reload (self->applications_page);
}

static GtkWidget *
role_page_new (JjWindow   *self,
               const char *name)
{
  JjStore *store = jj_catalog_get_store (self->catalog);
  JjCalendar *calendar = jj_application_get_calendar (window_application (self));
  GtkWidget *page;

  if (g_str_equal (name, "queue"))
    {
      page = jj_queue_page_new (store, self->session, self->engine, calendar);
      g_signal_connect_object (page, "show-application", G_CALLBACK (on_show_application), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (page, "acted", G_CALLBACK (on_queue_acted), self,
                               G_CONNECT_SWAPPED);
      return page;
    }
  if (g_str_equal (name, "statistics"))
    return jj_stats_page_new (store, self->session);
  if (g_str_equal (name, "audit"))
    return jj_audit_page_new (store, self->session);
  return jj_operators_page_new (store, self->session);
}

/* Removes the pages of the session that ended, and what they showed with them: a dialog left
 * open (a reason half typed) goes too, so that the next operator cannot answer it. */
static void
remove_role_pages (JjWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) dialog = g_list_model_get_item (toplevels, i - 1);

      if (gtk_window_get_transient_for (dialog) == GTK_WINDOW (self) &&
          ADW_IS_MESSAGE_DIALOG (dialog))
        gtk_window_destroy (dialog);
    }

  for (guint i = 0; i < G_N_ELEMENTS (role_pages); i++)
    {
      GtkWidget **slot = role_page_slot (self, role_pages[i].name);

      if (*slot != NULL)
        gtk_stack_remove (self->main_stack, *slot);
      *slot = NULL;
    }
  g_menu_remove_all (self->pages_section);
}

static void
add_role_pages (JjWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_pages); i++)
    {
      const RolePage *role_page = &role_pages[i];
      g_autofree char *action = NULL;

      if (!jj_session_can (self->session, role_page->permission))
        continue;
      *role_page_slot (self, role_page->name) = role_page_new (self, role_page->name);
      gtk_stack_add_named (self->main_stack, *role_page_slot (self, role_page->name),
                           role_page->name);
      action = g_strconcat ("win.show-", role_page->name, NULL);
      g_menu_append (self->pages_section, role_page_title (role_page->name), action);
    }
}

static void
show_role_page (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  JjWindow *self = JJ_WINDOW (widget);
  const char *name = action_name + strlen ("win.show-");
  GtkWidget *page = *role_page_slot (self, name);

  if (page == NULL)
    return;
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "intake") == 0)
    jj_intake_page_flush (self->intake_page);
  if (JJ_IS_AUDIT_PAGE (page))
    jj_audit_page_reload (JJ_AUDIT_PAGE (page));
  jj_window_show_page (self, name, role_page_title (name), NULL);
  gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

/* The header's red and yellow card counts. */

typedef struct
{
  guint yellow;
  guint red;
} CardCounts;

static void
count_cards_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  g_autoptr(GDate) today = g_date_new ();
  CardCounts *counts = g_new0 (CardCounts, 1);
  GError *error = NULL;

  g_date_set_time_t (today, time (NULL));
  if (!jj_cards_count (source_object, task_data, today, &counts->yellow, &counts->red, &error))
    {
      g_free (counts);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, counts, g_free);
}

static void
cards_counted (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(JjWindow) self = user_data;
  g_autofree CardCounts *counts = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  counts = g_task_propagate_pointer (G_TASK (result), &error);
  if (counts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cards not counted: %s", error->message);
      return;
    }
  text = jj_card_badge_dup_counts (counts->red, counts->yellow);
  gtk_label_set_text (self->card_counts, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->card_counts),
                               _("Open cases past (red) or within a working day of (yellow) "
                                 "their promised date"));
  gtk_widget_set_visible (GTK_WIDGET (self->card_counts), text != NULL && self->session != NULL);
}

void
jj_window_update_card_counts (JjWindow *self)
{
  JjCalendar *calendar;
  g_autoptr(GTask) task = NULL;

  if (self->catalog == NULL || self->session == NULL ||
      (calendar = jj_application_get_calendar (window_application (self))) == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->card_counts), FALSE);
      return;
    }

  g_cancellable_cancel (self->cards_cancellable);
  g_clear_object (&self->cards_cancellable);
  self->cards_cancellable = g_cancellable_new ();
  task = g_task_new (jj_catalog_get_store (self->catalog), self->cards_cancellable, cards_counted,
                     g_object_ref (self));
  g_task_set_task_data (task, g_object_ref (calendar), g_object_unref);
  g_task_run_in_thread (task, count_cards_thread);
}

static gboolean
on_cards_timeout (gpointer user_data)
{
  jj_window_update_card_counts (user_data);
  return G_SOURCE_CONTINUE;
}

/* The session. */

static void
show_operator (JjWindow *self)
{
  g_autofree char *label = NULL;
  g_autofree char *tooltip = NULL;
  const char *name;
  const char *role;

  gtk_widget_set_visible (self->operator_button, self->session != NULL);
  if (self->session == NULL)
    return;
  name = jj_session_get_display_name (self->session);
  role = jj_role_get_display_name (jj_session_get_role (self->session));
  /* Translators: the operator's name and role, e.g. “王芳 · 乡镇审核员” */
  label = g_strdup_printf (_("%s · %s"), name, role);
  /* The header bar is narrow: the role is said where the name is pointed at. */
  tooltip = g_strdup_printf (_("%s. Lock or log out (Ctrl+Shift+L locks)"), label);
  gtk_label_set_text (self->operator_label, name);
  gtk_widget_set_tooltip_text (self->operator_button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->operator_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  /* The menu's one section, headed by who is logged in. */
  g_menu_remove (self->operator_menu, 0);
  g_menu_insert_section (self->operator_menu, 0, label, G_MENU_MODEL (self->operator_section));
}

void
jj_window_update_session (JjWindow *self)
{
  JjApplication *app = window_application (self);
  JjSession *session = jj_application_get_session (app);
  JjCalendar *calendar = jj_application_get_calendar (app);

  g_return_if_fail (JJ_IS_WINDOW (self));

  /* While loading, or when the database cannot be opened, there is nothing to log in to. */
  if (self->catalog == NULL)
    {
      gtk_stack_set_visible_child_name (self->session_stack, "main");
      return;
    }
  jj_login_page_set_store (self->login_page, jj_catalog_get_store (self->catalog));

  if (session == self->session && session != NULL)
    return;

  /* A new operator starts from the catalogue, with nothing of the last one's on screen. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "intake") == 0)
    jj_intake_page_flush (self->intake_page);
  if (gtk_stack_get_visible_child (self->main_stack) != GTK_WIDGET (self->error_page))
    jj_window_show_catalog (self);
  remove_role_pages (self);
  g_clear_pointer (&self->session, jj_session_unref);
  if (session != NULL)
    self->session = jj_session_ref (session);

  jj_applications_page_set_operator (self->applications_page, self->session, calendar);
  jj_guide_page_set_can_start (self->guide_page,
                               jj_session_can (self->session, JJ_PERMISSION_INTAKE));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start-application",
                                 jj_session_can (self->session, JJ_PERMISSION_INTAKE));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start-bundle",
                                 jj_session_can (self->session, JJ_PERMISSION_INTAKE));
  show_operator (self);

  if (self->session == NULL)
    {
      jj_login_page_reset (self->login_page, jj_application_get_needs_setup (app),
                           jj_application_get_locked_login (app), NULL);
      gtk_stack_set_visible_child_name (self->session_stack, "login");
      jj_window_update_nav_buttons (self);
      jj_window_update_card_counts (self);
      return;
    }

  add_role_pages (self);
  jj_window_update_nav_buttons (self);
  jj_window_update_card_counts (self);
  self->last_activity = g_get_monotonic_time ();
  gtk_stack_set_visible_child_name (self->session_stack, "main");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_logged_in (JjWindow  *self,
              JjSession *session)
{
  jj_application_log_in (window_application (self), session);
}

/* Idle lock. */

static void
note_activity (JjWindow *self)
{
  self->last_activity = g_get_monotonic_time ();
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                JjWindow              *self)
{
  note_activity (self);
  return GDK_EVENT_PROPAGATE;
}

static gboolean
on_idle_check (gpointer user_data)
{
  JjWindow *self = user_data;
  int minutes;

  if (self->session == NULL || self->settings == NULL)
    return G_SOURCE_CONTINUE;
  minutes = g_settings_get_int (self->settings, "idle-lock-minutes");
  if (minutes > 0 &&
      g_get_monotonic_time () - self->last_activity >= (gint64) minutes * 60 * G_USEC_PER_SEC)
    jj_application_lock (window_application (self), TRUE);
  return G_SOURCE_CONTINUE;
}

void
jj_window_session_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_logged_in);
  for (guint i = 0; i < G_N_ELEMENTS (role_pages); i++)
    {
      g_autofree char *action = g_strconcat ("win.show-", role_pages[i].name, NULL);
      gtk_widget_class_install_action (widget_class, action, NULL, show_role_page);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, GDK_CONTROL_MASK,
                                       "win.show-queue", NULL);
}

void
jj_window_session_init (JjWindow *self)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  gtk_event_controller_set_propagation_phase (motion, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (note_activity), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (note_activity), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  self->last_activity = g_get_monotonic_time ();
  self->idle_id = g_timeout_add_seconds (IDLE_CHECK_SECONDS, on_idle_check, self);
  self->cards_id = g_timeout_add_seconds (CARDS_CHECK_SECONDS, on_cards_timeout, self);
}

void
jj_window_session_dispose (JjWindow *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->cards_id, g_source_remove);
  g_cancellable_cancel (self->cards_cancellable);
  g_clear_object (&self->cards_cancellable);
  g_clear_pointer (&self->session, jj_session_unref);
}
