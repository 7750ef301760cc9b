/* bench-sync.c — jiujin-bench-sync: how fast a terminal drains its outbox to the county
 *
 * A program that prints figures, not a test: it asserts nothing. It queues --sync-submissions
 * submissions with --sync-megabytes MiB of distinct scans in a fresh terminal (the real
 * intake path), then drains it three times, each time from an identical copy to a fresh
 * jiujin-county on loopback (TLS):
 *
 *   direct     straight to the county: submissions/s, MiB/s, the HTTP requests the county
 *              answered (its /metrics), CPU time and peak RSS of the client and the server;
 *   relayed    through a counting TCP relay: the bytes the client sends while it uploads the
 *              scans, as a baseline;
 *   cut        the same with every connection cut every --sync-cut-interval seconds: what
 *              the client sends beyond the scans' bytes, and beyond the baseline, is what the
 *              cuts cost (resent bytes).
 *
 * The client is `jiujinctl sync --once`, started again at once whenever a cycle fails (as a
 * clerk pressing "Sync now" would), so that the engine's backoff does not set the pace.
 *
 * docs/benchmark.md explains each figure.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "bench-proxy.h"
#include "chaos-terminal.h"
#include "jj-test-county.h"
#include "jj-test-util.h"

#define POLL_US            (20 * 1000)
#define SCAN_MEAN_BYTES    (256 * 1024)
#define DRAIN_TIMEOUT_S    3600

static int      opt_submissions = 10000;
static int      opt_megabytes = 200;
static int      opt_cut_interval = 10;
static char    *opt_tmpdir;

static const GOptionEntry entries[] = {
  { "sync-submissions", 0, 0, G_OPTION_ARG_INT, &opt_submissions,
    "Queued submissions to drain (default 10000)", "N" },
  { "sync-megabytes", 0, 0, G_OPTION_ARG_INT, &opt_megabytes,
    "MiB of distinct scans they refer to, in scans of 128–384 KiB (default 200)", "N" },
  { "sync-cut-interval", 0, 0, G_OPTION_ARG_INT, &opt_cut_interval,
    "Seconds between connection cuts in the last drain (default 10)", "S" },
  { "tmpdir", 't', 0, G_OPTION_ARG_FILENAME, &opt_tmpdir,
    "Where the terminals and counties are made (default $TMPDIR or /tmp)", "DIR" },
  { NULL }
};

/* What one drain measured. */
typedef struct
{
  double  seconds;           /* from the client's start to the last delivery */
  double  upload_seconds;    /* to the last scan uploaded */
  guint64 upload_up_bytes;   /* relayed drains: client → county until the last scan */
  guint   connections;
  guint   cut;
  guint   client_runs;
  double  client_cpu;        /* user + system, seconds */
  glong   client_rss_kib;    /* the largest ru_maxrss of the runs */
  double  server_cpu;
  glong   server_hwm_kib;
  GHashTable *requests;      /* "METHOD route" → count, from /metrics */
  double  request_total;
} Drain;

