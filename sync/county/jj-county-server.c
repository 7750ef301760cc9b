/* jj-county-server.c — routing, authentication, logs, metrics and injected faults
 *
 * Every request gets a JjCountyRequest when it starts. The early handler (headers read, body
 * not yet) finds its route and refuses a declared body that is too large before a byte of it
 * is read; the handler proper then applies any injected fault, authenticates, and calls the
 * endpoint. When the answer has gone out, one log line and the metrics record it.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/socket.h>

#include "jj-county-server-private.h"

#define REQUEST_KEY "jj-county-request"
#define DEMO_ACCEPT_AFTER   5
#define DEMO_COMPLETE_AFTER 15
/* json-glib parses recursively: deeper bodies are refused before they reach it. */
#define MAX_JSON_DEPTH      64

typedef enum
{
  ENDPOINT_DISCOVERY,
  ENDPOINT_HEALTH,
  ENDPOINT_ENROLL,
  ENDPOINT_HEARTBEAT,
  ENDPOINT_SUBMISSIONS,
  ENDPOINT_EVALUATIONS,
  ENDPOINT_STATUSES,
  ENDPOINT_CASE,
  ENDPOINT_CATALOG,
  ENDPOINT_ATTACHMENTS,
  ENDPOINT_METRICS,
} Endpoint;

typedef struct
{
  const char *pattern;    /* in logs and metrics */
  const char *path;       /* without a trailing slash */
  gboolean    prefix;     /* @path + "/" + anything */
  const char *allow;      /* NULL: the endpoint checks methods itself */
  gboolean    auth;
  Endpoint    endpoint;
} Route;

static const Route routes[] = {
  { "/v1/", "/v1", FALSE, "GET, HEAD", FALSE, ENDPOINT_DISCOVERY },
  { "/v1/health", "/v1/health", FALSE, "GET, HEAD", FALSE, ENDPOINT_HEALTH },
  { "/v1/enroll", "/v1/enroll", FALSE, "POST", FALSE, ENDPOINT_ENROLL },
  { "/v1/heartbeat", "/v1/heartbeat", FALSE, "POST", TRUE, ENDPOINT_HEARTBEAT },
  { "/v1/submissions", "/v1/submissions", FALSE, "POST", TRUE, ENDPOINT_SUBMISSIONS },
  { "/v1/evaluations", "/v1/evaluations", FALSE, "POST", TRUE, ENDPOINT_EVALUATIONS },
  { "/v1/statuses", "/v1/statuses", FALSE, "GET, HEAD", TRUE, ENDPOINT_STATUSES },
  { "/v1/cases/{case_number}", "/v1/cases", TRUE, "GET, HEAD", TRUE, ENDPOINT_CASE },
  { "/v1/catalog", "/v1/catalog", FALSE, "GET, HEAD", TRUE, ENDPOINT_CATALOG },
  { "/v1/attachments", "/v1/attachments", FALSE, NULL, TRUE, ENDPOINT_ATTACHMENTS },
  { "/v1/attachments/{id}", "/v1/attachments", TRUE, NULL, TRUE, ENDPOINT_ATTACHMENTS },
  { "/metrics", "/metrics", FALSE, "GET, HEAD", FALSE, ENDPOINT_METRICS },
};

/* A request held back by a "stall" fault. */
typedef struct
{
  JjCountyServer    *server;
  SoupServerMessage *msg;
  guint              source;
} Stall;

static void dispatch (JjCountyServer *self, SoupServerMessage *msg);

static void
request_free (JjCountyRequest *request)
{
  g_free (request->terminal_id);
  g_free (request);
}

JjCountyRequest *
jj_county_request_get (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), REQUEST_KEY);
}

