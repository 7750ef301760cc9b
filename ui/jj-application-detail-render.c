/* jj-application-detail-render.c — filling the application detail page from a detail
 *
 * jj_application_detail_render() turns one read of jj_applications_dup_detail() into the page:
 * the fixed facts of the template (a row without a value is hidden), the phone masked unless
 * revealed, the reason an application was returned or rejected, the outbox state, and rows
 * generated for the matters, form values, materials, scans and revisions (the History). The
 * reading, the revealing and the actions live in jj-application-detail.c.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "jj-application-detail-private.h"
#include "jj-applications.h"
#include "jj-outbox.h"

/* An ISO 8601 time of the detail, as local "YYYY-MM-DD HH:MM". */
static char *
format_iso_time (const char *iso)
{
  g_autoptr(GDateTime) when = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  return when != NULL ? jj_application_detail_format_time (g_date_time_to_unix (when)) : NULL;
}

/* A phone number with all but its first 3 and last 4 characters hidden ("138****8000"); a short
 * one shows its last 2 only. */
static char *
mask_phone (const char *phone)
{
  glong length = g_utf8_strlen (phone, -1);
  glong keep_start = length >= 11 ? 3 : 0;
  glong keep_end = length >= 11 ? 4 : MIN (2, length / 3);
  GString *masked = g_string_new (NULL);
  glong i = 0;

  for (const char *p = phone; *p != '\0'; p = g_utf8_next_char (p), i++)
    {
      if (i < keep_start || i >= length - keep_end)
        g_string_append_unichar (masked, g_utf8_get_char (p));
      else
        g_string_append_c (masked, '*');
    }
  return g_string_free (masked, FALSE);
}

/* Shows @value in the fact @label, hiding its row when there is nothing to show. */
static void
set_fact (GtkLabel   *label,
          const char *value)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (label), ADW_TYPE_ACTION_ROW);
  gboolean has_value = value != NULL && value[0] != '\0';

  gtk_label_set_text (label, has_value ? value : "");
  gtk_widget_set_visible (row, has_value);
}

static GtkWidget *
value_label_new (const char *value)
{
  GtkWidget *label = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 9);
  gtk_widget_set_margin_bottom (label, 9);
  return label;
}

static GtkWidget *
badge_new (const char *text,
           const char *colour)
{
  GtkWidget *badge = gtk_label_new (text);

  gtk_widget_add_css_class (badge, "badge");
  if (colour != NULL)
    gtk_widget_add_css_class (badge, colour);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  return badge;
}

static void
add_generated_row (JjApplicationDetail *self,
                   AdwPreferencesGroup *group,
                   const char          *title,
                   const char          *subtitle,
                   GtkWidget           *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && subtitle[0] != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (suffix != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);

  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->generated, group);
  g_ptr_array_add (self->generated, row);
}

void
jj_application_detail_clear_generated_rows (JjApplicationDetail *self)
{
  for (guint i = 0; i + 1 < self->generated->len; i += 2)
    adw_preferences_group_remove (g_ptr_array_index (self->generated, i),
                                  g_ptr_array_index (self->generated, i + 1));
  g_ptr_array_set_size (self->generated, 0);
}

static gboolean
group_has_rows (JjApplicationDetail *self,
                AdwPreferencesGroup *group)
{
  for (guint i = 0; i + 1 < self->generated->len; i += 2)
    if (g_ptr_array_index (self->generated, i) == group)
      return TRUE;
  return FALSE;
}

static void
add_matters (JjApplicationDetail *self,
             JsonArray           *matters)
{
  for (guint i = 0; matters != NULL && i < json_array_get_length (matters); i++)
    {
      JsonObject *matter = object_element (matters, i);
      const char *code = member_string (matter, "code");
      const char *name = member_string (matter, "name");

      if (name != NULL)
        add_generated_row (self, self->matters_group, name, code, NULL);
      else if (code != NULL)
        add_generated_row (self, self->matters_group, code,
                           _("No longer in the catalogue"), NULL);
    }
}

/* A form value as read: text as it is, yes/no, a list joined; NULL when not filled in. */
static char *
format_value (JsonNode *node)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *items = json_node_get_array (node);
      g_autoptr(GPtrArray) texts = g_ptr_array_new ();

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonNode *item = json_array_get_element (items, i);

          if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
            g_ptr_array_add (texts, (gpointer) json_node_get_string (item));
        }
      g_ptr_array_add (texts, NULL);
      return texts->len > 1 ? g_strjoinv (_(", "), (char **) texts->pdata) : NULL;
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return json_node_get_string (node)[0] != '\0' ? json_node_dup_string (node) : NULL;
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (node));
    default:
      return NULL;
    }
}

