/* test-sync-chaos.c — exactly once, whatever is killed when
 *
 * A terminal queues 1,000 submissions offline, with 200 random scans of 1 KiB to 256 KiB shared
 * among them, through the real intake path. A real jiujin-county starts (--demo, so that cases
 * are accepted and the status feed fills), the terminal enrolls with `jiujinctl enroll`, and
 * `jiujinctl sync --watch` drains the outbox while this test SIGKILLs the client, the server or
 * both at moments chosen to land in an attachment upload, in a submissions batch and at random,
 * restarting what it killed, until everything is delivered; then in status pulls. Then: the
 * watching client stops cleanly on SIGTERM and a fresh `sync --once` succeeds; the county holds
 * every submission exactly once under its outbox UUID, with the case number the terminal
 * recorded; every blob it holds has the SHA-256 it is named by and every scan referred to is
 * held; both databases pass their integrity check.
 *
 * The moments follow from a seed printed in the TAP output: JIUJIN_CHAOS_SEED=N replays the
 * same plan (the timings of real processes still vary). Under AddressSanitizer every wait is
 * stretched (JIUJIN_CHAOS_SCALE overrides the factor).
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "chaos-terminal.h"
#include "jj-test-county.h"
#include "jj-test-util.h"

#define N_SUBMISSIONS 1000
#define N_SCANS       200
#define N_KILLS       16

#if defined(__SANITIZE_ADDRESS__)
#define DEFAULT_SCALE 4.0
#else
#define DEFAULT_SCALE 1.0
#endif

/* Seconds, multiplied by the scale: the whole drain, the wait for a phase, no progress. */
#define DRAIN_TIMEOUT_S 150
#define PHASE_TIMEOUT_S 6
#define STALL_S         8
#define POLL_US         1000

typedef enum
{
  PHASE_UPLOAD,
  PHASE_BATCH,
  PHASE_STATUSES,
  PHASE_ANY,
  N_PHASES
} Phase;

typedef enum
{
  VICTIM_CLIENT,
  VICTIM_SERVER,
  VICTIM_BOTH,
  N_VICTIMS
} Victim;

static const char * const phase_names[] = { "during an upload", "during a batch",
                                             "during a status pull", "at a random moment" };
static const char * const victim_names[] = { "client", "server", "both" };

typedef struct
{
  Phase  phase;
  Victim victim;
} Kill;

typedef struct
{
  GRand        *rand;
  double        scale;
  gint64        started;
  char         *dir;
  char         *data_dir;
  char         *client_log;
  const char   *jiujinctl;
  JjTestCounty *county;
  GSubprocess  *client;
  gint64        client_started;
  sqlite3      *outbox_db;
  ChaosOutbox   outbox;
  gint64        progress_at;
  guint         victims[N_VICTIMS];
  guint         phases[N_PHASES];
  guint         client_kills_mid_batch;
  guint         client_kills_mid_upload;
  guint         stall_restarts;
} Chaos;

/* What to take down with this test when an assertion fails, so that a failed run does not
 * leave a county and a client running: the client's and the county's process ids. */
static volatile pid_t running[2];

static void
kill_running (int signum)
{
  for (guint i = 0; i < G_N_ELEMENTS (running); i++)
    if (running[i] > 0)
      kill (running[i], SIGKILL);
  signal (signum, SIG_DFL);
  raise (signum);
}

static void
note_running (Chaos *chaos)
{
  const char *id = chaos->client != NULL ? g_subprocess_get_identifier (chaos->client) : NULL;

  running[0] = id != NULL ? (pid_t) g_ascii_strtoll (id, NULL, 10) : 0;
  running[1] = chaos->county != NULL ? jj_test_county_get_pid (chaos->county) : 0;
}

static double
seconds_since (gint64 since)
{
  return (g_get_monotonic_time () - since) / (double) G_USEC_PER_SEC;
}

static gint64
scaled_us (Chaos  *chaos,
           double  seconds)
{
  return (gint64) (seconds * chaos->scale * G_USEC_PER_SEC);
}

/* The last lines of a log, for the message of a failure. */
static char *
log_tail (const char *path)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  const char *start;

  if (!g_file_get_contents (path, &text, &length, NULL))
    return g_strdup ("(no log)");
  start = text + (length > 3000 ? length - 3000 : 0);
  return g_strdup (start);
}

