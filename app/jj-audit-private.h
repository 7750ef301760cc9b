/* jj-audit-private.h — appending audit rows from other app/ modules
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "jj-audit.h"

G_BEGIN_DECLS

/* jj_audit_append() with the detail as an object (NULL: none). */
gint64      jj_audit_append_object (JjStore      *store,
                                    JjSession    *session,
                                    const char   *action,
                                    const char   *subject,
                                    JsonObject   *detail,
                                    GError      **error);

/* A new detail object with "reason" set to @reason when it is not blank (empty otherwise). */
JsonObject *jj_audit_detail_new    (const char   *reason);

/* How an application is named in the log: its receipt number, or "#id" for a draft. NULL with
 * JJ_STORE_ERROR_NOT_FOUND when there is no such application. */
char       *jj_audit_dup_application_subject (JjStore  *store,
                                              gint64    application_id,
                                              GError  **error);

/* Audits `submit` of application @application_id for the current session, inside the
 * submission's transaction: the receipt number as subject, the outbox key in the detail, and
 * the revision when it is a resubmitted correction (@revision > 1). */
gboolean    jj_audit_record_submit (JjStore     *store,
                                    gint64       application_id,
                                    const char  *receipt_number,
                                    const char  *outbox_uuid,
                                    int          revision,
                                    GError     **error);

G_END_DECLS
