--- paa.deals: deals, funding rounds, valuations and commitments in news
-- text, each reported deal once with every mention behind it.
--
-- A *mention* is an amount of money (`paa.money`) in a sentence that says
-- what kind of deal it is (trigger words), with the parties the sentence
-- names (a gazetteer of organisations, and capitalised names next to a
-- role: "led by Acme Capital"), each party's role where the sentence
-- says it, and a date (`paa.dates`, else the article's date, marked as a
-- fallback). *Merging* joins the mentions of one deal across sentences,
-- articles and outlets: compatible kinds, equal amounts (within rounding,
-- or one range holding the other) and a party in common.
-- @module paa.deals

local lexicon = require "paa.lexicon"
local text = require "paa.text"
local dedup = require "paa.dedup"
local money = require "paa.money"
local dates = require "paa.dates"

local deals = {}

-- {==========================================================================
-- Kinds of deal, from their trigger words (a lexicon: one theme a kind)
-- ===========================================================================

--- The kinds, in the order that breaks ties, with their trigger terms.
deals.KINDS = {
  { name = "valuation", "valuation*", "valued", "valuing", "values", "market cap*",
    "market value" },
  { name = "funding", "funding round*", "round*", "raise", "raised", "raises", "raising",
    "fundrais*", "funding", "financing", "series a", "series b", "series c", "series d",
    "series e", "series f", "seed", "led by", "-round of talks", "-round the clock" },
  { name = "investment", "invest", "invests", "invested", "investing", "investment*",
    "investor*", "stake", "stakes", "backing", "backed", "backer*", "put", "puts",
    "inject*", "cheque*", "check" },
  { name = "acquisition", "acquir*", "acquisition*", "takeover*", "buyout*", "buy", "buys",
    "bought", "purchase*", "merger*", "bid", "bids", "offer to buy", "offered" },
  { name = "deal", "deal", "deals", "agreement*", "contract*", "pact", "partnership*",
    "signed", "signs", "supply", "license", "licence", "licensing" },
  { name = "project", "project*", "infrastructure", "data center*", "data centre*",
    "campus*", "venture", "joint venture", "stargate", "build", "building" },
  { name = "spending", "spend", "spends", "spending", "spent", "commit*", "capex",
    "capital expenditure*", "pour", "costs", "burn*" },
  { name = "revenue", "revenue*", "sales", "profit*", "loss", "losses", "earnings", "income",
    "turnover" },
}

local kind_rank = {}
for i, k in ipairs(deals.KINDS) do kind_rank[k.name] = i end

-- kinds that may name the same deal
local COMPATIBLE = {
  funding = { funding = true, investment = true },
  investment = { funding = true, investment = true, acquisition = true },
  acquisition = { acquisition = true, investment = true },
  deal = { deal = true, project = true, spending = true },
  project = { project = true, deal = true, spending = true, valuation = true },
  spending = { spending = true, project = true, deal = true },
  valuation = { valuation = true, project = true },
  revenue = { revenue = true },
  other = { other = true },
}

local kinds_lexicon
local function kinds()
  kinds_lexicon = kinds_lexicon or lexicon.new(deals.KINDS)
  return kinds_lexicon
end

-- }==========================================================================


