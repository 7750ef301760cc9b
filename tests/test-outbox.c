/* test-outbox.c — the outbox as the sync engine sees it, and the county's answers
 *
 * Every test works on a real database file in a fresh temporary folder, with
 * tests/data/catalog-small.json imported and applications of XZ-0002 (no form fields) queued
 * through a ledger import, exactly as a clerk's submissions are.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib.h>

#include "jj-catalog.h"
#include "jj-intake.h"
#include "jj-outbox.h"
#include "jj-store-private.h"
#include "jj-test-submit.h"
#include "jj-test-util.h"

#define ENDPOINT "https://county.example/jiujin/v1/attachments/"
#define NOW G_GINT64_CONSTANT (1764400000)

typedef struct
{
  char      *tmp_dir;
  char      *data_dir;
  JjStore   *store;
  JjCatalog *catalog;
  JjIntake  *intake;
} Fixture;

static void
open_store (Fixture *fixture)
{
  g_autofree char *catalog_path = g_test_build_filename (G_TEST_DIST, "data", "catalog-small.json",
                                                         NULL);
  g_autoptr(GError) error = NULL;

  fixture->store = jj_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  fixture->catalog = jj_catalog_new (fixture->store);
  g_assert_true (jj_catalog_import_file (fixture->catalog, catalog_path, FALSE, NULL, &error));
  g_assert_no_error (error);
  fixture->intake = jj_intake_new (fixture->catalog, NULL, &error);
  g_assert_no_error (error);
}

static void
close_store (Fixture *fixture)
{
  g_clear_object (&fixture->intake);
  g_clear_object (&fixture->catalog);
  g_clear_object (&fixture->store);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->tmp_dir = jj_test_make_tmp_dir ("jiujin-test-outbox-XXXXXX");
  fixture->data_dir = g_build_filename (fixture->tmp_dir, "data", NULL);
  open_store (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  close_store (fixture);
  g_assert_true (jj_test_remove_tree (fixture->tmp_dir));
  g_free (fixture->tmp_dir);
  g_free (fixture->data_dir);
}

static void
queue (Fixture            *fixture,
       guint               n,
       const char * const *sha256s,
       guint               first_applicant)
{
  jj_test_queue (fixture->intake, fixture->tmp_dir, n, "XZ-0002", "{}", sha256s, first_applicant);
}

static gint64
query_int (Fixture    *fixture,
           const char *sql,
           gint64      id)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (jj_store_get_db (fixture->store), sql, -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
query_text (Fixture    *fixture,
            const char *sql,
            gint64      id)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (jj_store_get_db (fixture->store), sql, -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

#define assert_text(fixture, sql, id, expected) \
  G_STMT_START { \
    g_autofree char *actual_ = query_text ((fixture), (sql), (id)); \
    g_assert_cmpstr (actual_, ==, (expected)); \
  } G_STMT_END

static GPtrArray *
ready (Fixture *fixture,
       gint64   now)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = jj_outbox_list_ready (fixture->store, "submission", now, 0, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}

static JjOutboxEntry *
entry_at (GPtrArray *entries,
          guint      i)
{
  return g_ptr_array_index (entries, i);
}

static void
mark_sending (Fixture *fixture,
              gint64   id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (jj_outbox_mark_sending (fixture->store, &id, 1, &error));
  g_assert_no_error (error);
}

static GPtrArray *
apply (Fixture              *fixture,
       const JjOutboxResult *result)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *outcomes = NULL;

  g_assert_true (jj_outbox_apply_results (fixture->store, result, 1, NOW, &outcomes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (outcomes->len, ==, 1);
  return outcomes;
}

static JjOutboxCounts
counts (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  JjOutboxCounts counts;

  g_assert_true (jj_outbox_count (fixture->store, &counts, &error));
  g_assert_no_error (error);
  return counts;
}

/* Queued entries are ready oldest first, with their application's receipt number, and the
 * payload is the item frozen at submit time. */
static void
test_list_ready_oldest_first (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonNode) payload = NULL;
  JjOutboxCounts n;
  gint64 after;

  n = counts (fixture);
  g_assert_cmpuint (n.pending, ==, 0);
  g_assert_cmpint (n.oldest, ==, 0);

  queue (fixture, 3, NULL, 1);
  n = counts (fixture);
  g_assert_cmpuint (n.pending, ==, 3);
  g_assert_cmpuint (n.delivered + n.parked + n.held, ==, 0);
  g_assert_cmpint (n.oldest, >, 0);

  entries = ready (fixture, G_MAXINT64);
  g_assert_cmpuint (entries->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JjOutboxEntry *entry = entry_at (entries, i);

      g_assert_cmpstr (entry->state, ==, "pending");
      g_assert_cmpstr (entry->kind, ==, "submission");
      g_assert_cmpint (entry->attempts, ==, 0);
      g_assert_true (g_regex_match_simple ("^JJ01-\\d{8}-000" "[123]$", entry->receipt_number, 0, 0));
      if (i > 0)
        g_assert_cmpint (entry->id, >, entry_at (entries, i - 1)->id);
    }

  payload = json_from_string (entry_at (entries, 0)->payload, NULL);
  g_assert_nonnull (payload);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (payload), "idempotency_key"),
                   ==, entry_at (entries, 0)->uuid);
  g_clear_pointer (&entries, g_ptr_array_unref);

  entries = jj_outbox_list_ready (fixture->store, "submission", G_MAXINT64, 0, 2, NULL);
  g_assert_cmpuint (entries->len, ==, 2);
  after = entry_at (entries, 1)->id;
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = jj_outbox_list_ready (fixture->store, "submission", G_MAXINT64, after, 2, NULL);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpint (entry_at (entries, 0)->id, >, after);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = jj_outbox_list_ready (fixture->store, "evaluation", G_MAXINT64, 0, 0, NULL);
  g_assert_cmpuint (entries->len, ==, 0);
}

