/* jj-queue-item.c — one application in the sync queue page, as read for the reviewer
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "jj-queue-item.h"

struct _JjQueueItem
{
  GObject  parent_instance;

  char    *uuid;
  gint64   application_id;
  char    *state;
  char    *title;
  char    *applicant;
  char    *number;
  char    *receipt_number;
  int      attempts;
  char    *last_error;
  gint64   next_attempt_at;
  JjCard   card;
  int      remaining_days;
  char    *search_text;   /* case-folded: what the search looks in */
};

G_DEFINE_FINAL_TYPE (JjQueueItem, jj_queue_item, G_TYPE_OBJECT)

static void
jj_queue_item_finalize (GObject *object)
{
  JjQueueItem *self = JJ_QUEUE_ITEM (object);

  g_free (self->uuid);
  g_free (self->state);
  g_free (self->title);
  g_free (self->applicant);
  g_free (self->number);
  g_free (self->receipt_number);
  g_free (self->last_error);
  g_free (self->search_text);

  G_OBJECT_CLASS (jj_queue_item_parent_class)->finalize (object);
}

static void
jj_queue_item_class_init (JjQueueItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jj_queue_item_finalize;
}

static void
jj_queue_item_init (JjQueueItem *self)
{
}

/* Fills what the application's record says, and the search text. */
static void
fill_from_record (JjQueueItem         *self,
                  JjApplicationRecord *record)
{
  g_autofree char *joined = NULL;
  const char *name = NULL;
  const char *masked = NULL;

  if (record != NULL)
    {
      name = jj_application_record_get_applicant_name (record);
      masked = jj_application_record_get_masked_id_number (record);
      self->number = g_strdup (jj_application_record_get_number (record));
      if (self->title == NULL)
        self->title = g_strdup (jj_application_record_get_title (record));
      if (self->receipt_number == NULL)
        self->receipt_number = g_strdup (jj_application_record_get_receipt_number (record));
    }
  if (self->number == NULL)
    self->number = g_strdup (self->receipt_number);

  if (name != NULL && masked != NULL && masked[0] != '\0')
    self->applicant = g_strdup_printf ("%s · %s", name, masked);
  else
    self->applicant = g_strdup (name);

  /* The masked number only: a search never finds an application by digits it hides. */
  joined = g_strjoin ("\n", self->title ? self->title : "", self->applicant ? self->applicant : "",
                      self->number ? self->number : "",
                      self->receipt_number ? self->receipt_number : "", NULL);
  self->search_text = g_utf8_casefold (joined, -1);
}

JjQueueItem *
jj_queue_item_new_entry (const JjOutboxEntry *entry,
                         JjApplicationRecord *record)
{
  JjQueueItem *self;

  g_return_val_if_fail (entry != NULL, NULL);

  self = g_object_new (JJ_TYPE_QUEUE_ITEM, NULL);
  self->uuid = g_strdup (entry->uuid);
  self->application_id = entry->application_id;
  self->state = g_strdup (entry->state);
  self->title = g_strdup (entry->title);
  self->receipt_number = g_strdup (entry->receipt_number);
  self->attempts = entry->attempts;
  self->next_attempt_at = entry->next_attempt_at;
  self->last_error = g_strdup (entry->last_error);
  fill_from_record (self, record);
  return self;
}

JjQueueItem *
jj_queue_item_new_delivered (JjApplicationRecord *record)
{
  JjQueueItem *self;

  g_return_val_if_fail (JJ_IS_APPLICATION_RECORD (record), NULL);

  self = g_object_new (JJ_TYPE_QUEUE_ITEM, NULL);
  self->application_id = jj_application_record_get_id (record);
  self->state = g_strdup ("delivered");
  fill_from_record (self, record);
  return self;
}

#define STRING_GETTER(field) \
  const char * \
  jj_queue_item_get_##field (JjQueueItem *self) \
  { \
    g_return_val_if_fail (JJ_IS_QUEUE_ITEM (self), NULL); \
    return self->field; \
  }

STRING_GETTER (uuid)
STRING_GETTER (state)
STRING_GETTER (title)
STRING_GETTER (applicant)
STRING_GETTER (number)
STRING_GETTER (receipt_number)
STRING_GETTER (last_error)

#undef STRING_GETTER

gint64
jj_queue_item_get_application_id (JjQueueItem *self)
{
  g_return_val_if_fail (JJ_IS_QUEUE_ITEM (self), 0);
  return self->application_id;
}

int
jj_queue_item_get_attempts (JjQueueItem *self)
{
  g_return_val_if_fail (JJ_IS_QUEUE_ITEM (self), 0);
  return self->attempts;
}

gint64
jj_queue_item_get_next_attempt_at (JjQueueItem *self)
{
  g_return_val_if_fail (JJ_IS_QUEUE_ITEM (self), 0);
  return self->next_attempt_at;
}

void
jj_queue_item_set_card (JjQueueItem *self,
                        JjCard       card,
                        int          remaining_days)
{
  g_return_if_fail (JJ_IS_QUEUE_ITEM (self));

  self->card = card;
  self->remaining_days = remaining_days;
}

JjCard
jj_queue_item_get_card (JjQueueItem *self)
{
  g_return_val_if_fail (JJ_IS_QUEUE_ITEM (self), JJ_CARD_NONE);
  return self->card;
}

int
jj_queue_item_get_remaining_days (JjQueueItem *self)
{
  g_return_val_if_fail (JJ_IS_QUEUE_ITEM (self), 0);
  return self->remaining_days;
}

gboolean
jj_queue_item_matches (JjQueueItem *self,
                       const char  *folded_text)
{
  g_return_val_if_fail (JJ_IS_QUEUE_ITEM (self), FALSE);

  return folded_text == NULL || folded_text[0] == '\0' ||
         strstr (self->search_text, folded_text) != NULL;
}
