/* jj-intake-page.c — taking a resident's application (受理): the form a clerk fills in
 *
 * The frame is a template; the matters, the form (JjFormView) and the materials checklist
 * (JjMaterialRow) are rows generated from the draft, which is read off the main loop.
 * Saving, checking and submitting are in jj-intake-page-draft.c, scans in
 * jj-intake-page-scans.c, returning residents in jj-intake-page-residents.c.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "jj-attachments.h"
#include "jj-intake-page-private.h"
#include "jj-validate.h"

guint _jj_intake_page_signals[JJ_INTAKE_PAGE_N_SIGNALS];

G_DEFINE_FINAL_TYPE (JjIntakePage, jj_intake_page, GTK_TYPE_WIDGET)

const JjIntakePageField _jj_intake_page_fields[] = {
  { "applicant.name", G_STRUCT_OFFSET (JjIntakePage, name_row), TRUE },
  { "applicant.id_number", G_STRUCT_OFFSET (JjIntakePage, id_row), TRUE },
  { "applicant.phone", G_STRUCT_OFFSET (JjIntakePage, phone_row), TRUE },
  { "applicant.address", G_STRUCT_OFFSET (JjIntakePage, address_row), TRUE },
  { "agent.kind", G_STRUCT_OFFSET (JjIntakePage, agent_kind_row), TRUE },
  { "agent.name", G_STRUCT_OFFSET (JjIntakePage, agent_name_row), TRUE },
  { "agent.id_number", G_STRUCT_OFFSET (JjIntakePage, agent_id_row), TRUE },
  { "agent.relationship", G_STRUCT_OFFSET (JjIntakePage, agent_relationship_row), TRUE },
  { "appointment", G_STRUCT_OFFSET (JjIntakePage, appointment_date_row), TRUE },
  { "appointment", G_STRUCT_OFFSET (JjIntakePage, appointment_time_row), FALSE },
};

const guint _jj_intake_page_n_fields = G_N_ELEMENTS (_jj_intake_page_fields);

const char * const _jj_intake_page_agent_kinds[3] = { "none", "clerk", "agent" };

void
_jj_intake_page_show_banner (JjIntakePage *self,
                             const char   *message)
{
  gtk_label_set_text (self->banner_label, message);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

/* The clerk's input */

static int
page_field_index (JjIntakePage *self,
                  GtkWidget    *row)
{
  for (guint i = 0; i < _jj_intake_page_n_fields; i++)
    if (JJ_INTAKE_PAGE_FIELD_ROW (self, i) == row)
      return i;
  return -1;
}

static void
on_page_field_changed (JjIntakePage *self,
                       GtkWidget    *row)
{
  int i = page_field_index (self, row);

  if (self->populating)
    return;
  if (i >= 0)
    g_hash_table_add (self->edited, (gpointer) _jj_intake_page_fields[i].path);
  _jj_intake_page_changed (self);
}

static void
on_page_field_left (GtkEventControllerFocus *controller,
                    JjIntakePage            *self)
{
  int i = page_field_index (self,
                            gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));

  if (i < 0 || !g_hash_table_contains (self->edited, _jj_intake_page_fields[i].path) ||
      g_hash_table_contains (self->touched, _jj_intake_page_fields[i].path))
    return;
  g_hash_table_add (self->touched, (gpointer) _jj_intake_page_fields[i].path);
  _jj_intake_page_apply_problems (self);
}

static void
on_agent_kind_changed (JjIntakePage *self)
{
  guint kind = adw_combo_row_get_selected (self->agent_kind_row);
  gboolean agent = kind == 2;

  gtk_widget_set_visible (GTK_WIDGET (self->agent_name_row), kind == 1 || agent);
  gtk_widget_set_visible (GTK_WIDGET (self->agent_id_row), kind == 1 || agent);
  gtk_widget_set_visible (GTK_WIDGET (self->agent_relationship_row), agent);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->agent_name_row),
                                 agent ? _("Agent’s Name") : _("Clerk’s Name"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->agent_id_row),
                                 agent ? _("Agent’s ID Number")
                                       : _("Clerk’s ID Number (optional)"));
  on_page_field_changed (self, GTK_WIDGET (self->agent_kind_row));
}