static void
start_client (Chaos *chaos)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = chaos_launcher_new (chaos->client_log, &error);

  g_assert_no_error (error);
  g_assert_null (chaos->client);
  /* An idle client pulls statuses every second instead of every minute. */
  g_subprocess_launcher_setenv (launcher, "JIUJIN_SYNC_INTERVAL", "1", TRUE);
  chaos->client = g_subprocess_launcher_spawn (launcher, &error, chaos->jiujinctl, "--data-dir",
                                               chaos->data_dir, "sync", "--watch", NULL);
  g_assert_no_error (error);
  chaos->client_started = g_get_monotonic_time ();
  note_running (chaos);
}

static void
kill_client (Chaos *chaos)
{
  if (chaos->client == NULL)
    return;
  g_subprocess_send_signal (chaos->client, SIGKILL);
  g_subprocess_wait (chaos->client, NULL, NULL);
  g_clear_object (&chaos->client);
  note_running (chaos);
}

/* A client that stopped by itself (a crash, an ASan report, a refused enrollment) fails the
 * test: only this test may end it. */
static void
check_client_alive (Chaos *chaos)
{
  g_autofree char *tail = NULL;

  if (chaos->client == NULL || g_subprocess_get_identifier (chaos->client) != NULL)
    return;
  g_subprocess_wait (chaos->client, NULL, NULL);
  tail = log_tail (chaos->client_log);
  g_error ("jiujinctl sync --watch stopped by itself (%s %d); its log ends:\n%s",
           g_subprocess_get_if_exited (chaos->client) ? "exit status" : "signal",
           g_subprocess_get_if_exited (chaos->client)
             ? g_subprocess_get_exit_status (chaos->client)
             : g_subprocess_get_term_sig (chaos->client),
           tail);
}

/* Reads the outbox into chaos->outbox, the last reading into @previous, and notes the time
 * when anything moved. */
static void
poll_outbox (Chaos       *chaos,
             ChaosOutbox *previous)
{
  g_autoptr(GError) error = NULL;

  *previous = chaos->outbox;
  g_assert_true (chaos_outbox_read (chaos->outbox_db, &chaos->outbox, &error));
  g_assert_no_error (error);
  if (memcmp (previous, &chaos->outbox, sizeof chaos->outbox) != 0)
    chaos->progress_at = g_get_monotonic_time ();
}

/* Whether the moment @phase names has come: a transfer under way that just moved, entries
 * that just became "sending", a status page that was just applied. */
static gboolean
phase_is_now (Phase              phase,
              const ChaosOutbox *before,
              const ChaosOutbox *now)
{
  switch (phase)
    {
    case PHASE_UPLOAD:
      return now->uploads_open > 0 &&
             (now->uploads_open != before->uploads_open ||
              now->upload_offsets != before->upload_offsets ||
              now->uploads_done != before->uploads_done);
    case PHASE_BATCH:
      return before->sending == 0 && now->sending > 0;
    case PHASE_STATUSES:
      return now->status_events != before->status_events;
    case PHASE_ANY:
    case N_PHASES:
    default:
      return FALSE;
    }
}

/* Waits for @phase (or, for PHASE_ANY, a random moment) and returns the phase the kill is
 * made in: PHASE_ANY when nothing moved for a while without the one asked for, or it has
 * passed for good. Returns N_PHASES when the outbox is drained, unless status pulls are
 * asked for: those go on after the last delivery. */
static Phase
wait_for_phase (Chaos *chaos,
                Phase  phase)
{
  gint64 any_at = g_get_monotonic_time () +
                  scaled_us (chaos, g_rand_double_range (chaos->rand, 0.05, 2.0));

  chaos->progress_at = g_get_monotonic_time ();
  for (;;)
    {
      ChaosOutbox before;

      check_client_alive (chaos);
      poll_outbox (chaos, &before);
      if (phase != PHASE_STATUSES && chaos_outbox_is_drained (&chaos->outbox))
        return N_PHASES;
      if (phase == PHASE_UPLOAD && chaos->outbox.uploads_done >= N_SCANS)
        phase = PHASE_ANY;
      if (phase != PHASE_ANY && phase_is_now (phase, &before, &chaos->outbox))
        return phase;
      if (phase != PHASE_ANY &&
          g_get_monotonic_time () - chaos->progress_at > scaled_us (chaos, PHASE_TIMEOUT_S))
        {
          if (phase == PHASE_STATUSES)
            return N_PHASES;
          phase = PHASE_ANY;
        }
      if (phase == PHASE_ANY && g_get_monotonic_time () > any_at)
        return PHASE_ANY;
      g_usleep (POLL_US);
    }
}

