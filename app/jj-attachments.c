/* jj-attachments.c — scans of materials (材料扫描件), stored by content
 *
 * A scan is read once: the same pass checks the size limit, feeds the SHA-256 and writes a
 * private temporary file in attachments/. Only when the whole file is synced is it renamed to
 * its final name in attachments/<first two hex digits>/, so a crash or a full disk leaves at
 * most a temporary file, never a half-written scan under a name that claims a hash.
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
#include <sys/stat.h>
#include <unistd.h>

#include "jj-attachments.h"
#include "jj-store-private.h"

#define CHUNK_SIZE      (64 * 1024)
#define BYTES_PER_MIB   (1024 * 1024)
#define SHA256_LENGTH   64
#define TEMP_TEMPLATE   ".incoming-XXXXXX"

G_DEFINE_QUARK (jj-attachment-error-quark, jj_attachment_error)

/* Judged by the first bytes only: the terminal stores scans, it does not render them, and the
 * county validates the documents it receives. */
static const struct
{
  const char *mime_type;
  const char *magic;
  gsize       length;
} signatures[] = {
  { "image/jpeg", "\xff\xd8\xff", 3 },
  { "image/png", "\x89PNG\r\n\x1a\n", 8 },
  { "application/pdf", "%PDF-", 5 },
};

void
jj_attachment_info_free (JjAttachmentInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->sha256);
  g_free (info->mime_type);
  g_free (info);
}

static JjAttachmentInfo *
attachment_info_new (const char *sha256,
                     const char *mime_type,
                     guint64     size)
{
  JjAttachmentInfo *info = g_new0 (JjAttachmentInfo, 1);

  info->sha256 = g_strdup (sha256);
  info->mime_type = g_strdup (mime_type);
  info->size = size;
  return info;
}

/* Only what GChecksum writes is a name: anything else could reach outside attachments/. */
static gboolean
is_sha256 (const char *sha256)
{
  if (sha256 == NULL)
    return FALSE;

  for (int i = 0; i < SHA256_LENGTH; i++)
    {
      if (!g_ascii_isxdigit (sha256[i]) || g_ascii_isupper (sha256[i]))
        return FALSE;
    }
  return sha256[SHA256_LENGTH] == '\0';
}

static const char *
detect_mime_type (const guint8 *data,
                  gsize         length)
{
  for (gsize i = 0; i < G_N_ELEMENTS (signatures); i++)
    {
      if (length >= signatures[i].length &&
          memcmp (data, signatures[i].magic, signatures[i].length) == 0)
        return signatures[i].mime_type;
    }
  return NULL;
}

static char *
dup_attachments_dir (JjStore *store)
{
  g_autofree char *data_dir = g_path_get_dirname (jj_store_get_path (store));

  return g_build_filename (data_dir, "attachments", NULL);
}

char *
jj_attachments_dup_path (JjStore    *store,
                         const char *sha256)
{
  g_autofree char *dir = NULL;
  char prefix[3];

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);
  g_return_val_if_fail (is_sha256 (sha256), NULL);

  dir = dup_attachments_dir (store);
  prefix[0] = sha256[0];
  prefix[1] = sha256[1];
  prefix[2] = '\0';
  return g_build_filename (dir, prefix, sha256, NULL);
}

/* Reads up to @length bytes, fewer only at the end of the file. -1 with errno on failure. */
static gssize
read_full (int     fd,
           guint8 *buffer,
           gsize   length)
{
  gsize done = 0;

  while (done < length)
    {
      gssize n = read (fd, buffer + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      if (n == 0)
        break;
      done += n;
    }
  return done;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      data += n;
      length -= n;
    }
  return TRUE;
}

/* Makes a rename or a new entry in @path durable. FALSE with errno on failure. */
static gboolean
sync_dir (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  int saved;

  if (fd < 0)
    return FALSE;
  if (fsync (fd) == 0)
    return close (fd) == 0 || errno == EINTR;

  saved = errno;
  close (fd);
  errno = saved;
  return FALSE;
}

