/* test-receipt.c — the acceptance receipt (受理回执) as the resident takes it home
 *
 * Applications are taken and submitted through the real intake into a real database in a
 * fresh temporary folder (tests/data/catalog-small.json imported), the receipt is written as a
 * PDF, and the PDF is read back with poppler's pdftotext and pdfinfo: what a resident can read
 * on the page is what is checked. Those parts are skipped only when poppler-utils is missing.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "jj-catalog.h"
#include "jj-intake.h"
#include "jj-receipt.h"
#include "jj-store-private.h"
#include "jj-test-util.h"
#include "jj-validate.h"

#define A5_WIDTH     419.53
#define A5_HEIGHT    595.28
#define APPLICANT    "张三"
#define PHONE        "13800138000"
#define BANK_ACCOUNT "6222020200112233445"
#define ALLOWANCE    "高龄津贴申请"
#define PENSION      "城乡居民基本养老保险参保登记"
#define MEDICAL      "城乡居民基本医疗保险参保登记"
#define ID_CARD      "居民身份证"
#define HOUSEHOLD    "户口簿"

/* Exit codes, from the top of sync/jiujinctl.c. */
enum {
  EXIT_OK = 0,
  EXIT_USAGE = 2,
  EXIT_NOT_FOUND = 3,
};

typedef struct
{
  char      *tmp_dir;
  char      *data_dir;
  JjStore   *store;
  JjCatalog *catalog;
  JjIntake  *intake;
  GDate     *today;     /* Friday 27 November 2026 */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *small_path = g_test_build_filename (G_TEST_DIST, "data", "catalog-small.json",
                                                       NULL);
  g_autoptr(GError) error = NULL;

  fixture->tmp_dir = jj_test_make_tmp_dir ("jiujin-test-receipt-XXXXXX");
  fixture->data_dir = g_build_filename (fixture->tmp_dir, "data", NULL);
  fixture->store = jj_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  fixture->catalog = jj_catalog_new (fixture->store);
  jj_catalog_import_file (fixture->catalog, small_path, FALSE, NULL, &error);
  g_assert_no_error (error);
  fixture->intake = jj_intake_new (fixture->catalog, NULL, &error);
  g_assert_no_error (error);
  fixture->today = g_date_new_dmy (27, G_DATE_NOVEMBER, 2026);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->intake);
  g_clear_object (&fixture->catalog);
  g_clear_object (&fixture->store);
  g_assert_true (jj_test_remove_tree (fixture->tmp_dir));
  g_free (fixture->tmp_dir);
  g_free (fixture->data_dir);
  g_date_free (fixture->today);
}

/* A valid resident ID number: @digits17 and its real check character. */
static char *
valid_id_number (const char *digits17)
{
  return g_strdup_printf ("%s%c", digits17, jj_id_number_check_char (digits17));
}

/* The applicant's: born 31 December 1949. */
static char *
id_number (void)
{
  return valid_id_number ("11010519491231002");
}

/* How the receipt must show id_number(): the first and last 4 characters only. */
static char *
masked_id_number (void)
{
  g_autofree char *full = id_number ();

  return g_strdup_printf ("1101**********%s", full + 14);
}

/* Marks every material of the draft's checklist: required ones received, the first optional
 * one of @pending_matter pending (容缺受理), the other optional ones missing. */
static void
mark_materials (Fixture    *fixture,
                JsonObject *draft,
                const char *pending_matter)
{
  JsonArray *items = json_object_get_array_member (draft, "materials");
  gboolean pending_marked = FALSE;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *code = json_object_get_string_member (item, "matter");
      g_autoptr(JjMatter) matter = jj_catalog_lookup (fixture->catalog, code, NULL);
      GPtrArray *guide = jj_matter_get_materials (matter);
      guint index = json_object_get_int_member (item, "index");
      const JjMaterial *material = g_ptr_array_index (guide, index);
      const char *status = "received";

      if (!material->required)
        {
          status = "missing";
          if (!pending_marked && g_strcmp0 (code, pending_matter) == 0)
            {
              status = "pending";
              pending_marked = TRUE;
            }
        }
      json_object_set_string_member (item, "status", status);
    }
}

