/* jj-sync-cycle.c — one sync cycle (docs/sync-protocol.md, section 13)
 *
 * Discovery, then the scans of the submissions about to go (tus, resumed from what the county
 * acknowledged), then the submissions in batches, then the status feed, the catalogue and, when
 * nothing else was sent, a heartbeat. An entry is marked `sending` before the request that
 * carries it and delivered only in the transaction that stores the county's answer, so a crash
 * anywhere sends it again with the same key and the county replays its first answer.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "jj-attachments.h"
#include "jj-catalog.h"
#include "jj-store-private.h"
#include "jj-sync-client.h"
#include "jj-sync-cycle-private.h"
#include "jj-sync-engine.h"
#include "jj-tus-client.h"

#define BACKOFF_BASE_SECONDS 2
#define BACKOFF_CAP_SECONDS  300
#define STATUS_PAGE_LIMIT    100
/* How much one submission weighs in the progress, against attachment bytes. */
#define ITEM_WEIGHT          (64 * 1024)
#define ITEMS_PREFIX         "{\"items\":["
#define ITEMS_SUFFIX         "]}"

typedef struct
{
  JjStore                    *store;
  const char                 *data_dir;
  JjEnrollment               *enrollment;
  JjSyncClient               *client;
  JjSyncLimits                limits;
  const JjSyncCycleCallbacks *callbacks;
  JjSyncCycleReport          *report;
  GCancellable               *cancellable;
  gint64                      now;
  gint64                      select_now;
  gint64                      work_total;
  gint64                      work_done;
  gboolean                    sent;              /* something other than GETs went out */
  gboolean                    attachments_missing;
} Cycle;

/* One scan on its way, for the tus callbacks. */
typedef struct
{
  Cycle          *cycle;
  JjOutboxUpload *upload;
  gint64          work_before;
} UploadRun;

guint
jj_sync_backoff_seconds (guint attempt,
                         guint retry_after)
{
  guint64 ceiling = BACKOFF_BASE_SECONDS;
  guint delay;

  for (guint i = 0; i < attempt && ceiling < BACKOFF_CAP_SECONDS; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, BACKOFF_CAP_SECONDS);
  delay = MAX (1, g_random_int_range (0, ceiling + 1));
  return MAX (delay, retry_after);
}

void
jj_sync_cycle_report_clear (JjSyncCycleReport *report)
{
  g_clear_pointer (&report->catalog_version, g_free);
  g_clear_pointer (&report->warning, g_free);
}

gint64
jj_sync_cycle_get_retry_until (JjStore *store)
{
  g_autofree char *text = jj_store_dup_meta (store, "county_retry_until");
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &value, NULL))
    return 0;
  return value;
}

static void
set_retry_until (Cycle *cycle)
{
  guint retry_after = jj_sync_client_get_retry_after (cycle->client);
  g_autofree char *text = NULL;

  if (retry_after == 0)
    return;
  cycle->report->retry_after = retry_after;
  text = g_strdup_printf ("%" G_GINT64_FORMAT, cycle->now + retry_after);
  /* Best effort: losing it only means asking once more, and the county says no again. */
  jj_store_set_meta (cycle->store, "county_retry_until", text, NULL);
}

static void
report_progress (Cycle  *cycle,
                 gint64  done)
{
  cycle->work_done = done;
  if (cycle->callbacks->progress != NULL && cycle->work_total > 0)
    cycle->callbacks->progress (CLAMP ((double) done / cycle->work_total, 0.0, 1.0),
                                cycle->callbacks->user_data);
}

