#!/usr/bin/env bash
# Run every shipped script, in every format it has, over the hostile
# corpora of tools/hostile.lua and report what went wrong: a sanitizer
# report, a crash (a signal), a timeout, a traceback, or output that is
# not what the format promises (JSON that does not parse).
#
#   tools/hostile.sh [BUILD_DIR] [CORPORA_DIR]
#
# BUILD_DIR defaults to build (build-asan for the sanitizer build);
# CORPORA_DIR to ${TMPDIR:-/tmp}/paa-hostile (made when missing).
# Exits 1 when anything was found.
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
dir=${2:-${TMPDIR:-/tmp}/paa-hostile}
paa=$build/paa
[ -x "$paa" ] || { echo "hostile: no $paa (build first)" >&2; exit 2; }
[ -d "$dir" ] || "$paa" tools/hostile.lua "$dir" > /dev/null || exit 2
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
log=$(mktemp -d "${TMPDIR:-/tmp}/paa-hostile-log.XXXXXX")
found=0 runs=0

# check LABEL FORMAT CMD...: run, classify, keep the evidence of a finding
check() {
  local label=$1 format=$2
  shift 2
  runs=$((runs + 1))
  timeout 300 "$@" > "$log/out" 2> "$log/err"
  local status=$? why=""
  if grep -q -E "AddressSanitizer|LeakSanitizer|runtime error:" "$log/err"; then why="sanitizer report"
  elif [ $status -eq 124 ]; then why="timeout (300 s)"
  elif [ $status -gt 128 ]; then why="signal $((status - 128))"
  elif grep -q "stack traceback" "$log/err"; then why="traceback"
  elif [ $status -gt 3 ]; then why="exit status $status"
  elif [ "$format" = json ] && [ $status -le 2 ] && ! python3 -c 'import json, sys; json.load(sys.stdin)' < "$log/out" 2> /dev/null
  then why="invalid JSON"
  fi
  if [ -n "$why" ]; then
    found=$((found + 1))
    echo "FOUND $label: $why"
    head -c 2000 "$log/err" | sed 's/^/    /'
  fi
}

for corpus in "$dir"/*/; do
  name=$(basename "$corpus")
  for script in deals tensions dupes; do
    for format in text json; do
      check "$script --format $format $name" $format "$paa" scripts/$script.lua "$corpus" --format $format
    done
  done
  check "overview --docs $name" text "$paa" scripts/overview.lua "$corpus" --docs
  check "search $name" text "$paa" scripts/search.lua "$corpus" "deal OR invest*"
  check "sandboxed deals $name" text "$paa" --sandbox --max-memory 1G scripts/deals.lua "$corpus"
done
rm -rf "$log"
echo "hostile: $runs runs over $(ls -d "$dir"/*/ | wc -l) corpora with $paa: $found found"
[ $found -eq 0 ]
