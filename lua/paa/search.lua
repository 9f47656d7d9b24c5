--- paa.search: full-text search over a corpus, the one way paa searches.
-- Hits come from the store's FTS5 index (`db:search`, paa's tokenizer),
-- so `scripts/search.lua` and the session's `search()` give the same hits
-- in the same order for the same query.
-- @module paa.search

local store = require "paa.store"

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

--- Search a store: `db:search` (see docs/api.md), the hits best first.
-- @tparam paa.Store db
-- @tparam string query FTS5 syntax (`a OR b`, `"a phrase"`, `pre*`,
--   `NOT`); not valid syntax: its words
-- @tparam[opt] table opts `limit` (default 20), `source`, `since`, `until`
-- @treturn[1] table `{ doc, title, source, date, rank, snippet }`, best first
-- @treturn[2] nil
-- @treturn[2] string why (the query is beyond the bounds, the store is unreadable)
function search.hits(db, query, opts)
  opts = opts or {}
  return db:search(query, { limit = opts.limit or 20, source = opts.source, since = opts.since,
                            ["until"] = opts["until"] })
end

return search
