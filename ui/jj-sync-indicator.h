/* jj-sync-indicator.h — the header-bar button that says how the sync with the county goes
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "jj-sync-engine.h"

G_BEGIN_DECLS

#define JJ_TYPE_SYNC_INDICATOR (jj_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (JjSyncIndicator, jj_sync_indicator, JJ, SYNC_INDICATOR, GtkWidget)

/* Follows @engine (NULL: hidden, while the application is still opening its database). Its
 * popover tells the pending count, the last successful sync and the last error, and offers
 * app.sync-now. */
void          jj_sync_indicator_set_engine (JjSyncIndicator *self,
                                            JjSyncEngine    *engine);
JjSyncEngine *jj_sync_indicator_get_engine (JjSyncIndicator *self);

G_END_DECLS
