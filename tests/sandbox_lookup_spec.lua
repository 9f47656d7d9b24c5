-- What runs before the sandbox closes: finding a script by name, and
-- paa's own modules. Lua files in the working folder or on PAA_PATH that
-- share a name with a module paa loads must not run with full rights.
local h = require "helpers"

-- a module file that, if run, leaves 'marker' behind
local function trap(path, marker)
  h.write(path, string.format('local f = io.open(%q, "w") if f then f:write("ran") f:close() end\n' ..
                              'return {}\n', marker))
end

local exists = h.exists

-- DIR/work (the working folder, with a report found by name and a corpus)
local function fixture()
  local dir = h.abs(h.tmpdir())
  h.write(dir .. "/work/corpus/a.txt", "Some news about a ferry.\n")
  h.write(dir .. "/work/report.lua", 'local ok, f = pcall(io.open, "/etc/hostname") print(ok and f and "read" or "refused")\n')
  return dir
end

local function run_in(dir, args, env)
  local cmd = "cd " .. h.q(dir) .. " && " .. (env or "") .. " " .. h.q(h.abs(h.build) .. "/paa")
  for _, a in ipairs(args) do cmd = cmd .. " " .. h.q(a) end
  return h.sh(cmd .. " 2>&1")
end

describe("before the sandbox closes", function()
  after_each(h.cleanup)

  it("finding a script by name runs no lfs.lua or argparse.lua of the working folder", function()
    local dir = fixture()
    trap(dir .. "/work/lfs.lua", dir .. "/ran-lfs")
    trap(dir .. "/work/argparse.lua", dir .. "/ran-argparse")
    local out, _, status = run_in(dir .. "/work", { "--sandbox", "report", "corpus" })
    assert.are.equal(0, status, out)
    assert.are.equal("refused\n", out)
    assert.is_false(exists(dir .. "/ran-lfs"))
    assert.is_false(exists(dir .. "/ran-argparse"))
    -- nor does listing the scripts
    out = run_in(dir .. "/work", { "--list" })
    h.has("report", out)
    assert.is_false(exists(dir .. "/ran-lfs"))
  end)

  it("a folder on PAA_PATH cannot stand in for paa's own modules", function()
    local dir = fixture()
    for _, m in ipairs { "sandbox", "restricted", "script", "corpus", "path" } do
      trap(dir .. "/pp/paa/" .. m .. ".lua", dir .. "/ran-" .. m)
    end
    trap(dir .. "/pp/argparse.lua", dir .. "/ran-argparse")
    h.write(dir .. "/pp/rep.lua", 'local ok, f = pcall(io.open, "/etc/hostname") print(ok and f and "read" or "refused")\n')
    local env = "PAA_PATH=" .. h.q(dir .. "/pp")
    local out, _, status = run_in(dir .. "/work", { "--sandbox", "rep", "corpus" }, env)
    assert.are.equal(0, status, out)
    assert.are.equal("refused\n", out)
    for _, m in ipairs { "sandbox", "restricted", "script", "corpus", "path", "argparse" } do
      assert.is_false(exists(dir .. "/ran-" .. m), m)
    end
    -- a module of its own on PAA_PATH is still found
    h.write(dir .. "/pp/mine.lua", 'return { hello = "from PAA_PATH" }\n')
    out = run_in(dir .. "/work", { "-e", 'print(require("mine").hello)' }, env)
    assert.are.equal("from PAA_PATH\n", out)
  end)
end)
