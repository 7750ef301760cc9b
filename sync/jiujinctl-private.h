/* jiujinctl-private.h — what the command files of jiujinctl share
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "jj-applications.h"
#include "jj-catalog.h"
#include "jj-operators.h"

G_BEGIN_DECLS

enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
  EXIT_NOT_FOUND = 3,
  EXIT_DATABASE = 4,
  EXIT_CATALOG = 5,
  /* enroll and sync */
  EXIT_NOT_ENROLLED = 3,
  EXIT_LOCKED = 4,
  EXIT_UNREACHABLE = 5,
  /* operators and audit: a wrong PIN, a locked or disabled operator, a role that does not
   * allow the command */
  EXIT_DENIED = 6,
};

/* --data-dir and --json, parsed by parse(). */
extern char *opt_data_dir;
extern gboolean opt_json;

/* Prints "jiujinctl: MESSAGE" on stderr and returns @code. */
int        fail         (int              code,
                         const char      *format,
                         ...) G_GNUC_PRINTF (2, 3);
/* Pretty JSON on stdout, in UTF-8 whatever the locale. */
void       print_json   (JsonNode        *node);
/* print_json() of what @builder built. */
void       print_builder (JsonBuilder    *builder);
/* Adds member @name to the object being built: @value, or null when it is NULL. */
void       builder_add_string (JsonBuilder *builder,
                               const char  *name,
                               const char  *value);
void       builder_add_int    (JsonBuilder *builder,
                               const char  *name,
                               gint64       value);
/* Parses the command's options with --data-dir and --json added; on failure sets @status. */
gboolean   parse        (GOptionContext  *context,
                         int             *argc,
                         char          ***argv,
                         int             *status);
/* The store of the data folder with the bundled catalogue brought in, as the GUI does. */
JjCatalog *open_catalog (GError         **error);

/* jiujinctl-sync.c */
int        cmd_enroll   (int              argc,
                         char           **argv);
int        cmd_sync     (int              argc,
                         char           **argv);

/* jiujinctl-admin.c: acting as an operator. --as LOGIN and --pin-stdin, for the commands that
 * act as one. */
extern const GOptionEntry admin_as_entries[];
/* The exit code for @error: 4 for the database, 3 for an unknown operator, 6 for a wrong PIN,
 * a locked or disabled operator or a role that does not allow it, 1 otherwise. */
int        admin_exit_code (const GError    *error);
/* The store of --data-dir, or NULL with @status set. */
JjStore   *admin_open_store (int            *status);
/* Logs in as --as with the PIN from standard input (audited); NULL with @status set. */
JjSession *admin_log_in   (JjStore         *store,
                           int             *status);
void       admin_log_out  (JjStore         *store,
                           JjSession       *session);

/* jiujinctl-admin.c: each returns -1 for an unknown subcommand. */
int        cmd_operators (int             argc,
                          char          **argv);
int        cmd_audit     (int             argc,
                          char          **argv);

/* jiujinctl-queue.c: cmd_queue returns -1 for an unknown subcommand. */
int        cmd_queue    (int              argc,
                         char           **argv);
int        cmd_applications_reopen (int   argc,
                                    char **argv);

/* jiujinctl.c: the application @name names — a receipt or case number, or a row id. NULL with
 * JJ_INTAKE_ERROR_NOT_FOUND or a store error. */
JjApplicationRecord *find_application (JjStore     *store,
                                       const char  *name,
                                       GError     **error);

/* jiujinctl-stats.c */
int        cmd_stats    (int              argc,
                         char           **argv);

G_END_DECLS
