/* jj-enrollment.c — which county this terminal delivers to, and its credentials
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "jj-catalog.h"
#include "jj-enrollment.h"
#include "jj-intake.h"
#include "jj-outbox.h"
#include "jj-store-private.h"
#include "jj-sync-client.h"
#include "jj-sync-engine.h"

#define ENROLLMENT_FILE "enrollment.json"
#define CA_FILE         "county-ca.pem"

void
jj_enrollment_free (JjEnrollment *enrollment)
{
  if (enrollment == NULL)
    return;
  g_free (enrollment->base_url);
  g_free (enrollment->terminal_id);
  g_free (enrollment->terminal_code);
  g_free (enrollment->service_point);
  if (enrollment->token != NULL)
    memset (enrollment->token, 0, strlen (enrollment->token));
  g_free (enrollment->token);
  g_free (enrollment->ca_file);
  g_free (enrollment);
}

static char *
dup_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

JjEnrollment *
jj_enrollment_load (const char  *data_dir,
                    GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, ENROLLMENT_FILE, NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(JjEnrollment) enrollment = g_new0 (JjEnrollment, 1);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) enrolled_at = NULL;
  g_autofree char *ca_name = NULL;
  g_autofree char *when = NULL;
  JsonObject *root;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error_literal (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_NOT_ENROLLED,
                           _("This terminal is not enrolled with a county platform yet. Enroll it "
                             "with the address and the code the county gave you: "
                             "jiujinctl enroll URL CODE."));
      return NULL;
    }

  if (!json_parser_load_from_mapped_file (parser, path, &local_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto damaged;

  root = json_node_get_object (json_parser_get_root (parser));
  enrollment->base_url = dup_member (root, "base_url");
  enrollment->terminal_id = dup_member (root, "terminal_id");
  enrollment->terminal_code = dup_member (root, "terminal_code");
  enrollment->service_point = dup_member (root, "service_point");
  enrollment->token = dup_member (root, "token");
  ca_name = dup_member (root, "ca_file");
  when = dup_member (root, "enrolled_at");
  if (enrollment->base_url == NULL || !g_str_has_prefix (enrollment->base_url, "https://") ||
      !g_str_has_suffix (enrollment->base_url, "/") || enrollment->terminal_id == NULL ||
      enrollment->terminal_code == NULL || enrollment->service_point == NULL ||
      enrollment->token == NULL)
    goto damaged;

  if (ca_name != NULL)
    enrollment->ca_file = g_build_filename (data_dir, ca_name, NULL);
  if (when != NULL && (enrolled_at = g_date_time_new_from_iso8601 (when, NULL)) != NULL)
    enrollment->enrolled_at = g_date_time_to_unix (enrolled_at);
  return g_steal_pointer (&enrollment);

damaged:
  g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_NOT_ENROLLED,
               _("The enrollment file %s cannot be read%s%s. Enroll the terminal again with a new "
                 "code from the county."),
               path, local_error != NULL ? ": " : "",
               local_error != NULL ? local_error->message : "");
  return NULL;
}

gboolean
jj_enrollment_save (JjEnrollment  *enrollment,
                    const char    *data_dir,
                    GError       **error)
{
  g_autofree char *path = g_build_filename (data_dir, ENROLLMENT_FILE, NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (enrollment->enrolled_at);
  g_autofree char *when_text = g_date_time_format_iso8601 (when);
  g_autofree char *ca_name = enrollment->ca_file != NULL ? g_path_get_basename (enrollment->ca_file)
                                                         : NULL;
  g_autofree char *text = NULL;
  gboolean ok;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "base_url");
  json_builder_add_string_value (builder, enrollment->base_url);
  json_builder_set_member_name (builder, "terminal_id");
  json_builder_add_string_value (builder, enrollment->terminal_id);
  json_builder_set_member_name (builder, "terminal_code");
  json_builder_add_string_value (builder, enrollment->terminal_code);
  json_builder_set_member_name (builder, "service_point");
  json_builder_add_string_value (builder, enrollment->service_point);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, enrollment->token);
  json_builder_set_member_name (builder, "ca_file");
  if (ca_name != NULL)
    json_builder_add_string_value (builder, ca_name);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "enrolled_at");
  json_builder_add_string_value (builder, when_text);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  /* The temporary file is created 0600 too: the token is never readable by others, not even
   * for the moment before the rename. */
  ok = g_file_set_contents_full (path, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error);
  memset (text, 0, strlen (text));
  return ok;
}

