/* jj-sync-engine.c — delivering the outbox to the county platform, and bringing its answers back
 *
 * The engine object lives on the thread that made it (the owner): its properties change and
 * its signals are emitted there only. A cycle runs either in the caller's thread
 * (jj_sync_engine_run_once()) or in a GTask worker with its own SoupSession and its own
 * thread-default main context; what it reports is carried over to the owner's context.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "jj-enrollment.h"
#include "jj-outbox.h"
#include "jj-store-private.h"
#include "jj-sync-cycle-private.h"
#include "jj-sync-engine.h"
#include "jj-sync-lock.h"

/* How often a watching engine looks at the queue (a submission made by another process, an
 * enrollment that appeared) without touching the network. */
#define POLL_SECONDS          5
/* Between successful cycles: statuses and the catalogue come back at least this often.
 * $JIUJIN_SYNC_INTERVAL overrides it, for tests. */
#define IDLE_SECONDS          60
#define LOCKED_RETRY_SECONDS  15
#define PROGRESS_STEP         0.01

struct _JjSyncEngine
{
  GObject          parent_instance;

  JjStore         *store;
  char            *data_dir;
  GMainContext    *context;
  GThread         *owner;

  /* What the properties say: the owner thread's alone. */
  JjSyncState      state;
  guint            pending;
  gint64           last_sync;
  double           progress;
  char            *last_error;

  /* The watching engine (jj_sync_engine_start()). */
  gboolean         started;
  int              lock_fd;
  GCancellable    *cancellable;
  gboolean         running;
  gboolean         rerun;
  guint            failures;
  gboolean         next_probe_first;
  gboolean         next_ignore_backoff;
  GSource         *timer;
  GSource         *poll;
  gboolean         polling;
  guint            poll_ticks;
  GNetworkMonitor *monitor;
  gulong           network_changed_id;
};

G_DEFINE_FINAL_TYPE (JjSyncEngine, jj_sync_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_PENDING,
  PROP_LAST_SYNC,
  PROP_PROGRESS,
  PROP_LAST_ERROR,
  N_PROPS
};

