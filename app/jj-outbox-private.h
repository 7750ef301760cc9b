/* jj-outbox-private.h — what the outbox files share
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jj-outbox.h"
#include "jj-store-private.h"

G_BEGIN_DECLS

/* Column @column of the current row as a new string, NULL for NULL. */
char     *jj_outbox_column_dup (sqlite3_stmt  *stmt,
                                int            column);

/* Steps @stmt (bound by the caller) once, resets it, and expects no row. */
gboolean  jj_outbox_step_done  (JjStore       *store,
                                sqlite3_stmt  *stmt,
                                GError       **error);

G_END_DECLS
