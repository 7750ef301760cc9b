/* jj-intake-check.c — what keeps a draft from being submitted
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "jj-intake-private.h"
#include "jj-validate.h"

#define MAX_NAME_CHARS 50
#define MAX_TEXT_CHARS 200

static void
add_problem (GHashTable *problems,
             const char *path,
             const char *message)
{
  if (!g_hash_table_contains (problems, path))
    g_hash_table_insert (problems, g_strdup (path), g_strdup (message));
}

static void
check_name (GHashTable *problems,
            const char *path,
            const char *name,
            gboolean    required)
{
  if (jj_intake_is_blank (name))
    {
      if (required)
        add_problem (problems, path, _("Enter the name as written on the ID card."));
    }
  else if (g_utf8_strlen (name, -1) > MAX_NAME_CHARS)
    add_problem (problems, path, _("The name is too long: check what was typed."));
}

static void
check_id_number (GHashTable *problems,
                 const char *path,
                 const char *text,
                 GDate      *today,
                 gboolean    required)
{
  g_autoptr(GError) error = NULL;

  if (jj_intake_is_blank (text))
    {
      if (required)
        add_problem (problems, path, _("Enter the 18-character resident ID number."));
    }
  else if (!jj_validate_id_number (text, today, NULL, NULL, NULL, &error))
    add_problem (problems, path, error->message);
}

static void
check_applicant (GHashTable *problems,
                 JsonObject *applicant,
                 GDate      *today)
{
  g_autoptr(GError) error = NULL;
  const char *phone = jj_intake_member_string (applicant, "phone");
  const char *address = jj_intake_member_string (applicant, "address");

  check_name (problems, "applicant.name", jj_intake_member_string (applicant, "name"), TRUE);
  check_id_number (problems, "applicant.id_number", jj_intake_member_string (applicant, "id_number"), today,
                   TRUE);

  if (jj_intake_is_blank (phone))
    add_problem (problems, "applicant.phone", _("Enter a mobile number the office can call."));
  else if (!jj_validate_mobile (phone, NULL, &error))
    add_problem (problems, "applicant.phone", error->message);

  if (jj_intake_is_blank (address))
    add_problem (problems, "applicant.address", _("Enter where the resident lives."));
  else if (g_utf8_strlen (address, -1) > MAX_TEXT_CHARS)
    add_problem (problems, "applicant.address", _("The address is too long: shorten it."));
}

static void
check_agent (GHashTable *problems,
             JsonObject *agent,
             GDate      *today)
{
  const char *kind = jj_intake_member_string (agent, "kind");

  if (kind[0] == '\0' || g_str_equal (kind, "none"))
    return;

  if (!g_str_equal (kind, "clerk") && !g_str_equal (kind, "agent"))
    {
      add_problem (problems, "agent.kind", _("Choose who handles the application for the resident."));
      return;
    }

  /* 帮代办: the clerk or a relative acts for the resident; an agent must be identifiable. */
  check_name (problems, "agent.name", jj_intake_member_string (agent, "name"), TRUE);
  check_id_number (problems, "agent.id_number", jj_intake_member_string (agent, "id_number"), today,
                   g_str_equal (kind, "agent"));
  if (g_str_equal (kind, "agent") && jj_intake_is_blank (jj_intake_member_string (agent, "relationship")))
    add_problem (problems, "agent.relationship",
                 _("Enter how the agent is related to the resident, e.g. son or neighbour."));
}

static void
check_appointment (GHashTable *problems,
                   JsonObject *draft,
                   GDate      *today)
{
  const char *text = jj_intake_member_string (draft, "appointment");
  int year, month, day, hour, minute;
  char tail;
  g_autoptr(GDate) date = NULL;

  if (text[0] == '\0')
    return;

  if (sscanf (text, "%4d-%2d-%2dT%2d:%2d%c", &year, &month, &day, &hour, &minute, &tail) != 5 ||
      !g_date_valid_dmy (day, month, year) || hour < 0 || hour > 23 || minute < 0 || minute > 59)
    {
      add_problem (problems, "appointment", _("Choose a real date and time for the appointment."));
      return;
    }

  date = g_date_new_dmy (day, month, year);
  if (g_date_compare (date, today) < 0)
    add_problem (problems, "appointment", _("The appointment is in the past: choose a later day."));
}

/* The guide's material at position @position of the draft's checklist, or NULL. */
const JjMaterial *
jj_intake_checklist_material (GPtrArray  *matters,
                    JsonObject *item)
{
  const char *code = jj_intake_member_string (item, "matter");
  gint64 index = json_object_get_int_member_with_default (item, "index", -1);

  for (guint i = 0; i < matters->len; i++)
    {
      JjMatter *matter = g_ptr_array_index (matters, i);
      GPtrArray *materials = jj_matter_get_materials (matter);

      if (g_str_equal (jj_matter_get_code (matter), code) && index >= 0 && index < materials->len)
        return g_ptr_array_index (materials, index);
    }
  return NULL;
}