enum {
  STATUS_CHANGED,
  CATALOG_UPDATED,
  ENTRY_FINISHED,
  CYCLE_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GType
jj_sync_state_get_type (void)
{
  static gsize type_id = 0;
  static const GEnumValue values[] = {
    { JJ_SYNC_STATE_NOT_ENROLLED, "JJ_SYNC_STATE_NOT_ENROLLED", "not-enrolled" },
    { JJ_SYNC_STATE_OFFLINE, "JJ_SYNC_STATE_OFFLINE", "offline" },
    { JJ_SYNC_STATE_ONLINE, "JJ_SYNC_STATE_ONLINE", "online" },
    { JJ_SYNC_STATE_SYNCING, "JJ_SYNC_STATE_SYNCING", "syncing" },
    { JJ_SYNC_STATE_LOCKED, "JJ_SYNC_STATE_LOCKED", "locked" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static (g_intern_static_string ("JjSyncState"),
                                                          values));
  return type_id;
}

/* --- the owner thread ------------------------------------------------------------------- */

typedef void (*OwnerFunc) (JjSyncEngine *self,
                           gpointer      data);

typedef struct
{
  JjSyncEngine   *self;
  OwnerFunc       func;
  gpointer        data;
  GDestroyNotify  destroy;
} OwnerCall;

static gboolean
owner_call_dispatch (gpointer user_data)
{
  OwnerCall *call = user_data;

  call->func (call->self, call->data);
  return G_SOURCE_REMOVE;
}

static void
owner_call_free (gpointer user_data)
{
  OwnerCall *call = user_data;

  if (call->destroy != NULL)
    call->destroy (call->data);
  g_object_unref (call->self);
  g_free (call);
}

/* Runs @func on the owner thread: now when this is it, else from the owner's main context,
 * in the order of the calls. */
static void
run_on_owner (JjSyncEngine   *self,
              OwnerFunc       func,
              gpointer        data,
              GDestroyNotify  destroy)
{
  g_autoptr(GSource) source = NULL;
  OwnerCall *call;

  if (g_thread_self () == self->owner)
    {
      func (self, data);
      if (destroy != NULL)
        destroy (data);
      return;
    }

  call = g_new0 (OwnerCall, 1);
  call->self = g_object_ref (self);
  call->func = func;
  call->data = data;
  call->destroy = destroy;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "[jiujin] sync engine report");
  g_source_set_callback (source, owner_call_dispatch, call, owner_call_free);
  g_source_attach (source, self->context);
}

static void
set_state (JjSyncEngine *self,
           JjSyncState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_state_on_owner (JjSyncEngine *self,
                    gpointer      data)
{
  set_state (self, GPOINTER_TO_UINT (data));
}

static void
set_pending (JjSyncEngine *self,
             guint         pending)
{
  if (self->pending == pending)
    return;
  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static void
set_progress (JjSyncEngine *self,
              double        progress)
{
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_progress_on_owner (JjSyncEngine *self,
                       gpointer      data)
{
  set_progress (self, *(double *) data);
}

static void
set_last_error (JjSyncEngine *self,
                const char   *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
emit_status_changed (JjSyncEngine *self,
                     gpointer      data)
{
  JjStatusChange *change = data;

  g_signal_emit (self, signals[STATUS_CHANGED], 0, change->application_id, change->state,
                 change->reason, change->title, change->case_number);
}

static void
emit_entry_finished (JjSyncEngine *self,
                     gpointer      data)
{
  JjOutboxOutcome *outcome = data;

  g_signal_emit (self, signals[ENTRY_FINISHED], 0, outcome->application_id,
                 outcome->receipt_number, outcome->state, outcome->case_number_or_reason);
}

static void
emit_catalog_updated (JjSyncEngine *self,
                      gpointer      data)
{
  g_signal_emit (self, signals[CATALOG_UPDATED], 0, (const char *) data);
}

/* --- the cycle's thread ----------------------------------------------------------------- */

/* What one cycle is given and what it brings back to the owner. */
typedef struct
{
  JjSyncEngine      *self;
  gboolean           ignore_backoff;
  gboolean           probe_first;
  int                lock_fd;        /* in: the lock the engine holds, or -1; out: held now */
  double             last_progress;
  JjSyncCycleReport  report;
  GError            *error;
  guint              pending;
  gint64             last_sync;
  gint64             next_attempt_at;
  gint64             retry_until;
} CycleJob;

static void
cycle_job_free (CycleJob *job)
{
  jj_sync_cycle_report_clear (&job->report);
  g_clear_error (&job->error);
  g_clear_object (&job->self);
  g_free (job);
}

static void
cycle_progress (double   fraction,
                gpointer user_data)
{
  CycleJob *job = user_data;

  /* A bar moves in steps a person can see; there is no point waking the owner for less. */
  if (fraction < 1.0 && fraction - job->last_progress < PROGRESS_STEP)
    return;
  job->last_progress = fraction;
  run_on_owner (job->self, set_progress_on_owner, g_memdup2 (&fraction, sizeof fraction), g_free);
}

static void
cycle_entry_finished (const JjOutboxOutcome *outcome,
                      gpointer               user_data)
{
  CycleJob *job = user_data;
  JjOutboxOutcome *copy = g_new0 (JjOutboxOutcome, 1);

  copy->application_id = outcome->application_id;
  copy->receipt_number = g_strdup (outcome->receipt_number);
  copy->state = g_strdup (outcome->state);
  copy->case_number_or_reason = g_strdup (outcome->case_number_or_reason);
  run_on_owner (job->self, emit_entry_finished, copy, (GDestroyNotify) jj_outbox_outcome_free);
}

static void
cycle_status_changed (const JjStatusChange *change,
                      gpointer              user_data)
{
  CycleJob *job = user_data;
  JjStatusChange *copy = g_new0 (JjStatusChange, 1);

  copy->application_id = change->application_id;
  copy->state = g_strdup (change->state);
  copy->reason = g_strdup (change->reason);
  copy->title = g_strdup (change->title);
  copy->case_number = g_strdup (change->case_number);
  run_on_owner (job->self, emit_status_changed, copy, (GDestroyNotify) jj_status_change_free);
}

static void
cycle_catalog_updated (const char *version,
                       gpointer    user_data)
{
  CycleJob *job = user_data;

  run_on_owner (job->self, emit_catalog_updated, g_strdup (version), g_free);
}

/* Takes the lock when the job does not hold it, reads the enrollment and runs the cycle; then
 * reads what the owner will show. Runs in the cycle's thread. */
static gboolean
cycle_run (CycleJob     *job,
           GCancellable *cancellable,
           GError      **error)
{
  JjSyncEngine *self = job->self;
  static const JjSyncCycleCallbacks callbacks_template = {
    cycle_progress, cycle_entry_finished, cycle_status_changed, cycle_catalog_updated, NULL,
  };
  JjSyncCycleCallbacks callbacks = callbacks_template;
  g_autoptr(JjEnrollment) enrollment = NULL;
  g_autofree char *last_sync = NULL;
  JjOutboxCounts counts;
  gboolean ok;

  callbacks.user_data = job;
  ok = (job->lock_fd >= 0 || (job->lock_fd = jj_sync_lock_acquire (self->data_dir, error)) >= 0) &&
       (enrollment = jj_enrollment_load (self->data_dir, error)) != NULL &&
       (!job->probe_first || jj_sync_cycle_probe (enrollment, cancellable, error));
  if (ok)
    {
      run_on_owner (self, set_state_on_owner, GUINT_TO_POINTER (JJ_SYNC_STATE_SYNCING), NULL);
      ok = jj_sync_cycle_run (self->store, self->data_dir, enrollment, job->ignore_backoff,
                              &callbacks, &job->report, cancellable, error);
    }

  if (jj_outbox_count (self->store, &counts, NULL))
    job->pending = counts.pending + counts.held + counts.parked;
  last_sync = jj_store_dup_meta (self->store, "last_sync_at");
  job->last_sync = last_sync != NULL ? g_ascii_strtoll (last_sync, NULL, 10) : 0;
  job->next_attempt_at = jj_outbox_next_attempt_at (self->store, g_get_real_time () / G_USEC_PER_SEC,
                                                    NULL);
  job->retry_until = jj_sync_cycle_get_retry_until (self->store);
  return ok;
}

/* --- scheduling (owner thread) ---------------------------------------------------------- */

static void begin_cycle (JjSyncEngine *self);

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static guint
idle_seconds (void)
{
  const char *text = g_getenv ("JIUJIN_SYNC_INTERVAL");
  guint64 value;

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, 86400, &value, NULL))
    return value;
  return IDLE_SECONDS;
}

static gboolean
timer_fired (gpointer user_data)
{
  JjSyncEngine *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  begin_cycle (self);
  return G_SOURCE_REMOVE;
}

/* The next cycle in @delay seconds, replacing any planned one. */
static void
schedule (JjSyncEngine *self,
          guint         delay,
          gboolean      ignore_backoff,
          gboolean      probe_first)
{
  if (!self->started)
    return;
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }

  self->next_ignore_backoff = ignore_backoff;
  self->next_probe_first = probe_first;
  self->timer = delay > 0 ? g_timeout_source_new_seconds (delay) : g_timeout_source_new (0);
  g_source_set_static_name (self->timer, "[jiujin] next sync cycle");
  g_source_set_callback (self->timer, timer_fired, self, NULL);
  g_source_attach (self->timer, self->context);
}

/* Seconds until the county's Retry-After has passed. */
static guint
retry_after_delay (JjSyncEngine *self)
{
  gint64 until = jj_sync_cycle_get_retry_until (self->store);
  gint64 now = now_seconds ();

  return until > now ? (guint) MIN (until - now, G_MAXUINT) : 0;
}

static char *
format_time (gint64 when)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (when);

  return g_date_time_format (local, "%H:%M");
}

/* The end of a cycle, on the owner thread: what to show, and when to come back. */
static void
finish_cycle (JjSyncEngine *self,
              CycleJob     *job,
              gboolean      ok)
{
  GError *error = job->error;
  guint delay;

  set_progress (self, -1.0);
  set_pending (self, job->pending);
  if (job->last_sync != self->last_sync)
    {
      self->last_sync = job->last_sync;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
    }

  if (ok)
    {
      self->failures = 0;
      set_state (self, JJ_SYNC_STATE_ONLINE);
      set_last_error (self, job->report.warning);
      delay = idle_seconds ();
      if (job->next_attempt_at > 0)
        delay = CLAMP (job->next_attempt_at - now_seconds (), 1, delay);
      schedule (self, delay, FALSE, FALSE);
    }
  else if (g_error_matches (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_LOCKED))
    {
      set_state (self, JJ_SYNC_STATE_LOCKED);
      set_last_error (self, error->message);
      schedule (self, LOCKED_RETRY_SECONDS, TRUE, FALSE);
    }
  else if (g_error_matches (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_NOT_ENROLLED))
    {
      /* The poll notices when enrollment.json appears. */
      set_state (self, JJ_SYNC_STATE_NOT_ENROLLED);
      set_last_error (self, error->message);
    }
  else if (g_error_matches (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_CANCELLED))
    set_state (self, self->failures > 0 ? JJ_SYNC_STATE_OFFLINE : JJ_SYNC_STATE_ONLINE);
  else
    {
      set_state (self, JJ_SYNC_STATE_OFFLINE);
      if (self->started)
        {
          g_autofree char *at = NULL;
          g_autofree char *message = NULL;

          /* A cycle that moved something before the link dropped is not a dead county:
           * on a flaky line the wait starts again from its shortest, or a drain that keeps
           * progressing would back off to minutes between bursts. */
          if (job->report.delivered > 0 || job->report.uploads > 0 || job->report.statuses > 0
              || job->report.bytes_sent > 0)
            self->failures = 0;
          delay = jj_sync_backoff_seconds (++self->failures, job->report.retry_after);
          delay = MAX (delay, job->retry_until - now_seconds ());
          at = format_time (now_seconds () + delay);
          /* Translators: the first %s is why sync failed, the second a time like 10:42 */
          message = g_strdup_printf (_("%s It will be tried again at %s."), error->message, at);
          set_last_error (self, message);
          schedule (self, delay, TRUE, TRUE);
        }
      else
        set_last_error (self, error->message);
    }

  g_signal_emit (self, signals[CYCLE_FINISHED], 0, ok);
}

static void
cycle_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CycleJob *job = task_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  gboolean ok;

