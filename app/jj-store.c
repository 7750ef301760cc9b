/* jj-store.c — the terminal's SQLite database
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "jj-store-private.h"
#include "jj-store-migrations-private.h"

#define BUSY_TIMEOUT_MS 10000

struct _JjStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  GHashTable *statements;   /* SQL text → sqlite3_stmt */
  GRecMutex   mutex;
};

G_DEFINE_TYPE (JjStore, jj_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (jj-store-error-quark, jj_store_error)

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
jj_store_finalize (GObject *object)
{
  JjStore *self = JJ_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  g_rec_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (jj_store_parent_class)->finalize (object);
}

static void
jj_store_class_init (JjStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jj_store_finalize;
}

static void
jj_store_init (JjStore *self)
{
  g_rec_mutex_init (&self->mutex);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);
}

gboolean
jj_store_set_error (JjStore     *self,
                    GError     **error,
                    const char  *what)
{
  int rc = sqlite3_extended_errcode (self->db);
  int code = JJ_STORE_ERROR_SQL;

  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    code = JJ_STORE_ERROR_BUSY;
  else if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
    code = JJ_STORE_ERROR_CORRUPT;

  g_set_error (error, JJ_STORE_ERROR, code, "%s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec (JjStore     *self,
      const char  *sql,
      GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return jj_store_set_error (self, error, sql);
  return TRUE;
}

static int
query_int (JjStore    *self,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

sqlite3 *
jj_store_get_db (JjStore *self)
{
  g_return_val_if_fail (JJ_IS_STORE (self), NULL);
  return self->db;
}

const char *
jj_store_get_path (JjStore *self)
{
  g_return_val_if_fail (JJ_IS_STORE (self), NULL);
  return self->path;
}

int
jj_store_get_schema_version (JjStore *self)
{
  g_return_val_if_fail (JJ_IS_STORE (self), -1);
  return query_int (self, "PRAGMA user_version");
}

void
jj_store_lock (JjStore *self)
{
  g_rec_mutex_lock (&self->mutex);
}

void
jj_store_unlock (JjStore *self)
{
  g_rec_mutex_unlock (&self->mutex);
}

sqlite3_stmt *
jj_store_prepare (JjStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (JJ_IS_STORE (self), NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        {
          jj_store_set_error (self, error, _("Could not prepare a database query"));
          return NULL;
        }
      g_hash_table_insert (self->statements, g_strdup (sql), stmt);
    }

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

gboolean
jj_store_begin (JjStore     *self,
                GError     **error)
{
  return exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
jj_store_commit (JjStore     *self,
                 GError     **error)
{
  return exec (self, "COMMIT", error);
}

void
jj_store_rollback (JjStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

char *
jj_store_dup_meta (JjStore    *self,
                   const char *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  jj_store_lock (self);
  stmt = jj_store_prepare (self, "SELECT value FROM meta WHERE key = ?1", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  jj_store_unlock (self);

  return value;
}

gboolean
jj_store_set_meta (JjStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  jj_store_lock (self);
  stmt = jj_store_prepare (self,
                           "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE || jj_store_set_error (self, error, key);
      sqlite3_reset (stmt);
    }
  jj_store_unlock (self);

  return ok;
}

gboolean
jj_store_check_integrity (JjStore  *self,
                          GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *first = NULL;
  int rc;

  g_return_val_if_fail (JJ_IS_STORE (self), FALSE);

  jj_store_lock (self);
  rc = sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    first = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  jj_store_unlock (self);

  if (g_strcmp0 (first, "ok") == 0)
    return TRUE;

  g_set_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_CORRUPT,
               _("The database “%s” is damaged (%s). Jiujin left it untouched: restore it from "
                 "a backup, or move it aside to start with an empty database."),
               self->path, first != NULL ? first : sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_OPEN,
                   _("Could not create the database “%s”: %s. Check that the folder is writable."),
                   path, g_strerror (saved));
      return FALSE;
    }
  if (fchmod (fd, 0600) != 0)
    g_warning ("Could not restrict permissions of %s: %s", path, g_strerror (errno));
  close (fd);
  return TRUE;
}

static gboolean
check_schema_known (JjStore  *self,
                    GError  **error)
{
  int current = jj_store_get_schema_version (self);

  if (current > JJ_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_TOO_NEW,
                   _("The database “%s” was written by a newer version of Jiujin (schema %d, this "
                     "version knows %d). Install the newer version; the file was left untouched."),
                   self->path, current, JJ_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (JjStore     *self,
         int          target,
         GError     **error)
{
  int current = jj_store_get_schema_version (self);

  for (int version = current + 1; version <= target; version++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version);

      if (!jj_store_begin (self, &local_error) ||
          !jj_store_migration_apply (self, version, &local_error) ||
          !exec (self, set_version, &local_error) ||
          !jj_store_commit (self, &local_error))
        {
          jj_store_rollback (self);
          g_set_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_MIGRATE,
                       _("Could not upgrade the database “%s” to schema %d: %s. The file was left "
                         "as it was."),
                       self->path, version, local_error->message);
          return FALSE;
        }
    }

  return TRUE;
}

JjStore *
jj_store_open_at_version (const char  *data_dir,
                          int          version,
                          GError     **error)
{
  g_autoptr(JjStore) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *mode = NULL;
  gboolean existed;
  int rc;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (version >= 0 && version <= JJ_STORE_SCHEMA_VERSION, NULL);

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_OPEN,
                   _("Could not create the data folder “%s”: %s."), data_dir, g_strerror (saved));
      return NULL;
    }

  self = g_object_new (JJ_TYPE_STORE, NULL);
  self->path = g_build_filename (data_dir, "jiujin.db", NULL);

  existed = g_file_test (self->path, G_FILE_TEST_EXISTS);
  if (!existed && !create_private_file (self->path, error))
    return NULL;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_EXRESCODE,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_OPEN,
                   _("Could not open the database “%s”: %s. Check that the file is readable and "
                     "writable by this user."),
                   self->path, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, TRUE);

  /* The first read of the header tells a database from anything else. */
  if (query_int (self, "PRAGMA schema_version") < 0 ||
      !exec (self, "PRAGMA foreign_keys = ON", &local_error))
    {
      g_set_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_CORRUPT,
                   _("The file “%s” is not a Jiujin database or is damaged (%s). Jiujin left it "
                     "untouched: restore it from a backup, or move it aside to start with an empty "
                     "database."),
                   self->path, sqlite3_errmsg (self->db));
      return NULL;
    }

  if (existed)
    {
      sqlite3_stmt *stmt = NULL;
      g_autofree char *verdict = NULL;

      if (sqlite3_prepare_v2 (self->db, "PRAGMA quick_check", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        verdict = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);

      if (g_strcmp0 (verdict, "ok") != 0)
        {
          g_set_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_CORRUPT,
                       _("The database “%s” is damaged (%s). Jiujin left it untouched: restore it "
                         "from a backup, or move it aside to start with an empty database."),
                       self->path, verdict != NULL ? verdict : sqlite3_errmsg (self->db));
          return NULL;
        }
    }

  /* Only a file that passed the checks above, and whose schema this version knows, is written
   * to: switching to WAL rewrites the header. */
  if (!check_schema_known (self, error) ||
      !exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, "PRAGMA synchronous = FULL", error) ||
      /* 32 MiB of page cache: a large catalogue's rows stay in memory between keystrokes. */
      !exec (self, "PRAGMA cache_size = -32768", error) ||
      !migrate (self, version, error))
    return NULL;

  return g_steal_pointer (&self);
}

JjStore *
jj_store_open (const char  *data_dir,
               GError     **error)
{
  return jj_store_open_at_version (data_dir, JJ_STORE_SCHEMA_VERSION, error);
}
