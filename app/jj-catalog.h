/* jj-catalog.h — the 就近办 matter catalogue: import, lookup and search
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "jj-catalog-document.h"
#include "jj-matter.h"
#include "jj-store.h"

G_BEGIN_DECLS

/* A category of the catalogue with how many matters it holds under the current filter. */
typedef struct
{
  char  *id;
  char  *name;
  guint  n_matters;
} JjCategory;

/* 一件事一次办: several matters handled with one application and one form. */
typedef struct
{
  char     *code;
  char     *name;
  char     *description;
  JjLevel   level;
  GStrv     matter_codes;
} JjBundle;

void jj_category_free (JjCategory *category);
void jj_bundle_free   (JjBundle   *bundle);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjCategory, jj_category_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjBundle, jj_bundle_free)

/* Which matters to list: @text (may be NULL or empty: everything), a level (JJ_LEVEL_ANY for
 * both) and a category id (NULL for all). */
#define JJ_LEVEL_ANY (-1)

typedef struct
{
  const char *text;
  int         level;
  const char *category_id;
} JjMatterQuery;

#define JJ_TYPE_CATALOG (jj_catalog_get_type ())

G_DECLARE_FINAL_TYPE (JjCatalog, jj_catalog, JJ, CATALOG, GObject)

JjCatalog   *jj_catalog_new                (JjStore             *store);
JjStore     *jj_catalog_get_store          (JjCatalog           *self);

/* Imports @document unless the same version is already imported (or @force). Matters are
 * updated in place by code; those no longer listed are withdrawn, never deleted, so nothing
 * that refers to them is lost. One transaction: on failure the previous catalogue stays.
 * Sets @imported (may be NULL) to whether anything was written. */
gboolean     jj_catalog_import             (JjCatalog           *self,
                                            JjCatalogDocument   *document,
                                            gboolean             force,
                                            gboolean            *imported,
                                            GError             **error);
/* Loads and validates @path, then imports it as above. */
gboolean     jj_catalog_import_file        (JjCatalog           *self,
                                            const char          *path,
                                            gboolean             force,
                                            gboolean            *imported,
                                            GError             **error);

/* Brings in the catalogue shipped with the program (@path) when its version differs from the
 * bundled version seen last time — on first run and after a package update — and remembers it.
 * A catalogue imported from elsewhere (jiujinctl catalog import, the county) is left alone until
 * the shipped one changes, also when it came before the first run. Fails like
 * jj_catalog_import_file(). */
gboolean     jj_catalog_import_bundled     (JjCatalog           *self,
                                            const char          *path,
                                            gboolean            *imported,
                                            GError             **error);

/* The imported catalogue's version, or NULL before the first import. Caller frees. */
char        *jj_catalog_dup_version        (JjCatalog           *self);
/* The region the imported catalogue is published for, or NULL. Caller frees. */
char        *jj_catalog_dup_region         (JjCatalog           *self);

/* Categories in catalogue order with their counts at @level (JJ_LEVEL_ANY for both); empty
 * categories are left out. Returns a new array of JjCategory. */
GPtrArray   *jj_catalog_list_categories    (JjCatalog           *self,
                                            int                  level,
                                            GError             **error);

/* Bundles in catalogue order. Returns a new array of JjBundle. */
GPtrArray   *jj_catalog_list_bundles       (JjCatalog           *self,
                                            GError             **error);

/* The current (not withdrawn) matter with @code, or NULL with JJ_CATALOG_ERROR_NOT_FOUND. */
JjMatter    *jj_catalog_lookup             (JjCatalog           *self,
                                            const char          *code,
                                            GError             **error);

/* Runs @query: returns a new list model of JjMatter, best match first (catalogue order when
 * the text is empty). Any text is safe: it is never interpreted as SQL or FTS syntax. */
GListModel  *jj_catalog_query              (JjCatalog           *self,
                                            const JjMatterQuery *query,
                                            GError             **error);
void         jj_catalog_query_async        (JjCatalog           *self,
                                            const JjMatterQuery *query,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GListModel  *jj_catalog_query_finish       (JjCatalog           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* Remembers that the guide of @matter was opened (the terminal's own history: it survives
 * catalogue updates). */
gboolean     jj_catalog_record_view        (JjCatalog           *self,
                                            JjMatter            *matter,
                                            GError             **error);
/* How often the guide of @code was opened on this terminal. */
guint        jj_catalog_get_view_count     (JjCatalog           *self,
                                            const char          *code);

G_END_DECLS
