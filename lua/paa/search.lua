--- paa.search: full-text search over a corpus, the one way paa searches.
-- Hits come from the store's FTS5 index (`db:search`, paa's tokenizer),
-- so `scripts/search.lua` and the session's `search()` give the same hits
-- in the same order for the same query.
-- @module paa.search

local store = require "paa.store"

local search = {}

--- The store that holds a corpus, for searching it: `paa.db()` under
-- `paa --db FILE` (or PAA_DB; `paa.open` has ingested the corpus), else
-- the store `file` names, opened and the corpus ingested into it
-- incrementally.
-- @tparam paa.Corpus corpus
-- @tparam[opt] string file default `""`: a temporary file, gone at close;
--   `":memory:"`: in memory
-- @treturn[1] paa.Store
-- @treturn[2] nil
-- @treturn[2] string why the store cannot be opened or filled
function search.store(corpus, file)
  local paa = require "paa"
  local db, err = paa.db()
  if db then return db end
  if err then return nil, err end
  db, err = store.open(file or "")
  if not db then return nil, err end
  local _, ierr = db:ingest(corpus)
  if ierr then
    db:close()
    return nil, ierr
  end
  return db
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