static void
kill_and_restart (Chaos *chaos,
                  Kill   kill,
                  Phase  phase)
{
  g_autoptr(GError) error = NULL;
  ChaosOutbox after;
  gboolean client_first;
  double at = seconds_since (chaos->started);

  /* A little later than the moment seen, so that the kill lands inside the request. */
  g_usleep (g_rand_int_range (chaos->rand, 0, 1 + scaled_us (chaos, 0.015)));

  if (kill.victim != VICTIM_SERVER)
    kill_client (chaos);
  if (kill.victim != VICTIM_CLIENT)
    jj_test_county_kill (chaos->county);
  note_running (chaos);

  g_assert_true (chaos_outbox_read (chaos->outbox_db, &after, &error));
  g_assert_no_error (error);
  if (kill.victim != VICTIM_SERVER && after.sending > 0)
    chaos->client_kills_mid_batch++;
  if (kill.victim != VICTIM_SERVER && after.uploads_open > 0)
    chaos->client_kills_mid_upload++;
  chaos->victims[kill.victim]++;
  chaos->phases[phase]++;
  g_test_message ("%6.2f s: SIGKILL %s %s (delivered %u, sending %u, scans uploaded %u, "
                  "uploads open %u, status events %u)",
                  at, victim_names[kill.victim], phase_names[phase], after.delivered,
                  after.sending, after.uploads_done, after.uploads_open, after.status_events);

  g_usleep (g_rand_int_range (chaos->rand, 0, 1 + scaled_us (chaos, 0.3)));

  /* Now and then the client comes back before the county: it must wait for it. */
  client_first = kill.victim == VICTIM_BOTH && g_rand_int_range (chaos->rand, 0, 3) == 0;
  if (client_first)
    start_client (chaos);
  if (kill.victim != VICTIM_CLIENT)
    jj_test_county_restart (chaos->county);
  note_running (chaos);
  if (kill.victim != VICTIM_SERVER && !client_first)
    start_client (chaos);
  chaos->progress_at = g_get_monotonic_time ();
}

/* The kills while submissions are being delivered: aimed at uploads, with random moments in
 * between, then at batches, each time at the client, the server and both (the client first, so
 * that its half-done work is replayed); then anywhere at random. Status pulls are aimed at
 * after the last delivery. */
static GArray *
make_plan (Chaos *chaos)
{
  static const Kill aimed[] = {
    { PHASE_UPLOAD, VICTIM_CLIENT }, { PHASE_ANY, N_VICTIMS },
    { PHASE_UPLOAD, VICTIM_SERVER }, { PHASE_ANY, N_VICTIMS },
    { PHASE_UPLOAD, VICTIM_BOTH }, { PHASE_ANY, N_VICTIMS },
    { PHASE_UPLOAD, N_VICTIMS },
    { PHASE_BATCH, VICTIM_CLIENT }, { PHASE_BATCH, VICTIM_SERVER },
    { PHASE_BATCH, VICTIM_BOTH }, { PHASE_BATCH, N_VICTIMS },
  };
  GArray *plan = g_array_new (FALSE, FALSE, sizeof (Kill));

  for (guint i = 0; i < N_KILLS; i++)
    {
      Kill kill = { PHASE_ANY, N_VICTIMS };

      if (i < G_N_ELEMENTS (aimed))
        kill = aimed[i];
      if (kill.victim == N_VICTIMS)
        kill.victim = g_rand_int_range (chaos->rand, 0, N_VICTIMS);
      g_array_append_val (plan, kill);
    }
  return plan;
}

