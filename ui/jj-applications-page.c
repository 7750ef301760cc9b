/* jj-applications-page.c — the applications taken at this terminal (申请记录), found and opened
 *
 * The filters become one JjApplicationQuery run off the main loop; its answer is a lazy model
 * that reads a row from SQL only when the column view binds it, so 100,000 applications scroll
 * as freely as ten. Each column binds only what it shows.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "jj-application-detail.h"
#include "jj-applications-page.h"
#include "jj-applications.h"
#include "jj-card-badge.h"
#include "jj-catalog.h"
#include "jj-outbox.h"

/* The choices of the date filter, in the order of the template's list. */
enum {
  DATES_ALL,
  DATES_TODAY,
  DATES_LAST_7_DAYS,
  DATES_LAST_30_DAYS,
};

struct _JjApplicationsPage
{
  GtkWidget            parent_instance;

  GtkStack            *stack;
  GtkButton           *back_button;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *state_drop_down;
  GtkLabel            *matter_label;
  GtkPopover          *matter_popover;
  GtkSearchEntry      *matter_search;
  GtkListView         *matter_list;
  GtkDropDown         *date_drop_down;
  GtkLabel            *count_label;
  GtkStack            *results_stack;
  GtkColumnView       *column_view;
  AdwStatusPage       *empty_page;
  JjApplicationDetail *detail;

  JjStore             *store;
  JjIntake            *intake;
  JjCatalog           *catalog;
  JjCalendar          *calendar;  /* for the red and yellow cards; NULL: none shown */
  GDate               *today;     /* the day the cards are counted on, set at each query */
  char                *matter_code;
  GCancellable        *query_cancellable;
  GCancellable        *matter_cancellable;
  char                *activated_text;  /* the search when Enter was pressed in it */
};

enum {
  RESUME_DRAFT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_SHOWING_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (JjApplicationsPage, jj_applications_page, GTK_TYPE_WIDGET)

/* The start of the local day @days_back days ago, as Unix seconds. */
static gint64
local_midnight (int days_back)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now),
                                                         g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now),
                                                         0, 0, 0);
  g_autoptr(GDateTime) start = g_date_time_add_days (midnight, -days_back);

  return g_date_time_to_unix (start);
}

static gint64
since_for_dates (guint choice)
{
  switch (choice)
    {
    case DATES_TODAY:
      return local_midnight (0);
    case DATES_LAST_7_DAYS:
      return local_midnight (6);
    case DATES_LAST_30_DAYS:
      return local_midnight (29);
    default:
      return 0;
    }
}

static const char *
search_text (JjApplicationsPage *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

static gboolean
filters_active (JjApplicationsPage *self)
{
  return search_text (self)[0] != '\0' || self->matter_code != NULL ||
         gtk_drop_down_get_selected (self->state_drop_down) > 0 ||
         gtk_drop_down_get_selected (self->date_drop_down) != DATES_ALL;
}

static void
show_empty (JjApplicationsPage *self,
            const char         *icon_name,
            const char         *title,
            const char         *description)
{
  adw_status_page_set_icon_name (self->empty_page, icon_name);
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
  gtk_stack_set_visible_child_name (self->results_stack, "empty");
}

/* A returned application reopened for correction from its detail: opened like any draft. */
static void
on_detail_resume_draft (JjApplicationsPage *self,
                        gint64              id)
{
  g_signal_emit (self, signals[RESUME_DRAFT], 0, id);
}

static void
activate_position (JjApplicationsPage *self,
                   guint               position)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (self->column_view));
  g_autoptr(JjApplicationRecord) record = NULL;

  if (model == NULL || (record = g_list_model_get_item (model, position)) == NULL)
    return;

  if (jj_application_record_get_state (record) == JJ_APPLICATION_DRAFT)
    g_signal_emit (self, signals[RESUME_DRAFT], 0, jj_application_record_get_id (record));
  else
    jj_applications_page_show_application (self, jj_application_record_get_id (record));
}

