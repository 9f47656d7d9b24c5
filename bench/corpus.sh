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
. bench/common.sh
bench_init bench-corpus "$@"

run "cat (baseline)" sh -c "find '$data' -type f ! -name '.*' -print0 | xargs -0 cat"
run "paa corpus reader (C, libpaa)" "$build/bench/bench-corpus" "$data"
run "paa corpus:docs() (Lua tables)" "$build/paa" -e \
  "local n = 0 for d in assert(require('paa').open('$data')):docs() do n = n + d.words end"
