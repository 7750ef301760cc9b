/* test-tus.c — the tus uploader against the real jiujin-county and against @tus/server
 *
 * Every upload crosses real HTTPS on loopback. The county tests enroll a terminal the way a
 * technician does (an admin-issued code, POST v1/enroll) and read the attachments endpoint from
 * discovery; they also send by hand what the uploader never sends (wrong offsets, damaged
 * chunks, another terminal's token) and check the county's store on disk. The interop tests run
 * tests/tus-interop/server.mjs, an independent tus server, and compare the bytes it stored.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "jj-test-county.h"
#include "jj-test-util.h"

#include "jj-protocol.h"
#include "jj-sync-engine.h"
#include "jj-tus-client.h"

#define CHUNK          (64 * 1024)
#define MAX_ATTACHMENT (20 * 1024 * 1024)
#define NODE_TIMEOUT_US (30 * G_USEC_PER_SEC)
#define KILLED_ROUNDS  3

/* A file of @size bytes that differ from one file to the next (the county stores each content
 * once, so two tests must never upload the same bytes by chance), and its SHA-256. */
typedef struct
{
  char  *path;
  char  *sha256;
  gint64 size;
} SourceFile;

static void
source_file_free (SourceFile *file)
{
  g_free (file->path);
  g_free (file->sha256);
  g_free (file);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SourceFile, source_file_free)

static SourceFile *
make_file (const char *dir,
           const char *name,
           gint64      size)
{
  static guint32 files_made;
  SourceFile *file = g_new0 (SourceFile, 1);
  g_autofree guint8 *data = g_malloc (MAX (size, 1));
  g_autoptr(GRand) rand = g_rand_new_with_seed (++files_made);
  g_autoptr(GError) error = NULL;

  for (gint64 i = 0; i < size; i++)
    data[i] = g_rand_int (rand) & 0xff;
  file->path = g_build_filename (dir, name, NULL);
  file->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
  file->size = size;
  g_file_set_contents (file->path, (const char *) data, size, &error);
  g_assert_no_error (error);
  return file;
}

static void
assert_same_bytes (const char *path,
                   SourceFile *file)
{
  g_autoptr(GBytes) stored = jj_test_read_file (path);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, stored);

  g_assert_cmpint (g_bytes_get_size (stored), ==, file->size);
  g_assert_cmpstr (sha256, ==, file->sha256);
}

/* What one jj_tus_upload() call saw: the URL it saved and the progress it reported. */
typedef struct
{
  char         *saved_url;
  guint         saves;
  GArray       *offsets;
  guint         cancel_after;    /* chunks; 0 = never */
  GCancellable *cancellable;
  void        (*after_chunk) (gpointer data, guint chunk);
  gpointer      after_chunk_data;
} Observer;

static void
observer_clear (Observer *observer)
{
  g_clear_pointer (&observer->saved_url, g_free);
  g_clear_pointer (&observer->offsets, g_array_unref);
  g_clear_object (&observer->cancellable);
}

static void
observer_init (Observer *observer)
{
  memset (observer, 0, sizeof *observer);
  observer->offsets = g_array_new (FALSE, FALSE, sizeof (gint64));
  observer->cancellable = g_cancellable_new ();
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Observer, observer_clear)

static gboolean
save_url (const char  *upload_url,
          gpointer     user_data,
          GError     **error)
{
  Observer *observer = user_data;

  /* Nothing may have been sent yet: the saved URL is what a crash resumes from. */
  g_assert_cmpuint (observer->offsets->len, ==, 0);
  g_free (observer->saved_url);
  observer->saved_url = g_strdup (upload_url);
  observer->saves++;
  return TRUE;
}

static void
progress (gint64   offset,
          gint64   length,
          gpointer user_data)
{
  Observer *observer = user_data;

  if (observer->offsets->len > 0)
    g_assert_cmpint (offset, >, g_array_index (observer->offsets, gint64,
                                               observer->offsets->len - 1));
  g_assert_cmpint (offset, <=, length);
  g_array_append_val (observer->offsets, offset);
  if (observer->after_chunk != NULL)
    observer->after_chunk (observer->after_chunk_data, observer->offsets->len);
  if (observer->cancel_after > 0 && observer->offsets->len == observer->cancel_after)
    g_cancellable_cancel (observer->cancellable);
}

typedef struct
{
  SoupSession        *session;
  char               *endpoint;
  SoupMessageHeaders *headers;   /* Authorization, as the engine passes it */
  char               *token;
  char               *dir;       /* the source files */
} Client;

static void
client_clear (Client *client)
{
  g_clear_object (&client->session);
  g_clear_pointer (&client->endpoint, g_free);
  g_clear_pointer (&client->headers, soup_message_headers_unref);
  g_clear_pointer (&client->token, g_free);
  if (client->dir != NULL)
    jj_test_remove_tree (client->dir);
  g_clear_pointer (&client->dir, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Client, client_clear)

static void
client_init (Client     *client,
             const char *endpoint,
             const char *token)
{
  client->session = jj_test_county_new_session ();
  client->endpoint = g_strdup (endpoint);
  client->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  client->token = g_strdup (token);
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_append (client->headers, "Authorization", bearer);
    }
  client->dir = jj_test_make_tmp_dir ("tus-source-XXXXXX");
}

