/* jj-county-db-cases.c — county.db: cases, evaluations and the status feed
 *
 * Its catalogues are in jj-county-db-catalog.c, its injected faults in jj-county-db-faults.c.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jj-county-db-private.h"

/* Case numbers count per prefix and year, in China Standard Time. */
#define CST_OFFSET (8 * 3600)

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
jj_county_db_lookup_item (JjCountyDb  *self,
                          const char  *kind,
                          const char  *terminal_id,
                          const char  *key,
                          char       **fingerprint,
                          char       **result,
                          GError     **error)
{
  const char *sql = g_str_equal (kind, "cases")
    ? "SELECT fingerprint, result FROM case_revisions"
      " WHERE terminal_id = ?1 AND idempotency_key = ?2"
    : "SELECT fingerprint, result FROM evaluations"
      " WHERE terminal_id = ?1 AND idempotency_key = ?2";
  sqlite3_stmt *stmt = jj_county_db_prepare (self, sql, error);
  gboolean found = FALSE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, terminal_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *fingerprint = jj_county_db_dup_text (stmt, 0);
      *result = jj_county_db_dup_text (stmt, 1);
      found = TRUE;
    }
  else if (rc != SQLITE_DONE)
    jj_county_db_set_error (self, error, _("The county database cannot be read"));
  sqlite3_reset (stmt);
  return found;
}

/* The next number of @name inside the caller's transaction. */
static gint64
next_counter (JjCountyDb  *self,
              const char  *name,
              GError     **error)
{
  sqlite3_stmt *stmt = jj_county_db_prepare (self,
                                             "INSERT INTO counters (name, value) VALUES (?1, 1)"
                                             " ON CONFLICT (name) DO UPDATE SET value = value + 1"
                                             " RETURNING value",
                                             error);
  gint64 value = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (value == 0)
    jj_county_db_set_error (self, error, _("The county database cannot be written"));
  return value;
}

/* The 201 result every replay repeats, with "replayed" false; @revision 0 leaves the member
 * out, as for every first revision, so that their answers read as before revisions existed. */
static char *
created_result (const char *key,
                const char *case_number,
                gint64      revision,
                gint64      now)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *received_at = jj_county_format_time (now);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "idempotency_key");
  json_builder_add_string_value (builder, key);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, 201);
  if (case_number != NULL)
    {
      json_builder_set_member_name (builder, "case_number");
      json_builder_add_string_value (builder, case_number);
    }
  if (revision > 0)
    {
      json_builder_set_member_name (builder, "revision");
      json_builder_add_int_value (builder, revision);
    }
  json_builder_set_member_name (builder, "received_at");
  json_builder_add_string_value (builder, received_at);
  json_builder_set_member_name (builder, "replayed");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  return json_to_string (node, FALSE);
}

/* Appends revision @revision of case @case_id inside the caller's transaction. */
static gboolean
insert_revision (JjCountyDb  *self,
                 gint64       case_id,
                 const char  *terminal_id,
                 gint64       revision,
                 const char  *key,
                 const char  *fingerprint,
                 const char  *text,
                 gint64       now,
                 const char  *result,
                 GError     **error)
{
  sqlite3_stmt *insert = jj_county_db_prepare (self,
                                               "INSERT INTO case_revisions (case_id, terminal_id,"
                                               "  revision, idempotency_key, fingerprint, item,"
                                               "  received_at, result)"
                                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                               error);

  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, case_id);
  sqlite3_bind_text (insert, 2, terminal_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 3, revision);
  sqlite3_bind_text (insert, 4, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, fingerprint, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 7, now);
  sqlite3_bind_text (insert, 8, result, -1, SQLITE_STATIC);
  return jj_county_db_step_done (self, insert, error);
}

/* The case an item's `supersedes` names, when it is one of @terminal_id's revisions: its id,
 * case number, state, latest key and latest revision number. 0 when none is (a new case). */
static gint64
superseded_case (JjCountyDb  *self,
                 const char  *terminal_id,
                 const char  *supersedes,
                 char       **case_number,
                 char       **state,
                 char       **latest_key,
                 gint64      *latest_revision,
                 GError     **error)
{
  sqlite3_stmt *stmt = jj_county_db_prepare (self,
                                             "SELECT c.id, c.case_number, c.state,"
                                             "  c.idempotency_key, c.revision"
                                             " FROM case_revisions r"
                                             " JOIN cases c ON c.id = r.case_id"
                                             " WHERE r.terminal_id = ?1"
                                             "   AND r.idempotency_key = ?2",
                                             error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, terminal_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, supersedes, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      *case_number = jj_county_db_dup_text (stmt, 1);
      *state = jj_county_db_dup_text (stmt, 2);
      *latest_key = jj_county_db_dup_text (stmt, 3);
      *latest_revision = sqlite3_column_int64 (stmt, 4);
    }
  else if (rc != SQLITE_DONE)
    {
      jj_county_db_set_error (self, error, _("The county database cannot be read"));
      id = -1;
    }
  sqlite3_reset (stmt);
  return id;
}

