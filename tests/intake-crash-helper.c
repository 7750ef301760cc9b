/* intake-crash-helper.c — a clerk who never stops, for test-intake to kill with SIGKILL
 *
 *   intake-crash-helper DATA_DIR           create a draft, save it a few times, attach a scan,
 *                                          submit it; again and again. Prints one line per
 *                                          submitted receipt number, after the commit.
 *   intake-crash-helper DATA_DIR drafts    create one draft and save it every 10 ms with a
 *                                          counter in values.remarks. Prints "draft ID" once,
 *                                          then N after the save of counter N returned.
 *
 * The catalogue is the file named by JIUJIN_CATALOG (tests/data/catalog-small.json: XZ-0003
 * 高龄津贴申请 is applied for); the calendar is JIUJIN_CALENDAR when set. Output is flushed after
 * every line, so what the test reads was printed before the kill. Any failure exits with
 * status 2 and a message on stderr: a helper that stops by itself fails the test.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <stdlib.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "jj-attachments.h"
#include "jj-catalog.h"
#include "jj-intake.h"
#include "jj-validate.h"

#define MATTER_CODE "XZ-0003"

/* A 1×1 white greyscale PNG. */
static const guint8 png_data[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x37, 0x6e, 0xf9,
  0x24, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0x68, 0x00, 0x00, 0x00,
  0x82, 0x00, 0x81, 0xdd, 0x43, 0x6a, 0xf4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
  0x42, 0x60, 0x82,
};

static void G_GNUC_NORETURN
die (const char *what,
     GError     *error)
{
  g_printerr ("intake-crash-helper: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (2);
}

/* One of a few residents, so that returning residents (the applicants upsert) happen too. */
static char *
resident_id_number (guint n)
{
  g_autofree char *digits = g_strdup_printf ("43010219%02u0101%03u", 40 + n % 7, 100 + n % 7);

  return g_strdup_printf ("%s%c", digits, jj_id_number_check_char (digits));
}

static void
fill (JsonObject *draft,
      guint       n,
      guint       step,
      const char *sha256)
{
  JsonObject *applicant = json_object_get_object_member (draft, "applicant");
  JsonObject *values = json_object_get_object_member (draft, "values");
  JsonArray *materials = json_object_get_array_member (draft, "materials");
  g_autofree char *id_number = resident_id_number (n);
  g_autofree char *account = g_strdup_printf ("62220202%011u", n);
  g_autofree char *phone = g_strdup_printf ("1380013%04u", n % 10000);

  /* What the clerk has typed so far: a little more at every save. */
  json_object_set_string_member (applicant, "name", "张桂英");
  if (step >= 1)
    {
      json_object_set_string_member (applicant, "id_number", id_number);
      json_object_set_string_member (applicant, "phone", phone);
    }
  if (step >= 2)
    {
      json_object_set_string_member (applicant, "address", "湖南省测试市测试镇新村12号");
      json_object_set_string_member (values, "bank_account", account);
    }
  if (step >= 3)
    {
      JsonArray *attachments = json_object_get_array_member (draft, "attachments");
      JsonObject *scan = json_object_new ();

      for (guint i = 0; i < json_array_get_length (materials); i++)
        json_object_set_string_member (json_array_get_object_element (materials, i), "status",
                                       "received");
      json_object_set_string_member (scan, "sha256", sha256);
      json_object_set_string_member (scan, "filename", "身份证.png");
      json_object_set_int_member (scan, "material", 0);
      json_array_add_object_element (attachments, scan);
    }
}

static char *
store_scan (JjStore    *store,
            const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjAttachmentInfo) info = NULL;
  g_autofree char *parent = g_path_get_dirname (data_dir);
  g_autofree char *path = g_build_filename (parent, "helper-scan.png", NULL);

  /* g_file_set_contents() renames a complete temporary file into place. */
  if (!g_file_set_contents (path, (const char *) png_data, sizeof png_data, &error))
    die ("writing the scan", error);
  if ((info = jj_attachments_add_file (store, path, NULL, &error)) == NULL)
    die ("storing the scan", error);
  return g_strdup (info->sha256);
}

static void G_GNUC_NORETURN
run_submits (JjIntake   *intake,
             JjStore    *store,
             const char *data_dir)
{
  g_autofree char *sha256 = store_scan (store, data_dir);

  for (guint n = g_random_int_range (0, 1000);; n++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) draft = NULL;
      g_autoptr(JjSubmission) submission = NULL;
      gint64 id;

      if ((id = jj_intake_create_draft (intake, MATTER_CODE, NULL, &error)) == 0)
        die ("creating a draft", error);
      if ((draft = jj_intake_load_draft (intake, id, &error)) == NULL)
        die ("loading the draft", error);

      /* Now and then the resident changes their mind. */
      if (n % 5 == 4)
        {
          fill (draft, n, 1, sha256);
          if (!jj_intake_save_draft (intake, id, draft, &error) ||
              !jj_intake_discard_draft (intake, id, &error))
            die ("discarding a draft", error);
          continue;
        }

      for (guint step = 0; step <= 3; step++)
        {
          fill (draft, n, step, sha256);
          if (!jj_intake_save_draft (intake, id, draft, &error))
            die ("saving the draft", error);
        }

      if ((submission = jj_intake_submit (intake, id, draft, NULL, &error)) == NULL)
        die ("submitting", error);
      printf ("%s\n", submission->receipt_number);
      fflush (stdout);
    }
}

static void G_GNUC_NORETURN
run_drafts (JjIntake *intake)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) draft = NULL;
  JsonObject *values;
  gint64 id;

  if ((id = jj_intake_create_draft (intake, "XZ-0001", NULL, &error)) == 0)
    die ("creating a draft", error);
  if ((draft = jj_intake_load_draft (intake, id, &error)) == NULL)
    die ("loading the draft", error);
  printf ("draft %" G_GINT64_FORMAT "\n", id);
  fflush (stdout);

  values = json_object_get_object_member (draft, "values");
  for (guint n = 1;; n++)
    {
      g_autofree char *counter = g_strdup_printf ("%u", n);

      json_object_set_string_member (values, "remarks", counter);
      if (!jj_intake_save_draft (intake, id, draft, &error))
        die ("saving the draft", error);
      printf ("%u\n", n);
      fflush (stdout);
      g_usleep (10 * 1000);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JjStore) store = NULL;
  g_autoptr(JjCatalog) catalog = NULL;
  g_autoptr(JjIntake) intake = NULL;
  const char *catalog_path = g_getenv ("JIUJIN_CATALOG");

  if (argc < 2 || argc > 3 || (argc == 3 && g_strcmp0 (argv[2], "drafts") != 0))
    {
      g_printerr ("usage: %s DATA_DIR [drafts]\n", argv[0]);
      return 2;
    }
  if (catalog_path == NULL)
    die ("JIUJIN_CATALOG", NULL);

  if ((store = jj_store_open (argv[1], &error)) == NULL)
    die ("opening the store", error);
  catalog = jj_catalog_new (store);
  if (!jj_catalog_import_file (catalog, catalog_path, FALSE, NULL, &error))
    die ("importing the catalogue", error);
  if ((intake = jj_intake_new (catalog, g_getenv ("JIUJIN_CALENDAR"), &error)) == NULL)
    die ("loading the calendar", error);

  if (argc == 3)
    run_drafts (intake);
  run_submits (intake, store, argv[1]);
}
