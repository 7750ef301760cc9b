/* jj-receipt-private.h — the receipt as jj-receipt.c reads it and jj-receipt-draw.c draws it
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <qrencode.h>

#include "jj-matter.h"
#include "jj-receipt.h"

G_BEGIN_DECLS

typedef struct
{
  char *code;
  char *name;
} ReceiptMatter;

typedef struct
{
  char           *name;
  JjMaterialForm  form;
  guint           count;
} ReceiptMaterial;

struct _JjReceipt
{
  char      *number;
  char      *case_number;        /* the county's (受理编号), NULL until it gave one */
  char      *tracking_url;
  char      *bundle_name;        /* NULL unless started from a bundle (一件事一次办) */
  GPtrArray *matters;            /* of ReceiptMatter, in order */
  char      *applicant_name;
  char      *masked_id_number;
  char      *masked_phone;       /* NULL when none was given */
  char      *agent_kind;         /* "none", "clerk" or "agent" */
  char      *agent_name;
  char      *agent_relationship;
  char      *appointment_at;     /* local "YYYY-MM-DDTHH:MM", or NULL */
  GDateTime *submitted_at;
  char      *promised_date;      /* YYYY-MM-DD */
  GPtrArray *received;           /* of ReceiptMaterial */
  GPtrArray *pending;            /* of ReceiptMaterial: 容缺受理, to follow */
  GPtrArray *locations;          /* of char *, distinct, of the matters' offices */
  GPtrArray *phones;             /* of char *, distinct */
  QRcode    *qr;
};

G_END_DECLS
