/* jj-sync-lock.c — one sender per data directory
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "jj-sync-engine.h"
#include "jj-sync-lock.h"

int
jj_sync_lock_acquire (const char  *data_dir,
                      GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, "sync.lock", NULL);
  int saved_errno;
  int fd;

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not open the sync lock %s: %s"), path, g_strerror (saved_errno));
      return -1;
    }

  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      saved_errno = errno;
      close (fd);
      if (saved_errno == EWOULDBLOCK)
        g_set_error_literal (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_LOCKED,
                             _("Another Jiujin program on this computer is already sending this "
                               "terminal's applications; only one may send at a time."));
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                     _("Could not take the sync lock %s: %s"), path, g_strerror (saved_errno));
      return -1;
    }

  return fd;
}

void
jj_sync_lock_release (int fd)
{
  if (fd >= 0)
    close (fd);
}
