/* jj-notifier.h — desktop notifications of what a sync brought back (libnotify)
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "jj-calendar.h"
#include "jj-store.h"
#include "jj-sync-engine.h"

G_BEGIN_DECLS

#define JJ_TYPE_NOTIFIER (jj_notifier_get_type ())

G_DECLARE_FINAL_TYPE (JjNotifier, jj_notifier, JJ, NOTIFIER, GObject)

/* Tells the clerk what @engine brings back: the status changes of applications in @store and
 * catalogue updates, composed by JjSyncNotice once per sync cycle and shown at most once per
 * @min_interval microseconds. Clicking a notice about one application activates
 * app.show-application (x) on @application. Failing to reach the notification server is logged
 * at debug level and otherwise ignored: notifications are a courtesy, the applications page is
 * the record.
 *
 * With @calendar (may be NULL) it also tells of each case that got a red or yellow card, once
 * per case and day (jj_cards_take_due_notices()). */
JjNotifier *jj_notifier_new (GApplication *application,
                             JjSyncEngine *engine,
                             JjStore      *store,
                             JjCalendar   *calendar,
                             gint64        min_interval);

G_END_DECLS
