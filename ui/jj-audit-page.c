/* jj-audit-page.c — the audit log (审计日志) for technicians: read, filter, verify, export
 *
 * Rows are read newest first, a page at a time, off the main loop. Verifying walks the whole
 * chain in a worker thread and says either that it is intact or which row is the first whose
 * link is broken and why; the page never repairs anything.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <inttypes.h>

#include "jj-application-detail.h"
#include "jj-audit-page.h"
#include "jj-audit.h"
#include "jj-export-chooser.h"

#define PAGE_SIZE 200

/* The actions the filter offers, in the order people think of them. */
static const char * const actions[] = {
  JJ_AUDIT_LOGIN, JJ_AUDIT_LOGOUT, JJ_AUDIT_LOGIN_FAILED, JJ_AUDIT_LOCK, JJ_AUDIT_SUBMIT,
  JJ_AUDIT_REVEAL_ID, JJ_AUDIT_QUEUE_RETRY, JJ_AUDIT_QUEUE_HOLD, JJ_AUDIT_QUEUE_RELEASE,
  JJ_AUDIT_QUEUE_SEND_BACK, JJ_AUDIT_EXPORT, JJ_AUDIT_SETTINGS_CHANGE, JJ_AUDIT_OPERATOR_ADD,
  JJ_AUDIT_OPERATOR_DISABLE, JJ_AUDIT_OPERATOR_ENABLE, JJ_AUDIT_OPERATOR_RESET_PIN,
  JJ_AUDIT_OPERATOR_ROLE,
};

/* A row of the log as an item of the list model. */
#define JJ_TYPE_AUDIT_ITEM (jj_audit_item_get_type ())
G_DECLARE_FINAL_TYPE (JjAuditItem, jj_audit_item, JJ, AUDIT_ITEM, GObject)

struct _JjAuditItem
{
  GObject       parent_instance;
  JjAuditEntry *entry;
};

G_DEFINE_FINAL_TYPE (JjAuditItem, jj_audit_item, G_TYPE_OBJECT)

static void
jj_audit_item_finalize (GObject *object)
{
  g_clear_pointer (&JJ_AUDIT_ITEM (object)->entry, jj_audit_entry_free);
  G_OBJECT_CLASS (jj_audit_item_parent_class)->finalize (object);
}

static void
jj_audit_item_class_init (JjAuditItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jj_audit_item_finalize;
}

static void
jj_audit_item_init (JjAuditItem *self)
{
}

struct _JjAuditPage
{
  GtkWidget        parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkDropDown     *action_drop_down;
  GtkLabel        *count_label;
  GtkRevealer     *verify_revealer;
  GtkBox          *verify_box;
  GtkImage        *verify_icon;
  GtkLabel        *verify_label;
  GtkColumnView   *column_view;
  GtkWidget       *more_button;

  JjStore         *store;
  JjSession       *session;
  GListStore      *rows;
  gint64           total;
  GCancellable    *cancellable;
  GtkNativeDialog *chooser;
};

G_DEFINE_FINAL_TYPE (JjAuditPage, jj_audit_page, GTK_TYPE_WIDGET)

static void
show_toast (JjAuditPage *self,
            const char  *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The action the filter chose, or NULL for all. */
static const char *
chosen_action (JjAuditPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->action_drop_down);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > G_N_ELEMENTS (actions))
    return NULL;
  return actions[selected - 1];
}

/* Reading a page of rows. */

typedef struct
{
  char   *action;
  guint   offset;
} ReadData;

typedef struct
{
  GPtrArray *entries;
  gint64     total;
} ReadResult;

static void
read_data_free (ReadData *data)
{
  g_free (data->action);
  g_free (data);
}

static void
read_result_free (ReadResult *result)
{
  g_clear_pointer (&result->entries, g_ptr_array_unref);
  g_free (result);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadData *data = task_data;
  ReadResult *result = g_new0 (ReadResult, 1);
  GError *error = NULL;

  result->entries = jj_audit_list (source_object, 0, 0, data->action, PAGE_SIZE, data->offset,
                                   &error);
  if (result->entries != NULL)
    result->total = jj_audit_count (source_object, 0, 0, data->action, &error);
  if (result->entries == NULL || result->total < 0)
    {
      read_result_free (result);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) read_result_free);
}

