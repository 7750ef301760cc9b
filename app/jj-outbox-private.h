/* jj-outbox-private.h — what the outbox files share
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jj-outbox.h"
#include "jj-store-private.h"

G_BEGIN_DECLS

/* Column @column of the current row as a new string, NULL for NULL. */
char     *jj_outbox_column_dup (sqlite3_stmt  *stmt,
                                int            column);

/* Steps @stmt (bound by the caller) once, resets it, and expects no row. */
gboolean  jj_outbox_step_done  (JjStore       *store,
                                sqlite3_stmt  *stmt,
                                GError       **error);

/* @reason stripped, as a new string; NULL with JJ_OUTBOX_ERROR_INVALID when it is blank (a send
 * back must say what to correct). */
char     *jj_outbox_dup_send_back_reason  (const char      *reason,
                                           GError         **error);

/* The queue actions of township review. */
typedef enum
{
  JJ_OUTBOX_REVIEW_HOLD,
  JJ_OUTBOX_REVIEW_RELEASE,
  JJ_OUTBOX_REVIEW_RETRY_NOW,
  JJ_OUTBOX_REVIEW_SEND_BACK,
} JjOutboxReview;

/* Applies @action to entry @uuid — as jj_outbox_hold(), _release(), _retry_now() and
 * _send_back() (@reason: its reason; ignored by the others) do, with the same errors — inside
 * the caller's transaction: the store locked and jj_store_begin() called, so that the caller
 * commits the change together with its audit row, or rolls both back. */
gboolean  jj_outbox_review_in_transaction (JjStore         *store,
                                           JjOutboxReview   action,
                                           const char      *uuid,
                                           const char      *reason,
                                           GError         **error);

G_END_DECLS
