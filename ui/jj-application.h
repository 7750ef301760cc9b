/* jj-application.h — the Jiujin GtkApplication
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "jj-catalog.h"
#include "jj-intake.h"
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

G_END_DECLS
