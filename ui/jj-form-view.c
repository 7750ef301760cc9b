/* jj-form-view.c — a matter's application form (申请表), rendered from its schema
 *
 * The rows are generated from the form's fields, so this widget is built in code. Each field
 * is checked with jj_form_check_value() as the clerk types; its message appears in a note row
 * under it once the field was edited and left (or at once when the clerk asks what is
 * missing), so that nobody is scolded for a half-typed number.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <time.h>

#include "jj-form-view.h"
#include "jj-validate.h"

typedef struct
{
  JjFormView        *view;
  const JjFormField *field;       /* owned by view->form */
  GtkWidget         *row;         /* the row in the group: what gets the focus */
  GtkWidget         *text_view;   /* multiline */
  GtkWidget         *info;        /* id_number: the birth date and sex it encodes */
  GtkWidget         *unanswered;  /* boolean: "Not answered" until the switch is touched */
  GtkWidget         *toggle;      /* boolean: the switch */
  GPtrArray         *checks;      /* multichoice: one check button per option */
  gboolean           edited;
  gboolean           touched;     /* edited, then left: its message may show */
  gboolean           answered;    /* boolean: the switch was touched */
  const char        *note_help;   /* help shown under the row; NULL when it is the subtitle */
} Field;

struct _JjFormView
{
  GtkWidget            parent_instance;

  AdwPreferencesGroup *group;

  JjForm              *form;
  GPtrArray           *fields;    /* of Field */
  gboolean             show_all;
  gboolean             populating;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (JjFormView, jj_form_view, GTK_TYPE_WIDGET)

static void
field_free (Field *field)
{
  g_clear_pointer (&field->checks, g_ptr_array_unref);
  g_free (field);
}

/* Notes under rows */

static void
sync_note (GtkWidget *row)
{
  GtkWidget *note = g_object_get_data (G_OBJECT (row), "jj-note");
  const char *error = g_object_get_data (G_OBJECT (row), "jj-note-error");
  const char *help = g_object_get_data (G_OBJECT (row), "jj-note-help");
  GtkLabel *label;
  const char *text;

  if (note == NULL)
    return;

  label = GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (note)));
  text = error != NULL ? error : help;
  gtk_label_set_text (label, text != NULL ? text : "");
  if (error != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
    }
  gtk_widget_set_visible (note, text != NULL && gtk_widget_get_visible (row));
  if (gtk_widget_get_visible (note))
    gtk_widget_add_css_class (row, "has-note");
  else
    gtk_widget_remove_css_class (row, "has-note");
}

void
jj_form_view_attach_note (GtkWidget *row)
{
  GtkWidget *list = gtk_widget_get_parent (row);
  GtkWidget *note, *label;

  g_return_if_fail (GTK_IS_LIST_BOX_ROW (row));
  g_return_if_fail (GTK_IS_LIST_BOX (list));

  label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);

  /* Insensitive, so that Tab passes over it: the text is also the row's accessible
   * description, which is how a screen reader hears it. */
  note = adw_preferences_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (note), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (note), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (note), FALSE);
  gtk_widget_set_focusable (note, FALSE);
  gtk_widget_set_sensitive (note, FALSE);
  gtk_widget_set_visible (note, FALSE);
  gtk_widget_add_css_class (note, "field-note");
  gtk_accessible_update_state (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  gtk_list_box_insert (GTK_LIST_BOX (list), note,
                       gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 1);
  g_object_set_data (G_OBJECT (row), "jj-note", note);
  g_signal_connect (row, "notify::visible", G_CALLBACK (sync_note), NULL);
}

void
jj_form_view_set_note (GtkWidget  *row,
                       const char *error,
                       const char *help)
{
  g_return_if_fail (GTK_IS_WIDGET (row));

  if (error != NULL && error[0] == '\0')
    error = NULL;
  if (help != NULL && help[0] == '\0')
    help = NULL;

  g_object_set_data_full (G_OBJECT (row), "jj-note-error", g_strdup (error), g_free);
  g_object_set_data_full (G_OBJECT (row), "jj-note-help", g_strdup (help), g_free);

  if (error != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      error, -1);
    }
  else
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
      if (help != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                        help, -1);
      else
        gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }

  sync_note (row);
}

