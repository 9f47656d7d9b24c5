--- paa.cited: which news outlet a sentence cites.
--
-- For reports grouped by cited outlet (`paa scripts/tensions.lua --by
-- cited`): a sentence that says "according to Reuters", "told The
-- Information", "a Wall Street Journal article" or links to ft.com is
-- attributed to that outlet. An outlet's name alone is not a citation (a
-- sentence *about* Bloomberg does not cite it); a link or URL to a known
-- domain always is.
--
-- The outlets, their domains and aliases come from a data file (the
-- shipped `lua/paa/data/outlets.txt`, whose header describes the format).
-- All names are compiled into one LPeg pattern that finds candidate
-- mentions in a single pass over a sentence, a word at a time; only the
-- few candidates found are then checked for a citing phrase around them,
-- so the cost per sentence does not grow with the number of outlets.
--
-- Rules, for a name N (as written in the data file, case-sensitive, whole
-- words; "the" before it is allowed and skipped):
--
-- * before N: "according to N", "according to a (recent) report from N",
--   "as reported by N", "shared / published / cited / quoted / seen /
--   reviewed / obtained by N", "told N", "sources told N", "in an
--   interview with N", "speaking to N", "in a statement to N", "per N",
--   "via N", "citing N", "reported / published / detailed / found in N",
--   "writing in N", "an op-ed for N", "refer to N";
-- * after N: "N reported", "N has reported", "N first reported", "N
--   notes that", "N wrote", "N revealed", "N, citing ...", "a N article /
--   report / story / analysis / interview / reporter", "N's reporting";
--   but not "N reported a loss / its earnings / record revenue ...";
-- * a wire dateline: "LONDON (Reuters) - ...";
-- * a URL (`https://...`, `www....`) or Markdown link whose domain, or a
--   parent domain, is an outlet's: always a citation.
--
-- A single-word name that is not an acronym and is followed by another
-- capitalised word or a number ("Bloomberg Philanthropies", "The
-- Information Commissioner", "Fortune 500") is taken to be part of another
-- name. When a sentence cites several outlets, the first one wins.
-- @module paa.cited

local lpeg = require "lpeg"
local outlets_file = require "paa.outlets"

local P, R, S, C, Cc, Cp, Ct = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Cc, lpeg.Cp, lpeg.Ct

local cited = {}

local Citer = {}
Citer.__index = Citer
Citer.__name = "paa.Citer"

local parse = outlets_file.parse  -- the data file, read by paa.outlets

local function trim(s)
  return s:match("^%s*(.-)%s*$")
end

---------------------------------------------------------------------------
-- The scanner: one LPeg pass per sentence
---------------------------------------------------------------------------

local wordchar = R("az", "AZ", "09") + R("\128\255")
-- the end of a name: no letter or digit follows (a curly apostrophe may)
local name_end = -R("az", "AZ", "09") * (#P("\226\128\153") + -R("\128\255"))

-- A choice over names, grouped by first byte so that a word that cannot
-- start any name fails at the first test, longest names first in a group.
local function names_pattern(entries)
  local groups, firsts = {}, {}
  for i, e in ipairs(entries) do
    local variants = { e.core }
    if e.core:find("'", 1, true) then variants[2] = e.core:gsub("'", "\226\128\153") end
    for _, v in ipairs(variants) do
      local c = v:sub(1, 1)
      if not groups[c] then groups[c] = {}; firsts[#firsts + 1] = c end
      table.insert(groups[c], { text = v, index = i })
    end
  end
  table.sort(firsts)
  local alt = P(false)
  for _, c in ipairs(firsts) do
    local g = groups[c]
    table.sort(g, function(x, y)
      if #x.text ~= #y.text then return #x.text > #y.text end
      return x.text < y.text
    end)
    local sub = P(false)
    for _, v in ipairs(g) do sub = sub + P(v.text:sub(2)) * name_end * Cc(v.index) end
    alt = alt + P(c) * sub
  end
  return #S(table.concat(firsts)) * alt
end

local function ci(word)  -- case-insensitive literal
  local p = P(true)
  for ch in word:gmatch(".") do p = p * S(ch:lower() .. ch:upper()) end
  return p
end

local url_start = ci("http") * S("sS")^-1 * P("://") * ci("www.")^-1 + ci("www.")
local url_host = C((R("az", "AZ", "09") + S("-.") + R("\128\255"))^1)
local url_rest = (1 - S(" \t\r\n<>\"()[]{}|\\^`"))^0
local url = #S("hHwW") * Cc("u") * Cp() * url_start * url_host * url_rest * Cp()

local function scanner(entries)
  local name = Cc("n") * Cp() * names_pattern(entries) * Cp()
  return Ct((url + name + wordchar^1 + 1)^0)
end

---------------------------------------------------------------------------
-- Citing phrases around a name
---------------------------------------------------------------------------

local function set(list)
  local t = {}
  for w in list:gmatch("[^,]+") do t[trim(w)] = true end
  return t
end

-- the word just before the name
local BEFORE1 = set("told, tells, telling, per, via, citing, cites, visit, see")
-- the two words just before the name
local BEFORE2 = set([[according to, reported by, shared by, published by, cited by,
  quoted by, seen by, reviewed by, obtained by, analyzed by, analysed by,
  highlighted by, noted by, detailed by, revealed by, interviewed by,
  confirmed to, speaking to, spoke to, speaking with, spoke with, talking to,
  talked to, interview with, interviews with, statement to, statements to,
  comments to, comment to, remarks to, refer to, reported in, published in,
  appeared on, detailed in, outlined in, described in,
  highlighted in, found in, found at, accessed at, available at, writing in,
  wrote in, writes in, written for, writing for, quoted in, cited in,
  featured in, more at]])
-- "<noun> <preposition> N": "a report from N", "an op-ed for N"
local NOUNS = set([[report, reports, reporting, article, articles, story, stories,
  piece, analysis, investigation, interview, interviews, op-ed, column,
  editorial, survey, poll, scoop, exclusive, coverage, podcast, newsletter,
  documents, data, conversation, appearance, segment, briefing]])
local PREPS = set("from, by, in, at, for")
local PREPS_WITH = set("interview, interviews, conversation, podcast, appearance, segment")
-- "a N <noun>", "N's <noun>"
local NOUNS_AFTER = set([[report, reports, reporting, article, articles, story, stories,
  piece, analysis, investigation, interview, op-ed, column, editorial, survey,
  poll, scoop, exclusive, coverage, podcast, newsletter, reporter, reporters,
  journalist, journalists, correspondent, columnist, headline, tally, calculations]])
-- "N <verb>", "N has <verb>", "N first <verb>"
local VERBS = set([[reported, reports, reporting, report, notes, noted, writes, wrote,
  revealed, reveals, learned, learnt, cited, cites, calculated, estimated]])
local AUX = set([[has, had, have, is, was, first, also, previously, earlier, recently,
  originally, exclusively, separately, initially, later, subsequently]])
-- "N reported a loss", "N reports its earnings": a company's results
local NOT_AFTER_REPORTED = set([[its, their, his, her, record, quarterly, annual, net,
  revenue, revenues, sales, profit, profits, earnings, loss, losses, income,
  higher, lower, strong, stronger, weak, weaker, better, worse, flat, growth,
  fiscal, full-year, first-quarter, second-quarter, third-quarter, fourth-quarter]])
local NOT_AFTER_REPORTED_A = set([[loss, profit, net, decline, drop, rise, fall, increase,
  jump, surge, gain, record, quarterly, annual, better, worse, slump]])
local WEEKDAYS = set("Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday")

-- Whether the words after a name (from 'post') cite it; returns a label.
local function after_cue(post)
  if post:find("^['\226]") then  -- possessive: N's report
    local n = post:match("^'s?%s+([%a%-]+)") or post:match("^\226\128\153s?%s+([%a%-]+)")
    if n and NOUNS_AFTER[n:lower()] then return "'s " .. n:lower() end
    return nil
  end
  if post:find("^,%s*citing%f[%A]") then return "citing" end
  local v1, v2, v3 = post:match("^,?%s+([%a%-]+)%s*([%a%-]*)%s*([%a%-]*)")
  if not v1 then return nil end
  local l1, l2, l3 = v1:lower(), v2:lower(), v3:lower()
  if NOUNS_AFTER[l1] and v1 == l1 then return l1 end
  local verb, nxt, nxt2
  if VERBS[l1] then
    verb, nxt, nxt2 = l1, l2, l3
  elseif AUX[l1] and VERBS[l2] then
    verb, nxt, nxt2 = l2, l3, post:match("^,?%s+[%a%-]+%s+[%a%-]+%s+[%a%-]+%s+([%a%-]+)")
    nxt2 = nxt2 and nxt2:lower() or ""
  end
  if not verb then return nil end
  if verb:find("^report") then
    if NOT_AFTER_REPORTED[nxt] then return nil end
    if (nxt == "a" or nxt == "an") and NOT_AFTER_REPORTED_A[nxt2] then return nil end
  end
  return verb
end

-- Whether the words before a name (ending at 'pre') cite it.
local function before_cue(pre)
  local tail = pre:sub(-60):lower()
  if not tail:find("%s$") then return nil end
  local w2, w1 = tail:match("(%S+)%s+(%S+)%s+$")
  if not w1 then w1 = tail:match("(%S+)%s+$") end
  if not w1 then return nil end
  if BEFORE1[w1] then return w1 end
  if w2 then
    local two = w2 .. " " .. w1
    if BEFORE2[two] then return two end
    if NOUNS[w2] and (PREPS[w1] or (w1 == "with" or w1 == "on") and PREPS_WITH[w2]) then return two end
  end
  return nil
end

-- The citation of the name candidate (entry e) found at [a, b) in s, if any:
-- start, stop of the cited span and the cue.
local function check_name(s, e, a, b)
  local pre = s:sub(math.max(1, a - 80), a - 1)
  local post = s:sub(b, b + 60)
  -- a single ordinary word followed by a capitalised word or a number is
  -- part of another name: "Bloomberg Philanthropies", "Fortune 500"
  if not e.core:find("[%s]") and e.core:find("%l") then
    local nxt = post:match("^ (%u[%w\128-\255]*)") or post:match("^ (%d)")
    if nxt and not WEEKDAYS[nxt] then return nil end
  end
  -- markdown emphasis or a link's bracket around the name
  local pre2 = pre:gsub("[%*_%[]+$", "")
  local post2 = post:gsub("^[%*_]+", "")
  -- a wire dateline: "LONDON (Reuters) - ..."
  if pre2:sub(-1) == "(" and (post2:find("^%)%s*%-") or post2:find("^%)%s*\226\128[\147\148]")) then
    return a, b - 1, "dateline"
  end
  local start = a
  local art = pre2:match("()[Tt]he%s+$")
  if art and (art == 1 or not pre2:sub(art - 1, art - 1):find("[%w\128-\255]")) then
    if e.the then start = a - #pre + art - 1 end
    pre2 = pre2:sub(1, art - 1)
  elseif e.article then
    return nil
  end
  local cue = before_cue(pre2) or after_cue(post2)
  if cue then return start, b - 1, cue end
  return nil
end

-- The outlet of a URL whose host is 'host': the host or a parent domain.
local function domain_outlet(domains, host)
  host = host:lower():gsub("%.+$", "")
  while host:find(".", 1, true) do
    local o = domains[host]
    if o then return o end
    host = host:gsub("^[^.]*%.", "")
  end
  return nil
end

---------------------------------------------------------------------------
-- API
---------------------------------------------------------------------------

--- Compiles an outlets table from text in the data file format.
-- @tparam string src the text of an outlets file
-- @tparam[opt="outlets"] string name what error messages call it
-- @treturn paa.Citer
-- @raise on a malformed line: `paa.cited: NAME:LINE: problem`
function cited.new(src, name)
  if type(src) ~= "string" then
    error("paa.cited: bad argument #1 to 'new' (string expected, got " .. type(src) .. ")", 2)
  end
  local outlets, entries, domains = parse(src, name or "outlets")
  return setmetatable({
    list = outlets,        -- outlets in file order
    entries = entries,     -- names looked for: { core, article (needed), the (a form has it), outlet }
    domains = domains,     -- domain -> outlet name
    scan = scanner(entries),
  }, Citer)
end

--- Reads an outlets data file.
-- @tparam[opt] string path the file; default the shipped
--   `lua/paa/data/outlets.txt`, found by `paa.path.searchpath`
-- @treturn paa.Citer|nil the citer, or nil and a message (`cannot open
--   'x.txt': No such file or directory`) when the file cannot be read
-- @raise on a malformed line, naming the file and line:
--   `paa.cited: x.txt:7: bad domain 'https://wsj.com'`
-- @usage local citer = assert(cited.load("my-outlets.txt"))
function cited.load(path)
  local src, where = outlets_file.read(path, "paa.cited", "load")
  if not src then return nil, where end
  return cited.new(src, where)
end

--- The domains of an outlets data file and the outlets they belong to
-- (`paa.outlets.sites`).
-- @tparam[opt] string path the file; default the shipped one
-- @treturn table|nil `{ [domain] = name }`, or nil and a message
function cited.sites(path)
  return outlets_file.sites(path)
end

--- The outlet a sentence cites.
-- @tparam string sentence one sentence (any string)
-- @treturn string|nil the outlet's name as the data file writes it, or nil
--   when the sentence cites none
-- @treturn integer start of the cited span: the outlet's name as written
--   in the sentence (with its "The" when the name has one), or the link
--   or URL (1-based, inclusive)
-- @treturn integer stop of the cited span
-- @treturn string the evidence: the citing phrase ("according to",
--   "told", "reported", "'s report", "dateline"), "url" or "link"
-- @raise when sentence is not a string
-- @usage local outlet, a, b = citer:outlet("OpenAI is in talks, Reuters reported.")
--   --> "Reuters", 20, 26, "reported"
function Citer:outlet(sentence)
  if type(sentence) ~= "string" then
    error("paa.cited: bad argument #1 to 'outlet' (string expected, got " .. type(sentence) .. ")", 2)
  end
  local found = lpeg.match(self.scan, sentence)
  local n = #found
  if n == 0 then return nil end
  for i = 1, n, 4 do
    local kind, a, x, b = found[i], found[i + 1], found[i + 2], found[i + 3]
    if kind == "u" then
      local o = domain_outlet(self.domains, x)
      if o then
        local stop = b - 1
        local pre = sentence:sub(1, a - 1)
        if pre:sub(-2) == "](" then
          local lb = pre:sub(1, -3):match("()%[[^%[%]]*%]?$")
          if sentence:sub(b, b) == ")" then stop = b end
          return o, lb or a, stop, "link"
        end
        while stop > a and sentence:sub(stop, stop):find("[%.,;:!%?'\"]") do stop = stop - 1 end
        return o, a, stop, "url"
      end
    else
      local e = self.entries[x]
      local start, stop, cue = check_name(sentence, e, a, b)
      if start then return e.outlet, start, stop, cue end
    end
  end
  return nil
end

--- The outlets of the table, in file order.
-- @treturn {string,...} their names
function Citer:outlets()
  local t = {}
  for i, o in ipairs(self.list) do t[i] = o.name end
  return t
end

--- The outlet of a domain or host name (or a parent domain of it).
-- @tparam string host e.g. `"edition.cnn.com"`
-- @treturn string|nil the outlet's name
function Citer:domain(host)
  if type(host) ~= "string" then
    error("paa.cited: bad argument #1 to 'domain' (string expected, got " .. type(host) .. ")", 2)
  end
  return domain_outlet(self.domains, host:gsub("^%a+://", ""):gsub("/.*$", ""):gsub("^www%.", ""))
end

function Citer:__tostring()
  return string.format("paa.Citer (%d outlets)", #self.list)
end

local default

--- `citer:outlet(sentence)` with the shipped outlets table, loaded once.
-- @tparam string sentence
-- @return as `citer:outlet`
-- @raise when the shipped table cannot be read
function cited.outlet(sentence)
  if not default then default = assert(cited.load()) end
  return default:outlet(sentence)
end

return cited