  /* libsoup and GIO attach their sources to the thread-default context: this thread's own,
   * never the owner's. */
  g_main_context_push_thread_default (context);
  ok = cycle_run (job, cancellable, &job->error);
  g_main_context_pop_thread_default (context);
  g_task_return_boolean (task, ok);
}

static void
cycle_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  JjSyncEngine *self = JJ_SYNC_ENGINE (object);
  CycleJob *job = g_task_get_task_data (G_TASK (result));
  gboolean ok = g_task_propagate_boolean (G_TASK (result), NULL);

  self->running = FALSE;
  g_clear_object (&self->cancellable);
  if (self->started)
    self->lock_fd = job->lock_fd;
  else
    jj_sync_lock_release (job->lock_fd);
  job->lock_fd = -1;

  finish_cycle (self, job, ok);
  if (self->started && self->rerun)
    {
      self->rerun = FALSE;
      schedule (self, retry_after_delay (self), TRUE, FALSE);
    }
}

static void
begin_cycle (JjSyncEngine *self)
{
  g_autoptr(GTask) task = NULL;
  CycleJob *job;

  if (!self->started)
    return;
  if (self->running)
    {
      self->rerun = TRUE;
      return;
    }

  job = g_new0 (CycleJob, 1);
  job->self = g_object_ref (self);
  job->ignore_backoff = self->next_ignore_backoff;
  job->probe_first = self->next_probe_first;
  job->lock_fd = self->lock_fd;
  job->last_progress = -1.0;
  self->lock_fd = -1;

  self->running = TRUE;
  self->cancellable = g_cancellable_new ();
  set_progress (self, 0.0);
  task = g_task_new (self, self->cancellable, cycle_done, NULL);
  g_task_set_source_tag (task, begin_cycle);
  g_task_set_task_data (task, job, (GDestroyNotify) cycle_job_free);
  g_task_run_in_thread (task, cycle_thread);
}

