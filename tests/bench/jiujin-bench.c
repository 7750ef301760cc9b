/* jiujin-bench.c — how fast the catalogue imports, searches and reaches the first frame
 *
 * A program that prints figures, not a test: it asserts nothing. It imports the bundled
 * catalogue and a generated one of --matters matters into fresh databases, times a fixed mix
 * of searches through jj_catalog_query() as the matter list would run them, and starts the
 * real jiujin to see when its first frames are drawn. docs/benchmark.md explains each figure.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "bench-intake.h"
#include "jj-catalog.h"
#include "jj-paths.h"

/* What a list view materializes of a fresh result: the rows of the first screen. */
#define ROWS_SHOWN       20
#define GUI_TIMEOUT_US   (30 * G_USEC_PER_SEC)
#define TMPFS_MAGIC_ID   0x01021994

static int       opt_runs = 5;
static int       opt_iterations = 200;
static int       opt_matters = 5000;
static int       opt_applications = 100000;
static int       opt_submits = 300;
static char     *opt_catalog;
static char     *opt_gui;
static char     *opt_tmpdir;
static char     *opt_write_generated;
static gboolean  opt_no_gui;
static gboolean  opt_json;

static const GOptionEntry entries[] = {
  { "runs", 'r', 0, G_OPTION_ARG_INT, &opt_runs,
    "Imports and GUI starts to time (default 5)", "N" },
  { "iterations", 'i', 0, G_OPTION_ARG_INT, &opt_iterations,
    "Times each search query runs (default 200)", "N" },
  { "matters", 'm', 0, G_OPTION_ARG_INT, &opt_matters,
    "Matters in the generated catalogue, 1–9999 (default 5000)", "N" },
  { "applications", 0, 0, G_OPTION_ARG_INT, &opt_applications,
    "Applications in the listed database, 0 to skip the list figures (default 100000)", "N" },
  { "submits", 0, 0, G_OPTION_ARG_INT, &opt_submits,
    "Submits and bare commits to time, 0 to skip them (default 300)", "N" },
  { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &opt_catalog,
    "The bundled catalogue (default $JIUJIN_CATALOG, else the source tree's)", "FILE" },
  { "gui", 'g', 0, G_OPTION_ARG_FILENAME, &opt_gui,
    "The jiujin binary (default $JIUJIN, else the build tree's)", "PATH" },
  { "tmpdir", 't', 0, G_OPTION_ARG_FILENAME, &opt_tmpdir,
    "Where the fresh databases go (default $TMPDIR or /tmp)", "DIR" },
  { "write-generated", 0, 0, G_OPTION_ARG_FILENAME, &opt_write_generated,
    "Also write the generated catalogue to FILE (to inspect it with jiujinctl)", "FILE" },
  { "no-gui", 0, 0, G_OPTION_ARG_NONE, &opt_no_gui, "Skip the GUI start-up figures", NULL },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print one JSON object instead of tables", NULL },
  { NULL }
};

gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else if (g_remove (child) != 0)
            g_warning ("Could not remove %s: %s", child, g_strerror (errno));
        }
      g_dir_close (dir);
    }
  if (g_rmdir (path) != 0)
    g_warning ("Could not remove %s: %s", path, g_strerror (errno));
}

char *
make_data_dir (GError **error)
{
  g_autofree char *template = g_build_filename (opt_tmpdir != NULL ? opt_tmpdir : g_get_tmp_dir (),
                                                "jiujin-bench-XXXXXX", NULL);

  if (g_mkdtemp_full (template, 0700) == NULL)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "Could not create %s: %s", template, g_strerror (errno));
      return NULL;
    }
  return g_steal_pointer (&template);
}

/* Statistics over gint64 samples */

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

/* The nearest-rank percentile, @permille thousandths (500 for the median, 1000 for the max). */
gint64
percentile (GArray *samples,
            guint   permille)
{
  g_autoptr(GArray) sorted = NULL;
  guint64 rank;

  if (samples->len == 0)
    return 0;
  sorted = g_array_copy (samples);
  g_array_sort (sorted, compare_gint64);
  rank = ((guint64) permille * sorted->len + 999) / 1000;
  return g_array_index (sorted, gint64, CLAMP (rank, 1, sorted->len) - 1);
}

double
median (GArray *samples)
{
  g_autoptr(GArray) sorted = NULL;
  guint n = samples->len;

  if (n == 0)
    return 0;
  sorted = g_array_copy (samples);
  g_array_sort (sorted, compare_gint64);
  if (n % 2 == 1)
    return g_array_index (sorted, gint64, n / 2);
  return (g_array_index (sorted, gint64, n / 2 - 1) + g_array_index (sorted, gint64, n / 2)) / 2.0;
}

GArray *
samples_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (gint64));
}

void
samples_add (GArray *samples,
             gint64  value)
{
  g_array_append_val (samples, value);
}

/* JSON helpers: a figure is {"median": …, "max": …, "samples": […]} in the given unit, with
 * null median and max when there is no sample. */
static void
json_add_figure (JsonBuilder *builder,
                 const char  *member,
                 GArray      *samples,
                 double       divisor)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "median");
  if (samples->len > 0)
    json_builder_add_double_value (builder, median (samples) / divisor);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "max");
  if (samples->len > 0)
    json_builder_add_double_value (builder, percentile (samples, 1000) / divisor);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "samples");
  json_builder_begin_array (builder);
  for (guint i = 0; i < samples->len; i++)
    json_builder_add_double_value (builder, g_array_index (samples, gint64, i) / divisor);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

void
json_add_string (JsonBuilder *builder,
                 const char  *member,
                 const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
json_add_int (JsonBuilder *builder,
              const char  *member,
              gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

/* Machine context */

static char *
read_proc_field (const char *file,
                 const char *field)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (file, &contents, NULL, NULL))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');

      if (colon != NULL && g_str_has_prefix (lines[i], field))
        return g_strstrip (g_strdup (colon + 1));
    }
  return NULL;
}

const char *
filesystem_name (long type)
{
  switch (type)
    {
    case TMPFS_MAGIC_ID: return "tmpfs";
    case 0xEF53: return "ext4";
    case 0x9123683E: return "btrfs";
    case 0x58465342: return "xfs";
    case 0x794c7630: return "overlayfs";
    default: return "other";
    }
}

static const char *
build_flavour (void)
{
#if defined(__SANITIZE_ADDRESS__)
  return "sanitized (ASan): figures are not representative";
#elif defined(__OPTIMIZE__)
  return "optimized";
#else
  return "not optimized: figures are not representative";
#endif
}

