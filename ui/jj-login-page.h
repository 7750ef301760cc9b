/* jj-login-page.h — logging in with a PIN, and the first run that creates the first technician
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "jj-operators.h"
#include "jj-store.h"

G_BEGIN_DECLS

#define JJ_TYPE_LOGIN_PAGE (jj_login_page_get_type ())

G_DECLARE_FINAL_TYPE (JjLoginPage, jj_login_page, JJ, LOGIN_PAGE, GtkWidget)

/* Emits "logged-in" (JjSession) once an operator of the store logged in. */
GtkWidget *jj_login_page_new       (void);

void       jj_login_page_set_store (JjLoginPage *self,
                                    JjStore     *store);

/* Shows first-run setup (@setup: no technician exists yet) or the login form, empty or, after
 * a lock, with @locked_login filled in; @message (may be NULL) is shown under the fields. */
void       jj_login_page_reset     (JjLoginPage *self,
                                    gboolean     setup,
                                    const char  *locked_login,
                                    const char  *message);

G_END_DECLS
