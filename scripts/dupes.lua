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
    { "--format", kind = "choice", choices = { "text", "md", "csv", "json" }, default = "text",
      help = "output format" },
  },
}
local args = script.args

local corpus, err = paa.open(args.corpus, { words = false })
if not corpus then paa.fail(err) end

local found = duplicates.find(corpus, { threshold = args.threshold, min_docs = args.min_docs })
local clusters, paragraphs, blocks, params = found.clusters, found.paragraphs, found.blocks,
  found.params

-- one row per cluster member and per shared paragraph, for the tables
local member_rows, paragraph_rows = {}, {}
for k, c in ipairs(clusters) do
  for _, m in ipairs(c.members) do
    m.cluster = k
    member_rows[#member_rows + 1] = m
  end
end
for _, p in ipairs(paragraphs) do
  paragraph_rows[#paragraph_rows + 1] = { documents = #p.documents, text = p.text,
    sources = table.concat(p.sources, ", "), first = p.documents[1] }
end

-- output
if args.format == "json" then
  io.write(report.json{
    manifest = script:manifest{ corpus = corpus },
    corpus = { roots = corpus:roots(), documents = found.documents, sources = found.sources },
    parameters = { threshold = args.threshold, min_docs = args.min_docs,
                   shingle = params.shingle, perms = params.perms, bands = params.bands,
                   rows = params.rows, paragraph_words = found.paragraph_words },
    clusters = clusters,
    paragraphs = paragraphs,
    boilerplate = blocks,
  })
  return
end

if args.format == "csv" then
  -- one table, a row per cluster member, shared paragraph and boilerplate line
  local rows = {}
  for _, r in ipairs(member_rows) do
    rows[#rows + 1] = { section = "cluster", group = r.cluster, document = r.document,
                        source = r.source, date = r.date, similarity = r.similarity,
                        canonical = r.canonical and 1 or 0, text = r.title }
  end
  for k, p in ipairs(paragraphs) do
    for _, id in ipairs(p.documents) do
      rows[#rows + 1] = { section = "paragraph", group = k, document = id,
                          documents = #p.documents, text = p.text }
    end
  end
  for k, b in ipairs(blocks) do
    rows[#rows + 1] = { section = "boilerplate", group = k, source = b.source, rule = b.rule,
                        occurrences = b.occurrences, documents = b.documents, text = b.text }
  end
  io.write(report.csv{ columns = {
    { key = "section" }, { key = "group" }, { key = "document" }, { key = "source" },
    { key = "date" }, { key = "similarity" }, { key = "canonical" }, { key = "rule" },
    { key = "occurrences" }, { key = "documents" }, { key = "text" } }, rows = rows })
  return
end

local md = args.format == "md"
local function heading(s)
  if md then print("## " .. s .. "\n") else print(s .. "\n" .. string.rep("=", utf8.len(s)) .. "\n") end
end
local plural = report.plural
local function clip(n) return function(s) return report.clip(s, n) end end
local roots = report.printable(table.concat(corpus:roots(), ", "))

if md then print("# Duplicates in " .. roots .. "\n") end
print(string.format("%s%s from %s; %s in near-duplicate clusters, %s shared, %s.\n",
  md and "" or "Duplicates in " .. roots .. ": ",
  plural(found.documents, "document"), plural(found.sources, "source"),
  plural(#member_rows, "document"), plural(#paragraphs, "paragraph"),
  plural(#blocks, "boilerplate block")))

heading(string.format("Near-duplicate documents (similarity >= %.2f)", args.threshold))
if #clusters == 0 then print("none\n")
else
  io.write(report.render({
    columns = {
      { key = "cluster", title = "cluster", align = "right" },
      { key = "document", title = "document" },
      { key = "source", title = "source" },
      { key = "date", title = "date", empty = "-" },
      { key = "similarity", title = "similarity", align = "right",
        format = function(v, row) return row.canonical and "canonical" or string.format("%.2f", v) end },
      { key = "title", title = "title", format = clip(50) },
    },
    rows = member_rows,
  }, args.format))
  for k, c in ipairs(clusters) do
    if c.chained then
      print(report.printable(string.format("cluster %d is chained: %s and %s are only %.2f similar, "
        .. "joined through other members", k, c.weakest[1], c.weakest[2], c.min_jaccard)))
    end
  end
  print()
end

heading(string.format("Paragraphs shared word for word (%d+ words, %d+ documents)",
  found.paragraph_words,
  args.min_docs))
if #paragraphs == 0 then print("none\n")
else
  io.write(report.render({
    columns = {
      { key = "documents", title = "docs", align = "right" },
      { key = "sources", title = "sources", format = clip(30) },
      { key = "first", title = "first document" },
      { key = "text", title = "paragraph", format = clip(60) },
    },
    rows = paragraph_rows,
  }, args.format))
  print()
end

heading("Boilerplate lines (left out of the comparisons above)")
if #blocks == 0 then print("none\n")
else
  io.write(report.render({
    columns = {
      { key = "rule", title = "rule" },
      { key = "source", title = "source", empty = "(any)", format = function(s)
          return s == "" and "(any)" or s end },
      { key = "documents", title = "docs", align = "right" },
      { key = "occurrences", title = "lines", align = "right" },
      { key = "text", title = "text", format = clip(60) },
    },
    rows = blocks,
  }, args.format))
  print()
end

print(string.format("similarity: exact Jaccard similarity of the documents' %d-word shingles, to the\n"
  .. "canonical copy (earliest date, then smallest id); candidates from MinHash (%d permutations,\n"
  .. "%d bands x %d rows), every pair checked. docs: documents holding it; lines: lines removed.",
  params.shingle, params.perms, params.bands, params.rows))
