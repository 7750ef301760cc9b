/* jj-county-db.c — county.db: opening, enrollment and terminals
 *
 * Its schema migrations are in jj-county-db-migrations.c, its cases in jj-county-db-cases.c.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/random.h>

#include "jj-county-db-private.h"

/* Crockford's base 32: no I, L, O or U, so a code read aloud over the phone survives. */
static const char code_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

#define CODE_LENGTH     12
#define TOKEN_BYTES     32
#define BUSY_TIMEOUT_MS 10000

struct _JjCountyDb
{
  sqlite3    *db;
  GHashTable *statements;
  gint64      data_version;
};

G_DEFINE_QUARK (jj-county-error-quark, jj_county_error)

gboolean
jj_county_db_set_error (JjCountyDb  *self,
                        GError     **error,
                        const char  *what)
{
  g_set_error (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_DATABASE, "%s: %s", what,
               self->db != NULL ? sqlite3_errmsg (self->db) : "");
  return FALSE;
}

gboolean
jj_county_db_exec (JjCountyDb  *self,
                   const char  *sql,
                   GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return jj_county_db_set_error (self, error, _("The county database cannot be written"));
  return TRUE;
}

sqlite3_stmt *
jj_county_db_prepare (JjCountyDb  *self,
                      const char  *sql,
                      GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL)
          != SQLITE_OK)
        {
          jj_county_db_set_error (self, error, _("Could not prepare a database query"));
          return NULL;
        }
      g_hash_table_insert (self->statements, g_strdup (sql), stmt);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

gboolean
jj_county_db_step_done (JjCountyDb    *self,
                        sqlite3_stmt  *stmt,
                        GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return jj_county_db_set_error (self, error, _("The county database cannot be written"));
  return TRUE;
}

char *
jj_county_db_dup_text (sqlite3_stmt *stmt,
                       int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

void
jj_county_db_add_text (JsonBuilder  *builder,
                       const char   *name,
                       sqlite3_stmt *stmt,
                       int           column)
{
  json_builder_set_member_name (builder, name);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, column));
}

void
jj_county_db_add_int (JsonBuilder  *builder,
                      const char   *name,
                      sqlite3_stmt *stmt,
                      int           column)
{
  json_builder_set_member_name (builder, name);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, column));
}

void
jj_county_db_add_time (JsonBuilder  *builder,
                       const char   *name,
                       sqlite3_stmt *stmt,
                       int           column)
{
  json_builder_set_member_name (builder, name);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_builder_add_null_value (builder);
  else
    {
      g_autofree char *text = jj_county_format_time (sqlite3_column_int64 (stmt, column));

      json_builder_add_string_value (builder, text);
    }
}

