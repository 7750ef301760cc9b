/* jj-intake.c — taking a resident's application: drafts, validation, the durable submit
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "jj-applicants.h"
#include "jj-audit-private.h"
#include "jj-calendar.h"
#include "jj-intake-private.h"
#include "jj-review-private.h"
#include "jj-validate.h"

#define DEFAULT_TERMINAL_CODE "JJ01"

G_DEFINE_FINAL_TYPE (JjIntake, jj_intake, G_TYPE_OBJECT)
G_DEFINE_QUARK (jj-intake-error-quark, jj_intake_error)

static const char * const state_nicks[] = {
  [JJ_APPLICATION_DRAFT] = "draft",
  [JJ_APPLICATION_QUEUED] = "queued",
  [JJ_APPLICATION_SENT] = "sent",
  [JJ_APPLICATION_ACCEPTED] = "accepted",
  [JJ_APPLICATION_COMPLETED] = "completed",
  [JJ_APPLICATION_RETURNED] = "returned",
  [JJ_APPLICATION_REJECTED] = "rejected",
};

const char *
jj_application_state_to_string (JjApplicationState state)
{
  g_return_val_if_fail (state <= JJ_APPLICATION_REJECTED, NULL);
  return state_nicks[state];
}

gboolean
jj_application_state_from_string (const char         *str,
                                  JjApplicationState *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_nicks); i++)
    if (g_strcmp0 (str, state_nicks[i]) == 0)
      {
        *state = i;
        return TRUE;
      }
  return FALSE;
}

const char *
jj_application_state_get_label (JjApplicationState state)
{
  switch (state)
    {
    case JJ_APPLICATION_DRAFT:
      return _("Draft");
    case JJ_APPLICATION_QUEUED:
      return _("Waiting to send");
    case JJ_APPLICATION_SENT:
      return _("Sent");
    case JJ_APPLICATION_ACCEPTED:
      return _("Accepted");
    case JJ_APPLICATION_COMPLETED:
      return _("Completed");
    case JJ_APPLICATION_RETURNED:
      return _("Returned for correction");
    case JJ_APPLICATION_REJECTED:
      return _("Rejected");
    default:
      g_return_val_if_reached (NULL);
    }
}

void
jj_submission_free (JjSubmission *submission)
{
  if (submission == NULL)
    return;
  g_free (submission->receipt_number);
  g_free (submission->outbox_uuid);
  g_free (submission->promised_date);
  g_free (submission);
}

void
jj_correction_clear (JjCorrection *correction)
{
  g_clear_pointer (&correction->receipt_number, g_free);
  g_clear_pointer (&correction->reason, g_free);
  g_clear_pointer (&correction->supersedes, g_free);
  correction->revision = 0;
  correction->county_state = JJ_APPLICATION_DRAFT;
}

static void
jj_intake_finalize (GObject *object)
{
  JjIntake *self = JJ_INTAKE (object);

  g_clear_object (&self->catalog);
  g_clear_object (&self->store);
  g_clear_object (&self->calendar);

  G_OBJECT_CLASS (jj_intake_parent_class)->finalize (object);
}

static void
jj_intake_class_init (JjIntakeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jj_intake_finalize;
}

static void
jj_intake_init (JjIntake *self)
{
}

JjIntake *
jj_intake_new (JjCatalog   *catalog,
               const char  *calendar_path,
               GError     **error)
{
  g_autoptr(JjIntake) self = g_object_new (JJ_TYPE_INTAKE, NULL);

  g_return_val_if_fail (JJ_IS_CATALOG (catalog), NULL);

  self->catalog = g_object_ref (catalog);
  self->store = g_object_ref (jj_catalog_get_store (catalog));
  if (calendar_path != NULL &&
      (self->calendar = jj_calendar_new_from_file (calendar_path, error)) == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

gint64
jj_intake_now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

const char *
jj_intake_member_string (JsonObject *object,
               const char *member)
{
  const char *value;

  if (object == NULL)
    return "";
  value = json_object_get_string_member_with_default (object, member, "");
  return value != NULL ? value : "";
}

JsonObject *
jj_intake_member_object (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
jj_intake_member_array (JsonObject *object,
              const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

char *
jj_intake_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

gboolean
jj_intake_is_blank (const char *text)
{
  g_autofree char *copy = g_strdup (text);
  return g_strstrip (copy)[0] == '\0';
}

JjBundle *
jj_intake_find_bundle (JjIntake    *self,
             const char  *code,
             GError     **error)
{
  g_autoptr(GPtrArray) bundles = jj_catalog_list_bundles (self->catalog, error);

  if (bundles == NULL)
    return NULL;

  for (guint i = 0; i < bundles->len; i++)
    {
      JjBundle *bundle = g_ptr_array_index (bundles, i);

      if (g_strcmp0 (bundle->code, code) == 0)
        return g_ptr_array_steal_index (bundles, i);
    }

  g_set_error (error, JJ_CATALOG_ERROR, JJ_CATALOG_ERROR_NOT_FOUND,
               _("No 一件事一次办 bundle in the catalogue has the code “%s”."), code);
  return NULL;
}

/* The current matters of @draft, in order; NULL with an error when one no longer exists. */
GPtrArray *
jj_intake_draft_matters (JjIntake    *self,
               JsonObject  *draft,
               GError     **error)
{
  g_autoptr(GPtrArray) matters = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *codes = jj_intake_member_array (draft, "matters");

  for (guint i = 0; codes != NULL && i < json_array_get_length (codes); i++)
    {
      const char *code = json_array_get_string_element (codes, i);
      JjMatter *matter = code != NULL ? jj_catalog_lookup (self->catalog, code, error) : NULL;

      if (matter == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_INVALID,
                         _("The application lists a matter that is not a code."));
          return NULL;
        }
      g_ptr_array_add (matters, matter);
    }

  if (matters->len == 0)
    {
      g_set_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_INVALID,
                   _("The application has no matter: start it from a guide or a bundle."));
      return NULL;
    }

  return g_steal_pointer (&matters);
}

