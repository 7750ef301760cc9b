/* jj-audit.c — the append-only, hash-chained audit log
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "jj-audit-private.h"
#include "jj-operators-private.h"
#include "jj-store-private.h"

G_DEFINE_QUARK (jj-audit-error-quark, jj_audit_error)

/* Versioned, so that a later encoding can never produce the same bytes as this one. */
#define HASH_TAG "jiujin-audit-v1\n"
/* How far from its id verify looks for the id a damaged row was hashed with. */
#define MOVE_WINDOW 1000
#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

#define ENTRY_COLUMNS \
  "SELECT id, at, operator_login, operator_role, action, subject, detail, prev_hash, hash" \
  " FROM audit_log"
#define ENTRY_FILTER \
  " WHERE (?1 = 0 OR at >= ?1) AND (?2 = 0 OR at < ?2) AND (?3 IS NULL OR action = ?3)"

static const struct
{
  const char *action;
  const char *display_name;
} actions[] = {
  { JJ_AUDIT_LOGIN, N_("Logged in") },
  { JJ_AUDIT_LOGOUT, N_("Logged out") },
  { JJ_AUDIT_LOGIN_FAILED, N_("Failed to log in") },
  { JJ_AUDIT_LOCK, N_("Locked") },
  { JJ_AUDIT_SUBMIT, N_("Submitted an application") },
  { JJ_AUDIT_REVEAL_ID, N_("Revealed an ID number") },
  { JJ_AUDIT_QUEUE_RETRY, N_("Retried a queue item") },
  { JJ_AUDIT_QUEUE_HOLD, N_("Held a queue item") },
  { JJ_AUDIT_QUEUE_RELEASE, N_("Released a queue item") },
  { JJ_AUDIT_QUEUE_SEND_BACK, N_("Sent an application back for correction") },
  { JJ_AUDIT_CORRECTION_OPEN, N_("Reopened an application for correction") },
  { JJ_AUDIT_EXPORT, N_("Exported data") },
  { JJ_AUDIT_SETTINGS_CHANGE, N_("Changed a setting") },
  { JJ_AUDIT_OPERATOR_ADD, N_("Added an operator") },
  { JJ_AUDIT_OPERATOR_DISABLE, N_("Disabled an operator") },
  { JJ_AUDIT_OPERATOR_ENABLE, N_("Enabled an operator") },
  { JJ_AUDIT_OPERATOR_RESET_PIN, N_("Reset an operator’s PIN") },
  { JJ_AUDIT_OPERATOR_ROLE, N_("Changed an operator’s role") },
};

gboolean
jj_audit_is_action (const char *action)
{
  for (guint i = 0; action != NULL && i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (action, actions[i].action))
      return TRUE;
  return FALSE;
}

const char *
jj_audit_action_display_name (const char *action)
{
  for (guint i = 0; action != NULL && i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (action, actions[i].action))
      return _(actions[i].display_name);
  return action;
}

const char *
jj_audit_break_describe (JjAuditBreak kind)
{
  switch (kind)
    {
    case JJ_AUDIT_BREAK_NONE:
      return _("The audit log is intact.");
    case JJ_AUDIT_BREAK_MODIFIED:
      return _("The row was changed after it was written.");
    case JJ_AUDIT_BREAK_MISSING:
      return _("A row before it was deleted or replaced.");
    case JJ_AUDIT_BREAK_OUT_OF_ORDER:
      return _("The row was moved from its place in the log.");
    default:
      g_return_val_if_reached (NULL);
    }
}

void
jj_audit_entry_free (JjAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->operator_login);
  g_free (entry->operator_role);
  g_free (entry->action);
  g_free (entry->subject);
  g_free (entry->detail);
  g_free (entry->prev_hash);
  g_free (entry->hash);
  g_free (entry);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static JjAuditEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  JjAuditEntry *entry = g_new0 (JjAuditEntry, 1);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->at = sqlite3_column_int64 (stmt, 1);
  entry->operator_login = column_dup (stmt, 2);
  entry->operator_role = column_dup (stmt, 3);
  entry->action = column_dup (stmt, 4);
  entry->subject = column_dup (stmt, 5);
  entry->detail = column_dup (stmt, 6);
  entry->prev_hash = column_dup (stmt, 7);
  entry->hash = column_dup (stmt, 8);
  return entry;
}