/* Whether Enter should stop at @focus: something to type in or choose, not a button. */
static gboolean
is_input (GtkWidget *focus)
{
  return GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus) || GTK_IS_CHECK_BUTTON (focus) ||
         GTK_IS_SWITCH (focus) || GTK_IS_TOGGLE_BUTTON (focus) || ADW_IS_COMBO_ROW (focus);
}

void
jj_form_view_focus_next (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *row = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW);

  if (root == NULL)
    return;

  /* Past the field's own buttons (a date's calendar) and offers (a returning resident), as far
   * as the next thing to fill in. */
  for (guint i = 0; i < 32; i++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (GTK_WIDGET (root), GTK_DIR_TAB_FORWARD))
        return;
      focus = gtk_root_get_focus (root);
      if (focus == NULL || focus == widget)
        return;
      if ((row == NULL || !gtk_widget_is_ancestor (focus, row)) && is_input (focus))
        return;
    }
}

/* Reading and checking a field */

static char *
dup_text_view_text (GtkWidget *text_view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

/* The field's value as in the draft document, or NULL when unset. */
static JsonNode *
field_dup_value (Field *f)
{
  switch (f->field->type)
    {
    case JJ_FIELD_MULTILINE:
      {
        g_autofree char *text = dup_text_view_text (f->text_view);

        return is_blank (text) ? NULL : json_node_init_string (json_node_alloc (), text);
      }

    case JJ_FIELD_CHOICE:
      {
        guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (f->row));

        if (selected == 0 || selected == GTK_INVALID_LIST_POSITION ||
            selected > g_strv_length (f->field->options))
          return NULL;
        return json_node_init_string (json_node_alloc (), f->field->options[selected - 1]);
      }

    case JJ_FIELD_MULTICHOICE:
      {
        g_autoptr(JsonArray) array = json_array_new ();

        for (guint i = 0; i < f->checks->len; i++)
          if (gtk_check_button_get_active (g_ptr_array_index (f->checks, i)))
            json_array_add_string_element (array, f->field->options[i]);
        if (json_array_get_length (array) == 0)
          return NULL;
        return json_node_init_array (json_node_alloc (), array);
      }

    case JJ_FIELD_BOOLEAN:
      if (!f->answered)
        return NULL;
      return json_node_init_boolean (json_node_alloc (),
                                     gtk_switch_get_active (GTK_SWITCH (f->toggle)));

    case JJ_FIELD_TEXT:
    case JJ_FIELD_NUMBER:
    case JJ_FIELD_DATE:
    case JJ_FIELD_ID_NUMBER:
    case JJ_FIELD_PHONE:
    case JJ_FIELD_ADDRESS:
    case JJ_FIELD_USCC:
    default:
      {
        const char *text = gtk_editable_get_text (GTK_EDITABLE (f->row));

        return is_blank (text) ? NULL : json_node_init_string (json_node_alloc (), text);
      }
    }
}

char *
jj_form_view_dup_id_summary (const char *id_number)
{
  g_autoptr(GDate) birth = NULL;
  g_autoptr(GDate) today = g_date_new ();
  JjSex sex = JJ_SEX_UNKNOWN;
  char date[16];
  int age;

  if (!jj_validate_id_number (id_number, NULL, NULL, &birth, &sex, NULL))
    return NULL;

  g_date_set_time_t (today, time (NULL));
  age = g_date_get_year (today) - g_date_get_year (birth);
  if (g_date_get_month (today) < g_date_get_month (birth) ||
      (g_date_get_month (today) == g_date_get_month (birth) &&
       g_date_get_day (today) < g_date_get_day (birth)))
    age--;
  g_date_strftime (date, sizeof date, "%Y-%m-%d", birth);

  /* Translators: what an ID number says, e.g. "Born 1944-05-02 · female · 82" (the age) */
  return g_strdup_printf (_("Born %s · %s · %d"), date,
                          sex == JJ_SEX_FEMALE ? _("female") : _("male"), age);
}