static void
on_appointment_toggled (JjIntakePage *self)
{
  if (!self->populating && adw_expander_row_get_enable_expansion (self->appointment_row) &&
      entry_text (self->appointment_date_row)[0] == '\0')
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
      g_autofree char *date = g_date_time_format (tomorrow, "%Y-%m-%d");

      gtk_editable_set_text (GTK_EDITABLE (self->appointment_date_row), date);
    }
  _jj_intake_page_changed (self);
}

static void
on_material_status (JjIntakePage  *self,
                    GParamSpec    *pspec,
                    JjMaterialRow *row)
{
  jj_material_row_set_message (row, NULL);
  _jj_intake_page_changed (self);
}

static void
on_entry_activated (GtkWidget *row)
{
  jj_form_view_focus_next (row);
}

/* Loading and showing a draft */

typedef struct
{
  JjIntake   *intake;
  JjStore    *store;
  gint64      id;
  JsonObject *draft;
  JjForm     *form;
  GPtrArray  *matters;     /* of JjMatter, in the draft's order */
  JjBundle   *bundle;
  GHashTable *pdfs;        /* SHA-256 of the scans that are PDFs */
  gboolean    is_correction;
  JjCorrection correction; /* when the draft corrects an application sent back */
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->intake);
  g_clear_object (&data->store);
  g_clear_pointer (&data->draft, json_object_unref);
  g_clear_object (&data->form);
  g_clear_pointer (&data->matters, g_ptr_array_unref);
  g_clear_pointer (&data->bundle, jj_bundle_free);
  g_clear_pointer (&data->pdfs, g_hash_table_unref);
  jj_correction_clear (&data->correction);
  g_free (data);
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(JjCatalog) catalog = jj_catalog_new (data->store);
  GError *error = NULL;
  JsonArray *codes, *scans;
  const char *bundle;

  if ((data->draft = jj_intake_load_draft (data->intake, data->id, &error)) == NULL ||
      (data->form = jj_intake_dup_form (data->intake, data->draft, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data->is_correction = jj_intake_get_correction (data->intake, data->id, &data->correction,
                                                  &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data->matters = g_ptr_array_new_with_free_func (g_object_unref);
  codes = array_member (data->draft, "matters");
  for (guint i = 0; codes != NULL && i < json_array_get_length (codes); i++)
    {
      JjMatter *matter
          = jj_catalog_lookup (catalog, json_array_get_string_element (codes, i), &error);

      if (matter == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (data->matters, matter);
    }

  bundle = json_object_get_string_member_with_default (data->draft, "bundle", NULL);
  if (bundle != NULL)
    {
      g_autoptr(GPtrArray) bundles = jj_catalog_list_bundles (catalog, NULL);

      for (guint i = 0; bundles != NULL && i < bundles->len; i++)
        if (g_strcmp0 (((JjBundle *) g_ptr_array_index (bundles, i))->code, bundle) == 0)
          data->bundle = g_ptr_array_steal_index (bundles, i);
    }

  data->pdfs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  scans = array_member (data->draft, "attachments");
  for (guint i = 0; scans != NULL && i < json_array_get_length (scans); i++)
    {
      JsonObject *item = json_array_get_object_element (scans, i);
      const char *sha256
          = item != NULL ? json_object_get_string_member_with_default (item, "sha256", NULL) : NULL;
      g_autoptr(JjAttachmentInfo) info
          = sha256 != NULL ? jj_attachments_lookup (data->store, sha256, NULL) : NULL;

      if (info != NULL && g_str_equal (info->mime_type, "application/pdf"))
        g_hash_table_add (data->pdfs, g_strdup (sha256));
    }

  g_task_return_boolean (task, TRUE);
}

static void
add_generated (JjIntakePage        *self,
               AdwPreferencesGroup *group,
               GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->generated, group);
  g_ptr_array_add (self->generated, row);
}

static void
clear_draft (JjIntakePage *self)
{
  for (guint i = 0; i + 1 < self->generated->len; i += 2)
    adw_preferences_group_remove (g_ptr_array_index (self->generated, i),
                                  g_ptr_array_index (self->generated, i + 1));
  g_ptr_array_set_size (self->generated, 0);
  g_ptr_array_set_size (self->material_rows, 0);
  g_ptr_array_set_size (self->scans, 0);
  self->other_row = NULL;
  self->drop_row = NULL;
  _jj_intake_page_clear_residents (self);
  g_clear_pointer (&self->base_text, g_free);
  g_hash_table_remove_all (self->edited);
  g_hash_table_remove_all (self->touched);
  g_hash_table_remove_all (self->problems);
  self->show_all = FALSE;
  self->save_failed = FALSE;
  jj_form_view_set_form (self->form_view, NULL, NULL);
}

static JjMatter *
find_matter (GPtrArray  *matters,
             const char *code)
{
  for (guint i = 0; i < matters->len; i++)
    if (g_strcmp0 (jj_matter_get_code (g_ptr_array_index (matters, i)), code) == 0)
      return g_ptr_array_index (matters, i);
  return NULL;
}

static void
render_matters (JjIntakePage *self,
                LoadData     *data)
{
  g_autoptr(GString) codes = g_string_new (NULL);

  for (guint i = 0; i < data->matters->len; i++)
    {
      JjMatter *matter = g_ptr_array_index (data->matters, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", jj_matter_get_code (matter),
                                                   jj_matter_get_department (matter));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), jj_matter_get_name (matter));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      add_generated (self, self->matters_group, row);
      g_string_append_printf (codes, "%s%s", i > 0 ? " · " : "", jj_matter_get_code (matter));
    }

  if (data->bundle != NULL)
    {
      gtk_label_set_text (self->title_label, data->bundle->name);
      adw_preferences_group_set_description (self->matters_group, data->bundle->description);
      g_string_prepend (codes, " · ");
      g_string_prepend (codes, data->bundle->code);
    }
  else
    {
      gtk_label_set_text (
          self->title_label,
          data->matters->len > 0 ? jj_matter_get_name (g_ptr_array_index (data->matters, 0)) : "");
      adw_preferences_group_set_description (self->matters_group, NULL);
    }
  gtk_label_set_text (self->subtitle_label, codes->str);
  /* One matter is the page's title already. */
  gtk_widget_set_visible (GTK_WIDGET (self->matters_group),
                          data->bundle != NULL || data->matters->len > 1);
}

static void
render_materials (JjIntakePage *self,
                  LoadData     *data)
{
  JsonArray *checklist = array_member (data->draft, "materials");
  JsonArray *scans = array_member (data->draft, "attachments");
  GtkWidget *other;

  for (guint i = 0; checklist != NULL && i < json_array_get_length (checklist); i++)
    {
      JsonObject *item = json_array_get_object_element (checklist, i);
      const char *code
          = item != NULL ? json_object_get_string_member_with_default (item, "matter", "") : "";
      gint64 index
          = item != NULL ? json_object_get_int_member_with_default (item, "index", -1) : -1;
      JjMatter *matter = find_matter (data->matters, code);
      GPtrArray *guide = matter != NULL ? jj_matter_get_materials (matter) : NULL;
      GtkWidget *row;

      /* jj_intake_validate() reports a checklist that no longer fits the guide. */
      if (guide == NULL || index < 0 || index >= guide->len)
        {
          JjMaterial unknown = { .name = (char *) code, .notes = (char *) "", .count = 1 };
          row = jj_material_row_new (i, &unknown, NULL);
        }
      else
        row = jj_material_row_new (i, g_ptr_array_index (guide, index),
                                   data->matters->len > 1 ? jj_matter_get_name (matter) : NULL);

      jj_material_row_set_status (
          JJ_MATERIAL_ROW (row),
          json_object_get_string_member_with_default (item, "status", "missing"));
      g_signal_connect_swapped (row, "notify::status", G_CALLBACK (on_material_status), self);
      add_generated (self, self->materials_group, row);
      g_ptr_array_add (self->material_rows, row);
    }

  other = jj_material_row_new (-1, NULL, NULL);
  add_generated (self, self->materials_group, other);
  self->other_row = JJ_MATERIAL_ROW (other);

  for (guint i = 0; scans != NULL && i < json_array_get_length (scans); i++)
    {
      JsonObject *item = json_array_get_object_element (scans, i);
      JjIntakeScan *scan;

      if (item == NULL || !json_object_has_member (item, "sha256"))
        continue;
      scan = g_new0 (JjIntakeScan, 1);
      scan->sha256 = g_strdup (json_object_get_string_member_with_default (item, "sha256", ""));
      scan->filename
          = g_strdup (json_object_get_string_member_with_default (item, "filename", scan->sha256));
      scan->material = json_object_has_member (item, "material")
                         ? (int) json_object_get_int_member (item, "material") : -1;
      if (scan->material >= (int) self->material_rows->len)
        scan->material = -1;
      scan->is_pdf = g_hash_table_contains (data->pdfs, scan->sha256);
      g_ptr_array_add (self->scans, scan);
      _jj_intake_page_show_scan (self, scan, NULL);
    }
}

static void
render_applicant (JjIntakePage *self,
                  JsonObject   *draft)
{
  JsonNode *node = json_object_get_member (draft, "applicant");
  JsonObject *applicant
      = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonObject *agent = NULL;
  const char *kind, *appointment;
  guint selected = 0;

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), string_member (applicant, "name"));
  _jj_intake_page_show_id_number (self, applicant);
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), string_member (applicant, "phone"));
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), string_member (applicant, "address"));

  node = json_object_get_member (draft, "agent");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    agent = json_node_get_object (node);
  kind = string_member (agent, "kind");
  for (guint i = 0; i < G_N_ELEMENTS (_jj_intake_page_agent_kinds); i++)
    if (g_str_equal (kind, _jj_intake_page_agent_kinds[i]))
      selected = i;
  adw_combo_row_set_selected (self->agent_kind_row, selected);
  on_agent_kind_changed (self);
  gtk_editable_set_text (GTK_EDITABLE (self->agent_name_row), string_member (agent, "name"));
  gtk_editable_set_text (GTK_EDITABLE (self->agent_id_row), string_member (agent, "id_number"));
  gtk_editable_set_text (GTK_EDITABLE (self->agent_relationship_row),
                         string_member (agent, "relationship"));

  appointment = string_member (draft, "appointment");
  adw_expander_row_set_enable_expansion (self->appointment_row, appointment[0] != '\0');
  adw_expander_row_set_expanded (self->appointment_row, appointment[0] != '\0');
  if (appointment[0] != '\0')
    {
      g_auto(GStrv) parts = g_strsplit (appointment, "T", 2);

      gtk_editable_set_text (GTK_EDITABLE (self->appointment_date_row), parts[0]);
      gtk_editable_set_text (GTK_EDITABLE (self->appointment_time_row),
                             parts[1] != NULL ? parts[1] : "");
    }
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (self->appointment_date_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->appointment_time_row), "09:00");
    }

  /* What was saved was typed before: it is judged at once. */
  for (guint i = 0; i < _jj_intake_page_n_fields; i++)
    {
      GtkWidget *row = JJ_INTAKE_PAGE_FIELD_ROW (self, i);

      if (GTK_IS_EDITABLE (row) && gtk_editable_get_text (GTK_EDITABLE (row))[0] != '\0')
        {
          g_hash_table_add (self->edited, (gpointer) _jj_intake_page_fields[i].path);
          g_hash_table_add (self->touched, (gpointer) _jj_intake_page_fields[i].path);
        }
    }
}