static void
print_machine (JsonBuilder *builder)
{
  g_autofree char *cpu = read_proc_field ("/proc/cpuinfo", "model name");
  g_autofree char *mem_total = read_proc_field ("/proc/meminfo", "MemTotal");
  guint64 memory_kib = mem_total != NULL ? g_ascii_strtoull (mem_total, NULL, 10) : 0;
  const char *tmp_root = opt_tmpdir != NULL ? opt_tmpdir : g_get_tmp_dir ();
  const char *display = g_getenv ("WAYLAND_DISPLAY") != NULL ? g_getenv ("WAYLAND_DISPLAY")
                                                              : g_getenv ("DISPLAY");
  g_autofree char *glib = g_strdup_printf ("%u.%u.%u", glib_major_version, glib_minor_version,
                                           glib_micro_version);
  struct utsname uts;
  struct statfs fs;
  const char *fs_name = statfs (tmp_root, &fs) == 0 ? filesystem_name (fs.f_type) : "unknown";
  gboolean on_tmpfs = g_str_equal (fs_name, "tmpfs");

  if (uname (&uts) != 0)
    strcpy (uts.release, "unknown");

  if (opt_json)
    {
      json_builder_set_member_name (builder, "machine");
      json_builder_begin_object (builder);
      json_add_string (builder, "cpu", cpu);
      json_add_int (builder, "cores", g_get_num_processors ());
      json_add_int (builder, "memory_kib", memory_kib);
      json_add_string (builder, "kernel", uts.release);
      json_add_string (builder, "sqlite", sqlite3_libversion ());
      json_add_string (builder, "glib", glib);
      json_add_string (builder, "data_root", tmp_root);
      json_add_string (builder, "data_root_filesystem", fs_name);
      json_builder_set_member_name (builder, "data_root_on_tmpfs");
      json_builder_add_boolean_value (builder, on_tmpfs);
      json_add_string (builder, "build", build_flavour ());
      json_add_string (builder, "display", display);
      json_add_string (builder, "gsk_renderer", g_getenv ("GSK_RENDERER"));
      json_builder_end_object (builder);
      return;
    }

  printf ("jiujin-bench %s\n\nMachine\n", PACKAGE_VERSION);
  printf ("  CPU          %s, %u cores\n", cpu != NULL ? cpu : "unknown", g_get_num_processors ());
  printf ("  memory       %.1f GiB\n", memory_kib / 1048576.0);
  printf ("  kernel       Linux %s\n", uts.release);
  printf ("  SQLite       %s (GLib %s)\n", sqlite3_libversion (), glib);
  printf ("  databases    in %s: %s, %s\n", tmp_root, fs_name,
          on_tmpfs ? "tmpfs (in memory: fsync is free)" : "not tmpfs (fsync reaches the disk)");
  printf ("  build        %s\n", build_flavour ());
  printf ("  display      %s, GSK_RENDERER %s\n\n", display != NULL ? display : "none",
          g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "unset (GTK's default)");
  fflush (stdout);
}

/* Catalogue import */

typedef struct
{
  const char *name;       /* "bundled" or "generated" */
  char       *origin;     /* the file, or a description of the generated one */
  const char *data;       /* the generated document, or NULL to read origin */
  gsize       length;
  char       *version;
  guint       n_matters;
  guint       n_bundles;
  GArray     *parse;      /* ns per run: jj_catalog_document_load[_data] */
  GArray     *open;       /* ns per run: jj_store_open on a fresh folder (schema migrations) */
  GArray     *import;     /* ns per run: jj_catalog_import */
  GArray     *reopen;     /* ns per run: jj_store_open on the imported file (integrity check) */
  gint64      db_bytes;   /* the database file (and WAL, if any) once closed after the import */
  char       *data_dir;   /* the last run's database, reopened, kept for searching */
  JjStore    *store;
  JjCatalog  *catalog;
} CatalogBench;

static void
catalog_bench_clear (CatalogBench *bench)
{
  g_clear_object (&bench->catalog);
  g_clear_object (&bench->store);
  if (bench->data_dir != NULL)
    remove_tree (bench->data_dir);
  g_clear_pointer (&bench->data_dir, g_free);
  g_clear_pointer (&bench->origin, g_free);
  g_clear_pointer (&bench->version, g_free);
  g_clear_pointer (&bench->parse, g_array_unref);
  g_clear_pointer (&bench->open, g_array_unref);
  g_clear_pointer (&bench->import, g_array_unref);
  g_clear_pointer (&bench->reopen, g_array_unref);
}

static gint64
file_size (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? (gint64) buf.st_size : 0;
}

/* One import into a fresh folder, then a reopening of the file as the next start does; the
 * reopened store of the last run stays open in @bench. */
static gboolean
import_once (CatalogBench  *bench,
             GError       **error)
{
  g_autoptr(JjCatalogDocument) document = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *wal = NULL;
  gboolean imported = FALSE;
  gint64 start, parsed, opened, done, reopening, reopened;

  g_clear_object (&bench->catalog);
  g_clear_object (&bench->store);
  if (bench->data_dir != NULL)
    remove_tree (bench->data_dir);
  g_clear_pointer (&bench->data_dir, g_free);
  if ((bench->data_dir = make_data_dir (error)) == NULL)
    return FALSE;

  start = now_ns ();
  if (bench->data != NULL)
    document = jj_catalog_document_load_data (bench->data, bench->length, bench->origin, error);
  else
    document = jj_catalog_document_load (bench->origin, error);
  if (document == NULL)
    return FALSE;
  parsed = now_ns ();
  if ((bench->store = jj_store_open (bench->data_dir, error)) == NULL)
    return FALSE;
  bench->catalog = jj_catalog_new (bench->store);
  opened = now_ns ();
  if (!jj_catalog_import (bench->catalog, document, FALSE, &imported, error))
    return FALSE;
  done = now_ns ();
  if (!imported)
    {
      g_set_error (error, JJ_CATALOG_ERROR, JJ_CATALOG_ERROR_EMPTY,
                   "A fresh database imported nothing");
      return FALSE;
    }

  db_path = g_strdup (jj_store_get_path (bench->store));
  wal = g_strconcat (db_path, "-wal", NULL);
  g_clear_object (&bench->catalog);
  g_clear_object (&bench->store);
  bench->db_bytes = file_size (db_path) + file_size (wal);
  reopening = now_ns ();
  if ((bench->store = jj_store_open (bench->data_dir, error)) == NULL)
    return FALSE;
  reopened = now_ns ();
  bench->catalog = jj_catalog_new (bench->store);

  samples_add (bench->parse, parsed - start);
  samples_add (bench->open, opened - parsed);
  samples_add (bench->import, done - opened);
  samples_add (bench->reopen, reopened - reopening);
  if (bench->data == NULL)
    bench->length = file_size (bench->origin);
  g_free (bench->version);
  bench->version = g_strdup (jj_catalog_document_get_version (document));
  bench->n_matters = jj_catalog_document_get_n_matters (document);
  bench->n_bundles = jj_catalog_document_get_n_bundles (document);
  return TRUE;
}

static gboolean
run_imports (CatalogBench  *bench,
             GError       **error)
{
  bench->parse = samples_new ();
  bench->open = samples_new ();
  bench->import = samples_new ();
  bench->reopen = samples_new ();

  for (int run = 0; run < opt_runs; run++)
    if (!import_once (bench, error))
      return FALSE;
  return TRUE;
}