static void
query_ready (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(JjApplicationsPage) self = user_data;
  g_autoptr(GListModel) applications = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  GtkSelectionModel *selection;
  gboolean open_first;
  guint n;

  applications = jj_applications_query_finish (JJ_STORE (object), result, &error);
  if (applications == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->count_label, "");
      show_empty (self, "dialog-error-symbolic", _("The Applications Cannot Be Listed"),
                  error->message);
      return;
    }

  n = g_list_model_get_n_items (applications);
  if (filters_active (self))
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u application matches",
                                            "%u applications match", n),
                               n);
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u application",
                                            "%u applications", n),
                               n);
  gtk_label_set_text (self->count_label, summary);
  /* Only the answer to what was there when Enter was pressed. */
  open_first = g_strcmp0 (self->activated_text, search_text (self)) == 0;
  g_clear_pointer (&self->activated_text, g_free);

  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_steal_pointer (&applications)));
  gtk_column_view_set_model (self->column_view, selection);
  g_object_unref (selection);

  if (n > 0)
    gtk_stack_set_visible_child_name (self->results_stack, "list");
  else if (filters_active (self))
    show_empty (self, "edit-find-symbolic", _("No Applications Found"),
                _("Try another name or number, or fewer filters. An ID number is found by its "
                  "last 4 or more characters."));
  else
    show_empty (self, "document-open-recent-symbolic", _("No Applications Yet"),
                _("Applications taken at this terminal are listed here, drafts included."));

  if (open_first && n == 1)
    activate_position (self, 0);
  else if (open_first && n > 1)
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
refresh (JjApplicationsPage *self)
{
  guint state = gtk_drop_down_get_selected (self->state_drop_down);
  JjApplicationQuery query = {
    .state = state == 0 || state == GTK_INVALID_LIST_POSITION ? -1 : (int) state - 1,
    .matter_code = self->matter_code,
    .since = since_for_dates (gtk_drop_down_get_selected (self->date_drop_down)),
    .until = 0,
    .text = search_text (self),
  };

  if (self->store == NULL)
    return;

  /* A list left open overnight shows tomorrow's cards once it is read again. */
  g_clear_pointer (&self->today, g_date_free);
  self->today = g_date_new ();
  g_date_set_time_t (self->today, time (NULL));

  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  self->query_cancellable = g_cancellable_new ();

  jj_applications_query_async (self->store, &query, self->query_cancellable, query_ready,
                               g_object_ref (self));
}

static void
on_filter_changed (JjApplicationsPage *self)
{
  g_clear_pointer (&self->activated_text, g_free);
  refresh (self);
}

static void
on_search_changed (JjApplicationsPage *self)
{
  refresh (self);
}

static void
on_row_activated (JjApplicationsPage *self,
                  guint               position)
{
  activate_position (self, position);
}

/* Enter in the search answers what was typed, not the results of a few characters ago (a
 * barcode scanner types a receipt number and Enter at once): the query runs now, and its one
 * application is opened; several are focused to pick from. */
static void
on_search_activate (JjApplicationsPage *self)
{
  g_free (self->activated_text);
  self->activated_text = g_strdup (search_text (self));
  refresh (self);
}

/* The cells. Each holds one label; the record is read from the row only when bound. */

static GtkWidget *
cell_label_new (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  return label;
}

static void
setup_text_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 JjApplicationsPage       *self)
{
  gtk_list_item_set_child (item, cell_label_new ());
}

static void
setup_numeric_cell (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    JjApplicationsPage       *self)
{
  GtkWidget *label = cell_label_new ();

  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
setup_badge_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  JjApplicationsPage       *self)
{
  GtkWidget *label = cell_label_new ();

  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_list_item_set_child (item, label);
}

/* Sets a cell's text, a dash when there is none. */
static void
set_cell (GtkListItem *item,
          const char  *text)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      text != NULL && text[0] != '\0' ? text : "—");
}

static void
bind_receipt_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   JjApplicationsPage       *self)
{
  JjApplicationRecord *record = gtk_list_item_get_item (item);
  g_autofree char *tooltip = NULL;

  /* The county's case number once given; the provisional number is a hover away. */
  set_cell (item, jj_application_record_get_number (record));
  if (jj_application_record_get_case_number (record) != NULL)
    tooltip = g_strdup_printf (_("Provisional receipt number: %s"),
                               jj_application_record_get_receipt_number (record));
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), tooltip);
}

