/* jj-material-row.c — one material (申请材料) of an application's checklist, with its scans
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "jj-material-row.h"

struct _JjMaterialRow
{
  AdwPreferencesRow  parent_instance;

  GtkLabel          *number_label;
  GtkLabel          *title_label;
  GtkLabel          *required_badge;
  GtkLabel          *subtitle_label;
  GtkWidget         *status_box;
  GtkToggleButton   *received_button;
  GtkToggleButton   *missing_button;
  GtkToggleButton   *pending_button;
  GtkButton         *attach_button;
  GtkFlowBox        *scans_box;
  GtkLabel          *message_label;

  int                position;
  char              *name;
  const char        *status;   /* static string */
  gboolean           setting;
};

enum {
  PROP_0,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (JjMaterialRow, jj_material_row, ADW_TYPE_PREFERENCES_ROW)

static const char *
status_intern (const char *status)
{
  if (g_strcmp0 (status, "received") == 0)
    return "received";
  if (g_strcmp0 (status, "pending") == 0)
    return "pending";
  return "missing";
}

static void
on_status_toggled (JjMaterialRow   *self,
                   GtkToggleButton *button)
{
  const char *status;

  if (self->setting || !gtk_toggle_button_get_active (button))
    return;

  if (button == self->received_button)
    status = "received";
  else if (button == self->pending_button)
    status = "pending";
  else
    status = "missing";

  if (g_str_equal (status, self->status))
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
jj_material_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_string (value, JJ_MATERIAL_ROW (object)->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jj_material_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_STATUS:
      jj_material_row_set_status (JJ_MATERIAL_ROW (object), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jj_material_row_finalize (GObject *object)
{
  g_free (JJ_MATERIAL_ROW (object)->name);

  G_OBJECT_CLASS (jj_material_row_parent_class)->finalize (object);
}

static void
jj_material_row_class_init (JjMaterialRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = jj_material_row_finalize;
  object_class->get_property = jj_material_row_get_property;
  object_class->set_property = jj_material_row_set_property;

  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, "missing",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/jiujin/Jiujin/jj-material-row.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, JjMaterialRow, name)
  BIND (number_label);
  BIND (title_label);
  BIND (required_badge);
  BIND (subtitle_label);
  BIND (status_box);
  BIND (received_button);
  BIND (missing_button);
  BIND (pending_button);
  BIND (attach_button);
  BIND (scans_box);
  BIND (message_label);
#undef BIND
}

static void
jj_material_row_init (JjMaterialRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->status = "missing";

  g_signal_connect_swapped (self->received_button, "toggled", G_CALLBACK (on_status_toggled), self);
  g_signal_connect_swapped (self->missing_button, "toggled", G_CALLBACK (on_status_toggled), self);
  g_signal_connect_swapped (self->pending_button, "toggled", G_CALLBACK (on_status_toggled), self);
}

GtkWidget *
jj_material_row_new (int               position,
                     const JjMaterial *material,
                     const char       *matter_name)
{
  JjMaterialRow *self = g_object_new (JJ_TYPE_MATERIAL_ROW, NULL);
  g_autofree char *number = g_strdup_printf ("%d", position + 1);
  g_autofree char *subtitle = NULL;
  g_autofree char *attach = NULL;

  g_return_val_if_fail (material != NULL || position == -1, NULL);

  self->position = position;
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->attach_button), "i", position);

  if (material == NULL)
    {
      self->name = g_strdup (_("Other Scans"));
      subtitle = g_strdup (_("Scans that belong to no material in the list"));
      gtk_widget_set_visible (GTK_WIDGET (self->number_label), FALSE);
      gtk_widget_set_margin_start (GTK_WIDGET (self->subtitle_label), 0);
      gtk_widget_set_margin_start (GTK_WIDGET (self->scans_box), 0);
      gtk_widget_set_margin_start (GTK_WIDGET (self->message_label), 0);
      gtk_widget_set_visible (GTK_WIDGET (self->required_badge), FALSE);
      gtk_widget_set_visible (self->status_box, FALSE);
    }
  else
    {
      self->name = g_strdup (material->name);
      /* Translators: how a material is handed in, e.g. "Original and copy ×1" */
      subtitle = g_strdup_printf (_("%s ×%u"), jj_material_form_get_label (material->form),
                                  material->count);
      if (matter_name != NULL)
        {
          g_autofree char *with_matter = g_strdup_printf ("%s · %s", subtitle, matter_name);
          g_free (subtitle);
          subtitle = g_steal_pointer (&with_matter);
        }
      if (material->notes != NULL && material->notes[0] != '\0')
        {
          g_autofree char *with_notes = g_strdup_printf (_("%s — %s"), subtitle, material->notes);
          g_free (subtitle);
          subtitle = g_steal_pointer (&with_notes);
        }
      gtk_label_set_text (self->number_label, number);
      gtk_widget_set_visible (GTK_WIDGET (self->required_badge), material->required);
      /* 容缺受理 is for required materials; an optional one is simply not handed in. */
      gtk_widget_set_visible (GTK_WIDGET (self->pending_button), material->required);
      if (!material->required)
        gtk_button_set_label (GTK_BUTTON (self->missing_button), _("Not Provided"));
      gtk_toggle_button_set_active (self->missing_button, TRUE);
    }

  gtk_label_set_text (self->title_label, self->name);
  gtk_label_set_text (self->subtitle_label, subtitle);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), self->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->name, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
  /* Translators: the accessible name of the attach button of a material */
  attach = g_strdup_printf (_("Attach a scan of %s"), self->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->attach_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, attach, -1);

