/* jj-intake-page-draft.c — the intake page's draft: saved, checked, submitted, discarded
 *
 * Every change rebuilds the whole draft document from the screen and saves it half a second
 * later on a worker thread (not pushed back by further typing, so a crash loses at most the
 * last second), and checks it with jj_intake_validate() on another, so the main loop never
 * waits on the disk. Saves are ordered by a generation counter in JjIntakeSaveState: an older
 * draft never overwrites a newer one, whichever thread gets there first, and nothing is saved
 * after a submit or discard.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "jj-intake-page-private.h"
#include "jj-validate.h"

#define SAVE_DELAY_MS     500
#define VALIDATE_DELAY_MS 150

static gboolean validate_timeout (gpointer      user_data);
static void     submit           (JjIntakePage *self);
static void     show_problems    (JjIntakePage *self);

/* The draft document */

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node)
             ? json_object_ref (json_node_get_object (node))
             : json_object_new ();
}

static char *
trimmed (const char *text)
{
  return g_strstrip (g_strdup (text));
}

/* Builds the whole draft from what is on screen. Every call returns a new object that shares
 * nothing, so it can be handed to a worker thread. @normalized: as a submission stores it. */
static JsonObject *
build_draft (JjIntakePage *self,
             gboolean      normalized)
{
  JsonObject *draft = parse_object (self->base_text);
  JsonObject *applicant = json_object_new ();
  JsonObject *agent = json_object_new ();
  JsonArray *attachments = json_array_new ();
  JsonNode *checklist = json_object_get_member (draft, "materials");
  guint kind = adw_combo_row_get_selected (ADW_COMBO_ROW (self->agent_kind_row));
  g_autofree char *id_number = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;
  gboolean from_records = FALSE;
  const char *typed_id = _jj_intake_page_get_id_number (self, &from_records);

  /* Drafts keep what was typed; a submission stores it normalized. */
  if (normalized)
    {
      jj_validate_id_number (typed_id, NULL, &id_number, NULL, NULL, NULL);
      jj_validate_mobile (entry_text (self->phone_row), &phone, NULL);
      name = trimmed (entry_text (self->name_row));
      address = trimmed (entry_text (self->address_row));
    }
  json_object_set_string_member (applicant, "name",
                                 name != NULL ? name : entry_text (self->name_row));
  json_object_set_string_member (applicant, "id_number",
                                 id_number != NULL ? id_number : typed_id);
  if (from_records)
    json_object_set_boolean_member (applicant, "from_records", TRUE);
  json_object_set_string_member (applicant, "phone",
                                 phone != NULL ? phone : entry_text (self->phone_row));
  json_object_set_string_member (applicant, "address",
                                 address != NULL ? address : entry_text (self->address_row));
  json_object_set_object_member (draft, "applicant", applicant);

  kind = MIN (kind, G_N_ELEMENTS (_jj_intake_page_agent_kinds) - 1);
  json_object_set_string_member (agent, "kind", _jj_intake_page_agent_kinds[kind]);
  if (kind > 0)
    {
      g_autofree char *agent_id = NULL;

      if (normalized)
        jj_validate_id_number (entry_text (self->agent_id_row), NULL, &agent_id, NULL, NULL, NULL);
      json_object_set_string_member (agent, "name", entry_text (self->agent_name_row));
      json_object_set_string_member (agent, "id_number",
                                     agent_id != NULL ? agent_id : entry_text (self->agent_id_row));
      if (g_str_equal (_jj_intake_page_agent_kinds[kind], "agent"))
        json_object_set_string_member (agent, "relationship",
                                       entry_text (self->agent_relationship_row));
    }
  json_object_set_object_member (draft, "agent", agent);

  if (adw_expander_row_get_enable_expansion (self->appointment_row))
    {
      g_autofree char *date = trimmed (entry_text (self->appointment_date_row));
      g_autofree char *time = trimmed (entry_text (self->appointment_time_row));
      g_autofree char *when = g_strdup_printf ("%sT%s", date, time);

      json_object_set_string_member (draft, "appointment", when);
    }
  else
    json_object_remove_member (draft, "appointment");

  json_object_set_object_member (draft, "values",
                                 jj_form_view_dup_values (self->form_view, normalized));

  /* The checklist keeps its order and members; only the statuses come from the screen. */
  for (guint i = 0; checklist != NULL && JSON_NODE_HOLDS_ARRAY (checklist) &&
                    i < json_array_get_length (json_node_get_array (checklist)) &&
                    i < self->material_rows->len; i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (checklist), i);

      if (JSON_NODE_HOLDS_OBJECT (item))
        json_object_set_string_member (
            json_node_get_object (item), "status",
            jj_material_row_get_status (g_ptr_array_index (self->material_rows, i)));
    }

  for (guint i = 0; i < self->scans->len; i++)
    {
      JjIntakeScan *scan = g_ptr_array_index (self->scans, i);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "sha256", scan->sha256);
      json_object_set_string_member (item, "filename", scan->filename);
      if (scan->material >= 0)
        json_object_set_int_member (item, "material", scan->material);
      json_array_add_object_element (attachments, item);
    }
  json_object_set_array_member (draft, "attachments", attachments);

  return draft;
}

