/* jj-intake-page.h — taking a resident's application (受理): the form a clerk fills in
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "jj-intake.h"

G_BEGIN_DECLS

#define JJ_TYPE_INTAKE_PAGE (jj_intake_page_get_type ())

G_DECLARE_FINAL_TYPE (JjIntakePage, jj_intake_page, JJ, INTAKE_PAGE, GtkWidget)

/* Loads draft @draft_id off the main loop and shows it; a draft shown before is saved first.
 * From then on every change is saved within about a second. When the draft cannot be read the
 * page says so and offers to close. Signals:
 *   ::submitted (gint64 application_id, const char *receipt_number) — it was submitted;
 *   ::closed — the draft was discarded, or the clerk closed the page (the draft is kept). */
void jj_intake_page_open  (JjIntakePage *self,
                           JjIntake     *intake,
                           JjStore      *store,
                           gint64        draft_id);

/* Writes what was entered and not saved yet, now: it returns once the draft is on disk (one
 * small transaction, after any save already running). Call it before the window closes. */
void jj_intake_page_flush (JjIntakePage *self);

/* Saves (as jj_intake_page_flush()) and emits ::closed. */
void jj_intake_page_close (JjIntakePage *self);

G_END_DECLS
