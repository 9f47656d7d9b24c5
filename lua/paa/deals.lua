--- paa.deals: deals, funding rounds, valuations and commitments in news
-- text, each reported deal once with every mention behind it.
--
-- Deals are events, read the way classic news information-extraction
-- systems read them: a *mention* is an amount of money (`paa.money`) whose
-- sentence says what happened to it. The sentence's organisations
-- (`paa.orgs`: the gazetteer, `<Name>` markup, capitalised names) get
-- their roles from the sentence's structure — the subject of "raised",
-- "invested", "agreed to buy", the object of "acquire", the name after
-- "led by", "from", "by", "in", "with", a possessive ("OpenAI's $40bn
-- round") — and the kind comes from the verb that governs the amount or
-- else the trigger word nearest to it. Figures that are not deals
-- (revenue, profit, assets, debt, budgets, prices, fines, share moves)
-- are classified as `financial` and kept out. *Merging* joins the mentions
-- of one deal across sentences, articles and outlets only on evidence:
-- compatible kinds, the same principal party (recipient, target, valued
-- organisation, committer) and the same amount.
-- @module paa.deals

local text = require "paa.text"
local lexicon = require "paa.lexicon"
local money = require "paa.money"
local dates = require "paa.dates"
local orgs = require "paa.orgs"

local merge = require "paa.deals.merge"
local present = require "paa.deals.present"

local deals = {}

-- The 'n' bytes of 'str' before position 'p'. Patterns anchored at the
-- end ("%s+$") are tried at every start position, so they run on such a
-- window, never on the whole of a long sentence.
local function tail(str, p, n)
  return str:sub(math.max(1, p - n), p - 1)
end

-- {==========================================================================
-- Kinds, from the words around an amount
-- ===========================================================================

--- The kinds of figure with their trigger terms. `financial` is not a
-- deal: revenue, profit, assets, debt, budgets, prices, fines, pay,
-- lawsuits, share and market moves, changes of a figure.
deals.KINDS = {
  { name = "valuation", "valuation*", "valued", "valuing", "values", "market cap*",
    "market value", "capitalisation", "capitalization", "market worth", "is worth", "was worth" },
  { name = "funding", "funding round*", "round*", "raise", "raised", "raises", "raising",
    "fundrais*", "funding", "financing", "series a", "series b", "series c", "series d",
    "series e", "series f", "seed", "led by", "ipo", "flotation", "floated", "float",
    "share offer", "share sale", "stock debut", "stock market debut", "market debut", "listing",
    "bail-out", "bailout", "rescue",
    "loan", "loans", "debt facility", "credit facility", "loan facility", "venture debt",
    "debt financing", "credit line", "line of credit", "term loan", "revolving credit*",
    "rights issue", "bond issue", "fresh capital", "new capital",
    "-round of talks", "-round the clock", "-bail out of" },
  { name = "investment", "invest", "invests", "invested", "investing", "investment*",
    "stake", "stakes", "backing", "backed", "inject*", "poured", "pour",
    "-investment bank*", "-investment banker*", "-investment banking",
    -- (what a party is: "Zegona, a London-listed investment group")
    "-investment group*", "-investment firm*", "-investment compan*", "-investment fund*",
    "-investment vehicle*", "-investment arm*", "-investment manager*", "-investment house*",
    "-investment trust*" },
  { name = "acquisition", "acquir*", "acquisition*", "takeover*", "take over", "took over",
    "buyout*", "buy", "buys", "bought", "buying", "purchase*", "merger*", "bid", "bids",
    "takeover offer*", "tender offer*", "offer for", "offers for", "sale of", "sell", "sells", "sold", "approach",
    "signing of", "transfer fee", "transfer" },
  { name = "contract", "contract*", "supply", "license", "licence", "licensing", "order",
    "fee", "licence fee*", "license fee*", "royalt*",
    "orders", "deal", "deals", "agreement*", "pact", "partnership*", "signed", "signs" },
  { name = "commitment", "project*", "infrastructure", "data center*", "data centre*",
    "campus*", "stargate", "build", "building", "construction", "spend", "spends",
    "spending", "commit*", "capex", "capital expenditure*", "pipeline", "factory",
    "plant", "plan", "plans", "programme", "program", "joint venture" },
  { name = "financial", "revenue*", "sales", "profit*", "loss", "losses", "earnings",
    "income", "turnover", "assets", "deposits", "debt", "debts", "deficit*", "budget*",
    "subsid*", "tax", "taxes", "fine", "fined", "fines", "damages", "salary", "salaries",
    "bonus*", "pay rise", "price", "prices", "priced", "cost", "costs", "market", "markets",
    "shares", "wiped", "exports", "imports", "gdp", "reserves", "dividend*", "bill",
    "spending cuts", "savings", "cash", "pension*", "worth of", "lost", "surplus", "trade",
    "insurance", "claims", "premium*", "wages", "increase", "increases", "rise",
    "jump", "drop", "decline", "fall", "growth", "sued", "sue", "suing", "lawsuit*",
    "settlement", "compensation", "court", "aid", "donat*", "charity", "grant", "grants",
    "fraud", "scandal", "bribe*", "save", "saves", "saving", "cut", "cuts", "unpaid",
    "bad loans", "victims", "payout", "payouts", "forecast*", "estimate*", "spent",
    "allocated", "allocation", "settle", "settled", "payment", "payments", "fetched", "fetch",
    "fetches", "buying back",
    "buy back", "buyback*", "share buy-back*",
    -- (how a price is paid: "a cash tender offer of 70 dlrs a share")
    "-cash offer*", "-cash tender offer*", "-cash bid*", "-cash deal*", "-cash takeover*",
    "-cash and stock", "-cash and shares" },
}

-- nouns of a deal: "a deal valued at $N" is the deal's value
local DEAL_NOUNS = { deal = true, bid = true, offer = true, takeover = true, transaction = true,
  agreement = true, contract = true, merger = true, acquisition = true, buyout = true,
  purchase = true, sale = true, order = true, pact = true, project = true, plan = true }
do -- the plurals (collected first: a table must not grow while traversed)
  local plural = {}
  for w in pairs(DEAL_NOUNS) do plural[#plural + 1] = w .. "s" end
  for _, w in ipairs(plural) do DEAL_NOUNS[w] = true end
end

-- nouns of a takeover, whose value is the price of the company ("the
-- transaction values Pioneer at $64.5bn"; a deal or a sale may be of a
-- stake, which values the whole company)
local TAKEOVER_NOUNS = { transaction = true, takeover = true, acquisition = true, merger = true,
  buyout = true, bid = true, offer = true, terms = true }

-- nouns of a raise: "The round values the company at $480m"
local ROUND_NOUNS = { round = true, raise = true, funding = true, financing = true, investment = true }

-- does a word of 'str' (the captures of 'pattern', default every word)
-- belong to 'set'?
local function has_word(str, set, pattern)
  for w in str:gmatch(pattern or "%a+") do
    if set[w] then return true end
  end
  return false
end

-- does 'str' hold a deal noun? ("the contract with the health board was
-- worth £7m" gives the deal's value, not a valuation)
local function deal_noun_in(str) return has_word(str, DEAL_NOUNS) end

-- generic words that say "a deal" without saying which: they give the
-- kind only when nothing more specific is in the clause ("agreed to a
-- buyout by Verizon in a deal valued at $6.75bn" is an acquisition)
local WEAK = { deal = true, deals = true, ["agreement*"] = true, pact = true, signed = true,
  signs = true, ["partnership*"] = true, offer = true, offers = true, offered = true, ["signing of"] = true }

--- The kinds that are deals (the others are figures of another sort).
deals.DEAL_KINDS = { valuation = true, funding = true, investment = true, acquisition = true,
  contract = true, commitment = true }

local COMPATIBLE = merge.COMPATIBLE  -- kinds that may name the same deal

local kinds_lexicon
local function kinds()
  kinds_lexicon = kinds_lexicon or lexicon.new(deals.KINDS)
  return kinds_lexicon
end

-- how far around an amount its words are read
local WINDOW = 250

-- the forms a price is paid in, after the word that introduces them
-- ("$1.2bn in cash and shares", "4.5bn euros including debt")
local PAYMENT = { ["in"] = { cash = true, shares = true },
  including = { debt = true, debts = true, cash = true }, plus = { debt = true, debts = true } }

-- auxiliaries that start what is said of a subject ("X's deal with Y
-- has changed the market")
local FINITE = { has = true, have = true, had = true, is = true, are = true, was = true, were = true,
  will = true, would = true }

-- The kind of an amount at [a, b] of 'sentence', in the clause [ca, cb]:
-- the nearest specific trigger, else the nearest generic one; and the
-- distance to it. A figure word ("profit", "fine", "increase") right next
-- to the amount wins over everything.
local function kind_of(sentence, a, b, ca, cb)
  local best, bestd, bestgap, bestafter, bests, weak, weakd, weakafter, weake
  local after_noun, after_d, after_s
  -- the clause, at most WINDOW bytes each side of the amount (a "sentence"
  -- of a page's menu can run for pages)
  local lo, hi = math.max(ca, a - WINDOW), math.min(cb, b + WINDOW)
  for kind, term, s, e in kinds():matches(sentence:sub(lo, hi)) do
    s, e = s + lo - 1, e + lo - 1
    -- "raised to $N" is a change of a figure, not a raise
    local change = term:match("^rais") and sentence:sub(e + 1, a - 1):match("^%s*[tb][oy]%s*$")
    -- "a deal valued at $6.75bn", "a bid worth": the deal's own value
    if kind == "valuation" and (term == "valued" or term == "values" or term:find("worth$")) then
      local before = sentence:sub(math.max(1, s - 32), s - 1):lower()
      local noun = before:match("(%a+)[%s,]*$")
      if noun and DEAL_NOUNS[noun] then change = true end
      -- "a contract it valued at $90m", "an offer the board values at"
      noun = before:match("(%a+)%s+it%s+$") or before:match("(%a+)%s+they%s+$") or
        before:match("(%a+)%s+the%s+%a+%s+$")
      if noun and DEAL_NOUNS[noun] then change = true end
      -- "a tender offer for Standard Oil, valued at": a deal's value
      -- after what it is for
      noun = sentence:sub(math.max(1, s - 60), s - 1):lower():match("(%a+)%s+for%s+[%w%s&%.%-]+,%s*$")
      if noun and DEAL_NOUNS[noun] then change = true end
    end
    -- "The acquisition of Figma by Adobe, valued at $20bn": a clause whose
    -- subject is a deal gives the deal's value
    if kind == "valuation" and (term == "valued" or term == "values" or term:find("worth$")) then
      local subject = sentence:sub(ca, a - 1):lower():match("^%W*the%s+([%a%-]+)") or
        sentence:sub(ca, a - 1):lower():match("^%W*an?%s+([%a%-]+)")
      if subject and DEAL_NOUNS[subject] then change = true end
    end
    -- "it is worth $17bn" (a few words between at most), not "it is
    -- worth 30% more than a $7bn bid" nor "the $20bn it is worth"
    if term:find("worth$") then
      local adjacent = e < a and sentence:sub(e + 1, a - 1):match("^[%a%s]*$") and a - e < 24
      if not adjacent or deal_noun_in(sentence:sub(math.max(ca, s - 60), s - 1):lower()) then
        change = true
      end
    end
    -- "for $1.2bn in cash", "4.5bn euros including debt": how a price is
    -- paid, not a figure of its own
    -- ("$135m in debt" is debt)
    if kind == "financial" and s > b then
      local first = sentence:sub(b + 1, s - 1):lower():match("^%s*(%a+)[%a%s%-]*$")
      if first and PAYMENT[first] and PAYMENT[first][term] then change = true end
    end
    -- "a deal worth $2bn at list prices": how the value is reckoned
    if (term == "price" or term == "prices") and sentence:sub(math.max(1, s - 5), s - 1):lower() == "list " then
      change = true
    end
    if s >= ca and e <= cb and not change then
      local d = e < a and a - e or (s > b and s - b or 0)
      if WEAK[term] then
        if not weak or d < weakd then weak, weakd, weakafter, weake = kind, d, s > b, e end
      elseif not best or d < bestd then
        best, bestd, bestafter, bests = kind, d, s > b, s
        bestgap = e < a and sentence:sub(e + 1, a - 1) or sentence:sub(b + 1, s - 1)
      end
      -- the deal's noun right after the amount ("$183bn post-money valuation")
      local between = s > b and s - b < 30 and not WEAK[term] and (not after_noun or s < after_s) and
        sentence:sub(b + 1, s - 1)
      if between and between:match("^[%s%a%-]*$") and select(2, between:gsub("%a+", "")) <= 2 then
        after_noun, after_d, after_s = kind, d, s
      end
    end
  end
  -- "at a $183bn post-money valuation": the noun after the amount says
  -- what it is, whatever came before
  if after_noun and sentence:sub(math.max(1, a - 8), a - 1):lower():match("%f[%a]at an?%s+$") then
    return after_noun, after_d, sentence:sub(b + 1, after_s - 1), true
  end
  -- "X's $100m deal with Y has changed the market": a deal's noun right
  -- after the amount, and a figure's word in what is said of the deal
  -- (not "a $140m deal - split between penalties and compensation")
  if best and weak and weakafter and weakd <= 2 and bestafter and bests > weake then
    for w in sentence:sub(weake + 1, bests - 1):lower():gmatch("%a+") do
      if FINITE[w] then best = nil break end
    end
  end
  if best then return best, bestd, bestgap, bestafter end
  return weak, weakd, "", false
end

-- }==========================================================================


-- {==========================================================================
-- Roles, from the sentence's structure
-- ===========================================================================

--- Read a gazetteer (see `paa.orgs.load_gazetteer`).
deals.load_gazetteer = orgs.load_gazetteer

-- A cue gives a name a part in the event ('agent of raising', 'object of
-- buying' ...); the kind of the deal then says which role that part is.
-- part -> kind -> role
local ROLES = {
  raiser = { funding = "recipient", investment = "recipient", contract = "supplier",
    valuation = "valued", acquisition = "target", commitment = "committer" },
  investor = { funding = "investor", investment = "investor", commitment = "committer",
    acquisition = "acquirer", contract = "buyer" },
  lead = { funding = "lead_investor", investment = "lead_investor" },
  backer = { funding = "investor", investment = "investor", contract = "supplier",
    acquisition = "seller" },
  buyer = { acquisition = "acquirer", contract = "buyer", investment = "investor",
    funding = "investor", valuation = "acquirer" },
  seller = { acquisition = "seller", contract = "supplier" },
  spender = { commitment = "committer", investment = "investor", contract = "buyer",
    funding = "investor", acquisition = "acquirer" },
  signer = { contract = "partner", acquisition = "acquirer", funding = "recipient",
    commitment = "committer", investment = "investor" },
  supplier = { contract = "supplier" },
  customer = { contract = "buyer" },
  valued = { valuation = "valued", acquisition = "target", funding = "recipient",
    investment = "recipient" },
  target = { acquisition = "target", investment = "recipient", funding = "recipient",
    valuation = "valued", contract = "partner" },
  recipient = { investment = "recipient", funding = "recipient", acquisition = "target",
    valuation = "valued" },
  by = { acquisition = "acquirer", funding = "recipient", investment = "investor",
    contract = "partner" },
  -- what a price is paid for ("$2bn for X"): an acquisition's target, a
  -- contract's other side ("worth $6bn for the US giant"), no recipient
  bought = { acquisition = "target", contract = "partner" },
  partner = { contract = "partner", commitment = "partner", acquisition = "partner",
    investment = "partner", funding = "partner" },
  -- a possessive with nothing to say more ("compared to EA's $17.8bn")
  owner = { valuation = "valued", funding = "recipient", commitment = "committer",
    acquisition = "acquirer", investment = "investor", contract = "partner" },
}

-- the principal roles: the party a deal is about (merging keys on it)
local PRINCIPAL = { recipient = 1, target = 2, valued = 3, committer = 4, acquirer = 5,
  buyer = 6, partner = 7, supplier = 8, investor = 9, lead_investor = 10, seller = 11 }

-- the principal role of each kind, for "the company's $115bn spending"
local MAIN_ROLE = { funding = "recipient", valuation = "valued", commitment = "committer",
  investment = "recipient", acquisition = "acquirer", contract = "partner" }

-- Verbs whose subject takes a part, with the kind they give the amount
-- they govern and the part of their object (a name after the verb,
-- before the amount: "agreed to buy Y for $N"). 'after' is a pattern (or
-- a test) the lower-case text after the amount must match ("paid $339m
-- for", "put $5bn into", "led a $40bn round"): "pay a $1.5m fine" is no
-- purchase, "led to a $11bn fraud" no round. Longest first.
local VERBS = {}
local function verbs(list, part, kind, object, after)
  for v in list:gmatch("[^,]+") do
    VERBS[#VERBS + 1] = { v = v:match("^%s*(.-)%s*$"), part = part, kind = kind,
      object = object, after = after, n = #VERBS + 1 }
  end
end
verbs("raised, raises, raise, raising, secured, secures, secure, securing, closed, closes, "
  .. "landed, lands, attracted, attracts, received, receives, receive, got, gets, obtained, "
  .. "floated, floats, float", "raiser", "funding")
verbs("won, wins, win", "raiser", nil)
-- "Verizon has won a takeover battle for MCI with a bid worth $6.8bn":
-- the winner of a contest for a company bids for it
verbs("won, wins, win", "buyer", "acquisition", "target")
local CONTESTS = { takeover = true, battle = true, race = true, contest = true, war = true, auction = true,
  bid = true, bidding = true }
local WON_GOODS = { contract = true, contracts = true, order = true, orders = true, licence = true,
  license = true, tender = true, concession = true }
for _, v in ipairs(VERBS) do
  if v.part == "buyer" and v.v:match("^w[io]n") then
    v.between = function(gap, _, rest)
      -- (not "won the race for a $2bn Pentagon contract": a contract won)
      if has_word((rest or ""):sub(1, 30), WON_GOODS) then return false end
      return has_word(gap, CONTESTS) or CONTESTS[(rest or ""):match("^%s*(%a+)") or ""] ~= nil
    end
  end
end
verbs("invested, invests, invest, investing, poured, pours, pour, injected, injects, inject, "
  .. "provided, provides, lent, lends, lend, lending, loaned, backed", "investor", "investment", "recipient")
verbs("put, puts, putting", "investor", "investment", "recipient", "^[^,;]-%f[%a]in")
verbs("led, leads, co-led", "lead", "funding", "recipient", function(rest)
  local near = rest:sub(1, 40)
  return near:find("round") or near:find("funding") or near:find("financing") or
    near:find("investment")
end)
verbs("acquired, acquires, acquire, acquiring, bought, buys, buy, buying, purchased, purchases, "
  .. "purchase, took over, take over, takes over, taking over, bid, bids", "buyer",
  "acquisition", "target")
verbs("offered, offers, offer, paid, pays, pay, paying", "buyer", "acquisition", "target",
  function(rest)     -- "for X", "in cash for X", "in cash and stock for X"
    if rest:match("^%s*for%s") then return true end
    local how = rest:match("^%s*in ([%a%s]-)%s+for%s")
    return how ~= nil and how:gsub("cash", ""):gsub("stock", ""):gsub("shares", ""):gsub("and", "")
      :match("^%s*$") ~= nil
  end)
verbs("sold, sells, sell, selling", "seller", "acquisition", "target")
-- "when it snapped up rival bank FleetBoston in a $47bn merger"
verbs("snapped up, snaps up, snap up, bought out, buys out, buy out, took control of, takes control of, "
  .. "take control of, gained control of", "buyer", "acquisition", "target")
verbs("tabled, tables, lodged, lodges, launched, launches, made, makes, submitted", "buyer",
  "acquisition", nil, function(rest)
    local near = rest:sub(1, 40)
    return near:find("%f[%a]bid") or near:find("%f[%a]offer") or near:find("%f[%a]approach") or
      near:find("%f[%a]takeover")
  end)
-- "Southcorp has rejected a takeover offer worth $N": the one bid for
verbs("rejected, rejects, reject, rebuffed, rebuffs, rebuff, accepted, accepts, accept, "
  .. "welcomed, welcomes, recommended, recommends, considering, weighing", "target", "acquisition")
for _, v in ipairs(VERBS) do
  if v.part == "target" then
    -- only with the bid between the verb and the amount
    v.between = function(gap)
      if not gap:match("^[%a%s%-']*$") then return false end
      for w in gap:gmatch("%a+") do
        if w == "bid" or w == "offer" or w == "takeover" or w == "approach" or w == "proposal" or
            w == "deal" then
          return true
        end
      end
      return false
    end
  end
end
-- "Onyx Petroleum took a 20% stake in Basalt Energy for $400m": a stake
-- taken is a part of the company bought (reread_investment: an acquisition)
verbs("took, takes, take, taking", "investor", "investment", nil)
for _, v in ipairs(VERBS) do
  if v.part == "investor" and (v.v:match("^tak") or v.v == "took") then
    v.between = function(gap) return gap:find("%f[%a]stake%f[%A]") ~= nil end
  end
end
verbs("spend, spends, spending, committed, commits, commit, pledged, pledges, pledge, "
  .. "earmarked, build, builds, building", "spender", "commitment", nil)
verbs("signed, signs, sign, inked, inks, struck, strikes, sealed, seals, clinched, clinches", "signer",
  "contract", "partner")
verbs("agreed, agrees", "signer", nil, "partner")
verbs("supply, supplies, supplied", "supplier", "contract", "customer")
-- "Tern Airlines ordered 20 jets from Airbus in a deal worth $2bn"
verbs("ordered, orders, order, ordering", "customer", "contract", "supplier")
-- Transfers of players: "Chelsea signed Didier Drogba from Marseille for
-- £24m" (signed and a name: no contract's "signed a deal"), "The
-- striker joined Newcastle from Leeds for £8m", "Liverpool have completed
-- the £14m signing of X": the club that signs buys, the one the player
-- comes from sells
verbs("signed, signs, sign, signing", "buyer", "acquisition", "target")
for _, v in ipairs(VERBS) do
  if v.part == "buyer" and v.v:match("^sign") then
    v.between = function(_, gap) return gap:match("^%s+%u") ~= nil and gap:find("%f[%a]from%s+%u") ~= nil and
      gap:find("%f[%a]for%s*$") ~= nil end
  end
end
verbs("joined, joins, join, joining", "target", "acquisition", "buyer")
for _, v in ipairs(VERBS) do
  if v.part == "target" and v.v:match("^join") then
    v.between = function(_, gap) return gap:match("^%s+%u[^,;]-%f[%a]from%s+%u") ~= nil and
      gap:find("%f[%a]for%s*$") ~= nil end
  end
end
-- ("completed the purchase", not "completed the sale", whose subject sells)
verbs("completed, completes, complete, completing, finalised, finalized", "buyer", "acquisition", nil)
for _, v in ipairs(VERBS) do
  if v.part == "buyer" and (v.v:match("^complet") or v.v:match("^finali")) then
    -- (the noun before the amount or right after it: "the £14m signing")
    local nouns = { signing = true, purchase = true, acquisition = true, takeover = true, buyout = true }
    v.between = function(gap, _, rest)
      -- (not "completed its acquisition by Pylon Capital")
      if gap:find("%f[%a]by%s") or (rest or ""):match("^%s*%a+%s+by%s") then return false end
      return has_word(gap, nouns) or nouns[(rest or ""):match("^%s*(%a+)") or ""] ~= nil
    end
  end
end
-- "Tidal Works will merge with Pylon Systems in a deal valued at $15bn":
-- two partners in one acquisition
verbs("merge, merges, merged, merging", "partner", "acquisition", nil)
-- "The Pentagon awarded Granite Dynamics a $450m contract": the one who
-- awards buys, the one awarded supplies
verbs("awarded, awards, award, awarding, granted, grants, grant", "customer", "contract", "supplier",
  function(rest)
    local near = rest:sub(1, 40)
    return near:find("%f[%a]contracts?%f[%A]") or near:find("%f[%a]orders?%f[%A]")
  end)
table.sort(VERBS, function(x, y)
  if #x.v ~= #y.v then return #x.v > #y.v end
  if x.v ~= y.v then return x.v < y.v end
  return x.n < y.n
end)
-- the verbs by their words ("took over" under "took"), for one pass over
-- a sentence's words instead of one search a verb
local VERB_WORDS = {}
for _, v in ipairs(VERBS) do
  local first = v.v:match("^(%S+)")
  VERB_WORDS[first] = VERB_WORDS[first] or {}
  table.insert(VERB_WORDS[first], v)
end

-- verbs of receiving ("has received an £8m bid")
local RECEIVING = { received = true, receives = true, receive = true, got = true, gets = true,
  attracted = true, attracts = true }

-- money owed rather than raised ("received a payment of £24.5m")
local OWED = { payment = true, payments = true, compensation = true, damages = true,
  settlement = true, fine = true, fines = true }

-- nouns of a bid ("a $6.75bn buyout from Verizon": Verizon bids)
local BID_NOUNS = { bid = true, offer = true, takeover = true, buyout = true, approach = true }

-- deals that happen to their subject's company ("agreed a takeover by X")
local TAKEN_OVER = { buyout = true, takeover = true, merger = true, sale = true }

-- verbs of lending, whose "to X" after the amount is the borrower
local LENDING = { lend = true, lends = true, lent = true, lending = true, loaned = true }

-- Each cue verb in 'text' (lower case): calls f(a, b, v) with the verb's
-- span in 'text', in text order; longer verbs ("took over") first at a
-- position.
-- words that are nouns after a determiner ("with a bid worth $6.8bn",
-- "the offer", "its purchase"), verbs otherwise ("Verizon bid $6.8bn")
local NOUN_TOO = { bid = true, bids = true, offer = true, offers = true, order = true, orders = true,
  purchase = true, purchases = true, pay = true, supply = true, float = true }
local NOUN_BEFORE = { a = true, an = true, the = true, its = true, their = true, his = true, her = true,
  this = true, that = true, new = true, higher = true, rival = true, fresh = true, latest = true }

local function each_verb(s, f)
  for a, w in s:gmatch("()(%a[%a%-]*)") do
    local list = VERB_WORDS[w]
    if list and NOUN_TOO[w] and NOUN_BEFORE[s:sub(math.max(1, a - 12), a - 1):match("(%a+)%s+$") or ""] then
      list = nil
    end
    if list and (a == 1 or not s:sub(a - 1, a - 1):match("[%a%-]")) then
      -- the longest form that is there, with each reading of it ("signed
      -- a deal", "signed Didier Drogba from Marseille")
      local found
      for _, v in ipairs(list) do
        local b = a + #v.v - 1
        if (not found or v.v == found) and s:sub(a, b) == v.v and not s:sub(b + 1, b + 1):match("%a") then
          f(a, b, v)
          found = v.v
        end
      end
    end
  end
end

-- The cue verbs of a sentence (lower case), found once for all its
-- amounts: { { a, b, v } } in text order (the last sentence is kept).
local verbs_low, verbs_list
local function sentence_verbs(low)
  if low ~= verbs_low then
    local list = {}
    each_verb(low, function(a, b, v) list[#list + 1] = { a, b, v } end)
    verbs_low, verbs_list = low, list
  end
  return verbs_list
end

-- each_verb(low:sub(x, y), f), from the sentence's list: f(a, b, v) with
-- the span relative to x
local function verbs_between(low, x, y, f)
  for _, t in ipairs(sentence_verbs(low)) do
    if t[1] > y then break end
    if t[1] >= x and t[2] <= y then f(t[1] - x + 1, t[2] - x + 1, t[3]) end
  end
end

-- words between a subject and its verb ("has agreed to", "is set to",
-- "was looking to", "came close to")
local AUX = {}
for w in ([[has have had is are was were will would could can may might should shall
  be been being also already agreed to set due expected ready plans planned plan hopes
  hoped wants wanted aims seeks said it they recently now jointly together finally
  reportedly last week year month then still just looking came close trying tried seeking
  sought moved preparing considering poised likely able willing keen first intended intends
  intend decided decides promised aiming aimed going earlier later this next today yesterday each both
  on monday tuesday wednesday thursday friday saturday sunday january february march april
  may june july august september october november december opted chose morning afternoon
  evening night weekend committed pledged vowed]]):gmatch("%S+") do
  AUX[w] = true
end
-- phrases between a subject and its verb ("has agreed in principle to
-- buy", "said in a statement it would sell")
local AUX_PHRASES = {}   -- by their last word
for _, x in ipairs{ "in principle", "in a statement", "in a filing", "in a regulatory filing",
    "in a stock exchange filing", "in a release", "on its own", "for its part" } do
  local last = x:match("(%a+)$")
  AUX_PHRASES[last] = AUX_PHRASES[last] or {}
  table.insert(AUX_PHRASES[last], x)
end

-- verbs of saying, after which "it" goes on with the one who speaks
local REPORTING = {}
for w in ([[said says announced announces added adds confirmed confirms stated revealed
  told explained insisted claimed warned believes expects thinks hopes]]):gmatch("%S+") do
  REPORTING[w] = true
end

-- the start of the auxiliaries before position 'p' of 'low' (the verb's
-- start): "Microsoft has agreed to buy" gives the end of "Microsoft";
-- "Laura Ashley, which floated" the end of "Laura Ashley,"
local function before_aux(low, p)
  while true do
    local from = math.max(1, p - 40)
    local head = low:sub(from, p - 1)
    local ws, w = head:match("()(%a+)%s+$")
    if not w then return p end
    ws = from + ws - 1                     -- the word's start in 'low'
    local prev = tail(low, ws, 8)
    local opening = ws == 1 or prev:match("^%s*$") and ws <= 9 or prev:match("[%.!?;:,]%s*$")
    -- "It has invested", "In 2001 it put": 'it' is the subject (not in
    -- "said it would", "announced it is to", where it goes on with the
    -- one who speaks)
    local before_it = (w == "it" or w == "they") and low:sub(1, ws - 1):match("(%a+)%s*$") or ""
    local phrase
    for _, x in ipairs(AUX_PHRASES[w] or {}) do
      local at = head:match("()%f[%a]" .. x .. "%s+$")
      if at then phrase = from + at - 1 end
    end
    if (w == "it" or w == "they") and (opening or not (AUX[before_it] or REPORTING[before_it])) then
      return p
    elseif phrase then
      p = phrase
    elseif AUX[w] or (#w > 4 and w:sub(-2) == "ly") then
      p = ws
    elseif w == "talks" and prev:match("%f[%a]in%s+$") then
      p = ws - #prev:match("in%s+$")       -- "is in talks to raise"
    elseif (w == "which" or w == "who" or w == "that") and prev:match(",%s*$") then
      return ws - #prev:match("%s*$")
    elseif (w == "which" or w == "who") and (prev:match("%s%-%s*$") or prev:match("\226\128[\147\148]%s*$")) then
      -- "Baikal - which bought": the name before the dash
      return ws - #(prev:match("%s%-%s*$") or prev:match("%s*\226\128[\147\148]%s*$"))
    else
      return p
    end
  end
end

-- names in a list after 'first': "X, Y and Z" ("Abu Dhabi's MGX" is
-- MGX: a possessive place before a name is where it is from)
local function list_after(s, first, names)
  local function owned(nm)
    local q = nm.poss and orgs.is_public(nm.name) and
      (s:match("^'s%s+()", nm.stop + 1) or s:match("^\226\128\153s%s+()", nm.stop + 1))
    for _, x in ipairs(q and names or {}) do
      if x.start == q then return x end
    end
    return nm
  end
  first = owned(first)
  local out = { first }
  -- where the last name of the list ends, past its short form in
  -- brackets: "X (XYZ) - a US development agency - the Eximbank and Y"
  -- and past an appositive between dashes (read as a comma)
  local DASH = "[%-\226][\128]?[\147\148]?"
  local function past(nm)
    local p = s:match("^%s*%b()()", nm.stop + 1) or nm.stop + 1
    local q = s:match("^%s*" .. DASH .. "%s+[^%-\226]-%s" .. DASH .. "()", p)
    return q or p, q ~= nil
  end
  local upto, dashed = past(first)
  for _, nm in ipairs(names) do
    if nm.start >= upto then
      local gap = (dashed and "," or "") .. s:sub(upto, nm.start - 1):gsub("the%s+$", "")
      local the = s:sub(upto, nm.start - 1):match("the%s+$")
      if the and orgs.is_public(nm.name) then break end
      -- (not "for Beta Labs, Gamma Partners said": a name after a comma
      -- that speaks; "X and Y announced" is a list)
      local speaks = s:match("^%s+(%a+)", nm.stop + 1)
      if speaks and REPORTING[speaks:lower()] and gap:match("^%s*,%s*$") then break end
      -- ("Tidewater Capital and existing investor Ember Ventures")
      local described = gap:match("^%s*,?%s+and%s+[%l%s]-%f[%a]investors?%s+$") or
        gap:match("^%s*,?%s+and%s+[%l%s]-%f[%a]backers?%s+$")
      if gap:match("^%s*,%s*$") or gap:match("^%s*,?%s+and%s+$") or gap:match("^%s*&%s*$") or described then
        nm = owned(nm)
        out[#out + 1] = nm
        upto, dashed = past(nm)
      elseif not gap:match("^%s*,?%s*$") then
        break
      end
    end
  end
  return out
end

-- the participles of buying and selling, read as passives after "was",
-- "being", or a comma ("a stake in Y, bought for $N")
local PARTICIPLES = { sold = true, bought = true, acquired = true, purchased = true, ["taken over"] = true }

-- is the verb at 'va' of 'low' after a form of "to be" ("was awarded",
-- "has been sold", "is bought")?
local function passive_before(low, va)
  local t = tail(low, va, 12)
  return t:match("%f[%a]be[en]*%s+$") ~= nil or t:match("%f[%a]w[ae][sr]e?%s+$") ~= nil or
    t:match("%f[%a]is%s+$") ~= nil or t:match("%f[%a]are%s+$") ~= nil
end

-- nouns whose "to" gives the verb after it their maker as subject ("a
-- definitive agreement to acquire", "plans to be acquired")
local AGREEMENT_TO = { agreement = true, agreements = true, deal = true, plan = true, plans = true,
  intention = true }

-- the posts of people who speak for an organisation
local POST_TITLES = { chief = true, chairman = true, chairwoman = true, boss = true, president = true,
  head = true, director = true, spokesman = true, spokeswoman = true, founder = true, ceo = true }

-- the words after a list that make it the maker of a merger ("X and Y
-- announced a merger"), not its advisers or regulators
local MERGER_MAKERS = { announced = true, announce = true, agreed = true, agree = true, unveiled = true,
  completed = true, confirmed = true, plan = true, planned = true, sealed = true, finalised = true,
  finalized = true, will = true, are = true, have = true, had = true }

-- words that open a speaker's post without naming an organisation
local SPEAKER_WORDS = { Former = true, Club = true, Team = true, Company = true, Firm = true,
  Acting = true, Interim = true, Deputy = true, Joint = true, Vice = true, Executive = true,
  Our = true, Its = true, Their = true, His = true, Her = true }

-- The organisation a quote's "we" is: its speaker's ("Forest chief
-- executive Mark Arthur said: "We've received an £8m bid"", "... ," said
-- Jane Doe, chief executive of Lumen Labs", "Lumen's founder"), or nil.
local function speaker_org(s, names)
  local low = s:lower()
  if not (low:find("%f[%a]said%f[%A]") or low:find("%f[%a]says%f[%A]") or low:find("%f[%a]told%f[%A]")) then
    return nil
  end
  for _, nm in ipairs(names) do
    -- "Forest chief executive Mark Arthur", "Lumen Labs's founder"
    local w = low:match("^['\226\128\153s]*%s+(%a+)", nm.stop + 1)
    if w and POST_TITLES[w] and not orgs.is_public(nm.name) and (orgs.is_org(nm) or nm.name:find(" ")) then
      return nm
    end
    -- "chief executive of Lumen Labs"
    local before = low:sub(math.max(1, nm.start - 30), nm.start - 1)
    local post = before:match("(%a+)%s+of%s+$") or before:match("(%a+)%s+of%s+the%s+$")
    if post and (POST_TITLES[post] or post == "executive" or post == "officer") and not orgs.is_public(nm.name) then
      return nm
    end
  end
  -- a sentence that opens with the organisation's word before a post
  -- ("Forest chief executive Mark Arthur said"): no name alone
  local first, post = s:match("^%W*(%u[%w&]+)%s+(%a+)")
  if first and POST_TITLES[post:lower()] and not orgs.NOT_NAMES[first] and not SPEAKER_WORDS[first] then
    return { name = first }
  end
  return nil
end

local NO_AMOUNTS = {}

-- words written with a full stop after a name, besides the corporate
-- ones of orgs.SUFFIX ("Warner Bros. for $2bn")
local ABBREVIATED = { Bros = true, Cos = true, Mfg = true, Assn = true }

-- names in a list that ends with 'last': "Shell, BP and Total will
-- spend" (a list has its "and" before its last name; "X, Y will" is no
-- list: Y may be X's appositive)
local function list_before(s, last, names)
  local out, k = {}, nil
  for i, nm in ipairs(names) do
    if nm == last then k = i end
  end
  local joined = false
  while k and k > 1 do
    local prev = names[k - 1]
    local gap = s:sub(prev.stop + 1, names[k].start - 1)
    local is_and = gap:match("^%s*,?%s+and%s+$") or gap:match("^%s*&%s*$")
    if not joined and not is_and then break end
    if joined and not (gap:match("^%s*,%s*$") or is_and) then break end
    joined = true
    out[#out + 1] = prev
    k = k - 1
  end
  return out
end

-- Cues after an amount: "led by X", "from X", "by X", "for X", "in X",
-- "with X". The pattern is matched on the lower-case text right after the
-- amount (conversions in brackets skipped); a position capture marks
-- where the name starts.
local AFTER = {
  { "^[^;]-%f[%a]co%-led by%s+()", "lead", list = true },
  { "^[^;]-%f[%a]led by%s+()", "lead", list = true },
  { "^[^;]-%f[%a]with participation from%s+()", "backer", list = true },
  { "^[^;]-%f[%a]backed by%s+()", "backer", list = true },
  -- "a $75m term loan provided by X", "lenders arranged by X"
  { "^[^;]-%f[%a]provided by%s+()", "backer", list = true, near = 60 },
  { "^[^;]-%f[%a]arranged by%s+()", "backer", list = true, near = 60 },
  { "^%s*[%a%-]*%s*offers? from%s+()", "by" }, { "^%s*[%a%-]*%s*bids? from%s+()", "by" },
  { "^%s*[%a%-]*%s*approach from%s+()", "by" },
  { "^[%w%s%-]-%f[%a]from%s+()", "backer", list = true, near = 40 },
  { "^%s*[%a%-]*%s*by%s+()", "by" },
  { "^[%w%s%-]-%f[%a]for%s+()", "bought", list = true, near = 40 },
  { "^[%w%s%-]-%f[%a]in%s+()", "recipient", near = 40 },
  { "^[%w%s%-%$%.]-%f[%a]into%s+()", "recipient", near = 40 },
  { "^[%w%s%-]-%f[%a]loan%s+[%a%s]-%f[%a]with%s+()", "backer", near = 45 },  -- the lender
  { "^[%w%s%-]-%f[%a]with%s+()", "partner", list = true, near = 45 },
  { "^%s+valuation on%s+()", "valued" },
  -- "the $26bn merger of Sprint and Nextel"
  { "^%s*[%a%-]*%s*merger of%s+()", "partner", list = true },
  { "^[%w%s%-]-%f[%a]to supply [%w%s%-]-%f[%a]to%s+()", "customer" },
  { "^[%w%s%-]-%f[%a]to provide [%w%s%-]-%f[%a]to%s+()", "customer" },
}

-- what a buyer pays ("a fee from X": X is the customer)
local PAID = { fee = true, fees = true, order = true, orders = true, payment = true, payments = true,
  royalty = true, royalties = true }

-- words before a "from X" that names no giver or supplier: a source, a
-- rival, a change, a move ("models emerging from DeepSeek", "the analysis
-- from Windows Central", "competition from Airbus", "away from Nokia")
local NOT_FROM = {}
for w in ([[emerging emerge emerges coming come comes came analysis report data figure
  comment research estimate information news quote statement word letter email memo
  competition competitor rival pressure threat challenge away apart aside far different
  separate free exit departure move switch shift spin-off spun demerged resign resigned
  quit rose risen fell fallen rise fall increase decrease jump drop up down range ranging
  learned learnt heard]]):gmatch("%S+") do
  NOT_FROM[w] = true
end

-- Cues anywhere in the clause, around the noun of the deal: "bid for X",
-- "takeover of X", "buyout by X", "stake in X", "flotation by X"
local CLAUSE = {
  { "%f[%a]bids? for%s+()", "target" }, { "%f[%a]offer for%s+()", "target" },
  -- "a tender offer of 70 dlrs per share for the 45 pct of X"
  { "%f[%a]offer of [^,;]-%f[%a]for%s+()", "target" },
  { "%f[%a]approach for%s+()", "target" }, { "%f[%a]proposal for%s+()", "target" },
  { "%f[%a]takeover of%s+()", "target" }, { "%f[%a]acquisition of%s+()", "target" },
  { "%f[%a]buyout of%s+()", "target" }, { "%f[%a]purchase of%s+()", "target" },
  { "%f[%a]sale of%s+()", "target" }, { "%f[%a]merger with%s+()", "target" },
  { "%f[%a]signing of%s+()", "target" },
  -- "a takeover battle for MCI", "the race for Yukos"
  { "%f[%a]battle for%s+()", "target" }, { "%f[%a]race for%s+()", "target" },
  { "%f[%a]war for%s+()", "target" }, { "%f[%a]fight for%s+()", "target" },
  { "%f[%a]buyout by%s+()", "by" }, { "%f[%a]takeover by%s+()", "by" }, { "%f[%a]acquisition by%s+()", "by" },
  { "%f[%a]bid by%s+()", "by" }, { "%f[%a]offer from%s+()", "by" },
  { "%f[%a]proposal from%s+()", "by" }, { "%f[%a]bid from%s+()", "by" },
  { "%f[%a]approach from%s+()", "by" },
  -- "the acquisition of Figma by Adobe"
  { "%f[%a]acquisition of [%w%s&%.%-]-%f[%a]by%s+()", "by" },
  { "%f[%a]purchase of [%w%s&%.%-]-%f[%a]by%s+()", "by" },
  { "%f[%a]stake in%s+()", "target" },
  -- "agreed to buy 33% of Changyu" (not "60% of Yukos' output")
  { "%f[%a]buy%a*%s+[%d%.]+%% of%s+()", "target" }, { "%f[%a]bought%s+[%d%.]+%% of%s+()", "target" },
  { "%f[%a]acquir%a*%s+[%d%.]+%% of%s+()", "target" }, { "%f[%a]sell%a*%s+[%d%.]+%% of%s+()", "target" },
  { "%f[%a]sold%s+[%d%.]+%% of%s+()", "target" },
  -- "has taken control of X, completing a $14bn acquisition"
  { "%f[%a]taken control of%s+()", "target" }, { "%f[%a]took control of%s+()", "target" },
  { "%f[%a]take control of%s+()", "target" }, { "%f[%a]gained control of%s+()", "target" },
  { "%f[%a]won control of%s+()", "target" },
  { "%f[%a]flotation by%s+()", "raiser" }, { "%f[%a]flotation of%s+()", "raiser" },
  { "%f[%a]listing of%s+()", "raiser" }, { "%f[%a]ipo of%s+()", "raiser" },
  { "%f[%a]loan to%s+()", "raiser" }, { "%f[%a]bail%-?out of%s+()", "raiser" },
  { "%f[%a]from%s+()", "backer", after_noun = true },
  { "%f[%a]sale of [^,;]-%f[%a]to%s+()", "buyer" }, { "%f[%a]sold [^,;]-%f[%a]to%s+()", "buyer" },
  { "%f[%a]sells? [^,;]-%f[%a]to%s+()", "buyer" }, { "%f[%a]selling [^,;]-%f[%a]to%s+()", "buyer" },
  -- "to sell its Italian arm, Vodafone Italia, to Swisscom": past what is
  -- sold and its name
  -- sold ("sell", "sells", "selling", "sold"), its name, its owner
  { "%f[%a]s[eo]l[ld]%a* [^,;]-,%s*%u[^,;]-,%s*to%s+()", "buyer", cased = true },
  { "%f[%a]s[eo]l[ld]%a* its [^,;]-,%s*()%u[^,;]-,%s*to%s", "target", cased = true },
  { "%f[%a]s[eo]l[ld]%a* ()its [^,;]-,%s*%u[^,;]-,%s*to%s", "target", cased = true },
  -- "Turkey's $18.6bn loan agreement with the IMF": the lender
  { "%f[%a]loan%s+agreement%s+with%s+()", "backer" }, { "%f[%a]loan%s+deal%s+with%s+()", "backer" },
  { "%f[%a]loan%s+facility%s+with%s+()", "backer" }, { "%f[%a]loan%s+from%s+()", "backer" },
  { "%f[%a]deal with%s+()", "partner" }, { "%f[%a]agreement with%s+()", "partner" },
  { "%f[%a]contract with%s+()", "partner" }, { "%f[%a]partnership with%s+()", "partner" },
}

-- The longest run of plain text a pattern's every match holds ("led by"
-- of "^[^;]-%f[%a]co%-led by%s+()"): a plain search for it first skips
-- the pattern where it cannot match.
local function literal_of(pattern)
  local best, run, i = "", "", 1
  local function close()
    run = run:match("^%s*(.-)%s*$")
    if #run > #best then best = run end
    run = ""
  end
  while i <= #pattern do
    local ch, q = pattern:sub(i, i), pattern:sub(i + 1, i + 1)
    if ch:match("[%a ']") and not q:match("[%?%*%-]") then
      run = run .. ch                      -- a plain character, there once or more
      if q == "+" then close() end
      i = i + (q == "+" and 2 or 1)
    else
      close()                              -- anything else ends the run
      if ch == "%" and q == "f" then       -- a frontier
        i = pattern:find("]", i + 4, true) + 1
      else
        if ch == "%" then                  -- an escape
          i = i + 2
        elseif ch == "[" then              -- a class
          i = pattern:find("]", i + 2, true) + 1
        else                               -- an anchor, a capture, an optional character
          i = i + 1
        end
        if pattern:sub(i, i):match("[%?%*%-%+]") then i = i + 1 end
      end
    end
  end
  close()
  return best
end
for _, list in ipairs { AFTER, CLAUSE } do
  for _, c in ipairs(list) do c.literal = literal_of(c[1]) end
end

-- nouns after "X's $N" / "its $N": the part the owner takes
local OWNER_NOUNS = {
  { "invest", "investor" }, { "stake", "investor" },
  { "bid", "buyer" }, { "offer", "buyer" }, { "takeover", "buyer" }, { "approach", "buyer" },
  { "acquisition", "buyer" }, { "purchase", "buyer" }, { "buyout", "buyer" },
  { "valuation", "valued" }, { "market", "valued" }, { "worth", "valued" },
  { "round", "raiser" }, { "funding", "raiser" }, { "ipo", "raiser" }, { "flotation", "raiser" },
  { "rais", "raiser" }, { "bail", "raiser" }, { "rescue", "raiser" }, { "loan", "raiser" },
  { "project", "spender" }, { "plan", "spender" }, { "spending", "spender" },
  { "programme", "spender" }, { "factory", "spender" }, { "plant", "spender" },
  { "deal", "signer" }, { "contract", "signer" }, { "agreement", "signer" },
}
local function owner_part(gap)
  for _, o in ipairs(OWNER_NOUNS) do
    if gap:find("^%s*[%w%s%-]-%f[%a]" .. o[1]) then return o[2] end
  end
  return nil
end

-- noun phrases that stand for an organisation named before: "the
-- Premiership club", "South Korea's largest credit card firm"
local ORG_NOUNS = orgs.ORG_NOUNS

local PREPOSITIONS = { by = true, from = true, with = true, of = true, ["for"] = true, to = true,
  into = true, at = true, on = true, over = true, against = true }

-- does the noun phrase at 'p' of 'low' stand for an organisation? ("the
-- Italian carmaker", "its parent company"); is it a part of one ("the
-- US unit")? and where its noun starts
local PART_NOUNS = { unit = true, division = true, subsidiary = true, business = true, arm = true }
local function org_phrase_at(low, p)
  local at = low:match("^%s*the%s+()", p) or low:match("^%s*its%s+()", p)
  for _ = 1, 4 do
    local w, q = low:match("^([%w%-]+)()", at or #low + 1)
    if not w or low:find("^['\226]", q) then return false end   -- "the carmaker's"
    if ORG_NOUNS[w] then return true, PART_NOUNS[w] == true, at end
    if PREPOSITIONS[w] or w == "and" or w == "or" or w == "that" or w == "which" then return false end
    at = low:match("^ +()", q)
  end
  return false
end

-- does the subject ending at 'p' of 'low' stand for an organisation
-- named before? ("the company had raised", "South Korea's largest credit
-- card firm has averted")
local function org_phrase_before(low, p)
  -- "the group, which is worth": the noun the relative clause follows
  local t = tail(low, p, 40):gsub(",?%s*which%s*$", ""):gsub("[,%s]+$", "")
  local w = t:match("(%a+)%s*$")
  return w ~= nil and ORG_NOUNS[w] == true
end

-- does the clause from 'ca' to the verb at 'p' open with an offering of
-- shares ("The 865 million share offer ... raised", "Its flotation
-- raised")? Then the one raising is the organisation spoken of.
local OFFERINGS = {}
for w in ([[offer offering flotation float listing ipo issue placing placement]]):gmatch("%S+") do
  OFFERINGS[w] = true
end
local function offering_before(low, ca, p)
  local head = low:sub(ca, p - 1)
  if not (head:match("^%s*the%s") or head:match("^%s*its%s")) then return false end
  local k = 0
  for w in head:gmatch("[%a%-]+") do
    k = k + 1
    if k > 7 then break end
    if OFFERINGS[w] then return true end
  end
  return false
end

-- is the name 'nm' the object of a preposition ("led by SoftBank")?
local function after_preposition(low, nm)
  local w = tail(low, nm.start, 20):match("(%a+)%s+$")
  return w ~= nil and PREPOSITIONS[w] == true
end

-- the text after an amount, without the conversions in brackets that
-- follow it: "$6.75bn (£3.6bn) buyout" reads "$6.75bn buyout"
local function after_amount(s, stop)
  local rest = s:sub(stop + 1, stop + WINDOW)
  local skip = rest:match("^%s*%b()()")
  return skip and rest:sub(skip) or rest, skip and stop + skip - 1 or stop
end

-- objects of "buy" that make it an acquisition; anything else bought
-- (aircraft, fuel, gas) is a contract
local ACQ_OBJECTS = {}
for w in ([[stake stakes share shares unit units business businesses division company
  companies firm firms group operations assets rival rivals holding holdings majority
  control remaining rest whole all part parent subsidiary chain network brand brands
  club stake-holding interest]]):gmatch("%S+") do ACQ_OBJECTS[w] = true end

local GOODS_STOP = {}
for w in ([[to for in by at with from and or of on was were is are has have had
  will would said that which this worth valued]]):gmatch("%S+") do GOODS_STOP[w] = true end
local DETERMINERS = { the = true, its = true, their = true, his = true, her = true,
  a = true, an = true, some = true, all = true }

--- What "the sale of ..." at 'pos' of 's' sells: the last word of the
-- lower-case words there ("10 737-800 planes", "its gold bars"), after
-- counts, models and determiners; nil for a name ("the sale of Yugansk")
-- or nothing.
local function goods_of(s, pos)
  local goods
  for _ = 1, 5 do
    local word, nxt = s:match("^%s*([%w%-%.,]+)()", pos)
    if not word then break end
    word = word:gsub("[%.,]+$", "")
    local low = word:lower()
    if not word:find("%d") then
      if word:find("%u") and not goods then return nil end
      if GOODS_STOP[low] or word:find("%u") then break end
      if not DETERMINERS[low] then goods = low end
    end
    pos = nxt
  end
  return goods
end

--- The parts of the organisations around one amount: `{ { name, part } }`,
-- the kind the verb governing the amount gives (or nil), and whether that
-- verb says the kind strongly (a generic "agreed" does not).
-- the first name of the clause that starts at 'ca', when it opens the
-- clause (starts within 'within' bytes): its subject, as a rule
local function opening_name(names, ca, within)
  for _, nm in ipairs(names) do
    if nm.start >= ca then return nm.start - ca < within and nm or nil end
  end
  return nil
end

local function parties_of(s, low, names, amt, ca, cb, focus, amounts)
  local out, seen = {}, {}
  local function add(nm, part)
    -- (a project is what the money is for, not a party: "a three-year
    -- Linux program"; the money stays with who spends it)
    if nm and nm.project then out.project = true end
    if nm and not seen[nm.name] and not nm.project and not nm.rival then
      seen[nm.name] = true
      out[#out + 1] = { name = nm.name, part = part }
    end
  end
  local function add_name(name, part)
    if name and not seen[name] then
      seen[name] = true
      out[#out + 1] = { name = name, part = part }
    end
  end
  -- the name a cue at 'p' points at: a name, or a phrase standing for one
  local function slot(p, max)
    local org, part, head = org_phrase_at(low, p)
    -- "its demerged Deluxe Film unit": the name in the phrase
    -- (not "the Premiership club": a name the gazetteer does not know
    -- before a noun that is no part of a company may be a league's, a
    -- brand's)
    for _, nm in ipairs(names) do
      if org and nm.start > p and nm.start < head and not orgs.is_public(nm.name) and
          (part or orgs.is_org(nm) or nm.name:find(" ")) then
        org = false
      end
    end
    if org then
      local f = focus(p, true, seen, ca)
      -- "pay $339m for the US unit": the unit's owner sells
      if part then add_name(f, "seller") return nil end
      return f and { name = f } or nil
    end
    local nm, owner = orgs.name_after(s, p, names, max)
    -- "buy Alfa-Eco's stake in Sun Interbrew", "the bid for the firm's
    -- Yugansk unit": what is bought was the possessor's
    if owner and not orgs.is_public(owner.name) then add(owner, "seller") end
    return nm
  end
  local verb_kind, strong
  local rest, rest_at = after_amount(s, amt.stop)
  local rlow = rest:lower()
  -- the verb that governs the amount: the last cue verb in the 120 bytes
  -- before it, in the clause, with only its object and small words (no
  -- comma) between; "raised to $N" is a change, not a raise
  local from = math.max(ca, amt.start - 120)
  local left = low:sub(from, amt.start - 1)
  local best
  verbs_between(low, from, amt.start - 1, function(a, b, v)
    local fits = not v.after or
      (type(v.after) == "function" and v.after(rlow) or type(v.after) == "string" and rlow:find(v.after))
    -- ("accepted a $6.75bn buyout": the bid's noun after the amount)
    if fits and v.between then
      fits = v.between(left:sub(b + 1), s:sub(from + b, amt.start - 1), rlow) or
        ((left:sub(b + 1):match("^%s*an?%s*$") or v.part == "target" and
          (left:sub(b + 1):match("^%s*[%w%s&%.%-]+'s?%s*$") or
           left:sub(b + 1):match("^%s*[%w%s&%.%-]+\226\128\153s?%s*$"))) and
         BID_NOUNS[rlow:match("^%s*(%a+)") or ""] ~= nil)
    end
    -- (of two readings of one verb, the one that asks more of its words)
    if fits and not (best and best.a == a and best.v.between and not v.between) then
      best = { a = a, b = b, v = v }
    end
  end)
  if best then
    local va, vb = from + best.a - 1, from + best.b
    local between = s:sub(vb, amt.start - 1)
    local obj, obj_owner = orgs.name_after(s, vb, names)
    if obj and obj.stop >= amt.start then obj, obj_owner = nil, nil end
    -- "bought the Yugansk unit": the unit's name
    local q = not obj and between:match("^%s*the%s+()%u")
    for _, nm in ipairs(q and names or {}) do
      if nm.start == vb + q - 1 and PART_NOUNS[low:match("^%s+(%a+)", nm.stop + 1) or ""] then obj = nm end
    end
    -- "XTO Energy, which Exxon bought for $41bn": what is bought is the
    -- name the relative clause hangs on
    if not obj and best.v.part == "buyer" and between:match("^%s*for%s*$") then
      local rel = low:sub(1, va - 1):match(".*(),%s*which%s+[%w%s&%.%-']-$")
      local antecedent = rel and orgs.name_before(s, rel, names)
      if antecedent then add(antecedent, "target") end
    end
    local rest_v = obj and s:sub(obj.stop + 1, amt.start - 1) or between
    -- "buy Helix Bio Corp. for $1.2bn": an abbreviation's full stop
    local last_word = obj and obj.name:match("(%S+)$")
    if obj and (orgs.SUFFIX[last_word] or ABBREVIATED[last_word]) then rest_v = rest_v:gsub("^%.", "") end
    -- "to buy Windsurf, a coding assistant start-up, for $3bn"
    rest_v = rest_v:gsub("^,%s*[%l%d][^,;]*,", "")
    local lb = between:lower()
    -- "raised $40bn at a $300bn valuation": the verb governs the first
    for _, other in ipairs(amounts) do
      if other ~= amt and other.start > va and other.start < amt.start then lb = lb .. " and " end
    end
    local change = lb:match("^%s*to%s*$") or lb:match("^%s*by%s*$")
    local rl = rest_v:lower() .. (lb:find(" and $") and " and " or "")
    local crosses = rl:find("%f[%a]and%f[%A]") or rl:find("%f[%a]said%f[%A]") or
      rl:find("%f[%a]but%f[%A]") or rl:find("%f[%a]which%f[%A]") or rl:find("exchange for")
    if not rest_v:find("[,;:%.!?]") and #rest_v < 70 and not change and not crosses then
      local part, kind = best.v.part, best.v.kind
      -- "Forest have received an £8m bid from Tottenham for Andy Reid":
      -- a bid received is for the receiver, or for what it owns
      if part == "raiser" and RECEIVING[low:sub(va, vb - 1)] and
          (BID_NOUNS[rlow:match("^%s*(%a+)") or ""] or has_word(between:lower(), BID_NOUNS)) then
        part, kind = "target", "acquisition"
      end
      -- "Blackburn accepted a £5m offer for Ferguson from Everton": what
      -- is bid for is another's, the subject sells it
      -- ("have received an £8m bid from Tottenham for Andy Reid")
      if part == "target" and (rlow:match("^%s*[%a%-]*%s*for%s") or
          rlow:match("^%s*[%a%-]*%s*bids?%s+from%s+[^,;]-%f[%a]for%s") or
          rlow:match("^%s*[%a%-]*%s*offers?%s+from%s+[^,;]-%f[%a]for%s")) then
        part = "seller"
      end
      -- "it raised its offer for GenCorp to 2.4 billion dlrs": a bidder
      -- changing its bid
      if part == "raiser" and between:lower():match("%f[%a]to%s*$") and has_word(between:lower(), BID_NOUNS) then
        part, kind = "buyer", "acquisition"
      end
      -- "will receive an initial fee of £6.5m", "has received a $3.25bn
      -- takeover offer": the noun between verb and amount says the kind
      -- ("is to receive a payment from Chelsea of £24.5m": money owed,
      -- no deal)
      for k, term in (part == "raiser" and kinds():matches(between) or function() end) do
        if OWED[term] then kind = "financial" break end
        if not WEAK[term] and k ~= "financial" and k ~= "valuation" then
          if k ~= kind then kind = k end
          break
        end
      end
      -- "MCI agreed to a buyout by Verizon", "Aggregate Industries said it
      -- had agreed a £1.8bn takeover by Holcim": the subject is the target
      if part == "signer" and between:lower():match("^%s*to an? [%a%s]*") then
        for w in between:lower():gmatch("%a+") do
          if TAKEN_OVER[w] then part = "target" end
        end
      end
      if part == "signer" and between:match("^%s*an?%s*$") and TAKEN_OVER[rlow:match("^%s*(%a+)%s+by%s") or ""] then
        part = "target"
      end
      -- "buy 10 A320 aircraft from Airbus", "buy $300bn of computing
      -- capacity": goods, a contract
      if part == "buyer" and kind == "acquisition" and not obj and between:match("^%s*$") then
        local noun = rlow:match("^%s*of%s+([%a%-]+)")
        if noun == "the" or noun == "its" then noun = rlow:match("^%s*of%s+%a+%s+([%a%-]+)") end
        if noun and not ACQ_OBJECTS[noun] then kind = "contract" end
      elseif part == "buyer" and kind == "acquisition" and not obj and
          not between:lower():match("^%s*by%s") and not has_word(between:lower(), BID_NOUNS) then
        local small = { a = 1, an = 1, the = 1, its = 1, their = 1, more = 1, up = 1, of = 1,
          another = 1, further = 1, new = 1, extra = 1, additional = 1, per = 1, cent = 1 }
        -- ("to acquire it for 31 dlrs a share": the company spoken of)
        if between:lower():match("^%s*it%s") then small = nil end
        -- "bought the Yugansk unit": a name is no goods, the noun after it says
        for word in small and between:gmatch("%a[%a%-]*") or function() end do
          local noun = word:lower()
          if not small[noun] and not word:match("^%u%l") then
            if not ACQ_OBJECTS[noun] and noun ~= "for" and noun ~= "in" then kind = "contract" end
            break
          end
        end
      end
      -- "Granite Dynamics was awarded a $450m contract by the Pentagon":
      -- the subject of a passive award supplies, the one by whom buys
      -- (a past participle: not "is awarding"; "was ordered to pay" is a
      -- court's order, no deal)
      local passive = passive_before(low, va) and low:sub(va, vb - 1):match("ed$")
      if part == "customer" and passive and low:match("^%s+to%s", vb) then
        part, kind = nil, "financial"
      elseif part == "customer" and passive then
        part, out.awarded = "supplier", true
      end
      local p = before_aux(low, va)
      local subj = orgs.name_before(s, p, names)
      -- "Krivorizhstal was sold for $800m", "the unit was bought by X":
      -- the subject of a passive is what changes hands
      local verb = low:sub(va, vb - 1)
      -- ("had been seized and sold": a passive too)
      -- ("a 9.8 pct stake in Quillon, bought for 58 mln dlrs": a participle
      -- after a comma is a passive too)
      local reduced = tail(low, va, 3):match(",%s*$") and PARTICIPLES[verb]
      if reduced and (part == "seller" or part == "buyer") then
        -- the holder of the stake bought ("Larkspur Partners already holds
        -- a 9.8 pct stake in Quillon, bought for ..."): the clause's subject
        local holder = part == "buyer" and opening_name(names, ca, 12)
        if holder and low:sub(holder.stop + 1, va - 1):match("^%s+[^,;]-%f[%a]stake%f[%A]") then
          add(holder, "buyer")
        end
        part = "target"
      elseif PARTICIPLES[verb] and (passive_before(low, va) or tail(low, va, 12):match("%f[%a]being%s+$") or
          tail(low, va, 28):match("%f[%a]been%s+%a+%s+and%s+$")) then
        part = "target"
        -- "AT&T being bought by SBC for $16bn"
        local by = between:lower():match("^%s*by%s+()")
        if by then add(orgs.name_after(s, vb + by - 1, names, 3), "by") end
      end
      -- "a round led by SoftBank raising $40bn": an object, not a subject
      -- "a round led by SoftBank raising $40bn", "funding they secured
      -- from SoftBank, raising $40bn": a name after a preposition is no
      -- subject; a participle's subject is the clause's
      local led = subj and tail(low, subj.start, 12):match("led by%s+$") and
        not low:sub(va, vb - 1):match("ing$")
      if subj and after_preposition(low, subj) and not led then
        subj = nil
        if low:sub(va, vb - 1):match("ing$") then
          local f = focus(va, true, seen, ca)
          if f then subj = { name = f } end
        end
      end
      local joined = not subj and (tail(low, p, 8):match("%f[%a]and%s*$") or tail(low, p, 8):match("%f[%a]but%s*$"))
      if joined then
        -- "X holds a stake in Y and came close to buying": the subject of
        -- the clause, when the clause opens with a name
        subj = opening_name(names, ca, 12)
      end
      -- "It considered floating Ferrari in 2002 but opted to sell a stake
      -- to Mediobanca": the clause's "it"
      local opening_it = joined and not subj and low:sub(ca, ca + 3):match("^%s*it%s")
      if opening_it then add_name(focus(ca + 3, false, seen, ca), part) end
      -- "X agreed a $N contract to supply Y": X supplies
      if part == "signer" and (rlow:match("^[%w%s%-]-%f[%a]to supply") or
          rlow:match("^[%w%s%-]-%f[%a]to provide") or rlow:match("^[%w%s%-]-%f[%a]to export")) then
        part = "supplier"
      end
      -- "India has signed a $40bn deal to import gas from Iran": India buys
      if part == "signer" and (rlow:match("^[%w%s%-]-%f[%a]to import") or rlow:match("^[%w%s%-]-%f[%a]to buy")) then
        part = "customer"
      end
      -- "Qwest said on Wednesday that MCI had rejected a deal worth
      -- $8bn": the one reporting the rejected bid made it
      if part == "target" and subj then
        local w0 = math.max(ca, subj.start - 50)
        local said = low:sub(w0, subj.start - 1):match("()%f[%a]said%s[%a%s]-%f[%a]that%s+$")
        local speaker = said and orgs.name_before(s, w0 + said - 1, names)
        if speaker and not orgs.is_public(speaker.name) and
            (orgs.is_org(speaker) or not speaker.name:find(" ")) then
          add(speaker, "buyer")
        end
      end
      -- "Irishmen JP McManus and John Magnier, who own a 29% stake in
      -- Manchester United, will reject any offer": people (", who") are
      -- no company bid for
      if part == "target" and subj and low:match("^%s*,%s*who%f[%A]", subj.stop + 1) then subj = nil end
      if subj then
        add(subj, part)
        for _, x in ipairs(list_before(s, subj, names)) do add(x, part) end
      elseif AGREEMENT_TO[tail(low, va, 40):match("(%a+)%s+to%s+b?e?%s*$") or ""] then
        -- "Helix Bio (NASDAQ: HLXB) today announced a definitive agreement
        -- to acquire Tern Devices": the agreement's maker, the clause's
        -- opening name (or the "it" that stands for it)
        local op = opening_name(names, ca, 16)
        if op and op.stop < p then add(op, part)
        elseif low:sub(ca, p):find("%f[%a]it%f[%A]") then add_name(focus(p, false, seen, ca), part) end
      elseif org_phrase_before(low, p) or (part == "raiser" and offering_before(low, ca, p)) then
        add_name(focus(p, true, seen, ca), part)
      elseif orgs.backref_before(s, p) then add_name(focus(p, false, seen, ca), part)
      elseif tail(low, p, 8):match("%f[%a]we%s*$") or tail(low, p, 10):match("%f[%a]we['\226\128\153]+%a+%s*$") then
        -- a quote's "we": its speaker's organisation
        local nm = speaker_org(s, names)
        if nm then add(nm, part) end
      elseif tail(low, p, 8):match("%f[%a]they%s*$") or low:match("^they%s", p) then
        -- "Nottingham Forest have confirmed they have received an £8m
        -- bid": the sentence's subject, when it opens the sentence
        -- ("X have confirmed they", "X said that they": not "Google said
        -- analysts believe they")
        local first = names[1]
        local list = first and list_after(s, first, names) or {}
        local they = first and low:find("%f[%a]they%f[%A]", list[#list].stop + 1)
        local link = {}
        for w in (they and low:sub(list[#list].stop + 1, they - 1) or "?"):gmatch("%S+") do link[#link + 1] = w end
        if link[#link] == "that" then link[#link] = nil end
        local speaks = #link >= 1 and #link <= 2 and REPORTING[link[#link]] and (#link == 1 or AUX[link[1]])
        if first and first.start <= 5 and not orgs.is_public(first.name) and speaks then
          for _, x in ipairs(list) do add(x, part) end
        end
      end
      if obj and best.v.object then add(obj, best.v.object) end
      -- "an offer from X to acquire it for $N": "it" is what is bought
      if not obj and best.v.object == "target" and between:lower():match("^%s*it%s") then
        add_name(focus(vb, true, seen, ca), "target")
      end
      -- "merge with Pylon Systems"
      local with = best.v.part == "partner" and low:match("^%s+with%s+()", vb)
      local partner = with and orgs.name_after(s, with, names, 3)
      if partner and partner.start and partner.stop < amt.start then
        for _, x in ipairs(list_after(s, partner, names)) do add(x, "partner") end
      end
      -- "will lend 350m euros to Northvolt": the borrower right after
      local to = LENDING[low:sub(va, vb - 1)] and rlow:match("^%s*to%s+()")
      if to then add(orgs.name_after(s, rest_at + to, names, 2), "recipient") end
      if obj_owner and best.v.object == "target" and not orgs.is_public(obj_owner.name) then
        add(obj_owner, "seller")
      end
      verb_kind, strong = kind, kind ~= nil
    end
  end
  -- "bought Helix Bio for $1.2bn and Tern Devices for $300m": the name
  -- right before "for" is what the second amount buys
  local for_at = tail(low, amt.start, 6):match("()%f[%a]for%s+$")
  -- (after another amount bought the same way: "X for $N and Y for $M")
  local earlier = false
  for _, other in ipairs(for_at and amounts or NO_AMOUNTS) do
    if other ~= amt and other.stop < amt.start and other.start > ca and
        low:sub(other.stop + 1, amt.start - 1):match("^%s+and%s+[^,;]-for%s+$") then
      earlier = true
    end
  end
  local buying = false
  if earlier then
    verbs_between(low, ca, amt.start - 1, function(_, _, v)
      if v.kind == "acquisition" and v.part == "buyer" and not v.between then buying = true end
    end)
  end
  if for_at and buying and earlier then
    local nm = orgs.name_before(s, amt.start - 6 + for_at - 1, names)
    if nm and not orgs.is_public(nm.name) then
      add(nm, "bought")
      for _, x in ipairs(list_before(s, nm, names)) do add(x, "bought") end
    end
  end
  -- "Mr Glazer's offer values the club at £800m": a person bids too
  do
    local who, noun = s:sub(math.max(ca, amt.start - 80), amt.start - 1)
      :match("%f[%a]M[rs]s?%.?%s+(%u%a+)['\226\128\153]+s%s+(%a+)")
    if who and BID_NOUNS[(noun or ""):lower()] then add_name(who, "buyer") end
  end
  -- "X's $N round", "its $40bn funding", "OpenAI's market valuation to
  -- $300bn": a possessive owner, and the noun after it says its part
  local owner = orgs.name_before(s, amt.start, names)
  local its = low:sub(math.max(ca, amt.start - 30), amt.start - 1):match("()%f[%a]its%s+[%l%s%-]*$")
  -- "Deutsche Boerse - whose market capitalisation is $N": the name
  -- before "whose", and the noun after it says its part
  local w60 = math.max(ca, amt.start - 60)
  local whose = low:sub(w60, amt.start - 1):match("()%f[%a]whose%s+[%l%s%-]*$")
  local whose_nm
  if whose then
    local before = s:sub(1, w60 + whose - 2):gsub("[%s,%-\226\128\147\148]+$", "")
    for _, nm in ipairs(names) do
      if nm.stop == #before then whose_nm = nm end
    end
  end
  local whose_part = whose_nm and owner_part(low:sub(w60 + whose + 5, amt.start - 1))
  if whose_part then
    add(whose_nm, whose_part)
  elseif owner and owner.poss then
    add(owner, owner_part(rlow) or "owner")
  elseif its and owner_part(rlow) then
    add_name(focus(math.max(ca, amt.start - 30) + its - 1, false, seen, ca), owner_part(rlow))
  else
    for _, nm in ipairs(names) do
      local last = true
      for _, other in ipairs(names) do
        if other.start > nm.stop and other.start < amt.start then last = false end
      end
      local window = low:sub(nm.stop + 1, nm.stop + 20):find("valu") and 90 or 45
      if last and nm.poss and nm.stop < amt.start and amt.start - nm.stop < window and nm.start >= ca then
        local gap = low:sub(nm.stop + 1, amt.start - 1):gsub("^'s", ""):gsub("^\226\128\153s", "")
        if not gap:find("[,;%(%)]") then
          -- ("Turkey's current $18.6bn loan": the noun after the amount,
          -- when only words that describe stand between)
          local describing = gap:match("^[%l%s%-]*$") ~= nil
          local nw = 0
          for w in gap:gmatch("%a+") do
            nw = nw + 1
            if nw > 2 or FINITE[w] or AUX[w] or VERB_WORDS[w] then describing = false end
          end
          local part = owner_part(gap) or (describing and owner_part(rlow:sub(1, 30)))
          if part then add(nm, part) end
        end
      end
    end
  end
  -- "BHP, whose £38.6bn approach for Anglo American was rebuffed": the
  -- name before "whose" owns what the amount is of
  do
    local t = tail(low, amt.start, 16)
    local at = t:match("(),%s*whose%s+$")
    local nm = at and orgs.name_before(s, amt.start - #t + at - 1, names)
    local part = nm and owner_part(rlow:sub(1, 30))
    if part then add(nm, part) end
  end
  -- "valuing X at $N" ("a bid valuing the club at £800m" is the bid's
  -- target), "X, valued at $N", "X is worth $N", "X has a market value
  -- of $N", "the group, which is worth $N"
  local l60 = low:sub(math.max(ca, amt.start - 60), amt.start - 1)
  local base = amt.start - #l60 - 1
  local at, verb = l60:match("()%f[%a](valu%a+)%s+[^,;]-%s+at%s+[%l%s]*$")
  if at and not (verb == "valuing" or verb == "values" or verb == "valued" or verb == "value") then
    at = nil
  end
  if at then
    local head = low:sub(ca, base + at - 1)
    -- ("agreed to buy X for $55 a share, valuing the steelmaker at
    -- $14bn": a participle goes with the clause before)
    local whole = verb == "valuing" and low:sub(1, base + at - 1) or ""
    local bid = head:find("%f[%a]bids?%f[%A]") or head:find("%f[%a]offer%f[%A]") or
      head:find("%f[%a]takeover%f[%A]") or head:find("%f[%a]proposal%f[%A]") or head:find("%f[%a]approach%f[%A]") or
      whole:find("%f[%a]buy%f[%A]") or whole:find("%f[%a]acquire%f[%A]") or whole:find("%f[%a]tender%f[%A]") or
      whole:find("%f[%a]bids?%f[%A]") or whole:find("%f[%a]offer%f[%A]") or whole:find("%f[%a]takeover%f[%A]") or
      whole:find("%f[%a]pay%a*%s[^;]-%f[%a]for%s")
    -- "the transaction values Pioneer at", "terms that value the bank at":
    -- a deal's value
    local noun = head:match("(%a+)%s+$") or head:match("(%a+)%s+that%s+$") or head:match("(%a+)%s+which%s+$")
    if noun and TAKEOVER_NOUNS[noun] then bid = true end
    -- (the one bought is the object of the buying, the buyer its subject)
    local va, q = whole:match(".*()%f[%a]buy%s+()")
    if not va then va, q = whole:match(".*()%f[%a]acquire%s+()") end
    if not va then va, q = whole:match(".*()%f[%a]pay%a*%s[^;]-%f[%a]for%s+()") end
    local object = q and orgs.name_after(s, q, names, 3)
    -- ("won the auction for supermarket group Wm Morrison with an offer
    -- that values the grocer at £7bn": what the bid is for)
    local f = not object and bid and low:match("^%s*the%s", base + at + #verb) and
      low:sub(1, base + at - 1):match(".*%f[%a]for%s+()")
    if f then object = orgs.name_after(s, f, names, 3) end
    if object then
      add(object, "target")
      if va then add(orgs.name_before(s, before_aux(low, va), names), "buyer") end
    else
      add(slot(base + at + #verb), bid and "target" or "valued")
    end
    verb_kind, strong = bid and "acquisition" or "valuation", true
  else
    local cue
    for _, c in ipairs{ "()valued at%s+[%l%s]*$", "()is worth%s+[%l%s]*$",
        "()was worth%s+[%l%s]*$", "()has an? [%a ]*market value of%s+[%l%s]*$",
        "()has an? [%a ]*capitali[sz]ation of%s+[%l%s]*$" } do
      cue = l60:match(c)
      if cue then break end
    end
    -- "in a deal valued at $6.75bn": the deal's value, not a valuation
    local noun = cue and l60:sub(1, cue - 1):match("(%a+)[%s,]*$")
    if noun and DEAL_NOUNS[noun] then cue = nil end
    if cue and l60:sub(cue):find("^%a+ worth") and deal_noun_in(l60:sub(1, cue - 1)) then cue = nil end
    -- "The acquisition of Figma by Adobe, valued at $20bn": a clause whose
    -- subject is a deal gives the deal's value
    local subject = low:sub(ca, amt.start - 1):match("^%W*the%s+([%a%-]+)") or
      low:sub(ca, amt.start - 1):match("^%W*an?%s+([%a%-]+)")
    if cue and subject and DEAL_NOUNS[subject] then cue = nil end
    local p = cue and before_aux(low, base + cue)
    local subj = cue and orgs.name_before(s, p, names)
    -- "a takeover proposal from Juniper Group valued at $N": the
    -- proposal's value, not Juniper's
    if subj and not s:sub(subj.stop + 1, p - 1):find(",") and after_preposition(low, subj) then
      cue = nil
    end
    if cue then
      if subj then add(subj, "valued")
      elseif org_phrase_before(low, p) then add_name(focus(p, true, seen, ca), "valued")
      elseif orgs.backref_before(s, p) then add_name(focus(p, false, seen, ca), "valued") end
      if #out > 0 and (not verb_kind or verb_kind == "funding") then verb_kind, strong = "valuation", true end
    end
  end
  -- "investments from NVIDIA ($100 billion) and AMD (worth tens of
  -- billions)": a name just before the bracketed amount
  local win = tail(s, amt.start, 30)
  local open = win:match("()%(%s*[%l%s]*$")
  if open then
    open = amt.start - #win + open - 1
    local nm = orgs.name_before(s, #tail(s, open, 60):gsub("%s+$", "") + math.max(1, open - 60), names)
    if nm then
      local head = tail(low, nm.start, 80)
      add(nm, (head:match("from[%s%w]*$") or head:match("from[%w%s%(%)%$%.,]*and%s*$")) and "backer" or "owner")
    end
  end
  -- "the $40bn round OpenAI announced", "most of the $40bn OpenAI raised":
  -- a name right after the amount (and its noun) with its verb
  do
    local q = rlow:match("^%s+[%a%-]+%s+()%a")
    for _, p in ipairs{ rlow:match("^%s+()"), q } do
      local nm = p and orgs.name_after(s, rest_at + p, names, 0)
      if nm then
        local next_verb = low:match("^%s+(%a+)", nm.stop + 1)
        local part
        for _, v in ipairs(VERBS) do
          if v.v == next_verb and v.kind then part = v.part end
        end
        if next_verb == "announced" or next_verb == "unveiled" or next_verb == "made" or next_verb == "struck" or
            next_verb == "agreed" or next_verb == "signed" or next_verb == "completed" or next_verb == "finalised" then
          part = part or "owner"
        end
        -- "News Corp makes $5.4bn Fox offer": a bid's noun, what is bid for
        if BID_NOUNS[next_verb] then part = "target" end
        if part then add(nm, part) break end
      end
    end
  end
  -- transfers: "He was signed for £4.6m from AC Milan" (a club sells),
  -- "Real Madrid are closing in on a £2m deal for Everton's Thomas
  -- Gravesen" (the club named first buys what the other owns)
  local t24 = tail(low, amt.start, 24)
  if t24:match("%f[%a]w[ae][sr]e?%s+signed%s+for%s*$") or t24:match("%f[%a]been%s+signed%s+for%s*$") then
    verb_kind, strong = "acquisition", true
  end
  do
    local after = rlow:match("^%s*deal for%s+()")
    local nm, holder
    if after then nm, holder = orgs.name_after(s, rest_at + after, names, 1) end
    if nm and holder then
      add(holder, "seller")
      add(nm, "target")
      local first = opening_name(names, ca, 12)
      if first and first ~= holder and first ~= nm then add(first, "buyer") end
      verb_kind, strong = "acquisition", true
    end
  end
  -- "GM had to pay former partner Fiat 1.55bn euros": the one paid
  do
    local payee = orgs.name_before(s, amt.start, names)
    local pre = payee and tail(low, payee.start, 40)
    if pre and (pre:match("%f[%a]pay%s+[%l%s]*$") or pre:match("%f[%a]pays%s+[%l%s]*$") or
        pre:match("%f[%a]paid%s+[%l%s]*$") or pre:match("%f[%a]paying%s+[%l%s]*$")) then
      add(payee, "partner")
      -- paid, not for something bought: a payment under an agreement
      if not rlow:match("^%s*for%s") then verb_kind, strong = "contract", true end
    end
  end
  -- cues after the amount; "a takeover offer worth $N from X": X bids
  local t40 = tail(low, amt.start, 40)
  local bid = t40:find("%f[%a]offer%f[%A]") or t40:find("%f[%a]bid%f[%A]") or
    t40:find("%f[%a]takeover%f[%A]") or BID_NOUNS[rlow:match("^%s*(%a+)") or ""]
  for _, c in ipairs(AFTER) do
    local p = rlow:find(c.literal, 1, true) and rlow:match(c[1])
    if p and (not c.near or p <= c.near) and rest_at + p <= cb then
      local nm = slot(rest_at + p, c.list and 4 or 3)
      local part = (bid and c[2] == "backer") and "by" or c[2]
      if part == "by" and out.awarded then part = "customer" end
      if nm then
        if c.list and nm.start then
          for _, x in ipairs(list_after(s, nm, names)) do add(x, part) end
        else
          add(nm, part)
        end
      end
    end
  end
  -- cues around the deal's noun, anywhere in the clause; a name that
  -- carries another amount ("from NVIDIA ($100 billion) and AMD") is that
  -- amount's
  local c0 = math.max(ca, amt.start - WINDOW)
  local clause = low:sub(c0, math.min(cb, amt.stop + WINDOW))
  local cased                      -- the clause as written, when a cue needs it
  for _, c in ipairs(CLAUSE) do
    local init = clause:find(c.literal, 1, true) and 1 or #clause + 1
    if c.cased and init == 1 then cased = cased or s:sub(c0, math.min(cb, amt.stop + WINDOW)) end
    while true do
      local a, _, p = (c.cased and cased or clause):find(c[1], init)
      if not a then break end
      -- "investments from NVIDIA", "an order from X"; not "models emerging
      -- from DeepSeek", "the analysis from Windows Central"
      local noun = c.after_noun and clause:sub(math.max(1, a - 24), a - 1):match("(%a+)%s+$")
      if noun and (NOT_FROM[noun] or NOT_FROM[noun:gsub("s$", "")]) then
        init = a + 1
        goto next_match
      end
      do
      local nm = slot(c0 + p - 1, 3)
      local own = nm and nm.stop and s:match("^%s*%(?%s*[%l%s]*()", nm.stop + 1)
      local x = own and amounts.at[own]
      -- "a fee of £6.5m from Unilever", "an order from X": the one who pays
      local part = c[2]
      if noun and PAID[noun] then part = "customer" end
      if not (x and x ~= amt and x ~= amt.real) then add(nm, part) end
      init = a + 1
      end
      ::next_match::
    end
  end
  -- "OpenAI is finalising a funding round that could reach $40bn": the
  -- subject of a verb of making a deal
  local opener = #out == 0 and amt.start - ca < 160 and opening_name(names, ca, 16)
  if opener then
    local after = low:sub(opener.stop + 1, opener.stop + 40)
    if after:match("^%s+[%a%s]-%f[%a](finalis%a+)") or after:match("^%s+[%a%s]-%f[%a](finaliz%a+)")
       or after:match("^%s+[%a%s]-%f[%a](seek%a*)") or after:match("^%s+[%a%s]-%f[%a](negotiat%a+)")
       or after:match("^%s+[%a%s]-%f[%a](plann%a+)") or after:match("^%s+[%a%s]-%f[%a](prepar%a+)")
       or after:match("^%s+(plans)%s")      -- "Meta plans capital expenditures of $35bn"
       or after:match("^%s+[%a%s]-%f[%a](complet%a+)") or after:match("^%s+[%a%s]-%f[%a](launch%a+)") then
      -- (not "completed its acquisition by Pylon Capital": it is bought)
      local by = low:sub(opener.stop + 1, amt.start - 1):match("%f[%a]acquisition%s+by%s") or
        low:sub(opener.stop + 1, amt.start - 1):match("%f[%a]takeover%s+by%s") or
        low:sub(opener.stop + 1, amt.start - 1):match("%f[%a]purchase%s+by%s")
      add(opener, by and "target" or "owner")
    end
    -- "Orbit Systems and Pylon Systems announced a merger valued at $15bn":
    -- the clause's opening list merges
    local list = #out == 0 and list_after(s, opener, names)
    local said = list and #list >= 2 and low:match("^%s+(%a+)", list[#list].stop + 1)
    local rest_l = list and low:sub(list[#list].stop + 1, amt.start - 1)
    if said and MERGER_MAKERS[said] and rest_l:match("^%s+[%a%s]-%f[%a]merger%f[%A]") then
      for _, x in ipairs(list) do add(x, "partner") end
      verb_kind, strong = "acquisition", true
    end
  end
  -- subjects of deal verbs elsewhere in the sentence ("Malcolm Glazer has
  -- made a fresh approach to buy Manchester United, which could lead to a
  -- bid valuing the club at £800m"): used only for a role still missing
  local extra, met = {}, {}
  local from0 = math.max(1, amt.start - WINDOW)
  verbs_between(low, from0, amt.start - 1, function(a, _, v)
    a = a + from0 - 1
    -- (not a reading that needs its words checked: "completed the sale")
    if v.kind and v.part ~= "signer" and not v.between and not met[v] then
      met[v] = true
      local subj = orgs.name_before(s, before_aux(low, a), names)
      if subj and not seen[subj.name] and not after_preposition(low, subj) then
        extra[#extra + 1] = { name = subj.name, part = v.part, clause = a >= ca }
      end
    end
  end)
  return out, verb_kind, strong, extra
end

-- }==========================================================================


-- {==========================================================================
-- Mentions
-- ===========================================================================

local MIN_AMOUNT = 1e6

-- amounts without the conversions that follow them in brackets:
-- "$427bn (£230bn)", "1.45bn euros (£1bn; $1.9bn)" are one amount each
-- amounts without the conversions that follow them in brackets, which
-- become the amount's 'alt' list: "260.75bn roubles ($9.4bn)" is one
-- amount that merges with "$9.4bn" elsewhere
local function without_conversions(sentence, amounts)
  local out, inside = {}, false
  for i, a in ipairs(amounts) do
    local prev = amounts[i - 1]
    local gap = prev and sentence:sub(prev.stop + 1, a.start - 1) or ""
    if prev and (gap:match("^%s*%(%s*$") or (inside and gap:match("^%s*[;,/:]%s*$"))) then
      inside = true
      local owner = out[#out]
      owner.alt = owner.alt or {}
      owner.alt[#owner.alt + 1] = a
    else
      inside = false
      out[#out + 1] = a
    end
  end
  return out
end

-- participles of turning a bid down
local REFUSING = { rejecting = true, rebuffing = true, spurning = true, snubbing = true,
  turning = true, dismissing = true }

-- the clause of an amount: [a, b] of the sentence between ';'s and the
-- openers of another event (", while", ", but", ", whereas", ", and")
local blanked_of, blanked
local function clause_of(sentence, amt)
  local a, b = 1, #sentence
  -- brackets are blanked: "one trillion won ($960m; £499m) bail-out" is
  -- one clause (once a sentence: its amounts come one after another)
  if sentence == blanked_of then
    sentence = blanked
  elseif sentence:find("(", 1, true) then
    blanked_of = sentence
    blanked = sentence:gsub("%b()", function(x) return ("_"):rep(#x) end)
    sentence = blanked
  end
  local before = sentence:sub(1, amt.start - 1)
  for _, p in ipairs{ ";", ", while ", ", but ", ", whereas ", ", and ", ", as " } do
    local at = 0
    while true do                          -- the last one before the amount
      local i = before:find(p, at + 1, true)
      if not i then break end
      at = i
    end
    if at > 0 and at + 1 > a then a = at + 1 end
  end
  for _, p in ipairs{ ";", ", while ", ", but ", ", whereas ", ", and " } do
    local at = sentence:find(p, amt.stop + 1, true)
    if at and at - 1 < b then b = at - 1 end
  end
  -- "Baikal - which bought the unit for $9.4bn on Sunday - has strong
  -- links with X": an aside between dashes ends at its closing dash
  if before:find(" - ", a, true) then
    local at = sentence:find(" - ", amt.stop + 1, true)
    if at and at - 1 < b then b = at - 1 end
  end
  -- "accepted a $6.75bn buyout from Verizon, rejecting a higher offer
  -- from Qwest": a rival bid turned down is another deal ("starting in
  -- 2027", "having doubled its investment" go on with the same one)
  local init = amt.stop + 1
  while true do
    local at, _, w = sentence:find(",%s+(%l+ing)%s", init)
    if not at or at - 1 >= b then break end
    if REFUSING[w] then b = at - 1 break end
    init = at + 1
  end
  return a, b
end

-- dates that say when something began, not when the deal was made
local NOT_DEAL_DATE = { "founded", "established", "set up", "created", "launched", "born",
  "incorporated", "formed", "listed" }

-- words right before a date that make it a deadline
local DEADLINE = { "by", "by the end of", "until", "till", "before", "years to", "months to" }

-- words between an amount and a later date that make the date an
-- earlier figure's: "nearly triple the figure it commanded a year ago",
-- "up from the $1.5bn it offered last year", "more than it raised in 2023"
local COMPARED = { "than", "up from", "down from", "compared with", "compared to", "versus",
  "double", "triple", "twice", "the figure", "the level" }

-- whether 'between' (lower case) holds one of COMPARED as words
local function compared(between)
  for _, w in ipairs(COMPARED) do
    if (" " .. between .. " "):find("%f[%a]" .. w .. "%f[%A]") then return true end
  end
  return false
end

-- the date of an amount: the nearest date in its clause, or nil
local function date_of(sentence, found_dates, amt, a, b)
  local best, bestd
  for _, d in ipairs(found_dates) do
    if d.start >= a and d.stop <= b then
      local before = sentence:sub(math.max(1, d.start - 24), d.start - 1):lower()
      local skip = false
      for _, w in ipairs(NOT_DEAL_DATE) do
        if before:find(w .. "%s+[%a ]-$") or before:find(w .. "%s*$") then skip = true end
      end
      -- "to invest $11bn by 2028", "until 2030": a deadline, not the
      -- deal's date
      for _, w in ipairs(DEADLINE) do
        if before:find("%f[%a]" .. w .. "%s+$") then skip = true end
      end
      -- "Orbit, which reported revenue of $3.4bn last year, will fund
      -- ... a $500m loan": a date in a relative clause the amount is not in
      local open = sentence:sub(a, d.start - 1):match(".*(),")
      local close = sentence:find(",", d.stop + 1, true)
      if open and close and close <= b and sentence:sub(a + open, d.start - 1):match("^%s*wh[oi][a-z]*%s") and
          not (amt.start > a + open - 1 and amt.stop < close) then
        skip = true
      end
      if d.start > amt.stop and compared(sentence:sub(amt.stop + 1, d.start - 1):lower()) then skip = true end
      -- "making it Exxon's biggest acquisition since its merger with Mobil
      -- in 1999": the date of what it is measured against
      local since = sentence:sub(amt.stop + 1, d.start - 1):lower()
      if d.start > amt.stop and (since:find("%f[%a]%a+est%s[^;]-%f[%a]since%f[%A]") or
          since:find("%f[%a]first%s[^;]-%f[%a]since%f[%A]")) then
        skip = true
      end
      if not skip then
        local dist = d.stop < amt.start and amt.start - d.stop or
          (d.start > amt.stop and d.start - amt.stop or 0)
        if not best or dist < bestd then best, bestd = d, dist end
      end
    end
  end
  return best
end

-- the words of a deal told as done: a month without its year after them
-- is the last such month, not the next ("In December, the company raised
-- $700m", written in September)
local DONE, PLANNED = {}, {}
for w in ([[raised acquired bought agreed sold closed completed announced signed invested
  secured took]]):gmatch("%S+") do
  DONE[w] = true
end
for w in ("will would plans planned expected expects due aims intends next"):gmatch("%S+") do PLANNED[w] = true end

-- 'd' (a date of 'clause') moved back a year when it is a month named
-- without a year, later than the article's date, in a clause that tells
-- a deal done
local function past_month(d, clause, reference)
  if not reference or not d.date:match("^%d%d%d%d%-%d%d$") or (d.text or ""):find("%d%d%d%d") or
      d.date <= reference:sub(1, 7) then
    return nil
  end
  local low = clause:lower()
  if has_word(low, PLANNED) or not has_word(low, DONE) then return nil end
  local y, m = d.date:match("^(%d+)%-(%d+)$")
  return setmetatable({ date = string.format("%04d-%s", tonumber(y) - 1, m) }, { __index = d })
end

-- "agreed on Wednesday to buy", "said on Monday it had closed": the last
-- such weekday on or before the article's day (a deal reported is done)
local WEEKDAY_NUM = { sunday = 1, monday = 2, tuesday = 3, wednesday = 4, thursday = 5, friday = 6,
  saturday = 7 }
local function weekday_date(clause, reference)
  local day = reference and clause:match("%f[%a]on (%u%l+day)%f[%A]")
  local want = day and WEEKDAY_NUM[day:lower()]
  if not want or has_word(clause:lower(), PLANNED) then return nil end
  local y, m, dd = reference:match("^(%d+)%-(%d+)%-(%d+)$")
  local t = os.time{ year = tonumber(y), month = tonumber(m), day = tonumber(dd), hour = 12 }
  local back = (os.date("*t", t).wday - want) % 7
  return { date = os.date("%Y-%m-%d", t - back * 86400), text = "on " .. day }
end

-- a person's title ("chief executive Clara Furse")
-- words that refer back to an organisation named before
local BACKREF = { "its ", "it ", "the company", "the firm", "the group", "the startup" }

-- The parties of one amount with their roles, from the parts the
-- sentence gives and the kind: `{ { name, role } }`, the principal first
-- in PRINCIPAL order. 'focus' gives the organisation a reference to an
-- earlier one stands for.
local function roles_of(parts, extra, kind, low, amt, ca, focus, used)
  local parties, filled = {}, {}
  for _, p in ipairs(parts) do
    local role = ROLES[p.part] and ROLES[p.part][kind]
    if role and p.name then
      parties[#parties + 1] = { name = p.name, role = role }
      filled[role] = true
    end
  end
  for _, p in ipairs(extra or {}) do
    local role = ROLES[p.part] and ROLES[p.part][kind]
    if role and not filled[role] and (role == MAIN_ROLE[kind] or role == "acquirer" or
        role == "investor") and (#parties > 0 or (p.clause and role == MAIN_ROLE[kind])) then
      parties[#parties + 1] = { name = p.name, role = role }
      filled[role] = true
    end
  end
  local mains = 0
  for _, p in ipairs(parties) do
    if p.role == MAIN_ROLE[kind] then mains = mains + 1 end
  end
  if mains > (kind == "contract" and 1 or 0) then return parties end
  local left = low:sub(ca, amt.start - 1)
  -- a reference in the words just before the amount: "its $500bn
  -- project", "the company's projected spending of $115bn"
  local near = left:sub(-45)
  local orgish, refers = false, false
  for w in near:gmatch("%a+") do
    if ORG_NOUNS[w] then orgish = true end
  end
  for _, b in ipairs(BACKREF) do
    if near:find("%f[%a]" .. b) then refers = true end
  end
  -- not the organisations the sentence's other amounts have taken
  local taken = {}
  for name in pairs(used) do taken[name] = true end
  for _, p in ipairs(parties) do taken[p.name] = true end
  -- "having doubled its investment ... with a further $4bn": the part
  -- the noun after "its" gives
  local noun = left:match("%f[%a]its%s+([%a%-]+)")
  local part = noun and owner_part(noun)
  local its_role = part and ROLES[part] and ROLES[part][kind]
  -- "completed the sale of its Ampex unit": what it sells is its own
  -- ("the opening bid for the firm's Yuganskneftgas unit": the firm sells)
  local whose = left:match("%f[%a]for%s+its%s+([%w%s%-]*)") or
    left:match("%f[%a]for%s+the%s+%a+['\226\128\153]+s%s+([%w%s%-]*)")
  if kind == "acquisition" and (left:find("%f[%a]sale of its%s") or left:find("%f[%a]sell%a* its%s") or
      left:find("%f[%a]sold its%s") or (whose and has_word(whose, PART_NOUNS))) then
    its_role = "seller"
  end
  -- "the company's projected spending of $115bn", "it avoided bankruptcy
  -- through a $4.5bn bail-out": the organisation referred to
  if refers or orgish then
    local f = focus(amt.start, orgish, nil, ca)
    if f and not taken[f] then
      table.insert(parties, 1, { name = f, role = its_role or MAIN_ROLE[kind], inferred = true, referred = true })
      taken[f] = true
      if not its_role or its_role == MAIN_ROLE[kind] then return parties end
    end
  end
  -- "investments from NVIDIA ($100bn)", "a $22.4bn deal with CoreWeave",
  -- "Microsoft made its $1bn investment": the organisation the text is
  -- about is the other side
  if #parties > 0 and not parts.project and (kind == "funding" or kind == "investment" or
      kind == "commitment" or (kind == "contract" and #parties == 1)) then
    local f = focus(amt.start, true, taken, ca)
    if f then table.insert(parties, 1, { name = f, role = MAIN_ROLE[kind], inferred = true }) end
  end
  return parties
end

-- The last checks on a mention's parties: a stock exchange where shares
-- list is no recipient or valued organisation; a spending plan of a
-- government, a party or a place is no deal; an investment that names
-- one organisation only is that organisation's own spending ("BMW has
-- announced £100m of new investment").
local function settle(parties, kind)
  local out = {}
  -- "secured a $5bn loan to expand its factory in Sweden": where the
  -- money goes is no second recipient beside a company
  local company = false
  for _, p in ipairs(parties) do
    if p.role == "recipient" and not orgs.is_public(p.name) then company = true end
  end
  for _, p in ipairs(parties) do
    local venue = (p.name:find("Stock Exchange") or p.name:match("^Nasdaq") or p.name:match("^NYSE"))
      and (p.role == "recipient" or p.role == "valued")
    -- ("invest $13.9bn in a battery plant in North Carolina": where)
    local place = p.role == "recipient" and orgs.is_public(p.name) and (company or kind == "investment")
    if not venue and not place then out[#out + 1] = p end
  end
  -- investors and no one invested in: their own spending ("Shell and BP
  -- will invest $2bn in the pipeline")
  local investors = #out > 0
  for _, p in ipairs(out) do
    if p.role ~= "investor" then investors = false end
  end
  if kind == "investment" and investors then
    kind = "commitment"
    for _, p in ipairs(out) do p.role = "committer" end
  end
  -- "X won a $325m contract from the Pentagon": one supplier, so the
  -- other is the buyer
  -- (not a list of three suppliers: "from Lucent, Nortel and Motorola")
  if kind == "contract" then
    local suppliers = {}
    for _, p in ipairs(out) do
      if p.role == "supplier" then suppliers[#suppliers + 1] = p end
    end
    if #suppliers == 2 then suppliers[2].role = "buyer" end
  end
  -- the organisations the sentence itself names
  local named, private, official = 0, false, true
  for _, p in ipairs(out) do
    if not p.inferred then
      named = named + 1
      if not orgs.is_public(p.name) then private = true end
      if not orgs.is_government(p.name) then official = false end
    elseif p.referred and (p.role == "recipient" or p.role == "target") and not orgs.is_public(p.name) then
      -- "it has only received $11m from the US and the UK": governments
      -- that fund an organisation ("it") make a deal
      private = true
    end
  end
  if named > 0 and not private and (kind == "commitment" or kind == "funding" or kind == "investment") then
    return {}, kind
  end
  if named > 0 and official then return {}, kind end   -- "the Department", "Labour"
  -- "The SEC agreed a deal totalling $375m with Banc of America": a
  -- regulator's deal is a settlement
  if kind == "contract" then
    for _, p in ipairs(out) do
      if orgs.is_regulator(p.name) then return {}, "financial" end
    end
  end
  for _, p in ipairs(out) do p.inferred, p.referred = nil, nil end
  return out, kind
end

-- "Bosses of Deutsche Boerse and the LSE are to meet amid talk that a
-- takeover bid for the LSE will be raised to £1.5bn": a bid with one side
-- named, and one other organisation in the sentence (not one that
-- carries another of its amounts), is between the two. Not in a sale
-- ("after Yukos was forced to sell"), where the other may be the seller.
-- those who decide for a company ("Helix Bio's board")
local GOVERNING = { board = true, directors = true, shareholders = true, management = true, chairman = true,
  investors = true }

local function other_side(parties, low, names, bound, amt)
  local has, named = {}, {}
  for _, p in ipairs(parties) do has[p.role], named[p.name] = true, true end
  if has.seller or (has.target and has.acquirer) or not (has.target or has.acquirer) then return end
  if not (low:find("%f[%a]bids?%f[%A]") or low:find("%f[%a]takeover") or
      low:find("%f[%a]offer%f[%A]") or low:find("%f[%a]buyout")) or
      low:find("%f[%a]sell") or low:find("%f[%a]sold%f[%A]") or low:find("%f[%a]sale%f[%A]") then
    return
  end
  local carried = {}
  for x, name in pairs(bound) do
    if x ~= amt then carried[name] = true end
  end
  local other
  for _, nm in ipairs(names) do
    -- (a known or corporate name, or for the bidder the sentence's
    -- subject: "Sumitomo, Japan's third-largest bank, tabled a higher
    -- offer for UFJ")
    -- (for the target, a name whose board or shareholders speak: "Helix
    -- Bio's board recommended that shareholders accept")
    local governed = nm.poss and has.acquirer and
      low:match("^['\226\128\153s]*%s+(%a+)", nm.stop + 1) and
      GOVERNING[low:match("^['\226\128\153s]*%s+(%a+)", nm.stop + 1)]
    if (orgs.is_org(nm) or (nm.start <= 4 and has.target) or governed) and not orgs.is_public(nm.name) and
        not named[nm.name] and not carried[nm.name] then
      if other and other ~= nm.name then return end
      other = nm.name
    end
  end
  if other then parties[#parties + 1] = { name = other, role = has.target and "acquirer" or "target" } end
end

-- a deal's own figures, which may rise ("its investment rose to $13bn")
local DEAL_FIGURES = { investment = true, investments = true, stake = true, round = true, funding = true,
  valuation = true }

-- verbs that change a figure ("cut its debt to $2bn")
local CHANGED = { reduced = true, reduces = true, reduce = true, cut = true, cuts = true,
  lowered = true, trimmed = true, slashed = true, rose = true, rising = true, risen = true,
  grew = true, jumped = true, fell = true, falling = true, dropped = true, climbed = true }

-- Is a sentence a headline in title case ("Tessellate Raises $20M Series
-- A To Build AI Agents")? Most of its words of four letters or more start
-- with a capital.
local function title_case(sentence)
  local _, words = sentence:gsub("%f[%a]%a%a%a%a+", "")
  if words < 3 then return false end
  local _, caps = sentence:gsub("%f[%a]%u%a%a%a+", "")
  return caps >= 0.8 * words
end

-- small words of a title-case headline, read in lower case with its verbs
local TITLE_SMALL = {}
for w in ([[to for in on at by of with from and or the a an as its their into over after
  amid new more than up says said will]]):gmatch("%S+") do
  TITLE_SMALL[w] = true
end

-- a title-case headline with its verbs and small words in lower case
-- (the same length: positions stay those of the sentence)
local function detitled(sentence)
  return (sentence:gsub("%f[%w](%u%l+)%f[%W]", function(w)
    local l = w:lower()
    if TITLE_SMALL[l] or VERB_WORDS[l] then return l end
  end))
end

-- Is a sentence in capitals ("FIRST UNION <FUNC> TO BUY SOUTHERN BANCORP
-- FOR 250 MLN DLRS")?
local function all_caps(sentence)
  local _, lower = sentence:gsub("%l", "")
  if lower > 20 then return false end
  local _, upper = sentence:gsub("%u", "")
  return upper >= 12 and upper >= 9 * lower
end

-- A headline in capitals read as a title-case one: each word capitalised
-- but its verbs, small words and money words; the tickers in markup
-- ("<FUNC>") blanked (the same length: positions stay)
local MONEY_WORDS = { mln = true, bln = true, billion = true, million = true, dlrs = true, dlr = true,
  pct = true, stg = true }
local OWNER_WORDS = { round = true, funding = true, stake = true, shares = true, unit = true, talks = true,
  investment = true, valuation = true }
local function decapped(sentence)
  local s = sentence:gsub("<%u[%u%.]*>", function(x) return (" "):rep(#x) end):lower()
  return (s:gsub("%f[%w](%l)(%w*)", function(c, rest)
    local w = c .. rest
    if TITLE_SMALL[w] or VERB_WORDS[w] or MONEY_WORDS[w] or DEAL_NOUNS[w] or OWNER_WORDS[w] then return w end
    return c:upper() .. rest
  end))
end

-- "for 36.50 dlrs a share, or about 370 mln dlrs", "17 dlrs a share in
-- cash for X, or about 1.59 billion dlrs": the i-th amount is the total
-- of the price a share before it, and is read in its place (a view of
-- the amount with the span of "36.50 dlrs a share"; 'real' the amount)
local function per_share(low, amounts, i)
  local a, prev = amounts[i], amounts[i - 1]
  if not prev then return nil end
  local gap = low:sub(prev.stop + 1, a.start - 1)
  local e = gap:match("^%s*a share()[^;]-,%s*or%s+[%a%s]*$") or gap:match("^%s*per share()[^;]-,%s*or%s+[%a%s]*$")
  if not e then return nil end
  return setmetatable({ start = prev.start, stop = prev.stop + e - 1, real = a }, { __index = a })
end

-- "Boeing is to supply Japan Airlines with 50 planes in a deal worth
-- $6bn", "a deal worth 1bn euros for Airbus to sell 23 planes to Air
-- China": the partners of a contract are its supplier and its buyer when
-- a verb of supplying in the clause (up to 'stop') says which is which
local SUPPLYING = { supply = true, supplies = true, supplied = true, provide = true, provides = true,
  provided = true, sell = true, sells = true }
local function supply_roles(parties, s, low, names, ca, stop)
  for a, w, e in low:sub(ca, stop - 1):gmatch("()(%a+)()") do
    if SUPPLYING[w] then
      local at = ca + a - 1
      local subj = orgs.name_before(s, before_aux(low, at), names)
      local obj = orgs.name_after(s, ca + e - 1, names, 3)
      -- "for Airbus to sell 23 new planes to Air China"
      local to = not obj and low:sub(ca + e - 1, ca + e + 40):match("^[%w%s%-]-%f[%a]to%s+()")
      if to then obj = orgs.name_after(s, ca + e - 2 + to, names, 2) end
      if subj and obj and subj ~= obj then
        for _, p in ipairs(parties) do
          if p.role == "partner" and p.name == subj.name then p.role = "supplier" end
          if p.role == "partner" and p.name == obj.name then p.role = "buyer" end
        end
        return
      end
    end
  end
end

-- activities a company spends on ("£280m in Mini production"): the name
-- before one is the company's own line, not a recipient
local ACTIVITIES = { production = true, plant = true, factory = true, operations = true,
  facilities = true, facility = true, site = true, sites = true, network = true, brand = true,
  services = true, service = true, development = true }

-- what money is spent on, not put into a company
local FACILITIES = {}
for w in ([[plant plants factory factories facility facilities site sites campus campuses mine mines
  refinery refineries mill mills fab fabs gigafactory gigafactories warehouse warehouses
  centre centres center centers headquarters capacity infrastructure operations]]):gmatch("%S+") do
  FACILITIES[w] = true
end

-- An investment of an organisation in itself: "For Telewest it is the
-- beginning of a £20m investment in TV-on-demand", "to fund an £150m
-- investment in new printing facilities" (a recipient alone, the money
-- going into an activity), "BMW had invested £280m in Mini production"
-- (the "recipient" is the investor's own line): its commitment.
local function own_spending(parties, sentence, ca, cb, amt)
  local investors, recipients = {}, {}
  for _, p in ipairs(parties) do
    if p.role == "investor" then investors[#investors + 1] = p end
    if p.role == "recipient" then recipients[#recipients + 1] = p end
  end
  local clause = sentence:sub(ca, cb)
  -- "will invest $3.2bn over five years in a new plant outside Columbus",
  -- "to invest $11bn in U.S. Steel's plants": money put into plants and
  -- sites is spent, not invested in a company
  if #investors == 1 then
    local obj = clause:lower():match("%f[%a]invest%a*%s[^;]-%f[%a]in%s+([^,;]*)")
    local k = 0
    for w in (obj or ""):gmatch("[%a%-]+") do
      k = k + 1
      if k > 5 then break end
      if FACILITIES[w] then return { { name = investors[1].name, role = "committer" } }, "commitment" end
    end
  end
  if #investors == 0 and #recipients == 1 and #parties == 1 then
    -- "BMW has announced £100m of new investment": announced, not received
    if clause:match("%f[%a]announc%a*%s") and not clause:lower():match("%f[%a]receiv") and
        not clause:match("[Ii]nvestment%s+from%s") then
      return { { name = recipients[1].name, role = "committer" } }, "commitment"
    end
    local into = clause:match("[Ii]nvestment in%s+(%S+)") or clause:match("[Ii]nvest%a*%s[^,;]-%f[%a]in%s+(%S+)")
    -- (a capital in "TV-on-demand" names no company)
    if into and (not into:match("^%u") or into:match("%-%l")) and not ({ the = 1, a = 1, an = 1 })[into] then
      return { { name = recipients[1].name, role = "committer" } }, "commitment"
    end
  elseif #investors == 1 and #recipients == 1 and #parties == 2 and
      after_amount(sentence:lower(), amt.stop):match("^%s+in%s+%l+ing%s") then
    -- "to invest $48m in renovating parts of the Savoy": money spent on
    -- an activity, the investor's own
    return { { name = investors[1].name, role = "committer" } }, "commitment"
  elseif #investors == 1 and #recipients == 1 and #parties == 2 then
    local r = recipients[1].name
    local at = clause:find(r, 1, true)
    local next_word = at and clause:sub(at + #r):match("^%s+(%l+)")
    if next_word and ACTIVITIES[next_word] then
      return { { name = investors[1].name, role = "committer" } }, "commitment"
    end
  end
  return parties, "investment"
end

-- An investment read again: "The sale of the 33% stake to Spain's
-- Ferrovial for £146m is a lifeline to Jarvis" (a stake sold is bought,
-- the one paid sells), else perhaps its investor's own spending.
local function reread_investment(parties, sentence, ca, cb, amt)
  local clause = sentence:sub(ca, cb):lower()
  if clause:find("%f[%a]sale of [%w%s%%]-stake") or clause:find("%f[%a]sell%a* [%w%s%%]-stake") or
      clause:find("%f[%a]sold [%w%s%%]-stake") then
    for _, p in ipairs(parties) do
      p.role = p.role == "investor" and "acquirer" or p.role == "recipient" and "seller" or p.role
    end
    return parties, "acquisition"
  end
  -- "Inbev has agreed to buy Alfa-Eco's stake in Sun Interbrew", "took a
  -- 20% stake in X": a stake bought is an acquisition of part of X
  local bought = false
  for _, v in ipairs{ "buy%a*", "bought", "acquir%a*", "purchas%a*", "took", "tak%a*" } do
    if clause:find("%f[%a]" .. v .. " [^,;]-%f[%a]stake%f[%A]") then bought = true break end
  end
  -- ("invested $20m in Lumen Labs, taking a 10% stake": money invested)
  if clause:find("%f[%a]invest") or clause:find("%f[%a]inject") then bought = false end
  if bought then
    for _, p in ipairs(parties) do
      p.role = p.role == "investor" and "acquirer" or p.role == "recipient" and "target" or p.role
    end
    -- ("Alfa-Eco's stake": who sells it)
    -- the capitalised words before "'s ... stake" ("Tern Bank's 20% stake")
    local clause_text = sentence:sub(ca, cb)
    local at = clause_text:find("['\226\128\153]+s?%s+[%d%.%%%s]*stake%f[%A]")
    local owner
    if at then
      local words = {}
      for w in clause_text:sub(1, at - 1):gmatch("%S+") do words[#words + 1] = w end
      local k = #words
      while k >= 1 and words[k]:match("^%u[%w%-&%.]*$") do k = k - 1 end
      if k < #words then owner = table.concat(words, " ", k + 1) end
    end
    local known = false
    for _, p in ipairs(parties) do
      if p.name == owner then known = true end
    end
    if owner and not known and not orgs.is_public(owner) then
      parties[#parties + 1] = { name = owner, role = "seller" }
    end
    return parties, "acquisition"
  end
  return own_spending(parties, sentence, ca, cb, amt)
end

-- the words after "the opening bid ..." that make it a price ("was $8bn")
local PRICE_LINKS = { was = true, is = true, be = true, at = true }

-- does 'str' hold a verb of dealing ("raised", "buy") as a word of its own?
local function has_deal_verb(str)
  for w in str:gmatch("%a+") do
    for _, v in ipairs(VERB_WORDS[w] or {}) do
      if v.kind and v.v == w then return true end
    end
  end
  return false
end

-- events that raise money for a cause ("a Cardiff gig ... which raised
-- £1.25m"), and causes money is raised for ("raised £2m for victims")
local EVENTS, CAUSES = {}, {}
for w in ([[gig gigs concert concerts telethon gala dinner marathon fundraiser fundraisers
  fund-raiser charity charities auction auctions]]):gmatch("%S+") do EVENTS[w] = true end
for w in ([[charity charities victims survivors relief appeal appeals tsunami cause causes
  hospice disaster]]):gmatch("%S+") do CAUSES[w] = true end

-- words that make an amount more of a deal already told ("an additional
-- $12bn", "a further £2m", "subsequent investments")
local CONTINUING = { additional = true, further = true, subsequent = true, another = true,
  ["follow-on"] = true, extra = true }

-- nouns that speak of a project told before ("this initiative")
local PROJECT_REFS = { initiative = true, project = true, venture = true, programme = true,
  program = true, scheme = true, effort = true }

-- deals a sentence speaks of as told before: "The deal is worth $1.2bn",
-- "The transaction, valued at ...", "under the terms of the agreement"
local TOLD_DEAL = {}
for w in ([[deal transaction acquisition takeover purchase merger agreement sale buyout]]):gmatch("%S+") do
  TOLD_DEAL[w] = true
end

-- An acquisition a sentence tells without an amount ("Orbit Systems
-- agreed to acquire Helix Bio."): its parties { { name, role } }, the
-- buyer and what is bought (the subject and object of a verb of buying,
-- "merge with", or "sell X to Y"), or nil.
local function acquisition_in(s, names)
  local low = s:lower()
  local found
  each_verb(low, function(a, b, v)
    -- (plain verbs of buying, selling, merging: not "launched", "paid"
    -- or "offered", which need a bid or a price to mean one)
    if found or (v.part ~= "buyer" and v.part ~= "seller" and v.part ~= "partner") or
        v.kind ~= "acquisition" or v.after or v.between then
      return
    end
    local subj = orgs.name_before(s, before_aux(low, a), names)
    if subj and after_preposition(low, subj) then subj = nil end
    local obj = orgs.name_after(s, b + 1, names, 4)
    if v.part == "partner" then
      local with = low:match("^%s+with%s+()", b + 1)
      obj = with and orgs.name_after(s, with, names, 3)
      if subj and obj then found = { { name = subj.name, role = "partner" }, { name = obj.name, role = "partner" } } end
    elseif v.part == "seller" then
      local to = obj and low:match("^%s+to%s+()", obj.stop + 1)
      local buyer = to and orgs.name_after(s, to, names, 3)
      if obj and buyer then
        found = { { name = buyer.name, role = "acquirer" }, { name = obj.name, role = "target" } }
        if subj then table.insert(found, { name = subj.name, role = "seller" }) end
      end
    elseif subj and obj and subj ~= obj and not orgs.is_public(obj.name) then
      found = { { name = subj.name, role = "acquirer" }, { name = obj.name, role = "target" } }
    end
  end)
  return found
end

-- "Kestrel Robotics raised $8m. The round was led by Redwood Crest
-- Ventures, with participation from Copperline Ventures.": the investors
-- the sentence after a round names
local NEXT_CUES = {
  { "^%W*[Tt]he%s+[%w%s%-]-%f[%a]rounds?%s+was%s+co%-led%s+by%s+()", "lead_investor" },
  { "^%W*[Tt]he%s+[%w%s%-]-%f[%a]rounds?%s+was%s+led%s+by%s+()", "lead_investor" },
  { "^%W*[Tt]he%s+[%w%s%-]-%f[%a]funding%s+was%s+led%s+by%s+()", "lead_investor" },
  { "^%W*[Tt]he%s+[%w%s%-]-%f[%a]financing%s+was%s+led%s+by%s+()", "lead_investor" },
  { "^%W*[Tt]he%s+[%w%s%-]-%f[%a]investment%s+was%s+led%s+by%s+()", "lead_investor" },
  { "^%W*[%a%s]-%f[%a]led%s+the%s+[%w%s%-]-%f[%a]round()", "lead_investor", before = true },
  { "^%W*[Oo]ther%s+investors%s+[%a%s]-%f[%a]includ%a*%s+()", "investor" },
  { "^%W*[Ii]nvestors%s+[%a%s]-%f[%a]includ%a*%s+()", "investor" },
  { "^%W*[Tt]he%s+round%s+[%a%s]-%f[%a]included%s+()", "investor" },
  { "^%W*[%a%s]-%f[%a]investors%s+()[^%.;]-%f[%a]also%s+%a", "investor" },
  { "^%W*[%a%s]-%f[%a]backers%s+()[^%.;]-%f[%a]also%s+%a", "investor" },
  { "^%W*[%a%s]-%f[%a]shareholders%s+()[^%.;]-%f[%a]also%s+%a", "investor" },
  -- "Hatchery Capital and a group of angels also joined the round"
  { "^%W*%u[^%.;]-%f[%a]also%s+joined%s+the%s+[%w%s%-]-%f[%a]round()", "investor", before = true, list = true },
  { "^%W*%u[^%.;]-%f[%a]also%s+took%s+part()", "investor", before = true, list = true },
  { "^%W*%u[^%.;]-%f[%a]also%s+participated()", "investor", before = true, list = true },
  { "^%W*%u[^%.;]-%f[%a]also%s+invested()", "investor", before = true, list = true },
  { "with participation from%s+()", "investor" },
  { ",%s+with%s+()[^%.;]-%f[%a]also%s+taking%s+part", "investor" },
  { ",%s+with%s+()[^%.;]-%f[%a]also%s+participating", "investor" },
  { "with participation by%s+()", "investor" },
}

-- the parties the sentence after a round's mention adds to it
local function next_parties(sentence, gaz)
  sentence = sentence:sub(1, 400)
  local out, names = {}, nil
  for _, c in ipairs(NEXT_CUES) do
    local p = sentence:match(c[1])
    if p then
      names = names or orgs.names(sentence, gaz)
      local first
      if c.before then
        -- "Redwood Crest Ventures led the round": the opening name
        first = names[1] and names[1].start <= 5 and names[1].stop < p and names[1] or nil
      else
        for _, nm in ipairs(names) do
          if nm.start >= p and nm.start <= p + 1 and not first then first = nm end
        end
      end
      if first and not orgs.is_public(first.name) then
        for _, nm in ipairs(c.before and not c.list and { first } or list_after(sentence, first, names)) do
          if not nm.project then out[#out + 1] = { name = nm.name, role = c[2] } end
        end
      end
    end
  end
  return out
end

-- The longest stretch of text read as one sentence. A "sentence" longer
-- than this (a table or a list without stops, a blob) is read in pieces
-- cut at white space, so that the work for each amount stays bounded by
-- it, not by the length of the text (real sentences are a few hundred
-- bytes).
local MAX_SENTENCE = 2000

-- the (sentence, start) pairs of the iterator (f, st, ctl), those longer
-- than MAX_SENTENCE cut into pieces: at the last white space of a
-- piece's second half, else before the character that would cross it
local function pieces(f, st, ctl)
  local cur, at, pos
  return function()
    while true do
      if cur and pos <= #cur then
        local stop = math.min(#cur, pos + MAX_SENTENCE - 1)
        if stop < #cur then
          local half = pos + MAX_SENTENCE // 2
          local w = cur:sub(half, stop):match(".*()%s")
          if w then stop = half + w - 1
          else
            while stop > pos and (cur:byte(stop + 1) or 0) >= 0x80 and cur:byte(stop + 1) < 0xC0 do
              stop = stop - 1
            end
          end
        end
        local piece, start = cur:sub(pos, stop), at + pos - 1
        pos = stop + 1
        return piece, start
      end
      local sentence, start = f(st, ctl)
      if sentence == nil then return nil end
      ctl = sentence
      if #sentence <= MAX_SENTENCE then return sentence, start end
      cur, at, pos = sentence, start, 1
    end
  end
end

--- The deal mentions of one document: the per-document work.
-- @tparam table doc `{ id, source, date, title, text }` (the text without
--   boilerplate, as `corpus:docs{ clean = true }` gives it)
-- @tparam table gaz a gazetteer (`load_gazetteer`)
-- @tparam[opt] number min_amount smaller amounts are no deal (default
--   1,000,000: share prices, fees and fines of a few dollars stay out)
-- @treturn table mentions `{ doc, source, start, stop, sentence,
--   sentence_start, amount, kind, parties = { { name, role } }, principal,
--   date, date_text, date_role, date_fallback }`
-- @treturn table the other amounts `{ doc, source, amount, sentence,
--   start, kind }`: `kind` "financial" for revenue, profit, prices ...,
--   the deal kind when no party is named, nil when nothing says
-- @tparam[opt] function on_mention called with each mention instead of
--   collecting it (a long document then holds none in memory)
-- @tparam[opt] function on_loose the same for each other amount
function deals.mentions(doc, gaz, min_amount, on_mention, on_loose)
  local out, loose = {}, {}
  -- without callbacks the document's mentions are collected and returned
  on_mention = on_mention or function(m) out[#out + 1] = m end
  on_loose = on_loose or function(l) loose[#loose + 1] = l end
  -- an amount of a million or more has a scale word ("million",
  -- "$4bn", "15 mln", "£3m") or seven digits (text.amount_hint, in C):
  -- a document, paragraph or sentence without one needs no grammar
  local big_only = (min_amount or MIN_AMOUNT) >= 1e6
  if big_only and not text.amount_hint(doc.text) then return out, loose end
  -- relative dates need a day to count from ("2025-06" or "2025" is not one)
  local reference = doc.date and doc.date:match("^%d%d%d%d%-%d%d%-%d%d") or nil
  local main, main_done, first_sentence
  -- the last sentences read, recent[top] the newest; a paragraph without
  -- amounts is kept whole and cut to its last 400 bytes when read
  local recent, whole, top = {}, {}, 0
  -- the names of the few sentences looked at again (strings are never
  -- collected from a weak table: the memo is emptied instead)
  local names_memo, memo_size = {}, 0
  -- the first words of the document's names of two words or more, read
  -- alone as the whole name later ("Korvane also said" after "Korvane
  -- Semiconductor will invest"): not a word the text writes in lower
  -- case ("standard"), nor a people's adjective ("American")
  local heads = {}
  -- (the word looked for in lower case in the first 64 KB: an article,
  -- or a bounded part of a huge file)
  local head_text
  local function text_opening()
    head_text = head_text or doc.text:sub(1, 65536)
    return head_text
  end
  local function learn(n)
    for _, nm in ipairs(n) do
      local head = nm.name:match("^(%u[%l%d]+) %u")
      if head and heads[head] == nil then
        heads[head] = not nm.project and not orgs.is_public(nm.name) and not orgs.NOT_NAMES[head] and
          not head:match("[ai]n$") and not head:match("ese$") and not head:match("ish$") and
          not text_opening():find("%f[%a]" .. head:lower() .. "%f[%A]") and nm
      end
    end
  end
  local function with_heads(sentence, n)
    local added = false
    for a, w, b in sentence:gmatch("()(%u[%l%d]+)()") do
      local full = heads[w]
      if full and not sentence:match("^ %u", b) and not sentence:match("^%-", b) then
        local inside = false
        for _, nm in ipairs(n) do
          if a <= nm.stop and b - 1 >= nm.start then inside = true break end
        end
        if not inside then
          n[#n + 1] = { name = full.name, start = a, stop = b - 1, known = full.known,
            poss = sentence:match("^'s", b) ~= nil or sentence:match("^\226\128\153s", b) ~= nil }
          added = true
        end
      end
    end
    if added then table.sort(n, function(x, y) return x.start < y.start end) end
    return n
  end
  if doc.title then learn(orgs.names(doc.title, gaz)) end
  local function names_of(sentence)
    local n = names_memo[sentence]
    if not n then
      if memo_size >= 16 then names_memo, memo_size = {}, 0 end
      -- (a sentence read before may be as written: see orgs.plain)
      local plain = orgs.plain(sentence)
      n = orgs.names(plain, gaz)
      if next(heads) then n = with_heads(plain, n) end
      learn(n)
      names_memo[sentence], memo_size = n, memo_size + 1
    end
    return n
  end
  -- the mentions of the last sentence read, held until the next one is
  -- seen: it may name their investors ("The round was led by X.")
  local pending = {}
  local function flush(next_text)
    if #pending == 0 then return end
    local more = next_text and next_parties(next_text, gaz) or {}
    for _, m in ipairs(pending) do
      -- "The sale of Commodore ... in a deal worth over £17m. New owner
      -- Yeahronimo Media Ventures has not ruled out ...": the buyer
      local has_acquirer = false
      for _, p in ipairs(m.parties) do
        if p.role == "acquirer" then has_acquirer = true end
      end
      -- ("... has received a $3.25bn takeover offer. The bid has come
      -- from Boston-based private investment firm Highfields Capital")
      local head = next_text and next_text:sub(1, 200)
      local owner = m.kind == "acquisition" and not has_acquirer and head and
        (head:match("^%W*[Nn]ew%s+owners?%s+()") or
         head:match("^%W*[Tt]he%s+[%a%s]-%f[%a]bid%s+[%a%s]-%f[%a]c[oa]mes?%s+from%s+()") or
         head:match("^%W*[Tt]he%s+[%a%s]-%f[%a]offer%s+[%a%s]-%f[%a]c[oa]mes?%s+from%s+()"))
      if owner then
        local nm = orgs.name_after(head, owner, orgs.names(head, gaz), 6)
        if nm and not orgs.is_public(nm.name) then m.parties[#m.parties + 1] = { name = nm.name, role = "acquirer" } end
      end
      if m.kind == "funding" or m.kind == "investment" then
        local have = {}
        for _, p in ipairs(m.parties) do have[p.name] = true end
        for _, p in ipairs(more) do
          if not have[p.name] then
            have[p.name] = true
            m.parties[#m.parties + 1] = { name = p.name, role = m.kind == "funding" and p.role or "investor" }
          end
        end
      end
      on_mention(m)
    end
    pending = {}
  end
  local function remember(sentence, para)
    flush(sentence)
    top = top + 1
    local slot = top % 4 + 1
    recent[slot], whole[slot] = sentence, para or false
  end
  local function recent_at(k)
    if k < 1 or k <= top - 4 or k > top then return nil end
    local slot = k % 4 + 1
    local s = recent[slot]
    if whole[slot] then s = s:sub(-400) end
    return s
  end
  -- the organisations named beside a project ("The Stargate Project, a
  -- joint venture of Oracle and SoftBank") in the last sentences
  local function project_partners()
    for k = top - 1, math.max(1, top - 3), -1 do
      local names, found, project = names_of(recent_at(k)), {}, false
      for _, nm in ipairs(names) do
        if nm.project then project = true
        elseif orgs.is_org(nm) and not orgs.is_public(nm.name) then found[#found + 1] = nm.name end
      end
      if project then return found end
    end
    return {}
  end
  local cur_names, cur_low = {}, nil
  local told                 -- the last mention: { kind, parties, top }
  local bullet, lead = false, nil   -- in a list; the last sentence before it
  -- the organisation "it", "its", "the company" stands for at 'pos' of
  -- the current sentence: the nearest name before it in the sentence, else
  -- the first name of the nearest sentence before that has one, else the
  -- article's organisation
  local function focus(pos, orgish, taken, from, prev_only, no_public)
    taken = taken or {}
    if not main_done then main, main_done = orgs.main(doc, gaz, first_sentence), true end
    local function ok(nm)
      -- "Glazer" is the "Malcolm Glazer" already taken
      for t in pairs(taken) do
        if t:sub(-#nm.name - 1) == " " .. nm.name or t:sub(1, #nm.name + 1) == nm.name .. " " then
          return false
        end
      end
      if no_public and orgs.is_public(nm.name) then return false end
      if orgs.is_media(nm.name) or nm.rival then return false end
      return not nm.project and not taken[nm.name] and
        (not orgish or (orgs.is_org(nm) and not orgs.is_public(nm.name)))
    end
    -- a clause whose subject is "its German rival": "its" there is the
    -- rival's, whom the text does not name
    local opening = cur_low and cur_low:sub(from or 1, pos - 1)
    if opening and opening:match("^%W*%a*%s*its%s+[%a%s%-]-%f[%a]rivals?%f[%A]") or
        opening and opening:match("^%W*%a*%s*its%s+[%a%s%-]-%f[%a]competitors?%f[%A]") then
      return nil
    end
    -- a sentence that opens with "The Japanese group" speaks of the
    -- organisation of the sentences before
    local opens = false
    local np = cur_low and cur_low:match("^%s*the%s+([^,;%.]*)")
    if np then
      local k = 0
      for w in np:gmatch("[%a%-]+") do
        k = k + 1
        if k > 4 then break end
        if ORG_NOUNS[w] then opens = true break end
      end
    end
    -- the clause's first organisation before 'pos' (its subject, as a
    -- rule), else the sentence's, else its first name
    -- "Euronext is due to hold talks with LSE this week and it is ready
    -- to raise": "and it" goes back to the sentence's subject
    local subject = cur_names[1]
    if not orgish and not opens and not prev_only and subject and subject.start <= 4 and
        subject.stop < pos and ok(subject) and
        cur_low:sub(subject.stop, pos):find("%f[%a]and its?%f[%A]") then
      local own = false      -- a name after the "and" comes first
      local at = subject.stop + cur_low:sub(subject.stop, pos):find("%f[%a]and its?%f[%A]")
      for _, nm in ipairs(cur_names) do
        if nm.start >= at and nm.stop < pos then own = true end
      end
      if not own then return subject.name end
    end
    if not opens and not prev_only then
      -- (not a name that backs or joins: "a round led by Northgate
      -- Ventures and Blue Ridge Capital, valuing the company")
      local agents = {}
      for _, nm in ipairs(cur_names) do
        if nm.stop >= pos then break end
        local w = cur_low:sub(math.max(1, nm.start - 12), nm.start - 1):match("(%a+)%s+$")
        if (w == "by" or w == "from" or w == "with") and not agents[nm] then
          for _, x in ipairs(list_after(cur_low, nm, cur_names)) do agents[x] = true end
        end
      end
      local first
      for _, lo in ipairs{ from or 1, 1 } do
        for _, nm in ipairs(cur_names) do
          if nm.stop >= pos then break end
          if nm.start >= lo and ok(nm) and not agents[nm] then
            if orgs.is_org(nm) then return nm.name end
            first = first or nm
          end
        end
      end
      if first then return first.name end
      -- "to buy Manchester United, which could lead to a bid valuing the
      -- Premiership club at £800m": a name the gazetteer does not know,
      -- the nearest before the description, when no organisation is sure
      if orgish then
        -- (when that one has its part already, no other is taken)
        local near
        for _, nm in ipairs(cur_names) do
          if nm.stop >= pos then break end
          -- (not a person after a title: "chief executive Clara Furse")
          local title = cur_low:sub(math.max(1, nm.start - 12), nm.start - 1):match("(%a+)%s+$")
          if nm.start >= (from or 1) and not nm.project and not orgs.is_public(nm.name) and not agents[nm] and
              nm.name:find(" ") and not (title and (POST_TITLES[title] or title == "executive")) then
            near = nm
          end
        end
        if near then return not taken[near.name] and near.name or nil end
      end
    end
    -- "It has invested ...": the subject of the sentence before, when
    -- that one opens with a name; past sentences whose subject is "it"
    -- too ("Constellation ... It seized the top spot when it bought BRL
    -- Hardy ... Since then, it has paid $1bn": Constellation)
    if not orgish and not bullet then
      for k = top - 1, math.max(1, top - 3), -1 do
        local prev = recent_at(k)
        if not prev or not prev:match("^%W*[Ii]t%s") then
          local nm = prev and names_of(prev)[1]
          if nm and nm.start <= 4 and ok(nm) then return nm.name end
          break
        end
      end
    end
    -- "The round values the company at $480m": what the deal told just
    -- before was about (its recipient, target, ...)
    local deal_subject = cur_low and cur_low:match("^%W*th[ei][s]?%s+(%a+)")
    if told and top - told.top <= 1 and not bullet and deal_subject and
        (DEAL_NOUNS[deal_subject] or ROUND_NOUNS[deal_subject]) then
      for _, p in ipairs(told.parties) do
        if (PRINCIPAL[p.role] or 9) <= 4 and not taken[p.name] and not orgs.is_public(p.name) then
          return p.name
        end
      end
    end
    -- the article's organisation, when the sentences before name it (for
    -- "the company" and a deal's other side; "it" is the last subject)
    if orgish and main and not taken[main] and not bullet then
      for k = top - 1, math.max(1, top - 3), -1 do
        for _, nm in ipairs(names_of(recent_at(k))) do
          if nm.name == main then return main end
        end
      end
    end
    -- an item of a list speaks of what the line before the list names
    local last = bullet and 1 or top - 1
    for k = last, math.max(1, last - 2), -1 do
      local before = bullet and lead or recent_at(k)
      for _, nm in ipairs(before and names_of(before) or {}) do
        if ok(nm) then return nm.name end
      end
    end
    -- the article's organisation, unless it is named later in this
    -- sentence (then it has its own part there)
    local later = false
    for _, nm in ipairs(cur_names) do
      if nm.start >= pos and nm.name == main then later = true end
    end
    if main and not taken[main] and not later then return main end
    -- "South Korea's largest credit card firm": a firm, not a country
    if orgish then return focus(pos, false, taken, from, nil, true) end
    return nil
  end
  for para, pa in text.paragraphs(doc.text) do
    first_sentence = first_sentence or para:sub(1, 400)
    local item = para:match("^%s*\226\128\162") or para:match("^%s*[%*%-]%s") or para:match("^%s*%d+[%.%)]%s")
    if not item and bullet then bullet = false end
    if item and not bullet then bullet, lead = true, recent_at(top) end
    if big_only and not text.amount_hint(para) then
      remember(para, true)
      goto next_para
    end
    for sentence, sa in pieces(text.sentences(para)) do
      remember(sentence)
      local hint = text.amount_hint(sentence)
      if big_only and not hint then goto next_sentence end
      -- (read without datelines, tickers and ", Inc.": they name no party)
      local shown = sentence          -- the sentence as written, for evidence
      sentence = orgs.plain(sentence)
      -- an amount of a million or more starts at most a few words before
      -- its hint ("between two hundred and fifty million and ..."): the
      -- grammar reads from the word 80 bytes before it
      local init = 1
      if big_only and hint > 80 then init = sentence:sub(1, hint - 80):match(".*%s()") or 1 end
      local amounts = money.find(sentence, init)
      if #amounts == 0 then goto next_sentence end
      amounts = without_conversions(sentence, amounts)
      amounts.at = {}                -- the amounts by their start
      for _, a in ipairs(amounts) do amounts.at[a.start] = a end
      -- "investments from NVIDIA ($100 billion) and AMD (worth tens of
      -- billions)": a vague amount takes the currency of the sentence
      for _, a in ipairs(amounts) do
        if not a.currency then
          for _, b in ipairs(amounts) do
            if b.currency then a.currency = b.currency; break end
          end
        end
      end
      -- "Tessellate Raises $20M Series A To Build AI Agents": a headline
      -- in title case is read with its verbs and small words in lower case
      -- (a long text in capitals is no headline: its names cannot be
      -- told, and its amounts stay without a deal)
      local unreadable = false
      if all_caps(sentence) then
        if select(2, sentence:gsub("%S+", "")) <= 15 then sentence = decapped(sentence) else unreadable = true end
      elseif title_case(sentence) then sentence = detitled(sentence) end
      do
        local low = sentence:lower()
        -- the names are read when an amount needs its parties (most
        -- amounts are settled by their words alone)
        local names
        local function sentence_names()
          if not names then names = names_of(sentence); cur_names = names end
          return names
        end
        cur_names, cur_low = nil, low
        local found_dates
        -- names that carry one of the sentence's amounts ("from NVIDIA
        -- ($100 billion) and AMD (worth tens of billions)")
        local bound = {}
        for _, x in ipairs(amounts) do
          local win = tail(sentence, x.start, 30)
          local open = win:match("()%(%s*[%l%s]*$")
          open = open and x.start - #win + open - 1
          local nm = open and orgs.name_before(sentence,
            #tail(sentence, open, 60):gsub("%s+$", "") + math.max(1, open - 60), sentence_names())
          if nm then bound[x] = nm.name end
        end
        local base = pa + sa - 2
        for k, real in ipairs(amounts) do
          -- "for 36.50 dlrs a share, or about 370 mln dlrs": the total is
          -- read where the price a share stands
          local amt = per_share(low, amounts, k) or real
          local ca, cb = clause_of(sentence, amt)
          local kind, dist, gap, after, parts, verb_kind, strong, extra
          local big = (amt.high or amt.value or 0) >= (min_amount or MIN_AMOUNT)
          if big then
            -- the amount with its conversion: "$27.5bn (£14.5bn) back tax
            -- bill" has its figure word right after it
            local stop = amt.stop
            local close = amt.alt and sentence:find(")", amt.alt[#amt.alt].stop, true)
            if close and close - amt.stop < 60 then stop = close end
            kind, dist, gap, after = kind_of(sentence, amt.start, stop, ca, cb)
          end
          -- a figure word right by the amount ("a profit of $5bn") or no
          -- deal word and no deal verb: no parties to look for
          local settled = unreadable or kind == "financial" and dist <= 12 and not gap:lower():find("%f[%a]for%f[%A]")
          -- the clause up to the amount
          local before_amt = low:sub(ca, amt.start - 1)
          -- "If a football team can afford to pay £27m", "if Gavi could
          -- increase its funding by £4bn": a condition, not a deal
          settled = settled or before_amt:find("%f[%a]if%f[%A]") ~= nil
          -- "has reduced the debt it took on ... to just 1.8bn euros": a
          -- figure changed to a new level, not a deal
          -- (not "cut its offer to $5bn": a bid stays one)
          if not settled and tail(low, amt.start, 14):match("%f[%a]to%s+[%a]*%s*$") then
            local w = low:sub(math.max(ca, amt.start - 120), amt.start - 1)
            settled = has_word(w, CHANGED) and not has_word(w, BID_NOUNS) and not has_word(w, DEAL_FIGURES)
          end
          -- "at $120m each", "£5 a share": a price of one, not a deal's value
          local after_amt = after_amount(low, amt.stop)
          -- "to pay back a $900m loan", "want £6m for the midfielder", "the
          -- club needs a capital injection of 35m euros": a debt repaid, an
          -- asking price, a need, no deal
          local t24 = tail(low, amt.start, 24)
          -- "the club still owe French club PSG £5m": a debt; "it would
          -- take £40m to stage a takeover": a cost reckoned, no deal
          local t60 = tail(low, amt.start, 60)
          settled = settled or t60:match("%f[%a]owe[sd]?%s[^,;]*$") ~= nil or
            t60:match("%f[%a]owing%s[^,;]*$") ~= nil or
            t24:match("%f[%a]would%s+take%s+[%a%s]*$") ~= nil or t24:match("%f[%a]will%s+take%s+[%a%s]*$") ~= nil
          -- "an initial fee of £6.5m ... - out of a potential total of £21m":
          -- the whole of a deal told with its first part; "Sales of stakes
          -- in firms including X raised 1.17bn euros": proceeds of sales
          settled = settled or t60:match("%f[%a]out%s+of%s+an?%s+[%a%s]-%f[%a]total%s+of%s+[%a%s]*$") ~= nil or
            (t24:match("%f[%a]rais[a-z]*%s+[%a%s]*$") ~= nil and
             before_amt:match("^%W*sales?%s+of%s") ~= nil)
          -- "the opening bid for the firm's Yuganskneftgas unit was $8bn": an
          -- auction's starting price, no bid made
          local ob = before_amt:match("%f[%a]the%s+opening%s+bid%f[%A][^,;]-%f[%a](%a+)%s+$")
          settled = settled or PRICE_LINKS[ob or ""] ~= nil or
            before_amt:match("%f[%a]starting%s+price%f[%A]") ~= nil or
            before_amt:match("%f[%a]reserve%s+price%f[%A]") ~= nil
          -- "Advisors Goldman Sachs are understood to have valued its unit at
          -- £300m", "analysts value the six tracks at £20m": an estimate, no
          -- deal (not "analysts said the bid values X at")
          -- ("the $20bn that Yukos advisers say it is worth")
          local estimate
          for _, who in ipairs{ "analysts?", "advis[eo]rs?", "brokers?" } do
            estimate = estimate or before_amt:match("%f[%a]" .. who .. "%f[%A]([^,;]-)%f[%a]valu") or
              low:sub(amt.stop + 1, cb):match("^[^,;]-%f[%a]" .. who .. "%f[%A]([^,;]-)%f[%a]worth%f[%A]")
          end
          settled = settled or
            (estimate ~= nil and not has_word(estimate, BID_NOUNS) and not has_word(estimate, DEAL_NOUNS) and
             not has_deal_verb(estimate))
          -- "bringing its total funding to $120m", "has now raised $62m
          -- since it was founded": a running total, no new deal
          local running = t24:match("%f[%a]raised%s+[%a%s]*$") and (after_amt:match("^%s+in%s+total%f[%A]") or
            after_amt:match("^%s+to%s+date%f[%A]") or after_amt:match("^%s+so%s+far%f[%A]") or
            after_amt:match("^%s+since%s") or after_amt:match("^%s+in%s+all%f[%A]"))
          -- "borrowings under its existing $500m revolving credit
          -- facility": a facility had before, no new raise
          settled = settled or (kind == "funding" and t24:match("%f[%a]existing%s+$") ~= nil)
          settled = settled or running ~= nil or
            t60:match("%f[%a]bring%a*%s+[%a%s']-%f[%a]total%f[%A][%a%s]-%f[%a]to%s+[%a%s]*$") ~= nil or
            -- "bringing its available liquidity to more than $10bn": a level
            t60:match("%f[%a]bringing%s+its%s+[%a%s%-']-%f[%a]to%s+[%a%s]*$") ~= nil or
            t60:match("%f[%a]taking%s+its%s+[%a%s%-']-%f[%a]to%s+[%a%s]*$") ~= nil
          -- "a Cardiff gig ..., which raised more than £1.25m", "raised £2m
          -- for tsunami victims": money raised for a cause, no deal
          if not settled and t24:match("%f[%a]rais[a-z]*%s+[%a%s]*$") then
            local before = low:sub(math.max(ca, amt.start - 160), amt.start - 1)
            settled = has_word(before, EVENTS) or has_word(after_amount(low, amt.stop):sub(1, 50), CAUSES)
          end
          settled = settled or t24:match("%f[%a]pay%s+back%s+[%a%s]*$") ~= nil or
            t24:match("%f[%a]repa[iy]%a*%s+[%a%s]*$") ~= nil or t24:match("%f[%a]pa[iy]%a*%s+off%s+[%a%s]*$") ~= nil or
            t24:match("%f[%a]wan[a-z]*%s+$") ~= nil or
            tail(low, amt.start, 50):match("%f[%a]needs?%s+an?%s+[%a%s%-]-%f[%a]of%s+[%a%s]*$") ~= nil
          -- "spend 500m euros this year buying back shares": money handed
          -- back, no deal
          settled = settled or after_amt:sub(1, 40):match("^[%a%s]-%f[%a]buy%a*%s+back%f[%A]") ~= nil or
            after_amt:sub(1, 40):match("^[%a%s]-%f[%a]to buy back%f[%A]") ~= nil
          settled = settled or after_amt:match("^%s*each%f[%A]") ~= nil or
            after_amt:match("^%s*apiece%f[%A]") ~= nil or after_amt:match("^%s*a share%f[%A]") ~= nil or
            after_amt:match("^%s*per share%f[%A]") ~= nil
          -- no deal verb before the amount, and for a figure ("sales of
          -- $5bn") none of the cues that make a figure a deal's value
          -- ("valuing", "worth", "paid"): no parties to look for
          if big and (not kind or kind == "financial") and not settled then
            local any = false
            local w0 = math.max(ca, amt.start - 120)
            local left = low:sub(w0, amt.start - 1)
            verbs_between(low, w0, amt.start - 1, function() any = true end)
            if not any then
              any = left:find("valu", 1, true) or left:find("worth", 1, true) or
                left:find("capitali", 1, true) or left:find("%f[%a]pa[iy]")
            end
            settled = not any
          end
          if big and not settled then
            parts, verb_kind, strong, extra = parties_of(sentence, low, sentence_names(), amt, ca, cb, focus, amounts)
            -- the verb that governs the amount says the kind, unless a
            -- figure word sits right next to it ("raised its profit
            -- forecast to $5bn")
            -- ("offered $97.4bn for the assets" buys the assets)
            local figure = kind == "financial" and dist <= 12 and not gap:lower():find("%f[%a]for%f[%A]")
            -- "has received a $3.25bn takeover offer": the deal's noun by
            -- the amount says what it is
            -- (past its conversion: "a $3.25bn (£1.7bn) takeover offer")
            -- ("sign up to a $1.1bn rescue package": a rescue)
            local named = (kind == "acquisition" or kind == "funding") and after and
              (dist <= 2 or gap:match("^%s*%b()%s*$"))
            if strong and not figure and not named then kind = verb_kind end
            -- "the sale of 10 737-800 planes for $630m", "sell billions of
            -- dollars of gold": goods, not a company
            if kind == "acquisition" then
              local w0 = math.max(ca, amt.start - 80)
              local win = low:sub(w0, math.min(cb, amt.stop + 40))
              -- "the sale of ...", "to sell 23 new planes", "buy 10 A320s"
              local at = win:match("sale of ()") or win:match("purchase of ()")
              local count = win:match("%f[%a]sell%s+()%d") or win:match("%f[%a]buy%s+()%d")
              if not at and count and w0 + count - 1 ~= amt.start then at = count end
              local sold = low:sub(w0, amt.start - 1):match("%f[%a]sell")
              local of = sold and after_amount(low, amt.stop):match("^%s+of%s+([%a%s%-]+)")
              local goods = at and goods_of(sentence, w0 + at - 1) or
                (of and of:gsub("^new ", ""):gsub("^fresh ", ""):match("^[%a%-]+"))
              if goods == "shares" or goods == "stock" or goods == "bonds" or goods == "equity" then
                -- "will sell 253m euros of new shares": money raised
                kind = "funding"
                for _, p in ipairs(parts) do
                  if p.part == "seller" then p.part = "raiser" end
                end
              elseif goods and not ACQ_OBJECTS[goods] then
                kind = "contract"
              end
            end
            -- "spend $1bn on EV-DO technology from Lucent": bought from a
            -- supplier, a contract
            if kind == "commitment" then
              for _, p in ipairs(parts) do
                if p.part == "backer" then kind = "contract" end
              end
            end
            if not kind and verb_kind then kind = verb_kind end
            -- "ready to raise £1.4bn to fund a bid": the money is the bid's,
            -- the one raising it the bidder
            if kind == "funding" then
              local purpose = low:sub(amt.stop + 1, math.min(cb, amt.stop + 60))
                :match("^[^,;]-%f[%a]to fund an?%s+([%a%s%-]-)%f[%A]")
              local noun = purpose and purpose:match("(%a+)$")
              if noun == "bid" or noun == "takeover" or noun == "offer" or noun == "buyout" then
                kind = "acquisition"
                for _, p in ipairs(parts) do
                  if p.part == "raiser" then p.part = "buyer" end
                end
              end
            end
            -- "said it would spend $3.3bn to buy one of South Korea's main
            -- retail banks": spent on buying, an acquisition
            -- ("to spend 578m euros on buying out minority shareholders in
            -- Equant": the shareholders' company)
            local purpose, to = low:sub(amt.stop + 1, math.min(cb, amt.stop + 40))
              :match("^[^,;]-%f[%a]to (%a+)%s+()")
            if not purpose then
              purpose, to = low:sub(amt.stop + 1, math.min(cb, amt.stop + 40))
                :match("^%s+on (%a+ing)%s+()")
              local out_of = purpose and low:sub(amt.stop + to, cb):match("^out%s+[%a%s]-%f[%a]in%s+()")
              if out_of then to = to + out_of - 1 end
              purpose = ({ buying = "buy", acquiring = "acquire", purchasing = "buy" })[purpose or ""]
            end
            if kind == "commitment" and (purpose == "buy" or purpose == "acquire") then
              kind = "acquisition"
              for _, p in ipairs(parts) do
                if p.part == "spender" then p.part = "buyer" end
              end
              local nm = orgs.name_after(sentence, amt.stop + to, sentence_names())
              if nm and not orgs.is_public(nm.name) then parts[#parts + 1] = { name = nm.name, part = "target" } end
            elseif kind == "acquisition" and (purpose == "buy" or purpose == "acquire") then
              -- "has agreed to pay $1.2bn to acquire Helix Bio": what the
              -- money buys, when nothing else names it
              local has_target = false
              for _, p in ipairs(parts) do
                if p.part == "target" or p.part == "bought" then has_target = true end
              end
              local nm = not has_target and orgs.name_after(sentence, amt.stop + to, sentence_names())
              if nm and not orgs.is_public(nm.name) then parts[#parts + 1] = { name = nm.name, part = "target" } end
            end
          end
          local parties = {}
          if kind and deals.DEAL_KINDS[kind] and parts then
            local used = {}
            for x, name in pairs(bound) do
              if x ~= real then used[name] = true end
            end
            parties = roles_of(parts, extra, kind, low, amt, ca, focus, used)
          end
          -- "the government announced it is to spend £200m": public
          -- spending, whatever organisation the article is about
          if kind == "commitment" and before_amt:find("%f[%a]government%f[%A]") then
            local inferred = true
            for _, p in ipairs(parties) do
              if not p.inferred then inferred = false end
            end
            if inferred then parties = {} end
          end
          parties, kind = settle(parties, kind)
          if kind == "acquisition" then other_side(parties, low, sentence_names(), bound, real) end
          if kind == "investment" then parties, kind = reread_investment(parties, sentence, ca, cb, amt) end
          -- money a company gets from no investor named, and no spending of
          -- its own ("was looking for a further 540bn yen in fresh
          -- financial backing"): it raises it
          if kind == "investment" and #parties > 0 then
            local only_recipients = true
            for _, p in ipairs(parties) do
              if p.role ~= "recipient" then only_recipients = false end
            end
            -- ("The government will invest $2bn in X": an investor read,
            -- though no party)
            for _, p in ipairs(parts or {}) do
              if p.part == "investor" or p.part == "backer" or p.part == "lead" then only_recipients = false end
            end
            if before_amt:find("%f[%a]government%f[%A]") or before_amt:find("%f[%a]state%f[%A]") then
              only_recipients = false
            end
            if only_recipients then kind = "funding" end
          end
          if kind == "contract" then supply_roles(parties, sentence, low, sentence_names(), ca, cb + 1) end
          -- "Subsequent investments totaling an additional $12bn": more of
          -- the deal of the sentences just before, between the same parties
          if #parties == 0 and told and top - told.top <= 3 and kind and COMPATIBLE[kind] and
              COMPATIBLE[kind][told.kind] and
              has_word(low:sub(math.max(ca, amt.start - 50), amt.start - 1), CONTINUING, "[%a%-]+") then
            for i, p in ipairs(told.parties) do parties[i] = { name = p.name, role = p.role } end
            kind = told.kind
          end
          -- "Orbit Systems agreed to acquire Helix Bio. The deal is worth
          -- $1.2bn": the deal told in the sentences just before
          -- (the deal as the clause's subject, or "under the terms of the
          -- agreement"; not "raised funds for the deal")
          local head = low:sub(ca, cb)
          local told_deal = TOLD_DEAL[head:match("^%W*the%s+(%a+)") or ""] or
            TOLD_DEAL[head:match("^%W*under%s+the%s+terms%s+of%s+the%s+(%a+)") or ""]
          if told_deal and big and not settled and (kind == nil or kind == "contract" or kind == "acquisition") and
              (#parties == 0 or kind == "acquisition") then
            local has = {}
            for _, p in ipairs(parties) do has[p.role or "-"] = p end
            if not (has.acquirer and has.target) then
              for back = top - 1, math.max(1, top - 2), -1 do
                local prev = recent_at(back)
                local event = prev and acquisition_in(prev, names_of(prev))
                -- (the same deal: no other buyer than the one this sentence names)
                if event and has.acquirer and has.acquirer.name ~= event[1].name then event = nil end
                if event then
                  local seen = {}
                  for _, p in ipairs(parties) do seen[p.name] = true end
                  for _, p in ipairs(event) do
                    if not seen[p.name] then parties[#parties + 1] = p; seen[p.name] = true end
                  end
                  kind = "acquisition"
                  break
                end
              end
            end
          end
          -- "Shell agreed to buy Helix Oil in March. Helix Oil's owners will
          -- get $2bn for it.": one side of an acquisition named here, the
          -- other in an acquisition the sentences just before tell about
          -- the same company
          if kind == "acquisition" and big and #parties > 0 then
            local has = {}
            for _, p in ipairs(parties) do has[p.role] = p end
            local known = (has.target and not has.acquirer and has.target) or
              (has.acquirer and not has.target and has.acquirer)
            for back = top - 1, known and math.max(1, top - 2) or top, -1 do
              local prev = recent_at(back)
              local event = prev and acquisition_in(prev, names_of(prev))
              local same = event and ((has.target and event[2].name == known.name and event[2].role == "target") or
                (has.acquirer and event[1].name == known.name and event[1].role == "acquirer"))
              -- (not a later sale: "Orbit bought Helix in 2015. Helix was sold
              -- to a consortium for $2bn in 2021.")
              local y1, y2 = low:match("%f[%d](%d%d%d%d)%f[%D]"), prev and prev:match("%f[%d](%d%d%d%d)%f[%D]")
              if same and ((y1 and y2 and y1 ~= y2) or low:sub(ca, cb):find("%f[%a]to%s+an?%s+%l")) then
                same = false
              end
              if same then
                for _, p in ipairs(event) do
                  if p.name ~= known.name then parties[#parties + 1] = p end
                end
                break
              end
            end
          end
          -- "With a goal of raising $100bn to $500bn, this initiative
          -- ...": the project the sentences just before name, with the
          -- organisations named beside it as its partners
          if #parties == 0 and (kind == "commitment" or kind == "funding" or kind == "investment") and
              has_word(low:sub(ca, cb), PROJECT_REFS, "%f[%a]this%s+([%a%-]+)") then
            for _, p in ipairs(project_partners()) do
              parties[#parties + 1] = { name = p, role = "partner" }
            end
            if #parties > 0 then kind = "commitment" end
          end
          -- the outlet that reports the deal is no party of it ("told
          -- Silicon Post it had lined up $1.25bn")
          if doc.source then
            for i = #parties, 1, -1 do
              if parties[i].name:lower() == doc.source:lower() then table.remove(parties, i) end
            end
          end
          if #parties > 0 then
            local principal
            for _, p in ipairs(parties) do
              if not principal or PRINCIPAL[p.role] < PRINCIPAL[principal.role] then principal = p end
            end
            found_dates = found_dates or dates.find(sentence, { reference = reference })
            local d = date_of(sentence, found_dates, amt, ca, cb)
            d = d and past_month(d, sentence:sub(ca, cb), reference) or d or
              weekday_date(sentence:sub(ca, cb), reference)
            -- the round's label: "Series C", "seed", "pre-seed", "IPO"
            local clause = sentence:sub(ca, cb)
            local round = kind == "funding" and (clause:match("[Ss]eries (%u)%f[%W]") and
              "Series " .. clause:match("[Ss]eries (%u)%f[%W]") or
              (clause:lower():find("pre%-seed") and "pre-seed") or
              (clause:lower():find("%f[%a]seed%f[%A]") and "seed") or
              ((clause:find("%f[%a]IPO%f[%A]") or clause:lower():find("flotation") or
                clause:lower():find("stock market debut")) and "IPO")) or nil
            pending[#pending + 1] = {
              doc = doc.id, source = doc.source, round = round,
              start = base + real.start, stop = base + real.stop,
              sentence = shown, sentence_start = base + 1,
              amount = real, kind = kind, parties = parties, principal = principal.name,
              date = d and d.date or doc.date, date_text = d and d.text,
              date_role = d and d.role, date_fallback = d == nil,
            }
            told = { kind = kind, parties = parties, top = top }
          else
            on_loose { doc = doc.id, source = doc.source, amount = real,
                       sentence = shown, start = base + real.start, kind = kind }
          end
        end
      end
      ::next_sentence::
    end
    ::next_para::
  end
  flush()
  return out, loose
end

-- }==========================================================================



-- {==========================================================================
-- Merging (paa.deals.merge) and presenting (paa.deals.present)
-- ===========================================================================

for k, v in pairs(merge) do deals[k] = v end
for k, v in pairs(present) do deals[k] = v end

--- Find the deals of a corpus: a pass of paa.parallel (documents'
-- mentions gathered in tallies that combine in any order), so on every
-- core under `paa -j N`.
-- @tparam paa.Corpus corpus walked once with `docs{ clean = true }`
-- @tparam[opt] table opts `gazetteer` (a path, added to the shipped one),
--   `min_mentions` (default 1), `min_amount` (default 1,000,000),
--   `max_loose` (default 10)
-- @treturn[1] table `{ deals, loose, loose_count, documents, mentions }`:
--   `loose` the `max_loose` largest amounts that are no deal, `loose_count`
--   how many there are
-- @treturn[2] nil
-- @treturn[2] string what is wrong with the gazetteer, naming it
function deals.find(corpus, opts)
  opts = opts or {}
  local gaz, err = deals.load_gazetteer()
  if not gaz then return nil, err end
  if opts.gazetteer then
    gaz, err = deals.load_gazetteer(opts.gazetteer, gaz)
    if not gaz then return nil, err end
  end
  return require("paa.parallel").run(corpus, { clean = true,  -- on every core: docs/scripts.md
    init = function() return deals.tally(opts.max_loose) end,
    map = function(doc) return { deals.mentions(doc, gaz, opts.min_amount) } end,
    add = function(t, r)
      deals.add(t, r[1], r[2])
      return t
    end,
    merge = deals.combine,
    finish = function(t) return deals.finish(t, opts.min_mentions) end })
end

-- }==========================================================================

return deals
