/* jj-intake-write.c — the rows a submission writes, inside its transaction
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

#include "jj-audit-private.h"
#include "jj-intake-private.h"
#include "jj-calendar.h"
#include "jj-validate.h"

static gboolean
step_done (JjIntake      *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || jj_store_set_error (self->store, error, _("Could not submit"));
}

static gboolean
step_int64 (JjIntake      *self,
            sqlite3_stmt  *stmt,
            gint64        *out,
            GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || jj_store_set_error (self->store, error, _("Could not submit"));
}

static char *
normalized_id (const char *text)
{
  char *normalized = NULL;

  jj_validate_id_number (text, NULL, &normalized, NULL, NULL, NULL);
  return normalized != NULL ? normalized : g_strdup (text);
}

static char *
normalized_phone (const char *text)
{
  char *normalized = NULL;

  jj_validate_mobile (text, &normalized, NULL);
  return normalized != NULL ? normalized : g_strdup (text);
}

/* Writes the applicant (a returning resident is updated) and returns its row id. */
static gboolean
upsert_applicant (JjIntake     *self,
                  JsonObject   *applicant,
                  const char   *id_number,
                  gint64       *applicant_id,
                  GError      **error)
{
  g_autofree char *phone = normalized_phone (jj_intake_member_string (applicant, "phone"));
  g_autofree char *name = g_strstrip (g_strdup (jj_intake_member_string (applicant, "name")));
  g_autofree char *address = g_strstrip (g_strdup (jj_intake_member_string (applicant, "address")));
  sqlite3_stmt *stmt = jj_store_prepare (self->store,
                                         "INSERT INTO applicants (id_number, name, phone, address,"
                                         "  updated_at) VALUES (?1, ?2, ?3, ?4, ?5)"
                                         " ON CONFLICT (id_number) DO UPDATE SET name = excluded.name,"
                                         "  phone = excluded.phone, address = excluded.address,"
                                         "  updated_at = excluded.updated_at RETURNING id",
                                         error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id_number, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, phone, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, address, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, jj_intake_now_seconds ());
  return step_int64 (self, stmt, applicant_id, error);
}

static char *
next_receipt_number (JjIntake  *self,
                     GDate     *today,
                     GError   **error)
{
  g_autofree char *terminal = jj_intake_dup_terminal_code (self);
  char day[16];
  gint64 sequence;
  sqlite3_stmt *stmt = jj_store_prepare (self->store,
                                         "INSERT INTO receipt_sequences (day, last) VALUES (?1, 1)"
                                         " ON CONFLICT (day) DO UPDATE SET last = last + 1"
                                         " RETURNING last",
                                         error);
  if (stmt == NULL)
    return NULL;

  g_date_strftime (day, sizeof day, "%Y%m%d", today);
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_TRANSIENT);
  if (!step_int64 (self, stmt, &sequence, error))
    return NULL;

  /* Read aloud as three groups: terminal, date, number of the day. */
  return g_strdup_printf ("%s-%s-%04" G_GINT64_FORMAT, terminal, day, sequence);
}

static char *
promised_date (JjIntake  *self,
               GPtrArray *matters,
               GDate     *today)
{
  g_autoptr(GDate) due = NULL;
  guint days = 0;
  char text[16];

  for (guint i = 0; i < matters->len; i++)
    days = MAX (days, jj_matter_get_promised_limit_days (g_ptr_array_index (matters, i)));

  if (self->calendar != NULL)
    due = jj_calendar_add_working_days (self->calendar, today, days);
  else
    {
      due = g_date_copy (today);
      for (guint n = 0; n < days;)
        {
          g_date_add_days (due, 1);
          if (g_date_get_weekday (due) < G_DATE_SATURDAY)
            n++;
        }
    }

  g_date_strftime (text, sizeof text, "%Y-%m-%d", due);
  return g_strdup (text);
}

