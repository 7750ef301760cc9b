#!/usr/bin/env bash
# Runs one GUI test script against the real jiujin: a private X server (Xvfb) and a private
# D-Bus session, so the accessibility bus and the window belong to this test alone.
set -euo pipefail
script=$1
export GSETTINGS_BACKEND=memory
exec xvfb-run -a -s "-screen 0 1280x800x24" \
  dbus-run-session -- /usr/bin/python3 "$script" 2> >(grep -v -e 'fd limit' -e '^dbus-daemon' -e 'SpiRegistry' -e 'dbind-WARNING' >&2)
