/* jj-review-private.h — recording an ID number's reveal, for the intake's older entry point
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jj-review.h"

G_BEGIN_DECLS

/* Records in id_reveals that application @application_id's ID number was shown, under
 * @session's login (NULL: the current session's, or @operator_name when there is none), and
 * audits it as `reveal-id`, in one transaction. Checks no permission: the caller did. */
gboolean jj_review_record_reveal (JjStore     *store,
                                  JjSession   *session,
                                  gint64       application_id,
                                  const char  *operator_name,
                                  GError     **error);

G_END_DECLS