const char *
jj_county_problem_title (const char *name)
{
  static const struct
  {
    const char *name;
    const char *title;
  } titles[] = {
    { "malformed-json", N_("The body is not valid JSON") },
    { "invalid-request", N_("The request is not valid") },
    { "invalid-cursor", N_("The cursor is not valid") },
    { "unauthorized", N_("The terminal is not enrolled or its token is not valid") },
    { "enrollment-code-invalid", N_("The enrollment code is not valid") },
    { "enrollment-code-expired", N_("The enrollment code has expired") },
    { "enrollment-code-used", N_("The enrollment code was used already") },
    { "not-found", N_("Not found") },
    { "method-not-allowed", N_("The method is not allowed here") },
    { "attachment-missing", N_("An attachment is not on the server") },
    { "too-large", N_("The request is too large") },
    { "unsupported-media-type", N_("The body must be JSON") },
    { "idempotency-key-reused", N_("The idempotency key was used for a different submission") },
    { "invalid-submission", N_("The submission is not valid") },
    { "case-closed", N_("The county has already acted on this case") },
    { "revision-conflict", N_("The revision does not supersede the latest revision of its case") },
    { "rate-limited", N_("Too many requests") },
    { "unavailable", N_("The county platform is unavailable") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_str_equal (titles[i].name, name))
      return _(titles[i].title);
  return _("The county platform failed");
}

JjProblem *
jj_county_problem_new (guint       status,
                       const char *name,
                       const char *detail)
{
  return jj_problem_new (status, name, jj_county_problem_title (name), detail);
}

void
jj_county_reply_json (SoupServerMessage *msg,
                      guint              status,
                      JsonNode          *node)
{
  soup_server_message_set_status (msg, status, NULL);
  if (node != NULL)
    {
      char *text = json_to_string (node, FALSE);

      soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                        SOUP_MEMORY_TAKE, text, strlen (text));
    }
}

void
jj_county_reply_problem (SoupServerMessage *msg,
                         guint              status,
                         const char        *name,
                         const char        *detail)
{
  g_autoptr(JjProblem) problem = jj_county_problem_new (status, name, detail);
  char *text = jj_problem_to_string (problem);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/problem+json", SOUP_MEMORY_TAKE, text,
                                    strlen (text));
}

static void
reply_too_large (SoupServerMessage *msg,
                 JjCountyRequest   *request)
{
  g_autofree char *detail = g_strdup_printf (_("Bodies are limited to %u bytes"),
                                             (guint) request->limit);

  jj_county_reply_problem (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large", detail);
}

/* Counts nesting outside strings; the body is known to be no larger than the limit. */
static gboolean
nesting_within (const char *data,
                gsize       length,
                guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

JsonNode *
jj_county_read_json (JjCountyServer    *self,
                     SoupServerMessage *msg,
                     gboolean           allow_empty)
{
  JjCountyRequest *request = jj_county_request_get (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  const char *content_type;
  const char *data;
  gsize length = 0;

  if (request->too_large)
    {
      reply_too_large (msg, request);
      return NULL;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (body, &length);
  if (length == 0)
    {
      if (allow_empty)
        return json_node_init_object (json_node_alloc (), json_object_new ());
      jj_county_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalid-request",
                               _("The request has no body; it must be a JSON object"));
      return NULL;
    }

  content_type = soup_message_headers_get_content_type (headers, NULL);
  if (content_type == NULL || g_ascii_strcasecmp (content_type, "application/json") != 0)
    {
      g_autofree char *detail = content_type != NULL
        ? g_strdup_printf (_("The body is %s; it must be application/json"), content_type)
        : g_strdup (_("The body has no Content-Type; it must be application/json"));

      jj_county_reply_problem (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                               detail);
      return NULL;
    }

  if (!g_utf8_validate (data, length, NULL) || memchr (data, '\0', length) != NULL)
    {
      jj_county_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, "malformed-json",
                               _("The body is not UTF-8 text"));
      return NULL;
    }
  if (!nesting_within (data, length, MAX_JSON_DEPTH))
    {
      g_autofree char *detail = g_strdup_printf (_("The body nests deeper than %d levels"),
                                                 MAX_JSON_DEPTH);

      jj_county_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalid-request", detail);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &error))
    {
      jj_county_reply_problem (msg, SOUP_STATUS_BAD_REQUEST, "malformed-json", error->message);
      return NULL;
    }
  return json_parser_steal_root (parser);
}

static const Route *
find_route (const char  *path,
            char       **rest)
{
  g_autofree char *normal = g_strdup (path != NULL ? path : "/");
  gsize length = strlen (normal);

  /* Section 1: paths are accepted with and without a trailing slash. */
  if (length > 1 && normal[length - 1] == '/')
    normal[length - 1] = '\0';

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const Route *route = &routes[i];
      gsize prefix = strlen (route->path);

      if (!route->prefix && g_str_equal (normal, route->path))
        return route;
      if (route->prefix && strncmp (normal, route->path, prefix) == 0 &&
          normal[prefix] == '/' && normal[prefix + 1] != '\0' &&
          strchr (normal + prefix + 1, '/') == NULL)
        {
          if (rest != NULL)
            *rest = g_strdup (normal + prefix + 1);
          return route;
        }
    }
  return NULL;
}

static void
got_chunk (SoupServerMessage *msg,
           GBytes            *chunk,
           gpointer           user_data)
{
  JjCountyRequest *request = jj_county_request_get (msg);

  if (request == NULL)
    return;
  request->bytes_in += g_bytes_get_size (chunk);

  /* A chunked body has no length to refuse early: stop keeping it once it is too large and
   * answer 413 when it ends. */
  if (request->limit > 0 && request->bytes_in > request->limit && !request->too_large)
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);

      request->too_large = TRUE;
      soup_message_body_set_accumulate (body, FALSE);
      soup_message_body_truncate (body);
    }
}