static void
read_ready (GObject      *object,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr(JjAuditPage) self = user_data;
  ReadData *data = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  ReadResult *result;

  result = g_task_propagate_pointer (G_TASK (res), &error);
  if (result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }

  if (data->offset == 0)
    g_list_store_remove_all (self->rows);
  for (guint i = 0; i < result->entries->len; i++)
    {
      JjAuditItem *item = g_object_new (JJ_TYPE_AUDIT_ITEM, NULL);

      item->entry = g_ptr_array_steal_index (result->entries, i--);
      g_list_store_append (self->rows, item);
      g_object_unref (item);
    }
  self->total = result->total;
  read_result_free (result);

  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " row",
                                          "%" PRId64 " rows", self->total),
                             self->total);
  gtk_label_set_text (self->count_label, summary);
  gtk_widget_set_visible (self->more_button,
                          g_list_model_get_n_items (G_LIST_MODEL (self->rows)) < self->total);
}

static void
read_rows (JjAuditPage *self,
           guint        offset)
{
  g_autoptr(GTask) task = NULL;
  ReadData *data = g_new0 (ReadData, 1);

  if (offset == 0)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
  data->action = g_strdup (chosen_action (self));
  data->offset = offset;
  task = g_task_new (self->store, self->cancellable, read_ready, g_object_ref (self));
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);
  g_task_run_in_thread (task, read_thread);
}

static void
on_filter_changed (JjAuditPage *self)
{
  if (self->store != NULL)
    read_rows (self, 0);
}

static void
more_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  JjAuditPage *self = JJ_AUDIT_PAGE (widget);

  read_rows (self, g_list_model_get_n_items (G_LIST_MODEL (self->rows)));
}

/* The cells. */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (list_item, label);
}

static JjAuditEntry *
item_entry (GtkListItem *list_item)
{
  return JJ_AUDIT_ITEM (gtk_list_item_get_item (list_item))->entry;
}

static void
set_cell (GtkListItem *list_item,
          const char  *text,
          gboolean     with_tooltip)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);

  gtk_label_set_text (GTK_LABEL (label), text != NULL && text[0] != '\0' ? text : "—");
  gtk_widget_set_tooltip_text (label, with_tooltip ? text : NULL);
}

static void
bind_time_cell (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  g_autofree char *time = jj_application_detail_format_time (item_entry (list_item)->at);

  set_cell (list_item, time, FALSE);
}

static void
bind_operator_cell (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  JjAuditEntry *entry = item_entry (list_item);
  g_autofree char *text = NULL;
  JjRole role;

  if (entry->operator_login[0] != '\0' && jj_role_from_string (entry->operator_role, &role))
    text = g_strdup_printf ("%s (%s)", entry->operator_login, jj_role_get_display_name (role));
  else
    text = g_strdup (entry->operator_login);
  set_cell (list_item, text, FALSE);
}

static void
bind_action_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  set_cell (list_item, jj_audit_action_display_name (item_entry (list_item)->action), FALSE);
}

static void
bind_subject_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  set_cell (list_item, item_entry (list_item)->subject, TRUE);
}

static void
bind_detail_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  set_cell (list_item, item_entry (list_item)->detail, TRUE);
}

/* Verifying. */

typedef struct
{
  gint64       first_broken_id;
  JjAuditBreak kind;
  gint64       n_rows;
} VerifyResult;

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VerifyResult *result = g_new0 (VerifyResult, 1);
  GError *error = NULL;

  if (!jj_audit_verify (source_object, &result->first_broken_id, &result->kind, &result->n_rows,
                        NULL, &error))
    {
      g_free (result);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, result, g_free);
}

static void
show_verdict (JjAuditPage *self,
              gboolean     intact,
              const char  *text)
{
  gtk_image_set_from_icon_name (self->verify_icon, intact ? "emblem-ok-symbolic"
                                                          : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->verify_box), intact ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->verify_box), intact ? "success" : "error");
  gtk_label_set_text (self->verify_label, text);
  gtk_revealer_set_reveal_child (self->verify_revealer, TRUE);
}

static void
verify_ready (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(JjAuditPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree VerifyResult *result = NULL;
  g_autofree char *text = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.verify", TRUE);
  result = g_task_propagate_pointer (G_TASK (res), &error);
  if (result == NULL)
    {
      text = g_strdup_printf (_("The audit log cannot be read: %s"), error->message);
      show_verdict (self, FALSE, text);
      return;
    }

  if (result->kind == JJ_AUDIT_BREAK_NONE)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Intact: %" PRId64 " row, each linked to the "
                                         "one before it.",
                                         "Intact: %" PRId64 " rows, each linked to the "
                                         "one before it.", result->n_rows),
                            result->n_rows);
  else
    /* Translators: %s says why (changed, missing rows, out of order) */
    text = g_strdup_printf (_("Broken at row %" PRId64 ": %s Rows from there on cannot "
                              "be trusted; keep this computer as it is and call the county’s "
                              "technician."),
                            result->first_broken_id, jj_audit_break_describe (result->kind));
  show_verdict (self, result->kind == JJ_AUDIT_BREAK_NONE, text);
}

