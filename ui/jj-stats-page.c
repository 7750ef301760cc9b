/* jj-stats-page.c — the statistics page (统计): figures and bar charts over a range of days
 *
 * The figures come from jj-stats.h, computed off the main loop for the days chosen each time the
 * page is shown; the same struct is exported as CSV, so the file always says what the page
 * shows. The export is a disclosure of the terminal's figures and goes on the audit log.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "jj-audit.h"
#include "jj-chart.h"
#include "jj-export-chooser.h"
#include "jj-stats-page.h"
#include "jj-stats.h"

/* The matters chart shows the busiest few; the CSV has them all. */
#define TOP_MATTERS 10

struct _JjStatsPage
{
  GtkWidget        parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkMenuButton   *since_button;
  GtkCalendar     *since_calendar;
  GtkMenuButton   *until_button;
  GtkCalendar     *until_calendar;
  GtkSpinner      *spinner;
  GtkBox          *content_box;
  GtkGrid         *summary_grid;

  GtkLabel        *total_value;
  GtkLabel        *assisted_value;
  GtkLabel        *completion_value;
  GtkLabel        *completion_caption;
  GtkLabel        *ratings_value;
  JjChart         *matter_chart;
  JjChart         *month_chart;
  JjChart         *state_chart;
  JjChart         *level_chart;
  JjChart         *agent_chart;

  JjStore         *store;
  JjSession       *session;
  JjStats         *stats;
  GCancellable    *cancellable;
  GtkNativeDialog *chooser;
};

G_DEFINE_FINAL_TYPE (JjStatsPage, jj_stats_page, GTK_TYPE_WIDGET)

static void
show_toast (JjStatsPage *self,
            const char  *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* One figure of the summary: a big value over its caption. */
static GtkLabel *
add_figure (JjStatsPage *self,
            int          column,
            const char  *caption,
            GtkLabel   **caption_label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *value = gtk_label_new (NULL);
  GtkWidget *text = gtk_label_new (caption);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "stat-figure");
  gtk_widget_add_css_class (value, "title-1");
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_justify (GTK_LABEL (value), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (text, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_justify (GTK_LABEL (text), GTK_JUSTIFY_CENTER);
  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (GTK_BOX (box), text);
  gtk_grid_attach (self->summary_grid, box, column, 0, 1, 1);
  if (caption_label != NULL)
    *caption_label = GTK_LABEL (text);
  return GTK_LABEL (value);
}

/* A heading and its chart, in a card, appended to @box. */
static JjChart *
add_chart (GtkBox     *box,
           const char *title)
{
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *chart = jj_chart_new ();
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "chart-card");
  gtk_accessible_update_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_set_vexpand (card, TRUE);
  gtk_box_append (GTK_BOX (card), chart);
  gtk_box_append (GTK_BOX (column), heading);
  gtk_box_append (GTK_BOX (column), card);
  gtk_widget_set_hexpand (column, TRUE);
  gtk_box_append (box, column);
  return JJ_CHART (chart);
}

/* Two charts side by side: short tables need no whole line. */
static GtkBox *
add_chart_row (JjStatsPage *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_box_set_homogeneous (GTK_BOX (row), TRUE);
  gtk_box_append (self->content_box, row);
  return GTK_BOX (row);
}

/* The first @limit rows (0: all) of a table; none at all when every count is 0, as a table of
 * the states has. */
static void
fill_chart (JjChart   *chart,
            GPtrArray *rows,
            guint      limit)
{
  gint64 total = 0;

  jj_chart_clear (chart, _("No applications in these days"));
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    total += ((JjStatsRow *) g_ptr_array_index (rows, i))->count;
  for (guint i = 0; total > 0 && i < rows->len && (limit == 0 || i < limit); i++)
    {
      JjStatsRow *row = g_ptr_array_index (rows, i);
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, row->count);

      jj_chart_add_bar (chart, row->label, row->count, count);
    }
}

static char *
format_days (double seconds)
{
  double days = seconds / (24 * 60 * 60);

  return g_strdup_printf (_("%.1f days"), days);
}

