-- paa.parallel and paa -j N: a report's passes on several cores, and as
-- the map and merge tasks of a cluster, give the report of one core,
-- byte for byte, in every format; partials are data and nothing else.
local h = require "helpers"
local parallel = require "paa.parallel"

local FORMATS = { "text", "md", "csv", "json", "html" }

-- every shipped script and the example, with the arguments they need
local SCRIPTS = {
  { "scripts/deals.lua" },
  { "scripts/tensions.lua" },
  { "scripts/tensions.lua", "--by", "month", "--dedup", "near" },
  { "scripts/dupes.lua" },
  { "scripts/overview.lua", "--docs" },
  { "scripts/search.lua", "QUERY", "--limit", "5" },
  { "examples/mentions.lua", "--word", "said" },
}

-- the command line of script 's' on 'corpus' in 'format'
local function args_of(s, corpus, format, query)
  local a = { s[1], corpus }
  for i = 2, #s do a[#a + 1] = s[i] == "QUERY" and query or s[i] end
  a[#a + 1] = "--format"
  a[#a + 1] = format
  return a
end

local function run_j(j, args)
  local a = { "-j", tostring(j) }
  for _, x in ipairs(args) do a[#a + 1] = x end
  return h.run(a)
end

-- every script, every format, -j 1, 2 and 3: the same stdout and status
-- (under the sanitizers, ten times slower, the BBC runs take text and
-- JSON: the other formats render the same results)
local function same_everywhere(corpus, query, formats)
  for _, s in ipairs(SCRIPTS) do
    for _, format in ipairs(formats or FORMATS) do
      local args = args_of(s, corpus, format, query)
      local one, err, status = run_j(1, args)
      assert.is_true(status == 0 or status == 4, table.concat(args, " ") .. ": " .. err)
      assert.is_true(#one > 0)
      for j = 2, 3 do
        local out, _, st = run_j(j, args)
        assert.are.equal(status, st, table.concat(args, " ") .. " -j " .. j)
        assert.is_true(one == out, table.concat(args, " ") .. ": -j " .. j .. " differs from -j 1")
      end
    end
  end
end

describe("paa -j N", function()
  after_each(h.cleanup)

  it("gives the report of one core on the sample corpus, every script in every format", function()
    same_everywhere("corpus/", "Stargate")
  end)

  it("gives the report of one core on the BBC stories, every script in every format", function()
    local bbc = h.bbc()
    if not bbc then return pending("../shared/corpus/bbc is not here") end
    same_everywhere(bbc, "election", h.sanitize and { "text", "json" } or nil)
  end)

  it("tells of each skipped input once, in input order, with status 4", function()
    local dir = h.tmpdir()
    h.write(dir .. "/wire/a.txt", "OpenAI raised $40 billion in a round led by SoftBank.\n")
    h.write(dir .. "/wire/bin.txt", "bin\0ary")
    h.write(dir .. "/wire/empty.txt", "")
    h.write(dir .. "/feed/f.jsonl", '{"text": "Microsoft said OpenAI grew."}\n{bad\n{"text": "x"}\n')
    local _, err1, st1 = h.run({ "-j", "1", "scripts/tensions.lua", dir })
    assert.are.equal(4, st1)
    for j = 2, 3 do
      local _, err, st = h.run({ "-j", tostring(j), "scripts/tensions.lua", dir })
      assert.are.equal(4, st)
      assert.are.equal(err1, err)
    end
    assert.are.equal(1, select(2, err1:gsub("bin%.txt", "")))
    assert.truthy(err1:find("3 inputs skipped", 1, true))
  end)

  it("refuses a -j that is not a number of cores", function()
    for _, bad in ipairs { "0", "x", "-1", "257" } do
      local _, err, st = h.run({ "-j", bad, "scripts/overview.lua", "corpus/" })
      assert.are.equal(2, st)
      assert.truthy(err:find("'-j' needs a number of cores", 1, true))
    end
  end)

  it("names the worker when one fails", function()
    local dir = h.tmpdir()
    local script = h.write(dir .. "/boom.lua", [[
local paa = require "paa"
local script = paa.script{ name = "boom", params = { { "corpus", kind = "path" } } }
local corpus = assert(paa.open(script.args.corpus))
script:run(corpus, { map = function(doc)
  if doc.index == 2 then error("cannot map " .. doc.id) end
  return { n = 1 } end,
  merge = function(a, r) a.n = (a.n or 0) + r.n return a end })
]])
    local _, err, st = h.run({ "-j", "2", script, "corpus/" })
    assert.are.equal(1, st)
    assert.truthy(err:find("worker 2 of 2", 1, true), err)
    assert.truthy(err:find("cannot map", 1, true), err)
  end)

  it("runs on one core a pass that a script it does not run reaches", function()
    -- a script run from inside another (the session's run, a test
    -- runner): workers would run the outer script
    local dir = h.tmpdir()
    local inner = h.write(dir .. "/inner.lua", [[
local paa = require "paa"
local script = paa.script{ name = "inner", params = { { "corpus", kind = "path" } } }
local corpus = assert(paa.open(script.args.corpus))
print(script:run(corpus, { map = function() return 1 end, init = function() return 0 end,
                           merge = function(a, b) return a + b end }))
]])
    local outer = h.write(dir .. "/outer.lua", "arg = { [0] = ... , select(2, ...) }\n" ..
      "dofile((...))\n")
    local out, err, st = h.run({ "-j", "2", outer, inner, "corpus/" })
    assert.are.equal(0, st, err)
    assert.are.equal("15\n", out)
  end)
end)

describe("paa.parallel.run over documents a function gives", function()
  it("maps them here, once a pass, in order, under -j 2 as under -j 1", function()
    local dir = h.tmpdir()
    local script = h.write(dir .. "/given.lua", [[
local parallel = require "paa.parallel"
local calls = 0
local function docs()
  calls = calls + 1
  local i = 0
  return function()
    i = i + 1
    if i <= 4 then return { index = i, id = "d" .. i, text = string.rep("x", i) } end
  end
end
local pass = { init = function() return { ids = {}, bytes = 0 } end,
  map = function(doc) return doc.index ~= 3 and { doc.id, #doc.text } or nil end,
  add = function(a, r) a.ids[#a.ids + 1] = r[1]; a.bytes = a.bytes + r[2]; return a end,
  merge = function() error("never merged: one state maps them") end,
  finish = function(a) return table.concat(a.ids, ",") .. " " .. a.bytes end }
print(parallel.run(docs, pass), parallel.run(docs, pass), calls)
]])
    for _, j in ipairs { "1", "2" } do
      local out, err, st = h.run({ "-j", j, script })
      assert.are.equal(0, st, err)
      assert.are.equal("d1,d2,d4 7\td1,d2,d4 7\t2\n", out)
    end
  end)
end)

describe("paa --map and --merge (a cluster's tasks)", function()
  after_each(h.cleanup)

  -- the passes of 'args' as a cluster runs them, with 'n' shards each
  local function cluster(n, args)
    local dir = h.tmpdir()
    local function with(extra)
      local a = {}
      for _, x in ipairs(extra) do a[#a + 1] = x end
      for _, x in ipairs(args) do a[#a + 1] = x end
      return a
    end
    local out, err, st = h.run(with { "--merge", "--into", dir .. "/ctx0" })
    assert.are.equal(0, st, err)
    local ctx, round = dir .. "/ctx0", 0
    while h.exists(ctx) do
      round = round + 1
      local merge = { "--merge", "--context", ctx, "--into", dir .. "/ctx" .. round }
      for k = n, 1, -1 do  -- any order
        local part = string.format("%s/p%d.%d", dir, round, k)
        local _, merr, mst = h.run(with { "--map", k .. "/" .. n, "--context", ctx, "--into", part })
        assert.are.equal(0, mst, merr)
        merge[#merge + 1] = "--partial"
        merge[#merge + 1] = part
      end
      out, err, st = h.run(with(merge))
      ctx = dir .. "/ctx" .. round
    end
    return out, err, st, round
  end

  it("give the report of one core, pass after pass", function()
    for _, s in ipairs { { "scripts/tensions.lua", "corpus/", "--format", "json" },
                         { "scripts/deals.lua", "corpus/", "--format", "md" },
                         { "scripts/overview.lua", "corpus/" } } do
      local one = run_j(1, s)
      local out, err, st, rounds = cluster(3, s)
      assert.are.equal(0, st, err)
      assert.is_true(rounds >= 1)
      assert.are.equal(one, out)
    end
  end)

  it("refuse partials of another pass or with shards missing", function()
    local dir = h.tmpdir()
    local s = { "examples/mentions.lua", "corpus/" }
    local function run(extra)
      local a = {}
      for _, x in ipairs(extra) do a[#a + 1] = x end
      for _, x in ipairs(s) do a[#a + 1] = x end
      return h.run(a)
    end
    assert.are.equal(0, select(3, run { "--merge", "--into", dir .. "/ctx" }))
    assert.are.equal(0, select(3, run { "--map", "1/2", "--context", dir .. "/ctx", "--into", dir .. "/p1" }))
    local _, err, st = run { "--merge", "--context", dir .. "/ctx", "--partial", dir .. "/p1",
                             "--into", dir .. "/next" }
    assert.are.equal(1, st)
    assert.truthy(err:find("expected shard 1 of 1, got pass 1 shard 1 of 2", 1, true), err)
    h.write(dir .. "/bad", "return { os.exit(3) }\n")
    _, err, st = run { "--merge", "--context", dir .. "/ctx", "--partial", dir .. "/bad", "--into", dir .. "/n" }
    assert.are.equal(1, st)
    assert.truthy(err:find("not a paa partial", 1, true), err)
    _, err, st = run { "--map", "3/2", "--context", dir .. "/ctx", "--into", dir .. "/p" }
    assert.are.equal(1, st)
    assert.truthy(err:find("--map wants K/N", 1, true), err)
  end)
end)

describe("paa.parallel partials", function()
  it("keep strings, integers, floats, booleans and nested tables exactly", function()
    local v = { 1, 2.5, -0.1, math.maxinteger, math.mininteger, 1e300, math.huge, -math.huge,
                "a\0b\r\n\"\\", true, false, { x = { y = { 3 } } }, [20] = "twenty", [2.5] = "f",
                ["key with spaces"] = 0.30000000000000004 }
    local s = parallel.serialize(v)
    assert.truthy(s:find("^%-%- paa partial 1\nreturn "))
    local back = assert(parallel.deserialize(s, "t"))
    assert.are.same(v, back)
    assert.are.equal("integer", math.type(back[1]))
    assert.are.equal("float", math.type(back[2]))
    assert.are.equal(s, parallel.serialize(back))  -- keys sorted: the same text
  end)

  it("refuse what is not data", function()
    assert.has_error(function() parallel.serialize({ print }) end)
    assert.has_error(function() parallel.serialize(setmetatable({}, {})) end)
    local t = {}
    t.self = t
    assert.has_error(function() parallel.serialize(t) end)
  end)

  it("run no code when read", function()
    for _, src in ipairs {
      "-- paa partial 1\nreturn { ('x'):rep(1e9) }",
      "-- paa partial 1\nreturn { os.exit(1) }",
      "-- paa partial 1\nwhile true do end",
      "-- paa partial 1\nreturn {",
    } do
      local v, err = parallel.deserialize(src, "p")
      assert.is_nil(v)
      assert.is_string(err)
    end
    local v, err = parallel.deserialize("-- paa partial 9\nreturn {}", "p")
    assert.is_nil(v)
    assert.are.equal("p: partial format 9; this paa reads format 1", err)
    v, err = parallel.deserialize("return {}", "p")
    assert.is_nil(v)
    assert.truthy(err:find("not a paa partial", 1, true))
  end)
end)
