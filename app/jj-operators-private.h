/* jj-operators-private.h — what the audit log and review use of operators and sessions
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jj-operators.h"

G_BEGIN_DECLS

/* A session of @op, logged in at @now (jj-session.c). */
JjSession *jj_operators_session_new     (const JjOperator *op,
                                         gint64            now);

/* The session to act for: @session itself when not NULL, else the store's current one. Returns
 * a new reference, or NULL when there is none. */
JjSession *jj_operators_resolve_session (JjStore       *store,
                                         JjSession     *session);

/* Clears the store's current session when it is @session. */
void       jj_operators_clear_current_if (JjStore      *store,
                                          JjSession    *session);

/* TRUE when @session (resolved as above) may do @permission. Otherwise audits @action on
 * @subject as refused and fails with JJ_OPERATORS_ERROR_FORBIDDEN. */
gboolean   jj_operators_require         (JjStore       *store,
                                         JjSession     *session,
                                         JjPermission   permission,
                                         const char    *action,
                                         const char    *subject,
                                         GError       **error);

/* Unix time in seconds, as every table stores it. */
gint64     jj_operators_now             (void);

G_END_DECLS