static void
wait_until_drained (Chaos  *chaos,
                    gint64  deadline)
{
  ChaosOutbox before;

  for (poll_outbox (chaos, &before); !chaos_outbox_is_drained (&chaos->outbox);
       poll_outbox (chaos, &before))
    {
      check_client_alive (chaos);
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *tail = log_tail (chaos->client_log);

          g_error ("not drained in time: pending %u, sending %u, parked %u, held %u, "
                   "delivered %u; the client's log ends:\n%s",
                   chaos->outbox.pending, chaos->outbox.sending, chaos->outbox.parked,
                   chaos->outbox.held, chaos->outbox.delivered, tail);
        }
      /* A client backing off for a long time is not what this test is about. */
      if (g_get_monotonic_time () - chaos->progress_at > scaled_us (chaos, STALL_S))
        {
          g_test_message ("%6.2f s: no progress for %d s: restarting the client",
                          seconds_since (chaos->started), (int) (STALL_S * chaos->scale));
          kill_client (chaos);
          start_client (chaos);
          chaos->stall_restarts++;
          chaos->progress_at = g_get_monotonic_time ();
        }
      g_usleep (10 * POLL_US);
    }
}

static void
stop_client (Chaos *chaos)
{
  /* SIGTERM stops a watching jiujinctl cleanly (and under ASan, a leak would show here), once
   * it is far enough into its start to have set up its handler. */
  while (g_get_monotonic_time () - chaos->client_started < scaled_us (chaos, 2))
    g_usleep (10 * POLL_US);
  g_subprocess_send_signal (chaos->client, SIGTERM);
  g_subprocess_wait (chaos->client, NULL, NULL);
  g_assert_true (g_subprocess_get_if_exited (chaos->client));
  g_assert_cmpint (g_subprocess_get_exit_status (chaos->client), ==, 0);
  g_clear_object (&chaos->client);
  note_running (chaos);
}

/* Idempotency key → case number, from the terminal: every entry must be delivered. */
static GHashTable *
terminal_cases (Chaos *chaos)
{
  GHashTable *cases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (chaos->outbox_db,
                                       "SELECT o.uuid, o.state, a.case_number FROM outbox o"
                                       " JOIN applications a ON a.id = o.application_id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *uuid = (const char *) sqlite3_column_text (stmt, 0);
      const char *state = (const char *) sqlite3_column_text (stmt, 1);
      const char *case_number = (const char *) sqlite3_column_text (stmt, 2);

      g_assert_cmpstr (state, ==, "delivered");
      g_assert_nonnull (case_number);
      g_assert_true (g_hash_table_insert (cases, g_strdup (uuid), g_strdup (case_number)));
    }
  sqlite3_finalize (stmt);
  return cases;
}