static void
bind_state_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 JjApplicationsPage       *self)
{
  JjApplicationState state = jj_application_record_get_state (gtk_list_item_get_item (item));
  GtkWidget *badge = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (badge), jj_application_state_get_label (state));
  gtk_widget_set_tooltip_text (badge, jj_application_state_get_label (state));
  jj_application_detail_style_state_badge (badge, state);
}

/* The red or yellow card (红黄牌) of an open case. */
static void
bind_card_cell (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                JjApplicationsPage       *self)
{
  JjApplicationRecord *record = gtk_list_item_get_item (item);
  JjCard card = JJ_CARD_NONE;
  int remaining = 0;

  if (self->calendar != NULL && self->today != NULL)
    card = jj_cards_for_application (self->calendar, self->today, record, &remaining);
  jj_card_badge_update (gtk_list_item_get_child (item), card, remaining);
}

static void
bind_title_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 JjApplicationsPage       *self)
{
  const char *title = jj_application_record_get_title (gtk_list_item_get_item (item));

  set_cell (item, title);
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), title);
}

static void
bind_applicant_cell (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     JjApplicationsPage       *self)
{
  set_cell (item, jj_application_record_get_applicant_name (gtk_list_item_get_item (item)));
}

static void
bind_id_number_cell (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     JjApplicationsPage       *self)
{
  set_cell (item, jj_application_record_get_masked_id_number (gtk_list_item_get_item (item)));
}

/* The submission time; a draft shows when it was started, dimmed. */
static void
bind_submitted_cell (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     JjApplicationsPage       *self)
{
  JjApplicationRecord *record = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  gint64 submitted_at = jj_application_record_get_submitted_at (record);
  g_autofree char *text = NULL;

  if (submitted_at > 0)
    {
      text = jj_application_detail_format_time (submitted_at);
      gtk_widget_remove_css_class (label, "dim-label");
      gtk_widget_set_tooltip_text (label, NULL);
    }
  else
    {
      text = jj_application_detail_format_time (jj_application_record_get_created_at (record));
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_tooltip_text (label, _("Started; not submitted yet"));
    }
  set_cell (item, text);
}

static void
bind_outbox_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  JjApplicationsPage       *self)
{
  JjApplicationRecord *record = gtk_list_item_get_item (item);
  const char *outbox_state = jj_application_record_get_outbox_state (record);
  GtkWidget *label = gtk_list_item_get_child (item);

  set_cell (item, jj_outbox_state_get_label (outbox_state));
  gtk_widget_set_tooltip_text (label, jj_application_record_get_last_error (record));
  if (g_strcmp0 (outbox_state, "parked") == 0)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
}

/* The matter filter: a popover that searches the catalogue as the guide list does. */

static void
setup_matter_row (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  JjApplicationsPage       *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = cell_label_new ();
  GtkWidget *code = gtk_label_new (NULL);

  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (code, "dim-label");
  gtk_widget_add_css_class (code, "numeric");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), code);
  gtk_list_item_set_child (item, box);
}

static void
bind_matter_row (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 JjApplicationsPage       *self)
{
  JjMatter *matter = gtk_list_item_get_item (item);
  GtkWidget *name = gtk_widget_get_first_child (gtk_list_item_get_child (item));

  gtk_label_set_text (GTK_LABEL (name), jj_matter_get_name (matter));
  gtk_widget_set_tooltip_text (name, jj_matter_get_name (matter));
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (name)), jj_matter_get_code (matter));
}

static void
matters_ready (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(JjApplicationsPage) self = user_data;
  g_autoptr(GListModel) matters = NULL;
  g_autoptr(GError) error = NULL;

  matters = jj_catalog_query_finish (JJ_CATALOG (object), result, &error);
  if (matters == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not list the matters: %s", error->message);
      return;
    }

  gtk_list_view_set_model (self->matter_list,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_steal_pointer (&matters))));
}

static void
refresh_matters (JjApplicationsPage *self)
{
  JjMatterQuery query = {
    .text = gtk_editable_get_text (GTK_EDITABLE (self->matter_search)),
    .level = JJ_LEVEL_ANY,
    .category_id = NULL,
  };

  if (self->catalog == NULL)
    return;

  g_cancellable_cancel (self->matter_cancellable);
  g_clear_object (&self->matter_cancellable);
  self->matter_cancellable = g_cancellable_new ();

  jj_catalog_query_async (self->catalog, &query, self->matter_cancellable, matters_ready,
                          g_object_ref (self));
}

