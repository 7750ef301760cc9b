/* jj-store-migrations.c — numbered schema migrations
 *
 * Each migration takes the schema from version N-1 to N. Released migrations are never edited:
 * a change to the schema is a new, higher number, with a test that upgrades a file written at
 * the previous version and finds its rows intact.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "jj-store-catalog-private.h"
#include "jj-store-migrations-private.h"

typedef gboolean (*JjMigrationFixup) (JjStore *self, GError **error);

typedef struct
{
  const char       *sql;
  JjMigrationFixup  fixup;
} JjMigration;

/* v1: the catalogue (categories, matters, bundles) and the terminal's own history of which
 * guides were opened. Guide details that are only ever read whole are kept as JSON. */
static const char migration_1[] =
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") STRICT;"
  "CREATE TABLE categories ("
  "  id         TEXT PRIMARY KEY,"
  "  name       TEXT NOT NULL,"
  "  sort_order INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE matters ("
  "  id                  INTEGER PRIMARY KEY,"
  "  code                TEXT NOT NULL UNIQUE,"
  "  name                TEXT NOT NULL,"
  "  level               TEXT NOT NULL CHECK (level IN ('township', 'village')),"
  "  department          TEXT NOT NULL,"
  "  category_id         TEXT NOT NULL REFERENCES categories (id),"
  "  handling_type       TEXT NOT NULL CHECK (handling_type IN ('immediate', 'promised')),"
  "  legal_limit_days    INTEGER NOT NULL CHECK (legal_limit_days >= 0),"
  "  promised_limit_days INTEGER NOT NULL CHECK (promised_limit_days >= 0),"
  "  fee                 TEXT NOT NULL,"
  "  location            TEXT NOT NULL,"
  "  hours               TEXT NOT NULL,"
  "  phone               TEXT NOT NULL,"
  "  guide_url           TEXT NOT NULL,"
  "  keywords            TEXT NOT NULL," /* JSON array of strings */
  "  conditions          TEXT NOT NULL," /* JSON array of strings */
  "  materials           TEXT NOT NULL," /* JSON array of objects */
  "  steps               TEXT NOT NULL," /* JSON array of objects */
  "  form                TEXT NOT NULL," /* JSON object */
  "  sort_order          INTEGER NOT NULL,"
  "  withdrawn           INTEGER NOT NULL DEFAULT 0"
  ") STRICT;"
  "CREATE INDEX matters_by_order ON matters (withdrawn, level, sort_order);"
  "CREATE TABLE bundles ("
  "  id          INTEGER PRIMARY KEY,"
  "  code        TEXT NOT NULL UNIQUE,"
  "  name        TEXT NOT NULL,"
  "  level       TEXT NOT NULL CHECK (level IN ('township', 'village')),"
  "  description TEXT NOT NULL,"
  "  keywords    TEXT NOT NULL,"
  "  sort_order  INTEGER NOT NULL,"
  "  withdrawn   INTEGER NOT NULL DEFAULT 0"
  ") STRICT;"
  "CREATE TABLE bundle_matters ("
  "  bundle_id INTEGER NOT NULL REFERENCES bundles (id) ON DELETE CASCADE,"
  "  position  INTEGER NOT NULL,"
  "  matter_id INTEGER NOT NULL REFERENCES matters (id),"
  "  PRIMARY KEY (bundle_id, position)"
  ") STRICT;"
  "CREATE TABLE matter_views ("
  "  matter_id INTEGER PRIMARY KEY REFERENCES matters (id),"
  "  count     INTEGER NOT NULL,"
  "  last_seen INTEGER NOT NULL"
  ") STRICT;";

/* v2: search. Case-folded text and pinyin transliterations beside each matter, and an FTS5 trigram index over
 * everything a resident might remember of a guide. */
static const char migration_2[] =
  "ALTER TABLE matters ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE matters ADD COLUMN keywords_folded TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE matters ADD COLUMN name_pinyin TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE matters ADD COLUMN keywords_pinyin TEXT NOT NULL DEFAULT '';"
  "CREATE VIRTUAL TABLE matter_text USING fts5 ("
  "  name, keywords, body, tokenize = 'trigram'"
  ");";

/* v3: intake. Residents (applicants), their applications — drafts included, with the whole
 * draft kept as JSON so that a crash loses nothing saved — the matters, materials and scans of
 * each, and the outbox: one row per submission to deliver, keyed by a UUID generated here that
 * the sync engine sends as its idempotency key. Scans live in files named by their SHA-256;
 * attachments records what is stored. */
