-- scripts/tensions.lua and paa.themes: theme counts per group, checked
-- against independent counts, drill-down that adds up, the formats, and
-- the shipped corpus. Fixture texts are written here.
local h = require "helpers"
local themes = require "paa.themes"

local SCRIPT = "scripts/tensions.lua"

local function tensions(...)
  return h.run({ SCRIPT, ... })
end



-- prose with the words of the user lexicon below, and boilerplate that
-- repeats them (a promo block twice, a logo list): it must not count
local PROSE = {
  ["wire/a.txt"] = "The Board met on Monday. The board said the merger was off.\n\n"
    .. "Shareholders asked the board about the lawsuit, and the lawsuit went on.\n",
  ["wire/b.txt"] = "A lawsuit was filed. Nobody on the Board commented on the LAWSUIT.\n\n"
    .. "Merger talks, merger rumours: the merger, again.\n",
  ["post/c.txt"] = "Boards and boarding passes do not count; neither do lawsuits.\n\n"
    .. "The board of the merger company met.\n",
}
local PROMO = "Join our board club: the merger and lawsuit newsletter, every week."
local LOGOS = "Board Logo\nMerger Logo\nLawsuit Logo\nAcme Logo\n"

local function fixture()
  local dir = h.tmpdir()
  for name, prose in pairs(PROSE) do
    local para1, para2 = prose:match("^(.-\n)\n(.*)$")
    h.write(dir .. "/" .. name, para1 .. "\n" .. PROMO .. "\n\n" .. LOGOS .. "\n" .. para2
      .. "\n" .. PROMO .. "\n")
  end
  return dir
end

local LEXICON = "[governance] Boards\nboard\n\n[deals] Mergers\nmerger\n\n[legal] Lawsuits\nlawsuit\n"

-- whole-word, case-insensitive occurrences of 'word' in 's', by Lua patterns
local function occurrences(s, word)
  local n = 0
  for w in s:lower():gmatch("%a+") do
    if w == word then n = n + 1 end
  end
  return n
end

local function json_of(...)
  return h.json({ SCRIPT, ... })
end