/* Uploads @file, resuming @upload_url when given. Returns what jj_tus_upload() returned;
 * @bytes_sent (may be NULL) gets the body bytes of this call alone. */
static gboolean
upload (Client      *client,
        SourceFile  *file,
        const char  *upload_url,
        Observer    *observer,
        gint64      *bytes_sent,
        GError     **error)
{
  JjTusUpload request = {
    .endpoint = client->endpoint,
    .path = file->path,
    .sha256 = file->sha256,
    .filename = "户口簿.jpg",
    .mime_type = "image/jpeg",
    .chunk_bytes = CHUNK,
    .extra_headers = client->headers,
    .upload_url = upload_url,
    .save_url = save_url,
    .progress = progress,
    .user_data = observer,
  };
  gint64 sent = 0;
  guint retry_after = 0;
  gboolean ok;

  ok = jj_tus_upload (client->session, &request, &sent, &retry_after, observer->cancellable,
                      error);
  if (bytes_sent != NULL)
    *bytes_sent = sent;
  return ok;
}

/* Starts uploading @file and stops after @chunks acknowledged chunks, as a terminal switched
 * off mid-way would. */
static void
upload_partly (Client     *client,
               SourceFile *file,
               guint       chunks,
               Observer   *observer)
{
  g_autoptr(GError) error = NULL;

  observer_clear (observer);
  observer_init (observer);
  observer->cancel_after = chunks;
  g_assert_false (upload (client, file, NULL, observer, NULL, &error));
  g_assert_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_CANCELLED);
  g_assert_nonnull (observer->saved_url);
}

/* A tus request made by hand, for what the uploader never sends. */
static SoupMessage *
new_raw (Client     *client,
         const char *method,
         const char *url)
{
  SoupMessage *msg = soup_message_new (method, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autofree char *bearer = g_strconcat ("Bearer ", client->token, NULL);

  soup_message_headers_append (headers, "Authorization", bearer);
  soup_message_headers_append (headers, "Tus-Resumable", "1.0.0");
  return msg;
}

static GBytes *
send_raw (Client      *client,
          SoupMessage *msg)
{
  g_autoptr(GError) error = NULL;
  GBytes *body = soup_session_send_and_read (client->session, msg, NULL, &error);

  g_assert_no_error (error);
  return body;
}

/* The server's offset for @url, or -1 when it answers 404. */
static gint64
head_offset (Client     *client,
             const char *url)
{
  g_autoptr(SoupMessage) msg = new_raw (client, "HEAD", url);
  g_autoptr(GBytes) body = send_raw (client, msg);
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *offset;

  if (soup_message_get_status (msg) == SOUP_STATUS_NOT_FOUND)
    return -1;
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Cache-Control"), ==, "no-store");
  offset = soup_message_headers_get_one (headers, "Upload-Offset");
  g_assert_nonnull (offset);
  return g_ascii_strtoll (offset, NULL, 10);
}

/* A PATCH of @length bytes of @file at @offset, with @checksum as Upload-Checksum (NULL: the
 * right one). */
static SoupMessage *
new_raw_patch (Client     *client,
               const char *url,
               SourceFile *file,
               gint64      offset,
               gsize       length,
               const char *checksum)
{
  SoupMessage *msg = new_raw (client, "PATCH", url);
  g_autoptr(GBytes) whole = jj_test_read_file (file->path);
  g_autoptr(GBytes) chunk = g_bytes_new_from_bytes (whole, offset, length);
  g_autofree char *offset_text = g_strdup_printf ("%" G_GINT64_FORMAT, offset);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_headers_append (headers, "Upload-Offset", offset_text);
  if (checksum == NULL)
    {
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
      guint8 digest[32];
      gsize digest_length = sizeof digest;
      g_autofree char *encoded = NULL;
      g_autofree char *value = NULL;

      g_checksum_update (sum, g_bytes_get_data (chunk, NULL), length);
      g_checksum_get_digest (sum, digest, &digest_length);
      encoded = g_base64_encode (digest, digest_length);
      value = g_strconcat ("sha256 ", encoded, NULL);
      soup_message_headers_append (headers, "Upload-Checksum", value);
    }
  else
    soup_message_headers_append (headers, "Upload-Checksum", checksum);
  soup_message_set_request_body_from_bytes (msg, "application/offset+octet-stream", chunk);
  return msg;
}

static JjProblem *
parse_problem (SoupMessage *msg,
               GBytes      *body)
{
  g_autoptr(GError) error = NULL;
  const char *content_type =
    soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  JjProblem *problem;

  g_assert_cmpstr (content_type, ==, "application/problem+json");
  problem = jj_problem_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problem->status, ==, soup_message_get_status (msg));
  return problem;
}

/* ---- jiujin-county ---- */

