/* jj-review.c — township review: role-checked, audited queue actions
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "jj-applications.h"
#include "jj-audit-private.h"
#include "jj-operators-private.h"
#include "jj-outbox-private.h"
#include "jj-review-private.h"
#include "jj-store-private.h"

typedef struct
{
  JjPermission    permission;
  const char     *action;
  JjOutboxReview  review;
} ReviewKind;

static const ReviewKind retry_kind = { JJ_PERMISSION_QUEUE_RETRY, JJ_AUDIT_QUEUE_RETRY,
                                       JJ_OUTBOX_REVIEW_RETRY_NOW };
static const ReviewKind hold_kind = { JJ_PERMISSION_QUEUE_HOLD, JJ_AUDIT_QUEUE_HOLD,
                                      JJ_OUTBOX_REVIEW_HOLD };
static const ReviewKind release_kind = { JJ_PERMISSION_QUEUE_HOLD, JJ_AUDIT_QUEUE_RELEASE,
                                         JJ_OUTBOX_REVIEW_RELEASE };
static const ReviewKind send_back_kind = { JJ_PERMISSION_QUEUE_HOLD, JJ_AUDIT_QUEUE_SEND_BACK,
                                           JJ_OUTBOX_REVIEW_SEND_BACK };

/* Applies @kind to one entry and appends its audit row in ONE transaction: both are committed,
 * or neither. */
static gboolean
apply (JjStore           *store,
       JjSession         *acting,
       const ReviewKind  *kind,
       const char        *uuid,
       const char        *reason,
       GError           **error)
{
  g_autoptr(JsonObject) detail = jj_audit_detail_new (reason);
  gboolean ok;

  jj_store_lock (store);
  ok = jj_store_begin (store, error);
  if (ok)
    {
      ok = jj_outbox_review_in_transaction (store, kind->review, uuid, reason, error) &&
           jj_audit_append_object (store, acting, kind->action, uuid, detail, error) != 0 &&
           jj_store_commit (store, error);
      if (!ok)
        jj_store_rollback (store);
    }
  jj_store_unlock (store);
  return ok;
}

/* A send back needs a reason: the clerk reads it to know what to correct. */
static gboolean
check_reason (const ReviewKind  *kind,
              const char        *reason,
              GError           **error)
{
  g_autofree char *stripped = NULL;

  return kind->review != JJ_OUTBOX_REVIEW_SEND_BACK ||
         (stripped = jj_outbox_dup_send_back_reason (reason, error)) != NULL;
}

