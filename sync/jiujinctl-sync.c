/* jiujinctl-sync.c — jiujinctl enroll, sync and sync status
 *
 * Exit codes of these commands (docs/jiujinctl.md): 0 success, 1 failure (the county refused,
 * an answer it should not have given, the database), 2 usage error, 3 not enrolled, 4 another
 * program is syncing this data folder, 5 the county platform cannot be reached or asked to
 * come back later.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>

#include "jiujinctl-private.h"
#include "jj-enrollment.h"
#include "jj-intake.h"
#include "jj-outbox.h"
#include "jj-paths.h"
#include "jj-store-private.h"
#include "jj-sync-engine.h"
#include "jj-sync-lock.h"

static char *opt_ca_file;
static gboolean opt_once;
static gboolean opt_watch;

static const GOptionEntry enroll_entries[] = {
  { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_ca_file,
    N_("Trust only the certificate authority in FILE for the county platform; it is copied "
       "into the data folder"),
    N_("FILE") },
  { NULL }
};

static const GOptionEntry sync_entries[] = {
  { "once", 0, 0, G_OPTION_ARG_NONE, &opt_once, N_("Run one sync cycle and exit (the default)"),
    NULL },
  { "watch", 0, 0, G_OPTION_ARG_NONE, &opt_watch,
    N_("Keep syncing until interrupted, as the desktop application does"), NULL },
  { NULL }
};

static int
sync_exit_code (const GError *error)
{
  if (g_error_matches (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_NOT_ENROLLED))
    return EXIT_NOT_ENROLLED;
  if (g_error_matches (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_LOCKED))
    return EXIT_LOCKED;
  if (g_error_matches (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_OFFLINE) ||
      g_error_matches (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_UNAVAILABLE))
    return EXIT_UNREACHABLE;
  return EXIT_FAILED;
}

/* --- enroll ----------------------------------------------------------------------------- */

int
cmd_enroll (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("URL CODE — enroll this terminal with the county platform"));
  g_autofree char *data_dir = NULL;
  g_autoptr(JjCatalog) catalog = NULL;
  g_autoptr(JjEnrollment) enrollment = NULL;
  g_autoptr(GPtrArray) parked = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, enroll_entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return fail (EXIT_USAGE, _("Give the county platform’s address and the enrollment code, "
                               "e.g. jiujinctl enroll https://county.example.cn/jiujin/ "
                               "7KQ4-M2PX-9TRD"));

  data_dir = jj_paths_dup_data_dir (opt_data_dir);
  if ((catalog = open_catalog (&error)) == NULL)
    return fail (EXIT_FAILED, "%s", error->message);

  enrollment = jj_enrollment_enroll (jj_catalog_get_store (catalog), data_dir, argv[1], argv[2],
                                     opt_ca_file, &parked, NULL, &error);
  if (enrollment == NULL)
    return fail (sync_exit_code (error), "%s", error->message);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      /* Never the token: output ends up in logs and tickets. */
      json_builder_begin_object (builder);
      builder_add_string (builder, "base_url", enrollment->base_url);
      builder_add_string (builder, "terminal_id", enrollment->terminal_id);
      builder_add_string (builder, "terminal_code", enrollment->terminal_code);
      builder_add_string (builder, "service_point", enrollment->service_point);
      builder_add_string (builder, "ca_file", enrollment->ca_file);
      json_builder_set_member_name (builder, "parked");
      json_builder_begin_array (builder);
      for (guint i = 0; i < parked->len; i++)
        {
          JjOutboxOutcome *outcome = g_ptr_array_index (parked, i);

          json_builder_begin_object (builder);
          builder_add_int (builder, "application_id", outcome->application_id);
          builder_add_string (builder, "receipt_number", outcome->receipt_number);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_builder (builder);
      return EXIT_OK;
    }

  /* Translators: "Enrolled with URL as T0003 (白石村便民服务站). New receipt numbers begin
   * with T3." */
  g_print (_("Enrolled with %s as %s (%s). New receipt numbers begin with %s.\n"),
           enrollment->base_url, enrollment->terminal_id, enrollment->service_point,
           enrollment->terminal_code);
  if (parked->len > 0)
    {
      g_autoptr(GString) numbers = g_string_new (NULL);

      for (guint i = 0; i < parked->len; i++)
        g_string_append_printf (numbers, "%s%s", i > 0 ? ", " : "",
                                ((JjOutboxOutcome *) g_ptr_array_index (parked, i))->receipt_number);
      /* Translators: the first is how many, the second their receipt numbers, e.g.
       * "T3-20261129-0007, T3-20261129-0008"; the county may already hold them under the
       * terminal's previous enrollment */
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "%u application sent without an answer is held for township "
                            "review: %s\n",
                            "%u applications sent without an answer are held for township "
                            "review: %s\n",
                            parked->len),
               parked->len, numbers->str);
    }
  return EXIT_OK;
}

