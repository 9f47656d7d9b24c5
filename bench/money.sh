#!/usr/bin/env bash
# Money-amount extraction throughput: paa.money's find() (an LPeg grammar)
# over every document of a large folder, read with
# require("paa").open(dir, { words = false }), beside plain baselines on
# the same bytes: GNU grep -o counting currency-symbol-digit hits
# ("$4", "£3", "€5"), the same count by string.gmatch in the host, and
# reading the documents alone. Prints MB/s and peak memory (medians of
# three runs on a warm page cache), the grammar's own speed (reading time
# taken off), then what each finds. The grammar of an earlier commit
# (PAA_MONEY_BASE, default c98df6b, the last before the currency table
# and spelled compound numbers) runs beside the current one on the same
# bytes, so a change of speed or of what is found shows in one run.
# Compare ratios within one run only.
#
#   bench/money.sh [SOURCE_FOLDER] [COPIES]
#
# The benchmark folder is SOURCE_FOLDER (default ../shared/corpus/bbc)
# copied COPIES times (default 20) under ${TMPDIR:-/tmp}/paa-bench-corpus,
# the folder bench/corpus.sh makes. There is no C binary here:
# bench_paa_init sets it up.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
bench_paa_init "$@"
make_corpus
export LC_ALL=C   # grep counts bytes, like the Lua baseline

# Lua chunks for paa -e: each walks the corpus and prints a count
open="for d in assert(require('paa').open('$data', { words = false })):docs() do"
read_docs="local n = 0 $open n = n + #d.text end print(n, 'bytes of text')"
gmatch_docs="local n = 0 $open local t = d.text
  for _ in t:gmatch('%\$%d') do n = n + 1 end
  for _ in t:gmatch('\\xC2\\xA3%d') do n = n + 1 end
  for _ in t:gmatch('\\xE2\\x82\\xAC%d') do n = n + 1 end
end print(n, 'symbol-digit hits')"
base=${PAA_MONEY_BASE:-c98df6b}
old_money=$(mktemp "${TMPDIR:-/tmp}/paa-money-base.XXXXXX.lua")
trap 'rm -f "$old_money"' EXIT
git show "$base:lua/paa/money.lua" > "$old_money"
money_docs="local money = require('paa.money') local n, v, r = 0, 0, 0
$open for _, a in ipairs(money.find(d.text)) do
    n = n + 1
    if a.vague then v = v + 1 elseif a.low and a.high then r = r + 1 end
  end
end print(n, 'amounts (' .. r .. ' ranges, ' .. v .. ' vague)')"
symbols=$'(\\$|\xC2\xA3|\xE2\x82\xAC)[0-9]'    # $ £ € then a digit
grep_hits='find "$1" -type f ! -name ".*" -print0 | xargs -0 grep -ohE "$2" | wc -l'

run "grep -o symbol+digit (baseline)" bash -c "$grep_hits" _ "$data" "$symbols"
run "paa corpus:docs() only (reading)" "$build/paa" -e "$read_docs"
run "paa string.gmatch symbol+digit" "$build/paa" -e "$gmatch_docs"
run "paa money.find (LPeg)" "$build/paa" -e "$money_docs"
old_docs=${money_docs/require(\'paa.money\')/dofile(\'$old_money\')}
run "paa money.find at $base" "$build/paa" -e "$old_docs"

echo "money.find alone (reading time taken off):"
awk -v a="${secs[paa money.find (LPeg)]}" -v r="${secs[paa corpus:docs() only (reading)]}" \
    -v o="${secs[paa money.find at $base]}" \
    -v g="${secs[paa string.gmatch symbol+digit]}" -v b="$bytes" -v base="$base" 'BEGIN {
  if (a > r) printf "  %.1f MB/s (string.gmatch alone: %.1f MB/s)\n", b / 1e6 / (a - r), (g > r) ? b / 1e6 / (g - r) : 0
  if (o > r) printf "  at %s: %.1f MB/s\n", base, b / 1e6 / (o - r)
}'
echo "found:"
echo "  grep -o:        $(bash -c "$grep_hits" _ "$data" "$symbols") symbol-digit hits"
echo "  string.gmatch:  $("$build/paa" -e "$gmatch_docs" 2>/dev/null)"
echo "  money.find:     $("$build/paa" -e "$money_docs" 2>/dev/null)"
echo "  at $base:      $("$build/paa" -e "$old_docs" 2>/dev/null)"
