/* jj-test-util.c — what every test binary needs: private temporary folders and files
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <glib/gstdio.h>
#include <sys/wait.h>

#include "jj-test-util.h"

char *
jj_test_make_tmp_dir (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return path;
}

gboolean
jj_test_remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  gboolean ok = TRUE;
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            ok &= jj_test_remove_tree (child);
          else if (g_remove (child) != 0)
            {
              g_warning ("Could not remove %s: %s", child, g_strerror (errno));
              ok = FALSE;
            }
        }
      g_dir_close (dir);
    }

  if (g_rmdir (path) != 0)
    {
      g_warning ("Could not remove %s: %s", path, g_strerror (errno));
      return FALSE;
    }
  return ok;
}

GBytes *
jj_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

int
jj_test_run_jiujinctl (const char  *data_dir,
                       char       **out,
                       const char  *first_arg,
                       ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *program = g_getenv ("JIUJINCTL");
  int status;
  va_list ap;

  g_assert_nonnull (program);
  g_ptr_array_add (argv, (gpointer) program);
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, (gpointer) data_dir);
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, &err, &status, &error));
  g_assert_no_error (error);
  if (err[0] != '\0')
    g_test_message ("jiujinctl %s: %s", first_arg, err);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}
