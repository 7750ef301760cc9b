/* jj-receipt-draw.c — drawing the acceptance receipt (受理回执) with Pango, on paper or in a PDF
 *
 * The page is designed in points on A5 portrait and scaled to whatever page it is given, so the
 * printer and the PDF get the same receipt. Everything is measured before it is drawn: when a
 * long application does not fit, the text gets smaller, and at the smallest size the longest
 * lists are shortened to "…and N more" — nothing is ever cut off by the edge of the paper. What
 * the receipt says is read from the store in jj-receipt.c.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <stdio.h>

#include "jj-receipt-private.h"

#define A5_WIDTH      419.53
#define A5_HEIGHT     595.28
#define MARGIN        32.0
#define CONTENT_WIDTH (A5_WIDTH - 2 * MARGIN)
#define LABEL_WIDTH   86.0
#define QR_SIDE       104.0   /* with its quiet zone */
#define QR_QUIET_ZONE 4
#define FONT_FAMILIES "Noto Sans CJK SC,sans-serif"
#define MIN_SCALE     0.7
#define SCALE_STEP    0.05

typedef struct
{
  double         size;     /* points, at scale 1 */
  gboolean       bold;
  double         grey;     /* 0 black … 1 white */
  PangoAlignment alignment;
} TextStyle;

static const TextStyle title_style = { 21.0, TRUE, 0.0, PANGO_ALIGN_CENTER };
static const TextStyle label_style = { 9.0, FALSE, 0.38, PANGO_ALIGN_LEFT };
static const TextStyle body_style = { 10.5, FALSE, 0.0, PANGO_ALIGN_LEFT };
static const TextStyle strong_style = { 10.5, TRUE, 0.0, PANGO_ALIGN_LEFT };
static const TextStyle number_style = { 18.0, TRUE, 0.0, PANGO_ALIGN_LEFT };
static const TextStyle date_style = { 14.0, TRUE, 0.0, PANGO_ALIGN_LEFT };
static const TextStyle heading_style = { 11.0, TRUE, 0.0, PANGO_ALIGN_LEFT };
static const TextStyle note_style = { 9.0, FALSE, 0.3, PANGO_ALIGN_LEFT };
static const TextStyle caption_style = { 8.0, FALSE, 0.3, PANGO_ALIGN_CENTER };
static const TextStyle footer_style = { 8.0, FALSE, 0.3, PANGO_ALIGN_LEFT };
static const TextStyle seal_style = { 10.5, FALSE, 0.0, PANGO_ALIGN_RIGHT };

typedef struct
{
  JjReceipt    *receipt;
  cairo_t      *cr;
  PangoContext *context;
  gboolean      drawing;     /* FALSE while measuring */
  double        scale;       /* of text sizes and gaps */
  guint         max_items;   /* of each list before "…and N more" */
  double        y;
} Painter;

static PangoLayout *
painter_layout (Painter         *p,
                const TextStyle *style,
                double           width,
                const char      *text)
{
  PangoLayout *layout = pango_layout_new (p->context);
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, FONT_FAMILIES);
  pango_font_description_set_absolute_size (font, style->size * p->scale * PANGO_SCALE);
  pango_font_description_set_weight (font, style->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, style->alignment);
  pango_layout_set_line_spacing (layout, 1.2);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static void
painter_show (Painter         *p,
              PangoLayout     *layout,
              const TextStyle *style,
              double           x,
              double           y)
{
  if (!p->drawing)
    return;
  cairo_set_source_rgb (p->cr, style->grey, style->grey, style->grey);
  cairo_move_to (p->cr, x, y);
  pango_cairo_show_layout (p->cr, layout);
}

/* Puts @text at (@x, @y) within @width; returns its height. */
static double
painter_text (Painter         *p,
              const TextStyle *style,
              double           x,
              double           y,
              double           width,
              const char      *text)
{
  g_autoptr(PangoLayout) layout = painter_layout (p, style, width, text);

  painter_show (p, layout, style, x, y);
  return layout_height (layout);
}

static void
painter_gap (Painter *p,
             double   points)
{
  p->y += points * p->scale;
}

