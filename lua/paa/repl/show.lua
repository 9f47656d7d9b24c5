--- paa.repl.show: values of the interactive session for the screen.
-- `show(...)` renders the values of an evaluated line; the UTF-8 width
-- helpers and value names it uses serve the other parts of the session.
-- @module paa.repl.show

local show = {}

-- how much of a value `show` renders
local MAX_STRING = 2000    -- bytes of a top-level string
local MAX_NESTED = 120     -- bytes of a string inside a table
local MAX_DEPTH = 3        -- levels of nested tables
local MAX_ENTRIES = 20     -- entries of one table
local MAX_ROWS = 20        -- rows of a table of records
local MAX_COLUMNS = 8      -- columns of a table of records
local MAX_CELL = 40        -- characters of a cell
local WIDTH = 78           -- a one-line table, wrapped text

local function report() return require "paa.report" end

local function thousands(n) return report().thousands(n) end

-- the __name of a value's metatable ("paa.Corpus"), read without metamethods
local function type_name(v)
  local mt = debug.getmetatable(v)
  local name = type(mt) == "table" and rawget(mt, "__name")
  return type(name) == "string" and name or nil
end

-- UTF-8: a string is cut at whole characters (report.char_end)

local CHAR = "[%z\1-\127\192-\255][\128-\191]*"

local char_end = require("paa.report").char_end

-- number of characters (display columns, one per code point)
local function columns(s)
  local n = 0
  for _ in s:gmatch(CHAR) do n = n + 1 end
  return n
end

-- 's' padded with spaces to 'n' columns (on its left with 'right')
local function pad(s, n, right)
  local w = columns(s)
  if w >= n then return s end
  return right and string.rep(" ", n - w) .. s or s .. string.rep(" ", n - w)
end

--[[ ------------------------------------------------------------------
  show: values for the screen
------------------------------------------------------------------- ]]

local KEYWORDS = {}
for w in ([[and break do else elseif end false for function goto if in
  local nil not or repeat return then true until while]]):gmatch("%a+") do
  KEYWORDS[w] = true
end

local function is_name(k)
  return type(k) == "string" and k:match("^[%a_][%w_]*$") ~= nil and not KEYWORDS[k]
end

local function show_function(f)
  local info = debug.getinfo(f, "S")
  if not info or info.what == "C" then return "function: builtin" end
  return string.format("function (%s:%d)", info.short_src, info.linedefined)
end

-- a string inside a table: quoted as Lua would read it, clipped
local function quote(s)
  local more = 0
  if #s > MAX_NESTED then
    local k = char_end(s, MAX_NESTED)
    more, s = #s - k, s:sub(1, k)
  end
  local q = string.format("%q", s):gsub("\\\n", "\\n")
  if more > 0 then q = q .. "… (" .. thousands(more) .. " more bytes)" end
  return q
end

-- userdata, threads, tables with __tostring: their own word, never an error
local function show_other(v)
  local ok, s = pcall(tostring, v)
  if ok and type(s) == "string" then return s end
  return type_name(v) or type(v)
end