static gint64
insert_draft (JjIntake    *self,
              JsonObject  *draft,
              const char  *title,
              const char  *bundle_code,
              GError     **error)
{
  g_autofree char *text = jj_intake_object_to_string (draft);
  sqlite3_stmt *stmt;
  gint64 id = 0;

  jj_store_lock (self->store);
  stmt = jj_store_prepare (self->store,
                           "INSERT INTO applications (state, bundle_code, title, draft, created_at,"
                           "  updated_at) VALUES ('draft', ?1, ?2, ?3, ?4, ?4) RETURNING id",
                           error);
  if (stmt != NULL)
    {
      if (bundle_code != NULL)
        sqlite3_bind_text (stmt, 1, bundle_code, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, title, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, jj_intake_now_seconds ());
      if (sqlite3_step (stmt) == SQLITE_ROW)
        id = sqlite3_column_int64 (stmt, 0);
      else
        jj_store_set_error (self->store, error, _("Could not save the new application"));
      sqlite3_reset (stmt);
    }
  jj_store_unlock (self->store);

  return id;
}

gint64
jj_intake_create_draft (JjIntake    *self,
                        const char  *matter_code,
                        const char  *bundle_code,
                        GError     **error)
{
  g_autoptr(JjBundle) bundle = NULL;
  g_autoptr(JsonObject) draft = json_object_new ();
  g_autoptr(JsonArray) codes = json_array_new ();
  g_autoptr(JsonArray) materials = json_array_new ();
  g_autoptr(GPtrArray) matters = NULL;
  JsonObject *agent;
  const char *title;

  g_return_val_if_fail (JJ_IS_INTAKE (self), 0);
  g_return_val_if_fail ((matter_code == NULL) != (bundle_code == NULL), 0);

  if (bundle_code != NULL)
    {
      if ((bundle = jj_intake_find_bundle (self, bundle_code, error)) == NULL)
        return 0;
      for (guint i = 0; bundle->matter_codes[i] != NULL; i++)
        json_array_add_string_element (codes, bundle->matter_codes[i]);
      json_object_set_string_member (draft, "bundle", bundle->code);
    }
  else
    json_array_add_string_element (codes, matter_code);

  json_object_set_array_member (draft, "matters", json_array_ref (codes));
  if ((matters = jj_intake_draft_matters (self, draft, error)) == NULL)
    return 0;

  for (guint i = 0; i < matters->len; i++)
    {
      JjMatter *matter = g_ptr_array_index (matters, i);
      GPtrArray *guide = jj_matter_get_materials (matter);

      for (guint j = 0; j < guide->len; j++)
        {
          JsonObject *item = json_object_new ();

          json_object_set_string_member (item, "matter", jj_matter_get_code (matter));
          json_object_set_int_member (item, "index", j);
          json_object_set_string_member (item, "status", "missing");
          json_array_add_object_element (materials, item);
        }
    }

  agent = json_object_new ();
  json_object_set_string_member (agent, "kind", "none");
  json_object_set_object_member (draft, "applicant", json_object_new ());
  json_object_set_object_member (draft, "agent", agent);
  json_object_set_object_member (draft, "values", json_object_new ());
  json_object_set_array_member (draft, "materials", json_array_ref (materials));
  json_object_set_array_member (draft, "attachments", json_array_new ());

  title = bundle != NULL ? bundle->name : jj_matter_get_name (g_ptr_array_index (matters, 0));
  return insert_draft (self, draft, title, bundle != NULL ? bundle->code : NULL, error);
}

