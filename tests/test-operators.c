/* test-operators.c — operators, roles, PINs, lock-out and sessions
 *
 * Every test works on a real database file in a fresh temporary folder; PINs go through the
 * real Argon2id KDF.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib.h>

#include "jj-audit.h"
#include "jj-operators.h"
#include "jj-store-private.h"
#include "jj-test-sql.h"
#include "jj-test-util.h"

/* Queries with one text bound as ?1 (or none when it is NULL). */
#define query_int(f, sql, text) jj_test_sql_int (jj_store_get_db ((f)->store), (sql), (text), NULL)
#define query_text(f, sql, text) \
  jj_test_sql_text (jj_store_get_db ((f)->store), (sql), (text), NULL)

#define TECH_PIN "20261129"

typedef struct
{
  char      *tmp_dir;
  JjStore   *store;
  JjSession *technician;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->tmp_dir = jj_test_make_tmp_dir ("jiujin-test-operators-XXXXXX");
  fixture->store = jj_store_open (fixture->tmp_dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_pointer (&fixture->technician, jj_session_unref);
  g_clear_object (&fixture->store);
  g_assert_true (jj_test_remove_tree (fixture->tmp_dir));
  g_free (fixture->tmp_dir);
}

/* The number of audit rows of @action, and of @subject unless it is NULL. */
static gint64
count_audit (Fixture    *fixture,
             const char *action,
             const char *subject)
{
  return jj_test_sql_int (jj_store_get_db (fixture->store),
                          "SELECT count(*) FROM audit_log WHERE action = ?1"
                          " AND (?2 IS NULL OR subject = ?2)",
                          action, subject, NULL);
}

static void
assert_chain_intact (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  JjAuditBreak kind = JJ_AUDIT_BREAK_MODIFIED;
  gint64 broken = -1;

  g_assert_true (jj_audit_verify (fixture->store, &broken, &kind, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (broken, ==, 0);
  g_assert_cmpint (kind, ==, JJ_AUDIT_BREAK_NONE);
}

static JjSession *
login (Fixture    *fixture,
       const char *name,
       const char *pin)
{
  g_autoptr(GError) error = NULL;
  JjSession *session = jj_operators_login (fixture->store, name, pin, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

/* The first technician "tech", logged in. */
static void
set_up_technician (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (jj_operators_create_first_technician (fixture->store, "tech", "技术员小王",
                                                         TECH_PIN, &error), >, 0);
  g_assert_no_error (error);
  fixture->technician = login (fixture, "tech", TECH_PIN);
}

static void
add_operator (Fixture    *fixture,
              const char *name,
              JjRole      role,
              const char *pin)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (jj_operators_add (fixture->store, fixture->technician, name, name, role, pin,
                                     &error), >, 0);
  g_assert_no_error (error);
}

static void
test_pin_shape (void)
{
  static const char * const bad[] = { "", "12345", "1234567890123", "12a456", "123 456",
                                      "１２３４５６", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (jj_operators_check_pin ("123456", &error));
  g_assert_true (jj_operators_check_pin ("123456789012", &error));
  g_assert_no_error (error);
  g_assert_false (jj_operators_check_pin (NULL, &error));
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_INVALID);
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_clear_error (&error);
      g_test_message ("PIN “%s”", bad[i]);
      g_assert_false (jj_operators_check_pin (bad[i], &error));
      g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_INVALID);
    }
}

/* The stored value is an Argon2id string with its own salt, never the PIN. */
static void
test_pin_stored_as_argon2id (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *tech_hash = NULL;
  g_autofree char *clerk_hash = NULL;

  set_up_technician (fixture);
  add_operator (fixture, "clerk1", JJ_ROLE_CLERK, TECH_PIN);

  tech_hash = query_text (fixture, "SELECT pin_hash FROM operators WHERE login = ?1", "tech");
  clerk_hash = query_text (fixture, "SELECT pin_hash FROM operators WHERE login = ?1", "clerk1");
  g_assert_true (g_str_has_prefix (tech_hash, "$argon2id$v=19$m=65536,t=2,p=1$"));
  g_assert_null (strstr (tech_hash, TECH_PIN));
  g_assert_cmpstr (tech_hash, !=, clerk_hash);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM operators WHERE pin_hash LIKE ?1",
                              "%" TECH_PIN "%"), ==, 0);
  /* Nor does the PIN reach the audit log. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log WHERE detail LIKE ?1",
                              "%" TECH_PIN "%"), ==, 0);
}

static void
test_first_run (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (jj_operators_needs_setup (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (jj_operators_create_first_technician (fixture->store, "Tech", "王", TECH_PIN,
                                                         &error), ==, 0);
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (jj_operators_needs_setup (fixture->store, &error));

  set_up_technician (fixture);
  g_assert_false (jj_operators_needs_setup (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (jj_operators_create_first_technician (fixture->store, "other", "李",
                                                         TECH_PIN, &error), ==, 0);
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_SETUP_DONE);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM operators", NULL), ==, 1);

  /* Recorded as added by nobody, since nobody was logged in. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log WHERE action = 'operator-add'"
                                       " AND subject = ?1 AND operator_login = ''"
                                       " AND detail = '{\"role\":\"technician\",\"first_run\":true}'",
                              "tech"), ==, 1);
  assert_chain_intact (fixture);
}

static void
test_login_ok (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjSession) session = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  set_up_technician (fixture);
  add_operator (fixture, "reviewer1", JJ_ROLE_REVIEWER, "135790");

  session = login (fixture, "reviewer1", "135790");
  g_assert_cmpstr (jj_session_get_login (session), ==, "reviewer1");
  g_assert_cmpint (jj_session_get_role (session), ==, JJ_ROLE_REVIEWER);
  g_assert_cmpint (jj_session_get_logged_in_at (session), >=, before);
  g_assert_cmpint (jj_session_get_operator_id (session), >, 0);
  g_assert_true (jj_session_can (session, JJ_PERMISSION_QUEUE_HOLD));
  g_assert_false (jj_session_can (session, JJ_PERMISSION_MANAGE_OPERATORS));
  g_assert_false (jj_session_can (NULL, JJ_PERMISSION_VIEW_APPLICATIONS));

  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log WHERE action = 'login'"
                                       " AND operator_login = ?1 AND operator_role = 'reviewer'",
                              "reviewer1"), ==, 1);

  g_assert_true (jj_operators_logout (fixture->store, session, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_audit (fixture, JJ_AUDIT_LOGOUT, "reviewer1"), ==, 1);
  assert_chain_intact (fixture);
}

static void
test_login_wrong_pin (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjSession) session = NULL;

  set_up_technician (fixture);
  add_operator (fixture, "clerk1", JJ_ROLE_CLERK, "111111");

  g_assert_null (jj_operators_login (fixture->store, "clerk1", "111112", &error));
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_WRONG_PIN);
  g_clear_error (&error);
  g_assert_cmpint (query_int (fixture, "SELECT failed_attempts FROM operators WHERE login = ?1",
                              "clerk1"), ==, 1);
  g_assert_cmpint (count_audit (fixture, JJ_AUDIT_LOGIN_FAILED, "clerk1"), ==, 1);

  /* An unknown login fails the same way and is recorded too. */
  g_assert_null (jj_operators_login (fixture->store, "nobody", "111111", &error));
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_WRONG_PIN);
  g_clear_error (&error);
  g_assert_cmpint (count_audit (fixture, JJ_AUDIT_LOGIN_FAILED, "nobody"), ==, 1);
  /* What is not even a login is recorded without it. */
  g_assert_null (jj_operators_login (fixture->store, "=1+1", "111111", &error));
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_WRONG_PIN);
  g_clear_error (&error);
  g_assert_cmpint (count_audit (fixture, JJ_AUDIT_LOGIN_FAILED, ""), ==, 1);

  /* A right PIN afterwards resets the counter. */
  session = login (fixture, "clerk1", "111111");
  g_assert_cmpint (query_int (fixture, "SELECT failed_attempts FROM operators WHERE login = ?1",
                              "clerk1"), ==, 0);
  assert_chain_intact (fixture);
}

