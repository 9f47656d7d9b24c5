-- paa.repl: the Lua side of the interactive session (show, complete, the
-- helpers help/kwic/search/show/run, start), then the session itself in a
-- pseudo-terminal driven through tmux.
local h = require "helpers"
local _  -- what a call returns that a test does not look at
local repl = require "paa.repl"

-- the globals repl.start sets, restored after each test
local SESSION_GLOBALS = { "paa", "corpus", "help", "kwic", "search", "show", "run", "words", "keyness",
                          "collocations", "export", "all", "last" }

local function save_globals()
  local saved = {}
  for _, k in ipairs(SESSION_GLOBALS) do saved[k] = rawget(_G, k) end
  return saved
end

local function restore_globals(saved)
  for _, k in ipairs(SESSION_GLOBALS) do rawset(_G, k, saved[k]) end
end

--- Call f(...) with io.write/print going to a string; returns it and f's results.
local function capture(f, ...)
  local name = os.tmpname()
  local file = assert(io.open(name, "w+b"))
  local old_out, old_print = io.output(), _G.print
  io.output(file)
  _G.print = function(...)
    local n, parts = select("#", ...), {}
    for i = 1, n do parts[i] = tostring((select(i, ...))) end
    io.write(table.concat(parts, "\t"), "\n")
  end
  local res = table.pack(pcall(f, ...))
  io.output(old_out)
  _G.print = old_print
  file:seek("set")
  local text = file:read("a")
  file:close()
  os.remove(name)
  if not res[1] then error(res[2], 0) end
  return text, table.unpack(res, 2, res.n)
end