/* A delivery stores the county's answer and case number; the application becomes "sent" and
 * keeps its provisional receipt number. */
static void
test_delivered_stores_case_number (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autofree char *receipt = NULL;
  JjOutboxOutcome *outcome;
  JjOutboxEntry *entry;
  JjOutboxResult result = { 0 };

  queue (fixture, 1, NULL, 1);
  entries = ready (fixture, NOW);
  entry = entry_at (entries, 0);
  receipt = g_strdup (entry->receipt_number);
  mark_sending (fixture, entry->id);
  g_assert_cmpint (query_int (fixture, "SELECT attempts FROM outbox WHERE id = ?1", entry->id), ==, 1);
  assert_text (fixture, "SELECT state FROM outbox WHERE id = ?1", entry->id, "sending");

  result.entry_id = entry->id;
  result.kind = JJ_OUTBOX_RESULT_DELIVERED;
  result.case_number = "JX2026-000123";
  result.response = "{\"status\":201,\"case_number\":\"JX2026-000123\"}";
  outcomes = apply (fixture, &result);
  outcome = g_ptr_array_index (outcomes, 0);
  g_assert_cmpstr (outcome->state, ==, "delivered");
  g_assert_cmpstr (outcome->case_number_or_reason, ==, "JX2026-000123");
  g_assert_cmpstr (outcome->receipt_number, ==, receipt);
  g_assert_cmpint (outcome->application_id, ==, entry->application_id);

  assert_text (fixture, "SELECT state FROM outbox WHERE id = ?1", entry->id, "delivered");
  assert_text (fixture, "SELECT response FROM outbox WHERE id = ?1", entry->id, result.response);
  g_assert_cmpint (query_int (fixture, "SELECT delivered_at FROM outbox WHERE id = ?1", entry->id),
                   ==, NOW);
  assert_text (fixture, "SELECT state FROM applications WHERE id = ?1", entry->application_id, "sent");
  assert_text (fixture, "SELECT case_number FROM applications WHERE id = ?1", entry->application_id,
               "JX2026-000123");
  assert_text (fixture, "SELECT receipt_number FROM applications WHERE id = ?1",
               entry->application_id, receipt);
  g_assert_cmpuint (counts (fixture).delivered, ==, 1);
  g_assert_cmpuint (counts (fixture).pending, ==, 0);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = ready (fixture, G_MAXINT64);
  g_assert_cmpuint (entries->len, ==, 0);
}

/* A crash can lose the county's first answer after the status feed already said "accepted":
 * the replayed 201 stores the case number and leaves the later state alone. */
static void
test_delivered_after_status_keeps_state (Fixture       *fixture,
                                         gconstpointer  user_data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  JjOutboxEntry *entry;
  JjStatusEvent event = { "41", NULL, "JX2026-000123", "accepted", NULL, NOW - 10 };
  JjOutboxResult result = { 0 };

  queue (fixture, 1, NULL, 1);
  entries = ready (fixture, NOW);
  entry = entry_at (entries, 0);
  mark_sending (fixture, entry->id);

  event.idempotency_key = entry->uuid;
  g_assert_true (jj_outbox_apply_statuses (fixture->store, &event, 1, "41", NOW, NULL, &error));
  g_assert_no_error (error);
  assert_text (fixture, "SELECT state FROM applications WHERE id = ?1", entry->application_id,
               "accepted");

  result.entry_id = entry->id;
  result.kind = JJ_OUTBOX_RESULT_DELIVERED;
  result.case_number = "JX2026-000123";
  result.response = "{}";
  outcomes = apply (fixture, &result);
  assert_text (fixture, "SELECT state FROM applications WHERE id = ?1", entry->application_id,
               "accepted");
  assert_text (fixture, "SELECT state FROM outbox WHERE id = ?1", entry->id, "delivered");
}

/* A permanent refusal parks the entry with the county's reason; it is not sent again until
 * someone asks for it. */
