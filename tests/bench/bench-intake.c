/* bench-intake.c — how long a durable submit takes, and how the applications list holds up
 *
 * Two figures of jiujin-bench (docs/benchmark.md):
 *
 * - jj_intake_submit() of complete drafts, each beside a bare one-row commit on the same
 *   connection (same file, same pragmas), so that what the submit adds to the fsync shows;
 * - a database of --applications applications written with raw SQL the way submits and the
 *   sync engine would have left them over 90 days, then jj_applications_query() under each
 *   kind of filter, the rows a list view reads, and the process's memory along the way.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>
#include <time.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "bench-intake.h"
#include "jj-application-list-private.h"
#include "jj-cards.h"
#include "jj-catalog.h"
#include "jj-intake.h"
#include "jj-store-private.h"
#include "jj-validate.h"

/* tests/data/catalog-small.json: 高龄津贴申请, a promised matter with a form field and two
 * materials, so the submit counts working days and writes every kind of row. */
#define SUBMIT_MATTER   "XZ-0003"
#define LIST_RUNS       20
#define FETCH_ROWS      50
#define TOUCHED_ROWS    1000
#define SPREAD_DAYS     90
#define SECONDS_PER_DAY 86400
#define TMPFS_MAGIC_ID  0x01021994
#define N_LISTS         8     /* the filters of set_up_lists() */
#define N_FETCHES       3     /* top, middle, end */
#define N_MEMORY        4     /* the stages of run_lists() */
#define N_CARDS         4     /* the calls of run_cards() */

/* Residents */

static const char * const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
  "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
  "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏",
  "欧阳", "司马",
};

static const char * const given_names[] = {
  "桂英", "秀英", "建华", "志强", "秀兰", "玉兰", "建国", "国强", "丽娟", "红梅", "海燕",
  "春生", "德明", "淑珍", "凤英", "金花", "小红", "明华", "秀珍", "玉梅", "卫东", "振华",
  "兰英", "桂兰", "伟", "芳", "敏", "静", "军", "勇", "杰", "磊", "娟", "霞", "平", "刚",
};

static const char * const area_codes[] = { "430102", "430121", "430124", "431102", "430481" };

static const char * const villages[] = {
  "新村", "石门村", "枫树村", "双江村", "黄土坡村", "白沙村", "柳塘村", "长岭村",
};

/* Fields of resident @r, derived from @r alone so that a resident who comes back has the same
 * name and number. */
typedef struct
{
  char name[32];
  char id_number[20];
  char phone[16];
  char address[96];
} Resident;

static guint64
mix (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return x ^ (x >> 31);
}

static void
resident_fill (Resident *resident,
               guint     r,
               guint     first_year,
               guint     years)
{
  guint64 h = mix (r);
  char digits[18];

  g_snprintf (resident->name, sizeof resident->name, "%s%s",
              surnames[h % G_N_ELEMENTS (surnames)],
              given_names[(h >> 8) % G_N_ELEMENTS (given_names)]);
  g_snprintf (digits, sizeof digits, "%s%04u%02u%02u%03u",
              area_codes[(h >> 16) % G_N_ELEMENTS (area_codes)],
              first_year + (guint) ((h >> 20) % years), 1 + (guint) ((h >> 28) % 12),
              1 + (guint) ((h >> 32) % 28), (guint) ((h >> 40) % 1000));
  g_snprintf (resident->id_number, sizeof resident->id_number, "%s%c", digits,
              jj_id_number_check_char (digits));
  g_snprintf (resident->phone, sizeof resident->phone, "13%09u", (guint) (mix (h) % 1000000000));
  g_snprintf (resident->address, sizeof resident->address, "湖南省测试市测试镇%s%u组%u号",
              villages[(h >> 50) % G_N_ELEMENTS (villages)], 1 + (guint) ((h >> 54) % 9),
              1 + (guint) ((h >> 58) % 40));
}

/* Memory of this process */

typedef struct
{
  const char *when;
  gint64      rss_kib;
  gint64      hwm_kib;
} MemoryPoint;

static gint64
status_kib (const char *status,
            const char *field)
{
  const char *line = strstr (status, field);

  return line != NULL ? g_ascii_strtoll (line + strlen (field), NULL, 10) : -1;
}

static void
memory_point_read (MemoryPoint *point,
                   const char  *when)
{
  g_autofree char *status = NULL;

  point->when = when;
  point->rss_kib = point->hwm_kib = -1;
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      point->rss_kib = status_kib (status, "\nVmRSS:");
      point->hwm_kib = status_kib (status, "\nVmHWM:");
    }
}

/* Gives freed heap back and resets VmHWM (Linux 4.0 and later), so that this section's peak is
 * its own and not the catalogue generation's before it. */
static gboolean
memory_reset_peak (void)
{
  FILE *file;
  gboolean ok;

  malloc_trim (0);
  if ((file = fopen ("/proc/self/clear_refs", "w")) == NULL)
    return FALSE;
  ok = fputs ("5", file) >= 0;
  return fclose (file) == 0 && ok;
}

/* Helpers */

/* CPU time of the calling thread: on a machine shared with other work, the wall-clock figures
 * include the time spent waiting for a core, these do not. */
static gint64
cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static gboolean
exec_sql (JjStore     *store,
          const char  *sql,
          GError     **error)
{
  if (sqlite3_exec (jj_store_get_db (store), sql, NULL, NULL, NULL) != SQLITE_OK)
    return jj_store_set_error (store, error, sql);
  return TRUE;
}

static gint64
query_int (JjStore    *store,
           const char *sql)
{
  sqlite3_stmt *stmt;
  gint64 value = -1;

  jj_store_lock (store);
  if ((stmt = jj_store_prepare (store, sql, NULL)) != NULL)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  jj_store_unlock (store);
  return value;
}

static gint64
database_bytes (JjStore *store)
{
  g_autofree char *wal = g_strconcat (jj_store_get_path (store), "-wal", NULL);
  GStatBuf db_stat, wal_stat;
  gint64 bytes = 0;

  if (g_stat (jj_store_get_path (store), &db_stat) == 0)
    bytes += db_stat.st_size;
  if (g_stat (wal, &wal_stat) == 0)
    bytes += wal_stat.st_size;
  return bytes;
}