/* Saving */

struct _JjIntakeSaveState
{
  GMutex  lock;
  guint64 saved_generation;   /* G_MAXUINT64 once submitted or discarded */
};

JjIntakeSaveState *
_jj_intake_save_state_new (void)
{
  JjIntakeSaveState *state = g_atomic_rc_box_new0 (JjIntakeSaveState);

  g_mutex_init (&state->lock);
  return state;
}

static void
save_state_clear (gpointer data)
{
  g_mutex_clear (&((JjIntakeSaveState *) data)->lock);
}

void
_jj_intake_save_state_unref (JjIntakeSaveState *state)
{
  g_atomic_rc_box_release_full (state, save_state_clear);
}

static guint64
get_saved_generation (JjIntakeSaveState *state)
{
  guint64 saved;

  g_mutex_lock (&state->lock);
  saved = state->saved_generation;
  g_mutex_unlock (&state->lock);
  return saved;
}

static void
set_saved_generation (JjIntakeSaveState *state,
                      guint64            generation)
{
  g_mutex_lock (&state->lock);
  state->saved_generation = generation;
  g_mutex_unlock (&state->lock);
}

void
_jj_intake_page_mark_saved (JjIntakePage *self)
{
  set_saved_generation (self->save_state, self->generation);
}

/* A draft to write (or submit, or discard) on a worker thread; shares nothing with the page. */
typedef struct
{
  JjIntakeSaveState *state;
  JjIntake          *intake;
  gint64             id;
  JsonObject        *draft;
  guint64            generation;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_pointer (&data->state, _jj_intake_save_state_unref);
  g_clear_object (&data->intake);
  g_clear_pointer (&data->draft, json_object_unref);
  g_free (data);
}

static SaveData *
save_data_new (JjIntakePage *self,
               gboolean      with_draft,
               gboolean      normalized)
{
  SaveData *data = g_new0 (SaveData, 1);

  data->state = g_atomic_rc_box_acquire (self->save_state);
  data->intake = g_object_ref (self->intake);
  data->id = self->draft_id;
  data->draft = with_draft ? build_draft (self, normalized) : NULL;
  data->generation = self->generation;
  return data;
}

/* Writes @data unless a newer draft was written already. Any thread. */
static gboolean
save_locked (SaveData  *data,
             GError   **error)
{
  gboolean ok = TRUE;

  g_mutex_lock (&data->state->lock);
  if (data->generation > data->state->saved_generation)
    {
      ok = jj_intake_save_draft (data->intake, data->id, data->draft, error);
      if (ok)
        data->state->saved_generation = data->generation;
    }
  g_mutex_unlock (&data->state->lock);

  return ok;
}

