/* jj-catalog-document-private.h — what the store reads of a validated catalogue
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "jj-catalog-document.h"

G_BEGIN_DECLS

struct _JjCatalogDocument
{
  JsonNode  *root;
  char      *version;
  char      *region;
  char      *published;
  JsonArray *categories;  /* validated objects, owned by root */
  JsonArray *matters;
  JsonArray *bundles;
};

/* Serializes a member of a validated object to compact JSON text. Caller frees. */
char *jj_catalog_json_member_to_string (JsonObject *object,
                                        const char *member);

G_END_DECLS
