#!/usr/bin/env bash
# Deal-extraction accuracy on text unlike the evaluation kit's: four
# sets of articles written for the project (bench/deals-heldout/a-d:
# 1987 wire briefs, funding pages with page furniture, press releases,
# modern wire M&A, pharma, energy, banking, sport, Asian and Australian
# markets), each annotated by a reader who had not seen the rules, in
# the kit's format (../shared/eval/deals/FORMAT.md). Scored with the
# kit's scorer.
#
#   bench/heldout.sh [--json]
#
# a and b were read while the rules were written; c and d were not (see
# bench/README.md "Deals on text written elsewhere").
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
kit=../shared/eval/deals
json=
case ${1:-} in
  --json) json=--json ;;
  "") ;;
  *) echo "usage: bench/heldout.sh [--json]" >&2; exit 2 ;;
esac
[ -x "$build/paa" ] || { echo "bench: build first (cmake --build $build)" >&2; exit 1; }
[ -f "$kit/score.py" ] ||
  { echo "bench: no evaluation kit at $kit (it lives beside the checkout, not in it)" >&2; exit 1; }
command -v python3 > /dev/null || { echo "bench: the scorer needs python3" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/paa-heldout.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

for set in a b c d; do
  dir=bench/deals-heldout/$set
  "$build/paa" scripts/deals.lua "$dir/corpus" --format json > "$tmp/$set.json"
  [ -n "$json" ] || echo "== $set ($dir)"
  python3 "$kit/score.py" "$dir/gold" "$tmp/$set.json" --root '' $json
  [ -n "$json" ] || echo
done
