#!/usr/bin/env bash
# Runs every fuzz target briefly over its seed corpus (a smoke run: a regression on a known
# input, or a crash found in a few thousand mutations, fails). Usage: tests/fuzz/smoke.sh [BUILD_DIR] [RUNS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build/fuzz}"
runs="${2:-3000}"
failed=0
for target in capture eql exceptions rules timestamp regex session; do
  binary="$build/tests/fuzz/fuzz_$target"
  [ -x "$binary" ] || { echo "fuzz_$target: not built (needs Qt)"; continue; }
  work="$(mktemp -d)"
  cp -r "$here/corpus/$target/." "$work/"
  if "$binary" -runs="$runs" -max_len=65536 -timeout=10 -rss_limit_mb=4096 "$work" >"$work.log" 2>&1; then
    echo "fuzz_$target: ok ($(grep -o 'Done [0-9]* runs' "$work.log" | tail -1))"
  else
    echo "fuzz_$target: FAILED"; tail -40 "$work.log"; failed=1
  fi
  rm -rf "$work" "$work.log"
done
exit $failed
