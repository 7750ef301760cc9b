/* jiujinctl-queue.c — jiujinctl queue and applications reopen: township review without the GUI
 *
 * `queue list` reads the outbox as the queue page shows it. `queue retry|hold|release|send-back
 * UUID… --reason TEXT --as LOGIN` acts as that operator, whose PIN is read from standard input,
 * through jj-review.h: the role is checked and each action is committed with its audit row,
 * exactly as in the GUI. `applications reopen NUMBER|ID --as LOGIN` opens an application that
 * was sent back (or returned by the county) for correction, as a clerk's "Correct and
 * Resubmit" does; the correction is then resubmitted from the GUI.
 *
 * Exit codes as in jiujinctl-admin.c: 0 success, 1 failure (of at least one entry), 2 usage
 * error (a send back without a reason), 3 not found, 4 database, 6 refused (PIN or role).
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "jiujinctl-private.h"
#include "jj-applications.h"
#include "jj-audit.h"
#include "jj-intake.h"
#include "jj-operators-private.h"
#include "jj-outbox.h"
#include "jj-review.h"

static char *opt_state;
static char *opt_reason;

static const GOptionEntry list_entries[] = {
  { "state", 0, 0, G_OPTION_ARG_STRING, &opt_state,
    N_("Only entries in STATE: pending, sending, parked, held, returned, superseded or "
       "delivered"), N_("STATE") },
  { NULL }
};

static const GOptionEntry reason_entries[] = {
  { "reason", 0, 0, G_OPTION_ARG_STRING, &opt_reason,
    N_("Why, for the audit log (required to send back)"), N_("TEXT") },
  { NULL }
};

static const char * const outbox_states[] = {
  "pending", "sending", "parked", "held", "returned", "superseded", "delivered", NULL,
};

static int
queue_exit_code (const GError *error)
{
  if (g_error_matches (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_NOT_FOUND) ||
      g_error_matches (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND))
    return EXIT_NOT_FOUND;
  if (g_error_matches (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_INVALID))
    return EXIT_USAGE;
  return admin_exit_code (error);
}

static void
set_string_or_null (JsonObject *object,
                    const char *member,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
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
          const JjOutboxEntry *entry = g_ptr_array_index (entries, i);
          JsonObject *object = json_object_new ();

          json_object_set_string_member (object, "uuid", entry->uuid);
          json_object_set_int_member (object, "application_id", entry->application_id);
          json_object_set_string_member (object, "receipt_number", entry->receipt_number);
          json_object_set_string_member (object, "title", entry->title);
          json_object_set_string_member (object, "state", entry->state);
          json_object_set_int_member (object, "revision", entry->revision);
          set_string_or_null (object, "supersedes", entry->supersedes);
          json_object_set_int_member (object, "attempts", entry->attempts);
          set_string_or_null (object, "last_error", entry->last_error);
          json_object_set_int_member (object, "next_attempt_at", entry->next_attempt_at);
          json_object_set_int_member (object, "created_at", entry->created_at);
          json_object_set_int_member (object, "delivered_at", entry->delivered_at);
          set_string_or_null (object, "case_number", entry->case_number);
          json_array_add_object_element (array, object);
        }
      json_node_set_array (root, array);
      print_json (root);
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const JjOutboxEntry *entry = g_ptr_array_index (entries, i);

      /* Translators: one queue entry: its key, receipt number, revision, state, title, and
       * the county's or the reviewer's reason (or nothing) */
      g_print (_("%s\t%s (revision %d)\t%s\t%s\t%s\n"), entry->uuid, entry->receipt_number,
               entry->revision, jj_outbox_state_get_label (entry->state), entry->title,
               entry->last_error != NULL ? entry->last_error : "");
    }
}

static int
cmd_queue_list (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("— list the sync queue, oldest first"));
  g_autoptr(JjStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, list_entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return fail (EXIT_USAGE, _("“queue list” takes no arguments."));
  if (opt_state != NULL && !g_strv_contains (outbox_states, opt_state))
    return fail (EXIT_USAGE, _("Unknown state “%s”: use pending, sending, parked, held, returned, "
                               "superseded or delivered."), opt_state);
  if ((store = admin_open_store (&status)) == NULL)
    return status;
  if ((entries = jj_outbox_list (store, opt_state, 0, &error)) == NULL)
    return fail (admin_exit_code (error), "%s", error->message);
  print_entries (entries);
  return EXIT_OK;
}

