/* jj-application.c — the Jiujin GtkApplication
 *
 * The database and the bundled catalogue are opened on a worker thread at startup, so the
 * first frame never waits on disk; windows show a loading state until the catalogue arrives.
 *
 * The application, not a window, owns the sync engine and the notifier: `jiujin --background`
 * (started at login) holds the application with no window and keeps delivering; launching
 * `jiujin` again then opens a window in that same process, which is unique per data folder.
 *
 * It also holds the one operator session of the process: every window shows what that session
 * may see, and locking or logging out ends it for all of them at once. Delivery goes on while
 * nobody is logged in; what was queued was checked when it was submitted.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <string.h>

#include "jj-application.h"
#include "jj-audit.h"
#include "jj-notifier.h"
#include "jj-paths.h"
#include "jj-sync-notice.h"
#include "jj-window.h"

struct _JjApplication
{
  AdwApplication  parent_instance;

  char           *data_dir_option;
  JjCatalog      *catalog;
  JjIntake       *intake;
  JjSyncEngine   *engine;          /* once the store is open */
  JjNotifier     *notifier;
  JjCalendar     *calendar;        /* for the red and yellow cards; NULL without the file */
  JjSession      *session;         /* the operator logged in, or NULL */
  char           *locked_login;    /* who locked the terminal, offered at the login */
  gboolean        needs_setup;     /* no technician yet: first-run setup */
  GError         *load_error;      /* the database or catalogue could not be used */
  char           *catalog_warning; /* a rejected update; the previous catalogue is in use */
  gboolean        loading;
  gboolean        background;      /* started with --background: no window until asked */
  guint           signal_sources[3];  /* SIGTERM, SIGINT, SIGHUP */
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (JjApplication, jj_application, ADW_TYPE_APPLICATION)

typedef struct
{
  JjCatalog  *catalog;
  JjIntake   *intake;
  JjCalendar *calendar;
  JjSession  *session;
  gboolean    needs_setup;
  char       *warning;
} LoadResult;

static void
load_result_free (LoadResult *result)
{
  g_clear_object (&result->catalog);
  g_clear_object (&result->intake);
  g_clear_object (&result->calendar);
  g_clear_pointer (&result->session, jj_session_unref);
  g_free (result->warning);
  g_free (result);
}

/* JIUJIN_OPERATOR=login:PIN logs in at start: for the GUI tests and for kiosks whose operator
 * is the machine's one user. The login is checked and audited like any other. */
static JjSession *
login_from_environment (JjStore *store)
{
  const char *value = g_getenv ("JIUJIN_OPERATOR");
  g_autofree char *login = NULL;
  g_autoptr(GError) error = NULL;
  const char *colon;
  JjSession *session;

  if (value == NULL || value[0] == '\0')
    return NULL;
  colon = strchr (value, ':');
  if (colon == NULL)
    {
      g_warning ("JIUJIN_OPERATOR must be LOGIN:PIN; nobody is logged in");
      return NULL;
    }
  login = g_strndup (value, colon - value);
  session = jj_operators_login (store, login, colon + 1, &error);
  if (session == NULL)
    g_warning ("JIUJIN_OPERATOR: %s", error->message);
  return session;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *data_dir = task_data;
  g_autofree char *catalog_file = jj_paths_dup_catalog_file ();
  g_autofree char *calendar_file = NULL;
  g_autoptr(JjStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  LoadResult *result;

  store = jj_store_open (data_dir, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result = g_new0 (LoadResult, 1);
  result->catalog = jj_catalog_new (store);

  if (!jj_catalog_import_bundled (result->catalog, catalog_file, NULL, &error))
    {
      version = jj_catalog_dup_version (result->catalog);
      if (version == NULL)
        {
          load_result_free (result);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      result->warning = g_strdup (error->message);
      g_clear_error (&error);
    }

  calendar_file = jj_paths_dup_calendar_file ();
  result->intake = jj_intake_new (result->catalog, calendar_file, &error);
  if (result->intake == NULL)
    {
      /* Without the holiday calendar, promised dates count weekends only: say so, go on. */
      g_warning ("%s", error->message);
      g_clear_error (&error);
      result->intake = jj_intake_new (result->catalog, NULL, NULL);
    }
  else
    result->calendar = jj_calendar_new_from_file (calendar_file, NULL);

  result->needs_setup = jj_operators_needs_setup (store, &error);
  if (error != NULL)
    {
      g_warning ("%s", error->message);
      g_clear_error (&error);
    }
  if (!result->needs_setup)
    result->session = login_from_environment (store);

  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

static void
update_session_actions (JjApplication *self)
{
  static const char * const names[] = { "lock", "log-out" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                              names[i])),
                                 self->session != NULL);
}

/* Gives @window what the application has loaded so far. */
static void
fill_window (JjApplication *self,
             JjWindow      *window)
{
  jj_window_set_catalog (window, self->catalog, self->intake, self->load_error,
                         self->catalog_warning);
  jj_window_set_sync_engine (window, self->engine);
  jj_window_update_session (window);
}

static void
notify_windows (JjApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (JJ_IS_WINDOW (l->data))
      fill_window (self, l->data);
}

static void
update_sync_action (JjApplication *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "sync-now");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                               self->engine != NULL &&
                               jj_sync_engine_get_state (self->engine) != JJ_SYNC_STATE_NOT_ENROLLED);
}

