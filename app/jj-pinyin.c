/* jj-pinyin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "jj-pinyin.h"

#include <stdlib.h>
#include <string.h>

#include "jj-pinyin-table.h"

/* Longer queries never match: they would not fit the 64-bit masks of
 * jj_pinyin_match(), and nobody types a 65-letter pinyin abbreviation.
 */
#define MAX_QUERY 64

typedef struct
{
  const char *text;
  size_t      len;
} PhraseKey;

static guint16
syllable_index (gunichar c)
{
  size_t lo = 0;
  size_t hi = JJ_PINYIN_N_RANGES;

  while (lo < hi)
    {
      size_t               mid = lo + (hi - lo) / 2;
      const JjPinyinRange *range = &jj_pinyin_range_table[mid];

      if (c < range->first)
        hi = mid;
      else if (c > range->last)
        lo = mid + 1;
      else
        return jj_pinyin_char_syllables[range->offset + (c - range->first)];
    }

  return JJ_PINYIN_NO_SYLLABLE;
}

/* U+FF01..U+FF5E are the full-width forms of ASCII U+0021..U+007E. */
static gunichar
fold_full_width (gunichar c)
{
  if (c >= 0xFF01 && c <= 0xFF5E)
    return c - 0xFEE0;
  return c;
}

static gboolean
is_ascii_alnum (gunichar c)
{
  return c < 0x80 && g_ascii_isalnum ((char)c);
}

static int
compare_phrase (const void *key, const void *element)
{
  const PhraseKey      *phrase_key = key;
  const JjPinyinPhrase *phrase = element;
  size_t                len = strlen (phrase->text);
  int                   cmp = memcmp (phrase_key->text, phrase->text, MIN (phrase_key->len, len));

  if (cmp != 0)
    return cmp;
  return (phrase_key->len > len) - (phrase_key->len < len);
}

/* Returns the longest phrase that text starts with, or NULL. */
static const JjPinyinPhrase *
find_phrase (const char *text)
{
  size_t      ends[JJ_PINYIN_PHRASE_MAX_CHARS];
  const char *p = text;
  size_t      n_chars = 0;

  while (n_chars < JJ_PINYIN_PHRASE_MAX_CHARS && *p != '\0')
    {
      p = g_utf8_next_char (p);
      ends[n_chars++] = (size_t)(p - text);
    }

  for (; n_chars >= 2; n_chars--)
    {
      PhraseKey             key = { text, ends[n_chars - 1] };
      const JjPinyinPhrase *phrase;

      phrase = bsearch (&key, jj_pinyin_phrase_table, JJ_PINYIN_N_PHRASES,
                        sizeof jj_pinyin_phrase_table[0], compare_phrase);
      if (phrase != NULL)
        return phrase;
    }

  return NULL;
}

static void
append_token (GString *out, const char *token)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append (out, token);
}

