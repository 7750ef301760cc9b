/* jiujinctl.c — the headless command line for technicians and scripts
 *
 * Exit codes (documented in docs/jiujinctl.md):
 *   0  success
 *   1  the operation failed (message on stderr)
 *   2  usage error
 *   3  not found (no matter, or no application, with that code or number)
 *   4  the database cannot be used (damaged, too new, not writable)
 *   5  the catalogue file was rejected
 * enroll and sync (jiujinctl-sync.c) use 3 for "not enrolled", 4 for "another program is
 * syncing" and 5 for "the county platform cannot be reached". operators and audit
 * (jiujinctl-admin.c) use 6 for "refused": a wrong PIN, a locked or disabled operator, a role
 * that does not allow the command.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "jiujinctl-private.h"
#include "jj-applications.h"
#include "jj-catalog.h"
#include "jj-intake.h"
#include "jj-outbox.h"
#include "jj-paths.h"
#include "jj-receipt.h"

char *opt_data_dir;
gboolean opt_json;
static char *opt_level;
static char *opt_category;
static int opt_limit = 0;
static gboolean opt_force;
static char *opt_state;
static char *opt_matter;
static char *opt_search;
static gboolean opt_reveal_id;
static char *opt_pdf;

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

static const GOptionEntry application_filter_entries[] = {
  { "state", 's', 0, G_OPTION_ARG_STRING, &opt_state,
    N_("Only applications in STATE (draft, queued, sent, accepted, completed, returned, rejected)"),
    N_("STATE") },
  { "matter", 'm', 0, G_OPTION_ARG_STRING, &opt_matter,
    N_("Only applications that include the matter with this code"), N_("CODE") },
  { "search", 0, 0, G_OPTION_ARG_STRING, &opt_search,
    N_("Only applications whose applicant name, receipt or case number contains TEXT, or whose "
       "ID number ends with it"),
    N_("TEXT") },
  { NULL }
};

static const GOptionEntry application_limit_entries[] = {
  { "limit", 'n', 0, G_OPTION_ARG_INT, &opt_limit, N_("Print at most N applications"), N_("N") },
  { NULL }
};

static const GOptionEntry reveal_entries[] = {
  { "reveal-id", 0, 0, G_OPTION_ARG_NONE, &opt_reveal_id,
    N_("Print full ID numbers; each application shown is recorded as revealed to you"), NULL },
  { NULL }
};

static const GOptionEntry import_entries[] = {
  { "force", 'f', 0, G_OPTION_ARG_NONE, &opt_force,
    N_("Import even when the same version is already imported"), NULL },
  { NULL }
};

static const GOptionEntry receipt_entries[] = {
  { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &opt_pdf, N_("Write the receipt to FILE as an A5 PDF"),
    N_("FILE") },
  { NULL }
};

int
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

void
print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  /* UTF-8 whatever the locale: g_print() would convert to the locale's charset. */
  fputs (text, stdout);
  fputc ('\n', stdout);
}

void
print_builder (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  print_json (root);
}

