/* jj-sync-indicator.c — the header-bar button that says how the sync with the county goes
 *
 * Everything shown comes from the engine's properties; the widget keeps no state of its own
 * and reads them again on every notify, so it can never disagree with the engine.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "jj-sync-indicator.h"
#include "jj-sync-notice.h"

struct _JjSyncIndicator
{
  GtkWidget       parent_instance;

  GtkMenuButton  *button;
  GtkImage       *icon;
  GtkLabel       *label;
  GtkProgressBar *button_progress;
  GtkPopover     *popover;
  GtkLabel       *state_title;
  GtkLabel       *state_description;
  GtkProgressBar *popover_progress;
  GtkLabel       *pending_value;
  GtkLabel       *last_sync_value;
  GtkLabel       *error_label;
  GtkWidget      *sync_now_button;

  JjSyncEngine   *engine;
};

enum {
  PROP_0,
  PROP_ENGINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (JjSyncIndicator, jj_sync_indicator, GTK_TYPE_WIDGET)

typedef struct
{
  const char *icon_name;
  const char *css_class;
} StateLook;

static const StateLook looks[] = {
  [JJ_SYNC_STATE_NOT_ENROLLED] = { "network-wired-disconnected-symbolic", "warning" },
  [JJ_SYNC_STATE_OFFLINE] = { "network-offline-symbolic", "warning" },
  [JJ_SYNC_STATE_ONLINE] = { "network-idle-symbolic", "success" },
  [JJ_SYNC_STATE_SYNCING] = { "network-transmit-receive-symbolic", "accent" },
  [JJ_SYNC_STATE_LOCKED] = { "network-transmit-symbolic", NULL },
};

/* The one or two words on the button. */
static const char *
state_label (JjSyncState state)
{
  switch (state)
    {
    case JJ_SYNC_STATE_NOT_ENROLLED:
      /* Translators: sync state: the terminal has no enrollment with the county (未登记) */
      return _("Not Enrolled");
    case JJ_SYNC_STATE_OFFLINE:
      /* Translators: sync state: the county platform cannot be reached (离线) */
      return _("Offline");
    case JJ_SYNC_STATE_ONLINE:
      /* Translators: sync state: the last sync worked (在线) */
      return _("Online");
    case JJ_SYNC_STATE_SYNCING:
      /* Translators: sync state: sending and fetching now (正在同步) */
      return _("Syncing");
    case JJ_SYNC_STATE_LOCKED:
      /* Translators: sync state: another program on this computer is syncing this terminal */
      return _("Syncing Elsewhere");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* What the state means and what to do about it, in the popover. */
static const char *
state_description (JjSyncState state)
{
  switch (state)
    {
    case JJ_SYNC_STATE_NOT_ENROLLED:
      return _("This terminal is not enrolled with the county platform yet, so applications "
               "stay here. Ask the technician to run “jiujinctl enroll” with the county’s "
               "enrollment code.");
    case JJ_SYNC_STATE_OFFLINE:
      return _("The county platform cannot be reached. Applications are kept safely on this "
               "terminal and sent as soon as the connection is back.");
    case JJ_SYNC_STATE_ONLINE:
      return _("Connected to the county platform. New applications are sent within moments.");
    case JJ_SYNC_STATE_SYNCING:
      return _("Sending applications and fetching the county’s answers…");
    case JJ_SYNC_STATE_LOCKED:
      return _("Another Jiujin on this computer (running in the background, or “jiujinctl "
               "sync”) is sending this terminal’s applications. Nothing needs doing.");
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
set_progress (GtkProgressBar *bar,
              gboolean        syncing,
              double          progress)
{
  gtk_widget_set_visible (GTK_WIDGET (bar), syncing);
  if (!syncing)
    return;
  if (progress >= 0)
    gtk_progress_bar_set_fraction (bar, CLAMP (progress, 0.0, 1.0));
  else
    gtk_progress_bar_pulse (bar);
}

static void
update (JjSyncIndicator *self)
{
  JjSyncState state;
  guint pending;
  double progress;
  const char *error;
  const char *label;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *pending_text = NULL;
  g_autofree char *last_sync = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *description = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self), self->engine != NULL);
  if (self->engine == NULL)
    return;

  state = jj_sync_engine_get_state (self->engine);
  g_return_if_fail (state < G_N_ELEMENTS (looks));
  pending = jj_sync_engine_get_pending (self->engine);
  progress = jj_sync_engine_get_progress (self->engine);
  error = jj_sync_engine_get_last_error (self->engine);
  label = state_label (state);
  now = g_date_time_new_now_local ();
  last_sync = jj_sync_notice_format_when (jj_sync_engine_get_last_sync (self->engine), now);
  pending_text = g_strdup_printf ("%u", pending);

  gtk_image_set_from_icon_name (self->icon, looks[state].icon_name);
  gtk_label_set_text (self->label, label);
  for (guint i = 0; i < G_N_ELEMENTS (looks); i++)
    if (looks[i].css_class != NULL)
      gtk_widget_remove_css_class (GTK_WIDGET (self->icon), looks[i].css_class);
  if (looks[state].css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->icon), looks[state].css_class);
  set_progress (self->button_progress, state == JJ_SYNC_STATE_SYNCING, progress);

  gtk_label_set_text (self->state_title, label);
  gtk_label_set_text (self->state_description, state_description (state));
  set_progress (self->popover_progress, state == JJ_SYNC_STATE_SYNCING, progress);
  gtk_label_set_text (self->pending_value, pending_text);
  gtk_label_set_text (self->last_sync_value, last_sync);
  /* Not enrolled, the description already says what to do; the engine's error says it again. */
  gtk_widget_set_visible (GTK_WIDGET (self->error_label),
                          error != NULL && error[0] != '\0' && state != JJ_SYNC_STATE_NOT_ENROLLED);
  gtk_label_set_text (self->error_label, error != NULL ? error : "");
  gtk_widget_set_visible (self->sync_now_button, state != JJ_SYNC_STATE_NOT_ENROLLED);

  /* A screen reader hears the state and the queue without opening the popover. */
  /* Translators: the accessible name of the sync button; %s is Online, Offline, … */
  accessible = g_strdup_printf (_("Sync status: %s"), label);
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u waiting to send",
                                              "%u waiting to send", pending),
                                 pending);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* The relative time ("Today 10:42") is read again whenever the popover opens. */
