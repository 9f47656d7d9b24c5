-- paa.fx: USD equivalents at approximate annual average rates, the
-- nearest-year rule, fixed conversions of the currencies the euro
-- replaced, the rates file format and its errors.
local h = require "helpers"
local error_of, has = h.error_of, h.has
local fx = require "paa.fx"

-- 'got' within 'tol' (a fraction) of 'want'
local function near(want, got, tol)
  assert(got, "expected a number, got nil")
  assert(math.abs(got - want) <= want * (tol or 0.03),
    string.format("expected %.6g within %g%%, got %.6g", want, (tol or 0.03) * 100, got))
end

describe("paa.fx", function()
  after_each(h.cleanup)

  ---------------------------------------------------------------------------
  describe("usd", function()
    -- value, currency, year, USD equivalent (published averages), year used
    local cases = {
      { 1e9, "EUR", 2010, 1.326e9, 2010 },
      { 1e9, "EUR", 2022, 1.053e9, 2022 },
      { 1e9, "GBP", 2007, 2.00e9, 2007 },
      { 1e9, "GBP", 2016, 1.355e9, 2016 },
      { 189e12, "JPY", 2024, 1.248e12, 2024 },
      { 1e9, "JPY", 1985, 4.193e6, 1985 },
      { 1e9, "CNY", 2020, 1.449e8, 2020 },
      { 1e9, "INR", 2023, 1.21e7, 2023 },
      { 1e9, "CHF", 2015, 1.038e9, 2015 },
      { 1e9, "KRW", 2019, 8.58e5, 2019 },
      { 1e9, "DEM", 1990, 6.19e8, 1990 },
      { 1e9, "HKD", 2012, 1.289e8, 2012 },
    }
    for _, c in ipairs(cases) do
      it(string.format("%g %s in %d", c[1], c[2], c[3]), function()
        local usd, year = fx.usd(c[1], c[2], c[3])
        near(c[4], usd)
        assert.are.equal(c[5], year)
      end)
    end

    it("takes USD as it is, in any year", function()
      assert.are.equal(40e9, (fx.usd(40e9, "USD", 2025)))
      assert.are.equal(40e9, (fx.usd(40e9, "USD", 1991)))
      assert.are.equal(40e9, (fx.usd(40e9, "USD")))
    end)

    it("reads the year of a date or a year string", function()
      local a, ya = fx.usd(1e6, "EUR", "2015-06-16")
      local b, yb = fx.usd(1e6, "EUR", "2015")
      local c, yc = fx.usd(1e6, "EUR", 2015)
      assert.are.same({ a, 2015 }, { c, ya })
      assert.are.same({ b, 2015 }, { c, yb })
      assert.are.equal(2015, yc)
    end)

    it("takes the latest year when none is given", function()
      local _, latest = fx.usd(1e6, "EUR")
      local _, y = fx.usd(1e6, "EUR", 9999)
      assert.are.equal(y, latest)
      assert.is_true(latest >= 2025)
    end)

    it("takes the nearest year the table holds", function()
      -- NZD has 2005 and 2010 only in between: 2007 is nearer 2005, 2008 nearer 2010
      assert.are.equal(2005, select(2, fx.usd(1, "NZD", 2007)))
      assert.are.equal(2010, select(2, fx.usd(1, "NZD", 2008)))
      assert.are.same({ fx.usd(1, "NZD", 2005) }, { fx.usd(1, "NZD", 2007) })
      -- before the first year and after the last
      assert.are.equal(1999, select(2, fx.usd(1, "EUR", 1987)))
      assert.are.equal(1995, select(2, fx.usd(1, "MXN", 1960)))
      assert.are.same({ fx.usd(1, "JPY") }, { fx.usd(1, "JPY", 2100) })
    end)

    it("follows the euro for its former currencies from 1999", function()
      local dem = fx.usd(1.95583e9, "DEM", 2010)
      local eur = fx.usd(1e9, "EUR", 2010)
      near(eur, dem, 1e-9)
      near(fx.usd(6.55957e9, "FRF", 2020), fx.usd(1e9, "EUR", 2020), 1e-9)
      near(fx.usd(655.957e9, "XOF", 2003), fx.usd(1e9, "EUR", 2003), 1e-9)
      -- before 1999, its own figures
      near(6.19e8, fx.usd(1e9, "DEM", 1991), 0.05)
      assert.are.equal(1998, select(2, fx.usd(1, "ITL", 1998)))
    end)

    it("covers every currency paa.money reads but bitcoin", function()
      local f = assert(io.open("lua/paa/data/currencies.txt", "rb"))
      local codes = {}
      for line in f:lines() do
        local code = line:match("^(%u%u%u)")
        if code then codes[code] = true end
      end
      f:close()
      for code in pairs(codes) do
        if code == "BTC" then
          assert.is_nil(fx.usd(1, code, 2020))
        else
          assert(fx.usd(1, code, 2020), "no rate for " .. code)
        end
      end
    end)

    it("gives nil for an unknown currency", function()
      assert.is_nil(fx.usd(1e6, "XYZ", 2020))
      assert.is_nil(fx.usd(1e6, "BTC"))
      assert.is_nil(fx.usd(1e6, ""))
    end)

    it("ignores the case of the code", function()
      assert.are.same({ fx.usd(5, "EUR", 2020) }, { fx.usd(5, "eur", 2020) })
    end)

    it("raises on bad arguments", function()
      has("bad argument #1 to 'usd' (number expected, got string)", error_of(fx.usd, "5", "EUR"))
      has("bad argument #1 to 'usd' (number expected, got nil)", error_of(fx.usd))
      has("bad argument #2 to 'usd' (string expected, got nil)", error_of(fx.usd, 5))
      has("bad argument #3 to 'usd' (a year expected, got 'soon')", error_of(fx.usd, 5, "EUR", "soon"))
      has("bad argument #3 to 'usd' (a year expected, got '20.5')", error_of(fx.usd, 5, "EUR", 20.5))
      has("bad argument #3 to 'usd' (string, integer or nil expected, got table)",
        error_of(fx.usd, 5, "EUR", {}))
      has("paa.fx:", error_of(fx.usd, 5, "EUR", "soon"))
    end)
  end)

  ---------------------------------------------------------------------------
  describe("load", function()
    it("reads the shipped table", function()
      local rates = assert(fx.load())
      local codes = rates:currencies()
      assert.is_true(#codes >= 40)
      assert.are.same({ fx.usd(7, "GBP", 2001) }, { rates:usd(7, "GBP", 2001) })
    end)

    it("reads a table of its own", function()
      local path = h.write(h.tmpdir() .. "/rates.txt", table.concat({
        "# test rates",
        "",
        "EUR  2000 2  2010 4",
        "EUR  2020 5",
        "OLD  1990 10",
        "OLD  from 2000  3 EUR",
        "USD  2000 1",
      }, "\n"))
      local rates = assert(fx.load(path))
      assert.are.same({ 25, 2020 }, { rates:usd(125, "EUR", 2024) })
      assert.are.same({ 50, 2010 }, { rates:usd(200, "EUR", 2008) })
      assert.are.same({ 10, 1990 }, { rates:usd(100, "OLD", 1970) })
      assert.are.same({ 10, 2010 }, { rates:usd(120, "OLD", 2011) })
      assert.is_nil(rates:usd(1, "GBP", 2000))
    end)

    it("says when the file cannot be opened", function()
      local rates, err = fx.load("no/such/rates.txt")
      assert.is_nil(rates)
      assert.are.equal("cannot open 'no/such/rates.txt': No such file or directory", err)
      has("bad argument #1 to 'load' (string expected, got number)", error_of(fx.load, 5))
    end)

    it("names the file and line of a malformed line", function()
      local head = "# rates\n\nUSD 2000 1\nEUR 2000 1.08\n\n# more\n"
      local cases = {
        { "EUR 2001 abc", "x.txt:7: bad rate 'abc'" },
        { "EUR 2001", "x.txt:7: expected 'CODE YEAR RATE [YEAR RATE ...]'" },
        { "EUR 201 1.1", "x.txt:7: bad year '201'" },
        { "EUR 2001 -1", "x.txt:7: bad rate '-1'" },
        { "EUR 2001 0", "x.txt:7: bad rate '0'" },
        { "Euro 2001 1.1", "x.txt:7: bad currency code 'Euro'" },
        { "EUR 2000 1.1", "x.txt:7: EUR 2000 given twice" },
        { "DEM from 1999 1.95583", "x.txt:7: expected 'CODE from YEAR FACTOR BASE'" },
        { "DEM from 1999 x EUR", "x.txt:7: bad factor 'x'" },
        { "DEM from 1999 1.9 GBP", "x.txt:7: no rates for base currency 'GBP'" },
      }
      local dir = h.tmpdir()
      for _, c in ipairs(cases) do
        local path = h.write(dir .. "/x.txt", head .. c[1] .. "\n")
        local rates, err = fx.load(path)
        assert.is_nil(rates, c[1])
        assert.are.equal(dir .. "/" .. c[2], err)
      end
    end)
  end)
end)
