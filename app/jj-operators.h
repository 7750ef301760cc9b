/* jj-operators.h — local operator accounts, their roles, PINs and sessions
 *
 * Every person who uses the terminal logs in as an operator (操作员) with a role: a clerk
 * (村/社区 entry), a township reviewer (乡镇审核) or a technician (运维). The role alone decides
 * what the session may do (jj_session_can()); pages and actions that a role lacks do not exist
 * for it. A PIN is 6 to 12 digits and is stored only as a libsodium crypto_pwhash_str() string
 * (Argon2id, OPSLIMIT/MEMLIMIT_INTERACTIVE; salt and parameters inside it). Five wrong PINs in a
 * row lock the account for five minutes. See docs/operators-and-audit.md.
 *
 * Every function here takes the store's lock itself and may be called from a worker thread;
 * the login and PIN functions are deliberately slow (the KDF takes tens of milliseconds and
 * 64 MiB), so a UI calls them from a GTask.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jj-store.h"

G_BEGIN_DECLS

#define JJ_OPERATORS_ERROR (jj_operators_error_quark ())

/**
 * JjOperatorsError:
 * @JJ_OPERATORS_ERROR_INVALID: a login, name, role or PIN is not acceptable (the message says
 *   which and why)
 * @JJ_OPERATORS_ERROR_EXISTS: an operator with that login exists already
 * @JJ_OPERATORS_ERROR_NOT_FOUND: no operator with that login
 * @JJ_OPERATORS_ERROR_WRONG_PIN: the login is unknown or the PIN does not match (one error for
 *   both: a guesser at a jiujinctl prompt learns nothing from it)
 * @JJ_OPERATORS_ERROR_LOCKED: too many wrong PINs; try again after the lock-out
 * @JJ_OPERATORS_ERROR_DISABLED: the operator is disabled
 * @JJ_OPERATORS_ERROR_FORBIDDEN: the session's role does not allow the action
 * @JJ_OPERATORS_ERROR_LAST_TECHNICIAN: the change would leave no enabled technician
 * @JJ_OPERATORS_ERROR_SETUP_DONE: a technician exists already, first-run setup is over
 * @JJ_OPERATORS_ERROR_CRYPTO: libsodium could not start or hash (out of memory)
 */
typedef enum
{
  JJ_OPERATORS_ERROR_INVALID,
  JJ_OPERATORS_ERROR_EXISTS,
  JJ_OPERATORS_ERROR_NOT_FOUND,
  JJ_OPERATORS_ERROR_WRONG_PIN,
  JJ_OPERATORS_ERROR_LOCKED,
  JJ_OPERATORS_ERROR_DISABLED,
  JJ_OPERATORS_ERROR_FORBIDDEN,
  JJ_OPERATORS_ERROR_LAST_TECHNICIAN,
  JJ_OPERATORS_ERROR_SETUP_DONE,
  JJ_OPERATORS_ERROR_CRYPTO,
} JjOperatorsError;

typedef enum
{
  JJ_ROLE_CLERK,
  JJ_ROLE_REVIEWER,
  JJ_ROLE_TECHNICIAN,
} JjRole;

/* What a session may do. The matrix lives in jj_role_can(); docs/operators-and-audit.md has
 * it as a table. */
typedef enum
{
  JJ_PERMISSION_INTAKE,             /* start and submit applications */
  JJ_PERMISSION_VIEW_APPLICATIONS,  /* the list and details, ID numbers masked */
  JJ_PERMISSION_REVEAL_ID,          /* see an unmasked ID number (audited) */
  JJ_PERMISSION_QUEUE_VIEW,         /* the sync queue page */
  JJ_PERMISSION_QUEUE_RETRY,        /* retry now */
  JJ_PERMISSION_QUEUE_HOLD,         /* hold, release, send back to the clerk */
  JJ_PERMISSION_STATISTICS,
  JJ_PERMISSION_AUDIT,              /* view, export and verify the audit log */
  JJ_PERMISSION_MANAGE_OPERATORS,
  JJ_PERMISSION_SETTINGS,
} JjPermission;

#define JJ_PIN_MIN_DIGITS 6
#define JJ_PIN_MAX_DIGITS 12
/* This many wrong PINs in a row lock the account for JJ_OPERATORS_LOCKOUT_SECONDS. */
#define JJ_OPERATORS_MAX_FAILURES    5
#define JJ_OPERATORS_LOCKOUT_SECONDS (5 * 60)

/* "clerk", "reviewer", "technician" — the names in the database, jiujinctl and the audit log. */
const char *jj_role_to_string        (JjRole        role);
/* FALSE for an unknown name. */
gboolean    jj_role_from_string      (const char   *name,
                                      JjRole       *role);
/* The role's name for people (translated): 村/社区经办人, 乡镇审核员, 技术员. */
const char *jj_role_get_display_name (JjRole        role);
/* The permission matrix. */
gboolean    jj_role_can              (JjRole        role,
                                      JjPermission  permission);