/* The engine runs for as long as the application does, with or without a window. */
static void
start_sync (JjApplication *self)
{
  g_autofree char *data_dir = jj_paths_dup_data_dir (self->data_dir_option);
  JjStore *store = jj_catalog_get_store (self->catalog);

  self->engine = jj_sync_engine_new (store, data_dir);
  self->notifier = jj_notifier_new (G_APPLICATION (self), self->engine, store, self->calendar,
                                    JJ_SYNC_NOTICE_DEFAULT_INTERVAL);
  g_signal_connect_object (self->engine, "notify::state", G_CALLBACK (update_sync_action), self,
                           G_CONNECT_SWAPPED);
  jj_sync_engine_start (self->engine);
  update_sync_action (self);
}

static void
load_ready (GObject      *object,
            GAsyncResult *res,
            gpointer      user_data)
{
  JjApplication *self = JJ_APPLICATION (object);
  LoadResult *result;

  self->loading = FALSE;
  result = g_task_propagate_pointer (G_TASK (res), &self->load_error);
  if (result != NULL)
    {
      self->catalog = g_steal_pointer (&result->catalog);
      self->intake = g_steal_pointer (&result->intake);
      self->catalog_warning = g_steal_pointer (&result->warning);
      self->calendar = g_steal_pointer (&result->calendar);
      self->needs_setup = result->needs_setup;
      if (result->session != NULL)
        jj_application_log_in (self, result->session);
      load_result_free (result);
      start_sync (self);
    }
  else
    g_warning ("%s", self->load_error->message);

  notify_windows (self);
  g_application_release (G_APPLICATION (self));
}

/* A session that ends, a kiosk shut down or a test stopping us quits like the Quit action, so
 * the operator's logout is on record and the store closes cleanly. */
static gboolean
quit_on_signal (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
jj_application_startup (GApplication *app)
{
  JjApplication *self = JJ_APPLICATION (app);
  static const int signals[] = { SIGTERM, SIGINT, SIGHUP };
  g_autoptr(GTask) task = NULL;

  G_APPLICATION_CLASS (jj_application_parent_class)->startup (app);

  G_STATIC_ASSERT (G_N_ELEMENTS (signals) == G_N_ELEMENTS (self->signal_sources));
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    self->signal_sources[i] = g_unix_signal_add (signals[i], quit_on_signal, self);

  gtk_window_set_default_icon_name (APP_ID);

  self->loading = TRUE;
  g_application_hold (app);
  task = g_task_new (self, NULL, load_ready, NULL);
  g_task_set_task_data (task, jj_paths_dup_data_dir (self->data_dir_option), g_free);
  g_task_run_in_thread (task, load_thread);
}

static void
jj_application_shutdown (GApplication *app)
{
  JjApplication *self = JJ_APPLICATION (app);

  for (guint i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    g_clear_handle_id (&self->signal_sources[i], g_source_remove);
  /* What was delivered is stored; a cycle cut short here resumes at the next start. */
  if (self->engine != NULL)
    jj_sync_engine_stop (self->engine);
  /* Quitting ends the operator's session on the record; no window waits for it any more. */
  if (self->session != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!jj_operators_logout (jj_catalog_get_store (self->catalog), self->session, &error))
        g_warning ("The logout of %s is not on record: %s", jj_session_get_login (self->session),
                   error->message);
      g_clear_pointer (&self->session, jj_session_unref);
    }
  g_clear_object (&self->notifier);

  G_APPLICATION_CLASS (jj_application_parent_class)->shutdown (app);
}

static JjWindow *
ensure_window (JjApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (jj_window_new (self));
      if (!self->loading)
        fill_window (self, JJ_WINDOW (window));
    }
  return JJ_WINDOW (window);
}