static void
painter_rule (Painter *p,
              double   line_width)
{
  if (p->drawing)
    {
      cairo_set_source_rgb (p->cr, 0.25, 0.25, 0.25);
      cairo_set_line_width (p->cr, line_width);
      cairo_move_to (p->cr, MARGIN, p->y);
      cairo_line_to (p->cr, A5_WIDTH - MARGIN, p->y);
      cairo_stroke (p->cr);
    }
}

/* A label on the left and its value beside it, their first lines on one baseline. */
static void
painter_row (Painter         *p,
             const char      *label,
             const TextStyle *value_style,
             const char      *value)
{
  double label_width = LABEL_WIDTH * p->scale;
  g_autoptr(PangoLayout) label_layout = painter_layout (p, &label_style, label_width - 6, label);
  g_autoptr(PangoLayout) value_layout = painter_layout (p, value_style, CONTENT_WIDTH - label_width,
                                                        value);
  double label_baseline = (double) pango_layout_get_baseline (label_layout) / PANGO_SCALE;
  double value_baseline = (double) pango_layout_get_baseline (value_layout) / PANGO_SCALE;
  double shift = value_baseline - label_baseline;

  painter_show (p, label_layout, &label_style, MARGIN, p->y + shift);
  painter_show (p, value_layout, value_style, MARGIN + label_width, p->y);
  p->y += MAX (layout_height (label_layout) + shift, layout_height (value_layout));
  painter_gap (p, 3.5);
}

/* One numbered line of a list, wrapped under its own text. */
static void
painter_item (Painter    *p,
              guint       number,
              const char *text)
{
  g_autofree char *label = g_strdup_printf ("%u.", number);
  double indent = 18.0 * p->scale;

  painter_text (p, &body_style, MARGIN + 4 * p->scale, p->y, indent, label);
  p->y += painter_text (p, &body_style, MARGIN + 4 * p->scale + indent, p->y,
                        CONTENT_WIDTH - 4 * p->scale - indent, text);
  painter_gap (p, 2.0);
}

static char *
format_more (guint n_more)
{
  /* Translators: the end of a list shortened to fit the receipt on its page */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "…and %u more", "…and %u more", n_more),
                          n_more);
}

static void
painter_more (Painter *p,
              guint    n_more)
{
  g_autofree char *text = format_more (n_more);

  p->y += painter_text (p, &note_style, MARGIN + 22 * p->scale, p->y,
                        CONTENT_WIDTH - 22 * p->scale, text);
  painter_gap (p, 2.0);
}

static char *
format_date_time (GDateTime *when,
                  gboolean   with_time)
{
  /* Translators: a date on the receipt, in g_date_time_format() notation; for zh_CN use
   * “%Y年%-m月%-d日” */
  const char *date_format = _("%B %-d, %Y");
  /* Translators: a date and time on the receipt, in g_date_time_format() notation; for zh_CN
   * use “%Y年%-m月%-d日 %H:%M” */
  const char *date_time_format = _("%B %-d, %Y, %H:%M");

  return g_date_time_format (when, with_time ? date_time_format : date_format);
}

static char *
format_promised_date (const char *text)
{
  g_autoptr(GDateTime) when = NULL;
  int year, month, day;

  if (sscanf (text, "%d-%d-%d", &year, &month, &day) == 3 &&
      g_date_valid_dmy (day, month, year) &&
      (when = g_date_time_new_local (year, month, day, 0, 0, 0)) != NULL)
    return format_date_time (when, FALSE);
  return g_strdup (text);
}

/* @text as the intake stores it: local "YYYY-MM-DDTHH:MM". */
static char *
format_appointment (const char *text)
{
  g_autoptr(GDateTime) when = NULL;
  int year, month, day, hour, minute;

  if (sscanf (text, "%d-%d-%dT%d:%d", &year, &month, &day, &hour, &minute) == 5 &&
      g_date_valid_dmy (day, month, year) &&
      (when = g_date_time_new_local (year, month, day, hour, minute, 0)) != NULL)
    return format_date_time (when, TRUE);
  return g_strdup (text);
}