/* @seconds in @zone, formatted. (g_date_time_new_from_unix_local() looks up the local zone
 * again at every call, with a stat and a readlink.) */
static char *
format_time (GTimeZone  *zone,
             gint64      seconds,
             const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (seconds);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  return g_date_time_format (local, format);
}

static void
json_add_double (JsonBuilder *builder,
                 const char  *member,
                 double       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_double_value (builder, value);
}

/* {"p50", "p99", "max"} of @samples (ns) divided by @divisor. */
static void
json_add_percentiles (JsonBuilder *builder,
                      const char  *member,
                      GArray      *samples,
                      double       divisor)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_add_double (builder, "p50", median (samples) / divisor);
  json_add_double (builder, "p99", percentile (samples, 990) / divisor);
  json_add_double (builder, "max", percentile (samples, 1000) / divisor);
  json_builder_end_object (builder);
}

/* Durable submits */

typedef struct
{
  GArray *submit;      /* ns per jj_intake_submit() */
  GArray *bare;        /* ns per BEGIN IMMEDIATE; INSERT; COMMIT */
  gint64  draft_bytes;
  gint64  payload_bytes;
} SubmitFigures;

static void
submit_figures_clear (SubmitFigures *figures)
{
  g_clear_pointer (&figures->submit, g_array_unref);
  g_clear_pointer (&figures->bare, g_array_unref);
}

/* Completes @draft (a fresh one of SUBMIT_MATTER) for resident @n: it can be submitted. */
static void
fill_submit_draft (JsonObject *draft,
                   guint       n)
{
  JsonObject *applicant = json_object_new ();
  JsonObject *values = json_object_new ();
  JsonArray *materials = json_object_get_array_member (draft, "materials");
  g_autofree char *account = g_strdup_printf ("62220202%011u", n);
  Resident resident;

  /* 高龄津贴 is for the old: born 1930–1946 */
  resident_fill (&resident, 7000000 + n, 1930, 17);
  json_object_set_string_member (applicant, "name", resident.name);
  json_object_set_string_member (applicant, "id_number", resident.id_number);
  json_object_set_string_member (applicant, "phone", resident.phone);
  json_object_set_string_member (applicant, "address", resident.address);
  json_object_set_object_member (draft, "applicant", applicant);
  json_object_set_string_member (values, "bank_account", account);
  json_object_set_object_member (draft, "values", values);
  for (guint i = 0; i < json_array_get_length (materials); i++)
    json_object_set_string_member (json_array_get_object_element (materials, i), "status",
                                   "received");
}

static gboolean
bare_commit (JjStore  *store,
             guint     n,
             GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  jj_store_lock (store);
  if (jj_store_begin (store, error))
    {
      if ((stmt = jj_store_prepare (store,
                                    "INSERT INTO bench_commits (body, created_at) VALUES (?1, ?2)",
                                    error)) != NULL)
        {
          g_autofree char *body = g_strdup_printf ("bare commit %u", n);

          sqlite3_bind_text (stmt, 1, body, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
          ok = sqlite3_step (stmt) == SQLITE_DONE || jj_store_set_error (store, error, "insert");
          sqlite3_reset (stmt);
        }
      ok = ok && jj_store_commit (store, error);
      if (!ok)
        jj_store_rollback (store);
    }
  jj_store_unlock (store);
  return ok;
}

/* Makes every draft first (untimed), then submits them one by one, each followed by a bare
 * commit: the two alternate, so that both see the same disk. */
static gboolean
run_submits (const BenchIntakeOptions  *options,
             JjStore                   *store,
             SubmitFigures             *figures,
             GError                   **error)
{
  g_autoptr(JjCatalog) catalog = jj_catalog_new (store);
  g_autoptr(JjIntake) intake = NULL;
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!jj_catalog_import_file (catalog, options->small_catalog, FALSE, NULL, error) ||
      (intake = jj_intake_new (catalog, options->calendar, error)) == NULL ||
      !exec_sql (store,
                 "CREATE TABLE bench_commits (id INTEGER PRIMARY KEY, body TEXT NOT NULL,"
                 " created_at INTEGER NOT NULL) STRICT",
                 error))
    return FALSE;

  for (int i = 0; i < options->submits; i++)
    {
      gint64 id = jj_intake_create_draft (intake, SUBMIT_MATTER, NULL, error);
      JsonObject *draft;

      if (id == 0 || (draft = jj_intake_load_draft (intake, id, error)) == NULL)
        return FALSE;
      g_ptr_array_add (drafts, draft);
      fill_submit_draft (draft, i);
      if (!jj_intake_save_draft (intake, id, draft, error))
        return FALSE;
      g_array_append_val (ids, id);
    }

  figures->submit = samples_new ();
  figures->bare = samples_new ();
  for (int i = 0; i < options->submits; i++)
    {
      g_autoptr(JjSubmission) submission = NULL;
      gint64 start = now_ns (), lap;

      submission = jj_intake_submit (intake, g_array_index (ids, gint64, i),
                                     g_ptr_array_index (drafts, i), NULL, error);
      lap = now_ns ();
      if (submission == NULL)
        return FALSE;
      samples_add (figures->submit, lap - start);

      start = now_ns ();
      if (!bare_commit (store, i, error))
        return FALSE;
      samples_add (figures->bare, now_ns () - start);
    }

  figures->draft_bytes = query_int (store, "SELECT avg (length (CAST (draft AS BLOB)))"
                                           "  FROM applications WHERE state = 'queued'");
  figures->payload_bytes = query_int (store, "SELECT avg (length (CAST (payload AS BLOB)))"
                                             "  FROM outbox");
  return TRUE;
}

