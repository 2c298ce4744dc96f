#!/usr/bin/env bash
# Builds the Debian package from this build (cpack -G DEB) and inspects it as a user's apt would
# see it: its name, its Depends (computed from the binaries), its files (binaries, icon, desktop
# file, AppStream metainfo, man pages, samples), and that the installed desktop files validate and
# the installed binaries run and find their samples.
set -uo pipefail
build_dir="$1"
version="$2"
if ! command -v dpkg-deb >/dev/null || ! command -v dpkg-shlibdeps >/dev/null; then
  echo "SKIP: dpkg-deb/dpkg-shlibdeps not available (install dpkg-dev)"; exit 77
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }
ok() { echo "ok   $*"; }

cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack -G DEB failed"; exit 1; }
deb="$work/out/eql-workbench_${version}_amd64.deb"
[ -f "$deb" ] || { ls "$work/out"; fail "no $(basename "$deb")"; exit 1; }
ok "built $(basename "$deb")"

dpkg-deb -I "$deb" >"$work/info"
depends="$(sed -n 's/^ Depends: //p' "$work/info")"
for needed in libc6 libstdc++6 libqt6core6 libqt6gui6 libqt6widgets6 libqt6charts6 libqt6svg6 zlib1g \
  qt6-qpa-plugins; do
  tr ',' '\n' <<<"$depends" | awk '{print $1}' | grep -q -x -F "$needed" || fail "Depends lacks $needed: $depends"
done
grep -q "^ Package: eql-workbench$" "$work/info" || fail "package name: $(grep Package: "$work/info")"
grep -q "^ Version: $version$" "$work/info" || fail "version: $(grep Version: "$work/info")"
grep -q "^ Architecture: amd64$" "$work/info" || fail "architecture"
ok "Depends: $depends"

dpkg-deb -c "$deb" | awk '{print $6}' >"$work/files"
app=io.github.eqlworkbench.EqlWorkbench
for f in ./usr/bin/eqlwb ./usr/bin/eql-workbench \
  ./usr/share/applications/$app.desktop ./usr/share/metainfo/$app.metainfo.xml \
  ./usr/share/mime/packages/$app.xml \
  ./usr/share/icons/hicolor/scalable/apps/$app.svg ./usr/share/icons/hicolor/48x48/apps/$app.png \
  ./usr/share/icons/hicolor/256x256/apps/$app.png \
  ./usr/share/man/man1/eqlwb.1 ./usr/share/man/man1/eql-workbench.1 \
  ./usr/share/eql-workbench/samples/installer-curl/capture.ndjson \
  ./usr/share/eql-workbench/samples/installer-curl/README.md \
  ./usr/share/eql-workbench/samples/mdm-config-fetch/capture.ndjson; do
  grep -q -x -F "$f" "$work/files" || fail "the package lacks $f"
done
if grep -q -E '(/tools/|\.py$|/build/|\.\./shared)' "$work/files"; then fail "developer files in the package"; fi
ok "$(wc -l <"$work/files") entries: binaries, icon, desktop file, metainfo, man pages, samples"

dpkg-deb -x "$deb" "$work/root"
root="$work/root/usr"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$root/share/applications/$app.desktop" && ok "desktop-file-validate" ||
    fail "desktop-file-validate"
else
  fail "desktop-file-validate is not installed (desktop-file-utils)"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$root/share/metainfo/$app.metainfo.xml" >"$work/as.log" 2>&1 &&
    ok "appstreamcli validate" || { cat "$work/as.log"; fail "appstreamcli validate"; }
else
  fail "appstreamcli is not installed (appstream)"
fi
for page in eqlwb eql-workbench; do
  grep -q "$version" "$root/share/man/man1/$page.1" || fail "man page $page.1 lacks the version"
  if command -v man >/dev/null; then
    warnings="$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$root/share/man/man1/$page.1" 2>&1 >/dev/null)"
    [ -z "$warnings" ] || fail "man $page.1: $warnings"
  fi
done
ok "man pages"

# The installed binaries run from their installed place, and agree on the version.
[ "$(env -u DISPLAY "$root/bin/eqlwb" --version)" = "eqlwb $version" ] || fail "eqlwb --version"
[ "$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$root/bin/eql-workbench" --version)" = \
  "eql-workbench $version" ] || fail "eql-workbench --version"
samples="$(QT_QPA_PLATFORM=offscreen "$root/bin/eql-workbench" --list-samples 2>/dev/null)"
grep -q "$work/root/usr/share/eql-workbench/samples/installer-curl/capture.ndjson" <<<"$samples" ||
  fail "the installed workbench does not find its installed samples: $samples"
ok "installed binaries run; samples found in share/eql-workbench/samples"
exit $failed
