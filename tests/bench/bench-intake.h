/* bench-intake.h — the intake figures of jiujin-bench: durable submits and the applications list
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *tmp_root;        /* where the databases are made */
  const char *catalog;         /* the bundled catalogue: the matters of the listed applications */
  const char *small_catalog;   /* tests/data/catalog-small.json: the matter submitted */
  const char *calendar;        /* the working-day calendar, or NULL (weekends only) */
  int         submits;         /* submits and bare commits to time; 0 skips them */
  int         applications;    /* rows of the listed database; 0 skips the list figures */
  gboolean    json;
} BenchIntakeOptions;

/* Times jj_intake_submit() beside a bare one-row commit, then builds a database of
 * @options->applications applications and times jj_applications_query() and the rows a list
 * view reads, with the process's memory at each stage. Prints a table, or with
 * @options->json adds an "intake" member to @builder (inside its open object). The databases
 * live in folders under @options->tmp_root, removed before returning. Returns FALSE with
 * @error when a database cannot be made or a call fails. */
gboolean bench_intake_run (const BenchIntakeOptions  *options,
                           JsonBuilder               *builder,
                           GError                   **error);

/* Defined in jiujin-bench.c: the clock, nearest-rank statistics, temporary folders and JSON
 * members that every figure shares. Samples are a GArray of gint64. */
gint64      now_ns          (void);
GArray     *samples_new     (void);
void        samples_add     (GArray       *samples,
                             gint64        value);
gint64      percentile      (GArray       *samples,
                             guint         permille);
double      median          (GArray       *samples);
char       *make_data_dir   (GError      **error);
void        remove_tree     (const char   *path);
const char *filesystem_name (long          type);
void        json_add_string (JsonBuilder  *builder,
                             const char   *member,
                             const char   *value);
void        json_add_int    (JsonBuilder  *builder,
                             const char   *member,
                             gint64        value);

G_END_DECLS