gboolean
jj_intake_save_draft (JjIntake    *self,
                      gint64       id,
                      JsonObject  *draft,
                      GError     **error)
{
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (JJ_IS_INTAKE (self), FALSE);
  g_return_val_if_fail (draft != NULL, FALSE);

  text = jj_intake_object_to_string (draft);

  jj_store_lock (self->store);
  stmt = jj_store_prepare (self->store,
                           "UPDATE applications SET draft = ?2, applicant_name = ?3,"
                           "  applicant_id_number = ?4, updated_at = ?5"
                           " WHERE id = ?1 AND state = 'draft'",
                           error);
  if (stmt != NULL)
    {
      JsonObject *applicant = jj_intake_member_object (draft, "applicant");

      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, jj_intake_member_string (applicant, "name"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, jj_intake_member_string (applicant, "id_number"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 5, jj_intake_now_seconds ());
      if (sqlite3_step (stmt) != SQLITE_DONE)
        jj_store_set_error (self->store, error, _("Could not save the draft"));
      else if (sqlite3_changes (jj_store_get_db (self->store)) != 1)
        g_set_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND,
                     _("Application %" PRId64 " is not a draft any more."), id);
      else
        ok = TRUE;
      sqlite3_reset (stmt);
    }
  jj_store_unlock (self->store);

  return ok;
}

JsonObject *
jj_intake_load_draft (JjIntake    *self,
                      gint64       id,
                      GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  sqlite3_stmt *stmt;
  int rc = SQLITE_ERROR;

  g_return_val_if_fail (JJ_IS_INTAKE (self), NULL);

  jj_store_lock (self->store);
  stmt = jj_store_prepare (self->store,
                           "SELECT draft FROM applications WHERE id = ?1 AND state = 'draft'",
                           error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        root = json_from_string ((const char *) sqlite3_column_text (stmt, 0), NULL);
      else if (rc != SQLITE_DONE)
        jj_store_set_error (self->store, error, _("Could not read the draft"));
      sqlite3_reset (stmt);
    }
  jj_store_unlock (self->store);

  if (rc == SQLITE_DONE)
    g_set_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND,
                 _("There is no draft %" PRId64 "."), id);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      if (rc == SQLITE_ROW)
        g_set_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_INVALID,
                     _("The saved draft %" PRId64 " cannot be read."), id);
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/* The status events that came after application @id was returned, latest first: the status
 * columns keep the return while it is a draft, and a reviewer's return has a local time, hence
 * an event counts by the county's time or by when it arrived. */
#define STATUS_SINCE_RETURN \
  "SELECT e.state, e.reason, e.at FROM status_events e" \
  " JOIN applications a ON a.id = e.application_id" \
  " WHERE a.id = ?1 AND (a.status_at IS NULL OR e.at >= a.status_at" \
  "  OR e.received_at > a.status_at)" \
  " ORDER BY e.id DESC LIMIT 1"

/* Fills @correction's county_state (and reason, when returned again) from the status events of
 * @id since its return. */
static gboolean
read_county_state (JjIntake      *self,
                   gint64         id,
                   JjCorrection  *correction,
                   GError       **error)
{
  sqlite3_stmt *stmt = jj_store_prepare (self->store, STATUS_SINCE_RETURN, error);
  JjApplicationState state;
  int rc;

  correction->county_state = JJ_APPLICATION_RETURNED;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW &&
      jj_application_state_from_string ((const char *) sqlite3_column_text (stmt, 0), &state) &&
      state >= JJ_APPLICATION_ACCEPTED)
    {
      correction->county_state = state;
      if (state == JJ_APPLICATION_RETURNED)
        {
          g_free (correction->reason);
          correction->reason = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        }
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ||
         jj_store_set_error (self->store, error, _("Could not read the application"));
}

