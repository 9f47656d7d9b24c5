-- search.lua: full-text search over a corpus or a store, ranked, with the
-- words in context. A corpus is ingested into a store first (the host's
-- `paa --db FILE` or PAA_DB, else this script's --db FILE, else a
-- temporary file deleted at the end: in memory, a wire feed's store
-- outgrew the feed; incrementally) whose FTS5 index uses paa's own
-- tokenizer; with a store and no corpus, the store is searched as it is.
--
--   paa scripts/search.lua corpus/ "antitrust OR \"exclusive cloud\""
--   paa search corpus/ SoftBank Oracle          # both words
--   paa search --db news.db SoftBank Oracle     # the store alone

local paa = require "paa"
local report = require "paa.report"
local psearch = require "paa.search"

local script = paa.script{
  name = "search", version = "0.2", requires = "paa >= 0.1",
  description = [[
Full-text search over a corpus or a store, ranked, with the words in context.

The first argument is the corpus (a file or folder of articles) when it
names one that exists, or ends in / or .txt, .md, .html, .jsonl; the
other arguments are the query, joined by spaces (several words: all of
them). With a store (--db FILE, or paa --db FILE) the corpus may be left
out: every argument is then the query, and the store is searched as it
is. With a corpus, the store takes in its new and changed files first.
To search for a word that is also a file or folder here, put it second
or quote it with another word.

The query is FTS5 syntax: words (any case, curly or straight quotes),
"a phrase", OR, NOT, prefix*; a query that is not valid syntax (a stray
quote, punctuation) is read as plain words. At most 32 words (OR, AND,
NOT, NEAR not counted) and 1,024 bytes: longer queries are refused
(their cost grows with the square of their words). Hits are ranked by
BM25, with the document's id (its path in the corpus, :line for JSONL),
source, date, title and a snippet where the words are marked «».]],
  params = {
    { "corpus", args = "?", help = "a file or folder of articles (left out: the store of --db FILE)" },
    { "query", args = "*", help = "what to look for: one or more words" },
    { "--db", metavar = "FILE", help = "the store: keep the corpus in this SQLite file (ingested incrementally); "
        .. "without a corpus, search it as it is" },
    { "--limit", kind = "integer", default = 20, min = 1, help = "hits to show" },
    { "--format", kind = "choice", choices = report.FORMATS, default = "text", help = "output format" },
  },
}
local args = script.args

local host_db = paa.core.db()   -- paa --db FILE, PAA_DB
local words = { args.corpus, table.unpack(args.query) }  -- split again: the corpus may be left out
local path, query = psearch.split(words, (host_db or args.db) ~= nil)
args.corpus, args.query = path, query   -- as the manifest says them
if path then
  local f, ferr = paa.corpus.open_file(path, true)
  if not f then
    script:fail(string.format("cannot open '%s' (CORPUS): %s%s", path, ferr:sub(#path + 3),
                              (host_db or args.db) and "" or " (without --db FILE, the first argument is the corpus)"))
  end
  f:close()
end
if query:match("^%s*$") then script:fail("missing QUERY: what to look for") end
local ok, qerr = psearch.check(query)
if not ok then script:fail(qerr) end

-- a document id in at most 40 characters: its first folder and its end
local function short_id(v)
  local n = utf8.len(v)
  if not n or n <= 40 then return v end
  return v:sub(1, utf8.offset(v, 13) - 1) .. "…" .. v:sub(utf8.offset(v, n - 26))
end

local corpus, db, where
if path then
  local err
  corpus, err = paa.open(path, { words = false, filter = args.filter })
  if not corpus then paa.fail(err) end
  db, err = psearch.store(corpus, args.db)  -- paa --db's, else --db FILE, else a temporary file
  if not db then paa.fail(err) end
  where = report.names(corpus:roots())
else
  local file = host_db or args.db   -- paa --db's first, as psearch.store takes it
  local err
  db, err = psearch.open(file)
  if not db then
    if err:sub(1, #file + 1) == file .. ":" then  -- (it names the file: say which option gave it)
      err = (host_db and "store " or "--db ") .. err
    end
    script:fail(err .. (err:find("No such file", 1, true) and " (a corpus makes it: CORPUS QUERY --db FILE)" or ""))
  end
  where = file
end
-- (a store holds more than the filtered corpus: its hits are filtered too)
local hits, serr = psearch.hits(db, query, { limit = args.limit, filter = args.filter })
if not hits then paa.fail(serr) end

for i, h in ipairs(hits) do h.rank_no = i end
local tbl = { kind = "table", rows = hits, empty = "No document matches.", columns = {
  { key = "rank_no", title = "#", align = "right" },
  { key = "doc", title = "document", format = short_id },
  { key = "source", title = "source" },
  { key = "date", title = "date", empty = "-" },
  { key = "title", title = "title", format = function(v) return report.clip(v, 50) end },
  { key = "snippet", title = "in context", format = function(v) return report.clip_marked(v, 80) end },
} }
report.write({
  title = string.format("Search %q in %s", query, where),
  intro = #hits == 0 and "0 hits." or report.plural(#hits, "hit") ..
    (#hits == args.limit and " (the first " .. args.limit .. ")" or "") ..
    ", best first (BM25 relevance: rarer words and shorter documents weigh more); «» marks the words found.",
  sections = { tbl },
  json = function()
    for _, h in ipairs(hits) do h.rank_no = nil end
    local store = not corpus and { file = where, documents = db:first("SELECT count(*) AS n FROM documents").n } or nil
    return { manifest = script:manifest{ corpus = corpus, store = store }, query = query, hits = hits }
  end,
  csv = { rows = hits, columns = { { key = "rank_no" }, { key = "doc" }, { key = "source" }, { key = "date" },
    { key = "title" }, { key = "rank" }, { key = "snippet" } } },
}, args.format)