/* The scans the terminal's submissions refer to. */
static GPtrArray *
terminal_scans (Chaos *chaos)
{
  GPtrArray *scans = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (chaos->outbox_db,
                                       "SELECT DISTINCT sha256 FROM application_attachments",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (scans, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  return scans;
}

/* The county's cases, by `admin cases --json`: each key once, with the terminal's number. */
static void
assert_county_cases (Chaos      *chaos,
                     GHashTable *expected)
{
  g_autofree char *out = jj_test_county_admin (chaos->county, "cases", "--json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  JsonArray *cases;

  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  cases = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (cases), ==, N_SUBMISSIONS);

  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *item = json_array_get_object_element (cases, i);
      JsonObject *submission = json_object_get_object_member (item, "submission");
      const char *key = json_object_get_string_member (submission, "idempotency_key");
      const char *case_number = json_object_get_string_member (item, "case_number");

      if (!g_hash_table_add (seen, (gpointer) key))
        g_error ("the county holds the submission %s twice", key);
      g_assert_cmpstr (g_hash_table_lookup (expected, key), ==, case_number);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, g_hash_table_size (expected));
}

static char *
file_sha256 (const char *path)
{
  g_autoptr(GBytes) bytes = jj_test_read_file (path);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

/* Every blob is named by its SHA-256, and every scan referred to is there. */
static void
assert_county_blobs (Chaos     *chaos,
                     GPtrArray *scans)
{
  g_autofree char *blobs = g_build_filename (jj_test_county_get_data_dir (chaos->county),
                                             "storage", "blobs", NULL);
  g_autoptr(GDir) dir = g_dir_open (blobs, 0, NULL);
  const char *name;
  guint held = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (blobs, name, NULL);
      g_autofree char *sha256 = file_sha256 (path);

      g_assert_cmpstr (sha256, ==, name);
      held++;
    }
  for (guint i = 0; i < scans->len; i++)
    {
      g_autofree char *path = g_build_filename (blobs, g_ptr_array_index (scans, i), NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_error ("the county does not hold the scan %s", (char *) g_ptr_array_index (scans, i));
    }
  g_assert_cmpuint (held, >=, scans->len);
}

static void
assert_integrity (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* A last cycle by a fresh process finds nothing to do and exits cleanly. */
static void
run_final_cycle (Chaos *chaos)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = chaos_launcher_new (chaos->client_log, &error);
  g_autoptr(GSubprocess) once = NULL;

  g_assert_no_error (error);
  once = g_subprocess_launcher_spawn (launcher, &error, chaos->jiujinctl, "--data-dir",
                                      chaos->data_dir, "sync", "--once", NULL);
  g_assert_no_error (error);
  if (!g_subprocess_wait_check (once, NULL, &error))
    {
      g_autofree char *tail = log_tail (chaos->client_log);

      g_error ("jiujinctl sync --once after the drain: %s\n%s", error->message, tail);
    }
}

static void
test_chaos_sigkill (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *catalog = g_test_build_filename (G_TEST_DIST, "data", "catalog-small.json",
                                                    NULL);
  const char *seed_env = g_getenv ("JIUJIN_CHAOS_SEED");
  const char *scale_env = g_getenv ("JIUJIN_CHAOS_SCALE");
  guint32 seed = seed_env != NULL ? (guint32) g_ascii_strtoull (seed_env, NULL, 10)
                                  : g_random_int ();
  ChaosQueueOptions options = {
    .catalog_path = catalog,
    .calendar_path = g_getenv ("JIUJIN_CALENDAR"),
    .submissions = N_SUBMISSIONS,
    .scans = N_SCANS,
    .min_scan_bytes = 1024,
    .max_scan_bytes = 256 * 1024,
    .log_uniform = TRUE,
    .max_per_submission = 3,
    .seed = seed,
  };
  ChaosQueueStats stats;
  Chaos chaos = { 0, };
  g_autoptr(GArray) plan = NULL;
  g_autoptr(GHashTable) cases = NULL;
  g_autoptr(GPtrArray) scans = NULL;
  g_autofree char *code = NULL;
  g_autofree char *terminal_db = NULL;
  g_autofree char *county_db = NULL;
  gint64 queued_from;
  gint64 deadline;

  g_test_message ("chaos seed %u (JIUJIN_CHAOS_SEED=%u replays this plan)", seed, seed);
  chaos.rand = g_rand_new_with_seed (seed);
  chaos.scale = scale_env != NULL ? g_ascii_strtod (scale_env, NULL) : DEFAULT_SCALE;
  chaos.jiujinctl = g_getenv ("JIUJINCTL");
  g_assert_nonnull (chaos.jiujinctl);
  chaos.dir = jj_test_make_tmp_dir ("sync-chaos-XXXXXX");
  chaos.data_dir = g_build_filename (chaos.dir, "terminal", NULL);
  chaos.client_log = g_build_filename (chaos.dir, "jiujinctl.log", NULL);
  g_test_message ("terminal and logs in %s", chaos.dir);

  queued_from = g_get_monotonic_time ();
  g_assert_true (chaos_queue_build (chaos.data_dir, chaos.dir, &options, &stats, &error));
  g_assert_no_error (error);
  g_test_message ("queued %u submissions referring %u times to %u scans (%.1f MiB) in %.1f s",
                  N_SUBMISSIONS, stats.references, N_SCANS, stats.scan_bytes / 1048576.0,
                  seconds_since (queued_from));

  chaos.county = jj_test_county_start ((const char *[]) { "--demo", NULL });
  note_running (&chaos);
  signal (SIGABRT, kill_running);
  signal (SIGTRAP, kill_running);
  signal (SIGSEGV, kill_running);
  /* A batch takes tens of milliseconds on loopback with the connection kept alive: held 1 s
   * by the county, each is in flight long enough for the plan to kill inside it. */
  g_free (jj_test_county_admin (chaos.county, "fault", "add", "--route", "/v1/submissions",
                                "--method", "POST", "--kind", "stall", "--seconds", "1",
                                "--count", "20", NULL));
  code = jj_test_county_issue_code (chaos.county, "白石村便民服务站");
  g_assert_true (chaos_terminal_enroll (chaos.jiujinctl, chaos.data_dir,
                                        jj_test_county_get_base_url (chaos.county), code,
                                        jj_test_county_get_ca_file (), chaos.client_log,
                                        &error));
  g_assert_no_error (error);

  chaos.outbox_db = chaos_outbox_open (chaos.data_dir, &error);
  g_assert_no_error (error);
  plan = make_plan (&chaos);
  chaos.started = g_get_monotonic_time ();
  deadline = chaos.started + scaled_us (&chaos, DRAIN_TIMEOUT_S);
  start_client (&chaos);

  for (guint i = 0; i < plan->len; i++)
    {
      Kill kill = g_array_index (plan, Kill, i);
      Phase phase = wait_for_phase (&chaos, kill.phase);

      if (phase == N_PHASES)
        break;
      kill_and_restart (&chaos, kill, phase);
    }
  wait_until_drained (&chaos, deadline);

  /* The county accepts cases 5 s after receiving them (--demo): the status feed fills while
   * the client pulls it every second. */
  for (Victim victim = VICTIM_CLIENT; victim < N_VICTIMS; victim++)
    {
      Kill kill = { PHASE_STATUSES, victim };
      Phase phase = wait_for_phase (&chaos, kill.phase);

      if (phase != N_PHASES)
        kill_and_restart (&chaos, kill, phase);
    }
  g_test_message ("%6.2f s: done after %u kills (client %u, server %u, both %u; during an "
                  "upload %u, a batch %u, a status pull %u, anywhere %u); the client was killed "
                  "%u times with entries sending and %u times with an upload open; %u restarts "
                  "for no progress",
                  seconds_since (chaos.started),
                  chaos.victims[0] + chaos.victims[1] + chaos.victims[2], chaos.victims[0],
                  chaos.victims[1], chaos.victims[2], chaos.phases[PHASE_UPLOAD],
                  chaos.phases[PHASE_BATCH], chaos.phases[PHASE_STATUSES],
                  chaos.phases[PHASE_ANY], chaos.client_kills_mid_batch,
                  chaos.client_kills_mid_upload, chaos.stall_restarts);

  stop_client (&chaos);
  run_final_cycle (&chaos);

  cases = terminal_cases (&chaos);
  g_assert_cmpuint (g_hash_table_size (cases), ==, N_SUBMISSIONS);
  assert_county_cases (&chaos, cases);
  scans = terminal_scans (&chaos);
  g_assert_cmpuint (scans->len, ==, N_SCANS);
  assert_county_blobs (&chaos, scans);

  sqlite3_close (chaos.outbox_db);
  terminal_db = g_build_filename (chaos.data_dir, "jiujin.db", NULL);
  county_db = g_build_filename (jj_test_county_get_data_dir (chaos.county), "county.db", NULL);
  assert_integrity (terminal_db);
  assert_integrity (county_db);

  /* The plan must have reached the places it is about. */
  g_assert_cmpuint (chaos.phases[PHASE_UPLOAD], >=, 1);
  g_assert_cmpuint (chaos.phases[PHASE_BATCH], >=, 1);
  g_assert_cmpuint (chaos.phases[PHASE_STATUSES], >=, 1);
  g_assert_cmpuint (chaos.victims[VICTIM_CLIENT], >=, 1);
  g_assert_cmpuint (chaos.victims[VICTIM_SERVER], >=, 1);
  g_assert_cmpuint (chaos.victims[VICTIM_BOTH], >=, 1);

  running[1] = 0;
  jj_test_county_stop (chaos.county);
  jj_test_remove_tree (chaos.dir);
  g_rand_free (chaos.rand);
  g_free (chaos.dir);
  g_free (chaos.data_dir);
  g_free (chaos.client_log);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/chaos/sigkill-client-and-server-delivers-each-submission-once",
                   test_chaos_sigkill);
  return g_test_run ();
}