/* One field: its length as 8 bytes big-endian, then its bytes — so no choice of contents can
 * shift bytes from one field into the next. */
static void
hash_field (GChecksum  *checksum,
            const char *text)
{
  guint64 length = strlen (text);
  guint8 prefix[8];

  for (int i = 7; i >= 0; i--, length >>= 8)
    prefix[i] = length & 0xff;
  g_checksum_update (checksum, prefix, sizeof prefix);
  g_checksum_update (checksum, (const guchar *) text, strlen (text));
}

/* The hash of @entry as if its id were @id (its own id when checking it). */
static char *
compute_hash (const JjAuditEntry *entry,
              gint64              id)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  char id_text[24], at_text[24];

  g_snprintf (id_text, sizeof id_text, "%" G_GINT64_FORMAT, id);
  g_snprintf (at_text, sizeof at_text, "%" G_GINT64_FORMAT, entry->at);
  g_checksum_update (checksum, (const guchar *) HASH_TAG, strlen (HASH_TAG));
  hash_field (checksum, entry->prev_hash);
  hash_field (checksum, id_text);
  hash_field (checksum, at_text);
  hash_field (checksum, entry->operator_login);
  hash_field (checksum, entry->operator_role);
  hash_field (checksum, entry->action);
  hash_field (checksum, entry->subject);
  hash_field (checksum, entry->detail);
  return g_strdup (g_checksum_get_string (checksum));
}

/* Appends with the lock held and a transaction open. */
static gint64
append_locked (JjStore       *store,
               JjAuditEntry  *entry,
               GError       **error)
{
  sqlite3_stmt *last, *insert;
  int rc;

  if ((last = jj_store_prepare (store, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
                                error)) == NULL ||
      (insert = jj_store_prepare (store,
                                  "INSERT INTO audit_log (id, at, operator_login, operator_role,"
                                  "  action, subject, detail, prev_hash, hash)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                  error)) == NULL)
    return 0;

  rc = sqlite3_step (last);
  entry->id = rc == SQLITE_ROW ? sqlite3_column_int64 (last, 0) + 1 : 1;
  entry->prev_hash = rc == SQLITE_ROW ? column_dup (last, 1) : g_strdup (GENESIS_HASH);
  sqlite3_reset (last);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return jj_store_set_error (store, error, _("Could not write the audit log"));
  entry->hash = compute_hash (entry, entry->id);

  sqlite3_bind_int64 (insert, 1, entry->id);
  sqlite3_bind_int64 (insert, 2, entry->at);
  sqlite3_bind_text (insert, 3, entry->operator_login, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, entry->operator_role, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, entry->action, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, entry->subject, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 7, entry->detail, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 8, entry->prev_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 9, entry->hash, -1, SQLITE_STATIC);
  rc = sqlite3_step (insert);
  sqlite3_reset (insert);
  if (rc != SQLITE_DONE)
    return jj_store_set_error (store, error, _("Could not write the audit log"));
  return entry->id;
}

/* Appends a row whose @detail is already checked text. */
static gint64
append (JjStore     *store,
        JjSession   *session,
        const char  *action,
        const char  *subject,
        const char  *detail,
        GError     **error)
{
  g_autoptr(JjSession) acting = jj_operators_resolve_session (store, session);
  g_autoptr(JjAuditEntry) entry = g_new0 (JjAuditEntry, 1);
  gboolean own_transaction;
  gint64 id = 0;

  if (!jj_audit_is_action (action))
    {
      g_set_error (error, JJ_AUDIT_ERROR, JJ_AUDIT_ERROR_INVALID,
                   "“%s” is not an audit action", action);
      return 0;
    }

  entry->at = jj_operators_now ();
  entry->operator_login = g_strdup (acting != NULL ? jj_session_get_login (acting) : "");
  entry->operator_role = g_strdup (acting != NULL ? jj_role_to_string (jj_session_get_role (acting))
                                                  : "");
  entry->action = g_strdup (action);
  entry->subject = g_strdup (subject != NULL ? subject : "");
  entry->detail = g_strdup (detail != NULL ? detail : "");

  jj_store_lock (store);
  /* Autocommit mode means no caller's transaction is open: the row gets one of its own. */
  own_transaction = sqlite3_get_autocommit (jj_store_get_db (store));
  if (!own_transaction || jj_store_begin (store, error))
    {
      id = append_locked (store, entry, error);
      if (own_transaction && (id == 0 || !jj_store_commit (store, error)))
        {
          jj_store_rollback (store);
          id = 0;
        }
    }
  jj_store_unlock (store);
  return id;
}

gint64
jj_audit_append (JjStore     *store,
                 JjSession   *session,
                 const char  *action,
                 const char  *subject,
                 const char  *detail_json,
                 GError     **error)
{
  g_return_val_if_fail (JJ_IS_STORE (store), 0);

  if (detail_json != NULL && detail_json[0] != '\0')
    {
      g_autoptr(JsonNode) node = json_from_string (detail_json, NULL);

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error_literal (error, JJ_AUDIT_ERROR, JJ_AUDIT_ERROR_INVALID,
                               "an audit detail must be a JSON object");
          return 0;
        }
    }
  return append (store, session, action, subject, detail_json, error);
}

gint64
jj_audit_append_object (JjStore     *store,
                        JjSession   *session,
                        const char  *action,
                        const char  *subject,
                        JsonObject  *detail,
                        GError     **error)
{
  g_autofree char *text = NULL;

  if (detail != NULL && json_object_get_size (detail) > 0)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), detail);

      text = json_to_string (node, FALSE);
    }
  return append (store, session, action, subject, text, error);
}