/* The filled-in fields in the form's order with their labels; values the form does not know
 * (a matter changed since) follow under their ids. */
static void
add_form_values (JjApplicationDetail *self,
                 JsonObject          *values,
                 gboolean             revealed)
{
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_fields = self->form != NULL ? jj_form_get_n_fields (self->form) : 0;
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;

  if (values == NULL)
    return;

  for (guint i = 0; i < n_fields; i++)
    {
      const JjFormField *field = jj_form_get_field (self->form, i);
      g_autofree char *text = NULL;

      node = json_object_get_member (values, field->id);
      g_hash_table_add (shown, field->id);
      if (node == NULL || (text = format_value (node)) == NULL)
        continue;
      if (field->type == JJ_FIELD_PHONE && !revealed)
        {
          char *masked = mask_phone (text);
          g_free (text);
          text = masked;
        }
      add_generated_row (self, self->form_group, field->label, NULL, value_label_new (text));
    }

  json_object_iter_init (&iter, values);
  while (json_object_iter_next (&iter, &id, &node))
    {
      g_autofree char *text = NULL;

      if (g_hash_table_contains (shown, id) || (text = format_value (node)) == NULL)
        continue;
      add_generated_row (self, self->form_group, id, NULL, value_label_new (text));
    }
}

static GtkWidget *
material_status_badge (const char *status,
                       gboolean    required)
{
  if (g_strcmp0 (status, "received") == 0)
    return badge_new (_("Received"), "success");
  if (g_strcmp0 (status, "pending") == 0)
    {
      /* Translators: 容缺受理, a required material accepted to be brought later */
      GtkWidget *badge = badge_new (_("Pending (容缺受理)"), "warning");

      gtk_widget_set_tooltip_text (badge,
                                   _("Accepted now; the resident brings this material later"));
      return badge;
    }
  if (required)
    return badge_new (_("Missing"), "error");
  return badge_new (_("Not Provided"), "dim-label");
}

static void
add_materials (JjApplicationDetail *self,
               JsonArray           *materials,
               gboolean             several_matters)
{
  for (guint i = 0; materials != NULL && i < json_array_get_length (materials); i++)
    {
      JsonObject *material = object_element (materials, i);
      const char *name = member_string (material, "name");
      const char *form_nick = member_string (material, "form");
      const char *matter_code = member_string (material, "matter");
      JsonNode *node = material != NULL ? json_object_get_member (material, "required") : NULL;
      gboolean required = node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
                          json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
                          json_node_get_boolean (node);
      g_autofree char *how = NULL;
      g_autofree char *subtitle = NULL;
      JjMaterialForm form;

      if (form_nick != NULL && jj_material_form_from_string (form_nick, &form))
        /* Translators: how a material is handed in: "Original ×1" */
        how = g_strdup_printf (_("%s ×%u"), jj_material_form_get_label (form),
                               (guint) MAX (member_int (material, "count"), 1));
      if (several_matters && matter_code != NULL)
        subtitle = how != NULL ? g_strdup_printf ("%s · %s", how, matter_code)
                               : g_strdup (matter_code);
      else
        subtitle = g_steal_pointer (&how);

      add_generated_row (self, self->materials_group,
                         name != NULL ? name : _("A material no longer in the guide"), subtitle,
                         material_status_badge (member_string (material, "status"), required));
    }
}

static void
add_attachments (JjApplicationDetail *self,
                 JsonArray           *attachments,
                 JsonArray           *materials)
{
  for (guint i = 0; attachments != NULL && i < json_array_get_length (attachments); i++)
    {
      JsonObject *attachment = object_element (attachments, i);
      const char *filename = member_string (attachment, "filename");
      const char *material = member_string (object_element (materials,
                                                            member_int (attachment, "material")),
                                            "name");
      gint64 size = member_int (attachment, "size");
      g_autofree char *size_text = size >= 0 ? g_format_size (size) : NULL;
      g_autofree char *subtitle = NULL;

      if (size_text == NULL)
        subtitle = g_strdup (_("The scan is not on this terminal"));
      else if (material != NULL)
        /* Translators: a scan's size and the material it shows, "1.2 MB · for 居民身份证" */
        subtitle = g_strdup_printf (_("%s · for %s"), size_text, material);
      else
        subtitle = g_steal_pointer (&size_text);

      add_generated_row (self, self->attachments_group,
                         filename != NULL ? filename : _("Unnamed scan"), subtitle, NULL);
    }
}