static void
test_parked_keeps_reason_until_retry (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GPtrArray) parked = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  JjOutboxOutcome *outcome;
  JjOutboxEntry *entry;
  JjOutboxResult result = { 0 };

  queue (fixture, 2, NULL, 1);
  entries = ready (fixture, NOW);
  entry = entry_at (entries, 0);
  uuid = g_strdup (entry->uuid);
  mark_sending (fixture, entry->id);

  result.entry_id = entry->id;
  result.kind = JJ_OUTBOX_RESULT_PARKED;
  result.reason = "values.bank_account: 银行账号格式不正确";
  result.response = "{\"status\":422}";
  outcomes = apply (fixture, &result);
  outcome = g_ptr_array_index (outcomes, 0);
  g_assert_cmpstr (outcome->state, ==, "parked");
  g_assert_cmpstr (outcome->case_number_or_reason, ==, result.reason);
  assert_text (fixture, "SELECT state FROM applications WHERE id = ?1", entry->application_id,
               "queued");

  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = ready (fixture, G_MAXINT64);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpuint (counts (fixture).parked, ==, 1);
  g_assert_cmpuint (counts (fixture).pending, ==, 1);

  parked = jj_outbox_list (fixture->store, "parked", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parked->len, ==, 1);
  g_assert_cmpstr (entry_at (parked, 0)->uuid, ==, uuid);
  g_assert_cmpstr (entry_at (parked, 0)->last_error, ==, result.reason);

  g_assert_true (jj_outbox_retry_now (fixture->store, uuid, &error));
  g_assert_no_error (error);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = ready (fixture, NOW);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_null (entry_at (entries, 0)->last_error);
}

/* A transient failure sends the entry back to pending, to be tried at its next attempt time;
 * a whole batch can be put back the same way. */
static void
test_retry_waits_for_next_attempt (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  JjOutboxResult result = { 0 };
  gint64 ids[2];

  queue (fixture, 2, NULL, 1);
  entries = ready (fixture, NOW);
  ids[0] = entry_at (entries, 0)->id;
  ids[1] = entry_at (entries, 1)->id;
  g_assert_true (jj_outbox_mark_sending (fixture->store, ids, 2, &error));
  g_assert_no_error (error);

  result.entry_id = ids[0];
  result.kind = JJ_OUTBOX_RESULT_RETRY;
  result.reason = "busy";
  result.next_attempt_at = NOW + 60;
  outcomes = apply (fixture, &result);
  g_assert_cmpstr (((JjOutboxOutcome *) g_ptr_array_index (outcomes, 0))->state, ==, "pending");

  g_assert_true (jj_outbox_requeue (fixture->store, &ids[1], 1, NOW + 30, "offline", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture, "SELECT attempts FROM outbox WHERE id = ?1", ids[1]), ==, 1);
  assert_text (fixture, "SELECT last_error FROM outbox WHERE id = ?1", ids[1], "offline");

  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = ready (fixture, NOW);
  g_assert_cmpuint (entries->len, ==, 0);
  g_assert_cmpint (jj_outbox_next_attempt_at (fixture->store, NOW, NULL), ==, NOW + 30);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = ready (fixture, NOW + 30);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpint (entry_at (entries, 0)->id, ==, ids[1]);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = ready (fixture, G_MAXINT64);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpint (jj_outbox_next_attempt_at (fixture->store, NOW + 60, NULL), ==, 0);
}

/* "sending" left by a crash (the process died after marking, before the answer) is simply
 * ready again after a restart, with the same key. */
static void
test_sending_after_crash_is_ready (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *uuid = NULL;

  queue (fixture, 1, NULL, 1);
  entries = ready (fixture, NOW);
  uuid = g_strdup (entry_at (entries, 0)->uuid);
  mark_sending (fixture, entry_at (entries, 0)->id);
  g_clear_pointer (&entries, g_ptr_array_unref);
  close_store (fixture);

  open_store (fixture);
  entries = ready (fixture, NOW);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (entry_at (entries, 0)->state, ==, "sending");
  g_assert_cmpstr (entry_at (entries, 0)->uuid, ==, uuid);
  mark_sending (fixture, entry_at (entries, 0)->id);
  g_assert_cmpint (query_int (fixture, "SELECT attempts FROM outbox WHERE id = ?1",
                              entry_at (entries, 0)->id), ==, 2);
}

/* Held entries are never sent; answers other than a delivery leave them held; only delivered
 * entries cannot be held, and unknown keys are named. */
