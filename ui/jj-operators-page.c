/* jj-operators-page.c — the operators of this terminal (操作员管理), for technicians
 *
 * The rows are generated from jj_operators_list(); each change goes through jj-operators.h,
 * which checks the technician's role again, refuses to leave the terminal without an enabled
 * technician and writes the audit row. The page never sees a PIN hash, and a PIN typed here
 * is cleared from memory once it is handed over.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "jj-operators-page.h"

typedef enum
{
  CHANGE_ADD,
  CHANGE_DISABLE,
  CHANGE_ENABLE,
  CHANGE_RESET_PIN,
  CHANGE_ROLE,
} Change;

struct _JjOperatorsPage
{
  GtkWidget            parent_instance;

  AdwToastOverlay     *toast_overlay;
  AdwPreferencesGroup *group;
  GPtrArray           *rows;   /* the generated rows, to remove them */

  JjStore             *store;
  JjSession           *session;
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (JjOperatorsPage, jj_operators_page, GTK_TYPE_WIDGET)

static void reload (JjOperatorsPage *self);

static void
show_toast (JjOperatorsPage *self,
            const char      *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Changing an operator, in a worker thread. */

typedef struct
{
  Change     change;
  JjSession *session;
  char      *login;
  char      *name;
  JjRole     role;
  char      *pin;
} ChangeData;

static void
change_data_free (ChangeData *data)
{
  g_clear_pointer (&data->session, jj_session_unref);
  g_free (data->login);
  g_free (data->name);
  if (data->pin != NULL)
    memset (data->pin, 0, strlen (data->pin));
  g_free (data->pin);
  g_free (data);
}

static void
change_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ChangeData *data = task_data;
  JjStore *store = source_object;
  GError *error = NULL;
  gboolean ok = FALSE;

  switch (data->change)
    {
    case CHANGE_ADD:
      ok = jj_operators_add (store, data->session, data->login, data->name, data->role, data->pin,
                             &error) > 0;
      break;
    case CHANGE_DISABLE:
    case CHANGE_ENABLE:
      ok = jj_operators_set_disabled (store, data->session, data->login,
                                      data->change == CHANGE_DISABLE, &error);
      break;
    case CHANGE_RESET_PIN:
      ok = jj_operators_reset_pin (store, data->session, data->login, data->pin, &error);
      break;
    case CHANGE_ROLE:
      ok = jj_operators_set_role (store, data->session, data->login, data->role, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static char *
dup_done_message (ChangeData *data)
{
  switch (data->change)
    {
    case CHANGE_ADD:
      return g_strdup_printf (_("%s can log in now"), data->login);
    case CHANGE_DISABLE:
      return g_strdup_printf (_("%s can no longer log in"), data->login);
    case CHANGE_ENABLE:
      return g_strdup_printf (_("%s can log in again"), data->login);
    case CHANGE_RESET_PIN:
      return g_strdup_printf (_("%s has a new PIN"), data->login);
    case CHANGE_ROLE:
      /* Translators: a login, then a role such as 乡镇审核员 */
      return g_strdup_printf (_("%s is now %s"), data->login, jj_role_get_display_name (data->role));
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
change_ready (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(JjOperatorsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    message = dup_done_message (g_task_get_task_data (G_TASK (result)));
  show_toast (self, message != NULL ? message : error->message);
  reload (self);
}

static void
apply_change (JjOperatorsPage *self,
              ChangeData      *data)
{
  g_autoptr(GTask) task = g_task_new (self->store, NULL, change_ready, g_object_ref (self));

  data->session = jj_session_ref (self->session);
  g_task_set_task_data (task, data, (GDestroyNotify) change_data_free);
  g_task_run_in_thread (task, change_thread);
}

/* The dialogs: an AdwMessageDialog whose extra child holds the fields. */

static GtkWidget *
field_new (GtkWidget  *box,
           gboolean    secret,
           const char *label)
{
  GtkWidget *entry = secret ? gtk_password_entry_new () : gtk_entry_new ();

  if (secret)
    {
      gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
      g_object_set (entry, "placeholder-text", label, "activates-default", TRUE, NULL);
    }
  else
    {
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), label);
      gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_box_append (GTK_BOX (box), entry);
  return entry;
}

static GtkWidget *
role_drop_down_new (JjRole selected)
{
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
  GtkWidget *drop_down;

  for (JjRole role = JJ_ROLE_CLERK; role <= JJ_ROLE_TECHNICIAN; role++)
    gtk_string_list_append (roles, jj_role_get_display_name (role));
  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (roles)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), selected);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Role"), -1);
  return drop_down;
}

static GtkWidget *
dialog_new (JjOperatorsPage *self,
            const char      *heading,
            const char      *body,
            const char      *apply,
            GtkWidget      **box)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "apply", apply, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), *box);
  return dialog;
}