static void
jj_application_activate (GApplication *app)
{
  JjApplication *self = JJ_APPLICATION (app);

  /* Started at login: the first activation is our own, and shows nothing. Any later one comes
   * from the clerk launching Jiujin, and opens the window in this process. */
  if (self->background)
    {
      self->background = FALSE;
      return;
    }

  gtk_window_present (GTK_WINDOW (ensure_window (self)));
}

/* One process per data folder: the default folder has the application id itself, any other
 * (a demo, a test) an id of its own, so that a second folder never opens in the first's
 * process. */
static char *
instance_id_for (const char *data_dir)
{
  g_autofree char *default_dir = g_build_filename (g_get_user_data_dir (), "jiujin", NULL);
  g_autofree char *digest = NULL;

  if (g_str_equal (data_dir, default_dir))
    return g_strdup (APP_ID);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, data_dir, -1);
  digest[16] = '\0';
  return g_strconcat (APP_ID, ".d", digest, NULL);
}

static int
jj_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  JjApplication *self = JJ_APPLICATION (app);
  g_autofree char *data_dir = NULL;
  g_autofree char *instance_id = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("jiujin %s\n", PACKAGE_VERSION);
      return 0;
    }

  g_variant_dict_lookup (options, "data-dir", "^ay", &self->data_dir_option);
  data_dir = jj_paths_dup_data_dir (self->data_dir_option);
  instance_id = instance_id_for (data_dir);
  g_application_set_application_id (app, instance_id);

  if (g_variant_dict_contains (options, "background"))
    {
      g_autoptr(GError) error = NULL;

      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      /* Already running for this folder: that process syncs, nothing to add. */
      if (g_application_get_is_remote (app))
        return 0;
      self->background = TRUE;
      g_application_hold (app);
    }
  return -1;
}

static void
jj_application_finalize (GObject *object)
{
  JjApplication *self = JJ_APPLICATION (object);

  g_clear_object (&self->notifier);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->session, jj_session_unref);
  g_clear_object (&self->calendar);
  g_free (self->locked_login);
  g_clear_object (&self->catalog);
  g_clear_object (&self->intake);
  g_clear_error (&self->load_error);
  g_free (self->catalog_warning);
  g_free (self->data_dir_option);

  G_OBJECT_CLASS (jj_application_parent_class)->finalize (object);
}

static void
jj_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_boxed (value, JJ_APPLICATION (object)->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jj_application_class_init (JjApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = jj_application_finalize;
  G_OBJECT_CLASS (klass)->get_property = jj_application_get_property;

  /* The operator logged in, or NULL while nobody is (locked, logged out, first run). */
  properties[PROP_SESSION] =
    g_param_spec_boxed ("session", NULL, NULL, JJ_TYPE_SESSION,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);
  app_class->startup = jj_application_startup;
  app_class->activate = jj_application_activate;
  app_class->shutdown = jj_application_shutdown;
  app_class->handle_local_options = jj_application_handle_local_options;
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
sync_now_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  JjApplication *self = JJ_APPLICATION (user_data);

  if (self->engine != NULL)
    jj_sync_engine_sync_now (self->engine);
}

/* From a notification about one application: its detail, in a window of its own if needed. */
static void
show_application_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  JjApplication *self = JJ_APPLICATION (user_data);
  JjWindow *window = ensure_window (self);

  gtk_window_present (GTK_WINDOW (window));
  jj_window_show_application (window, g_variant_get_int64 (parameter));
}

static void
lock_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  jj_application_lock (JJ_APPLICATION (user_data), FALSE);
}

static void
log_out_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  jj_application_log_out (JJ_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "Jiujin developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Jiujin"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("The 就近办 service-point terminal: the matter catalogue, "
                                       "handling guides and applications, offline first."),
                         "developers", developers,
                         "copyright", "© 2026 Jiujin developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
jj_application_init (JjApplication *self)
{
  static const GActionEntry actions[] = {
    { "quit", quit_activated },
    { "about", about_activated },
    { "sync-now", sync_now_activated },
    { "show-application", show_application_activated, "x" },
    { "lock", lock_activated },
    { "log-out", log_out_activated },
  };
  static const GOptionEntry options[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Keep the database in DIR instead of the default"), N_("DIR") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { "background", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Keep sending applications with no window open, e.g. when started at login"), NULL },
    { NULL }
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *sync_accels[] = { "<Control><Shift>s", NULL };
  static const char *lock_accels[] = { "<Control><Shift>l", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.sync-now", sync_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.lock", lock_accels);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                            "sync-now")),
                               FALSE);
  update_session_actions (self);
}

