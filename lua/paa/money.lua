--- paa.money: amounts of money in news text, found by an LPeg grammar.
--
-- `money.find(text)` returns every amount in `text`, in text order, as a
-- record:
--
--     { value = 40000000000, low = nil, high = nil, currency = "USD",
--       text = "$40 billion", start = 18, stop = 28,
--       approx = false, vague = false }
--
-- **What counts.** An amount needs a currency marker, read from the
-- currency table `lua/paa/data/currencies.txt` (its header gives the
-- format): a symbol before the number (`$ US$ A$ C$ HK$ £ € ¥ ₹ Rs ₿`
-- ..., also tokenised: "hk $ 10.05 billion", "c $ 1.34"), a code before
-- or after it in capitals, spaced or attached, with a scale after it or
-- an M for millions (`USD 5bn`, `5bn EUR`, `115USD`, `75 USD million`,
-- `30 MUSD`), the codes that are not words also in lower case (`usd 20`,
-- `10 rmb`), a currency word after it (`dollars`, `dlrs`, `stg`, `euros`,
-- `yen`, `francs`, `pesetas`, `kronor` ...), a sub-unit (`cents`,
-- `pence`, `satoshis`: "50 cents" is USD 0.50) or a symbol after it ("5
-- €", "100元"). A bare number ("72 million users", "8.1%", "2030",
-- "GPT-5") is never money. `$` alone is USD; `¥` alone is JPY; plain
-- "francs" CHF; plain "pesos" is not read.
--
-- **Shapes.** Digits with thousands separators and decimals ("1,250",
-- "22.4", Indian "1,00,000"); scales spelt out or abbreviated, attached or
-- spaced (`thousand million billion trillion lakh crore`, `k m mm mn mln
-- b bn bln tn trn`; single letters only when attached: "$3m", not "$3
-- m"); spelt-out numbers before a scale, read by `paa.numbers` ("twenty-
-- five million dollars", "two hundred and fifty million pounds", "a
-- million pounds", "half a billion euros", "a quarter million dollars");
-- hyphens ("a 40-billion-dollar deal", "12-cent-a-share"); an amount and
-- its hundredths ("3 dollars 50 cents", "17 USD 25.").
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
--   money-ness comes from the words around it ("billions in funding",
--   "worth tens of billions").
-- - `text`, `start`, `stop`: the matched source, exactly
--   `text:sub(start, stop)` (1-based, inclusive byte offsets). It includes
--   the qualifying words ("about $5bn", "up to $5bn", "between ... and
--   ..."), and for vague amounts the currency words ("billions of
--   dollars") but not the context words ("billions" in "billions in
--   funding").
-- - `approx`: true after "about", "roughly", "nearly", "almost", "around",
--   "an estimated", "some", "approximately", "close to", "circa", "~" ...
-- - `vague`: true for "tens of billions" (1e10 .. 1e11), "hundreds of
--   millions" (1e8 .. 1e9), "billions" (1e9 .. 1e12), "a few million" and
--   "several million" (1e6 .. 1e7), "a few hundred million" (1e8 .. 1e9),
--   "multibillion" (1e9 .. 1e12), "£millions" (1e6 .. 1e9).
--
-- **Vague amounts** count only when they are about money: followed by "of
-- <currency>" or a currency word ("billions of dollars", "a few million
-- euros", "multimillion-dollar"), preceded by a symbol ("£millions"),
-- followed by money context: "in <money noun>" ("billions in funding",
-- "tens of billions in new investment"), "of <money noun>", "worth", or
-- (for "multi-") a money noun ("a multibillion deal"); or, for a plural
-- not followed by "of", after a money verb ("worth tens of billions",
-- "spent millions", "lost billions"). "Billions of people", "tens of
-- billions of parameters" and "lost millions of fans" are not money. A
-- spelt number needs a currency word ("ten billion dollars"), and "a"
-- needs spaces ("a million dollars"; "a million-dollar question" is an
-- idiom).
--
-- **Changes, not ranges.** "X to Y" is a range only when it reads as
-- one: "from $10bn to $12bn", "rose $1.64 to $47.10", "by $19bn to
-- $419.3bn" and "X to Y" with Y more than ten times X are two point
-- amounts (a change); "ranging from", "anywhere from", "range(s/d) from"
-- and "between" make a range. A range must go up ("$20bn-$10bn" is two
-- amounts) and use one currency ("250 euros (£173)" stays two amounts).
-- "$50-100,000" is 50,000 to 100,000.
--
-- **Known gaps.** Unscaled "pounds", "won", "rand", "marks" and
-- "crowns" are refused (weights, verbs, scores: "700 pounds (320kg)");
-- spelled numbers without a scale are read only before dollars, cents,
-- pence, penny, euros and yen ("two dollars", not "five francs"); "270p"; a currency
-- word before the number ("dollar 22.5 million"); "$" is always USD, even
-- in Canadian or Australian text without a prefix; European decimal
-- commas ("3,5 Mrd. €"); "cut profits by $3.8m to $4.9m" is read as a
-- change although it means a range; bounds and "about" are not read on
-- vague amounts ("up to tens of billions" is the vague amount alone).
--
-- **How it works.** The grammar is compiled once, when the module loads.
-- `find` makes one LPeg pass over the text that stops only where an
-- amount can have its core: a digit, a currency symbol, an ISO code, a
-- scale word ("million", "billions", "multi-"). From there the grammar
-- reads forward (number, scale, currency, the other end of a range); the
-- words just before the core ("about", "up to", "between", "from", "ten",
-- "tens of", "a few") are read by a second small grammar over the few
-- bytes before it, once per amount found. Testing every word against
-- every qualifier instead would make the scan several times slower.
-- @module paa.money

local lpeg = require "lpeg"
local numbers = require "paa.numbers"

local P, R, S, B, V = lpeg.P, lpeg.R, lpeg.S, lpeg.B, lpeg.V
local C, Cc, Cg, Ct, Cp, Cmt, Carg = lpeg.C, lpeg.Cc, lpeg.Cg, lpeg.Ct, lpeg.Cp, lpeg.Cmt, lpeg.Carg

local money = {}

---------------------------------------------------------------------------
-- Characters, spaces, words
---------------------------------------------------------------------------

local digit = R"09"
local alpha = R("az", "AZ")
local upper = R"AZ"
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

-- 'word(s)': 'lit(s)' not followed by a letter or digit. That it does not
-- start inside a word is checked once where a match starts (a lookbehind
-- first in each alternative of a choice would defeat LPeg's
-- first-character tests).
local function word(s)
  return lit(s) * -alnum
end

-- An ordered choice over the keys of 'map', each matched by 'make(key)'
-- and capturing 'map[key]'. Keys are tried longest first (so "mln" before
-- "m"; ties in byte order, so the grammar does not depend on hash order).
-- LPeg tries the alternatives of a choice one after another (testing
-- each one's first character), so keys are grouped by first letter and
-- the groups put in a balanced tree: a word is rejected after a few tests,
-- not after one per key. '#P(1) *' keeps LPeg from flattening the tree.
local function choice(map, make)
  local keys = numbers.longest_first(map)
  local groups, firsts = {}, {}
  for _, k in ipairs(keys) do
    local c = k:sub(1, 1):lower()
    if not groups[c] then groups[c] = P(false); firsts[#firsts + 1] = c end
    groups[c] = groups[c] + make(k) * Cc(map[k])
  end
  table.sort(firsts)
  local function tree(i, j)
    if i == j then return #P(1) * groups[firsts[i]] end
    local m = (i + j) // 2
    return #P(1) * (tree(i, m) + tree(m + 1, j))
  end
  return tree(1, #firsts)
end

-- Big parts used in several places are rules of one grammar (see
-- 'search'), so that LPeg compiles each once instead of copying it into
-- every pattern that uses it: 'rule(name, p)' stores 'p' and returns a
-- reference to it.
local rules = {}
local function rule(name, p)
  rules[name] = p
  return V(name)
end

-- 'words(list)': any of the phrases in 'list' as whole words, no capture
local function words(list)
  local map = {}
  for _, w in ipairs(list) do map[w] = true end
  return choice(map, word) / 0
end

---------------------------------------------------------------------------
-- Numbers and scales
---------------------------------------------------------------------------

-- "1,250", "22.4", "1,000,000", Indian grouping "1,00,000"; not "1,2"
local integer = digit^1 * (("," * digit^3 * -digit) + ("," * digit^2 * #("," * digit)))^0
local numeral = integer * ("." * digit^1)^-1
local number = Cg(C(numeral), "num")
-- a number on its own does not start right after "1." or "1," (and never
-- inside a word: see 'amount')
local number_start = -B(digit * S".,")
-- "5%" is a percentage whatever follows
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
  return choice(map, word)
end
local scale_word = scale_of(scale_words)
-- after a number, plurals too ("£22 billions")
local number_scale_words = { thousands = 3, millions = 6, billions = 9, trillions = 12 }
for k, v in pairs(scale_words) do number_scale_words[k] = v end
local number_scale_word = scale_of(number_scale_words)
-- "$22.4bn", "$3m", "£5million"
local scale_attached = number_scale_word + scale_of(attached_abbrevs)
-- "$22.4 billion", "15 mln", "$40-billion"; a lone letter must be attached
local scale_spaced = sep * (number_scale_word + scale_of(spaced_abbrevs))
local scale = rule("scale", Cg(scale_attached + scale_spaced, "exp"))

-- "millions", "billions": vague on their own
local plural_scale = Cg(scale_of{ thousands = 3, millions = 6, billions = 9, trillions = 12 }, "exp")
-- "multimillion", "multi-billion"
local multi = lit"multi" * hyphen^-1 * Cg(scale_of{ million = 6, billion = 9, trillion = 12 }, "exp")


---------------------------------------------------------------------------
-- Currencies, from the data file lua/paa/data/currencies.txt
---------------------------------------------------------------------------

-- Read the currency table: kind -> { form -> "CODE" or "CODE/SHIFT" },
-- SHIFT the power of ten of a sub-unit ("USD/-2" for cents). Raises on a
-- malformed line, naming it: the table ships with paa.
local function load_currencies()
  local path = require("paa.path").searchpath("paa.data.currencies", "txt")
  local f = path and io.open(path, "rb")
  if not f then error("paa.money: cannot find paa/data/currencies.txt", 0) end
  local t = { before = {}, code = {}, lower = {}, after = {}, scaled = {}, symbol = {} }
  local n = 0
  for line in f:lines() do
    n = n + 1
    if line:find("%S") and not line:find("^%s*#") then
      local code, factor, kind, forms = line:match("^(%u%u%u)/?(%S*)%s+(%l+)%s+(.-)%s*$")
      if not code or not t[kind] then
        f:close()
        error(string.format("paa.money: %s:%d: bad currency line", path, n), 0)
      end
      local cur = code
      if factor ~= "" then
        cur = code .. "/" .. math.floor(math.log(tonumber(factor), 10) + 0.5)
      end
      for form in forms:gmatch("[^,]+") do
        t[kind][form:match("^%s*(.-)%s*$")] = cur
      end
    end
  end
  f:close()
  return t
end
local CURRENCIES = load_currencies()

-- symbols and marked symbols written before the number: as written, and
-- a form of two or more letters and "$" (or "c $") also spaced and in any
-- case ("hk $ 10.05 billion", "usd$ 15"); "A$" only attached and as
-- written ("a $5bn deal" is US dollars)
local function before_symbol(form)
  local letters = form:match("^([%a%.]+)%$$")
  if letters and (#letters:gsub("%.", "") >= 2 or letters == "C") then
    return lit(letters) * hs * "$"
  end
  return P(form)
end
-- codes in capitals, attached ("USD115") or spaced, not before a letter;
-- the listed ones also in lower case ("usd 20")
local function code(c) return P(c) * -alpha end
local prefix_currency = rule("prefix_currency", Cg(choice(CURRENCIES.before, before_symbol) +
  choice(CURRENCIES.code, code) + choice(CURRENCIES.lower, code), "cur"))
-- "MUSD", "MAUD": millions of a code ("30 MUSD", "MAUD 60")
local mcode = Cg(Cc(6), "exp") * "M" * Cg(choice(CURRENCIES.code, code), "cur")

-- currency words written after the number (any case); not "euro-zone",
-- "dollar-denominated", "euro area", but "12-cent-a-share"
local word_end = -(hyphen * alpha - hyphen * S"aA" * hyphen) - (sp * (lit"area" + lit"zone") * -alnum)
local function currency_word(w) return word(w) * word_end end
-- sub-units in lower case or capitals only: "50 cents", "50 CENTS", not
-- the rapper 50 Cent
local function after_word(w)
  if CURRENCIES.after[w]:find("/") then return (P(w) + P(w:upper())) * -alnum * word_end end
  return currency_word(w)
end

-- after the number: a code (not before a digit: "3 USD50 cards" is USD
-- 50), a word, a symbol, "bucks" in lower case (not the team)
local codes_any_case = {}
for c, cur in pairs(CURRENCIES.code) do codes_any_case[c] = cur end
for c, cur in pairs(CURRENCIES.lower) do codes_any_case[c] = cur end
local iso_suffix = choice(codes_any_case, function(c) return P(c) * -alnum end)
local bucks = P"bucks" * -alnum * Cc"USD"
-- "pound(s)", "won", "rand", "marks": only a scaled amount takes them ("5
-- million pounds", "a multi-million pound deal"); an unscaled one is a
-- weight, a verb or a score ("overloaded by 700 pounds", "a 2,000-pound
-- bomb"); 'scaled_only' marks them
local scaled_words = Cg(choice(CURRENCIES.scaled, currency_word), "cur") * Cg(Cc(true), "scaled_only")

local suffix_words = rule("suffix_words",
  Cg(choice(CURRENCIES.after, after_word) + bucks, "cur") + scaled_words)
local suffix_currency = rule("suffix_currency", suffix_words + Cg(iso_suffix, "cur"))
-- Currencies in lower case before a number, read behind it (see
-- 'number_behind'): codes ("usd 20", "rmb 10"); and the letters before a
-- "$" ("c $ 1.34", "hk $ 10.05 billion", "mxn$ 15").
local PREFIXES = {}
for c, cur in pairs(CURRENCIES.lower) do PREFIXES[c] = cur end
local MARKED = { c = "CAD" }
for form, cur in pairs(CURRENCIES.before) do
  local letters = form:match("^(%a[%a%.]+)%$$")
  if letters then MARKED[letters:lower()] = cur end
end

-- the word just before byte 's', lower-cased, or ""
local function word_before(subject, s)
  local w = subject:sub(math.max(1, s - 16), s - 1):match("(%a+)[%s\xC2\xA0]*$")
  return w and w:lower() or ""
end

-- "5 €", "3.5m€", "100元", "10 $" (a "$" after the number only when no
-- number follows it: "1 $10 bill" is $10)
local symbol_after = Cg(choice(CURRENCIES.symbol, function(s)
  if s == "$" then
    -- the number after must be one too: "10 $ 30 $", "10 $ 30 cents"
    return P"$" * (-(hs * digit) + #(hs * numeral * hs * (P"$" + S"cC" * "ent")))
  end
  return P(s)
end), "cur")

---------------------------------------------------------------------------
-- Money context for vague amounts: "billions in funding"
---------------------------------------------------------------------------

local money_nouns = rule("money_nouns", words{ "funding", "financing", "investment",
  "investments", "revenue", "revenues", "sales", "profit", "profits", "earnings", "losses",
  "debt", "debts", "capital", "cash", "damages", "fines", "penalties",
  "spending", "subsidies", "loans", "assets", "savings", "costs", "contracts",
  "contract", "deal", "deals", "bonuses", "compensation", "tax", "taxes",
  "aid", "grants", "bailout", "bailouts", "equity", "valuation", "payments",
  "fees", "royalties", "wages", "salaries", "donations", "cuts", "deposits",
  "bid", "takeover", "buyout", "acquisition" })
local money_adjectives = words{ "new", "fresh", "additional", "extra",
  "annual", "lost", "potential", "federal", "public", "private", "venture",
  "outside", "external", "government", "state", "direct", "foreign",
  "unpaid", "bad", "tax", "cash", "yearly", "upfront" }
-- looked at, not taken into the amount's text
local money_context = rule("money_context", #(
    sp * (words{ "more", "extra" } * sp)^-1 * word"in" * sp *
      (money_adjectives * sp)^-1 * money_nouns
  + sp * word"of" * sp * (money_adjectives * sp)^-1 * money_nouns
  + apostrophe^-1 * sp * word"worth"))

---------------------------------------------------------------------------
-- The words before a core: qualifiers, range openers, spelt numbers
---------------------------------------------------------------------------

local approx = Cg(Cc(true), "approx") * (words{ "about", "roughly", "nearly",
  "almost", "around", "an estimated", "estimated", "some", "approximately",
  "approx.", "close to", "circa", "an approximate", "in the region of",
  "in the order of", "on the order of", "more or less", "something like" } * sp
  + (P"~" + "\xE2\x89\x88") * hs)                              -- ~ ≈

local low_words = words{ "more than", "over", "at least", "upwards of",
  "upward of", "in excess of", "north of", "above", "no less than",
  "not less than", "a minimum of", "well over", "well above", "as little as",
  "as low as", "exceeding" }
local high_words = words{ "up to", "as high as", "as much as", "under",
  "less than", "below", "no more than", "not more than", "at most",
  "a maximum of", "as many as", "not exceeding" }
local near_low_words = words{ "just over", "just above", "slightly more than",
  "slightly over", "a little over", "a little more than" }
local near_high_words = words{ "just under", "just below", "just shy of",
  "slightly less than", "slightly under", "a little under", "a little less than" }

local qualifier = approx
  + Cg(Cc(true), "approx") * Cg(Cc"low", "bound") * near_low_words * sp
  + Cg(Cc(true), "approx") * Cg(Cc"high", "bound") * near_high_words * sp
  + Cg(Cc"low", "bound") * low_words * sp
  + Cg(Cc"high", "bound") * high_words * sp

-- "between X and Y" is a range; "from X to Y" a change, unless "ranging
-- from" or "anywhere from"
local opener = Cg(choice({ between = "range", ["anywhere between"] = "range",
  ["ranging between"] = "range", ["ranging from"] = "range",
  ["anywhere from"] = "range", from = "from" }, word), "opener") * sp

-- before a scale word: "ten", "two hundred and fifty", "twenty-five",
-- "a", "half a", "a quarter", "three quarters" (paa.numbers); "a few",
-- "several", "a few hundred" (vague)
local spelt = (Cg(Cc(0.5), "wordnum") * word"half" * sp * word"a"
  + Cg(numbers.fraction + numbers.cardinal, "wordnum")
  + Cg(Cc(1), "wordnum") * Cg(Cc(true), "article") * word"a") * sep
local few = Cg(Cc(true), "few") * words{ "a few", "several", "a couple of", "a couple" } *
  sp * (word"hundred" * Cg(Cc(true), "hundred") * sp)^-1
-- before a plural scale: "tens of", "hundreds of"
local multiplier = Cg(choice({ ["tens of"] = 1, ["hundreds of"] = 2 }, word), "times") * sp
-- verbs that make a bare "billions" money ("worth tens of billions",
-- "spent millions"); 'at' marks where the amount's text starts
local money_verb = Cg(Cc(true), "verb") * words{ "worth", "valued at", "cost", "costs",
  "costing", "spent", "spend", "spends", "spending", "invest", "invests",
  "invested", "investing", "paid", "pay", "pays", "paying", "raise", "raised",
  "raises", "raising", "owe", "owes", "owed", "owing", "lost", "lose", "loses",
  "losing", "saved", "save", "saves", "saving", "earned", "earn", "earns",
  "earning", "borrowed", "borrow", "borrowing" } * sp * Cg(Cp(), "at")

-- 'before(seq)': a function (subject, s) -> start, table that reads 'seq'
-- (a sequence of optional parts, captures in a table) in the bytes just
-- before 's', ending right at 's'; 'start' is where it begins (s when
-- nothing is there). The leftmost word start wins, so every qualifier in
-- "up to about $5bn" is read.
local BEFORE = 64
local function before(seq)
  local find = P{ Cp() * -B(alnum) * Ct(seq) * -1 + (alnum^1 + 1) * V(1) }
  return function(subject, s)
    local from = math.max(1, s - BEFORE)
    local i, t = find:match(subject:sub(from, s - 1))
    if not i then return s, {} end        -- a word runs up to 's'
    if t.at then i = t.at end
    return from + i - 1, t
  end
end
local before_point = before(qualifier^0)
local word_start = -B(alnum)
local before_code = before((Cg(choice(PREFIXES, word), "cur") * hs)^-1)
local before_marked = before((Cg(choice(MARKED, lit), "cur") * hs)^-1)
local before_range = before(approx^0 * (opener * approx^0)^-1)
local before_scale = before(qualifier^0 * (few + spelt)^-1)
local before_word = before(qualifier^0 *
  (few + -lit"hundred" * Cg(numbers.cardinal, "wordnum") * sep)^-1)
local before_plural = before(money_verb^-1 * multiplier^-1)

-- Hundredths after a whole amount whose currency follows it: 1 to 99, in
-- digits or words, then a sub-unit ("50 cents", "forty-five pence") or,
-- bare, the end of the clause or a small word ("15 dollars 50.", "15 USD
-- 50 more"); "paid 20 dollars 10 times" keeps its 20 dollars. Returns the
-- end and the hundredths.
local subunits = {}
for form, cur in pairs(CURRENCIES.after) do
  if cur:match("/%-2$") then subunits[#subunits + 1] = form end
end
table.sort(subunits)
local hundredths = (digit * digit^-1 / tonumber + numbers.cardinal) * -alnum
local subamount = Cmt((sp * word"and" * sp + hs) * hundredths * Cp() * (
      sep * words(subunits) * Cp()
    + #(hs * (S".,;:!?)" + -1) + sp * words{ "more", "less", "each", "per", "for", "and",
      "or", "but", "to", "from", "in", "on", "a", "an" }) * Cc(nil)),
  function(_, _, n, e1, e2)
    if n < 1 or n > 99 then return false end
    return e2 or e1, e2 or e1, n
  end)

-- "3 dollars 50 cents", "thirteen dollars and forty-five cents", "17 USD
-- 25.": the hundredths after a whole amount whose currency follows it,
-- read at 'e'; returns the new end and value
local function hundredths_after(subject, e, value, cur)
  if math.type(value) ~= "integer" or cur:find("/") then return e, value end
  local stop, cents = subamount:match(subject, e)
  if stop then return stop, value + cents / 100 end
  return e, value
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

---------------------------------------------------------------------------
-- From captures to records
---------------------------------------------------------------------------

-- 'num' times ten to the 'exp', read by tonumber so "22.4" and 9 give
-- exactly 22400000000; an integer when whole and in range
local function value_of(num, exp)
  local v = tonumber(num:gsub(",", "") .. "e" .. (exp or 0))
  return math.tointeger(v) or v
end

-- a record for the bytes s .. e - 1; a sub-unit's currency
-- "CODE/SHIFT" ("USD/-2": cents) gives the value in the currency itself
local function record(subject, s, e, value, currency)
  local iso, shift = (currency or ""):match("^(%u+)/(%-?%d+)$")
  if iso then
    currency = iso
    value = tonumber(string.format("%.15g", value * 10.0 ^ tonumber(shift)))
    value = math.tointeger(value) or value
  end
  return {
    value = value, currency = currency,
    text = subject:sub(s, e - 1), start = s, stop = e - 1,
    approx = false, vague = false,
  }
end

-- a record for a vague amount of 10^lo .. 10^hi
local function vague(subject, s, e, lo, hi, currency)
  local a = record(subject, s, e, value_of("1", lo), currency)
  a.low, a.high, a.vague = a.value, value_of("1", hi), true
  return a
end

-- The match-time functions below get the subject, the position after
-- the core's match, where the core starts and its captures; they return
-- the records, or nothing to reject the shape here (so the next one is
-- tried: "$20bn to $10bn" is no range, and falls back to the point
-- "$20bn").

-- "$22.4bn", "15 mln dlrs", with "about", "up to" ... before
local function point(subject, e, s, t)
  local p = t.lo
  -- "700 pounds" is likely weight; "in 2023 dollars" is a unit of
  -- account, not an amount
  if p.scaled_only and not p.exp then return nil end
  if p.suffix and not p.exp and p.num:match("^[12]%d%d%d$") and
      word_before(subject, s) == "in" then
    return nil
  end
  if p.behind then
    -- "usd 20"
    local s2, c = before_code(subject, s)
    if not c.cur then return nil end
    s, p.cur = s2, c.cur
  elseif p.cur == "USD" and subject:byte(s) == 36 then
    -- "c $ 1.34", "hk $ 10.05 billion", "mxn$ 15": the "$" is someone
    -- else's; after other letters it is no currency ("USA$5")
    local s2, c = before_marked(subject, s)
    if c.cur and word_start:match(subject, s2) then
      s, p.cur = s2, c.cur
    elseif t.marked then
      return nil
    end
  end
  local start, q = before_point(subject, s)
  local value = value_of(p.num, p.exp)
  if p.suffix and not p.exp then e, value = hundredths_after(subject, e, value, p.cur) end
  local a = record(subject, start, e, value, p.cur)
  a.approx = q.approx or false
  if q.bound == "low" then a.low = a.value elseif q.bound == "high" then a.high = a.value end
  return a
end

-- "X to Y", "X-Y", "X and Y": a range, a change (two points) or nothing
local function range(subject, e, s, t)
  local lo, hi = t.lo, t.hi
  local cur = lo.cur or hi.cur
  -- one currency, named at least once; a bare low end needs a currency
  -- written after the high end ("10-20 million euros", not "by 500 to
  -- $5bn")
  if not cur or (lo.cur and hi.cur and lo.cur ~= hi.cur) then return nil end
  if not lo.cur and not hi.suffix then return nil end
  if (lo.scaled_only and not lo.exp) or (hi.scaled_only and not hi.exp) then return nil end
  -- a bare high end needs a scale after "to" or "and" ("$5 to 10
  -- people"), and none on the low end after a dash ("$5bn-6")
  if not hi.cur and not hi.exp and (t.form ~= "dash" or lo.exp) then return nil end
  local start, q = before_range(subject, s)
  local open_word = q.opener
  if t.form == "and" and open_word ~= "range" then return nil end
  -- "$10-20 billion": the low end shares the high end's scale; a bare
  -- low end must ("2004 to 789m euros" is no range)
  if not lo.exp and hi.exp and value_of(lo.num) < value_of(hi.num) then
    lo.exp = hi.exp
  elseif not lo.cur and hi.exp and t.form ~= "dash" and not (lo.exp and open_word == "range") then
    return nil
  end
  -- "$50-100,000": fifty thousand to a hundred thousand
  if t.form == "dash" and not lo.exp and not hi.exp and lo.num:match("^%d+$") and
      hi.num:match(",000$") and value_of(lo.num, 3) <= value_of(hi.num) then
    lo.exp = 3
  end
  local low, high = value_of(lo.num, lo.exp), value_of(hi.num, hi.exp)
  if t.form == "to" and open_word ~= "range" then
    -- "from $10bn to $12bn" (but "estimates range from ..."), "rose
    -- $1.64 to $47.10", "by $19bn to $419.3bn", "$2bn to $50bn": a change
    -- ("lost more than $2 to $43.25": the first point keeps its "more
    -- than")
    local qstart, q1 = before_point(subject, s)
    local change
    if open_word == "from" then
      change = not word_before(subject, start):match("^range[sd]?$")
    else
      change = change_words[word_before(subject, qstart)] or high > 10 * low
    end
    if change then
      local a = record(subject, open_word and s or qstart, lo.e, low, cur)
      if not open_word then
        a.approx = q1.approx or false
        if q1.bound == "low" then a.low = low elseif q1.bound == "high" then a.high = low end
      end
      return a, record(subject, hi.s, hi.e, high, cur)
    end
  end
  if not (low < high) then return nil end  -- luacheck: ignore 581 (false for NaN too)
  local a = record(subject, start, e, low, cur)
  a.low, a.high, a.approx = low, high, q.approx or false
  return a
end

-- "ten billion dollars", "a few million euros", "several hundred million
-- in funding": a scale word, read with the words before it
local function scaled(subject, e, s, t)
  local start, q = before_scale(subject, s)
  if q.few then
    local lo = t.exp + (q.hundred and 2 or 0)
    return vague(subject, start, e, lo, lo + 1, t.cur)
  end
  -- a spelt number needs a currency; "a" only spaced ("a million-dollar
  -- question" is an idiom)
  if not q.wordnum or not t.cur or (q.article and not t.spaced) then return nil end
  local n = tostring(q.wordnum)
  local a = record(subject, start, e, value_of(n, t.exp), t.cur)
  a.approx = q.approx or false
  if q.bound == "low" then a.low = a.value elseif q.bound == "high" then a.high = a.value end
  return a
end

-- "thirteen dollars", "one penny", "a one-yen bid": a spelled number
-- before the most common currency words, read behind the word
local function word_amount(subject, e, s, t)
  local start, q = before_word(subject, s)
  if q.few and q.hundred then return vague(subject, start, e, 2, 3, t.cur) end  -- "a few hundred dollars"
  if not q.wordnum then return nil end
  local value
  e, value = hundredths_after(subject, e, q.wordnum, t.cur)
  local a = record(subject, start, e, value, t.cur)
  a.approx = q.approx or false
  if q.bound == "low" then a.low = a.value elseif q.bound == "high" then a.high = a.value end
  return a
end

-- "billions of dollars", "tens of billions in funding"
local function plural(subject, e, s, t)
  local start, q = before_plural(subject, s)
  if t.bare and not q.verb then return nil end
  local times = q.times or 0
  return vague(subject, start, e, t.exp + times, t.exp + (q.times and times + 1 or 3), t.cur)
end

-- "multibillion-dollar", "£millions": no words before
local function multi_or_symbol(subject, e, s, t)
  return vague(subject, s, e, t.exp, t.exp + 3, t.cur)
end

---------------------------------------------------------------------------
-- Amount shapes, from their core
---------------------------------------------------------------------------

-- A shape's records are appended to the table passed to the match (its
-- first extra argument), not returned as captures: LPeg keeps the values
-- of match-time captures on the Lua stack until the match ends, which
-- would overflow on a text with tens of thousands of amounts. Nothing
-- after a shape can fail, so no record is appended and then backtracked.
-- a number no float holds ("$" and 400 nines) is no amount: nothing can
-- be compared with it or converted
local function finite(a)
  if not a then return true end
  for _, k in ipairs{ "value", "low", "high" } do
    local v = a[k]
    if v and (v ~= v or v == math.huge or v == -math.huge) then return false end
  end
  return true
end

local function shape(p, finish)
  return Cmt(Carg(1) * Cp() * Ct(p), function(subject, e, out, s, t)
    local a, b = finish(subject, e, s, t)
    if not a or not finite(a) or not finite(b) then return false end
    out[#out + 1] = a
    out[#out + 1] = b
    return math.max(e, (b or a).stop + 1)
  end)
end

-- a sub-amount: a table with its own span (s, e), number (num), power of
-- ten (exp), currency (cur) and whether the currency came after (suffix)
local function part(p)
  return Ct(Cg(Cp(), "s") * p * Cg(Cp(), "e"))
end

local amount_end = -alnum * not_percent
-- "$22.4bn", "US$1.25 billion", "£3.5m", "USD 5bn", "Rs 500 crore",
-- "MAUD 60", "dollar 22.5 million" (a currency word first only with a
-- scale after the number)
local symbol_first = prefix_currency * hs * number * scale^-1 * amount_end
  + mcode * hs * number * amount_end
-- "15 mln dlrs", "5m euros", "40-billion-dollar", "250 euros", "5 €",
-- "115USD", "75 USD million", "30 MUSD"
local code_scale = sp * Cg(choice({ thousand = 3, million = 6, billion = 9, trillion = 12,
  mn = 6, mln = 6, bn = 9, bln = 9 }, word), "exp")
local currency_after = (hs * (Cg(iso_suffix, "cur") * code_scale^-1 + symbol_after + mcode * -alnum)
    + sep * suffix_words)
  * Cg(Cc(true), "suffix") * not_percent
local number_first = number_start * number * scale^-1 * currency_after
-- the same, or a number without currency as one end of a range ("10" in
-- "10-20 billion dollars")
local number_any = number_start * number * scale^-1 * (currency_after + amount_end)

local range_end = rule("range_end", part(symbol_first + number_any))
-- a number with a currency in lower case before it ("usd 20", "rmb 10",
-- "mxn$ 15", "c $ 1.34", "dollar 22.5 million"): a bare number is looked
-- behind (fixed-length tests, so words are not slowed down), then
-- 'prefix_behind' reads the prefix itself
-- first a quick test of the last two letters (any prefix's next-to-last
-- letter, then any prefix's last)
local set1, set2 = "", ""
for form in pairs(PREFIXES) do
  set1 = set1 .. form:sub(-2, -2):lower() .. form:sub(-2, -2):upper()
  set2 = set2 .. form:sub(-1):lower() .. form:sub(-1):upper()
end
local pairs_behind = S(set1) * S(set2)
local behind = P(false)
for form in pairs(PREFIXES) do
  for _, gap in ipairs{ "", " " } do
    local p = P(true)
    for ch in (form .. gap):gmatch(".") do p = p * (ch:match("%a") and S(ch:lower() .. ch:upper()) or P(ch)) end
    behind = behind + B(-B(alpha) * p)
  end
end
local number_behind = number_start * #(B(pairs_behind) + B(pairs_behind * " ")) * #behind *
  Cmt(Carg(1), function(subject, i, out)
    -- not a code the amount before has taken ("10 rmb 20 usd")
    local s2, c = before_code(subject, i)
    local last = out[#out]
    return c.cur and not (last and last.stop >= s2) and i
  end) * Cg(Cc(true), "behind") * number * scale^-1 * amount_end
local range_upper = words{ "up to", "as much as", "as high as", "as many as" }
local ranged = Cg(range_end, "lo") * (
    dash * Cg(Cc"dash", "form")                             -- "$10-20bn"
  + sp * word"to" * sp * Cg(Cc"to", "form")                 -- "$10 to $20bn"
  + sp * word"and" * sp * (range_upper * sp)^-1 * Cg(Cc"and", "form"))
  * Cg(range_end, "hi")

-- after a scale word: its currency ("billion dollars", "million-pound"),
-- or money context for "a few million in funding"
local scale_core = Cg(scale_word + scale_of{ mln = 6, bn = 9, bln = 9 }, "exp") * (
    Cg(Cc(true), "spaced") * sp * suffix_currency
  + hyphen * suffix_currency
  + money_context
  + sep * #money_nouns)
-- a plural scale must be about money: "billions of dollars", "billions
-- in funding", "millions' worth"
local plural_core = plural_scale * (
    sp * word"of" * sp * suffix_currency
  + sep * suffix_currency
  + money_context
  + Cg(Cc(true), "bare") * -(sp * word"of") * -alnum)   -- "worth billions"
local multi_core = multi * (sep * suffix_currency + money_context + sep * #money_nouns)
local symbol_vague = prefix_currency * hs * (plural_scale + multi) * -alnum    -- "£millions"

-- one amount (or the two of a change) with its core here, never inside
-- a word ("USA$5", "GPT5 dollars")
-- the currency words a spelled number is read before, in lower case
local WORD_CORES = {}
for _, w in ipairs{ "dollars", "dollar", "cents", "cent", "pence", "penny", "euros",
    "euro", "yen" } do
  WORD_CORES[w] = CURRENCIES.after[w]
end
local word_core = Cg(choice(WORD_CORES, function(w) return P(w) * -alnum * word_end end), "cur")
local amount = B(alpha) * #P"$" * shape(Cg(part(symbol_first), "lo") * Cg(Cc(true), "marked"), point)
  + -B(alnum) * (
    shape(ranged, range)
  + shape(Cg(part(symbol_first + number_behind + number_first), "lo"), point)
  + shape(symbol_vague, multi_or_symbol)
  + shape(plural_core, plural)
  + shape(multi_core, multi_or_symbol)
  + shape(scale_core, scaled)
  + shape(word_core, word_amount))

-- Where a core can start: a digit, "$", "£", "¥", a currency symbol of
-- U+20A0..U+20BF ("€", "₹" ...), two capitals or a capital and "$"
-- ("USD", "US$", "A$", "CN¥"), "Rs", a scale word or "multi". Everything
-- else is skipped a word (or a run of other bytes) at a time.
local core_start = digit + "$" + "\xC2" * S"\xA3\xA5" + "\xE2\x82" +
  upper * (upper + "$" + "\xC2") +
  "Rs" + "Can$" + "U.S.$" + "dollar" + "cent" + "pen" + "euro" + "yen" +
  S"mM" * (P"illion" + "ulti" + P"ln" * -alnum) + S"bB" * (P"illion" + (P"n" + "ln") * -alnum) +
  S"tT" * (P"rillion" + "housand") + S"lL" * "akh" + S"cC" * "rore"
-- the spaces and punctuation after a word go with it: a core cannot
-- start there, and testing each run would cost a test per word
local other = (1 - (alnum + S"$\xC2\xE2"))^0
local skip = alnum^1 * other + (1 - (alnum + S"$\xC2\xE2"))^1 + 1
rules[1] = "search"
rules.search = (#core_start * amount + skip)^0
local search = P(rules)

--- Find the amounts of money in a text.
-- @tparam string text any text; UTF-8 symbols and spaces are understood,
--   other bytes are skipped
-- @treturn {table,...} the amounts in text order, each `{ value, low,
--   high, currency, text, start, stop, approx, vague }` (see the module
--   comment); an empty table when there are none
-- @tparam[opt] integer init where to start reading (default 1); the
--   positions returned are still those of `text`. It should be at the
--   start of a word: a number cut in two is read as the part after the cut.
-- @raise when `text` is not a string
-- @usage
--   local money = require "paa.money"
--   for _, a in ipairs(money.find("It raised $40 billion (£30bn).")) do
--     print(a.currency, a.value, a.text)
--   end
--   --> USD  40000000000  $40 billion
--   --> GBP  30000000000  £30bn
function money.find(text, init)
  if type(text) ~= "string" then
    error("paa.money: bad argument #1 to 'find' (string expected, got " .. type(text) .. ")", 2)
  end
  local found = {}
  search:match(text, init or 1, found)
  return found
end

return money