static void
drain_clear (Drain *drain)
{
  g_clear_pointer (&drain->requests, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Drain, drain_clear)

/* The county of the drain under way, stopped by die() so that none is left running; its
 * process id for a signal that ends the benchmark (Ctrl+C). */
static JjTestCounty *running_county;
static volatile pid_t running_county_pid;

static void
kill_county_and_die (int signum)
{
  if (running_county_pid > 0)
    kill (running_county_pid, SIGKILL);
  signal (signum, SIG_DFL);
  raise (signum);
}

static void G_GNUC_NORETURN G_GNUC_PRINTF (1, 2)
die (const char *format,
     ...)
{
  va_list args;

  g_clear_pointer (&running_county, jj_test_county_stop);

  va_start (args, format);
  fprintf (stderr, "jiujin-bench-sync: ");
  vfprintf (stderr, format, args);
  fprintf (stderr, "\n");
  va_end (args);
  exit (1);
}

/* @error is read after @ok was computed: the order of a call's arguments is unspecified. */
static void
check (gboolean     ok,
       GError     **error,
       const char  *what)
{
  if (!ok)
    die ("%s: %s", what, *error != NULL ? (*error)->message : "failed");
}

/* Paths compiled in for running from the build tree; the environment wins. */
static void
set_default_env (void)
{
  g_setenv ("JIUJIN_COUNTY", BENCH_COUNTY, FALSE);
  g_setenv ("JIUJINCTL", BENCH_JIUJINCTL, FALSE);
  g_setenv ("JIUJIN_TEST_CA", BENCH_TEST_CA, FALSE);
  g_setenv ("JIUJIN_TEST_CERT", BENCH_TEST_CERT, FALSE);
  g_setenv ("JIUJIN_TEST_KEY", BENCH_TEST_KEY, FALSE);
  g_setenv ("JIUJIN_CALENDAR", BENCH_DEFAULT_CALENDAR, FALSE);
  if (opt_tmpdir != NULL)
    g_setenv ("TMPDIR", opt_tmpdir, TRUE);
}

static void
copy_tree (const char *from,
           const char *to)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  if (dir == NULL || g_mkdir_with_parents (to, 0700) != 0)
    die ("cannot copy %s to %s", from, to);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = g_build_filename (from, name, NULL);
      g_autofree char *target = g_build_filename (to, name, NULL);
      g_autoptr(GFile) source_file = g_file_new_for_path (source);
      g_autoptr(GFile) target_file = g_file_new_for_path (target);
      g_autoptr(GError) error = NULL;

      if (g_file_test (source, G_FILE_TEST_IS_DIR))
        copy_tree (source, target);
      else
        check (g_file_copy (source_file, target_file, G_FILE_COPY_ALL_METADATA, NULL, NULL, NULL,
                            &error), &error, source);
    }
}

static double
process_cpu_seconds (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *end;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (end = strrchr (text, ')')) == NULL)
    return 0;
  /* After "pid (comm)": state is field 3, utime 14 and stime 15. */
  fields = g_strsplit (end + 2, " ", -1);
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
         sysconf (_SC_CLK_TCK);
}

static glong
process_hwm_kib (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (line = strstr (text, "VmHWM:")) == NULL)
    return 0;
  return strtol (line + strlen ("VmHWM:"), NULL, 10);
}

/* The county's request counters: "METHOD route" → answers, whatever the status. */
static GHashTable *
read_requests (JjTestCounty *county,
               double       *total)
{
  g_autoptr(SoupSession) session = jj_test_county_new_session ();
  g_autofree char *url = g_strconcat (jj_test_county_get_base_url (county), "metrics", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);
  GHashTable *requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = NULL;

  *total = 0;
  check (body != NULL, &error, url);
  lines = g_strsplit (g_bytes_get_data (body, NULL), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *prefix = "jiujin_county_http_requests_total{";
      g_autofree char *method = NULL;
      g_autofree char *route = NULL;
      g_autofree char *key = NULL;
      const char *value;
      double *sum;

      if (!g_str_has_prefix (lines[i], prefix) || (value = strrchr (lines[i], ' ')) == NULL)
        continue;
      for (const char *p = lines[i] + strlen (prefix); *p != '}' && *p != '\0';)
        {
          const char *eq = strchr (p, '=');
          const char *close = eq != NULL ? strchr (eq + 2, '"') : NULL;
          g_autofree char *label = NULL;

          if (close == NULL)
            break;
          label = g_strndup (p, eq - p);
          if (g_str_equal (label, "method"))
            method = g_strndup (eq + 2, close - eq - 2);
          else if (g_str_equal (label, "route"))
            route = g_strndup (eq + 2, close - eq - 2);
          p = close + 1 + (close[1] == ',');
        }
      key = g_strdup_printf ("%s %s", method != NULL ? method : "-", route != NULL ? route : "-");
      if ((sum = g_hash_table_lookup (requests, key)) == NULL)
        {
          sum = g_new0 (double, 1);
          g_hash_table_insert (requests, g_steal_pointer (&key), sum);
        }
      *sum += g_ascii_strtod (value + 1, NULL);
      *total += g_ascii_strtod (value + 1, NULL);
    }
  return requests;
}

