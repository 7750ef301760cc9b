/* jj-applications-page.h — the applications taken at this terminal (申请记录), found and opened
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "jj-calendar.h"
#include "jj-intake.h"
#include "jj-operators.h"
#include "jj-store.h"

G_BEGIN_DECLS

#define JJ_TYPE_APPLICATIONS_PAGE (jj_applications_page_get_type ())

G_DECLARE_FINAL_TYPE (JjApplicationsPage, jj_applications_page, JJ, APPLICATIONS_PAGE, GtkWidget)

/* Lists the applications of @store (revealed ID numbers are recorded with @intake) and runs the
 * current filters. Activating a submitted application shows its detail inside the page;
 * activating a draft emits ::resume-draft (gint64 application_id) for the window to open it in
 * the intake page. */
void jj_applications_page_set_store        (JjApplicationsPage *self,
                                            JjStore            *store,
                                            JjIntake           *intake);

/* Runs the filters again (after a submit, a sync…); a detail being shown is read again too. */
void jj_applications_page_reload           (JjApplicationsPage *self);

/* Shows the detail of application @id, e.g. the one just submitted (a draft too: without the
 * print button). */
void jj_applications_page_show_application (JjApplicationsPage *self,
                                            gint64              id);

/* Back to the list from a detail; a revealed ID number is masked again. */
void jj_applications_page_show_list        (JjApplicationsPage *self);

/* Whether a detail is shown (the property "showing-detail"): it has its own way back to the
 * list, and the window then offers no other. */
gboolean jj_applications_page_get_showing_detail (JjApplicationsPage *self);

/* The operator now looking (NULL while locked): the detail's “Show ID Number” exists only for
 * a role that may reveal. Open cases show their red or yellow card counted with @calendar
 * (NULL: no cards). Goes back to the list. */
void jj_applications_page_set_operator     (JjApplicationsPage *self,
                                            JjSession          *session,
                                            JjCalendar         *calendar);

G_END_DECLS
