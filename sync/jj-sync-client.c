/* jj-sync-client.c — the terminal's side of the exchanges of docs/sync-protocol.md
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "jj-sync-client.h"
#include "jj-sync-engine.h"

#define STATUS_TOO_MANY_REQUESTS 429
#define MAX_DETAIL_LENGTH        300

struct _JjSyncClient
{
  SoupSession *session;
  char        *base_url;
  char        *token;
  char        *terminal_state;
  guint        timeout;
  guint        retry_after;
  guint        last_status;
  guint        n_requests;
};

void
jj_sync_limits_clear (JjSyncLimits *limits)
{
  g_clear_pointer (&limits->server, g_free);
  g_clear_pointer (&limits->attachments, g_free);
}

char *
jj_sync_normalize_base_url (const char  *url,
                            GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  g_autoptr(GUri) normalized = NULL;
  g_autofree char *path = NULL;

  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_REFUSED,
                   _("“%s” is not a secure address. The county platform must be reached over "
                     "https://, so that the terminal's token and residents' data never cross the "
                     "network in the clear."),
                   url);
      return NULL;
    }

  path = g_str_has_suffix (g_uri_get_path (uri), "/") ? g_strdup (g_uri_get_path (uri))
                                                      : g_strconcat (g_uri_get_path (uri), "/", NULL);
  normalized = g_uri_build (SOUP_HTTP_URI_FLAGS, "https", NULL, g_uri_get_host (uri),
                            g_uri_get_port (uri), path, NULL, NULL);
  return g_uri_to_string (normalized);
}

static guint
timeout_seconds (void)
{
  const char *text = g_getenv ("JIUJIN_SYNC_TIMEOUT");
  guint64 value;

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, 3600, &value, NULL))
    return value;
  return JJ_SYNC_DEFAULT_TIMEOUT;
}

JjSyncClient *
jj_sync_client_new (const char  *base_url,
                    const char  *ca_file,
                    const char  *token,
                    GError     **error)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) local_error = NULL;
  JjSyncClient *self;

  g_return_val_if_fail (base_url != NULL && g_str_has_suffix (base_url, "/"), NULL);

  if (ca_file != NULL && (database = g_tls_file_database_new (ca_file, &local_error)) == NULL)
    {
      g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_REFUSED,
                   _("The county's certificate authority file %s cannot be used: %s"),
                   ca_file, local_error->message);
      return NULL;
    }

  self = g_new0 (JjSyncClient, 1);
  self->timeout = timeout_seconds ();
  self->base_url = g_strdup (base_url);
  self->token = g_strdup (token);
  /* Verification is libsoup's default; the CA file only narrows whom it trusts. There is no
   * "accept-certificate" handler anywhere: a certificate that does not verify is an error. */
  self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                 "user-agent", "Jiujin/" PACKAGE_VERSION,
                                                 NULL);
  if (database != NULL)
    soup_session_set_tls_database (self->session, database);
  return self;
}

void
jj_sync_client_free (JjSyncClient *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->session);
  g_free (self->base_url);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  g_free (self->terminal_state);
  g_free (self);
}

SoupSession *
jj_sync_client_get_session (JjSyncClient *self)
{
  return self->session;
}

const char *
jj_sync_client_get_base_url (JjSyncClient *self)
{
  return self->base_url;
}

void
jj_sync_client_set_terminal_state (JjSyncClient          *self,
                                   const JjTerminalState *state)
{
  g_free (self->terminal_state);
  self->terminal_state = jj_terminal_state_format (state);
}

static void
add_auth_headers (JjSyncClient       *self,
                  SoupMessageHeaders *headers)
{
  if (self->token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", self->token, NULL);
      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (self->terminal_state != NULL)
    soup_message_headers_replace (headers, JJ_TERMINAL_STATE_HEADER, self->terminal_state);
}

SoupMessageHeaders *
jj_sync_client_dup_auth_headers (JjSyncClient *self)
{
  SoupMessageHeaders *headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);

  add_auth_headers (self, headers);
  return headers;
}

