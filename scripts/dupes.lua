-- dupes.lua: what repeats in a corpus, to see before any other report.
-- Near-duplicate documents (syndicated or lightly edited copies), the
-- paragraphs several documents share word for word, and the boilerplate
-- lines (promo blocks, logo lists, ads, comment-form footers) that
-- reports leave out.
--
--   paa scripts/dupes.lua corpus/ [--threshold 0.5] [--min-docs 2] [--format text]

local paa = require "paa"
local duplicates = require "paa.duplicates"
local report = require "paa.report"
local results = require "paa.results"

local script = paa.script{
  name = "dupes", version = "1.0", requires = "paa >= 0.1",
  description = [[
What repeats in a corpus: near duplicates, shared paragraphs, boilerplate.

  1. clusters of near-duplicate documents: documents whose 5-word shingles
     overlap by at least the threshold (exact Jaccard similarity, found
     through MinHash + LSH and checked), with the canonical copy of each
     (earliest date, then smallest id) and each member's similarity to it;
  2. paragraphs of 10 words or more found word for word (case, spacing and
     punctuation aside) in several documents;
  3. the boilerplate lines found, by rule (see docs/api.md, paa.dedup):
     known     opens with a known web-page phrase ("Leave a Reply")
     list      a short line among other short lines (logo lists, menus)
     repeat    repeated within one document (promo blocks)
     template  opens like another line of its document (ad templates)
     source    in several documents of one source (site furniture)
     short     a short line found in several documents of any source
Documents are compared without their boilerplate.]],
  params = {
    { "corpus", kind = "path", args = "+", help = "files or folders of articles (.txt, .md, .html, .jsonl)" },
    { "--threshold", kind = "number", default = 0.5, above = 0, max = 1, metavar = "T",
      help = "similarity of near duplicates; 0.5 finds lightly edited copies too" },
    { "--min-docs", kind = "integer", default = 2, min = 2,
      help = "documents a shared paragraph or a site's boilerplate line must be in" },
    { "--format", kind = "choice", choices = report.FORMATS, default = "text", help = "output format" },
    { "--db", metavar = "FILE", help = "also record the clusters and boilerplate paragraphs in this store "
        .. "(as under paa --db FILE)" },
  },
}
local args = script.args

local corpus, err = paa.open(args.corpus, { words = false, filter = args.filter })
if not corpus then paa.fail(err) end

local found = duplicates.find(corpus, { threshold = args.threshold, min_docs = args.min_docs })
local clusters, paragraphs, blocks, params = found.clusters, found.paragraphs, found.blocks,
  found.params
results.record(corpus, args.db, function(db)  -- with a store: clusters and flags as tables
  local ok, rerr = results.clusters(db, script:manifest{ corpus = corpus }, clusters)
  if not ok then return nil, rerr end
  return results.boilerplate(db, corpus)
end)
local plural = report.plural
local function clip(n) return function(s) return report.clip(s, n) end end

-- one row per cluster member, shared paragraph and boilerplate line
local members, shared, chained = {}, {}, {}
for k, c in ipairs(clusters) do
  for _, m in ipairs(c.members) do
    m.cluster = k
    members[#members + 1] = m
  end
  if c.chained then
    chained[#chained + 1] = string.format("cluster %d is chained: %s and %s are only %.2f similar, "
      .. "joined through other members", k, c.weakest[1], c.weakest[2], c.min_jaccard)
  end
end
for _, p in ipairs(paragraphs) do
  shared[#shared + 1] = { documents = #p.documents, text = p.text,
    sources = table.concat(p.sources, ", "), first = p.documents[1] }
end

-- CSV: one table, a row per cluster member, shared paragraph and boilerplate line
local function csv()
  local rows = {}
  for _, r in ipairs(members) do
    rows[#rows + 1] = { section = "cluster", group = r.cluster, document = r.document, source = r.source,
      date = r.date, similarity = r.similarity, canonical = r.canonical and 1 or 0, text = r.title }
  end
  for k, p in ipairs(paragraphs) do
    for _, id in ipairs(p.documents) do
      rows[#rows + 1] = { section = "paragraph", group = k, document = id, documents = #p.documents, text = p.text }
    end
  end
  for k, b in ipairs(blocks) do
    rows[#rows + 1] = { section = "boilerplate", group = k, source = b.source, rule = b.rule,
                        occurrences = b.occurrences, documents = b.documents, text = b.text }
  end
  local columns = {}
  for i, k in ipairs { "section", "group", "document", "source", "date", "similarity", "canonical", "rule",
                       "occurrences", "documents", "text" } do columns[i] = { key = k } end
  return { columns = columns, rows = rows }
end

local roots = report.printable(table.concat(corpus:roots(), ", "))
report.write({
  title = "Duplicates in " .. roots, header = "run-in", headings = "underline",
  intro = string.format("%s from %s; %s in near-duplicate clusters, %s shared, %s.",
    plural(found.documents, "document"), plural(found.sources, "source"), plural(#members, "document"),
    plural(#paragraphs, "paragraph"), plural(#blocks, "boilerplate block")),
  sections = {
    { kind = "table", title = string.format("Near-duplicate documents (similarity >= %.2f)", args.threshold),
      empty = "none", rows = members, note = #chained > 0 and table.concat(chained, "\n") or nil, columns = {
        { key = "cluster", title = "cluster", align = "right" },
        { key = "document", title = "document" },
        { key = "source", title = "source" },
        { key = "date", title = "date", empty = "-" },
        { key = "similarity", title = "similarity", align = "right",
          format = function(v, row) return row.canonical and "canonical" or string.format("%.2f", v) end },
        { key = "title", title = "title", format = clip(50) } } },
    { kind = "table", title = string.format("Paragraphs shared word for word (%d+ words, %d+ documents)",
        found.paragraph_words, args.min_docs), empty = "none", rows = shared, columns = {
        { key = "documents", title = "docs", align = "right" },
        { key = "sources", title = "sources", format = clip(30) },
        { key = "first", title = "first document" },
        { key = "text", title = "paragraph", format = clip(60) } } },
    { kind = "table", title = "Boilerplate lines (left out of the comparisons above)", empty = "none",
      rows = blocks, columns = {
        { key = "rule", title = "rule" },
        { key = "source", title = "source", empty = "(any)", format = function(s) return s == "" and "(any)" or s end },
        { key = "documents", title = "docs", align = "right" },
        { key = "occurrences", title = "lines", align = "right" },
        { key = "text", title = "text", format = clip(60) } } },
    { kind = "text", text = string.format("similarity: exact Jaccard similarity of the documents' %d-word "
      .. "shingles, to the\ncanonical copy (earliest date, then smallest id); candidates from MinHash (%d "
      .. "permutations,\n%d bands x %d rows), every pair checked. docs: documents holding it; lines: lines "
      .. "removed.", params.shingle, params.perms, params.bands, params.rows) },
  },
  json = function() return {
    manifest = script:manifest{ corpus = corpus },
    corpus = { roots = corpus:roots(), documents = found.documents, sources = found.sources },
    parameters = { threshold = args.threshold, min_docs = args.min_docs, shingle = params.shingle,
                   perms = params.perms, bands = params.bands, rows = params.rows,
                   paragraph_words = found.paragraph_words },
    clusters = clusters, paragraphs = paragraphs, boilerplate = blocks } end,
  csv = csv,
}, args.format)
