/* jj-sync-notice.h — what a sync tells the clerk: notification texts, grouped and rate-limited
 *
 * The sync engine reports each status event of the county's feed and each catalogue import on
 * its own; a clerk wants one line when one thing happened and one summary when many did, and
 * never a stream of pop-ups. A JjSyncNotice collects what happened and composes it:
 *
 *   - one status change: "Application completed" / "高龄津贴申请 (王秀英, JX2026-000123)",
 *     with the county's reason under it for a return or a rejection;
 *   - several: "3 applications have news" with one short line each, "…and N more" past a few;
 *     the same application seen twice keeps only its latest state;
 *   - a catalogue update alone: a quiet "The handling guides were updated to 2026.12.1"; with
 *     status changes, a last line of theirs;
 *   - at most one notice per interval: what arrives in the meantime waits and is merged into
 *     the next one.
 *
 * It holds no clock and shows nothing: callers pass the monotonic time and show the JjNotice
 * (ui/jj-notifier.c with libnotify). GTK-free and not thread-safe: use it from one thread.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The least time between two notices, in microseconds. */
#define JJ_SYNC_NOTICE_DEFAULT_INTERVAL (30 * G_USEC_PER_SEC)

/* One notification to show. Plain text: escape it for a server that reads body markup. */
typedef struct
{
  char     *summary;
  char     *body;
  gboolean  quiet;           /* only a catalogue update: low urgency */
  gint64    application_id;  /* the one application it is about; 0 when several or none */
} JjNotice;

void jj_notice_free (JjNotice *notice);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjNotice, jj_notice_free)

typedef struct _JjSyncNotice JjSyncNotice;

/* A collector that lets a notice out at most once per @min_interval microseconds (> 0). */
JjSyncNotice *jj_sync_notice_new                (gint64        min_interval);
void          jj_sync_notice_free               (JjSyncNotice *self);

/* Records that application @application_id is now in @state (a jj_application_state_to_string()
 * name; draft and unknown names are ignored) with the county's @reason (may be NULL). @title
 * and @case_number may be NULL; a later call for the same application replaces its state and
 * reason and keeps what it does not give again. */
void          jj_sync_notice_add_status         (JjSyncNotice *self,
                                                 gint64        application_id,
                                                 const char   *state,
                                                 const char   *reason,
                                                 const char   *title,
                                                 const char   *case_number);

/* Records that the catalogue was updated to @version; a later update replaces it. */
void          jj_sync_notice_add_catalog        (JjSyncNotice *self,
                                                 const char   *version);

/* The applications waiting to be told whose applicant's name is not known yet, for the caller
 * to read from the store (off the main thread) and give with
 * jj_sync_notice_set_applicant_name(). Returns a new array of gint64; empty when none. */
GArray       *jj_sync_notice_dup_unnamed        (JjSyncNotice *self);
void          jj_sync_notice_set_applicant_name (JjSyncNotice *self,
                                                 gint64        application_id,
                                                 const char   *name);

/* Whether anything waits to be told. */
gboolean      jj_sync_notice_has_pending        (JjSyncNotice *self);

/* The monotonic time (µs) from which jj_sync_notice_take() lets the waiting notice out: 0 when
 * it may go now (nothing was shown yet), -1 when nothing waits. */
gint64        jj_sync_notice_get_ready_time     (JjSyncNotice *self);

/* The notice of everything waiting, when something waits and the interval since the last one
 * has passed at @now (monotonic µs); it is then forgotten and @now is the last notice's time.
 * NULL otherwise, and nothing changes. Caller frees. */
JjNotice     *jj_sync_notice_take               (JjSyncNotice *self,
                                                 gint64        now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjSyncNotice, jj_sync_notice_free)

/* When something happened at @unix_seconds, as a clerk says it at @now (local time): "Today
 * 10:42", "Yesterday 18:05", "Nov 27 09:30" this year, "2025-12-30 16:00" before; "Never" for
 * 0. Caller frees. */
char         *jj_sync_notice_format_when        (gint64        unix_seconds,
                                                 GDateTime    *now);

G_END_DECLS
