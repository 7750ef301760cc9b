/* jiujinctl.c — the headless command line for technicians and scripts
 *
 * Exit codes (documented in docs/jiujinctl.md):
 *   0  success
 *   1  the operation failed (message on stderr)
 *   2  usage error
 *   3  not found (no matter with that code)
 *   4  the database cannot be used (damaged, too new, not writable)
 *   5  the catalogue file was rejected
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "jj-catalog.h"
#include "jj-paths.h"

enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
  EXIT_NOT_FOUND = 3,
  EXIT_DATABASE = 4,
  EXIT_CATALOG = 5,
};

static char *opt_data_dir;
static gboolean opt_json;
static char *opt_level;
static char *opt_category;
static int opt_limit = 0;
static gboolean opt_force;

static const GOptionEntry common_entries[] = {
  { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &opt_data_dir,
    N_("Use DIR for the database instead of the default"), N_("DIR") },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
  { NULL }
};

static const GOptionEntry filter_entries[] = {
  { "level", 'l', 0, G_OPTION_ARG_STRING, &opt_level,
    N_("Only matters of LEVEL (township or village)"), N_("LEVEL") },
  { "category", 'c', 0, G_OPTION_ARG_STRING, &opt_category,
    N_("Only matters of the category with this id"), N_("ID") },
  { "limit", 'n', 0, G_OPTION_ARG_INT, &opt_limit, N_("Print at most N matters"), N_("N") },
  { NULL }
};

static const GOptionEntry import_entries[] = {
  { "force", 'f', 0, G_OPTION_ARG_NONE, &opt_force,
    N_("Import even when the same version is already imported"), NULL },
  { NULL }
};

static int
fail (int         code,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static int
fail (int         code,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("jiujinctl: %s\n", message);
  return code;
}

static int
exit_code_for (const GError *error)
{
  if (error->domain == JJ_STORE_ERROR)
    return EXIT_DATABASE;
  if (g_error_matches (error, JJ_CATALOG_ERROR, JJ_CATALOG_ERROR_NOT_FOUND))
    return EXIT_NOT_FOUND;
  if (error->domain == JJ_CATALOG_ERROR)
    return EXIT_CATALOG;
  return EXIT_FAILED;
}

static void
print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* Opens the store and brings the bundled catalogue in when it is newer than the imported one. */
static JjCatalog *
open_catalog (GError **error)
{
  g_autofree char *data_dir = jj_paths_dup_data_dir (opt_data_dir);
  g_autofree char *catalog_file = jj_paths_dup_catalog_file ();
  g_autoptr(JjStore) store = jj_store_open (data_dir, error);
  g_autoptr(JjCatalog) catalog = NULL;
  g_autofree char *version = NULL;

  if (store == NULL)
    return NULL;

  catalog = jj_catalog_new (store);
  if (!jj_catalog_import_bundled (catalog, catalog_file, NULL, error))
    {
      /* A rejected update leaves the catalogue in use; only an empty terminal must stop. */
      version = jj_catalog_dup_version (catalog);
      if (version == NULL)
        return NULL;
      g_printerr ("jiujinctl: %s\n", (*error)->message);
      g_clear_error (error);
    }

  return g_steal_pointer (&catalog);
}

