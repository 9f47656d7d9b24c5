--- paa.fx: approximate US dollar equivalents of amounts of money.
--
-- So that deals in different currencies can be sorted and roughly
-- compared ("¥189tn" is not larger than "$4tn"), an amount in a currency
-- gets a USD equivalent at that currency's annual average rate for the
-- year of the amount. The rates come from a data file (the shipped
-- `lua/paa/data/usd_rates.txt`, whose header describes the format and
-- the source): approximate annual averages, units of the currency per US
-- dollar, good to a few percent — for sorting and comparison, never for
-- accounting.
--
-- A year the table does not hold takes the nearest year it does (ties go
-- to the earlier year); a year before a currency's first figure takes its
-- first, after its last its last. A currency with a fixed conversion
-- ("DEM from 1999 1.95583 EUR") follows its base currency from that year.
-- BTC has no rate: `fx.usd` returns nil for it, as for any unknown code.
-- @module paa.fx

-- looked up at each call: the sandbox wraps it in place
local corpus = require "paa.corpus"

local fx = {}

local Rates = {}
Rates.__index = Rates
Rates.__name = "paa.Rates"

---------------------------------------------------------------------------
-- Reading the data file
---------------------------------------------------------------------------

local function positive(s)
  local n = s:find("^%d+%.?%d*$") and tonumber(s)
  if n and n > 0 then return n end
  return nil
end

local function year_of(s)
  return s:find("^%d%d%d%d$") and math.tointeger(tonumber(s)) or nil
end

