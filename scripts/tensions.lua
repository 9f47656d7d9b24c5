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

local plural = report.plural

-- --explain: the matches behind the numbers
if opts.explain then
  local cell
  for _, g in ipairs(opts.group and groups or {}) do
    if g.name == opts.group then cell = g.themes[opts.explain].matches end
  end
  if opts.group and not cell then paa.fail("no group '" .. opts.group .. "' (see the report's columns)", USAGE) end
  local lines, n = themes.explain_lines(found, opts.group)
  print(string.format("%s: %s%s (the report says %d)\n", opts.explain, plural(n, "match"),
    opts.group and " in " .. opts.group or "", cell or total.themes[opts.explain].matches))
  for _, line in ipairs(lines) do print(line) end
  print("\nOffsets are bytes in the document's text with boilerplate removed (corpus:docs{ clean = true }).")
  return
end

if opts.format == "json" then
  io.write(report.json(themes.json(found, lex, {
    paa = paa.version, script = "tensions",
    parameters = { by = opts.by, dedup = opts.dedup, themes = opts.theme, lexicon = lexicon_name },
    corpus = { roots = corpus:roots(), documents = found.documents, counted = found.counted,
               fingerprint = found.fingerprint } }, lexicon_name)))
  return
elseif opts.format == "csv" then
  io.write(report.csv(themes.long_table(found)))
  return
end

local by_label = ({ source = "source", doc = "document", month = "month", cited = "cited outlet" })[opts.by]
local title = string.format("Tension themes per %s in %s", by_label, report.names(corpus:roots()))
local summary = string.format("%s, %s counted, in %s; lexicon %s, %s.\nBoilerplate lines " ..
  "removed; %s.", plural(found.documents, "document"), report.thousands(found.counted),
  plural(#groups, "group"), lexicon_name, plural(#names, "theme"),
  opts.dedup == "none" and "repeated paragraphs counted each time" or
  string.format("paragraphs repeated within a source counted once (%s left out)%s",
    report.thousands(found.dropped_paragraphs),
    opts.dedup == "near" and string.format(", near duplicates once per source (%s documents " ..
      "left out)", report.thousands(found.dropped_documents)) or ""))
local legend = string.format("Each cell: matches, matches per 1,000 words, and a shade scaled to the " ..
  "highest rate\n(%.2f). 'all' counts each document once. See where a number comes from with\n" ..
  "--explain THEME --group NAME.", themes.max_rate(found))
local matrix, top = themes.matrix(found, by_label), themes.top_terms(found, 5)

matrix.kind, top.kind, top.title = "table", "table", "Top terms"
local legend_section = { kind = "text", text = legend }
local sections = opts.format == "html" and themes.sections(found, {}) or {}
matrix.title = opts.format == "html" and "The numbers" or nil
for _, sec in ipairs { matrix, legend_section, top } do sections[#sections + 1] = sec end
io.write(report.page({ title = title, intro = summary, sections = sections }, opts.format))