static const char migration_3[] =
  "CREATE TABLE applicants ("
  "  id         INTEGER PRIMARY KEY,"
  "  id_number  TEXT NOT NULL UNIQUE,"
  "  name       TEXT NOT NULL,"
  "  phone      TEXT NOT NULL DEFAULT '',"
  "  address    TEXT NOT NULL DEFAULT '',"
  "  updated_at INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX applicants_by_name ON applicants (name);"
  "CREATE TABLE applications ("
  "  id                  INTEGER PRIMARY KEY,"
  "  state               TEXT NOT NULL CHECK (state IN ('draft', 'queued', 'sent', 'accepted',"
  "                        'completed', 'returned', 'rejected')),"
  "  bundle_code         TEXT,"
  "  title               TEXT NOT NULL,"
  "  draft               TEXT NOT NULL DEFAULT '{}'," /* JSON, see jj-intake.h */
  "  applicant_id        INTEGER REFERENCES applicants (id),"
  "  applicant_name      TEXT NOT NULL DEFAULT '',"
  "  applicant_id_number TEXT NOT NULL DEFAULT '',"
  "  agent_kind          TEXT NOT NULL DEFAULT 'none' CHECK (agent_kind IN ('none', 'clerk', 'agent')),"
  "  appointment_at      TEXT,"
  "  receipt_number      TEXT UNIQUE,"
  "  case_number         TEXT,"
  "  promised_date       TEXT,"
  "  created_at          INTEGER NOT NULL,"
  "  updated_at          INTEGER NOT NULL,"
  "  submitted_at        INTEGER"
  ") STRICT;"
  "CREATE INDEX applications_by_state ON applications (state, updated_at);"
  "CREATE INDEX applications_by_submitted ON applications (submitted_at);"
  "CREATE INDEX applications_by_applicant ON applications (applicant_id_number);"
  "CREATE TABLE application_matters ("
  "  application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,"
  "  position       INTEGER NOT NULL,"
  "  matter_id      INTEGER NOT NULL REFERENCES matters (id),"
  "  PRIMARY KEY (application_id, position)"
  ") STRICT;"
  "CREATE INDEX application_matters_by_matter ON application_matters (matter_id);"
  "CREATE TABLE application_materials ("
  "  application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,"
  "  position       INTEGER NOT NULL,"
  "  matter_code    TEXT NOT NULL,"
  "  name           TEXT NOT NULL,"
  "  form           TEXT NOT NULL,"
  "  count          INTEGER NOT NULL,"
  "  required       INTEGER NOT NULL,"
  "  status         TEXT NOT NULL CHECK (status IN ('missing', 'received', 'pending')),"
  "  PRIMARY KEY (application_id, position)"
  ") STRICT;"
  "CREATE TABLE attachments ("
  "  sha256     TEXT PRIMARY KEY,"
  "  size       INTEGER NOT NULL,"
  "  mime_type  TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE application_attachments ("
  "  application_id    INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,"
  "  position          INTEGER NOT NULL,"
  "  material_position INTEGER,"
  "  sha256            TEXT NOT NULL REFERENCES attachments (sha256),"
  "  filename          TEXT NOT NULL,"
  "  PRIMARY KEY (application_id, position)"
  ") STRICT;"
  "CREATE TABLE outbox ("
  "  id              INTEGER PRIMARY KEY,"
  "  uuid            TEXT NOT NULL UNIQUE,"
  "  application_id  INTEGER NOT NULL REFERENCES applications (id),"
  "  kind            TEXT NOT NULL DEFAULT 'submission',"
  "  payload         TEXT NOT NULL,"
  "  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending',"
  "                    'delivered', 'parked', 'held')),"
  "  attempts        INTEGER NOT NULL DEFAULT 0,"
  "  last_error      TEXT,"
  "  next_attempt_at INTEGER,"
  "  created_at      INTEGER NOT NULL,"
  "  delivered_at    INTEGER"
  ") STRICT;"
  "CREATE INDEX outbox_by_state ON outbox (state, next_attempt_at);"
  "CREATE TABLE receipt_sequences ("
  "  day  TEXT PRIMARY KEY,"
  "  last INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE id_reveals ("
  "  id             INTEGER PRIMARY KEY,"
  "  application_id INTEGER NOT NULL REFERENCES applications (id),"
  "  operator       TEXT NOT NULL,"
  "  revealed_at    INTEGER NOT NULL"
  ") STRICT;";

