/* jj-tus-client.c — resumable attachment upload over tus 1.0.0
 *
 * One call uploads one scan. It learns what the server supports (OPTIONS, once per session and
 * endpoint), resumes a known upload URL from the server's offset (HEAD) or creates a new upload
 * (POST), then sends the rest in PATCH chunks read from the file at that offset. The server's
 * offset is the only truth: after a conflict, a crash or a lost answer the client asks again
 * instead of guessing, so no byte the server already holds is sent twice on purpose.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jj-protocol.h"
#include "jj-sync-engine.h"
#include "jj-tus-client.h"

#define TUS_VERSION               "1.0.0"
#define TUS_CONTENT_TYPE          "application/offset+octet-stream"
#define STATUS_TOO_MANY_REQUESTS  429
#define STATUS_CHECKSUM_MISMATCH  460
#define METHOD_PATCH              "PATCH"
#define PROBLEM_DIGEST_MISMATCH   "attachment-digest-mismatch"
/* A chunk the server keeps finding damaged is not a passing glitch of the line. */
#define CHECKSUM_RETRIES          3
/* Conflicts that move nothing forward mean another client is sending the same upload. */
#define MAX_CONFLICTS             3
/* A server that forgets uploads as soon as they are made would otherwise loop forever. */
#define MAX_CREATIONS             2
#define MAX_DETAIL_LENGTH         200
/* A terminal that syncs for days in the background still notices a county that changed its
 * tus server. */
#define CAPABILITIES_MAX_AGE      (10 * 60 * G_USEC_PER_SEC)

typedef struct
{
  gboolean checksum;   /* the server verifies Upload-Checksum with sha256 */
  gint64   max_size;   /* Tus-Max-Size, 0 when not announced */
  gint64   asked_at;   /* monotonic µs */
} TusCapabilities;

/* One call of jj_tus_upload() or jj_tus_terminate(). */
typedef struct
{
  SoupSession           *session;
  SoupMessageHeaders    *extra_headers;
  GCancellable          *cancellable;
  gint64                *bytes_sent;
  guint                 *retry_after;
  const char            *name;      /* what messages call the upload */
  const TusCapabilities *caps;
  int                    fd;
  gint64                 length;
  char                  *url;       /* the upload's URL, once known */
  gint64                 offset;    /* what the server said it holds */
} TusRun;

static void
tus_run_clear (TusRun *run)
{
  if (run->fd >= 0)
    close (run->fd);
  g_clear_pointer (&run->url, g_free);
}

static void
count_body_bytes (SoupMessage *msg,
                  guint        chunk_size,
                  gpointer     user_data)
{
  TusRun *run = user_data;

  if (run->bytes_sent != NULL)
    *run->bytes_sent += chunk_size;
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  soup_message_headers_append (user_data, name, value);
}

/* Only https: a scan of an identity card never crosses the network in the clear. */
static GUri *
parse_https_uri (TusRun      *run,
                 const char  *url,
                 GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);

  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "https") != 0)
    {
      g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_PROTOCOL,
                   _("The county platform gave “%s” as the address to upload “%s” to, which is "
                     "not a secure https address."),
                   url, run->name);
      return NULL;
    }
  return g_steal_pointer (&uri);
}

static SoupMessage *
new_message (TusRun      *run,
             const char  *method,
             const char  *url,
             GError     **error)
{
  g_autoptr(GUri) uri = parse_https_uri (run, url, error);
  SoupMessageHeaders *headers;
  SoupMessage *msg;

  if (uri == NULL)
    return NULL;

  msg = soup_message_new_from_uri (method, uri);
  jj_protocol_keep_alive (msg);
  headers = soup_message_get_request_headers (msg);
  if (run->extra_headers != NULL)
    soup_message_headers_foreach (run->extra_headers, copy_header, headers);
  soup_message_headers_replace (headers, "Tus-Resumable", TUS_VERSION);
  g_signal_connect (msg, "wrote-body-data", G_CALLBACK (count_body_bytes), run);
  return msg;
}

/* Sends @msg and reads the whole answer. NULL when no answer came: the network, TLS or the
 * caller's cancellable. */
static GBytes *
send_message (TusRun       *run,
              SoupMessage  *msg,
              GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  GBytes *body = soup_session_send_and_read (run->session, msg, run->cancellable, &local_error);

  if (body != NULL)
    return body;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_CANCELLED,
                 _("The upload of “%s” was stopped."), run->name);
  else
    g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_OFFLINE,
                 _("Could not reach the county platform to upload “%s”: %s"),
                 run->name, local_error->message);
  return NULL;
}

