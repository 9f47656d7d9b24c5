--- paa.parallel: a report's passes as map/merge, on every core and on a
-- cluster.
-- A pass is a table of functions over the documents of a corpus:
-- `init() -> acc` (default: `{}`), `map(doc) -> record` (nil: nothing),
-- `add(acc, record) -> acc` (default `merge`), `merge(acc, acc2) -> acc`
-- (associative: the accumulators of two shards of the corpus, the first
-- shard's first), `partial(acc) -> value` (default: the accumulator; a
-- shard's accumulator as plain data, e.g. a C counter's dump, which
-- `merge` is then given as `acc2`), `finish(acc) -> result` (default: the accumulator); `clean = true` walks the texts without their
-- boilerplate (`corpus:docs{ clean = true }`; `boilerplate`: the options
-- of the model, when this pass learns it), `warn = false` silently
-- (an earlier pass told of the inputs), `serial = true` on one core
-- whatever the number of workers (a pass whose accumulator cannot be
-- merged: an index of the whole corpus). `paa.parallel.run(corpus,
-- pass)` gives `finish`'s result, computed one of four ways:
--
-- * on one core: `add(acc, map(doc))` over the corpus in order (`paa -j 1`,
--   the REPL, `paa -e`, a host other than paa);
-- * on N worker Lua states (`paa -j N`, the default: every core): each runs
--   the script afresh on its shard of the documents (`corpus:docs{ shard
--   = { k, N } }`) and returns its accumulator as a partial; this state
--   merges them in shard order and finishes;
-- * as a map task (`paa --map K/N --context FILE --into PARTIAL`): the
--   passes before come from the context, this one maps shard K and writes
--   the partial;
-- * as a merge task (`paa --merge --context FILE --partial P... --into
--   NEXT`): merges the partials and goes on with the script, which prints
--   its report, or writes the context of its next pass into NEXT.
--
-- A pass's result is the same all four ways as long as its functions
-- depend on no order but the one `merge` is given (sort by `doc.index`,
-- never by `pairs`). Partials, contexts and jobs are text: `-- paa
-- partial 1` then `return` a Lua table constructor of strings, numbers,
-- booleans and tables (keys sorted), read back without running any code
-- (docs/scripts.md, "Partials").
-- @module paa.parallel

local inputs = require "paa.inputs"
local restricted = require "paa.restricted"

local type, pairs, ipairs, next, error, tostring, rawget = type, pairs, ipairs, next, error, tostring, rawget
local format, concat, sort = string.format, table.concat, table.sort
local getmetatable, mtype = getmetatable, math.type

local M = {}

--- The version of the partial format this paa writes and reads.
M.FORMAT = 1

