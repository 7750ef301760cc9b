/* jj-outbox.c — the outbox as the sync engine sees it, and the county's answers
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "jj-outbox-private.h"

G_DEFINE_QUARK (jj-outbox-error-quark, jj_outbox_error)

#define ENTRY_COLUMNS \
  "SELECT o.id, o.uuid, o.application_id, o.kind, o.payload, o.state, o.attempts, o.last_error," \
  "  coalesce (o.next_attempt_at, 0), o.created_at, a.receipt_number, a.title, o.revision," \
  "  o.supersedes, coalesce (o.delivered_at, 0)," \
  "  CASE WHEN o.delivered_at IS NOT NULL AND json_valid (o.response)" \
  "    THEN json_extract (o.response, '$.case_number') END" \
  " FROM outbox o JOIN applications a ON a.id = o.application_id"

void
jj_outbox_entry_free (JjOutboxEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->uuid);
  g_free (entry->kind);
  g_free (entry->payload);
  g_free (entry->state);
  g_free (entry->last_error);
  g_free (entry->receipt_number);
  g_free (entry->title);
  g_free (entry->supersedes);
  g_free (entry->case_number);
  g_free (entry);
}

void
jj_outbox_outcome_free (JjOutboxOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_free (outcome->receipt_number);
  g_free (outcome->state);
  g_free (outcome->case_number_or_reason);
  g_free (outcome);
}

char *
jj_outbox_column_dup (sqlite3_stmt *stmt,
                      int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

gboolean
jj_outbox_step_done (JjStore       *store,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || jj_store_set_error (store, error, _("Could not update the outbox"));
}

static GPtrArray *
collect_entries (JjStore       *store,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) jj_outbox_entry_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JjOutboxEntry *entry = g_new0 (JjOutboxEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->uuid = jj_outbox_column_dup (stmt, 1);
      entry->application_id = sqlite3_column_int64 (stmt, 2);
      entry->kind = jj_outbox_column_dup (stmt, 3);
      entry->payload = jj_outbox_column_dup (stmt, 4);
      entry->state = jj_outbox_column_dup (stmt, 5);
      entry->attempts = sqlite3_column_int (stmt, 6);
      entry->last_error = jj_outbox_column_dup (stmt, 7);
      entry->next_attempt_at = sqlite3_column_int64 (stmt, 8);
      entry->created_at = sqlite3_column_int64 (stmt, 9);
      entry->receipt_number = jj_outbox_column_dup (stmt, 10);
      entry->title = jj_outbox_column_dup (stmt, 11);
      entry->revision = sqlite3_column_int (stmt, 12);
      entry->supersedes = jj_outbox_column_dup (stmt, 13);
      entry->delivered_at = sqlite3_column_int64 (stmt, 14);
      entry->case_number = jj_outbox_column_dup (stmt, 15);
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      jj_store_set_error (store, error, _("Could not read the outbox"));
      return NULL;
    }
  return g_steal_pointer (&entries);
}

gboolean
jj_outbox_count (JjStore         *store,
                 JjOutboxCounts  *counts,
                 GError         **error)
{
  sqlite3_stmt *by_state, *oldest;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (JJ_IS_STORE (store), FALSE);

  memset (counts, 0, sizeof *counts);
  jj_store_lock (store);
  if ((by_state = jj_store_prepare (store, "SELECT state, count(*) FROM outbox GROUP BY state",
                                    error)) == NULL ||
      (oldest = jj_store_prepare (store,
                                  "SELECT coalesce (min (created_at), 0) FROM outbox"
                                  " WHERE state IN ('pending', 'sending', 'held', 'parked')",
                                  error)) == NULL)
    goto out;

  while ((rc = sqlite3_step (by_state)) == SQLITE_ROW)
    {
      const char *state = (const char *) sqlite3_column_text (by_state, 0);
      guint n = sqlite3_column_int (by_state, 1);

      if (g_str_equal (state, "pending") || g_str_equal (state, "sending"))
        counts->pending += n;
      else if (g_str_equal (state, "held"))
        counts->held = n;
      else if (g_str_equal (state, "parked"))
        counts->parked = n;
      else if (g_str_equal (state, "delivered"))
        counts->delivered = n;
      else if (g_str_equal (state, "returned"))
        counts->returned = n;
    }
  sqlite3_reset (by_state);
  if (rc != SQLITE_DONE)
    {
      jj_store_set_error (store, error, _("Could not read the outbox"));
      goto out;
    }

  if (sqlite3_step (oldest) != SQLITE_ROW)
    {
      sqlite3_reset (oldest);
      jj_store_set_error (store, error, _("Could not read the outbox"));
      goto out;
    }
  counts->oldest = sqlite3_column_int64 (oldest, 0);
  sqlite3_reset (oldest);
  ok = TRUE;

out:
  jj_store_unlock (store);
  return ok;
}

GPtrArray *
jj_outbox_list (JjStore     *store,
                const char  *state,
                guint        limit,
                GError     **error)
{
  sqlite3_stmt *stmt;
  GPtrArray *entries = NULL;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);

  jj_store_lock (store);
  stmt = jj_store_prepare (store,
                           ENTRY_COLUMNS " WHERE ?1 IS NULL OR o.state = ?1 ORDER BY o.id LIMIT ?2",
                           error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
      entries = collect_entries (store, stmt, error);
    }
  jj_store_unlock (store);
  return entries;
}

GPtrArray *
jj_outbox_list_revisions (JjStore  *store,
                          gint64    application_id,
                          GError  **error)
{
  sqlite3_stmt *stmt;
  GPtrArray *entries = NULL;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);

  jj_store_lock (store);
  stmt = jj_store_prepare (store, ENTRY_COLUMNS " WHERE o.application_id = ?1 ORDER BY o.id",
                           error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, application_id);
      entries = collect_entries (store, stmt, error);
    }
  jj_store_unlock (store);
  return entries;
}

GPtrArray *
jj_outbox_list_delivered_since (JjStore  *store,
                                gint64    since,
                                guint     limit,
                                GError  **error)
{
  sqlite3_stmt *stmt;
  GPtrArray *entries = NULL;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);

  jj_store_lock (store);
  stmt = jj_store_prepare (store,
                           ENTRY_COLUMNS
                           " WHERE o.state = 'delivered' AND o.delivered_at >= ?1"
                           " ORDER BY o.delivered_at DESC, o.id DESC LIMIT ?2",
                           error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, since);
      sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
      entries = collect_entries (store, stmt, error);
    }
  jj_store_unlock (store);
  return entries;
}

GPtrArray *
jj_outbox_list_ready (JjStore     *store,
                      const char  *kind,
                      gint64       now,
                      gint64       after_id,
                      guint        limit,
                      GError     **error)
{
  sqlite3_stmt *stmt;
  GPtrArray *entries = NULL;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);

  jj_store_lock (store);
  stmt = jj_store_prepare (store,
                           ENTRY_COLUMNS
                           " WHERE o.kind = ?1 AND o.state IN ('pending', 'sending')"
                           "  AND coalesce (o.next_attempt_at, 0) <= ?2 AND o.id > ?4"
                           " ORDER BY o.id LIMIT ?3",
                           error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, now);
      sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1);
      sqlite3_bind_int64 (stmt, 4, after_id);
      entries = collect_entries (store, stmt, error);
    }
  jj_store_unlock (store);
  return entries;
}

gint64
jj_outbox_next_attempt_at (JjStore  *store,
                           gint64    now,
                           GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 when = 0;

  g_return_val_if_fail (JJ_IS_STORE (store), 0);

  jj_store_lock (store);
  stmt = jj_store_prepare (store,
                           "SELECT coalesce (min (next_attempt_at), 0) FROM outbox"
                           " WHERE state = 'pending' AND next_attempt_at > ?1",
                           error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, now);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        when = sqlite3_column_int64 (stmt, 0);
      else
        jj_store_set_error (store, error, _("Could not read the outbox"));
      sqlite3_reset (stmt);
    }
  jj_store_unlock (store);
  return when;
}

/* Runs @stmt once per id (bound as ?1, the other bindings stay) in one transaction. */
static gboolean
update_each (JjStore       *store,
             sqlite3_stmt  *stmt,
             const gint64  *ids,
             guint          n_ids,
             GError       **error)
{
  if (!jj_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < n_ids; i++)
    {
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if (!jj_outbox_step_done (store, stmt, error))
        {
          jj_store_rollback (store);
          return FALSE;
        }
    }

  if (!jj_store_commit (store, error))
    {
      jj_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

gboolean
jj_outbox_mark_sending (JjStore       *store,
                        const gint64  *ids,
                        guint          n_ids,
                        GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (JJ_IS_STORE (store), FALSE);

  jj_store_lock (store);
  stmt = jj_store_prepare (store,
                           "UPDATE outbox SET state = 'sending', attempts = attempts + 1"
                           " WHERE id = ?1 AND state IN ('pending', 'sending')",
                           error);
  ok = stmt != NULL && update_each (store, stmt, ids, n_ids, error);
  jj_store_unlock (store);
  return ok;
}

gboolean
jj_outbox_requeue (JjStore       *store,
                   const gint64  *ids,
                   guint          n_ids,
                   gint64         next_attempt_at,
                   const char    *reason,
                   GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (JJ_IS_STORE (store), FALSE);

  jj_store_lock (store);
  stmt = jj_store_prepare (store,
                           "UPDATE outbox SET state = 'pending', next_attempt_at = nullif (?2, 0),"
                           "  last_error = ?3"
                           " WHERE id = ?1 AND state IN ('pending', 'sending')",
                           error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 2, next_attempt_at);
      sqlite3_bind_text (stmt, 3, reason, -1, SQLITE_STATIC);
      ok = update_each (store, stmt, ids, n_ids, error);
    }
  jj_store_unlock (store);
  return ok;
}

/* What entry @id looks like now, for the caller's report. */
static JjOutboxOutcome *
read_outcome (JjStore  *store,
              gint64    id,
              GError  **error)
{
  JjOutboxOutcome *outcome = NULL;
  sqlite3_stmt *stmt = jj_store_prepare (store,
                                         "SELECT o.application_id, a.receipt_number, o.state,"
                                         "  CASE o.state WHEN 'delivered' THEN a.case_number"
                                         "  ELSE o.last_error END"
                                         " FROM outbox o JOIN applications a"
                                         "  ON a.id = o.application_id WHERE o.id = ?1",
                                         error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      outcome = g_new0 (JjOutboxOutcome, 1);
      outcome->application_id = sqlite3_column_int64 (stmt, 0);
      outcome->receipt_number = jj_outbox_column_dup (stmt, 1);
      outcome->state = jj_outbox_column_dup (stmt, 2);
      outcome->case_number_or_reason = jj_outbox_column_dup (stmt, 3);
    }
  else
    g_set_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_NOT_FOUND,
                 _("The outbox entry %" PRId64 " has disappeared."), id);
  sqlite3_reset (stmt);
  return outcome;
}