static char *
dup_meta_or_null (JjStore    *store,
                  const char *key)
{
  char *value = jj_store_dup_meta (store, key);

  if (value != NULL && value[0] == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

static gint64
meta_int (JjStore    *store,
          const char *key)
{
  g_autofree char *text = jj_store_dup_meta (store, key);
  gint64 value;

  return text != NULL && g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &value, NULL) ? value : 0;
}

/* The heartbeat of section 3, as things stand at the start of the cycle. */
static gboolean
set_terminal_state (Cycle   *cycle,
                    GError **error)
{
  g_autoptr(GFile) dir = g_file_new_for_path (cycle->data_dir);
  g_autoptr(GFileInfo) info = g_file_query_filesystem_info (dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE,
                                                            NULL, NULL);
  JjTerminalState state = { 0 };
  JjOutboxCounts counts;

  if (!jj_outbox_count (cycle->store, &counts, error))
    return FALSE;

  state.queue = counts.pending + counts.held + counts.parked;
  state.oldest = counts.oldest > 0 ? MAX (0, cycle->now - counts.oldest) : 0;
  state.last_sync = meta_int (cycle->store, "last_sync_at");
  state.app = g_strdup (PACKAGE_VERSION);
  state.catalog = jj_store_dup_meta (cycle->store, "catalog_version");
  if (state.catalog == NULL)
    state.catalog = g_strdup ("");
  state.free_disk = info != NULL ? (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE)
                                 : 0;
  jj_sync_client_set_terminal_state (cycle->client, &state);
  jj_terminal_state_clear (&state);

  cycle->work_total = (gint64) counts.pending * ITEM_WEIGHT;
  return TRUE;
}

static void
entry_finished (Cycle                 *cycle,
                const JjOutboxOutcome *outcome)
{
  if (g_str_equal (outcome->state, "delivered"))
    cycle->report->delivered++;
  else if (g_str_equal (outcome->state, "parked"))
    cycle->report->parked++;
  else
    return;
  if (cycle->callbacks->entry_finished != NULL)
    cycle->callbacks->entry_finished (outcome, cycle->callbacks->user_data);
}

static void
report_outcomes (Cycle     *cycle,
                 GPtrArray *outcomes)
{
  for (guint i = 0; outcomes != NULL && i < outcomes->len; i++)
    entry_finished (cycle, g_ptr_array_index (outcomes, i));
}

/* Parks the submissions that refer to a scan the county can never get. */
static gboolean
park_referring (Cycle       *cycle,
                const char  *sha256,
                const char  *reason,
                GError     **error)
{
  g_autoptr(GPtrArray) outcomes = jj_outbox_park_referring (cycle->store, sha256, reason, error);

  report_outcomes (cycle, outcomes);
  return outcomes != NULL;
}

/* --- attachments ------------------------------------------------------------------------ */

static gboolean
save_upload_url (const char  *upload_url,
                 gpointer     user_data,
                 GError     **error)
{
  UploadRun *run = user_data;

  return jj_outbox_save_upload_url (run->cycle->store, run->upload->sha256,
                                    run->cycle->limits.attachments, upload_url, error);
}

static void
upload_progress (gint64   offset,
                 gint64   length,
                 gpointer user_data)
{
  UploadRun *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!jj_outbox_save_upload_offset (run->cycle->store, run->upload->sha256, offset, &error))
    g_warning ("Could not record the upload offset of %s: %s", run->upload->sha256, error->message);
  report_progress (run->cycle, run->work_before + MAX (0, offset - run->upload->offset));
}

