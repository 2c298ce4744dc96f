#!/usr/bin/env bash
# The dependency guard (.ci/check-deps) on this build: it passes with the real package list, and
# it fails, naming the file and the package, when the list misses a package the build used or
# names a virtual package (the two mistakes that once broke the README's first command).
set -uo pipefail
source_dir="$1"
build_dir="$2"
guard="$source_dir/.ci/check-deps"
list="$source_dir/.ci/debian-packages"
if ! command -v dpkg-query >/dev/null || ! command -v apt-cache >/dev/null; then
  echo "SKIP: not a Debian system"; exit 77
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
check() { # name, expected exit code, file with output, grep patterns...
  local name="$1" want="$2" got="$3" out="$4"; shift 4
  if [ "$got" != "$want" ]; then echo "FAIL $name: exit $got, expected $want"; cat "$out"; failed=1; return; fi
  for pattern in "$@"; do
    grep -q -- "$pattern" "$out" || { echo "FAIL $name: output lacks '$pattern'"; cat "$out"; failed=1; return; }
  done
  echo "ok   $name"
}

"$guard" --build "$build_dir" --packages "$list" --source "$source_dir" >"$work/real.out" 2>&1
check "the real list covers the build" 0 $? "$work/real.out" "check-deps: OK"

grep -v -x 'libqt6opengl6-dev' "$list" >"$work/no-opengl"
"$guard" --build "$build_dir" --packages "$work/no-opengl" --source "$source_dir" >"$work/no-opengl.out" 2>&1
check "a missing package is named with its file" 1 $? "$work/no-opengl.out" \
  "cmake/Qt6OpenGL/Qt6OpenGLConfig.cmake" "add 'libqt6opengl6-dev'" "FAILED"

sed 's/^qt6-charts-dev$/libqt6charts6-dev/' "$list" >"$work/virtual"
"$guard" --build "$build_dir" --packages "$work/virtual" --source "$source_dir" >"$work/virtual.out" 2>&1
check "a virtual package name is refused" 1 $? "$work/virtual.out" \
  "'libqt6charts6-dev' is a virtual package name" "qt6-charts-dev" "Qt6ChartsConfig.cmake"

exit $failed