-- strings with their digit runs compared as numbers: "k2" before "k10"
local function natural_less(a, b)
  local i, j = 1, 1
  while i <= #a and j <= #b do
    local da, ea = a:match("^0*(%d+)()", i)
    local db, eb = b:match("^0*(%d+)()", j)
    if da and db then
      if #da ~= #db then return #da < #db end
      if da ~= db then return da < db end
      i, j = ea, eb
    else
      local ca, cb = a:sub(i, i), b:sub(j, j)
      if ca ~= cb then return ca < cb end
      i, j = i + 1, j + 1
    end
  end
  if (#a - i) ~= (#b - j) then return (#a - i) < (#b - j) end
  return a < b
end

-- order of keys: numbers ascending, then strings, booleans, then the rest
local KEY_RANK = { number = 1, string = 2, boolean = 3 }
local function key_less(a, b)
  local ta, tb = type(a), type(b)
  local ra, rb = KEY_RANK[ta] or 4, KEY_RANK[tb] or 4
  if ra ~= rb then return ra < rb end
  if ta == "number" then return a < b end
  if ta == "string" then return natural_less(a, b) end
  if ta == "boolean" then return not a and b end
  if ta ~= tb then return ta < tb end
  return tostring(a) < tostring(b)
end

local render  -- forward

-- the entries of table 't' as strings "key = value", sorted, at most MAX_ENTRIES
local function entries(t, depth, seen, indent)
  local n = 0
  while rawget(t, n + 1) ~= nil do n = n + 1 end
  local keys = {}
  for k in next, t do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
  end
  table.sort(keys, key_less)
  local out, total = {}, n + #keys
  local shown = math.min(total, MAX_ENTRIES)
  for i = 1, math.min(n, shown) do
    out[#out + 1] = render(rawget(t, i), depth + 1, seen, indent)
  end
  for i = 1, shown - #out do
    local k = keys[i]
    local ks
    if is_name(k) then ks = k
    elseif type(k) == "string" then ks = "[" .. quote(k) .. "]"
    elseif type(k) == "table" then ks = "[table]"
    else ks = "[" .. render(k, MAX_DEPTH + 1, seen, indent) .. "]" end
    out[#out + 1] = ks .. " = " .. render(rawget(t, k), depth + 1, seen, indent)
  end
  if total > shown then out[#out + 1] = "… " .. thousands(total - shown) .. " more" end
  return out
end

local function render_table(t, depth, seen, indent)
  local mt = debug.getmetatable(t)
  if type(mt) == "table" and rawget(mt, "__tostring") then return show_other(t) end
  if next(t) == nil then return "{}" end
  if seen[t] then return "<cycle>" end
  if depth > MAX_DEPTH then return "{…}" end
  seen[t] = true
  local items = entries(t, depth, seen, indent .. "  ")
  seen[t] = nil
  local one = "{ " .. table.concat(items, ", ") .. " }"
  if not one:find("\n", 1, true) and #indent + columns(one) <= WIDTH then return one end
  local lines = { "{" }
  for _, s in ipairs(items) do
    lines[#lines + 1] = indent .. "  " .. s .. (s:sub(1, 3) == "…" and "" or ",")
  end
  lines[#lines + 1] = indent .. "}"
  return table.concat(lines, "\n")
end

function render(v, depth, seen, indent)
  local tv = type(v)
  if tv == "string" then return quote(v) end
  if tv == "nil" or tv == "boolean" or tv == "number" then return tostring(v) end
  if tv == "function" then return show_function(v) end
  if tv == "table" then return render_table(v, depth, seen, indent) end
  return show_other(v)
end

local function is_scalar(v)
  local t = type(v)
  return t == "string" or t == "number" or t == "boolean"
end

-- columns that come first when a record has them, in this order
local PRIORITY = { "rank", "id", "name", "source", "date", "title", "theme", "term",
                   "words", "matches", "count", "score" }
local PRIORITY_RANK = {}
for i, k in ipairs(PRIORITY) do PRIORITY_RANK[k] = i end

-- the scalar fields of record 'r' in display order: known ones first, then by name
local function record_fields(r)
  local keys = {}
  for k, v in next, r do
    if type(k) == "string" and is_scalar(v) then keys[#keys + 1] = k end
  end
  table.sort(keys, function(a, b)
    local ra, rb = PRIORITY_RANK[a] or #PRIORITY + 1, PRIORITY_RANK[b] or #PRIORITY + 1
    if ra ~= rb then return ra < rb end
    return natural_less(a, b)
  end)
  return keys
end

-- 't' is an array (1..n only) of plain tables that each have a scalar
-- string-keyed field: rows of a table
local function is_records(t)
  local n = 0
  while rawget(t, n + 1) ~= nil do n = n + 1 end
  if n == 0 then return false end
  local count = 0
  for _ in next, t do
    count = count + 1
    if count > n then return false end
  end
  for i = 1, n do
    local r = rawget(t, i)
    if type(r) ~= "table" then return false end
    local mt = debug.getmetatable(r)
    if type(mt) == "table" and rawget(mt, "__tostring") then return false end
    local found = false
    for k, v in next, r do
      if type(k) == "string" and is_scalar(v) then found = true break end
    end
    if not found then return false end
  end
  return true, n
end

local function cell_text(v, key)
  if math.type(v) == "float" then
    if v ~= v or v == math.huge or v == -math.huge then return tostring(v) end
    if v == math.floor(v) and math.abs(v) < 1e15 then return string.format("%.1f", v) end
    if math.abs(v) >= 1e4 then return string.format("%.1f", v) end
    return string.format("%.4g", v)
  end
  if type(v) == "string" then return report().clip(v, MAX_CELL, key == "id" or key == "path") end
  return tostring(v)
end

local function render_records(t, n)
  local cols, have, extra = {}, {}, {}
  local rows = math.min(n, MAX_ROWS)
  for i = 1, rows do
    for _, k in ipairs(record_fields(rawget(t, i))) do
      if not have[k] then
        have[k] = true
        if #cols < MAX_COLUMNS then cols[#cols + 1] = k else extra[#extra + 1] = k end
      end
    end
  end
  local spec, list = {}, {}
  for c, k in ipairs(cols) do
    local numeric = true
    for i = 1, rows do
      local v = rawget(rawget(t, i), k)
      if v ~= nil and type(v) ~= "number" then numeric = false break end
    end
    spec[c] = { key = k, title = k, align = numeric and "right" or "left",
                format = function(v) return cell_text(v, k) end }
  end
  for i = 1, rows do list[i] = rawget(t, i) end
  local out = report().table{ columns = spec, rows = list }
  local notes = {}
  if n > rows then notes[#notes + 1] = "… " .. thousands(n - rows) .. " more rows" end
  if #extra > 0 then notes[#notes + 1] = "… more fields: " .. table.concat(extra, ", ") end
  out = out:gsub("\n$", "")
  if #notes > 0 then out = out .. "\n" .. table.concat(notes, "; ") end
  return out
end

-- one value at the top level
local function show_one(v)
  if type(v) == "string" then
    if #v <= MAX_STRING then return v end
    local k = char_end(v, MAX_STRING)
    return v:sub(1, k) .. "… (" .. thousands(#v - k) .. " more bytes)"
  end
  if type(v) == "table" then
    local mt = debug.getmetatable(v)
    if not (type(mt) == "table" and rawget(mt, "__tostring")) then
      local ok, n = is_records(v)
      if ok then return render_records(v, n) end
    end
  end
  return render(v, 1, {}, "")
end

--- Render the values of an evaluated line for the screen.
-- Strings come raw (cut after 2,000 bytes), numbers, booleans and nil as
-- Lua prints them, tables nested and sorted by key (3 levels, 20 entries
-- each; strings inside quoted), arrays of records as an aligned table,
-- functions as `function: builtin` or `function (file:line)`, userdata by
-- `tostring`. Several values are separated by tabs, or by line breaks
-- when one of them takes several lines.
-- @param ... the values
-- @treturn string the text to print ("" for no values); never raises
function show.show(...)
  local n = select("#", ...)
  if n == 0 then return "" end
  local parts, multi = {}, false
  for i = 1, n do
    local v = select(i, ...)
    local ok, s = pcall(show_one, v)
    if not ok then s = type(v) .. " (cannot show: " .. tostring(s) .. ")" end
    parts[i] = s
    if s:find("\n", 1, true) then multi = true end
  end
  return table.concat(parts, multi and "\n" or "\t")
end

show.type_name, show.columns, show.pad = type_name, columns, pad
show.is_name, show.KEYWORDS, show.show_function, show.show_other = is_name, KEYWORDS, show_function, show_other
show.WIDTH = WIDTH

return show