void
_jj_intake_page_update_save_label (JjIntakePage *self)
{
  if (self->save_failed)
    gtk_label_set_text (self->save_label, _("Not saved"));
  else if (get_saved_generation (self->save_state) >= self->generation)
    gtk_label_set_text (self->save_label, _("Saved"));
  else
    gtk_label_set_text (self->save_label, _("Saving…"));

  if (self->save_failed)
    gtk_widget_add_css_class (GTK_WIDGET (self->save_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->save_label), "error");
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (save_locked (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean save_timeout (gpointer user_data);

static void
save_ready (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(JjIntakePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->disposed)
    return;
  self->saving = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* After a submit or discard there is nothing left to save. */
      if (self->loaded && !self->busy)
        {
          g_autofree char *message
              = g_strdup_printf (_("The draft could not be saved: %s"), error->message);

          self->save_failed = TRUE;
          _jj_intake_page_show_banner (self, message);
        }
    }
  else
    self->save_failed = FALSE;

  if (self->loaded && !self->busy && self->generation > self->saving_generation &&
      self->save_source == 0)
    self->save_source = g_timeout_add (SAVE_DELAY_MS, save_timeout, self);
  _jj_intake_page_update_save_label (self);
}

static gboolean
save_timeout (gpointer user_data)
{
  JjIntakePage *self = user_data;
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  self->save_source = 0;
  if (self->saving || !self->loaded || self->busy)
    return G_SOURCE_REMOVE;

  data = save_data_new (self, TRUE, FALSE);
  self->saving = TRUE;
  self->saving_generation = data->generation;
  task = g_task_new (NULL, NULL, save_ready, g_object_ref (self));
  g_task_set_source_tag (task, save_timeout);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
  return G_SOURCE_REMOVE;
}

void
jj_intake_page_flush (JjIntakePage *self)
{
  g_autoptr(GError) error = NULL;
  SaveData *data;

  g_return_if_fail (JJ_IS_INTAKE_PAGE (self));

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (!self->loaded || self->busy || get_saved_generation (self->save_state) >= self->generation)
    return;

  /* The one place the main loop waits on the disk: the window is going away. */
  data = save_data_new (self, TRUE, FALSE);
  if (!save_locked (data, &error))
    {
      g_warning ("Could not save draft %" G_GINT64_FORMAT ": %s", self->draft_id, error->message);
      self->save_failed = TRUE;
    }
  save_data_free (data);
  _jj_intake_page_update_save_label (self);
}

void
jj_intake_page_close (JjIntakePage *self)
{
  g_return_if_fail (JJ_IS_INTAKE_PAGE (self));

  jj_intake_page_flush (self);
  g_signal_emit (self, _jj_intake_page_signals[JJ_INTAKE_PAGE_CLOSED], 0);
}

/* Validation */

static GtkWidget *
widget_for_problem (JjIntakePage *self,
                    const char   *path)
{
  for (guint i = 0; i < _jj_intake_page_n_fields; i++)
    if (g_str_equal (path, _jj_intake_page_fields[i].path))
      return JJ_INTAKE_PAGE_FIELD_ROW (self, i);

  if (g_str_has_prefix (path, "values."))
    return jj_form_view_get_field_row (self->form_view, path + strlen ("values."));

  if (g_str_has_prefix (path, "materials."))
    {
      guint64 position;

      if (g_ascii_string_to_unsigned (path + strlen ("materials."), 10, 0, G_MAXUINT, &position,
                                      NULL)
          && position < self->material_rows->len)
        return g_ptr_array_index (self->material_rows, position);
    }

  if (g_str_has_prefix (path, "attachments."))
    {
      guint64 index;

      if (g_ascii_string_to_unsigned (path + strlen ("attachments."), 10, 0, G_MAXUINT, &index,
                                      NULL)
          && index < self->scans->len)
        {
          JjIntakeScan *scan = g_ptr_array_index (self->scans, index);

          if (scan->material >= 0 && (guint) scan->material < self->material_rows->len)
            return g_ptr_array_index (self->material_rows, scan->material);
          return GTK_WIDGET (self->other_row);
        }
    }

  return NULL;
}

static gboolean
page_field_shows (JjIntakePage *self,
                  guint         i)
{
  const char *path = _jj_intake_page_fields[i].path;

  /* An ID number is judged as soon as all 18 characters are there. */
  return self->show_all || g_hash_table_contains (self->touched, path)
         || (g_str_has_suffix (path, "id_number")
             && g_utf8_strlen (
                    gtk_editable_get_text (GTK_EDITABLE (JJ_INTAKE_PAGE_FIELD_ROW (self, i))), -1)
                    >= 18);
}

void
_jj_intake_page_apply_problems (JjIntakePage *self)
{
  guint n = g_hash_table_size (self->problems);
  g_autofree char *count = NULL;
  g_autofree char *tooltip = NULL;

  for (guint i = 0; i < _jj_intake_page_n_fields; i++)
    {
      const char *message = g_hash_table_lookup (self->problems, _jj_intake_page_fields[i].path);

      if (!_jj_intake_page_fields[i].shows_note)
        continue;
      jj_form_view_set_note (JJ_INTAKE_PAGE_FIELD_ROW (self, i),
                             page_field_shows (self, i) ? message : NULL, NULL);
    }

  for (guint i = 0; i < self->material_rows->len; i++)
    {
      JjMaterialRow *row = g_ptr_array_index (self->material_rows, i);
      g_autofree char *path = g_strdup_printf ("materials.%u", i);

      jj_material_row_set_message (row, self->show_all ? g_hash_table_lookup (self->problems, path)
                                                       : NULL);
    }

  for (guint i = 0; i < self->scans->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("attachments.%u", i);
      const char *message = g_hash_table_lookup (self->problems, path);
      GtkWidget *row = widget_for_problem (self, path);

      if (message != NULL && row != NULL)
        jj_material_row_set_message (JJ_MATERIAL_ROW (row), message);
    }

  if (self->show_all && g_hash_table_contains (self->problems, "matters"))
    _jj_intake_page_show_banner (self, g_hash_table_lookup (self->problems, "matters"));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.submit",
                                 n == 0 && self->loaded && !self->busy);
  if (n == 0)
    tooltip = g_strdup (_("Submit the application (Ctrl+Enter)"));
  else
    tooltip = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%u problem remains before the application can be submitted",
                     "%u problems remain before the application can be submitted", n),
        n);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->submit_button), tooltip);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->submit_bottom_button), tooltip);

  /* Translators: a button in the action bar that shows the first of them */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u problem", "%u problems", n), n);
  gtk_button_set_label (self->problems_button, count);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_button), n > 0);
}

