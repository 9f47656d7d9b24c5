--- paa: the facade scripts start from.
-- `local paa = require "paa"` gives the version and every paa module
-- (`paa.text`, `paa.deals`, ...; the Lua ones are loaded on first use).
-- @module paa

local core = require "paa.core"
local corpus = require "paa.corpus"
local text = require "paa.text"
local lexicon = require "paa.lexicon"
local dedup = require "paa.dedup"

local paa = {
  version = core.version,   -- "0.1.0"
  core = core,
  corpus = corpus,
  text = text,
  lexicon = lexicon,
  dedup = dedup,
}

-- the Lua library's modules, loaded on first use (paa.money compiles its
-- grammar when loaded: a script that does not use it does not pay)
local LAZY = { money = "paa.money", dates = "paa.dates", deals = "paa.deals",
               numbers = "paa.numbers", orgs = "paa.orgs",
               themes = "paa.themes", cited = "paa.cited", fx = "paa.fx", report = "paa.report",
               duplicates = "paa.duplicates", script = "paa.script",
               store = "paa.store", search = "paa.search", results = "paa.results",
               options = "paa.options", words = "paa.words", stats = "paa.stats", kwic = "paa.kwic" }
setmetatable(paa, { __index = function(t, k)
  local name = LAZY[k]
  if not name then return nil end
  local m = require(name)
  rawset(t, k, m)
  return m
end })

local the_db, the_db_file  -- the store of `paa --db FILE` / PAA_DB, opened once

--- The store of `paa --db FILE` (or PAA_DB=FILE), opened on first use and
-- kept for the rest of the process; nil when neither is set.
-- @treturn[1] paa.Store|nil
-- @treturn[2] nil
-- @treturn[2] string why the store cannot be opened
function paa.db()
  local file = core.db()
  if not file then return nil end
  if the_db and the_db_file == file and tostring(the_db) ~= "paa.Store (closed)" then
    return the_db
  end
  local db, err = require("paa.store").open(file)
  if not db then return nil, err end
  the_db, the_db_file = db, file
  return db
end

-- whether this state is a worker of `paa -j N` (paa.parallel), which runs
-- the script up to a pass on its shard of the corpus
local function in_worker()
  local ok, host = pcall(require, "paa.host")
  return ok and host.info().job ~= nil
end

--- Open a corpus: files and folders of articles.
-- Same as `paa.corpus.open`; under `paa --db FILE` (or PAA_DB) the corpus
-- is also ingested into that store, incrementally (a progress line on a
-- terminal), and `paa.db()` gives the store. Without, nothing is written.
-- @tparam string|{string,...} paths a file or folder, or a list of them
-- The walker is given the outlets of the shipped outlets table
-- (`paa.outlets.sites()`) unless `opts.outlets` says otherwise (a table
-- of its own, or `false`): a page whose source comes from its URL is
-- shown as its outlet ("The Verge", not "theverge.com").
-- @tparam[opt] table opts `max_bytes`, `all_files`, `warn`, `outlets`
-- @treturn[1] paa.Corpus
-- @treturn[2] nil
-- @treturn[2] string why the corpus (or the store) cannot be opened
function paa.open(paths, opts)
  if opts == nil or (type(opts) == "table" and opts.outlets == nil) then
    local o = {}
    for k, v in pairs(opts or {}) do o[k] = v end
    o.outlets = require("paa.outlets").sites() or false  -- (a missing file: no outlets)
    opts = o
  end
  local c, err = corpus.open(paths, opts)
  -- a worker of 'paa -j N' sees the store, but the script's own state ingests
  if not c or not core.db() or in_worker() then return c, err end
  local db, derr = paa.db()
  if not db then return nil, derr end
  local s, ierr = db:ingest(c)
  if not s then return nil, ierr end
  return c
end

--- Stop a script with a one-line error (and a usage hint), exit status 1.
-- For mistakes a user can fix: a missing corpus, a wrong argument. Bugs
-- should raise errors instead, which show a traceback.
-- @tparam string msg what is wrong
-- @tparam[opt] string usage how to call the script
function paa.fail(msg, usage)
  io.stderr:write("paa: ", require("paa.report").printable(msg), "\n")  -- (it may name a file)
  if usage then io.stderr:write("usage: ", usage, "\n") end
  os.exit(1)
end

return paa