static gboolean
parse (GOptionContext  *context,
       int             *argc,
       char          ***argv,
       int             *status)
{
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = fail (EXIT_USAGE, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_level (int *level,
             int *status)
{
  JjLevel value;

  *level = JJ_LEVEL_ANY;
  if (opt_level == NULL || g_str_equal (opt_level, "all"))
    return TRUE;
  if (!jj_level_from_string (opt_level, &value))
    {
      *status = fail (EXIT_USAGE, _("Unknown level “%s”: use township, village or all."), opt_level);
      return FALSE;
    }
  *level = value;
  return TRUE;
}

static void
print_matters (GListModel *matters)
{
  guint n = g_list_model_get_n_items (matters);

  if (opt_limit > 0 && (guint) opt_limit < n)
    n = opt_limit;

  if (opt_json)
    {
      g_autoptr(JsonArray) array = json_array_sized_new (n);
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(JjMatter) matter = g_list_model_get_item (matters, i);
          json_array_add_element (array, jj_matter_to_json (matter, FALSE));
        }
      json_node_set_array (root, array);
      print_json (root);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JjMatter) matter = g_list_model_get_item (matters, i);

      g_print ("%s\t%s\t%s\t%s\n", jj_matter_get_code (matter), jj_matter_get_name (matter),
               jj_level_get_label (jj_matter_get_level (matter)),
               jj_matter_get_category_name (matter));
    }
}

static int
cmd_catalog_list_or_search (int       argc,
                            char    **argv,
                            gboolean  search)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (search ? _("QUERY — search the catalogue in Chinese or pinyin")
                                 : _("— list the catalogue"));
  g_autoptr(JjCatalog) catalog = NULL;
  g_autoptr(GListModel) matters = NULL;
  g_autoptr(GError) error = NULL;
  JjMatterQuery query = { NULL, JJ_LEVEL_ANY, NULL };
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, filter_entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &status) || !parse_level (&query.level, &status))
    return status;

  if (search)
    {
      if (argc != 2)
        return fail (EXIT_USAGE, _("Give one search query (quote it if it has spaces)."));
      query.text = argv[1];
    }
  else if (argc != 1)
    return fail (EXIT_USAGE, _("“catalog list” takes no arguments."));
  query.category_id = opt_category;

  if (!(catalog = open_catalog (&error)) || !(matters = jj_catalog_query (catalog, &query, &error)))
    return fail (exit_code_for (error), "%s", error->message);

  print_matters (matters);
  return EXIT_OK;
}

static void
print_fact (const char *label,
            const char *value)
{
  /* Translators: a fact of a guide on the command line, "label: value" */
  g_print (_("%s: %s\n"), label, value);
}

static char *
format_days (guint days)
{
  if (days == 0)
    return g_strdup (_("Completed on the spot"));
  /* Translators: a time limit in working days */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u working day", "%u working days", days),
                          days);
}

static void
print_text_guide (JjMatter *matter)
{
  GPtrArray *materials = jj_matter_get_materials (matter);
  GPtrArray *steps = jj_matter_get_steps (matter);
  const char * const *conditions = jj_matter_get_conditions (matter);

  g_print ("%s  %s\n", jj_matter_get_code (matter), jj_matter_get_name (matter));
  print_fact (_("Level"), jj_level_get_label (jj_matter_get_level (matter)));
  print_fact (_("Department"), jj_matter_get_department (matter));
  print_fact (_("Category"), jj_matter_get_category_name (matter));
  print_fact (_("Handling"), jj_handling_type_get_label (jj_matter_get_handling_type (matter)));
  g_autofree char *legal = format_days (jj_matter_get_legal_limit_days (matter));
  g_autofree char *promised = format_days (jj_matter_get_promised_limit_days (matter));

  print_fact (_("Legal time limit"), legal);
  print_fact (_("Promised time limit"), promised);
  print_fact (_("Fee"), jj_matter_get_fee (matter));

  g_print ("\n%s\n", _("Conditions"));
  for (guint i = 0; conditions[i] != NULL; i++)
    g_print ("  %u. %s\n", i + 1, conditions[i]);

  g_print ("\n%s\n", _("Materials"));
  for (guint i = 0; i < materials->len; i++)
    {
      const JjMaterial *material = g_ptr_array_index (materials, i);

      g_autofree char *line = NULL;

      /* Translators: a material: number, name, original/copy, count, required or not */
      line = g_strdup_printf (_("%u. %s (%s ×%u, %s)"), i + 1, material->name,
                              jj_material_form_get_label (material->form), material->count,
                              material->required ? _("required") : _("if applicable"));
      if (material->notes[0] != '\0')
        /* Translators: a material followed by its notes */
        g_print (_("  %s — %s\n"), line, material->notes);
      else
        g_print ("  %s\n", line);
    }

  g_print ("\n%s\n", _("Process"));
  for (guint i = 0; i < steps->len; i++)
    {
      const JjStep *step = g_ptr_array_index (steps, i);
      /* Translators: a process step: number, title, description */
      g_print (_("  %u. %s: %s\n"), i + 1, step->title, step->description);
    }

  g_print ("\n");
  print_fact (_("Location"), jj_matter_get_location (matter));
  print_fact (_("Hours"), jj_matter_get_hours (matter));
  print_fact (_("Phone"), jj_matter_get_phone (matter));
  print_fact (_("Online guide"), jj_matter_get_guide_url (matter));
}

