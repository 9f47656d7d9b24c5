--- paa.corpus: walk folders and JSONL files of articles.
-- The C core (`paa.corpus.core`, src/lpaa_corpus.c) opens a corpus and
-- walks it, reporting the inputs it skips; this module adds what is
-- composed over the walk: the telling of those inputs (by `paa.inputs`,
-- with the corpus's `warn` option), the list of the last walk's
-- (`corpus:skipped()`), and texts cleaned of their boilerplate
-- (`corpus:docs{ clean = true }`) by the model `paa.dedup` learns from
-- the corpus (`corpus:boilerplate()`), or one given to it
-- (`corpus:boilerplate(model)`).
-- docs/api.md describes every function.
-- @module paa.corpus

local core = require "paa.corpus.core"
local dedup = require "paa.dedup"
local text = require "paa.text"
local inputs = require "paa.inputs"

local type, error, setmetatable, getmetatable, rawget, pcall, format =
      type, error, setmetatable, getmetatable, rawget, pcall, string.format
local model_stats = require("paa.dedup.core").Boilerplate.stats
local count = text.count

local M = {}
for k, v in pairs(core) do
  if k ~= "Corpus" then M[k] = v end
end
local options = core.options

local methods = core.Corpus
local docs = methods.docs

-- the skipped inputs of each corpus's last walk (weak: they go with it)
local last_skipped = setmetatable({}, { __mode = "k" })
-- the stats of a walk other states made for a corpus (paa.parallel's
-- workers), until a walk here
local elsewhere = setmetatable({}, { __mode = "k" })
local core_stats = methods.stats

-- The on_input function of a walk of 'c' whose skipped inputs are
-- listed in 'list' and recorded for the session; told of, with the notes
-- of the documents read, unless 'quiet'.
local function teller(c, list, quiet)
  local warn = options(c).warn
  return function(info)
    if info.skipped then
      list[#list + 1] = info
      if quiet then inputs.record(info) else inputs.skip(info, warn) end
    elseif not quiet then
      local msg = info.line and format("%s:%d: %s", info.path, info.line, info.reason)
        or format("%s: %s", info.path, info.reason)
      inputs.note(msg, info, warn)
    end
  end
end

-- Start a walk of 'c' (its shard { k, n } only, when given) whose
-- skipped inputs 'corpus:skipped()' lists.
local function walk(c, quiet, shard)
  local list = {}
  last_skipped[c] = list
  elsewhere[c] = nil
  local k, n
  if shard then k, n = shard[1], shard[2] end
  return docs(c, teller(c, list, quiet), k, n)
end

-- the boilerplate model of each corpus, learnt once (weak: it goes with
-- its corpus)
local models = setmetatable({}, { __mode = "k" })

-- raise as the core does for an option 'opt' of the wrong type
local function bad_option(opt, what, v)
  error(format("paa.corpus: option '%s' must be a %s, got %s", opt, what, type(v)), 3)
end

-- The corpus's model, learnt by paa.dedup from a walk of its own on first
-- use ('opts' used only then). Returns it, and whether it was learnt now
-- (by a walk that told of the inputs skipped).
local function model_of(c, opts)
  local m = models[c]
  if m then return m, false end
  local threads = require("paa.parallel").jobs()
  if threads > 1 then  -- read and classified on every core (paa_boiler_learn_corpus)
    local list, st = {}
    m, st = dedup.boilerplate_corpus(methods.roots(c), options(c), opts, threads, teller(c, list))
    if not m then error("paa.corpus: " .. st, 3) end  -- (the corpus opened before)
    M.walked_elsewhere(c, st, list)
  else
    m = dedup.boilerplate(c, opts)
  end
  models[c] = m
  return m, true
end

-- Is 'v' a paa.Boilerplate? The binding checks (luaL_checkudata), not
-- the metatable's '__name', which any code holding a userdata can
-- change; a closed model raises its own error.
local function is_model(v)
  if type(v) ~= "userdata" then return false end
  local ok, err = pcall(model_stats, v)
  if ok then return true end
  local mt = getmetatable(v)
  if type(mt) == "table" and rawget(mt, "__name") == "paa.Boilerplate" then
    error(err, 3)  -- "paa.dedup: attempt to use a closed boilerplate model"
  end
  return false
end

--- The corpus's boilerplate model: learnt on first use and kept, or the
-- one given (learnt elsewhere, e.g. loaded with `dedup.load_boilerplate`).
-- @tparam[opt] table|paa.Boilerplate opts the model's options
-- (`dedup.boilerplate`), used only when it is learnt now; or a model,
-- which clean walks then use instead of learning one
-- @treturn paa.Boilerplate
function methods.boilerplate(c, opts)
  local given = is_model(opts)
  if opts ~= nil and type(opts) ~= "table" and not given then
    error(format("bad argument #1 to 'boilerplate' (table or paa.Boilerplate expected, got %s)",
                 type(opts)), 2)
  end
  methods.roots(c)  -- a closed corpus raises here
  if given then models[c] = opts end
  return (model_of(c, opts))
end

--- The counts of the corpus's last complete walk (the core's, or those
-- `walked_elsewhere` recorded since).
-- @treturn table|nil `{ files, docs, skipped, ignored, notes, bytes, hash }`
function methods.stats(c)
  local st = core_stats(c)  -- a closed corpus raises here
  local e = elsewhere[c]
  if not e then return st end
  local t = {}
  for k, v in pairs(e) do t[k] = v end
  return t
end

--- Record a walk of `c` that other Lua states made (paa.parallel's
-- workers, each a shard): its stats (the shards' added up) and skipped
-- inputs become what `c:stats()` and `c:skipped()` give, as if the walk
-- had been made here.
-- @tparam paa.Corpus c
-- @tparam table stats as `c:stats()` gives
-- @tparam table skipped as `c:skipped()` gives, in walk order
function M.walked_elsewhere(c, stats, skipped)
  methods.roots(c)  -- a closed corpus raises here
  elsewhere[c], last_skipped[c] = stats, skipped
end

--- The inputs the corpus's last walk skipped.
-- @treturn table array of `{ path, line, source, reason, skipped = true }`
function methods.skipped(c)
  methods.roots(c)  -- a closed corpus raises here
  return last_skipped[c] or {}
end

--- Walk the corpus: iterator, walk, nil, walk (the fourth value closes
-- the walk when a `for` loop is left early).
-- @tparam[opt] table opts `clean` (texts without their boilerplate; the
-- lines removed in `doc.boilerplate`), `boilerplate` (the model's
-- options, when it is learnt now), `warn = false` (record inputs
-- skipped without telling), `shard = { k, n }` (only the inputs of
-- worker k of n: those whose `doc.index` is k modulo n), `told = true`
-- (with `clean`: the walk that learnt the model, in another state, told
-- of the inputs; skipped ones are recorded, reading notes not told)
-- @return iterator, walk, nil, walk
function methods.docs(c, opts)
  if opts ~= nil and type(opts) ~= "table" then
    error(format("bad argument #1 to 'docs' (table expected, got %s)", type(opts)), 2)
  end
  if opts and opts.warn ~= nil and type(opts.warn) ~= "boolean" then bad_option("warn", "boolean", opts.warn) end
  if opts and opts.told ~= nil and type(opts.told) ~= "boolean" then bad_option("told", "boolean", opts.told) end
  local silent = opts ~= nil and opts.warn == false
  if opts == nil or not opts.clean then
    if opts and opts.clean ~= nil and type(opts.clean) ~= "boolean" then
      bad_option("clean", "boolean", opts.clean)
    end
    methods.roots(c)  -- a closed corpus raises here
    return walk(c, silent, opts and opts.shard)
  end
  if type(opts.clean) ~= "boolean" then bad_option("clean", "boolean", opts.clean) end
  local bopts = opts.boilerplate
  if bopts ~= nil and type(bopts) ~= "table" then bad_option("boilerplate", "table", bopts) end
  methods.roots(c)  -- a closed corpus raises here, before any learning
  local warn = options(c).warn
  local model, learnt = model_of(c, bopts)
  -- the learning walk just told of every input skipped: this one records them
  local iter, state, control, closer = walk(c, silent or learnt or opts.told, opts.shard)
  local function clean_next(s, last)
    local doc = iter(s, last)
    if doc == nil then return nil end
    local before = doc.text
    local cleaned, removed = model:clean(before, doc.source)
    doc.boilerplate = removed
    if not silent and not cleaned:find("%S") and before:find("%S") then
      inputs.note(format("%s: all its text was taken for boilerplate (menus, promos, repeated "
                         .. "lines); read as empty", doc.path),
                  { path = doc.path, source = doc.source, reason = "all its text is boilerplate",
                    index = doc.index }, warn)
    end
    if doc.words then doc.words = count(cleaned) end
    doc.bytes = #cleaned
    doc.text = cleaned
    return doc
  end
  return clean_next, state, control, closer
end

return M
