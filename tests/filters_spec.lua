-- Document filters: by source, by date, by metadata field, applied by
-- the corpus walker before a document's text is counted, hashed,
-- cleaned or stored (paa.open's and paa.corpus.open's 'filter'), and the
-- --source, --since, --until, --where options of every shipped script.
-- What each filter should keep is computed apart, by Python reading the
-- front matter of the files.
local h = require "helpers"
local paa = require "paa"
local cjson = require "cjson"

-- the front matter of every file under 'root', read by Python: an array
-- of { id, source, date, author, ... } sorted by id (string fields only)
local function front_matter(root)
  local py = [[
import json, os, sys
root = sys.argv[1]
out = []
for d, _, files in os.walk(root):
    for f in files:
        p = os.path.join(d, f)
        lines = open(p, encoding="utf-8").read().split("\n")
        meta = {"id": os.path.relpath(p, root)}
        if lines and lines[0] == "---":
            for line in lines[1:]:
                if line in ("---", "..."):
                    break
                if ":" in line:
                    k, v = line.split(":", 1)
                    meta[k.strip().lower()] = v.strip()
        out.append(meta)
out.sort(key=lambda m: m["id"])
print(json.dumps(out))
]]
  local file = h.write(h.tmpdir() .. "/fm.py", py)
  local out, err, st = h.sh("python3 " .. h.q(file) .. " " .. h.q(root))
  assert(st == 0, err)
  return cjson.decode(out)
end