static GPid
spawn_client (const char *data_dir,
              const char *log_path)
{
  const char *argv[] = { g_getenv ("JIUJINCTL"), "--data-dir", data_dir, "sync", "--once",
                         NULL };
  g_autoptr(GError) error = NULL;
  int fd = g_open (log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  GPid pid = 0;

  if (fd < 0)
    die ("%s: %s", log_path, g_strerror (errno));
  /* Not reaped by GLib: wait4() gives this process's own CPU time and peak RSS. */
  check (g_spawn_async_with_fds (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                 NULL, &pid, -1, fd, fd, &error), &error, "jiujinctl sync");
  close (fd);
  return pid;
}

/* Reaps @pid if it has ended; adds its CPU and peak RSS to @drain. */
static gboolean
reap_client (GPid    pid,
             int     options,
             Drain  *drain,
             int    *status)
{
  struct rusage usage;
  pid_t done = wait4 (pid, status, options, &usage);

  if (done != pid)
    return FALSE;
  drain->client_cpu += usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
                       usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  drain->client_rss_kib = MAX (drain->client_rss_kib, usage.ru_maxrss);
  return TRUE;
}

/* Runs the client again and again until the outbox is drained, watching it. */
static void
drain_outbox (const char  *data_dir,
              const char  *log_path,
              guint        n_scans,
              BenchProxy  *proxy,
              Drain       *drain)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = chaos_outbox_open (data_dir, &error);
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + (gint64) DRAIN_TIMEOUT_S * G_USEC_PER_SEC;
  ChaosOutbox outbox = { 0, };
  GPid pid = 0;
  int status = 0;

  check (db != NULL, &error, data_dir);
  for (;;)
    {
      if (pid == 0)
        {
          pid = spawn_client (data_dir, log_path);
          drain->client_runs++;
        }
      g_usleep (POLL_US);
      check (chaos_outbox_read (db, &outbox, &error), &error, "reading the outbox");
      if (drain->upload_seconds == 0 && outbox.uploads_done >= n_scans)
        {
          drain->upload_seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
          if (proxy != NULL)
            {
              BenchProxyCounts counts;

              bench_proxy_get_counts (proxy, &counts);
              drain->upload_up_bytes = counts.up_bytes;
            }
        }
      if (chaos_outbox_is_drained (&outbox) && outbox.delivered > 0)
        break;
      if (outbox.parked > 0 || outbox.held > 0)
        die ("%u entries parked, %u held: see %s", outbox.parked, outbox.held, log_path);
      if (g_get_monotonic_time () > deadline)
        die ("not drained within %d s: see %s", DRAIN_TIMEOUT_S, log_path);
      if (reap_client (pid, WNOHANG, drain, &status))
        pid = 0;
    }
  drain->seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  if (pid != 0)
    reap_client (pid, 0, drain, &status);
  if (proxy != NULL)
    {
      BenchProxyCounts counts;

      bench_proxy_get_counts (proxy, &counts);
      drain->connections = counts.accepted;
      drain->cut = counts.cut;
    }
  sqlite3_close (db);
}

