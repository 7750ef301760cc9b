/* jj-outbox.h — the outbox as the sync engine sees it, and the county's answers
 *
 * Every submission waits in the outbox as one entry: its UUID is the idempotency key, its
 * payload the item frozen at submit time (docs/sync-protocol.md, section 7). An entry moves
 *
 *   pending ──(batch sent)──▶ sending ──(201 stored)──▶ delivered
 *      ▲                         │
 *      └──(transient failure)────┤──(4xx for this item)──▶ parked ──(retry_now)──▶ pending
 *                                │
 *   held ◀──(hold)── pending, sending or parked;  held ──(release)──▶ pending
 *
 *   pending, parked or held ──(send_back)──▶ returned ──(corrected, resubmitted)──▶ superseded
 *
 * `sending` left behind by a crash is simply sent again with the same key: the county answers
 * a replay with the original result. `held` entries are never sent (township review), nor are
 * `returned` ones: the reviewer sent the application back to the clerk for correction. The
 * corrected application is a NEW entry of the same application — revision + 1, a new key,
 * `supersedes` naming the entry it replaces — and the returned one becomes `superseded`. A
 * delivered entry the county returned (退回补正) stays `delivered` when its correction is
 * resubmitted. An application's entries are its revisions; the latest (highest id) is the one
 * that counts for it. A 201 that arrives for an entry already returned or superseded (it was
 * in flight when held and sent back) is recorded but moves no state.
 *
 * The same module applies what comes back: per-item results, the status feed (受理, 办结,
 * 退回补正, 不予受理) and the tus upload records of scans. Every function here takes the store's
 * lock itself and may be called from a worker thread.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "jj-store.h"

G_BEGIN_DECLS

#define JJ_OUTBOX_ERROR (jj_outbox_error_quark ())

/**
 * JjOutboxError:
 * @JJ_OUTBOX_ERROR_NOT_FOUND: no outbox entry with that key
 * @JJ_OUTBOX_ERROR_STATE: the entry is not in a state that allows the operation (e.g.
 *   releasing an entry that is not held, holding a delivered one)
 * @JJ_OUTBOX_ERROR_INVALID: an argument is missing or wrong (e.g. sending back without a
 *   reason)
 */
typedef enum
{
  JJ_OUTBOX_ERROR_NOT_FOUND,
  JJ_OUTBOX_ERROR_STATE,
  JJ_OUTBOX_ERROR_INVALID,
} JjOutboxError;

/* After this many "attachment missing" answers for one entry it is parked. */
#define JJ_OUTBOX_MAX_ATTACHMENT_MISSES 5

/* One outbox entry with what a report needs of its application. */
typedef struct
{
  gint64  id;
  char   *uuid;
  gint64  application_id;
  char   *kind;             /* "submission" (later "evaluation") */
  char   *payload;          /* the frozen item, sent byte for byte */
  char   *state;            /* pending, sending, delivered, parked, held, returned, superseded */
  int     attempts;
  char   *last_error;       /* the county's reason for a parked entry, the reviewer's for a
                             * returned one, or NULL */
  gint64  next_attempt_at;  /* Unix time, 0 = as soon as possible */
  gint64  created_at;
  char   *receipt_number;
  char   *title;
  int     revision;         /* 1 for the first submission, + 1 for each correction */
  char   *supersedes;       /* the uuid of the entry this revision replaces, or NULL */
  gint64  delivered_at;     /* Unix time the county stored it, 0 before */
  char   *case_number;      /* the application's county case number, or NULL */
} JjOutboxEntry;

void jj_outbox_entry_free (JjOutboxEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjOutboxEntry, jj_outbox_entry_free)

/* How many entries are in each state. */
typedef struct
{
  guint  pending;   /* pending and sending */
  guint  held;
  guint  parked;
  guint  delivered;
  gint64 oldest;    /* created_at of the oldest undelivered entry, 0 when there is none */
  guint  returned;  /* sent back to the clerk and not corrected yet */
} JjOutboxCounts;

/* What the county said about one item of a batch. */
typedef enum
{
  JJ_OUTBOX_RESULT_DELIVERED,          /* 201: case_number is set */
  JJ_OUTBOX_RESULT_ATTACHMENT_MISSING, /* 409: missing names the scans to upload again */
  JJ_OUTBOX_RESULT_PARKED,             /* any other 4xx: reason says why */
  JJ_OUTBOX_RESULT_RETRY,              /* transient: next_attempt_at says when */
} JjOutboxResultKind;