gboolean
jj_county_db_begin (JjCountyDb  *self,
                    GError     **error)
{
  return jj_county_db_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
jj_county_db_commit (JjCountyDb  *self,
                     GError     **error)
{
  if (!jj_county_db_exec (self, "COMMIT", error))
    {
      jj_county_db_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
jj_county_db_rollback (JjCountyDb *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
jj_county_db_changed (JjCountyDb *self)
{
  sqlite3_stmt *stmt = jj_county_db_prepare (self, "PRAGMA data_version", NULL);
  gint64 version = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);

  if (version == self->data_version)
    return FALSE;
  self->data_version = version;
  return TRUE;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

JjCountyDb *
jj_county_db_open (const char  *data_dir,
                   GError     **error)
{
  g_autoptr(JjCountyDb) self = g_new0 (JjCountyDb, 1);
  g_autofree char *path = g_build_filename (data_dir, "county.db", NULL);

  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  self->data_version = -1;

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      g_set_error (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_DATABASE,
                   _("Could not create the data directory %s: %s"), data_dir,
                   g_strerror (errno));
      return NULL;
    }

  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
      != SQLITE_OK)
    {
      g_set_error (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_DATABASE,
                   _("Could not open the county database %s: %s"), path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
      return NULL;
    }

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, TRUE);
  /* FULL: a case is on disk before its 201 leaves, even if the machine loses power. */
  if (!jj_county_db_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !jj_county_db_exec (self, "PRAGMA synchronous = FULL", error) ||
      !jj_county_db_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !jj_county_db_migrate (self, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  jj_county_db_changed (self);
  return g_steal_pointer (&self);
}

void
jj_county_db_free (JjCountyDb *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self);
}

sqlite3 *
jj_county_db_get_handle (JjCountyDb *self)
{
  return self->db;
}

char *
jj_county_format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);

  if (time == NULL)
    return g_strdup ("1970-01-01T00:00:00Z");
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

char *
jj_county_normalize_code (const char *code)
{
  GString *out;

  if (code == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = code; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == '-' || c == ' ')
        continue;
      if (c == 'O')
        c = '0';
      else if (c == 'I' || c == 'L')
        c = '1';
      if (strchr (code_alphabet, c) == NULL || out->len >= CODE_LENGTH)
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append_c (out, c);
    }
  if (out->len != CODE_LENGTH)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static void
random_bytes (guint8 *buffer,
              gsize   length)
{
  gsize done = 0;

  while (done < length)
    {
      gssize n = getrandom (buffer + done, length - done, 0);

      if (n < 0 && errno != EINTR)
        g_error ("getrandom: %s", g_strerror (errno));
      if (n > 0)
        done += n;
    }
}

static gint64
service_point_id (JjCountyDb  *self,
                  const char  *name,
                  GError     **error)
{
  sqlite3_stmt *insert = jj_county_db_prepare (self,
                                               "INSERT INTO service_points (name) VALUES (?1)"
                                               " ON CONFLICT (name) DO NOTHING",
                                               error);
  sqlite3_stmt *select;
  gint64 id = 0;

  if (insert == NULL)
    return 0;
  sqlite3_bind_text (insert, 1, name, -1, SQLITE_STATIC);
  if (!jj_county_db_step_done (self, insert, error))
    return 0;

  select = jj_county_db_prepare (self, "SELECT id FROM service_points WHERE name = ?1", error);
  if (select == NULL)
    return 0;
  sqlite3_bind_text (select, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (select) == SQLITE_ROW)
    id = sqlite3_column_int64 (select, 0);
  sqlite3_reset (select);
  if (id == 0)
    jj_county_db_set_error (self, error, _("The county database cannot be read"));
  return id;
}

char *
jj_county_db_issue_code (JjCountyDb  *self,
                         const char  *service_point,
                         gint64       now,
                         GError     **error)
{
  g_autofree char *name = g_strstrip (g_strdup (service_point != NULL ? service_point : ""));
  guint8 bytes[CODE_LENGTH];
  char code[CODE_LENGTH + 1];
  sqlite3_stmt *insert;
  gint64 point;

  if (*name == '\0')
    {
      g_set_error_literal (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_INVALID,
                           _("The service point needs a name"));
      return NULL;
    }

  random_bytes (bytes, sizeof bytes);
  for (guint i = 0; i < CODE_LENGTH; i++)
    code[i] = code_alphabet[bytes[i] % 32];
  code[CODE_LENGTH] = '\0';

  if (!jj_county_db_begin (self, error))
    return NULL;
  if ((point = service_point_id (self, name, error)) == 0 ||
      (insert = jj_county_db_prepare (self,
                                      "INSERT INTO enrollment_codes (code, service_point_id,"
                                      "  issued_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
                                      error)) == NULL)
    {
      jj_county_db_rollback (self);
      return NULL;
    }
  sqlite3_bind_text (insert, 1, code, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 2, point);
  sqlite3_bind_int64 (insert, 3, now);
  sqlite3_bind_int64 (insert, 4, now + JJ_COUNTY_CODE_LIFETIME);
  if (!jj_county_db_step_done (self, insert, error))
    {
      jj_county_db_rollback (self);
      return NULL;
    }
  if (!jj_county_db_commit (self, error))
    return NULL;

  return g_strdup_printf ("%.4s-%.4s-%.4s", code, code + 4, code + 8);
}

/* Checks @code inside the caller's transaction: its service point, or 0 with an error. */
static gint64
usable_code (JjCountyDb  *self,
             const char  *code,
             gint64       now,
             char       **service_point,
             GError     **error)
{
  sqlite3_stmt *stmt = jj_county_db_prepare (self,
                                             "SELECT c.service_point_id, c.expires_at,"
                                             "  c.used_at, p.name"
                                             " FROM enrollment_codes c"
                                             " JOIN service_points p ON p.id = c.service_point_id"
                                             " WHERE c.code = ?1",
                                             error);
  gint64 point = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    g_set_error_literal (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_CODE_INVALID,
                         _("No enrollment code like this was issued"));
  else if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
    g_set_error_literal (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_CODE_USED,
                         _("This enrollment code was used already; ask the county for a new one"));
  else if (sqlite3_column_int64 (stmt, 1) <= now)
    g_set_error_literal (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_CODE_EXPIRED,
                         _("This enrollment code has expired; ask the county for a new one"));
  else
    {
      point = sqlite3_column_int64 (stmt, 0);
      *service_point = jj_county_db_dup_text (stmt, 3);
    }
  sqlite3_reset (stmt);
  return point;
}

/* A new terminal row inside the caller's transaction; returns its sequence number. */
static gint64
insert_terminal (JjCountyDb  *self,
                 gint64       point,
                 const char  *token_sha256,
                 const char  *app,
                 const char  *hostname,
                 gint64       now,
                 GError     **error)
{
  sqlite3_stmt *next = jj_county_db_prepare (self,
                                             "SELECT COALESCE (MAX (seq), 0) + 1 FROM terminals",
                                             error);
  sqlite3_stmt *insert;
  g_autofree char *id = NULL;
  g_autofree char *code = NULL;
  gint64 seq;

  if (next == NULL)
    return 0;
  if (sqlite3_step (next) != SQLITE_ROW)
    {
      sqlite3_reset (next);
      jj_county_db_set_error (self, error, _("The county database cannot be read"));
      return 0;
    }
  seq = sqlite3_column_int64 (next, 0);
  sqlite3_reset (next);

  id = g_strdup_printf ("T%04" G_GINT64_FORMAT, seq);
  code = g_strdup_printf ("T%" G_GINT64_FORMAT, seq);
  insert = jj_county_db_prepare (self,
                                 "INSERT INTO terminals (seq, id, code, service_point_id,"
                                 "  token_sha256, hostname, enrolled_app, enrolled_at, last_seen)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                                 error);
  if (insert == NULL)
    return 0;
  sqlite3_bind_int64 (insert, 1, seq);
  sqlite3_bind_text (insert, 2, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, code, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 4, point);
  sqlite3_bind_text (insert, 5, token_sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, hostname, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 7, app, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 8, now);
  if (!jj_county_db_step_done (self, insert, error))
    return 0;
  return seq;
}

JsonNode *
jj_county_db_enroll (JjCountyDb  *self,
                     const char  *code,
                     const char  *app,
                     const char  *hostname,
                     gint64       now,
                     GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *service_point = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_sha256 = NULL;
  g_autofree char *terminal_id = NULL;
  g_autofree char *terminal_code = NULL;
  guint8 bytes[TOKEN_BYTES];
  sqlite3_stmt *use;
  gint64 point, seq;

  /* base64url without padding: safe in a header, 43 characters, 256 bits. */
  random_bytes (bytes, sizeof bytes);
  token = g_base64_encode (bytes, sizeof bytes);
  g_strdelimit (token, "+", '-');
  g_strdelimit (token, "/", '_');
  *strchr (token, '=') = '\0';
  token_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);

  if (!jj_county_db_begin (self, error))
    return NULL;
  if ((point = usable_code (self, code, now, &service_point, error)) == 0 ||
      (seq = insert_terminal (self, point, token_sha256, app, hostname, now, error)) == 0 ||
      (use = jj_county_db_prepare (self,
                                   "UPDATE enrollment_codes SET used_at = ?2, terminal_id = ?3"
                                   " WHERE code = ?1",
                                   error)) == NULL)
    {
      jj_county_db_rollback (self);
      return NULL;
    }

  terminal_id = g_strdup_printf ("T%04" G_GINT64_FORMAT, seq);
  terminal_code = g_strdup_printf ("T%" G_GINT64_FORMAT, seq);
  sqlite3_bind_text (use, 1, code, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (use, 2, now);
  sqlite3_bind_text (use, 3, terminal_id, -1, SQLITE_STATIC);
  if (!jj_county_db_step_done (self, use, error))
    {
      jj_county_db_rollback (self);
      return NULL;
    }
  if (!jj_county_db_commit (self, error))
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "terminal_id");
  json_builder_add_string_value (builder, terminal_id);
  json_builder_set_member_name (builder, "terminal_code");
  json_builder_add_string_value (builder, terminal_code);
  json_builder_set_member_name (builder, "service_point");
  json_builder_add_string_value (builder, service_point);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
jj_county_db_authenticate (JjCountyDb *self,
                           const char *token)
{
  g_autofree char *token_sha256 = NULL;
  sqlite3_stmt *stmt;
  char *terminal_id = NULL;

  if (token == NULL || *token == '\0')
    return NULL;

  token_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  stmt = jj_county_db_prepare (self,
                               "SELECT id FROM terminals"
                               " WHERE token_sha256 = ?1 AND revoked_at IS NULL",
                               NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, token_sha256, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    terminal_id = jj_county_db_dup_text (stmt, 0);
  sqlite3_reset (stmt);
  return terminal_id;
}

gboolean
jj_county_db_record_contact (JjCountyDb            *self,
                             const char            *terminal_id,
                             const JjTerminalState *state,
                             gint64                 now,
                             GError               **error)
{
  sqlite3_stmt *stmt;

  if (state == NULL)
    stmt = jj_county_db_prepare (self, "UPDATE terminals SET last_seen = ?2 WHERE id = ?1",
                                 error);
  else
    stmt = jj_county_db_prepare (self,
                                 "UPDATE terminals SET last_seen = ?2, state_at = ?2,"
                                 "  queue = ?3, oldest = ?4, last_sync = ?5, app = ?6,"
                                 "  catalog = ?7, free_disk = ?8"
                                 " WHERE id = ?1",
                                 error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, terminal_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  if (state != NULL)
    {
      sqlite3_bind_int64 (stmt, 3, state->queue);
      sqlite3_bind_int64 (stmt, 4, state->oldest);
      sqlite3_bind_int64 (stmt, 5, state->last_sync);
      sqlite3_bind_text (stmt, 6, state->app, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, state->catalog, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 8, state->free_disk);
    }
  return jj_county_db_step_done (self, stmt, error);
}

gboolean
jj_county_db_revoke (JjCountyDb  *self,
                     const char  *terminal_id,
                     gint64       now,
                     GError     **error)
{
  sqlite3_stmt *stmt = jj_county_db_prepare (self,
                                             "UPDATE terminals SET revoked_at = ?2"
                                             " WHERE id = ?1 AND revoked_at IS NULL",
                                             error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, terminal_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!jj_county_db_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_NOT_FOUND,
                   _("No terminal %s is enrolled"), terminal_id);
      return FALSE;
    }
  return TRUE;
}

JsonNode *
jj_county_db_list_terminals (JjCountyDb  *self,
                             gint64       now,
                             gint64       quiet_after,
                             GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  sqlite3_stmt *stmt = jj_county_db_prepare (self,
                                             "SELECT t.id, t.code, p.name, t.hostname,"
                                             "  t.enrolled_at, t.revoked_at, t.last_seen,"
                                             "  t.queue, t.oldest, t.last_sync, t.app,"
                                             "  t.catalog, t.free_disk,"
                                             "  (SELECT COUNT (*) FROM cases c"
                                             "     WHERE c.terminal_id = t.id)"
                                             " FROM terminals t"
                                             " JOIN service_points p ON p.id = t.service_point_id"
                                             " ORDER BY t.seq",
                                             error);
  int rc;

  if (stmt == NULL)
    return NULL;

  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean never = sqlite3_column_type (stmt, 6) == SQLITE_NULL;
      gint64 last_seen = sqlite3_column_int64 (stmt, 6);

      json_builder_begin_object (builder);
      jj_county_db_add_text (builder, "terminal_id", stmt, 0);
      jj_county_db_add_text (builder, "terminal_code", stmt, 1);
      jj_county_db_add_text (builder, "service_point", stmt, 2);
      jj_county_db_add_text (builder, "hostname", stmt, 3);
      jj_county_db_add_time (builder, "enrolled_at", stmt, 4);
      json_builder_set_member_name (builder, "revoked");
      json_builder_add_boolean_value (builder, sqlite3_column_type (stmt, 5) != SQLITE_NULL);
      jj_county_db_add_time (builder, "last_seen", stmt, 6);
      json_builder_set_member_name (builder, "quiet");
      json_builder_add_boolean_value (builder, never || now - last_seen > quiet_after);
      jj_county_db_add_int (builder, "queue", stmt, 7);
      jj_county_db_add_int (builder, "oldest", stmt, 8);
      json_builder_set_member_name (builder, "last_sync");
      if (sqlite3_column_type (stmt, 9) == SQLITE_NULL || sqlite3_column_int64 (stmt, 9) == 0)
        json_builder_add_null_value (builder);
      else
        {
          g_autofree char *text = jj_county_format_time (sqlite3_column_int64 (stmt, 9));

          json_builder_add_string_value (builder, text);
        }
      jj_county_db_add_text (builder, "app", stmt, 10);
      jj_county_db_add_text (builder, "catalog", stmt, 11);
      jj_county_db_add_int (builder, "free_disk", stmt, 12);
      jj_county_db_add_int (builder, "cases", stmt, 13);
      json_builder_end_object (builder);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jj_county_db_set_error (self, error, _("The county database cannot be read"));
      return NULL;
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

JsonNode *
jj_county_db_gauges (JjCountyDb *self,
                     gint64      now,
                     gint64      quiet_after)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  sqlite3_stmt *terminals = jj_county_db_prepare (self,
                                                  "SELECT COUNT (*),"
                                                  "  COUNT (*) FILTER (WHERE last_seen IS NULL"
                                                  "    OR last_seen < ?1)"
                                                  " FROM terminals WHERE revoked_at IS NULL",
                                                  NULL);
  sqlite3_stmt *cases = jj_county_db_prepare (self,
                                              "SELECT state, COUNT (*) FROM cases GROUP BY state",
                                              NULL);

  json_builder_begin_object (builder);
  if (terminals != NULL)
    {
      sqlite3_bind_int64 (terminals, 1, now - quiet_after);
      if (sqlite3_step (terminals) == SQLITE_ROW)
        {
          jj_county_db_add_int (builder, "terminals", terminals, 0);
          jj_county_db_add_int (builder, "quiet", terminals, 1);
        }
      sqlite3_reset (terminals);
    }
  json_builder_set_member_name (builder, "cases");
  json_builder_begin_object (builder);
  while (cases != NULL && sqlite3_step (cases) == SQLITE_ROW)
    jj_county_db_add_int (builder, (const char *) sqlite3_column_text (cases, 0), cases, 1);
  if (cases != NULL)
    sqlite3_reset (cases);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