typedef struct
{
  JjIntake   *intake;
  JsonObject *draft;
  guint64     generation;
} ValidateData;

static void
validate_data_free (ValidateData *data)
{
  g_clear_object (&data->intake);
  g_clear_pointer (&data->draft, json_object_unref);
  g_free (data);
}

static void
validate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ValidateData *data = task_data;
  GError *error = NULL;
  GHashTable *problems = jj_intake_validate (data->intake, data->draft, NULL, &error);

  if (problems == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, problems, (GDestroyNotify) g_hash_table_unref);
}

static void
validate_ready (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(JjIntakePage) self = user_data;
  ValidateData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  GHashTable *problems = g_task_propagate_pointer (G_TASK (result), &error);

  if (problems == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _jj_intake_page_show_banner (self, error->message);
      return;
    }

  /* A newer check is on its way: this one is about a draft that no longer is. */
  if (data->generation != self->generation || !self->loaded)
    {
      g_hash_table_unref (problems);
      return;
    }

  g_clear_pointer (&self->problems, g_hash_table_unref);
  self->problems = problems;
  self->validated_generation = data->generation;
  _jj_intake_page_apply_problems (self);

  if (self->pending == JJ_INTAKE_PENDING_SUBMIT)
    {
      self->pending = JJ_INTAKE_PENDING_NONE;
      submit (self);
    }
  else if (self->pending == JJ_INTAKE_PENDING_SHOW_PROBLEMS)
    {
      self->pending = JJ_INTAKE_PENDING_NONE;
      show_problems (self);
    }
}