/* Makes @item revision @revision of case @case_id: the case keeps its number, goes back to
 * received and forgets the reason it was returned for; the earlier revisions stay. */
static char *
revise_case (JjCountyDb  *self,
             gint64       case_id,
             const char  *case_number,
             const char  *terminal_id,
             JsonObject  *item,
             gint64       revision,
             const char  *fingerprint,
             const char  *text,
             gint64       now,
             GError     **error)
{
  const char *key = member_string (item, "idempotency_key");
  g_autofree char *result = created_result (key, case_number, revision, now);
  sqlite3_stmt *update = jj_county_db_prepare (self,
                                               "UPDATE cases SET idempotency_key = ?2,"
                                               "  fingerprint = ?3, item = ?4,"
                                               "  receipt_number = ?5, state = 'received',"
                                               "  reason = NULL, updated_at = ?6, result = ?7,"
                                               "  revision = ?8"
                                               " WHERE id = ?1",
                                               error);

  if (update == NULL)
    return NULL;
  sqlite3_bind_int64 (update, 1, case_id);
  sqlite3_bind_text (update, 2, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 3, fingerprint, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 4, text, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 5, member_string (item, "receipt_number"), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update, 6, now);
  sqlite3_bind_text (update, 7, result, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update, 8, revision);
  if (!jj_county_db_step_done (self, update, error) ||
      !insert_revision (self, case_id, terminal_id, revision, key, fingerprint, text, now,
                        result, error))
    return NULL;
  return g_steal_pointer (&result);
}

char *
jj_county_db_insert_case (JjCountyDb  *self,
                          const char  *terminal_id,
                          const char  *case_prefix,
                          JsonObject  *item,
                          const char  *fingerprint,
                          gint64       now,
                          GError     **error)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_utc (now + CST_OFFSET);
  g_autofree char *series = g_strdup_printf ("%s%d", case_prefix, g_date_time_get_year (local));
  g_autofree char *case_number = NULL;
  g_autofree char *result = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), item);
  const char *key = member_string (item, "idempotency_key");
  const char *supersedes = member_string (item, "supersedes");
  JsonNode *revision_node = json_object_get_member (item, "revision");
  gint64 revision = revision_node != NULL && !JSON_NODE_HOLDS_NULL (revision_node)
                    ? json_node_get_int (revision_node) : 0;
  sqlite3_stmt *insert;
  gint64 number, case_id;

  text = json_to_string (node, FALSE);
  if (supersedes != NULL)
    {
      g_autofree char *state = NULL;
      g_autofree char *latest_key = NULL;
      gint64 latest_revision = 0;

      case_id = superseded_case (self, terminal_id, supersedes, &case_number, &state,
                                 &latest_key, &latest_revision, error);
      if (case_id < 0)
        return NULL;
      /* Closed first: when the county has acted, that is what the clerk needs to hear. */
      if (case_id > 0 && !g_str_equal (state, "received") && !g_str_equal (state, "returned"))
        {
          g_set_error (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_CASE_CLOSED,
                       _("supersedes: case %s is %s: the county has already acted on it, so "
                         "it takes no new revision"),
                       case_number, jj_county_case_state_label (state));
          return NULL;
        }
      if (case_id > 0 && (!g_str_equal (latest_key, supersedes) || revision <= latest_revision))
        {
          g_autofree char *latest = g_strdup_printf ("%" G_GINT64_FORMAT, latest_revision);

          if (!g_str_equal (latest_key, supersedes))
            g_set_error (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_REVISION_CONFLICT,
                         _("supersedes: %s is not the latest revision of case %s, which is "
                           "revision %s (%s)"),
                         supersedes, case_number, latest, latest_key);
          else
            g_set_error (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_REVISION_CONFLICT,
                         _("revision: case %s is at revision %s already; a new revision needs "
                           "a higher number"),
                         case_number, latest);
          return NULL;
        }
      if (case_id > 0)
        return revise_case (self, case_id, case_number, terminal_id, item, revision,
                            fingerprint, text, now, error);
      g_clear_pointer (&case_number, g_free);
    }

  if ((number = next_counter (self, series, error)) == 0)
    return NULL;
  case_number = g_strdup_printf ("%s-%06" G_GINT64_FORMAT, series, number);
  result = created_result (key, case_number, revision, now);

  insert = jj_county_db_prepare (self,
                                 "INSERT INTO cases (case_number, terminal_id, idempotency_key,"
                                 "  fingerprint, item, receipt_number, received_at, updated_at,"
                                 "  result, revision)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)",
                                 error);
  if (insert == NULL)
    return NULL;
  sqlite3_bind_text (insert, 1, case_number, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, terminal_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, fingerprint, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, text, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, member_string (item, "receipt_number"), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 7, now);
  sqlite3_bind_text (insert, 8, result, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 9, MAX (revision, 1));
  if (!jj_county_db_step_done (self, insert, error))
    return NULL;
  case_id = sqlite3_last_insert_rowid (jj_county_db_get_handle (self));
  if (!insert_revision (self, case_id, terminal_id, MAX (revision, 1), key, fingerprint, text,
                        now, result, error))
    return NULL;
  return g_steal_pointer (&result);
}

