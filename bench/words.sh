#!/usr/bin/env bash
# Word frequencies and keyness beside Python: scripts/words.lua (top 20
# words per source, stopwords out) and scripts/keyness.lua (the first copy
# against the rest), and the plain baseline bench/words_counter.py (a
# regular expression and collections.Counter per folder, frequency and
# document frequency, the same stopwords) over the same files in the same
# run: MB/s and peak memory (medians of three runs), then the speed-ups.
# The baseline counts every token as read, so beside it the scripts run
# with --boilerplate keep (the same tokens); then as analysts run them by
# default, learning the boilerplate model and removing it first, work the
# baseline does not do. First, the counting engine alone on the texts in
# memory (bench-counts), beside reading the same tokens without counting.
#
#   bench/words.sh [SOURCE_FOLDER] [COPIES...]
#
# The folder is SOURCE_FOLDER (default ../shared/corpus/bbc) copied COPIES
# times (default: 20, about 100 MB, then 100, about 500 MB), as
# bench/corpus.sh makes it.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
src_arg=${1:-../shared/corpus/bbc}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(20 100)
for copies in "${sizes[@]}"; do
  bench_paa_init "$src_arg" "$copies"
  make_corpus
  "$build/bench/bench-counts" "$data" lua/paa/data/stopwords_en.txt  # the engine alone, texts in memory
  words=(scripts/words.lua "$data" --format json)
  keyness=(scripts/keyness.lua "$data" --target copy1 --format json)
  run "paa words -j 1, same tokens" "$build/paa" -j 1 "${words[@]}" --boilerplate keep
  run "paa words -j 2, same tokens" "$build/paa" -j 2 "${words[@]}" --boilerplate keep
  run "paa keyness -j 2, same tokens" "$build/paa" -j 2 "${keyness[@]}" --boilerplate keep
  run "paa words -j 2" "$build/paa" -j 2 "${words[@]}"
  run "paa words -j 2, bigrams" "$build/paa" -j 2 "${words[@]}" --n 2
  run "paa keyness -j 2" "$build/paa" -j 2 "${keyness[@]}"
  run "python Counter (words_counter.py)" python3 bench/words_counter.py "$data" lua/paa/data/stopwords_en.txt
  awk -v p="${secs[python Counter (words_counter.py)]}" -v a="${secs[paa words -j 1, same tokens]}" \
    -v b="${secs[paa words -j 2, same tokens]}" -v k="${secs[paa keyness -j 2, same tokens]}" \
    -v db="${secs[paa words -j 2]}" -v dk="${secs[paa keyness -j 2]}" \
    'BEGIN { printf "same tokens: words -j 1 %.1fx python, words -j 2 %.1fx, keyness -j 2 %.1fx\n", p / a, p / b, p / k
             printf "boilerplate learnt and removed too: words -j 2 %.1fx, keyness -j 2 %.1fx\n\n", p / db, p / dk }'
done
