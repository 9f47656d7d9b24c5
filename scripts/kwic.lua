-- kwic.lua: keyword in context. Every match of a token query in a
-- corpus, with the words before and after it, sorted as a concordance
-- is read: by document, or by the words left or right of the match.
--
--   paa scripts/kwic.lua corpus/ --query 'stake|stakes {0,2} in'
--   paa scripts/kwic.lua corpus/ --query 'invest*' --sort left --width 4
--   paa kwic corpus/ --query '[kind=currency] [kind=number] billion' --format html > kwic.html

local paa = require "paa"
local kwic = require "paa.kwic"
local report = require "paa.report"

local script = paa.script{
  name = "kwic", version = "1.0", requires = "paa >= 0.1",
  description = [[
Keyword in context: every match of a token query, with its context.

A query is positions separated by spaces, each matching one token:
  stake            the word, any case, curly or straight quotes; a final
                   's or ' is ignored (openai matches "OpenAI's")
  invest*          a word starting with "invest"
  /20%d%d/         a Lua pattern matching the whole (lower-case) token
  [kind=number]    a token of a kind: word number currency url email
                   punct symbol; [word=invest*], & joins, != negates,
                   [] is any token
  stake|stakes     either, at one position
  stake {0,2} in   a gap of 0 to 2 tokens of any kind (punctuation too)
Matches do not overlap; gaps are as short as they can be. Each line shows
--width words each side (punctuation, symbols and currency signs shown,
not counted); --sort left
orders the lines by the word just before the match, then the one before
it, and so on (right: after it); ties go by document and offset.]],
  params = {
    { "corpus", kind = "path", args = "+", help = "files or folders of articles (.txt, .md, .html, .jsonl)" },
    { "--query", required = true, metavar = "QUERY", help = "what to look for (see above)" },
    { "--sort", kind = "choice", choices = { "doc", "left", "right", "match" }, default = "doc",
      help = "doc: document order; left/right: by the words before/after the match, nearest first; "
        .. "match: by the match" },
    { "--width", kind = "integer", default = 5, min = 0, metavar = "N", help = "words of context each side" },
    { "--limit", kind = "integer", min = 0, metavar = "N", help = "show the first N lines only" },
    { "--clean", kind = "flag", help = "remove boilerplate lines (menus, promos, repeated lines) first" },
    { "--format", kind = "choice", choices = report.FORMATS, default = "text", help = "output format" },
  },
}
local args = script.args

local query, qerr = kwic.compile(args.query)
if not query then script:fail("--query: " .. qerr) end
local corpus, cerr = paa.open(args.corpus, { filter = args.filter, words = false })
if not corpus then paa.fail(cerr) end

local rows, total, ndocs = kwic.find(corpus, query, { sort = args.sort, width = args.width, limit = args.limit,
                                                      clean = args.clean })

local SORTED = { doc = "in document order", left = "sorted by the words before the match",
                 right = "sorted by the words after the match", match = "sorted by the match" }
local intro = total == 0 and "0 matches." or string.format("%s%s in %s, %s.", report.plural(total, "match"),
  #rows < total and " (the first " .. report.thousands(#rows) .. " shown)" or "",
  report.plural(ndocs, "document"), SORTED[args.sort])
if args.clean then intro = intro .. " Boilerplate removed." end

report.write({
  title = string.format("Keyword in context: \"%s\" in %s", args.query, report.names(corpus:roots())),
  intro = intro,
  sections = { kwic.table(rows) },
  csv = kwic.table(rows, { data = true }),
  json = function()
    return { manifest = script:manifest{ corpus = corpus }, query = args.query, sort = args.sort,
             width = args.width, total = total, rows = rows }
  end,
}, args.format)