guint
jj_sync_client_get_retry_after (JjSyncClient *self)
{
  return self->retry_after;
}

guint
jj_sync_client_get_last_status (JjSyncClient *self)
{
  return self->last_status;
}

guint
jj_sync_client_get_n_requests (JjSyncClient *self)
{
  return self->n_requests;
}

static SoupMessage *
new_message (JjSyncClient *self,
             const char   *method,
             const char   *path,
             gboolean      authenticated)
{
  g_autofree char *url = g_strconcat (self->base_url, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  g_assert (msg != NULL);
  jj_protocol_keep_alive (msg);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "application/json, application/problem+json");
  if (authenticated)
    add_auth_headers (self, soup_message_get_request_headers (msg));
  return msg;
}

static void
set_json_body (SoupMessage *msg,
               const char  *body,
               gsize        length)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, length);

  soup_message_set_request_body_from_bytes (msg, "application/json; charset=utf-8", bytes);
}

/* Sends @msg and reads the whole answer; NULL when no answer came (network, TLS, timeout,
 * cancelled), with the error a clerk can act on. */
static GBytes *
send_message (JjSyncClient  *self,
              SoupMessage   *msg,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GBytes *body;

  self->retry_after = 0;
  self->last_status = 0;
  self->n_requests++;
  body = soup_session_send_and_read (self->session, msg, cancellable, &local_error);
  if (body != NULL)
    {
      self->last_status = soup_message_get_status (msg);
      return body;
    }

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_CANCELLED, _("Sync was stopped."));
  else if (local_error->domain == G_TLS_ERROR)
    g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_OFFLINE,
                 _("The county platform's certificate could not be verified, so nothing was "
                   "sent. Check the address, or enroll again with the certificate authority "
                   "file the county gave you (%s)."),
                 local_error->message);
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_OFFLINE,
                 g_dngettext (GETTEXT_PACKAGE,
                              "The county platform did not answer within %u second.",
                              "The county platform did not answer within %u seconds.",
                              self->timeout),
                 self->timeout);
  else
    g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_OFFLINE,
                 _("The county platform cannot be reached (%s)."), local_error->message);
  return NULL;
}

static guint
retry_after_of (SoupMessage *msg)
{
  return jj_protocol_parse_retry_after (
    soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After"));
}

/* The county's own words for a refusal: the problem's detail or title, or the status line. */
static char *
dup_reason (SoupMessage *msg,
            GBytes      *body)
{
  g_autoptr(JjProblem) problem = NULL;
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;

  if (data != NULL && length > 0)
    problem = jj_problem_parse (data, length, NULL);
  if (problem != NULL && problem->detail != NULL && g_utf8_strlen (problem->detail, -1) <= MAX_DETAIL_LENGTH)
    return g_strdup (problem->detail);
  if (problem != NULL && problem->title != NULL)
    return g_strdup (problem->title);
  return g_strdup_printf ("%u %s", soup_message_get_status (msg),
                          soup_message_get_reason_phrase (msg));
}

/* The problem type of a refusal without its prefix, or NULL. Caller frees. */
static char *
dup_problem_name (GBytes *body)
{
  g_autoptr(JjProblem) problem = NULL;
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;

  if (data == NULL || length == 0 || (problem = jj_problem_parse (data, length, NULL)) == NULL)
    return NULL;
  return g_steal_pointer (&problem->name);
}

/* An answer other than the expected one, as the error the engine acts on. Returns FALSE. */
static gboolean
fail_with_response (JjSyncClient  *self,
                    SoupMessage   *msg,
                    GBytes        *body,
                    GError       **error)
{
  guint status = soup_message_get_status (msg);
  g_autofree char *reason = dup_reason (msg, body);

  if (status == STATUS_TOO_MANY_REQUESTS || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      self->retry_after = retry_after_of (msg);
      g_set_error_literal (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_UNAVAILABLE,
                           _("The county platform is busy and asked to come back later."));
    }
  else if (status == SOUP_STATUS_REQUEST_TIMEOUT || status >= 500)
    g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_UNAVAILABLE,
                 _("The county platform could not answer just now (%s)."), reason);
  else if (status == SOUP_STATUS_UNAUTHORIZED)
    g_set_error_literal (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_REFUSED,
                         _("The county platform no longer accepts this terminal. Enroll it again "
                           "with a new code from the county (jiujinctl enroll)."));
  else if (status >= 400)
    g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_REFUSED,
                 _("The county platform refused the request: %s"), reason);
  else
    g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_PROTOCOL,
                 _("The county platform gave an answer this terminal does not understand (%s)."),
                 reason);
  return FALSE;
}