static gboolean
set_terminal_code (JjStore     *store,
                   const char  *code,
                   GError     **error)
{
  g_autoptr(JjCatalog) catalog = jj_catalog_new (store);
  g_autoptr(JjIntake) intake = jj_intake_new (catalog, NULL, error);

  return intake != NULL && jj_intake_set_terminal_code (intake, code, error);
}

/* Copies the CA file the technician gave into the data directory. */
static char *
install_ca_file (const char  *ca_file,
                 const char  *data_dir,
                 GError     **error)
{
  g_autofree char *target = g_build_filename (data_dir, CA_FILE, NULL);
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (ca_file, &contents, &length, error) ||
      !g_file_set_contents_full (target, contents, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error))
    return NULL;
  return g_steal_pointer (&target);
}

/* Idempotency keys belong to the terminal that sent them (docs/sync-protocol.md, sections 6
 * and 7): under a new identity, a resent entry whose first answer was lost would be stored a
 * second time. So nothing that may have reached the county goes again without a person
 * deciding. */
static gboolean
park_uncertain (JjStore     *store,
                GPtrArray  **parked_out,
                GError     **error)
{
  g_autoptr(GPtrArray) parked = NULL;

  parked = jj_outbox_park_uncertain (store,
                                     _("Sent before this terminal was enrolled again, and no "
                                       "answer came: the county platform may already hold it "
                                       "under the terminal's previous enrollment. Ask the county "
                                       "whether it holds this application (by its receipt "
                                       "number) before sending it again, or it may be stored "
                                       "twice."),
                                     error);
  if (parked == NULL)
    return FALSE;
  if (parked_out != NULL)
    *parked_out = g_steal_pointer (&parked);
  return TRUE;
}

JjEnrollment *
jj_enrollment_enroll (JjStore       *store,
                      const char    *data_dir,
                      const char    *url,
                      const char    *code,
                      const char    *ca_file,
                      GPtrArray    **parked,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GPtrArray) parked_here = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(JjSyncClient) client = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JjEnrollment) enrollment = NULL;

  g_return_val_if_fail (JJ_IS_STORE (store), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  if ((base_url = jj_sync_normalize_base_url (url, error)) == NULL ||
      (client = jj_sync_client_new (base_url, ca_file, NULL, error)) == NULL ||
      (answer = jj_sync_client_enroll (client, code, PACKAGE_VERSION, g_get_host_name (),
                                       cancellable, error)) == NULL)
    return NULL;

  enrollment = g_new0 (JjEnrollment, 1);
  enrollment->base_url = g_steal_pointer (&base_url);
  enrollment->terminal_id = g_strdup (json_object_get_string_member (answer, "terminal_id"));
  enrollment->terminal_code = g_strdup (json_object_get_string_member (answer, "terminal_code"));
  enrollment->service_point = g_strdup (json_object_get_string_member (answer, "service_point"));
  enrollment->token = g_strdup (json_object_get_string_member (answer, "token"));
  enrollment->enrolled_at = g_get_real_time () / G_USEC_PER_SEC;

  /* The code is spent now: whatever fails below, the message must say so. Entries sent under
   * the previous identity wait for the township before the new one sends them again. */
  if (!park_uncertain (store, &parked_here, error) ||
      (ca_file != NULL &&
       (enrollment->ca_file = install_ca_file (ca_file, data_dir, error)) == NULL) ||
      !jj_enrollment_save (enrollment, data_dir, error) ||
      !set_terminal_code (store, enrollment->terminal_code, error) ||
      !jj_store_set_meta (store, "county_status_cursor", "", error) ||
      !jj_store_set_meta (store, "county_catalog_etag", "", error))
    {
      g_prefix_error (error, _("The county accepted the code, but this terminal could not record "
                               "its enrollment; ask the county for a new code once this is "
                               "fixed: "));
      return NULL;
    }

  if (parked != NULL)
    *parked = g_steal_pointer (&parked_here);
  return g_steal_pointer (&enrollment);
}