gboolean
jj_intake_get_correction (JjIntake      *self,
                          gint64         id,
                          JjCorrection  *correction,
                          GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;
  int rc = SQLITE_ERROR;

  g_return_val_if_fail (JJ_IS_INTAKE (self), FALSE);
  g_return_val_if_fail (correction != NULL, FALSE);

  jj_correction_clear (correction);
  jj_store_lock (self->store);
  stmt = jj_store_prepare (self->store,
                           "SELECT a.state = 'draft' AND o.id IS NOT NULL, a.receipt_number,"
                           "  o.revision + 1, a.status_reason, o.uuid"
                           " FROM applications a LEFT JOIN outbox o"
                           "  ON o.id = (SELECT max (id) FROM outbox"
                           "   WHERE application_id = a.id)"
                           " WHERE a.id = ?1",
                           error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0)
        {
          found = TRUE;
          correction->receipt_number = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          correction->revision = sqlite3_column_int (stmt, 2);
          correction->reason = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
          correction->supersedes = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
        }
      else if (rc == SQLITE_DONE)
        g_set_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND,
                     _("There is no application %" PRId64 "."), id);
      else if (rc != SQLITE_ROW)
        jj_store_set_error (self->store, error, _("Could not read the application"));
      sqlite3_reset (stmt);
    }
  if (found && !read_county_state (self, id, correction, error))
    {
      jj_correction_clear (correction);
      found = FALSE;
    }
  jj_store_unlock (self->store);

  return found;
}

/* Puts correction @id back to `returned`, its draft document and applicant as last submitted
 * (rebuilt from the latest entry's frozen payload), then into the state and reason the county
 * last gave it since the return, inside the caller's transaction. */
static gboolean
return_correction (JjIntake  *self,
                   gint64     id,
                   GError   **error)
{
  sqlite3_stmt *verdict = jj_store_prepare (self->store,
                                            "UPDATE applications SET state = e.state,"
                                            "  status_reason = e.reason, status_at = e.at"
                                            " FROM (" STATUS_SINCE_RETURN ") AS e"
                                            " WHERE applications.id = ?1"
                                            "  AND applications.state = 'returned'"
                                            "  AND e.state IN ('accepted', 'completed',"
                                            "   'returned', 'rejected')",
                                            error);
  sqlite3_stmt *stmt = verdict == NULL ? NULL :
                       jj_store_prepare (self->store,
                                         "UPDATE applications SET state = 'returned',"
                                         "  draft = json_remove (o.payload, '$.idempotency_key',"
                                         "    '$.terminal', '$.receipt_number', '$.submitted_at',"
                                         "    '$.promised_date', '$.revision', '$.supersedes'),"
                                         "  applicant_name = coalesce (json_extract (o.payload,"
                                         "    '$.applicant.name'), applicant_name),"
                                         "  applicant_id_number = coalesce (json_extract ("
                                         "    o.payload, '$.applicant.id_number'),"
                                         "    applicant_id_number),"
                                         "  updated_at = ?2"
                                         " FROM (SELECT payload FROM outbox"
                                         "  WHERE application_id = ?1"
                                         "  ORDER BY id DESC LIMIT 1) AS o"
                                         " WHERE id = ?1 AND state = 'draft'",
                                         error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, jj_intake_now_seconds ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      sqlite3_bind_int64 (verdict, 1, id);
      rc = sqlite3_step (verdict);
      sqlite3_reset (verdict);
    }
  return rc == SQLITE_DONE ||
         jj_store_set_error (self->store, error, _("Could not put the correction away"));
}

gboolean
jj_intake_discard_draft (JjIntake    *self,
                         gint64       id,
                         GError     **error)
{
  g_auto(JjCorrection) correction = { 0 };
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (JJ_IS_INTAKE (self), FALSE);

  jj_store_lock (self->store);
  if (jj_intake_get_correction (self, id, &correction, &local_error))
    {
      ok = jj_store_begin (self->store, error);
      if (ok)
        {
          ok = return_correction (self, id, error) && jj_store_commit (self->store, error);
          if (!ok)
            jj_store_rollback (self->store);
        }
      jj_store_unlock (self->store);
      return ok;
    }
  if (local_error != NULL && local_error->domain != JJ_INTAKE_ERROR)
    {
      jj_store_unlock (self->store);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  stmt = jj_store_prepare (self->store,
                           "DELETE FROM applications WHERE id = ?1 AND state = 'draft'", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        jj_store_set_error (self->store, error, _("Could not discard the draft"));
      else if (sqlite3_changes (jj_store_get_db (self->store)) != 1)
        g_set_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND,
                     _("There is no draft %" PRId64 "."), id);
      else
        ok = TRUE;
      sqlite3_reset (stmt);
    }
  jj_store_unlock (self->store);

  return ok;
}

