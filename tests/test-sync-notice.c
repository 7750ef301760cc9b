/* test-sync-notice.c — the notifications a sync leads to: their words, grouping and pace
 *
 * The texts are checked in the source language (the test environment sets LANGUAGE=en); time
 * is given by the test, so the rate limit is checked to the microsecond without waiting.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <locale.h>
#include <time.h>

#include "jj-sync-notice.h"

#define INTERVAL   JJ_SYNC_NOTICE_DEFAULT_INTERVAL
#define START      (1000 * G_USEC_PER_SEC)
#define ALLOWANCE  "高龄津贴申请"
#define PENSION    "城乡居民基本养老保险参保登记"
#define RETURNED   "户口簿复印件不清晰，请重新提交。"

static void
test_single_completed (void)
{
  g_autoptr(JjSyncNotice) notice = jj_sync_notice_new (INTERVAL);
  g_autoptr(JjNotice) shown = NULL;

  jj_sync_notice_add_status (notice, 7, "completed", NULL, ALLOWANCE, "JX2026-000123");
  jj_sync_notice_set_applicant_name (notice, 7, "王秀英");
  shown = jj_sync_notice_take (notice, START);

  g_assert_nonnull (shown);
  g_assert_cmpstr (shown->summary, ==, "Application completed");
  g_assert_cmpstr (shown->body, ==, ALLOWANCE " (王秀英, JX2026-000123)");
  g_assert_false (shown->quiet);
  g_assert_cmpint (shown->application_id, ==, 7);
  g_assert_false (jj_sync_notice_has_pending (notice));
}

static void
test_single_returned_gives_reason (void)
{
  g_autoptr(JjSyncNotice) notice = jj_sync_notice_new (INTERVAL);
  g_autoptr(JjNotice) shown = NULL;

  jj_sync_notice_add_status (notice, 3, "returned", RETURNED, ALLOWANCE, "JX2026-000119");
  shown = jj_sync_notice_take (notice, START);

  g_assert_cmpstr (shown->summary, ==, "Application returned for correction");
  /* The name is not known (nobody gave it): the case number alone identifies the application. */
  g_assert_cmpstr (shown->body, ==, ALLOWANCE " (JX2026-000119)\n" RETURNED);
}

static void
test_single_rejected_without_title (void)
{
  g_autoptr(JjSyncNotice) notice = jj_sync_notice_new (INTERVAL);
  g_autoptr(JjNotice) shown = NULL;

  jj_sync_notice_add_status (notice, 4, "rejected", "不符合申请条件", NULL, "JX2026-000120");
  shown = jj_sync_notice_take (notice, START);
  g_assert_cmpstr (shown->summary, ==, "Application rejected");
  g_assert_cmpstr (shown->body, ==, "JX2026-000120\n不符合申请条件");
  jj_notice_free (g_steal_pointer (&shown));

  jj_sync_notice_add_status (notice, 5, "accepted", NULL, NULL, NULL);
  shown = jj_sync_notice_take (notice, START + INTERVAL);
  g_assert_cmpstr (shown->summary, ==, "Application accepted");
  g_assert_cmpstr (shown->body, ==, "An application");
}

static void
test_draft_and_unknown_states_ignored (void)
{
  g_autoptr(JjSyncNotice) notice = jj_sync_notice_new (INTERVAL);

  jj_sync_notice_add_status (notice, 1, "draft", NULL, ALLOWANCE, NULL);
  jj_sync_notice_add_status (notice, 2, "archived", NULL, ALLOWANCE, NULL);
  jj_sync_notice_add_status (notice, 3, NULL, NULL, ALLOWANCE, NULL);

  g_assert_false (jj_sync_notice_has_pending (notice));
  g_assert_cmpint (jj_sync_notice_get_ready_time (notice), ==, -1);
  g_assert_null (jj_sync_notice_take (notice, START));
}