static void
print_import_header (void)
{
  printf ("Catalogue import into a fresh database (median of %d runs, ms)\n", opt_runs);
  printf ("  %-10s %7s  %14s %13s %9s %9s %9s\n", "catalogue", "matters", "parse+validate",
          "open+migrate", "import", "total", "reopen");
}

static void
report_import (CatalogBench *bench,
               JsonBuilder  *builder)
{
  g_autoptr(GArray) total = samples_new ();

  for (guint i = 0; i < bench->parse->len; i++)
    samples_add (total, g_array_index (bench->parse, gint64, i) +
                        g_array_index (bench->open, gint64, i) +
                        g_array_index (bench->import, gint64, i));

  if (opt_json)
    {
      json_builder_begin_object (builder);
      json_add_string (builder, "catalogue", bench->name);
      json_add_string (builder, "origin", bench->origin);
      json_add_string (builder, "version", bench->version);
      json_add_int (builder, "matters", bench->n_matters);
      json_add_int (builder, "bundles", bench->n_bundles);
      json_add_int (builder, "bytes", bench->length);
      json_add_figure (builder, "parse_validate_ms", bench->parse, 1e6);
      json_add_figure (builder, "open_migrate_ms", bench->open, 1e6);
      json_add_figure (builder, "import_ms", bench->import, 1e6);
      json_add_figure (builder, "total_ms", total, 1e6);
      json_add_figure (builder, "reopen_ms", bench->reopen, 1e6);
      json_add_int (builder, "database_bytes", bench->db_bytes);
      json_builder_end_object (builder);
      return;
    }

  printf ("  %-10s %7u  %14.2f %13.2f %9.2f %9.2f %9.2f\n", bench->name, bench->n_matters,
          median (bench->parse) / 1e6, median (bench->open) / 1e6, median (bench->import) / 1e6,
          median (total) / 1e6, median (bench->reopen) / 1e6);
  printf ("  %-10s %s\n  %-10s version %s, %u bundles, %.1f KiB of JSON, %.1f MiB database\n", "",
          bench->origin, "", bench->version, bench->n_bundles, bench->length / 1024.0,
          bench->db_bytes / 1048576.0);
  fflush (stdout);
}

/* Search latency */

typedef struct
{
  const char *kind;
  const char *text;
} BenchQuery;

#define KIND_EMPTY "empty"

/* What clerks type, by kind, grouped; docs/benchmark.md lists them. */
static const BenchQuery bench_queries[] = {
  { "zh-1", "养" },
  { "zh-1", "证" },
  { "zh-2", "低保" },
  { "zh-2", "养老" },
  { "zh-3", "宅基地" },
  { "zh-3", "残疾人" },
  { "zh-4+", "养老保险" },
  { "zh-4+", "城乡居民基本养老保险" },
  { "pinyin", "yanglao" },
  { "pinyin", "dibao" },
  { "pinyin", "yanglaobaoxian" },
  { "initials", "ylbx" },
  { "initials", "dbsq" },
  { "mixed", "yangl" },
  { "mixed", "ylbaox" },
  { "mixed", "残疾 butie" },
  { "multi", "养老 参保" },
  { "multi", "低保 申请 变更" },
  { "miss", "火星移民签证" },
  { "miss", "qxzjvk" },
  { "hostile", "\"养老\" OR 1=1; DROP TABLE matters; -- body:* NEAR(低保 ylbx, 2) ^\"" },
  { "hostile", NULL }, /* long_hostile_query () */
  { KIND_EMPTY, "" },
};

typedef struct
{
  const char *kind;
  char       *text;
  guint       n_results;
  GArray     *samples;      /* ns: query and rows */
  GArray     *row_samples;  /* ns: the rows alone */
} QueryRun;

static void
query_run_free (QueryRun *run)
{
  g_free (run->text);
  g_array_unref (run->samples);
  g_array_unref (run->row_samples);
  g_free (run);
}

static char *
long_hostile_query (void)
{
  GString *text = g_string_new (NULL);

  while (g_utf8_strlen (text->str, -1) < 2000)
    g_string_append (text, "\"*(养老 OR ylbx)^ NEAR/3 '; \x01\t%_\\ ");
  return g_string_free (text, FALSE);
}

/* Runs @run's text the way the matter list does: the query, then the first screen of rows.
 * Adds the time of both, and of the rows alone, to @run. */
static gboolean
query_once (JjCatalog  *catalog,
            QueryRun   *run,
            gboolean    timed,
            GError    **error)
{
  JjMatterQuery query = { run->text, JJ_LEVEL_ANY, NULL };
  g_autoptr(GListModel) model = NULL;
  gint64 start, queried;
  guint n;

  start = now_ns ();
  model = jj_catalog_query (catalog, &query, error);
  queried = now_ns ();
  if (model == NULL)
    return FALSE;
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < MIN (n, ROWS_SHOWN); i++)
    {
      g_autoptr(JjMatter) matter = g_list_model_get_item (model, i);

      if (matter == NULL || jj_matter_get_name (matter) == NULL)
        {
          g_set_error (error, JJ_CATALOG_ERROR, JJ_CATALOG_ERROR_NOT_FOUND,
                       "Row %u of “%s” could not be read", i, run->text);
          return FALSE;
        }
    }
  if (timed)
    {
      gint64 end = now_ns ();

      samples_add (run->samples, end - start);
      samples_add (run->row_samples, end - queried);
    }
  run->n_results = n;
  return TRUE;
}

static GPtrArray *
run_searches (JjCatalog  *catalog,
              GError    **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) query_run_free);

  for (guint q = 0; q < G_N_ELEMENTS (bench_queries); q++)
    {
      QueryRun *run = g_new0 (QueryRun, 1);

      run->kind = bench_queries[q].kind;
      run->text = bench_queries[q].text != NULL ? g_strdup (bench_queries[q].text)
                                                : long_hostile_query ();
      run->samples = samples_new ();
      run->row_samples = samples_new ();
      g_ptr_array_add (runs, run);

      /* one untimed run first: statement preparation is a start-up cost */
      for (int i = 0; i <= opt_iterations; i++)
        if (!query_once (catalog, run, i > 0, error))
          return NULL;
    }
  return g_steal_pointer (&runs);
}

static char *
query_label (const char *text)
{
  if (text[0] == '\0')
    return g_strdup ("(empty: list all)");
  if (g_utf8_strlen (text, -1) > 24)
    return g_strdup_printf ("(%ld characters)", g_utf8_strlen (text, -1));
  return g_strdup (text);
}

