/* jj-intake-page-residents.c — returning residents: found by the ID number or the name typed
 *
 * An ID number typed in full finds its resident, whose details the clerk may take over. A name
 * typed finds every resident of that name; the page offers each by masked ID number, the last
 * digits of the phone and the address, so that namesakes can be told apart without any ID
 * number shown. The one chosen fills the applicant, and its ID number stays masked on screen:
 * the page keeps it aside and puts it in the draft, so a clerk cannot read a resident's ID
 * number by typing a name. Typing over the masked number drops it.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "jj-applicants.h"
#include "jj-intake-page-private.h"
#include "jj-validate.h"

/* Enough to tell namesakes apart in a village; a longer list would not be read. */
#define MAX_MATCHES 8

/* Lookups run on a worker thread: by ID number (intake), by name, or one chosen (store). */
typedef struct
{
  JjIntake *intake;
  JjStore  *store;
  char     *text;        /* the normalised ID number, or the trimmed name */
  gint64    applicant;   /* the applicants row chosen */
} LookupData;

static void
lookup_data_free (LookupData *data)
{
  g_clear_object (&data->intake);
  g_clear_object (&data->store);
  g_free (data->text);
  g_free (data);
}

static void
run_lookup (JjIntakePage        *self,
            LookupData          *data,
            GTaskThreadFunc      thread,
            GAsyncReadyCallback  ready)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, ready, g_object_ref (self));

  g_task_set_task_data (task, data, (GDestroyNotify) lookup_data_free);
  g_task_run_in_thread (task, thread);
}

static char *
trimmed_name (JjIntakePage *self)
{
  return g_strstrip (g_strdup (entry_text (self->name_row)));
}

/* Found by ID number */

static void
find_by_id_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  LookupData *data = task_data;
  JsonObject *found = jj_intake_find_applicant (data->intake, data->text);

  g_task_return_pointer (task, found, found != NULL ? (GDestroyNotify) json_object_unref : NULL);
}

static void
find_by_id_ready (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(JjIntakePage) self = user_data;
  LookupData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(JsonObject) found = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autofree char *normalized = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* Only for the number still typed, and only when it would change something. */
  jj_validate_id_number (entry_text (self->id_row), NULL, &normalized, NULL, NULL, NULL);
  if (found == NULL || g_strcmp0 (normalized, data->text) != 0 ||
      (g_str_equal (string_member (found, "name"), entry_text (self->name_row)) &&
       g_str_equal (string_member (found, "phone"), entry_text (self->phone_row)) &&
       g_str_equal (string_member (found, "address"), entry_text (self->address_row))))
    return;

  /* Translators: a resident who applied before, found by the ID number typed */
  title = g_strdup_printf (_("Found: %s, who applied here before"), string_member (found, "name"));
  subtitle = g_strdup_printf ("%s · %s", string_member (found, "phone"),
                              string_member (found, "address"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->found_row), title);
  adw_action_row_set_subtitle (self->found_row, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->found_row), TRUE);
  g_clear_pointer (&self->found, json_object_unref);
  self->found = g_steal_pointer (&found);
}

static void
forget_known_id (JjIntakePage *self)
{
  g_clear_pointer (&self->known_id_number, g_free);
  g_clear_pointer (&self->known_id_masked, g_free);
}

static void
on_id_changed (JjIntakePage *self)
{
  g_autofree char *summary = NULL;
  g_autofree char *normalized = NULL;

  if (self->known_id_masked != NULL &&
      g_strcmp0 (entry_text (self->id_row), self->known_id_masked) != 0)
    forget_known_id (self);

  /* A chosen resident's birth date stays as hidden as the rest of the number. */
  if (self->known_id_number == NULL)
    summary = jj_form_view_dup_id_summary (entry_text (self->id_row));
  gtk_label_set_text (self->id_info, summary != NULL ? summary : "");
  gtk_widget_set_visible (GTK_WIDGET (self->id_info), summary != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->found_row), FALSE);

  if (!self->populating && self->intake != NULL &&
      jj_validate_id_number (entry_text (self->id_row), NULL, &normalized, NULL, NULL, NULL))
    {
      LookupData *data = g_new0 (LookupData, 1);

      data->intake = g_object_ref (self->intake);
      data->text = g_steal_pointer (&normalized);
      run_lookup (self, data, find_by_id_thread, find_by_id_ready);
    }
}

static void
use_found_applicant (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  JjIntakePage *self = JJ_INTAKE_PAGE (widget);

  if (self->found == NULL)
    return;

  self->choosing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), string_member (self->found, "name"));
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), string_member (self->found, "phone"));
  gtk_editable_set_text (GTK_EDITABLE (self->address_row),
                         string_member (self->found, "address"));
  self->choosing = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->found_row), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->phone_row));
}

/* Found by name */

static void
clear_matches (JjIntakePage *self)
{
  /* Also called once the template is gone, when the rows went with it. */
  for (guint i = 0; self->matches_row != NULL && self->match_rows != NULL &&
                    i < self->match_rows->len; i++)
    adw_expander_row_remove (self->matches_row, g_ptr_array_index (self->match_rows, i));
  if (self->match_rows != NULL)
    g_ptr_array_set_size (self->match_rows, 0);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  if (self->matches_row != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->matches_row), FALSE);
}

static void
choose_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LookupData *data = task_data;
  GError *error = NULL;
  JsonObject *applicant = jj_applicants_dup (data->store, data->applicant, &error);

  if (applicant == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, applicant, (GDestroyNotify) json_object_unref);
}

