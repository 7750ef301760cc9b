/* jj-test-submit.h — queued submissions and scans for the outbox and sync tests
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jj-intake.h"

G_BEGIN_DECLS

/* Stores a new scan of @size bytes (a PNG signature, then bytes from @seed) in @store, through
 * a file in @tmp_dir. Returns its SHA-256. */
char  *jj_test_add_scan (JjStore    *store,
                         const char *tmp_dir,
                         gsize       size,
                         guint32     seed);

/* Queues @n applications of @matter_code with the form values @values_json (a JSON object
 * text) through a ledger import in @tmp_dir, one transaction, each with the scans @sha256s
 * (NULL-terminated, may be NULL) attached to its first material. Applicants get distinct valid
 * ID numbers from @first_applicant on. Aborts the test on failure. */
void   jj_test_queue    (JjIntake           *intake,
                         const char         *tmp_dir,
                         guint               n,
                         const char         *matter_code,
                         const char         *values_json,
                         const char * const *sha256s,
                         guint               first_applicant);

G_END_DECLS
