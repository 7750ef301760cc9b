/* jj-applicants.c — residents who applied here before, found by ID number or by name
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jj-applicants.h"
#include "jj-store-private.h"
#include "jj-validate.h"

void
jj_applicant_match_free (JjApplicantMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->name);
  g_free (match->masked_id_number);
  g_free (match->phone_last_digits);
  g_free (match->address);
  g_free (match);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

GPtrArray *
jj_applicants_find_by_name (JjStore     *store,
                            const char  *name,
                            guint        limit,
                            GError     **error)
{
  g_autoptr(GPtrArray) matches
      = g_ptr_array_new_with_free_func ((GDestroyNotify) jj_applicant_match_free);
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);

  if (trimmed[0] == '\0' || limit == 0)
    return g_steal_pointer (&matches);

  jj_store_lock (store);
  /* Exact names only, through applicants_by_name: a surname alone would list half a village. */
  stmt = jj_store_prepare (store,
                           "SELECT id, name, id_number, phone, address FROM applicants"
                           " WHERE name = ?1 ORDER BY updated_at DESC, id DESC LIMIT ?2",
                           error);
  if (stmt == NULL)
    {
      jj_store_unlock (store);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, trimmed, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JjApplicantMatch *match = g_new0 (JjApplicantMatch, 1);
      const char *phone = column_text (stmt, 3);
      size_t phone_length = strlen (phone);

      match->id = sqlite3_column_int64 (stmt, 0);
      match->name = g_strdup (column_text (stmt, 1));
      match->masked_id_number = jj_id_number_mask (column_text (stmt, 2));
      match->phone_last_digits = g_strdup (phone + (phone_length > 4 ? phone_length - 4 : 0));
      match->address = g_strdup (column_text (stmt, 4));
      g_ptr_array_add (matches, match);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jj_store_set_error (store, error, _("Could not look up the residents of that name"));
      jj_store_unlock (store);
      return NULL;
    }
  jj_store_unlock (store);

  return g_steal_pointer (&matches);
}

/* Reads one resident in full by @sql, whose ?1 is @id_number, or @id when that is NULL. */
static JsonObject *
dup_one (JjStore     *store,
         const char  *sql,
         gint64       id,
         const char  *id_number,
         GError     **error)
{
  static const char * const members[] = { "name", "id_number", "phone", "address" };
  JsonObject *applicant = NULL;
  sqlite3_stmt *stmt;
  int rc;

  jj_store_lock (store);
  stmt = jj_store_prepare (store, sql, error);
  if (stmt == NULL)
    {
      jj_store_unlock (store);
      return NULL;
    }
  if (id_number != NULL)
    sqlite3_bind_text (stmt, 1, id_number, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      applicant = json_object_new ();
      for (guint i = 0; i < G_N_ELEMENTS (members); i++)
        json_object_set_string_member (applicant, members[i], column_text (stmt, i));
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_NOT_FOUND,
                 _("That resident is no longer on record."));
  else
    jj_store_set_error (store, error, _("Could not read the resident"));
  sqlite3_reset (stmt);
  jj_store_unlock (store);

  return applicant;
}

JsonObject *
jj_applicants_dup (JjStore     *store,
                   gint64       id,
                   GError     **error)
{
  g_return_val_if_fail (JJ_IS_STORE (store), NULL);

  return dup_one (store,
                  "SELECT name, id_number, phone, address FROM applicants WHERE id = ?1",
                  id, NULL, error);
}

JsonObject *
jj_applicants_dup_by_id_number (JjStore    *store,
                                const char *id_number)
{
  g_return_val_if_fail (JJ_IS_STORE (store), NULL);
  g_return_val_if_fail (id_number != NULL, NULL);

  return dup_one (store,
                  "SELECT name, id_number, phone, address FROM applicants"
                  " WHERE id_number = ?1",
                  0, id_number, NULL);
}
