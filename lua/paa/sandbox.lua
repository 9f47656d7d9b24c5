--- paa.sandbox: the restricted world of `paa --sandbox SCRIPT ARGS...`.
--
-- Runs a report script from someone else. The host (src/sandbox.c)
-- caps memory and time; this module, called by the host before any Lua
-- code of the command line runs, changes the real globals **in place**
-- so that the script, every module it requires and every chunk it loads
-- see only safe functions. The originals live on only as upvalues here,
-- out of reach without the debug library.
--
-- **Taken away** (each raises "paa.sandbox: NAME is not allowed in the
-- sandbox"): `os.execute`, `os.remove`, `os.rename`, `os.tmpname`,
-- `io.popen`, `io.tmpfile` (a nameless file no --out bounds, that could
-- fill the disk), `package.loadlib`, `string.dump`, and every function of
-- the `debug` library except `debug.traceback` and `debug.getinfo`
-- (without option "f", which would hand out the functions on the stack:
-- paa.script finds its script with it). Kept: `os.exit` (a
-- script's status), `os.time`, `os.clock`, `os.date`, `os.difftime`,
-- `os.getenv`, `os.setlocale`, `io.write`/`print` to stdout, `io.stderr`.
--
-- **Code** is text only: `load`, `loadfile`, `dofile`, `require` and the
-- script itself are loaded in mode "t"; a chunk starting with the
-- bytecode signature, or mode "b", raises. `load` without an `env` gives
-- the chunk the globals, which *are* the sandbox. `require`, `loadfile`
-- and `dofile` load only from the **code folders**: the script's own
-- folder, the paa library folder (the one this module was loaded from),
-- the `PAA_PATH` folders, and `/usr/share/lua/5.4` (Debian's pure-Lua
-- libraries, e.g. argparse, dkjson; its files link to `../5.1`, so all of
-- `/usr/share/lua` counts) — all read-only. `package.path` is
-- set to those folders; `package.cpath` is empty and `package.searchers`
-- keeps only the preload searcher and a Lua searcher that checks the
-- file's real path and loads it as text (the stock one would accept
-- bytecode). The modules over the C cores linked into the host stay:
-- `paa.core`, `paa.text`, `lpeg` (C), `paa.dedup`, and `paa.corpus`,
-- `paa.lexicon`, `paa.store` (Lua modules over C cores) with their
-- path-taking functions wrapped (below); the cores themselves
-- (`paa.corpus.core`, ...) are not in reach. Any other preloaded C module
-- is refused until it has been reviewed for the sandbox (add it to
-- `REVIEWED`). Every wrapper calls the functions it was given when the
-- sandbox was put in place, never a method looked up on a handle when it
-- runs: a script can change the method tables of its handles (through
-- `getmetatable`), which would change what the wrapper calls.
--
-- **Files.** Reads (`io.open` in mode r or rb, `io.lines`, `io.input`,
-- `paa.open`, `paa.corpus.open`, `paa.corpus.open_file`,
-- `paa.lexicon.load`, `package.searchpath`)
-- only under: each argument of the script that names an existing file or
-- folder (`--opt=PATH` counts, as does `--opt PATH`), the code folders,
-- and the `--out` folder. Writes (`io.open` with w, a or +, `io.output`)
-- only under `--out DIR`; without it every write is refused. Paths are
-- compared by their real path (symbolic links and `..` resolved), so
-- neither a `..` nor a link can lead out; a file that does not exist yet
-- is placed through its nearest existing folder, and a dangling link on
-- the way is refused. Refusals raise "paa.sandbox: cannot read PATH:
-- outside the corpus and the script's folder", "... cannot write PATH:
-- no --out folder" or "... outside the --out folder DIR".
-- `package.searchpath` treats a file outside as not found.
--
-- **The command line.** `paa --sandbox [--out DIR] [--max-memory SIZE]
-- [--timeout SECONDS] [-e STAT] [-l MOD] SCRIPT ARGS...`, or with
-- `PAA_SANDBOX=1` (honoured even with `-E`: it only takes rights away).
-- `-e` and `-l` run inside the sandbox; `LUA_INIT` is not run; a script
-- file is required (no stdin, no `-i`, no interactive session). Memory is
-- capped at 1 GB unless `--max-memory` says otherwise (K, M, G; 0: no
-- cap); there is no time limit without `--timeout` (seconds, decimals
-- allowed). A violation is an ordinary error: status 1 unless the script
-- catches it. A run a limit stops exits with status 3 and one line from
-- the host, printed from C (memory may be exhausted): "paa: sandbox:
-- memory limit of 64 MB reached" or "paa: sandbox: time limit of 5 s
-- reached" — also when the script caught the error and ended with
-- `os.exit`. The clock is checked by a count hook every 10000
-- instructions; past the deadline the hook raises at every instruction,
-- so no `pcall` loop gets further; an alarm one second later ends the
-- process when the time goes where hooks do not reach (C code,
-- finalizers). `--max-memory` and `--timeout` work without `--sandbox`
-- too.
--
-- **Stores.** `paa.store.open` (and so `paa --db`, `PAA_DB`) takes
-- ":memory:", "" (a temporary file, gone at close; search.lua's) or a
-- file under `--out`, never a `file:` URI; a refusal is returned as
-- `nil, message`. The first two hold at most 1 GB (SQLite's
-- max_page_count), and a run opens at most 4 of them; every store's
-- temporary tables hold at most 1 GB, and SQLite's heap is held to
-- the memory cap (by the host). Every store is confined
-- (`db:confine()`): its SQL opens no other file, loads no code and
-- cannot raise those sizes. `db:ingest(paths, opts)` opens its corpus
-- as `paa.corpus.open` does here (checked, `within` set), with the
-- corpus options of `opts` (`max_bytes`, `all_files`, `words`, `warn`).
-- A store is busy while it ingests: closing it from the ingest's `warn`
-- raises (paa.store).
--
-- **Corpora.** A corpus is walked with `within` (paa.corpus.open) set to
-- the folders the script may read: a file or folder of the corpus whose
-- real path (the one the kernel opened, links resolved) lies elsewhere is
-- skipped with a warning, so a link in a corpus (`shadow.txt ->
-- /etc/shadow`) leads nowhere.
--
-- **Known limits.** The memory cap counts what Lua holds (every table,
-- string and document text) and what the C engines hold (an LSH index,
-- a lexicon); SQLite's heap is held to the same cap on its own, so the
-- process may reach about twice it. `os.getenv` shows the environment.
-- A script in a big folder (say $HOME) can read all of it: give
-- untrusted scripts their own folder.
-- @module paa.sandbox

local sandbox = {}

-- loaded now, before anything is restricted: it keeps the originals too
local restricted = require "paa.restricted"

-- where require found this file: its folder's parent is the paa library
local MODULE_FILE = select(2, ...)

-- The originals, taken when this module is loaded (before any script).
local type, select, error, tostring, rawget, rawlen, pairs, ipairs, getmetatable, assert =
      type, select, error, tostring, rawget, rawlen, pairs, ipairs, getmetatable, assert
local require = require
local s_find, s_sub, s_format, s_gsub, s_match, s_gmatch =
      string.find, string.sub, string.format, string.gsub, string.match, string.gmatch
local t_concat, t_unpack, next = table.concat, table.unpack, next
local math_type, running = math.type, coroutine.running
local real_load, real_loadfile = load, loadfile
local real_getinfo = debug.getinfo
local pcall = pcall
local real_open, real_lines, real_input, real_output =
      io.open, io.lines, io.input, io.output

-- Modules the sandbox has been checked against: true (nothing in it
-- touches files or the process) or the name of the wrapper below. They
-- are loaded (and wrapped) before the sandbox closes; then anything else
-- in package.preload is refused, the C cores under paa.corpus, paa.dedup
-- and paa.store included (their Lua modules keep them as upvalues).
local REVIEWED = {
  ["paa.core"] = true, ["paa.text"] = true, ["paa.dedup"] = true, lpeg = true,
  ["paa.corpus"] = "corpus", ["paa.lexicon"] = "lexicon", ["paa.store"] = "store",
}

local applied = false

-- the most an in-memory or temporary store, or a store's temporary
-- tables, may hold; how many such stores a run may open
local SCRATCH_BYTES, MAX_SCRATCH = 1 << 30, 4

-- The results of 'pcall(original, ...)' in a wrapper that tail-calls
-- this, or the error raised again as if the original had been called in
-- the wrapper's place: placed at the wrapper's caller (under pcall, the
-- original's luaL_error found no position) unless it has a position
-- already (raised by Lua code the original called), and named 'name'
-- where luaL_argerror could not tell the original's name.
local function relay(name, ok, ...)
  if ok then return ... end
  local msg = ...
  if type(msg) ~= "string" then error(msg, 0) end
  msg = s_gsub(msg, "^(bad argument #%d+ to )'%?'", "%1'" .. name .. "'", 1)
  if s_find(msg, "^%S+:%d+: ") then error(msg, 0) end
  error(msg, 2)
end

-- a function that raises "paa.sandbox: WHAT is not allowed in the sandbox"
local denied, is_binary = restricted.denied, restricted.is_binary

-- 's' with every plain occurrence of 'old' replaced by 'new'
local function replace(s, old, new)
  return (s_gsub(s, s_gsub(old, "%W", "%%%0"), (s_gsub(new, "%%", "%%%%"))))
end

-- the folder of an absolute real path ("/" for "/x")
local function folder_of(path)
  local dir = s_match(path, "^(.*)/[^/]*$")
  if dir == nil or dir == "" then return "/" end
  return dir
end

-- is the real path 'real' one of 'roots' or inside one?
local function within(real, roots)
  for i = 1, #roots do
    local r = roots[i]
    if real == r or r == "/" or s_sub(real, 1, #r + 1) == r .. "/" then return true end
  end
  return false
end

--- Put the sandbox in place: restrict the globals, the io, os, string,
-- debug and package tables, and the paa C modules, in place.
-- Called once, by the host, before the script is loaded; a second call
-- raises.
-- @tparam table cfg `script` (its path), `reads` (paths the script may
-- read under: its arguments that exist), `out` (the folder it may write
-- in, or nil: no writes), `paa_path` (the PAA_PATH variable, or nil),
-- `realpath` (the host's `realpath(path) -> real | nil, message`, which
-- resolves a path that does not exist yet through its nearest folder),
-- `limit` (the host's `limit(what)`: a store limit was reached, the run
-- ends with the limits' status)
function sandbox.apply(cfg)
  if applied then error("paa.sandbox: the sandbox is already in place", 2) end
  applied = true
  local realpath, limit = cfg.realpath, cfg.limit or function() end
  local function must_resolve(path, what)
    local r, err = realpath(path)
    if not r then error(s_format("paa.sandbox: %s %s: %s", what, path, tostring(err)), 0) end
    return r
  end

  -- the folders
  local script_real = must_resolve(cfg.script, "cannot find the script")
  local script_dir = folder_of(script_real)
  local lib_paths, libs = {}, {}  -- as given (package.path), and real
  local function add_lib(dir, root)
    local r = realpath(root or dir)
    local f = r and real_open(r, "r")  -- an existing, readable folder
    if f then
      f:close()
      lib_paths[#lib_paths + 1] = dir
      libs[#libs + 1] = r
    end
  end
  if cfg.paa_path then
    for dir in s_gmatch(cfg.paa_path, "[^;]+") do add_lib(dir) end
  end
  local lib_dir = type(MODULE_FILE) == "string" and s_match(MODULE_FILE, "^(.*)/paa/sandbox%.lua$")
  if lib_dir then add_lib(lib_dir) end
  lib_paths[#lib_paths + 1] = script_dir
  -- Debian links most of /usr/share/lua/5.4/*.lua to ../5.1
  add_lib("/usr/share/lua/5.4", "/usr/share/lua")
  local code_roots = { script_dir }
  for _, r in ipairs(libs) do code_roots[#code_roots + 1] = r end
  local out = cfg.out and must_resolve(cfg.out, "cannot use the --out folder")
  local read_roots = {}
  for _, p in ipairs(cfg.reads or {}) do
    local r = realpath(p)
    if r then read_roots[#read_roots + 1] = r end
  end
  for _, r in ipairs(code_roots) do read_roots[#read_roots + 1] = r end
  if out then read_roots[#read_roots + 1] = out end

  -- Why 'path' may not be read ("read"), written ("write") or loaded as
  -- code ("load"), or nil when it may; a value that is not a path is
  -- left to the original function to refuse.
  local function refusal(path, what)
    if type(path) == "number" then path = tostring(path) end
    if type(path) ~= "string" then return nil end
    if s_find(path, "\0", 1, true) then
      return s_format("paa.sandbox: cannot %s %q: a path with a zero byte", what, path)
    end
    local r, err = realpath(path)
    if not r then
      return s_format("paa.sandbox: cannot %s %s: %s", what, path, tostring(err))
    end
    if what == "write" then
      if not out then
        return s_format("paa.sandbox: cannot write %s: no --out folder", path)
      elseif not within(r, { out }) then
        return s_format("paa.sandbox: cannot write %s: outside the --out folder %s", path, out)
      end
    elseif what == "load" then
      if not within(r, code_roots) then
        return s_format("paa.sandbox: cannot load %s: outside the script's folder and the "
                        .. "paa library folders", path)
      end
    elseif not within(r, read_roots) then
      return s_format("paa.sandbox: cannot read %s: outside the corpus and the script's folder", path)
    end
    return nil
  end

  -- the same, raised at 'level'
  local function check(path, what, level)
    local msg = refusal(path, what)
    if msg then error(msg, level + 1) end
  end

  -- is 'file' allowed under 'roots' (no error)?
  local function allowed(file, roots)
    if s_find(file, "\0", 1, true) then return false end
    local r = realpath(file)
    return r ~= nil and within(r, roots)
  end

  local function no_bytecode(chunk, mode, level)
    if is_binary(chunk, mode) then
      error("paa.sandbox: binary chunks (bytecode) are not allowed in the sandbox", level + 1)
    end
  end

  -- package.searchpath as Lua 5.4 has it, trying only files under 'roots'
  -- (a file elsewhere is "not found", whether it exists or not)
  local function search(name, path, sep, rep, roots)
    if sep ~= "" and s_find(name, sep, 1, true) then name = replace(name, sep, rep) end
    local names = replace(path, "?", name)
    for file in s_gmatch(names .. ";", "([^;]*);") do
      if allowed(file, roots) then
        local f = real_open(file, "r")
        if f then
          f:close()
          return file
        end
      end
    end
    return nil, "no file '" .. replace(names, ";", "'\n\tno file '") .. "'"
  end

  local function checkstring(v, i, fname, optional)
    if optional and v == nil then return nil end
    if type(v) == "number" then return tostring(v) end
    if type(v) ~= "string" then
      error(s_format("bad argument #%d to '%s' (string expected, got %s)", i, fname,
                     v == nil and "no value" or type(v)), 3)
    end
    return v
  end

  -- debug.getinfo without option "f": the functions on the stack include
  -- the originals this module wraps (a metamethod of an 'opts' table
  -- runs while a wrapped C function is on the stack)
  local function safe_getinfo(...)
    local thread, f, what = ...
    local n = 1
    if type(thread) ~= "thread" then thread, f, what, n = nil, thread, f, 0 end
    if what == nil then what = "lnSrtu"
    elseif type(what) == "number" then what = tostring(what) end
    if type(what) == "string" then what = s_gsub(what, "f", "") end
    if math_type(f) == "integer" and (thread == nil or thread == running()) then
      f = f + 1  -- this function's own frame
    end
    local info
    if n == 1 then info = real_getinfo(thread, f, what)
    else info = real_getinfo(f, what) end
    return info
  end

  -- os, io, string, debug, package: in place
  os.execute, os.remove, os.rename, os.tmpname =
    denied("os.execute"), denied("os.remove"), denied("os.rename"), denied("os.tmpname")
  io.popen, io.tmpfile = denied("io.popen"), denied("io.tmpfile")
  string.dump = denied("string.dump")
  for k in pairs(debug) do
    if k ~= "traceback" then debug[k] = denied("debug." .. k) end
  end
  debug.getinfo = safe_getinfo
  package.loadlib = denied("package.loadlib")

  function io.open(filename, mode)
    local m = mode
    if m == nil then m = "r" elseif type(m) == "number" then m = tostring(m) end
    local writes = type(m) == "string" and s_find(m, "[wa+]") ~= nil
    check(filename, writes and "write" or "read", 2)
    return relay("open", pcall(real_open, filename, mode))
  end

  function io.lines(filename, ...)
    if filename ~= nil then check(filename, "read", 2) end
    return relay("lines", pcall(real_lines, filename, ...))
  end

  function io.input(file)
    if file ~= nil then check(file, "read", 2) end
    return relay("input", pcall(real_input, file))
  end

  function io.output(file)
    if file ~= nil then check(file, "write", 2) end
    return relay("output", pcall(real_output, file))
  end

  function _G.load(chunk, chunkname, mode, ...)
    no_bytecode(chunk, mode, 2)
    if select("#", ...) > 0 then return relay("load", pcall(real_load, chunk, chunkname, "t", (...))) end
    return relay("load", pcall(real_load, chunk, chunkname, "t"))
  end

  function _G.loadfile(filename, mode, ...)
    if filename ~= nil then check(filename, "load", 2) end
    no_bytecode(nil, mode, 2)
    if select("#", ...) > 0 then return relay("loadfile", pcall(real_loadfile, filename, "t", (...))) end
    return relay("loadfile", pcall(real_loadfile, filename, "t"))
  end

  function _G.dofile(filename)
    if filename ~= nil then check(filename, "load", 2) end
    local f, err = real_loadfile(filename, "t")
    if not f then error(err, 0) end
    return f()
  end

  function package.searchpath(name, path, sep, rep)
    name = checkstring(name, 1, "searchpath")
    path = checkstring(path, 2, "searchpath")
    sep = checkstring(sep, 3, "searchpath", true) or "."
    rep = checkstring(rep, 4, "searchpath", true) or "/"
    return search(name, path, sep, rep, read_roots)
  end

  -- the Lua searcher: package.path, files in the code folders, text only
  local function lua_searcher(name)
    local path = package.path
    if type(path) ~= "string" then error("'package.path' must be a string", 0) end
    local file, err = search(name, path, ".", "/", code_roots)
    if not file then return err end
    local f, lerr = real_loadfile(file, "t")
    if not f then
      error(s_format("error loading module '%s' from file '%s':\n\t%s", name, file, lerr), 0)
    end
    return f, file
  end

  -- the C modules: reviewed ones stay (wrapped where they take paths)
  local wrap = {}
  -- 'f' (called 'name' in errors), which reads the file its first
  -- argument names, checked first
  local function reading(f, name)
    return function(path, ...)
      check(path, "read", 2)
      return relay(name, pcall(f, path, ...))
    end
  end
  function wrap.corpus(corpus)
    local open = corpus.open
    -- the list is copied: an 'opts' with an __index could change it
    -- between this check and the C code reading it
    function corpus.open(paths, opts)
      if type(paths) == "table" then
        local copy = {}
        for i = 1, rawlen(paths) do
          local p = rawget(paths, i)
          check(p, "read", 2)
          copy[i] = p
        end
        paths = copy
      else
        check(paths, "read", 2)
      end
      -- the walk reads only what lies in the folders a script may read:
      -- a link in the corpus leads nowhere else (the options copied raw,
      -- 'within' set last)
      if opts == nil or type(opts) == "table" then
        local o = {}
        if opts ~= nil then
          for k, v in next, opts do o[k] = v end
        end
        o.within = { t_unpack(read_roots) }
        opts = o
      end
      return relay("open", pcall(open, paths, opts))
    end
    corpus.open_file = reading(corpus.open_file, "open_file")
  end
  -- a store: in memory, or a file under --out (SQLite writes beside it);
  -- confined to that file (paa.store's confine); a refusal is returned
  -- as `nil, message`, as store.open returns a file it cannot open
  function wrap.store(store)
    local open, corpus_open = store.open, require("paa.corpus").open  -- (wrapped above)
    -- the methods of paa.Store, from a store closed at once (the module
    -- does not give them); the ones the wrappers use are kept here
    local probe = assert(open(":memory:"))
    local methods = getmetatable(probe).__index
    local first, exec, confine, ingest = methods.first, methods.exec, methods.confine, methods.ingest
    methods.close(probe)
    local scratches = 0
    local scratch_dbs = setmetatable({}, { __mode = "k" })
    -- a store in memory or a temporary file that fills up has met its
    -- size limit: the run ends with the limits' status, whatever the
    -- script does with the 'nil, message' it gets
    local function filled(db, ok, a, b, ...)
      if ok and a == nil and scratch_dbs[db] and type(b) == "string"
          and s_find(b, "database or disk is full", 1, true) then
        limit(s_format("the size limit of %d GB of a store in memory or a temporary file reached",
                       SCRATCH_BYTES >> 30))
      end
      return ok, a, b, ...
    end
    for _, name in ipairs { "exec", "first", "transaction" } do
      local f = methods[name]
      methods[name] = function(db, ...) return relay(name, filled(db, pcall(f, db, ...))) end
    end
    function store.open(path, ...)
      local scratch = path == ":memory:" or path == ""
      if scratch then
        if scratches >= MAX_SCRATCH then
          local msg = s_format("%d stores in memory or temporary files are the most a run may open",
                               MAX_SCRATCH)
          limit(msg)
          return nil, "paa.sandbox: cannot open another store: " .. msg
        end
      else
        local msg = type(path) == "string" and s_find(path, "^file:") and
          s_format("paa.sandbox: cannot open %s: a store is named by its path, not a URI", path) or
          refusal(path, "write")
        if msg then return nil, msg end
      end
      local db, err = relay("open", pcall(open, path, ...))
      if db then
        -- what a scratch store and any store's temporary tables hold is in
        -- SQLite's memory or files no --out bounds: SCRATCH_BYTES each
        local pages = SCRATCH_BYTES // first(db, "PRAGMA page_size").page_size
        if scratch then
          scratches = scratches + 1
          scratch_dbs[db] = true
          exec(db, "PRAGMA max_page_count = " .. pages)
        end
        exec(db, "PRAGMA temp.max_page_count = " .. pages)
        confine(db)
      end
      return db, err
    end
    -- ingest reads a corpus: one opened here, within the folders the
    -- script may read, when it names paths, with the corpus options of
    -- 'opts' (read raw: an __index could answer differently later)
    local CORPUS_OPTS = { "max_bytes", "all_files", "words", "warn", "outlets" }
    function methods.ingest(db, c, opts, ...)
      if type(opts) == "table" then
        local o = {}
        for k, v in next, opts do o[k] = v end
        opts = o
      end
      if type(c) == "string" or type(c) == "table" then
        local paths = c
        if type(c) == "table" then
          paths = {}
          for i = 1, rawlen(c) do paths[i] = rawget(c, i) end
        end
        for _, p in ipairs(type(paths) == "table" and paths or { paths }) do check(p, "read", 2) end
        local copts
        if type(opts) == "table" then
          copts = {}
          for _, k in ipairs(CORPUS_OPTS) do copts[k] = opts[k] end
        end
        local corpus, err = relay("ingest", pcall(corpus_open, paths, copts))
        if not corpus then return nil, err end
        c = corpus
      end
      return relay("ingest", filled(db, pcall(ingest, db, c, opts, ...)))
    end
  end
  function wrap.lexicon(lexicon)
    lexicon.load = reading(lexicon.load, "load")
  end
  local preload, loaded = package.preload, package.loaded
  local names = {}
  for name in pairs(REVIEWED) do names[#names + 1] = name end
  table.sort(names)  -- paa.corpus is wrapped before paa.store, which uses it
  for _, name in ipairs(names) do
    local how, m = REVIEWED[name], require(name)
    if how ~= true then wrap[how](m) end
    preload[name] = function() return m end  -- not a fresh, unwrapped copy
  end
  names = {}
  for name in pairs(preload) do names[#names + 1] = name end
  for _, name in ipairs(names) do
    if REVIEWED[name] == nil then
      preload[name] = function()
        error(s_format("paa.sandbox: module '%s' is not allowed in the sandbox (it has not "
                       .. "been reviewed for it)", name), 3)
      end
      loaded[name] = nil
    end
  end
  preload["paa.sandbox"] = function() return sandbox end

  local searchers = package.searchers
  for i = #searchers, 2, -1 do searchers[i] = nil end
  searchers[2] = lua_searcher
  local entries = {}
  for _, dir in ipairs(lib_paths) do
    entries[#entries + 1] = dir .. "/?.lua;" .. dir .. "/?/init.lua"
  end
  package.path = t_concat(entries, ";")
  package.cpath = ""
end

return sandbox
