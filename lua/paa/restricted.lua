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

local real_load, type, error, pcall, pairs, ipairs = load, type, error, pcall, pairs, ipairs
local s_sub, s_rep = string.sub, string.rep
local co_create, co_resume = coroutine.create, coroutine.resume
local sethook, gethook = debug.sethook, debug.gethook
local G = _G

--- The base functions that touch neither files, the process, other
-- code nor metatables: what a data file (a `.lua` lexicon) gets.
restricted.DATA = { "assert", "error", "ipairs", "pairs", "next", "select", "type", "tostring",
                    "tonumber" }

--- What a script's header gets besides `DATA`: raw access and
-- `setmetatable`, which declarations written as objects use.
restricted.HEADER = { "rawequal", "rawget", "rawlen", "rawset", "setmetatable" }

--- The libraries both get, each as a copy (a change made by the code
-- stays in its environment).
restricted.LIBRARIES = { "string", "table", "math", "utf8" }

-- a shallow copy of table 't'
local function copy(t)
  local c = {}
  for k, v in pairs(t) do c[k] = v end
  return c
end

--- A new environment: the named globals (from the real ones as they were
-- when this module was loaded), copies of `LIBRARIES`, and `extra`.
-- @tparam[opt] {string,...} names globals to put in (default `DATA`)
-- @tparam[opt] table extra more fields (they win over the others)
-- @treturn table the environment
function restricted.env(names, extra)
  local env = {}
  for _, k in ipairs(names or restricted.DATA) do env[k] = G[k] end
  for _, lib in ipairs(restricted.LIBRARIES) do env[lib] = copy(G[lib]) end
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
-- @tparam string chunkname (`"@path"` for a file)
-- @tparam table env
-- @treturn[1] function
-- @treturn[2] nil
-- @treturn[2] string the syntax error, or that it is bytecode
function restricted.load(src, chunkname, env)
  if restricted.is_binary(src) then return nil, s_sub(chunkname, 2) .. ": a binary chunk (bytecode)" end
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
-- @tparam integer max
-- @param msg the error value
-- @treturn function
function restricted.bounded_rep(max, msg)
  return function(s, n, sep)
    if type(s) == "string" and type(n) == "number" and (#s + #(sep or "")) * n > max then error(msg, 0) end
    return s_rep(s, n, sep)
  end
end

--- Run `f` in a coroutine of its own that raises `msg` after `count` VM
-- instructions (time inside C functions is not counted). When the
-- coroutine inherits a hook (the sandbox's clock, a debugger), that hook
-- is kept and the count is not enforced: a restriction never lifts
-- another.
-- @tparam function f
-- @tparam integer count
-- @param msg the error value past the count
-- @return `true` and f's results, or `false` and the error
function restricted.run(f, count, msg)
  local co = co_create(f)
  if gethook(co) == nil then sethook(co, function() error(msg, 0) end, "", count) end
  return co_resume(co)
end

--- Run the text of a data file (a `.lua` lexicon) in a `DATA`
-- environment and return its value.
-- @tparam string src
-- @tparam string path the file, for messages
-- @return the chunk's first value
-- @raise `"path:line: message"` (syntax or run-time error), `"path: error
--   object is a T value"`
function restricted.data(src, path)
  local f, err = restricted.load(src, "@" .. path, restricted.env())
  if not f then error(err, 0) end
  local ok, v = pcall(f)
  if not ok then
    if type(v) ~= "string" then error(path .. ": error object is a " .. type(v) .. " value", 0) end
    error(v, 0)
  end
  return v
end

return restricted
