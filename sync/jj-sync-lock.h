/* jj-sync-lock.h — one sender per data directory
 *
 * An exclusive flock() on DATA_DIR/sync.lock, taken without waiting. The kernel drops it when
 * the process dies, however it dies, so a crash never leaves a stale lock behind. Each call
 * opens its own file description: two engines in one process exclude each other too.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Takes the lock of @data_dir. Returns its file descriptor (give it back with
 * jj_sync_lock_release()), or -1 with JJ_SYNC_ERROR_LOCKED when another sender holds it and
 * G_IO_ERROR when the lock file cannot be opened. */
int  jj_sync_lock_acquire (const char  *data_dir,
                           GError     **error);

/* Releases a lock taken by jj_sync_lock_acquire(); -1 is ignored. */
void jj_sync_lock_release (int          fd);

G_END_DECLS