static void
show_stats (JjStatsPage *self)
{
  const JjStats *stats = self->stats;
  g_autofree char *total = g_strdup_printf ("%" G_GINT64_FORMAT, stats->total);
  g_autofree char *assisted = NULL;

  gtk_label_set_text (self->total_value, total);
  if (stats->total > 0)
    assisted = g_strdup_printf ("%.0f%%", stats->assisted_share * 100);
  gtk_label_set_text (self->assisted_value, assisted != NULL ? assisted : "—");

  if (stats->completed > 0)
    {
      g_autofree char *average = format_days (stats->completion_average);
      g_autofree char *median = format_days (stats->completion_median);
      g_autofree char *caption = g_strdup_printf (_("Average time from submission to completion "
                                                    "(median %s)"),
                                                  median);

      gtk_label_set_text (self->completion_value, average);
      gtk_label_set_text (self->completion_caption, caption);
    }
  else
    {
      gtk_label_set_text (self->completion_value, "—");
      gtk_label_set_text (self->completion_caption,
                          _("Average time from submission to completion (none completed yet)"));
    }

  if (stats->evaluations.captured && stats->evaluations.count > 0)
    {
      g_autofree char *average = g_strdup_printf ("%.1f / 5", stats->evaluations.average);
      gtk_label_set_text (self->ratings_value, average);
      gtk_widget_set_css_classes (GTK_WIDGET (self->ratings_value), (const char *[]) { "title-1", NULL });
    }
  else
    {
      /* Translators: 好差评 (the residents' ratings) are not recorded by this terminal yet */
      gtk_label_set_text (self->ratings_value, _("Not captured yet"));
      /* Words, not a figure: smaller, so that the four figures stay in line. */
      gtk_widget_set_css_classes (GTK_WIDGET (self->ratings_value), (const char *[]) { "title-3", NULL });
    }

  fill_chart (self->matter_chart, stats->by_matter, TOP_MATTERS);
  fill_chart (self->month_chart, stats->by_month, 0);
  fill_chart (self->state_chart, stats->by_state, 0);
  fill_chart (self->level_chart, stats->by_level, 0);
  fill_chart (self->agent_chart, stats->by_agent_kind, 0);
}

static void
stats_ready (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(JjStatsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  JjStats *stats = jj_stats_compute_finish (JJ_STORE (object), result, &error);

  if (stats == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_spinner_stop (self->spinner);
          show_toast (self, error->message);
        }
      return;
    }

  gtk_spinner_stop (self->spinner);
  g_clear_pointer (&self->stats, jj_stats_free);
  self->stats = stats;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stats.export", TRUE);
  show_stats (self);
}

static GDate *
calendar_date (GtkCalendar *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);

  return g_date_new_dmy (g_date_time_get_day_of_month (date), g_date_time_get_month (date),
                         g_date_time_get_year (date));
}

static void
label_date_button (GtkMenuButton *button,
                   GtkCalendar   *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");

  gtk_menu_button_set_label (button, text);
}

/* Computes the figures for the days chosen. */
static void
refresh (JjStatsPage *self)
{
  g_autoptr(GDate) since = calendar_date (self->since_calendar);
  g_autoptr(GDate) until = calendar_date (self->until_calendar);

  label_date_button (self->since_button, self->since_calendar);
  label_date_button (self->until_button, self->until_calendar);
  if (self->store == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_spinner_start (self->spinner);
  jj_stats_compute_async (self->store, since, until, self->cancellable, stats_ready,
                          g_object_ref (self));
}

/* Applications arrive and change state while the page is away: its figures are of when it is
 * looked at. */
static void
on_map (JjStatsPage *self)
{
  if (gtk_widget_is_sensitive (GTK_WIDGET (self->since_button)))
    refresh (self);
}

static void
on_since_selected (JjStatsPage *self)
{
  gtk_menu_button_popdown (self->since_button);
  refresh (self);
}

static void
on_until_selected (JjStatsPage *self)
{
  gtk_menu_button_popdown (self->until_button);
  refresh (self);
}

/* Exporting: the file, then the record of it, in a worker thread. */

typedef struct
{
  JjStore   *store;
  JjSession *session;
  JjStats   *stats;   /* borrowed: the page keeps it until the task returns */
  GFile     *file;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->store);
  g_clear_pointer (&data->session, jj_session_unref);
  g_clear_object (&data->file);
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) detail = NULL;
  g_autofree char *detail_json = NULL;
  g_autofree char *path = g_file_get_path (data->file);
  GError *error = NULL;

  if (!jj_stats_write_csv (data->stats, data->file, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "what");
  json_builder_add_string_value (builder, "statistics");
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, path != NULL ? path : "");
  json_builder_set_member_name (builder, "since");
  json_builder_add_string_value (builder, data->stats->since != NULL ? data->stats->since : "");
  json_builder_set_member_name (builder, "until");
  json_builder_add_string_value (builder, data->stats->until != NULL ? data->stats->until : "");
  json_builder_set_member_name (builder, "applications");
  json_builder_add_int_value (builder, data->stats->total);
  json_builder_end_object (builder);
  detail = json_builder_get_root (builder);
  detail_json = json_to_string (detail, FALSE);

  if (jj_audit_append (data->store, data->session, JJ_AUDIT_EXPORT, "statistics", detail_json,
                       &error) == 0)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* The figures stay with the page while an export reads them: no other days meanwhile. */
