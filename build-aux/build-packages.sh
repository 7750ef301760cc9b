#!/usr/bin/env bash
# Builds Jiujin's .deb and .rpm on Debian 12, as root (or a user with sudo), from a clone:
#
#   build-aux/build-packages.sh [--ref REF | --worktree] [--deb-only | --rpm-only] [--nocheck]
#
# By default the packages are built from a clean export of the last commit (git archive HEAD);
# --ref REF exports another commit or tag (a release: --ref v0.1.0); --worktree builds the
# working tree instead, uncommitted changes included (tracked and untracked files that
# .gitignore does not exclude). packaging/ is always the working tree's.
# --nocheck skips the test suites the package builds run (DEB_BUILD_OPTIONS=nocheck,
# rpmbuild --nocheck): for trying out a tree whose tests fail, never for service points.
#
# Installs what it needs (dpkg-dev, debhelper, lintian, rpm and the project's build
# dependencies through build-aux/dev.sh deps), runs dpkg-buildpackage -us -uc -b with
# packaging/debian, lintian on the .deb (its report is printed and kept; only errors fail),
# and rpmbuild -bb --nodeps with packaging/rpm/jiujin.spec. The packages, the lintian report
# and the build logs end up in _packages/.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out="$top/_packages"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'build-packages: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

usage() {
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
}

from=ref
ref=HEAD
build_deb=1
build_rpm=1
nocheck=0
while [ $# -gt 0 ]; do
  case "$1" in
    --worktree) from=worktree ;;
    --ref) [ $# -ge 2 ] || { usage >&2; exit 2; }; ref=$2; shift ;;
    --ref=*) ref=${1#--ref=} ;;
    --deb-only) build_rpm=0 ;;
    --rpm-only) build_deb=0 ;;
    --nocheck) nocheck=1 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
[ $build_deb -eq 1 ] || [ $build_rpm -eq 1 ] || die "--deb-only and --rpm-only exclude each other"
[ "$from" = ref ] || [ "$ref" = HEAD ] || die "--ref and --worktree exclude each other"

install_tools() {
  local wanted=(git xz-utils dpkg-dev debhelper fakeroot lintian rpm) missing=() pkg
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing packaging tools: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  build-aux/dev.sh deps
}

# Lays the sources out as $work/jiujin-$version (setting $version from the exported
# meson.build), without packaging artefacts.
export_tree() {
  local tree=$work/tree
  mkdir -p "$tree"
  if [ "$from" = ref ]; then
    git rev-parse --verify -q "$ref^{commit}" >/dev/null || die "$ref is not a commit of this repository"
    say "Exporting $ref ($(git rev-parse --short "$ref^{commit}"))"
    git archive --format=tar "$ref" | tar -x -C "$tree"
  else
    say "Copying the working tree"
    # Deleted files are skipped, and so are earlier packages, ignored or not.
    git ls-files -z --cached --others --exclude-standard |
      while IFS= read -r -d '' f; do
        case "$f" in _packages/*) continue ;; esac
        if [ -e "$f" ]; then printf '%s\0' "$f"; fi
      done |
      tar --null -T - -c | tar -x -C "$tree"
  fi
  rm -rf "$tree/debian"
  version=$(meson introspect --projectinfo "$tree/meson.build" |
            python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])')
  [ -n "$version" ] || die "could not read the project version from meson.build"
  mv "$tree" "$work/jiujin-$version"
}

# The changelog and the spec must be at the version meson.build declares.
check_versions() {
  local deb_version rpm_version
  deb_version=$(dpkg-parsechangelog -l packaging/debian/changelog -S Version)
  rpm_version=$(rpm -q --qf '%{VERSION}\n' --specfile packaging/rpm/jiujin.spec 2>/dev/null | head -n 1)
  [ "$deb_version" = "$version" ] ||
    die "packaging/debian/changelog is at $deb_version but meson.build at $version: add a changelog entry"
  [ "$rpm_version" = "$version" ] ||
    die "packaging/rpm/jiujin.spec is at $rpm_version but meson.build at $version: update Version and %changelog"
}

build_rpm() {
  local top_rpm=$work/rpmbuild status=0 opts=(-bb --nodeps)
  say "Building the .rpm"
  [ $nocheck -eq 0 ] || opts+=(--nocheck)
  mkdir -p "$top_rpm"/{SOURCES,SPECS,BUILD,RPMS,SRPMS}
  tar -C "$work" -cJf "$top_rpm/SOURCES/jiujin-$version.tar.xz" "jiujin-$version"
  cp packaging/rpm/jiujin.spec "$top_rpm/SPECS/"
  rpmbuild "${opts[@]}" --define "_topdir $top_rpm" "$top_rpm/SPECS/jiujin.spec" \
    > "$out/rpmbuild.log" 2>&1 || status=$?
  if [ $status -ne 0 ]; then
    tail -n 60 "$out/rpmbuild.log" >&2
    die "rpmbuild failed ($status); the whole log is $out/rpmbuild.log"
  fi
  find "$top_rpm/RPMS" -name '*.rpm' -exec cp {} "$out/" \;
}

build_deb() {
  local src=$work/jiujin-$version status=0
  say "Building the .deb"
  cp -a packaging/debian "$src/debian"
  (
    cd "$src"
    if [ $nocheck -eq 1 ]; then export DEB_BUILD_OPTIONS="nocheck ${DEB_BUILD_OPTIONS:-}"; fi
    dpkg-buildpackage -us -uc -b
  ) > "$out/dpkg-buildpackage.log" 2>&1 || status=$?
  if [ $status -ne 0 ]; then
    tail -n 60 "$out/dpkg-buildpackage.log" >&2
    die "dpkg-buildpackage failed ($status); the whole log is $out/dpkg-buildpackage.log"
  fi
  cp "$work"/jiujin*_"$version"_*.deb "$out/"

  say "lintian"
  status=0
  # lintian advises against running as root: as root, run it as nobody.
  local as_user=()
  if [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null; then
    chmod 755 "$work"
    as_user=(runuser -u nobody --)
  fi
  (cd / && ${as_user[@]+"${as_user[@]}"} lintian -I --fail-on error "$work"/jiujin_"$version"_*.deb) \
    > "$out/lintian.txt" 2>&1 || status=$?
  if [ -s "$out/lintian.txt" ]; then cat "$out/lintian.txt"; else echo "lintian: no tags"; fi
  [ $status -eq 0 ] || die "lintian found errors (above; also in $out/lintian.txt)"
}

install_tools

mkdir -p "$out"
rm -f "$out"/jiujin*.deb "$out"/jiujin*.rpm "$out"/*.log "$out"/lintian.txt
work=$(mktemp -d "${TMPDIR:-/tmp}/jiujin-packages.XXXXXX")
trap 'rm -rf "$work"' EXIT

export_tree
check_versions
# The rpm's tarball is made first, from the tree exactly as exported.
[ $build_rpm -eq 0 ] || build_rpm
[ $build_deb -eq 0 ] || build_deb

say "Packages in ${out#"$top"/}/"
ls -l "$out"/*.deb "$out"/*.rpm 2>/dev/null
