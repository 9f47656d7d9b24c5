-- dupes.lua: what repeats in a corpus, to see before any other report.
-- Near-duplicate documents (syndicated or lightly edited copies), the
-- paragraphs several documents share word for word, and the boilerplate
-- lines (promo blocks, logo lists, ads, comment-form footers) that
-- reports leave out.
--
--   paa scripts/dupes.lua corpus/ [--threshold 0.5] [--min-docs 2] [--format text]

local paa = require "paa"
local dedup = require "paa.dedup"
local text = require "paa.text"
local report = require "paa.report"

local USAGE = "paa scripts/dupes.lua [--threshold T] [--min-docs N] [--format F] CORPUS..."
local HELP = [[
Lists what repeats in a corpus:

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
Documents are compared without their boilerplate.

  CORPUS           files or folders of articles (.txt, .md, .html, .jsonl)
  --threshold T    similarity of near duplicates, in (0, 1] (default 0.5:
                   lightly edited copies too)
  --min-docs N     documents a shared paragraph or a site's boilerplate
                   line must be in (default 2)
  --format F       text (default), md, csv or json]]

local opts, paths = { threshold = 0.5, min_docs = 2, format = "text" }, {}
local i = 1
while i <= #arg do
  local a = arg[i]
  local function value()
    i = i + 1
    if arg[i] == nil then paa.fail("option '" .. a .. "' needs a value", USAGE) end
    return arg[i]
  end
  if a == "--help" or a == "-h" then
    print("usage: " .. USAGE .. "\n\n" .. HELP)
    return
  elseif a == "--threshold" then
    local t = tonumber(value())
    if not t or t <= 0 or t > 1 then paa.fail("--threshold must be a number in (0, 1]", USAGE) end
    opts.threshold = t
  elseif a == "--min-docs" then
    local n = math.tointeger(tonumber(value()))
    if not n or n < 2 then paa.fail("--min-docs must be an integer of at least 2", USAGE) end
    opts.min_docs = n
  elseif a == "--format" then
    opts.format = value()
    if not ({ text = true, md = true, csv = true, json = true })[opts.format] then
      paa.fail("--format must be text, md, csv or json", USAGE)
    end
  elseif a:sub(1, 2) == "--" then paa.fail("unknown option '" .. a .. "'", USAGE)
  else paths[#paths + 1] = a end
  i = i + 1
end
if #paths == 0 then paa.fail("no corpus given", USAGE) end

local corpus, err = paa.open(paths, { words = false })
if not corpus then paa.fail(err, USAGE) end

-- per-document work: index the clean text, fingerprint its paragraphs
local PARA_WORDS = 10
local idx = dedup.lsh{ threshold = opts.threshold }
local docs, sources = {}, {}
local first_seen, shared = {}, {}   -- paragraph fingerprint -> first document / record
for doc in corpus:docs{ clean = true, boilerplate = { min_docs = opts.min_docs } } do
  docs[doc.id] = { source = doc.source, date = doc.date, title = doc.title }
  sources[doc.source] = true
  idx:add(doc.id, doc.text, doc.date)
  local mine = {}
  for para in text.paragraphs(doc.text) do
    if text.count(para) >= PARA_WORDS then
      local fp = dedup.fingerprint(para)
      if not mine[fp] then
        mine[fp] = true
        local first = first_seen[fp]
        if not first then
          first_seen[fp] = doc.id
        else
          local rec = shared[fp]
          if not rec then
            rec = { text = para, docs = { first }, sources = { [docs[first].source] = true } }
            shared[fp] = rec
          end
          rec.docs[#rec.docs + 1] = doc.id
          rec.sources[doc.source] = true
        end
      end
    end
  end
end

-- aggregation
local function count_keys(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end

local clusters = idx:clusters()
local member_rows = {}
for k, c in ipairs(clusters) do
  local ordered = { c.canonical }
  for _, id in ipairs(c.members) do
    if id ~= c.canonical then ordered[#ordered + 1] = id end
  end
  for _, id in ipairs(ordered) do
    local d = docs[id]
    member_rows[#member_rows + 1] = {
      cluster = k, document = id, source = d.source, date = d.date, title = d.title,
      canonical = id == c.canonical,
      similarity = id == c.canonical and 1.0 or idx:jaccard(c.canonical, id),
      chained = c.chained or nil,
    }
  end
end

local paragraphs = {}
for _, rec in pairs(shared) do
  if #rec.docs >= opts.min_docs then
    table.sort(rec.docs)
    local src = {}
    for s in pairs(rec.sources) do src[#src + 1] = s end
    table.sort(src)
    paragraphs[#paragraphs + 1] = {
      documents = #rec.docs, sources = table.concat(src, ", "), text = rec.text,
      first = rec.docs[1], members = rec.docs,
    }
  end
end
table.sort(paragraphs, function(a, b)
  if a.documents ~= b.documents then return a.documents > b.documents end
  return a.text < b.text
end)

local blocks = corpus:boilerplate():blocks()
local ndocs = count_keys(docs)
local params = idx:params()

-- output
if opts.format == "json" then
  io.write(report.json{
    corpus = { roots = corpus:roots(), documents = ndocs, sources = count_keys(sources) },
    parameters = { threshold = opts.threshold, min_docs = opts.min_docs,
                   shingle = params.shingle, perms = params.perms, bands = params.bands,
                   rows = params.rows, paragraph_words = PARA_WORDS },
    clusters = (function()
      local out = {}
      for k, c in ipairs(clusters) do
        local members = {}
        for _, r in ipairs(member_rows) do
          if r.cluster == k then
            members[#members + 1] = { document = r.document, source = r.source, date = r.date,
                                      similarity = r.similarity }
          end
        end
        local edges = {}
        for _, e in ipairs(c.edges) do
          edges[#edges + 1] = { a = e.a, b = e.b, jaccard = e.jaccard, estimate = e.estimate }
        end
        out[k] = { canonical = c.canonical, size = c.size, members = members, edges = edges,
                   min_jaccard = c.min_jaccard, chained = c.chained }
      end
      return out
    end)(),
    paragraphs = (function()
      local out = {}
      for k, p in ipairs(paragraphs) do
        out[k] = { text = p.text, documents = p.members, sources = p.sources }
      end
      return out
    end)(),
    boilerplate = blocks,
  })
  return
end

if opts.format == "csv" then
  -- one table, a row per cluster member, shared paragraph and boilerplate line
  local rows = {}
  for _, r in ipairs(member_rows) do
    rows[#rows + 1] = { section = "cluster", group = r.cluster, document = r.document,
                        source = r.source, date = r.date, similarity = r.similarity,
                        canonical = r.canonical and 1 or 0, text = r.title }
  end
  for k, p in ipairs(paragraphs) do
    for _, id in ipairs(p.members) do
      rows[#rows + 1] = { section = "paragraph", group = k, document = id,
                          source = docs[id].source, documents = p.documents, text = p.text }
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

local md = opts.format == "md"
local function heading(s)
  if md then print("## " .. s .. "\n") else print(s .. "\n" .. string.rep("=", utf8.len(s)) .. "\n") end
end
local function plural(n, word) return report.thousands(n) .. " " .. word .. (n == 1 and "" or "s") end
local function clip(n) return function(s) return report.clip(s, n) end end

if md then print("# Duplicates in " .. table.concat(corpus:roots(), ", ") .. "\n") end
print(string.format("%s%s from %s; %s in near-duplicate clusters, %s shared, %s.\n",
  md and "" or "Duplicates in " .. table.concat(corpus:roots(), ", ") .. ": ",
  plural(ndocs, "document"), plural(count_keys(sources), "source"),
  plural(#member_rows, "document"), plural(#paragraphs, "paragraph"),
  plural(#blocks, "boilerplate block")))

heading(string.format("Near-duplicate documents (similarity >= %.2f)", opts.threshold))
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
  }, opts.format))
  for k, c in ipairs(clusters) do
    if c.chained then
      print(string.format("cluster %d is chained: %s and %s are only %.2f similar, joined through "
        .. "other members", k, c.weakest[1], c.weakest[2], c.min_jaccard))
    end
  end
  print()
end

heading(string.format("Paragraphs shared word for word (%d+ words, %d+ documents)", PARA_WORDS,
  opts.min_docs))
if #paragraphs == 0 then print("none\n")
else
  io.write(report.render({
    columns = {
      { key = "documents", title = "docs", align = "right" },
      { key = "sources", title = "sources", format = clip(30) },
      { key = "first", title = "first document" },
      { key = "text", title = "paragraph", format = clip(60) },
    },
    rows = paragraphs,
  }, opts.format))
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
  }, opts.format))
  print()
end

print(string.format("similarity: exact Jaccard similarity of the documents' %d-word shingles, to the\n"
  .. "canonical copy (earliest date, then smallest id); candidates from MinHash (%d permutations,\n"
  .. "%d bands x %d rows), every pair checked. docs: documents holding it; lines: lines removed.",
  params.shingle, params.perms, params.bands, params.rows))
