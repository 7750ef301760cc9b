/* jj-matter-list.c — a list model of catalogue rows, loaded as they are shown
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "jj-matter-list-private.h"
#include "jj-store-catalog-private.h"

struct _JjMatterList
{
  GObject    parent_instance;
  JjStore   *store;
  GArray    *ids;       /* gint64 */
  GPtrArray *loaded;    /* JjMatter or NULL, parallel to ids */
};

static void
clear_loaded (gpointer data)
{
  if (data != NULL)
    g_object_unref (data);
}

static GType
jj_matter_list_get_item_type (GListModel *model)
{
  return JJ_TYPE_MATTER;
}

static guint
jj_matter_list_get_n_items (GListModel *model)
{
  return JJ_MATTER_LIST (model)->ids->len;
}

static gpointer
jj_matter_list_get_item (GListModel *model,
                         guint       position)
{
  JjMatterList *self = JJ_MATTER_LIST (model);
  g_autoptr(GError) error = NULL;
  JjMatter *matter;

  if (position >= self->ids->len)
    return NULL;

  matter = g_ptr_array_index (self->loaded, position);
  if (matter == NULL)
    {
      matter = jj_store_catalog_load_matter (self->store,
                                             g_array_index (self->ids, gint64, position),
                                             NULL, &error);
      if (matter == NULL)
        {
          g_warning ("Could not load catalogue row: %s", error->message);
          return NULL;
        }
      g_ptr_array_index (self->loaded, position) = matter;
    }

  return g_object_ref (matter);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = jj_matter_list_get_item_type;
  iface->get_n_items = jj_matter_list_get_n_items;
  iface->get_item = jj_matter_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (JjMatterList, jj_matter_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
jj_matter_list_finalize (GObject *object)
{
  JjMatterList *self = JJ_MATTER_LIST (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->loaded, g_ptr_array_unref);

  G_OBJECT_CLASS (jj_matter_list_parent_class)->finalize (object);
}

static void
jj_matter_list_class_init (JjMatterListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jj_matter_list_finalize;
}

static void
jj_matter_list_init (JjMatterList *self)
{
}

JjMatterList *
jj_matter_list_new (JjStore *store,
                    GArray  *ids)
{
  JjMatterList *self = g_object_new (JJ_TYPE_MATTER_LIST, NULL);

  self->store = g_object_ref (store);
  self->ids = ids;
  self->loaded = g_ptr_array_new_full (ids->len, clear_loaded);
  g_ptr_array_set_size (self->loaded, ids->len);

  return self;
}
