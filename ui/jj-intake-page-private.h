/* jj-intake-page-private.h — what the files of JjIntakePage share
 *
 * The page is split by responsibility: jj-intake-page.c builds the frame, loads a draft and
 * follows the clerk's input; jj-intake-page-draft.c saves, checks, submits and discards the
 * draft; jj-intake-page-scans.c attaches scans (file chooser, drag and drop, thumbnails);
 * jj-intake-page-residents.c finds returning residents by the ID number or the name typed.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "jj-form-view.h"
#include "jj-intake-page.h"
#include "jj-material-row.h"

G_BEGIN_DECLS

/* A scan attached to the draft. */
typedef struct
{
  char     *sha256;
  char     *filename;
  int       material;   /* position in the checklist, or -1 */
  gboolean  is_pdf;
} JjIntakeScan;

/* Which draft was written last: shared with the worker threads that write it, so that an
 * older draft never overwrites a newer one. Atomically reference counted. */
typedef struct _JjIntakeSaveState JjIntakeSaveState;

/* What the clerk asked for while the latest draft was still being checked. */
typedef enum
{
  JJ_INTAKE_PENDING_NONE,
  JJ_INTAKE_PENDING_SHOW_PROBLEMS,
  JJ_INTAKE_PENDING_SUBMIT,
} JjIntakePending;

struct _JjIntakePage
{
  GtkWidget             parent_instance;

  GtkWidget            *root_box;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkWidget            *correction_box;
  GtkLabel             *correction_label;
  GtkStack             *stack;
  AdwStatusPage        *failed_page;
  GtkScrolledWindow    *scroller;
  GtkLabel             *title_label;
  GtkLabel             *subtitle_label;
  AdwPreferencesGroup  *matters_group;
  AdwEntryRow          *name_row;
  AdwEntryRow          *id_row;
  GtkLabel             *id_info;
  AdwActionRow         *found_row;
  AdwExpanderRow       *matches_row;
  AdwEntryRow          *phone_row;
  AdwEntryRow          *address_row;
  AdwComboRow          *agent_kind_row;
  AdwEntryRow          *agent_name_row;
  AdwEntryRow          *agent_id_row;
  AdwEntryRow          *agent_relationship_row;
  AdwExpanderRow       *appointment_row;
  AdwEntryRow          *appointment_date_row;
  AdwEntryRow          *appointment_time_row;
  JjFormView           *form_view;
  AdwPreferencesGroup  *materials_group;
  GtkActionBar         *action_bar;
  GtkLabel             *save_label;
  GtkButton            *submit_button;
  GtkButton            *submit_bottom_button;
  GtkButton            *problems_button;

  JjIntake             *intake;
  JjStore              *store;
  gint64                draft_id;
  char                 *base_text;      /* the draft as loaded: matters, bundle, checklist */
  GPtrArray            *generated;      /* (group, row) pairs */
  GPtrArray            *material_rows;  /* JjMaterialRow by checklist position */
  JjMaterialRow        *other_row;
  GPtrArray            *scans;          /* of JjIntakeScan */
  JsonObject           *found;          /* a returning resident with the typed ID number */
  GPtrArray            *match_rows;     /* the rows of matches_row: residents of the name */
  GPtrArray            *matches;        /* of JjApplicantMatch, by row */
  char                 *known_id_number; /* of a resident chosen by name, never shown */
  char                 *known_id_masked; /* what id_row shows for it */
  gboolean              choosing;       /* filling in a chosen resident */
  GHashTable           *problems;       /* path → message, from the last validation */
  GHashTable           *edited;         /* paths of the page's own fields */
  GHashTable           *touched;
  GCancellable         *cancellable;
  JjMaterialRow        *drop_row;
  gboolean              loaded;
  gboolean              populating;
  gboolean              show_all;
  gboolean              busy;           /* submitting or discarding */
  gboolean              is_correction;  /* of an application sent back */
  gboolean              save_failed;
  gboolean              disposed;       /* late replies of worker threads are ignored */