static void
test_hold_and_release (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *held = NULL;
  g_autofree char *other = NULL;
  JjOutboxResult result = { 0 };
  gint64 held_id;

  queue (fixture, 2, NULL, 1);
  entries = ready (fixture, NOW);
  held = g_strdup (entry_at (entries, 0)->uuid);
  held_id = entry_at (entries, 0)->id;
  other = g_strdup (entry_at (entries, 1)->uuid);
  mark_sending (fixture, held_id);

  g_assert_true (jj_outbox_hold (fixture->store, held, &error));
  g_assert_no_error (error);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = ready (fixture, G_MAXINT64);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (entry_at (entries, 0)->uuid, ==, other);
  g_assert_cmpuint (counts (fixture).held, ==, 1);

  /* The answer of a batch sent before the hold does not release it. */
  result.entry_id = held_id;
  result.kind = JJ_OUTBOX_RESULT_RETRY;
  result.next_attempt_at = NOW;
  outcomes = apply (fixture, &result);
  g_assert_cmpstr (((JjOutboxOutcome *) g_ptr_array_index (outcomes, 0))->state, ==, "held");

  g_assert_false (jj_outbox_hold (fixture->store, held, &error));
  g_assert_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (jj_outbox_retry_now (fixture->store, held, &error));
  g_assert_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (jj_outbox_release (fixture->store, other, &error));
  g_assert_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_STATE);
  g_assert_nonnull (strstr (error->message, other));
  g_clear_error (&error);
  g_assert_false (jj_outbox_hold (fixture->store, "00000000-0000-4000-8000-000000000000", &error));
  g_assert_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (jj_outbox_release (fixture->store, held, &error));
  g_assert_no_error (error);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = ready (fixture, NOW);
  g_assert_cmpuint (entries->len, ==, 2);

  /* Delivered is final. */
  result.kind = JJ_OUTBOX_RESULT_DELIVERED;
  result.case_number = "JX2026-000001";
  g_clear_pointer (&outcomes, g_ptr_array_unref);
  outcomes = apply (fixture, &result);
  g_assert_false (jj_outbox_hold (fixture->store, held, &error));
  g_assert_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_STATE);
}

/* Each scan an undelivered submission refers to is listed once, with what an earlier attempt
 * recorded; a completed upload is not listed again at the same endpoint. */
static void
test_uploads_listed_once_and_resumed (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  g_autofree char *a = jj_test_add_scan (fixture->store, fixture->tmp_dir, 1000, 1);
  g_autofree char *b = jj_test_add_scan (fixture->store, fixture->tmp_dir, 2000, 2);
  const char *both[] = { a, b, NULL };
  const char *only_a[] = { a, NULL };
  g_autoptr(GPtrArray) uploads = NULL;
  g_autoptr(GError) error = NULL;
  JjOutboxUpload *upload;

  queue (fixture, 2, only_a, 1);
  queue (fixture, 1, both, 10);

  uploads = jj_outbox_list_uploads (fixture->store, ENDPOINT, NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uploads->len, ==, 2);
  upload = g_ptr_array_index (uploads, 0);
  g_assert_cmpstr (upload->sha256, ==, a);
  g_assert_cmpint (upload->size, ==, 1000);
  g_assert_cmpstr (upload->mime_type, ==, "image/png");
  g_assert_cmpstr (upload->filename, ==, "户口簿-0.png");
  g_assert_null (upload->upload_url);
  g_assert_cmpint (upload->offset, ==, 0);
  g_assert_cmpstr (((JjOutboxUpload *) g_ptr_array_index (uploads, 1))->sha256, ==, b);
  g_clear_pointer (&uploads, g_ptr_array_unref);

  g_assert_true (jj_outbox_save_upload_url (fixture->store, a, ENDPOINT, ENDPOINT "abc", &error));
  g_assert_true (jj_outbox_save_upload_offset (fixture->store, a, 512, &error));
  g_assert_true (jj_outbox_complete_upload (fixture->store, b, ENDPOINT, 2000, NOW, &error));
  g_assert_no_error (error);

  uploads = jj_outbox_list_uploads (fixture->store, ENDPOINT, NOW, &error);
  g_assert_cmpuint (uploads->len, ==, 1);
  upload = g_ptr_array_index (uploads, 0);
  g_assert_cmpstr (upload->sha256, ==, a);
  g_assert_cmpstr (upload->upload_url, ==, ENDPOINT "abc");
  g_assert_cmpint (upload->offset, ==, 512);
  g_clear_pointer (&uploads, g_ptr_array_unref);

  /* Another county (enrolled again elsewhere) holds nothing yet. */
  uploads = jj_outbox_list_uploads (fixture->store, "https://other.example/files/", NOW, &error);
  g_assert_cmpuint (uploads->len, ==, 2);
  g_assert_null (((JjOutboxUpload *) g_ptr_array_index (uploads, 0))->upload_url);
  g_clear_pointer (&uploads, g_ptr_array_unref);

  /* A new URL starts from 0. */
  g_assert_true (jj_outbox_save_upload_url (fixture->store, a, ENDPOINT, ENDPOINT "def", &error));
  uploads = jj_outbox_list_uploads (fixture->store, ENDPOINT, NOW, &error);
  g_assert_cmpint (((JjOutboxUpload *) g_ptr_array_index (uploads, 0))->offset, ==, 0);
  g_clear_pointer (&uploads, g_ptr_array_unref);

  g_assert_true (jj_outbox_complete_upload (fixture->store, a, ENDPOINT, 1000, NOW, &error));
  uploads = jj_outbox_list_uploads (fixture->store, ENDPOINT, NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uploads->len, ==, 0);
}

/* "Attachment missing" forgets the upload records of the named scans so that they are sent
 * again, and parks the entry after the fifth such answer. */
