/* jj-receipt-print.h — printing the acceptance receipt (受理回执)
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "jj-store.h"

G_BEGIN_DECLS

/* Shows the print dialog for the receipt of submitted application @application_id, on A5
 * paper unless the clerk picks another; its “Print to File” writes a PDF named after the
 * receipt number. Returns at once: printing goes on in the background. Every failure is told
 * to the clerk in a dialog over @parent — also those that happen after this returns — so
 * @error (may be NULL) is only for the caller's log: FALSE when the receipt cannot be made (a
 * draft, an unknown id) or the print system cannot start. */
gboolean jj_receipt_print (GtkWindow  *parent,
                           JjStore    *store,
                           gint64      application_id,
                           GError    **error);

G_END_DECLS