static gboolean
set_write_error (GError     **error,
                 const char  *name,
                 const char  *where,
                 int          saved_errno)
{
  g_autofree char *display_where = g_filename_display_name (where);

  g_set_error (error, JJ_ATTACHMENT_ERROR, JJ_ATTACHMENT_ERROR_IO,
               _("Could not store a copy of “%s” in “%s”: %s. Check that the disk is not full "
                 "and that the data folder is writable."),
               name, display_where, g_strerror (saved_errno));
  return FALSE;
}

/* Creates @path with mode 0700 unless it is a folder already; a new folder is made durable in
 * its parent so that the scan renamed into it later cannot vanish with it. */
static gboolean
ensure_private_dir (const char  *path,
                    const char  *name,
                    GError     **error)
{
  g_autofree char *parent = NULL;

  if (g_mkdir (path, 0700) != 0)
    {
      int saved = errno;

      if (saved == EEXIST && g_file_test (path, G_FILE_TEST_IS_DIR))
        return TRUE;
      return set_write_error (error, name, path, saved);
    }

  parent = g_path_get_dirname (path);
  if (!sync_dir (parent))
    return set_write_error (error, name, parent, errno);
  return TRUE;
}

static gboolean
set_read_error (GError     **error,
                const char  *path,
                int          saved_errno)
{
  g_autofree char *display_path = g_filename_display_name (path);

  g_set_error (error, JJ_ATTACHMENT_ERROR, JJ_ATTACHMENT_ERROR_IO,
               _("Could not read “%s”: %s. Check that the file is still there and that Jiujin "
                 "may read it."),
               display_path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
set_too_large_error (GError     **error,
                     const char  *name,
                     guint64      size)
{
  /* Rounded up, so that a file just over the limit never reads as the limit itself. */
  guint64 tenths = (size * 10 + BYTES_PER_MIB - 1) / BYTES_PER_MIB;

  g_set_error (error, JJ_ATTACHMENT_ERROR, JJ_ATTACHMENT_ERROR_TOO_LARGE,
               _("“%s” is %.1f MB; the largest scan accepted is %d MB. Scan it again at a lower "
                 "resolution or split it."),
               name, tenths / 10.0, JJ_ATTACHMENT_MAX_SIZE / BYTES_PER_MIB);
  return FALSE;
}

/* Copies the rest of @src, after the @length bytes already in @buffer, into a new temporary
 * file in @dir, feeding @checksum and stopping as soon as the limit is passed. Returns the
 * synced, closed temporary file, or NULL with nothing left behind. */
static char *
copy_to_temporary (int            src,
                   const char    *path,
                   const char    *name,
                   const char    *dir,
                   guint8        *buffer,
                   gsize          length,
                   GChecksum     *checksum,
                   guint64       *size,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree char *tmp_path = g_build_filename (dir, TEMP_TEMPLATE, NULL);
  guint64 total = 0;
  int fd;

  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_write_error (error, name, dir, errno);
      return NULL;
    }

  while (length > 0)
    {
      gssize n;

      total += length;
      if (total > JJ_ATTACHMENT_MAX_SIZE)
        {
          struct stat st;

          /* The file grew after it was measured: name its size now, as the clerk would see it. */
          if (fstat (src, &st) == 0 && (guint64) st.st_size > total)
            total = st.st_size;
          set_too_large_error (error, name, total);
          goto fail;
        }

      g_checksum_update (checksum, buffer, length);
      if (!write_all (fd, buffer, length))
        {
          set_write_error (error, name, dir, errno);
          goto fail;
        }

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;

      n = read_full (src, buffer, CHUNK_SIZE);
      if (n < 0)
        {
          set_read_error (error, path, errno);
          goto fail;
        }
      length = n;
    }

  if (fsync (fd) != 0)
    {
      set_write_error (error, name, dir, errno);
      goto fail;
    }
  if (close (fd) != 0 && errno != EINTR)
    {
      fd = -1;
      set_write_error (error, name, dir, errno);
      goto fail;
    }

  *size = total;
  return g_steal_pointer (&tmp_path);

fail:
  if (fd >= 0)
    close (fd);
  g_unlink (tmp_path);
  return NULL;
}

/* The SHA-256 of the whole file @fd, or NULL with errno set when reading fails. */
static char *
checksum_fd (int fd)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (CHUNK_SIZE);
  gssize n;

  while ((n = read_full (fd, buffer, CHUNK_SIZE)) > 0)
    g_checksum_update (checksum, buffer, n);
  if (n < 0)
    return NULL;

  return g_strdup (g_checksum_get_string (checksum));
}

