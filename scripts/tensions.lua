-- tensions.lua: how much each outlet writes about the tensions of a
-- partnership (independence, control, competition, compute, exclusivity,
-- legal action, restructuring, IP, funding...), and where exactly.
--
--   paa scripts/tensions.lua corpus/ [--by source|doc|month|cited] [--min-words 1000] [--format text]
--   paa scripts/tensions.lua corpus/ --explain legal [--group "TechWire Daily"]

local paa = require "paa"
local lexicon = require "paa.lexicon"
local report = require "paa.report"
local results = require "paa.results"
local themes = require "paa.themes"

local script = paa.script{
  name = "tensions", version = "1.0", requires = "paa >= 0.1",
  description = [[
How much each outlet writes about each tension theme.

Counts the themes of a lexicon (by default the shipped tensions lexicon)
in every document, per group: for each theme and group, the matches, the
documents with at least one, the rate per 1,000 words and the theme's
share of the group's matches. Boilerplate lines are removed first, and a
paragraph found word for word in several documents of one source counts
once. Every number can be checked with --explain.]],
  params = {
    { "corpus", kind = "path", args = "+", help = "files or folders of articles (.txt, .md, .html, .jsonl)" },
    { "--by", kind = "choice", choices = { "source", "doc", "month", "cited" }, default = "source",
      help = 'group by source, document, month, or cited: each sentence goes to the outlet it cites '
        .. '("according to Reuters", a link to wsj.com), "(uncited)" when it cites none' },
    { "--dedup", kind = "choice", choices = { "none", "exact", "near" }, default = "exact",
      help = "exact: repeated paragraphs once per source; near: also one document per near-duplicate "
        .. "cluster and source, the canonical copy standing for it" },
    { "--boilerplate", kind = "choice", choices = { "remove", "keep" }, default = "remove",
      help = "keep: count every line as read (for text already without menus and promos)" },
    { "--lexicon", kind = "path", metavar = "FILE", help = "a lexicon file (see docs/api.md) instead of the default" },
    { "--min-words", kind = "integer", default = 1000, min = 0, metavar = "N",
      help = "groups with fewer counted words are listed apart, unshaded and out of the scale" },
    { "--theme", list = true, metavar = "NAME", help = "count only this theme (repeat for several)" },
    { "--format", kind = "choice", choices = report.FORMATS, default = "text", help = "output format" },
    { "--explain", metavar = "THEME", help = "list every match of THEME behind the numbers, as "
        .. "keyword-in-context lines (with --group NAME: one cell)" },
    { "--group", metavar = "NAME", help = "the group --explain looks at" },
    { "--db", metavar = "FILE", help = "also record the counts in this store (as under paa --db FILE)" },
  },
}
local args = script.args
local DRILL = 20  -- matches kept per cell for the HTML page's drill-down
if args.group and not args.explain then script:fail("--group goes with --explain") end

local lexicon_file = args.lexicon or themes.lexicon_path("tensions")
local lexicon_name = args.lexicon or "tensions (default)"
local lex, lerr = lexicon.load(lexicon_file)
if not lex then paa.fail(lerr) end
local corpus, cerr = paa.open(args.corpus, { words = false, filter = args.filter })
if not corpus then paa.fail(cerr) end

local found, terr = themes.count(corpus, lex, { by = args.by, dedup = args.dedup,
  themes = args.theme, explain = args.explain, boilerplate = args.boilerplate,
  keep = args.format == "html" and DRILL or nil, records = not args.explain and results.wanted(args.db) })
if not found then script:fail(terr) end
if found.records then  -- with a store: the counts per document as tables (docs/schema.md)
  results.record(corpus, args.db, function(db)
    local manifest = script:manifest{ corpus = corpus }
    manifest.lexicon = lexicon_name
    return results.themes(db, manifest, found)
  end)
end
local groups, total, names = found.groups, found.total, found.themes

local plural = report.plural

-- --explain: the matches behind the numbers
if args.explain then
  local cell
  for _, g in ipairs(args.group and groups or {}) do
    if g.name == args.group then cell = g.themes[args.explain].matches end
  end
  if args.group and not cell then script:fail("no group '" .. args.group .. "' (see the report's columns)") end
  local lines, n = themes.explain_lines(found, args.group)
  print(report.printable(string.format("%s: %s%s (the report says %d)", args.explain, plural(n, "match"),
    args.group and " in " .. args.group or "", cell or total.themes[args.explain].matches)) .. "\n")
  for _, line in ipairs(lines) do print(report.printable(line)) end
  print(args.boilerplate == "keep" and "\nOffsets are bytes in the document's text as read." or
    "\nOffsets are bytes in the document's text with boilerplate removed (corpus:docs{ clean = true }).")
  return
