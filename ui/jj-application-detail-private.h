/* jj-application-detail-private.h — what jj-application-detail.c shares with the file that
 * fills its page (jj-application-detail-render.c): the widget's fields and the detail's readers
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "jj-application-detail.h"
#include "jj-form.h"

G_BEGIN_DECLS

struct _JjApplicationDetail
{
  GtkWidget            parent_instance;

  GtkStack            *stack;
  GtkSpinner          *spinner;
  AdwStatusPage       *error_page;
  GtkScrolledWindow   *scroller;
  GtkLabel            *title_label;
  GtkLabel            *state_badge;
  GtkLabel            *receipt_label;
  GtkButton           *reveal_button;
  GtkButton           *print_button;
  AdwPreferencesGroup *matters_group;
  AdwPreferencesGroup *form_group;
  AdwPreferencesGroup *materials_group;
  AdwPreferencesGroup *attachments_group;
  AdwPreferencesGroup *outbox_group;
  GtkWidget           *status_box;
  GtkLabel            *status_heading;
  GtkLabel            *status_reason_label;
  GtkLabel            *status_caption;
  GtkButton           *correct_button;
  AdwPreferencesGroup *history_group;
  GtkLabel            *case_value;
  GtkLabel            *receipt_value;
  GtkLabel            *submitted_value;
  GtkLabel            *created_value;
  GtkLabel            *promised_value;
  GtkLabel            *appointment_value;
  GtkLabel            *bundle_value;
  GtkLabel            *name_value;
  GtkLabel            *id_number_value;
  GtkLabel            *phone_value;
  GtkLabel            *address_value;
  GtkLabel            *agent_kind_value;
  GtkLabel            *agent_name_value;
  GtkLabel            *agent_id_number_value;
  GtkLabel            *relationship_value;
  GtkLabel            *outbox_state_value;
  GtkLabel            *attempts_value;
  GtkLabel            *last_error_value;
  GtkLabel            *outbox_uuid_value;

  JjStore             *store;
  JjIntake            *intake;
  JjSession           *session;     /* who looks: only a role allowed to may reveal */
  gint64               id;
  JsonObject          *detail;      /* masked, as last read */
  GPtrArray           *revisions;   /* of JjOutboxEntry, oldest first, as last read */
  JjForm              *form;        /* for the field labels; NULL when the matters are gone */
  gboolean             revealed;
  gboolean             scroll_to_top; /* the next read starts a new look at the page */
  GCancellable        *load_cancellable;
  GCancellable        *reveal_cancellable;
  GPtrArray           *generated;   /* (group, row) pairs added from the detail */
};

/* Fills the page from @detail (and self->form, self->revisions); @revealed says its numbers
 * are in full. */
void jj_application_detail_render               (JjApplicationDetail *self,
                                                 JsonObject          *detail,
                                                 gboolean             revealed);
/* Removes the rows that the last jj_application_detail_render() added. */
void jj_application_detail_clear_generated_rows (JjApplicationDetail *self);

/* The members of the detail's JSON, NULL (or -1) when missing or of another kind. */

static inline const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static inline JsonObject *
member_object (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static inline JsonArray *
member_array (JsonObject *object,
              const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* An integer member, or -1 when missing or null. */
static inline gint64
member_int (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;
  return json_node_get_int (node);
}

static inline JsonObject *
object_element (JsonArray *array,
                gint64     i)
{
  JsonNode *node = array != NULL && i >= 0 && i < json_array_get_length (array)
                     ? json_array_get_element (array, i)
                     : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

G_END_DECLS
