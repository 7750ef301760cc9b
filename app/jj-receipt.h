/* jj-receipt.h — the acceptance receipt (受理回执) handed to the resident
 *
 * One page: the receipt number (read aloud as terminal–date–number), the matter(s), the
 * applicant with a masked ID number, who handled it (帮代办), the materials received and those
 * accepted to follow later (容缺受理), the promised completion date in working days, the
 * office's address and phone, and a QR code of the tracking reference. The same drawing goes
 * to a printer (GtkPrintOperation in ui/) and to a PDF file (here, for jiujinctl).
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "jj-store.h"

G_BEGIN_DECLS

typedef struct _JjReceipt JjReceipt;

/* The receipt of submitted application @id (any state but draft). NULL with
 * JJ_INTAKE_ERROR_NOT_FOUND or JJ_INTAKE_ERROR_STATE. */
JjReceipt  *jj_receipt_new_for_application (JjStore     *store,
                                            gint64       id,
                                            GError     **error);
void        jj_receipt_free                (JjReceipt   *self);
/* The terminal's provisional receipt number (JJ01-20261129-0007), always set. */
const char *jj_receipt_get_number          (JjReceipt   *self);
/* The county's case number (受理编号) once the application was delivered, else NULL. A receipt
 * printed again then leads with it and shows the provisional number beneath. */
const char *jj_receipt_get_case_number     (JjReceipt   *self);
/* The case number when there is one, else the receipt number: what to call the receipt. */
const char *jj_receipt_get_shown_number    (JjReceipt   *self);
/* The tracking reference encoded in the QR code (a URL with the receipt number). */
const char *jj_receipt_get_tracking_url    (JjReceipt   *self);

/* Draws the receipt on @cr, in a page of @width × @height points (A5 portrait or larger). */
void        jj_receipt_draw                (JjReceipt   *self,
                                            cairo_t     *cr,
                                            double       width,
                                            double       height);

/* Writes the receipt to @path as a one-page A5 PDF with embedded fonts. */
gboolean    jj_receipt_write_pdf           (JjReceipt   *self,
                                            const char  *path,
                                            GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjReceipt, jj_receipt_free)

G_END_DECLS
