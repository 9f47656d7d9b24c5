-- paa.money against Microsoft Recognizers-Text's own English currency
-- spec (tests/recognizers/CurrencyModel.json, MIT licence beside it):
-- every valued amount of the spec is looked for among what money.find
-- returns. An amount is exact when paa returns one overlapping the
-- spec's span with the same value in the same currency (sub-units such
-- as cents and pence are read in their currency: "50 cents" is USD 0.50);
-- it is wrong when the overlapping amount has another value. Cases paa
-- declines on purpose are listed below with the reason, and must give
-- nothing wrong.
local cjson = require "cjson"
local money = require "paa.money"

-- Recognizers' unit -> the ISO codes paa may answer, and what one unit
-- is worth in that currency
local UNITS = {
  ["Dollar"] = { { "USD" }, 1 },
  ["United States dollar"] = { { "USD" }, 1 },
  ["Euro"] = { { "EUR" }, 1 },
  ["Chinese yuan"] = { { "CNY" }, 1 },
  ["Pound"] = { { "GBP" }, 1 },
  ["British pound"] = { { "GBP" }, 1 },
  ["Cent"] = { { "USD" }, 0.01 },
  ["Pence"] = { { "GBP" }, 0.01 },
  ["Penny"] = { { "GBP" }, 0.01 },
  ["Canadian dollar"] = { { "CAD" }, 1 },
  ["Japanese yen"] = { { "JPY" }, 1 },
  -- plain "francs": paa reads the Swiss franc; a French or Belgian one
  -- written as such is FRF / BEF
  ["Franc"] = { { "CHF", "FRF", "BEF" }, 1 },
  ["Australian dollar"] = { { "AUD" }, 1 },
  ["Bitcoin"] = { { "BTC" }, 1 },
  ["Satoshi"] = { { "BTC" }, 1e-8 },
  ["Turkish lira"] = { { "TRY" }, 1 },
  ["Rupee"] = { { "INR" }, 1 },
  ["Mexican peso"] = { { "MXN" }, 1 },
  ["Finnish markka"] = { { "FIM" }, 1 },
  ["Hong Kong dollar"] = { { "HKD" }, 1 },
  ["Peseta"] = { { "ESP" }, 1 },
  ["Netherlands guilder"] = { { "NLG" }, 1 },
  ["Swiss franc"] = { { "CHF" }, 1 },
  ["Costa Rican colón"] = { { "CRC" }, 1 },
  ["Georgian lari"] = { { "GEL" }, 1 },
  ["Lao kip"] = { { "LAK" }, 1 },
  ["Sri Lankan rupee"] = { { "LKR" }, 1 },
  ["New Zealand dollar"] = { { "NZD" }, 1 },
  ["Sen"] = { {}, 0.01 },
}

-- Spec amounts paa does not read, on purpose: the amount's text -> why.
local DECLINED = {
  ["sen 100,000"] =
    "\"sen\" before a number is not a currency marker in news (\"Sen.\" is a senator; the sen is a hundredth of a yen or ringgit)",
  ["one kuai and five mao five"] =
    "colloquial Chinese sub-units (kuai, mao, fen) in chat phrasing",
  ["c $ 100 and fifty"] =
    "\"100 and fifty\" for 100.50 is chat phrasing; paa reads the C$100 and leaves \"and fifty\" alone",
}

local function load_cases()
  local f = assert(io.open("tests/recognizers/CurrencyModel.json", "rb"))
  local cases = cjson.decode(f:read("a"))
  f:close()
  return cases
end

local function close(a, b)
  return math.abs(a - b) <= 1e-9 * math.max(1, math.abs(a), math.abs(b))
end

-- Score every valued amount: returns the counts and the lines of the
-- amounts that were not exact.
local function score()
  local n, exact, wrong, declined, lines = 0, 0, 0, 0, {}
  for _, case in ipairs(load_cases()) do
    local found = money.find(case.Input)
    for _, r in ipairs(case.Results) do
      local res = r.Resolution or {}
      local gold = tonumber(res.value)
      if gold then
        n = n + 1
        local unit = assert(UNITS[res.unit], res.unit)
        local value = gold * unit[2]
        -- Start/End are 0-based character offsets, End inclusive; the
        -- inputs are ASCII but for a few symbols, so compare in bytes
        -- around the text itself
        local s = case.Input:find(r.Text, 1, true) or (r.Start + 1)
        local e = s + #r.Text - 1
        local hit
        for _, a in ipairs(found) do
          if a.start <= e and a.stop >= s then hit = a break end
        end
        local ok_cur = false
        if hit then
          for _, c in ipairs(unit[1]) do if hit.currency == c then ok_cur = true end end
        end
        local status
        if DECLINED[r.Text] then
          -- a declined amount may be read in part, never with another value
          declined = declined + 1
          status = "declined"
          if hit and not close(hit.value, value) and not close(hit.value, math.floor(value)) then
            wrong = wrong + 1
            status = "WRONG (declined)"
          end
        elseif hit and ok_cur and close(hit.value, value) then
          exact = exact + 1
        elseif hit and not close(hit.value, value) then
          wrong = wrong + 1
          status = "WRONG"
        else
          status = hit and "currency" or "missed"
        end
        if status then
          lines[#lines + 1] = string.format("%-10s %-40s gold %s %s, paa %s", status, string.format("%q", r.Text),
            tostring(value), table.concat(unit[1], "/"),
            hit and (tostring(hit.value) .. " " .. tostring(hit.currency) .. " " .. string.format("%q", hit.text)) or "-")
        end
      end
    end
  end
  return { n = n, exact = exact, wrong = wrong, declined = declined, lines = lines }
end

describe("paa.money on Recognizers-Text's English currency spec", function()
  local r = score()
  io.stderr:write(string.format("\ncurrency spec: %d valued amounts, %d exact (%.1f%%), %d wrong, %d declined\n",
    r.n, r.exact, 100 * r.exact / r.n, r.wrong, r.declined))
  for _, l in ipairs(r.lines) do io.stderr:write("  ", l, "\n") end

  it("reads the spec's 190 valued amounts", function()
    assert.are.equal(190, r.n)
  end)

  it("gets at least 90% of them exact", function()
    assert.is_true(r.exact >= 0.9 * r.n, string.format("%d of %d exact", r.exact, r.n))
  end)

  it("never answers with a wrong value", function()
    assert.are.equal(0, r.wrong, table.concat(r.lines, "\n"))
  end)

  it("declines only the listed cases, each with a reason", function()
    local texts = {}
    for _, case in ipairs(load_cases()) do
      for _, res in ipairs(case.Results) do texts[res.Text] = true end
    end
    for text, why in pairs(DECLINED) do
      assert.is_true(texts[text], text)
      assert.is_true(#why > 20)
    end
  end)
end)
