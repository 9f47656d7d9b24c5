-- bench/repl.lua: the interactive session's calls on a corpus, timed
-- (CPU seconds: the session runs on one thread), each answered from the
-- session's store beside the same question asked of the files as every
-- call asked it before the session kept its corpus (a walk of the clean
-- texts per call). Run by bench/repl.sh: paa bench/repl.lua FOLDER
local repl = require "paa.repl"
local kwic_mod = require "paa.kwic"
local clock = os.clock

local folder = assert(arg[1], "usage: paa bench/repl.lua FOLDER")
local function took(f)
  local t = clock()
  local r = f()
  return clock() - t, r
end

local t_load, banner = took(function() return repl.start({ folder }) end)
print(banner)
print(string.format("%-34s %9s %9s", "call", "session", "walk"))
local function row(call, f, walk)
  local a, r = took(f)
  local again = took(f)
  local b = walk and took(walk)
  print(string.format("%-34s %8.3fs %8s   (again %.3fs; %d rows)", call, a, b and string.format("%.3fs", b) or "-",
    again, type(r) == "table" and #r or 0))
end
print(string.format("%-34s %8.3fs", "load (ingest, clean texts kept)", t_load))
local c = rawget(_G, "corpus")
local paa_search = require "paa.search"
row('kwic("SoftBank")', function() return repl.kwic("SoftBank") end,
  function() return kwic_mod.find(c, "SoftBank", { clean = true, width = 6 }) end)
row('kwic("stake {0,2} in", left)', function() return repl.kwic("stake {0,2} in", { sort = "left" }) end,
  function() return kwic_mod.find(c, "stake {0,2} in", { clean = true, width = 6, sort = "left" }) end)
row('search("stake")', function() return repl.search("stake") end, function()
  local db = assert(paa_search.store(c, ":memory:"))
  local hits = paa_search.hits(db, "stake", { limit = 10 })
  db:close()
  return hits
end)
local n = require("paa.repl.session").of(c).ndocs
row("show(" .. n .. "), the last document", function()
  rawset(_G, "last", nil)  -- (no result: the corpus's Nth document)
  return repl.show_doc(n)
end, function()
  for doc in c:docs{ clean = true } do if doc.index == n then return doc end end
end)
local paa = require "paa"
row("deals()", function() return repl.deals() end, function()
  return paa.deals.find(assert(paa.open({ folder }, { warn = false, words = false })))
end)
row("themes()", function() return repl.themes() end, function()
  local lex = assert(paa.lexicon.load(paa.themes.lexicon_path("tensions")))
  return paa.themes.count(assert(paa.open({ folder }, { warn = false, words = false })), lex)
end)
row('words{ by = "source" }', function() return repl.words{ by = "source" } end)
row('keyness("business", "tech")', function() return repl.keyness("business", "tech") end)
row("export(last, csv)", function() return { repl.export(rawget(_G, "last"), os.tmpname() .. ".csv") } end)
