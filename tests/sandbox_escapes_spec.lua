-- Ways past the sandbox and the restricted environments that earlier
-- builds left open, each tried through the real host: a store's method
-- table changed by the script, a store closed under its ingest, data
-- and headers that run past their counts, string.rep's bound passed by.
local h = require "helpers"

local fixture = h.sandbox_fixture

local exists = h.exists

describe("the sandbox's store wrappers", function()
  after_each(h.cleanup)

  it("confine every store whatever the script does to the store methods", function()
    local dir = fixture()
    local out, err, status = h.sandboxed(dir, [[
      local store = require "paa.store"
      local db0 = assert(store.open(":memory:"))
      local m = getmetatable(db0).__index
      local exec, first = m.exec, m.first
      m.confine = function(db) return db end
      m.exec = function() return 0 end
      m.first = function() return { page_size = 1 } end
      local db = assert(store.open(":memory:"))
      print((pcall(exec, db, "ATTACH DATABASE '" .. arg[1] .. "/pwned.db' AS x; CREATE TABLE x.t(a)")))
      print((pcall(exec, db, "VACUUM INTO '" .. arg[1] .. "/v.db'")))
      print(first(db, "PRAGMA max_page_count").max_page_count * first(db, "PRAGMA page_size").page_size)]],
      { dir .. "/x" })
    assert.are.equal(0, status, err)
    assert.are.equal("false\nfalse\n1073741824\n", out)
    assert.is_false(exists(dir .. "/x/pwned.db"))
    assert.is_false(exists(dir .. "/x/v.db"))
  end)

  it("ingest a corpus by its own roots, not by a 'roots' method the script replaced", function()
    local dir = fixture()
    local store, corpus = require "paa.store", require "paa.corpus"
    local c = assert(corpus.open(dir .. "/corpus"))
    local methods = getmetatable(c).__index
    local roots, name = methods.roots, getmetatable(c).__name
    local db = assert(store.open(":memory:"))
    methods.roots = function() return { dir .. "/outside" } end
    getmetatable(c).__name = "not a corpus"  -- the type is the core's to check
    local ok, r = pcall(db.ingest, db, c, { progress = false })
    methods.roots, getmetatable(c).__name = roots, name
    assert.is_true(ok, r)
    assert.are.equal(1, r.added)
    assert.are.equal(dir .. "/corpus/a.txt", db:first("SELECT path FROM documents").path)
    db:close()
  end)

  it("ingest with the corpus options the script gives (all_files, max_bytes)", function()
    local dir = fixture()
    h.write(dir .. "/corpus/notes.dat", "A note about the ferry in a file of another kind.\n")
    local out, err, status = h.sandboxed(dir, [[
      local store = require "paa.store"
      local db = assert(store.open(":memory:"))
      print(db:ingest(arg[1], { progress = false, all_files = true }).added)
      local db2 = assert(store.open(":memory:"))
      print(db2:ingest(arg[1], { progress = false, warn = false }).added)]])
    assert.are.equal(0, status, err)
    assert.are.equal("2\n1\n", out)
  end)
end)

