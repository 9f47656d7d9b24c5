-- paa.store reliability, with real processes and files: an ingest killed
-- with SIGKILL part-way leaves a consistent database that the next run
-- completes; a reader queries while an ingest writes (WAL); bad
-- locations give nil, message and leave files untouched.
local h = require "helpers"
local has = h.has
local store = require "paa.store"

local rm_db = h.rm_db

local WORDS = {
  "merger", "antitrust", "regulator", "cloud", "contract", "billion", "shares",
  "investors", "quarter", "revenue", "chips", "startup", "founder", "board",
  "lawsuit", "settlement", "market", "growth", "profit", "loss", "acquisition",
  "partnership", "licence", "data", "model", "compute", "energy", "pricing",
  "Microsoft", "OpenAI", "Oracle", "Nvidia", "Brussels", "Washington", "London",
  "the", "a", "of", "and", "to", "in", "with", "for", "on", "after", "before",
}

--- A folder of 'n' generated articles in 8 sources, a few paragraphs of
-- varied words each (a linear congruential generator: deterministic).
local function make_folder(n)
  local dir = h.tmpdir()
  local seed = 12345
  local function rnd(m)
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % m + 1
  end
  for s = 1, 8 do assert(os.execute("mkdir -p " .. h.q(dir .. "/src" .. s))) end
  for i = 1, n do
    local paras = { "Article " .. i .. " on " .. WORDS[rnd(#WORDS)] }
    for p = 1, 3 + rnd(3) do
      local w = {}
      for k = 1, 30 + rnd(50) do w[k] = WORDS[rnd(#WORDS)] end
      w[#w + 1] = tostring(i * 7 + p) .. "."
      paras[#paras + 1] = table.concat(w, " ")
    end
    local f = assert(io.open(string.format("%s/src%d/a%05d.txt", dir, i % 8 + 1, i), "wb"))
    f:write(table.concat(paras, "\n\n"), "\n")
    f:close()
  end
  return dir
end

-- Lua code for a child 'paa -e' that ingests 'dir' into 'db'.
local function ingest_code(db, dir)
  return string.format([[
    local db = assert(require("paa.store").open(%q))
    local s = assert(db:ingest(%q, { progress = false }))
    print(s.added, s.unchanged, s.skipped)]], db, dir)
end

--- Start 'paa -e code' in the background; returns its process id.
local function spawn(code)
  local p = assert(io.popen(h.q(h.paa) .. " -e " .. h.q(code) .. " >/dev/null 2>&1 & echo $!"))
  local pid = assert(tonumber(p:read("l")))
  p:close()
  return pid
end

local function alive(pid)
  return os.execute("kill -0 " .. pid .. " 2>/dev/null") == true
end

local function wait_gone(pid)
  for _ = 1, 600 do
    if not alive(pid) then return end
    os.execute("sleep 0.05")
  end
  error("process " .. pid .. " did not end")
end

local function count(db)
  return db:first("SELECT count(*) AS n FROM documents").n
end

-- Poll until 'pid' has committed at least one document (or ended).
local function wait_started(db, pid)
  for _ = 1, 2000 do
    if count(db) > 0 or not alive(pid) then return end
    os.execute("sleep 0.01")
  end
end

--- documents and paragraphs of a store as ordered text, for comparison.
local function dump(path)
  local db = assert(store.open(path))
  local t = {}
  for r in db:rows("SELECT doc, hash, bytes FROM documents ORDER BY doc") do
    t[#t + 1] = string.format("%s %d %d", r.doc, r.hash, r.bytes)
  end
  for r in db:rows("SELECT d.doc AS doc, p.position AS position, p.start AS start,"
      .. " p.stop AS stop, p.fingerprint AS fp FROM paragraphs p"
      .. " JOIN documents d ON d.id = p.document ORDER BY d.doc, p.position") do
    t[#t + 1] = string.format("%s %d %d %d %d", r.doc, r.position, r.start, r.stop, r.fp)
  end
  local fts = db:first("SELECT count(*) AS n FROM fts WHERE fts MATCH 'antitrust'").n
  db:close()
  return table.concat(t, "\n"), #t, fts
end

describe("paa.store reliability", function()
  after_each(h.cleanup)

  it("completes an ingest killed with SIGKILL part-way, as a clean one", function()
    local n, dir, tmp, killed_at = 3000, nil, nil, nil
    for _ = 1, 3 do  -- a bigger folder when the ingest ended before the kill
      dir, tmp = make_folder(n), h.tmpdir()
      local path = tmp .. "/killed.db"
      assert(store.open(path)):close()  -- the schema, so polling reads a store
      local db = assert(store.open(path))
      local pid = spawn(ingest_code(path, dir))
      wait_started(db, pid)
      os.execute("kill -KILL " .. pid .. " 2>/dev/null")
      wait_gone(pid)
      killed_at = count(db)
      db:close()
      if killed_at > 0 and killed_at < n then break end
      killed_at = nil
      n = n * 3
    end
    assert(killed_at, "the ingest was never caught part-way")
    local killed, clean = tmp .. "/killed.db", tmp .. "/clean.db"
    -- consistent after the kill
    local db = assert(store.open(killed))
    assert.equal("ok", db:first("PRAGMA integrity_check").integrity_check)
    assert.is_nil(db:first("PRAGMA foreign_key_check"))
    db:exec("INSERT INTO fts(fts) VALUES ('integrity-check')")  -- raises when the index is off
    db:close()
    -- the next run completes it
    local out, err, status = h.run({ "-e", ingest_code(killed, dir) })
    assert.equal(0, status, err)
    local added, unchanged = out:match("^(%d+)\t(%d+)\t0\n$")
    assert.equal(n, tonumber(added) + tonumber(unchanged))
    assert.is_true(tonumber(unchanged) >= killed_at)
    out, err, status = h.run({ "-e", ingest_code(clean, dir) })
    assert.equal(0, status, err)
    assert.equal(n .. "\t0\t0\n", out)
    -- identical documents and paragraphs
    local a, rows_a, fts_a = dump(killed)
    local b, rows_b, fts_b = dump(clean)
    assert.is_true(rows_a > n)
    assert.equal(rows_b, rows_a)
    assert.is_true(a == b, "the completed store differs from a clean ingest")
    assert.equal(fts_b, fts_a)
  end)

  it("lets another paa process read while an ingest writes", function()
    local n = 6000
    for _ = 1, 3 do
      local dir, tmp = make_folder(n), h.tmpdir()
      local path = tmp .. "/c.db"
      assert(store.open(path)):close()
      local db = assert(store.open(path))
      local pid = spawn(ingest_code(path, dir))
      wait_started(db, pid)
      db:close()
      local out, err, status = h.run({ "-e", string.format([[
        local db = assert(require("paa.store").open(%q))
        for i = 1, 5 do
          local r = assert(db:first("SELECT count(*) AS n FROM documents"))
          io.write(r.n, " ")
          local t = os.clock() + 0.05
          repeat until os.clock() > t
        end
        db:close()]], path) })
      local writing = alive(pid)
      wait_gone(pid)
      assert.equal(0, status, err)
      local counts = {}
      for c in out:gmatch("%d+") do counts[#counts + 1] = tonumber(c) end
      assert.equal(5, #counts)
      for i = 2, 5 do assert.is_true(counts[i] >= counts[i - 1]) end
      if writing and counts[1] < n then
        assert.is_true(counts[1] > 0)
        db = assert(store.open(path))
        assert.equal(n, count(db))  -- the writer finished its work
        db:close()
        return
      end
      h.cleanup()
      n = n * 3
    end
    error("the reader never ran while the writer was writing")
  end)

  describe("bad locations", function()
    it("gives nil, message in a read-only folder, writing nothing", function()
      local dir = h.tmpdir()
      assert(os.execute("chmod 0555 " .. h.q(dir)))
      if h.sh("id -u") ~= "0\n" then
        local db, msg = store.open(dir .. "/c.db")
        assert.is_nil(db)
        has(dir, msg)
      else
        -- root ignores folder permissions: open it as 'nobody' instead
        local as_nobody = "setpriv --reuid=65534 --regid=65534 --clear-groups " ..
          h.q(h.abs(h.build) .. "/paa") .. " -e "
        if h.sh(as_nobody .. h.q("io.write('ok')")) ~= "ok" then
          pending("runs as root, and 'nobody' cannot run build/paa from this folder")
          return
        end
        local code = "local s = require 'paa.store'; local db, msg = s.open(" ..
          string.format("%q", dir .. "/c.db") .. "); io.write(tostring(db), '|', tostring(msg))"
        local out, err = h.sh(as_nobody .. h.q(code))
        assert.matches("^nil|", out, 1, false)
        has(dir, out)
        assert.are.equal("", err)
      end
      assert.is_nil(io.open(dir .. "/c.db"))
    end)

    it("gives nil, message under a folder that does not exist, creating nothing", function()
      local dir = h.tmpdir()
      local db, msg = store.open(dir .. "/no/such/c.db")
      assert.is_nil(db)
      assert.is_string(msg)
      has(dir .. "/no/such/c.db", msg)
      assert.equal("", h.sh("ls -A " .. h.q(dir)))
    end)

    it("leaves a file that is not SQLite byte-for-byte untouched, also from the host", function()
      local path = h.tmpdir() .. "/report.db"
      local bytes = string.rep("quarterly figures\0\1\2", 500)
      h.write(path, bytes)
      local out, err, status = h.run({ "-e", string.format(
        "print(select(2, require('paa.store').open(%q)))", path) })
      assert.equal(0, status, err)
      has("not a SQLite database", out)
      assert.is_true(bytes == h.slurp(path))
      assert.is_nil(io.open(path .. "-wal"))
    end)

    it("stops an ingest on a full disk with a clear message, keeping what was committed", function()
      -- a full disk, simulated: SQLite's page limit answers SQLITE_FULL as a full disk does
      local path = h.tmpdir() .. "/full.db"
      local db = assert(store.open(path))
      local small = make_folder(20)
      assert(db:ingest(small))
      local kept = db:first("SELECT count(*) AS n FROM documents").n
      local pages = db:first("PRAGMA page_count").page_count
      db:exec("PRAGMA max_page_count = " .. (pages + 2))
      local r, msg = db:ingest(make_folder(400))
      assert.is_nil(r)
      has("full", msg)
      assert.are.equal(kept, db:first("SELECT count(*) AS n FROM documents").n)
      assert.are.equal("ok", db:first("PRAGMA integrity_check").integrity_check)
      db:close()
      rm_db(path)
    end)

    it("refuses a newer schema version with a clear error, bytes untouched", function()
      local path = h.tmpdir() .. "/future.db"
      local db = assert(store.open(path))
      db:exec("INSERT INTO documents(doc, hash) VALUES ('kept', 1)")
      db:exec("PRAGMA user_version = 7")
      db:exec("PRAGMA journal_mode = DELETE")
      db:close()
      local before = h.slurp(path)
      local db2, msg = store.open(path)
      assert.is_nil(db2)
      has(path .. ": store schema version 7 is newer than this paa knows", msg)
      assert.is_true(before == h.slurp(path))
      assert.is_nil(io.open(path .. "-wal"))
      rm_db(path)
    end)
  end)
end)
