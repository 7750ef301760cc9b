/* jj-test-submit.c — queued submissions and scans for the outbox and sync tests
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>

#include "jj-attachments.h"
#include "jj-test-submit.h"
#include "jj-validate.h"

char *
jj_test_add_scan (JjStore    *store,
                  const char *tmp_dir,
                  gsize       size,
                  guint32     seed)
{
  static const char signature[] = "\x89PNG\r\n\x1a\n";
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree guint8 *data = g_malloc (size);
  g_autofree char *name = g_strdup_printf ("scan-%u-%" G_GSIZE_FORMAT ".png", seed, size);
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(JjAttachmentInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (size, >=, 8);
  memcpy (data, signature, 8);
  for (gsize i = 8; i < size; i++)
    data[i] = g_rand_int (rand) & 0xff;
  g_assert_true (g_file_set_contents (path, (const char *) data, size, &error));
  g_assert_no_error (error);

  info = jj_attachments_add_file (store, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_remove (path), ==, 0);
  return g_strdup (info->sha256);
}

/* A valid resident ID number born in 1938, distinct for each @sequence below 1,000,000. */
static char *
id_number (guint sequence)
{
  g_autofree char *digits = g_strdup_printf ("43%04u19380101%03u", sequence / 1000 % 10000 + 100,
                                             sequence % 1000);
  return g_strdup_printf ("%s%c", digits, jj_id_number_check_char (digits));
}

void
jj_test_queue (JjIntake           *intake,
               const char         *tmp_dir,
               guint               n,
               const char         *matter_code,
               const char         *values_json,
               const char * const *sha256s,
               guint               first_applicant)
{
  g_autoptr(GString) ledger = g_string_new (NULL);
  g_autofree char *path = g_build_filename (tmp_dir, "ledger.jsonl", NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = id_number (first_applicant + i);

      g_string_append_printf (ledger,
                              "{\"matters\": [\"%s\"], \"applicant\": {\"name\": \"王秀英\","
                              " \"id_number\": \"%s\", \"phone\": \"13907311234\","
                              " \"address\": \"白石村三组 12 号\"}, \"values\": %s,"
                              " \"materials\": [{\"matter\": \"%s\", \"index\": 0,"
                              " \"status\": \"received\"}], \"attachments\": [",
                              matter_code, id, values_json, matter_code);
      for (guint j = 0; sha256s != NULL && sha256s[j] != NULL; j++)
        g_string_append_printf (ledger, "%s{\"sha256\": \"%s\", \"filename\": \"户口簿-%u.png\","
                                " \"material\": 0}", j > 0 ? ", " : "", sha256s[j], j);
      g_string_append (ledger, "]}\n");
    }

  g_assert_true (g_file_set_contents (path, ledger->str, ledger->len, &error));
  g_assert_no_error (error);
  if (jj_intake_import_jsonl (intake, path, NULL, &problems, &error) != (int) n)
    {
      for (guint i = 0; problems != NULL && i < problems->len; i++)
        g_test_message ("%s", (const char *) g_ptr_array_index (problems, i));
      g_assert_no_error (error);
      g_assert_not_reached ();
    }
  g_assert_cmpint (g_remove (path), ==, 0);
}
