#!/usr/bin/env bash
# The interactive session on a corpus: the time of its load and of each
# helper call (kwic, search, show, words, keyness, export), each answered
# from the session's store beside the same question asked of the files
# (a walk per call, as before the session kept its corpus), and the
# session's peak memory.
#
#   bench/repl.sh [FOLDER]      (default ../shared/corpus/bbc)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
bench_paa_init "${1:-../shared/corpus/bbc}" 1
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install -y time)" >&2; exit 1; }
cat "$src"/*/* > /dev/null 2>&1 || true   # warm the cache
/usr/bin/time -f "peak %M KB, %e s in all" "$build/paa" bench/repl.lua "$src" 2>&1 | grep -v "^paa: "