/* Whether the checklist @items has an entry for material @index of matter @code. */
gboolean
jj_intake_checklist_lists (JsonArray  *items,
                           const char *code,
                           guint       index)
{
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (item != NULL && g_str_equal (jj_intake_member_string (item, "matter"), code) &&
          json_object_get_int_member_with_default (item, "index", -1) == index)
        return TRUE;
    }
  return FALSE;
}

static void
check_materials (GHashTable *problems,
                 JsonObject *draft,
                 GPtrArray  *matters)
{
  JsonArray *items = jj_intake_member_array (draft, "materials");

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const JjMaterial *material = item != NULL ? jj_intake_checklist_material (matters, item) : NULL;
      const char *status = jj_intake_member_string (item, "status");
      g_autofree char *path = g_strdup_printf ("materials.%u", i);

      if (material == NULL)
        add_problem (problems, path, _("This material is not in the guide any more: start again."));
      else if (!g_str_equal (status, "received") && !g_str_equal (status, "pending") &&
               !g_str_equal (status, "missing"))
        add_problem (problems, path, _("Tick the material as received or not."));
      else if (material->required && g_str_equal (status, "missing"))
        add_problem (problems, path,
                     _("Required: tick it as received, or accept it to follow later (容缺受理)."));
    }

  /* A required material absent from the checklist altogether must not slip through. */
  for (guint i = 0; i < matters->len; i++)
    {
      JjMatter *matter = g_ptr_array_index (matters, i);
      GPtrArray *guide = jj_matter_get_materials (matter);

      for (guint j = 0; j < guide->len; j++)
        if (((JjMaterial *) g_ptr_array_index (guide, j))->required &&
            !jj_intake_checklist_lists (items, jj_matter_get_code (matter), j))
          add_problem (problems, "materials",
                       _("A required material is not on the checklist: start again from the guide."));
    }
}

static gboolean
attachment_stored (JjIntake   *self,
                   const char *sha256)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  jj_store_lock (self->store);
  stmt = jj_store_prepare (self->store, "SELECT 1 FROM attachments WHERE sha256 = ?1", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
      found = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
    }
  jj_store_unlock (self->store);

  return found;
}

static void
check_attachments (JjIntake   *self,
                   GHashTable *problems,
                   JsonObject *draft)
{
  JsonArray *items = jj_intake_member_array (draft, "attachments");

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      g_autofree char *path = g_strdup_printf ("attachments.%u", i);

      if (item == NULL || !attachment_stored (self, jj_intake_member_string (item, "sha256")))
        add_problem (problems, path, _("This scan is missing from the terminal: attach it again."));
    }
}

GHashTable *
jj_intake_validate (JjIntake    *self,
                    JsonObject  *draft,
                    GDate       *today,
                    GError     **error)
{
  g_autoptr(GHashTable) problems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) field_problems = NULL;
  g_autoptr(GPtrArray) matters = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JjForm) form = NULL;
  g_autoptr(GDate) local_today = NULL;
  JsonObject *values = jj_intake_member_object (draft, "values");
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (JJ_IS_INTAKE (self), NULL);
  g_return_val_if_fail (draft != NULL, NULL);

  if (today == NULL)
    {
      local_today = g_date_new ();
      g_date_set_time_t (local_today, time (NULL));
      today = local_today;
    }

  matters = jj_intake_draft_matters (self, draft, &local_error);
  if (matters == NULL)
    {
      if (local_error->domain == JJ_STORE_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      add_problem (problems, "matters", local_error->message);
      return g_steal_pointer (&problems);
    }

  form = jj_form_new_merged (matters, error);
  if (form == NULL)
    return NULL;

  if (values == NULL)
    values = json_object_new ();
  else
    json_object_ref (values);
  field_problems = jj_form_validate (form, values, today);
  json_object_unref (values);

  g_hash_table_iter_init (&iter, field_problems);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *path = g_strconcat ("values.", (const char *) key, NULL);
      add_problem (problems, path, value);
    }

  check_applicant (problems, jj_intake_member_object (draft, "applicant"), today);
  check_agent (problems, jj_intake_member_object (draft, "agent"), today);
  check_appointment (problems, draft, today);
  check_materials (problems, draft, matters);
  check_attachments (self, problems, draft);

  return g_steal_pointer (&problems);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char *
jj_intake_describe_problems (GHashTable *problems)
{
  g_autofree const char **keys = (const char **) g_hash_table_get_keys_as_array (problems, NULL);
  guint n = g_hash_table_size (problems);

  g_qsort_with_data (keys, n, sizeof (char *), compare_strings, NULL);
  if (n == 1)
    return g_strdup_printf (_("%s: %s"), keys[0], (const char *) g_hash_table_lookup (problems, keys[0]));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %s (and %u more problem)",
                                       "%s: %s (and %u more problems)", n - 1),
                          keys[0], (const char *) g_hash_table_lookup (problems, keys[0]), n - 1);
}
