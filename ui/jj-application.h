/* jj-application.h — the Jiujin GtkApplication
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "jj-calendar.h"
#include "jj-catalog.h"
#include "jj-intake.h"
#include "jj-operators.h"
#include "jj-sync-engine.h"

G_BEGIN_DECLS

#define JJ_TYPE_APPLICATION (jj_application_get_type ())

G_DECLARE_FINAL_TYPE (JjApplication, jj_application, JJ, APPLICATION, AdwApplication)

JjApplication *jj_application_new         (void);

/* The catalogue once loaded, or NULL while loading or after a failure. */
JjCatalog     *jj_application_get_catalog     (JjApplication *self);

/* The sync engine, running from the moment the store is open until the application quits;
 * NULL before, or when the store could not be opened. */
JjSyncEngine  *jj_application_get_sync_engine (JjApplication *self);

/* The working-day calendar for the red and yellow cards; NULL while loading or without it. */
JjCalendar    *jj_application_get_calendar    (JjApplication *self);

/* The operator logged in (notify::session when it changes), or NULL. The application owns it. */
JjSession     *jj_application_get_session     (JjApplication *self);
/* TRUE while no technician exists: windows show first-run setup instead of the login. */
gboolean       jj_application_get_needs_setup (JjApplication *self);
/* The login of the operator who locked the terminal (to offer at the login), or NULL. */
const char    *jj_application_get_locked_login (JjApplication *self);

/* Makes @session (from jj_operators_login()) the process's operator. Needs the catalogue. */
void           jj_application_log_in          (JjApplication *self,
                                               JjSession     *session);
/* End the session: every window goes back to the login at once; the lock (audited `lock`,
 * "reason" idle or operator) or the logout (audited `logout`) is written off the main loop. */
void           jj_application_lock            (JjApplication *self,
                                               gboolean       idle);
void           jj_application_log_out         (JjApplication *self);

G_END_DECLS
