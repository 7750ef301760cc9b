/* jj-export-chooser.h — where to save an export (CSV), asked with the desktop's file chooser
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Called once with the file chosen, or NULL when the operator cancelled. */
typedef void (*JjExportReady) (GFile    *file,
                               gpointer  user_data);

/* Asks, over @widget's window, where to save; the name offered is @name_format (strftime, e.g.
 * "jiujin-audit-%Y%m%d.csv") for today. The chooser is kept in *@slot until it answers, and
 * nothing is asked while one is open there. GtkFileChooserNative, as GtkFileDialog is GTK 4.10. */
void jj_export_chooser_show    (GtkWidget        *widget,
                                GtkNativeDialog **slot,
                                const char       *title,
                                const char       *name_format,
                                JjExportReady     ready,
                                gpointer          user_data);

/* Closes the chooser in *@slot, if any, without calling back: its page is going away. */
void jj_export_chooser_dismiss (GtkNativeDialog **slot);

G_END_DECLS
