--- paa.search: full-text search over a corpus, the one way paa searches.
-- Hits come from the store's FTS5 index (`db:search`, paa's tokenizer),
-- so `scripts/search.lua` and the session's `search()` give the same hits
-- in the same order for the same query.
-- @module paa.search

local store = require "paa.store"
local pcorpus = require "paa.corpus"

local setmetatable = setmetatable

local search = {}

-- Ingest 'corpus' into 'db', closing 'db' when the ingest fails or
-- raises if 'own' (a store opened here, nobody else's to close).
local function fill(db, corpus, own)
  local done = false
  local _ <close> = own and setmetatable({}, { __close = function()
    if not done then db:close() end
  end }) or nil
  local _, err = db:ingest(corpus)
  if err then return nil, err end
  done = true
  return db
end

--- The store that holds a corpus, for searching it: `paa.db()` under
-- `paa --db FILE` (or PAA_DB; `file` is then not used), else the store
-- `file` names, opened here. The corpus is ingested into it
-- incrementally, unless this process has ingested it there already
-- (`paa.open` does under `paa --db`; see `store.ingested`): a corpus
-- opened with `paa.corpus.open` is searched as it is on disk now.
-- @tparam paa.Corpus corpus
-- @tparam[opt] string file default `""`: a temporary file, gone at close;
--   `":memory:"`: in memory
-- @treturn[1] paa.Store
-- @treturn[2] nil
-- @treturn[2] string why the store cannot be opened or filled
-- @raise what the ingest raises (a store opened here is closed first)
function search.store(corpus, file)
  local paa = require "paa"
  local db, err = paa.db()
  if db then
    if store.ingested(db, corpus) then return db end
    return fill(db, corpus, false)
  end
  if err then return nil, err end
  db, err = store.open(file or "")
  if not db then return nil, err end
  return fill(db, corpus, true)
end

--- Open a store that exists, to search it as it is: nothing is
-- ingested, and a file that is absent or empty is refused rather than
-- made a new store (`store.open` would make one).
-- @tparam string file
-- @treturn[1] paa.Store
-- @treturn[2] nil
-- @treturn[2] string why, naming the file (`news.db: no such file`,
--   `x.db: not a SQLite database`, `x.db: a SQLite database that is not a paa store`)
function search.open(file)
  local f, err = require("paa.corpus").open_file(file)
  if not f then return nil, err end
  local size = f:seek("end")
  f:close()
  if size == 0 then return nil, file .. ": an empty file, not a paa store" end
  return store.open(file)
end

-- errno values of a name that is not there (ENOENT, ENOTDIR) or cannot be
-- a file's (ENAMETOOLONG: a long query in one argument)
local NOT_THERE = { [2] = true, [20] = true, [36] = true }

-- the endings of the files a corpus reads (src/corpus.c, format_of)
local CORPUS_EXT = { txt = true, text = true, md = true, markdown = true, html = true,
                     htm = true, xhtml = true, jsonl = true, ndjson = true }

--- Whether `word`, the first argument of a search, is its corpus: it
-- names a file or folder that exists, or it looks like one (ends in `/`
-- or in a corpus file's ending: `.txt`, `.md`, `.html`, `.jsonl`, ...),
-- so a mistyped folder is an error and not a word searched for.
-- @tparam string word
-- @treturn boolean
function search.is_corpus(word)
  local open_file = require("paa.corpus").open_file  -- (a FIFO must not block)
  local ok, f, _, code = pcall(open_file, word, true)
  if not ok then f, code = nil, 2 end  -- (the sandbox refuses it: not a corpus of this run)
  if f then
    f:close()
    return true
  end
  -- there but not readable (a FIFO, no permission): the corpus, so its error is said
  if not NOT_THERE[code] then return true end
  local ext = word:match("%.(%w+)$")
  return word:sub(-1) == "/" or (ext ~= nil and CORPUS_EXT[ext:lower()] == true)
end

--- The corpus and the query of a search's command line: the first word
-- is the corpus when `search.is_corpus` says so, or when there is no
-- store to search (`store` false); the other words, joined by spaces, are
-- the query (several words: all of them, FTS5's implicit AND).
-- @tparam {string,...} words the positional arguments, at least one
-- @tparam boolean store whether a store is given (`--db`, `paa --db`)
-- @treturn string|nil the corpus, nil when the store alone is searched
-- @treturn string the query, `""` when only a corpus is given
function search.split(words, store_given)
  if words[1] and (not store_given or search.is_corpus(words[1])) then
    return words[1], table.concat(words, " ", 2)
  end
  return nil, table.concat(words, " ")
end

--- Check a query against the bounds of `db:search` before any work is
-- done (an ingest), with a message for its user.
-- @tparam string query
-- @treturn[1] true
-- @treturn[2] nil
-- @treturn[2] string `query too long (1,100 bytes); at most 1,024 bytes`,
--   `query too long (40 words); at most 32 words (OR, AND, NOT, NEAR not counted)`
function search.check(query)
  local thousands = require("paa.report").thousands
  local bytes, terms = store.query_size(query)
  if bytes > store.search_max_bytes then
    return nil, string.format("query too long (%s bytes); at most %s bytes", thousands(bytes),
                              thousands(store.search_max_bytes))
  end
  if terms > store.search_max_terms then
    return nil, string.format("query too long (%d words); at most %d words (OR, AND, NOT, NEAR not counted)",
                              terms, store.search_max_terms)
  end
  return true
end

-- the documents table's column of each field name a corpus filter's
-- 'where' takes for a document field (as the corpus reader does: its
-- synonyms too); other names are keys of the meta table
local COLUMN = { id = "doc", path = "path", title = "title", headline = "title",
  source = "source", outlet = "source", publisher = "source", site_name = "source",
  date = "date", published = "date", published_at = "date", published_time = "date", pubdate = "date",
  url = "url", link = "url", canonical = "url" }

local function same(a, b)
  return a ~= nil and a:lower() == b:match("^%s*(.-)%s*$"):lower()
end

-- Does the store's document 'doc' pass the corpus filter 'f' (as
-- paa.corpus.open's 'filter' keeps documents)?
local function kept(db, doc, f)
  local d = db:first("SELECT id, path, title, source, date, url FROM documents WHERE doc = ?", doc)
  if not d then return false end
  d.doc = doc
  if f.source then
    local ok = false
    for _, s in ipairs(type(f.source) == "table" and f.source or { f.source }) do ok = ok or same(d.source, s) end
    if not ok then return false end
  end
  if f.since or f["until"] then
    local lo, hi = nil, nil
    if d.date then lo, hi = pcorpus.date_period(d.date) end
    if not lo then return false end
    if f.since and hi < pcorpus.date_period(f.since) then return false end
    if f["until"] and lo > select(2, pcorpus.date_period(f["until"])) then return false end
  end
  for field, values in pairs(f.where or {}) do  -- (all must hold: the order does not matter)
    local v
    if COLUMN[field:lower()] then v = d[COLUMN[field:lower()]]
    else
      local m = db:first("SELECT value FROM meta WHERE document = ? AND lower(key) = lower(?)", d.id, field)
      v = m and m.value
    end
    local ok = false
    for _, x in ipairs(type(values) == "table" and values or { values }) do ok = ok or same(v, x) end
    if not ok then return false end
  end
  return true
end

--- Search a store: `db:search` (see docs/api.md), the hits best first.
-- @tparam paa.Store db
-- @tparam string query FTS5 syntax (`a OR b`, `"a phrase"`, `pre*`,
--   `NOT`); not valid syntax: its words
-- @tparam[opt] table opts `limit` (default 20), `source`, `since`,
--   `until`, `filter` (a corpus filter, as `paa.corpus.open` takes it:
--   only the hits of the documents it keeps; the fields a store keeps of
--   a document, its metadata included, but not its format)
-- @treturn[1] table `{ doc, title, source, date, rank, snippet }`, best first
-- @treturn[2] nil
-- @treturn[2] string why (the query is beyond the bounds, the store is unreadable)
function search.hits(db, query, opts)
  opts = opts or {}
  local limit, f = opts.limit or 20, opts.filter
  local o = { limit = limit, source = opts.source, since = opts.since, ["until"] = opts["until"] }
  if f then o.limit = math.maxinteger end  -- the filter takes its pick of every hit
  local hits, err = db:search(query, o)
  if not hits or not f then return hits, err end
  local out = {}
  for _, h in ipairs(hits) do
    if #out == limit then break end
    if kept(db, h.doc, f) then out[#out + 1] = h end
  end
  return out
end

return search
