/* jj-operators.c — local operator accounts, their PINs, login and management
 *
 * PINs go through libsodium's crypto_pwhash_str_alg() with Argon2id at the INTERACTIVE limits:
 * a memory-hard KDF whose string carries its own salt and parameters, checked in constant time
 * by crypto_pwhash_str_verify(). A 6-digit PIN has only a million values, so the KDF's cost
 * per guess and the lock-out after JJ_OPERATORS_MAX_FAILURES are what protect it. The KDF runs
 * without the store's lock, so the sync engine is not held up by a login.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "jj-audit-private.h"
#include "jj-operators-private.h"
#include "jj-store-private.h"

#define LOGIN_MAX_LENGTH 32
#define DISPLAY_NAME_MAX_LENGTH 64

G_DEFINE_QUARK (jj-operators-error-quark, jj_operators_error)

#define OPERATOR_COLUMNS \
  "SELECT id, login, display_name, role, disabled, failed_attempts, locked_until, created_at," \
  "  updated_at, pin_hash FROM operators"

void
jj_operator_free (JjOperator *op)
{
  if (op == NULL)
    return;
  g_free (op->login);
  g_free (op->display_name);
  g_free (op);
}

gint64
jj_operators_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* sodium_init() once per process; it is thread-safe, but its answer is kept. */
static gboolean
ensure_sodium (GError **error)
{
  static gsize state = 0;

  if (g_once_init_enter (&state))
    g_once_init_leave (&state, sodium_init () < 0 ? 2 : 1);
  if (state == 1)
    return TRUE;
  g_set_error_literal (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_CRYPTO,
                       _("The cryptography library could not start."));
  return FALSE;
}

gboolean
jj_operators_check_pin (const char  *pin,
                        GError     **error)
{
  size_t length = pin != NULL ? strlen (pin) : 0;

  for (size_t i = 0; i < length; i++)
    if (!g_ascii_isdigit (pin[i]))
      length = 0;
  if (length >= JJ_PIN_MIN_DIGITS && length <= JJ_PIN_MAX_DIGITS)
    return TRUE;

  g_set_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_INVALID,
               _("A PIN is %d to %d digits, nothing else."), JJ_PIN_MIN_DIGITS, JJ_PIN_MAX_DIGITS);
  return FALSE;
}

