/* jj-store-private.h — what other app/ modules may use of the store
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "jj-store.h"

G_BEGIN_DECLS

/* The connection. Owned by the store; opened in serialized threading mode, so it may be used
 * from a GTask worker thread while the store is alive. */
sqlite3      *jj_store_get_db          (JjStore     *self);

/* Returns a cached prepared statement for @sql, reset and with bindings cleared. Owned by the
 * store: do not finalize. NULL with JJ_STORE_ERROR_SQL on a syntax error. Serialize callers
 * with jj_store_lock()/jj_store_unlock() when several threads share the store. */
sqlite3_stmt *jj_store_prepare         (JjStore     *self,
                                        const char  *sql,
                                        GError     **error);

/* Serializes a multi-statement unit of work (a transaction or a prepare/step/reset sequence)
 * across threads. Recursive. */
void          jj_store_lock            (JjStore     *self);
void          jj_store_unlock          (JjStore     *self);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Call with the lock held. */
gboolean      jj_store_begin           (JjStore     *self,
                                        GError     **error);
gboolean      jj_store_commit          (JjStore     *self,
                                        GError     **error);
void          jj_store_rollback        (JjStore     *self);

/* Sets @error from the connection's last error, prefixed with @what. Always returns FALSE. */
gboolean      jj_store_set_error       (JjStore     *self,
                                        GError     **error,
                                        const char  *what);

/* Opens like jj_store_open() but migrates only up to @version (for migration tests). */
JjStore      *jj_store_open_at_version (const char  *data_dir,
                                        int          version,
                                        GError     **error);

/* meta table: a small key/value store for the database's own facts. */
char         *jj_store_dup_meta        (JjStore     *self,
                                        const char  *key);
gboolean      jj_store_set_meta        (JjStore     *self,
                                        const char  *key,
                                        const char  *value,
                                        GError     **error);


G_END_DECLS
