-- The host's command line and inputs under hostile conditions: option
-- values that look like options, FIFOs, files that vanish between passes.
local h = require "helpers"

-- paa run in folder 'dir', under 'timeout' so that a hang fails the spec
-- instead of the run
local function run_in(dir, args, env)
  local parts = {}
  for _, a in ipairs(args) do parts[#parts + 1] = h.q(a) end
  return h.sh(string.format("cd %s && %s timeout 10 %s %s", h.q(dir), env or "",
                            h.q(h.abs(h.build) .. "/paa"), table.concat(parts, " ")))
end

describe("hardening: the command line", function()
  after_each(h.cleanup)

  describe("--db FILE", function()
    -- 'news.db' and 'alpha.db' were read as '-e ws.db' and '-l pha.db'
    for _, name in ipairs { "news.db", "alpha.db", "le.db", "ee", "xW.db", "vi.db" } do
      it("takes " .. name .. " as the store, not as a short option", function()
        local dir = h.tmpdir()
        local out, err, status = run_in(dir, { "--db", name, "-e", "print(require('paa.core').db())" })
        assert.are.equal("", err)
        assert.are.equal(0, status)
        assert.are.equal(name .. "\n", out)
      end)
    end

    it("takes --db=FILE too", function()
      local out, err, status = run_in(h.tmpdir(), { "--db=news.db", "-e", "print(require('paa.core').db())" })
      assert.are.equal(0, status, err)
      assert.are.equal("news.db\n", out)
    end)

    it("runs the README's example: paa --db news.db scripts/overview.lua corpus/", function()
      local dir, src = h.tmpdir(), h.abs(".")
      local out, err, status = run_in(dir, { "--db", "news.db", src .. "/scripts/overview.lua", src .. "/corpus/" })
      assert.are.equal(0, status, err)
      h.has("Corpus overview", out)
      local f = io.open(dir .. "/news.db", "rb")
      assert.is_not_nil(f, "the store was not written")
      assert.are.equal("SQLite format 3\0", f:read(16))
      f:close()
    end)

    it("says what is missing when --db has no file", function()
      local _, err, status = run_in(h.tmpdir(), { "--db" })
      assert.are.equal(1, status)
      h.has("paa: '--db' needs a file\n", err)
    end)
  end)
end)