static const char *
field_text (GtkWidget *dialog,
            const char *key)
{
  return gtk_editable_get_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), key)));
}

/* The two PINs of a dialog, or NULL after saying what is wrong with them. */
static char *
dup_checked_pin (JjOperatorsPage *self,
                 GtkWidget       *dialog)
{
  g_autoptr(GError) error = NULL;
  const char *pin = field_text (dialog, "pin");

  if (!jj_operators_check_pin (pin, &error))
    {
      show_toast (self, error->message);
      return NULL;
    }
  if (!g_str_equal (pin, field_text (dialog, "pin-again")))
    {
      show_toast (self, _("The two PINs differ. Nothing was changed; try again."));
      return NULL;
    }
  return g_strdup (pin);
}

/* Both dialogs end with the PIN twice; whether they ask for a name says which change it is. */
static void
on_pin_dialog_response (GtkWidget       *dialog,
                        const char      *response,
                        JjOperatorsPage *self)
{
  g_autofree char *pin = NULL;
  ChangeData *data;

  if (!g_str_equal (response, "apply") || (pin = dup_checked_pin (self, dialog)) == NULL)
    return;

  data = g_new0 (ChangeData, 1);
  data->pin = g_steal_pointer (&pin);
  if (g_object_get_data (G_OBJECT (dialog), "name") != NULL)
    {
      data->change = CHANGE_ADD;
      data->name = g_strstrip (g_strdup (field_text (dialog, "name")));
      data->login = g_strstrip (g_strdup (field_text (dialog, "login")));
      data->role = gtk_drop_down_get_selected (g_object_get_data (G_OBJECT (dialog), "role"));
    }
  else
    {
      data->change = CHANGE_RESET_PIN;
      data->login = g_strdup (g_object_get_data (G_OBJECT (dialog), "operator-login"));
    }
  apply_change (self, data);
}

/* Adds the two PIN fields to @dialog's @box and shows it with the focus in @first (NULL: the
 * PIN). */
static void
present_pin_dialog (JjOperatorsPage *self,
                    GtkWidget       *dialog,
                    GtkWidget       *box,
                    GtkWidget       *first)
{
  GtkWidget *pin = field_new (box, TRUE, _("PIN, 6 to 12 digits"));

  g_object_set_data (G_OBJECT (dialog), "pin", pin);
  g_object_set_data (G_OBJECT (dialog), "pin-again", field_new (box, TRUE, _("The same PIN again")));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_pin_dialog_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (first != NULL ? first : pin);
}

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  JjOperatorsPage *self = JJ_OPERATORS_PAGE (widget);
  GtkWidget *box;
  GtkWidget *dialog = dialog_new (self, _("Add an Operator"),
                                  _("The new operator logs in with this login name and PIN. "
                                    "Tell them the PIN in person."),
                                  _("_Add"), &box);
  GtkWidget *name = field_new (box, FALSE, _("Full name"));
  GtkWidget *role;

  g_object_set_data (G_OBJECT (dialog), "name", name);
  g_object_set_data (G_OBJECT (dialog), "login", field_new (box, FALSE, _("Login name")));
  role = role_drop_down_new (JJ_ROLE_CLERK);
  gtk_box_append (GTK_BOX (box), role);
  g_object_set_data (G_OBJECT (dialog), "role", role);
  present_pin_dialog (self, dialog, box, name);
}

static void
reset_pin_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  JjOperatorsPage *self = JJ_OPERATORS_PAGE (widget);
  const char *login = g_variant_get_string (parameter, NULL);
  g_autofree char *heading = g_strdup_printf (_("New PIN for %s"), login);
  GtkWidget *box;
  GtkWidget *dialog = dialog_new (self, heading,
                                  _("The old PIN stops working at once, and a lock-out after "
                                    "wrong PINs ends."),
                                  _("_Set PIN"), &box);

  g_object_set_data_full (G_OBJECT (dialog), "operator-login", g_strdup (login), g_free);
  present_pin_dialog (self, dialog, box, NULL);
}

