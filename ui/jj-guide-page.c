/* jj-guide-page.c — a matter's handling guide (办事指南), readable at a glance
 *
 * The frame is a template; the conditions, materials and steps are rows generated from the
 * matter's data.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "jj-guide-page.h"
#include "jj-matter-row.h"
#include "jj-qr-code.h"

struct _JjGuidePage
{
  GtkWidget             parent_instance;

  GtkScrolledWindow    *scroller;
  GtkLabel             *name_label;
  GtkLabel             *code_label;
  GtkLabel             *level_badge;
  GtkLabel             *handling_badge;
  GtkLabel             *keywords_label;
  JjQrCode             *qr_code;
  GtkLabel             *url_label;
  GtkLabel             *department_value;
  GtkLabel             *category_value;
  GtkLabel             *handling_value;
  GtkLabel             *legal_value;
  GtkLabel             *promised_value;
  GtkLabel             *fee_value;
  GtkButton            *start_button;
  gboolean              can_start;   /* the operator may take applications */
  AdwPreferencesGroup  *bundles_group;
  AdwPreferencesGroup  *conditions_group;
  AdwPreferencesGroup  *materials_group;
  AdwPreferencesGroup  *steps_group;
  AdwActionRow         *location_row;
  AdwActionRow         *hours_row;
  AdwActionRow         *phone_row;

  JjMatter             *matter;
  GPtrArray            *generated;   /* (group, row) pairs added from the matter's data */
};

enum {
  PROP_0,
  PROP_MATTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (JjGuidePage, jj_guide_page, GTK_TYPE_WIDGET)

static void
jj_guide_page_dispose (GObject *object)
{
  JjGuidePage *self = JJ_GUIDE_PAGE (object);

  g_clear_pointer (&self->generated, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), JJ_TYPE_GUIDE_PAGE);
  g_clear_object (&self->matter);

  G_OBJECT_CLASS (jj_guide_page_parent_class)->dispose (object);
}

static void
jj_guide_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_MATTER:
      g_value_set_object (value, JJ_GUIDE_PAGE (object)->matter);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jj_guide_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_MATTER:
      jj_guide_page_set_matter (JJ_GUIDE_PAGE (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jj_guide_page_class_init (JjGuidePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jj_guide_page_dispose;
  object_class->get_property = jj_guide_page_get_property;
  object_class->set_property = jj_guide_page_set_property;

  properties[PROP_MATTER] =
    g_param_spec_object ("matter", NULL, NULL, JJ_TYPE_MATTER,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (JJ_TYPE_QR_CODE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/jiujin/Jiujin/jj-guide-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, JjGuidePage, name)
  BIND (scroller);
  BIND (name_label);
  BIND (code_label);
  BIND (level_badge);
  BIND (handling_badge);
  BIND (keywords_label);
  BIND (qr_code);
  BIND (url_label);
  BIND (department_value);
  BIND (category_value);
  BIND (handling_value);
  BIND (legal_value);
  BIND (promised_value);
  BIND (fee_value);
  BIND (start_button);
  BIND (bundles_group);
  BIND (conditions_group);
  BIND (materials_group);
  BIND (steps_group);
  BIND (location_row);
  BIND (hours_row);
  BIND (phone_row);
#undef BIND

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
jj_guide_page_init (JjGuidePage *self)
{
  self->generated = g_ptr_array_new ();
  self->can_start = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
}

static void
add_generated_row (JjGuidePage         *self,
                   AdwPreferencesGroup *group,
                   const char          *title,
                   const char          *subtitle,
                   GtkWidget           *prefix,
                   GtkWidget           *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && subtitle[0] != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (prefix != NULL)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), prefix);
  if (suffix != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);

  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->generated, group);
  g_ptr_array_add (self->generated, row);
}

static void
clear_generated_rows (JjGuidePage *self)
{
  for (guint i = 0; i + 1 < self->generated->len; i += 2)
    adw_preferences_group_remove (g_ptr_array_index (self->generated, i),
                                  g_ptr_array_index (self->generated, i + 1));
  g_ptr_array_set_size (self->generated, 0);
}

static GtkWidget *
number_label (guint n)
{
  g_autofree char *text = g_strdup_printf ("%u", n);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "step-number");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
}

static char *
format_days (guint days)
{
  if (days == 0)
    return g_strdup (_("Completed on the spot"));
  /* Translators: a time limit, in working days */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u working day", "%u working days", days),
                          days);
}

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  adw_action_row_set_subtitle (row, text);
}

