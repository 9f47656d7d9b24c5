#!/usr/bin/env bash
# Text engine throughput on the same bytes as its baselines: every file of
# SOURCE_FOLDER (default ../shared/corpus, seeds and BBC) joined COPIES
# times (default 10) into one file. paa runs on it in memory (C), and per
# document through Lua; beside it `wc -w` and Python's re.findall(r"\w+").
#
#   bench/text.sh [SOURCE_FOLDER] [COPIES]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
src=${1:-../shared/corpus}
copies=${2:-10}
data=${TMPDIR:-/tmp}/paa-bench-text.txt
[ -x "$build/bench/bench-text" ] || { echo "bench: build first (cmake --build $build)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install -y time)" >&2; exit 1; }
: > "$data"
for _ in $(seq 1 "$copies"); do find "$src" -type f -name '*.txt' -print0 | sort -z | xargs -0 cat >> "$data"; done
bytes=$(stat -c %s "$data")
echo "text: $data ($(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB)"

timed() {  # name command...: wall seconds and peak RSS of one run
  local name=$1; shift
  local out t m
  out=$( { /usr/bin/time -f '%e %M' "$@" > /dev/null; } 2>&1 | tail -1)
  t=${out% *}; m=${out#* }
  awk -v n="$name" -v t="$t" -v m="$m" -v b="$bytes" \
    'BEGIN { printf "%-34s %8.1f MB/s %8.1f MB peak  (%.2f s, whole process)\n", n, b / 1e6 / t, m / 1024, t }'
}

"$build/bench/bench-text" "$data"
timed "paa.text.count per line (Lua)" "$build/paa" -e \
  "local count, n = require('paa.text').count, 0 for l in io.lines('$data') do n = n + count(l) end"
timed "wc -w" wc -w "$data"
if command -v python3 > /dev/null; then
  timed 'python re.findall(r"\w+")' python3 -c \
    "import re; print(len(re.findall(r'\w+', open('$data', encoding='utf-8', errors='replace').read())))"
fi
