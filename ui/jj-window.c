/* jj-window.c — the main window: catalogue and guides
 *
 * What the operator's role allows — the review pages, the header bar's operator menu, the
 * idle lock — is in jj-window-session.c.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "jj-matter-row.h"
#include "jj-receipt-print.h"
#include "jj-window-private.h"


enum {
  PROP_0,
  PROP_LEVEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (JjWindow, jj_window, ADW_TYPE_APPLICATION_WINDOW)

static int
level_from_nick (const char *nick)
{
  JjLevel level;

  return jj_level_from_string (nick, &level) ? (int) level : JJ_LEVEL_ANY;
}

static GtkWidget *
category_row_new (const char *id,
                  const char *name,
                  guint       n_matters)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (name);
  g_autofree char *count_text = g_strdup_printf ("%u", n_matters);
  GtkWidget *count = gtk_label_new (count_text);
  g_autofree char *accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u matter",
                                                              "%s, %u matters", n_matters),
                                                 name, n_matters);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (row), "category-id", g_strdup (id), g_free);

  return row;
}

static void
show_toast (JjWindow   *self,
            const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Lists the categories for the current level; keeps the selected one when it still has
 * matters, otherwise falls back to “all”. */
static void
fill_categories (JjWindow *self)
{
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *select = NULL;
  GtkWidget *child;
  guint total = 0;

  categories = jj_catalog_list_categories (self->catalog, self->level, &error);
  if (categories == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  self->filling_categories = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->category_list))) != NULL)
    gtk_list_box_remove (self->category_list, child);

  for (guint i = 0; i < categories->len; i++)
    total += ((JjCategory *) g_ptr_array_index (categories, i))->n_matters;

  gtk_list_box_append (self->category_list, category_row_new (NULL, _("All Categories"), total));
  select = gtk_list_box_get_row_at_index (self->category_list, 0);

  for (guint i = 0; i < categories->len; i++)
    {
      const JjCategory *category = g_ptr_array_index (categories, i);
      GtkWidget *row = category_row_new (category->id, category->name, category->n_matters);

      gtk_list_box_append (self->category_list, row);
      if (g_strcmp0 (category->id, self->category_id) == 0)
        select = GTK_LIST_BOX_ROW (row);
    }

  gtk_list_box_select_row (self->category_list, select);
  g_free (self->category_id);
  self->category_id = g_strdup (g_object_get_data (G_OBJECT (select), "category-id"));
  self->filling_categories = FALSE;
}

static void
query_ready (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(JjWindow) self = user_data;
  g_autoptr(GListModel) matters = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  const char *text;
  guint n;

  matters = jj_catalog_query_finish (JJ_CATALOG (object), result, &error);
  if (matters == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }

  n = g_list_model_get_n_items (matters);
  text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  if (text[0] != '\0')
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u matter matches “%s”",
                                            "%u matters match “%s”", n),
                               n, text);
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u matter", "%u matters", n), n);

  gtk_label_set_text (self->results_label, summary);
  gtk_list_view_set_model (self->matter_list,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_steal_pointer (&matters))));
  gtk_stack_set_visible_child_name (self->results_stack, n > 0 ? "list" : "empty");
}

static void
refresh_matters (JjWindow *self)
{
  JjMatterQuery query = {
    .text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
    .level = self->level,
    .category_id = self->category_id,
  };

  if (self->catalog == NULL)
    return;

  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  self->query_cancellable = g_cancellable_new ();

  jj_catalog_query_async (self->catalog, &query, self->query_cancellable, query_ready,
                          g_object_ref (self));
}

static void
on_search_changed (JjWindow *self)
{
  refresh_matters (self);
}

/* Down from the search entry moves into the results, as in GNOME Settings' search. */
static gboolean
on_search_key_pressed (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       JjWindow              *self)
{
  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return GDK_EVENT_PROPAGATE;

  return gtk_widget_child_focus (GTK_WIDGET (self->matter_list), GTK_DIR_TAB_FORWARD);
}

