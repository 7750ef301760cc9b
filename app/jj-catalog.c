/* jj-catalog.c — the 就近办 matter catalogue: import, lookup and search
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "jj-catalog.h"
#include "jj-matter-list-private.h"
#include "jj-store-catalog-private.h"
#include "jj-store-private.h"

struct _JjCatalog
{
  GObject  parent_instance;
  JjStore *store;
};

G_DEFINE_FINAL_TYPE (JjCatalog, jj_catalog, G_TYPE_OBJECT)

void
jj_category_free (JjCategory *category)
{
  if (category == NULL)
    return;
  g_free (category->id);
  g_free (category->name);
  g_free (category);
}

void
jj_bundle_free (JjBundle *bundle)
{
  if (bundle == NULL)
    return;
  g_free (bundle->code);
  g_free (bundle->name);
  g_free (bundle->description);
  g_strfreev (bundle->matter_codes);
  g_free (bundle);
}

static void
jj_catalog_finalize (GObject *object)
{
  g_clear_object (&JJ_CATALOG (object)->store);
  G_OBJECT_CLASS (jj_catalog_parent_class)->finalize (object);
}

static void
jj_catalog_class_init (JjCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jj_catalog_finalize;
}

static void
jj_catalog_init (JjCatalog *self)
{
}

JjCatalog *
jj_catalog_new (JjStore *store)
{
  JjCatalog *self;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);

  self = g_object_new (JJ_TYPE_CATALOG, NULL);
  self->store = g_object_ref (store);
  return self;
}

JjStore *
jj_catalog_get_store (JjCatalog *self)
{
  g_return_val_if_fail (JJ_IS_CATALOG (self), NULL);
  return self->store;
}

gboolean
jj_catalog_import (JjCatalog          *self,
                   JjCatalogDocument  *document,
                   gboolean            force,
                   gboolean           *imported,
                   GError            **error)
{
  g_autofree char *current = NULL;

  g_return_val_if_fail (JJ_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (document != NULL, FALSE);

  if (imported != NULL)
    *imported = FALSE;

  current = jj_catalog_dup_version (self);
  if (!force && g_strcmp0 (current, jj_catalog_document_get_version (document)) == 0)
    return TRUE;

  if (!jj_store_catalog_replace (self->store, document, error))
    return FALSE;

  if (imported != NULL)
    *imported = TRUE;
  return TRUE;
}

gboolean
jj_catalog_import_file (JjCatalog   *self,
                        const char  *path,
                        gboolean     force,
                        gboolean    *imported,
                        GError     **error)
{
  g_autoptr(JjCatalogDocument) document = NULL;

  g_return_val_if_fail (JJ_IS_CATALOG (self), FALSE);

  if (imported != NULL)
    *imported = FALSE;

  document = jj_catalog_document_load (path, error);
  if (document == NULL)
    return FALSE;

  return jj_catalog_import (self, document, force, imported, error);
}

/* "size:mtime" of @path, or NULL when it cannot be read. */
static char *
file_fingerprint (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%ld", (gint64) st.st_size,
                          (gint64) st.st_mtim.tv_sec, (long) st.st_mtim.tv_nsec);
}

gboolean
jj_catalog_import_bundled (JjCatalog   *self,
                           const char  *path,
                           gboolean    *imported,
                           GError     **error)
{
  g_autoptr(JjCatalogDocument) document = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *current = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *seen_fingerprint = NULL;
  const char *version;

  g_return_val_if_fail (JJ_IS_CATALOG (self), FALSE);

  if (imported != NULL)
    *imported = FALSE;

  /* The same file as last time (size and modification time) needs no parsing at all: a start
   * with a 5,000-matter catalogue would otherwise spend a quarter second validating it. */
  fingerprint = file_fingerprint (path);
  seen_fingerprint = jj_store_dup_meta (self->store, "catalog_bundled_fingerprint");
  if (fingerprint != NULL && g_strcmp0 (fingerprint, seen_fingerprint) == 0)
    return TRUE;

  document = jj_catalog_document_load (path, error);
  if (document == NULL)
    return FALSE;

  version = jj_catalog_document_get_version (document);
  seen = jj_store_dup_meta (self->store, "catalog_bundled_version");
  if (g_strcmp0 (seen, version) == 0)
    return fingerprint == NULL ||
           jj_store_set_meta (self->store, "catalog_bundled_fingerprint", fingerprint, error);

  /* A catalogue imported by hand before the program first ran stays: the shipped one counts as
   * seen, and only a later, different shipped version replaces it. */
  current = jj_catalog_dup_version (self);
  if (seen == NULL && current != NULL)
    return jj_store_set_meta (self->store, "catalog_bundled_version", version, error) &&
           (fingerprint == NULL ||
            jj_store_set_meta (self->store, "catalog_bundled_fingerprint", fingerprint, error));

  return jj_catalog_import (self, document, TRUE, imported, error) &&
         jj_store_set_meta (self->store, "catalog_bundled_version", version, error) &&
         (fingerprint == NULL ||
          jj_store_set_meta (self->store, "catalog_bundled_fingerprint", fingerprint, error));
}