/* Whether @path holds @size bytes whose SHA-256 is @sha256. */
static gboolean
stored_copy_verifies (const char *path,
                      const char *sha256,
                      guint64     size)
{
  g_autofree char *actual = NULL;
  struct stat st;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0)
    return FALSE;
  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && (guint64) st.st_size == size)
    actual = checksum_fd (fd);
  close (fd);

  return g_strcmp0 (actual, sha256) == 0;
}

static gboolean
record_attachment (JjStore                 *store,
                   const JjAttachmentInfo  *info,
                   const char              *name,
                   GError                 **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  jj_store_lock (store);
  stmt = jj_store_prepare (store,
                           "INSERT OR IGNORE INTO attachments (sha256, size, mime_type, created_at)"
                           " VALUES (?1, ?2, ?3, ?4)",
                           &local_error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, info->sha256, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, info->size);
      sqlite3_bind_text (stmt, 3, info->mime_type, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
      ok = sqlite3_step (stmt) == SQLITE_DONE ||
           jj_store_set_error (store, &local_error, "INSERT INTO attachments");
      sqlite3_reset (stmt);
    }
  jj_store_unlock (store);

  if (!ok)
    g_set_error (error, JJ_ATTACHMENT_ERROR, JJ_ATTACHMENT_ERROR_IO,
                 _("The scan “%s” was stored but could not be recorded in the database (%s). "
                   "Attach it again."),
                 name, local_error->message);
  return ok;
}

/* Everything after opening @src: see jj_attachments_add_file(). */
static JjAttachmentInfo *
add_open_file (JjStore       *store,
               int            src,
               const char    *path,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree guint8 *buffer = g_malloc (CHUNK_SIZE);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(JjAttachmentInfo) info = NULL;
  g_autofree char *attachments_dir = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *final_dir = NULL;
  g_autofree char *final_path = NULL;
  const char *mime_type;
  guint64 size = 0;
  struct stat st;
  gssize length;

  if (fstat (src, &st) != 0)
    {
      set_read_error (error, path, errno);
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, JJ_ATTACHMENT_ERROR, JJ_ATTACHMENT_ERROR_IO,
                   _("“%s” is not a file. Choose the scan itself, not a folder or a device."),
                   name);
      return NULL;
    }
  /* Refused before a byte is read; the copy below checks again in case the file grows. */
  if (st.st_size > JJ_ATTACHMENT_MAX_SIZE)
    {
      set_too_large_error (error, name, st.st_size);
      return NULL;
    }

  length = read_full (src, buffer, CHUNK_SIZE);
  if (length < 0)
    {
      set_read_error (error, path, errno);
      return NULL;
    }

  mime_type = detect_mime_type (buffer, length);
  if (mime_type == NULL)
    {
      g_set_error (error, JJ_ATTACHMENT_ERROR, JJ_ATTACHMENT_ERROR_UNSUPPORTED,
                   _("“%s” is not a JPEG, PNG or PDF file, the only kinds of scan accepted. "
                     "Scan the material again, or save it as one of these."),
                   name);
      return NULL;
    }

  attachments_dir = dup_attachments_dir (store);
  if (!ensure_private_dir (attachments_dir, name, error))
    return NULL;

  tmp_path = copy_to_temporary (src, path, name, attachments_dir, buffer, length, checksum, &size,
                                cancellable, error);
  if (tmp_path == NULL)
    return NULL;

  info = attachment_info_new (g_checksum_get_string (checksum), mime_type, size);
  final_path = jj_attachments_dup_path (store, info->sha256);
  final_dir = g_path_get_dirname (final_path);

  /* The last moment to stop with nothing left behind: past here the scan is in place. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !ensure_private_dir (final_dir, name, error))
    {
      g_unlink (tmp_path);
      return NULL;
    }

  if (stored_copy_verifies (final_path, info->sha256, info->size))
    {
      g_unlink (tmp_path);
    }
  else
    {
      /* A missing or damaged copy is replaced by the one just written. */
      if (g_rename (tmp_path, final_path) != 0)
        {
          int saved = errno;

          g_unlink (tmp_path);
          set_write_error (error, name, final_dir, saved);
          return NULL;
        }
      if (!sync_dir (final_dir))
        {
          set_write_error (error, name, final_dir, errno);
          return NULL;
        }
    }

  if (!record_attachment (store, info, name, error))
    return NULL;

  return g_steal_pointer (&info);
}

