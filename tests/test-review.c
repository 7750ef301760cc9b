/* test-review.c — township review: role-checked, audited queue actions and ID reveals
 *
 * Every test works on a real database file with tests/data/catalog-small.json imported,
 * applications of XZ-0002 queued through a ledger import, and real operators logged in with
 * their PINs: a technician, a township reviewer and a village clerk.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib.h>

#include "jj-audit.h"
#include "jj-catalog.h"
#include "jj-intake.h"
#include "jj-outbox.h"
#include "jj-review.h"
#include "jj-store-private.h"
#include "jj-test-sql.h"
#include "jj-test-submit.h"
#include "jj-test-util.h"

/* A query with one text bound as ?1 (or none when it is NULL). */
#define query_int(f, sql, text) jj_test_sql_int (jj_store_get_db ((f)->store), (sql), (text), NULL)

typedef struct
{
  char      *tmp_dir;
  JjStore   *store;
  JjCatalog *catalog;
  JjIntake  *intake;
  JjSession *technician;
  JjSession *reviewer;
  JjSession *clerk;
  GStrv      uuids;   /* of the queued entries, oldest first */
} Fixture;

static JjSession *
login (JjStore    *store,
       const char *name,
       const char *pin)
{
  g_autoptr(GError) error = NULL;
  JjSession *session = jj_operators_login (store, name, pin, &error);

  g_assert_no_error (error);
  return session;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *catalog_path = g_test_build_filename (G_TEST_DIST, "data", "catalog-small.json",
                                                         NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GStrvBuilder) uuids = g_strv_builder_new ();

  fixture->tmp_dir = jj_test_make_tmp_dir ("jiujin-test-review-XXXXXX");
  fixture->store = jj_store_open (fixture->tmp_dir, &error);
  g_assert_no_error (error);
  fixture->catalog = jj_catalog_new (fixture->store);
  g_assert_true (jj_catalog_import_file (fixture->catalog, catalog_path, FALSE, NULL, &error));
  fixture->intake = jj_intake_new (fixture->catalog, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (jj_operators_create_first_technician (fixture->store, "tech", "王工",
                                                         "20261129", &error), >, 0);
  fixture->technician = login (fixture->store, "tech", "20261129");
  g_assert_cmpint (jj_operators_add (fixture->store, fixture->technician, "reviewer1", "乡镇李审核",
                                     JJ_ROLE_REVIEWER, "135790", &error), >, 0);
  g_assert_cmpint (jj_operators_add (fixture->store, fixture->technician, "clerk1", "村张经办",
                                     JJ_ROLE_CLERK, "111111", &error), >, 0);
  g_assert_no_error (error);
  fixture->reviewer = login (fixture->store, "reviewer1", "135790");
  fixture->clerk = login (fixture->store, "clerk1", "111111");

  /* The clerk submits, as at the counter. */
  jj_operators_set_current (fixture->store, fixture->clerk);
  jj_test_queue (fixture->intake, fixture->tmp_dir, 3, "XZ-0002", "{}", NULL, 1);
  jj_operators_set_current (fixture->store, NULL);

  entries = jj_outbox_list (fixture->store, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);
  for (guint i = 0; i < entries->len; i++)
    g_strv_builder_add (uuids, ((JjOutboxEntry *) entries->pdata[i])->uuid);
  fixture->uuids = g_strv_builder_end (uuids);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_pointer (&fixture->uuids, g_strfreev);
  g_clear_pointer (&fixture->technician, jj_session_unref);
  g_clear_pointer (&fixture->reviewer, jj_session_unref);
  g_clear_pointer (&fixture->clerk, jj_session_unref);
  g_clear_object (&fixture->intake);
  g_clear_object (&fixture->catalog);
  g_clear_object (&fixture->store);
  g_assert_true (jj_test_remove_tree (fixture->tmp_dir));
  g_free (fixture->tmp_dir);
}

#define assert_state(fixture, uuid, expected) \
  G_STMT_START { \
    g_autofree char *state_ = jj_test_sql_text (jj_store_get_db ((fixture)->store), \
                                                "SELECT state FROM outbox WHERE uuid = ?1", \
                                                (uuid), NULL); \
    g_assert_cmpstr (state_, ==, (expected)); \
  } G_STMT_END

/* The audit rows of @action by @login on @subject with @detail, counted. */
static gint64
count_audit (Fixture    *fixture,
             const char *action,
             const char *login,
             const char *subject,
             const char *detail)
{
  return jj_test_sql_int (jj_store_get_db (fixture->store),
                          "SELECT count(*) FROM audit_log WHERE action = ?1"
                          " AND operator_login = ?2 AND subject = ?3 AND detail = ?4",
                          action, login, subject, detail, NULL);
}

static void
assert_chain_intact (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  gint64 broken = -1;

  g_assert_true (jj_audit_verify (fixture->store, &broken, NULL, NULL, NULL, &error));
  g_assert_cmpint (broken, ==, 0);
}

/* A clerk calling hold is refused: nothing changes and the refusal is on the record. */
static void
test_clerk_cannot_hold (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  const char *uuid = fixture->uuids[0];

  g_assert_false (jj_review_hold (fixture->store, fixture->clerk, uuid, "看看", &error));
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  assert_state (fixture, uuid, "pending");
  g_assert_cmpint (count_audit (fixture, JJ_AUDIT_QUEUE_HOLD, "clerk1", uuid,
                                "{\"outcome\":\"refused\"}"), ==, 1);

  /* Nor may a technician hold, nor anyone release without a session. */
  g_assert_false (jj_review_hold (fixture->store, fixture->technician, uuid, NULL, &error));
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (jj_review_release (fixture->store, NULL, uuid, NULL, &error));
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  assert_state (fixture, uuid, "pending");
  g_assert_cmpint (count_audit (fixture, JJ_AUDIT_QUEUE_RELEASE, "", uuid,
                                "{\"outcome\":\"refused\"}"), ==, 1);
  assert_chain_intact (fixture);
}

static void
test_reviewer_holds_and_releases (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  const char *uuid = fixture->uuids[1];

  g_assert_true (jj_review_hold (fixture->store, fixture->reviewer, uuid, "  户口簿页不清晰 ",
                                 &error));
  g_assert_no_error (error);
  assert_state (fixture, uuid, "held");
  g_assert_cmpint (count_audit (fixture, JJ_AUDIT_QUEUE_HOLD, "reviewer1", uuid,
                                "{\"reason\":\"户口簿页不清晰\"}"), ==, 1);

  /* A failed action is reported and not recorded as done. */
  g_assert_false (jj_review_hold (fixture->store, fixture->reviewer, uuid, NULL, &error));
  g_assert_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_STATE);
  g_clear_error (&error);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log WHERE action = 'queue-hold'",
                              NULL), ==, 1);

  g_assert_true (jj_review_release (fixture->store, fixture->reviewer, uuid, "已核实", &error));
  g_assert_no_error (error);
  assert_state (fixture, uuid, "pending");
  g_assert_cmpint (count_audit (fixture, JJ_AUDIT_QUEUE_RELEASE, "reviewer1", uuid,
                                "{\"reason\":\"已核实\"}"), ==, 1);
  assert_chain_intact (fixture);
}

