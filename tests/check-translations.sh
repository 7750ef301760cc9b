#!/usr/bin/env bash
# zh_CN stays complete: every translatable string of the sources (po/POTFILES.in) has a
# translation, none is fuzzy, and msgfmt -c accepts the catalog.
set -euo pipefail
top=$1
po="$top/po/zh_CN.po"
pot=$(mktemp --suffix=.pot)
trap 'rm -f "$pot"' EXIT

grep -v '^\s*#' "$top/po/POTFILES.in" | grep -v '^\s*$' > "$pot.files"
trap 'rm -f "$pot" "$pot.files"' EXIT
xgettext --package-name=jiujin -D "$top" -f "$pot.files" -o "$pot" --from-code=UTF-8 \
  --add-comments --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_set_error:4:c-format --flag=g_printerr:1:c-format \
  --flag=g_print:1:c-format 2>/dev/null

msgfmt -c -o /dev/null "$po"
stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$po" 2>&1)
echo "# zh_CN: $stats"
case "$stats" in
  *fuzzy*|*untranslated*) echo "not ok - po/zh_CN.po has fuzzy or untranslated messages"; exit 1 ;;
esac
# Every message of the sources must be in zh_CN.po, translated.
if ! msgcmp "$po" "$pot" 2>&1; then
  echo "not ok - po/zh_CN.po lacks messages of the sources: run ninja jiujin-update-po and translate"
  exit 1
fi
echo "ok - po/zh_CN.po is complete"