char *
jj_county_db_insert_evaluation (JjCountyDb  *self,
                                const char  *terminal_id,
                                JsonObject  *item,
                                const char  *fingerprint,
                                gint64       now,
                                GError     **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), item);
  g_autofree char *text = json_to_string (node, FALSE);
  const char *key = member_string (item, "idempotency_key");
  g_autofree char *result = created_result (key, NULL, 0, now);
  sqlite3_stmt *insert = jj_county_db_prepare (self,
                                               "INSERT INTO evaluations (terminal_id,"
                                               "  idempotency_key, fingerprint, item, case_number,"
                                               "  receipt_number, score, received_at, result)"
                                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                               error);

  if (insert == NULL)
    return NULL;
  sqlite3_bind_text (insert, 1, terminal_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, fingerprint, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, text, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, member_string (item, "case_number"), -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, member_string (item, "receipt_number"), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 7, json_object_get_int_member (item, "score"));
  sqlite3_bind_int64 (insert, 8, now);
  sqlite3_bind_text (insert, 9, result, -1, SQLITE_STATIC);
  if (!jj_county_db_step_done (self, insert, error))
    return NULL;
  return g_steal_pointer (&result);
}

JsonNode *
jj_county_db_get_case (JjCountyDb  *self,
                       const char  *terminal_id,
                       const char  *case_number,
                       GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  sqlite3_stmt *stmt = jj_county_db_prepare (self,
                                             "SELECT case_number, idempotency_key,"
                                             "  receipt_number, state, reason, received_at,"
                                             "  updated_at, terminal_id, id, revision"
                                             " FROM cases"
                                             " WHERE case_number = ?1"
                                             "   AND (?2 IS NULL OR terminal_id = ?2)",
                                             error);
  sqlite3_stmt *revisions;
  gint64 id;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, case_number, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, terminal_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_NOT_FOUND,
                   _("There is no case %s"), case_number);
      return NULL;
    }

  id = sqlite3_column_int64 (stmt, 8);
  json_builder_begin_object (builder);
  jj_county_db_add_text (builder, "case_number", stmt, 0);
  jj_county_db_add_text (builder, "idempotency_key", stmt, 1);
  jj_county_db_add_text (builder, "receipt_number", stmt, 2);
  jj_county_db_add_text (builder, "state", stmt, 3);
  jj_county_db_add_text (builder, "reason", stmt, 4);
  jj_county_db_add_time (builder, "received_at", stmt, 5);
  jj_county_db_add_time (builder, "updated_at", stmt, 6);
  jj_county_db_add_int (builder, "revision", stmt, 9);
  sqlite3_reset (stmt);

  if (!(revisions = jj_county_db_prepare (self,
                                          "SELECT revision, idempotency_key, received_at"
                                          " FROM case_revisions WHERE case_id = ?1 ORDER BY id",
                                          error)))
    return NULL;
  sqlite3_bind_int64 (revisions, 1, id);
  json_builder_set_member_name (builder, "revisions");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (revisions)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      jj_county_db_add_int (builder, "revision", revisions, 0);
      jj_county_db_add_text (builder, "idempotency_key", revisions, 1);
      jj_county_db_add_time (builder, "received_at", revisions, 2);
      json_builder_end_object (builder);
    }
  sqlite3_reset (revisions);
  if (rc != SQLITE_DONE)
    {
      jj_county_db_set_error (self, error, _("The county database cannot be read"));
      return NULL;
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
jj_county_db_list_cases (JjCountyDb  *self,
                         const char  *terminal_id,
                         GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  sqlite3_stmt *stmt = jj_county_db_prepare (self,
                                             "SELECT c.case_number, c.terminal_id, p.name,"
                                             "  c.receipt_number, c.state, c.reason,"
                                             "  c.received_at, c.updated_at, c.item,"
                                             "  c.revision"
                                             " FROM cases c"
                                             " JOIN terminals t ON t.id = c.terminal_id"
                                             " JOIN service_points p ON p.id = t.service_point_id"
                                             " WHERE ?1 IS NULL OR c.terminal_id = ?1"
                                             " ORDER BY c.id DESC",
                                             error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, terminal_id, -1, SQLITE_STATIC);

  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) item = json_from_string ((const char *) sqlite3_column_text (stmt, 8),
                                                   NULL);

      json_builder_begin_object (builder);
      jj_county_db_add_text (builder, "case_number", stmt, 0);
      jj_county_db_add_text (builder, "terminal_id", stmt, 1);
      jj_county_db_add_text (builder, "service_point", stmt, 2);
      jj_county_db_add_text (builder, "receipt_number", stmt, 3);
      jj_county_db_add_text (builder, "state", stmt, 4);
      jj_county_db_add_text (builder, "reason", stmt, 5);
      jj_county_db_add_time (builder, "received_at", stmt, 6);
      jj_county_db_add_time (builder, "updated_at", stmt, 7);
      jj_county_db_add_int (builder, "revision", stmt, 9);
      json_builder_set_member_name (builder, "submission");
      if (item != NULL)
        json_builder_add_value (builder, g_steal_pointer (&item));
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jj_county_db_set_error (self, error, _("The county database cannot be read"));
      return NULL;
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

const char *
jj_county_case_state_label (const char *state)
{
  if (g_strcmp0 (state, "received") == 0)
    return C_("case state", "received");
  if (g_strcmp0 (state, "accepted") == 0)
    return C_("case state", "accepted");
  if (g_strcmp0 (state, "completed") == 0)
    return C_("case state", "completed");
  if (g_strcmp0 (state, "returned") == 0)
    return C_("case state", "returned for correction");
  if (g_strcmp0 (state, "rejected") == 0)
    return C_("case state", "rejected");
  return state;
}

/* Which states a case may move to from where it is. */
static gboolean
may_move (const char *from,
          const char *to)
{
  static const struct
  {
    const char *to;
    const char *from;
  } moves[] = {
    { "accepted", "received returned" },
    { "completed", "received accepted" },
    { "returned", "received accepted" },
    { "rejected", "received accepted returned" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      if (g_str_equal (moves[i].to, to))
        {
          g_auto(GStrv) allowed = g_strsplit (moves[i].from, " ", -1);

          return g_strv_contains ((const char * const *) allowed, from);
        }
    }
  return FALSE;
}

static gboolean
move_case (JjCountyDb  *self,
           const char  *case_number,
           const char  *state,
           const char  *reason,
           gint64       now,
           GError     **error)
{
  sqlite3_stmt *find = jj_county_db_prepare (self,
                                             "SELECT id, terminal_id, state, idempotency_key"
                                             " FROM cases WHERE case_number = ?1",
                                             error);
  sqlite3_stmt *update, *event;
  g_autofree char *terminal_id = NULL;
  g_autofree char *from = NULL;
  g_autofree char *key = NULL;
  gint64 id;

  if (find == NULL)
    return FALSE;
  sqlite3_bind_text (find, 1, case_number, -1, SQLITE_STATIC);
  if (sqlite3_step (find) != SQLITE_ROW)
    {
      sqlite3_reset (find);
      g_set_error (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_NOT_FOUND,
                   _("There is no case %s"), case_number);
      return FALSE;
    }
  id = sqlite3_column_int64 (find, 0);
  terminal_id = jj_county_db_dup_text (find, 1);
  from = jj_county_db_dup_text (find, 2);
  key = jj_county_db_dup_text (find, 3);
  sqlite3_reset (find);

  if (!may_move (from, state))
    {
      g_set_error (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_STATE,
                   _("Case %s is %s and cannot become %s"), case_number,
                   jj_county_case_state_label (from), jj_county_case_state_label (state));
      return FALSE;
    }

  if (!(update = jj_county_db_prepare (self,
                                       "UPDATE cases SET state = ?2, reason = ?3, updated_at = ?4"
                                       " WHERE id = ?1",
                                       error)))
    return FALSE;
  sqlite3_bind_int64 (update, 1, id);
  sqlite3_bind_text (update, 2, state, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 3, reason, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update, 4, now);
  if (!jj_county_db_step_done (self, update, error))
    return FALSE;

  if (!(event = jj_county_db_prepare (self,
                                      "INSERT INTO status_events (case_id, terminal_id, state,"
                                      "  reason, at, idempotency_key)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                      error)))
    return FALSE;
  sqlite3_bind_int64 (event, 1, id);
  sqlite3_bind_text (event, 2, terminal_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (event, 3, state, -1, SQLITE_STATIC);
  sqlite3_bind_text (event, 4, reason, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (event, 5, now);
  sqlite3_bind_text (event, 6, key, -1, SQLITE_STATIC);
  return jj_county_db_step_done (self, event, error);
}

gboolean
jj_county_db_set_case_state (JjCountyDb  *self,
                             const char  *case_number,
                             const char  *state,
                             const char  *reason,
                             gint64       now,
                             GError     **error)
{
  gboolean needs_reason = g_strcmp0 (state, "returned") == 0 ||
                          g_strcmp0 (state, "rejected") == 0;

  if (reason != NULL && *reason == '\0')
    reason = NULL;
  if (needs_reason && reason == NULL)
    {
      g_set_error_literal (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_INVALID,
                           _("Returning or rejecting a case needs a reason (--reason)"));
      return FALSE;
    }

  if (!jj_county_db_begin (self, error))
    return FALSE;
  if (!move_case (self, case_number, state, reason, now, error))
    {
      jj_county_db_rollback (self);
      return FALSE;
    }
  return jj_county_db_commit (self, error);
}

GPtrArray *
jj_county_db_cases_waiting (JjCountyDb  *self,
                            const char  *state,
                            gint64       before,
                            GError     **error)
{
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = jj_county_db_prepare (self,
                                             "SELECT case_number FROM cases"
                                             " WHERE state = ?1 AND updated_at < ?2"
                                             " ORDER BY id",
                                             error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, before);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (numbers, jj_county_db_dup_text (stmt, 0));
  sqlite3_reset (stmt);
  return g_steal_pointer (&numbers);
}

static gboolean
is_cursor_of (JjCountyDb *self,
              const char *terminal_id,
              gint64      cursor)
{
  sqlite3_stmt *stmt = jj_county_db_prepare (self,
                                             "SELECT 1 FROM status_events"
                                             " WHERE cursor = ?1 AND terminal_id = ?2",
                                             NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cursor);
  sqlite3_bind_text (stmt, 2, terminal_id, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

JsonNode *
jj_county_db_statuses (JjCountyDb  *self,
                       const char  *terminal_id,
                       gint64       after,
                       guint        limit,
                       GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *next = NULL;
  sqlite3_stmt *stmt;
  gboolean more = FALSE;
  gint64 last = after;
  guint n = 0;
  int rc;

  if (after < 0 || (after > 0 && !is_cursor_of (self, terminal_id, after)))
    {
      g_autofree char *cursor = g_strdup_printf ("%" G_GINT64_FORMAT, after);

      g_set_error (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_INVALID,
                   _("after: %s is not a cursor of this terminal's status feed"), cursor);
      return NULL;
    }

  stmt = jj_county_db_prepare (self,
                               "SELECT e.cursor, e.idempotency_key, c.case_number, e.state,"
                               "  e.reason, e.at"
                               " FROM status_events e JOIN cases c ON c.id = e.case_id"
                               " WHERE e.terminal_id = ?1 AND e.cursor > ?2"
                               " ORDER BY e.cursor LIMIT ?3",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, terminal_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, after);
  sqlite3_bind_int64 (stmt, 3, (gint64) limit + 1);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *cursor = NULL;

      if (n == limit)
        {
          more = TRUE;
          break;
        }
      last = sqlite3_column_int64 (stmt, 0);
      cursor = g_strdup_printf ("%" G_GINT64_FORMAT, last);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "cursor");
      json_builder_add_string_value (builder, cursor);
      jj_county_db_add_text (builder, "idempotency_key", stmt, 1);
      jj_county_db_add_text (builder, "case_number", stmt, 2);
      jj_county_db_add_text (builder, "state", stmt, 3);
      if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        jj_county_db_add_text (builder, "reason", stmt, 4);
      jj_county_db_add_time (builder, "at", stmt, 5);
      json_builder_end_object (builder);
      n++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      jj_county_db_set_error (self, error, _("The county database cannot be read"));
      return NULL;
    }
  json_builder_end_array (builder);

  next = g_strdup_printf ("%" G_GINT64_FORMAT, last);
  json_builder_set_member_name (builder, "next");
  json_builder_add_string_value (builder, next);
  json_builder_set_member_name (builder, "more");
  json_builder_add_boolean_value (builder, more);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
