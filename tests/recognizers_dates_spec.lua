-- paa.dates against Microsoft Recognizers-Text's English date spec
-- (tests/recognizers/DateParser.json, MIT licence beside it): each case is
-- a sentence, a reference date and the date expected. Weekday-only cases
-- ("on Friday": tense decides, see paa.dates) and bare day numbers ("the
-- 27") are left out; of the others at least 80% must agree and none may
-- be wrong. The figures and every case that does not agree are printed.
local cjson = require "cjson"
local dates = require "paa.dates"

-- Cases paa does not answer on purpose, by input: what they say is not a
-- date of the article in news text.
local DECLINED = {
  ["I'll go back the next day"] = "in news \"the next day\" follows the story's events, not the article's date",
  ["I'll go back next day"] = "in news \"next day\" follows the story's events, not the article's date",
  ["I'll go back last day"] = "chat phrasing; in news \"last day\" is a final day (of trading, of a trial)",
  ["I'll go back the last day"] = "chat phrasing; in news \"the last day\" is a final day or a duration",
  ["I'll go back the day"] = "\"the day\" names a day of the story, not the article's date",
  ["What does my day look like?"] = "assistant phrasing (\"my day\"): not a date in news",
  ["I'll go back this day"] = "\"this day\" is mostly idiom in news (\"to this day\")",
  ["I'll go back past day"] = "\"the past day\" is a duration (24 hours), not a date",
  ["I will leve here 2 years 21 days later"] = "in news \"N years later\" counts from an event of the story, not the article",
  ["Are you available two monday later?"] = "ungrammatical chat phrasing; \"later\" counts from the story",
  ["I will leave in 3 weeks"] = "in news \"in three weeks\" is mostly a duration (\"the third rise in three weeks\")",
  ["Cortana, please set up a Skype call sometime in four business days."] = "business days need a holiday calendar, and \"in N days\" is mostly a duration in news",
}

local function load()
  local f = assert(io.open("tests/recognizers/DateParser.json", "rb"))
  local t = cjson.decode(f:read("a"))
  f:close()
  return t
end

local function excluded(timex)
  return timex:match("^XXXX%-WXX%-") ~= nil or timex:match("^XXXX%-XX%-%d%d$") ~= nil
end

-- Score one case: "agree", "declined", "missed" or "wrong", and a note.
local function score(c)
  local ref = c.Context.ReferenceDateTime:sub(1, 10)
  local found = dates.find(c.Input, { reference = ref })
  local r = c.Results and c.Results[1]
  local notes = {}
  for _, d in ipairs(found) do notes[#notes + 1] = d.date .. " [" .. d.text .. "]" end
  local note = #notes > 0 and table.concat(notes, ", ") or "nothing"
  if not r then
    if #found > 0 then return "wrong", note end
    return "agree", note
  end
  local a, b = r.Start, r.Start + r.Length            -- 0-based, end exclusive
  local future = r.Value.FutureResolution and r.Value.FutureResolution.date
  local past = r.Value.PastResolution and r.Value.PastResolution.date
  local none = future == nil or future == "0001-01-01"
  local agree, wrong = false, false
  for _, d in ipairs(found) do
    local s, e = d.start - 1, d.stop                    -- 0-based, end exclusive
    if s < b and e > a then
      if none then
        wrong = true
      else
        if d.precision == "day" and (d.date == future or d.date == past) then
          agree = true
        elseif d.precision == "day" then
          wrong = true
        end
        local y = d.date:sub(1, 4)
        if y ~= future:sub(1, 4) and y ~= past:sub(1, 4) then wrong = true end
      end
    end
  end
  if none and not wrong then agree = true end
  if wrong then return "wrong", note end
  if DECLINED[c.Input] then return "declined", note end
  if agree then return "agree", note end
  return "missed", note
end

describe("paa.dates on Recognizers-Text's English date spec", function()
  local cases = load()
  local counted, tally, lines = 0, { agree = 0, declined = 0, missed = 0, wrong = 0 }, {}
  for _, c in ipairs(cases) do
    local r = c.Results and c.Results[1]
    local timex = r and r.Value and r.Value.Timex or ""
    if not excluded(timex) then
      counted = counted + 1
      local verdict, note = score(c)
      tally[verdict] = tally[verdict] + 1
      if verdict ~= "agree" then
        local gold = r and r.Value.FutureResolution and
          (r.Value.FutureResolution.date .. "/" .. r.Value.PastResolution.date) or "none"
        lines[#lines + 1] = string.format("  %-8s %q (ref %s) gold %s, paa %s%s", verdict, c.Input,
          c.Context.ReferenceDateTime:sub(1, 10), gold, note,
          DECLINED[c.Input] and ("; " .. DECLINED[c.Input]) or "")
      end
    end
  end

  it("prints its figures", function()
    io.stderr:write(string.format("\nRecognizers date spec: counted %d, agree %d (%.1f%%), declined %d, "
      .. "missed %d, wrong %d\n%s\n", counted, tally.agree, 100 * tally.agree / counted,
      tally.declined, tally.missed, tally.wrong, table.concat(lines, "\n")))
  end)

  it("counts the cases it should", function()
    assert.is_true(counted >= 120)
  end)

  it("agrees on at least 80% of the cases", function()
    assert.is_true(tally.agree / counted >= 0.80,
      string.format("%d of %d agree", tally.agree, counted))
  end)

  it("gives no wrong date", function()
    assert.are.equal(0, tally.wrong, table.concat(lines, "\n"))
  end)

  it("keeps its declined list short and declined cases without a date", function()
    local n = 0
    for _ in pairs(DECLINED) do n = n + 1 end
    assert.is_true(n <= 15)
    assert.are.equal(n, tally.declined)
  end)
end)