typedef struct
{
  JjTestCounty *county;
  Client        client;
} CountyFixture;

static JsonObject *
parse_object (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                              &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Enrolls a new terminal with a fresh code, as `jiujinctl enroll` does, and returns its token. */
static char *
enroll (JjTestCounty *county,
        SoupSession  *session,
        const char   *service_point)
{
  g_autofree char *code = jj_test_county_issue_code (county, service_point);
  g_autofree char *url = g_strconcat (jj_test_county_get_base_url (county), "v1/enroll", NULL);
  g_autofree char *request = g_strdup_printf ("{\"code\": \"%s\", \"app\": \"0.2.0\","
                                              " \"hostname\": \"tus-test\"}", code);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;

  g_autoptr(GBytes) request_body = NULL;

  request_body = g_bytes_new (request, strlen (request));
  soup_message_set_request_body_from_bytes (msg, "application/json", request_body);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_CREATED);
  answer = parse_object (body);
  return g_strdup (json_object_get_string_member (answer, "token"));
}

/* The attachments endpoint, as discovery names it. */
static char *
discover_endpoint (JjTestCounty *county,
                   SoupSession  *session)
{
  const char *base = jj_test_county_get_base_url (county);
  g_autofree char *url = g_strconcat (base, "v1/", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  char *endpoint;

  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  answer = parse_object (body);
  endpoint = g_uri_resolve_relative (base, json_object_get_string_member (answer, "attachments"),
                                     G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  return endpoint;
}

/* One county for every test of this binary, with two enrolled terminals: starting a county
 * takes seconds under ASan. The tests stay independent because each uploads contents of its own
 * (make_file()) and an upload is only ever seen by the terminal that made it. */
static struct
{
  JjTestCounty *county;
  char         *endpoint;
  char         *token;
  char         *other_token;
} shared;

static void
county_setup (CountyFixture *fixture,
              gconstpointer  data)
{
  if (shared.county == NULL)
    {
      g_autoptr(SoupSession) session = NULL;

      shared.county = jj_test_county_start (NULL);
      session = jj_test_county_new_session ();
      shared.token = enroll (shared.county, session, "白石村便民服务站");
      shared.other_token = enroll (shared.county, session, "青山村便民服务站");
      shared.endpoint = discover_endpoint (shared.county, session);
    }
  fixture->county = shared.county;
  client_init (&fixture->client, shared.endpoint, shared.token);
}

static void
county_teardown (CountyFixture *fixture,
                 gconstpointer  data)
{
  client_clear (&fixture->client);
}

static void
shared_county_stop (void)
{
  g_clear_pointer (&shared.county, jj_test_county_stop);
  g_clear_pointer (&shared.endpoint, g_free);
  g_clear_pointer (&shared.token, g_free);
  g_clear_pointer (&shared.other_token, g_free);
}

static char *
county_blob_path (CountyFixture *fixture,
                  const char    *sha256)
{
  return g_build_filename (jj_test_county_get_data_dir (fixture->county), "storage", "blobs",
                           sha256, NULL);
}

/* The file of the unfinished upload at @url in the county's storage. */
static char *
county_upload_path (CountyFixture *fixture,
                    const char    *url)
{
  g_autofree char *id = g_path_get_basename (url);

  return g_build_filename (jj_test_county_get_data_dir (fixture->county), "storage", "uploads",
                           id, NULL);
}

static gboolean
county_has_blob (CountyFixture *fixture,
                 const char    *sha256)
{
  g_autofree char *path = county_blob_path (fixture, sha256);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
county_has_upload_file (CountyFixture *fixture,
                        const char    *url)
{
  g_autofree char *path = county_upload_path (fixture, url);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
assert_county_holds (CountyFixture *fixture,
                     SourceFile    *file)
{
  g_autofree char *path = county_blob_path (fixture, file->sha256);

  assert_same_bytes (path, file);
}

/* One whole upload of a file of @size: the county holds it under its SHA-256 afterwards. */
static void
test_county_size (CountyFixture *fixture,
                  gconstpointer  data)
{
  gint64 size = GPOINTER_TO_SIZE (data);
  g_autoptr(SourceFile) file = make_file (fixture->client.dir, "scan.jpg", size);
  g_auto(Observer) observer = { 0, };
  g_autoptr(GError) error = NULL;
  gint64 sent = -1;

  observer_init (&observer);
  g_assert_true (upload (&fixture->client, file, NULL, &observer, &sent, &error));
  g_assert_no_error (error);

  g_assert_cmpint (sent, ==, size);
  g_assert_cmpuint (observer.saves, ==, 1);
  g_assert_true (g_str_has_prefix (observer.saved_url, fixture->client.endpoint));
  g_assert_cmpuint (observer.offsets->len, ==, (size + CHUNK - 1) / CHUNK);
  if (size > 0)
    g_assert_cmpint (g_array_index (observer.offsets, gint64, observer.offsets->len - 1), ==,
                     size);
  g_assert_cmpint (head_offset (&fixture->client, observer.saved_url), ==, size);

  assert_county_holds (fixture, file);
  g_assert_false (county_has_upload_file (fixture, observer.saved_url));
}

static void
count_connection (SoupMessage        *msg,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  guint              *connections)
{
  if (event == G_SOCKET_CLIENT_CONNECTED)
    (*connections)++;
}

static void
watch_connections (SoupSession *session,
                   SoupMessage *msg,
                   guint       *connections)
{
  g_signal_connect (msg, "network-event", G_CALLBACK (count_connection), connections);
}

/* Several scans of several chunks go over one kept-alive connection: neither the county nor
 * the uploader closes it after a 204 (each PATCH's answer), which libsoup 3.2 does unless
 * told the answer has no body. */
static void
test_county_keeps_the_connection (CountyFixture *fixture,
                                  gconstpointer  data)
{
  guint connections = 0;
  gulong handler = g_signal_connect (fixture->client.session, "request-queued",
                                     G_CALLBACK (watch_connections), &connections);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("scan-%u.jpg", i);
      g_autoptr(SourceFile) file = make_file (fixture->client.dir, name, 2 * CHUNK + 100 + i);
      g_auto(Observer) observer = { 0, };
      g_autoptr(GError) error = NULL;

      observer_init (&observer);
      g_assert_true (upload (&fixture->client, file, NULL, &observer, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (head_offset (&fixture->client, observer.saved_url), ==, file->size);
    }
  g_signal_handler_disconnect (fixture->client.session, handler);
  g_test_message ("%u new connections for 3 scans of 3 chunks", connections);
  g_assert_cmpuint (connections, <=, 1);
}

/* The clerk's terminal stops mid-way; the next attempt asks where the county stands and sends
 * only the rest. */
static void
test_county_resume_after_cancel (CountyFixture *fixture,
                                 gconstpointer  data)
{
  g_autoptr(SourceFile) file = make_file (fixture->client.dir, "scan.pdf", 5 * CHUNK + 1234);
  g_autofree char *blob = county_blob_path (fixture, file->sha256);
  g_auto(Observer) first = { 0, };
  g_auto(Observer) second = { 0, };
  g_autoptr(GError) error = NULL;
  gint64 sent = 0;

  observer_init (&first);
  first.cancel_after = 2;
  g_assert_false (upload (&fixture->client, file, NULL, &first, &sent, &error));
  g_assert_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_CANCELLED);
  g_assert_cmpint (sent, ==, 2 * CHUNK);
  g_assert_cmpint (head_offset (&fixture->client, first.saved_url), ==, 2 * CHUNK);
  g_assert_false (g_file_test (blob, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  observer_init (&second);
  g_assert_true (upload (&fixture->client, file, first.saved_url, &second, &sent, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sent, ==, file->size - 2 * CHUNK);
  g_assert_cmpuint (second.saves, ==, 0);
  g_assert_cmpint (g_array_index (second.offsets, gint64, 0), ==, 3 * CHUNK);
  assert_same_bytes (blob, file);
}

/* Kills the county a moment after the uploader's @at_chunk-th acknowledged chunk, from
 * another thread, so that the kill lands in the middle of the next PATCH. */
typedef struct
{
  JjTestCounty *county;
  guint         at_chunk;
  guint         delay_us;
  GThread      *thread;
} Killer;

static gpointer
kill_after_delay (gpointer data)
{
  Killer *killer = data;

  g_usleep (killer->delay_us);
  kill (jj_test_county_get_pid (killer->county), SIGKILL);
  return NULL;
}

static void
start_killer (gpointer data,
              guint    chunk)
{
  Killer *killer = data;

  if (chunk == killer->at_chunk)
    killer->thread = g_thread_new ("killer", kill_after_delay, killer);
}

/* The county dies with SIGKILL in the middle of PATCH requests, several times. Each time it
 * comes back, the offset it announces is covered by the bytes in its upload file, and the
 * uploader resumes from it; the blob is the source, byte for byte. */
static void
test_county_resume_after_server_kill (CountyFixture *fixture,
                                      gconstpointer  data)
{
  g_autoptr(SourceFile) file = make_file (fixture->client.dir, "scan.png", 4 * 1024 * 1024 + 77);
  g_autoptr(GBytes) source = jj_test_read_file (file->path);
  g_autofree char *url = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (4);
  gboolean done = FALSE;

  for (guint round = 0; !done; round++)
    {
      g_auto(Observer) observer = { 0, };
      g_autoptr(GError) error = NULL;
      Killer killer = { fixture->county, g_rand_int_range (rand, 1, 8),
                        g_rand_int_range (rand, 0, 3000), NULL };
      g_autofree char *upload_path = NULL;
      g_autoptr(GBytes) partial = NULL;
      gint64 offset;

      observer_init (&observer);
      /* Only the first rounds are killed (8 chunks at most each), so that the upload ends. */
      if (round < KILLED_ROUNDS)
        {
          observer.after_chunk = start_killer;
          observer.after_chunk_data = &killer;
        }
      done = upload (&fixture->client, file, url, &observer, NULL, &error);
      if (killer.thread != NULL)
        g_thread_join (killer.thread);
      if (url == NULL)
        url = g_strdup (observer.saved_url);
      if (done)
        break;

      g_assert_cmpuint (round, <, KILLED_ROUNDS);
      g_assert_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_OFFLINE);
      jj_test_county_restart (fixture->county);

      offset = head_offset (&fixture->client, url);
      g_assert_cmpint (offset, >, 0);
      g_assert_cmpint (offset, <, file->size);
      upload_path = county_upload_path (fixture, url);
      partial = jj_test_read_file (upload_path);
      g_assert_cmpint (g_bytes_get_size (partial), >=, offset);
      g_assert_cmpmem (g_bytes_get_data (partial, NULL), offset,
                       g_bytes_get_data (source, NULL), offset);
      g_test_message ("killed after chunk %u (+%u us); the county resumes at %" G_GINT64_FORMAT,
                      killer.at_chunk, killer.delay_us, offset);
    }

  assert_county_holds (fixture, file);
}

/* A PATCH whose offset is not the county's is refused with 409 and changes nothing. */
static void
test_county_wrong_offset (CountyFixture *fixture,
                          gconstpointer  data)
{
  g_autoptr(SourceFile) file = make_file (fixture->client.dir, "scan.jpg", 4 * CHUNK + 10);
  g_auto(Observer) first = { 0, };
  g_auto(Observer) second = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JjProblem) problem = NULL;
  gint64 sent = 0;

  upload_partly (&fixture->client, file, 1, &first);

  msg = new_raw_patch (&fixture->client, first.saved_url, file, 0, CHUNK, NULL);
  body = send_raw (&fixture->client, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_CONFLICT);
  problem = parse_problem (msg, body);
  g_assert_cmpstr (problem->name, ==, "offset-conflict");
  g_assert_cmpint (head_offset (&fixture->client, first.saved_url), ==, CHUNK);

  observer_init (&second);
  g_assert_true (upload (&fixture->client, file, first.saved_url, &second, &sent, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sent, ==, file->size - CHUNK);
  assert_county_holds (fixture, file);
}

typedef struct
{
  Client     *client;
  SourceFile *file;
  const char *url;
} Overtaker;

static void
send_next_chunk_by_hand (gpointer data,
                         guint    chunk)
{
  Overtaker *overtaker = data;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;

  if (chunk != 1)
    return;
  msg = new_raw_patch (overtaker->client, overtaker->url, overtaker->file, 2 * CHUNK, CHUNK,
                       NULL);
  body = send_raw (overtaker->client, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_NO_CONTENT);
}

/* The uploader is overtaken: between two of its chunks another sender delivers the next one.
 * Its PATCH then meets 409, it asks with HEAD, and it goes on from the county's offset. */
static void
test_county_conflict_recovers (CountyFixture *fixture,
                               gconstpointer  data)
{
  g_autoptr(SourceFile) file = make_file (fixture->client.dir, "scan.jpg", 4 * CHUNK + 10);
  g_auto(Observer) first = { 0, };
  g_auto(Observer) second = { 0, };
  g_autoptr(GError) error = NULL;
  Overtaker overtaker = { &fixture->client, file, NULL };
  gint64 sent = 0;

  upload_partly (&fixture->client, file, 1, &first);

  observer_init (&second);
  overtaker.url = first.saved_url;
  second.after_chunk = send_next_chunk_by_hand;
  second.after_chunk_data = &overtaker;
  g_assert_true (upload (&fixture->client, file, first.saved_url, &second, &sent, &error));
  g_assert_no_error (error);
  /* Chunks 2 and 4 and the remainder, and chunk 3 once more, refused with 409. */
  g_assert_cmpint (sent, ==, 3 * CHUNK + 10);
  g_assert_cmpuint (second.offsets->len, ==, 3);
  assert_county_holds (fixture, file);
}

/* A chunk that does not match its Upload-Checksum is refused with 460 and the offset does not
 * move; an unknown algorithm is a 400. */
static void
test_county_chunk_checksum (CountyFixture *fixture,
                            gconstpointer  data)
{
  g_autoptr(SourceFile) file = make_file (fixture->client.dir, "scan.jpg", 3 * CHUNK);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JjProblem) problem = NULL;
  g_auto(Observer) first = { 0, };
  /* The SHA-256 of "abc", not of the chunk. */
  const char *wrong = "sha256 ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=";

  upload_partly (&fixture->client, file, 1, &first);

  msg = new_raw_patch (&fixture->client, first.saved_url, file, CHUNK, CHUNK, wrong);
  body = send_raw (&fixture->client, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 460);
  problem = parse_problem (msg, body);
  g_assert_cmpstr (problem->name, ==, "checksum-mismatch");
  g_assert_cmpint (head_offset (&fixture->client, first.saved_url), ==, CHUNK);
  g_clear_object (&msg);
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&problem, jj_problem_free);

  msg = new_raw_patch (&fixture->client, first.saved_url, file, CHUNK, CHUNK, "md5 AAAA");
  body = send_raw (&fixture->client, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_BAD_REQUEST);
  problem = parse_problem (msg, body);
  g_assert_cmpint (head_offset (&fixture->client, first.saved_url), ==, CHUNK);
}

/* The whole file arriving with another SHA-256 than announced is discarded with 460
 * attachment-digest-mismatch; the uploader gives up on this scan (ATTACHMENT_REFUSED) and
 * nothing is held. */
static void
test_county_digest_mismatch (CountyFixture *fixture,
                             gconstpointer  data)
{
  g_autoptr(SourceFile) file = make_file (fixture->client.dir, "scan.jpg", 2 * CHUNK + 5);
  g_autofree char *actual_sha256 = g_strdup (file->sha256);
  g_auto(Observer) observer = { 0, };
  g_autoptr(GError) error = NULL;

  g_free (file->sha256);
  file->sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "another scan", -1);
  observer_init (&observer);
  g_assert_false (upload (&fixture->client, file, NULL, &observer, NULL, &error));
  g_assert_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_ATTACHMENT_REFUSED);
  g_test_message ("%s", error->message);

  g_assert_cmpint (head_offset (&fixture->client, observer.saved_url), ==, -1);
  g_assert_false (county_has_blob (fixture, actual_sha256));
  g_assert_false (county_has_blob (fixture, file->sha256));
  g_assert_false (county_has_upload_file (fixture, observer.saved_url));
}

/* Above the county's limit: the uploader refuses before sending (Tus-Max-Size), and a
 * creation request sent anyway is 413. */
static void
test_county_size_limit (CountyFixture *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->client.dir, "huge.pdf", NULL);
  SourceFile file = { path, (char *) "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                      MAX_ATTACHMENT + 1 };
  g_autoptr(SoupMessage) msg = new_raw (&fixture->client, "POST", fixture->client.endpoint);
  g_autofree char *metadata = jj_tus_metadata_format ("sha256", file.sha256, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JjProblem) problem = NULL;
  g_auto(Observer) observer = { 0, };
  g_autoptr(GError) error = NULL;
  gint64 sent = 0;
  int fd;

  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, file.size), ==, 0);
  close (fd);

  observer_init (&observer);
  g_assert_false (upload (&fixture->client, &file, NULL, &observer, &sent, &error));
  g_assert_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_ATTACHMENT_REFUSED);
  g_assert_cmpint (sent, ==, 0);
  g_assert_cmpuint (observer.saves, ==, 0);

  soup_message_headers_append (soup_message_get_request_headers (msg), "Upload-Length",
                               "20971521");
  soup_message_headers_append (soup_message_get_request_headers (msg), "Upload-Metadata",
                               metadata);
  body = send_raw (&fixture->client, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
  problem = parse_problem (msg, body);
  g_assert_cmpstr (problem->name, ==, "too-large");
}