  guint                 save_source;
  guint                 validate_source;
  gboolean              saving;
  guint64               generation;         /* bumped by every change */
  guint64               validated_generation;
  JjIntakePending       pending;            /* waits for the check of the latest draft */
  guint64               saving_generation;
  JjIntakeSaveState    *save_state;
};

enum {
  JJ_INTAKE_PAGE_SUBMITTED,
  JJ_INTAKE_PAGE_CLOSED,
  JJ_INTAKE_PAGE_N_SIGNALS
};

extern guint _jj_intake_page_signals[JJ_INTAKE_PAGE_N_SIGNALS];

/* The page's own fields and the problem paths of jj_intake_validate() they show. */
typedef struct
{
  const char *path;
  gsize       offset;
  gboolean    shows_note;   /* FALSE: another row of the same path shows it */
} JjIntakePageField;

extern const JjIntakePageField _jj_intake_page_fields[];
extern const guint             _jj_intake_page_n_fields;

#define JJ_INTAKE_PAGE_FIELD_ROW(self, i) \
  (*(GtkWidget **) G_STRUCT_MEMBER_P ((self), _jj_intake_page_fields[i].offset))

/* "agent.kind" by position in the agent combo row. */
extern const char * const _jj_intake_page_agent_kinds[3];

static inline const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* The string member @name of @object (which may be NULL), or "". */
static inline const char *
string_member (JsonObject *object,
               const char *name)
{
  const char *value
      = object != NULL ? json_object_get_string_member_with_default (object, name, "") : "";

  return value != NULL ? value : "";
}

/* jj-intake-page.c */
void       _jj_intake_page_show_banner       (JjIntakePage        *self,
                                              const char          *message);

/* jj-intake-page-draft.c */
JjIntakeSaveState *_jj_intake_save_state_new   (void);
void       _jj_intake_save_state_unref       (JjIntakeSaveState   *state);
/* The draft on screen is the one on disk (it was just loaded). */
void       _jj_intake_page_mark_saved        (JjIntakePage        *self);
void       _jj_intake_page_class_init_draft  (GtkWidgetClass      *widget_class);
/* Something changed: the draft is saved soon and checked sooner. */
void       _jj_intake_page_changed           (JjIntakePage        *self);
/* Checks the draft on screen now (off the main loop). */
void       _jj_intake_page_check_now         (JjIntakePage        *self);
void       _jj_intake_page_apply_problems    (JjIntakePage        *self);
void       _jj_intake_page_update_save_label (JjIntakePage        *self);

/* jj-intake-page-scans.c */
void       _jj_intake_page_class_init_scans  (GtkWidgetClass      *widget_class);
void       _jj_intake_page_init_scans        (JjIntakePage        *self);
void       _jj_intake_page_scan_free         (JjIntakeScan        *scan);
/* Shows @scan under its material; its thumbnail is read on a worker thread. */
void       _jj_intake_page_show_scan         (JjIntakePage        *self,
                                              JjIntakeScan        *scan,
                                              GdkPixbuf           *thumbnail);

/* jj-intake-page-residents.c */
void       _jj_intake_page_class_init_residents (GtkWidgetClass   *widget_class);
void       _jj_intake_page_init_residents    (JjIntakePage        *self);
/* Forgets the residents offered and the one chosen. */
void       _jj_intake_page_clear_residents   (JjIntakePage        *self);
/* Shows the ID number of the draft's @applicant (may be NULL): masked when it was taken from
 * the records (its "from_records" member), as typed otherwise; and what it tells. */
void       _jj_intake_page_show_id_number    (JjIntakePage        *self,
                                              JsonObject          *applicant);
/* The applicant's ID number as the draft keeps it: that of the resident chosen by name while
 * id_row still shows it masked (*@from_records TRUE), or what was typed. */
const char *_jj_intake_page_get_id_number    (JjIntakePage        *self,
                                              gboolean            *from_records);

G_END_DECLS
