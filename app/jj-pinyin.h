/* jj-pinyin.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Toneless pinyin (拼音) for searching Chinese text with Latin letters.
 *
 * Syllables are plain lower-case ASCII; ü is spelled v (绿 -> "lv"), as
 * pinyin input methods do.  Readings come from Unihan kMandarin (the customary
 * mainland reading) corrected by data/pinyin-phrases.txt: phrases for
 * polyphones in context (银行 -> "yin hang") and a few characters whose first
 * reading is rarely the one meant (地 -> "di", not the particle "de").
 */

/* Transliterates text (UTF-8, not NULL) into space-separated tokens: one
 * syllable per Han character (phrase readings take precedence, longest match
 * first), and one lower-cased token per run of ASCII letters and digits, with
 * full-width ones (ＡＢＣ１２３) folded to ASCII first.  Everything else
 * separates tokens and is dropped.  "社保卡ABC１２" -> "she bao ka abc12".
 *
 * Returns a newly allocated string, never NULL; it is empty when text is
 * empty, has nothing to transliterate or is not valid UTF-8.  Free with
 * g_free().
 */
char       *jj_pinyin_syllables       (const char *text);

/* Returns the first byte of each space-separated token of syllables (not
 * NULL), as produced by jj_pinyin_syllables(): "cheng xiang ju min" -> "cxjm".  Newly
 * allocated, never NULL; free with g_free().
 */
char       *jj_pinyin_initials        (const char *syllables);

/* Folds a search query (not NULL) for jj_pinyin_match(): keeps ASCII letters (lowered)
 * and digits, full-width ones folded to ASCII, and drops everything else
 * ("Yang'lao" -> "yanglao").
 *
 * Returns NULL when pinyin matching does not apply: the query contains a Han
 * character, is not valid UTF-8, or has no letter or digit.  Otherwise a newly
 * allocated string; free with g_free().
 */
char       *jj_pinyin_normalize_query (const char *query);

/* Matches query, as returned by jj_pinyin_normalize_query(), against
 * syllables, as returned by jj_pinyin_syllables(); neither may be NULL.
 *
 * A match at syllable index i splits query into consecutive non-empty pieces,
 * piece k being a prefix of syllable i + k: "ylbx", "yangl", "ylbaox" and
 * "yanglaobaoxian" all match "yang lao bao xian" at 0.
 *
 * Returns the smallest such i, or -1 when there is none, when query is empty
 * or longer than 64 bytes.  When full is not NULL it is set to TRUE if some
 * split at i has every piece but the last a whole syllable (the user typed
 * full pinyin), FALSE otherwise.  Does not allocate; any bytes are safe.
 */
int         jj_pinyin_match           (const char *syllables,
                                       const char *query,
                                       gboolean   *full);

/* Returns the toneless syllable of c ("lv" for 绿), or NULL when c has no
 * Mandarin reading.  The string is static.
 */
const char *jj_pinyin_for_char        (gunichar    c);

G_END_DECLS
