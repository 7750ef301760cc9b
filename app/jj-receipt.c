/* jj-receipt.c — the acceptance receipt (受理回执): what it says, read from the store
 *
 * A receipt is read once, under the store's lock, into plain strings and lists: the numbers,
 * the matters, the applicant (ID number and phone masked), the materials received and those
 * to follow, where to go and whom to call, and the QR code of the tracking reference. It is
 * drawn, on paper or in a PDF, in jj-receipt-draw.c.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "jj-intake.h"
#include "jj-receipt-private.h"
#include "jj-store-private.h"
#include "jj-validate.h"

/* Where residents (and county staff) look an application up by its receipt number. */
#define TRACKING_URL_PREFIX "https://county.example/track/"

static void
receipt_matter_free (gpointer data)
{
  ReceiptMatter *matter = data;

  g_free (matter->code);
  g_free (matter->name);
  g_free (matter);
}

static void
receipt_material_free (gpointer data)
{
  ReceiptMaterial *material = data;

  g_free (material->name);
  g_free (material);
}

void
jj_receipt_free (JjReceipt *self)
{
  if (self == NULL)
    return;

  g_free (self->number);
  g_free (self->case_number);
  g_free (self->tracking_url);
  g_free (self->bundle_name);
  g_clear_pointer (&self->matters, g_ptr_array_unref);
  g_free (self->applicant_name);
  g_free (self->masked_id_number);
  g_free (self->masked_phone);
  g_free (self->agent_kind);
  g_free (self->agent_name);
  g_free (self->agent_relationship);
  g_free (self->appointment_at);
  g_clear_pointer (&self->submitted_at, g_date_time_unref);
  g_free (self->promised_date);
  g_clear_pointer (&self->received, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->locations, g_ptr_array_unref);
  g_clear_pointer (&self->phones, g_ptr_array_unref);
  g_clear_pointer (&self->qr, QRcode_free);
  g_free (self);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* A member of a draft sub-object as a stripped copy, or NULL when absent or blank. */
static char *
draft_member_dup (JsonObject *object,
                  const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  g_autofree char *stripped = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_string (node) == NULL)
    return NULL;
  stripped = g_strstrip (g_strdup (json_node_get_string (node)));

  return stripped[0] != '\0' ? g_steal_pointer (&stripped) : NULL;
}

static JsonObject *
draft_object (JsonObject *draft,
              const char *member)
{
  JsonNode *node = draft != NULL ? json_object_get_member (draft, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The first 3 and last 4 digits of a mobile number kept (138****8000); shorter numbers keep
 * only their last 2 characters. */
static char *
mask_phone (const char *phone)
{
  glong length = g_utf8_strlen (phone, -1);
  glong head = length >= 8 ? 3 : 0;
  glong tail = length >= 8 ? 4 : MIN (length, 2);
  GString *masked = g_string_new (NULL);
  g_autofree char *start = g_utf8_substring (phone, 0, head);
  g_autofree char *end = g_utf8_substring (phone, length - tail, length);

  g_string_append (masked, start);
  for (glong i = head; i < length - tail; i++)
    g_string_append_c (masked, '*');
  g_string_append (masked, end);
  return g_string_free (masked, FALSE);
}

static gboolean
load_application (JjReceipt  *self,
                  JjStore    *store,
                  gint64      id,
                  GError    **error)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *state = NULL;
  g_autofree char *id_number = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *draft_text = NULL;
  g_autoptr(JsonNode) draft_node = NULL;
  JsonObject *draft = NULL;
  JsonObject *agent;
  sqlite3_stmt *stmt;
  int rc;

  stmt = jj_store_prepare (store,
                           "SELECT a.state, a.receipt_number, a.applicant_name,"
                           "  a.applicant_id_number, a.agent_kind, a.appointment_at,"
                           "  a.promised_date, a.submitted_at, a.draft, b.name, p.phone,"
                           "  a.case_number"
                           " FROM applications a"
                           " LEFT JOIN bundles b ON b.code = a.bundle_code"
                           " LEFT JOIN applicants p ON p.id = a.applicant_id"
                           " WHERE a.id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      state = column_dup (stmt, 0);
      self->number = column_dup (stmt, 1);
      self->applicant_name = column_dup (stmt, 2);
      id_number = column_dup (stmt, 3);
      self->agent_kind = column_dup (stmt, 4);
      self->appointment_at = column_dup (stmt, 5);
      self->promised_date = column_dup (stmt, 6);
      self->submitted_at = g_date_time_new_from_unix_local (sqlite3_column_int64 (stmt, 7));
      draft_text = column_dup (stmt, 8);
      self->bundle_name = column_dup (stmt, 9);
      phone = column_dup (stmt, 10);
      self->case_number = column_dup (stmt, 11);
    }
  else if (rc != SQLITE_DONE)
    jj_store_set_error (store, error, _("Could not read the application"));
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND,
                   _("There is no application %s on this terminal."), id_text);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return FALSE;

  if (g_str_equal (state, "draft") || self->number == NULL || self->promised_date == NULL)
    {
      g_set_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_STATE,
                   _("Application %s is still a draft: submit it first, then print its receipt."),
                   id_text);
      return FALSE;
    }

  /* The draft document as submitted holds who handled it and the phone given then. */
  draft_node = json_from_string (draft_text, NULL);
  if (draft_node != NULL && JSON_NODE_HOLDS_OBJECT (draft_node))
    draft = json_node_get_object (draft_node);
  agent = draft_object (draft, "agent");
  self->agent_name = draft_member_dup (agent, "name");
  self->agent_relationship = draft_member_dup (agent, "relationship");
  if (phone == NULL || phone[0] == '\0')
    {
      g_free (phone);
      phone = draft_member_dup (draft_object (draft, "applicant"), "phone");
    }

  self->masked_id_number = jj_id_number_mask (id_number);
  self->masked_phone = phone != NULL && phone[0] != '\0' ? mask_phone (phone) : NULL;
  return TRUE;
}

