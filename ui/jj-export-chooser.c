/* jj-export-chooser.c — where to save an export (CSV), asked with the desktop's file chooser
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "jj-export-chooser.h"

typedef struct
{
  GtkNativeDialog **slot;
  JjExportReady     ready;
  gpointer          user_data;
} Request;

static void
on_response (GtkNativeDialog *chooser,
             int              response,
             Request         *request)
{
  g_autoptr(GFile) file = NULL;
  JjExportReady ready = request->ready;
  gpointer user_data = request->user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  /* The request goes with the chooser: what it holds was copied above. */
  g_clear_object (request->slot);
  ready (file, user_data);
}

void
jj_export_chooser_show (GtkWidget        *widget,
                        GtkNativeDialog **slot,
                        const char       *title,
                        const char       *name_format,
                        JjExportReady     ready,
                        gpointer          user_data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, name_format);
  GtkFileChooserNative *chooser;
  Request *request;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (slot != NULL);

  if (*slot != NULL)
    return;

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  request = g_new0 (Request, 1);
  request->slot = slot;
  request->ready = ready;
  request->user_data = user_data;
  g_object_set_data_full (G_OBJECT (chooser), "jj-export-request", request, g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (on_response), request);

  *slot = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (*slot);
}

void
jj_export_chooser_dismiss (GtkNativeDialog **slot)
{
  g_return_if_fail (slot != NULL);

  if (*slot == NULL)
    return;
  g_signal_handlers_disconnect_matched (*slot, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, on_response, NULL);
  gtk_native_dialog_destroy (*slot);
  g_clear_object (slot);
}
