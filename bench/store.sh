#!/usr/bin/env bash
# Store ingest throughput: db:ingest (read, decode, hash, split into
# paragraphs, insert, FTS5-index with the paa tokenizer) into a fresh
# database file, beside a plain baseline in the same run: Python's sqlite3
# module inserting the same files into the same schema (the paa store's
# own CREATE statements, its FTS5 table with the unicode61 tokenizer) in
# one transaction, without paragraphs. Then a second paa run over the
# unchanged corpus (goal: at least 20x faster than the first), and paa
# with one reading thread (opts.threads = 1) beside its default (one a
# core, at most 4). Prints MB/s, documents/s and peak memory (medians of
# three runs on a warm page cache), on the BBC corpus, on it copied COPIES
# times, and on a mixed folder with long pages: BBC business x5, the
# sample corpus/ and PAA_STORE_PAGES (default 300) made-up tech pages of
# 30-300 KB written by bench/gen_pages.lua (Python indexes their HTML as
# it is, paa their text).
#
#   bench/store.sh [SOURCE_FOLDER] [COPIES]
#
# SOURCE_FOLDER defaults to ../shared/corpus/bbc, COPIES to 20 (the
# folder bench/corpus.sh makes). There is no C binary here, so
# bench_paa_init sets it up.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
bench_paa_init "$@"
python=${PYTHON:-/usr/bin/python3}
[ -x "$python" ] || { echo "bench: needs $python" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/paa-store.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# the paa schema for the baseline, with unicode61 for the paa tokenizer
"$build/paa" -e '
  local db = assert(require("paa.store").open(":memory:"))
  for r in db:rows("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT IN"
      .. " (?, ?, ?, ?, ?, ?) ORDER BY rowid", "fts_data", "fts_idx", "fts_docsize",
      "fts_config", "fts_content", "sqlite_sequence") do
    print((r.sql:gsub("tokenize=.paa.", "tokenize=\x27unicode61\x27")) .. ";")
  end' > "$tmp/schema.sql"

cat > "$tmp/baseline.py" <<'PY'
import os, sqlite3, sys, zlib
root, db = sys.argv[1], sys.argv[2]
for f in (db, db + "-wal", db + "-shm"):
    if os.path.exists(f): os.remove(f)
con = sqlite3.connect(db, isolation_level=None)
con.execute("PRAGMA journal_mode = WAL")
con.execute("PRAGMA synchronous = NORMAL")
con.executescript(open(sys.argv[3]).read())
con.execute("BEGIN")
n = 0
for d, dirs, files in os.walk(root):
    dirs.sort()
    for name in sorted(files):
        if name.startswith("."): continue
        path = os.path.join(d, name)
        with open(path, "rb") as f: raw = f.read()
        text = raw.decode("utf-8", "replace").replace("\r\n", "\n")
        rel = os.path.relpath(path, root)
        title = next((l.strip() for l in text.split("\n") if l.strip()), "")
        cur = con.execute("INSERT INTO documents(doc, path, source, title, hash, bytes, words,"
                          " ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, datetime('now'))",
                          (rel, path, rel.split(os.sep)[0], title, zlib.crc32(raw),
                           len(raw), len(text.split())))
        con.execute("INSERT INTO texts(id, text) VALUES (?, ?)", (cur.lastrowid, text))
        n += 1
con.execute("COMMIT")
print(n, "documents")
PY

ingest='local db = assert(require("paa.store").open(arg[1]))
local s = assert(db:ingest(arg[2], { progress = false, threads = tonumber(arg[3]) }))
print(s.added, s.unchanged, s.skipped)'
echo "$ingest" > "$tmp/ingest.lua"

# bench DATA: every figure for one folder
bench() {
  data=$1
  files=$(find "$data" -type f ! -name '.*' | wc -l)
  bytes=$(find "$data" -type f ! -name '.*' -printf '%s\n' | awk '{ s += $1 } END { print s }')
  echo "corpus: $data ($files files, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB)"
  find "$data" -type f ! -name '.*' -print0 | xargs -0 cat > /dev/null
  local db=$tmp/paa.db
  run "python3 sqlite3 + FTS5 (baseline)" "$python" "$tmp/baseline.py" "$data" "$tmp/py.db" "$tmp/schema.sql"
  run "paa db:ingest, new store" bash -c 'rm -f "$1" "$1-wal" "$1-shm"; "$2" "$3" "$1" "$4"' _ \
      "$db" "$build/paa" "$tmp/ingest.lua" "$data"
  run "paa db:ingest, unchanged (2nd run)" "$build/paa" "$tmp/ingest.lua" "$db" "$data"
  run "paa db:ingest, 1 reading thread" bash -c 'rm -f "$1" "$1-wal" "$1-shm"; "$2" "$3" "$1" "$4" 1' _ \
      "$tmp/one.db" "$build/paa" "$tmp/ingest.lua" "$data"
  awk -v f="$files" -v p="${secs[python3 sqlite3 + FTS5 (baseline)]}" \
      -v a="${secs[paa db:ingest, new store]}" -v u="${secs[paa db:ingest, unchanged (2nd run)]}" \
      -v o="${secs[paa db:ingest, 1 reading thread]}" 'BEGIN {
    printf "  documents/s: baseline %.0f, paa %.0f, paa unchanged %.0f\n", f / p, f / a, f / u
    printf "  paa / baseline: %.2fx (1 reading thread: %.2fx); first run / second run: %.1fx\n",
      p / a, p / o, a / u }'
  echo "  store: $(du -k "$db" | cut -f1) KB (paa), $(du -k "$tmp/py.db" | cut -f1) KB (baseline);" \
       "$("$build/paa" -e "local db = require('paa.store').open('$db')
          print(db:first('SELECT count(*) AS n FROM documents').n .. ' documents, '
            .. db:first('SELECT count(*) AS n FROM paragraphs').n .. ' paragraphs')")"
}

bench "$src"
make_corpus >/dev/null
bench "$data"

# the mixed folder with long pages
mixed=$tmp/mixed
mkdir -p "$mixed/pages"
for i in 1 2 3 4 5; do cp -r "$src/business" "$mixed/business$i"; done
cp -r corpus "$mixed/sample"
"$build/paa" bench/gen_pages.lua "$mixed/pages" "${PAA_STORE_PAGES:-300}" 4242 30 300
bench "$mixed"