static int
cmd_catalog_show (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CODE — show a matter’s handling guide"));
  g_autoptr(JjCatalog) catalog = NULL;
  g_autoptr(JjMatter) matter = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  if (!parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return fail (EXIT_USAGE, _("Give the code of one matter, e.g. XZ-0001."));

  if (!(catalog = open_catalog (&error)) || !(matter = jj_catalog_lookup (catalog, argv[1], &error)))
    return fail (exit_code_for (error), "%s", error->message);

  if (opt_json)
    {
      g_autoptr(JsonNode) node = jj_matter_to_json (matter, TRUE);
      print_json (node);
    }
  else
    print_text_guide (matter);

  return EXIT_OK;
}

static int
cmd_catalog_bundles (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the 一件事一次办 bundles"));
  g_autoptr(JjCatalog) catalog = NULL;
  g_autoptr(GPtrArray) bundles = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  if (!parse (context, &argc, &argv, &status))
    return status;

  if (!(catalog = open_catalog (&error)) || !(bundles = jj_catalog_list_bundles (catalog, &error)))
    return fail (exit_code_for (error), "%s", error->message);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < bundles->len; i++)
        {
          const JjBundle *bundle = g_ptr_array_index (bundles, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "code");
          json_builder_add_string_value (builder, bundle->code);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, bundle->name);
          json_builder_set_member_name (builder, "level");
          json_builder_add_string_value (builder, jj_level_to_string (bundle->level));
          json_builder_set_member_name (builder, "description");
          json_builder_add_string_value (builder, bundle->description);
          json_builder_set_member_name (builder, "matters");
          json_builder_begin_array (builder);
          for (guint j = 0; bundle->matter_codes[j] != NULL; j++)
            json_builder_add_string_value (builder, bundle->matter_codes[j]);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      print_json (root);
      return EXIT_OK;
    }

  for (guint i = 0; i < bundles->len; i++)
    {
      const JjBundle *bundle = g_ptr_array_index (bundles, i);
      g_autofree char *members = g_strjoinv (", ", bundle->matter_codes);

      g_print ("%s\t%s\t%s\n", bundle->code, bundle->name, members);
    }
  return EXIT_OK;
}

