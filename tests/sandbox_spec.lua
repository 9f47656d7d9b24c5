-- paa --sandbox: every way out that a script from someone else might try,
-- each tried by a real script run through the real host, and the shipped
-- scripts still working (same output) inside the sandbox.
local h = require "helpers"
local _  -- what a call returns that a test does not look at

-- a fixture: DIR/script/ (the script's folder), DIR/corpus/a.txt,
-- DIR/secret.txt (outside everything), DIR/out/ (not made)
local function fixture()
  local dir = h.abs(h.tmpdir())
  h.write(dir .. "/corpus/a.txt", "Title: A\n\nSome news about a deal.\n")
  h.write(dir .. "/secret.txt", "the secret\n")
  h.write(dir .. "/script/data.txt", "beside the script\n")
  return dir
end

local sandboxed = h.sandboxed

-- the script fails with exit status 1 and a message containing 'part'
local function refused(part, out, err, status)
  assert.are.equal(1, status, "expected a failure, got stdout: " .. out .. "\nstderr: " .. err)
  h.has(part, err)
end

local exists = h.exists

describe("paa --sandbox", function()
  after_each(h.cleanup)

  describe("takes away what runs commands or touches the system", function()
    it("os.execute", function()
      local dir = fixture()
      refused("paa.sandbox: os.execute is not allowed in the sandbox",
              sandboxed(dir, 'os.execute("touch ' .. dir .. '/ran")'))
      assert.is_false(exists(dir .. "/ran"))
    end)

    it("io.popen", function()
      local dir = fixture()
      refused("paa.sandbox: io.popen is not allowed in the sandbox",
              sandboxed(dir, 'io.popen("touch ' .. dir .. '/ran")'))
      assert.is_false(exists(dir .. "/ran"))
    end)

    it("package.loadlib, and C modules on package.cpath", function()
      local dir = fixture()
      refused("paa.sandbox: package.loadlib is not allowed in the sandbox",
              sandboxed(dir, 'package.loadlib("/lib/x86_64-linux-gnu/libc.so.6", "system")'))
      -- a C module next to the script is not even looked for
      h.write(dir .. "/script/evil.so", "not really a library")
      local out, err, status = sandboxed(dir, [[
        package.cpath = package.cpath .. ";]] .. dir .. [[/script/?.so"
        print(#package.searchers, pcall(require, "evil"))]])
      assert.are.equal(0, status, err)
      assert.matches("^2\tfalse\tmodule 'evil' not found:", out)
    end)

    it("os.remove and os.rename (and os.tmpname, which makes a file)", function()
      local dir = fixture()
      local a = dir .. "/corpus/a.txt"
      refused("paa.sandbox: os.remove is not allowed in the sandbox",
              sandboxed(dir, 'os.remove("' .. a .. '")'))
      refused("paa.sandbox: os.rename is not allowed in the sandbox",
              sandboxed(dir, 'os.rename("' .. a .. '", "' .. dir .. '/b.txt")'))
      refused("paa.sandbox: os.tmpname is not allowed in the sandbox", sandboxed(dir, "os.tmpname()"))
      assert.is_true(exists(a))
      assert.is_false(exists(dir .. "/b.txt"))
    end)

    it("keeps os.exit, os.time, os.clock, os.date, os.getenv", function()
      local dir = fixture()
      local out, err, status = sandboxed(dir, [[
        print(type(os.time()), type(os.clock()), os.date("!%Y", 0), os.getenv("HOME") ~= nil)
        os.exit(4)]])
      assert.are.equal(4, status, err)
      assert.are.equal("number\tnumber\t1970\ttrue\n", out)
    end)

    it("the debug library: getregistry, sethook, getupvalue, getlocal, setmetatable", function()
      local dir = fixture()
      for _, call in ipairs { "debug.getregistry()", "debug.sethook()", "debug.getupvalue(io.open, 1)",
                              "debug.getlocal(1, 1)", "debug.setmetatable(1, {})",
                              "debug.upvaluejoin(print, 1, print, 1)" } do
        local name = call:match("^[%w.]+")
        refused("paa.sandbox: " .. name .. " is not allowed in the sandbox", sandboxed(dir, call))
      end
      -- require "debug" gives the same, emptied, table
      refused("paa.sandbox: debug.getregistry is not allowed in the sandbox",
              sandboxed(dir, 'require("debug").getregistry()'))
    end)

    it("keeps debug.traceback, and debug.getinfo without the functions on the stack", function()
      local dir = fixture()
      local out, err, status = sandboxed(dir, [[
        local info = debug.getinfo(1)
        print(info.source, info.currentline, info.func)
        print(debug.getinfo(1, "f").func, debug.getinfo(print).what)
        local function f() return debug.getinfo(2, "l").currentline end
        print(f())
        print((debug.traceback("tb"):match("^tb\nstack traceback:")))]])
      assert.are.equal(0, status, err)
      local script = dir .. "/script/s.lua"
      assert.are.equal("@" .. script .. "\t1\tnil\nnil\tC\n5\ntb\nstack traceback:\n", out)
    end)
  end)

  describe("loads text, never bytecode", function()
    it("string.dump is gone, so load(string.dump(f)) fails", function()
      local dir = fixture()
      refused("paa.sandbox: string.dump is not allowed in the sandbox",
              sandboxed(dir, "print(load(string.dump(function() return 1 end)))"))
      -- reached through the string metatable: the same table
      refused("paa.sandbox: string.dump is not allowed in the sandbox",
              sandboxed(dir, 'getmetatable("").__index.dump(print)'))
    end)

    it("load of a binary chunk, in mode \"b\" or not", function()
      local dir = fixture()
      local bytes = string.dump(function() return 42 end)
      h.write(dir .. "/script/chunk.bin", bytes)
      local read = 'local f = io.open("' .. dir .. '/script/chunk.bin", "rb") local b = f:read("a") f:close() '
      refused("paa.sandbox: binary chunks (bytecode) are not allowed in the sandbox",
              sandboxed(dir, read .. 'print(load(b, "x", "b"))'))
      refused("paa.sandbox: binary chunks (bytecode) are not allowed in the sandbox",
              sandboxed(dir, read .. 'print(load(b))'))
      refused("paa.sandbox: binary chunks (bytecode) are not allowed in the sandbox",
              sandboxed(dir, 'print(load("\\27Lua garbage", "x", "bt"))'))
      -- a reader function cannot smuggle it in either
      local out, err, status = sandboxed(dir, read ..
        'local done print(load(function() if not done then done = true return b end end))')
      assert.are.equal(0, status, err)
      assert.matches("^nil\tattempt to load a binary chunk %(mode is 't'%)", out)
    end)

    it("loadfile, dofile and require of a bytecode file", function()
      local dir = fixture()
      h.write(dir .. "/script/mod.lua", string.dump(function() return 42 end))
      local out, err, status = sandboxed(dir, 'print(loadfile("' .. dir .. '/script/mod.lua"))')
      assert.are.equal(0, status, err)
      assert.matches("attempt to load a binary chunk %(mode is 't'%)", out)
      refused("attempt to load a binary chunk", sandboxed(dir, 'dofile("' .. dir .. '/script/mod.lua")'))
      refused("attempt to load a binary chunk", sandboxed(dir, 'require "mod"'))
    end)

    it("refuses a script that is bytecode", function()
      local dir = fixture()
      local script = h.write(dir .. "/script/b.lua", string.dump(load("print('escaped')")))
      local out, err, status = h.run { "--sandbox", script }
      assert.are.equal(1, status)
      assert.are.equal("", out)
      h.has("attempt to load a binary chunk (mode is 't')", err)
      -- (without the sandbox, bytecode runs as in the stock lua)
      out = h.run { script }
      assert.are.equal("escaped\n", out)
    end)
  end)

  describe("gives no way back to the real globals", function()
    it("load with _ENV or without an env sees the sandboxed os", function()
      local dir = fixture()
      for _, code in ipairs { 'load("return os", "x", "t", _ENV)().execute("true")',
                              'load("return os")().execute("true")',
                              'load("return _G", "x", "t", _ENV)().os.execute("true")',
                              'load("os.execute(\'true\')", "x", "t", { os = _G.os })()' } do
        refused("paa.sandbox: os.execute is not allowed in the sandbox", sandboxed(dir, code))
      end
      -- an explicit nil env is still nil
      local out, err, status = sandboxed(dir, 'print(pcall(load("return os", "x", "t", nil)))')
      assert.are.equal(0, status, err)
      assert.matches("^false\t.*attempt to index a nil value", out)
    end)

    it("require and package.loaded give the sandboxed os, io, debug", function()
      local dir = fixture()
      refused("paa.sandbox: os.execute is not allowed", sandboxed(dir, 'require("os").execute("true")'))
      refused("paa.sandbox: io.popen is not allowed", sandboxed(dir, 'require("io").popen("true")'))
      refused("paa.sandbox: os.execute is not allowed",
              sandboxed(dir, 'package.loaded.os.execute("true")'))
      refused("paa.sandbox: os.execute is not allowed",
              sandboxed(dir, 'package.loaded._G.os.execute("true")'))
      refused("paa.sandbox: debug.sethook is not allowed",
              sandboxed(dir, 'package.loaded.debug.sethook()'))
      -- forgotten, a standard library cannot be had again (as in the stock lua)
      refused("module 'os' not found", sandboxed(dir, 'package.loaded.os = nil require("os")'))
    end)

    it("the preloaded C modules come back wrapped, the sandbox cannot be applied twice", function()
      local dir = fixture()
      refused("paa.sandbox: cannot read /etc", sandboxed(dir,
        'package.loaded["paa.corpus"] = nil package.preload["paa.corpus"]().open("/etc")'))
      refused("paa.sandbox: cannot read /etc/passwd", sandboxed(dir,
        'package.preload["paa.lexicon"]().load("/etc/passwd")'))
      refused("paa.sandbox: the sandbox is already in place", sandboxed(dir,
        'package.loaded["paa.sandbox"] = nil require("paa.sandbox").apply{ script = "/x", reads = { "/" } }'))
    end)

    it("an opts table's metamethods cannot swap a corpus path after the check", function()
      local dir = fixture()
      local out, err, status = sandboxed(dir, [[
        local paths = { arg[1] }
        local leaked
        local opts = setmetatable({}, { __index = function()
          paths[1] = "/etc"
          leaked = leaked or debug.getinfo(2, "f").func
        end })
        local c = assert(require("paa.corpus").open(paths, opts))
        print(#c:roots(), c:roots()[1] == arg[1], leaked)]])
      assert.are.equal(0, status, err)
      assert.are.equal("1\ttrue\tnil\n", out)
    end)
  end)

  describe("reads only the corpus, the script's folder and the library", function()
    it("io.open and io.lines of /etc/passwd", function()
      local dir = fixture()
      refused("paa.sandbox: cannot read /etc/passwd: outside the corpus and the script's folder",
              sandboxed(dir, 'io.open("/etc/passwd")'))
      refused("paa.sandbox: cannot read /etc/passwd: outside the corpus and the script's folder",
              sandboxed(dir, 'for l in io.lines("/etc/passwd") do print(l) end'))
      refused("paa.sandbox: cannot read /etc/passwd", sandboxed(dir, 'io.input("/etc/passwd") print(io.read())'))
    end)

    it("reads the corpus, the script's folder and the paa library", function()
      local dir = fixture()
      local out, err, status = sandboxed(dir, [[
        local f = assert(io.open(arg[1] .. "/a.txt")) print(f:read("l")) f:close()
        for l in io.lines("]] .. dir .. [[/script/data.txt") do print(l) end
        print(io.open(arg[1] .. "/missing.txt"))
        local p = assert(package.searchpath("paa.data.outlets", (package.path:gsub("%.lua", ".txt"))))
        print(assert(io.open(p)):read("l") ~= nil)]])
      assert.are.equal(0, status, err)
      assert.matches("^Title: A\nbeside the script\nnil\t[^\n]*missing.txt: No such file or directory\t2\ntrue\n$", out)
    end)

    it("places the errors of the functions it wraps at the script's line", function()
      local dir = fixture()
      refused(dir .. "/script/s.lua:2: cannot open file 'nofile' (No such file or directory)",
              sandboxed(dir, '\nfor l in io.lines("nofile") do end', { "." }))
      refused(dir .. "/script/s.lua:1: bad argument #1 to 'open' (string or array of strings expected",
              sandboxed(dir, 'require("paa.corpus").open(true)'))
    end)

    it("a relative path with .. out of the corpus", function()
      local dir = fixture()
      refused("paa.sandbox: cannot read " .. dir .. "/corpus/../secret.txt: outside",
              sandboxed(dir, 'io.open(arg[1] .. "/../secret.txt")'))
      -- relative to the working folder too
      local out, err, status = h.run { "--sandbox", h.write(dir .. "/script/s.lua",
        'print(pcall(io.open, "../secret.txt"))'), "." }
      assert.are.equal(0, status, err)
      assert.matches("^false\tpaa.sandbox: cannot read %.%./secret.txt: outside", out)
    end)

    it("a symbolic link placed in the corpus, pointing outside", function()
      local dir = fixture()
      assert(os.execute("ln -s ../secret.txt " .. h.q(dir .. "/corpus/link.txt")))
      assert(os.execute("ln -s / " .. h.q(dir .. "/corpus/root")))
      refused("paa.sandbox: cannot read " .. dir .. "/corpus/link.txt: outside",
              sandboxed(dir, 'print(io.open(arg[1] .. "/link.txt"):read("a"))'))
      refused("paa.sandbox: cannot read " .. dir .. "/corpus/root/etc/passwd: outside",
              sandboxed(dir, 'print(io.open(arg[1] .. "/root/etc/passwd"):read("a"))'))
      refused("paa.sandbox: cannot read " .. dir .. "/corpus/root: outside",
              sandboxed(dir, 'paa = require "paa" paa.open(arg[1] .. "/root")'))
    end)

    it("paa.open, paa.corpus.open and paa.lexicon.load outside", function()
      local dir = fixture()
      refused("paa.sandbox: cannot read /etc: outside the corpus and the script's folder",
              sandboxed(dir, 'local paa = require "paa" paa.open("/etc")'))
      refused("paa.sandbox: cannot read /etc: outside",
              sandboxed(dir, 'require("paa.corpus").open({ arg[1], "/etc" })'))
      refused("paa.sandbox: cannot read /etc/passwd: outside",
              sandboxed(dir, 'require("paa.lexicon").load("/etc/passwd")'))
      -- the corpus itself opens, and its documents are read
      local out, err, status = sandboxed(dir, [[
        local paa = require "paa"
        for d in assert(paa.open(arg[1])):docs() do print(d.text:match("a deal")) end]])
      assert.are.equal(0, status, err)
      assert.are.equal("a deal\n", out)
    end)

    it("package.searchpath cannot tell whether a file exists outside", function()
      local dir = fixture()
      local out, err, status = sandboxed(dir, [[
        print(package.searchpath("passwd", "/etc/?"))
        print(package.searchpath("nothing", "/etc/?"))
        print(package.searchpath("data", "]] .. dir .. [[/script/?.txt"))]])
      assert.are.equal(0, status, err)
      assert.are.equal("nil\tno file '/etc/passwd'\nnil\tno file '/etc/nothing'\n" ..
                       dir .. "/script/data.txt\n", out)
    end)

    it("require finds modules beside the script and in the library, nowhere else", function()
      local dir = fixture()
      h.write(dir .. "/script/helper.lua", "return { answer = 42 }")
      h.write(dir .. "/elsewhere/other.lua", "return { answer = 0 }")
      local out, err, status = sandboxed(dir, [[
        print(require("helper").answer, type(require("paa.report").table))
        package.path = package.path .. ";]] .. dir .. [[/elsewhere/?.lua"
        print(pcall(require, "other"))
        print(pcall(dofile, "]] .. dir .. [[/elsewhere/other.lua"))
        print(pcall(loadfile, "]] .. dir .. [[/corpus/a.txt"))]])
      assert.are.equal(0, status, err)
      local lines = {}
      for l in out:gmatch("[^\n]+") do lines[#lines + 1] = l end
      assert.are.equal("42\tfunction", lines[1])
      assert.matches("^false\tmodule 'other' not found:", lines[2])
      h.has("paa.sandbox: cannot load " .. dir .. "/elsewhere/other.lua: outside the script's folder " ..
            "and the paa library folders", out)
      h.has("paa.sandbox: cannot load " .. dir .. "/corpus/a.txt: outside", out)
    end)

    it("requires Debian's pure-Lua libraries (their files link into /usr/share/lua/5.1)", function()
      local dir = fixture()
      local f = io.open("/usr/share/lua/5.4/argparse.lua")
      if not f then pending("no /usr/share/lua/5.4/argparse.lua (lua-argparse)") return end
      f:close()
      local out, err, status = sandboxed(dir, 'print(type(require("argparse")))')
      assert.are.equal(0, status, err)
      assert.are.equal("table\n", out)
    end)
  end)

  describe("writes only under --out", function()
    it("refuses any write without --out", function()
      local dir = fixture()
      refused("paa.sandbox: cannot write " .. dir .. "/corpus/new.txt: no --out folder",
              sandboxed(dir, 'io.open(arg[1] .. "/new.txt", "w")'))
      refused("paa.sandbox: cannot write " .. dir .. "/corpus/a.txt: no --out folder",
              sandboxed(dir, 'io.open(arg[1] .. "/a.txt", "r+")'))
      refused("paa.sandbox: cannot write " .. dir .. "/corpus/a.txt: no --out folder",
              sandboxed(dir, 'io.open(arg[1] .. "/a.txt", "a")'))
      refused("paa.sandbox: cannot write " .. dir .. "/corpus/new.txt: no --out folder",
              sandboxed(dir, 'io.output(arg[1] .. "/new.txt")'))
      assert.is_false(exists(dir .. "/corpus/new.txt"))
      assert.are.equal("Title: A\n\nSome news about a deal.\n", h.slurp(dir .. "/corpus/a.txt"))
    end)

    it("refuses a write outside --out, through .. or a dangling link too", function()
      local dir = fixture()
      local opts = { "--out", dir .. "/out" }
      refused("paa.sandbox: cannot write " .. dir .. "/elsewhere.txt: outside the --out folder " .. dir .. "/out",
              sandboxed(dir, 'io.open("' .. dir .. '/elsewhere.txt", "w")', nil, opts))
      refused("paa.sandbox: cannot write " .. dir .. "/out/../elsewhere.txt: outside the --out folder",
              sandboxed(dir, 'io.open("' .. dir .. '/out/../elsewhere.txt", "w")', nil, opts))
      assert(os.execute("ln -s " .. h.q(dir .. "/made-by-link.txt") .. " " .. h.q(dir .. "/out/dangling")))
      refused("paa.sandbox: cannot write " .. dir .. "/out/dangling: a dangling symbolic link is on the way",
              sandboxed(dir, 'io.open("' .. dir .. '/out/dangling", "w")', nil, opts))
      assert.is_false(exists(dir .. "/elsewhere.txt"))
      assert.is_false(exists(dir .. "/made-by-link.txt"))
    end)

    it("lets a script write its report under --out (made when missing)", function()
      local dir = fixture()
      local out, err, status = sandboxed(dir, [[
        local f = assert(io.open("]] .. dir .. [[/out/report.md", "w"))
        f:write("# Report\n") f:close()
        io.output("]] .. dir .. [[/out/second.txt") io.write("two\n") io.close()
        print(io.open("]] .. dir .. [[/out/report.md"):read("a"))]], nil, { "--out", dir .. "/out" })
      assert.are.equal(0, status, err)
      assert.are.equal("# Report\n\n", out)
      assert.are.equal("# Report\n", h.slurp(dir .. "/out/report.md"))
      assert.are.equal("two\n", h.slurp(dir .. "/out/second.txt"))
    end)
  end)

  describe("limits", function()
    it("stops an endless loop at --timeout with status 3", function()
      local dir = fixture()
      local out, err, status = sandboxed(dir, 'print("started") while true do end', nil, { "--timeout", "1" })
      assert.are.equal(3, status)
      assert.are.equal("started\n", out)
      assert.are.equal("paa: sandbox: time limit of 1 s reached\n", err)
    end)

    it("stops an endless loop inside pcall, and one in a coroutine", function()
      local dir = fixture()
      local _, err, status = sandboxed(dir, [[
        while true do print(pcall(function() while true do end end)) end]], nil, { "--timeout", "0.5" })
      assert.are.equal(3, status)
      assert.are.equal("paa: sandbox: time limit of 0.5 s reached\n", err)
      local out
      out, err, status = sandboxed(dir, [[
        local co = coroutine.wrap(function() while true do end end)
        print(pcall(co)) print("not reached")]], nil, { "--timeout", "0.5" })
      assert.are.equal(3, status)
      assert.are.equal("", out)
      assert.are.equal("paa: sandbox: time limit of 0.5 s reached\n", err)
    end)

    it("stops a loop hooks cannot see (a finalizer) a second after the deadline", function()
      local dir = fixture()
      local _, err, status = sandboxed(dir,
        'setmetatable({}, { __gc = function() while true do end end }) collectgarbage()', nil,
        { "--timeout", "0.5" })
      assert.are.equal(3, status)
      h.has("paa: sandbox: time limit of 0.5 s reached", err)
    end)

    it("stops a memory bomb at --max-memory with status 3", function()
      local dir = fixture()
      local out, err, status = sandboxed(dir,
        'print("started") local t = {} for i = 1, 1e9 do t[i] = ("x"):rep(1000) end', nil,
        { "--max-memory", "64M" })
      assert.are.equal(3, status)
      assert.are.equal("started\n", out)
      assert.are.equal("paa: sandbox: memory limit of 64 MB reached\n", err)
    end)

    it("says so even when the script catches the error and exits itself", function()
      local dir = fixture()
      local out, err, status = sandboxed(dir, [[
        local ok, e = pcall(function() local t = {} for i = 1, 1e9 do t[i] = ("x"):rep(1000) end end)
        print(ok, e) os.exit(0)]], nil, { "--max-memory=32M" })
      assert.are.equal(3, status)
      assert.are.equal("false\tnot enough memory\n", out)
      assert.are.equal("paa: sandbox: memory limit of 32 MB reached\n", err)
    end)

    it("lets a big string within the cap through, and a single huge one fail", function()
      local dir = fixture()
      local out, err, status = sandboxed(dir, [[
        local s = ("x"):rep(20 * 1024 * 1024) s = nil collectgarbage()
        print(pcall(string.rep, "x", 1e9))]], nil, { "--max-memory", "64M" })
      assert.are.equal(3, status)
      assert.are.equal("false\tnot enough memory\n", out)
      h.has("memory limit of 64 MB reached", err)
    end)

    it("does not count a growth that a full collection made room for", function()
      local dir = fixture()
      local out, err, status = sandboxed(dir, [[
        collectgarbage("stop")  -- garbage piles up to the cap: Lua collects and tries again
        local keep = ("k"):rep(8 * 1024 * 1024)
        for i = 1, 3e6 do local t = { i, i, i } end
        print("done", #keep)]], nil, { "--max-memory", "24M" })
      assert.are.equal(0, status, err)
      assert.are.equal("done\t8388608\n", out)
    end)

    it("--max-memory and --timeout also work without --sandbox", function()
      local dir = fixture()
      local script = h.write(dir .. "/loop.lua", "while true do end")
      local _, err, status = h.run { "--timeout", "0.3", script }
      assert.are.equal(3, status)
      assert.are.equal("paa: sandbox: time limit of 0.3 s reached\n", err)
      script = h.write(dir .. "/bomb.lua", 'local t = {} for i = 1, 1e9 do t[i] = ("x"):rep(1000) end')
      _, err, status = h.run { "--max-memory", "16M", script }
      assert.are.equal(3, status)
      assert.are.equal("paa: sandbox: memory limit of 16 MB reached\n", err)
    end)
  end)

  describe("command line", function()
    it("lists the options in --help", function()
      local out = h.run { "--help" }
      for _, o in ipairs { "--sandbox", "--out DIR", "--max-memory SIZE", "--timeout SECS", "PAA_SANDBOX" } do
        h.has(o, out)
      end
    end)

    it("PAA_SANDBOX=1 is --sandbox", function()
      local dir = fixture()
      local script = h.write(dir .. "/script/s.lua", 'os.execute("true")')
      local _, err, status = h.run({ script }, nil, "PAA_SANDBOX=1")
      assert.are.equal(1, status)
      h.has("paa.sandbox: os.execute is not allowed in the sandbox", err)
      _, err, status = h.run({ "-E", script }, nil, "PAA_SANDBOX=1")
      assert.are.equal(1, status)
      h.has("os.execute is not allowed", err)
      _, err, status = h.run({ script }, nil, "PAA_SANDBOX=0")
      assert.are.equal(0, status, err)
    end)

    it("rejects bad values, --out without --sandbox, and a sandbox with no script", function()
      local out, err, status = h.run { "--timeout", "soon", "x.lua" }
      assert.are.equal(2, status)
      assert.are.equal("", out)
      assert.matches("^paa: %-%-timeout: 'soon' is not a number of seconds", err)
      _, err, status = h.run { "--max-memory", "lots", "x.lua" }
      assert.are.equal(2, status)
      assert.matches("^paa: %-%-max%-memory: 'lots' is not a size", err)
      _, err, status = h.run { "--sandbox", "--timeout" }
      assert.are.equal(2, status)
      assert.matches("^paa: '%-%-timeout' needs a number of seconds", err)
      local dir = fixture()
      _, err, status = h.run { "--out", dir .. "/out", "-e", "print(1)" }
      assert.are.equal(2, status)
      h.has("--out goes with --sandbox", err)
      _, err, status = h.run({ "--sandbox" }, "print(1)")
      assert.are.equal(2, status)
      h.has("--sandbox needs a script file", err)
      _, err, status = h.run { "--sandbox", "-i", h.write(dir .. "/script/s.lua", "") }
      assert.are.equal(2, status)
      h.has("--sandbox needs a script file", err)
    end)

    it("runs -e chunks inside the sandbox, and no LUA_INIT", function()
      local dir = fixture()
      local script = h.write(dir .. "/script/s.lua", "print(x)")
      local out, err, status = h.run({ "--sandbox", "-e", "x = 1", script }, nil, "LUA_INIT='x = 2'")
      assert.are.equal(0, status, err)
      assert.are.equal("1\n", out)
      _, err, status = h.run { "--sandbox", "-e", "os.execute('true')", script }
      assert.are.equal(1, status)
      h.has("os.execute is not allowed", err)
    end)

    it("changes nothing without --sandbox", function()
      -- (five searchers: Lua's four and paa's, which finds paa's modules)
      local out, err, status = h.run { "-e", "print(type(os.execute), type(debug.getregistry), " ..
        "type(string.dump), #package.searchers, package.cpath ~= '')" }
      assert.are.equal(0, status, err)
      assert.are.equal("function\tfunction\tfunction\t5\ttrue\n", out)
    end)
  end)

  describe("the shipped scripts", function()
    for _, case in ipairs {
      { "overview" }, { "dupes" }, { "tensions" }, { "deals" },
      { "tensions", "--format", "json" }, { "deals", "--format", "csv" }, { "dupes", "--format", "md" },
    } do
      local name = table.concat(case, " ")
      it(name .. " gives the same output sandboxed", function()
        local args = { "scripts/" .. case[1] .. ".lua", "corpus/" }
        for i = 2, #case do args[#args + 1] = case[i] end
        local out, err, status = h.run(args)
        local sargs = { "--sandbox", "--timeout", "120" }
        for _, a in ipairs(args) do sargs[#sargs + 1] = a end
        local sout, serr, sstatus = h.run(sargs)
        assert.are.equal(status, sstatus, serr)
        assert.are.equal(err, serr)
        assert.are.equal(out, sout)
        assert.is_true(#out > 100)
      end)
    end

    it("a script may write its report under --out", function()
      local dir = h.abs(h.tmpdir())
      local script = h.write(dir .. "/script/save.lua", [[
        local paa = require "paa"
        local report = require "paa.report"
        local corpus = assert(paa.open(arg[1]))
        local n = 0
        for _ in corpus:docs() do n = n + 1 end
        local f = assert(io.open(arg[2] .. "/count.csv", "w"))
        f:write(report.csv{ columns = { { key = "docs", title = "docs" } }, rows = { { docs = n } } })
        f:close()]])
      local _, err, status = h.run { "--sandbox", "--out", dir .. "/out", script, "corpus/", dir .. "/out" }
      assert.are.equal(0, status, err)
      assert.matches("^docs\r?\n%d+\r?\n$", h.slurp(dir .. "/out/count.csv"))
    end)
  end)
end)
