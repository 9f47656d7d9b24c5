--- paa.numbers: spelled-out numbers, one grammar shared by money and dates.
--
-- English number words as LPeg patterns that capture their value, so a
-- grammar can take "twenty-five million dollars" or "the twenty-first of
-- May" whole instead of keeping only the last word:
--
--     local numbers = require "paa.numbers"
--     numbers.value("two hundred and fifty")     --> 250
--     numbers.value("twenty-first")              --> 21   (an ordinal)
--     numbers.value("nineteen seventy eight")    --> 1978 (a year)
--     numbers.value("three quarters")            --> 0.75
--
-- **Cardinals** (`numbers.cardinal`): "zero" to "nineteen", the tens
-- ("twenty" ... "ninety") alone or with a unit joined by a space or a
-- hyphen ("twenty-five", "twenty five"), "hundred" after a unit or "a"
-- ("two hundred", "a hundred"), then "and" and the rest ("two hundred and
-- fifty"), and groups with the scale words `thousand million billion
-- trillion` ("one thousand two hundred", "three million five hundred
-- thousand"). Without `numbers.cardinal_scaled` the scale words are left to the
-- caller: money reads "twenty-five" and then its own scale word "million"
-- (so "$3 million" and "three million" share one scale table).
--
-- **Ordinals** (`numbers.ordinal`): "first" to "nineteenth", "twentieth"
-- ... "ninetieth", "hundredth", and compounds ("twenty-first", "twenty
-- first", "thirty-first", "one hundred and first").
--
-- **Years** (`numbers.year`): two two-digit halves ("nineteen seventy
-- eight", "twenty twenty-five", "nineteen zero one", "nineteen oh five",
-- "nineteen hundred"), or a cardinal from a thousand to 2999 ("two
-- thousand", "two thousand and eighteen").
--
-- **Fractions** (`numbers.fraction`): "half", "a half", "one half", "a
-- quarter", "one quarter", "three quarters", "a third", "two thirds".
--
-- All patterns are case-insensitive, take words separated by any run of
-- spaces (or one hyphen inside a compound), match whole words (never a
-- prefix: "tenant", "oneself", "seventh-day") and do not take the spaces
-- after the number. They are plain LPeg patterns: put them in any grammar.
-- @module paa.numbers

local lpeg = require "lpeg"

local P, R, S, Cc, Cf, Ct = lpeg.P, lpeg.R, lpeg.S, lpeg.Cc, lpeg.Cf, lpeg.Ct

local numbers = {}

local alnum = R("az", "AZ", "09")
-- between words: blanks (no-break spaces included), at most one line break
local blank = S" \t" + "\xC2\xA0" + "\xE2\x80\xAF" + "\xE2\x80\x89"
local sp = blank^1 * (P"\r"^-1 * "\n" * blank^0)^-1
local hyphen = P"-" + "\xE2\x80\x90" + "\xE2\x80\x91"

-- a case-insensitive whole word
local function word(w)
  local p = P(true)
  for ch in w:gmatch(".") do p = p * S(ch:lower() .. ch:upper()) end
  return p * -alnum
end

--- The keys of 'map', longest first (ties in byte order): the order an
-- ordered choice tries them in, so "seventeen" comes before "seven" and
-- the grammar does not depend on hash order.
function numbers.longest_first(map)
  local keys = {}
  for k in pairs(map) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    if #a ~= #b then return #a > #b end
    return a < b
  end)
  return keys
end

-- an ordered choice over the keys of 'map' as whole words, each capturing
-- its value
local function choice(map)
  local p = P(false)
  for _, k in ipairs(numbers.longest_first(map)) do p = p + word(k) * Cc(map[k]) end
  return p
end

local UNITS = {
  zero = 0, one = 1, two = 2, three = 3, four = 4, five = 5, six = 6, seven = 7,
  eight = 8, nine = 9, ten = 10, eleven = 11, twelve = 12, thirteen = 13,
  fourteen = 14, fifteen = 15, sixteen = 16, seventeen = 17, eighteen = 18,
  nineteen = 19,
}
local TENS = { twenty = 20, thirty = 30, forty = 40, fifty = 50, sixty = 60,
  seventy = 70, eighty = 80, ninety = 90 }
local SCALES = { thousand = 1e3, million = 1e6, billion = 1e9, trillion = 1e12 }
local UNIT_ORDINALS = {
  first = 1, second = 2, third = 3, fourth = 4, fifth = 5, sixth = 6, seventh = 7,
  eighth = 8, ninth = 9, tenth = 10, eleventh = 11, twelfth = 12, thirteenth = 13,
  fourteenth = 14, fifteenth = 15, sixteenth = 16, seventeenth = 17,
  eighteenth = 18, nineteenth = 19,
}
local TENS_ORDINALS = { twentieth = 20, thirtieth = 30, fortieth = 40, fiftieth = 50,
  sixtieth = 60, seventieth = 70, eightieth = 80, ninetieth = 90 }

local unit = choice(UNITS)
local ten = choice(TENS)
local unit1 = choice((function()      -- "one" to "nine": after a ten
  local t = {}
  for k, v in pairs(UNITS) do if v >= 1 and v <= 9 then t[k] = v end end
  return t
end)())
local join = hyphen + sp             -- "twenty-five", "twenty five"
local add = function(a, b) return a + b end
local mul = function(a, b) return a * b end

-- 1 .. 99
local below100 = Cf(ten * (join * unit1)^-1, add) + unit
-- 1 .. 999: "two hundred and fifty", "a hundred", "hundred"
local hundred = Cf(((unit + word"a" * Cc(1)) * sp + Cc(1)) * word"hundred" * Cc(100), mul)
local hundreds = hundred * ((sp * word"and" + P(true)) * join * below100)^-1 / function(h, r)
  return h + (r or 0)
end
local below1000 = hundreds + below100

-- groups with scale words, scales going down: "one thousand two hundred",
-- "three million five hundred thousand"
local function scaled_group(g) return g * join * choice(SCALES) / mul end
local function grouped(g)
  return Ct((scaled_group(g) * ((sp * word"and" + P(true)) * join * (scaled_group(g) + g))^0)
    + g) / function(t)
      local total = 0
      for _, v in ipairs(t) do total = total + v end
      return math.tointeger(total) or total
    end
end

--- The words a spelled cardinal is made of ("one" ... "ninety",
-- "hundred"), in lower case and byte order: a grammar can test for one
-- cheaply before trying a whole number.
numbers.words = {}
for _, t in ipairs{ UNITS, TENS, { hundred = 100 } } do
  for k in pairs(t) do numbers.words[#numbers.words + 1] = k end
end
table.sort(numbers.words)

--- A spelled cardinal without scale words: 0 .. 999 ("twenty-five",
-- "two hundred and fifty"). Captures its value (an integer).
numbers.cardinal = below1000

--- A spelled cardinal with scale words ("one thousand two hundred",
-- "twenty-five million"). Captures its value.
numbers.cardinal_scaled = grouped(below1000)

-- ordinals: "twenty-first", "one hundred and first", "twentieth"
local unit_ordinal = choice(UNIT_ORDINALS)
local ordinal_below100 = Cf(ten * join * choice((function()
  local t = {}
  for k, v in pairs(UNIT_ORDINALS) do if v <= 9 then t[k] = v end end
  return t
end)()), add) + choice(TENS_ORDINALS) + unit_ordinal
local ordinal = (hundred * ((sp * word"and" + P(true)) * join * ordinal_below100)) / add
  + Cf(((unit + word"a" * Cc(1)) * sp + Cc(1)) * word"hundredth" * Cc(100), mul)
  + ordinal_below100

--- A spelled ordinal ("first", "twenty-first", "twenty first", "thirtieth").
-- Captures its value.
numbers.ordinal = ordinal

-- years: "nineteen seventy eight", "nineteen zero one", "nineteen oh five",
-- "nineteen hundred", "twenty twenty-five", "two thousand and eighteen"
local teens_or_tens = choice{ ten = 10, eleven = 11, twelve = 12, thirteen = 13,
  fourteen = 14, fifteen = 15, sixteen = 16, seventeen = 17, eighteen = 18,
  nineteen = 19, twenty = 20 }
local second_half = Cf(ten * (join * unit1)^-1, add) + choice{ ten = 10, eleven = 11,
  twelve = 12, thirteen = 13, fourteen = 14, fifteen = 15, sixteen = 16,
  seventeen = 17, eighteen = 18, nineteen = 19 }
  + (word"zero" + word"oh" + S"oO" * -alnum) * sp * unit1
local year = teens_or_tens * sp * (second_half + word"hundred" * Cc(0)) / function(a, b)
    return a * 100 + b
  end
  + Cf((unit1 * join * word"thousand") / function(n) return n * 1000 end *
    ((sp * word"and" + P(true)) * join * below1000)^-1, add)

--- A spelled year ("nineteen seventy eight", "two thousand and eighteen").
-- Captures its value.
numbers.year = year

--- A spelled fraction ("half", "a quarter", "three quarters"). Captures
-- its value.
numbers.fraction = (((word"a" + word"one") * sp)^-1 * word"half") * Cc(0.5)
  + ((word"a" + word"one") * sp)^-1 * word"quarter" * Cc(0.25)
  + word"three" * sp * word"quarters" * Cc(0.75)
  + (word"a" + word"one") * sp * word"third" * Cc(1 / 3)
  + word"two" * sp * word"thirds" * Cc(2 / 3)

local whole = lpeg.P{
  (numbers.year + numbers.ordinal + numbers.fraction + numbers.cardinal_scaled) * -1,
}

--- The value of a whole string of number words.
-- @tparam string s "twenty-five", "twenty-first", "nineteen seventy
--   eight", "three quarters", "one thousand two hundred"
-- @treturn number|nil its value, or nil when `s` is not one number
-- @raise when `s` is not a string
function numbers.value(s)
  if type(s) ~= "string" then
    error("paa.numbers: bad argument #1 to 'value' (string expected, got " .. type(s) .. ")", 2)
  end
  return whole:match((s:gsub("^%s+", ""):gsub("%s+$", "")))
end

return numbers
