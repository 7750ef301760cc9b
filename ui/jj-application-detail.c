/* jj-application-detail.c — everything recorded of one application, ID numbers masked
 *
 * The frame and the fixed facts are a template; the matters, form values, materials and scans
 * are rows generated from jj_applications_dup_detail(), the history from its outbox entries
 * (jj_outbox_list_revisions()). The masked detail is kept; a revealed one only ever lives in
 * the labels, until the page is hidden or the clerk hides it again. This file reads and acts;
 * jj-application-detail-render.c fills the page from what was read.
 *
 * An application sent back for correction (by the township reviewer or the county) shows why
 * and, to a clerk, “Correct and Resubmit”: jj_intake_reopen() makes it a draft again and
 * ::resume-draft asks the window to open it in the intake page.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "jj-application-detail-private.h"
#include "jj-applications.h"
#include "jj-outbox.h"
#include "jj-receipt-print.h"
#include "jj-review.h"

enum {
  RESUME_DRAFT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (JjApplicationDetail, jj_application_detail, GTK_TYPE_WIDGET)

/* What one read brings back: the detail and, for a masked read, the form and the history. */
typedef struct
{
  JsonObject *detail;
  JjForm     *form;
  GPtrArray  *revisions;
} LoadResult;

typedef struct
{
  JjStore   *store;
  JjIntake  *intake;
  JjSession *session;
  gint64     id;
  gboolean   reveal;
} LoadData;

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->detail, json_object_unref);
  g_clear_object (&result->form);
  g_clear_pointer (&result->revisions, g_ptr_array_unref);
  g_free (result);
}

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->intake);
  g_clear_pointer (&data->session, jj_session_unref);
  g_free (data);
}

char *
jj_application_detail_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) when = NULL;

  if (unix_seconds <= 0 || (when = g_date_time_new_from_unix_local (unix_seconds)) == NULL)
    return NULL;
  return g_date_time_format (when, "%Y-%m-%d %H:%M");
}

