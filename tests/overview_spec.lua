-- Golden run of scripts/overview.lua over the sample corpus, and checks
-- that the sample corpus carries what the reports need to find.
local h = require "helpers"

describe("scripts/overview.lua", function()
  after_each(h.cleanup)

  it("prints the expected overview of corpus/ (golden)", function()
    local out, err, status = h.run { "scripts/overview.lua", "corpus/" }
    assert.are.equal(0, status, err)
    assert.are.equal("", err)
    assert.are.equal(h.slurp("tests/golden/overview-corpus.txt"), out)
  end)

  it("gives byte-identical output on every run", function()
    local a = h.run { "scripts/overview.lua", "corpus/" }
    local b = h.run { "scripts/overview.lua", "corpus" }
    assert.are.equal(a:gsub("corpus/?\n", "corpus\n"), b:gsub("corpus/?\n", "corpus\n"))
  end)

  it("counts words, documents and dates per source", function()
    local dir = h.tmpdir()
    h.write(dir .. "/wire/a.txt", "---\ndate: 2025-01-02\n---\nOne two three.\n")
    h.write(dir .. "/wire/b.txt", "---\ndate: 2024-12-31\n---\nFour five.\n")
    h.write(dir .. "/post/c.txt", "Six, seven-eight and $22.4bn.\n")
    local out, err, status = h.run { "scripts/overview.lua", dir }
    assert.are.equal(0, status, err)
    -- "seven-eight" and "22.4bn" are one word each: c.txt has 4
    assert.matches("3 documents from 2 sources, 2024%-12%-31 to 2025%-01%-02", out)
    assert.matches("\npost +1 +4 +%- +%- +1 +0\n", out)
    assert.matches("\nwire +2 +5 +2024%-12%-31 +2025%-01%-02 +0 +0\n", out)
    assert.matches("\ntotal +3 +9 +2024%-12%-31 +2025%-01%-02 +1 +0\n", out)
  end)

  it("explains itself with --help and rejects unknown options", function()
    local out, _, status = h.run { "scripts/overview.lua", "--help" }
    assert.are.equal(0, status)
    assert.matches("^overview 1%.0 ", out)
    assert.matches("\nUsage: paa scripts/overview%.lua ", out)
    local _, err
    _, err, status = h.run { "scripts/overview.lua", "--bogus", "corpus/" }
    assert.are.equal(2, status)
    assert.are.equal("paa: overview: unknown option '--bogus' (see --help)\n"
      .. "usage: paa scripts/overview.lua [options] CORPUS...\n", err)
    _, err, status = h.run { "scripts/overview.lua" }
    assert.are.equal(2, status)
    assert.matches("^paa: overview: missing CORPUS: files or folders of articles[^\n]*\nusage: ", err)
  end)
end)

describe("the sample corpus", function()
  local docs, warnings = h.read("corpus")

  it("has at least 10 articles from at least 4 sources, all with front matter", function()
    local sources = {}
    for _, d in ipairs(docs) do
      sources[d.source] = true
      assert.is_string(d.date, d.id)
      assert.matches("^https://", d.url, d.id)
      assert.truthy(#d.title > 0, d.id)
      assert.are.equal("utf-8", d.encoding, d.id)
    end
    local n = 0
    for _ in pairs(sources) do n = n + 1 end
    assert.is_true(#docs >= 10)
    assert.is_true(n >= 4)
    assert.are.same({}, warnings)
  end)

  it("carries the money shapes, deal wording and themes reports look for", function()
    local all = {}
    for _, d in ipairs(docs) do all[#all + 1] = d.text end
    all = table.concat(all, "\n")
    for _, s in ipairs { "$40 billion", "$22.4bn", "tens of billions",
                         "between $100 billion and $500 billion", "led by SoftBank",
                         "exclusive cloud provider", "antitrust" } do
      assert.truthy(all:find(s, 1, true), s)
    end
  end)

  it("carries boilerplate: a repeated promo block, logo lines, an ad, a reply footer", function()
    local promo, logos, footer = 0, 0, 0
    for _, d in ipairs(docs) do
      local _, n = d.text:gsub("Subscribe to TechWire Signals", "")
      if n >= 2 then promo = promo + 1 end
      _, n = d.text:gsub("\nMicrosoft Azure\nOracle Cloud\n", "")
      if n >= 2 then logos = logos + 1 end
      if d.text:find("Leave a Reply", 1, true) then footer = footer + 1 end
    end
    assert.is_true(promo >= 2 and logos >= 2 and footer >= 2)
  end)

  it("has one syndicated near-copy under a second source", function()
    local copy
    for _, d in ipairs(docs) do
      if d.text:find("originally appeared on", 1, true) then copy = d end
    end
    assert.is_table(copy)
    assert.matches("^This story originally appeared on The Ledger", copy.text)
    assert.are_not.equal("The Ledger", copy.source)
  end)
end)
