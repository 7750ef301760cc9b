/* jj-review.h — township review (乡镇审核): role-checked, audited queue actions
 *
 * The façade the queue page and jiujinctl use instead of calling jj-outbox.h directly: each
 * function checks the session's role first (JJ_OPERATORS_ERROR_FORBIDDEN, nothing changed, the
 * refusal audited), then changes the outbox entry (jj-outbox.h) and appends its audit row in
 * ONE SQLite transaction: the change and its record are committed together or not at all, so
 * a crash or a failed audit append never leaves an action done without its record, nor a
 * record of an action not done. @reason is the operator's words, kept as the audit row's
 * detail "reason"; NULL or "" for none (required to send back).
 *
 * A NULL @session means the store's current session (jj_operators_set_current()); with none,
 * every action is refused.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jj-operators.h"

G_BEGIN_DECLS

/* Retry now (JJ_PERMISSION_QUEUE_RETRY): a pending or parked entry is sent at the next cycle.
 * Audited as `queue-retry` with the entry's UUID as subject. JJ_OUTBOX_ERROR_* as
 * jj_outbox_retry_now(). */
gboolean  jj_review_retry          (JjStore     *store,
                                    JjSession   *session,
                                    const char  *uuid,
                                    const char  *reason,
                                    GError     **error);
/* Hold (JJ_PERMISSION_QUEUE_HOLD): the entry is not sent until released. `queue-hold`. */
gboolean  jj_review_hold           (JjStore     *store,
                                    JjSession   *session,
                                    const char  *uuid,
                                    const char  *reason,
                                    GError     **error);
/* Release (JJ_PERMISSION_QUEUE_HOLD): a held entry goes back to pending. `queue-release`. */
gboolean  jj_review_release        (JjStore     *store,
                                    JjSession   *session,
                                    const char  *uuid,
                                    const char  *reason,
                                    GError     **error);

/* Send back to the clerk for correction (JJ_PERMISSION_QUEUE_HOLD): a pending, parked or held
 * entry becomes `returned` and its application `returned` with @reason, which is required
 * (JJ_OUTBOX_ERROR_INVALID, nothing changed or audited). The clerk reopens it
 * (jj_intake_reopen()) and resubmits it as the next revision. `queue-send-back`.
 * JJ_OUTBOX_ERROR_* as jj_outbox_send_back(). */
gboolean  jj_review_send_back      (JjStore     *store,
                                    JjSession   *session,
                                    const char  *uuid,
                                    const char  *reason,
                                    GError     **error);

/* Bulk variants: the same action on each of @uuids (NULL-terminated), each entry in its own
 * transaction with its own audit row, so that one entry in the wrong state does not stop the
 * others. A refusal of the role (or a send back without a reason) stops before any entry and
 * returns -1. Otherwise returns how
 * many entries changed; @failures (may be NULL) gets a new array of translated "UUID: message"
 * strings for the entries that did not. */
int       jj_review_retry_many     (JjStore            *store,
                                    JjSession          *session,
                                    const char * const *uuids,
                                    const char         *reason,
                                    GPtrArray         **failures,
                                    GError            **error);
int       jj_review_hold_many      (JjStore            *store,
                                    JjSession          *session,
                                    const char * const *uuids,
                                    const char         *reason,
                                    GPtrArray         **failures,
                                    GError            **error);
int       jj_review_release_many   (JjStore            *store,
                                    JjSession          *session,
                                    const char * const *uuids,
                                    const char         *reason,
                                    GPtrArray         **failures,
                                    GError            **error);
int       jj_review_send_back_many (JjStore            *store,
                                    JjSession          *session,
                                    const char * const *uuids,
                                    const char         *reason,
                                    GPtrArray         **failures,
                                    GError            **error);

/* The full ID number of application @application_id's applicant (JJ_PERMISSION_REVEAL_ID),
 * recorded in id_reveals under the session's login and audited as `reveal-id` with the
 * receipt number (or, for a draft, "#id") as subject, in one transaction. Returns a new
 * string, or NULL (JJ_OPERATORS_ERROR_FORBIDDEN, JJ_STORE_ERROR_NOT_FOUND). */
char     *jj_review_reveal_id      (JjStore     *store,
                                    JjSession   *session,
                                    gint64       application_id,
                                    GError     **error);

G_END_DECLS