void
jj_application_detail_style_state_badge (GtkWidget          *badge,
                                         JjApplicationState  state)
{
  /* Adwaita's colour classes tint the badge through currentColor. */
  static const char * const colours[] = {
    [JJ_APPLICATION_DRAFT] = "dim-label",
    [JJ_APPLICATION_QUEUED] = NULL,
    [JJ_APPLICATION_SENT] = "accent",
    [JJ_APPLICATION_ACCEPTED] = "accent",
    [JJ_APPLICATION_COMPLETED] = "success",
    [JJ_APPLICATION_RETURNED] = "warning",
    [JJ_APPLICATION_REJECTED] = "error",
  };
  g_autofree char *state_class = NULL;
  const char *classes[4] = { "badge", NULL, NULL, NULL };

  g_return_if_fail (GTK_IS_WIDGET (badge));
  g_return_if_fail (state <= JJ_APPLICATION_REJECTED);

  state_class = g_strconcat ("state-", jj_application_state_to_string (state), NULL);
  classes[1] = state_class;
  classes[2] = colours[state];
  gtk_widget_set_css_classes (badge, classes);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(JsonObject) detail = NULL;
  g_autoptr(JjForm) form = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  GError *error = NULL;
  LoadResult *result;

  /* The role is checked and the reveal on record before the number leaves the store. */
  if (data->reveal)
    {
      g_autofree char *number = jj_review_reveal_id (data->store, data->session, data->id, &error);

      if (number == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  detail = jj_applications_dup_detail (data->store, data->id, data->reveal, &error);
  if (detail == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!data->reveal)
    {
      g_autoptr(JsonObject) draft = json_object_new ();
      JsonArray *codes = json_array_new ();
      JsonArray *matters = member_array (detail, "matters");

      for (guint i = 0; matters != NULL && i < json_array_get_length (matters); i++)
        {
          const char *code = member_string (object_element (matters, i), "code");
          if (code != NULL)
            json_array_add_string_element (codes, code);
        }
      json_object_set_array_member (draft, "matters", codes);
      /* Without a form (a matter withdrawn since) the values are shown under their ids. */
      form = jj_intake_dup_form (data->intake, draft, NULL);

      revisions = jj_outbox_list_revisions (data->store, data->id, &error);
      if (revisions == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  result = g_new0 (LoadResult, 1);
  result->detail = g_steal_pointer (&detail);
  result->form = g_steal_pointer (&form);
  result->revisions = g_steal_pointer (&revisions);
  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

static void
show_message (JjApplicationDetail *self,
              const char          *heading,
              const char          *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
load_ready (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  JjApplicationDetail *self = JJ_APPLICATION_DETAIL (object);
  LoadData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  LoadResult *loaded = g_task_propagate_pointer (G_TASK (result), &error);

  if (loaded == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (data->reveal)
        show_message (self, _("The ID Number Cannot Be Shown"), error->message);
      else
        {
          gtk_spinner_stop (self->spinner);
          adw_status_page_set_description (self->error_page, error->message);
          gtk_stack_set_visible_child_name (self->stack, "error");
        }
      return;
    }

  if (data->reveal)
    {
      /* Hidden while it was read: the number is not shown to whoever comes next. */
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        jj_application_detail_render (self, loaded->detail, TRUE);
    }
  else
    {
      g_clear_pointer (&self->detail, json_object_unref);
      g_clear_object (&self->form);
      g_clear_pointer (&self->revisions, g_ptr_array_unref);
      self->detail = g_steal_pointer (&loaded->detail);
      self->form = g_steal_pointer (&loaded->form);
      self->revisions = g_steal_pointer (&loaded->revisions);
      jj_application_detail_render (self, self->detail, FALSE);
      gtk_spinner_stop (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "detail");
      if (self->scroll_to_top)
        gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
      self->scroll_to_top = FALSE;
    }

  load_result_free (loaded);
}

static void
start_load (JjApplicationDetail *self,
            gboolean             reveal)
{
  GCancellable **cancellable = reveal ? &self->reveal_cancellable : &self->load_cancellable;
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  *cancellable = g_cancellable_new ();

  data = g_new0 (LoadData, 1);
  data->store = g_object_ref (self->store);
  data->intake = g_object_ref (self->intake);
  data->session = self->session != NULL ? jj_session_ref (self->session) : NULL;
  data->id = self->id;
  data->reveal = reveal;

  task = g_task_new (self, *cancellable, load_ready, NULL);
  g_task_set_source_tag (task, start_load);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

void
jj_application_detail_load (JjApplicationDetail *self,
                            JjStore             *store,
                            JjIntake            *intake,
                            gint64               id)
{
  g_return_if_fail (JJ_IS_APPLICATION_DETAIL (self));
  g_return_if_fail (id == 0 || JJ_IS_STORE (store));
  g_return_if_fail (id == 0 || JJ_IS_INTAKE (intake));

  /* Read again while in view (a reload) it keeps its place; shown anew it starts at the top. */
  self->scroll_to_top = id != self->id || !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (self->scroll_to_top)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  jj_application_detail_conceal (self);
  g_set_object (&self->store, store);
  g_set_object (&self->intake, intake);

  if (id != self->id || id == 0)
    {
      self->id = id;
      g_clear_pointer (&self->detail, json_object_unref);
      g_clear_pointer (&self->revisions, g_ptr_array_unref);
      g_clear_object (&self->form);
      jj_application_detail_clear_generated_rows (self);
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }

  if (id == 0)
    {
      g_cancellable_cancel (self->load_cancellable);
      gtk_spinner_stop (self->spinner);
      return;
    }
  start_load (self, FALSE);
}

void
jj_application_detail_set_session (JjApplicationDetail *self,
                                   JjSession           *session)
{
  g_return_if_fail (JJ_IS_APPLICATION_DETAIL (self));

  jj_application_detail_conceal (self);
  if (session != NULL)
    jj_session_ref (session);
  g_clear_pointer (&self->session, jj_session_unref);
  self->session = session;
  gtk_widget_set_visible (GTK_WIDGET (self->reveal_button),
                          jj_session_can (session, JJ_PERMISSION_REVEAL_ID));
}

gint64
jj_application_detail_get_id (JjApplicationDetail *self)
{
  g_return_val_if_fail (JJ_IS_APPLICATION_DETAIL (self), 0);
  return self->id;
}

void
jj_application_detail_conceal (JjApplicationDetail *self)
{
  g_return_if_fail (JJ_IS_APPLICATION_DETAIL (self));

  /* A reveal still being read must not land either. */
  g_cancellable_cancel (self->reveal_cancellable);
  if (self->revealed && self->detail != NULL)
    jj_application_detail_render (self, self->detail, FALSE);
  self->revealed = FALSE;
}

static void
toggle_reveal (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  JjApplicationDetail *self = JJ_APPLICATION_DETAIL (widget);

  if (self->revealed)
    jj_application_detail_conceal (self);
  else if (self->id != 0 && self->store != NULL &&
           jj_session_can (self->session, JJ_PERMISSION_REVEAL_ID))
    start_load (self, TRUE);
}

static void
print_receipt (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  JjApplicationDetail *self = JJ_APPLICATION_DETAIL (widget);

  /* Failures are told in a dialog by jj_receipt_print() itself. */
  if (self->id != 0 && self->store != NULL)
    jj_receipt_print (GTK_WINDOW (gtk_widget_get_root (widget)), self->store, self->id, NULL);
}

static void
reopen_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (jj_intake_reopen (source_object, *(gint64 *) task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
reopen_ready (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(JjApplicationDetail) self = user_data;
  gint64 id = *(gint64 *) g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.correct", TRUE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    show_message (self, _("The Application Cannot Be Corrected"), error->message);
  else
    g_signal_emit (self, signals[RESUME_DRAFT], 0, id);
}

/* The application becomes a draft again (audited) before the intake page opens it. */
static void
correct (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  JjApplicationDetail *self = JJ_APPLICATION_DETAIL (widget);
  g_autoptr(GTask) task = NULL;

  if (self->id == 0 || self->intake == NULL ||
      !jj_session_can (self->session, JJ_PERMISSION_INTAKE))
    return;
  gtk_widget_action_set_enabled (widget, "detail.correct", FALSE);
  task = g_task_new (self->intake, NULL, reopen_ready, g_object_ref (self));
  g_task_set_source_tag (task, correct);
  g_task_set_task_data (task, g_memdup2 (&self->id, sizeof self->id), g_free);
  g_task_run_in_thread (task, reopen_thread);
}

static void
jj_application_detail_unmap (GtkWidget *widget)
{
  jj_application_detail_conceal (JJ_APPLICATION_DETAIL (widget));
  GTK_WIDGET_CLASS (jj_application_detail_parent_class)->unmap (widget);
}

static void
jj_application_detail_dispose (GObject *object)
{
  JjApplicationDetail *self = JJ_APPLICATION_DETAIL (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->reveal_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->reveal_cancellable);
  g_clear_pointer (&self->generated, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), JJ_TYPE_APPLICATION_DETAIL);
  g_clear_pointer (&self->detail, json_object_unref);
  g_clear_pointer (&self->revisions, g_ptr_array_unref);
  g_clear_object (&self->form);
  g_clear_object (&self->store);
  g_clear_object (&self->intake);
  g_clear_pointer (&self->session, jj_session_unref);

  G_OBJECT_CLASS (jj_application_detail_parent_class)->dispose (object);
}

static void
jj_application_detail_class_init (JjApplicationDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jj_application_detail_dispose;
  widget_class->unmap = jj_application_detail_unmap;

  /* “Correct and Resubmit” reopened application (gint64 id) as a draft: the window opens it. */
  signals[RESUME_DRAFT] = g_signal_new ("resume-draft", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/jiujin/Jiujin/jj-application-detail.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, JjApplicationDetail, name)
  BIND (stack);
  BIND (spinner);
  BIND (error_page);
  BIND (scroller);
  BIND (title_label);
  BIND (state_badge);
  BIND (receipt_label);
  BIND (reveal_button);
  BIND (print_button);
  BIND (matters_group);
  BIND (form_group);
  BIND (materials_group);
  BIND (attachments_group);
  BIND (outbox_group);
  BIND (status_box);
  BIND (status_heading);
  BIND (status_reason_label);
  BIND (status_caption);
  BIND (correct_button);
  BIND (history_group);
  BIND (case_value);
  BIND (receipt_value);
  BIND (submitted_value);
  BIND (created_value);
  BIND (promised_value);
  BIND (appointment_value);
  BIND (bundle_value);
  BIND (name_value);
  BIND (id_number_value);
  BIND (phone_value);
  BIND (address_value);
  BIND (agent_kind_value);
  BIND (agent_name_value);
  BIND (agent_id_number_value);
  BIND (relationship_value);
  BIND (outbox_state_value);
  BIND (attempts_value);
  BIND (last_error_value);
  BIND (outbox_uuid_value);
#undef BIND

  gtk_widget_class_install_action (widget_class, "detail.toggle-reveal", NULL, toggle_reveal);
  gtk_widget_class_install_action (widget_class, "detail.print-receipt", NULL, print_receipt);
  gtk_widget_class_install_action (widget_class, "detail.correct", NULL, correct);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "detail.print-receipt", NULL);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
jj_application_detail_init (JjApplicationDetail *self)
{
  self->generated = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Until an operator with the role looks. */
  gtk_widget_set_visible (GTK_WIDGET (self->reveal_button), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.toggle-reveal", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.print-receipt", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.correct", FALSE);
}
