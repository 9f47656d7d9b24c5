-- overview.lua: what is in a corpus, per source.
-- Documents, words and date range per source, the inputs that could not
-- be read, and (for small corpora, or with --docs) every document.
--
--   paa scripts/overview.lua corpus/ [more files or folders...]

local paa = require "paa"
local report = require "paa.report"

local script = paa.script{
  name = "overview", version = "1.0", requires = "paa >= 0.1",
  description = [[
What is in a corpus, per source.

Prints, per source, how many documents and words a corpus has, the dates
of its first and last articles, and how many inputs were skipped; then
each document (id, date, words, title) when there are at most 50 of them.]],
  params = {
    { "corpus", kind = "path", args = "+", help = "files or folders of articles (.txt, .md, .html, .jsonl)" },
    { "--docs", kind = "flag", help = "list the documents whatever their number" },
    { "--no-docs", kind = "flag", help = "do not list the documents" },
    { "--format", kind = "choice", choices = report.FORMATS, default = "text", help = "output format" },
  },
}
local args = script.args
local list_docs  -- nil: when there are few documents
if args.docs then list_docs = true elseif args.no_docs then list_docs = false end

local corpus, err = paa.open(args.corpus, { filter = args.filter })
if not corpus then paa.fail(err) end

-- per document: its source's counts, and the document in the list
-- (kept only while it may be printed: a feed of half a million lines
-- must not be held to print a table of counts); merged in any order
local function group(by, source)
  local g = by[source]
  if not g then
    g = { source = source, docs = 0, words = 0, undated = 0, skipped = 0 }
    by[source] = g
  end
  return g
end
local function add_group(g, d)
  g.docs, g.words, g.undated = g.docs + d.docs, g.words + d.words, g.undated + d.undated
  if d.first and (not g.first or d.first < g.first) then g.first = d.first end
  if d.last and (not g.last or d.last > g.last) then g.last = d.last end
end
local function add_docs(a, b)
  if not (a and b) then return nil end
  for _, d in ipairs(b) do a[#a + 1] = d end
  if not list_docs and #a > 50 then return nil end
  return a
end
local found = script:run(corpus, {
  init = function() return { by = {}, docs = list_docs ~= false and {} or nil } end,
  map = function(doc)
    local rec = { by = {}, docs = { { index = doc.index, id = doc.id, date = doc.date, words = doc.words,
                                      title = doc.title } } }
    add_group(group(rec.by, doc.source), { docs = 1, words = doc.words, undated = doc.date and 0 or 1,
                                           first = doc.date, last = doc.date })
    return rec
  end,
  merge = function(acc, rec)
    for source, g in pairs(rec.by) do add_group(group(acc.by, source), g) end
    acc.docs = add_docs(acc.docs, rec.docs)
    return acc
  end,
})
local by, docs = found.by, found.docs
if docs then  -- in corpus order, without the index that gave it
  table.sort(docs, function(a, b) return a.index < b.index end)
  for _, d in ipairs(docs) do d.index = nil end
end
for _, s in ipairs(corpus:skipped()) do
  local g = group(by, s.source)
  g.skipped = g.skipped + 1
end

-- aggregation: sources in name order, and a total
local rows, total = {}, { source = "total", docs = 0, words = 0, undated = 0, skipped = 0 }
for _, g in pairs(by) do rows[#rows + 1] = g end
table.sort(rows, function(a, b) return a.source < b.source end)
for _, g in ipairs(rows) do
  for _, k in ipairs { "docs", "words", "undated", "skipped" } do total[k] = total[k] + g[k] end
  if g.first and (not total.first or g.first < total.first) then total.first = g.first end
  if g.last and (not total.last or g.last > total.last) then total.last = g.last end
end

local plural = report.plural
local notes = "words: word and number tokens of the text after any front matter (paa.text.count);\n" ..
  "dates: from each document's metadata (front matter, HTML head or JSONL);\n" ..
  "skipped: inputs that could not be read, each named in a warning on stderr."
local st = corpus:stats()
if st and st.ignored > 0 then
  notes = notes .. string.format("\n%s in the folders left alone (not .txt, .md, .html or .jsonl).",
    plural(st.ignored, "file"))
end
local filtered = args.filter and st and (st.filtered or 0) or nil  -- (a corpus without a filter leaves none out)
if filtered then
  notes = notes .. string.format("\n%s left out by the filter (--source, --since, --until, --where).",
    plural(filtered, "document"))
end
local sources = { kind = "table", rows = rows, total = total, columns = {
  { key = "source", title = "source" },
  { key = "docs", title = "documents", align = "right" },
  { key = "words", title = "words", align = "right" },
  { key = "first", title = "first date", empty = "-" },
  { key = "last", title = "last date", empty = "-" },
  { key = "undated", title = "undated", align = "right" },
  { key = "skipped", title = "skipped", align = "right" },
} }
local sections = { sources, { kind = "text", text = notes } }
if docs then
  sections[3] = { kind = "table", title = "Documents", rows = docs, columns = {
    { key = "id", title = "id" },
    { key = "date", title = "date", empty = "-" },
    { key = "words", title = "words", align = "right" },
    { key = "title", title = "title", format = function(v) return report.clip(v, 70) end },
  } }
end
report.write({
  title = "Corpus overview: " .. table.concat(corpus:roots(), ", "), header = "line", headings = "tight",
  intro = string.format("%s from %s%s%s", plural(total.docs, "document"), plural(#rows, "source"),
    total.first and string.format(", %s to %s", total.first, total.last) or ", no dates",
    filtered and string.format(" (%s left out by the filter)", report.thousands(filtered)) or ""),
  sections = sections,
  json = function()
    return { manifest = script:manifest{ corpus = corpus }, sources = rows, total = total, documents = docs,
             filtered = filtered }
  end,
  csv = sources,
}, args.format)