static void
on_stop_search (JjWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_category_selected (JjWindow      *self,
                      GtkListBoxRow *row)
{
  if (self->filling_categories || row == NULL)
    return;

  g_free (self->category_id);
  self->category_id = g_strdup (g_object_get_data (G_OBJECT (row), "category-id"));
  refresh_matters (self);
}

static void
record_view_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (!jj_catalog_record_view (source_object, task_data, &error))
    g_warning ("Could not remember the opened guide: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

static void show_catalog (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter);

/* One way back at a time: an application's detail has its own, back to the list of
 * applications, and from there this one leads to the catalogue. */
void
jj_window_update_back_button (JjWindow *self)
{
  const char *shown = gtk_stack_get_visible_child_name (self->main_stack);
  gboolean in_detail = g_strcmp0 (shown, "applications") == 0 &&
                       jj_applications_page_get_showing_detail (self->applications_page);

  gtk_widget_set_visible (GTK_WIDGET (self->back_button),
                          g_strcmp0 (shown, "catalog") != 0 && !in_detail);
}

void
jj_window_show_page (JjWindow   *self,
                     const char *name,
                     const char *title,
                     const char *subtitle)
{
  adw_window_title_set_title (self->guide_title, title);
  adw_window_title_set_subtitle (self->guide_title, subtitle);
  gtk_stack_set_visible_child_name (self->title_stack, "guide");
  gtk_stack_set_visible_child_name (self->main_stack, name);
  jj_window_update_back_button (self);
  gtk_widget_set_visible (GTK_WIDGET (self->level_box), FALSE);
  jj_window_update_nav_buttons (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-catalog", TRUE);
}

static void
open_draft (JjWindow *self,
            gint64    id)
{
  jj_intake_page_open (self->intake_page, self->intake, jj_catalog_get_store (self->catalog), id);
  jj_window_show_page (self, "intake", _("Application"), NULL);
}

static void
on_intake_submitted (JjWindow   *self,
                     gint64      id,
                     const char *receipt_number)
{
  g_autofree char *message = g_strdup_printf (_("Submitted and kept on this terminal: receipt %s"),
                                              receipt_number);
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_button_label (toast, _("_Print Receipt"));
  adw_toast_set_action_name (toast, "win.print-receipt");
  adw_toast_set_action_target (toast, "x", id);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  jj_applications_page_reload (self->applications_page);
  jj_applications_page_show_application (self->applications_page, id);
  jj_window_show_page (self, "applications", _("Applications"), NULL);
}

static void
on_intake_closed (JjWindow *self)
{
  jj_applications_page_reload (self->applications_page);
  show_catalog (GTK_WIDGET (self), NULL, NULL);
}

static void
on_resume_draft (JjWindow *self,
                 gint64    id)
{
  open_draft (self, id);
}

static void
show_applications (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  JjWindow *self = JJ_WINDOW (widget);

  if (self->intake == NULL || !jj_session_can (self->session, JJ_PERMISSION_VIEW_APPLICATIONS))
    return;
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "intake") == 0)
    jj_intake_page_flush (self->intake_page);
  jj_applications_page_show_list (self->applications_page);
  jj_applications_page_reload (self->applications_page);
  jj_window_show_page (self, "applications", _("Applications"), NULL);
}

static void
print_receipt (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  JjWindow *self = JJ_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  /* jj_receipt_print() tells the clerk about failures itself, in a dialog. */
  if (!jj_receipt_print (GTK_WINDOW (self), jj_catalog_get_store (self->catalog),
                         g_variant_get_int64 (parameter), &error))
    g_debug ("Receipt not printed: %s", error->message);
}

/* The 一件事一次办 bundles that include @matter, offered on its guide. */
static void
show_bundles_of (JjWindow *self,
                 JjMatter *matter)
{
  g_autoptr(GPtrArray) bundles = jj_catalog_list_bundles (self->catalog, NULL);
  g_autoptr(GPtrArray) including = g_ptr_array_new ();

  for (guint i = 0; bundles != NULL && i < bundles->len; i++)
    {
      JjBundle *bundle = g_ptr_array_index (bundles, i);

      if (g_strv_contains ((const char * const *) bundle->matter_codes, jj_matter_get_code (matter)))
        g_ptr_array_add (including, bundle);
    }
  jj_guide_page_set_bundles (self->guide_page, including);
}

typedef struct
{
  char     *matter_code;
  char     *bundle_code;
} DraftRequest;

static void
draft_request_free (DraftRequest *request)
{
  g_free (request->matter_code);
  g_free (request->bundle_code);
  g_free (request);
}

static void
create_draft_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  DraftRequest *request = task_data;
  GError *error = NULL;
  gint64 id = jj_intake_create_draft (source_object, request->matter_code, request->bundle_code,
                                      &error);

  if (id == 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, id);
}