JjApplication *
jj_application_new (void)
{
  return g_object_new (JJ_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/jiujin/Jiujin",
                       NULL);
}

JjCatalog *
jj_application_get_catalog (JjApplication *self)
{
  g_return_val_if_fail (JJ_IS_APPLICATION (self), NULL);
  return self->catalog;
}

JjSyncEngine *
jj_application_get_sync_engine (JjApplication *self)
{
  g_return_val_if_fail (JJ_IS_APPLICATION (self), NULL);
  return self->engine;
}

JjCalendar *
jj_application_get_calendar (JjApplication *self)
{
  g_return_val_if_fail (JJ_IS_APPLICATION (self), NULL);
  return self->calendar;
}

JjSession *
jj_application_get_session (JjApplication *self)
{
  g_return_val_if_fail (JJ_IS_APPLICATION (self), NULL);
  return self->session;
}

gboolean
jj_application_get_needs_setup (JjApplication *self)
{
  g_return_val_if_fail (JJ_IS_APPLICATION (self), FALSE);
  return self->needs_setup;
}

const char *
jj_application_get_locked_login (JjApplication *self)
{
  g_return_val_if_fail (JJ_IS_APPLICATION (self), NULL);
  return self->locked_login;
}

void
jj_application_log_in (JjApplication *self,
                       JjSession     *session)
{
  g_return_if_fail (JJ_IS_APPLICATION (self));
  g_return_if_fail (session != NULL);
  g_return_if_fail (self->catalog != NULL);

  jj_session_ref (session);
  g_clear_pointer (&self->session, jj_session_unref);
  self->session = session;
  self->needs_setup = FALSE;
  g_clear_pointer (&self->locked_login, g_free);
  /* What the core does without a session argument (submitting) is recorded under this one. */
  jj_operators_set_current (jj_catalog_get_store (self->catalog), session);
  update_session_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

typedef struct
{
  JjSession *session;
  char      *lock_reason;  /* NULL for a logout */
} EndData;

static void
end_data_free (EndData *data)
{
  g_clear_pointer (&data->session, jj_session_unref);
  g_free (data->lock_reason);
  g_free (data);
}

static void
end_session_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  EndData *data = task_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (data->lock_reason == NULL)
    ok = jj_operators_logout (source_object, data->session, &error);
  else
    {
      g_autofree char *detail = g_strdup_printf ("{\"reason\":\"%s\"}", data->lock_reason);
      ok = jj_audit_append (source_object, data->session, JJ_AUDIT_LOCK,
                            jj_session_get_login (data->session), detail, &error) > 0;
    }
  if (!ok)
    g_warning ("The end of %s’s session is not on record: %s",
               jj_session_get_login (data->session), error->message);
  g_task_return_boolean (task, ok);
}

/* Ends the session at once on the screen; its record is written off the main loop. */
static void
end_session (JjApplication *self,
             const char    *lock_reason)
{
  JjStore *store;
  g_autoptr(GTask) task = NULL;
  EndData *data;

  if (self->session == NULL)
    return;

  store = jj_catalog_get_store (self->catalog);
  data = g_new0 (EndData, 1);
  data->session = g_steal_pointer (&self->session);
  data->lock_reason = g_strdup (lock_reason);
  g_free (self->locked_login);
  self->locked_login = lock_reason != NULL ? g_strdup (jj_session_get_login (data->session)) : NULL;
  jj_operators_set_current (store, NULL);
  update_session_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);

  task = g_task_new (store, NULL, NULL, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) end_data_free);
  g_task_run_in_thread (task, end_session_thread);
}

void
jj_application_lock (JjApplication *self,
                     gboolean       idle)
{
  g_return_if_fail (JJ_IS_APPLICATION (self));
  end_session (self, idle ? "idle" : "operator");
}

void
jj_application_log_out (JjApplication *self)
{
  g_return_if_fail (JJ_IS_APPLICATION (self));
  end_session (self, NULL);
}