--- Call f(...) with io.stderr replaced; returns what was written there, and f's results.
local function capture_stderr(f, ...)
  local got, old = {}, io.stderr
  io.stderr = { write = function(self, ...)  -- luacheck: ignore 122
    for i = 1, select("#", ...) do got[#got + 1] = tostring((select(i, ...))) end
    return self
  end }
  local res = table.pack(pcall(f, ...))
  io.stderr = old  -- luacheck: ignore 122
  if not res[1] then error(res[2], 0) end
  return table.concat(got), table.unpack(res, 2, res.n)
end

local function lines(s)
  local t = {}
  for l in (s .. "\n"):gmatch("(.-)\n") do t[#t + 1] = l end
  if t[#t] == "" then t[#t] = nil end
  return t
end

-- a small corpus: two sources, boilerplate repeated in one article
local function fixture()
  local dir = h.tmpdir()
  h.write(dir .. "/wire/a.txt", [[
---
title: Alpha deal gives Microsoft exclusive rights
date: 2025-01-02
url: https://wire.example/a
---
Microsoft signed an exclusive agreement with OpenAI on Monday, giving it a right of first refusal on new capacity for the next several years of the partnership.

Subscribe to the Wire newsletter for daily news.

The exclusivity ends in 2030, people familiar with the matter said.

Subscribe to the Wire newsletter for daily news.
]])
  h.write(dir .. "/post/b.txt", [[
---
title: Antitrust regulators look at cloud deals
date: 2025-02-03
---
Regulators opened an antitrust review of cloud deals. The antitrust review covers exclusive contracts.
]])
  h.write(dir .. "/post/c.txt", [[
---
title: Chips and data centers
---
Nothing about the subject here. Just chips and data centers.
]])
  return dir
end

describe("paa.repl", function()
  local saved
  before_each(function() saved = save_globals() end)
  after_each(function()
    restore_globals(saved)
    h.cleanup()
  end)

  describe("show", function()
    it("prints nil, booleans and numbers as Lua does", function()
      assert.are.equal("", repl.show())
      assert.are.equal("nil", repl.show(nil))
      assert.are.equal("true", repl.show(true))
      assert.are.equal("12345", repl.show(12345))
      assert.are.equal("2.5", repl.show(2.5))
      assert.are.equal(tostring(1e100), repl.show(1e100))
      assert.are.equal("-0.0", repl.show(-0.0))
    end)

    it("prints top-level strings raw, cut after 2,000 bytes on a character boundary", function()
      assert.are.equal("a\nb \"c\"", repl.show("a\nb \"c\""))
      assert.are.equal(string.rep("x", 2000) .. "… (3,000 more bytes)", repl.show(string.rep("x", 5000)))
      local s = repl.show("a" .. string.rep("é", 1500))  -- byte 2,000 is inside an é
      assert.are.equal("a" .. string.rep("é", 999) .. "… (1,002 more bytes)", s)
      assert.truthy(utf8.len(s))
    end)

    it("prints tables nested, array part first, then keys sorted", function()
      assert.are.equal('{ 3, 2, [10] = true, a = "x", b = 1, ["x y"] = {} }',
        repl.show({ 3, 2, b = 1, a = "x", [10] = true, ["x y"] = {} }))
      assert.are.equal('{ "a\\nb", "q\\"" }', repl.show({ "a\nb", 'q"' }))
      assert.are.equal("{}", repl.show({}))
      -- digit runs compare as numbers
      assert.are.equal("{ k2 = 2, k10 = 10 }", repl.show({ k10 = 10, k2 = 2 }))
    end)

    it("stops at depth 3", function()
      assert.are.equal("{ a = { b = { c = {…} } } }", repl.show({ a = { b = { c = { d = 1 } } } }))
      assert.are.equal("{ a = { b = { c = {} } } }", repl.show({ a = { b = { c = {} } } }))
    end)

    it("shows at most 20 entries of a table", function()
      local t = {}
      for i = 1, 200 do t[i] = i end
      local s = repl.show(t)
      assert.matches("… 180 more", s, 1, true)
      assert.matches("^%{\n  1,\n  2,\n", s)
      assert.matches("\n  20,\n  … 180 more\n}$", s)
      local m = {}
      for i = 1, 30 do m["k" .. i] = i end
      assert.matches("k1 = 1,\n  k2 = 2,", repl.show(m), 1, true)
      assert.matches("… 10 more", repl.show(m), 1, true)
    end)

    it("breaks a table over lines when it is wider than 78 columns", function()
      local s = repl.show({ title = string.rep("long ", 10), other = string.rep("text ", 10) })
      assert.are.same({ "{", '  other = "' .. string.rep("text ", 10) .. '",',
                        '  title = "' .. string.rep("long ", 10) .. '",', "}" }, lines(s))
    end)

    it("clips long strings inside tables", function()
      local s = repl.show({ text = string.rep("y", 1000) })
      assert.are.equal('{ "' .. string.rep("y", 40) .. '" }', repl.show({ string.rep("y", 40) }))
      assert.are.equal('{\n  text = "' .. string.rep("y", 120) .. '"… (880 more bytes),\n}', s)
    end)

    it("is deterministic whatever the order keys were set in", function()
      local a, b = {}, {}
      for i = 1, 15 do a["key" .. i] = i end
      for i = 15, 1, -1 do b["key" .. i] = i end
      a.sub, b.sub = { z = 1, y = 2 }, { y = 2, z = 1 }
      assert.are.equal(repl.show(a), repl.show(b))
      assert.are.equal(repl.show(a), repl.show(a))
    end)

    it("does not fail on cycles", function()
      local t = { name = "t" }
      t.self = t
      assert.are.equal('{ name = "t", self = <cycle> }', repl.show(t))
      local x, y = {}, {}
      x.y, y.x = y, x
      assert.are.equal("{ y = { x = <cycle> } }", repl.show(x))
      local shared = { 1 }
      assert.are.equal("{ a = { 1 }, b = { 1 } }", repl.show({ a = shared, b = shared }))
    end)

    it("names functions: builtin or file:line", function()
      assert.are.equal("function: builtin", repl.show(print))
      local info = debug.getinfo(1, "S")
      local function f() end
      assert.are.equal(string.format("function (%s:%d)", info.short_src, debug.getinfo(f, "S").linedefined),
        repl.show(f))
      assert.are.equal("{ f = function: builtin }", repl.show({ f = string.len }))
    end)

    it("prints userdata and objects by tostring, never raising", function()
      local lex = require("paa.lexicon").new{ t = { "ai" } }
      assert.are.equal("paa.Lexicon (1 theme, 1 term)", repl.show(lex))
      local c = assert(require("paa.corpus").open(fixture()))
      assert.matches("^paa%.Corpus", repl.show(c))
      local obj = setmetatable({}, { __tostring = function() return "my object" end })
      assert.are.equal("my object", repl.show(obj))
      assert.are.equal("{ my object }", repl.show({ obj }))
      local bad = setmetatable({}, { __tostring = function() error("no") end, __name = "Bad" })
      assert.are.equal("Bad", repl.show(bad))
      local weird = setmetatable({ 1 }, { __index = function() error("never called") end,
                                          __pairs = function() error("never called") end })
      assert.are.equal("{ 1 }", repl.show(weird))
    end)

    it("prints an array of records as an aligned table of up to 20 rows", function()
      local rows = {}
      for i = 1, 25 do
        rows[i] = { score = i / 4, id = "doc" .. i, source = i % 2 == 0 and "even" or "odd",
                    nested = { ignored = true } }
      end
      local t = lines(repl.show(rows))
      assert.are.equal(20 + 3, #t)
      assert.matches("^id +source +score$", t[1])
      assert.matches("^%-%-%-+  %-+  %-+$", t[2])
      assert.matches("^doc1 +odd +0%.25$", t[3])
      assert.matches("^doc4 +even +1%.0$", t[6])
      assert.are.equal("… 5 more rows", t[#t])
    end)

    it("keeps at most 8 columns, in first-seen order, and clips long cells", function()
      local r1 = { id = "x", title = string.rep("word ", 30) }
      for i = 1, 10 do r1["f" .. i] = i end
      local t = lines(repl.show({ r1, { id = "y", extra = true } }))
      assert.matches("^id +title +f1 +f2 +f3 +f4 +f5 +f6$", t[1])
      assert.matches("… more fields: f7, f8, f9, f10, extra", t[#t], 1, true)
      assert.matches("word word…", t[3], 1, true)
      assert.are.equal(40, utf8.len(t[3]:match("(word.-…)")))
    end)

    it("treats only arrays of records as records", function()
      assert.are.equal('{ { 1, 2 }, { "a" } }', repl.show({ { 1, 2 }, { "a" } }))
      assert.are.equal("{ { a = 1 }, x = 1 }", repl.show({ { a = 1 }, x = 1 }))
      assert.are.equal("{ { a = 1 }, 2 }", repl.show({ { a = 1 }, 2 }))
    end)

    it("separates several values by tabs, or by lines when one takes several", function()
      assert.are.equal("1\ta\tnil\t{ x = 1 }", repl.show(1, "a", nil, { x = 1 }))
      local s = repl.show(2, { { id = "a" }, { id = "b" } })
      assert.are.same({ "2", "id", "--", "a", "b" }, lines(s))
    end)
  end)

  describe("complete", function()
    it("completes globals and keywords", function()
      rawset(_G, "corpus_for_test", true)
      assert.are.same({ "coroutine", "corpus_for_test" }, repl.complete("cor", "cor"))
      rawset(_G, "corpus_for_test", nil)
      assert.are.same({ "function" }, repl.complete("functio", "functio"))
      assert.are.same({ "print" }, repl.complete("prin", "x = prin"))
    end)

    it("walks nested fields", function()
      capture(repl.start, {})  -- loads the facade's modules: paa.deals completes before use
      assert.are.same({ "paa.text" }, repl.complete("paa.te", "paa.te"))
      assert.are.same({ "paa.text.words" }, repl.complete("paa.text.wo", "paa.text.wo"))
      assert.are.same({ "string.upper" }, repl.complete("string.up"))
      local all = repl.complete("paa.", "paa.")
      for _, want in ipairs { "paa.corpus", "paa.open", "paa.version", "paa.report", "paa.deals" } do
        assert.truthy(table.concat(all, " "):find(want, 1, true), want)
      end
      assert.are.same({}, repl.complete("nope.x", "nope.x"))
      assert.are.same({}, repl.complete("math.pi.x", "math.pi.x"))
    end)

    it("completes the methods of a paa.Corpus through its metatable", function()
      rawset(_G, "corpus", assert(require("paa.corpus").open(fixture())))
      assert.are.same({ "corpus:docs" }, repl.complete("corpus:do", "corpus:do"))
      assert.are.same({ "corpus:boilerplate", "corpus:close", "corpus:docs", "corpus:roots",
                        "corpus:skipped", "corpus:stats" }, repl.complete("corpus:", "corpus:"))
    end)

    it("completes string methods through the string metatable", function()
      assert.are.same({ '("x"):upper' }, repl.complete('("x"):up', '("x"):up'))
      -- readline cuts the word at ')': the line gives the receiver
      assert.are.same({ ":upper" }, repl.complete(":up", 's = ("x"):up'))
      rawset(_G, "some_string_for_test", "abc")
      assert.are.same({ "some_string_for_test:upper" },
        repl.complete("some_string_for_test:up", "some_string_for_test:up"))
      rawset(_G, "some_string_for_test", nil)
    end)

    it("uses the line for context when the word was cut at a dot", function()
      rawset(_G, "paa", require "paa")
      assert.are.same({ "words" }, repl.complete("wo", "x = paa.text.wo"))
    end)

    it("never calls functions or metamethods, and never raises", function()
      local calls = 0
      local function count() calls = calls + 1 end
      rawset(_G, "obj_for_test", setmetatable({ own = 1 }, {
        __index = setmetatable({ method = function() end, field = 2 },
                               { __index = { deep = function() end } }),
        __pairs = count, __len = count, __tostring = count,
      }))
      rawset(_G, "lazy_for_test", setmetatable({}, { __index = function() count() return {} end }))
      assert.are.same({ "obj_for_test:deep", "obj_for_test:method" }, repl.complete("obj_for_test:", "obj_for_test:"))
      assert.are.same({ "obj_for_test.deep", "obj_for_test.field", "obj_for_test.method", "obj_for_test.own" },
        repl.complete("obj_for_test.", "obj_for_test."))
      assert.are.same({}, repl.complete("lazy_for_test.x.y", "lazy_for_test.x.y"))
      assert.are.equal(0, calls)
      rawset(_G, "obj_for_test", nil)
      rawset(_G, "lazy_for_test", nil)
      assert.are.same({}, repl.complete(nil, nil))
      assert.are.same({}, repl.complete(42, {}))
      assert.are.same({}, repl.complete("1.x", "1.x"))
      assert.are.same({}, repl.complete("a..b", "a..b"))
    end)

    it("returns sorted, unique candidates", function()
      local got = repl.complete("s", "s")
      local copy = { table.unpack(got) }
      table.sort(copy)
      assert.are.same(copy, got)
      local seen = {}
      for _, w in ipairs(got) do
        assert.is_nil(seen[w], w)
        seen[w] = true
      end
    end)
  end)

  describe("help", function()
    it("finds text.words in docs/api.md by name, by function and by full name", function()
      local a = repl.help_text("text.words")
      assert.matches("^### text%.words %(s %[, opts%]%)\n", a)
      assert.matches("folded as\nterms: as `text.fold` does", a, 1, true)
      assert.falsy(a:find("### text.count", 1, true))  -- up to the next heading
      assert.are.equal(a, repl.help_text(require("paa.text").words))
      assert.are.equal(a, repl.help_text("paa.text.words"))
    end)

    it("documents methods, modules and paa objects", function()
      assert.matches("^### corpus:docs %(%[opts%]%)\n", repl.help_text("corpus:docs"))
      local c = assert(require("paa.corpus").open(fixture()))
      local m = getmetatable(c).__index
      assert.are.equal(repl.help_text("corpus:docs"), repl.help_text(m.docs))
      local mod = repl.help_text(require "paa.text")
      assert.matches("^## paa%.text\n", mod)
      assert.matches("\n  text.words (s [, opts])\n", mod, 1, true)
      assert.matches("corpus:stats ()", repl.help_text(c), 1, true)
      assert.matches("^### paa%.open ", repl.help_text(require("paa").open))
      assert.matches("^## paa%.corpus\n", repl.help_text("paa.corpus"))
    end)

    it("prints a page of helpers and modules without an argument", function()
      local out = tostring(repl.help())
      for _, w in ipairs { "help(x)", "kwic(query", "search(query", "show(n_or_id)", "run(script", "export(result",
                           "all([result])", "debug(on)", "words([opts])", "paa.text" } do
        assert.matches(w, out, 1, true)
      end
      assert.matches("^### kwic %(query %[, opts%]%)\n", repl.help_text("kwic"))
      assert.are.equal(repl.help_text("kwic"), repl.help_text(repl.kwic))
      assert.matches("^### show %(n_or_id", repl.help_text(repl.show_doc))
      assert.matches("no documentation for 'nosuch'", repl.help_text("nosuch"), 1, true)
    end)
  end)

  describe("helpers over a corpus", function()
    local dir
    before_each(function()
      dir = fixture()
      rawset(_G, "corpus", assert(require("paa.corpus").open(dir)))
      rawset(_G, "last", nil)
    end)

    it("kwic returns a row per match, without boilerplate, and prints them as lines", function()
      local r = repl.kwic("exclusiv*")
      assert.are.equal(3, #r)
      assert.are.equal(r, rawget(_G, "last"))
      assert.are.same({ "post/b.txt", "wire/a.txt", "wire/a.txt" }, { r[1].id, r[2].id, r[3].id })
      assert.are.same({ "exclusive", "exclusive", "exclusivity" }, { r[1].match, r[2].match, r[3].match })
      assert.are.equal("covers", r[1].left:match("(%S+)$"))
      assert.are.equal("post", r[1].source)
      assert.are.equal("2025-02-03", r[1].date)
      -- the bytes of the match in the clean text
      local d = require("paa.repl.session").of(rawget(_G, "corpus")):doc(r[2].id)
      assert.are.equal("exclusive", d.text:sub(r[2].start, r[2].stop))
      local t = lines(tostring(r))
      assert.are.equal("3 matches in 2 documents", t[1])
      assert.matches("^  1  post/b%.txt +.* covers «exclusive» contracts%.$", t[2])
      assert.matches("The «exclusivity» ends in 2030", t[4], 1, true)
      -- the match starts at the same column on every line
      local col
      for i = 2, 4 do
        local c = utf8.len(t[i]:sub(1, t[i]:find("«", 1, true)))
        col = col or c
        assert.are.equal(col, c)
      end
      assert.matches("show%(N%) reads the document of row N", t[5])
      assert.are.equal(0, #repl.kwic("subscribe"))  -- the boilerplate line is not there
    end)

    it("kwic takes the query language, arrays of terms, lexicons and options", function()
      local r = repl.kwic("right of first refusal", { width = 2 })
      assert.are.equal(1, #r)
      assert.are.same({ "it a", "right of first refusal", "on new" }, { r[1].left, r[1].match, r[1].right })
      r = repl.kwic("antitrust {0,1} [kind=word]")
      assert.are.equal(2, #r)
      assert.are.equal(3, #repl.kwic("exclusiv*", { limit = 1 }) + 2)
      assert.matches("3 matches in 2 documents %(the first 1%)", tostring(repl.kwic("exclusiv*", { limit = 1 })))
      assert.are.equal(1, #repl.kwic("exclusiv*", { source = "post" }))
      local lex = require("paa.lexicon").new{ a = { "antitrust" }, b = { "microsoft" } }
      assert.are.equal(3, #repl.kwic(lex))
      r = repl.kwic({ "chips", "data center*" })
      assert.are.equal(2, #r)
      assert.are.same({ "chips", "data centers" }, { r[1].match, r[2].match })
      r = repl.kwic("exclusiv*", { sort = "right" })
      assert.are.same({ "wire/a.txt", "post/b.txt", "wire/a.txt" }, { r[1].id, r[2].id, r[3].id })
      assert.are.equal("no matches", tostring(repl.kwic("nowhere")))
    end)

    it("matches a source in any case, by its start; an empty result names the sources", function()
      assert.are.equal(2, #repl.kwic("exclusiv*", { source = "WI" }))
      assert.are.equal(3, #repl.kwic("exclusiv*", { source = { "wire", "Post" } }))
      assert.are.equal("no matches in post (the sources: post, wire)",
        tostring(repl.kwic("microsoft", { source = "post" })))
      h.has("kwic: no source 'reuters'; the sources: post, wire", h.error_of(repl.kwic, "x", { source = "reuters" }))
      assert.are.equal("no documents match in wire (the sources: post, wire)",
        tostring(repl.search("antitrust", { source = "WIRE" })))
      assert.are.equal(1, #repl.search("antitrust", { source = "po" }))
    end)

    it("helpers raise one-line messages without a corpus or with bad arguments", function()
      rawset(_G, "corpus", nil)
      h.has("kwic: no corpus", h.error_of(repl.kwic, "x"))
      h.has("search: no corpus", h.error_of(repl.search, "x"))
      h.has("kwic: corpus must be a paa.Corpus", h.error_of(repl.kwic, "x", { corpus = "dir" }))
      rawset(_G, "corpus", assert(require("paa.corpus").open(dir)))
      h.has("kwic: width must be an integer", h.error_of(repl.kwic, "x", { width = "wide" }))
      h.has("kwic: no option 'widht'; did you mean width?", h.error_of(repl.kwic, "x", { widht = 3 }))
      h.has("kwic: character 3:", h.error_of(repl.kwic, "a {"))
      h.has("kwic: expected a query", h.error_of(repl.kwic, 42))
      h.has("search: the query has no terms", h.error_of(repl.search, "  "))
      h.has("search: expected a query string", h.error_of(repl.search, 42))
      h.has("show: expected a row number", h.error_of(repl.show_doc, true))
      h.has("keyness: expected a group's name", h.error_of(repl.keyness, 1))
      h.has("words: by must be", h.error_of(repl.words, { by = "week" }))
    end)

    it("search ranks documents through the store's full-text index and returns the hits", function()
      local hits = repl.search("antitrust")
      assert.are.equal(1, #hits)
      assert.are.equal(hits, rawget(_G, "last"))
      local b = hits[1]
      assert.are.equal("post/b.txt", b.doc)
      assert.are.equal("post", b.source)
      assert.are.equal("2025-02-03", b.date)
      assert.are.equal("Antitrust regulators look at cloud deals", b.title)
      assert.are.equal("number", type(b.rank))
      local out = tostring(hits)
      assert.matches("^1 document matches\n 1  post/b%.txt  post  2025%-02%-03\n", out)
      assert.matches("\n    Antitrust regulators look at cloud deals\n", out, 1, true)
      assert.matches("«antitrust»", out, 1, true)
      -- the same hits as paa.search over a store of the corpus
      local db = assert(require("paa.search").store(rawget(_G, "corpus"), ":memory:"))
      local want = require("paa.search").hits(db, "exclusive OR antitrust", { limit = 10 })
      local got = repl.search("exclusive OR antitrust")
      assert.are.equal(#want, #got)
      for i = 1, #want do assert.are.equal(want[i].doc, got[i].doc) end
      db:close()
    end)

    it("search understands FTS5 queries: OR, phrases, NOT, prefixes, a limit", function()
      assert.are.equal(2, #repl.search("antitrust OR exclusive"))
      local hits = repl.search("exclusiv* NOT antitrust")
      assert.are.equal(1, #hits)
      assert.are.equal("wire/a.txt", hits[1].doc)
      assert.are.equal(1, #repl.search('"first refusal"'))
      assert.are.equal("no documents match", tostring(repl.search("nowhere")))
      assert.are.equal(1, #repl.search("exclusive OR antitrust", { limit = 1 }))
      h.has("search: limit must be an integer of at least 1, not '0'", h.error_of(repl.search, "x", { limit = 0 }))
    end)

    it("show gives one clean document, wrapped, and its boilerplate", function()
      local out = tostring(repl.show_doc("wire/a.txt"))
      local t = lines(out)
      assert.are.equal("id:     wire/a.txt", t[1])
      assert.are.equal("source: wire", t[2])
      assert.are.equal("date:   2025-01-02", t[3])
      assert.are.equal("title:  Alpha deal gives Microsoft exclusive rights", t[4])
      assert.matches("^words:  %d+ %(without boilerplate%)$", t[5])
      assert.are.equal("url:    https://wire.example/a", t[6])
      for _, l in ipairs(t) do assert.truthy(utf8.len(l) <= 78, l) end
      assert.matches("\nMicrosoft signed an exclusive agreement with OpenAI on Monday, giving it a\n", out, 1, true)
      assert.falsy(out:find("\n\n\n", 1, true))
      assert.matches("\nboilerplate removed (2 lines):\n  repeat   Subscribe to the Wire newsletter", out, 1, true)
      -- the session prints it whole, not as a table
      assert.are.equal(out, repl.show(repl.show_doc("wire/a.txt")))
      -- a part of an id, a row, the corpus's Nth document, the document of row N of last
      assert.are.equal(out, tostring(repl.show_doc("a.txt")))
      assert.are.equal(out, tostring(repl.show_doc({ id = "wire/a.txt" })))
      local order = {}
      for doc in rawget(_G, "corpus"):docs() do order[#order + 1] = doc.id end
      assert.matches("^id:     " .. order[1]:gsub("%p", "%%%0"), tostring(repl.show_doc(1)))
      repl.search("antitrust")
      assert.matches("^id:     post/b%.txt\n", tostring(repl.show_doc(1)))
      repl.kwic("exclusivity")
      assert.are.equal(out, tostring(repl.show_doc(1)))
      h.has("no document 'zzz'", h.error_of(repl.show_doc, "zzz"))
      h.has("'.txt' is in 3 document ids", h.error_of(repl.show_doc, ".txt"))
      h.has("show: no row 9 in last (1 row)", h.error_of(repl.show_doc, 9))
      rawset(_G, "last", nil)
      h.has("show: no document 9: the corpus has 3 documents", h.error_of(repl.show_doc, 9))
    end)

    it("reads the corpus once: later calls answer from the store, not the files", function()
      assert.are.equal(3, #repl.kwic("exclusiv*"))
      os.remove(dir .. "/wire/a.txt")
      assert.are.equal(3, #repl.kwic("exclusiv*"))
      assert.matches("^id:     wire/a%.txt", tostring(repl.show_doc("wire/a.txt")))
      assert.are.equal(2, #repl.search("antitrust OR exclusive"))
    end)

    it("words, keyness and collocations return results of rows; a source by its start", function()
      local w = repl.words{ top = 2 }
      assert.are.equal(4, #w)
      assert.are.equal(w, rawget(_G, "last"))
      assert.are.same({ "group", "term", "freq", "docs", "per1000" }, (function()
        local k = {}
        for i, c in ipairs(require("paa.repl.result").columns(w)) do k[i] = c.key end
        return k
      end)())
      assert.matches("^top 2 words by source\n *#  group  term", tostring(w))
      local one = repl.words{ group = "WI", top = 50 }
      for _, r in ipairs(one) do assert.are.equal("wire", r.group) end
      -- rows that are not documents': show(N) says so; without a result, the corpus's Nth document
      h.has("show: the rows of last (words) are not documents", h.error_of(repl.show_doc, 1))
      rawset(_G, "last", nil)
      assert.matches("^id:     ", tostring(repl.show_doc(1)))
      local k = repl.keyness("po", { min = 1, top = 3 })
      assert.matches("^post against the rest\n", tostring(k))
      assert.truthy(#k > 0)
      h.has("keyness: no source 'x'", h.error_of(repl.keyness, "x"))
      assert.are.equal(0, #repl.collocations{ min = 50 })
    end)

    it("export writes every row of a result as CSV, JSON, Markdown or HTML", function()
      local r = repl.kwic("exclusiv*")
      local base = h.tmpdir() .. "/kwic"
      assert.are.equal(base .. ".csv: 3 rows (CSV)", repl.export(r, base .. ".csv"))
      local csv = lines((h.slurp(base .. ".csv"):gsub("\r\n", "\n")))
      assert.are.equal("doc,id,source,date,title,left,match,right,start,stop", csv[1])
      assert.are.equal(4, #csv)
      assert.matches(",exclusivity,", csv[4], 1, true)
      repl.export(r, base .. ".json")
      local json = require("cjson").decode(h.slurp(base .. ".json"))
      assert.are.equal(3, #json)
      assert.are.equal("exclusivity", json[3].match)
      assert.are.equal(r[3].start, json[3].start)
      repl.export(r, base .. ".md")
      assert.matches("^| doc | id | source |", h.slurp(base .. ".md"))
      repl.export(r, base .. ".HTML")
      local html = h.slurp(base .. ".HTML")
      assert.matches("^<!DOCTYPE html>", html)
      assert.are.equal(4, h.occurrences(html, "<tr"))
      h.has("export: '" .. base .. ".txt': the file's ending says the format", h.error_of(repl.export, r, base .. ".txt"))
      h.has("export: expected a result", h.error_of(repl.export, 42, "x.csv"))
      h.has("export: expected a file name", h.error_of(repl.export, r, 42))
      h.has("export: /no/such/dir/x.csv", h.error_of(repl.export, r, "/no/such/dir/x.csv"))
      assert.matches("^3 matches in 2 documents\n", tostring(repl.all(r)))
      -- where: the rows whose field holds a text, any case, as a result of the same kind
      local w = repl.where(r, "id", "WIRE/")
      assert.are.equal(2, #w)
      assert.are.equal(w, rawget(_G, "last"))
      assert.are.same({ "wire/a.txt", "wire/a.txt" }, { w[1].id, w[2].id })
      assert.matches("^2 rows of 3 with id 'WIRE/'\n  1  wire/a%.txt", tostring(w))
      assert.are.equal(tostring(repl.show_doc("wire/a.txt")), tostring(repl.show_doc(1)))
      repl.export(w, base .. "-w.csv")
      assert.are.equal(csv[1], lines(h.slurp(base .. "-w.csv"))[1]:gsub("\r$", ""))
      assert.are.equal(0, #repl.where(r, "match", "nowhere"))
      h.has("where: no column 'mach'; did you mean match?", h.error_of(repl.where, r, "mach", "x"))
      h.has("where: expected a result", h.error_of(repl.where, {}, "id", "x"))
      h.has("all: expected a result", h.error_of(repl.all, 5))
    end)

    it("run runs a report script on the session's corpus, os.exit and paa.fail included", function()
      local saved_exit, saved_arg = os.exit, rawget(_G, "arg")
      local out, status = capture(repl.run, "scripts/overview.lua", dir)
      assert.is_nil(status)
      assert.matches("3 documents from 2 sources, 2025-01-02 to 2025-02-03", out, 1, true)
      -- no corpus named: the session's
      out = capture(repl.run, "overview")
      assert.matches("3 documents from 2 sources", out, 1, true)
      -- no corpus at all: the script stops through paa.fail, the session does not
      rawset(_G, "corpus", nil)
      local err
      err, _, status = capture_stderr(capture, repl.run, "scripts/overview.lua")
      assert.matches("^paa: .*CORPUS", err)
      assert.matches("\npaa: scripts/overview.lua exited with status " .. tostring(status) .. "\n$", err)
      assert.is_true(math.type(status) == "integer" and status > 0)
      assert.are.equal(os.exit, saved_exit)
      assert.are.equal(rawget(_G, "arg"), saved_arg)
      assert.is_nil(require("paa.script").session_corpus)
    end)

    it("run returns the rows a script returns as a result: deals.lua's deals", function()
      local out, r = capture(repl.run, "deals", "corpus/")
      assert.matches("Deals reported in corpus", out, 1, true)
      assert.are.equal(r, rawget(_G, "last"))
      assert.is_true(#r > 20)
      assert.matches("^D%x+$", r[1].id)
      assert.are.equal("number", type(r[1].value))
      assert.matches("^%d+ rows in last", tostring(r))
      local csv = h.run({ "scripts/deals.lua", "corpus/", "--format", "csv" })
      local file = h.tmpdir() .. "/d.csv"
      repl.export(r, file)
      assert.are.equal(csv, h.slurp(file))
    end)

    it("deals() and themes() answer from the store what the scripts report, and show their evidence", function()
      rawset(_G, "corpus", assert(require("paa").open("corpus/", { warn = false })))
      local base = h.tmpdir()
      local d = repl.deals()
      assert.are.equal(d, rawget(_G, "last"))
      assert.matches("^49 mentions in 15 documents, merged into 34 deals\n", tostring(d))
      repl.export(d, base .. "/deals.csv")
      assert.are.equal(h.run({ "scripts/deals.lua", "corpus/", "--format", "csv" }), h.slurp(base .. "/deals.csv"))
      local k
      for i, r in ipairs(d) do if r.parties:find("SoftBank (lead_investor)", 1, true) then k = i end end
      local ev = tostring(repl.show_doc(k))
      assert.matches("^D%x+: %$40bn funding, OpenAI %(recipient%), SoftBank %(lead_investor%); 6 mentions in 6 " ..
        "documents from 4 sources\n", ev)
      assert.are.equal(6, h.occurrences(ev, "«$40 billion»"))
      -- a row kept by where shows its own deal
      local w = repl.where(d, "parties", "SoftBank (lead")
      assert.are.equal(1, #w)
      assert.are.equal(ev, tostring(repl.show_doc(1)))
      assert.are.equal(1, #repl.deals{ source = "ledger", min_mentions = 2 })
      local t = repl.themes()
      repl.export(t, base .. "/themes.csv")
      assert.are.equal(h.run({ "scripts/tensions.lua", "corpus/", "--format", "csv" }), h.slurp(base .. "/themes.csv"))
      assert.matches("^11 themes by source, per 1,000 words\n", tostring(t))
      for i, r in ipairs(t) do if r.matches > 0 then k = i break end end
      local cell = tostring(repl.show_doc(k))
      assert.matches("^" .. t[k].theme .. " in " .. t[k].group .. ": " .. t[k].matches .. " match", cell)
      assert.matches("(the row says " .. t[k].matches .. ")", cell, 1, true)
      assert.are.equal(t[k].matches, h.occurrences(cell, "«"))
      repl.words()
      h.has("show: the rows of last (words) are not documents", h.error_of(repl.show_doc, 1))
      h.has("show: no row 99 in last", h.error_of(repl.show_doc, 99))
      h.has("themes: no option 'lexikon'; did you mean lexicon?", h.error_of(repl.themes, { lexikon = "x" }))
    end)

    it("run passes arguments and restores os.exit and arg after an exit or an error", function()
      local saved_exit, saved_arg = os.exit, rawget(_G, "arg")
      local s = h.write(dir .. "/s.lua", 'print(arg[0], arg[1], ...) if arg[1] == "exit" then os.exit(3) end ' ..
        'if arg[1] == "fail" then error("bad script") end return "done", #arg')
      local out, a, b = capture(repl.run, s, "one", "two")
      assert.are.equal(s .. "\tone\tone\ttwo\n", out)
      assert.are.same({ "done", 2 }, { a, b })
      local status
      local err = capture_stderr(function() _, status = capture(repl.run, s, "exit") end)
      assert.are.equal(3, status)
      assert.matches("exited with status 3", err, 1, true)
      assert.are.equal(os.exit, saved_exit)
      h.has("bad script", h.error_of(capture, repl.run, s, "fail"))
      assert.are.equal(os.exit, saved_exit)
      assert.are.equal(rawget(_G, "arg"), saved_arg)
      h.has("run: no script 'no-such-script'", h.error_of(repl.run, "no-such-script"))
      h.has("run: no script 'dealz'; did you mean deals?", h.error_of(repl.run, "dealz"))
    end)
  end)

  describe("mistakes", function()
    local mistakes = require "paa.repl.mistakes"
    after_each(function() mistakes.debug(false) end)

    it("measures edit distance with swaps", function()
      assert.are.equal(0, mistakes.distance("kwic", "kwic"))
      assert.are.equal(1, mistakes.distance("kwc", "kwic"))
      assert.are.equal(1, mistakes.distance("kiwc", "kwic"))
      assert.are.equal(3, mistakes.distance("", "abc"))
      assert.are.equal(1, mistakes.distance("serch", "seach"))
      assert.are.equal(2, mistakes.distance("serch", "search!"))
      assert.are.same({ "kwic" }, mistakes.nearest("kwc", { "kwic", "help", "show" }))
      assert.are.same({}, mistakes.nearest("zzzzz", { "kwic", "help" }))
      assert.are.same({}, mistakes.nearest("x", { "kwic", "y" }))
      assert.are.equal("; did you mean show?", mistakes.hint("shw", { "shows", "show", "x" }))
      assert.are.equal("; did you mean shoe or show?", mistakes.hint("sho", { "show", "shoe", "x" }))
    end)

    it("says a name that is not there in one line, with the nearest names", function()
      rawset(_G, "corpus", assert(require("paa.corpus").open(fixture())))
      capture(repl.start, {})
      local function said(line)
        local chunk = load("return " .. line, "=stdin") or assert(load(line, "=stdin"))
        local ok, err = xpcall(chunk, function(m) return repl.explain(m, debug.traceback(m, 2)) end)
        assert.is_false(ok)
        return err
      end
      assert.are.equal("no function 'kwc'; did you mean kwic?", said('kwc("x")'))
      assert.are.equal("no variable 'corpsu'; did you mean corpus?", said("corpsu:docs()"))
      assert.are.equal("no method 'docz'; did you mean docs?", said("corpus:docz()"))
      assert.are.equal("no function 'wrds'; did you mean words?", said('paa.text.wrds("x")'))
      assert.are.equal("no function 'qqqqqq'", said("qqqqqq()"))
      assert.matches("^no result in last yet", said("last[1]"))
      assert.are.equal('kwic: expected a query ("stake {0,2} in"), an array of terms or a paa.Lexicon, ' ..
        'got number (usage: kwic(query [, opts]); help("kwic"))', said("kwic(42)"))
      assert.are.equal("stdin:1: boom", said('error("boom")'))
      assert.matches("tracebacks on", repl.debug(true))
      local tb = said("kwic(42)")
      assert.matches("^kwic: expected a query.*\nstack traceback:\n", tb)
      assert.matches("tracebacks off", repl.debug(false))
      h.has("debug: expected true or false", h.error_of(repl.debug, "yes"))
      -- the debug library stays itself, and callable
      assert.are.equal("function", type(debug.traceback))
      assert.matches("tracebacks off", debug(false))
    end)
  end)

  describe("start", function()
    it("sets the globals and returns a banner without a corpus", function()
      rawset(_G, "corpus", nil)
      local banner = repl.start({})
      assert.matches("^paa %d+%.%d+%.%d+ %(Lua 5%.4%) — help%(%) for help; paa%.open%(path%) reads a corpus%.$", banner)
      for _, k in ipairs { "paa", "help", "kwic", "search", "show", "run" } do
        assert.is_not_nil(rawget(_G, k), k)
      end
      assert.is_nil(rawget(_G, "corpus"))
      assert.are.equal(repl.show_doc, rawget(_G, "show"))
    end)

    it("opens the corpus and describes it in the banner", function()
      local banner = repl.start({ fixture() })
      assert.matches("— corpus: 3 documents, 2 sources, 2025%-01%-02 to 2025%-02%-03%. help%(%) for help%.$", banner)
      assert.are.equal("paa.Corpus", getmetatable(rawget(_G, "corpus")).__name)
    end)

    it("goes on without a corpus when it cannot be opened", function()
      local out, banner = capture(repl.start, { "/no/such/folder" })
      assert.matches("cannot open '/no/such/folder'", out, 1, true)
      assert.matches("no corpus", banner, 1, true)
    end)

    it("tells each skipped input once, however many walks the session makes", function()
      local dir = fixture()
      h.write(dir .. "/wire/empty.txt", "")
      local err, banner = capture_stderr(repl.start, { dir })
      assert.matches("3 documents (1 input skipped), 2 sources", banner, 1, true)
      err = err .. capture_stderr(repl.kwic, "exclusive")
      err = err .. capture_stderr(repl.search, "exclusive")
      err = err .. capture_stderr(repl.words)
      err = err .. capture_stderr(capture, repl.run, "overview")
      assert.are.equal(1, h.occurrences(err, "empty.txt"))
    end)
  end)
end)

--[[ Every example of the session's reference (docs/api.md, "The interactive
session": the indented lines after "Usage:" under each helper) runs in a
session on corpus/, in order, and gives something. ]]

-- { helper, line } of each example, in the order of docs/api.md
local function session_examples()
  local text = h.slurp("docs/api.md")
  local section = assert(text:match("\n## The interactive session\n(.-)\n## [^#]"))
  local out, helper, usage = {}, nil, false
  for line in (section .. "\n"):gmatch("(.-)\n") do
    local head = line:match("^### ([%a_]+) %(")
    if head then helper, usage = head, false
    elseif line == "Usage:" then usage = true
    elseif usage and line:match("^    %S") then out[#out + 1] = { helper, line:sub(5) }
    elseif usage and line:match("^%S") then usage = false end
  end
  return out
end

describe("the examples of the session's reference", function()
  local saved
  before_each(function() saved = save_globals() end)
  after_each(function()
    restore_globals(saved)
    os.remove("/tmp/paa-deals.csv")
  end)

  it("each runs in a session on corpus/ and gives a result that is not empty", function()
    local examples = session_examples()
    local helpers = {}
    for _, e in ipairs(examples) do helpers[e[1]] = true end
    for _, name in ipairs(require("paa.repl.help").order) do
      assert.is_true(helpers[name], "an example of " .. name)
    end
    assert.matches("15 documents", select(2, capture(repl.start, { "corpus/" })))
    for _, e in ipairs(examples) do
      local line = e[2]
      local chunk = load("return " .. line, "=example") or assert(load(line, "=example"))
      local ok, out, v = pcall(capture, chunk)
      assert(ok, line .. ": " .. tostring(out))
      local shown = v ~= nil and repl.show(v) or ""
      if require("paa.repl.result").is_rows(v) then
        assert.is_true(#v > 0, line .. ": no rows")
      end
      assert.is_true((out .. shown):find("%S") ~= nil, line .. ": nothing shown")
      assert.falsy(shown:find("^no matches") or shown:find("^no documents match"), line .. ": " .. shown)
    end
    assert.matches("^id,kind,written,", h.slurp("/tmp/paa-deals.csv"))
  end)
end)

--[[ The session in a terminal: tmux drives `build/paa` in a pseudo-terminal. ]]

local has_tmux = h.sh("command -v tmux") ~= ""
local root = h.abs(".")

-- a tmux server of our own, on a socket in a folder removed at the end
local socket_dir = os.tmpname()
os.remove(socket_dir)
local SOCKET = socket_dir .. "/tmux"

local function tmux(args)
  return h.sh("tmux -S " .. h.q(SOCKET) .. " " .. args)
end

local function sleep(s) os.execute("sleep " .. s) end

-- the whole pane, scrollback included, wrapped lines joined
local function screen(name)
  return (tmux("capture-pane -p -J -S - -E - -t " .. name))
end

-- wait until the pane matches 'pattern' (plain text unless 'lua_pattern'), up to ~5 s
local function wait_for(name, pattern, lua_pattern, tries)
  local s
  for _ = 1, tries or 50 do
    s = screen(name)
    if s:find(pattern, 1, not lua_pattern) then return s end
    sleep(0.1)
  end
  error(string.format("timed out waiting for %q; the screen:\n%s", pattern, s), 2)
end

local function alive(name)
  local _, _, status = tmux("has-session -t " .. name)
  return status == 0
end

local function keys(name, ...)
  local parts = {}
  for _, k in ipairs { ... } do parts[#parts + 1] = h.q(k) end
  tmux("send-keys -t " .. name .. " " .. table.concat(parts, " "))
end

-- type a line and wait until the prompt comes back after it
local function enter(name, line, tries)
  keys(name, "-l", line)
  keys(name, "Enter")
  local s
  for _ = 1, tries or 50 do
    s = screen(name):gsub("%s+$", "")
    local last = 0
    for p in s:gmatch("()\n> " .. line:gsub("%p", "%%%0")) do last = p end
    if last > 0 and s:sub(last + 1):find("\n>$") then return s end
    sleep(0.1)
  end
  error(string.format("no prompt after %q; the screen:\n%s", line, s), 2)
end

-- start `paa args` in a new tmux session 'name' with its own HOME and history
local function start(name, args, home)
  -- (the server stays when its last session ends: a session started just
  -- after another one quit must not meet a server shutting down)
  local conf = h.write(home .. "/tmux.conf", "set -g history-limit 50000\nset -s exit-empty off\n")
  local cmd = string.format("cd %s && HOME=%s PAA_HISTORY=%s %s %s", h.q(root), h.q(home),
    h.q(home .. "/hist"), h.q(h.paa), args)
  local _, err, status = tmux("-f " .. h.q(conf) .. " new-session -d -s " .. name .. " -x 200 -y 50 " .. h.q(cmd))
  assert(status == 0, err)
end

describe("the paa session in a terminal", function()
  local name, home
  local count = 0
  before_each(function()
    if not has_tmux then return end
    count = count + 1
    name = "repl" .. count
    home = h.tmpdir()
  end)
  after_each(function()
    if has_tmux and name and alive(name) then tmux("kill-session -t " .. name) end
    h.cleanup()
  end)
  setup(function()
    if has_tmux then assert(os.execute("mkdir -p " .. h.q(socket_dir))) end
  end)
  teardown(function()
    if not has_tmux then return end
    tmux("kill-server")
    os.execute("rm -rf " .. h.q(socket_dir))
  end)

  local function it_tmux(what, f)
    it(what, function()
      if not has_tmux then return pending("tmux is not installed") end
      f()
    end)
  end

  it_tmux("opens with the banner of the corpus named on the command line", function()
    start(name, "corpus/", home)
    local s = wait_for(name, "help() for help.")
    assert.matches("paa %d+%.%d+%.%d+ %(Lua 5%.4%) — corpus: 15 documents, 5 sources, " ..
      "%d%d%d%d%-%d%d%-%d%d to %d%d%d%d%-%d%d%-%d%d%. help%(%) for help%.", s)
    s = enter(name, "corpus:stats().docs")
    assert.matches("\n> corpus:stats%(%)%.docs\n15\n", s)
  end)

  it_tmux("completes names with Tab", function()
    start(name, "corpus/", home)
    wait_for(name, "help() for help.")
    keys(name, "-l", "paa.te")
    keys(name, "Tab")
    wait_for(name, "\n> paa.text\n", true)
    keys(name, "-l", ".wo")
    keys(name, "Tab")
    wait_for(name, "> paa.text.words")
    keys(name, "C-u")
    keys(name, "-l", "corpus:st")
    keys(name, "Tab")
    wait_for(name, "> corpus:stats")
  end)

  it_tmux("reads a statement over several lines", function()
    start(name, "corpus/", home)
    wait_for(name, "help() for help.")
    keys(name, "-l", "for i = 1, 2 do")
    keys(name, "Enter")
    wait_for(name, "\n>> ", true)
    keys(name, "-l", "print(i)")
    keys(name, "Enter")
    keys(name, "-l", "end")
    keys(name, "Enter")
    local s = wait_for(name, "\n>> end\n1\n2\n>", true)
    assert.truthy(s)
  end)

  it_tmux("shows the value of an expression without '='", function()
    start(name, "", home)
    wait_for(name, "help() for help")
    local s = enter(name, "1 + 1")
    assert.matches("\n> 1 %+ 1\n2\n>", s)
    s = enter(name, "{ b = 2, a = { 1, 2 } }")
    assert.matches("\n{ a = { 1, 2 }, b = 2 }\n>", s)
  end)

  it_tmux("reports an error and goes on", function()
    start(name, "-i", home)
    wait_for(name, "help() for help")
    local s = enter(name, 'error("boom")')
    assert.matches("boom", s, 1, true)
    s = enter(name, 'print("after" .. "wards")')
    assert.matches("\nafterwards\n>", s, 1, true)
  end)

  it_tmux("stops a running command on Ctrl-C and goes on", function()
    start(name, "corpus/", home)
    wait_for(name, "help() for help.")
    keys(name, "-l", "while true do end")
    keys(name, "Enter")
    sleep(0.3)
    keys(name, "C-c")
    wait_for(name, "interrupted")
    local s = enter(name, 'print("still" .. "here")')
    assert.matches("\nstillhere\n>", s, 1, true)
  end)

  it_tmux("does not leave on Ctrl-C at the prompt", function()
    start(name, "corpus/", home)
    wait_for(name, "help() for help.")
    keys(name, "-l", "half a line")
    keys(name, "C-c")
    keys(name, "C-c")
    sleep(0.3)
    assert.truthy(alive(name))
    local s = enter(name, 'print("alive" .. "!")')
    assert.matches("\nalive!\n>", s, 1, true)
  end)

  it_tmux("keeps the history in PAA_HISTORY after Ctrl-D", function()
    start(name, "corpus/", home)
    wait_for(name, "help() for help.")
    enter(name, "x = 40 + 2")
    enter(name, "x")
    keys(name, "C-d")
    for _ = 1, 50 do
      if not alive(name) then break end
      sleep(0.1)
    end
    assert.falsy(alive(name))
    local hist = h.slurp(home .. "/hist")
    assert.matches("x = 40 + 2\n", hist, 1, true)
    assert.matches("\nx\n", "\n" .. hist, 1, true)
    -- a new session reads it back: Up gives the last line
    local other = name .. "b"
    start(other, "-i", home)
    wait_for(other, "help() for help")
    keys(other, "Up")
    wait_for(other, "\n> x\n", true)
    tmux("kill-session -t " .. other)
  end)

  it_tmux("reads the corpus once and answers an analyst's calls in one line each", function()
    -- corpus/ and an input that cannot be read: its warning comes once, at load
    local dir = h.tmpdir()
    assert(os.execute("cp -r corpus " .. h.q(dir .. "/c")))
    h.write(dir .. "/c/techwire/broken.txt", "\0\1\2binary\0")
    start(name, h.q(dir .. "/c/"), home)
    local s = wait_for(name, "help() for help.")
    assert.matches("— corpus: 15 documents %(1 input skipped%), 5 sources", s)
    s = enter(name, 'kwic("SoftBank")')
    assert.matches("\n25 matches in 10 documents\n  1  .-«SoftBank»", s)
    assert.matches("show(N) reads the document of row N", s, 1, true)
    s = enter(name, 'search("stake")')
    assert.matches("\n7 documents match\n 1  ", s)
    -- a document longer than the screen: the pager (less -R), left with q
    assert.truthy(h.sh("command -v less"):find("less"), "less is installed (README)")
    keys(name, "-l", "show(1)")
    keys(name, "Enter")
    s = wait_for(name, "id:     siliconpost/openai-public-benefit-corporation-plan.txt")
    assert.falsy(s:gsub("%s+$", ""):find("\n>$"), "the pager holds the screen")
    keys(name, "q")
    for _ = 1, 50 do
      if screen(name):gsub("%s+$", ""):find("\n> show%(1%)\n>$") then break end
      sleep(0.1)
    end
    assert.matches("\n> show%(1%)\n>$", (screen(name):gsub("%s+$", "")))
    s = enter(name, 'words{by = "source"}')
    assert.matches("\ntop 10 words by source\n #  group +term +freq +docs +per1000\n", s)
    s = enter(name, 'run("deals")', 100)
    assert.matches("Deals reported in", s, 1, true)
    assert.matches("\n34 rows in last: last%[1%] is the first", s)
    s = enter(name, 'kwc("x")')
    assert.matches("\n> kwc%(\"x\"%)\nno function 'kwc'; did you mean kwic%?\n>$", s)
    s = enter(name, "kwic(42)")
    assert.matches("\nkwic: expected a query .-, got number %(usage: kwic%(query %[, opts%]%); help%(\"kwic\"%)%)\n>$", s)
    s = enter(name, 'kwic("x", { source = "reuters" })')
    assert.matches("\nkwic: no source 'reuters'; the sources: CloudBeat, MarketPulse, Silicon Post, " ..
      "TechWire Daily, The Ledger\n>$", s)
    local file = home .. "/x.csv"
    s = enter(name, "export(last, " .. string.format("%q", file) .. ")")
    assert.matches(file .. ": 34 rows (CSV)", s, 1, true)
    local csv = h.slurp(file)
    assert.matches("^id,kind,written,value,", csv)
    assert.are.equal(35, h.occurrences(csv, "\n"))
    s = screen(name)
    assert.falsy(s:find("traceback", 1, true), "no traceback on the screen")
    assert.are.equal(1, h.occurrences(s, "broken.txt"), "the warning once")
  end)

  it_tmux("repeats a kwic on BBC in well under half a second", function()
    local bbc = h.bbc()
    if not bbc then return pending("no BBC corpus beside this checkout") end
    start(name, h.q(bbc .. "/"), home)
    wait_for(name, "help() for help.", false, 300)
    enter(name, 'kwic("SoftBank")', 100)
    local s = enter(name, 't = os.clock(); n = #kwic("SoftBank"); print(string.format("took %.3f s, %d rows", os.clock() - t, n))')
    local took, n = s:match("\ntook ([%d%.]+) s, (%d+) rows\n>$")
    assert.truthy(took, s)
    assert.is_true(tonumber(n) > 0)
    assert.is_true(tonumber(took) < 0.5, "a repeated kwic took " .. took .. " s")
  end)

  it_tmux("explores the seed articles (the session is saved to /tmp/repl_session.txt)", function()
    local seeds = h.seeds()
    if not seeds then return pending("no seed articles beside this checkout") end
    start(name, h.q(seeds .. "/"), home)
    wait_for(name, "help() for help.", false, 150)
    for _, line in ipairs {
      "corpus:stats()",
      'kwic("exclusiv*")',
      'search("antitrust")',
      'kwic("right of first refusal", { width = 30 })',
      'search(\'microsoft exclusiv* OR "first refusal"\', { limit = 3 })',
      "help(paa.text.words)",
      "help(corpus)",
      "#corpus:boilerplate():blocks()",
      "corpus:boilerplate():blocks()[1]",
    } do
      enter(name, line, 150)
    end
    local s = screen(name):gsub("%s+$", "") .. "\n"
    local f = assert(io.open("/tmp/repl_session.txt", "wb"))
    f:write(s)
    f:close()
    assert.matches("— corpus: 5 documents", s, 1, true)
    assert.matches("«exclusiv", s, 1, true)
    assert.matches("«antitrust»", s, 1, true)
    assert.matches("### text.words (s [, opts])", s, 1, true)
    assert.falsy(s:find("stdin:%d+:"), "no errors in the session")
  end)
end)
