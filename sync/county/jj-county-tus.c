/* jj-county-tus.c — the reference county server's attachment store, over tus 1.0.0
 *
 * Core, creation, checksum (sha256) and termination (docs/sync-protocol.md, section 8). An
 * upload is a file storage/uploads/<id> and a row of `uploads`; its offset in the row only
 * ever moves after the bytes below it are on disk (pwrite, fsync, then UPDATE), so a server
 * killed at any moment answers HEAD with an offset the terminal can trust. The last byte turns
 * the upload into a blob: the whole file is hashed, compared with the sha256 the terminal
 * announced, and renamed to storage/blobs/<sha256>; only then does `blobs` say it is held.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jj-county-tus.h"
#include "jj-protocol.h"

#define TUS_VERSION          "1.0.0"
#define TUS_EXTENSIONS       "creation,checksum,termination"
#define TUS_CONTENT_TYPE     "application/offset+octet-stream"
#define STATUS_CHECKSUM_MISMATCH 460
#define METHOD_PATCH         "PATCH"
#define SHA256_HEX_LENGTH    64
#define SHA256_DIGEST_LENGTH 32
#define UPLOAD_ID_BYTES      16
#define READ_BLOCK           (64 * 1024)

struct _JjCountyTus
{
  sqlite3 *db;
  char    *uploads_dir;
  char    *blobs_dir;
  gint64   max_size;
};

typedef struct
{
  char    *id;
  gint64   length;
  gint64   received;
  char    *sha256;
  char    *filetype;
  char    *filename;
  gboolean complete;
} Upload;

static void
upload_clear (Upload *upload)
{
  g_clear_pointer (&upload->id, g_free);
  g_clear_pointer (&upload->sha256, g_free);
  g_clear_pointer (&upload->filetype, g_free);
  g_clear_pointer (&upload->filename, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Upload, upload_clear)

static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS uploads ("
  "  id           TEXT PRIMARY KEY,"
  "  terminal_id  TEXT NOT NULL,"
  "  length       INTEGER NOT NULL CHECK (length >= 0),"
  "  received     INTEGER NOT NULL DEFAULT 0 CHECK (received BETWEEN 0 AND length),"
  "  sha256       TEXT NOT NULL,"
  "  filetype     TEXT,"
  "  filename     TEXT,"
  "  created_at   INTEGER NOT NULL,"
  "  completed_at INTEGER"
  ");"
  "CREATE TABLE IF NOT EXISTS blobs ("
  "  sha256       TEXT PRIMARY KEY,"
  "  size         INTEGER NOT NULL,"
  "  filetype     TEXT,"
  "  filename     TEXT,"
  "  terminal_id  TEXT NOT NULL,"
  "  stored_at    INTEGER NOT NULL"
  ");";

/* Only what GChecksum writes is a name: anything else could reach outside blobs/. */
static gboolean
is_sha256 (const char *text)
{
  for (int i = 0; i < SHA256_HEX_LENGTH; i++)
    {
      if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
        return FALSE;
    }
  return text[SHA256_HEX_LENGTH] == '\0';
}

static gboolean
is_upload_id (const char *text)
{
  gsize length = strlen (text);

  if (length != UPLOAD_ID_BYTES * 2)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
        return FALSE;
    }
  return TRUE;
}

/* Unix seconds, as the rest of county.db keeps times. */
static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Opens @path with @flags, syncs it and closes it. FALSE with errno on failure. */
static gboolean
open_and_sync (const char *path,
               int         flags,
               int         mode)
{
  int fd = g_open (path, flags | O_CLOEXEC, mode);
  int saved_errno;
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  saved_errno = errno;
  close (fd);
  errno = saved_errno;
  return ok;
}

/* Makes a new or renamed entry of @path durable. FALSE with errno on failure. */
static gboolean
sync_dir (const char *path)
{
  return open_and_sync (path, O_RDONLY | O_DIRECTORY, 0);
}