/* Reopens @id inside the caller's transaction; see jj_intake_reopen(). */
static gboolean
reopen_locked (JjIntake  *self,
               gint64     id,
               GError   **error)
{
  g_autoptr(JsonObject) detail = json_object_new ();
  g_autofree char *receipt_number = NULL;
  g_autofree char *entry_state = NULL;
  g_autofree char *reason = NULL;
  JjApplicationState state = JJ_APPLICATION_DRAFT;
  sqlite3_stmt *find, *update;
  int revision = 0;
  int rc;

  if ((find = jj_store_prepare (self->store,
                                "SELECT a.state, a.receipt_number, a.status_reason, o.state,"
                                "  o.revision FROM applications a LEFT JOIN outbox o"
                                "  ON o.id = (SELECT max (id) FROM outbox"
                                "   WHERE application_id = a.id)"
                                " WHERE a.id = ?1",
                                error)) == NULL ||
      /* The applicant is marked as on record so that the form shows the ID number masked:
       * a clerk may type a new one but has no right to read the one submitted. */
      (update = jj_store_prepare (self->store,
                                  "UPDATE applications SET state = 'draft', updated_at = ?2,"
                                  "  draft = json_set (draft, '$.applicant.from_records',"
                                  "                    json ('true'))"
                                  " WHERE id = ?1",
                                  error)) == NULL)
    return FALSE;

  sqlite3_bind_int64 (find, 1, id);
  rc = sqlite3_step (find);
  if (rc == SQLITE_ROW)
    {
      jj_application_state_from_string ((const char *) sqlite3_column_text (find, 0), &state);
      receipt_number = g_strdup ((const char *) sqlite3_column_text (find, 1));
      reason = g_strdup ((const char *) sqlite3_column_text (find, 2));
      entry_state = g_strdup ((const char *) sqlite3_column_text (find, 3));
      revision = sqlite3_column_int (find, 4);
    }
  sqlite3_reset (find);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND,
                   _("There is no application %" PRId64 "."), id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return jj_store_set_error (self->store, error, _("Could not read the application"));

  if (state != JJ_APPLICATION_RETURNED ||
      (g_strcmp0 (entry_state, "returned") != 0 && g_strcmp0 (entry_state, "delivered") != 0))
    {
      /* Translators: %s is an application's state, e.g. "Accepted" */
      g_set_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_STATE,
                   _("Only an application returned for correction can be corrected; this one "
                     "is: %s."),
                   jj_application_state_get_label (state));
      return FALSE;
    }

  sqlite3_bind_int64 (update, 1, id);
  sqlite3_bind_int64 (update, 2, jj_intake_now_seconds ());
  rc = sqlite3_step (update);
  sqlite3_reset (update);
  if (rc != SQLITE_DONE)
    return jj_store_set_error (self->store, error, _("Could not reopen the application"));

  json_object_set_int_member (detail, "application_id", id);
  json_object_set_int_member (detail, "revision", revision + 1);
  if (reason != NULL)
    json_object_set_string_member (detail, "reason", reason);
  return jj_audit_append_object (self->store, NULL, JJ_AUDIT_CORRECTION_OPEN, receipt_number,
                                 detail, error) != 0;
}

gboolean
jj_intake_reopen (JjIntake  *self,
                  gint64     id,
                  GError   **error)
{
  gboolean ok;

  g_return_val_if_fail (JJ_IS_INTAKE (self), FALSE);

  jj_store_lock (self->store);
  ok = jj_store_begin (self->store, error);
  if (ok)
    {
      ok = reopen_locked (self, id, error) && jj_store_commit (self->store, error);
      if (!ok)
        jj_store_rollback (self->store);
    }
  jj_store_unlock (self->store);
  return ok;
}