void
builder_add_string (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
builder_add_int (JsonBuilder *builder,
                 const char  *name,
                 gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/* Opens the store and brings the bundled catalogue in when it is newer than the imported one. */
JjCatalog *
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

gboolean
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

      json_builder_begin_object (builder);
      builder_add_string (builder, "version", PACKAGE_VERSION);
      builder_add_string (builder, "data_dir", data_dir);
      builder_add_string (builder, "database", store != NULL ? jj_store_get_path (store) : NULL);
      builder_add_int (builder, "schema_version",
                       store != NULL ? jj_store_get_schema_version (store) : -1);
      builder_add_string (builder, "catalog_file", catalog_file);
      builder_add_string (builder, "catalog_bundled_version",
                          bundled != NULL ? jj_catalog_document_get_version (bundled) : NULL);
      builder_add_string (builder, "catalog_imported_version", imported);
      builder_add_string (builder, "integrity",
                          store == NULL ? NULL
                          : integrity_error == NULL ? "ok" : integrity_error->message);
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

static int
cmd_receipt (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("NUMBER — write the acceptance receipt (受理回执) of an application"));
  g_autofree char *data_dir = NULL;
  g_autoptr(JjStore) store = NULL;
  g_autoptr(JjApplicationRecord) record = NULL;
  g_autoptr(JjReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, receipt_entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return fail (EXIT_USAGE, _("Give one receipt number or county case number, e.g. "
                               "JJ01-20261129-0007."));
  if (opt_pdf == NULL)
    return fail (EXIT_USAGE, _("Say where to write the receipt: --pdf FILE."));

  data_dir = jj_paths_dup_data_dir (opt_data_dir);
  if (!(store = jj_store_open (data_dir, &error)))
    return fail (exit_code_for (error), "%s", error->message);

  record = jj_applications_lookup_number (store, argv[1], &error);
  if (g_error_matches (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND))
    return fail (EXIT_NOT_FOUND, _("No application has the receipt or case number “%s”."), argv[1]);
  if (record == NULL ||
      !(receipt = jj_receipt_new_for_application (store, jj_application_record_get_id (record),
                                                  &error)) ||
      !jj_receipt_write_pdf (receipt, opt_pdf, &error))
    return fail (exit_code_for (error), "%s", error->message);

  g_print (_("Wrote the receipt %s to %s.\n"), jj_receipt_get_number (receipt), opt_pdf);
  return EXIT_OK;
}

/* applications: what this terminal has taken in */

static char *
format_local_time (gint64      seconds,
                   const char *format)
{
  g_autoptr(GDateTime) when = NULL;

  if (seconds == 0)
    return g_strdup ("-");
  when = g_date_time_new_from_unix_local (seconds);
  return g_date_time_format (when, format);
}

static const char *
or_dash (const char *text)
{
  return text != NULL && text[0] != '\0' ? text : "-";
}

static int
application_exit_code (const GError *error)
{
  if (g_error_matches (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND))
    return EXIT_NOT_FOUND;
  return exit_code_for (error);
}

/* Reads --state, --matter and --search into @query. */
static gboolean
parse_application_query (JjApplicationQuery *query,
                         int                *status)
{
  JjApplicationState state;

  query->state = -1;
  query->matter_code = opt_matter;
  query->text = opt_search;
  if (opt_state == NULL || g_str_equal (opt_state, "all"))
    return TRUE;
  if (!jj_application_state_from_string (opt_state, &state))
    {
      *status = fail (EXIT_USAGE,
                      _("Unknown state “%s”: use draft, queued, sent, accepted, completed, "
                        "returned, rejected or all."),
                      opt_state);
      return FALSE;
    }
  query->state = state;
  return TRUE;
}

/* The members of a record shown by "applications list --json": those of the detail, the ID
 * number masked. */
static JsonNode *
application_record_to_json (JjApplicationRecord *record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *created_text = NULL;
  g_autofree char *submitted_text = NULL;

  created = g_date_time_new_from_unix_utc (jj_application_record_get_created_at (record));
  created_text = g_date_time_format_iso8601 (created);

  if (jj_application_record_get_submitted_at (record) != 0)
    {
      g_autoptr(GDateTime) submitted =
        g_date_time_new_from_unix_utc (jj_application_record_get_submitted_at (record));
      submitted_text = g_date_time_format_iso8601 (submitted);
    }

  json_builder_begin_object (builder);
  builder_add_int (builder, "id", jj_application_record_get_id (record));
  builder_add_string (builder, "state",
                      jj_application_state_to_string (jj_application_record_get_state (record)));
  builder_add_string (builder, "title", jj_application_record_get_title (record));
  builder_add_string (builder, "receipt_number",
                      jj_application_record_get_receipt_number (record));
  builder_add_string (builder, "case_number", jj_application_record_get_case_number (record));
  builder_add_string (builder, "promised_date",
                      jj_application_record_get_promised_date (record));
  builder_add_string (builder, "applicant_name",
                      jj_application_record_get_applicant_name (record));
  builder_add_string (builder, "applicant_id_number",
                      jj_application_record_get_masked_id_number (record));
  builder_add_string (builder, "agent_kind", jj_application_record_get_agent_kind (record));
  builder_add_string (builder, "created_at", created_text);
  builder_add_string (builder, "submitted_at", submitted_text);
  builder_add_string (builder, "outbox_state", jj_application_record_get_outbox_state (record));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static int
cmd_applications_list (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("— list this terminal’s applications, newest first"));
  g_autoptr(JjCatalog) catalog = NULL;
  g_autoptr(GListModel) applications = NULL;
  g_autoptr(GError) error = NULL;
  JjApplicationQuery query = { -1, NULL, 0, 0, NULL };
  int status = EXIT_OK;
  guint n;

  g_option_context_add_main_entries (context, application_filter_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, application_limit_entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &status) || !parse_application_query (&query, &status))
    return status;
  if (argc != 1)
    return fail (EXIT_USAGE, _("“applications list” takes no arguments: filter with --state, "
                               "--matter or --search."));

  if (!(catalog = open_catalog (&error)) ||
      !(applications = jj_applications_query (jj_catalog_get_store (catalog), &query, &error)))
    return fail (application_exit_code (error), "%s", error->message);

  n = g_list_model_get_n_items (applications);
  if (opt_limit > 0 && (guint) opt_limit < n)
    n = opt_limit;

  if (opt_json)
    {
      g_autoptr(JsonArray) array = json_array_sized_new (n);
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(JjApplicationRecord) record = g_list_model_get_item (applications, i);
          json_array_add_element (array, application_record_to_json (record));
        }
      json_node_set_array (root, array);
      print_json (root);
      return EXIT_OK;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JjApplicationRecord) record = g_list_model_get_item (applications, i);
      g_autofree char *submitted =
        format_local_time (jj_application_record_get_submitted_at (record), "%Y-%m-%d");
      g_autofree char *number = NULL;

      /* A draft has no receipt number yet: its id is what "applications show" takes. */
      if (jj_application_record_get_receipt_number (record) != NULL)
        number = g_strdup (jj_application_record_get_receipt_number (record));
      else
        number = g_strdup_printf ("%" G_GINT64_FORMAT, jj_application_record_get_id (record));

      g_print ("%s\t%s\t%s\t%s\t%s\t%s\n", number,
               jj_application_state_get_label (jj_application_record_get_state (record)),
               jj_application_record_get_title (record),
               or_dash (jj_application_record_get_applicant_name (record)),
               or_dash (jj_application_record_get_masked_id_number (record)), submitted);
    }
  return EXIT_OK;
}

