-- gen_pages.lua: writes long made-up tech-news pages for bench/deals.sh,
-- the kind of page a crawl of funding news brings back: a menu, share
-- buttons, a product price list ("$19.99/mo"), newsletter boxes, related
-- links, and paragraphs of invented funding and acquisition news with
-- amounts and company names. Every name and sentence is made up here;
-- the same arguments always give the same bytes.
--
--   paa bench/gen_pages.lua OUTDIR [PAGES [SEED [MIN_KB MAX_KB]]]
--
-- PAGES (default 300) HTML pages of MIN_KB-MAX_KB (default 30-80) KB
-- each, OUTDIR/page-NNN.html.
-- With --text, one plain-text stream of news paragraphs (no furniture)
-- of about SIZE bytes goes to stdout instead:
--
--   paa bench/gen_pages.lua --text SIZE [SEED]

local seed = 12345

-- A small LCG, so the output does not depend on the Lua version's math.random.
local function rnd(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n + 1
end
local function pick(t) return t[rnd(#t)] end

local PREFIX = { "Quant", "Nova", "Lumen", "Arbor", "Helix", "Vector", "Cobalt", "Tidal", "Orbit", "Kestrel",
  "Pylon", "Ember", "Saffron", "Granite", "Meridian", "Zephyr", "Basalt", "Aurora", "Juniper", "Onyx" }
local SUFFIX = { "Labs", "AI", "Systems", "Robotics", "Data", "Cloud", "Bio", "Works", "Networks", "Dynamics" }
local FORM = { "", "", "", " Inc", " Ltd", " Technologies" }
local FUNDS = { "Northgate Ventures", "Blue Ridge Capital", "Harbor Light Partners", "Fieldstone Capital",
  "Redwood Crest Ventures", "Alder Street Partners", "Silver Fern Capital", "Copperline Ventures" }
local CITIES = { "Austin", "Berlin", "Toronto", "Lisbon", "Singapore", "Denver", "Dublin", "Seoul" }
local ROUNDS = { "seed", "Series A", "Series B", "Series C", "Series D" }
local WHAT = { "inference chips", "warehouse robots", "battery recycling", "fraud detection", "protein design",
  "developer tools", "satellite imaging", "payroll software", "crop analytics", "speech models" }

local function company() return pick(PREFIX) .. pick(SUFFIX) .. pick(FORM) end

local function amount()
  local r = rnd(10)
  if r <= 5 then return "$" .. rnd(95) + 4 .. " million" end
  if r <= 7 then return "$" .. rnd(30) + 1 .. "." .. rnd(9) .. "m" end
  if r == 8 then return "$" .. rnd(9) .. "." .. rnd(9) .. " billion" end
  if r == 9 then return "€" .. rnd(60) + 5 .. " million" end
  return "£" .. rnd(40) + 2 .. "m"
end

local SENTENCES = {
  function() return string.format("%s, a %s start-up focused on %s, said on %s that it had raised %s in a %s round led by %s.",
    company(), pick(CITIES), pick(WHAT), pick({ "Monday", "Tuesday", "Wednesday", "Thursday" }), amount(),
    pick(ROUNDS), pick(FUNDS)) end,
  function() return string.format("%s agreed to acquire %s for %s in cash and stock, the companies said.",
    company(), company(), amount()) end,
  function() return string.format("The round values %s at %s, according to people familiar with the matter.",
    company(), amount():gsub("million", "billion")) end,
  function() return string.format("%s and %s also took part, bringing the total raised since %d to %s.",
    pick(FUNDS), pick(FUNDS), 2015 + rnd(8), amount()) end,
  function() return string.format("%s will invest %s over %d years in a new plant near %s.",
    company(), amount(), rnd(5) + 1, pick(CITIES)) end,
  function() return string.format("Revenue at %s grew %d%% to %s last year, while its loss narrowed to %s.",
    company(), rnd(80), amount(), amount()) end,
  function() return string.format("The company plans to use the money to hire %d engineers and expand into %s.",
    rnd(200), pick(CITIES)) end,
  function() return string.format("%s signed a %s contract with %s to supply %s.",
    company(), amount(), company(), pick(WHAT)) end,
  function() return string.format("Analysts said the market for %s could be worth %s by %d.",
    pick(WHAT), amount():gsub("million", "billion"), 2027 + rnd(6)) end,
}

local function paragraph()
  local t = {}
  for _ = 1, rnd(4) + 2 do t[#t + 1] = pick(SENTENCES)() end
  return table.concat(t, " ")
end

local MENU = [[<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/startups">Startups</a></li>
<li><a href="/funding">Funding</a></li><li><a href="/ai">AI</a></li><li><a href="/climate">Climate</a></li>
<li><a href="/events">Events</a></li><li><a href="/newsletters">Newsletters</a></li><li><a href="/pricing">Pricing</a></li></ul></nav>
]]
local SHARE = [[<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a>
<a href="#">Share on LinkedIn</a> <a href="#">Email</a> <a href="#">Copy link</a> Follow us on X</div>
]]
local NEWSLETTER = [[<aside class="newsletter"><h3>Get the Funding Daily newsletter</h3><p>The day's rounds,
acquisitions and layoffs in your inbox every morning. Join 120,000 founders and investors.</p>
<form><input type="email" placeholder="Your email"><button>Subscribe</button></form></aside>
]]

local function prices()
  local t = { '<table class="pricing"><tr><th>Plan</th><th>Price</th></tr>' }
  for _, plan in ipairs({ "Starter", "Pro", "Team", "Enterprise" }) do
    t[#t + 1] = string.format("<tr><td>%s %s</td><td>$%d.99/mo</td></tr>", pick(PREFIX), plan, rnd(90) + 9)
  end
  t[#t + 1] = string.format("<tr><td>Annual</td><td>$%d/yr, save %d%%</td></tr></table>\n", rnd(900) + 99, rnd(30))
  return table.concat(t)
end

local function related()
  local t = { '<aside class="related"><h3>Related</h3><ul>' }
  for _ = 1, 6 do
    t[#t + 1] = string.format('<li><a href="/story/%d">%s raises %s for %s</a></li>', rnd(99999), company(), amount(), pick(WHAT))
  end
  t[#t + 1] = "</ul></aside>\n"
  return table.concat(t)
end

local min_size, max_size = 30000, 80000

local function page()
  local target = min_size + rnd(max_size - min_size)
  local title = string.format("%s raises %s to scale %s", company(), amount(), pick(WHAT))
  local t = { string.format('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>%s</title>\n' ..
    '<meta name="date" content="2025-%02d-%02d"></head><body>\n', title, rnd(12), rnd(28)), MENU, SHARE,
    string.format("<h1>%s</h1>\n", title) }
  local size = 0
  for _, s in ipairs(t) do size = size + #s end
  local n = 0
  while size < target do
    n = n + 1
    local block
    if n % 7 == 0 then block = prices()
    elseif n % 11 == 0 then block = NEWSLETTER
    elseif n % 13 == 0 then block = related()
    elseif n % 17 == 0 then block = SHARE
    else block = "<p>" .. paragraph() .. "</p>\n" end
    t[#t + 1] = block
    size = size + #block
  end
  t[#t + 1] = related() .. NEWSLETTER .. SHARE .. "<footer>© 2025 Funding Daily. All rights reserved.</footer></body></html>\n"
  return table.concat(t)
end

local args = { ... }
if args[1] == "--text" then
  local want = tonumber(args[2]) or error("usage: gen_pages.lua --text SIZE [SEED]")
  seed = tonumber(args[3]) or seed
  local out, size, buf = io.stdout, 0, {}
  while size < want do
    local p = paragraph() .. "\n\n"
    buf[#buf + 1] = p
    size = size + #p
    if #buf >= 1000 then out:write(table.concat(buf)); buf = {} end
  end
  out:write(table.concat(buf))
else
  local dir = args[1] or error("usage: gen_pages.lua OUTDIR [PAGES [SEED [MIN_KB MAX_KB]]]")
  seed = tonumber(args[3]) or seed
  if args[5] then min_size, max_size = tonumber(args[4]) * 1000, tonumber(args[5]) * 1000 end
  for i = 1, tonumber(args[2]) or 300 do
    local f = assert(io.open(string.format("%s/page-%03d.html", dir, i), "wb"))
    f:write(page())
    f:close()
  end
end
