#!/usr/bin/env bash
# Theme-lexicon counting throughput: count a lexicon of 10 themes x 15
# terms (a third phrases or wildcards; `bench-lexicon --dump` prints it) in
# every file of a large folder with paa (libpaa alone on one core, then
# reading and counting in two threads, and lex:count() through Lua),
# beside `wc -w` and python3 tokens + Counter on the same
# files. Prints MB/s and peak memory, medians of three runs on a warm page
# cache. Compare ratios within one run only.
#
#   bench/lexicon.sh [SOURCE_FOLDER] [COPIES]
#
# The benchmark folder is SOURCE_FOLDER (default ../shared/corpus/bbc)
# copied COPIES times (default 20) under ${TMPDIR:-/tmp}/paa-bench-corpus,
# the folder bench/corpus.sh makes.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
bench_init bench-lexicon "$@"
"$build/bench/bench-lexicon" --dump > "$tmp/themes.txt"

# python3: tokens + Counter, counting the lexicon's single-word terms
cat > "$tmp/counter.py" <<'EOF'
import collections, os, re, sys
root, lexicon = sys.argv[1], sys.argv[2]
terms = set()
for line in open(lexicon, encoding="utf-8"):
    line = line.strip()
    if line and line[0] not in "#[-" and re.fullmatch(r"\w+", line):
        terms.add(line.lower())
word = re.compile(r"\w+")
total = 0
for folder, subfolders, names in os.walk(root):
    subfolders.sort()
    for name in sorted(names):
        if name.startswith("."):
            continue
        with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
            counts = collections.Counter(word.findall(f.read().lower()))
        total += sum(counts[t] for t in terms)
print(total, "matches of", len(terms), "single-word terms")
EOF

ratio() {  # ratio "a" "b": how many times faster a is than b
  awk -v a="${secs[$1]}" -v b="${secs[$2]}" -v na="$1" -v nb="$2" \
    'BEGIN { if (a > 0) printf "  %s / %s: %.1fx\n", na, nb, b / a }'
}

run "wc -w (baseline)" sh -c "find '$data' -type f ! -name '.*' -print0 | xargs -0 wc -w"
if command -v python3 > /dev/null; then
  run "python3 tokens+Counter" python3 "$tmp/counter.py" "$data" "$tmp/themes.txt"
fi
run "paa tokens only (C, libpaa)" "$build/bench/bench-lexicon" --tokens "$data"
run "paa lexicon count (C, libpaa)" "$build/bench/bench-lexicon" "$data"
run "paa lexicon count (C, 2 threads)" "$build/bench/bench-lexicon" --threads 1 "$data"
run "paa lex:count() (Lua)" "$build/paa" -e \
  "local lex = assert(require('paa.lexicon').load('$tmp/themes.txt'))
   for d in assert(require('paa.corpus').open('$data', { words = false })):docs() do lex:count(d.text) end"
echo "ratios (wall time):"
ratio "paa lexicon count (C, libpaa)" "wc -w (baseline)"
if [ -n "${secs[python3 tokens+Counter]:-}" ]; then
  ratio "paa lexicon count (C, libpaa)" "python3 tokens+Counter"
  ratio "paa lexicon count (C, 2 threads)" "python3 tokens+Counter"
fi
ratio "paa lex:count() (Lua)" "paa lexicon count (C, libpaa)"
echo "one run of each C counter, with the time spent counting alone:"
"$build/bench/bench-lexicon" "$data"
"$build/bench/bench-lexicon" --threads 1 "$data"
