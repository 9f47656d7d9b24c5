#!/usr/bin/env bash
# Every shipped report over about 1 GB, on one core and on two: the whole
# process (`paa -j 1` and `paa -j 2`, --format json > /dev/null), its
# time, MB/s, peak memory (GNU time's maximum resident set) and the
# speed-up of -j 2, beside `cat` of the same files. One run each (a run
# of the five reports takes minutes): compare the ratios within a run.
#
#   bench/scale.sh [BBC_COPIES [PAGES]]
#   REPORTS="tensions dupes" bench/scale.sh    # some of the reports only
#
# The corpus, made once under ${TMPDIR:-/tmp}/paa-scale-corpus and kept:
#   - ../shared/corpus/bbc copied BBC_COPIES times (default 120: about
#     600 MB in 267,000 files of 1-25 KB);
#   - PAGES (default 2,000) made-up tech pages of 1-300 KB (menus, share
#     buttons, price lists, newsletter boxes, funding news), written by
#     bench/gen_pages.lua: about 300 MB;
#   - one JSONL wire feed of 500,000 lines (bench/feed.lua): 85 MB.
# The reports: deals, tensions, dupes, overview, and search (a query, the
# corpus ingested into a store on disk, made afresh for each run).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
copies=${1:-120}
pages=${2:-2000}
bbc=../shared/corpus/bbc
[ -x "$build/paa" ] || { echo "bench: build first (cmake --build $build)" >&2; exit 1; }
[ -d "$bbc" ] || { echo "bench: no $bbc (the corpora live beside the checkout)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install -y time)" >&2; exit 1; }
paa=$build/paa

data=${TMPDIR:-/tmp}/paa-scale-corpus
if [ "$(cat "$data/.made" 2>/dev/null)" != "$copies $pages" ]; then
  echo "making the corpus in $data ..."
  rm -rf "$data"; mkdir -p "$data/pages" "$data/feed"
  for i in $(seq 1 "$copies"); do cp -r "$bbc" "$data/bbc$i"; done
  "$paa" bench/gen_pages.lua "$data/pages" "$pages" 4242 1 300
  "$paa" bench/feed.lua 500000 > "$data/feed/wire.jsonl"
  echo "$copies $pages" > "$data/.made"
fi
files=$(find "$data" -type f ! -name '.*' | wc -l)
bytes=$(find "$data" -type f ! -name '.*' -printf '%s\n' | awk '{ s += $1 } END { print s }')
echo "corpus: $data ($files files, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB)"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/paa-scale.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# one: NAME COMMAND...: time and peak of one run; sets 't' and 'm' (MB)
one() {
  local name=$1 out; shift
  find "$data" -type f ! -name '.*' -print0 | xargs -0 cat > /dev/null  # a warm cache
  out=$( { /usr/bin/time -f '%e %M' "$@" > /dev/null 2> "$tmp/err"; } 2>&1; tail -1 "$tmp/err")
  t=${out% *}; m=$(awk -v k="${out#* }" 'BEGIN { printf "%.0f", k / 1024 }')
}

printf '%-10s %10s %10s %10s %10s %10s %10s %9s\n' report "-j 1 s" "MB/s" "peak MB" "-j 2 s" "MB/s" \
  "peak MB" speed-up
line() {
  printf '%-10s %10.1f %10.1f %10s %10.1f %10.1f %10s %8.2fx\n' "$1" "$2" \
    "$(awk -v b="$bytes" -v t="$2" 'BEGIN { print b / 1e6 / t }')" "$3" "$4" \
    "$(awk -v b="$bytes" -v t="$4" 'BEGIN { print b / 1e6 / t }')" "$5" \
    "$(awk -v a="$2" -v b="$4" 'BEGIN { print a / b }')"
}
one cat sh -c "find '$data' -type f ! -name '.*' -print0 | xargs -0 cat"
printf '%-10s %10.1f %10.1f %10s\n' cat "$t" "$(awk -v b="$bytes" -v t="$t" 'BEGIN { print b / 1e6 / t }')" "$m"
for report in ${REPORTS:-overview tensions deals dupes search}; do
  args=(scripts/$report.lua "$data" --format json)
  [ "$report" = search ] && args=(scripts/search.lua "$data" "OpenAI AND Microsoft" --format json
                                  --db "$tmp/store.db")
  for j in 1 2; do
    rm -f "$tmp/store.db"*
    one "$report" "$paa" -j "$j" "${args[@]}"
    eval "t$j=$t m$j=$m"
  done
  line "$report" "$t1" "$m1" "$t2" "$m2"
done