-- {==========================================================================
-- Parties
-- ===========================================================================

--- Read a gazetteer: `Name | Alias; Alias` lines, `#` comments.
-- @tparam[opt] string path default the shipped `lua/paa/data/organisations.txt`
-- @tparam[opt] table base a gazetteer to extend
-- @treturn table|nil a gazetteer, or nil and a message
function deals.load_gazetteer(path, base)
  path = path or package.searchpath("paa.data.organisations", (package.path:gsub("%.lua", ".txt")))
  local f, err = io.open(path or "", "r")
  if not f then return nil, err or "cannot find the organisations file" end
  local themes, seen = {}, {}
  for _, t in ipairs(base and base.themes or {}) do
    themes[#themes + 1] = t
    seen[t.name] = t
  end
  local n = 0
  for line in f:lines() do
    n = n + 1
    if line:match("%S") and not line:match("^%s*#") then
      local name, aliases = line:match("^%s*([^|]-)%s*|%s*(.-)%s*$")
      name = name or line:match("^%s*(.-)%s*$")
      if name == "" then
        f:close()
        error(string.format("paa.deals: %s:%d: no name before '|'", path, n), 2)
      end
      local t = seen[name]
      if not t then
        t = { name = name, name }
        themes[#themes + 1], seen[name] = t, t
      end
      local folded = {}
      for _, term in ipairs(t) do folded[term:lower()] = true end
      for alias in (aliases or ""):gmatch("[^;]+") do
        alias = alias:match("^%s*(.-)%s*$")
        if alias ~= "" and not folded[alias:lower()] then
          t[#t + 1], folded[alias:lower()] = alias, true
        end
      end
    end
  end
  f:close()
  return { themes = themes, lexicon = lexicon.new(themes) }
end

-- capitalised words not to take for a name
local NOT_NAMES = {}
for w in ([[The A An And Or But In On At By For Of To From With As It Its Their They He She
  We I This That These Those January February March April May June July August September
  October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday
  CEO CFO Chief Executive Officer President Mr Mrs Ms Dr Inc Ltd LLC Co Corp Group
  Reuters Bloomberg According However Meanwhile Under After Before While Since If When
  US UK EU AI]]):gmatch("%S+") do NOT_NAMES[w] = true end

-- a capitalised name (one to four words) starting at 'pos' of 's'
local function name_at(s, pos)
  local words, p = {}, pos
  while #words < 4 do
    local w, e = s:match("^([%u][%w&%.%-]*%w)()", p)
    if not w then w, e = s:match("^([%u])()", p) end
    if not w or NOT_NAMES[w] then break end
    words[#words + 1] = w
    local sp = s:match("^ ()", e)
    if not sp then p = e; break end
    p = sp
  end
  if #words == 0 then return nil end
  return table.concat(words, " ")
end

-- role cues: the text just before a party (lower case), the text after it
-- (a third field: strong enough to take an unknown capitalised name)
local BEFORE = {
  { "led by $", "lead investor", true }, { "co%-led by $", "lead investor", true },
  { "backed by $", "investor", true }, { "from $", "investor" }, { "including $", "investor" },
  { "investors such as $", "investor", true },
  { "deal with $", "counterparty", true }, { "agreement with $", "counterparty", true },
  { "contract with $", "counterparty", true }, { "partnership with $", "counterparty", true },
  { "pact with $", "counterparty", true }, { "signed with $", "counterparty" },
  { "into $", "recipient" }, { "valuing $", "recipient" }, { "values $", "recipient" },
  { "acquire $", "target", true }, { "acquiring $", "target", true }, { "buy $", "target" },
  { "takeover of $", "target", true }, { "acquisition of $", "target", true },
  { "bid for $", "target", true },
}
local AFTER = {
  { "^'s valuation", "recipient" }, { "^’s valuation", "recipient" },
  { "^'s funding", "recipient" }, { "^’s funding", "recipient" },
  { "^ raised", "recipient" }, { "^ raises", "recipient" }, { "^ is raising", "recipient" },
  { "^ has raised", "recipient" }, { "^ secured", "recipient" }, { "^ closed", "recipient" },
  { "^ invested", "investor" }, { "^ invests", "investor" }, { "^ will invest", "investor" },
  { "^ put", "investor" }, { "^ led", "lead investor" }, { "^%-led", "lead investor" },
  { "^ agreed to buy", "acquirer" }, { "^ agreed to acquire", "acquirer" },
  { "^ acquired", "acquirer" }, { "^ bought", "acquirer" }, { "^ will acquire", "acquirer" },
  { "^ offered", "bidder" },
  { "^ signed", "counterparty" }, { "^ agreed", "counterparty" },
  { "^ will spend", "spender" }, { "^ plans to spend", "spender" }, { "^ committed", "spender" },
  { "^ will pay", "payer" }, { "^ paid", "payer" },
}

-- the role of a party at [a, b] of 'sentence', or nil
local function role_of(sentence, a, b)
  local before = sentence:sub(math.max(1, a - 40), a - 1):lower()
  for _, cue in ipairs(BEFORE) do
    local pat = cue[1]:gsub("%$$", "") .. "$"
    if before:find(pat) then return cue[2] end
  end
  local after = sentence:sub(b + 1, b + 30):lower()
  for _, cue in ipairs(AFTER) do
    if after:find(cue[1]) then return cue[2] end
  end
  return nil
end

-- parties of a sentence: { { name, role, start, stop } }, by position
local function parties_of(sentence, gaz)
  local out, taken = {}, {}
  for name, _, a, b in gaz.lexicon:matches(sentence) do
    if sentence:sub(a, a):match("%u") or sentence:sub(a, a):match("[%d]") or
       sentence:sub(a, a):byte() >= 0x80 or name:sub(1, 1):match("%l") then
      out[#out + 1] = { name = name, start = a, stop = b, role = role_of(sentence, a, b) }
      for i = a, b do taken[i] = true end
    end
  end
  -- a capitalised name right after a strong role cue, not in the gazetteer
  for _, cue in ipairs(BEFORE) do
    local lead = cue[3] and cue[1]:gsub("%%", ""):gsub("%$$", "")
    local init = 1
    while lead do
      local _, e = sentence:lower():find(lead, init, true)
      if not e then break end
      local p = e + 1
      if not taken[p] then
        local name = name_at(sentence, p)
        if name then
          out[#out + 1] = { name = name, start = p, stop = p + #name - 1, role = cue[2] }
          for i = p, p + #name - 1 do taken[i] = true end
        end
      end
      init = e + 1
    end
  end
  table.sort(out, function(x, y) return x.start < y.start end)
  -- one entry a party: its first mention, with the first role any gives it
  local by, uniq = {}, {}
  for _, p in ipairs(out) do
    local q = by[p.name]
    if not q then
      by[p.name] = p
      uniq[#uniq + 1] = p
    elseif not q.role then
      q.role = p.role
    end
  end
  return uniq
end

-- }==========================================================================


-- {==========================================================================
-- Mentions
-- ===========================================================================

local MIN_AMOUNT = 1e6

-- amounts without the conversions that follow them in brackets:
-- "$427bn (£230bn)", "1.45bn euros (£1bn; $1.9bn)" are one amount each
local function without_conversions(sentence, amounts)
  local out, inside = {}, false
  for i, a in ipairs(amounts) do
    local prev = amounts[i - 1]
    local gap = prev and sentence:sub(prev.stop + 1, a.start - 1) or ""
    if prev and (gap:match("^%s*%(%s*$") or (inside and gap:match("^%s*[;,/]%s*$"))) then
      inside = true
    else
      inside = false
      out[#out + 1] = a
    end
  end
  return out
end

-- the kind nearest to the amount at [a, b] of 'sentence'
local function kind_of(sentence, a, b)
  local best, bestd
  for kind, _, s, e in kinds():matches(sentence) do
    local d = e < a and a - e or (s > b and s - b or 0)
    if not best or d < bestd or (d == bestd and kind_rank[kind] < kind_rank[best]) then
      best, bestd = kind, d
    end
  end
  return best
end

-- the date nearest to the amount, or nil
local function date_of(found_dates, a, b)
  local best, bestd
  for _, d in ipairs(found_dates) do
    local dist = d.stop < a and a - d.stop or (d.start > b and d.start - b or 0)
    if not best or dist < bestd then best, bestd = d, dist end
  end
  return best
end

-- the clause of the amount: [a, b] of the sentence between ';'s
local function clause_of(sentence, amt)
  local a, b = 1, #sentence
  for i = amt.start - 1, 1, -1 do
    if sentence:sub(i, i) == ";" then a = i + 1; break end
  end
  local semi = sentence:find(";", amt.stop + 1, true)
  if semi then b = semi - 1 end
  return a, b
end

-- the parties in the clause of the amount, or in the whole sentence when
-- the clause names none; and the amounts of that clause
local function clause_parties(sentence, parties, amounts, amt)
  local a, b = clause_of(sentence, amt)
  local mine, near = {}, {}
  for _, p in ipairs(parties) do
    if p.start >= a and p.stop <= b then mine[#mine + 1] = p end
  end
  for _, x in ipairs(amounts) do
    if x.start >= a and x.stop <= b then near[#near + 1] = x end
  end
  return #mine > 0 and mine or parties, near
end

-- with several amounts in a sentence, a party belongs to the amount
-- nearest to it ("from Nvidia ($100 billion) and AMD (tens of billions)");
-- an amount after the party is preferred (it usually says its sum next)
local INVESTORS = { ["lead investor"] = true, investor = true }

local function nearest_parties(parties, amounts, amt)
  if #amounts < 2 then return parties end
  local mine = {}
  for _, p in ipairs(parties) do
    local best, bestd
    for _, a in ipairs(amounts) do
      local d = p.stop < a.start and a.start - p.stop or (p.start > a.stop and p.start - a.stop + 8 or 0)
      if INVESTORS[p.role] and a.kind == "valuation" then d = math.huge end  -- investors fund
      if not best or d < bestd then best, bestd = a, d end
    end
    if best == amt then mine[#mine + 1] = p end
  end
  return mine
end

-- the organisations of a document's title, for mentions that name none
-- ("it has raised ..."): the article is about them
local function title_parties(doc, gaz)
  if not doc.title or doc.title == "" then return {} end
  local out = parties_of(doc.title, gaz)
  for _, p in ipairs(out) do p.role, p.from_title = nil, true end
  return out
end

--- The deal mentions of one document: the per-document work.
-- @tparam table doc `{ id, source, date, text }` (the text without
--   boilerplate, as `corpus:docs{ clean = true }` gives it)
-- @tparam table gaz a gazetteer (`load_gazetteer`)
-- @tparam[opt] table seen paragraph fingerprints met before (corpus-wide):
--   a paragraph met before gives no mention
-- @tparam[opt] number min_amount smaller amounts are no deal (default
--   1,000,000: share prices, fees and fines of a few dollars stay out)
-- @treturn table mentions `{ doc, source, start, stop, sentence,
--   sentence_start, amount, kind, parties, date, date_text, date_fallback }`
-- @treturn table amounts without a deal kind `{ doc, amount, sentence }`
function deals.mentions(doc, gaz, seen, min_amount)
  local out, loose = {}, {}
  -- relative dates need a day to count from ("2025-06" or "2025" is not one)
  local reference = doc.date and doc.date:match("^%d%d%d%d%-%d%d%-%d%d") or nil
  for para, pa in text.paragraphs(doc.text) do
    local fp = seen and dedup.fingerprint(para)
    if fp and fp ~= 0 and seen[fp] then goto next_para end
    if fp then seen[fp] = true end
    if not para:find("%d") then goto next_para end
    for sentence, sa in text.sentences(para) do
      local amounts = money.find(sentence)
      if #amounts > 0 then
        local found_dates = dates.find(sentence, { reference = reference })
        local parties = parties_of(sentence, gaz)
        amounts = without_conversions(sentence, amounts)
        for _, amt in ipairs(amounts) do
          amt.kind = (amt.high or amt.value or 0) >= (min_amount or MIN_AMOUNT) and
                     kind_of(sentence, amt.start, amt.stop) or nil
        end
        for _, amt in ipairs(amounts) do
          local kind = amt.kind
          local base = pa + sa - 2
          if kind then
            local d = date_of(found_dates, amt.start, amt.stop)
            local mine, near = clause_parties(sentence, parties, amounts, amt)
            mine = nearest_parties(mine, near, amt)
            if #mine == 0 then mine = title_parties(doc, gaz) end
            out[#out + 1] = {
              doc = doc.id, source = doc.source,
              start = base + amt.start, stop = base + amt.stop,
              sentence = sentence, sentence_start = base + 1,
              amount = amt, kind = kind, parties = mine,
              date = d and d.date or doc.date, date_text = d and d.text,
              date_role = d and d.role, date_fallback = d == nil,
            }
          else
            loose[#loose + 1] = { doc = doc.id, source = doc.source, amount = amt,
                                  sentence = sentence, start = base + amt.start }
          end
        end
      end
    end
    ::next_para::
  end
  return out, loose
end

-- }==========================================================================


-- {==========================================================================
-- Merging
-- ===========================================================================

-- the interval an amount stands for, allowing for rounding
local function span(a)
  local lo, hi = a.low or a.value, a.high or a.value
  if not lo or not hi then return nil end
  if not (a.low or a.high) then  -- a point: as precise as it is written
    local tol = math.max(math.abs(a.value) * 0.02, 0)
    return lo - tol, hi + tol
  end
  return lo, hi
end

local function same_amount(x, y)
  if x.currency ~= y.currency then return false end
  if x.vague or y.vague then
    return x.vague and y.vague and x.low == y.low and x.high == y.high
  end
  local a1, b1 = span(x)
  local a2, b2 = span(y)
  if not a1 or not a2 then return false end
  if x.low or x.high or y.low or y.high then return a1 <= b2 and a2 <= b1 end
  return math.abs(x.value - y.value) <= math.max(x.value, y.value) * 0.02
end

local function party_names(m)
  local set = {}
  for _, p in ipairs(m.parties) do set[p.name] = true end
  return set
end

local function shares_party(deal, m)
  local mine = party_names(m)
  for name in pairs(mine) do
    if deal.party_set[name] then return true end
  end
  return false
end

--- Merge mentions into deals.
-- A mention joins the first deal whose kind is compatible, whose amount
-- is the same (within 2% rounding, or overlapping ranges, same currency)
-- and that shares a party with it or was mentioned in the same document
-- (an article that gives one amount twice means one deal). Otherwise it
-- starts a deal.
-- @tparam table mentions in corpus order
-- @treturn table deals `{ kind, amount, parties = { { name, role } },
--   date, date_fallback, mentions, documents, sources }`, by amount
--   (largest first), then first appearance
function deals.merge(mentions)
  local list = {}
  for _, m in ipairs(mentions) do
    local into
    for _, d in ipairs(list) do
      if COMPATIBLE[d.kind][m.kind] and same_amount(d.amount, m.amount) and
         (shares_party(d, m) or d.docs[m.doc]) then
        into = d
        break
      end
    end
    if not into then
      into = { kind = m.kind, amount = m.amount, mentions = {}, party_set = {}, docs = {},
               first = #list + 1 }
      list[#list + 1] = into
    end
    into.mentions[#into.mentions + 1] = m
    into.docs[m.doc] = true
    for _, p in ipairs(m.parties) do into.party_set[p.name] = true end
  end
  for _, d in ipairs(list) do deals.summarise(d) end
  table.sort(list, function(x, y)
    local vx, vy = x.amount.high or x.amount.value, y.amount.high or y.amount.value
    if vx ~= vy then return vx > vy end
    return x.first < y.first
  end)
  for i, d in ipairs(list) do d.id = "D" .. i end
  return list
end

-- the most frequent of 'counts' (ties: first met, as 'order' says)
local function most(counts, order)
  local best
  for _, k in ipairs(order) do
    if not best or counts[k] > counts[best] then best = k end
  end
  return best
end

-- dates that say when a deal happened ("in 2019", "since 2019"), not
-- how long it runs ("through 2030", "until 2030", "by 2029")
local WHEN_ROLES = { at = true, since = true, from = true }

--- Fill in a deal's summary from its mentions: kind, amount as most
-- often written, parties with their most frequent role, date (the
-- earliest date a mention states, or the earliest article date when that
-- is earlier, then marked as a fallback), mentions, documents, sources.
function deals.summarise(d)
  local kinds_n, kinds_order, texts, text_order = {}, {}, {}, {}
  local roles, party_order = {}, {}
  local docs, sources, nd, ns, stated, fallback, horizon = {}, {}, 0, 0, nil, nil, nil
  for _, m in ipairs(d.mentions) do
    if not kinds_n[m.kind] then kinds_n[m.kind] = 0; kinds_order[#kinds_order + 1] = m.kind end
    kinds_n[m.kind] = kinds_n[m.kind] + 1
    local t = m.amount.text
    if not texts[t] then texts[t] = 0; text_order[#text_order + 1] = t end
    texts[t] = texts[t] + 1
    for _, p in ipairs(m.parties) do
      if not roles[p.name] then roles[p.name] = {}; party_order[#party_order + 1] = p.name end
      local r = p.role or "-"
      roles[p.name][r] = (roles[p.name][r] or 0) + 1
    end
    if m.date and not m.date_fallback and (m.date_role == nil or WHEN_ROLES[m.date_role]) then
      if not stated or m.date < stated then stated = m.date end
    elseif m.date and not m.date_fallback then
      if not horizon or m.date < horizon.date then horizon = { date = m.date, role = m.date_role } end
    elseif m.date and m.date_fallback and (not fallback or m.date < fallback) then
      fallback = m.date
    end
    if not docs[m.doc] then docs[m.doc] = true; nd = nd + 1 end
    if not sources[m.source] then sources[m.source] = true; ns = ns + 1 end
  end
  d.kind = most(kinds_n, kinds_order)
  local text_of = most(texts, text_order)
  for _, m in ipairs(d.mentions) do
    if m.amount.text == text_of then d.amount = m.amount; break end
  end
  d.parties = {}
  for _, name in ipairs(party_order) do
    local rs, best = roles[name], nil
    for r, n in pairs(rs) do
      if r ~= "-" and (not best or n > rs[best] or (n == rs[best] and r < best)) then best = r end
    end
    d.parties[#d.parties + 1] = { name = name, role = best }
  end
  -- when: the earliest date a mention states, or an article's date when
  -- that is earlier (the deal was reported before the date it names)
  if stated and (not fallback or stated <= fallback) then
    d.date, d.date_fallback = stated, false
  else
    d.date, d.date_fallback = fallback, fallback ~= nil
  end
  d.horizon = horizon  -- "through 2023", "by 2029": how long it runs
  d.documents, d.sources = nd, ns
  d.source_list = {}
  for s in pairs(sources) do d.source_list[#d.source_list + 1] = s end
  table.sort(d.source_list)
  return d
end

-- }==========================================================================


--- Find the deals of a corpus.
-- @tparam paa.Corpus corpus walked once with `docs{ clean = true }`
-- @tparam[opt] table opts `gazetteer` (a path, added to the shipped one),
--   `min_mentions` (default 1), `min_amount` (default 1,000,000)
-- @treturn table `{ deals, loose, documents }`: `loose` the amounts with
--   no deal kind in their sentence
function deals.find(corpus, opts)
  opts = opts or {}
  local gaz = assert(deals.load_gazetteer())
  if opts.gazetteer then gaz = assert(deals.load_gazetteer(opts.gazetteer, gaz)) end
  local mentions, loose, seen, n = {}, {}, {}, 0
  for doc in corpus:docs{ clean = true } do
    n = n + 1
    local ms, ls = deals.mentions(doc, gaz, seen, opts.min_amount)
    for _, m in ipairs(ms) do mentions[#mentions + 1] = m end
    for _, l in ipairs(ls) do loose[#loose + 1] = l end
  end
  local all, kept = deals.merge(mentions), {}
  for _, d in ipairs(all) do
    if #d.mentions >= (opts.min_mentions or 1) then kept[#kept + 1] = d end
  end
  for i, d in ipairs(kept) do d.id = "D" .. i end
  return { deals = kept, loose = loose, documents = n, mentions = #mentions }
end

-- {==========================================================================
-- Presenting deals: tables for paa.report
-- ===========================================================================

local report = require "paa.report"

local SYMBOL = { USD = "$", GBP = "£", EUR = "€", JPY = "¥" }

--- An amount written the same way for every deal: "$40bn", "£3.5m",
-- "$100bn–$500bn", "≈$1.9bn", "$10bn–$100bn (vague)", "≤ $500bn".
-- @tparam table a an amount of `paa.money`
-- @treturn string
function deals.format_amount(a)
  local sym = SYMBOL[a.currency] or (a.currency and a.currency .. " " or "")
  local function one(v)
    if not v then return "?" end
    local scales = { { 1e12, "tn" }, { 1e9, "bn" }, { 1e6, "m" }, { 1e3, "k" } }
    for _, sc in ipairs(scales) do
      if math.abs(v) >= sc[1] then
        local x = v / sc[1]
        local str = (x == math.floor(x)) and string.format("%d", math.floor(x)) or
          (string.format("%.2f", x):gsub("0+$", ""):gsub("%.$", ""))
        return sym .. str .. sc[2]
      end
    end
    return sym .. report.thousands(math.floor(v + 0.5))
  end
  local s
  if a.low and a.high then s = one(a.low) .. "–" .. one(a.high)
  elseif a.high then s = "≤ " .. one(a.high)
  elseif a.low then s = "≥ " .. one(a.low)
  else s = one(a.value) end
  if a.approx then s = "≈" .. s end
  if a.vague then s = s .. " (vague)" end
  return s
end

--- A deal's parties as "Name (role), Name".
function deals.format_parties(d)
  local out = {}
  for i, p in ipairs(d.parties) do out[i] = p.role and (p.name .. " (" .. p.role .. ")") or p.name end
  return table.concat(out, ", ")
end

--- The deals as a `report.table` spec: id, amount as written, amount,
-- kind, parties, date, mentions, documents, sources.
function deals.table(found)
  local rows = {}
  for _, d in ipairs(found.deals) do
    rows[#rows + 1] = { id = d.id, written = d.amount.text, amount = deals.format_amount(d.amount),
      kind = d.kind, parties = deals.format_parties(d),
      date = d.date and (d.date .. (d.date_fallback and "*" or "")) or
        (d.horizon and d.horizon.role .. " " .. d.horizon.date),
      mentions = #d.mentions,
      documents = d.documents, sources = d.sources }
  end
  return { rows = rows, columns = {
    { key = "id", title = "id" },
    { key = "amount", title = "amount", align = "right" },
    { key = "written", title = "as written", format = function(v) return report.clip(v, 30) end },
    { key = "kind", title = "kind" },
    { key = "parties", title = "parties (role)", format = function(v) return report.clip(v, 60) end },
    { key = "date", title = "date", empty = "-" },
    { key = "mentions", title = "mentions", align = "right" },
    { key = "documents", title = "docs", align = "right" },
    { key = "sources", title = "sources", align = "right" },
  } }
end

--- The deals as the report's JSON document (see docs/deals.md).
function deals.json(found, manifest)
  local out = {}
  for i, d in ipairs(found.deals) do
    local a = d.amount
    local evidence = {}
    for k, m in ipairs(d.mentions) do
      evidence[k] = { doc = m.doc, source = m.source, start = m.start, stop = m.stop,
                      sentence = m.sentence, text = m.amount.text, date = m.date,
                      date_fallback = m.date_fallback }
    end
    out[i] = { id = d.id, kind = d.kind,
      amount = { value = a.value, low = a.low, high = a.high, currency = a.currency, text = a.text,
                 approx = a.approx or false, vague = a.vague or false },
      parties = d.parties, date = d.date, date_fallback = d.date_fallback, horizon = d.horizon,
      mentions = #d.mentions, documents = d.documents, sources = d.source_list,
      evidence = evidence }
  end
  return { manifest = manifest, deals = out }
end

--- Keyword-in-context lines for every mention of a deal.
function deals.explain_lines(d)
  local out = {}
  for _, m in ipairs(d.mentions) do
    local at = m.start - m.sentence_start + 1
    local names = {}
    for i, p in ipairs(m.parties) do names[i] = p.role and (p.name .. " (" .. p.role .. ")") or p.name end
    out[#out + 1] = string.format("%s:%d-%d  [%s]  %s; %s; %s%s", m.doc, m.start, m.stop, m.source,
      m.kind, #names > 0 and table.concat(names, ", ") or "no party named", m.date or "undated",
      m.date_fallback and " (article date)" or "")
    out[#out + 1] = "    " .. report.clip(m.sentence:sub(1, at - 1), 120, true) .. "«" ..
      m.amount.text .. "»" .. report.clip(m.sentence:sub(at + #m.amount.text), 120)
  end
  return out
end

-- }==========================================================================

return deals
