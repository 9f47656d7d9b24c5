-- scripts/search.lua over a store alone (--db FILE, no corpus), several
-- words without quotes, the document column in every format, and the
-- bounds of a query: what a user types, run by path and by name.
local h = require "helpers"
local cjson = require "cjson"
local psearch = require "paa.search"

local PY = "/usr/bin/python3"

-- the first line of 'err' and how many lines it has
local function first_line(err)
  local n = select(2, err:gsub("\n", "\n"))
  return err:match("^[^\n]*"), n
end

-- the bytes of a file, nil when it is not there
local function bytes(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

describe("search.lua", function()
  local dir, corpus, db
  setup(function()
    dir = h.tmpdir()
    corpus = dir .. "/corpus"
    -- two outlets carry the same story under the same title
    h.write(corpus .. "/wire/compute.txt", "---\ntitle: OpenAI signs a compute deal\ndate: 2025-01-02\n---\n" ..
            "Microsoft and OpenAI signed a compute deal with Oracle and SoftBank worth $10 billion.\n")
    h.write(corpus .. "/post/compute.txt", "---\ntitle: OpenAI signs a compute deal\ndate: 2025-01-03\n---\n" ..
            "OpenAI signed a compute deal with Oracle, and SoftBank said it would pay for part of it.\n")
    h.write(corpus .. "/wire/antitrust.txt", "---\ntitle: Antitrust, again\ndate: 2025-06-18\n---\n" ..
            "OpenAI weighed an antitrust complaint against Microsoft; SoftBank stayed out of it.\n")
    h.write(corpus .. "/post/chips.txt", "---\ntitle: Chips\ndate: 2025-03-01\n---\n" ..
            "Oracle bought more chips than ever for its cloud.\n")
    db = dir .. "/news.db"
    -- the store, made as a user makes it: a search with a corpus and --db
    local _, err, status = h.run({ "search", corpus, "OpenAI", "--db", db })
    assert.are.equal(0, status, err)
  end)
  teardown(h.cleanup)

  -- the hits of a run as its JSON says them
  local function hits(args)
    local t = args
    t[#t + 1] = "--format"
    t[#t + 1] = "json"
    return h.json(t).hits
  end

  local function same_hits(a, b, what)
    assert.are.equal(#a, #b, what)
    for i = 1, #a do
      for _, k in ipairs { "doc", "source", "date", "title", "snippet" } do
        assert.are.equal(a[i][k], b[i][k], what .. " #" .. i .. " " .. k)
      end
    end
  end

  describe("over a store alone", function()
    for _, query in ipairs { "OpenAI", "SoftBank OR antitrust", '"compute deal"', "Oracle NOT chips" } do
      it("finds what the corpus search finds, by path and by name: " .. query, function()
        local want = hits({ "scripts/search.lua", corpus, query })
        assert.is_true(#want > 0)
        same_hits(want, hits({ "scripts/search.lua", "--db", db, query }), "by path")
        same_hits(want, hits({ "search", "--db", db, query }), "by name")
        same_hits(want, hits({ "search", query, "--db", db }), "--db after")
        same_hits(want, hits({ "--db", db, "search", query }), "paa --db")
      end)
    end

    it("reads the store as it is: no corpus walked, nothing ingested", function()
      local before = h.json({ "-e", "print(require('cjson').encode(require('paa.store').open(" ..
                              string.format("%q", db) .. "):first('SELECT count(*) AS n FROM documents')))" })
      h.write(corpus .. "/wire/later.txt", "---\ntitle: Later\n---\nSoftBank again, later.\n")
      local got = hits({ "search", "--db", db, "later" })
      os.remove(corpus .. "/wire/later.txt")
      assert.are.equal(0, #got)
      assert.are.equal(4, before.n)
    end)

    it("runs in the sandbox, a word of the query not taken for a file outside it", function()
      local want = hits({ "search", "--db", db, "antitrust" })
      local got = hits({ "--sandbox", "--out", dir, "scripts/search.lua", "--db", db, "antitrust" })
      same_hits(want, got, "sandbox")
      assert.are.equal(1, #got)
    end)

    it("says the store in its title and manifest", function()
      local out, err, status = h.run({ "search", "--db", db, "antitrust" })
      assert.are.equal(0, status, err)
      assert.matches('Search "antitrust" in ' .. db, out, 1, true)
      local j = h.json({ "search", "--db", db, "antitrust", "--format", "json" })
      assert.are.same({ file = db, documents = 4 }, j.manifest.store)
      assert.are.equal("antitrust", j.manifest.parameters.query)
      assert.is_nil(j.manifest.parameters.corpus)
      assert.is_nil(j.manifest.corpus)
    end)
  end)

  describe("several words", function()
    it("are one query, the words joined by spaces: all of them", function()
      local got = hits({ "search", corpus, "SoftBank", "Oracle" })
      same_hits(hits({ "search", corpus, "SoftBank Oracle" }), got, "unquoted")
      same_hits(hits({ "search", corpus, "SoftBank AND Oracle" }), got, "AND")
      same_hits(hits({ "search", "--db", db, "SoftBank", "Oracle" }), got, "store")
      local docs = {}
      for _, hit in ipairs(got) do docs[#docs + 1] = hit.doc end
      table.sort(docs)
      assert.are.same({ "post/compute.txt", "wire/compute.txt" }, docs)
      local j = h.json({ "search", corpus, "SoftBank", "Oracle", "--format", "json" })
      assert.are.equal("SoftBank Oracle", j.query)
      assert.are.equal(corpus, j.manifest.parameters.corpus)
    end)

    it("a first word that looks like a folder is the corpus, and must be there", function()
      local out, err, status = h.run({ "search", "--db", db, dir .. "/corpsu/", "OpenAI" })
      assert.are.equal("", out)
      assert.are.equal("paa: search: cannot open '" .. dir .. "/corpsu/' (CORPUS): No such file or directory",
                       first_line(err))
      assert.are.equal(2, status)
      out, err, status = h.run({ "search", "nowhere", "OpenAI" })
      assert.are.equal("paa: search: cannot open 'nowhere' (CORPUS): No such file or directory " ..
                       "(without --db FILE, the first argument is the corpus)", first_line(err))
      assert.are.equal("", out)
      assert.are.equal(2, status)
      out, err, status = h.run({ "search", corpus })
      assert.are.equal("", out)
      assert.are.equal("paa: search: missing QUERY: what to look for", first_line(err))
      assert.are.equal(2, status)
    end)
  end)

  describe("the document column", function()
    it("tells apart two outlets' stories of the same title, in text, md and html", function()
      for _, format in ipairs { "text", "md", "html" } do
        local out, err, status = h.run({ "search", "--db", db, "compute", "--format", format })
        assert.are.equal(0, status, err)
        assert.matches("document", out, 1, true)
        assert.matches("wire/compute.txt", out, 1, true)
        assert.matches("post/compute.txt", out, 1, true)
      end
      local out = h.run({ "search", "--db", db, "compute" })
      local header = out:match("\n(#  document[^\n]*)")
      assert.is_truthy(header, out)
      assert.matches("^#%s+document%s+source%s+date%s+title%s+in context$", header)
    end)

    it("keeps both ends of a long id", function()
      local long = dir .. "/long"
      h.write(long .. "/the-ledger/openai-raises-forty-billion-in-a-softbank-led-round.txt",
              "---\ntitle: Round\n---\nSoftBank led the round.\n")
      local out, err, status = h.run({ "search", long, "SoftBank" })
      assert.are.equal(0, status, err)
      assert.matches("the-ledger/o…in-a-softbank-led-round.txt", out, 1, true)
    end)

    it("is a column of CSV and a field of JSON, as data", function()
      local file = h.write(dir .. "/hits.csv", (h.run({ "search", "--db", db, "compute", "--format", "csv" })))
      local out, err, status = h.sh(PY .. [=[ -c 'import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
print(json.dumps([[r["doc"], r["source"], r["date"], r["title"], float(r["rank"]), r["snippet"]] for r in rows]))' ]=]
                                   .. h.q(file))
      assert.are.equal(0, status, err)
      local rows = cjson.decode(out)
      local json = hits({ "search", "--db", db, "compute" })
      assert.are.equal(2, #rows)
      assert.are.equal(#json, #rows)
      for i, r in ipairs(rows) do
        assert.are.same({ json[i].doc, json[i].source, json[i].date, json[i].title },
                        { r[1], r[2], r[3], r[4] })
        assert.are.equal(json[i].snippet, r[6])
        assert.is_true(r[5] < 0)  -- bm25: lower is better
      end
      local header = h.run({ "search", "--db", db, "compute", "--format", "csv" }):match("^[^\r\n]*")
      assert.are.equal("rank_no,doc,source,date,title,rank,snippet", header)
    end)
  end)

  describe("a query", function()
    local words33 = h.words(1, 33)
    it("of more than 32 words is refused in one line, exit status 2, before any ingest", function()
      local fresh = dir .. "/fresh.db"
      local out, err, status = h.run({ "search", corpus, words33, "--db", fresh })
      assert.are.equal("", out)
      local line, n = first_line(err)
      assert.are.equal("paa: search: query too long (33 words); at most 32 words (OR, AND, NOT, NEAR not counted)",
                       line)
      assert.are.equal(2, n)  -- the line and the usage
      assert.are.equal(line .. "\nusage: paa search [options] [CORPUS] [QUERY...]\n", err)
      assert.are.equal(2, status)
      assert.is_false(h.exists(fresh))
      -- unquoted words count the same; 32 are searched
      local args = { "search", "--db", db }
      for w in words33:gmatch("%S+") do args[#args + 1] = w end
      out, err, status = h.run(args)
      assert.are.equal("", out)
      assert.are.equal(2, status)
      assert.matches("(33 words)", err, 1, true)
      table.remove(args)
      out, err, status = h.run(args)
      assert.matches("0 hits.", out, 1, true)
      assert.are.equal(0, status, err)
    end)

    it("of more than 1,024 bytes is refused the same way", function()
      local _, err, status = h.run({ "search", "--db", db, string.rep("x", 1025) })
      assert.are.equal("paa: search: query too long (1,025 bytes); at most 1,024 bytes", first_line(err))
      assert.are.equal(2, status)
      _, err, status = h.run({ "search", "--db", db, string.rep("x", 1024) })
      assert.are.equal(0, status, err)
    end)

    it("paa.search.check says the same", function()
      assert.is_true(psearch.check(h.words(1, 32)))
      assert.is_true(psearch.check(h.words(1, 32) .. " OR NOT"))
      local ok, err = psearch.check('"' .. h.words(1, 40) .. '"')
      assert.is_nil(ok)
      assert.are.equal("query too long (40 words); at most 32 words (OR, AND, NOT, NEAR not counted)", err)
    end)
  end)

  describe("a --db file that is not a store to search", function()
    local function refused(file, why)
      local before = bytes(file)
      local out, err, status = h.run({ "search", "--db", file, "OpenAI" })
      assert.are.equal("", out)
      local line, n = first_line(err)
      assert.are.equal("paa: search: --db " .. file .. ": " .. why, line)
      assert.are.equal(2, n)
      assert.are.equal(2, status)
      assert.are.equal(before, bytes(file))  -- untouched (or still absent)
    end

    it("is refused in one line, exit status 2, and left as it was", function()
      refused(dir .. "/none.db", "No such file or directory (a corpus makes it: CORPUS QUERY --db FILE)")
      refused(h.write(dir .. "/empty.db", ""), "an empty file, not a paa store")
      refused(h.write(dir .. "/notes.db", "not a database, just text\n"), "not a SQLite database")
      local other = dir .. "/other.db"
      local _, err, status = h.sh("sqlite3 " .. h.q(other) .. " 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'")
      assert.are.equal(0, status, err)
      refused(other, "a SQLite database that is not a paa store")
    end)

    it("under paa --db too", function()
      local out, err, status = h.run({ "--db", dir .. "/none2.db", "search", "OpenAI" })
      assert.are.equal("", out)
      assert.are.equal("paa: search: store " .. dir .. "/none2.db: No such file or directory " ..
                       "(a corpus makes it: CORPUS QUERY --db FILE)", first_line(err))
      assert.are.equal(2, status)
      assert.is_false(h.exists(dir .. "/none2.db"))
    end)
  end)

  describe("paa.search.split", function()
    it("takes the first word as the corpus when it is one, or when there is no store", function()
      assert.are.same({ "corpus/", "a b" }, { psearch.split({ "corpus/", "a", "b" }, true) })
      assert.are.same({ "x/", "a" }, { psearch.split({ "x/", "a" }, true) })
      assert.are.same({ "x.jsonl", "a" }, { psearch.split({ "x.jsonl", "a" }, true) })
      assert.are.same({ nil, "antitrust cloud" }, { psearch.split({ "antitrust", "cloud" }, true) })
      assert.are.same({ "antitrust", "cloud" }, { psearch.split({ "antitrust", "cloud" }, false) })
      assert.are.same({ nil, string.rep("w ", 200) }, { psearch.split({ string.rep("w ", 200) }, true) })
    end)
  end)
end)
