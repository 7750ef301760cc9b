/* jj-store-catalog-private.h — the catalogue's SQL
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jj-catalog.h"
#include "jj-catalog-document.h"
#include "jj-store-private.h"

G_BEGIN_DECLS

/* Rebuilds the folded text, pinyin and full-text index of every matter. Call in a transaction. */
gboolean   jj_store_catalog_reindex        (JjStore              *self,
                                            GError              **error);
/* Writes @document in one transaction (see jj_catalog_import()). */
gboolean   jj_store_catalog_replace        (JjStore              *self,
                                            JjCatalogDocument    *document,
                                            GError              **error);
/* The matter with row @id or @code (exactly one is used: @code when not NULL), withdrawn ones
 * included only by id. NULL with JJ_CATALOG_ERROR_NOT_FOUND. */
JjMatter  *jj_store_catalog_load_matter    (JjStore              *self,
                                            gint64                id,
                                            const char           *code,
                                            GError              **error);
/* Row ids of the matters that answer @query, best first. */
GArray    *jj_store_catalog_search         (JjStore              *self,
                                            const JjMatterQuery  *query,
                                            GError              **error);
GPtrArray *jj_store_catalog_list_categories (JjStore             *self,
                                             int                  level,
                                             GError             **error);
GPtrArray *jj_store_catalog_list_bundles   (JjStore              *self,
                                            GError              **error);
gboolean   jj_store_catalog_record_view    (JjStore              *self,
                                            gint64                matter_id,
                                            GError              **error);
guint      jj_store_catalog_get_view_count (JjStore              *self,
                                            const char           *code);

G_END_DECLS