-- Parse the text of a rates file. Returns the Rates, or nil and
-- 'where:line: message'.
local function parse(src, where)
  local rates, pegs = {}, {}
  local lineno = 0
  for line in (src .. "\n"):gmatch("([^\n]*)\n") do
    lineno = lineno + 1
    line = line:gsub("\r$", "")
    local function bad(fmt, ...)
      return string.format("%s:%d: " .. fmt, where, lineno, ...)
    end
    if not line:find("^%s*#") and line:find("%S") then
      local t = {}
      for w in line:gmatch("%S+") do t[#t + 1] = w end
      local code = t[1]
      if not code:find("^%u%u%u$") then return nil, bad("bad currency code '%s'", code) end
      if t[2] == "from" then
        -- CODE from YEAR FACTOR BASE
        if #t ~= 5 then return nil, bad("expected 'CODE from YEAR FACTOR BASE'") end
        local y, f, base = year_of(t[3]), positive(t[4]), t[5]
        if not y then return nil, bad("bad year '%s'", t[3]) end
        if not f then return nil, bad("bad factor '%s'", t[4]) end
        if not base:find("^%u%u%u$") or base == code then return nil, bad("bad base currency '%s'", base) end
        if pegs[code] then return nil, bad("second fixed conversion for %s", code) end
        pegs[code] = { from = y, factor = f, base = base, line = lineno }
      else
        if #t < 3 or #t % 2 ~= 1 then return nil, bad("expected 'CODE YEAR RATE [YEAR RATE ...]'") end
        local r = rates[code] or {}
        rates[code] = r
        for i = 2, #t, 2 do
          local y, v = year_of(t[i]), positive(t[i + 1])
          if not y then return nil, bad("bad year '%s'", t[i]) end
          if not v then return nil, bad("bad rate '%s'", t[i + 1]) end
          if r[y] then return nil, bad("%s %d given twice", code, y) end
          r[y] = v
        end
      end
    end
  end
  for code, p in pairs(pegs) do
    if not rates[p.base] then
      lineno = p.line
      return nil, string.format("%s:%d: no rates for base currency '%s'", where, lineno, p.base)
    end
    if pegs[p.base] then
      return nil, string.format("%s:%d: base currency '%s' has a fixed conversion itself", where, p.line, p.base)
    end
    rates[code] = rates[code] or {}
  end
  local years = {}
  for code, r in pairs(rates) do
    local ys = {}
    for y in pairs(r) do ys[#ys + 1] = y end
    table.sort(ys)
    years[code] = ys
  end
  return setmetatable({ rates = rates, years = years, pegs = pegs }, Rates)
end

--- Read a rates file.
-- @tparam[opt] string path the file (default: the shipped
--   `lua/paa/data/usd_rates.txt`, found by `paa.path.searchpath`)
-- @treturn[1] paa.Rates the table of rates, with the method `usd`
-- @treturn[2] nil
-- @treturn[2] string `cannot open 'x.txt': No such file or directory`,
--   or `x.txt:7: bad rate 'abc'` for a malformed line
-- @raise when `path` is neither nil nor a string
-- @usage local rates = assert(fx.load("my-rates.txt"))
function fx.load(path)
  if path == nil then
    local found, err = require("paa.path").searchpath("paa.data.usd_rates", "txt")
    if not found then return nil, "cannot find paa/data/usd_rates.txt:" .. err end
    path = found
  elseif type(path) ~= "string" then
    error("paa.fx: bad argument #1 to 'load' (string expected, got " .. type(path) .. ")", 2)
  end
  local f, err = corpus.open_file(path)  -- a FIFO would block io.open
  if not f then
    err = tostring(err):gsub("^" .. path:gsub("%p", "%%%0") .. ": ", "")
    return nil, string.format("cannot open '%s': %s", path, err)
  end
  local src, rerr = f:read("a")
  f:close()
  if not src then return nil, string.format("cannot read '%s': %s", path, tostring(rerr)) end
  return parse(src, path)
end

---------------------------------------------------------------------------
-- Converting
---------------------------------------------------------------------------

-- The year of 'year' (nil, an integer, or a string starting with four
-- digits); raises naming the function.
local function check_year(year, fname)
  if year == nil then return nil end
  local y
  if type(year) == "number" then
    y = math.tointeger(year)
  elseif type(year) == "string" then
    y = year:match("^%s*(%d%d%d%d)")
    y = y and tonumber(y)
  else
    error(string.format("paa.fx: bad argument #3 to '%s' (string, integer or nil expected, got %s)",
      fname, type(year)), 4)
  end
  if not y then
    error(string.format("paa.fx: bad argument #3 to '%s' (a year expected, got '%s')", fname, tostring(year)), 4)
  end
  return y
end

-- The rate of 'code' from its own figures nearest 'year' (the latest
-- when 'year' is nil), limited to years before 'before' when given.
local function nearest(self, code, year, before)
  local ys, r = self.years[code], self.rates[code]
  local best
  for _, y in ipairs(ys) do
    if before and y >= before then break end
    if year == nil or not best or math.abs(y - year) < math.abs(best - year) then best = y end
  end
  if best then return r[best], best end
  return nil
end

-- Rate (units per USD) of 'code' in 'year', and the year of the rate used.
local function rate(self, code, year)
  if not self.rates[code] then return nil end
  local peg = self.pegs[code]
  if peg and (year == nil or year >= peg.from or not nearest(self, code, year, peg.from)) then
    local r, y = nearest(self, peg.base, year and math.max(year, peg.from))
    return r * peg.factor, y
  end
  return nearest(self, code, year, peg and peg.from)
end

local function usd(self, value, currency, year, fname)
  if type(value) ~= "number" then
    error(string.format("paa.fx: bad argument #1 to '%s' (number expected, got %s)", fname, type(value)), 3)
  end
  if type(currency) ~= "string" then
    error(string.format("paa.fx: bad argument #2 to '%s' (string expected, got %s)", fname, type(currency)), 3)
  end
  local y = check_year(year, fname)
  local r, used = rate(self, currency:upper(), y)
  if not r then return nil end
  return value / r, used
end

--- The USD equivalent of an amount, with this table's rates.
-- @tparam number value the amount, in units of `currency`
-- @tparam string currency an ISO 4217 code ("EUR"; case is ignored)
-- @tparam[opt] string|integer year the amount's year: 2025, "2025" or a
--   date "2025-06-16" (its first four digits); nil takes the latest rate
-- @treturn[1] number the amount in US dollars
-- @treturn[1] integer the year of the rate used
-- @treturn[2] nil when the currency has no rate
-- @raise on a value that is not a number, a currency that is not a
--   string or a year that is not one
function Rates:usd(value, currency, year)
  return usd(self, value, currency, year, "usd")
end

--- The currency codes of this table, sorted.
-- @treturn {string,...}
function Rates:currencies()
  local t = {}
  for code in pairs(self.rates) do t[#t + 1] = code end
  table.sort(t)
  return t
end

local shipped

--- The USD equivalent of an amount with the shipped rates (loaded on
-- first use), as `Rates:usd`.
-- @tparam number value
-- @tparam string currency
-- @tparam[opt] string|integer year
-- @treturn[1] number the amount in US dollars
-- @treturn[1] integer the year of the rate used
-- @treturn[2] nil when the currency has no rate
-- @raise on bad arguments, or when the shipped table cannot be read
-- @usage fx.usd(3.5e6, "GBP", "2005-03-01")  --> 6363636.36..., 2005
function fx.usd(value, currency, year)
  if not shipped then
    local err
    shipped, err = fx.load()
    if not shipped then error("paa.fx: " .. err, 2) end
  end
  return usd(shipped, value, currency, year, "usd")
end

return fx