/* Adds the members p50_us, p99_us, max_us and rows_p50_us to the open object. */
static void
json_add_latency (JsonBuilder *builder,
                  GArray      *samples,
                  GArray      *row_samples)
{
  json_builder_set_member_name (builder, "p50_us");
  json_builder_add_double_value (builder, percentile (samples, 500) / 1e3);
  json_builder_set_member_name (builder, "p99_us");
  json_builder_add_double_value (builder, percentile (samples, 990) / 1e3);
  json_builder_set_member_name (builder, "max_us");
  json_builder_add_double_value (builder, percentile (samples, 1000) / 1e3);
  json_builder_set_member_name (builder, "rows_p50_us");
  json_builder_add_double_value (builder, percentile (row_samples, 500) / 1e3);
}

static void
print_latency_row (const char *kind,
                   GArray     *samples,
                   GArray     *row_samples,
                   const char *results)
{
  printf ("  %-9s %9.1f %9.1f %9.1f %9.1f   %s\n", kind, percentile (samples, 500) / 1e3,
          percentile (samples, 990) / 1e3, percentile (samples, 1000) / 1e3,
          percentile (row_samples, 500) / 1e3, results);
}

/* Prints the runs of one catalogue by kind (they are grouped by kind), then overall: every
 * query typed, the empty one apart. In JSON, each query as well. */
static void
report_searches (CatalogBench *bench,
                 GPtrArray    *runs,
                 JsonBuilder  *builder)
{
  g_autoptr(JsonBuilder) kinds = json_builder_new ();
  g_autoptr(GArray) overall = samples_new ();
  g_autoptr(GArray) overall_rows = samples_new ();

  if (opt_json)
    {
      json_builder_begin_object (builder);
      json_add_string (builder, "catalogue", bench->name);
      json_add_int (builder, "matters", bench->n_matters);
      json_add_int (builder, "iterations", opt_iterations);
      json_add_int (builder, "rows_materialized", ROWS_SHOWN);
      json_builder_set_member_name (builder, "queries");
      json_builder_begin_array (builder);
      json_builder_begin_array (kinds);
    }
  else
    {
      printf ("Search, %s catalogue (%u matters): %d runs per query, query + first %d rows, µs\n",
              bench->name, bench->n_matters, opt_iterations, ROWS_SHOWN);
      printf ("  %-9s %9s %9s %9s %9s   %s\n", "kind", "p50", "p99", "max", "rows p50",
              "query → results");
    }

  for (guint i = 0; i < runs->len;)
    {
      QueryRun *first = g_ptr_array_index (runs, i);
      g_autoptr(GArray) kind_samples = samples_new ();
      g_autoptr(GArray) kind_rows = samples_new ();
      g_autoptr(GString) results = g_string_new (NULL);

      for (; i < runs->len; i++)
        {
          QueryRun *run = g_ptr_array_index (runs, i);
          g_autofree char *label = NULL;

          if (!g_str_equal (run->kind, first->kind))
            break;
          label = query_label (run->text);
          g_array_append_vals (kind_samples, run->samples->data, run->samples->len);
          g_array_append_vals (kind_rows, run->row_samples->data, run->row_samples->len);
          if (!g_str_equal (run->kind, KIND_EMPTY))
            {
              g_array_append_vals (overall, run->samples->data, run->samples->len);
              g_array_append_vals (overall_rows, run->row_samples->data, run->row_samples->len);
            }
          g_string_append_printf (results, "%s%s → %u", results->len > 0 ? ", " : "", label,
                                  run->n_results);

          if (opt_json)
            {
              json_builder_begin_object (builder);
              json_add_string (builder, "kind", run->kind);
              json_add_string (builder, "text", run->text);
              json_add_int (builder, "results", run->n_results);
              json_add_latency (builder, run->samples, run->row_samples);
              json_builder_end_object (builder);
            }
        }

      if (opt_json)
        {
          json_builder_begin_object (kinds);
          json_add_string (kinds, "kind", first->kind);
          json_add_latency (kinds, kind_samples, kind_rows);
          json_builder_end_object (kinds);
          continue;
        }
      if (g_str_equal (first->kind, KIND_EMPTY))
        print_latency_row ("overall", overall, overall_rows,
                           "every query above (not the empty one)");
      print_latency_row (first->kind, kind_samples, kind_rows, results->str);
    }

  if (opt_json)
    {
      json_builder_end_array (builder);
      json_builder_end_array (kinds);
      json_builder_set_member_name (builder, "kinds");
      json_builder_add_value (builder, json_builder_get_root (kinds));
      json_builder_set_member_name (builder, "overall");
      json_builder_begin_object (builder);
      json_add_latency (builder, overall, overall_rows);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      return;
    }
  printf ("\n");
  fflush (stdout);
}

/* GUI start-up */

typedef struct
{
  gint64  first_frame;    /* µs from spawn, or -1 when not reported */
  gint64  catalog_frame;  /* µs from spawn, or -1 */
  gint64  max_rss_kib;
  gboolean hung;          /* killed after GUI_TIMEOUT_US */
  char   *failure;        /* NULL when the run reported its catalogue frame and exited 0 */
  char   *errors;         /* what it wrote on stderr */
} GuiRun;

static void
gui_run_clear (GuiRun *run)
{
  g_clear_pointer (&run->failure, g_free);
  g_clear_pointer (&run->errors, g_free);
}

static gint64
stamp_after (const char *output,
             const char *key,
             gint64      spawned)
{
  g_autofree char *needle = g_strconcat (key, " ", NULL);
  const char *line = strstr (output, needle);

  if (line == NULL || (line != output && line[-1] != '\n'))
    return -1;
  return g_ascii_strtoll (line + strlen (needle), NULL, 10) - spawned;
}

/* Reads what is ready on *fd into @out; closes it at end of file. */
static void
drain (int     *fd,
       GString *out)
{
  char buffer[4096];
  gssize n = read (*fd, buffer, sizeof buffer);

  if (n > 0)
    g_string_append_len (out, buffer, n);
  else if (n == 0 || (errno != EINTR && errno != EAGAIN))
    {
      close (*fd);
      *fd = -1;
    }
}

/* The peak RSS of a running process (VmHWM), in KiB, or 0 once it has exited. wait4()'s
 * ru_maxrss cannot be used: Linux counts in it the memory of the parent at the moment of the
 * fork or vfork, so a child of this benchmark would seem to need at least what it does. */
static gint64
read_peak_rss (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *hwm = read_proc_field (path, "VmHWM");

  return hwm != NULL ? (gint64) g_ascii_strtoull (hwm, NULL, 10) : 0;
}

/* Starts @gui on @data_dir and waits (at most GUI_TIMEOUT_US) until it quits by itself after
 * its first frame with the catalogue, watching its peak RSS meanwhile. */