static void
report_submits (const BenchIntakeOptions *options,
                SubmitFigures            *figures,
                JsonBuilder              *builder)
{
  double ratio50 = median (figures->submit) / MAX (median (figures->bare), 1);
  double ratio99 = (double) percentile (figures->submit, 990) /
                   MAX (percentile (figures->bare, 990), 1);

  if (options->json)
    {
      json_builder_set_member_name (builder, "submits");
      json_builder_begin_object (builder);
      json_add_int (builder, "n", options->submits);
      json_add_string (builder, "matter", SUBMIT_MATTER);
      json_add_percentiles (builder, "submit_us", figures->submit, 1000.0);
      json_add_percentiles (builder, "bare_commit_us", figures->bare, 1000.0);
      json_add_double (builder, "ratio_p50", ratio50);
      json_add_double (builder, "ratio_p99", ratio99);
      json_add_int (builder, "draft_bytes", figures->draft_bytes);
      json_add_int (builder, "payload_bytes", figures->payload_bytes);
      json_builder_end_object (builder);
      return;
    }

  printf ("Durable submit: %d submits of %s (%s), each followed by a bare commit, µs\n",
          options->submits, SUBMIT_MATTER, options->small_catalog);
  printf ("  what                  p50       p99       max\n");
  printf ("  jj_intake_submit %9.1f %9.1f %9.1f\n", median (figures->submit) / 1000.0,
          percentile (figures->submit, 990) / 1000.0, percentile (figures->submit, 1000) / 1000.0);
  printf ("  bare 1-row commit%9.1f %9.1f %9.1f\n", median (figures->bare) / 1000.0,
          percentile (figures->bare, 990) / 1000.0, percentile (figures->bare, 1000) / 1000.0);
  printf ("  submit / bare    %8.2f× %8.2f×\n", ratio50, ratio99);
  printf ("  (per submission: draft JSON %" G_GINT64_FORMAT " bytes, outbox payload %"
          G_GINT64_FORMAT " bytes)\n\n",
          figures->draft_bytes, figures->payload_bytes);
}

/* The applications database */

typedef struct
{
  gint64  id;
  char   *code;
  char   *name;
  gint64  promised_days;
} ListMatter;

static void
list_matter_free (ListMatter *matter)
{
  g_free (matter->code);
  g_free (matter->name);
  g_free (matter);
}

/* What the filters look for, taken from the rows written. */
typedef struct
{
  gint64  now;
  gint64  insert_ns;
  gint64  draft_bytes;
  gint64  payload_bytes;
  char   *matter_code;
  char   *matter_name;
  char   *receipt_number;
  char   *id_suffix;
} ListData;

static void
list_data_clear (ListData *data)
{
  g_clear_pointer (&data->matter_code, g_free);
  g_clear_pointer (&data->matter_name, g_free);
  g_clear_pointer (&data->receipt_number, g_free);
  g_clear_pointer (&data->id_suffix, g_free);
}

static GPtrArray *
load_matters (JjStore  *store,
              GError  **error)
{
  g_autoptr(GPtrArray) matters = g_ptr_array_new_with_free_func ((GDestroyNotify) list_matter_free);
  sqlite3_stmt *stmt;
  int rc;

  jj_store_lock (store);
  stmt = jj_store_prepare (store,
                           "SELECT id, code, name, promised_limit_days FROM matters"
                           " WHERE withdrawn = 0 ORDER BY sort_order",
                           error);
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ListMatter *matter = g_new0 (ListMatter, 1);

      matter->id = sqlite3_column_int64 (stmt, 0);
      matter->code = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      matter->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      matter->promised_days = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (matters, matter);
    }
  if (stmt != NULL)
    sqlite3_reset (stmt);
  jj_store_unlock (store);
  if (stmt == NULL)
    return NULL;
  if (matters->len == 0)
    {
      g_set_error (error, JJ_STORE_ERROR, JJ_STORE_ERROR_NOT_FOUND, "The catalogue has no matters");
      return NULL;
    }
  return g_steal_pointer (&matters);
}

/* The state of an application made @age_days ago: recent ones are on their way, old ones
 * mostly completed. */
static JjApplicationState
pick_state (GRand  *rand,
            double  age_days)
{
  double u = g_rand_double (rand);

  if (u < 0.015)
    return JJ_APPLICATION_DRAFT;
  u = g_rand_double (rand);
  if (age_days < 1)
    return u < 0.4 ? JJ_APPLICATION_QUEUED : JJ_APPLICATION_SENT;
  if (age_days < 3)
    return u < 0.3 ? JJ_APPLICATION_SENT : JJ_APPLICATION_ACCEPTED;
  if (age_days < 20)
    return u < 0.45 ? JJ_APPLICATION_ACCEPTED
         : u < 0.90 ? JJ_APPLICATION_COMPLETED
         : u < 0.96 ? JJ_APPLICATION_RETURNED
                    : JJ_APPLICATION_REJECTED;
  return u < 0.90 ? JJ_APPLICATION_COMPLETED
       : u < 0.96 ? JJ_APPLICATION_RETURNED
                  : JJ_APPLICATION_REJECTED;
}

/* The outbox entry of a submitted application in @state: (state, attempts, last_error). */
static const char *
pick_outbox_state (GRand              *rand,
                   JjApplicationState  state,
                   const char        **last_error)
{
  double u = g_rand_double (rand);

  *last_error = NULL;
  if (state != JJ_APPLICATION_QUEUED)
    return "delivered";
  if (u < 0.03)
    {
      *last_error = "县级平台拒绝：材料清单与事项不符（HTTP 422）";
      return "parked";
    }
  return u < 0.05 ? "held" : "pending";
}

/* A document like the one jj_intake_submit() leaves in applications.draft. */
static char *
draft_text (const Resident   *resident,
            const ListMatter *first,
            const ListMatter *second,
            guint             n)
{
  g_autofree char *matters = second != NULL
                               ? g_strdup_printf ("\"%s\",\"%s\"", first->code, second->code)
                               : g_strdup_printf ("\"%s\"", first->code);
  g_autofree char *more = second != NULL
                            ? g_strdup_printf (",{\"matter\":\"%s\",\"index\":0,\"status\":"
                                               "\"received\"}", second->code)
                            : g_strdup ("");

  return g_strdup_printf ("{\"matters\":[%s],\"applicant\":{\"name\":\"%s\",\"id_number\":"
                          "\"%s\",\"phone\":\"%s\",\"address\":\"%s\"},\"agent\":{\"kind\":"
                          "\"none\"},\"values\":{\"bank_account\":\"62220202%011u\",\"remarks\":"
                          "\"\"},\"materials\":[{\"matter\":\"%s\",\"index\":0,\"status\":"
                          "\"received\"},{\"matter\":\"%s\",\"index\":1,\"status\":\"received\"}"
                          "%s],\"attachments\":[]}",
                          matters, resident->name, resident->id_number, resident->phone,
                          resident->address, n, first->code, first->code, more);
}