static void
field_check (Field *f)
{
  g_autoptr(JsonNode) value = field_dup_value (f);
  g_autoptr(GError) error = NULL;
  gboolean show;

  if (f->info != NULL)
    {
      g_autofree char *summary
          = jj_form_view_dup_id_summary (gtk_editable_get_text (GTK_EDITABLE (f->row)));

      gtk_label_set_text (GTK_LABEL (f->info), summary != NULL ? summary : "");
      gtk_widget_set_visible (f->info, summary != NULL);
    }

  if (jj_form_check_value (f->field, value, NULL, NULL, &error))
    {
      jj_form_view_set_note (f->row, NULL, f->note_help);
      return;
    }

  /* An ID number is judged as soon as all 18 characters are there. */
  show = f->view->show_all || f->touched ||
         (f->field->type == JJ_FIELD_ID_NUMBER &&
          g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (f->row)), -1) >= 18);
  jj_form_view_set_note (f->row, show ? error->message : NULL, f->note_help);
}

static void
field_changed (Field *f)
{
  if (f->view->populating)
    return;

  f->edited = TRUE;
  field_check (f);
  g_signal_emit (f->view, signals[CHANGED], 0);
}

static void
field_left (Field *f)
{
  if (!f->edited || f->touched)
    return;
  f->touched = TRUE;
  field_check (f);
}

/* Building the rows */

static void
on_entry_activated (GtkWidget *row)
{
  jj_form_view_focus_next (row);
}

static GtkWidget *
calendar_of (GtkWidget *entry_row)
{
  return g_object_get_data (G_OBJECT (entry_row), "jj-calendar");
}

static GtkWidget *
popover_of (GtkWidget *entry_row)
{
  return g_object_get_data (G_OBJECT (entry_row), "jj-calendar-popover");
}

static void
on_calendar_shown (GtkWidget *entry_row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry_row));
  int year, month, day;

  if (sscanf (text, "%4d-%2d-%2d", &year, &month, &day) == 3 && g_date_valid_dmy (day, month, year))
    {
      g_autoptr(GDateTime) date = g_date_time_new_local (year, month, day, 0, 0, 0);

      if (date != NULL)
        gtk_calendar_select_day (GTK_CALENDAR (calendar_of (entry_row)), date);
    }
}

static void
on_day_selected (GtkWidget *entry_row)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (GTK_CALENDAR (calendar_of (entry_row)));
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");

  if (gtk_widget_get_visible (popover_of (entry_row)))
    gtk_editable_set_text (GTK_EDITABLE (entry_row), text);
}

static void
close_calendar (GtkWidget *entry_row)
{
  gtk_popover_popdown (GTK_POPOVER (popover_of (entry_row)));
  gtk_widget_grab_focus (entry_row);
}

static gboolean
on_calendar_key (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 GtkWidget             *entry_row)
{
  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return GDK_EVENT_PROPAGATE;
  close_calendar (entry_row);
  return GDK_EVENT_STOP;
}

/* A click on a day picks it; clicks on the month and year arrows keep the popover open. */
static void
on_calendar_released (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      GtkWidget       *entry_row)
{
  GtkWidget *picked = gtk_widget_pick (calendar_of (entry_row), x, y, GTK_PICK_DEFAULT);

  if (picked != NULL && gtk_widget_has_css_class (picked, "day-number") &&
      !gtk_widget_has_css_class (picked, "other-month"))
    close_calendar (entry_row);
}

void
jj_form_view_add_calendar (GtkWidget *entry_row)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  g_autofree char *accessible = NULL;

  g_return_if_fail (ADW_IS_ENTRY_ROW (entry_row));

  /* Translators: the accessible name of a date's calendar button; %s is the field */
  accessible = g_strdup_printf (_("Choose %s from a calendar"),
                                adw_preferences_row_get_title (ADW_PREFERENCES_ROW (entry_row)));
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Choose from a calendar"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (entry_row), button);
  g_object_set_data (G_OBJECT (entry_row), "jj-calendar", calendar);
  g_object_set_data (G_OBJECT (entry_row), "jj-calendar-popover", popover);

  g_signal_connect_swapped (popover, "show", G_CALLBACK (on_calendar_shown), entry_row);
  g_signal_connect_swapped (calendar, "day-selected", G_CALLBACK (on_day_selected), entry_row);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_calendar_key), entry_row);
  gtk_widget_add_controller (calendar, keys);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "released", G_CALLBACK (on_calendar_released), entry_row);
  gtk_widget_add_controller (calendar, GTK_EVENT_CONTROLLER (click));
}

