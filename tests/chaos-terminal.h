/* chaos-terminal.h — a terminal full of queued submissions, for the sync chaos test and benchmark
 *
 * Both test-sync-chaos and jiujin-bench-sync need the same thing: a fresh terminal data
 * directory whose outbox holds many submissions with scans, made through the real intake path
 * (draft, form, scans, submit), and a way to watch that outbox from outside while `jiujinctl
 * sync` drains it. Every function reports failure with a GError so the benchmark, which is not
 * a GTest program, can say what went wrong.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct
{
  const char *catalog_path;    /* tests/data/catalog-small.json: XZ-0003 is applied for */
  const char *calendar_path;   /* the working-day calendar, or NULL (weekends only) */
  guint       submissions;
  guint       scans;           /* distinct scans, each used at least once when possible */
  gsize       min_scan_bytes;
  gsize       max_scan_bytes;
  gboolean    log_uniform;     /* sizes spread evenly on a log scale instead of linearly */
  guint       max_per_submission; /* 1 to this many scans per submission */
  guint32     seed;
} ChaosQueueOptions;

typedef struct
{
  guint64 scan_bytes;          /* the distinct scans' bytes: what an upload must carry */
  guint   references;          /* scans attached, summed over the submissions */
} ChaosQueueStats;

/* Opens (creating) the terminal store in @data_dir, imports the catalogue, stores
 * @options->scans random PNG-signed scans (made in @tmp_dir and removed there) and submits
 * @options->submissions applications, each attaching 1 to max_per_submission of them.
 * Everything follows from @options->seed. */
gboolean chaos_queue_build          (const char              *data_dir,
                                     const char              *tmp_dir,
                                     const ChaosQueueOptions *options,
                                     ChaosQueueStats         *stats,
                                     GError                 **error);

/* The outbox as seen from outside the process that drains it. */
typedef struct
{
  guint   pending;     /* pending */
  guint   sending;
  guint   delivered;
  guint   parked;
  guint   held;
  guint   uploads_done;      /* scans recorded as completely uploaded */
  guint   uploads_open;      /* uploads with a URL and not complete: a transfer under way */
  gint64  upload_offsets;    /* the sum of the acknowledged offsets of the open ones */
  guint   status_events;
} ChaosOutbox;

/* A read-only connection to DATA_DIR/jiujin.db (WAL, so it never blocks the sender). */
sqlite3 *chaos_outbox_open          (const char   *data_dir,
                                     GError      **error);
gboolean chaos_outbox_read          (sqlite3      *db,
                                     ChaosOutbox  *outbox,
                                     GError      **error);
/* Everything has been delivered (nothing pending, sending, parked or held). */
gboolean chaos_outbox_is_drained    (const ChaosOutbox *outbox);

/* Runs `JIUJINCTL --data-dir DATA_DIR enroll URL CODE --ca-file CA` and waits for it; its
 * output goes to @log_path (appended). */
gboolean chaos_terminal_enroll      (const char   *jiujinctl,
                                     const char   *data_dir,
                                     const char   *url,
                                     const char   *code,
                                     const char   *ca_file,
                                     const char   *log_path,
                                     GError      **error);

/* A launcher whose standard output and error are appended to @log_path. */
GSubprocessLauncher *chaos_launcher_new (const char  *log_path,
                                         GError     **error);

G_END_DECLS
