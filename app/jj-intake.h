/* jj-intake.h — taking a resident's application: drafts, validation, the durable submit
 *
 * An application (申请) is kept from the first keystroke as a draft: one row whose `draft`
 * column holds the whole form as JSON. Submitting is a local act: one SQLite transaction turns
 * the draft into a queued application with its applicant, matters, materials and scans, gives
 * it a receipt number, and writes its outbox entry — whose UUID is the idempotency key the sync
 * engine will send. No network is involved; it works with the cable pulled.
 *
 * The draft document (all members optional while drafting):
 *
 *   {
 *     "matters": ["XZ-0057"],                 matter codes, in order
 *     "bundle": "YJS-005",                    when started from a 一件事一次办 bundle
 *     "applicant": { "name", "id_number", "phone", "address",
 *                    "from_records": true when chosen from the residents on record (the
 *                    intake page then shows its ID number masked) },
 *     "agent": { "kind": "none" | "clerk" | "agent", "name", "id_number", "relationship" },
 *     "appointment": "2026-12-01T09:30",      预约办: a later visit, local time
 *     "values": { field id: value },          see jj_form_check_value()
 *     "materials": [ { "matter": "XZ-0057", "index": 0,
 *                      "status": "missing" | "received" | "pending" } ],
 *     "attachments": [ { "sha256", "filename", "material": position in "materials" } ]
 *   }
 *
 * "pending" is 容缺受理: a required material accepted to follow later, which allows submitting.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "jj-catalog.h"
#include "jj-form.h"
#include "jj-store.h"

G_BEGIN_DECLS

#define JJ_INTAKE_ERROR (jj_intake_error_quark ())

/**
 * JjIntakeError:
 * @JJ_INTAKE_ERROR_INVALID: the draft is not complete or not valid; the message names the
 *   first problem, jj_intake_validate() lists them all
 * @JJ_INTAKE_ERROR_NOT_FOUND: no application with that id, or not a draft
 * @JJ_INTAKE_ERROR_STATE: the application is not in a state that allows the operation
 */
typedef enum
{
  JJ_INTAKE_ERROR_INVALID,
  JJ_INTAKE_ERROR_NOT_FOUND,
  JJ_INTAKE_ERROR_STATE,
} JjIntakeError;

/* The states of an application, in the order they usually happen. */
typedef enum
{
  JJ_APPLICATION_DRAFT,
  JJ_APPLICATION_QUEUED,
  JJ_APPLICATION_SENT,
  JJ_APPLICATION_ACCEPTED,
  JJ_APPLICATION_COMPLETED,
  JJ_APPLICATION_RETURNED,
  JJ_APPLICATION_REJECTED,
} JjApplicationState;

const char *jj_application_state_to_string   (JjApplicationState  state);
gboolean    jj_application_state_from_string (const char         *str,
                                              JjApplicationState *state);
/* Translated, e.g. 草稿, 待发送, 已受理. */
const char *jj_application_state_get_label   (JjApplicationState  state);

/* What a successful submit produced. */
typedef struct
{
  gint64  application_id;
  char   *receipt_number;   /* e.g. JJ01-20261129-0007 */
  char   *outbox_uuid;
  char   *promised_date;    /* YYYY-MM-DD, counted in working days */
  int     revision;         /* 1, or the revision number of a resubmitted correction */
} JjSubmission;

void jj_submission_free (JjSubmission *submission);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjSubmission, jj_submission_free)

/* A draft that corrects an application sent back to the clerk (by the township reviewer, or
 * 退回补正 by the county): what the intake page tells the clerk, and what its resubmission will
 * carry. */
typedef struct
{
  char *receipt_number;   /* the application's, kept across revisions */
  int   revision;         /* the revision being prepared: the latest entry's + 1 */
  char *reason;           /* why it was sent back, or NULL */
  char *supersedes;       /* the outbox key of the latest entry, which it will replace */
  /* What the county last said of the case since it was returned: RETURNED when nothing else
   * (or returned again: @reason is then the county's); ACCEPTED, COMPLETED or REJECTED when it
   * has closed the case, which can then no longer be resubmitted. */
  JjApplicationState county_state;
} JjCorrection;

/* Frees the members of @correction and zeroes them (the struct itself is the caller's). */
void jj_correction_clear (JjCorrection *correction);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (JjCorrection, jj_correction_clear)

#define JJ_TYPE_INTAKE (jj_intake_get_type ())

G_DECLARE_FINAL_TYPE (JjIntake, jj_intake, JJ, INTAKE, GObject)

GQuark      jj_intake_error_quark      (void);

/* @calendar_path: the working-day calendar (NULL: weekends only). */
JjIntake   *jj_intake_new              (JjCatalog     *catalog,
                                        const char    *calendar_path,
                                        GError       **error);

/* Starts a draft for one matter (@matter_code) or a bundle (@bundle_code); exactly one is
 * non-NULL. Its materials checklist is filled from the guides, all "missing". Returns the new
 * application id, or 0 with an error. */
gint64      jj_intake_create_draft     (JjIntake      *self,
                                        const char    *matter_code,
                                        const char    *bundle_code,
                                        GError       **error);
