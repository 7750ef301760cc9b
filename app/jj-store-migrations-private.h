/* jj-store-migrations-private.h — numbered schema migrations
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jj-store-private.h"

G_BEGIN_DECLS

/* Applies migration @version (from @version - 1) inside the caller's transaction. */
gboolean jj_store_migration_apply (JjStore     *self,
                                   int          version,
                                   GError     **error);

G_END_DECLS
