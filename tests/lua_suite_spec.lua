-- Lua 5.4.4's own test suite (testes/) run against build/paa: paa accepts
-- the stock lua command line, so what the stock interpreter passes, paa
-- passes. The suite lives outside the project, in
-- ../shared/lua-tests/testes (PAA_LUA_TESTS, set by CMake from the cache
-- variable PAA_LUA_TESTS_DIR, names another place); where it is absent
-- the specs are pending. Each run is compared with the stock lua5.4 run
-- the same way: a run the stock interpreter fails too is pending, not a
-- failure of paa.
local h = require "helpers"

local TESTES = os.getenv("PAA_LUA_TESTS")
if not TESTES or TESTES == "" then TESTES = "../shared/lua-tests/testes" end

local present = h.exists

local HAVE_SUITE = present(TESTES .. "/all.lua") and present(TESTES .. "/main.lua")
local STOCK = h.sh("command -v lua5.4"):match("^(%S+)")
local PAA = HAVE_SUITE and h.abs(h.build) .. "/paa"

-- Run 'interp args' inside testes/ in a process group of its own, with a
-- time limit; then end whatever is left of that group (main.lua's Ctrl-C
-- block starts background interpreters, which a failed check would leave
-- running). Returns stdout and stderr together, and the exit status.
local function run_suite(interp, args, stdin)
  local dir = h.tmpdir()
  local pidfile, log = dir .. "/pgid", dir .. "/log"
  local inner = "echo $$ > " .. h.q(pidfile) .. "; exec timeout 300 " .. h.q(interp) .. " " .. args
  local cmd = "cd " .. h.q(TESTES) .. " && setsid -w sh -c " .. h.q(inner) .. " > " .. h.q(log) .. " 2>&1"
  local _, _, status = h.sh(cmd, stdin)
  local pgid = h.slurp(pidfile):match("%d+")
  -- (dash's kill, which os.execute runs, takes no "--")
  if pgid then os.execute("kill -KILL -" .. pgid .. " 2>/dev/null") end
  return h.slurp(log), status
end

-- Run the suite up to five times until it passes: main.lua's Ctrl-C
-- test races (its background interpreter may print its first line before
-- the shell prints the interpreter's pid, which the test reads first), so
-- a busy machine can fail one run of either interpreter.
local function passes(interp, args, ok, stdin)
  local out, status
  for _ = 1, 5 do
    out, status = run_suite(interp, args, stdin)
    if status == 0 and out:find(ok, 1, true) then return true, out, status end
  end
  return false, out, status
end

-- 'name': run the suite with paa and, when it is there, with lua5.4; paa
-- must succeed and print 'ok' wherever the stock interpreter does
local function compare(name, args, ok, stdin)
  local test = HAVE_SUITE and it or pending
  test(name, function()
    if STOCK then
      local good, _, status = passes(STOCK, args, ok, stdin)
      if not good then
        pending("the stock lua5.4 fails this run too (status " .. status .. ")")
        return
      end
    end
    local _, out, status = passes(PAA, args, ok, stdin)
    assert.are.equal(0, status, out)
    assert.truthy(out:find(ok, 1, true), out)
  end)
end

describe("Lua 5.4.4's test suite under paa", function()
  after_each(h.cleanup)

  if not HAVE_SUITE then
    pending("no Lua test suite in " .. TESTES .. " (set PAA_LUA_TESTS)")
  end

  -- user mode: every test that does not need Lua's internal test
  -- library; files.lua reads standard input, given here as a pipe
  compare("passes all.lua in user mode (-e\"_U=true\")", '-e"_U=true" all.lua', "final OK !!!", "\n")

  -- the stand-alone interpreter: arguments, -e -l -i -v -E -W, -, arg,
  -- LUA_INIT, LUA_PATH, LUA_CPATH, the program name in messages, the
  -- REPL's prompt and print, os.exit, Ctrl-C; 'progname' is arg[-1], as
  -- when all.lua runs it
  compare("passes main.lua (the command line) in full mode", "main.lua", "\nOK\n")
end)