static gboolean
fail_unreadable (const char  *why,
                 GError     **error)
{
  g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_PROTOCOL,
               _("The county platform sent an answer that cannot be read (%s)."), why);
  return FALSE;
}

/* The JSON object of an answer; a truncated or garbled body is PROTOCOL (transient). */
static JsonObject *
parse_object (GBytes  *body,
              GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);
  JsonNode *root;

  if (length == 0 || !json_parser_load_from_data (parser, data, length, &local_error))
    {
      fail_unreadable (local_error != NULL ? local_error->message : _("empty"), error);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      fail_unreadable (_("not a JSON object"), error);
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
member_int (JsonObject *object,
            const char *name,
            gint64     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

/* Sends @msg and returns its JSON object when the status is @expected. */
static JsonObject *
exchange (JjSyncClient  *self,
          SoupMessage   *msg,
          guint          expected,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GBytes) body = send_message (self, msg, cancellable, error);

  if (body == NULL)
    return NULL;
  if (soup_message_get_status (msg) != expected)
    {
      fail_with_response (self, msg, body, error);
      return NULL;
    }
  return parse_object (body, error);
}

gboolean
jj_sync_client_check_health (JjSyncClient  *self,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(SoupMessage) msg = new_message (self, SOUP_METHOD_GET, "v1/health", FALSE);
  g_autoptr(GBytes) body = send_message (self, msg, cancellable, error);

  if (body == NULL)
    return FALSE;
  return soup_message_get_status (msg) == SOUP_STATUS_OK ||
         fail_with_response (self, msg, body, error);
}

/* Whether discovery's "features" (an array of strings, absent = none) lists @feature. Anything
 * else in it is ignored: a feature this terminal does not know is one it does not use. */
static gboolean
has_feature (JsonObject *root,
             const char *feature)
{
  JsonNode *node = json_object_get_member (root, "features");
  JsonArray *features;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  features = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonNode *element = json_array_get_element (features, i);

      if (JSON_NODE_HOLDS_VALUE (element) &&
          json_node_get_value_type (element) == G_TYPE_STRING &&
          g_strcmp0 (json_node_get_string (element), feature) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
jj_sync_client_discover (JjSyncClient  *self,
                         JjSyncLimits  *limits,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(SoupMessage) msg = new_message (self, SOUP_METHOD_GET, "v1/", FALSE);
  g_autoptr(JsonObject) root = exchange (self, msg, SOUP_STATUS_OK, cancellable, error);
  g_autofree char *attachments = NULL;
  JsonObject *announced;
  gint64 version, max_batch, max_body, max_attachment, chunk;
  const char *endpoint;
  JsonNode *node;

  if (root == NULL)
    return FALSE;

  if (g_strcmp0 (member_string (root, "protocol"), JJ_PROTOCOL_NAME) != 0 ||
      !member_int (root, "version", &version))
    return fail_unreadable (_("it does not say which sync protocol it speaks"), error);
  if (version != JJ_PROTOCOL_VERSION)
    {
      g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_PROTOCOL,
                   _("The county platform speaks protocol version %" PRId64 ", and this "
                     "Jiujin speaks version %d: nothing was sent. Update Jiujin, or ask the "
                     "county."),
                   version, JJ_PROTOCOL_VERSION);
      return FALSE;
    }

  node = json_object_get_member (root, "limits");
  announced = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if (announced == NULL ||
      !member_int (announced, "max_batch", &max_batch) || max_batch < 1 ||
      !member_int (announced, "max_body_bytes", &max_body) || max_body < 1024 ||
      !member_int (announced, "max_attachment_bytes", &max_attachment) || max_attachment < 1 ||
      !member_int (announced, "chunk_bytes", &chunk) || chunk < 1 ||
      (endpoint = member_string (root, "attachments")) == NULL ||
      (attachments = g_uri_resolve_relative (self->base_url, endpoint, SOUP_HTTP_URI_FLAGS,
                                             NULL)) == NULL)
    return fail_unreadable (_("its limits are missing or wrong"), error);

  jj_sync_limits_clear (limits);
  limits->server = g_strdup (member_string (root, "server"));
  limits->max_batch = MIN (max_batch, G_MAXUINT);
  limits->max_body_bytes = max_body;
  limits->max_attachment_bytes = max_attachment;
  limits->chunk_bytes = (gsize) chunk;
  limits->revisions = has_feature (root, "revisions");
  limits->attachments = g_steal_pointer (&attachments);
  return TRUE;
}

JsonObject *
jj_sync_client_enroll (JjSyncClient  *self,
                       const char    *code,
                       const char    *app_version,
                       const char    *hostname,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(SoupMessage) msg = new_message (self, SOUP_METHOD_POST, "v1/enroll", FALSE);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *text = NULL;
  g_autofree char *problem = NULL;
  const char *terminal_code;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "app");
  json_builder_add_string_value (builder, app_version);
  json_builder_set_member_name (builder, "hostname");
  json_builder_add_string_value (builder, hostname);
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);
  text = json_to_string (request, FALSE);
  set_json_body (msg, text, strlen (text));

  if ((body = send_message (self, msg, cancellable, error)) == NULL)
    return NULL;

  if (soup_message_get_status (msg) != SOUP_STATUS_CREATED)
    {
      problem = dup_problem_name (body);
      if (g_strcmp0 (problem, "enrollment-code-invalid") == 0)
        g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_REFUSED,
                     _("The county platform does not know the enrollment code %s. Check it "
                       "against the paper the county gave you."),
                     code);
      else if (g_strcmp0 (problem, "enrollment-code-used") == 0)
        g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_REFUSED,
                     _("The enrollment code %s has been used already. Ask the county for a new "
                       "one."),
                     code);
      else if (g_strcmp0 (problem, "enrollment-code-expired") == 0)
        g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_REFUSED,
                     _("The enrollment code %s has expired. Ask the county for a new one."), code);
      else
        fail_with_response (self, msg, body, error);
      return NULL;
    }

  if ((answer = parse_object (body, error)) == NULL)
    return NULL;
  terminal_code = member_string (answer, "terminal_code");
  if (member_string (answer, "terminal_id") == NULL || member_string (answer, "token") == NULL ||
      member_string (answer, "service_point") == NULL || terminal_code == NULL ||
      !g_regex_match_simple ("^[A-Z0-9]{2,12}$", terminal_code, 0, 0))
    {
      fail_unreadable (_("the terminal's identity is missing or wrong"), error);
      return NULL;
    }
  return g_steal_pointer (&answer);
}