static void
run_gui_once (const char *gui,
              const char *catalog_file,
              const char *data_dir,
              GuiRun     *run)
{
  g_auto(GStrv) envp = g_get_environ ();
  const char *argv[] = { gui, NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  int fds[2] = { -1, -1 };
  int status = 0;
  gboolean reaped = FALSE;
  gint64 spawned, deadline;
  GPid pid;

  envp = g_environ_setenv (envp, "JIUJIN_REPORT_FIRST_FRAME", "1", TRUE);
  envp = g_environ_setenv (envp, "JIUJIN_DATA_DIR", data_dir, TRUE);
  envp = g_environ_setenv (envp, "JIUJIN_CATALOG", catalog_file, TRUE);
#ifdef BENCH_SCHEMA_DIR
  envp = g_environ_setenv (envp, "GSETTINGS_SCHEMA_DIR", BENCH_SCHEMA_DIR, FALSE);
#endif

  *run = (GuiRun) { -1, -1, 0, FALSE, NULL, NULL };
  spawned = g_get_monotonic_time ();
  if (!g_spawn_async_with_pipes (NULL, (char **) argv, envp,
                                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL,
                                 NULL, NULL, &pid, NULL, &fds[0], &fds[1], &error))
    {
      run->failure = g_strdup (error->message);
      return;
    }
  deadline = spawned + GUI_TIMEOUT_US;

  while (!reaped || fds[0] >= 0 || fds[1] >= 0)
    {
      struct pollfd polled[2] = { { fds[0], POLLIN, 0 }, { fds[1], POLLIN, 0 } };
      gint64 now = g_get_monotonic_time ();

      if (now >= deadline)
        break;
      if (poll (polled, 2, (int) MIN (50, (deadline - now) / 1000 + 1)) > 0)
        {
          if (polled[0].revents != 0)
            drain (&fds[0], out);
          if (polled[1].revents != 0)
            drain (&fds[1], err);
        }
      /* a high-water mark: the last reading before the exit is the peak but for the exit */
      if (!reaped)
        run->max_rss_kib = MAX (run->max_rss_kib, read_peak_rss (pid));
      if (!reaped && waitpid (pid, &status, WNOHANG) == pid)
        {
          reaped = TRUE;
          /* a helper it started may hold the pipes: give them a second, not the whole timeout */
          deadline = MIN (deadline, g_get_monotonic_time () + G_USEC_PER_SEC);
        }
    }

  if (!reaped)
    {
      kill (pid, SIGKILL);
      waitpid (pid, &status, 0);
      run->hung = TRUE;
      run->failure = g_strdup_printf ("still running after %d s: killed",
                                      (int) (GUI_TIMEOUT_US / G_USEC_PER_SEC));
    }
  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    if (fds[i] >= 0)
      close (fds[i]);
  g_spawn_close_pid (pid);

  run->first_frame = stamp_after (out->str, "first-frame-us", spawned);
  run->catalog_frame = stamp_after (out->str, "catalog-frame-us", spawned);
  g_strstrip (err->str);
  run->errors = err->str[0] != '\0' ? g_strdup (err->str) : NULL;
  if (run->failure == NULL && !(WIFEXITED (status) && WEXITSTATUS (status) == 0))
    run->failure = WIFSIGNALED (status) ? g_strdup_printf ("killed by signal %d", WTERMSIG (status))
                                        : g_strdup_printf ("exit status %d", WEXITSTATUS (status));
  if (run->failure == NULL && run->catalog_frame < 0)
    run->failure = g_strdup ("exited without printing catalog-frame-us");
}

static char *
gui_skip_reason (const char *gui)
{
  if (opt_no_gui)
    return g_strdup ("--no-gui");
  if (gui == NULL)
    return g_strdup ("no jiujin binary: give --gui PATH or set JIUJIN");
  if (!g_file_test (gui, G_FILE_TEST_IS_EXECUTABLE) || g_file_test (gui, G_FILE_TEST_IS_DIR))
    return g_strdup_printf ("%s is not an executable (build with -Dgui=true, or give --gui PATH)",
                            gui);
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    return g_strdup ("no display: run under xvfb-run -a, or in a desktop session");
  return NULL;
}

typedef struct
{
  const char *catalogue;      /* "bundled" or "generated" */
  const char *database;       /* "fresh" or "existing" */
  GArray     *first_frame;    /* µs, of the runs that printed it */
  GArray     *catalog_frame;  /* µs */
  GArray     *max_rss;        /* KiB */
} GuiFigures;

static void
gui_figures_add (GuiFigures   *figures,
                 const GuiRun *run)
{
  if (run->failure != NULL)
    return;
  if (run->first_frame >= 0)
    samples_add (figures->first_frame, run->first_frame);
  samples_add (figures->catalog_frame, run->catalog_frame);
  if (run->max_rss_kib > 0)
    samples_add (figures->max_rss, run->max_rss_kib);
}

static char *
format_median_max (GArray *samples,
                   double  divisor)
{
  if (samples->len == 0)
    return g_strdup ("—");
  return g_strdup_printf ("%.1f / %.1f", median (samples) / divisor,
                          percentile (samples, 1000) / divisor);
}

static void
report_gui (const char  *gui,
            const char  *skip,
            GuiFigures  *figures,
            guint        n_figures,
            GPtrArray   *failures,
            const char  *errors,
            JsonBuilder *builder)
{
  if (opt_json)
    {
      json_builder_set_member_name (builder, "gui");
      json_builder_begin_object (builder);
      json_add_string (builder, "binary", gui);
      json_add_string (builder, "skipped", skip);
      json_builder_set_member_name (builder, "starts");
      json_builder_begin_array (builder);
      for (guint f = 0; skip == NULL && f < n_figures; f++)
        {
          json_builder_begin_object (builder);
          json_add_string (builder, "catalogue", figures[f].catalogue);
          json_add_string (builder, "database", figures[f].database);
          json_add_figure (builder, "first_frame_ms", figures[f].first_frame, 1e3);
          json_add_figure (builder, "catalog_frame_ms", figures[f].catalog_frame, 1e3);
          json_add_figure (builder, "peak_rss_mib", figures[f].max_rss, 1024);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "failures");
      json_builder_begin_array (builder);
      for (guint i = 0; i < failures->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (failures, i));
      json_builder_end_array (builder);
      json_add_string (builder, "stderr", errors);
      json_builder_end_object (builder);
      return;
    }

  if (skip != NULL)
    {
      printf ("GUI start-up: skipped (%s)\n\n", skip);
      return;
    }

  printf ("GUI start-up, spawn to frame (%d runs; median / max)\n  %s\n", opt_runs, gui);
  printf ("  %-10s %-9s %16s %19s %15s\n", "catalogue", "database", "first frame ms",
          "catalogue frame ms", "peak RSS MiB");
  for (guint f = 0; f < n_figures; f++)
    {
      g_autofree char *first = format_median_max (figures[f].first_frame, 1e3);
      g_autofree char *catalog = format_median_max (figures[f].catalog_frame, 1e3);
      g_autofree char *rss = format_median_max (figures[f].max_rss, 1024);

      printf ("  %-10s %-9s %16s %19s %15s\n", figures[f].catalogue, figures[f].database, first,
              catalog, rss);
    }
  for (guint f = 0; f < n_figures; f++)
    if (figures[f].first_frame->len < figures[f].catalog_frame->len)
      {
        printf ("  (the first frame already showed the catalogue in some runs: first-frame-us "
                "is only printed for frames without it)\n");
        break;
      }
  for (guint i = 0; i < failures->len; i++)
    printf ("  failed: %s\n", (const char *) g_ptr_array_index (failures, i));
  if (errors != NULL)
    printf ("  jiujin wrote on stderr: %.300s\n", errors);
  printf ("\n");
  fflush (stdout);
}

/* Starts the GUI --runs times per catalogue, each time on a fresh database (so the start
 * includes the first import) and then again on the same one. */
static void
run_gui (const char  *gui,
         const char  *skip,
         const char  *catalogues[2],
         JsonBuilder *builder)
{
  static const char * const names[] = { "bundled", "generated" };
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *errors = NULL;
  GuiFigures figures[4];
  gboolean give_up = skip != NULL;

  for (guint f = 0; f < G_N_ELEMENTS (figures); f++)
    figures[f] = (GuiFigures) { names[f / 2], f % 2 == 0 ? "fresh" : "existing",
                                samples_new (), samples_new (), samples_new () };

  /* a start that hangs would hang the next ones too: one is enough to stop */
  for (guint c = 0; !give_up && c < 2; c++)
    for (int r = 0; !give_up && r < opt_runs; r++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *data_dir = make_data_dir (&error);

        if (data_dir == NULL)
          {
            g_ptr_array_add (failures, g_strdup (error->message));
            give_up = TRUE;
            break;
          }
        for (guint f = c * 2; !give_up && f < c * 2 + 2; f++)
          {
            GuiRun run;

            run_gui_once (gui, catalogues[c], data_dir, &run);
            gui_figures_add (&figures[f], &run);
            if (run.failure != NULL)
              g_ptr_array_add (failures,
                               g_strdup_printf ("%s catalogue, %s database, run %d: %s%s%s",
                                                figures[f].catalogue, figures[f].database, r + 1,
                                                run.failure, run.errors != NULL ? "; stderr: " : "",
                                                run.errors != NULL ? run.errors : ""));
            else if (errors == NULL && run.errors != NULL)
              errors = g_strdup (run.errors);
            give_up = run.hung;
            gui_run_clear (&run);
          }
        remove_tree (data_dir);
      }

  report_gui (gui, skip, figures, G_N_ELEMENTS (figures), failures, errors, builder);

  for (guint f = 0; f < G_N_ELEMENTS (figures); f++)
    {
      g_array_unref (figures[f].first_frame);
      g_array_unref (figures[f].catalog_frame);
      g_array_unref (figures[f].max_rss);
    }
}

/* The generated catalogue: group × subject × action names (城乡居民 × 养老保险 × 参保登记),
 * shuffled with a fixed seed so every run generates the same document. */

typedef struct
{
  const char *id;
  const char *name;
  const char *department;
} GenCategory;

static const GenCategory gen_categories[] = {
  { "social-insurance", "社会保险", "乡镇（街道）社会保障服务中心" },
  { "medical-insurance", "医疗保障", "乡镇（街道）医疗保障服务站" },
  { "social-assistance", "社会救助", "乡镇（街道）民政办" },
  { "elderly-disabled", "养老助残", "乡镇（街道）民政办" },
  { "land-housing", "土地住房", "乡镇（街道）自然资源所" },
  { "employment", "就业创业", "乡镇（街道）劳动保障所" },
  { "household", "户籍证照", "派出所户籍窗口" },
  { "agriculture", "农业农村", "乡镇（街道）农业综合服务中心" },
  { "veterans", "退役军人", "乡镇（街道）退役军人服务站" },
  { "family-education", "计生教育", "乡镇（街道）卫生健康办" },
};

static const struct
{
  const char *name;
  guint       category;
  const char *keyword;
} gen_subjects[] = {
  { "基本养老保险", 0, "养老" }, { "社会保障卡", 0, "社保卡" }, { "基本医疗保险", 1, "医保" },
  { "大病保险", 1, "大病" }, { "医疗救助", 2, "救助" }, { "最低生活保障", 2, "低保" },
  { "临时救助", 2, "救急" }, { "特困人员供养", 2, "五保" }, { "高龄津贴", 3, "高龄" },
  { "护理补贴", 3, "两项补贴" }, { "生活补贴", 3, "补贴" }, { "宅基地", 4, "建房" },
  { "危房改造", 4, "危房" }, { "住房保障", 4, "公租房" }, { "就业登记", 5, "就业" },
  { "创业担保贷款", 5, "创业" }, { "职业技能培训补贴", 5, "培训" }, { "居住证", 6, "居住" },
  { "户口迁移", 6, "户口" }, { "耕地地力保护补贴", 7, "种粮" }, { "土地承包经营权", 7, "承包地" },
  { "农机购置补贴", 7, "农机" }, { "优待证", 8, "优待" }, { "优抚金", 8, "抚恤" },
  { "独生子女父母奖励", 9, "计生" }, { "教育资助", 9, "助学" },
};

static const char * const gen_groups[] = {
  "城乡居民", "农村", "残疾人", "老年人", "退役军人", "低保家庭", "特困人员", "失业人员",
  "困难职工", "留守儿童", "脱贫人口", "灵活就业人员", "农民工", "计划生育家庭", "孤儿",
  "重度残疾人", "城镇职工", "外出务工人员",
};

/* Actions from the fifth on are handled on the spot (即办件). */
#define GEN_FIRST_IMMEDIATE 5
static const char * const gen_actions[] = {
  "参保登记", "申请", "变更", "资格认定", "转移接续", "待遇发放", "注销", "信息查询",
  "补办", "资格认证", "证明开具", "年度审核", "暂停", "恢复", "备案",
};

static const struct
{
  const char *name;
  const char *form;
  const char *notes;
} gen_materials[] = {
  { "户口簿", "copy", "" }, { "申请书", "original", "窗口可领取空白表" },
  { "银行卡或存折", "copy", "用于发放待遇" }, { "一寸免冠照片", "original", "近期白底" },
  { "收入证明", "original", "由所在单位或村（居）委会出具" },
  { "残疾人证", "original_and_copy", "" }, { "医疗费用票据", "original", "" },
  { "诊断证明", "original", "二级以上医院出具" }, { "土地承包经营权证", "copy", "" },
  { "结婚证", "copy", "已婚者提供" }, { "退役证", "original_and_copy", "" },
  { "劳动合同", "copy", "" }, { "村（居）委会证明", "original", "" },
};

static const struct
{
  const char *title;
  const char *description;
} gen_steps[] = {
  { "申请", "申请人到村（社区）便民服务站或乡镇（街道）便民服务中心提出申请，提交材料。" },
  { "受理", "窗口工作人员核对材料，材料齐全、符合法定形式的当场受理。" },
  { "审核", "经办机构审核申请材料，必要时入户调查核实。" },
  { "公示", "在村（居）务公开栏公示七天，接受群众监督。" },
  { "办结", "审核通过后办结，结果通过短信或电话告知申请人。" },
};

static void
gen_member (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
gen_form (JsonBuilder *builder,
          guint        i)
{
  json_builder_set_member_name (builder, "form");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_array (builder);
  if (i % 4 != 0)
    {
      json_builder_begin_object (builder);
      gen_member (builder, "id", "bank_account");
      gen_member (builder, "label", "银行账号");
      gen_member (builder, "type", "text");
      json_builder_set_member_name (builder, "required");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "validation");
      json_builder_begin_object (builder);
      gen_member (builder, "pattern", "[0-9]{16,19}");
      gen_member (builder, "message", "请填写16至19位银行卡号");
      json_builder_end_object (builder);
      json_builder_end_object (builder);

      json_builder_begin_object (builder);
      gen_member (builder, "id", "household_size");
      gen_member (builder, "label", "家庭人口数");
      gen_member (builder, "type", i % 2 ? "number" : "choice");
      json_builder_set_member_name (builder, "required");
      json_builder_add_boolean_value (builder, i % 3 == 0);
      json_builder_set_member_name (builder, i % 2 ? "validation" : "options");
      if (i % 2)
        {
          json_builder_begin_object (builder);
          json_add_int (builder, "min", 1);
          json_add_int (builder, "max", 30);
          json_builder_end_object (builder);
        }
      else
        {
          json_builder_begin_array (builder);
          json_builder_add_string_value (builder, "1至2人");
          json_builder_add_string_value (builder, "3至5人");
          json_builder_add_string_value (builder, "6人以上");
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
gen_matter (JsonBuilder *builder,
            guint        i,
            guint        combination,
            const char  *code)
{
  guint n_subjects = G_N_ELEMENTS (gen_subjects), n_actions = G_N_ELEMENTS (gen_actions);
  guint n_combinations = G_N_ELEMENTS (gen_groups) * n_subjects * n_actions;
  guint group = combination / (n_subjects * n_actions);
  guint subject = combination / n_actions % n_subjects;
  guint action = combination % n_actions;
  const GenCategory *category = &gen_categories[gen_subjects[subject].category];
  gboolean village = code[0] == 'C';
  gboolean immediate = action >= GEN_FIRST_IMMEDIATE;
  g_autofree char *name = g_strdup_printf ("%s%s%s", gen_groups[group], gen_subjects[subject].name,
                                           gen_actions[action]);
  g_autofree char *condition = g_strdup_printf ("符合%s相关政策规定", gen_subjects[subject].name);
  g_autofree char *phone = g_strdup_printf ("0739-52%05u", i);
  g_autofree char *url = g_strdup_printf ("https://county.example/guide/%s", code);
  guint n_steps = immediate ? 2 : 3 + i % 3;

  /* past every combination, names repeat with a batch number, as re-issued lists do */
  if (i >= n_combinations)
    {
      char *numbered = g_strdup_printf ("%s（第%u批）", name, i / n_combinations + 1);
      g_free (name);
      name = numbered;
    }

  json_builder_begin_object (builder);
  gen_member (builder, "code", code);
  gen_member (builder, "name", name);
  gen_member (builder, "level", village ? "village" : "township");
  gen_member (builder, "department", village ? "村（社区）便民服务站" : category->department);
  gen_member (builder, "category", category->id);
  gen_member (builder, "handling_type", immediate ? "immediate" : "promised");
  json_add_int (builder, "legal_limit_days", immediate ? 1 : 20);
  json_add_int (builder, "promised_limit_days", immediate ? 0 : 5 + i % 10);
  gen_member (builder, "fee", "不收费");

  json_builder_set_member_name (builder, "conditions");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "具有本乡镇（街道）户籍或持有居住证");
  json_builder_add_string_value (builder, condition);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "materials");
  json_builder_begin_array (builder);
  for (guint m = 0; m < 2 + i % 3; m++)
    {
      guint pick = (i * 7 + m * 5) % G_N_ELEMENTS (gen_materials);

      json_builder_begin_object (builder);
      gen_member (builder, "name", m == 0 ? "居民身份证" : gen_materials[pick].name);
      gen_member (builder, "form", m == 0 ? "original" : gen_materials[pick].form);
      json_add_int (builder, "count", 1);
      json_builder_set_member_name (builder, "required");
      json_builder_add_boolean_value (builder, m < 2);
      gen_member (builder, "notes", m == 0 ? "" : gen_materials[pick].notes);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint s = 0; s < n_steps; s++)
    {
      guint step = s == n_steps - 1 ? G_N_ELEMENTS (gen_steps) - 1 : s;

      json_builder_begin_object (builder);
      gen_member (builder, "title", gen_steps[step].title);
      gen_member (builder, "description", gen_steps[step].description);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  gen_member (builder, "location", village ? "村（社区）便民服务站" : "乡镇（街道）便民服务中心");
  gen_member (builder, "hours", "工作日上午8:30-12:00，下午14:30-17:30");
  gen_member (builder, "phone", phone);
  gen_member (builder, "guide_url", url);

  json_builder_set_member_name (builder, "keywords");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, gen_subjects[subject].keyword);
  json_builder_add_string_value (builder, category->name);
  json_builder_end_array (builder);

  gen_form (builder, i);
  json_builder_end_object (builder);
}

/* A valid format-1 document of @n_matters matters (at most 9999: a third of them village
 * matters, CJ-, the rest township, XZ-) and ten bundles. Returns a new string. */
static char *
generate_catalogue (guint  n_matters,
                    gsize *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261101);
  guint n_combinations = G_N_ELEMENTS (gen_groups) * G_N_ELEMENTS (gen_subjects) *
                         G_N_ELEMENTS (gen_actions);
  g_autofree guint *order = g_new (guint, n_combinations);
  g_autoptr(GPtrArray) township = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *version = g_strdup_printf ("bench-%u", n_matters);
  guint n_village = 0;

  for (guint i = 0; i < n_combinations; i++)
    order[i] = i;
  for (guint i = n_combinations - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (rand, 0, i + 1), swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }

  json_builder_begin_object (builder);
  json_add_int (builder, "format", JJ_CATALOG_FORMAT);
  gen_member (builder, "version", version);
  gen_member (builder, "region", "基准市");
  gen_member (builder, "published", "2026-11-01");

  json_builder_set_member_name (builder, "categories");
  json_builder_begin_array (builder);
  for (guint c = 0; c < G_N_ELEMENTS (gen_categories); c++)
    {
      json_builder_begin_object (builder);
      gen_member (builder, "id", gen_categories[c].id);
      gen_member (builder, "name", gen_categories[c].name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "matters");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_matters; i++)
    {
      g_autofree char *code = NULL;

      if (i % 3 == 2)
        code = g_strdup_printf ("CJ-%04u", ++n_village);
      else
        {
          code = g_strdup_printf ("XZ-%04u", township->len + 1);
          g_ptr_array_add (township, g_strdup (code));
        }
      gen_matter (builder, i, order[i % n_combinations], code);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "bundles");
  json_builder_begin_array (builder);
  for (guint b = 0; b < 10 && (b + 1) * 3 <= township->len; b++)
    {
      g_autofree char *code = g_strdup_printf ("YJS-%03u", b + 1);
      g_autofree char *name = g_strdup_printf ("%s生活保障一件事", gen_groups[b]);

      json_builder_begin_object (builder);
      gen_member (builder, "code", code);
      gen_member (builder, "name", name);
      gen_member (builder, "level", "township");
      gen_member (builder, "description", "一次申请、一表填报，相关事项并联办理。");
      json_builder_set_member_name (builder, "matters");
      json_builder_begin_array (builder);
      for (guint m = 0; m < 3; m++)
        json_builder_add_string_value (builder, g_ptr_array_index (township, b * 3 + m));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "keywords");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, "一件事");
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, length);
}