static gboolean
pwrite_all (int           fd,
            const guint8 *data,
            gsize         length,
            gint64        offset)
{
  while (length > 0)
    {
      gssize n = pwrite (fd, data, length, offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      data += n;
      length -= n;
      offset += n;
    }
  return TRUE;
}

static char *
upload_path (JjCountyTus *self,
             const char  *id)
{
  return g_build_filename (self->uploads_dir, id, NULL);
}

static char *
blob_file (JjCountyTus *self,
           const char  *sha256)
{
  return g_build_filename (self->blobs_dir, sha256, NULL);
}

/* The one place SQL is run: @types says how each following argument binds ('t' text, which may
 * be NULL, 'i' gint64). Returns the statement stepped once (SQLITE_ROW or SQLITE_DONE in
 * @step_rc), or NULL with a warning when SQLite failed. */
static sqlite3_stmt *
run_sql_valist (JjCountyTus *self,
                const char  *sql,
                int         *step_rc,
                const char  *types,
                va_list      args)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_warning ("tus: cannot prepare “%s”: %s", sql, sqlite3_errmsg (self->db));
      return NULL;
    }

  for (int i = 0; types[i] != '\0'; i++)
    {
      if (types[i] == 't')
        sqlite3_bind_text (stmt, i + 1, va_arg (args, const char *), -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (stmt, i + 1, va_arg (args, gint64));
    }

  *step_rc = sqlite3_step (stmt);
  if (*step_rc != SQLITE_ROW && *step_rc != SQLITE_DONE)
    {
      g_warning ("tus: “%s” failed: %s", sql, sqlite3_errmsg (self->db));
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

static sqlite3_stmt *
run_sql (JjCountyTus *self,
         const char  *sql,
         int         *step_rc,
         const char  *types,
         ...)
{
  sqlite3_stmt *stmt;
  va_list args;

  va_start (args, types);
  stmt = run_sql_valist (self, sql, step_rc, types, args);
  va_end (args);
  return stmt;
}

/* Runs a statement that returns no rows; FALSE (with a warning) when SQLite failed. */
static gboolean
exec_sql (JjCountyTus *self,
          const char  *sql,
          const char  *types,
          ...)
{
  sqlite3_stmt *stmt;
  va_list args;
  int rc;

  va_start (args, types);
  stmt = run_sql_valist (self, sql, &rc, types, args);
  va_end (args);
  sqlite3_finalize (stmt);
  return stmt != NULL;
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* The upload @id if @terminal_id created it; another terminal's upload is not found, exactly
 * like one that does not exist. */
static gboolean
lookup_upload (JjCountyTus *self,
               const char  *id,
               const char  *terminal_id,
               Upload      *upload)
{
  int rc;
  sqlite3_stmt *stmt = run_sql (self,
                                "SELECT length, received, sha256, filetype, filename,"
                                "       completed_at IS NOT NULL"
                                "  FROM uploads WHERE id = ? AND terminal_id = ?",
                                &rc, "tt", id, terminal_id);

  if (stmt == NULL || rc != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      return FALSE;
    }
  upload->id = g_strdup (id);
  upload->length = sqlite3_column_int64 (stmt, 0);
  upload->received = sqlite3_column_int64 (stmt, 1);
  upload->sha256 = g_strdup (column_text (stmt, 2));
  upload->filetype = g_strdup (column_text (stmt, 3));
  upload->filename = g_strdup (column_text (stmt, 4));
  upload->complete = sqlite3_column_int (stmt, 5);
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
blob_recorded (JjCountyTus *self,
               const char  *sha256,
               gint64      *size)
{
  int rc;
  sqlite3_stmt *stmt = run_sql (self, "SELECT size FROM blobs WHERE sha256 = ?", &rc, "t", sha256);
  gboolean found = stmt != NULL && rc == SQLITE_ROW;

  if (found && size != NULL)
    *size = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return found;
}

/* Marks @upload complete and records its blob, in one transaction: a blob is never held
 * without the upload that brought it saying so, nor the other way round. */
static gboolean
record_blob (JjCountyTus *self,
             Upload      *upload,
             const char  *terminal_id)
{
  gint64 now = now_seconds ();

  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return FALSE;
  if (exec_sql (self, "UPDATE uploads SET received = length, completed_at = ? WHERE id = ?",
                "it", now, upload->id) &&
      exec_sql (self,
                "INSERT OR IGNORE INTO blobs (sha256, size, filetype, filename, terminal_id,"
                " stored_at) VALUES (?, ?, ?, ?, ?, ?)",
                "tittti", upload->sha256, upload->length, upload->filetype, upload->filename,
                terminal_id, now) &&
      sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
delete_upload_row (JjCountyTus *self,
                   const char  *id)
{
  return exec_sql (self, "DELETE FROM uploads WHERE id = ?", "t", id);
}

/* A crash between the rename of a finished upload and its transaction, or between creating an
 * upload's file and its row, leaves the two out of step; this puts them back before the first
 * request. */
static gboolean
recover (JjCountyTus  *self,
         GError      **error)
{
  g_autoptr(GArray) unfinished = g_array_new (FALSE, TRUE, sizeof (Upload));
  g_autoptr(GPtrArray) terminals = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  sqlite3_stmt *stmt;
  const char *name;
  int rc;

  g_array_set_clear_func (unfinished, (GDestroyNotify) upload_clear);
  stmt = run_sql (self, "SELECT id, sha256, length, terminal_id FROM uploads"
                        " WHERE completed_at IS NULL", &rc, "");
  for (; stmt != NULL && rc == SQLITE_ROW; rc = sqlite3_step (stmt))
    {
      Upload upload = { 0, };

      upload.id = g_strdup (column_text (stmt, 0));
      upload.sha256 = g_strdup (column_text (stmt, 1));
      upload.length = sqlite3_column_int64 (stmt, 2);
      g_array_append_val (unfinished, upload);
      g_ptr_array_add (terminals, g_strdup (column_text (stmt, 3)));
    }
  sqlite3_finalize (stmt);

  for (guint i = 0; i < unfinished->len; i++)
    {
      Upload *upload = &g_array_index (unfinished, Upload, i);
      g_autofree char *path = upload_path (self, upload->id);
      g_autofree char *blob = blob_file (self, upload->sha256);
      GStatBuf st;

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      if (g_stat (blob, &st) == 0 && st.st_size == upload->length)
        record_blob (self, upload, terminals->pdata[i]);
      else
        delete_upload_row (self, upload->id);
    }

  dir = g_dir_open (self->uploads_dir, 0, error);
  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = upload_path (self, name);
      sqlite3_stmt *row = run_sql (self, "SELECT 1 FROM uploads WHERE id = ?"
                                         " AND completed_at IS NULL", &rc, "t", name);

      if (row != NULL && rc == SQLITE_DONE)
        g_unlink (path);
      sqlite3_finalize (row);
    }
  return TRUE;
}

static gboolean
ensure_dir (const char  *path,
            GError     **error)
{
  if (g_mkdir_with_parents (path, 0700) == 0)
    return TRUE;

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
               _("Cannot create the folder %s: %s"), path, g_strerror (errno));
  return FALSE;
}

JjCountyTus *
jj_county_tus_new (sqlite3     *db,
                   const char  *storage_dir,
                   gint64       max_size,
                   GError     **error)
{
  g_autoptr(JjCountyTus) self = g_new0 (JjCountyTus, 1);

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (storage_dir != NULL, NULL);
  g_return_val_if_fail (max_size > 0, NULL);

  self->db = db;
  self->max_size = max_size;
  self->uploads_dir = g_build_filename (storage_dir, "uploads", NULL);
  self->blobs_dir = g_build_filename (storage_dir, "blobs", NULL);

  if (sqlite3_exec (db, schema_sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot create the attachment tables: %s"), sqlite3_errmsg (db));
      return NULL;
    }
  if (!ensure_dir (self->uploads_dir, error) || !ensure_dir (self->blobs_dir, error) ||
      !recover (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
jj_county_tus_free (JjCountyTus *self)
{
  if (self == NULL)
    return;

  g_free (self->uploads_dir);
  g_free (self->blobs_dir);
  g_free (self);
}

gboolean
jj_county_tus_has_blob (JjCountyTus *self,
                        const char  *sha256)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return sha256 != NULL && is_sha256 (sha256) && blob_recorded (self, sha256, NULL);
}

char *
jj_county_tus_blob_path (JjCountyTus *self,
                         const char  *sha256)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (!jj_county_tus_has_blob (self, sha256))
    return NULL;
  return blob_file (self, sha256);
}

/* Answers with a problem document (RFC 9457), as every error of the protocol is. */
static void
respond_problem (SoupServerMessage *msg,
                 guint              status,
                 const char        *name,
                 const char        *title,
                 const char        *detail_format,
                 ...) G_GNUC_PRINTF (5, 6);

static void
respond_problem (SoupServerMessage *msg,
                 guint              status,
                 const char        *name,
                 const char        *title,
                 const char        *detail_format,
                 ...)
{
  g_autoptr(JjProblem) problem = NULL;
  g_autofree char *detail = NULL;
  char *body;
  va_list args;

  va_start (args, detail_format);
  detail = g_strdup_vprintf (detail_format, args);
  va_end (args);

  problem = jj_problem_new (status, name, title, detail);
  body = jj_problem_to_string (problem);
  soup_server_message_set_status (msg, status,
                                  status == STATUS_CHECKSUM_MISMATCH ? "Checksum Mismatch" : NULL);
  soup_server_message_set_response (msg, "application/problem+json", SOUP_MEMORY_TAKE,
                                    body, strlen (body));
}

/* @what is marked with N_() by the caller, so that nothing runs between the failing call and
 * the reading of errno. */
static void
respond_internal (SoupServerMessage *msg,
                  const char        *what,
                  int                saved_errno)
{
  g_warning ("tus: %s: %s", what, g_strerror (saved_errno));
  respond_problem (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                   _("The county platform could not store the upload"), "%s: %s", _(what),
                   g_strerror (saved_errno));
}

static void
respond_not_found (SoupServerMessage *msg)
{
  respond_problem (msg, SOUP_STATUS_NOT_FOUND, "not-found", _("No such upload"), "%s",
                   _("This upload does not exist, was terminated, or belongs to another "
                     "terminal."));
}

static void
set_offset_header (SoupServerMessage *msg,
                   gint64             offset)
{
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, offset);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Upload-Offset", value);
}

static const char *
request_header (SoupServerMessage *msg,
                const char        *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (msg), name);
}

static gboolean
parse_length_header (SoupServerMessage *msg,
                     const char        *name,
                     gint64            *value)
{
  const char *text = request_header (msg, name);
  guint64 parsed;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &parsed, NULL))
    {
      respond_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalid-request",
                       _("The request is not valid"), _("%s must be a non-negative integer."),
                       name);
      return FALSE;
    }
  *value = parsed;
  return TRUE;
}

static void
handle_options (JjCountyTus       *self,
                SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *max_size = g_strdup_printf ("%" G_GINT64_FORMAT, self->max_size);

  soup_message_headers_replace (headers, "Tus-Version", TUS_VERSION);
  soup_message_headers_replace (headers, "Tus-Extension", TUS_EXTENSIONS);
  soup_message_headers_replace (headers, "Tus-Checksum-Algorithm", "sha256");
  soup_message_headers_replace (headers, "Tus-Max-Size", max_size);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* Hashes the first @length bytes of @fd. FALSE with errno when it cannot be read. */
static gboolean
hash_file (int     fd,
           gint64  length,
           char  **sha256)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (READ_BLOCK);
  gint64 done = 0;

  while (done < length)
    {
      gssize n = pread (fd, buffer, MIN (READ_BLOCK, length - done), done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = EIO;
          return FALSE;
        }
      g_checksum_update (checksum, buffer, n);
      done += n;
    }
  *sha256 = g_strdup (g_checksum_get_string (checksum));
  return TRUE;
}

/* The last byte is in: the file becomes the blob it claimed to be, or is thrown away. On
 * success the answer is left to the caller. */
static gboolean
finish_upload (JjCountyTus       *self,
               SoupServerMessage *msg,
               Upload            *upload,
               const char        *terminal_id)
{
  g_autofree char *path = upload_path (self, upload->id);
  g_autofree char *blob = blob_file (self, upload->sha256);
  g_autofree char *actual = NULL;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  int saved_errno;
  gboolean hashed;

  if (fd < 0)
    {
      respond_internal (msg, N_("cannot read the upload"), errno);
      return FALSE;
    }
  hashed = hash_file (fd, upload->length, &actual);
  saved_errno = errno;
  close (fd);
  if (!hashed)
    {
      respond_internal (msg, N_("cannot read the upload"), saved_errno);
      return FALSE;
    }

  if (strcmp (actual, upload->sha256) != 0)
    {
      g_unlink (path);
      delete_upload_row (self, upload->id);
      respond_problem (msg, STATUS_CHECKSUM_MISMATCH, "attachment-digest-mismatch",
                       _("The attachment does not match its SHA-256"),
                       _("The %lld bytes received have the SHA-256 %s, not %s as announced. "
                         "The upload was discarded; upload the file again."),
                       (long long) upload->length, actual, upload->sha256);
      return FALSE;
    }

  /* Renamed over an identical blob from another upload, if one won the race: same bytes. */
  if (g_rename (path, blob) != 0 || !sync_dir (self->blobs_dir))
    {
      respond_internal (msg, N_("cannot store the blob"), errno);
      return FALSE;
    }
  if (!record_blob (self, upload, terminal_id))
    {
      respond_internal (msg, N_("cannot record the blob"), EIO);
      return FALSE;
    }
  return TRUE;
}

/* The upload's empty file, durable before the row that points at it. FALSE with errno. */
static gboolean
create_upload_file (JjCountyTus *self,
                    const char  *id)
{
  g_autofree char *path = upload_path (self, id);

  return open_and_sync (path, O_WRONLY | O_CREAT | O_EXCL, 0600) && sync_dir (self->uploads_dir);
}

static char *
new_upload_id (void)
{
  guint8 bytes[UPLOAD_ID_BYTES];
  GString *id = g_string_sized_new (UPLOAD_ID_BYTES * 2);

  if (getrandom (bytes, sizeof bytes, 0) != sizeof bytes)
    g_error ("tus: no random bytes for an upload id: %s", g_strerror (errno));
  for (gsize i = 0; i < sizeof bytes; i++)
    g_string_append_printf (id, "%02x", bytes[i]);
  return g_string_free (id, FALSE);
}

/* The absolute URL of upload @id, below the URL the creation request was sent to. */
static char *
build_location (SoupServerMessage *msg,
                const char        *id)
{
  GUri *request_uri = soup_server_message_get_uri (msg);
  g_autofree char *collection = g_strdup (g_uri_get_path (request_uri));
  g_autofree char *path = NULL;
  gsize length = strlen (collection);

  while (length > 0 && collection[length - 1] == '/')
    collection[--length] = '\0';
  path = g_strconcat (collection, "/", id, NULL);
  return g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (request_uri), NULL,
                     g_uri_get_host (request_uri), g_uri_get_port (request_uri), path, NULL, NULL);
}

