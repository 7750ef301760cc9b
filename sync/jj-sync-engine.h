/* jj-sync-engine.h — delivering the outbox to the county platform, and bringing its answers back
 *
 * The engine runs one sync cycle at a time (docs/sync-protocol.md, section 13) in a worker
 * thread, against the county the data directory is enrolled with. Between cycles it waits:
 * for a change of the network (GNetworkMonitor), for jj_sync_engine_sync_now(), for a new
 * submission, or for its backoff timer (exponential with full jitter, never before a server's
 * Retry-After). One lock file in the data directory makes sure only one engine sends, whether
 * it runs in the GUI, in `jiujin --background` or in `jiujinctl sync`.
 *
 * It is GTK-free: properties and signals are emitted on the main context of the thread that
 * created the engine, so a GUI can bind to them directly.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "jj-store.h"

G_BEGIN_DECLS

#define JJ_SYNC_ERROR (jj_sync_error_quark ())

/**
 * JjSyncError:
 * @JJ_SYNC_ERROR_NOT_ENROLLED: the data directory has no enrollment.json
 * @JJ_SYNC_ERROR_LOCKED: another process is syncing this data directory
 * @JJ_SYNC_ERROR_OFFLINE: the county cannot be reached (connection, TLS, timeout)
 * @JJ_SYNC_ERROR_PROTOCOL: the county answered something this protocol does not allow
 * @JJ_SYNC_ERROR_REFUSED: the county refused the request (a problem+json 4xx)
 * @JJ_SYNC_ERROR_UNAVAILABLE: the county asked to come back later (429, 503, 5xx)
 * @JJ_SYNC_ERROR_CANCELLED: the cycle was stopped
 * @JJ_SYNC_ERROR_ATTACHMENT_REFUSED: the county will never take this one scan (too large, its
 *   contents not what was announced, another 4xx about it) or this terminal cannot read it:
 *   the submissions that refer to it are parked and the cycle goes on with the others
 */
typedef enum
{
  JJ_SYNC_ERROR_NOT_ENROLLED,
  JJ_SYNC_ERROR_LOCKED,
  JJ_SYNC_ERROR_OFFLINE,
  JJ_SYNC_ERROR_PROTOCOL,
  JJ_SYNC_ERROR_REFUSED,
  JJ_SYNC_ERROR_UNAVAILABLE,
  JJ_SYNC_ERROR_CANCELLED,
  JJ_SYNC_ERROR_ATTACHMENT_REFUSED,
} JjSyncError;

/**
 * JjSyncState:
 * @JJ_SYNC_STATE_NOT_ENROLLED: nothing to sync with yet
 * @JJ_SYNC_STATE_OFFLINE: the last attempt could not reach the county; waiting to retry
 * @JJ_SYNC_STATE_ONLINE: the last cycle succeeded; idle
 * @JJ_SYNC_STATE_SYNCING: a cycle is running
 * @JJ_SYNC_STATE_LOCKED: another process (another jiujin, jiujinctl sync) holds the lock
 */
typedef enum
{
  JJ_SYNC_STATE_NOT_ENROLLED,
  JJ_SYNC_STATE_OFFLINE,
  JJ_SYNC_STATE_ONLINE,
  JJ_SYNC_STATE_SYNCING,
  JJ_SYNC_STATE_LOCKED,
} JjSyncState;

#define JJ_TYPE_SYNC_STATE (jj_sync_state_get_type ())
GType jj_sync_state_get_type (void);

#define JJ_TYPE_SYNC_ENGINE (jj_sync_engine_get_type ())

G_DECLARE_FINAL_TYPE (JjSyncEngine, jj_sync_engine, JJ, SYNC_ENGINE, GObject)

GQuark        jj_sync_error_quark               (void);

/* @data_dir is the store's directory: enrollment.json and sync.lock live there. */
JjSyncEngine *jj_sync_engine_new                (JjStore       *store,
                                                 const char    *data_dir);

/* Starts waiting for triggers (network changes, timers) and runs a first cycle. */
void          jj_sync_engine_start              (JjSyncEngine  *self);
/* Cancels a running cycle (what is stored stays stored) and stops all triggers. */
void          jj_sync_engine_stop               (JjSyncEngine  *self);
/* Runs a cycle as soon as possible, ignoring the backoff (but not a Retry-After). */
void          jj_sync_engine_sync_now           (JjSyncEngine  *self);
/* Says a submission was just queued in this process: counted in "pending" at once, and sent
 * at once when the county is reachable. (Submissions of other processes are noticed within a
 * few seconds without it.) */
void          jj_sync_engine_notify_submitted   (JjSyncEngine  *self);

/* One whole cycle in the calling thread, for jiujinctl sync --once and tests. Takes the lock
 * (JJ_SYNC_ERROR_LOCKED when another process holds it). Returns FALSE on the first error that
 * stopped the cycle; entries parked by the county are not an error of the cycle. */
gboolean      jj_sync_engine_run_once           (JjSyncEngine  *self,
                                                 GCancellable  *cancellable,
                                                 GError       **error);

JjSyncState   jj_sync_engine_get_state          (JjSyncEngine  *self);
/* Outbox entries not yet delivered (pending, sending, held, parked). */
guint         jj_sync_engine_get_pending        (JjSyncEngine  *self);
/* Unix time of the last cycle that completed without error, 0 if never. */
gint64        jj_sync_engine_get_last_sync      (JjSyncEngine  *self);
/* 0.0–1.0 over the items and bytes of the running cycle; -1 when no cycle runs. */
double        jj_sync_engine_get_progress       (JjSyncEngine  *self);
/* The last error in the user's language, or NULL. */
const char   *jj_sync_engine_get_last_error     (JjSyncEngine  *self);

/*
 * Properties (notify:: on the engine's main context): "state" (JjSyncState), "pending"
 * (guint), "last-sync" (gint64), "progress" (double), "last-error" (string).
 *
 * Signals, on the same context:
 *
 *   "status-changed" (gint64 application_id, const char *state, const char *reason,
 *                     const char *title, const char *case_number)
 *       once per status event applied from the county's feed (state is a
 *       jj_application_state_to_string() name; reason may be NULL);
 *   "catalog-updated" (const char *version)
 *       after a new catalogue version from the county was imported;
 *   "entry-finished" (gint64 application_id, const char *receipt_number,
 *                     const char *outbox_state, const char *detail)
 *       once per outbox entry delivered (outbox_state "delivered", detail the county's case
 *       number) or parked (outbox_state "parked", detail the county's reason);
 *   "cycle-finished" (gboolean ok)
 *       at the end of every cycle, after the signals above.
 *
 * When the cycle runs in the owner thread (jj_sync_engine_run_once() called there) they are
 * emitted as things happen; otherwise from the owner's main context, in order.
 *
 * Store meta keys the engine keeps: "county_status_cursor", "county_catalog_etag",
 * "county_retry_until" (Unix time of the county's last Retry-After) and "last_sync_at".
 */

G_END_DECLS