typedef struct
{
  const char  *name;
  const char  *summary;
  const char  *done;     /* printed after the entry's key */
  gboolean   (*apply) (JjStore     *store,
                       JjSession   *session,
                       const char  *uuid,
                       const char  *reason,
                       GError     **error);
} QueueAction;

static const QueueAction queue_actions[] = {
  { "retry", N_("UUID… --as LOGIN — send parked or waiting entries at the next sync"),
    N_("it will be sent at the next sync."), jj_review_retry },
  { "hold", N_("UUID… --as LOGIN — hold entries back: they are not sent until released"),
    N_("held."), jj_review_hold },
  { "release", N_("UUID… --as LOGIN — release held entries"),
    N_("released."), jj_review_release },
  { "send-back", N_("UUID… --reason TEXT --as LOGIN — send applications back to the clerk for "
                    "correction"),
    N_("sent back to the clerk for correction."), jj_review_send_back },
};

/* Each entry in its own transaction with its own audit row, as the queue page's bulk actions:
 * one in the wrong state does not stop the others, but a refusal of the operator's role or a
 * missing reason stops before the next. */
static int
cmd_queue_act (int                 argc,
               char              **argv,
               const QueueAction  *action)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_(action->summary));
  g_autoptr(JjStore) store = NULL;
  g_autoptr(JjSession) session = NULL;
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, reason_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, admin_as_entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return fail (EXIT_USAGE, _("Give the key (UUID) of at least one queue entry, as “queue list” "
                               "shows it."));
  if ((store = admin_open_store (&status)) == NULL ||
      (session = admin_log_in (store, &status)) == NULL)
    return status;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;

      if (action->apply (store, session, argv[i], opt_reason, &error))
        {
          /* Translators: a queue entry's key, then what was done to it, e.g. "held." */
          g_print (_("%s: %s\n"), argv[i], _(action->done));
          continue;
        }
      status = fail (queue_exit_code (error), "%s", error->message);
      if (g_error_matches (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_FORBIDDEN) ||
          g_error_matches (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_INVALID))
        break;
      if (argc > 2)
        status = EXIT_FAILED;
    }
  admin_log_out (store, session);
  return status;
}

int
cmd_queue (int    argc,
           char **argv)
{
  const char *sub = argc >= 2 ? argv[1] : "";

  if (g_str_equal (sub, "list"))
    return cmd_queue_list (argc - 1, argv + 1);
  for (guint i = 0; i < G_N_ELEMENTS (queue_actions); i++)
    if (g_str_equal (sub, queue_actions[i].name))
      return cmd_queue_act (argc - 1, argv + 1, &queue_actions[i]);
  return -1;
}

int
cmd_applications_reopen (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("NUMBER|ID --as LOGIN — reopen an application sent back for "
                            "correction"));
  g_autoptr(JjCatalog) catalog = NULL;
  g_autoptr(JjIntake) intake = NULL;
  g_autoptr(JjSession) session = NULL;
  g_autoptr(JjApplicationRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  JjStore *store;
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, admin_as_entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return fail (EXIT_USAGE, _("Give one receipt number, case number or id."));
  if ((catalog = open_catalog (&error)) == NULL ||
      (intake = jj_intake_new (catalog, NULL, &error)) == NULL)
    return fail (admin_exit_code (error), "%s", error->message);
  store = jj_catalog_get_store (catalog);
  if ((record = find_application (store, argv[1], &error)) == NULL)
    return fail (queue_exit_code (error), "%s", error->message);
  if ((session = admin_log_in (store, &status)) == NULL)
    return status;

  /* The reopening is audited under the current session: this operator's, for this call. */
  jj_operators_set_current (store, session);
  if (!jj_operators_require (store, session, JJ_PERMISSION_INTAKE, JJ_AUDIT_CORRECTION_OPEN,
                             jj_application_record_get_receipt_number (record), &error) ||
      !jj_intake_reopen (intake, jj_application_record_get_id (record), &error))
    status = fail (queue_exit_code (error), "%s", error->message);
  else
    /* Translators: %s is a receipt number */
    g_print (_("%s is a draft again: correct it in Jiujin and submit it as its next "
               "revision.\n"),
             jj_application_record_get_receipt_number (record));
  jj_operators_set_current (store, NULL);
  admin_log_out (store, session);
  return status;
}