/* libsoup 3.2 writes a 204 or 304 without Content-Length, as it must, and then takes the
 * answer for one that ends when the connection closes, and closes it: a new TLS handshake for
 * the request after every tus PATCH. Such answers have no body at all, which is said once the
 * headers are out, so that the connection stays for the client's next request. */
static void
wrote_headers (SoupServerMessage *msg,
               gpointer           user_data)
{
  guint status = soup_server_message_get_status (msg);

  if (status == SOUP_STATUS_NO_CONTENT || status == SOUP_STATUS_NOT_MODIFIED)
    soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                       SOUP_ENCODING_NONE);
}

static void
request_started (SoupServer        *server,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  JjCountyRequest *request = g_new0 (JjCountyRequest, 1);

  request->started = g_get_monotonic_time ();
  request->route = "other";
  g_object_set_data_full (G_OBJECT (msg), REQUEST_KEY, request, (GDestroyNotify) request_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk), NULL);
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (wrote_headers), NULL);
}

static void
log_request (JjCountyServer    *self,
             SoupServerMessage *msg,
             guint              status,
             guint64            bytes_out)
{
  JjCountyRequest *request = jj_county_request_get (msg);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  const char *method = soup_server_message_get_method (msg);
  double seconds;

  if (request == NULL)
    return;

  seconds = (g_get_monotonic_time () - request->started) / (double) G_USEC_PER_SEC;
  /* Milliseconds are enough in a log line: cut the microseconds to three digits. */
  if (strlen (time) > 24)
    {
      time[23] = 'Z';
      time[24] = '\0';
    }
  g_printerr ("time=%s method=%s route=%s status=%u terminal=%s duration_ms=%.1f bytes_in=%"
              G_GUINT64_FORMAT " bytes=%" G_GUINT64_FORMAT "%s%s\n",
              time, method != NULL ? method : "-", request->route, status,
              request->terminal_id != NULL ? request->terminal_id : "-", seconds * 1000.0,
              request->bytes_in, bytes_out, request->fault != NULL ? " fault=" : "",
              request->fault != NULL ? request->fault : "");

  jj_county_metrics_request (self->metrics, method != NULL ? method : "-", request->route,
                             status, seconds, request->bytes_in, bytes_out);
}

static void
request_finished (SoupServer        *server,
                  SoupServerMessage *msg,
                  gpointer           user_data)
{
  JjCountyServer *self = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  log_request (self, msg, soup_server_message_get_status (msg), body != NULL ? body->length : 0);
}

static void
request_aborted (SoupServer        *server,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  log_request (user_data, msg, 0, 0);
}

