#!/usr/bin/env bash
# Near-duplicate detection throughput: MinHash signatures (128
# permutations, 5-word shingles) and an LSH index over every file of a
# large folder, with paa (libpaa alone, then paa.dedup.lsh through Lua)
# beside python3 + numpy computing datasketch-style signatures of the
# same shingles. Prints MB/s and peak memory, medians of three runs on a
# warm page cache, then the bytes paa's index keeps per document and the
# precision/recall table against brute-force Jaccard on the source
# folder. Compare ratios within one run only.
#
#   bench/dedup.sh [SOURCE_FOLDER] [COPIES]
#
# The benchmark folder is SOURCE_FOLDER (default ../shared/corpus/bbc)
# copied COPIES times (default 20) under ${TMPDIR:-/tmp}/paa-bench-corpus,
# the folder bench/corpus.sh makes. The numpy baseline needs Debian's
# python3-numpy (run by /usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
bench_init bench-dedup "$@"

# python3 + numpy, as datasketch computes signatures: sha1 of each
# shingle to 32 bits, then (a * x + b) mod (2^61 - 1) for all
# permutations at once, minimum per permutation.
cat > "$tmp/minhash.py" <<'PY'
import hashlib, os, re, struct, sys
import numpy as np
root = sys.argv[1]
perms, k = 128, 5
prime = np.uint64((1 << 61) - 1)
rng = np.random.RandomState(1)
a = rng.randint(1, (1 << 61) - 1, size=perms, dtype=np.uint64)
b = rng.randint(0, (1 << 61) - 1, size=perms, dtype=np.uint64)
word = re.compile(r"\w+")
docs = 0
for folder, subfolders, names in os.walk(root):
    subfolders.sort()
    for name in sorted(names):
        if name.startswith("."):
            continue
        with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
            toks = word.findall(f.read().lower())
        sh = {" ".join(toks[i:i + k]) for i in range(max(1, len(toks) - k + 1))}
        hv = np.array([struct.unpack("<I", hashlib.sha1(s.encode()).digest()[:4])[0]
                       for s in sh], dtype=np.uint64)
        sig = np.min((np.outer(hv, a) + b) % prime, axis=0)
        docs += 1
print(docs, "signatures")
PY

ratio() {  # ratio "a" "b": how many times faster a is than b
  awk -v a="${secs[$1]}" -v b="${secs[$2]}" -v na="$1" -v nb="$2" \
    'BEGIN { if (a > 0) printf "  %s / %s: %.1fx\n", na, nb, b / a }'
}

run "cat (baseline: reading)" sh -c "find '$data' -type f ! -name '.*' -print0 | xargs -0 cat"
if /usr/bin/python3 -c 'import numpy' 2> /dev/null; then
  run "python3+numpy signatures" /usr/bin/python3 "$tmp/minhash.py" "$data"
fi
run "paa minhash + lsh add (C, libpaa)" "$build/bench/bench-dedup" "$data"
run "paa dedup.lsh add + clusters (Lua)" "$build/paa" -e \
  "local idx = require('paa.dedup').lsh{ threshold = 0.8 }
   for d in assert(require('paa.corpus').open('$data', { words = false })):docs() do idx:add(d.id, d.text) end
   print(#idx:clusters())"
echo "ratios (wall time):"
if [ -n "${secs[python3+numpy signatures]:-}" ]; then
  ratio "paa minhash + lsh add (C, libpaa)" "python3+numpy signatures"
  ratio "paa dedup.lsh add + clusters (Lua)" "python3+numpy signatures"
fi
echo "one run of the C index, with the time in minhash + add alone:"
"$build/bench/bench-dedup" "$data"
echo "precision and recall of clusters against brute force, on $src:"
"$build/bench/bench-dedup" --eval "$src"
