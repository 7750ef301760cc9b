/* test-attachments.c — scans stored by content: copying, refusing, deduplicating, verifying
 *
 * Every test works on a real database and real files in a fresh temporary folder. The scans are
 * real (tiny) JPEG, PNG and PDF files.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "jj-test-util.h"

#include "jj-attachments.h"
#include "jj-store-private.h"

/* A 1×1 grey baseline JPEG. */
static const guint8 jpeg_data[] = {
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
  0x00, 0x01, 0x00, 0x00, 0xff, 0xdb, 0x00, 0x43, 0x00, 0x03, 0x02, 0x02, 0x03, 0x02, 0x02, 0x03,
  0x03, 0x03, 0x03, 0x04, 0x03, 0x03, 0x04, 0x05, 0x08, 0x05, 0x05, 0x04, 0x04, 0x05, 0x0a, 0x07,
  0x07, 0x06, 0x08, 0x0c, 0x0a, 0x0c, 0x0c, 0x0b, 0x0a, 0x0b, 0x0b, 0x0d, 0x0e, 0x12, 0x10, 0x0d,
  0x0e, 0x11, 0x0e, 0x0b, 0x0b, 0x10, 0x16, 0x10, 0x11, 0x13, 0x14, 0x15, 0x15, 0x15, 0x0c, 0x0f,
  0x17, 0x18, 0x16, 0x14, 0x18, 0x12, 0x14, 0x15, 0x14, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x01,
  0x00, 0x01, 0x01, 0x01, 0x11, 0x00, 0xff, 0xc4, 0x00, 0x14, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xff, 0xc4, 0x00, 0x14,
  0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x27, 0xff, 0xd9,
};

/* A 1×1 white greyscale PNG. */
static const guint8 png_data[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x37, 0x6e, 0xf9,
  0x24, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0x68, 0x00, 0x00, 0x00,
  0x82, 0x00, 0x81, 0xdd, 0x43, 0x6a, 0xf4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
  0x42, 0x60, 0x82,
};

/* One empty A4 page. */
static const char pdf_data[] =
  "%PDF-1.4\n"
  "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
  "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
  "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n"
  "xref\n0 4\n"
  "0000000000 65535 f \n"
  "0000000009 00000 n \n"
  "0000000058 00000 n \n"
  "0000000115 00000 n \n"
  "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n";

typedef struct
{
  char    *tmp_dir;
  char    *data_dir;         /* the store's folder */
  char    *attachments_dir;  /* data_dir/attachments */
  char    *sources_dir;      /* where the "scanner" writes, outside the data folder */
  JjStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->tmp_dir = jj_test_make_tmp_dir ("jiujin-test-attachments-XXXXXX");
  fixture->data_dir = g_build_filename (fixture->tmp_dir, "data", NULL);
  fixture->attachments_dir = g_build_filename (fixture->data_dir, "attachments", NULL);
  fixture->sources_dir = g_build_filename (fixture->tmp_dir, "scans", NULL);
  g_assert_no_errno (g_mkdir (fixture->sources_dir, 0700));

  fixture->store = jj_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->store);
  g_assert_true (jj_test_remove_tree (fixture->tmp_dir));
  g_free (fixture->tmp_dir);
  g_free (fixture->data_dir);
  g_free (fixture->attachments_dir);
  g_free (fixture->sources_dir);
}

/* Writes @data as the file @name of the sources folder. Caller frees the path. */
static char *
write_source (Fixture    *fixture,
              const char *name,
              const void *data,
              gsize       length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->sources_dir, name, NULL);

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return path;
}

/* A file of @size bytes that starts like a JPEG; sparse, so it costs no disk. */
static char *
write_sparse_jpeg (Fixture    *fixture,
                   const char *name,
                   goffset     size)
{
  char *path = g_build_filename (fixture->sources_dir, name, NULL);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, jpeg_data, sizeof jpeg_data), ==, sizeof jpeg_data);
  g_assert_no_errno (ftruncate (fd, size));
  g_assert_no_errno (close (fd));
  return path;
}

/* Regular files (anything but folders) below @path; 0 when @path does not exist. */
static guint
count_files (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint count = 0;

  if (dir == NULL)
    return 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        count += count_files (child);
      else
        count++;
    }
  g_dir_close (dir);
  return count;
}

