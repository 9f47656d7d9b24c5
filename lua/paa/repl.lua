--- paa.repl: the Lua side of paa's interactive session.
-- The host (`src/main.c`) reads lines with readline and evaluates them;
-- this module sets the session up and says how values look:
--
-- - `repl.start(paths)` sets the session's globals (`paa`, `corpus`, the
--   helpers `help`, `kwic`, `search`, `show`, `run`) and returns the
--   banner;
-- - `repl.show(...)` renders the values of an expression for the screen;
-- - `repl.complete(text, line)` lists the names that complete a word.
--
-- Everything the helpers print goes to standard output; misuse raises.
-- @module paa.repl

local repl = {}

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

--[[ UTF-8 helpers: texts from a corpus are valid UTF-8, but a slice cut
at a byte offset may start or end inside a character. ]]

local CHAR = "[%z\1-\127\192-\255][\128-\191]*"

-- 'k' moved back to the last byte of a whole character: s:sub(1, k) is clean
local function char_end(s, k)
  if k >= #s then return #s end
  while k > 0 do
    local b = s:byte(k + 1)
    if b < 0x80 or b >= 0xC0 then break end
    k = k - 1
  end
  return k
end

-- 'k' moved back to the first byte of its character
local function char_start(s, k)
  while k > 1 do
    local b = s:byte(k)
    if b < 0x80 or b >= 0xC0 then break end
    k = k - 1
  end
  return k
end

-- number of characters (display columns, one per code point)
local function columns(s)
  local n = 0
  for _ in s:gmatch(CHAR) do n = n + 1 end
  return n
end

-- first 'n' characters of 's', and whether some were cut
local function head_chars(s, n)
  local i = 0
  for p in s:gmatch("()" .. CHAR) do
    i = i + 1
    if i > n then return s:sub(1, p - 1), true end
  end
  return s, false
end

