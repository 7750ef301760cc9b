/* jj-paths.c — where Jiujin keeps and finds its files
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "jj-paths.h"

char *
jj_paths_dup_data_dir (const char *override)
{
  const char *env = g_getenv ("JIUJIN_DATA_DIR");

  if (override != NULL && override[0] != '\0')
    return g_canonicalize_filename (override, NULL);
  if (env != NULL && env[0] != '\0')
    return g_canonicalize_filename (env, NULL);
  return g_build_filename (g_get_user_data_dir (), "jiujin", NULL);
}

char *
jj_paths_dup_catalog_file (void)
{
  const char *env = g_getenv ("JIUJIN_CATALOG");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_build_filename (PKGDATADIR, "catalog", "jiujin-catalog.json", NULL);
}

char *
jj_paths_dup_calendar_file (void)
{
  const char *env = g_getenv ("JIUJIN_CALENDAR");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_build_filename (PKGDATADIR, "calendar", "cn-working-days.json", NULL);
}
