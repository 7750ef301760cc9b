/* test-pinyin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib.h>

#include "jj-pinyin.h"

#define PENSION "cheng xiang ju min ji ben yang lao bao xian"

static void
assert_syllables (const char *text, const char *expected)
{
  g_autofree char *syllables = jj_pinyin_syllables (text);

  g_assert_cmpstr (syllables, ==, expected);
}

static void
assert_match (const char *syllables, const char *query, int expected_index, gboolean expected_full)
{
  gboolean full = !expected_full;

  g_assert_cmpint (jj_pinyin_match (syllables, query, &full), ==, expected_index);
  g_assert_cmpint (full, ==, expected_full);
}

static void
test_syllables_matter_name (void)
{
  assert_syllables ("城乡居民基本养老保险", PENSION);
  assert_syllables ("社会保险", "she hui bao xian");
  assert_syllables ("残疾人两项补贴", "can ji ren liang xiang bu tie");
  assert_syllables ("退役军人优待证", "tui yi jun ren you dai zheng");
}

static void
test_syllables_polyphone_phrases (void)
{
  assert_syllables ("银行", "yin hang");
  assert_syllables ("行政许可", "xing zheng xu ke");
  assert_syllables ("银行行长", "yin hang hang zhang");
  assert_syllables ("重新办理", "chong xin ban li");
  assert_syllables ("重度残疾人", "zhong du can ji ren");
  assert_syllables ("还款", "huan kuan");
  assert_syllables ("给付", "ji fu");
  assert_syllables ("给排水", "ji pai shui");
  assert_syllables ("调解", "tiao jie");
  assert_syllables ("调查", "diao cha");
  assert_syllables ("长期护理保险", "chang qi hu li bao xian");
  assert_syllables ("村长", "cun zhang");
  assert_syllables ("出差", "chu chai");
  assert_syllables ("差额", "cha e");
}

static void
test_syllables_character_overrides (void)
{
  assert_syllables ("宅基地", "zhai ji di");
  assert_syllables ("户籍所在地", "hu ji suo zai di");
  assert_syllables ("房屋幢号", "fang wu zhuang hao");
  g_assert_cmpstr (jj_pinyin_for_char (0x5730 /* 地 */), ==, "di");
}

static void
test_syllables_umlaut (void)
{
  assert_syllables ("绿", "lv");
  assert_syllables ("女", "nv");
  assert_syllables ("旅游", "lv you");
  assert_syllables ("略", "lve");
}

static void
test_syllables_mixed (void)
{
  assert_syllables ("社保卡ABC１２", "she bao ka abc12");
  assert_syllables ("ＡＢＣ　ｄｅｆ", "abc def");
  assert_syllables ("  Hello, 世界! 2024年 ", "hello shi jie 2024 nian");
  assert_syllables ("第3批（2024版）", "di 3 pi 2024 ban");
  assert_syllables ("a-b_c", "a b c");
}

static void
test_syllables_hostile_input (void)
{
  g_autoptr (GString) long_text = g_string_new (NULL);
  g_autofree char *syllables = NULL;
  g_auto (GStrv) tokens = NULL;

  assert_syllables ("", "");
  assert_syllables ("，。！？、", "");
  assert_syllables ("😀社保😀", "she bao");
  assert_syllables ("사회 обеспечение é", "");
  assert_syllables ("\xff\xfe社保", "");
  assert_syllables ("社保\xe7\xa4", "");
  assert_syllables ("社\xc0\x80保", "");

  while (long_text->len < 4096)
    g_string_append (long_text, "社保😀Ab1 ");
  syllables = jj_pinyin_syllables (long_text->str);
  tokens = g_strsplit (syllables, " ", -1);
  g_assert_cmpuint (g_strv_length (tokens), ==, 3 * (long_text->len / strlen ("社保😀Ab1 ")));
  g_assert_cmpstr (tokens[0], ==, "she");
  g_assert_cmpstr (tokens[2], ==, "ab1");
}