static gboolean
login_is_valid (const char *login)
{
  size_t length = login != NULL ? strlen (login) : 0;

  if (length == 0 || length > LOGIN_MAX_LENGTH || !g_ascii_isalnum (login[0]))
    return FALSE;
  for (size_t i = 0; i < length; i++)
    if (!g_ascii_islower (login[i]) && !g_ascii_isdigit (login[i]) &&
        strchr ("._-", login[i]) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
check_login (const char  *login,
             GError     **error)
{
  if (login_is_valid (login))
    return TRUE;
  g_set_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_INVALID,
               _("A login is 1 to %d lowercase letters, digits, dots, dashes or underscores, "
                 "starting with a letter or digit."),
               LOGIN_MAX_LENGTH);
  return FALSE;
}

static gboolean
check_display_name (const char  *name,
                    GError     **error)
{
  const char *p;

  if (name == NULL || !g_utf8_validate (name, -1, NULL) ||
      g_utf8_strlen (name, -1) > DISPLAY_NAME_MAX_LENGTH)
    goto invalid;
  for (p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      goto invalid;
  for (p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;

invalid:
  g_set_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_INVALID,
               _("A name is 1 to %d characters on one line."), DISPLAY_NAME_MAX_LENGTH);
  return FALSE;
}

/* The Argon2id string of @pin: "$argon2id$v=19$m=65536,t=2,p=1$salt$hash". */
static char *
hash_pin (const char  *pin,
          GError     **error)
{
  char hashed[crypto_pwhash_STRBYTES];

  if (!jj_operators_check_pin (pin, error) || !ensure_sodium (error))
    return NULL;
  if (crypto_pwhash_str_alg (hashed, pin, strlen (pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_CRYPTO,
                           _("There is not enough memory to protect the PIN."));
      return NULL;
    }
  return g_strdup (hashed);
}

static JjOperator *
operator_from_row (sqlite3_stmt  *stmt,
                   char         **pin_hash)
{
  JjOperator *op = g_new0 (JjOperator, 1);

  op->id = sqlite3_column_int64 (stmt, 0);
  op->login = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  op->display_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  if (!jj_role_from_string ((const char *) sqlite3_column_text (stmt, 3), &op->role))
    g_assert_not_reached ();   /* the CHECK constraint allows no other name */
  op->disabled = sqlite3_column_int (stmt, 4) != 0;
  op->failed_attempts = sqlite3_column_int (stmt, 5);
  op->locked_until = sqlite3_column_int64 (stmt, 6);
  op->created_at = sqlite3_column_int64 (stmt, 7);
  op->updated_at = sqlite3_column_int64 (stmt, 8);
  if (pin_hash != NULL)
    *pin_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
  return op;
}

/* The operator @login with its PIN hash, or NULL: with an error only when the database fails. */
static JjOperator *
find_operator (JjStore     *store,
               const char  *login,
               char       **pin_hash,
               GError     **error)
{
  JjOperator *op = NULL;
  sqlite3_stmt *stmt;
  int rc;

  jj_store_lock (store);
  stmt = jj_store_prepare (store, OPERATOR_COLUMNS " WHERE login = ?1", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, login, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        op = operator_from_row (stmt, pin_hash);
      else if (rc != SQLITE_DONE)
        jj_store_set_error (store, error, _("Could not read the operators"));
      sqlite3_reset (stmt);
    }
  jj_store_unlock (store);
  return op;
}

JjOperator *
jj_operators_lookup (JjStore     *store,
                     const char  *login,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JjOperator *op;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);

  op = find_operator (store, login, NULL, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (op == NULL)
    g_set_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_NOT_FOUND,
                 _("There is no operator “%s”."), login);
  return op;
}

GPtrArray *
jj_operators_list (JjStore  *store,
                   GError  **error)
{
  g_autoptr(GPtrArray) operators =
    g_ptr_array_new_with_free_func ((GDestroyNotify) jj_operator_free);
  sqlite3_stmt *stmt;
  int rc = SQLITE_ERROR;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);

  jj_store_lock (store);
  stmt = jj_store_prepare (store, OPERATOR_COLUMNS " ORDER BY login", error);
  if (stmt != NULL)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (operators, operator_from_row (stmt, NULL));
      if (rc != SQLITE_DONE)
        jj_store_set_error (store, error, _("Could not read the operators"));
      sqlite3_reset (stmt);
    }
  jj_store_unlock (store);

  return rc == SQLITE_DONE ? g_steal_pointer (&operators) : NULL;
}

/* Runs @stmt (bound by the caller) to completion. */
static gboolean
step_done (JjStore       *store,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || jj_store_set_error (store, error, _("Could not save the operator"));
}

/* The number of enabled (or, with @any, all) technicians other than @except_login. -1 on
 * failure. */
