-- paa.money: amounts of money in text (Duckling-style tables of sentences
-- that must parse, with the fields expected, and sentences with numbers
-- that must not), several amounts in one sentence, changes, byte offsets
-- in UTF-8 text, a longer paragraph, errors. Every sentence is written
-- here.
local h = require "helpers"
local money = require "paa.money"

local NBSP = "\u{A0}"

-- Sentences with exactly one amount, and what it must be. 'low', 'high'
-- and 'currency' absent mean nil ('currency = false' too); 'approx' and
-- 'vague' absent mean false.
local must_parse = {
  -- points: symbols, scales, separators
  { "OpenAI closed a $40 billion funding round led by SoftBank.",
    { text = "$40 billion", value = 4e10, currency = "USD" } },
  { "Microsoft signed a $22.4bn compute deal with a cloud provider.",
    { text = "$22.4bn", value = 2.24e10, currency = "USD" } },
  { "The club paid £3.5m for the striker.",
    { text = "£3.5m", value = 3.5e6, currency = "GBP" } },
  { "Its Asian arm raised US$1.25 billion in bonds.",
    { text = "US$1.25 billion", value = 1.25e9, currency = "USD" } },
  { "Further commitments of $12 billion through 2023 followed.",
    { text = "$12 billion", value = 1.2e10, currency = "USD" } },
  { "The fund will spend €3.5m on new labs.",
    { text = "€3.5m", value = 3.5e6, currency = "EUR" } },
  { "Quarterly profit rose to 15 mln dlrs, the wire said.",
    { text = "15 mln dlrs", value = 1.5e7, currency = "USD" } },
  { "Its founder floated a $500bn data centre plan.",
    { text = "$500bn", value = 5e11, currency = "USD" } },
  { "A ¥120bn chip plant was approved in Kumamoto.",
    { text = "¥120bn", value = 1.2e11, currency = "JPY" } },
  { "The metro tender is worth Rs 500 crore.",
    { text = "Rs 500 crore", value = 5e9, currency = "INR" } },
  { "Shares in the miner closed at A$4.50 each.",
    { text = "A$4.50", value = 4.5, currency = "AUD" } },
  { "The Toronto lender booked C$2.1bn in profit.",
    { text = "C$2.1bn", value = 2.1e9, currency = "CAD" } },
  { "The Hong Kong unit earned HK$327m last year.",
    { text = "HK$327m", value = 3.27e8, currency = "HKD" } },
  { "Each member gets $1,250 a year.",
    { text = "$1,250", value = 1250, currency = "USD" } },
  { "The repair bill came to $1,250,000 in total.",
    { text = "$1,250,000", value = 1250000, currency = "USD" } },
  { "A grant of ₹5,000 goes to each farmer.",
    { text = "₹5,000", value = 5000, currency = "INR" } },
  { "The state lender sold USD 500m of notes.",
    { text = "USD 500m", value = 5e8, currency = "USD" } },
  { "The merger is valued at 2.5bn EUR including debt.",
    { text = "2.5bn EUR", value = 2.5e9, currency = "EUR" } },
  { "The court imposed a fine of 200,000 yuan.",
    { text = "200,000 yuan", value = 2e5, currency = "CNY" } },
  { "The startup will receive 3 million euros from the region.",
    { text = "3 million euros", value = 3e6, currency = "EUR" } },
  { "Investors put in 5 billion Swiss francs.",
    { text = "5 billion Swiss francs", value = 5e9, currency = "CHF" } },
  { "The central bank holds 1.2 trillion yen in bonds.",
    { text = "1.2 trillion yen", value = 1.2e12, currency = "JPY" } },
  { "Farmers were promised 10,000 rupees each.",
    { text = "10,000 rupees", value = 1e4, currency = "INR" } },
  { "Critics called it a 40-billion-dollar bet on data centres.",
    { text = "40-billion-dollar", value = 4e10, currency = "USD" } },
  { "The startup sold for ten billion dollars in cash.",
    { text = "ten billion dollars", value = 1e10, currency = "USD" } },
  { "He offered a million pounds for the painting.",
    { text = "a million pounds", value = 1e6, currency = "GBP" } },
  { "The rescue cost half a billion euros.",
    { text = "half a billion euros", value = 5e8, currency = "EUR" } },
  { "The founders kept two hundred million dollars.",
    { text = "two hundred million dollars", value = 2e8, currency = "USD" } },
  { "A seed round of $50k came from friends.",
    { text = "$50k", value = 5e4, currency = "USD" } },
  { "Revenue reached $3.2B in the fiscal year.",
    { text = "$3.2B", value = 3.2e9, currency = "USD" } },
  { "The studio's budget was £20 million, its biggest yet.",
    { text = "£20 million", value = 2e7, currency = "GBP" } },
  { "Federal debt passed $2.5trn this spring.",
    { text = "$2.5trn", value = 2.5e12, currency = "USD" } },
  { "The Sydney stake went for AU$900m.",
    { text = "AU$900m", value = 9e8, currency = "AUD" } },
  { "The brewer paid 45m pounds sterling for the pubs.",
    { text = "45m pounds sterling", value = 4.5e7, currency = "GBP" } },
  { "Labour put the savings at £22 billions.",
    { text = "£22 billions", value = 2.2e10, currency = "GBP" } },
  -- qualifiers: bounds and approximations
  { "The round could reach up to $500 billion.",
    { text = "up to $500 billion", value = 5e11, high = 5e11, currency = "USD" } },
  { "Fresh capital was estimated to be as high as $40 billion.",
    { text = "as high as $40 billion", value = 4e10, high = 4e10, currency = "USD" } },
  { "The listing could raise as much as £2bn.",
    { text = "as much as £2bn", value = 2e9, high = 2e9, currency = "GBP" } },
  { "The lab has raised more than $6bn so far.",
    { text = "more than $6bn", value = 6e9, low = 6e9, currency = "USD" } },
  { "The painting sold for over $1m at auction.",
    { text = "over $1m", value = 1e6, low = 1e6, currency = "USD" } },
  { "The maker needs at least €500m to survive.",
    { text = "at least €500m", value = 5e8, low = 5e8, currency = "EUR" } },
  { "Bids came in upwards of $3 billion.",
    { text = "upwards of $3 billion", value = 3e9, low = 3e9, currency = "USD" } },
  { "Most flats rent for under £1,000 a month.",
    { text = "under £1,000", value = 1000, high = 1000, currency = "GBP" } },
  { "The sensor costs less than $10 to make.",
    { text = "less than $10", value = 10, high = 10, currency = "USD" } },
  { "The company is now worth about $300 billion.",
    { text = "about $300 billion", value = 3e11, approx = true, currency = "USD" } },
  { "The line will cost roughly £4.2bn to finish.",
    { text = "roughly £4.2bn", value = 4.2e9, approx = true, currency = "GBP" } },
  { "The insurer lost nearly $1bn last year.",
    { text = "nearly $1bn", value = 1e9, approx = true, currency = "USD" } },
  { "Its debt climbed to almost €12bn.",
    { text = "almost €12bn", value = 1.2e10, approx = true, currency = "EUR" } },
  { "The rally added around $80 billion to its value.",
    { text = "around $80 billion", value = 8e10, approx = true, currency = "USD" } },
  { "The floods caused an estimated $5bn of damage.",
    { text = "an estimated $5bn", value = 5e9, approx = true, currency = "USD" } },
  { "Some $2.7bn was wiped off its market value.",
    { text = "Some $2.7bn", value = 2.7e9, approx = true, currency = "USD" } },
  { "Approximately $900m was paid back early.",
    { text = "Approximately $900m", value = 9e8, approx = true, currency = "USD" } },
  { "The buyout is close to $20bn, people said.",
    { text = "close to $20bn", value = 2e10, approx = true, currency = "USD" } },
  { "Analysts expect ~$5bn in yearly sales.",
    { text = "~$5bn", value = 5e9, approx = true, currency = "USD" } },
  { "The tour sold just over £2m of tickets.",
    { text = "just over £2m", value = 2e6, low = 2e6, approx = true, currency = "GBP" } },
  { "The trial cost just under $10m.",
    { text = "just under $10m", value = 1e7, high = 1e7, approx = true, currency = "USD" } },
  { "The chain could fetch up to about $7bn.",
    { text = "up to about $7bn", value = 7e9, high = 7e9, approx = true, currency = "USD" } },
  { "ABOUT $5BN WAS RAISED, the headline said.",
    { text = "ABOUT $5BN", value = 5e9, approx = true, currency = "USD" } },
  -- ranges: value is the low end
  { "The plan aims at raising between $100 billion and up to $500 billion.",
    { text = "between $100 billion and up to $500 billion", value = 1e11, low = 1e11,
      high = 5e11, currency = "USD" } },
  { "The round could value it at $10-20 billion.",
    { text = "$10-20 billion", value = 1e10, low = 1e10, high = 2e10, currency = "USD" } },
  { "Estimates run at $10bn-$20bn for the site.",
    { text = "$10bn-$20bn", value = 1e10, low = 1e10, high = 2e10, currency = "USD" } },
  { "Projects of $10 to $20 billion each are planned.",
    { text = "$10 to $20 billion", value = 1e10, low = 1e10, high = 2e10, currency = "USD" } },
  { "Costs of $10bn–$20bn were quoted.",
    { text = "$10bn–$20bn", value = 1e10, low = 1e10, high = 2e10, currency = "USD" } },
  { "Tickets for the cup cost 10-20 million euros in total.",
    { text = "10-20 million euros", value = 1e7, low = 1e7, high = 2e7, currency = "EUR" } },
  { "Between 10 and 20 million dollars were pledged.",
    { text = "Between 10 and 20 million dollars", value = 1e7, low = 1e7, high = 2e7,
      currency = "USD" } },
  { "Consoles will sell at prices ranging from £19 to £29.",
    { text = "ranging from £19 to £29", value = 19, low = 19, high = 29, currency = "GBP" } },
  { "Officers paid penalties of $50-100,000 each.",
    { text = "$50-100,000", value = 5e4, low = 5e4, high = 1e5, currency = "USD" } },
  { "The unit is worth about $4-5bn to a buyer.",
    { text = "about $4-5bn", value = 4e9, low = 4e9, high = 5e9, approx = true,
      currency = "USD" } },
  { "Budgets of £2m – £3m are common for such films.",
    { text = "£2m – £3m", value = 2e6, low = 2e6, high = 3e6, currency = "GBP" } },
  { "Estimates range from $5bn to $8bn for the repairs.",
    { text = "from $5bn to $8bn", value = 5e9, low = 5e9, high = 8e9, currency = "USD" } },
  -- vague amounts: value is the low end
  { "The chip deal with AMD is worth tens of billions of dollars.",
    { text = "tens of billions of dollars", value = 1e10, low = 1e10, high = 1e11,
      vague = true, currency = "USD" } },
  { "The partner has provided billions in funding and cloud credits.",
    { text = "billions", value = 1e9, low = 1e9, high = 1e12, vague = true } },
  { "The scandal cost hundreds of millions of dollars.",
    { text = "hundreds of millions of dollars", value = 1e8, low = 1e8, high = 1e9,
      vague = true, currency = "USD" } },
  { "The bakery lost a few million euros.",
    { text = "a few million euros", value = 1e6, low = 1e6, high = 1e7, vague = true,
      currency = "EUR" } },
  { "They put tens of billions in new investment into chips.",
    { text = "tens of billions", value = 1e10, low = 1e10, high = 1e11, vague = true } },
  { "Savers lost billions when the bank failed.",
    { text = "billions", value = 1e9, low = 1e9, high = 1e12, vague = true } },
  { "The GPU pact alone is worth tens of billions.",
    { text = "tens of billions", value = 1e10, low = 1e10, high = 1e11, vague = true } },
  { "The firms signed a multibillion-dollar deal.",
    { text = "multibillion-dollar", value = 1e9, low = 1e9, high = 1e12, vague = true,
      currency = "USD" } },
  { "It is a multi-million pound contract for the port.",
    { text = "multi-million pound", value = 1e6, low = 1e6, high = 1e9, vague = true,
      currency = "GBP" } },
  { "The council spent £millions on consultants.",
    { text = "£millions", value = 1e6, low = 1e6, high = 1e9, vague = true, currency = "GBP" } },
  { "Several billion dollars have been wasted on the scheme.",
    { text = "Several billion dollars", value = 1e9, low = 1e9, high = 1e10, vague = true,
      currency = "USD" } },
  { "Tens of thousands of pounds were raised at the fair.",
    { text = "Tens of thousands of pounds", value = 1e4, low = 1e4, high = 1e5, vague = true,
      currency = "GBP" } },
  { "Millions of euros went missing from the account.",
    { text = "Millions of euros", value = 1e6, low = 1e6, high = 1e9, vague = true,
      currency = "EUR" } },
  { "The studio spent a few hundred million dollars on it.",
    { text = "a few hundred million dollars", value = 1e8, low = 1e8, high = 1e9,
      vague = true, currency = "USD" } },
  -- spelled compound numbers before a scale
  { "The studio paid twenty-five million dollars for the rights.",
    { text = "twenty-five million dollars", value = 2.5e7, currency = "USD" } },
  { "Brussels fined the group two hundred and fifty million euros.",
    { text = "two hundred and fifty million euros", value = 2.5e8, currency = "EUR" } },
  { "The buyer offered thirty-two billion yen for the unit.",
    { text = "thirty-two billion yen", value = 3.2e10, currency = "JPY" } },
  { "The fund put in a quarter million dollars.",
    { text = "a quarter million dollars", value = 2.5e5, currency = "USD" } },
  { "Rivals bid about one mln dlrs for the licence.",
    { text = "about one mln dlrs", value = 1e6, approx = true, currency = "USD" } },
  -- sub-units, and an amount with its hundredths
  { "Its shares fell 34 cents in early trading.",
    { text = "34 cents", value = 0.34, currency = "USD" } },
  { "The bidder offered 470 pence a share for the rest.",
    { text = "470 pence", value = 4.7, currency = "GBP" } },
  { "The board declared a 12-cent-a-share dividend.",
    { text = "12-cent", value = 0.12, currency = "USD" } },
  { "The dividend rose to 40 euro cents a share.",
    { text = "40 euro cents", value = 0.4, currency = "EUR" } },
  { "The fare is now thirteen dollars and forty-five cents.",
    { text = "thirteen dollars and forty-five cents", value = 13.45, currency = "USD" } },
  { "Labour pledged to raise the tax by one penny in the pound.",
    { text = "one penny", value = 0.01, currency = "GBP" } },
  { "Drivers could save a few hundred dollars a year on fuel.",
    { text = "a few hundred dollars", value = 100, low = 100, high = 1000, vague = true,
      currency = "USD" } },
  { "The firm withdrew its one-yen bid for the contract.",
    { text = "one-yen", value = 1, currency = "JPY" } },
  { "He paid 20 dollars 10 times over.",
    { text = "20 dollars", value = 20, currency = "USD" } },
  { "A ticket now costs 3 dollars 50 cents on the island.",
    { text = "3 dollars 50 cents", value = 3.5, currency = "USD" } },
  -- currencies from the table, codes in any place and case
  { "The bank earmarked 100 trillion won for the rescue.",
    { text = "100 trillion won", value = 1e14, currency = "KRW" } },
  { "The brewer paid 6.65 billion pesetas for the stake.",
    { text = "6.65 billion pesetas", value = 6.65e9, currency = "ESP" } },
  { "The miner's shares hit 20.7 kronor on Thursday.",
    { text = "20.7 kronor", value = 20.7, currency = "SEK" } },
  { "The buyer agreed to pay 1bn CFA francs.",
    { text = "1bn CFA francs", value = 1e9, currency = "XOF" } },
  { "Exports fell to hk $ 10.05 billion last year.",
    { text = "hk $ 10.05 billion", value = 1.005e10, currency = "HKD" } },
  { "The charge came to c $ 300 million.",
    { text = "c $ 300 million", value = 3e8, currency = "CAD" } },
  { "It lost 75 USD million in three years.",
    { text = "75 USD million", value = 7.5e7, currency = "USD" } },
  { "Losses in excess of 30 MUSD were booked.",
    { text = "in excess of 30 MUSD", value = 3e7, low = 3e7, currency = "USD" } },
  { "Revenues reached MAUD 60 in the year.",
    { text = "MAUD 60", value = 6e7, currency = "AUD" } },
  { "The card sells for 115USD online.",
    { text = "115USD", value = 115, currency = "USD" } },
  { "The voucher is worth rmb 10 at the door.",
    { text = "rmb 10", value = 10, currency = "CNY" } },
  { "A hostile 7.4bn Australian dollar bid was rejected.",
    { text = "7.4bn Australian dollar", value = 7.4e9, currency = "AUD" } },
  { "The miner made 1.2 billion Hong Kong dlrs.",
    { text = "1.2 billion Hong Kong dlrs", value = 1.2e9, currency = "HKD" } },
  { "Each block now pays 6.25 BTC to the miner.",
    { text = "6.25 BTC", value = 6.25, currency = "BTC" } },
  -- typography: no-break spaces, curly quotes, thin spaces
  { "He called it “a $40" .. NBSP .. "billion bet” on compute.",
    { text = "$40" .. NBSP .. "billion", value = 4e10, currency = "USD" } },
  { "‘£3.5m’ was the fee quoted.",
    { text = "£3.5m", value = 3.5e6, currency = "GBP" } },
  { "The bond raised €" .. "\u{2009}" .. "750m last week.",
    { text = "€\u{2009}750m", value = 7.5e8, currency = "EUR" } },
}