static char *
format_handled_by (JjReceipt *self)
{
  if (g_strcmp0 (self->agent_kind, "agent") == 0 && self->agent_name != NULL)
    {
      if (self->agent_relationship != NULL)
        /* Translators: who handled the application: an agent's name and relationship to
         * the applicant (代理人代办) */
        return g_strdup_printf (_("By an agent: %s (%s)"), self->agent_name,
                                self->agent_relationship);
      /* Translators: who handled the application: an agent's name (代理人代办) */
      return g_strdup_printf (_("By an agent: %s"), self->agent_name);
    }
  if (g_strcmp0 (self->agent_kind, "agent") == 0)
    return g_strdup (_("By an agent"));
  if (g_strcmp0 (self->agent_kind, "clerk") == 0 && self->agent_name != NULL)
    /* Translators: who handled the application: the staff member's name (工作人员代办) */
    return g_strdup_printf (_("By service point staff for the applicant: %s"), self->agent_name);
  if (g_strcmp0 (self->agent_kind, "clerk") == 0)
    return g_strdup (_("By service point staff for the applicant"));
  /* Translators: who handled the application (本人办理) */
  return g_strdup (_("In person"));
}

static char *
format_material (const ReceiptMaterial *material)
{
  /* Translators: a material on the receipt: its name, original or copy, and how many */
  return g_strdup_printf (_("%s (%s ×%u)"), material->name,
                          jj_material_form_get_label (material->form), material->count);
}

static void
paint_qr_code (Painter *p,
               double   top)
{
  QRcode *qr = p->receipt->qr;
  double module = QR_SIDE / (qr->width + 2 * QR_QUIET_ZONE);
  double x0 = A5_WIDTH - MARGIN - qr->width * module;

  /* Black modules on the white page, one rectangle per run; the quiet zone of 4 modules is
   * the blank paper around them. */
  if (p->drawing)
    {
      cairo_set_source_rgb (p->cr, 0, 0, 0);
      for (int y = 0; y < qr->width; y++)
        for (int x = 0; x < qr->width;)
          {
            int run = 0;

            while (x + run < qr->width && (qr->data[y * qr->width + x + run] & 1))
              run++;
            if (run > 0)
              cairo_rectangle (p->cr, x0 + x * module, top + y * module, run * module, module);
            x += MAX (run, 1);
          }
      cairo_fill (p->cr);
    }

  p->y = top + (qr->width + QR_QUIET_ZONE / 2) * module;
  p->y += painter_text (p, &caption_style, x0 - QR_QUIET_ZONE * module, p->y,
                        (qr->width + 2 * QR_QUIET_ZONE) * module,
                        _("Scan to follow the application"));
}

static void
paint_header (Painter *p)
{
  JjReceipt *self = p->receipt;
  g_autofree char *promised = format_promised_date (self->promised_date);
  double left_width = CONTENT_WIDTH - (self->qr != NULL ? QR_SIDE : 0);
  double top, left_y;

  p->y += painter_text (p, &title_style, MARGIN, p->y, CONTENT_WIDTH, _("Acceptance Receipt"));
  painter_gap (p, 8);
  painter_rule (p, 1.6);
  /* Not scaled: the QR code's quiet zone needs it. */
  p->y += 12;
  top = p->y;

  left_y = top;
  if (self->case_number != NULL)
    {
      g_autofree char *provisional = NULL;

      /* Reprinted after delivery: the county's number is the one to quote from now on. */
      left_y += painter_text (p, &label_style, MARGIN, left_y, left_width, _("Case number"));
      left_y += 2 * p->scale;
      left_y += painter_text (p, &number_style, MARGIN, left_y, left_width, self->case_number);
      left_y += 3 * p->scale;
      /* Translators: on a reprinted receipt, under the county's case number */
      provisional = g_strdup_printf (_("Provisional receipt number: %s"), self->number);
      left_y += painter_text (p, &label_style, MARGIN, left_y, left_width, provisional);
    }
  else
    {
      left_y += painter_text (p, &label_style, MARGIN, left_y, left_width, _("Receipt number"));
      left_y += 2 * p->scale;
      left_y += painter_text (p, &number_style, MARGIN, left_y, left_width, self->number);
    }
  left_y += 12 * p->scale;
  left_y += painter_text (p, &label_style, MARGIN, left_y, left_width,
                          _("Promised completion date"));
  left_y += 2 * p->scale;
  left_y += painter_text (p, &date_style, MARGIN, left_y, left_width, promised);

  if (self->qr != NULL)
    paint_qr_code (p, top);

  p->y = MAX (p->y, left_y);
  painter_gap (p, 10);
  painter_rule (p, 0.6);
  painter_gap (p, 10);
}

