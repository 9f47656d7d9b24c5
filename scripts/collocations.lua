-- collocations.lua: the pairs of words that go together more often than
-- chance, by log-likelihood and pointwise mutual information, as AntConc
-- and quanteda compute them.
--
--   paa scripts/collocations.lua corpus/ [--group SOURCE --by source] [--min 5] [--sort ll|pmi]

local paa = require "paa"
local report = require "paa.report"
local words = require "paa.words"

local script = paa.script{
  name = "collocations", version = "1.0", requires = "paa >= 0.1",
  description = [[
Pairs of words that occur together more often than chance.

Every bigram (two words in a row, never across punctuation or a blank
line) is counted, stopwords included, so that a word's frequency as the
first or second word of a bigram is every bigram's. For a pair seen O
times, whose first word starts R bigrams and whose second ends C, of N:
E = R*C/N, PMI = log2(O/E) (Church and Hanks; AntConc's MI), and the
log-likelihood G² of the 2x2 table (Dunning). PMI favours rare pairs,
so pairs seen fewer than --min times are left out; pairs that begin or
end with a stopword are not shown.]],
  params = {
    { "corpus", kind = "path", args = "+", help = "files or folders of articles (.txt, .md, .html, .jsonl)" },
    { "--by", kind = "choice", choices = words.GROUPINGS, default = "all", help = "how documents are grouped (with --group)" },
    { "--group", metavar = "NAME", help = "only the documents of this group (default: all)" },
    { "--min", kind = "integer", default = 5, min = 1, metavar = "N", help = "least frequency of a pair" },
    { "--top", kind = "integer", default = 30, min = 1, metavar = "N", help = "pairs shown" },
    { "--sort", kind = "choice", choices = { "ll", "pmi" }, default = "ll", help = "rank by log-likelihood or PMI" },
    { "--stopwords", default = "en", metavar = "LIST", help = "pairs with these at either end are not shown: "
        .. "en (Snowball English), none, or a file of words" },
    { "--boilerplate", kind = "choice", choices = { "remove", "keep" }, default = "remove",
      help = "keep: count every line as read" },
    { "--format", kind = "choice", choices = report.FORMATS, default = "text", help = "output format" },
  },
}
local args = script.args
if args.group and args.by == "all" then script:fail("--group needs --by (source, month, year, doc)") end

local corpus, cerr = paa.open(args.corpus, { words = false, filter = args.filter })
if not corpus then paa.fail(cerr) end
local stop, serr = words.stopwords(args.stopwords)
if not stop then script:fail(serr) end
local ctr, err = words.count(corpus, { n = 2, by = args.by, stopwords = false, clean = args.boilerplate == "remove" })
if not ctr then script:fail(err) end
local known = false
for _, g in ipairs(ctr:groups()) do known = known or g.name == args.group end
if args.group and not known then script:fail("no group '" .. args.group .. "' by " .. args.by) end
local rows, info = words.collocations(ctr, { group = args.group, min = args.min, stopwords = stop,
                                             sort = args.sort, top = args.top })
for i, r in ipairs(rows) do r.rank = i end

local f2 = function(v) return string.format("%.2f", v) end
local tbl = { kind = "table", rows = rows,
  empty = "No pair is seen " .. report.plural(args.min, "time") .. " or more.", columns = {
  { key = "rank", title = "#", align = "right" }, { key = "term", title = "pair" },
  { key = "freq", title = "freq", align = "right", format = report.thousands },
  { key = "first_freq", title = "1st word", align = "right", format = report.thousands },
  { key = "second_freq", title = "2nd word", align = "right", format = report.thousands },
  { key = "ll", title = "G²", align = "right", format = f2 },
  { key = "pmi", title = "PMI", align = "right", format = f2 },
} }
local sections = { tbl }
if args.format == "html" then
  local items = {}
  for _, r in ipairs(rows) do items[#items + 1] = { label = r.term, value = r[args.sort], text = f2(r[args.sort]) } end
  table.insert(sections, 1, { kind = "bars", title = args.sort == "ll" and "Log-likelihood" or "PMI", items = items })
end

report.write({
  title = "Collocations" .. (args.group and " in " .. args.group or ""),
  intro = string.format("%s counted; pairs seen at least %s, ranked by %s.%s",
    report.plural(info.bigrams, "bigram"), report.plural(args.min, "time"), args.sort == "ll" and "log-likelihood" or "PMI",
    info.error > 0 and string.format(" Counts are approximate (memory capped): up to %d short.", info.error) or ""),
  sections = sections,
  json = function()
    return { manifest = script:manifest{ corpus = corpus }, group = args.group, bigrams = info.bigrams,
             approximate = info.error > 0, max_error = info.error, collocations = rows }
  end,
  csv = { rows = rows, columns = { { key = "rank" }, { key = "first" }, { key = "second" }, { key = "freq" },
    { key = "first_freq" }, { key = "second_freq" }, { key = "ll" }, { key = "pmi" } } },
}, args.format)
