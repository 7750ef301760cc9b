/* jj-county-tus.h — the reference county server's attachment store, over tus 1.0.0
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _JjCountyTus JjCountyTus;

/* Creates the tables `uploads` and `blobs` if missing, in the county database @db (owned by
 * the caller, used only from the main thread), with files under @storage_dir (uploads/ and
 * blobs/<sha256>). */
JjCountyTus *jj_county_tus_new        (sqlite3      *db,
                                       const char   *storage_dir,
                                       gint64        max_size,
                                       GError      **error);
void         jj_county_tus_free       (JjCountyTus  *self);

/* Handles every request under @prefix (e.g. "/v1/attachments"): OPTIONS, POST, HEAD, PATCH,
 * DELETE. @terminal_id is the authenticated terminal (the caller authenticates first). */
void         jj_county_tus_handle     (JjCountyTus       *self,
                                       SoupServerMessage *msg,
                                       const char        *path,
                                       const char        *terminal_id,
                                       const char        *prefix);

/* Whether a complete, verified blob with this SHA-256 is held. */
gboolean     jj_county_tus_has_blob   (JjCountyTus  *self,
                                       const char   *sha256);
/* The file of a held blob, or NULL. */
char        *jj_county_tus_blob_path  (JjCountyTus  *self,
                                       const char   *sha256);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjCountyTus, jj_county_tus_free)

G_END_DECLS
