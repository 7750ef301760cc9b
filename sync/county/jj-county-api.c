/* jj-county-api.c — the endpoints of docs/sync-protocol.md, sections 4 to 11
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jj-county-server-private.h"
#include "jj-county-validate.h"

#define STATUS_PAGE_DEFAULT 100
#define STATUS_PAGE_MAX     500

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
reply_internal (SoupServerMessage *msg,
                GError            *error)
{
  g_warning ("%s", error->message);
  jj_county_reply_problem (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                           _("The county platform could not store or read its data; try "
                             "again later"));
}

void
jj_county_api_discovery (JjCountyServer    *self,
                         SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_string_value (builder, JJ_PROTOCOL_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, JJ_PROTOCOL_VERSION);
  json_builder_set_member_name (builder, "server");
  json_builder_add_string_value (builder, "jiujin-county " PACKAGE_VERSION);
  json_builder_set_member_name (builder, "limits");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "max_batch");
  json_builder_add_int_value (builder, JJ_COUNTY_MAX_BATCH);
  json_builder_set_member_name (builder, "max_body_bytes");
  json_builder_add_int_value (builder, JJ_COUNTY_MAX_BODY_BYTES);
  json_builder_set_member_name (builder, "max_attachment_bytes");
  json_builder_add_int_value (builder, JJ_COUNTY_MAX_ATTACHMENT_BYTES);
  json_builder_set_member_name (builder, "chunk_bytes");
  json_builder_add_int_value (builder, JJ_COUNTY_CHUNK_BYTES);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "attachments");
  json_builder_add_string_value (builder, "v1/attachments/");
  json_builder_set_member_name (builder, "features");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "revisions");
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  jj_county_reply_json (msg, SOUP_STATUS_OK, node);
}

void
jj_county_api_health (JjCountyServer    *self,
                      SoupServerMessage *msg)
{
  g_autoptr(JsonNode) node = json_from_string ("{\"status\":\"ok\"}", NULL);

  jj_county_reply_json (msg, SOUP_STATUS_OK, node);
}

void
jj_county_api_enroll (JjCountyServer    *self,
                      SoupServerMessage *msg)
{
  g_autoptr(JsonNode) body = jj_county_read_json (self, msg, FALSE);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *code = NULL;
  JsonObject *object;

  if (body == NULL)
    return;
  if (!jj_county_check_enrollment (body, &message))
    {
      jj_county_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalid-request", message);
      return;
    }

  object = json_node_get_object (body);
  code = jj_county_normalize_code (json_object_get_string_member (object, "code"));
  if (code != NULL)
    answer = jj_county_db_enroll (self->db, code,
                                  json_object_get_string_member_with_default (object, "app", ""),
                                  json_object_get_string_member_with_default (object, "hostname",
                                                                              ""),
                                  now_seconds (), &error);
  else
    g_set_error_literal (&error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_CODE_INVALID,
                         _("An enrollment code has 12 letters and digits, e.g. 7KQ4-M2PX-9TRD"));

  if (answer != NULL)
    {
      jj_county_metrics_count (self->metrics, "jiujin_county_enrollments_total", "result", "ok");
      jj_county_reply_json (msg, SOUP_STATUS_CREATED, answer);
    }
  else if (g_error_matches (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_CODE_INVALID))
    {
      jj_county_metrics_count (self->metrics, "jiujin_county_enrollments_total", "result",
                               "invalid");
      jj_county_reply_problem (msg, SOUP_STATUS_FORBIDDEN, "enrollment-code-invalid",
                               error->message);
    }
  else if (g_error_matches (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_CODE_EXPIRED))
    {
      jj_county_metrics_count (self->metrics, "jiujin_county_enrollments_total", "result",
                               "expired");
      jj_county_reply_problem (msg, SOUP_STATUS_FORBIDDEN, "enrollment-code-expired",
                               error->message);
    }
  else if (g_error_matches (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_CODE_USED))
    {
      jj_county_metrics_count (self->metrics, "jiujin_county_enrollments_total", "result", "used");
      jj_county_reply_problem (msg, SOUP_STATUS_CONFLICT, "enrollment-code-used", error->message);
    }
  else
    reply_internal (msg, error);
}

void
jj_county_api_heartbeat (JjCountyServer    *self,
                         SoupServerMessage *msg)
{
  g_autoptr(JsonNode) body = jj_county_read_json (self, msg, TRUE);
  g_autofree char *message = NULL;

  if (body == NULL)
    return;
  if (!jj_county_check_empty (body, &message))
    {
      jj_county_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalid-request", message);
      return;
    }
  /* The heartbeat itself was recorded when the request was authenticated. */
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* A refused item: its key (or null) and the problem, as section 7 shows. */
static JsonNode *
refused_result (JsonObject *item,
                JjProblem  *problem)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonNode *key = json_object_get_member (item, "idempotency_key");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "idempotency_key");
  if (key != NULL && json_node_get_value_type (key) == G_TYPE_STRING)
    json_builder_add_string_value (builder, json_node_get_string (key));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, problem->status);
  json_builder_set_member_name (builder, "problem");
  json_builder_add_value (builder, jj_problem_to_node (problem));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The scans of @item the attachment store does not hold; NULL when it holds them all. */