void
jj_guide_page_set_matter (JjGuidePage *self,
                          JjMatter    *matter)
{
  g_autofree char *code = NULL;
  g_autofree char *keywords = NULL;
  g_autofree char *handling = NULL;
  g_autofree char *legal = NULL;
  g_autofree char *promised = NULL;
  const char * const *conditions;
  GPtrArray *materials, *steps;

  g_return_if_fail (JJ_IS_GUIDE_PAGE (self));
  g_return_if_fail (matter == NULL || JJ_IS_MATTER (matter));

  if (!g_set_object (&self->matter, matter))
    return;

  clear_generated_rows (self);
  if (matter == NULL)
    return;

  code = g_strdup_printf (_("Matter code %s"), jj_matter_get_code (matter));
  handling = jj_matter_dup_handling_summary (matter);
  legal = format_days (jj_matter_get_legal_limit_days (matter));
  promised = format_days (jj_matter_get_promised_limit_days (matter));

  gtk_label_set_text (self->name_label, jj_matter_get_name (matter));
  gtk_label_set_text (self->code_label, code);
  gtk_label_set_text (self->level_badge, jj_level_get_label (jj_matter_get_level (matter)));
  gtk_widget_remove_css_class (GTK_WIDGET (self->level_badge), "township");
  gtk_widget_remove_css_class (GTK_WIDGET (self->level_badge), "village");
  gtk_widget_add_css_class (GTK_WIDGET (self->level_badge),
                            jj_level_to_string (jj_matter_get_level (matter)));
  gtk_label_set_text (self->handling_badge, handling);
  if (jj_matter_get_handling_type (matter) == JJ_HANDLING_IMMEDIATE)
    gtk_widget_add_css_class (GTK_WIDGET (self->handling_badge), "immediate");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->handling_badge), "immediate");

  if (jj_matter_get_keywords (matter)[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (_(", "), (char **) jj_matter_get_keywords (matter));
      keywords = g_strdup_printf (_("Keywords: %s"), joined);
    }
  gtk_label_set_text (self->keywords_label, keywords != NULL ? keywords : "");
  gtk_widget_set_visible (GTK_WIDGET (self->keywords_label), keywords != NULL);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->start_button), "s",
                                    jj_matter_get_code (matter));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->start_button), "win.start-application");
  gtk_widget_set_visible (GTK_WIDGET (self->bundles_group), FALSE);
  jj_qr_code_set_text (self->qr_code, jj_matter_get_guide_url (matter));
  gtk_label_set_text (self->url_label, jj_matter_get_guide_url (matter));

  gtk_label_set_text (self->department_value, jj_matter_get_department (matter));
  gtk_label_set_text (self->category_value, jj_matter_get_category_name (matter));
  gtk_label_set_text (self->handling_value,
                      jj_handling_type_get_label (jj_matter_get_handling_type (matter)));
  gtk_label_set_text (self->legal_value, legal);
  gtk_label_set_text (self->promised_value, promised);
  gtk_label_set_text (self->fee_value, jj_matter_get_fee (matter));
  set_subtitle (self->location_row, jj_matter_get_location (matter));
  set_subtitle (self->hours_row, jj_matter_get_hours (matter));
  set_subtitle (self->phone_row, jj_matter_get_phone (matter));

  conditions = jj_matter_get_conditions (matter);
  for (guint i = 0; conditions[i] != NULL; i++)
    add_generated_row (self, self->conditions_group, conditions[i], NULL, number_label (i + 1), NULL);

  materials = jj_matter_get_materials (matter);
  for (guint i = 0; i < materials->len; i++)
    {
      const JjMaterial *material = g_ptr_array_index (materials, i);
      g_autofree char *subtitle = NULL;
      GtkWidget *need = gtk_label_new (material->required ? _("Required") : _("If applicable"));

      /* Translators: how a material is handed in: "Original ×1", then any notes */
      subtitle = g_strdup_printf (_("%s ×%u%s%s"), jj_material_form_get_label (material->form),
                                  material->count, material->notes[0] != '\0' ? _(" — ") : "",
                                  material->notes);
      gtk_widget_add_css_class (need, "badge");
      gtk_widget_add_css_class (need, material->required ? "required" : "optional");
      gtk_widget_set_valign (need, GTK_ALIGN_CENTER);
      add_generated_row (self, self->materials_group, material->name, subtitle,
                         number_label (i + 1), need);
    }

  steps = jj_matter_get_steps (matter);
  for (guint i = 0; i < steps->len; i++)
    {
      const JjStep *step = g_ptr_array_index (steps, i);
      add_generated_row (self, self->steps_group, step->title, step->description,
                         number_label (i + 1), NULL);
    }

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MATTER]);
}

void
jj_guide_page_set_bundles (JjGuidePage *self,
                           GPtrArray   *bundles)
{
  g_return_if_fail (JJ_IS_GUIDE_PAGE (self));

  for (guint i = 0; bundles != NULL && i < bundles->len; i++)
    {
      const JjBundle *bundle = g_ptr_array_index (bundles, i);
      GtkWidget *start;
      g_autofree char *tooltip = NULL;

      if (!self->can_start)
        {
          add_generated_row (self, self->bundles_group, bundle->name, bundle->description, NULL,
                             NULL);
          continue;
        }
      start = gtk_button_new_with_label (_("Start"));
      tooltip = g_strdup_printf (_("Take one application for all matters of %s"), bundle->name);
      gtk_widget_set_valign (start, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (start, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (start), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (start), "win.start-bundle");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (start), "s", bundle->code);
      add_generated_row (self, self->bundles_group, bundle->name, bundle->description, NULL, start);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->bundles_group), bundles != NULL && bundles->len > 0);
}

void
jj_guide_page_set_can_start (JjGuidePage *self,
                             gboolean     can_start)
{
  g_return_if_fail (JJ_IS_GUIDE_PAGE (self));

  self->can_start = can_start;
  gtk_widget_set_visible (GTK_WIDGET (self->start_button), can_start);
}

JjMatter *
jj_guide_page_get_matter (JjGuidePage *self)
{
  g_return_val_if_fail (JJ_IS_GUIDE_PAGE (self), NULL);
  return self->matter;
}