/* Termination: DELETE of an unfinished upload; its URL then answers 404 and its file is gone. */
static void
test_county_terminate (CountyFixture *fixture,
                       gconstpointer  data)
{
  g_autoptr(SourceFile) file = make_file (fixture->client.dir, "scan.jpg", 3 * CHUNK);
  g_autofree char *partial = NULL;
  g_auto(Observer) observer = { 0, };
  g_autoptr(GError) error = NULL;

  upload_partly (&fixture->client, file, 1, &observer);
  partial = county_upload_path (fixture, observer.saved_url);
  g_assert_true (g_file_test (partial, G_FILE_TEST_IS_REGULAR));

  g_assert_true (jj_tus_terminate (fixture->client.session, observer.saved_url,
                                   fixture->client.headers, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (head_offset (&fixture->client, observer.saved_url), ==, -1);
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  /* Terminating again is not an error: the upload is gone either way. */
  g_assert_true (jj_tus_terminate (fixture->client.session, observer.saved_url,
                                   fixture->client.headers, NULL, &error));
}

/* Another terminal's token cannot see, continue or delete the upload; given the URL, that
 * terminal's uploader makes an upload of its own. */
static void
test_county_other_terminal (CountyFixture *fixture,
                            gconstpointer  data)
{
  g_autoptr(SourceFile) file = make_file (fixture->client.dir, "scan.jpg", 3 * CHUNK);
  const char *methods[] = { "HEAD", "PATCH", "DELETE" };
  g_auto(Client) other = { 0, };
  g_auto(Observer) first = { 0, };
  g_auto(Observer) second = { 0, };
  g_autoptr(GError) error = NULL;

  upload_partly (&fixture->client, file, 1, &first);

  client_init (&other, fixture->client.endpoint, shared.other_token);
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GBytes) body = NULL;

      if (strcmp (methods[i], "PATCH") == 0)
        msg = new_raw_patch (&other, first.saved_url, file, CHUNK, CHUNK, NULL);
      else
        msg = new_raw (&other, methods[i], first.saved_url);
      body = send_raw (&other, msg);
      g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_NOT_FOUND);
    }
  g_assert_cmpint (head_offset (&fixture->client, first.saved_url), ==, CHUNK);

  observer_init (&second);
  g_assert_true (upload (&other, file, first.saved_url, &second, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (second.saves, ==, 1);
  g_assert_cmpstr (second.saved_url, !=, first.saved_url);
  g_assert_cmpint (head_offset (&fixture->client, second.saved_url), ==, -1);
  g_assert_cmpint (head_offset (&other, second.saved_url), ==, file->size);
}

/* The same scan from another terminal (or another submission) is held already: creation
 * answers with the upload complete and not a byte is sent. */
static void
test_county_already_held (CountyFixture *fixture,
                          gconstpointer  data)
{
  g_autoptr(SourceFile) file = make_file (fixture->client.dir, "scan.jpg", 2 * CHUNK + 3);
  g_auto(Client) other = { 0, };
  g_auto(Observer) first = { 0, };
  g_auto(Observer) second = { 0, };
  g_autoptr(GError) error = NULL;
  gint64 sent = -1;

  observer_init (&first);
  g_assert_true (upload (&fixture->client, file, NULL, &first, NULL, &error));
  g_assert_no_error (error);

  client_init (&other, fixture->client.endpoint, shared.other_token);
  observer_init (&second);
  g_assert_true (upload (&other, file, NULL, &second, &sent, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sent, ==, 0);
  g_assert_cmpuint (second.saves, ==, 1);
  g_assert_cmpuint (second.offsets->len, ==, 0);
  g_assert_cmpint (head_offset (&other, second.saved_url), ==, file->size);
  assert_county_holds (fixture, file);
}

/* A request without Tus-Resumable: 412, and the version the county speaks. */
static void
test_county_resumable_required (CountyFixture *fixture,
                                gconstpointer  data)
{
  g_autoptr(SoupMessage) msg = new_raw (&fixture->client, "POST", fixture->client.endpoint);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JjProblem) problem = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_headers_remove (headers, "Tus-Resumable");
  soup_message_headers_append (headers, "Upload-Length", "10");
  body = send_raw (&fixture->client, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_PRECONDITION_FAILED);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                 "Tus-Version"), ==, "1.0.0");
  problem = parse_problem (msg, body);
}

