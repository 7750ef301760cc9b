/* jj-audit.h — the append-only, hash-chained audit log (审计日志)
 *
 * Every sensitive action is one row: who (the operator's login and role at the time), what
 * (an action name below), on what (the subject: a login, a receipt number, an outbox UUID…)
 * and a detail (a JSON object as text, or ""). Rows are never updated or deleted — triggers
 * abort any attempt — and each row carries the SHA-256 of the previous row (prev_hash) and its
 * own hash over
 *
 *   prev_hash, id, at, operator login, operator role, action, subject, detail
 *
 * each field as its UTF-8 bytes preceded by their length as 8 bytes big-endian, after the
 * 16-byte tag "jiujin-audit-v1\n" (docs/operators-and-audit.md). The first row's prev_hash is
 * 64 zeros. Ids run 1, 2, 3… without gaps, so an edit, a deletion or a reordering made with
 * sqlite3 after dropping the triggers breaks the chain and jj_audit_verify() finds it.
 *
 * A refusal is audited under the action that was refused, with "outcome": "refused" in the
 * detail; an operator's reason for an action is the detail's "reason".
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jj-operators.h"

G_BEGIN_DECLS

#define JJ_AUDIT_ERROR (jj_audit_error_quark ())

/**
 * JjAuditError:
 * @JJ_AUDIT_ERROR_INVALID: an action name that is not one of JJ_AUDIT_*, or a detail that is
 *   not a JSON object
 * @JJ_AUDIT_ERROR_IO: the export file cannot be written
 */
typedef enum
{
  JJ_AUDIT_ERROR_INVALID,
  JJ_AUDIT_ERROR_IO,
} JjAuditError;

/* The actions. Strings, because they are stored, exported and shown as they are. */
#define JJ_AUDIT_LOGIN             "login"
#define JJ_AUDIT_LOGOUT            "logout"
#define JJ_AUDIT_LOGIN_FAILED      "login-failed"
#define JJ_AUDIT_LOCK              "lock"             /* PIN lock-out, or the UI's idle lock */
#define JJ_AUDIT_SUBMIT            "submit"
#define JJ_AUDIT_REVEAL_ID         "reveal-id"
#define JJ_AUDIT_QUEUE_RETRY       "queue-retry"
#define JJ_AUDIT_QUEUE_HOLD        "queue-hold"
#define JJ_AUDIT_QUEUE_RELEASE     "queue-release"
#define JJ_AUDIT_QUEUE_SEND_BACK   "queue-send-back"  /* returned to the clerk for correction */
#define JJ_AUDIT_CORRECTION_OPEN   "correction-open"  /* a returned application reopened */
#define JJ_AUDIT_EXPORT            "export"
#define JJ_AUDIT_SETTINGS_CHANGE   "settings-change"
#define JJ_AUDIT_OPERATOR_ADD      "operator-add"
#define JJ_AUDIT_OPERATOR_DISABLE  "operator-disable"
#define JJ_AUDIT_OPERATOR_ENABLE   "operator-enable"
#define JJ_AUDIT_OPERATOR_RESET_PIN "operator-reset-pin"
#define JJ_AUDIT_OPERATOR_ROLE     "operator-role"

/* TRUE for one of the action names above. */
gboolean    jj_audit_is_action           (const char *action);
/* The action's description for people (translated), e.g. "Held a queue item"; @action itself
 * for an unknown name. */
const char *jj_audit_action_display_name (const char *action);

/* One row of the log. */
typedef struct
{
  gint64  id;
  gint64  at;              /* Unix time */
  char   *operator_login;  /* "" when no one was logged in (first-run, a failed login) */
  char   *operator_role;   /* jj_role_to_string(), or "" */
  char   *action;
  char   *subject;
  char   *detail;          /* a JSON object as text, or "" */
  char   *prev_hash;       /* 64 lowercase hex digits */
  char   *hash;
} JjAuditEntry;