static gint64
query_int (JjStore    *store,
           const char *sql,
           const char *text)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (jj_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gint64
count_rows (Fixture *fixture)
{
  return query_int (fixture->store, "SELECT count(*) FROM attachments", NULL);
}

static void
assert_nothing_stored (Fixture *fixture)
{
  g_assert_cmpuint (count_files (fixture->attachments_dir), ==, 0);
  g_assert_cmpint (count_rows (fixture), ==, 0);
}

static void
assert_mode (const char *path,
             mode_t      expected)
{
  GStatBuf st;

  g_assert_no_errno (g_stat (path, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, expected);
}

/* Adds @path and asserts the stored copy is exactly @data, named by its SHA-256, private, and
 * recorded. Returns what add returned. */
static JjAttachmentInfo *
add_and_check (Fixture    *fixture,
               const char *path,
               const void *data,
               gsize       length,
               const char *mime_type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjAttachmentInfo) info = NULL;
  g_autoptr(JjAttachmentInfo) found = NULL;
  g_autofree char *expected_sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
  g_autofree char *expected_path = NULL;
  g_autofree char *stored_path = NULL;
  g_autofree char *stored_dir = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GBytes) original = g_bytes_new (data, length);
  char prefix[3] = { 0 };

  info = jj_attachments_add_file (fixture->store, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_cmpstr (info->sha256, ==, expected_sha256);
  g_assert_cmpstr (info->mime_type, ==, mime_type);
  g_assert_cmpuint (info->size, ==, length);

  memcpy (prefix, expected_sha256, 2);
  expected_path = g_build_filename (fixture->attachments_dir, prefix, expected_sha256, NULL);
  stored_path = jj_attachments_dup_path (fixture->store, info->sha256);
  g_assert_cmpstr (stored_path, ==, expected_path);

  stored = jj_test_read_file (stored_path);
  g_assert_true (g_bytes_equal (stored, original));
  assert_mode (stored_path, 0600);
  stored_dir = g_path_get_dirname (stored_path);
  assert_mode (stored_dir, 0700);
  assert_mode (fixture->attachments_dir, 0700);

  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count(*) FROM attachments WHERE sha256 = ?1", info->sha256),
                   ==, 1);
  found = jj_attachments_lookup (fixture->store, info->sha256, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->sha256, ==, info->sha256);
  g_assert_cmpstr (found->mime_type, ==, mime_type);
  g_assert_cmpuint (found->size, ==, length);

  g_assert_true (jj_attachments_verify (fixture->store, info->sha256, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&info);
}

/* Flips one bit of the stored file in place (same inode, same mode). */
static void
damage_stored_file (const char *path)
{
  int fd = g_open (path, O_RDWR, 0);
  guint8 byte;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pread (fd, &byte, 1, 0), ==, 1);
  byte ^= 0x01;
  g_assert_cmpint (pwrite (fd, &byte, 1, 0), ==, 1);
  g_assert_no_errno (close (fd));
}