JjForm *
jj_intake_dup_form (JjIntake    *self,
                    JsonObject  *draft,
                    GError     **error)
{
  g_autoptr(GPtrArray) matters = NULL;

  g_return_val_if_fail (JJ_IS_INTAKE (self), NULL);

  if ((matters = jj_intake_draft_matters (self, draft, error)) == NULL)
    return NULL;
  return jj_form_new_merged (matters, error);
}

char *
jj_intake_dup_terminal_code (JjIntake *self)
{
  char *code = jj_store_dup_meta (self->store, "terminal_code");
  return code != NULL ? code : g_strdup (DEFAULT_TERMINAL_CODE);
}

gboolean
jj_intake_set_terminal_code (JjIntake    *self,
                             const char  *code,
                             GError     **error)
{
  if (!g_regex_match_simple ("^[A-Z0-9]{2,12}$", code, 0, 0))
    {
      g_set_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_INVALID,
                   _("A terminal code is 2 to 12 capital letters and digits."));
      return FALSE;
    }
  return jj_store_set_meta (self->store, "terminal_code", code, error);
}

static GDate *
dup_today (GDate *today)
{
  GDate *date;

  if (today != NULL)
    return g_date_copy (today);
  date = g_date_new ();
  g_date_set_time_t (date, time (NULL));
  return date;
}

/* Validates @draft; FALSE with JJ_INTAKE_ERROR_INVALID naming the first problem. */
static gboolean
check_submittable (JjIntake    *self,
                   JsonObject  *draft,
                   GDate       *today,
                   const char  *prefix,
                   GError     **error)
{
  g_autoptr(GHashTable) problems = jj_intake_validate (self, draft, today, error);
  g_autofree char *first = NULL;

  if (problems == NULL)
    return FALSE;
  if (g_hash_table_size (problems) == 0)
    return TRUE;

  first = jj_intake_describe_problems (problems);
  g_set_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_INVALID, "%s%s", prefix, first);
  return FALSE;
}

JjSubmission *
jj_intake_submit (JjIntake    *self,
                  gint64       id,
                  JsonObject  *draft,
                  GDate       *today,
                  GError     **error)
{
  g_autoptr(GDate) day = NULL;
  g_autoptr(GPtrArray) matters = NULL;
  JjSubmission *submission = NULL;

  g_return_val_if_fail (JJ_IS_INTAKE (self), NULL);
  g_return_val_if_fail (draft != NULL, NULL);

  day = dup_today (today);
  if (!check_submittable (self, draft, day, _("The application cannot be submitted yet. "), error) ||
      (matters = jj_intake_draft_matters (self, draft, error)) == NULL)
    return NULL;

  jj_store_lock (self->store);
  if (jj_store_begin (self->store, error))
    {
      submission = jj_intake_submit_write (self, id, draft, matters, day, error);
      if (submission == NULL || !jj_store_commit (self->store, error))
        {
          g_clear_pointer (&submission, jj_submission_free);
          jj_store_rollback (self->store);
        }
    }
  jj_store_unlock (self->store);

  return submission;
}

/* Completes a ledger line into a draft: the matters of its bundle, and its materials — all
 * received on paper unless the line says otherwise. */
static gboolean
complete_ledger_line (JjIntake    *self,
                      JsonObject  *draft,
                      GError     **error)
{
  g_autoptr(GPtrArray) matters = NULL;

  if (!json_object_has_member (draft, "matters") && json_object_has_member (draft, "bundle"))
    {
      g_autoptr(JjBundle) bundle = jj_intake_find_bundle (self, jj_intake_member_string (draft, "bundle"), error);
      JsonArray *codes = json_array_new ();

      if (bundle == NULL)
        {
          json_array_unref (codes);
          return FALSE;
        }
      for (guint i = 0; bundle->matter_codes[i] != NULL; i++)
        json_array_add_string_element (codes, bundle->matter_codes[i]);
      json_object_set_array_member (draft, "matters", codes);
    }

  /* Guide materials the line does not list were received on paper; appended, so that the
   * positions attachments refer to stay as written. */
  if ((matters = jj_intake_draft_matters (self, draft, NULL)) != NULL)
    {
      JsonArray *items = jj_intake_member_array (draft, "materials");

      if (items == NULL)
        {
          items = json_array_new ();
          json_object_set_array_member (draft, "materials", items);
        }

      for (guint i = 0; i < matters->len; i++)
        {
          JjMatter *matter = g_ptr_array_index (matters, i);

          for (guint j = 0; j < jj_matter_get_materials (matter)->len; j++)
            {
              JsonObject *item;

              if (jj_intake_checklist_lists (items, jj_matter_get_code (matter), j))
                continue;
              item = json_object_new ();
              json_object_set_string_member (item, "matter", jj_matter_get_code (matter));
              json_object_set_int_member (item, "index", j);
              json_object_set_string_member (item, "status", "received");
              json_array_add_object_element (items, item);
            }
        }
    }
  return TRUE;
}

