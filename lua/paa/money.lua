--- paa.money: amounts of money in news text, found by an LPeg grammar.
--
-- `money.find(text)` returns every amount in `text`, in text order, as a
-- record:
--
--     { value = 40000000000, low = nil, high = nil, currency = "USD",
--       text = "$40 billion", start = 18, stop = 28,
--       approx = false, vague = false }
--
-- **What counts.** An amount needs a currency marker: a symbol before the
-- number (`$ US$ A$ C$ HK$ £ € ¥ ₹ Rs` ...), an ISO code before or after it
-- (`USD 5bn`, `5bn EUR`), or a currency word after it (`dollars`, `dlrs`,
-- `pounds`, `stg`, `euros`, `yen`, `yuan`, `rupees` ...). A bare number
-- ("72 million users", "8.1%", "2030", "GPT-5") is never money.
-- `$` alone is USD; `¥` alone is JPY (`CN¥`, `RMB`, `yuan` are CNY).
--
-- **Shapes.** Digits with thousands separators and decimals ("1,250",
-- "22.4", Indian "1,00,000"); scales spelt out or abbreviated, attached or
-- spaced (`thousand million billion trillion lakh crore`, `k m mm mn mln
-- b bn bln tn trn`; single letters only when attached: "$3m", not "$3 m");
-- spelt-out numbers before a scale ("ten billion dollars", "a million
-- pounds", "half a billion euros"); hyphens ("a 40-billion-dollar deal").
--
-- **Fields.**
--
-- - `value`: the amount in units of the currency (a Lua integer when it is
--   whole and fits). For a point amount, the amount. For a range ("between
--   $100 billion and up to $500 billion", "$10-20bn", "$10 to $20 billion")
--   the **low end**. For a bound ("up to $5bn", "more than $5bn") the
--   amount stated. For a vague amount, its low end.
-- - `low`, `high`: the bounds, or nil. A point amount has neither; a range
--   has both; "more than / over / at least / upwards of X" sets `low = X`;
--   "up to / as much as / as high as / under / less than X" sets
--   `high = X`; a vague amount has both ("tens of billions": 1e10, 1e11).
-- - `currency`: an ISO 4217 code. It is nil only for a vague amount whose
--   money-ness comes from the words after it ("billions in funding").
-- - `text`, `start`, `stop`: the matched source, exactly
--   `text:sub(start, stop)` (1-based, inclusive byte offsets). It includes
--   the qualifying words ("about $5bn", "up to $5bn", "between ... and
--   ..."), and for vague amounts the currency words ("billions of
--   dollars") but not the context words ("billions" in "billions in
--   funding").
-- - `approx`: true after "about", "roughly", "nearly", "almost", "around",
--   "an estimated", "some", "approximately", "close to", "circa", "~" ...
-- - `vague`: true for "tens of billions", "hundreds of millions",
--   "billions", "a few million", "several billion", "multibillion" ...
--
-- **Vague amounts** count only when they are about money: followed by "of
-- <currency>" or a currency word ("billions of dollars", "a few million
-- euros", "multimillion-dollar"), preceded by a symbol ("£millions"), or
-- followed by money context: "in <money noun>" ("billions in funding",
-- "tens of billions in new investment"), "of <money noun>", "worth", or
-- (for "multi-") a money noun ("a multibillion deal"). "Billions of
-- people" and "tens of billions of parameters" are not money.
--
-- **Changes, not ranges.** "X to Y" is a range only when it reads as
-- one: "from $10bn to $12bn", "rose $1.64 to $47.10", "by $19bn to
-- $419.3bn" and "X to Y" with Y more than ten times X are two point
-- amounts (a change); "ranging from", "anywhere from", "range(s/d) from"
-- and "between" make a range. A range must go up ("$20bn-$10bn" is two
-- amounts) and use one currency ("250 euros (£173)" stays two amounts).
-- "$50-100,000" is 50,000 to 100,000.
--
-- **Known gaps.** Unscaled "pounds" is refused as likely weight ("700
-- pounds (320kg)"; "5 million pounds" and "30 pounds sterling" count);
-- pence and cents ("270p", "50 cents") are not read; "$" is always USD,
-- even in Canadian or Australian text without a prefix, and "¥" is JPY;
-- European decimal commas ("3,5 Mrd. €") are not read; "won", "real",
-- "rand" and plain "francs" need their country ("South Korean won",
-- "Swiss francs"); "cut profits by $3.8m to $4.9m" is read as a change
-- although it means a range; bounds and "about" are not read on vague
-- amounts ("up to tens of billions" is the vague amount alone).
--
-- The grammar is compiled once, when the module loads; `find` makes one
-- LPeg pass over the text and touches Lua only per amount found.
-- @module paa.money

local lpeg = require "lpeg"

local P, R, S, B = lpeg.P, lpeg.R, lpeg.S, lpeg.B
local C, Cc, Cg, Ct, Cp, Cmt = lpeg.C, lpeg.Cc, lpeg.Cg, lpeg.Ct, lpeg.Cp, lpeg.Cmt

local money = {}

---------------------------------------------------------------------------
-- Characters, spaces, words
---------------------------------------------------------------------------

local digit = R"09"
local alpha = R("az", "AZ")
local alnum = digit + alpha

-- horizontal spaces: ASCII, no-break (U+00A0), narrow no-break (U+202F),
-- figure (U+2007), thin (U+2009), hair (U+200A)
local hspace = S" \t" + "\xC2\xA0" + "\xE2\x80\xAF" + "\xE2\x80\x87" +
  "\xE2\x80\x89" + "\xE2\x80\x8A"
local space = hspace + S"\r\n"
local sp = space^1                 -- between words
local hs = hspace^0                -- between a symbol and its number

-- hyphens: ASCII, U+2010, U+2011 (non-breaking)
local hyphen = P"-" + "\xE2\x80\x90" + "\xE2\x80\x91"
-- a range dash: a hyphen or an en dash (U+2013), optionally spaced
local dash = hs * (hyphen + "\xE2\x80\x93") * hs
-- between a number, its scale and a currency word: "40-billion-dollar"
local sep = sp + hyphen
local apostrophe = P"'" + "\xE2\x80\x99"

-- 'lit(s)': the literal 's', letters in either case, a space matching any
-- run of spaces
local function lit(s)
  local p = P(true)
  for ch in s:gmatch(".") do
    if ch == " " then
      p = p * sp
    elseif ch:match("%a") then
      p = p * S(ch:lower() .. ch:upper())
    else
      p = p * P(ch)
    end
  end
  return p
end

-- 'word(s)': 'lit(s)' as a whole word; that it does not start inside a
-- word is checked once, where an amount starts ('amount' below), since a
-- lookbehind first in each alternative of a choice would defeat LPeg's
-- first-character dispatch
local function word(s)
  return lit(s) * -alnum
end

-- An ordered choice over the keys of 'map', longest key first (so "mln"
-- is tried before "m"; ties in byte order, so the grammar does not depend
-- on hash order), each matched by 'make(key)' and capturing 'map[key]'.
local function choice(map, make)
  local keys = {}
  for k in pairs(map) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    if #a ~= #b then return #a > #b end
    return a < b
  end)
  local p = P(false)
  for _, k in ipairs(keys) do p = p + make(k) * Cc(map[k]) end
  return p
end

-- The words an amount can start with ("about", "between", "US$" ...),
-- collected while the grammar is built, for the quick test 'trigger'
-- below.
local starters = {}
local function can_start(list)
  for _, w in ipairs(list) do starters[#starters + 1] = w end
  return list
end

-- 'words(list)': any of the phrases in 'list' as whole words
local function words(list)
  local map = {}
  for _, w in ipairs(list) do map[w] = true end
  return choice(map, word) / 0   -- '/ 0' drops the capture
end

---------------------------------------------------------------------------
-- Numbers and scales
---------------------------------------------------------------------------

-- "1,250", "22.4", "1,000,000", Indian grouping "1,00,000"; not "1,2"
local integer = digit^1 * (("," * digit^3 * -digit) + ("," * digit^2 * #("," * digit)))^0
local numeral = integer * ("." * digit^1)^-1
-- a number does not start after "1." or "1," (nor inside "GPT5": see
-- 'amount')
local number_start = -B(digit * S".,")
local number = Cg(C(numeral), "num")
-- a number that is a percentage is not an amount ("$5%" does not occur,
-- "5-8% to $5bn" does)
local not_percent = -(hs * "%")

-- scales, as powers of ten
local scale_words = {
  thousand = 3, million = 6, billion = 9, trillion = 12,
  lakh = 5, lakhs = 5, crore = 7, crores = 7,
}
local spaced_abbrevs = { mn = 6, mln = 6, bn = 9, bln = 9, tn = 12, trn = 12 }
local attached_abbrevs = { k = 3, m = 6, mm = 6, b = 9 }
for k, v in pairs(spaced_abbrevs) do attached_abbrevs[k] = v end

local function scale_of(map)
  return choice(map, function(w) return lit(w) * -alnum end)
end
local scale_word = scale_of(scale_words)
-- "$22.4bn", "$3m", "£5million"
local scale_attached = scale_of(scale_words) + scale_of(attached_abbrevs)
-- "$22.4 billion", "15 mln", "$40-billion"; a lone letter must be attached
local scale_spaced = sep * (scale_word + scale_of(spaced_abbrevs))
local scale = Cg(scale_attached + scale_spaced, "exp")

-- spelt-out numbers, only ever before a scale word
local word_numbers = {
  one = 1, two = 2, three = 3, four = 4, five = 5, six = 6, seven = 7,
  eight = 8, nine = 9, ten = 10, eleven = 11, twelve = 12, fifteen = 15,
  twenty = 20, thirty = 30, forty = 40, fifty = 50, sixty = 60,
  seventy = 70, eighty = 80, ninety = 90,
  ["a hundred"] = 100, ["half a"] = 0.5,
}
local word_number = Cg((choice(word_numbers, word) * (sp * word"hundred" * Cc(100))^-1) /
  function(n, h) return tostring(n * (h or 1)) end, "num")

---------------------------------------------------------------------------
-- Currencies
---------------------------------------------------------------------------

-- symbols and marked symbols written before the number
local prefix_symbols = {
  ["$"] = "USD", ["US$"] = "USD", ["U.S.$"] = "USD", ["$US"] = "USD",
  ["A$"] = "AUD", ["AU$"] = "AUD", ["C$"] = "CAD", ["CA$"] = "CAD",
  ["Can$"] = "CAD", ["HK$"] = "HKD", ["NZ$"] = "NZD", ["S$"] = "SGD",
  ["NT$"] = "TWD", ["R$"] = "BRL", ["MX$"] = "MXN",
  ["\xC2\xA3"] = "GBP",                                  -- £
  ["\xE2\x82\xAC"] = "EUR",                              -- €
  ["\xC2\xA5"] = "JPY", ["CN\xC2\xA5"] = "CNY",          -- ¥, CN¥
  ["\xE2\x82\xB9"] = "INR", ["Rs"] = "INR", ["Rs."] = "INR",  -- ₹
  ["\xE2\x82\xA9"] = "KRW",                              -- ₩
  ["\xE2\x82\xBD"] = "RUB",                              -- ₽
  ["\xE2\x82\xAA"] = "ILS",                              -- ₪
  ["\xE2\x82\xA6"] = "NGN",                              -- ₦
}
-- ISO 4217 codes, written before or after the number ("RMB" is CNY)
local iso_codes = {}
for _, code in ipairs{ "USD", "EUR", "GBP", "JPY", "CNY", "INR", "AUD", "CAD",
    "CHF", "HKD", "SGD", "NZD", "KRW", "SEK", "NOK", "DKK", "BRL", "MXN", "RUB",
    "ZAR", "TWD", "AED", "SAR" } do
  iso_codes[code] = code
end
iso_codes.RMB = "CNY"

local prefix_currency = Cg(
  choice(prefix_symbols, function(sym)
    return P(sym)
  end) +
  choice(iso_codes, function(code) return P(code) * -alpha end),
  "cur")

-- currency words written after the number (any case)
local currency_words = {
  dollars = "USD", dollar = "USD", dlrs = "USD", dlr = "USD",
  ["US dollars"] = "USD", ["US dollar"] = "USD", ["U.S. dollars"] = "USD",
  ["American dollars"] = "USD",
  ["Australian dollars"] = "AUD", ["Canadian dollars"] = "CAD",
  ["Hong Kong dollars"] = "HKD", ["New Zealand dollars"] = "NZD",
  ["Singapore dollars"] = "SGD", ["Taiwan dollars"] = "TWD",
  ["New Taiwan dollars"] = "TWD",
  euros = "EUR", euro = "EUR",
  yen = "JPY", yuan = "CNY", renminbi = "CNY", ["Chinese yuan"] = "CNY",
  rupees = "INR", rupee = "INR", ["Indian rupees"] = "INR",
  ["Pakistani rupees"] = "PKR", ["Sri Lankan rupees"] = "LKR",
  ["Swiss francs"] = "CHF", ["South Korean won"] = "KRW", ["Korean won"] = "KRW",
  roubles = "RUB", rubles = "RUB", ["Mexican pesos"] = "MXN",
  ["South African rand"] = "ZAR", ["Brazilian reais"] = "BRL",
  ["Saudi riyals"] = "SAR", dirhams = "AED",
}
-- after a currency word: not "euro-zone", "dollar-denominated", "euro area"
local word_end = -(hyphen * alpha) - (sp * (lit"area" + lit"zone") * -alnum)
local function currency_word(w) return word(w) * word_end end

local iso_suffix = choice(iso_codes, function(code) return P(code) * -alnum end)
local bucks = P"bucks" * -alnum * Cc"USD"      -- lower case only

-- "pound(s)" is often weight: only a scaled amount takes them ("5 million
-- pounds", "a multi-million pound deal"); an unscaled one needs
-- "sterling" ("overloaded by 700 pounds", "a 2,000-pound bomb")
local pounds_sterling = (currency_word"pounds sterling" + currency_word"pound sterling" +
  currency_word"sterling" + currency_word"stg") * Cc"GBP"
local pounds_any = pounds_sterling + (currency_word"pounds" + currency_word"pound") * Cc"GBP"
local pounds_plain = pounds_sterling

local other_words = choice(currency_words, currency_word) + iso_suffix + bucks
-- after a scaled number
local suffix_currency = Cg(other_words + pounds_any, "cur")
-- after a plain number
local suffix_currency_plain = Cg(other_words + pounds_plain, "cur")
-- "5 €", "3.5m€"
local euro_after = Cg(P"\xE2\x82\xAC" * Cc"EUR", "cur")

---------------------------------------------------------------------------
-- Point amounts
---------------------------------------------------------------------------

local amount_end = -alnum * not_percent

-- "$22.4bn", "US$1.25 billion", "£3.5m", "USD 5bn", "Rs 500 crore"
local symbol_first = prefix_currency * hs * number * scale^-1 * amount_end
-- "15 mln dlrs", "5m euros", "40-billion-dollar", "250 euros", "5 €"
local number_first = Cg(Cc(true), "suffix") * number_start * number * (
    scale * sep * suffix_currency
  + sep * suffix_currency_plain
  + scale^-1 * hs * euro_after) * not_percent
-- "ten billion dollars", "a million pounds" ("a" only with spaces: "a
-- million-dollar question" is an idiom), "half a billion euros"
local spelt = Cg(Cc(true), "suffix") * (
    word_number * sep * Cg(scale_word, "exp") * sep
  + S"aA" * Cg(Cc"1", "num") * sp * Cg(scale_word, "exp") * sp) * suffix_currency
-- a number without currency, only as one end of a range ("10" in "10-20
-- billion dollars")
local bare = number_start * number * scale^-1 * amount_end

-- a sub-amount: a table with its own span (s, e), number (num), power of
-- ten (exp), currency (cur) and whether the currency came after (suffix)
local function part(p)
  return Ct(Cg(Cp(), "s") * p * Cg(Cp(), "e"))
end
local point = part(symbol_first + number_first + spelt)
local range_end = part(symbol_first + number_first + bare)

---------------------------------------------------------------------------
-- Qualifiers
---------------------------------------------------------------------------

local approx_words = words(can_start{ "about", "roughly", "nearly", "almost", "around",
  "an estimated", "estimated", "some", "approximately", "approx.", "close to",
  "circa", "an approximate", "in the region of", "in the order of",
  "on the order of", "more or less", "something like" })
local approx = Cg(Cc(true), "approx") * (approx_words * sp + (P"~" + "\xE2\x89\x88") * hs)

local low_words = words(can_start{ "more than", "over", "at least", "upwards of",
  "upward of", "in excess of", "north of", "above", "no less than",
  "not less than", "a minimum of", "well over", "well above", "as little as",
  "as low as", "exceeding", "more then" })
local high_words = words(can_start{ "up to", "as high as", "as much as", "under",
  "less than", "below", "no more than", "not more than", "at most",
  "a maximum of", "as many as", "not exceeding" })
local near_low_words = words(can_start{ "just over", "just above", "slightly more than",
  "slightly over", "a little over", "a little more than" })
local near_high_words = words(can_start{ "just under", "just below", "just shy of",
  "slightly less than", "slightly under", "a little under", "a little less than" })

local qualifier = approx
  + Cg(Cc(true), "approx") * Cg(Cc"low", "bound") * near_low_words * sp
  + Cg(Cc(true), "approx") * Cg(Cc"high", "bound") * near_high_words * sp
  + Cg(Cc"low", "bound") * low_words * sp
  + Cg(Cc"high", "bound") * high_words * sp

---------------------------------------------------------------------------
-- Amount shapes; each is a table of captures that 'finish' turns into
-- records
---------------------------------------------------------------------------

-- "about $5bn", "up to $500bn", "more than ten billion dollars"
local single = Cg(Cc"point", "kind") * qualifier^0 * Cg(point, "lo")

-- "$10-20 billion", "$10bn–$20bn", "$10 to $20 billion", "10-20 million
-- euros"
local to = sp * word"to" * sp
local range = Cg(Cc"range", "kind") * approx^0 * Cg(range_end, "lo") * (
    dash * Cg(Cc"dash", "form")
  + to * Cg(Cc"to", "form")) * Cg(range_end, "hi")

-- "between $100 billion and up to $500 billion", "ranging from 5 to 10
-- million euros"
local range_intro = words(can_start{ "between", "anywhere between", "anywhere from",
  "ranging from", "ranging between" })
local range_upper = words{ "up to", "as much as", "as high as", "as many as" }
local between = Cg(Cc"range", "kind") * Cg(Cc"between", "form") * approx^0 *
  range_intro * sp * Cg(range_end, "lo") * sp * words{ "and", "to" } * sp *
  (range_upper * sp)^-1 * Cg(range_end, "hi")

-- "from $10bn to $12bn": two amounts (see 'finish')
local change = Cg(Cc"change", "kind") * Cg(Cc"to", "form") * word"from" * sp *
  Cg(range_end, "lo") * to * Cg(range_end, "hi")

-- vague quantities: 'exp' is the power of ten named, 'lo'/'hi' offsets
-- added to it for the bounds ("tens of billions": 1e10..1e11)
local plural_scales = { thousands = 3, millions = 6, billions = 9, trillions = 12 }
local plural_scale = Cg(choice(plural_scales, word), "exp")
local function offsets(lo, hi)
  return Cg(Cc(lo), "vlo") * Cg(Cc(hi), "vhi")
end
local few = words(can_start{ "a few", "several", "a couple of", "a couple" })
local multi_scale = Cg(scale_of{ million = 6, billion = 9, trillion = 12 }, "exp")
local multi = lit"multi" * hyphen^-1 * multi_scale
local vague_quantity =
    word"tens of" * sp * plural_scale * offsets(1, 2)
  + word"hundreds of" * sp * plural_scale * offsets(2, 3)
  + few * sp * word"hundred" * sp * Cg(scale_word, "exp") * offsets(2, 3)
  + few * sp * Cg(scale_word, "exp") * offsets(0, 1)
  + multi * offsets(0, 3)
  + plural_scale * offsets(0, 3)

local money_nouns = words{ "funding", "financing", "investment", "investments",
  "revenue", "revenues", "sales", "profit", "profits", "earnings", "losses",
  "debt", "debts", "capital", "cash", "damages", "fines", "penalties",
  "spending", "subsidies", "loans", "assets", "savings", "costs", "contracts",
  "deal", "deals", "bonuses", "compensation", "tax", "taxes", "aid", "grants",
  "bailout", "bailouts", "equity", "valuation", "payments", "fees",
  "royalties", "wages", "salaries", "donations", "cuts", "deposits",
  "contract", "investment", "bid", "takeover", "buyout", "acquisition" }
local money_adjectives = words{ "new", "fresh", "additional", "extra",
  "annual", "lost", "potential", "federal", "public", "private", "venture",
  "outside", "external", "government", "state", "direct", "foreign",
  "unpaid", "bad", "tax", "cash", "yearly", "upfront" }
local money_context = #(
    sp * (words{ "more", "extra" } * sp)^-1 * word"in" * sp *
      (money_adjectives * sp)^-1 * money_nouns
  + sp * word"of" * sp * (money_adjectives * sp)^-1 * money_nouns
  + apostrophe^-1 * sp * word"worth")

local vague = Cg(Cc"vague", "kind") * (
    prefix_currency * hs * vague_quantity * -alnum             -- "£millions"
  + vague_quantity * (
      sp * word"of" * sp * suffix_currency     -- "billions of dollars"
    + sep * suffix_currency                    -- "a few million euros"
    + money_context                            -- "billions in funding"
    + sep * #money_nouns))                     -- "a multibillion deal"

---------------------------------------------------------------------------
-- From captures to records
---------------------------------------------------------------------------

-- 'num' times ten to the 'exp', read by tonumber so "22.4" and 9 give
-- exactly 22400000000; an integer when whole and in range
local function value_of(num, exp)
  local v = tonumber(num:gsub(",", "") .. "e" .. (exp or 0))
  return math.tointeger(v) or v
end

local function record(subject, s, e, value, currency)
  return {
    value = value, currency = currency,
    text = subject:sub(s, e - 1), start = s, stop = e - 1,
    approx = false, vague = false,
  }
end

-- the word just before byte 's', lower-cased, or ""
local function word_before(subject, s)
  local w = subject:sub(math.max(1, s - 16), s - 1):match("(%a+)[%s\xC2\xA0]*$")
  return w and w:lower() or ""
end

-- words before "X to Y" that make it a change, not a range ("rose $1.64
-- to $47.10", "by $19bn to $419.3bn")
local change_words = {}
for w in ([[rose rise rises rising risen fell fall falls falling fallen
    gained gain gains gaining added add adds adding lost lose loses losing
    climbed climb climbing jumped jump jumping dropped drop dropping slipped
    slumped surged soared increased increase increasing decreased decrease
    cut cuts cutting raised raise lifted boosted grew grow grows growing
    declined decline tumbled plunged advanced eased slid shed by up down
    higher lower]]):gmatch("%a+") do
  change_words[w] = true
end

-- Match-time check and construction of the records of one amount shape
-- (captures in 't', starting at 's', ending before 'pos'). Returning
-- false rejects the shape here, so the next shape is tried: "$20bn to
-- $10bn" is not a range, and falls back to the point "$20bn".
local function finish(subject, pos, s, t)
  local kind = t.kind
  if kind == "point" then
    local p = t.lo
    local a = record(subject, s, pos, value_of(p.num, p.exp), p.cur)
    a.approx = t.approx or false
    if t.bound == "low" then a.low = a.value elseif t.bound == "high" then a.high = a.value end
    return pos, a
  elseif kind == "vague" then
    local a = record(subject, s, pos, value_of("1", t.exp + t.vlo), t.cur)
    a.low, a.high = a.value, value_of("1", t.exp + t.vhi)
    a.vague = true
    return pos, a
  end
  -- ranges and changes: one currency, named at least once; a bare low
  -- end needs a currency written after the high end ("10-20 million
  -- euros", not "by 500 to $5bn")
  local lo, hi = t.lo, t.hi
  local cur = lo.cur or hi.cur
  if not cur or (lo.cur and hi.cur and lo.cur ~= hi.cur) then return false end
  if not lo.cur and not hi.suffix then return false end
  -- a bare high end needs a scale after "to" ("$5 to 10 people"), and
  -- none on the low end after a dash ("$5bn-6" is not a range)
  if not hi.cur and not hi.exp and (t.form ~= "dash" or lo.exp) then return false end
  -- "$10-20 billion": the low end shares the high end's scale; a bare
  -- low end must ("2004 to 789m euros" is no range)
  if not lo.exp and hi.exp and value_of(lo.num) < value_of(hi.num) then
    lo.exp = hi.exp
  elseif not lo.cur and hi.exp and t.form ~= "dash" then
    return false
  end
  -- "$50-100,000": fifty thousand to a hundred thousand
  if t.form == "dash" and not lo.exp and not hi.exp and lo.num:match("^%d+$") and
      hi.num:match(",000$") and value_of(lo.num, 3) <= value_of(hi.num) then
    lo.exp = 3
  end
  local low, high = value_of(lo.num, lo.exp), value_of(hi.num, hi.exp)
  if t.form == "to" then
    -- "from $10bn to $12bn", "rose $1.64 to $47.10", "by $19bn to
    -- $419.3bn": a change, two amounts; but "estimates range from..."
    local before = word_before(subject, s)
    local ranged = kind == "change" and before:match("^range[sd]?$")
    if not ranged and (kind == "change" or change_words[before] or high > 10 * low) then
      return pos, record(subject, lo.s, lo.e, low, cur), record(subject, hi.s, hi.e, high, cur)
    end
  end
  if not (low < high) then return false end
  local a = record(subject, s, pos, low, cur)
  a.low, a.high, a.approx = low, high, t.approx or false
  return pos, a
end

local function shape(p)
  return Cmt(Cp() * Ct(p), finish)
end

-- one amount (or the two amounts of a change) starting here, not inside
-- a word ("USA$5", "GPT5 dollars")
local amount = -B(alnum) * (shape(change) + shape(between) + shape(range) + shape(single) + shape(vague))

-- "in 2023 dollars" is a unit of account, not an amount
local constant_dollars = -B(alnum) * word"in" * sp * (P"19" + "20") * digit * digit * -alnum * sep *
  suffix_currency

-- The search: at each word or symbol try an amount; otherwise skip the
-- whole word (no amount starts inside one) or a run of bytes that cannot
-- start one (£ ¥ start with \xC2, € ₹ ≈ with \xE2).
local starts = alnum + S"$~\xC2\xE2"

-- The quick test: can an amount (or "in 2023 dollars") start here? A
-- digit or a symbol's first byte, or the first letters of a starter
-- (lower-case starters in any case; "USD", "Rs" and "US$" as written).
-- Most words fail it at once; the full grammar runs only where it passes.
local function keys(map)
  local t = {}
  for k in pairs(map) do t[#t + 1] = k end
  return t
end
can_start{ "from", "a thousand", "a million", "a billion", "a trillion",
  "tens of", "hundreds of", "multi", "in 19", "in 20" }
for n in pairs(word_numbers) do can_start{ n .. " ", n .. "-" } end
can_start(keys(plural_scales))
can_start(keys(iso_codes))
for sym in pairs(prefix_symbols) do
  if sym:match("^%a") then can_start{ sym } end
end

-- a pattern matching the first 'depth' bytes of any string of 'list' (a
-- space: any spaces; lower-case letters: either case), or the whole of a
-- shorter one
local function prefixes(list, depth)
  local groups, heads = {}, {}
  for _, w in ipairs(list) do
    if #w == 0 or depth == 0 then return P(true) end
    local c = w:sub(1, 1)
    local key = w:match("%u") and "=" .. c or c   -- "=": case-sensitive
    if not groups[key] then groups[key] = {}; heads[#heads + 1] = key end
    table.insert(groups[key], w:sub(2))
  end
  table.sort(heads)
  local p = P(false)
  for _, key in ipairs(heads) do
    local c = key:sub(-1)
    local head = c == " " and sp or (#key == 1 and c:match("%a")) and S(c .. c:upper()) or P(c)
    p = p + head * prefixes(groups[key], depth - 1)
  end
  return p
end
local trigger = #(digit + S"$~\xC2\xE2" + prefixes(starters, 8))

local search = Ct((trigger * (constant_dollars / 0 + amount) + alnum^1 + (1 - starts)^1 + 1)^0)

--- The LPeg pattern of one amount at the current position, for grammars
-- that embed amounts (deal phrases): it captures one record (two for a
-- change "from $1bn to $2bn"), with offsets into the subject.
money.pattern = amount

--- Find the amounts of money in a text.
-- @tparam string text any UTF-8 text (invalid bytes are skipped)
-- @treturn {table,...} the amounts in text order, each `{ value, low,
--   high, currency, text, start, stop, approx, vague }` (see the module
--   comment); an empty table when there are none
-- @raise when `text` is not a string
-- @usage
--   for _, a in ipairs(money.find("raising $40 billion (£30bn)")) do
--     print(a.currency, a.value, a.text)   --> USD 40000000000 $40 billion ...
--   end
function money.find(text)
  if type(text) ~= "string" then
    error("paa.money: bad argument #1 to 'find' (string expected, got " .. type(text) .. ")", 2)
  end
  return search:match(text)
end

return money
