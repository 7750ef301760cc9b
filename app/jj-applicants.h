/* jj-applicants.h — residents who applied here before (the applicants table)
 *
 * A returning resident is found by ID number (jj_intake_find_applicant()) or by name. A name
 * may belong to several residents, so a search by name answers with what tells them apart —
 * the masked ID number, the last digits of the phone, the address — and never a full ID
 * number: the clerk picks one, and only then is that resident read in full to fill the form.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "jj-store.h"

G_BEGIN_DECLS

/* A known resident as offered for a typed name: nothing here reveals the ID number. */
typedef struct
{
  gint64  id;                /* the applicants row, for jj_applicants_dup() */
  char   *name;
  char   *masked_id_number;  /* e.g. 4301**********123X */
  char   *phone_last_digits; /* the last 4 digits, or "" without a phone */
  char   *address;
} JjApplicantMatch;

void        jj_applicant_match_free    (JjApplicantMatch *match);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjApplicantMatch, jj_applicant_match_free)

/* The residents named exactly @name (surrounding spaces ignored), the most recently seen
 * first, at most @limit of them: a new array of JjApplicantMatch, empty when nobody or @name
 * is blank. NULL with a JJ_STORE_ERROR. */
GPtrArray  *jj_applicants_find_by_name (JjStore          *store,
                                        const char       *name,
                                        guint             limit,
                                        GError          **error);

/* Resident @id in full, as the draft's "applicant" member: a new object with name,
 * id_number, phone and address. NULL with JJ_STORE_ERROR_NOT_FOUND when there is none. */
JsonObject *jj_applicants_dup          (JjStore          *store,
                                        gint64            id,
                                        GError          **error);

/* The resident with the normalised ID number @id_number in full, like jj_applicants_dup(),
 * or NULL (also on a store error: a lookup that may quietly find nothing). */
JsonObject *jj_applicants_dup_by_id_number (JjStore      *store,
                                            const char   *id_number);

G_END_DECLS