-- {==========================================================================
-- Partials: values as Lua table constructors
-- ===========================================================================

local RANK = { number = 1, string = 2, boolean = 3 }

-- keys in a fixed order: numbers, strings, booleans, each by value
local function key_order(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return RANK[ta] < RANK[tb] end
  if ta == "boolean" then return not a and b end
  return a < b
end

local function put(v, out, depth)
  local t = type(v)
  if t == "table" then
    if depth > 64 then error("paa.parallel: a partial nests tables more than 64 deep (a cycle?)", 0) end
    if getmetatable(v) ~= nil then error("paa.parallel: a partial cannot hold a table with a metatable", 0) end
    out[#out + 1] = "{"
    local n = #v
    for i = 1, n do
      put(rawget(v, i), out, depth + 1)
      out[#out + 1] = ","
    end
    local keys = {}
    for k in next, v do
      if not (mtype(k) == "integer" and k >= 1 and k <= n) then
        if not RANK[type(k)] then error("paa.parallel: a partial cannot have a " .. type(k) .. " key", 0) end
        keys[#keys + 1] = k
      end
    end
    sort(keys, key_order)
    for _, k in ipairs(keys) do
      out[#out + 1] = "["
      put(k, out, depth)
      out[#out + 1] = "]="
      put(v[k], out, depth + 1)
      out[#out + 1] = ",\n"
    end
    out[#out + 1] = "}"
  elseif t == "string" or t == "number" or t == "boolean" or t == "nil" then
    out[#out + 1] = format("%q", v)
  else
    error("paa.parallel: a partial cannot hold a " .. t .. " value", 0)
  end
end

--- Serialise a value: strings, numbers (integers stay integers, floats
-- are exact), booleans and tables of them, keys sorted.
-- @param v
-- @tparam[opt] string what a word for the first line (`"partial"`)
-- @treturn string `-- paa partial 1 ...` then `return ...`
-- @raise on a function, userdata, thread, table with a metatable, or
--   tables nested more than 64 deep
function M.serialize(v, what)
  local out = { format("-- paa partial %d%s\nreturn ", M.FORMAT, what and " (" .. what .. ")" or "") }
  put(v, out, 0)
  out[#out + 1] = "\n"
  return concat(out)
end

local function no_call() error("a partial calls nothing", 0) end
local NO_STRINGS = {}
for k in pairs(string) do NO_STRINGS[k] = no_call end

--- Read a value `serialize` wrote. No code runs: a partial is a table
-- constructor, and anything else is refused.
-- @tparam string s
-- @tparam string name the file, for messages
-- @return the value
-- @treturn[2] nil
-- @treturn[2] string `"name: not a paa partial ..."`, `"name: partial format N; this
--   paa reads format 1"`, or a syntax error
function M.deserialize(s, name)
  local version = s:match("^%-%- paa partial (%d+)")
  if not version then return nil, name .. ": not a paa partial (its first line is not '-- paa partial N')" end
  if tonumber(version) ~= M.FORMAT then
    return nil, format("%s: partial format %s; this paa reads format %d", name, version, M.FORMAT)
  end
  local f, err = load(s, "=" .. name, "t", {})
  if not f then return nil, err end
  local ok, v = restricted.run(f, 1000 + 8 * #s, name .. ": not a partial (it runs code)", NO_STRINGS)
  if not ok then return nil, type(v) == "string" and v or name .. ": not a partial" end
  return v
end

local function read_file(path)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local s = f:read("a")
  f:close()
  return s
end

local function load_file(path)
  local s, err = read_file(path)
  if not s then error("paa: " .. err, 0) end
  local v, derr = M.deserialize(s, path)
  if v == nil then error("paa: " .. derr, 0) end
  return v
end

local function write_file(path, s)
  local tmp = path .. ".tmp"
  local f, err = io.open(tmp, "wb")
  if not f then error("paa: " .. err, 0) end
  local ok, werr = f:write(s)
  if ok then ok, werr = f:close() end
  if not ok then error("paa: " .. tmp .. ": " .. tostring(werr), 0) end
  local rok, rerr = os.rename(tmp, path)  -- a partial is whole or absent
  if not rok then error("paa: " .. rerr, 0) end
end

-- }==========================================================================


-- {==========================================================================
-- Running a pass
-- ===========================================================================

local ok_host, host = pcall(require, "paa.host")
local info = ok_host and host.info() or { jobs = 1, partials = {} }
local job = info.job  -- a worker thread's, copied into its state by the host
if info.map then  -- --map K/N: this run is a worker of a cluster
  local k, n = info.map:match("^(%d+)/(%d+)$")
  k, n = tonumber(k), tonumber(n)
  if not k or k < 1 or k > n then error("paa: --map wants K/N with 1 <= K <= N, got '" .. info.map .. "'", 0) end
  local ctx = info.context and load_file(info.context) or { results = {} }
  if not info.into then error("paa: --map needs --into FILE", 0) end
  local results = {}
  for i, r in ipairs(ctx.results) do results[i] = { text = r } end
  job = { shard = k, shards = n, pass = #ctx.results + 1, results = results, model = ctx.model,
          learnt = ctx.learnt }
end
local context  -- --merge: the passes done before this run
if info.merge then
  if not info.into then error("paa: --merge needs --into FILE", 0) end
  context = info.context and load_file(info.context) or { results = {} }
end

local passes = 0         -- passes this state reached
local results = {}       -- their results
local serialized = {}    -- the same, serialised when a later pass needs them

-- the results of the passes before this one, serialised (for a context)
local function earlier()
  for i = #serialized + 1, passes - 1 do serialized[i] = M.serialize(results[i], "result") end
  return { table.unpack(serialized, 1, passes - 1) }
end

local function check(pass)
  if type(pass) ~= "table" then error("paa.parallel: a pass is a table of functions", 3) end
  for _, f in ipairs { "map", "merge" } do
    if type(pass[f]) ~= "function" then error("paa.parallel: the pass has no '" .. f .. "' function", 3) end
  end
end

-- a pass's first accumulator ({} without 'init'), and its result (the
-- accumulator itself without 'finish')
local function init(pass) return pass.init and pass.init() or {} end
local function finish(pass, acc)
  if pass.finish then return pass.finish(acc) end
  return acc
end

-- map the documents of one shard (all when 'shards' is 1): the accumulator
local function map_shard(corpus, pass, shard, shards, told)
  local add, map = pass.add or pass.merge, pass.map
  local tick = info.job and host.tick  -- a thread's: the progress line counts it
  local acc = init(pass)
  for doc in corpus:docs{ clean = pass.clean or false, boilerplate = pass.boilerplate, warn = pass.warn,
                          told = told, shard = shards > 1 and { shard, shards } or nil } do
    if tick then tick(#doc.text) end
    local rec = map(doc)
    if rec ~= nil then acc = add(acc, rec) end
  end
  return acc
end

-- the result of an earlier pass: { value } given by this process, or
-- { text } (serialised) by a context
local function given(r)
  if not r.text then return r.value end
  local v, err = M.deserialize(r.text, "result")
  if err then error("paa: " .. err, 0) end
  return v
end

-- this state is a worker: the results of earlier passes, or this pass's
-- partial (which ends the worker's script)
local function work(corpus, pass)
  if passes < job.pass then return given(job.results[passes]) end
  if job.model and pass.clean then
    corpus:boilerplate(assert(require("paa.dedup").load_boilerplate(job.model)))
  end
  inputs.capture()
  local acc = map_shard(corpus, pass, job.shard, job.shards, pass.clean and job.learnt or nil)
  if pass.partial then acc = pass.partial(acc) end
  local partial = { pass = passes, shard = job.shard, shards = job.shards, acc = acc,
                    inputs = inputs.export(), stats = corpus:stats(), skipped = corpus:skipped() }
  if info.job then host.finish(partial) end  -- copied to the script's state; ends this one's script
  write_file(info.into, M.serialize(partial, format("pass %d, shard %d of %d", passes, job.shard,
                                                    job.shards)))
  os.exit(0, true)
end

-- merge the 'n' partials 'part(i)' gives, shard i, read one at a time
-- (memory holds one partial and the accumulator), and finish
local function merge_partials(corpus, pass, n, part)
  local acc, stats, skipped, told = init(pass), {}, {}, {}
  for i = 1, n do
    local p = part(i)
    if p.pass ~= passes or p.shard ~= i or p.shards ~= n then
      error(format("paa: partials of pass %d: expected shard %d of %d, got pass %s shard %s of %s",
                   passes, i, n, tostring(p.pass), tostring(p.shard), tostring(p.shards)), 0)
    end
    acc = pass.merge(acc, p.acc)
    for k, v in pairs(p.stats) do stats[k] = (stats[k] or 0) + v end
    for _, s in ipairs(p.skipped) do skipped[#skipped + 1] = s end
    told[i] = p.inputs
  end
  inputs.import(told)
  sort(skipped, function(a, b) return a.index < b.index end)
  require("paa.corpus").walked_elsewhere(corpus, stats, skipped)
  return finish(pass, acc)
end

-- corpora whose boilerplate model a pass asked for (learnt then)
local modelled = setmetatable({}, { __mode = "k" })

-- the model of a pass that cleans, learnt here, as workers load it; and
-- whether it was learnt now (its walk told of the inputs: the workers'
-- walks are quiet, as a walk after learning is on one core)
local function model_for(corpus, pass)
  if not pass.clean then return nil end
  local learnt = not modelled[corpus]
  modelled[corpus] = true
  return corpus:boilerplate(pass.boilerplate):dump(), learnt
end

-- run the pass on 'n' worker states
local function on_workers(corpus, pass, n)
  local model, learnt = model_for(corpus, pass)
  local before, jobs = {}, {}
  for i = 1, passes - 1 do before[i] = { value = results[i] } end
  for k = 1, n do
    jobs[k] = { shard = k, shards = n, pass = passes, results = before, model = model, learnt = learnt }
  end
  local st = corpus:stats()  -- of an earlier walk: how many documents to map
  local outs, errs = host.run(jobs, st and st.docs or nil)
  for k = 1, n do
    if not outs[k] then error(format("paa: worker %d of %d: %s", k, n, errs[k]), 0) end
  end
  return merge_partials(corpus, pass, n, function(k)
    local p = outs[k]
    outs[k] = false  -- merged: it can go
    return p
  end)
end

-- --merge: the passes of the context, then this pass's partials, then a
-- new context for the pass after
local function merge_task(corpus, pass)
  if context.model and not modelled[corpus] then  -- learnt by the run that wrote the context
    corpus:boilerplate(assert(require("paa.dedup").load_boilerplate(context.model)))
    modelled[corpus] = true
  end
  if passes <= #context.results then return given({ text = context.results[passes] }) end
  if pass.serial then return finish(pass, map_shard(corpus, pass, 1, 1)) end
  if passes == #context.results + 1 and #info.partials > 0 then
    local paths = {}  -- in shard order, as their first lines say
    for _, path in ipairs(info.partials) do
      local f = io.open(path, "rb")
      local head = f and f:read("l") or ""
      if f then f:close() end
      paths[#paths + 1] = { path = path, shard = tonumber(head:match("shard (%d+) of")) or 0 }
    end
    sort(paths, function(a, b) return a.shard < b.shard end)
    return merge_partials(corpus, pass, #paths, function(i) return load_file(paths[i].path) end)
  end
  local all = earlier()
  for i, r in ipairs(context.results) do all[i] = r end
  local model, learnt = model_for(corpus, pass)
  write_file(info.into, M.serialize({ results = all, model = model, learnt = learnt },
                                     format("context of pass %d", passes)))
  os.exit(0, true)
end

--- Run a pass over a corpus; see the module's description for how.
-- @tparam paa.Corpus|function corpus a corpus, or a function that returns
--   an iterator of documents (called once for each pass): the documents
--   as it gives them (`clean` says nothing then), mapped here, in this
--   state, in its order, whatever `paa -j` says, and not counted among
--   the script's passes (every state that runs the script maps them
--   alike: the interactive session's stored clean texts are given so)
-- @tparam table pass `{ init, map, add, merge, finish, clean }`
-- @return what `pass.finish` returns
-- @raise when a worker fails (its message, naming it), or a partial or
--   context cannot be read
function M.run(corpus, pass)
  check(pass)
  if type(corpus) == "function" then
    local add, map, acc = pass.add or pass.merge, pass.map, init(pass)
    for doc in corpus() do
      local rec = map(doc)
      if rec ~= nil then acc = add(acc, rec) end
    end
    return finish(pass, acc)
  end
  passes = passes + 1
  local result
  if job then return work(corpus, pass)
  elseif context then result = merge_task(corpus, pass)
  elseif info.jobs > 1 and info.script and not pass.serial
         and require("paa.script").main_path() == info.script then
    result = on_workers(corpus, pass, info.jobs)
  else result = finish(pass, map_shard(corpus, pass, 1, 1)) end
  results[passes] = result
  return result
end

--- How many cores a pass runs on here (`paa -j N`; 1 outside paa).
-- @treturn integer
function M.jobs()
  return info.jobs or 1
end

-- }==========================================================================

return M
