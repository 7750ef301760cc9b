/* jj-county-admin.c — `jiujin-county admin`: the county administrator's commands
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "jj-catalog-document.h"
#include "jj-county-admin.h"
#include "jj-county-db.h"

enum
{
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
  EXIT_NOT_FOUND = 3,
  EXIT_DATABASE = 4,
  EXIT_CATALOG = 5,
  EXIT_STATE = 6,
};

static char *opt_data_dir;
static gboolean opt_json;
static char *opt_service_point;
static char *opt_quiet_after;
static char *opt_terminal;
static char *opt_reason;
static char *opt_route;
static char *opt_method;
static char *opt_kind;
static int opt_status;
static int opt_retry_after;
static int opt_seconds;
static int opt_count;

static const GOptionEntry common_entries[] = {
  { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &opt_data_dir,
    N_("The server's data directory (holds county.db)"), N_("DIR") },
  { NULL }
};

static const GOptionEntry json_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
  { NULL }
};

static const GOptionEntry issue_entries[] = {
  { "service-point", 0, 0, G_OPTION_ARG_STRING, &opt_service_point,
    N_("The service point the code enrolls a terminal for"), N_("NAME") },
  { NULL }
};

static const GOptionEntry terminals_entries[] = {
  { "quiet-after", 0, 0, G_OPTION_ARG_STRING, &opt_quiet_after,
    N_("Flag terminals not seen for longer than this (e.g. 24h, 90m; default 24h)"),
    N_("DURATION") },
  { NULL }
};

static const GOptionEntry cases_entries[] = {
  { "terminal", 0, 0, G_OPTION_ARG_STRING, &opt_terminal,
    N_("Only the cases of this terminal"), N_("ID") },
  { NULL }
};

static const GOptionEntry case_entries[] = {
  { "reason", 0, 0, G_OPTION_ARG_STRING, &opt_reason,
    N_("Why the case is returned or rejected (required for those)"), N_("TEXT") },
  { NULL }
};

static const GOptionEntry fault_entries[] = {
  { "route", 0, 0, G_OPTION_ARG_STRING, &opt_route,
    N_("Requests whose path starts with this, e.g. /v1/submissions"), N_("PREFIX") },
  { "method", 0, 0, G_OPTION_ARG_STRING, &opt_method, N_("Only requests with this method"),
    N_("METHOD") },
  { "kind", 0, 0, G_OPTION_ARG_STRING, &opt_kind,
    N_("status, garbage, truncate, stall or reset"), N_("KIND") },
  { "status", 0, 0, G_OPTION_ARG_INT, &opt_status, N_("The status a status fault answers"),
    N_("N") },
  { "retry-after", 0, 0, G_OPTION_ARG_INT, &opt_retry_after,
    N_("Send Retry-After with this many seconds"), N_("S") },
  { "seconds", 0, 0, G_OPTION_ARG_INT, &opt_seconds, N_("How long a stall fault waits"),
    N_("S") },
  { "count", 0, 0, G_OPTION_ARG_INT, &opt_count,
    N_("Apply to this many requests, then disappear (default: until cleared)"), N_("N") },
  { NULL }
};

int
jj_county_fail (int         status,
                const char *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("%s: %s\n", g_get_prgname (), message);
  return status;
}

static int
exit_code_for (const GError *error)
{
  if (g_error_matches (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_DATABASE))
    return EXIT_DATABASE;
  if (g_error_matches (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_NOT_FOUND))
    return EXIT_NOT_FOUND;
  if (g_error_matches (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_STATE))
    return EXIT_STATE;
  if (error->domain == JJ_CATALOG_ERROR)
    return EXIT_CATALOG;
  if (g_error_matches (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_INVALID))
    return EXIT_USAGE;
  return EXIT_FAILED;
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Parses the command's options; FALSE with *status set on a usage error. */
static gboolean
parse (int                *argc,
       char             ***argv,
       const char         *parameter,
       const GOptionEntry *entries,
       gboolean            json,
       int                *status)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  if (json)
    g_option_context_add_main_entries (context, json_entries, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = jj_county_fail (EXIT_USAGE, "%s", error->message);
      return FALSE;
    }
  if (opt_data_dir == NULL)
    {
      *status = jj_county_fail (EXIT_USAGE, _("Say which data directory with --data-dir DIR."));
      return FALSE;
    }
  return TRUE;
}

static JjCountyDb *
open_db (int *status)
{
  g_autoptr(GError) error = NULL;
  JjCountyDb *db = jj_county_db_open (opt_data_dir, &error);

  if (db == NULL)
    *status = jj_county_fail (EXIT_DATABASE, "%s", error->message);
  return db;
}