static const char *
agent_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "clerk") == 0)
    return _("A clerk on the resident’s behalf (帮代办)");
  if (g_strcmp0 (kind, "agent") == 0)
    return _("An agent, e.g. a relative");
  return _("The resident in person");
}

static void
show_outbox (JjApplicationDetail *self,
             JsonObject          *outbox)
{
  g_autofree char *attempts = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->outbox_group), outbox != NULL);
  if (outbox == NULL)
    return;

  attempts = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (member_int (outbox, "attempts"), 0));
  set_fact (self->outbox_state_value,
            jj_outbox_state_get_label (member_string (outbox, "state")));
  set_fact (self->attempts_value, attempts);
  set_fact (self->last_error_value, member_string (outbox, "last_error"));
  set_fact (self->outbox_uuid_value, member_string (outbox, "uuid"));
}

static const char *
outbox_state_colour (const char *state)
{
  if (g_strcmp0 (state, "delivered") == 0)
    return "success";
  if (g_strcmp0 (state, "parked") == 0)
    return "error";
  if (g_strcmp0 (state, "held") == 0 || g_strcmp0 (state, "returned") == 0)
    return "warning";
  if (g_strcmp0 (state, "superseded") == 0)
    return "dim-label";
  return NULL;
}

/* One row per revision, once there is more than one: when it was submitted, then the county's
 * case number once delivered, else the reason it stopped (the county's or the reviewer's). */
static void
add_history (JjApplicationDetail *self,
             GPtrArray           *revisions)
{
  for (guint i = 0; revisions != NULL && revisions->len > 1 && i < revisions->len; i++)
    {
      const JjOutboxEntry *entry = g_ptr_array_index (revisions, i);
      g_autofree char *title = NULL;
      g_autofree char *when = jj_application_detail_format_time (entry->created_at);
      g_autofree char *subtitle = NULL;
      const char *outcome = entry->last_error;

      if (g_strcmp0 (entry->state, "delivered") == 0 || outcome == NULL || outcome[0] == '\0')
        outcome = entry->case_number;
      /* Translators: a row of an application's history; %d is 1 for the first submission */
      title = g_strdup_printf (_("Revision %d"), entry->revision);
      if (outcome != NULL && outcome[0] != '\0')
        /* Translators: when a revision was submitted, then its case number or why it stopped */
        subtitle = g_strdup_printf (C_("history", "Submitted %s · %s"), when, outcome);
      else
        subtitle = g_strdup_printf (C_("history", "Submitted %s"), when);
      add_generated_row (self, self->history_group, title, subtitle,
                         badge_new (jj_outbox_state_get_label (entry->state),
                                    outbox_state_colour (entry->state)));
    }
}

/* Why the application was returned or rejected, set apart above the facts: it is what the
 * clerk has to correct or tell the resident. @sent_back: the township reviewer returned it
 * from the queue, not the county. */
static void
show_decision (JjApplicationDetail *self,
               JjApplicationState   state,
               const char          *reason,
               const char          *status_at,
               gboolean             sent_back)
{
  gboolean shown = reason != NULL && reason[0] != '\0' &&
                   (state == JJ_APPLICATION_RETURNED || state == JJ_APPLICATION_REJECTED);
  g_autofree char *when = NULL;
  g_autofree char *caption = NULL;

  gtk_widget_set_visible (self->status_box, shown);
  gtk_widget_set_visible (GTK_WIDGET (self->correct_button),
                          shown && state == JJ_APPLICATION_RETURNED &&
                          jj_session_can (self->session, JJ_PERMISSION_INTAKE));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.correct",
                                 gtk_widget_get_visible (GTK_WIDGET (self->correct_button)));
  if (!shown)
    return;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  sent_back ? _("The township reviewer’s decision")
                                            : _("The county’s decision"),
                                  -1);
  when = format_iso_time (status_at);
  if (when != NULL && sent_back)
    /* Translators: under the reason an application was sent back from the sync queue; %s is a
     * date and time */
    caption = g_strdup_printf (_("The township reviewer’s reason, given %s"), when);
  else if (when != NULL)
    /* Translators: under the county's reason in an application's detail; %s is a date and time */
    caption = g_strdup_printf (_("The county’s reason, given %s"), when);
  else
    caption = g_strdup (sent_back ? _("The township reviewer’s reason") : _("The county’s reason"));
  gtk_label_set_text (self->status_heading, jj_application_state_get_label (state));
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_heading), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_heading), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_heading),
                            state == JJ_APPLICATION_RETURNED ? "warning" : "error");
  gtk_label_set_text (self->status_reason_label, reason);
  gtk_label_set_text (self->status_caption, caption);
}

