/* jj-county-metrics.h — the counters behind /metrics (Prometheus text format 0.0.4)
 *
 * Counters live in memory and start again at zero with the process, as Prometheus expects of
 * counters; gauges (terminals, cases) are read from the database at each scrape.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _JjCountyMetrics JjCountyMetrics;

JjCountyMetrics *jj_county_metrics_new     (void);
void             jj_county_metrics_free    (JjCountyMetrics *self);

/* One answered request: counted by method, route (the route's pattern, not the path) and
 * status, with its duration and the bytes of its bodies. */
void             jj_county_metrics_request (JjCountyMetrics *self,
                                            const char      *method,
                                            const char      *route,
                                            guint            status,
                                            double           seconds,
                                            guint64          bytes_in,
                                            guint64          bytes_out);

/* Adds one to the counter @family (a name from the table in jj-county-metrics.c, e.g.
 * "jiujin_county_submissions_total") with one label. */
void             jj_county_metrics_count   (JjCountyMetrics *self,
                                            const char      *family,
                                            const char      *label,
                                            const char      *value);

/* The exposition text; @gauges is what jj_county_db_gauges() returns. Caller frees. */
char            *jj_county_metrics_render  (JjCountyMetrics *self,
                                            JsonNode        *gauges);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjCountyMetrics, jj_county_metrics_free)

G_END_DECLS