/* A correction says what it corrects and why, for as long as it is open, and is resubmitted. */
static void
show_correction (JjIntakePage       *self,
                 const JjCorrection *correction)
{
  g_autofree char *text = NULL;

  self->is_correction = correction != NULL;
  gtk_widget_set_visible (self->correction_box, correction != NULL);
  gtk_button_set_label (self->submit_button, correction != NULL ? _("Resubmit") : _("Submit"));
  gtk_button_set_label (self->submit_bottom_button, correction != NULL
                                                    ? _("_Resubmit Application")
                                                    : _("_Submit Application"));
  if (correction == NULL)
    return;

  if (correction->county_state == JJ_APPLICATION_ACCEPTED ||
      correction->county_state == JJ_APPLICATION_COMPLETED ||
      correction->county_state == JJ_APPLICATION_REJECTED)
    /* The county decided the case after returning it: say so before the clerk corrects
     * anything that jj_intake_submit() would refuse. */
    /* Translators: a receipt number, then the county's decision, e.g. "Accepted" */
    text = g_strdup_printf (_("The county has decided %s since it was returned (%s): this "
                              "correction cannot be resubmitted. Discard it to see the "
                              "decision."),
                            correction->receipt_number,
                            jj_application_state_get_label (correction->county_state));
  else if (correction->reason != NULL && correction->reason[0] != '\0')
    /* Translators: a receipt number, the revision being prepared (2 for the first correction),
     * then why the application was sent back */
    text = g_strdup_printf (_("Correction of %s (revision %d): %s"), correction->receipt_number,
                            correction->revision, correction->reason);
  else
    text = g_strdup_printf (_("Correction of %s (revision %d)"), correction->receipt_number,
                            correction->revision);
  gtk_label_set_text (self->correction_label, text);
}

