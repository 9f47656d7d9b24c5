-- tensions.lua: how much each outlet writes about the tensions of a
-- partnership (independence, control, competition, compute, exclusivity,
-- legal action, restructuring, IP, funding...), and where exactly.
--
--   paa scripts/tensions.lua corpus/ [--by source|doc|month|cited] [--format text]
--   paa scripts/tensions.lua corpus/ --explain legal [--group "TechWire Daily"]

local paa = require "paa"
local cli = require "paa.cli"
local lexicon = require "paa.lexicon"
local report = require "paa.report"
local themes = require "paa.themes"

local USAGE = "paa scripts/tensions.lua [options] CORPUS..."
local HELP = [[
Counts the themes of a lexicon (by default the shipped tensions lexicon)
in every document, per group: for each theme and group, the matches, the
documents with at least one, the rate per 1,000 words and the theme's
share of the group's matches. Boilerplate lines are removed first, and a
paragraph found word for word in several documents of one source counts
once. Every number can be checked with --explain.

  CORPUS            files or folders of articles (.txt, .md, .html, .jsonl)
  --by G            source (default), doc, month, or cited: each sentence
                    goes to the outlet it cites ("according to Reuters",
                    a link to wsj.com), "(uncited)" when it cites none
  --dedup D         none, exact (default: repeated paragraphs once per
                    source) or near (also one document per near-duplicate
                    cluster and source, the canonical copy standing for it)
  --lexicon FILE    a lexicon file (see docs/api.md) instead of the default
  --theme NAME      count only this theme (repeat for several)
  --format F        text (default), md, csv, json or html
  --explain THEME   list every match of THEME behind the numbers, as
                    keyword-in-context lines (with --group NAME: one cell)
  --group NAME      the group --explain looks at]]

local opts, paths = cli.parse(arg, { usage = USAGE, help = HELP, options = {
  by = { kind = "choice", choices = { "source", "doc", "month", "cited" }, default = "source" },
  dedup = { kind = "choice", choices = { "none", "exact", "near" }, default = "exact" },
  lexicon = {},
  theme = { list = true },
  format = { kind = "choice", choices = { "text", "md", "csv", "json", "html" }, default = "text" },
  explain = {},
  group = {},
} })
if #paths == 0 then paa.fail("no corpus given", USAGE) end
if opts.group and not opts.explain then paa.fail("--group goes with --explain", USAGE) end

local lexicon_file = opts.lexicon or themes.lexicon_path("tensions")
local lexicon_name = opts.lexicon or "tensions (default)"
local lex, lerr = lexicon.load(lexicon_file)
if not lex then paa.fail(lerr, USAGE) end
local corpus, cerr = paa.open(paths, { words = false })
if not corpus then paa.fail(cerr, USAGE) end

local ok, found = pcall(themes.count, corpus, lex, { by = opts.by, dedup = opts.dedup,
  themes = opts.theme, explain = opts.explain })
if not ok then paa.fail((tostring(found):gsub("^[^:]*:%d+: ", ""):gsub("^paa%.themes: ", "")), USAGE) end
local groups, total, names = found.groups, found.total, found.themes

local function fmt_rate(r) return string.format("%.2f", r) end
local function plural(n, word)
  return report.thousands(n) .. " " .. word .. (n == 1 and "" or word:match("[sxh]$") and "es" or "s")
end