char *
jj_pinyin_syllables (const char *text)
{
  g_autoptr (GString) out = NULL;
  gboolean    in_word = FALSE;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    return g_strdup ("");

  out = g_string_sized_new (strlen (text) * 2);

  for (p = text; *p != '\0';)
    {
      gunichar              c = fold_full_width (g_utf8_get_char (p));
      const JjPinyinPhrase *phrase;
      guint16               syllable;

      if (is_ascii_alnum (c))
        {
          if (!in_word && out->len > 0)
            g_string_append_c (out, ' ');
          g_string_append_c (out, g_ascii_tolower ((char)c));
          in_word = TRUE;
          p = g_utf8_next_char (p);
          continue;
        }

      in_word = FALSE;
      syllable = syllable_index (c);
      if (syllable == JJ_PINYIN_NO_SYLLABLE)
        {
          p = g_utf8_next_char (p);
          continue;
        }

      if ((phrase = find_phrase (p)) != NULL)
        {
          for (guint i = 0; i < phrase->n_chars; i++)
            {
              append_token (out, jj_pinyin_syllable_table[phrase->syllables[i]]);
              p = g_utf8_next_char (p);
            }
          continue;
        }

      append_token (out, jj_pinyin_syllable_table[syllable]);
      p = g_utf8_next_char (p);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
jj_pinyin_initials (const char *syllables)
{
  GString *out;
  gboolean at_start = TRUE;

  g_return_val_if_fail (syllables != NULL, NULL);

  out = g_string_new (NULL);
  for (const char *p = syllables; *p != '\0'; p++)
    {
      if (*p == ' ')
        at_start = TRUE;
      else if (at_start)
        {
          g_string_append_c (out, *p);
          at_start = FALSE;
        }
    }

  return g_string_free (out, FALSE);
}

char *
jj_pinyin_normalize_query (const char *query)
{
  g_autoptr (GString) out = NULL;

  g_return_val_if_fail (query != NULL, NULL);

  if (!g_utf8_validate (query, -1, NULL))
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = query; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = fold_full_width (g_utf8_get_char (p));

      if (is_ascii_alnum (c))
        g_string_append_c (out, g_ascii_tolower ((char)c));
      else if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN
               || syllable_index (c) != JJ_PINYIN_NO_SYLLABLE)
        return NULL;
    }

  if (out->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static inline guint64
low_bits (size_t n)
{
  return n >= 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << n) - 1;
}

/* The match runs backwards over the tokens, so that each token is visited
 * once whatever the query: after token j has been processed, bit q - 1 of
 * reach says whether query[q..] can be split over tokens j, j + 1, …, and
 * bit q - 1 of whole whether it can be with every piece but the last a whole
 * token.  Bit n - 1 of reach (nothing left to match) is always set.
 */
int
jj_pinyin_match (const char *syllables, const char *query, gboolean *full)
{
  guint64  reach;
  guint64  whole = 0;
  size_t   n = 0;
  size_t   len;
  size_t   n_tokens = 0;
  int      best = -1;
  gboolean best_full = FALSE;

  g_return_val_if_fail (syllables != NULL, -1);
  g_return_val_if_fail (query != NULL, -1);

  if (full != NULL)
    *full = FALSE;

  while (n <= MAX_QUERY && query[n] != '\0')
    n++;
  if (n == 0 || n > MAX_QUERY)
    return -1;

  len = strlen (syllables);
  for (size_t i = 0; i < len; i++)
    if (syllables[i] != ' ' && (i == 0 || syllables[i - 1] == ' '))
      n_tokens++;

  if (n_tokens > G_MAXINT)
    return -1;

  reach = G_GUINT64_CONSTANT (1) << (n - 1);

  for (size_t j = n_tokens, end = len; j-- > 0;)
    {
      guint64     next_reach = G_GUINT64_CONSTANT (1) << (n - 1);
      guint64     next_whole = 0;
      const char *token;
      size_t      token_len;
      size_t      start;

      while (end > 0 && syllables[end - 1] == ' ')
        end--;
      for (start = end; start > 0 && syllables[start - 1] != ' '; start--)
        ;
      token = syllables + start;
      token_len = end - start;
      end = start;

      for (size_t q = 0; q < n; q++)
        {
          size_t   common = 0;
          gboolean can_reach;
          gboolean can_whole;

          while (common < token_len && query[q + common] == token[common])
            common++;
          if (common == 0)
            continue;

          can_reach = ((reach >> q) & low_bits (common)) != 0;
          can_whole = common == n - q
                      || (common == token_len && q + token_len < n
                          && ((whole >> (q + token_len - 1)) & 1) != 0);

          if (q == 0)
            {
              if (can_reach)
                {
                  best = (int)j;
                  best_full = can_whole;
                }
            }
          else
            {
              if (can_reach)
                next_reach |= G_GUINT64_CONSTANT (1) << (q - 1);
              if (can_whole)
                next_whole |= G_GUINT64_CONSTANT (1) << (q - 1);
            }
        }

      reach = next_reach;
      whole = next_whole;
    }

  if (full != NULL && best >= 0)
    *full = best_full;

  return best;
}

const char *
jj_pinyin_for_char (gunichar c)
{
  guint16 syllable = syllable_index (c);

  if (syllable == JJ_PINYIN_NO_SYLLABLE)
    return NULL;
  return jj_pinyin_syllable_table[syllable];
}
