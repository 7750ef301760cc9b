/* jj-county-db-private.h — helpers the files of the county database share
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jj-county-db.h"

G_BEGIN_DECLS

/* Sets a JJ_COUNTY_ERROR_DATABASE error: @what, then SQLite's own message. Returns FALSE. */
gboolean  jj_county_db_set_error  (JjCountyDb   *self,
                                   GError      **error,
                                   const char   *what);
/* Runs @sql, which returns no rows; FALSE with a JJ_COUNTY_ERROR_DATABASE error on failure. */
gboolean  jj_county_db_exec       (JjCountyDb   *self,
                                   const char   *sql,
                                   GError      **error);
/* Brings the schema up to this jiujin-county's version (jj-county-db-migrations.c); FALSE with
 * a JJ_COUNTY_ERROR_DATABASE error when it fails or the file is newer than it knows. */
gboolean  jj_county_db_migrate    (JjCountyDb   *self,
                                   GError      **error);
/* Steps a statement that returns no rows and resets it; FALSE with an error on failure. */
gboolean  jj_county_db_step_done  (JjCountyDb   *self,
                                   sqlite3_stmt *stmt,
                                   GError      **error);
/* Column @column as a new string, NULL for SQL NULL. */
char     *jj_county_db_dup_text   (sqlite3_stmt *stmt,
                                   int           column);
/* Adds member @name to @builder: the column's text, integer or time, or null for SQL NULL. */
void      jj_county_db_add_text   (JsonBuilder  *builder,
                                   const char   *name,
                                   sqlite3_stmt *stmt,
                                   int           column);
void      jj_county_db_add_int    (JsonBuilder  *builder,
                                   const char   *name,
                                   sqlite3_stmt *stmt,
                                   int           column);
void      jj_county_db_add_time   (JsonBuilder  *builder,
                                   const char   *name,
                                   sqlite3_stmt *stmt,
                                   int           column);

G_END_DECLS
