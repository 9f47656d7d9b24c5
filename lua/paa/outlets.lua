--- paa.outlets: the outlets data file (`lua/paa/data/outlets.txt`, whose
-- header describes the format), read without LPeg: `paa.cited` compiles
-- its names into a matcher, and `paa.open` gives its domains to the
-- corpus walker, so that a page whose source comes from its URL is shown
-- as its outlet. docs/api.md describes every function.
-- @module paa.outlets

-- looked up at each call: the sandbox wraps it in place
local corpus = require "paa.corpus"

local M = {}

local function trim(s)
  return s:match("^%s*(.-)%s*$")
end

-- "www.WSJ.com" -> "wsj.com"; nil when it does not look like a domain
local function clean_domain(d)
  d = d:lower():gsub("^www%.", "")
  if d:find("..", 1, true) or not d:find("^[%w][%w%-%.]*%.[%a][%w%-]*$") then return nil end
  return d
end

--- Parses the text of an outlets file.
-- @tparam string src the text
-- @tparam string where what error messages call it (a file name)
-- @treturn table the outlets in file order (`{ name, line }`)
-- @treturn table the names to look for (`{ core, article, the, outlet }`)
-- @treturn table the domain table (domain -> outlet name)
-- @raise on a malformed line: `paa.cited: WHERE:LINE: problem`
function M.parse(src, where)
  local outlets, entries, domains = {}, {}, {}
  local by_core, owner_line = {}, {}  -- core -> entry; name/alias -> line
  local domain_line = {}
  local lineno = 0
  local function fail(fmt, ...)
    error(string.format("paa.cited: %s:%d: " .. fmt, where, lineno, ...), 0)
  end

  -- one name or alias of outlet 'name': "The X" needs its article
  local function add_name(text, name)
    if text == "" then fail("empty alias") end
    if text:find("[|;]") then fail("bad name '%s'", text) end
    if owner_line[text] then fail("'%s' is already given on line %d", text, owner_line[text]) end
    owner_line[text] = lineno
    local core = text:match("^The%s+(.+)$")
    local article = core ~= nil
    core = core or text
    if not core:find("^[%w\128-\255]") then fail("a name must start with a letter or digit: '%s'", text) end
    local e = by_core[core]
    if e then
      if e.outlet ~= name then fail("'%s' is already a name of %s", core, e.outlet) end
      e.article = e.article and article   -- one form without "The": optional
      e.the = e.the or article
      return
    end
    e = { core = core, article = article, the = article, outlet = name }
    by_core[core] = e
    entries[#entries + 1] = e
  end

  src = src:gsub("^\239\187\191", "")
  for line in (src .. "\n"):gmatch("([^\n]*)\n") do
    lineno = lineno + 1
    line = trim(line:gsub("\r$", ""))
    if line ~= "" and line:sub(1, 1) ~= "#" then
      if not line:find("|", 1, true) then
        fail("expected 'Name | domains | aliases', got '%s'", line)
      end
      local fields = {}
      for f in (line .. "|"):gmatch("([^|]*)|") do fields[#fields + 1] = trim(f) end
      if #fields > 3 then fail("too many '|' (expected 'Name | domains | aliases')") end
      local name, doms, aliases = fields[1], fields[2], fields[3] or ""
      if name == "" then fail("missing outlet name") end
      outlets[#outlets + 1] = { name = name, line = lineno }
      add_name(name, name)
      for d in doms:gmatch("%S+") do
        local cd = clean_domain(d)
        if not cd then fail("bad domain '%s'", d) end
        if domain_line[cd] then fail("domain '%s' is already given on line %d", cd, domain_line[cd]) end
        domain_line[cd] = lineno
        domains[cd] = name
      end
      if aliases ~= "" then
        for a in (aliases .. ";"):gmatch("([^;]*);") do add_name(trim(a), name) end
      end
    end
  end
  if #outlets == 0 then
    lineno = 0
    error(string.format("paa.cited: %s: no outlets", where), 0)
  end
  return outlets, entries, domains
end

--- Reads an outlets file.
-- @tparam[opt] string path the file; default the shipped
--   `lua/paa/data/outlets.txt`, found by `paa.path.searchpath`
-- @tparam string who the module named in an error ("paa.cited")
-- @tparam string fname the function named in an error ("load")
-- @treturn string|nil its text, or nil and a message when it cannot be read
-- @treturn string its path
function M.read(path, who, fname)
  if path == nil then
    local found, err = require("paa.path").searchpath("paa.data.outlets", "txt")
    if not found then return nil, "cannot find paa/data/outlets.txt:" .. err end
    path = found
  elseif type(path) ~= "string" then
    error(string.format("%s: bad argument #1 to '%s' (string expected, got %s)", who, fname, type(path)), 3)
  end
  local f, err = corpus.open_file(path)  -- a FIFO would block io.open
  if not f then
    if err:sub(1, #path + 2) == path .. ": " then err = err:sub(#path + 3) end
    return nil, string.format("cannot open '%s': %s", path, err)
  end
  local src, rerr = f:read("a")
  f:close()
  if not src then return nil, string.format("cannot read '%s': %s", path, tostring(rerr)) end
  return src, path
end

-- the shipped file's domains, read once
local shipped

--- The domains of an outlets file and the outlets they belong to: what
-- `paa.open` gives `paa.corpus.open` as its `outlets` option.
-- @tparam[opt] string path the file; default the shipped one
-- @treturn table|nil `{ [domain] = name }` (a fresh table each call), or
--   nil and a message when the file cannot be read
-- @raise on a malformed line, as `parse`
-- @usage local sites = assert(require("paa.outlets").sites())
-- print(sites["theverge.com"])  --> The Verge
function M.sites(path)
  local domains = path == nil and shipped
  if not domains then
    local src, where = M.read(path, "paa.outlets", "sites")
    if not src then return nil, where end
    local _, _, d = M.parse(src, where)
    domains = d
    if path == nil then shipped = d end
  end
  local t = {}
  for k, v in pairs(domains) do t[k] = v end
  return t
end

return M