/* --- triggers --------------------------------------------------------------------------- */

typedef struct
{
  guint    pending;
  gboolean enrolled;
} PollResult;

static void
poll_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  JjSyncEngine *self = source_object;
  g_autofree char *path = g_build_filename (self->data_dir, "enrollment.json", NULL);
  PollResult *result = g_new0 (PollResult, 1);
  JjOutboxCounts counts;

  if (jj_outbox_count (self->store, &counts, NULL))
    result->pending = counts.pending + counts.held + counts.parked;
  result->enrolled = g_file_test (path, G_FILE_TEST_EXISTS);
  g_task_return_pointer (task, result, g_free);
}

static void
poll_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  JjSyncEngine *self = JJ_SYNC_ENGINE (object);
  g_autofree PollResult *polled = g_task_propagate_pointer (G_TASK (result), NULL);
  guint before = self->pending;

  self->polling = FALSE;
  if (polled == NULL || self->running)
    return;

  set_pending (self, polled->pending);
  if (self->state == JJ_SYNC_STATE_NOT_ENROLLED && polled->enrolled)
    schedule (self, 0, TRUE, FALSE);
  else if (self->state == JJ_SYNC_STATE_ONLINE && polled->pending > before)
    schedule (self, retry_after_delay (self), FALSE, FALSE);
}