describe("scripts/tensions.lua", function()
  after_each(h.cleanup)

  it("prints the expected report of corpus/ (golden)", function()
    local out, err, status = h.run { "scripts/tensions.lua", "corpus/" }
    assert.are.equal(0, status, err)
    assert.are.equal("", err)
    assert.are.equal(h.slurp("tests/golden/tensions-corpus.txt"), out)
  end)

  it("counts a lexicon of plain words exactly as an independent count, boilerplate aside", function()
    local dir = fixture()
    local lex = h.write(h.tmpdir() .. "/words.txt", LEXICON)
    local r = json_of("--by", "doc", "--dedup", "none", "--lexicon", lex, "--format", "json", dir)
    local seen = 0
    for _, g in ipairs(r.groups) do
      local prose = PROSE[g.name]
      assert.is_string(prose, g.name)
      assert.are.equal(occurrences(prose, "board"), g.themes.governance.matches, g.name)
      assert.are.equal(occurrences(prose, "merger"), g.themes.deals.matches, g.name)
      assert.are.equal(occurrences(prose, "lawsuit"), g.themes.legal.matches, g.name)
      local words = 0
      for _ in prose:gmatch("%a+") do words = words + 1 end
      assert.are.equal(words, g.words, g.name)
      seen = seen + 1
    end
    assert.are.equal(3, seen)
    -- and the boilerplate really was there to inflate the counts
    local raw = h.slurp(dir .. "/wire/a.txt")
    assert.is_true(occurrences(raw, "board") > occurrences(PROSE["wire/a.txt"], "board"))
  end)

  it("groups by source with documents, words, rates and shares that add up", function()
    local dir = fixture()
    local lex = h.write(h.tmpdir() .. "/words.txt", LEXICON)
    local r = json_of("--lexicon", lex, "--format", "json", dir)
    assert.are.same({ "post", "wire" }, { r.groups[1].name, r.groups[2].name })
    local wire = r.groups[2]
    assert.are.equal(2, wire.documents)
    local m = wire.themes.governance
    assert.are.equal(occurrences(PROSE["wire/a.txt"] .. PROSE["wire/b.txt"], "board"), m.matches)
    assert.are.equal(2, m.documents)
    assert.is_true(math.abs(m.rate - m.matches * 1000 / wire.words) < 1e-9)
    local share = 0
    for _, t in pairs(wire.themes) do share = share + t.share end
    assert.is_true(math.abs(share - 1) < 1e-9)
    assert.are.equal(r.groups[1].words + wire.words, r.total.words)
    assert.are.equal(3, r.total.documents)
    assert.are.same({ "governance", "deals", "legal" },
      { r.lexicon.themes[1].name, r.lexicon.themes[2].name, r.lexicon.themes[3].name })
    assert.are.equal("Boards", r.lexicon.themes[1].description)
    assert.are.equal("tensions", r.manifest.script.name)
    assert.are.equal(3, r.manifest.corpus.documents)
  end)

  it("--explain lists exactly the matches behind every cell", function()
    local dir = fixture()
    local lex = h.write(h.tmpdir() .. "/words.txt", LEXICON)
    local r = json_of("--lexicon", lex, "--format", "json", dir)
    for _, g in ipairs(r.groups) do
      for theme, cell in pairs(g.themes) do
        local out, err, status = tensions("--lexicon", lex, "--explain", theme, "--group", g.name, dir)
        assert.are.equal(0, status, err)
        local lines = 0
        for line in out:gmatch("[^\n]+") do
          if line:match("^%S+:%d+%-%d+  %[") then lines = lines + 1 end
        end
        assert.are.equal(cell.matches, lines, theme .. " in " .. g.name)
        assert.matches(string.format("%%(the report says %d%%)", cell.matches), out)
      end
    end
  end)

  it("counts a paragraph repeated within a source once (exact), each time with --dedup none", function()
    local dir = h.tmpdir()
    local shared = "The regulator opened an antitrust inquiry into the cloud deal on Tuesday."
    h.write(dir .. "/wire/a.txt", "Markets rose in early trade.\n\n" .. shared .. "\n")
    h.write(dir .. "/wire/b.txt", "Oil fell sharply overnight.\n\n" .. shared .. "\n")
    h.write(dir .. "/post/c.txt", shared .. "\n")
    local lex = h.write(h.tmpdir() .. "/l.txt", "[legal]\nantitrust\nregulator\n")
    local exact = json_of("--lexicon", lex, "--format", "json", dir)
    local none = json_of("--lexicon", lex, "--format", "json", "--dedup", "none", dir)
    assert.are.equal(2, exact.groups[2].themes.legal.matches)  -- wire: once
    assert.are.equal(4, none.groups[2].themes.legal.matches)   -- wire: twice
    assert.are.equal(2, exact.groups[1].themes.legal.matches)  -- post: its own copy counts
  end)

  it("counts boilerplate lines only with --boilerplate keep", function()
    local dir = h.tmpdir()
    local footer = "Read our antitrust newsletter every morning, free in your inbox."
    local stories = { "Markets rose in early trade on strong earnings.",
      "Oil fell sharply overnight after the talks ended.",
      "The chip maker opened a second factory near the coast.",
      "Shares in the airline slipped as fuel costs climbed." }
    for i, story in ipairs(stories) do
      h.write(string.format("%s/wire/%d.txt", dir, i), story .. " " .. story:rep(2, " ") .. "\n\n"
        .. footer .. "\n")
    end
    local lex = h.write(h.tmpdir() .. "/l.txt", "[legal]\nantitrust\n")
    local removed = json_of("--lexicon", lex, "--format", "json", "--dedup", "none", dir)
    local kept = json_of("--lexicon", lex, "--format", "json", "--dedup", "none", "--boilerplate", "keep", dir)
    assert.are.equal(0, removed.total.themes.legal.matches)
    assert.are.equal(4, kept.total.themes.legal.matches)
    local text = tensions("--lexicon", lex, "--boilerplate", "keep", dir)
    assert.matches("Boilerplate lines kept;", text)
  end)

  it("with --dedup near counts one document per near-duplicate cluster and source", function()
    local dir = h.tmpdir()
    local story = {}
    for i = 1, 60 do story[#story + 1] = "Sentence " .. i .. " of the antitrust story goes here." end
    local text = table.concat(story, " ")
    h.write(dir .. "/wire/a.txt", "---\ndate: 2025-01-01\n---\n" .. text .. "\n")
    h.write(dir .. "/wire/b.txt", "---\ndate: 2025-01-02\n---\n" .. text .. " One more line.\n")
    h.write(dir .. "/post/c.txt", "---\ndate: 2025-01-03\n---\n" .. text .. " A post line.\n")
    local lex = h.write(h.tmpdir() .. "/l.txt", "[legal]\nantitrust\n")
    local near = json_of("--lexicon", lex, "--format", "json", "--dedup", "near", dir)
    local exact = json_of("--lexicon", lex, "--format", "json", "--dedup", "exact", dir)
    assert.are.equal(60, near.groups[2].themes.legal.matches)   -- wire: a alone
    assert.are.equal(1, near.groups[2].documents)
    assert.are.equal(60, near.groups[1].themes.legal.matches)   -- post keeps its copy
    assert.are.equal(3, near.manifest.corpus.documents)
    assert.are.equal(2, near.manifest.corpus.counted)
    assert.are.equal(120, exact.groups[2].themes.legal.matches)  -- two different paragraphs
  end)

  it("groups by month, undated last", function()
    local dir = h.tmpdir()
    h.write(dir .. "/s/a.txt", "---\ndate: 2025-03-04\n---\nAn antitrust case.\n")
    h.write(dir .. "/s/b.txt", "---\ndate: 2025-03-20\n---\nAntitrust, antitrust.\n")
    h.write(dir .. "/s/c.txt", "---\ndate: 2024-12-01\n---\nNothing here.\n")
    h.write(dir .. "/s/d.txt", "No date, one antitrust.\n")
    local lex = h.write(h.tmpdir() .. "/l.txt", "[legal]\nantitrust\n")
    local r = json_of("--lexicon", lex, "--format", "json", "--by", "month", dir)
    local names, counts = {}, {}
    for i, g in ipairs(r.groups) do names[i] = g.name; counts[i] = g.themes.legal.matches end
    assert.are.same({ "2024-12", "2025-03", "(undated)" }, names)
    assert.are.same({ 0, 3, 1 }, counts)
  end)

  it("groups sentences by the outlet they cite", function()
    local dir = h.tmpdir()
    h.write(dir .. "/s/a.txt", "The deal faces an antitrust review, according to Reuters. "
      .. "Bloomberg reported an antitrust probe too. Antitrust lawyers were calm.\n")
    local lex = h.write(h.tmpdir() .. "/l.txt", "[legal]\nantitrust\n")
    local r = json_of("--lexicon", lex, "--format", "json", "--by", "cited", dir)
    local counts = {}
    for _, g in ipairs(r.groups) do counts[g.name] = g.themes.legal.matches end
    assert.are.same({ Reuters = 1, Bloomberg = 1, ["(uncited)"] = 1 }, counts)
    assert.are.equal("(uncited)", r.groups[#r.groups].name)
    assert.are.equal(1, r.total.documents)
    assert.are.equal(3, r.total.themes.legal.matches)
  end)

  it("keeps only the themes asked for, and names an unknown one", function()
    local dir = fixture()
    local lex = h.write(h.tmpdir() .. "/words.txt", LEXICON)
    local r = json_of("--lexicon", lex, "--format", "json", "--theme", "legal", "--theme", "deals", dir)
    local keys = {}
    for k in pairs(r.groups[1].themes) do keys[#keys + 1] = k end
    table.sort(keys)
    assert.are.same({ "deals", "legal" }, keys)
    local _, err, status = tensions("--lexicon", lex, "--theme", "nope", dir)
    assert.are.equal(2, status)
    assert.matches("^paa: tensions: no theme 'nope' in the lexicon %(it has governance, deals, legal%)\n", err)
  end)

  it("rejects bad arguments with one line and the usage", function()
    for _, case in ipairs {
      { { "--by", "year", "corpus/" }, "paa: tensions: --by must be source, doc, month or cited, not 'year'\n" },
      { { "--dedup", "fuzzy", "corpus/" }, "paa: tensions: --dedup must be none, exact or near, not 'fuzzy'\n" },
      { { "--group", "x", "corpus/" }, "paa: tensions: --group goes with --explain\n" },
      { {}, "paa: tensions: missing CORPUS: " },
      { { "--lexicon", "/nonexistent/l.txt", "corpus/" },
        "paa: tensions: cannot open '/nonexistent/l.txt' (--lexicon): No such file or directory\n" },
    } do
      local _, err, status = tensions(table.unpack(case[1]))
      assert.are.equal(2, status, err)
      assert.matches("^[^\n]*\nusage: paa scripts/tensions%.lua %[options%] CORPUS%.%.%.\n$", err)
      assert.are.equal(case[2], err:sub(1, #case[2]))
    end
    local out, _, status = tensions("--help")
    assert.are.equal(0, status)
    assert.matches("%-%-explain THEME", out)
  end)

  it("runs on the sample corpus: every theme, every source, byte-identical twice", function()
    local out1, err, status = tensions("corpus/")
    assert.are.equal(0, status, err)
    local out2 = tensions("corpus/")
    assert.are.equal(out1, out2)
    for _, src in ipairs { "CloudBeat", "MarketPulse", "Silicon Post", "TechWire Daily", "The Ledger" } do
      assert.matches(src, out1, 1, true)
    end
    assert.matches("\ncompute ", out1)
    for _, fmt in ipairs { "md", "csv", "json", "html" } do
      local a = tensions("corpus/", "--format", fmt)
      assert.are.equal(a, (tensions("corpus/", "--format", fmt)), fmt)
    end
  end)

  it("does not count the sample corpus's boilerplate (the CloudBeat partner list)", function()
    local dir = h.tmpdir()
    h.write(dir .. "/cb/a.txt", "Compute is scarce.\n\nCloudBeat Summit partners\nNvidia\nGoogle Cloud\n"
      .. "AWS\nOracle Cloud\n")
    h.write(dir .. "/cb/b.txt", "Chips are late.\n\nCloudBeat Summit partners\nNvidia\nGoogle Cloud\n"
      .. "AWS\nOracle Cloud\n")
    local lex = h.write(h.tmpdir() .. "/l.txt", "[compute]\nnvidia\ncompute\nchips\ncloud\n")
    local r = json_of("--lexicon", lex, "--format", "json", dir)
    assert.are.equal(2, r.groups[1].themes.compute.matches)
  end)

  it("renders a page headless Chromium loads, one cell per theme and source", function()
    local html = tensions("corpus/", "--format", "html")
    local file = h.write(h.tmpdir() .. "/tensions.html", html)
    local dom, err, status = h.browse(file, "--dump-dom")
    assert.are.equal(0, status, err)
    assert.are.equal("", h.console_errors(err))
    assert.are.equal(11 * 5, h.occurrences(dom, '<rect class="cell"'))
  end)
end)

describe("paa.themes", function()
  it("finds the shipped lexicon", function()
    local path = themes.lexicon_path("tensions")
    assert.is_string(path)
    assert.matches("paa/lexicons/tensions%.txt$", path)
  end)
end)
