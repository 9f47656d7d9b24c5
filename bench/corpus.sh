#!/usr/bin/env bash
# Corpus reader throughput: read + decode every file of a large folder with
# paa (the C engine alone, and through Lua with a document table per file)
# beside `cat` of the same files. Prints MB/s and peak memory, medians of
# three runs on a warm page cache. Compare ratios within one run only.
#
#   bench/corpus.sh [SOURCE_FOLDER] [COPIES]
#
# The benchmark folder is SOURCE_FOLDER (default ../shared/corpus/bbc)
# copied COPIES times (default 20) under ${TMPDIR:-/tmp}/paa-bench-corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
src=${1:-../shared/corpus/bbc}
copies=${2:-20}
data=${TMPDIR:-/tmp}/paa-bench-corpus
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install -y time)" >&2; exit 1; }
[ -x "$build/bench/bench-corpus" ] || { echo "bench: build first (cmake --build $build)" >&2; exit 1; }

if [ "$(cat "$data/.made" 2>/dev/null)" != "$src $copies" ]; then
  rm -rf "$data"; mkdir -p "$data"
  for i in $(seq 1 "$copies"); do cp -r "$src" "$data/copy$i"; done
  echo "$src $copies" > "$data/.made"
fi
files=$(find "$data" -type f ! -name '.*' | wc -l)
bytes=$(find "$data" -type f ! -name '.*' -printf '%s\n' | awk '{ s += $1 } END { print s }')
echo "corpus: $data ($files files, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB)"
find "$data" -type f ! -name '.*' -print0 | xargs -0 cat > /dev/null   # warm the cache

# run "name" command...: three runs, median seconds and peak RSS
run() {
  local name=$1; shift
  local t m out
  out=$(for _ in 1 2 3; do /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -1; done |
        sort -n | sed -n 2p)
  t=${out% *}; m=${out#* }
  awk -v n="$name" -v t="$t" -v m="$m" -v b="$bytes" \
    'BEGIN { printf "%-34s %8.1f MB/s %8.1f MB peak  (%.2f s)\n", n, b / 1e6 / t, m / 1024, t }'
}

run "cat (baseline)" sh -c "find '$data' -type f ! -name '.*' -print0 | xargs -0 cat"
run "paa corpus reader (C, libpaa)" "$build/bench/bench-corpus" "$data"
run "paa corpus:docs() (Lua tables)" "$build/paa" -e \
  "local n = 0 for d in assert(require('paa').open('$data')):docs() do n = n + d.words end"
