/* jj-receipt-print.c — printing the acceptance receipt (受理回执)
 *
 * The drawing is jj_receipt_draw(), the same as jiujinctl's PDF: the page is used whole (the
 * receipt keeps its own margins) so that paper and file look alike.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "jj-receipt-print.h"
#include "jj-receipt.h"

static void
show_error (GtkWindow    *parent,
            const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, _("The Receipt Cannot Be Printed"),
                                              error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr)
{
  jj_receipt_draw (g_object_get_data (G_OBJECT (operation), "jj-receipt"),
                   gtk_print_context_get_cairo_context (context),
                   gtk_print_context_get_width (context), gtk_print_context_get_height (context));
}

static void
on_done (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result)
{
  g_autoptr(GError) error = NULL;

  if (result != GTK_PRINT_OPERATION_RESULT_ERROR)
    return;

  gtk_print_operation_get_error (operation, &error);
  if (error != NULL)
    {
      show_error (g_object_get_data (G_OBJECT (operation), "jj-parent"), error);
      g_object_set_data (G_OBJECT (operation), "jj-error-shown", GINT_TO_POINTER (TRUE));
    }
}

/* The operation lives until it has finished printing, not only until the dialog closes. */
static void
on_status_changed (GtkPrintOperation *operation)
{
  if (gtk_print_operation_is_finished (operation))
    g_object_unref (operation);
}

/* Print to File: a PDF named after the receipt, in Documents (or the home folder). */
static GtkPrintSettings *
print_settings_new (const char *number)
{
  GtkPrintSettings *settings = gtk_print_settings_new ();
  const char *folder = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  if (folder == NULL || !g_file_test (folder, G_FILE_TEST_IS_DIR))
    folder = g_get_home_dir ();

  /* The file backend takes the folder as a path, not a URI; without one it would write to the
   * working directory, which may be anywhere. */
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_BASENAME, number);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_DIR, folder);
  return settings;
}

gboolean
jj_receipt_print (GtkWindow  *parent,
                  JjStore    *store,
                  gint64      application_id,
                  GError    **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) page_setup = NULL;
  g_autoptr(GtkPrintSettings) settings = NULL;
  g_autoptr(GError) local_error = NULL;
  GtkPaperSize *a5;
  JjReceipt *receipt;
  GtkPrintOperationResult result;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), FALSE);
  g_return_val_if_fail (JJ_IS_STORE (store), FALSE);

  /* One small read: the clerk is waiting for the dialog anyway. */
  receipt = jj_receipt_new_for_application (store, application_id, &local_error);
  if (receipt == NULL)
    {
      show_error (parent, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  a5 = gtk_paper_size_new (GTK_PAPER_NAME_A5);
  page_setup = gtk_page_setup_new ();
  gtk_page_setup_set_orientation (page_setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_page_setup_set_paper_size_and_default_margins (page_setup, a5);
  gtk_paper_size_free (a5);
  settings = print_settings_new (jj_receipt_get_shown_number (receipt));

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (operation, jj_receipt_get_shown_number (receipt));
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_default_page_setup (operation, page_setup);
  gtk_print_operation_set_print_settings (operation, settings);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, TRUE);

  g_object_set_data_full (G_OBJECT (operation), "jj-receipt", receipt,
                          (GDestroyNotify) jj_receipt_free);
  if (parent != NULL)
    g_object_set_data_full (G_OBJECT (operation), "jj-parent", g_object_ref (parent),
                            g_object_unref);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), NULL);
  g_signal_connect (operation, "done", G_CALLBACK (on_done), NULL);

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent,
                                    &local_error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      if (g_object_get_data (G_OBJECT (operation), "jj-error-shown") == NULL)
        show_error (parent, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!gtk_print_operation_is_finished (operation))
    g_signal_connect (g_object_ref (operation), "status-changed", G_CALLBACK (on_status_changed),
                      NULL);
  return TRUE;
}