/* The application a technician names: a receipt or case number, else a row id. */
JjApplicationRecord *
find_application (JjStore     *store,
                  const char  *name,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JjApplicationRecord *record = jj_applications_lookup_number (store, name, &local_error);
  guint64 id;

  if (record == NULL && g_error_matches (local_error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND) &&
      g_ascii_string_to_unsigned (name, 10, 1, G_MAXINT64, &id, NULL))
    return jj_applications_lookup (store, (gint64) id, error);

  if (record == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return record;
}

/* Records that the full ID numbers of application @id are shown to the Unix user running us. */
static gboolean
record_reveal (JjIntake  *intake,
               gint64     id,
               GError   **error)
{
  return jj_intake_record_id_reveal (intake, id, g_get_user_name (), error);
}

static const char *
material_status_label (const char *status)
{
  if (g_strcmp0 (status, "received") == 0)
    return _("received");
  if (g_strcmp0 (status, "pending") == 0)
    /* Translators: a required material accepted to follow later */
    return _("to follow (容缺受理)");
  return _("missing");
}

static const char *
detail_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static void
print_person (const char *label,
              JsonObject *person)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  static const char * const members[] = { "name", "relationship", "id_number", "phone", "address" };
  g_autofree char *line = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      const char *value = detail_string (person, members[i]);

      if (value != NULL && value[0] != '\0')
        g_ptr_array_add (parts, (gpointer) value);
    }
  g_ptr_array_add (parts, NULL);
  line = g_strjoinv ("  ", (char **) parts->pdata);
  print_fact (label, or_dash (line));
}

