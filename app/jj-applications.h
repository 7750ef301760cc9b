/* jj-applications.h — the terminal's applications, listed and looked up
 *
 * Lists are GListModels over row ids chosen in SQL; each row is read when it is first shown,
 * so a list of 100,000 applications costs one integer per row until it scrolls into view.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "jj-intake.h"
#include "jj-store.h"

G_BEGIN_DECLS

/* Which applications to list. Zero/NULL members do not filter. */
typedef struct
{
  int         state;         /* a JjApplicationState, or -1 for any */
  const char *matter_code;   /* applications that include this matter */
  gint64      since;         /* created at or after (Unix seconds) */
  gint64      until;         /* created before (Unix seconds) */
  const char *text;          /* part of the applicant's name, of the receipt or case number, or
                              * of the ID number (at least its last 4 characters) */
} JjApplicationQuery;

#define JJ_TYPE_APPLICATION_RECORD (jj_application_record_get_type ())

G_DECLARE_FINAL_TYPE (JjApplicationRecord, jj_application_record, JJ, APPLICATION_RECORD, GObject)

/* An application as recorded (申请记录). Getters return data owned by the record. */
gint64              jj_application_record_get_id                 (JjApplicationRecord *self);
JjApplicationState  jj_application_record_get_state              (JjApplicationRecord *self);
const char         *jj_application_record_get_title              (JjApplicationRecord *self);
const char         *jj_application_record_get_applicant_name     (JjApplicationRecord *self);
/* The full ID number: show jj_application_record_get_masked_id_number() unless revealed. */
const char         *jj_application_record_get_applicant_id_number (JjApplicationRecord *self);
const char         *jj_application_record_get_masked_id_number   (JjApplicationRecord *self);
const char         *jj_application_record_get_receipt_number     (JjApplicationRecord *self);
const char         *jj_application_record_get_case_number        (JjApplicationRecord *self);
const char         *jj_application_record_get_promised_date      (JjApplicationRecord *self);
const char         *jj_application_record_get_agent_kind         (JjApplicationRecord *self);
gint64              jj_application_record_get_created_at         (JjApplicationRecord *self);
gint64              jj_application_record_get_submitted_at       (JjApplicationRecord *self);
/* The latest outbox entry's state ("pending", "sending", "delivered", "parked", "held",
 * "returned", "superseded"), or NULL for a draft never submitted. */
const char         *jj_application_record_get_outbox_state       (JjApplicationRecord *self);
const char         *jj_application_record_get_last_error         (JjApplicationRecord *self);
/* The county's reason for the latest status (退回补正 or 不予受理), or NULL. */
const char         *jj_application_record_get_status_reason      (JjApplicationRecord *self);
/* Unix seconds of the county's latest status, 0 before it gave one. */
gint64              jj_application_record_get_status_at          (JjApplicationRecord *self);
/* The revision of the latest outbox entry: 1 for an application submitted once, 2 and more once
 * corrections were resubmitted (a correction being prepared still reports the revision it
 * corrects); 0 for a draft never submitted. */
int                 jj_application_record_get_revision           (JjApplicationRecord *self);
/* The number to show the clerk and the resident: the county's case number (受理编号) once the
 * application has one, else the terminal's provisional receipt number; NULL for a draft. */
const char         *jj_application_record_get_number             (JjApplicationRecord *self);

/* The applications answering @query, newest first. Returns a new GListModel of
 * JjApplicationRecord. Any text is safe (bound, never interpreted). */
GListModel          *jj_applications_query        (JjStore                  *store,
                                                   const JjApplicationQuery *query,
                                                   GError                  **error);
void                 jj_applications_query_async  (JjStore                  *store,
                                                   const JjApplicationQuery *query,
                                                   GCancellable             *cancellable,
                                                   GAsyncReadyCallback       callback,
                                                   gpointer                  user_data);
GListModel          *jj_applications_query_finish (JjStore                  *store,
                                                   GAsyncResult             *result,
                                                   GError                  **error);

/* One application by row id or by receipt (or county case) number; NULL with
 * JJ_INTAKE_ERROR_NOT_FOUND. */
JjApplicationRecord *jj_applications_lookup       (JjStore                  *store,
                                                   gint64                    id,
                                                   GError                  **error);
JjApplicationRecord *jj_applications_lookup_number (JjStore                 *store,
                                                    const char              *number,
                                                    GError                 **error);

/* Everything recorded of application @id as one JSON object: the record's members (with the
 * county's case_number, status_reason and status_at, null until it gave them), the draft
 * document (applicant, agent, appointment, values), the matters (code, name), the materials
 * with their status, the attachments (sha256, filename, size, mime_type) and the outbox entry
 * (uuid, state, attempts, last_error, revision). With @reveal_id FALSE every ID number in it is
 * masked.
 * Returns a new object. */
JsonObject          *jj_applications_dup_detail   (JjStore                  *store,
                                                   gint64                    id,
                                                   gboolean                  reveal_id,
                                                   GError                  **error);

G_END_DECLS