static gint64
count_technicians (JjStore     *store,
                   gboolean     any,
                   const char  *except_login,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;

  stmt = jj_store_prepare (store,
                           "SELECT count(*) FROM operators WHERE role = 'technician'"
                           "  AND (?1 OR disabled = 0) AND login IS NOT ?2",
                           error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int (stmt, 1, any);
  sqlite3_bind_text (stmt, 2, except_login, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    jj_store_set_error (store, error, _("Could not read the operators"));
  sqlite3_reset (stmt);
  return count;
}

gboolean
jj_operators_needs_setup (JjStore  *store,
                          GError  **error)
{
  gint64 count;

  g_return_val_if_fail (JJ_IS_STORE (store), FALSE);

  jj_store_lock (store);
  count = count_technicians (store, TRUE, NULL, error);
  jj_store_unlock (store);
  return count == 0;
}

/* Inserts an operator; call in a transaction. Returns the new id, or 0. */
static gint64
insert_operator (JjStore     *store,
                 const char  *login,
                 const char  *display_name,
                 JjRole       role,
                 const char  *pin_hash,
                 GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 now = jj_operators_now ();
  int rc;

  stmt = jj_store_prepare (store,
                           "INSERT INTO operators (login, display_name, role, pin_hash, created_at,"
                           "  updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                           error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, display_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, jj_role_to_string (role), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, pin_hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, now);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return sqlite3_last_insert_rowid (jj_store_get_db (store));
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    g_set_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_EXISTS,
                 _("There is already an operator “%s”."), login);
  else
    jj_store_set_error (store, error, _("Could not save the operator"));
  return 0;
}

/* Commits when @ok, rolls back otherwise; releases the lock either way. */
static gboolean
finish (JjStore   *store,
        gboolean   ok,
        GError   **error)
{
  ok = ok && jj_store_commit (store, error);
  if (!ok)
    jj_store_rollback (store);
  jj_store_unlock (store);
  return ok;
}

static JsonObject *
role_detail (JjRole role)
{
  JsonObject *detail = json_object_new ();

  json_object_set_string_member (detail, "role", jj_role_to_string (role));
  return detail;
}

gint64
jj_operators_create_first_technician (JjStore     *store,
                                      const char  *login,
                                      const char  *display_name,
                                      const char  *pin,
                                      GError     **error)
{
  g_autofree char *pin_hash = NULL;
  g_autoptr(JsonObject) detail = NULL;
  gint64 count, id = 0;

  g_return_val_if_fail (JJ_IS_STORE (store), 0);

  if (!check_login (login, error) || !check_display_name (display_name, error) ||
      (pin_hash = hash_pin (pin, error)) == NULL)
    return 0;

  detail = role_detail (JJ_ROLE_TECHNICIAN);
  json_object_set_boolean_member (detail, "first_run", TRUE);

  jj_store_lock (store);
  if (!jj_store_begin (store, error))
    {
      jj_store_unlock (store);
      return 0;
    }
  /* Counted inside the transaction, so two first runs at once cannot both succeed. */
  count = count_technicians (store, TRUE, NULL, error);
  if (count > 0)
    g_set_error_literal (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_SETUP_DONE,
                         _("A technician exists already: ask them to add operators."));
  if (count == 0)
    id = insert_operator (store, login, display_name, JJ_ROLE_TECHNICIAN, pin_hash, error);
  if (!finish (store, id != 0 && jj_audit_append_object (store, NULL, JJ_AUDIT_OPERATOR_ADD,
                                                         login, detail, error) != 0,
               error))
    return 0;
  return id;
}

/* Audits a failed login of @login (NULL when it is not even a possible login). */
static void
audit_login_failed (JjStore    *store,
                    const char *login,
                    const char *why,
                    int         failures)
{
  g_autoptr(JsonObject) detail = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (detail, "why", why);
  if (failures > 0)
    json_object_set_int_member (detail, "failures", failures);
  if (jj_audit_append_object (store, NULL, JJ_AUDIT_LOGIN_FAILED, login, detail, &error) == 0)
    g_warning ("Could not record a failed login: %s", error->message);
}

static void
set_wrong_pin_error (GError **error)
{
  g_set_error_literal (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_WRONG_PIN,
                       _("The login or the PIN is wrong."));
}

static void
set_locked_error (gint64    locked_until,
                  gint64    now,
                  GError  **error)
{
  int minutes = (int) MAX (1, (locked_until - now + 59) / 60);

  g_set_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_LOCKED,
               g_dngettext (GETTEXT_PACKAGE,
                            "Too many wrong PINs. Try again in %d minute.",
                            "Too many wrong PINs. Try again in %d minutes.", minutes),
               minutes);
}

/* Counts a wrong PIN for @op and locks the account at the last allowed failure, in one
 * transaction with its audit rows. */
static void
record_wrong_pin (JjStore    *store,
                  JjOperator *op,
                  gint64      now,
                  GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) detail = json_object_new ();
  sqlite3_stmt *stmt = NULL;
  int failures = 0;
  gboolean ok;

  jj_store_lock (store);
  ok = jj_store_begin (store, &local_error) &&
       (stmt = jj_store_prepare (store,
                                 "UPDATE operators SET failed_attempts = failed_attempts + 1"
                                 " WHERE id = ?1 RETURNING failed_attempts",
                                 &local_error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, op->id);
      ok = sqlite3_step (stmt) == SQLITE_ROW;
      if (ok)
        failures = sqlite3_column_int (stmt, 0);
      sqlite3_reset (stmt);
      ok = ok || jj_store_set_error (store, &local_error, _("Could not save the operator"));
    }
  json_object_set_string_member (detail, "why", "wrong-pin");
  json_object_set_int_member (detail, "failures", failures);
  ok = ok && jj_audit_append_object (store, NULL, JJ_AUDIT_LOGIN_FAILED, op->login, detail,
                                     &local_error) != 0;
  /* The counter starts again once the lock-out is over. */
  if (ok && failures >= JJ_OPERATORS_MAX_FAILURES)
    {
      g_autoptr(JsonObject) lock_detail = json_object_new ();

      json_object_set_int_member (lock_detail, "until", now + JJ_OPERATORS_LOCKOUT_SECONDS);
      json_object_set_int_member (lock_detail, "failures", failures);
      ok = (stmt = jj_store_prepare (store,
                                     "UPDATE operators SET failed_attempts = 0, locked_until = ?2"
                                     " WHERE id = ?1",
                                     &local_error)) != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, op->id);
          sqlite3_bind_int64 (stmt, 2, now + JJ_OPERATORS_LOCKOUT_SECONDS);
          ok = step_done (store, stmt, &local_error) &&
               jj_audit_append_object (store, NULL, JJ_AUDIT_LOCK, op->login, lock_detail,
                                       &local_error) != 0;
        }
    }
  if (!finish (store, ok, &local_error))
    g_warning ("Could not record a wrong PIN: %s", local_error->message);

  if (failures >= JJ_OPERATORS_MAX_FAILURES)
    set_locked_error (now + JJ_OPERATORS_LOCKOUT_SECONDS, now, error);
  else
    set_wrong_pin_error (error);
}

