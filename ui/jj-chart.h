/* jj-chart.h — a horizontal bar chart drawn with GtkSnapshot
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define JJ_TYPE_CHART (jj_chart_get_type ())

G_DECLARE_FINAL_TYPE (JjChart, jj_chart, JJ, CHART, GtkWidget)

GtkWidget *jj_chart_new        (void);

/* Removes every bar; an empty chart shows @empty_text (may be NULL) instead. */
void       jj_chart_clear      (JjChart    *self,
                                const char *empty_text);

/* Appends one bar: @label on its left, a length proportional to @value (≥ 0) against the
 * largest bar, and @value_text (e.g. "12" or "3.5 days") after it. Screen readers hear the
 * bars as "label: value_text" in order. */
void       jj_chart_add_bar    (JjChart    *self,
                                const char *label,
                                double      value,
                                const char *value_text);

guint      jj_chart_get_n_bars (JjChart    *self);

G_END_DECLS