typedef struct
{
  gint64              entry_id;
  JjOutboxResultKind  kind;
  const char         *case_number;     /* DELIVERED */
  const char         *response;        /* the item's result as JSON text, stored as it came */
  const char         *reason;          /* PARKED, RETRY: in the user's language */
  const char * const *missing;         /* ATTACHMENT_MISSING: SHA-256s, NULL-terminated */
  gint64              next_attempt_at; /* RETRY */
} JjOutboxResult;

/* What applying a result did to an entry (filled by jj_outbox_apply_results()). */
typedef struct
{
  gint64  application_id;
  char   *receipt_number;
  char   *state;              /* the entry's state afterwards */
  char   *case_number_or_reason;
} JjOutboxOutcome;

void jj_outbox_outcome_free (JjOutboxOutcome *outcome);

/* A scan an undelivered submission refers to and the county does not hold yet. */
typedef struct
{
  char   *sha256;
  char   *filename;
  char   *mime_type;
  gint64  size;
  char   *upload_url;   /* from an earlier attempt, or NULL */
  gint64  offset;       /* bytes the county acknowledged last time */
} JjOutboxUpload;

void jj_outbox_upload_free (JjOutboxUpload *upload);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjOutboxUpload, jj_outbox_upload_free)

/* One event of the county's status feed (section 9). */
typedef struct
{
  const char *cursor;
  const char *idempotency_key;
  const char *case_number;
  const char *state;    /* accepted, completed, returned, rejected */
  const char *reason;   /* may be NULL */
  gint64      at;       /* Unix time */
} JjStatusEvent;

/* A status event applied to a local application (for the "status-changed" signal). */
typedef struct
{
  gint64  application_id;
  char   *state;          /* a jj_application_state_to_string() name */
  char   *reason;
  char   *title;
  char   *case_number;
} JjStatusChange;

void jj_status_change_free (JjStatusChange *change);

GQuark     jj_outbox_error_quark      (void);

/* An outbox state ("pending", "parked", …) as a label in the user's language, e.g. 需要处理;
 * NULL for NULL, an unknown state as it is. */
const char *jj_outbox_state_get_label (const char *state);

/* Counts the entries of every kind. */
gboolean   jj_outbox_count            (JjStore          *store,
                                       JjOutboxCounts   *counts,
                                       GError          **error);

/* Entries in @state (NULL: every state), oldest first, at most @limit (0: all). Returns a new
 * array of JjOutboxEntry. */
GPtrArray *jj_outbox_list             (JjStore          *store,
                                       const char       *state,
                                       guint             limit,
                                       GError          **error);

/* Every entry (revision) of application @application_id, oldest first: its history. Returns a
 * new array of JjOutboxEntry, empty for a draft never submitted. */
GPtrArray *jj_outbox_list_revisions   (JjStore          *store,
                                       gint64            application_id,
                                       GError          **error);

/* Delivered entries with delivered_at >= @since (Unix time), newest first, at most @limit (0:
 * all). Returns a new array of JjOutboxEntry. */
GPtrArray *jj_outbox_list_delivered_since (JjStore      *store,
                                           gint64        since,
                                           guint         limit,
                                           GError      **error);

/* The entries of @kind to send now: pending or sending (a crash left it), oldest first, whose
 * next_attempt_at has come by @now (@now = G_MAXINT64 ignores the backoff), with an id above
 * @after_id (so that a cycle walks the queue once), at most @limit (0: all). Returns a new
 * array of JjOutboxEntry. */
GPtrArray *jj_outbox_list_ready       (JjStore          *store,
                                       const char       *kind,
                                       gint64            now,
                                       gint64            after_id,
                                       guint             limit,
                                       GError          **error);

/* The earliest next_attempt_at of the pending entries after @now, or 0 when none waits. */
gint64     jj_outbox_next_attempt_at  (JjStore          *store,
                                       gint64            now,
                                       GError          **error);

/* Marks the entries @ids (n_ids of them) `sending` and counts an attempt, in one transaction,
 * before the request that carries them leaves. Entries no longer pending or sending (held
 * meanwhile) are left alone. */
gboolean   jj_outbox_mark_sending     (JjStore          *store,
                                       const gint64     *ids,
                                       guint             n_ids,
                                       GError          **error);

/* Stores the results of one batch in ONE transaction: a delivered entry gets the county's
 * answer and its application becomes `sent` with the case number (a later state the status
 * feed set stays); a 201 for an entry already returned or superseded records the answer, its
 * delivered_at and the case number but changes neither the entry's state nor the
 * application's; an attachment-missing answer forgets the upload records of the named scans
 * and parks the entry after JJ_OUTBOX_MAX_ATTACHMENT_MISSES; a parked entry keeps the reason;
 * a retry goes back to pending. Non-delivered results leave an entry held meanwhile alone.
 * @outcomes (may be NULL) gets a new array of JjOutboxOutcome. */
