/* jj-tus-client.h — resumable attachment upload over tus 1.0.0
 *
 * Core protocol plus the creation, checksum (sha256) and termination extensions, so that any
 * standard tus server can be the county's blob store (docs/sync-protocol.md, section 8). Runs
 * synchronously in the calling thread on a SoupSession made in that thread.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Called with a new upload URL as soon as the server created it, before any byte is sent:
 * the caller makes it durable so that a crash resumes instead of starting again. Returning
 * FALSE (with @error set) stops the upload. */
typedef gboolean (*JjTusSaveUrlFunc)  (const char  *upload_url,
                                       gpointer     user_data,
                                       GError     **error);
/* Called after each chunk the server acknowledged: @offset bytes of @length are stored. */
typedef void     (*JjTusProgressFunc) (gint64       offset,
                                       gint64       length,
                                       gpointer     user_data);

typedef struct
{
  const char        *endpoint;       /* absolute creation URL (the attachments URL) */
  const char        *path;           /* the local file */
  const char        *sha256;         /* lower-case hex of the whole file */
  const char        *filename;       /* shown to the county's staff */
  const char        *mime_type;
  gsize              chunk_bytes;    /* largest PATCH body */
  SoupMessageHeaders *extra_headers; /* copied onto every request (Authorization, heartbeat); may be NULL */
  const char        *upload_url;     /* a URL from an earlier attempt to resume, or NULL */
  JjTusSaveUrlFunc   save_url;
  JjTusProgressFunc  progress;
  gpointer           user_data;
} JjTusUpload;

/* Uploads (or resumes) @upload. Returns TRUE once the server holds every byte. On FALSE,
 * @error is in JJ_SYNC_ERROR, its message in the user's language naming the scan:
 *   OFFLINE      no answer (connection, TLS, timeout);
 *   UNAVAILABLE  429/503 (with the Retry-After in @retry_after, 0 when not given), 408, 5xx;
 *   ATTACHMENT_REFUSED  a 4xx about this scan (400, 413, 422, …), a chunk damaged on the way
 *                4 times (460), the whole file not matching @sha256 (460
 *                attachment-digest-mismatch: the server discarded it), a file above
 *                Tus-Max-Size (nothing sent), or the local file unreadable: other scans may
 *                still go;
 *   REFUSED      a 4xx about the endpoint or the terminal rather than the scan (any 4xx to
 *                OPTIONS; 401, 403, 404 at creation, 405, 409 conflicts that do not resolve,
 *                412, 415): no other scan would fare better;
 *   PROTOCOL     not a tus 1.0.0 server with creation, a missing or impossible header, an
 *                upload URL that is not https;
 *   CANCELLED    @cancellable, checked before each chunk and during each request.
 * An upload URL that answers 404/410 (or belongs to a file of another length) is forgotten and
 * the upload created again. OPTIONS is asked once per @session and endpoint (again after ten
 * minutes). @bytes_sent, when not NULL, adds the request body bytes actually written to the
 * network, resent ones included. */
gboolean jj_tus_upload    (SoupSession   *session,
                           JjTusUpload   *upload,
                           gint64        *bytes_sent,
                           guint         *retry_after,
                           GCancellable  *cancellable,
                           GError       **error);

/* Termination: DELETE of an unfinished upload. */
gboolean jj_tus_terminate (SoupSession   *session,
                           const char    *upload_url,
                           SoupMessageHeaders *extra_headers,
                           GCancellable  *cancellable,
                           GError       **error);

G_END_DECLS