/* Stores a fresh hash of @pin for @op when its hash was made with weaker parameters than now. */
static gboolean
save_pin_hash (JjStore     *store,
               gint64       operator_id,
               const char  *pin_hash,
               GError     **error)
{
  sqlite3_stmt *stmt = jj_store_prepare (store,
                                         "UPDATE operators SET pin_hash = ?2, failed_attempts = 0,"
                                         "  locked_until = 0, updated_at = ?3 WHERE id = ?1",
                                         error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, operator_id);
  sqlite3_bind_text (stmt, 2, pin_hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, jj_operators_now ());
  return step_done (store, stmt, error);
}

JjSession *
jj_operators_login (JjStore     *store,
                    const char  *login,
                    const char  *pin,
                    GError     **error)
{
  g_autoptr(JjOperator) op = NULL;
  g_autoptr(JjSession) session = NULL;
  g_autofree char *pin_hash = NULL;
  g_autofree char *rehashed = NULL;
  gint64 now = jj_operators_now ();
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);

  if (!ensure_sodium (error))
    return NULL;
  if (!login_is_valid (login))
    {
      /* Not stored: whatever was typed in the login field stays out of the log. */
      audit_login_failed (store, NULL, "unknown", 0);
      set_wrong_pin_error (error);
      return NULL;
    }
  {
    g_autoptr(GError) local_error = NULL;

    op = find_operator (store, login, &pin_hash, &local_error);
    if (local_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return NULL;
      }
  }
  if (op == NULL)
    {
      audit_login_failed (store, login, "unknown", 0);
      set_wrong_pin_error (error);
      return NULL;
    }
  if (op->disabled)
    {
      audit_login_failed (store, login, "disabled", 0);
      g_set_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_DISABLED,
                   _("The operator “%s” is disabled. Ask a technician to enable it."), login);
      return NULL;
    }
  if (op->locked_until > now)
    {
      audit_login_failed (store, login, "locked", 0);
      set_locked_error (op->locked_until, now, error);
      return NULL;
    }

  if (pin == NULL || crypto_pwhash_str_verify (pin_hash, pin, strlen (pin)) != 0)
    {
      record_wrong_pin (store, op, now, error);
      return NULL;
    }
  if (crypto_pwhash_str_needs_rehash (pin_hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    rehashed = hash_pin (pin, NULL);

  session = jj_operators_session_new (op, now);
  jj_store_lock (store);
  ok = jj_store_begin (store, error);
  if (ok && rehashed != NULL)
    ok = save_pin_hash (store, op->id, rehashed, error);
  else if (ok)
    {
      ok = (stmt = jj_store_prepare (store,
                                     "UPDATE operators SET failed_attempts = 0, locked_until = 0"
                                     " WHERE id = ?1",
                                     error)) != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, op->id);
          ok = step_done (store, stmt, error);
        }
    }
  ok = ok && jj_audit_append_object (store, session, JJ_AUDIT_LOGIN, login, NULL, error) != 0;
  if (!finish (store, ok, error))
    return NULL;

  return g_steal_pointer (&session);
}