static void
load_ready (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(JjIntakePage) self = user_data;
  LoadData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->failed_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "failed");
      return;
    }

  self->populating = TRUE;
  self->base_text
      = g_strdup (json_to_string (json_node_init_object (json_node_alloc (), data->draft), FALSE));
  render_matters (self, data);
  render_applicant (self, data->draft);
  jj_form_view_set_form (self->form_view, data->form,
                         json_object_has_member (data->draft, "values")
                           ? json_object_get_object_member (data->draft, "values") : NULL);
  render_materials (self, data);
  show_correction (self, data->is_correction ? &data->correction : NULL);
  self->populating = FALSE;

  self->loaded = TRUE;
  _jj_intake_page_mark_saved (self);

  gtk_stack_set_visible_child_name (self->stack, "form");
  gtk_action_bar_set_revealed (self->action_bar, TRUE);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  _jj_intake_page_update_save_label (self);
  _jj_intake_page_apply_problems (self);
  _jj_intake_page_check_now (self);
  /* A resumed draft: the cursor goes after what was typed, nothing is selected to overwrite. */
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  gtk_editable_set_position (GTK_EDITABLE (self->name_row), -1);
}

void
jj_intake_page_open (JjIntakePage *self,
                     JjIntake     *intake,
                     JjStore      *store,
                     gint64        draft_id)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (JJ_IS_INTAKE_PAGE (self));
  g_return_if_fail (JJ_IS_INTAKE (intake));
  g_return_if_fail (JJ_IS_STORE (store));

  jj_intake_page_flush (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->validate_source, g_source_remove);

  self->loaded = FALSE;
  self->busy = FALSE;
  clear_draft (self);
  g_set_object (&self->intake, intake);
  g_set_object (&self->store, store);
  self->draft_id = draft_id;
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
  show_correction (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scroller), TRUE);
  gtk_action_bar_set_revealed (self->action_bar, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.submit", FALSE);

  data = g_new0 (LoadData, 1);
  data->intake = g_object_ref (intake);
  data->store = g_object_ref (store);
  data->id = draft_id;
  task = g_task_new (NULL, self->cancellable, load_ready, g_object_ref (self));
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

static void
close_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  jj_intake_page_close (JJ_INTAKE_PAGE (widget));
}