static gboolean
check_results (JsonObject  *root,
               GError     **error)
{
  JsonNode *node = json_object_get_member (root, "results");
  JsonArray *results;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return fail_unreadable (_("it has no results"), error);

  results = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *element = json_array_get_element (results, i);
      JsonNode *key;
      gint64 status;

      /* A null key: the county could not read the item's own (section 7). */
      if (!JSON_NODE_HOLDS_OBJECT (element) ||
          (key = json_object_get_member (json_node_get_object (element), "idempotency_key")) == NULL ||
          (!JSON_NODE_HOLDS_NULL (key) && json_node_get_value_type (key) != G_TYPE_STRING) ||
          !member_int (json_node_get_object (element), "status", &status))
        return fail_unreadable (_("a result has no key or status"), error);
    }
  return TRUE;
}

JsonArray *
jj_sync_client_post_items (JjSyncClient  *self,
                           const char    *path,
                           const char    *body,
                           gsize          length,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(SoupMessage) msg = new_message (self, SOUP_METHOD_POST, path, TRUE);
  g_autoptr(JsonObject) root = NULL;

  set_json_body (msg, body, length);
  if ((root = exchange (self, msg, SOUP_STATUS_OK, cancellable, error)) == NULL ||
      !check_results (root, error))
    return NULL;
  return json_array_ref (json_object_get_array_member (root, "results"));
}

