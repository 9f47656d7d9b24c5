-- paa.cited: which news outlet a sentence cites (citing phrases, aliases,
-- URLs and Markdown links, first one wins), the outlets data file format
-- and its errors. Every sentence here is written for this spec.
local h = require "helpers"
local error_of, has = h.error_of, h.has
local cited = require "paa.cited"

describe("paa.cited", function()
  local citer
  setup(function() citer = assert(cited.load()) end)
  after_each(h.cleanup)

  ---------------------------------------------------------------------------
  describe("attributes", function()
    -- sentence, outlet, the cited span's text
    local cases = {
      { "The lab is raising money at a higher valuation, according to Futurism.", "Futurism", "Futurism" },
      { "The partnership is fraying, as reported by The Information last week.", "The Information", "The Information" },
      { "The talks were first reported by Bloomberg.", "Bloomberg", "Bloomberg" },
      { "Bloomberg reported that the deal could close within weeks.", "Bloomberg", "Bloomberg" },
      { "A company spokesperson told Reuters the plan had not changed.", "Reuters", "Reuters" },
      { "In an interview with CNBC, the chief executive said demand keeps rising.", "CNBC", "CNBC" },
      { "A Wall Street Journal article described the strain in detail.", "The Wall Street Journal", "Wall Street Journal" },
      { "The figure could reach $40 billion, per industry insights shared by Futurism.", "Futurism", "Futurism" },
      { "Futurism notes that the conversion plan may have backfired.", "Futurism", "Futurism" },
      { "Two managers, sources told The Verge, had already left.", "The Verge", "The Verge" },
      { "The Financial Times reported on Tuesday that the board had met.", "Financial Times", "Financial Times" },
      { "Regulators are watching closely, the FT reported.", "Financial Times", "FT" },
      { "According to a recent article from the Wall Street Journal, the mood has soured.", "The Wall Street Journal", "the Wall Street Journal" },
      { "Further details can be found in The Wall Street Journal.", "The Wall Street Journal", "The Wall Street Journal" },
      { "The plan was outlined by WSJ in March, and WSJ reported more on Friday.", "The Wall Street Journal", "WSJ" },
      { "Reuters, citing three people briefed on the matter, said the talks had stalled.", "Reuters", "Reuters" },
      { "SAN FRANCISCO (Reuters) - The chipmaker said on Monday it would invest.", "Reuters", "Reuters" },
      { "Bloomberg’s reporting suggests the vote was close.", "Bloomberg", "Bloomberg" },
      { "The board met twice, The Information has reported.", "The Information", "The Information" },
      { "As the Information first reported, the board met twice.", "The Information", "the Information" },
      { "The figures were confirmed, a source told the AP.", "The Associated Press", "AP" },
      { "According to the Associated Press, the vote was delayed.", "The Associated Press", "the Associated Press" },
      { "Sources told Axios that an agreement is near.", "Axios", "Axios" },
      { "In a statement to TechCrunch, the start-up denied the claim.", "TechCrunch", "TechCrunch" },
      { "Speaking to the BBC, the minister declined to comment.", "BBC", "BBC" },
      { "She argued in an op-ed for Fortune that the boom will fade.", "Fortune", "Fortune" },
      { "Documents seen by the Financial Times show the plan.", "Financial Times", "Financial Times" },
      { "Bloomberg News reported that the offer was raised.", "Bloomberg", "Bloomberg News" },
      { "One founder told *Wired* the money would last two years.", "Wired", "Wired" },
      { "The investors, Semafor reported, want a seat on the board.", "Semafor", "Semafor" },
      { "A New York Times investigation found the deals were circular.", "The New York Times", "New York Times" },
      { "Reuters reported a deal between the two labs.", "Reuters", "Reuters" },
      { "The shares rose, according to Barron's.", "Barron's", "Barron's" },
      { "The shares rose, according to Barron’s.", "Barron's", "Barron’s" },
      { "Ars Technica reported the results.", "Ars Technica", "Ars Technica" },
    }
    for _, c in ipairs(cases) do
      it(c[2] .. " in: " .. c[1], function()
        local outlet, a, b = citer:outlet(c[1])
        assert.are.equal(c[2], outlet)
        assert.are.equal(c[3], c[1]:sub(a, b))
      end)
    end

    it("a bare URL to an outlet's domain or a subdomain of it", function()
      local s = "More on this at https://www.ft.com/content/abc-123."
      local outlet, a, b, how = citer:outlet(s)
      assert.are.same({ "Financial Times", "https://www.ft.com/content/abc-123", "url" },
                      { outlet, s:sub(a, b), how })
      assert.are.equal("CNN", (citer:outlet("Full story: https://edition.cnn.com/2025/01/01/tech/x")))
      assert.are.equal("Reuters", (citer:outlet("Read it at www.reuters.com/technology today.")))
      assert.are.equal("The New York Times",
        (citer:outlet("The board met (https://www.nytimes.com/2024/10/17/technology/x.html).")))
    end)

    it("a Markdown link, whatever its text says", function()
      local s = "The deal was announced last week [source](https://www.wsj.com/tech/ai/some-deal)."
      local outlet, a, b, how = citer:outlet(s)
      assert.are.same({ "The Wall Street Journal", "[source](https://www.wsj.com/tech/ai/some-deal)", "link" },
                      { outlet, s:sub(a, b), how })
      assert.are.equal("TechCrunch",
        (citer:outlet("For updates, see [7](https://techcrunch.com/2025/06/16/a-story/).")))
    end)

    it("prefers the longest domain listed: finance.yahoo.com over yahoo.com", function()
      assert.are.equal("Yahoo Finance", (citer:outlet("Numbers from https://finance.yahoo.com/quote/MSFT show it.")))
      assert.are.equal("Yahoo Finance", citer:domain("finance.yahoo.com"))
      assert.is_nil(citer:domain("sports.yahoo.com"))
      assert.are.equal("The Wall Street Journal", citer:domain("https://www.WSJ.com/articles/x"))
    end)

    it("takes the first outlet cited when there are several", function()
      local s = "According to Reuters, which cited a Bloomberg report, the talks stalled."
      local outlet, a, b = citer:outlet(s)
      assert.are.same({ "Reuters", 14, 20 }, { outlet, a, b })
      assert.are.equal("Bloomberg", (citer:outlet("Bloomberg reported the talks stalled, according to Reuters.")))
      assert.are.equal("Financial Times",
        (citer:outlet("See https://www.ft.com/x; Reuters reported the same.")))
      -- an outlet merely named first does not take the citation from the next
      assert.are.equal("Reuters", (citer:outlet("Bloomberg terminals went dark, Reuters reported.")))
      -- a link to an unknown site does not stop the search
      assert.are.equal("Reuters",
        (citer:outlet("Details at https://example.org/news and, per Reuters, more to come.")))
    end)

    it("works through cited.outlet with the shipped table", function()
      assert.are.equal("Futurism", (cited.outlet("According to Futurism, the talks stalled.")))
      assert.is_nil(cited.outlet("Nothing is cited here."))
    end)
  end)

  ---------------------------------------------------------------------------
  describe("does not attribute", function()
    local sentences = {
      "Bloomberg is a financial data company based in New York.",
      "She worked at Reuters for ten years before joining the lab.",
      "The information was reported by the company in its filing.",
      "according to the information we have, the plan is on track.",
      "According to the company, revenue doubled last year.",
      "According to people familiar with the matter, the talks stalled.",
      "According to sources close to the negotiations, a deal is near.",
      "Michael Bloomberg said he would fund the project.",
      "The Information Commissioner's Office opened an inquiry.",
      "Bloomberg Philanthropies announced a grant for climate research.",
      "Thomson Reuters reported a record annual profit.",
      "Reuters reported its quarterly earnings on Thursday.",
      "Fortune 500 companies are adopting the tools quickly.",
      "According to Fortune 500 data, adoption is rising.",
      "The Verge was founded in 2011.",
      "Axios, Semafor and Politico all cover the story.",
      "The New York Times sued the lab over copyright.",
      "Readers of the Financial Times and The Economist pay for subscriptions.",
      "The model was wired into every product the company sells.",
      "The Guardian view on the bubble is gloomy.",
      "The deal is described in detail [source].",
      "This is covered at https://example.com/news/story.",
      "The company told investors that demand was strong.",
      "The verge of a breakthrough was near, according to the researchers.",
      "Time magazine named her person of the year.",
      "The benchmark was run by Ars Technica, whose editors chose the tests.",
      "",
    }
    for _, s in ipairs(sentences) do
      it("«" .. s .. "»", function()
        assert.is_nil((citer:outlet(s)))
      end)
    end
  end)

  ---------------------------------------------------------------------------
  describe("the data file", function()
    it("ships about 60 outlets, among them the ones tech reports cite most", function()
      local names = citer:outlets()
      assert.is_true(#names >= 55, #names .. " outlets")
      local have = {}
      for _, n in ipairs(names) do have[n] = true end
      for _, n in ipairs{ "Reuters", "Bloomberg", "The Information", "The Wall Street Journal",
                          "Financial Times", "The Verge", "TechCrunch", "CNBC", "Futurism", "Axios",
                          "Semafor", "The New York Times", "Business Insider", "Fortune", "Forbes",
                          "Wired", "Ars Technica", "Engadget", "VentureBeat", "ZDNet", "The Guardian",
                          "BBC", "CNN", "The Associated Press", "Nikkei Asia", "Yahoo Finance",
                          "MarketWatch", "Barron's", "The Economist", "Politico", "Platformer",
                          "Stratechery", "SemiAnalysis" } do
        assert.is_true(have[n], "no outlet " .. n)
      end
      assert.are.equal(string.format("paa.Citer (%d outlets)", #names), tostring(citer))
    end)

    it("reads names, domains and aliases; 'The' is then needed, other names may follow 'the'", function()
      local path = h.write(h.tmpdir() .. "/outlets.txt", table.concat({
        "\239\187\191# a comment, after a byte order mark",
        "",
        "The Daily Planet | dailyplanet.example www.planet.example | Planet; DP\r",
        "Metro Wire | metrowire.example",
        "Gazette ||",
      }, "\n"))
      local c = assert(cited.load(path))
      assert.are.same({ "The Daily Planet", "Metro Wire", "Gazette" }, c:outlets())
      assert.are.equal("The Daily Planet", (c:outlet("A source told the Daily Planet it rained.")))
      assert.are.equal("The Daily Planet", (c:outlet("According to DP, it rained.")))
      assert.are.equal("The Daily Planet", (c:outlet("A Planet report said it rained.")))
      assert.are.equal("The Daily Planet", (c:outlet("It rained (https://planet.example/rain).")))
      assert.is_nil(c:outlet("According to Daily Planet, it rained."))  -- "The" is part of the name
      local s = "It rained, the Metro Wire reported."
      local o, a, b = c:outlet(s)
      assert.are.same({ "Metro Wire", "Metro Wire" }, { o, s:sub(a, b) })
      assert.are.equal("Gazette", (c:outlet("Told Gazette.")))
      assert.is_nil(c:outlet("According to the gazette, it rained."))  -- case-sensitive
    end)

    it("compiles a table from a string with cited.new", function()
      local c = cited.new("Example News | example.com | EN\n", "inline")
      assert.are.equal("Example News", (c:outlet("The price fell, EN reported.")))
      assert.are.equal("Example News", (c:outlet("See https://news.example.com/a.")))
    end)

    it("returns nil and a message for a file that cannot be read", function()
      local path = h.tmpdir() .. "/missing.txt"
      local c, err = cited.load(path)
      assert.is_nil(c)
      assert.are.equal("cannot open '" .. path .. "': No such file or directory", err)
    end)

    -- a file whose line 3 is 'line'; its error message must name file:3
    local function bad(line)
      local path = h.write(h.tmpdir() .. "/bad.txt", "# outlets\nGood One | good.example\n" .. line .. "\n")
      return path, error_of(cited.load, path)
    end

    local malformed = {
      { "No Separator Here", "expected 'Name | domains | aliases'" },
      { " | nameless.example", "missing outlet name" },
      { "Too Many | a.example | A | B", "too many '|'" },
      { "Bad Domain | https://bad.example/", "bad domain 'https://bad.example/'" },
      { "Bad Domain | localhost", "bad domain 'localhost'" },
      { "Empty Alias | e.example | One;;Two", "empty alias" },
      { "Again | good.example", "domain 'good.example' is already given on line 2" },
      { "Good One | other.example", "'Good One' is already given on line 2" },
      { "Other | o.example | Good One", "'Good One' is already given on line 2" },
      { "Punct | p.example | (Punct)", "must start with a letter or digit" },
    }
    for _, m in ipairs(malformed) do
      it("raises naming file:line for: " .. m[1], function()
        local path, err = bad(m[1])
        has("paa.cited: " .. path .. ":3: ", err)
        has(m[2], err)
      end)
    end

    it("raises for a file without outlets", function()
      local path = h.write(h.tmpdir() .. "/empty.txt", "# nothing here\n\n")
      has("paa.cited: " .. path .. ": no outlets", error_of(cited.load, path))
    end)

    it("raises for arguments of the wrong type", function()
      has("string expected, got number", error_of(cited.load, 42))
      has("string expected, got nil", error_of(citer.outlet, citer, nil))
      has("string expected, got table", error_of(cited.new, {}))
    end)
  end)

  ---------------------------------------------------------------------------
  describe("on a seed article", function()
    it("attributes its four Futurism citations", function()
      local seeds = h.seeds()
      if not seeds then return pending("no seed articles beside this checkout") end
      local text = require "paa.text"
      local docs = h.read(seeds .. "/002_2bdcb298c8401455.txt")
      local n = 0
      for sentence in text.sentences(docs[1].text) do
        if citer:outlet(sentence) == "Futurism" then n = n + 1 end
      end
      assert.are.equal(4, n)
    end)
  end)
end)
