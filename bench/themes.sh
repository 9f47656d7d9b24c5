#!/usr/bin/env bash
# Theme counting beside ripgrep: scripts/tensions.lua with the 80 terms of
# ../shared/peers/themes.tsv (a lexicon made from it: one theme a name,
# its terms as they are) at -j 1 and -j 2, and the peer's
# `theme_rg.sh CORPUS onepass` (one `rg -o -i -w` pass on every core, awk
# mapping matches to themes), on the same files in the same run: wall
# time, MB/s, peak memory (medians of three runs), and the totals per
# theme side by side.
#
#   bench/themes.sh [SOURCE_FOLDER] [COPIES]
#
# The folder is SOURCE_FOLDER (default ../shared/corpus/bbc) copied COPIES
# times (default 20), as bench/corpus.sh makes it. Beside rg, paa counts
# what rg counts: every paragraph (`--dedup none`) and every line
# (`--boilerplate keep`); the report as an analyst runs it (boilerplate
# learnt and removed, repeated paragraphs once per source) is timed too.
# paa's words are UAX #29 words, rg's \w runs, and a paa phrase matches
# across a hyphen or a space alike ("for-profit", "for profit"), so a
# total can differ where they disagree on a match. Needs ripgrep
# (apt-get install -y ripgrep).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
bench_paa_init "$@"
peers=../shared/peers
command -v rg > /dev/null || { echo "bench: needs ripgrep (apt-get install -y ripgrep)" >&2; exit 1; }
[ -f "$peers/themes.tsv" ] || { echo "bench: no $peers/themes.tsv" >&2; exit 1; }
make_corpus
tmp=$(mktemp -d "${TMPDIR:-/tmp}/paa-themes.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
awk -F'\t' '$1 != prev { print "[" $1 "] " $1; prev = $1 } { print $2 }' "$peers/themes.tsv" > "$tmp/themes.txt"

tensions=(scripts/tensions.lua "$data" --lexicon "$tmp/themes.txt" --format json)
run "paa tensions -j 1, every line" "$build/paa" -j 1 "${tensions[@]}" --dedup none --boilerplate keep
run "paa tensions -j 2, every line" "$build/paa" -j 2 "${tensions[@]}" --dedup none --boilerplate keep
run "paa tensions -j 2, boilerplate removed" "$build/paa" -j 2 "${tensions[@]}" --dedup none
run "paa tensions -j 2 (default)" "$build/paa" -j 2 "${tensions[@]}"
run "ripgrep onepass (theme_rg.sh)" bash "$peers/theme_rg.sh" "$data" onepass
awk -v a="${secs[ripgrep onepass (theme_rg.sh)]}" -v b="${secs[paa tensions -j 2, every line]}" \
  'BEGIN { printf "paa -j 2 / ripgrep: %.2fx the speed\n", a / b }'

echo "totals per theme (paa -j 2, every line | ripgrep):"
"$build/paa" -j 2 "${tensions[@]}" --dedup none --boilerplate keep 2> /dev/null | "$build/paa" -e '
  local t = require("cjson").decode(io.read("a"))
  for name, th in pairs(t.total.themes) do print(string.format("%s=%d", name, th.matches)) end' | sort > "$tmp/paa.txt"
bash "$peers/theme_rg.sh" "$data" onepass | tr ' ' '\n' | grep -v -e '^tool=' -e '^hitdocs=' | sort > "$tmp/rg.txt"
join -t= -a1 -a2 -e - -o 0,1.2,2.2 "$tmp/paa.txt" "$tmp/rg.txt" | awk -F= '{ printf "  %-14s %8s %8s\n", $1, $2, $3 }'