static gboolean
apply_delivered (JjStore               *store,
                 const JjOutboxResult  *result,
                 gint64                 now,
                 GError               **error)
{
  sqlite3_stmt *entry, *application;
  gint64 application_id = 0;
  gboolean late = FALSE;
  int rc;

  /* A returned or superseded entry was sent back while its request was in flight: the
   * county's answer is kept, but the reviewer's decision stands. */
  if ((entry = jj_store_prepare (store,
                                 "UPDATE outbox SET delivered_at = ?2, response = ?3,"
                                 "  next_attempt_at = NULL,"
                                 "  last_error = CASE WHEN state IN ('returned', 'superseded')"
                                 "    THEN last_error END,"
                                 "  state = CASE WHEN state IN ('returned', 'superseded')"
                                 "    THEN state ELSE 'delivered' END"
                                 " WHERE id = ?1 AND state != 'delivered' AND delivered_at IS NULL"
                                 " RETURNING application_id, state != 'delivered'",
                                 error)) == NULL)
    return FALSE;

  sqlite3_bind_int64 (entry, 1, result->entry_id);
  sqlite3_bind_int64 (entry, 2, now);
  sqlite3_bind_text (entry, 3, result->response, -1, SQLITE_STATIC);
  rc = sqlite3_step (entry);
  if (rc == SQLITE_ROW)
    {
      application_id = sqlite3_column_int64 (entry, 0);
      late = sqlite3_column_int (entry, 1) != 0;
      rc = sqlite3_step (entry);
    }
  sqlite3_reset (entry);
  if (rc != SQLITE_DONE)
    return jj_store_set_error (store, error, _("Could not update the outbox"));
  if (application_id == 0)
    return TRUE;

  /* A status the feed brought before this answer (a crash lost the first one) stays; a late
   * answer only fills in a case number the application does not have yet. */
  application = jj_store_prepare (store,
                                  late ? "UPDATE applications SET"
                                         "  case_number = coalesce (case_number, ?2),"
                                         "  updated_at = ?3 WHERE id = ?1"
                                       : "UPDATE applications SET case_number = ?2,"
                                         "  state = CASE state WHEN 'queued' THEN 'sent'"
                                         "    ELSE state END,"
                                         "  updated_at = ?3 WHERE id = ?1",
                                  error);
  if (application == NULL)
    return FALSE;
  sqlite3_bind_int64 (application, 1, application_id);
  sqlite3_bind_text (application, 2, result->case_number, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (application, 3, now);
  return jj_outbox_step_done (store, application, error);
}

static gboolean
apply_attachment_missing (JjStore               *store,
                          const JjOutboxResult  *result,
                          GError               **error)
{
  sqlite3_stmt *forget, *entry;

  if ((forget = jj_store_prepare (store, "DELETE FROM attachment_uploads WHERE sha256 = ?1",
                                  error)) == NULL ||
      (entry = jj_store_prepare (store,
                                 "UPDATE outbox SET attachment_misses = attachment_misses + 1,"
                                 "  state = CASE WHEN attachment_misses + 1 >= ?2 THEN 'parked'"
                                 "    ELSE 'pending' END,"
                                 "  response = ?3, last_error = ?4, next_attempt_at = NULL"
                                 " WHERE id = ?1 AND state IN ('pending', 'sending')",
                                 error)) == NULL)
    return FALSE;

  for (guint i = 0; result->missing != NULL && result->missing[i] != NULL; i++)
    {
      sqlite3_bind_text (forget, 1, result->missing[i], -1, SQLITE_STATIC);
      if (!jj_outbox_step_done (store, forget, error))
        return FALSE;
    }

  sqlite3_bind_int64 (entry, 1, result->entry_id);
  sqlite3_bind_int (entry, 2, JJ_OUTBOX_MAX_ATTACHMENT_MISSES);
  sqlite3_bind_text (entry, 3, result->response, -1, SQLITE_STATIC);
  sqlite3_bind_text (entry, 4, result->reason, -1, SQLITE_STATIC);
  return jj_outbox_step_done (store, entry, error);
}

static gboolean
apply_parked_or_retry (JjStore               *store,
                       const JjOutboxResult  *result,
                       GError               **error)
{
  sqlite3_stmt *stmt = jj_store_prepare (store,
                                         "UPDATE outbox SET state = ?2, response = ?3,"
                                         "  last_error = ?4, next_attempt_at = nullif (?5, 0)"
                                         " WHERE id = ?1 AND state IN ('pending', 'sending')",
                                         error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, result->entry_id);
  sqlite3_bind_text (stmt, 2, result->kind == JJ_OUTBOX_RESULT_PARKED ? "parked" : "pending", -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, result->response, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, result->reason, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, result->kind == JJ_OUTBOX_RESULT_RETRY ? result->next_attempt_at : 0);
  return jj_outbox_step_done (store, stmt, error);
}

static gboolean
apply_result (JjStore               *store,
              const JjOutboxResult  *result,
              gint64                 now,
              GError               **error)
{
  switch (result->kind)
    {
    case JJ_OUTBOX_RESULT_DELIVERED:
      return apply_delivered (store, result, now, error);
    case JJ_OUTBOX_RESULT_ATTACHMENT_MISSING:
      return apply_attachment_missing (store, result, error);
    case JJ_OUTBOX_RESULT_PARKED:
    case JJ_OUTBOX_RESULT_RETRY:
      return apply_parked_or_retry (store, result, error);
    default:
      g_return_val_if_reached (FALSE);
    }
}

gboolean
jj_outbox_apply_results (JjStore               *store,
                         const JjOutboxResult  *results,
                         guint                  n_results,
                         gint64                 now,
                         GPtrArray            **outcomes,
                         GError               **error)
{
  g_autoptr(GPtrArray) report = g_ptr_array_new_with_free_func ((GDestroyNotify) jj_outbox_outcome_free);
  gboolean ok = FALSE;

  g_return_val_if_fail (JJ_IS_STORE (store), FALSE);

  jj_store_lock (store);
  if (!jj_store_begin (store, error))
    goto out;

  for (guint i = 0; i < n_results; i++)
    {
      JjOutboxOutcome *outcome;

      if (!apply_result (store, &results[i], now, error) ||
          (outcomes != NULL && (outcome = read_outcome (store, results[i].entry_id, error)) == NULL))
        {
          jj_store_rollback (store);
          goto out;
        }
      if (outcomes != NULL)
        g_ptr_array_add (report, outcome);
    }

  if (!jj_store_commit (store, error))
    {
      jj_store_rollback (store);
      goto out;
    }
  ok = TRUE;

out:
  jj_store_unlock (store);
  if (ok && outcomes != NULL)
    *outcomes = g_steal_pointer (&report);
  return ok;
}

/* Runs @sql, an UPDATE that parks entries and returns their ids, with ?1 = @key (may be NULL)
 * and ?2 = @reason, in one transaction. Returns a new array of JjOutboxOutcome. */
static GPtrArray *
park_returning (JjStore     *store,
                const char  *sql,
                const char  *key,
                const char  *reason,
                GError     **error)
{
  g_autoptr(GPtrArray) report = g_ptr_array_new_with_free_func ((GDestroyNotify) jj_outbox_outcome_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  int rc;

  jj_store_lock (store);
  if (!jj_store_begin (store, error) || (stmt = jj_store_prepare (store, sql, error)) == NULL)
    goto out;

  if (key != NULL)
    sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jj_store_set_error (store, error, _("Could not update the outbox"));
      goto out;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      JjOutboxOutcome *outcome = read_outcome (store, g_array_index (ids, gint64, i), error);

      if (outcome == NULL)
        goto out;
      g_ptr_array_add (report, outcome);
    }
  ok = jj_store_commit (store, error);

out:
  if (!ok && sqlite3_get_autocommit (jj_store_get_db (store)) == 0)
    jj_store_rollback (store);
  jj_store_unlock (store);
  return ok ? g_steal_pointer (&report) : NULL;
}

GPtrArray *
jj_outbox_park_referring (JjStore     *store,
                          const char  *sha256,
                          const char  *reason,
                          GError     **error)
{
  g_return_val_if_fail (JJ_IS_STORE (store), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);

  return park_returning (store,
                         "UPDATE outbox SET state = 'parked', last_error = ?2,"
                         "  next_attempt_at = NULL"
                         " WHERE kind = 'submission' AND state IN ('pending', 'sending')"
                         "  AND application_id IN (SELECT application_id"
                         "    FROM application_attachments WHERE sha256 = ?1)"
                         " RETURNING id",
                         sha256, reason, error);
}

GPtrArray *
jj_outbox_park_uncertain (JjStore     *store,
                          const char  *reason,
                          GError     **error)
{
  g_return_val_if_fail (JJ_IS_STORE (store), NULL);

  /* Any attempt may have reached the county with its answer lost: a transient failure says
   * nothing about whether the county stored the item. */
  return park_returning (store,
                         "UPDATE outbox SET state = 'parked', last_error = ?2,"
                         "  next_attempt_at = NULL"
                         " WHERE state IN ('pending', 'sending', 'held') AND attempts > 0"
                         " RETURNING id",
                         NULL, reason, error);
}

static const char * const review_sql[] = {
  [JJ_OUTBOX_REVIEW_HOLD] = "UPDATE outbox SET state = 'held', next_attempt_at = NULL"
                            " WHERE uuid = ?1 AND state IN ('pending', 'sending', 'parked')"
                            " RETURNING application_id",
  [JJ_OUTBOX_REVIEW_RELEASE] = "UPDATE outbox SET state = 'pending', next_attempt_at = NULL"
                               " WHERE uuid = ?1 AND state = 'held' RETURNING application_id",
  [JJ_OUTBOX_REVIEW_RETRY_NOW] = "UPDATE outbox SET state = 'pending', next_attempt_at = NULL,"
                                 "  attachment_misses = 0, last_error = NULL"
                                 " WHERE uuid = ?1 AND state IN ('pending', 'parked')"
                                 " RETURNING application_id",
  /* `sending` is refused: its answer may still come, and the reviewer should see it first. */
  [JJ_OUTBOX_REVIEW_SEND_BACK] = "UPDATE outbox SET state = 'returned', next_attempt_at = NULL,"
                                 "  last_error = ?2"
                                 " WHERE uuid = ?1 AND state IN ('pending', 'parked', 'held')"
                                 " RETURNING application_id",
};

const char *
jj_outbox_state_get_label (const char *state)
{
  if (state == NULL)
    return NULL;
  if (g_str_equal (state, "pending"))
    /* Translators: the delivery to the county has not been tried yet, or will be retried */
    return _("Not sent yet");
  if (g_str_equal (state, "sending"))
    return _("Sending…");
  if (g_str_equal (state, "delivered"))
    return _("Delivered");
  if (g_str_equal (state, "parked"))
    /* Translators: delivery stopped after an error that retrying does not fix */
    return _("Needs attention");
  if (g_str_equal (state, "held"))
    return _("On hold");
  if (g_str_equal (state, "returned"))
    /* Translators: a reviewer returned the application to the clerk, who corrects it */
    return _("Sent back for correction");
  if (g_str_equal (state, "superseded"))
    /* Translators: a corrected revision of the same application replaced this one */
    return _("Superseded");
  return state;
}

/* An outbox state as a reviewer reads it, for messages that name it. */
static const char *
outbox_state_label (const char *state)
{
  if (g_strcmp0 (state, "pending") == 0)
    return C_("outbox state", "waiting to be sent");
  if (g_strcmp0 (state, "sending") == 0)
    return C_("outbox state", "being sent");
  if (g_strcmp0 (state, "delivered") == 0)
    return C_("outbox state", "delivered");
  if (g_strcmp0 (state, "parked") == 0)
    return C_("outbox state", "parked for review");
  if (g_strcmp0 (state, "held") == 0)
    return C_("outbox state", "held");
  if (g_strcmp0 (state, "returned") == 0)
    return C_("outbox state", "sent back for correction");
  if (g_strcmp0 (state, "superseded") == 0)
    return C_("outbox state", "replaced by a corrected revision");
  return state;
}

static void
set_send_back_error (const char  *uuid,
                     const char  *state,
                     GError     **error)
{
  if (g_str_equal (state, "sending"))
    /* Translators: %s is an outbox key */
    g_set_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_STATE,
                 _("The outbox entry %s cannot be sent back: it is being sent right now. Hold "
                   "it first, then send it back."),
                 uuid);
  else if (g_str_equal (state, "delivered"))
    /* Translators: %s is an outbox key */
    g_set_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_STATE,
                 _("The outbox entry %s cannot be sent back: the county has it already. Only "
                   "the county can return it for correction now."),
                 uuid);
  else
    /* Translators: the first %s is an outbox key, the second its state (sent back, replaced…) */
    g_set_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_STATE,
                 _("The outbox entry %s cannot be sent back: it is %s."), uuid,
                 outbox_state_label (state));
}