static int
cmd_catalog_import (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — import a catalogue file"));
  g_autofree char *data_dir = NULL;
  g_autoptr(JjStore) store = NULL;
  g_autoptr(JjCatalog) catalog = NULL;
  g_autoptr(JjCatalogDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  gboolean imported;
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, import_entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return fail (EXIT_USAGE, _("Give the catalogue file to import."));

  data_dir = jj_paths_dup_data_dir (opt_data_dir);
  if (!(document = jj_catalog_document_load (argv[1], &error)) ||
      !(store = jj_store_open (data_dir, &error)))
    return fail (exit_code_for (error), "%s", error->message);

  catalog = jj_catalog_new (store);
  if (!jj_catalog_import (catalog, document, opt_force, &imported, &error))
    return fail (exit_code_for (error), "%s", error->message);

  if (imported)
    g_print (_("Imported catalogue %s: %u matters, %u bundles.\n"),
             jj_catalog_document_get_version (document),
             jj_catalog_document_get_n_matters (document),
             jj_catalog_document_get_n_bundles (document));
  else
    g_print (_("Catalogue %s is already imported; nothing to do (use --force to import it again).\n"),
             jj_catalog_document_get_version (document));
  return EXIT_OK;
}

static int
cmd_doctor (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— check this terminal’s files"));
  g_autofree char *data_dir = NULL;
  g_autofree char *catalog_file = NULL;
  g_autofree char *imported = NULL;
  g_autoptr(JjCatalogDocument) bundled = NULL;
  g_autoptr(JjStore) store = NULL;
  g_autoptr(JjCatalog) catalog = NULL;
  g_autoptr(GError) store_error = NULL;
  g_autoptr(GError) integrity_error = NULL;
  g_autoptr(GError) catalog_error = NULL;
  gboolean healthy;
  int status = EXIT_OK;

  if (!parse (context, &argc, &argv, &status))
    return status;

  data_dir = jj_paths_dup_data_dir (opt_data_dir);
  catalog_file = jj_paths_dup_catalog_file ();
  bundled = jj_catalog_document_load (catalog_file, &catalog_error);
  store = jj_store_open (data_dir, &store_error);
  if (store != NULL)
    {
      jj_store_check_integrity (store, &integrity_error);
      catalog = jj_catalog_new (store);
      /* As the GUI does at startup: a fresh terminal gets its catalogue here. */
      if (bundled != NULL && integrity_error == NULL)
        jj_catalog_import_bundled (catalog, catalog_file, NULL, &catalog_error);
      imported = jj_catalog_dup_version (catalog);
    }
  healthy = store != NULL && integrity_error == NULL && catalog_error == NULL && imported != NULL;

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

#define MEMBER_STRING(name, value) \
  (json_builder_set_member_name (builder, name), \
   (value) != NULL ? json_builder_add_string_value (builder, value) : json_builder_add_null_value (builder))

      json_builder_begin_object (builder);
      MEMBER_STRING ("version", PACKAGE_VERSION);
      MEMBER_STRING ("data_dir", data_dir);
      MEMBER_STRING ("database", store != NULL ? jj_store_get_path (store) : NULL);
      json_builder_set_member_name (builder, "schema_version");
      json_builder_add_int_value (builder, store != NULL ? jj_store_get_schema_version (store) : -1);
      MEMBER_STRING ("catalog_file", catalog_file);
      MEMBER_STRING ("catalog_bundled_version",
                     bundled != NULL ? jj_catalog_document_get_version (bundled) : NULL);
      MEMBER_STRING ("catalog_imported_version", imported);
      MEMBER_STRING ("integrity", store == NULL ? NULL : integrity_error == NULL ? "ok" : integrity_error->message);
      json_builder_set_member_name (builder, "problems");
      json_builder_begin_array (builder);
      if (store_error != NULL)
        json_builder_add_string_value (builder, store_error->message);
      if (integrity_error != NULL)
        json_builder_add_string_value (builder, integrity_error->message);
      if (catalog_error != NULL)
        json_builder_add_string_value (builder, catalog_error->message);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "healthy");
      json_builder_add_boolean_value (builder, healthy);
      json_builder_end_object (builder);
#undef MEMBER_STRING

      root = json_builder_get_root (builder);
      print_json (root);
    }
  else
    {
      g_print ("%s %s\n", _("Jiujin version:"), PACKAGE_VERSION);
      g_print ("%s %s\n", _("Data folder:"), data_dir);
      if (store != NULL)
        {
          g_print ("%s %s\n", _("Database:"), jj_store_get_path (store));
          g_print ("%s %d\n", _("Schema version:"), jj_store_get_schema_version (store));
          g_print ("%s %s\n", _("Integrity check:"), integrity_error == NULL ? _("ok") : integrity_error->message);
        }
      else
        g_print ("%s %s\n", _("Database:"), store_error->message);
      g_print ("%s %s\n", _("Catalogue file:"), catalog_file);
      g_print ("%s %s\n", _("Bundled catalogue:"),
               bundled != NULL ? jj_catalog_document_get_version (bundled) : catalog_error->message);
      g_print ("%s %s\n", _("Imported catalogue:"), imported != NULL ? imported : _("none yet"));
      g_print ("%s\n", healthy ? _("Everything looks fine.") : _("Problems found: see above."));
    }

  if (store_error != NULL || integrity_error != NULL)
    return EXIT_DATABASE;
  if (catalog_error != NULL)
    return EXIT_CATALOG;
  return healthy ? EXIT_OK : EXIT_FAILED;
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n%s\n",
           _("Usage: jiujinctl [--data-dir DIR] COMMAND [OPTIONS…]"),
           _("Commands:\n"
             "  catalog list [--level LEVEL] [--category ID] [--json]\n"
             "  catalog search QUERY [--level LEVEL] [--limit N] [--json]\n"
             "  catalog show CODE [--json]\n"
             "  catalog bundles [--json]\n"
             "  catalog import FILE [--force]\n"
             "  doctor [--json]\n"
             "\n"
             "Each command takes --help. Exit codes: 0 success, 1 failure, 2 usage error,\n"
             "3 not found, 4 database unusable, 5 catalogue rejected."));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *prgname = NULL;
  const char *command;

  setlocale (LC_ALL, "");
  /* JIUJIN_LOCALEDIR lets uninstalled runs and tests use the catalogs built in _build/po. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("JIUJIN_LOCALEDIR") != NULL ? g_getenv ("JIUJIN_LOCALEDIR")
                                                                       : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Global options come before the command: jiujinctl --data-dir DIR catalog list */
  while (argc > 1 && argv[1][0] == '-')
    {
      if (g_str_equal (argv[1], "--version"))
        {
          g_print ("jiujinctl %s\n", PACKAGE_VERSION);
          return EXIT_OK;
        }
      if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
        {
          print_usage (stdout);
          return EXIT_OK;
        }
      if ((g_str_equal (argv[1], "--data-dir") || g_str_equal (argv[1], "-d")) && argc > 2)
        {
          opt_data_dir = g_strdup (argv[2]);
          argv += 2, argc -= 2;
          continue;
        }
      if (g_str_has_prefix (argv[1], "--data-dir="))
        {
          opt_data_dir = g_strdup (argv[1] + strlen ("--data-dir="));
          argv++, argc--;
          continue;
        }
      print_usage (stderr);
      return EXIT_USAGE;
    }

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }

  command = argv[1];
  /* Subcommand --help shows "jiujinctl catalog search [OPTION…]" */
  prgname = g_strjoin (" ", "jiujinctl", command, argc >= 3 && g_str_equal (command, "catalog") ? argv[2] : NULL, NULL);
  g_set_prgname (prgname);

  if (g_str_equal (command, "doctor"))
    return cmd_doctor (argc - 1, argv + 1);

  if (g_str_equal (command, "catalog") && argc >= 3)
    {
      const char *sub = argv[2];

      if (g_str_equal (sub, "list"))
        return cmd_catalog_list_or_search (argc - 2, argv + 2, FALSE);
      if (g_str_equal (sub, "search"))
        return cmd_catalog_list_or_search (argc - 2, argv + 2, TRUE);
      if (g_str_equal (sub, "show"))
        return cmd_catalog_show (argc - 2, argv + 2);
      if (g_str_equal (sub, "bundles"))
        return cmd_catalog_bundles (argc - 2, argv + 2);
      if (g_str_equal (sub, "import"))
        return cmd_catalog_import (argc - 2, argv + 2);
    }

  print_usage (stderr);
  return EXIT_USAGE;
}
