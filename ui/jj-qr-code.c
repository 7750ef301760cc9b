/* jj-qr-code.c — a QR code drawn from text with libqrencode
 *
 * Drawn as crisp squares on a white quiet zone (four modules, as ISO/IEC 18004 asks), black on
 * white whatever the theme, so that phone cameras read it from a screen.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <qrencode.h>

#include "jj-qr-code.h"

#define QUIET_ZONE   4
#define DEFAULT_SIZE 184

struct _JjQrCode
{
  GtkWidget  parent_instance;
  char      *text;
  QRcode    *code;
};

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (JjQrCode, jj_qr_code, GTK_TYPE_WIDGET)

static void
jj_qr_code_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  JjQrCode *self = JJ_QR_CODE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int modules, side, module, offset_x, offset_y;
  GdkRGBA white = { 1, 1, 1, 1 };
  GdkRGBA black = { 0, 0, 0, 1 };

  if (self->code == NULL)
    return;

  modules = self->code->width + 2 * QUIET_ZONE;
  module = MAX (1, MIN (width, height) / modules);
  side = module * modules;
  offset_x = (width - side) / 2;
  offset_y = (height - side) / 2;

  gtk_snapshot_append_color (snapshot, &white, &GRAPHENE_RECT_INIT (offset_x, offset_y, side, side));

  for (int y = 0; y < self->code->width; y++)
    for (int x = 0; x < self->code->width; x++)
      if (self->code->data[y * self->code->width + x] & 1)
        gtk_snapshot_append_color (snapshot, &black,
                                   &GRAPHENE_RECT_INIT (offset_x + (x + QUIET_ZONE) * module,
                                                        offset_y + (y + QUIET_ZONE) * module,
                                                        module, module));
}

static void
jj_qr_code_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  JjQrCode *self = JJ_QR_CODE (widget);
  int modules = self->code != NULL ? self->code->width + 2 * QUIET_ZONE : 0;

  *minimum = modules * 2;
  *natural = MAX (*minimum, DEFAULT_SIZE);
}

static void
jj_qr_code_finalize (GObject *object)
{
  JjQrCode *self = JJ_QR_CODE (object);

  g_clear_pointer (&self->code, QRcode_free);
  g_free (self->text);

  G_OBJECT_CLASS (jj_qr_code_parent_class)->finalize (object);
}

static void
jj_qr_code_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, JJ_QR_CODE (object)->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jj_qr_code_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_TEXT:
      jj_qr_code_set_text (JJ_QR_CODE (object), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jj_qr_code_class_init (JjQrCodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = jj_qr_code_finalize;
  object_class->get_property = jj_qr_code_get_property;
  object_class->set_property = jj_qr_code_set_property;
  widget_class->snapshot = jj_qr_code_snapshot;
  widget_class->measure = jj_qr_code_measure;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "qrcode");
}

static void
jj_qr_code_init (JjQrCode *self)
{
}

GtkWidget *
jj_qr_code_new (void)
{
  return g_object_new (JJ_TYPE_QR_CODE, NULL);
}

void
jj_qr_code_set_text (JjQrCode   *self,
                     const char *text)
{
  g_autofree char *label = NULL;

  g_return_if_fail (JJ_IS_QR_CODE (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  g_clear_pointer (&self->code, QRcode_free);

  if (text != NULL && text[0] != '\0')
    {
      self->code = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
      if (self->code == NULL)
        g_warning ("Could not encode a QR code for “%s”: %s", text, g_strerror (errno));
    }

  label = g_strdup_printf (_("QR code of %s"), text != NULL ? text : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

const char *
jj_qr_code_get_text (JjQrCode *self)
{
  g_return_val_if_fail (JJ_IS_QR_CODE (self), NULL);
  return self->text;
}
