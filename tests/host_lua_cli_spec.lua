-- The paa host as the stock lua command line (what Lua's testes/main.lua
-- checks, here without its suite), and what paa adds on top without
-- contradicting it: paa's modules off package.path, the program name,
-- the REPL's print, the first argument's meaning, the one script search
-- path.
local h = require "helpers"
local _  -- what a call returns that a test does not look at

local STOCK = h.sh("command -v lua5.4"):match("^(%S+)")

describe("the host as the stock lua", function()
  after_each(h.cleanup)

  it("leaves package.path and package.cpath exactly as LUA_PATH and LUA_CPATH say", function()
    local out, err, status = h.run({ "-e", "print(package.path) print(package.cpath)" }, nil,
      "LUA_INIT= LUA_PATH=x LUA_CPATH=xuxu")
    assert.are.equal(0, status, err)
    assert.are.equal("x\nxuxu\n", out)
    out = h.run({ "-e", "print(package.path)" }, nil, "LUA_PATH_5_4=y LUA_PATH=x")
    assert.are.equal("y\n", out)
  end)

  it("has Lua's default paths with -E and with an empty environment, paa's library on neither", function()
    local e = h.run({ "-E", "-e", "print(package.path, package.cpath)" }, nil, "LUA_PATH=xxx LUA_CPATH=xxx")
    local i = h.sh("env -i " .. h.q(h.abs(h.build) .. "/paa") .. " -e 'print(package.path, package.cpath)'")
    assert.are.equal(e, i)
    assert.is_nil(e:find("xxx", 1, true))
    assert.is_nil(e:find(h.abs(h.build), 1, true))
    if STOCK then
      assert.are.equal(h.sh(STOCK .. " -E -e 'print(package.path, package.cpath)'"), e)
    end
  end)

  it("finds paa's modules and data with any LUA_PATH, and keeps the stock require message", function()
    local out, err, status = h.sh("cd / && LUA_PATH='?' " .. h.q(h.abs(h.build) .. "/paa") ..
      " -e 'print(require(\"paa\").version, require(\"paa.themes\").lexicon_path(\"tensions\") ~= nil)'")
    assert.are.equal(0, status, err)
    assert.matches("^%d+%.%d+%.%d+\ttrue\n$", out)
    local _, msg = h.run({ "-e", "package.path = '?.lua;?/?' package.cpath = '?.so;?/init' require 'XXX'" })
    h.has("module 'XXX' not found:\n\tno field package.preload['XXX']\n\tno file 'XXX.lua'\n" ..
          "\tno file 'XXX/XXX'\n\tno file 'XXX.so'\n\tno file 'XXX/init'\n", msg)
  end)

  it("loads modules of the PAA_PATH folders before those of package.path", function()
    local a, b = h.tmpdir(), h.tmpdir()
    h.write(a .. "/shared.lua", "return 'from PAA_PATH'")
    h.write(b .. "/shared.lua", "return 'from LUA_PATH'")
    local out = h.run({ "-e", "print(require 'shared', package.path)" }, nil,
      "PAA_PATH=" .. h.q(a) .. " LUA_PATH=" .. h.q(b .. "/?.lua"))
    assert.are.equal("from PAA_PATH\t" .. b .. "/?.lua\n", out)
    out = h.run({ "-E", "-e", "print((pcall(require, 'shared')))" }, nil, "PAA_PATH=" .. h.q(a))
    assert.are.equal("false\n", out)
  end)

  it("names itself by argv[0] in its messages", function()
    local path = h.abs(h.build) .. "/paa"
    local _, err, status = h.sh(h.q(path) .. " -e " ..
      h.q("error(setmetatable({}, {__tostring = function() return '6' end}))"))
    assert.are.equal(1, status)
    assert.are.equal(path .. ": 6\n", err)
    _, err = h.run { "-e", "error('x', 0)" }
    assert.matches("^paa: x\n", err)
  end)

  it("prints the REPL's results with a print the user set, and says when it cannot", function()
    local _, err = h.run({ "-e", "print=nil", "-i" }, "10\n")
    h.has("error calling 'print'", err)
    local out = h.run({ "-e", "print = function(...) io.write('<', table.concat({...}, ','), '>\\n') end",
                        "-e", "_PROMPT='' _PROMPT2=''", "-i" }, "1, 2\n")
    h.has("<1,2>\n", out)
  end)

  it("shows the versions once with -i, and Lua's line last with -v", function()
    local out = h.run({ "-i" }, "")
    assert.are.equal(1, select(2, out:gsub("paa %d+%.%d+%.%d+", "")), out)
    out = h.run { "-v", "-e", "print'hello'" }
    assert.matches("PUC%-Rio\nhello\n$", out)
  end)
end)

describe("the first argument", function()
  after_each(h.cleanup)

  it("is run as a script when it names a file, whatever its extension", function()
    local dir = h.tmpdir()
    local file = h.write(dir .. "/articles.txt", "print('ran as Lua', ...)")
    local out, err, status = h.run { file, "a" }
    assert.are.equal(0, status, err)
    assert.are.equal("ran as Lua\ta\n", out)
    h.write(dir .. "/notes.jsonl", '{"title": "x"}\n')
    _, err, status = h.run { dir .. "/notes.jsonl" }
    assert.are.equal(1, status)
    h.has("notes.jsonl:1:", err)  -- a syntax error, as with lua
  end)

  it("opens a session on the corpus when it names a folder", function()
    local dir = h.tmpdir()
    h.write(dir .. "/wire/a.txt", "A headline\n\nSome text.\n")
    local out, err, status = h.run({ dir }, "print(#corpus:stats() ~= nil, getmetatable(corpus).__name)\n")
    assert.are.equal(0, status, err)
    h.has("corpus: 1 document", out)
    h.has("paa.Corpus", out)
  end)

  it("is looked up by name on the one search path, XDG_DATA_HOME included", function()
    local data, cwd = h.tmpdir(), h.tmpdir()
    h.write(data .. "/paa/scripts/mine.lua", "print('mine', ...)")
    local env = "XDG_DATA_HOME=" .. h.q(data) .. " PAA_PATH="
    local out, err, status = h.sh("cd " .. h.q(cwd) .. " && " .. env .. " " ..
      h.q(h.abs(h.build) .. "/paa") .. " mine x")
    assert.are.equal(0, status, err)
    assert.are.equal("mine\tx\n", out)
    -- the session's run() finds the same file
    out, err, status = h.sh("cd " .. h.q(cwd) .. " && " .. env .. " " ..
      h.q(h.abs(h.build) .. "/paa") .. " -e \"require('paa.repl').run('mine', 'y')\"")
    assert.are.equal(0, status, err)
    assert.are.equal("mine\ty\n", out)
    -- a name found nowhere fails as lua would
    _, err, status = h.sh("cd " .. h.q(cwd) .. " && " .. env .. " " .. h.q(h.abs(h.build) .. "/paa") .. " nothing")
    assert.are.equal(1, status)
    h.has("cannot open nothing", err)
  end)

  it("leaves package.loaded as lua does after looking a name up", function()
    local dir = h.tmpdir()
    h.write(dir .. "/look.lua", "print(package.loaded['paa.script'], package.loaded['argparse'])")
    local out, err, status = h.run({ "look" }, nil, "PAA_PATH=" .. h.q(dir))
    assert.are.equal(0, status, err)
    assert.are.equal("nil\tnil\n", out)
  end)
end)
