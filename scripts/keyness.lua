-- keyness.lua: the words that set one group of documents apart from
-- another (or from all the rest), by log-likelihood, as quanteda's
-- textstat_keyness and WordSmith compute keyness.
--
--   paa scripts/keyness.lua corpus/ --target business [--reference tech] [--by source] [--top 20]

local paa = require "paa"
local report = require "paa.report"
local words = require "paa.words"

local script = paa.script{
  name = "keyness", version = "1.0", requires = "paa >= 0.1",
  description = [[
The words key to a target group of documents against a reference.

Words are counted per group (as scripts/words.lua counts them, stopwords
out); for each word, the 2x2 table of its frequency in the target and in
the reference against their other words gives a signed log-likelihood
G² and chi-square (positive: more frequent in the target than expected;
Yates's correction when an expected frequency is under 5, as quanteda
applies it), a p-value, and the log ratio: log2 of the ratio of its
rates, an effect size (1: twice as frequent). The reference is another
group (--reference), or all the other groups together.]],
  params = {
    { "corpus", kind = "path", args = "+", help = "files or folders of articles (.txt, .md, .html, .jsonl)" },
    { "--target", required = true, metavar = "GROUP", help = "the group to characterise (a source, month, year...)" },
    { "--reference", metavar = "GROUP", help = "the group to compare with (default: all the others)" },
    { "--by", kind = "choice", choices = words.GROUPINGS, default = "source", help = "how documents are grouped" },
    { "--top", kind = "integer", default = 20, min = 1, metavar = "N", help = "words shown on each side" },
    { "--min", kind = "integer", default = 5, min = 1, metavar = "N", help = "least frequency in target and reference together" },
    { "--max-p", kind = "number", default = 0.05, metavar = "P", help = "show words whose G² p-value is below P (1: all)" },
    { "--n", kind = "integer", default = 1, min = 1, max = 5, metavar = "N", help = "words per term (2: bigrams)" },
    { "--stopwords", default = "en", metavar = "LIST", help = "en (Snowball English), none, or a file of words, one a line" },
    { "--boilerplate", kind = "choice", choices = { "remove", "keep" }, default = "remove",
      help = "keep: count every line as read" },
    { "--format", kind = "choice", choices = report.FORMATS, default = "text", help = "output format" },
  },
}
local args = script.args

local corpus, cerr = paa.open(args.corpus, { words = false, filter = args.filter })
if not corpus then paa.fail(cerr) end
-- the target and the reference apart, every other group together (or left out)
local ctr, err = words.count(corpus, { by = args.by, n = args.n, stopwords = args.stopwords,
                                       clean = args.boilerplate == "remove",
                                       groups = { args.target, args.reference }, rest = args.reference == nil })
if not ctr then script:fail(err) end
local rows, info = words.keyness(ctr, args.target, args.reference, { min = args.min })
if not rows then
  local names = words.group_names(corpus, args.by)
  script:fail(info .. (#names == 0 and " (no documents to count)"
    or " (the groups by " .. args.by .. ": " .. table.concat(names, ", ") .. ")"))
end

-- the top words of each side: most key to the target, then to the reference
local target_side, reference_side = {}, {}
for _, r in ipairs(rows) do
  if r.g2 > 0 and r.p < args.max_p and #target_side < args.top then target_side[#target_side + 1] = r end
end
for i = #rows, 1, -1 do
  if rows[i].g2 < 0 and rows[i].p < args.max_p and #reference_side < args.top then reference_side[#reference_side + 1] = rows[i] end
end

local f2 = function(v) return string.format("%.2f", v) end
local function fp(p) return p < 0.0001 and "<0.0001" or string.format("%.4f", p) end
local columns = {
  { key = "term", title = args.n == 1 and "word" or "n-gram" },
  { key = "target", title = "in " .. info.target, align = "right", format = report.thousands },
  { key = "reference", title = "in " .. info.reference, align = "right", format = report.thousands },
  { key = "g2", title = "G²", align = "right", format = f2 },
  { key = "chi2", title = "chi²", align = "right", format = f2 },
  { key = "p", title = "p", align = "right", format = fp },
  { key = "log_ratio", title = "log ratio", align = "right", format = f2 },
}
local sections = {
  { kind = "table", title = "Key to " .. info.target, columns = columns, rows = target_side,
    empty = "No word is significantly more frequent in " .. info.target .. "." },
  { kind = "table", title = "Key to " .. info.reference, columns = columns, rows = reference_side,
    empty = "No word is significantly more frequent in " .. info.reference .. "." },
}
if args.format == "html" then
  local items = {}
  for _, r in ipairs(target_side) do items[#items + 1] = { label = r.term, value = r.g2, text = f2(r.g2) } end
  for i = #reference_side, 1, -1 do
    local r = reference_side[i]
    items[#items + 1] = { label = r.term, value = r.g2, text = f2(r.g2) }
  end
  table.insert(sections, 1, { kind = "diverging", title = "Keyness (signed G²)", items = items,
    left_title = "← " .. info.reference, right_title = info.target .. " →", unit = "signed log-likelihood G²" })
end

report.write({
  title = string.format("Keyness: %s against %s", info.target, info.reference),
  intro = string.format("%s counted in %s, %s in %s (words of at least %s together%s; shown when p < %s). " ..
    "G² above 3.84 is p < 0.05, above 10.83 p < 0.001; log ratio 1 means twice as frequent.%s",
    report.thousands(info.target_total), info.target, report.thousands(info.reference_total), info.reference,
    report.plural(args.min, "occurrence"), args.stopwords == "none" and "" or ", stopwords out", args.max_p,
    info.error > 0 and string.format(" Counts are approximate (memory capped): up to %d short.", info.error) or ""),
  sections = sections,
  json = function()
    return { manifest = script:manifest{ corpus = corpus }, target = info.target, reference = info.reference,
             target_total = info.target_total, reference_total = info.reference_total, by = args.by,
             approximate = info.error > 0, max_error = info.error, target_key = target_side, reference_key = reference_side }
  end,
  csv = { rows = rows, columns = { { key = "term" }, { key = "target" }, { key = "reference" }, { key = "g2" },
    { key = "chi2" }, { key = "p" }, { key = "log_ratio" } } },
}, args.format)