static void
paint_matters (Painter *p)
{
  JjReceipt *self = p->receipt;
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = self->matters->len;
  guint shown = MIN (n, MAX (p->max_items, 1));

  if (self->bundle_name != NULL)
    {
      /* Translators: the 一件事一次办 bundle the matters were applied for together */
      g_string_append_printf (text, _("Bundle: %s"), self->bundle_name);
      g_string_append_c (text, '\n');
    }
  for (guint i = 0; i < shown; i++)
    {
      const ReceiptMatter *matter = g_ptr_array_index (self->matters, i);

      if (n > 1)
        g_string_append_printf (text, "%u. ", i + 1);
      /* Translators: a matter on the receipt: its name and its catalogue code */
      g_string_append_printf (text, _("%s (%s)"), matter->name, matter->code);
      if (i + 1 < shown)
        g_string_append_c (text, '\n');
    }
  if (shown < n)
    {
      g_autofree char *more = format_more (n - shown);

      g_string_append_c (text, '\n');
      g_string_append (text, more);
    }

  painter_row (p, g_dngettext (GETTEXT_PACKAGE, "Matter", "Matters", n), &strong_style, text->str);
}

static void
paint_facts (Painter *p)
{
  JjReceipt *self = p->receipt;
  g_autofree char *handled_by = format_handled_by (self);
  g_autofree char *submitted = format_date_time (self->submitted_at, TRUE);

  paint_matters (p);
  painter_row (p, _("Applicant"), &body_style, self->applicant_name);
  painter_row (p, _("ID number"), &body_style, self->masked_id_number);
  if (self->masked_phone != NULL)
    painter_row (p, _("Contact phone"), &body_style, self->masked_phone);
  painter_row (p, _("Handled by"), &body_style, handled_by);
  if (self->appointment_at != NULL && self->appointment_at[0] != '\0')
    {
      g_autofree char *appointment = format_appointment (self->appointment_at);
      painter_row (p, _("Appointment"), &body_style, appointment);
    }
  painter_row (p, _("Accepted on"), &body_style, submitted);
}

static void
paint_materials (Painter    *p,
                 const char *heading,
                 GPtrArray  *materials)
{
  guint shown = MIN (materials->len, p->max_items);

  painter_gap (p, 6);
  p->y += painter_text (p, &heading_style, MARGIN, p->y, CONTENT_WIDTH, heading);
  painter_gap (p, 3);
  for (guint i = 0; i < shown; i++)
    {
      g_autofree char *line = format_material (g_ptr_array_index (materials, i));
      painter_item (p, i + 1, line);
    }
  if (shown < materials->len)
    painter_more (p, materials->len - shown);
}

static char *
join_lines (GPtrArray *strings)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < strings->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, g_ptr_array_index (strings, i));
    }
  return g_string_free (text, FALSE);
}

static void
paint_office (Painter *p)
{
  JjReceipt *self = p->receipt;
  g_autofree char *locations = join_lines (self->locations);
  g_autofree char *phones = join_lines (self->phones);

  painter_gap (p, 8);
  painter_rule (p, 0.6);
  painter_gap (p, 10);
  if (locations[0] != '\0')
    painter_row (p, _("Location"), &body_style, locations);
  if (phones[0] != '\0')
    painter_row (p, _("Phone"), &body_style, phones);

  /* Where the clerk stamps the receipt (盖章). */
  painter_gap (p, 6);
  p->y += painter_text (p, &seal_style, MARGIN, p->y, CONTENT_WIDTH, _("Accepting office (seal)"));
}

/* The body from the top of the page; leaves p->y where it ends. */
static void
paint_body (Painter *p)
{
  JjReceipt *self = p->receipt;

  p->y = MARGIN;
  paint_header (p);
  paint_facts (p);

  if (self->received->len > 0 || self->pending->len == 0)
    {
      paint_materials (p, _("Materials received"), self->received);
      if (self->received->len == 0)
        p->y += painter_text (p, &note_style, MARGIN + 22 * p->scale, p->y,
                              CONTENT_WIDTH - 22 * p->scale, _("None"));
    }
  if (self->pending->len > 0)
    {
      paint_materials (p, _("To follow (容缺受理)"), self->pending);
      p->y += painter_text (p, &note_style, MARGIN + 4 * p->scale, p->y,
                            CONTENT_WIDTH - 4 * p->scale,
                            _("Accepted without these for now: please bring them before the "
                              "promised completion date."));
    }

  paint_office (p);
}