static void
early_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  JjCountyRequest *request = jj_county_request_get (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const Route *route = find_route (path, NULL);

  if (request == NULL || route == NULL)
    return;

  request->route = route->pattern;
  request->limit = route->endpoint == ENDPOINT_ATTACHMENTS ? JJ_COUNTY_MAX_ATTACHMENT_BYTES
                                                           : JJ_COUNTY_MAX_BODY_BYTES;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) soup_message_headers_get_content_length (headers) > request->limit)
    reply_too_large (msg, request);
}

/* Applies the "status", "garbage" and "truncate" kinds, which answer instead of the server;
 * "reset" closes the connection under the client. */
static void
inject (JjCountyServer    *self,
        SoupServerMessage *msg,
        JjCountyFault     *fault)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (g_str_equal (fault->kind, "status"))
    {
      const char *name = fault->status == 429 ? "rate-limited"
                         : fault->status == 503 ? "unavailable"
                         : fault->status == 404 ? "not-found" : "internal";

      jj_county_reply_problem (msg, fault->status, name, _("Injected by the county's fault table"));
      if (fault->retry_after > 0)
        {
          g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, fault->retry_after);

          soup_message_headers_replace (headers, "Retry-After", seconds);
        }
    }
  else if (g_str_equal (fault->kind, "garbage"))
    {
      static const char garbage[] = "<html><body><h1>502 Bad Gateway</h1></body></html>\n\xff\xfe";

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, garbage,
                                        sizeof garbage - 1);
    }
  else
    {
      /* Take the connection from libsoup: a truncated answer promises more bytes than it
       * sends, and a reset closes with SO_LINGER 0 so the kernel sends RST, not FIN. */
      static const char truncated[] =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n"
        "Connection: close\r\n\r\n{\"results\": [{\"idempotency_key\": \"";
      GSocket *socket = soup_server_message_get_socket (msg);
      g_autoptr(GIOStream) stream = NULL;
      gboolean reset = g_str_equal (fault->kind, "reset");
      guint64 sent = 0;

      if (reset && socket != NULL)
        {
          struct linger linger = { 1, 0 };

          setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
        }
      g_object_ref (msg);
      stream = soup_server_message_steal_connection (msg);
      if (!reset && stream != NULL)
        {
          gsize written = 0;

          g_output_stream_write_all (g_io_stream_get_output_stream (stream), truncated,
                                     sizeof truncated - 1, &written, NULL, NULL);
          g_output_stream_flush (g_io_stream_get_output_stream (stream), NULL, NULL);
          sent = written;
        }
      if (socket != NULL)
        g_socket_close (socket, NULL);
      log_request (self, msg, reset ? 0 : SOUP_STATUS_OK, sent);
      g_object_unref (msg);
    }
}

static gboolean
stall_done (gpointer user_data)
{
  Stall *stall = user_data;

  stall->source = 0;
  dispatch (stall->server, stall->msg);
  soup_server_message_unpause (stall->msg);
  g_ptr_array_remove (stall->server->stalls, stall);
  return G_SOURCE_REMOVE;
}

static void
stall_free (Stall *stall)
{
  g_clear_handle_id (&stall->source, g_source_remove);
  g_object_unref (stall->msg);
  g_free (stall);
}

/* TRUE when a fault answered (or is holding) @msg. */
static gboolean
apply_fault (JjCountyServer    *self,
             SoupServerMessage *msg,
             const char        *path)
{
  g_autoptr(JjCountyFault) fault = NULL;
  JjCountyRequest *request = jj_county_request_get (msg);

  /* The faults table is read again only when another process (an admin command) changed the
   * file: a request costs one PRAGMA when no fault is set. */
  if (jj_county_db_changed (self->db))
    self->faults = jj_county_db_count_faults (self->db);
  if (self->faults == 0)
    return FALSE;

  fault = jj_county_db_take_fault (self->db, soup_server_message_get_method (msg), path);
  self->faults = jj_county_db_count_faults (self->db);
  if (fault == NULL)
    return FALSE;

  request->fault = g_intern_string (fault->kind);
  jj_county_metrics_count (self->metrics, "jiujin_county_faults_injected_total", "kind",
                           fault->kind);
  if (g_str_equal (fault->kind, "stall"))
    {
      Stall *stall = g_new0 (Stall, 1);

      stall->server = self;
      stall->msg = g_object_ref (msg);
      /* Milliseconds: g_timeout_add_seconds() may fire up to a second early. */
      stall->source = g_timeout_add ((guint) CLAMP (fault->seconds, 1, G_MAXUINT / 1000) * 1000,
                                     stall_done, stall);
      g_ptr_array_add (self->stalls, stall);
      soup_server_message_pause (msg);
      return TRUE;
    }
  inject (self, msg, fault);
  return TRUE;
}

