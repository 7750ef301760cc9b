/* jj-county-db-faults.c — county.db: faults injected into the county's answers
 *
 * Tests and drills make the county misbehave on purpose (docs/jiujin-county.md): a fault
 * matches a route prefix and a method, answers with a status, garbage, a truncated body, a
 * stall or a reset, and is used up after its count (0: until cleared). They live in the
 * faults table, so that `jiujin-county admin fault add` in another process can set them.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "jj-county-db-private.h"

void
jj_county_fault_free (JjCountyFault *fault)
{
  if (fault == NULL)
    return;

  g_free (fault->route);
  g_free (fault->method);
  g_free (fault->kind);
  g_free (fault);
}

gboolean
jj_county_db_add_fault (JjCountyDb           *self,
                        const JjCountyFault  *fault,
                        gint64                count,
                        GError              **error)
{
  sqlite3_stmt *stmt = jj_county_db_prepare (self,
                                             "INSERT INTO faults (route, method, kind, status,"
                                             "  retry_after, seconds, remaining)"
                                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                             error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, fault->route, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, fault->method, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, fault->kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, fault->status);
  sqlite3_bind_int64 (stmt, 5, fault->retry_after);
  sqlite3_bind_int64 (stmt, 6, fault->seconds);
  if (count > 0)
    sqlite3_bind_int64 (stmt, 7, count);
  return jj_county_db_step_done (self, stmt, error);
}

gboolean
jj_county_db_clear_faults (JjCountyDb  *self,
                           GError     **error)
{
  sqlite3_stmt *stmt = jj_county_db_prepare (self, "DELETE FROM faults", error);

  return stmt != NULL && jj_county_db_step_done (self, stmt, error);
}

gint64
jj_county_db_count_faults (JjCountyDb *self)
{
  sqlite3_stmt *stmt = jj_county_db_prepare (self, "SELECT COUNT (*) FROM faults", NULL);
  gint64 count = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

JjCountyFault *
jj_county_db_take_fault (JjCountyDb *self,
                         const char *method,
                         const char *path)
{
  sqlite3_stmt *find = jj_county_db_prepare (self,
                                             "SELECT id, route, method, kind, status,"
                                             "  retry_after, seconds, remaining"
                                             " FROM faults"
                                             " WHERE (method IS NULL OR method = ?1)"
                                             "   AND substr (?2, 1, length (route)) = route"
                                             " ORDER BY id LIMIT 1",
                                             NULL);
  g_autoptr(JjCountyFault) fault = NULL;
  sqlite3_stmt *use;
  gboolean limited;
  gint64 remaining;

  if (find == NULL)
    return NULL;
  sqlite3_bind_text (find, 1, method, -1, SQLITE_STATIC);
  sqlite3_bind_text (find, 2, path, -1, SQLITE_STATIC);
  if (sqlite3_step (find) != SQLITE_ROW)
    {
      sqlite3_reset (find);
      return NULL;
    }

  fault = g_new0 (JjCountyFault, 1);
  fault->id = sqlite3_column_int64 (find, 0);
  fault->route = jj_county_db_dup_text (find, 1);
  fault->method = jj_county_db_dup_text (find, 2);
  fault->kind = jj_county_db_dup_text (find, 3);
  fault->status = sqlite3_column_int (find, 4);
  fault->retry_after = sqlite3_column_int64 (find, 5);
  fault->seconds = sqlite3_column_int64 (find, 6);
  limited = sqlite3_column_type (find, 7) != SQLITE_NULL;
  remaining = sqlite3_column_int64 (find, 7);
  sqlite3_reset (find);

  if (limited)
    {
      use = jj_county_db_prepare (self,
                                  remaining <= 1
                                  ? "DELETE FROM faults WHERE id = ?1"
                                  : "UPDATE faults SET remaining = remaining - 1 WHERE id = ?1",
                                  NULL);
      if (use != NULL)
        {
          sqlite3_bind_int64 (use, 1, fault->id);
          jj_county_db_step_done (self, use, NULL);
        }
    }
  return g_steal_pointer (&fault);
}
