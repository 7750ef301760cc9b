/* jj-test-sql.h — one-line SQL queries for tests that check the database behind the API
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The first column of the one row @sql returns, its ?1, ?2… bound to the NULL-terminated
 * texts that follow. Aborts the test when @sql fails or returns no row. */
gint64  jj_test_sql_int  (sqlite3    *db,
                          const char *sql,
                          ...) G_GNUC_NULL_TERMINATED;
/* The same as text; caller frees. */
char   *jj_test_sql_text (sqlite3    *db,
                          const char *sql,
                          ...) G_GNUC_NULL_TERMINATED;

/* Runs @sql, which may hold several statements; aborts the test when one fails. */
void    jj_test_sql_exec (sqlite3    *db,
                          const char *sql);

G_END_DECLS
