--- paa.repl.complete: the names that complete a word, for readline.
-- @module paa.repl.complete

local show = require "paa.repl.show"

local complete = {}

local is_name, KEYWORDS = show.is_name, show.KEYWORDS

-- the field 'k' of 'v' as a plain read: rawget, then __index tables
local function lookup(v, k)
  for _ = 1, 32 do
    if type(v) == "table" then
      local x = rawget(v, k)
      if x ~= nil then return x end
    end
    local mt = debug.getmetatable(v)
    local idx = type(mt) == "table" and rawget(mt, "__index") or nil
    if type(idx) ~= "table" then return nil end
    v = idx
  end
end

-- the names reachable in 'v' (own fields, then __index tables); with
-- 'methods', only functions
local function names_of(v, methods, out)
  for _ = 1, 32 do
    if type(v) == "table" then
      for k, x in next, v do
        if is_name(k) and (not methods or type(x) == "function") then out[k] = true end
      end
    end
    local mt = debug.getmetatable(v)
    local idx = type(mt) == "table" and rawget(mt, "__index") or nil
    if type(idx) ~= "table" then break end
    v = idx
  end
  -- a module table: its submodules loaded or preloaded (paa.report before use)
  if type(v) == "table" and not methods then
    local loaded = rawget(package, "loaded")
    for name, m in next, loaded do
      if m == v then
        local prefix = name .. "."
        for _, t in ipairs { loaded, rawget(package, "preload") } do
          for sub in next, t do
            if type(sub) == "string" and sub:sub(1, #prefix) == prefix and is_name(sub:sub(#prefix + 1)) then
              out[sub:sub(#prefix + 1)] = true
            end
          end
        end
      end
    end
  end
  return out
end

-- the candidates for the expression at the end of 's' (full strings)
local function candidates(s)
  local lead, expr = s:match("^(.-)([%w_%.:]*)$")
  local found, head, prefix = {}
  if expr == "" or expr:find("^[%.:]") then
    -- a method of a string literal: ("x"):up, "x":up, [[x]]:up
    local sep, name = expr:match("^([%.:])([%w_]*)$")
    if sep ~= ":" or not (lead:find("[\"']%)?$") or lead:find("%]%]%)?$")) then return {} end
    head, prefix = lead .. ":", name
    names_of("", true, found)
  else
    local path, sep, name = expr:match("^(.*)([%.:])([%w_]*)$")
    if not path then  -- a global or a keyword
      head, prefix = lead, expr
      names_of(_G, false, found)
      for k in pairs(KEYWORDS) do found[k] = true end
    else
      local v = _G
      for part in (path .. "."):gmatch("(.-)%.") do
        if not part:match("^[%a_][%w_]*$") then return {} end
        v = lookup(v, part)
        if v == nil then return {} end
      end
      if sep == ":" and type(v) ~= "table" and type(v) ~= "userdata" and type(v) ~= "string" then
        return {}
      end
      if sep == "." and type(v) ~= "table" and type(v) ~= "userdata" then return {} end
      head, prefix = lead .. path .. sep, name
      names_of(v, sep == ":", found)
    end
  end
  local out = {}
  for k in pairs(found) do
    if k:sub(1, #prefix) == prefix then out[#out + 1] = head .. k end
  end
  table.sort(out)
  return out
end

--- The words that complete `text`, for readline.
-- `text` is the word being completed (`paa.te`, `corpus:do`, `cor`);
-- `line` the line up to the cursor (it ends with `text`), which gives
-- the context when readline cut the word at `.`, `:` or `(`. Globals and
-- keywords, fields of tables (`a.b.c` walks tables), methods after `:`
-- (through `__index` tables, strings through the string library). Only
-- reads: never calls a function or a metamethod.
-- @tparam string text
-- @tparam[opt] string line
-- @treturn {string,...} full candidate words, sorted; `{}` on any problem
function complete.complete(text, line)
  local ok, res = pcall(function()
    text = type(text) == "string" and text or ""
    local before = ""
    if type(line) == "string" and #line >= #text and line:sub(#line - #text + 1) == text then
      before = line:sub(1, #line - #text)
    end
    local out, seen = {}, {}
    for _, c in ipairs(candidates(before .. text)) do
      if c:sub(1, #before) == before then
        local w = c:sub(#before + 1)
        if not seen[w] then seen[w] = true; out[#out + 1] = w end
      end
    end
    return out
  end)
  return ok and res or {}
end

complete.lookup = lookup

return complete
