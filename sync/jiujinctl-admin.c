/* jiujinctl-admin.c — jiujinctl operators and audit: the technician's commands
 *
 * jiujinctl acts as an operator who names themself with --as LOGIN and gives their PIN on
 * standard input (a technician here, a township reviewer or a clerk for `queue` and
 * `applications reopen`); the commands are then audited under that login like the same
 * actions in the GUI. PINs never come from the command line, where other users could read them in
 * /proc. On a terminal they are asked for without echo; from a pipe (or with --pin-stdin)
 * they are read one per line: first the --as operator's, then the new one.
 *
 * Exit codes (docs/jiujinctl.md): 0 success, 1 failure (for audit verify: the chain is
 * broken), 2 usage error, 3 no such operator, 4 the database cannot be used, 6 refused (a
 * wrong PIN, a locked or disabled operator, a role that does not allow the command).
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "jiujinctl-private.h"
#include "jj-audit.h"
#include "jj-operators.h"
#include "jj-paths.h"

static char *opt_as;
static char *opt_name;
static char *opt_role;
static gboolean opt_pin_stdin;
static char *opt_since;
static char *opt_until;
static char *opt_action;
static int opt_limit;
static char *opt_csv;

const GOptionEntry admin_as_entries[] = {
  { "as", 0, 0, G_OPTION_ARG_STRING, &opt_as,
    N_("Act as the operator LOGIN, whose PIN is read from standard input"), N_("LOGIN") },
  { "pin-stdin", 0, 0, G_OPTION_ARG_NONE, &opt_pin_stdin,
    N_("Read PINs from standard input, one per line, even on a terminal"), NULL },
  { NULL }
};

static const GOptionEntry add_entries[] = {
  { "name", 0, 0, G_OPTION_ARG_STRING, &opt_name, N_("The operator’s name as people see it"),
    N_("NAME") },
  { "role", 0, 0, G_OPTION_ARG_STRING, &opt_role,
    N_("clerk, reviewer or technician"), N_("ROLE") },
  { NULL }
};

static const GOptionEntry audit_filter_entries[] = {
  { "since", 0, 0, G_OPTION_ARG_STRING, &opt_since,
    N_("Only rows written on DATE (YYYY-MM-DD) or later"), N_("DATE") },
  { "until", 0, 0, G_OPTION_ARG_STRING, &opt_until,
    N_("Only rows written on DATE (YYYY-MM-DD) or earlier"), N_("DATE") },
  { "action", 0, 0, G_OPTION_ARG_STRING, &opt_action,
    N_("Only rows of ACTION, e.g. queue-hold or login-failed"), N_("ACTION") },
  { NULL }
};

static const GOptionEntry audit_list_entries[] = {
  { "limit", 'n', 0, G_OPTION_ARG_INT, &opt_limit, N_("Print at most N rows, newest first"),
    N_("N") },
  { NULL }
};

static const GOptionEntry audit_export_entries[] = {
  { "csv", 0, 0, G_OPTION_ARG_FILENAME, &opt_csv, N_("Write the rows to FILE as CSV"),
    N_("FILE") },
  { NULL }
};

/* A PIN is wiped from memory when freed. */
typedef char Pin;

static void
pin_free (Pin *pin)
{
  if (pin == NULL)
    return;
  explicit_bzero (pin, strlen (pin));
  g_free (pin);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pin, pin_free)

int
admin_exit_code (const GError *error)
{
  if (error->domain == JJ_STORE_ERROR)
    return EXIT_DATABASE;
  if (g_error_matches (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_NOT_FOUND))
    return EXIT_NOT_FOUND;
  if (g_error_matches (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_WRONG_PIN) ||
      g_error_matches (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_LOCKED) ||
      g_error_matches (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_DISABLED) ||
      g_error_matches (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_FORBIDDEN))
    return EXIT_DENIED;
  return EXIT_FAILED;
}

/* One line of standard input without its line end, or NULL at its end. */
static Pin *
read_line (void)
{
  char *line = NULL;
  size_t size = 0;
  ssize_t length = getline (&line, &size, stdin);

  if (length < 0)
    {
      free (line);
      return NULL;
    }
  while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r'))
    line[--length] = '\0';
  /* getline() allocates with malloc(), and g_free() is free() since GLib 2.46. */
  return line;
}

