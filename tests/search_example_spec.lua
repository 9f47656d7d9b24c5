-- examples/search.c: a C program using libpaa alone searches a store the
-- real paa binary made, and finds what db:search finds.
local h = require "helpers"

local SEARCH = h.build .. "/examples/paa-search"

-- the tab-separated hit lines of paa-search, as { doc, source, date, title, snippet }
local function hits(out)
  local rows = {}
  for line in out:gmatch("[^\n]+") do
    local rank, doc, source, date, title, snippet =
      line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$")
    if rank then
      rows[#rows + 1] = { rank = tonumber(rank), doc = doc, source = source, date = date,
                          title = title, snippet = snippet }
    end
  end
  return rows
end

describe("examples/search.c", function()
  local dir, db
  setup(function()
    dir = h.tmpdir()
    h.write(dir .. "/corpus/wire/a.txt", "---\ntitle: Compute deal\ndate: 2025-01-02\n---\n" ..
            "Microsoft and OpenAI signed a compute deal worth $10 billion.\n")
    h.write(dir .. "/corpus/wire/b.txt", "---\ntitle: Antitrust\ndate: 2025-06-18\n---\n" ..
            "OpenAI weighed an antitrust complaint against Microsoft.\n")
    h.write(dir .. "/corpus/post/c.txt", "---\ntitle: Chips\ndate: 2025-03-01\n---\n" ..
            "Nvidia sold more chips than ever; no word on OpenAI.\n")
    db = dir .. "/c.db"
    -- the store made by the real binary, as a user makes it
    local _, err, status = h.run({ "--db", db, "-e", "assert(require('paa').open(" ..
                                   string.format("%q", dir .. "/corpus") .. "))" })
    assert.are.equal(0, status, err)
  end)
  teardown(h.cleanup)

  it("finds the documents db:search finds, in the same order", function()
    local out, err, status = h.sh(h.q(SEARCH) .. " " .. h.q(db) .. " 'openai AND microsoft'")
    assert.are.equal(0, status, err)
    local got = hits(out)
    assert.are.equal(2, #got)
    assert.matches("\n2 hits\n$", "\n" .. out)
    local store = require "paa.store"
    local s = assert(store.open(db))
    local want = assert(s:search("openai AND microsoft"))
    s:close()
    assert.are.equal(#want, #got)
    for i, w in ipairs(want) do
      assert.are.equal(w.doc, got[i].doc)
      assert.are.equal(w.title, got[i].title)
      assert.are.equal(w.date, got[i].date)
      assert.are.equal((w.snippet:gsub("[\t\r\n]", " ")), got[i].snippet)
    end
    assert.matches("\u{ab}OpenAI\u{bb}", got[1].snippet .. got[2].snippet, 1, true)
  end)

  it("takes a limit and a source", function()
    local out = h.sh(h.q(SEARCH) .. " " .. h.q(db) .. " openai 1")
    assert.are.equal(1, #hits(out))
    out = h.sh(h.q(SEARCH) .. " " .. h.q(db) .. " openai 10 post")
    local got = hits(out)
    assert.are.equal(1, #got)
    assert.are.equal("post/c.txt", got[1].doc)
  end)

  it("searches a query that is not FTS5 syntax as plain words", function()
    local out, err, status = h.sh(h.q(SEARCH) .. " " .. h.q(db) .. " 'antitrust ('")
    assert.are.equal(0, status, err)
    local got = hits(out)
    assert.are.equal(1, #got)
    assert.are.equal("wire/b.txt", got[1].doc)
  end)

  it("says why it cannot search", function()
    local long = ("word "):rep(40)
    local _, err, status = h.sh(h.q(SEARCH) .. " " .. h.q(db) .. " " .. h.q(long))
    assert.are.equal(1, status)
    assert.matches("too many terms", err)
    h.write(dir .. "/not.db", "not a database at all, just text\n")
    _, err, status = h.sh(h.q(SEARCH) .. " " .. h.q(dir .. "/not.db") .. " openai")
    assert.are.equal(1, status)
    assert.matches("^paa%-search: ", err)
  end)
end)