/* Replaces the draft document of draft @id (one small transaction: safe to call often). */
gboolean    jj_intake_save_draft       (JjIntake      *self,
                                        gint64         id,
                                        JsonObject    *draft,
                                        GError       **error);
/* The draft document of draft @id. Returns a new object. */
JsonObject *jj_intake_load_draft       (JjIntake      *self,
                                        gint64         id,
                                        GError       **error);
/* Deletes draft @id. A correction (see jj_intake_reopen()) is not deleted: it goes back to
 * `returned` with its draft document as last submitted, so nothing that was sent is lost — or,
 * when the county's status feed brought a verdict while it was a draft, to that state and
 * reason (JjCorrection.county_state). */
gboolean    jj_intake_discard_draft    (JjIntake      *self,
                                        gint64         id,
                                        GError       **error);

/* Reopens application @id for correction: it must be `returned` (sent back by the township
 * reviewer, or 退回补正 by the county through the status feed) with its latest outbox entry
 * `returned` or `delivered`. It becomes a draft again, keeping its receipt number and, as the
 * draft document, the one it was submitted with; audited as `correction-open` (the current
 * session) with the receipt number as subject, in the same transaction. Submitting it
 * (jj_intake_submit()) sends the next revision. JJ_INTAKE_ERROR_NOT_FOUND, or
 * JJ_INTAKE_ERROR_STATE when it is not in such a state. */
gboolean    jj_intake_reopen           (JjIntake      *self,
                                        gint64         id,
                                        GError       **error);

/* Fills @correction (cleared first) when draft @id is a correction being prepared, and returns
 * TRUE, whatever the county said since the return (see JjCorrection.county_state; the status
 * feed leaves a draft a draft). FALSE without an error for any other application (a fresh
 * draft, a submitted one);
 * FALSE with JJ_INTAKE_ERROR_NOT_FOUND when there is no application @id, or a JJ_STORE_ERROR. */
gboolean    jj_intake_get_correction   (JjIntake      *self,
                                        gint64         id,
                                        JjCorrection  *correction,
                                        GError       **error);

/* The merged form of the draft's matters. */
JjForm     *jj_intake_dup_form         (JjIntake      *self,
                                        JsonObject    *draft,
                                        GError       **error);

/* Everything wrong with @draft, as a new table of path → translated message: "values.<id>",
 * "applicant.name", "applicant.id_number", "applicant.phone", "agent.name", "agent.id_number",
 * "agent.relationship", "appointment", "materials.<position>", "matters". Empty when it can be
 * submitted. @today: NULL for the local date. */
GHashTable *jj_intake_validate         (JjIntake      *self,
                                        JsonObject    *draft,
                                        GDate         *today,
                                        GError       **error);

/* Submits draft @id with @draft (also saved) in one transaction, or nothing at all. Fails with
 * JJ_INTAKE_ERROR_INVALID when jj_intake_validate() finds anything. A correction keeps its
 * receipt number and gets a new outbox entry (a new key) with the next revision, superseding
 * the latest entry — which becomes `superseded` when it was `returned`, and stays `delivered`
 * when the county returned it; its payload carries `revision` and `supersedes`, and its
 * promised date is counted again from @today. A correction whose case the county has accepted,
 * completed or rejected since its return fails with JJ_INTAKE_ERROR_STATE: the county would
 * refuse it (problem `case-closed`). */
JjSubmission *jj_intake_submit         (JjIntake      *self,
                                        gint64         id,
                                        JsonObject    *draft,
                                        GDate         *today,
                                        GError       **error);

/* Imports a paper ledger: @path holds JSON Lines, one application per line in the draft format
 * above ("matters", or "bundle" alone). Materials a line does not list count as received on
 * paper. Every line is validated like the form first; when any is wrong, nothing is written,
 * the error says how many lines are wrong and @problems (optional) gets one translated
 * "line N: path: message" string per wrong line. Otherwise all lines are submitted in one
 * transaction — each with its receipt number and outbox entry — and their count is returned.
 * Returns -1 on failure. */
int         jj_intake_import_jsonl     (JjIntake      *self,
                                        const char    *path,
                                        GDate         *today,
                                        GPtrArray    **problems,
                                        GError       **error);

/* A returning resident, found by exact ID number: a new object with name, id_number, phone
 * and address, or NULL. */
JsonObject *jj_intake_find_applicant   (JjIntake      *self,
                                        const char    *id_number);

/* Records that the full ID number of application @id was shown to the current operator
 * (jj_operators_set_current(); @operator_name when none is set) and audits it as `reveal-id`.
 * Checks no role: jj_review_reveal_id() is the role-checked way to show the number. */
gboolean    jj_intake_record_id_reveal (JjIntake      *self,
                                        gint64         id,
                                        const char    *operator_name,
                                        GError       **error);

/* The terminal code printed in receipt numbers (meta "terminal_code"; "JJ01" until set). */
char       *jj_intake_dup_terminal_code (JjIntake     *self);
gboolean    jj_intake_set_terminal_code (JjIntake     *self,
                                         const char   *code,
                                         GError      **error);

G_END_DECLS