/* Imports and searches one catalogue; the import row is printed at once, the searches are
 * printed by the caller after every import row. */
static GPtrArray *
bench_catalogue (CatalogBench  *bench,
                 JsonBuilder   *imports,
                 GError       **error)
{
  if (!run_imports (bench, error))
    return NULL;
  report_import (bench, imports);
  return run_searches (bench->catalog, error);
}

static char *
default_path (const char *env,
              const char *built)
{
  const char *value = g_getenv (env);

  if (value != NULL && value[0] != '\0')
    return g_strdup (value);
  return g_strdup (built);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *generated = NULL;
  g_autofree char *gui = NULL;
  g_autofree char *gui_skip = NULL;
  g_autofree char *generated_dir = NULL;
  g_autofree char *generated_file = NULL;
  g_autoptr(GPtrArray) bundled_searches = NULL;
  g_autoptr(GPtrArray) generated_searches = NULL;
  g_autofree char *calendar = NULL;
  g_autofree char *bundled_catalog = NULL;
  CatalogBench bundled = { "bundled" }, synthetic = { "generated" };
  BenchIntakeOptions intake = { NULL };
  struct rusage self;

  g_option_context_set_summary (context, "Prints how fast the catalogue imports, searches and "
                                         "reaches the first frame. Run the GUI part under "
                                         "xvfb-run -a; see docs/benchmark.md.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("jiujin-bench: %s\n", error->message);
      return 2;
    }
  if (opt_runs < 1 || opt_iterations < 1 || opt_matters < 1 || opt_matters > 9999 ||
      opt_applications < 0 || opt_applications > 1000000 || opt_submits < 0 ||
      opt_submits > 100000)
    {
      g_printerr ("jiujin-bench: --runs and --iterations take at least 1, --matters 1 to 9999, "
                  "--applications 0 to 1000000, --submits 0 to 100000\n");
      return 2;
    }

#ifdef BENCH_DEFAULT_CATALOG
  bundled.origin = opt_catalog != NULL ? g_strdup (opt_catalog)
                                       : default_path ("JIUJIN_CATALOG", BENCH_DEFAULT_CATALOG);
#else
  bundled.origin = opt_catalog != NULL ? g_strdup (opt_catalog) : jj_paths_dup_catalog_file ();
#endif
#ifdef BENCH_DEFAULT_GUI
  gui = opt_gui != NULL ? g_strdup (opt_gui) : default_path ("JIUJIN", BENCH_DEFAULT_GUI);
#else
  gui = opt_gui != NULL ? g_strdup (opt_gui) : default_path ("JIUJIN", NULL);
#endif

  /* bundled.origin goes with the bundled store, before the intake figures */
  bundled_catalog = g_strdup (bundled.origin);
#ifdef BENCH_DEFAULT_CALENDAR
  calendar = default_path ("JIUJIN_CALENDAR", BENCH_DEFAULT_CALENDAR);
#else
  calendar = jj_paths_dup_calendar_file ();
#endif
  intake = (BenchIntakeOptions) {
    .tmp_root = opt_tmpdir != NULL ? opt_tmpdir : g_get_tmp_dir (),
    .catalog = bundled_catalog,
    .small_catalog = BENCH_SMALL_CATALOG,
    .calendar = calendar,
    .submits = opt_submits,
    .applications = opt_applications,
    .json = opt_json,
  };

  json_builder_begin_object (builder);
  print_machine (builder);

  generated = generate_catalogue (opt_matters, &synthetic.length);
  synthetic.data = generated;
  /* the GUI reads its catalogue from a file */
  gui_skip = gui_skip_reason (gui);
  if (opt_write_generated != NULL)
    generated_file = g_strdup (opt_write_generated);
  else if (gui_skip == NULL && (generated_dir = make_data_dir (&error)) != NULL)
    generated_file = g_build_filename (generated_dir, "generated.json", NULL);
  if (error != NULL ||
      (generated_file != NULL &&
       !g_file_set_contents (generated_file, generated, synthetic.length, &error)))
    {
      g_printerr ("jiujin-bench: %s\n", error->message);
      return 1;
    }
  synthetic.origin = g_strdup_printf ("generated in memory, %d matters", opt_matters);

  if (opt_json)
    {
      json_add_int (builder, "runs", opt_runs);
      json_add_int (builder, "iterations", opt_iterations);
      json_builder_set_member_name (builder, "import");
      json_builder_begin_array (builder);
    }
  else
    print_import_header ();
  if ((bundled_searches = bench_catalogue (&bundled, builder, &error)) == NULL ||
      (generated_searches = bench_catalogue (&synthetic, builder, &error)) == NULL)
    {
      g_printerr ("jiujin-bench: %s\n", error->message);
      catalog_bench_clear (&bundled);
      catalog_bench_clear (&synthetic);
      if (generated_dir != NULL)
        remove_tree (generated_dir);
      return 1;
    }
  if (opt_json)
    {
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "search");
      json_builder_begin_array (builder);
    }
  else
    printf ("\n");
  report_searches (&bundled, bundled_searches, builder);
  report_searches (&synthetic, generated_searches, builder);
  if (opt_json)
    json_builder_end_array (builder);

  /* measured before the GUI part, which only waits on children */
  getrusage (RUSAGE_SELF, &self);
  catalog_bench_clear (&synthetic);
  g_clear_pointer (&generated, g_free);

  run_gui (gui, gui_skip, (const char *[]) { bundled.origin, generated_file }, builder);
  catalog_bench_clear (&bundled);
  if (generated_dir != NULL)
    remove_tree (generated_dir);

  if (!opt_json)
    printf ("Peak RSS of jiujin-bench itself (import, %d-matter generation, searches): %.1f MiB\n\n",
            opt_matters, self.ru_maxrss / 1024.0);

  if (!bench_intake_run (&intake, builder, &error))
    {
      g_printerr ("jiujin-bench: %s\n", error->message);
      return 1;
    }

  if (opt_json)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_add_int (builder, "bench_peak_rss_kib", self.ru_maxrss);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      printf ("%s\n", text);
    }

  return 0;
}
