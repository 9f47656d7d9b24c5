-- hardening_memory_budget_spec.lua: --max-memory counts what the C
-- engines hold (an LSH index, a lexicon, a boilerplate model), not only
-- Lua's heap, and the sandbox gives no nameless temporary files.
local h = require "tests.helpers"

-- A script adding 'docs' documents of 100,000 distinct words to an LSH
-- index (800 KB of shingle hashes each, held in C); with 'rounds', the
-- index is closed and made again that many times.
local function lsh_script(docs, rounds)
  return h.write(h.tmpdir() .. "/lsh.lua", string.format([[
local dedup = require "paa.dedup"
local words = {}
for i = 1, 100000 do words[i] = "w" .. i end
local base = table.concat(words, " ")
words = nil
for _ = 1, %d do
  local idx = dedup.lsh{ threshold = 0.5 }
  for d = 1, %d do idx:add(d, "doc" .. d .. " " .. base) end
  io.write("added ", idx:count(), "\n")
  idx:close()
end
]], rounds or 1, docs))
end

describe("--max-memory", function()
  teardown(h.cleanup)

  it("stops an LSH index that outgrows the cap in C, with one line and status 3", function()
    -- 120 documents hold 96 MB in C; Lua itself stays near 2 MB
    local out, err, code = h.run{ "--max-memory", "64M", lsh_script(120) }
    assert.are.equal(3, code, err)
    assert.are.equal("", out)
    assert.are.equal("paa: sandbox: memory limit of 64 MB reached\n", err)
  end)

  it("gives back what a closed index held", function()
    -- 4 rounds of 30 documents (24 MB each): the count must fall at each close
    local out, err, code = h.run{ "--max-memory", "64M", lsh_script(30, 4) }
    assert.are.equal(0, code, err)
    assert.are.equal(string.rep("added 30\n", 4), out)
  end)

  it("counts engine memory in the sandbox's default cap too", function()
    local script = lsh_script(100)
    local out, err, code = h.run{ "--sandbox", "--max-memory", "64M", script }
    assert.are.equal(3, code, err)
    assert.are.equal("", out)
    h.has("memory limit of 64 MB reached", err)
  end)
end)

describe("the sandbox and temporary files", function()
  teardown(h.cleanup)

  it("refuses io.tmpfile: a nameless file no --out folder bounds", function()
    local script = h.write(h.tmpdir() .. "/tmp.lua",
      'local f = io.tmpfile()\nf:write(("x"):rep(1000))\nprint("wrote")\n')
    local out, err, code = h.run{ "--sandbox", script }
    assert.are.equal(1, code)
    assert.are.equal("", out)
    h.has("paa.sandbox: io.tmpfile is not allowed in the sandbox", err)
    -- outside the sandbox it stays
    out, err, code = h.run{ script }
    assert.are.equal(0, code, err)
    assert.are.equal("wrote\n", out)
  end)
end)
