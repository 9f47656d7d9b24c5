--- paa.repl.help: `help()` of the interactive session, read from the API
-- reference (docs/api.md) of the checkout or the installation.
-- @module paa.repl.help

local show = require "paa.repl.show"
local lookup = require("paa.repl.complete").lookup

local help = {}

local type_name, columns, pad = show.type_name, show.columns, show.pad
local show_function, show_other, WIDTH = show.show_function, show.show_other, show.WIDTH

-- the folder holding paa/repl/help.lua
local function lib_dir()
  local src = debug.getinfo(1, "S").source
  local dir = src:match("^@(.*)/paa/repl/help%.lua$")
  if dir then return dir end
  local path = package.searchpath("paa.repl.help", package.path)
  return path and path:match("^(.*)/paa/repl/help%.lua$") or nil
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

help.order = {}        -- the helpers' names in the order help() lists them (paa.repl fills it)
local HELPERS = {}     -- name -> function of the session helpers (paa.repl fills it)
local HELPER_DOC = {}  -- name -> { call, short } (paa.repl fills it; the entries are in docs/api.md)

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
    "  corpus                        the corpus named on the command line; another:",
    "                                corpus = paa.open(\"folder/\")",
    "  last                          the latest result of a helper",
  }
  for _, name in ipairs(help.order) do
    local d = HELPER_DOC[name]
    lines[#lines + 1] = "  " .. pad(d.call, 30) .. d.short
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

help.text, help.places = help_text, places
help.helpers, help.docs = HELPERS, HELPER_DOC

return help
