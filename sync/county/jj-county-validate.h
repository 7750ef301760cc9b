/* jj-county-validate.h — strict checks of request bodies against docs/sync-protocol.md
 *
 * Every check names what is wrong by its member path, e.g.
 * "items[3].applicant.id_number: expected a string, got a number", so a terminal parked for it
 * tells the township exactly which field to look at. Members the protocol does not define are
 * errors (section 1); null stands for an absent optional member.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A submission item (section 7) at @path ("items[3]"). FALSE with a translated @message. */
gboolean  jj_county_check_submission (JsonNode    *item,
                                      const char  *path,
                                      char       **message);
/* An evaluation item (section 11). */
gboolean  jj_county_check_evaluation (JsonNode    *item,
                                      const char  *path,
                                      char       **message);
/* An enrollment body (section 6). */
gboolean  jj_county_check_enrollment (JsonNode    *body,
                                      char       **message);
/* A batch body {"items": [...]}: an object whose only member is an array of objects.
 * Returns the array, or NULL with @message. */
JsonArray *jj_county_check_batch     (JsonNode    *body,
                                      char       **message);
/* The heartbeat's body: an empty object. */
gboolean  jj_county_check_empty      (JsonNode    *body,
                                      char       **message);

G_END_DECLS
