--- paa.results: what reports compute, written to the store as tables.
-- A report run with a store (`paa --db FILE`, or the script's `--db
-- FILE`) records its results there beside the corpus: a `runs` row with
-- its manifest, and the rows of its results (`deals`, `theme_counts`,
-- `clusters`, ...; docs/schema.md). Running a report again with the same
-- parameters replaces its own rows, and no other run's. Scripts call one
-- function with what they computed; docs/api.md describes each.
-- @module paa.results

local report = require "paa.report"

local type, ipairs, pairs, next, pcall, error, tostring, assert =
  type, ipairs, pairs, next, pcall, error, tostring, assert
local sort = table.sort

local results = {}

-- parameters that change how a report is shown, not what it computes:
-- left out of the key that says which rows a run replaces
local SHOWN = { format = true, db = true }

--- The store a report writes its results to: `paa.db()` under `paa --db
-- FILE` (or PAA_DB), else the store `file` names (the script's `--db`),
-- else none. The corpus is ingested into it incrementally (unless this
-- process has already done so), so result rows can name its documents.
-- @tparam paa.Corpus corpus
-- @tparam[opt] string file
-- @treturn[1] paa.Store|nil nil when there is no store to write to
-- @treturn[2] nil
-- @treturn[2] string why the store cannot be opened or filled
function results.store(corpus, file)
  if not results.wanted(file) then return nil end
  return require("paa.search").store(corpus, file)
end

--- Whether a report has a store to write to: under `paa --db FILE` (or
-- PAA_DB), or given a `file`. For a report to know, before counting,
-- whether to keep what only the store needs.
-- @tparam[opt] string file the script's `--db`
-- @treturn boolean
function results.wanted(file)
  return file ~= nil or require("paa").core.db() ~= nil
end

-- the manifest's parameters that say what was computed, as JSON text
-- (keys sorted: the same parameters give the same text)
local function key_of(manifest)
  local p = {}
  for k, v in pairs(manifest.parameters or {}) do
    if not SHOWN[k] then p[k] = v end
  end
  if next(p) == nil then return "{}" end
  return (report.json(p):gsub("%s*\n%s*", " "):gsub("%s+$", ""))
end

--- Record a run of a report: in one transaction, delete the run of the
-- same script and parameters (and, by cascade, its rows), add a `runs`
-- row from `manifest`, then call `fill(run_id)` to add the result rows.
-- Parameters that only change the output (`format`, `db`) are not part
-- of the key.
-- @tparam paa.Store db
-- @tparam table manifest `script:manifest{ corpus = corpus }`
-- @tparam function fill called with the new run's id
-- @treturn[1] integer the run's id
-- @treturn[2] nil
-- @treturn[2] string why (the store is busy, read-only, ...)
-- @raise what `fill` raises (nothing of the run is then written)
function results.run(db, manifest, fill)
  if type(manifest) ~= "table" or type(manifest.script) ~= "table" then
    error("bad argument #2 to 'run' (a script's manifest expected)", 2)
  end
  local s, params = manifest.script, key_of(manifest)
  local corpus = type(manifest.corpus) == "table" and manifest.corpus or {}
  return db:transaction(function()
    assert(db:exec("DELETE FROM runs WHERE script = ? AND parameters = ?", s.name, params))
    assert(db:exec("INSERT INTO runs(script, version, sha256, parameters, corpus_hash, corpus_documents,"
      .. " manifest, created) VALUES(?, ?, ?, ?, ?, ?, ?, datetime('now'))", s.name, s.version,
      s.sha256, params, corpus.hash, corpus.documents, report.json(manifest)))
    local id = db:first("SELECT last_insert_rowid() AS id").id
    if fill then fill(id) end
    return id
  end)
end

-- a document's row id, by its corpus id ('doc'), as a SQL expression
local DOCUMENT = "(SELECT id FROM documents WHERE doc = ?)"

local function bool(v) return v and 1 or 0 end

--- Record the deals of `deals.find` (the numbers of the report's JSON):
-- `deals`, `deal_parties`, `deal_sources`, `deal_mentions` (the mentions
-- kept as evidence, at most 100 a deal; offsets into the clean text).
-- @tparam paa.Store db
-- @tparam table manifest the run's manifest
-- @tparam table found what `deals.find` returned
-- @treturn[1] integer the run's id
-- @treturn[2] nil
-- @treturn[2] string why
function results.deals(db, manifest, found)
  return results.run(db, manifest, function(run)
    for i, d in ipairs(found.deals) do
      local a, h = d.amount, d.horizon or {}
      assert(db:exec("INSERT INTO deals(run_id, deal_id, position, kind, written, amount, low, high,"
        .. " currency, usd, approx, vague, round, date, date_fallback, horizon_date, horizon_role,"
        .. " mentions, documents, sources) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        run, d.id, i, d.kind, a.text, a.value, a.low, a.high, a.currency, d.usd, bool(a.approx),
        bool(a.vague), d.round, d.date, bool(d.date_fallback), h.date, h.role, d.count, d.documents,
        #d.source_list))
      for k, p in ipairs(d.parties or {}) do
        assert(db:exec("INSERT INTO deal_parties(run_id, deal_id, position, name, role)"
          .. " VALUES(?, ?, ?, ?, ?)", run, d.id, k, p.name, p.role))
      end
      for k, src in ipairs(d.source_list) do
        assert(db:exec("INSERT INTO deal_sources(run_id, deal_id, position, source) VALUES(?, ?, ?, ?)",
          run, d.id, k, src))
      end
      for k, m in ipairs(d.mentions) do
        assert(db:exec("INSERT INTO deal_mentions(run_id, deal_id, position, doc, document, source,"
          .. " sentence, start, stop, written, date, date_fallback) VALUES(?, ?, ?, ?, " .. DOCUMENT
          .. ", ?, ?, ?, ?, ?, ?, ?)", run, d.id, k, m.doc, m.doc, m.source, m.sentence, m.start,
          m.stop, m.amount.text, m.date, bool(m.date_fallback)))
      end
    end
  end)
end

--- Record the counts of `themes.count` (called with `records = true`):
-- `theme_documents` (each group's part of each document counted, and
-- its words) and `theme_counts` (the matches of each term in it).
-- Summed per group, they give the report's numbers.
-- @tparam paa.Store db
-- @tparam table manifest the run's manifest
-- @tparam table found what `themes.count` returned, with `records`
-- @treturn[1] integer the run's id
-- @treturn[2] nil
-- @treturn[2] string why
-- @raise when `found` has no `records`
function results.themes(db, manifest, found)
  if type(found.records) ~= "table" then
    error("paa.results: the counts hold no records (themes.count's 'records' option)", 2)
  end
  return results.run(db, manifest, function(run)
    for _, r in ipairs(found.records) do
      assert(db:exec("INSERT INTO theme_documents(run_id, grp, doc, document, words)"
        .. " VALUES(?, ?, ?, " .. DOCUMENT .. ", ?)", run, r.group, r.doc, r.doc, r.words))
      for theme, terms in pairs(r.terms or {}) do
        for term, n in pairs(terms) do
          assert(db:exec("INSERT INTO theme_counts(run_id, grp, doc, document, theme, term, matches)"
            .. " VALUES(?, ?, ?, " .. DOCUMENT .. ", ?, ?, ?)", run, r.group, r.doc, r.doc, theme, term, n))
        end
      end
    end
  end)
end

--- Record near-duplicate clusters (`duplicates.find`'s `clusters`):
-- one `clusters` row a member, the canonical copy's similarity 1.
-- @tparam paa.Store db
-- @tparam table manifest the run's manifest
-- @tparam table clusters `{ { canonical, members = { { document, similarity }, ... } }, ... }`
-- @treturn[1] integer the run's id
-- @treturn[2] nil
-- @treturn[2] string why
function results.clusters(db, manifest, clusters)
  return results.run(db, manifest, function(run)
    for k, c in ipairs(clusters) do
      for _, m in ipairs(c.members) do
        assert(db:exec("INSERT INTO clusters(run_id, cluster, doc, document, canonical_doc, canonical,"
          .. " similarity) VALUES(?, ?, ?, " .. DOCUMENT .. ", ?, " .. DOCUMENT .. ", ?)", run, k,
          m.document, m.document, c.canonical, c.canonical, m.similarity))
      end
    end
  end)
end

-- whether the bytes [a, b] (1-based) of 's' lie in the spans 'removed'
-- (sorted, 1-based inclusive) but for white space between them
local function covered(s, a, b, removed)
  local at = a
  for _, r in ipairs(removed) do
    if r.stop >= at then
      if r.start > b then break end
      if r.start > at and s:sub(at, r.start - 1):find("%S") then return false end
      at = r.stop + 1
      if at > b then return true end
    end
  end
  return not s:sub(at, b):find("%S")
end

--- Set `paragraphs.boilerplate` for the documents of `corpus` from its
-- boilerplate model (`corpus:boilerplate()`, what `docs{ clean = true }`
-- removes): 1 for a paragraph all of whose lines the model removes, 0
-- for the others. The documents must be in the store (`results.store`).
-- @tparam paa.Store db
-- @tparam paa.Corpus corpus
-- @treturn[1] integer paragraphs flagged
-- @treturn[2] nil
-- @treturn[2] string why
function results.boilerplate(db, corpus)
  local bp = corpus:boilerplate()
  local ids = {}
  for doc in corpus:docs{ warn = false } do ids[#ids + 1] = doc.id end
  local flagged = 0
  local ok, err = db:transaction(function()
    for _, id in ipairs(ids) do
      local row = db:first("SELECT d.id AS id, d.source AS source, t.text AS text FROM documents d"
        .. " JOIN texts t ON t.id = d.id WHERE d.doc = ?", id)
      if row then
        local _, removed = bp:clean(row.text, row.source)
        sort(removed, function(x, y) return x.start < y.start end)
        local paras = {}
        for p in db:rows("SELECT position, start, stop, boilerplate FROM paragraphs WHERE document = ?",
                         row.id) do
          paras[#paras + 1] = p
        end
        for _, p in ipairs(paras) do
          local flag = #removed > 0 and covered(row.text, p.start + 1, p.stop, removed) and 1 or 0
          flagged = flagged + flag
          if flag ~= p.boilerplate then
            assert(db:exec("UPDATE paragraphs SET boilerplate = ? WHERE document = ? AND position = ?",
              flag, row.id, p.position))
          end
        end
      end
    end
    return true
  end)
  if not ok then return nil, err end
  return flagged
end

--- Record a report's results when it runs with a store: `results.store`,
-- then `write(db)`; a failure stops the script with its message
-- (`paa.fail`). For a script's last lines.
-- @tparam paa.Corpus corpus
-- @tparam string|nil file the script's `--db`
-- @tparam function write called with the store
function results.record(corpus, file, write)
  local paa = require "paa"
  local db, err = results.store(corpus, file)
  if not db then
    if err then paa.fail(err) end
    return
  end
  local ok, r, werr = pcall(write, db)
  if not ok then werr = tostring(r) end
  if not (ok and r) then paa.fail("cannot record the results in the store: " .. tostring(werr)) end
end

return results