-- Sentences with numbers, scales or currency names and no amount.
local must_not_parse = {
  "Inflation rose 8.1% last year.",
  "Rapper 50 Cent topped the chart again.",
  "Try 10 times before giving up.",
  "All 70 of us signed the letter.",
  "The team won 3 games in a row.",
  "The pupil scored 10 marks out of 20.",
  "The courts awarded 400m pesos to the water firm.",
  "The USA$5 note is a fake.",
  "The app now has 72 million users.",
  "The target year for the grid is 2030.",
  "GPT-5 launched in the summer.",
  "Windows 11 ships on new laptops.",
  "The $ sign is on every keyboard.",
  "Call 0800 123 4567 for help.",
  "Call +44 20 7946 0958 today.",
  "The 1990s were a boom time for telecoms.",
  "The film got 3.5 stars from critics.",
  "10 million people watched the final.",
  "The startup closed its Series B in May.",
  "Billions of people use the app every day.",
  "The model has tens of billions of parameters.",
  "Hundreds of millions of users signed up.",
  "Millions in the UK watched the show.",
  "A 2,000-pound bomb was found near the river.",
  "She lost 30 pounds of weight before the race.",
  "The plane was overloaded by 700 pounds.",
  "All figures are given in 2023 dollars.",
  "12 euro area states agreed the plan.",
  "27 euro-zone ministers met in Brussels.",
  "That is the million-dollar question.",
  "A billion-dollar question remains open.",
  "It was about a million-dollar idea.",
  "Billion-dollar startups are called unicorns.",
  "The H100 chip is in short supply.",
  "Boeing 737 jets were grounded again.",
  "The A380 was retired early.",
  "Version 1.2.3 fixes three bugs.",
  "The score was 3-1 at half time.",
  "Covid-19 cases fell in March.",
  "5G masts went up across the city.",
  "The iPhone 15 sold well in China.",
  "USD/JPY traded flat in Tokyo.",
  "The EUR/USD pair rose on the news.",
  "The firm hired 5,000 staff in 2024.",
  "The index fell 2.5 points to 4,210.",
  "It happened on 12 March 2024.",
  "Room 101 is empty.",
  "The 2020-21 season was cut short.",
  "Section 230 protects the platforms.",
  "Tesla shares rose 12% on Friday.",
  "The dollar fell against the euro.",
  "The pound rose 0.5% against the euro.",
  "A 5k run raised spirits in the office.",
  "The 100m sprint record still stands.",
  "The game passed 1bn downloads.",
  "Its valuation doubled in 2024.",
  "The top 10 AI labs signed the pledge.",
  "A multi-billion parameter model was shown.",
  "The Bucks won 110-102 at home.",
  "$AAPL fell on the news.",
  "She earned her MBA in 2019.",
  "The A$ rose sharply overnight.",
  "He ran 26.2 miles in the rain.",
  "Thousands of jobs were lost in the region.",
  "They lost millions of fans after the change.",
  "The GPU has 80GB of memory.",
  "Chapter 11 filings rose in 2023.",
  "The vote was 52 to 48.",
  "Between 2010 and 2020 the market grew fast.",
  "From 5 to 10 employees joined each week.",
  "Temperatures hit 40C in July.",
  "It raised its stake to 49%.",
  "A trillion-parameter model is next.",
  "He scored 2 goals in 90 minutes.",
  "The euro hit a record high in 2008.",
  "The rupee slid for a third day.",
  "Prices are listed in US dollars and euros.",
  "A few million viewers tuned in.",
}

