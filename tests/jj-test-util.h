/* jj-test-util.h — what every test binary needs: private temporary folders and files
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Makes a fresh folder under the system temporary directory from @tmpl ("name-XXXXXX").
 * Aborts the test on failure. Caller frees. */
char   *jj_test_make_tmp_dir (const char *tmpl);

/* Removes @path and everything below it, not following symbolic links. Returns FALSE, with a
 * warning naming what stayed, when something could not be removed. */
gboolean jj_test_remove_tree (const char *path);

/* The whole contents of @path. Aborts the test when it cannot be read. */
GBytes *jj_test_read_file    (const char *path);

/* Runs `$JIUJINCTL --data-dir @data_dir` with the NULL-terminated arguments after @first_arg;
 * returns its exit status, with its stdout in @out (caller frees). Its stderr goes to the
 * test log. Aborts the test when it cannot be run or did not exit. */
int     jj_test_run_jiujinctl (const char  *data_dir,
                               char       **out,
                               const char  *first_arg,
                               ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