static JjProblem *
missing_attachments (JjCountyServer *self,
                     JsonObject     *item)
{
  JsonArray *attachments = json_object_get_array_member (item, "attachments");
  g_autoptr(GString) detail = g_string_new (NULL);
  g_autoptr(JsonArray) missing = json_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JjProblem *problem;

  for (guint i = 0; attachments != NULL && i < json_array_get_length (attachments); i++)
    {
      JsonObject *scan = json_array_get_object_element (attachments, i);
      const char *sha256 = json_object_get_string_member (scan, "sha256");
      const char *filename = json_object_get_string_member_with_default (scan, "filename", "");

      if (jj_county_tus_has_blob (self->tus, sha256) || !g_hash_table_add (seen, (gpointer) sha256))
        continue;

      json_array_add_string_element (missing, sha256);
      if (detail->len > 0)
        g_string_append_c (detail, ' ');
      g_string_append_printf (detail, _("The scan %s (sha256 %.6s…%s) has not been uploaded."),
                              filename, sha256, sha256 + 60);
    }
  if (json_array_get_length (missing) == 0)
    return NULL;

  problem = jj_county_problem_new (SOUP_STATUS_CONFLICT, "attachment-missing", detail->str);
  json_object_set_array_member (problem->extra, "missing", g_steal_pointer (&missing));
  return problem;
}

typedef enum
{
  OUTCOME_STORED,
  OUTCOME_REPLAYED,
  OUTCOME_REFUSED,
} Outcome;

/* One item of a batch inside the batch's transaction. NULL only with a database error. */
static JsonNode *
item_result (JjCountyServer *self,
             const char     *kind,
             const char     *terminal_id,
             JsonNode       *node,
             guint           index,
             gint64          now,
             Outcome        *outcome,
             const char    **reason,
             GError        **error)
{
  JsonObject *item = json_node_get_object (node);
  JsonNode *key_node = json_object_get_member (item, "idempotency_key");
  const char *key = key_node != NULL && json_node_get_value_type (key_node) == G_TYPE_STRING
                    ? json_node_get_string (key_node) : NULL;
  g_autofree char *fingerprint = jj_protocol_fingerprint (node);
  g_autofree char *path = g_strdup_printf ("items[%u]", index);
  g_autofree char *stored_fingerprint = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *message = NULL;
  g_autofree char *created = NULL;
  g_autoptr(JjProblem) problem = NULL;
  g_autoptr(GError) lookup_error = NULL;
  gboolean submissions = g_str_equal (kind, "cases");

  *outcome = OUTCOME_REFUSED;
  if (key != NULL &&
      jj_county_db_lookup_item (self->db, kind, terminal_id, key, &stored_fingerprint, &stored,
                                &lookup_error))
    {
      if (g_str_equal (stored_fingerprint, fingerprint))
        {
          JsonNode *result = json_from_string (stored, error);

          if (result != NULL)
            json_object_set_boolean_member (json_node_get_object (result), "replayed", TRUE);
          *outcome = OUTCOME_REPLAYED;
          return result;
        }
      message = g_strdup_printf (_("%s.idempotency_key: %s was first used with a different "
                                   "body; nothing was changed"),
                                 path, key);
      problem = jj_county_problem_new (422, "idempotency-key-reused", message);
    }
  else if (lookup_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&lookup_error));
      return NULL;
    }
  else if (submissions ? !jj_county_check_submission (node, path, &message)
                       : !jj_county_check_evaluation (node, path, &message))
    problem = jj_county_problem_new (422, "invalid-submission", message);
  else if (!submissions ||
           (problem = missing_attachments (self, item)) == NULL)
    {
      g_autoptr(GError) insert_error = NULL;

      created = submissions
        ? jj_county_db_insert_case (self->db, terminal_id, self->case_prefix, item, fingerprint,
                                    now, &insert_error)
        : jj_county_db_insert_evaluation (self->db, terminal_id, item, fingerprint, now,
                                          &insert_error);
      if (created != NULL)
        {
          *outcome = OUTCOME_STORED;
          return json_from_string (created, error);
        }
      if (g_error_matches (insert_error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_CASE_CLOSED))
        problem = jj_county_problem_new (422, "case-closed", insert_error->message);
      else if (g_error_matches (insert_error, JJ_COUNTY_ERROR,
                                JJ_COUNTY_ERROR_REVISION_CONFLICT))
        problem = jj_county_problem_new (422, "revision-conflict", insert_error->message);
      else
        {
          g_propagate_error (error, g_steal_pointer (&insert_error));
          return NULL;
        }
    }

  *reason = g_intern_string (problem->name);
  return refused_result (item, problem);
}

