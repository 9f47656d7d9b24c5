#!/usr/bin/env bash
# Deal-report throughput: the whole scripts/deals.lua process (--format
# json > /dev/null: reading, both walks, extraction, merging, output)
# on two folders, beside the deals code of an earlier commit
# (PAA_DEALS_BASE, default bdfd5cb, the last before the rewrite as event
# extraction) and a reading-only baseline (paa corpus:docs()) on the same
# bytes. Prints MB/s and peak memory (medians of three runs on a warm
# page cache), then the deals each found. Compare ratios within one run.
#
#   bench/deals.sh [SOURCE_FOLDER] [COPIES]
#
# Folders:
#   1. SOURCE_FOLDER (default ../shared/corpus/bbc) copied COPIES times
#      (default 20) under ${TMPDIR:-/tmp}/paa-bench-corpus, the folder
#      bench/corpus.sh makes;
#   2. a mixed folder: ../shared/corpus/bbc/business ×5, the sample
#      corpus/ and 300 long made-up tech pages (30-80 KB of menus, share
#      buttons, price lists, newsletter boxes, related links and funding
#      news) written by bench/gen_pages.lua (PAA_DEALS_PAGES pages,
#      default 300).
# The earlier code runs from a temporary tree (git show BASE:path) whose
# lua/ comes first on package.path (through LUA_INIT: the host puts its
# own library before LUA_PATH); the script checks that its paa.deals is
# the one loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
bench_paa_init "$@"
base=${PAA_DEALS_BASE:-bdfd5cb}
business=../shared/corpus/bbc/business
[ -d "$business" ] || { echo "bench: no $business (the corpora live beside the checkout)" >&2; exit 1; }
make_corpus
tmp=$(mktemp -d "${TMPDIR:-/tmp}/paa-deals.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# the earlier deals code, first on the path
old=$tmp/base
mkdir -p "$old/lua/paa" "$old/scripts"
git show "$base:lua/paa/deals.lua" > "$old/lua/paa/deals.lua"
git show "$base:scripts/deals.lua" > "$old/scripts/deals.lua"
old_init="package.path = '$old/lua/?.lua;' .. package.path"
loaded=$(LUA_INIT="$old_init" "$build/paa" -e "
  local d = require 'paa.deals'
  for _, v in pairs(d) do
    if type(v) == 'function' then print((debug.getinfo(v, 'S').source:gsub('^@', ''))) break end
  end")
[ "$loaded" = "$old/lua/paa/deals.lua" ] ||
  { echo "bench: the earlier paa.deals is not the one loaded (got '$loaded')" >&2; exit 1; }

# the mixed folder
mixed=$tmp/mixed
mkdir -p "$mixed/pages"
for i in 1 2 3 4 5; do cp -r "$business" "$mixed/business$i"; done
cp -r corpus "$mixed/sample"
"$build/paa" bench/gen_pages.lua "$mixed/pages" "${PAA_DEALS_PAGES:-300}"

reading() { "$build/paa" -e "local n = 0
  for d in assert(require('paa').open('$1', { words = false })):docs() do n = n + #d.text end
  print(n)"; }
current() { "$build/paa" scripts/deals.lua "$1" --format json; }
earlier() { LUA_INIT="$old_init" "$build/paa" "$old/scripts/deals.lua" "$1" --format json; }
deals_found() {   # JSON on stdin -> number of deals
  python3 -c 'import json, sys; print(len(json.load(sys.stdin)["deals"]))' 2>/dev/null || echo "?"
}

# bench LABEL FOLDER
bench() {
  local label=$1 dir=$2
  files=$(find "$dir" -type f ! -name '.*' | wc -l)
  bytes=$(find "$dir" -type f ! -name '.*' -printf '%s\n' | awk '{ s += $1 } END { print s }')
  find "$dir" -type f ! -name '.*' -print0 | xargs -0 cat > /dev/null
  echo "$label: $files files, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB"
  export -f reading current earlier
  export build old old_init
  run "paa corpus:docs() only (reading)" bash -c 'reading "$1"' _ "$dir"
  run "deals.lua" bash -c 'current "$1"' _ "$dir"
  run "deals.lua at $base" bash -c 'earlier "$1"' _ "$dir"
  echo "  deals found: $(current "$dir" 2>/dev/null | deals_found), at $base $(earlier "$dir" 2>/dev/null | deals_found)"
}
bench "BBC x$copies" "$data"
bench "mixed (BBC business x5, corpus/, ${PAA_DEALS_PAGES:-300} tech pages)" "$mixed"
