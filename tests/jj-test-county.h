/* jj-test-county.h — a real jiujin-county on loopback for tests and benchmarks
 *
 * The server is the binary named by $JIUJIN_COUNTY, serving TLS with $JIUJIN_TEST_CERT and
 * $JIUJIN_TEST_KEY (a certificate for 127.0.0.1 signed by $JIUJIN_TEST_CA; tests/meson.build
 * sets all four in test_env). Each instance owns a fresh temporary folder:
 *
 *   county-XXXXXX/data/        the server's --data-dir (county.db, storage/)
 *   county-XXXXXX/port         the port file
 *   county-XXXXXX/county.log   the server's standard error (its request log), appended
 *
 * Every function aborts the test on failure, so callers need no error handling.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _JjTestCounty JjTestCounty;

/* Starts `jiujin-county serve` on 127.0.0.1 with a port chosen by the system and waits until
 * `GET v1/health` answers 200. @extra_args (may be NULL) are appended to the command line,
 * e.g. { "--demo", NULL }. Free with jj_test_county_stop(). */
JjTestCounty *jj_test_county_start        (const char * const *extra_args);

/* Stops the server (SIGTERM, then waits), removes its folder and frees @self. */
void          jj_test_county_stop         (JjTestCounty       *self);

/* Kills the server with SIGKILL and reaps it; the data stays for jj_test_county_restart(). */
void          jj_test_county_kill         (JjTestCounty       *self);

/* Starts the server again (after jj_test_county_kill(), or killing a running one first) on
 * the same data directory and the same port, and waits for health. */
void          jj_test_county_restart      (JjTestCounty       *self);

/* "https://127.0.0.1:PORT/", the base URL terminals enroll with. Owned by @self. */
const char   *jj_test_county_get_base_url (JjTestCounty       *self);
guint16       jj_test_county_get_port     (JjTestCounty       *self);
/* The server's --data-dir, and the file its log is appended to. Owned by @self. */
const char   *jj_test_county_get_data_dir (JjTestCounty       *self);
const char   *jj_test_county_get_log_path (JjTestCounty       *self);
/* The running server's process id, 0 when it is not running (for CPU and RSS readings). */
GPid          jj_test_county_get_pid      (JjTestCounty       *self);

/* The test CA's file ($JIUJIN_TEST_CA). */
const char   *jj_test_county_get_ca_file  (void);

/* A session that trusts the test CA only (and verifies, as terminals always do). */
SoupSession  *jj_test_county_new_session  (void);

/* Runs `jiujin-county admin --data-dir DIR ARGS…` and returns its standard output; aborts
 * the test unless it exits with 0. Caller frees. */
char         *jj_test_county_admin        (JjTestCounty       *self,
                                           const char         *first_arg,
                                           ...) G_GNUC_NULL_TERMINATED;

/* The same for a command that may fail: returns its exit status; @out and @err (each may be
 * NULL) receive standard output and error. @args is NULL-terminated. */
int           jj_test_county_admin_argv   (JjTestCounty       *self,
                                           const char * const *args,
                                           char              **out,
                                           char              **err);

/* Issues an enrollment code for @service_point and returns it ("XXXX-XXXX-XXXX"). Caller
 * frees. */
char         *jj_test_county_issue_code   (JjTestCounty       *self,
                                           const char         *service_point);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjTestCounty, jj_test_county_stop)

G_END_DECLS
