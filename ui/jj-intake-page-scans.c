/* jj-intake-page-scans.c — scans of materials on the intake page
 *
 * A scan comes from the file chooser or is dropped on the page (on a material: attached to it;
 * elsewhere: to no material). jj_attachments_add_file() copies it into the data folder on a
 * worker thread, which also makes its thumbnail.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "jj-attachments.h"
#include "jj-intake-page-private.h"

void
_jj_intake_page_scan_free (JjIntakeScan *scan)
{
  g_free (scan->sha256);
  g_free (scan->filename);
  g_free (scan);
}

typedef struct
{
  JjStore          *store;
  char             *path;       /* what to attach; NULL for a stored scan's thumbnail */
  char             *sha256;
  JjAttachmentInfo *info;
  GdkPixbuf        *thumbnail;
  GWeakRef          image;      /* the thumbnail's GtkImage, released on any thread */
  int               position;
} ScanData;

static void
scan_data_free (ScanData *data)
{
  g_clear_object (&data->store);
  g_free (data->path);
  g_free (data->sha256);
  g_clear_pointer (&data->info, jj_attachment_info_free);
  g_clear_object (&data->thumbnail);
  g_weak_ref_clear (&data->image);
  g_free (data);
}

/* The middle square of the stored image, at twice the thumbnail size for HiDPI screens. */
static GdkPixbuf *
load_thumbnail (JjStore    *store,
                const char *sha256)
{
  const int size = 2 * JJ_MATERIAL_ROW_THUMBNAIL_SIZE;
  g_autofree char *path = jj_attachments_dup_path (store, sha256);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) full = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  g_autoptr(GdkPixbuf) square = NULL;
  int width, height, side;

  /* Decoded small: a 20 MiB photo is not needed whole for a thumbnail. */
  if ((full = gdk_pixbuf_new_from_file_at_scale (path, 4 * size, 4 * size, TRUE, &error)) == NULL)
    {
      g_debug ("No thumbnail for %s: %s", sha256, error->message);
      return NULL;
    }

  /* Phone photos are often stored sideways with an EXIF orientation. */
  oriented = gdk_pixbuf_apply_embedded_orientation (full);
  width = gdk_pixbuf_get_width (oriented);
  height = gdk_pixbuf_get_height (oriented);
  side = MIN (width, height);
  square = gdk_pixbuf_new_subpixbuf (oriented, (width - side) / 2, (height - side) / 2, side, side);
  return gdk_pixbuf_scale_simple (square, size, size, GDK_INTERP_BILINEAR);
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ScanData *data = task_data;
  GError *error = NULL;

  if (data->path != NULL)
    {
      data->info = jj_attachments_add_file (data->store, data->path, cancellable, &error);
      if (data->info == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      data->sha256 = g_strdup (data->info->sha256);
      if (g_str_equal (data->info->mime_type, "application/pdf"))
        {
          g_task_return_boolean (task, TRUE);
          return;
        }
    }

  data->thumbnail = load_thumbnail (data->store, data->sha256);
  g_task_return_boolean (task, TRUE);
}

static void
set_thumbnail (GtkImage  *image,
               GdkPixbuf *pixbuf)
{
  g_autoptr(GdkTexture) texture = NULL;

  if (image == NULL || pixbuf == NULL)
    return;
  texture = gdk_texture_new_for_pixbuf (pixbuf);
  gtk_image_set_from_paintable (image, GDK_PAINTABLE (texture));
}

static void
thumbnail_ready (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ScanData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GtkImage) image = g_weak_ref_get (&data->image);

  if (g_task_propagate_boolean (G_TASK (result), NULL))
    set_thumbnail (image, data->thumbnail);
}

static JjMaterialRow *
row_at (JjIntakePage *self,
        int           position)
{
  if (position >= 0 && (guint) position < self->material_rows->len)
    return g_ptr_array_index (self->material_rows, position);
  return self->other_row;
}

void
_jj_intake_page_show_scan (JjIntakePage *self,
           JjIntakeScan         *scan,
           GdkPixbuf    *thumbnail)
{
  GtkImage *image = jj_material_row_add_scan (row_at (self, scan->material), scan->sha256,
                                              scan->filename, scan->is_pdf);
  g_autoptr(GTask) task = NULL;
  ScanData *data;

  if (image == NULL)
    return;
  if (thumbnail != NULL)
    {
      set_thumbnail (image, thumbnail);
      return;
    }

  data = g_new0 (ScanData, 1);
  data->store = g_object_ref (self->store);
  data->sha256 = g_strdup (scan->sha256);
  g_weak_ref_init (&data->image, image);
  task = g_task_new (NULL, self->cancellable, thumbnail_ready, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) scan_data_free);
  g_task_run_in_thread (task, scan_thread);
}

static JjIntakeScan *
find_scan (JjIntakePage *self,
           const char   *sha256,
           int           material,
           guint        *index)
{
  for (guint i = 0; i < self->scans->len; i++)
    {
      JjIntakeScan *scan = g_ptr_array_index (self->scans, i);

      if (g_str_equal (scan->sha256, sha256) && scan->material == material)
        {
          if (index != NULL)
            *index = i;
          return scan;
        }
    }
  return NULL;
}

