-- paa.store ingest on several threads: workers read, decode, hash and
-- split the files of their shards, one writer inserts in walk order, so
-- the store's rows, ids and search results, and the inputs told of as
-- skipped (and their order), are the same whatever the threads.
local h = require "helpers"
local error_of, has = h.error_of, h.has
local store = require "paa.store"

-- a corpus with folders, JSONL lines, HTML with metadata, notes and skips
local function make_corpus(nfiles, dir)
  dir = dir or h.tmpdir()
  for i = 1, nfiles do
    local src = ({ "wire", "daily", "weekly/deep" })[i % 3 + 1]
    h.write(string.format("%s/%s/%04d.txt", dir, src, i), string.format(
      "Story %d about compute deals\n\nMicrosoft and OpenAI signed deal number %d, a "
      .. "for-profit arrangement.\n\nShared closing paragraph for every story.\n", i, i))
  end
  h.write(dir .. "/daily/0002.txt", "\0\1\2binary\0")
  h.write(dir .. "/daily/0005.txt", "")
  h.write(dir .. "/wire/page.html", "<html><head><title>A page</title>"
    .. "<meta name=\"date\" content=\"2025-06-01\"><link rel=\"canonical\" "
    .. "href=\"https://example.com/a\"></head><body><p>Oracle’s cloud contract with "
    .. "OpenAI.</p><p>Second paragraph.</p></body></html>")
  local lines = {}
  for i = 1, 40 do
    lines[#lines + 1] = i == 7 and "{ not json"
      or string.format('{"title": "Line %d", "text": "Nvidia chips for line %d.\\n\\nMore.",'
        .. ' "date": "2025-01-%02d", "source": "feed"}', i, i, i % 28 + 1)
  end
  h.write(dir .. "/feed/items.jsonl", table.concat(lines, "\n") .. "\n")
  return dir
end

-- everything an ingest wrote but the time it wrote it
local function dump(db)
  local out = {}
  for r in db:rows("SELECT id, doc, path, source, title, date, url, hash, bytes, words"
      .. " FROM documents ORDER BY id") do
    out[#out + 1] = table.concat({ r.id, r.doc, r.path, r.source, r.title, tostring(r.date),
      tostring(r.url), r.hash, r.bytes, r.words }, "|")
  end
  for r in db:rows("SELECT * FROM paragraphs ORDER BY document, position") do
    out[#out + 1] = table.concat({ r.document, r.position, r.start, r.stop, r.fingerprint,
      r.boilerplate }, "|")
  end
  for r in db:rows("SELECT id, text FROM texts ORDER BY id") do
    out[#out + 1] = r.id .. "|" .. r.text
  end
  for _, q in ipairs { '"compute deal"', "openai", "for profit", "nvidia AND line" } do
    for r in db:rows("SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank, rowid", q) do
      out[#out + 1] = q .. "|" .. r.rowid
    end
  end
  out[#out + 1] = db:first("PRAGMA integrity_check").integrity_check
  out[#out + 1] = db:first("SELECT count(*) AS n FROM fts WHERE fts MATCH 'shared'").n
  return out
end

-- ingest 'dir' on 'threads' threads into a new store: its dump, the
-- counts, the messages told of skipped inputs
local function ingest(dir, threads, path)
  local db = assert(store.open(path or ":memory:"))
  local told = {}
  local s = assert(db:ingest(dir, { threads = threads, progress = false,
                                    warn = function(msg) told[#told + 1] = msg end }))
  local d = dump(db)
  return d, s, told, db
end

describe("paa.store ingest on threads", function()
  after_each(h.cleanup)

  it("writes the same rows, ids, index and skips whatever the threads", function()
    local dir = make_corpus(300)
    local d1, s1, t1 = ingest(dir, 1)
    assert.equal(340, s1.added)  -- 300 stories, the page, 39 lines
    assert.equal(3, s1.skipped)
    assert.equal(3, #t1)
    has("0002.txt", t1[1])  -- walk order: daily/ first
    has("0005.txt", t1[2])
    has("items.jsonl:7", t1[3])
    for _, n in ipairs { 2, 3, 5 } do
      local d, s, t = ingest(dir, n)
      assert.same(s1, s)
      assert.same(t1, t)
      assert.equal(#d1, #d)
      for i = 1, #d1 do assert.equal(d1[i], d[i], n .. " threads, line " .. i) end
    end
  end)

  it("re-runs, updates in place and prunes the same on several threads", function()
    local dir = make_corpus(200)
    local runs = {}
    for _, n in ipairs { 1, 4 } do
      local path = h.tmpdir() .. "/s.db"
      local _, _, _, db = ingest(dir, n, path)
      local again = assert(db:ingest(dir, { threads = n, progress = false, warn = false }))
      assert.equal(0, again.added)
      assert.equal(240, again.unchanged)
      h.write(dir .. "/wire/0003.txt", "Changed story\n\nNow about Anthropic.\n")
      os.remove(dir .. "/daily/0001.txt")
      local s = assert(db:ingest(dir, { threads = n, prune = true, progress = false, warn = false }))
      assert.same({ 0, 1, 1 }, { s.added, s.updated, s.removed })
      runs[n] = dump(db)
      db:close()
      os.remove(path)
      make_corpus(200, dir)  -- the next thread count starts from the same files
    end
    assert.same(runs[1], runs[4])
  end)

  it("reads on worker threads while the caller writes", function()
    local dir = h.tmpdir()
    h.write(dir .. "/a/0000.txt", "")  -- told of first, while the workers read on
    for i = 1, 1500 do h.write(string.format("%s/b/%04d.txt", dir, i), "Story " .. i .. "\n") end
    local db = assert(store.open(":memory:"))
    local threads
    assert(db:ingest(dir, { threads = 3, progress = false, warn = function()
      local f = assert(io.open("/proc/self/status"))
      threads = tonumber(f:read("a"):match("\nThreads:%s*(%d+)"))
      f:close()
    end }))
    assert.is_true(threads >= 4, "threads: " .. tostring(threads))  -- this one and 3 workers
    assert.equal(1500, db:first("SELECT count(*) AS n FROM documents").n)
  end)

  it("refuses a bad thread count", function()
    local db = assert(store.open(":memory:"))
    local dir = make_corpus(1)
    has("'threads'", error_of(db.ingest, db, dir, { threads = 0 }))
    has("'threads'", error_of(db.ingest, db, dir, { threads = 1.5 }))
    has("'threads'", error_of(db.ingest, db, dir, { threads = "2" }))
  end)
end)