static gboolean
poll_tick (gpointer user_data)
{
  JjSyncEngine *self = user_data;
  g_autoptr(GTask) task = NULL;

  if (self->polling || self->running)
    return G_SOURCE_CONTINUE;

  self->polling = TRUE;
  task = g_task_new (self, NULL, poll_done, NULL);
  g_task_set_source_tag (task, poll_tick);
  g_task_run_in_thread (task, poll_thread);
  return G_SOURCE_CONTINUE;
}

static void
network_changed (GNetworkMonitor *monitor,
                 gboolean         available,
                 JjSyncEngine    *self)
{
  /* The reason the county was out of reach may be gone: look now, not at the end of the
   * backoff. */
  if (available && self->state == JJ_SYNC_STATE_OFFLINE)
    schedule (self, retry_after_delay (self), TRUE, TRUE);
}

/* --- public ----------------------------------------------------------------------------- */

JjSyncEngine *
jj_sync_engine_new (JjStore    *store,
                    const char *data_dir)
{
  JjSyncEngine *self;
  g_autofree char *path = NULL;
  g_autofree char *last_sync = NULL;
  JjOutboxCounts counts;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);
  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (JJ_TYPE_SYNC_ENGINE, NULL);
  self->store = g_object_ref (store);
  self->data_dir = g_strdup (data_dir);

  path = g_build_filename (data_dir, "enrollment.json", NULL);
  self->state = g_file_test (path, G_FILE_TEST_EXISTS) ? JJ_SYNC_STATE_OFFLINE
                                                       : JJ_SYNC_STATE_NOT_ENROLLED;
  if (jj_outbox_count (store, &counts, NULL))
    self->pending = counts.pending + counts.held + counts.parked;
  last_sync = jj_store_dup_meta (store, "last_sync_at");
  self->last_sync = last_sync != NULL ? g_ascii_strtoll (last_sync, NULL, 10) : 0;
  return self;
}

void
jj_sync_engine_start (JjSyncEngine *self)
{
  g_return_if_fail (JJ_IS_SYNC_ENGINE (self));
  g_return_if_fail (g_thread_self () == self->owner);

  if (self->started)
    return;
  self->started = TRUE;

  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_changed_id = g_signal_connect (self->monitor, "network-changed",
                                               G_CALLBACK (network_changed), self);
  self->poll = g_timeout_source_new_seconds (POLL_SECONDS);
  g_source_set_static_name (self->poll, "[jiujin] sync queue poll");
  g_source_set_callback (self->poll, poll_tick, self, NULL);
  g_source_attach (self->poll, self->context);

  schedule (self, retry_after_delay (self), TRUE, FALSE);
}

void
jj_sync_engine_stop (JjSyncEngine *self)
{
  g_return_if_fail (JJ_IS_SYNC_ENGINE (self));

  if (!self->started)
    return;
  self->started = FALSE;
  self->rerun = FALSE;

  g_cancellable_cancel (self->cancellable);
  if (self->timer != NULL)
    g_source_destroy (self->timer);
  g_clear_pointer (&self->timer, g_source_unref);
  if (self->poll != NULL)
    g_source_destroy (self->poll);
  g_clear_pointer (&self->poll, g_source_unref);
  g_clear_signal_handler (&self->network_changed_id, self->monitor);
  g_clear_object (&self->monitor);
  /* A running cycle gives its lock back when it returns. */
  jj_sync_lock_release (self->lock_fd);
  self->lock_fd = -1;
}

void
jj_sync_engine_sync_now (JjSyncEngine *self)
{
  g_return_if_fail (JJ_IS_SYNC_ENGINE (self));

  if (self->running)
    self->rerun = TRUE;
  else
    schedule (self, retry_after_delay (self), TRUE, FALSE);
}