gboolean
jj_operators_logout (JjStore    *store,
                     JjSession  *session,
                     GError    **error)
{
  g_return_val_if_fail (JJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (session != NULL, FALSE);

  jj_operators_clear_current_if (store, session);
  return jj_audit_append_object (store, session, JJ_AUDIT_LOGOUT, jj_session_get_login (session),
                                 NULL, error) != 0;
}

/* After the permission check of a management action: the store's lock and a transaction in
 * which the target @login exists (its row in @op, unless @op is NULL). */
static gboolean
begin_management (JjStore      *store,
                  const char   *login,
                  JjOperator  **op,
                  GError      **error)
{
  jj_store_lock (store);
  if (!jj_store_begin (store, error))
    {
      jj_store_unlock (store);
      return FALSE;
    }
  if (op != NULL && (*op = jj_operators_lookup (store, login, error)) == NULL)
    {
      finish (store, FALSE, NULL);
      return FALSE;
    }
  return TRUE;
}

/* Fails with JJ_OPERATORS_ERROR_LAST_TECHNICIAN when @op is the last enabled technician. */
static gboolean
check_not_last_technician (JjStore     *store,
                           JjOperator  *op,
                           GError     **error)
{
  gint64 others;

  if (op->role != JJ_ROLE_TECHNICIAN || op->disabled)
    return TRUE;
  others = count_technicians (store, FALSE, op->login, error);
  if (others < 0)
    return FALSE;
  if (others > 0)
    return TRUE;
  g_set_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_LAST_TECHNICIAN,
               _("“%s” is the last enabled technician: add or enable another one first."),
               op->login);
  return FALSE;
}

gint64
jj_operators_add (JjStore     *store,
                  JjSession   *session,
                  const char  *login,
                  const char  *display_name,
                  JjRole       role,
                  const char  *pin,
                  GError     **error)
{
  g_autoptr(JjSession) acting = jj_operators_resolve_session (store, session);
  g_autoptr(JsonObject) detail = NULL;
  g_autofree char *pin_hash = NULL;
  gint64 id;

  g_return_val_if_fail (JJ_IS_STORE (store), 0);
  g_return_val_if_fail (role <= JJ_ROLE_TECHNICIAN, 0);

  /* The role first, so that nobody without it makes the terminal spend a KDF run. */
  if (!jj_operators_require (store, acting, JJ_PERMISSION_MANAGE_OPERATORS, JJ_AUDIT_OPERATOR_ADD,
                             login, error) ||
      !check_login (login, error) || !check_display_name (display_name, error) ||
      (pin_hash = hash_pin (pin, error)) == NULL ||
      !begin_management (store, login, NULL, error))
    return 0;

  detail = role_detail (role);
  id = insert_operator (store, login, display_name, role, pin_hash, error);
  if (!finish (store, id != 0 && jj_audit_append_object (store, acting, JJ_AUDIT_OPERATOR_ADD,
                                                         login, detail, error) != 0,
               error))
    return 0;
  return id;
}

