/* jiujinctl-stats.c — jiujinctl stats: the statistics page's figures on the command line
 *
 * Exit codes (docs/jiujinctl.md): 0 success, 1 the CSV file could not be written, 2 usage error
 * (a date that is not YYYY-MM-DD, a range that ends before it starts), 4 the database cannot be
 * used.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "jiujinctl-private.h"
#include "jj-cards.h"
#include "jj-stats.h"

static char *opt_since;
static char *opt_until;
static char *opt_csv;

static const GOptionEntry stats_entries[] = {
  { "since", 0, 0, G_OPTION_ARG_STRING, &opt_since,
    N_("Count applications submitted on DATE (YYYY-MM-DD) or later"), N_("DATE") },
  { "until", 0, 0, G_OPTION_ARG_STRING, &opt_until,
    N_("Count applications submitted on DATE (YYYY-MM-DD) or earlier"), N_("DATE") },
  { "csv", 0, 0, G_OPTION_ARG_FILENAME, &opt_csv,
    N_("Write the figures to FILE as CSV for a spreadsheet (UTF-8 with a byte order mark)"),
    N_("FILE") },
  { NULL }
};

static gboolean
parse_day (const char  *option,
           const char  *text,
           GDate      **date,
           int         *status)
{
  if (text == NULL)
    return TRUE;
  if ((*date = jj_cards_parse_date (text)) != NULL)
    return TRUE;
  /* Translators: "--since" or "--until", then what was given */
  *status = fail (EXIT_USAGE, _("%s takes a date as YYYY-MM-DD, e.g. 2026-01-31, not “%s”."),
                  option, text);
  return FALSE;
}

static void
print_rows (const char *title,
            GPtrArray  *rows,
            gboolean    with_key)
{
  g_print ("\n%s\n", title);
  for (guint i = 0; i < rows->len; i++)
    {
      const JjStatsRow *row = g_ptr_array_index (rows, i);

      if (with_key)
        g_print ("  %s\t%s\t%" G_GINT64_FORMAT "\n", row->key, row->label, row->count);
      else
        g_print ("  %s\t%" G_GINT64_FORMAT "\n", row->label, row->count);
    }
}

/* Days with one decimal, the same in every locale. */
static char *
format_days (double seconds)
{
  char days[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (days, sizeof days, "%.1f", seconds / 86400.0));
}

static void
print_text (const JjStats *stats)
{
  char share[G_ASCII_DTOSTR_BUF_SIZE];

  if (stats->since != NULL || stats->until != NULL)
    /* Translators: the range of days counted; a missing end reads "…" */
    g_print (_("Submitted from %s to %s\n"), stats->since != NULL ? stats->since : "…",
             stats->until != NULL ? stats->until : "…");
  g_print (_("Applications submitted: %" PRId64 "\n"), stats->total);
  g_ascii_formatd (share, sizeof share, "%.1f", stats->assisted_share * 100);
  /* Translators: how many applications were handled for the resident (帮代办) and their share in
   * percent, e.g. "12 (30.0%)" */
  g_print (_("Handled for the resident (帮代办): %" PRId64 " (%s%%)\n"), stats->assisted, share);
  g_print (_("Completed, with a completion time: %" PRId64 "\n"), stats->completed);
  if (stats->completed > 0)
    {
      g_autofree char *average = format_days (stats->completion_average);
      g_autofree char *median = format_days (stats->completion_median);

      g_print (_("Average days from submission to completion: %s\n"), average);
      g_print (_("Median days from submission to completion: %s\n"), median);
    }
  if (!stats->evaluations.captured)
    g_print ("%s\n", _("Ratings (好差评): none captured yet"));
  else
    g_print (_("Ratings (好差评): %" PRId64 "\n"), stats->evaluations.count);

  print_rows (_("Applications by matter"), stats->by_matter, TRUE);
  print_rows (_("Applications by level"), stats->by_level, FALSE);
  print_rows (_("Applications by month of submission"), stats->by_month, FALSE);
  print_rows (_("Applications by state"), stats->by_state, FALSE);
  print_rows (_("Applications by who handled them"), stats->by_agent_kind, FALSE);
}

int
cmd_stats (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("— statistics of the applications submitted on this terminal"));
  g_autoptr(GDate) since = NULL;
  g_autoptr(GDate) until = NULL;
  g_autoptr(JjCatalog) catalog = NULL;
  g_autoptr(JjStats) stats = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, stats_entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &status) ||
      !parse_day ("--since", opt_since, &since, &status) ||
      !parse_day ("--until", opt_until, &until, &status))
    return status;
  if (argc != 1)
    return fail (EXIT_USAGE, _("“stats” takes no arguments: choose the days with --since and "
                               "--until."));
  if (since != NULL && until != NULL && g_date_compare (since, until) > 0)
    return fail (EXIT_USAGE, _("The range ends before it starts: --until must not be before "
                               "--since."));

  if (!(catalog = open_catalog (&error)) ||
      !(stats = jj_stats_compute (jj_catalog_get_store (catalog), since, until, &error)))
    return fail (error->domain == JJ_STORE_ERROR ? EXIT_DATABASE : EXIT_FAILED, "%s",
                 error->message);

  if (opt_csv != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (opt_csv);

      if (!jj_stats_write_csv (stats, file, NULL, &error))
        return fail (EXIT_FAILED, _("Could not write the statistics to %s: %s"), opt_csv,
                     error->message);
    }

  if (opt_json)
    {
      g_autoptr(JsonNode) root = jj_stats_to_json (stats);

      print_json (root);
    }
  else if (opt_csv == NULL)
    print_text (stats);

  return EXIT_OK;
}