static void
dismiss_banner_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  gtk_revealer_set_reveal_child (JJ_INTAKE_PAGE (widget)->banner_revealer, FALSE);
}

/* The widget */

static void
jj_intake_page_dispose (GObject *object)
{
  JjIntakePage *self = JJ_INTAKE_PAGE (object);

  /* Whatever was typed last is written before the page goes. */
  jj_intake_page_flush (self);
  self->loaded = FALSE;
  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->save_source, g_source_remove);
  g_clear_handle_id (&self->validate_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (object), JJ_TYPE_INTAKE_PAGE);
  g_clear_pointer (&self->generated, g_ptr_array_unref);
  g_clear_pointer (&self->material_rows, g_ptr_array_unref);
  g_clear_pointer (&self->scans, g_ptr_array_unref);
  _jj_intake_page_clear_residents (self);
  g_clear_pointer (&self->match_rows, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_hash_table_unref);
  g_clear_pointer (&self->edited, g_hash_table_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_clear_pointer (&self->base_text, g_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->intake);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (jj_intake_page_parent_class)->dispose (object);
}

static void
jj_intake_page_finalize (GObject *object)
{
  g_clear_pointer (&JJ_INTAKE_PAGE (object)->save_state, _jj_intake_save_state_unref);

  G_OBJECT_CLASS (jj_intake_page_parent_class)->finalize (object);
}