static void
test_login_disabled (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjSession) session = NULL;
  g_autoptr(GPtrArray) operators = NULL;

  set_up_technician (fixture);
  add_operator (fixture, "clerk1", JJ_ROLE_CLERK, "111111");
  g_assert_true (jj_operators_set_disabled (fixture->store, fixture->technician, "clerk1", TRUE,
                                            &error));
  g_assert_no_error (error);

  g_assert_null (jj_operators_login (fixture->store, "clerk1", "111111", &error));
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_DISABLED);
  g_clear_error (&error);
  g_assert_cmpint (count_audit (fixture, JJ_AUDIT_OPERATOR_DISABLE, "clerk1"), ==, 1);
  g_assert_cmpint (count_audit (fixture, JJ_AUDIT_LOGIN_FAILED, "clerk1"), ==, 1);

  operators = jj_operators_list (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (operators->len, ==, 2);
  g_assert_cmpstr (((JjOperator *) operators->pdata[0])->login, ==, "clerk1");
  g_assert_true (((JjOperator *) operators->pdata[0])->disabled);

  g_assert_true (jj_operators_set_disabled (fixture->store, fixture->technician, "clerk1", FALSE,
                                            &error));
  g_assert_cmpint (count_audit (fixture, JJ_AUDIT_OPERATOR_ENABLE, "clerk1"), ==, 1);
  session = login (fixture, "clerk1", "111111");
  assert_chain_intact (fixture);
}