/* ---- @tus/server ---- */

typedef struct
{
  char        *dir;
  char        *store;
  GSubprocess *node;
  Client       client;
} Interop;

/* Starts tests/tus-interop/server.mjs; FALSE (the test skipped) when its packages are not
 * installed. */
static gboolean
interop_start (Interop *interop)
{
  const char *package_dir = g_getenv ("JIUJIN_TUS_INTEROP");
  g_autofree char *modules = NULL;
  g_autofree char *script = NULL;
  g_autofree char *port_file = NULL;
  g_autofree char *port = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *node = g_find_program_in_path ("node");
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  g_assert_nonnull (package_dir);
  modules = g_build_filename (package_dir, "node_modules", "@tus", "server", NULL);
  if (!g_file_test (modules, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("tests/tus-interop/node_modules is not installed; build-aux/dev.sh test "
                   "installs it (npm ci --prefix tests/tus-interop)");
      return FALSE;
    }
  g_assert_nonnull (node);

  interop->dir = jj_test_make_tmp_dir ("tus-interop-XXXXXX");
  interop->store = g_build_filename (interop->dir, "store", NULL);
  port_file = g_build_filename (interop->dir, "port", NULL);
  script = g_build_filename (package_dir, "server.mjs", NULL);
  interop->node = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, node, script,
                                    "--cert", g_getenv ("JIUJIN_TEST_CERT"),
                                    "--key", g_getenv ("JIUJIN_TEST_KEY"),
                                    "--dir", interop->store,
                                    "--port-file", port_file,
                                    NULL);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + NODE_TIMEOUT_US;
  while (!g_file_get_contents (port_file, &port, NULL, NULL))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  endpoint = g_strdup_printf ("https://127.0.0.1:%s/files", g_strstrip (port));
  client_init (&interop->client, endpoint, NULL);
  return TRUE;
}

