/* chaos-terminal.c — a terminal full of queued submissions, for the sync chaos test and benchmark
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "chaos-terminal.h"
#include "jj-attachments.h"
#include "jj-catalog.h"
#include "jj-intake.h"
#include "jj-store-private.h"
#include "jj-validate.h"

#define MATTER_CODE "XZ-0003"

/* With @options->log_uniform, an octave is picked first and a size within it: each octave
 * (1–2 KiB, 2–4 KiB, …) gets as many scans, as with photos and scans of different sizes. */
static gsize
scan_size (GRand                   *rand,
           const ChaosQueueOptions *options)
{
  gsize low = options->min_scan_bytes;
  gsize high = options->max_scan_bytes;

  if (options->log_uniform)
    {
      guint octaves = 0;

      while ((low << (octaves + 1)) <= high)
        octaves++;
      if (octaves > 0)
        {
          low <<= g_rand_int_range (rand, 0, octaves);
          high = MIN (high, low * 2);
        }
    }
  return low + (gsize) (g_rand_double (rand) * (high - low));
}

/* A PNG signature and random bytes: the store judges a scan by its first bytes only, and
 * random content cannot be compressed away by anything on the way. */
static char *
add_scan (JjStore     *store,
          const char  *tmp_dir,
          GRand       *rand,
          gsize        size,
          guint        index,
          GError     **error)
{
  static const char signature[] = "\x89PNG\r\n\x1a\n";
  g_autofree guint8 *data = g_malloc (size);
  g_autofree char *name = g_strdup_printf ("chaos-scan-%u.png", index);
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(JjAttachmentInfo) info = NULL;
  gsize i;

  for (i = 0; i + 4 <= size; i += 4)
    {
      guint32 word = g_rand_int (rand);

      memcpy (data + i, &word, 4);
    }
  for (; i < size; i++)
    data[i] = g_rand_int (rand) & 0xff;
  memcpy (data, signature, 8);

  if (!g_file_set_contents (path, (const char *) data, size, error))
    return NULL;
  info = jj_attachments_add_file (store, path, NULL, error);
  g_remove (path);
  return info != NULL ? g_strdup (info->sha256) : NULL;
}

/* A valid resident ID number, distinct for every @n: the birth date moves on a day every
 * thousand applicants and the sequence digits count within the day. */
static char *
id_number (guint n)
{
  g_autoptr(GDate) birth = g_date_new_dmy (1, G_DATE_JANUARY, 1940);
  g_autofree char *digits = NULL;

  g_date_add_days (birth, n / 1000);
  digits = g_strdup_printf ("430102%04u%02u%02u%03u", g_date_get_year (birth),
                            g_date_get_month (birth), g_date_get_day (birth), n % 1000);
  return g_strdup_printf ("%s%c", digits, jj_id_number_check_char (digits));
}

static void
fill_draft (JsonObject         *draft,
            guint               n,
            GPtrArray          *scans)
{
  JsonObject *applicant = json_object_get_object_member (draft, "applicant");
  JsonObject *values = json_object_get_object_member (draft, "values");
  JsonArray *materials = json_object_get_array_member (draft, "materials");
  JsonArray *attachments = json_object_get_array_member (draft, "attachments");
  g_autofree char *id = id_number (n);
  g_autofree char *phone = g_strdup_printf ("1390731%04u", n % 10000);
  g_autofree char *account = g_strdup_printf ("62220202%011u", n);

  json_object_set_string_member (applicant, "name", "王秀英");
  json_object_set_string_member (applicant, "id_number", id);
  json_object_set_string_member (applicant, "phone", phone);
  json_object_set_string_member (applicant, "address", "白石村三组 12 号");
  json_object_set_string_member (values, "bank_account", account);
  for (guint i = 0; i < json_array_get_length (materials); i++)
    json_object_set_string_member (json_array_get_object_element (materials, i), "status",
                                   "received");
  for (guint i = 0; i < scans->len; i++)
    {
      JsonObject *scan = json_object_new ();
      g_autofree char *filename = g_strdup_printf ("户口簿-%u.png", i + 1);

      json_object_set_string_member (scan, "sha256", g_ptr_array_index (scans, i));
      json_object_set_string_member (scan, "filename", filename);
      json_object_set_int_member (scan, "material", 0);
      json_array_add_object_element (attachments, scan);
    }
}

/* The scans of submission @n: the @n-th of the pool first, so that every scan is sent, then
 * others picked at random, so that most scans are shared by several submissions. */
static GPtrArray *
pick_scans (GRand                   *rand,
            GPtrArray               *pool,
            guint                    n,
            const ChaosQueueOptions *options)
{
  GPtrArray *picked = g_ptr_array_new ();
  guint count = g_rand_int_range (rand, 1, options->max_per_submission + 1);

  g_ptr_array_add (picked, g_ptr_array_index (pool, n % pool->len));
  while (picked->len < MIN (count, pool->len))
    {
      char *sha256 = g_ptr_array_index (pool, g_rand_int_range (rand, 0, pool->len));

      if (!g_ptr_array_find_with_equal_func (picked, sha256, g_str_equal, NULL))
        g_ptr_array_add (picked, sha256);
    }
  return picked;
}

