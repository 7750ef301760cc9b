/* jj-enrollment.h — which county this terminal delivers to, and its credentials
 *
 * enrollment.json in the data directory, mode 0600 from the moment it exists, replaced
 * atomically:
 *
 *   { "base_url": "https://county.example.cn/jiujin/", "terminal_id": "T0003",
 *     "terminal_code": "T3", "service_point": "白石村便民服务站", "token": "…",
 *     "ca_file": "county-ca.pem" | null, "enrolled_at": "2026-11-29T08:30:00Z" }
 *
 * The CA file given at enrollment is copied into the data directory as county-ca.pem, so that
 * the terminal keeps trusting exactly it. The token is a secret: nothing here logs it.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "jj-store.h"

G_BEGIN_DECLS

typedef struct
{
  char   *base_url;       /* https, ending in "/" */
  char   *terminal_id;
  char   *terminal_code;  /* the prefix of receipt numbers from enrollment on */
  char   *service_point;
  char   *token;
  char   *ca_file;        /* absolute path of county-ca.pem, or NULL for the system's CAs */
  gint64  enrolled_at;    /* Unix time */
} JjEnrollment;

void          jj_enrollment_free   (JjEnrollment  *enrollment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjEnrollment, jj_enrollment_free)

/* Reads the enrollment of @data_dir. NULL with JJ_SYNC_ERROR_NOT_ENROLLED when there is none
 * or it cannot be read (the message says what to do). */
JjEnrollment *jj_enrollment_load   (const char    *data_dir,
                                    GError       **error);

/* Writes @enrollment to @data_dir atomically, mode 0600. */
gboolean      jj_enrollment_save   (JjEnrollment  *enrollment,
                                    const char    *data_dir,
                                    GError       **error);

/* Enrolls @data_dir with the county at @url using the one-time @code: checks the URL (https
 * only) and @ca_file (may be NULL), exchanges the code (POST v1/enroll, TLS verified), copies
 * the CA file, writes enrollment.json, makes the county's terminal code the prefix of new
 * receipt numbers in @store and starts the status feed afresh. Enrolling again first parks
 * every outbox entry sent before without an answer (jj_outbox_park_uncertain()): the county
 * may hold it under the previous identity, whose keys the new one does not share
 * (docs/sync-protocol.md, section 6); @parked (may be NULL) then gets a new array of the
 * JjOutboxOutcome of those entries (empty when there were none), which wait for the township's
 * review. Nothing is written unless the county accepted the code.
 * Synchronous: call it off the main loop. */
JjEnrollment *jj_enrollment_enroll (JjStore       *store,
                                    const char    *data_dir,
                                    const char    *url,
                                    const char    *code,
                                    const char    *ca_file,
                                    GPtrArray    **parked,
                                    GCancellable  *cancellable,
                                    GError       **error);

G_END_DECLS