static void
print_form_value (const char *label,
                  JsonNode   *value)
{
  g_autofree char *text = NULL;

  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    text = g_strdup (json_node_get_string (value));
  else
    text = json_to_string (value, FALSE);
  g_print ("  %s: %s\n", label, text);
}

/* The merged form of the application's matters, for the labels of its values; NULL when the
 * catalogue no longer describes them. */
static JjForm *
dup_application_form (JjCatalog  *catalog,
                      JsonObject *detail)
{
  JsonArray *matters = json_object_get_array_member (detail, "matters");
  g_autoptr(JsonObject) draft = json_object_new ();
  g_autoptr(JsonArray) codes = json_array_new ();
  g_autoptr(JjIntake) intake = jj_intake_new (catalog, NULL, NULL);

  for (guint i = 0; matters != NULL && i < json_array_get_length (matters); i++)
    json_array_add_string_element (
        codes, or_dash (detail_string (json_array_get_object_element (matters, i), "code")));
  json_object_set_array_member (draft, "matters", json_array_ref (codes));
  return intake != NULL ? jj_intake_dup_form (intake, draft, NULL) : NULL;
}

static void
print_text_application (JjApplicationRecord *record,
                        JsonObject          *detail,
                        JjForm              *form)
{
  JsonObject *agent = json_object_get_object_member (detail, "agent");
  JsonObject *values = json_object_get_object_member (detail, "values");
  JsonArray *matters = json_object_get_array_member (detail, "matters");
  JsonArray *materials = json_object_get_array_member (detail, "materials");
  JsonArray *attachments = json_object_get_array_member (detail, "attachments");
  JsonObject *outbox = json_object_get_object_member (detail, "outbox");
  const char *agent_kind = detail_string (agent, "kind");
  g_autofree char *created = format_local_time (jj_application_record_get_created_at (record),
                                                "%Y-%m-%d %H:%M");
  g_autofree char *submitted = format_local_time (jj_application_record_get_submitted_at (record),
                                                  "%Y-%m-%d %H:%M");
  JsonObjectIter iter;
  const char *field;
  JsonNode *value;

  if (jj_application_record_get_receipt_number (record) != NULL)
    g_print ("%s  %s\n", jj_application_record_get_receipt_number (record),
             jj_application_record_get_title (record));
  else
    g_print ("%" G_GINT64_FORMAT "  %s\n", jj_application_record_get_id (record),
             jj_application_record_get_title (record));
  print_fact (_("State"),
              jj_application_state_get_label (jj_application_record_get_state (record)));
  if (jj_application_record_get_case_number (record) != NULL)
    print_fact (_("Case number"), jj_application_record_get_case_number (record));
  print_fact (_("Started"), created);
  print_fact (_("Submitted"), submitted);
  print_fact (_("Promised by"), or_dash (jj_application_record_get_promised_date (record)));
  print_person (_("Applicant"), json_object_get_object_member (detail, "applicant"));
  if (g_strcmp0 (agent_kind, "agent") == 0)
    print_person (_("Handled by an agent (代办)"), agent);
  else if (g_strcmp0 (agent_kind, "clerk") == 0)
    print_person (_("Handled by the clerk (帮办)"), agent);
  if (detail_string (detail, "appointment") != NULL)
    print_fact (_("Appointment"), detail_string (detail, "appointment"));
  if (outbox != NULL)
    {
      guint attempts = json_object_get_int_member (outbox, "attempts");
      g_autofree char *sending = NULL;

      /* Translators: the outbox entry: its state and how many times it was tried */
      sending = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u attempt", "%s, %u attempts",
                                              attempts),
                                 jj_outbox_state_get_label (detail_string (outbox, "state")),
                                 attempts);
      print_fact (_("Outbox"), sending);
      if (detail_string (outbox, "last_error") != NULL)
        print_fact (_("Last error"), detail_string (outbox, "last_error"));
    }

  g_print ("\n%s\n", _("Matters"));
  for (guint i = 0; i < json_array_get_length (matters); i++)
    {
      JsonObject *matter = json_array_get_object_element (matters, i);
      g_print ("  %s  %s\n", detail_string (matter, "code"),
               or_dash (detail_string (matter, "name")));
    }

  if (json_object_get_size (values) > 0)
    {
      g_print ("\n%s\n", _("Form"));
      /* In the form's order, by label; a value the form no longer asks for, by its id. */
      for (guint i = 0; form != NULL && i < jj_form_get_n_fields (form); i++)
        {
          const JjFormField *form_field = jj_form_get_field (form, i);

          if ((value = json_object_get_member (values, form_field->id)) != NULL)
            print_form_value (form_field->label, value);
        }
      json_object_iter_init (&iter, values);
      while (json_object_iter_next (&iter, &field, &value))
        if (form == NULL || jj_form_lookup_field (form, field) == NULL)
          print_form_value (field, value);
    }

  g_print ("\n%s\n", _("Materials"));
  for (guint i = 0; i < json_array_get_length (materials); i++)
    {
      JsonObject *material = json_array_get_object_element (materials, i);
      JjMaterialForm material_form = JJ_MATERIAL_ORIGINAL;

      jj_material_form_from_string (detail_string (material, "form"), &material_form);
      /* Translators: a material: number, name, original/copy, count, required or not, status */
      g_print (_("  %u. %s (%s ×%u, %s): %s\n"), i + 1,
               or_dash (detail_string (material, "name")),
               jj_material_form_get_label (material_form),
               (guint) json_object_get_int_member (material, "count"),
               json_object_get_boolean_member (material, "required") ? _("required")
                                                                      : _("if applicable"),
               material_status_label (detail_string (material, "status")));
    }

  if (json_array_get_length (attachments) > 0)
    {
      g_print ("\n%s\n", _("Scans"));
      for (guint i = 0; i < json_array_get_length (attachments); i++)
        {
          JsonObject *attachment = json_array_get_object_element (attachments, i);

          g_print ("  %u. %s  %s  %s\n", i + 1, detail_string (attachment, "filename"),
                   or_dash (detail_string (attachment, "mime_type")),
                   detail_string (attachment, "sha256"));
        }
    }
}