/* Whether @url is served by the same origin as @base: only there does the token go. */
static gboolean
same_origin (const char *url,
             const char *base)
{
  g_autoptr(GUri) a = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  g_autoptr(GUri) b = g_uri_parse (base, SOUP_HTTP_URI_FLAGS, NULL);

  return a != NULL && b != NULL &&
         g_strcmp0 (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         g_uri_get_port (a) == g_uri_get_port (b);
}

static gboolean
upload_one (Cycle               *cycle,
            JjOutboxUpload      *upload,
            SoupMessageHeaders  *headers,
            GError             **error)
{
  g_autofree char *path = jj_attachments_dup_path (cycle->store, upload->sha256);
  g_autofree char *reason = NULL;
  g_autoptr(GError) local_error = NULL;
  UploadRun run = { cycle, upload, cycle->work_done };
  JjTusUpload tus = { 0 };
  guint retry_after = 0;

  if (upload->size > cycle->limits.max_attachment_bytes)
    {
      g_autofree char *limit = g_format_size (cycle->limits.max_attachment_bytes);

      reason = g_strdup_printf (_("The scan “%s” is larger than the county platform accepts "
                                  "(%s at most)."),
                                upload->filename, limit);
      return park_referring (cycle, upload->sha256, reason, error);
    }
  if (!jj_attachments_verify (cycle->store, upload->sha256, &local_error))
    {
      reason = g_strdup_printf (_("The scan “%s” is damaged or missing on this terminal (%s). "
                                  "Scan it again and submit a new application."),
                                upload->filename, local_error->message);
      return park_referring (cycle, upload->sha256, reason, error);
    }

  tus.endpoint = cycle->limits.attachments;
  tus.path = path;
  tus.sha256 = upload->sha256;
  tus.filename = upload->filename;
  tus.mime_type = upload->mime_type;
  tus.chunk_bytes = cycle->limits.chunk_bytes;
  tus.extra_headers = headers;
  tus.upload_url = upload->upload_url;
  tus.save_url = save_upload_url;
  tus.progress = upload_progress;
  tus.user_data = &run;

  cycle->sent = TRUE;
  if (!jj_tus_upload (jj_sync_client_get_session (cycle->client), &tus,
                      &cycle->report->bytes_sent, &retry_after, cycle->cancellable, &local_error))
    {
      /* One scan the county will never take holds up only the applications that need it:
       * other residents' applications still go in this cycle. */
      if (g_error_matches (local_error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_ATTACHMENT_REFUSED))
        return park_referring (cycle, upload->sha256, local_error->message, error);
      if (retry_after > 0)
        cycle->report->retry_after = retry_after;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  cycle->report->uploads++;
  report_progress (cycle, run.work_before + (upload->size - upload->offset));
  return jj_outbox_complete_upload (cycle->store, upload->sha256, cycle->limits.attachments,
                                    upload->size, cycle->now, error);
}

static gboolean
upload_attachments (Cycle   *cycle,
                    GError **error)
{
  g_autoptr(GPtrArray) uploads = jj_outbox_list_uploads (cycle->store, cycle->limits.attachments,
                                                         cycle->select_now, error);
  g_autoptr(SoupMessageHeaders) headers = NULL;

  if (uploads == NULL)
    return FALSE;

  if (same_origin (cycle->limits.attachments, cycle->enrollment->base_url))
    headers = jj_sync_client_dup_auth_headers (cycle->client);
  for (guint i = 0; i < uploads->len; i++)
    {
      JjOutboxUpload *upload = g_ptr_array_index (uploads, i);
      cycle->work_total += MAX (0, upload->size - upload->offset);
    }

  for (guint i = 0; i < uploads->len; i++)
    if (!upload_one (cycle, g_ptr_array_index (uploads, i), headers, error))
      return FALSE;
  return TRUE;
}

/* --- submissions ------------------------------------------------------------------------ */

static const char *
object_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node)
                                                                          : NULL;
}

/* The county's answer for one item, as the outbox stores it. Strings point into @result, into
 * @strings or into @lists, which the caller frees after storing. */
