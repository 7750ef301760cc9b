/* jj-sync-client.h — the terminal's side of the exchanges of docs/sync-protocol.md
 *
 * One JjSyncClient talks to one county over one SoupSession, synchronously, in the thread that
 * made it (libsoup 3 sessions belong to one thread). It adds the token and the heartbeat
 * header to every authenticated request, verifies TLS always (the enrollment's CA file, or
 * the system's CAs), and turns every failure into a JJ_SYNC_ERROR whose message a clerk can
 * read: OFFLINE (connection, TLS, timeout), UNAVAILABLE (408, 429, 5xx; Retry-After kept),
 * REFUSED (another 4xx, with the county's detail), PROTOCOL (an answer this protocol does not
 * allow, garbage or truncated JSON included), CANCELLED.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "jj-protocol.h"

G_BEGIN_DECLS

/* Seconds without progress after which a request is abandoned (section 12);
 * $JIUJIN_SYNC_TIMEOUT overrides it, for tests. */
#define JJ_SYNC_DEFAULT_TIMEOUT 30

/* What discovery announced (section 4). */
typedef struct
{
  char   *server;
  guint   max_batch;
  gint64  max_body_bytes;
  gint64  max_attachment_bytes;
  gsize   chunk_bytes;
  char   *attachments;   /* the tus endpoint, absolute */
  gboolean revisions;    /* "features" announces "revisions": a corrected application may
                          * carry `revision` and `supersedes` (section 7) */
} JjSyncLimits;

void jj_sync_limits_clear (JjSyncLimits *limits);

typedef struct _JjSyncClient JjSyncClient;

/* The base URL to store for @url: https only (JJ_SYNC_ERROR_REFUSED for http:// or anything
 * else), ending in "/". Caller frees. */
char         *jj_sync_normalize_base_url        (const char          *url,
                                                 GError             **error);

/* A client for the county at @base_url (as normalized above), trusting only @ca_file when it
 * is not NULL and the system's CAs otherwise, sending @token (NULL before enrollment). */
JjSyncClient *jj_sync_client_new                (const char          *base_url,
                                                 const char          *ca_file,
                                                 const char          *token,
                                                 GError             **error);
void          jj_sync_client_free               (JjSyncClient        *self);

SoupSession  *jj_sync_client_get_session        (JjSyncClient        *self);
const char   *jj_sync_client_get_base_url       (JjSyncClient        *self);

/* The heartbeat every authenticated request carries from now on (section 3). */
void          jj_sync_client_set_terminal_state (JjSyncClient          *self,
                                                 const JjTerminalState *state);
/* Authorization and Jiujin-Terminal-State, for requests made elsewhere (tus at the county's
 * own endpoint). Caller unrefs. */
SoupMessageHeaders *jj_sync_client_dup_auth_headers (JjSyncClient    *self);

/* The Retry-After of the last UNAVAILABLE failure, in seconds; 0 when none was given. */
guint         jj_sync_client_get_retry_after    (JjSyncClient        *self);
/* The HTTP status of the last answer, 0 when none came. */
guint         jj_sync_client_get_last_status    (JjSyncClient        *self);
/* How many requests this client has sent. */
guint         jj_sync_client_get_n_requests     (JjSyncClient        *self);

/* GET v1/health: TRUE when the county accepts work. */
gboolean      jj_sync_client_check_health       (JjSyncClient        *self,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

/* GET v1/: fills @limits. A protocol other than jiujin-sync version 1 is JJ_SYNC_ERROR_PROTOCOL
 * naming the version the county speaks. */
gboolean      jj_sync_client_discover           (JjSyncClient        *self,
                                                 JjSyncLimits        *limits,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

/* POST v1/enroll (section 6). Returns the answer with terminal_id, terminal_code,
 * service_point and token checked, or NULL: a wrong, used or expired code is REFUSED with a
 * message saying which. */
JsonObject   *jj_sync_client_enroll             (JjSyncClient        *self,
                                                 const char          *code,
                                                 const char          *app_version,
                                                 const char          *hostname,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

/* POST @path ("v1/submissions", "v1/evaluations") with @body, the batch exactly as given.
 * Returns the "results" array, each element an object with an "idempotency_key" (a string, or
 * null for an item whose key the county could not read) and an integer "status", or NULL. */
JsonArray    *jj_sync_client_post_items         (JjSyncClient        *self,
                                                 const char          *path,
                                                 const char          *body,
                                                 gsize                length,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

/* GET v1/statuses after @cursor (NULL: from the beginning). Returns the page with "events"
 * (an array of objects, each with string "cursor", "state" and "at") and boolean "more"
 * checked, or NULL. */
JsonObject   *jj_sync_client_get_statuses       (JjSyncClient        *self,
                                                 const char          *cursor,
                                                 guint                limit,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

/* GET v1/catalog with If-None-Match @etag (may be NULL) and gzip. Returns the (decoded)
 * document and its ETag in @new_etag, or NULL: with no error when the county answered 304, or
 * 404 because it has not published a catalogue yet. */
GBytes       *jj_sync_client_get_catalog        (JjSyncClient        *self,
                                                 const char          *etag,
                                                 char               **new_etag,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

/* POST v1/heartbeat with {} (answer 204). */
gboolean      jj_sync_client_heartbeat          (JjSyncClient        *self,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjSyncClient, jj_sync_client_free)

G_END_DECLS
