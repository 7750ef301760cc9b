/* jj-application-list-private.h — application records, and a list model of them loaded as
 * they are shown
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jj-applications.h"
#include "jj-store-private.h"

G_BEGIN_DECLS

#define JJ_TYPE_APPLICATION_LIST (jj_application_list_get_type ())

G_DECLARE_FINAL_TYPE (JjApplicationList, jj_application_list, JJ, APPLICATION_LIST, GObject)

/* A GListModel of JjApplicationRecord over the row @ids (taken). A record is read from @store
 * the first time its position is asked for and kept, so a long result costs one integer per
 * row plus what has been shown. */
JjApplicationList   *jj_application_list_new          (JjStore            *store,
                                                       GArray             *ids);

/* How many records have been read so far (for tests of the laziness). */
guint                jj_application_list_get_n_loaded (JjApplicationList  *self);

/* The columns of a record, to complete with a WHERE clause. The outbox entry is the
 * application's latest. */
#define JJ_APPLICATION_RECORD_SELECT                                                          \
  "SELECT a.id, a.state, a.title, a.applicant_name, a.applicant_id_number, a.receipt_number," \
  "       a.case_number, a.promised_date, a.agent_kind, a.created_at, a.submitted_at,"        \
  "       o.state, o.last_error, a.status_reason, a.status_at, coalesce (o.revision, 0)"      \
  "  FROM applications a"                                                                     \
  "  LEFT JOIN outbox o ON o.id = (SELECT max(id) FROM outbox WHERE application_id = a.id)"

/* Steps @stmt — JJ_APPLICATION_RECORD_SELECT completed and bound, the store locked — for one
 * record and resets it. NULL without an error when there is no row. */
JjApplicationRecord *jj_application_record_step       (JjStore            *store,
                                                       sqlite3_stmt       *stmt,
                                                       GError            **error);

/* The record of application @id. NULL with JJ_INTAKE_ERROR_NOT_FOUND or a JJ_STORE_ERROR. */
JjApplicationRecord *jj_application_record_load       (JjStore            *store,
                                                       gint64              id,
                                                       GError            **error);

/* The statement jj_applications_query() runs for @query (made of the filters that are set),
 * for EXPLAIN QUERY PLAN in tests and the benchmark. Returns a new string. */
char                *jj_applications_query_sql        (const JjApplicationQuery *query);

G_END_DECLS
