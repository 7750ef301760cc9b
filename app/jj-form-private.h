/* jj-form-private.h — what jj-form.c shares with jj-form-check.c
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jj-form.h"

G_BEGIN_DECLS

/* @pattern compiled so that the whole value must match, whatever anchors the catalogue wrote
 * (or left out). NULL with a GRegexError when @pattern is not a regular expression. */
GRegex *jj_form_compile_pattern (const char  *pattern,
                                 GError     **error);

G_END_DECLS
