/* jj-card-badge.h — how a red or yellow card (红黄牌) looks wherever a case is listed
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "jj-cards.h"

G_BEGIN_DECLS

/* Makes the label @badge show @card: its name in a coloured pill, a tooltip and an accessible
 * description saying how many working days are left (@remaining_days; 0 = due today, negative
 * = overdue); hidden for JJ_CARD_NONE. */
void  jj_card_badge_update        (GtkWidget *badge,
                                   JjCard     card,
                                   int        remaining_days);

/* "Due today", "1 working day left", "Overdue by 2 working days". Caller frees. */
char *jj_card_badge_dup_remaining (int        remaining_days);

/* The header bar's summary, e.g. "Red cards 2 · Yellow cards 5"; NULL when both are 0.
 * Caller frees. */
char *jj_card_badge_dup_counts    (guint      red,
                                   guint      yellow);

G_END_DECLS