/* Reads and checks Upload-Metadata: sha256 is required, filename and filetype are text. */
static GHashTable *
parse_metadata (SoupServerMessage *msg)
{
  g_autoptr(GHashTable) metadata = jj_tus_metadata_parse (request_header (msg, "Upload-Metadata"));
  const char *sha256 = metadata != NULL ? g_hash_table_lookup (metadata, "sha256") : NULL;

  if (sha256 == NULL || !is_sha256 (sha256))
    {
      respond_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalid-request",
                       _("The request is not valid"), "%s",
                       _("Upload-Metadata must carry sha256, the lower-case hex SHA-256 of the "
                         "whole file."));
      return NULL;
    }
  for (guint i = 0; i < 2; i++)
    {
      const char *key = i == 0 ? "filename" : "filetype";
      const char *value = g_hash_table_lookup (metadata, key);

      if (value != NULL && !g_utf8_validate (value, -1, NULL))
        {
          respond_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalid-request",
                           _("The request is not valid"),
                           _("Upload-Metadata %s is not UTF-8 text."), key);
          return NULL;
        }
    }
  return g_steal_pointer (&metadata);
}

static void
handle_create (JjCountyTus       *self,
               SoupServerMessage *msg,
               const char        *terminal_id)
{
  g_autoptr(GHashTable) metadata = NULL;
  gint64 now = now_seconds ();
  g_autofree char *location = NULL;
  g_auto(Upload) upload = { 0, };
  gint64 held_size = -1;
  gboolean ok;

  if (request_header (msg, "Upload-Defer-Length") != NULL)
    {
      respond_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalid-request",
                       _("The request is not valid"), "%s",
                       _("Upload-Defer-Length is not supported: send Upload-Length."));
      return;
    }
  if (!parse_length_header (msg, "Upload-Length", &upload.length) ||
      (metadata = parse_metadata (msg)) == NULL)
    return;
  if (upload.length > self->max_size)
    {
      respond_problem (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large",
                       _("The attachment is too large"),
                       _("Upload-Length %lld is above the limit of %lld bytes."),
                       (long long) upload.length, (long long) self->max_size);
      return;
    }

  upload.id = new_upload_id ();
  upload.sha256 = g_strdup (g_hash_table_lookup (metadata, "sha256"));
  upload.filename = g_strdup (g_hash_table_lookup (metadata, "filename"));
  upload.filetype = g_strdup (g_hash_table_lookup (metadata, "filetype"));

  /* The same scan from another submission or terminal is held already: nothing to send. */
  if (blob_recorded (self, upload.sha256, &held_size) && held_size == upload.length)
    {
      ok = exec_sql (self,
                     "INSERT INTO uploads (id, terminal_id, length, received, sha256, filetype,"
                     " filename, created_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     "ttiitttii", upload.id, terminal_id, upload.length, upload.length,
                     upload.sha256, upload.filetype, upload.filename, now, now);
      upload.received = upload.length;
    }
  else
    {
      if (!create_upload_file (self, upload.id))
        {
          respond_internal (msg, N_("cannot create the upload"), errno);
          return;
        }
      ok = exec_sql (self,
                     "INSERT INTO uploads (id, terminal_id, length, sha256, filetype, filename,"
                     " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     "ttittti", upload.id, terminal_id, upload.length, upload.sha256,
                     upload.filetype, upload.filename, now);
      if (ok && upload.length == 0)
        {
          if (!finish_upload (self, msg, &upload, terminal_id))
            return;
        }
    }
  if (!ok)
    {
      respond_internal (msg, N_("cannot record the upload"), EIO);
      return;
    }

  location = build_location (msg, upload.id);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location",
                                location);
  set_offset_header (msg, upload.received);
  soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
}