/* Whether self->problems is about the draft on screen; otherwise checks it now and lets
 * validate_ready() carry out @action. */
static gboolean
problems_are_current (JjIntakePage  *self,
                      JjIntakePending  action)
{
  if (self->validated_generation == self->generation && self->validate_source == 0)
    return TRUE;

  self->pending = action;
  if (self->validate_source != 0)
    {
      g_clear_handle_id (&self->validate_source, g_source_remove);
      validate_timeout (self);
    }
  return FALSE;
}

static gboolean
validate_timeout (gpointer user_data)
{
  JjIntakePage *self = user_data;
  g_autoptr(GTask) task = NULL;
  ValidateData *data;

  self->validate_source = 0;
  if (!self->loaded)
    return G_SOURCE_REMOVE;

  data = g_new0 (ValidateData, 1);
  data->intake = g_object_ref (self->intake);
  data->draft = build_draft (self, FALSE);
  data->generation = self->generation;
  task = g_task_new (NULL, self->cancellable, validate_ready, g_object_ref (self));
  g_task_set_source_tag (task, validate_timeout);
  g_task_set_task_data (task, data, (GDestroyNotify) validate_data_free);
  g_task_run_in_thread (task, validate_thread);
  return G_SOURCE_REMOVE;
}

void
_jj_intake_page_check_now (JjIntakePage *self)
{
  g_clear_handle_id (&self->validate_source, g_source_remove);
  validate_timeout (self);
}

void
_jj_intake_page_changed (JjIntakePage *self)
{
  if (self->populating || !self->loaded || self->busy)
    return;

  self->generation++;
  /* Not pushed back by further typing: a crash loses at most the last second. */
  if (self->save_source == 0 && !self->saving)
    self->save_source = g_timeout_add (SAVE_DELAY_MS, save_timeout, self);

  g_clear_handle_id (&self->validate_source, g_source_remove);
  self->validate_source = g_timeout_add (VALIDATE_DELAY_MS, validate_timeout, self);
  _jj_intake_page_update_save_label (self);
}

/* Submitting, discarding, closing */

static void
set_busy (JjIntakePage *self,
          gboolean      busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->scroller), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.discard", !busy);
  if (busy)
    g_clear_handle_id (&self->save_source, g_source_remove);
  _jj_intake_page_apply_problems (self);
}

static void
submit_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;
  JjSubmission *submission;

  /* Ordered with the saves: none of them may land after the submission. */
  g_mutex_lock (&data->state->lock);
  submission = jj_intake_submit (data->intake, data->id, data->draft, NULL, &error);
  if (submission != NULL)
    data->state->saved_generation = G_MAXUINT64;
  g_mutex_unlock (&data->state->lock);

  if (submission != NULL)
    g_task_return_pointer (task, submission, (GDestroyNotify) jj_submission_free);
  else
    g_task_return_error (task, error);
}

static void
submit_ready (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(JjIntakePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JjSubmission) submission = g_task_propagate_pointer (G_TASK (result), &error);

  if (self->disposed)
    return;
  if (submission == NULL)
    {
      set_busy (self, FALSE);
      _jj_intake_page_update_save_label (self);
      _jj_intake_page_show_banner (self, error->message);
      _jj_intake_page_changed (self);
      return;
    }

  self->loaded = FALSE;
  gtk_label_set_text (self->save_label, _("Submitted"));
  g_signal_emit (self, _jj_intake_page_signals[JJ_INTAKE_PAGE_SUBMITTED], 0,
                 submission->application_id, submission->receipt_number);
}

/* Submits when the draft on screen has no problems; otherwise shows the first. */
static void
submit (JjIntakePage *self)
{
  g_autoptr(GTask) task = NULL;

  if (!self->loaded || self->busy || !problems_are_current (self, JJ_INTAKE_PENDING_SUBMIT))
    return;
  if (g_hash_table_size (self->problems) > 0)
    {
      show_problems (self);
      return;
    }

  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
  task = g_task_new (NULL, NULL, submit_ready, g_object_ref (self));
  g_task_set_task_data (task, save_data_new (self, TRUE, TRUE), (GDestroyNotify) save_data_free);
  set_busy (self, TRUE);
  gtk_label_set_text (self->save_label, _("Submitting…"));
  g_task_run_in_thread (task, submit_thread);
}

