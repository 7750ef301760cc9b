#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generate jj-pinyin-table.h, the toneless pinyin tables of app/jj-pinyin.c.

Reads the kMandarin field of Unihan_Readings.txt (plain, or bzip2-compressed
as Debian's unicode-data ships it); its first reading is the customary one.
Tones are stripped and ü is written v (lǜ -> lv).  data/pinyin-phrases.txt
adds readings in context: a line of two or more characters is a phrase, a
line of one character replaces that character's reading everywhere.

Python 3 standard library only: this runs on the python3 that runs meson.
"""

import argparse
import bz2
import os
import re
import sys
import unicodedata

# A gap of up to this many code points without a reading inside a range is
# cheaper to fill with NO_SYLLABLE (2 bytes each) than to start a new range
# (12 bytes).
MAX_GAP = 6
NO_SYLLABLE = 0xFFFF
SYLLABLE_RE = re.compile(r"^[a-z]+$")


class InputError(Exception):
  pass


def strip_tones(reading, where):
  """Return the ASCII spelling of one toned pinyin syllable."""
  out = []
  for ch in unicodedata.normalize("NFD", reading):
    if ch == "\u0308":
      if not out or out[-1] != "u":
        raise InputError(f"{where}: diaeresis not on u in {reading!r}")
      out[-1] = "v"
    elif unicodedata.category(ch) == "Mn":
      continue
    elif "a" <= ch <= "z":
      out.append(ch)
    else:
      raise InputError(f"{where}: unexpected {ch!r} in {reading!r}")
  if not out:
    raise InputError(f"{where}: empty reading")
  return "".join(out)


def read_unihan(path):
  """Return ({code point: syllable}, Unicode version string)."""
  readings = {}
  version = "unknown"
  opener = bz2.open if path.endswith(".bz2") else open
  with opener(path, "rt", encoding="utf-8") as f:
    for lineno, line in enumerate(f, 1):
      if line.startswith("# Unicode version:"):
        version = line.split(":", 1)[1].strip()
      if line.startswith("#") or not line.strip():
        continue
      fields = line.rstrip("\n").split("\t")
      if len(fields) != 3 or fields[1] != "kMandarin":
        continue
      if not fields[0].startswith("U+"):
        raise InputError(f"{path}:{lineno}: bad code point {fields[0]!r}")
      cp = int(fields[0][2:], 16)
      first = fields[2].split()[0]
      readings[cp] = strip_tones(first, f"{path}:{lineno}")
  if not readings:
    raise InputError(f"{path}: no kMandarin readings")
  return readings, version


def read_phrases(path, readings):
  """Apply single-character overrides to readings; return {phrase: [syllables]}."""
  entries = []
  seen = set()
  with open(path, encoding="utf-8") as f:
    for lineno, line in enumerate(f, 1):
      where = f"{path}:{lineno}"
      line = line.rstrip("\n")
      if not line.strip() or line.lstrip().startswith("#"):
        continue
      fields = line.split("\t")
      if len(fields) != 2:
        raise InputError(f"{where}: expected 'text<TAB>syllables'")
      text, syllables = fields[0], fields[1].split()
      if len(syllables) != len(text):
        raise InputError(f"{where}: {len(text)} characters but "
                         f"{len(syllables)} syllables")
      for ch, syl in zip(text, syllables):
        if ord(ch) not in readings:
          raise InputError(f"{where}: {ch!r} has no kMandarin reading")
        if not SYLLABLE_RE.match(syl):
          raise InputError(f"{where}: bad syllable {syl!r}")
      if text in seen:
        raise InputError(f"{where}: {text} listed twice")
      seen.add(text)
      entries.append((where, text, syllables))

  # Overrides first, so that a phrase they make redundant is reported.
  for where, text, syllables in sorted(entries, key=lambda e: len(e[1])):
    default = [readings[ord(ch)] for ch in text]
    if syllables == default:
      print(f"{where}: warning: {text} already reads "
            f"{' '.join(default)}", file=sys.stderr)
    if len(text) == 1:
      readings[ord(text)] = syllables[0]
  return {text: syllables for _, text, syllables in entries if len(text) > 1}


def make_ranges(cps):
  """Split sorted code points into (first, last) ranges with small gaps."""
  ranges = []
  first = last = cps[0]
  for cp in cps[1:]:
    if cp - last - 1 > MAX_GAP:
      ranges.append((first, last))
      first = cp
    last = cp
  ranges.append((first, last))
  return ranges


def c_array(values, per_line, fmt):
  lines = []
  for i in range(0, len(values), per_line):
    lines.append("  " + ", ".join(fmt(v) for v in values[i:i + per_line]) + ",")
  return "\n".join(lines)


def generate(readings, phrases, version, unihan_name, phrases_name):
  used = set(readings.values())
  for syls in phrases.values():
    used.update(syls)
  syllables = sorted(used)
  index = {s: i for i, s in enumerate(syllables)}
  if len(syllables) >= NO_SYLLABLE:
    raise InputError("too many syllables for uint16_t")
  width = max(len(s) for s in syllables) + 1

  cps = sorted(readings)
  ranges = make_ranges(cps)
  values = []
  range_rows = []
  for first, last in ranges:
    range_rows.append((first, last, len(values)))
    for cp in range(first, last + 1):
      syl = readings.get(cp)
      values.append(index[syl] if syl is not None else NO_SYLLABLE)

  # Sorted by UTF-8 bytes: jj-pinyin.c compares with memcmp ().
  phrase_keys = sorted(phrases, key=lambda p: p.encode("utf-8"))
  max_chars = max((len(p) for p in phrase_keys), default=2)
  if max_chars > 255:
    raise InputError("phrases longer than 255 characters do not fit uint8_t")

  out = []
  out.append(f"/* jj-pinyin-table.h: generated by gen-pinyin.py from {unihan_name}")
  out.append(f" * (Unicode {version}, kMandarin) and {phrases_name}. Do not edit. */")
  out.append("")
  out.append("#pragma once")
  out.append("")
  out.append("#include <stdint.h>")
  out.append("")
  out.append(f"#define JJ_PINYIN_N_SYLLABLES {len(syllables)}")
  out.append(f"#define JJ_PINYIN_SYLLABLE_WIDTH {width}")
  out.append(f"#define JJ_PINYIN_NO_SYLLABLE 0x{NO_SYLLABLE:X}")
  out.append(f"#define JJ_PINYIN_N_RANGES {len(range_rows)}")
  out.append(f"#define JJ_PINYIN_N_PHRASES {len(phrase_keys)}")
  out.append(f"#define JJ_PINYIN_PHRASE_MAX_CHARS {max_chars}")
  out.append("")
  out.append("/* Toneless syllables, sorted; ü is spelled v. */")
  out.append("static const char jj_pinyin_syllable_table[JJ_PINYIN_N_SYLLABLES]"
             "[JJ_PINYIN_SYLLABLE_WIDTH] = {")
  out.append(c_array(syllables, 8, lambda s: f'"{s}"'))
  out.append("};")
  out.append("")
  out.append("/* Code points first..last read jj_pinyin_char_syllables[offset + cp - first];")
  out.append(" * sorted by first.  Gaps hold JJ_PINYIN_NO_SYLLABLE. */")
  out.append("typedef struct")
  out.append("{")
  out.append("  uint32_t first;")
  out.append("  uint32_t last;")
  out.append("  uint32_t offset;")
  out.append("} JjPinyinRange;")
  out.append("")
  out.append("static const JjPinyinRange jj_pinyin_range_table[JJ_PINYIN_N_RANGES] = {")
  out.append(c_array(range_rows, 3,
                     lambda r: f"{{ 0x{r[0]:05X}, 0x{r[1]:05X}, {r[2]} }}"))
  out.append("};")
  out.append("")
  out.append(f"static const uint16_t jj_pinyin_char_syllables[{len(values)}] = {{")
  out.append(c_array(values, 20, str))
  out.append("};")
  out.append("")
  out.append("/* Readings in context, sorted by the UTF-8 bytes of text. */")
  out.append("typedef struct")
  out.append("{")
  out.append("  const char *text;")
  out.append("  uint8_t n_chars;")
  out.append("  uint16_t syllables[JJ_PINYIN_PHRASE_MAX_CHARS];")
  out.append("} JjPinyinPhrase;")
  out.append("")
  # One dummy row keeps the array valid C when the phrase file is empty.
  out.append("static const JjPinyinPhrase jj_pinyin_phrase_table"
             f"[JJ_PINYIN_N_PHRASES + {0 if phrase_keys else 1}] = {{")
  for p in phrase_keys:
    ids = ", ".join(str(index[s]) for s in phrases[p])
    out.append(f'  {{ "{p}", {len(p)}, {{ {ids} }} }},')
  if not phrase_keys:
    out.append('  { "", 0, { 0 } },')
  out.append("};")
  out.append("")
  return "\n".join(out)


def main():
  parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
  parser.add_argument("--unihan", required=True,
                      help="Unihan_Readings.txt or .txt.bz2")
  parser.add_argument("--phrases", required=True,
                      help="pinyin-phrases.txt")
  parser.add_argument("--output", required=True,
                      help="header to write")
  args = parser.parse_args()

  try:
    readings, version = read_unihan(args.unihan)
    phrases = read_phrases(args.phrases, readings)
    header = generate(readings, phrases, version,
                      os.path.basename(args.unihan),
                      os.path.basename(args.phrases))
    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
      f.write(header)
  except (InputError, OSError, UnicodeDecodeError) as e:
    print(f"gen-pinyin.py: {e}", file=sys.stderr)
    return 1
  return 0


if __name__ == "__main__":
  sys.exit(main())