static void
on_matter_popover_show (JjApplicationsPage *self)
{
  if (gtk_list_view_get_model (self->matter_list) == NULL)
    refresh_matters (self);
}

static void
on_matter_search_changed (JjApplicationsPage *self)
{
  refresh_matters (self);
}

static void
set_matter (JjApplicationsPage *self,
            JjMatter           *matter)
{
  g_autofree char *tooltip = NULL;

  g_clear_pointer (&self->matter_code, g_free);
  if (matter != NULL)
    {
      self->matter_code = g_strdup (jj_matter_get_code (matter));
      tooltip = g_strdup_printf ("%s · %s", jj_matter_get_name (matter), self->matter_code);
    }

  gtk_label_set_text (self->matter_label, matter != NULL ? jj_matter_get_name (matter)
                                                         : _("All Matters"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->matter_label), tooltip);
  gtk_popover_popdown (self->matter_popover);
  refresh (self);
}

static void
on_matter_activated (JjApplicationsPage *self,
                     guint               position)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (self->matter_list));
  g_autoptr(JjMatter) matter = model != NULL ? g_list_model_get_item (model, position) : NULL;

  if (matter != NULL)
    set_matter (self, matter);
}

static void
on_matter_search_activate (JjApplicationsPage *self)
{
  on_matter_activated (self, 0);
}

static void
on_all_matters_clicked (JjApplicationsPage *self)
{
  set_matter (self, NULL);
}

static void
show_list (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  jj_applications_page_show_list (JJ_APPLICATIONS_PAGE (widget));
}

/* Ctrl+P reaches the detail's print action wherever the focus is in the page. */
static void
print_receipt (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_widget_activate_action (GTK_WIDGET (JJ_APPLICATIONS_PAGE (widget)->detail),
                              "detail.print-receipt", NULL);
}

static void
jj_applications_page_dispose (GObject *object)
{
  JjApplicationsPage *self = JJ_APPLICATIONS_PAGE (object);

  g_cancellable_cancel (self->query_cancellable);
  g_cancellable_cancel (self->matter_cancellable);
  g_clear_object (&self->query_cancellable);
  g_clear_object (&self->matter_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), JJ_TYPE_APPLICATIONS_PAGE);
  g_clear_object (&self->store);
  g_clear_object (&self->intake);
  g_clear_object (&self->catalog);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->today, g_date_free);
  g_clear_pointer (&self->matter_code, g_free);
  g_clear_pointer (&self->activated_text, g_free);

  G_OBJECT_CLASS (jj_applications_page_parent_class)->dispose (object);
}

