/* jj-outbox-records.c — what the sync engine records beside the outbox: tus uploads of scans
 * and the county's status feed
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "jj-intake.h"
#include "jj-outbox-private.h"

void
jj_outbox_upload_free (JjOutboxUpload *upload)
{
  if (upload == NULL)
    return;
  g_free (upload->sha256);
  g_free (upload->filename);
  g_free (upload->mime_type);
  g_free (upload->upload_url);
  g_free (upload);
}

void
jj_status_change_free (JjStatusChange *change)
{
  if (change == NULL)
    return;
  g_free (change->state);
  g_free (change->reason);
  g_free (change->title);
  g_free (change->case_number);
  g_free (change);
}

GPtrArray *
jj_outbox_list_uploads (JjStore     *store,
                        const char  *endpoint,
                        gint64       now,
                        GError     **error)
{
  g_autoptr(GPtrArray) uploads = g_ptr_array_new_with_free_func ((GDestroyNotify) jj_outbox_upload_free);
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);

  jj_store_lock (store);
  stmt = jj_store_prepare (store,
                           "SELECT aa.sha256, min (aa.filename), f.mime_type, f.size,"
                           "  u.upload_url, coalesce (u.offset, 0), min (o.id) AS first"
                           " FROM outbox o"
                           " JOIN application_attachments aa ON aa.application_id = o.application_id"
                           " JOIN attachments f ON f.sha256 = aa.sha256"
                           " LEFT JOIN attachment_uploads u ON u.sha256 = aa.sha256"
                           "  AND u.endpoint = ?1"
                           " WHERE o.kind = 'submission' AND o.state IN ('pending', 'sending')"
                           "  AND coalesce (o.next_attempt_at, 0) <= ?2"
                           "  AND u.completed_at IS NULL"
                           " GROUP BY aa.sha256 ORDER BY first, aa.sha256",
                           error);
  if (stmt == NULL)
    goto out;

  sqlite3_bind_text (stmt, 1, endpoint, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JjOutboxUpload *upload = g_new0 (JjOutboxUpload, 1);

      upload->sha256 = jj_outbox_column_dup (stmt, 0);
      upload->filename = jj_outbox_column_dup (stmt, 1);
      upload->mime_type = jj_outbox_column_dup (stmt, 2);
      upload->size = sqlite3_column_int64 (stmt, 3);
      upload->upload_url = jj_outbox_column_dup (stmt, 4);
      upload->offset = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (uploads, upload);
    }
  sqlite3_reset (stmt);
  ok = rc == SQLITE_DONE || jj_store_set_error (store, error, _("Could not read the outbox"));

out:
  jj_store_unlock (store);
  return ok ? g_steal_pointer (&uploads) : NULL;
}

gboolean
jj_outbox_save_upload_url (JjStore     *store,
                           const char  *sha256,
                           const char  *endpoint,
                           const char  *upload_url,
                           GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (JJ_IS_STORE (store), FALSE);

  jj_store_lock (store);
  stmt = jj_store_prepare (store,
                           "INSERT INTO attachment_uploads (sha256, endpoint, upload_url, offset)"
                           " VALUES (?1, ?2, ?3, 0)"
                           " ON CONFLICT (sha256) DO UPDATE SET endpoint = excluded.endpoint,"
                           "  upload_url = excluded.upload_url, offset = 0, completed_at = NULL",
                           error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, endpoint, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, upload_url, -1, SQLITE_STATIC);
      ok = jj_outbox_step_done (store, stmt, error);
    }
  jj_store_unlock (store);
  return ok;
}

gboolean
jj_outbox_save_upload_offset (JjStore     *store,
                              const char  *sha256,
                              gint64       offset,
                              GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (JJ_IS_STORE (store), FALSE);

  jj_store_lock (store);
  stmt = jj_store_prepare (store, "UPDATE attachment_uploads SET offset = ?2 WHERE sha256 = ?1",
                           error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, offset);
      ok = jj_outbox_step_done (store, stmt, error);
    }
  jj_store_unlock (store);
  return ok;
}

gboolean
jj_outbox_complete_upload (JjStore     *store,
                           const char  *sha256,
                           const char  *endpoint,
                           gint64       size,
                           gint64       now,
                           GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (JJ_IS_STORE (store), FALSE);

  jj_store_lock (store);
  stmt = jj_store_prepare (store,
                           "INSERT INTO attachment_uploads (sha256, endpoint, offset, completed_at)"
                           " VALUES (?1, ?2, ?3, ?4)"
                           " ON CONFLICT (sha256) DO UPDATE SET endpoint = excluded.endpoint,"
                           "  offset = excluded.offset, completed_at = excluded.completed_at",
                           error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, endpoint, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, size);
      sqlite3_bind_int64 (stmt, 4, now);
      ok = jj_outbox_step_done (store, stmt, error);
    }
  jj_store_unlock (store);
  return ok;
}

/* Applies one event inside the caller's transaction; @change is NULL when it was skipped. */
static gboolean
apply_status (JjStore              *store,
              const JjStatusEvent  *event,
              gint64                now,
              JjStatusChange      **change,
              GError              **error)
{
  sqlite3_stmt *find, *record, *update;
  JjApplicationState state;
  gint64 application_id = 0;
  int rc;

  *change = NULL;
  /* Only the county's four verdicts move an application; a state a later protocol adds is
   * left for a later Jiujin rather than stopping the feed. A correction the clerk is
   * preparing stays a draft: its event is recorded all the same. */
  if (!jj_application_state_from_string (event->state, &state) || state < JJ_APPLICATION_ACCEPTED)
    return TRUE;

  if ((find = jj_store_prepare (store,
                                "SELECT application_id FROM outbox"
                                " WHERE uuid = ?1 AND kind = 'submission'"
                                " UNION ALL SELECT id FROM applications"
                                " WHERE ?2 IS NOT NULL AND case_number = ?2 LIMIT 1",
                                error)) == NULL ||
      (record = jj_store_prepare (store,
                                  "INSERT INTO status_events (application_id, cursor, state,"
                                  "  reason, at, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                  error)) == NULL ||
      (update = jj_store_prepare (store,
                                  "UPDATE applications SET state = ?2, status_reason = ?3,"
                                  "  status_at = ?4, case_number = coalesce (?5, case_number),"
                                  "  updated_at = ?6"
                                  " WHERE id = ?1 AND state != 'draft'"
                                  " RETURNING title, case_number",
                                  error)) == NULL)
    return FALSE;

  sqlite3_bind_text (find, 1, event->idempotency_key, -1, SQLITE_STATIC);
  sqlite3_bind_text (find, 2, event->case_number, -1, SQLITE_STATIC);
  rc = sqlite3_step (find);
  if (rc == SQLITE_ROW)
    application_id = sqlite3_column_int64 (find, 0);
  sqlite3_reset (find);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return jj_store_set_error (store, error, _("Could not record a status"));
  if (application_id == 0)
    return TRUE;

  sqlite3_bind_int64 (record, 1, application_id);
  sqlite3_bind_text (record, 2, event->cursor, -1, SQLITE_STATIC);
  sqlite3_bind_text (record, 3, event->state, -1, SQLITE_STATIC);
  sqlite3_bind_text (record, 4, event->reason, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (record, 5, event->at);
  sqlite3_bind_int64 (record, 6, now);
  if (!jj_outbox_step_done (store, record, error))
    return FALSE;

  sqlite3_bind_int64 (update, 1, application_id);
  sqlite3_bind_text (update, 2, event->state, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 3, event->reason, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update, 4, event->at);
  sqlite3_bind_text (update, 5, event->case_number, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update, 6, now);
  rc = sqlite3_step (update);
  if (rc == SQLITE_ROW)
    {
      *change = g_new0 (JjStatusChange, 1);
      (*change)->application_id = application_id;
      (*change)->state = g_strdup (event->state);
      (*change)->reason = g_strdup (event->reason);
      (*change)->title = jj_outbox_column_dup (update, 0);
      (*change)->case_number = jj_outbox_column_dup (update, 1);
      rc = sqlite3_step (update);
    }
  sqlite3_reset (update);
  return rc == SQLITE_DONE || jj_store_set_error (store, error, _("Could not record a status"));
}

gboolean
jj_outbox_apply_statuses (JjStore              *store,
                          const JjStatusEvent  *events,
                          guint                 n_events,
                          const char           *next,
                          gint64                now,
                          GPtrArray           **changes,
                          GError              **error)
{
  g_autoptr(GPtrArray) applied = g_ptr_array_new_with_free_func ((GDestroyNotify) jj_status_change_free);
  gboolean ok = FALSE;

  g_return_val_if_fail (JJ_IS_STORE (store), FALSE);

  jj_store_lock (store);
  if (!jj_store_begin (store, error))
    goto out;

  for (guint i = 0; i < n_events; i++)
    {
      JjStatusChange *change;

      if (!apply_status (store, &events[i], now, &change, error))
        {
          jj_store_rollback (store);
          goto out;
        }
      if (change != NULL)
        g_ptr_array_add (applied, change);
    }

  if ((next != NULL && !jj_store_set_meta (store, "county_status_cursor", next, error)) ||
      !jj_store_commit (store, error))
    {
      jj_store_rollback (store);
      goto out;
    }
  ok = TRUE;

out:
  jj_store_unlock (store);
  if (ok && changes != NULL)
    *changes = g_steal_pointer (&applied);
  return ok;
}