static void
jj_intake_page_class_init (JjIntakePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jj_intake_page_dispose;
  object_class->finalize = jj_intake_page_finalize;

  /**
   * JjIntakePage::submitted:
   * @application_id: the application, now queued for sending
   * @receipt_number: its receipt number (受理回执号)
   */
  _jj_intake_page_signals[JJ_INTAKE_PAGE_SUBMITTED]
      = g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
  /**
   * JjIntakePage::closed:
   *
   * The draft was discarded, or the clerk left it (it is saved).
   */
  _jj_intake_page_signals[JJ_INTAKE_PAGE_CLOSED] = g_signal_new (
      "closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (JJ_TYPE_FORM_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/jiujin/Jiujin/jj-intake-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, JjIntakePage, name)
  BIND (root_box);
  BIND (banner_revealer);
  BIND (banner_label);
  BIND (correction_box);
  BIND (correction_label);
  BIND (stack);
  BIND (failed_page);
  BIND (scroller);
  BIND (title_label);
  BIND (subtitle_label);
  BIND (matters_group);
  BIND (name_row);
  BIND (id_row);
  BIND (id_info);
  BIND (found_row);
  BIND (matches_row);
  BIND (phone_row);
  BIND (address_row);
  BIND (agent_kind_row);
  BIND (agent_name_row);
  BIND (agent_id_row);
  BIND (agent_relationship_row);
  BIND (appointment_row);
  BIND (appointment_date_row);
  BIND (appointment_time_row);
  BIND (form_view);
  BIND (materials_group);
  BIND (action_bar);
  BIND (save_label);
  BIND (submit_button);
  BIND (submit_bottom_button);
  BIND (problems_button);
#undef BIND

  gtk_widget_class_install_action (widget_class, "intake.close", NULL, close_activated);
  gtk_widget_class_install_action (widget_class, "intake.dismiss-banner", NULL,
                                   dismiss_banner_activated);
  _jj_intake_page_class_init_draft (widget_class);
  _jj_intake_page_class_init_scans (widget_class);
  _jj_intake_page_class_init_residents (widget_class);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* The page's own style sheet, loaded once for the display it first appears on. */
static void
load_style (void)
{
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (provider, "/io/github/jiujin/Jiujin/jj-intake-page.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      g_once_init_leave (&loaded, 1);
    }
}

static void
jj_intake_page_init (JjIntakePage *self)
{
  load_style ();
  self->save_state = _jj_intake_save_state_new ();
  self->generated = g_ptr_array_new ();
  self->material_rows = g_ptr_array_new ();
  self->scans = g_ptr_array_new_with_free_func ((GDestroyNotify) _jj_intake_page_scan_free);
  self->match_rows = g_ptr_array_new ();
  self->problems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->edited = g_hash_table_new (g_str_hash, g_str_equal);
  self->touched = g_hash_table_new (g_str_hash, g_str_equal);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);

  for (guint i = 0; i < _jj_intake_page_n_fields; i++)
    {
      GtkWidget *row = JJ_INTAKE_PAGE_FIELD_ROW (self, i);
      GtkEventController *focus = gtk_event_controller_focus_new ();

      if (_jj_intake_page_fields[i].shows_note)
        jj_form_view_attach_note (row);
      g_signal_connect (focus, "leave", G_CALLBACK (on_page_field_left), self);
      gtk_widget_add_controller (row, focus);
      if (ADW_IS_ENTRY_ROW (row))
        {
          g_signal_connect_swapped (row, "changed", G_CALLBACK (on_page_field_changed), self);
          g_signal_connect (row, "entry-activated", G_CALLBACK (on_entry_activated), NULL);
        }
    }
  g_signal_connect_swapped (self->agent_kind_row, "notify::selected",
                            G_CALLBACK (on_agent_kind_changed), self);
  g_signal_connect_swapped (self->appointment_row, "notify::enable-expansion",
                            G_CALLBACK (on_appointment_toggled), self);
  g_signal_connect_swapped (self->form_view, "changed", G_CALLBACK (_jj_intake_page_changed), self);
  jj_form_view_add_calendar (GTK_WIDGET (self->appointment_date_row));

  _jj_intake_page_init_scans (self);
  _jj_intake_page_init_residents (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.submit", FALSE);
  _jj_intake_page_apply_problems (self);
}