static void
jj_applications_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SHOWING_DETAIL:
      g_value_set_boolean (value,
                           jj_applications_page_get_showing_detail (JJ_APPLICATIONS_PAGE (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jj_applications_page_class_init (JjApplicationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jj_applications_page_dispose;
  object_class->get_property = jj_applications_page_get_property;

  /* An application's detail is shown, with its own way back to the list. */
  properties[PROP_SHOWING_DETAIL] =
    g_param_spec_boolean ("showing-detail", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A draft was activated: the window opens it in the intake page. */
  signals[RESUME_DRAFT] = g_signal_new ("resume-draft", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (JJ_TYPE_APPLICATION_DETAIL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/jiujin/Jiujin/jj-applications-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, JjApplicationsPage, name)
  BIND (stack);
  BIND (back_button);
  BIND (search_entry);
  BIND (state_drop_down);
  BIND (matter_label);
  BIND (matter_popover);
  BIND (matter_search);
  BIND (matter_list);
  BIND (date_drop_down);
  BIND (count_label);
  BIND (results_stack);
  BIND (column_view);
  BIND (empty_page);
  BIND (detail);
#undef BIND
#define CALLBACK(name) gtk_widget_class_bind_template_callback (widget_class, name)
  CALLBACK (on_filter_changed);
  CALLBACK (on_search_changed);
  CALLBACK (on_search_activate);
  CALLBACK (on_row_activated);
  CALLBACK (setup_text_cell);
  CALLBACK (setup_numeric_cell);
  CALLBACK (setup_badge_cell);
  CALLBACK (bind_receipt_cell);
  CALLBACK (bind_state_cell);
  CALLBACK (bind_card_cell);
  CALLBACK (bind_title_cell);
  CALLBACK (bind_applicant_cell);
  CALLBACK (bind_id_number_cell);
  CALLBACK (bind_submitted_cell);
  CALLBACK (bind_outbox_cell);
  CALLBACK (setup_matter_row);
  CALLBACK (bind_matter_row);
  CALLBACK (on_matter_popover_show);
  CALLBACK (on_matter_search_changed);
  CALLBACK (on_matter_search_activate);
  CALLBACK (on_matter_activated);
  CALLBACK (on_all_matters_clicked);
  CALLBACK (on_detail_resume_draft);
#undef CALLBACK

  gtk_widget_class_install_action (widget_class, "applications.show-list", NULL, show_list);
  gtk_widget_class_install_action (widget_class, "applications.print-receipt", NULL,
                                   print_receipt);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "applications.print-receipt", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "applications.show-list", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "applications.show-list", NULL);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
jj_applications_page_init (JjApplicationsPage *self)
{
  g_autoptr(GtkStringList) states = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (states, _("All States"));
  for (JjApplicationState state = JJ_APPLICATION_DRAFT; state <= JJ_APPLICATION_REJECTED; state++)
    gtk_string_list_append (states, jj_application_state_get_label (state));
  gtk_drop_down_set_model (self->state_drop_down, G_LIST_MODEL (states));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "applications.show-list", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "applications.print-receipt", FALSE);
}

void
jj_applications_page_set_store (JjApplicationsPage *self,
                                JjStore            *store,
                                JjIntake           *intake)
{
  g_return_if_fail (JJ_IS_APPLICATIONS_PAGE (self));
  g_return_if_fail (JJ_IS_STORE (store));
  g_return_if_fail (JJ_IS_INTAKE (intake));

  g_set_object (&self->intake, intake);
  if (g_set_object (&self->store, store))
    {
      g_clear_object (&self->catalog);
      self->catalog = jj_catalog_new (store);
      gtk_list_view_set_model (self->matter_list, NULL);
      jj_applications_page_show_list (self);
    }
  refresh (self);
}

void
jj_applications_page_reload (JjApplicationsPage *self)
{
  g_return_if_fail (JJ_IS_APPLICATIONS_PAGE (self));

  refresh (self);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "detail") == 0)
    jj_application_detail_load (self->detail, self->store, self->intake,
                                jj_application_detail_get_id (self->detail));
}

void
jj_applications_page_show_application (JjApplicationsPage *self,
                                       gint64              id)
{
  g_return_if_fail (JJ_IS_APPLICATIONS_PAGE (self));
  g_return_if_fail (self->store != NULL);

  jj_application_detail_load (self->detail, self->store, self->intake, id);
  gtk_stack_set_visible_child_name (self->stack, "detail");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWING_DETAIL]);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "applications.show-list", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "applications.print-receipt", TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->back_button));
}

void
jj_applications_page_show_list (JjApplicationsPage *self)
{
  g_return_if_fail (JJ_IS_APPLICATIONS_PAGE (self));

  jj_application_detail_conceal (self->detail);
  gtk_stack_set_visible_child_name (self->stack, "list");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWING_DETAIL]);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "applications.show-list", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "applications.print-receipt", FALSE);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->results_stack), "list") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

void
jj_applications_page_set_operator (JjApplicationsPage *self,
                                   JjSession          *session,
                                   JjCalendar         *calendar)
{
  g_return_if_fail (JJ_IS_APPLICATIONS_PAGE (self));
  g_return_if_fail (calendar == NULL || JJ_IS_CALENDAR (calendar));

  g_set_object (&self->calendar, calendar);
  jj_application_detail_set_session (self->detail, session);
  /* What one operator opened is not left on the screen for the next. */
  jj_applications_page_show_list (self);
}

gboolean
jj_applications_page_get_showing_detail (JjApplicationsPage *self)
{
  g_return_val_if_fail (JJ_IS_APPLICATIONS_PAGE (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "detail") == 0;
}