/* Retry is the one queue action a clerk has. */
static void
test_clerk_retries_parked (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  const char *uuid = fixture->uuids[0];
  JjOutboxResult result = { 0 };

  result.entry_id = query_int (fixture, "SELECT id FROM outbox WHERE uuid = ?1", uuid);
  result.kind = JJ_OUTBOX_RESULT_PARKED;
  result.reason = "身份证号码与姓名不符";
  g_assert_true (jj_outbox_apply_results (fixture->store, &result, 1, 1764400000, &outcomes,
                                          &error));
  assert_state (fixture, uuid, "parked");

  g_assert_true (jj_review_retry (fixture->store, fixture->clerk, uuid, "已更正", &error));
  g_assert_no_error (error);
  assert_state (fixture, uuid, "pending");
  g_assert_cmpint (count_audit (fixture, JJ_AUDIT_QUEUE_RETRY, "clerk1", uuid,
                                "{\"reason\":\"已更正\"}"), ==, 1);
  assert_chain_intact (fixture);
}

/* Bulk: each entry on its own, one in the wrong state does not stop the others. */
static void
test_bulk (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) failures = NULL;
  const char *not_a_key[] = { "00000000-0000-4000-8000-000000000000", NULL };

  g_assert_true (jj_review_hold (fixture->store, fixture->reviewer, fixture->uuids[2], NULL,
                                 &error));
  g_assert_cmpint (jj_review_hold_many (fixture->store, fixture->reviewer,
                                        (const char * const *) fixture->uuids, "月底统一核对",
                                        &failures, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpuint (failures->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (failures, 0), fixture->uuids[2]));
  for (guint i = 0; i < 3; i++)
    assert_state (fixture, fixture->uuids[i], "held");
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log WHERE action = 'queue-hold'"
                                       " AND detail = ?1",
                              "{\"reason\":\"月底统一核对\"}"), ==, 2);

  /* A clerk's bulk release is refused as a whole, before any entry. */
  g_assert_cmpint (jj_review_release_many (fixture->store, fixture->clerk,
                                           (const char * const *) fixture->uuids, NULL, NULL,
                                           &error), ==, -1);
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  for (guint i = 0; i < 3; i++)
    assert_state (fixture, fixture->uuids[i], "held");

  g_assert_cmpint (jj_review_release_many (fixture->store, fixture->reviewer,
                                           (const char * const *) fixture->uuids, NULL, NULL,
                                           &error), ==, 3);
  g_assert_cmpint (jj_review_retry_many (fixture->store, fixture->clerk, not_a_key, NULL,
                                         &failures, &error), ==, 0);
  g_assert_cmpuint (failures->len, ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log WHERE action = "
                                       "'queue-release' AND operator_login = 'reviewer1'",
                              NULL), ==, 3);
  assert_chain_intact (fixture);
}