static void
set_disabled_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ChangeData *data = g_new0 (ChangeData, 1);
  gboolean disabled;

  g_variant_get (parameter, "(sb)", &data->login, &disabled);
  data->change = disabled ? CHANGE_DISABLE : CHANGE_ENABLE;
  apply_change (JJ_OPERATORS_PAGE (widget), data);
}

static void
on_role_selected (GtkDropDown     *drop_down,
                  GParamSpec      *pspec,
                  JjOperatorsPage *self)
{
  ChangeData *data;
  JjRole role = gtk_drop_down_get_selected (drop_down);

  if (role == GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (drop_down), "operator-role")))
    return;
  data = g_new0 (ChangeData, 1);
  data->change = CHANGE_ROLE;
  data->login = g_strdup (g_object_get_data (G_OBJECT (drop_down), "operator-login"));
  data->role = role;
  apply_change (self, data);
}

/* The rows. */

static GtkWidget *
operator_row_new (JjOperatorsPage  *self,
                  const JjOperator *op)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *role = role_drop_down_new (op->role);
  GtkWidget *reset = gtk_button_new_with_mnemonic (_("Reset _PIN…"));
  GtkWidget *toggle = gtk_button_new_with_mnemonic (op->disabled ? _("_Enable") : _("_Disable"));
  g_autofree char *subtitle = NULL;
  const char *state = NULL;

  if (op->disabled)
    state = _("disabled");
  else if (op->locked_until > g_get_real_time () / G_USEC_PER_SEC)
    state = _("locked after wrong PINs");
  subtitle = state != NULL ? g_strdup_printf ("%s · %s", op->login, state) : g_strdup (op->login);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), op->display_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  gtk_widget_set_valign (role, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (role), "operator-role", GUINT_TO_POINTER (op->role));
  g_object_set_data_full (G_OBJECT (role), "operator-login", g_strdup (op->login), g_free);
  g_signal_connect_object (role, "notify::selected", G_CALLBACK (on_role_selected), self, 0);

  gtk_widget_set_valign (reset, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (reset), "operators.reset-pin");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (reset), "s", op->login);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (toggle), "operators.set-disabled");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (toggle), "(sb)", op->login, !op->disabled);
  if (!op->disabled)
    gtk_widget_add_css_class (toggle, "destructive-action");

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), role);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), reset);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  return row;
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *operators = jj_operators_list (source_object, &error);

  if (operators == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, operators, (GDestroyNotify) g_ptr_array_unref);
}

static void
list_ready (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(JjOperatorsPage) self = user_data;
  g_autoptr(GPtrArray) operators = NULL;
  g_autoptr(GError) error = NULL;

  operators = g_task_propagate_pointer (G_TASK (result), &error);
  if (operators == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; i < operators->len; i++)
    {
      GtkWidget *row = operator_row_new (self, g_ptr_array_index (operators, i));

      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }
}

static void
reload (JjOperatorsPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self->store, self->cancellable, list_ready, g_object_ref (self));
  g_task_run_in_thread (task, list_thread);
}

static void
jj_operators_page_dispose (GObject *object)
{
  JjOperatorsPage *self = JJ_OPERATORS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), JJ_TYPE_OPERATORS_PAGE);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->session, jj_session_unref);

  G_OBJECT_CLASS (jj_operators_page_parent_class)->dispose (object);
}

static void
jj_operators_page_class_init (JjOperatorsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = jj_operators_page_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/jiujin/Jiujin/jj-operators-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JjOperatorsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, JjOperatorsPage, group);

  gtk_widget_class_install_action (widget_class, "operators.add", NULL, add_activated);
  gtk_widget_class_install_action (widget_class, "operators.reset-pin", "s", reset_pin_activated);
  gtk_widget_class_install_action (widget_class, "operators.set-disabled", "(sb)",
                                   set_disabled_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "operators.add", NULL);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
jj_operators_page_init (JjOperatorsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

GtkWidget *
jj_operators_page_new (JjStore   *store,
                       JjSession *session)
{
  JjOperatorsPage *self;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);
  g_return_val_if_fail (session != NULL, NULL);

  self = g_object_new (JJ_TYPE_OPERATORS_PAGE, NULL);
  self->store = g_object_ref (store);
  self->session = jj_session_ref (session);
  reload (self);
  return GTK_WIDGET (self);
}