static void
print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

gboolean
jj_county_parse_duration (const char *text,
                          gint64     *seconds)
{
  char *end = NULL;
  gint64 value;
  gint64 unit = 3600;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  value = g_ascii_strtoll (text, &end, 10);
  if (g_str_equal (end, "s"))
    unit = 1;
  else if (g_str_equal (end, "m"))
    unit = 60;
  else if (g_str_equal (end, "d"))
    unit = 24 * 3600;
  else if (*end != '\0' && !g_str_equal (end, "h"))
    return FALSE;
  if (value <= 0 || value > G_MAXINT64 / unit)
    return FALSE;
  *seconds = value * unit;
  return TRUE;
}

static int
cmd_issue_code (int    argc,
                char **argv)
{
  g_autoptr(JjCountyDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  int status = EXIT_OK;

  if (!parse (&argc, &argv, _("— issue a one-time enrollment code"), issue_entries, FALSE,
              &status))
    return status;
  if (opt_service_point == NULL || argc != 1)
    return jj_county_fail (EXIT_USAGE,
                           _("Name the service point: issue-code --service-point NAME."));
  if ((db = open_db (&status)) == NULL)
    return status;

  code = jj_county_db_issue_code (db, opt_service_point, now_seconds (), &error);
  if (code == NULL)
    return jj_county_fail (exit_code_for (error), "%s", error->message);
  g_print ("%s\n", code);
  return EXIT_OK;
}

static char *
format_age (gint64 seconds)
{
  int days;

  if (seconds < 3600)
    return g_strdup_printf (_("%d min"), (int) (seconds / 60));
  if (seconds < 48 * 3600)
    return g_strdup_printf (_("%d h %d min"), (int) (seconds / 3600), (int) (seconds % 3600 / 60));
  days = (int) MIN (seconds / 86400, G_MAXINT);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", days), days);
}

static const char *
or_dash (JsonObject *object,
         const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return "—";
  return json_node_get_string (node);
}

static void
print_terminal (JsonObject *terminal)
{
  JsonNode *queue = json_object_get_member (terminal, "queue");
  JsonNode *free_disk = json_object_get_member (terminal, "free_disk");
  g_autofree char *cases = g_strdup_printf ("%" G_GINT64_FORMAT,
                                            json_object_get_int_member (terminal, "cases"));
  g_autofree char *oldest = NULL;
  g_autofree char *depth = NULL;
  g_autofree char *disk = NULL;
  g_autofree char *queue_text = NULL;

  /* The flags are words of their own so that a translation cannot lose the spacing. */
  g_print ("%s  %s  %s%s%s%s%s\n", json_object_get_string_member (terminal, "terminal_id"),
           json_object_get_string_member (terminal, "terminal_code"),
           json_object_get_string_member (terminal, "service_point"),
           json_object_get_boolean_member (terminal, "revoked") ? "  " : "",
           json_object_get_boolean_member (terminal, "revoked") ? _("REVOKED") : "",
           json_object_get_boolean_member (terminal, "quiet") ? "  " : "",
           json_object_get_boolean_member (terminal, "quiet") ? _("QUIET") : "");

  if (queue != NULL && !JSON_NODE_HOLDS_NULL (queue))
    {
      oldest = format_age (json_object_get_int_member (terminal, "oldest"));
      depth = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (queue));
      queue_text = g_strdup_printf (_("%s (oldest %s)"), depth, oldest);
    }
  if (free_disk != NULL && !JSON_NODE_HOLDS_NULL (free_disk))
    disk = g_format_size (json_node_get_int (free_disk));

  g_print ("    ");
  g_print (_("last seen %s · queue %s · last sync %s · app %s · catalogue %s · free disk %s · "
             "%s cases"),
           or_dash (terminal, "last_seen"), queue_text != NULL ? queue_text : "—",
           or_dash (terminal, "last_sync"), or_dash (terminal, "app"),
           or_dash (terminal, "catalog"), disk != NULL ? disk : "—", cases);
  g_print ("\n");
}