/* The current session stands in when the caller passes none. */
static void
test_current_session (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  jj_operators_set_current (fixture->store, fixture->reviewer);
  g_assert_true (jj_review_hold (fixture->store, NULL, fixture->uuids[0], NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_audit (fixture, JJ_AUDIT_QUEUE_HOLD, "reviewer1", fixture->uuids[0], ""),
                   ==, 1);
  jj_operators_set_current (fixture->store, NULL);
}

/* Only a reviewer sees an unmasked ID number; each reveal is recorded twice over (id_reveals
 * and the audit log), each refusal once. */
static void
test_reveal_id (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id_number = NULL;
  g_autofree char *receipt = NULL;
  gint64 application_id;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (jj_store_get_db (fixture->store),
                                       "SELECT application_id, a.receipt_number FROM outbox o"
                                       " JOIN applications a ON a.id = o.application_id"
                                       " WHERE o.uuid = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, fixture->uuids[0], -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  application_id = sqlite3_column_int64 (stmt, 0);
  receipt = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);

  for (guint i = 0; i < 2; i++)
    {
      JjSession *session = i == 0 ? fixture->clerk : fixture->technician;

      g_assert_null (jj_review_reveal_id (fixture->store, session, application_id, &error));
      g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_FORBIDDEN);
      g_clear_error (&error);
      g_assert_cmpint (count_audit (fixture, JJ_AUDIT_REVEAL_ID, jj_session_get_login (session),
                                    receipt, "{\"outcome\":\"refused\"}"), ==, 1);
    }
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM id_reveals", NULL), ==, 0);

  id_number = jj_review_reveal_id (fixture->store, fixture->reviewer, application_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id_number);
  g_assert_cmpuint (strlen (id_number), ==, 18);
  g_assert_null (strchr (id_number, '*'));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM id_reveals WHERE operator = ?1",
                              "reviewer1"), ==, 1);
  g_assert_cmpint (count_audit (fixture, JJ_AUDIT_REVEAL_ID, "reviewer1", receipt, ""), ==, 1);

  g_assert_null (jj_review_reveal_id (fixture->store, fixture->reviewer, 9999, &error));
  g_assert_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_NOT_FOUND);
  assert_chain_intact (fixture);
}