/* Reads a PIN: asked for on the terminal without echo, or the next line of standard input. */
static Pin *
read_pin (const char  *prompt,
          int         *status)
{
  gboolean terminal = !opt_pin_stdin && isatty (STDIN_FILENO);
  struct termios saved, quiet;
  Pin *pin;

  if (terminal)
    {
      fprintf (stderr, "%s ", prompt);
      fflush (stderr);
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  pin = read_line ();
  if (terminal)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      fputc ('\n', stderr);
    }
  if (pin == NULL)
    *status = fail (EXIT_USAGE, _("A PIN was expected on standard input."));
  return pin;
}

JjStore *
admin_open_store (int *status)
{
  g_autofree char *data_dir = jj_paths_dup_data_dir (opt_data_dir);
  g_autoptr(GError) error = NULL;
  JjStore *store = jj_store_open (data_dir, &error);

  if (store == NULL)
    *status = fail (EXIT_DATABASE, "%s", error->message);
  return store;
}

JjSession *
admin_log_in (JjStore *store,
              int     *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Pin) pin = NULL;
  g_autofree char *prompt = NULL;
  JjSession *session;

  if (opt_as == NULL)
    {
      *status = fail (EXIT_USAGE, _("Give --as LOGIN: the operator doing this, whose PIN is "
                                    "read from standard input."));
      return NULL;
    }
  /* Translators: the prompt for a PIN on the terminal; %s is a login */
  prompt = g_strdup_printf (_("PIN of %s:"), opt_as);
  if ((pin = read_pin (prompt, status)) == NULL)
    return NULL;
  if ((session = jj_operators_login (store, opt_as, pin, &error)) == NULL)
    *status = fail (admin_exit_code (error), "%s", error->message);
  return session;
}

void
admin_log_out (JjStore   *store,
               JjSession *session)
{
  g_autoptr(GError) error = NULL;

  if (!jj_operators_logout (store, session, &error))
    g_printerr ("jiujinctl: %s\n", error->message);
}

/* A new operator's PIN, asked twice on a terminal. */
static Pin *
read_new_pin (const char *login,
              int        *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Pin) pin = NULL;
  g_autoptr(Pin) again = NULL;
  g_autofree char *prompt = NULL;

  /* Translators: the prompt for a new PIN on the terminal; %s is a login */
  prompt = g_strdup_printf (_("New PIN for %s (6 to 12 digits):"), login);
  if ((pin = read_pin (prompt, status)) == NULL)
    return NULL;
  if (!jj_operators_check_pin (pin, &error))
    {
      *status = fail (EXIT_USAGE, "%s", error->message);
      return NULL;
    }
  if (!opt_pin_stdin && isatty (STDIN_FILENO))
    {
      if ((again = read_pin (_("The same PIN again:"), status)) == NULL)
        return NULL;
      if (!g_str_equal (pin, again))
        {
          *status = fail (EXIT_USAGE, _("The two PINs differ; nothing was changed."));
          return NULL;
        }
    }
  return g_steal_pointer (&pin);
}

/* --- operators ------------------------------------------------------------------------- */

static int
cmd_operators_add (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("LOGIN --name NAME --role ROLE — add an operator"));
  g_autoptr(JjStore) store = NULL;
  g_autoptr(JjSession) session = NULL;
  g_autoptr(Pin) pin = NULL;
  g_autoptr(GError) error = NULL;
  gboolean first_run;
  JjRole role;
  gint64 id;
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, add_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, admin_as_entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || opt_name == NULL || opt_role == NULL)
    return fail (EXIT_USAGE, _("Give the login, --name and --role, e.g. jiujinctl operators add "
                               "wangfang --name 王芳 --role clerk --as tech"));
  if (!jj_role_from_string (opt_role, &role))
    return fail (EXIT_USAGE, _("Unknown role “%s”: use clerk, reviewer or technician."), opt_role);
  if ((store = admin_open_store (&status)) == NULL)
    return status;

  first_run = jj_operators_needs_setup (store, &error);
  if (error != NULL)
    return fail (admin_exit_code (error), "%s", error->message);
  if (first_run && role != JJ_ROLE_TECHNICIAN)
    return fail (EXIT_USAGE, _("This terminal has no operators yet: add a technician first."));
  if (first_run && opt_as != NULL)
    return fail (EXIT_USAGE, _("This terminal has no operators yet: leave out --as; the first "
                               "technician needs no one’s permission."));
  if (!first_run && (session = admin_log_in (store, &status)) == NULL)
    return status;

  if ((pin = read_new_pin (argv[1], &status)) != NULL)
    {
      id = first_run ? jj_operators_create_first_technician (store, argv[1], opt_name, pin, &error)
                     : jj_operators_add (store, session, argv[1], opt_name, role, pin, &error);
      if (id == 0)
        status = fail (admin_exit_code (error), "%s", error->message);
      else
        /* Translators: %s is a login, then a role */
        g_print (_("Added %s as %s.\n"), argv[1], jj_role_get_display_name (role));
    }
  if (session != NULL)
    admin_log_out (store, session);
  return status;
}

