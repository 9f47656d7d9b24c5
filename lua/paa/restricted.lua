--- paa.restricted: the one builder of restricted Lua environments.
-- Three kinds of code run with less than a script has: a `.lua` lexicon
-- file (data: it may compute a table, nothing else), a script's header
-- read by `paa --list` and `paa.script.describe` (run until it declares
-- itself, without io, os or modules), and a script from someone else
-- under `paa --sandbox` (`paa.sandbox`, which restricts the real globals
-- in place). They share what is here: the lists of functions that are
-- safe, the tables built from them, loading code as text only, and the
-- function that refuses what is taken away.
--
-- The originals are taken when this module is loaded (paa.sandbox loads
-- it before it changes anything), so a restriction put in place later
-- does not change what this module does.
-- @module paa.restricted

local restricted = {}

local real_load, type, error, pairs, ipairs, next = load, type, error, pairs, ipairs, next
local rawget, getmetatable, setmetatable, tonumber, tostring =
      rawget, getmetatable, setmetatable, tonumber, tostring
local s_sub, s_rep, s_match, s_format = string.sub, string.rep, string.match, string.format
local co_create, co_resume = coroutine.create, coroutine.resume
local sethook, gethook = debug.sethook, debug.gethook
-- the metatable every string shares: its __index is what `s:rep(n)` finds
local string_mt = getmetatable("")

-- a shallow copy of table 't'
local function copy(t)
  local c = {}
  for k, v in next, t do c[k] = v end
  return c
end

--- The base functions that touch neither files, the process, other
-- code nor metatables: what a data file (a `.lua` lexicon) gets.
restricted.DATA = { "assert", "error", "ipairs", "pairs", "next", "select", "type", "tostring",
                    "tonumber" }

--- What a script's header gets besides `DATA`: raw access and
-- `setmetatable`, which declarations written as objects use (refusing a
-- metatable with `__gc`: a finalizer runs where no instruction count
-- reaches).
restricted.HEADER = { "rawequal", "rawget", "rawlen", "rawset", "setmetatable" }

--- The libraries both get, each as a copy (a change made by the code
-- stays in its environment).
restricted.LIBRARIES = { "string", "table", "math", "utf8" }

-- The globals and the libraries' contents as they are now: a change to
-- the real ones made later (the sandbox's, a script's) does not reach
-- the environments built here.
local G, LIBS = copy(_G), {}
for _, lib in ipairs(restricted.LIBRARIES) do LIBS[lib] = copy(_G[lib]) end

-- what restricted code gets in place of some globals
local SAFE = {}
function SAFE.setmetatable(t, mt)
  if type(mt) == "table" and rawget(mt, "__gc") ~= nil then
    error("setmetatable: a metatable with __gc (a finalizer) is not allowed here", 2)
  end
  return setmetatable(t, mt)
end

--- A new environment: the named globals (from the real ones as they were
-- when this module was loaded; `setmetatable` refuses `__gc`), copies of
-- `LIBRARIES` (as they were then too), and `extra`.
-- @tparam[opt] {string,...} names globals to put in (default `DATA`)
-- @tparam[opt] table extra more fields (they win over the others)
-- @treturn table the environment
function restricted.env(names, extra)
  local env = {}
  for _, k in ipairs(names or restricted.DATA) do env[k] = SAFE[k] or G[k] end
  for _, lib in ipairs(restricted.LIBRARIES) do env[lib] = copy(LIBS[lib]) end
  for k, v in pairs(extra or {}) do env[k] = v end
  return env
end

--- Whether a chunk is bytecode, or is to be loaded as such: code comes as
-- text only (bytecode can crash the VM).
-- @param chunk a string, or a function giving pieces (not checked here)
-- @tparam[opt] string mode as for `load`
-- @treturn boolean
function restricted.is_binary(chunk, mode)
  return mode == "b" or (type(chunk) == "string" and s_sub(chunk, 1, 1) == "\27")
end

--- Load text as a chunk of `env`, never bytecode.
-- @tparam string src
-- @tparam string chunkname (`"@path"` for a file, `"=name"`, or the text
--   itself, as for `load`)
-- @tparam table env
-- @treturn[1] function
-- @treturn[2] nil
-- @treturn[2] string the syntax error, or that it is bytecode
function restricted.load(src, chunkname, env)
  if restricted.is_binary(src) then
    local name = s_match(chunkname, "^[@=](.*)$") or chunkname
    return nil, name .. ": a binary chunk (bytecode)"
  end
  return real_load(src, chunkname, "t", env)
end

--- A function that raises "PREFIX: WHAT is not allowed in WHERE" where it
-- is called: what a restriction puts in place of a function taken away.
-- @tparam string what the name of the function
-- @tparam[opt] string prefix default `"paa.sandbox"`
-- @tparam[opt] string where default `"the sandbox"`
-- @treturn function
function restricted.denied(what, prefix, where)
  local msg = (prefix or "paa.sandbox") .. ": " .. what .. " is not allowed in " .. (where or "the sandbox")
  return function() error(msg, 2) end