gboolean
jj_operators_set_disabled (JjStore     *store,
                           JjSession   *session,
                           const char  *login,
                           gboolean     disabled,
                           GError     **error)
{
  g_autoptr(JjSession) acting = jj_operators_resolve_session (store, session);
  g_autoptr(JjOperator) op = NULL;
  const char *action = disabled ? JJ_AUDIT_OPERATOR_DISABLE : JJ_AUDIT_OPERATOR_ENABLE;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (JJ_IS_STORE (store), FALSE);

  if (!jj_operators_require (store, acting, JJ_PERMISSION_MANAGE_OPERATORS, action, login, error) ||
      !begin_management (store, login, &op, error))
    return FALSE;

  ok = (!disabled || check_not_last_technician (store, op, error)) &&
       (stmt = jj_store_prepare (store,
                                 "UPDATE operators SET disabled = ?2, updated_at = ?3"
                                 " WHERE id = ?1",
                                 error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, op->id);
      sqlite3_bind_int (stmt, 2, disabled);
      sqlite3_bind_int64 (stmt, 3, jj_operators_now ());
      ok = step_done (store, stmt, error) &&
           jj_audit_append_object (store, acting, action, login, NULL, error) != 0;
    }
  return finish (store, ok, error);
}

gboolean
jj_operators_reset_pin (JjStore     *store,
                        JjSession   *session,
                        const char  *login,
                        const char  *pin,
                        GError     **error)
{
  g_autoptr(JjSession) acting = jj_operators_resolve_session (store, session);
  g_autoptr(JjOperator) op = NULL;
  g_autofree char *pin_hash = NULL;
  gboolean ok;

  g_return_val_if_fail (JJ_IS_STORE (store), FALSE);

  if (!jj_operators_require (store, acting, JJ_PERMISSION_MANAGE_OPERATORS,
                             JJ_AUDIT_OPERATOR_RESET_PIN, login, error) ||
      (pin_hash = hash_pin (pin, error)) == NULL ||
      !begin_management (store, login, &op, error))
    return FALSE;

  ok = save_pin_hash (store, op->id, pin_hash, error) &&
       jj_audit_append_object (store, acting, JJ_AUDIT_OPERATOR_RESET_PIN, login, NULL,
                               error) != 0;
  return finish (store, ok, error);
}

gboolean
jj_operators_set_role (JjStore     *store,
                       JjSession   *session,
                       const char  *login,
                       JjRole       role,
                       GError     **error)
{
  g_autoptr(JjSession) acting = jj_operators_resolve_session (store, session);
  g_autoptr(JjOperator) op = NULL;
  g_autoptr(JsonObject) detail = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (JJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (role <= JJ_ROLE_TECHNICIAN, FALSE);

  if (!jj_operators_require (store, acting, JJ_PERMISSION_MANAGE_OPERATORS, JJ_AUDIT_OPERATOR_ROLE,
                             login, error) ||
      !begin_management (store, login, &op, error))
    return FALSE;

  detail = role_detail (role);
  json_object_set_string_member (detail, "from", jj_role_to_string (op->role));
  ok = (role == JJ_ROLE_TECHNICIAN || check_not_last_technician (store, op, error)) &&
       (stmt = jj_store_prepare (store,
                                 "UPDATE operators SET role = ?2, updated_at = ?3 WHERE id = ?1",
                                 error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, op->id);
      sqlite3_bind_text (stmt, 2, jj_role_to_string (role), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, jj_operators_now ());
      ok = step_done (store, stmt, error) &&
           jj_audit_append_object (store, acting, JJ_AUDIT_OPERATOR_ROLE, login, detail,
                                   error) != 0;
    }
  return finish (store, ok, error);
}