void
jj_sync_engine_notify_submitted (JjSyncEngine *self)
{
  g_return_if_fail (JJ_IS_SYNC_ENGINE (self));

  set_pending (self, self->pending + 1);
  if (self->running)
    self->rerun = TRUE;
  else if (self->state == JJ_SYNC_STATE_ONLINE)
    schedule (self, retry_after_delay (self), FALSE, FALSE);
}

static void
finish_on_owner (JjSyncEngine *self,
                 gpointer      data)
{
  CycleJob *job = data;

  finish_cycle (self, job, job->error == NULL);
}

gboolean
jj_sync_engine_run_once (JjSyncEngine  *self,
                         GCancellable  *cancellable,
                         GError       **error)
{
  CycleJob *job;
  gboolean ok;

  g_return_val_if_fail (JJ_IS_SYNC_ENGINE (self), FALSE);

  job = g_new0 (CycleJob, 1);
  job->self = g_object_ref (self);
  job->ignore_backoff = TRUE;
  job->lock_fd = -1;
  job->last_progress = -1.0;

  run_on_owner (self, set_state_on_owner, GUINT_TO_POINTER (JJ_SYNC_STATE_SYNCING), NULL);
  ok = cycle_run (job, cancellable, &job->error);
  jj_sync_lock_release (job->lock_fd);
  job->lock_fd = -1;

  if (!ok && error != NULL)
    *error = g_error_copy (job->error);
  run_on_owner (self, finish_on_owner, job, (GDestroyNotify) cycle_job_free);
  return ok;
}

JjSyncState
jj_sync_engine_get_state (JjSyncEngine *self)
{
  g_return_val_if_fail (JJ_IS_SYNC_ENGINE (self), JJ_SYNC_STATE_NOT_ENROLLED);
  return self->state;
}

guint
jj_sync_engine_get_pending (JjSyncEngine *self)
{
  g_return_val_if_fail (JJ_IS_SYNC_ENGINE (self), 0);
  return self->pending;
}

gint64
jj_sync_engine_get_last_sync (JjSyncEngine *self)
{
  g_return_val_if_fail (JJ_IS_SYNC_ENGINE (self), 0);
  return self->last_sync;
}

double
jj_sync_engine_get_progress (JjSyncEngine *self)
{
  g_return_val_if_fail (JJ_IS_SYNC_ENGINE (self), -1.0);
  return self->progress;
}

const char *
jj_sync_engine_get_last_error (JjSyncEngine *self)
{
  g_return_val_if_fail (JJ_IS_SYNC_ENGINE (self), NULL);
  return self->last_error;
}

/* --- GObject ---------------------------------------------------------------------------- */

static void
jj_sync_engine_dispose (GObject *object)
{
  JjSyncEngine *self = JJ_SYNC_ENGINE (object);

  jj_sync_engine_stop (self);
  G_OBJECT_CLASS (jj_sync_engine_parent_class)->dispose (object);
}

static void
jj_sync_engine_finalize (GObject *object)
{
  JjSyncEngine *self = JJ_SYNC_ENGINE (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->data_dir);
  g_free (self->last_error);
  G_OBJECT_CLASS (jj_sync_engine_parent_class)->finalize (object);
}

static void
jj_sync_engine_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  JjSyncEngine *self = JJ_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;
    case PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jj_sync_engine_class_init (JjSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jj_sync_engine_dispose;
  object_class->finalize = jj_sync_engine_finalize;
  object_class->get_property = jj_sync_engine_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, JJ_TYPE_SYNC_STATE, JJ_SYNC_STATE_NOT_ENROLLED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNC] =
    g_param_spec_int64 ("last-sync", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, -1.0, 1.0, -1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STATUS_CHANGED] =
    g_signal_new ("status-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 5, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                  G_TYPE_STRING);
  signals[CATALOG_UPDATED] =
    g_signal_new ("catalog-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[ENTRY_FINISHED] =
    g_signal_new ("entry-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 4, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  signals[CYCLE_FINISHED] =
    g_signal_new ("cycle-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
jj_sync_engine_init (JjSyncEngine *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->owner = g_thread_self ();
  self->progress = -1.0;
  self->lock_fd = -1;
}
