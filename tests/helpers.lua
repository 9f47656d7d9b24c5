-- helpers.lua: what the specs share. Runs the real paa binary, makes
-- fixture folders under a fresh temporary folder, and cleans up.
local helpers = {}

helpers.build = os.getenv("PAA_BUILD_DIR") or "build"
helpers.paa = helpers.build .. "/paa"
helpers.sanitize = os.getenv("PAA_SANITIZE") == "1"

--- Quote a string for the shell.
function helpers.q(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

local function slurp(path)
  local f = io.open(path, "rb")
  if not f then return "" end
  local s = f:read("a")
  f:close()
  return s
end
helpers.slurp = slurp

--- A folder for a sandboxed run: DIR/corpus/a.txt, DIR/secret.txt and
-- DIR/outside/b.txt (outside the corpus), DIR/script/ (for the script),
-- DIR/x/ (outside any --out). Returns DIR, absolute.
function helpers.sandbox_fixture()
  local dir = helpers.abs(helpers.tmpdir())
  helpers.write(dir .. "/corpus/a.txt", "Some news about a ferry that sails late on Fridays.\n")
  helpers.write(dir .. "/secret.txt", "the secret words\n")
  helpers.write(dir .. "/outside/b.txt", "more secret words\n")
  helpers.write(dir .. "/script/.keep", "")
  helpers.write(dir .. "/x/.keep", "")
  return dir
end

--- Whether 'path' can be opened for reading.
function helpers.exists(path)
  local f = io.open(path, "rb")
  if f then f:close() end
  return f ~= nil
end

--- Run a shell command; returns stdout, stderr, exit status.
-- @tparam string cmd
-- @tparam[opt] string stdin text fed to the command
function helpers.sh(cmd, stdin)
  local out, err, inp = os.tmpname(), os.tmpname(), os.tmpname()
  local f = assert(io.open(inp, "wb"))
  f:write(stdin or "")
  f:close()
  local ok, how, code = os.execute(string.format("(%s) <%s >%s 2>%s", cmd, inp, out, err))
  local o, e = slurp(out), slurp(err)
  os.remove(out); os.remove(err); os.remove(inp)
  if how == "signal" then code = 128 + code end
  return o, e, ok and 0 or code
end

-- 'dir' when its file 'probe' can be read, else nil
local function present(dir, probe)
  local f = io.open(dir .. "/" .. probe, "rb")
  if not f then return nil end
  f:close()
  return dir
end

--- The seed articles beside the checkout (../shared/corpus/seeds), or
-- nil where they are not (a clean clone elsewhere): specs that use them
-- are then pending.
function helpers.seeds()
  return present("../shared/corpus/seeds", "000_932b29f3d37aae34.txt")
end

--- The BBC stories beside the checkout (../shared/corpus/bbc), or nil
-- where they are not: specs that use them are then pending.
function helpers.bbc()
  return present("../shared/corpus/bbc", "business/001.txt")
end

--- The absolute path of an existing folder.
function helpers.abs(dir)
  return (helpers.sh("cd " .. helpers.q(dir) .. " && pwd"):gsub("\n$", ""))
end

--- Run the paa binary with shell-quoted arguments, as a user does: by
-- the name `paa`, found on PATH (the program name in its messages).
function helpers.run(args, stdin, env)
  local parts = {}
  for _, a in ipairs(args) do parts[#parts + 1] = helpers.q(a) end
  helpers.bin = helpers.bin or helpers.abs(helpers.build)
  return helpers.sh("PATH=" .. helpers.q(helpers.bin) .. ":\"$PATH\" " .. (env or "") ..
    " paa " .. table.concat(parts, " "), stdin)
end

--- A fresh temporary folder, removed by helpers.cleanup().
local made = {}
-- run paa with 'args' (as helpers.run), expect status 0 and decode the
-- JSON it printed
function helpers.json(args, stdin, env)
  local out, err, status = helpers.run(args, stdin, env)
  if status ~= 0 then error(string.format("exit status %s: %s", tostring(status), err), 2) end
  return require("cjson").decode(out)
end

function helpers.tmpdir()
  local name = os.tmpname()
  os.remove(name)
  assert(os.execute("mkdir -p " .. helpers.q(name)))
  made[#made + 1] = name
  return name
end

-- Specs read bad inputs on purpose; the host would count them as skipped
-- and exit with status 4 after a green run. Forget them.
function helpers.forget_skipped()
  require("paa.inputs").forget()
end

function helpers.cleanup()
  helpers.forget_skipped()
  for _, d in ipairs(made) do os.execute("chmod -R u+rwx " .. helpers.q(d) .. " && rm -rf " .. helpers.q(d)) end
  made = {}
end

--- Remove a SQLite store and its WAL and shared-memory files.
function helpers.rm_db(path)
  os.remove(path); os.remove(path .. "-wal"); os.remove(path .. "-shm")
end

--- Run 'code' as DIR/script/s.lua with --sandbox: 'opts' before the
-- script, 'args' after it (default: DIR/corpus). Returns stdout, stderr,
-- exit status.
function helpers.sandboxed(dir, code, args, opts)
  local script = helpers.write(dir .. "/script/s.lua", code)
  local cmd = { "--sandbox" }
  for _, o in ipairs(opts or {}) do cmd[#cmd + 1] = o end
  cmd[#cmd + 1] = script
  for _, a in ipairs(args or { dir .. "/corpus" }) do cmd[#cmd + 1] = a end
  return helpers.run(cmd)
end

--- Write a file (creating its folders); returns its path.
function helpers.write(path, content)
  local dir = path:match("^(.*)/[^/]*$")
  if dir then assert(os.execute("mkdir -p " .. helpers.q(dir))) end
  local f = assert(io.open(path, "wb"))
  f:write(content)
  f:close()
  return path
end

--- Read every document of a corpus with warnings captured.
-- @treturn table docs, table warnings (messages), paa.Corpus
function helpers.read(paths, opts)
  local corpus = require "paa.corpus"
  local warnings = {}
  opts = opts or {}
  opts.warn = function(msg) warnings[#warnings + 1] = msg end
  local c = assert(corpus.open(paths, opts))
  local docs = {}
  for d in c:docs() do docs[#docs + 1] = d end
  return docs, warnings, c
end

--- The error message of calling f(...), which must fail.
function helpers.error_of(f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  return tostring(err)
end

--- Assert that 'msg' contains the plain string 'part'.
function helpers.has(part, msg)
  assert(msg:find(part, 1, true), string.format("expected %q in %q", part, msg))
end

--- "p1 p2 ... pN" for i in a..b: distinct words, so shingle sets are known.
function helpers.words(a, b, prefix)
  local t = {}
  for i = a, b do t[#t + 1] = (prefix or "w") .. i end
  return table.concat(t, " ")
end

--- Open a local HTML file in headless Chromium (Debian's `chromium`),
-- its profile, cache and crash reports kept in a temporary folder (not
-- under $HOME). Fails with the install command when it is missing.
-- @tparam string file the page
-- @tparam string flags e.g. "--dump-dom"
-- @treturn string stdout, string stderr, integer status
function helpers.browse(file, flags)
  local path = helpers.sh("command -v chromium"):gsub("\n$", "")
  assert(path ~= "", "chromium is not installed; the HTML report specs need it: apt-get install -y chromium")
  local dir = helpers.abs(helpers.tmpdir())
  return helpers.sh(string.format("XDG_CONFIG_HOME=%s XDG_CACHE_HOME=%s timeout 60 %s --headless=new " ..
    "--no-sandbox --disable-gpu --user-data-dir=%s --enable-logging=stderr %s %s",
    helpers.q(dir), helpers.q(dir), helpers.q(path), helpers.q(dir .. "/profile"), flags,
    helpers.q("file://" .. (file:sub(1, 1) == "/" and file or os.getenv("PWD") .. "/" .. file))))
end

--- The lines of a Chromium stderr that come from the page's console
-- (JavaScript errors, blocked loads), joined; "" when there are none.
function helpers.console_errors(err)
  local bad = {}
  for line in err:gmatch("[^\n]+") do
    if line:find(":CONSOLE", 1, true) or line:find("Uncaught", 1, true) then bad[#bad + 1] = line end
  end
  return table.concat(bad, "\n")
end

--- Number of plain (non-overlapping) occurrences of 'part' in 's'.
function helpers.occurrences(s, part)
  local n, i = 0, 1
  while true do
    local a, b = s:find(part, i, true)
    if not a then return n end
    n, i = n + 1, b + 1
  end
end

return helpers
