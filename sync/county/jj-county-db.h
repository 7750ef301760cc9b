/* jj-county-db.h — the reference county server's database (county.db)
 *
 * One SQLite file in WAL mode with synchronous=FULL, shared by the running server and the
 * `jiujin-county admin` commands. All of the server's SQL lives in jj-county-db.c except the
 * attachment store's (jj-county-tus.c). Listings are returned as JSON, which the admin
 * commands print either as it is (--json) or as text.
 *
 * Times are Unix seconds in the database and RFC 3339 UTC strings outside it.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "jj-protocol.h"

G_BEGIN_DECLS

#define JJ_COUNTY_ERROR (jj_county_error_quark ())

/**
 * JjCountyError:
 * @JJ_COUNTY_ERROR_DATABASE: the database cannot be opened, is too new, or a query failed
 * @JJ_COUNTY_ERROR_NOT_FOUND: no such case, terminal or catalogue
 * @JJ_COUNTY_ERROR_CODE_INVALID: no enrollment code like this was ever issued
 * @JJ_COUNTY_ERROR_CODE_USED: the enrollment code was used already
 * @JJ_COUNTY_ERROR_CODE_EXPIRED: the enrollment code is older than 7 days
 * @JJ_COUNTY_ERROR_STATE: the case cannot move to that state from where it is
 * @JJ_COUNTY_ERROR_INVALID: an argument is not acceptable (the message says why)
 * @JJ_COUNTY_ERROR_CASE_CLOSED: a revision supersedes a case the county has already accepted,
 *   completed or rejected
 * @JJ_COUNTY_ERROR_REVISION_CONFLICT: a revision supersedes one that is not its case's latest
 */
typedef enum
{
  JJ_COUNTY_ERROR_DATABASE,
  JJ_COUNTY_ERROR_NOT_FOUND,
  JJ_COUNTY_ERROR_CODE_INVALID,
  JJ_COUNTY_ERROR_CODE_USED,
  JJ_COUNTY_ERROR_CODE_EXPIRED,
  JJ_COUNTY_ERROR_STATE,
  JJ_COUNTY_ERROR_INVALID,
  JJ_COUNTY_ERROR_CASE_CLOSED,
  JJ_COUNTY_ERROR_REVISION_CONFLICT,
} JjCountyError;

#define JJ_COUNTY_CODE_LIFETIME (7 * 24 * 3600)

typedef struct _JjCountyDb JjCountyDb;

GQuark        jj_county_error_quark      (void);

/* Opens (creating @data_dir and the file if needed) DATA_DIR/county.db and brings its schema
 * up to date. NULL with JJ_COUNTY_ERROR_DATABASE when it cannot be used. */
JjCountyDb   *jj_county_db_open          (const char   *data_dir,
                                          GError      **error);
void          jj_county_db_free          (JjCountyDb   *self);
sqlite3      *jj_county_db_get_handle    (JjCountyDb   *self);

/* A cached prepared statement, reset and unbound; NULL with an error when @sql is wrong. */
sqlite3_stmt *jj_county_db_prepare       (JjCountyDb   *self,
                                          const char   *sql,
                                          GError      **error);
gboolean      jj_county_db_begin         (JjCountyDb   *self,
                                          GError      **error);
gboolean      jj_county_db_commit        (JjCountyDb   *self,
                                          GError      **error);
void          jj_county_db_rollback      (JjCountyDb   *self);
/* Whether another connection (an admin command) committed since the last call. */
gboolean      jj_county_db_changed       (JjCountyDb   *self);

/* "2026-11-29T08:31:02Z". Caller frees. */
char         *jj_county_format_time      (gint64        unix_time);
/* An enrollment code as compared: upper case, without hyphens and spaces, Crockford's
 * look-alikes (O, I, L) read as digits. NULL when it cannot be a code. Caller frees. */
char         *jj_county_normalize_code   (const char   *code);

/* Enrollment. issue_code returns "XXXX-XXXX-XXXX", valid once for 7 days from @now. */
char         *jj_county_db_issue_code    (JjCountyDb   *self,
                                          const char   *service_point,
                                          gint64        now,
                                          GError      **error);
/* Uses @code (already normalized) and creates a terminal; returns the enrollment answer
 * (terminal_id, terminal_code, service_point, token). The token exists only in the answer:
 * the database keeps its SHA-256. */
JsonNode     *jj_county_db_enroll        (JjCountyDb   *self,
                                          const char   *code,
                                          const char   *app,
                                          const char   *hostname,
                                          gint64        now,
                                          GError      **error);

/* The terminal id of a token that is issued and not revoked, or NULL. Caller frees. */
char         *jj_county_db_authenticate  (JjCountyDb   *self,
                                          const char   *token);
/* Records a request of @terminal_id at @now, and @state when it is not NULL. */
gboolean      jj_county_db_record_contact (JjCountyDb            *self,
                                           const char            *terminal_id,
                                           const JjTerminalState *state,
                                           gint64                 now,
                                           GError               **error);
gboolean      jj_county_db_revoke        (JjCountyDb   *self,
                                          const char   *terminal_id,
                                          gint64        now,
                                          GError      **error);
/* Every terminal, as objects with the members printed by `admin terminals --json`; `quiet`
 * is true when it was last seen before @now - @quiet_after (or never). */