static gboolean
write_matters_and_materials (JjIntake    *self,
                             gint64       id,
                             JsonObject  *draft,
                             GPtrArray   *matters,
                             GError     **error)
{
  JsonArray *items = jj_intake_member_array (draft, "materials");
  sqlite3_stmt *clear_matters, *clear_materials, *matter_row, *material_row;

  if (!(clear_matters = jj_store_prepare (self->store,
                                          "DELETE FROM application_matters WHERE application_id = ?1",
                                          error)) ||
      !(clear_materials = jj_store_prepare (self->store,
                                            "DELETE FROM application_materials"
                                            " WHERE application_id = ?1",
                                            error)) ||
      !(matter_row = jj_store_prepare (self->store,
                                       "INSERT INTO application_matters (application_id, position,"
                                       "  matter_id) VALUES (?1, ?2, ?3)",
                                       error)) ||
      !(material_row = jj_store_prepare (self->store,
                                         "INSERT INTO application_materials (application_id,"
                                         "  position, matter_code, name, form, count, required,"
                                         "  status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                         error)))
    return FALSE;

  sqlite3_bind_int64 (clear_matters, 1, id);
  sqlite3_bind_int64 (clear_materials, 1, id);
  if (!step_done (self, clear_matters, error) || !step_done (self, clear_materials, error))
    return FALSE;

  for (guint i = 0; i < matters->len; i++)
    {
      sqlite3_bind_int64 (matter_row, 1, id);
      sqlite3_bind_int (matter_row, 2, i);
      sqlite3_bind_int64 (matter_row, 3, jj_matter_get_id (g_ptr_array_index (matters, i)));
      if (!step_done (self, matter_row, error))
        return FALSE;
    }

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const JjMaterial *material = jj_intake_checklist_material (matters, item);

      sqlite3_bind_int64 (material_row, 1, id);
      sqlite3_bind_int (material_row, 2, i);
      sqlite3_bind_text (material_row, 3, jj_intake_member_string (item, "matter"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (material_row, 4, material->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (material_row, 5, jj_material_form_to_string (material->form), -1,
                         SQLITE_STATIC);
      sqlite3_bind_int (material_row, 6, material->count);
      sqlite3_bind_int (material_row, 7, material->required);
      sqlite3_bind_text (material_row, 8, jj_intake_member_string (item, "status"), -1, SQLITE_TRANSIENT);
      if (!step_done (self, material_row, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_attachments (JjIntake    *self,
                   gint64       id,
                   JsonObject  *draft,
                   GError     **error)
{
  JsonArray *items = jj_intake_member_array (draft, "attachments");
  sqlite3_stmt *clear, *row;

  if (!(clear = jj_store_prepare (self->store,
                                  "DELETE FROM application_attachments WHERE application_id = ?1",
                                  error)) ||
      !(row = jj_store_prepare (self->store,
                                "INSERT INTO application_attachments (application_id, position,"
                                "  material_position, sha256, filename) VALUES (?1, ?2, ?3, ?4, ?5)",
                                error)))
    return FALSE;

  sqlite3_bind_int64 (clear, 1, id);
  if (!step_done (self, clear, error))
    return FALSE;

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      sqlite3_bind_int64 (row, 1, id);
      sqlite3_bind_int (row, 2, i);
      if (json_object_has_member (item, "material"))
        sqlite3_bind_int64 (row, 3, json_object_get_int_member (item, "material"));
      else
        sqlite3_bind_null (row, 3);
      sqlite3_bind_text (row, 4, jj_intake_member_string (item, "sha256"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (row, 5, jj_intake_member_string (item, "filename"), -1, SQLITE_TRANSIENT);
      if (!step_done (self, row, error))
        return FALSE;
    }
  return TRUE;
}

/* Copies the members of @from named in @names that hold a non-empty value into a new object:
 * the submission carries what docs/sync-protocol.md (section 7) defines and nothing else, so
 * that a draft's own extras (a ledger's notes, derived fields) never reach the county. */
static JsonObject *
copy_members (JsonObject         *from,
              const char * const *names)
{
  JsonObject *to = json_object_new ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (from, names[i]);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
          && *json_node_get_string (node) == '\0')
        continue;
      json_object_set_member (to, names[i], json_node_copy (node));
    }
  return to;
}

/* Each element of @array (objects) reduced to @names. */
static JsonArray *
copy_elements (JsonArray          *array,
               const char * const *names)
{
  JsonArray *to = json_array_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        json_array_add_object_element (to, copy_members (json_node_get_object (element), names));
    }
  return to;
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A person's ID number and phone as the form normalises them (upper-case X, 11 digits). */
static void
normalize_person (JsonObject *person)
{
  if (json_object_has_member (person, "id_number"))
    {
      g_autofree char *id = normalized_id (jj_intake_member_string (person, "id_number"));
      json_object_set_string_member (person, "id_number", id);
    }
  if (json_object_has_member (person, "phone"))
    {
      g_autofree char *phone = normalized_phone (jj_intake_member_string (person, "phone"));
      json_object_set_string_member (person, "phone", phone);
    }
}

/* The key of the revision of application @id that the county may hold, which a correction names
 * as `supersedes`: the latest delivered one, else the latest sent at least once (its answer may
 * have been lost). A revision the county never received, e.g. one sent back before it left,
 * would make the county open a second case (docs/sync-protocol.md, "Revisions"). NULL when
 * none ever reached the county: the correction is then its first submission there. */
static char *
county_known_key (JjIntake  *self,
                  gint64     id,
                  GError   **error)
{
  sqlite3_stmt *stmt = jj_store_prepare (self->store,
                                         "SELECT coalesce ("
                                         "  (SELECT uuid FROM outbox WHERE application_id = ?1"
                                         "    AND delivered_at IS NOT NULL"
                                         "    ORDER BY id DESC LIMIT 1),"
                                         "  (SELECT uuid FROM outbox WHERE application_id = ?1"
                                         "    AND attempts > 0 ORDER BY id DESC LIMIT 1))",
                                         error);
  char *uuid = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else
    jj_store_set_error (self->store, error, _("Could not read the outbox"));
  sqlite3_reset (stmt);
  return uuid;
}

/* The body the sync engine will send, frozen now so that a retry sends the very same bytes.
 * @supersedes: for a correction, the revision the county may hold (county_known_key()). */
static char *
outbox_payload (JjIntake            *self,
                const char          *uuid,
                const char          *receipt_number,
                const JjCorrection  *correction,
                const char          *supersedes,
                const char          *promised,
                JsonObject          *draft,
                gint64               submitted_at)
{
  static const char * const applicant_members[] = { "name", "id_number", "phone", "address", NULL };
  static const char * const agent_members[] = { "kind", "name", "id_number", "relationship", NULL };
  static const char * const material_members[] = { "matter", "index", "status", NULL };
  static const char * const attachment_members[] = { "sha256", "filename", "material", NULL };
  static const char * const top_members[] = { "bundle", "appointment", NULL };
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(JsonObject) top = copy_members (draft, top_members);
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (submitted_at);
  g_autofree char *terminal = jj_intake_dup_terminal_code (self);
  g_autofree char *submitted_text = g_date_time_format_iso8601 (when);
  JsonObject *applicant = member_object (draft, "applicant");
  JsonObject *agent = member_object (draft, "agent");
  JsonObject *values = member_object (draft, "values");
  JsonArray *matters = member_array (draft, "matters");
  JsonArray *attachments = member_array (draft, "attachments");

  json_object_set_string_member (payload, "idempotency_key", uuid);
  json_object_set_string_member (payload, "terminal", terminal);
  json_object_set_string_member (payload, "receipt_number", receipt_number);
  /* The first revision is never numbered (docs/sync-protocol.md, section 7), nor is one
   * that supersedes nothing the county may hold. */
  if (correction != NULL && supersedes != NULL)
    {
      json_object_set_int_member (payload, "revision", correction->revision);
      json_object_set_string_member (payload, "supersedes", supersedes);
    }
  json_object_set_string_member (payload, "submitted_at", submitted_text);
  json_object_set_string_member (payload, "promised_date", promised);
  if (matters != NULL)
    json_object_set_array_member (payload, "matters", json_array_ref (matters));
  if (json_object_has_member (top, "bundle"))
    json_object_set_member (payload, "bundle", json_object_dup_member (top, "bundle"));
  if (applicant != NULL)
    {
      JsonObject *copy = copy_members (applicant, applicant_members);

      normalize_person (copy);
      json_object_set_object_member (payload, "applicant", copy);
    }
  if (agent != NULL)
    {
      JsonObject *copy = copy_members (agent, agent_members);

      normalize_person (copy);
      json_object_set_object_member (payload, "agent", copy);
    }
  if (json_object_has_member (top, "appointment"))
    json_object_set_member (payload, "appointment", json_object_dup_member (top, "appointment"));
  if (values != NULL)
    json_object_set_object_member (payload, "values", json_object_ref (values));
  json_object_set_array_member (payload, "materials",
                                copy_elements (member_array (draft, "materials"), material_members));
  if (attachments != NULL && json_array_get_length (attachments) > 0)
    json_object_set_array_member (payload, "attachments",
                                  copy_elements (attachments, attachment_members));

  return jj_intake_object_to_string (payload);
}

/* Marks the entry a correction replaces `superseded` when the reviewer had returned it; one
 * the county holds (and returned, 退回补正) stays delivered. */
static gboolean
supersede_entry (JjIntake     *self,
                 const char   *uuid,
                 GError      **error)
{
  sqlite3_stmt *stmt = jj_store_prepare (self->store,
                                         "UPDATE outbox SET state = 'superseded'"
                                         " WHERE uuid = ?1 AND state = 'returned'",
                                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  return step_done (self, stmt, error);
}

/* Writes the submission of draft @id inside the caller's transaction (lock held). */
JjSubmission *
jj_intake_submit_write (JjIntake    *self,
              gint64       id,
              JsonObject  *draft,
              GPtrArray   *matters,
              GDate       *today,
              GError     **error)
{
  g_autoptr(JjSubmission) submission = g_new0 (JjSubmission, 1);
  g_auto(JjCorrection) correction = { 0 };
  g_autoptr(GError) local_error = NULL;
  g_autofree char *county_supersedes = NULL;
  JsonObject *applicant = jj_intake_member_object (draft, "applicant");
  JsonObject *agent = jj_intake_member_object (draft, "agent");
  g_autofree char *id_number = normalized_id (jj_intake_member_string (applicant, "id_number"));
  g_autofree char *name = g_strstrip (g_strdup (jj_intake_member_string (applicant, "name")));
  g_autofree char *text = jj_intake_object_to_string (draft);
  g_autofree char *payload = NULL;
  const char *kind = jj_intake_member_string (agent, "kind");
  const char *appointment = jj_intake_member_string (draft, "appointment");
  gint64 submitted_at = jj_intake_now_seconds ();
  gint64 applicant_id = 0;
  gboolean is_correction;
  sqlite3_stmt *update, *outbox;

  submission->application_id = id;
  submission->outbox_uuid = g_uuid_string_random ();
  submission->promised_date = promised_date (self, matters, today);

  /* A correction keeps its receipt number: it is the same application, one revision on. */
  is_correction = jj_intake_get_correction (self, id, &correction, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (is_correction && correction.county_state != JJ_APPLICATION_RETURNED)
    {
      /* Translators: the first %s is a receipt number, the second an application's state,
       * e.g. "Accepted" */
      g_set_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_STATE,
                   _("The county has already acted on %s since it was returned (%s): it cannot "
                     "be resubmitted. Discard the correction to see the county's decision."),
                   correction.receipt_number,
                   jj_application_state_get_label (correction.county_state));
      return NULL;
    }
  submission->revision = is_correction ? correction.revision : 1;
  if (is_correction &&
      (county_supersedes = county_known_key (self, id, &local_error)) == NULL &&
      local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!upsert_applicant (self, applicant, id_number, &applicant_id, error) ||
      (submission->receipt_number =
         is_correction ? g_strdup (correction.receipt_number)
                       : next_receipt_number (self, today, error)) == NULL ||
      (update = jj_store_prepare (self->store,
                                  "UPDATE applications SET state = 'queued', draft = ?2,"
                                  "  applicant_id = ?3, applicant_name = ?4,"
                                  "  applicant_id_number = ?5, agent_kind = ?6,"
                                  "  appointment_at = ?7, receipt_number = ?8, promised_date = ?9,"
                                  "  submitted_at = ?10, updated_at = ?10, status_reason = NULL"
                                  " WHERE id = ?1 AND state = 'draft'",
                                  error)) == NULL)
    return NULL;

  sqlite3_bind_int64 (update, 1, id);
  sqlite3_bind_text (update, 2, text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update, 3, applicant_id);
  sqlite3_bind_text (update, 4, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 5, id_number, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 6, kind[0] != '\0' ? kind : "none", -1, SQLITE_STATIC);
  if (appointment[0] != '\0')
    sqlite3_bind_text (update, 7, appointment, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 8, submission->receipt_number, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 9, submission->promised_date, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update, 10, submitted_at);
  if (!step_done (self, update, error))
    return NULL;
  if (sqlite3_changes (jj_store_get_db (self->store)) != 1)
    {
      g_set_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_STATE,
                   _("Application %" PRId64 " is not a draft: it was submitted already "
                     "or discarded."),
                   id);
      return NULL;
    }

  if (!write_matters_and_materials (self, id, draft, matters, error) ||
      !write_attachments (self, id, draft, error) ||
      (is_correction && !supersede_entry (self, correction.supersedes, error)) ||
      (outbox = jj_store_prepare (self->store,
                                  "INSERT INTO outbox (uuid, application_id, payload, created_at,"
                                  "  revision, supersedes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                  error)) == NULL)
    return NULL;

  payload = outbox_payload (self, submission->outbox_uuid, submission->receipt_number,
                            is_correction ? &correction : NULL, county_supersedes,
                            submission->promised_date,
                            draft, submitted_at);
  sqlite3_bind_text (outbox, 1, submission->outbox_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (outbox, 2, id);
  sqlite3_bind_text (outbox, 3, payload, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (outbox, 4, submitted_at);
  sqlite3_bind_int (outbox, 5, submission->revision);
  if (is_correction)
    sqlite3_bind_text (outbox, 6, correction.supersedes, -1, SQLITE_STATIC);
  if (!step_done (self, outbox, error) ||
      !jj_audit_record_submit (self->store, id, submission->receipt_number,
                               submission->outbox_uuid, submission->revision, error))
    return NULL;

  return g_steal_pointer (&submission);
}