static void
interop_stop (Interop *interop)
{
  if (interop->node != NULL)
    {
      g_subprocess_send_signal (interop->node, SIGTERM);
      g_subprocess_wait (interop->node, NULL, NULL);
    }
  g_clear_object (&interop->node);
  client_clear (&interop->client);
  if (interop->dir != NULL)
    jj_test_remove_tree (interop->dir);
  g_clear_pointer (&interop->dir, g_free);
  g_clear_pointer (&interop->store, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Interop, interop_stop)

static char *
interop_stored_path (Interop    *interop,
                     const char *url)
{
  g_autofree char *id = g_path_get_basename (url);

  return g_build_filename (interop->store, id, NULL);
}

/* Files of every shape and a resumed upload, to a tus server that is not ours and does not
 * verify checksums: what it stored is the source, byte for byte. */
static void
test_interop_upload (void)
{
  const gint64 sizes[] = { 0, 1, CHUNK, 3 * CHUNK + 17 };
  g_auto(Interop) interop = { 0, };
  g_autoptr(SourceFile) resumed = NULL;
  g_autoptr(SourceFile) terminated = NULL;
  g_autofree char *stored = NULL;
  g_auto(Observer) first = { 0, };
  g_auto(Observer) second = { 0, };
  g_autoptr(GError) error = NULL;
  gint64 sent = 0;

  if (!interop_start (&interop))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("scan-%u.jpg", i);
      g_autoptr(SourceFile) file = make_file (interop.client.dir, name, sizes[i]);
      g_autofree char *path = NULL;
      g_auto(Observer) observer = { 0, };

      observer_init (&observer);
      g_assert_true (upload (&interop.client, file, NULL, &observer, &sent, &error));
      g_assert_no_error (error);
      g_assert_cmpint (sent, ==, sizes[i]);
      /* The Location was relative; the uploader saved the absolute URL. */
      g_assert_true (g_str_has_prefix (observer.saved_url, interop.client.endpoint));
      path = interop_stored_path (&interop, observer.saved_url);
      assert_same_bytes (path, file);
    }

  resumed = make_file (interop.client.dir, "resumed.pdf", 5 * CHUNK + 3);
  observer_init (&first);
  first.cancel_after = 2;
  g_assert_false (upload (&interop.client, resumed, NULL, &first, &sent, &error));
  g_assert_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_CANCELLED);
  g_assert_cmpint (sent, ==, 2 * CHUNK);
  g_clear_error (&error);
  observer_init (&second);
  g_assert_true (upload (&interop.client, resumed, first.saved_url, &second, &sent, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sent, ==, resumed->size - 2 * CHUNK);
  g_assert_cmpuint (second.saves, ==, 0);
  stored = interop_stored_path (&interop, first.saved_url);
  assert_same_bytes (stored, resumed);

  terminated = make_file (interop.client.dir, "terminated.png", 3 * CHUNK);
  upload_partly (&interop.client, terminated, 1, &first);
  g_clear_pointer (&stored, g_free);
  stored = interop_stored_path (&interop, first.saved_url);
  g_assert_true (g_file_test (stored, G_FILE_TEST_IS_REGULAR));
  g_assert_true (jj_tus_terminate (interop.client.session, first.saved_url, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (stored, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tus/county/empty-file", CountyFixture, GSIZE_TO_POINTER (0),
              county_setup, test_county_size, county_teardown);
  g_test_add ("/tus/county/one-byte", CountyFixture, GSIZE_TO_POINTER (1),
              county_setup, test_county_size, county_teardown);
  g_test_add ("/tus/county/exactly-one-chunk", CountyFixture, GSIZE_TO_POINTER (CHUNK),
              county_setup, test_county_size, county_teardown);
  g_test_add ("/tus/county/chunks-and-remainder", CountyFixture,
              GSIZE_TO_POINTER (5 * CHUNK + 4321),
              county_setup, test_county_size, county_teardown);
  g_test_add ("/tus/county/resume-after-cancel-sends-only-the-rest", CountyFixture, NULL,
              county_setup, test_county_resume_after_cancel, county_teardown);
  g_test_add ("/tus/county/resume-after-server-sigkill", CountyFixture, NULL,
              county_setup, test_county_resume_after_server_kill, county_teardown);
  g_test_add ("/tus/county/wrong-offset-is-409", CountyFixture, NULL,
              county_setup, test_county_wrong_offset, county_teardown);
  g_test_add ("/tus/county/overtaken-uploader-recovers-from-409", CountyFixture, NULL,
              county_setup, test_county_conflict_recovers, county_teardown);
  g_test_add ("/tus/county/damaged-chunk-is-460", CountyFixture, NULL,
              county_setup, test_county_chunk_checksum, county_teardown);
  g_test_add ("/tus/county/digest-mismatch-is-discarded", CountyFixture, NULL,
              county_setup, test_county_digest_mismatch, county_teardown);
  g_test_add ("/tus/county/size-limit-is-413", CountyFixture, NULL,
              county_setup, test_county_size_limit, county_teardown);
  g_test_add ("/tus/county/keeps-the-connection", CountyFixture, NULL,
              county_setup, test_county_keeps_the_connection, county_teardown);
  g_test_add ("/tus/county/terminate", CountyFixture, NULL,
              county_setup, test_county_terminate, county_teardown);
  g_test_add ("/tus/county/other-terminal-gets-404", CountyFixture, NULL,
              county_setup, test_county_other_terminal, county_teardown);
  g_test_add ("/tus/county/held-blob-is-not-sent-again", CountyFixture, NULL,
              county_setup, test_county_already_held, county_teardown);
  g_test_add ("/tus/county/tus-resumable-required", CountyFixture, NULL,
              county_setup, test_county_resumable_required, county_teardown);
  g_test_add_func ("/tus/interop/tus-node-server", test_interop_upload);

  status = g_test_run ();
  shared_county_stop ();
  return status;
}
