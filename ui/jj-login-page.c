/* jj-login-page.c — logging in with a PIN, and the first run that creates the first technician
 *
 * The PIN check is a slow key derivation on purpose (jj-operators.h), so it runs in a worker
 * thread while the page waits; what goes wrong is said under the fields, in the core's words,
 * and the PIN is cleared for the next try.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "jj-login-page.h"

struct _JjLoginPage
{
  GtkWidget         parent_instance;

  GtkStack         *mode_stack;
  AdwStatusPage    *login_status;
  GtkEntry         *login_entry;
  GtkPasswordEntry *pin_entry;
  GtkLabel         *login_error;
  GtkWidget        *login_button;
  GtkEntry         *setup_name_entry;
  GtkEntry         *setup_login_entry;
  GtkPasswordEntry *setup_pin_entry;
  GtkPasswordEntry *setup_pin_again_entry;
  GtkLabel         *setup_error;
  GtkWidget        *setup_button;

  JjStore          *store;
  GCancellable     *cancellable;
  gboolean          setup;
  gboolean          busy;
};

enum {
  LOGGED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (JjLoginPage, jj_login_page, GTK_TYPE_WIDGET)

static const char *
text_of (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static void
show_error (JjLoginPage *self,
            const char  *message)
{
  GtkLabel *label = self->setup ? self->setup_error : self->login_error;

  gtk_label_set_text (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  /* Screen readers hear it where the focus goes next: on the PIN field. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->setup ? self->setup_pin_entry
                                                              : self->pin_entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
}

static void
set_busy (JjLoginPage *self,
          gboolean     busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->mode_stack), !busy);
}

typedef struct
{
  char     *name;    /* setup only */
  char     *login;
  char     *pin;
  gboolean  setup;
} LoginData;

static void
login_data_free (LoginData *data)
{
  g_free (data->name);
  g_free (data->login);
  if (data->pin != NULL)
    memset (data->pin, 0, strlen (data->pin));
  g_free (data->pin);
  g_free (data);
}

static void
login_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LoginData *data = task_data;
  GError *error = NULL;
  JjSession *session;

  if (data->setup &&
      jj_operators_create_first_technician (source_object, data->login, data->name, data->pin,
                                            &error) == 0)
    {
      g_task_return_error (task, error);
      return;
    }

  session = jj_operators_login (source_object, data->login, data->pin, &error);
  if (session == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, session, (GDestroyNotify) jj_session_unref);
}

static void
login_ready (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(JjLoginPage) self = user_data;
  g_autoptr(JjSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (session == NULL)
    {
      /* A failed setup leaves the first technician to be made again; a login its PIN. */
      if (g_error_matches (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_SETUP_DONE))
        jj_login_page_reset (self, FALSE, NULL, error->message);
      else
        show_error (self, error->message);
      gtk_editable_set_text (GTK_EDITABLE (self->setup ? self->setup_pin_again_entry
                                                       : self->pin_entry), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->setup ? self->setup_pin_entry : self->pin_entry));
      return;
    }

  show_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->setup_pin_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->setup_pin_again_entry), "");
  g_signal_emit (self, signals[LOGGED_IN], 0, session);
}

/* What can be said before the slow part: empty fields, two different PINs. */
static gboolean
check_fields (JjLoginPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (!self->setup)
    {
      if (text_of (self->login_entry)[0] == '\0')
        {
          show_error (self, _("Type your login name, then your PIN."));
          gtk_widget_grab_focus (GTK_WIDGET (self->login_entry));
          return FALSE;
        }
      if (text_of (self->pin_entry)[0] == '\0')
        {
          show_error (self, _("Type your PIN."));
          gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
          return FALSE;
        }
      return TRUE;
    }

  name = g_strstrip (g_strdup (text_of (self->setup_name_entry)));
  if (name[0] == '\0' ||
      text_of (self->setup_login_entry)[0] == '\0')
    {
      show_error (self, _("Type the technician’s full name and a login name."));
      gtk_widget_grab_focus (GTK_WIDGET (self->setup_name_entry));
      return FALSE;
    }
  if (!jj_operators_check_pin (text_of (self->setup_pin_entry), &error))
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->setup_pin_entry));
      return FALSE;
    }
  if (g_strcmp0 (text_of (self->setup_pin_entry), text_of (self->setup_pin_again_entry)) != 0)
    {
      show_error (self, _("The two PINs differ. Type the same PIN twice."));
      gtk_editable_set_text (GTK_EDITABLE (self->setup_pin_again_entry), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->setup_pin_again_entry));
      return FALSE;
    }
  return TRUE;
}

