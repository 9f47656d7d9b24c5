--- paa.store: the corpus in SQLite.
-- The C core (`paa.store.core`, src/lpaa_store.c) opens stores, runs
-- SQL, ingests files and searches; this module adds the ingest of a
-- `paa.Corpus`, by its roots and the options it was opened with, and
-- routes what an ingest reports (inputs skipped, progress) to
-- `paa.inputs`, which tells of them. docs/api.md describes every function.
-- @module paa.store

local core = require "paa.store.core"
local options = require("paa.corpus").options
local inputs = require "paa.inputs"
-- the corpus core's own 'roots', taken now: a method looked up on the
-- corpus when it is called could have been replaced by then (the
-- methods table is shared, and in reach of any code holding a corpus)
local roots = require("paa.corpus.core").Corpus.roots

local type, getmetatable, rawget, pairs, pcall, error = type, getmetatable, rawget, pairs, pcall, error
local format = string.format

local M = {}
for k, v in pairs(core) do
  if k ~= "Store" and k ~= "progress" and k ~= "progress_tty" then M[k] = v end
end

local setmetatable = setmetatable

-- for each paa.Corpus, the stores it was ingested into by this process
-- (weak: both go when they are collected)
local ingested = setmetatable({}, { __mode = "k" })

local methods = core.Store
local ingest = methods.ingest
local progress, progress_tty = core.progress, core.progress_tty

-- The options of 'c' when it is a paa.Corpus, else nil. The type is
-- checked by the corpus core (luaL_checkudata), not by the metatable's
-- '__name', which any code holding a userdata can change; '__name' only
-- tells a closed corpus, whose error is raised, from another value.
local function corpus_options(c)
  if type(c) ~= "userdata" then return nil end
  local ok, o = pcall(options, c)
  if ok then return o end
  local mt = getmetatable(c)
  if type(mt) == "table" and rawget(mt, "__name") == "paa.Corpus" then
    error(o, 3)  -- a closed corpus: "paa.corpus: attempt to use a closed corpus"
  end
  return nil
end

-- raise as luaL_argexpected does for the option 'name' of ingest's opts
local function bad_option(what, v)
  error(format("bad argument #2 to 'ingest' (%s expected, got %s)", what,
               v == nil and "no value" or type(v)), 3)
end

--- Ingest a corpus, incrementally.
-- @tparam paa.Corpus|string|{string,...} c a corpus, or paths to open as one
-- @tparam[opt] table opts `prune`, `progress` (default: stderr is a
-- terminal), `warn` (else the corpus's own); with paths, also the
-- corpus options `max_bytes`, `all_files`, `words`, `within`
-- @treturn[1] table `{ added, updated, unchanged, removed, skipped, bytes }`
-- @treturn[2] nil
-- @treturn[2] string why
function methods.ingest(db, c, opts)
  if opts ~= nil and type(opts) ~= "table" then
    error("bad argument #2 to 'ingest' (table expected, got " .. type(opts) .. ")", 2)
  end
  local o, paths = {}, c
  local co = corpus_options(c)
  if co then
    -- the files are read as the corpus reads them (its 'within' too):
    -- only how the ingest runs comes from 'opts'
    o, paths = co, roots(c)
    if opts then
      o.prune, o.threads = opts.prune, opts.threads
      if opts.warn ~= nil then o.warn = opts.warn end
    end
  elseif opts then
    for k, v in pairs(opts) do o[k] = v end
  end
  local show, warn = opts and opts.progress, o.warn
  if show == nil then show = progress_tty()
  elseif type(show) ~= "boolean" then bad_option("boolean 'progress'", show) end
  if warn ~= nil and warn ~= false and type(warn) ~= "function" then
    bad_option("function or false 'warn'", warn)
  end
  -- the progress line ends when the ingest does, by an error too
  local tell <close> = inputs.ingest(progress(), show, warn)
  o.warn, o.progress, o.on_skip, o.on_progress = nil, nil, tell.skip, tell.progress
  local r, err = ingest(db, paths, o)
  if r and co then
    local into = ingested[c]
    if not into then
      into = setmetatable({}, { __mode = "k" })
      ingested[c] = into
    end
    into[db] = true
  end
  return r, err
end

--- Whether this process has ingested the corpus `c` into `db` (a
-- `db:ingest(c)` that returned its counts, as `paa.open` does under
-- `paa --db`): `paa.search` then searches `db` without walking `c` again.
-- @tparam paa.Store db
-- @param c any value (false unless a paa.Corpus ingested into `db`)
-- @treturn boolean
function M.ingested(db, c)
  local into = ingested[c]
  return into ~= nil and into[db] == true
end

return M