  return GTK_WIDGET (self);
}

int
jj_material_row_get_position (JjMaterialRow *self)
{
  g_return_val_if_fail (JJ_IS_MATERIAL_ROW (self), -1);
  return self->position;
}

const char *
jj_material_row_get_status (JjMaterialRow *self)
{
  g_return_val_if_fail (JJ_IS_MATERIAL_ROW (self), NULL);
  return self->status;
}

void
jj_material_row_set_status (JjMaterialRow *self,
                            const char    *status)
{
  GtkToggleButton *button;

  g_return_if_fail (JJ_IS_MATERIAL_ROW (self));

  status = status_intern (status);
  if (g_str_equal (status, "pending")
      && !gtk_widget_get_visible (GTK_WIDGET (self->pending_button)))
    status = "missing";
  if (g_str_equal (status, self->status))
    return;

  if (g_str_equal (status, "received"))
    button = self->received_button;
  else if (g_str_equal (status, "pending"))
    button = self->pending_button;
  else
    button = self->missing_button;

  self->setting = TRUE;
  gtk_toggle_button_set_active (button, TRUE);
  self->setting = FALSE;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
jj_material_row_set_message (JjMaterialRow *self,
                             const char    *message)
{
  g_return_if_fail (JJ_IS_MATERIAL_ROW (self));

  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  if (message != NULL)
    {
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->status_box), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_box),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
    }
  else
    {
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->status_box), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_box),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      gtk_label_get_text (self->subtitle_label), -1);
    }
}

GtkImage *
jj_material_row_add_scan (JjMaterialRow *self,
                          const char    *sha256,
                          const char    *filename,
                          gboolean       is_pdf)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
  GtkWidget *caption = gtk_label_new (filename);
  GtkWidget *preview;
  GtkWidget *child;
  g_autofree char *remove_label = NULL;

  g_return_val_if_fail (JJ_IS_MATERIAL_ROW (self), NULL);

  if (is_pdf)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("x-office-document-symbolic");
      GtkWidget *kind = gtk_label_new ("PDF");

      preview = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
      gtk_image_set_pixel_size (GTK_IMAGE (icon), 40);
      gtk_widget_set_vexpand (icon, TRUE);
      gtk_widget_set_valign (icon, GTK_ALIGN_END);
      gtk_widget_add_css_class (kind, "caption-heading");
      gtk_box_append (GTK_BOX (preview), icon);
      gtk_box_append (GTK_BOX (preview), kind);
    }
  else
    {
      preview = gtk_image_new ();
      gtk_image_set_pixel_size (GTK_IMAGE (preview), JJ_MATERIAL_ROW_THUMBNAIL_SIZE);
    }
  gtk_widget_set_size_request (preview, JJ_MATERIAL_ROW_THUMBNAIL_SIZE,
                               JJ_MATERIAL_ROW_THUMBNAIL_SIZE);
  gtk_widget_set_overflow (preview, GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (preview, "scan-preview");
  gtk_accessible_update_property (GTK_ACCESSIBLE (preview), GTK_ACCESSIBLE_PROPERTY_LABEL, filename,
                                  -1);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), preview);

  /* Translators: the accessible name of a scan's remove button */
  remove_label = g_strdup_printf (_("Remove scan %s"), filename);
  gtk_widget_set_halign (remove, GTK_ALIGN_END);
  gtk_widget_set_valign (remove, GTK_ALIGN_START);
  gtk_widget_set_margin_top (remove, 4);
  gtk_widget_set_margin_end (remove, 4);
  gtk_widget_add_css_class (remove, "osd");
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_set_tooltip_text (remove, _("Remove scan"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "intake.remove-scan");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "(si)", sha256, self->position);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), remove);

  gtk_label_set_ellipsize (GTK_LABEL (caption), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (caption), 12);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");

  gtk_box_append (GTK_BOX (box), overlay);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_widget_set_tooltip_text (box, filename);
  gtk_flow_box_append (self->scans_box, box);

  /* Tab goes straight to the remove buttons, not to the flow box children. */
  child = gtk_widget_get_parent (box);
  gtk_widget_set_focusable (child, FALSE);
  g_object_set_data_full (G_OBJECT (child), "sha256", g_strdup (sha256), g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->scans_box), TRUE);

  return is_pdf ? NULL : GTK_IMAGE (preview);
}

void
jj_material_row_remove_scan (JjMaterialRow *self,
                             const char    *sha256)
{
  GtkWidget *child;

  g_return_if_fail (JJ_IS_MATERIAL_ROW (self));

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->scans_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "sha256"), sha256) == 0)
      {
        gtk_flow_box_remove (self->scans_box, child);
        break;
      }

  gtk_widget_set_visible (GTK_WIDGET (self->scans_box),
                          gtk_widget_get_first_child (GTK_WIDGET (self->scans_box)) != NULL);
}

void
jj_material_row_set_drop_highlight (JjMaterialRow *self,
                                    gboolean       highlight)
{
  g_return_if_fail (JJ_IS_MATERIAL_ROW (self));

  if (highlight)
    gtk_widget_add_css_class (GTK_WIDGET (self), "drop-highlight");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "drop-highlight");
}
