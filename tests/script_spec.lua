-- paa.script: report scripts written to temporary folders and run through
-- the real host (typed parameters, one-line errors with exit status 2,
-- --help, the version requirement, the manifest), the listing of scripts
-- without running them, the search path, and --help of every shipped script.
local h = require "helpers"
local cjson = require "cjson"
local script = require "paa.script"

-- a script that declares these parameters and prints its arguments as JSON
local function args_script(dir, extra)
  return h.write(dir .. "/args.lua", [[
local paa = require "paa"
local script = paa.script{
  name = "args", version = "2.1", requires = "paa >= 0.1",
  description = "Prints its arguments. Used by the specs.",
  params = {
    { "corpus", kind = "path", args = "+", help = "files or folders" },
    { "--format", kind = "choice", choices = { "text", "json" }, default = "text", help = "how to print" },
    { "--min-docs", kind = "integer", default = 2, min = 2, help = "at least N documents" },
    { "--threshold", kind = "number", default = 0.5, above = 0, max = 1, help = "similarity" },
    { "--docs", kind = "flag", help = "list the documents" },
    { "--theme", list = true, metavar = "NAME", help = "a theme (repeat for several)" },
    { "--lexicon", kind = "path", metavar = "FILE", help = "a lexicon file" },
    { "--label", help = "a label" },
]] .. (extra or "") .. [[
  },
}
io.write(require("paa.report").json(script.args))
]])
end

-- run a script; stdout, stderr, status
local function run(path, ...)
  return h.run { path, ... }
end