/* The core's own entry points record themselves: a submit, and the intake's reveal. */
static void
test_core_actions_audited (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 application_id = query_int (fixture, "SELECT min(id) FROM applications", NULL);

  /* Three submits by the clerk, each with its receipt number and outbox key. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log a JOIN applications p"
                                       " ON a.subject = p.receipt_number"
                                       " JOIN outbox o ON o.application_id = p.id"
                                       " WHERE a.action = 'submit' AND a.operator_login = ?1"
                                       " AND a.operator_role = 'clerk'"
                                       " AND json_extract (a.detail, '$.outbox') = o.uuid"
                                       " AND json_extract (a.detail, '$.application_id') = p.id",
                              "clerk1"), ==, 3);

  jj_operators_set_current (fixture->store, fixture->reviewer);
  g_assert_true (jj_intake_record_id_reveal (fixture->intake, application_id, "osuser", &error));
  g_assert_no_error (error);
  jj_operators_set_current (fixture->store, NULL);
  g_assert_true (jj_intake_record_id_reveal (fixture->intake, application_id, "osuser", &error));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM id_reveals WHERE operator = ?1",
                              "reviewer1"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM id_reveals WHERE operator = ?1",
                              "osuser"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log WHERE action = 'reveal-id'",
                              NULL), ==, 2);
  assert_chain_intact (fixture);
}

#define SEND_BACK_REASON "申请人签名缺失，请补签后重新提交"

static void
mark_sending (Fixture    *fixture,
              const char *uuid)
{
  g_autoptr(GError) error = NULL;
  gint64 id = query_int (fixture, "SELECT id FROM outbox WHERE uuid = ?1", uuid);

  g_assert_true (jj_outbox_mark_sending (fixture->store, &id, 1, &error));
  g_assert_no_error (error);
}

#define assert_application(fixture, uuid, expected) \
  G_STMT_START { \
    g_autofree char *application_ = jj_test_sql_text (jj_store_get_db ((fixture)->store), \
                                                      "SELECT a.state || '|'" \
                                                      "  || coalesce (a.status_reason, 'NULL')" \
                                                      " FROM applications a JOIN outbox o" \
                                                      "  ON o.application_id = a.id" \
                                                      " WHERE o.uuid = ?1", (uuid), NULL); \
    g_assert_cmpstr (application_, ==, (expected)); \
  } G_STMT_END

/* Send back is a reviewer's action and needs a reason; a clerk's attempt is refused and
 * recorded, a sending entry must be held first, and the reviewer's is recorded with the
 * reason in the same transaction as the change. */
static void
test_send_back (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  const char *uuid = fixture->uuids[0];
  const char *sending = fixture->uuids[1];

  g_assert_false (jj_review_send_back (fixture->store, fixture->clerk, uuid, SEND_BACK_REASON,
                                       &error));
  g_assert_error (error, JJ_OPERATORS_ERROR, JJ_OPERATORS_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_cmpint (count_audit (fixture, JJ_AUDIT_QUEUE_SEND_BACK, "clerk1", uuid,
                                "{\"outcome\":\"refused\"}"), ==, 1);
  assert_state (fixture, uuid, "pending");

  g_assert_false (jj_review_send_back (fixture->store, fixture->reviewer, uuid, " ", &error));
  g_assert_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_INVALID);
  g_clear_error (&error);
  assert_state (fixture, uuid, "pending");
  assert_application (fixture, uuid, "queued|NULL");

  g_assert_true (jj_review_send_back (fixture->store, fixture->reviewer, uuid, SEND_BACK_REASON,
                                      &error));
  g_assert_no_error (error);
  assert_state (fixture, uuid, "returned");
  assert_application (fixture, uuid, "returned|" SEND_BACK_REASON);
  g_assert_cmpint (count_audit (fixture, JJ_AUDIT_QUEUE_SEND_BACK, "reviewer1", uuid,
                                "{\"reason\":\"" SEND_BACK_REASON "\"}"), ==, 1);

  /* Twice is refused and not recorded again. */
  g_assert_false (jj_review_send_back (fixture->store, fixture->reviewer, uuid, SEND_BACK_REASON,
                                       &error));
  g_assert_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_STATE);
  g_clear_error (&error);

  mark_sending (fixture, sending);
  g_assert_false (jj_review_send_back (fixture->store, fixture->reviewer, sending,
                                       SEND_BACK_REASON, &error));
  g_assert_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_STATE);
  g_assert_nonnull (strstr (error->message, "Hold it first"));
  g_clear_error (&error);
  assert_state (fixture, sending, "sending");
  g_assert_true (jj_review_hold (fixture->store, fixture->reviewer, sending, NULL, &error));
  g_assert_true (jj_review_send_back (fixture->store, fixture->reviewer, sending,
                                      SEND_BACK_REASON, &error));
  g_assert_no_error (error);
  assert_state (fixture, sending, "returned");
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log WHERE action = ?1"
                                       " AND operator_login = 'reviewer1'",
                              JJ_AUDIT_QUEUE_SEND_BACK), ==, 2);
  assert_chain_intact (fixture);
}

/* Bulk send back: each entry with its own record; one being sent is refused on its own; a
 * missing reason stops the whole batch before any entry. */