void jj_audit_entry_free (JjAuditEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjAuditEntry, jj_audit_entry_free)

/* Why jj_audit_verify() stopped. */
typedef enum
{
  JJ_AUDIT_BREAK_NONE,          /* the chain is intact */
  JJ_AUDIT_BREAK_MODIFIED,      /* the row's content does not match its hash */
  JJ_AUDIT_BREAK_MISSING,       /* rows before it are gone (a gap in the ids, or its
                                   predecessor's hash is nowhere in the log) */
  JJ_AUDIT_BREAK_OUT_OF_ORDER,  /* an intact row that belongs elsewhere in the chain */
} JjAuditBreak;

/* A sentence for people (translated) about @kind. */
const char *jj_audit_break_describe (JjAuditBreak kind);

GQuark      jj_audit_error_quark    (void);

/* Appends one row on behalf of @session (NULL: the store's current session, see
 * jj_operators_set_current(); none at all records an empty operator). @subject may be NULL
 * (""); @detail_json NULL or a JSON object as text. Returns the new row's id, or 0 on failure.
 *
 * Works inside or outside a transaction: when the caller holds the store's lock and has begun
 * a transaction (jj_store_begin()), the row is part of it and is rolled back with it — that is
 * how an action and its record commit together; otherwise the row is written in a transaction
 * of its own. Either way the store's lock is taken, so rows of concurrent appends chain in
 * the order they commit. */
gint64      jj_audit_append         (JjStore      *store,
                                     JjSession    *session,
                                     const char   *action,
                                     const char   *subject,
                                     const char   *detail_json,
                                     GError      **error);

/* Walks the whole chain, in id order. Returns TRUE when the walk completed: then
 * @first_broken_id is 0 and @kind JJ_AUDIT_BREAK_NONE for an intact log, or the id of the
 * first row whose link is broken and why. @n_rows and @head_hash (may be NULL) get the number
 * of rows checked and the last intact row's hash (64 zeros for an empty log), which a
 * technician can write down to detect a truncated tail later. FALSE only when the database
 * cannot be read. */
gboolean    jj_audit_verify         (JjStore      *store,
                                     gint64       *first_broken_id,
                                     JjAuditBreak *kind,
                                     gint64       *n_rows,
                                     char        **head_hash,
                                     GError      **error);

/* Rows with @since <= at < @until (0: unbounded), of @action (NULL: all), newest first,
 * skipping @offset and returning at most @limit (0: all). Returns a new array of
 * JjAuditEntry. Checks no role: show the log only to a session with JJ_PERMISSION_AUDIT. */
GPtrArray  *jj_audit_list           (JjStore      *store,
                                     gint64        since,
                                     gint64        until,
                                     const char   *action,
                                     guint         limit,
                                     guint         offset,
                                     GError      **error);

/* How many rows jj_audit_list() would return without a limit. -1 on failure. */
gint64      jj_audit_count          (JjStore      *store,
                                     gint64        since,
                                     gint64        until,
                                     const char   *action,
                                     GError      **error);

/* Writes the rows of the same filter, oldest first, as RFC 4180 CSV in UTF-8 with a header
 * line (id,at,time,operator,role,action,subject,detail,prev_hash,hash; `time` in local ISO
 * 8601; a field starting with = + - or @ is prefixed with ' so that a spreadsheet does not run
 * it) to @path with mode 0600, replacing it atomically. Needs a session with
 * JJ_PERMISSION_AUDIT (NULL: the current one; otherwise JJ_OPERATORS_ERROR_FORBIDDEN, audited);
 * the export itself is audited as `export` with @path as subject and the row count. Returns
 * the number of rows written, or -1. */
gint64      jj_audit_export_csv     (JjStore      *store,
                                     JjSession    *session,
                                     gint64        since,
                                     gint64        until,
                                     const char   *action,
                                     const char   *path,
                                     GError      **error);

G_END_DECLS