static gboolean
review_one (JjStore           *store,
            JjSession         *session,
            const ReviewKind  *kind,
            const char        *uuid,
            const char        *reason,
            GError           **error)
{
  g_autoptr(JjSession) acting = jj_operators_resolve_session (store, session);

  g_return_val_if_fail (JJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  return jj_operators_require (store, acting, kind->permission, kind->action, uuid, error) &&
         check_reason (kind, reason, error) &&
         apply (store, acting, kind, uuid, reason, error);
}

static int
review_many (JjStore             *store,
             JjSession           *session,
             const ReviewKind    *kind,
             const char * const  *uuids,
             const char          *reason,
             GPtrArray          **failures,
             GError             **error)
{
  g_autoptr(JjSession) acting = jj_operators_resolve_session (store, session);
  g_autoptr(GPtrArray) failed = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *subject = NULL;
  int changed = 0;

  g_return_val_if_fail (JJ_IS_STORE (store), -1);
  g_return_val_if_fail (uuids != NULL, -1);

  subject = g_strjoinv (",", (char **) uuids);
  if (!jj_operators_require (store, acting, kind->permission, kind->action, subject, error) ||
      !check_reason (kind, reason, error))
    return -1;

  for (guint i = 0; uuids[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (apply (store, acting, kind, uuids[i], reason, &local_error))
        changed++;
      else
        /* Translators: %s is an outbox key, then the reason the action failed for it */
        g_ptr_array_add (failed, g_strdup_printf (_("%s: %s"), uuids[i], local_error->message));
    }
  if (failures != NULL)
    *failures = g_steal_pointer (&failed);
  return changed;
}

gboolean
jj_review_retry (JjStore     *store,
                 JjSession   *session,
                 const char  *uuid,
                 const char  *reason,
                 GError     **error)
{
  return review_one (store, session, &retry_kind, uuid, reason, error);
}

gboolean
jj_review_hold (JjStore     *store,
                JjSession   *session,
                const char  *uuid,
                const char  *reason,
                GError     **error)
{
  return review_one (store, session, &hold_kind, uuid, reason, error);
}

gboolean
jj_review_release (JjStore     *store,
                   JjSession   *session,
                   const char  *uuid,
                   const char  *reason,
                   GError     **error)
{
  return review_one (store, session, &release_kind, uuid, reason, error);
}

int
jj_review_retry_many (JjStore            *store,
                      JjSession          *session,
                      const char * const *uuids,
                      const char         *reason,
                      GPtrArray         **failures,
                      GError            **error)
{
  return review_many (store, session, &retry_kind, uuids, reason, failures, error);
}

int
jj_review_hold_many (JjStore            *store,
                     JjSession          *session,
                     const char * const *uuids,
                     const char         *reason,
                     GPtrArray         **failures,
                     GError            **error)
{
  return review_many (store, session, &hold_kind, uuids, reason, failures, error);
}

int
jj_review_release_many (JjStore            *store,
                        JjSession          *session,
                        const char * const *uuids,
                        const char         *reason,
                        GPtrArray         **failures,
                        GError            **error)
{
  return review_many (store, session, &release_kind, uuids, reason, failures, error);
}

gboolean
jj_review_send_back (JjStore     *store,
                     JjSession   *session,
                     const char  *uuid,
                     const char  *reason,
                     GError     **error)
{
  return review_one (store, session, &send_back_kind, uuid, reason, error);
}

int
jj_review_send_back_many (JjStore            *store,
                          JjSession          *session,
                          const char * const *uuids,
                          const char         *reason,
                          GPtrArray         **failures,
                          GError            **error)
{
  return review_many (store, session, &send_back_kind, uuids, reason, failures, error);
}

gboolean
jj_review_record_reveal (JjStore     *store,
                         JjSession   *session,
                         gint64       application_id,
                         const char  *operator_name,
                         GError     **error)
{
  g_autoptr(JjSession) acting = jj_operators_resolve_session (store, session);
  g_autofree char *subject = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (JJ_IS_STORE (store), FALSE);

  if ((subject = jj_audit_dup_application_subject (store, application_id, error)) == NULL)
    return FALSE;

  jj_store_lock (store);
  if (!jj_store_begin (store, error))
    {
      jj_store_unlock (store);
      return FALSE;
    }
  ok = (stmt = jj_store_prepare (store,
                                 "INSERT INTO id_reveals (application_id, operator, revealed_at)"
                                 " VALUES (?1, ?2, ?3)",
                                 error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, application_id);
      sqlite3_bind_text (stmt, 2,
                         acting != NULL ? jj_session_get_login (acting)
                                        : operator_name != NULL ? operator_name : "",
                         -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, jj_operators_now ());
      ok = sqlite3_step (stmt) == SQLITE_DONE ||
           jj_store_set_error (store, error, _("Could not record who saw the ID number"));
      sqlite3_reset (stmt);
    }
  ok = ok && jj_audit_append_object (store, acting, JJ_AUDIT_REVEAL_ID, subject, NULL, error) != 0;
  ok = ok && jj_store_commit (store, error);
  if (!ok)
    jj_store_rollback (store);
  jj_store_unlock (store);
  return ok;
}

char *
jj_review_reveal_id (JjStore     *store,
                     JjSession   *session,
                     gint64       application_id,
                     GError     **error)
{
  g_autoptr(JjSession) acting = jj_operators_resolve_session (store, session);
  g_autoptr(JjApplicationRecord) record = NULL;
  g_autofree char *subject = NULL;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);

  if ((subject = jj_audit_dup_application_subject (store, application_id, error)) == NULL ||
      !jj_operators_require (store, acting, JJ_PERMISSION_REVEAL_ID, JJ_AUDIT_REVEAL_ID, subject,
                             error) ||
      (record = jj_applications_lookup (store, application_id, error)) == NULL ||
      !jj_review_record_reveal (store, acting, application_id, NULL, error))
    return NULL;

  return g_strdup (jj_application_record_get_applicant_id_number (record));
}