static GtkWidget *
entry_row_new (Field *f)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), FALSE);
  switch (f->field->type)
    {
    case JJ_FIELD_NUMBER:
      adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);
      break;
    case JJ_FIELD_PHONE:
      adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_PHONE);
      break;
    case JJ_FIELD_ID_NUMBER:
    case JJ_FIELD_USCC:
      adw_entry_row_set_input_hints (ADW_ENTRY_ROW (row), GTK_INPUT_HINT_UPPERCASE_CHARS |
                                                          GTK_INPUT_HINT_NO_SPELLCHECK);
      break;
    case JJ_FIELD_TEXT:
    case JJ_FIELD_MULTILINE:
    case JJ_FIELD_DATE:
    case JJ_FIELD_CHOICE:
    case JJ_FIELD_MULTICHOICE:
    case JJ_FIELD_BOOLEAN:
    case JJ_FIELD_ADDRESS:
    default:
      break;
    }

  g_signal_connect (row, "entry-activated", G_CALLBACK (on_entry_activated), NULL);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (field_changed), f);
  return row;
}

/* A row with a title above its own content (a text view, check boxes). */
static GtkWidget *
framed_row_new (GtkWidget *content)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (NULL);

  g_object_bind_property (row, "title", title, "label", G_BINDING_SYNC_CREATE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "field-title");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), content);
  gtk_widget_add_css_class (box, "framed-field");

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  return row;
}

static GtkWidget *
multiline_row_new (Field *f)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *text_view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view));

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (text_view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (text_view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (text_view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (text_view), 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (text_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  f->field->label, GTK_ACCESSIBLE_PROPERTY_MULTI_LINE, TRUE, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), text_view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 72);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 200);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_widget_add_css_class (scroller, "multiline-field");
  g_signal_connect_swapped (buffer, "changed", G_CALLBACK (field_changed), f);

  f->text_view = text_view;
  return framed_row_new (scroller);
}

static GtkWidget *
choice_row_new (Field *f)
{
  GtkStringList *options = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  /* Position 0 is "not chosen": a choice is never made for the clerk. */
  gtk_string_list_append (options, _("Not chosen"));
  for (guint i = 0; f->field->options != NULL && f->field->options[i] != NULL; i++)
    gtk_string_list_append (options, f->field->options[i]);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (options));
  g_object_unref (options);
  if (f->field->help != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), f->field->help);
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (field_changed), f);
  return row;
}

static GtkWidget *
multichoice_row_new (Field *f)
{
  GtkWidget *grid = gtk_grid_new ();

  f->checks = g_ptr_array_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 3);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  for (guint i = 0; f->field->options != NULL && f->field->options[i] != NULL; i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (f->field->options[i]);

      gtk_grid_attach (GTK_GRID (grid), check, i % 3, i / 3, 1, 1);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (field_changed), f);
      g_ptr_array_add (f->checks, check);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  f->field->label, -1);
  return framed_row_new (grid);
}

static void
on_switch_touched (Field *f)
{
  if (f->view->populating)
    return;
  f->answered = TRUE;
  f->touched = TRUE;
  gtk_widget_set_visible (f->unanswered, FALSE);
  field_changed (f);
}

static GtkWidget *
boolean_row_new (Field *f)
{
  GtkWidget *row = adw_action_row_new ();

  f->unanswered = gtk_label_new (_("Not answered"));
  gtk_widget_add_css_class (f->unanswered, "dim-label");
  f->toggle = gtk_switch_new ();
  gtk_widget_set_valign (f->toggle, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (f->toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  f->field->label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), f->unanswered);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), f->toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), f->toggle);
  if (f->field->help != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), f->field->help);
  g_signal_connect_swapped (f->toggle, "notify::active", G_CALLBACK (on_switch_touched), f);
  return row;
}

