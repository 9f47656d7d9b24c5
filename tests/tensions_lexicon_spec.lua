-- The shipped tensions lexicon (lua/paa/lexicons/tensions.txt): it loads,
-- has the themes the tensions report promises, each described and of a
-- sensible size, counts hand-written sentences into the right themes and
-- leaves the false friends it was tuned against alone.
local h = require "helpers"
local lexicon = require "paa.lexicon"

local function shipped_path()
  return assert(package.searchpath("paa.lexicons.tensions", (package.path:gsub("%.lua", ".txt"))))
end

-- the counts of 'text' without the themes that are 0
local function nonzero(lex, text)
  local t = {}
  for theme, n in pairs((lex:count(text))) do
    if n > 0 then t[theme] = n end
  end
  return t
end

describe("the tensions lexicon", function()
  local lex
  setup(function() lex = assert(lexicon.load(shipped_path())) end)
  after_each(h.cleanup)

  describe("shape", function()
    it("is found on package.path and loads", function()
      assert.truthy(shipped_path():find("lua/paa/lexicons/tensions.txt", 1, true))
      assert.truthy(tostring(lex):find("^paa.Lexicon %(%d+ themes"))
    end)

    it("has 9 to 12 themes, among them the nine the report promises", function()
      local names = lex:themes()
      assert.is_true(#names >= 9 and #names <= 12, #names .. " themes")
      local have = {}
      for _, n in ipairs(names) do have[n] = true end
      for _, n in ipairs{ "independence", "control", "competition", "compute", "exclusivity",
                          "legal", "restructuring", "ip", "funding" } do
        assert.is_true(have[n], "no theme " .. n)
      end
    end)

    it("names themes short, lower case, without spaces", function()
      for _, n in ipairs((lex:themes())) do
        assert.truthy(n:find("^[a-z]+$"), n)
      end
    end)

    it("describes every theme in one line", function()
      for _, n in ipairs((lex:themes())) do
        local d = lex:describe(n)
        assert.is_string(d, "theme " .. n .. " has no description")
        assert.is_true(#d >= 10 and not d:find("\n"), n)
      end
    end)

    it("gives every theme 10 to 25 terms besides its exclusions", function()
      for _, n in ipairs((lex:themes())) do
        local positive = 0
        for _, t in ipairs(lex:terms(n)) do
          if t:sub(1, 1) ~= "-" then positive = positive + 1 end
        end
        assert.is_true(positive >= 10 and positive <= 25, n .. ": " .. positive .. " terms")
      end
    end)
  end)

  describe("counts", function()
    local cases = {
      { "The start-up wants independence and less reliance on a single supplier.",
        { independence = 3 } },
      { "The nonprofit board keeps control of the company and a veto over any sale.",
        { control = 2, restructuring = 1 } },
      { "The two partners now compete head-to-head, and Microsoft is building its own AI models.",
        { competition = 3 } },
      { "The lab signed for more computing capacity in new data centres packed with GPUs.",
        { compute = 3 } },
      { "Microsoft lost its exclusive status but kept a right of first refusal on new capacity.",
        { exclusivity = 2 } },
      { "A rival filed a lawsuit and asked the court for an injunction on antitrust grounds.",
        { legal = 4, competition = 1 } },
      { "The company plans to become a for-profit public benefit corporation before an IPO.",
        { restructuring = 3 } },
      { "The contract gives Microsoft access to OpenAI's models and its intellectual property.",
        { ip = 2 } },
      { "The fundraising set a record valuation, but the cash burn keeps rising.",
        { funding = 3 } },
      { "Microsoft receives a revenue share and is entitled to a share of the profits.",
        { revenue = 2 } },
      { "A clause ends those rights once the board declares artificial general intelligence, or AGI.",
        { agi = 2 } },
      -- curly apostrophe, U+2011 hyphen, capitals
      { "OPENAI’S FOR‑PROFIT ARM", { restructuring = 1 } },
      -- "over-reliance" and "self-reliant" split at the hyphen
      { "Fears of over-reliance on one supplier pushed it to become self-reliant.", { independence = 2 } },
    }
    for _, c in ipairs(cases) do
      it(c[1], function()
        assert.are.same(c[2], nonzero(lex, c[1]))
      end)
    end

    it("keeps every count traceable to a span of the text", function()
      local s = "Sources say the talks over the AGI clause and Azure exclusivity stalled."
      local got = {}
      for theme, term, a, b in lex:matches(s) do
        got[#got + 1] = theme .. "|" .. term .. "|" .. s:sub(a, b)
      end
      assert.are.same({ "agi|agi clause|AGI clause", "compute|azure|Azure",
                        "exclusivity|exclusiv*|exclusivity" }, got)
    end)
  end)

  describe("false friends", function()
    local sentences = {
      "The factory tightened its quality control.",
      "He could not find the remote control.",
      "Patients in the control group got a placebo.",
      "Prices are under control again.",
      "New export controls were announced.",
      "Birth control pills went on sale.",
      "The BBC Two controller resigned.",
      "She won on centre court.",
      "The clinical trial enrolled 300 patients.",
      "He has been on trial with a number of clubs.",
      "Scottish independence was debated again.",
      "The independence referendum is next year.",
      "Reliance Industries shares rose.",
      "They had fish and chips for lunch.",
      "Voice over IP calls are cheap.",
      "The trade secretary resigned.",
      "The two options are mutually exclusive.",
      "She gave an exclusive interview.",
      "Autonomous vehicles are being tested.",
      "Not-for-profit groups held a meeting.",
      "The TV licence fee will rise.",
      "He slotted the touchline conversion.",
      "Exclusive: the minister speaks.",
    }
    for _, s in ipairs(sentences) do
      it("counts nothing in: " .. s, function()
        assert.are.same({}, nonzero(lex, s))
      end)
    end

    it("counts the Competition and Markets Authority as legal, not competition", function()
      assert.are.same({ legal = 1 },
        nonzero(lex, "Britain's Competition and Markets Authority closed its review."))
    end)
  end)

  -- The senses of the graded sample (bench/theme_grades.tsv): the false
  -- ones the lexicon counted before its contexts, and true ones it must keep.
  -- Written for this spec, one sense each.
  describe("senses", function()
    local false_senses = {
      { "control", "The app lets you control the lights with your voice." },
      { "control", "Players control a small town of computer people." },
      { "control", "He controls the laptop with a wireless keyboard and mouse." },
      { "control", "Viewers could control what the characters do next." },
      { "control", "The new game makes unit control easier than older strategy games." },
      { "control", "The cream helps inflammation control in arthritis patients." },
      { "control", "The government wants to control immigration more tightly." },
      { "control", "Diabetics need tight blood sugar control." },
      { "control", "The drone's remote control has a screen." },
      { "control", "WEBINAR: Controlling cloud costs in the age of AI." },
      { "legal", "Better voltage regulators let laptops waste less power." },
      { "legal", "The operator will trial the faster broadband service next year." },
      { "legal", "The murder trial heard from three witnesses." },
      { "legal", "The champion won again on the grass courts of the tournament." },
      { "ip", "Older phones used net-based IP services for calls." },
      { "ip", "The rules require an export licence to move model weights abroad." },
      { "ip", "Drivers must renew their driving licence every ten years." },
      { "competition", "Managers rated staff against a set of competencies." },
      { "competition", "She will compete in the marathon in London next spring." },
      { "competition", "The club must win to stay in the competition." },
      { "competition", "The squad finished ahead of their fierce rivals in the league." },
      { "funding", "The IMF will release funding to Turkey if inflation falls." },
      { "funding", "The school asked the council for more funding." },
      { "funding", "The carmaker forecast a net loss for the year." },
      { "exclusivity", "The camera comes in two store-exclusive colours." },
      { "exclusivity", "The rule applies exclusively to the dollar." },
      { "independence", "Investors expect a board with clear independence rules." },
      { "independence", "The robot vacuum maps the house and cleans autonomously." },
      { "independence", "Talks on autonomous weapons stalled at the UN." },
      { "compute", "He chips the goalkeeper from twenty yards in the cup tie." },
      { "agi", "The test measures general intelligence in children." },
    }
    local true_senses = {
      { "control", "Microsoft does not control OpenAI's board, the company said." },
      { "control", "The nonprofit keeps control of the company after the restructuring." },
      { "control", "The deal gives the investor a veto over any sale of the firm." },
      { "control", "Shareholders must give their consent to the merger." },
      { "control", "The partner got two board seats and voting rights." },
      { "competition", "Google now competes with Microsoft in cloud services." },
      { "competition", "Rival firms cut prices to win market share." },
      { "competition", "The two labs face fierce competition from cheaper AI models." },
      { "compute", "The lab rents GPUs in data centres across Texas." },
      { "compute", "Nvidia's chips power most AI training runs." },
      { "exclusivity", "Microsoft lost its exclusive cloud deal with OpenAI." },
      { "exclusivity", "The contract grants a right of first refusal on new capacity." },
      { "legal", "The FTC opened an antitrust inquiry into the partnership." },
      { "legal", "Authors sued the company, and the court ruled for them." },
      { "legal", "The firm's trial on fraud charges begins next week." },
      { "restructuring", "OpenAI plans to restructure as a public benefit corporation." },
      { "restructuring", "The startup's IPO could value it at $50bn." },
      { "restructuring", "The company will go public on the Nasdaq next year." },
      { "ip", "The licensing deal covers the lab's models and code." },
      { "ip", "The patent dispute concerns the chip design." },
      { "ip", "Microsoft keeps rights to use OpenAI's intellectual property." },
      { "funding", "The startup raised $4bn at a $61bn valuation from new investors." },
      { "funding", "Its backers include SoftBank and Microsoft." },
      { "funding", "The lab's cash burn will reach $8bn this year." },
      { "funding", "Despite the funding round, the company posted a net loss of $860m." },
      { "revenue", "Microsoft receives a 20% revenue share until the cap is reached." },
      { "agi", "The contract ends once the board declares artificial general intelligence." },
      { "independence", "The lab wants independence from Microsoft's cloud." },
      { "independence", "Reliance on a single cloud provider worried the company's investors." },
      { "independence", "The company seeks more autonomy from its largest investor." },
    }
    for _, c in ipairs(false_senses) do
      it("counts no " .. c[1] .. " in: " .. c[2], function()
        assert.are.equal(0, lex:count(c[2])[c[1]])
      end)
    end
    for _, c in ipairs(true_senses) do
      it("counts " .. c[1] .. " in: " .. c[2], function()
        assert.is_true(lex:count(c[2])[c[1]] >= 1)
      end)
    end
  end)

  describe("on the seed articles", function()
    it("finds every theme, and independence and competition most", function()
      local seeds = h.seeds()
      if not seeds then return pending("no seed articles beside this checkout") end
      local c = assert(require("paa.corpus").open(seeds, { warn = false }))
      local total = {}
      for doc in c:docs{ clean = true } do
        for theme, n in pairs((lex:count(doc.text))) do total[theme] = (total[theme] or 0) + n end
      end
      for _, n in ipairs((lex:themes())) do
        assert.is_true(total[n] > 0, "no " .. n .. " in the seeds")
      end
      assert.is_true(total.independence > total.control)
      assert.is_true(total.competition > total.exclusivity)
    end)
  end)
end)
