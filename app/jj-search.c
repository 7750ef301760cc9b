/* jj-search.c — query folding and ranking for catalogue search
 *
 * Candidates come from SQL (filters, and FTS5 trigram or a scan for body text); the order is
 * decided here, where it can be read and tested as plain code.
 *
 * Copyright 2026 Jiujin developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "jj-pinyin.h"
#include "jj-search-private.h"

/* Rank tiers, best first. A row's rank is the sum of its terms' tiers times a weight, plus one
 * when a name match does not start the name. Within a rank the catalogue's own order decides:
 * the county lists the matters residents ask for most first, which says more than where in a
 * long official name the match falls (ylbx: 城乡居民基本养老保险… before 基本医疗保险…). */
enum {
  TIER_CODE_EXACT,
  TIER_NAME_EXACT,
  TIER_NAME_PREFIX,
  TIER_NAME_SUBSTRING,
  TIER_PINYIN_FULL,
  TIER_PINYIN_INITIALS,
  TIER_KEYWORD,
  TIER_KEYWORD_PINYIN,
  TIER_BODY,
};

#define TIER_WEIGHT 1000

static void
term_free (JjSearchTerm *term)
{
  g_free (term->text);
  g_free (term->pinyin);
  g_free (term);
}

char *
jj_search_fold (const char *text)
{
  g_autofree char *normalized = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");

  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  return g_utf8_casefold (normalized != NULL ? normalized : "", -1);
}

JjSearchQuery *
jj_search_query_new (const char *text)
{
  g_autoptr(JjSearchQuery) query = g_new0 (JjSearchQuery, 1);
  g_autofree char *folded = jj_search_fold (text);
  GString *word = g_string_new (NULL);

  query->terms = g_ptr_array_new_with_free_func ((GDestroyNotify) term_free);

  for (const char *p = folded; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0 || g_unichar_isspace (c))
        {
          if (word->len > 0 && query->terms->len < JJ_SEARCH_MAX_TERMS)
            {
              JjSearchTerm *term = g_new0 (JjSearchTerm, 1);

              term->n_chars = g_utf8_strlen (word->str, -1);
              term->text = g_strdup (word->str);
              term->pinyin = jj_pinyin_normalize_query (word->str);
              g_ptr_array_add (query->terms, term);
            }
          g_string_truncate (word, 0);
          if (c == 0)
            break;
          continue;
        }

      if (g_unichar_iscntrl (c) || g_utf8_strlen (word->str, -1) >= JJ_SEARCH_MAX_TERM_CHARS)
        continue;
      g_string_append_unichar (word, c);
    }
  g_string_free (word, TRUE);

  if (query->terms->len == 0)
    return NULL;
  return g_steal_pointer (&query);
}

void
jj_search_query_free (JjSearchQuery *query)
{
  if (query == NULL)
    return;
  g_clear_pointer (&query->terms, g_ptr_array_unref);
  g_free (query);
}

static gint64
rank_term (const JjSearchTerm *term,
           guint               index,
           const JjSearchRow  *row)
{
  const char *found;
  gboolean full;
  int syllable;

  if (row->code != NULL && g_ascii_strcasecmp (row->code, term->text) == 0)
    return TIER_CODE_EXACT * TIER_WEIGHT;

  if (g_str_equal (row->name, term->text))
    return TIER_NAME_EXACT * TIER_WEIGHT;
  if ((found = strstr (row->name, term->text)) != NULL)
    {
      return (found == row->name ? TIER_NAME_PREFIX : TIER_NAME_SUBSTRING) * TIER_WEIGHT;
    }

  if (term->pinyin != NULL &&
      (syllable = jj_pinyin_match (row->name_pinyin, term->pinyin, &full)) >= 0)
    return (full ? TIER_PINYIN_FULL : TIER_PINYIN_INITIALS) * TIER_WEIGHT + (syllable > 0);

  if (strstr (row->keywords, term->text) != NULL)
    return TIER_KEYWORD * TIER_WEIGHT;
  if (term->pinyin != NULL && jj_pinyin_match (row->keywords_pinyin, term->pinyin, NULL) >= 0)
    return TIER_KEYWORD_PINYIN * TIER_WEIGHT;

  if (index < 32 && (row->body_hits & (1u << index)) != 0)
    return TIER_BODY * TIER_WEIGHT;

  return -1;
}

gint64
jj_search_rank (const JjSearchQuery *query,
                const JjSearchRow   *row)
{
  gint64 rank = 0;

  for (guint i = 0; i < query->terms->len; i++)
    {
      gint64 term_rank = rank_term (g_ptr_array_index (query->terms, i), i, row);

      if (term_rank < 0)
        return -1;
      rank += term_rank;
    }
  return rank;
}
