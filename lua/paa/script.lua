--- paa.script: a report script's header.
-- A script declares once, at its top, its name, version, description, the
-- paa it needs and its parameters; it gets back its arguments typed and
-- checked, `--help`, one-line errors for wrong arguments (exit status 2)
-- and a manifest for its structured output. The command line is parsed by
-- argparse (Debian's `lua-argparse`); this module writes the messages.
--
--     local script = require("paa").script{ name = "deals", version = "1.0",
--       description = "...", requires = "paa >= 0.1",
--       params = { { "corpus", kind = "path", args = "+", help = "..." },
--                  { "--format", kind = "choice", choices = { "text", "json" },
--                    default = "text", help = "..." } } }
--     local args = script.args   -- args.corpus, args.format
--
-- The module is callable: `require("paa.script"){...}` is `paa.script{...}`.
-- @module paa.script

local core = require "paa.core"
local dedup = require "paa.dedup"
-- looked up at each call: the sandbox wraps it in place
local corpus = require "paa.corpus"
local restricted = require "paa.restricted"
local options = require "paa.options"

local M = {}

--- The paths of the interactive session's corpus while `run()` runs a
-- script there (else nil): a script whose `corpus` parameter is not
-- given reads them.
M.session_corpus = nil

local EXIT_USAGE = 2   -- a wrong parameter or an unmet version requirement
local main_path  -- the file of the script the host runs (see M.main_path)

--- The SHA-256 digest of a string, in lower-case hex (`paa.dedup.sha256`).
-- @tparam string s
-- @treturn string 64 hex digits
M.sha256 = dedup.sha256


-- {==========================================================================
-- Versions: "paa >= 0.2", "paa >= 0.1, < 0.3"
-- ===========================================================================

local function parts(v)
  local t = {}
  for n in v:gmatch("%d+") do t[#t + 1] = tonumber(n) end
  return t
end

-- -1, 0 or 1 as dotted version 'a' is before, equal to or after 'b'
local function compare(a, b)
  a, b = parts(a), parts(b)
  for i = 1, math.max(#a, #b) do
    local x, y = a[i] or 0, b[i] or 0
    if x ~= y then return x < y and -1 or 1 end
  end
  return 0
end

local OPS = {
  [">="] = function(c) return c >= 0 end, [">"] = function(c) return c > 0 end,
  ["<="] = function(c) return c <= 0 end, ["<"] = function(c) return c < 0 end,
  ["="] = function(c) return c == 0 end, ["=="] = function(c) return c == 0 end,
}

--- Whether a version meets a requirement.
-- @tparam string requires `"paa >= 0.2"`: `paa` (optional) then clauses
--   separated by commas, each an operator (`>=`, `>`, `=`, `<=`, `<`) and
--   a dotted version; `"paa"` alone is met by any version
-- @tparam[opt] string version default: this paa's (`paa.version`)
-- @treturn boolean
-- @raise when `requires` cannot be read
function M.satisfies(requires, version)
  version = version or core.version
  local clauses = requires:gsub("^%s*paa%f[^%w_]", "")
  for clause in clauses:gmatch("[^,]+") do
    local op, v = clause:match("^%s*([<>=]=?)%s*(%d+[%d%.]*)%s*$")
    if not (op and OPS[op]) then
      if clause:match("%S") then
        error("paa.script: cannot read requires '" .. requires .. "' (e.g. \"paa >= 0.1\")", 3)
      end
    elseif not OPS[op](compare(version, v)) then
      return false
    end
  end
  return true
end

-- }==========================================================================


-- {==========================================================================
-- Parameters
-- ===========================================================================

local KINDS = { string = true, number = true, integer = true, flag = true, boolean = true,
                path = true, choice = true, list = true }

local either, expectation = options.either, options.expectation

-- argparse's converter for parameter 'p': the value typed and checked, or
-- nil and this module's message
local function converter(p)
  local label = p.label
  if p.kind == "number" or p.kind == "integer" or p.kind == "choice" then
    return function(v) return options.check(p, v) end
  elseif p.kind == "path" then
    return function(v)
      local f, err = corpus.open_file(v, true)   -- folders too; not a FIFO, which would block
      if not f then
        local why = err:sub(1, #v + 2) == v .. ": " and err:sub(#v + 3) or err
        return nil, string.format("cannot open '%s' (%s): %s", v, label, why)
      end
      f:close()
      return v
    end
  end
  return function(v) return v end
end

-- check one declared parameter and fill in what the module uses:
-- positional, key (args field), label (as messages name it), metavar,
-- nargs (argparse's args of a positional)
local function check_param(p, i)
  if type(p) ~= "table" or type(p[1]) ~= "string" then
    error("paa.script: params[" .. i .. "] must be a table starting with a name (\"corpus\", \"--format\")", 4)
  end
  local names = {}
  for n in p[1]:gmatch("%S+") do names[#names + 1] = n end
  local long = names[#names]
  for _, n in ipairs(names) do
    if n:sub(1, 2) == "--" then long = n end
  end
  p.kind = p.kind or "string"
  if not KINDS[p.kind] then
    error("paa.script: unknown kind '" .. tostring(p.kind) .. "' of parameter " .. p[1], 4)
  end
  if p.kind == "boolean" then p.kind = "flag" end
  if p.kind == "number" and math.type(p.default) == "integer" then p.default = p.default + 0.0 end
  if p.kind == "list" then p.kind, p.list = "string", true end
  if p.kind == "choice" and (type(p.choices) ~= "table" or #p.choices == 0) then
    error("paa.script: parameter " .. p[1] .. " of kind 'choice' needs choices", 4)
  end
  p.positional = long:sub(1, 1) ~= "-"
  p.key = long:gsub("^%-+", ""):gsub("%-", "_")
  if p.positional then
    local optional = p.default ~= nil or p.required == false
    p.nargs = p.args or (p.list and (optional and "*" or "+")) or (optional and "?") or nil
    p.metavar = p.metavar or p.key:upper()
    p.label = p.metavar
  else
    p.label = long
    p.metavar = p.metavar or (p.kind == "choice" and "{" .. table.concat(p.choices, ",") .. "}")
      or ({ integer = "N", number = "X", path = "PATH" })[p.kind] or p.key:upper()
  end
  p.names = p[1]
end

-- the one-line usage: "paa scripts/deals.lua [options] CORPUS..."
local function usage_line(self)
  local words, has_options = { "paa " .. self.prog }, false
  for _, p in ipairs(self.params) do
    if not p.positional then has_options = true end
  end
  if has_options then words[#words + 1] = "[options]" end
  for _, p in ipairs(self.params) do
    if p.positional then
      local a, m = p.nargs, p.metavar
      if a == "+" then m = m .. "..."
      elseif a == "*" then m = "[" .. m .. "...]"
      elseif a == "?" then m = "[" .. m .. "]"
      elseif tonumber(a) and tonumber(a) > 1 then m = string.rep(m, tonumber(a), " ") end
      words[#words + 1] = m
    end
  end
  return table.concat(words, " ")
end

-- a description's paragraphs as single lines, for argparse to wrap; lines
-- that start with a space (lists, tables) are kept as they are
local function reflow(s)
  local out = {}
  for line in (s:gsub("^%s*\n", ""):gsub("%s+$", "") .. "\n"):gmatch("(.-)\n") do
    local prev = out[#out]
    if prev and prev ~= "" and line ~= "" and not line:match("^%s") and not prev:match("^%s") then
      out[#out] = prev .. " " .. line
    else
      out[#out + 1] = line
    end
  end
  return table.concat(out, "\n")
end

-- build the argparse parser of a script
local function build_parser(self)
  local desc = self.description and reflow(self.description)
  -- loaded here, not with the module: finding a script by name (the host,
  -- before any sandbox) loads nothing but paa's own modules
  local argparse = require "argparse"
  local parser = argparse(self.prog and "paa " .. self.prog or self.name, desc)
    :add_help(false):help_max_width(79)
  parser:flag("-h --help", "Show this help and exit.")
  if not self.by_key.version then parser:flag("--version", "Show the script's version and exit.") end
  for _, p in ipairs(self.params) do
    local help = p.help or ""
    if p.default ~= nil and p.kind ~= "flag" and type(p.default) ~= "table" then
      help = help .. (help == "" and "" or " ") .. "(default: " .. tostring(p.default) .. ")"
    end
    local el
    if p.positional then
      el = parser:argument(p.metavar, help)
      if p.nargs then el:args(p.nargs) end
    elseif p.kind == "flag" then
      el = parser:flag(p.names, help)
    else
      el = parser:option(p.names, help)
      if p.list then el:count(p.required and "1-*" or "*")
      elseif p.required then el:count(1) end
      if p.args then el:args(p.args) end
    end
    el:target(p.key)
    if p.kind ~= "flag" then el:argname(p.metavar):convert(converter(p)) end
  end
  -- argparse's messages, made one line and said the way paa says them
  local by_label = {}
  for _, p in ipairs(self.params) do
    for n in p.names:gmatch("%S+") do by_label[n] = p end
    by_label[p.metavar] = by_label[p.metavar] or p
  end
  local function hint(name)   -- what the parameter wants
    local p = by_label[name]
    if not p then return "" end
    if p.kind == "number" or p.kind == "integer" then return ": " .. expectation(p) end
    if p.kind == "choice" then return ": " .. either(p.choices) end
    if p.help then return ": " .. p.help end
    return p.positional and "" or " (" .. p.metavar .. ")"
  end
  parser.error = function(_, msg)
    msg = msg:gsub("\nDid you mean one of these: (.-)%?$", "; did you mean one of %1?")
      :gsub("\nDid you mean (.-)%?$", "; did you mean %1?"):gsub("\n", " ")
    local name = msg:match("^option '(.-)' requires an argument$")
    if name then msg = name .. " needs a value" .. hint(name) end
    name = msg:match("^option '(.-)' does not take arguments$")
    if name then msg = name .. " takes no value" end
    local missing
    name = msg:match("^missing argument '(.-)'$")
    if name then msg, missing = "missing " .. by_label[name].metavar .. hint(name), by_label[name].key end
    name = msg:match("^missing option '(.-)'$")
    if name then msg = name .. " is required" .. hint(name) end
    if msg:match("^unknown option '[^']*'$") or msg == "too many arguments" then
      msg = msg .. " (see --help)"
    end
    error({ problem = msg, missing = missing }, 0)
  end
  return parser
end

-- }==========================================================================


-- {==========================================================================
-- Document filters: --source, --since, --until, --where
-- ===========================================================================

-- the options every script with a parameter named "corpus" gets; what
-- they give is 'args.filter' (paa.open's 'filter'), not fields of their own
local FILTER_PARAMS = {
  { "--source", kind = "list", metavar = "NAME",
    help = "only the documents of this source (repeat for several; case is ignored)" },
  { "--since", metavar = "DATE",
    help = "only the documents dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD); undated ones are left out" },
  { "--until", metavar = "DATE",
    help = "only the documents dated on or before DATE (\"2024-03\": all of March); undated ones are left out" },
  { "--where", kind = "list", metavar = "FIELD=VALUE",
    help = "only the documents whose metadata FIELD is VALUE (front matter, JSONL; case is ignored); "
      .. "repeat: several values of one field, any; of several fields, all" },
}
local FILTER_KEYS = { source = true, since = true, ["until"] = true, where = true }

-- The filter of the parsed options 'args' (their fields removed), or
-- nil when none is given; nil and a one-line problem when one is wrong.
local function take_filter(args)
  local f, problem = {}, nil
  if args.source and #args.source > 0 then f.source = args.source end
  for _, k in ipairs { "since", "until" } do
    local v = args[k]
    if v ~= nil then
      if not corpus.date_period(v) then
        problem = problem or string.format("--%s: '%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", k, v)
      end
      f[k] = v
    end
  end
  for _, w in ipairs(args.where or {}) do
    local field, value = w:match("^%s*([^=]-)%s*=%s*(.-)%s*$")
    if not field or field == "" or value == "" then
      problem = problem or string.format("--where: '%s' is not FIELD=VALUE", w)
    else
      field = field:lower()
      f.where = f.where or {}
      f.where[field] = f.where[field] or {}
      local vs = f.where[field]
      vs[#vs + 1] = value
    end
  end
  for k in pairs(FILTER_KEYS) do args[k] = nil end
  if problem then return nil, problem end
  return next(f) and f or nil
end

-- }==========================================================================


-- {==========================================================================
-- The script object
-- ===========================================================================

local Script = {}

local function copy(v)
  if type(v) ~= "table" then return v end
  local t = {}
  for k, x in pairs(v) do t[k] = copy(x) end
  return t
end

-- the global 'arg' as an argv (1..n), or {}
local function global_argv()
  local a, t = rawget(_G, "arg"), {}
  if type(a) == "table" then
    for i = 1, #a do t[i] = a[i] end
  end
  return t
end

-- parse 'argv': true and the arguments, or false and { problem = msg }
-- (or { help = true }, { version = true })
local function attempt(self, argv)
  local list, value_of = {}, {}
  for _, p in ipairs(self.params) do
    if not p.positional and p.kind ~= "flag" then
      for n in p.names:gmatch("%S+") do value_of[n] = true end
    end
  end
  local i = 1
  while i <= #argv do
    local a = argv[i]
    if a == "--" then
      table.move(argv, i, #argv, #list + 1, list)
      break
    elseif a == "-h" or a == "--help" then return false, { help = true }
    elseif a == "--version" and not self.by_key.version then return false, { version = true }
    elseif value_of[a] and type(argv[i + 1]) == "string" and argv[i + 1]:match("^%-%.?%d") then
      list[#list + 1] = a .. "=" .. argv[i + 1]   -- a negative number is a value, not an option
      i = i + 1
    else
      list[#list + 1] = a
    end
    i = i + 1
  end
  self.parser = self.parser or build_parser(self)
  local ok, res = pcall(self.parser.parse, self.parser, list)
  if not ok and type(res) == "table" and res.missing == "corpus" and M.session_corpus then
    -- a run in the interactive session: its corpus, when the call names none
    table.move(M.session_corpus, 1, #M.session_corpus, #list + 1, list)
    ok, res = pcall(self.parser.parse, self.parser, list)
  end
  if not ok then
    if type(res) == "table" and res.problem then return false, res end
    error(res, 0)
  end
  local args = {}
  for _, p in ipairs(self.params) do
    local v = res[p.key]
    if p.kind == "flag" then
      if v == nil then v = p.default or false end
    elseif v == nil or (type(v) == "table" and #v == 0 and p.default ~= nil) then
      v = copy(p.default)
      if v == nil and p.list then v = {} end
    end
    args[p.key] = v
  end
  if self.filtered then
    local f, problem = take_filter(args)
    if problem then return false, { problem = problem } end
    args.filter = f
  end
  return true, args
end

--- Parse the script's arguments; the same as reading `script.args`, but
-- from the given argv (for tests) instead of the global `arg`.
-- `script.parse(argv)` and `script:parse(argv)` both work.
-- A wrong argument prints `paa: NAME: problem` and the usage line on
-- stderr and exits with status 2; `-h`/`--help` prints the help and exits 0.
-- @function parse
-- @tparam[opt] {string,...} argv default: the global `arg`
-- @treturn table the arguments by key (`--min-mentions` → `min_mentions`)
local function parse(self, argv)
  local ok, res = attempt(self, argv or global_argv())
  if ok then
    rawset(self, "args", res)
    return res
  elseif res.help then
    io.write(self:help())
    os.exit(0)
  elseif res.version then
    print(string.format("%s %s (paa %s)", self.name, self.version or "", core.version))
    os.exit(0)
  end
  self:fail(res.problem)
end

--- Stop the script because of a wrong parameter: writes `paa: NAME: msg`
-- and the usage line on stderr and exits with status 2. For mistakes found
-- after parsing ("--group goes with --explain", "no deal 'D9'").
-- (Failures that are not the caller's mistake use `paa.fail`: status 1.)
-- @tparam string msg one line
function Script:fail(msg)
  io.stdout:flush()
  io.stderr:write("paa: ", self.name, ": ", require("paa.report").printable(msg), "\nusage: ", self:usage(), "\n")
  os.exit(EXIT_USAGE)
end

--- The one-line usage, without "usage: ".
function Script:usage()
  return usage_line(self)
end

--- The `--help` text: name and version, usage, description, parameters.
function Script:help()
  self.parser = self.parser or build_parser(self)
  local head = self.name .. (self.version and " " .. self.version or "")
  if self.requires then head = head .. " (needs " .. self.requires .. ")" end
  return head .. "\n\n" .. self.parser:get_help() .. "\n"
end

--- The SHA-256 of the script's file (nil when it was not read from a file).
function Script:sha256()
  if self._sha256 == nil then
    local f = self.path and io.open(self.path, "rb")
    self._sha256 = f and M.sha256(f:read("a")) or false
    if f then f:close() end
  end
  return self._sha256 or nil
end

--- What produced a structured output, to put beside it: same script,
-- parameters and corpus give the same manifest (no clock, no host name).
-- @tparam[opt] table extra `corpus`: a `paa.Corpus` (becomes
--   `{ roots, documents, hash }`, see `corpus_fingerprint`) or a table
--   (kept as it is); any other field is copied into the manifest
-- @treturn table `{ paa = version, script = { name, version, sha256 },
--   parameters = the arguments (paths as given), corpus = ... }`
function Script:manifest(extra)
  local m = {}
  for k, v in pairs(extra or {}) do m[k] = v end
  m.paa = core.version
  m.script = { name = self.name, version = self.version, sha256 = self:sha256() }
  m.parameters = copy(self.args)
  local c = m.corpus
  if type(c) == "userdata" then
    local fp = M.corpus_fingerprint(c)
    m.corpus = { roots = c:roots(), documents = fp.documents, hash = fp.hash }
  end
  return m
end

--- The file of the script the host runs, once it has declared itself
-- (`paa.script{...}` in its main chunk), else nil: paa.parallel runs
-- passes on workers only for it, since a worker runs that file.
-- @treturn string|nil
function M.main_path()
  return main_path
end

--- Run a pass of the report over a corpus: per-document `map`, an
-- order-free `merge`, `finish` (paa.parallel.run). Under `paa -j N` the
-- pass runs on N cores, under paa-dask on a cluster, with the same
-- result as on one core (docs/scripts.md, "Reports on every core").
-- @tparam paa.Corpus corpus
-- @tparam table pass `{ init, map, add, merge, finish, clean, warn }`
-- @return what `pass.finish` returns
function Script:run(c, pass)  -- luacheck: ignore self
  return require("paa.parallel").run(c, pass)
end

Script.__index = function(self, k)
  if k == "args" then return parse(self) end
  return Script[k] or M[k]
end

-- whether the chunk that declared the script is the one the host runs
-- (arg[0], found as given or on the search path)
local function is_main(info)
  local a0 = rawget(_G, "arg")
  a0 = type(a0) == "table" and a0[0]
  if info.what ~= "main" or type(a0) ~= "string" or info.source:sub(1, 1) ~= "@" then return false end
  local function base(s) return (s:match("[^/]*$"):gsub("%.lua$", "")) end
  return info.source:sub(2) == a0 or base(info.source:sub(2)) == base(a0)
end

-- the declaration: checked, then a script object; 'level' is the
-- declaring chunk's stack level
local function new(decl, level)
  if type(decl) ~= "table" then error("paa.script: expected a table {name = ..., params = {...}}", level) end
  if type(decl.name) ~= "string" or decl.name == "" then error("paa.script: a script needs a name", level) end
  local self = setmetatable({ name = decl.name, version = decl.version, description = decl.description,
                              requires = decl.requires, params = {}, by_key = {} }, Script)
  for i, p in ipairs(decl.params or {}) do
    p = copy(p)
    check_param(p, i)
    self.params[i] = p
    self.by_key[p.key] = p
  end
  if self.by_key.corpus then  -- the document filters, one definition for every script
    self.filtered = true
    for _, fp in ipairs(FILTER_PARAMS) do
      if self.by_key[fp[1]:sub(3)] then
        error("paa.script: parameter " .. fp[1] .. " is one of the document filters every script "
              .. "with a corpus has (args.filter)", level)
      end
    end
    for _, fp in ipairs(FILTER_PARAMS) do
      local p = copy(fp)
      check_param(p, #self.params + 1)
      self.params[#self.params + 1] = p
      self.by_key[p.key] = p
    end
  end
  local info = debug.getinfo(level, "S")
  if info and info.source:sub(1, 1) == "@" then self.path = info.source:sub(2) end
  local main = info and is_main(info)
  self.prog = main and rawget(_G, "arg")[0] or self.name
  self.parse = function(a, b)
    if a == self then return parse(self, b) end
    return parse(self, a)
  end
  if self.requires and not M.satisfies(self.requires) then
    io.stderr:write(string.format("paa: %s needs %s, this is paa %s\n", self.name, self.requires, core.version))
    os.exit(EXIT_USAGE)
  end
  if main then
    parse(self)
    main_path = self.path
  end
  return self
end

-- }==========================================================================


-- {==========================================================================
-- Corpus fingerprint
-- ===========================================================================

--- Fingerprint a corpus: which documents, with which
-- texts, as its last complete walk read them (every walk hashes what it
-- yields: `corpus:stats().hash`); a corpus not walked yet is walked once
-- (`docs{ warn = false }`: the script's own walk reports skipped inputs).
-- @tparam paa.Corpus corpus
-- @treturn table `{ documents = n, hash = "16 hex digits" }`: `hash` is the
--   sum (modulo 2^64) over the documents of `dedup.hash` of the id and
--   `dedup.hash(text)` (the text as read, before boilerplate is removed),
--   so the shards of a walk add up to it
function M.corpus_fingerprint(c)
  local st = c:stats()
  if not st then
    for _ in c:docs{ warn = false } do end
    st = c:stats()
  end
  return { documents = st.docs, hash = string.format("%016x", st.hash) }
end

-- }==========================================================================


-- {==========================================================================
-- Finding scripts
-- ===========================================================================

-- "dir", "file", or nil when 'path' cannot be opened or is neither (a
-- FIFO); reading a folder fails with EISDIR, 21
local function kind_of(path)
  local f = corpus.open_file(path, true)
  if not f then return nil end
  local _, _, code = f:read(0)
  f:close()
  return code == 21 and "dir" or "file"
end

local function is_dir(path) return kind_of(path) == "dir" end
local function is_file(path) return kind_of(path) == "file" end

-- the folder that holds 'dir' (a build has build/scripts beside build/lua)
local function parent(dir)
  return dir:match("^(.*)/[^/]*$") or "."
end

-- LuaFileSystem, loaded from the system's C module folders only (the
-- absolute entries of package.cpath): an lfs.lua or lfs.so in the working
-- folder is never run for listing it
local function system_lfs()
  for template in package.cpath:gmatch("[^;]+") do
    if template:sub(1, 1) == "/" then
      local file = package.searchpath("lfs", template)
      if file then
        local open = package.loadlib(file, "luaopen_lfs")
        if open then return open() end
      end
    end
  end
  return nil
end

-- the *.lua files directly in 'dir', sorted; nil and why when the folder
-- cannot be listed (Lua cannot list a folder by itself: lfs, Debian's
-- lua-filesystem, does it; a folder that does not exist lists nothing)
local function lua_files(dir)
  local lfs = system_lfs()
  if not lfs then return nil, "cannot list the folder without lua-filesystem (lfs)" end
  local names = {}
  local okd, iter, state = pcall(lfs.dir, dir)
  if okd then
    for name in iter, state do
      if name:match("%.lua$") then names[#names + 1] = name end
    end
  end
  table.sort(names)
  local files = {}
  for _, name in ipairs(names) do
    local path = (dir == "." and "" or dir:gsub("/$", "") .. "/") .. name
    if is_file(path) then files[#files + 1] = path end
  end
  return files
end

-- what a header's require gives for a module other than paa's: every
-- field and call of it is itself (one metatable, which 'describe' knows)
local STUB = { __index = function(s) return s end, __call = function(s) return s end }
local function stub()
  return setmetatable({}, STUB)
end

-- what 'describe' says of a header stopped by one of its limits
local TOO_LONG = "ran more than a million instructions before paa.script{}"
local TOO_BIG = "asked string.rep for more than a million bytes"
local NO_MEMORY = "not enough memory"
local NOT_PLAIN = "declared paa.script{} with a table that has a metatable (a declaration is plain tables)"

--- Read a script's declaration without running the script: the chunk
-- runs in a restricted environment (`paa.restricted`: `DATA` and
-- `HEADER` functions, copies of the libraries; no io, os, package; a fake
-- `require`; `string.rep` bounded) until
-- it calls `paa.script`, which stops it, with at most a million VM
-- instructions before that. Neither time spent inside C functions (a
-- pattern match) nor memory is bounded here: `paa --list` calls this in
-- a child process that bounds both (see `list`).
-- @tparam string path a Lua file
-- @treturn[1] table the declaration (`name`, `version`, `description`, ...)
-- @treturn[2] nil when the file declares no script
-- @treturn[2] string why, when a limit stopped its header, or its
--   declaration holds a table with a metatable of its own
function M.describe(path)
  local f = corpus.open_file(path)
  if not f then return nil end
  local src = f:read("a")
  f:close()
  if not src or not (src:find("paa", 1, true) and src:find("script", 1, true)) then return nil end
  local found
  local function declare(decl)
    found = decl
    error("paa.script: described", 0)
  end
  local fake_mt = { __index = stub }
  local fake = setmetatable({ script = declare, version = core.version }, fake_mt)
  local fake_script_mt = { __call = function(_, d) declare(d) end, __index = stub }
  local fake_script = setmetatable({}, fake_script_mt)
  local names = table.move(restricted.HEADER, 1, #restricted.HEADER, #restricted.DATA + 1,
                           table.move(restricted.DATA, 1, #restricted.DATA, 1, {}))
  local env = restricted.env(names, { _VERSION = _VERSION, arg = {}, print = function() end,
    require = function(name)
      if name == "paa" then return fake elseif name == "paa.script" then return fake_script end
      return stub()
    end })
  env.string.rep = restricted.bounded_rep(1e6, TOO_BIG)
  env._G = env
  local chunk = restricted.load(src, "@" .. path, env)
  if not chunk then return nil end
  local _, err = restricted.run(chunk, 1000000, TOO_LONG, { rep = env.string.rep })
  -- what the header declared is read here, past its instruction count:
  -- raw, and only when no metamethod of the header's can run on reading
  -- it (the stand-ins given above are ours)
  if type(found) == "table" and
     not restricted.plain(found, { [STUB] = true, [fake_mt] = true, [fake_script_mt] = true }) then
    return nil, NOT_PLAIN
  end
  if type(found) ~= "table" or type(rawget(found, "name")) ~= "string" then
    if err == TOO_LONG or err == TOO_BIG or err == NO_MEMORY then return nil, err end
    return nil
  end
  return found
end

-- 'describe' in the child process of 'isolated': the fields 'list' uses,
-- packed in a string ("" when the file declares no script)
local function describe_packed(path)
  local d, why = M.describe(path)
  if not d then
    if why then error(why, 0) end
    return ""
  end
  local v = type(d.version) == "string" and d.version or nil
  local desc = type(d.description) == "string" and d.description or nil
  return string.pack("<s4BBs4s4", d.name, v and 1 or 0, desc and 1 or 0, v or "", desc or "")
end

-- 'describe' through 'isolated' (see 'list')
local function describe_isolated(path, isolated)
  local s, why = isolated(describe_packed, path)
  if not s then return nil, why end
  if s == "" then return nil end
  local name, hasv, hasd, v, desc = string.unpack("<s4BBs4s4", s)
  return { name = name, version = hasv == 1 and v or nil, description = hasd == 1 and desc or nil }
end

--- The scripts in some folders: every `*.lua` file directly in them that
-- declares `paa.script{...}` (read with `describe`: never run).
-- @tparam {string,...} dirs folders; missing ones are passed over
-- @tparam[opt] function isolated `isolated(f, path)`: runs `f(path)` in a
--   process of its own under limits, returning its string or nil and why
--   (the paa host's, for `paa --list`): a header that hangs in C code or
--   eats memory then costs its own file, not the listing
-- @treturn table array of `{ name, path, version, description }`, sorted
--   by name, then in the order of `dirs`
-- @treturn table array of `"path: why"` for the files a limit stopped (and
--   the folders that could not be listed)
function M.list(dirs, isolated)
  local out, stopped = {}, {}
  for _, dir in ipairs(dirs) do
    local files, unlisted = lua_files(dir)
    if not files then stopped[#stopped + 1] = dir .. ": " .. unlisted end
    for _, path in ipairs(files or {}) do
      local d, why
      if isolated then d, why = describe_isolated(path, isolated)
      else d, why = M.describe(path) end
      if why then stopped[#stopped + 1] = path .. ": " .. why end
      if d then
        out[#out + 1] = { name = d.name, path = path, order = #out,
                          version = type(d.version) == "string" and d.version or nil,
                          description = type(d.description) == "string" and d.description or nil }
      end
    end
  end
  table.sort(out, function(a, b)
    if a.name ~= b.name then return a.name < b.name end
    return a.order < b.order
  end)
  for _, s in ipairs(out) do s.order = nil end
  return out, stopped
end

--- Where scripts are looked for, in order: the current folder, the
-- `PAA_PATH` folders (`;`-separated; not with `paa -E`), the user's
-- `$XDG_DATA_HOME/paa/scripts` (by default `~/.local/share/paa/scripts`),
-- and the scripts shipped with paa (`<prefix>/share/paa/scripts`
-- installed, `scripts/` of the source tree in a build). The one search
-- path of scripts: the host (`paa NAME`), `paa --list` and the session's
-- `run` all use it.
-- @treturn {string,...} folders (the shipped one only if it exists)
function M.search_path()
  local dirs = { "." }
  local ok, reg = pcall(debug.getregistry)  -- (out of reach in the sandbox)
  local noenv = ok and type(reg) == "table" and reg.LUA_NOENV
  local pp = not noenv and os.getenv("PAA_PATH")
  if pp then
    for d in pp:gmatch("[^;]+") do dirs[#dirs + 1] = d end
  end
  local data = not noenv and os.getenv("XDG_DATA_HOME")
  local home = not noenv and os.getenv("HOME")
  if data and data ~= "" then dirs[#dirs + 1] = data .. "/paa/scripts"
  elseif home and home ~= "" then dirs[#dirs + 1] = home .. "/.local/share/paa/scripts" end
  local libdir = require("paa.path").lib
  if libdir then
    -- build tree: <source>/lua/paa/path.lua, through the link build/lua;
    -- installed: <prefix>/share/lua/5.4/paa/path.lua
    local cands = { (parent(libdir) .. "/scripts"):gsub("^%./", "") }
    local prefix = libdir:match("^(.*)/lua/5%.4$")
    if prefix then cands[2] = prefix .. "/paa/scripts" end
    for _, cand in ipairs(cands) do
      if is_dir(cand) then dirs[#dirs + 1] = cand; break end
    end
  end
  return dirs
end

--- The script `paa NAME` runs, and the session's `run(NAME)`: `NAME`
-- itself when it names a file, else, for a name with a `/`, `NAME.lua`;
-- for a name without one, the first `NAME` or `NAME.lua` in the folders
-- of `search_path()`. A file given by its path is thus always run as
-- the stock `lua` would run it.
-- @tparam string name
-- @treturn[1] string its path
-- @treturn[2] nil when there is none
-- @treturn[2] {string,...} the files tried, in order
function M.find(name)
  local tried = {}
  local function try(cand)
    tried[#tried + 1] = cand
    return is_file(cand)
  end
  local plain = not name:find("/", 1, true)
  local dirs = plain and M.search_path() or { false }
  for _, dir in ipairs(dirs) do
    local base = dir and dir .. "/" .. name or name
    for _, cand in ipairs { base, not name:match("%.lua$") and base .. ".lua" or nil } do
      if try(cand) then return (cand:gsub("^%./", "")) end
    end
  end
  return nil, tried
end

--- Print the scripts on the search path (for `paa --list`): an aligned
-- table of name, version, description (its first sentence) and path; a
-- file whose header a limit stopped gets a line on stderr instead.
-- @tparam[opt] {string,...} dirs default: `search_path()`
-- @tparam[opt] function isolated see `list`
-- @treturn integer the number of files a limit stopped
function M.print_list(dirs, isolated)
  dirs = dirs or M.search_path()
  local rows = {}
  local scripts, stopped = M.list(dirs, isolated)
  for _, note in ipairs(stopped) do
    io.stderr:write("paa: ", require("paa.report").printable(note), "; not listed\n")
  end
  for _, s in ipairs(scripts) do
    local d = (s.description or ""):gsub("%s+", " "):gsub("^ ", "")
    rows[#rows + 1] = { name = s.name, version = s.version, path = s.path,
                        description = d:match("^(.-[%.!?]) %u") or d }
  end
  if #rows == 0 then
    print("no scripts in " .. table.concat(dirs, ", "))
    return #stopped
  end
  local report = require "paa.report"
  io.write(report.table{ rows = rows, columns = {
    { key = "name", title = "name" }, { key = "version", title = "version", empty = "-" },
    { key = "description", title = "description", format = function(v) return report.clip(v, 60) end },
    { key = "path", title = "path" } } })
  return #stopped
end

-- }==========================================================================

return setmetatable(M, { __call = function(_, decl)
  local s = new(decl, 3)
  return s
end })