/* Five wrong PINs lock the account for five minutes, even against the right PIN; the lock is
 * recorded, and a reset PIN lifts it. */
static void
test_login_lock_out (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjSession) session = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 until;

  set_up_technician (fixture);
  add_operator (fixture, "clerk1", JJ_ROLE_CLERK, "111111");

  for (int i = 1; i < JJ_OPERATORS_MAX_FAILURES; i++)
    {
      g_assert_null (jj_operators_login (fixture->store, "clerk1", "999999", &error));
      g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_WRONG_PIN);
      g_clear_error (&error);
    }
  g_assert_cmpint (count_audit (fixture, JJ_AUDIT_LOCK, "clerk1"), ==, 0);
  g_assert_null (jj_operators_login (fixture->store, "clerk1", "999999", &error));
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpint (count_audit (fixture, JJ_AUDIT_LOCK, "clerk1"), ==, 1);
  until = query_int (fixture, "SELECT locked_until FROM operators WHERE login = ?1", "clerk1");
  g_assert_cmpint (until, >=, now + JJ_OPERATORS_LOCKOUT_SECONDS);
  g_assert_cmpint (until, <=, now + JJ_OPERATORS_LOCKOUT_SECONDS + 60);

  g_assert_null (jj_operators_login (fixture->store, "clerk1", "111111", &error));
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "5 minutes"));
  g_clear_error (&error);
  g_assert_cmpint (count_audit (fixture, JJ_AUDIT_LOGIN_FAILED, "clerk1"), ==,
                   JJ_OPERATORS_MAX_FAILURES + 1);

  /* Once the time is over the right PIN works again (the clock moved by hand). */
  g_assert_cmpint (sqlite3_exec (jj_store_get_db (fixture->store),
                                 "UPDATE operators SET locked_until = 1 WHERE login = 'clerk1'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  session = login (fixture, "clerk1", "111111");
  g_clear_pointer (&session, jj_session_unref);

  /* A technician's PIN reset lifts a lock at once. */
  for (int i = 0; i < JJ_OPERATORS_MAX_FAILURES; i++)
    {
      g_assert_null (jj_operators_login (fixture->store, "clerk1", "999999", &error));
      g_clear_error (&error);
    }
  g_assert_true (jj_operators_reset_pin (fixture->store, fixture->technician, "clerk1", "222222",
                                         &error));
  g_assert_no_error (error);
  g_assert_null (jj_operators_login (fixture->store, "clerk1", "111111", &error));
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_WRONG_PIN);
  g_clear_error (&error);
  session = login (fixture, "clerk1", "222222");
  g_assert_cmpint (count_audit (fixture, JJ_AUDIT_OPERATOR_RESET_PIN, "clerk1"), ==, 1);
  assert_chain_intact (fixture);
}

