-- The paa host: the stock lua command line, paths, errors, exit codes.
local h = require "helpers"

describe("the paa host", function()
  after_each(h.cleanup)

  it("runs this very spec inside paa", function()
    -- only the paa host preloads the paa C modules and LPeg
    assert.is_function(package.preload["paa.corpus.core"])
    assert.is_function(package.preload["lpeg"])
    local interp = arg[-1]
    local i = -1
    while arg[i - 1] do i = i - 1; interp = arg[i] end
    assert.matches("paa$", interp)
  end)

  describe("command line", function()
    it("passes script arguments in 'arg' and '...'", function()
      local dir = h.tmpdir()
      local script = h.write(dir .. "/args.lua",
        'print(arg[0], arg[1], arg[2], #arg, select("#", ...), ...)')
      local out, err, status = h.run { script, "a b", "c" }
      assert.are.equal(0, status, err)
      assert.are.equal(script .. "\ta b\tc\t2\t2\ta b\tc\n", out)
    end)

    it("runs -e chunks in order", function()
      local out, _, status = h.run { "-e", "x = 6", "-e", "print(x * 7)" }
      assert.are.equal(0, status)
      assert.are.equal("42\n", out)
    end)

    it("runs a script from stdin with '-'", function()
      local out, _, status = h.run({ "-", "one" }, "print('stdin', arg[1], ...)")
      assert.are.equal(0, status)
      assert.are.equal("stdin\tone\tone\n", out)
    end)

    it("runs stdin when it is not a terminal and there is no script", function()
      local out, _, status = h.run({}, "print(1 + 2)")
      assert.are.equal(0, status)
      assert.are.equal("3\n", out)
    end)

    it("loads libraries with -l mod and -l g=mod", function()
      local out, err, status = h.run { "-l", "lpeg", "-l", "P=lpeg", "-e",
        "print(type(lpeg.match), P == lpeg)" }
      assert.are.equal(0, status, err)
      assert.are.equal("function\ttrue\n", out)
    end)

    it("prints the versions of paa, Lua, LPeg and SQLite", function()
      local out, _, status = h.run { "--version" }
      assert.are.equal(0, status)
      assert.matches("^paa %d+%.%d+%.%d+  LPeg [%d.]+  SQLite 3%.%d+%.%d+\n" ..
                     "Lua 5%.4%.%d+  Copyright %(C%) [^\n]*PUC%-Rio\n$", out)
      local out2 = h.run { "-v" }
      assert.are.equal(out, out2)
    end)

    it("explains itself with --help", function()
      local out, _, status = h.run { "--help" }
      assert.are.equal(0, status)
      assert.matches("usage: paa %[options%] %[script %[args%]%]", out)
      assert.matches("PAA_PATH", out)
      assert.matches("Exit status", out)
    end)

    it("rejects an unknown option with a hint, status 2", function()
      local out, err, status = h.run { "-x" }
      assert.are.equal(2, status)
      assert.are.equal("", out)
      assert.matches("paa: unrecognized option '%-x'", err)
      assert.matches("paa %-%-help", err)
    end)

    it("reads the script from stdin after a final '--'", function()
      local out, err, status = h.run({ "--" }, "print('after dashes')")
      assert.are.equal(0, status, err)
      assert.are.equal("after dashes\n", out)
    end)

    it("exits 1 when a script read from stdin fails", function()
      local _, err, status = h.run({}, "error('from stdin')")
      assert.are.equal(1, status)
      assert.matches("^paa: stdin:1: from stdin", err)
    end)

    it("returns the status given to os.exit", function()
      local _, _, status = h.run { "-e", "os.exit(3)" }
      assert.are.equal(3, status)
    end)
  end)

  describe("errors", function()
    it("reports 'paa: file:line: message' and a traceback, status 1", function()
      local dir = h.tmpdir()
      local script = h.write(dir .. "/boom.lua", "local x = 1\nerror('boom')\n")
      local out, err, status = h.run { script }
      assert.are.equal(1, status)
      assert.are.equal("", out)
      assert.are.equal(1, select(2, err:gsub("\n(paa: )", "%1")) + (err:find("^paa: ") and 1 or 0))
      assert.matches("^paa: " .. script:gsub("%p", "%%%0") .. ":2: boom\nstack traceback:\n", err)
    end)

    it("reports syntax errors and missing scripts", function()
      local dir = h.tmpdir()
      local script = h.write(dir .. "/bad.lua", "if then\n")
      local _, err, status = h.run { script }
      assert.are.equal(1, status)
      assert.matches("^paa: .*bad%.lua:1: unexpected symbol near 'then'", err)
      _, err, status = h.run { dir .. "/missing.lua" }
      assert.are.equal(1, status)
      assert.matches("^paa: cannot open .*missing%.lua", err)
    end)

    it("stops a running script cleanly on Ctrl-C", function()
      -- the script marks when it runs, so the signal cannot come too early
      local ready = h.tmpdir() .. "/ready"
      local code = string.format("io.open(%q, 'w'):close() while true do end", ready)
      local _, err, status = h.sh(h.q(h.paa) .. " -e " .. h.q(code) .. " & pid=$!; " ..
        "for i in $(seq 200); do [ -e " .. h.q(ready) .. " ] && break; sleep 0.05; done; " ..
        "kill -INT $pid; wait $pid")
      assert.are.equal(1, status)
      -- (the program name in messages is argv[0], as with lua)
      assert.matches("^" .. h.paa:gsub("%p", "%%%0") .. ": [^\n]*interrupted!\nstack traceback:", err)
    end)
  end)

  describe("environment", function()
    it("honours LUA_INIT, as a chunk and as @file", function()
      local out = h.run({ "-e", "print(x)" }, nil, "LUA_INIT='x = 5'")
      assert.are.equal("5\n", out)
      local dir = h.tmpdir()
      h.write(dir .. "/init.lua", "y = 'from file'")
      out = h.run({ "-e", "print(y)" }, nil, "LUA_INIT=@" .. h.q(dir .. "/init.lua"))
      assert.are.equal("from file\n", out)
    end)

    it("ignores the environment with -E", function()
      local out = h.run({ "-E", "-e", "print(x)" }, nil, "LUA_INIT='x = 5'")
      assert.are.equal("nil\n", out)
    end)

    it("ignores LUA_PATH with -E", function()
      local out = h.run({ "-E", "-e", "print(package.path:find('nowhere', 1, true))" }, nil,
        "LUA_PATH='/nowhere/?.lua'")
      assert.are.equal("nil\n", out)
    end)

    it("finds Lua modules on LUA_PATH", function()
      local dir = h.tmpdir()
      h.write(dir .. "/mymod.lua", "return { answer = 42 }")
      local out, err, status = h.run({ "-e", "print(require('mymod').answer)" }, nil,
        "LUA_PATH=" .. h.q(dir .. "/?.lua;;"))
      assert.are.equal(0, status, err)
      assert.are.equal("42\n", out)
    end)

    it("loads C modules built for Lua 5.4 (Debian's lpeg.so, cjson.so)", function()
      local out, err, status = h.run({ "-e",
        "local cjson = require 'cjson'; print(cjson.encode({ n = 1 }), package.searchpath('cjson', package.cpath))" })
      assert.are.equal(0, status, err)
      assert.matches('^{"n":1}\t/.*cjson%.so\n$', out)
    end)

    it("looks in PAA_PATH folders for scripts and modules first", function()
      local a, b = h.tmpdir(), h.tmpdir()
      h.write(a .. "/shared.lua", "return 'from a'")
      h.write(b .. "/shared.lua", "return 'from b'")
      h.write(b .. "/report.lua", "print('report', require('shared'), ...)")
      local env = "PAA_PATH=" .. h.q(a .. ";" .. b)
      local out, err, status = h.run({ "report", "x" }, nil, env)
      assert.are.equal(0, status, err)
      assert.are.equal("report\tfrom a\tx\n", out)
      out = h.run({ "report.lua" }, nil, env)
      assert.are.equal("report\tfrom a\n", out)
    end)

    it("exits 1 when a script found on PAA_PATH fails, and skips folders of its name", function()
      local dir, cwd = h.tmpdir(), h.tmpdir()
      h.write(dir .. "/bad.lua", "error('bad script')")
      assert(os.execute("mkdir " .. h.q(cwd .. "/bad")))
      local _, err, status = h.sh("cd " .. h.q(cwd) .. " && PAA_PATH=" .. h.q(dir) .. " " ..
        h.q(h.abs(h.build) .. "/paa") .. " bad")
      assert.are.equal(1, status)
      assert.matches("^" .. (h.abs(h.build) .. "/paa: " .. dir):gsub("%p", "%%%0") .. "/bad%.lua:1: bad script", err)
    end)

    it("finds its Lua library from any working folder", function()
      local out, err, status = h.sh("cd / && " .. h.q(h.abs(h.build) .. "/paa") ..
        " -e 'local paa = require \"paa\"; print(paa.version, type(paa.open), type(require \"lpeg\".match))'")
      assert.are.equal(0, status, err)
      assert.matches("^%d+%.%d+%.%d+\tfunction\tfunction\n$", out)
    end)
  end)

  describe("interactive session", function()
    it("opens a REPL on a terminal: expressions, multi-line input, errors", function()
      local input = "1 + 1\nfor i = 1, 2 do\nprint(i * 10)\nend\nerror('oops')\nprint('still here')\n"
      local out, _, status = h.sh("timeout 10 script -qec " .. h.q(h.paa) .. " /dev/null", input)
      assert.are.equal(0, status)
      out = out:gsub("\27%[[%d;?]*[a-zA-Z]", ""):gsub("\r", "")
      assert.matches("paa %d+%.%d+%.%d+ %(Lua 5%.4%)", out)   -- banner
      assert.matches("\n2\n", out)                 -- expression printed
      assert.matches(">> end\n10\n20\n", out)      -- continued chunk
      assert.matches("stdin:1: oops", out)         -- error reported ...
      assert.matches("\nstill here\n", out)        -- ... and the session goes on
    end)
  end)
end)
