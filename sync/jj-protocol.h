/* jj-protocol.h — what terminal and county share of docs/sync-protocol.md
 *
 * Codecs both sides need: RFC 9457 problem details, the canonical JSON whose SHA-256 is a
 * submission's fingerprint, the Jiujin-Terminal-State heartbeat header, tus metadata.
 * GTK-free; json-glib and libsoup only.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define JJ_PROTOCOL_VERSION 1
#define JJ_PROTOCOL_NAME "jiujin-sync"
#define JJ_PROBLEM_TYPE_PREFIX "urn:jiujin:problem:"
#define JJ_TERMINAL_STATE_HEADER "Jiujin-Terminal-State"

/* A problem+json document (RFC 9457). @name is the type without JJ_PROBLEM_TYPE_PREFIX
 * (a type that does not start with it is kept whole); @extra holds any other members. */
typedef struct
{
  guint       status;
  char       *name;
  char       *title;
  char       *detail;
  JsonObject *extra;
} JjProblem;

JjProblem *jj_problem_new        (guint          status,
                                  const char    *name,
                                  const char    *title,
                                  const char    *detail);
void       jj_problem_free       (JjProblem     *problem);
/* Serialises @problem as application/problem+json. */
char      *jj_problem_to_string  (JjProblem     *problem);
JsonNode  *jj_problem_to_node    (JjProblem     *problem);
/* Parses a problem document; NULL with an error when @body is not one. */
JjProblem *jj_problem_parse      (const char    *body,
                                  gsize          length,
                                  GError       **error);
JjProblem *jj_problem_from_object (JsonObject   *object);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjProblem, jj_problem_free)

/* The canonical form of @node (object members sorted by their UTF-8 bytes, no whitespace,
 * RFC 8785 string escaping, integers as decimals) and the lower-case hex SHA-256 of it: the
 * fingerprint that decides whether a retried submission is "the same body". */
char      *jj_protocol_canonical_json (JsonNode *node);
char      *jj_protocol_fingerprint    (JsonNode *node);

/* The heartbeat every authenticated request carries (section 3). */
typedef struct
{
  gint64  queue;
  gint64  oldest;       /* seconds */
  gint64  last_sync;    /* Unix time, 0 = never */
  char   *app;
  char   *catalog;
  gint64  free_disk;    /* bytes */
} JjTerminalState;

void       jj_terminal_state_clear  (JjTerminalState *state);
/* An RFC 8941 dictionary, e.g. `queue=12, oldest=5400, …, app="0.2.0"`. */
char      *jj_terminal_state_format (const JjTerminalState *state);
/* FALSE (and @state untouched) when @value is not a valid dictionary with integer/strings
 * where section 3 says; unknown keys are ignored. */
gboolean   jj_terminal_state_parse  (const char      *value,
                                     JjTerminalState *state);

/* A Retry-After header's value (RFC 9110: seconds, or an HTTP date) as seconds from now;
 * 0 when @value is NULL, unreadable or in the past, which leaves the wait to the backoff. */
guint       jj_protocol_parse_retry_after (const char *value);

/* tus Upload-Metadata: "key base64, key base64". Format takes NULL-terminated key/value
 * pairs; parse returns a table of decoded values (NULL when malformed). */
char       *jj_tus_metadata_format  (const char *first_key,
                                     ...) G_GNUC_NULL_TERMINATED;
GHashTable *jj_tus_metadata_parse   (const char *value);

/* Prepares a terminal's request to the county for a kept-alive connection: marks it safe to
 * repeat (every request of the protocol is) and keeps the connection after an answer without
 * a body (204, 304), which libsoup 3.2 otherwise closes. */
void        jj_protocol_keep_alive  (SoupMessage *msg);

G_END_DECLS