static void
handle_head (JjCountyTus       *self,
             SoupServerMessage *msg,
             const char        *id,
             const char        *terminal_id)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_auto(Upload) upload = { 0, };
  g_autofree char *length = NULL;

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  if (!lookup_upload (self, id, terminal_id, &upload))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  length = g_strdup_printf ("%" G_GINT64_FORMAT, upload.length);
  soup_message_headers_replace (headers, "Upload-Length", length);
  set_offset_header (msg, upload.received);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

/* Checks Upload-Checksum against @chunk; answers 400 or 460 and returns FALSE when it fails. */
static gboolean
verify_checksum (SoupServerMessage *msg,
                 GBytes            *chunk)
{
  const char *header = request_header (msg, "Upload-Checksum");
  g_auto(GStrv) parts = NULL;
  g_autofree guchar *expected = NULL;
  guint8 digest[SHA256_DIGEST_LENGTH];
  gsize digest_length = sizeof digest;
  gsize expected_length = 0;
  g_autoptr(GChecksum) checksum = NULL;
  gsize length;
  const guint8 *data;

  if (header == NULL)
    return TRUE;

  parts = g_strsplit (header, " ", 2);
  if (g_strv_length (parts) != 2 || strcmp (parts[0], "sha256") != 0 ||
      (expected = g_base64_decode (parts[1], &expected_length)) == NULL ||
      expected_length != SHA256_DIGEST_LENGTH)
    {
      respond_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalid-request",
                       _("The request is not valid"), "%s",
                       _("Upload-Checksum must be “sha256 ” and the base64 of a SHA-256 "
                         "digest."));
      return FALSE;
    }

  data = g_bytes_get_data (chunk, &length);
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, data, length);
  g_checksum_get_digest (checksum, digest, &digest_length);
  if (memcmp (digest, expected, SHA256_DIGEST_LENGTH) != 0)
    {
      respond_problem (msg, STATUS_CHECKSUM_MISMATCH, "checksum-mismatch",
                       _("The chunk does not match its checksum"),
                       _("The %lld bytes received do not have the SHA-256 given in "
                         "Upload-Checksum; the offset did not move. Send the chunk again."),
                       (long long) length);
      return FALSE;
    }
  return TRUE;
}

