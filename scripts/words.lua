-- words.lua: the most frequent words (or n-grams) of each group of
-- documents, with stopwords left out; and the document-feature matrix
-- to take elsewhere.
--
--   paa scripts/words.lua corpus/ [--by source|doc|month|year|all] [--top 20] [--n 2]
--   paa scripts/words.lua corpus/ --dfm counts.mtx       # Matrix Market, or .csv: long form

local paa = require "paa"
local report = require "paa.report"
local words = require "paa.words"

local script = paa.script{
  name = "words", version = "1.0", requires = "paa >= 0.1",
  description = [[
The most frequent words or n-grams of each group of documents.

Words are word and number tokens, folded as search and lexicons fold
them (lower case, straight quotes, "OpenAI's" is "openai"); an n-gram is
n of them in a row, never across punctuation or a blank line. Stopwords
(by default the Snowball English list) are not counted, nor n-grams that
begin or end with one. Boilerplate lines (menus, promos) are removed
first. For each group: the frequency, the documents with the term, and
the rate per 1,000 counted terms of the group.]],
  params = {
    { "corpus", kind = "path", args = "+", help = "files or folders of articles (.txt, .md, .html, .jsonl)" },
    { "--by", kind = "choice", choices = words.GROUPINGS, default = "source", help = "how documents are grouped" },
    { "--top", kind = "integer", default = 20, min = 1, metavar = "N", help = "terms shown per group" },
    { "--n", kind = "integer", default = 1, min = 1, max = 5, metavar = "N", help = "words per term (2: bigrams)" },
    { "--stopwords", default = "en", metavar = "LIST", help = "en (Snowball English), none, or a file of words, one a line" },
    { "--no-numbers", kind = "flag", help = "leave number tokens out" },
    { "--boilerplate", kind = "choice", choices = { "remove", "keep" }, default = "remove",
      help = "keep: count every line as read" },
    { "--dfm", metavar = "FILE", help = "also write the document-feature matrix: FILE.mtx as Matrix Market "
        .. "(labels in FILE.mtx.docs and .terms), any other name as CSV (doc,term,freq)" },
    { "--format", kind = "choice", choices = report.FORMATS, default = "text", help = "output format" },
  },
}
local args = script.args

local corpus, cerr = paa.open(args.corpus, { words = false, filter = args.filter })
if not corpus then paa.fail(cerr) end
local opts = { by = args.by, n = args.n, stopwords = args.stopwords, numbers = not args.no_numbers,
               clean = args.boilerplate == "remove" }
local ctr, err = words.count(corpus, opts)
if not ctr then script:fail(err) end
if args.dfm then
  opts.format = args.dfm:match("%.mtx$") and "mtx" or "csv"
  local done, derr = words.dfm(corpus, args.dfm, opts)
  if not done then paa.fail(derr) end
end

local groups, rows = ctr:groups(), words.top(ctr, { top = args.top })
table.sort(groups, function(a, b) return a.name < b.name end)
local by_group = {}
for _, r in ipairs(rows) do
  local list = by_group[r.group] or {}
  by_group[r.group] = list
  list[#list + 1] = r
  r.rank = #list
end
local err_bound = ctr:info().error
local kind = args.n == 1 and "words" or args.n .. "-grams"
local fmt_rate = function(v) return string.format("%.2f", v) end
local columns = {
  { key = "rank", title = "#", align = "right" }, { key = "term", title = args.n == 1 and "word" or "n-gram" },
  { key = "freq", title = "freq", align = "right", format = report.thousands },
  { key = "docs", title = "docs", align = "right", format = report.thousands },
  { key = "per1000", title = "per 1,000", align = "right", format = fmt_rate },
}
local sections, charts = {}, {}
for _, g in ipairs(groups) do
  local list = by_group[g.name] or {}
  sections[#sections + 1] = { kind = "table", title = string.format("%s — %s, %s counted", g.name,
    report.plural(g.docs, "document"), report.thousands(g.tokens)), columns = columns, rows = list,
    empty = "No " .. kind .. " counted." }
  local items = {}
  for _, r in ipairs(list) do items[#items + 1] = { label = r.term, value = r.per1000, text = fmt_rate(r.per1000) } end
  charts[#charts + 1] = { title = g.name, subtitle = report.plural(g.docs, "document"), items = items }
end
local intro = #groups == 0 and "No documents to count." or string.format("The %d most frequent %s of each %s%s, per 1,000 counted %s; stopwords: %s. %s",
  args.top, kind, args.by == "all" and "corpus" or args.by, args.by == "all" and "" or " (" .. #groups .. ")",
  kind, args.stopwords, err_bound > 0 and string.format("Counts are approximate: memory was capped, so " ..
  "a count may be short by up to %d.", err_bound) or "Every count is exact.")
local page_sections = sections
if args.format == "html" then
  page_sections = { { kind = "multiples", title = "Rate per 1,000 " .. kind, charts = charts, width = 160,
                      unit = "per 1,000 counted " .. kind } }
  for _, s in ipairs(sections) do page_sections[#page_sections + 1] = s end
end

report.write({
  title = string.format("Frequent %s by %s", kind, args.by),
  intro = intro, sections = page_sections,
  json = function()
    local out = {}
    for _, g in ipairs(groups) do
      out[#out + 1] = { name = g.name, docs = g.docs, words = g.words, counted = g.tokens, terms = by_group[g.name] or {} }
    end
    return { manifest = script:manifest{ corpus = corpus }, n = args.n, by = args.by, stopwords = args.stopwords,
             approximate = err_bound > 0, max_error = err_bound, groups = out }
  end,
  csv = { rows = rows, columns = { { key = "group" }, { key = "rank" }, { key = "term" }, { key = "freq" },
    { key = "docs" }, { key = "per1000", format = fmt_rate } } },
}, args.format)