static gboolean
header_to_int64 (SoupMessage *msg,
                 const char  *name,
                 gint64       max,
                 gint64      *value)
{
  const char *text = soup_message_headers_get_one (soup_message_get_response_headers (msg), name);
  guint64 parsed;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, max, &parsed, NULL))
    return FALSE;
  *value = parsed;
  return TRUE;
}

/* The server's problem document, when it sent one. */
static JjProblem *
parse_problem (SoupMessage *msg,
               GBytes      *body)
{
  const char *content_type;
  gsize length;
  const char *data;

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                        NULL);
  if (body == NULL || g_strcmp0 (content_type, "application/problem+json") != 0)
    return NULL;

  data = g_bytes_get_data (body, &length);
  return jj_problem_parse (data, length, NULL);
}

/* What the server said about a refusal, in the most precise form it gave: the problem's detail
 * or title, a short plain-text body (what most tus servers send), or the reason phrase. */
static char *
dup_refusal_reason (SoupMessage *msg,
                    GBytes      *body)
{
  g_autoptr(JjProblem) problem = parse_problem (msg, body);
  const char *content_type;
  const char *data;
  gsize length;

  if (problem != NULL && problem->detail != NULL)
    return g_strdup (problem->detail);
  if (problem != NULL && problem->title != NULL)
    return g_strdup (problem->title);

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                        NULL);
  data = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  if (data != NULL && length > 0 && length <= MAX_DETAIL_LENGTH &&
      g_strcmp0 (content_type, "text/plain") == 0 && g_utf8_validate_len (data, length, NULL))
    return g_strstrip (g_strndup (data, length));

  return g_strdup_printf ("%u %s", soup_message_get_status (msg),
                          soup_message_get_reason_phrase (msg));
}

/* Whether a 4xx refuses this scan alone, so that other scans may still go: not an answer to
 * OPTIONS, nor one about the token (401, 403), the endpoint (404 at creation, 405), racing
 * uploaders (409) or the way the terminal speaks tus (412, 415), which any scan would get. */
static gboolean
is_scan_refusal (SoupMessage *msg)
{
  guint status = soup_message_get_status (msg);

  if (status < 400 || status >= 500 ||
      g_str_equal (soup_message_get_method (msg), SOUP_METHOD_OPTIONS))
    return FALSE;
  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
    case SOUP_STATUS_FORBIDDEN:
    case SOUP_STATUS_NOT_FOUND:
    case SOUP_STATUS_METHOD_NOT_ALLOWED:
    case SOUP_STATUS_REQUEST_TIMEOUT:
    case SOUP_STATUS_CONFLICT:
    case SOUP_STATUS_PRECONDITION_FAILED:
    case SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE:
    case STATUS_TOO_MANY_REQUESTS:
      return FALSE;
    default:
      return TRUE;
    }
}

/* Turns an answer that is not the one the protocol expects into the error the engine acts on:
 * come back later, give up on this scan, stop for every scan, or the server is not speaking
 * tus. Returns FALSE. */
static gboolean
fail_with_response (TusRun       *run,
                    SoupMessage  *msg,
                    GBytes       *body,
                    GError      **error)
{
  guint status = soup_message_get_status (msg);
  g_autofree char *reason = dup_refusal_reason (msg, body);

  if (status == STATUS_TOO_MANY_REQUESTS || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      if (run->retry_after != NULL)
        *run->retry_after = jj_protocol_parse_retry_after (
          soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After"));
      g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_UNAVAILABLE,
                   _("The county platform is busy and asked to upload “%s” later."), run->name);
    }
  else if (status == SOUP_STATUS_REQUEST_TIMEOUT || status >= 500)
    g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_UNAVAILABLE,
                 _("The county platform could not take “%s” just now (%s). It will be tried "
                   "again."),
                 run->name, reason);
  else if (status == SOUP_STATUS_UNAUTHORIZED)
    g_set_error_literal (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_REFUSED,
                         _("The county platform no longer accepts this terminal. Enroll it again "
                           "with a new code from the county (jiujinctl enroll)."));
  else if (is_scan_refusal (msg))
    g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_ATTACHMENT_REFUSED,
                 _("The county platform refused “%s”: %s"), run->name, reason);
  else if (status >= 400)
    g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_REFUSED,
                 _("The county platform refused “%s”: %s"), run->name, reason);
  else
    g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_PROTOCOL,
                 _("The county platform answered the upload of “%s” with “%s”, which the upload "
                   "protocol does not allow."),
                 run->name, reason);
  return FALSE;
}