/* v4: indexes the applications list needs at 100,000 rows: each row finds its outbox entry,
 * deleting a draft checks the outbox and the reveals, and the list is ordered by recency. */
static const char migration_4[] =
  "CREATE INDEX outbox_by_application ON outbox (application_id);"
  "CREATE INDEX id_reveals_by_application ON id_reveals (application_id);"
  "CREATE INDEX applications_by_recency ON applications"
  "  (coalesce (submitted_at, created_at) DESC, id DESC);"
  "CREATE INDEX applications_by_case_number ON applications (case_number)"
  "  WHERE case_number IS NOT NULL;";

/* v5: sync. The county's answers beside each application (its reason and time of the last
 * status), the per-item result of each delivery, the tus upload of each scan so that a crash
 * resumes it instead of sending it again, and the status feed as received, in order. An entry
 * counts the county's "attachment missing" answers so that a scan it never gets parks it. */
static const char migration_5[] =
  "ALTER TABLE applications ADD COLUMN status_reason TEXT;"
  "ALTER TABLE applications ADD COLUMN status_at INTEGER;"
  "ALTER TABLE outbox ADD COLUMN response TEXT;"
  "ALTER TABLE outbox ADD COLUMN attachment_misses INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE attachment_uploads ("
  "  sha256       TEXT PRIMARY KEY,"
  "  endpoint     TEXT NOT NULL,"
  "  upload_url   TEXT,"
  "  offset       INTEGER NOT NULL DEFAULT 0,"
  "  completed_at INTEGER"
  ") STRICT;"
  "CREATE TABLE status_events ("
  "  id             INTEGER PRIMARY KEY,"
  "  application_id INTEGER NOT NULL REFERENCES applications (id),"
  "  cursor         TEXT NOT NULL,"
  "  state          TEXT NOT NULL,"
  "  reason         TEXT,"
  "  at             INTEGER NOT NULL,"
  "  received_at    INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX status_events_by_application ON status_events (application_id, id);"
  "CREATE INDEX outbox_by_kind_state ON outbox (kind, state, id);";

/* v6: township review. Local operators with a role and a PIN kept only as an Argon2id string
 * (jj-operators.h), the append-only audit log whose rows are hash-chained (jj-audit.h) — the
 * triggers stop our own code from rewriting it, the chain catches anyone who drops them — and
 * the red/yellow card notices already given, one per case per day. */