char *
jj_catalog_dup_version (JjCatalog *self)
{
  g_return_val_if_fail (JJ_IS_CATALOG (self), NULL);
  return jj_store_dup_meta (self->store, "catalog_version");
}

char *
jj_catalog_dup_region (JjCatalog *self)
{
  g_return_val_if_fail (JJ_IS_CATALOG (self), NULL);
  return jj_store_dup_meta (self->store, "catalog_region");
}

GPtrArray *
jj_catalog_list_categories (JjCatalog  *self,
                            int         level,
                            GError    **error)
{
  g_return_val_if_fail (JJ_IS_CATALOG (self), NULL);
  return jj_store_catalog_list_categories (self->store, level, error);
}

GPtrArray *
jj_catalog_list_bundles (JjCatalog  *self,
                         GError    **error)
{
  g_return_val_if_fail (JJ_IS_CATALOG (self), NULL);
  return jj_store_catalog_list_bundles (self->store, error);
}

JjMatter *
jj_catalog_lookup (JjCatalog   *self,
                   const char  *code,
                   GError     **error)
{
  g_return_val_if_fail (JJ_IS_CATALOG (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  return jj_store_catalog_load_matter (self->store, 0, code, error);
}

GListModel *
jj_catalog_query (JjCatalog            *self,
                  const JjMatterQuery  *query,
                  GError              **error)
{
  GArray *ids;

  g_return_val_if_fail (JJ_IS_CATALOG (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  ids = jj_store_catalog_search (self->store, query, error);
  if (ids == NULL)
    return NULL;
  return G_LIST_MODEL (jj_matter_list_new (self->store, ids));
}

typedef struct
{
  char *text;
  int   level;
  char *category_id;
} QueryData;

static void
query_data_free (QueryData *data)
{
  g_free (data->text);
  g_free (data->category_id);
  g_free (data);
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueryData *data = task_data;
  JjMatterQuery query = { data->text, data->level, data->category_id };
  GError *error = NULL;
  GListModel *model;

  if (g_task_return_error_if_cancelled (task))
    return;

  model = jj_catalog_query (source_object, &query, &error);
  if (model == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, model, g_object_unref);
}

void
jj_catalog_query_async (JjCatalog           *self,
                        const JjMatterQuery *query,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryData *data;

  g_return_if_fail (JJ_IS_CATALOG (self));
  g_return_if_fail (query != NULL);

  data = g_new0 (QueryData, 1);
  data->text = g_strdup (query->text);
  data->level = query->level;
  data->category_id = g_strdup (query->category_id);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, jj_catalog_query_async);
  g_task_set_task_data (task, data, (GDestroyNotify) query_data_free);
  g_task_run_in_thread (task, query_thread);
}

GListModel *
jj_catalog_query_finish (JjCatalog     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
jj_catalog_record_view (JjCatalog  *self,
                        JjMatter   *matter,
                        GError    **error)
{
  g_return_val_if_fail (JJ_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (JJ_IS_MATTER (matter), FALSE);
  return jj_store_catalog_record_view (self->store, jj_matter_get_id (matter), error);
}

guint
jj_catalog_get_view_count (JjCatalog  *self,
                           const char *code)
{
  g_return_val_if_fail (JJ_IS_CATALOG (self), 0);
  return jj_store_catalog_get_view_count (self->store, code);
}
