/* jj-matter-private.h — how app/ builds matters
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jj-matter.h"

G_BEGIN_DECLS

/* Everything a matter holds, filled by the store from one catalogue row. */
typedef struct
{
  gint64          id;
  char           *code;
  char           *name;
  JjLevel         level;
  char           *department;
  char           *category_id;
  char           *category_name;
  JjHandlingType  handling_type;
  guint           legal_limit_days;
  guint           promised_limit_days;
  char           *fee;
  char           *location;
  char           *hours;
  char           *phone;
  char           *guide_url;
  char          **keywords;
  char          **conditions;
  GPtrArray      *materials;   /* JjMaterial */
  GPtrArray      *steps;       /* JjStep */
  char           *form_json;
} JjMatterData;

/* Takes ownership of every member of @data (which is cleared). */
JjMatter   *jj_matter_new          (JjMatterData *data);
void        jj_matter_data_clear   (JjMatterData *data);
JjMaterial *jj_material_new        (void);
void        jj_material_free       (JjMaterial   *material);
JjStep     *jj_step_new            (const char   *title,
                                    const char   *description);
void        jj_step_free           (JjStep       *step);

G_END_DECLS