/* One drain of a copy of @template to a fresh county, through a relay when @relayed. */
static void
run_drain (const char *template,
           const char *root,
           const char *name,
           guint       n_scans,
           gboolean    relayed,
           guint       cut_interval_s,
           Drain      *drain)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_build_filename (root, name, NULL);
  g_autofree char *log_path = g_strconcat (data_dir, ".log", NULL);
  g_autofree char *url = NULL;
  g_autoptr(BenchProxy) proxy = NULL;
  JjTestCounty *county;
  double cpu_before;

  copy_tree (template, data_dir);
  county = running_county = jj_test_county_start (NULL);
  running_county_pid = jj_test_county_get_pid (county);
  if (relayed)
    {
      proxy = bench_proxy_new (jj_test_county_get_port (county), cut_interval_s * 1000, &error);
      check (proxy != NULL, &error, "starting the relay");
      url = g_strdup_printf ("https://127.0.0.1:%u/", bench_proxy_get_port (proxy));
    }
  else
    url = g_strdup (jj_test_county_get_base_url (county));

  /* Through a relay that cuts, an enrollment may be cut too (and its code used up): a
   * technician tries again with a new code. */
  for (guint attempt = 1;; attempt++)
    {
      g_autofree char *code = jj_test_county_issue_code (county, "白石村便民服务站");

      if (chaos_terminal_enroll (g_getenv ("JIUJINCTL"), data_dir, url, code,
                                 jj_test_county_get_ca_file (), log_path, &error))
        break;
      check (attempt < 5, &error, "enrolling");
      g_clear_error (&error);
    }

  cpu_before = process_cpu_seconds (jj_test_county_get_pid (county));
  drain_outbox (data_dir, log_path, n_scans, proxy, drain);
  drain->server_cpu = process_cpu_seconds (jj_test_county_get_pid (county)) - cpu_before;
  drain->server_hwm_kib = process_hwm_kib (jj_test_county_get_pid (county));
  drain->requests = read_requests (county, &drain->request_total);

  g_clear_pointer (&proxy, bench_proxy_free);
  running_county = NULL;
  running_county_pid = 0;
  jj_test_county_stop (county);
  jj_test_remove_tree (data_dir);
  g_remove (log_path);
}

static int
compare_counts (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  GHashTable *requests = user_data;
  double x = *(double *) g_hash_table_lookup (requests, *(const char **) a);
  double y = *(double *) g_hash_table_lookup (requests, *(const char **) b);

  return (x < y) - (x > y);
}

static void
print_requests (GHashTable *requests)
{
  g_autofree gpointer *keys = g_hash_table_get_keys_as_array (requests, NULL);
  guint n = g_hash_table_size (requests);

  g_qsort_with_data (keys, n, sizeof (gpointer), compare_counts, requests);
  for (guint i = 0; i < n; i++)
    printf ("    %-26s %8.0f\n", (char *) keys[i],
            *(double *) g_hash_table_lookup (requests, keys[i]));
}

