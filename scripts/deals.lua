-- deals.lua: which deals, investments, funding rounds, valuations and
-- spending commitments a corpus reports, for how much, between whom, when,
-- and in how many articles and outlets: each deal once, with its mentions.
--
--   paa scripts/deals.lua corpus/ [--format text|md|csv|json|html] [--min-mentions N]
--   paa scripts/deals.lua corpus/ --explain D3

local paa = require "paa"
local deals = require "paa.deals"
local report = require "paa.report"
local results = require "paa.results"

local script = paa.script{
  name = "deals", version = "1.0", requires = "paa >= 0.1",
  description = [[
The deals a corpus reports, each once with its mentions.

Finds every amount of money in the articles (boilerplate lines and
paragraphs repeated word for word left out), keeps those whose sentence
says what kind of deal it is — funding, investment, valuation, deal,
project, spending, acquisition, revenue — with the organisations the
sentence names and their roles, and a date, then merges the mentions of
one deal across sentences, articles and outlets: compatible kinds, the
same amount (within rounding, or one range holding the other) and a party
in common. Deals are listed by amount, largest first.]],
  params = {
    { "corpus", kind = "path", args = "+", help = "files or folders of articles (.txt, .md, .html, .jsonl)" },
    { "--min-mentions", kind = "integer", default = 1, min = 1, help = "list deals with at least N mentions" },
    { "--gazetteer", kind = "path", metavar = "FILE", help = 'more organisations ("Name | Alias; Alias" lines)' },
    { "--format", kind = "choice", choices = report.FORMATS, default = "text", help = "output format" },
    { "--explain", metavar = "ID", help = "every mention of one deal (ids are in the first column)" },
    { "--db", metavar = "FILE", help = "also record the deals in this store (as under paa --db FILE)" },
  },
}
local args = script.args
local corpus, err = paa.open(args.corpus, { words = false, filter = args.filter })
if not corpus then paa.fail(err) end

local found, gerr = deals.find(corpus, { min_mentions = args.min_mentions, gazetteer = args.gazetteer })
if not found then paa.fail(gerr) end
if not args.explain then  -- with a store: the deals as tables (docs/schema.md)
  results.record(corpus, args.db, function(db)
    return results.deals(db, script:manifest{ corpus = corpus }, found)
  end)
end
local plural = report.plural

if args.explain then
  for _, d in ipairs(found.deals) do
    if d.id == args.explain then
      print(report.printable(string.format("%s: %s %s, %s; %s in %s from %s", d.id,
        deals.format_amount(d.amount), d.kind, deals.format_parties(d), plural(d.count, "mention"),
        plural(d.documents, "document"), plural(d.sources, "source"))) .. "\n")
      for _, line in ipairs(deals.explain_lines(d)) do print(report.printable(line)) end
      return
    end
  end
  script:fail("no deal '" .. args.explain .. "' (the ids are in the report's first column)")
end

local tbl = deals.table(found)

local title = "Deals reported in " .. report.names(corpus:roots())
local summary = string.format("%s in %s, merged into %s%s.", plural(found.mentions, "mention"),
  plural(found.documents, "document"), plural(#found.deals, "deal"),
  args.min_mentions > 1 and string.format(" with %d mentions or more", args.min_mentions) or "")
local legend = "amount: as the deal's mentions most often write it (≈ approximate, ≤ up to, ≥ at least);\n" ..
  "date: the earliest date its mentions state (\"in 2019\", \"last month\"), or * the earliest article's\n" ..
  "date when that is earlier, - when neither is known; roles where a sentence says them. Check a\n" ..
  "deal with --explain ID."
local loose = {}
for i = 1, math.min(10, #found.loose) do
  local l = found.loose[i]
  loose[i] = { doc = l.doc, amount = l.amount.text, sentence = report.clip(l.sentence, 80) }
end
local loose_tbl = { rows = loose, columns = { { key = "amount", title = "amount" },
  { key = "doc", title = "document" }, { key = "sentence", title = "sentence" } } }
local loose_title = string.format("Amounts not attached to a deal (%d%s)", found.loose_count,
  found.loose_count > 10 and ", the 10 largest" or "")

local sections = {}
if args.format == "html" then
  local bars = {}
  for i = 1, math.min(20, #found.deals) do
    local d = found.deals[i]
    bars[i] = { label = d.id .. " " .. report.clip(deals.format_parties(d), 40), value = d.count,
                text = string.format("%d (%s)", d.count, deals.format_amount(d.amount)) }
  end
  sections[1] = { kind = "bars", title = "Mentions of the largest deals", items = bars, unit = "mentions" }
  tbl.title = "Deals"
end
tbl.kind, loose_tbl.kind, loose_tbl.title = "table", "table", loose_title
tbl.empty, loose_tbl.empty = "No deal found.", "None."
for _, sec in ipairs { tbl, { kind = "text", text = legend }, loose_tbl } do sections[#sections + 1] = sec end
if args.format == "html" then
  -- each deal's evidence, opened from its summary line
  local items = {}
  for i, d in ipairs(found.deals) do
    items[i] = { id = d.id, summary = string.format("%s  %s %s — %s", d.id, deals.format_amount(d.amount),
      d.kind, deals.format_parties(d)), lines = deals.explain_lines(d) }
  end
  sections[#sections + 1] = { kind = "details", title = "Evidence: every mention of each deal", items = items }
end
report.write({ title = title, intro = summary, sections = sections,
  json = function() return deals.json(found, script:manifest{ corpus = corpus }) end,
  csv = function() return deals.table(found, true) end }, args.format)
-- the structured result: `run("deals")` in a session returns these rows
-- (every column; the report's columns shown)
local data = deals.table(found, true)
return { rows = data.rows, columns = data.columns, shown = tbl.columns }
