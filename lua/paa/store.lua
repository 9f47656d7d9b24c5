--- paa.store: the corpus in SQLite.
-- The C core (`paa.store.core`, src/lpaa_store.c) opens stores, runs
-- SQL, ingests files and searches; this module adds the ingest of a
-- `paa.Corpus`, by its roots and the options it was opened with.
-- docs/api.md describes every function.
-- @module paa.store

local core = require "paa.store.core"
local options = require("paa.corpus").options

local type, getmetatable, pairs, error = type, getmetatable, pairs, error

local M = {}
for k, v in pairs(core) do
  if k ~= "Store" then M[k] = v end
end

local methods = core.Store
local ingest = methods.ingest

-- is 'c' a paa.Corpus?
local function is_corpus(c)
  local mt = type(c) == "userdata" and getmetatable(c)
  return type(mt) == "table" and mt.__name == "paa.Corpus"
end

--- Ingest a corpus, incrementally.
-- @tparam paa.Corpus|string|{string,...} c a corpus, or paths to open as one
-- @tparam[opt] table opts `prune`, `progress`, `warn` (else the corpus's own)
-- @treturn[1] table `{ added, updated, unchanged, removed, skipped, bytes }`
-- @treturn[2] nil
-- @treturn[2] string why
function methods.ingest(db, c, opts)
  if not is_corpus(c) then return ingest(db, c, opts) end
  if opts ~= nil and type(opts) ~= "table" then
    error("bad argument #2 to 'ingest' (table expected, got " .. type(opts) .. ")", 2)
  end
  -- the files are read as the corpus reads them (its 'within' too):
  -- only how the ingest runs comes from 'opts'
  local o, roots = options(c), c:roots()
  if opts then
    o.prune, o.progress = opts.prune, opts.progress
    if opts.warn ~= nil then o.warn = opts.warn end
  end
  return ingest(db, roots, o)
end

return M