static void
verify_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  JjAuditPage *self = JJ_AUDIT_PAGE (widget);
  g_autoptr(GTask) task = g_task_new (self->store, NULL, verify_ready, g_object_ref (self));

  gtk_widget_action_set_enabled (widget, "audit.verify", FALSE);
  g_task_run_in_thread (task, verify_thread);
}

/* Exporting: jj_audit_export_csv() checks the role and audits the export itself. */

typedef struct
{
  JjSession *session;
  char      *action;
  char      *path;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_pointer (&data->session, jj_session_unref);
  g_free (data->action);
  g_free (data->path);
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  GError *error = NULL;
  gint64 n = jj_audit_export_csv (source_object, data->session, 0, 0, data->action, data->path,
                                  &error);

  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

static void
export_ready (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(JjAuditPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gint64 n = g_task_propagate_int (G_TASK (res), &error);

  if (error != NULL)
    message = g_strdup_printf (_("The audit log could not be saved: %s"), error->message);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " row saved",
                                            "%" PRId64 " rows saved", n),
                               n);
  show_toast (self, message);
  /* The export is a row of its own now. */
  read_rows (self, 0);
}

static void
on_export_file (GFile    *file,
                gpointer  user_data)
{
  JjAuditPage *self = user_data;
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  if (file == NULL || g_file_peek_path (file) == NULL)
    return;

  data = g_new0 (ExportData, 1);
  data->session = jj_session_ref (self->session);
  data->action = g_strdup (chosen_action (self));
  data->path = g_file_get_path (file);
  task = g_task_new (self->store, NULL, export_ready, g_object_ref (self));
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  jj_export_chooser_show (widget, &JJ_AUDIT_PAGE (widget)->chooser, _("Export the Audit Log"),
                          "jiujin-audit-%Y%m%d.csv", on_export_file, widget);
}

static void
jj_audit_page_dispose (GObject *object)
{
  JjAuditPage *self = JJ_AUDIT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  jj_export_chooser_dismiss (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (object), JJ_TYPE_AUDIT_PAGE);
  g_clear_object (&self->rows);
  g_clear_object (&self->store);
  g_clear_pointer (&self->session, jj_session_unref);

  G_OBJECT_CLASS (jj_audit_page_parent_class)->dispose (object);
}

static void
jj_audit_page_class_init (JjAuditPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = jj_audit_page_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/jiujin/Jiujin/jj-audit-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, JjAuditPage, name)
  BIND (toast_overlay);
  BIND (action_drop_down);
  BIND (count_label);
  BIND (verify_revealer);
  BIND (verify_box);
  BIND (verify_icon);
  BIND (verify_label);
  BIND (column_view);
  BIND (more_button);
#undef BIND
#define CALLBACK(name) gtk_widget_class_bind_template_callback (widget_class, name)
  CALLBACK (on_filter_changed);
  CALLBACK (setup_cell);
  CALLBACK (bind_time_cell);
  CALLBACK (bind_operator_cell);
  CALLBACK (bind_action_cell);
  CALLBACK (bind_subject_cell);
  CALLBACK (bind_detail_cell);
#undef CALLBACK

  gtk_widget_class_install_action (widget_class, "audit.verify", NULL, verify_activated);
  gtk_widget_class_install_action (widget_class, "audit.export", NULL, export_activated);
  gtk_widget_class_install_action (widget_class, "audit.more", NULL, more_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "audit.export", NULL);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
jj_audit_page_init (JjAuditPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkSelectionModel *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (names, _("All Actions"));
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_string_list_append (names, jj_audit_action_display_name (actions[i]));
  gtk_drop_down_set_model (self->action_drop_down, G_LIST_MODEL (names));

  self->rows = g_list_store_new (JJ_TYPE_AUDIT_ITEM);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->rows))));
  gtk_column_view_set_model (self->column_view, selection);
  g_object_unref (selection);
  gtk_widget_set_visible (self->more_button, FALSE);
}

GtkWidget *
jj_audit_page_new (JjStore   *store,
                   JjSession *session)
{
  JjAuditPage *self;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);
  g_return_val_if_fail (session != NULL, NULL);

  self = g_object_new (JJ_TYPE_AUDIT_PAGE, NULL);
  self->store = g_object_ref (store);
  self->session = jj_session_ref (session);
  read_rows (self, 0);
  return GTK_WIDGET (self);
}

void
jj_audit_page_reload (JjAuditPage *self)
{
  g_return_if_fail (JJ_IS_AUDIT_PAGE (self));
  read_rows (self, 0);
}
