/* jj-qr-code.h — a QR code drawn from text with libqrencode
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define JJ_TYPE_QR_CODE (jj_qr_code_get_type ())

G_DECLARE_FINAL_TYPE (JjQrCode, jj_qr_code, JJ, QR_CODE, GtkWidget)

GtkWidget  *jj_qr_code_new      (void);
/* Encodes @text (error correction level M); NULL or empty shows nothing. */
void        jj_qr_code_set_text (JjQrCode   *self,
                                 const char *text);
const char *jj_qr_code_get_text (JjQrCode   *self);

G_END_DECLS
