-- paa.store: opening and closing, bad files, the Lua <-> SQLite value
-- mapping, rows/first/exec with parameters, transactions, incremental
-- ingest, and FTS5 search with the paa tokenizer.
local h = require "helpers"
local error_of, has = h.error_of, h.has
local store = require "paa.store"
local corpus = require "paa.corpus"


-- a small corpus in a fresh folder: { ["source/file.txt"] = text }
local function make_corpus(files)
  local dir = h.tmpdir()
  for name, text in pairs(files) do h.write(dir .. "/" .. name, text) end
  return dir
end

local INJECTION = "'); DROP TABLE documents; --"

local FILES = {
  ["wire/openai.txt"] = "OpenAI’s new structure\n\n"
    .. "Microsoft and OpenAI agreed that the for-profit arm becomes a public benefit corporation.\n\n"
    .. "The deal is worth $13 billion.\n",
  ["wire/cloud.txt"] = "Cloud deal\n\nOracle signed an exclusive cloud contract with OpenAI.\n",
  ["daily/inject.txt"] = INJECTION .. "\n\nThe text of this article is " .. INJECTION .. " again.\n",
}

describe("paa.store", function()
  after_each(h.cleanup)

  describe("open and close", function()
    it("opens an in-memory store with the schema", function()
      local db = assert(store.open(":memory:"))
      assert.equal(store.schema, db:first("PRAGMA user_version").user_version)
      assert.equal(1, db:first("PRAGMA foreign_keys").foreign_keys)
      for _, t in ipairs { "documents", "paragraphs", "texts", "fts" } do
        assert.truthy(db:first("SELECT name FROM sqlite_schema WHERE name = ?", t), t)
      end
      db:close()
    end)

    it("opens a file in WAL mode and reopens it", function()
      local path = h.tmpdir() .. "/c.db"
      local db = assert(store.open(path))
      assert.equal("wal", db:first("PRAGMA journal_mode").journal_mode)
      db:exec("INSERT INTO documents(doc, hash) VALUES ('a', 1)")
      db:close()
      db = assert(store.open(path))
      assert.equal(1, db:first("SELECT count(*) AS n FROM documents").n)
      db:close()
    end)

    it("closes idempotently and refuses a closed store", function()
      local db = assert(store.open(":memory:"))
      db:close()
      db:close()
      has("attempt to use a closed store", error_of(db.exec, db, "SELECT 1"))
      has("paa.Store (closed)", tostring(db))
    end)

    it("closes at the end of a scope with <close>", function()
      local keep
      do
        local db <close> = assert(store.open(":memory:"))
        keep = db
      end
      has("closed store", error_of(keep.first, keep, "SELECT 1"))
    end)

    it("leaves a file that is not SQLite untouched", function()
      local path = h.tmpdir() .. "/notes.db"
      local bytes = "these are my notes, not a database\n" .. string.rep("x", 200)
      h.write(path, bytes)
      local db, msg = store.open(path)
      assert.is_nil(db)
      has("not a SQLite database", msg)
      has(path, msg)
      assert.equal(bytes, h.slurp(path))
    end)

    it("refuses a store from a newer schema version, untouched", function()
      local path = h.tmpdir() .. "/new.db"
      local db = assert(store.open(path))
      db:exec("PRAGMA user_version = 99")
      db:exec("PRAGMA journal_mode = DELETE")
      db:close()
      local before = h.slurp(path)
      local db2, msg = store.open(path)
      assert.is_nil(db2)
      has("newer", msg)
      assert.equal(before, h.slurp(path))
    end)

    it("refuses a SQLite database of something else", function()
      local path = h.tmpdir() .. "/other.db"
      local db = assert(store.open(path))
      db:exec("PRAGMA user_version = 0")  -- looks like someone else's file now
      db:exec("PRAGMA application_id = 0")
      db:close()
      local db2, msg = store.open(path)
      assert.is_nil(db2)
      has("not a paa store", msg)
    end)

    it("opens a file in the sandbox only under --out (it writes files)", function()
      local dir = h.tmpdir()
      h.write(dir .. "/script/s.lua", 'print(require("paa.store").open(arg[1] .. "/x.db"))')
      local out, err, status = h.run({ "--sandbox", dir .. "/script/s.lua", dir })
      assert.equal(0, status, err)
      has("cannot write " .. dir .. "/x.db: no --out folder", out)
      assert.is_nil(io.open(dir .. "/x.db"))
    end)

    it("gives nil, message when the folder does not exist", function()
      local db, msg = store.open(h.tmpdir() .. "/no/such/folder/x.db")
      assert.is_nil(db)
      assert.is_string(msg)
    end)
  end)

  describe("values", function()
    local db
    before_each(function() db = assert(store.open(":memory:")) end)
    after_each(function() db:close() end)

    it("maps Lua values to SQLite and back", function()
      local r = db:first("SELECT ? AS i, ? AS f, ? AS s, ? AS t, ? AS b, ? AS n,"
        .. " typeof(?) AS ti, typeof(?) AS tf, typeof(?) AS ts, typeof(?) AS tn",
        42, 2.0, "héllo\0x", true, false, nil, 7, 7.0, "7", nil)
      assert.equal("integer", math.type(r.i)); assert.equal(42, r.i)
      assert.equal("float", math.type(r.f)); assert.equal(2.0, r.f)
      assert.equal("héllo\0x", r.s)
      assert.equal(1, r.t); assert.equal(0, r.b)
      assert.is_nil(r.n)
      assert.same({ "integer", "real", "text", "null" }, { r.ti, r.tf, r.ts, r.tn })
      assert.equal(math.maxinteger, db:first("SELECT ? AS x", math.maxinteger).x)
    end)

    it("raises naming the argument that cannot be bound", function()
      has("parameter 2: cannot bind a table", error_of(db.first, db, "SELECT ?, ?", 1, {}))
      has("bad argument #3 to 'first'", select(2, pcall(function() return db:first("SELECT ?, ?", 1, {}) end)))
      has("cannot bind a function", error_of(db.first, db, "SELECT ?", print))
      has("parameter ':x'", error_of(db.first, db, "SELECT :x", { x = {} }))
    end)

    it("binds parameters by name", function()
      local r = db:first("SELECT :a AS a, @b AS b, $c AS c, :missing AS m", { a = 1, b = "two", c = 3.5 })
      assert.same({ a = 1, b = "two", c = 3.5 }, r)
    end)

    it("checks the number of positional values", function()
      has("1 parameter, 2 values", error_of(db.first, db, "SELECT ?", 1, 2))
      has("2 parameters, 1 value", error_of(db.first, db, "SELECT ?, ?", 1))
    end)

    it("raises on SQL errors", function()
      has("paa.store: ", error_of(db.exec, db, "SELEC 1"))
      has("no such table", error_of(db.first, db, "SELECT * FROM nowhere"))
      has("one SQL statement", error_of(db.first, db, "SELECT 1; SELECT 2"))
    end)
  end)

  describe("exec, rows, first", function()
    local db
    before_each(function()
      db = assert(store.open(":memory:"))
      db:exec("CREATE TABLE t(x INTEGER, y TEXT); CREATE INDEX t_x ON t(x)")
      for i = 1, 5 do db:exec("INSERT INTO t VALUES (?, ?)", i, "v" .. i) end
    end)
    after_each(function() db:close() end)

    it("exec runs scripts and returns the rows changed", function()
      assert.equal(5, db:exec("UPDATE t SET y = upper(y)"))
      assert.equal(2, db:exec("DELETE FROM t WHERE x > ?", 3))
    end)

    it("rows iterates rows keyed by column name", function()
      local got = {}
      for r in db:rows("SELECT x, y FROM t WHERE x >= ? ORDER BY x", 2) do got[#got + 1] = r end
      assert.equal(4, #got)
      assert.same({ x = 2, y = "v2" }, got[1])
    end)

    it("break finalizes the statement at once", function()
      for _ in db:rows("SELECT x FROM t") do break end  -- luacheck: ignore 512
      -- a pending statement would block this (table locked)
      db:exec("DROP TABLE t")
      assert.is_nil(db:first("SELECT name FROM sqlite_schema WHERE name = 't'"))
    end)

    it("closing the store finalizes its statements", function()
      local iter, st = db:rows("SELECT x FROM t")
      assert.truthy(iter(st))
      db:close()
      has("closed store", error_of(iter, st))
      db = assert(store.open(":memory:"))
    end)

    it("first gives the first row or nil", function()
      assert.same({ y = "v3" }, db:first("SELECT y FROM t WHERE x = :x", { x = 3 }))
      assert.is_nil(db:first("SELECT y FROM t WHERE x = 99"))
    end)
  end)

  describe("transaction", function()
    local db
    before_each(function()
      db = assert(store.open(":memory:"))
      db:exec("CREATE TABLE t(x)")
    end)
    after_each(function() db:close() end)
    local function count() return db:first("SELECT count(*) AS n FROM t").n end

    it("commits when fn returns, with its results", function()
      local a, b = db:transaction(function()
        db:exec("INSERT INTO t VALUES (1)")
        return "done", 2
      end)
      assert.same({ "done", 2 }, { a, b })
      assert.equal(1, count())
    end)

    it("rolls back and re-raises when fn raises", function()
      local err = error_of(db.transaction, db, function()
        db:exec("INSERT INTO t VALUES (1)")
        error({ code = 7 })
      end)
      assert.equal(0, count())
      assert.truthy(err)
      local ok, e = pcall(db.transaction, db, function() error({ code = 7 }) end)
      assert.is_false(ok)
      assert.same({ code = 7 }, e)
    end)

    it("nests with savepoints", function()
      db:transaction(function()
        db:exec("INSERT INTO t VALUES (1)")
        pcall(db.transaction, db, function()
          db:exec("INSERT INTO t VALUES (2)")
          error("inner fails")
        end)
        db:transaction(function() db:exec("INSERT INTO t VALUES (3)") end)
      end)
      local xs = {}
      for r in db:rows("SELECT x FROM t ORDER BY x") do xs[#xs + 1] = r.x end
      assert.same({ 1, 3 }, xs)
    end)
  end)

  describe("ingest", function()
    it("adds, keeps unchanged, updates and prunes", function()
      local dir = make_corpus(FILES)
      local path = h.tmpdir() .. "/c.db"
      local db = assert(store.open(path))
      local s = assert(db:ingest(dir, { progress = false }))
      assert.same({ added = 3, updated = 0, unchanged = 0, removed = 0, skipped = 0 },
        { added = s.added, updated = s.updated, unchanged = s.unchanged, removed = s.removed,
          skipped = s.skipped })
      local d = db:first("SELECT * FROM documents WHERE doc = ?", "wire/openai.txt")
      assert.equal("wire", d.source)
      assert.equal("OpenAI’s new structure", d.title)
      assert.truthy(d.ingested_at:match("^%d%d%d%d%-%d%d%-%d%d %d%d:%d%d:%d%d$"))
      assert.equal(3, db:first("SELECT count(*) AS n FROM paragraphs WHERE document = ?", d.id).n)
      local p = db:first("SELECT start, stop FROM paragraphs WHERE document = ? AND position = 2", d.id)
      local text = db:first("SELECT text FROM texts WHERE id = ?", d.id).text
      assert.equal("The deal is worth $13 billion.", text:sub(p.start + 1, p.stop))
      db:close()

      -- a second run: nothing changed
      db = assert(store.open(path))
      s = assert(db:ingest(dir, { progress = false }))
      assert.equal(3, s.unchanged)
      assert.equal(0, s.added + s.updated + s.removed)

      -- a changed file is replaced in place, a removed one pruned
      h.write(dir .. "/wire/cloud.txt", "Cloud deal\n\nGoogle signed a cloud contract.\n")
      os.remove(dir .. "/daily/inject.txt")
      s = assert(db:ingest(dir, { prune = true, progress = false }))
      assert.same({ 0, 1, 1, 1 }, { s.added, s.updated, s.unchanged, s.removed })
      assert.equal(2, db:first("SELECT count(*) AS n FROM documents").n)
      assert.equal(2, db:first("SELECT count(*) AS n FROM texts").n)
      assert.equal(0, db:first("SELECT count(*) AS n FROM paragraphs WHERE document NOT IN"
        .. " (SELECT id FROM documents)").n)
      assert.equal(0, #db:search("oracle"))
      assert.equal(1, #db:search("google"))
      db:exec("INSERT INTO fts(fts) VALUES ('integrity-check')")
      assert.equal("ok", db:first("PRAGMA integrity_check").integrity_check)
      db:close()
    end)

    it("without prune keeps documents whose files are gone", function()
      local dir = make_corpus(FILES)
      local db = assert(store.open(":memory:"))
      assert(db:ingest(dir, { progress = false }))
      os.remove(dir .. "/wire/cloud.txt")
      local s = assert(db:ingest(dir, { progress = false }))
      assert.equal(0, s.removed)
      assert.equal(3, db:first("SELECT count(*) AS n FROM documents").n)
      db:close()
    end)

    it("reads a paa.Corpus and counts inputs skipped", function()
      local dir = make_corpus(FILES)
      h.write(dir .. "/wire/empty.txt", "")
      local c = assert(corpus.open(dir, { warn = false }))
      local db = assert(store.open(":memory:"))
      local s = assert(db:ingest(c, { progress = false }))
      assert.equal(3, s.added)
      assert.equal(1, s.skipped)
      db:close()
      h.forget_skipped()
    end)

    it("names each input skipped through the corpus's warn function", function()
      local dir = make_corpus(FILES)
      h.write(dir .. "/wire/empty.txt", "")
      h.write(dir .. "/wire/binary.txt", "PK\0\0\1\2\3 not text")
      local told = {}
      local c = assert(corpus.open(dir, { warn = function(msg, info) told[#told + 1] = { msg, info } end }))
      local db = assert(store.open(":memory:"))
      local s = assert(db:ingest(c, { progress = false }))
      assert.equal(2, s.skipped)
      assert.equal(2, #told)
      for _, t in ipairs(told) do
        assert.truthy(t[1]:find("^" .. dir:gsub("%p", "%%%0") .. "/wire/%a+%.txt: .+; skipped$"), t[1])
        assert.is_true(t[2].skipped)
        assert.is_string(t[2].reason)
        has(t[2].path .. ": " .. t[2].reason .. "; skipped", t[1])
      end
      has("/wire/binary.txt", told[1][1])  -- in walk order
      has("/wire/empty.txt: empty file; skipped", told[2][1])
      -- the session's skipped set: the host exits 4
      local set = require("paa.inputs").skipped()
      assert.equal("empty file", set[dir .. "/wire/empty.txt"])
      -- the same messages as corpus:docs() gives
      local again = {}
      local c2 = assert(corpus.open(dir, { warn = function(msg) again[#again + 1] = msg end }))
      for _ in c2:docs() do end
      assert.same({ told[1][1], told[2][1] }, again)
      db:close()
      h.forget_skipped()
    end)

    it("takes opts.warn over the corpus's, and false for silence", function()
      local dir = make_corpus(FILES)
      h.write(dir .. "/wire/empty.txt", "")
      local mine = {}
      local db = assert(store.open(":memory:"))
      assert(db:ingest(dir, { progress = false, warn = function(msg) mine[#mine + 1] = msg end }))
      assert.same({ dir .. "/wire/empty.txt: empty file; skipped" }, mine)
      h.write(dir .. "/wire/empty2.txt", "")
      local s = assert(db:ingest(corpus.open(dir, { warn = function() error("not this one") end }),
                               { progress = false, warn = false }))
      assert.equal(2, s.skipped)
      assert.equal(3, s.unchanged)
      has("function or false 'warn'", error_of(db.ingest, db, dir, { warn = true }))
      db:close()
      h.forget_skipped()
    end)

    it("raises a warn function's error after the ingest stops, keeping what it stored", function()
      local dir = make_corpus(FILES)
      h.write(dir .. "/wire/empty.txt", "")  -- walked after daily/inject.txt and wire/cloud.txt
      local db = assert(store.open(":memory:"))
      has("stop here", error_of(db.ingest, db, dir, { progress = false, warn = function() error("stop here") end }))
      assert.equal(2, db:first("SELECT count(*) AS n FROM documents").n)
      assert.equal(1, db:first("SELECT 1 AS ok").ok)  -- still usable, no transaction left open
      assert(db:exec("BEGIN; COMMIT"))
      db:close()
      h.forget_skipped()
    end)

    it("tells of inputs skipped on stderr and the host exits 4", function()
      local dir = make_corpus(FILES)
      h.write(dir .. "/wire/empty.txt", "")
      local out, err, status = h.run({ "-e", string.format([[
        local db = assert(require("paa.store").open(":memory:"))
        local s = assert(db:ingest(%q, { progress = false }))
        print(s.added, s.skipped)]], dir) })
      assert.equal("3\t1\n", out)
      assert.equal("paa: " .. dir .. "/wire/empty.txt: empty file; skipped\n"
        .. "paa: 1 input skipped (see the warnings above)\n", err)
      assert.equal(4, status)
    end)

    it("gives nil, message for a corpus that does not exist", function()
      local db = assert(store.open(":memory:"))
      local s, msg = db:ingest(h.tmpdir() .. "/nothing-here", { progress = false })
      assert.is_nil(s)
      assert.is_string(msg)
      db:close()
    end)

    it("keeps the FTS index right when SQL deletes or retitles documents", function()
      local db = assert(store.open(":memory:"))
      assert(db:ingest(make_corpus(FILES), { progress = false }))
      db:exec("UPDATE documents SET title = 'Renamed zebra' WHERE doc = 'wire/cloud.txt'")
      assert.equal("wire/cloud.txt", db:search("zebra")[1].doc)
      db:exec("DELETE FROM documents WHERE doc = ?", "wire/openai.txt")
      assert.equal(0, #db:search("microsoft"))
      db:exec("INSERT INTO fts(fts) VALUES ('integrity-check')")
      db:close()
    end)
  end)

  describe("search", function()
    local db
    before_each(function()
      db = assert(store.open(":memory:"))
      assert(db:ingest(make_corpus(FILES), { progress = false }))
    end)
    after_each(function() db:close() end)

    it("finds words as the paa tokenizer reads them", function()
      local hits = db:search("openai")
      assert.equal(2, #hits)
      local docs = {}
      for _, r in ipairs(hits) do docs[r.doc] = r end
      local r = docs["wire/openai.txt"]
      assert.equal("OpenAI’s new structure", r.title)
      assert.equal("wire", r.source)
      assert.is_number(r.rank)
      has("«OpenAI’s»", r.snippet)
      assert.equal(1, #db:search('"for profit"'))
      assert.equal(1, #db:search("for-profit"))
      has("«for-profit»", db:search('"for profit"')[1].snippet)
      assert.equal(1, #db:search("OPENAI's structure"))
      assert.equal(1, #db:search("13"))
    end)

    it("understands FTS5 syntax", function()
      assert.equal(1, #db:search('"exclusive cloud"'))
      assert.equal(2, #db:search('oracle OR microsoft'))
      assert.equal(1, #db:search('openai NOT oracle'))
      assert.equal(2, #db:search('bene* OR exclu*'))
    end)

    it("answers queries that are not valid FTS5 syntax", function()
      assert.equal(1, #db:search('"exclusive cloud'))
      assert.equal(1, #db:search('cloud)) (contract'))
      assert.equal(0, #db:search('((( """ '))
      assert.equal(2, #db:search("OpenAI's"))
    end)

    it("stores and searches SQL injection text like any other", function()
      local hits = db:search(INJECTION)
      assert.equal(1, #hits)
      assert.equal("daily/inject.txt", hits[1].doc)
      assert.equal(INJECTION, hits[1].title)
      assert.equal(3, db:first("SELECT count(*) AS n FROM documents").n)
      assert.equal(1, db:first("SELECT count(*) AS n FROM documents WHERE title = ?", INJECTION).n)
    end)

    it("filters by source and date and limits", function()
      assert.equal(1, #db:search("openai", { source = "wire", limit = 1 }))
      assert.equal(0, #db:search("openai", { source = "daily" }))
      db:exec("UPDATE documents SET date = '2025-06-16' WHERE doc = 'wire/cloud.txt'")
      assert.equal(1, #db:search("openai", { since = "2025-06" }))
      assert.equal(1, #db:search("openai", { ["until"] = "2025-06" }))
      assert.equal(0, #db:search("openai", { ["until"] = "2025-05" }))
      has("limit", error_of(db.search, db, "x", { limit = 0 }))
      has("source", error_of(db.search, db, "x", { source = 1 }))
    end)
  end)

  describe("paa --db FILE and PAA_DB", function()
    local function docs_in(path)
      local db = assert(store.open(path))
      local n = db:first("SELECT count(*) AS n FROM documents").n
      local marked = db:first("SELECT count(*) AS n FROM documents WHERE ingested_at = 'marked'").n
      db:close()
      return n, marked
    end
    local function mark(path)
      local db = assert(store.open(path))
      db:exec("UPDATE documents SET ingested_at = 'marked'")
      db:close()
    end

    it("keeps the corpus of scripts/search.lua in the store, unchanged the second time", function()
      local path = h.tmpdir() .. "/x.db"
      local out, err, status = h.run({ "--db", path, "scripts/search.lua", "corpus/", "antitrust" })
      assert.equal(0, status, err)
      has("hits", out)
      assert.equal(15, (docs_in(path)))
      mark(path)
      local out2, err2, status2 = h.run({ "--db", path, "scripts/search.lua", "corpus/", "antitrust" })
      assert.equal(0, status2, err2)
      assert.equal(out, out2)
      local n, marked = docs_in(path)
      assert.equal(15, n)
      assert.equal(15, marked)  -- nothing was rewritten: all unchanged
    end)

    it("takes PAA_DB the same way, and paa.db() gives the store", function()
      local path = h.tmpdir() .. "/y.db"
      local env = "PAA_DB=" .. h.q(path)
      local _, err, status = h.run({ "scripts/search.lua", "corpus/", "antitrust" }, nil, env)
      assert.equal(0, status, err)
      assert.equal(15, (docs_in(path)))
      mark(path)
      local code = [[
        local paa = require "paa"
        local c = assert(paa.open("corpus/"))
        local db = assert(paa.db())
        assert(db == paa.db())  -- opened once
        print(db:first("SELECT count(*) AS n FROM documents").n, paa.core.db())]]
      local out
      out, err, status = h.run({ "-e", code }, nil, env)
      assert.equal(0, status, err)
      assert.equal("15\t" .. path .. "\n", out)
      assert.equal(15, select(2, docs_in(path)))
      -- --db wins over PAA_DB; -E ignores PAA_DB
      local other = h.tmpdir() .. "/z.db"
      out, err, status = h.run({ "--db", other, "-e", code }, nil, env)
      assert.equal(0, status, err)
      assert.equal("15\t" .. other .. "\n", out)
      out = h.run({ "-E", "-e", "print(require('paa').db(), require('paa.core').db())" }, nil, env)
      assert.equal("nil\tnil\n", out)
    end)

    it("writes nothing without --db, and tells when the store cannot be opened", function()
      local out, err, status = h.run({ "-e", [[
        local paa = require "paa"
        assert(paa.open("corpus/"))
        print(paa.db())]] })
      assert.equal(0, status, err)
      assert.equal("nil\n", out)
      local bad = h.tmpdir() .. "/no/such/x.db"
      out, err, status = h.run({ "--db", bad, "scripts/search.lua", "corpus/", "antitrust" })
      assert.equal("", out)
      assert.equal(1, status)
      has(bad, err)
      has("usage: paa [options]", select(2, h.run({ "--db" })))
    end)
  end)
end)
