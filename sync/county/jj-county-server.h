/* jj-county-server.h — the reference county server: docs/sync-protocol.md v1 over HTTPS
 *
 * One SoupServer on the main loop, one SQLite connection to county.db, requests answered one
 * at a time: SQLite serialises writers anyway, and a county's terminals send little.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What discovery announces (section 4). */
#define JJ_COUNTY_MAX_BATCH            50
#define JJ_COUNTY_MAX_BODY_BYTES       (4 * 1024 * 1024)
#define JJ_COUNTY_MAX_ATTACHMENT_BYTES (20 * 1024 * 1024)
#define JJ_COUNTY_CHUNK_BYTES          (1024 * 1024)

typedef struct
{
  const char      *data_dir;
  GTlsCertificate *certificate;
  const char      *case_prefix;   /* e.g. "JX": case numbers JX2026-000123 */
  gint64           quiet_after;   /* seconds without contact before a terminal counts as quiet */
  gboolean         demo;          /* advance received cases by themselves (README demo) */
} JjCountyServerOptions;

typedef struct _JjCountyServer JjCountyServer;

/* Opens the database and the attachment store under @options->data_dir. NULL with an error
 * when they cannot be used. */
JjCountyServer *jj_county_server_new    (const JjCountyServerOptions *options,
                                         GError                     **error);
void            jj_county_server_free   (JjCountyServer              *self);

/* Listens on @address (port 0: one the system chooses) and returns the port in use. */
gboolean        jj_county_server_listen (JjCountyServer              *self,
                                         GSocketAddress              *address,
                                         guint16                     *port,
                                         GError                     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjCountyServer, jj_county_server_free)

G_END_DECLS