describe("paa.script", function()
  after_each(h.cleanup)

  describe("parameters", function()
    it("come typed, with their defaults", function()
      local dir = h.tmpdir()
      local path = args_script(dir)
      local out, err, status = run(path, dir)
      assert.are.equal(0, status, err)
      assert.are.equal("", err)
      local a = cjson.decode(out)
      assert.are.same({ dir }, a.corpus)
      assert.are.equal("text", a.format)
      assert.are.equal(2, a.min_docs)
      assert.are.equal(0.5, a.threshold)
      assert.are.equal(false, a.docs)
      assert.are.same({}, a.theme)
      assert.is_nil(a.lexicon)
      assert.is_nil(a.label)
      -- typed in the script itself, not only in the JSON
      h.write(dir .. "/types.lua", [[
local s = require("paa").script{ name = "types", params = {
  { "--n", kind = "integer", default = 1 }, { "--x", kind = "number" }, { "--f", kind = "flag" } } }
print(math.type(s.args.n), math.type(s.args.x), type(s.args.f))]])
      out = run(dir .. "/types.lua", "--n", "7", "--x=2")
      assert.are.equal("integer float boolean\n", out:gsub("\t", " "))
    end)

    it("read every kind from the command line", function()
      local dir = h.tmpdir()
      local path = args_script(dir)
      local lex = h.write(dir .. "/lex.txt", "[a]\nb\n")
      local out, err, status = run(path, "--format", "json", "--min-docs=5", "--threshold", "1",
        "--docs", "--theme", "legal", "--theme", "compute", "--lexicon", lex, "--label", "x y", dir, lex)
      assert.are.equal(0, status, err)
      local a = cjson.decode(out)
      assert.are.same({ dir, lex }, a.corpus)
      assert.are.equal("json", a.format)
      assert.are.equal(5, a.min_docs)
      assert.are.equal(1, a.threshold)
      assert.is_true(a.docs)
      assert.are.same({ "legal", "compute" }, a.theme)
      assert.are.equal(lex, a.lexicon)
      assert.are.equal("x y", a.label)
    end)

    it("take a negative number as a value", function()
      local dir = h.tmpdir()
      local path = h.write(dir .. "/neg.lua", [[
local s = require("paa").script{ name = "neg", params = { { "--shift", kind = "number", default = 0 } } }
print(s.args.shift)]])
      assert.are.equal("-0.5\n", (run(path, "--shift", "-0.5")))
      assert.are.equal("-3.0\n", (run(path, "--shift", "-3")))
    end)

    it("refuse each wrong value with one line naming it, the usage, and exit status 2", function()
      local dir = h.tmpdir()
      local path = args_script(dir, '    { "--need", required = true, help = "must be given" },\n')
      local usage = "usage: paa " .. path .. " [options] CORPUS...\n"
      local ok = { "--need", "x" }
      for _, case in ipairs {
        { { "--threshold", "2", dir }, "--threshold must be a number in (0, 1], not '2'" },
        { { "--threshold", "0", dir }, "--threshold must be a number in (0, 1], not '0'" },
        { { "--threshold", "half", dir }, "--threshold must be a number in (0, 1], not 'half'" },
        { { "--min-docs", "1", dir }, "--min-docs must be an integer of at least 2, not '1'" },
        { { "--min-docs", "2.5", dir }, "--min-docs must be an integer of at least 2, not '2.5'" },
        { { "--format", "xml", dir }, "--format must be text or json, not 'xml'" },
        { { dir .. "/missing" }, "cannot open '" .. dir .. "/missing' (CORPUS): No such file or directory" },
        { { "--lexicon", "/nonexistent/l.txt", dir },
          "cannot open '/nonexistent/l.txt' (--lexicon): No such file or directory" },
        { { "--docs=yes", dir }, "--docs takes no value" },
        { { "--bogus", dir }, "unknown option '--bogus' (see --help)" },
        { { "--format" }, "--format needs a value: text or json" },
        { {}, "missing CORPUS: files or folders" },
      } do
        local argv = { table.unpack(case[1]) }
        table.move(ok, 1, #ok, #argv + 1, argv)
        local out, err, status = run(path, table.unpack(argv))
        assert.are.equal(2, status, err)
        assert.are.equal("", out)
        assert.are.equal("paa: args: " .. case[2] .. "\n" .. usage, err)
      end
      local _, err, status = run(path, dir)
      assert.are.equal(2, status)
      assert.are.equal("paa: args: --need is required: must be given\n" .. usage, err)
    end)

    it("can be parsed from a given argv, for tests", function()
      local s = script{ name = "t", params = {
        { "words", args = "*" }, { "--n", kind = "integer", default = 3 }, { "--on", kind = "flag" } } }
      local a = s.parse { "--n", "5", "a", "b" }
      assert.are.same({ n = 5, on = false, words = { "a", "b" } }, a)
      assert.are.equal(a, s.args)
      assert.are.same({ n = 3, on = true, words = {} }, s:parse { "--on" })
      assert.matches("^paa t %[options%] %[WORDS%.%.%.%]$", s:usage())
    end)

    it("are checked when declared: unknown kinds, choices without a list", function()
      assert.matches("unknown kind 'date'", h.error_of(script, { name = "t", params = { { "--d", kind = "date" } } }))
      assert.matches("needs choices", h.error_of(script, { name = "t", params = { { "--c", kind = "choice" } } }))
      assert.matches("needs a name", h.error_of(script, { params = {} }))
    end)
  end)

  describe("--help", function()
    it("prints name, version, usage, description and every parameter, and exits 0", function()
      local dir = h.tmpdir()
      local path = args_script(dir)
      local out, err, status = run(path, "--help")
      assert.are.equal(0, status, err)
      assert.are.equal("", err)
      assert.matches("^args 2%.1 %(needs paa >= 0%.1%)\n\nUsage: paa " .. path:gsub("%p", "%%%0"), out)
      assert.truthy(out:find("Prints its arguments. Used by the specs.", 1, true))
      for _, p in ipairs { "CORPUS", "--format {text,json}", "--min-docs N", "--threshold X", "--docs",
                           "--theme NAME", "--lexicon FILE", "--label LABEL", "(default: 0.5)" } do
        assert.truthy(out:find(p, 1, true), p)
      end
      assert.are.equal(out, (run(path, "-h")))
      assert.are.equal(out, (run(path, "--threshold", "7", "--help")))  -- help first
    end)

    it("answers for every shipped script", function()
      for _, name in ipairs { "overview", "dupes", "tensions", "deals" } do
        local out, err, status = run("scripts/" .. name .. ".lua", "--help")
        assert.are.equal(0, status, name .. ": " .. err)
        assert.matches("^" .. name .. " %d", out)
        assert.truthy(out:find("CORPUS", 1, true), name)
      end
    end)
  end)

  describe("requires", function()
    it("refuses to run under an older paa, before doing anything", function()
      local dir = h.tmpdir()
      local path = h.write(dir .. "/new.lua", [[
local paa = require "paa"
paa.script{ name = "future", requires = "paa >= 99.2", params = { { "corpus" } } }
print("ran")]])
      for _, argv in ipairs { { "corpus/" }, {}, { "--help" } } do
        local out, err, status = run(path, table.unpack(argv))
        assert.are.equal(2, status)
        assert.are.equal("", out)
        assert.are.equal("paa: future needs paa >= 99.2, this is paa " .. require("paa").version .. "\n", err)
      end
    end)

    it("compares dotted versions with >=, >, =, <=, <", function()
      local v = "0.1.0"
      assert.is_true(script.satisfies("paa >= 0.1", v))
      assert.is_true(script.satisfies("paa >= 0.1.0", v))
      assert.is_false(script.satisfies("paa >= 0.2", v))
      assert.is_false(script.satisfies("paa > 0.1", v))
      assert.is_true(script.satisfies("paa > 0.0.9", v))
      assert.is_true(script.satisfies("paa = 0.1", v))
      assert.is_false(script.satisfies("paa = 0.1.1", v))
      assert.is_true(script.satisfies("paa < 0.10", v))   -- numbers, not strings
      assert.is_true(script.satisfies("paa <= 0.1.0", v))
      assert.is_true(script.satisfies("paa >= 0.1, < 0.2", v))
      assert.is_false(script.satisfies("paa >= 0.1, < 0.1.0", v))
      assert.is_true(script.satisfies("paa", v))
      assert.is_true(script.satisfies("paa >= 0.1"))       -- this paa
      assert.matches("cannot read requires", h.error_of(script.satisfies, "paa >> 1", v))
    end)
  end)

  describe("manifest", function()
    local function manifest_script(dir)
      return h.write(dir .. "/m.lua", [[
local paa = require "paa"
local script = paa.script{ name = "m", version = "0.3", params = {
  { "corpus", kind = "path", args = "+" }, { "--n", kind = "integer", default = 4 } } }
local corpus = assert(paa.open(script.args.corpus))
io.write(paa.report.json(script:manifest{ corpus = corpus, note = "extra" }))]])
    end

    it("names paa, the script with its SHA-256 (as sha256sum says), parameters and corpus", function()
      local dir = h.tmpdir()
      local path = manifest_script(dir)
      h.write(dir .. "/c/a.txt", "One article.\n")
      h.write(dir .. "/c/b.txt", "Another article.\n")
      local out, err, status = run(path, dir .. "/c", "--n", "6")
      assert.are.equal(0, status, err)
      local m = cjson.decode(out)
      assert.are.equal(require("paa").version, m.paa)
      assert.are.equal("m", m.script.name)
      assert.are.equal("0.3", m.script.version)
      local sum = h.sh("sha256sum " .. h.q(path)):match("^(%x+)")
      assert.are.equal(64, #sum)
      assert.are.equal(sum, m.script.sha256)
      assert.are.same({ corpus = { dir .. "/c" }, n = 6 }, m.parameters)
      assert.are.same({ dir .. "/c" }, m.corpus.roots)
      assert.are.equal(2, m.corpus.documents)
      assert.matches("^%x+$", m.corpus.hash)
      assert.are.equal(16, #m.corpus.hash)
      assert.are.equal("extra", m.note)
    end)

    it("is the same twice (no clock), and changes with the corpus", function()
      local dir = h.tmpdir()
      local path = manifest_script(dir)
      h.write(dir .. "/c/a.txt", "One article.\n")
      local a = run(path, dir .. "/c")
      h.sh("sleep 1")
      local b = run(path, dir .. "/c")
      assert.are.equal(a, b)
      h.write(dir .. "/c/a.txt", "One article, edited.\n")
      local c = run(path, dir .. "/c")
      assert.are_not.equal(cjson.decode(a).corpus.hash, cjson.decode(c).corpus.hash)
    end)

    it("is in the JSON of the shipped scripts", function()
      for _, name in ipairs { "dupes", "tensions", "deals" } do
        local path = "scripts/" .. name .. ".lua"
        local out, err, status = run(path, "corpus/", "--format", "json")
        assert.are.equal(0, status, err)
        local m = cjson.decode(out).manifest
        assert.are.equal(name, m.script.name)
        assert.are.equal(h.sh("sha256sum " .. path):match("^(%x+)"), m.script.sha256)
        assert.are.same({ "corpus/" }, m.parameters.corpus)
        assert.are.equal("json", m.parameters.format)
        assert.are.equal(15, m.corpus.documents)
        assert.matches("^%x+$", m.corpus.hash)
      end
    end)

    it("computes SHA-256 in Lua", function()
      assert.are.equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", script.sha256(""))
      assert.are.equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", script.sha256("abc"))
      assert.are.equal("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        script.sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
    end)

    it("fingerprints a corpus by its documents' ids and texts, in order", function()
      local corpus = require "paa.corpus"
      local dir = h.tmpdir()
      h.write(dir .. "/a.txt", "Alpha.\n")
      h.write(dir .. "/b.txt", "Beta.\n")
      local one = script.corpus_fingerprint(assert(corpus.open(dir)))
      assert.are.equal(2, one.documents)
      assert.are.same(one, script.corpus_fingerprint(assert(corpus.open(dir .. "/"))))
      h.write(dir .. "/b.txt", "Beta!\n")
      assert.are_not.equal(one.hash, script.corpus_fingerprint(assert(corpus.open(dir))).hash)
    end)
  end)

  describe("finding scripts", function()
    it("lists the scripts of a folder, sorted by name, without running them", function()
      local dir = h.tmpdir()
      local ran = dir .. "/ran"
      h.write(dir .. "/zeta.lua", [[
local paa = require "paa"
local FORMATS = { "text", "json" }
local script = paa.script{ name = "alpha", version = "1.2", description = "Comes first. Really.",
  params = { { "--format", kind = "choice", choices = FORMATS } } }
io.open("]] .. ran .. [[", "w"):write("ran")]])
      h.write(dir .. "/beta.lua", [[
local script = require("paa.script"){ name = "beta", description = "Second." }
os.exit(3)]])
      h.write(dir .. "/helper.lua", "local M = {}\nfunction M.f() return 1 end\nreturn M\n")
      h.write(dir .. "/notes.txt", "paa.script{ name = 'not lua' }\n")
      h.write(dir .. "/loop.lua", "-- paa.script{}\nwhile true do end\n")
      h.write(dir .. "/early.lua", "os.exit(1)\nrequire('paa').script{ name = 'early' }\n")
      h.write(dir .. "/broken.lua", "paa.script{ name = \n")
      local list = script.list { dir }
      assert.are.same({
        { name = "alpha", path = dir .. "/zeta.lua", version = "1.2", description = "Comes first. Really." },
        { name = "beta", path = dir .. "/beta.lua", description = "Second." },
      }, list)
      assert.is_nil(io.open(ran))
      assert.are.same({}, script.list { dir .. "/missing" })
    end)

    it("searches the current folder, PAA_PATH, the user's folder, then the shipped scripts", function()
      local home = h.tmpdir()
      local out, err, status = h.run({ "-e", "for _, d in ipairs(require('paa.script').search_path()) do print(d) end" },
        nil, "HOME=" .. h.q(home) .. " XDG_DATA_HOME= PAA_PATH='/a;rel/b;'")
      assert.are.equal(0, status, err)
      local dirs = {}
      for line in out:gmatch("[^\n]+") do dirs[#dirs + 1] = line end
      assert.are.equal(5, #dirs, out)
      assert.are.same({ ".", "/a", "rel/b", home .. "/.local/share/paa/scripts" }, { table.unpack(dirs, 1, 4) })
      assert.matches("scripts$", dirs[5])
      assert.truthy(io.open(dirs[5] .. "/deals.lua"), dirs[5])
      -- without PAA_PATH, and with XDG_DATA_HOME
      out = h.run({ "-e", "print(table.concat(require('paa.script').search_path(), '|'))" },
        nil, "HOME=" .. h.q(home) .. " XDG_DATA_HOME=/data PAA_PATH=")
      assert.matches("^%.|/data/paa/scripts|[^|]*scripts\n$", out)
    end)

    it("finds a script by name on the search path, and prints the list", function()
      local dir = h.tmpdir()
      h.write(dir .. "/mine.lua", 'require("paa").script{ name = "mine", version = "0.9", '
        .. 'description = "My own report. It does things." }\n')
      local env = "HOME=" .. h.q(h.tmpdir()) .. " PAA_PATH=" .. h.q(dir)
      local out = h.run({ "-e", "print(require('paa.script').find('mine'), require('paa.script').find('deals'), "
        .. "(require('paa.script').find('nothing')))" }, nil, env)
      assert.are.equal(dir .. "/mine.lua\t" .. "scripts/deals.lua\tnil\n", out:gsub("\t[^\t]*/scripts/deals", "\tscripts/deals"))
      local list, err, status = h.run({ "-e", "require('paa.script').print_list()" }, nil, env)
      assert.are.equal(0, status, err)
      assert.matches("^name +version +description +path\n%-+ +%-+ +%-+ +%-+\n", list)
      assert.matches("\nmine +0%.9 +My own report%. +" .. dir:gsub("%p", "%%%0") .. "/mine%.lua\n", list)
      for _, name in ipairs { "deals", "dupes", "overview", "tensions" } do
        assert.matches("\n" .. name .. " +1%.0 +%S", list)
      end
    end)
  end)
end)