static void
set_exporting (JjStatsPage *self,
               gboolean     exporting)
{
  if (exporting)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stats.export", !exporting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->since_button), !exporting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->until_button), !exporting);
}

static void
export_ready (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(JjStatsPage) self = user_data;
  ExportData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (data->file);
  g_autofree char *message = NULL;

  set_exporting (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      message = g_strdup_printf (_("The statistics could not be saved: %s"), error->message);
      show_toast (self, message);
      return;
    }
  message = g_strdup_printf (_("Statistics saved as %s"), name);
  show_toast (self, message);
}

static void
on_export_file (GFile    *file,
                gpointer  user_data)
{
  JjStatsPage *self = user_data;
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  if (file == NULL || self->stats == NULL)
    return;

  data = g_new0 (ExportData, 1);
  data->store = g_object_ref (self->store);
  data->session = jj_session_ref (self->session);
  data->stats = self->stats;
  data->file = g_object_ref (file);

  set_exporting (self, TRUE);
  task = g_task_new (self, NULL, export_ready, g_object_ref (self));
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  JjStatsPage *self = JJ_STATS_PAGE (widget);

  if (self->stats != NULL)
    jj_export_chooser_show (widget, &self->chooser, _("Export Statistics"),
                            "jiujin-statistics-%Y%m%d.csv", on_export_file, self);
}

static void
jj_stats_page_dispose (GObject *object)
{
  JjStatsPage *self = JJ_STATS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  jj_export_chooser_dismiss (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (object), JJ_TYPE_STATS_PAGE);
  g_clear_object (&self->store);
  g_clear_pointer (&self->session, jj_session_unref);

  G_OBJECT_CLASS (jj_stats_page_parent_class)->dispose (object);
}

static void
jj_stats_page_finalize (GObject *object)
{
  JjStatsPage *self = JJ_STATS_PAGE (object);

  /* Here, not in dispose: an export still running reads them and holds a reference. */
  g_clear_pointer (&self->stats, jj_stats_free);

  G_OBJECT_CLASS (jj_stats_page_parent_class)->finalize (object);
}

static void
jj_stats_page_class_init (JjStatsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = jj_stats_page_dispose;
  G_OBJECT_CLASS (klass)->finalize = jj_stats_page_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/jiujin/Jiujin/jj-stats-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, JjStatsPage, name)
  BIND (toast_overlay);
  BIND (since_button);
  BIND (since_calendar);
  BIND (until_button);
  BIND (until_calendar);
  BIND (spinner);
  BIND (content_box);
  BIND (summary_grid);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_since_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_until_selected);

  gtk_widget_class_install_action (widget_class, "stats.export", NULL, export_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "stats.export", NULL);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
jj_stats_page_init (JjStatsPage *self)
{
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autoptr(GDateTime) month_start = NULL;
  g_autoptr(GDateTime) since = NULL;
  GtkBox *row;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->total_value = add_figure (self, 0, _("Applications submitted"), NULL);
  self->assisted_value = add_figure (self, 1, _("Handled for the resident (帮代办)"), NULL);
  self->completion_value = add_figure (self, 2, NULL, &self->completion_caption);
  self->ratings_value = add_figure (self, 3, _("Residents’ ratings (好差评)"), NULL);
  self->matter_chart = add_chart (self->content_box, _("By Matter (Top 10)"));
  row = add_chart_row (self);
  self->month_chart = add_chart (row, _("By Month"));
  self->state_chart = add_chart (row, _("By State"));
  row = add_chart_row (self);
  self->level_chart = add_chart (row, _("By Level"));
  self->agent_chart = add_chart (row, _("By Helper (帮代办)"));

  /* The last twelve months, whole: what a township reports on. */
  month_start = g_date_time_new_local (g_date_time_get_year (today), g_date_time_get_month (today),
                                       1, 0, 0, 0);
  since = g_date_time_add_months (month_start, -11);
  gtk_calendar_select_day (self->since_calendar, since);
  gtk_calendar_select_day (self->until_calendar, today);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stats.export", FALSE);
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
}

GtkWidget *
jj_stats_page_new (JjStore   *store,
                   JjSession *session)
{
  JjStatsPage *self;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);
  g_return_val_if_fail (session != NULL, NULL);

  self = g_object_new (JJ_TYPE_STATS_PAGE, NULL);
  self->store = g_object_ref (store);
  self->session = jj_session_ref (session);
  return GTK_WIDGET (self);
}
