-- paa.repl: the Lua side of the interactive session (show, complete, the
-- helpers help/kwic/search/show/run, start), then the session itself in a
-- pseudo-terminal driven through tmux.
local h = require "helpers"
local _  -- what a call returns that a test does not look at
local repl = require "paa.repl"

-- the globals repl.start sets, restored after each test
local SESSION_GLOBALS = { "paa", "corpus", "help", "kwic", "search", "show", "run" }

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
      local out = capture(repl.help)
      for _, w in ipairs { "help(x)", "kwic(term", "search(query", "show(doc_or_id)", "run(script", "paa.text" } do
        assert.matches(w, out, 1, true)
      end
      assert.matches("^kwic%(term %[, opts%]%)", repl.help_text("kwic"))
      assert.matches("^kwic%(term", repl.help_text(repl.kwic))
      assert.matches("no documentation for 'nosuch'", repl.help_text("nosuch"), 1, true)
    end)
  end)

  describe("helpers over a corpus", function()
    local dir
    before_each(function()
      dir = fixture()
      rawset(_G, "corpus", assert(require("paa.corpus").open(dir)))
    end)

    it("kwic prints matches in context without boilerplate and returns their number", function()
      local out, n = capture(repl.kwic, "exclusiv*")
      assert.are.equal(3, n)
      local t = lines(out)
      assert.are.equal(3, #t)
      assert.matches("^post/b%.txt  +…", t[1])
      assert.matches("covers «exclusive» contracts.", t[1], 1, true)
      assert.matches("^wire/a%.txt  +Microsoft signed an «exclusive» agreement", t[2])
      assert.matches("The «exclusivity» ends in 2030", t[3], 1, true)
      -- the match starts at the same column on every line
      local col = nil
      for _, l in ipairs(t) do
        local c = utf8.len(l:sub(1, l:find("«", 1, true)))
        col = col or c
        assert.are.equal(col, c)
      end
      local _, boiler = capture(repl.kwic, "subscribe")
      assert.are.equal(0, boiler)
    end)

    it("kwic takes phrases, options and lexicons", function()
      local out, n = capture(repl.kwic, "right of first refusal", { width = 10 })
      assert.are.equal(1, n)
      assert.are.equal("wire/a.txt  …ing it a «right of first refusal» on new c…\n", out)
      out, n = capture(repl.kwic, "exclusiv*", { limit = 1 })
      assert.are.equal(3, n)
      assert.are.equal(2, #lines(out))
      assert.matches("… 2 more (of 3 matches", out, 1, true)
      _, n = capture(repl.kwic, "exclusiv*", { source = "post" })
      assert.are.equal(1, n)
      local lex = require("paa.lexicon").new{ a = { "antitrust" }, b = { "microsoft" } }
      _, n = capture(repl.kwic, lex)
      assert.are.equal(3, n)
      _, n = capture(repl.kwic, { "chips", "data center*" })
      assert.are.equal(2, n)
      out, n = capture(repl.kwic, "nowhere")
      assert.are.equal(0, n)
      assert.are.equal("no matches\n", out)
    end)

    it("kwic and search raise without a corpus or with bad options", function()
      rawset(_G, "corpus", nil)
      h.has("kwic: no corpus", h.error_of(repl.kwic, "x"))
      h.has("search: no corpus", h.error_of(repl.search, "x"))
      h.has("kwic: corpus must be a paa.Corpus", h.error_of(repl.kwic, "x", { corpus = "dir" }))
      rawset(_G, "corpus", assert(require("paa.corpus").open(dir)))
      h.has("kwic: width must be an integer", h.error_of(repl.kwic, "x", { width = "wide" }))
      h.has("kwic: ", h.error_of(repl.kwic, "da*ta"))
      h.has("search: the query has no terms", h.error_of(repl.search, "  "))
      h.has("search: expected a query string", h.error_of(repl.search, 42))
    end)

    it("search ranks documents through the store's full-text index and returns the hits", function()
      local out, hits = capture(repl.search, "antitrust")
      assert.are.equal(1, #hits)
      local b = hits[1]
      assert.are.equal("post/b.txt", b.doc)
      assert.are.equal("post", b.source)
      assert.are.equal("2025-02-03", b.date)
      assert.are.equal("Antitrust regulators look at cloud deals", b.title)
      assert.are.equal("number", type(b.rank))
      assert.matches("^ 1  post/b%.txt  post  2025%-02%-03\n", out)
      assert.matches("\n    Antitrust regulators look at cloud deals\n", out, 1, true)
      assert.matches("«antitrust»", out, 1, true)
      assert.matches("\n1 document matches\n$", out)
      -- show makes a table of them
      assert.matches("^ *rank +source +date +title +doc +snippet\n", repl.show(hits))
    end)

    it("search understands FTS5 queries: OR, phrases, NOT, prefixes, a source", function()
      local _, hits = capture(repl.search, "antitrust OR exclusive")
      assert.are.equal(2, #hits)
      local ids = { hits[1].doc, hits[2].doc }
      table.sort(ids)
      assert.are.same({ "post/b.txt", "wire/a.txt" }, ids)
      _, hits = capture(repl.search, "microsoft exclusive")
      assert.are.equal(1, #hits)
      assert.are.equal("wire/a.txt", hits[1].doc)
      _, hits = capture(repl.search, "exclusiv* NOT antitrust")
      assert.are.equal(1, #hits)
      assert.are.equal("wire/a.txt", hits[1].doc)
      _, hits = capture(repl.search, '"first refusal"')
      assert.are.equal(1, #hits)
      local out
      out, hits = capture(repl.search, "nowhere")
      assert.are.equal(0, #hits)
      assert.are.equal("no documents match\n", out)
      _, hits = capture(repl.search, "exclusive", { source = "wire" })
      assert.are.equal(1, #hits)
      _, hits = capture(repl.search, "exclusive OR antitrust", { limit = 1 })
      assert.are.equal(1, #hits)
      h.has("search: limit must be an integer of at least 1, not '0'",
            h.error_of(repl.search, "x", { limit = 0 }))
    end)

    it("show prints one clean document, wrapped, and its boilerplate", function()
      local out = capture(repl.show_doc, "wire/a.txt")
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
      -- a part of an id, a hit of search, a document table
      assert.are.equal(out, (capture(repl.show_doc, "a.txt")))
      assert.are.equal(out, (capture(repl.show_doc, { id = "wire/a.txt" })))
      h.has("no document 'zzz'", h.error_of(repl.show_doc, "zzz"))
      h.has("'.txt' is in 3 document ids", h.error_of(repl.show_doc, ".txt"))
      h.has("show: expected a document", h.error_of(repl.show_doc, 42))
    end)

    it("run runs a report script in the session, os.exit and paa.fail included", function()
      local saved_exit, saved_arg = os.exit, rawget(_G, "arg")
      local out, status = capture(repl.run, "scripts/overview.lua", dir)
      assert.is_nil(status)
      assert.matches("3 documents from 2 sources, 2025-01-02 to 2025-02-03", out, 1, true)
      -- no corpus: the script stops through paa.fail, the session does not
      local err
      err, _, status = capture_stderr(capture, repl.run, "scripts/overview.lua")
      assert.matches("^paa: .*CORPUS", err)
      assert.matches("\npaa: scripts/overview.lua exited with status " .. tostring(status) .. "\n$", err)
      assert.is_true(math.type(status) == "integer" and status > 0)
      assert.are.equal(os.exit, saved_exit)
      assert.are.equal(rawget(_G, "arg"), saved_arg)
      -- by name, from the scripts shipped with paa
      out = capture(repl.run, "overview", dir)
      assert.matches("3 documents from 2 sources", out, 1, true)
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
      err = err .. capture_stderr(capture, repl.kwic, "exclusive")
      err = err .. capture_stderr(capture, repl.search, "exclusive")
      assert.are.equal(1, h.occurrences(err, "empty.txt"))
    end)
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
