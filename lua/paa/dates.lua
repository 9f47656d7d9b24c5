--- paa.dates: dates in news text, resolved against the article's date.
--
-- `dates.find(text, { reference = "2025-01-15" })` returns every date the
-- text states, in text order, each as an ISO string at the precision the
-- text gives ("2019", "2025-Q3", "2024-06", "2025-06-16"), with its span
-- and the role the preposition before it gives ("until 2030" -> "until").
-- Phrases that only make sense relative to when the article was written
-- ("last month", "earlier this year", "on June 16", "in March") are
-- resolved against `opts.reference`, the *article's* date, never today's;
-- without a reference they are not returned at all.
--
-- Precision comes first: in reports about deals a wrong date is worse
-- than none, so whatever is ambiguous is left out (see "Not dates" below).
--
-- Forms (month names in any case, full or abbreviated, "Jun." and "Sept."
-- included, but "May" always capitalised, never the verb; any run of
-- spaces, with at most one line break, between words):
--
-- * day: "June 16, 2025", "June 16th 2025", "Jun. 16, 2025", "16 June
--   2025", "16. Nov. 2016", "the 16th of June, 2025", "monday january
--   12th, 2016", "2025-06-16" (a time may follow: "2025-06-16T09:30Z"),
--   "2025/06/16", "2015/8/12", "2015.5.13", "2019-sep-1", "2019/Sep/01";
-- * day in numbers, day and month first: "16/06/2025", "06/16/2025",
--   "21-04-2016", "13.5.2015", "08/12,2015", and with a two-digit year
--   ("/" and "-" only: "1.5.16" is a version) "21/04/16", "05/05/89",
--   "9-18-15", where 00-49 are 20xx and 50-99 19xx. A first number over 12
--   is the day, a second one over 12 the day; when both are 12 or under,
--   `opts.order` ("mdy" or "dmy") decides, else the numeric dates of the
--   same text whose order is certain (when they all agree), else US order,
--   month first;
-- * day in words: "Jan first", "May twenty-first", "second of Aug.", "the
--   tenth of September, two thousand", "September the twenty-first
--   nineteen seventy eight", "jan twenty two, 2018" (paa.numbers); a
--   spelled cardinal after a month is a day only before a year or at the
--   end of a phrase ("in March twenty people" is March), and a capitalised
--   spelled day without a year is a name ("Born on the Fourth of July");
-- * years as written: a full day date takes any year 1000-2999 ("5
--   December 1391") or a spelled one ("nineteen zero one", "two thousand
--   and eighteen"), not before another word ("June 5, 1500 workers" is
--   June 5); what cannot be a year gives no date, never the reference's
--   year ("June 5, 20011");
-- * month: "June 2024", "Jun. 2024", "June of 2024", "July, 2002", "June
--   last year";
-- * quarter: "Q3 2025", "Q3 of 2025", "Q3 FY25", "2025-Q3", "the third
--   quarter of 2025", "third-quarter 2025", "the last quarter of 2024",
--   "the fourth quarter of last year", "fiscal third quarter of 2025";
-- * year: a four-digit year 1900-2099 standing alone ("in 2019"),
--   "fiscal 2025", "fiscal year 2025", "FY2025", "FY 2025", "FY25"
--   (`fiscal = true`: a company's fiscal year is not the calendar year),
--   "the year 2030"; with a `modifier`: "early 2026", "mid-2025", "late
--   2024", "the end of 2025" ("late"), "the start / beginning of 2026"
--   ("early"), "the middle of 2025" ("mid"), "end-2025", "the first half of
--   2025" / "H1 2025" ("h1"), "H2 2025" ("h2"), "summer 2025" ("summer";
--   also spring, fall, autumn, winter). Modifiers apply to months too
--   ("mid-June 2025", "late June") and to relative years ("late last year");
-- * ranges: "2019-2023" and "2019–2023" give two years, the first with
--   role "from", the second "until"; "from 2019 to 2023" and "between 2019
--   and 2023" give the same roles. In "from March to June 2025" and
--   "between March and June 2025" the year written once serves both months.
--
-- Relative forms (`relative = true`; only with a reference):
--
-- * "today", "yesterday", "tomorrow" (day; "today's" is not a date: "today's
--   AI market" is a manner of speaking);
-- * "this / last / next year | quarter | month", "the current year |
--   quarter | month", "earlier this year | month | quarter" and "later this
--   ..." (`modifier` "earlier" / "later"); "last quarter" is the quarter
--   before the reference's ("last quarter" on 2025-01-15 is "2024-Q4");
-- * offsets, composed, never dropped: "two days ago", "six months ago",
--   "1 month and 21 days ago", "2 years, 1 month and 3 days ago", "two
--   weeks from now", "three weeks from tomorrow", "two days after today",
--   "four days from yesterday", "the day after tomorrow", "the day before
--   yesterday" ("tmrw" too), counts 1-99 in digits or words. The precision
--   is the finest unit written (days and weeks give a day, months a month,
--   years a year: "two years ago" is a year). "few" and "a few" count 3, as
--   Recognizers-Text reads them, of days and weeks only ("a few years ago"
--   is too vague to give a year);
-- * weekdays of a week the text names, weeks starting on Monday: "this
--   Friday" (of this week), "next Sunday" (of next week), "last Sunday" (of
--   last week), "this week Friday", "next week on Friday", "Friday next
--   week", "Sunday of next week"; "two sundays from now";
-- * the n-th weekday of a month: "the first Friday of July", "the first
--   friday in this month", "the second Monday of next month", "the third
--   Wednesday of previous month", "the last Friday of June"; "second
--   Sunday" alone is of the reference's month (not after "the", "every"...
--   nor before "in", "of", "running": "the second Sunday in a row"); a
--   day that does not exist gives nothing ("fifth Sunday");
-- * a weekday and a day of the month, "Friday the 22nd", "Thursday the
--   twenty first": the nearest such date that falls on that weekday
--   ("Friday the 13th" is a superstition, left out);
-- * a day of a relative month: "20th of next month", "the first of next
--   month", "31st of this month" (nothing in November);
-- * a month and day in numbers without a year only after a preposition:
--   "on 4/22", "since 22/04" ("/" after on, in, since, until, till,
--   before, after, as of), "on 4.22", "in 4.22" ("." after on and in only:
--   "from 4.22 to 4.50" is a price), "on 4-22" ("-" after on only, and not
--   before a word: "on 4-2 aggregate"); "at 4.22" is a time, and "24/7",
--   "9/11", "7/7" are not this year's days;
-- * a month and day without a year ("on June 16", "16 June", "June 16th"),
--   a month alone after a preposition ("in March", "since June") and the
--   year-less modified months ("late June"): in the reference's year,
--   unless that puts the date more than 6 months after the reference (then
--   the year before: "on 31 December" in a January article) or more than 9
--   months before it (then the year after: "on January 10" in a December
--   article). A grammar cannot see tense; news mostly reports what has
--   happened, hence the lean to the past. February 29 in a year without
--   one is the nearest February 29 that exists. A year written right after a
--   range or list ("from March to June 2025", "March and June 2025") wins
--   over the reference. Month names alone or without a year must be
--   capitalised ("in May", never "may"); a month alone is not taken before
--   a number, a hyphen or "'s" ("June 16-18", "the January-to-March
--   quarter", "May's chairman").
--
-- Skipped on purpose (documented decisions):
--
-- * a weekday alone ("on Monday", "on Friday"): whether the day before or
--   after the reference is meant depends on tense, which a grammar cannot
--   see; a weekday in front of a full date is allowed and ignored ("Monday,
--   June 16, 2025");
-- * weeks ("last week", "this week"): no week precision;
-- * "in two years", "in three weeks", "within a year", "over the past
--   year", "the last year", "in the next quarter", "its last quarter":
--   durations or a company's own periods, not dates ("the third rise in
--   three weeks"; "last/next ..." after "the", "a", "its", "their", "our",
--   "his", "her", "each", "every", "that" is dropped);
-- * "two years later", "the next day", "the day": they count from an event
--   of the story, not from the article; "business days" (a holiday
--   calendar); chat phrasing ("my day", "this day", "past day");
-- * a quarter or half without a year ("the third quarter", "Q3");
-- * decades ("the 1990s", "the 2020's"), two-digit years outside a numeric
--   day ("'25", "2024-25"), season years ("2019/20"), and dates that do not
--   exist ("February 30, 2025" gives nothing at all).
--
-- Not dates (a bare four-digit number 1900-2099 is a year only when its
-- context allows it):
--
-- * part of another number or token: "2,019", "1,999", "2019.5", "20190",
--   "8.1%", "GPT-4", "555-2019", "v2019", paths and URLs
--   ("techcrunch.com/2025/06/16/..."), "#2019", "+2019", "-2019";
-- * money: "$2019", "$ 2019", "US$2025m", "£2025", "€2019";
-- * followed by a unit or a scale: "2019 million", "2000 bn", "2019%",
--   "2019 percent", "2000 km", "2000 GMT", "2000 dollars", "2000 hours",
--   "2000-strong";
-- * followed by a count noun ("2019 users", "2000 employees", "2000 GPUs"),
--   unless a preposition that takes dates comes before ("in 2019 users
--   left" is a year; "hired 2019 people", "on 2000 servers" are not);
-- * after a word that names a number or a product: "No. 2019", "route
--   2020", "Windows 2000", "Office 2019", "Russell 2000", "page 2019";
--   after a number ("555 2019") or a quantity word ("more than 2000",
--   "at least 2000", "nearly 2000", "roughly 2000"); after a number and
--   "to / and / or" ("from 1,500 to 2000").
--
-- Roles, from the words right before the date (case-insensitive):
--
--    at       in, on, at, during, throughout, as of; no preposition
--    until    until, till, til, up to, up until; "to" after a "from" date
--    through  through, thru
--    by       by, toward, towards, no later than
--    since    since
--    from     from, starting, starting in, starting from, beginning,
--             beginning in, effective, between (its second date: "until")
--    before   before, prior to, ahead of, pre- ("pre-2020")
--    after    after, post- ("post-2020")
--
-- The matcher is one LPeg grammar, compiled once: it tries a date at the
-- start of each word and otherwise skips the whole word (or URL, or
-- amount of money), so a text is scanned once with no Lua per character;
-- Lua only runs for the few dates found (validation, context checks,
-- calendar arithmetic). Against Recognizers-Text's English date spec see
-- tests/recognizers_dates_spec.lua and docs/api.md (the cases declined and
-- why).
-- @module paa.dates

local lpeg = require "lpeg"
local numbers = require "paa.numbers"

local P, R, S, V = lpeg.P, lpeg.R, lpeg.S, lpeg.V
local Cc, Cg, Cp, Ct = lpeg.Cc, lpeg.Cg, lpeg.Cp, lpeg.Ct

local dates = {}

-- {==========================================================================
-- Building blocks
-- ===========================================================================

-- LPeg copies a pattern into every pattern built from it, so parts shared
-- by many forms (month names, years, the unit words, the quick test in
-- front of each date...) ended up copied hundreds of times over: 200 MB
-- and a third of a second to load and compile. They are rules of one
-- grammar instead (see 'search'), built and compiled once each:
-- 'rule(name, p)' stores 'p' and returns a reference to it. Small parts
-- used in few places stay inline, a rule call costing a little at match
-- time.
local rules = {}
local function rule(name, p)
  assert(rules[name] == nil, name)
  rules[name] = p
  return V(name)
end

local digit = R"09"
local alpha = R("az", "AZ")
local alnum = alpha + digit
local wb = -#(alnum + "_")                 -- a word ends here

-- spaces inside a date: blanks (no-break and narrow spaces included), with
-- at most one line break
local blank = S" \t" + P"\194\160" + P"\226\128\175" + P"\226\128\137"
local nl = P"\r"^-1 * "\n"
local sp = rule("sp", blank^1 * (nl * blank^0)^-1 + nl * blank^0)

local dash = P"-" + P"\226\128\147" + P"\226\128\148"   -- - – —

-- the end of a number: no letter, digit or "%" follows, nor a decimal,
-- thousands, time or range continuation ("2019.5", "2,019", "2019-20")
local numend = -#(alnum + "_" + "%" + S".,:/" * digit + dash * digit)

--- Case-insensitive literal.
local function ci(word)
  local p = P(true)
  for ch in word:gmatch(".") do
    local lo, up = ch:lower(), ch:upper()
    p = p * (lo == up and P(ch) or S(lo .. up))
  end
  return p
end

--- Case-insensitive words separated by any spaces ("per cent").
local function phrase(s)
  local p
  for w in s:gmatch("%S+") do p = p and p * sp * ci(w) or ci(w) end
  return p
end

--- Any of the phrases in a space-free list ("a,b c,d"), whole words,
-- longest first so that "starting in" wins over "starting".
local function anyof(list, exact)
  local t = {}
  for w in list:gmatch("[^,]+") do t[#t + 1] = w:match("^%s*(.-)%s*$") end
  table.sort(t, function(a, b)
    if #a ~= #b then return #a > #b end
    return a < b
  end)
  local p = P(false)
  for _, w in ipairs(t) do p = p + (exact and P(w) or phrase(w)) end
  return p * wb
end

--- A comma-separated list as a set of lower-case words.
local function set(list)
  local t = {}
  for w in list:gmatch("[^,]+") do t[w:match("^%s*(.-)%s*$")] = true end
  return t
end

-- A word trie for quick tests: 'list' holds { word, what must follow (or
-- nil), true when no word boundary is wanted after the word ("FY25") },
-- "_" standing for spaces ("as_of"); 'digits' the pattern for what starts
-- with a digit. At each letter a word that cannot go on fails after a test
-- or two (LPeg tests alternatives with disjoint first characters with one
-- instruction each; nodes with more than six branches are split in
-- halves, which measured fastest). See 'guard'.
local function guard_of(list, digits)
  local root = { kids = {}, ends = {} }
  for _, e in ipairs(list) do
    local node = root
    for ch in e[1]:lower():gmatch(".") do
      node.kids[ch] = node.kids[ch] or { kids = {}, ends = {} }
      node = node.kids[ch]
    end
    node.ends[#node.ends + 1] = (e[3] and P(true) or wb) * (e[2] or P(true))
  end
  local function compile(node)
    local keys = {}
    for ch in pairs(node.kids) do keys[#keys + 1] = ch end
    table.sort(keys)
    local function first(ch) return ch == "_" and "" or ch .. ch:upper() end
    local function branch(ch) return (ch == "_" and sp or S(first(ch))) * compile(node.kids[ch]) end
    local function tree(lo, hi)
      if hi - lo < 6 then
        local p = P(false)
        for i = lo, hi do p = p + branch(keys[i]) end
        return p
      end
      local mid = (lo + hi) // 2
      local chars = ""
      for i = lo, mid do chars = chars .. first(keys[i]) end
      if chars:find("^$") or keys[lo] == "_" then return branch(keys[lo]) + tree(lo + 1, hi) end
      return #S(chars) * tree(lo, mid) + tree(mid + 1, hi)
    end
    local p = #keys > 0 and tree(1, #keys) or P(false)
    for _, e in ipairs(node.ends) do p = p + e end    -- longer words first
    return p
  end
  local p = compile(root)
  return digits and digits + p or p
end

--- Append { word, cont, nowb } for each word of a comma-separated list.
local function entries(list, cont, t, nowb)
  t = t or {}
  for w in list:gmatch("[^,%s]+") do t[#t + 1] = { w, cont, nowb } end
  return t
end

-- capture group helpers
local function is(name, value) return Cg(Cc(value), name) end
local function kind(k) return is("k", k) end
local num = function(p) return p / tonumber end

-- }==========================================================================


-- {==========================================================================
-- Numbers: years, days, months
-- ===========================================================================

local year4 = (P"19" + P"20") * digit * digit                 -- 1900-2099
local year = rule("year", Cg(num(year4), "y") * numend)

-- a day of the month 1-31 (checked against the month later), "16th"
local day = rule("day", Cg(num(digit * digit^-1), "d") * (ci"st" + ci"nd" + ci"rd" + ci"th")^-1
  * numend)

local MONTHS = {
  { "january", "jan" }, { "february", "feb" }, { "march", "mar" }, { "april", "apr" },
  { "may" }, { "june", "jun" }, { "july", "jul" }, { "august", "aug" },
  { "september", "sept", "sep" }, { "october", "oct" }, { "november", "nov" },
  { "december", "dec" },
}

-- month names: 'cap' wants a capital first letter ("May", never the verb);
-- 'full' leaves out abbreviations (a month standing alone)
local function month_pattern(cap, full)
  local p = P(false)
  for i, names in ipairs(MONTHS) do
    for j, name in ipairs(names) do
      if j == 1 or not full then
        local w = (cap or name == "may") and S(name:sub(1, 1):upper()) * ci(name:sub(2)) or ci(name)
        w = w * wb
        if j > 1 then w = w * P"."^-1 end        -- "Jun.", "Sept."
        p = p + w * Cc(i)
      end
    end
  end
  return Cg(p, "m")
end
local month = rule("month", month_pattern(false, false))           -- with a year or a day
local month_cap = rule("month_cap", month_pattern(true, false))     -- "June 16" without a year
local month_alone = rule("month_alone", month_pattern(true, true))  -- "in June"

local weekday = rule("weekday", anyof("monday,tuesday,wednesday,thursday,friday,saturday,sunday"))

local WEEKDAYS = { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" }
-- a weekday name (any case) capturing 'w', 1 (Monday) to 7 (Sunday);
-- 'plural' wants "sundays"
local function weekday_value(plural)
  local p = P(false)
  for i, w in ipairs(WEEKDAYS) do p = p + ci(w) * (plural and S"sS" or P(true)) * wb * Cc(i) end
  return Cg(p, "w")
end
local wday = rule("wday", weekday_value(false))

-- spelled numbers (paa.numbers), each a rule so that it is compiled once,
-- behind a quick test of its first word (failing on any other word takes
-- a test or two instead of a walk through every number word)
local function first_of(list) return #guard_of(entries(list, wb + "-", nil, true)) end
local UNITS = "one,two,three,four,five,six,seven,eight,nine"
local TEENS = "ten,eleven,twelve,thirteen,fourteen,fifteen,sixteen,seventeen,eighteen,nineteen"
-- a day: "first" to "thirty-first"
local ordinal_word = rule("ordinal_word", first_of([[first,second,third,fourth,fifth,sixth,
  seventh,eighth,ninth,tenth,eleventh,twelfth,thirteenth,fourteenth,fifteenth,sixteenth,
  seventeenth,eighteenth,nineteenth,twentieth,thirtieth,twenty,thirty]]) * numbers.ordinal)
-- a count or a day: "twenty one"
local cardinal_word = rule("cardinal_word", first_of(UNITS .. "," .. TEENS
  .. ",twenty,thirty,forty,fifty,sixty,seventy,eighty,ninety,hundred") * numbers.cardinal)
-- "nineteen seventy eight", "two thousand and eighteen"
local spelled_year = rule("spelled_year", first_of(UNITS .. "," .. TEENS .. ",twenty") * numbers.year)

-- how many: 1-99 in digits, a spelled number, "a" / "an" (1)
local count = rule("count", num(R"19" * digit^-1) * wb + (ci"a" + ci"an") * wb * Cc(1)
  + cardinal_word)
-- "few" / "a few": 3, as Recognizers-Text reads it (only of days and
-- weeks: see 'offset')
local few = (ci"a" * sp)^-1 * ci"few" * wb * Cc(3)

-- }==========================================================================


-- {==========================================================================
-- What may not follow a bare year
-- ===========================================================================

-- units and scales: "2019 million", "2000 km", "2000 GMT" (never a year)
local units = rule("units", anyof([[million,millions,billion,billions,trillion,trillions,thousand,
  thousands,hundred,hundreds,percent,per cent,percentage points,pct,points,basis points,
  bps,dollars,euros,pounds,yen,yuan,rupees,francs,usd,eur,gbp,cny,jpy,miles,km,kilometers,
  kilometres,meters,metres,feet,foot,ft,inches,kg,kilograms,grams,tons,tonnes,acres,hectares,
  square,sq,megawatts,gigawatts,watts,mw,gw,kw,mwh,gwh,twh,kwh,hours,hrs,minutes,mins,seconds,
  secs,days,weeks,months,years,times,x]])
  + anyof("m,bn,mn,k,b,GMT,UTC,BST,EST,EDT,CST,CDT,PST,PDT,CET,CEST,ET,PT,GB,TB,MB", true)
  + P"%")
-- "2000-strong", "2019-page"
local unit_compound = dash * anyof([[strong,person,people,member,seat,page,acre,mile,foot,
  square,hour,day,week,word,unit,employee,room,bed,point,percent]])
local after_number_unit = rule("after_number_unit", #(sp * units + blank^0 * "%" + unit_compound))

-- count nouns: "2019 users" (a year only after a preposition that takes dates)
local countables = rule("countables", anyof([[
  users,people,persons,employees,staff,staffers,workers,jobs,positions,
  roles,customers,clients,subscribers,members,students,companies,firms,startups,start-ups,
  businesses,organizations,organisations,units,devices,gpus,chips,servers,machines,computers,
  shares,stocks,votes,voters,cases,deaths,patients,homes,houses,cars,vehicles,copies,products,
  items,stores,shops,locations,sites,offices,apps,applications,downloads,views,visitors,
  followers,accounts,patents,engineers,researchers,developers,scientists,lawsuits,contracts,
  transactions,tokens,parameters,requests,queries,words,pages,lines,files,documents,messages,
  emails,articles,papers,projects,investors,partners,deals,agreements,layoffs,households,
  families,children,adults,participants,respondents,entries,models,agents,questions,
  games,teams,players,tickets,orders,rows,records,cities,countries,schools]]))
local after_countable = rule("after_countable", #(sp * countables))

-- }==========================================================================


-- {==========================================================================
-- Date forms (each sets the capture group 'k' to its kind)
-- ===========================================================================

-- "fiscal 2025", "fiscal year 2025", "FY2025", "FY 2025", "FY25"
local fy_year = num(year4) + (digit * digit) / function(s) return 2000 + tonumber(s) end
local fiscal_year = rule("fiscal_year", is("fiscal", true) * (
    phrase"fiscal year" * sp * year
  + ci"fiscal" * sp * year
  + ci"fy" * S" -"^-1 * Cg(fy_year, "y") * numend))

-- "this year", "last year", "next year": an offset 'ry' from the reference
local rel_year = rule("rel_year",
  Cg(ci"this" * Cc(0) + ci"last" * Cc(-1) + ci"next" * Cc(1), "ry") * sp * ci"year" * wb)

-- a year after "of", a month or a quarter
local yearish = rule("yearish", fiscal_year + year + rel_year)

local of = sp * (ci"of" * sp)^-1                      -- " ", " of "

-- "2025-06-16", "2025-06-16T09:30"
local iso = kind"ymd" * Cg(num(year4), "y") * "-" * Cg(num(R"01" * digit), "m") * "-"
  * Cg(num(R"03" * digit), "d") * -#(digit + (alpha - "T") + "_")

-- "2025/06/16", "2015/8/12", "2015.5.13", "2015-5-13", "2019-sep-1",
-- "2019/Sep/01"
local d12 = digit * digit^-1
local function ymd_sep(c)
  return P(c) * (Cg(num(d12), "m") + month) * c * Cg(num(d12), "d") * numend
end
local ymd_slash = kind"ymd" * Cg(num(year4), "y") * (ymd_sep"/" + ymd_sep"." + ymd_sep"-")

-- "16/06/2025", "06/16/2025", "21-04-2016", "16.06.2025", "21/04/16",
-- "08/12,2015": day and month in the order the numbers make certain, or
-- by the policy (see 'numeric_order'); two-digit years ("/" and "-" only:
-- "1.5.16" is a version) by the pivot: 00-49 are 20xx, 50-99 19xx
local yy = Cg(digit * digit / function(s)
  local n = tonumber(s)
  return n < 50 and 2000 + n or 1900 + n
end, "y") * numend
local function dm_sep(c, short)
  return P(c) * Cg(num(d12), "b") * (P(c) + ",") * (year + (short and yy or P(false)))
end
local dm_slash = rule("dm_slash", kind"slash" * Cg(num(d12), "a")
  * (dm_sep("/", true) + dm_sep("-", true) + dm_sep(".")))

-- a year written in a full day date: any four digits 1000-2999 ("5
-- December 1391"), or spelled ("nineteen seventy eight", "two thousand and
-- eighteen"); a spelled year, or one outside 1900-2099, is not taken
-- before another word ("June 5, 1500 troops", "March 3, two thousand
-- people": counts)
local year_wide = Cg(num(R"12" * digit * digit * digit), "y") * numend
  * -after_number_unit * -after_countable
local year_full = rule("year_full", year_wide * -#(blank^1 * alnum) + year
  + Cg(spelled_year, "y") * -#(sp * alnum + "-"))

-- a day in words: "first", "twenty-first"; a cardinal ("twenty one") only
-- before a year or at the end of a phrase (not "in March twenty people")
local day_ordinal = Cg(ordinal_word, "d") * -#(S"-" + sp * (ci"quarter" + ci"half"))
local day_cardinal = Cg(cardinal_word, "d") * -#(sp * alnum + "-")

-- "16 June 2025", "16th of June, 2025", "16. Nov. 2016", "the tenth of
-- September, two thousand", "twenty second of June 2017" (see 'day_forms')
local dmy_tail = month * P","^-1 * sp * year_full * kind"ymd"

-- quarters
local ordinal = (ci"first" + ci"1st") * Cc(1) + (ci"second" + ci"2nd") * Cc(2)
  + (ci"third" + ci"3rd") * Cc(3) + (ci"fourth" + ci"4th" + ci"last" + ci"final") * Cc(4)
local qnum = S"Qq" * Cg(num(R"14"), "q") * wb
local quarter = kind"yq" * (
    qnum * (P"," ^-1 * of + P"-") * yearish                             -- Q3 2025
  + (is("fiscal", true) * ci"fiscal" * sp)^-1 * Cg(ordinal, "q") * S" -" * ci"quarter" * wb
    * P","^-1 * of * yearish                                            -- third quarter of 2025
  + Cg(num(year4), "y") * S" -" * qnum)                                 -- 2025-Q3

-- halves: "first half of 2025", "H1 2025"
local half = kind"y" * (
    Cg(ci"first" * Cc"h1" + ci"second" * Cc"h2", "mod") * S" -" * ci"half" * wb * P","^-1 * of
  + Cg(P"H1" * Cc"h1" + P"H2" * Cc"h2", "mod") * wb * of) * yearish

-- "June 2024", "June of 2024", "June last year"
local month_year = rule("month_year", kind"ym" * (month * of * year + month_cap * of * rel_year
  + month * "," * sp * year * -after_number_unit * -after_countable))    -- "July, 2002"

-- "this month", "last month", "next month"
local rel_month = kind"rel" * (Cg(ci"this" * Cc(0) + ci"current" * Cc(0), "off")
  + Cg(ci"last" * Cc(-1) + ci"next" * Cc(1), "off") * is("det", true))
  * sp * is("unit", "month") * ci"month" * wb

-- a month alone, near the reference ("in June"): not before a number
-- ("June 16-18"), a hyphen ("the January-to-March quarter") or "'s" (a
-- name: "May's chairman")
local possessive = S"'" * S"sS" + P"\226\128\153" * S"sS"
local month_only = rule("month_only",
  kind"m" * month_alone * -#(sp * digit + dash * digit + "-" + possessive))

-- modifiers: "early 2026", "mid-2025", "the end of 2025", "late June"
local modifier = Cg(
    phrase"beginning of" * Cc"early" + phrase"start of" * Cc"early"
  + phrase"middle of" * Cc"mid" + phrase"end of" * Cc"late"
  + ci"early" * Cc"early" * (sp + "-") + ci"late" * Cc"late" * (sp + "-")
  + ci"mid" * Cc"mid" * (dash + sp) + ci"end" * Cc"late" * "-", "mod")
local modified = modifier * sp^-1 * (month_year + kind"y" * yearish + rel_month + month_only)

local season = Cg(anyof("spring,summer,fall,autumn,winter") / string.lower, "mod")
local seasonal = kind"y" * season * of * yearish

-- "2019-2023", "2019–2023": two years
local year_range = kind"range" * Cg(num(year4), "y") * Cg(Cp(), "e1") * blank^0 * dash
  * blank^0 * Cg(Cp(), "s2") * Cg(num(year4), "y2") * Cg(Cp(), "e2") * numend

-- relative forms
local rel_unit = Cg(ci"year" * Cc"year" + ci"month" * Cc"month" + ci"quarter" * Cc"quarter", "unit") * wb
local not_possessive = -#(S"'\226" * P"\128\153"^-1 * S"sS")      -- "today's"
local tomorrow = (ci"tomorrow" + ci"tmrw") * wb
local relative = kind"rel" * (
    Cg(ci"earlier" * Cc"earlier" + ci"later" * Cc"later", "mod") * sp * ci"this"
    * is("off", 0) * sp * rel_unit
  + Cg(ci"this" * Cc(0) + ci"current" * Cc(0), "off") * sp * rel_unit
  + Cg(ci"last" * Cc(-1) + ci"next" * Cc(1), "off") * is("det", true) * sp * rel_unit
  + Cg(ci"today" * Cc(0), "off") * wb * not_possessive * is("unit", "day")
  + Cg(ci"yesterday" * Cc(-1) + tomorrow * Cc(1), "off") * is("unit", "day"))

-- offsets, composed: "two years ago", "1 month and 21 days ago", "two
-- weeks from now", "three weeks from tomorrow", "two days after today",
-- "the day before yesterday" ('anchor' days from the reference, then
-- 'sign' times each part)
local anchor = Cg((ci"now" * wb + ci"today" * wb) * Cc(0) + tomorrow * Cc(1)
  + ci"yesterday" * wb * Cc(-1), "anchor") * not_possessive
local unit_word = Cg((ci"year" * Cc"year" + ci"month" * Cc"month" + ci"week" * Cc"week"
  + ci"day" * Cc"day") * S"sS"^-1 * wb, "u")
local part = Ct((Cg(few, "n") * is("few", true) + Cg(count, "n")) * sp * unit_word)
local parts = Cg(Ct(part * (P","^-1 * sp * (ci"and" * sp)^-1 * part)^0), "parts")
local offset = kind"off" * (
    parts * sp * (ci"ago" * wb * is("sign", -1) * is("anchor", 0)
      + (ci"from" + ci"after") * is("sign", 1) * sp * anchor
      + ci"before" * is("sign", -1) * sp * anchor)
  + Cg(Ct(Ct(is("n", 1) * is("u", "day"))), "parts") * ci"day" * sp
    * (ci"after" * is("sign", 1) + ci"before" * is("sign", -1)) * sp * anchor)

-- weekdays in a week the text names (weeks start on Monday): "this
-- Friday", "next Sunday", "last week Sunday", "next week on Friday",
-- "Friday next week", "Sunday of next week"
local wk = Cg(ci"this" * Cc(0) + ci"next" * Cc(1) + ci"last" * Cc(-1), "wk") * wb
local week_day = kind"wd" * is("det", true)
  * wk * sp * (ci"week" * wb * P","^-1 * sp * (ci"on" * sp)^-1)^-1 * wday
local day_week = kind"wd" * wday * P","^-1 * sp * (ci"of" * sp)^-1 * wk * sp * ci"week" * wb

-- a month the text names relative to the reference: "this month", "next
-- month", "last month", "previous month"
local rel_month_of = Cg(ci"this" * Cc(0) + ci"next" * Cc(1) + (ci"last" + ci"previous") * Cc(-1), "rm")
  * sp * ci"month" * wb

-- the n-th weekday of a month: "the first Friday of July", "the second
-- Monday of next month", "the last Friday of June 2025"; "second Sunday"
-- alone is of the reference's month (not after "the", "every"...; not
-- before "in", "of", "running": "the second Sunday in a row")
local nth = Cg((ci"first" + ci"1st") * Cc(1) + (ci"second" + ci"2nd") * Cc(2)
  + (ci"third" + ci"3rd") * Cc(3) + (ci"fourth" + ci"4th") * Cc(4)
  + (ci"fifth" + ci"5th") * Cc(5), "nth") * wb
local nth_month = sp * (ci"of" + ci"in") * sp * (rel_month_of + month * (P","^-1 * of * year)^-1)
local nth_wday = kind"nth" * (
    nth * sp * wday * (nth_month + is("det", true)
      * -#(sp * anyof("in,of,running,straight,since,after,before,for,this,next,last,that")))
  + Cg(ci"last" * Cc(-1), "nth") * wb * sp * wday * nth_month)

-- a weekday and its day of the month: "Friday the 22nd", "Thursday the
-- twenty first", "Friday the fifteen"; the nearest such date
local wday_the = kind"wdd" * wday * P","^-1 * sp * ci"the" * sp
  * (day + day_ordinal + day_cardinal) * -#(sp * (ci"of" * wb + month))

-- "two sundays from now": the second Sunday after the reference
local nth_from_now = kind"nwd" * Cg(count, "n") * sp * weekday_value(true) * sp * ci"from" * sp
  * (ci"now" + ci"today") * wb * not_possessive

-- a day of a month relative to the reference: "20th of next month", "the
-- first of next month", "31st of this month" (nothing in November)
local day_of_rel = rel_month_of * kind"mdr"

-- "June 16", "16 June", "the 16th of June", "Jan first", "May twenty-one"
-- (see 'day_cardinal'), "second of Aug.", "Jan-1", "Oct/2": a day near
-- the reference
local md_end = -#(dash * digit) * -after_number_unit
  * -#(P"," * blank^0 * digit^4 * -after_countable * -after_number_unit)  -- "June 5, 20011"
local md_noyear = month_cap * md_end * kind"md"

-- The forms that start with a day, the day read once: a full date (see
-- 'dmy_tail'), a day of a relative month ('day_of_rel'), a day and month
-- near the reference ('md_noyear')
local day_forms = rule("day_forms",
    day * (P"."^-1 * sp * (ci"of" * sp)^-1 * dmy_tail + sp * ci"of" * sp * day_of_rel
      + sp * (ci"of" * sp)^-1 * md_noyear)
  + #(alpha^1 * (sp * ci"of" * wb + S" -" * alpha^1 * sp * ci"of" * wb))    -- (a quick test)
    * Cg(ordinal_word, "d") * sp * ci"of" * sp * (dmy_tail + day_of_rel + md_noyear))

-- The forms that start with a month name, the name read once: "June 16,
-- 2025", "June 16th 2025", "Jun. 16, 2025", "September the twenty-first
-- nineteen seventy eight", "jan twenty two, 2018" (see 'year_full'),
-- "June 2024", "July, 2002", and with a capital
-- (see 'month_cap') "June last year" and the month and day near the
-- reference, "June 16", "Jan first", "May twenty-one" (see
-- 'day_cardinal'), "Jan-1", "Oct/2"
local month_any = kind"ymd" * sp * (ci"the" * sp)^-1
    * (day + Cg(ordinal_word, "d") + Cg(cardinal_word, "d")) * (P"," * sp^-1 + sp) * year_full
  + kind"ym" * (of * year + "," * sp * year * -after_number_unit * -after_countable)
local month_capital = kind"ym" * of * rel_year
  + kind"md" * (sp * (day + day_ordinal + day_cardinal) + S"-/" * Cg(num(d12), "d") * numend)
    * md_end
local month_forms = rule("month_forms", #R"AZ" * month * (month_any + month_capital)
  + -#R"AZ" * month * month_any)

-- month and day in numbers without a year, after "on", "in", "since"...
-- (see 'prep_numeric'): "on 4/22", "on 22/04", "in 4.22", "on 4-22"
local numeric_md = rule("numeric_md", kind"nmd" * Cg(num(d12), "a") * Cg(S"/.-", "sep")
  * Cg(num(d12), "b") * numend * -#(sp * ci"of" * wb) * -after_number_unit * -after_countable)

-- a year standing alone; 'strict' also refuses a count noun after it
local bare = kind"y" * is("bare", true) * year * -after_number_unit
local bare_strict = bare * -after_countable

-- the forms every context shares, most specific first
-- (most tries start with a year or a month name: the forms that cannot
-- start so are not tried there)
local ddd = digit * digit * digit
local common = rule("common", #ddd * (iso + ymd_slash + quarter + year_range)
  + #V"month_first" * month_forms
  + -#ddd * -#V"month_first" * (dm_slash + day_forms + quarter + half
    + modified + seasonal + kind"y" * fiscal_year + relative + offset
    + nth_wday + week_day + nth_from_now))

-- the forms that start with a weekday
local weekday_forms = rule("weekday_forms", day_week + wday_the)

-- }==========================================================================


-- {==========================================================================
-- Prepositions and the search
-- ===========================================================================

-- word(s) -> role; "safe" ones take a year even before a count noun ("in
-- 2019 users left"), the others are also used with quantities ("on 2000
-- servers", "up to 2000 jobs")
local PREPOSITIONS = {
  { "in,during,throughout,as of", "at", true },
  { "on,at", "at", false },
  { "until,till,til,up until", "until", true },
  { "up to", "until", false },
  { "through,thru", "through", true },
  { "by,toward,towards,no later than", "by", false },
  { "since", "since", true },
  { "starting in,beginning in,effective", "from", true },
  { "from,starting,starting from,beginning", "from", false },
  { "before,prior to", "before", true },
  { "ahead of", "before", false },
  { "after", "after", true },
}

--- The role of each preposition, for documentation and tests:
-- `dates.ROLES["up to"] == "until"`; "between" gives "from" (and "until"
-- to the date after its "and"), "pre-" "before", "post-" "after".
dates.ROLES = { between = "from", ["pre-"] = "before", ["post-"] = "after" }

local prep_safe, prep_quant = P(false), P(false)
do
  -- longest first across all entries, so "up until" wins over "up to"
  local all = {}
  for _, e in ipairs(PREPOSITIONS) do
    for w in e[1]:gmatch("[^,]+") do
      all[#all + 1] = { w = w, role = e[2], safe = e[3] }
      dates.ROLES[w] = e[2]
    end
  end
  table.sort(all, function(a, b)
    if #a.w ~= #b.w then return #a.w > #b.w end
    return a.w < b.w
  end)
  for _, e in ipairs(all) do
    local p = phrase(e.w) * wb * Cg(Cc(e.role), "role") * is("pw", e.w) * sp
    if e.safe then prep_safe = prep_safe + p else prep_quant = prep_quant + p end
  end
  prep_safe = prep_safe + (ci"pre" * is("role", "before") + ci"post" * is("role", "after")) * "-"
  prep_quant = prep_quant + ci"between" * wb * is("role", "from") * is("between", true) * sp
end

-- what may stand between the preposition and the date, outside its text:
-- a weekday ("on Monday, June 16, 2025"), "the", "the year"
local lead = rule("lead", (weekday * P","^-1 * sp)^-1 * (ci"the" * sp * (ci"year" * sp)^-1)^-1)

local function mark(core) return Cg(Cp(), "s") * core * Cg(Cp(), "e") end

-- a month and day in numbers ("on 4/22") only after a preposition, 'pw'
-- (see 'NUMERIC_PREPS'); the forms that start with a weekday are tried
-- before the weekday is taken as a mere lead ("Monday, June 16, 2025")
local wd_forms = #V"weekday_first" * mark(weekday_forms)
local item = Ct(prep_safe * (wd_forms + lead * mark(common + month_only + bare) + mark(numeric_md)))
  + Ct(prep_quant * (wd_forms + lead * mark(common + month_only + bare_strict) + mark(numeric_md)))
  + Ct(wd_forms + lead * mark(common + bare_strict))

-- A quick test in front of 'item', without captures: an optional
-- preposition, an optional "the", then the first word of a date form (the
-- common words "a", "this", "last"... only when "year", "month" or
-- "quarter" follows). It runs at every word, so it is one choice over the
-- first letters (one test per letter that cannot start a date), each
-- letter then over its few words. Keep it in step with the forms above.
-- 'entries' are { word, what must follow (or nil), true when no word
-- boundary is wanted after the word ("FY25") }, "_" standing for spaces
-- ("as_of"); 'digits' the pattern for what starts with a digit. The words
-- are compiled into a trie: at each letter a word that cannot go on fails
-- after a test or two (LPeg tests alternatives with disjoint first
-- characters with one instruction each; nodes with more than six branches
-- are split in halves, which measured fastest). The big parts below are
-- grammar rules: the words after a preposition, "the" or a modifier are
-- tested by calling one shared trie, not by copies of it.

local month_list = {}
for _, names in ipairs(MONTHS) do
  for _, w in ipairs(names) do month_list[#month_list + 1] = w end
end
month_list = table.concat(month_list, ",")
local month_first = rule("month_first", guard_of(entries(month_list)))
local dd = digit * digit^-1
local WEEKDAY_LIST = "monday,tuesday,wednesday,thursday,friday,saturday,sunday"
local weekday_first = rule("weekday_first", guard_of(entries(WEEKDAY_LIST .. ","
  .. WEEKDAY_LIST:gsub(",", "s,") .. "s")))
local unit_first = ci"year" + ci"month" + ci"week" + ci"day"
-- what follows a count in an offset: a unit, then "ago", "from"... or
-- another part ("1 month and 21 days ago")
local offset_next = sp * unit_first * alpha^0 * (sp * (ci"ago" + ci"from" + ci"after" + ci"before")
  + P","^-1 * sp * (ci"and" * sp)^-1 * (digit + (ci"a" + ci"an") * wb + V"cardinal_word"))
local digit_first = rule("digit_first", (P"19" + P"20") * digit * digit * -digit  -- a year
  + dd * (ci"st" + ci"nd" + ci"rd" + ci"th")^-1 * P"."^-1 * sp * (ci"of" * sp)^-1
    * (month_first + weekday_first + ci"this" + ci"next" + ci"last" + ci"previous") -- 16 June
  + dd * S"/.-" * dd * S"/.-," * digit                            -- 16/06/2025
  + dd * (offset_next + sp * weekday_first))                       -- 2 years ago
local function special(t)                                         -- FY25, Q3, H1
  entries("fy", S" -" + digit, t, true)
  entries("q1,q2,q3,q4,h1,h2", nil, t)
  return t
end
-- what may follow a modifier or a season: a year, a month, this/last/next
local after_mod = rule("after_mod", guard_of(special(entries("this,last,next,fiscal", nil,
  entries(month_list))), digit_first))
local unit_next = sp * (ci"year" + ci"month" + ci"quarter" + weekday_first
  + ci"week" * wb * P","^-1 * sp * (ci"on" * sp)^-1 * weekday_first)
local core_words = special(entries(month_list))
entries("today,yesterday,tomorrow,tmrw", nil, core_words)
entries("day", sp * (ci"after" + ci"before") * sp * (ci"today" + ci"tomorrow" + ci"tmrw"
  + ci"yesterday"), core_words)
local few_next = sp * (ci"day" + ci"week") * alpha^0 * sp * (ci"ago" + ci"from" + ci"after" + ci"before")
entries("few", few_next, core_words)
entries("first,second,third,fourth,fifth", sp * weekday_first, core_words)
entries([[first,second,third,fourth,fifth,sixth,seventh,eighth,ninth,tenth,eleventh,twelfth,
  thirteenth,fourteenth,fifteenth,sixteenth,seventeenth,eighteenth,nineteenth,twentieth,
  thirtieth]], sp * ci"of" * sp * (month_first + ci"this" + ci"next" + ci"last" + ci"previous"),
  core_words)
entries("twenty,thirty", S" -" * alpha^1 * sp * ci"of", core_words)   -- twenty second of June
entries("thirteen,fourteen,fifteen,sixteen,seventeen,eighteen,nineteen,twenty,thirty,forty,"
  .. "fifty,sixty,seventy,eighty,ninety", offset_next + sp * weekday_first
  + (sp + "-") * alpha^1 * (offset_next + sp * weekday_first), core_words)
entries("fiscal", sp * (digit + ci"year"), core_words)
entries("first,second,third,fourth,final", S" -" * (ci"quarter" + ci"half"), core_words)
entries("middle,start,beginning", sp * ci"of", core_words)
entries("end", sp * ci"of" + "-", core_words)
entries("early,late", (sp + "-") * after_mod, core_words)
entries("mid", (dash + sp) * after_mod, core_words)
entries("spring,summer,fall,autumn,winter", of * after_mod, core_words)
entries(WEEKDAY_LIST, P","^-1 * sp * (digit + month_first + ci"the" + ci"this" + ci"next"
  + ci"last" + ci"of"), core_words)
entries("this,next,last,current", unit_next, core_words)
entries("earlier,later", sp * ci"this", core_words)
entries("a,an", offset_next + sp * ci"few" * few_next, core_words)
entries("one,two,three,four,five,six,seven,eight,nine,ten,eleven,twelve",
  offset_next + sp * weekday_first, core_words)
local core_nothe = rule("core_nothe", guard_of(core_words, digit_first))
table.insert(core_words, { "the", sp * (ci"year" * sp)^-1 * core_nothe })
local core_first = rule("core_first", guard_of(core_words, digit_first))
-- a month and day in numbers after the prepositions that allow it (see
-- 'NUMERIC_PREPS'); "." and "-" not before a word ("in 9.85 seconds")
local slash_md = dd * "/" * dd * -#digit
local dot_md = dd * "." * dd * -#(digit + S"./-") * -#(blank^1 * alpha)
local dash_md = dd * "-" * dd * -#(digit + S"./-") * -#(blank^1 * alpha)
local NUMERIC_FIRST = { on = slash_md + dot_md + dash_md, ["in"] = slash_md + dot_md,
  since = slash_md, ["until"] = slash_md, till = slash_md, before = slash_md, after = slash_md,
  ["as of"] = slash_md }
for _, e in ipairs(PREPOSITIONS) do
  for w in e[1]:gmatch("[^,]+") do
    entries((w:gsub(" ", "_")), sp * (NUMERIC_FIRST[w] and core_first + NUMERIC_FIRST[w] or core_first),
      core_words)
  end
end
entries("between", sp * core_first, core_words)
entries("pre,post", "-" * core_first, core_words)
local guard = #guard_of(core_words, digit_first)
item = guard * item

-- what is skipped, a whole unit at a time: URLs, amounts of money, words
-- (with inner punctuation: "2,019", "GPT-4", "example.com/2025/06/16",
-- "OpenAI’s"), runs of other UTF-8, any other byte. The spaces and ASCII
-- punctuation after a unit go with it: a date only starts at a letter or
-- a digit (see 'guard'), so trying 'item' on each of them one byte at a
-- time was wasted work (a third of the scan). "$" is left out, as it
-- starts an amount of money ("x $2019" is not the year 2019).
local url = (ci"http" * S"sS"^-1 * "://" + ci"www.") * (1 - S" \t\r\n<>\"()[]{}|\\^`")^0
local currency = S"$" + P"£" + P"€" + P"¥"
local money = currency * blank^-1 * digit * (alnum + S".,")^0
local token = alnum^1 * ((S".,'/_-:&" + P"\226\128\153") * alnum^1)^0
local filler = (R"\0\127" - alnum - "$")^0
local skip = (url + money + token + R"\128\255"^1 + 1) * filler

rules.search = Ct((item + skip)^0)
rules[1] = "search"
local search = P(rules)                    -- the grammar: every rule, 'search' first

-- }==========================================================================


-- {==========================================================================
-- Calendar arithmetic (proleptic Gregorian, integers only: no os.time,
-- no time zones)
-- ===========================================================================

local function leap(y) return y % 4 == 0 and (y % 100 ~= 0 or y % 400 == 0) end

local MDAYS = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }
local function days_in(y, m) return m == 2 and leap(y) and 29 or MDAYS[m] end

local function valid(y, m, d)
  return y and m and m >= 1 and m <= 12 and (not d or d >= 1 and d <= days_in(y, m))
end

-- days since 1970-01-01 (H. Hinnant's algorithm)
local function days_from_civil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = y // 400
  local yoe = y - era * 400
  local doy = (153 * (m > 2 and m - 3 or m + 9) + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end

local function civil_from_days(z)
  z = z + 719468
  local era = z // 146097
  local doe = z - era * 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  local d = doy - (153 * mp + 2) // 5 + 1
  local m = mp < 10 and mp + 3 or mp - 9
  local y = yoe + era * 400
  return m <= 2 and y + 1 or y, m, d
end

local function fmt_year(y) return string.format("%04d", y) end
local function fmt_month(y, m) return string.format("%04d-%02d", y, m) end
local function fmt_day(y, m, d) return string.format("%04d-%02d-%02d", y, m, d) end
local function fmt_quarter(y, q) return string.format("%04d-Q%d", y, q) end

--- Parse a reference date "YYYY-MM-DD" (a time may follow); raises when
-- it is not one.
local function parse_reference(ref)
  if ref == nil then return nil end
  if type(ref) ~= "string" then
    error("paa.dates: reference must be an ISO date string (YYYY-MM-DD), got " .. type(ref), 3)
  end
  local y, m, d = ref:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)")
  y, m, d = tonumber(y), tonumber(m), tonumber(d)
  if not (y and valid(y, m, d)) or ref:find("^%d%d%d%d%-%d%d%-%d%d%d") then
    error(string.format("paa.dates: bad reference date '%s' (expected YYYY-MM-DD)", ref), 3)
  end
  return { y = y, m = m, d = d }
end

-- }==========================================================================


-- {==========================================================================
-- From matches to dates
-- ===========================================================================

-- words before a bare year that make it a number, not a year
local BLOCK = set([[no.,nos.,no,number,num.,route,highway,interstate,rte.,room,suite,flight,
  model,version,ver.,v.,windows,office,server,studio,exchange,sharepoint,xbox,galaxy,iphone,
  pixel,russell,section,article,chapter,page,pages,p.,pp.,item,line,unit,apt.,box,code,form,
  rule,part,gate,platform,terminal,exit,bus,lot,floor,rank,ranked,top,sku,patent,grade,
  level,ward,district,precinct,zip,pin,id,ref.,reference,invoice,order,ticket,case,docket,
  channel,track,bay,block,row,seat,table,pid,port,build,release,edition,pentium,fortune]])
-- quantity words before a bare year: "more than 2000", "at least 2000"
local QUANT = set([[than,least,most,nearly,almost,approximately,roughly,exactly,totaling,
  totalling,totaled,totalled,some,additional,another,extra,only,just,over,under]])
-- words after which "last/next year|month|quarter" is a duration or a
-- company's own period, not a date
local DET = set("the,a,an,its,their,our,his,her,my,your,each,every,that,this,whose")

local function plausible_year(s)
  local n = tonumber(s)
  return n and #s == 4 and n >= 1900 and n <= 2099
end

-- Is the bare year starting at 'a' (or a range) really a number? Looks at
-- the characters and words just before it.
local function looks_like_number(text, a)
  local before = text:sub(math.max(1, a - 40), a - 1)
  if before:find("[%$#%+%-=/%.@:%^\\~_%*]$") or before:find("[%$#]%s$") then return true end
  if before:find("\194[\163\165]%s?$") or before:find("\226\130\172%s?$") then return true end  -- £ ¥ €
  if before:find("%d%s$") then return true end
  local low = before:lower()
  local w = low:match("([%a%.]+)%s+$")
  if w and (BLOCK[w] or QUANT[w] or BLOCK[w:gsub("%.$", "")]) then return true end
  local n, conn = low:match("([%d][%d,%.]*)%s+(%a+)%s+$")
  if n and (conn == "to" or conn == "and" or conn == "or") and not plausible_year(n) then return true end
  n = low:match("([%d][%d,%.]*)%s*[%-\226\128\147\148]+%s*$")
  if n and not plausible_year(n) then return true end
  return false
end

-- "last month" after "the", "its", ...: a duration, not a date
local function after_determiner(text, a)
  local w = text:sub(math.max(1, a - 12), a - 1):lower():match("(%a+)%s+$")
  return w ~= nil and DET[w] == true
end

local function record(text, a, b, date, precision, role, rel, t)
  return {
    date = date, precision = precision, text = text:sub(a, b), start = a, stop = b,
    role = role or "at", relative = rel and true or false,
    modifier = t and t.mod, fiscal = t and t.fiscal or nil,
  }
end

-- The year of a match with 'y' or a relative year 'ry'; nil when it
-- needs a reference that is not there. Second result: relative.
local function year_of(t, ref)
  if t.y then return t.y, false end
  if t.ry then
    if not ref then return nil end
    return ref.y + t.ry, true
  end
end

-- The year of a month (and day) the text gives without one: the
-- reference's, unless that puts it more than 6 months after the reference
-- (then the year before: "in November" in a February article is last
-- November) or more than 9 months before it (then the year after: "on
-- January 10" in a December article). News mostly reports what has
-- happened, hence the lean to the past. February 29 in a year without
-- one is the nearest February 29 that exists; nil for a day that never
-- exists (February 30).
local function year_near(ref, m, d)
  local ahead = m - ref.m
  local y = ref.y
  if ahead > 6 then y = y - 1 elseif ahead < -9 then y = y + 1 end
  if d and not valid(y, m, d) then
    if m ~= 2 or d ~= 29 then return nil end
    local z = days_from_civil(ref.y, ref.m, ref.d)
    local best, gap
    for c = ref.y - 4, ref.y + 4 do
      if leap(c) then
        local g = math.abs(days_from_civil(c, 2, 29) - z)
        if not gap or g < gap then best, gap = c, g end
      end
    end
    return best
  end
  return y
end

-- weekday of a day count: 1 (Monday) to 7 (Sunday); day 0 was a Thursday
local function dow(z) return (z + 3) % 7 + 1 end

-- the 'n'-th weekday 'w' of a month (n = -1: the last), as a day count,
-- or nil when the month has none ("the fifth Sunday")
local function nth_weekday(y, m, w, n)
  if n == -1 then
    local z = days_from_civil(y, m, days_in(y, m))
    return z - (dow(z) - w) % 7
  end
  local z = days_from_civil(y, m, 1)
  local d = 1 + (w - dow(z)) % 7 + 7 * (n - 1)
  if d > days_in(y, m) then return nil end
  return z + d - 1
end

-- a month 'off' months from the reference's: year, month
local function month_from(ref, off)
  local i = ref.y * 12 + ref.m - 1 + off
  return i // 12, i % 12 + 1
end

-- Month and day written in numbers: the order the numbers make certain
-- (one is over 12), else 'order' ("mdy" or "dmy"). Returns month, day.
local function numeric_order(a, b, order)
  if a > 12 and b <= 12 then return b, a end
  if b > 12 and a <= 12 then return a, b end
  if a <= 12 and b <= 12 then
    if order == "dmy" then return b, a end
    return a, b
  end
end

-- numbers with a slash that name something else than a date ("24/7", the
-- attacks of "9/11" and "7/7": not this year's day)
local NOT_DATES = set("24/7,9/11,7/7,9-11,7-7")

-- the prepositions a month and day in numbers may follow, by separator:
-- "/" after these, "." only after "on" and "in" ("from 4.22 to 4.50" is a
-- price, "by 4.22" an amount), "-" only after "on" ("won 4-2")
local NUMERIC_PREPS = {
  ["/"] = set("as of,since,until,till,before,after,on,in"),
  ["."] = set("on,in"),
  ["-"] = set("on"),
}

-- Turn one match into dates, appended to 'out'. 'nexty' is the year a
-- following date writes ("March and June 2025"), or nil.
local function resolve(text, t, ref, out, nexty, order)
  local a, b = t.s, t.e - 1
  local k, role = t.k, t.role
  if k == "ymd" then
    if valid(t.y, t.m, t.d) then out[#out + 1] = record(text, a, b, fmt_day(t.y, t.m, t.d), "day", role, false, t) end
  elseif k == "slash" then
    local m, d = numeric_order(t.a, t.b, order)
    if d and valid(t.y, m, d) then out[#out + 1] = record(text, a, b, fmt_day(t.y, m, d), "day", role, false, t) end
  elseif k == "nmd" then
    if not ref or NOT_DATES[text:sub(a, b)] or not NUMERIC_PREPS[t.sep][t.pw] then return end
    if t.sep ~= "/" and text:find("^%s*%a", b + 1) then return end     -- "on 4-2 aggregate"
    local m, d = numeric_order(t.a, t.b, order)
    local y = m and year_near(ref, m, d)
    if y and valid(y, m, d) then out[#out + 1] = record(text, a, b, fmt_day(y, m, d), "day", role, true, t) end
  elseif k == "off" then
    if not ref then return end
    local z = days_from_civil(ref.y, ref.m, ref.d) + t.anchor
    local months, days, fine = 0, 0, t.anchor ~= 0 and 3 or 1
    local RANK = { year = 1, month = 2, week = 3, day = 3 }
    for _, p in ipairs(t.parts) do
      if p.u == "year" then months = months + 12 * p.n
      elseif p.u == "month" then months = months + p.n
      elseif p.u == "week" then days = days + 7 * p.n
      else days = days + p.n end
      if p.few and RANK[p.u] < 3 then return end      -- "a few years ago": no year
      fine = math.max(fine, RANK[p.u])
    end
    local y, m, d = civil_from_days(z)
    local i = y * 12 + m - 1 + t.sign * months
    y, m = i // 12, i % 12 + 1
    d = math.min(d, days_in(y, m))
    y, m, d = civil_from_days(days_from_civil(y, m, d) + t.sign * days)
    if fine == 1 then out[#out + 1] = record(text, a, b, fmt_year(y), "year", role, true, t)
    elseif fine == 2 then out[#out + 1] = record(text, a, b, fmt_month(y, m), "month", role, true, t)
    else out[#out + 1] = record(text, a, b, fmt_day(y, m, d), "day", role, true, t) end
  elseif k == "wd" then
    if not ref or after_determiner(text, a) then return end
    local z = days_from_civil(ref.y, ref.m, ref.d)
    local y, m, d = civil_from_days(z - dow(z) + 7 * t.wk + t.w)
    out[#out + 1] = record(text, a, b, fmt_day(y, m, d), "day", role, true, t)
  elseif k == "nth" then
    local y, m, rel = t.y, t.m, false
    if t.rm then
      if not ref then return end
      y, m = month_from(ref, t.rm)
      rel = true
    elseif m and not y then
      if not ref then return end
      y, rel = year_near(ref, m), true
    elseif not m then
      if not ref or after_determiner(text, a) then return end   -- "second Sunday"
      y, m, rel = ref.y, ref.m, true
    end
    local z = nth_weekday(y, m, t.w, t.nth)
    if z then out[#out + 1] = record(text, a, b, fmt_day(civil_from_days(z)), "day", role, rel, t) end
  elseif k == "wdd" then
    -- the nearest month, either side of the reference, whose day 'd' falls
    -- on weekday 'w' ("Friday the 13th" is a superstition, not a date)
    if not ref or t.w == 5 and t.d == 13 then return end
    local z0 = days_from_civil(ref.y, ref.m, ref.d)
    local best
    for off = -14, 14 do
      local y, m = month_from(ref, off)
      if valid(y, m, t.d) then
        local z = days_from_civil(y, m, t.d)
        if dow(z) == t.w and (not best or math.abs(z - z0) < math.abs(best - z0)) then best = z end
      end
    end
    if best then out[#out + 1] = record(text, a, b, fmt_day(civil_from_days(best)), "day", role, true, t) end
  elseif k == "nwd" then
    if not ref then return end
    local z = days_from_civil(ref.y, ref.m, ref.d)
    z = z + (t.w - dow(z) - 1) % 7 + 1 + 7 * (t.n - 1)
    out[#out + 1] = record(text, a, b, fmt_day(civil_from_days(z)), "day", role, true, t)
  elseif k == "mdr" then
    if not ref then return end
    local y, m = month_from(ref, t.rm)
    if valid(y, m, t.d) then out[#out + 1] = record(text, a, b, fmt_day(y, m, t.d), "day", role, true, t) end
  elseif k == "ym" then
    local y, rel = year_of(t, ref)
    if y and valid(y, t.m) then out[#out + 1] = record(text, a, b, fmt_month(y, t.m), "month", role, rel, t) end
  elseif k == "y" then
    if t.bare and not role and looks_like_number(text, a) then return end
    if t.bare and t.y % 10 == 0 and (text:find("^'[sS]", b + 1) or text:find("^\226\128\153[sS]", b + 1)) then
      return                                                -- "the 1990's": a decade
    end
    local y, rel = year_of(t, ref)
    if y then out[#out + 1] = record(text, a, b, fmt_year(y), "year", role, rel, t) end
  elseif k == "yq" then
    local y, rel = year_of(t, ref)
    if y then out[#out + 1] = record(text, a, b, fmt_quarter(y, t.q), "quarter", role, rel, t) end
  elseif k == "md" and text:find("^%u%l+ ", a) and not text:sub(1, a - 1):find("^%s*$")
         and not text:sub(1, a - 1):find("[%.!?:\"\n]%s*$") and numbers.value(text:match("^%a+", a)) then
    return              -- a spelled day with a capital: a name ("Born on the Fourth of July")
  elseif k == "md" or k == "m" then
    local y, rel = nexty, false
    if not y then
      if not ref then return end
      y, rel = year_near(ref, t.m, t.d), true
      if not y then return end
    end
    if k == "md" then
      if valid(y, t.m, t.d) then out[#out + 1] = record(text, a, b, fmt_day(y, t.m, t.d), "day", role, rel, t) end
    else
      out[#out + 1] = record(text, a, b, fmt_month(y, t.m), "month", role, rel, t)
    end
  elseif k == "range" then
    if t.y2 <= t.y or not role and looks_like_number(text, a) then return end
    local r1 = (role and role ~= "at") and role or "from"
    out[#out + 1] = record(text, a, t.e1 - 1, fmt_year(t.y), "year", r1, false)
    out[#out + 1] = record(text, t.s2, t.e2 - 1, fmt_year(t.y2), "year", "until", false)
  elseif k == "rel" then
    if not ref then return end
    if t.det and after_determiner(text, a) then return end
    local off = t.off
    if t.unit == "year" then
      out[#out + 1] = record(text, a, b, fmt_year(ref.y + off), "year", role, true, t)
    elseif t.unit == "month" then
      local i = ref.y * 12 + ref.m - 1 + off
      out[#out + 1] = record(text, a, b, fmt_month(i // 12, i % 12 + 1), "month", role, true, t)
    elseif t.unit == "quarter" then
      local i = ref.y * 4 + (ref.m - 1) // 3 + off
      out[#out + 1] = record(text, a, b, fmt_quarter(i // 4, i % 4 + 1), "quarter", role, true, t)
    else
      local y, m, d = civil_from_days(days_from_civil(ref.y, ref.m, ref.d) + off)
      out[#out + 1] = record(text, a, b, fmt_day(y, m, d), "day", role, true, t)
    end
  end
end

-- words joining two dates of a range or list
local function joined(gap)
  gap = gap:lower()
  return gap:match("^%s*to%s*$") or gap:match("^%s*and%s*$") or gap:match("^%s*or%s*$")
    or gap:match("^%s*through%s*$") or gap:match("^%s*until%s*$")
    or gap:match("^%s*[%-\226\128\147\148]+%s*$")
end

--- Find the dates in a text.
-- @tparam string text any text (UTF-8; other bytes are skipped)
-- @tparam[opt] table opts `reference`: the article's date, "YYYY-MM-DD"
--   (a time may follow); without it relative phrases are not returned.
--   `order`: "mdy" or "dmy", how to read "06/07/2025" (see the module
--   comment; by default the text's own certain dates, else "mdy")
-- @treturn table an array, in text order, of `{ date, precision, text,
--   start, stop, role, relative, modifier, fiscal }`: `date` an ISO string
--   at `precision` ("year" "2019", "quarter" "2025-Q3", "month" "2024-06",
--   "day" "2025-06-16"); `text` the date's words (`text:sub(start, stop)`,
--   1-based byte offsets, the preposition left out); `role` "at", "until",
--   "through", "by", "since", "from", "before" or "after"; `relative`
--   true when the reference was needed; `modifier` (or nil) "early", "mid",
--   "late", "h1", "h2", a season, "earlier", "later"; `fiscal` true for a
--   fiscal year or quarter
-- @raise when `text` is not a string, `opts.reference` is not an ISO date or
--   `opts.order` is neither "mdy" nor "dmy"
-- @usage for _, d in ipairs(dates.find("Talks began in June last year.",
--   { reference = "2025-03-01" })) do print(d.date, d.role) end  --> 2024-06  at
function dates.find(text, opts)
  if type(text) ~= "string" then
    error("paa.dates: bad argument #1 to 'find' (string expected, got " .. type(text) .. ")", 2)
  end
  if opts ~= nil and type(opts) ~= "table" then
    error("paa.dates: bad argument #2 to 'find' (table expected, got " .. type(opts) .. ")", 2)
  end
  local ref = parse_reference(opts and opts.reference)
  local order = opts and opts.order
  if order ~= nil and order ~= "mdy" and order ~= "dmy" then
    error("paa.dates: bad option 'order' (\"mdy\" or \"dmy\" expected, got " .. tostring(order) .. ")", 2)
  end
  local found = search:match(text)
  if not order then
    -- numbers whose order is certain ("21/04/2016") decide for the
    -- ambiguous ones of the same text when they all agree; else month first
    local dmy, mdy = false, false
    for _, t in ipairs(found) do
      if t.a then
        if t.a > 12 and t.b <= 12 then dmy = true elseif t.b > 12 and t.a <= 12 then mdy = true end
      end
    end
    order = dmy and not mdy and "dmy" or "mdy"
  end
  local out = {}
  for i, t in ipairs(found) do
    -- a role the words between two dates give: "from 2019 to 2023",
    -- "between 2019 and 2023"
    local prev = found[i - 1]
    if prev and not t.role and prev.role == "from" and prev.k ~= "range" then
      local gap = text:sub(prev.e, t.s - 1):lower()
      if prev.between and gap:match("^%s*and%s*$")
         or not prev.between and (gap:match("^%s*to%s*$") or gap:match("^%s*[%-\226\128\147\148]+%s*$")) then
        t.role = "until"
      end
    end
    -- a year-less month or day takes the year written right after it
    local nexty
    local nx = found[i + 1]
    if (t.k == "m" or t.k == "md") and nx and nx.y and not nx.bare
       and (nx.k == "ym" or nx.k == "ymd") and joined(text:sub(t.e, nx.s - 1)) then
      nexty = nx.y
    end
    resolve(text, t, ref, out, nexty, order)
  end
  return out
end

-- }==========================================================================

return dates