static void
draft_created (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(JjWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = g_task_propagate_int (G_TASK (result), &error);

  if (error != NULL)
    {
      show_toast (self, error->message);
      return;
    }
  open_draft (self, id);
}

/* Starts an application for one matter or a bundle: the draft row is written first, so the
 * application exists from its first second. */
static void
start_draft (JjWindow   *self,
             const char *matter_code,
             const char *bundle_code)
{
  g_autoptr(GTask) task = NULL;
  DraftRequest *request;

  if (self->intake == NULL || !jj_session_can (self->session, JJ_PERMISSION_INTAKE))
    return;

  request = g_new0 (DraftRequest, 1);
  request->matter_code = g_strdup (matter_code);
  request->bundle_code = g_strdup (bundle_code);
  task = g_task_new (self->intake, NULL, draft_created, g_object_ref (self));
  g_task_set_task_data (task, request, (GDestroyNotify) draft_request_free);
  g_task_run_in_thread (task, create_draft_thread);
}

static void
start_application (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  start_draft (JJ_WINDOW (widget), g_variant_get_string (parameter, NULL), NULL);
}

static void
start_bundle (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  start_draft (JJ_WINDOW (widget), NULL, g_variant_get_string (parameter, NULL));
}

static void
show_guide (JjWindow *self,
            JjMatter *matter)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", jj_matter_get_code (matter),
                                               jj_level_get_label (jj_matter_get_level (matter)));

  jj_guide_page_set_matter (self->guide_page, matter);
  show_bundles_of (self, matter);
  adw_window_title_set_title (self->guide_title, jj_matter_get_name (matter));
  adw_window_title_set_subtitle (self->guide_title, subtitle);
  gtk_stack_set_visible_child_name (self->title_stack, "guide");
  gtk_stack_set_visible_child_name (self->main_stack, "guide");
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->level_box), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-catalog", TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->guide_page));

  /* The history is a write with a full fsync: keep it off the main loop. */
  task = g_task_new (self->catalog, NULL, NULL, NULL);
  g_task_set_task_data (task, g_object_ref (matter), g_object_unref);
  g_task_run_in_thread (task, record_view_thread);
}

static void
on_matter_activated (JjWindow *self,
                     guint     position)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (self->matter_list));
  g_autoptr(JjMatter) matter = g_list_model_get_item (model, position);

  if (matter != NULL)
    show_guide (self, matter);
}

static void
on_search_activate (JjWindow *self)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (self->matter_list));

  if (model != NULL && g_list_model_get_n_items (model) > 0)
    on_matter_activated (self, 0);
}

static void
show_catalog (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  JjWindow *self = JJ_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "intake") == 0)
    jj_intake_page_flush (self->intake_page);
  gtk_stack_set_visible_child_name (self->title_stack, "search");
  gtk_stack_set_visible_child_name (self->main_stack, "catalog");
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->level_box), TRUE);
  jj_window_update_nav_buttons (self);
  gtk_widget_action_set_enabled (widget, "win.show-catalog", FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
jj_window_show_catalog (JjWindow *self)
{
  show_catalog (GTK_WIDGET (self), NULL, NULL);
}

static void
focus_search (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  JjWindow *self = JJ_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "guide") == 0)
    show_catalog (widget, NULL, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The level filter; "all", "township" or "village". */
static void
set_level (JjWindow   *self,
           const char *nick)
{
  int level = level_from_nick (nick);

  if (level == self->level)
    return;

  self->level = level;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "level-filter", nick);

  if (self->catalog != NULL)
    {
      fill_categories (self);
      refresh_matters (self);
    }
}

static void
jj_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  JjWindow *self = JJ_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LEVEL:
      g_value_set_string (value, self->level == JJ_LEVEL_ANY ? "all" : jj_level_to_string (self->level));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jj_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_LEVEL:
      set_level (JJ_WINDOW (object), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
jj_window_close_request (GtkWindow *window)
{
  JjWindow *self = JJ_WINDOW (window);
  int width, height;

  /* Whatever the clerk typed in the last second is written before the window goes. */
  jj_intake_page_flush (self->intake_page);

  if (self->settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (jj_window_parent_class)->close_request (window);
}

static void
jj_window_dispose (GObject *object)
{
  JjWindow *self = JJ_WINDOW (object);

  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  jj_window_session_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), JJ_TYPE_WINDOW);

  G_OBJECT_CLASS (jj_window_parent_class)->dispose (object);
}