int
jj_intake_import_jsonl (JjIntake     *self,
                        const char   *path,
                        GDate        *today,
                        GPtrArray   **problems,
                        GError      **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDate) day = dup_today (today);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (JJ_IS_INTAKE (self), -1);

  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      g_set_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_INVALID,
                   _("Could not read the ledger: %s"), local_error->message);
      return -1;
    }

  /* Every line is checked before anything is written: a ledger goes in whole or not at all. */
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) line_error = NULL;
      g_autofree char *prefix = g_strdup_printf (_("line %u: "), i + 1);

      if (jj_intake_is_blank (lines[i]))
        continue;

      node = json_from_string (lines[i], &line_error);
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        {
          g_ptr_array_add (found, g_strdup_printf ("%s%s", prefix,
                                                   line_error != NULL ? line_error->message
                                                                      : _("not a JSON object")));
          continue;
        }

      if (!complete_ledger_line (self, json_node_get_object (node), &line_error) ||
          !check_submittable (self, json_node_get_object (node), day, prefix, &line_error))
        {
          if (line_error->domain == JJ_STORE_ERROR)
            {
              g_propagate_error (error, g_steal_pointer (&line_error));
              return -1;
            }
          if (line_error->domain == JJ_INTAKE_ERROR)
            g_ptr_array_add (found, g_strdup (line_error->message));
          else
            g_ptr_array_add (found, g_strdup_printf ("%s%s", prefix, line_error->message));
          continue;
        }
      g_ptr_array_add (drafts, json_object_ref (json_node_get_object (node)));
    }

  if (found->len > 0)
    {
      g_set_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u line of the ledger is wrong; nothing was imported.",
                                "%u lines of the ledger are wrong; nothing was imported.",
                                found->len),
                   found->len);
      if (problems != NULL)
        *problems = g_steal_pointer (&found);
      return -1;
    }

  jj_store_lock (self->store);
  ok = jj_store_begin (self->store, error);
  for (guint i = 0; ok && i < drafts->len; i++)
    {
      JsonObject *draft = g_ptr_array_index (drafts, i);
      g_autoptr(GPtrArray) matters = jj_intake_draft_matters (self, draft, error);
      g_autoptr(JjSubmission) submission = NULL;
      g_autoptr(JjBundle) bundle = NULL;
      const char *bundle_code = jj_intake_member_string (draft, "bundle");
      const char *title;
      gint64 id;

      if (bundle_code[0] != '\0' && (bundle = jj_intake_find_bundle (self, bundle_code, error)) == NULL)
        {
          ok = FALSE;
          break;
        }
      title = bundle != NULL ? bundle->name
                             : matters != NULL ? jj_matter_get_name (g_ptr_array_index (matters, 0))
                                               : "";
      ok = matters != NULL &&
           (id = insert_draft (self, draft, title, bundle != NULL ? bundle->code : NULL, error)) != 0 &&
           (submission = jj_intake_submit_write (self, id, draft, matters, day, error)) != NULL;
    }
  ok = ok && jj_store_commit (self->store, error);
  if (!ok)
    jj_store_rollback (self->store);
  jj_store_unlock (self->store);

  return ok ? (int) drafts->len : -1;
}

JsonObject *
jj_intake_find_applicant (JjIntake   *self,
                          const char *id_number)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (JJ_IS_INTAKE (self), NULL);

  if (!jj_validate_id_number (id_number, NULL, &normalized, NULL, NULL, NULL))
    return NULL;
  return jj_applicants_dup_by_id_number (self->store, normalized);
}

gboolean
jj_intake_record_id_reveal (JjIntake    *self,
                            gint64       id,
                            const char  *operator_name,
                            GError     **error)
{
  g_return_val_if_fail (JJ_IS_INTAKE (self), FALSE);

  return jj_review_record_reveal (self->store, NULL, id, operator_name, error);
}
