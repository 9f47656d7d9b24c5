--- paa.repl.mistakes: an error in the session said in one line.
-- The host calls `explain` with the error of a line the user typed and
-- its traceback, and prints what it returns: a name that is not there
-- becomes "no function 'kwc'; did you mean kwic?", a helper's complaint
-- about its arguments gets the helper's usage, and the traceback is shown only after
-- `debug(true)`.
-- @module paa.repl.mistakes

local mistakes = {}

local tracing = false

--- The edit distance between two strings (insertions, deletions,
-- substitutions and swaps of neighbours, one each), in bytes.
-- @tparam string a
-- @tparam string b
-- @treturn integer
function mistakes.distance(a, b)
  local la, lb = #a, #b
  local d = {}
  for i = 0, la do d[i] = { [0] = i } end
  for j = 0, lb do d[0][j] = j end
  for i = 1, la do
    local ai = a:byte(i)
    for j = 1, lb do
      local cost = ai == b:byte(j) and 0 or 1
      local v = math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if i > 1 and j > 1 and ai == b:byte(j - 1) and a:byte(i - 1) == b:byte(j) then
        v = math.min(v, d[i - 2][j - 2] + 1)
      end
      d[i][j] = v
    end
  end
  return d[la][lb]
end

--- The names nearest to `name` (at most 3, sorted), within 2 edits and
-- fewer than its length; case is ignored.
-- @tparam string name
-- @tparam {string,...} names the candidates
-- @treturn {string,...}
function mistakes.nearest(name, names)
  local best, out, low = math.min(2, #name - 1), {}, name:lower()
  local seen = {}
  for _, n in ipairs(names) do
    if type(n) == "string" and n ~= name and not seen[n] then
      seen[n] = true
      local d = mistakes.distance(low, n:lower())
      if d < best then best, out = d, { n }
      elseif d == best then out[#out + 1] = n end
    end
  end
  if best < 1 then  -- (only a case differs: those alone)
    local exact = {}
    for _, n in ipairs(out) do if n:lower() == low then exact[#exact + 1] = n end end
    out = exact
  end
  table.sort(out)
  for i = #out, 4, -1 do out[i] = nil end
  return out
end

--- "; did you mean a, b or c?" for the names nearest to `name`, or "".
-- @tparam string name
-- @tparam {string,...} names
-- @treturn string
function mistakes.hint(name, names)
  local near = mistakes.nearest(name, names)
  if #near == 0 then return "" end
  local last = table.remove(near)
  return "; did you mean " .. (#near > 0 and table.concat(near, ", ") .. " or " or "") .. last .. "?"
end

--- Whether errors show their traceback (`debug(true)` in the session).
-- @tparam[opt] boolean on
-- @treturn string what is now the case
function mistakes.debug(on)
  if on ~= nil then tracing = on and true or false end
  return tracing and "tracebacks on: errors show where they happened" or
    "tracebacks off: errors are one line (debug(true) shows where they happened)"
end

-- the string keys of table 't' (functions only with 'fns')
local function keys(t, fns, out)
  if type(t) ~= "table" then return out end
  for k, v in next, t do
    if type(k) == "string" and (not fns or type(v) == "function") then out[#out + 1] = k end
  end
  return out
end

-- the fields of the tables the session reaches: globals' tables and the
-- paa modules loaded
local function fields()
  local out = {}
  for _, v in next, _G do keys(v, false, out) end
  for name, m in next, package.loaded do
    if type(name) == "string" and name:match("^paa%.") then keys(m, false, out) end
  end
  return out
end

-- the methods of the objects the session holds: the metatables of its
-- globals' values, and the string methods
local function methods()
  local out = keys(string, true, {})
  for _, v in next, _G do
    local mt = debug.getmetatable(v)
    if type(mt) == "table" and type(rawget(mt, "__index")) == "table" then keys(rawget(mt, "__index"), true, out) end
  end
  return out
end

local NAMES = { global = "variable", field = "field", method = "method", upvalue = "variable", ["local"] = "variable" }

--- The one line said for an error of the session (or the whole traceback
-- after `debug(true)`).
-- @param msg the error (a string: its position `stdin:1:` is dropped)
-- @tparam[opt] string traceback the message with its traceback
-- @tparam[opt] table helpers name -> `{ call = "kwic(query [, opts])" }`
--   of the session's helpers
-- @treturn string
function mistakes.explain(msg, traceback, helpers)
  if tracing and traceback then return traceback end
  msg = tostring(msg)
  local body = msg:gsub("^stdin:%d+: ", "")
  local what, kind, name = body:match("^attempt to (%a+) a nil value %((%a+) '(.-)'%)$")
  if what then
    if name == "last" and kind == "global" then
      return "no result in last yet: kwic, search, words, keyness, collocations and run set it"
    end
    local noun = NAMES[kind] or kind
    if what == "call" and noun ~= "method" then noun = "function" end
    local names
    if kind == "method" then names = methods()
    elseif kind == "field" then names = fields()
    else names = keys(_G, false, {}) end
    return string.format("no %s '%s'%s", noun, name, mistakes.hint(name, names))
  end
  local helper = body:match("^([%a_]+): ")
  local h = helper and helpers and helpers[helper]
  if h and (body:find(": expected ") or body:find(" must be ") or body:find(": no option '")) then
    return body .. " (usage: " .. h.call .. "; help(\"" .. helper .. "\"))"
  end
  return msg
end

return mistakes
