/* jj-sync-error.c — the JJ_SYNC_ERROR domain, shared by the sync engine and the tus uploader
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "jj-sync-engine.h"

G_DEFINE_QUARK (jj-sync-error-quark, jj_sync_error)
