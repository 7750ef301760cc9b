/* jj-matter-row.c — one matter in the catalogue list
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "jj-matter-row.h"

struct _JjMatterRow
{
  GtkWidget  parent_instance;

  GtkLabel  *name_label;
  GtkLabel  *detail_label;
  GtkLabel  *level_label;
  GtkLabel  *handling_label;
};

G_DEFINE_FINAL_TYPE (JjMatterRow, jj_matter_row, GTK_TYPE_WIDGET)

static void
jj_matter_row_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), JJ_TYPE_MATTER_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (jj_matter_row_parent_class)->dispose (object);
}

static void
jj_matter_row_class_init (JjMatterRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = jj_matter_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/jiujin/Jiujin/jj-matter-row.ui");
  gtk_widget_class_bind_template_child (widget_class, JjMatterRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, JjMatterRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, JjMatterRow, level_label);
  gtk_widget_class_bind_template_child (widget_class, JjMatterRow, handling_label);
}

static void
jj_matter_row_init (JjMatterRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
jj_matter_row_new (void)
{
  return g_object_new (JJ_TYPE_MATTER_ROW, NULL);
}

char *
jj_matter_dup_handling_summary (JjMatter *matter)
{
  guint days = jj_matter_get_promised_limit_days (matter);

  if (jj_matter_get_handling_type (matter) == JJ_HANDLING_IMMEDIATE)
    return g_strdup (_("On the spot"));

  /* Translators: a promised time limit, in working days */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u working day", "%u working days", days),
                          days);
}

void
jj_matter_row_set_matter (JjMatterRow *self,
                          JjMatter    *matter)
{
  g_autofree char *detail = NULL;
  g_autofree char *handling = NULL;
  JjLevel level;

  g_return_if_fail (JJ_IS_MATTER_ROW (self));
  g_return_if_fail (JJ_IS_MATTER (matter));

  level = jj_matter_get_level (matter);
  detail = g_strdup_printf ("%s · %s · %s", jj_matter_get_code (matter),
                            jj_matter_get_department (matter),
                            jj_matter_get_category_name (matter));
  handling = jj_matter_dup_handling_summary (matter);

  gtk_label_set_text (self->name_label, jj_matter_get_name (matter));
  gtk_label_set_text (self->detail_label, detail);
  gtk_label_set_text (self->level_label, jj_level_get_label (level));
  gtk_label_set_text (self->handling_label, handling);

  gtk_widget_remove_css_class (GTK_WIDGET (self->level_label), "township");
  gtk_widget_remove_css_class (GTK_WIDGET (self->level_label), "village");
  gtk_widget_add_css_class (GTK_WIDGET (self->level_label), jj_level_to_string (level));
  if (jj_matter_get_handling_type (matter) == JJ_HANDLING_IMMEDIATE)
    gtk_widget_add_css_class (GTK_WIDGET (self->handling_label), "immediate");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->handling_label), "immediate");
}
