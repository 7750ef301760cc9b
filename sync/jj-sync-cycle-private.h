/* jj-sync-cycle-private.h — one sync cycle (docs/sync-protocol.md, section 13)
 *
 * What JjSyncEngine runs, in whatever thread calls it, with a SoupSession of that thread. The
 * caller holds the sync lock. Everything the cycle learns is stored before it is reported.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jj-enrollment.h"
#include "jj-outbox.h"
#include "jj-store.h"

G_BEGIN_DECLS

/* Backoff after @attempt consecutive failures: full jitter over min(300 s, 2 s × 2^attempt),
 * at least one second, never less than @retry_after. In seconds. */
guint    jj_sync_backoff_seconds (guint attempt,
                                  guint retry_after);

/* Called in the cycle's thread as things happen. Any may be NULL. */
typedef struct
{
  void (*progress)        (double                 fraction,
                           gpointer               user_data);
  /* An entry delivered or parked (outcome->state says which). */
  void (*entry_finished)  (const JjOutboxOutcome *outcome,
                           gpointer               user_data);
  void (*status_changed)  (const JjStatusChange  *change,
                           gpointer               user_data);
  void (*catalog_updated) (const char            *version,
                           gpointer               user_data);
  gpointer user_data;
} JjSyncCycleCallbacks;

typedef struct
{
  guint   delivered;
  guint   parked;
  guint   statuses;
  guint   uploads;
  gint64  bytes_sent;     /* attachment bytes */
  guint   requests;
  guint   retry_after;    /* seconds the county asked to wait, when it did */
  char   *catalog_version; /* imported this cycle, or NULL */
  char   *warning;        /* something that did not stop the cycle (a rejected catalogue) */
} JjSyncCycleReport;

void     jj_sync_cycle_report_clear (JjSyncCycleReport *report);

/* Runs one whole cycle for @enrollment. @ignore_backoff sends entries waiting for their next
 * attempt too (never before the county's Retry-After, kept in the meta "county_retry_until").
 * Returns FALSE on the first error that stopped it. */
gboolean jj_sync_cycle_run   (JjStore                    *store,
                              const char                 *data_dir,
                              JjEnrollment               *enrollment,
                              gboolean                    ignore_backoff,
                              const JjSyncCycleCallbacks *callbacks,
                              JjSyncCycleReport          *report,
                              GCancellable               *cancellable,
                              GError                    **error);

/* GET v1/health only: whether the county looks back, before a whole cycle. */
gboolean jj_sync_cycle_probe (JjEnrollment               *enrollment,
                              GCancellable               *cancellable,
                              GError                    **error);

/* Unix time before which the county asked not to be contacted, 0 if it did not. */
gint64   jj_sync_cycle_get_retry_until (JjStore *store);

G_END_DECLS