static void
test_attachment_missing_parks_after_five (Fixture       *fixture,
                                          gconstpointer  user_data)
{
  g_autofree char *a = jj_test_add_scan (fixture->store, fixture->tmp_dir, 1000, 1);
  const char *only_a[] = { a, NULL };
  const char *missing[] = { a, NULL };
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) uploads = NULL;
  g_autoptr(GError) error = NULL;
  JjOutboxResult result = { 0 };
  gint64 id;

  queue (fixture, 1, only_a, 1);
  entries = ready (fixture, NOW);
  id = entry_at (entries, 0)->id;
  result.entry_id = id;
  result.kind = JJ_OUTBOX_RESULT_ATTACHMENT_MISSING;
  result.missing = missing;
  result.reason = "The scan 户口簿-0.png has not been uploaded.";

  for (guint i = 1; i <= JJ_OUTBOX_MAX_ATTACHMENT_MISSES; i++)
    {
      g_autoptr(GPtrArray) outcomes = NULL;
      const char *state;

      g_assert_true (jj_outbox_complete_upload (fixture->store, a, ENDPOINT, 1000, NOW, &error));
      g_assert_no_error (error);
      g_clear_pointer (&uploads, g_ptr_array_unref);
      uploads = jj_outbox_list_uploads (fixture->store, ENDPOINT, NOW, &error);
      g_assert_cmpuint (uploads->len, ==, 0);

      mark_sending (fixture, id);
      outcomes = apply (fixture, &result);
      state = ((JjOutboxOutcome *) g_ptr_array_index (outcomes, 0))->state;
      g_assert_cmpstr (state, ==, i < JJ_OUTBOX_MAX_ATTACHMENT_MISSES ? "pending" : "parked");

      g_clear_pointer (&uploads, g_ptr_array_unref);
      uploads = jj_outbox_list_uploads (fixture->store, ENDPOINT, NOW, &error);
      g_assert_cmpuint (uploads->len, ==, i < JJ_OUTBOX_MAX_ATTACHMENT_MISSES ? 1 : 0);
    }
  assert_text (fixture, "SELECT last_error FROM outbox WHERE id = ?1", id, result.reason);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM attachment_uploads WHERE 0 < ?1", 1),
                   ==, 0);
}

/* A scan that cannot be sent at all parks every pending submission that refers to it. */
static void
test_park_referring (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *a = jj_test_add_scan (fixture->store, fixture->tmp_dir, 1000, 1);
  const char *only_a[] = { a, NULL };
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  queue (fixture, 2, only_a, 1);
  queue (fixture, 1, NULL, 10);
  outcomes = jj_outbox_park_referring (fixture->store, a, "too large", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outcomes->len, ==, 2);
  g_assert_cmpstr (((JjOutboxOutcome *) g_ptr_array_index (outcomes, 1))->state, ==, "parked");
  g_assert_cmpstr (((JjOutboxOutcome *) g_ptr_array_index (outcomes, 1))->case_number_or_reason,
                   ==, "too large");
  entries = ready (fixture, NOW);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpuint (counts (fixture).parked, ==, 2);
}

/* A page of the status feed moves the applications it names, records every event, and stores
 * the cursor in the same transaction; events of unknown cases or states are skipped. */
static void
test_statuses_applied_with_cursor (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  JjStatusChange *change;
  gint64 first, second;
  JjStatusEvent events[] = {
    { "41", NULL, "JX2026-000123", "accepted", NULL, NOW - 100 },
    { "42", "11111111-1111-4111-8111-111111111111", "JX2026-999999", "accepted", NULL, NOW - 90 },
    { "50", NULL, "JX2026-000124", "returned", "户口簿复印件不清晰，请重新提交。", NOW - 80 },
    { "51", NULL, "JX2026-000124", "archived", NULL, NOW - 70 },
    { "57", NULL, "JX2026-000123", "completed", NULL, NOW - 60 },
  };

  queue (fixture, 2, NULL, 1);
  entries = ready (fixture, NOW);
  events[0].idempotency_key = entry_at (entries, 0)->uuid;
  events[2].idempotency_key = entry_at (entries, 1)->uuid;
  events[3].idempotency_key = entry_at (entries, 1)->uuid;
  events[4].idempotency_key = entry_at (entries, 0)->uuid;
  first = entry_at (entries, 0)->application_id;
  second = entry_at (entries, 1)->application_id;

  g_assert_true (jj_outbox_apply_statuses (fixture->store, events, G_N_ELEMENTS (events), "57",
                                           NOW, &changes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 3);
  change = g_ptr_array_index (changes, 1);
  g_assert_cmpint (change->application_id, ==, second);
  g_assert_cmpstr (change->state, ==, "returned");
  g_assert_cmpstr (change->reason, ==, "户口簿复印件不清晰，请重新提交。");
  g_assert_cmpstr (change->case_number, ==, "JX2026-000124");
  g_assert_cmpstr (change->title, ==, "城乡居民基本医疗保险参保登记");

  cursor = jj_store_dup_meta (fixture->store, "county_status_cursor");
  g_assert_cmpstr (cursor, ==, "57");
  assert_text (fixture, "SELECT state FROM applications WHERE id = ?1", first, "completed");
  g_assert_cmpint (query_int (fixture, "SELECT status_at FROM applications WHERE id = ?1", first),
                   ==, NOW - 60);
  assert_text (fixture, "SELECT state FROM applications WHERE id = ?1", second, "returned");
  assert_text (fixture, "SELECT status_reason FROM applications WHERE id = ?1", second,
               "户口簿复印件不清晰，请重新提交。");
  assert_text (fixture, "SELECT case_number FROM applications WHERE id = ?1", second,
               "JX2026-000124");
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM status_events WHERE application_id = ?1",
                              first), ==, 2);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM status_events WHERE 0 < ?1", 1), ==, 3);

  /* Found by case number alone, too. */
  g_clear_pointer (&changes, g_ptr_array_unref);
  events[2].idempotency_key = NULL;
  events[2].state = "rejected";
  events[2].cursor = "60";
  g_assert_true (jj_outbox_apply_statuses (fixture->store, &events[2], 1, "60", NOW, &changes,
                                           &error));
  g_assert_cmpuint (changes->len, ==, 1);
  assert_text (fixture, "SELECT state FROM applications WHERE id = ?1", second, "rejected");
}

