/* jj-operators-page.h — the operators of this terminal (操作员管理), for technicians
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "jj-operators.h"
#include "jj-store.h"

G_BEGIN_DECLS

#define JJ_TYPE_OPERATORS_PAGE (jj_operators_page_get_type ())

G_DECLARE_FINAL_TYPE (JjOperatorsPage, jj_operators_page, JJ, OPERATORS_PAGE, GtkWidget)

/* Lists the operators of @store and lets a @session with JJ_PERMISSION_MANAGE_OPERATORS add
 * one, change a role, reset a PIN, disable or enable one; each change is audited by the core. */
GtkWidget *jj_operators_page_new (JjStore   *store,
                                  JjSession *session);

G_END_DECLS