static void
test_add_jpeg_png_pdf_stored_by_sha256 (Fixture       *fixture,
                                        gconstpointer  user_data)
{
  const struct
  {
    const char *name;
    const void *data;
    gsize       length;
    const char *mime_type;
  } scans[] = {
    { "户口本.jpg", jpeg_data, sizeof jpeg_data, "image/jpeg" },
    { "id-card.png", png_data, sizeof png_data, "image/png" },
    { "证明.pdf", pdf_data, sizeof pdf_data - 1, "application/pdf" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (scans); i++)
    {
      g_autofree char *path = write_source (fixture, scans[i].name, scans[i].data,
                                            scans[i].length);
      g_autoptr(JjAttachmentInfo) info = add_and_check (fixture, path, scans[i].data,
                                                        scans[i].length, scans[i].mime_type);
      g_autoptr(GBytes) source_after = jj_test_read_file (path);

      /* The clerk's file is only read. */
      g_assert_cmpuint (g_bytes_get_size (source_after), ==, scans[i].length);
    }

  g_assert_cmpuint (count_files (fixture->attachments_dir), ==, 3);
  g_assert_cmpint (count_rows (fixture), ==, 3);
}

static void
test_add_same_scan_stored_once (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autofree char *other_dir = g_build_filename (fixture->sources_dir, "usb", NULL);
  g_autofree char *first_path = write_source (fixture, "scan.png", png_data, sizeof png_data);
  g_autofree char *second_path = g_build_filename (other_dir, "copy of scan.png", NULL);
  g_autoptr(JjAttachmentInfo) first = NULL;
  g_autoptr(JjAttachmentInfo) second = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_no_errno (g_mkdir (other_dir, 0700));
  g_file_set_contents (second_path, (const char *) png_data, sizeof png_data, &error);
  g_assert_no_error (error);

  first = add_and_check (fixture, first_path, png_data, sizeof png_data, "image/png");
  second = add_and_check (fixture, second_path, png_data, sizeof png_data, "image/png");

  g_assert_cmpstr (first->sha256, ==, second->sha256);
  g_assert_cmpuint (count_files (fixture->attachments_dir), ==, 1);
  g_assert_cmpint (count_rows (fixture), ==, 1);
}

static void
test_add_damaged_copy_replaced (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autofree char *path = write_source (fixture, "scan.jpg", jpeg_data, sizeof jpeg_data);
  g_autoptr(JjAttachmentInfo) first = add_and_check (fixture, path, jpeg_data, sizeof jpeg_data,
                                                     "image/jpeg");
  g_autofree char *stored_path = jj_attachments_dup_path (fixture->store, first->sha256);
  g_autoptr(JjAttachmentInfo) again = NULL;

  damage_stored_file (stored_path);
  g_assert_false (jj_attachments_verify (fixture->store, first->sha256, NULL));

  /* Attaching the same scan again repairs the copy instead of trusting the name. */
  again = add_and_check (fixture, path, jpeg_data, sizeof jpeg_data, "image/jpeg");
  g_assert_cmpstr (again->sha256, ==, first->sha256);
  g_assert_cmpuint (count_files (fixture->attachments_dir), ==, 1);
  g_assert_cmpint (count_rows (fixture), ==, 1);
}

static void
test_add_largest_size_accepted (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autofree char *path = write_sparse_jpeg (fixture, "scan.jpg", JJ_ATTACHMENT_MAX_SIZE);
  g_autoptr(GBytes) contents = jj_test_read_file (path);
  g_autoptr(JjAttachmentInfo) info = NULL;

  info = add_and_check (fixture, path, g_bytes_get_data (contents, NULL),
                        g_bytes_get_size (contents), "image/jpeg");
  g_assert_cmpuint (info->size, ==, JJ_ATTACHMENT_MAX_SIZE);
}

static void
test_add_too_large_refused (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autofree char *path = write_sparse_jpeg (fixture, "scan.jpg", JJ_ATTACHMENT_MAX_SIZE + 1);
  g_autoptr(JjAttachmentInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = jj_attachments_add_file (fixture->store, path, NULL, &error);
  g_assert_error (error, JJ_ATTACHMENT_ERROR, JJ_ATTACHMENT_ERROR_TOO_LARGE);
  g_assert_null (info);
  g_assert_nonnull (strstr (error->message, "“scan.jpg”"));
  /* One byte over still reads as over the limit, and the limit is named. */
  g_assert_nonnull (strstr (error->message, "20.1 MB"));
  g_assert_nonnull (strstr (error->message, "20 MB"));
  assert_nothing_stored (fixture);
}

static void
test_add_unsupported_type_refused (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  static const char text[] = "户籍证明：张三，住址……\n";
  static const guint8 executable[] = { 'M', 'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00,
                                       0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00 };
  const struct
  {
    const char *name;
    const void *data;
    gsize       length;
  } files[] = {
    { "notes.txt", text, sizeof text - 1 },
    { "setup.exe", executable, sizeof executable },
    { "photo.jpg", text, sizeof text - 1 },       /* named like a scan, but text */
    { "empty.pdf", "", 0 },
    { "short.png", png_data, 4 },                 /* too short to be a PNG */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = write_source (fixture, files[i].name, files[i].data,
                                            files[i].length);
      g_autoptr(JjAttachmentInfo) info = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *quoted = g_strdup_printf ("“%s”", files[i].name);

      info = jj_attachments_add_file (fixture->store, path, NULL, &error);
      g_assert_error (error, JJ_ATTACHMENT_ERROR, JJ_ATTACHMENT_ERROR_UNSUPPORTED);
      g_assert_null (info);
      g_assert_nonnull (strstr (error->message, quoted));
      g_assert_nonnull (strstr (error->message, "JPEG"));
      g_assert_nonnull (strstr (error->message, "PNG"));
      g_assert_nonnull (strstr (error->message, "PDF"));
    }

  assert_nothing_stored (fixture);
}

static void
test_add_missing_file (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->sources_dir, "gone.jpg", NULL);
  g_autoptr(JjAttachmentInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = jj_attachments_add_file (fixture->store, path, NULL, &error);
  g_assert_error (error, JJ_ATTACHMENT_ERROR, JJ_ATTACHMENT_ERROR_IO);
  g_assert_null (info);
  g_assert_nonnull (strstr (error->message, path));
  assert_nothing_stored (fixture);
}

static void
test_add_folder_refused (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(JjAttachmentInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = jj_attachments_add_file (fixture->store, fixture->sources_dir, NULL, &error);
  g_assert_error (error, JJ_ATTACHMENT_ERROR, JJ_ATTACHMENT_ERROR_IO);
  g_assert_null (info);
  g_assert_nonnull (strstr (error->message, "“scans”"));
  assert_nothing_stored (fixture);
}

static void
test_add_cancelled (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *path = write_source (fixture, "scan.jpg", jpeg_data, sizeof jpeg_data);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JjAttachmentInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  info = jj_attachments_add_file (fixture->store, path, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (info);
  assert_nothing_stored (fixture);
}

static void
test_verify_detects_damage (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autofree char *path = write_source (fixture, "scan.pdf", pdf_data, sizeof pdf_data - 1);
  g_autoptr(JjAttachmentInfo) info = add_and_check (fixture, path, pdf_data, sizeof pdf_data - 1,
                                                    "application/pdf");
  g_autofree char *stored_path = jj_attachments_dup_path (fixture->store, info->sha256);
  g_autoptr(GError) error = NULL;

  damage_stored_file (stored_path);
  g_assert_false (jj_attachments_verify (fixture->store, info->sha256, &error));
  g_assert_error (error, JJ_ATTACHMENT_ERROR, JJ_ATTACHMENT_ERROR_DAMAGED);
}

static void
test_verify_missing_file_not_found (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  g_autofree char *path = write_source (fixture, "scan.png", png_data, sizeof png_data);
  g_autoptr(JjAttachmentInfo) info = add_and_check (fixture, path, png_data, sizeof png_data,
                                                    "image/png");
  g_autofree char *stored_path = jj_attachments_dup_path (fixture->store, info->sha256);
  g_autoptr(GError) error = NULL;

  g_assert_no_errno (g_unlink (stored_path));
  g_assert_false (jj_attachments_verify (fixture->store, info->sha256, &error));
  g_assert_error (error, JJ_ATTACHMENT_ERROR, JJ_ATTACHMENT_ERROR_NOT_FOUND);
}

static void
test_lookup_unknown_not_found (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autofree char *unknown = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "never stored", -1);
  g_autofree char *upper = g_ascii_strup (unknown, -1);
  const char *not_hashes[] = { "", "../../jiujin.db", upper };

  {
    g_autoptr(GError) error = NULL;

    g_assert_null (jj_attachments_lookup (fixture->store, unknown, &error));
    g_assert_error (error, JJ_ATTACHMENT_ERROR, JJ_ATTACHMENT_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_false (jj_attachments_verify (fixture->store, unknown, &error));
    g_assert_error (error, JJ_ATTACHMENT_ERROR, JJ_ATTACHMENT_ERROR_NOT_FOUND);
  }

  /* Anything that is not a lower-case SHA-256 names no stored scan, and no file outside. */
  for (gsize i = 0; i < G_N_ELEMENTS (not_hashes); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (jj_attachments_lookup (fixture->store, not_hashes[i], &error));
      g_assert_error (error, JJ_ATTACHMENT_ERROR, JJ_ATTACHMENT_ERROR_NOT_FOUND);
      g_clear_error (&error);
      g_assert_false (jj_attachments_verify (fixture->store, not_hashes[i], &error));
      g_assert_error (error, JJ_ATTACHMENT_ERROR, JJ_ATTACHMENT_ERROR_NOT_FOUND);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/attachments/add/jpeg-png-pdf-stored-by-sha256", test_add_jpeg_png_pdf_stored_by_sha256);
  ADD ("/attachments/add/same-scan-stored-once", test_add_same_scan_stored_once);
  ADD ("/attachments/add/damaged-copy-replaced", test_add_damaged_copy_replaced);
  ADD ("/attachments/add/largest-size-accepted", test_add_largest_size_accepted);
  ADD ("/attachments/add/too-large-refused", test_add_too_large_refused);
  ADD ("/attachments/add/unsupported-type-refused", test_add_unsupported_type_refused);
  ADD ("/attachments/add/missing-file", test_add_missing_file);
  ADD ("/attachments/add/folder-refused", test_add_folder_refused);
  ADD ("/attachments/add/cancelled", test_add_cancelled);
  ADD ("/attachments/verify/detects-damage", test_verify_detects_damage);
  ADD ("/attachments/verify/missing-file-not-found", test_verify_missing_file_not_found);
  ADD ("/attachments/lookup/unknown-not-found", test_lookup_unknown_not_found);
#undef ADD

  return g_test_run ();
}