static void
attach_ready (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(JjIntakePage) self = user_data;
  ScanData *data = g_task_get_task_data (G_TASK (result));
  JjMaterialRow *row;
  g_autoptr(GError) error = NULL;
  JjIntakeScan *scan;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      jj_material_row_set_message (row_at (self, data->position), error->message);
      _jj_intake_page_show_banner (self, error->message);
      return;
    }

  row = row_at (self, data->position);
  jj_material_row_set_message (row, NULL);
  if (!self->loaded || self->busy || find_scan (self, data->sha256, data->position, NULL) != NULL)
    return;

  scan = g_new0 (JjIntakeScan, 1);
  scan->sha256 = g_strdup (data->sha256);
  scan->filename = g_path_get_basename (data->path);
  scan->material = data->position;
  scan->is_pdf = g_str_equal (data->info->mime_type, "application/pdf");
  g_ptr_array_add (self->scans, scan);
  _jj_intake_page_show_scan (self, scan, data->thumbnail);

  /* A scan of a material means the resident handed it in. */
  if (row != self->other_row && g_str_equal (jj_material_row_get_status (row), "missing"))
    jj_material_row_set_status (row, "received");
  _jj_intake_page_changed (self);
}

static void
attach_file (JjIntakePage *self,
             GFile        *file,
             int           position)
{
  g_autoptr(GTask) task = NULL;
  ScanData *data;
  char *path = g_file_get_path (file);

  if (path == NULL)
    {
      _jj_intake_page_show_banner (
          self, _("Only files on this computer can be attached: copy the scan here first."));
      return;
    }

  data = g_new0 (ScanData, 1);
  g_weak_ref_init (&data->image, NULL);
  data->store = g_object_ref (self->store);
  data->path = path;
  data->position = position;
  task = g_task_new (NULL, self->cancellable, attach_ready, g_object_ref (self));
  g_task_set_task_data (task, data, (GDestroyNotify) scan_data_free);
  g_task_run_in_thread (task, scan_thread);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     JjIntakePage    *self)
{
  int position = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "position"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          attach_file (self, file, position);
        }
    }
  g_object_unref (chooser);
}

static void
attach_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  JjIntakePage *self = JJ_INTAKE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter = gtk_file_filter_new ();
  JjMaterialRow *row = row_at (self, g_variant_get_int32 (parameter));
  const char *name = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  /* Translators: the title of the file chooser; %s is the material */
  g_autofree char *title = g_strdup_printf (_("Attach a Scan of %s"), name);

  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Scans (JPEG, PNG, PDF)"));
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "jpg");
  gtk_file_filter_add_suffix (filter, "jpeg");
  gtk_file_filter_add_suffix (filter, "png");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "position",
                     GINT_TO_POINTER (jj_material_row_get_position (row)));
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
remove_scan_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  JjIntakePage *self = JJ_INTAKE_PAGE (widget);
  const char *sha256;
  int material;
  guint index;

  g_variant_get (parameter, "(&si)", &sha256, &material);
  if (find_scan (self, sha256, material, &index) == NULL)
    return;

  /* The stored file stays: other applications may use the same scan. */
  jj_material_row_remove_scan (row_at (self, material), sha256);
  g_ptr_array_remove_index (self->scans, index);
  _jj_intake_page_changed (self);
}

static JjMaterialRow *
material_row_at_point (JjIntakePage *self,
                       double        x,
                       double        y)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);
  GtkWidget *row = picked != NULL ? gtk_widget_get_ancestor (picked, JJ_TYPE_MATERIAL_ROW) : NULL;

  return row != NULL ? JJ_MATERIAL_ROW (row) : NULL;
}

static void
set_drop_row (JjIntakePage  *self,
              JjMaterialRow *row)
{
  if (self->drop_row == row)
    return;
  if (self->drop_row != NULL)
    jj_material_row_set_drop_highlight (self->drop_row, FALSE);
  self->drop_row = row;
  if (row != NULL)
    jj_material_row_set_drop_highlight (row, TRUE);
}

static GdkDragAction
on_drop_motion (GtkDropTarget *target,
                double         x,
                double         y,
                JjIntakePage  *self)
{
  if (!self->loaded || self->busy)
    return 0;
  set_drop_row (self, material_row_at_point (self, x, y));
  return GDK_ACTION_COPY;
}

static void
on_drop_leave (GtkDropTarget *target,
               JjIntakePage  *self)
{
  set_drop_row (self, NULL);
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         JjIntakePage  *self)
{
  JjMaterialRow *row = material_row_at_point (self, x, y);
  int position = row != NULL ? jj_material_row_get_position (row) : -1;
  GSList *files;

  set_drop_row (self, NULL);
  if (!self->loaded || self->busy || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    attach_file (self, l->data, position);
  g_slist_free (files);
  return TRUE;
}


void
_jj_intake_page_class_init_scans (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "intake.attach", "i", attach_activated);
  gtk_widget_class_install_action (widget_class, "intake.remove-scan", "(si)",
                                   remove_scan_activated);
}

void
_jj_intake_page_init_scans (JjIntakePage *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (drop, "motion", G_CALLBACK (on_drop_motion), self);
  g_signal_connect (drop, "enter", G_CALLBACK (on_drop_motion), self);
  g_signal_connect (drop, "leave", G_CALLBACK (on_drop_leave), self);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}