-- the ids of the documents of 'fm' that 'keep(meta)' keeps, sorted
local function expected(fm, keep)
  local ids = {}
  for _, m in ipairs(fm) do
    if keep(m) then ids[#ids + 1] = m.id end
  end
  table.sort(ids)
  return ids
end

-- the ids a walk of 'paths' with 'filter' yields (sorted), and its stats
local function walked(paths, filter, open)
  local c = assert((open or paa.corpus.open)(paths, { filter = filter }))
  local ids = {}
  for d in c:docs() do ids[#ids + 1] = d.id end
  table.sort(ids)
  return ids, c:stats(), c
end

describe("paa.corpus.open{ filter }", function()
  after_each(h.cleanup)
  local fm = front_matter("corpus")

  it("keeps the documents of the sources named (any case, blanks trimmed)", function()
    local ids, st = walked("corpus", { source = "TechWire Daily" })
    local want = expected(fm, function(m) return m.source == "TechWire Daily" end)
    assert.are.equal(3, #want)
    assert.are.same(want, ids)
    assert.are.equal(#fm - #want, st.filtered)
    assert.are.equal(0, st.skipped)
    ids = walked("corpus", { source = { "  techwire daily ", "THE LEDGER" } })
    assert.are.same(expected(fm, function(m) return m.source == "TechWire Daily" or m.source == "The Ledger" end), ids)
    ids = walked("corpus", { source = "Nobody" })
    assert.are.same({}, ids)
  end)

  it("keeps the documents dated within inclusive bounds: a year, a month or a day", function()
    local cases = {
      { { since = "2025-03" }, function(d) return d >= "2025-03-01" end },
      { { ["until"] = "2025-03" }, function(d) return d <= "2025-03-31" end },
      { { since = "2025-03-04", ["until"] = "2025-04-01" }, function(d) return d >= "2025-03-04" and d <= "2025-04-01" end },
      { { ["until"] = "2024" }, function(d) return d <= "2024-12-31" end },
      { { since = "2025-02", ["until"] = "2025-02" }, function(d) return d:sub(1, 7) == "2025-02" end },
    }
    for _, case in ipairs(cases) do
      local ids, st = walked("corpus", case[1])
      local want = expected(fm, function(m) return m.date and case[2](m.date) end)
      assert.are.same(want, ids)
      assert.are.equal(#fm - #want, st.filtered)
    end
    -- the bounds are met exactly: 2025-03-04 and 2025-04-01 are dates in corpus/
    assert.are.equal(5, #walked("corpus", { since = "2025-03-04", ["until"] = "2025-04-01" }))
  end)

  it("keeps the documents whose metadata field has one of the values (where)", function()
    local ids = walked("corpus", { where = { author = { "Helen Marchetti", "ruth abernethy" } } })
    local want = expected(fm, function(m) return m.author == "Helen Marchetti" or m.author == "Ruth Abernethy" end)
    assert.are.equal(4, #want)
    assert.are.same(want, ids)
    -- a document field by its name, or a synonym the reader takes for it
    assert.are.same(walked("corpus", { source = "CloudBeat" }), walked("corpus", { where = { publisher = "cloudbeat" } }))
    assert.are.same(walked("corpus", { source = "CloudBeat" }), walked("corpus", { where = { SOURCE = "CloudBeat" } }))
    local one = fm[1]
    assert.are.same({ one.id }, walked("corpus", { where = { url = one.url } }))
    assert.are.same({ one.id }, walked("corpus", { where = { id = one.id } }))
    assert.are.same({ one.id }, walked("corpus", { where = { title = "  " .. one.title:upper() .. " " } }))
    assert.are.same({}, walked("corpus", { where = { no_such_field = "x" } }))
  end)

  it("combines: several values of one key, any; different keys, all", function()
    local ids = walked("corpus", { source = { "CloudBeat", "The Ledger", "MarketPulse" }, since = "2025-03",
                                   where = { author = { "Helen Marchetti", "Tomasz Wrobel", "Jonah Feldkamp" } } })
    local srcs = { CloudBeat = true, ["The Ledger"] = true, MarketPulse = true }
    local authors = { ["Helen Marchetti"] = true, ["Tomasz Wrobel"] = true, ["Jonah Feldkamp"] = true }
    local want = expected(fm, function(m)
      return srcs[m.source] and m.date >= "2025-03-01" and authors[m.author] ~= nil
    end)
    assert.is_true(#want > 0 and #want < #fm)
    assert.are.same(want, ids)
  end)

  it("keeps doc.index the numbering of the inputs, whatever the filter", function()
    local all = {}
    for d in assert(paa.corpus.open("corpus")):docs() do all[d.id] = d.index end
    local c = assert(paa.corpus.open("corpus", { filter = { source = "Silicon Post" } }))
    local n = 0
    for d in c:docs() do
      n = n + 1
      assert.are.equal(all[d.id], d.index)
    end
    assert.are.equal(3, n)
    -- shards are the inputs' (doc.index modulo n), not the kept documents'
    for k = 1, 2 do
      for d in c:docs{ shard = { k, 2 } } do assert.are.equal(k % 2, d.index % 2) end
    end
  end)

  it("filters a folder written here: undated documents, JSONL fields, HTML heads", function()
    local dir = h.tmpdir()
    h.write(dir .. "/wire/a.md", "---\ntitle: A\nsection: Markets\ndate: 2024-03-31\n---\nAlpha text here.\n")
    h.write(dir .. "/wire/b.md", "---\ntitle: B\nsection: markets \ndate: 2024-04-01\n---\nBeta text here.\n")
    h.write(dir .. "/wire/c.md", "---\ntitle: C\nsection: Tech\n---\nGamma, no date.\n")
    h.write(dir .. "/wire/d.txt", "Delta has no front matter at all.\n")
    h.write(dir .. "/feed.jsonl",
      '{"text": "Epsilon line.", "section": "Markets", "date": "2024-03-15", "source": "Feed"}\n' ..
      '{"text": "Zeta line.", "Section": "Tech", "date": "March 2024", "source": "Feed"}\n' ..
      '{"text": "Eta line.", "date": "2023-12-01", "source": "Other"}\n')
    h.write(dir .. "/page.html", '<html><head><title>Theta</title><meta name="author" content="Markets">' ..
      '<meta property="article:published_time" content="2024-03-02T10:00:00Z"></head><body><p>Theta body.</p></body></html>')
    local function ids(f)
      local got, st = walked(dir, f)
      return table.concat(got, " "), st
    end
    assert.are.equal("feed.jsonl:1 wire/a.md wire/b.md", (ids{ where = { section = "markets" } }))
    assert.are.equal("page.html", (ids{ where = { author = "markets" } }))
    -- a JSONL key in any case
    assert.are.equal("feed.jsonl:2 wire/c.md", (ids{ where = { section = "Tech" } }))
    -- undated documents (c.md, d.txt) go when a bound is given; a month
    -- date ("March 2024") covers its days
    local got, st = ids{ since = "2024-03" }
    assert.are.equal("feed.jsonl:1 feed.jsonl:2 page.html wire/a.md wire/b.md", got)
    assert.are.equal(3, st.filtered)
    assert.are.equal("feed.jsonl:1 feed.jsonl:2 page.html wire/a.md", (ids{ since = "2024-03", ["until"] = "2024-03" }))
    assert.are.equal("feed.jsonl:2", (ids{ since = "2024-03-20", ["until"] = "2024-03-30" }))
    assert.are.equal("feed.jsonl:1 feed.jsonl:2", (ids{ source = "feed" }))
    assert.are.equal("feed.jsonl:3", (ids{ source = "Other", ["until"] = "2023" }))
    -- the documents left out are neither skipped nor told of
    assert.are.equal(0, st.skipped)
  end)

  it("tells nothing of a document it leaves out, not even a reading note", function()
    local dir = h.tmpdir()
    h.write(dir .. "/a.md", "---\nsource: Kept\n---\nAlpha.\n")
    h.write(dir .. "/b.md", "---\nsource: Gone\ndate: someday\n---\nBeta, with caf\xe9 in Latin-1.\n")
    h.write(dir .. "/c.md", "")  -- an empty file is skipped, filter or not
    local told = {}
    local c = assert(paa.corpus.open(dir, { filter = { source = "kept" },
                                            warn = function(msg) told[#told + 1] = msg end }))
    local n = 0
    for _ in c:docs() do n = n + 1 end
    assert.are.equal(1, n)
    assert.are.equal(1, #told)
    assert.truthy(told[1]:find("c.md: empty file", 1, true), told[1])
    local st = c:stats()
    assert.are.same({ 1, 1, 1, 0 }, { st.docs, st.filtered, st.skipped, st.notes })
    -- without the filter, b.md is read with its notes
    told = {}
    c = assert(paa.corpus.open(dir, { warn = function(msg) told[#told + 1] = msg end }))
    for _ in c:docs() do end
    assert.are.equal(2, #told)
    assert.truthy(told[1]:find("b.md: ", 1, true), told[1])
  end)

  it("leaves the excluded documents out of the fingerprint: the kept ones' alone", function()
    local _, st_all = walked("corpus")
    local _, st_one = walked("corpus", { source = "CloudBeat" })
    local _, st_rest = walked("corpus", { source = { "MarketPulse", "Silicon Post", "TechWire Daily", "The Ledger" } })
    assert.are.equal(st_all.hash, st_one.hash + st_rest.hash)
    assert.are.equal(st_all.docs, st_one.docs + st_rest.docs)
    assert.are.equal(st_one.docs, st_rest.filtered)
  end)

  it("raises a one-line error on a bad filter", function()
    local function err(f)
      local ok, e = pcall(paa.corpus.open, "corpus", { filter = f })
      assert.is_false(ok)
      assert.is_nil(tostring(e):find("\n"))
      return e
    end
    assert.matches("'since' is '2024%-13', not a date %(YYYY, YYYY%-MM or YYYY%-MM%-DD%)", err{ since = "2024-13" })
    assert.matches("'until' is '2023%-02%-29', not a date", err{ ["until"] = "2023-02-29" })
    assert.matches("'since' is 'March 2024', not a date", err{ since = "March 2024" })
    assert.matches("unknown key 'from'", err{ from = "2024" })
    assert.matches("'source' must be a string or an array of strings, got number", err{ source = 3 })
    assert.matches("'where' value of 'a' is an empty list", err{ where = { a = {} } })
    assert.matches("'where' must be keyed by field names", err{ where = { "x" } })
    assert.matches("option 'filter' must be a table, got string", err("source=x"))
    -- a date that parses is fine: a leap day
    assert.is_truthy(paa.corpus.open("corpus", { filter = { ["until"] = "2024-02-29" } }))
  end)

  it("is given by paa.open, and kept in the corpus's options (deep copies)", function()
    local ids, st, c = walked("corpus", { source = "CloudBeat", where = { author = { "Priya Raman", "Sofia Lindqvist" } } }, paa.open)
    assert.are.same(expected(fm, function(m)
      return m.source == "CloudBeat" and (m.author == "Priya Raman" or m.author == "Sofia Lindqvist")
    end), ids)
    assert.are.equal(#fm - #ids, st.filtered)
    local o = paa.corpus.options(c)
    assert.are.same({ source = { "CloudBeat" }, where = { author = { "Priya Raman", "Sofia Lindqvist" } } }, o.filter)
    o.filter.source[1] = "changed"
    assert.are.same({ "CloudBeat" }, paa.corpus.options(c).filter.source)
  end)

  it("keeps a store's ingest to the kept documents", function()
    local db = assert(paa.store.open(":memory:"))
    local c = assert(paa.corpus.open("corpus", { filter = { source = "The Ledger", since = "2025" } }))
    assert(db:ingest(c, { progress = false }))
    local ids = {}
    for r in db:rows("SELECT doc FROM documents ORDER BY doc") do ids[#ids + 1] = r.doc end
    assert.are.same(expected(fm, function(m) return m.source == "The Ledger" and m.date >= "2025" end), ids)
    -- a pruning ingest of a filtered corpus keeps the kept documents only
    assert(db:ingest(paa.corpus.open("corpus"), { progress = false }))
    assert.are.equal(#fm, db:first("SELECT count(*) AS n FROM documents").n)
    local r = assert(db:ingest(paa.corpus.open("corpus", { filter = { source = "CloudBeat" } }),
                               { progress = false, prune = true }))
    assert.are.equal(#fm - 3, r.removed)
    assert.are.equal(3, db:first("SELECT count(*) AS n FROM documents").n)
    db:close()
  end)
end)

describe("boilerplate learning with a filter", function()
  after_each(h.cleanup)

  -- five promos sharing a newsletter line, and four news stories, one of
  -- which has that line too: learnt from all, the line is boilerplate;
  -- from the news alone, it is in one document, and is not
  local function fixture()
    local dir = h.tmpdir()
    local bodies = { "Widgets sold out in three hours at the spring fair in Leeds, and the stall keepers said they "
        .. "had never seen queues like it since the town hall opened its doors to traders.",
      "A new gadget range arrives next month with longer battery life, brighter screens and a "
        .. "charger that the makers promise will finally fit every socket in the house.",
      "Sprocket makers expect prices to rise after the steel tariff, warning buyers in the "
        .. "bicycle trade to order early before the summer season empties their warehouses.",
      "Gizmo fans queued overnight outside the flagship store downtown, trading stories about "
        .. "earlier launches while volunteers handed out coffee and folding chairs.",
      "Our editors tested twelve kettles and picked the quietest one, a plain steel model that "
        .. "boils a litre in under three minutes and costs less than a cinema ticket." }
    for i = 1, 5 do
      h.write(string.format("%s/site/promo%d.md", dir, i), string.format("---\ntitle: Promo %d\nkind: promo\n---\n\n" ..
        "%s\n\n" ..
        "Sign up for the Example Weekly newsletter to get every story first.\n", i, bodies[i]))
    end
    for i = 1, 3 do
      h.write(string.format("%s/site/news%d.md", dir, i), string.format("---\ntitle: News %d\nkind: news\n---\n\n" ..
        "News story %d reports that company number %d raised funds from investors.\n", i, i, i))
    end
    h.write(dir .. "/site/news4.md", "---\ntitle: News 4\nkind: news\n---\n\nNews story four covers a merger " ..
      "announced this week.\n\nSign up for the Example Weekly newsletter to get every story first.\n")
    return dir
  end
  local LINE = "Sign up for the Example Weekly newsletter to get every story first.\n"

  it("learns from the kept documents only, on one thread and on several", function()
    local dir = fixture()
    for _, f in ipairs { false, { where = { kind = "news" } } } do
      local c = assert(paa.corpus.open(dir, { filter = f or nil }))
      local text
      for d in c:docs{ clean = true } do
        if d.title == "News 4" then text = d.text end
      end
      assert.are.equal(not f, not text:find("Sign up", 1, true))
      for _, threads in ipairs { 1, 2 } do
        local m, st = paa.dedup.boilerplate_corpus(c:roots(), paa.corpus.options(c), nil, threads)
        assert.are.equal(f and 4 or 9, st.docs)
        assert.are.equal(f and 5 or nil, st.filtered)
        assert.are.equal(f and LINE or "", (m:clean(LINE, "site")))
      end
    end
  end)
end)

describe("the filter options of the shipped scripts", function()
  after_each(h.cleanup)
  local fm = front_matter("corpus")
  local FILTER = { "--source", "CloudBeat", "--source", "the ledger", "--since", "2025-03" }
  local function kept(m) return (m.source == "CloudBeat" or m.source == "The Ledger") and m.date >= "2025-03-01" end
  local want = expected(fm, kept)
  local want_sources = { "CloudBeat", "The Ledger" }

  local function with(args, extra)
    local a = {}
    for _, x in ipairs(args) do a[#a + 1] = x end
    for _, x in ipairs(extra or FILTER) do a[#a + 1] = x end
    return a
  end

  it("shows them in every script's --help", function()
    for _, s in ipairs { "scripts/deals.lua", "scripts/dupes.lua", "scripts/overview.lua", "scripts/search.lua",
                         "scripts/tensions.lua", "examples/mentions.lua" } do
      local out, err, st = h.run { s, "--help" }
      assert.are.equal(0, st, err)
      for _, o in ipairs { "--source NAME", "--since DATE", "--until DATE", "--where FIELD=VALUE" } do
        assert.truthy(out:find(o, 1, true), s .. ": " .. o)
      end
    end
  end)

  it("overview counts the kept documents and says how many were left out", function()
    local j = h.json(with { "scripts/overview.lua", "corpus/", "--format", "json" })
    assert.are.equal(#want, j.total.docs)
    assert.are.equal(#fm - #want, j.filtered)
    local ids = {}
    for _, d in ipairs(j.documents) do ids[#ids + 1] = d.id end
    table.sort(ids)
    assert.are.same(want, ids)
    assert.are.same({ since = "2025-03", source = { "CloudBeat", "the ledger" } }, j.manifest.parameters.filter)
    assert.are.equal(#want, j.manifest.corpus.documents)
    local out = h.run(with { "scripts/overview.lua", "corpus/" })
    assert.truthy(out:find(string.format("(%d left out by the filter)", #fm - #want), 1, true), out)
    -- without a filter: no such line, and no filter in the manifest
    j = h.json { "scripts/overview.lua", "corpus/", "--format", "json" }
    assert.is_nil(j.filtered)
    assert.is_nil(j.manifest.parameters.filter)
  end)

  it("deals, tensions, dupes, search and the example report only the kept documents", function()
    local keep = {}
    for _, id in ipairs(want) do keep[id] = true end
    local j = h.json(with { "scripts/deals.lua", "corpus/", "--format", "json" })
    assert.is_true(#j.deals > 0)
    for _, d in ipairs(j.deals) do
      for _, e in ipairs(d.evidence) do assert.is_true(keep[e.doc], e.doc) end
    end
    local all = h.json { "scripts/deals.lua", "corpus/", "--format", "json" }
    assert.is_true(#all.deals > #j.deals)
    j = h.json(with { "scripts/tensions.lua", "corpus/", "--by", "source", "--format", "json" })
    local names = {}
    for _, g in ipairs(j.groups) do names[#names + 1] = g.name end
    assert.are.same(want_sources, names)
    j = h.json(with { "scripts/dupes.lua", "corpus/", "--format", "json" })
    assert.are.equal(#want, j.corpus.documents)
    assert.are.equal(2, j.corpus.sources)
    for _, b in ipairs(j.boilerplate) do assert.is_truthy(b.source == "CloudBeat" or b.source == "The Ledger") end
    j = h.json(with { "scripts/search.lua", "corpus/", "OpenAI", "--limit", "50", "--format", "json" })
    assert.is_true(#j.hits > 0)
    for _, hit in ipairs(j.hits) do assert.is_true(keep[hit.doc], hit.doc) end
    local out, err, st = h.run(with { "examples/mentions.lua", "corpus/" })
    assert.are.equal(0, st, err)
    assert.truthy(out:find("CloudBeat", 1, true))
    assert.is_nil(out:find("MarketPulse", 1, true))
  end)

  it("search filters a store's hits as it filters a corpus", function()
    local dir = h.tmpdir()
    local db = dir .. "/s.db"
    local _, err, st = h.run { "scripts/search.lua", "corpus/", "OpenAI", "--db", db }
    assert.are.equal(0, st, err)
    local j = h.json(with({ "scripts/search.lua", "--db", db, "OpenAI", "--limit", "50", "--format", "json" },
                          { "--where", "author=Ruth Abernethy", "--until", "2025-06" }))
    local want_ids = expected(fm, function(m) return m.author == "Ruth Abernethy" and m.date <= "2025-06-30" end)
    local got = {}
    for _, hit in ipairs(j.hits) do got[#got + 1] = hit.doc end
    table.sort(got)
    assert.are.same(want_ids, got)
  end)

  it("gives the same report on one core and on two, and as a cluster's map tasks", function()
    for _, s in ipairs { { "scripts/overview.lua", "corpus/", "--docs" },
                         { "scripts/tensions.lua", "corpus/", "--format", "json" },
                         { "scripts/deals.lua", "corpus/", "--format", "json" },
                         { "scripts/dupes.lua", "corpus/", "--format", "json" } } do
      local one, err1, st1 = h.run(with({ "-j", "1", table.unpack(s) }))
      local two, err2, st2 = h.run(with({ "-j", "2", table.unpack(s) }))
      assert.are.equal(0, st1, err1)
      assert.are.equal(0, st2, err2)
      assert.are.equal(one, two)
    end
    -- map and merge tasks re-run the script with its arguments: the filter with them
    local dir = h.tmpdir()
    local args = with { "scripts/overview.lua", "corpus/", "--docs" }
    local function task(extra)
      local a = {}
      for _, x in ipairs(extra) do a[#a + 1] = x end
      for _, x in ipairs(args) do a[#a + 1] = x end
      return h.run(a)
    end
    local _, err, st = task { "--merge", "--into", dir .. "/ctx0" }
    assert.are.equal(0, st, err)
    local merge = { "--merge", "--context", dir .. "/ctx0", "--into", dir .. "/ctx1" }
    for k = 1, 2 do
      local part = dir .. "/p" .. k
      _, err, st = task { "--map", k .. "/2", "--context", dir .. "/ctx0", "--into", part }
      assert.are.equal(0, st, err)
      merge[#merge + 1] = "--partial"
      merge[#merge + 1] = part
    end
    local out
    out, err, st = task(merge)
    assert.are.equal(0, st, err)
    assert.are.equal((h.run(with { "-j", "1", "scripts/overview.lua", "corpus/", "--docs" })), out)
  end)

  it("refuses bad values with one line and exit status 2", function()
    local cases = {
      { { "--since", "2025-3" }, "paa: overview: --since: '2025-3' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)" },
      { { "--until", "2025-02-30" }, "paa: overview: --until: '2025-02-30' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)" },
      { { "--where", "author" }, "paa: overview: --where: 'author' is not FIELD=VALUE" },
      { { "--where", "=x" }, "paa: overview: --where: '=x' is not FIELD=VALUE" },
      { { "--where", "author=" }, "paa: overview: --where: 'author=' is not FIELD=VALUE" },
      { { "--source" }, "paa: overview: --source needs a value" },
    }
    for _, c in ipairs(cases) do
      local out, err, st = h.run(with({ "scripts/overview.lua", "corpus/" }, c[1]))
      assert.are.equal(2, st, err)
      assert.are.equal("", out)
      local first = err:match("^[^\n]*")
      assert.are.equal(c[2], first:sub(1, #c[2]))
      assert.truthy(err:match("^[^\n]*\nusage: [^\n]*\n$"), err)
    end
    for _, s in ipairs { "scripts/deals.lua", "scripts/dupes.lua", "scripts/tensions.lua", "scripts/search.lua",
                         "examples/mentions.lua" } do
      local _, err, st = h.run { s, "corpus/", "--since", "yesterday", s:find("search") and "x" or nil }
      assert.are.equal(2, st, err)
      assert.truthy(err:find("--since: 'yesterday' is not a date", 1, true), err)
    end
  end)

  it("does not count the documents left out as skipped: exit status 0, no warning", function()
    local out, err, st = h.run(with { "scripts/overview.lua", "corpus/" }, nil)
    assert.are.equal(0, st, err)
    assert.are.equal("", err)
    assert.truthy(out:find("\ntotal +%d+ +[%d,]+ +[%d-]+ +[%d-]+ +0 +0\n"), out)
  end)
end)
