/* jj-test-county.c — a real jiujin-county on loopback for tests and benchmarks
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jj-test-county.h"
#include "jj-test-util.h"

/* Generous because the suite also runs under ASan on two busy cores. */
#define START_TIMEOUT_US (30 * G_USEC_PER_SEC)
#define STOP_TIMEOUT_US  (15 * G_USEC_PER_SEC)
#define POLL_US          (20 * 1000)

struct _JjTestCounty
{
  char        *dir;
  char        *data_dir;
  char        *port_file;
  char        *log_path;
  char        *base_url;
  char       **extra_args;
  guint16      port;
  GSubprocess *process;
};

static const char *
require_env (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL || *value == '\0')
    g_error ("%s is not set: run the test through meson test", name);
  return value;
}

const char *
jj_test_county_get_ca_file (void)
{
  return require_env ("JIUJIN_TEST_CA");
}

SoupSession *
jj_test_county_new_session (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (jj_test_county_get_ca_file (),
                                                               &error);
  SoupSession *session;

  g_assert_no_error (error);
  session = soup_session_new_with_options ("timeout", 30, "idle-timeout", 30, NULL);
  soup_session_set_tls_database (session, database);
  return session;
}

static gboolean
health_is_ok (JjTestCounty *self,
              SoupSession  *session)
{
  g_autofree char *url = g_strconcat (self->base_url, "v1/health", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);

  return body != NULL && soup_message_get_status (msg) == SOUP_STATUS_OK;
}

static void
launch (JjTestCounty *self)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  int log_fd;

  g_ptr_array_add (argv, g_strdup (require_env ("JIUJIN_COUNTY")));
  g_ptr_array_add (argv, g_strdup ("serve"));
  g_ptr_array_add (argv, g_strdup ("--data-dir"));
  g_ptr_array_add (argv, g_strdup (self->data_dir));
  g_ptr_array_add (argv, g_strdup ("--listen"));
  g_ptr_array_add (argv, g_strdup_printf ("127.0.0.1:%u", self->port));
  g_ptr_array_add (argv, g_strdup ("--tls-cert"));
  g_ptr_array_add (argv, g_strdup (require_env ("JIUJIN_TEST_CERT")));
  g_ptr_array_add (argv, g_strdup ("--tls-key"));
  g_ptr_array_add (argv, g_strdup (require_env ("JIUJIN_TEST_KEY")));
  g_ptr_array_add (argv, g_strdup ("--port-file"));
  g_ptr_array_add (argv, g_strdup (self->port_file));
  for (guint i = 0; self->extra_args != NULL && self->extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (self->extra_args[i]));
  g_ptr_array_add (argv, NULL);

  log_fd = g_open (self->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  g_assert_cmpint (log_fd, >=, 0);
  g_subprocess_launcher_take_stdout_fd (launcher, dup (log_fd));
  g_subprocess_launcher_take_stderr_fd (launcher, log_fd);

  g_unlink (self->port_file);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                &error);
  g_assert_no_error (error);
}

/* GSubprocess reaps the child in GLib's worker thread and then forgets its identifier; until
 * then a zombie in /proc says the same. */
static gboolean
process_has_exited (GSubprocess *process)
{
  const char *id = g_subprocess_get_identifier (process);
  g_autofree char *stat_path = NULL;
  g_autofree char *stat = NULL;
  const char *end;

  if (id == NULL)
    return TRUE;
  stat_path = g_strdup_printf ("/proc/%s/stat", id);
  if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
    return TRUE;
  end = strrchr (stat, ')');
  return end == NULL || end[1] == '\0' || end[2] == 'Z';
}

/* Waits for the port file, then for health. Returns FALSE when the server exited first
 * (e.g. the port of a restart was not free yet). */
static gboolean
wait_until_ready (JjTestCounty *self)
{
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_US;

  while (!g_file_test (self->port_file, G_FILE_TEST_EXISTS))
    {
      if (process_has_exited (self->process))
        return FALSE;
      if (g_get_monotonic_time () > deadline)
        g_error ("jiujin-county did not write %s; see %s", self->port_file, self->log_path);
      g_usleep (POLL_US);
    }

  if (self->port == 0)
    {
      g_autofree char *text = NULL;
      guint64 port = 0;

      g_assert_true (g_file_get_contents (self->port_file, &text, NULL, NULL));
      g_assert_true (g_ascii_string_to_unsigned (g_strstrip (text), 10, 1, G_MAXUINT16, &port,
                                                 NULL));
      self->port = port;
    }
  g_free (self->base_url);
  self->base_url = g_strdup_printf ("https://127.0.0.1:%u/", self->port);

  while (!health_is_ok (self, session))
    {
      if (process_has_exited (self->process))
        return FALSE;
      if (g_get_monotonic_time () > deadline)
        g_error ("jiujin-county does not answer at %s; see %s", self->base_url, self->log_path);
      g_usleep (POLL_US);
    }
  return TRUE;
}