/* Creates a draft for @matter or @bundle, fills it as a clerk would and submits it. */
static JjSubmission *
submit (Fixture    *fixture,
        const char *matter,
        const char *bundle,
        const char *pending_matter,
        JsonObject *agent)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) draft = NULL;
  g_autofree char *id = id_number ();
  JsonObject *applicant = json_object_new ();
  JsonObject *values = json_object_new ();
  JjSubmission *submission;
  gint64 draft_id;

  draft_id = jj_intake_create_draft (fixture->intake, matter, bundle, &error);
  g_assert_no_error (error);
  draft = jj_intake_load_draft (fixture->intake, draft_id, &error);
  g_assert_no_error (error);

  json_object_set_string_member (applicant, "name", APPLICANT);
  json_object_set_string_member (applicant, "id_number", id);
  json_object_set_string_member (applicant, "phone", PHONE);
  json_object_set_string_member (applicant, "address", "湖南省示例县示例镇幸福村3组12号");
  json_object_set_object_member (draft, "applicant", applicant);

  json_object_set_string_member (values, "bank_account", BANK_ACCOUNT);
  json_object_set_string_member (values, "contribution_level", "200元");
  json_object_set_object_member (draft, "values", values);

  if (agent != NULL)
    json_object_set_object_member (draft, "agent", json_object_ref (agent));
  mark_materials (fixture, draft, pending_matter);

  submission = jj_intake_submit (fixture->intake, draft_id, draft, fixture->today, &error);
  g_assert_no_error (error);
  g_assert_nonnull (submission);
  return submission;
}

/* The path of a program of poppler-utils, or NULL after marking the test skipped. */
static char *
find_poppler (const char *program)
{
  char *path = g_find_program_in_path (program);

  if (path == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s is not installed (poppler-utils)", program);
      g_test_skip (message);
    }
  return path;
}

/* Runs @argv to completion and returns its stdout; aborts the test unless it exits with 0. */
static char *
run_ok (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                &wait_status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (wait_status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return out;
}

/* The text of the PDF at @path in reading order, or NULL when pdftotext is missing. */
static char *
pdf_text (const char *path)
{
  g_autofree char *pdftotext = find_poppler ("pdftotext");
  const char *argv[] = { pdftotext, "-enc", "UTF-8", path, "-", NULL };

  if (pdftotext == NULL)
    return NULL;
  return run_ok (argv);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack);
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *at = haystack; (at = strstr (at, needle)) != NULL; at += strlen (needle))
    n++;
  return n;
}