static gboolean
fail_protocol (TusRun      *run,
               const char  *what,
               GError     **error)
{
  g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_PROTOCOL,
               _("The county platform answered the upload of “%s” without a valid “%s”."),
               run->name, what);
  return FALSE;
}

static gboolean
header_list_contains (SoupMessage *msg,
                      const char  *name,
                      const char  *token)
{
  const char *list = soup_message_headers_get_list (soup_message_get_response_headers (msg), name);

  return list != NULL && soup_header_contains (list, token);
}

/* What the endpoint supports, asked once per session and endpoint (again after
 * CAPABILITIES_MAX_AGE): one sync cycle uploads many scans to the same endpoint. */
static gboolean
ensure_capabilities (TusRun      *run,
                     const char  *endpoint,
                     GError     **error)
{
  g_autofree char *key = g_strconcat ("jj-tus-capabilities ", endpoint, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  TusCapabilities *caps;
  guint status;

  run->caps = g_object_get_data (G_OBJECT (run->session), key);
  if (run->caps != NULL && g_get_monotonic_time () - run->caps->asked_at < CAPABILITIES_MAX_AGE)
    return TRUE;

  if ((msg = new_message (run, SOUP_METHOD_OPTIONS, endpoint, error)) == NULL ||
      (body = send_message (run, msg, error)) == NULL)
    return FALSE;

  status = soup_message_get_status (msg);
  if (status != SOUP_STATUS_OK && status != SOUP_STATUS_NO_CONTENT)
    return fail_with_response (run, msg, body, error);
  if (!header_list_contains (msg, "Tus-Version", TUS_VERSION))
    return fail_protocol (run, "Tus-Version", error);
  if (!header_list_contains (msg, "Tus-Extension", "creation"))
    return fail_protocol (run, "Tus-Extension", error);

  caps = g_new0 (TusCapabilities, 1);
  caps->asked_at = g_get_monotonic_time ();
  caps->checksum = header_list_contains (msg, "Tus-Extension", "checksum") &&
                   header_list_contains (msg, "Tus-Checksum-Algorithm", "sha256");
  if (!header_to_int64 (msg, "Tus-Max-Size", G_MAXINT64, &caps->max_size))
    caps->max_size = 0;
  g_object_set_data_full (G_OBJECT (run->session), key, caps, g_free);
  run->caps = caps;
  return TRUE;
}

/* Asks the server where the upload stands. Sets @gone when the URL no longer answers for this
 * file (404, 410, or an upload of another length), so that the caller creates it again. */
static gboolean
fetch_offset (TusRun    *run,
              gboolean  *gone,
              GError   **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;
  gint64 length;

  if ((msg = new_message (run, SOUP_METHOD_HEAD, run->url, error)) == NULL ||
      (body = send_message (run, msg, error)) == NULL)
    return FALSE;

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE)
    {
      *gone = TRUE;
      return TRUE;
    }
  if (status != SOUP_STATUS_OK && status != SOUP_STATUS_NO_CONTENT)
    return fail_with_response (run, msg, body, error);
  if (header_to_int64 (msg, "Upload-Length", G_MAXINT64, &length) && length != run->length)
    {
      *gone = TRUE;
      return TRUE;
    }
  if (!header_to_int64 (msg, "Upload-Offset", run->length, &run->offset))
    return fail_protocol (run, "Upload-Offset", error);
  return TRUE;
}

/* POST (creation). The new URL is handed to save_url before any byte is sent, so that a crash
 * from here on resumes this upload instead of starting another. */
static gboolean
create_upload (TusRun       *run,
               JjTusUpload  *upload,
               GError      **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *metadata = NULL;
  g_autofree char *length = NULL;
  g_autofree char *url = NULL;
  const char *location;
  SoupMessageHeaders *headers;

  if ((msg = new_message (run, SOUP_METHOD_POST, upload->endpoint, error)) == NULL)
    return FALSE;

  metadata = jj_tus_metadata_format ("sha256", upload->sha256,
                                     "filename", run->name,
                                     "filetype", upload->mime_type != NULL
                                                   ? upload->mime_type
                                                   : "application/octet-stream",
                                     NULL);
  length = g_strdup_printf ("%" G_GINT64_FORMAT, run->length);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Upload-Length", length);
  soup_message_headers_replace (headers, "Upload-Metadata", metadata);

  if ((body = send_message (run, msg, error)) == NULL)
    return FALSE;
  if (soup_message_get_status (msg) != SOUP_STATUS_CREATED)
    return fail_with_response (run, msg, body, error);

  location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  if (location == NULL ||
      (url = g_uri_resolve_relative (upload->endpoint, location, SOUP_HTTP_URI_FLAGS, NULL)) == NULL)
    return fail_protocol (run, "Location", error);
  if ((uri = parse_https_uri (run, url, error)) == NULL)
    return FALSE;

  if (upload->save_url != NULL && !upload->save_url (url, upload->user_data, error))
    return FALSE;

  run->url = g_steal_pointer (&url);
  /* A server that already holds these bytes (Jiujin's county) says so right away. */
  if (!header_to_int64 (msg, "Upload-Offset", run->length, &run->offset))
    run->offset = 0;
  return TRUE;
}

