#!/usr/bin/env bash
# Jiujin's two commands, for a fresh Debian 12 machine (as root, or with sudo available):
#
#   build-aux/dev.sh run    install what is missing, build, start a demo county platform
#                           (jiujin-county --demo) on 127.0.0.1, enroll the demo terminal with
#                           it and start jiujin; without a display, show a submission's round
#                           trip with jiujinctl instead
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

# The demo county platform: jiujin-county --demo on 127.0.0.1, with a CA and a certificate made
# once with openssl, its database, port file and log in BUILD/demo-county. The port of the last
# run is tried first, so that the terminal's enrollment stays valid; stopped when this exits.
county_pid=
county_url=

stop_demo_county() {
  if [ -n "$county_pid" ]; then
    kill "$county_pid" 2>/dev/null || true
    wait "$county_pid" 2>/dev/null || true
    county_pid=
  fi
}

start_demo_county() {
  local dir port=0 attempt
  dir=$(cd "$build" && pwd)/demo-county
  mkdir -p "$dir"
  if [ ! -f "$dir/demo-ca.pem" ]; then
    say "Making a demo certificate authority and a certificate for 127.0.0.1 (once)"
    sh tests/certs/make-test-certs.sh "$dir/certs"
    mv "$dir/certs/server.pem" "$dir/demo-server.pem"
    mv "$dir/certs/server.key" "$dir/demo-server.key"
    mv "$dir/certs/ca.pem" "$dir/demo-ca.pem"
    rmdir "$dir/certs"
  fi

  [ -f "$dir/port" ] && port=$(cat "$dir/port")
  trap stop_demo_county EXIT
  for attempt in 1 2; do
    rm -f "$dir/port.new"
    "$build/sync/county/jiujin-county" serve --demo --data-dir "$dir/data" \
      --listen "127.0.0.1:$port" --port-file "$dir/port.new" \
      --tls-cert "$dir/demo-server.pem" --tls-key "$dir/demo-server.key" >>"$dir/county.log" 2>&1 &
    county_pid=$!
    while [ ! -f "$dir/port.new" ] && kill -0 "$county_pid" 2>/dev/null; do sleep 0.05; done
    [ -f "$dir/port.new" ] && break
    # The last run's port is taken by now: any free one will do, and the terminal enrolls again.
    wait "$county_pid" 2>/dev/null || true
    county_pid=
    port=0
  done
  if [ -z "$county_pid" ]; then
    echo "jiujin-county did not start; see $dir/county.log" >&2
    exit 1
  fi
  mv "$dir/port.new" "$dir/port"
  county_url="https://127.0.0.1:$(cat "$dir/port")/"
  say "Demo county platform at $county_url (cases accepted after 5 s; log in $dir/county.log)"

  # The bundled catalogue is the county's first version; publishing it again changes nothing.
  "$build/sync/county/jiujin-county" admin --data-dir "$dir/data" publish-catalog \
    "$JIUJIN_CATALOG" >>"$dir/county.log" 2>&1 ||
    echo "The county did not publish $JIUJIN_CATALOG; see $dir/county.log" >&2

  local enrolled=
  if [ -f "$JIUJIN_DATA_DIR/enrollment.json" ]; then
    enrolled=$(tr -d '\n' <"$JIUJIN_DATA_DIR/enrollment.json" |
                 sed -n 's/.*"base_url" *: *"\([^"]*\)".*/\1/p')
  fi
  if [ "$enrolled" != "$county_url" ]; then
    local code
    code=$("$build/sync/county/jiujin-county" admin --data-dir "$dir/data" issue-code \
             --service-point "白石村便民服务站")
    say "Enrolling the demo terminal with code $code"
    "$build/sync/jiujinctl" enroll "$county_url" "$code" --ca-file "$dir/demo-ca.pem"
  fi
}

# One application from the clerk's ledger, delivered, then its status from the county.
show_round_trip() {
  local ledger receipt
  ledger=$(cd "$build" && pwd)/demo-county/demo-application.jsonl
  cat >"$ledger" <<'JSONL'
{"matters": ["XZ-0066"], "applicant": {"name": "王秀英", "id_number": "430104195003120029", "phone": "13907311234", "address": "白石村三组 12 号"}, "values": {"elderly_card_apply_type": "首次办理"}}
JSONL
  say "The round trip: one application taken in, delivered, and its status back"
  echo "  $build/sync/jiujinctl applications import $ledger"
  "$build/sync/jiujinctl" applications import "$ledger"
  receipt=$("$build/sync/jiujinctl" applications list --state queued --json |
              python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["receipt_number"])')
  echo "  $build/sync/jiujinctl sync --once"
  "$build/sync/jiujinctl" sync --once
  echo "  (the demo county accepts a case about 5 s after it arrives; asking every 3 s)"
  local tries
  for tries in 1 2 3 4 5 6 7 8 9 10; do
    sleep 3
    echo "  $build/sync/jiujinctl sync --once"
    "$build/sync/jiujinctl" sync --once
    if ! "$build/sync/jiujinctl" applications list --json |
         python3 -c 'import json, sys; sys.exit(any(a["receipt_number"] == sys.argv[1] and a["state"] == "sent" for a in json.load(sys.stdin)))' "$receipt"; then
      continue
    fi
    break
  done
  echo "  $build/sync/jiujinctl applications show $receipt"
  "$build/sync/jiujinctl" applications show "$receipt"
}

# Demo operators, made once: a technician, a township reviewer and a village clerk. Their PINs
# are printed, which is fine for a demo database and nothing else.
ensure_demo_operators() {
  local ctl="$build/sync/jiujinctl"
  if [ -z "$("$ctl" operators list 2>/dev/null)" ]; then
    printf '246810\n' | "$ctl" operators add jishu --name "技术员（演示）" --role technician >/dev/null
    printf '246810\n135790\n' | "$ctl" operators add shenhe --name "审核员（演示）" --role reviewer --as jishu >/dev/null
    printf '246810\n123456\n' | "$ctl" operators add cunyuan --name "村务员（演示）" --role clerk --as jishu >/dev/null
  fi
  echo "Demo operators (login / PIN): cunyuan / 123456 (village clerk), shenhe / 135790 (township"
  echo "reviewer), jishu / 246810 (technician). jiujin starts logged in as the clerk; Lock (Ctrl+Shift+L"
  echo "or the menu) to log in as someone else; JIUJIN_OPERATOR= (empty) starts at the login page."
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

  start_demo_county

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
    echo
    show_round_trip
    exit 0
  fi

  ensure_demo_operators
  export JIUJIN_OPERATOR=${JIUJIN_OPERATOR-cunyuan:123456}
  say "Starting jiujin (data in $JIUJIN_DATA_DIR), enrolled with the demo county"
  "$build/ui/jiujin" "$@"
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
