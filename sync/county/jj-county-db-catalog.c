/* jj-county-db-catalog.c — county.db: the catalogues the county publishes to its terminals
 *
 * A catalogue version is stored once, with its gzip form, and never changes: publishing the
 * same version again with other contents is an error. The terminals are served the latest.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "jj-county-db-private.h"

static GBytes *
column_bytes (sqlite3_stmt *stmt,
              int           column)
{
  return g_bytes_new (sqlite3_column_blob (stmt, column), sqlite3_column_bytes (stmt, column));
}

gboolean
jj_county_db_publish_catalog (JjCountyDb  *self,
                              const char  *version,
                              GBytes      *document,
                              GBytes      *gzipped,
                              gint64       now,
                              GError     **error)
{
  sqlite3_stmt *find = jj_county_db_prepare (self,
                                             "SELECT document FROM catalogs WHERE version = ?1",
                                             error);
  sqlite3_stmt *insert;
  gsize size = 0;
  gconstpointer data;

  if (find == NULL)
    return FALSE;
  sqlite3_bind_text (find, 1, version, -1, SQLITE_STATIC);
  if (sqlite3_step (find) == SQLITE_ROW)
    {
      g_autoptr(GBytes) stored = column_bytes (find, 0);

      sqlite3_reset (find);
      if (g_bytes_equal (stored, document))
        return TRUE;
      g_set_error (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_INVALID,
                   _("Catalogue version %s was published already with other contents; give "
                     "the new one a new version"),
                   version);
      return FALSE;
    }
  sqlite3_reset (find);

  insert = jj_county_db_prepare (self,
                                 "INSERT INTO catalogs (version, document, gzip, published_at)"
                                 " VALUES (?1, ?2, ?3, ?4)",
                                 error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_text (insert, 1, version, -1, SQLITE_STATIC);
  data = g_bytes_get_data (document, &size);
  sqlite3_bind_blob64 (insert, 2, data, size, SQLITE_STATIC);
  data = g_bytes_get_data (gzipped, &size);
  sqlite3_bind_blob64 (insert, 3, data, size, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 4, now);
  return jj_county_db_step_done (self, insert, error);
}

gboolean
jj_county_db_current_catalog (JjCountyDb  *self,
                              char       **version,
                              GBytes     **document,
                              GBytes     **gzipped,
                              GError     **error)
{
  sqlite3_stmt *stmt = jj_county_db_prepare (self,
                                             "SELECT version, document, gzip FROM catalogs"
                                             " ORDER BY id DESC LIMIT 1",
                                             error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *version = jj_county_db_dup_text (stmt, 0);
      if (document != NULL)
        *document = column_bytes (stmt, 1);
      if (gzipped != NULL)
        *gzipped = column_bytes (stmt, 2);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}
