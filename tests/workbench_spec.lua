-- scripts/words.lua, keyness.lua and collocations.lua: golden runs on
-- corpus/, every format on corpus/, the seeds and BBC, the same report at
-- -j 1 and -j 2, --help, mistakes, the document-feature matrix, and the
-- HTML pages in a headless browser.
local h = require "helpers"
local cjson = require "cjson"

local SEEDS = "../shared/corpus/seeds"
local BBC = os.getenv("PAA_BBC") or "../shared/corpus/bbc"
local FORMATS = { "text", "md", "csv", "json", "html" }
local RUNS = {
  words = { "scripts/words.lua" },
  keyness = { "scripts/keyness.lua", "--target", "CloudBeat" },
  collocations = { "scripts/collocations.lua", "--min", "3" },
}

-- the run of script 'name' (RUNS) over 'corpus', with more arguments
local function args_of(name, corpus, ...)
  local a = { table.unpack(RUNS[name]) }
  table.insert(a, 2, corpus)
  for _, v in ipairs{ ... } do a[#a + 1] = v end
  return a
end

describe("the workbench scripts", function()
  after_each(h.cleanup)

  for _, name in ipairs{ "words", "keyness", "collocations" } do
    it(name .. ".lua prints the expected report of corpus/ (golden)", function()
      local out, err, status = h.run(args_of(name, "corpus/"))
      assert.are.equal(0, status, err)
      assert.are.equal("", err)
      assert.are.equal(h.slurp("tests/golden/" .. name .. "-corpus.txt"), out)
    end)

    it(name .. ".lua describes itself with --help", function()
      local out, _, status = h.run { RUNS[name][1], "--help" }
      assert.are.equal(0, status)
      h.has("Usage", out)
      h.has("--format", out)
    end)

    it(name .. ".lua writes every format", function()
      for _, fmt in ipairs(FORMATS) do
        local out, err, status = h.run(args_of(name, "corpus/", "--format", fmt))
        assert.are.equal(0, status, err)
        assert.is_true(#out > 100, fmt)
        if fmt == "json" then assert.is_table(cjson.decode(out).manifest) end
        if fmt == "csv" then assert.is_truthy(out:match("^[%w_,]+\r?\n"), out:sub(1, 80)) end
        if fmt == "html" then h.has("<!DOCTYPE html>", out) end
      end
    end)
  end

  local with_seeds = h.exists(SEEDS) and it or pending
  with_seeds("run on the seed articles", function()
    for _, name in ipairs{ "words", "collocations" } do
      local out, err, status = h.run(args_of(name, SEEDS, "--format", "json"))
      assert.are.equal(0, status, err)
      assert.is_table(cjson.decode(out).manifest)
    end
    -- one folder is one source: keyness of one article against the others
    local r = h.json { "scripts/keyness.lua", SEEDS, "--by", "doc", "--target", "000_932b29f3d37aae34.txt",
                       "--min", "3", "--format", "json" }
    assert.is_true(#r.target_key > 0)
    local k = h.json { "scripts/kwic.lua", SEEDS, "--query", "openai", "--format", "json" }
    assert.is_true(#k.rows > 20)
  end)

  local with_bbc = h.exists(BBC .. "/business") and it or pending
  with_bbc("give the same report on BBC at -j 1 and -j 2, in every format", function()
    for _, run in ipairs{ { "scripts/words.lua", BBC, "--by", "source", "--n", "2" },
                          { "scripts/keyness.lua", BBC, "--target", "business", "--reference", "tech" },
                          { "scripts/collocations.lua", BBC, "--by", "source", "--group", "sport" } } do
      for _, fmt in ipairs{ "text", "json", "csv" } do
        local a = { "-j", "1", table.unpack(run) }
        a[#a + 1], a[#a + 2] = "--format", fmt
        local one, err1, st1 = h.run(a)
        a[2] = "2"
        local two, err2, st2 = h.run(a)
        assert.are.equal(0, st1, err1)
        assert.are.equal(0, st2, err2)
        assert.are.equal(one, two, run[1] .. " " .. fmt)
      end
    end
  end)

  with_bbc("find the words that set business apart from tech", function()
    local r = h.json { "scripts/keyness.lua", BBC, "--target", "business", "--reference", "tech", "--format", "json" }
    local top = {}
    for i = 1, 10 do top[r.target_key[i].term] = true end
    assert.is_true(top.economy and top.oil and top.bank, "economy, oil, bank among the first ten")
    for i = 1, 10 do
      local k = r.reference_key[i]
      assert.is_true(k.g2 < 0 and k.reference > k.target, k.term)
    end
    assert.is_false(r.approximate)
  end)

  with_bbc("take the document filters: business against the rest of business and tech is against tech", function()
    local a = h.json { "scripts/keyness.lua", BBC, "--target", "business", "--reference", "tech", "--format", "json" }
    local b = h.json { "scripts/keyness.lua", BBC, "--source", "business", "--source", "tech",
                       "--target", "business", "--format", "json" }
    assert.are.same(a.target_key, b.target_key)
    assert.are.same(a.reference_key, b.reference_key)
    local w = h.json { "scripts/words.lua", BBC, "--source", "sport", "--format", "json" }
    assert.are.equal(1, #w.groups)
    assert.are.same({ "sport", 511 }, { w.groups[1].name, w.groups[1].docs })
  end)

  it("say what is wrong in one line, exit status 2", function()
    local cases = {
      { { "scripts/keyness.lua", "corpus/", "--target", "Nowhere" }, "no group 'Nowhere'" },
      { { "scripts/keyness.lua", "corpus/" }, "--target" },
      { { "scripts/words.lua", "corpus/", "--n", "9" }, "--n must be" },
      { { "scripts/words.lua", "corpus/", "--stopwords", "/nonexistent/list.txt" }, "cannot open stopword list" },
      { { "scripts/collocations.lua", "corpus/", "--group", "CloudBeat" }, "--group needs --by" },
    }
    for _, c in ipairs(cases) do
      local _, err, status = h.run(c[1])
      assert.are.equal(2, status, err)
      h.has(c[2], err)
    end
  end)

  it("write the document-feature matrix as CSV and Matrix Market, the same counts", function()
    local dir = h.tmpdir()
    local _, err, status = h.run { "scripts/words.lua", "corpus/", "--dfm", dir .. "/m.csv" }
    assert.are.equal(0, status, err)
    _, err, status = h.run { "scripts/words.lua", "corpus/", "--dfm", dir .. "/m.mtx" }
    assert.are.equal(0, status, err)
    local long, ndocs = {}, 0
    local lines = h.slurp(dir .. "/m.csv"):gmatch("[^\n]+")
    assert.are.equal("doc,term,freq", lines())
    for line in lines do  -- (a term with a comma is quoted: "1,000")
      local doc, term, n = line:match('^(.-),"(.*)",(%d+)$')
      if not doc then doc, term, n = line:match("^(.-),(.-),(%d+)$") end
      long[doc .. "\0" .. term:gsub('""', '"')] = tonumber(n)
    end
    local docs, terms = {}, {}
    for l in h.slurp(dir .. "/m.mtx.docs"):gmatch("[^\n]+") do docs[#docs + 1] = l end
    for l in h.slurp(dir .. "/m.mtx.terms"):gmatch("[^\n]+") do terms[#terms + 1] = l end
    local mtx = h.slurp(dir .. "/m.mtx"):gmatch("[^\n]+")
    assert.are.equal("%%MatrixMarket matrix coordinate integer general", mtx())
    mtx()  -- the comment naming the label files
    local r, c, nnz = mtx():match("^(%d+) (%d+) (%d+)$")
    assert.are.equal(#docs, tonumber(r))
    assert.are.equal(#terms, tonumber(c))
    for line in mtx do
      local i, j, n = line:match("^(%d+) (%d+) (%d+)$")
      local key = docs[tonumber(i)] .. "\0" .. terms[tonumber(j)]
      assert.are.equal(long[key], tonumber(n), key)
      long[key] = nil
      ndocs = ndocs + 1
    end
    assert.are.equal(tonumber(nnz), ndocs)
    assert.is_nil(next(long))
    -- the words of one document, counted by hand from paa.text.words
    local text = require "paa.text"
    local doc = assert(require("paa").open("corpus/", { warn = false }))
    for d in doc:docs{ clean = true, warn = false } do
      if d.id == docs[1] then
        local n = 0
        for _, w in ipairs(text.words(d.text)) do if w == "openai" then n = n + 1 end end
        local _, _, want = h.slurp(dir .. "/m.csv"):find("\n" .. d.id:gsub("%p", "%%%0") .. ",openai,(%d+)\n")
        assert.are.equal(n, tonumber(want))
      end
    end
  end)

  local with_chromium = h.sh("command -v chromium") ~= "" and it or pending
  with_chromium("pages load cleanly in a headless browser, with their charts", function()
    local dir = h.abs(h.tmpdir())
    for name, want in pairs{ words = '<rect class="bar"', keyness = '<rect class="bar negative"',
                             collocations = '<rect class="bar"' } do
      local out, err, status = h.run(args_of(name, "corpus/", "--format", "html"))
      assert.are.equal(0, status, err)
      local file = h.write(dir .. "/" .. name .. ".html", out)
      local dom, berr, bstatus = h.browse(file, "--dump-dom")
      assert.are.equal(0, bstatus, berr)
      assert.are.equal("", h.console_errors(berr))
      h.has(want, dom)
      h.has("<table>", dom)
    end
  end)

  it("are in the interactive session as words(), keyness() and collocations(), giving rows", function()
    local repl = require "paa.repl"
    local c = assert(require("paa").open("corpus/", { warn = false }))
    local rows = repl.words{ top = 2, corpus = c }
    assert.are.equal(10, #rows)  -- 2 for each of 5 sources
    assert.are.same({ "CloudBeat", "openai", 28 }, { rows[1].group, rows[1].term, rows[1].freq })
    local key = repl.keyness("CloudBeat", { top = 1, corpus = c })
    assert.are.equal("coreweave", key[1].term)
    local col = repl.collocations{ top = 1, min = 3, corpus = c }
    assert.are.same({ "chief executive", 11 }, { col[1].term, col[1].freq })
    assert.has_error(function() repl.keyness("Nowhere", { corpus = c }) end,
      "keyness: no source 'Nowhere'; the sources: CloudBeat, MarketPulse, Silicon Post, TechWire Daily, The Ledger")
    assert.has_error(function() repl.keyness("1999", { by = "year", corpus = c }) end,
      "keyness: no group '1999'")
  end)
end)