static void
start_and_wait (JjTestCounty *self)
{
  /* After a SIGKILL the old listening socket can linger a moment: try a few times. */
  for (int attempt = 0; attempt < 50; attempt++)
    {
      launch (self);
      if (wait_until_ready (self))
        return;
      g_subprocess_wait (self->process, NULL, NULL);
      g_clear_object (&self->process);
      g_usleep (100 * 1000);
    }
  g_error ("jiujin-county would not start; see %s", self->log_path);
}

JjTestCounty *
jj_test_county_start (const char * const *extra_args)
{
  JjTestCounty *self = g_new0 (JjTestCounty, 1);

  self->dir = jj_test_make_tmp_dir ("county-XXXXXX");
  self->data_dir = g_build_filename (self->dir, "data", NULL);
  self->port_file = g_build_filename (self->dir, "port", NULL);
  self->log_path = g_build_filename (self->dir, "county.log", NULL);
  self->extra_args = g_strdupv ((char **) extra_args);
  start_and_wait (self);
  return self;
}

static void
wait_with_timeout (GSubprocess *process,
                   gint64       timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  while (!process_has_exited (process))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_test_message ("jiujin-county ignored SIGTERM; killing it");
          g_subprocess_force_exit (process);
          break;
        }
      g_usleep (POLL_US);
    }
  g_subprocess_wait (process, NULL, NULL);
}

void
jj_test_county_kill (JjTestCounty *self)
{
  if (self->process == NULL)
    return;

  g_subprocess_send_signal (self->process, SIGKILL);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
}

void
jj_test_county_restart (JjTestCounty *self)
{
  jj_test_county_kill (self);
  start_and_wait (self);
}

void
jj_test_county_stop (JjTestCounty *self)
{
  if (self == NULL)
    return;

  if (self->process != NULL)
    {
      g_subprocess_send_signal (self->process, SIGTERM);
      wait_with_timeout (self->process, STOP_TIMEOUT_US);
      /* A server that crashed, hung or leaked under ASan must fail the test, not go
       * unnoticed. */
      if (!g_subprocess_get_if_exited (self->process))
        g_error ("jiujin-county was killed by signal %d; see %s",
                 g_subprocess_get_term_sig (self->process), self->log_path);
      g_assert_cmpint (g_subprocess_get_exit_status (self->process), ==, 0);
      g_clear_object (&self->process);
    }

  jj_test_remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->data_dir);
  g_free (self->port_file);
  g_free (self->log_path);
  g_free (self->base_url);
  g_strfreev (self->extra_args);
  g_free (self);
}

const char *
jj_test_county_get_base_url (JjTestCounty *self)
{
  return self->base_url;
}

guint16
jj_test_county_get_port (JjTestCounty *self)
{
  return self->port;
}

const char *
jj_test_county_get_data_dir (JjTestCounty *self)
{
  return self->data_dir;
}

const char *
jj_test_county_get_log_path (JjTestCounty *self)
{
  return self->log_path;
}

GPid
jj_test_county_get_pid (JjTestCounty *self)
{
  const char *id;

  if (self->process == NULL || (id = g_subprocess_get_identifier (self->process)) == NULL)
    return 0;
  return (GPid) g_ascii_strtoll (id, NULL, 10);
}

int
jj_test_county_admin_argv (JjTestCounty       *self,
                           const char * const *args,
                           char              **out,
                           char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *standard_output = NULL;
  g_autofree char *standard_error = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) require_env ("JIUJIN_COUNTY"));
  g_ptr_array_add (argv, (gpointer) "admin");
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, self->data_dir);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &standard_output, &standard_error, &wait_status, &error);
  g_assert_no_error (error);

  if (out != NULL)
    *out = g_steal_pointer (&standard_output);
  if (err != NULL)
    *err = g_steal_pointer (&standard_error);
  else if (standard_error != NULL && *standard_error != '\0')
    g_test_message ("%s", standard_error);

  if (WIFEXITED (wait_status))
    return WEXITSTATUS (wait_status);
  return 128 + WTERMSIG (wait_status);
}

char *
jj_test_county_admin (JjTestCounty *self,
                      const char   *first_arg,
                      ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *err = NULL;
  char *out = NULL;
  const char *arg;
  va_list ap;
  int status;

  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  status = jj_test_county_admin_argv (self, (const char * const *) args->pdata, &out, &err);
  if (status != 0)
    g_error ("jiujin-county admin %s exited with %d: %s", first_arg, status, err);
  return out;
}

char *
jj_test_county_issue_code (JjTestCounty *self,
                           const char   *service_point)
{
  char *out = jj_test_county_admin (self, "issue-code", "--service-point", service_point, NULL);

  g_strstrip (out);
  g_assert_cmpuint (strlen (out), ==, 14);
  return out;
}