/* Writes @chunk at @offset and makes it durable before anything records the new offset. */
static gboolean
write_chunk (JjCountyTus       *self,
             SoupServerMessage *msg,
             const char        *id,
             GBytes            *chunk,
             gint64             offset)
{
  g_autofree char *path = upload_path (self, id);
  gsize length;
  const guint8 *data = g_bytes_get_data (chunk, &length);
  int fd = g_open (path, O_WRONLY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    {
      respond_internal (msg, N_("cannot open the upload"), errno);
      return FALSE;
    }
  ok = pwrite_all (fd, data, length, offset) && fdatasync (fd) == 0;
  if (!ok)
    respond_internal (msg, N_("cannot write the upload"), errno);
  close (fd);
  return ok;
}

static void
handle_patch (JjCountyTus       *self,
              SoupServerMessage *msg,
              const char        *id,
              const char        *terminal_id)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) chunk = NULL;
  g_auto(Upload) upload = { 0, };
  const char *content_type;
  gint64 offset;
  gsize length;

  content_type = soup_message_headers_get_content_type (request_headers, NULL);
  if (g_strcmp0 (content_type, TUS_CONTENT_TYPE) != 0)
    {
      respond_problem (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                       _("Unsupported media type"), _("A PATCH body must be %s."),
                       TUS_CONTENT_TYPE);
      return;
    }
  if (!parse_length_header (msg, "Upload-Offset", &offset))
    return;
  if (!lookup_upload (self, id, terminal_id, &upload))
    {
      respond_not_found (msg);
      return;
    }
  if (offset != upload.received)
    {
      set_offset_header (msg, upload.received);
      respond_problem (msg, SOUP_STATUS_CONFLICT, "offset-conflict", _("Wrong upload offset"),
                       _("Upload-Offset is %lld but the server holds %lld bytes; ask with HEAD "
                         "and send from there."),
                       (long long) offset, (long long) upload.received);
      return;
    }

  chunk = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  length = g_bytes_get_size (chunk);
  if ((gint64) length > upload.length - offset)
    {
      respond_problem (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large",
                       _("The chunk goes past the end of the upload"),
                       _("%lld bytes at offset %lld would pass Upload-Length %lld."),
                       (long long) length, (long long) offset, (long long) upload.length);
      return;
    }
  if (!verify_checksum (msg, chunk))
    return;

  if (length > 0)
    {
      if (!write_chunk (self, msg, id, chunk, offset))
        return;
      if (offset + (gint64) length == upload.length)
        {
          if (!finish_upload (self, msg, &upload, terminal_id))
            return;
        }
      else
        {
          if (!exec_sql (self, "UPDATE uploads SET received = ? WHERE id = ?", "it",
                         offset + (gint64) length, id))
            {
              respond_internal (msg, N_("cannot record the offset"), EIO);
              return;
            }
        }
    }

  set_offset_header (msg, offset + length);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