gboolean   jj_outbox_apply_results    (JjStore              *store,
                                       const JjOutboxResult *results,
                                       guint                 n_results,
                                       gint64                now,
                                       GPtrArray           **outcomes,
                                       GError              **error);

/* Puts entries @ids back to pending after a failure of the whole batch (connection, 5xx, 429,
 * an unreadable answer), to be tried again at @next_attempt_at, with @reason for the record. */
gboolean   jj_outbox_requeue          (JjStore          *store,
                                       const gint64     *ids,
                                       guint             n_ids,
                                       gint64            next_attempt_at,
                                       const char       *reason,
                                       GError          **error);

/* Parks the pending entries whose application refers to the scan @sha256, with @reason (the
 * scan is damaged, missing or too large for the county). Returns a new array of
 * JjOutboxOutcome of the entries parked. */
GPtrArray *jj_outbox_park_referring   (JjStore          *store,
                                       const char       *sha256,
                                       const char       *reason,
                                       GError          **error);

/* Parks, with @reason, every entry not delivered that was sent at least once (pending, sending
 * or held with attempts > 0): the county may hold it under the terminal's previous identity,
 * where a new identity's request would not find its key (docs/sync-protocol.md, section 6).
 * Returns a new array of JjOutboxOutcome of the entries parked. */
GPtrArray *jj_outbox_park_uncertain   (JjStore          *store,
                                       const char       *reason,
                                       GError          **error);

/* Township review: hold an entry back (pending, sending or parked → held), release it (held →
 * pending) or send it at the next cycle (pending or parked → pending, backoff and attachment
 * misses forgotten). @uuid is the entry's key. JJ_OUTBOX_ERROR_NOT_FOUND / _STATE. */
gboolean   jj_outbox_hold             (JjStore          *store,
                                       const char       *uuid,
                                       GError          **error);
gboolean   jj_outbox_release          (JjStore          *store,
                                       const char       *uuid,
                                       GError          **error);
gboolean   jj_outbox_retry_now        (JjStore          *store,
                                       const char       *uuid,
                                       GError          **error);

/* Sends entry @uuid back to the clerk for correction: pending, parked or held → returned, and
 * its application → `returned` with status_reason @reason and status_at now, in one
 * transaction. It is never sent again; the clerk reopens the application (jj_intake_reopen())
 * and resubmits it as the next revision. JJ_OUTBOX_ERROR_INVALID for a blank @reason,
 * JJ_OUTBOX_ERROR_NOT_FOUND, or JJ_OUTBOX_ERROR_STATE from sending (hold it first), delivered,
 * returned or superseded. */
gboolean   jj_outbox_send_back        (JjStore          *store,
                                       const char       *uuid,
                                       const char       *reason,
                                       GError          **error);

/* The scans the entries ready by @now (as in jj_outbox_list_ready()) refer to that are not
 * recorded as completely uploaded to @endpoint, in the order of the oldest entry needing each.
 * Returns a new array of JjOutboxUpload. */
GPtrArray *jj_outbox_list_uploads     (JjStore          *store,
                                       const char       *endpoint,
                                       gint64            now,
                                       GError          **error);

/* Records the tus upload URL of @sha256 at @endpoint (a new one starts at offset 0). */
gboolean   jj_outbox_save_upload_url  (JjStore          *store,
                                       const char       *sha256,
                                       const char       *endpoint,
                                       const char       *upload_url,
                                       GError          **error);
/* Records the offset the county acknowledged. */
gboolean   jj_outbox_save_upload_offset (JjStore        *store,
                                         const char     *sha256,
                                         gint64          offset,
                                         GError        **error);
/* Records that the county holds every byte of @sha256. */
gboolean   jj_outbox_complete_upload  (JjStore          *store,
                                       const char       *sha256,
                                       const char       *endpoint,
                                       gint64            size,
                                       gint64            now,
                                       GError          **error);

/* Applies one page of the status feed and stores @next as the meta "county_status_cursor", in
 * one transaction. Events of cases this terminal does not know are recorded nowhere and
 * skipped. @changes (may be NULL) gets a new array of JjStatusChange, one per applied event. */
gboolean   jj_outbox_apply_statuses   (JjStore             *store,
                                       const JjStatusEvent *events,
                                       guint                n_events,
                                       const char          *next,
                                       gint64               now,
                                       GPtrArray          **changes,
                                       GError             **error);

G_END_DECLS
