-- The store's schema 2: document metadata written at ingest, the
-- migration from schema 1, and what reports compute stored as tables
-- (runs, deals, theme counts, near-duplicate clusters, boilerplate
-- paragraphs), read back with Python's sqlite3 and compared with the
-- reports' own JSON.
local h = require "helpers"
local cjson = require "cjson"
local store = require "paa.store"
local corpus = require "paa.corpus"

-- rows of a query, read by another SQLite (Python's) as a list of tables
local PY = [[
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.row_factory = sqlite3.Row
val = lambda v: v.decode("utf-8") if isinstance(v, bytes) else v
print(json.dumps([{k: val(r[k]) for k in r.keys()} for r in con.execute(sys.argv[2], sys.argv[3:])]))
]]
local function sql(db, q, ...)
  local args = { "/usr/bin/python3", "-c", PY, db, q, ... }
  for i, a in ipairs(args) do args[i] = h.q(a) end
  local out, err, status = h.sh(table.concat(args, " "))
  assert(status == 0, err)
  local rows = cjson.decode(out)
  for _, r in ipairs(rows) do
    for k, v in pairs(r) do if v == cjson.null then r[k] = nil end end
  end
  return rows
end

-- a small corpus: six stories of one source with the same promo line
-- (boilerplate by the 'source' rule) and front matter, and two near
-- copies in another source
local TOPICS = {
  "The harbour board approved a new ferry timetable after months of complaints from island commuters.",
  "A bakery on the high street doubled its bread prices when the cost of flour rose sharply this spring.",
  "Volunteers planted four hundred oak saplings along the river path on a cold Saturday morning.",
  "The county library opened a repair cafe where residents fix toasters, lamps and bicycles together.",
  "Local fishermen reported the largest mackerel catch in a decade, surprising the marine scientists.",
  "A school choir from the valley won the regional singing contest with a medley of folk songs.",
}
local PROMO = "Subscribe to the Harbour Weekly newsletter for more local stories every Friday morning."
local function fixture()
  local dir = h.tmpdir()
  for i, topic in ipairs(TOPICS) do
    h.write(string.format("%s/wire/s%d.md", dir, i), string.format(
      "---\ntitle: Story %d\nauthor: Writer %d\nsection: local\ndate: 2025-0%d-10\n---\n\n%s\n\n"
      .. "Officials said the next step would be decided at a meeting in week %d, after more "
      .. "residents had their say.\n\n%s\n", i, i, i, topic, i + 3, PROMO))
  end
  h.write(dir .. "/daily/d1.txt", "Daily one\n\nThe mayor of the town cut the ribbon at the new "
    .. "swimming pool, which cost far more than planned.\n")
  h.write(dir .. "/daily/d2.txt", "Daily two\n\nThe mayor of the town cut the ribbon at the new "
    .. "swimming pool, which cost far more than first planned.\n")
  return dir
end

-- numbers equal as the JSON writes them (14 significant digits)
local function same_number(want, got)
  if want == nil then return assert.is_nil(got) end
  assert.near(want, got, math.abs(want) * 1e-13)
end

local RESULT_TABLES = { "meta", "runs", "clusters", "deals", "deal_parties", "deal_sources",
                        "deal_mentions", "theme_documents", "theme_counts" }

describe("store schema 2", function()
  after_each(h.cleanup)

  it("a new store has the tables of version 2", function()
    local db = assert(store.open(":memory:"))
    assert.equal(2, store.schema)
    assert.equal(2, db:first("PRAGMA user_version").user_version)
    for _, t in ipairs(RESULT_TABLES) do
      assert.truthy(db:first("SELECT name FROM sqlite_schema WHERE type = 'table' AND name = ?", t), t)
    end
    db:close()
  end)

  it("migrates a version 1 store with documents: same ids, metadata filled by the next ingest", function()
    local dir, file = fixture(), h.tmpdir() .. "/v1.db"
    local db = assert(store.open(file))
    assert(db:ingest(dir, { progress = false }))
    -- back to version 1 as it was: its tables, no metadata, no result tables
    for i = #RESULT_TABLES, 1, -1 do assert(db:exec("DROP TABLE " .. RESULT_TABLES[i])) end
    assert(db:exec("PRAGMA user_version = 1"))
    db:close()
    local before = sql(file, "SELECT id, doc FROM documents ORDER BY id")
    assert.equal(8, #before)
    assert.same({ { v = 1 } }, sql(file, "SELECT user_version AS v FROM pragma_user_version"))

    db = assert(store.open(file))
    assert.equal(2, db:first("PRAGMA user_version").user_version)
    assert.equal(0, db:first("SELECT count(*) AS n FROM meta").n)
    local s = assert(db:ingest(dir, { progress = false }))
    assert.equal(8, s.updated)  -- each read once more, for its metadata
    assert.equal(0, s.added)
    assert(db:exec("INSERT INTO fts(fts) VALUES ('integrity-check')"))
    db:close()
    assert.same(before, sql(file, "SELECT id, doc FROM documents ORDER BY id"))
    assert.same({ { n = 6 } }, sql(file, "SELECT count(*) AS n FROM meta WHERE key = 'author'"))
    -- and the ingest after that finds everything unchanged
    db = assert(store.open(file))
    assert.equal(8, assert(db:ingest(dir, { progress = false })).unchanged)
    db:close()
  end)

  describe("meta", function()
    it("holds each document's metadata fields, as the corpus reads them", function()
      local dir, file = fixture(), h.tmpdir() .. "/m.db"
      local db = assert(store.open(file))
      assert(db:ingest(dir, { progress = false }))
      db:close()
      local want = {}
      local c = assert(corpus.open(dir))
      for doc in c:docs() do
        for k, v in pairs(doc.meta or {}) do want[#want + 1] = doc.id .. "|" .. k .. "=" .. v end
      end
      c:close()
      table.sort(want)
      assert.equal(12, #want)  -- author and section of six stories
      local got = {}
      for _, r in ipairs(sql(file, "SELECT d.doc || '|' || m.key || '=' || m.value AS x FROM meta m"
                                .. " JOIN documents d ON d.id = m.document ORDER BY 1")) do
        got[#got + 1] = r.x
      end
      assert.same(want, got)
      assert.same({ { value = "Writer 3" } }, sql(file, "SELECT value FROM meta JOIN documents d"
        .. " ON d.id = meta.document WHERE d.doc = 'wire/s3.md' AND key = 'author'"))
    end)

    it("replaces a changed document's fields and drops a removed document's", function()
      local dir, file = fixture(), h.tmpdir() .. "/m.db"
      local db = assert(store.open(file))
      assert(db:ingest(dir, { progress = false }))
      h.write(dir .. "/wire/s1.md", "---\ntitle: Story 1\neditor: Sam Poe\n---\n\nA new text.\n")
      os.remove(dir .. "/wire/s2.md")
      local s = assert(db:ingest(dir, { progress = false, prune = true }))
      assert.equal(1, s.updated)
      assert.equal(1, s.removed)
      db:close()
      assert.same({ { key = "editor", value = "Sam Poe" } }, sql(file, "SELECT key, value FROM meta"
        .. " JOIN documents d ON d.id = meta.document WHERE d.doc = 'wire/s1.md'"))
      assert.same({ { n = 9 } }, sql(file, "SELECT count(*) AS n FROM meta"))  -- 4 x 2 + 1
    end)
  end)

  describe("a report run with a store", function()
    local file
    before_each(function() file = h.tmpdir() .. "/r.db" end)

    -- the tensions numbers per group from the tables, as the JSON has them
    local function tension_groups(run)
      local g = {}
      for _, r in ipairs(sql(file, "SELECT grp, count(*) AS documents, sum(words) AS words"
          .. " FROM theme_documents WHERE run_id = ? GROUP BY grp", run)) do
        g[r.grp] = { documents = r.documents, words = r.words, themes = {} }
      end
      for _, r in ipairs(sql(file, "SELECT grp, theme, sum(matches) AS matches, count(DISTINCT doc) AS"
          .. " documents FROM theme_counts WHERE run_id = ? GROUP BY grp, theme", run)) do
        g[r.grp].themes[r.theme] = { matches = r.matches, documents = r.documents }
      end
      for _, r in ipairs(sql(file, "SELECT grp, theme, term, sum(matches) AS n FROM theme_counts"
          .. " WHERE run_id = ? GROUP BY grp, theme, term", run)) do
        local t = g[r.grp].themes[r.theme]
        t.terms = t.terms or {}
        t.terms[r.term] = r.n
      end
      return g
    end
    local function json_groups(j)
      local g = {}
      for _, grp in ipairs(j.groups) do
        local themes = {}
        for name, t in pairs(grp.themes) do
          if t.matches > 0 then
            themes[name] = { matches = t.matches, documents = t.documents, terms = t.terms }
          end
        end
        g[grp.name] = { documents = grp.documents, words = grp.words, themes = themes }
      end
      return g
    end
    local function run_of(script, like)
      local rows = sql(file, "SELECT run_id FROM runs WHERE script = ? AND parameters LIKE ?", script,
                       like or "%")
      assert.equal(1, #rows)
      return rows[1].run_id
    end

    it("tensions: the tables sum to the JSON's numbers per group and theme", function()
      local j = h.json { "--db", file, "scripts/tensions.lua", "corpus/", "--format", "json" }
      assert.truthy(#j.groups >= 5)
      local run = run_of("tensions")
      assert.same(json_groups(j), tension_groups(run))
      -- per source, as the brief query reads it
      local by_source = sql(file, "SELECT d.source AS source, c.theme AS theme, sum(c.matches) AS m"
        .. " FROM theme_counts c JOIN documents d ON d.id = c.document WHERE c.run_id = ?"
        .. " GROUP BY 1, 2", run)
      assert.truthy(#by_source > 10)
      for _, r in ipairs(by_source) do
        local want
        for _, g in ipairs(j.groups) do if g.name == r.source then want = g.themes[r.theme].matches end end
        assert.equal(want, r.m)
      end
      -- the run's manifest
      local runs = sql(file, "SELECT script, version, sha256, parameters, corpus_hash, manifest FROM runs"
        .. " WHERE run_id = ?", run)[1]
      assert.equal("tensions", runs.script)
      assert.equal(j.manifest.script.version, runs.version)
      assert.equal(j.manifest.script.sha256, runs.sha256)
      assert.equal(j.manifest.corpus.hash, runs.corpus_hash)
      assert.equal("source", cjson.decode(runs.parameters).by)
      assert.is_nil(cjson.decode(runs.parameters).format)
      assert.equal("tensions (default)", cjson.decode(runs.manifest).lexicon)
    end)

    it("tensions --by cited on 2 cores: the same numbers", function()
      local j = h.json { "-j", "2", "--db", file, "scripts/tensions.lua", "corpus/", "--by", "cited",
                         "--format", "json" }
      assert.same(json_groups(j), tension_groups(run_of("tensions")))
    end)

    it("deals: the tables hold the JSON's deals, amounts, parties, sources and evidence", function()
      local j = h.json { "--db", file, "scripts/deals.lua", "corpus/", "--format", "json" }
      assert.truthy(#j.deals >= 10)
      local run = run_of("deals")
      local rows = sql(file, "SELECT * FROM deals WHERE run_id = ? ORDER BY position", run)
      assert.equal(#j.deals, #rows)
      for i, d in ipairs(j.deals) do
        local r = rows[i]
        assert.equal(d.id, r.deal_id)
        assert.equal(d.kind, r.kind)
        assert.equal(d.amount.text, r.written)
        same_number(d.amount.value, r.amount)
        same_number(d.amount.low, r.low)
        same_number(d.amount.high, r.high)
        assert.equal(d.amount.currency, r.currency)
        same_number(d.amount.usd, r.usd)
        assert.equal(d.date, r.date)
        assert.equal(d.mentions, r.mentions)
        assert.equal(d.documents, r.documents)
        assert.equal(#d.sources, r.sources)
        local parties = {}
        for k, p in ipairs(sql(file, "SELECT name, role FROM deal_parties WHERE run_id = ? AND deal_id = ?"
            .. " ORDER BY position", run, d.id)) do
          parties[k] = { name = p.name, role = p.role }
        end
        assert.same(d.parties, parties)
        local sources = {}
        for k, s in ipairs(sql(file, "SELECT source FROM deal_sources WHERE run_id = ? AND deal_id = ?"
            .. " ORDER BY position", run, d.id)) do sources[k] = s.source end
        assert.same(d.sources, sources)
        local ev = sql(file, "SELECT m.doc, m.source, m.start, m.stop, m.sentence, m.written AS text,"
          .. " m.date, d.doc AS stored FROM deal_mentions m LEFT JOIN documents d ON d.id = m.document"
          .. " WHERE run_id = ? AND deal_id = ? ORDER BY position", run, d.id)
        assert.equal(#d.evidence, #ev)
        for k, e in ipairs(d.evidence) do
          assert.equal(e.doc, ev[k].stored)  -- the document's row in the store
          for _, f in ipairs { "doc", "source", "start", "stop", "sentence", "text", "date" } do
            assert.equal(e[f], ev[k][f], f)
          end
        end
      end
      local total = sql(file, "SELECT count(*) AS n, sum(usd) AS usd FROM deals WHERE run_id = ?", run)[1]
      local usd = 0
      for _, d in ipairs(j.deals) do usd = usd + (d.amount.usd or 0) end
      assert.equal(#j.deals, total.n)
      same_number(usd, total.usd)
    end)

    it("a run again replaces its own rows; other reports' and other parameters' rows stay", function()
      h.json { "--db", file, "scripts/deals.lua", "corpus/", "--format", "json" }
      h.json { "--db", file, "scripts/tensions.lua", "corpus/", "--format", "json" }
      local deals_run = run_of("deals")
      local function counts()
        return sql(file, "SELECT (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM deals) AS deals,"
          .. " (SELECT count(*) FROM deal_mentions) AS mentions, (SELECT count(*) FROM theme_counts) AS"
          .. " counts, (SELECT sum(matches) FROM theme_counts) AS matches,"
          .. " (SELECT count(*) FROM theme_documents) AS parts")[1]
      end
      local before = counts()
      assert.equal(2, before.runs)
      local tensions_run = run_of("tensions")
      -- the same parameters (the output format aside): replaced
      local _, err, status = h.run { "--db", file, "scripts/tensions.lua", "corpus/" }
      assert.equal(0, status, err)
      assert.same(before, counts())
      assert.is_not.equal(tensions_run, run_of("tensions"))
      assert.equal(deals_run, run_of("deals"))
      -- other parameters: a second run beside the first
      h.json { "--db", file, "scripts/tensions.lua", "corpus/", "--by", "month", "--format", "json" }
      local after = counts()
      assert.equal(3, after.runs)
      assert.equal(before.deals, after.deals)
      assert.equal(2 * before.matches, after.matches)  -- each run counts every match once
      assert.equal(1, #sql(file, "SELECT run_id FROM runs WHERE script = 'tensions' AND parameters"
        .. " LIKE '%\"by\": \"source\"%'"))
    end)

    it("--explain writes nothing; a report without a store writes no file", function()
      local _, err, status = h.run { "--db", file, "scripts/tensions.lua", "corpus/", "--explain", "compute" }
      assert.equal(0, status, err)
      assert.same({ { n = 0 } }, sql(file, "SELECT count(*) AS n FROM runs"))
      local dir = h.tmpdir()
      local out
      out, err, status = h.sh("cd " .. h.q(dir) .. " && " .. h.q(h.abs(h.build) .. "/paa") .. " "
        .. h.q(h.abs("scripts") .. "/deals.lua") .. " " .. h.q(h.abs("corpus")) .. " >/dev/null && ls -A")
      assert.equal(0, status, err)
      assert.equal("", out)
    end)

    it("dupes: clusters as the JSON has them, boilerplate paragraphs flagged", function()
      local dir = fixture()
      -- the script's own --db, without paa --db
      local j = h.json { "scripts/dupes.lua", dir, "--db", file, "--format", "json" }
      local want = {}
      for k, c in ipairs(j.clusters) do
        for _, m in ipairs(c.members) do
          want[#want + 1] = { cluster = k, doc = m.document, canonical_doc = c.canonical,
                              similarity = m.similarity }
        end
      end
      assert.equal(2, #want)
      local got = sql(file, "SELECT c.cluster, c.doc, c.canonical_doc, c.similarity FROM clusters c"
        .. " JOIN documents d ON d.id = c.document JOIN documents k ON k.id = c.canonical"
        .. " WHERE d.doc = c.doc AND k.doc = c.canonical_doc ORDER BY c.cluster, c.similarity DESC")
      assert.equal(#want, #got)
      for i, w in ipairs(want) do
        assert.equal(w.doc, got[i].doc)
        assert.equal(w.canonical_doc, got[i].canonical_doc)
        assert.equal(w.cluster, got[i].cluster)
        assert.near(w.similarity, got[i].similarity, 1e-9)
      end
      assert.equal("daily/d1.txt", got[1].canonical_doc)
      assert.equal(1, got[1].similarity)
      -- the promo paragraph of each story, and nothing else
      local flagged = sql(file, "SELECT d.doc, substr(CAST(t.text AS BLOB), p.start + 1, p.stop - p.start)"
        .. " AS text FROM paragraphs p JOIN documents d ON d.id = p.document JOIN texts t ON t.id = d.id"
        .. " WHERE p.boilerplate = 1 ORDER BY d.doc")
      assert.equal(6, #flagged)
      for i, f in ipairs(flagged) do
        assert.equal("wire/s" .. i .. ".md", f.doc)
        assert.equal(PROMO, f.text)
      end
      assert.same({ { n = 16 } }, sql(file, "SELECT count(*) AS n FROM paragraphs WHERE boilerplate = 0"))
    end)

    it("dupes on the sample corpus: a paragraph is flagged when the clean walk removes all its lines", function()
      h.json { "--db", file, "scripts/dupes.lua", "corpus/", "--format", "json" }
      local c = assert(corpus.open("corpus/", { words = false }))
      local removed = {}  -- document -> the lines its clean text lost
      for doc in c:docs{ clean = true } do
        removed[doc.id] = {}
        for _, b in ipairs(doc.boilerplate or {}) do removed[doc.id][b.text] = true end
      end
      c:close()
      local rows = sql(file, "SELECT d.doc, p.boilerplate AS flag, substr(CAST(t.text AS BLOB), p.start + 1,"
        .. " p.stop - p.start) AS text FROM paragraphs p JOIN documents d ON d.id = p.document"
        .. " JOIN texts t ON t.id = d.id")
      local flagged = 0
      for _, r in ipairs(rows) do
        local all = true
        for line in r.text:gmatch("[^\n]+") do
          if line:find("%S") and not removed[r.doc][line:match("^%s*(.-)%s*$")] then all = false end
        end
        assert.equal(all and 1 or 0, r.flag, r.doc .. ": " .. r.text)
        flagged = flagged + r.flag
      end
      assert.truthy(flagged > 5)
    end)
  end)
end)