static void
test_for_char (void)
{
  g_assert_cmpstr (jj_pinyin_for_char (0x7EFF /* 绿 */), ==, "lv");
  g_assert_cmpstr (jj_pinyin_for_char (0x4E00 /* 一 */), ==, "yi");
  g_assert_cmpstr (jj_pinyin_for_char (0x9F99 /* 龙 */), ==, "long");
  g_assert_cmpstr (jj_pinyin_for_char (0x55EF /* 嗯 */), ==, "n");
  g_assert_cmpstr (jj_pinyin_for_char (0x3400 /* 㐀, first of Extension A */), ==, "qiu");
  g_assert_null (jj_pinyin_for_char ('a'));
  g_assert_null (jj_pinyin_for_char (0));
  g_assert_null (jj_pinyin_for_char (0x3002 /* 。 */));
  g_assert_null (jj_pinyin_for_char (0x1F600 /* 😀 */));
  g_assert_null (jj_pinyin_for_char (0x10FFFF));
  g_assert_null (jj_pinyin_for_char (0xFFFFFFFF));
}

static void
test_initials (void)
{
  g_autofree char *pension = jj_pinyin_initials (PENSION);
  g_autofree char *mixed = jj_pinyin_initials ("she bao ka abc12");
  g_autofree char *spaced = jj_pinyin_initials ("  cheng   xiang ");
  g_autofree char *empty = jj_pinyin_initials ("");

  g_assert_cmpstr (pension, ==, "cxjmjbylbx");
  g_assert_cmpstr (mixed, ==, "sbka");
  g_assert_cmpstr (spaced, ==, "cx");
  g_assert_cmpstr (empty, ==, "");
}

static void
assert_query (const char *query, const char *expected)
{
  g_autofree char *normalized = jj_pinyin_normalize_query (query);

  g_assert_cmpstr (normalized, ==, expected);
}

static void
test_normalize_query (void)
{
  assert_query ("ylbx", "ylbx");
  assert_query (" Yang'lao BAO xian ", "yanglaobaoxian");
  assert_query ("ＹＬ１２", "yl12");
  assert_query ("养老", NULL);
  assert_query ("yl养", NULL);
  assert_query ("！？ '", NULL);
  assert_query ("", NULL);
  assert_query ("😀", NULL);
  assert_query ("yl\xff", NULL);
}

static void
test_match_initials (void)
{
  assert_match (PENSION, "ylbx", 6, FALSE);
  assert_match (PENSION, "cxjm", 0, FALSE);
  assert_match (PENSION, "jbyl", 4, FALSE);
  assert_match (PENSION, "ylbaox", 6, FALSE);
  assert_match ("she bao ka abc12", "sbkabc", 0, FALSE);
}

static void
test_match_full_pinyin (void)
{
  assert_match (PENSION, "yanglao", 6, TRUE);
  assert_match (PENSION, "yangl", 6, TRUE);
  assert_match (PENSION, "yanglaobaoxian", 6, TRUE);
  assert_match (PENSION, "yan", 6, TRUE);
  assert_match (PENSION, "chengxiangjumin", 0, TRUE);
  assert_match ("she bao ka abc12", "abc1", 3, TRUE);
}

static void
test_match_earliest (void)
{
  assert_match (PENSION, "j", 2, TRUE);
  assert_match (PENSION, "ji", 4, TRUE);
  assert_match (PENSION, "x", 1, TRUE);
  assert_match ("bao xian bao xian", "bx", 0, FALSE);
  assert_match ("lao bao xian bao xi", "baoxi", 1, TRUE);
}

static void
test_match_backtracking (void)
{
  /* Greedy is wrong: "xian" is not a syllable of "xi an", and taking all of
   * "xian" from "xian ang" leaves "g", which "ang" does not start with. */
  assert_match ("xi an", "xian", 0, TRUE);
  assert_match ("xian ang", "xiang", 0, FALSE);
  assert_match ("fang an", "fangan", 0, TRUE);
  assert_match ("fan gan", "fangan", 0, TRUE);
  assert_match ("xi an shi", "xians", 0, TRUE);
  assert_match ("xian an", "xianan", 0, TRUE);
}

