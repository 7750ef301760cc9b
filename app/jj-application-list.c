/* jj-application-list.c — application records, and a list model of them loaded as they are
 * shown
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "jj-application-list-private.h"
#include "jj-validate.h"

struct _JjApplicationRecord
{
  GObject             parent_instance;

  gint64              id;
  JjApplicationState  state;
  char               *title;
  char               *applicant_name;
  char               *applicant_id_number;
  char               *masked_id_number;
  char               *receipt_number;
  char               *case_number;
  char               *promised_date;
  char               *agent_kind;
  gint64              created_at;
  gint64              submitted_at;
  char               *outbox_state;
  char               *last_error;
  char               *status_reason;
  gint64              status_at;
  int                 revision;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_STATE,
  PROP_STATE_LABEL,
  PROP_TITLE,
  PROP_APPLICANT_NAME,
  PROP_MASKED_ID_NUMBER,
  PROP_RECEIPT_NUMBER,
  PROP_CASE_NUMBER,
  PROP_NUMBER,
  PROP_STATUS_REASON,
  PROP_PROMISED_DATE,
  PROP_SUBMITTED_AT,
  PROP_OUTBOX_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (JjApplicationRecord, jj_application_record, G_TYPE_OBJECT)

static void
jj_application_record_finalize (GObject *object)
{
  JjApplicationRecord *self = JJ_APPLICATION_RECORD (object);

  g_free (self->title);
  g_free (self->applicant_name);
  g_free (self->applicant_id_number);
  g_free (self->masked_id_number);
  g_free (self->receipt_number);
  g_free (self->case_number);
  g_free (self->promised_date);
  g_free (self->agent_kind);
  g_free (self->outbox_state);
  g_free (self->last_error);
  g_free (self->status_reason);

  G_OBJECT_CLASS (jj_application_record_parent_class)->finalize (object);
}

static void
jj_application_record_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  JjApplicationRecord *self = JJ_APPLICATION_RECORD (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_STATE:
      g_value_set_static_string (value, jj_application_state_to_string (self->state));
      break;
    case PROP_STATE_LABEL:
      g_value_set_static_string (value, jj_application_state_get_label (self->state));
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_APPLICANT_NAME:
      g_value_set_string (value, self->applicant_name);
      break;
    case PROP_MASKED_ID_NUMBER:
      g_value_set_string (value, self->masked_id_number);
      break;
    case PROP_RECEIPT_NUMBER:
      g_value_set_string (value, self->receipt_number);
      break;
    case PROP_CASE_NUMBER:
      g_value_set_string (value, self->case_number);
      break;
    case PROP_NUMBER:
      g_value_set_string (value, jj_application_record_get_number (self));
      break;
    case PROP_STATUS_REASON:
      g_value_set_string (value, self->status_reason);
      break;
    case PROP_PROMISED_DATE:
      g_value_set_string (value, self->promised_date);
      break;
    case PROP_SUBMITTED_AT:
      g_value_set_int64 (value, self->submitted_at);
      break;
    case PROP_OUTBOX_STATE:
      g_value_set_string (value, self->outbox_state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jj_application_record_class_init (JjApplicationRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = jj_application_record_finalize;
  object_class->get_property = jj_application_record_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* The state's nick ("draft", "queued", …), for sorting and filtering. */
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, flags);
  properties[PROP_STATE_LABEL] = g_param_spec_string ("state-label", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_APPLICANT_NAME] = g_param_spec_string ("applicant-name", NULL, NULL, NULL, flags);
  properties[PROP_MASKED_ID_NUMBER] =
    g_param_spec_string ("masked-id-number", NULL, NULL, NULL, flags);
  properties[PROP_RECEIPT_NUMBER] = g_param_spec_string ("receipt-number", NULL, NULL, NULL, flags);
  properties[PROP_CASE_NUMBER] = g_param_spec_string ("case-number", NULL, NULL, NULL, flags);
  /* The number to show: the county's case number once it has one, else the receipt number. */
  properties[PROP_NUMBER] = g_param_spec_string ("number", NULL, NULL, NULL, flags);
  properties[PROP_STATUS_REASON] = g_param_spec_string ("status-reason", NULL, NULL, NULL, flags);
  properties[PROP_PROMISED_DATE] = g_param_spec_string ("promised-date", NULL, NULL, NULL, flags);
  /* Unix seconds; 0 for a draft. */
  properties[PROP_SUBMITTED_AT] = g_param_spec_int64 ("submitted-at", NULL, NULL, 0, G_MAXINT64, 0,
                                                      flags);
  properties[PROP_OUTBOX_STATE] = g_param_spec_string ("outbox-state", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
jj_application_record_init (JjApplicationRecord *self)
{
}

gint64
jj_application_record_get_id (JjApplicationRecord *self)
{
  g_return_val_if_fail (JJ_IS_APPLICATION_RECORD (self), 0);
  return self->id;
}

JjApplicationState
jj_application_record_get_state (JjApplicationRecord *self)
{
  g_return_val_if_fail (JJ_IS_APPLICATION_RECORD (self), JJ_APPLICATION_DRAFT);
  return self->state;
}

#define STRING_GETTER(member)                                                   \
  const char *                                                                  \
  jj_application_record_get_##member (JjApplicationRecord *self)                \
  {                                                                             \
    g_return_val_if_fail (JJ_IS_APPLICATION_RECORD (self), NULL);               \
    return self->member;                                                        \
  }

STRING_GETTER (title)
STRING_GETTER (applicant_name)
STRING_GETTER (applicant_id_number)
STRING_GETTER (masked_id_number)
STRING_GETTER (receipt_number)
STRING_GETTER (case_number)
STRING_GETTER (promised_date)
STRING_GETTER (agent_kind)
STRING_GETTER (outbox_state)
STRING_GETTER (last_error)
STRING_GETTER (status_reason)

#undef STRING_GETTER

gint64
jj_application_record_get_created_at (JjApplicationRecord *self)
{
  g_return_val_if_fail (JJ_IS_APPLICATION_RECORD (self), 0);
  return self->created_at;
}

gint64
jj_application_record_get_submitted_at (JjApplicationRecord *self)
{
  g_return_val_if_fail (JJ_IS_APPLICATION_RECORD (self), 0);
  return self->submitted_at;
}

gint64
jj_application_record_get_status_at (JjApplicationRecord *self)
{
  g_return_val_if_fail (JJ_IS_APPLICATION_RECORD (self), 0);
  return self->status_at;
}

int
jj_application_record_get_revision (JjApplicationRecord *self)
{
  g_return_val_if_fail (JJ_IS_APPLICATION_RECORD (self), 0);
  return self->revision;
}

const char *
jj_application_record_get_number (JjApplicationRecord *self)
{
  g_return_val_if_fail (JJ_IS_APPLICATION_RECORD (self), NULL);
  return self->case_number != NULL ? self->case_number : self->receipt_number;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static JjApplicationRecord *
record_from_row (sqlite3_stmt *stmt)
{
  JjApplicationRecord *self = g_object_new (JJ_TYPE_APPLICATION_RECORD, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  if (!jj_application_state_from_string ((const char *) sqlite3_column_text (stmt, 1),
                                         &self->state))
    self->state = JJ_APPLICATION_DRAFT;
  self->title = column_dup (stmt, 2);
  self->applicant_name = column_dup (stmt, 3);
  self->applicant_id_number = column_dup (stmt, 4);
  self->masked_id_number = jj_id_number_mask (self->applicant_id_number);
  self->receipt_number = column_dup (stmt, 5);
  self->case_number = column_dup (stmt, 6);
  self->promised_date = column_dup (stmt, 7);
  self->agent_kind = column_dup (stmt, 8);
  self->created_at = sqlite3_column_int64 (stmt, 9);
  self->submitted_at = sqlite3_column_int64 (stmt, 10);
  self->outbox_state = column_dup (stmt, 11);
  self->last_error = column_dup (stmt, 12);
  self->status_reason = column_dup (stmt, 13);
  self->status_at = sqlite3_column_int64 (stmt, 14);
  self->revision = sqlite3_column_int (stmt, 15);

  return self;
}

JjApplicationRecord *
jj_application_record_step (JjStore       *store,
                            sqlite3_stmt  *stmt,
                            GError       **error)
{
  JjApplicationRecord *record = NULL;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    record = record_from_row (stmt);
  else if (rc != SQLITE_DONE)
    jj_store_set_error (store, error, _("Could not read the application"));
  sqlite3_reset (stmt);

  return record;
}

JjApplicationRecord *
jj_application_record_load (JjStore  *store,
                            gint64    id,
                            GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  JjApplicationRecord *record = NULL;
  sqlite3_stmt *stmt;

  jj_store_lock (store);
  stmt = jj_store_prepare (store, JJ_APPLICATION_RECORD_SELECT " WHERE a.id = ?1", &local_error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      record = jj_application_record_step (store, stmt, &local_error);
    }
  jj_store_unlock (store);

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (record == NULL)
    {
      /* Formatted apart: xgettext cannot read a msgid with G_GINT64_FORMAT in it. */
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      g_set_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND,
                   _("There is no application %s."), number);
    }
  return record;
}

struct _JjApplicationList
{
  GObject     parent_instance;
  JjStore    *store;
  GArray     *ids;      /* gint64, in list order */
  GHashTable *loaded;   /* position → JjApplicationRecord, only for rows asked for */
};

static GType
jj_application_list_get_item_type (GListModel *model)
{
  return JJ_TYPE_APPLICATION_RECORD;
}

static guint
jj_application_list_get_n_items (GListModel *model)
{
  return JJ_APPLICATION_LIST (model)->ids->len;
}

static gpointer
jj_application_list_get_item (GListModel *model,
                              guint       position)
{
  JjApplicationList *self = JJ_APPLICATION_LIST (model);
  g_autoptr(GError) error = NULL;
  JjApplicationRecord *record;

  if (position >= self->ids->len)
    return NULL;

  record = g_hash_table_lookup (self->loaded, GUINT_TO_POINTER (position));
  if (record == NULL)
    {
      record = jj_application_record_load (self->store,
                                           g_array_index (self->ids, gint64, position), &error);
      if (record == NULL)
        {
          g_warning ("Could not load application row: %s", error->message);
          return NULL;
        }
      g_hash_table_insert (self->loaded, GUINT_TO_POINTER (position), record);
    }

  return g_object_ref (record);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = jj_application_list_get_item_type;
  iface->get_n_items = jj_application_list_get_n_items;
  iface->get_item = jj_application_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (JjApplicationList, jj_application_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
jj_application_list_finalize (GObject *object)
{
  JjApplicationList *self = JJ_APPLICATION_LIST (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->loaded, g_hash_table_unref);

  G_OBJECT_CLASS (jj_application_list_parent_class)->finalize (object);
}

static void
jj_application_list_class_init (JjApplicationListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jj_application_list_finalize;
}

static void
jj_application_list_init (JjApplicationList *self)
{
  self->loaded = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
}

JjApplicationList *
jj_application_list_new (JjStore *store,
                         GArray  *ids)
{
  JjApplicationList *self = g_object_new (JJ_TYPE_APPLICATION_LIST, NULL);

  self->store = g_object_ref (store);
  self->ids = ids;

  return self;
}

guint
jj_application_list_get_n_loaded (JjApplicationList *self)
{
  g_return_val_if_fail (JJ_IS_APPLICATION_LIST (self), 0);
  return g_hash_table_size (self->loaded);
}