static const char migration_6[] =
  "CREATE TABLE operators ("
  "  id              INTEGER PRIMARY KEY,"
  "  login           TEXT NOT NULL UNIQUE,"
  "  display_name    TEXT NOT NULL,"
  "  role            TEXT NOT NULL CHECK (role IN ('clerk', 'reviewer', 'technician')),"
  "  pin_hash        TEXT NOT NULL,"
  "  disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),"
  "  failed_attempts INTEGER NOT NULL DEFAULT 0,"
  "  locked_until    INTEGER NOT NULL DEFAULT 0,"
  "  created_at      INTEGER NOT NULL,"
  "  updated_at      INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE audit_log ("
  "  id             INTEGER PRIMARY KEY,"
  "  at             INTEGER NOT NULL,"
  "  operator_login TEXT NOT NULL DEFAULT '',"
  "  operator_role  TEXT NOT NULL DEFAULT '',"
  "  action         TEXT NOT NULL,"
  "  subject        TEXT NOT NULL DEFAULT '',"
  "  detail         TEXT NOT NULL DEFAULT '',"
  "  prev_hash      TEXT NOT NULL,"
  "  hash           TEXT NOT NULL UNIQUE"
  ") STRICT;"
  "CREATE INDEX audit_log_by_at ON audit_log (at, id);"
  "CREATE INDEX audit_log_by_action ON audit_log (action, at, id);"
  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TABLE card_notices ("
  "  application_id INTEGER NOT NULL REFERENCES applications (id),"
  "  day            TEXT NOT NULL,"
  "  card           TEXT NOT NULL CHECK (card IN ('yellow', 'red')),"
  "  PRIMARY KEY (application_id, day)"
  ") STRICT;";

/* v7: revisions. An application sent back to the clerk for correction is resubmitted as a new
 * outbox entry of the same application: `revision` counts them from 1 and `supersedes` names the
 * uuid of the entry it replaces. Two states join the CHECK: `returned` (sent back, never sent
 * again) and `superseded` (a later revision replaced it). SQLite cannot alter a CHECK, so the
 * table is rebuilt with its ids, columns in the same order, and indexes; nothing refers to it. */
static const char migration_7[] =
  "CREATE TABLE outbox_v7 ("
  "  id                INTEGER PRIMARY KEY,"
  "  uuid              TEXT NOT NULL UNIQUE,"
  "  application_id    INTEGER NOT NULL REFERENCES applications (id),"
  "  kind              TEXT NOT NULL DEFAULT 'submission',"
  "  payload           TEXT NOT NULL,"
  "  state             TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending',"
  "                      'delivered', 'parked', 'held', 'returned', 'superseded')),"
  "  attempts          INTEGER NOT NULL DEFAULT 0,"
  "  last_error        TEXT,"
  "  next_attempt_at   INTEGER,"
  "  created_at        INTEGER NOT NULL,"
  "  delivered_at      INTEGER,"
  "  response          TEXT,"
  "  attachment_misses INTEGER NOT NULL DEFAULT 0,"
  "  revision          INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),"
  "  supersedes        TEXT"
  ") STRICT;"
  "INSERT INTO outbox_v7 (id, uuid, application_id, kind, payload, state, attempts, last_error,"
  "  next_attempt_at, created_at, delivered_at, response, attachment_misses)"
  " SELECT id, uuid, application_id, kind, payload, state, attempts, last_error,"
  "  next_attempt_at, created_at, delivered_at, response, attachment_misses FROM outbox;"
  "DROP TABLE outbox;"
  "ALTER TABLE outbox_v7 RENAME TO outbox;"
  "CREATE INDEX outbox_by_state ON outbox (state, next_attempt_at);"
  "CREATE INDEX outbox_by_application ON outbox (application_id);"
  "CREATE INDEX outbox_by_kind_state ON outbox (kind, state, id);"
  "CREATE INDEX outbox_by_delivered ON outbox (delivered_at) WHERE state = 'delivered';";

/* v8: indexes for 100,000 applications (docs/benchmark.md). The list's date filter ranges over
 * creation times; its text search scans, backwards, a covering index in list order instead of
 * the table (whose rows carry the draft document), which also replaces v4's recency index:
 * ascending, so that a new application is appended at its end, where SQLite splits a page
 * cheaply. The open cases are a partial index in the cards' order (promised date, then id)
 * covering what they show, so listing and counting them never reads the table; its condition
 * is ORs, not IN: every write evaluates it, and an IN list of three builds a temporary table
 * each time. */
static const char migration_8[] =
  "CREATE INDEX applications_by_created ON applications (created_at);"
  "CREATE INDEX applications_by_text ON applications"
  "  (coalesce (submitted_at, created_at), id, applicant_name, receipt_number, case_number,"
  "   applicant_id_number, submitted_at, created_at);"
  "DROP INDEX applications_by_recency;"
  "CREATE INDEX applications_open_by_promised ON applications"
  "  (promised_date, id, state, title, case_number, receipt_number, applicant_name,"
  "   applicant_id_number)"
  "  WHERE (state = 'queued' OR state = 'sent' OR state = 'accepted')"
  "    AND promised_date IS NOT NULL;";

static const JjMigration migrations[] = {
  { migration_1, NULL },
  { migration_2, jj_store_catalog_reindex },
  { migration_3, NULL },
  { migration_4, NULL },
  { migration_5, NULL },
  { migration_6, NULL },
  { migration_7, NULL },
  { migration_8, NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == JJ_STORE_SCHEMA_VERSION);

gboolean
jj_store_migration_apply (JjStore     *self,
                          int          version,
                          GError     **error)
{
  const JjMigration *migration;

  g_return_val_if_fail (version >= 1 && version <= (int) G_N_ELEMENTS (migrations), FALSE);

  migration = &migrations[version - 1];
  if (sqlite3_exec (jj_store_get_db (self), migration->sql, NULL, NULL, NULL) != SQLITE_OK)
    return jj_store_set_error (self, error, "migration");

  return migration->fixup == NULL || migration->fixup (self, error);
}