static void
set_wrong_state_error (JjOutboxReview   action,
                       const char      *uuid,
                       const char      *state,
                       GError         **error)
{
  switch (action)
    {
    case JJ_OUTBOX_REVIEW_HOLD:
      /* Translators: the first %s is an outbox key, the second its state (delivered, held) */
      g_set_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_STATE,
                   _("The outbox entry %s cannot be held: it is %s."), uuid, outbox_state_label (state));
      break;
    case JJ_OUTBOX_REVIEW_RELEASE:
      /* Translators: the first %s is an outbox key, the second its state (pending, delivered…) */
      g_set_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_STATE,
                   _("The outbox entry %s cannot be released: it is %s, not held."), uuid, outbox_state_label (state));
      break;
    case JJ_OUTBOX_REVIEW_RETRY_NOW:
      /* Translators: the first %s is an outbox key, the second its state (delivered, held…) */
      g_set_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_STATE,
                   _("The outbox entry %s cannot be sent again: it is %s."), uuid, outbox_state_label (state));
      break;
    case JJ_OUTBOX_REVIEW_SEND_BACK:
      set_send_back_error (uuid, state, error);
      break;
    default:
      g_assert_not_reached ();
    }
}

char *
jj_outbox_dup_send_back_reason (const char  *reason,
                                GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (reason != NULL ? reason : ""));

  if (stripped[0] != '\0')
    return g_steal_pointer (&stripped);
  g_set_error_literal (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_INVALID,
                       _("Say why the application goes back to the clerk: the reason tells "
                         "them what to correct."));
  return NULL;
}