static Field *
field_new (JjFormView        *self,
           const JjFormField *field)
{
  Field *f = g_new0 (Field, 1);
  GtkEventController *focus = gtk_event_controller_focus_new ();
  g_autofree char *title = NULL;

  f->view = self;
  f->field = field;
  /* Action rows show help as their subtitle; entries and framed rows under them. */
  f->note_help
      = field->type == JJ_FIELD_CHOICE || field->type == JJ_FIELD_BOOLEAN ? NULL : field->help;

  switch (field->type)
    {
    case JJ_FIELD_MULTILINE:
      f->row = multiline_row_new (f);
      break;
    case JJ_FIELD_CHOICE:
      f->row = choice_row_new (f);
      break;
    case JJ_FIELD_MULTICHOICE:
      f->row = multichoice_row_new (f);
      break;
    case JJ_FIELD_BOOLEAN:
      f->row = boolean_row_new (f);
      break;
    case JJ_FIELD_TEXT:
    case JJ_FIELD_NUMBER:
    case JJ_FIELD_DATE:
    case JJ_FIELD_ID_NUMBER:
    case JJ_FIELD_PHONE:
    case JJ_FIELD_ADDRESS:
    case JJ_FIELD_USCC:
    default:
      f->row = entry_row_new (f);
      break;
    }

  /* Optional fields say so in their title; a date says how to type it. */
  if (field->type == JJ_FIELD_DATE)
    /* Translators: a date field's title and the format to type */
    title = g_strdup_printf (
        field->required ? _("%s (YYYY-MM-DD)") : _("%s (YYYY-MM-DD, optional)"), field->label);
  else if (!field->required)
    /* Translators: the title of a field that may be left empty */
    title = g_strdup_printf (_("%s (optional)"), field->label);
  else
    title = g_strdup (field->label);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (f->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->row), title);
  if (field->help != NULL)
    gtk_widget_set_tooltip_text (f->row, field->help);
  gtk_accessible_update_property (GTK_ACCESSIBLE (f->row), GTK_ACCESSIBLE_PROPERTY_REQUIRED,
                                  field->required, -1);

  if (field->type == JJ_FIELD_DATE)
    jj_form_view_add_calendar (f->row);
  if (field->type == JJ_FIELD_ID_NUMBER)
    {
      f->info = gtk_label_new (NULL);
      gtk_widget_add_css_class (f->info, "dim-label");
      gtk_widget_add_css_class (f->info, "caption");
      gtk_widget_set_visible (f->info, FALSE);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (f->row), f->info);
    }

  g_signal_connect_swapped (focus, "leave", G_CALLBACK (field_left), f);
  gtk_widget_add_controller (f->row, focus);
  return f;
}

static void
field_set_value (Field    *f,
                 JsonNode *value)
{
  GType type = value != NULL ? json_node_get_value_type (value) : G_TYPE_INVALID;

  switch (f->field->type)
    {
    case JJ_FIELD_MULTILINE:
      if (type == G_TYPE_STRING)
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->text_view)),
                                  json_node_get_string (value), -1);
      break;

    case JJ_FIELD_CHOICE:
      adw_combo_row_set_selected (ADW_COMBO_ROW (f->row), 0);
      for (guint i = 0; type == G_TYPE_STRING && f->field->options[i] != NULL; i++)
        if (g_str_equal (f->field->options[i], json_node_get_string (value)))
          adw_combo_row_set_selected (ADW_COMBO_ROW (f->row), i + 1);
      break;

    case JJ_FIELD_MULTICHOICE:
      if (value != NULL && JSON_NODE_HOLDS_ARRAY (value))
        {
          JsonArray *array = json_node_get_array (value);

          for (guint i = 0; i < f->checks->len; i++)
            for (guint j = 0; j < json_array_get_length (array); j++)
              if (g_strcmp0 (json_array_get_string_element (array, j), f->field->options[i]) == 0)
                gtk_check_button_set_active (g_ptr_array_index (f->checks, i), TRUE);
        }
      break;

    case JJ_FIELD_BOOLEAN:
      f->answered = type == G_TYPE_BOOLEAN;
      gtk_switch_set_active (GTK_SWITCH (f->toggle), f->answered && json_node_get_boolean (value));
      gtk_widget_set_visible (f->unanswered, !f->answered);
      break;

    case JJ_FIELD_TEXT:
    case JJ_FIELD_NUMBER:
    case JJ_FIELD_DATE:
    case JJ_FIELD_ID_NUMBER:
    case JJ_FIELD_PHONE:
    case JJ_FIELD_ADDRESS:
    case JJ_FIELD_USCC:
    default:
      if (type == G_TYPE_STRING)
        gtk_editable_set_text (GTK_EDITABLE (f->row), json_node_get_string (value));
      else if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
        {
          g_autofree char *text = type == G_TYPE_INT64
            ? g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value))
            : g_strdup_printf ("%g", json_node_get_double (value));
          gtk_editable_set_text (GTK_EDITABLE (f->row), text);
        }
      break;
    }

  /* A value saved in the draft was typed earlier: judge it at once. */
  f->touched = f->edited = value != NULL;
}

