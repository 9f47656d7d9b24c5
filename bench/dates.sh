#!/usr/bin/env bash
# Date extraction throughput: paa.dates' find() (an LPeg grammar) over
# every document of a large folder, read with
# require("paa").open(dir, { words = false }), with the reference date
# 2005-06-01 (the BBC stories' year), beside plain baselines on the same
# bytes: GNU grep -o counting four-digit years 1900-2099, the same count
# by string.gmatch in the host, reading the documents alone, and the
# grammar as it was at BASE_COMMIT (loaded from a temporary file), so the
# old and new grammars are timed in the same run. Prints MB/s and peak
# memory (medians of three runs on a warm page cache), each grammar's own
# speed (reading time taken off), then what each finds. Compare ratios
# within one run only.
#
#   bench/dates.sh [SOURCE_FOLDER] [COPIES] [BASE_COMMIT]
#
# The benchmark folder is SOURCE_FOLDER (default ../shared/corpus/bbc)
# copied COPIES times (default 20) under ${TMPDIR:-/tmp}/paa-bench-corpus,
# the folder bench/corpus.sh makes. BASE_COMMIT (default dbd1f1a, the
# grammar before composed offsets, weekdays and spelled dates) must hold
# lua/paa/dates.lua. There is no C binary here: bench_paa_init sets it
# up.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
bench_paa_init "$@"
base=${3:-dbd1f1a}
make_corpus
export LC_ALL=C   # grep counts bytes, like the Lua baseline
tmp=$(mktemp -d "${TMPDIR:-/tmp}/paa-dates.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
git show "$base:lua/paa/dates.lua" > "$tmp/dates_old.lua"

# Lua chunks for paa -e: each walks the corpus and prints a count
open="for d in assert(require('paa').open('$data', { words = false })):docs() do"
read_docs="local n = 0 $open n = n + #d.text end print(n, 'bytes of text')"
gmatch_docs="local n = 0 $open local t = d.text
  for _ in t:gmatch('%f[%w]19%d%d%f[%W]') do n = n + 1 end
  for _ in t:gmatch('%f[%w]20%d%d%f[%W]') do n = n + 1 end
end print(n, 'four-digit years')"
# $1: how to load the grammar
dates_docs() {
  echo "local dates = $1 local n, p = 0, {}
  local opts = { reference = '2005-06-01' }
  $open for _, x in ipairs(dates.find(d.text, opts)) do
      n = n + 1
      p[x.precision] = (p[x.precision] or 0) + 1
    end
  end
  print(n, string.format('dates (%d days, %d months, %d quarters, %d years)',
    p.day or 0, p.month or 0, p.quarter or 0, p.year or 0))"
}
old_docs=$(dates_docs "dofile('$tmp/dates_old.lua')")
new_docs=$(dates_docs "require('paa.dates')")
years='(^|[^0-9A-Za-z])(19|20)[0-9][0-9]($|[^0-9A-Za-z])'
grep_hits='find "$1" -type f ! -name ".*" -print0 | xargs -0 grep -ohE "$2" | wc -l'

run "grep -o four-digit year (baseline)" bash -c "$grep_hits" _ "$data" "$years"
run "paa corpus:docs() only (reading)" "$build/paa" -e "$read_docs"
run "paa string.gmatch four-digit year" "$build/paa" -e "$gmatch_docs"
run "paa dates.find at $base (LPeg)" "$build/paa" -e "$old_docs"
run "paa dates.find (LPeg)" "$build/paa" -e "$new_docs"

echo "dates.find alone (reading time taken off):"
awk -v a="${secs[paa dates.find (LPeg)]}" -v o="${secs[paa dates.find at $base (LPeg)]}" \
    -v r="${secs[paa corpus:docs() only (reading)]}" \
    -v g="${secs[paa string.gmatch four-digit year]}" -v b="$bytes" 'BEGIN {
  if (a > r && o > r) printf "  %.1f MB/s, at %s %.1f MB/s: %+.1f%% time (string.gmatch alone: %.1f MB/s)\n",
    b / 1e6 / (a - r), "'"$base"'", b / 1e6 / (o - r), 100 * ((a - r) / (o - r) - 1),
    (g > r) ? b / 1e6 / (g - r) : 0
}'
echo "found:"
echo "  grep -o:              $(bash -c "$grep_hits" _ "$data" "$years") four-digit years"
echo "  string.gmatch:        $("$build/paa" -e "$gmatch_docs" 2>/dev/null)"
echo "  dates.find at $base: $("$build/paa" -e "$old_docs" 2>/dev/null)"
echo "  dates.find:           $("$build/paa" -e "$new_docs" 2>/dev/null)"