static void
test_role_matrix (void)
{
  /* Rows: intake, view, reveal, queue view, retry, hold, statistics, audit, operators,
   * settings. Columns: clerk, reviewer, technician. */
  static const gboolean expected[][3] = {
    [JJ_PERMISSION_INTAKE] =             { TRUE,  FALSE, FALSE },
    [JJ_PERMISSION_VIEW_APPLICATIONS] =  { TRUE,  TRUE,  TRUE  },
    [JJ_PERMISSION_REVEAL_ID] =          { FALSE, TRUE,  FALSE },
    [JJ_PERMISSION_QUEUE_VIEW] =         { TRUE,  TRUE,  TRUE  },
    [JJ_PERMISSION_QUEUE_RETRY] =        { TRUE,  TRUE,  TRUE  },
    [JJ_PERMISSION_QUEUE_HOLD] =         { FALSE, TRUE,  FALSE },
    [JJ_PERMISSION_STATISTICS] =         { FALSE, TRUE,  TRUE  },
    [JJ_PERMISSION_AUDIT] =              { FALSE, FALSE, TRUE  },
    [JJ_PERMISSION_MANAGE_OPERATORS] =   { FALSE, FALSE, TRUE  },
    [JJ_PERMISSION_SETTINGS] =           { FALSE, FALSE, TRUE  },
  };
  JjRole role;

  G_STATIC_ASSERT (G_N_ELEMENTS (expected) == JJ_PERMISSION_SETTINGS + 1);
  for (guint p = 0; p < G_N_ELEMENTS (expected); p++)
    for (guint r = 0; r < 3; r++)
      {
        g_test_message ("role %s, permission %u", jj_role_to_string (r), p);
        g_assert_cmpint (jj_role_can (r, p), ==, expected[p][r]);
      }

  g_assert_true (jj_role_from_string ("reviewer", &role));
  g_assert_cmpint (role, ==, JJ_ROLE_REVIEWER);
  g_assert_false (jj_role_from_string ("admin", &role));
  g_assert_false (jj_role_from_string (NULL, &role));
  g_assert_cmpstr (jj_role_get_display_name (JJ_ROLE_REVIEWER), ==, "Township reviewer");
}

/* Only a technician manages operators; a refusal changes nothing and is recorded. */
static void
test_manage_requires_technician (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjSession) reviewer = NULL;
  g_autoptr(JjSession) clerk = NULL;

  set_up_technician (fixture);
  add_operator (fixture, "reviewer1", JJ_ROLE_REVIEWER, "135790");
  add_operator (fixture, "clerk1", JJ_ROLE_CLERK, "111111");
  reviewer = login (fixture, "reviewer1", "135790");
  clerk = login (fixture, "clerk1", "111111");

  g_assert_cmpint (jj_operators_add (fixture->store, reviewer, "clerk2", "张", JJ_ROLE_CLERK,
                                     "123456", &error), ==, 0);
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_FORBIDDEN);
  g_assert_cmpstr (error->message, ==, "The role “Township reviewer” does not allow this.");
  g_clear_error (&error);
  g_assert_false (jj_operators_set_disabled (fixture->store, clerk, "reviewer1", TRUE, &error));
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (jj_operators_set_role (fixture->store, clerk, "clerk1", JJ_ROLE_TECHNICIAN,
                                         &error));
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (jj_operators_reset_pin (fixture->store, NULL, "tech", "000000", &error));
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_FORBIDDEN);
  g_clear_error (&error);

  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM operators", NULL), ==, 3);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM operators WHERE disabled = 1"
                                       " OR role = 'technician' AND login != 'tech'", NULL), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log WHERE action = "
                                       "'operator-add' AND subject = 'clerk2'"
                                       " AND operator_login = ?1"
                                       " AND detail = '{\"outcome\":\"refused\"}'",
                              "reviewer1"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log WHERE detail LIKE ?1",
                              "%refused%"), ==, 4);
  assert_chain_intact (fixture);
}

static void
test_manage_last_technician (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  set_up_technician (fixture);
  g_assert_false (jj_operators_set_disabled (fixture->store, fixture->technician, "tech", TRUE,
                                             &error));
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_LAST_TECHNICIAN);
  g_clear_error (&error);
  g_assert_false (jj_operators_set_role (fixture->store, fixture->technician, "tech",
                                         JJ_ROLE_CLERK, &error));
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_LAST_TECHNICIAN);
  g_clear_error (&error);
  g_assert_cmpint (count_audit (fixture, JJ_AUDIT_OPERATOR_DISABLE, NULL), ==, 0);

  /* A disabled technician does not count as the other one. */
  add_operator (fixture, "tech2", JJ_ROLE_TECHNICIAN, "654321");
  g_assert_true (jj_operators_set_disabled (fixture->store, fixture->technician, "tech2", TRUE,
                                            &error));
  g_assert_false (jj_operators_set_disabled (fixture->store, fixture->technician, "tech", TRUE,
                                             &error));
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_LAST_TECHNICIAN);
  g_clear_error (&error);

  g_assert_true (jj_operators_set_disabled (fixture->store, fixture->technician, "tech2", FALSE,
                                            &error));
  g_assert_true (jj_operators_set_role (fixture->store, fixture->technician, "tech",
                                        JJ_ROLE_REVIEWER, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log WHERE action = "
                                       "'operator-role' AND subject = ?1"
                                       " AND detail = '{\"role\":\"reviewer\",\"from\":\"technician\"}'",
                              "tech"), ==, 1);
  /* The terminal no longer needs setup: a technician exists. */
  g_assert_false (jj_operators_needs_setup (fixture->store, &error));
  assert_chain_intact (fixture);
}