static void
jj_window_finalize (GObject *object)
{
  JjWindow *self = JJ_WINDOW (object);

  g_clear_object (&self->engine);
  g_clear_object (&self->settings);
  g_clear_object (&self->catalog);
  g_clear_object (&self->intake);
  g_free (self->category_id);

  G_OBJECT_CLASS (jj_window_parent_class)->finalize (object);
}

static void
jj_window_class_init (JjWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jj_window_dispose;
  object_class->finalize = jj_window_finalize;
  object_class->get_property = jj_window_get_property;
  object_class->set_property = jj_window_set_property;
  GTK_WINDOW_CLASS (klass)->close_request = jj_window_close_request;

  /* The level filter, also the stateful action win.level that the toggle buttons show. */
  properties[PROP_LEVEL] =
    g_param_spec_string ("level", NULL, NULL, "all",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (JJ_TYPE_GUIDE_PAGE);
  g_type_ensure (JJ_TYPE_INTAKE_PAGE);
  g_type_ensure (JJ_TYPE_APPLICATIONS_PAGE);
  g_type_ensure (JJ_TYPE_SYNC_INDICATOR);
  g_type_ensure (JJ_TYPE_LOGIN_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/jiujin/Jiujin/jj-window.ui");
  gtk_widget_class_bind_template_child (widget_class, JjWindow, session_stack);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, login_page);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, level_box);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, title_stack);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, guide_title);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, category_list);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, results_label);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, results_stack);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, matter_list);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, guide_page);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, intake_page);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, applications_page);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, applications_button);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, queue_button);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, card_counts);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, operator_button);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, operator_label);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, pages_section);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, operator_menu);
  gtk_widget_class_bind_template_child (widget_class, JjWindow, operator_section);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_category_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_matter_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_intake_submitted);
  gtk_widget_class_bind_template_callback (widget_class, on_intake_closed);
  gtk_widget_class_bind_template_callback (widget_class, on_resume_draft);
  gtk_widget_class_bind_template_callback (widget_class, jj_window_update_back_button);

  gtk_widget_class_install_property_action (widget_class, "win.level", "level");
  gtk_widget_class_install_action (widget_class, "win.show-catalog", NULL, show_catalog);
  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, focus_search);
  gtk_widget_class_install_action (widget_class, "win.start-application", "s", start_application);
  gtk_widget_class_install_action (widget_class, "win.start-bundle", "s", start_bundle);
  gtk_widget_class_install_action (widget_class, "win.show-applications", NULL, show_applications);
  gtk_widget_class_install_action (widget_class, "win.print-receipt", "x", print_receipt);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.show-applications", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.show-catalog", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.show-catalog", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.level", "s", "all");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.level", "s", "township");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.level", "s", "village");

  jj_window_session_class_init (widget_class);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item)
{
  gtk_list_item_set_child (item, jj_matter_row_new ());
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item)
{
  JjMatter *matter = gtk_list_item_get_item (item);

  jj_matter_row_set_matter (JJ_MATTER_ROW (gtk_list_item_get_child (item)), matter);
}

static GSettings *
settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_warning ("GSettings schema %s is not installed; window size will not be remembered", APP_ID);
      return NULL;
    }
  return g_settings_new (APP_ID);
}

/* For the benchmark (JIUJIN_REPORT_FIRST_FRAME=1): print when the first frame is drawn and
 * when the first frame with the catalogue is drawn, on the system-wide monotonic clock, then
 * quit. */
static void
report_frame (GdkFrameClock *clock,
              JjWindow      *self)
{
  gboolean with_catalog = self->catalog != NULL &&
                          gtk_list_view_get_model (self->matter_list) != NULL;

  g_print ("%s %" G_GINT64_FORMAT "\n", with_catalog ? "catalog-frame-us" : "first-frame-us",
           g_get_monotonic_time ());
  if (with_catalog)
    {
      g_signal_handlers_disconnect_by_func (clock, report_frame, self);
      g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
    }
}