JsonObject *
jj_audit_detail_new (const char *reason)
{
  JsonObject *detail = json_object_new ();
  g_autofree char *stripped = g_strstrip (g_strdup (reason != NULL ? reason : ""));

  if (stripped[0] != '\0')
    json_object_set_string_member (detail, "reason", stripped);
  return detail;
}

char *
jj_audit_dup_application_subject (JjStore  *store,
                                  gint64    application_id,
                                  GError  **error)
{
  sqlite3_stmt *stmt;
  char *subject = NULL;
  int rc;

  jj_store_lock (store);
  stmt = jj_store_prepare (store,
                           "SELECT coalesce (receipt_number, '#' || id) FROM applications"
                           " WHERE id = ?1",
                           error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, application_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        subject = column_dup (stmt, 0);
      else if (rc == SQLITE_DONE)
        g_set_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_NOT_FOUND,
                     _("There is no application %" PRId64 "."), application_id);
      else
        jj_store_set_error (store, error, _("Could not read the application"));
      sqlite3_reset (stmt);
    }
  jj_store_unlock (store);
  return subject;
}

gboolean
jj_audit_record_submit (JjStore     *store,
                        gint64       application_id,
                        const char  *receipt_number,
                        const char  *outbox_uuid,
                        int          revision,
                        GError     **error)
{
  g_autoptr(JsonObject) detail = json_object_new ();

  json_object_set_int_member (detail, "application_id", application_id);
  json_object_set_string_member (detail, "outbox", outbox_uuid);
  if (revision > 1)
    json_object_set_int_member (detail, "revision", revision);
  return jj_audit_append_object (store, NULL, JJ_AUDIT_SUBMIT, receipt_number, detail, error) != 0;
}

/* The id of the row whose hash is @hash: 0 for the genesis hash, -1 when there is none. */
static gint64
find_hash (sqlite3_stmt *lookup,
           const char   *hash)
{
  gint64 id = -1;

  if (g_str_equal (hash, GENESIS_HASH))
    return 0;
  sqlite3_bind_text (lookup, 1, hash, -1, SQLITE_STATIC);
  if (sqlite3_step (lookup) == SQLITE_ROW)
    id = sqlite3_column_int64 (lookup, 0);
  sqlite3_reset (lookup);
  return id;
}

/* TRUE when @entry's hash is right for another id near its own: the row is intact but was
 * renumbered or moved. The window bounds the search at the one row where verify stops. */
static gboolean
intact_elsewhere (const JjAuditEntry *entry)
{
  for (gint64 distance = 1; distance <= MOVE_WINDOW; distance++)
    for (int sign = -1; sign <= 1; sign += 2)
      {
        gint64 id = entry->id + sign * distance;
        g_autofree char *hash = id > 0 ? compute_hash (entry, id) : NULL;

        if (hash != NULL && g_str_equal (hash, entry->hash))
          return TRUE;
      }
  return FALSE;
}