static gboolean
step_insert (JjStore       *store,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  int rc = sqlite3_step (stmt);

  /* the next row binds only what it has: the rest must be NULL again */
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_DONE || jj_store_set_error (store, error, "insert");
}

/* Writes @n applications spread evenly over the last SPREAD_DAYS days, oldest first, in one
 * transaction: applications, application_matters and the outbox entry of each submitted one.
 * Residents (a third as many as applications) come back; matters are chosen with a steep skew
 * over a fixed shuffle of the catalogue, and one application in ten has a second matter. */
static gboolean
insert_applications (JjStore   *store,
                     int        n,
                     ListData  *data,
                     GError   **error)
{
  g_autoptr(GPtrArray) matters = load_matters (store, error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autofree char *day = NULL;
  guint residents = MAX (n / 3, 1), day_sequence = 0, case_sequence = 0;
  gint64 start_time = data->now - (gint64) SPREAD_DAYS * SECONDS_PER_DAY;
  sqlite3_stmt *application, *matter_row, *outbox;
  gboolean ok = TRUE;
  gint64 start;

  if (matters == NULL)
    return FALSE;
  for (guint i = matters->len - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (rand, 0, i + 1);
      gpointer swap = matters->pdata[i];

      matters->pdata[i] = matters->pdata[j];
      matters->pdata[j] = swap;
    }
  /* the fifth most asked-for matter: neither the top one nor a rare one */
  data->matter_code = g_strdup (((ListMatter *) matters->pdata[MIN (4, matters->len - 1)])->code);
  data->matter_name = g_strdup (((ListMatter *) matters->pdata[MIN (4, matters->len - 1)])->name);

  start = now_ns ();
  jj_store_lock (store);
  if (!jj_store_begin (store, error) ||
      (application = jj_store_prepare (
         store,
         "INSERT INTO applications (state, title, draft, applicant_name, applicant_id_number,"
         " receipt_number, case_number, promised_date, created_at, updated_at, submitted_at)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
         error)) == NULL ||
      (matter_row = jj_store_prepare (store,
                                      "INSERT INTO application_matters (application_id, position,"
                                      " matter_id) VALUES (?1, ?2, ?3)",
                                      error)) == NULL ||
      (outbox = jj_store_prepare (store,
                                  "INSERT INTO outbox (uuid, application_id, payload, state,"
                                  " attempts, last_error, created_at, delivered_at)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                  error)) == NULL)
    {
      jj_store_rollback (store);
      jj_store_unlock (store);
      return FALSE;
    }

  for (int i = 0; ok && i < n; i++)
    {
      gint64 created = start_time + (gint64) ((i + g_rand_double (rand)) * SPREAD_DAYS *
                                              SECONDS_PER_DAY / n);
      gint64 submitted = created + g_rand_int_range (rand, 60, 900);
      JjApplicationState state = pick_state (rand,
                                             (data->now - created) / (double) SECONDS_PER_DAY);
      double skew = g_rand_double (rand);
      const ListMatter *first = matters->pdata[(guint) (matters->len * skew * skew * skew)];
      const ListMatter *second = NULL;
      g_autofree char *this_day = format_time (zone, created, "%Y%m%d");
      g_autofree char *draft = NULL;
      g_autofree char *receipt = NULL;
      g_autofree char *case_number = NULL;
      g_autofree char *promised = NULL;
      Resident resident;
      gint64 id;

      resident_fill (&resident, g_rand_int_range (rand, 0, residents), 1935, 70);
      if (g_rand_double (rand) < 0.1)
        {
          second = matters->pdata[g_rand_int_range (rand, 0, matters->len)];
          if (second == first)
            second = NULL;
        }
      draft = draft_text (&resident, first, second, i);
      if (day == NULL || !g_str_equal (day, this_day))
        {
          g_free (day);
          day = g_strdup (this_day);
          day_sequence = 0;
        }
      if (state != JJ_APPLICATION_DRAFT)
        {
          receipt = g_strdup_printf ("JJ01-%s-%04u", day, ++day_sequence);
          promised = format_time (zone, submitted + first->promised_days * 7 / 5 * SECONDS_PER_DAY,
                                  "%Y-%m-%d");
        }
      if (state >= JJ_APPLICATION_ACCEPTED)
        case_number = g_strdup_printf ("HN2026-%06u", ++case_sequence);

      sqlite3_bind_text (application, 1, jj_application_state_to_string (state), -1, SQLITE_STATIC);
      sqlite3_bind_text (application, 2, first->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (application, 3, draft, -1, SQLITE_STATIC);
      sqlite3_bind_text (application, 4, resident.name, -1, SQLITE_STATIC);
      sqlite3_bind_text (application, 5, resident.id_number, -1, SQLITE_STATIC);
      sqlite3_bind_text (application, 6, receipt, -1, SQLITE_STATIC);
      sqlite3_bind_text (application, 7, case_number, -1, SQLITE_STATIC);
      sqlite3_bind_text (application, 8, promised, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (application, 9, created);
      sqlite3_bind_int64 (application, 10, state == JJ_APPLICATION_DRAFT ? created
                                           : submitted + (gint64) (state) * 3600);
      if (state != JJ_APPLICATION_DRAFT)
        sqlite3_bind_int64 (application, 11, submitted);
      if (!(ok = step_insert (store, application, error)))
        break;
      id = sqlite3_last_insert_rowid (jj_store_get_db (store));
      if (state == JJ_APPLICATION_DRAFT)
        continue;

      for (guint position = 0; ok && position < (second != NULL ? 2u : 1u); position++)
        {
          sqlite3_bind_int64 (matter_row, 1, id);
          sqlite3_bind_int (matter_row, 2, position);
          sqlite3_bind_int64 (matter_row, 3, (position == 0 ? first : second)->id);
          ok = step_insert (store, matter_row, error);
        }
      if (ok)
        {
          g_autofree char *uuid = g_uuid_string_random ();
          g_autofree char *when = format_time (zone, submitted, "%Y-%m-%dT%H:%M:%S%:z");
          g_autofree char *payload = NULL;
          const char *last_error;
          const char *outbox_state = pick_outbox_state (rand, state, &last_error);

          payload = g_strdup_printf ("{\"idempotency_key\":\"%s\",\"terminal\":\"JJ01\","
                                     "\"receipt_number\":\"%s\",\"submitted_at\":\"%s\","
                                     "\"promised_date\":\"%s\",%s",
                                     uuid, receipt, when, promised, draft + 1);
          sqlite3_bind_text (outbox, 1, uuid, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (outbox, 2, id);
          sqlite3_bind_text (outbox, 3, payload, -1, SQLITE_STATIC);
          sqlite3_bind_text (outbox, 4, outbox_state, -1, SQLITE_STATIC);
          sqlite3_bind_int (outbox, 5, g_str_equal (outbox_state, "pending") ? 0 : 1);
          sqlite3_bind_text (outbox, 6, last_error, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (outbox, 7, submitted);
          if (g_str_equal (outbox_state, "delivered"))
            sqlite3_bind_int64 (outbox, 8, submitted + 30);
          ok = step_insert (store, outbox, error);
        }
      /* the row in the middle is the one searched for by number */
      if (ok && data->receipt_number == NULL && i >= n / 2)
        {
          data->receipt_number = g_strdup (receipt);
          data->id_suffix = g_strdup (resident.id_number + 14);
        }
    }
  ok = ok && jj_store_commit (store, error);
  if (!ok)
    jj_store_rollback (store);
  jj_store_unlock (store);
  data->insert_ns = now_ns () - start;

  /* A terminal that has gathered this many rows has checkpointed them long ago. */
  return ok && exec_sql (store, "PRAGMA wal_checkpoint (TRUNCATE)", error);
}

/* The list figures */

typedef struct
{
  const char         *kind;
  char               *shown;     /* the filter, for the table */
  JjApplicationQuery  query;
  GArray             *times;     /* ns per jj_applications_query() */
  GArray             *cpu_times; /* the same, CPU time of the thread */
  guint               n_results;
  GListModel         *model;     /* the last run's, kept for the memory figures */
  char               *plan;      /* EXPLAIN QUERY PLAN of its statement, one step a line */
} ListCase;

static void
list_case_clear (ListCase *list)
{
  g_clear_pointer (&list->shown, g_free);
  g_clear_pointer (&list->times, g_array_unref);
  g_clear_pointer (&list->cpu_times, g_array_unref);
  g_clear_object (&list->model);
  g_clear_pointer (&list->plan, g_free);
}

/* The query plan of the statement jj_applications_query() runs for @query: its steps' details
 * joined by "; ". */
static char *
explain_list (JjStore                  *store,
              const JjApplicationQuery *query)
{
  g_autofree char *statement = jj_applications_query_sql (query);
  g_autofree char *sql = g_strconcat ("EXPLAIN QUERY PLAN ", statement, NULL);
  g_autoptr(GString) plan = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  jj_store_lock (store);
  if (sqlite3_prepare_v2 (jj_store_get_db (store), sql, -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_string_append_printf (plan, "%s%s", plan->len > 0 ? "; " : "",
                              (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  jj_store_unlock (store);
  return g_string_free (g_steal_pointer (&plan), FALSE);
}

/* One untimed run (the statement is prepared once per store), then LIST_RUNS timed ones. */
static gboolean
time_list (JjStore   *store,
           ListCase  *list,
           GError   **error)
{
  list->times = samples_new ();
  list->cpu_times = samples_new ();
  for (int run = 0; run <= LIST_RUNS; run++)
    {
      gint64 start, cpu_start;

      g_clear_object (&list->model);
      start = now_ns ();
      cpu_start = cpu_ns ();
      list->model = jj_applications_query (store, &list->query, error);
      if (list->model == NULL)
        return FALSE;
      if (run > 0)
        {
          samples_add (list->cpu_times, cpu_ns () - cpu_start);
          samples_add (list->times, now_ns () - start);
        }
    }
  list->n_results = g_list_model_get_n_items (list->model);
  list->plan = explain_list (store, &list->query);
  return TRUE;
}

/* What the rows read came to, so that reading them cannot be left out. */
static gsize shown_bytes;

/* Reads rows [@from, @from + @count) of @model as a list view's factory binds them: the
 * record, then what a row shows of it. Returns the ns taken. */
static gint64
fetch_rows (GListModel *model,
            guint       from,
            guint       count)
{
  gint64 start = now_ns ();
  gsize shown = 0;

  for (guint position = from; position < from + count; position++)
    {
      g_autoptr(JjApplicationRecord) record = g_list_model_get_item (model, position);

      if (record == NULL)
        continue;
      shown += strlen (jj_application_record_get_title (record));
      shown += strlen (jj_application_record_get_applicant_name (record));
      shown += strlen (jj_application_record_get_masked_id_number (record));
      shown += strlen (jj_application_state_get_label (jj_application_record_get_state (record)));
      if (jj_application_record_get_receipt_number (record) != NULL)
        shown += strlen (jj_application_record_get_receipt_number (record));
      if (jj_application_record_get_outbox_state (record) != NULL)
        shown += strlen (jj_application_record_get_outbox_state (record));
    }
  shown_bytes += shown;
  return now_ns () - start;
}

typedef struct
{
  const char *where;
  GArray     *times;
} FetchCase;

static gboolean
time_fetches (JjStore    *store,
              FetchCase   fetches[N_FETCHES],
              GError    **error)
{
  const JjApplicationQuery all = { -1 };

  for (guint f = 0; f < N_FETCHES; f++)
    fetches[f].times = samples_new ();
  for (int run = 0; run < LIST_RUNS; run++)
    {
      /* a fresh model each run: none of its rows read yet */
      g_autoptr(GListModel) model = jj_applications_query (store, &all, error);
      guint n, count;

      if (model == NULL)
        return FALSE;
      n = g_list_model_get_n_items (model);
      count = MIN (FETCH_ROWS, n);
      samples_add (fetches[0].times, fetch_rows (model, 0, count));
      samples_add (fetches[1].times, fetch_rows (model, (n - count) / 2, count));
      samples_add (fetches[2].times, fetch_rows (model, n - count, count));
    }
  return TRUE;
}

/* Reads TOUCHED_ROWS random rows of @model and keeps them (the model caches what it read).
 * Returns the ns taken. */
static gint64
touch_rows (GListModel *model)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (29);
  guint n = g_list_model_get_n_items (model);
  gint64 start = now_ns ();

  for (guint i = 0; n > 0 && i < TOUCHED_ROWS; i++)
    {
      GObject *item = g_list_model_get_item (model, g_rand_int_range (rand, 0, n));

      g_clear_object (&item);
    }
  return now_ns () - start;
}

typedef struct
{
  ListData    data;
  gint64      database_bytes;
  ListCase    lists[N_LISTS];
  FetchCase   fetches[N_FETCHES];
  gint64      touch_ns;
  gboolean    peak_reset;
  MemoryPoint memory[N_MEMORY];
} ListFigures;

static void
list_figures_clear (ListFigures *figures)
{
  list_data_clear (&figures->data);
  for (guint i = 0; i < N_LISTS; i++)
    list_case_clear (&figures->lists[i]);
  for (guint i = 0; i < N_FETCHES; i++)
    g_clear_pointer (&figures->fetches[i].times, g_array_unref);
}

/* The filters a clerk uses, each picked to find something in the rows written. */
static void
set_up_lists (ListFigures *figures)
{
  ListData *data = &figures->data;
  gint64 since = data->now - 52 * SECONDS_PER_DAY, until = data->now - 45 * SECONDS_PER_DAY;
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autofree char *since_day = format_time (zone, since, "%Y-%m-%d");
  g_autofree char *until_day = format_time (zone, until, "%Y-%m-%d");
  ListCase *lists = figures->lists;

  lists[0] = (ListCase) { "none", g_strdup ("(every application)"), { -1 } };
  lists[1] = (ListCase) { "state", g_strdup ("accepted"), { JJ_APPLICATION_ACCEPTED } };
  lists[2] = (ListCase) { "matter", g_strdup_printf ("%s %s", data->matter_code, data->matter_name),
                          { -1, data->matter_code } };
  lists[3] = (ListCase) { "date range", g_strdup_printf ("%s – %s (7 days)", since_day, until_day),
                          { -1, NULL, since, until } };
  lists[4] = (ListCase) { "name", g_strdup ("桂英"), { -1, .text = "桂英" } };
  /* NULL only when no row after the middle was submitted (a handful of rows) */
  lists[5] = (ListCase) { "receipt", g_strdup (data->receipt_number != NULL ? data->receipt_number
                                                                            : "(no row)"),
                          { -1, .text = data->receipt_number } };
  lists[6] = (ListCase) { "ID suffix", g_strdup (data->id_suffix != NULL ? data->id_suffix
                                                                         : "(no row)"),
                          { -1, .text = data->id_suffix } };
  lists[7] = (ListCase) { "combined", g_strdup_printf ("accepted, %s – %s, 桂英", since_day,
                                                       until_day),
                          { JJ_APPLICATION_ACCEPTED, NULL, since, until, "桂英" } };
  figures->fetches[0].where = "top";
  figures->fetches[1].where = "middle";
  figures->fetches[2].where = "end";
}

static gboolean
run_lists (const BenchIntakeOptions  *options,
           JjStore                   *store,
           ListFigures               *figures,
           GError                   **error)
{
  g_autoptr(JjCatalog) catalog = jj_catalog_new (store);
  ListData *data = &figures->data;

  if (!jj_catalog_import_file (catalog, options->catalog, FALSE, NULL, error))
    return FALSE;
  data->now = g_get_real_time () / G_USEC_PER_SEC;

  memory_point_read (&figures->memory[0], "before inserting");
  if (!insert_applications (store, options->applications, data, error))
    return FALSE;
  memory_point_read (&figures->memory[1], "after inserting");
  figures->database_bytes = database_bytes (store);
  data->draft_bytes = query_int (store, "SELECT avg (length (CAST (draft AS BLOB)))"
                                        "  FROM applications");
  data->payload_bytes = query_int (store, "SELECT avg (length (CAST (payload AS BLOB)))"
                                          "  FROM outbox");

  set_up_lists (figures);
  for (guint i = 0; i < N_LISTS; i++)
    if (!time_list (store, &figures->lists[i], error))
      return FALSE;
  memory_point_read (&figures->memory[2], "after building the models");
  figures->touch_ns = touch_rows (figures->lists[0].model);
  memory_point_read (&figures->memory[3], "after touching 1,000 rows");

  return time_fetches (store, figures->fetches, error);
}

static double
mib (gint64 kib)
{
  return kib / 1024.0;
}

static void
report_lists (const BenchIntakeOptions *options,
              ListFigures              *figures,
              JsonBuilder              *builder)
{
  ListData *data = &figures->data;

  if (options->json)
    {
      json_builder_set_member_name (builder, "applications");
      json_builder_begin_object (builder);
      json_add_int (builder, "n", options->applications);
      json_add_double (builder, "insert_ms", data->insert_ns / 1e6);
      json_add_int (builder, "database_bytes", figures->database_bytes);
      json_add_int (builder, "draft_bytes", data->draft_bytes);
      json_add_int (builder, "payload_bytes", data->payload_bytes);
      json_builder_set_member_name (builder, "lists");
      json_builder_begin_array (builder);
      for (guint i = 0; i < N_LISTS; i++)
        {
          ListCase *list = &figures->lists[i];

          json_builder_begin_object (builder);
          json_add_string (builder, "kind", list->kind);
          json_add_string (builder, "filter", list->shown);
          json_add_int (builder, "results", list->n_results);
          json_add_double (builder, "median_ms", median (list->times) / 1e6);
          json_add_double (builder, "p99_ms", percentile (list->times, 990) / 1e6);
          json_add_double (builder, "cpu_median_ms", median (list->cpu_times) / 1e6);
          json_add_string (builder, "plan", list->plan);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "rows");
      json_builder_begin_array (builder);
      for (guint i = 0; i < N_FETCHES; i++)
        {
          json_builder_begin_object (builder);
          json_add_string (builder, "where", figures->fetches[i].where);
          json_add_double (builder, "median_ms", median (figures->fetches[i].times) / 1e6);
          json_add_double (builder, "p99_ms", percentile (figures->fetches[i].times, 990) / 1e6);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_add_double (builder, "touch_ms", figures->touch_ns / 1e6);
      json_builder_set_member_name (builder, "peak_reset");
      json_builder_add_boolean_value (builder, figures->peak_reset);
      json_builder_set_member_name (builder, "memory");
      json_builder_begin_array (builder);
      for (guint i = 0; i < N_MEMORY; i++)
        {
          json_builder_begin_object (builder);
          json_add_string (builder, "when", figures->memory[i].when);
          json_add_int (builder, "vm_rss_kib", figures->memory[i].rss_kib);
          json_add_int (builder, "vm_hwm_kib", figures->memory[i].hwm_kib);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      return;
    }

  printf ("Applications list: %d applications over %d days (bundled catalogue)\n",
          options->applications, SPREAD_DAYS);
  printf ("  written in one transaction in %.2f s; %.1f MiB database after a checkpoint;\n"
          "  a row's draft JSON %" G_GINT64_FORMAT " bytes, its outbox payload %" G_GINT64_FORMAT
          " bytes\n",
          data->insert_ns / 1e9, figures->database_bytes / 1048576.0, data->draft_bytes,
          data->payload_bytes);
  printf ("  jj_applications_query(), %d runs, ms\n", LIST_RUNS);
  printf ("  filter        results    median       p99       cpu   filter value\n");
  for (guint i = 0; i < N_LISTS; i++)
    {
      ListCase *list = &figures->lists[i];

      printf ("  %-10s %10u %9.2f %9.2f %9.2f   %s\n", list->kind, list->n_results,
              median (list->times) / 1e6, percentile (list->times, 990) / 1e6,
              median (list->cpu_times) / 1e6, list->shown);
    }
  printf ("  query plans (EXPLAIN QUERY PLAN)\n");
  for (guint i = 0; i < N_LISTS; i++)
    printf ("  %-10s %s\n", figures->lists[i].kind, figures->lists[i].plan);
  printf ("  reading %d rows of the unfiltered list, fresh model each run, %d runs, ms\n",
          FETCH_ROWS, LIST_RUNS);
  printf ("  rows                 median       p99\n");
  for (guint i = 0; i < N_FETCHES; i++)
    printf ("  %-18s %9.2f %9.2f\n", figures->fetches[i].where,
            median (figures->fetches[i].times) / 1e6,
            percentile (figures->fetches[i].times, 990) / 1e6);
  printf ("  %d random rows of one model: %.1f ms (%.3f ms a row)\n", TOUCHED_ROWS,
          figures->touch_ns / 1e6, figures->touch_ns / 1e6 / TOUCHED_ROWS);
  printf ("  memory of jiujin-bench, MiB%s\n",
          figures->peak_reset ? " (VmHWM reset before the database was made)"
                              : " (VmHWM could not be reset: it includes the sections above)");
  printf ("  when                          VmRSS     VmHWM\n");
  for (guint i = 0; i < N_MEMORY; i++)
    printf ("  %-26s %9.1f %9.1f\n", figures->memory[i].when, mib (figures->memory[i].rss_kib),
            mib (figures->memory[i].hwm_kib));
  printf ("\n");
}

/* The cards figures */

typedef struct
{
  guint       n_open;
  guint       yellow;
  guint       red;
  guint       first_notices;
  const char *calls[N_CARDS];
  GArray     *times[N_CARDS];    /* ns per call */
  GArray     *cpu_times[N_CARDS];
} CardFigures;

static void
card_figures_clear (CardFigures *figures)
{
  for (guint i = 0; i < N_CARDS; i++)
    {
      g_clear_pointer (&figures->times[i], g_array_unref);
      g_clear_pointer (&figures->cpu_times[i], g_array_unref);
    }
}

/* Opens three applications in four, as a terminal whose county has not yet answered for weeks
 * would have them (their promised dates, past and to come, stay as written), then times what
 * the cards read: the header's count, the list of open cases, the day's first notices (the
 * notices forgotten before each run, untimed) and the next call, which finds nothing new. */
static gboolean
run_cards (const BenchIntakeOptions  *options,
           JjStore                   *store,
           CardFigures               *figures,
           GError                   **error)
{
  g_autoptr(JjCalendar) calendar = jj_calendar_new_from_file (options->calendar, error);
  g_autoptr(GDate) today = g_date_new ();

  if (calendar == NULL ||
      !exec_sql (store,
                 "UPDATE applications SET state = CASE id % 4 WHEN 1 THEN 'queued'"
                 "  WHEN 2 THEN 'sent' WHEN 3 THEN 'accepted' ELSE 'completed' END"
                 " WHERE promised_date IS NOT NULL",
                 error) ||
      !exec_sql (store, "PRAGMA wal_checkpoint (TRUNCATE)", error))
    return FALSE;
  g_date_set_time_t (today, time (NULL));

  figures->calls[0] = "jj_cards_count";
  figures->calls[1] = "jj_cards_list_open";
  figures->calls[2] = "first notices";
  figures->calls[3] = "again";
  for (guint i = 0; i < N_CARDS; i++)
    {
      figures->times[i] = samples_new ();
      figures->cpu_times[i] = samples_new ();
    }

  for (int run = 0; run <= LIST_RUNS; run++)
    {
      g_autoptr(GPtrArray) items = NULL;
      g_autoptr(GPtrArray) notices = NULL;
      g_autoptr(GPtrArray) again = NULL;
      gint64 start[N_CARDS + 1], cpu[N_CARDS + 1];

      if (!exec_sql (store, "DELETE FROM card_notices", error))
        return FALSE;
      start[0] = now_ns ();
      cpu[0] = cpu_ns ();
      if (!jj_cards_count (store, calendar, today, &figures->yellow, &figures->red, error))
        return FALSE;
      start[1] = now_ns ();
      cpu[1] = cpu_ns ();
      if ((items = jj_cards_list_open (store, calendar, today, error)) == NULL)
        return FALSE;
      start[2] = now_ns ();
      cpu[2] = cpu_ns ();
      if ((notices = jj_cards_take_due_notices (store, calendar, today, error)) == NULL)
        return FALSE;
      start[3] = now_ns ();
      cpu[3] = cpu_ns ();
      if ((again = jj_cards_take_due_notices (store, calendar, today, error)) == NULL)
        return FALSE;
      start[4] = now_ns ();
      cpu[4] = cpu_ns ();

      /* the first run prepares the statements */
      for (guint i = 0; run > 0 && i < N_CARDS; i++)
        {
          samples_add (figures->times[i], start[i + 1] - start[i]);
          samples_add (figures->cpu_times[i], cpu[i + 1] - cpu[i]);
        }
      figures->n_open = items->len;
      figures->first_notices = notices->len;
    }
  return TRUE;
}

static void
report_cards (const BenchIntakeOptions *options,
              CardFigures              *figures,
              JsonBuilder              *builder)
{
  if (options->json)
    {
      json_builder_set_member_name (builder, "cards");
      json_builder_begin_object (builder);
      json_add_int (builder, "open", figures->n_open);
      json_add_int (builder, "yellow", figures->yellow);
      json_add_int (builder, "red", figures->red);
      json_add_int (builder, "first_notices", figures->first_notices);
      json_builder_set_member_name (builder, "calls");
      json_builder_begin_array (builder);
      for (guint i = 0; i < N_CARDS; i++)
        {
          json_builder_begin_object (builder);
          json_add_string (builder, "call", figures->calls[i]);
          json_add_double (builder, "median_ms", median (figures->times[i]) / 1e6);
          json_add_double (builder, "p99_ms", percentile (figures->times[i], 990) / 1e6);
          json_add_double (builder, "cpu_median_ms", median (figures->cpu_times[i]) / 1e6);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      return;
    }

  printf ("Red and yellow cards: the same database, %u open cases (%u yellow, %u red today)\n",
          figures->n_open, figures->yellow, figures->red);
  printf ("  %d runs, ms\n", LIST_RUNS);
  printf ("  call                    median       p99       cpu\n");
  for (guint i = 0; i < N_CARDS; i++)
    {
      printf ("  %-20s %9.2f %9.2f %9.2f", figures->calls[i], median (figures->times[i]) / 1e6,
              percentile (figures->times[i], 990) / 1e6, median (figures->cpu_times[i]) / 1e6);
      if (i == 2)
        printf ("   (%u cases)", figures->first_notices);
      printf ("\n");
    }
  printf ("\n");
}

/* A fresh store in a folder of its own (@dir), for close_store() to remove. */
static JjStore *
open_store (char   **dir,
            GError **error)
{
  if ((*dir = make_data_dir (error)) == NULL)
    return NULL;
  return jj_store_open (*dir, error);
}

static void
close_store (JjStore *store,
             char    *dir)
{
  g_clear_object (&store);
  if (dir != NULL)
    remove_tree (dir);
  g_free (dir);
}

gboolean
bench_intake_run (const BenchIntakeOptions  *options,
                  JsonBuilder               *builder,
                  GError                   **error)
{
  SubmitFigures submits = { NULL };
  ListFigures lists = { { 0 } };
  CardFigures cards = { 0 };
  struct statfs fs;
  const char *fs_name = statfs (options->tmp_root, &fs) == 0 ? filesystem_name (fs.f_type)
                                                             : "unknown";
  gboolean on_tmpfs = statfs (options->tmp_root, &fs) == 0 && fs.f_type == TMPFS_MAGIC_ID;
  gboolean ok = TRUE;

  if (options->submits == 0 && options->applications == 0)
    return TRUE;

  if (options->json)
    {
      json_builder_set_member_name (builder, "intake");
      json_builder_begin_object (builder);
      json_add_string (builder, "data_root_filesystem", fs_name);
      json_builder_set_member_name (builder, "data_root_on_tmpfs");
      json_builder_add_boolean_value (builder, on_tmpfs);
    }
  else
    printf ("Intake: databases in %s, %s, %s\n\n", options->tmp_root, fs_name,
            on_tmpfs ? "tmpfs (in memory: fsync is free, the submit figures say little)"
                     : "not tmpfs (every commit waits for fsync)");
  fflush (stdout);

  if (options->submits > 0)
    {
      char *dir = NULL;
      JjStore *store = open_store (&dir, error);

      ok = store != NULL && run_submits (options, store, &submits, error);
      close_store (store, dir);
      if (ok)
        report_submits (options, &submits, builder);
      submit_figures_clear (&submits);
      fflush (stdout);
    }

  if (ok && options->applications > 0)
    {
      char *dir = NULL;
      JjStore *store;

      lists.peak_reset = memory_reset_peak ();
      store = open_store (&dir, error);
      ok = store != NULL && run_lists (options, store, &lists, error);
      /* the models hold the store: let go of them before the folder goes */
      for (guint i = 0; i < N_LISTS; i++)
        g_clear_object (&lists.lists[i].model);
      if (ok)
        report_lists (options, &lists, builder);
      list_figures_clear (&lists);
      fflush (stdout);

      /* the cards change the rows: after the list figures */
      if (ok && options->calendar != NULL)
        {
          ok = run_cards (options, store, &cards, error);
          if (ok)
            report_cards (options, &cards, builder);
        }
      else if (ok && !options->json)
        printf ("Red and yellow cards: skipped (no working-day calendar)\n\n");
      card_figures_clear (&cards);
      close_store (store, dir);
    }

  if (options->json)
    json_builder_end_object (builder);
  return ok;
}