static int
cmd_applications_show (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("NUMBER|ID — show an application by receipt number, case number "
                            "or id"));
  g_autoptr(JjCatalog) catalog = NULL;
  g_autoptr(JjIntake) intake = NULL;
  g_autoptr(JjApplicationRecord) record = NULL;
  g_autoptr(JsonObject) detail = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, reveal_entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return fail (EXIT_USAGE, _("Give one receipt number (as printed on the receipt), case number "
                               "or id."));

  /* The reveal is recorded before anything is shown: no full number leaves unaccounted. */
  if (!(catalog = open_catalog (&error)) ||
      !(record = find_application (jj_catalog_get_store (catalog), argv[1], &error)) ||
      (opt_reveal_id && (!(intake = jj_intake_new (catalog, NULL, &error)) ||
                         !record_reveal (intake, jj_application_record_get_id (record), &error))) ||
      !(detail = jj_applications_dup_detail (jj_catalog_get_store (catalog),
                                             jj_application_record_get_id (record), opt_reveal_id,
                                             &error)))
    return fail (application_exit_code (error), "%s", error->message);

  if (opt_json)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), detail);
      print_json (node);
    }
  else
    {
      g_autoptr(JjForm) form = dup_application_form (catalog, detail);

      print_text_application (record, detail, form);
    }

  return EXIT_OK;
}

