/* jj-store.h — the terminal's SQLite database
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define JJ_STORE_ERROR (jj_store_error_quark ())

/**
 * JjStoreError:
 * @JJ_STORE_ERROR_OPEN: the database file or its folder cannot be created or opened
 * @JJ_STORE_ERROR_CORRUPT: the file is not a database, or fails `PRAGMA integrity_check`
 * @JJ_STORE_ERROR_TOO_NEW: the file was written by a newer Jiujin (schema version unknown here)
 * @JJ_STORE_ERROR_MIGRATE: a schema migration failed; the file is left as it was
 * @JJ_STORE_ERROR_SQL: any other SQLite failure
 * @JJ_STORE_ERROR_NOT_FOUND: the requested row does not exist
 * @JJ_STORE_ERROR_BUSY: another process holds the database for too long
 */
typedef enum
{
  JJ_STORE_ERROR_OPEN,
  JJ_STORE_ERROR_CORRUPT,
  JJ_STORE_ERROR_TOO_NEW,
  JJ_STORE_ERROR_MIGRATE,
  JJ_STORE_ERROR_SQL,
  JJ_STORE_ERROR_NOT_FOUND,
  JJ_STORE_ERROR_BUSY,
} JjStoreError;

#define JJ_STORE_SCHEMA_VERSION 8

#define JJ_TYPE_STORE (jj_store_get_type ())

G_DECLARE_FINAL_TYPE (JjStore, jj_store, JJ, STORE, GObject)

GQuark      jj_store_error_quark          (void);

/* Opens (creating if needed) the database `jiujin.db` in @data_dir, which is created with mode
 * 0700 when missing; the file gets mode 0600. Applies WAL, synchronous=FULL, foreign keys and a
 * busy timeout, checks integrity and migrates to JJ_STORE_SCHEMA_VERSION. An existing file that
 * is not a usable database is never recreated: the error names the file and what to do. */
JjStore    *jj_store_open                 (const char  *data_dir,
                                           GError     **error);

/* The absolute path of the database file. Owned by the store. */
const char *jj_store_get_path             (JjStore     *self);

/* The schema version now in the file (PRAGMA user_version). */
int         jj_store_get_schema_version   (JjStore     *self);

/* Runs PRAGMA integrity_check. Returns TRUE when it answers "ok"; otherwise FALSE with
 * JJ_STORE_ERROR_CORRUPT whose message includes SQLite's first complaint. */
gboolean    jj_store_check_integrity      (JjStore     *self,
                                           GError     **error);

G_END_DECLS