static void
submit_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  submit (JJ_INTAKE_PAGE (widget));
}

static void
show_problems (JjIntakePage *self)
{
  GtkWidget *first = NULL;

  if (!problems_are_current (self, JJ_INTAKE_PENDING_SHOW_PROBLEMS))
    return;

  self->show_all = TRUE;
  jj_form_view_show_all_problems (self->form_view);
  _jj_intake_page_apply_problems (self);

  /* The first problem in the order of the page. */
  for (guint i = 0; first == NULL && i < _jj_intake_page_n_fields; i++)
    if (g_hash_table_contains (self->problems, _jj_intake_page_fields[i].path))
      first = JJ_INTAKE_PAGE_FIELD_ROW (self, i);
  for (guint i = 0; first == NULL && i < jj_form_view_get_n_fields (self->form_view); i++)
    {
      const char *id = jj_form_view_get_field_id (self->form_view, i);
      g_autofree char *path = g_strconcat ("values.", id, NULL);

      if (g_hash_table_contains (self->problems, path))
        first = jj_form_view_get_field_row (self->form_view, id);
    }
  for (guint i = 0; first == NULL && i < self->material_rows->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("materials.%u", i);

      if (g_hash_table_contains (self->problems, path))
        first = g_ptr_array_index (self->material_rows, i);
    }

  if (first != NULL && !gtk_widget_child_focus (first, GTK_DIR_TAB_FORWARD))
    gtk_widget_grab_focus (first);
}

static void
show_problems_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  show_problems (JJ_INTAKE_PAGE (widget));
}

static void
discard_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;
  gboolean ok;

  g_mutex_lock (&data->state->lock);
  ok = jj_intake_discard_draft (data->intake, data->id, &error);
  if (ok)
    data->state->saved_generation = G_MAXUINT64;
  g_mutex_unlock (&data->state->lock);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
discard_ready (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(JjIntakePage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (self->disposed)
    return;
  if (!ok)
    {
      set_busy (self, FALSE);
      _jj_intake_page_show_banner (self, error->message);
      return;
    }

  self->loaded = FALSE;
  g_signal_emit (self, _jj_intake_page_signals[JJ_INTAKE_PAGE_CLOSED], 0);
}

static void
on_discard_response (AdwMessageDialog *dialog,
                     const char       *response,
                     JjIntakePage     *self)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  if (!g_str_equal (response, "discard") || !self->loaded || self->busy)
    return;

  data = save_data_new (self, FALSE, FALSE);
  set_busy (self, TRUE);
  task = g_task_new (NULL, NULL, discard_ready, g_object_ref (self));
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, discard_thread);
}

static void
discard_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  /* A correction loses only the changes: jj_intake_discard_draft() returns it as submitted,
   * sent back or as the county has decided it since. */
  if (JJ_INTAKE_PAGE (widget)->is_correction)
    dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                     _("Discard these corrections?"),
                                     _("The changes made here are lost; the application stays "
                                       "as it was last submitted."));
  else
    dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                     _("Discard this draft?"),
                                     _("What was entered will be lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Draft"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response), widget, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Ctrl+Enter: submit when nothing is wrong, otherwise go to what is. */
static gboolean
submit_shortcut (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  submit (JJ_INTAKE_PAGE (widget));
  return TRUE;
}


void
_jj_intake_page_class_init_draft (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "intake.submit", NULL, submit_activated);
  gtk_widget_class_install_action (widget_class, "intake.show-problems", NULL,
                                   show_problems_activated);
  gtk_widget_class_install_action (widget_class, "intake.discard", NULL, discard_activated);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, submit_shortcut,
                                NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, submit_shortcut,
                                NULL);
}
