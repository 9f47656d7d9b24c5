-- scripts/tensions.lua and paa.themes: small groups apart, the rates'
-- intervals, tables that load as data, one scale for every chart, and a
-- drill-down per cell. Fixture texts are written here.
local h = require "helpers"
local themes = require "paa.themes"

local function tensions(...)
  return h.run({ "scripts/tensions.lua", ... })
end

local function json_of(...)
  return h.json({ "scripts/tensions.lua", ... })
end

-- 'n' words of plain prose without the lexicon's terms, in sentences
-- that differ (no paragraph repeats)
local function prose(n, seed)
  local words = {}
  for i = 1, n do
    words[i] = (i % 8 == 0) and ("day" .. seed .. "x" .. i .. ".") or "quiet"
  end
  return table.concat(words, " ")
end

-- a corpus of three sources: "big" (1,200 words, 4 antitrust), "wide"
-- (2,000 words, 30 antitrust, 2 merger), "tiny" (60 words, 3 antitrust)
local LEXICON = "[legal] Lawsuits\nantitrust\n\n[deals] Mergers\nmerger\n"
local function corpus()
  local dir = h.tmpdir()
  h.write(dir .. "/big/a.txt", prose(596, "a") .. " antitrust antitrust.\n")
  h.write(dir .. "/big/b.txt", prose(596, "b") .. " antitrust antitrust.\n")
  h.write(dir .. "/wide/c.txt", prose(1968, "c") .. " " .. ("antitrust "):rep(30) .. "merger merger.\n")
  h.write(dir .. "/tiny/d.txt", prose(57, "d") .. " antitrust antitrust antitrust.\n")
  return dir, h.write(h.tmpdir() .. "/l.txt", LEXICON)
end

local COMMON = { "--boilerplate", "keep", "--dedup", "none" }

