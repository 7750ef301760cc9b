/* jj-paths.h — where Jiujin keeps and finds its files
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The data folder: @override (from --data-dir) when not NULL, else $JIUJIN_DATA_DIR, else
 * $XDG_DATA_HOME/jiujin. Caller frees. */
char *jj_paths_dup_data_dir     (const char *override);

/* The bundled catalogue: $JIUJIN_CATALOG when set (uninstalled runs and tests), else the
 * installed data/catalog/jiujin-catalog.json. Caller frees. */
char *jj_paths_dup_catalog_file (void);

/* The working-day calendar: $JIUJIN_CALENDAR when set, else the installed
 * data/calendar/cn-working-days.json. Caller frees. */
char *jj_paths_dup_calendar_file (void);

G_END_DECLS