#define REASON "申请表签名缺失"

static void
assert_send_back_refused (Fixture    *fixture,
                          const char *uuid,
                          int         code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (jj_outbox_send_back (fixture->store, uuid, REASON, &error));
  g_assert_error (error, JJ_OUTBOX_ERROR, code);
  if (code == JJ_OUTBOX_ERROR_STATE)
    g_assert_nonnull (strstr (error->message, uuid));
}

/* Pending, parked and held entries can be sent back; the entry is never sent again and its
 * application is returned with the reason. Sending, delivered, returned and superseded ones
 * cannot, nor can anything without a reason. */
static void
test_send_back_from_each_state (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) uuids = g_new0 (char *, 7);
  JjOutboxResult result = { 0 };
  gint64 ids[6];

  queue (fixture, 6, NULL, 1);
  entries = ready (fixture, NOW);
  for (guint i = 0; i < 6; i++)
    {
      uuids[i] = g_strdup (entry_at (entries, i)->uuid);
      ids[i] = entry_at (entries, i)->id;
    }

  /* 0 pending, 1 parked, 2 held, 3 sending, 4 delivered, 5 superseded. */
  mark_sending (fixture, ids[1]);
  result.entry_id = ids[1];
  result.kind = JJ_OUTBOX_RESULT_PARKED;
  result.reason = "字段缺失";
  outcomes = apply (fixture, &result);
  g_assert_true (jj_outbox_hold (fixture->store, uuids[2], &error));
  g_assert_no_error (error);
  mark_sending (fixture, ids[3]);
  mark_sending (fixture, ids[4]);
  result.entry_id = ids[4];
  result.kind = JJ_OUTBOX_RESULT_DELIVERED;
  result.case_number = "JX2026-000004";
  result.response = "{}";
  g_clear_pointer (&outcomes, g_ptr_array_unref);
  outcomes = apply (fixture, &result);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (jj_store_get_db (fixture->store),
                                 "UPDATE outbox SET state = 'superseded' WHERE id = 6",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (ids[5], ==, 6);

  g_assert_false (jj_outbox_send_back (fixture->store, uuids[0], "  \n", &error));
  g_assert_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (jj_outbox_send_back (fixture->store, uuids[0], NULL, &error));
  g_assert_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_INVALID);
  g_clear_error (&error);
  assert_text (fixture, "SELECT state FROM outbox WHERE id = ?1", ids[0], "pending");

  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (jj_outbox_send_back (fixture->store, uuids[i], " " REASON " ", &error));
      g_assert_no_error (error);
      assert_text (fixture, "SELECT state FROM outbox WHERE id = ?1", ids[i], "returned");
      assert_text (fixture, "SELECT last_error FROM outbox WHERE id = ?1", ids[i], REASON);
      assert_text (fixture, "SELECT a.state || '|' || a.status_reason FROM applications a"
                            " JOIN outbox o ON o.application_id = a.id WHERE o.id = ?1",
                   ids[i], "returned|" REASON);
      g_assert_cmpint (query_int (fixture, "SELECT a.status_at > 0 FROM applications a"
                                           " JOIN outbox o ON o.application_id = a.id"
                                           " WHERE o.id = ?1", ids[i]), ==, 1);
    }

  assert_send_back_refused (fixture, uuids[3], JJ_OUTBOX_ERROR_STATE);
  assert_send_back_refused (fixture, uuids[4], JJ_OUTBOX_ERROR_STATE);
  assert_send_back_refused (fixture, uuids[5], JJ_OUTBOX_ERROR_STATE);
  assert_send_back_refused (fixture, uuids[0], JJ_OUTBOX_ERROR_STATE);
  assert_send_back_refused (fixture, "00000000-0000-4000-8000-000000000000",
                            JJ_OUTBOX_ERROR_NOT_FOUND);
  /* Nor does any other queue action bring a returned entry back. */
  g_assert_false (jj_outbox_retry_now (fixture->store, uuids[0], &error));
  g_assert_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (jj_outbox_hold (fixture->store, uuids[1], &error));
  g_assert_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (jj_outbox_release (fixture->store, uuids[2], &error));
  g_assert_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_STATE);
  g_clear_error (&error);

  /* Only the sending entry is still to be sent. */
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = ready (fixture, G_MAXINT64);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (entry_at (entries, 0)->uuid, ==, uuids[3]);
  g_assert_cmpuint (counts (fixture).returned, ==, 3);
  g_assert_cmpuint (counts (fixture).pending, ==, 1);
  g_assert_cmpuint (counts (fixture).parked, ==, 0);
  g_assert_cmpuint (counts (fixture).held, ==, 0);
  g_assert_cmpstr (jj_outbox_state_get_label ("returned"), ==, "Sent back for correction");
  g_assert_cmpstr (jj_outbox_state_get_label ("superseded"), ==, "Superseded");
}