-- --explain: the matches behind the numbers ---------------------------------
if opts.explain then
  local lines = {}
  for _, m in ipairs(found.explained) do
    if not opts.group or m.group == opts.group then lines[#lines + 1] = m end
  end
  local cell
  if opts.group then
    for _, g in ipairs(groups) do
      if g.name == opts.group then cell = g.themes[opts.explain].matches end
    end
    if not cell then paa.fail("no group '" .. opts.group .. "' (see the report's columns)", USAGE) end
  else
    cell = total.themes[opts.explain].matches
  end
  print(string.format("%s: %s%s (the report says %d)\n", opts.explain, plural(#lines, "match"),
    opts.group and " in " .. opts.group or "", cell))
  for _, m in ipairs(lines) do
    local at = m.start - m.sentence_start + 1
    local left = report.clip(m.sentence:sub(1, at - 1), 120, true)
    local right = report.clip(m.sentence:sub(at + #m.match), 120)
    print(string.format("%s:%d-%d  [%s]  %s", m.doc, m.start, m.stop, m.group, m.term))
    print("    " .. left .. "«" .. m.match .. "»" .. right)
  end
  print("\nOffsets are bytes in the document's text with boilerplate removed (corpus:docs{ clean = true }).")
  return
end

-- the report ---------------------------------------------------------------
local by_label = ({ source = "source", doc = "document", month = "month", cited = "cited outlet" })[opts.by]
local max_rate = 0
for _, g in ipairs(groups) do
  for _, t in ipairs(names) do max_rate = math.max(max_rate, g.themes[t].rate) end
end

if opts.format == "json" then
  local lexicon_json = { file = lexicon_name, themes = {} }
  for i, t in ipairs(names) do
    lexicon_json.themes[i] = { name = t, description = found.descriptions[t], terms = lex:terms(t) }
  end
  local function group_json(g)
    local th = {}
    for _, t in ipairs(names) do
      local c = g.themes[t]
      th[t] = { matches = c.matches, documents = c.documents, rate = c.rate, share = c.share,
                terms = c.terms }
    end
    return { name = g.name, documents = g.documents, words = g.words, matches = g.matches,
             themes = th }
  end
  local out = {}
  for i, g in ipairs(groups) do out[i] = group_json(g) end
  io.write(report.json{
    manifest = { paa = paa.version, script = "tensions", parameters = { by = opts.by,
      dedup = opts.dedup, themes = opts.theme, lexicon = lexicon_name },
      corpus = { roots = corpus:roots(), documents = found.documents, counted = found.counted,
                 fingerprint = found.fingerprint } },
    lexicon = lexicon_json,
    groups = out,
    total = group_json(total),
  })
  return
end

if opts.format == "csv" then
  local rows = {}
  for _, g in ipairs(groups) do
    for _, t in ipairs(names) do
      local c = g.themes[t]
      rows[#rows + 1] = { group = g.name, theme = t, matches = c.matches, documents = c.documents,
        group_documents = g.documents, words = g.words, rate = c.rate, share = c.share }
    end
  end
  io.write(report.csv{ columns = { { key = "group" }, { key = "theme" }, { key = "matches" },
    { key = "documents" }, { key = "group_documents" }, { key = "words" }, { key = "rate" },
    { key = "share" } }, rows = rows })
  return
end

-- the matrix: themes down, groups across (groups down when there are many)
local function cell_text(c)
  return string.format("%s %s %s", report.thousands(c.matches), fmt_rate(c.rate),
    report.shade(max_rate > 0 and c.rate / max_rate or 0))
end
local transpose = #groups > 6
local matrix = { columns = {}, rows = {} }
if not transpose then
  matrix.columns[1] = { key = "label", title = "theme" }
  for i, g in ipairs(groups) do
    matrix.columns[#matrix.columns + 1] = { key = i, title = g.name, align = "right" }
  end
  matrix.columns[#matrix.columns + 1] = { key = "total", title = "all", align = "right" }
  for _, t in ipairs(names) do
    local row = { label = t, total = cell_text(total.themes[t]) }
    for i, g in ipairs(groups) do row[i] = cell_text(g.themes[t]) end
    matrix.rows[#matrix.rows + 1] = row
  end
  local words, docs = { label = "words" }, { label = "documents" }
  for i, g in ipairs(groups) do words[i] = report.thousands(g.words); docs[i] = report.thousands(g.documents) end
  words.total, docs.total = report.thousands(total.words), report.thousands(total.documents)
  matrix.rows[#matrix.rows + 1] = words
  matrix.rows[#matrix.rows + 1] = docs
else
  matrix.columns[1] = { key = "label", title = by_label }
  for i, t in ipairs(names) do matrix.columns[#matrix.columns + 1] = { key = i, title = t, align = "right" } end
  matrix.columns[#matrix.columns + 1] = { key = "words", title = "words", align = "right" }
  for _, g in ipairs(groups) do
    local row = { label = g.name, words = report.thousands(g.words) }
    for i, t in ipairs(names) do row[i] = cell_text(g.themes[t]) end
    matrix.rows[#matrix.rows + 1] = row
  end
  local row = { label = "all", words = report.thousands(total.words) }
  for i, t in ipairs(names) do row[i] = cell_text(total.themes[t]) end
  matrix.total = row
end

-- top terms per theme, over all groups
local top_rows = {}
for _, t in ipairs(names) do
  local list = {}
  for term, n in pairs(total.themes[t].terms) do list[#list + 1] = { term = term, n = n } end
  table.sort(list, function(a, b) if a.n ~= b.n then return a.n > b.n end return a.term < b.term end)
  local parts = {}
  for i = 1, math.min(5, #list) do parts[i] = string.format("%s (%d)", list[i].term, list[i].n) end
  top_rows[#top_rows + 1] = { theme = t, terms = #parts > 0 and table.concat(parts, ", ") or "-" }
end

local roots = corpus:roots()
local where = #roots <= 3 and table.concat(roots, ", ") or
  string.format("%s and %d more", table.concat(roots, ", ", 1, 2), #roots - 2)
local title = string.format("Tension themes per %s in %s", by_label, where)
local summary = string.format("%s, %s counted, in %s; lexicon %s, %s.\nBoilerplate lines " ..
  "removed; %s.", plural(found.documents, "document"), report.thousands(found.counted),
  plural(#groups, "group"), lexicon_name, plural(#names, "theme"),
  opts.dedup == "none" and "repeated paragraphs counted each time" or
  string.format("paragraphs repeated within a source counted once (%s left out)%s",
    report.thousands(found.dropped_paragraphs),
    opts.dedup == "near" and string.format(", near duplicates once per source (%s documents " ..
      "left out)", report.thousands(found.dropped_documents)) or ""))
local legend = "Each cell: matches, matches per 1,000 words, and a shade scaled to the highest rate\n" ..
  "(" .. fmt_rate(max_rate) .. "). 'all' counts each document once. See where a number comes from with\n" ..
  "--explain THEME --group NAME."

if opts.format == "html" then
  local rows, cols, values, labels = {}, {}, {}, {}
  for i, g in ipairs(groups) do cols[i] = g.name end
  for r, t in ipairs(names) do
    rows[r], values[r], labels[r] = t, {}, {}
    for c, g in ipairs(groups) do
      values[r][c] = g.themes[t].rate
      labels[r][c] = string.format("%d · %s", g.themes[t].matches, fmt_rate(g.themes[t].rate))
    end
  end
  local sections = {
    { kind = "heatmap", title = "Matches per 1,000 words", rows = rows, cols = cols,
      values = values, labels = labels, unit = "matches per 1,000 words",
      note = "Cell: matches · rate per 1,000 words." },
  }
  for _, t in ipairs(names) do
    local items = {}
    for _, g in ipairs(groups) do
      items[#items + 1] = { label = g.name, value = g.themes[t].rate,
        text = string.format("%s (%d)", fmt_rate(g.themes[t].rate), g.themes[t].matches) }
    end
    sections[#sections + 1] = { kind = "bars", title = t .. (found.descriptions[t] and
      " — " .. found.descriptions[t] or ""), items = items, unit = "per 1,000 words" }
  end
  matrix.kind, matrix.title = "table", "The numbers"
  sections[#sections + 1] = matrix
  sections[#sections + 1] = { kind = "table", title = "Top terms",
    columns = { { key = "theme", title = "theme" }, { key = "terms", title = "terms (matches)" } },
    rows = top_rows }
  sections[#sections + 1] = { kind = "text", text = summary .. "\n\n" .. legend }
  io.write(report.html{ title = title, intro = summary, sections = sections })
  return
end

local md = opts.format == "md"
print((md and "# " or "") .. title .. "\n")
print(summary .. "\n")
io.write(report.render(matrix, opts.format))
print("\n" .. legend .. "\n")
print((md and "## " or "") .. "Top terms\n")
io.write(report.render({ columns = { { key = "theme", title = "theme" },
  { key = "terms", title = "terms (matches)" } }, rows = top_rows }, opts.format))