JsonNode     *jj_county_db_list_terminals (JjCountyDb  *self,
                                           gint64       now,
                                           gint64       quiet_after,
                                           GError     **error);

/* Submissions and evaluations share the idempotency bookkeeping: @kind is "cases" or
 * "evaluations". Returns TRUE and the stored fingerprint and result of (@terminal_id, @key)
 * when one exists; FALSE without error when none does. */
gboolean      jj_county_db_lookup_item   (JjCountyDb   *self,
                                          const char   *kind,
                                          const char   *terminal_id,
                                          const char   *key,
                                          char        **fingerprint,
                                          char        **result,
                                          GError      **error);

/* Stores a case inside the caller's transaction and returns its result (the 201 item result
 * with "replayed": false, as text: what every replay repeats). An item with `supersedes`
 * whose key is one of @terminal_id's revisions becomes the next revision of that case instead
 * (section 7, "Revisions"); JJ_COUNTY_ERROR_CASE_CLOSED or JJ_COUNTY_ERROR_REVISION_CONFLICT,
 * with nothing written, when it cannot. */
char         *jj_county_db_insert_case   (JjCountyDb   *self,
                                          const char   *terminal_id,
                                          const char   *case_prefix,
                                          JsonObject   *item,
                                          const char   *fingerprint,
                                          gint64        now,
                                          GError      **error);
char         *jj_county_db_insert_evaluation (JjCountyDb *self,
                                              const char *terminal_id,
                                              JsonObject *item,
                                              const char *fingerprint,
                                              gint64      now,
                                              GError    **error);

/* One case as `GET v1/cases/N` answers it, with its revisions oldest first; NULL with
 * JJ_COUNTY_ERROR_NOT_FOUND when it does not exist or belongs to another terminal
 * (@terminal_id NULL: any terminal). */
JsonNode     *jj_county_db_get_case      (JjCountyDb   *self,
                                          const char   *terminal_id,
                                          const char   *case_number,
                                          GError      **error);
/* Cases for `admin cases`, newest first; @terminal_id NULL for all. */
JsonNode     *jj_county_db_list_cases    (JjCountyDb   *self,
                                          const char   *terminal_id,
                                          GError      **error);
/* A case state ("received", "accepted", …) in the administrator's language. */
const char   *jj_county_case_state_label  (const char  *state);

/* Moves a case to @state ("accepted", "completed", "returned", "rejected") and appends the
 * status event. JJ_COUNTY_ERROR_STATE when the case is already completed or rejected, or the
 * move makes no sense (completing a returned case). */
gboolean      jj_county_db_set_case_state (JjCountyDb  *self,
                                           const char  *case_number,
                                           const char  *state,
                                           const char  *reason,
                                           gint64       now,
                                           GError     **error);
/* The ids of cases waiting in @state since before @before, oldest first (for --demo). */
GPtrArray    *jj_county_db_cases_waiting (JjCountyDb   *self,
                                          const char   *state,
                                          gint64        before,
                                          GError      **error);

/* A page of the status feed of @terminal_id after @after (0: from the start): the answer of
 * `GET v1/statuses`. FALSE with JJ_COUNTY_ERROR_INVALID when @after is not a cursor of this
 * terminal. */
JsonNode     *jj_county_db_statuses      (JjCountyDb   *self,
                                          const char   *terminal_id,
                                          gint64        after,
                                          guint         limit,
                                          GError      **error);

/* Stores @document (already validated) as catalogue @version, with its gzip form. Publishing
 * the same version again with different bytes is JJ_COUNTY_ERROR_INVALID. */
gboolean      jj_county_db_publish_catalog (JjCountyDb *self,
                                            const char *version,
                                            GBytes     *document,
                                            GBytes     *gzipped,
                                            gint64      now,
                                            GError    **error);
/* The latest catalogue: FALSE without error when none was published. */
gboolean      jj_county_db_current_catalog (JjCountyDb  *self,
                                            char       **version,
                                            GBytes     **document,
                                            GBytes     **gzipped,
                                            GError     **error);

/* Fault injection (docs/jiujin-county.md). A fault with @count 0 lasts until cleared. */
typedef struct
{
  gint64  id;
  char   *route;
  char   *method;        /* NULL: any */
  char   *kind;          /* status, garbage, truncate, stall, reset */
  guint   status;
  gint64  retry_after;   /* seconds, 0: none */
  gint64  seconds;       /* for stall */
} JjCountyFault;

void          jj_county_fault_free       (JjCountyFault *fault);
gboolean      jj_county_db_add_fault     (JjCountyDb    *self,
                                          const JjCountyFault *fault,
                                          gint64         count,
                                          GError       **error);
gboolean      jj_county_db_clear_faults  (JjCountyDb    *self,
                                          GError       **error);
gint64        jj_county_db_count_faults  (JjCountyDb    *self);
/* The oldest fault whose route is a prefix of @path (and whose method matches), used up by
 * one; NULL when none applies. */
JjCountyFault *jj_county_db_take_fault   (JjCountyDb    *self,
                                          const char    *method,
                                          const char    *path);

/* Gauges for /metrics: terminals, quiet terminals, cases by state. */
JsonNode     *jj_county_db_gauges        (JjCountyDb    *self,
                                          gint64         now,
                                          gint64         quiet_after);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjCountyDb, jj_county_db_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjCountyFault, jj_county_fault_free)

G_END_DECLS