describe("a store closed from its ingest's callbacks", function()
  after_each(h.cleanup)

  local CODE = [[
    local db = assert(require("paa.store").open(":memory:"))
    print(pcall(db.ingest, db, arg[1], { progress = false,
      warn = function() db:close(); collectgarbage() end }))
    print(pcall(db.ingest, db, arg[1], { progress = false,
      warn = function() do local _ <close> = db end end }))
    print(pcall(db.ingest, db, arg[1], { progress = false, warn = function() db:ingest(arg[1]) end }))
    print(db:first("SELECT count(*) AS n FROM documents").n)
    db:close()
    print(db)]]

  it("raises a clear error and is not freed under the engine", function()
    local dir = fixture()
    h.write(dir .. "/c2/a.jsonl", "not json at all\n")
    for _, sandbox in ipairs{ false, true } do
      local out, err, status
      if sandbox then
        out, err, status = h.sandboxed(dir, CODE, { dir .. "/c2" })
      else
        local script = h.write(dir .. "/script/s.lua", CODE)
        out, err, status = h.run({ script, dir .. "/c2" })
      end
      assert.are.equal(4, status, err)  -- the bad line is skipped
      local closing = "paa.store: cannot close the store while it ingests (close it after 'ingest' returns)"
      local lines = {}
      for l in out:gmatch("[^\n]+") do lines[#lines + 1] = l end
      assert.are.equal(5, #lines, out)
      assert.matches("^false\t.*" .. closing:gsub("%p", "%%%0") .. "$", lines[1])
      assert.matches("^false\t.*" .. closing:gsub("%p", "%%%0") .. "$", lines[2])
      assert.matches("^false\t.*paa%.store: the store is busy: an ingest into it is under way$", lines[3])
      assert.are.equal("0", lines[4])
      assert.are.equal("paa.Store (closed)", lines[5])
    end
  end)
end)

describe("restricted code", function()
  local restricted = require "paa.restricted"
  after_each(h.cleanup)

  it("a .lua lexicon file that loops is stopped, naming the file", function()
    local dir = fixture()
    local evil = h.write(dir .. "/evil.lua", "while true do end\n")
    local _, err, status = h.sh("timeout 120 " .. h.q(h.paa) .. " scripts/tensions.lua corpus/ --lexicon "
                                .. h.q(evil))
    assert.are.equal(1, status, err)
    assert.are.equal("paa: " .. evil .. ": ran more than 50 million instructions (a data file returns "
                     .. "its table; it must not loop)\n", err)
  end)

  it("string.rep's bound holds for a count given as a string and for string methods", function()
    local rep = restricted.bounded_rep(100, "too big")
    h.has("too big", h.error_of(rep, "x", "5e6"))
    h.has("too big", h.error_of(rep, 1234567890, 20))
    assert.are.equal("x,x", rep("x", "2", ","))
    local ok, err = restricted.run(function() return ("x"):rep(1000) end, 1e6, "too long", { rep = rep })
    assert.is_false(ok)
    assert.are.equal("too big", err)
    -- the string metatable is put back, by an error too
    assert.are.equal("xxxx", ("x"):rep(4))
    assert.are.equal(string, getmetatable("").__index)
    ok = restricted.run(function() error("stop") end, 1e6, "too long", { rep = rep })
    assert.is_false(ok)
    assert.are.equal(string, getmetatable("").__index)
    -- a header's method call on a string is bounded as its string.rep is
    local dir = fixture()
    local f = h.write(dir .. "/big.lua", 'local s = ("x"):rep(2e6)\nrequire("paa").script{ name = "big" }\n')
    local d, why = require("paa.script").describe(f)
    assert.is_nil(d)
    assert.are.equal("asked string.rep for more than a million bytes", why)
  end)

  it("a header's metamethods and finalizers do not run past its count", function()
    local dir = fixture()
    local cases = {
      -- a declaration whose fields run code when the host reads them
      ['paa.script(setmetatable({}, { __index = function() while true do end end }))'] =
        "nil\tdeclared paa.script{} with a table that has a metatable (a declaration is plain tables)",
      ['paa.script{ name = "x", params = setmetatable({}, { __len = function() while true do end end }) }'] =
        "nil\tdeclared paa.script{} with a table that has a metatable (a declaration is plain tables)",
      -- a finalizer, which runs with hooks off
      ['setmetatable({}, { __gc = function() while true do end end })\npaa.script{ name = "x" }'] = "nil\tnil",
      -- stand-ins of other modules stay fine
      ['local r = require "paa.report"\npaa.script{ name = "x", params = { { "--f", choices = r.FORMATS } } }'] =
        "x",
    }
    local reader = h.write(dir .. "/describe.lua", 'local d, why = require("paa.script").describe(arg[1]) '
      .. 'collectgarbage() if d then print(d.name) else print(d, why) end')
    for header, want in pairs(cases) do
      local f = h.write(dir .. "/script/h.lua", 'local paa = require "paa"\n' .. header .. "\n")
      local out, err = h.sh("timeout 60 " .. h.q(h.paa) .. " " .. h.q(reader) .. " " .. h.q(f))
      assert.are.equal(want .. "\n", out, header .. "\n" .. err)
    end
  end)

  it("a header's setmetatable refuses __gc; results are checked raw", function()
    local env = restricted.env(restricted.HEADER)
    h.has("__gc", h.error_of(env.setmetatable, {}, { __gc = false }))
    assert.is_table(env.setmetatable({}, { __index = {} }))
    assert.is_true(restricted.plain({ a = { b = { 1, 2 } }, [{}] = "k" }))
    assert.is_false(restricted.plain({ a = { setmetatable({}, {}) } }))
    assert.is_false(restricted.plain({ [setmetatable({}, {})] = 1 }))
    local mt = {}
    assert.is_true(restricted.plain({ setmetatable({}, mt) }, { [mt] = true }))
  end)

  it("builds environments from the globals as they were when it was loaded", function()
    local real = tonumber
    _G.tonumber = function() return 42 end
    local env = restricted.env()
    _G.tonumber = real
    assert.are.equal(real, env.tonumber)
    local _, err = restricted.load(string.dump(function() end), "=name", {})
    assert.are.equal("name: a binary chunk (bytecode)", err)
    _, err = restricted.load(string.dump(function() end), "@dir/f.lua", {})
    assert.are.equal("dir/f.lua: a binary chunk (bytecode)", err)
  end)
end)

describe("paa.search.store", function()
  after_each(h.cleanup)

  it("under --db searches the corpus it is given as it is, not what the store held", function()
    local dir = fixture()
    local script = h.write(dir .. "/script/s.lua", [[
      local psearch = require "paa.search"
      local c = assert(require("paa.corpus").open(arg[1]))
      local db = assert(psearch.store(c))
      print(#assert(psearch.hits(db, "ferry")))
      print(require("paa.store").ingested(db, c))]])
    local out, err, status = h.run({ "--db", dir .. "/x/s.db", script, dir .. "/corpus" })
    assert.are.equal(0, status, err)
    assert.are.equal("1\ntrue\n", out)
  end)

  it("closes the store it opened when the ingest raises", function()
    local dir = fixture()
    h.write(dir .. "/c2/a.jsonl", "not json at all\n")
    local store, psearch = require "paa.store", require "paa.search"
    local open, opened = store.open, nil
    store.open = function(...)
      opened = open(...)
      return opened
    end
    local c = assert(require("paa.corpus").open(dir .. "/c2", { warn = function() error("stop here") end }))
    local ok, err = pcall(psearch.store, c, ":memory:")
    store.open = open
    h.forget_skipped()
    assert.is_false(ok)
    h.has("stop here", err)
    assert.are.equal("paa.Store (closed)", tostring(opened))
  end)
end)