end

local by_label = ({ source = "source", doc = "document", month = "month", cited = "cited outlet" })[args.by]
local title = string.format("Tension themes per %s in %s", by_label, report.names(corpus:roots()))
local summary = string.format("%s, %s counted, in %s; lexicon %s, %s.\nBoilerplate lines " ..
  "%s; %s.", plural(found.documents, "document"), report.thousands(found.counted),
  plural(#groups, "group"), lexicon_name, plural(#names, "theme"),
  args.boilerplate == "keep" and "kept" or "removed",
  args.dedup == "none" and "repeated paragraphs counted each time" or
  string.format("paragraphs repeated within a source counted once (%s left out)%s",
    report.thousands(found.dropped_paragraphs),
    args.dedup == "near" and string.format(", near duplicates once per source (%s documents " ..
      "left out)", report.thousands(found.dropped_documents)) or ""))
local popts = { min_words = args.min_words, cells = args.format == "text" and "compact" or "columns",
                links = true }
local under = report.thousands(args.min_words)
local cited_words = args.by == "cited" and "For a cited outlet, words are those of the sentences " ..
  "citing it." or nil
local scale = #themes.split(found, popts) > 0 and string.format("a shade scaled to the highest rate\n" ..
  "(%.2f) among groups of %s words or more (--min-words)", themes.max_rate(found, popts), under) or
  string.format("no shade: no group has\n%s words or more (--min-words)", under)
local legend = args.format == "text" and string.format("Each cell: matches, matches per 1,000 words, " ..
  "and %s. 'all' counts each document once.\n%sSee where a number comes from with --explain THEME " ..
  "--group NAME.", scale, cited_words and cited_words .. "\n" or "") or
  string.format("Each theme's terms were counted in the text of every " ..
  "document, menus, promos and other boilerplate lines removed, a paragraph repeated within a source " ..
  "counted once. A rate is matches per 1,000 counted words; its 95%% interval (in the CSV and JSON " ..
  "forms) is the exact Poisson interval of the matches. 'all' counts each document once.%s",
  cited_words and " " .. cited_words or "")
local matrix, apart = themes.matrix(found, by_label, popts)
local top = themes.top_terms(found, 5)
matrix.kind, top.kind, top.title = "table", "table", "Top terms"
local sections = {}
if args.format == "html" then
  sections = themes.sections(found, { { kind = "text", title = "How to read this", text = string.format(
    "A rate is how many times a theme's words occur per 1,000 words a %s wrote: rates compare groups " ..
    "of different sizes. Groups under %s words are listed apart and not shaded: in so few words one " ..
    "match more or less moves the rate a lot. The line across each bar is the rate's 95%% interval: " ..
    "the rates the counts fit; where two intervals overlap, the difference may be chance. Click a " ..
    "number of matches to read the sentences behind it.", by_label, under) } }, popts)
  table.insert(sections, 1, table.remove(sections))
end
matrix.title = args.format ~= "text" and "The numbers" or nil
sections[#sections + 1] = matrix
if apart then apart.kind = "table"; sections[#sections + 1] = apart end
if args.format ~= "text" then
  local groups_tbl = themes.groups_table(found, by_label, popts)
  groups_tbl.kind, groups_tbl.title = "table", "Groups"
  sections[#sections + 1] = groups_tbl
end
if args.format ~= "html" then sections[#sections + 1] = { kind = "text", text = legend } end
sections[#sections + 1] = top
if args.format == "html" then
  sections[#sections + 1] = themes.drilldown(found)
  sections[#sections + 1] = { kind = "text", title = "How the numbers were made", text = legend }
end
report.write({ title = title, intro = summary, sections = sections,
  json = function()
    local manifest = script:manifest{ corpus = corpus }
    manifest.corpus.counted, manifest.corpus.fingerprint = found.counted, found.fingerprint
    return themes.json(found, lex, manifest, lexicon_name, popts)
  end,
  csv = function() return themes.long_table(found, popts) end }, args.format)
