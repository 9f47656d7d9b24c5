-- search.lua: full-text search over a corpus, ranked, with the words in
-- context. The corpus is ingested into a store (the host's `paa --db
-- FILE` or PAA_DB, else this script's --db FILE, else a temporary file
-- deleted at the end: in memory, a wire feed's store outgrew the feed;
-- incrementally) whose FTS5 index uses paa's own tokenizer.
--
--   paa scripts/search.lua corpus/ "antitrust OR \"exclusive cloud\""

local paa = require "paa"
local report = require "paa.report"
local psearch = require "paa.search"

local script = paa.script{
  name = "search", version = "0.1", requires = "paa >= 0.1",
  description = [[
Full-text search over a corpus, ranked, with the words in context.

The query is FTS5 syntax: words (any case, curly or straight quotes),
"a phrase", OR, NOT, prefix*; a query that is not valid syntax (a stray
quote, punctuation) is read as plain words. At most 32 words and 1,024
bytes: longer queries are refused (their cost grows with the square of
their words). Hits are ranked by BM25,
with source, date, title and a snippet where the words are marked «».]],
  params = {
    { "corpus", kind = "path", help = "a file or folder of articles" },
    { "query", help = "what to look for" },
    { "--db", metavar = "FILE", help = "keep the corpus in this SQLite file (ingested incrementally)" },
    { "--limit", kind = "integer", default = 20, min = 1, help = "hits to show" },
    { "--source", help = "only this source" },
    { "--format", kind = "choice", choices = report.FORMATS, default = "text", help = "output format" },
  },
}
local args = script.args

local corpus, err = paa.open(args.corpus, { words = false })
if not corpus then paa.fail(err) end
local db, derr = psearch.store(corpus, args.db)  -- paa --db's, else --db FILE, else a temporary file
if not db then paa.fail(derr) end
local hits, serr = psearch.hits(db, args.query, { limit = args.limit, source = args.source })
if not hits then paa.fail(serr) end

for i, h in ipairs(hits) do h.rank_no = i end
local tbl = { kind = "table", rows = hits, empty = "No document matches.", columns = {
  { key = "rank_no", title = "#", align = "right" },
  { key = "source", title = "source" },
  { key = "date", title = "date", empty = "-" },
  { key = "title", title = "title", format = function(v) return report.clip(v, 50) end },
  { key = "snippet", title = "in context", format = function(v) return report.clip(v, 80) end },
} }
report.write({
  title = string.format("Search %q in %s", args.query, report.names(corpus:roots())),
  intro = #hits == 0 and "0 hits." or report.plural(#hits, "hit") ..
    (#hits == args.limit and " (the first " .. args.limit .. ")" or "") ..
    ", best first (BM25 relevance: rarer words and shorter documents weigh more); «» marks the words found.",
  sections = { tbl },
  json = function()
    for _, h in ipairs(hits) do h.rank_no = nil end
    return { manifest = script:manifest{ corpus = corpus }, query = args.query, hits = hits }
  end,
  csv = { rows = hits, columns = { { key = "rank_no" }, { key = "doc" }, { key = "source" }, { key = "date" },
    { key = "title" }, { key = "rank" }, { key = "snippet" } } },
}, args.format)
