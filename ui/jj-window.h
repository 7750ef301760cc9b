/* jj-window.h — the main window: catalogue and guides
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "jj-application.h"
#include "jj-catalog.h"
#include "jj-sync-engine.h"

G_BEGIN_DECLS

#define JJ_TYPE_WINDOW (jj_window_get_type ())

G_DECLARE_FINAL_TYPE (JjWindow, jj_window, JJ, WINDOW, AdwApplicationWindow)

JjWindow *jj_window_new         (JjApplication *application);

/* Shows @catalog (applications are taken with @intake), or @error when it could not be opened. @warning (may be NULL) says that a
 * catalogue update was refused and the previous one is in use. */
void      jj_window_set_catalog (JjWindow      *self,
                                 JjCatalog     *catalog,
                                 JjIntake      *intake,
                                 const GError  *error,
                                 const char    *warning);

/* Shows the state of @engine (owned by the application) in the header bar, and reads the
 * applications and the catalogue again when a sync cycle changed them. */
void      jj_window_set_sync_engine (JjWindow     *self,
                                     JjSyncEngine *engine);

/* Opens the detail of application @id, e.g. from a notification. Does nothing while the
 * catalogue is still loading or nobody is logged in. */
void      jj_window_show_application (JjWindow    *self,
                                      gint64       id);

/* Shows what the application's session (jj_application_get_session()) may see: the login or
 * first-run setup while there is none, else the pages and actions of its role. */
void      jj_window_update_session   (JjWindow    *self);

G_END_DECLS
