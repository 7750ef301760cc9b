/* jj-queue-row.c — one application in the sync queue page
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "jj-application-detail.h"
#include "jj-card-badge.h"
#include "jj-queue-row.h"

struct _JjQueueRow
{
  GtkWidget          parent_instance;

  GtkCheckButton    *check;
  GtkLabel          *title_label;
  GtkLabel          *card_badge;
  GtkLabel          *state_badge;
  GtkLabel          *applicant_label;
  GtkLabel          *attempts_label;
  GtkLabel          *error_label;

  GtkListItem       *list_item;   /* while bound; it owns the row */
  GtkSelectionModel *selection;
  GBinding          *selected_binding;
};

G_DEFINE_FINAL_TYPE (JjQueueRow, jj_queue_row, GTK_TYPE_WIDGET)

/* "14:05" today, the date and time otherwise. */
static char *
format_next_attempt (gint64 at)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (at);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (when == NULL)
    return NULL;
  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    return g_date_time_format (when, "%H:%M");
  return jj_application_detail_format_time (at);
}

/* The number, the attempts and when the next one comes. */
static char *
dup_progress (JjQueueItem *item)
{
  const char *state = jj_queue_item_get_state (item);
  int attempts = jj_queue_item_get_attempts (item);
  gint64 next = jj_queue_item_get_next_attempt_at (item);
  g_autoptr(GString) text = g_string_new (jj_queue_item_get_number (item));

  if (g_str_equal (state, "delivered"))
    return g_string_free (g_steal_pointer (&text), FALSE);

  g_string_append (text, " · ");
  if (attempts == 0)
    g_string_append (text, _("Not tried yet"));
  else
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%d attempt", "%d attempts",
                                               attempts),
                            attempts);

  if (g_str_equal (state, "pending"))
    {
      g_autofree char *time = next > g_get_real_time () / G_USEC_PER_SEC
                              ? format_next_attempt (next) : NULL;

      g_string_append (text, " · ");
      if (time != NULL)
        g_string_append_printf (text, _("Next attempt at %s"), time);
      else
        g_string_append (text, _("Sent at the next sync"));
    }
  else if (g_str_equal (state, "held"))
    {
      g_string_append (text, " · ");
      g_string_append (text, _("Not sent until released"));
    }
  else if (g_str_equal (state, "returned"))
    {
      g_string_append (text, " · ");
      /* Translators: a queue entry sent back; the clerk resubmits it as a new revision */
      g_string_append (text, _("With the clerk for correction"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_error (JjQueueRow  *self,
            JjQueueItem *item)
{
  const char *error = jj_queue_item_get_last_error (item);
  const char *state = jj_queue_item_get_state (item);
  gboolean parked = g_str_equal (state, "parked");
  g_autofree char *text = NULL;

  if (error == NULL || error[0] == '\0' || g_str_equal (state, "delivered"))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      return;
    }

  if (parked)
    /* Translators: why the county refused an application; it will not be sent again as it is */
    text = g_strdup_printf (_("The county’s reason: %s"), error);
  else if (g_str_equal (state, "returned"))
    /* Translators: what the township reviewer asked the clerk to correct */
    text = g_strdup_printf (_("Sent back: %s"), error);
  else
    text = g_strdup_printf (_("Last attempt: %s"), error);
  gtk_label_set_text (self->error_label, text);
  if (parked)
    gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
style_state (JjQueueRow *self,
             const char *state)
{
  const char *classes[3] = { "badge", NULL, NULL };

  if (g_str_equal (state, "parked"))
    classes[1] = "error";
  else if (g_str_equal (state, "held") || g_str_equal (state, "returned"))
    classes[1] = "warning";
  else if (g_str_equal (state, "delivered"))
    classes[1] = "success";
  else if (g_str_equal (state, "sending"))
    classes[1] = "accent";
  gtk_widget_set_css_classes (GTK_WIDGET (self->state_badge), classes);
  gtk_label_set_text (self->state_badge, jj_outbox_state_get_label (state));
}

static void
on_check_toggled (JjQueueRow *self)
{
  gboolean active = gtk_check_button_get_active (self->check);
  guint position;

  if (self->list_item == NULL || active == gtk_list_item_get_selected (self->list_item))
    return;
  position = gtk_list_item_get_position (self->list_item);
  if (active)
    gtk_selection_model_select_item (self->selection, position, FALSE);
  else
    gtk_selection_model_unselect_item (self->selection, position);
}

static void
jj_queue_row_dispose (GObject *object)
{
  GtkWidget *child;

  jj_queue_row_unbind (JJ_QUEUE_ROW (object));
  gtk_widget_dispose_template (GTK_WIDGET (object), JJ_TYPE_QUEUE_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (jj_queue_row_parent_class)->dispose (object);
}

static void
jj_queue_row_class_init (JjQueueRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = jj_queue_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/jiujin/Jiujin/jj-queue-row.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, JjQueueRow, name)
  BIND (check);
  BIND (title_label);
  BIND (card_badge);
  BIND (state_badge);
  BIND (applicant_label);
  BIND (attempts_label);
  BIND (error_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_check_toggled);
}

static void
jj_queue_row_init (JjQueueRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
jj_queue_row_new (void)
{
  return g_object_new (JJ_TYPE_QUEUE_ROW, NULL);
}

void
jj_queue_row_bind (JjQueueRow        *self,
                   JjQueueItem       *item,
                   GtkListItem       *list_item,
                   GtkSelectionModel *selection)
{
  g_autofree char *progress = NULL;
  g_autofree char *select_label = NULL;

  g_return_if_fail (JJ_IS_QUEUE_ROW (self));
  g_return_if_fail (JJ_IS_QUEUE_ITEM (item));

  jj_queue_row_unbind (self);

  gtk_label_set_text (self->title_label, jj_queue_item_get_title (item));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), jj_queue_item_get_title (item));
  gtk_label_set_text (self->applicant_label, jj_queue_item_get_applicant (item));
  progress = dup_progress (item);
  gtk_label_set_text (self->attempts_label, progress);
  style_state (self, jj_queue_item_get_state (item));
  jj_card_badge_update (GTK_WIDGET (self->card_badge), jj_queue_item_get_card (item),
                        jj_queue_item_get_remaining_days (item));
  show_error (self, item);

  /* Delivered and sent-back items are there to be seen; the queue does nothing more to them. */
  gtk_widget_set_visible (GTK_WIDGET (self->check),
                          jj_queue_item_get_uuid (item) != NULL &&
                          !g_str_equal (jj_queue_item_get_state (item), "returned"));
  /* Translators: the accessible name of a queue row's check button; %s is a receipt number */
  select_label = g_strdup_printf (_("Select %s"), jj_queue_item_get_number (item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  select_label, -1);

  self->list_item = list_item;
  self->selection = selection;
  self->selected_binding = g_object_ref (g_object_bind_property (list_item, "selected",
                                                                 self->check, "active",
                                                                 G_BINDING_SYNC_CREATE));
}

void
jj_queue_row_unbind (JjQueueRow *self)
{
  g_return_if_fail (JJ_IS_QUEUE_ROW (self));

  /* Our own reference: the binding may already be gone with a finalized list item. */
  if (self->selected_binding != NULL)
    g_binding_unbind (self->selected_binding);
  g_clear_object (&self->selected_binding);
  self->list_item = NULL;
  self->selection = NULL;
}
