/* jj-queue-row.h — one application in the sync queue page
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "jj-queue-item.h"

G_BEGIN_DECLS

#define JJ_TYPE_QUEUE_ROW (jj_queue_row_get_type ())

G_DECLARE_FINAL_TYPE (JjQueueRow, jj_queue_row, JJ, QUEUE_ROW, GtkWidget)

GtkWidget *jj_queue_row_new    (void);

/* Shows @item, the row of @list_item in @selection; its check button follows and changes
 * whether the item is selected. */
void       jj_queue_row_bind   (JjQueueRow        *self,
                                JjQueueItem       *item,
                                GtkListItem       *list_item,
                                GtkSelectionModel *selection);
void       jj_queue_row_unbind (JjQueueRow        *self);

G_END_DECLS
