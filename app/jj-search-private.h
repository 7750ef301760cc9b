/* jj-search-private.h — query folding and ranking for catalogue search
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define JJ_SEARCH_MAX_TERMS      8
#define JJ_SEARCH_MAX_TERM_CHARS 64

/* One whitespace-separated term of what was typed, folded (NFKC, case-folded). */
typedef struct
{
  char     *text;
  char     *pinyin;       /* normalized for pinyin matching, or NULL (Han characters, symbols) */
  guint     n_chars;
} JjSearchTerm;

typedef struct
{
  GPtrArray *terms;       /* JjSearchTerm */
} JjSearchQuery;

/* What a candidate row offers to the ranking. All strings are folded like the query. */
typedef struct
{
  const char *code;
  const char *name;
  const char *name_pinyin;
  const char *keywords;
  const char *keywords_pinyin;
  guint       body_hits;  /* bit i set: term i occurs in the guide's body text */
} JjSearchRow;

/* Folds @text into terms. Returns NULL when nothing searchable is left (empty, only spaces
 * or punctuation): the caller then lists everything. Never fails. */
JjSearchQuery *jj_search_query_new   (const char         *text);
void           jj_search_query_free  (JjSearchQuery      *query);

/* Folds a stored string the same way queries are folded. Caller frees. */
char          *jj_search_fold        (const char         *text);

/* Ranks @row against @query: returns -1 when some term matches nowhere, otherwise a rank where
 * lower is better: name matches first (exact, then at the start, then anywhere), then pinyin of
 * the name (full syllables before initials, at the start before later), then keywords, then the
 * body. Equal ranks keep the catalogue's order. */
gint64         jj_search_rank        (const JjSearchQuery *query,
                                      const JjSearchRow   *row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JjSearchQuery, jj_search_query_free)

G_END_DECLS