void
jj_application_detail_render (JjApplicationDetail *self,
                              JsonObject          *detail,
                              gboolean             revealed)
{
  JsonObject *applicant = member_object (detail, "applicant");
  JsonObject *agent = member_object (detail, "agent");
  JsonArray *matters = member_array (detail, "matters");
  JsonArray *materials = member_array (detail, "materials");
  const char *agent_kind = member_string (detail, "agent_kind");
  const char *receipt = member_string (detail, "receipt_number");
  const char *case_number = member_string (detail, "case_number");
  const char *name = member_string (applicant, "name");
  const char *id_number = member_string (detail, "applicant_id_number");
  const char *phone = member_string (applicant, "phone");
  const char *appointment = member_string (detail, "appointment");
  g_autofree char *submitted = format_iso_time (member_string (detail, "submitted_at"));
  g_autofree char *created = format_iso_time (member_string (detail, "created_at"));
  g_autofree char *shown_phone = NULL;
  g_autofree char *shown_appointment = NULL;
  JjApplicationState state = JJ_APPLICATION_DRAFT;

  jj_application_state_from_string (member_string (detail, "state"), &state);
  self->revealed = revealed;

  gtk_label_set_text (self->title_label, member_string (detail, "title"));
  gtk_label_set_text (self->state_badge, jj_application_state_get_label (state));
  jj_application_detail_style_state_badge (GTK_WIDGET (self->state_badge), state);
  /* The county's case number replaces the provisional one, which stays among the facts. */
  if (case_number != NULL)
    gtk_label_set_text (self->receipt_label, case_number);
  else
    gtk_label_set_text (self->receipt_label,
                        receipt != NULL ? receipt : _("No receipt number until submitted"));
  show_decision (self, state, member_string (detail, "status_reason"),
                 member_string (detail, "status_at"),
                 g_strcmp0 (member_string (member_object (detail, "outbox"), "state"),
                            "returned") == 0);

  if (phone != NULL && phone[0] != '\0')
    shown_phone = revealed ? g_strdup (phone) : mask_phone (phone);
  if (appointment != NULL)
    shown_appointment = g_strdelimit (g_strdup (appointment), "T", ' ');

  set_fact (self->case_value, case_number);
  set_fact (self->receipt_value, case_number != NULL ? receipt : NULL);
  set_fact (self->submitted_value, submitted);
  set_fact (self->created_value, created);
  set_fact (self->promised_value, member_string (detail, "promised_date"));
  set_fact (self->appointment_value, shown_appointment);
  set_fact (self->bundle_value, member_string (detail, "bundle"));

  set_fact (self->name_value, name != NULL ? name : member_string (detail, "applicant_name"));
  set_fact (self->id_number_value, id_number);
  set_fact (self->phone_value, shown_phone);
  set_fact (self->address_value, member_string (applicant, "address"));

  set_fact (self->agent_kind_value, agent_kind_label (agent_kind));
  set_fact (self->agent_name_value, member_string (agent, "name"));
  set_fact (self->agent_id_number_value, member_string (agent, "id_number"));
  set_fact (self->relationship_value, member_string (agent, "relationship"));

  show_outbox (self, member_object (detail, "outbox"));

  jj_application_detail_clear_generated_rows (self);
  add_matters (self, matters);
  add_form_values (self, member_object (detail, "values"), revealed);
  add_materials (self, materials, matters != NULL && json_array_get_length (matters) > 1);
  add_attachments (self, member_array (detail, "attachments"), materials);
  add_history (self, self->revisions);
  gtk_widget_set_visible (GTK_WIDGET (self->matters_group),
                          group_has_rows (self, self->matters_group));
  gtk_widget_set_visible (GTK_WIDGET (self->form_group), group_has_rows (self, self->form_group));
  gtk_widget_set_visible (GTK_WIDGET (self->materials_group),
                          group_has_rows (self, self->materials_group));
  gtk_widget_set_visible (GTK_WIDGET (self->attachments_group),
                          group_has_rows (self, self->attachments_group));
  gtk_widget_set_visible (GTK_WIDGET (self->history_group),
                          group_has_rows (self, self->history_group));

  gtk_button_set_label (self->reveal_button, revealed ? _("Hide ID Number") : _("Show ID Number"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.toggle-reveal",
                                 id_number != NULL && id_number[0] != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.print-receipt",
                                 state != JJ_APPLICATION_DRAFT);
  gtk_widget_set_visible (GTK_WIDGET (self->print_button), state != JJ_APPLICATION_DRAFT);
}