/* Reads exactly @length bytes at @offset; FALSE with errno set (0 for a file that shrank). */
static gboolean
read_at (int     fd,
         guint8 *buffer,
         gsize   length,
         gint64  offset)
{
  gsize done = 0;

  while (done < length)
    {
      gssize n = pread (fd, buffer + done, length - done, offset + done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = 0;
          return FALSE;
        }
      done += n;
    }
  return TRUE;
}

static gboolean
fail_read (TusRun      *run,
           const char  *path,
           int          saved_errno,
           GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_ATTACHMENT_REFUSED,
               _("Could not read the scan “%s” (%s) to upload it: %s"),
               run->name, display,
               saved_errno != 0 ? g_strerror (saved_errno) : _("the file is shorter than before"));
  return FALSE;
}

/* The whole file arrived different from its sha256 metadata: the server has discarded it, and
 * sending the chunk again cannot help. */
static gboolean
is_digest_mismatch (SoupMessage *msg,
                    GBytes      *body)
{
  g_autoptr(JjProblem) problem = parse_problem (msg, body);

  return problem != NULL && g_strcmp0 (problem->name, PROBLEM_DIGEST_MISMATCH) == 0;
}

static SoupMessage *
new_chunk_message (TusRun       *run,
                   GBytes       *chunk,
                   GError      **error)
{
  SoupMessage *msg = new_message (run, METHOD_PATCH, run->url, error);
  g_autofree char *offset = NULL;
  SoupMessageHeaders *headers;

  if (msg == NULL)
    return NULL;

  headers = soup_message_get_request_headers (msg);
  offset = g_strdup_printf ("%" G_GINT64_FORMAT, run->offset);
  soup_message_headers_replace (headers, "Upload-Offset", offset);
  if (run->caps->checksum)
    {
      guint8 digest[32];
      gsize digest_length = sizeof digest;
      g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
      g_autofree char *encoded = NULL;
      g_autofree char *value = NULL;
      gsize length;
      const guint8 *data = g_bytes_get_data (chunk, &length);

      g_checksum_update (checksum, data, length);
      g_checksum_get_digest (checksum, digest, &digest_length);
      encoded = g_base64_encode (digest, digest_length);
      value = g_strconcat ("sha256 ", encoded, NULL);
      soup_message_headers_replace (headers, "Upload-Checksum", value);
    }
  soup_message_set_request_body_from_bytes (msg, TUS_CONTENT_TYPE, chunk);
  return msg;
}

/* Sends the file from the server's offset to its end. Sets @gone when the upload vanished
 * under it (expired or terminated on the server). */
static gboolean
send_chunks (TusRun       *run,
             JjTusUpload  *upload,
             gboolean     *gone,
             GError      **error)
{
  guint checksum_failures = 0;
  guint conflicts = 0;

  while (run->offset < run->length)
    {
      gsize size = MIN ((gint64) upload->chunk_bytes, run->length - run->offset);
      g_autofree guint8 *buffer = g_malloc (size);
      g_autoptr(GBytes) chunk = NULL;
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GBytes) body = NULL;
      gint64 acknowledged;
      guint status;

      if (g_cancellable_is_cancelled (run->cancellable))
        {
          g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_CANCELLED,
                       _("The upload of “%s” was stopped."), run->name);
          return FALSE;
        }
      if (!read_at (run->fd, buffer, size, run->offset))
        return fail_read (run, upload->path, errno, error);

      chunk = g_bytes_new_take (g_steal_pointer (&buffer), size);
      if ((msg = new_chunk_message (run, chunk, error)) == NULL ||
          (body = send_message (run, msg, error)) == NULL)
        return FALSE;

      status = soup_message_get_status (msg);
      if (status == SOUP_STATUS_NO_CONTENT || status == SOUP_STATUS_OK)
        {
          if (!header_to_int64 (msg, "Upload-Offset", run->offset + size, &acknowledged) ||
              acknowledged <= run->offset)
            return fail_protocol (run, "Upload-Offset", error);
          run->offset = acknowledged;
          checksum_failures = 0;
          conflicts = 0;
          if (upload->progress != NULL)
            upload->progress (run->offset, run->length, upload->user_data);
        }
      else if (status == SOUP_STATUS_CONFLICT && ++conflicts <= MAX_CONFLICTS)
        {
          if (!fetch_offset (run, gone, error))
            return FALSE;
          if (*gone)
            return TRUE;
        }
      else if (status == STATUS_CHECKSUM_MISMATCH && is_digest_mismatch (msg, body))
        {
          g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_ATTACHMENT_REFUSED,
                       _("The county platform received “%s” with other contents than announced "
                         "and discarded it. The copy on this terminal may be damaged: attach "
                         "the scan again."),
                       run->name);
          return FALSE;
        }
      else if (status == STATUS_CHECKSUM_MISMATCH && ++checksum_failures <= CHECKSUM_RETRIES)
        continue;
      else if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE)
        {
          *gone = TRUE;
          return TRUE;
        }
      else
        return fail_with_response (run, msg, body, error);
    }
  return TRUE;
}