static void
choose_ready (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(JjIntakePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) applicant = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *masked = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->disposed)
    return;
  if (applicant == NULL)
    {
      _jj_intake_page_show_banner (self, error->message);
      return;
    }

  masked = jj_id_number_mask (string_member (applicant, "id_number"));
  self->choosing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), string_member (applicant, "name"));
  /* Known only once shown: replacing the text passes through other texts, which forget it. */
  forget_known_id (self);
  gtk_editable_set_text (GTK_EDITABLE (self->id_row), masked);
  self->known_id_number = g_strdup (string_member (applicant, "id_number"));
  self->known_id_masked = g_steal_pointer (&masked);
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), string_member (applicant, "phone"));
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), string_member (applicant, "address"));
  self->choosing = FALSE;

  clear_matches (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->phone_row));
}

static void
on_use_match (GtkButton    *button,
              JjIntakePage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "jj-match"));
  JjApplicantMatch *match;
  LookupData *data;

  if (self->matches == NULL || index >= self->matches->len || self->store == NULL)
    return;
  match = g_ptr_array_index (self->matches, index);
  data = g_new0 (LookupData, 1);
  data->store = g_object_ref (self->store);
  data->applicant = match->id;
  run_lookup (self, data, choose_thread, choose_ready);
}

static GtkWidget *
match_row_new (JjIntakePage     *self,
               JjApplicantMatch *match,
               guint             index)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Use"));
  g_autofree char *subtitle = NULL;
  g_autofree char *use = NULL;

  if (match->phone_last_digits[0] != '\0')
    /* Translators: tells residents of the same name apart: the last 4 digits of their mobile
     * number (%1$s), then their address (%2$s) */
    subtitle = g_strdup_printf (_("Mobile ending in %1$s · %2$s"), match->phone_last_digits,
                                match->address);
  else
    subtitle = g_strdup (match->address);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), match->masked_id_number);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  /* Translators: the accessible name of the button that fills the applicant with a resident
   * found by name; %s is their masked ID number, e.g. 4301**********123X */
  use = g_strdup_printf (_("Use the resident %s"), match->masked_id_number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, use,
                                  -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "jj-match", GUINT_TO_POINTER (index));
  g_signal_connect (button, "clicked", G_CALLBACK (on_use_match), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  return row;
}

static void
find_by_name_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  LookupData *data = task_data;
  GError *error = NULL;
  GPtrArray *matches = jj_applicants_find_by_name (data->store, data->text, MAX_MATCHES, &error);

  if (matches == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, matches, (GDestroyNotify) g_ptr_array_unref);
}

static void
find_by_name_ready (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(JjIntakePage) self = user_data;
  LookupData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) matches = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autofree char *name = trimmed_name (self);
  g_autofree char *title = NULL;

  /* Only for the name still typed; a failed lookup just offers nobody. */
  if (matches == NULL || self->disposed || g_strcmp0 (name, data->text) != 0)
    return;
  clear_matches (self);
  if (matches->len == 0)
    return;

  for (guint i = 0; i < matches->len; i++)
    {
      GtkWidget *row = match_row_new (self, g_ptr_array_index (matches, i), i);

      adw_expander_row_add_row (self->matches_row, row);
      g_ptr_array_add (self->match_rows, row);
    }
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        /* Translators: %u is a count, %s a resident's name */
                                        "%u resident named %s applied here before",
                                        "%u residents named %s applied here before",
                                        matches->len),
                           matches->len, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->matches_row), title);
  adw_expander_row_set_expanded (self->matches_row, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->matches_row), TRUE);
  self->matches = g_steal_pointer (&matches);
}

static void
on_name_changed (JjIntakePage *self)
{
  g_autofree char *name = trimmed_name (self);
  LookupData *data;

  if (self->populating || self->choosing || self->store == NULL)
    return;
  if (name[0] == '\0')
    {
      clear_matches (self);
      return;
    }

  data = g_new0 (LookupData, 1);
  data->store = g_object_ref (self->store);
  data->text = g_steal_pointer (&name);
  run_lookup (self, data, find_by_name_thread, find_by_name_ready);
}

/* What the page shares */

void
_jj_intake_page_clear_residents (JjIntakePage *self)
{
  clear_matches (self);
  forget_known_id (self);
  g_clear_pointer (&self->found, json_object_unref);
}

void
_jj_intake_page_show_id_number (JjIntakePage *self,
                                JsonObject   *applicant)
{
  const char *id_number = string_member (applicant, "id_number");
  g_autofree char *normalized = NULL;

  forget_known_id (self);
  if (applicant != NULL &&
      json_object_get_boolean_member_with_default (applicant, "from_records", FALSE) &&
      jj_validate_id_number (id_number, NULL, &normalized, NULL, NULL, NULL))
    {
      g_autofree char *masked = jj_id_number_mask (normalized);

      gtk_editable_set_text (GTK_EDITABLE (self->id_row), masked);
      self->known_id_number = g_steal_pointer (&normalized);
      self->known_id_masked = g_steal_pointer (&masked);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (self->id_row), id_number);
  /* The same text emits no change, and the summary beside it may be another draft's. */
  on_id_changed (self);
}

const char *
_jj_intake_page_get_id_number (JjIntakePage *self,
                               gboolean     *from_records)
{
  *from_records = self->known_id_number != NULL &&
                  g_strcmp0 (entry_text (self->id_row), self->known_id_masked) == 0;
  return *from_records ? self->known_id_number : entry_text (self->id_row);
}

void
_jj_intake_page_class_init_residents (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "intake.use-found-applicant", NULL,
                                   use_found_applicant);
}

void
_jj_intake_page_init_residents (JjIntakePage *self)
{
  g_signal_connect_swapped (self->id_row, "changed", G_CALLBACK (on_id_changed), self);
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (on_name_changed), self);
}
