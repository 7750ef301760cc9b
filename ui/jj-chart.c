/* jj-chart.c — a horizontal bar chart drawn with GtkSnapshot
 *
 * Horizontal, because the labels are matter names of a dozen Chinese characters: they read in
 * a column on the left, never turned on their side. The numbers are written beside the bars,
 * so the chart never has to be measured by eye, and told to screen readers in the widget's
 * description.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "jj-chart.h"

#define BAR_HEIGHT   18
#define ROW_SPACING  10
#define GAP          10
#define MIN_BAR      2

typedef struct
{
  char   *label;
  double  value;
  char   *value_text;
} Bar;

struct _JjChart
{
  GtkWidget  parent_instance;

  GArray    *bars;
  char      *empty_text;
};

G_DEFINE_FINAL_TYPE (JjChart, jj_chart, GTK_TYPE_WIDGET)

static void
bar_clear (Bar *bar)
{
  g_free (bar->label);
  g_free (bar->value_text);
}

static PangoLayout *
layout_new (JjChart    *self,
            const char *text)
{
  return gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
}

static int
text_width (JjChart    *self,
            const char *text)
{
  g_autoptr(PangoLayout) layout = layout_new (self, text);
  int width;

  /* Rounded up: a label given its rounded-down width would be ellipsized by a fraction. */
  pango_layout_get_size (layout, &width, NULL);
  return PANGO_PIXELS_CEIL (width);
}

static int
row_height (JjChart *self)
{
  g_autoptr(PangoLayout) layout = layout_new (self, "9");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return MAX (height, BAR_HEIGHT);
}

/* The widths of the label and value columns at @width. */
static void
column_widths (JjChart *self,
               int      width,
               int     *label_width,
               int     *value_width)
{
  *label_width = 0;
  *value_width = 0;
  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = &g_array_index (self->bars, Bar, i);

      *label_width = MAX (*label_width, text_width (self, bar->label));
      *value_width = MAX (*value_width, text_width (self, bar->value_text));
    }
  /* Labels are what a chart half a page wide is read by: they may take half of it. */
  *label_width = MIN (*label_width, width / 2);
}

static void
append_text (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             const GdkRGBA *color,
             int            x,
             int            y)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
jj_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  JjChart *self = JJ_CHART (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  int width = gtk_widget_get_width (widget);
  int height = row_height (self);
  int label_width, value_width, bar_space;
  double max = 0;
  GdkRGBA fg, accent;

  gtk_style_context_get_color (style, &fg);
  if (!gtk_style_context_lookup_color (style, "accent_bg_color", &accent))
    accent = (GdkRGBA) { 0.21, 0.52, 0.89, 1.0 };

  if (self->bars->len == 0)
    {
      g_autoptr(PangoLayout) layout = layout_new (self, self->empty_text);
      GdkRGBA dim = fg;

      dim.alpha *= 0.55;
      append_text (snapshot, layout, &dim, 0, 0);
      return;
    }

  column_widths (self, width, &label_width, &value_width);
  bar_space = MAX (width - label_width - value_width - 2 * GAP, MIN_BAR);
  for (guint i = 0; i < self->bars->len; i++)
    max = MAX (max, g_array_index (self->bars, Bar, i).value);

  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = &g_array_index (self->bars, Bar, i);
      g_autoptr(PangoLayout) label = layout_new (self, bar->label);
      g_autoptr(PangoLayout) value = layout_new (self, bar->value_text);
      int y = i * (height + ROW_SPACING);
      int length = max > 0 ? (int) (bar_space * bar->value / max) : 0;
      int text_height;

      /* Only a label wider than its column is cut: a layout bound to its own width may still
       * lose its last glyph to rounding. */
      if (text_width (self, bar->label) > label_width)
        {
          pango_layout_set_width (label, label_width * PANGO_SCALE);
          pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
        }
      pango_layout_get_pixel_size (label, NULL, &text_height);
      append_text (snapshot, label, &fg, 0, y + (height - text_height) / 2);

      if (bar->value > 0)
        length = MAX (length, MIN_BAR);
      gtk_snapshot_append_color (snapshot, &accent,
                                 &GRAPHENE_RECT_INIT (label_width + GAP,
                                                      y + (height - BAR_HEIGHT) / 2,
                                                      length, BAR_HEIGHT));
      append_text (snapshot, value, &fg, label_width + 2 * GAP + length,
                   y + (height - text_height) / 2);
    }
}

static void
jj_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  JjChart *self = JJ_CHART (widget);
  int label_width, value_width;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      column_widths (self, G_MAXINT / 4, &label_width, &value_width);
      *minimum = MIN (label_width, 120) + value_width + 2 * GAP + 40;
      *natural = label_width + value_width + 2 * GAP + 320;
    }
  else
    {
      guint rows = MAX (self->bars->len, 1);

      *minimum = *natural = rows * row_height (self) + (rows - 1) * ROW_SPACING;
    }
}

/* What a screen reader says instead of the picture. */
static void
update_description (JjChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = &g_array_index (self->bars, Bar, i);

      if (i > 0)
        g_string_append (text, "; ");
      g_string_append_printf (text, "%s: %s", bar->label, bar->value_text);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->bars->len > 0 ? text->str : self->empty_text, -1);
}

static void
jj_chart_finalize (GObject *object)
{
  JjChart *self = JJ_CHART (object);

  g_array_unref (self->bars);
  g_free (self->empty_text);

  G_OBJECT_CLASS (jj_chart_parent_class)->finalize (object);
}

static void
jj_chart_class_init (JjChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = jj_chart_finalize;
  widget_class->snapshot = jj_chart_snapshot;
  widget_class->measure = jj_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
jj_chart_init (JjChart *self)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  /* GTK 4.8's GL renderer caches each glyph in a box of its unhinted ink, and hinting snaps
   * strokes out of it: CJK labels lost a stroke's edge (登记 of 参保登记, at 13 px). */
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  gtk_widget_set_font_options (GTK_WIDGET (self), options);
  cairo_font_options_destroy (options);

  self->bars = g_array_new (FALSE, TRUE, sizeof (Bar));
  g_array_set_clear_func (self->bars, (GDestroyNotify) bar_clear);
}

GtkWidget *
jj_chart_new (void)
{
  return g_object_new (JJ_TYPE_CHART, NULL);
}

void
jj_chart_clear (JjChart    *self,
                const char *empty_text)
{
  g_return_if_fail (JJ_IS_CHART (self));

  g_array_set_size (self->bars, 0);
  g_free (self->empty_text);
  self->empty_text = g_strdup (empty_text);
  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
jj_chart_add_bar (JjChart    *self,
                  const char *label,
                  double      value,
                  const char *value_text)
{
  Bar bar = { g_strdup (label), MAX (value, 0), g_strdup (value_text) };

  g_return_if_fail (JJ_IS_CHART (self));

  g_array_append_val (self->bars, bar);
  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
jj_chart_get_n_bars (JjChart *self)
{
  g_return_val_if_fail (JJ_IS_CHART (self), 0);
  return self->bars->len;
}