static gboolean
open_file (TusRun       *run,
           const char   *path,
           GError      **error)
{
  struct stat st;

  run->fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (run->fd < 0 || fstat (run->fd, &st) != 0)
    return fail_read (run, path, errno, error);
  run->length = st.st_size;
  return TRUE;
}

gboolean
jj_tus_upload (SoupSession   *session,
               JjTusUpload   *upload,
               gint64        *bytes_sent,
               guint         *retry_after,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autofree char *basename = NULL;
  TusRun run = { 0, };
  gboolean ok = FALSE;

  g_return_val_if_fail (SOUP_IS_SESSION (session), FALSE);
  g_return_val_if_fail (upload != NULL && upload->endpoint != NULL && upload->path != NULL, FALSE);
  g_return_val_if_fail (upload->sha256 != NULL && upload->chunk_bytes > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  basename = g_path_get_basename (upload->path);
  run.session = session;
  run.extra_headers = upload->extra_headers;
  run.cancellable = cancellable;
  run.bytes_sent = bytes_sent;
  run.retry_after = retry_after;
  run.name = upload->filename != NULL ? upload->filename : basename;
  run.fd = -1;
  run.url = g_strdup (upload->upload_url);

  if (!open_file (&run, upload->path, error) ||
      !ensure_capabilities (&run, upload->endpoint, error))
    goto out;

  if (run.caps->max_size > 0 && run.length > run.caps->max_size)
    {
      g_autofree char *limit = g_format_size (run.caps->max_size);

      g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_ATTACHMENT_REFUSED,
                   _("“%s” is larger than the county platform accepts (%s at most)."),
                   run.name, limit);
      goto out;
    }

  for (guint creations = 0;;)
    {
      gboolean gone = FALSE;

      if (run.url != NULL)
        {
          if (!fetch_offset (&run, &gone, error))
            goto out;
        }
      else if (creations++ < MAX_CREATIONS)
        {
          if (!create_upload (&run, upload, error))
            goto out;
        }
      else
        {
          g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_UNAVAILABLE,
                       _("The county platform lost the upload of “%s” twice. It will be tried "
                         "again later."),
                       run.name);
          goto out;
        }

      if (!gone && !send_chunks (&run, upload, &gone, error))
        goto out;
      if (!gone)
        break;
      g_clear_pointer (&run.url, g_free);
    }
  ok = TRUE;

out:
  tus_run_clear (&run);
  return ok;
}

gboolean
jj_tus_terminate (SoupSession         *session,
                  const char          *upload_url,
                  SoupMessageHeaders  *extra_headers,
                  GCancellable        *cancellable,
                  GError             **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  TusRun run = { 0, };
  guint status;

  g_return_val_if_fail (SOUP_IS_SESSION (session), FALSE);
  g_return_val_if_fail (upload_url != NULL, FALSE);

  run.session = session;
  run.extra_headers = extra_headers;
  run.cancellable = cancellable;
  run.name = upload_url;
  run.fd = -1;

  if ((msg = new_message (&run, SOUP_METHOD_DELETE, upload_url, error)) == NULL ||
      (body = send_message (&run, msg, error)) == NULL)
    return FALSE;

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_NO_CONTENT || status == SOUP_STATUS_OK ||
      status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE)
    return TRUE;
  return fail_with_response (&run, msg, body, error);
}