static void
clear_fields (JjFormView *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = g_ptr_array_index (self->fields, i);
      GtkWidget *note = g_object_get_data (G_OBJECT (f->row), "jj-note");

      if (note != NULL)
        adw_preferences_group_remove (self->group, note);
      adw_preferences_group_remove (self->group, f->row);
    }
  g_ptr_array_set_size (self->fields, 0);
}

void
jj_form_view_set_form (JjFormView *self,
                       JjForm     *form,
                       JsonObject *values)
{
  guint n;

  g_return_if_fail (JJ_IS_FORM_VIEW (self));
  g_return_if_fail (form == NULL || JJ_IS_FORM (form));

  clear_fields (self);
  g_set_object (&self->form, form);
  self->show_all = FALSE;

  n = form != NULL ? jj_form_get_n_fields (form) : 0;
  gtk_widget_set_visible (GTK_WIDGET (self->group), n > 0);

  self->populating = TRUE;
  for (guint i = 0; i < n; i++)
    {
      const JjFormField *field = jj_form_get_field (form, i);
      Field *f = field_new (self, field);

      g_ptr_array_add (self->fields, f);
      adw_preferences_group_add (self->group, f->row);
      jj_form_view_attach_note (f->row);
      field_set_value (f, values != NULL && json_object_has_member (values, field->id)
                            ? json_object_get_member (values, field->id) : NULL);
    }
  self->populating = FALSE;

  for (guint i = 0; i < self->fields->len; i++)
    field_check (g_ptr_array_index (self->fields, i));
}

JsonObject *
jj_form_view_dup_values (JjFormView *self,
                         gboolean    normalized)
{
  JsonObject *values = json_object_new ();

  g_return_val_if_fail (JJ_IS_FORM_VIEW (self), values);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = g_ptr_array_index (self->fields, i);
      g_autoptr(JsonNode) value = field_dup_value (f);
      JsonNode *normal = NULL;

      if (normalized && jj_form_check_value (f->field, value, NULL, &normal, NULL))
        {
          g_clear_pointer (&value, json_node_unref);
          value = normal;
        }
      if (value != NULL)
        json_object_set_member (values, f->field->id, g_steal_pointer (&value));
    }

  return values;
}

void
jj_form_view_show_all_problems (JjFormView *self)
{
  g_return_if_fail (JJ_IS_FORM_VIEW (self));

  self->show_all = TRUE;
  for (guint i = 0; i < self->fields->len; i++)
    field_check (g_ptr_array_index (self->fields, i));
}

guint
jj_form_view_get_n_fields (JjFormView *self)
{
  g_return_val_if_fail (JJ_IS_FORM_VIEW (self), 0);
  return self->fields->len;
}

const char *
jj_form_view_get_field_id (JjFormView *self,
                           guint       index)
{
  g_return_val_if_fail (JJ_IS_FORM_VIEW (self), NULL);
  g_return_val_if_fail (index < self->fields->len, NULL);
  return ((Field *) g_ptr_array_index (self->fields, index))->field->id;
}

GtkWidget *
jj_form_view_get_field_row (JjFormView *self,
                            const char *id)
{
  g_return_val_if_fail (JJ_IS_FORM_VIEW (self), NULL);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = g_ptr_array_index (self->fields, i);

      if (g_strcmp0 (f->field->id, id) == 0)
        return f->row;
    }
  return NULL;
}

static void
jj_form_view_dispose (GObject *object)
{
  JjFormView *self = JJ_FORM_VIEW (object);

  /* Unparented first: focus leaving a row still reaches its field. */
  if (self->group != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->group));
      self->group = NULL;
    }
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_object (&self->form);

  G_OBJECT_CLASS (jj_form_view_parent_class)->dispose (object);
}

static void
jj_form_view_class_init (JjFormViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jj_form_view_dispose;

  /**
   * JjFormView::changed:
   *
   * The clerk changed a value.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
jj_form_view_init (JjFormView *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("Application Form"));
  gtk_widget_set_visible (GTK_WIDGET (self->group), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->group), GTK_WIDGET (self));
}

GtkWidget *
jj_form_view_new (void)
{
  return g_object_new (JJ_TYPE_FORM_VIEW, NULL);
}
