-- paa.deals and scripts/deals.lua: mentions (kind, parties, roles, date),
-- merging into deals, and the report on corpora written here, on the
-- sample corpus and (when present) on the seed articles.
local h = require "helpers"
local cjson = require "cjson"
local paa = require "paa"
local deals = require "paa.deals"

local gaz = assert(deals.load_gazetteer())

local function mentions(text, date, title)
  return (deals.mentions({ id = "d", source = "s", date = date, title = title, text = text }, gaz))
end

local function party(m, name)
  for _, p in ipairs(m.parties) do
    if p.name == name then return p end
  end
  return nil
end

-- the first mention of 'text' has kind 'kind' (unless nil) and these
-- roles ({ [name] = role }), among maybe others
local function expect(text, kind, roles)
  local m = mentions(text)[1]
  assert(m, "no mention in: " .. text)
  if kind then assert.are.equal(kind, m.kind) end
  for name, role in pairs(roles) do
    assert.are.equal(role, (party(m, name) or {}).role, name .. " in: " .. text)
  end
  return m
end

local function run(...)
  return h.run({ "scripts/deals.lua", ... })
end

describe("paa.deals", function()
  after_each(h.cleanup)

  describe("mentions", function()
    it("reads the kind, the parties with their roles and the date of an amount", function()
      local ms = mentions("Acme raised $40 billion in a funding round led by SoftBank in March 2025.",
                          "2025-04-02")
      assert.are.equal(1, #ms)
      local m = ms[1]
      assert.are.equal("funding", m.kind)
      assert.are.equal(4e10, m.amount.value)
      assert.are.equal("$40 billion", m.amount.text)
      assert.are.equal("lead_investor", party(m, "SoftBank").role)
      assert.are.equal("recipient", party(m, "Acme").role)
      assert.are.equal("2025-03", m.date)
      assert.is_false(m.date_fallback)
    end)

    it("takes an unknown capitalised name after a strong cue", function()
      local m = mentions("The startup closed a $200 million Series C led by Harbour Bridge Capital.")[1]
      assert.are.equal("lead_investor", party(m, "Harbour Bridge Capital").role)
    end)

    it("gives roles from the sentence's structure", function()
      local m = mentions("OpenAI signed a $22.4 billion deal with CoreWeave.")[1]
      assert.are.equal("contract", m.kind)
      assert.are.equal("partner", party(m, "CoreWeave").role)
      assert.are.equal("partner", party(m, "OpenAI").role)
      m = mentions("Microsoft agreed to acquire Activision Blizzard for $68.7 billion.")[1]
      assert.are.equal("acquisition", m.kind)
      assert.are.equal("acquirer", party(m, "Microsoft").role)
      assert.are.equal("target", party(m, "Activision Blizzard").role)
      m = mentions("Nvidia invested $100 million in Mistral.")[1]
      assert.are.equal("investment", m.kind)
      assert.are.equal("investor", party(m, "Nvidia").role)
      assert.are.equal("recipient", party(m, "Mistral AI").role)
      m = mentions("Last week, MCI agreed to a buyout by Verizon Communications in a deal valued at $6.75bn.")[1]
      assert.are.equal("acquisition", m.kind)
      assert.are.equal("target", party(m, "MCI").role)
      assert.are.equal("acquirer", party(m, "Verizon").role)
      m = mentions("Kestrel Airlines is to buy 10 aircraft from Airbus in a deal worth up to $1.8bn.")[1]
      assert.are.equal("contract", m.kind)
      assert.are.equal("buyer", party(m, "Kestrel Airlines").role)
      assert.are.equal("supplier", party(m, "Airbus").role)
      m = mentions("Anthropic, the maker of the Claude chatbot, has raised $3.5 billion in a round that values it at $61.5 billion.")
      assert.are.equal("recipient", party(m[1], "Anthropic").role)
      assert.are.equal("valuation", m[2].kind)
      assert.are.equal("valued", party(m[2], "Anthropic").role)
    end)

    it("completes a bid from the sentence's one other organisation and from who reports it", function()
      -- one side named by the bid, the other the only organisation left
      expect("Shareholders of Harbour Foods Plc and Delta Holdings met as talk grew that a "
        .. "takeover bid for Delta Holdings would be raised to £2.1bn.", "acquisition",
        { ["Delta Holdings"] = "target", ["Harbour Foods Plc"] = "acquirer" })
      -- not in a sale: the other may be the seller
      local m = mentions("Harbour Foods Plc bought the unit for $900m after Delta Holdings was forced "
        .. "to sell assets.")[1]
      assert.is_nil(party(m, "Delta Holdings") and party(m, "Delta Holdings").role == "target" or nil)
      -- "X said that Y had rejected a deal worth $N": X bid, Y is bid for
      expect("Larkspur said on Monday that Ferrovia had rejected a deal worth $3bn.", "acquisition",
        { ["Ferrovia"] = "target", ["Larkspur"] = "acquirer" })
      -- a country before a buyer's descriptor is no party
      m = mentions("The board will oppose any formal £600m takeover bid from US tycoon Oren Vale.")[1]
      assert.is_nil(party(m, "US"))
      assert.are.equal("acquirer", party(m, "Oren Vale").role)
      -- "the Premiership club" is the club named before, not the league
      expect("Oren Vale has made a fresh approach to buy Riverside Rovers, which could lead "
        .. "to a bid valuing the Premiership club at £700m.", nil,
        { ["Riverside Rovers"] = "target", ["Oren Vale"] = "acquirer" })
    end)

    it("reads 'another $N' as more of the deal just told, and 'this initiative' as the project named before", function()
      local ms = mentions("Larkspur Capital invested $2 billion in Ferrovia in 2021. "
        .. "Later investments totalling an additional $5 billion followed, mostly in cloud credits.")
      assert.are.equal(2, #ms)
      assert.are.equal("investment", ms[2].kind)
      assert.are.equal("investor", party(ms[2], "Larkspur Capital").role)
      assert.are.equal("recipient", party(ms[2], "Ferrovia").role)
      -- without such a word an amount with no party of its own stays loose
      ms = mentions("Larkspur Capital invested $2 billion in Ferrovia in 2021. Investments of $5 billion followed.")
      assert.are.equal(1, #ms)
      ms = mentions("The Halcyon Project is a joint venture among Arbor Cloud Inc and Tidewater Holdings. "
        .. "With a goal of raising $200 billion over four years, this initiative is the largest yet.")
      assert.are.equal(1, #ms)
      assert.are.equal("commitment", ms[1].kind)
      assert.are.equal("partner", party(ms[1], "Arbor Cloud Inc").role)
      assert.are.equal("partner", party(ms[1], "Tidewater Holdings").role)
    end)

    it("reads how a price is paid as no figure of its own ('in cash', 'including debt')", function()
      expect("Globex Corp agreed to buy rival Initech for $1.2 billion in cash, the companies said.", "acquisition",
        { ["Globex Corp"] = "acquirer", ["Initech"] = "target" })
      expect("<Harbor Mills Inc> agreed to acquire <Tern Foods Co> for 250 mln dlrs in cash and shares.", nil,
        { ["Tern Foods Co"] = "target" })
      expect("The offer values Umbrella Health at 4.5 billion euros including debt.", "acquisition",
        { ["Umbrella Health"] = "target" })
      -- "$135m in debt" is debt
      assert.are.equal(0, #mentions("Delta Air negotiated a deal to defer about $135m in debt until 2027."))
    end)

    it("reads a deal as the clause's subject, a unit sold by its owner, and 'X plans'", function()
      expect("The acquisition of Quillon by Harbor Mills, valued at $9 billion, was called off.", "acquisition",
        { ["Quillon"] = "target", ["Harbor Mills"] = "acquirer" })
      expect("In a statement, Tidewater Holdings said the sale of its Spanish arm to Larkspur "
        .. "for 2 billion euros had been completed.", nil,
        { ["Tidewater Holdings"] = "seller", ["Larkspur"] = "acquirer" })
      expect("Ferrovia plans capital expenditures of $3 billion to $4 billion this year.", "commitment",
        { ["Ferrovia"] = "committer" })
      -- a name before a plan is the plan's: "the £10bn Crossrail transport plan"
      assert.are.equal(0, #mentions("The £10bn Ferrovia rail plan is to get the go-ahead this month."))
    end)

    it("reads a loan's borrower, a subject 'in talks to', and no place beside a company", function()
      expect("The Halden Development Bank will lend 350 million euros to Ferrovia.", nil,
        { ["Halden Development Bank"] = "investor", ["Ferrovia"] = "recipient" })
      local ms = mentions("Quillon AI, the French start-up, is in talks to raise $1 billion at a "
        .. "$14 billion valuation.")
      assert.are.equal("recipient", party(ms[1], "Quillon AI").role)
      assert.are.equal("valued", party(ms[2], "Quillon AI").role)
      local m = mentions("Battery maker Ferrovia secured a $5 billion loan to expand its factory in Sweden.")[1]
      assert.are.equal("recipient", party(m, "Ferrovia").role)
      assert.is_nil(party(m, "Sweden"))
      -- "investing millions to start offering X services": no borrower
      m = mentions("Larkspur Capital and Ferrovia said they are investing $90m to start offering LLU services.")[1]
      assert.is_nil(m and party(m, "LLU"))
    end)

    it("reads who is bid for when a bid is agreed, accepted or turned down", function()
      expect("Meanwhile, Tern Foods said it had agreed a £1.8bn takeover by Harbor Mills.", nil,
        { ["Tern Foods"] = "target", ["Harbor Mills"] = "acquirer" })
      local m = mentions("Ferrovia accepted a $6.75bn buyout from rail giant Larkspur on Monday, "
        .. "rejecting a higher offer from Quillon.")[1]
      assert.are.equal("target", party(m, "Ferrovia").role)
      assert.are.equal("acquirer", party(m, "Larkspur").role)
      assert.is_nil(party(m, "Quillon"))
      expect("It is understood that Riverside Rovers accepted a £5m offer for Dunmore from Castlegate.", nil,
        { ["Riverside Rovers"] = "seller", ["Castlegate"] = "acquirer", ["Dunmore"] = "target" })
    end)

    it("never gives a newspaper a part, and reads a figure cut to a level as no deal", function()
      local ms = mentions("The WSJ said that the two were ripe for consolidation. "
        .. "It has since raised $300m from Larkspur Capital.")
      assert.is_nil(ms[1] and party(ms[1], "WSJ"))
      assert.are.equal(0, #mentions("Tern Foods has reduced the debt it took on to fund the Quillon purchase "
        .. "to just 1.8bn euros."))
      -- a bid cut to a new level is still a bid
      local m = mentions("Harbor Mills cut its offer for Tern Foods to $2bn.")[1]
      assert.are.equal("acquisition", m.kind)
    end)

    it("reads who pays a fee or an order as the buyer, and an agency's acronym as public", function()
      expect("Quillon Labs will receive an initial licence fee of £6.5m from Harbor Mills.", "contract",
        { ["Quillon Labs"] = "supplier", ["Harbor Mills"] = "buyer" })
      local ms = mentions("Rovers United has held talks with the DTI. Mr Vale's offer values the club at £800m.")
      assert.is_nil(ms[1] and party(ms[1], "DTI"))
    end)

    it("reads 'it' after a date as the subject, money put into a project as a commitment, and more", function()
      local ms = mentions("Larkspur Systems has backed open software for years. "
        .. "In 2021 it put $300m into a three-year Linux program.")
      assert.are.equal("commitment", ms[1].kind)
      assert.are.equal("committer", party(ms[1], "Larkspur Systems").role)
      assert.are.equal(1, #ms[1].parties)
      -- an acronym in title case joins the two halves of a name
      expect("Donors will put an extra $1bn into the Global Alliance for Vaccines and "
        .. "Immunisation (Gavi).", nil, { ["Global Alliance for Vaccines and Immunisation"] = "recipient" })
      -- a country before a noun is no party
      local m = mentions("Oren Vale has sold his Tern Media company to an US entrepreneur in a $156m deal.")[1]
      assert.is_nil(party(m, "US"))
    end)

    it("reads wire acquisition stories: a price a share and its total, revised bids, units sold", function()
      local m = mentions("<Harlow Corp> said it agreed to be acquired by <Tern Foods Inc> for 36.50 dlrs "
        .. "a share, or about 370 mln dlrs.")[1]
      assert.are.equal(3.7e8, m.amount.value)
      assert.are.equal("target", party(m, "Harlow Corp").role)
      assert.are.equal("acquirer", party(m, "Tern Foods Inc").role)
      expect("Under the agreement, <Larkspur Group Inc> will pay 17 dlrs a share in cash for "
        .. "<Quillon Aviation Inc>, or about 1.59 billion dlrs.", nil,
        { ["Larkspur Group Inc"] = "acquirer", ["Quillon Aviation Inc"] = "target" })
      expect("<Harbor Partners> said it raised its offer for <Ferrovia Inc> to 2.4 billion dlrs "
        .. "from 2.2 billion dlrs.", "acquisition",
        { ["Harbor Partners"] = "acquirer", ["Ferrovia Inc"] = "target" })
      expect("<Delta Signal Inc> said it completed the sale of its <Ampex Tape Corp> unit to an "
        .. "investor group for 479 mln dlrs.", nil,
        { ["Delta Signal Inc"] = "seller", ["Ampex Tape Corp"] = "target" })
      expect("Gulf and Eastern Inc said its publishing unit acquired <Quill-Hall Inc> for 710 mln dlrs.", nil,
        { ["Gulf and Eastern Inc"] = "acquirer" })
    end)

    it("reads funding pages: title-case headlines, round labels, investors with numbers in their names", function()
      local m = mentions("Tessellate Raises $20M Series A To Build AI Agents For Accountants")[1]
      assert.are.equal("funding", m.kind)
      assert.are.equal("Series A", m.round)
      assert.are.equal(1, #m.parties)
      assert.are.equal("recipient", party(m, "Tessellate").role)
      -- the evidence keeps the headline as written
      assert.truthy(m.sentence:find("Raises $20M Series A To Build", 1, true))
      m = mentions("Tessellate, a San Francisco-based startup, has raised $20 million in Series A "
        .. "funding led by Northgate.")[1]
      assert.is_nil(party(m, "Series"))
      assert.are.equal("lead_investor", party(m, "Northgate").role)
      m = mentions("Berlin-based Kontor closed a €15 million seed round co-led by Point Nine and "
        .. "Cherry Ventures.")[1]
      assert.are.equal("seed", m.round)
      assert.are.equal("lead_investor", party(m, "Point Nine").role)
      assert.are.equal("lead_investor", party(m, "Cherry Ventures").role)
    end)

    it("reads a headline in capitals, without its tickers", function()
      local m = mentions("HARLOW UNION <HUNC> TO BUY SOUTHERN TERN BANCORP FOR 250 MLN DLRS")[1]
      assert.are.equal("acquisition", m.kind)
      assert.are.equal(2.5e8, m.amount.value)
      assert.are.equal("acquirer", party(m, "Harlow Union").role)
      assert.are.equal("target", party(m, "Southern Tern Bancorp").role)
      m = mentions("QUILLON RAISES $40 BILLION IN ROUND LED BY NORTHGATE")[1]
      assert.are.equal("recipient", party(m, "Quillon").role)
      assert.are.equal("lead_investor", party(m, "Northgate").role)
      assert.are.equal(2, #m.parties)
      -- a long text in capitals is no headline: no names, no deal
      assert.are.equal(0, #mentions("THE FIRM SAID ON TUESDAY THAT IT HAD AGREED TO SELL ITS HEAVY MACHINERY "
        .. "UNIT TO RIVAL GROUP PARTNERS FOR ABOUT 250 MLN DLRS IN CASH AFTER MONTHS OF TALKS"))
    end)

    it("reads the deal's noun after the amount, money spent to buy, and buybacks", function()
      expect("Quillon Stores, the second-largest retailer in Ohio, has received a $3.25bn "
        .. "(£1.7bn) takeover offer.", "acquisition",
        { ["Quillon Stores"] = "target" })
      local m = mentions("The creditors have given Tern Group until Wednesday to sign up to a $1.1bn "
        .. "rescue package.")[1]
      assert.are.equal("funding", m.kind)
      m = mentions("UK-based bank Harbor Chartered said it would spend $3.3bn (£1.8bn) to buy one of "
        .. "South Korea's main retail banks.")[1]
      assert.are.equal("acquisition", m.kind)
      assert.are.equal("acquirer", party(m, "Harbor Chartered").role)
      assert.is_nil(party(m, "South Korea"))
      assert.are.equal(0, #mentions("Tern Foods also said it planned to spend 500m euros this "
        .. "year buying back shares."))
      expect("Harbor Corp makes $5.4bn Quillon offer", nil, { ["Quillon"] = "target" })
    end)

    it("reads a figure word past the amount's conversion, and a unit named after its owner", function()
      assert.are.equal(0, #mentions("The unit, Tern Oil, was sold to pay off a $27.5bn (£14.5bn) back tax bill."))
      expect("Harbor Drinks has agreed to buy Californian wine company Quillon for $260m (£134m) "
        .. "in an all-cash deal.", nil,
        { ["Quillon"] = "target" })
      local m = mentions("Ferrovia picked London for its $1.07bn (£558m) stock market debut last month.")[1]
      assert.are.equal("funding", m.kind)
      expect("It had wanted to help fund Larkspur's plans for a $10bn (£5.18bn) bid for Tern unit "
        .. "Ternneftegas.", nil, { ["Larkspur"] = "acquirer", ["Ternneftegas"] = "target", ["Tern"] = "seller" })
    end)

    it("reads 'at a $N post-money valuation' as the valuation, after a round", function()
      local ms = mentions("Quillon has raised $13 billion in a Series F round at a $183 billion post-money "
        .. "valuation, led by Northgate.")
      assert.are.equal("funding", ms[1].kind)
      assert.are.equal("valuation", ms[2].kind)
      assert.are.equal("valued", party(ms[2], "Quillon").role)
    end)

    it("reads no party in a dateline, a ticker or ', Inc.', and reads a press release's buyer", function()
      local m = expect("DENVER/OSLO, Oct 2 (Ledger Wire) - Harlow Systems agreed to buy Kettle Labs for $90 million.",
        "acquisition", { ["Harlow Systems"] = "acquirer", ["Kettle Labs"] = "target" })
      assert.are.equal(2, #m.parties)
      m = expect("AUSTIN, Texas, June 3, 2025 /WireDesk/ -- Pellam Software, Inc. (NASDAQ: PLSW), a provider of "
        .. "billing tools, today announced that it has entered into a definitive agreement to acquire Quarry "
        .. "Metrics, Inc., a privately held maker of dashboards, for $55 million in cash.",
        "acquisition", { ["Pellam Software"] = "acquirer", ["Quarry Metrics"] = "target" })
      assert.are.equal(2, #m.parties)
    end)

    it("reads a description before a name, an apposition, 'in principle' and a relative clause", function()
      expect("Brannock will invest €400 million in Danish wind turbine maker Skovby Energi.", "investment",
        { Brannock = "investor", ["Skovby Energi"] = "recipient" })
      expect("Corvel sold a 12% stake in Chilean copper miner Andes Roca for $700m.", "acquisition",
        { Corvel = "seller", ["Andes Roca"] = "target" })
      expect("Pike Industries said it has agreed in principle to acquire Loam Corp for about 800 mln dlrs.",
        "acquisition", { ["Pike Industries"] = "acquirer", ["Loam Corp"] = "target" })
      expect("Ostrava Rail, the Czech operator of freight lines between the Baltic ports and the Danube, is "
        .. "being bought by Tessin Holdings for €1.2bn.", "acquisition",
        { ["Ostrava Rail"] = "target", ["Tessin Holdings"] = "acquirer" })
      expect("Velo Maps, which Garrick bought for $2bn in 2019, is being shut.", "acquisition",
        { ["Velo Maps"] = "target", Garrick = "acquirer" })
      expect("Harrowgate, whose £2.4bn approach for Brindle Foods was rejected, walked away.", "acquisition",
        { Harrowgate = "acquirer", ["Brindle Foods"] = "target" })
      expect("Buyout firm Harwell, Brandt & Lowe tabled a £2bn offer for Pennine Foods.", "acquisition",
        { ["Harwell, Brandt & Lowe"] = "acquirer", ["Pennine Foods"] = "target" })
      expect("Mercia Telecom has taken control of Dunmore Cable, completing a £900m acquisition.", "acquisition",
        { ["Mercia Telecom"] = "acquirer", ["Dunmore Cable"] = "target" })
      expect("Solent Group agreed to sell its German arm, Solent Deutschland, to Rhein Capital for €600m.",
        "acquisition", { ["Solent Group"] = "seller", ["Solent Deutschland"] = "target",
          ["Rhein Capital"] = "acquirer" })
    end)

    it("reads a takeover's price where the deal values its target, and money for plants as spending", function()
      expect("Barrow Oil agreed to buy Fenwick Petroleum for $40 a share in cash, valuing the Texas driller at "
        .. "$7bn.", "acquisition", { ["Barrow Oil"] = "acquirer", ["Fenwick Petroleum"] = "target" })
      expect("Including debt, the transaction values Fenwick Petroleum at about $9bn.", "acquisition",
        { ["Fenwick Petroleum"] = "target" })
      local m = expect("Harrier Partners won the auction for retailer Bexley Stores with a final offer of 250 "
        .. "pence a share that values the chain at about 3 billion pounds.", "acquisition",
        { ["Bexley Stores"] = "target" })
      local bidder = party(m, "Harrier Partners")
      assert.is_true(bidder == nil or bidder.role ~= "target")
      expect("Quayle Steel will invest $2.1 billion over four years in a new mill outside Gary.", "commitment",
        { ["Quayle Steel"] = "committer" })
      m = expect("Quayle Steel has committed to invest $5bn in its plants by 2030.", "commitment",
        { ["Quayle Steel"] = "committer" })
      assert.is_nil(m.date)
      expect("Brisk Mobile completed the sale of its Spanish unit to Pellow, a Dutch investment group, in a "
        .. "deal worth up to €2bn.", "acquisition", { Pellow = "acquirer" })
    end)

    it("reads debt facilities as raises, a cash tender offer as a bid, and no outlet as a party", function()
      expect("Pomfret has secured a $5 million venture debt facility from Larch Bank.", "funding",
        { Pomfret = "recipient", ["Larch Bank"] = "investor" })
      expect("Pomfret will fund the purchase with a new $90 million term loan provided by Oriel Bank.", "funding",
        { Pomfret = "recipient", ["Oriel Bank"] = "investor" })
      assert.are.equal(0, #mentions("Pomfret will fund the purchase with borrowings under its existing $90 million "
        .. "revolving credit facility."))
      expect("Mowbray Corp said it will make a cash tender offer of 31 dlrs per share for the 40 pct of Tyne "
        .. "Chemical it does not already own, a transaction valued at about 900 mln dlrs.", "acquisition",
        { ["Mowbray Corp"] = "acquirer", ["Tyne Chemical"] = "target" })
      local ms = mentions("Quarry said it had arranged a $4 billion revolving credit line with a group of banks, "
        .. "bringing its available liquidity to more than $10 billion.")
      assert.are.equal(1, #ms)
      assert.are.equal("funding", ms[1].kind)
      assert.are.equal(4e9, ms[1].amount.value)
      ms = deals.mentions({ id = "d", source = "Quay Post", text = "One developer told Quay Post it had "
        .. "lined up $400 million in debt financing." }, gaz)
      for _, m in ipairs(ms) do assert.is_nil(party(m, "Quay Post")) end
    end)

    it("dates a deal by its weekday, a month gone by and not by a deadline", function()
      -- 2025-03-14 is a Friday
      local m = mentions("Harwick Bio said on Monday it had closed a $40m Series B led by Fenmore Capital.",
                         "2025-03-14")[1]
      assert.are.equal("2025-03-10", m.date)
      m = mentions("Harwick Bio said on Friday it had closed a $40m Series B led by Fenmore Capital.",
                   "2025-03-14")[1]
      assert.are.equal("2025-03-14", m.date)
      m = mentions("Harwick Bio will close a $40m Series B led by Fenmore Capital on Monday.", "2025-03-14")[1]
      assert.are.equal("2025-03-14", m.date)
      assert.is_true(m.date_fallback)
      m = mentions("In December, Harwick Bio raised $700 million in a private placement led by Fenmore Capital.",
                   "2025-09-09")[1]
      assert.are.equal("2024-12", m.date)
      m = mentions("Harwick Bio plans to raise $700 million in December in a round led by Fenmore Capital.",
                   "2025-09-09")[1]
      assert.are.equal("2025-12", m.date)
      m = mentions("Tollgate Power will spend about £20bn over the five years to March 2029 on its network.",
                   "2024-05-23")[1]
      assert.are.equal("2024-05-23", m.date)
    end)

    it("reads the round's investors in the next sentence and the company a round values", function()
      local ms = mentions("Tiller Bio has raised $30 million in a Series A led by Harbor Oak Ventures. "
        .. "Existing backers Quince Capital, Redfern Partners and Mosswood Ventures also took part.")
      assert.are.equal("investor", party(ms[1], "Quince Capital").role)
      assert.are.equal("investor", party(ms[1], "Mosswood Ventures").role)
      assert.is_nil(party(ms[1], "Existing"))
      ms = mentions("Tiller Bio has raised $30 million in a Series A led by Harbor Oak Ventures. "
        .. "The round values the company at $150 million.")
      assert.are.equal("valued", party(ms[2], "Tiller Bio").role)
      assert.is_nil(party(ms[2], "Harbor Oak Ventures"))
      ms = mentions("Loxley raised $8 million led by Brook Ventures, with participation from Sable Capital and "
        .. "existing investor Fenn Partners.")
      assert.are.equal("investor", party(ms[1], "Fenn Partners").role)
    end)

    it("reads a merger of two as their deal, and a place invested in as where, not who", function()
      expect("Shareholders approved the $26bn merger of Larkspur and Ferrovia on Tuesday.", "acquisition",
        { ["Larkspur"] = "partner", ["Ferrovia"] = "partner" })
      local m = mentions("Harbor Motors will invest $13.9 billion in a battery plant in North Carolina.")[1]
      assert.are.equal("commitment", m.kind)
      assert.are.equal("committer", party(m, "Harbor Motors").role)
      assert.are.equal(1, #m.parties)
    end)

    it("reads an organisation's investment in itself as its commitment, and money owed as no deal", function()
      expect("Harbor Motors had invested some £280m in Mini production at the Oxford plant.", "commitment",
        { ["Harbor Motors"] = "committer" })
      local m = mentions("For Tern Cable it is the beginning of a £20m investment in TV-on-demand.")[1]
      assert.are.equal("commitment", m.kind)
      expect("The Quillon Group says the cuts are needed to fund an £150m investment in new printing facilities.", nil,
        { ["Quillon Group"] = "committer" })
      assert.are.equal(0, #mentions("The owners of Tern Oil are to ask the buyer of its unit to pay back a "
        .. "$900m (£479m) loan."))
      assert.are.equal(0, #mentions("Riverside Rovers want £6m for the midfielder, Ferrovia FC said."))
      assert.are.equal(0, #mentions("The firm, which is to receive a payment from Castlegate of £24.5m, said it "
        .. "would invest it."))
      m = mentions("Analysts claimed that Larkspur - which bought the Tern Oil production unit for $9.4bn "
        .. "(261bn roubles) on Sunday - has strong links with Quillon.")[1]
      assert.are.equal("acquirer", party(m, "Larkspur").role)
      assert.is_nil(party(m, "Quillon"))
    end)

    it("tells a contract's supplier and buyer by a verb of supplying", function()
      expect("Harbor Aero is to supply Tern Airlines with up to 50 of its new planes in a deal "
        .. "that could be worth as much as $6bn (£3.1bn).", "contract",
        { ["Harbor Aero"] = "supplier", ["Tern Airlines"] = "buyer" })
    end)

    it("reads a name ending like a nationality before a preposition as a name", function()
      expect("Harbor Media is buying up a 26% stake in Indian newspaper company Jagran in a deal "
        .. "worth 25m euros.", nil,
        { ["Jagran"] = "target" })
      local m = mentions("Ferrovia FC surprised everyone by selling the Dutchman to Lazio for £16.5m "
        .. "in August 2001.")[1]
      assert.is_nil(party(m, "Dutchman"))
    end)

    it("takes a person's bid ('Mr Vale's offer values the club at £800m')", function()
      local ms = mentions("Rovers United is talking to advisers. Mr Vale's offer values the club at £800m ($1.5bn).")
      assert.are.equal("acquirer", party(ms[1], "Vale").role)
      assert.are.equal("target", party(ms[1], "Rovers United").role)
    end)

    it("reads the clause's 'it' after 'but' as the subject of the verb that governs", function()
      expect("Larkspur bought the rest of the carmaker in 1988. It considered floating Quillon in "
        .. "2002 but opted to sell a minority stake to Italian bank Ferrovia for 775m euros ($1bn).", nil,
        { Larkspur = "seller", Ferrovia = "acquirer" })
    end)

    it("reads an investment bank's earnings and a figure risen to a level as no deal", function()
      assert.are.equal(0, #mentions("Earnings at Harbor Capital investment bank rose 25% to £1.04bn."))
      assert.are.equal(0, #mentions("A sale of Tern House's furniture and artworks fetched £5.5m."))
      assert.are.equal(0, #mentions("Tern Labs said its R&D spending was rising 37% to 705m rupees."))
    end)

    it("reads transfers and shares bought by the per cent as acquisitions", function()
      expect("Castlegate are closing in on a £2m deal for Riverside's Tom Vale after his agent travelled "
        .. "to Spain.", "acquisition", { Castlegate = "acquirer", Riverside = "seller", ["Tom Vale"] = "target" })
      expect("He was signed for £4.6m from Ferrovia FC in 1998.", "acquisition", { ["Ferrovia FC"] = "seller" })
      expect("Italian drinks firm Harbor Saronno has agreed to buy 33% of Quillon, China's biggest winemaker, "
        .. "for 481.42m yuan ($58.2m).", "acquisition", { ["Harbor Saronno"] = "acquirer", Quillon = "target" })
      -- a share of something else is no target
      local m = mentions("Tern Oil, the unit which produced 60% of Larkspur's output, had been sold in December "
        .. "for less than $10bn to a firm called Ferrovia.")[1]
      assert.is_nil(party(m, "Larkspur") and party(m, "Larkspur").role == "target" or nil)
    end)

    it("takes the sentence's subject as the bidder when the bid names only its target", function()
      expect("Quillon, Japan's third-largest bank, tabled a higher offer for Tern Bank than its rival, "
        .. "valuing the company at $35bn.", "acquisition", { Quillon = "acquirer", ["Tern Bank"] = "target" })
      -- not as the target: "Bates stepped down following Roman Abramovich's £140m takeover"
      local m = mentions("Vale stepped down as chairman following Oren Harlow Corp's £140m takeover at the ground.")[1]
      assert.is_nil(m and party(m, "Vale"))
    end)

    it("reads the owner of a unit bid for as its seller ('the bid for the firm's X unit')", function()
      expect("Tern Oil has been fighting the sale for months. He added that the highest bid for "
        .. "the firm's Ternneftgas unit was $8bn.", nil, { ["Tern Oil"] = "seller", Ternneftgas = "target" })
    end)

    it("reads 'a deal to import' as the signer buying, 'to export' as the signer supplying", function()
      expect("Harbor Energy has signed a $40bn deal to import gas from Tern Oil over 25 years.", "contract",
        { ["Harbor Energy"] = "buyer" })
      expect("Harbor Energy has signed a $4bn deal to export gas to Tern Power.", "contract",
        { ["Harbor Energy"] = "supplier" })
      expect("The chancellor began his visit by signing a deal worth 1bn euros ($1.3bn) for Harbor Aero to "
        .. "sell 23 new planes to Tern Air.", "contract", { ["Harbor Aero"] = "supplier", ["Tern Air"] = "buyer" })
      expect("Less than four years after the launch, carmaker Harbor Motors has announced £100m of new "
        .. "investment.", "commitment", { ["Harbor Motors"] = "committer" })
    end)

    it("never gives a part to the company whose rival is spoken of", function()
      local m = mentions("Harbor Aero's great European competitor is to sell 10 of its new planes to Spanish "
        .. "carrier Tern Air in a deal that could be worth more than $1.8bn.")[1]
      assert.is_nil(party(m, "Harbor Aero"))
      assert.truthy(party(m, "Tern Air"))
    end)

    it("reads 'had been seized and sold ... to a firm called X' as a passive sale to X", function()
      expect("Ternneftegaz, the unit which produced 60% of Tern's output, had been seized and sold in "
        .. "December for less than $10bn to a previously unknown firm called Larkspur.", "acquisition",
        { Ternneftegaz = "target", Larkspur = "acquirer" })
    end)

    it("reads a stake sold as bought by who pays and sold by who is paid", function()
      expect("Tern Group has been selling assets to cut its debts. The sale of the 33% stake to "
        .. "Spain's Larkspur for £146m is a lifeline to the company.", "acquisition",
        { Larkspur = "acquirer", ["Tern Group"] = "seller" })
    end)

    it("keeps a list of suppliers as suppliers, and a need as no deal", function()
      expect("Ferrovia Mobile will spend around $1bn on new technology from Larkspur Systems, Quillon Networks "
        .. "and Tern Devices.", nil, { ["Quillon Networks"] = "supplier", ["Tern Devices"] = "supplier" })
      assert.are.equal(0, #mentions("A banker said the club Riverside Rovers needs a capital injection of 35m euros."))
    end)

    it("gives every organisation of a list its part: subjects, a 'they', what a bid is for", function()
      expect("Harbor Capital and Tern Ventures will invest $19bn in the Quillon project.", "commitment",
        { ["Harbor Capital"] = "committer", ["Tern Ventures"] = "committer" })
      expect("Larkspur, Ferrovia and Delta Holdings will spend $2bn on the pipeline.", "commitment",
        { Larkspur = "committer", Ferrovia = "committer", ["Delta Holdings"] = "committer" })
      expect("Riverside Rovers have confirmed they have received an £8m bid from Harbour Town for Sam Reed "
        .. "and Joe Dale.", "acquisition", { ["Riverside Rovers"] = "seller", ["Harbour Town"] = "acquirer",
        ["Sam Reed"] = "target", ["Joe Dale"] = "target" })
      expect("Larkspur Systems and Tern Devices have announced that they are investing $40m to start "
        .. "offering the service.", "commitment", { ["Larkspur Systems"] = "committer", ["Tern Devices"] = "committer" })
      -- "A, B will": B may be A's appositive, no list
      local m = expect("Quillon, Ferrovia will invest $5bn in Delta Holdings.", nil, {})
      assert.is_nil(party(m, "Quillon"))
    end)

    it("reads awards, mergers and a deal's noun before a figure said of it", function()
      expect("The Pentagon awarded Granite Dynamics a $450 million contract to build drones.", "contract",
        { Pentagon = "buyer", ["Granite Dynamics"] = "supplier" })
      expect("Granite Dynamics was awarded a $450 million contract by the Pentagon.", "contract",
        { Pentagon = "buyer", ["Granite Dynamics"] = "supplier" })
      expect("Tidal Works will merge with Pylon Systems in a deal valued at $15 billion.", "acquisition",
        { ["Tidal Works"] = "partner", ["Pylon Systems"] = "partner" })
      expect("Harbor Capital's $100m deal with Tern Airlines has changed the market.", "contract",
        { ["Harbor Capital"] = "partner", ["Tern Airlines"] = "partner" })
      expect("Vector Data closed a $12 million seed round.", "funding", { ["Vector Data"] = "recipient" })
      expect("Harbour Town's offer for Republic of Ireland international Sam Reed comprised £3m and two players.",
        "acquisition", { ["Harbour Town"] = "acquirer", ["Sam Reed"] = "target" })
    end)

    it("reads wire-style names, orders of goods, stakes taken and proposals from a bidder", function()
      expect("Orbit Systems Inc. said Monday it will buy Helix Bio Corp. for about $1.2 billion in cash.",
        "acquisition", { ["Orbit Systems Inc"] = "acquirer", ["Helix Bio Corp"] = "target" })
      expect("Tern Airlines ordered 20 jets from Airbus in a deal worth $2 billion at list prices.", "contract",
        { ["Tern Airlines"] = "buyer", Airbus = "supplier" })
      -- the maker of a model, not the model; an adverb opening a sentence is no name
      local m = expect("Recently, the airline ordered 30 Airbus A320 planes for $1.8bn.", "contract",
        { Airbus = "supplier" })
      assert.is_nil(party(m, "Recently"))
      assert.is_nil(party(m, "A320"))
      expect("Onyx Petroleum took a 20% stake in Basalt Energy for $400 million.", "acquisition",
        { ["Onyx Petroleum"] = "acquirer", ["Basalt Energy"] = "target" })
      expect("Brewing giant Harbor Brands has agreed to buy Tern-Eco's stake in Quillon Breweries, Russia's "
        .. "second-largest brewer, for up to 259.7m euros.", "acquisition",
        { ["Harbor Brands"] = "acquirer", ["Quillon Breweries"] = "target", ["Tern-Eco"] = "seller" })
      expect("Circuit Stores has received a $3.25bn takeover offer. The bid has come from Boston-based private "
        .. "investment firm Harbor Capital Management.", "acquisition",
        { ["Circuit Stores"] = "target", ["Harbor Capital Management"] = "acquirer" })
      expect("Aurora Stores said it received a takeover proposal from Juniper Group valued at 2.3 billion dlrs.",
        "acquisition", { ["Aurora Stores"] = "target", ["Juniper Group"] = "acquirer" })
      -- "the company" is not an investor named after "led by"
      local ms = mentions("Saffron AI announced a $100 million Series D led by Northgate Ventures and "
        .. "Blue Ridge Capital, valuing the company at $2 billion.")
      assert.are.equal("valued", (party(ms[2], "Saffron AI") or {}).role)
    end)

    it("reads spending on buying, investing in an activity and a regulator's deal", function()
      expect("Ferrovia Mobile is to spend 578m euros on buying out minority shareholders in data services "
        .. "provider Tern Devices.", "acquisition", { ["Ferrovia Mobile"] = "acquirer", ["Tern Devices"] = "target" })
      local m = expect("Harbor Hotels said it planned to invest $48m (£26m) in renovating parts of the Quillon.",
        "commitment", { ["Harbor Hotels"] = "committer" })
      assert.are.equal(1, #m.parties)
      assert.are.same({}, mentions("The SEC agreed a deal totalling $375m with Larkspur Capital Management."))
    end)

    it("keeps the new patterns to what they mean", function()
      assert.are.same({}, mentions("Ryanair was ordered to pay €5m to passengers."))
      expect("Tern Airlines is ordering 20 jets from Airbus in a deal worth $2 billion.", "contract",
        { ["Tern Airlines"] = "buyer", Airbus = "supplier" })
      expect("The Pentagon is awarding Granite Dynamics a $450m contract.", "contract",
        { Pentagon = "buyer", ["Granite Dynamics"] = "supplier" })
      local m = expect("Vodafone will invest £2bn in Germany alongside Deutsche Telekom.", nil, {})
      assert.is_nil(party(m, "Deutsche Telekom"))
      m = expect("Acme Corp will pay $5bn for Beta Labs, Gamma Partners said on Monday.", "acquisition",
        { ["Beta Labs"] = "target" })
      assert.is_nil(party(m, "Gamma Partners"))
      assert.are.same({}, mentions("Acme Corp launched Beta Cloud in March. The deal is worth $20m."))
      expect("Sequoia invested $5m in Acme Labs in spring 2024.", "investment", { ["Acme Labs"] = "recipient" })
      m = expect("Former chief executive John Smith said: \"We will pay $50m for Acme Labs.\"", nil, {})
      assert.is_nil(party(m, "Former"))
      m = expect("Google said analysts believe they will pay $2bn for Fitbit.", nil, {})
      assert.is_nil(party(m, "Google"))
      expect("Italy, Greece and Spain signed a $3bn deal with Gazprom.", "contract",
        { Italy = "partner", Greece = "partner", Spain = "partner", Gazprom = "partner" })
    end)

    it("reads transfers of players: signed from, joined from, the signing of", function()
      expect("Harbour Town signed Sam Reed from Riverside Rovers for £24m.", "acquisition",
        { ["Harbour Town"] = "acquirer", ["Sam Reed"] = "target", ["Riverside Rovers"] = "seller" })
      expect("The striker joined Harbour Town from Riverside Rovers for £8m last summer.", "acquisition",
        { ["Harbour Town"] = "acquirer", ["Riverside Rovers"] = "seller" })
      expect("Harbour Town have completed the £14m signing of Sam Reed from Riverside Rovers.", "acquisition",
        { ["Harbour Town"] = "acquirer", ["Sam Reed"] = "target", ["Riverside Rovers"] = "seller" })
      -- a company still signs deals
      expect("Larkspur signed a $40m deal with Tern Devices.", "contract",
        { Larkspur = "partner", ["Tern Devices"] = "partner" })
    end)

    it("reads a place named after its description, sales' proceeds and a deal's whole told with its part", function()
      expect("Larkspur has signed a $6bn deal with the Middle Eastern sheikhdom of Qatar to supply gas.",
        "contract", { Larkspur = "supplier", Qatar = "partner" })
      assert.are.same({}, mentions("Sales of stakes in firms including Larkspur Mobile raised 1.17bn euros."))
      local ms = mentions("Tern Bio will receive an initial fee of £6.5m from Larkspur - out of a potential "
        .. "total of £21m.")
      assert.are.equal(1, #ms)
      assert.are.equal(6.5e6, ms[1].amount.value)
      expect("The IAEA needs more money. So far it has only received $11m from the US.", "funding",
        { IAEA = "recipient", US = "investor" })
    end)

    it("reads 'snapped up', and backing from no investor named as funding", function()
      expect("These businesses became part of Larkspur Bank when it snapped up rival bank Tern Trust in a $47bn "
        .. "merger last March.", "acquisition", { ["Larkspur Bank"] = "acquirer", ["Tern Trust"] = "target" })
      expect("Quillon Motors said it was looking for a further 540bn yen in fresh financial backing.", "funding",
        { ["Quillon Motors"] = "recipient" })
    end)

    it("reads wire stories: datelines, 'to acquire it', a stake bought before", function()
      expect("CHICAGO, March 4 - <Quillon Corp> said it received an unsolicited offer from an investor group "
        .. "led by <Larkspur Partners> to acquire it for 31 dlrs a share, or about 620 mln dlrs.", "acquisition",
        { ["Quillon Corp"] = "target", ["Larkspur Partners"] = "acquirer" })
      local m = mentions("CHICAGO, March 4 - <Quillon Corp> said it received an unsolicited offer from an investor "
        .. "group led by <Larkspur Partners> to acquire it for about 620 mln dlrs.")[1]
      assert.is_nil(party(m, "CHICAGO"))
      expect("Larkspur Partners already holds a 9.8 pct stake in Quillon, bought for 58 mln dlrs last year.",
        "acquisition", { ["Larkspur Partners"] = "acquirer", Quillon = "target" })
    end)

    it("reads what money buys, a merger announced and a bidder's possessive", function()
      expect("Orbit Systems has agreed to pay $1.2 billion to acquire Helix Bio.", "acquisition",
        { ["Orbit Systems"] = "acquirer", ["Helix Bio"] = "target" })
      expect("Orbit Systems and Pylon Systems announced a merger valued at $15 billion.", "acquisition",
        { ["Orbit Systems"] = "partner", ["Pylon Systems"] = "partner" })
      expect("Helix Bio's board recommended that shareholders accept Orbit Systems' $1.2 billion offer.",
        "acquisition", { ["Orbit Systems"] = "acquirer", ["Helix Bio"] = "target" })
    end)

    it("reads press releases: an agreement to acquire, to be acquired", function()
      expect("SAN FRANCISCO, June 3, 2025 /PRNewswire/ -- Lumen Labs, Inc., a leader in low-power inference chips, "
        .. "today announced that it has closed a $50 million Series C financing led by Northgate Ventures.", "funding",
        { ["Lumen Labs"] = "recipient", ["Northgate Ventures"] = "lead_investor" })
      expect("Helix Bio (NASDAQ: HLXB) today announced a definitive agreement to acquire Tern Devices for $300 "
        .. "million in cash.", "acquisition", { ["Helix Bio"] = "acquirer", ["Tern Devices"] = "target" })
      expect("Orbit Systems, Inc. (NYSE: ORB) announced today that it has entered into a definitive agreement to "
        .. "be acquired by Pylon Capital for approximately $2.1 billion.", "acquisition",
        { ["Orbit Systems"] = "target", ["Pylon Capital"] = "acquirer" })
    end)

    it("reads investors that each invest, and a second thing bought for a second amount", function()
      expect("Northgate Ventures and Blue Ridge Capital each invested $10m in Kestrel Robotics.", "investment",
        { ["Northgate Ventures"] = "investor", ["Blue Ridge Capital"] = "investor", ["Kestrel Robotics"] = "recipient" })
      local ms = mentions("Orbit Systems bought Helix Bio for $1.2bn and Tern Devices for $300m.")
      assert.are.equal("target", (party(ms[2], "Tern Devices") or {}).role)
      assert.are.equal("acquirer", (party(ms[2], "Orbit Systems") or {}).role)
    end)

    it("reads a loan agreement's lender and its borrower", function()
      expect("Turkey's current $18.6bn loan agreement with the IMF expires in February.", "funding",
        { Turkey = "recipient", ["International Monetary Fund"] = "investor" })  -- (the gazetteer's name)
      expect("Helix Bio signed a $500m loan agreement with Cobalt Bank.", "funding",
        { ["Helix Bio"] = "recipient", ["Cobalt Bank"] = "investor" })
    end)

    it("reads a contest won as a bid, and a noun after 'a' as no verb", function()
      expect("Ferrovia has won a takeover battle for US phone firm Tern Mobile with a bid worth $6.8bn.",
        "acquisition", { Ferrovia = "acquirer", ["Tern Mobile"] = "target" })
      expect("Ferrovia won the race for Tern Mobile with a $6.8bn bid.", "acquisition",
        { Ferrovia = "acquirer", ["Tern Mobile"] = "target" })
      -- a rival the text does not name, nor a nation
      assert.are.same({}, mentions("Paris-based Larkspur has the facilities in place, while its German rival "
        .. "may up its bid to the £1.5bn mark."))
      assert.are.same({}, mentions("Speculation is mounting that the Germans may raise their bid to £1.5bn."))
      assert.are.same({}, mentions("Traders expect a bidding war for Europe's biggest stock market, which lists "
        .. "stocks with a total capitalisation of £1.4 trillion."))
    end)

    it("keeps the later rules to what they mean", function()
      expect("British Airways agreed to buy Tern Air for £200m.", "acquisition", { ["British Airways"] = "acquirer" })
      expect("Canadian Pacific agreed to buy Kansas City Southern for $25bn.", "acquisition",
        { ["Kansas City Southern"] = "target" })
      expect("Orbit Systems made an opening bid of $2bn for Helix Bio.", "acquisition",
        { ["Orbit Systems"] = "acquirer", ["Helix Bio"] = "target" })
      expect("Helix Bio has rejected an unsolicited offer to acquire it for $2bn.", "acquisition",
        { ["Helix Bio"] = "target" })
      expect("Granite Dynamics won the bidding for a $450m Pentagon contract.", "contract",
        { ["Granite Dynamics"] = "supplier" })
      expect("Northgate Ventures invested $20m in Lumen Labs, taking a 10% stake.", "investment",
        { ["Northgate Ventures"] = "investor", ["Lumen Labs"] = "recipient" })
      expect("Orbit Systems took Tern Bank's 20% stake in Helix Bio for $200m.", "acquisition",
        { ["Tern Bank"] = "seller", ["Helix Bio"] = "target" })
      expect("Pylon Capital agreed to buy Warner Bros. for $2bn.", "acquisition", { ["Warner Bros"] = "target" })
      expect("The government will invest $2bn in Orbit Systems.", "investment", { ["Orbit Systems"] = "recipient" })
      local m = expect("Helix Bio today completed its acquisition by Pylon Capital for $2.1 billion.", "acquisition",
        { ["Pylon Capital"] = "acquirer" })
      assert.are_not.equal("acquirer", (party(m, "Helix Bio") or {}).role)
      for _, t in ipairs{
        "Helix Bio's board is considering a $2bn offer.",
        "Goldman Sachs and Morgan Stanley advised on a merger valued at $15 billion.",
        "Orbit Systems swallowed a $2bn charge.",
        "Helix Bio took Pylon Capital's $2bn offer.",
      } do
        for _, x in ipairs(mentions(t)) do
          assert.is_nil(party(x, "Helix Bio") and party(x, "Helix Bio").role == "acquirer" or nil, t)
          assert.is_nil(party(x, "Goldman Sachs"), t)
          assert.is_nil(party(x, "Orbit Systems") and x.kind == "acquisition" or nil, t)
        end
      end
      m = mentions("Orbit Systems bought Helix Bio in 2015. Helix Bio was sold to a consortium for $2bn in 2021.")[1]
      assert.is_nil(m and party(m, "Orbit Systems"))
      m = mentions("Nike signed LeBron James from Adidas in a $90m endorsement deal.")[1]
      assert.are_not.equal("acquisition", m and m.kind)
    end)

    it("reads a quote's 'we' as its speaker's organisation", function()
      expect("\"We have raised $20 million to build inference chips,\" said Mara Ventes, chief executive of "
        .. "Lumen Labs.", "funding", { ["Lumen Labs"] = "recipient" })
      expect("\"We will invest $500m in new plants,\" the Orbit Systems chairman said.", "commitment",
        { ["Orbit Systems"] = "committer" })
      expect("Rovers chief executive Sam Reed said: \"We've received an £8m bid from Harbour Town for the two "
        .. "players.\"", "acquisition", { Rovers = "seller", ["Harbour Town"] = "acquirer" })
    end)

    it("follows 'it' back through sentences whose subject is 'it'", function()
      local ms = mentions("Larkspur Brands is the world's biggest wine maker. It seized the top spot in 2003. "
        .. "Since then, it has paid $1bn for US wine maker Tern Estates.")
      assert.are.equal("acquirer", (party(ms[1], "Larkspur Brands") or {}).role)
    end)

    it("gives 'the deal' of a sentence the acquisition told just before", function()
      expect("Orbit Systems agreed to acquire Helix Bio. The deal is worth $1.2 billion.", "acquisition",
        { ["Orbit Systems"] = "acquirer", ["Helix Bio"] = "target" })
      expect("Orbit Systems agreed to acquire Helix Bio on Monday. The deal, valued at $1.2 billion, is "
        .. "expected to close in March.", "acquisition", { ["Orbit Systems"] = "acquirer", ["Helix Bio"] = "target" })
      expect("Orbit Systems said it would buy Helix Bio. Under the terms of the agreement, Orbit Systems will "
        .. "pay $45 a share, or about $1.2 billion.", "acquisition", { ["Helix Bio"] = "target" })
      expect("The sale of Helix Bio is expected to be complete in a deal worth over £17m. New owner Orbit "
        .. "Systems has not ruled out job cuts.", "acquisition", { ["Orbit Systems"] = "acquirer" })
      -- not money raised "for the deal"
      assert.are.same({}, mentions("Orbit Systems agreed to acquire Helix Bio. Its shares fell as the bank "
        .. "raised funds for the deal by selling new stocks worth £1bn."))
    end)

    it("takes an acquisition's other side from the acquisition told just before", function()
      expect("Larkspur agreed to buy Tern Oil in March. Tern Oil was sold for $2bn after a long auction.",
        "acquisition", { ["Tern Oil"] = "target", Larkspur = "acquirer" })
      -- not another company's sale
      local m = expect("Larkspur agreed to buy Tern Oil in March. Quillon Gas was sold for $2bn after a long "
        .. "auction.", "acquisition", { ["Quillon Gas"] = "target" })
      assert.is_nil(party(m, "Larkspur"))
    end)

    it("takes a round's investors from the sentence after it", function()
      expect("Kestrel Robotics raised $8m. The round was led by Redwood Crest Ventures, with participation "
        .. "from Copperline Ventures and Fieldstone Capital.", "funding",
        { ["Kestrel Robotics"] = "recipient", ["Redwood Crest Ventures"] = "lead_investor",
          ["Copperline Ventures"] = "investor", ["Fieldstone Capital"] = "investor" })
      expect("Kestrel Robotics raised $8m in a Series A round.\n\nRedwood Crest Ventures led the round.",
        "funding", { ["Redwood Crest Ventures"] = "lead_investor" })
      expect("Kestrel Robotics raised $8m. The round was led by Thrive Capital, with Orbit Systems and "
        .. "Abu Dhabi's MGX also taking part.", "funding",
        { ["Thrive Capital"] = "lead_investor", ["Orbit Systems"] = "investor", MGX = "investor" })
      expect("Kestrel Robotics raised $20 million in a Series A round. Existing investors Northgate Ventures "
        .. "and Blue Ridge Capital also participated.", "funding",
        { ["Northgate Ventures"] = "investor", ["Blue Ridge Capital"] = "investor" })
      local m = expect("Kestrel Robotics raised $8m. The company plans to hire 50 engineers.", "funding", {})
      assert.are.equal(1, #m.parties)
    end)

    it("reads money owed, a cost reckoned and money raised for a cause as no deal", function()
      local ms = mentions("Kestrel Robotics has raised $50 million in Series C funding, bringing its total "
        .. "funding to $120 million.")
      assert.are.equal(1, #ms)   -- a running total is no new round
      assert.are.same({}, mentions("Lumen Labs has now raised $62 million since it was founded in 2021."))
      -- a date in a relative clause the amount is not in does not date it
      local m = mentions("Orbit Systems, which reported revenue of $3.4 billion last year, will fund the "
        .. "purchase with a $500 million term loan from Cobalt Bank.", "2025-06-02")[1]
      assert.are_not.equal("2024", m.date)
      -- nor a date of the earlier figure the amount is compared with
      for _, t in ipairs{
        "Kestrel Robotics raised $80 million in a round led by Redwood Crest Ventures that values it at "
          .. "$1.2 billion, nearly triple the figure it commanded a year ago.",
        "Orbit Systems agreed to buy Helix Bio for $2 billion, up from the $1.5 billion it offered last year.",
        "Kestrel Robotics raised $50 million from Redwood Crest Ventures, more than it raised in 2023.",
      } do
        assert.are.same({ "2025-06-02", nil }, { mentions(t, "2025-06-02")[1].date, mentions(t, "2025-06-02")[1].date_text }, t)
      end
      assert.are.equal("2025-05", mentions("Kestrel Robotics raised $50 million from Redwood Crest Ventures "
        .. "last month.", "2025-06-02")[1].date)
      assert.are.equal("2025-03", mentions("Orbit Systems signed a $3 billion contract with Cobalt Bank in March, "
        .. "double its 2024 spending.", "2025-06-02")[1].date)
      for _, t in ipairs{
        "The club still owe French club Ferrovia £5m from the purchase of the striker.",
        "His efforts failed after he revealed it would take £40m to stage a takeover of Riverside Rovers.",
        "It follows a Cardiff gig starring Sam Reed and Joe Dale, which raised more than £1.25m.",
        "The Larkspur Trust raised $2m for tsunami victims last week.",
      } do
        assert.are.same({}, mentions(t), t)
      end
      expect("Larkspur raised $20m for its expansion.", "funding", { Larkspur = "recipient" })
      -- an adviser's or analysts' estimate is no valuation; a bid's stays one
      assert.are.same({}, mentions("Advisors Harbor Sachs are understood to have valued its demerged Quillon "
        .. "Film unit at £300m."))
      expect("Analysts said the bid values Helix Bio at $1.2bn.", "acquisition", { ["Helix Bio"] = "target" })
      assert.are.same({}, mentions("He added that the opening bid for the firm's Quillon unit was $8bn."))
    end)

    it("keeps figures that are not deals out, and amounts of no organisation", function()
      for _, t in ipairs{
        "The group reported a profit of $5 billion for the year.",
        "Shell is to pay $1m to the ex-finance chief who stepped down.",
        "The firm agreed to pay a $1.5m fine for bribing an official.",
        "Spending is forecast to grow by 3.5% to $2.57 trillion.",
        "Her warnings led to the discovery of an $11bn accounting fraud at the firm.",
        "If a football club can afford to pay £27m for a striker, the taxpayer can fund the game.",
        "The UK Treasury has allocated £7.5bn to the scheme.",
      } do
        assert.are.same({}, mentions(t), t)
      end
    end)

    it("resolves references to the organisation the text is about", function()
      local m = mentions("Acme Robotics is growing fast. It has raised $50 million in new funding.")[1]
      assert.are.equal("recipient", party(m, "Acme Robotics").role)
      m = mentions("Acme Robotics is growing fast. The company's planned spending of $2 billion on plants was approved.")[1]
      assert.are.equal("commitment", m.kind)
      assert.are.equal("committer", party(m, "Acme Robotics").role)
    end)

    it("falls back to the article's date, and says so", function()
      local m = mentions("Oracle will spend $25 billion on new data centres.", "2025-06-16")[1]
      assert.are.equal("2025-06-16", m.date)
      assert.is_true(m.date_fallback)
    end)

    it("takes an article dated to the month only, without resolving relative dates", function()
      local m = mentions("Last month Acme raised $50 million in funding.", "2025-06")[1]
      assert.are.equal("2025-06", m.date)
      assert.is_true(m.date_fallback)
    end)

    it("leaves amounts without a deal word aside, and ignores lowercase look-alikes", function()
      local ms, loose = deals.mentions({ id = "d", source = "s",
        text = "The museum shop sold an apple for $3 to a visitor." }, gaz, 1)
      assert.are.same({}, ms)
      assert.are.equal(1, #loose)
      for _, m in ipairs(mentions("An apple grower invested $5 million in orchards.")) do
        assert.is_nil(party(m, "Apple"))
      end
    end)

    it("passes each mention and each other amount to callbacks when given", function()
      local doc = { id = "d", source = "s",
        text = "Acme raised $40 million from Northwind. Its revenue was $90 million." }
      local collected, others = deals.mentions(doc, gaz)
      local got, got_loose = {}, {}
      local ms, ls = deals.mentions(doc, gaz, nil, function(m) got[#got + 1] = m end,
        function(l) got_loose[#got_loose + 1] = l end)
      assert.are.same({}, ms)
      assert.are.same({}, ls)
      assert.are.equal(1, #got)
      assert.are.same(collected[1].parties, got[1].parties)
      assert.are.equal(#others, #got_loose)
    end)

    it("gives a share offer's money to the organisation spoken of", function()
      local ms = mentions("NTPC, the power firm, sold shares this week. " ..
        "The 865 million share offer, a mix of new and old shares, raised 54bn rupees ($1.2bn).")
      assert.are.equal(1, #ms)
      assert.are.equal("funding", ms[1].kind)
      assert.are.equal("recipient", party(ms[1], "NTPC").role)
    end)

    it("reads 'is worth' right before an amount as a valuation, and only there", function()
      local m = mentions("Northwind Group makes engines. " ..
        "Its founders control 48% of the group, which is worth $17bn.")[1]
      assert.are.equal("valuation", m.kind)
      assert.are.equal("valued", party(m, "Northwind Group").role)
      for _, t in ipairs {
        "Acme Resources said it is worth up to 30% more than a hostile $7.4bn bid by Xstrata.",
        "The contract with Acme Corp was worth $7m a year to the hospital.",
      } do
        for _, x in ipairs(mentions(t)) do assert.are_not.equal("valuation", x.kind) end
      end
    end)

    it("reads a sentence the same way in every process (no hash-order dependence)", function()
      -- string hashing is seeded per process, so the order 'pairs' walks
      -- a table in changes from run to run: run several
      local code = [[local d = require "paa.deals"
        local ms, ls = d.mentions({ id = "d", source = "s", text =
          "Iraq is seeking to award contracts for three projects, valued at $500m." },
          assert(d.load_gazetteer()))
        io.write(#ms, " ", tostring((ms[1] or ls[1] or {}).kind))]]
      for _ = 1, 8 do
        local out, err, status = h.run({ "-e", code })
        assert.are.equal(0, status, err)
        assert.are.equal("0 commitment", out)
      end
    end)

    it("reads money raised to fund a bid as the bid, and 'and it' as the sentence's subject", function()
      local m = mentions("Euronext is due to hold talks with LSE this week and it is " ..
        "reported to be ready to raise £1.4bn to fund a bid.")[1]
      assert.are.equal("acquisition", m.kind)
      assert.are.equal("acquirer", party(m, "Euronext").role)
      assert.is_nil(party(m, "LSE"))
    end)

    it("takes a list of backers past a short form and an appositive between dashes", function()
      local m = mentions("AMBO raised about $900m from the Overseas Private Investment " ..
        "Corporation (OPIC) - a US development agency - the Eximbank and Credit Suisse First Boston.")[1]
      for _, name in ipairs { "Overseas Private Investment Corporation", "Eximbank",
                              "Credit Suisse First Boston" } do
        assert.are.equal("investor", party(m, name).role)
      end
      assert.is_nil(party(m, "US"))
    end)

    it("makes the owner of a unit bought its seller, and keeps a name in the phrase", function()
      local m = mentions("Wembley has agreed to sell its US business. " ..
        "Gaming consortium BLB will pay $339m for the US unit.")[1]
      assert.are.equal("acquisition", m.kind)
      assert.are.equal("acquirer", party(m, "BLB").role)
      assert.are.equal("seller", party(m, "Wembley").role)
      m = mentions("Rank is splitting up. The sale valued its demerged " ..
        "Deluxe Film unit at £300m, according to Goldman Sachs.")[1]
      assert.are.equal("valued", party(m, "Deluxe Film").role)
      assert.is_nil(party(m, "Goldman Sachs"))
    end)

    it("reads the bidder and the target of an offer rejected", function()
      local m = mentions("Australian winemaker Southcorp has rejected a takeover offer worth " ..
        "3.1bn Australian dollars ($2.3bn; £1.8bn) from brewing giant Foster's Group.")[1]
      assert.are.equal("acquisition", m.kind)
      assert.are.equal("target", party(m, "Southcorp").role)
      assert.are.equal("acquirer", party(m, "Foster's Group").role)
    end)

    it("finds the subject after a place's adjective and before 'of the US'", function()
      local m = mentions("Frankfurt-based Deutsche Boerse has offered £1.3bn ($2.48bn; 1.88bn euros) " ..
        "for the London Stock Exchange.")[1]
      assert.are.equal("acquirer", party(m, "Deutsche Boerse").role)
      assert.are.equal("target", party(m, "London Stock Exchange").role)
      m = mentions("Northwind Holdings of the US agreed to buy Contoso for $2bn.")[1]
      assert.are.equal("acquirer", party(m, "Northwind Holdings").role)
      assert.is_nil(party(m, "US"))
    end)

    it("reads a sale of shares as money raised, and a unit bought by its name", function()
      local m = mentions("EuroDisney has said it will sell 253m euros (£175m; $328m) of new shares.")[1]
      assert.are.equal("funding", m.kind)
      assert.are.equal("recipient", party(m, "EuroDisney").role)
      m = mentions("State-owned Rosneft bought the Yugansk unit for $9.3bn in a forced sale.")[1]
      assert.are.equal("acquisition", m.kind)
      assert.are.equal("acquirer", party(m, "Rosneft").role)
      assert.are.equal("target", party(m, "Yugansk").role)
    end)

    it("reads a planes deal as a contract with a buyer, and 'whose' as its owner", function()
      local m = mentions("The minister signed a deal worth 1bn euros ($1.3bn) for Airbus to sell " ..
        "23 new planes to Air China.")[1]
      assert.are.equal("contract", m.kind)
      assert.are.equal("buyer", party(m, "Air China").role)
      m = mentions("Deutsche Boerse - whose market capitalisation is more than £3bn - said it " ..
        "could show its proposal offered benefits.")[1]
      assert.are.equal("valuation", m.kind)
      assert.are.equal("valued", party(m, "Deutsche Boerse").role)
    end)

    it("takes a company named for its country as a company, and a country as no firm", function()
      local m = mentions("Boeing agreed to supply Japan Airlines with 50 planes in a $6bn contract.")[1]
      assert.is_truthy(party(m, "Japan Airlines"))
      -- the firm is the one the story keeps naming, not the country
      local ms = deals.mentions({ id = "d", source = "s", title = "S Korean credit card firm rescued",
        text = "South Korea's largest credit card firm has averted liquidation following a " ..
          "one trillion won ($960m) bail-out.\n\nLG Card had been threatened with collapse. " ..
          "LG Card has seven million customers.\n\nLG Card returned to profit in September." }, gaz)
      assert.are.equal(1, #ms)
      assert.are.equal("recipient", party(ms[1], "LG Card").role)
      assert.is_nil(party(ms[1], "South Korea"))
      assert.is_nil(party(ms[1], "S Korean"))
    end)

    it("takes no party from a 'from' that names a source or a rival", function()
      local m = mentions("OpenAI will go ahead with its $500 billion Stargate project, as evidenced " ..
        "in the analysis from Windows Central.")[1]
      assert.is_nil(m and party(m, "Windows Central"))
      m = mentions("Acme decided to spend $500 billion on data centres, despite cheaper models " ..
        "emerging from rivals like DeepSeek.")[1]
      assert.is_nil(m and party(m, "DeepSeek"))
      m = mentions("Kingfisher agreed to buy planes worth up to $1.8bn from Airbus.")[1]
      assert.are.equal("supplier", party(m, "Airbus").role)
    end)

    it("reads 'pay X $N' as a payment to X under an agreement", function()
      local m = mentions("GM had to pay former partner Fiat 1.55bn euros ($2bn; £1.1bn) to get out " ..
        "of a deal which could have forced it to buy the Italian carmaker outright.")[1]
      assert.are.equal("contract", m.kind)
      assert.is_truthy(party(m, "Fiat"))
      assert.is_truthy(party(m, "General Motors"))   -- the gazetteer's name for GM
    end)

    it("keeps a price of one and the government's own spending out", function()
      assert.are.same({}, mentions("Japan Airlines has made a firm order for 30 of the aircraft, " ..
        "at $120m each, with the option to buy 20 more."))
      assert.are.same({}, deals.mentions({ id = "d", source = "s", title = "Roche warns on flu drugs",
        text = "Roche said stocks of Tamiflu were low.\n\nHis comments come after the government " ..
          "announced it is to spend £200m on drugs." }, gaz))
    end)

    it("tells goods sold from a company sold", function()
      assert.are.equal("contract",
        mentions("Boeing agreed the sale of 10 A320 aircraft to Ryanair for $630m.")[1].kind)
      assert.are.equal("contract",
        mentions("Ryanair announced the $630m purchase of 10 737-800 planes from Boeing.")[1].kind)
      assert.are.equal("acquisition",
        mentions("The $9.4bn sale of Yugansk to Baikal was approved.")[1].kind)
      assert.are.equal("acquisition",
        mentions("Shell agreed the $2bn sale of its Dutch unit to BP.")[1].kind)
    end)

    it("takes the parties of the amount's clause", function()
      local ms = mentions("OpenAI is raising $40 billion; Anthropic closed a $13 billion round.")
      assert.are.equal(2, #ms)
      assert.is_truthy(party(ms[1], "OpenAI"))
      assert.is_nil(party(ms[1], "Anthropic"))
      assert.is_truthy(party(ms[2], "Anthropic"))
      assert.is_nil(party(ms[2], "OpenAI"))
    end)

    it("uses the title's organisations when a sentence names none", function()
      local m = mentions("It has now raised $6 billion in new funding.", nil, "Acme and Anthropic news")[1]
      assert.is_truthy(party(m, "Anthropic"))
    end)

    it("gives byte offsets into the document's text", function()
      local t = "First paragraph.\n\nThen OpenAI raised $6.6 billion in funding."
      local m = mentions(t)[1]
      assert.are.equal("$6.6 billion", t:sub(m.start, m.stop))
    end)
  end)

  describe("merging", function()
    local function merged(texts)
      local all = {}
      for i, t in ipairs(texts) do
        for _, m in ipairs(deals.mentions({ id = "doc" .. i, source = "src" .. i, text = t }, gaz)) do
          all[#all + 1] = m
        end
      end
      return deals.merge(all)
    end

    it("joins mentions of one deal across articles, written differently", function()
      local ds = merged {
        "OpenAI raised $40 billion in a round led by SoftBank.",
        "SoftBank led OpenAI's $40bn funding round.",
        "The $40 billion investment by SoftBank in OpenAI closed.",
      }
      assert.are.equal(1, #ds)
      assert.are.equal(3, #ds[1].mentions)
      assert.are.equal(3, ds[1].documents)
      assert.are.equal(3, ds[1].sources)
    end)

    it("keeps two deals of the same amount apart when they share no party", function()
      local ds = merged {
        "Nvidia will invest $100 billion in OpenAI.",
        "Meta said it would invest $100 billion in Scale AI.",
      }
      assert.are.equal(2, #ds)
    end)

    it("joins a deal written in another currency through the conversion given with it", function()
      local ds = merged {
        "Baikal paid 260.75bn roubles ($9.4bn) for Yugansk at the auction.",
        "The $9.4bn sale of Yugansk to Baikal was approved.",
      }
      assert.are.equal(1, #ds)
      assert.are.equal(2, ds[1].documents)
    end)

    it("gives a party its most specific role: a lead investor also said to invest", function()
      local ds = merged {
        "OpenAI raised $40 billion in a round led by SoftBank.",
        "OpenAI gained a $40 billion funding boost from SoftBank.",
        "SoftBank has injected $40 billion into OpenAI.",
      }
      assert.are.equal(1, #ds)
      local role
      for _, p in ipairs(ds[1].parties) do
        if p.name == "SoftBank" then role = p.role end
      end
      assert.are.equal("lead_investor", role)
    end)

    it("joins an amount rounded as the other is written, and no further", function()
      local ds = merged {
        "Deutsche Boerse made a £1.35bn offer for the LSE.",
        "Deutsche Boerse tabled a £1.3bn offer for the LSE.",
      }
      assert.are.equal(1, #ds)
      ds = merged {
        "Deutsche Boerse made a £1.4bn offer for the LSE.",
        "Deutsche Boerse tabled a £1.3bn offer for the LSE.",
      }
      assert.are.equal(2, #ds)
      ds = merged {
        "Acme raised $8bn from investors.",
        "Acme raised $8.4bn from investors.",
      }
      assert.are.equal(2, #ds)
    end)

    it("keeps a point apart from a wide range that holds it by chance", function()
      local ds = merged {
        "OpenAI said Stargate will spend between $100 billion and $500 billion on sites.",
        "OpenAI agreed to buy around $300 billion of computing capacity from Oracle.",
      }
      assert.are.equal(2, #ds)
    end)

    it("keeps a valuation apart from the round that set it", function()
      local ds = merged { "OpenAI raised $40 billion at a $300 billion valuation, led by SoftBank." }
      assert.are.equal(2, #ds)
      assert.are.equal("valuation", ds[1].kind)
      assert.are.equal(3e11, ds[1].amount.value)
      assert.are.equal("funding", ds[2].kind)
    end)

    it("sorts deals by amount, largest first, with ids that do not depend on the rest", function()
      local ds = merged { "Acme raised $5 million in funding.", "Acme raised $9 billion in funding." }
      assert.are.equal(9e9, ds[1].amount.value)
      assert.matches("^D%x+$", ds[1].id)
      local alone = merged { "Acme raised $9 billion in funding." }
      assert.are.equal(ds[1].id, alone[1].id)
      assert.are_not.equal(ds[1].id, ds[2].id)
    end)

    it("folds two deals into one when a mention belongs to both, in any order", function()
      local texts = {
        "Kestrel Robotics will spend $200 billion on its Halcyon project.",
        "The Halcyon Project is a joint venture among Arbor Cloud Inc and Tidewater Holdings. "
          .. "With a goal of raising $200 billion over four years, this initiative is the largest yet.",
        "Kestrel Robotics leads the $200 billion Halcyon project with Arbor Cloud Inc and Tidewater Holdings.",
      }
      for _, order in ipairs{ { 1, 2, 3 }, { 3, 2, 1 }, { 2, 3, 1 } } do
        local t = {}
        for i, k in ipairs(order) do t[i] = texts[k] end
        local ds = merged(t)
        assert.are.equal(1, #ds)
        assert.are.equal(3, ds[1].documents)
        assert.are.equal(3, #ds[1].mentions)
      end
    end)

    it("takes a name and its longer form for one organisation ('Fox', 'Fox Entertainment Group')", function()
      local ds = merged {
        "Harbor Corp makes $5.4bn Quillon offer",
        "Harbor Corp has offered about $5.4bn for the rest of Quillon Entertainment Group.",
      }
      assert.are.equal(1, #ds)
    end)

    it("merges the same way whatever the order of the documents", function()
      local texts = {
        "OpenAI raised $40 billion in a round led by SoftBank.",
        "SoftBank led OpenAI's $40bn funding round.",
        "Nvidia will invest $100 billion in OpenAI.",
        "Meta said it would invest $100 billion in Scale AI.",
      }
      local function ids(order)
        local t = {}
        for i, k in ipairs(order) do t[i] = texts[k] end
        local out = {}
        for _, d in ipairs(merged(t)) do out[#out + 1] = d.id .. " " .. #d.mentions end
        table.sort(out)
        return table.concat(out, ",")
      end
      assert.are.equal(ids { 1, 2, 3, 4 }, ids { 4, 3, 2, 1 })
    end)

    it("gives the same deals for the corpus renamed, reversed or counted in two parts", function()
      local report = require "paa.report"
      local docs = {}
      for doc in assert(paa.open("corpus", { words = false })):docs{ clean = true } do docs[#docs + 1] = doc end
      assert.is_true(#docs >= 10)
      -- the report without the documents' names: the table, the loose
      -- amounts, every deal's evidence with its place in its document
      local function shown(found)
        local tbl = deals.table(found)
        tbl.kind = "table"
        local lines = { report.page({ title = "deals", sections = { tbl } }, "text") }
        for _, l in ipairs(found.loose) do lines[#lines + 1] = l.amount.text .. " | " .. l.sentence end
        for _, d in ipairs(found.deals) do
          local ev = {}
          for _, line in ipairs(deals.explain_lines(d)) do ev[#ev + 1] = line:gsub("^%S+:", "") end
          table.sort(ev)
          lines[#lines + 1] = d.id .. " " .. table.concat(ev, "\n")
        end
        return table.concat(lines, "\n")
      end
      local function tally(list, rename)
        local t = deals.tally()
        for _, i in ipairs(list) do
          local doc = docs[i]
          if rename then
            doc = { id = string.format("renamed/%03d.txt", 999 - i), source = doc.source, date = doc.date,
                    title = doc.title, text = doc.text }
          end
          deals.add(t, deals.mentions(doc, gaz))
        end
        return t
      end
      local all, reversed, first, second = {}, {}, {}, {}
      for i = 1, #docs do
        all[i], reversed[#docs - i + 1] = i, i
        if i <= #docs // 2 then first[#first + 1] = i else second[#second + 1] = i end
      end
      local whole = shown(deals.finish(tally(all)))
      assert.matches("OpenAI %(recipient%), SoftBank %(lead_investor%)", whole)
      assert.are.equal(whole, shown(deals.finish(tally(reversed, true))))
      assert.are.equal(whole, shown(deals.finish(deals.combine(tally(second, true), tally(first)))))
    end)

    it("merges close amounts and conversions the same way in every order and split", function()
      for _, texts in ipairs{
        { "Deutsche Boerse made a £1.35bn offer for the London Stock Exchange.",
          "Deutsche Boerse made a £1.3bn offer for the London Stock Exchange.",
          "Deutsche Boerse made a £1.30bn offer for the London Stock Exchange." },
        { "Baikal paid 260.75bn roubles for Yugansk at the auction.",
          "Baikal paid 260.75bn roubles ($9.4bn) for Yugansk at the auction.",
          "The $9.4bn sale of Yugansk to Baikal was approved." },
      } do
        local function result(order, split)
          local parts = { deals.tally(), deals.tally() }
          for i, k in ipairs(order) do
            local part = parts[(split and i > split) and 2 or 1]
            deals.add(part, deals.mentions({ id = "doc" .. k, source = "s", text = texts[k] }, gaz))
          end
          local out = {}
          for _, d in ipairs(deals.finish(deals.combine(parts[1], parts[2])).deals) do
            out[#out + 1] = d.id .. " " .. d.count .. " " .. deals.format_parties(d)
          end
          return table.concat(out, "; ")
        end
        local want = result{ 1, 2, 3 }
        for _, order in ipairs{ { 1, 3, 2 }, { 2, 1, 3 }, { 2, 3, 1 }, { 3, 1, 2 }, { 3, 2, 1 } } do
          assert.are.equal(want, result(order), table.concat(order, ","))
          assert.are.equal(want, result(order, 1), table.concat(order, ",") .. " split")
        end
      end
      -- a tally is used up by finishing it
      local t = deals.tally()
      deals.finish(t)
      assert.has_error(function() deals.finish(t) end)
    end)

    it("holds a feed of alike mentions as a few gatherings, with every document counted", function()
      local t = deals.tally()
      for i = 1, 3000 do
        local doc = { id = "feed.jsonl:" .. i, source = "wire", date = "2025-06-01",
                      text = string.format("Microsoft agreed to invest $%d billion in OpenAI.", 10 + i % 3) }
        deals.add(t, deals.mentions(doc, gaz))
      end
      local n = 0
      for _ in pairs(t.gathered) do n = n + 1 end
      assert.are.equal(3, n)
      local found = deals.finish(t)
      assert.are.equal(3, #found.deals)
      for _, d in ipairs(found.deals) do
        assert.are.equal(1000, d.count)
        assert.are.equal(1000, d.documents)
        assert.are.equal(100, #d.mentions)
      end
    end)

    it("formats amounts one way", function()
      assert.are.equal("$40bn", deals.format_amount{ value = 4e10, currency = "USD" })
      assert.are.equal("£3.5m", deals.format_amount{ value = 3.5e6, currency = "GBP" })
      assert.are.equal("$100bn–$500bn", deals.format_amount{ value = 1e11, low = 1e11, high = 5e11,
                                                             currency = "USD" })
      assert.are.equal("≈$22.4bn", deals.format_amount{ value = 2.24e10, currency = "USD", approx = true })
    end)
  end)

  describe("scripts/deals.lua", function()
    it("prints the expected report of corpus/ (golden)", function()
      local out, err, status = run("corpus/")
      assert.are.equal(0, status, err)
      assert.are.equal("", err)
      assert.are.equal(h.slurp("tests/golden/deals-corpus.txt"), out)
    end)

    local function corpus()
      local dir = h.tmpdir()
      h.write(dir .. "/wire/a.txt", "---\ndate: 2025-03-31\ntitle: OpenAI raises money\n---\n"
        .. "OpenAI raised $40 billion in a funding round led by SoftBank. The round values OpenAI "
        .. "at $300 billion.\n\nSoftBank will put $30 billion of the $40 billion into OpenAI.\n")
      h.write(dir .. "/post/b.txt", "---\ndate: 2025-04-01\n---\n"
        .. "SoftBank led OpenAI's $40bn funding round this week.\n\nShares rose 3% to $12.\n")
      return dir
    end

    it("lists each deal once with its mentions, documents and sources", function()
      local out, err, status = run(corpus())
      assert.are.equal(0, status, err)
      assert.matches("\nD%x+ +%$300bn +%$300 billion +valuation +OpenAI %(valued%)", out)
      assert.matches("\nD%x+ +%$40bn +%$40 billion +funding +OpenAI %(recipient%), SoftBank %(lead_investor%)"
        .. " +2025%-03%-31%* +2 +2 +2\n", out)
      assert.matches("\nD%x+ +%$30bn +%$30 billion +investment +SoftBank %(investor%), OpenAI %(recipient%)", out)
      assert.matches("Amounts not attached to a deal %(1%)", out)  -- the tranche; the share price is small
      assert.matches("%$40 billion +wire/a.txt +SoftBank will put", out)
    end)

    it("--explain prints every mention of a deal", function()
      local dir = corpus()
      local id = run(dir):match("\n(D%x+) +%$40bn")
      local out, err, status = run(dir, "--explain", id)
      assert.are.equal(0, status, err)
      assert.are.equal(2, h.occurrences(out, "«$40"))
      local _, err2, status2 = run(corpus(), "--explain", "D9")
      assert.are.equal(2, status2)
      assert.matches("^paa: deals: no deal 'D9'", err2)
    end)

    it("writes JSON with amounts, parties and evidence", function()
      local out, err, status = run(corpus(), "--format", "json")
      assert.are.equal(0, status, err)
      local j = cjson.decode(out)
      assert.are.equal("deals", j.manifest.script.name)
      local d = j.deals[2]
      assert.matches("^D%x+$", d.id)
      assert.are.equal(4e10, d.amount.value)
      assert.are.equal("USD", d.amount.currency)
      assert.are.equal(2, d.mentions)
      assert.are.equal(2, #d.evidence)
      assert.are.same({ "post", "wire" }, d.sources)
      for _, e in ipairs(d.evidence) do assert.is_string(e.sentence) end
    end)

    it("renders md, csv and html, the same bytes twice", function()
      local dir = corpus()
      for _, fmt in ipairs { "text", "md", "csv", "html" } do
        local a, err, status = run(dir, "--format", fmt)
        assert.are.equal(0, status, err)
        assert.are.equal(a, (run(dir, "--format", fmt)), fmt)
      end
      local csv = run(dir, "--format", "csv")
      assert.matches("^id,kind,written,value,low,high,currency,usd,round,parties,date,mentions," ..
        "documents,sources,source_names\r\n", csv)
      assert.matches("\r\nD%x+,funding,%$40 billion,40000000000,,,USD,40000000000,,", csv)
      local html = run(dir, "--format", "html")
      assert.matches("<details id=\"D%x+\"><summary>D%x+  %$40bn funding", html)
      assert.matches("<li>    OpenAI raised «%$40 billion» in a funding round led by SoftBank", html)
    end)

    it("gives a comparable US dollar value and sorts by it", function()
      local dir = h.tmpdir()
      h.write(dir .. "/a.txt", "---\ndate: 2024-05-01\n---\nAcme Robotics raised £900 million in funding. " ..
        "Beta Labs raised $1 billion in funding. Gamma Ltd raised ¥100 billion in funding.\n")
      local j = cjson.decode((run(dir, "--format", "json")))
      assert.are.equal("GBP", j.deals[1].amount.currency)     -- £900m is over $1bn
      assert.is_true(j.deals[1].amount.usd > 1e9)
      assert.are.equal("USD", j.deals[2].amount.currency)
      assert.are.equal("JPY", j.deals[3].amount.currency)     -- ¥100bn is well under $1bn
      assert.is_true(j.deals[3].amount.usd < 1e9)
    end)

    it("names a bad gazetteer in one line and stops", function()
      local dir = h.tmpdir()
      h.write(dir .. "/bad.txt", "Acme | Acme Corp\n | no name\n")
      h.write(dir .. "/bin.txt", "\0\1\2binary")
      for file, msg in pairs{ [dir] = "is a folder, not a gazetteer file",
          [dir .. "/bad.txt"] = "bad.txt:2: no name before '|'",
          [dir .. "/bin.txt"] = "bin.txt:1: not a text line",
          [dir .. "/missing.txt"] = "missing.txt" } do
        local out, err, status = run("corpus/", "--gazetteer", file)
        assert.are_not.equal(0, status, file)
        assert.are.equal("", out)
        assert.is_truthy(err:find(msg, 1, true), err)
        assert.is_nil(err:find("traceback"), err)
      end
    end)

    it("names the round", function()
      local m = mentions("Quillmark Labs has raised £3.5m in a seed round led by Northgate Ventures.")[1]
      assert.are.equal("seed", m.round)
      m = mentions("Mistral AI has raised €1.7 billion in a Series C round led by ASML.")[1]
      assert.are.equal("Series C", m.round)
    end)

    it("keeps deals with --min-mentions, and rejects bad options", function()
      local out = run(corpus(), "--min-mentions", "2")
      assert.matches("merged into 1 deal with 2 mentions or more", out)
      local _, err, status = run(corpus(), "--min-mentions", "0")
      assert.are.equal(2, status)
      assert.matches("^paa: deals: %-%-min%-mentions must be an integer of at least 1, not '0'\n", err)
      local hout, _, hstatus = run("--help")
      assert.are.equal(0, hstatus)
      assert.matches("%-%-explain ID", hout)
    end)

    it("runs on the sample corpus: the SoftBank round is one deal in four outlets", function()
      local out, err, status = run("corpus/", "--format", "json")
      assert.are.equal(0, status, err)
      local j = cjson.decode(out)
      local round
      for _, d in ipairs(j.deals) do
        if d.amount.value == 4e10 and d.kind == "funding" and d.sources and #d.sources >= 4 then round = d end
      end
      assert.is_table(round, "no $40 billion funding deal reported by four outlets")
      local names = {}
      for _, p in ipairs(round.parties) do names[p.name] = p.role or true end
      assert.are.equal("lead_investor", names.SoftBank)
      assert.are.equal("recipient", names.OpenAI)
    end)

    it("finds the seed articles' deals", function()
      local seeds = h.seeds()
      if not seeds then pending("no seed articles here") return end
      local out, err, status = run(seeds, "--format", "json")
      assert.are.equal(0, status, err)
      local by = {}
      for _, d in ipairs(cjson.decode(out).deals) do
        local key = d.kind .. " " .. string.format("%.0f", d.amount.high or d.amount.value)
        if not by[key] or by[key].mentions < d.mentions then by[key] = d end
      end
      local round = by["funding 40000000000"]
      assert.is_table(round)
      assert.is_true(round.mentions > 5)
      assert.are.equal(2, round.documents)
      assert.is_table(by["valuation 300000000000"])
      assert.is_table(by["commitment 500000000000"])
      assert.are.equal("2025-03", by["contract 22400000000"].date)
      assert.are.equal("2019", by["investment 1000000000"].date)
    end)
  end)
end)