static void
print_operators (GPtrArray *operators)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (opt_json)
    {
      g_autoptr(JsonArray) array = json_array_sized_new (operators->len);
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < operators->len; i++)
        {
          const JjOperator *op = g_ptr_array_index (operators, i);
          JsonObject *object = json_object_new ();

          json_object_set_string_member (object, "login", op->login);
          json_object_set_string_member (object, "name", op->display_name);
          json_object_set_string_member (object, "role", jj_role_to_string (op->role));
          json_object_set_boolean_member (object, "disabled", op->disabled);
          json_object_set_boolean_member (object, "locked", op->locked_until > now);
          json_object_set_int_member (object, "failed_attempts", op->failed_attempts);
          json_object_set_int_member (object, "created_at", op->created_at);
          json_object_set_int_member (object, "updated_at", op->updated_at);
          json_array_add_object_element (array, object);
        }
      json_node_set_array (root, array);
      print_json (root);
      return;
    }

  for (guint i = 0; i < operators->len; i++)
    {
      const JjOperator *op = g_ptr_array_index (operators, i);
      const char *state = op->disabled ? _("disabled")
                          : op->locked_until > now ? _("locked")
                          : _("enabled");

      g_print ("%s\t%s\t%s\t%s\n", op->login, op->display_name,
               jj_role_get_display_name (op->role), state);
    }
}

