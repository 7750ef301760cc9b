/* jj-applications.c — the terminal's applications, listed and looked up
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jj-application-list-private.h"
#include "jj-attachments.h"
#include "jj-form.h"
#include "jj-store-catalog-private.h"
#include "jj-store-private.h"
#include "jj-validate.h"

/* The shortest text searched for as the end of an ID number: fewer characters would match
 * most residents, and a clerk reads the last four off the card. */
#define ID_SUFFIX_MIN_CHARS 4

/* The ID number suffix to search for in @text: at least ID_SUFFIX_MIN_CHARS of 0-9 and X,
 * upper-cased; NULL when @text cannot be one. */
static char *
id_suffix_for (const char *text)
{
  size_t length = strlen (text);

  if (length < ID_SUFFIX_MIN_CHARS)
    return NULL;
  for (size_t i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]) && text[i] != 'x' && text[i] != 'X')
      return NULL;
  return g_ascii_strup (text, length);
}

/* @query's text, stripped: empty when it does not filter. */
static char *
query_text (const JjApplicationQuery *query)
{
  return g_strstrip (g_strdup (query->text != NULL ? query->text : ""));
}

static gboolean
has_matter (const JjApplicationQuery *query)
{
  return query->matter_code != NULL && query->matter_code[0] != '\0';
}

/* Made only of the filters that are set: one statement with "?N IS NULL OR …" for every filter
 * cannot use an index for any of them, and read all 100,000 rows whatever was asked. The values
 * are bound, never pasted in: ?1 the state, ?2 the matter code, ?3 and ?4 the creation times,
 * ?5 the text, ?6 the ID suffix. */
char *
jj_applications_query_sql (const JjApplicationQuery *query)
{
  g_autofree char *text = query_text (query);
  g_autofree char *id_suffix = id_suffix_for (text);
  GString *sql = g_string_new ("SELECT a.id FROM applications a");
  const char *glue = " WHERE ";

#define AND_WHERE(condition)                                                    \
  G_STMT_START                                                                  \
  {                                                                             \
    g_string_append (sql, glue);                                                \
    g_string_append (sql, condition);                                           \
    glue = " AND ";                                                             \
  }                                                                             \
  G_STMT_END

  if (query->state >= 0)
    AND_WHERE ("a.state = ?1");
  /* The submitted applications of the matter through its index, then the drafts, whose
   * matters are only in their document (few rows, found by the state index). */
  if (has_matter (query))
    AND_WHERE ("a.id IN (SELECT am.application_id FROM matters m"
               "          CROSS JOIN application_matters am ON am.matter_id = m.id"
               "         WHERE m.code = ?2"
               "         UNION ALL"
               "         SELECT d.id FROM applications d"
               "          WHERE d.state = 'draft' AND CASE WHEN json_valid (d.draft) THEN"
               "            EXISTS (SELECT 1 FROM json_each (d.draft, '$.matters')"
               "                     WHERE value = ?2) END)");
  if (query->since != 0)
    AND_WHERE ("a.created_at >= ?3");
  if (query->until != 0)
    AND_WHERE ("a.created_at < ?4");
  if (text[0] != '\0')
    {
      AND_WHERE ("(instr (a.applicant_name, ?5) > 0"
                 " OR instr (upper (a.receipt_number), upper (?5)) > 0"
                 " OR instr (upper (a.case_number), upper (?5)) > 0");
      if (id_suffix != NULL)
        g_string_append (sql, " OR upper (substr (a.applicant_id_number, -length (?6))) = ?6");
      g_string_append_c (sql, ')');
    }

#undef AND_WHERE

  g_string_append (sql, " ORDER BY coalesce (a.submitted_at, a.created_at) DESC, a.id DESC");
  return g_string_free (sql, FALSE);
}

