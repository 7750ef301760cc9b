/* jj-audit-page.h — the audit log (审计日志) for technicians: read, filter, verify, export
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "jj-operators.h"
#include "jj-store.h"

G_BEGIN_DECLS

#define JJ_TYPE_AUDIT_PAGE (jj_audit_page_get_type ())

G_DECLARE_FINAL_TYPE (JjAuditPage, jj_audit_page, JJ, AUDIT_PAGE, GtkWidget)

/* The audit log of @store, newest first, for a @session with JJ_PERMISSION_AUDIT; its export
 * is audited under @session by jj_audit_export_csv(). */
GtkWidget *jj_audit_page_new    (JjStore     *store,
                                 JjSession   *session);

/* Reads the newest rows again, e.g. when the page is shown. */
void       jj_audit_page_reload (JjAuditPage *self);

G_END_DECLS