/* The footer, anchored to the bottom margin; returns its top. */
static double
paint_footer (Painter *p)
{
  JjReceipt *self = p->receipt;
  g_autoptr(PangoLayout) notice =
    painter_layout (p, &footer_style, CONTENT_WIDTH,
                    _("This receipt proves that your application was accepted: please keep it. "
                      "Ask about its progress with the receipt number, or scan the QR code."));
  g_autoptr(PangoLayout) url = painter_layout (p, &footer_style, CONTENT_WIDTH, self->tracking_url);
  double url_top = A5_HEIGHT - MARGIN - layout_height (url);
  double notice_top = url_top - 2 * p->scale - layout_height (notice);
  double top = notice_top - 8 * p->scale;

  painter_show (p, notice, &footer_style, MARGIN, notice_top);
  painter_show (p, url, &footer_style, MARGIN, url_top);
  if (p->drawing)
    {
      double saved = p->y;

      p->y = top;
      painter_rule (p, 0.6);
      p->y = saved;
    }
  return top;
}

static gboolean
painter_fits (Painter *p)
{
  paint_body (p);
  return p->y + 6 * p->scale <= paint_footer (p);
}

void
jj_receipt_draw (JjReceipt *self,
                 cairo_t   *cr,
                 double     width,
                 double     height)
{
  Painter p = { self, cr, NULL, FALSE, 1.0, 0, 0 };
  cairo_font_options_t *options;
  double scale;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  scale = MIN (width / A5_WIDTH, height / A5_HEIGHT);
  cairo_translate (cr, (width - A5_WIDTH * scale) / 2, (height - A5_HEIGHT * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_rectangle (cr, 0, 0, A5_WIDTH, A5_HEIGHT);
  cairo_clip (cr);

  /* Outline metrics, unhinted: the same line breaks on paper, in the PDF and on screen. */
  p.context = pango_cairo_create_context (cr);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (p.context, options);
  cairo_font_options_destroy (options);
  /* Han characters shaped as in mainland China also when a fallback font covers several
   * regions. */
  pango_context_set_language (p.context, pango_language_from_string ("zh-cn"));

  p.max_items = MAX (self->matters->len, MAX (self->received->len, self->pending->len));
  while (!painter_fits (&p) && p.scale > MIN_SCALE + SCALE_STEP / 2)
    p.scale -= SCALE_STEP;
  if (!painter_fits (&p))
    {
      /* The longest lists that fit, by bisection: fewer items never take more room. The page
       * clip above is the last resort should even none fit. */
      guint fits = 0, too_many = p.max_items;

      while (too_many - fits > 1)
        {
          p.max_items = fits + (too_many - fits) / 2;
          if (painter_fits (&p))
            fits = p.max_items;
          else
            too_many = p.max_items;
        }
      p.max_items = fits;
    }

  p.drawing = TRUE;
  paint_body (&p);
  paint_footer (&p);

  g_object_unref (p.context);
  cairo_restore (cr);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
save_bytes (const char  *path,
            GByteArray  *bytes,
            GError     **error)
{
  FILE *file = g_fopen (path, "wb");
  gboolean saved = file != NULL && fwrite (bytes->data, 1, bytes->len, file) == bytes->len;
  int saved_errno = errno;

  if (file != NULL && fclose (file) != 0 && saved)
    {
      saved = FALSE;
      saved_errno = errno;
    }
  if (!saved)
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 _("Could not save the receipt as “%s”: %s. Choose a folder that exists and "
                   "that you may write to."),
                 path, g_strerror (saved_errno));
  return saved;
}

gboolean
jj_receipt_write_pdf (JjReceipt   *self,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *title = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Drawn in memory first, so that a failure leaves no half-written file behind. */
  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, A5_WIDTH, A5_HEIGHT);
  title = g_strdup_printf ("%s %s", _("Acceptance Receipt"), jj_receipt_get_shown_number (self));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Jiujin " PACKAGE_VERSION);

  cr = cairo_create (surface);
  jj_receipt_draw (self, cr, A5_WIDTH, A5_HEIGHT);
  cairo_show_page (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not draw the receipt for “%s”: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }

  return save_bytes (path, bytes, error);
}
