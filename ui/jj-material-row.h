/* jj-material-row.h — one material (申请材料) of an application's checklist, with its scans
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "jj-matter.h"

G_BEGIN_DECLS

#define JJ_TYPE_MATERIAL_ROW (jj_material_row_get_type ())

G_DECLARE_FINAL_TYPE (JjMaterialRow, jj_material_row, JJ, MATERIAL_ROW, AdwPreferencesRow)

/* A row for the material at @position of the draft's checklist, or — with @material NULL and
 * @position -1 — the row of scans that belong to no material. @matter_name (may be NULL) names
 * the matter in a bundle. Its buttons activate "intake.attach" (int32 position) and
 * "intake.remove-scan" ((si): SHA-256, position) on an ancestor. */
GtkWidget  *jj_material_row_new           (int               position,
                                           const JjMaterial *material,
                                           const char       *matter_name);

int         jj_material_row_get_position  (JjMaterialRow    *self);

/* "missing", "received" or "pending" (容缺受理, offered for required materials only). The
 * "status" property notifies when the clerk changes it. */
const char *jj_material_row_get_status    (JjMaterialRow    *self);
void        jj_material_row_set_status    (JjMaterialRow    *self,
                                           const char       *status);

/* Shows @message (NULL: none) under the material, styled as an error. */
void        jj_material_row_set_message   (JjMaterialRow    *self,
                                           const char       *message);

/* The side of a scan's square thumbnail, in logical pixels. */
#define JJ_MATERIAL_ROW_THUMBNAIL_SIZE 96

/* Adds the thumbnail of a scan; returns the GtkImage to show it in (owned by the row; give it
 * a square paintable), or NULL for a PDF, which shows a document icon. */
GtkImage   *jj_material_row_add_scan      (JjMaterialRow    *self,
                                           const char       *sha256,
                                           const char       *filename,
                                           gboolean          is_pdf);
void        jj_material_row_remove_scan   (JjMaterialRow    *self,
                                           const char       *sha256);

/* Marks the row as where dropped files would go. */
void        jj_material_row_set_drop_highlight (JjMaterialRow *self,
                                                gboolean       highlight);

G_END_DECLS