/* Row ids answering @query, newest first. */
static GArray *
select_ids (JjStore                   *store,
            const JjApplicationQuery  *query,
            GError                   **error)
{
  g_autofree char *text = query_text (query);
  g_autofree char *id_suffix = id_suffix_for (text);
  g_autofree char *sql = jj_applications_query_sql (query);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  jj_store_lock (store);
  stmt = jj_store_prepare (store, sql, error);
  if (stmt == NULL)
    {
      jj_store_unlock (store);
      return NULL;
    }

  if (query->state >= 0)
    sqlite3_bind_text (stmt, 1, jj_application_state_to_string (query->state), -1, SQLITE_STATIC);
  if (has_matter (query))
    sqlite3_bind_text (stmt, 2, query->matter_code, -1, SQLITE_TRANSIENT);
  if (query->since != 0)
    sqlite3_bind_int64 (stmt, 3, query->since);
  if (query->until != 0)
    sqlite3_bind_int64 (stmt, 4, query->until);
  if (text[0] != '\0')
    sqlite3_bind_text (stmt, 5, text, -1, SQLITE_STATIC);
  if (id_suffix != NULL)
    sqlite3_bind_text (stmt, 6, id_suffix, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    jj_store_set_error (store, error, _("Could not list the applications"));
  /* Unbound before the lock goes: the text and suffix are freed when this returns. */
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  jj_store_unlock (store);

  return rc == SQLITE_DONE ? g_steal_pointer (&ids) : NULL;
}

GListModel *
jj_applications_query (JjStore                   *store,
                       const JjApplicationQuery  *query,
                       GError                   **error)
{
  GArray *ids;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (query->state >= -1 && query->state <= JJ_APPLICATION_REJECTED, NULL);

  ids = select_ids (store, query, error);
  if (ids == NULL)
    return NULL;
  return G_LIST_MODEL (jj_application_list_new (store, ids));
}

typedef struct
{
  int     state;
  char   *matter_code;
  gint64  since;
  gint64  until;
  char   *text;
} QueryData;

static void
query_data_free (QueryData *data)
{
  g_free (data->matter_code);
  g_free (data->text);
  g_free (data);
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueryData *data = task_data;
  JjApplicationQuery query = {
    data->state, data->matter_code, data->since, data->until, data->text
  };
  GError *error = NULL;
  GListModel *model;

  if (g_task_return_error_if_cancelled (task))
    return;

  model = jj_applications_query (source_object, &query, &error);
  if (model == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, model, g_object_unref);
}

void
jj_applications_query_async (JjStore                  *store,
                             const JjApplicationQuery *query,
                             GCancellable             *cancellable,
                             GAsyncReadyCallback       callback,
                             gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryData *data;

  g_return_if_fail (JJ_IS_STORE (store));
  g_return_if_fail (query != NULL);
  g_return_if_fail (query->state >= -1 && query->state <= JJ_APPLICATION_REJECTED);

  data = g_new0 (QueryData, 1);
  data->state = query->state;
  data->matter_code = g_strdup (query->matter_code);
  data->since = query->since;
  data->until = query->until;
  data->text = g_strdup (query->text);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, jj_applications_query_async);
  g_task_set_task_data (task, data, (GDestroyNotify) query_data_free);
  g_task_run_in_thread (task, query_thread);
}

GListModel *
jj_applications_query_finish (JjStore       *store,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

JjApplicationRecord *
jj_applications_lookup (JjStore  *store,
                        gint64    id,
                        GError  **error)
{
  g_return_val_if_fail (JJ_IS_STORE (store), NULL);
  return jj_application_record_load (store, id, error);
}

JjApplicationRecord *
jj_applications_lookup_number (JjStore     *store,
                               const char  *number,
                               GError     **error)
{
  /* Receipt numbers are unique; a county case number names the newest application it was
   * given to. Either may be typed in lower case. */
  static const char * const queries[] = {
    JJ_APPLICATION_RECORD_SELECT " WHERE a.receipt_number IN (?1, upper (?1))",
    JJ_APPLICATION_RECORD_SELECT " WHERE a.case_number IN (?1, upper (?1))"
                                 " ORDER BY a.id DESC LIMIT 1",
  };
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  JjApplicationRecord *record = NULL;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);
  g_return_val_if_fail (number != NULL, NULL);

  text = g_strstrip (g_strdup (number));

  jj_store_lock (store);
  for (guint i = 0; text[0] != '\0' && record == NULL && local_error == NULL &&
                    i < G_N_ELEMENTS (queries); i++)
    {
      sqlite3_stmt *stmt = jj_store_prepare (store, queries[i], &local_error);

      if (stmt != NULL)
        {
          sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
          record = jj_application_record_step (store, stmt, &local_error);
        }
    }
  jj_store_unlock (store);

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (record == NULL)
    g_set_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND,
                 _("No application has the receipt or case number “%s”: check the number "
                   "on the receipt."),
                 text);
  return record;
}