static int
cmd_operators_list (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the operators"));
  g_autoptr(JjStore) store = NULL;
  g_autoptr(GPtrArray) operators = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  if (!parse (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return fail (EXIT_USAGE, _("“operators list” takes no arguments."));
  if ((store = admin_open_store (&status)) == NULL)
    return status;
  if ((operators = jj_operators_list (store, &error)) == NULL)
    return fail (admin_exit_code (error), "%s", error->message);
  print_operators (operators);
  return EXIT_OK;
}

typedef enum
{
  CHANGE_DISABLE,
  CHANGE_ENABLE,
  CHANGE_RESET_PIN,
} Change;

static int
cmd_operators_change (int     argc,
                      char  **argv,
                      Change  change)
{
  static const char * const summaries[] = {
    [CHANGE_DISABLE] = N_("LOGIN — disable an operator"),
    [CHANGE_ENABLE] = N_("LOGIN — enable an operator again"),
    [CHANGE_RESET_PIN] = N_("LOGIN — give an operator a new PIN"),
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_(summaries[change]));
  g_autoptr(JjStore) store = NULL;
  g_autoptr(JjSession) session = NULL;
  g_autoptr(Pin) pin = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, admin_as_entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return fail (EXIT_USAGE, _("Give one operator’s login."));
  if ((store = admin_open_store (&status)) == NULL ||
      (session = admin_log_in (store, &status)) == NULL)
    return status;

  switch (change)
    {
    case CHANGE_DISABLE:
    case CHANGE_ENABLE:
      ok = jj_operators_set_disabled (store, session, argv[1], change == CHANGE_DISABLE, &error);
      break;
    case CHANGE_RESET_PIN:
      if ((pin = read_new_pin (argv[1], &status)) == NULL)
        {
          admin_log_out (store, session);
          return status;
        }
      ok = jj_operators_reset_pin (store, session, argv[1], pin, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    status = fail (admin_exit_code (error), "%s", error->message);
  else if (change == CHANGE_DISABLE)
    g_print (_("%s is disabled.\n"), argv[1]);
  else if (change == CHANGE_ENABLE)
    g_print (_("%s is enabled.\n"), argv[1]);
  else
    g_print (_("%s has a new PIN.\n"), argv[1]);
  admin_log_out (store, session);
  return status;
}

/* --- audit ------------------------------------------------------------------------------ */

/* Unix time of the start of local day @text (YYYY-MM-DD), plus @days_after days. */
static gboolean
parse_day (const char *option,
           const char *text,
           int         days_after,
           gint64     *time,
           int        *status)
{
  int year, month, day;
  char end;
  g_autoptr(GDateTime) start = NULL;

  *time = 0;
  if (text == NULL)
    return TRUE;
  if (sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) == 3 &&
      g_date_valid_dmy (day, month, year) &&
      (start = g_date_time_new_local (year, month, day, 0, 0, 0)) != NULL)
    {
      g_autoptr(GDateTime) shifted = g_date_time_add_days (start, days_after);

      *time = g_date_time_to_unix (shifted);
      return TRUE;
    }
  /* Translators: "--since" or "--until", then what was given */
  *status = fail (EXIT_USAGE, _("%s takes a date as YYYY-MM-DD, e.g. 2026-01-31, not “%s”."),
                  option, text);
  return FALSE;
}

/* --since, --until and --action. */
static gboolean
parse_filter (gint64 *since,
              gint64 *until,
              int    *status)
{
  if (!parse_day ("--since", opt_since, 0, since, status) ||
      !parse_day ("--until", opt_until, 1, until, status))
    return FALSE;
  if (opt_action != NULL && !jj_audit_is_action (opt_action))
    {
      *status = fail (EXIT_USAGE, _("Unknown audit action “%s”."), opt_action);
      return FALSE;
    }
  return TRUE;
}

static int
cmd_audit_verify (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("— check that no row of the audit log was changed, deleted or moved"));
  g_autoptr(JjStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  JjAuditBreak kind;
  gint64 broken, n_rows;
  int status = EXIT_OK;

  if (!parse (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return fail (EXIT_USAGE, _("“audit verify” takes no arguments."));
  if ((store = admin_open_store (&status)) == NULL)
    return status;
  if (!jj_audit_verify (store, &broken, &kind, &n_rows, &head, &error))
    return fail (admin_exit_code (error), "%s", error->message);

  if (opt_json)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      static const char * const kinds[] = { "intact", "modified", "missing", "out-of-order" };

      json_object_set_boolean_member (object, "intact", broken == 0);
      json_object_set_int_member (object, "rows_verified", n_rows);
      json_object_set_string_member (object, "head_hash", head);
      if (broken != 0)
        json_object_set_int_member (object, "first_broken_id", broken);
      else
        json_object_set_null_member (object, "first_broken_id");
      json_object_set_string_member (object, "break", kinds[kind]);
      json_object_set_string_member (object, "message", jj_audit_break_describe (kind));
      json_node_set_object (root, object);
      print_json (root);
    }
  else if (broken == 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "The audit log is intact: %" PRId64 " row, last hash %s.\n",
                          "The audit log is intact: %" PRId64 " rows, last hash %s.\n", n_rows),
             n_rows, head);
  else
    {
      /* Translators: a row id, then a sentence saying why it breaks the chain */
      g_print (_("The audit log is broken at row %" PRId64 ": %s\n"), broken,
               jj_audit_break_describe (kind));
      g_print (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " row before it is intact.\n",
                            "%" PRId64 " rows before it are intact.\n", n_rows),
               n_rows);
    }

  return broken == 0 ? EXIT_OK : EXIT_FAILED;
}

static void
print_entries (GPtrArray *entries)
{
  if (opt_json)
    {
      g_autoptr(JsonArray) array = json_array_sized_new (entries->len);
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < entries->len; i++)
        {
          const JjAuditEntry *entry = g_ptr_array_index (entries, i);
          JsonObject *object = json_object_new ();
          JsonNode *detail = entry->detail[0] != '\0' ? json_from_string (entry->detail, NULL)
                                                      : NULL;

          json_object_set_int_member (object, "id", entry->id);
          json_object_set_int_member (object, "at", entry->at);
          json_object_set_string_member (object, "operator", entry->operator_login);
          json_object_set_string_member (object, "role", entry->operator_role);
          json_object_set_string_member (object, "action", entry->action);
          json_object_set_string_member (object, "subject", entry->subject);
          if (detail != NULL)
            json_object_set_member (object, "detail", detail);
          else
            json_object_set_null_member (object, "detail");
          json_object_set_string_member (object, "hash", entry->hash);
          json_array_add_object_element (array, object);
        }
      json_node_set_array (root, array);
      print_json (root);
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const JjAuditEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (entry->at);
      g_autofree char *time = g_date_time_format (when, "%Y-%m-%d %H:%M:%S");

      g_print ("%" PRId64 "\t%s\t%s\t%s\t%s\t%s\n", entry->id, time,
               entry->operator_login[0] != '\0' ? entry->operator_login : "-",
               jj_audit_action_display_name (entry->action), entry->subject, entry->detail);
    }
}

/* Logs in as --as and checks the session may read the log. */
static JjSession *
log_in_auditor (JjStore *store,
                int     *status)
{
  g_autoptr(JjSession) session = admin_log_in (store, status);

  if (session == NULL)
    return NULL;
  if (!jj_session_can (session, JJ_PERMISSION_AUDIT))
    {
      /* Translators: %s is a role, e.g. “Township reviewer” */
      *status = fail (EXIT_DENIED, _("The role “%s” does not allow this."),
                      jj_role_get_display_name (jj_session_get_role (session)));
      admin_log_out (store, session);
      return NULL;
    }
  return g_steal_pointer (&session);
}

static int
cmd_audit_list (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— print the audit log"));
  g_autoptr(JjStore) store = NULL;
  g_autoptr(JjSession) session = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  gint64 since, until;
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, audit_filter_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, audit_list_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, admin_as_entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &status) || !parse_filter (&since, &until, &status))
    return status;
  if (argc != 1)
    return fail (EXIT_USAGE, _("“audit list” takes no arguments."));
  if ((store = admin_open_store (&status)) == NULL ||
      (session = log_in_auditor (store, &status)) == NULL)
    return status;

  entries = jj_audit_list (store, since, until, opt_action, MAX (opt_limit, 0), 0, &error);
  if (entries == NULL)
    status = fail (admin_exit_code (error), "%s", error->message);
  else
    print_entries (entries);
  admin_log_out (store, session);
  return status;
}

