# common.sh: what the corpus benchmarks share, sourced by bench/*.sh from
# the top of the source tree.
#
# bench_init BINARY [SOURCE_FOLDER] [COPIES]: sets 'build' ($BUILD or
# build), 'src' (default ../shared/corpus/bbc) and 'copies' (default 20),
# checks that build/bench/BINARY exists, makes the corpus (make_corpus)
# and a temporary folder 'tmp' removed on exit.
bench_init() {
  local binary=$1
  build=${BUILD:-build}
  src=${2:-../shared/corpus/bbc}
  copies=${3:-20}
  [ -x "$build/bench/$binary" ] || { echo "bench: build first (cmake --build $build)" >&2; exit 1; }
  make_corpus
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/paa-$binary.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
}
#
# bench_paa_init [SOURCE_FOLDER] [COPIES]: the same settings for the
# benchmarks that run the paa host rather than a C binary: sets 'build',
# 'src' and 'copies' and checks that build/paa exists (the caller makes
# the corpus and its temporary folder).
bench_paa_init() {
  build=${BUILD:-build}
  src=${1:-../shared/corpus/bbc}
  copies=${2:-20}
  [ -x "$build/paa" ] || { echo "bench: build first (cmake --build $build)" >&2; exit 1; }
}
#
# make_corpus: $src copied $copies times under ${TMPDIR:-/tmp}/paa-bench-corpus
# (kept between runs), sets 'data', 'files' and 'bytes', warms the cache.
make_corpus() {
  data=${TMPDIR:-/tmp}/paa-bench-corpus
  [ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install -y time)" >&2; exit 1; }
  if [ "$(cat "$data/.made" 2>/dev/null)" != "$src $copies" ]; then
    rm -rf "$data"; mkdir -p "$data"
    for i in $(seq 1 "$copies"); do cp -r "$src" "$data/copy$i"; done
    echo "$src $copies" > "$data/.made"
  fi
  files=$(find "$data" -type f ! -name '.*' | wc -l)
  bytes=$(find "$data" -type f ! -name '.*' -printf '%s\n' | awk '{ s += $1 } END { print s }')
  echo "corpus: $data ($files files, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB)"
  find "$data" -type f ! -name '.*' -print0 | xargs -0 cat > /dev/null
}

# run "name" command...: three runs; prints MB/s of $bytes at the median
# time, and the peak memory; the median seconds go to secs[name].
declare -A secs
run() {
  local name=$1; shift
  local t m out
  out=$(for _ in 1 2 3; do /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -1; done |
        sort -n | sed -n 2p)
  t=${out% *}; m=${out#* }
  secs[$name]=$t
  awk -v n="$name" -v t="$t" -v m="$m" -v b="$bytes" \
    'BEGIN { printf "%-36s %8.1f MB/s %8.1f MB peak  (%.2f s)\n", n, b / 1e6 / t, m / 1024, t }'
}
