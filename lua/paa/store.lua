--- paa.store: the corpus in SQLite.
-- The C core (`paa.store.core`, src/lpaa_store.c) opens stores, runs
-- SQL, ingests files and searches; this module adds the ingest of a
-- `paa.Corpus`, by its roots and the options it was opened with.
-- docs/api.md describes every function.
-- @module paa.store

local _, _, given = ...  -- the host hands the core in (src/modules.c)
local core = given or require "paa.store.core"
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
  local o, roots = options(c), c:roots()
  for k, v in pairs(opts or {}) do
    if k ~= "warn" or v ~= nil then o[k] = v end
  end
  if opts and opts.warn ~= nil then o.warn = opts.warn end
  return ingest(db, roots, o)
end

return M
