-- The store under hostile input: a damaged database file, search queries
-- far too long, a full database. Each failure is nil, message naming the
-- store's file (or the bound passed), and scripts/search.lua says it in
-- one line with a nonzero exit status, never a traceback.
local h = require "helpers"
local has = h.has
local store = require "paa.store"

local rm_db = h.rm_db

-- A store of the sample corpus with the second half of the leaf pages of
-- table 'name' overwritten with junk. With "fts_data" (the FTS5 index)
-- the documents still read, so an ingest of the unchanged corpus passes
-- and search hits the damage; with "documents" the ingest does.
local function damaged_store(name)
  local path = h.tmpdir() .. "/news.db"
  local db = assert(store.open(path))
  assert(db:ingest("corpus", { warn = false }))
  local size = db:first("PRAGMA page_size").page_size
  local pages = {}
  for r in db:rows("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' " ..
                   "ORDER BY pageno", name) do
    pages[#pages + 1] = r.pageno
  end
  assert(db:exec("PRAGMA wal_checkpoint(TRUNCATE)"))
  db:close()
  assert(#pages >= 2, "expected leaf pages to damage")
  local f = assert(io.open(path, "r+b"))
  for i = #pages // 2 + 1, #pages do
    f:seek("set", (pages[i] - 1) * size)
    f:write(string.rep("\xde\xad", size // 2))
  end
  f:close()
  return path
end

-- "w1 OR w2 OR ... OR wN"
local function or_query(n)
  local t = {}
  for i = 1, n do t[i] = "openai" .. i end
  return table.concat(t, " OR ")
end

describe("hardening: the store's failures", function()
  after_each(h.cleanup)

  describe("a damaged store", function()
    it("db:search returns nil and a message naming the file", function()
      local path = damaged_store("fts_data")
      local db = assert(store.open(path))
      local hits, err = db:search("openai")
      db:close()
      assert.is_nil(hits)
      assert.are.equal(path .. ": database disk image is malformed", err)
    end)

    it("search.lua says so in one line, exit status 1, no traceback", function()
      local path = damaged_store("fts_data")
      local out, err, code = h.run({ "scripts/search.lua", "corpus", "openai", "--db", path })
      assert.are.equal("", out)
      assert.are.equal("paa: " .. path .. ": database disk image is malformed\n", err)
      assert.are.equal(1, code)
    end)
  end)

  describe("search queries", function()
    local db
    before_each(function() db = assert(store.open(":memory:")); assert(db:ingest("corpus", { warn = false })) end)
    after_each(function() db:close() end)

    it("are searched up to 32 words, OR not counted", function()
      assert.are.equal("table", type(db:search(or_query(32))))
      assert.are.equal("table", type(db:search('"' .. h.words(1, 32) .. '"')))
    end)

    it("beyond 32 words give nil and a message saying the bound", function()
      local hits, err = db:search(or_query(33))
      assert.is_nil(hits)
      assert.are.equal("search query has too many terms: 33 (at most 32)", err)
      -- a phrase counts its words; a query that is not FTS5 syntax too
      hits, err = db:search('"' .. h.words(1, 40) .. '"')
      assert.is_nil(hits)
      has("too many terms: 40", err)
      hits, err = db:search(h.words(1, 33) .. ' "')
      assert.is_nil(hits)
      has("too many terms: 33", err)
    end)

    it("beyond 1,024 bytes give nil and a message saying the bound", function()
      local hits, err = db:search(string.rep("x", 1025))
      assert.is_nil(hits)
      assert.are.equal("search query too long: 1025 bytes (at most 1024)", err)
      assert.are.equal("table", type(db:search(string.rep("x", 1024))))
    end)

    it("search.lua refuses a long query in one line and its usage, exit status 2", function()
      local out, err, code = h.run({ "scripts/search.lua", "corpus", or_query(60) })
      assert.are.equal("", out)
      assert.are.equal("paa: search: query too long (60 words); at most 32 words (OR, AND, NOT, NEAR not counted)\n" ..
                       "usage: paa scripts/search.lua [options] [CORPUS] [QUERY...]\n", err)
      assert.are.equal(2, code)
    end)
  end)

  describe("a full database", function()
    -- max_page_count makes SQLite report SQLITE_FULL exactly as a full disk does
    it("ingest and exec name the store's file", function()
      local path = h.tmpdir() .. "/full.db"
      local db = assert(store.open(path))
      assert(db:exec("PRAGMA max_page_count = " .. db:first("PRAGMA page_count").page_count))
      local s, err = db:ingest("corpus", { warn = false })
      assert.is_nil(s)
      assert.are.equal(path .. ": cannot ingest: database or disk is full", err)
      s, err = db:exec("CREATE TABLE big AS SELECT randomblob(1000000) AS x")
      assert.is_nil(s)
      assert.are.equal(path .. ": database or disk is full", err)
      db:close()
      rm_db(path)
    end)

    it("the host's --db names the store an ingest fails on, in one line", function()
      local path = damaged_store("documents")
      local out, err, code = h.run({ "--db", path, "scripts/deals.lua", "corpus" })
      assert.are.equal("", out)
      assert.are.equal("paa: " .. path .. ": cannot ingest: database disk image is malformed\n", err)
      assert.are.equal(1, code)
    end)
  end)
end)
