/* jj-test-sql.c — one-line SQL queries for tests that check the database behind the API
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "jj-test-sql.h"

/* Prepares @sql with the texts of @args bound and steps it to its row. */
static sqlite3_stmt *
step_row (sqlite3    *db,
          const char *sql,
          va_list     args)
{
  sqlite3_stmt *stmt = NULL;
  int i = 1;

  g_test_message ("SQL: %s", sql);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  for (const char *text; (text = va_arg (args, const char *)) != NULL; i++)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return stmt;
}

gint64
jj_test_sql_int (sqlite3    *db,
                 const char *sql,
                 ...)
{
  sqlite3_stmt *stmt;
  gint64 value;
  va_list args;

  va_start (args, sql);
  stmt = step_row (db, sql, args);
  va_end (args);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

char *
jj_test_sql_text (sqlite3    *db,
                  const char *sql,
                  ...)
{
  sqlite3_stmt *stmt;
  char *value;
  va_list args;

  va_start (args, sql);
  stmt = step_row (db, sql, args);
  va_end (args);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

void
jj_test_sql_exec (sqlite3    *db,
                  const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}