local function run(dir, lex, ...)
  local args = { "--lexicon", lex, dir }
  for _, a in ipairs(COMMON) do args[#args + 1] = a end
  for _, a in ipairs { ... } do args[#args + 1] = a end
  local out, err, status = tensions(table.unpack(args))
  assert.are.equal(0, status, err)
  return out
end

-- the cells of a Markdown table row: "| a | b |" -> { "a", "b" }
local function md_cells(line)
  local cells = {}
  for c in (line:match("^|(.*)|$") .. "|"):gmatch("%s*(.-)%s*|") do cells[#cells + 1] = c end
  return cells
end

-- the first Markdown table after a "## title" line, as records by header
local function md_table(md, title)
  local rows, header = {}, nil
  local after = md:sub((assert(md:find("## " .. title .. "\n", 1, true), "no " .. title)))
  for line in after:gmatch("[^\n]*") do
    if line:match("^|") then
      if not header then header = md_cells(line)
      elseif not line:match("^| %-%-%-") then
        local rec = {}
        for i, c in ipairs(md_cells(line)) do rec[header[i]] = c end
        rows[#rows + 1] = rec
      end
    elseif header then break end
  end
  return rows
end

local function number(s) return tonumber((s:gsub(",", ""))) end

describe("tensions: groups under --min-words", function()
  after_each(h.cleanup)

  it("lists a small group apart, unshaded, and keeps it out of the scale", function()
    local dir, lex = corpus()
    local r = json_of("--lexicon", lex, "--format", "json", dir, table.unpack(COMMON))
    local by = {}
    for _, g in ipairs(r.groups) do by[g.name] = g end
    assert.are.equal(60, by.tiny.words)
    assert.is_true(by.tiny.small)
    assert.is_false(by.big.small)
    assert.are.equal(1000, r.min_words)
    -- tiny has the highest rate (50 per 1,000), wide the highest of the others (15)
    assert.are.equal(50, by.tiny.themes.legal.rate)
    assert.are.equal(15, by.wide.themes.legal.rate)
    local text = run(dir, lex)
    local main, apart = text:match("^(.-)\nGroups under 1,000 words\n(.-)\n\n")
    assert.is_string(apart, text)
    assert.matches("highest rate\n(15.00)", text, 1, true)
    assert.matches("\ntheme +tiny\n", apart)
    assert.is_nil(main:find("tiny", 1, true))
    assert.is_nil(apart:find("[░▒▓█]"))                 -- never shaded
    assert.matches("legal *4 3%.34 ░ *30 15%.00 █", main)   -- the scale's top is wide's 15
    -- with a lower minimum tiny joins the others and sets the scale
    local low = run(dir, lex, "--min-words", "50")
    assert.is_nil(low:find("Groups under", 1, true))
    assert.matches("highest rate\n(50.00)", low, 1, true)
  end)

  it("max_rate, split and matrix take opts.min_words", function()
    local g = function(name, words, matches)
      return { name = name, words = words, documents = 1, matches = matches,
               themes = { t = { matches = matches, documents = 1, rate = matches * 1000 / words,
                                rate_low = 0, rate_high = 0, share = 1 } } }
    end
    local found = { themes = { "t" }, descriptions = {}, groups = { g("a", 2000, 4), g("b", 100, 5) },
                    total = g("total", 2100, 9) }
    assert.are.equal(2, themes.max_rate(found))
    assert.are.equal(50, themes.max_rate(found, { min_words = 100 }))
    local big, small = themes.split(found)
    assert.are.same({ "a" }, { big[1].name, big[2] })
    assert.are.same({ "b" }, { small[1].name, small[2] })
    local main, apart = themes.matrix(found, "source")
    assert.are.equal(3, #main.columns)   -- theme, a, all
    assert.are.equal("Groups under 1,000 words", apart.title)
    assert.are.equal("5 50.00", apart.rows[1].g1)
    assert.is_nil(select(2, themes.matrix(found, "source", { min_words = 10 })))
  end)
end)

describe("themes.poisson_interval", function()
  local function near(want, got, tol) assert.is_true(math.abs(want - got) < tol, want .. " vs " .. got) end

  it("gives the exact 95% interval of a count", function()
    local lo, hi = themes.poisson_interval(0)
    assert.are.equal(0, lo); near(3.6889, hi, 5e-4)
    lo, hi = themes.poisson_interval(1)
    near(0.0253, lo, 5e-4); near(5.5716, hi, 5e-4)
    lo, hi = themes.poisson_interval(3)
    near(0.6187, lo, 5e-4); near(8.7673, hi, 5e-4)
    lo, hi = themes.poisson_interval(10)
    near(4.7954, lo, 5e-4); near(18.3904, hi, 5e-4)
    lo, hi = themes.poisson_interval(100)
    near(81.3640, lo, 5e-3); near(121.6268, hi, 5e-3)
    lo, hi = themes.poisson_interval(5, 0.9)
    near(1.9701, lo, 5e-4); near(10.5130, hi, 5e-4)
  end)

  it("divides it by the thousands of words for a rate, in JSON and CSV", function()
    local dir, lex = corpus()
    local r = json_of("--lexicon", lex, "--format", "json", dir, table.unpack(COMMON))
    local tiny = r.groups[2]
    assert.are.equal("tiny", tiny.name)
    local lo, hi = themes.poisson_interval(3)
    assert.is_true(math.abs(tiny.themes.legal.rate_low - lo * 1000 / 60) < 1e-9)
    assert.is_true(math.abs(tiny.themes.legal.rate_high - hi * 1000 / 60) < 1e-9)
    local csv = run(dir, lex, "--format", "csv")
    assert.matches("^group,theme,matches,documents,group_documents,words,rate,share,rate_low,rate_high,small\r\n", csv)
    assert.matches("\ntiny,legal,3,1,1,60,50,1,10%.31%d*,146%.1%d*,true\r\n", csv)
  end)
end)

describe("tensions: tables as data", function()
  after_each(h.cleanup)

  it("md and csv keep matches and rates in columns that parse back to the JSON", function()
    local dir, lex = corpus()
    local r = json_of("--lexicon", lex, "--format", "json", dir, table.unpack(COMMON))
    local md = run(dir, lex, "--format", "md")
    local main, apart = md_table(md, "The numbers"), md_table(md, "Groups under 1,000 words")
    local groups = md_table(md, "Groups")
    local csv = run(dir, lex, "--format", "csv")
    local checked = 0
    for _, g in ipairs(r.groups) do
      local rows = g.small and apart or main
      for _, row in ipairs(rows) do
        local c = g.themes[row.theme]
        assert.are.equal(c.matches, number(row[g.name .. " matches"]), g.name .. " " .. row.theme)
        assert.is_true(math.abs(c.rate - number(row[g.name .. " per 1k"])) <= 0.005)
        local line = string.format("\n%s,%s,%d,%d,%d,%d,", g.name, row.theme, c.matches, c.documents,
          g.documents, g.words)
        assert.is_truthy(csv:find(line, 1, true), line)
        checked = checked + 1
      end
      local found = false
      for _, row in ipairs(groups) do
        if row.source == g.name then
          found = true
          assert.are.equal(g.words, number(row.words))
          assert.are.equal(g.documents, number(row.documents))
          assert.are.equal(g.matches, number(row.matches))
          assert.are.equal(g.small and "yes" or "", row["under 1,000 words"])
        end
      end
      assert.is_true(found, g.name)
    end
    assert.are.equal(3 * 2, checked)
    for _, row in ipairs(main) do
      assert.are.equal(r.total.themes[row.theme].matches, number(row["all matches"]))
    end
  end)

  it("html: the same columns as cells of their own, and every chart on one scale", function()
    local dir, lex = corpus()
    local r = json_of("--lexicon", lex, "--format", "json", dir, table.unpack(COMMON))
    local html = run(dir, lex, "--format", "html")
    local head = html:match("<h2>The numbers</h2>.-<thead>(.-)</thead>")
    assert.matches("<th class=\"num\">big matches</th><th class=\"num\">big per 1k</th>", head, 1, true)
    local legal = html:match("<h2>The numbers</h2>.-<tr><td>legal</td>(.-)</tr>")
    local cells = {}
    for v in legal:gmatch("<td[^>]*>(.-)</td>") do cells[#cells + 1] = v:gsub("<[^>]+>", "") end
    local big, wide = r.groups[1].themes.legal, r.groups[3].themes.legal
    assert.are.same({ string.format("%d", big.matches), string.format("%.2f", big.rate),
                      string.format("%d", wide.matches), string.format("%.2f", wide.rate) },
                    { cells[1], cells[2], cells[3], cells[4] })
    -- small multiples: one per theme, bars of the groups of 1,000 words or more,
    -- each bar's width its rate on the one scale (120 px at the highest rate)
    local charts, bars = 0, 0
    local max = 15
    for fig in html:gmatch('<figure class="multiple">(.-)</figure>') do
      charts = charts + 1
      for w, label, text in fig:gmatch('<rect class="bar" x="%d+" y="%d+" width="(%d+)" height="%d+">' ..
                                       "<title>(.-): (.-)</title>") do
        local rate = tonumber(text:match("^([%d.]+)"))
        assert.are_not.equal("tiny", label)
        assert.are.equal(math.floor(rate / max * 120 + 0.5), tonumber(w), label .. " " .. text)
        bars = bars + 1
      end
    end
    assert.are.equal(2, charts)
    assert.are.equal(4, bars)
    -- the heatmap leaves the small group out
    assert.are.equal(2 * 2, h.occurrences(html, '<rect class="cell"'))
    assert.is_nil(html:find('data-col="tiny"', 1, true))
  end)
end)

describe("tensions: drill-down in the HTML page", function()
  after_each(h.cleanup)

  it("lists exactly a cell's matches behind its link, 20 of N past 20", function()
    local dir, lex = corpus()
    local r = json_of("--lexicon", lex, "--format", "json", dir, table.unpack(COMMON))
    local html = run(dir, lex, "--format", "html")
    local cells = 0
    for gi, g in ipairs(r.groups) do
      for ti, t in ipairs { "legal", "deals" } do
        local c, id = g.themes[t], string.format("m%d-%d", gi, ti)
        local pat = '<details><summary>([^<]*)</summary>\n<ul id="' .. id:gsub("%-", "%%-") .. '">\n'
        local summary, list = html:match(pat .. "(.-)</ul>")
        if c.matches == 0 then
          assert.is_nil(html:find('id="' .. id .. '"', 1, true))
        else
          assert.is_string(list, id)
          local n = h.occurrences(list, "<li>")
          assert.are.equal(math.min(c.matches, 20), n, id)
          for li in list:gmatch("<li>(.-)</li>") do
            assert.matches("«" .. (t == "legal" and "antitrust" or "merger") .. "»", li)
            assert.matches("^" .. g.name .. "/", li)
          end
          if c.matches > 20 then
            assert.matches(string.format("20 of %d matches shown", c.matches), summary, 1, true)
          else
            assert.is_nil(summary:find(" of ", 1, true))
          end
          assert.is_truthy(html:find('href="#' .. id .. '"', 1, true), id)  -- the cell links to it
          cells = cells + 1
        end
      end
    end
    assert.are.equal(4, cells)   -- big legal, wide legal, wide deals, tiny legal
  end)

  it("keeps the first matches of each cell in corpus order, whatever the sharding", function()
    local dir, lex = corpus()
    local c1 = run(dir, lex, "--format", "html")
    local out, err, status = h.run({ "-j", "2", "scripts/tensions.lua", "--lexicon", lex, dir,
                                     "--format", "html", table.unpack(COMMON) })
    assert.are.equal(0, status, err)
    assert.are.equal(c1, out)
    local wide = c1:match('<ul id="m3%-1">\n(.-)</ul>')   -- legal in wide: 30 matches
    assert.are.equal(20, h.occurrences(wide, "<li>"))
    assert.matches("^wide/c%.txt:%d+%-%d+ · antitrust · ", wide:match("<li>(.-)</li>"))
  end)
end)

describe("tensions --by cited", function()
  after_each(h.cleanup)

  it("says how many words each cited outlet's sentences hold", function()
    local dir = h.tmpdir()
    h.write(dir .. "/s/a.txt", "The antitrust case is open, according to Reuters. "   -- 8 words
      .. "Bloomberg reported an antitrust probe on Monday. "                          -- 7 words
      .. "Lawyers were calm.\n")                                                      -- 3 words
    local lex = h.write(h.tmpdir() .. "/l.txt", "[legal]\nantitrust\n")
    local r = json_of("--lexicon", lex, "--format", "json", "--by", "cited", dir)
    local words = {}
    for _, g in ipairs(r.groups) do words[g.name] = g.words end
    assert.are.same({ Reuters = 8, Bloomberg = 7, ["(uncited)"] = 3 }, words)
    local md = tensions("--lexicon", lex, "--format", "md", "--by", "cited", dir)
    local seen = 0
    for _, row in ipairs(md_table(md, "Groups")) do
      if words[row["cited outlet"]] then
        assert.are.equal(words[row["cited outlet"]], number(row["words in its sentences"]))
        seen = seen + 1
      end
    end
    assert.are.equal(3, seen)
    local text = tensions("--lexicon", lex, "--by", "cited", dir)
    assert.matches("words are those of the sentences citing it", text, 1, true)
    assert.matches("\nwords +7 +8 +3\n", text)
  end)
end)
