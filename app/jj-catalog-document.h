/* jj-catalog-document.h — a parsed and validated catalogue file
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define JJ_CATALOG_ERROR (jj_catalog_error_quark ())

/**
 * JjCatalogError:
 * @JJ_CATALOG_ERROR_IO: the catalogue file cannot be read
 * @JJ_CATALOG_ERROR_PARSE: the file is not valid JSON
 * @JJ_CATALOG_ERROR_INVALID: the JSON breaks a rule of docs/catalog-format.md; the message
 *   names the file, the record and the field
 * @JJ_CATALOG_ERROR_NOT_FOUND: no matter or bundle has the requested code
 * @JJ_CATALOG_ERROR_EMPTY: no catalogue has been imported yet
 */
typedef enum
{
  JJ_CATALOG_ERROR_IO,
  JJ_CATALOG_ERROR_PARSE,
  JJ_CATALOG_ERROR_INVALID,
  JJ_CATALOG_ERROR_NOT_FOUND,
  JJ_CATALOG_ERROR_EMPTY,
} JjCatalogError;

#define JJ_CATALOG_FORMAT 1

typedef struct _JjCatalogDocument JjCatalogDocument;

GQuark             jj_catalog_error_quark            (void);

/* Reads and validates the catalogue at @path against every rule of docs/catalog-format.md.
 * Returns a new document, or NULL with JJ_CATALOG_ERROR_* whose message names the file,
 * the record (code, or position when the code itself is wrong) and the field. */
JjCatalogDocument *jj_catalog_document_load          (const char         *path,
                                                      GError            **error);
/* The same for a catalogue held in memory; @origin names it in error messages. */
JjCatalogDocument *jj_catalog_document_load_data     (const char         *data,
                                                      gssize              length,
                                                      const char         *origin,
                                                      GError            **error);
void               jj_catalog_document_free          (JjCatalogDocument  *self);
const char        *jj_catalog_document_get_version   (JjCatalogDocument  *self);
guint              jj_catalog_document_get_n_matters (JjCatalogDocument  *self);
guint              jj_catalog_document_get_n_bundles (JjCatalogDocument  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjCatalogDocument, jj_catalog_document_free)

G_END_DECLS