/* Why @entry, which follows the intact row @prev_id with hash @prev_hash, breaks the chain:
 * the break itself is certain, the diagnosis is the likeliest explanation. */
static JjAuditBreak
check_entry (sqlite3_stmt       *lookup,
             const JjAuditEntry *entry,
             gint64              prev_id,
             const char         *prev_hash)
{
  g_autofree char *hash = compute_hash (entry, entry->id);
  gboolean predecessor_exists;

  if (g_str_equal (hash, entry->hash))
    {
      if (entry->id != prev_id + 1)
        return JJ_AUDIT_BREAK_MISSING;
      if (g_str_equal (entry->prev_hash, prev_hash))
        return JJ_AUDIT_BREAK_NONE;
    }
  else if (!intact_elsewhere (entry))
    return JJ_AUDIT_BREAK_MODIFIED;

  /* Intact, but linked to something other than the row before it: a row that is still in the
   * log elsewhere (a reordering), or one that is gone (deleted, or replaced by a rewrite). */
  predecessor_exists = find_hash (lookup, entry->prev_hash) >= 0;
  return predecessor_exists ? JJ_AUDIT_BREAK_OUT_OF_ORDER : JJ_AUDIT_BREAK_MISSING;
}

gboolean
jj_audit_verify (JjStore       *store,
                 gint64        *first_broken_id,
                 JjAuditBreak  *kind,
                 gint64        *n_rows,
                 char         **head_hash,
                 GError       **error)
{
  g_autofree char *prev_hash = g_strdup (GENESIS_HASH);
  JjAuditBreak found = JJ_AUDIT_BREAK_NONE;
  sqlite3_stmt *stmt, *lookup;
  gint64 prev_id = 0, count = 0, broken = 0;
  int rc = SQLITE_ERROR;

  g_return_val_if_fail (JJ_IS_STORE (store), FALSE);

  jj_store_lock (store);
  if ((stmt = jj_store_prepare (store, ENTRY_COLUMNS " ORDER BY id", error)) != NULL &&
      (lookup = jj_store_prepare (store, "SELECT id FROM audit_log WHERE hash = ?1",
                                  error)) != NULL)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_autoptr(JjAuditEntry) entry = entry_from_row (stmt);

          found = check_entry (lookup, entry, prev_id, prev_hash);
          if (found != JJ_AUDIT_BREAK_NONE)
            {
              broken = entry->id;
              rc = SQLITE_DONE;
              break;
            }
          prev_id = entry->id;
          g_free (prev_hash);
          prev_hash = g_steal_pointer (&entry->hash);
          count++;
        }
      if (rc != SQLITE_DONE)
        jj_store_set_error (store, error, _("Could not read the audit log"));
      sqlite3_reset (stmt);
    }
  jj_store_unlock (store);

  if (rc != SQLITE_DONE)
    return FALSE;
  if (first_broken_id != NULL)
    *first_broken_id = broken;
  if (kind != NULL)
    *kind = found;
  if (n_rows != NULL)
    *n_rows = count;
  if (head_hash != NULL)
    *head_hash = g_steal_pointer (&prev_hash);
  return TRUE;
}

static void
bind_filter (sqlite3_stmt *stmt,
             gint64        since,
             gint64        until,
             const char   *action)
{
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, until);
  if (action != NULL)
    sqlite3_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
}

/* Reads the rows of @sql (ENTRY_COLUMNS with the filter, bound by the caller) into an array. */
static GPtrArray *
collect (JjStore       *store,
         sqlite3_stmt  *stmt,
         GError       **error)
{
  g_autoptr(GPtrArray) entries =
    g_ptr_array_new_with_free_func ((GDestroyNotify) jj_audit_entry_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jj_store_set_error (store, error, _("Could not read the audit log"));
      return NULL;
    }
  return g_steal_pointer (&entries);
}

GPtrArray *
jj_audit_list (JjStore     *store,
               gint64       since,
               gint64       until,
               const char  *action,
               guint        limit,
               guint        offset,
               GError     **error)
{
  GPtrArray *entries = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);

  jj_store_lock (store);
  stmt = jj_store_prepare (store,
                           ENTRY_COLUMNS ENTRY_FILTER " ORDER BY id DESC LIMIT ?4 OFFSET ?5",
                           error);
  if (stmt != NULL)
    {
      bind_filter (stmt, since, until, action);
      sqlite3_bind_int64 (stmt, 4, limit > 0 ? (gint64) limit : -1);
      sqlite3_bind_int64 (stmt, 5, offset);
      entries = collect (store, stmt, error);
    }
  jj_store_unlock (store);
  return entries;
}

