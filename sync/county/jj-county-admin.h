/* jj-county-admin.h — `jiujin-county admin`: the county administrator's commands
 *
 * They open county.db directly, beside a running server (WAL lets both work at once), and
 * exit with (documented in docs/jiujin-county.md):
 *   0 success, 1 failure, 2 usage error, 3 not found, 4 database unusable,
 *   5 catalogue rejected, 6 the case cannot move to that state.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Prints "PROGRAM: message" on standard error and returns @status, the exit status. */
int      jj_county_fail           (int         status,
                                   const char *format,
                                   ...) G_GNUC_PRINTF (2, 3);

/* "24h", "90m", "3600s", "2d"; a bare number counts hours. FALSE when @text is none of these
 * or not positive. */
gboolean jj_county_parse_duration (const char *text,
                                   gint64     *seconds);

/* @argv[0] is "admin". Returns the exit status. */
int jj_county_admin_main (int    argc,
                          char **argv);

G_END_DECLS