/* --- sync ------------------------------------------------------------------------------- */

/* What one `jiujinctl sync` run saw, for the summary and --json. */
typedef struct
{
  JsonBuilder *delivered;
  JsonBuilder *parked;
  JsonBuilder *statuses;
  char        *catalog;
  guint        n_delivered;
  guint        n_parked;
  guint        n_statuses;
  GMainLoop   *loop;
} SyncRun;

static const char *
state_label (const char *state)
{
  JjApplicationState value;

  return jj_application_state_from_string (state, &value) ? jj_application_state_get_label (value)
                                                           : state;
}

static void
on_entry_finished (JjSyncEngine *engine,
                   gint64        application_id,
                   const char   *receipt_number,
                   const char   *outbox_state,
                   const char   *detail,
                   SyncRun      *run)
{
  gboolean delivered = g_str_equal (outbox_state, "delivered");
  JsonBuilder *builder = delivered ? run->delivered : run->parked;

  if (delivered)
    run->n_delivered++;
  else
    run->n_parked++;

  json_builder_begin_object (builder);
  builder_add_int (builder, "application_id", application_id);
  builder_add_string (builder, "receipt_number", receipt_number);
  builder_add_string (builder, delivered ? "case_number" : "reason", detail);
  json_builder_end_object (builder);

  if (opt_json)
    return;
  if (delivered)
    g_print (_("Delivered %s: the county’s case number is %s\n"), receipt_number, detail);
  else
    g_print (_("Parked %s for township review: %s\n"), receipt_number, detail);
}

static void
on_status_changed (JjSyncEngine *engine,
                   gint64        application_id,
                   const char   *state,
                   const char   *reason,
                   const char   *title,
                   const char   *case_number,
                   SyncRun      *run)
{
  run->n_statuses++;
  json_builder_begin_object (run->statuses);
  builder_add_int (run->statuses, "application_id", application_id);
  builder_add_string (run->statuses, "case_number", case_number);
  builder_add_string (run->statuses, "title", title);
  builder_add_string (run->statuses, "state", state);
  builder_add_string (run->statuses, "reason", reason);
  json_builder_end_object (run->statuses);

  if (opt_json)
    return;
  if (reason != NULL)
    /* Translators: title of the application, case number, new state, the county's reason */
    g_print (_("%s (%s): %s — %s\n"), title, case_number, state_label (state), reason);
  else
    g_print (_("%s (%s): %s\n"), title, case_number, state_label (state));
}

static void
on_catalog_updated (JjSyncEngine *engine,
                    const char   *version,
                    SyncRun      *run)
{
  g_free (run->catalog);
  run->catalog = g_strdup (version);
  if (!opt_json)
    g_print (_("The county’s catalogue %s is now in use.\n"), version);
}

static void
on_cycle_finished (JjSyncEngine *engine,
                   gboolean      ok,
                   SyncRun      *run)
{
  /* Watching: a failure is reported and waited out, as the desktop application does. */
  if (run->loop != NULL && !ok)
    g_printerr ("jiujinctl: %s\n", jj_sync_engine_get_last_error (engine));
}

static void
sync_run_init (SyncRun *run)
{
  run->delivered = json_builder_new ();
  run->parked = json_builder_new ();
  run->statuses = json_builder_new ();
  json_builder_begin_array (run->delivered);
  json_builder_begin_array (run->parked);
  json_builder_begin_array (run->statuses);
}

static void
sync_run_clear (SyncRun *run)
{
  g_clear_object (&run->delivered);
  g_clear_object (&run->parked);
  g_clear_object (&run->statuses);
  g_clear_pointer (&run->catalog, g_free);
  g_clear_pointer (&run->loop, g_main_loop_unref);
}

static void
add_array (JsonBuilder *builder,
           const char  *name,
           JsonBuilder *array)
{
  json_builder_end_array (array);
  json_builder_set_member_name (builder, name);
  json_builder_add_value (builder, json_builder_get_root (array));
}

/* What is still undelivered, read from the store: after a stop the engine's own count may be
 * from before the cycle it cancelled. */
static guint
count_undelivered (JjStore      *store,
                   JjSyncEngine *engine)
{
  JjOutboxCounts counts;

  if (!jj_outbox_count (store, &counts, NULL))
    return jj_sync_engine_get_pending (engine);
  return counts.pending + counts.held + counts.parked;
}