static int
cmd_audit_export (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("--csv FILE — write the audit log to a CSV file"));
  g_autoptr(JjStore) store = NULL;
  g_autoptr(JjSession) session = NULL;
  g_autoptr(GError) error = NULL;
  gint64 since, until, rows;
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, audit_filter_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, audit_export_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, admin_as_entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &status) || !parse_filter (&since, &until, &status))
    return status;
  if (argc != 1 || opt_csv == NULL)
    return fail (EXIT_USAGE, _("Give the file to write with --csv FILE."));
  if ((store = admin_open_store (&status)) == NULL ||
      (session = log_in_auditor (store, &status)) == NULL)
    return status;

  rows = jj_audit_export_csv (store, session, since, until, opt_action, opt_csv, &error);
  if (rows < 0)
    status = fail (admin_exit_code (error), "%s", error->message);
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %" PRId64 " row to %s.\n",
                          "Wrote %" PRId64 " rows to %s.\n", rows),
             rows, opt_csv);
  admin_log_out (store, session);
  return status;
}

int
cmd_operators (int    argc,
               char **argv)
{
  const char *sub = argc >= 2 ? argv[1] : "";

  if (g_str_equal (sub, "add"))
    return cmd_operators_add (argc - 1, argv + 1);
  if (g_str_equal (sub, "list"))
    return cmd_operators_list (argc - 1, argv + 1);
  if (g_str_equal (sub, "disable"))
    return cmd_operators_change (argc - 1, argv + 1, CHANGE_DISABLE);
  if (g_str_equal (sub, "enable"))
    return cmd_operators_change (argc - 1, argv + 1, CHANGE_ENABLE);
  if (g_str_equal (sub, "reset-pin"))
    return cmd_operators_change (argc - 1, argv + 1, CHANGE_RESET_PIN);
  return -1;
}

int
cmd_audit (int    argc,
           char **argv)
{
  const char *sub = argc >= 2 ? argv[1] : "";

  if (g_str_equal (sub, "verify"))
    return cmd_audit_verify (argc - 1, argv + 1);
  if (g_str_equal (sub, "list"))
    return cmd_audit_list (argc - 1, argv + 1);
  if (g_str_equal (sub, "export"))
    return cmd_audit_export (argc - 1, argv + 1);
  return -1;
}