static void
read_item_result (Cycle          *cycle,
                  JsonObject     *result,
                  JjOutboxEntry  *entry,
                  JjOutboxResult *out,
                  GPtrArray      *strings,
                  GPtrArray      *lists)
{
  gint64 status = json_object_get_int_member (result, "status");
  JsonNode *problem_node = json_object_get_member (result, "problem");
  g_autoptr(JjProblem) problem = NULL;
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), result);
  char *reason;

  out->entry_id = entry->id;
  out->response = json_to_string (node, FALSE);
  g_ptr_array_add (strings, (char *) out->response);

  if (problem_node != NULL && JSON_NODE_HOLDS_OBJECT (problem_node))
    problem = jj_problem_from_object (json_node_get_object (problem_node));

  if (status == SOUP_STATUS_CREATED && object_string (result, "case_number") != NULL)
    {
      out->kind = JJ_OUTBOX_RESULT_DELIVERED;
      out->case_number = object_string (result, "case_number");
      return;
    }

  if (problem != NULL && problem->detail != NULL)
    reason = g_strdup (problem->detail);
  else if (problem != NULL && problem->title != NULL)
    reason = g_strdup (problem->title);
  else
    reason = g_strdup_printf (_("The county platform answered %" PRId64 " for this "
                                "application."),
                              status);
  g_ptr_array_add (strings, reason);
  out->reason = reason;

  if (status == SOUP_STATUS_CONFLICT && problem != NULL &&
      g_strcmp0 (problem->name, "attachment-missing") == 0)
    {
      JsonNode *missing = json_object_get_member (problem->extra, "missing");
      GPtrArray *shas = g_ptr_array_new ();
      GStrv list;

      for (guint i = 0; missing != NULL && JSON_NODE_HOLDS_ARRAY (missing) &&
                        i < json_array_get_length (json_node_get_array (missing)); i++)
        {
          JsonNode *sha = json_array_get_element (json_node_get_array (missing), i);

          if (json_node_get_value_type (sha) == G_TYPE_STRING)
            g_ptr_array_add (shas, g_strdup (json_node_get_string (sha)));
        }
      g_ptr_array_add (shas, NULL);
      list = (GStrv) g_ptr_array_free (shas, FALSE);
      g_ptr_array_add (lists, list);
      out->missing = (const char * const *) list;
      out->kind = JJ_OUTBOX_RESULT_ATTACHMENT_MISSING;
      cycle->attachments_missing = TRUE;
    }
  else if (status >= 400 && status < 500 && status != SOUP_STATUS_REQUEST_TIMEOUT && status != 429)
    out->kind = JJ_OUTBOX_RESULT_PARKED;
  else
    {
      out->kind = JJ_OUTBOX_RESULT_RETRY;
      out->next_attempt_at = cycle->now + jj_sync_backoff_seconds (entry->attempts + 1, 0);
    }
}

static gboolean
store_results (Cycle      *cycle,
               GPtrArray  *entries,
               guint       n,
               JsonArray  *results,
               GError    **error)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autofree JjOutboxResult *out = g_new0 (JjOutboxResult, n);

  if (json_array_get_length (results) != n)
    {
      g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_PROTOCOL,
                   _("The county platform answered %u applications with %u results."),
                   n, json_array_get_length (results));
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      JjOutboxEntry *entry = g_ptr_array_index (entries, i);
      const char *key = object_string (result, "idempotency_key");

      /* Results come in the order of the items; a null key is the county saying it could not
       * read this item's key, which is a refusal of this item like any other. */
      if (key != NULL && !g_str_equal (key, entry->uuid))
        {
          g_set_error_literal (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_PROTOCOL,
                               _("The county platform answered for other applications than "
                                 "those sent."));
          return FALSE;
        }
      read_item_result (cycle, result, entry, &out[i], strings, lists);
    }

  if (!jj_outbox_apply_results (cycle->store, out, n, cycle->now, &outcomes, error))
    return FALSE;
  report_outcomes (cycle, outcomes);
  return TRUE;
}

