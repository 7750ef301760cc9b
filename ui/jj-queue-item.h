/* jj-queue-item.h — one application in the sync queue page, as read for the reviewer
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "jj-applications.h"
#include "jj-cards.h"
#include "jj-outbox.h"

G_BEGIN_DECLS

#define JJ_TYPE_QUEUE_ITEM (jj_queue_item_get_type ())

G_DECLARE_FINAL_TYPE (JjQueueItem, jj_queue_item, JJ, QUEUE_ITEM, GObject)

/* An undelivered outbox @entry and its application's @record (NULL when it cannot be read:
 * the row then shows what the entry alone says). */
JjQueueItem  *jj_queue_item_new_entry      (const JjOutboxEntry *entry,
                                            JjApplicationRecord *record);
/* An application delivered to the county: nothing left to act on, shown for the record. */
JjQueueItem  *jj_queue_item_new_delivered  (JjApplicationRecord *record);

/* The outbox key; NULL for a delivered item. */
const char   *jj_queue_item_get_uuid            (JjQueueItem *self);
gint64        jj_queue_item_get_application_id  (JjQueueItem *self);
/* "pending", "sending", "held", "parked", "returned" or "delivered". */
const char   *jj_queue_item_get_state           (JjQueueItem *self);
const char   *jj_queue_item_get_title           (JjQueueItem *self);
/* "王秀英 · 4301**********0021": the name and the masked ID number, never the full one. */
const char   *jj_queue_item_get_applicant       (JjQueueItem *self);
/* The county's case number once given, else the receipt number. */
const char   *jj_queue_item_get_number          (JjQueueItem *self);
const char   *jj_queue_item_get_receipt_number  (JjQueueItem *self);
int           jj_queue_item_get_attempts        (JjQueueItem *self);
/* The county's reason for a parked entry, the reviewer's for a returned one, or what went
 * wrong at the last attempt; NULL. */
const char   *jj_queue_item_get_last_error      (JjQueueItem *self);
/* Unix seconds; 0 = at the next cycle. */
gint64        jj_queue_item_get_next_attempt_at (JjQueueItem *self);

/* The red/yellow card (红黄牌) of the application, set after the cards are computed. */
void          jj_queue_item_set_card            (JjQueueItem *self,
                                                 JjCard       card,
                                                 int          remaining_days);
JjCard        jj_queue_item_get_card            (JjQueueItem *self);
int           jj_queue_item_get_remaining_days  (JjQueueItem *self);

/* Whether @text (already case-folded, may be empty) is in the title, the applicant or a
 * number of the item. */
gboolean      jj_queue_item_matches             (JjQueueItem *self,
                                                 const char  *folded_text);

G_END_DECLS