static int
cmd_applications_export (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("— write applications as JSON Lines, one whole application a line"));
  g_autoptr(JjCatalog) catalog = NULL;
  g_autoptr(JjIntake) intake = NULL;
  g_autoptr(GListModel) applications = NULL;
  g_autoptr(GError) error = NULL;
  JjApplicationQuery query = { -1, NULL, 0, 0, NULL };
  int status = EXIT_OK;
  JjStore *store;

  g_option_context_add_main_entries (context, application_filter_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, reveal_entries, GETTEXT_PACKAGE);
  if (!parse (context, &argc, &argv, &status) || !parse_application_query (&query, &status))
    return status;
  if (argc != 1)
    return fail (EXIT_USAGE, _("“applications export” takes no arguments: filter with --state, "
                               "--matter or --search."));

  if (!(catalog = open_catalog (&error)) ||
      (opt_reveal_id && !(intake = jj_intake_new (catalog, NULL, &error))) ||
      !(applications = jj_applications_query (jj_catalog_get_store (catalog), &query, &error)))
    return fail (application_exit_code (error), "%s", error->message);

  store = jj_catalog_get_store (catalog);
  for (guint i = 0; i < g_list_model_get_n_items (applications); i++)
    {
      g_autoptr(JjApplicationRecord) record = g_list_model_get_item (applications, i);
      g_autoptr(JsonObject) detail = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *line = NULL;
      gint64 id = jj_application_record_get_id (record);

      if ((opt_reveal_id && !record_reveal (intake, id, &error)) ||
          !(detail = jj_applications_dup_detail (store, id, opt_reveal_id, &error)))
        return fail (application_exit_code (error), "%s", error->message);

      /* Data, not text: the UTF-8 goes out as it is, whatever the locale's character set. */
      node = json_node_init_object (json_node_alloc (), detail);
      line = json_to_string (node, FALSE);
      fputs (line, stdout);
      fputc ('\n', stdout);
    }

  return fflush (stdout) == 0 ? EXIT_OK : fail (EXIT_FAILED, _("Could not write the export."));
}