static gint64 *
entry_ids (GPtrArray *entries,
           guint      n)
{
  gint64 *ids = g_new (gint64, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    ids[i] = ((JjOutboxEntry *) g_ptr_array_index (entries, i))->id;
  return ids;
}

/* @entry's item as sent to this county: its frozen payload byte for byte, except that a
 * county that does not announce "revisions" gets a corrected application without `revision`
 * and `supersedes` (section 7) — it becomes a new case there. Returns a new string. */
static char *
dup_item (Cycle          *cycle,
          JjOutboxEntry  *entry)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *item;

  if (cycle->limits.revisions || entry->revision <= 1 ||
      (node = json_from_string (entry->payload, NULL)) == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup (entry->payload);

  item = json_node_get_object (node);
  json_object_remove_member (item, "revision");
  json_object_remove_member (item, "supersedes");
  return json_to_string (node, FALSE);
}

/* The batch body: the frozen items, byte for byte, as many as fit. Returns how many. */
static guint
build_batch (Cycle     *cycle,
             GPtrArray *entries,
             GString   *body)
{
  guint n = 0;

  g_string_assign (body, ITEMS_PREFIX);
  for (; n < entries->len; n++)
    {
      g_autofree char *payload = dup_item (cycle, g_ptr_array_index (entries, n));
      gsize needed = body->len + (n > 0 ? 1 : 0) + strlen (payload) + strlen (ITEMS_SUFFIX);

      if ((gint64) needed > cycle->limits.max_body_bytes)
        break;
      if (n > 0)
        g_string_append_c (body, ',');
      g_string_append (body, payload);
    }
  g_string_append (body, ITEMS_SUFFIX);
  return n;
}

static gboolean
park_entry (Cycle          *cycle,
            JjOutboxEntry  *entry,
            const char     *reason,
            GError        **error)
{
  g_autoptr(GPtrArray) outcomes = NULL;
  JjOutboxResult result = { 0 };

  result.entry_id = entry->id;
  result.kind = JJ_OUTBOX_RESULT_PARKED;
  result.reason = reason;
  if (!jj_outbox_apply_results (cycle->store, &result, 1, cycle->now, &outcomes, error))
    return FALSE;
  report_outcomes (cycle, outcomes);
  return TRUE;
}

/* Sends the ready submissions oldest first. A batch the county refuses as a whole is sent
 * again one by one, so that only the item at fault is parked. */
static gboolean
send_submissions (Cycle   *cycle,
                  GError **error)
{
  g_autoptr(GString) body = g_string_new (NULL);
  guint batch_limit = cycle->limits.max_batch;
  gint64 after = 0;

  for (;;)
    {
      g_autoptr(GPtrArray) entries = NULL;
      g_autoptr(JsonArray) results = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree gint64 *ids = NULL;
      guint status;
      guint n;

      if (g_cancellable_set_error_if_cancelled (cycle->cancellable, &local_error))
        {
          g_set_error_literal (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_CANCELLED, _("Sync was stopped."));
          return FALSE;
        }

      entries = jj_outbox_list_ready (cycle->store, "submission", cycle->select_now, after,
                                      batch_limit, error);
      if (entries == NULL)
        return FALSE;
      if (entries->len == 0)
        return TRUE;

      n = build_batch (cycle, entries, body);
      if (n == 0)
        {
          JjOutboxEntry *entry = g_ptr_array_index (entries, 0);

          after = entry->id;
          if (!park_entry (cycle, entry,
                           _("This application is larger than the county platform accepts in "
                             "one request."),
                           error))
            return FALSE;
          continue;
        }

      ids = entry_ids (entries, n);
      if (!jj_outbox_mark_sending (cycle->store, ids, n, error))
        return FALSE;

      cycle->sent = TRUE;
      results = jj_sync_client_post_items (cycle->client, "v1/submissions", body->str, body->len,
                                           cycle->cancellable, &local_error);
      if (results != NULL)
        {
          if (!store_results (cycle, entries, n, results, &local_error))
            {
              /* An answer that does not fit what was sent is no answer: send again later. */
              jj_outbox_requeue (cycle->store, ids, n, 0, local_error->message, NULL);
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          after = ids[n - 1];
          report_progress (cycle, cycle->work_done + (gint64) n * ITEM_WEIGHT);
          continue;
        }

      status = jj_sync_client_get_last_status (cycle->client);
      if (g_error_matches (local_error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_REFUSED) &&
          status != SOUP_STATUS_UNAUTHORIZED && n > 1)
        {
          if (!jj_outbox_requeue (cycle->store, ids, n, 0, NULL, error))
            return FALSE;
          batch_limit = 1;
          continue;
        }
      if (g_error_matches (local_error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_REFUSED) &&
          status != SOUP_STATUS_UNAUTHORIZED)
        {
          after = ids[0];
          if (!park_entry (cycle, g_ptr_array_index (entries, 0), local_error->message, error))
            return FALSE;
          continue;
        }

      jj_outbox_requeue (cycle->store, ids, n,
                         cycle->now + jj_sync_backoff_seconds (((JjOutboxEntry *) g_ptr_array_index (entries, 0))->attempts + 1,
                                                               jj_sync_client_get_retry_after (cycle->client)),
                         local_error->message, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
}

/* --- statuses and catalogue ------------------------------------------------------------- */

static gboolean
apply_status_page (Cycle       *cycle,
                   JsonObject  *page,
                   const char  *next,
                   GError     **error)
{
  JsonArray *events = json_object_get_array_member (page, "events");
  guint n = json_array_get_length (events);
  g_autofree JjStatusEvent *parsed = g_new0 (JjStatusEvent, MAX (n, 1));
  g_autoptr(GPtrArray) changes = NULL;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (object_string (event, "at"), NULL);

      if (at == NULL)
        {
          g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_PROTOCOL,
                       _("The county platform sent a status with an unreadable time (%s)."),
                       object_string (event, "at"));
          return FALSE;
        }
      parsed[i].cursor = object_string (event, "cursor");
      parsed[i].idempotency_key = object_string (event, "idempotency_key");
      parsed[i].case_number = object_string (event, "case_number");
      parsed[i].state = object_string (event, "state");
      parsed[i].reason = object_string (event, "reason");
      parsed[i].at = g_date_time_to_unix (at);
    }

  if (!jj_outbox_apply_statuses (cycle->store, parsed, n, next, cycle->now, &changes, error))
    return FALSE;

  cycle->report->statuses += changes->len;
  for (guint i = 0; cycle->callbacks->status_changed != NULL && i < changes->len; i++)
    cycle->callbacks->status_changed (g_ptr_array_index (changes, i), cycle->callbacks->user_data);
  return TRUE;
}

static gboolean
fetch_statuses (Cycle   *cycle,
                GError **error)
{
  g_autofree char *cursor = dup_meta_or_null (cycle->store, "county_status_cursor");

  for (;;)
    {
      g_autoptr(JsonObject) page = jj_sync_client_get_statuses (cycle->client, cursor,
                                                                STATUS_PAGE_LIMIT,
                                                                cycle->cancellable, error);
      const char *next;

      if (page == NULL)
        return FALSE;
      next = object_string (page, "next");
      if (!apply_status_page (cycle, page, next, error))
        return FALSE;

      /* A county that says "more" without moving the cursor would keep us here forever. */
      if (!json_object_get_boolean_member (page, "more") || next == NULL ||
          g_strcmp0 (next, cursor) == 0)
        return TRUE;
      g_free (cursor);
      cursor = g_strdup (next);
    }
}

static gboolean
fetch_catalog (Cycle   *cycle,
               GError **error)
{
  g_autofree char *etag = dup_meta_or_null (cycle->store, "county_catalog_etag");
  g_autofree char *new_etag = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JjCatalogDocument) document = NULL;
  g_autoptr(JjCatalog) catalog = NULL;
  gboolean imported = FALSE;
  const char *data;
  gsize length;

  body = jj_sync_client_get_catalog (cycle->client, etag, &new_etag, cycle->cancellable,
                                     &local_error);
  if (body == NULL && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (body == NULL)
    return TRUE;

  /* A catalogue the county got wrong is reported, and the one in use stays: the clerks keep
   * working, and the next cycle asks again. */
  data = g_bytes_get_data (body, &length);
  document = jj_catalog_document_load_data (data, length, _("the county's catalogue"), &local_error);
  catalog = jj_catalog_new (cycle->store);
  if (document == NULL || !jj_catalog_import (catalog, document, FALSE, &imported, &local_error))
    {
      if (local_error->domain == JJ_STORE_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      cycle->report->warning = g_strdup_printf (_("The county's new catalogue was not taken: %s"),
                                                local_error->message);
      return TRUE;
    }

  if (new_etag != NULL && !jj_store_set_meta (cycle->store, "county_catalog_etag", new_etag, error))
    return FALSE;
  if (imported)
    {
      cycle->report->catalog_version = g_strdup (jj_catalog_document_get_version (document));
      if (cycle->callbacks->catalog_updated != NULL)
        cycle->callbacks->catalog_updated (cycle->report->catalog_version,
                                           cycle->callbacks->user_data);
    }
  return TRUE;
}

/* --- the cycle -------------------------------------------------------------------------- */

static gboolean
check_retry_after (Cycle   *cycle,
                   GError **error)
{
  gint64 until = jj_sync_cycle_get_retry_until (cycle->store);
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *time = NULL;

  if (until <= cycle->now)
    return TRUE;

  when = g_date_time_new_from_unix_local (until);
  time = g_date_time_format (when, "%H:%M:%S");
  cycle->report->retry_after = until - cycle->now;
  g_set_error (error, JJ_SYNC_ERROR, JJ_SYNC_ERROR_UNAVAILABLE,
               _("The county platform asked not to be contacted before %s."), time);
  return FALSE;
}

gboolean
jj_sync_cycle_run (JjStore                    *store,
                   const char                 *data_dir,
                   JjEnrollment               *enrollment,
                   gboolean                    ignore_backoff,
                   const JjSyncCycleCallbacks *callbacks,
                   JjSyncCycleReport          *report,
                   GCancellable               *cancellable,
                   GError                    **error)
{
  static const JjSyncCycleCallbacks no_callbacks = { 0 };
  g_autoptr(JjSyncClient) client = NULL;
  Cycle cycle = { 0 };
  gboolean ok = FALSE;

  cycle.store = store;
  cycle.data_dir = data_dir;
  cycle.enrollment = enrollment;
  cycle.callbacks = callbacks != NULL ? callbacks : &no_callbacks;
  cycle.report = report;
  cycle.cancellable = cancellable;
  cycle.now = g_get_real_time () / G_USEC_PER_SEC;
  cycle.select_now = ignore_backoff ? G_MAXINT64 : cycle.now;

  if (!check_retry_after (&cycle, error) ||
      (client = jj_sync_client_new (enrollment->base_url, enrollment->ca_file, enrollment->token,
                                    error)) == NULL)
    return FALSE;
  cycle.client = client;

  if (!set_terminal_state (&cycle, error) ||
      !jj_sync_client_discover (client, &cycle.limits, cancellable, error))
    goto out;
  report_progress (&cycle, 0);

  /* A scan the county lost is uploaded again and its submissions retried once in the same
   * cycle; after that they wait for the next one. */
  for (guint pass = 0; pass < 2; pass++)
    {
      cycle.attachments_missing = FALSE;
      if (!upload_attachments (&cycle, error) || !send_submissions (&cycle, error))
        goto out;
      if (!cycle.attachments_missing)
        break;
    }

  if (!fetch_statuses (&cycle, error) || !fetch_catalog (&cycle, error) ||
      (!cycle.sent && !jj_sync_client_heartbeat (client, cancellable, error)))
    goto out;

  {
    g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, cycle.now);
    if (!jj_store_set_meta (store, "last_sync_at", now, error))
      goto out;
  }
  report_progress (&cycle, cycle.work_total);
  ok = TRUE;

out:
  if (!ok)
    set_retry_until (&cycle);
  report->requests += jj_sync_client_get_n_requests (client);
  jj_sync_limits_clear (&cycle.limits);
  return ok;
}

gboolean
jj_sync_cycle_probe (JjEnrollment  *enrollment,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(JjSyncClient) client = jj_sync_client_new (enrollment->base_url, enrollment->ca_file,
                                                       NULL, error);

  return client != NULL && jj_sync_client_check_health (client, cancellable, error);
}