static void
on_submit (JjLoginPage *self)
{
  g_autoptr(GTask) task = NULL;
  LoginData *data;

  if (self->busy || self->store == NULL || !check_fields (self))
    return;

  data = g_new0 (LoginData, 1);
  data->setup = self->setup;
  if (self->setup)
    {
      data->name = g_strstrip (g_strdup (text_of (self->setup_name_entry)));
      data->login = g_strstrip (g_strdup (text_of (self->setup_login_entry)));
      data->pin = g_strdup (text_of (self->setup_pin_entry));
    }
  else
    {
      data->login = g_strstrip (g_strdup (text_of (self->login_entry)));
      data->pin = g_strdup (text_of (self->pin_entry));
    }

  set_busy (self, TRUE);
  task = g_task_new (self->store, self->cancellable, login_ready, g_object_ref (self));
  g_task_set_task_data (task, data, (GDestroyNotify) login_data_free);
  g_task_run_in_thread (task, login_thread);
}

/* Enter in the login name goes on to the PIN. */
static void
on_login_activate (JjLoginPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
}

static void
on_setup_next (JjLoginPage *self,
               GtkWidget   *entry)
{
  gtk_widget_child_focus (GTK_WIDGET (self->mode_stack), GTK_DIR_TAB_FORWARD);
}

static void
jj_login_page_dispose (GObject *object)
{
  JjLoginPage *self = JJ_LOGIN_PAGE (object);

  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), JJ_TYPE_LOGIN_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (jj_login_page_parent_class)->dispose (object);
}

static void
jj_login_page_class_init (JjLoginPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = jj_login_page_dispose;

  /* An operator logged in (or the first technician was created and logged in): the new
   * JjSession, which the handler refs to keep. */
  signals[LOGGED_IN] = g_signal_new ("logged-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, JJ_TYPE_SESSION);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/jiujin/Jiujin/jj-login-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, JjLoginPage, name)
  BIND (mode_stack);
  BIND (login_status);
  BIND (login_entry);
  BIND (pin_entry);
  BIND (login_error);
  BIND (login_button);
  BIND (setup_name_entry);
  BIND (setup_login_entry);
  BIND (setup_pin_entry);
  BIND (setup_pin_again_entry);
  BIND (setup_error);
  BIND (setup_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_submit);
  gtk_widget_class_bind_template_callback (widget_class, on_login_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_setup_next);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
jj_login_page_init (JjLoginPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
jj_login_page_new (void)
{
  return g_object_new (JJ_TYPE_LOGIN_PAGE, NULL);
}

void
jj_login_page_set_store (JjLoginPage *self,
                         JjStore     *store)
{
  g_return_if_fail (JJ_IS_LOGIN_PAGE (self));
  g_return_if_fail (store == NULL || JJ_IS_STORE (store));

  g_set_object (&self->store, store);
}

void
jj_login_page_reset (JjLoginPage *self,
                     gboolean     setup,
                     const char  *locked_login,
                     const char  *message)
{
  g_return_if_fail (JJ_IS_LOGIN_PAGE (self));

  self->setup = setup;
  gtk_stack_set_visible_child_name (self->mode_stack, setup ? "setup" : "login");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
  show_error (self, message);

  if (setup)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->setup_name_entry));
      return;
    }

  if (locked_login != NULL)
    {
      g_autofree char *description = g_strdup_printf (_("Locked by %s. Type the PIN to go on, "
                                                        "or log in as another operator."),
                                                      locked_login);
      adw_status_page_set_title (self->login_status, _("Locked"));
      adw_status_page_set_description (self->login_status, description);
      gtk_editable_set_text (GTK_EDITABLE (self->login_entry), locked_login);
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
    }
  else
    {
      adw_status_page_set_title (self->login_status, _("Log In"));
      adw_status_page_set_description (self->login_status,
                                       _("Each operator of this service point logs in with a "
                                         "login name and PIN."));
      gtk_editable_set_text (GTK_EDITABLE (self->login_entry), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->login_entry));
    }
}
