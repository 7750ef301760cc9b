/* jj-queue-page.h — the sync queue (同步队列) for township review
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "jj-calendar.h"
#include "jj-operators.h"
#include "jj-store.h"
#include "jj-sync-engine.h"

G_BEGIN_DECLS

#define JJ_TYPE_QUEUE_PAGE (jj_queue_page_get_type ())

G_DECLARE_FINAL_TYPE (JjQueuePage, jj_queue_page, JJ, QUEUE_PAGE, GtkWidget)

/* The outbox of @store as @session may see it: every role reads the queue; the Retry, Hold,
 * Release and Send Back buttons exist only for a session with the permission
 * (JJ_PERMISSION_QUEUE_RETRY, _QUEUE_HOLD), and each action goes through jj-review.h with a
 * reason. While @engine (may be NULL) runs, the page reads the queue again after each entry it
 * finishes. Cards need @calendar (NULL: none shown). Activating a row emits "show-application"
 * (gint64 id); an action that changed something emits "acted". */
GtkWidget *jj_queue_page_new    (JjStore      *store,
                                 JjSession    *session,
                                 JjSyncEngine *engine,
                                 JjCalendar   *calendar);

/* Reads the queue again, off the main loop; the selection is kept where its items remain. */
void       jj_queue_page_reload (JjQueuePage  *self);

G_END_DECLS
