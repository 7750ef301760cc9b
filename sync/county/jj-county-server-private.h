/* jj-county-server-private.h — what the server's request handlers share
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "jj-county-db.h"
#include "jj-county-metrics.h"
#include "jj-county-server.h"
#include "jj-county-tus.h"

G_BEGIN_DECLS

struct _JjCountyServer
{
  SoupServer      *soup;
  JjCountyDb      *db;
  JjCountyTus     *tus;
  JjCountyMetrics *metrics;
  char            *case_prefix;
  gint64           quiet_after;
  gint64           faults;        /* rows in the faults table, re-read when the file changes */
  GPtrArray       *stalls;        /* requests held back by a "stall" fault */
  guint            demo_source;
};

/* What the server keeps about one request while it is answered. */
typedef struct
{
  gint64      started;            /* monotonic µs */
  const char *route;              /* the route's pattern, for logs and metrics */
  char       *terminal_id;        /* once authenticated */
  guint64     bytes_in;
  guint64     limit;              /* largest body accepted */
  gboolean    too_large;
  const char *fault;              /* the kind of an injected fault */
} JjCountyRequest;

JjCountyRequest *jj_county_request_get (SoupServerMessage *msg);

/* Answers @msg with @node as JSON (NULL: no body) and @status. */
void     jj_county_reply_json     (SoupServerMessage *msg,
                                   guint              status,
                                   JsonNode          *node);
/* Answers @msg with a problem+json of the given type; @detail may be NULL. */
void     jj_county_reply_problem  (SoupServerMessage *msg,
                                   guint              status,
                                   const char        *name,
                                   const char        *detail);
/* The title of problem type @name, translated. */
const char *jj_county_problem_title (const char      *name);
/* A problem as an item result or reply body: caller frees. */
JjProblem *jj_county_problem_new  (guint              status,
                                   const char        *name,
                                   const char        *detail);

/* The request's JSON body, or NULL after answering 415, 413 or 400 malformed-json. An empty
 * body is NULL too unless @allow_empty, when it reads as {}. */
JsonNode *jj_county_read_json     (JjCountyServer    *self,
                                   SoupServerMessage *msg,
                                   gboolean           allow_empty);

/* The endpoints of section 4 to 11 (jj-county-api.c). */
void jj_county_api_discovery   (JjCountyServer *self, SoupServerMessage *msg);
void jj_county_api_health      (JjCountyServer *self, SoupServerMessage *msg);
void jj_county_api_enroll      (JjCountyServer *self, SoupServerMessage *msg);
void jj_county_api_heartbeat   (JjCountyServer *self, SoupServerMessage *msg);
void jj_county_api_submissions (JjCountyServer *self, SoupServerMessage *msg);
void jj_county_api_evaluations (JjCountyServer *self, SoupServerMessage *msg);
void jj_county_api_statuses    (JjCountyServer *self, SoupServerMessage *msg, GHashTable *query);
void jj_county_api_case        (JjCountyServer *self, SoupServerMessage *msg, const char *number);
void jj_county_api_catalog     (JjCountyServer *self, SoupServerMessage *msg);
void jj_county_api_metrics     (JjCountyServer *self, SoupServerMessage *msg);

G_END_DECLS