-- last 'n' characters of 's', and whether some were cut
local function tail_chars(s, n)
  local starts = {}
  for p in s:gmatch("()" .. CHAR) do starts[#starts + 1] = p end
  if #starts <= n then return s, false end
  return s:sub(starts[#starts - n + 1]), true
end

local function pad(s, n)
  local w = columns(s)
  return w < n and s .. string.rep(" ", n - w) or s
end

local function lpad(s, n)
  local w = columns(s)
  return w < n and string.rep(" ", n - w) .. s or s
end

-- white space runs (line breaks included) made one space
local function flat(s)
  return (s:gsub("%s+", " "))
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

local function cell_text(v, row, key)
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
                format = function(v, row) return cell_text(v, row, k) end }
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
function repl.show(...)
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

--[[ ------------------------------------------------------------------
  complete: names for readline
------------------------------------------------------------------- ]]

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
  local found, head, prefix = {}, nil, nil
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
function repl.complete(text, line)
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

--[[ ------------------------------------------------------------------
  documentation: docs/api.md
------------------------------------------------------------------- ]]

-- the folder holding paa/repl.lua
local function lib_dir()
  local src = debug.getinfo(1, "S").source
  local dir = src:match("^@(.*)/paa/repl%.lua$")
  if dir then return dir end
  local path = package.searchpath("paa.repl", package.path)
  return path and path:match("^(.*)/paa/repl%.lua$") or nil
end

-- places of a file of the checkout ('rel' under the source tree) or
-- of the installation ('inst' under <prefix>/share)
local function places(rel, inst)
  local lib, out = lib_dir(), {}
  if lib then
    out[#out + 1] = lib .. "/../" .. rel                -- build tree: build/lua -> lua/
    out[#out + 1] = lib .. "/../../" .. inst            -- <prefix>/share/lua/5.4
  end
  return out
end

local api_cache
-- the lines of docs/api.md and its headings, or nil and the places tried
local function api()
  if api_cache then return api_cache end
  local tried = places("docs/api.md", "doc/paa/api.md")
  for _, p in ipairs(tried) do
    local f = io.open(p, "rb")
    if f then
      local text = f:read("a")
      f:close()
      local lines, heads = {}, {}
      for l in (text .. "\n"):gmatch("(.-)\r?\n") do
        lines[#lines + 1] = l
        local hashes, title = l:match("^(#+)%s+(.-)%s*$")
        if hashes then
          title = title:gsub("%s*{#[^}]*}$", "")
          heads[#heads + 1] = { level = #hashes, title = title, line = #lines }
        end
      end
      api_cache = { lines = lines, heads = heads, path = p }
      return api_cache
    end
  end
  return nil, tried
end

local function escape(s) return (s:gsub("%p", "%%%0")) end

-- does heading 'title' name 'name': at its start ('start'), anywhere, or
-- as the end of a dotted name ('suffix')?
local function names(title, name, how)
  local e = escape(name)
  if how == "exact" then return title == name end
  if how == "start" then
    return title:find("^" .. e .. "[%s(,]") ~= nil or title == name
  end
  local pre = how == "suffix" and "[%w_][%.:]" or "^"
  for a, b in title:gmatch("()" .. e .. "()") do
    local before, after = title:sub(a - 1, a - 1), title:sub(b, b)
    local ok_before
    if how == "suffix" then ok_before = a > 2 and (title:sub(a - 2, a - 1)):find(pre) ~= nil
    else ok_before = a == 1 or before:find("[%s,(]") ~= nil end
    if ok_before and (after == "" or after:find("[%s(,]")) then return true end
  end
  return false
end

-- the heading for 'name', trying "paa.text.words" then "text.words"
local function find_heading(doc, name)
  local variants = { name }
  if name:sub(1, 4) == "paa." and name:find("%.", 5) then variants[2] = name:sub(5) end
  for _, how in ipairs { "exact", "start", "any", "suffix" } do
    for _, n in ipairs(variants) do
      for i, h in ipairs(doc.heads) do
        if names(h.title, n, how) then return i end
      end
    end
  end
end

-- the text of heading 'i' up to the next heading, trimmed of blank lines
local function section_text(doc, i)
  local h, stop = doc.heads[i], #doc.lines
  if doc.heads[i + 1] then stop = doc.heads[i + 1].line - 1 end
  local out = { string.rep("#", h.level) .. " " .. h.title }
  for l = h.line + 1, stop do out[#out + 1] = doc.lines[l] end
  while #out > 1 and out[#out]:match("^%s*$") do out[#out] = nil end
  return table.concat(out, "\n")
end

-- a module's section: its introduction, then the headings under it
local function module_text(doc, i)
  local out, h = { section_text(doc, i) }, doc.heads[i]
  local subs = {}
  for j = i + 1, #doc.heads do
    local s = doc.heads[j]
    if s.level <= h.level then break end
    subs[#subs + 1] = string.rep("  ", s.level - h.level - 1) .. "  " .. s.title
  end
  if #subs > 0 then
    out[#out + 1] = "\nIn this module (help(\"name\") for one):\n" .. table.concat(subs, "\n")
  end
  return table.concat(out, "\n")
end

-- names of the variables the docs use for the methods of each type
local METHOD_VAR = { ["paa.Corpus"] = "corpus", ["paa.Lexicon"] = "lex", ["paa.LSH"] = "idx",
                     ["paa.Boilerplate"] = "bp", ["paa.MinHash"] = "sig", ["paa.Store"] = "db",
                     ["paa.Stmt"] = "stmt" }

local function method_var(tname)
  return METHOD_VAR[tname] or tname:gsub("^paa%.", ""):lower()
end

local function sorted_keys(t)
  local keys = {}
  for k in next, t do
    if type(k) == "string" then keys[#keys + 1] = k end
  end
  table.sort(keys)
  return keys
end

local HELPERS = {}     -- name -> function of the session helpers (set below)
local HELPER_DOC = {}  -- name -> text

-- the documented name of value 'v' (a function or module), and whether it is a module
local function name_of(v)
  for name, f in pairs(HELPERS) do
    if f == v then return name end
  end
  local loaded = package.loaded
  if v == loaded.paa then return "paa", true end
  for _, name in ipairs(sorted_keys(loaded)) do
    if name:match("^paa%.") and loaded[name] == v then return name, true end
  end
  local paa = loaded.paa
  if type(paa) == "table" then
    for _, k in ipairs(sorted_keys(paa)) do
      if rawget(paa, k) == v then return "paa." .. k end
    end
  end
  for _, name in ipairs(sorted_keys(loaded)) do
    local m = loaded[name]
    if name:match("^paa%.") and type(m) == "table" then
      for _, k in ipairs(sorted_keys(m)) do
        if rawget(m, k) == v then return name .. "." .. k end
      end
    end
  end
  local reg = debug.getregistry()
  for _, tname in ipairs(sorted_keys(reg)) do
    local mt = reg[tname]
    if tname:match("^paa%.%u") and type(mt) == "table" then
      local idx = rawget(mt, "__index")
      if type(idx) == "table" then
        for _, k in ipairs(sorted_keys(idx)) do
          if rawget(idx, k) == v then return method_var(tname) .. ":" .. k end
        end
      end
    end
  end
end

local function help_page()
  local mods = {}
  local doc = api()
  if doc then
    for _, h in ipairs(doc.heads) do
      if h.level == 2 and h.title:match("^paa[%.%w_]*$") then mods[#mods + 1] = h.title end
    end
  end
  if #mods == 0 then
    mods = { "paa", "paa.corpus", "paa.text", "paa.lexicon", "paa.dedup", "paa.themes",
             "paa.money", "paa.dates", "paa.deals", "paa.report" }
  end
  local lines = {
    "paa " .. tostring(rawget(package.loaded.paa or {}, "version") or "") ..
      " — Lua " .. _VERSION:gsub("^Lua ", "") .. " with the paa library. Type a statement or",
    "an expression (its value is shown). Tab completes names; Ctrl-C stops a",
    "running command; Ctrl-D leaves.",
    "",
    "  corpus                  the corpus named on the command line; open another",
    "                          with corpus = paa.open(\"folder/\")",
  }
  for _, name in ipairs { "help", "kwic", "search", "show", "run" } do
    local d = HELPER_DOC[name]
    lines[#lines + 1] = "  " .. pad(d.call, 24) .. d.short
  end
  lines[#lines + 1] = ""
  lines[#lines + 1] = "Modules (help(paa.text), help(\"corpus:docs\"), help(paa.text.words)):"
  local row = "  "
  for i, m in ipairs(mods) do
    local word = m .. (i < #mods and ", " or "")
    if columns(row) + columns(word) > WIDTH then
      lines[#lines + 1] = row:gsub("%s+$", "")
      row = "  "
    end
    row = row .. word
  end
  lines[#lines + 1] = row
  return table.concat(lines, "\n")
end

-- the documentation of 'x' (nil, a name, a function, a module, a paa object)
local function help_text(x)
  if x == nil then return help_page() end
  local name, is_module
  if type(x) == "string" then
    name = x:gsub("^%s+", ""):gsub("%s*%(.*$", "")
    if HELPER_DOC[name] then return HELPER_DOC[name].text end
    local v = _G
    for part in (name .. "."):gmatch("(.-)%.") do
      v = part:match("^[%a_][%w_]*$") and lookup(v, part) or nil
      if v == nil then break end
    end
    if type(v) == "table" and v ~= _G then
      local n, m = name_of(v)
      if m then name, is_module = n, true end
    end
  elseif type(x) == "function" or type(x) == "table" then
    name, is_module = name_of(x)
    if not name then
      return "no documentation for this " .. type(x) ..
        (type(x) == "function" and " (" .. show_function(x) .. ")" or "")
    end
    if HELPER_DOC[name] then return HELPER_DOC[name].text end
  elseif type(x) == "userdata" then
    local tname = type_name(x)
    if not tname then return "no documentation for " .. show_other(x) end
    local doc, tried = api()
    if not doc then return "docs/api.md not found (looked in " .. table.concat(tried, ", ") .. ")" end
    local var, subs = method_var(tname), {}
    for _, h in ipairs(doc.heads) do
      if h.title:find("^" .. escape(var) .. ":") then subs[#subs + 1] = "  " .. h.title end
    end
    if #subs == 0 then return show_other(x) .. ": no documented methods" end
    return show_other(x) .. " — methods (help(\"" .. var .. ":name\") for one):\n" ..
      table.concat(subs, "\n")
  else
    error("help: expected a name, a function or a module, got " .. type(x), 3)
  end
  local doc, tried = api()
  if not doc then return "docs/api.md not found (looked in " .. table.concat(tried, ", ") .. ")" end
  local i = find_heading(doc, name)
  if not i then return "no documentation for '" .. name .. "' in " .. doc.path end
  if is_module or doc.heads[i].level <= 2 then return module_text(doc, i) end
  return section_text(doc, i)
end

--[[ ------------------------------------------------------------------
  helpers of the session
------------------------------------------------------------------- ]]

local function check_opts(opts, who)
  if opts == nil then return {} end
  if type(opts) ~= "table" then error(who .. ": options must be a table, got " .. type(opts), 3) end
  return opts
end

-- the corpus a helper reads: opts.corpus or the session's global 'corpus'
local function session_corpus(opts, who)
  local c = opts.corpus
  if c == nil then c = rawget(_G, "corpus") end
  if c == nil then
    error(who .. ": no corpus; open one first: corpus = paa.open(\"folder/\")", 3)
  end
  if type_name(c) ~= "paa.Corpus" then
    error(who .. ": corpus must be a paa.Corpus, got " .. (type_name(c) or type(c)), 3)
  end
  return c
end

local function check_int(v, default, min, what, who)
  if v == nil then return default end
  if math.type(v) ~= "integer" or v < min then
    error(string.format("%s: %s must be an integer >= %d", who, what, min), 3)
  end
  return v
end

-- a lexicon from a term, an array of terms or a paa.Lexicon
local function to_lexicon(x, who)
  if type_name(x) == "paa.Lexicon" then return x end
  local lexicon = require "paa.lexicon"
  if type(x) == "string" then x = { x } end
  if type(x) ~= "table" then
    error(who .. ": expected a term, an array of terms or a paa.Lexicon, got " .. type(x), 3)
  end
  local ok, lex = pcall(lexicon.new, { t = x })
  if not ok then error(who .. ": " .. tostring(lex):gsub("^paa%.lexicon: theme 't', ", ""), 3) end
  return lex
end

-- "…left «match» right…" around bytes a..b of 'text', 'width' characters a side
local function context(text, a, b, width)
  local from = char_start(text, math.max(1, a - width * 6))
  local left, cut = tail_chars(flat(text:sub(from, a - 1)), width)
  if cut or from > 1 then left = "…" .. select(1, tail_chars(left, width - 1)) end
  local to = char_end(text, b + width * 6)
  local right, rcut = head_chars(flat(text:sub(b + 1, to)), width)
  if rcut or to < #text then right = select(1, head_chars(right, width - 1)) .. "…" end
  return lpad(left, width) .. "«" .. flat(text:sub(a, b)) .. "»" .. right
end

local ID_WIDTH = 40

local function clip_id(id)
  return report().clip(id, ID_WIDTH, true)
end

--- Keyword-in-context lines over the session's corpus.
-- @param what a term (phrases and `prefix*` wildcards work), an array of
--   terms, or a `paa.Lexicon` (all its themes count)
-- @tparam[opt] table opts `width` (characters of context a side, 40),
--   `limit` (lines printed, 20), `source` (only this source), `corpus`
--   (instead of the global `corpus`)
-- @treturn integer the number of matches (all of them, also those not printed)
local function kwic(what, opts)
  opts = check_opts(opts, "kwic")
  local c = session_corpus(opts, "kwic")
  local width = check_int(opts.width, 40, 5, "width", "kwic")
  local limit = check_int(opts.limit, 20, 0, "limit", "kwic")
  local source = opts.source
  if source ~= nil and type(source) ~= "string" then error("kwic: source must be a string", 2) end
  local lex = to_lexicon(what, "kwic")
  local rows, total, idw = {}, 0, 0
  for doc in c:docs{ clean = true } do
    if source == nil or doc.source == source then
      for _, _, a, b in lex:matches(doc.text) do
        total = total + 1
        if #rows < limit then
          local id = clip_id(doc.id)
          if columns(id) > idw then idw = columns(id) end
          rows[#rows + 1] = { id, context(doc.text, a, b, width) }
        end
      end
    end
  end
  local out = {}
  for i, r in ipairs(rows) do out[i] = pad(r[1], idw) .. "  " .. r[2] .. "\n" end
  if total == 0 then
    out[#out + 1] = "no matches\n"
  elseif total > #rows then
    out[#out + 1] = string.format("… %s more (of %s; kwic(x, { limit = %d }) shows more)\n",
      thousands(total - #rows), report().plural(total, "match"), math.max(limit * 5, 100))
  end
  io.write(table.concat(out))
  return total
end

-- the terms of a query: words, "quoted phrases", OR between alternatives,
-- -term or -"phrase" to leave out documents
local function parse_query(q)
  local groups, nots, either = {}, {}, false
  local i = 1
  while i <= #q do
    local s = q:find("%S", i)
    if not s then break end
    local neg = false
    if q:sub(s, s) == "-" and q:sub(s + 1, s + 1):find("%S") then neg, s = true, s + 1 end
    local term, quoted
    if q:sub(s, s) == '"' then
      local e = q:find('"', s + 1, true) or #q + 1
      term, quoted, i = q:sub(s + 1, e - 1), true, e + 1
    else
      local e = q:find("%s", s) or #q + 1
      term, i = q:sub(s, e - 1), e
    end
    term = term:gsub("^%s+", ""):gsub("%s+$", "")
    if term == "OR" and not quoted and not neg then
      either = true
    elseif term ~= "" then
      if neg then nots[#nots + 1] = term
      elseif either and #groups > 0 then table.insert(groups[#groups], term)
      else groups[#groups + 1] = { term } end
      either = false
    end
  end
  return groups, nots
end

-- terms made unique as the lexicon compares them
local function unique_terms(list)
  local fold, seen, out = require("paa.text").fold, {}, {}
  for _, t in ipairs(list) do
    local k = fold(t)
    if not seen[k] then seen[k] = true; out[#out + 1] = t end
  end
  return out
end

--- Documents ranked by how often they match a query.
-- A ranked scan (until paa.store brings full-text search): every term
-- group must match, documents rank by matches per 1,000 words of clean
-- text.
-- @tparam string query words, "quoted phrases", `a OR b`, `-word`;
--   `prefix*` wildcards as in lexicons
-- @tparam[opt] table opts `limit` (hits printed, 10), `source`, `corpus`
-- @treturn table the hits, best first: `{ rank, id, source, date, title,
--   score, matches }`
local function search(query, opts)
  if type(query) ~= "string" then error("search: expected a query string, got " .. type(query), 2) end
  opts = check_opts(opts, "search")
  local c = session_corpus(opts, "search")
  local limit = check_int(opts.limit, 10, 0, "limit", "search")
  local source = opts.source
  if source ~= nil and type(source) ~= "string" then error("search: source must be a string", 2) end
  local groups, nots = parse_query(query)
  if #groups == 0 then error("search: the query has no terms to look for", 2) end
  local themes = {}
  for g, terms in ipairs(groups) do
    themes[g] = unique_terms(terms)
    themes[g].name = "g" .. g
  end
  if #nots > 0 then
    local t = unique_terms(nots)
    t.name = "not"
    themes[#themes + 1] = t
  end
  local ok, lex = pcall(require("paa.lexicon").new, themes)
  if not ok then error("search: " .. tostring(lex):gsub("^paa%.lexicon: theme '[^']*', ", ""), 2) end
  local hits = {}
  for doc in c:docs{ clean = true } do
    if source == nil or doc.source == source then
      local counts, words = lex:count(doc.text)
      local all, n = true, 0
      for g = 1, #groups do
        local k = counts["g" .. g]
        if k == 0 then all = false break end
        n = n + k
      end
      if all and (counts["not"] or 0) == 0 then
        -- the snippet shows the first match of the rarest group
        local rare, snippet = "g1", nil
        for g = 2, #groups do
          if counts["g" .. g] < counts[rare] then rare = "g" .. g end
        end
        for theme, _, a, b in lex:matches(doc.text) do
          if theme == rare then snippet = context(doc.text, a, b, 30) break end
        end
        local score = n * 1000 / math.max(words, 1)
        hits[#hits + 1] = { id = doc.id, source = doc.source, date = doc.date, title = doc.title,
                            score = math.floor(score * 100 + 0.5) / 100, matches = n,
                            exact = score, snippet = snippet }
      end
    end
  end
  table.sort(hits, function(a, b)
    if a.exact ~= b.exact then return a.exact > b.exact end
    if a.matches ~= b.matches then return a.matches > b.matches end
    return a.id < b.id
  end)
  local out = {}
  for r, h in ipairs(hits) do
    h.rank = r
    if r <= limit then
      out[#out + 1] = string.format("%2d  %s  %s  %s  %s per 1,000 words\n    %s\n    %s\n", r,
        clip_id(h.id), h.source, h.date or "(undated)", cell_text(h.score),
        report().clip(h.title ~= "" and h.title or "(no title)", WIDTH - 4), h.snippet or "")
    end
    h.exact, h.snippet = nil, nil
  end
  out[#out + 1] = (#hits == 0 and "no documents match" or
    report().plural(#hits, "document") .. (#hits == 1 and " matches" or " match")) ..
    (#hits > limit and string.format(" (%d shown)", limit) or "") .. "\n"
  io.write(table.concat(out))
  return hits
end

-- 'text' wrapped to 'width' columns, line by line (paragraphs and list
-- items keep their line breaks)
local function wrap(text, width)
  local out = {}
  for line in (text .. "\n"):gmatch("(.-)\n") do
    if line:match("^%s*$") then
      if #out > 0 and out[#out] ~= "" then out[#out + 1] = "" end
    elseif columns(line) <= width then
      out[#out + 1] = line
    else
      local cur, w = "", 0
      for word in line:gmatch("%S+") do
        local n = columns(word)
        if w > 0 and w + 1 + n > width then
          out[#out + 1] = cur
          cur, w = word, n
        else
          cur, w = (w > 0 and cur .. " " or "") .. word, w + (w > 0 and 1 or 0) + n
        end
      end
      out[#out + 1] = cur
    end
  end
  while #out > 0 and out[#out] == "" do out[#out] = nil end
  return table.concat(out, "\n")
end

-- the clean document 'id' of corpus 'c' (exactly, else the one id that
-- contains it), or nil and a message
local function find_doc(c, id)
  local partial = {}
  for doc in c:docs{ clean = true } do
    if doc.id == id then return doc end
    if doc.id:find(id, 1, true) then partial[#partial + 1] = doc end
  end
  if #partial == 1 then return partial[1] end
  if #partial == 0 then return nil, "no document '" .. id .. "' in the corpus" end
  local ids = {}
  for i = 1, math.min(#partial, 5) do ids[i] = partial[i].id end
  return nil, string.format("'%s' is in %d document ids: %s%s", id, #partial,
    table.concat(ids, ", "), #partial > 5 and ", ..." or "")
end

--- Print one document: its metadata, its clean text wrapped to 78
-- columns, then the boilerplate lines removed.
-- @param doc a document table, a hit of `search` or an id (or a part of
--   one that names one document)
local function show_doc(doc, opts)
  opts = check_opts(opts, "show")
  if type(doc) == "string" then
    local d, err = find_doc(session_corpus(opts, "show"), doc)
    if not d then error("show: " .. err, 2) end
    doc = d
  elseif type(doc) == "table" and type(doc.id) == "string" then
    if doc.boilerplate == nil then
      local c = opts.corpus or rawget(_G, "corpus")
      local d = type_name(c) == "paa.Corpus" and find_doc(c, doc.id)
      if d and d.id == doc.id then doc = d end
    end
    if type(doc.text) ~= "string" then error("show: no text for document '" .. doc.id .. "'", 2) end
  else
    error("show: expected a document or its id, got " .. type(doc), 2)
  end
  local out = {}
  local function field(k, v) if v ~= nil and v ~= "" then out[#out + 1] = pad(k .. ":", 8) .. tostring(v) end end
  field("id", doc.id)
  field("source", doc.source)
  field("date", doc.date)
  field("title", doc.title)
  field("words", doc.words and thousands(doc.words) .. (doc.boilerplate and " (without boilerplate)" or ""))
  field("url", doc.url)
  out[#out + 1] = ""
  out[#out + 1] = wrap(doc.text, WIDTH)
  local bp = doc.boilerplate
  if type(bp) == "table" and #bp > 0 then
    out[#out + 1] = ""
    out[#out + 1] = "boilerplate removed (" .. report().plural(#bp, "line") .. "):"
    for _, r in ipairs(bp) do
      out[#out + 1] = "  " .. pad(tostring(r.rule), 9) .. report().clip(tostring(r.text), WIDTH - 11)
    end
  end
  io.write(table.concat(out, "\n"), "\n")
end

-- the path of script 'name', or nil and the places tried: the one
-- script search path, paa.script's
local function find_script(name)
  return require("paa.script").find(name)
end

local EXIT = setmetatable({}, { __tostring = function() return "paa.repl: os.exit" end })

--- Run a report script in the session, with `arg` set to the arguments.
-- `os.exit` (and so `paa.fail` and `--help`) ends the script, not the
-- session.
-- @tparam string script a path, or a name on the script search path
--   (`paa.script.search_path`)
-- @param ... its arguments (strings)
-- @return the script's own results, or its exit status when it called
--   `os.exit` (0 for success)
local function run(script, ...)
  if type(script) ~= "string" then error("run: expected a script name, got " .. type(script), 2) end
  local path, tried = find_script(script)
  if not path then error("run: no script '" .. script .. "' (looked for " .. table.concat(tried, ", ") .. ")", 2) end
  local chunk, err = loadfile(path, "bt")
  if not chunk then error("run: " .. err, 2) end
  local args = table.pack(...)
  local argt = { [0] = path }
  for i = 1, args.n do argt[i] = tostring(args[i]) end
  local saved_exit, saved_arg = os.exit, rawget(_G, "arg")
  local exit_code
  os.exit = function(code)
    if code == nil or code == true then exit_code = 0
    elseif code == false then exit_code = 1
    else exit_code = math.tointeger(code) or 1 end
    error(EXIT, 0)
  end
  rawset(_G, "arg", argt)
  local results = table.pack(pcall(chunk, table.unpack(argt, 1, args.n)))
  os.exit = saved_exit
  rawset(_G, "arg", saved_arg)
  io.stdout:flush()
  if not results[1] then
    if results[2] == EXIT then
      if exit_code ~= 0 then io.stderr:write("paa: ", script, " exited with status ", exit_code, "\n") end
      return exit_code
    end
    error(results[2], 0)
  end
  return table.unpack(results, 2, results.n)
end

HELPER_DOC.help = { call = "help(x)", short = "documentation: help(paa.text), help(\"corpus:docs\")", text = [[
help([x])
  With no argument, this session's helpers and the modules. With a module
  (help(paa.text)), a function (help(paa.text.words)), a paa object
  (help(corpus)) or a name ("text.words", "corpus:docs", "kwic"), its
  entry in the API reference (docs/api.md).]] }
HELPER_DOC.kwic = { call = "kwic(term [, opts])", short = "keyword in context: kwic(\"exclusiv*\")", text = [[
kwic(term [, opts])
  Prints keyword-in-context lines over the session's corpus, boilerplate
  removed: "doc  …left «match» right…". 'term' is a lexicon term (a word,
  a phrase "data center", a wildcard "gpu*"), an array of terms, or a
  paa.Lexicon (all its themes). Returns the number of matches.
  opts: width (characters of context a side, 40), limit (lines printed,
  20), source (only this source), corpus (instead of the global corpus).
  Usage: kwic("right of first refusal", { width = 30, source = "techwire" })]] }
HELPER_DOC.search = { call = "search(query [, opts])", short = "ranked documents: search('antitrust OR \"lawsuit*\"')",
  text = [[
search(query [, opts])
  Ranks the documents of the session's corpus by matches of the query per
  1,000 words of clean text, and prints rank, id, source, date, score,
  title and a snippet. The query: words and "quoted phrases" that must all
  match, 'a OR b' for alternatives, -word or -"phrase" to leave documents
  out, prefix* wildcards. Returns the hits, best first:
  { rank, id, source, date, title, score, matches }.
  opts: limit (hits printed, 10), source, corpus.
  Usage: hits = search('microsoft "right of first refusal" OR exclusiv*')]] }
HELPER_DOC.show = { call = "show(doc_or_id)", short = "one document, clean text and boilerplate", text = [[
show(doc_or_id [, opts])
  Prints one document: id, source, date, title, words and url, its text
  without boilerplate wrapped to 78 columns, then the boilerplate lines
  removed (with the rule that found each). Takes a document, a hit of
  search(), an id, or a part of an id that names one document.
  opts: corpus (instead of the global corpus).
  Usage: show("techwire/microsoft-right-of-first-refusal-stargate.md")]] }
HELPER_DOC.run = { call = "run(script, ...)", short = "run a report script: run(\"overview\", \"corpus/\")", text = [[
run(script, ...)
  Runs a report script in this session with arg set to the arguments, as
  'paa script ...' would. 'script' is a path or a name found in PAA_PATH
  or among the scripts shipped with paa ("overview", "deals.lua"). A
  script that calls os.exit or paa.fail ends, not the session. Returns
  the script's results, or its exit status when it exits.
  Usage: run("tensions", "corpus/", "--format", "md")]] }

--- Print the documentation of a module, function or name (see `HELPER_DOC.help`).
local function help(x)
  local s = help_text(x)
  io.write(s, "\n")
end

HELPERS.help, HELPERS.kwic, HELPERS.search, HELPERS.show, HELPERS.run = help, kwic, search, show_doc, run

-- expose the helpers to the specs and to scripts that want them
repl.help, repl.kwic, repl.search, repl.show_doc, repl.run = help, kwic, search, show_doc, run
repl.help_text = help_text

-- the Lua-written modules of the facade, loaded now so that completion
-- and help see them (they load in a few milliseconds)
local FACADE = { "money", "dates", "deals", "themes", "cited", "report", "duplicates", "script", "store" }

-- "15 documents, 5 sources, 2024-06-10 to 2025-09-26": one walk, warnings told
local function describe(c)
  local docs, sources, nsources, first, last = 0, {}, 0, nil, nil
  for doc in c:docs() do
    docs = docs + 1
    if not sources[doc.source] then sources[doc.source], nsources = true, nsources + 1 end
    if doc.date then
      if not first or doc.date < first then first = doc.date end
      if not last or doc.date > last then last = doc.date end
    end
  end
  local plural = report().plural
  local skipped = #c:skipped()
  return plural(docs, "document") .. (skipped > 0 and " (" .. plural(skipped, "input") .. " skipped)" or "") ..
    ", " .. plural(nsources, "source") ..
    (first and (first == last and ", " .. first or ", " .. first .. " to " .. last) or ", no dates")
end

--- Set up the session and return its banner.
-- Sets the globals `paa`, `corpus` (when `paths` are given: `paa.open`;
-- on failure the error is printed and the session has no corpus),
-- `help`, `kwic`, `search`, `show` and `run`.
-- @tparam[opt] {string,...} paths the corpus named on the command line
-- @treturn string the banner, one line
function repl.start(paths)
  local paa = require "paa"
  for _, k in ipairs(FACADE) do pcall(function() return paa[k] end) end
  rawset(_G, "paa", paa)
  for name, f in pairs(HELPERS) do rawset(_G, name, f) end
  local head = string.format("paa %s (%s)", paa.version, _VERSION)
  if type(paths) == "string" then paths = { paths } end
  if type(paths) ~= "table" or #paths == 0 then
    return head .. " — help() for help; paa.open(path) reads a corpus."
  end
  -- a warning is told once, however many walks the session makes
  local told = {}
  local c, err = paa.open(paths, { warn = function(msg)
    if not told[msg] then
      told[msg] = true
      io.stderr:write("paa: ", msg, "\n")
    end
  end })
  if not c then
    print("paa: " .. tostring(err))
    return head .. " — no corpus; help() for help; paa.open(path) reads a corpus."
  end
  rawset(_G, "corpus", c)
  return head .. " — corpus: " .. describe(c) .. ". help() for help."
end

return repl