JjAttachmentInfo *
jj_attachments_add_file (JjStore       *store,
                         const char    *path,
                         GCancellable  *cancellable,
                         GError       **error)
{
  JjAttachmentInfo *info;
  int src;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* O_NONBLOCK: a named pipe picked by mistake must not hang the open; it is refused below. */
  src = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (src < 0)
    {
      set_read_error (error, path, errno);
      return NULL;
    }

  info = add_open_file (store, src, path, cancellable, error);
  close (src);
  return info;
}

static gboolean
set_not_found_error (GError     **error,
                     const char  *sha256)
{
  g_set_error (error, JJ_ATTACHMENT_ERROR, JJ_ATTACHMENT_ERROR_NOT_FOUND,
               _("No scan with the SHA-256 %s is stored on this terminal. Attach the file again."),
               sha256);
  return FALSE;
}

JjAttachmentInfo *
jj_attachments_lookup (JjStore     *store,
                       const char  *sha256,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JjAttachmentInfo *info = NULL;
  sqlite3_stmt *stmt;
  int rc = SQLITE_ERROR;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!is_sha256 (sha256))
    {
      set_not_found_error (error, sha256);
      return NULL;
    }

  jj_store_lock (store);
  stmt = jj_store_prepare (store, "SELECT size, mime_type FROM attachments WHERE sha256 = ?1",
                           &local_error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        info = attachment_info_new (sha256, (const char *) sqlite3_column_text (stmt, 1),
                                    sqlite3_column_int64 (stmt, 0));
      else if (rc != SQLITE_DONE)
        jj_store_set_error (store, &local_error, "SELECT FROM attachments");
      sqlite3_reset (stmt);
    }
  jj_store_unlock (store);

  if (info != NULL)
    return info;

  if (rc == SQLITE_DONE)
    set_not_found_error (error, sha256);
  else
    g_set_error (error, JJ_ATTACHMENT_ERROR, JJ_ATTACHMENT_ERROR_IO,
                 _("Could not look up the scan %s in the database (%s)."),
                 sha256, local_error->message);
  return NULL;
}

gboolean
jj_attachments_verify (JjStore     *store,
                       const char  *sha256,
                       GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *display_path = NULL;
  g_autofree char *actual = NULL;
  struct stat st;
  int fd;

  g_return_val_if_fail (JJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!is_sha256 (sha256))
    return set_not_found_error (error, sha256);

  path = jj_attachments_dup_path (store, sha256);
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0)
    {
      if (errno == ENOENT)
        return set_not_found_error (error, sha256);
      return set_read_error (error, path, errno);
    }

  /* Nothing larger than the limit was ever stored: no need to read it to know it is wrong. */
  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && st.st_size <= JJ_ATTACHMENT_MAX_SIZE)
    {
      actual = checksum_fd (fd);
      if (actual == NULL)
        {
          int saved = errno;

          close (fd);
          return set_read_error (error, path, saved);
        }
    }
  close (fd);

  if (g_strcmp0 (actual, sha256) == 0)
    return TRUE;

  display_path = g_filename_display_name (path);
  g_set_error (error, JJ_ATTACHMENT_ERROR, JJ_ATTACHMENT_ERROR_DAMAGED,
               _("The stored scan “%s” is damaged: its content no longer matches its SHA-256. "
                 "Attach the original file again."),
               display_path);
  return FALSE;
}