static void
test_group_several (void)
{
  g_autoptr(JjSyncNotice) notice = jj_sync_notice_new (INTERVAL);
  g_autoptr(JjNotice) shown = NULL;

  jj_sync_notice_add_status (notice, 1, "accepted", NULL, ALLOWANCE, "JX2026-000001");
  jj_sync_notice_add_status (notice, 2, "completed", NULL, PENSION, "JX2026-000002");
  jj_sync_notice_add_status (notice, 3, "returned", RETURNED, ALLOWANCE, "JX2026-000003");
  jj_sync_notice_set_applicant_name (notice, 2, "李四");
  shown = jj_sync_notice_take (notice, START);

  g_assert_cmpstr (shown->summary, ==, "3 applications have news");
  g_assert_cmpstr (shown->body, ==,
                   "Accepted: " ALLOWANCE " (JX2026-000001)\n"
                   "Completed: " PENSION " (李四, JX2026-000002)\n"
                   "Returned for correction: " ALLOWANCE " (JX2026-000003) — " RETURNED);
  g_assert_cmpint (shown->application_id, ==, 0);
  g_assert_false (shown->quiet);
}

static void
test_group_long_reason_shortened (void)
{
  g_autoptr(JjSyncNotice) notice = jj_sync_notice_new (INTERVAL);
  g_autoptr(JjNotice) shown = NULL;
  g_auto(GStrv) lines = NULL;

  jj_sync_notice_add_status (notice, 1, "rejected",
                             "申请人年龄未满八十周岁，不符合高龄津贴的发放条件，请核实后再申请。",
                             ALLOWANCE, NULL);
  jj_sync_notice_add_status (notice, 2, "accepted", NULL, PENSION, NULL);
  shown = jj_sync_notice_take (notice, START);
  lines = g_strsplit (shown->body, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_cmpstr (lines[0], ==, "Rejected: " ALLOWANCE " — 申请人年龄未满八十周岁，不符合高龄津贴的发放条…");
}

/* The lines of the notice of @n applications accepted in one cycle; its summary in @summary. */
static char **
group_lines (gint64   n,
             char   **summary)
{
  g_autoptr(JjSyncNotice) notice = jj_sync_notice_new (INTERVAL);
  g_autoptr(JjNotice) shown = NULL;

  for (gint64 id = 1; id <= n; id++)
    jj_sync_notice_add_status (notice, id, "accepted", NULL, ALLOWANCE, NULL);
  shown = jj_sync_notice_take (notice, START);
  *summary = g_strdup (shown->summary);
  return g_strsplit (shown->body, "\n", -1);
}

static void
test_group_long_list_says_how_many_more (void)
{
  g_autofree char *summary = NULL;
  g_auto(GStrv) lines = group_lines (9, &summary);

  g_assert_cmpstr (summary, ==, "9 applications have news");
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_cmpstr (lines[4], ==, "…and 5 more");
}

static void
test_group_five_are_all_listed (void)
{
  g_autofree char *summary = NULL;
  g_auto(GStrv) lines = group_lines (5, &summary);

  /* "…and 1 more" would take the line the fifth application needs. */
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_cmpstr (lines[4], ==, "Accepted: " ALLOWANCE);
}

static void
test_same_application_keeps_latest (void)
{
  g_autoptr(JjSyncNotice) notice = jj_sync_notice_new (INTERVAL);
  g_autoptr(JjNotice) shown = NULL;

  jj_sync_notice_add_status (notice, 9, "returned", RETURNED, ALLOWANCE, "JX2026-000009");
  jj_sync_notice_add_status (notice, 9, "accepted", NULL, NULL, NULL);
  jj_sync_notice_add_status (notice, 9, "completed", NULL, NULL, NULL);
  shown = jj_sync_notice_take (notice, START);

  /* One application: a single notice, its latest state, no stale reason, the title kept. */
  g_assert_cmpstr (shown->summary, ==, "Application completed");
  g_assert_cmpstr (shown->body, ==, ALLOWANCE " (JX2026-000009)");
  g_assert_cmpint (shown->application_id, ==, 9);
}

static void
test_catalog_alone_is_quiet (void)
{
  g_autoptr(JjSyncNotice) notice = jj_sync_notice_new (INTERVAL);
  g_autoptr(JjNotice) shown = NULL;

  jj_sync_notice_add_catalog (notice, "2026.12.0");
  jj_sync_notice_add_catalog (notice, "2026.12.1");
  shown = jj_sync_notice_take (notice, START);

  g_assert_cmpstr (shown->summary, ==, "The handling guides were updated to 2026.12.1");
  g_assert_cmpstr (shown->body, ==, "Applications taken on this terminal are not affected.");
  g_assert_true (shown->quiet);
  g_assert_cmpint (shown->application_id, ==, 0);
}

static void
test_catalog_with_statuses_is_a_line (void)
{
  g_autoptr(JjSyncNotice) notice = jj_sync_notice_new (INTERVAL);
  g_autoptr(JjNotice) shown = NULL;

  jj_sync_notice_add_catalog (notice, "2026.12.1");
  jj_sync_notice_add_status (notice, 7, "completed", NULL, ALLOWANCE, "JX2026-000123");
  shown = jj_sync_notice_take (notice, START);

  g_assert_cmpstr (shown->summary, ==, "Application completed");
  g_assert_cmpstr (shown->body, ==,
                   ALLOWANCE " (JX2026-000123)\nThe handling guides were updated to 2026.12.1");
  g_assert_false (shown->quiet);
}

static void
test_rate_limit_merges_into_next (void)
{
  g_autoptr(JjSyncNotice) notice = jj_sync_notice_new (INTERVAL);
  g_autoptr(JjNotice) first = NULL;
  g_autoptr(JjNotice) second = NULL;

  g_assert_cmpint (jj_sync_notice_get_ready_time (notice), ==, -1);
  jj_sync_notice_add_status (notice, 1, "accepted", NULL, ALLOWANCE, NULL);
  g_assert_cmpint (jj_sync_notice_get_ready_time (notice), ==, 0);
  first = jj_sync_notice_take (notice, START);
  g_assert_nonnull (first);
  g_assert_null (jj_sync_notice_take (notice, START + 1));

  /* Two more within the interval: neither is shown, both wait. */
  jj_sync_notice_add_status (notice, 2, "completed", NULL, PENSION, NULL);
  g_assert_cmpint (jj_sync_notice_get_ready_time (notice), ==, START + INTERVAL);
  g_assert_null (jj_sync_notice_take (notice, START + G_USEC_PER_SEC));
  jj_sync_notice_add_status (notice, 1, "completed", NULL, ALLOWANCE, NULL);
  g_assert_null (jj_sync_notice_take (notice, START + INTERVAL - 1));
  g_assert_true (jj_sync_notice_has_pending (notice));

  second = jj_sync_notice_take (notice, START + INTERVAL);
  g_assert_nonnull (second);
  g_assert_cmpstr (second->summary, ==, "2 applications have news");
  g_assert_cmpstr (second->body, ==, "Completed: " PENSION "\nCompleted: " ALLOWANCE);
  g_assert_false (jj_sync_notice_has_pending (notice));
  g_assert_cmpint (jj_sync_notice_get_ready_time (notice), ==, -1);

  /* The window runs from the last notice shown, not from the last event. */
  jj_sync_notice_add_catalog (notice, "2026.12.1");
  g_assert_cmpint (jj_sync_notice_get_ready_time (notice), ==, START + 2 * INTERVAL);
}

static void
test_unnamed_ids (void)
{
  g_autoptr(JjSyncNotice) notice = jj_sync_notice_new (INTERVAL);
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  g_autoptr(JjNotice) shown = NULL;

  jj_sync_notice_add_status (notice, 11, "accepted", NULL, ALLOWANCE, NULL);
  jj_sync_notice_add_status (notice, 12, "accepted", NULL, PENSION, NULL);
  before = jj_sync_notice_dup_unnamed (notice);
  g_assert_cmpuint (before->len, ==, 2);
  g_assert_cmpint (g_array_index (before, gint64, 0), ==, 11);
  g_assert_cmpint (g_array_index (before, gint64, 1), ==, 12);

  jj_sync_notice_set_applicant_name (notice, 12, "李四");
  /* A name for an application that is not waiting, or an empty one, changes nothing. */
  jj_sync_notice_set_applicant_name (notice, 99, "王五");
  jj_sync_notice_set_applicant_name (notice, 11, "");
  after = jj_sync_notice_dup_unnamed (notice);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpint (g_array_index (after, gint64, 0), ==, 11);

  shown = jj_sync_notice_take (notice, START);
  g_assert_cmpstr (shown->body, ==, "Accepted: " ALLOWANCE "\nAccepted: " PENSION " (李四)");
}

static void
test_format_when (void)
{
  g_autoptr(GTimeZone) shanghai = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) late_yesterday = NULL;
  g_autoptr(GDateTime) earlier = NULL;
  g_autoptr(GDateTime) last_year = NULL;
  g_autofree char *never = NULL;
  g_autofree char *today_text = NULL;
  g_autofree char *yesterday_text = NULL;
  g_autofree char *earlier_text = NULL;
  g_autofree char *last_year_text = NULL;

  /* Local time is China Standard Time for this test, whatever the machine's zone. */
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  tzset ();
  g_assert_nonnull (shanghai);
  now = g_date_time_new (shanghai, 2026, 11, 29, 0, 30, 0);
  today = g_date_time_new (shanghai, 2026, 11, 29, 0, 5, 0);
  late_yesterday = g_date_time_new (shanghai, 2026, 11, 28, 23, 59, 0);
  earlier = g_date_time_new (shanghai, 2026, 1, 2, 9, 30, 0);
  last_year = g_date_time_new (shanghai, 2025, 12, 31, 16, 0, 0);

  never = jj_sync_notice_format_when (0, now);
  today_text = jj_sync_notice_format_when (g_date_time_to_unix (today), now);
  yesterday_text = jj_sync_notice_format_when (g_date_time_to_unix (late_yesterday), now);
  earlier_text = jj_sync_notice_format_when (g_date_time_to_unix (earlier), now);
  last_year_text = jj_sync_notice_format_when (g_date_time_to_unix (last_year), now);

  g_assert_cmpstr (never, ==, "Never");
  g_assert_cmpstr (today_text, ==, "Today 00:05");
  g_assert_cmpstr (yesterday_text, ==, "Yesterday 23:59");
  g_assert_cmpstr (earlier_text, ==, "Jan 2 09:30");
  g_assert_cmpstr (last_year_text, ==, "2025-12-31 16:00");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-notice/single/completed-names-applicant-and-case", test_single_completed);
  g_test_add_func ("/sync-notice/single/returned-gives-the-reason", test_single_returned_gives_reason);
  g_test_add_func ("/sync-notice/single/without-title-or-name", test_single_rejected_without_title);
  g_test_add_func ("/sync-notice/single/draft-and-unknown-states-ignored",
                   test_draft_and_unknown_states_ignored);
  g_test_add_func ("/sync-notice/group/several-in-one-cycle", test_group_several);
  g_test_add_func ("/sync-notice/group/long-reason-shortened", test_group_long_reason_shortened);
  g_test_add_func ("/sync-notice/group/long-list-says-how-many-more",
                   test_group_long_list_says_how_many_more);
  g_test_add_func ("/sync-notice/group/five-are-all-listed", test_group_five_are_all_listed);
  g_test_add_func ("/sync-notice/group/same-application-keeps-its-latest-state",
                   test_same_application_keeps_latest);
  g_test_add_func ("/sync-notice/catalog/alone-is-quiet", test_catalog_alone_is_quiet);
  g_test_add_func ("/sync-notice/catalog/with-statuses-is-a-line", test_catalog_with_statuses_is_a_line);
  g_test_add_func ("/sync-notice/rate-limit/what-falls-in-the-window-merges-into-the-next",
                   test_rate_limit_merges_into_next);
  g_test_add_func ("/sync-notice/names/unnamed-ids-then-named", test_unnamed_ids);
  g_test_add_func ("/sync-notice/when/today-yesterday-this-year-before", test_format_when);

  return g_test_run ();
}
