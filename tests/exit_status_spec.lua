-- The host's exit statuses, one per meaning (docs/api.md, "Exit
-- statuses"): 0 success, 1 runtime error (as lua), 2 usage error,
-- 3 a limit stopped the run, 4 finished with some inputs skipped.
-- Each through the real binary.
local h = require "helpers"

-- a corpus of one good article and one binary file
local function corpus_with_a_bad_input()
  local dir = h.tmpdir()
  h.write(dir .. "/wire/good.txt", "A headline\n\nMicrosoft invested $10 billion in OpenAI.\n")
  h.write(dir .. "/wire/bad.txt", "ab\0cd")
  return dir
end

-- a declared script with one integer parameter; prints what it got
local function declared_script(dir)
  return h.write(dir .. "/counted.lua", [[
local s = require("paa").script{ name = "counted", version = "1.0",
  params = { { "--n", kind = "integer", min = 1, default = 1, help = "how many" } } }
print("n", s.args.n)]])
end

describe("exit statuses", function()
  after_each(h.cleanup)

  describe("0: success", function()
    it("for a chunk, a script, --version, --help and a script's --help", function()
      local dir = h.tmpdir()
      local script = declared_script(dir)
      for _, args in ipairs { { "-e", "print(1)" }, { script, "--n", "3" }, { "--version" },
                              { "--help" }, { script, "--help" } } do
        local _, err, status = h.run(args)
        assert.are.equal(0, status, table.concat(args, " ") .. ": " .. err)
      end
    end)
  end)

  describe("1: runtime error, as with the stock lua", function()
    it("for a Lua error, a script that cannot be opened, LUA_INIT, -l, paa.fail, os.exit(false)", function()
      local dir = h.tmpdir()
      for _, case in ipairs {
        { { "-e", "error('boom')" }, "boom" },
        { { dir .. "/missing.lua" }, "cannot open" },
        { { "-l", "no_such_module" }, "module 'no_such_module' not found" },
        { { "-e", "require('paa').fail('no corpus given')" }, "paa: no corpus given" },
        { { "-e", "os.exit(false)" }, "" },
      } do
        local _, err, status = h.run(case[1])
        assert.are.equal(1, status, table.concat(case[1], " ") .. ": " .. err)
        h.has(case[2], err)
      end
      local _, err, status = h.run({ "-e", "print(1)" }, nil, "LUA_INIT='error(\"init\")'")
      assert.are.equal(1, status)
      h.has("init", err)
    end)

    it("when a script fails after skipping inputs: the error wins", function()
      local dir = corpus_with_a_bad_input()
      local _, err, status = h.run { "-e",
        "for _ in require('paa').open(" .. string.format("%q", dir) .. "):docs() do end error('later')" }
      assert.are.equal(1, status, err)
      h.has("bad.txt", err)
      h.has("later", err)
    end)
  end)

  describe("2: usage error", function()
    it("for an unknown option, an option without its value, a bad value", function()
      for _, case in ipairs {
        { { "-x" }, "unrecognized option '-x'" },
        { { "-e" }, "'-e' needs argument" },
        { { "--db" }, "'--db' needs a file" },
        { { "--timeout", "soon", "-e", "print(1)" }, "not a number of seconds" },
        { { "--max-memory", "lots", "-e", "print(1)" }, "not a size" },
      } do
        local out, err, status = h.run(case[1])
        assert.are.equal(2, status, table.concat(case[1], " ") .. ": " .. err)
        assert.are.equal("", out)
        h.has(case[2], err)
      end
    end)

    it("for sandbox options that cannot be honoured", function()
      local dir = h.tmpdir()
      local _, err, status = h.run({ "--sandbox" }, "print(1)")
      assert.are.equal(2, status, err)
      h.has("--sandbox needs a script file", err)
      _, err, status = h.run { "--out", dir .. "/out", "-e", "print(1)" }
      assert.are.equal(2, status, err)
      h.has("--out goes with --sandbox", err)
    end)

    it("for a declared script's wrong parameter", function()
      local script = declared_script(h.tmpdir())
      local out, err, status = h.run { script, "--n", "zero" }
      assert.are.equal(2, status, err)
      assert.are.equal("", out)
      h.has("paa: counted: --n", err)
      h.has("usage: ", err)
    end)
  end)

  describe("3: a limit stopped the run", function()
    it("for --timeout, even when the script catches the error", function()
      local _, err, status = h.run { "--timeout", "0.3", "-e",
        "while true do pcall(function() while true do end end) end" }
      assert.are.equal(3, status, err)
      h.has("time limit of 0.3 s reached", err)
    end)

    it("for --max-memory", function()
      local _, err, status = h.run { "--max-memory", "32M", "-e",
        "local t = {} for i = 1, 1e8 do t[i] = ('x'):rep(64) .. i end" }
      assert.are.equal(3, status, err)
      h.has("memory limit of 32 MB reached", err)
    end)

    it("for a sandboxed store in a temporary file that reaches its 1 GB, though the script goes on", function()
      local dir = h.abs(h.tmpdir())
      local script = h.write(dir .. "/fill.lua", [[
        local db = assert(require("paa.store").open(""))
        db:exec("CREATE TABLE t(x)")
        print(db:exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1100) "
                      .. "INSERT INTO t SELECT randomblob(1000000) FROM n"))
        print("went on")]])
      local out, err, status = h.run { "--sandbox", script }
      assert.are.equal(3, status, err)
      assert.are.equal("nil\ta temporary store: database or disk is full\nwent on\n", out)
      assert.are.equal("paa: sandbox: the size limit of 1 GB of a store in memory or a temporary file reached\n", err)
    end)
  end)

  describe("4: finished, some inputs skipped", function()
    it("names each skipped input, then counts them", function()
      local dir = corpus_with_a_bad_input()
      local out, err, status = h.run { "-e",
        "local n = 0 for _ in require('paa').open(" .. string.format("%q", dir) .. "):docs() do n = n + 1 end print(n)" }
      assert.are.equal(4, status, err)
      assert.are.equal("1\n", out)
      h.has("bad.txt: binary file", err)
      h.has("paa: 1 input skipped (see the warnings above)", err)
    end)

    it("is 0 again when every input is read", function()
      local dir = h.tmpdir()
      h.write(dir .. "/wire/good.txt", "A headline\n\nText.\n")
      local _, err, status = h.run { "-e", "for _ in require('paa').open(" .. string.format("%q", dir) .. "):docs() do end" }
      assert.are.equal(0, status, err)
    end)
  end)

  it("passes on a script's own os.exit(n)", function()
    local _, _, status = h.run { "-e", "os.exit(7)" }
    assert.are.equal(7, status)
  end)
end)