static void
print_summary (SyncRun      *run,
               JjStore      *store,
               JjSyncEngine *engine,
               const GError *error)
{
  guint undelivered = count_undelivered (store, engine);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, error == NULL);
      builder_add_string (builder, "error", error != NULL ? error->message : NULL);
      add_array (builder, "delivered", run->delivered);
      add_array (builder, "parked", run->parked);
      add_array (builder, "statuses", run->statuses);
      builder_add_string (builder, "catalog", run->catalog);
      builder_add_int (builder, "pending", undelivered);
      json_builder_end_object (builder);
      print_builder (builder);
      return;
    }

  g_print (_("Delivered %u, parked %u, %u status changes received; %u entries not delivered.\n"),
           run->n_delivered, run->n_parked, run->n_statuses, undelivered);
}

static gboolean
quit_on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static int cmd_sync_status (int argc, char **argv);

int
cmd_sync (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("— deliver the outbox to the county platform and bring its answers "
                            "back"));
  g_autofree char *data_dir = NULL;
  g_autoptr(JjCatalog) catalog = NULL;
  g_autoptr(JjSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  SyncRun run = { 0 };
  int status = EXIT_OK;

  if (argc >= 2 && g_str_equal (argv[1], "status"))
    return cmd_sync_status (argc - 1, argv + 1);

  g_option_context_add_main_entries (context, sync_entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &status))
    return status;
  if (argc != 1 || (opt_once && opt_watch))
    return fail (EXIT_USAGE, _("Use “jiujinctl sync” with --once or --watch, or “jiujinctl sync "
                               "status”."));

  data_dir = jj_paths_dup_data_dir (opt_data_dir);
  if ((catalog = open_catalog (&error)) == NULL)
    return fail (EXIT_FAILED, "%s", error->message);

  engine = jj_sync_engine_new (jj_catalog_get_store (catalog), data_dir);
  sync_run_init (&run);
  g_signal_connect (engine, "entry-finished", G_CALLBACK (on_entry_finished), &run);
  g_signal_connect (engine, "status-changed", G_CALLBACK (on_status_changed), &run);
  g_signal_connect (engine, "catalog-updated", G_CALLBACK (on_catalog_updated), &run);
  g_signal_connect (engine, "cycle-finished", G_CALLBACK (on_cycle_finished), &run);

  if (opt_watch)
    {
      run.loop = g_main_loop_new (NULL, FALSE);
      g_unix_signal_add (SIGINT, quit_on_signal, run.loop);
      g_unix_signal_add (SIGTERM, quit_on_signal, run.loop);
      jj_sync_engine_start (engine);
      g_main_loop_run (run.loop);
      jj_sync_engine_stop (engine);
      print_summary (&run, jj_catalog_get_store (catalog), engine, NULL);
    }
  else
    {
      if (!jj_sync_engine_run_once (engine, NULL, &error))
        status = sync_exit_code (error);
      print_summary (&run, jj_catalog_get_store (catalog), engine, error);
      if (error != NULL && !opt_json)
        fail (status, "%s", error->message);
    }

  g_signal_handlers_disconnect_by_data (engine, &run);
  sync_run_clear (&run);
  return status;
}

/* --- sync status ------------------------------------------------------------------------ */

static char *
format_unix (gint64 when)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (when);

  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

/* Whether another program holds the sync lock right now. */
static gboolean
syncing_elsewhere (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  int fd = jj_sync_lock_acquire (data_dir, &error);

  jj_sync_lock_release (fd);
  return g_error_matches (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_LOCKED);
}

static void
print_status_text (JjEnrollment   *enrollment,
                   const GError   *enrollment_error,
                   JjOutboxCounts *counts,
                   gint64          last_sync,
                   gboolean        elsewhere,
                   GPtrArray      *parked)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (enrollment != NULL)
    {
      g_print ("%s %s\n", _("County platform:"), enrollment->base_url);
      g_print ("%s %s (%s)\n", _("Terminal:"), enrollment->terminal_id, enrollment->terminal_code);
      g_print ("%s %s\n", _("Service point:"), enrollment->service_point);
      g_print ("%s %s\n", _("Certificate authority:"),
               enrollment->ca_file != NULL ? enrollment->ca_file : _("the system’s"));
    }
  else
    g_print ("%s %s\n", _("County platform:"), enrollment_error->message);

  g_print (_("Waiting to send: %u; held: %u; parked: %u; delivered: %u\n"), counts->pending,
           counts->held, counts->parked, counts->delivered);
  if (counts->returned > 0)
    /* Translators: entries the township reviewer returned to the clerk, not corrected yet */
    g_print (_("Sent back for correction: %u\n"), counts->returned);
  if (counts->oldest > 0)
    {
      g_autofree char *since = format_unix (counts->oldest);
      g_print (_("Oldest not delivered: since %s (%" PRId64 " minutes)\n"), since,
               MAX (0, now - counts->oldest) / 60);
    }
  if (last_sync > 0)
    {
      g_autofree char *when = format_unix (last_sync);
      g_print ("%s %s\n", _("Last successful sync:"), when);
    }
  else
    g_print ("%s %s\n", _("Last successful sync:"), _("never"));
  if (elsewhere)
    g_print ("%s\n", _("Another program is syncing this terminal now."));

  for (guint i = 0; i < parked->len; i++)
    {
      JjOutboxEntry *entry = g_ptr_array_index (parked, i);

      /* Translators: receipt number, application title, the county's reason */
      g_print (_("Parked %s (%s): %s\n"), entry->receipt_number, entry->title,
               entry->last_error != NULL ? entry->last_error : "");
    }
}