/* Sends application @application_id back to the clerk with @reason, unless the county has
 * decided it meanwhile (an earlier attempt reached it and only the answer was lost): its
 * accepted, completed or rejected must not be overwritten. */
static gboolean
return_application (JjStore     *store,
                    gint64       application_id,
                    const char  *reason,
                    GError     **error)
{
  sqlite3_stmt *stmt = jj_store_prepare (store,
                                         "UPDATE applications SET state = 'returned',"
                                         "  status_reason = ?2, status_at = ?3, updated_at = ?3"
                                         " WHERE id = ?1"
                                         "  AND state IN ('queued', 'sent', 'returned')",
                                         error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, application_id);
  sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  if (!jj_outbox_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (jj_store_get_db (store)) != 1)
    {
      g_set_error_literal (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_STATE,
                           _("The county has already decided this application: it can no "
                             "longer be sent back to the clerk."));
      return FALSE;
    }
  return TRUE;
}

gboolean
jj_outbox_review_in_transaction (JjStore         *store,
                                 JjOutboxReview   action,
                                 const char      *uuid,
                                 const char      *reason,
                                 GError         **error)
{
  g_autofree char *state = NULL;
  g_autofree char *stripped = NULL;
  sqlite3_stmt *stmt, *lookup;
  gint64 application_id = 0;
  int rc;

  g_return_val_if_fail (JJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  if (action == JJ_OUTBOX_REVIEW_SEND_BACK &&
      (stripped = jj_outbox_dup_send_back_reason (reason, error)) == NULL)
    return FALSE;

  if ((stmt = jj_store_prepare (store, review_sql[action], error)) == NULL ||
      (lookup = jj_store_prepare (store, "SELECT state FROM outbox WHERE uuid = ?1", error)) == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  if (stripped != NULL)
    sqlite3_bind_text (stmt, 2, stripped, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      application_id = sqlite3_column_int64 (stmt, 0);
      rc = sqlite3_step (stmt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return jj_store_set_error (store, error, _("Could not update the outbox"));
  if (application_id != 0)
    return action != JJ_OUTBOX_REVIEW_SEND_BACK ||
           return_application (store, application_id, stripped, error);

  sqlite3_bind_text (lookup, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (lookup) == SQLITE_ROW)
    state = jj_outbox_column_dup (lookup, 0);
  sqlite3_reset (lookup);

  if (state == NULL)
    g_set_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_NOT_FOUND,
                 _("No outbox entry has the key %s."), uuid);
  else
    set_wrong_state_error (action, uuid, state, error);
  return FALSE;
}

/* Applies @action to entry @uuid in a transaction of its own. */
static gboolean
review (JjStore         *store,
        JjOutboxReview   action,
        const char      *uuid,
        const char      *reason,
        GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (JJ_IS_STORE (store), FALSE);

  jj_store_lock (store);
  ok = jj_store_begin (store, error);
  if (ok)
    {
      ok = jj_outbox_review_in_transaction (store, action, uuid, reason, error) &&
           jj_store_commit (store, error);
      if (!ok)
        jj_store_rollback (store);
    }
  jj_store_unlock (store);
  return ok;
}

gboolean
jj_outbox_hold (JjStore     *store,
                const char  *uuid,
                GError     **error)
{
  return review (store, JJ_OUTBOX_REVIEW_HOLD, uuid, NULL, error);
}

gboolean
jj_outbox_release (JjStore     *store,
                   const char  *uuid,
                   GError     **error)
{
  return review (store, JJ_OUTBOX_REVIEW_RELEASE, uuid, NULL, error);
}

gboolean
jj_outbox_retry_now (JjStore     *store,
                     const char  *uuid,
                     GError     **error)
{
  return review (store, JJ_OUTBOX_REVIEW_RETRY_NOW, uuid, NULL, error);
}

gboolean
jj_outbox_send_back (JjStore     *store,
                     const char  *uuid,
                     const char  *reason,
                     GError     **error)
{
  return review (store, JJ_OUTBOX_REVIEW_SEND_BACK, uuid, reason, error);
}