/* The county stored an attempt and accepted the case, but its answer was lost, so the entry is
 * pending again: sending it back must not overwrite the county's decision on the terminal. */
static void
test_send_back_refused_after_county_decided (Fixture       *fixture,
                                             gconstpointer  user_data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  JjStatusEvent event = { "41", NULL, "JX2026-000123", "accepted", NULL, NOW - 10 };
  JjOutboxEntry *entry;
  gint64 id;

  queue (fixture, 1, NULL, 1);
  entries = ready (fixture, NOW);
  entry = entry_at (entries, 0);
  id = entry->id;
  mark_sending (fixture, id);
  g_assert_true (jj_outbox_requeue (fixture->store, &id, 1, NOW, "connection reset", &error));
  g_assert_no_error (error);
  event.idempotency_key = entry->uuid;
  g_assert_true (jj_outbox_apply_statuses (fixture->store, &event, 1, "41", NOW, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (jj_outbox_send_back (fixture->store, entry->uuid, REASON, &error));
  g_assert_error (error, JJ_OUTBOX_ERROR, JJ_OUTBOX_ERROR_STATE);
  assert_text (fixture, "SELECT state FROM outbox WHERE id = ?1", id, "pending");
  assert_text (fixture, "SELECT a.state || '|' || coalesce (a.status_reason, 'NULL')"
                        " FROM applications a JOIN outbox o ON o.application_id = a.id"
                        " WHERE o.id = ?1", id, "accepted|NULL");
}

/* A request in flight when the reviewer held and sent the entry back: the county's late 201
 * is recorded — its answer, when, and the case number — but the entry stays returned and the
 * application stays with the clerk. */
static void
test_late_delivery_of_returned_entry (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  JjOutboxResult result = { 0 };
  JjOutboxEntry *entry;

  queue (fixture, 1, NULL, 1);
  entries = ready (fixture, NOW);
  entry = entry_at (entries, 0);
  mark_sending (fixture, entry->id);
  g_assert_true (jj_outbox_hold (fixture->store, entry->uuid, &error));
  g_assert_true (jj_outbox_send_back (fixture->store, entry->uuid, REASON, &error));
  g_assert_no_error (error);

  result.entry_id = entry->id;
  result.kind = JJ_OUTBOX_RESULT_DELIVERED;
  result.case_number = "JX2026-000777";
  result.response = "{\"status\":201,\"case_number\":\"JX2026-000777\"}";
  outcomes = apply (fixture, &result);
  g_assert_cmpstr (((JjOutboxOutcome *) g_ptr_array_index (outcomes, 0))->state, ==, "returned");

  assert_text (fixture, "SELECT state FROM outbox WHERE id = ?1", entry->id, "returned");
  assert_text (fixture, "SELECT last_error FROM outbox WHERE id = ?1", entry->id, REASON);
  assert_text (fixture, "SELECT response FROM outbox WHERE id = ?1", entry->id, result.response);
  g_assert_cmpint (query_int (fixture, "SELECT delivered_at FROM outbox WHERE id = ?1", entry->id),
                   ==, NOW);
  assert_text (fixture, "SELECT state || '|' || case_number || '|' || status_reason"
                        " FROM applications WHERE id = ?1",
               entry->application_id, "returned|JX2026-000777|" REASON);

  /* A replay of the same answer changes nothing more. */
  g_clear_pointer (&outcomes, g_ptr_array_unref);
  result.case_number = "JX2026-000999";
  outcomes = apply (fixture, &result);
  assert_text (fixture, "SELECT case_number FROM applications WHERE id = ?1",
               entry->application_id, "JX2026-000777");
  g_assert_cmpuint (counts (fixture).delivered, ==, 0);
}

/* The history of an application lists its revisions oldest first; the queue's "delivered
 * today" lists delivered entries newest first, from a given time. */
static void
test_revisions_and_delivered_since (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GPtrArray) delivered = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(JjSubmission) submission = NULL;
  g_autofree char *first_uuid = NULL;
  JjOutboxResult results[2] = { { 0 } };
  JjOutboxEntry *entry;
  gint64 application_id, other_id;

  queue (fixture, 2, NULL, 1);
  entries = ready (fixture, NOW);
  first_uuid = g_strdup (entry_at (entries, 0)->uuid);
  application_id = entry_at (entries, 0)->application_id;
  other_id = entry_at (entries, 1)->id;

  g_assert_true (jj_outbox_send_back (fixture->store, first_uuid, REASON, &error));
  g_assert_true (jj_intake_reopen (fixture->intake, application_id, &error));
  g_assert_no_error (error);
  draft = jj_intake_load_draft (fixture->intake, application_id, &error);
  g_assert_no_error (error);
  submission = jj_intake_submit (fixture->intake, application_id, draft, NULL, &error);
  g_assert_no_error (error);

  revisions = jj_outbox_list_revisions (fixture->store, application_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 2);
  g_assert_cmpint (((JjOutboxEntry *) g_ptr_array_index (revisions, 0))->revision, ==, 1);
  g_assert_cmpstr (((JjOutboxEntry *) g_ptr_array_index (revisions, 0))->state, ==, "superseded");
  entry = g_ptr_array_index (revisions, 1);
  g_assert_cmpint (entry->revision, ==, 2);
  g_assert_cmpstr (entry->supersedes, ==, first_uuid);
  g_assert_cmpint (entry->delivered_at, ==, 0);
  g_assert_null (entry->case_number);

  /* The other application is delivered first, the correction a minute later. */
  mark_sending (fixture, other_id);
  mark_sending (fixture, entry->id);
  results[0].entry_id = other_id;
  results[0].kind = JJ_OUTBOX_RESULT_DELIVERED;
  results[0].case_number = "JX2026-000001";
  results[0].response = "{\"status\":201,\"case_number\":\"JX2026-000001\"}";
  g_assert_true (jj_outbox_apply_results (fixture->store, &results[0], 1, NOW, NULL, &error));
  results[1].entry_id = entry->id;
  results[1].kind = JJ_OUTBOX_RESULT_DELIVERED;
  results[1].case_number = "JX2026-000002";
  results[1].response = "{\"status\":201,\"case_number\":\"JX2026-000002\",\"revision\":2}";
  g_assert_true (jj_outbox_apply_results (fixture->store, &results[1], 1, NOW + 60, NULL, &error));
  g_assert_no_error (error);

  delivered = jj_outbox_list_delivered_since (fixture->store, NOW, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (delivered->len, ==, 2);
  entry = g_ptr_array_index (delivered, 0);
  g_assert_cmpstr (entry->uuid, ==, submission->outbox_uuid);
  g_assert_cmpint (entry->delivered_at, ==, NOW + 60);
  g_assert_cmpstr (entry->case_number, ==, "JX2026-000002");
  g_assert_cmpint (entry->revision, ==, 2);
  g_assert_cmpstr (((JjOutboxEntry *) g_ptr_array_index (delivered, 1))->case_number, ==,
                   "JX2026-000001");
  g_clear_pointer (&delivered, g_ptr_array_unref);
  delivered = jj_outbox_list_delivered_since (fixture->store, NOW + 1, 0, &error);
  g_assert_cmpuint (delivered->len, ==, 1);
  g_clear_pointer (&delivered, g_ptr_array_unref);
  delivered = jj_outbox_list_delivered_since (fixture->store, NOW - 10, 1, &error);
  g_assert_cmpuint (delivered->len, ==, 1);
  g_clear_pointer (&delivered, g_ptr_array_unref);
  delivered = jj_outbox_list_delivered_since (fixture->store, NOW + 61, 0, &error);
  g_assert_cmpuint (delivered->len, ==, 0);
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/outbox/ready/oldest-first", test_list_ready_oldest_first);
  ADD ("/outbox/ready/sending-after-crash-is-ready", test_sending_after_crash_is_ready);
  ADD ("/outbox/result/delivered-stores-case-number", test_delivered_stores_case_number);
  ADD ("/outbox/result/delivered-after-status-keeps-state", test_delivered_after_status_keeps_state);
  ADD ("/outbox/result/parked-keeps-reason-until-retry", test_parked_keeps_reason_until_retry);
  ADD ("/outbox/result/retry-waits-for-next-attempt", test_retry_waits_for_next_attempt);
  ADD ("/outbox/result/attachment-missing-parks-after-five", test_attachment_missing_parks_after_five);
  ADD ("/outbox/review/hold-and-release", test_hold_and_release);
  ADD ("/outbox/review/park-referring-scan", test_park_referring);
  ADD ("/outbox/review/send-back-from-each-state", test_send_back_from_each_state);
  ADD ("/outbox/review/send-back-refused-after-county-decided",
       test_send_back_refused_after_county_decided);
  ADD ("/outbox/result/late-delivery-of-a-returned-entry", test_late_delivery_of_returned_entry);
  ADD ("/outbox/revisions/history-and-delivered-since", test_revisions_and_delivered_since);
  ADD ("/outbox/uploads/listed-once-and-resumed", test_uploads_listed_once_and_resumed);
  ADD ("/outbox/statuses/applied-with-cursor", test_statuses_applied_with_cursor);
#undef ADD

  return g_test_run ();
}
