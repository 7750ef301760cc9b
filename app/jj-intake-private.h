/* jj-intake-private.h — what the intake files share
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jj-calendar.h"
#include "jj-intake.h"
#include "jj-store-private.h"

G_BEGIN_DECLS

struct _JjIntake
{
  GObject     parent_instance;

  JjCatalog  *catalog;
  JjStore    *store;
  JjCalendar *calendar;   /* NULL: weekends only */
};

/* Reading a draft document: missing members read as "" / NULL. */
const char       *jj_intake_member_string         (JsonObject  *object,
                                                   const char  *member);
JsonObject       *jj_intake_member_object         (JsonObject  *object,
                                                   const char  *member);
JsonArray        *jj_intake_member_array          (JsonObject  *object,
                                                   const char  *member);
char             *jj_intake_object_to_string      (JsonObject  *object);
gboolean          jj_intake_is_blank              (const char  *text);
gint64            jj_intake_now_seconds           (void);

/* The bundle with @code (a new JjBundle), or NULL with JJ_CATALOG_ERROR_NOT_FOUND. */
JjBundle         *jj_intake_find_bundle           (JjIntake    *self,
                                                   const char  *code,
                                                   GError     **error);
/* The current matters of @draft, in order; NULL with an error when one no longer exists or
 * there is none. */
GPtrArray        *jj_intake_draft_matters         (JjIntake    *self,
                                                   JsonObject  *draft,
                                                   GError     **error);
/* The guide material a checklist @item ({matter, index}) refers to, or NULL. */
const JjMaterial *jj_intake_checklist_material    (GPtrArray   *matters,
                                                   JsonObject  *item);
/* Whether the checklist @items has an entry for material @index of matter @code. */
gboolean          jj_intake_checklist_lists       (JsonArray   *items,
                                                   const char  *code,
                                                   guint        index);
/* The first of @problems in a stable order, and how many more, for an error message. */
char             *jj_intake_describe_problems     (GHashTable  *problems);

/* Writes the submission of draft @id — applicant, receipt number, state, matters, materials,
 * scans and the outbox entry — inside the caller's transaction, with the store locked. */
JjSubmission     *jj_intake_submit_write          (JjIntake    *self,
                                                   gint64       id,
                                                   JsonObject  *draft,
                                                   GPtrArray   *matters,
                                                   GDate       *today,
                                                   GError     **error);

G_END_DECLS
