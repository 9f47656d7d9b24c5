--- paa.orgs: organisation names in news sentences, for deal extraction.
--
-- A sentence's names come from three places:
--
-- - the gazetteer (`lua/paa/data/organisations.txt`, `Name | Alias; Alias`
--   lines; `--gazetteer FILE` adds more): the name is reported as the
--   gazetteer writes it ("Nvidia" for "NVIDIA", "Verizon" for "Verizon
--   Communications");
-- - Reuters-style markup: `<Texaco Inc>`;
-- - capitalised sequences: "Overseas Private Investment Corporation", "Bank
--   of America", "AT&T", "LG Card" (words joined by spaces, "of", "&",
--   "de"), with a possessive "'s" cut off ("OpenAI's" is OpenAI). Words
--   that are capitalised for other reasons are not names: "The", "It",
--   months, weekdays, titles ("Mr", "Chief"), and the common words a
--   sentence starts with ("Shares", "Last", "Analysts").
--
-- Which of them are parties of a deal is the template's business
-- (`paa.deals`): `name_after` and `name_before` read the name a role cue
-- points at, past descriptors ("by telecoms giant Verizon", "India's
-- United Breweries") and appositives ("Verizon, the US phone firm,
-- agreed"). Page furniture ("Share on Facebook", "Follow us on X") never
-- gives a name.
-- @module paa.orgs

local lexicon = require "paa.lexicon"
-- looked up at each call: the sandbox wraps it in place
local corpus = require "paa.corpus"

local orgs = {}

-- {==========================================================================
-- The gazetteer
-- ===========================================================================

--- Read a gazetteer: `Name | Alias; Alias` lines, `#` comments.
-- @tparam[opt] string path default the shipped `lua/paa/data/organisations.txt`
-- @tparam[opt] table base a gazetteer to extend
-- @treturn[1] table a gazetteer `{ themes, lexicon, known }`
-- @treturn[2] nil
-- @treturn[2] string what is wrong, naming the file: `cannot open 'x.txt':
--   No such file or directory`, `'x': is a folder`, `x.txt:3: no name before '|'`
function orgs.load_gazetteer(path, base)
  path = path or require("paa.path").searchpath("paa.data.organisations", "txt")
  if not path then return nil, "cannot find paa/data/organisations.txt" end
  local f, err = corpus.open_file(path, true)  -- a FIFO would block io.open
  if not f then
    if err:sub(1, #path + 2) == path .. ": " then err = err:sub(#path + 3) end
    return nil, string.format("cannot open '%s': %s", path, err)
  end
  local first, rerr, code = f:read(0)
  if not first and rerr and code == 21 then          -- EISDIR
    f:close()
    return nil, string.format("'%s': is a folder, not a gazetteer file", path)
  end
  local themes, seen = {}, {}
  for _, t in ipairs(base and base.themes or {}) do
    themes[#themes + 1] = t
    seen[t.name] = t
  end
  local n = 0
  for line in f:lines() do
    n = n + 1
    if line:find("[\0-\8\14-\31]") then
      f:close()
      return nil, string.format("%s:%d: not a text line (a gazetteer holds 'Name | Alias; Alias' lines)", path, n)
    end
    if line:match("%S") and not line:match("^%s*#") then
      local name, aliases = line:match("^%s*([^|]-)%s*|%s*(.-)%s*$")
      name = name or line:match("^%s*(.-)%s*$")
      if name == "" then
        f:close()
        return nil, string.format("%s:%d: no name before '|'", path, n)
      end
      local t = seen[name]
      if not t then
        t = { name = name, name }
        themes[#themes + 1], seen[name] = t, t
      end
      local folded = {}
      for _, term in ipairs(t) do folded[term:lower()] = true end
      for alias in (aliases or ""):gmatch("[^;]+") do
        alias = alias:match("^%s*(.-)%s*$")
        if alias ~= "" and not folded[alias:lower()] then
          t[#t + 1], folded[alias:lower()] = alias, true
        end
      end
    end
  end
  f:close()
  if #themes == 0 then return nil, string.format("%s: no organisation in it", path) end
  local known = {}
  for _, t in ipairs(themes) do
    for _, term in ipairs(t) do known[term:lower()] = t.name end
  end
  return { themes = themes, lexicon = lexicon.new(themes), known = known }
end

-- }==========================================================================


-- {==========================================================================
-- Names in a sentence
-- ===========================================================================

-- capitalised words that are not names, or not on their own
local NOT_NAMES = {}
for w in ([[The A An And Or But In On At By For Of To From With As It Its Their They He She
  We I This That These Those There Here His Her Our Your Who What Which Where When Why How
  January February March April May June July August September October November December
  Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
  Monday Tuesday Wednesday Thursday Friday Saturday Sunday
  CEO CFO COO CTO Chief Executive Officer President Chairman Mr Mrs Ms Dr Sir Lord Prof
  Inc Ltd LLC Co Corp PLC Group Holdings
  According However Meanwhile Under After Before While Since If When Although Also But
  Last Next Earlier Later Shares Share Analysts Investors Officials Bosses Critics Experts
  Sales Profits Profit Revenue Revenues Earnings Prices Markets Stocks Trading Figures
  Now Then Yet Still Both Each Every All Some Many Most Several Such Other Another New
  One Two Three Four Five Six Seven Eight Nine Ten
  Massive Subsequent Further Moreover Additionally Furthermore Such Despite Because
  AI Reports Sources Documents Figures Data Estimates Rumours Rumors Talks Plans
  Shareholders Critics Lawyers Traders Workers Unions Regulators Bidders Buyers Sellers
  Recently Separately Additionally Finally Previously Currently Similarly Initially Elsewhere
  Nevertheless Instead Consequently Subsequently Ultimately Eventually Notably Importantly
  Overall Likewise Alternatively Historically Traditionally Typically Usually Generally
  Specifically Crucially Interestingly Indeed Otherwise Therefore Thus Hence Again
  Existing Returning Previous Prior Current]]):gmatch("%S+") do
  NOT_NAMES[w] = true
end
-- technologies and products written in capitals ("$1bn on EV-DO from
-- Lucent", "WCDMA contracts") and people by their nation ("selling the
-- Dutchman to Lazio"): no organisation
for w in ([[WCDMA CDMA GSM UMTS LTE HSPA HSDPA HSUPA WiMAX EDGE GPRS EV-DO DSL ADSL LLU VoIP PVR DVD DVDs CD CDs PC PCs TV TVs
  HDTV HD GPS RFID API APIs CPU CPUs GPU GPUs IT ERP CRM SaaS IPTV MP3 3G 4G 5G Wi-Fi WiFi LCD
  OLED LED RAM DRAM NAND SSD IPO IPOs M&A GDP CO2 LNG
  Dutchman Frenchman Englishman Irishman Scotsman Welshman Dutchmen Frenchmen Englishmen
  Irishmen Scotsmen Welshmen Spaniard Spaniards Germans Americans Russians Italians Indians
  Swedes Danes Norwegians Finns Belgians Canadians
  Australians Brazilians Mexicans Koreans Europeans Asians Africans Arabs]]):gmatch("%S+") do
  NOT_NAMES[w] = true
end
orgs.NOT_NAMES = NOT_NAMES

-- words after which "for" goes on with the name
local INSTITUTIONS = {}
for w in ([[Alliance Department Centre Center Institute Society Foundation Fund Council
  Commission Agency Office Association Coalition Committee Campaign Trust Ministry
  Secretary Bureau Authority Board Organisation Organization]]):gmatch("%S+") do
  INSTITUTIONS[w] = true
end

-- words that join capitalised words into one name: "Bank of America"
local JOINERS = { ["of"] = true, ["&"] = true, ["de"] = true, ["du"] = true, ["von"] = true }

-- a capitalised word: a capital (or a digit then a capital: "3M"), then
-- letters, digits and inner "&.-'"
local function cap_word(s, i)
  local w = s:match("^%u[%w&%.%-]*", i) or s:match("^%d+%u[%w&%-]*", i)
  if not w then return nil end
  w = w:gsub("[%.%-]+$", "")                   -- "Inc." keeps no full stop here
  return w, i + #w
end

-- the possessive after a word at 'e': "'s", "’s", "'" (then the end)
local function possessive(s, e)
  local p = s:match("^'s()", e) or s:match("^\226\128\153s()", e)
  if p and not s:sub(p, p):match("%w") then return p end
  -- "Orbit Systems' offer": a name ending in s and an apostrophe
  if s:sub(e - 1, e - 1) == "s" then
    p = s:match("^'()%s", e) or s:match("^\226\128\153()%s", e)
    if p then return p end
  end
  return nil
end

-- nouns after a project's name
local PROJECT_NOUNS = { project = true, initiative = true, programme = true, program = true,
  plan = true, scheme = true, venture = true }

-- after a sentence's first word: a verb or a possessive, as a name's is
local FOLLOWERS = {}
for w in ([[has have had is are was were will would could can may might must should
  said says and or plans wants announced agreed reported posted made paid bought sold won
  took got led put sent held became began rose fell grew lost spent struck]]):gmatch("%S+") do
  FOLLOWERS[w] = true
end
local function opens_verb(s, stop)
  if s:match("^'s", stop + 1) or s:match("^\226\128\153s", stop + 1) or s:match("^%s*,", stop + 1) then
    return true
  end
  local w, e = s:match("^%s+(%l+)()", stop + 1)
  while w and #w > 4 and w:match("ly$") do            -- "Absa currently has"
    w, e = s:match("^%s+(%l+)()", e)
  end
  return w ~= nil and (FOLLOWERS[w] or w:match("ed$") ~= nil or (w:match("[^s]s$") ~= nil and #w > 3))
end

-- words that are no name alone but go on with one: corporate words,
-- "AI" ("Quillon AI"), numbers ("Point Nine", "Capital One"), a
-- business's common last words ("Vector Data", "Emerging Markets")
local CONTINUES = {}
for w in ([[Inc Ltd LLC Co Corp PLC Group Holdings AI One Two Three Four Five Six Seven Eight
  Nine Ten Data Markets Sales Trading Investors]]):gmatch("%S+") do
  CONTINUES[w] = true
end

-- words after which a word like "Italian" is a name, not an adjective
-- ("company Jagran in a deal"): an adjective comes before its noun
local FUNCTION_WORDS = {}
for w in ([[and or of in on at to for with by from as is was has had said says will would
  which who that]]):gmatch("%S+") do
  FUNCTION_WORDS[w] = true
end

-- the rivals of a company ("Boeing's great European competitor")
local RIVALS = { rival = true, rivals = true, competitor = true, competitors = true }

-- titles before a person's name
local TITLES = {}
for w in ([[Mr Mrs Ms Miss Dr Sir Lord Lady Dame Prof President Minister Chancellor
  Secretary Senator Governor Mayor King Queen Prince Princess Judge Justice General
  Chairman Chairwoman Director Chief Executive Officer Officials Pope Rev
  Commissioner Ambassador Premier Sheikh Emir Mr. Mrs. Dr. Prime Deputy Leader Spokesman
  Spokeswoman]]):gmatch("%S+") do
  TITLES[w] = true
end

-- Reuters markup and furniture
local FURNITURE = { "share on $", "follow us on $", "sign in with $", "log in with $",
  "like us on $", "share this on $", "join us on $", "subscribe on $", "watch on $" }

for i, f in ipairs(FURNITURE) do FURNITURE[i] = f:gsub("%$$", "") .. "$" end
local function is_furniture(s, a)
  local before = s:sub(math.max(1, a - 20), a - 1)
  if not before:find("[Oo]n%s*$") and not before:find("[Ww]ith%s*$") then return false end
  before = before:lower()
  for _, f in ipairs(FURNITURE) do
    if before:find(f) then return true end
  end
  return false
end

--- The names of a sentence.
-- @tparam string s a sentence
-- @tparam table gaz a gazetteer (`load_gazetteer`)
-- @treturn table `{ { name, start, stop, known, poss } }` by position:
--   `name` as reported (the gazetteer's form when known), `start`/`stop`
--   the span in `s`, `known` true for gazetteer names and markup, `poss`
--   true when a possessive follows ("OpenAI's")
function orgs.names(s, gaz)
  local out = {}
  local function add(name, a, b, known)
    for _, o in ipairs(out) do              -- a span already taken
      if a <= o.stop and b >= o.start then return end
    end
    if is_furniture(s, a) then return end
    -- "the Stargate project": the name of a project, not a party
    -- ("Stargate, the data-centre venture it announced")
    local project = s:match("^%s+(%l+)", b + 1) or s:match("^,%s+the%s+[%w%-]+%s+(%l+)", b + 1)
      or s:match("^,%s+the%s+(%l+)", b + 1)
    project = project and PROJECT_NOUNS[project] or nil
    -- "the Stargate Project"
    project = project or PROJECT_NOUNS[(name:match(" (%u%l+)$") or ""):lower()]
    -- "Boeing's great European competitor is to sell": the rival, not
    -- Boeing, does what follows
    local after_poss = possessive(s, b + 1)
    local rival = false
    if after_poss then
      local k = 0
      for w in s:sub(after_poss, after_poss + 40):gmatch("%a+") do
        k = k + 1
        if k > 3 then break end
        if RIVALS[w] then rival = true break end
      end
    end
    out[#out + 1] = { name = name, start = a, stop = b, known = known,
      poss = after_poss ~= nil, project = project, rival = rival or nil }
  end
  -- <Texaco Inc>
  for a, name, b in s:gmatch("()<(%u[^<>\n]-)>()") do add(name, a, b - 1, true) end
  -- the gazetteer: a match must start with a capital (or a digit, or
  -- non-ASCII) in the text, unless the gazetteer writes it in lower case
  for name, _, a, b in gaz.lexicon:matches(s) do
    local c = s:sub(a, a)
    if c:match("[%u%d]") or c:byte() >= 0x80 or name:sub(1, 1):match("%l") then
      -- a longer capitalised name around it is another organisation
      -- ("Microsoft Ventures" is not Microsoft) unless only a corporate
      -- word follows ("Verizon Communications")
      local after = s:match("^ (%u%w+)", b + 1)
      if not after or orgs.SUFFIX[after] or after == "AI" then
        local stop = b
        if after and after ~= "AI" then stop = b + 1 + #after end
        add(name, a, stop, true)    -- ("Microsoft AI" is Microsoft)
      end
    end
  end
  -- capitalised sequences
  local i, n = 1, #s
  while i <= n do
    local a = s:find("[%u%d]", i)
    if not a then break end
    -- (inside a word: "EV-DO" holds no name "DO")
    if a > 1 and (s:sub(a - 1, a - 1):match("[%w_]") or s:sub(a - 2, a - 1):match("^%w%-$")) then
      i = a + 1
    else
      local words, e, stop = {}, a, nil
      while true do
        local w, we = cap_word(s, e)
        if not w then break end
        if NOT_NAMES[w] and #words == 0 then break end
        -- ("Quillon AI" is a company's name)
        if NOT_NAMES[w] and not (CONTINUES[w] and #words > 0) then break end
        words[#words + 1] = w
        stop = we - 1
        local poss = possessive(s, we)
        -- "Foster's Group": a possessive inside a company's name
        local corp = poss and s:match("^ (%u%a+)", poss)
        if poss and not (corp and orgs.SUFFIX[corp]) then break end
        if poss then
          words[#words] = s:sub(e, poss - 1)
          we = poss
        end
        local j = s:match("^ ()", we)
        if not j then break end
        -- a joiner only between two capitalised words
        local joiner, after = s:match("^(%S+) ()", j)
        -- "Global Alliance for Vaccines", "Department for International
        -- Development": "for" after an institution's word
        local institution = joiner == "for" and INSTITUTIONS[words[#words]]
        if joiner and (JOINERS[joiner] or institution) and cap_word(s, after) then
          words[#words + 1] = joiner
          e = after
        else
          e = j
        end
      end
      -- "Airbus A320", "Boeing 737-800": the maker, not its model
      local model_end
      while #words > 1 and (words[#words]:match("^%u+%d[%w%-]*$") or words[#words]:match("^%d%d%d+[%-%d]*$")) do
        table.remove(words)
        model_end = model_end or stop
        stop = a + #table.concat(words, " ") - 1
      end
      -- "Frankfurt-based Deutsche Boerse", "London-listed Foo": the name
      -- after the place's adjective
      if #words > 1 and words[1]:find("%-%l") then
        a = a + #words[1] + 1
        table.remove(words, 1)
      end
      if #words > 0 and stop then
        local name = table.concat(words, " ")
        local before = s:sub(math.max(1, a - 24), a - 1)
        local title = before:match("(%a+)%.?%s+$")
        -- a person after a title ("Mr Bush", "President Bush"); a plural
        -- common noun opening a sentence ("Employers have spent")
        local person = title and TITLES[title]
        for _, w in ipairs(words) do
          if TITLES[w] then person = true end
        end
        -- a single unknown word opening a sentence is a name only before
        -- a verb ("Argentina signed", "Sumitomo tabled"): not "Increased
        -- spending", "So far", "Employers have spent"
        local opener = #words == 1 and before:match("^[%s\"'“‘%(%-]*$") and
          (name:match("%l[ei]rs$") or name:match("%lists$") or name:match("%lants$") or
           name:match("%lents$") or name:match("%lians$") or name:match("%lees$") or
           name:match("%lons$") or not opens_verb(s, stop))
        -- a round's label ("a Series C round") is no name, nor a
        -- nationality before its noun ("Venezuelan fuel", "Argentine
        -- banks")
        -- ("S Korean credit card firm")
        local label = name:match("%-%l") or name:match("^Series %u$") or
          (name == "Series" and s:match("^ %u%f[%W]", stop + 1)) or
          ((#words == 1 or (#words == 2 and words[1]:match("^%u$"))) and
          (name:match("%l[ai]n$") or name:match("%lese$") or name:match("%lish$") or
           name:match("%line$") or name:match("%l[tn]ch$")) and (s:match("^ %l", stop + 1) or
           TITLES[s:match("^ (%u%a+)", stop + 1) or ""]) and
          not FUNCTION_WORDS[s:match("^ (%l+)", stop + 1) or ""]) and
          not orgs.is_public(name) or             -- ("Spain signed", "Japan bought")
          -- "the Middle Eastern sheikhdom of Qatar", "Western banks"
          (name:match("^[EW][ae]stern$") or name:match("^[NS]o[ru]thern$") or name:match("^Middle Eastern$") or
           name:match("^Far Eastern$")) and s:match("^ %l", stop + 1) ~= nil
        -- a wire story's dateline ("CHICAGO, March 4 -", "NEW YORK (Wire) -")
        local dateline = a <= 3 and name:upper() == name and (s:match("^,%s+%a+%.?%s+%d", stop + 1) or
          s:match("^%s*%(%u", stop + 1) or s:match("^%s+%-%s", stop + 1)) ~= nil
        if #name > 1 and not person and not opener and not label and not dateline then add(name, a, stop, false) end
        i = (model_end or stop) + 1
      else
        i = a + 1
      end
    end
  end
  table.sort(out, function(x, y) return x.start < y.start end)
  -- "Scottish and Newcastle (S&N)": two names joined by "and" whose
  -- initials the acronym after them spells are one
  for k = #out - 1, 1, -1 do
    local x, y = out[k], out[k + 1]
    if s:sub(x.stop + 1, y.start - 1) == " and " then
      -- "Gulf and Western Inc": one company's name when only the second
      -- half has the corporate word and the first is no known name
      -- (not the end of a list: "Larkspur, Ferrovia and Delta Holdings")
      local listed = k > 1 and s:sub(out[k - 1].stop + 1, x.start - 1):match("^%s*,%s*$")
      local one = not x.known and not y.known and orgs.SUFFIX[y.name:match("(%S+)$")] and
        not orgs.SUFFIX[x.name:match("(%S+)$")] and not x.poss and not x.name:find(" ") and not listed
      -- ("Global Alliance for Vaccines and Immunisation (Gavi)")
      local acro = s:match("^%s*%((%u[%a&]+)%)", y.stop + 1)
      if not one and acro then
        local initials = (x.name .. " " .. y.name):gsub("(%w)%w*", "%1"):gsub("[^%u]", "")
        one = initials == acro:upper():gsub("&", "")
      end
      if one then
        x.name, x.stop, x.poss = s:sub(x.start, y.stop), y.stop, y.poss
        table.remove(out, k + 1)
      end
    end
    -- "Clayton, Dubilier & Rice": single surnames before a comma and a
    -- name of partners joined by "&" are one firm
    -- (not "Goldman, Morgan & Co" nor the end of a list "A, B, C & D")
    local listed = k > 1 and s:sub(out[k - 1].stop + 1, x.start - 1):match("^%s*,%s*$")
    if x.stop and s:sub(x.stop + 1, y.start - 1) == ", " and not x.known and not x.poss and not listed and
        not x.name:find(" ") and y.name:match("^%u%l+ & %u%l+$") and not orgs.is_public(x.name) and
        not orgs.SUFFIX[y.name:match("(%S+)$")] then
      x.name, x.stop, x.poss, x.known = s:sub(x.start, y.stop), y.stop, y.poss, y.known
      table.remove(out, k + 1)
    end
  end
  return out
end

-- corporate words that make a capitalised sequence an organisation
orgs.SUFFIX = {}
for w in ([[Inc Corp Corporation Co Company Ltd Limited PLC Plc plc AG SA NV LLC LLP Group
  Holdings Capital Ventures Partners Bank Airlines Airways Motors Communications
  Technologies Systems Industries Energy Oil Investors Fund Trust Exchange Breweries
  Telecom Telecoms Pharmaceuticals Labs Networks Media Entertainment Insurance
  Securities Investments Resources Petroleum Steel Foods Stores Authority Commission
  Government Ministry Agency Association Council Club Consortium]]):gmatch("%S+") do
  orgs.SUFFIX[w] = true
end

-- }==========================================================================


-- nouns that stand for an organisation named before: "the Premiership
-- club", "South Korea's largest credit card firm"
orgs.ORG_NOUNS = {}
for w in ([[company firm group carrier airline maker bank business brewer exchange
  retailer lender insurer operator unit startup start-up chain club giant conglomerate
  consortium producer manufacturer supplier provider developer publisher broadcaster
  network subsidiary division carmaker automaker chipmaker miner arm steelmaker drugmaker
  planemaker refiner grocer supermarket distributor wholesaler utility]]):gmatch("%S+") do
  orgs.ORG_NOUNS[w] = true
end

--- Does a name look like an organisation rather than a person or a
-- place: the gazetteer knows it, a corporate word ends it, or it is an
-- acronym ("ONGC", "LSE")?
local PLACES = { US = true, UK = true, EU = true, USA = true, UAE = true, UN = true }
for w in ([[Britain England Scotland Wales Ireland France Germany Italy Spain Portugal Greece
  Netherlands Belgium Switzerland Austria Sweden Norway Denmark Finland Poland Russia Ukraine
  Turkey China Japan India Pakistan Bangladesh Korea Taiwan Singapore Malaysia Indonesia
  Thailand Vietnam Philippines Australia Canada Mexico Brazil Argentina Chile Venezuela
  Colombia Peru Egypt Nigeria Kenya Africa Europe Asia America Iraq Iran Israel Saudi Arabia
  Qatar Dubai London Paris Berlin Tokyo Beijing Washington Brussels Moscow Delhi Mumbai
  Albania Algeria Angola Armenia Azerbaijan Bahrain Belarus Bolivia Bosnia Botswana Bulgaria
  Cambodia Cameroon Croatia Cuba Cyprus Ecuador Estonia Ethiopia Georgia Ghana Hungary
  Iceland Jamaica Jordan Kazakhstan Kuwait Latvia Lebanon Libya Lithuania Luxembourg
  Macedonia Malta Moldova Mongolia Montenegro Morocco Mozambique Myanmar Nepal Oman Panama
  Paraguay Romania Rwanda Senegal Serbia Slovakia Slovenia Somalia Sudan Syria Tanzania
  Tunisia Uganda Uruguay Uzbekistan Yemen Zambia Zimbabwe Afghanistan Chechnya Kosovo
  Shanghai Frankfurt Zurich Geneva Milan Madrid Rome Sydney Toronto Seoul Istanbul Amsterdam
  Stockholm Oslo Copenhagen Vienna Warsaw Prague Athens Lisbon Dublin Edinburgh Cardiff
  Belfast Tehran Baghdad Cairo Lagos Nairobi Karachi Jakarta Manila Bangkok Hanoi Taipei
  Osaka Shenzhen Chicago Boston California Texas Florida Ohio Beirut Riyadh Kiev Kyiv]]):gmatch("%S+") do
  PLACES[w] = true
end
-- places of two words or more, US states, regions, cities
for place in ([[New York, New Jersey, New Mexico, New Hampshire, North Carolina, South Carolina,
  North Dakota, South Dakota, West Virginia, Rhode Island, Hong Kong, South Korea, North Korea,
  South Africa, New Zealand, Sri Lanka, Saudi Arabia, Czech Republic, United States,
  United Kingdom, United Arab Emirates, Republic of Ireland, Northern Ireland, Great Britain,
  Dominican Republic, Costa Rica, Puerto Rico, El Salvador, Ivory Coast, Buenos Aires, Sao Paulo,
  Rio de Janeiro, Mexico City, Los Angeles, San Francisco, Abu Dhabi, Kuala Lumpur,
  Latin America, North America, South America, Middle East, European Union, Wall Street,
  Silicon Valley, Alabama, Alaska, Arizona, Arkansas, Colorado, Connecticut, Delaware, Hawaii,
  Idaho, Illinois, Indiana, Iowa, Kansas, Kentucky, Louisiana, Maine, Maryland, Massachusetts,
  Michigan, Minnesota, Mississippi, Missouri, Montana, Nebraska, Nevada, Oklahoma, Oregon,
  Pennsylvania, Tennessee, Utah, Vermont, Virginia, Wisconsin, Wyoming, Ontario, Quebec, Bavaria,
  Catalonia]]):gmatch("%s*([^,]+)") do
  PLACES[place] = true
end
-- regulators: what they agree with a company is a settlement
local REGULATORS = {}
for w in ([[SEC FSA FCA FTC FCC OFT Ofcom Ofgem Ofwat EPA FDA DoJ DOJ CFTC FINRA]]):gmatch("%S+") do
  REGULATORS[w] = true
end
for _, w in ipairs{ "Securities and Exchange Commission", "Financial Services Authority",
    "Federal Trade Commission", "Office of Fair Trading", "Competition Commission",
    "Justice Department", "Department of Justice" } do
  REGULATORS[w] = true
end

--- Is `name` a regulator (the SEC, the FSA, Ofcom ...)?
-- @tparam string name
-- @treturn boolean
function orgs.is_regulator(name)
  return REGULATORS[name] == true
end

-- words of government bodies and parties; every regulator's short name
-- is one too
local GOVERNMENT = {}
for w in ([[Government Ministry Department Office Treasury Party Labour Tory Tories Conservative
  Conservatives Democrats Democrat Republicans Republican Parliament Council Senate Congress
  Whitehall Downing Chancellor Exchequer Liberal Regulator Commission MPs MEPs Ministers DTI
  HMRC IRS MoD]]):gmatch("%S+") do
  GOVERNMENT[w] = true
end
for w in pairs(REGULATORS) do
  if not w:find(" ") then GOVERNMENT[w] = true end
end

--- Is a name a government body or a political party ("the Department
-- for International Development", "Labour", "the Home Office")?
function orgs.is_government(name)
  for w in name:gmatch("%a+") do
    if GOVERNMENT[w] then return true end
  end
  return false
end

-- newspapers and news agencies: where a report comes from ("The WSJ
-- said", "told the Financial Times"), not a party to what it reports
local MEDIA = {}
for _, n in ipairs{ "WSJ", "Wall Street Journal", "Financial Times", "FT", "Reuters",
    "AFP", "Agence France Presse", "Agence France-Presse", "Associated Press", "AP",
    "Sunday Times", "Sunday Telegraph", "Daily Telegraph", "Mail on Sunday", "Daily Mail",
    "Guardian", "Observer", "New York Times", "Washington Post", "Nikkei", "Kyodo", "Xinhua",
    "Interfax", "Itar-Tass", "Dow Jones Newswires", "Les Echos", "Handelsblatt", "Economist",
    "Bloomberg News", "TechCrunch", "The Information" } do
  MEDIA[n] = true
end

--- Is a name a newspaper or a news agency (a source, never a party)?
-- @tparam string name
-- @treturn boolean
function orgs.is_media(name)
  return MEDIA[name] == true or MEDIA[(name:gsub("^The ", ""))] == true
end

--- Is a name a place, a government or a political party (a party to a
-- contract or a loan, never the owner of a company's spending plan)?
function orgs.is_public(name)
  if PLACES[name] then return true end
  -- "Japan Airlines", "China Mobile" are companies; "the UK Treasury" is not
  for w in name:gmatch("%a+") do
    if GOVERNMENT[w] then return true end
  end
  return false
end
function orgs.is_org(nm)
  if nm.project then return false end
  if nm.known then return true end
  local last = nm.name:match("(%S+)$")
  return orgs.SUFFIX[last] == true or (nm.name:match("^%u[%u&]+$") ~= nil and not PLACES[nm.name])
    or nm.name:match("^Air %u") ~= nil
end

-- {==========================================================================
-- The name a role cue points at
-- ===========================================================================

-- what a person is, after a place ("Republic of Ireland international
-- Sam Reed", "England striker")
local PERSON_NOUNS = {}
for w in ([[international striker midfielder defender goalkeeper forward winger captain star
  player champion coach manager tycoon billionaire entrepreneur businessman businesswoman
  investor]]):gmatch("%S+") do
  PERSON_NOUNS[w] = true
end

-- descriptors between a cue and the name: "by telecoms giant Verizon",
-- "to buy its former parent and phone pioneer AT&T"; reading stops at
-- these words
local STOP = {}
for w in ([[for from with to at which that who whom said says say by on after before
  while as if but because than when where was were is are be been will would could
  should may might has have had do does did not also]]):gmatch("%S+") do
  STOP[w] = true
end
local DETERMINERS = { the = true, a = true, an = true, its = true, their = true, his = true,
  her = true, our = true, ["rival"] = true, called = true, named = true }  -- "a firm called Baikal"

-- parts of a company, between its name and the part's ("Yukos unit
-- Yuganskneftegas")
local UNIT_NOUNS = { unit = true, division = true, subsidiary = true, arm = true }

-- people who buy companies, after their country ("US tycoon Malcolm
-- Glazer")
local BUYER_NOUNS = {}
for w in ([[tycoon billionaire magnate financier investor entrepreneur businessman
  businesswoman tycoons billionaires investors]]):gmatch("%S+") do
  BUYER_NOUNS[w] = true
end

--- The name a cue points at, after position `pos` of `s`: the first of
-- `names` that starts within a few words of `pos`, past determiners and
-- lowercase descriptors, and past a possessive place or group ("India's
-- United Breweries").
-- @tparam[opt] integer max how many lowercase words may come first (6)
-- @treturn table|nil the name's entry of `names`
-- @treturn table|nil the possessor passed on the way ("Yukos" in "Yukos's
--   Yugansk unit"), or nil
function orgs.name_after(s, pos, names, max)
  -- "in French artificial intelligence company Mistral AI", "a stake in
  -- Indian mobile masts operator Indus Towers": a description ending in
  -- an organisation's noun, then the name, whatever the words allowed
  if (max or 6) > 0 then
    local p, k = pos, 0
    while k < 8 do
      local a, w, e = s:match("^%s*()([%a][%w%-]*)()", p)
      if not w or STOP[w] or FUNCTION_WORDS[w] or (DETERMINERS[w] and k > 0) then break end
      -- (a name among them has its own reading: "Yukos unit Yugansk")
      for _, nm in ipairs(names) do
        if nm.start == a then w = nil end
      end
      if not w then break end
      k = k + 1
      if orgs.ORG_NOUNS[w] and k > 1 then
        local q = s:match("^ ()", e)
        for _, nm in ipairs(names) do
          if nm.start == q and not PLACES[nm.name] then return nm end
        end
        break
      end
      p = e
    end
  end
  local words = 0
  local p = pos
  while words <= (max or 6) do
    p = s:match("^[%s\"“‘]*()", p)
    for _, nm in ipairs(names) do
      local noun = nm.start == p and not nm.known and s:match("^%s+(%l+)", nm.stop + 1)
      if noun and orgs.ORG_NOUNS[noun] and s:sub(math.max(1, p - 6), p - 1):lower():match("the%s+$") then
        return nil
      end
      if nm.start == p then
        -- "Yukos unit Yuganskneftegas": the unit, which its owner sells
        local unit, at = s:match("^%s+(%l+)%s+()", nm.stop + 1)
        if unit and UNIT_NOUNS[unit] then
          for _, later in ipairs(names) do
            if later.start == at then return later, nm end
          end
        end
        -- "India's United Breweries", "US phone firm MCI": the later name
        if nm.poss or not nm.known then
          local q = s:match("^'?s?[%s]+()", nm.stop + 1) or s:match("^’s%s+()", nm.stop + 1)
          if q then
            local later = orgs.name_after(s, q, names)
            if later and later ~= nm and (nm.poss or later.known or later.start - nm.stop < 25) and
               not s:sub(nm.stop + 1, later.start - 1):find("[,;:%(%)]") then
              local gap = s:sub(nm.stop + 1, later.start - 1)
              -- "US phone firm MCI": lowercase words ending in a noun
              -- that stands for an organisation
              local last_noun = gap:match("(%l+)%s+$")
              -- ("Republic of Ireland international Sam Reed": a place
              -- before a word or two that say what the name is)
              if nm.poss or (gap:match("^%s+[%l%s%-]+%s+$") and last_noun and
                  (orgs.ORG_NOUNS[last_noun] or BUYER_NOUNS[last_noun])) or
                  (PLACES[nm.name] and PERSON_NOUNS[gap:match("^%s+(%l[%l%-]*)%s+$") or ""]) then
                return later, nm.poss and nm or nil
              end
            end
          end
        end
        -- "to an US entrepreneur in a $156m deal": a country before a
        -- noun is no party
        -- ("Europe's biggest stock market": a place's, no name after)
        if nm.poss and PLACES[nm.name] then return nil end
        -- ("with the sheikhdom of Qatar to supply": a place before a small word)
        local next_word = s:match("^%s+(%l+)", nm.stop + 1)
        if not (PLACES[nm.name] and next_word and not FUNCTION_WORDS[next_word]) then return nm end
        return nil
      end
    end
    local w, e = s:match("^([%l][%w%-']*)()", p)
    if not w then w, e = s:match("^([%d][%d%.,]*%%?)()", p) end
    -- a capitalised word that is no name ("Indian newspaper company",
    -- "the Middle Eastern sheikhdom of Qatar")
    local capital = not w
    if not w then w, e = s:match("^(%u%l+%-[%l%-]+)()", p) end   -- "Boston-based"
    if not w then w, e = s:match("^(%u%l+)()", p) end
    if not w or STOP[w] then return nil end
    if not DETERMINERS[w] and not (capital and w:match("[EW][ae]stern$")) and w ~= "of" then words = words + 1 end
    p = e
  end
  return nil
end

--- The name ending just before position `pos` of `s` (the subject of a
-- verb at `pos`): past an appositive between commas ("Verizon, the US
-- phone firm, agreed") or in brackets ("Scottish and Newcastle (S&N)").
-- @treturn table|nil the name's entry of `names`
function orgs.name_before(s, pos, names)
  -- a window of the text before 'pos' (patterns anchored at its end)
  local off = math.max(0, pos - 1 - 160)
  local left = s:sub(off + 1, pos - 1)
  local e = #left:gsub("[%s]+$", "")
  -- ", the US phone firm," / " (S&N)"
  if left:sub(e, e) == "," then
    local open = left:sub(1, e - 1):match(".*(),")
    -- (a long one opens with an article: "Verona Pharma, the
    -- British-founded biotech behind a new inhaled treatment for ...,")
    local seg = open and left:sub(open + 1, e - 1) or ""
    if open and seg:match("^%s*[%l%d]") and
        (e - open < 90 or e - open < 150 and (seg:match("^%s*the%s") or seg:match("^%s*an?%s"))) then
      e = open - 1
    else
      e = #left:sub(1, e - 1):gsub("%s+$", "")
    end
  end
  if left:sub(e, e) == ")" then
    local open = left:sub(1, e - 1):match(".*()%(")
    if open and e - open < 20 then e = #left:sub(1, open - 1):gsub("%s+$", "") end
  end
  e = e + off
  for k = #names, 1, -1 do
    local nm = names[k]
    local stop = nm.stop
    local after = possessive(s, stop + 1)
    if stop == e or (after and after - 1 == e) then
      -- "General Motors of the US": the organisation, not its country
      local prev = names[k - 1]
      if prev and PLACES[nm.name] and s:sub(prev.stop + 1, nm.start - 1):match("^ of t?h?e? ?$") then
        return prev
      end
      return nm
    end
    if stop < e - 2 then break end
  end
  return nil
end

-- words that refer back to the article's organisation
local BACKREF = { "the company", "the firm", "the group", "the startup", "the start-up",
  "the lab", "the bank", "the carrier", "the airline", "the retailer", "the maker",
  "the business", "the giant", "the brewer", "the operator", "the insurer", "the lender" }

--- Is the subject ending before `pos` a word that refers back to the
-- article's organisation ("the company", "the firm", "it")?
function orgs.backref_before(s, pos)
  local left = s:sub(math.max(1, pos - 20), pos - 1):lower():gsub("%s+$", "")
  if left:match("%f[%a]it$") then return true end
  for _, b in ipairs(BACKREF) do
    if left:sub(-#b) == b then return true end
  end
  return false
end

--- The organisation an article is about: the gazetteer's organisation it
-- names most (at least twice, once in its title or first 600 bytes),
-- else the first gazetteer name of its title, else the first name of a
-- title in sentence case, else the first name among the first words of
-- its first sentence that the gazetteer or a corporate word vouches for.
-- @tparam table doc `{ title, text }`
-- @tparam table gaz a gazetteer
-- @treturn string|nil
function orgs.main(doc, gaz, first_sentence)
  -- the gazetteer's organisation the document names most (twice or
  -- more), and in its title or lead: an article's subject is named early
  -- (not "His previous adviser, JPMorgan" at the end of a story about a
  -- football club)
  local counts = gaz.lexicon:count(doc.text)
  local lead = gaz.lexicon:count((doc.title or "") .. "\n" .. doc.text:sub(1, 600))
  local best, bestn = nil, 1
  for _, t in ipairs(gaz.themes) do
    local n = counts[t.name] or 0
    if n > bestn and (lead[t.name] or 0) > 0 then best, bestn = t.name, n end
  end
  if best then return best end
  if doc.title and doc.title ~= "" then
    local title_names = orgs.names(doc.title, gaz)
    for _, nm in ipairs(title_names) do
      if nm.known then return nm.name end
    end
    -- a title in sentence case names its organisation first ("LG Card
    -- rescue deal agreed"); one in headline case capitalises every word
    local words, caps = 0, 0
    for w in doc.title:gmatch("%a+") do
      words = words + 1
      if w:match("^%u") then caps = caps + 1 end
    end
    if caps <= 0.6 * words then
      for _, nm in ipairs(title_names) do
        if not orgs.is_public(nm.name) and not nm.project then return nm.name end
      end
    end
  end
  if first_sentence then
    -- its subject: a name among its first words
    for _, nm in ipairs(orgs.names(first_sentence, gaz)) do
      if nm.start > 60 then break end
      local last = nm.name:match("(%S+)$")
      if nm.known or orgs.SUFFIX[last] then return nm.name end
    end
  end
  -- the name the article's opening repeats most (three times or more),
  -- that opens a sentence at least once and is no place, government or
  -- model number: "LG Card" of a story that opens with "South Korea's
  -- largest credit card firm"
  local opening = doc.text:sub(1, 4000)
  local opens, first = {}, {}
  counts, best, bestn = {}, nil, 2
  for _, nm in ipairs(orgs.names(opening, gaz)) do
    if not orgs.is_public(nm.name) and not nm.project and not nm.name:find("%d") then
      counts[nm.name] = (counts[nm.name] or 0) + 1
      first[#first + 1] = nm.name
      if nm.start == 1 or opening:sub(math.max(1, nm.start - 3), nm.start - 1):match("[%.!?\n]%s*$") then
        opens[nm.name] = true
      end
    end
  end
  for _, name in ipairs(first) do
    if counts[name] > bestn and opens[name] then best, bestn = name, counts[name] end
  end
  return best
end

-- the forms of a company written after its name and a comma ("Acme,
-- Inc.", "Bolt Holdings, L.P.")
local FORMS = {}
for w in ([[Inc Inc. Corp Corp. Co Co. Ltd Ltd. LLC L.L.C. LP L.P. LLP PLC Plc plc AG SA S.A.
  NV N.V. SE GmbH Limited]]):gmatch("%S+") do
  FORMS[w] = true
end

--- A sentence with the text that names no party blanked out: a wire's
-- dateline place and credit ("AMSTERDAM/PARIS, Sept 9 (Markets Desk) -",
-- "MINNEAPOLIS, May 6, 2025 /PressDesk/ --", "NEW YORK (Wire) -"; the
-- date stays), stock tickers in brackets ("(NASDAQ: HLVA)"), and a
-- company's form after a comma ("Brightline Data, Inc., a developer" is
-- read "Brightline Data, a developer"). Blanks keep the length, so every
-- span of the sentence stays where it was.
-- @tparam string s a sentence
-- @treturn string
function orgs.plain(s)
  local function blank(a, b) s = s:sub(1, a - 1) .. (" "):rep(b - a + 1) .. s:sub(b + 1) end
  -- the dateline: a place in capitals ("NEW YORK", "TOKYO/NEW YORK"),
  -- a comma and a date, or a credit in brackets or slashes, then a dash
  local place = s:match("^%s*%u[%u%.%-']+[%u%s%./%-']-,%s+()%a+%.?%s+%d%d?%f[%D]") or
    -- ("COLUMBUS, Ohio, Feb 11 -", "SAN JOSE, Calif., May 2 -")
    s:match("^%s*%u[%u%.%-']+[%u%s%./%-']-,%s+%u[%a%.]+,%s+()%a+%.?%s+%d%d?%f[%D]") or
    s:match("^%s*%u[%u%.%-']+[%u%s%./%-']-,%s+%u[%a%.]+%s%u[%a%.]+,%s+()%a+%.?%s+%d%d?%f[%D]")
  local credit = s:match("^%s*%u[%u%.%-']+[%u%s%./%-']-%s*()[%(/]")
  if place then
    blank(1, place - 1)
    -- past the date ("May 6, 2025"), its credit and the dash
    local d = s:match("^%a+%.?%s+%d%d?,?%s*%d?%d?%d?%d?()", place)
    local c, dash = s:match("^%s*()%b()%s*[%-\226][%-\128]?[\147\148]?()", d)
    if not c then c, dash = s:match("^%s*()/[^/]+/%s*[%-\226][%-\128]?[\147\148]?()", d) end
    if not c then c, dash = s:match("^%s*()[%-\226][%-\128]?[\147\148]?()%s", d) end
    if c then blank(c, dash - 1) end
  elseif credit then
    local dash = s:match("^%b()%s*[%-\226][%-\128]?[\147\148]?()%s", credit) or
      s:match("^/[^/]+/%s*[%-\226][%-\128]?[\147\148]?()%s", credit)
    if dash then blank(1, dash - 1) end
  end
  -- "(NASDAQ: HLVA)", "(NYSE: IBM; TSX: IBM)": an exchange and a ticker
  local from = 1
  while true do
    local a, b = s:find("%(%u[%w%-%. ]-:%s*[%u%d][%u%d%.%-]*[^()]-%)", from)
    if not a then break end
    if b - a < 40 then blank(a, b) end
    from = b + 1
  end
  -- ", Inc." after a name: blanked, and a comma after it with it
  from = 1
  while true do
    local a, w, e = s:match("%a(),%s+([%w%.]+)()", from)
    if not a then break end
    if FORMS[w] and not s:sub(e, e):match("%w") then
      local c = s:match("^%s*,()", e)
      if c then blank(a + 1, c - 1) else blank(a, e - 1) end
    end
    from = e
  end
  return s
end

-- }==========================================================================

return orgs