/* One operator as listed; never carries the PIN hash. */
typedef struct
{
  gint64  id;
  char   *login;
  char   *display_name;
  JjRole  role;
  gboolean disabled;
  int     failed_attempts;
  gint64  locked_until;   /* Unix time; in the past or 0 when not locked */
  gint64  created_at;
  gint64  updated_at;
} JjOperator;

void        jj_operator_free         (JjOperator   *op);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjOperator, jj_operator_free)

/* A logged-in operator. Immutable and reference-counted (boxed). */
typedef struct _JjSession JjSession;

#define JJ_TYPE_SESSION (jj_session_get_type ())

GType       jj_session_get_type      (void) G_GNUC_CONST;
JjSession  *jj_session_ref           (JjSession    *session);
void        jj_session_unref         (JjSession    *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjSession, jj_session_unref)

gint64      jj_session_get_operator_id  (JjSession *session);
const char *jj_session_get_login        (JjSession *session);
const char *jj_session_get_display_name (JjSession *session);
JjRole      jj_session_get_role         (JjSession *session);
/* Unix time of the login. */
gint64      jj_session_get_logged_in_at (JjSession *session);
/* jj_role_can() of the session's role; FALSE for a NULL session. */
gboolean    jj_session_can              (JjSession    *session,
                                         JjPermission  permission);

GQuark      jj_operators_error_quark (void);

/* Checks a PIN's shape: JJ_PIN_MIN_DIGITS to JJ_PIN_MAX_DIGITS ASCII digits. */
gboolean    jj_operators_check_pin   (const char   *pin,
                                      GError      **error);

/* TRUE while no technician exists (enabled or not): the terminal needs first-run setup. */
gboolean    jj_operators_needs_setup (JjStore      *store,
                                      GError      **error);

/* First-run setup: creates the first technician, audited as `operator-add` by nobody.
 * JJ_OPERATORS_ERROR_SETUP_DONE once a technician exists. Returns the new operator's id, or
 * 0 on failure. */
gint64      jj_operators_create_first_technician (JjStore     *store,
                                                  const char  *login,
                                                  const char  *display_name,
                                                  const char  *pin,
                                                  GError     **error);

/* Checks @pin against @login's hash. On success resets the failure counter, audits `login`
 * and returns a new session. A wrong PIN (or an unknown login) fails with
 * JJ_OPERATORS_ERROR_WRONG_PIN and audits `login-failed`; the fifth failure in a row also locks
 * the account for JJ_OPERATORS_LOCKOUT_SECONDS and audits `lock`. While locked every attempt
 * fails with JJ_OPERATORS_ERROR_LOCKED without looking at the PIN; a disabled operator with
 * JJ_OPERATORS_ERROR_DISABLED (both audited as `login-failed`). */
JjSession  *jj_operators_login       (JjStore      *store,
                                      const char   *login,
                                      const char   *pin,
                                      GError      **error);

/* Audits `logout` for @session and, when @session is the store's current one, clears it. */
gboolean    jj_operators_logout      (JjStore      *store,
                                      JjSession    *session,
                                      GError      **error);

/* The session on whose behalf the core audits what it does without a session argument
 * (submitting, revealing an ID number): the UI sets it after login and clears it (NULL) on
 * logout and idle lock. The store keeps a reference. get returns a new reference or NULL. */
void        jj_operators_set_current (JjStore      *store,
                                      JjSession    *session);
JjSession  *jj_operators_get_current (JjStore      *store);

/* Operator management. Each needs a session with JJ_PERMISSION_MANAGE_OPERATORS (otherwise
 * JJ_OPERATORS_ERROR_FORBIDDEN, and the refusal is audited) and is audited as
 * `operator-add`, `-disable`, `-enable`, `-reset-pin` or `-role` with the login as subject.
 * Disabling, or changing the role of, the last enabled technician fails with
 * JJ_OPERATORS_ERROR_LAST_TECHNICIAN. Resetting a PIN also clears a lock-out. */
gint64      jj_operators_add         (JjStore      *store,
                                      JjSession    *session,
                                      const char   *login,
                                      const char   *display_name,
                                      JjRole        role,
                                      const char   *pin,
                                      GError      **error);
gboolean    jj_operators_set_disabled (JjStore     *store,
                                       JjSession   *session,
                                       const char  *login,
                                       gboolean     disabled,
                                       GError     **error);
gboolean    jj_operators_reset_pin   (JjStore      *store,
                                      JjSession    *session,
                                      const char   *login,
                                      const char   *pin,
                                      GError      **error);
gboolean    jj_operators_set_role    (JjStore      *store,
                                      JjSession    *session,
                                      const char   *login,
                                      JjRole        role,
                                      GError      **error);

/* Every operator, by login. Needs no session: the login screen lists who may log in. Returns a
 * new array of JjOperator. */
GPtrArray  *jj_operators_list        (JjStore      *store,
                                      GError      **error);

/* One operator, or NULL with JJ_OPERATORS_ERROR_NOT_FOUND. */
JjOperator *jj_operators_lookup      (JjStore      *store,
                                      const char   *login,
                                      GError      **error);

G_END_DECLS
