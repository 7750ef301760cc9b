/* jj-card-badge.c — how a red or yellow card (红黄牌) looks wherever a case is listed
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "jj-card-badge.h"

char *
jj_card_badge_dup_remaining (int remaining_days)
{
  if (remaining_days == 0)
    /* Translators: a case whose promised date is today */
    return g_strdup (_("Due today"));
  if (remaining_days > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working day left",
                                         "%d working days left", remaining_days),
                            remaining_days);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Overdue by %d working day",
                                       "Overdue by %d working days", -remaining_days),
                          -remaining_days);
}

void
jj_card_badge_update (GtkWidget *badge,
                      JjCard     card,
                      int        remaining_days)
{
  g_autofree char *remaining = NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (GTK_IS_LABEL (badge));

  gtk_widget_set_visible (badge, card != JJ_CARD_NONE);
  gtk_widget_add_css_class (badge, "badge");
  gtk_widget_remove_css_class (badge, "card-red");
  gtk_widget_remove_css_class (badge, "card-yellow");
  if (card == JJ_CARD_NONE)
    return;

  gtk_widget_add_css_class (badge, card == JJ_CARD_RED ? "card-red" : "card-yellow");
  gtk_label_set_text (GTK_LABEL (badge), jj_card_get_label (card));
  remaining = jj_card_badge_dup_remaining (remaining_days);
  gtk_widget_set_tooltip_text (badge, remaining);
  description = g_strdup_printf ("%s: %s", jj_card_get_label (card), remaining);
  gtk_accessible_update_property (GTK_ACCESSIBLE (badge), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
}

char *
jj_card_badge_dup_counts (guint red,
                          guint yellow)
{
  if (red == 0 && yellow == 0)
    return NULL;
  /* Translators: the header bar's count of cases past (红牌) and near (黄牌) their promised
   * date, e.g. “红牌 2 · 黄牌 5” */
  return g_strdup_printf (_("Red cards %u · Yellow cards %u"), red, yellow);
}