static char *
write_receipt (Fixture      *fixture,
               JjSubmission *submission)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjReceipt) receipt = NULL;
  g_autofree char *name = g_strdup_printf ("receipt-%" G_GINT64_FORMAT ".pdf",
                                           submission->application_id);
  char *path = g_build_filename (fixture->tmp_dir, name, NULL);

  receipt = jj_receipt_new_for_application (fixture->store, submission->application_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (receipt);
  g_assert_true (jj_receipt_write_pdf (receipt, path, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_receipt_knows_number_and_tracking_url (Fixture       *fixture,
                                            gconstpointer  user_data)
{
  g_autoptr(JjSubmission) submission = submit (fixture, "XZ-0003", NULL, "XZ-0003", NULL);
  g_autoptr(JjReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  receipt = jj_receipt_new_for_application (fixture->store, submission->application_id, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (jj_receipt_get_number (receipt), ==, submission->receipt_number);
  g_assert_cmpstr (jj_receipt_get_number (receipt), ==, "JJ01-20261127-0001");
  url = g_strconcat ("https://county.example/track/", submission->receipt_number, NULL);
  g_assert_cmpstr (jj_receipt_get_tracking_url (receipt), ==, url);
}

static void
test_pdf_single_matter_shows_everything (Fixture       *fixture,
                                         gconstpointer  user_data)
{
  g_autoptr(JsonObject) agent = json_object_new ();
  g_autoptr(JjSubmission) submission = NULL;
  g_autofree char *agent_id = valid_id_number ("43010219800101123");
  g_autofree char *masked = masked_id_number ();
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pdfinfo = NULL;
  g_autoptr(GBytes) bytes = NULL;

  json_object_set_string_member (agent, "kind", "agent");
  json_object_set_string_member (agent, "name", "李四");
  json_object_set_string_member (agent, "id_number", agent_id);
  json_object_set_string_member (agent, "relationship", "儿子");

  submission = submit (fixture, "XZ-0003", NULL, "XZ-0003", agent);
  /* 10 working days after Friday 27 November 2026, weekends only. */
  g_assert_cmpstr (submission->promised_date, ==, "2026-12-11");
  path = write_receipt (fixture, submission);

  bytes = jj_test_read_file (path);
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 5);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 5, "%PDF-", 5);

  if ((text = pdf_text (path)) == NULL)
    return;
  g_test_message ("pdftotext:\n%s", text);
  assert_contains (text, "Acceptance Receipt");
  assert_contains (text, submission->receipt_number);
  assert_contains (text, ALLOWANCE);
  assert_contains (text, "XZ-0003");
  assert_contains (text, APPLICANT);
  assert_contains (text, masked);
  assert_contains (text, "138****8000");
  assert_contains (text, "李四");
  assert_contains (text, "儿子");
  assert_contains (text, ID_CARD);
  assert_contains (text, "容缺");
  assert_contains (text, HOUSEHOLD);
  assert_contains (text, "December 11, 2026");
  assert_contains (text, "乡镇（街道）便民服务中心");
  assert_contains (text, "0739-5200001");
  assert_contains (text, "https://county.example/track/JJ01-20261127-0001");
  /* Neither the full ID number nor the full phone number is printed. */
  g_assert_null (strstr (text, agent_id));
  g_assert_null (strstr (text, PHONE));

  {
    g_autofree char *program = find_poppler ("pdfinfo");
    const char *argv[] = { program, path, NULL };

    if (program == NULL)
      return;
    pdfinfo = run_ok (argv);
    assert_contains (pdfinfo, "\nPages:           1\n");
    assert_contains (pdfinfo, "\nPage size:       419.53 x 595.28 pts");
  }
}

/* After delivery the county's case number (受理编号) leads a reprinted receipt; the provisional
 * number stays beneath it, and the tracking QR code does not change. */
static void
test_pdf_reprint_leads_with_case_number (Fixture       *fixture,
                                         gconstpointer  user_data)
{
  g_autoptr(JjSubmission) submission = submit (fixture, "XZ-0003", NULL, "XZ-0003", NULL);
  g_autoptr(JjReceipt) first = NULL;
  g_autoptr(JjReceipt) reprint = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *provisional = NULL;
  g_autofree char *sql = NULL;

  first = jj_receipt_new_for_application (fixture->store, submission->application_id, &error);
  g_assert_no_error (error);
  g_assert_null (jj_receipt_get_case_number (first));
  g_assert_cmpstr (jj_receipt_get_shown_number (first), ==, submission->receipt_number);

  /* What the engine writes when the county acknowledges the submission. */
  sql = g_strdup_printf ("UPDATE applications SET state = 'sent', case_number = 'JX2026-000123'"
                         " WHERE id = %" G_GINT64_FORMAT, submission->application_id);
  g_assert_cmpint (sqlite3_exec (jj_store_get_db (fixture->store), sql, NULL, NULL, NULL), ==,
                   SQLITE_OK);

  reprint = jj_receipt_new_for_application (fixture->store, submission->application_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jj_receipt_get_case_number (reprint), ==, "JX2026-000123");
  g_assert_cmpstr (jj_receipt_get_shown_number (reprint), ==, "JX2026-000123");
  g_assert_cmpstr (jj_receipt_get_number (reprint), ==, submission->receipt_number);
  g_assert_cmpstr (jj_receipt_get_tracking_url (reprint), ==, jj_receipt_get_tracking_url (first));

  path = write_receipt (fixture, submission);
  if ((text = pdf_text (path)) == NULL)
    return;
  g_test_message ("pdftotext:\n%s", text);
  provisional = g_strconcat ("Provisional receipt number: ", submission->receipt_number, NULL);
  assert_contains (text, "Case number");
  assert_contains (text, "JX2026-000123");
  assert_contains (text, provisional);
  g_assert_null (strstr (text, "Receipt number"));
  /* The case number comes first, above the provisional number. */
  g_assert_true (strstr (text, "JX2026-000123") < strstr (text, provisional));

  {
    g_autofree char *program = find_poppler ("pdfinfo");
    const char *argv[] = { program, path, NULL };
    g_autofree char *pdfinfo = NULL;

    if (program == NULL)
      return;
    pdfinfo = run_ok (argv);
    assert_contains (pdfinfo, "Acceptance Receipt JX2026-000123");
  }
}

static void
test_pdf_bundle_lists_every_matter (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  g_autoptr(JjSubmission) submission = submit (fixture, NULL, "YJS-001", "XZ-0001", NULL);
  g_autofree char *path = write_receipt (fixture, submission);
  g_autofree char *text = pdf_text (path);

  if (text == NULL)
    return;
  g_test_message ("pdftotext:\n%s", text);
  assert_contains (text, "参保一件事");
  assert_contains (text, PENSION);
  assert_contains (text, MEDICAL);
  assert_contains (text, "In person");
  assert_contains (text, HOUSEHOLD);
  /* Both matters ask for the ID card; the resident handed it over once. */
  g_assert_cmpuint (count_occurrences (text, ID_CARD), ==, 1);
}

/* A catalogue whose allowance asks for 40 materials with long names, so that its receipt has
 * to shrink to fit on one page. */
static void
import_long_catalogue (Fixture *fixture)
{
  g_autofree char *small_path = g_test_build_filename (G_TEST_DIST, "data", "catalog-small.json",
                                                       NULL);
  g_autofree char *long_path = g_build_filename (fixture->tmp_dir, "catalog-long.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *matters;

  json_parser_load_from_file (parser, small_path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  json_object_set_string_member (root, "version", "2026.99-long");
  matters = json_object_get_array_member (root, "matters");
  for (guint i = 0; i < json_array_get_length (matters); i++)
    {
      JsonObject *matter = json_array_get_object_element (matters, i);
      JsonArray *materials;

      if (!g_str_equal (json_object_get_string_member (matter, "code"), "XZ-0003"))
        continue;
      materials = json_array_new ();
      for (guint j = 0; j < 40; j++)
        {
          JsonObject *material = json_object_new ();
          g_autofree char *name =
            g_strdup_printf ("第%u项：申请人及其共同生活的家庭成员近六个月的银行流水和收入证明材料", j + 1);

          json_object_set_string_member (material, "name", name);
          json_object_set_string_member (material, "form", j % 2 ? "copy" : "original");
          json_object_set_int_member (material, "count", 1 + j % 3);
          json_object_set_boolean_member (material, "required", j % 4 != 3);
          json_object_set_string_member (material, "notes", "");
          json_array_add_object_element (materials, material);
        }
      json_object_set_array_member (matter, "materials", materials);
    }

  {
    g_autoptr(JsonGenerator) generator = json_generator_new ();

    json_generator_set_root (generator, json_parser_get_root (parser));
    json_generator_to_file (generator, long_path, &error);
    g_assert_no_error (error);
  }
  jj_catalog_import_file (fixture->catalog, long_path, FALSE, NULL, &error);
  g_assert_no_error (error);
}

/* Every word pdftotext -bbox finds lies on the page. */
static void
assert_words_on_page (const char *path)
{
  g_autofree char *pdftotext = find_poppler ("pdftotext");
  const char *argv[] = { pdftotext, "-bbox", "-enc", "UTF-8", path, "-", NULL };
  g_autofree char *html = NULL;
  g_auto(GStrv) words = NULL;
  guint n_words = 0;

  if (pdftotext == NULL)
    return;
  html = run_ok (argv);
  words = g_strsplit (html, "<word ", -1);
  for (guint i = 1; words[i] != NULL; i++)
    {
      double x_min, y_min, x_max, y_max;

      g_assert_cmpint (sscanf (words[i], "xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"",
                               &x_min, &y_min, &x_max, &y_max), ==, 4);
      if (x_min < 0 || y_min < 0 || x_max > A5_WIDTH || y_max > A5_HEIGHT)
        g_error ("A word is off the page: %.60s", words[i]);
      n_words++;
    }
  g_assert_cmpuint (n_words, >, 20);
}

static void
test_pdf_long_application_stays_on_page (Fixture       *fixture,
                                         gconstpointer  user_data)
{
  g_autoptr(JjSubmission) submission = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  import_long_catalogue (fixture);
  submission = submit (fixture, "XZ-0003", NULL, "XZ-0003", NULL);
  path = write_receipt (fixture, submission);

  if ((text = pdf_text (path)) == NULL)
    return;
  g_test_message ("pdftotext:\n%s", text);
  /* The list is shortened, the rest of the receipt is all there, down to its footer. */
  assert_contains (text, "more");
  assert_contains (text, submission->receipt_number);
  assert_contains (text, "December 11, 2026");
  assert_contains (text, "0739-5200001");
  assert_contains (text, "https://county.example/track/");
  assert_words_on_page (path);
}

static void
test_draw_fits_a_larger_page (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(JjSubmission) submission = submit (fixture, "XZ-0003", NULL, "XZ-0003", NULL);
  g_autoptr(JjReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;
  cairo_rectangle_t a4 = { 0, 0, 595.28, 841.89 };
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);
  double x, y, width, height;

  receipt = jj_receipt_new_for_application (fixture->store, submission->application_id, &error);
  g_assert_no_error (error);
  jj_receipt_draw (receipt, cr, a4.width, a4.height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_recording_surface_ink_extents (surface, &x, &y, &width, &height);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  /* Scaled up to A4, centred, inside the page. */
  g_assert_cmpfloat (width, >, a4.width * 0.6);
  g_assert_cmpfloat (x, >=, 0);
  g_assert_cmpfloat (y, >=, 0);
  g_assert_cmpfloat (x + width, <=, a4.width);
  g_assert_cmpfloat (y + height, <=, a4.height);
}

static void
test_new_for_draft_is_state_error (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjReceipt) receipt = NULL;
  gint64 id = jj_intake_create_draft (fixture->intake, "XZ-0003", NULL, &error);

  g_assert_no_error (error);
  receipt = jj_receipt_new_for_application (fixture->store, id, &error);
  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_STATE);
  g_assert_null (receipt);
}

static void
test_new_for_unknown_id_is_not_found (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjReceipt) receipt = jj_receipt_new_for_application (fixture->store, 4242, &error);

  g_assert_error (error, JJ_INTAKE_ERROR, JJ_INTAKE_ERROR_NOT_FOUND);
  g_assert_null (receipt);
  g_assert_nonnull (strstr (error->message, "4242"));
}

static void
test_pdf_in_missing_folder_names_path (Fixture       *fixture,
                                       gconstpointer  user_data)
{
  g_autoptr(JjSubmission) submission = submit (fixture, "XZ-0003", NULL, "XZ-0003", NULL);
  g_autofree char *path = g_build_filename (fixture->tmp_dir, "no-such-folder", "receipt.pdf",
                                           NULL);
  g_autoptr(JjReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;

  receipt = jj_receipt_new_for_application (fixture->store, submission->application_id, &error);
  g_assert_no_error (error);
  g_assert_false (jj_receipt_write_pdf (receipt, path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Runs $JIUJINCTL with the NULL-terminated arguments; returns its exit status. */
static int
run_jiujinctl (char **err,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("JIUJINCTL"));
  va_start (args, err);
  for (const char *arg; (arg = va_arg (args, const char *)) != NULL;)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                err, &wait_status, &error);
  g_assert_no_error (error);
  g_test_message ("stderr: %s", *err);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

static void
test_jiujinctl_receipt_writes_pdf (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(JjSubmission) submission = NULL;
  g_autofree char *path = g_build_filename (fixture->tmp_dir, "cli.pdf", NULL);
  g_autofree char *missing = g_build_filename (fixture->tmp_dir, "no-such-folder", "cli.pdf", NULL);
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (g_getenv ("JIUJINCTL") == NULL)
    {
      g_test_skip ("JIUJINCTL is not set");
      return;
    }

  submission = submit (fixture, "XZ-0003", NULL, "XZ-0003", NULL);
  g_assert_cmpint (run_jiujinctl (&err, "--data-dir", fixture->data_dir, "receipt",
                                  submission->receipt_number, "--pdf", path, NULL), ==, EXIT_OK);
  bytes = jj_test_read_file (path);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 5, "%PDF-", 5);
  if ((text = pdf_text (path)) != NULL)
    {
      assert_contains (text, submission->receipt_number);
      assert_contains (text, ALLOWANCE);
    }

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_jiujinctl (&err, "--data-dir", fixture->data_dir, "receipt",
                                  "JJ01-20261127-9999", "--pdf", path, NULL), ==, EXIT_NOT_FOUND);
  assert_contains (err, "JJ01-20261127-9999");

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_jiujinctl (&err, "--data-dir", fixture->data_dir, "receipt",
                                  submission->receipt_number, NULL), ==, EXIT_USAGE);

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_jiujinctl (&err, "--data-dir", fixture->data_dir, "receipt",
                                  submission->receipt_number, "--pdf", missing, NULL), !=, EXIT_OK);
  assert_contains (err, missing);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/receipt/new/knows-number-and-tracking-url", test_receipt_knows_number_and_tracking_url);
  ADD ("/receipt/new/draft-is-state-error", test_new_for_draft_is_state_error);
  ADD ("/receipt/new/unknown-id-is-not-found", test_new_for_unknown_id_is_not_found);
  ADD ("/receipt/pdf/single-matter-shows-everything", test_pdf_single_matter_shows_everything);
  ADD ("/receipt/pdf/bundle-lists-every-matter", test_pdf_bundle_lists_every_matter);
  ADD ("/receipt/pdf/reprint-leads-with-the-case-number", test_pdf_reprint_leads_with_case_number);
  ADD ("/receipt/pdf/long-application-stays-on-page", test_pdf_long_application_stays_on_page);
  ADD ("/receipt/pdf/missing-folder-names-path", test_pdf_in_missing_folder_names_path);
  ADD ("/receipt/draw/fits-a-larger-page", test_draw_fits_a_larger_page);
  ADD ("/receipt/jiujinctl/writes-pdf", test_jiujinctl_receipt_writes_pdf);

#undef ADD

  return g_test_run ();
}
