-- mentions.lua: per source, the documents that mention a word, on every core (-j N) or a cluster.
local paa = require "paa"
local report = require "paa.report"

local script = paa.script{
  name = "mentions", version = "1.0", requires = "paa >= 0.1",
  description = "Per source: the documents, and those that mention a word (any case).",
  params = {
    { "corpus", kind = "path", args = "+", help = "files or folders of articles" },
    { "--word", default = "openai", help = "the word to look for" },
    { "--format", kind = "choice", choices = report.FORMATS, default = "text", help = "output format" },
  },
}
local args = script.args
local corpus, word = assert(paa.open(args.corpus, { filter = args.filter })), args.word:lower()

local rows = script:run(corpus, {
  clean = true,  -- texts without their boilerplate
  map = function(doc)  -- one document: a record
    return { [doc.source] = { docs = 1, mention = doc.text:lower():find(word, 1, true) and 1 or 0 } }
  end,
  merge = function(acc, rec)  -- associative and order-free
    for source, n in pairs(rec) do
      local a = acc[source] or { source = source, docs = 0, mention = 0 }
      a.docs, a.mention = a.docs + n.docs, a.mention + n.mention
      acc[source] = a
    end
    return acc
  end,
  finish = function(acc)  -- a stable order: never pairs()'s
    local out = {}
    for _, a in pairs(acc) do out[#out + 1] = a end
    table.sort(out, function(a, b) return a.source < b.source end)
    return out
  end,
})
local tbl = { kind = "table", rows = rows, columns = { { key = "source", title = "source" },
  { key = "docs", title = "documents", align = "right" }, { key = "mention", title = "mention it", align = "right" } } }
report.write({ title = "Documents that mention '" .. args.word .. "'", sections = { tbl }, csv = tbl,
  json = function() return { manifest = script:manifest{ corpus = corpus }, sources = rows } end }, args.format)
