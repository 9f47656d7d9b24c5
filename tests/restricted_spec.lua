-- paa.restricted: the one builder of restricted environments (lexicon
-- files, script headers, the sandbox).
local h = require "helpers"
local restricted = require "paa.restricted"

describe("paa.restricted", function()
  it("builds environments of the named globals and copied libraries", function()
    local env = restricted.env()
    assert.are.equal(pairs, env.pairs)
    assert.is_nil(env.io)
    assert.is_nil(env.require)
    assert.is_nil(env.setmetatable)
    assert.are_not.equal(string, env.string)
    assert.are.equal(string.format, env.string.format)
    env.string.format = nil                       -- stays in the environment
    assert.is_function(string.format)
    local header = restricted.env(restricted.HEADER, { x = 1 })
    assert.is_function(header.setmetatable)      -- refusing __gc (sandbox_escapes_spec)
    assert.are.equal(1, header.x)
  end)

  it("loads text only", function()
    local f = assert(restricted.load("return 1 + 1", "=t", {}))
    assert.are.equal(2, f())
    local code = string.dump(function() return 1 end)
    local none, err = restricted.load(code, "@x.luac", {})
    assert.is_nil(none)
    assert.matches("bytecode", err, 1, true)
    assert.is_true(restricted.is_binary(code))
    assert.is_true(restricted.is_binary("return 1", "b"))
  end)

  it("stops a chunk past its instruction count, and bounds string.rep", function()
    local ok, err = restricted.run(function() while true do end end, 10000, "too long")
    assert.is_false(ok)
    assert.are.equal("too long", err)
    assert.are.same({ true, 3 }, { restricted.run(function() return 3 end, 10000, "x") })
    local rep = restricted.bounded_rep(100, "too big")
    assert.are.equal("aaa", rep("a", 3))
    h.has("too big", h.error_of(rep, "ab", 100))
  end)

  it("runs data files as lexicon.load does, with the same errors", function()
    assert.are.same({ t = { "x" } }, restricted.data("return { t = { 'x' } }", "l.lua"))
    h.has("l.lua:1: attempt to index a nil value (global 'os')",
          h.error_of(restricted.data, "return os.time()", "l.lua"))
    h.has("l.lua: error object is a table value", h.error_of(restricted.data, "error({})", "l.lua"))
    h.has("l.lua:1:", h.error_of(restricted.data, "return {", "l.lua"))
    local f = h.write(h.tmpdir() .. "/obj.lua", "error({})")
    local lex, msg = require("paa.lexicon").load(f)
    assert.is_nil(lex)
    assert.matches("obj.lua: error object is a table value$", msg)
  end)

  it("gives the sandbox its refusals", function()
    h.has("paa.sandbox: os.execute is not allowed in the sandbox", h.error_of(restricted.denied("os.execute")))
  end)
end)