handle_delete (JjCountyTus       *self,
               SoupServerMessage *msg,
               const char        *id,
               const char        *terminal_id)
{
  g_auto(Upload) upload = { 0, };

  if (!lookup_upload (self, id, terminal_id, &upload))
    {
      respond_not_found (msg);
      return;
    }

  /* A finished upload's bytes are a blob that submissions may already reference: they stay. */
  if (!upload.complete)
    {
      g_autofree char *path = upload_path (self, id);

      g_unlink (path);
    }
  if (!delete_upload_row (self, id))
    {
      respond_internal (msg, N_("cannot delete the upload"), EIO);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

void
jj_county_tus_handle (JjCountyTus       *self,
                      SoupServerMessage *msg,
                      const char        *path,
                      const char        *terminal_id,
                      const char        *prefix)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *resumable;
  const char *id;

  g_return_if_fail (self != NULL);
  g_return_if_fail (path != NULL && prefix != NULL && terminal_id != NULL);

  if (strcmp (method, SOUP_METHOD_OPTIONS) == 0)
    {
      handle_options (self, msg);
      return;
    }

  soup_message_headers_replace (headers, "Tus-Resumable", TUS_VERSION);
  resumable = request_header (msg, "Tus-Resumable");
  if (g_strcmp0 (resumable, TUS_VERSION) != 0)
    {
      soup_message_headers_replace (headers, "Tus-Version", TUS_VERSION);
      respond_problem (msg, SOUP_STATUS_PRECONDITION_FAILED, "tus-version-unsupported",
                       _("Unsupported tus version"),
                       _("Every request must carry Tus-Resumable: %s."), TUS_VERSION);
      return;
    }

  if (!g_str_has_prefix (path, prefix))
    {
      respond_not_found (msg);
      return;
    }
  for (id = path + strlen (prefix); *id == '/'; id++)
    ;

  if (*id == '\0' && strcmp (method, SOUP_METHOD_POST) == 0)
    handle_create (self, msg, terminal_id);
  else if (*id == '\0')
    {
      soup_message_headers_replace (headers, "Allow", "OPTIONS, POST");
      respond_problem (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed",
                       _("The method is not allowed here"), "%s",
                       _("Create uploads here with POST."));
    }
  else if (!is_upload_id (id))
    respond_not_found (msg);
  else if (strcmp (method, SOUP_METHOD_HEAD) == 0)
    handle_head (self, msg, id, terminal_id);
  else if (strcmp (method, METHOD_PATCH) == 0)
    handle_patch (self, msg, id, terminal_id);
  else if (strcmp (method, SOUP_METHOD_DELETE) == 0)
    handle_delete (self, msg, id, terminal_id);
  else
    {
      soup_message_headers_replace (headers, "Allow", "OPTIONS, HEAD, PATCH, DELETE");
      respond_problem (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed",
                       _("The method is not allowed here"), "%s",
                       _("An upload answers HEAD, PATCH and DELETE."));
    }
}