-- one amount as a comparable table: absent fields as their defaults
local function expected(want)
  return {
    text = want.text, value = want.value, low = want.low, high = want.high,
    currency = want.currency or nil, approx = want.approx or false,
    vague = want.vague or false,
  }
end

local function fields(a)
  return {
    text = a.text, value = a.value, low = a.low, high = a.high,
    currency = a.currency, approx = a.approx, vague = a.vague,
  }
end

-- the texts of the amounts in 's'
local function texts(s)
  local t = {}
  for i, a in ipairs(money.find(s)) do t[i] = a.text end
  return t
end

-- every amount's span is its text
local function check_offsets(s, found)
  for _, a in ipairs(found) do
    assert.are.equal(a.text, s:sub(a.start, a.stop))
  end
end

describe("paa.money", function()
  after_each(h.cleanup)

  ---------------------------------------------------------------------------
  describe("must parse", function()
    it("has at least 60 cases", function()
      assert.is_true(#must_parse >= 60, #must_parse .. " cases")
    end)

    for _, case in ipairs(must_parse) do
      local sentence, want = case[1], case[2]
      it(sentence, function()
        local found = money.find(sentence)
        assert.are.equal(1, #found, "amounts: " .. table.concat(texts(sentence), " | "))
        assert.are.same(expected(want), fields(found[1]))
        check_offsets(sentence, found)
      end)
    end
  end)

  ---------------------------------------------------------------------------
  describe("must not parse", function()
    it("has at least 60 cases", function()
      assert.is_true(#must_not_parse >= 60, #must_not_parse .. " cases")
    end)

    for _, sentence in ipairs(must_not_parse) do
      it(sentence, function()
        assert.are.same({}, texts(sentence))
      end)
    end
  end)

  ---------------------------------------------------------------------------
  describe("several amounts", function()
    it("reads an amount and its conversion in brackets", function()
      local s = "SoftBank wrote down $1.13bn (£600m) on the stake."
      local found = money.find(s)
      assert.are.same({ "$1.13bn", "£600m" }, texts(s))
      assert.are.same({ "USD", 1.13e9 }, { found[1].currency, found[1].value })
      assert.are.same({ "GBP", 6e8 }, { found[2].currency, found[2].value })
      check_offsets(s, found)
    end)

    it("reads three currencies in one bracket", function()
      local s = "Operating profit was HK$327m (US$42m; £22m) for the half."
      local found = money.find(s)
      assert.are.same({ "HK$327m", "US$42m", "£22m" }, texts(s))
      assert.are.same({ "HKD", "USD", "GBP" },
        { found[1].currency, found[2].currency, found[3].currency })
    end)

    it("reads 'from X to Y' as a change: two points", function()
      local s = "Profits rose from £1.2bn to £1.5bn in a year."
      local found = money.find(s)
      assert.are.same({ "£1.2bn", "£1.5bn" }, texts(s))
      for _, a in ipairs(found) do
        assert.is_nil(a.low)
        assert.is_nil(a.high)
      end
      assert.are.same({ 1.2e9, 1.5e9 }, { found[1].value, found[2].value })
    end)

    it("reads 'rose X to Y' and 'by X to Y' as changes", function()
      assert.are.same({ "$1.64", "$47.10" }, texts("US crude rose $1.64 to $47.10 a barrel."))
      assert.are.same({ "$19bn", "$419.3bn" }, texts("The budget grows by $19bn to $419.3bn."))
      -- a qualifier stays with its point
      local found = money.find("Crude lost more than $2 to $43.25 on Tuesday.")
      assert.are.same({ "more than $2", 2, "$43.25" },
        { found[1].text, found[1].low, found[2].text })
    end)

    it("reads 'X to Y' with Y more than ten times X as two points", function()
      assert.are.same({ "$7.2bn", "$170.8bn" }, texts("Turnover went $7.2bn to $170.8bn."))
    end)

    it("does not make a range that goes down or mixes currencies", function()
      assert.are.same({ "$5bn", "$3bn" }, texts("Forecasts swung $5bn-$3bn during the day."))
      assert.are.same({ "250 euros", "£173", "600 euros" },
        texts("Passengers can claim between 250 euros (£173) and 600 euros."))
    end)

    it("keeps a range's currency when only one end names it", function()
      local s = "Bids of $1.5-2bn and 300-400 million yen came in."
      local found = money.find(s)
      assert.are.same({ "$1.5-2bn", "300-400 million yen" }, texts(s))
      assert.are.same({ "USD", 1.5e9, 2e9 }, { found[1].currency, found[1].low, found[1].high })
      assert.are.same({ "JPY", 3e8, 4e8 }, { found[2].currency, found[2].low, found[2].high })
    end)
  end)

  ---------------------------------------------------------------------------
  describe("offsets", function()
    it("are 1-based inclusive byte offsets, after multibyte characters too", function()
      local s = "Café — naïve “€5m” and £3m… ¥9bn"
      local found = money.find(s)
      assert.are.same({ "€5m", "£3m", "¥9bn" }, texts(s))
      check_offsets(s, found)
      assert.are.equal(s:find("€", 1, true), found[1].start)
      assert.are.equal(#s, found[3].stop)
    end)

    it("cover the qualifier and the range words", function()
      local s = "It may cost up to $5bn, or between $6bn and $7bn."
      local found = money.find(s)
      assert.are.same({ 13, 22 }, { found[1].start, found[1].stop })
      assert.are.equal("between $6bn and $7bn", s:sub(found[2].start, found[2].stop))
    end)

    it("start an amount at the first byte and end at the last", function()
      local found = money.find("$5bn")
      assert.are.same({ 1, 4, "$5bn" }, { found[1].start, found[1].stop, found[1].text })
    end)
  end)

  ---------------------------------------------------------------------------
  describe("a longer text", function()
    it("finds every amount of a news paragraph, in order", function()
      local s = table.concat({
        "The lab said on Tuesday it had closed a $40 billion round, the largest",
        "private raise on record, at a valuation of about $300 billion. Its",
        "biggest backer, which put $1 billion into the company in 2019 and",
        "another $12 billion through 2023, has provided billions in funding and",
        "cloud credit. The lab also plans to spend between $100 billion and up",
        "to $500 billion on data centres, a project analysts put at £75bn–£90bn",
        "in the first phase. A rival, which raised €3.5m from angels in 2021,",
        "now talks of \"tens of billions of dollars\" in orders, and one supplier",
        "booked 120 mln dlrs in 2024. Its shares rose 8.1% to $187.20, and 72",
        "million people use its app, up from 2023 when 40 million did.",
      }, "\n")
      local found = money.find(s)
      assert.are.same({
        "$40 billion", "about $300 billion", "$1 billion", "$12 billion", "billions",
        "between $100 billion and up\nto $500 billion", "£75bn–£90bn", "€3.5m",
        "tens of billions of dollars", "120 mln dlrs", "$187.20",
      }, texts(s))
      check_offsets(s, found)
      assert.are.same({ 1e11, 5e11 }, { found[6].low, found[6].high })
      assert.are.same({ "GBP", 7.5e10, 9e10 }, { found[7].currency, found[7].low, found[7].high })
      assert.is_true(found[9].vague)
      for i = 2, #found do assert.is_true(found[i].start > found[i - 1].stop) end
    end)

    it("finds nothing in a long text with numbers but no money", function()
      local s = string.rep("In 2024, 72 million users sent 8.1% more texts. ", 2000)
      assert.are.same({}, money.find(s))
    end)

    it("finds tens of thousands of amounts in one text", function()
      local found = money.find(string.rep("$5bn, ", 50000))
      assert.are.equal(50000, #found)
      assert.are.same({ 299995, 299998 }, { found[50000].start, found[50000].stop })
    end)

    it("reads the seed articles: the $40 billion round and the Stargate range", function()
      local dir = h.seeds()
      if not dir then return pending("../shared/corpus/seeds is not here") end
      local round, stargate, vague = 0, 0, 0
      for _, d in ipairs((h.read(dir))) do
        for _, a in ipairs(money.find(d.text)) do
          if a.value == 4e10 and a.currency == "USD" then round = round + 1 end
          if a.low == 1e11 and a.high == 5e11 then stargate = stargate + 1 end
          if a.vague then vague = vague + 1 end
        end
      end
      assert.are.same({ 11, 1, 2 }, { round, stargate, vague })
    end)
  end)

  ---------------------------------------------------------------------------
  describe("find", function()
    it("returns an empty table for an empty text", function()
      assert.are.same({}, money.find(""))
    end)

    it("returns a plain array of records with every field", function()
      local found = money.find("A $5bn bid, in 2023 dollars.")
      assert.are.equal(1, #found)
      for k in pairs(found) do assert.are.equal("number", type(k)) end
      local a = found[1]
      assert.are.same({ value = 5e9, currency = "USD", text = "$5bn", start = 3, stop = 6,
        approx = false, vague = false }, a)
    end)

    it("gives whole amounts as integers", function()
      assert.are.equal(math.type(40000000000), math.type(money.find("$40bn")[1].value))
      assert.are.equal("float", math.type(money.find("$22.40")[1].value))
    end)

    it("raises for a text that is not a string", function()
      h.has("paa.money: bad argument #1 to 'find' (string expected, got nil)",
        h.error_of(money.find, nil))
      h.has("got table", h.error_of(money.find, {}))
    end)

    it("skips invalid UTF-8 and binary bytes", function()
      assert.are.same({ "$5bn" }, texts("\xff\xfe\0 $5bn \xC2\xE2"))
    end)
  end)
end)