static void
count_outcomes (JjCountyServer *self,
                const char     *family,
                GArray         *outcomes,
                GPtrArray      *reasons)
{
  static const char * const names[] = { "stored", "replayed", "refused" };

  for (guint i = 0; i < outcomes->len; i++)
    {
      Outcome outcome = g_array_index (outcomes, Outcome, i);

      jj_county_metrics_count (self->metrics, family, "result", names[outcome]);
      if (outcome == OUTCOME_REFUSED && g_str_equal (family, "jiujin_county_submissions_total"))
        jj_county_metrics_count (self->metrics, "jiujin_county_submissions_refused_total",
                                 "reason", g_ptr_array_index (reasons, i));
    }
}

/* Sections 7 and 11: the whole batch in one transaction, committed before the answer leaves,
 * so that a 201 the terminal reads is a case on disk. */
static void
handle_batch (JjCountyServer    *self,
              SoupServerMessage *msg,
              const char        *kind,
              const char        *family)
{
  const char *terminal_id = jj_county_request_get (msg)->terminal_id;
  g_autoptr(JsonNode) body = jj_county_read_json (self, msg, FALSE);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GArray) outcomes = g_array_new (FALSE, FALSE, sizeof (Outcome));
  g_autoptr(GPtrArray) reasons = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gint64 now = now_seconds ();
  JsonArray *items;
  guint length;

  if (body == NULL)
    return;
  if ((items = jj_county_check_batch (body, &message)) == NULL)
    {
      jj_county_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalid-request", message);
      return;
    }
  length = json_array_get_length (items);
  if (length > JJ_COUNTY_MAX_BATCH)
    {
      g_autofree char *detail = g_strdup_printf (_("items: %u items, at most %d in one batch"),
                                                 length, JJ_COUNTY_MAX_BATCH);

      jj_county_reply_problem (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large", detail);
      return;
    }

  if (!jj_county_db_begin (self->db, &error))
    {
      reply_internal (msg, error);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < length; i++)
    {
      Outcome outcome = OUTCOME_REFUSED;
      const char *reason = NULL;
      JsonNode *result = item_result (self, kind, terminal_id, json_array_get_element (items, i),
                                      i, now, &outcome, &reason, &error);

      if (result == NULL)
        {
          jj_county_db_rollback (self->db);
          reply_internal (msg, error);
          return;
        }
      json_builder_add_value (builder, result);
      g_array_append_val (outcomes, outcome);
      g_ptr_array_add (reasons, (gpointer) reason);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (!jj_county_db_commit (self->db, &error))
    {
      reply_internal (msg, error);
      return;
    }
  count_outcomes (self, family, outcomes, reasons);
  answer = json_builder_get_root (builder);
  jj_county_reply_json (msg, SOUP_STATUS_OK, answer);
}

void
jj_county_api_submissions (JjCountyServer    *self,
                           SoupServerMessage *msg)
{
  handle_batch (self, msg, "cases", "jiujin_county_submissions_total");
}

void
jj_county_api_evaluations (JjCountyServer    *self,
                           SoupServerMessage *msg)
{
  handle_batch (self, msg, "evaluations", "jiujin_county_evaluations_total");
}

static gboolean
parse_count (const char *text,
             guint64     max,
             guint64    *value)
{
  return text != NULL && g_ascii_string_to_unsigned (text, 10, 0, max, value, NULL);
}

void
jj_county_api_statuses (JjCountyServer    *self,
                        SoupServerMessage *msg,
                        GHashTable        *query)
{
  const char *after_text = query != NULL ? g_hash_table_lookup (query, "after") : NULL;
  const char *limit_text = query != NULL ? g_hash_table_lookup (query, "limit") : NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(GError) error = NULL;
  guint64 after = 0;
  guint64 limit = STATUS_PAGE_DEFAULT;

  if (after_text != NULL && !parse_count (after_text, G_MAXINT64, &after))
    {
      g_autofree char *detail = g_strdup_printf (_("after: %s is not a cursor of this terminal's status feed"),
                                                 after_text);

      jj_county_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalid-cursor", detail);
      return;
    }
  if (limit_text != NULL && (!parse_count (limit_text, G_MAXUINT32, &limit) || limit == 0))
    {
      g_autofree char *detail = g_strdup_printf (_("limit: expected a number from 1 to %d"),
                                                 STATUS_PAGE_MAX);

      jj_county_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalid-request", detail);
      return;
    }

  page = jj_county_db_statuses (self->db, jj_county_request_get (msg)->terminal_id, after,
                                MIN (limit, STATUS_PAGE_MAX), &error);
  if (page != NULL)
    jj_county_reply_json (msg, SOUP_STATUS_OK, page);
  else if (g_error_matches (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_INVALID))
    jj_county_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalid-cursor", error->message);
  else
    reply_internal (msg, error);
}

void
jj_county_api_case (JjCountyServer    *self,
                    SoupServerMessage *msg,
                    const char        *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = jj_county_db_get_case (self->db,
                                                    jj_county_request_get (msg)->terminal_id,
                                                    number, &error);

  /* Another terminal's case reads exactly like one that does not exist (section 2). */
  if (node != NULL)
    jj_county_reply_json (msg, SOUP_STATUS_OK, node);
  else if (g_error_matches (error, JJ_COUNTY_ERROR, JJ_COUNTY_ERROR_NOT_FOUND))
    jj_county_reply_problem (msg, SOUP_STATUS_NOT_FOUND, "not-found", error->message);
  else
    reply_internal (msg, error);
}

/* If-None-Match (RFC 9110 section 13.1.2) with weak comparison. */
static gboolean
etag_matches (const char *header,
              const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (header == NULL)
    return FALSE;
  tags = g_strsplit (header, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, "*") || g_str_equal (tag, etag))
        return TRUE;
    }
  return FALSE;
}

