/* jj-window-private.h — what the window's files share
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jj-applications-page.h"
#include "jj-guide-page.h"
#include "jj-intake-page.h"
#include "jj-login-page.h"
#include "jj-sync-indicator.h"
#include "jj-window.h"

G_BEGIN_DECLS

struct _JjWindow
{
  AdwApplicationWindow  parent_instance;

  GtkStack             *session_stack;
  JjLoginPage          *login_page;
  GtkButton            *back_button;
  GtkBox               *level_box;
  GtkStack             *title_stack;
  GtkSearchEntry       *search_entry;
  AdwWindowTitle       *guide_title;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwStatusPage        *error_page;
  GtkListBox           *category_list;
  GtkLabel             *results_label;
  GtkStack             *results_stack;
  GtkListView          *matter_list;
  JjGuidePage          *guide_page;
  JjIntakePage         *intake_page;
  JjApplicationsPage   *applications_page;
  GtkButton            *applications_button;
  GtkWidget            *queue_button;
  JjSyncIndicator      *sync_indicator;
  GtkLabel             *card_counts;
  GtkWidget            *operator_button;
  GtkLabel             *operator_label;
  GMenu                *pages_section;
  GMenu                *operator_menu;
  GMenu                *operator_section;

  GSettings            *settings;
  JjSyncEngine         *engine;
  JjCatalog            *catalog;
  JjIntake             *intake;
  GCancellable         *query_cancellable;
  int                   level;
  char                 *category_id;
  gboolean              filling_categories;
  gboolean              applications_changed; /* by the sync cycle now running */

  /* The operator's session (jj-window-session.c) and the pages only some roles have. */
  JjSession            *session;
  GtkWidget            *queue_page;
  GtkWidget            *stats_page;
  GtkWidget            *audit_page;
  GtkWidget            *operators_page;
  gint64                last_activity;        /* monotonic µs of the last input */
  guint                 idle_id;
  guint                 cards_id;
  GCancellable         *cards_cancellable;
};

/* Shows one of the main stack's pages other than the catalogue, with a back button. */
void jj_window_show_page           (JjWindow   *self,
                                    const char *name,
                                    const char *title,
                                    const char *subtitle);
void jj_window_show_catalog        (JjWindow   *self);
/* The header's back button, hidden where the page has its own (an application's detail). */
void jj_window_update_back_button  (JjWindow   *self);

/* jj-window-session.c */
void jj_window_session_class_init  (GtkWidgetClass *widget_class);
void jj_window_session_init        (JjWindow   *self);
void jj_window_session_dispose     (JjWindow   *self);
/* The Applications and Queue buttons: there for a role that has the page, not on the page. */
void jj_window_update_nav_buttons  (JjWindow   *self);
/* Counts the red and yellow cards again for the header bar, off the main loop. */
void jj_window_update_card_counts  (JjWindow   *self);

G_END_DECLS
