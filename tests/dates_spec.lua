-- paa.dates: dates in news text resolved against the article's date
-- (absolute forms, relative forms across year boundaries, roles, what is
-- not a date, offsets, errors). Every sentence is written here.
local h = require "helpers"
local error_of, has = h.error_of, h.has
local dates = require "paa.dates"

-- the one date found in 'sentence', failing when there are none or several
local function one(sentence, ref)
  local found = dates.find(sentence, { reference = ref })
  assert(#found == 1, string.format("expected one date in %q, got %d: %s", sentence, #found,
    table.concat((function()
      local t = {}
      for _, d in ipairs(found) do t[#t + 1] = d.date .. " [" .. d.text .. "]" end
      return t
    end)(), ", ")))
  return found[1]
end

-- every date of 'sentence' as "date|precision|role|text"
local function all(sentence, ref)
  local t = {}
  for _, d in ipairs(dates.find(sentence, { reference = ref })) do
    t[#t + 1] = string.format("%s|%s|%s|%s", d.date, d.precision, d.role, d.text)
  end
  return t
end

local REF = "2025-06-20"

describe("paa.dates", function()
  after_each(h.cleanup)

  ---------------------------------------------------------------------------
  describe("must parse", function()
    -- { sentence, reference or false, date, precision, role, text }
    local cases = {
      -- years
      { "The lab signed its first cloud contract in 2019.", false, "2019", "year", "at", "2019" },
      { "Exclusivity on the hosting side lasts until 2030, both firms said.", false, "2030", "year", "until", "2030" },
      { "Cash burn is expected to continue toward 2029 under the plan.", false, "2029", "year", "by", "2029" },
      { "The startup has been unprofitable since 2021.", false, "2021", "year", "since", "2021" },
      { "Payments run through 2027 in equal tranches.", false, "2027", "year", "through", "2027" },
      { "The board must decide by 2026 whether to convert.", false, "2026", "year", "by", "2026" },
      { "Revenue guidance for fiscal 2025 was raised twice.", false, "2025", "year", "at", "fiscal 2025" },
      { "Analysts cut their FY2026 estimates after the call.", false, "2026", "year", "at", "FY2026" },
      { "Spending on chips jumped in FY25 by a third.", false, "2025", "year", "at", "FY25" },
      { "Capacity should double by mid-2025, the filing says.", false, "2025", "year", "by", "mid-2025" },
      { "A public listing is possible in early 2026.", false, "2026", "year", "at", "early 2026" },
      { "Talks first stalled in late 2024 over revenue sharing.", false, "2024", "year", "at", "late 2024" },
      { "The campus should open by the end of 2027.", false, "2027", "year", "by", "end of 2027" },
      { "Hiring froze after 2022 and never recovered.", false, "2022", "year", "after", "2022" },
      { "Few labs had a product before 2020.", false, "2020", "year", "before", "2020" },
      { "Its pre-2023 contracts are grandfathered.", false, "2023", "year", "before", "2023" },
      { "The year 2030 is the target for the merger.", false, "2030", "year", "at", "2030" },
      { "The 2018 agreement was quietly amended.", false, "2018", "year", "at", "2018" },
      { "Software sales in H2 2024 beat forecasts.", false, "2024", "year", "at", "H2 2024" },
      -- quarters
      { "The chip maker shipped its new part in Q3 2025.", false, "2025-Q3", "quarter", "at", "Q3 2025" },
      { "Bookings fell in the third quarter of 2025 for the first time.", false, "2025-Q3", "quarter", "at", "third quarter of 2025" },
      { "The cloud unit grew fastest in the fourth quarter of 2024.", false, "2024-Q4", "quarter", "at", "fourth quarter of 2024" },
      { "Results for Q1 FY26 are due next week.", false, "2026-Q1", "quarter", "at", "Q1 FY26" },
      { "The last quarter of 2023 was the weakest on record.", false, "2023-Q4", "quarter", "at", "last quarter of 2023" },
      -- months
      { "The investor doubled its stake in June 2024.", false, "2024-06", "month", "at", "June 2024" },
      { "A second round closed in Jun. 2024 at a higher price.", false, "2024-06", "month", "at", "Jun. 2024" },
      { "The filing was made public in March 2025.", false, "2025-03", "month", "at", "March 2025" },
      { "Rental deals were signed from September 2023 onwards.", false, "2023-09", "month", "from", "September 2023" },
      { "A pilot ran until Dec. 2022 in two regions.", false, "2022-12", "month", "until", "Dec. 2022" },
      { "The price was cut in mid-June 2025 after complaints.", false, "2025-06", "month", "at", "mid-June 2025" },
      -- days
      { "The partners announced the change on June 16, 2025.", false, "2025-06-16", "day", "at", "June 16, 2025" },
      { "Regulators opened a review on 16 June 2025.", false, "2025-06-16", "day", "at", "16 June 2025" },
      { "Shares moved sharply on June 16th, 2025 in early trading.", false, "2025-06-16", "day", "at", "June 16th, 2025" },
      { "The amendment took effect on 2025-06-16 at midnight.", false, "2025-06-16", "day", "at", "2025-06-16" },
      { "Exports resumed after Sept. 5, 2024, officials said.", false, "2024-09-05", "day", "after", "Sept. 5, 2024" },
      { "The notice, dated 28/02/2025, was sent to staff.", false, "2025-02-28", "day", "at", "28/02/2025" },
      { "A new board was seated on Monday, March 3, 2025.", false, "2025-03-03", "day", "at", "March 3, 2025" },
      { "The leap-day launch happened on February 29, 2024.", false, "2024-02-29", "day", "at", "February 29, 2024" },
      { "Trading resumed at 2025-06-16T09:30:00Z sharp.", false, "2025-06-16", "day", "at", "2025-06-16" },
      -- with a reference
      { "The two companies renegotiated terms last month.", REF, "2025-05", "month", "at", "last month" },
      { "Demand for accelerators doubled earlier this year.", REF, "2025", "year", "at", "earlier this year" },
      { "A new model is expected later this year.", REF, "2025", "year", "at", "later this year" },
      { "The lab lost two founders last year.", REF, "2024", "year", "at", "last year" },
      { "The contract will be reviewed next year.", REF, "2026", "year", "at", "next year" },
      { "The startup raised fresh money yesterday.", REF, "2025-06-19", "day", "at", "yesterday" },
      { "Its chief executive resigned today.", REF, "2025-06-20", "day", "at", "today" },
      { "Margins shrank last quarter on higher power costs.", REF, "2025-Q1", "quarter", "at", "last quarter" },
      { "The merger closed on June 16 after a long wait.", REF, "2025-06-16", "day", "at", "June 16" },
      { "Prices have been flat since March, traders said.", REF, "2025-03", "month", "since", "March" },
      { "The group first invested two years ago.", REF, "2023", "year", "at", "two years ago" },
      { "The chip order was placed in June last year.", REF, "2024-06", "month", "at", "June last year" },
      { "The price war began late last year.", REF, "2024", "year", "at", "late last year" },
    }

    for _, c in ipairs(cases) do
      it(string.format("%q -> %s", c[1], c[3]), function()
        local d = one(c[1], c[2] or nil)
        assert.are.equal(c[3], d.date)
        assert.are.equal(c[4], d.precision)
        assert.are.equal(c[5], d.role)
        assert.are.equal(c[6], d.text)
        assert.are.equal(d.text, c[1]:sub(d.start, d.stop))
        assert.are.equal(c[2] and c[1]:find("%d%d%d%d") == nil, d.relative)
      end)
    end

    it("has at least 40 cases", function()
      assert.is_true(#cases >= 40)
    end)
  end)

  ---------------------------------------------------------------------------
  describe("must not parse", function()
    local cases = {
      "Its user base grew to 2,019 accounts in a week.",
      "The board approved a $2019 bonus for each engineer.",
      "The firm hired 2019 engineers across three sites.",
      "Inflation came in at 8.1% last spring.",
      "The unit booked $2025m of revenue.",
      "Benchmarks compared GPT-4 with rivals.",
      "Windows 11 ships with an assistant built in.",
      "Tickets started at 1,999 dollars.",
      "A data center is planned on route 2020 outside the city.",
      "The case is listed as No. 2019 on the docket.",
      "Call 555-2019 for the press office.",
      "More than 2000 servers were switched off.",
      "Staff numbers rose from 1,500 to 2000.",
      "The lab traces its ideas to the 1990s.",
      "Music from the 1980's played at the launch.",
      "The index closed at 2019.5 points.",
      "The invoice number was 20190 for the cluster.",
      "The fund committed 2019 million to the project.",
      "Fiber was laid over 2000 km of track.",
      "The call starts at 2000 GMT on the day.",
      "Customers reported ticket #2019 as a bug.",
      "Legacy users still run Office 2019 on laptops.",
      "The tracker followed the Russell 2000 all week.",
      "Volumes doubled over the last year.",
      "The company lost money in its last quarter.",
      "Partners meet again on Monday to continue.",
      "The team shipped three releases last week.",
      "Profits could return in two years.",
      "The club was promoted in the 2019/20 season.",
      "Output was cut by 2/3 after the fire.",
      "The memo dated February 30, 2025 was a forgery.",
      "Margins improved in the third quarter.",
      "In today's AI market nobody waits.",
      "Price cuts may 16 times outpace demand.",
      "The workload runs on 2000 servers now.",
      "A 2000-strong sales force was hired.",
      "The fee is £2025 a seat.",
      "Rumors spread on https://news.example.com/2025/06/16/deal-talks today.",
      "Sources at example.org/2024/10/17/story differ.",
      "The chip cost US$2019 at launch.",
    }

    for _, s in ipairs(cases) do
      it(string.format("%q", s), function()
        assert.are.same({}, all(s, nil))
      end)
    end

    it("keeps relative phrases out of these too", function()
      -- "today's", "the last year", "its last quarter", "in two years",
      -- "last week": nothing, even with a reference
      for _, s in ipairs{ cases[24], cases[25], cases[26], cases[27], cases[28], cases[33] } do
        assert.are.same({}, all(s, REF), s)
      end
    end)

    it("has at least 25 cases", function()
      assert.is_true(#cases >= 25)
    end)
  end)

  ---------------------------------------------------------------------------
  describe("roles", function()
    local roles = {
      { "in", "at" }, { "on", "at" }, { "at", "at" }, { "during", "at" }, { "throughout", "at" },
      { "as of", "at" }, { "until", "until" }, { "till", "until" }, { "up to", "until" },
      { "up until", "until" }, { "through", "through" }, { "thru", "through" },
      { "by", "by" }, { "toward", "by" }, { "towards", "by" }, { "no later than", "by" },
      { "since", "since" }, { "from", "from" }, { "starting in", "from" },
      { "beginning in", "from" }, { "effective", "from" }, { "before", "before" },
      { "prior to", "before" }, { "ahead of", "before" }, { "after", "after" },
    }
    for _, r in ipairs(roles) do
      it(string.format("%q -> %s", r[1], r[2]), function()
        local s = "The arrangement holds " .. r[1] .. " 2028 for now."
        local d = one(s)
        assert.are.equal(r[2], d.role)
        assert.are.equal("2028", d.text)
        assert.are.equal(r[2], dates.ROLES[r[1]])
      end)
    end

    it("is 'at' without a preposition", function()
      assert.are.equal("at", one("Its 2028 plan was leaked.").role)
    end)

    it("reads prepositions in any case", function()
      assert.are.equal("until", one("UNTIL 2028 nothing changes.").role)
      assert.are.equal("since", one("Since 2019 the lab has grown.").role)
    end)

    it("gives pre- and post- their roles", function()
      assert.are.same({ "2020|year|before|2020", "2020|year|after|2020" },
        all("Pre-2020 deals and post-2020 deals differ."))
    end)

    it("makes ranges from/until", function()
      assert.are.same({ "2019|year|from|2019", "2023|year|until|2023" },
        all("The grant covered 2019–2023 in full."))
      assert.are.same({ "2019|year|from|2019", "2023|year|until|2023" },
        all("The grant ran from 2019 to 2023."))
      assert.are.same({ "2019|year|from|2019", "2023|year|until|2023" },
        all("Sales tripled between 2019 and 2023."))
    end)

    it("gives a year written once to both months of a range", function()
      assert.are.same({ "2025-03|month|from|March", "2025-06|month|until|June 2025" },
        all("The trial ran from March to June 2025.", "2024-01-10"))
      -- without a reference the first month still gets its year
      assert.are.same({ "2025-03|month|from|March", "2025-06|month|until|June 2025" },
        all("Shipments slipped between March and June 2025."))
    end)
  end)

  ---------------------------------------------------------------------------
  describe("relative dates", function()
    local R = "2025-01-15"
    local cases = {
      { "Growth slowed last month.", "2024-12", "month" },
      { "Growth slowed this month.", "2025-01", "month" },
      { "Growth should return next month.", "2025-02", "month" },
      { "Growth slowed last quarter.", "2024-Q4", "quarter" },
      { "Growth slowed this quarter.", "2025-Q1", "quarter" },
      { "Growth should return next quarter.", "2025-Q2", "quarter" },
      { "Growth slowed last year.", "2024", "year" },
      { "Growth slowed yesterday.", "2025-01-14", "day" },
      { "Growth returns tomorrow.", "2025-01-16", "day" },
      { "Growth slowed six months ago.", "2024-07", "month" },
      { "Growth slowed a year ago.", "2024", "year" },
      { "Growth slowed in the fourth quarter of last year.", "2024-Q4", "quarter" },
    }
    for _, c in ipairs(cases) do
      it(string.format("%q on %s -> %s", c[1], R, c[2]), function()
        local d = one(c[1], R)
        assert.are.equal(c[2], d.date)
        assert.are.equal(c[3], d.precision)
        assert.is_true(d.relative)
      end)
    end

    it("crosses year boundaries forward and back", function()
      assert.are.equal("2026-01", one("The review ends next month.", "2025-12-31").date)
      assert.are.equal("2026-Q1", one("The review ends next quarter.", "2025-11-02").date)
      assert.are.equal("2026-01-01", one("The review ends tomorrow.", "2025-12-31").date)
      assert.are.equal("2024-12-31", one("The review ended yesterday.", "2025-01-01").date)
      assert.are.equal("2024-02-29", one("The review ended yesterday.", "2024-03-01").date)
      assert.are.equal("2023-11", one("The review began 14 months ago.", "2025-01-15").date)
    end)

    it("uses the reference's year for a month or day without one", function()
      assert.are.equal("2025-03-07", one("The deal was signed March 7 in London.", "2025-11-30").date)
      assert.are.equal("2025-05-01", one("Staff were told on 1 May.", "2025-11-30").date)
      assert.are.equal("2025-06", one("The pilot ends in late June.", "2025-01-02").date)
      assert.are.equal("2025-07", one("The pilot ends in July.", "2025-01-02").date)
    end)

    it("leans to the past across a year boundary", function()
      -- more than 6 months ahead: the year before
      assert.are.equal("2024-12-31", one("Profit in the three months to 31 December rose.", "2025-01-15").date)
      assert.are.equal("2024-08", one("The rival launched in August.", "2025-01-15").date)
      -- more than 9 months back: the year after
      assert.are.equal("2026-01-10", one("The vote is set for January 10.", "2025-12-04").date)
      -- February 29 in a year without one: the nearest that exists
      assert.are.equal("2024-02-29", one("It was signed on February 29.", "2025-03-10").date)
      -- a day that never exists: nothing
      assert.are.same({}, dates.find("It was signed on February 30.", { reference = "2025-03-10" }))
    end)

    it("wants month names without a year capitalised, and not possessive", function()
      assert.are.same({}, all("Prices may 16 times exceed costs.", REF))
      assert.are.same({}, all("Investors may see gains, in june or later.", REF))
      assert.are.same({}, all("The board met after May's chairman quit.", REF))
      assert.are.same({}, all("Sales rose in the January-to-March quarter.", REF))
      assert.are.same({ "2025-05|month|at|May" }, all("The deal closed in May.", REF))
      assert.are.same({ "2002-07|month|at|July, 2002" }, all("The firm listed in July, 2002.", REF))
    end)

    it("returns no relative date without a reference", function()
      local s = "Last month the pair met; earlier this year they split; on June 16 they "
        .. "talked, since March they wait, two years ago they met, today they sign."
      assert.are.same({}, dates.find(s))
      assert.are.same({}, dates.find(s, {}))
      assert.are.equal(6, #dates.find(s, { reference = "2025-06-20" }))
      -- absolute dates are still found
      assert.are.same({ "2024|year|at|2024" }, all("Last month, as in 2024, the pair met."))
    end)

    it("marks absolute dates as not relative", function()
      assert.is_false(one("They met in June 2024.", REF).relative)
    end)

    it("gives modifiers and fiscal years", function()
      assert.are.equal("mid", one("Supply improves by mid-2026.").modifier)
      assert.are.equal("early", one("Supply improves in early 2026.").modifier)
      assert.are.equal("late", one("Supply improves by the end of 2026.").modifier)
      assert.are.equal("earlier", one("Supply improved earlier this year.", REF).modifier)
      assert.is_true(one("Supply improves in fiscal 2026.").fiscal)
      assert.is_nil(one("Supply improves in 2026.").fiscal)
    end)
  end)

  ---------------------------------------------------------------------------
  describe("composed offsets, weekdays and spelled dates", function()
    local R = "2025-06-18"             -- a Wednesday
    local cases = {
      -- offsets, never dropped
      { "The regulator will rule the day after tomorrow.", "2025-06-20", "day", "day after tomorrow" },
      { "The board met the day before yesterday.", "2025-06-16", "day", "day before yesterday" },
      { "Bids are due two days after tomorrow, bankers said.", "2025-06-21", "day", "two days after tomorrow" },
      { "The offer lapses three weeks from today.", "2025-07-09", "day", "three weeks from today" },
      { "Trading halted two days ago on thin volume.", "2025-06-16", "day", "two days ago" },
      { "The chip maker warned a few days ago.", "2025-06-15", "day", "a few days ago" },
      { "The lab was founded 1 year and 2 months ago.", "2024-04", "month", "1 year and 2 months ago" },
      { "The pact was signed 2 years, 1 month and 3 days ago.", "2023-05-15", "day", "2 years, 1 month and 3 days ago" },
      { "The listing is planned two weeks from now.", "2025-07-02", "day", "two weeks from now" },
      { "Eighteen months ago the chip shortage began.", "2023-12", "month", "Eighteen months ago" },
      { "The plant closed twenty one days ago.", "2025-05-28", "day", "twenty one days ago" },
      -- weeks start on Monday
      { "The union strikes this Friday over pay.", "2025-06-20", "day", "this Friday" },
      { "Shareholders vote next Monday on the bid.", "2025-06-23", "day", "next Monday" },
      { "The fund sold its stake last Sunday.", "2025-06-15", "day", "last Sunday" },
      { "Results are due on Tuesday next week.", "2025-06-24", "day", "Tuesday next week" },
      { "The court sits on Thursday of next week.", "2025-06-26", "day", "Thursday of next week" },
      { "Talks resume on the first Monday of July.", "2025-07-07", "day", "first Monday of July" },
      { "The vote falls on the last Friday of next month.", "2025-07-25", "day", "last Friday of next month" },
      { "Payment is due on the 20th of next month.", "2025-07-20", "day", "20th of next month" },
      { "Filings closed on Monday the 9th.", "2025-06-09", "day", "Monday the 9th" },
      -- spelled and numbered forms
      { "The treaty was sealed on 5 December 1391.", "1391-12-05", "day", "5 December 1391" },
      { "The firm was founded on September 10, nineteen zero one.", "1901-09-10", "day", "September 10, nineteen zero one" },
      { "The charter dates from the tenth of March, two thousand.", "2000-03-10", "day", "tenth of March, two thousand" },
      { "The merger took effect on 16. Nov. 2016 in Vienna.", "2016-11-16", "day", "16. Nov. 2016" },
      { "The archive lists 2019-sep-1 as the launch.", "2019-09-01", "day", "2019-sep-1" },
      { "The deal was agreed on March twenty-first.", "2025-03-21", "day", "March twenty-first" },
      { "The hearing was set for the second of Aug.", "2025-08-02", "day", "second of Aug." },
      { "Shares were suspended on 4/22.", "2025-04-22", "day", "4/22" },
      { "The accounts were filed on 21-04-2016.", "2016-04-21", "day", "21-04-2016" },
      { "The lease was signed on 05/05/89 in Leeds.", "1989-05-05", "day", "05/05/89" },
    }
    for _, c in ipairs(cases) do
      it(string.format("%q on %s -> %s", c[1], R, c[2]), function()
        local d = one(c[1], R)
        assert.are.equal(c[2], d.date)
        assert.are.equal(c[3], d.precision)
        assert.are.equal(c[4], d.text)
      end)
    end

    it("keeps news phrasing that is not a date out", function()
      for _, s in ipairs{
        "It was the second Sunday in a row that fans marched.",
        "The market opens every second Sunday.",
        "Shares slumped on Friday the 13th.",
        "United went through on 4-2 aggregate.",
        "The stock rose from 4.22 to 4.50 pence.",
        "The 4.22 release shipped; the stock rose 4.22% at 4.22 pm.",
        "Security tightened after 9/11 and the help desk runs 24/7.",
        "Firefox 1.5.16 is out and version 2.0.1 too.",
        "They played 4-4-2 and then 3-5-2.",
        "The talks resume next week, the minister said.",
        "Sales rose for the third time in three weeks.",
        "He came back two years later.",
        "The case ended the next day.",
        "It happened in 1391 and 1500 people came.",
        "Prices peaked a few years ago.",
      } do
        assert.are.same({}, all(s, R), s)
      end
    end)

    it("reads a spelled number after a month as a day only when it can be one", function()
      assert.are.same({ "2025-03|month|at|March" }, all("In March twenty people died.", R))
      assert.are.same({ "2025-06-05|day|at|June 5" }, all("Staff struck on June 5, 1500 workers in all.", R))
    end)

    it("returns no relative date without a reference", function()
      assert.are.same({}, all("The vote is next Monday, two days ago or on 4/22."))
      assert.are.same({ "1391-12-05|day|at|5 December 1391" }, all("It was 5 December 1391."))
    end)
  end)

  ---------------------------------------------------------------------------
  describe("numeric day and month", function()
    it("reads month first when both are 12 or under", function()
      assert.are.same({ "2025-06-07|day|at|06/07/2025" }, all("The letter dated 06/07/2025 caused confusion."))
    end)

    it("reads day first with order = \"dmy\"", function()
      local found = dates.find("The letter dated 06/07/2025 caused confusion.", { order = "dmy" })
      assert.are.equal("2025-07-06", found[1].date)
    end)

    it("follows the order a date of the same text makes certain", function()
      assert.are.same({ "2025-07-06|day|at|06/07/2025", "2025-07-21|day|at|21/07/2025" },
        all("Filed on 06/07/2025, refiled on 21/07/2025."))
      assert.are.same({ "2025-06-07|day|at|06/07/2025", "2025-07-21|day|at|07/21/2025" },
        all("Filed on 06/07/2025, refiled on 07/21/2025."))
    end)

    it("reads two-digit years with a pivot at 50", function()
      assert.are.equal("2049-03-07", one("Due 3/7/49.").date)
      assert.are.equal("1950-03-07", one("Born 3/7/50.").date)
    end)

    it("raises on a bad order", function()
      has("bad option 'order'", error_of(dates.find, "in 2019", { order = "ymd" }))
    end)
  end)

  ---------------------------------------------------------------------------
  describe("offsets", function()
    it("gives 1-based inclusive byte offsets of each date's words", function()
      local s = "“Since 2019,” she said, the deal — signed June 16, 2025 — runs through Q3 2026."
      local found = dates.find(s)
      assert.are.same({ "2019", "June 16, 2025", "Q3 2026" },
        { found[1].text, found[2].text, found[3].text })
      for _, d in ipairs(found) do
        assert.are.equal(d.text, s:sub(d.start, d.stop))
      end
      assert.are.equal(s:find("2019", 1, true), found[1].start)
    end)

    it("returns dates in text order", function()
      local s = "In 2021 a pilot, in 2019 the idea, in 2030 the goal, last year a delay."
      local found = dates.find(s, { reference = REF })
      for i = 2, #found do assert.is_true(found[i].start > found[i - 1].stop) end
      assert.are.same({ "2021", "2019", "2030", "2024" },
        { found[1].date, found[2].date, found[3].date, found[4].date })
    end)

    it("spans a line break but not a blank line", function()
      assert.are.equal("2025-06", one("It opened in June\n2025.").date)
      assert.are.same({ "2025|year|at|2025" }, all("It opened in June\n\n2025."))
    end)

    it("handles empty text and text without dates", function()
      assert.are.same({}, dates.find(""))
      assert.are.same({}, dates.find("No dates at all here.", { reference = REF }))
    end)
  end)

  ---------------------------------------------------------------------------
  describe("errors", function()
    it("raises on a text that is not a string", function()
      has("string expected", error_of(dates.find, nil))
      has("string expected", error_of(dates.find, 2019))
    end)

    it("raises on a bad reference date", function()
      has("bad reference date '2025-13-01'", error_of(dates.find, "in 2019", { reference = "2025-13-01" }))
      has("bad reference date 'June 2025'", error_of(dates.find, "in 2019", { reference = "June 2025" }))
      has("ISO date string", error_of(dates.find, "in 2019", { reference = 2025 }))
    end)

    it("accepts a reference with a time", function()
      assert.are.equal("2025-06-19", one("It fell yesterday.", "2025-06-20T08:00:00Z").date)
    end)
  end)

  ---------------------------------------------------------------------------
  describe("on the seed articles", function()
    local dir = h.seeds()
    local run = dir and it or pending
    run("finds dates with exact offsets and none inside URLs", function()
      local n = 0
      local names = h.sh("ls " .. h.q(dir))
      for name in names:gmatch("[^\n]+%.txt") do
        local s = h.slurp(dir .. "/" .. name)
        for _, d in ipairs(dates.find(s, { reference = "2025-06-20" })) do
          n = n + 1
          assert.are.equal(d.text, s:sub(d.start, d.stop))
          local line_start = s:sub(1, d.start):match(".*\n()") or 1
          local before = s:sub(line_start, d.start - 1)
          assert.is_nil(before:match("https?://%S*$"), "a date inside a URL: " .. d.text)
        end
      end
      assert.is_true(n >= 5)
    end)
  end)
end)