/* Finds the terminal of the bearer token and records its heartbeat; FALSE after answering
 * 401. */
static gboolean
authenticate (JjCountyServer    *self,
              SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  JjCountyRequest *request = jj_county_request_get (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  const char *header = soup_message_headers_get_list (headers, JJ_TERMINAL_STATE_HEADER);
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;
  JjTerminalState state = { 0, };
  gboolean parsed;

  if (authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    {
      token = g_strstrip (g_strdup (authorization + 7));
      request->terminal_id = jj_county_db_authenticate (self->db, token);
    }
  if (request->terminal_id == NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer realm=\"jiujin-county\"");
      jj_county_reply_problem (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                               _("Send the token the terminal received at enrollment as "
                                 "\"Authorization: Bearer TOKEN\"; enroll again if it was "
                                 "revoked"));
      return FALSE;
    }

  /* Section 3: a missing or malformed heartbeat never fails the request. */
  parsed = header != NULL && jj_terminal_state_parse (header, &state);
  if (!jj_county_db_record_contact (self->db, request->terminal_id, parsed ? &state : NULL,
                                    g_get_real_time () / G_USEC_PER_SEC, &error))
    g_warning ("Could not record the contact of %s: %s", request->terminal_id, error->message);
  jj_terminal_state_clear (&state);
  return TRUE;
}

static void
dispatch (JjCountyServer    *self,
          SoupServerMessage *msg)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  const char *query_text = g_uri_get_query (soup_server_message_get_uri (msg));
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GHashTable) query = NULL;
  g_autofree char *rest = NULL;
  const Route *route = find_route (path, &rest);

  if (route == NULL)
    {
      jj_county_reply_problem (msg, SOUP_STATUS_NOT_FOUND, "not-found",
                               _("Nothing is served at this path"));
      return;
    }

  if (route->allow != NULL)
    {
      g_auto(GStrv) allowed = g_strsplit (route->allow, ", ", -1);

      if (!g_strv_contains ((const char * const *) allowed, method))
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                        route->allow);
          jj_county_reply_problem (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed",
                                   NULL);
          return;
        }
    }

  if (route->auth && !authenticate (self, msg))
    return;

  query = query_text != NULL ? soup_form_decode (query_text) : NULL;
  switch (route->endpoint)
    {
    case ENDPOINT_DISCOVERY:
      jj_county_api_discovery (self, msg);
      break;
    case ENDPOINT_HEALTH:
      jj_county_api_health (self, msg);
      break;
    case ENDPOINT_ENROLL:
      jj_county_api_enroll (self, msg);
      break;
    case ENDPOINT_HEARTBEAT:
      jj_county_api_heartbeat (self, msg);
      break;
    case ENDPOINT_SUBMISSIONS:
      jj_county_api_submissions (self, msg);
      break;
    case ENDPOINT_EVALUATIONS:
      jj_county_api_evaluations (self, msg);
      break;
    case ENDPOINT_STATUSES:
      jj_county_api_statuses (self, msg, query);
      break;
    case ENDPOINT_CASE:
      jj_county_api_case (self, msg, rest);
      break;
    case ENDPOINT_CATALOG:
      jj_county_api_catalog (self, msg);
      break;
    case ENDPOINT_ATTACHMENTS:
      jj_county_tus_handle (self->tus, msg, path, jj_county_request_get (msg)->terminal_id,
                            "/v1/attachments");
      break;
    case ENDPOINT_METRICS:
    default:
      jj_county_api_metrics (self, msg);
      break;
    }
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  JjCountyServer *self = user_data;

  if (jj_county_request_get (msg) == NULL)
    return;
  if (apply_fault (self, msg, path))
    return;
  dispatch (self, msg);
}