/* A paper ledger moved in: every line validated like the form, the whole file or nothing. */
static int
cmd_applications_import (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("FILE.jsonl — import a paper ledger, one application per line"));
  g_autofree char *calendar_file = jj_paths_dup_calendar_file ();
  g_autoptr(JjCatalog) catalog = NULL;
  g_autoptr(JjIntake) intake = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;
  int imported;

  if (!parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return fail (EXIT_USAGE, _("Give the ledger file to import (JSON Lines)."));

  if (!(catalog = open_catalog (&error)))
    return fail (exit_code_for (error), "%s", error->message);
  intake = jj_intake_new (catalog, g_file_test (calendar_file, G_FILE_TEST_EXISTS) ? calendar_file : NULL,
                          &error);
  if (intake == NULL)
    return fail (EXIT_FAILED, "%s", error->message);

  imported = jj_intake_import_jsonl (intake, argv[1], NULL, &problems, &error);
  if (imported < 0)
    {
      for (guint i = 0; problems != NULL && i < problems->len; i++)
        g_printerr ("jiujinctl: %s\n", (const char *) g_ptr_array_index (problems, i));
      return fail (error->domain == JJ_STORE_ERROR ? EXIT_DATABASE : EXIT_FAILED, "%s",
                   error->message);
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "Imported %d application; it waits in the outbox.\n",
                        "Imported %d applications; they wait in the outbox.\n", imported),
           imported);
  return EXIT_OK;
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
             "  applications list [--state STATE] [--matter CODE] [--search TEXT] [--limit N]\n"
             "  applications show NUMBER|ID [--reveal-id]\n"
             "  applications export [--state STATE] [--matter CODE] [--search TEXT] [--reveal-id]\n"
             "  applications import FILE.jsonl\n"
             "  applications reopen NUMBER|ID --as LOGIN\n"
             "  doctor [--json]\n"
             "  receipt NUMBER --pdf FILE\n"
             "  enroll URL CODE [--ca-file FILE] [--json]\n"
             "  sync [--once | --watch] [--json]\n"
             "  sync status [--json]\n"
             "  stats [--since DATE] [--until DATE] [--csv FILE] [--json]\n"
             "  operators add LOGIN --name NAME --role ROLE [--as LOGIN]\n"
             "  operators list [--json]\n"
             "  operators disable|enable|reset-pin LOGIN --as LOGIN\n"
             "  audit verify [--json]\n"
             "  audit list --as LOGIN [--since DATE] [--until DATE] [--action ACTION] [--json]\n"
             "  audit export --csv FILE --as LOGIN [--since DATE] [--until DATE] [--action ACTION]\n"
             "  queue list [--state STATE] [--json]\n"
             "  queue retry|hold|release|send-back UUID… [--reason TEXT] --as LOGIN\n"
             "\n"
             "Each command takes --help. Exit codes: 0 success, 1 failure, 2 usage error,\n"
             "3 not found, 4 database unusable, 5 catalogue rejected; for enroll and sync:\n"
             "3 not enrolled, 4 another program is syncing, 5 county platform unreachable;\n"
             "for operators, audit, queue and applications reopen: 6 refused (wrong PIN,\n"
             "locked, or not allowed).\n"
             "PINs are read from standard input, never from the command line."));
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
  prgname = g_strjoin (" ", "jiujinctl", command,
                       argc >= 3 && (g_str_equal (command, "catalog") ||
                                     g_str_equal (command, "applications") ||
                                     g_str_equal (command, "operators") ||
                                     g_str_equal (command, "audit") ||
                                     g_str_equal (command, "queue") ||
                                     (g_str_equal (command, "sync") &&
                                      g_str_equal (argv[2], "status")))
                         ? argv[2]
                         : NULL,
                       NULL);
  g_set_prgname (prgname);

  if (g_str_equal (command, "doctor"))
    return cmd_doctor (argc - 1, argv + 1);

  if (g_str_equal (command, "receipt"))
    return cmd_receipt (argc - 1, argv + 1);

  if (g_str_equal (command, "enroll"))
    return cmd_enroll (argc - 1, argv + 1);

  if (g_str_equal (command, "sync"))
    return cmd_sync (argc - 1, argv + 1);

  if (g_str_equal (command, "stats"))
    return cmd_stats (argc - 1, argv + 1);

  if (g_str_equal (command, "operators") || g_str_equal (command, "audit") ||
      g_str_equal (command, "queue"))
    {
      int status = g_str_equal (command, "operators") ? cmd_operators (argc - 1, argv + 1)
                   : g_str_equal (command, "audit")   ? cmd_audit (argc - 1, argv + 1)
                                                      : cmd_queue (argc - 1, argv + 1);
      if (status >= 0)
        return status;
    }

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

  if (g_str_equal (command, "applications") && argc >= 3)
    {
      const char *sub = argv[2];

      if (g_str_equal (sub, "list"))
        return cmd_applications_list (argc - 2, argv + 2);
      if (g_str_equal (sub, "show"))
        return cmd_applications_show (argc - 2, argv + 2);
      if (g_str_equal (sub, "export"))
        return cmd_applications_export (argc - 2, argv + 2);
      if (g_str_equal (sub, "import"))
        return cmd_applications_import (argc - 2, argv + 2);
      if (g_str_equal (sub, "reopen"))
        return cmd_applications_reopen (argc - 2, argv + 2);
    }

  print_usage (stderr);
  return EXIT_USAGE;
}