static gboolean
check_status_page (JsonObject  *page,
                   GError     **error)
{
  JsonNode *events = json_object_get_member (page, "events");
  JsonNode *more = json_object_get_member (page, "more");
  JsonNode *next = json_object_get_member (page, "next");

  if (events == NULL || !JSON_NODE_HOLDS_ARRAY (events) || more == NULL ||
      json_node_get_value_type (more) != G_TYPE_BOOLEAN ||
      (next != NULL && !JSON_NODE_HOLDS_NULL (next) && member_string (page, "next") == NULL))
    return fail_unreadable (_("the status page is incomplete"), error);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (events)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (events), i);
      JsonObject *event = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;

      if (event == NULL || member_string (event, "cursor") == NULL ||
          member_string (event, "state") == NULL || member_string (event, "at") == NULL)
        return fail_unreadable (_("a status event is incomplete"), error);
    }
  return TRUE;
}

JsonObject *
jj_sync_client_get_statuses (JjSyncClient  *self,
                             const char    *cursor,
                             guint          limit,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autofree char *escaped = cursor != NULL ? g_uri_escape_string (cursor, NULL, FALSE) : NULL;
  g_autofree char *path = cursor != NULL ? g_strdup_printf ("v1/statuses?after=%s&limit=%u", escaped, limit)
                                         : g_strdup_printf ("v1/statuses?limit=%u", limit);
  g_autoptr(SoupMessage) msg = new_message (self, SOUP_METHOD_GET, path, TRUE);
  g_autoptr(JsonObject) page = exchange (self, msg, SOUP_STATUS_OK, cancellable, error);

  if (page == NULL || !check_status_page (page, error))
    return NULL;
  return g_steal_pointer (&page);
}

GBytes *
jj_sync_client_get_catalog (JjSyncClient  *self,
                            const char    *etag,
                            char         **new_etag,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(SoupMessage) msg = new_message (self, SOUP_METHOD_GET, "v1/catalog", TRUE);
  g_autoptr(GBytes) body = NULL;
  guint status;

  *new_etag = NULL;
  if (etag != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match", etag);

  if ((body = send_message (self, msg, cancellable, error)) == NULL)
    return NULL;

  /* 404: the county has not published a catalogue yet; the terminal keeps its own. */
  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_NOT_MODIFIED || status == SOUP_STATUS_NOT_FOUND)
    return NULL;
  if (status != SOUP_STATUS_OK)
    {
      fail_with_response (self, msg, body, error);
      return NULL;
    }

  *new_etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                      "ETag"));
  return g_steal_pointer (&body);
}

gboolean
jj_sync_client_heartbeat (JjSyncClient  *self,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(SoupMessage) msg = new_message (self, SOUP_METHOD_POST, "v1/heartbeat", TRUE);
  g_autoptr(GBytes) body = NULL;
  guint status;

  set_json_body (msg, "{}", 2);
  if ((body = send_message (self, msg, cancellable, error)) == NULL)
    return FALSE;
  status = soup_message_get_status (msg);
  return status == SOUP_STATUS_NO_CONTENT || status == SOUP_STATUS_OK ||
         fail_with_response (self, msg, body, error);
}