static void
test_match_non_matches (void)
{
  gboolean full = TRUE;

  g_assert_cmpint (jj_pinyin_match (PENSION, "ylbxx", &full), ==, -1);
  g_assert_false (full);
  g_assert_cmpint (jj_pinyin_match (PENSION, "laoyang", NULL), ==, -1);
  g_assert_cmpint (jj_pinyin_match (PENSION, "yanglaox", NULL), ==, -1);
  g_assert_cmpint (jj_pinyin_match (PENSION, "xianz", NULL), ==, -1);
  g_assert_cmpint (jj_pinyin_match (PENSION, "zz", NULL), ==, -1);
  g_assert_cmpint (jj_pinyin_match (PENSION, "ylbxq", NULL), ==, -1);
  g_assert_cmpint (jj_pinyin_match ("", "a", NULL), ==, -1);
  g_assert_cmpint (jj_pinyin_match (PENSION, "", NULL), ==, -1);
}

static void
test_match_hostile_input (void)
{
  g_autoptr (GString) syllables = g_string_new (NULL);
  g_autoptr (GString) long_token = g_string_new (NULL);
  char query[66];

  /* 64 single-letter tokens match a 64-letter query; 65 letters never do. */
  for (guint i = 0; i < 65; i++)
    g_string_append (syllables, "a ");
  memset (query, 'a', 64);
  query[64] = '\0';
  assert_match (syllables->str, query, 0, TRUE);
  query[64] = 'a';
  query[65] = '\0';
  g_assert_cmpint (jj_pinyin_match (syllables->str, query, NULL), ==, -1);

  /* 4 KB of tokens where every prefix of the query matches somewhere but
   * the whole never does. */
  g_string_truncate (syllables, 0);
  while (syllables->len < 4096)
    g_string_append (syllables, "aaaaaa ");
  memset (query, 'a', 63);
  query[63] = 'b';
  query[64] = '\0';
  g_assert_cmpint (jj_pinyin_match (syllables->str, query, NULL), ==, -1);
  query[63] = 'a';
  assert_match (syllables->str, query, 0, TRUE);

  while (long_token->len < 4096)
    g_string_append_c (long_token, 'a');
  assert_match (long_token->str, "aaa", 0, TRUE);
  g_assert_cmpint (jj_pinyin_match (long_token->str, "ab", NULL), ==, -1);

  assert_match ("   yang    lao  ", "yl", 0, FALSE);
  assert_match ("\xff\xfe yang", "\xff", 0, TRUE);
  assert_match ("\xff\xfe yang", "\xfey", -1, FALSE);
  g_assert_cmpint (jj_pinyin_match ("yang lao", "yang lao", NULL), ==, -1);
  g_assert_cmpint (jj_pinyin_match ("     ", "a", NULL), ==, -1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pinyin/syllables/matter-name", test_syllables_matter_name);
  g_test_add_func ("/pinyin/syllables/polyphone-phrases", test_syllables_polyphone_phrases);
  g_test_add_func ("/pinyin/syllables/character-overrides", test_syllables_character_overrides);
  g_test_add_func ("/pinyin/syllables/umlaut-is-v", test_syllables_umlaut);
  g_test_add_func ("/pinyin/syllables/mixed-ascii-and-full-width", test_syllables_mixed);
  g_test_add_func ("/pinyin/syllables/hostile-input", test_syllables_hostile_input);
  g_test_add_func ("/pinyin/for-char/known-and-unknown", test_for_char);
  g_test_add_func ("/pinyin/initials/first-letter-per-token", test_initials);
  g_test_add_func ("/pinyin/normalize-query/folds-or-refuses", test_normalize_query);
  g_test_add_func ("/pinyin/match/initials", test_match_initials);
  g_test_add_func ("/pinyin/match/full-pinyin", test_match_full_pinyin);
  g_test_add_func ("/pinyin/match/earliest-syllable", test_match_earliest);
  g_test_add_func ("/pinyin/match/backtracking", test_match_backtracking);
  g_test_add_func ("/pinyin/match/non-matches", test_match_non_matches);
  g_test_add_func ("/pinyin/match/hostile-input", test_match_hostile_input);

  return g_test_run ();
}
