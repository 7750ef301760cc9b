/* jj-application-detail.h — everything recorded of one application, ID numbers masked
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "jj-intake.h"
#include "jj-operators.h"
#include "jj-store.h"

G_BEGIN_DECLS

#define JJ_TYPE_APPLICATION_DETAIL (jj_application_detail_get_type ())

G_DECLARE_FINAL_TYPE (JjApplicationDetail, jj_application_detail, JJ, APPLICATION_DETAIL, GtkWidget)

/* Reads application @id of @store off the main loop and shows it masked, with its revisions
 * as its history; 0 clears the page. A returned application offers a clerk (JJ_PERMISSION_INTAKE)
 * “Correct and Resubmit”: once jj_intake_reopen() made it a draft again, ::resume-draft
 * (gint64 id) asks for it to be opened in the intake page.
 * The full ID number is only shown when a reviewer clicks “Show ID Number”, which records and
 * audits the reveal (jj_application_detail_set_session()); it is masked again by
 * jj_application_detail_conceal() and whenever the page is hidden. */
void        jj_application_detail_load      (JjApplicationDetail *self,
                                             JjStore             *store,
                                             JjIntake            *intake,
                                             gint64               id);

/* The operator looking: “Show ID Number” exists only for a @session with
 * JJ_PERMISSION_REVEAL_ID (none for NULL), and a reveal goes through jj_review_reveal_id(). */
void        jj_application_detail_set_session (JjApplicationDetail *self,
                                               JjSession           *session);

/* The application shown, or 0. */
gint64      jj_application_detail_get_id    (JjApplicationDetail *self);

/* Masks every revealed number again. */
void        jj_application_detail_conceal   (JjApplicationDetail *self);

/* Shared with the applications list. */

/* @unix_seconds as local "YYYY-MM-DD HH:MM"; NULL for 0. Caller frees. */
char       *jj_application_detail_format_time       (gint64              unix_seconds);
/* Makes @badge a state badge: css classes "badge", "state-<nick>" and a colour. */
void        jj_application_detail_style_state_badge (GtkWidget          *badge,
                                                     JjApplicationState  state);

G_END_DECLS
