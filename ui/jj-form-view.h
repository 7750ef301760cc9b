/* jj-form-view.h — a matter's application form (申请表), rendered from its schema
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "jj-form.h"

G_BEGIN_DECLS

#define JJ_TYPE_FORM_VIEW (jj_form_view_get_type ())

G_DECLARE_FINAL_TYPE (JjFormView, jj_form_view, JJ, FORM_VIEW, GtkWidget)

GtkWidget  *jj_form_view_new             (void);

/* Shows one row per field of @form (may be NULL: nothing), filled from @values (field id →
 * value as in the draft document; may be NULL). Emits no ::changed. */
void        jj_form_view_set_form        (JjFormView  *self,
                                          JjForm      *form,
                                          JsonObject  *values);

/* The values as they stand, as a new object of field id → value: strings as typed (not
 * trimmed), a boolean once a switch was touched, an array for check boxes. Unset fields are
 * left out. With @normalized, each valid value is replaced by what jj_form_check_value()
 * normalizes it to (what a submission stores). */
JsonObject *jj_form_view_dup_values      (JjFormView  *self,
                                          gboolean     normalized);

/* Shows the message of every field that is wrong, also of fields not edited yet (the clerk
 * asked what is missing). Until then a field's message shows once it was edited and left. */
void        jj_form_view_show_all_problems (JjFormView *self);

/* The fields shown, in order, by id. */
guint       jj_form_view_get_n_fields    (JjFormView  *self);
const char *jj_form_view_get_field_id    (JjFormView  *self,
                                          guint        index);

/* The row of the field @id, to focus or scroll to; NULL when the form has no such field. */
GtkWidget  *jj_form_view_get_field_row   (JjFormView  *self,
                                          const char  *id);

/* Inline notes under a row of an AdwPreferencesGroup, shared with the intake page. */

/* Adds, right under @row (already in its group), a row that shows @row's help text or its
 * error. Hidden while there is nothing to say. */
void        jj_form_view_attach_note     (GtkWidget   *row);
/* Shows @error (styled as an error and announced as the row's description) or, without one,
 * @help; both may be NULL. */
void        jj_form_view_set_note        (GtkWidget   *row,
                                          const char  *error,
                                          const char  *help);

/* Adds a calendar button to the date entry @entry_row: picking a day (click, or arrows then
 * Enter) writes it as YYYY-MM-DD. */
void        jj_form_view_add_calendar    (GtkWidget   *entry_row);

/* What a valid resident ID number says — birth date, sex and age, translated — or NULL when
 * @id_number is not valid. Caller frees. */
char       *jj_form_view_dup_id_summary  (const char  *id_number);

/* Moves the keyboard focus from @widget to the next thing to type in or choose, past buttons
 * (a date's calendar, a returning resident's offer) — what Enter does in a form entry. */
void        jj_form_view_focus_next      (GtkWidget   *widget);

G_END_DECLS