static void
print_status_json (JjEnrollment   *enrollment,
                   const GError   *enrollment_error,
                   JjOutboxCounts *counts,
                   gint64          last_sync,
                   gboolean        elsewhere,
                   GPtrArray      *parked)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "enrolled");
  json_builder_add_boolean_value (builder, enrollment != NULL);
  builder_add_string (builder, "base_url", enrollment != NULL ? enrollment->base_url : NULL);
  builder_add_string (builder, "terminal_id", enrollment != NULL ? enrollment->terminal_id : NULL);
  builder_add_string (builder, "terminal_code", enrollment != NULL ? enrollment->terminal_code : NULL);
  builder_add_string (builder, "service_point", enrollment != NULL ? enrollment->service_point : NULL);
  builder_add_string (builder, "ca_file", enrollment != NULL ? enrollment->ca_file : NULL);
  builder_add_string (builder, "problem", enrollment_error != NULL ? enrollment_error->message : NULL);
  json_builder_set_member_name (builder, "queue");
  json_builder_begin_object (builder);
  builder_add_int (builder, "pending", counts->pending);
  builder_add_int (builder, "held", counts->held);
  builder_add_int (builder, "parked", counts->parked);
  builder_add_int (builder, "delivered", counts->delivered);
  builder_add_int (builder, "returned", counts->returned);
  json_builder_end_object (builder);
  builder_add_int (builder, "oldest_age", counts->oldest > 0 ? MAX (0, now - counts->oldest) : 0);
  builder_add_int (builder, "last_sync", last_sync);
  json_builder_set_member_name (builder, "syncing_elsewhere");
  json_builder_add_boolean_value (builder, elsewhere);
  json_builder_set_member_name (builder, "parked");
  json_builder_begin_array (builder);
  for (guint i = 0; i < parked->len; i++)
    {
      JjOutboxEntry *entry = g_ptr_array_index (parked, i);

      json_builder_begin_object (builder);
      builder_add_string (builder, "uuid", entry->uuid);
      builder_add_string (builder, "receipt_number", entry->receipt_number);
      builder_add_string (builder, "title", entry->title);
      builder_add_string (builder, "reason", entry->last_error);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  print_builder (builder);
}

static int
cmd_sync_status (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("— enrollment, queue and last sync of this terminal"));
  g_autofree char *data_dir = NULL;
  g_autofree char *last_sync = NULL;
  g_autoptr(JjCatalog) catalog = NULL;
  g_autoptr(JjEnrollment) enrollment = NULL;
  g_autoptr(GPtrArray) parked = NULL;
  g_autoptr(GError) enrollment_error = NULL;
  g_autoptr(GError) error = NULL;
  JjOutboxCounts counts;
  JjStore *store;
  gboolean elsewhere;
  int status = EXIT_OK;

  if (!parse (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return fail (EXIT_USAGE, _("“sync status” takes no arguments."));

  data_dir = jj_paths_dup_data_dir (opt_data_dir);
  if ((catalog = open_catalog (&error)) == NULL)
    return fail (EXIT_FAILED, "%s", error->message);
  store = jj_catalog_get_store (catalog);

  enrollment = jj_enrollment_load (data_dir, &enrollment_error);
  if (!jj_outbox_count (store, &counts, &error) ||
      (parked = jj_outbox_list (store, "parked", 0, &error)) == NULL)
    return fail (EXIT_FAILED, "%s", error->message);
  last_sync = jj_store_dup_meta (store, "last_sync_at");
  elsewhere = syncing_elsewhere (data_dir);

  if (opt_json)
    print_status_json (enrollment, enrollment_error, &counts,
                       last_sync != NULL ? g_ascii_strtoll (last_sync, NULL, 10) : 0, elsewhere,
                       parked);
  else
    print_status_text (enrollment, enrollment_error, &counts,
                       last_sync != NULL ? g_ascii_strtoll (last_sync, NULL, 10) : 0, elsewhere,
                       parked);
  return enrollment != NULL ? EXIT_OK : EXIT_NOT_ENROLLED;
}