static void
on_realize_report_frames (JjWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  g_signal_connect (clock, "after-paint", G_CALLBACK (report_frame), self);
}

static void
jj_window_init (JjWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autofree char *level = NULL;
  GtkEventController *key;

  self->level = JJ_LEVEL_ANY;
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->matter_list, factory);

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_search_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), key);
  if (g_getenv ("JIUJIN_REPORT_FIRST_FRAME") != NULL)
    g_signal_connect (self, "realize", G_CALLBACK (on_realize_report_frames), NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-catalog", FALSE);

  self->settings = settings_new_if_installed ();
  jj_window_session_init (self);
  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      level = g_settings_get_string (self->settings, "level-filter");
      self->level = level_from_nick (level);
    }
}

JjWindow *
jj_window_new (JjApplication *application)
{
  JjWindow *self = g_object_new (JJ_TYPE_WINDOW, "application", application, NULL);

  g_signal_connect_object (application, "notify::session", G_CALLBACK (jj_window_update_session),
                           self, G_CONNECT_SWAPPED);
  return self;
}

void
jj_window_set_catalog (JjWindow     *self,
                       JjCatalog    *catalog,
                       JjIntake     *intake,
                       const GError *error,
                       const char   *warning)
{
  g_return_if_fail (JJ_IS_WINDOW (self));

  if (catalog == NULL)
    {
      adw_status_page_set_description (self->error_page, error != NULL ? error->message : NULL);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->level_box), FALSE);
      return;
    }

  g_set_object (&self->catalog, catalog);
  g_set_object (&self->intake, intake);
  jj_applications_page_set_store (self->applications_page, jj_catalog_get_store (catalog), intake);
  fill_categories (self);
  refresh_matters (self);
  gtk_stack_set_visible_child_name (self->main_stack, "catalog");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));

  if (warning != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The catalogue update was refused; the previous "
                                                    "catalogue stays in use. %s"),
                                                  warning);
      show_toast (self, message);
    }
}

static void
on_applications_changed (JjWindow *self)
{
  self->applications_changed = TRUE;
}

/* Read the list again once per cycle that changed something, not once per event: a cycle may
 * bring hundreds of statuses. */
static void
on_cycle_finished (JjWindow *self,
                   gboolean  ok)
{
  /* A delivery or a status may give or take a card. */
  jj_window_update_card_counts (self);
  if (!self->applications_changed || self->intake == NULL)
    return;
  self->applications_changed = FALSE;
  jj_applications_page_reload (self->applications_page);
}

/* The county's new catalogue is in the store already: show it where the clerk looks. */
static void
on_catalog_updated (JjWindow   *self,
                    const char *version)
{
  if (self->catalog == NULL)
    return;
  fill_categories (self);
  refresh_matters (self);
}

void
jj_window_set_sync_engine (JjWindow     *self,
                           JjSyncEngine *engine)
{
  g_return_if_fail (JJ_IS_WINDOW (self));
  g_return_if_fail (engine == NULL || JJ_IS_SYNC_ENGINE (engine));

  if (self->engine == engine)
    return;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  jj_sync_indicator_set_engine (self->sync_indicator, engine);
  if (engine == NULL)
    return;

  /* A delivery (sent, with a case number) or a parked entry changes an application without a
   * status event. */
  g_signal_connect_swapped (engine, "status-changed", G_CALLBACK (on_applications_changed), self);
  g_signal_connect_swapped (engine, "entry-finished", G_CALLBACK (on_applications_changed), self);
  g_signal_connect_swapped (engine, "cycle-finished", G_CALLBACK (on_cycle_finished), self);
  g_signal_connect_swapped (engine, "catalog-updated", G_CALLBACK (on_catalog_updated), self);
}

void
jj_window_show_application (JjWindow *self,
                            gint64    id)
{
  g_return_if_fail (JJ_IS_WINDOW (self));

  if (self->intake == NULL || !jj_session_can (self->session, JJ_PERMISSION_VIEW_APPLICATIONS))
    return;
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "intake") == 0)
    jj_intake_page_flush (self->intake_page);
  jj_applications_page_reload (self->applications_page);
  jj_applications_page_show_application (self->applications_page, id);
  jj_window_show_page (self, "applications", _("Applications"), NULL);
}