static void
add_distinct (GPtrArray  *strings,
              const char *text)
{
  if (text != NULL && text[0] != '\0' &&
      !g_ptr_array_find_with_equal_func (strings, text, g_str_equal, NULL))
    g_ptr_array_add (strings, g_strdup (text));
}

static gboolean
load_matters (JjReceipt  *self,
              JjStore    *store,
              gint64      id,
              GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = jj_store_prepare (store,
                           "SELECT m.code, m.name, m.location, m.phone"
                           " FROM application_matters am JOIN matters m ON m.id = am.matter_id"
                           " WHERE am.application_id = ?1 ORDER BY am.position",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ReceiptMatter *matter = g_new0 (ReceiptMatter, 1);

      matter->code = column_dup (stmt, 0);
      matter->name = column_dup (stmt, 1);
      g_ptr_array_add (self->matters, matter);
      add_distinct (self->locations, (const char *) sqlite3_column_text (stmt, 2));
      add_distinct (self->phones, (const char *) sqlite3_column_text (stmt, 3));
    }
  if (rc != SQLITE_DONE)
    jj_store_set_error (store, error, _("Could not read the application’s matters"));
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

/* A bundle lists the same paper (the ID card, say) under several matters; the resident handed
 * it over once, so it is listed once, with the largest count asked. */
static void
add_material (GPtrArray      *materials,
              const char     *name,
              JjMaterialForm  form,
              guint           count)
{
  ReceiptMaterial *material;

  for (guint i = 0; i < materials->len; i++)
    {
      material = g_ptr_array_index (materials, i);
      if (material->form == form && g_str_equal (material->name, name))
        {
          material->count = MAX (material->count, count);
          return;
        }
    }

  material = g_new0 (ReceiptMaterial, 1);
  material->name = g_strdup (name);
  material->form = form;
  material->count = count;
  g_ptr_array_add (materials, material);
}

static gboolean
load_materials (JjReceipt  *self,
                JjStore    *store,
                gint64      id,
                GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = jj_store_prepare (store,
                           "SELECT name, form, count, status FROM application_materials"
                           " WHERE application_id = ?1 AND status IN ('received', 'pending')"
                           " ORDER BY position",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *status = (const char *) sqlite3_column_text (stmt, 3);
      JjMaterialForm form = JJ_MATERIAL_ORIGINAL;

      jj_material_form_from_string ((const char *) sqlite3_column_text (stmt, 1), &form);
      add_material (g_str_equal (status, "pending") ? self->pending : self->received,
                    (const char *) sqlite3_column_text (stmt, 0), form,
                    (guint) sqlite3_column_int (stmt, 2));
    }
  if (rc != SQLITE_DONE)
    jj_store_set_error (store, error, _("Could not read the application’s materials"));
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

JjReceipt *
jj_receipt_new_for_application (JjStore  *store,
                                gint64    id,
                                GError  **error)
{
  g_autoptr(JjReceipt) self = NULL;
  g_autofree char *escaped = NULL;
  gboolean loaded;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (JjReceipt, 1);
  self->matters = g_ptr_array_new_with_free_func (receipt_matter_free);
  self->received = g_ptr_array_new_with_free_func (receipt_material_free);
  self->pending = g_ptr_array_new_with_free_func (receipt_material_free);
  self->locations = g_ptr_array_new_with_free_func (g_free);
  self->phones = g_ptr_array_new_with_free_func (g_free);

  jj_store_lock (store);
  loaded = load_application (self, store, id, error) &&
           load_matters (self, store, id, error) &&
           load_materials (self, store, id, error);
  jj_store_unlock (store);
  if (!loaded)
    return NULL;

  escaped = g_uri_escape_string (self->number, NULL, FALSE);
  self->tracking_url = g_strconcat (TRACKING_URL_PREFIX, escaped, NULL);
  self->qr = QRcode_encodeString8bit (self->tracking_url, 0, QR_ECLEVEL_M);
  if (self->qr == NULL)
    g_warning ("Could not encode a QR code for “%s”: %s", self->tracking_url, g_strerror (errno));

  return g_steal_pointer (&self);
}

const char *
jj_receipt_get_number (JjReceipt *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->number;
}

const char *
jj_receipt_get_case_number (JjReceipt *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->case_number;
}

const char *
jj_receipt_get_shown_number (JjReceipt *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->case_number != NULL ? self->case_number : self->number;
}

const char *
jj_receipt_get_tracking_url (JjReceipt *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->tracking_url;
}
