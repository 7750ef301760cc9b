#!/usr/bin/env bash
# Jiujin's two commands, for a fresh Debian 12 machine (as root, or with sudo available):
#
#   build-aux/dev.sh run    install what is missing, build, and start jiujin with the demo
#                           catalogue on an embedded SQLite database
#   build-aux/dev.sh test   install what is missing, build, run every test, then the whole
#                           suite again under AddressSanitizer + UBSan
#
# Both are idempotent and fast when nothing is missing.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=${JIUJIN_BUILD_DIR:-_build}
asan_build=${JIUJIN_ASAN_BUILD_DIR:-_build-asan}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_deps() {
  local wanted provided missing=()
  wanted=$(grep -v '^\s*#' build-aux/debian-packages.txt | grep -v '^\s*$')
  # What installed packages provide counts too: a nodejs built by NodeSource provides npm and
  # conflicts with Debian's npm package.
  provided=$(dpkg-query -W -f='${db:Status-Abbrev} ${Provides}\n' 2>/dev/null |
    awk '$1 == "ii" { $1 = ""; print }' | tr ',' '\n' | sed 's/([^)]*)//; s/^ *//; s/ *$//')
  for pkg in $wanted; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
      grep -qxF "$pkg" <<<"$provided" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing ${#missing[@]} Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# The independent tus server the attachment uploader is tested against (tests/tus-interop),
# from its lock file; skipped when node_modules already matches it.
install_tus_interop() {
  local dir=tests/tus-interop
  if cmp -s "$dir/package-lock.json" "$dir/node_modules/.jiujin-installed-lock"; then
    return
  fi
  say "Installing the tus interop server's npm packages"
  npm ci --prefix "$dir" --omit=optional --prefer-offline --no-audit --no-fund
  cp "$dir/package-lock.json" "$dir/node_modules/.jiujin-installed-lock"
}

configure() {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@"
  fi
}

# Environment for running from the build tree, uninstalled.
uninstalled_env() {
  export JIUJIN_CATALOG="$top/data/catalog/jiujin-catalog.json"
  export JIUJIN_CALENDAR="$top/data/calendar/cn-working-days.json"
  export JIUJIN_LOCALEDIR="$top/$build/po"
  export GSETTINGS_SCHEMA_DIR="$top/$build/data"
}

cmd_run() {
  install_deps
  configure "$build"
  ninja -C "$build"
  uninstalled_env
  export JIUJIN_DATA_DIR=${JIUJIN_DATA_DIR:-$top/$build/demo-data}
  # Chinese by default: the terminal's users read Chinese. LANGUAGE=en shows the source strings.
  export LANGUAGE=${LANGUAGE:-zh_CN}
  case "${LANG:-}" in *UTF-8*|*utf8*) ;; *) export LANG=C.UTF-8 ;; esac

  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    say "No display here, so the window cannot open."
    echo "Run this command on a desktop session to see the GUI. The headless equivalent is jiujinctl:"
    echo
    echo "  JIUJIN_DATA_DIR=$JIUJIN_DATA_DIR JIUJIN_CATALOG=$JIUJIN_CATALOG \\"
    echo "    $build/sync/jiujinctl catalog search ylbx"
    echo
    "$build/sync/jiujinctl" catalog search ylbx --limit 5
    echo
    "$build/sync/jiujinctl" doctor
    exit 0
  fi

  say "Starting jiujin (data in $JIUJIN_DATA_DIR)"
  exec "$build/ui/jiujin" "$@"
}

# Prints "N passed, N failed" for the runs whose meson logs are given.
summarize() {
  local passed=0 failed=0 log
  for log in "$@"; do
    passed=$((passed + $(grep -c '"result": "OK"' "$log" || true)))
    failed=$((failed + $(grep -c -E '"result": "(FAIL|ERROR|TIMEOUT|UNEXPECTEDPASS)"' "$log" || true)))
  done
  echo "$passed passed, $failed failed"
}

cmd_test() {
  local status=0
  install_deps
  install_tus_interop
  configure "$build"
  ninja -C "$build"
  say "Test suite"
  meson test -C "$build" --print-errorlogs || status=1

  say "Test suite under AddressSanitizer + UBSan"
  configure "$asan_build" -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
  ninja -C "$asan_build"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  LSAN_OPTIONS=suppressions="$top/tests/lsan.supp":print_suppressions=0 \
    meson test -C "$asan_build" --print-errorlogs || status=1

  summarize "$build/meson-logs/testlog.json" "$asan_build/meson-logs/testlog.json"
  return $status
}

case "${1:-}" in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  deps) install_deps ;;
  *) echo "usage: build-aux/dev.sh run|test|deps" >&2; exit 2 ;;
esac