gint64
jj_audit_count (JjStore     *store,
                gint64       since,
                gint64       until,
                const char  *action,
                GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (JJ_IS_STORE (store), -1);

  jj_store_lock (store);
  stmt = jj_store_prepare (store, "SELECT count(*) FROM audit_log" ENTRY_FILTER, error);
  if (stmt != NULL)
    {
      bind_filter (stmt, since, until, action);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
      else
        jj_store_set_error (store, error, _("Could not read the audit log"));
      sqlite3_reset (stmt);
    }
  jj_store_unlock (store);
  return count;
}

/* One CSV field (RFC 4180). A field a spreadsheet would run as a formula gets a leading
 * apostrophe, as OWASP advises for CSV meant to be opened in Excel or WPS. */
static void
append_csv_field (GString    *csv,
                  const char *text,
                  gboolean    last)
{
  gboolean formula = text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;

  if (formula || strpbrk (text, ",\"\r\n") != NULL)
    {
      g_string_append_c (csv, '"');
      if (formula)
        g_string_append_c (csv, '\'');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (csv, '"');
          g_string_append_c (csv, *p);
        }
      g_string_append_c (csv, '"');
    }
  else
    g_string_append (csv, text);
  g_string_append (csv, last ? "\r\n" : ",");
}

static void
append_csv_row (GString            *csv,
                const JjAuditEntry *entry)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (entry->at);
  g_autofree char *time = g_date_time_format (when, "%Y-%m-%dT%H:%M:%S%:z");
  char id_text[24], at_text[24];

  g_snprintf (id_text, sizeof id_text, "%" G_GINT64_FORMAT, entry->id);
  g_snprintf (at_text, sizeof at_text, "%" G_GINT64_FORMAT, entry->at);
  append_csv_field (csv, id_text, FALSE);
  append_csv_field (csv, at_text, FALSE);
  append_csv_field (csv, time, FALSE);
  append_csv_field (csv, entry->operator_login, FALSE);
  append_csv_field (csv, entry->operator_role, FALSE);
  append_csv_field (csv, entry->action, FALSE);
  append_csv_field (csv, entry->subject, FALSE);
  append_csv_field (csv, entry->detail, FALSE);
  append_csv_field (csv, entry->prev_hash, FALSE);
  append_csv_field (csv, entry->hash, TRUE);
}

gint64
jj_audit_export_csv (JjStore     *store,
                     JjSession   *session,
                     gint64       since,
                     gint64       until,
                     const char  *action,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) csv = g_string_new ("id,at,time,operator,role,action,subject,detail,"
                                         "prev_hash,hash\r\n");
  g_autoptr(JsonObject) detail = json_object_new ();
  g_autoptr(GError) write_error = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (JJ_IS_STORE (store), -1);
  g_return_val_if_fail (path != NULL, -1);

  if (!jj_operators_require (store, session, JJ_PERMISSION_AUDIT, JJ_AUDIT_EXPORT, path, error))
    return -1;

  jj_store_lock (store);
  stmt = jj_store_prepare (store, ENTRY_COLUMNS ENTRY_FILTER " ORDER BY id", error);
  if (stmt != NULL)
    {
      bind_filter (stmt, since, until, action);
      entries = collect (store, stmt, error);
    }
  jj_store_unlock (store);
  if (entries == NULL)
    return -1;

  for (guint i = 0; i < entries->len; i++)
    append_csv_row (csv, g_ptr_array_index (entries, i));
  if (!g_file_set_contents_full (path, csv->str, csv->len, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &write_error))
    {
      /* Translators: the first %s is a file name, the second the system's reason */
      g_set_error (error, JJ_AUDIT_ERROR, JJ_AUDIT_ERROR_IO,
                   _("Could not write “%s”: %s"), path, write_error->message);
      return -1;
    }

  json_object_set_string_member (detail, "format", "csv");
  json_object_set_int_member (detail, "rows", entries->len);
  if (jj_audit_append_object (store, session, JJ_AUDIT_EXPORT, path, detail, error) == 0)
    return -1;
  return entries->len;
}
