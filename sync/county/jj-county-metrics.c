/* jj-county-metrics.c — the counters behind /metrics
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "jj-county-metrics.h"

/* Every family /metrics can show, in the order it shows them. HELP texts stay in English:
 * they are read by monitoring systems, not by clerks. */
static const struct
{
  const char *name;
  const char *type;
  const char *help;
} families[] = {
  { "jiujin_county_http_requests_total", "counter",
    "Requests answered, by method, route and status." },
  { "jiujin_county_http_request_duration_seconds", "summary",
    "Time from the start of a request to its answer, by route." },
  { "jiujin_county_http_request_bytes_total", "counter", "Bytes of request bodies received." },
  { "jiujin_county_http_response_bytes_total", "counter", "Bytes of response bodies sent." },
  { "jiujin_county_enrollments_total", "counter", "Enrollment attempts, by result." },
  { "jiujin_county_submissions_total", "counter",
    "Submission items, by result: stored, replayed or refused." },
  { "jiujin_county_submissions_refused_total", "counter",
    "Submission items refused, by problem type." },
  { "jiujin_county_evaluations_total", "counter",
    "Evaluation items, by result: stored, replayed or refused." },
  { "jiujin_county_faults_injected_total", "counter", "Injected faults, by kind." },
  { "jiujin_county_terminals", "gauge", "Enrolled terminals that are not revoked." },
  { "jiujin_county_terminals_quiet", "gauge",
    "Terminals not seen for longer than the quiet threshold." },
  { "jiujin_county_cases", "gauge", "Cases, by state." },
  { "jiujin_county_start_time_seconds", "gauge", "When the server started, in Unix time." },
};

struct _JjCountyMetrics
{
  GTree  *series;       /* "name{labels}" → double* */
  gint64  start_time;
};

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return strcmp (a, b);
}

JjCountyMetrics *
jj_county_metrics_new (void)
{
  JjCountyMetrics *self = g_new0 (JjCountyMetrics, 1);

  self->series = g_tree_new_full (compare_names, NULL, g_free, g_free);
  self->start_time = g_get_real_time () / G_USEC_PER_SEC;
  return self;
}

void
jj_county_metrics_free (JjCountyMetrics *self)
{
  if (self == NULL)
    return;

  g_tree_unref (self->series);
  g_free (self);
}

static void
add (JjCountyMetrics *self,
     char            *key,
     double           amount)
{
  double *value = g_tree_lookup (self->series, key);

  if (value == NULL)
    {
      value = g_new0 (double, 1);
      g_tree_insert (self->series, key, value);
    }
  else
    g_free (key);
  *value += amount;
}

void
jj_county_metrics_request (JjCountyMetrics *self,
                           const char      *method,
                           const char      *route,
                           guint            status,
                           double           seconds,
                           guint64          bytes_in,
                           guint64          bytes_out)
{
  add (self, g_strdup_printf ("jiujin_county_http_requests_total{method=\"%s\",route=\"%s\","
                              "status=\"%u\"}",
                              method, route, status),
       1);
  add (self, g_strdup_printf ("jiujin_county_http_request_duration_seconds_sum{route=\"%s\"}",
                              route),
       seconds);
  add (self, g_strdup_printf ("jiujin_county_http_request_duration_seconds_count{route=\"%s\"}",
                              route),
       1);
  add (self, g_strdup_printf ("jiujin_county_http_request_bytes_total{route=\"%s\"}", route),
       bytes_in);
  add (self, g_strdup_printf ("jiujin_county_http_response_bytes_total{route=\"%s\"}", route),
       bytes_out);
}

void
jj_county_metrics_count (JjCountyMetrics *self,
                         const char      *family,
                         const char      *label,
                         const char      *value)
{
  add (self, g_strdup_printf ("%s{%s=\"%s\"}", family, label, value), 1);
}

typedef struct
{
  GString    *out;
  const char *family;
} RenderData;

static gboolean
render_series (gpointer key,
               gpointer value,
               gpointer user_data)
{
  RenderData *data = user_data;
  const char *name = key;
  gsize length = strlen (data->family);
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  /* A family's series are its name followed by '{', or by _sum/_count for a summary. */
  if (strncmp (name, data->family, length) != 0 ||
      (name[length] != '{' && !g_str_has_prefix (name + length, "_sum{") &&
       !g_str_has_prefix (name + length, "_count{")))
    return FALSE;

  g_string_append_printf (data->out, "%s %s\n", name,
                          g_ascii_dtostr (number, sizeof number, *(double *) value));
  return FALSE;
}

static void
render_gauge (GString    *out,
              const char *name,
              const char *labels,
              gint64      value)
{
  g_string_append_printf (out, "%s%s %" G_GINT64_FORMAT "\n", name, labels, value);
}

char *
jj_county_metrics_render (JjCountyMetrics *self,
                          JsonNode        *gauges)
{
  JsonObject *object = gauges != NULL ? json_node_get_object (gauges) : NULL;
  JsonObject *cases = NULL;
  GString *out = g_string_new (NULL);
  RenderData data = { out, NULL };

  if (object != NULL && json_object_has_member (object, "cases"))
    cases = json_object_get_object_member (object, "cases");

  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    {
      const char *name = families[i].name;

      g_string_append_printf (out, "# HELP %s %s\n# TYPE %s %s\n", name, families[i].help, name,
                              families[i].type);
      data.family = name;
      g_tree_foreach (self->series, render_series, &data);

      if (g_str_equal (name, "jiujin_county_terminals") && object != NULL)
        render_gauge (out, name, "", json_object_get_int_member_with_default (object,
                                                                              "terminals", 0));
      else if (g_str_equal (name, "jiujin_county_terminals_quiet") && object != NULL)
        render_gauge (out, name, "", json_object_get_int_member_with_default (object,
                                                                              "quiet", 0));
      else if (g_str_equal (name, "jiujin_county_cases"))
        {
          static const char * const states[] = { "received", "accepted", "completed",
                                                 "returned", "rejected" };

          for (guint s = 0; s < G_N_ELEMENTS (states); s++)
            {
              g_autofree char *labels = g_strdup_printf ("{state=\"%s\"}", states[s]);
              gint64 count = cases != NULL
                ? json_object_get_int_member_with_default (cases, states[s], 0) : 0;

              render_gauge (out, name, labels, count);
            }
        }
      else if (g_str_equal (name, "jiujin_county_start_time_seconds"))
        render_gauge (out, name, "", self->start_time);
    }
  return g_string_free (out, FALSE);
}