static void
test_send_back_many (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) failures = NULL;

  g_assert_cmpint (jj_review_send_back_many (fixture->store, fixture->reviewer,
                                             (const char * const *) fixture->uuids, "",
                                             &failures, &error), ==, -1);
  g_assert_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (failures);
  for (guint i = 0; i < 3; i++)
    assert_state (fixture, fixture->uuids[i], "pending");

  mark_sending (fixture, fixture->uuids[1]);
  g_assert_cmpint (jj_review_send_back_many (fixture->store, fixture->reviewer,
                                             (const char * const *) fixture->uuids,
                                             SEND_BACK_REASON, &failures, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpuint (failures->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (failures, 0), fixture->uuids[1]));
  assert_state (fixture, fixture->uuids[0], "returned");
  assert_state (fixture, fixture->uuids[1], "sending");
  assert_state (fixture, fixture->uuids[2], "returned");
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log WHERE action = ?1"
                                       " AND operator_login = 'reviewer1'",
                              JJ_AUDIT_QUEUE_SEND_BACK), ==, 2);
  assert_chain_intact (fixture);
}

/* An action and its audit row are one transaction: when the audit row cannot be written (a
 * trigger refuses it, as a full disk would), the outbox and the application are as before. */
static void
test_failed_audit_undoes_the_action (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  const char *uuid = fixture->uuids[0];
  const char *parked = fixture->uuids[1];
  JjOutboxResult result = { 0 };
  gint64 rows;

  result.entry_id = query_int (fixture, "SELECT id FROM outbox WHERE uuid = ?1", parked);
  result.kind = JJ_OUTBOX_RESULT_PARKED;
  result.reason = "身份证号码与姓名不符";
  g_assert_true (jj_outbox_apply_results (fixture->store, &result, 1, 1764400000, &outcomes,
                                          &error));
  rows = query_int (fixture, "SELECT count(*) FROM audit_log", NULL);

  jj_test_sql_exec (jj_store_get_db (fixture->store),
                    "CREATE TEMP TRIGGER refuse_audit BEFORE INSERT ON main.audit_log"
                    " WHEN NEW.action LIKE 'queue-%'"
                    " BEGIN SELECT RAISE (ABORT, 'test: the disk is full'); END");

  g_assert_false (jj_review_hold (fixture->store, fixture->reviewer, uuid, "核对", &error));
  g_assert_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_SQL);
  g_clear_error (&error);
  assert_state (fixture, uuid, "pending");

  g_assert_false (jj_review_send_back (fixture->store, fixture->reviewer, uuid, SEND_BACK_REASON,
                                       &error));
  g_assert_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_SQL);
  g_clear_error (&error);
  assert_state (fixture, uuid, "pending");
  assert_application (fixture, uuid, "queued|NULL");

  g_assert_false (jj_review_retry (fixture->store, fixture->reviewer, parked, "已更正", &error));
  g_assert_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_SQL);
  g_clear_error (&error);
  assert_state (fixture, parked, "parked");
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log", NULL), ==, rows);

  jj_test_sql_exec (jj_store_get_db (fixture->store), "DROP TRIGGER temp.refuse_audit");
  g_assert_true (jj_review_send_back (fixture->store, fixture->reviewer, uuid, SEND_BACK_REASON,
                                      &error));
  g_assert_no_error (error);
  assert_state (fixture, uuid, "returned");
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log", NULL), ==, rows + 1);
  assert_chain_intact (fixture);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/review/roles/clerk-cannot-hold-and-the-refusal-is-audited", test_clerk_cannot_hold);
  ADD ("/review/queue/reviewer-holds-and-releases-with-reasons", test_reviewer_holds_and_releases);
  ADD ("/review/queue/clerk-retries-a-parked-entry", test_clerk_retries_parked);
  ADD ("/review/queue/bulk-actions", test_bulk);
  ADD ("/review/send-back/reviewer-with-a-reason-clerk-refused", test_send_back);
  ADD ("/review/send-back/bulk", test_send_back_many);
  ADD ("/review/transaction/failed-audit-undoes-the-action", test_failed_audit_undoes_the_action);
  ADD ("/review/session/current-stands-in", test_current_session);
  ADD ("/review/reveal-id/only-a-reviewer", test_reveal_id);
  ADD ("/review/core/submit-and-intake-reveal-audited", test_core_actions_audited);
#undef ADD

  return g_test_run ();
}