/* --demo: what a county clerk would do, quickly, so the README's round trip can be watched. */
static gboolean
demo_tick (gpointer user_data)
{
  JjCountyServer *self = user_data;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GPtrArray) received = jj_county_db_cases_waiting (self->db, "received",
                                                              now - DEMO_ACCEPT_AFTER, NULL);
  g_autoptr(GPtrArray) accepted = jj_county_db_cases_waiting (self->db, "accepted",
                                                              now - DEMO_COMPLETE_AFTER, NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; received != NULL && i < received->len; i++)
    {
      const char *number = g_ptr_array_index (received, i);
      g_autoptr(JsonNode) found = jj_county_db_get_case (self->db, NULL, number, NULL);
      /* A corrected revision is accepted, or the demo would return it for ever. */
      gboolean returned = g_ascii_strtoll (strrchr (number, '-') + 1, NULL, 10) % 10 == 0 &&
                          found != NULL &&
                          json_object_get_int_member (json_node_get_object (found),
                                                      "revision") == 1;

      /* The reason is demo data for a Chinese terminal, not an interface string. */
      if (!jj_county_db_set_case_state (self->db, number, returned ? "returned" : "accepted",
                                        returned ? "户口簿复印件不清晰，请重新提交。" : NULL,
                                        now, &error))
        {
          g_warning ("Demo: %s", error->message);
          g_clear_error (&error);
        }
    }
  for (guint i = 0; accepted != NULL && i < accepted->len; i++)
    {
      if (!jj_county_db_set_case_state (self->db, g_ptr_array_index (accepted, i), "completed",
                                        NULL, now, &error))
        {
          g_warning ("Demo: %s", error->message);
          g_clear_error (&error);
        }
    }
  return G_SOURCE_CONTINUE;
}

JjCountyServer *
jj_county_server_new (const JjCountyServerOptions  *options,
                      GError                      **error)
{
  g_autoptr(JjCountyServer) self = g_new0 (JjCountyServer, 1);
  g_autofree char *storage = g_build_filename (options->data_dir, "storage", NULL);
  g_autofree char *header = g_strdup_printf ("jiujin-county/%s ", PACKAGE_VERSION);

  self->stalls = g_ptr_array_new_with_free_func ((GDestroyNotify) stall_free);
  self->case_prefix = g_strdup (options->case_prefix != NULL ? options->case_prefix : "JX");
  self->quiet_after = options->quiet_after > 0 ? options->quiet_after : 24 * 3600;
  self->metrics = jj_county_metrics_new ();
  if (!(self->db = jj_county_db_open (options->data_dir, error)) ||
      !(self->tus = jj_county_tus_new (jj_county_db_get_handle (self->db), storage,
                                       JJ_COUNTY_MAX_ATTACHMENT_BYTES, error)))
    return NULL;
  self->faults = jj_county_db_count_faults (self->db);

  self->soup = soup_server_new ("tls-certificate", options->certificate,
                                "server-header", header, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_finished), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (request_aborted), self);
  soup_server_add_early_handler (self->soup, NULL, early_handler, self, NULL);
  soup_server_add_handler (self->soup, NULL, handler, self, NULL);

  if (options->demo)
    self->demo_source = g_timeout_add_seconds (1, demo_tick, self);
  return g_steal_pointer (&self);
}

void
jj_county_server_free (JjCountyServer *self)
{
  if (self == NULL)
    return;

  g_clear_handle_id (&self->demo_source, g_source_remove);
  g_clear_pointer (&self->stalls, g_ptr_array_unref);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->tus, jj_county_tus_free);
  g_clear_pointer (&self->db, jj_county_db_free);
  g_clear_pointer (&self->metrics, jj_county_metrics_free);
  g_free (self->case_prefix);
  g_free (self);
}

gboolean
jj_county_server_listen (JjCountyServer  *self,
                         GSocketAddress  *address,
                         guint16         *port,
                         GError         **error)
{
  g_autoslist(GUri) uris = NULL;

  if (!soup_server_listen (self->soup, address, SOUP_SERVER_LISTEN_HTTPS, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  *port = uris != NULL ? g_uri_get_port (uris->data) : 0;
  return TRUE;
}