static void
test_manage_invalid (Fixture       *fixture,
                     gconstpointer  user_data)
{
  static const char * const bad_logins[] = { "", "Tech", "-x", "a b", "张三",
                                             "abcdefghijklmnopqrstuvwxyz0123456", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JjOperator) op = NULL;

  set_up_technician (fixture);
  g_assert_cmpint (jj_operators_add (fixture->store, fixture->technician, "tech", "x",
                                     JJ_ROLE_CLERK, "123456", &error), ==, 0);
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_EXISTS);
  g_clear_error (&error);
  for (guint i = 0; bad_logins[i] != NULL; i++)
    {
      g_test_message ("login “%s”", bad_logins[i]);
      g_assert_cmpint (jj_operators_add (fixture->store, fixture->technician, bad_logins[i], "x",
                                         JJ_ROLE_CLERK, "123456", &error), ==, 0);
      g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_cmpint (jj_operators_add (fixture->store, fixture->technician, "clerk1", "  ",
                                     JJ_ROLE_CLERK, "123456", &error), ==, 0);
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (jj_operators_add (fixture->store, fixture->technician, "clerk1", "王\n五",
                                     JJ_ROLE_CLERK, "123456", &error), ==, 0);
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (jj_operators_add (fixture->store, fixture->technician, "clerk1", "王五",
                                     JJ_ROLE_CLERK, "12345", &error), ==, 0);
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (jj_operators_reset_pin (fixture->store, fixture->technician, "nobody",
                                          "123456", &error));
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM operators", NULL), ==, 1);
  op = jj_operators_lookup (fixture->store, "tech", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (op->display_name, ==, "技术员小王");
  g_assert_cmpint (op->role, ==, JJ_ROLE_TECHNICIAN);
}

/* The store's current session stands in for a NULL session; logout clears it. */
static void
test_current_session (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjSession) current = NULL;

  set_up_technician (fixture);
  g_assert_null (jj_operators_get_current (fixture->store));
  jj_operators_set_current (fixture->store, fixture->technician);
  current = jj_operators_get_current (fixture->store);
  g_assert_true (current == fixture->technician);

  g_assert_cmpint (jj_operators_add (fixture->store, NULL, "clerk1", "李", JJ_ROLE_CLERK,
                                     "123456", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log WHERE action = "
                                       "'operator-add' AND subject = 'clerk1'"
                                       " AND operator_login = ?1 AND operator_role = 'technician'",
                              "tech"), ==, 1);

  g_assert_true (jj_operators_logout (fixture->store, fixture->technician, &error));
  g_assert_null (jj_operators_get_current (fixture->store));
  g_assert_cmpint (jj_operators_add (fixture->store, NULL, "clerk2", "赵", JJ_ROLE_CLERK,
                                     "123456", &error), ==, 0);
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_FORBIDDEN);
  g_assert_cmpstr (error->message, ==, "Log in first.");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/operators/pin/shape", test_pin_shape);
  ADD ("/operators/pin/stored-as-argon2id-never-the-pin", test_pin_stored_as_argon2id);
  ADD ("/operators/setup/first-technician-once", test_first_run);
  ADD ("/operators/login/ok-and-logout-audited", test_login_ok);
  ADD ("/operators/login/wrong-pin-and-unknown-login", test_login_wrong_pin);
  ADD ("/operators/login/disabled-refused", test_login_disabled);
  ADD ("/operators/login/lock-out-after-five-failures", test_login_lock_out);
  g_test_add_func ("/operators/roles/matrix", test_role_matrix);
  ADD ("/operators/manage/requires-technician", test_manage_requires_technician);
  ADD ("/operators/manage/keeps-one-enabled-technician", test_manage_last_technician);
  ADD ("/operators/manage/invalid-input", test_manage_invalid);
  ADD ("/operators/session/current-stands-in", test_current_session);
#undef ADD

  return g_test_run ();
}