static void
print_machine (void)
{
  g_autofree char *cpuinfo = NULL;
  const char *model = NULL;
  struct utsname uts;

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL) &&
      (model = strstr (cpuinfo, "model name")) != NULL)
    model = strchr (model, ':') + 2;
  uname (&uts);
  printf ("Machine\n  CPU          %.*s, %ld cores\n  kernel       %s %s\n  storage      %s\n\n",
          model != NULL ? (int) strcspn (model, "\n") : 7, model != NULL ? model : "unknown",
          sysconf (_SC_NPROCESSORS_ONLN), uts.sysname, uts.release, g_get_tmp_dir ());
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— sync drain figures");
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  g_autofree char *template = NULL;
  g_autofree char *catalog = g_strdup (BENCH_SMALL_CATALOG);
  g_auto(Drain) direct = { 0, };
  g_auto(Drain) relayed = { 0, };
  g_auto(Drain) cut = { 0, };
  ChaosQueueOptions options = {
    .catalog_path = catalog,
    .submissions = 0,
    .min_scan_bytes = 128 * 1024,
    .max_scan_bytes = 384 * 1024,
    .max_per_submission = 2,
    .seed = 20261129,
  };
  ChaosQueueStats stats;
  double mib;
  gint64 start;

  g_option_context_add_main_entries (context, entries, NULL);
  check (g_option_context_parse (context, &argc, &argv, &error), &error, "options");
  if (opt_submissions < 1 || opt_megabytes < 1 || opt_cut_interval < 1)
    die ("--sync-submissions, --sync-megabytes and --sync-cut-interval must be positive");
  set_default_env ();
  /* Output piped into head must not end the run with a county left behind. */
  signal (SIGPIPE, SIG_IGN);
  signal (SIGINT, kill_county_and_die);
  signal (SIGTERM, kill_county_and_die);
  options.calendar_path = g_getenv ("JIUJIN_CALENDAR");
  options.submissions = opt_submissions;
  options.scans = MAX (1, (guint) ((guint64) opt_megabytes * 1024 * 1024 / SCAN_MEAN_BYTES));

  printf ("jiujin-bench-sync %s\n\n", PACKAGE_VERSION);
  print_machine ();

  root = jj_test_make_tmp_dir ("jiujin-bench-sync-XXXXXX");
  template = g_build_filename (root, "queued", NULL);
  start = g_get_monotonic_time ();
  check (chaos_queue_build (template, root, &options, &stats, &error), &error, "queueing");
  mib = stats.scan_bytes / 1048576.0;
  printf ("Queued %u submissions referring %u times to %u distinct scans (%.1f MiB) in %.1f s\n\n",
          options.submissions, stats.references, options.scans, mib,
          (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  fflush (stdout);

  run_drain (template, root, "direct", options.scans, FALSE, 0, &direct);
  printf ("Direct drain to jiujin-county (TLS on loopback)\n");
  printf ("  whole drain         %8.2f s   %8.1f submissions/s\n", direct.seconds,
          options.submissions / direct.seconds);
  printf ("  scans uploaded      %8.2f s   %8.1f MiB/s\n", direct.upload_seconds,
          mib / direct.upload_seconds);
  printf ("  submissions after   %8.2f s   %8.1f submissions/s\n",
          direct.seconds - direct.upload_seconds,
          options.submissions / (direct.seconds - direct.upload_seconds));
  printf ("  client runs         %8u\n", direct.client_runs);
  printf ("                       CPU s   peak RSS MiB\n");
  printf ("  jiujinctl           %8.2f   %8.1f\n", direct.client_cpu,
          direct.client_rss_kib / 1024.0);
  printf ("  jiujin-county       %8.2f   %8.1f\n", direct.server_cpu,
          direct.server_hwm_kib / 1024.0);
  printf ("  HTTP requests answered by the county: %.0f\n", direct.request_total);
  print_requests (direct.requests);
  printf ("\n");
  fflush (stdout);

  run_drain (template, root, "relayed", options.scans, TRUE, 0, &relayed);
  run_drain (template, root, "cut", options.scans, TRUE, opt_cut_interval, &cut);
  printf ("Through a relay; client → county bytes until the last scan was uploaded\n");
  printf ("  %-18s %8s %8s %10s %11s %6s %6s %5s\n", "link", "drain s", "scans s", "sent MiB",
          "over scans", "conns", "cut", "runs");
  printf ("  %-18s %8.2f %8.2f %10.2f %10.2f%% %6u %6u %5u\n", "never cut", relayed.seconds,
          relayed.upload_seconds, relayed.upload_up_bytes / 1048576.0,
          100.0 * ((double) relayed.upload_up_bytes - stats.scan_bytes) / stats.scan_bytes,
          relayed.connections, relayed.cut, relayed.client_runs);
  printf ("  cut every %-4d s   %8.2f %8.2f %10.2f %10.2f%% %6u %6u %5u\n", opt_cut_interval,
          cut.seconds, cut.upload_seconds, cut.upload_up_bytes / 1048576.0,
          100.0 * ((double) cut.upload_up_bytes - stats.scan_bytes) / stats.scan_bytes,
          cut.connections, cut.cut, cut.client_runs);
  printf ("  resent: %.2f MiB beyond the scans' %.2f MiB, %.2f MiB beyond the uncut baseline\n",
          ((double) cut.upload_up_bytes - stats.scan_bytes) / 1048576.0, mib,
          ((double) cut.upload_up_bytes - relayed.upload_up_bytes) / 1048576.0);
  printf ("  HTTP requests answered by the county: %.0f never cut, %.0f cut\n",
          relayed.request_total, cut.request_total);

  jj_test_remove_tree (root);
  return 0;
}