static void
set_string_or_null (JsonObject *object,
                    const char *member,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

static void
set_time_or_null (JsonObject *object,
                  const char *member,
                  gint64      seconds)
{
  g_autoptr(GDateTime) when = seconds != 0 ? g_date_time_new_from_unix_utc (seconds) : NULL;
  g_autofree char *text = when != NULL ? g_date_time_format_iso8601 (when) : NULL;

  set_string_or_null (object, member, text);
}

/* @text as stored: normalized when it is a valid ID number, else as typed. Masked unless
 * @reveal. */
static char *
shown_id_number (const char *text,
                 gboolean    reveal)
{
  g_autofree char *normalized = NULL;

  if (!jj_validate_id_number (text, NULL, &normalized, NULL, NULL, NULL))
    normalized = g_strdup (text);
  return reveal ? g_steal_pointer (&normalized) : jj_id_number_mask (normalized);
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* An integer member of @object (which may be NULL), or -1. */
static gint64
member_int (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;
  return json_node_get_int (node);
}

static JsonObject *
member_object (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
member_array (JsonObject *object,
              const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* A copy of @person with only @members, the ID number masked unless @reveal. */
static JsonObject *
person_detail (JsonObject         *person,
               const char * const *members,
               gboolean            reveal)
{
  JsonObject *detail = json_object_new ();

  for (guint i = 0; members[i] != NULL; i++)
    {
      const char *value = member_string (person, members[i]);
      g_autofree char *shown = NULL;

      if (value != NULL && g_str_equal (members[i], "id_number"))
        value = shown = shown_id_number (value, reveal);
      set_string_or_null (detail, members[i], value);
    }
  return detail;
}

/* The form values with every ID number masked unless @reveal: the fields the form types as
 * ID numbers, and any value that is not a field of the form but reads as one. */
static JsonObject *
values_detail (JsonObject *values,
               JjForm     *form,
               gboolean    reveal)
{
  JsonObject *detail = json_object_new ();
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;

  if (values == NULL)
    return detail;

  json_object_iter_init (&iter, values);
  while (json_object_iter_next (&iter, &id, &node))
    {
      const JjFormField *field = form != NULL ? jj_form_lookup_field (form, id) : NULL;
      gboolean is_string = JSON_NODE_HOLDS_VALUE (node) &&
                           json_node_get_value_type (node) == G_TYPE_STRING;
      gboolean is_id;

      if (field != NULL)
        is_id = field->type == JJ_FIELD_ID_NUMBER;
      else
        is_id = is_string && jj_validate_id_number (json_node_get_string (node), NULL, NULL, NULL,
                                                    NULL, NULL);

      if (!is_id || reveal)
        json_object_set_member (detail, id, json_node_copy (node));
      else if (is_string)
        {
          g_autofree char *masked = shown_id_number (json_node_get_string (node), FALSE);
          json_object_set_string_member (detail, id, masked);
        }
      else
        json_object_set_null_member (detail, id);
    }
  return detail;
}

/* The document of application @id, or an empty object when it cannot be read; also the row's
 * bundle and appointment. */
static JsonObject *
read_document (JjStore  *store,
               gint64    id,
               char    **bundle_code,
               char    **appointment,
               GError  **error)
{
  g_autoptr(JsonNode) root = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = jj_store_prepare (store,
                           "SELECT draft, bundle_code, appointment_at FROM applications"
                           " WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      root = json_from_string ((const char *) sqlite3_column_text (stmt, 0), NULL);
      *bundle_code = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      *appointment = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  else
    jj_store_set_error (store, error, _("Could not read the application"));
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    return NULL;
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return json_object_new ();
  return json_object_ref (json_node_get_object (root));
}

static void
add_matter_item (JsonArray  *detail,
                 const char *code,
                 const char *name)
{
  JsonObject *item = json_object_new ();

  json_object_set_string_member (item, "code", code);
  set_string_or_null (item, "name", name);
  json_array_add_object_element (detail, item);
}

/* The matters of application @id: its rows once submitted (withdrawn ones too), its
 * document's codes while a draft. Adds {code, name} of each to @detail, in order, with a null
 * name for a code the catalogue no longer has. */
static GPtrArray *
load_matters (JjStore              *store,
              gint64                id,
              gboolean              is_draft,
              JsonObject           *draft,
              JsonArray            *detail,
              GError              **error)
{
  g_autoptr(GPtrArray) matters = g_ptr_array_new_with_free_func (g_object_unref);

  if (!is_draft)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      sqlite3_stmt *stmt = jj_store_prepare (store,
                                             "SELECT matter_id FROM application_matters"
                                             " WHERE application_id = ?1 ORDER BY position",
                                             error);
      int rc;

      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 matter_id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (ids, matter_id);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          jj_store_set_error (store, error, _("Could not read the application"));
          return NULL;
        }

      for (guint i = 0; i < ids->len; i++)
        {
          JjMatter *matter = jj_store_catalog_load_matter (store, g_array_index (ids, gint64, i),
                                                           NULL, error);
          if (matter == NULL)
            return NULL;
          add_matter_item (detail, jj_matter_get_code (matter), jj_matter_get_name (matter));
          g_ptr_array_add (matters, matter);
        }
    }
  else
    {
      JsonArray *codes = member_array (draft, "matters");

      for (guint i = 0; codes != NULL && i < json_array_get_length (codes); i++)
        {
          JsonNode *node = json_array_get_element (codes, i);
          const char *code = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
          JjMatter *matter = NULL;

          if (code != NULL)
            matter = jj_store_catalog_load_matter (store, 0, code, NULL);

          if (code == NULL)
            continue;
          add_matter_item (detail, code, matter != NULL ? jj_matter_get_name (matter) : NULL);
          if (matter != NULL)
            g_ptr_array_add (matters, matter);
        }
    }

  return g_steal_pointer (&matters);
}

/* A checklist line of the detail; NULL strings become null members, a negative index too. */
typedef struct
{
  const char *matter;
  gint64      index;
  const char *name;
  const char *form;
  gint64      count;
  gboolean    required;
  const char *status;
} MaterialLine;

static JsonObject *
material_item (const MaterialLine *line)
{
  JsonObject *item = json_object_new ();

  set_string_or_null (item, "matter", line->matter);
  if (line->index >= 0)
    json_object_set_int_member (item, "index", line->index);
  else
    json_object_set_null_member (item, "index");
  set_string_or_null (item, "name", line->name);
  set_string_or_null (item, "form", line->form);
  json_object_set_int_member (item, "count", line->count);
  json_object_set_boolean_member (item, "required", line->required);
  set_string_or_null (item, "status", line->status);
  return item;
}

/* Element @i of @array when it is an object, else NULL. */
static JsonObject *
object_element (JsonArray *array,
                guint      i)
{
  JsonNode *node = array != NULL && i < json_array_get_length (array)
                     ? json_array_get_element (array, i)
                     : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The guide's material @index of matter @code among @matters, or NULL. */
static const JjMaterial *
guide_material (GPtrArray  *matters,
                const char *code,
                gint64      index)
{
  for (guint i = 0; code != NULL && i < matters->len; i++)
    {
      JjMatter *matter = g_ptr_array_index (matters, i);
      GPtrArray *materials = jj_matter_get_materials (matter);

      if (g_str_equal (jj_matter_get_code (matter), code) && index >= 0 && index < materials->len)
        return g_ptr_array_index (materials, index);
    }
  return NULL;
}

/* The checklist: as written at submission (the guide may have changed since), or the draft's
 * with the guide's names. */
static gboolean
add_materials (JjStore     *store,
               gint64       id,
               gboolean     is_draft,
               JsonObject  *draft,
               GPtrArray   *matters,
               JsonArray   *detail,
               GError     **error)
{
  JsonArray *items = member_array (draft, "materials");
  sqlite3_stmt *stmt;
  int rc;

  if (is_draft)
    {
      for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
        {
          JsonObject *item = object_element (items, i);
          MaterialLine line = {
            .matter = member_string (item, "matter"),
            .index = member_int (item, "index"),
            .status = member_string (item, "status"),
          };
          const JjMaterial *material = guide_material (matters, line.matter, line.index);

          if (material != NULL)
            {
              line.name = material->name;
              line.form = jj_material_form_to_string (material->form);
              line.count = material->count;
              line.required = material->required;
            }
          json_array_add_object_element (detail, material_item (&line));
        }
      return TRUE;
    }

  stmt = jj_store_prepare (store,
                           "SELECT position, matter_code, name, form, count, required, status"
                           "  FROM application_materials WHERE application_id = ?1"
                           " ORDER BY position",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      /* The rows are written in the document's order: its line has the guide's index. */
      MaterialLine line = {
        .matter = (const char *) sqlite3_column_text (stmt, 1),
        .index = member_int (object_element (items, sqlite3_column_int (stmt, 0)), "index"),
        .name = (const char *) sqlite3_column_text (stmt, 2),
        .form = (const char *) sqlite3_column_text (stmt, 3),
        .count = sqlite3_column_int64 (stmt, 4),
        .required = sqlite3_column_int (stmt, 5) != 0,
        .status = (const char *) sqlite3_column_text (stmt, 6),
      };

      json_array_add_object_element (detail, material_item (&line));
    }
  sqlite3_reset (stmt);

  return rc == SQLITE_DONE ||
         jj_store_set_error (store, error, _("Could not read the application"));
}

/* An attachment of the detail; @mime_type NULL when the scan is not recorded (then size is
 * null too), @material negative when the scan belongs to no material. */
static JsonObject *
attachment_item (const char *sha256,
                 const char *filename,
                 gint64      size,
                 const char *mime_type,
                 gint64      material)
{
  JsonObject *item = json_object_new ();

  set_string_or_null (item, "sha256", sha256);
  set_string_or_null (item, "filename", filename);
  if (mime_type != NULL)
    json_object_set_int_member (item, "size", size);
  else
    json_object_set_null_member (item, "size");
  set_string_or_null (item, "mime_type", mime_type);
  if (material >= 0)
    json_object_set_int_member (item, "material", material);
  else
    json_object_set_null_member (item, "material");
  return item;
}

/* The scans, with what is recorded of each. */
static gboolean
add_attachments (JjStore     *store,
                 gint64       id,
                 gboolean     is_draft,
                 JsonObject  *draft,
                 JsonArray   *detail,
                 GError     **error)
{
  JsonArray *items = member_array (draft, "attachments");
  sqlite3_stmt *stmt;
  int rc;

  if (is_draft)
    {
      for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
        {
          JsonObject *item = object_element (items, i);
          const char *sha256 = member_string (item, "sha256");
          g_autoptr(JjAttachmentInfo) info = NULL;

          if (sha256 != NULL)
            info = jj_attachments_lookup (store, sha256, NULL);
          json_array_add_object_element (
            detail, attachment_item (sha256, member_string (item, "filename"),
                                     info != NULL ? (gint64) info->size : 0,
                                     info != NULL ? info->mime_type : NULL,
                                     member_int (item, "material")));
        }
      return TRUE;
    }

  stmt = jj_store_prepare (store,
                           "SELECT aa.sha256, aa.filename, f.size, f.mime_type,"
                           "       coalesce (aa.material_position, -1)"
                           "  FROM application_attachments aa"
                           "  LEFT JOIN attachments f ON f.sha256 = aa.sha256"
                           " WHERE aa.application_id = ?1 ORDER BY aa.position",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    json_array_add_object_element (detail,
                                   attachment_item ((const char *) sqlite3_column_text (stmt, 0),
                                                    (const char *) sqlite3_column_text (stmt, 1),
                                                    sqlite3_column_int64 (stmt, 2),
                                                    (const char *) sqlite3_column_text (stmt, 3),
                                                    sqlite3_column_int64 (stmt, 4)));
  sqlite3_reset (stmt);

  return rc == SQLITE_DONE ||
         jj_store_set_error (store, error, _("Could not read the application"));
}

/* The application's latest outbox entry into @outbox: an object, or null for a draft. */
static gboolean
read_outbox (JjStore    *store,
             gint64      id,
             JsonNode  **outbox,
             GError    **error)
{
  sqlite3_stmt *stmt = jj_store_prepare (store,
                                         "SELECT uuid, state, attempts, last_error, revision"
                                         " FROM outbox"
                                         " WHERE application_id = ?1 ORDER BY id DESC LIMIT 1",
                                         error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "uuid", (const char *) sqlite3_column_text (stmt, 0));
      json_object_set_string_member (entry, "state", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_int_member (entry, "attempts", sqlite3_column_int64 (stmt, 2));
      set_string_or_null (entry, "last_error", (const char *) sqlite3_column_text (stmt, 3));
      json_object_set_int_member (entry, "revision", sqlite3_column_int64 (stmt, 4));
      *outbox = json_node_init_object (json_node_alloc (), entry);
      json_object_unref (entry);
    }
  else if (rc == SQLITE_DONE)
    *outbox = json_node_new (JSON_NODE_NULL);
  sqlite3_reset (stmt);

  return rc == SQLITE_ROW || rc == SQLITE_DONE ||
         jj_store_set_error (store, error, _("Could not read the application"));
}

static JsonObject *
build_detail (JjStore              *store,
              JjApplicationRecord  *record,
              gboolean              reveal_id,
              GError              **error)
{
  static const char * const applicant_members[] = { "name", "id_number", "phone", "address", NULL };
  static const char * const agent_members[] = { "kind", "name", "id_number", "relationship", NULL };
  g_autoptr(JsonObject) detail = json_object_new ();
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(JsonArray) matter_items = json_array_new ();
  g_autoptr(JsonArray) material_items = json_array_new ();
  g_autoptr(JsonArray) attachment_items = json_array_new ();
  g_autoptr(GPtrArray) matters = NULL;
  g_autoptr(JjForm) form = NULL;
  g_autoptr(JsonNode) outbox = NULL;
  g_autofree char *bundle_code = NULL;
  g_autofree char *appointment = NULL;
  g_autofree char *id_number = NULL;
  gint64 id = jj_application_record_get_id (record);
  gboolean is_draft = jj_application_record_get_state (record) == JJ_APPLICATION_DRAFT;
  JsonObject *agent;

  if ((draft = read_document (store, id, &bundle_code, &appointment, error)) == NULL ||
      (matters = load_matters (store, id, is_draft, draft, matter_items, error)) == NULL ||
      !add_materials (store, id, is_draft, draft, matters, material_items, error) ||
      !add_attachments (store, id, is_draft, draft, attachment_items, error) ||
      !read_outbox (store, id, &outbox, error))
    return NULL;

  /* Without a form (a matter gone from the catalogue) values are still masked by their look. */
  if (matters->len > 0)
    form = jj_form_new_merged (matters, NULL);

  id_number = shown_id_number (jj_application_record_get_applicant_id_number (record), reveal_id);
  json_object_set_int_member (detail, "id", id);
  json_object_set_string_member (detail, "state",
                                 jj_application_state_to_string (
                                   jj_application_record_get_state (record)));
  json_object_set_string_member (detail, "title", jj_application_record_get_title (record));
  set_string_or_null (detail, "bundle", bundle_code);
  set_string_or_null (detail, "receipt_number", jj_application_record_get_receipt_number (record));
  set_string_or_null (detail, "case_number", jj_application_record_get_case_number (record));
  set_string_or_null (detail, "status_reason", jj_application_record_get_status_reason (record));
  set_time_or_null (detail, "status_at", jj_application_record_get_status_at (record));
  set_string_or_null (detail, "promised_date", jj_application_record_get_promised_date (record));
  json_object_set_string_member (detail, "applicant_name",
                                 jj_application_record_get_applicant_name (record));
  json_object_set_string_member (detail, "applicant_id_number", id_number);
  json_object_set_string_member (detail, "agent_kind",
                                 jj_application_record_get_agent_kind (record));
  set_time_or_null (detail, "created_at", jj_application_record_get_created_at (record));
  set_time_or_null (detail, "submitted_at", jj_application_record_get_submitted_at (record));

  agent = member_object (draft, "agent");
  json_object_set_object_member (detail, "applicant",
                                 person_detail (member_object (draft, "applicant"),
                                                applicant_members, reveal_id));
  if (agent != NULL)
    json_object_set_object_member (detail, "agent",
                                   person_detail (agent, agent_members, reveal_id));
  else
    json_object_set_null_member (detail, "agent");
  set_string_or_null (detail, "appointment",
                      appointment != NULL ? appointment : member_string (draft, "appointment"));
  json_object_set_object_member (detail, "values",
                                 values_detail (member_object (draft, "values"), form, reveal_id));
  json_object_set_array_member (detail, "matters", g_steal_pointer (&matter_items));
  json_object_set_array_member (detail, "materials", g_steal_pointer (&material_items));
  json_object_set_array_member (detail, "attachments", g_steal_pointer (&attachment_items));
  json_object_set_member (detail, "outbox", g_steal_pointer (&outbox));

  return g_steal_pointer (&detail);
}

JsonObject *
jj_applications_dup_detail (JjStore   *store,
                            gint64     id,
                            gboolean   reveal_id,
                            GError   **error)
{
  g_autoptr(JjApplicationRecord) record = NULL;
  JsonObject *detail = NULL;
  sqlite3 *db;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);

  db = jj_store_get_db (store);
  jj_store_lock (store);
  /* One read transaction, so that a submit by another process is seen whole or not at all. */
  if (sqlite3_exec (db, "SAVEPOINT jj_detail", NULL, NULL, NULL) != SQLITE_OK)
    jj_store_set_error (store, error, _("Could not read the application"));
  else
    {
      record = jj_application_record_load (store, id, error);
      if (record != NULL)
        detail = build_detail (store, record, reveal_id, error);
      sqlite3_exec (db, "RELEASE jj_detail", NULL, NULL, NULL);
    }
  jj_store_unlock (store);

  return detail;
}