end

--- `string.rep` refusing results of more than `max` bytes with the error
-- `msg` (a header must not fill the memory before it declares itself).
-- Numbers given as strings (`"5e6"`) count as the numbers they are, as
-- `string.rep` takes them.
-- @tparam integer max
-- @param msg the error value
-- @treturn function
function restricted.bounded_rep(max, msg)
  return function(s, n, sep)
    local k = tonumber(n)
    if k and (type(s) == "string" or type(s) == "number") then
      local len = #tostring(s)
      if sep ~= nil and (type(sep) == "string" or type(sep) == "number") then len = len + #tostring(sep) end
      if len * k > max then error(msg, 0) end
    end
    return s_rep(s, n, sep)
  end
end

--- Run `f` in a coroutine of its own that raises `msg` after `count` VM
-- instructions (time inside C functions is not counted). When the
-- coroutine inherits a hook (the sandbox's clock, a debugger), that hook
-- is kept and the count is not enforced: a restriction never lifts
-- another. While `f` runs, method calls on strings (`s:rep(n)`) find the
-- string library as it was when this module was loaded with `strings`
-- over it (the real string metatable's `__index`, put back however `f`
-- ends), so a bounded `rep` cannot be passed by.
-- @tparam function f
-- @tparam integer count
-- @param msg the error value past the count
-- @tparam[opt] table strings functions that string methods use instead
--   of the library's (`{ rep = restricted.bounded_rep(...) }`)
-- @return `true` and f's results, or `false` and the error
function restricted.run(f, count, msg, strings)
  local co = co_create(f)
  if gethook(co) == nil then sethook(co, function() error(msg, 0) end, "", count) end
  local methods = copy(LIBS.string)
  if strings then
    for k, v in pairs(strings) do methods[k] = v end
  end
  local saved = rawget(string_mt, "__index")
  local _ <close> = setmetatable({}, { __close = function() string_mt.__index = saved end })
  string_mt.__index = methods
  return co_resume(co)
end

--- Whether `v`, a value restricted code gave back, is plain: no table in
-- it (as a key or a value, at any depth) has a metatable. Read raw, so
-- nothing of that code runs here: its metamethods would run in the
-- caller, out of reach of its instruction count.
-- @param v
-- @tparam[opt] table allowed metatables that are not the code's own
--   (keys; the caller's stand-ins, say), which a table may have
-- @treturn boolean
function restricted.plain(v, allowed)
  if type(v) ~= "table" then return true end
  local seen, stack = { [v] = true }, { v }
  while #stack > 0 do
    local t = stack[#stack]
    stack[#stack] = nil
    local mt = getmetatable(t)
    if mt ~= nil and not (allowed and allowed[mt]) then return false end
    for k, x in next, t do
      if type(k) == "table" and not seen[k] then seen[k] = true; stack[#stack + 1] = k end
      if type(x) == "table" and not seen[x] then seen[x] = true; stack[#stack + 1] = x end
    end
  end
  return true
end

--- How many VM instructions a data file may run, and how many bytes
-- `string.rep` may make there: generous for any table of themes, and a
-- bound on a file that loops.
restricted.DATA_INSTRUCTIONS, restricted.DATA_BYTES = 50000000, 64 << 20

--- Run the text of a data file (a `.lua` lexicon) in a `DATA`
-- environment and return its value: at most `DATA_INSTRUCTIONS` VM
-- instructions, `string.rep` bounded by `DATA_BYTES`, a value holding no
-- table with a metatable.
-- @tparam string src
-- @tparam string path the file, for messages
-- @return the chunk's first value
-- @raise `"path:line: message"` (syntax or run-time error), `"path: error
--   object is a T value"`, `"path: ran more than 50 million instructions
--   (a data file returns its table; it must not loop)"`, `"path: asked
--   string.rep for more than 64 MB"`, `"path: returned a table with a
--   metatable (data is plain tables)"`
function restricted.data(src, path)
  local env = restricted.env()
  local too_long = s_format("%s: ran more than %d million instructions (a data file returns its "
                            .. "table; it must not loop)", path, restricted.DATA_INSTRUCTIONS // 1000000)
  local too_big = s_format("%s: asked string.rep for more than %d MB", path, restricted.DATA_BYTES >> 20)
  env.string.rep = restricted.bounded_rep(restricted.DATA_BYTES, too_big)
  local f, err = restricted.load(src, "@" .. path, env)
  if not f then error(err, 0) end
  local ok, v = restricted.run(f, restricted.DATA_INSTRUCTIONS, too_long, { rep = env.string.rep })
  if not ok then
    if type(v) ~= "string" then error(path .. ": error object is a " .. type(v) .. " value", 0) end
    error(v, 0)
  end
  if not restricted.plain(v) then
    error(path .. ": returned a table with a metatable (data is plain tables)", 0)
  end
  return v
end

return restricted