static gboolean
accepts_gzip (const char *header)
{
  GSList *unacceptable = NULL;
  GSList *acceptable;
  gboolean gzip = FALSE;

  if (header == NULL)
    return FALSE;
  acceptable = soup_header_parse_quality_list (header, &unacceptable);
  for (GSList *l = acceptable; l != NULL; l = l->next)
    {
      if (g_ascii_strcasecmp (l->data, "gzip") == 0 || g_ascii_strcasecmp (l->data, "x-gzip") == 0)
        gzip = TRUE;
      else if (g_str_equal (l->data, "*") &&
               !g_slist_find_custom (unacceptable, "gzip", (GCompareFunc) g_ascii_strcasecmp))
        gzip = TRUE;
    }
  soup_header_free_list (acceptable);
  soup_header_free_list (unacceptable);
  return gzip;
}

void
jj_county_api_catalog (JjCountyServer    *self,
                       SoupServerMessage *msg)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  g_autofree char *version = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GBytes) gzipped = NULL;
  g_autoptr(GError) error = NULL;
  gboolean gzip;
  GBytes *body;

  if (!jj_county_db_current_catalog (self->db, &version, &document, &gzipped, &error))
    {
      if (error != NULL)
        reply_internal (msg, error);
      else
        jj_county_reply_problem (msg, SOUP_STATUS_NOT_FOUND, "not-found",
                                 _("No catalogue has been published yet"));
      return;
    }

  etag = g_strdup_printf ("\"%s\"", version);
  soup_message_headers_replace (response, "ETag", etag);
  soup_message_headers_replace (response, "Vary", "Accept-Encoding");
  if (etag_matches (soup_message_headers_get_list (request, "If-None-Match"), etag))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }

  gzip = accepts_gzip (soup_message_headers_get_list (request, "Accept-Encoding"));
  body = gzip ? gzipped : document;
  if (gzip)
    soup_message_headers_replace (response, "Content-Encoding", "gzip");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

void
jj_county_api_metrics (JjCountyServer    *self,
                       SoupServerMessage *msg)
{
  g_autoptr(JsonNode) gauges = jj_county_db_gauges (self->db, now_seconds (), self->quiet_after);
  char *text = jj_county_metrics_render (self->metrics, gauges);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/plain; version=0.0.4; charset=utf-8",
                                    SOUP_MEMORY_TAKE, text, strlen (text));
}
