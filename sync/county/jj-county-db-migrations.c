/* jj-county-db-migrations.c — county.db's numbered schema migrations
 *
 * Each migration takes the schema from version N-1 to N, in one transaction with the bump of
 * PRAGMA user_version; a county.db newer than this jiujin-county is refused rather than
 * guessed at. Released migrations are never edited: a change to the schema is a new, higher
 * number. Opening the database and everything it stores live in jj-county-db.c and
 * jj-county-db-cases.c.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "jj-county-db-private.h"

/* v1: everything but the attachment store, which creates its own tables. */
static const char migration_1[] =
  "CREATE TABLE service_points ("
  "  id   INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE"
  ") STRICT;"
  "CREATE TABLE enrollment_codes ("
  "  code             TEXT PRIMARY KEY,"
  "  service_point_id INTEGER NOT NULL REFERENCES service_points (id),"
  "  issued_at        INTEGER NOT NULL,"
  "  expires_at       INTEGER NOT NULL,"
  "  used_at          INTEGER,"
  "  terminal_id      TEXT"
  ") STRICT;"
  "CREATE TABLE terminals ("
  "  seq              INTEGER PRIMARY KEY,"
  "  id               TEXT NOT NULL UNIQUE,"
  "  code             TEXT NOT NULL UNIQUE,"
  "  service_point_id INTEGER NOT NULL REFERENCES service_points (id),"
  "  token_sha256     TEXT NOT NULL UNIQUE,"
  "  hostname         TEXT NOT NULL,"
  "  enrolled_app     TEXT NOT NULL,"
  "  enrolled_at      INTEGER NOT NULL,"
  "  revoked_at       INTEGER,"
  "  last_seen        INTEGER,"
  "  queue            INTEGER,"
  "  oldest           INTEGER,"
  "  last_sync        INTEGER,"
  "  app              TEXT,"
  "  catalog          TEXT,"
  "  free_disk        INTEGER,"
  "  state_at         INTEGER"
  ") STRICT;"
  "CREATE TABLE counters ("
  "  name  TEXT PRIMARY KEY,"
  "  value INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE cases ("
  "  id              INTEGER PRIMARY KEY,"
  "  case_number     TEXT NOT NULL UNIQUE,"
  "  terminal_id     TEXT NOT NULL REFERENCES terminals (id),"
  "  idempotency_key TEXT NOT NULL,"
  "  fingerprint     TEXT NOT NULL,"
  "  item            TEXT NOT NULL,"
  "  receipt_number  TEXT NOT NULL,"
  "  received_at     INTEGER NOT NULL,"
  "  state           TEXT NOT NULL DEFAULT 'received'"
  "                  CHECK (state IN ('received', 'accepted', 'completed', 'returned',"
  "                                   'rejected')),"
  "  reason          TEXT,"
  "  updated_at      INTEGER NOT NULL,"
  "  result          TEXT NOT NULL,"
  "  UNIQUE (terminal_id, idempotency_key)"
  ") STRICT;"
  "CREATE INDEX cases_by_state ON cases (state, received_at);"
  "CREATE TABLE status_events ("
  "  cursor      INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  case_id     INTEGER NOT NULL REFERENCES cases (id),"
  "  terminal_id TEXT NOT NULL,"
  "  state       TEXT NOT NULL"
  "              CHECK (state IN ('accepted', 'completed', 'returned', 'rejected')),"
  "  reason      TEXT,"
  "  at          INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX status_events_by_terminal ON status_events (terminal_id, cursor);"
  "CREATE TABLE catalogs ("
  "  id           INTEGER PRIMARY KEY,"
  "  version      TEXT NOT NULL UNIQUE,"
  "  document     BLOB NOT NULL,"
  "  gzip         BLOB NOT NULL,"
  "  published_at INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE evaluations ("
  "  id              INTEGER PRIMARY KEY,"
  "  terminal_id     TEXT NOT NULL REFERENCES terminals (id),"
  "  idempotency_key TEXT NOT NULL,"
  "  fingerprint     TEXT NOT NULL,"
  "  item            TEXT NOT NULL,"
  "  case_number     TEXT,"
  "  receipt_number  TEXT NOT NULL,"
  "  score           INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),"
  "  received_at     INTEGER NOT NULL,"
  "  result          TEXT NOT NULL,"
  "  UNIQUE (terminal_id, idempotency_key)"
  ") STRICT;"
  "CREATE TABLE faults ("
  "  id          INTEGER PRIMARY KEY,"
  "  route       TEXT NOT NULL,"
  "  method      TEXT,"
  "  kind        TEXT NOT NULL"
  "              CHECK (kind IN ('status', 'garbage', 'truncate', 'stall', 'reset')),"
  "  status      INTEGER NOT NULL DEFAULT 0,"
  "  retry_after INTEGER NOT NULL DEFAULT 0,"
  "  seconds     INTEGER NOT NULL DEFAULT 0,"
  "  remaining   INTEGER" /* NULL: until cleared */
  ") STRICT;";

/* v2: revisions (section 7). Every key a terminal sent for a case is a row of
 * case_revisions, so that a replay of any of them finds its own result; the cases row holds
 * the latest revision. A status event keeps the key of the revision it was about, since
 * events are never edited. */
static const char migration_2[] =
  "ALTER TABLE cases ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;"
  "CREATE TABLE case_revisions ("
  "  id              INTEGER PRIMARY KEY,"
  "  case_id         INTEGER NOT NULL REFERENCES cases (id),"
  "  terminal_id     TEXT NOT NULL,"
  "  revision        INTEGER NOT NULL,"
  "  idempotency_key TEXT NOT NULL,"
  "  fingerprint     TEXT NOT NULL,"
  "  item            TEXT NOT NULL,"
  "  received_at     INTEGER NOT NULL,"
  "  result          TEXT NOT NULL,"
  "  UNIQUE (terminal_id, idempotency_key)"
  ") STRICT;"
  "CREATE INDEX case_revisions_by_case ON case_revisions (case_id, id);"
  "INSERT INTO case_revisions (case_id, terminal_id, revision, idempotency_key, fingerprint,"
  "  item, received_at, result)"
  " SELECT id, terminal_id, 1, idempotency_key, fingerprint, item, received_at, result"
  " FROM cases ORDER BY id;"
  "ALTER TABLE status_events ADD COLUMN idempotency_key TEXT;"
  "UPDATE status_events SET idempotency_key ="
  "  (SELECT c.idempotency_key FROM cases c WHERE c.id = status_events.case_id);";

static const char * const migrations[] = { migration_1, migration_2 };

gboolean
jj_county_db_migrate (JjCountyDb  *self,
                      GError     **error)
{
  sqlite3_stmt *stmt = jj_county_db_prepare (self, "PRAGMA user_version", error);
  int version;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return jj_county_db_set_error (self, error, _("The county database cannot be read"));
  version = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_DATABASE,
                   _("The county database has schema version %d, newer than this jiujin-county "
                     "knows (%d); use a newer jiujin-county"),
                   version, (int) G_N_ELEMENTS (migrations));
      return FALSE;
    }

  for (; version < (int) G_N_ELEMENTS (migrations); version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (!jj_county_db_begin (self, error))
        return FALSE;
      if (!jj_county_db_exec (self, migrations[version], error) ||
          !jj_county_db_exec (self, bump, error))
        {
          jj_county_db_rollback (self);
          return FALSE;
        }
      if (!jj_county_db_commit (self, error))
        return FALSE;
    }
  return TRUE;
}
