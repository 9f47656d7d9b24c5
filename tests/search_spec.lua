-- One search: the session's search() and scripts/search.lua give the same
-- hits in the same order for the same query (paa.search, FTS5 through the
-- store), over the sample corpus.
local h = require "helpers"
local cjson = require "cjson"
local repl = require "paa.repl"
local psearch = require "paa.search"

-- the hits of scripts/search.lua, as its JSON says them
local function script_hits(query, limit)
  local out, err, status = h.run({ "scripts/search.lua", "corpus/", query, "--limit", tostring(limit),
                                   "--format", "json" })
  assert.are.equal(0, status, err)
  return cjson.decode(out).hits
end

-- the hits of the session's search() over corpus/, printed output dropped
local function session_hits(query, limit)
  local saved = { io.output(), rawget(_G, "corpus"), rawget(_G, "paa") }
  local sink = assert(io.open("/dev/null", "w"))
  io.output(sink)
  local ok, hits = pcall(function()
    rawset(_G, "corpus", assert(require("paa").open("corpus/", { warn = false })))
    return repl.search(query, { limit = limit })
  end)
  io.output(saved[1])
  sink:close()
  rawset(_G, "corpus", saved[2])
  assert(ok, hits)
  return hits
end

describe("one search", function()
  for _, query in ipairs { "SoftBank", "SoftBank -OpenAI", "SoftBank NOT OpenAI", "antitrust OR \"exclusive cloud\"",
                           "stargate*", "Microsoft OpenAI exclusivity", "«stray \"quote" } do
    it("gives the same hits in the same order in the session and in scripts/search.lua: " .. query, function()
      local a, b = session_hits(query, 20), script_hits(query, 20)
      assert.are.equal(#b, #a)
      for i = 1, #a do
        assert.are.equal(b[i].doc, a[i].doc, query .. " #" .. i)
        assert.are.equal(b[i].snippet, a[i].snippet)
      end
    end)
  end

  it("finds something for the queries above (the comparison is not of two empty lists)", function()
    assert.is_true(#session_hits("SoftBank", 20) >= 3)
    assert.are.equal(0, #session_hits("SoftBank NOT SoftBank", 20))
    local hits = session_hits("SoftBank NOT OpenAI", 20)
    for _, hit in ipairs(session_hits("SoftBank", 20)) do
      if hit.snippet:find("OpenAI", 1, true) then
        for _, x in ipairs(hits) do assert.are_not.equal(hit.doc, x.doc) end
      end
    end
  end)

  it("paa.search.store fills a store with a corpus; paa.search.hits searches it", function()
    local c = assert(require("paa.corpus").open("corpus/"))
    local db = assert(psearch.store(c, ":memory:"))
    local n = db:first("SELECT count(*) AS n FROM documents").n
    assert.are.equal(15, n)
    local hits = assert(psearch.hits(db, "SoftBank", { limit = 2 }))
    assert.are.equal(2, #hits)
    local none, err = psearch.store(c, "/no/such/folder/x.db")
    assert.is_nil(none)
    assert.matches("x.db", err, 1, true)
    db:close()
  end)
end)