gboolean
chaos_queue_build (const char              *data_dir,
                   const char              *tmp_dir,
                   const ChaosQueueOptions *options,
                   ChaosQueueStats         *stats,
                   GError                 **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (options->seed);
  g_autoptr(JjStore) store = NULL;
  g_autoptr(JjCatalog) catalog = NULL;
  g_autoptr(JjIntake) intake = NULL;
  g_autoptr(GPtrArray) pool = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (options->scans > 0 && options->max_per_submission > 0, FALSE);
  memset (stats, 0, sizeof *stats);

  if ((store = jj_store_open (data_dir, error)) == NULL)
    return FALSE;
  /* Queueing is the setup, not what is measured or tested: no fsync for each of thousands of
   * submits. The processes under test open the file again with synchronous=FULL. */
  jj_store_lock (store);
  sqlite3_exec (jj_store_get_db (store), "PRAGMA synchronous = OFF", NULL, NULL, NULL);
  jj_store_unlock (store);

  catalog = jj_catalog_new (store);
  if (!jj_catalog_import_file (catalog, options->catalog_path, FALSE, NULL, error))
    return FALSE;
  if ((intake = jj_intake_new (catalog, options->calendar_path, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < options->scans; i++)
    {
      gsize size = scan_size (rand, options);
      char *sha256 = add_scan (store, tmp_dir, rand, size, i, error);

      if (sha256 == NULL)
        return FALSE;
      g_ptr_array_add (pool, sha256);
      stats->scan_bytes += size;
    }

  for (guint n = 0; n < options->submissions; n++)
    {
      g_autoptr(GPtrArray) scans = pick_scans (rand, pool, n, options);
      g_autoptr(JsonObject) draft = NULL;
      g_autoptr(JjSubmission) submission = NULL;
      gint64 id;

      if ((id = jj_intake_create_draft (intake, MATTER_CODE, NULL, error)) == 0 ||
          (draft = jj_intake_load_draft (intake, id, error)) == NULL)
        return FALSE;
      fill_draft (draft, n, scans);
      if ((submission = jj_intake_submit (intake, id, draft, NULL, error)) == NULL)
        return FALSE;
      stats->references += scans->len;
    }
  return TRUE;
}

sqlite3 *
chaos_outbox_open (const char  *data_dir,
                   GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, "jiujin.db", NULL);
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path, sqlite3_errmsg (db));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static gboolean
query (sqlite3     *db,
       const char  *sql,
       gint64      *values,
       guint        n_values,
       GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sql, sqlite3_errmsg (db));
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    for (guint i = 0; i < n_values; i++)
      values[i] = sqlite3_column_int64 (stmt, i);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sql, sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

gboolean
chaos_outbox_read (sqlite3      *db,
                   ChaosOutbox  *outbox,
                   GError      **error)
{
  gint64 states[5] = { 0, };
  gint64 uploads[3] = { 0, };
  gint64 events = 0;

  /* One read transaction, so the three figures belong to the same moment. */
  if (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "BEGIN: %s", sqlite3_errmsg (db));
      return FALSE;
    }
  if (!query (db,
              "SELECT total (state = 'pending'), total (state = 'sending'),"
              "  total (state = 'delivered'), total (state = 'parked'), total (state = 'held')"
              " FROM outbox",
              states, 5, error) ||
      !query (db,
              "SELECT total (completed_at IS NOT NULL),"
              "  total (completed_at IS NULL AND upload_url IS NOT NULL),"
              "  total (CASE WHEN completed_at IS NULL THEN offset END)"
              " FROM attachment_uploads",
              uploads, 3, error) ||
      !query (db, "SELECT count(*) FROM status_events", &events, 1, error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);

  outbox->pending = states[0];
  outbox->sending = states[1];
  outbox->delivered = states[2];
  outbox->parked = states[3];
  outbox->held = states[4];
  outbox->uploads_done = uploads[0];
  outbox->uploads_open = uploads[1];
  outbox->upload_offsets = uploads[2];
  outbox->status_events = events;
  return TRUE;
}

gboolean
chaos_outbox_is_drained (const ChaosOutbox *outbox)
{
  return outbox->pending == 0 && outbox->sending == 0 && outbox->parked == 0 &&
         outbox->held == 0;
}

GSubprocessLauncher *
chaos_launcher_new (const char  *log_path,
                    GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  int fd = g_open (log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", log_path,
                   g_strerror (saved));
      return NULL;
    }
  g_subprocess_launcher_take_stdout_fd (launcher, dup (fd));
  g_subprocess_launcher_take_stderr_fd (launcher, fd);
  return g_steal_pointer (&launcher);
}

gboolean
chaos_terminal_enroll (const char  *jiujinctl,
                       const char  *data_dir,
                       const char  *url,
                       const char  *code,
                       const char  *ca_file,
                       const char  *log_path,
                       GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = chaos_launcher_new (log_path, error);
  g_autoptr(GSubprocess) process = NULL;

  if (launcher == NULL)
    return FALSE;
  process = g_subprocess_launcher_spawn (launcher, error, jiujinctl, "--data-dir", data_dir,
                                         "enroll", url, code, "--ca-file", ca_file, NULL);
  if (process == NULL || !g_subprocess_wait_check (process, NULL, error))
    {
      g_prefix_error (error, "jiujinctl enroll (see %s): ", log_path);
      return FALSE;
    }
  return TRUE;
}
