#!/usr/bin/env bash
# Deal-extraction accuracy: scripts/deals.lua on the five seed articles
# and on the BBC business folder, each scored against the gold
# annotations of the evaluation kit (precision, recall, cross-document
# merging, per-field accuracy of kind, parties, roles and dates, then
# examples of each kind of error).
#
#   bench/accuracy.sh [--json]
#
# With --json, each scoring is printed as the scorer's JSON object (one
# line each, seeds first) instead of its text report.
#
# The kit and the corpora are not part of the checkout: they live beside
# it, in ../shared/eval/deals (score.py and dev/) and ../shared/corpus
# (seeds/, bbc/business/). The script says so and exits when they are
# not there.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
kit=../shared/eval/deals
corpus=../shared/corpus
json=
case ${1:-} in
  --json) json=--json ;;
  "") ;;
  *) echo "usage: bench/accuracy.sh [--json]" >&2; exit 2 ;;
esac
[ -x "$build/paa" ] || { echo "bench: build first (cmake --build $build)" >&2; exit 1; }
[ -f "$kit/score.py" ] && [ -d "$kit/dev" ] ||
  { echo "bench: no evaluation kit at $kit (it lives beside the checkout, not in it)" >&2; exit 1; }
for d in seeds bbc/business; do
  [ -d "$corpus/$d" ] || { echo "bench: no corpus at $corpus/$d (it lives beside the checkout)" >&2; exit 1; }
done
command -v python3 > /dev/null || { echo "bench: the scorer needs python3" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/paa-accuracy.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# score NAME FOLDER ROOT: the deals of FOLDER, scored under ROOT
score() {
  "$build/paa" scripts/deals.lua "$corpus/$2" --format json > "$tmp/$1.json"
  [ -n "$json" ] || echo "== $1 ($corpus/$2)"
  python3 "$kit/score.py" "$kit/dev" "$tmp/$1.json" --root "$3" $json
  [ -n "$json" ] || echo
}
score seeds seeds seeds/
score bbc bbc/business bbc/business/
