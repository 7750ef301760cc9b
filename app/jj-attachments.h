/* jj-attachments.h — scans of materials, stored by content
 *
 * A scan (JPEG, PNG or PDF) is copied into the data folder under attachments/, named by its
 * SHA-256 (attachments/ab/abcdef…), mode 0600 in 0700 folders, written to a temporary file,
 * synced and renamed so that a crash never leaves half a file under a final name. The same
 * scan attached twice is stored once. The attachments table records what is stored.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "jj-store.h"

G_BEGIN_DECLS

/* The largest scan accepted, in bytes (20 MiB): a phone photo or a multi-page PDF scan fits,
 * and the county's upload limit (announced in discovery) is never smaller. */
#define JJ_ATTACHMENT_MAX_SIZE (20 * 1024 * 1024)

#define JJ_ATTACHMENT_ERROR (jj_attachment_error_quark ())

/**
 * JjAttachmentError:
 * @JJ_ATTACHMENT_ERROR_TOO_LARGE: larger than JJ_ATTACHMENT_MAX_SIZE
 * @JJ_ATTACHMENT_ERROR_UNSUPPORTED: not a JPEG, PNG or PDF file (judged by its content)
 * @JJ_ATTACHMENT_ERROR_IO: the file cannot be read, or the copy cannot be written
 * @JJ_ATTACHMENT_ERROR_NOT_FOUND: no stored scan has that SHA-256
 * @JJ_ATTACHMENT_ERROR_DAMAGED: the stored file no longer has the SHA-256 it is named by
 */
typedef enum
{
  JJ_ATTACHMENT_ERROR_TOO_LARGE,
  JJ_ATTACHMENT_ERROR_UNSUPPORTED,
  JJ_ATTACHMENT_ERROR_IO,
  JJ_ATTACHMENT_ERROR_NOT_FOUND,
  JJ_ATTACHMENT_ERROR_DAMAGED,
} JjAttachmentError;

typedef struct
{
  char   *sha256;     /* 64 lower-case hex digits */
  char   *mime_type;  /* image/jpeg, image/png or application/pdf */
  guint64 size;
} JjAttachmentInfo;

GQuark            jj_attachment_error_quark (void);
void              jj_attachment_info_free   (JjAttachmentInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjAttachmentInfo, jj_attachment_info_free)

/* Stores the scan at @path (see above) and records it. Returns what was stored (also when it
 * was stored already), or NULL with JJ_ATTACHMENT_ERROR_*: the messages are translated and
 * name the file and the limit. Does disk I/O: call it off the main loop. */
JjAttachmentInfo *jj_attachments_add_file   (JjStore          *store,
                                             const char       *path,
                                             GCancellable     *cancellable,
                                             GError          **error);

/* What is recorded of the scan @sha256, or NULL with JJ_ATTACHMENT_ERROR_NOT_FOUND. */
JjAttachmentInfo *jj_attachments_lookup     (JjStore          *store,
                                             const char       *sha256,
                                             GError          **error);

/* The path of the stored file of @sha256 (whether or not it exists). Caller frees. */
char             *jj_attachments_dup_path   (JjStore          *store,
                                             const char       *sha256);

/* Reads the stored file of @sha256 again and checks its hash. */
gboolean          jj_attachments_verify     (JjStore          *store,
                                             const char       *sha256,
                                             GError          **error);

G_END_DECLS