static void
on_popover_show (JjSyncIndicator *self)
{
  update (self);
}

void
jj_sync_indicator_set_engine (JjSyncIndicator *self,
                              JjSyncEngine    *engine)
{
  g_return_if_fail (JJ_IS_SYNC_INDICATOR (self));
  g_return_if_fail (engine == NULL || JJ_IS_SYNC_ENGINE (engine));

  if (self->engine == engine)
    return;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_func (self->engine, update, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    {
      /* Every property the widget shows; each notify comes on the main context. */
      g_signal_connect_object (engine, "notify::state", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::pending", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::last-sync", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::progress", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::last-error", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

JjSyncEngine *
jj_sync_indicator_get_engine (JjSyncIndicator *self)
{
  g_return_val_if_fail (JJ_IS_SYNC_INDICATOR (self), NULL);
  return self->engine;
}

static void
jj_sync_indicator_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  JjSyncIndicator *self = JJ_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jj_sync_indicator_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_ENGINE:
      jj_sync_indicator_set_engine (JJ_SYNC_INDICATOR (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jj_sync_indicator_dispose (GObject *object)
{
  JjSyncIndicator *self = JJ_SYNC_INDICATOR (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_func (self->engine, update, self);
  g_clear_object (&self->engine);
  gtk_widget_dispose_template (GTK_WIDGET (self), JJ_TYPE_SYNC_INDICATOR);

  G_OBJECT_CLASS (jj_sync_indicator_parent_class)->dispose (object);
}

static void
jj_sync_indicator_class_init (JjSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jj_sync_indicator_dispose;
  object_class->get_property = jj_sync_indicator_get_property;
  object_class->set_property = jj_sync_indicator_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, JJ_TYPE_SYNC_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/jiujin/Jiujin/jj-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, JjSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, JjSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, JjSyncIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, JjSyncIndicator, button_progress);
  gtk_widget_class_bind_template_child (widget_class, JjSyncIndicator, popover);
  gtk_widget_class_bind_template_child (widget_class, JjSyncIndicator, state_title);
  gtk_widget_class_bind_template_child (widget_class, JjSyncIndicator, state_description);
  gtk_widget_class_bind_template_child (widget_class, JjSyncIndicator, popover_progress);
  gtk_widget_class_bind_template_child (widget_class, JjSyncIndicator, pending_value);
  gtk_widget_class_bind_template_child (widget_class, JjSyncIndicator, last_sync_value);
  gtk_widget_class_bind_template_child (widget_class, JjSyncIndicator, error_label);
  gtk_widget_class_bind_template_child (widget_class, JjSyncIndicator, sync_now_button);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show);
}

static void
jj_sync_indicator_init (JjSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