static int
cmd_terminals (int    argc,
               char **argv)
{
  g_autoptr(JjCountyDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = NULL;
  gint64 quiet_after = 24 * 3600;
  JsonArray *array;
  int status = EXIT_OK;

  if (!parse (&argc, &argv, _("— list the enrolled terminals and their last heartbeat"),
              terminals_entries, TRUE, &status))
    return status;
  if (argc != 1)
    return jj_county_fail (EXIT_USAGE, _("“terminals” takes no arguments."));
  if (opt_quiet_after != NULL && !jj_county_parse_duration (opt_quiet_after, &quiet_after))
    return jj_county_fail (EXIT_USAGE,
                           _("--quiet-after wants a duration such as 24h, 90m or 2d."));
  if ((db = open_db (&status)) == NULL)
    return status;

  if ((list = jj_county_db_list_terminals (db, now_seconds (), quiet_after, &error)) == NULL)
    return jj_county_fail (exit_code_for (error), "%s", error->message);
  if (opt_json)
    {
      print_json (list);
      return EXIT_OK;
    }

  array = json_node_get_array (list);
  if (json_array_get_length (array) == 0)
    g_print ("%s\n", _("No terminal is enrolled yet."));
  for (guint i = 0; i < json_array_get_length (array); i++)
    print_terminal (json_array_get_object_element (array, i));
  return EXIT_OK;
}

/* "revision 2" for a case past its first revision, NULL for the rest. Caller frees. */
static char *
revision_label (JsonObject *item)
{
  gint64 revision = json_object_get_int_member_with_default (item, "revision", 1);
  g_autofree char *number = NULL;

  if (revision <= 1)
    return NULL;
  number = g_strdup_printf ("%" G_GINT64_FORMAT, revision);
  return g_strdup_printf (_("revision %s"), number);
}

static int
cmd_cases (int    argc,
           char **argv)
{
  g_autoptr(JjCountyDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonArray *array;
  int status = EXIT_OK;

  if (!parse (&argc, &argv, _("— list the cases received, newest first"), cases_entries, TRUE,
              &status))
    return status;
  if (argc != 1)
    return jj_county_fail (EXIT_USAGE, _("“cases” takes no arguments."));
  if ((db = open_db (&status)) == NULL)
    return status;

  if ((list = jj_county_db_list_cases (db, opt_terminal, &error)) == NULL)
    return jj_county_fail (exit_code_for (error), "%s", error->message);
  if (opt_json)
    {
      print_json (list);
      return EXIT_OK;
    }

  array = json_node_get_array (list);
  if (json_array_get_length (array) == 0)
    g_print ("%s\n", _("No case has been received yet."));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      const char *reason = or_dash (item, "reason");
      g_autofree char *revision = revision_label (item);

      g_print ("%s  %s  %s  %s%s%s  %s%s%s\n",
               json_object_get_string_member (item, "case_number"),
               json_object_get_string_member (item, "terminal_id"),
               json_object_get_string_member (item, "receipt_number"),
               json_object_get_string_member (item, "state"),
               revision != NULL ? "  " : "", revision != NULL ? revision : "",
               json_object_get_string_member (item, "received_at"),
               g_str_equal (reason, "—") ? "" : "  ", g_str_equal (reason, "—") ? "" : reason);
    }
  return EXIT_OK;
}

static int
cmd_case_show (int    argc,
               char **argv)
{
  g_autoptr(JjCountyDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonArray *revisions;
  int status = EXIT_OK;

  if (!parse (&argc, &argv, _("CASE_NUMBER — show a case and its revisions"), NULL, TRUE,
              &status))
    return status;
  if (argc != 2)
    return jj_county_fail (EXIT_USAGE, _("Give one case number, e.g. case show JX2026-000123."));
  if ((db = open_db (&status)) == NULL)
    return status;

  if ((node = jj_county_db_get_case (db, NULL, argv[1], &error)) == NULL)
    return jj_county_fail (exit_code_for (error), "%s", error->message);
  if (opt_json)
    {
      print_json (node);
      return EXIT_OK;
    }

  object = json_node_get_object (node);
  g_print ("%s  %s  %s\n", json_object_get_string_member (object, "case_number"),
           json_object_get_string_member (object, "receipt_number"),
           jj_county_case_state_label (json_object_get_string_member (object, "state")));
  g_print ("    ");
  g_print (_("received %s · updated %s · reason %s"), or_dash (object, "received_at"),
           or_dash (object, "updated_at"), or_dash (object, "reason"));
  g_print ("\n");
  revisions = json_object_get_array_member (object, "revisions");
  for (guint i = 0; revisions != NULL && i < json_array_get_length (revisions); i++)
    {
      JsonObject *revision = json_array_get_object_element (revisions, i);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 json_object_get_int_member (revision,
                                                                             "revision"));

      g_print ("    ");
      g_print (_("revision %s · received %s · key %s"), number,
               or_dash (revision, "received_at"), or_dash (revision, "idempotency_key"));
      g_print ("\n");
    }
  return EXIT_OK;
}

static int
cmd_case (int    argc,
          char **argv)
{
  static const struct
  {
    const char *verb;
    const char *state;
  } verbs[] = {
    { "accept", "accepted" },
    { "complete", "completed" },
    { "return", "returned" },
    { "reject", "rejected" },
  };
  g_autoptr(JjCountyDb) db = NULL;
  g_autoptr(GError) error = NULL;
  const char *state = NULL;
  int status = EXIT_OK;

  if (argc > 1 && g_str_equal (argv[1], "show"))
    return cmd_case_show (argc - 1, argv + 1);
  if (!parse (&argc, &argv, _("accept|complete|return|reject CASE_NUMBER — advance a case"),
              case_entries, FALSE, &status))
    return status;
  for (guint i = 0; argc == 3 && i < G_N_ELEMENTS (verbs); i++)
    if (g_str_equal (argv[1], verbs[i].verb))
      state = verbs[i].state;
  if (state == NULL)
    return jj_county_fail (EXIT_USAGE,
                           _("Say what to do with which case: case accept|complete|return|reject "
                             "CASE_NUMBER [--reason TEXT]."));
  if ((db = open_db (&status)) == NULL)
    return status;

  if (!jj_county_db_set_case_state (db, argv[2], state, opt_reason, now_seconds (), &error))
    return jj_county_fail (exit_code_for (error), "%s", error->message);
  g_print (_("Case %s is now %s.\n"), argv[2], jj_county_case_state_label (state));
  return EXIT_OK;
}

static GBytes *
gzip_bytes (GBytes  *data,
            GError **error)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP,
                                                                 9);
  g_autoptr(GInputStream) plain = g_memory_input_stream_new_from_bytes (data);
  g_autoptr(GInputStream) compressed = g_converter_input_stream_new (plain,
                                                                     G_CONVERTER (compressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (g_output_stream_splice (out, compressed,
                              G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                              G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                              NULL, error) < 0)
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static int
cmd_publish_catalog (int    argc,
                     char **argv)
{
  g_autoptr(JjCountyDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JjCatalogDocument) document = NULL;
  g_autoptr(GBytes) gzipped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  int status = EXIT_OK;

  if (!parse (&argc, &argv, _("FILE — validate a catalogue and make it the current version"),
              NULL, FALSE, &status))
    return status;
  if (argc != 2)
    return jj_county_fail (EXIT_USAGE, _("Give one catalogue file: publish-catalog FILE."));
  if (!g_file_get_contents (argv[1], &data, &length, &error))
    return jj_county_fail (EXIT_CATALOG, "%s", error->message);

  /* The same validator the terminals run: a catalogue they would reject is never served. */
  if ((document = jj_catalog_document_load_data (data, length, argv[1], &error)) == NULL)
    return jj_county_fail (EXIT_CATALOG, "%s", error->message);

  bytes = g_bytes_new_take (g_steal_pointer (&data), length);
  if ((gzipped = gzip_bytes (bytes, &error)) == NULL)
    return jj_county_fail (EXIT_FAILED, "%s", error->message);
  if ((db = open_db (&status)) == NULL)
    return status;
  if (!jj_county_db_publish_catalog (db, jj_catalog_document_get_version (document), bytes,
                                     gzipped, now_seconds (), &error))
    return jj_county_fail (exit_code_for (error), "%s", error->message);

  g_print (_("Published catalogue %s: %u matters, %u bundles.\n"),
           jj_catalog_document_get_version (document),
           jj_catalog_document_get_n_matters (document),
           jj_catalog_document_get_n_bundles (document));
  return EXIT_OK;
}

static int
fault_add (JjCountyDb *db)
{
  static const char * const kinds[] = { "status", "garbage", "truncate", "stall", "reset", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *method = opt_method != NULL ? g_ascii_strup (opt_method, -1) : NULL;
  JjCountyFault fault = {
    .route = opt_route, .method = method, .kind = opt_kind,
    .status = opt_status, .retry_after = opt_retry_after, .seconds = opt_seconds,
  };

  if (opt_route == NULL || opt_route[0] != '/')
    return jj_county_fail (EXIT_USAGE, _("--route wants a path prefix starting with /, e.g. "
                                         "/v1/submissions."));
  if (opt_kind == NULL || !g_strv_contains (kinds, opt_kind))
    return jj_county_fail (EXIT_USAGE,
                           _("--kind is one of status, garbage, truncate, stall, reset."));
  if (g_str_equal (opt_kind, "status") && (opt_status < 400 || opt_status > 599))
    return jj_county_fail (EXIT_USAGE, _("A status fault needs --status from 400 to 599."));
  if (g_str_equal (opt_kind, "stall") && opt_seconds <= 0)
    return jj_county_fail (EXIT_USAGE, _("A stall fault needs --seconds greater than 0."));
  if (opt_count < 0 || opt_retry_after < 0)
    return jj_county_fail (EXIT_USAGE, _("--count and --retry-after cannot be negative."));

  if (!jj_county_db_add_fault (db, &fault, opt_count, &error))
    return jj_county_fail (exit_code_for (error), "%s", error->message);
  return EXIT_OK;
}

static int
cmd_fault (int    argc,
           char **argv)
{
  g_autoptr(JjCountyDb) db = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  if (!parse (&argc, &argv, _("add|clear — inject faults into the running server (testing)"),
              fault_entries, FALSE, &status))
    return status;
  if (argc != 2 || (!g_str_equal (argv[1], "add") && !g_str_equal (argv[1], "clear")))
    return jj_county_fail (EXIT_USAGE,
                           _("Use fault add --route PREFIX --kind KIND … or fault clear."));
  if ((db = open_db (&status)) == NULL)
    return status;

  if (g_str_equal (argv[1], "add"))
    return fault_add (db);
  if (!jj_county_db_clear_faults (db, &error))
    return jj_county_fail (exit_code_for (error), "%s", error->message);
  return EXIT_OK;
}

static int
cmd_revoke (int    argc,
            char **argv)
{
  g_autoptr(JjCountyDb) db = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  if (!parse (&argc, &argv, _("TERMINAL_ID — revoke a terminal's token"), NULL, FALSE,
              &status))
    return status;
  if (argc != 2)
    return jj_county_fail (EXIT_USAGE, _("Give one terminal id, e.g. revoke T0003."));
  if ((db = open_db (&status)) == NULL)
    return status;
  if (!jj_county_db_revoke (db, argv[1], now_seconds (), &error))
    return jj_county_fail (exit_code_for (error), "%s", error->message);
  return EXIT_OK;
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n%s\n",
           _("Usage: jiujin-county admin --data-dir DIR COMMAND [OPTIONS…]"),
           _("Commands:\n"
             "  issue-code --service-point NAME\n"
             "  terminals [--quiet-after DURATION] [--json]\n"
             "  cases [--terminal ID] [--json]\n"
             "  case accept|complete|return|reject CASE_NUMBER [--reason TEXT]\n"
             "  case show CASE_NUMBER [--json]\n"
             "  publish-catalog FILE\n"
             "  revoke TERMINAL_ID\n"
             "  fault add --route PREFIX [--method M] --kind status|garbage|truncate|stall|reset\n"
             "            [--status N] [--retry-after S] [--seconds S] [--count N]\n"
             "  fault clear\n"
             "\n"
             "Each command takes --help. Exit codes: 0 success, 1 failure, 2 usage error,\n"
             "3 not found, 4 database unusable, 5 catalogue rejected, 6 case cannot move."));
}

int
jj_county_admin_main (int    argc,
                      char **argv)
{
  static const struct
  {
    const char *name;
    int (*run) (int argc, char **argv);
  } commands[] = {
    { "issue-code", cmd_issue_code },
    { "terminals", cmd_terminals },
    { "cases", cmd_cases },
    { "case", cmd_case },
    { "publish-catalog", cmd_publish_catalog },
    { "fault", cmd_fault },
    { "revoke", cmd_revoke },
  };
  g_autofree char *prgname = NULL;

  /* --data-dir may come before the command: admin --data-dir DIR terminals */
  while (argc > 1 && argv[1][0] == '-')
    {
      if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
        {
          print_usage (stdout);
          return EXIT_OK;
        }
      if ((g_str_equal (argv[1], "--data-dir") || g_str_equal (argv[1], "-d")) && argc > 2)
        {
          g_free (opt_data_dir);
          opt_data_dir = g_strdup (argv[2]);
          argv += 2, argc -= 2;
          continue;
        }
      if (g_str_has_prefix (argv[1], "--data-dir="))
        {
          g_free (opt_data_dir);
          opt_data_dir = g_strdup (argv[1] + strlen ("--data-dir="));
          argv++, argc--;
          continue;
        }
      print_usage (stderr);
      return EXIT_USAGE;
    }

  for (guint i = 0; argc > 1 && i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        {
          prgname = g_strjoin (" ", "jiujin-county admin", argv[1], NULL);
          g_set_prgname (prgname);
          return commands[i].run (argc - 1, argv + 1);
        }
    }
  print_usage (stderr);
  return EXIT_USAGE;
}
