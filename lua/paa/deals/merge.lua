--- paa.deals.merge: deal mentions merged into deals, only on evidence
-- (compatible kinds, the same principal party, the same amount), with an
-- order-free tally that `paa.deals` fills document by document.
-- Re-exported by `paa.deals`; docs/api.md describes every function there.
-- @module paa.deals.merge

local dedup = require "paa.dedup"
local fx = require "paa.fx"

local merge = {}

-- kinds that may name the same deal
local COMPATIBLE = {
  funding = { funding = true, investment = true },
  investment = { funding = true, investment = true, acquisition = true },
  acquisition = { acquisition = true, investment = true },
  contract = { contract = true, commitment = true },
  commitment = { commitment = true, contract = true },
  valuation = { valuation = true },
}
merge.COMPATIBLE = COMPATIBLE


--- The value an amount is compared and sorted by: a range's or a
-- bound's high end, a vague amount's low end ("billions" sorts as $1bn),
-- else the amount; nil when it has none.
-- @tparam table a an amount of `paa.money`
-- @treturn number|nil
function merge.sort_value(a)
  if a.vague then return a.low or a.value end
  return a.high or a.value
end

-- the interval an amount stands for, allowing for rounding
local function span(a)
  local lo, hi = a.low or a.value, a.high or a.value
  if not lo or not hi then return nil end
  if not (a.low or a.high) then  -- a point: as precise as it is written
    local tol = math.max(math.abs(a.value) * 0.02, 0)
    return lo - tol, hi + tol
  end
  return lo, hi
end

local function close(a, b) return math.abs(a - b) <= math.max(a, b) * 0.02 end

-- half a unit of the last digit an amount is written with, for a number
-- of two digits or more ("£1.3bn" stands for £1.25bn to £1.35bn), at
-- most 4% of it; 0 when the text does not say
local function rounding(a)
  local num = a.text and a.text:match("%d[%d,]*%.?%d*")
  if not num or not a.value then return 0 end
  local int, frac = num:gsub(",", ""):match("^(%d*)%.?(%d*)$")
  local n = tonumber(int .. (#frac > 0 and "." .. frac or ""))
  if not n or n <= 0 or #(int:gsub("^0+", "") .. frac) < 2 then return 0 end
  return math.min(0.5 * 10 ^ -#frac * a.value / n, math.abs(a.value) * 0.04)
end

-- Two amounts of one deal: the same currency; two points within 2%
-- ("$40 billion", "$40bn") or the rounding one is written with ("£1.3bn",
-- "£1.35bn"); a point at one end of a range, or inside a
-- narrow one ("$100bn" and "between $100bn and $500bn"; not "$300bn",
-- which a wide range holds by chance); two overlapping ranges; two vague
-- amounts of the same span.
local same_amount
-- one amount of each, or a conversion of one of them ("260.75bn roubles
-- ($9.4bn)" and "$9.4bn")
local function same_or_converted(x, y)
  if same_amount(x, y) then return true end
  for _, a in ipairs(x.alt or {}) do
    if same_amount(a, y) then return true end
    for _, b in ipairs(y.alt or {}) do
      if same_amount(a, b) then return true end
    end
  end
  for _, b in ipairs(y.alt or {}) do
    if same_amount(x, b) then return true end
  end
  return false
end

function same_amount(x, y)
  if x.currency ~= y.currency then return false end
  if x.vague or y.vague then
    return x.vague and y.vague and x.low == y.low and x.high == y.high
  end
  local xr, yr = x.low and x.high, y.low and y.high
  if xr and yr then return x.low <= y.high and y.low <= x.high end
  if xr or yr then
    local r, p = xr and x or y, xr and y or x
    local v = p.value
    if not v then return false end
    if close(v, r.low) or close(v, r.high) then return true end
    return r.high <= 1.25 * r.low and r.low <= v and v <= r.high
  end
  local a1, b1 = span(x)
  local a2, b2 = span(y)
  if not a1 or not a2 then return false end
  if x.low or x.high or y.low or y.high then return a1 <= b2 and a2 <= b1 end
  -- "£1.3bn" and "£1.35bn": the second rounded as the first is written
  local tol = math.max(rounding(x), rounding(y)) * (1 + 1e-9)
  return close(x.value, y.value) or math.abs(x.value - y.value) <= tol
end

-- a name as merging compares it: lower case, without "the" and the
-- corporate words at its end ("Verizon Communications" is Verizon)
local CORPORATE = { inc = true, corp = true, corporation = true, co = true, ltd = true,
  limited = true, plc = true, ag = true, sa = true, nv = true, llc = true, group = true,
  holdings = true, communications = true }
-- (memoised: a name is keyed at every mention; the memo is emptied when
-- it grows large, so a feed of ever new names does not fill memory)
local keys_memo, keys_count = {}, 0
local function key_name(name)
  local k = keys_memo[name]
  if k then return k end
  k = name:lower():gsub("^the%s+", ""):gsub("['’]s$", "")
  while true do
    local head, last = k:match("^(.-)%s+(%S+)$")
    if not head or not CORPORATE[last:gsub("%.$", "")] then break end
    k = head
  end
  if keys_count >= 4096 then keys_memo, keys_count = {}, 0 end
  keys_memo[name], keys_count = k, keys_count + 1
  return k
end

-- roles one deal gives to one organisation only: two mentions that give
-- one to different names are two deals
local EXCLUSIVE = { recipient = true, target = true, valued = true, committer = true,
  acquirer = true }

-- does the set of name keys 'held' hold 'k', or a longer or shorter
-- form of it ("fox" and "fox entertainment")?
local function holds(held, k)
  if held[k] then return true end
  for h in pairs(held) do
    if h:sub(1, #k + 1) == k .. " " or k:sub(1, #h + 1) == h .. " " then return true end
  end
  return false
end

-- does deal 'e' give an exclusive role to a name deal 'd' does not
-- hold in it?
local function conflicts(d, e)
  for role, held in pairs(e.by_role) do
    local mine = d.by_role[role]
    if mine then
      for k in pairs(held) do
        if not holds(mine, k) then return true end
      end
    end
  end
  return false
end

-- the principal of one is a party of the other
local function shares_principal(d, e)
  for k in pairs(e.principals) do
    if holds(d.names, k) then return true end
  end
  for k in pairs(e.names) do
    if holds(d.principals, k) then return true end
  end
  return false
end

-- the parties of a mention as one string, to order and group mentions by
local function parties_text(m)
  local t = {}
  for i, p in ipairs(m.parties) do t[i] = p.name .. "\0" .. (p.role or "") end
  return table.concat(t, "\0")
end

--- The order mentions are merged in: by what they say, never by where
-- the corpus keeps them, so the same articles under other file names, in
-- another order or split into parts give the same deals. The dated come
-- first, earliest first (the first report of a deal leads it), then by
-- currency, amount, kind, principal, parties, sentence and place in it,
-- source; two mentions alike in all of these differ only in their
-- document, and the document decides.
-- @tparam table x a mention
-- @tparam table y a mention
-- @treturn boolean whether `x` is merged before `y`
function merge.before(x, y)
  if x.date ~= y.date then
    if not x.date or not y.date then return x.date ~= nil end
    return x.date < y.date
  end
  local a, b = x.amount, y.amount
  if a.currency ~= b.currency then return (a.currency or "") < (b.currency or "") end
  for _, f in ipairs{ "value", "low", "high" } do
    local u, v = a[f] or -1, b[f] or -1
    if u ~= v then return u < v end
  end
  if x.kind ~= y.kind then return x.kind < y.kind end
  if x.principal ~= y.principal then return x.principal < y.principal end
  local px, py = parties_text(x), parties_text(y)
  if px ~= py then return px < py end
  if x.sentence ~= y.sentence then return x.sentence < y.sentence end
  local ox, oy = x.start - x.sentence_start, y.start - y.sentence_start
  if ox ~= oy then return ox < oy end
  if x.source ~= y.source then return tostring(x.source) < tostring(y.source) end
  if x.doc ~= y.doc then return tostring(x.doc) < tostring(y.doc) end
  return x.start < y.start
end

-- the most frequent key of 'counts'; a tie goes to the key whose
-- mention 'first[key]' comes first in merging order (merge.before), or
-- without 'first' to the least key: no tie depends on the order
-- mentions came in
local function most(counts, first)
  local best
  for k, n in pairs(counts) do
    if not best or n > counts[best] then
      best = k
    elseif n == counts[best] then
      local kb, bk = first and first[k], first and first[best]
      if kb and kb ~= bk then
        if merge.before(kb, bk) or not merge.before(bk, kb) and k < best then best = k end
      elseif k < best then
        best = k
      end
    end
  end
  return best
end

-- dates that say when a deal happened ("in 2019", "since 2019"), not
-- how long it runs ("through 2030", "until 2030", "by 2029")
local WHEN_ROLES = { at = true, since = true }

-- the sooner of two horizons ({ date, role } or nil; a tie goes to the
-- least role)
local function sooner(h, g)
  if not h or g and (g.date < h.date or (g.date == h.date and (g.role or "") < (h.role or ""))) then return g end
  return h
end

local function tally(counts, key)
  if key ~= nil then counts[key] = (counts[key] or 0) + 1 end
end

-- how many mentions a deal keeps as evidence (those first in the order
-- of merge.before); the others are counted. A deal's documents are a set
-- while it has no more than this many; beyond, they are counted.
local EVIDENCE = 100

-- keep mention 'm' in 'list' (in merging order) if it is among the
-- first EVIDENCE
local function keep(list, m)
  local n = #list
  if n >= EVIDENCE and not merge.before(m, list[n]) then return end
  local lo, hi = 1, n + 1
  while lo < hi do
    local mid = (lo + hi) // 2
    if merge.before(list[mid], m) then lo = mid + 1 else hi = mid end
  end
  table.insert(list, lo, m)
  if n + 1 > EVIDENCE then list[n + 1] = nil end
end

-- A deal as merging builds it: from one mention, then mentions added
-- (add_to) and deals folded in (fold). Every part of it is a count, a
-- set, a least element or the first few in merging order, so it does
-- not depend on the order mentions and deals come in.
-- an amount and its conversions, as merging looks them up
local function forms_of(m)
  local forms = { m.amount }
  for _, a in ipairs(m.amount.alt or {}) do forms[#forms + 1] = a end
  return forms
end

-- A key that orders mentions as merge.before does, without the
-- sentence (a hash of it): kept for every party name of a deal, it must
-- not hold the mention itself
local function order_key(m)
  local a = m.amount
  return string.format("%s\0%s\0%030.6f\0%030.6f\0%030.6f\0%s\0%s\0%016x\0%08d\0%s\0%s",
    m.date or "\255", a.currency or "", a.value or -1, a.low or -1, a.high or -1, m.kind, m.principal,
    dedup.hash(m.sentence), m.start - m.sentence_start, tostring(m.source), tostring(m.doc))
end

local function new_deal(m)
  return { kind = m.kind, amount = m.amount, forms = forms_of(m), rep = m, indexed = {}, mentions = {}, count = 0,
           names = {}, principals = {}, by_role = {},
           acc = { kinds = {}, principal = {}, rounds = {},
                   roles = {}, party_first = {}, docs = {}, sources = {}, ndocs = 0, nsources = 0 } }
end

local function add_to(d, m)
  d.count = d.count + 1
  keep(d.mentions, m)
  if merge.before(m, d.rep) then d.rep = m end
  local acc = d.acc
  tally(acc.kinds, m.kind)
  tally(acc.principal, m.principal)
  tally(acc.rounds, m.round)
  local mkey = #m.parties > 0 and order_key(m)
  for i, p in ipairs(m.parties) do
    acc.roles[p.name] = acc.roles[p.name] or {}
    local r = p.role or "-"
    acc.roles[p.name][r] = (acc.roles[p.name][r] or 0) + 1
    -- (the first mention naming it, as a key: no mention is kept here)
    local key = mkey .. string.format("\0%04d", i)
    local f = acc.party_first[p.name]
    if not f or key < f then acc.party_first[p.name] = key end
  end
  if m.date and not m.date_fallback and (m.date_role == nil or WHEN_ROLES[m.date_role]) then
    if not acc.stated or m.date < acc.stated then acc.stated = m.date end
  elseif m.date and not m.date_fallback then
    acc.horizon = sooner(acc.horizon, { date = m.date, role = m.date_role })
  elseif m.date and m.date_fallback and (not acc.fallback or m.date < acc.fallback) then
    acc.fallback = m.date
  end
  -- documents: a set while small; beyond, counted (a document's
  -- mentions come together: merge.add takes one document at a time)
  if acc.docs then
    if not acc.docs[m.doc] then
      acc.docs[m.doc] = true
      acc.ndocs = acc.ndocs + 1
      if acc.ndocs > EVIDENCE then acc.docs = nil end
    end
  elseif d.last_doc ~= m.doc then
    acc.ndocs = acc.ndocs + 1
  end
  d.last_doc = m.doc
  if not acc.sources[m.source] then acc.sources[m.source] = true; acc.nsources = acc.nsources + 1 end
  d.principals[key_name(m.principal)] = true
  for _, p in ipairs(m.parties) do
    local k = key_name(p.name)
    d.names[k] = true
    if EXCLUSIVE[p.role] then
      d.by_role[p.role] = d.by_role[p.role] or {}
      d.by_role[p.role][k] = true
    end
  end
end

-- a deal's id, from what it is (kind, principal, amount), not from its
-- row: the same deal keeps its id whatever else the corpus holds
local function id_of(d, used)
  local a = d.amount
  local v = a.high or a.value or 0
  local key = table.concat({ d.kind, key_name(d.principal or ""), a.currency or "",
    string.format("%.3g", v), a.vague and "v" or "" }, "|")
  local id = string.format("D%05x", dedup.hash(key) & 0xfffff)
  local n = 1
  while used[id .. (n > 1 and string.char(96 + n) or "")] do n = n + 1 end
  id = id .. (n > 1 and string.char(96 + n) or "")
  used[id] = true
  return id
end

local STEP = math.log(1.02)

-- do two deals hold different organisations in one exclusive role?
local function at_odds(d, e)
  for role, held in pairs(e.by_role) do
    local mine = d.by_role[role]
    if mine then
      local common = false
      for k in pairs(held) do
        if mine[k] then common = true break end
      end
      if not common then return true end
    end
  end
  return false
end

-- Folds deal 'e' into deal 'd': a mention that belongs to both ("the
-- $500bn Stargate project with Oracle and SoftBank" after one article
-- named only OpenAI and another only Oracle and SoftBank) shows they are
-- one; so do mentions alike in everything merging reads (merge.add
-- gathers them, and the merger takes each gathering as one).
local function fold(d, e)
  local a, b = d.acc, e.acc
  d.count = d.count + e.count
  for _, m in ipairs(e.mentions) do keep(d.mentions, m) end
  if merge.before(e.rep, d.rep) then d.rep = e.rep end
  for _, f in ipairs{ "kinds", "principal", "rounds" } do
    local counts = a[f]
    for k, n in pairs(b[f]) do counts[k] = (counts[k] or 0) + n end
  end
  for name, rs in pairs(b.roles) do
    a.roles[name] = a.roles[name] or {}
    for r, n in pairs(rs) do a.roles[name][r] = (a.roles[name][r] or 0) + n end
    local f, g = a.party_first[name], b.party_first[name]
    if not f or g < f then a.party_first[name] = g end
  end
  if b.stated and (not a.stated or b.stated < a.stated) then a.stated = b.stated end
  a.horizon = sooner(a.horizon, b.horizon)
  if b.fallback and (not a.fallback or b.fallback < a.fallback) then a.fallback = b.fallback end
  -- documents: the union of two sets; counts added up when one is too
  -- large to keep (a document of both is then counted twice)
  if a.docs and b.docs then
    for doc in pairs(b.docs) do
      if not a.docs[doc] then a.docs[doc] = true; a.ndocs = a.ndocs + 1 end
    end
    if a.ndocs > EVIDENCE then a.docs = nil end
  else
    a.docs, a.ndocs = nil, a.ndocs + b.ndocs
  end
  for src in pairs(b.sources) do
    if not a.sources[src] then a.sources[src] = true; a.nsources = a.nsources + 1 end
  end
  for k in pairs(e.principals) do d.principals[k] = true end
  for k in pairs(e.names) do d.names[k] = true end
  for role, held in pairs(e.by_role) do
    d.by_role[role] = d.by_role[role] or {}
    for k in pairs(held) do d.by_role[role][k] = true end
  end
  e.folded = true
end

local NONE = {}

-- A merger: gatherings of alike mentions (merge.add makes them) added
-- one by one, in the order of their first mentions (merge.before), join
-- deals or start them; 'deals()' gives them summarised and sorted.
local function merger()
  -- deals indexed by currency, amount (2% steps) and the names of their
  -- parties, so a mention is compared only with the deals of about its
  -- amount that name one of its organisations (merging needs one in
  -- common): a feed of many deals of the same few amounts stays linear
  local list, index = {}, {}
  local function buckets(a)
    local lo, hi = a.low or a.value, a.high or a.value
    if not lo or not hi or lo <= 0 or hi <= 0 then return 0, 0 end
    local b1, b2 = math.floor(math.log(lo) / STEP), math.floor(math.log(hi) / STEP)
    return b1, math.min(b2, b1 + 400)
  end
  -- index[name][currency][bucket] = { deals }
  local function slot_of(k, cur, create)
    local by_name = index[k]
    if not by_name then
      if not create then return nil end
      by_name = {}
      index[k] = by_name
    end
    local by_cur = by_name[cur]
    if not by_cur and create then
      by_cur = {}
      by_name[cur] = by_cur
    end
    return by_cur
  end
  -- index 'd' under the names it has gained since last time (and under
  -- the first word of a longer one: "Fox" finds "Fox Entertainment")
  local function index_under(d, k)
    if d.indexed[k] then return end
    d.indexed[k] = true
    for _, a in ipairs(d.forms) do
      local b1, b2 = buckets(a)
      local by_cur = slot_of(k, a.currency or "", true)
      for b = b1, b2 do
        local members = by_cur[b]
        if not members then members = {}; by_cur[b] = members end
        members[#members + 1] = d
      end
    end
  end
  local function index_names(d)
    for k in pairs(d.names) do
      index_under(d, k)
      local first = k:match("^(%S+) ")
      if first then index_under(d, first) end
    end
  end
  local M = {}
  -- 'g': a deal of alike mentions (merge.add gathers them)
  function M.add(g)
    local into
    local all = {}   -- every deal the mentions belong to, by first
    local keys, seen = {}, {}
    for _, set in ipairs{ g.principals, g.names } do
      for k in pairs(set) do
        for _, x in ipairs{ k, k:match("^(%S+) ") or false } do
          if x and not seen[x] then seen[x] = true; keys[#keys + 1] = x end
        end
      end
    end
    table.sort(keys)
    for _, a in ipairs(g.forms) do
      local b1, b2 = buckets(a)
      local cur = a.currency or ""
      for _, k in ipairs(keys) do
        local by_cur = slot_of(k, cur, false)
        for b = b1 - 3, b2 + 3 do   -- 2% steps: within 4% either side
          for _, d in ipairs(by_cur and by_cur[b] or NONE) do
            if not d.folded and not all[d] and COMPATIBLE[d.kind][g.kind] and
               same_or_converted(d.amount, g.amount) and not conflicts(d, g) and
               shares_principal(d, g) then
              all[d] = true
              if not into or d.first < into.first then into = d end
            end
          end
        end
      end
    end
    -- the others are the same deal: folded into the first
    local others = {}
    for d in pairs(all) do
      if d ~= into and not at_odds(into, d) then others[#others + 1] = d end
    end
    table.sort(others, function(x, y) return x.first < y.first end)
    for _, d in ipairs(others) do fold(into, d) end
    if into then
      fold(into, g)
    else
      into = g
      g.first = #list + 1
      list[#list + 1] = g
    end
    index_names(into)
  end
  function M.deals()
    local used, kept = {}, {}
    for _, d in ipairs(list) do
      if not d.folded then kept[#kept + 1] = d end
    end
    list = kept
    for _, d in ipairs(list) do
      merge.summarise(d)
      d.id = id_of(d, used)
    end
    table.sort(list, function(x, y)
      local vx, vy = x.usd or merge.sort_value(x.amount) or 0, y.usd or merge.sort_value(y.amount) or 0
      if vx ~= vy then return vx > vy end
      return x.id < y.id
    end)
    return list
  end
  return M
end

-- Mentions gathered before merging: the same kind, principal, holders
-- of the exclusive roles and currency, and amounts in one 2% step (ranges
-- and vague amounts: the same ends) -- what merging would join anyway.
-- Gatherings are made one document at a time in any order, so memory
-- holds them (about the deals), not every mention.
local function gathering_key(m)
  local a = m.amount
  local t = { m.kind, key_name(m.principal), a.currency or "", a.vague and "v" or "" }
  if a.low or a.high or a.vague then
    t[#t + 1] = string.format("%.17g|%.17g", a.low or -1, a.high or -1)
  else
    t[#t + 1] = a.value and a.value > 0 and tostring(math.floor(math.log(a.value) / STEP)) or "-"
  end
  local ex = {}
  for _, p in ipairs(m.parties) do
    if EXCLUSIVE[p.role] then ex[#ex + 1] = p.role .. ":" .. key_name(p.name) end
  end
  table.sort(ex)
  t[#t + 1] = table.concat(ex, ",")
  return table.concat(t, "\0")
end

--- A tally of deal mentions: documents' mentions are added to it one at
-- a time, tallies of parts of a corpus combine, and `finish` merges the
-- mentions into deals. The result does not depend on the order in which
-- documents or parts come. Memory holds the mentions gathered by what
-- merging reads of them (a figure repeated in a thousand syndicated
-- copies is one gathering with a thousand mentions, 100 kept as
-- evidence).
-- @tparam[opt] integer max_loose how many amounts without a deal to keep
--   as examples (default 10; the others are counted)
-- @treturn table a tally for `merge.add`, `merge.combine`, `merge.finish`
function merge.tally(max_loose)
  return { gathered = {}, mentions = 0, loose = {}, loose_count = 0, documents = 0, max_loose = max_loose or 10 }
end

-- the order the amounts without a deal are shown in: the largest first
-- (a deal missed is more likely among them; a vague amount by its low
-- end), then by sentence, place, source and document (not the corpus's
-- order)
local function size(a) return merge.sort_value(a) or 0 end
local function loose_before(x, y)
  local vx, vy = size(x.amount), size(y.amount)
  if vx ~= vy then return vx > vy end
  if x.sentence ~= y.sentence then return x.sentence < y.sentence end
  if x.amount.start ~= y.amount.start then return x.amount.start < y.amount.start end
  if x.source ~= y.source then return tostring(x.source) < tostring(y.source) end
  return tostring(x.doc) < tostring(y.doc)
end

-- keep the first 'max_loose' of 'list' in the order of loose_before
local function keep_loose(t, list)
  for _, l in ipairs(list) do t.loose[#t.loose + 1] = l end
  table.sort(t.loose, loose_before)
  for i = #t.loose, t.max_loose + 1, -1 do t.loose[i] = nil end
end

--- Add one document's mentions and amounts without a deal (the two
-- lists `deals.mentions` returns) to a tally.
-- @tparam table t a tally
-- @tparam table mentions
-- @tparam table loose
function merge.add(t, mentions, loose)
  assert(not t.finished, "paa.deals: a tally is finished once (its gatherings become the deals)")
  t.documents = t.documents + 1
  t.mentions = t.mentions + #mentions
  for _, m in ipairs(mentions) do
    local k = gathering_key(m)
    local g = t.gathered[k]
    if not g then g = new_deal(m); t.gathered[k] = g end
    add_to(g, m)
  end
  t.loose_count = t.loose_count + #loose
  keep_loose(t, loose)
end

--- Add tally `u` (another part of the corpus: other documents) to
-- tally `t`. `u` is used up: its gatherings move to `t`.
-- @treturn table `t`
function merge.combine(t, u)
  assert(not t.finished and not u.finished, "paa.deals: a tally is finished once (its gatherings become the deals)")
  u.finished = true
  t.documents = t.documents + u.documents
  t.mentions = t.mentions + u.mentions
  for k, g in pairs(u.gathered) do
    if t.gathered[k] then fold(t.gathered[k], g) else t.gathered[k] = g end
  end
  t.loose_count = t.loose_count + u.loose_count
  keep_loose(t, u.loose)
  return t
end

--- The deals of a tally.
-- A mention joins a deal when the kinds are compatible, the amounts are
-- the same (same currency; within 2% rounding, a conversion given with
-- one of them, a point at a range's end or inside a narrow one), no
-- principal role goes to two names (recipient, target, valued,
-- committer, acquirer), and they share the principal party (the
-- principal of one is a party of the other). Mentions are taken in the
-- order of `merge.before`, so the result does not depend on the order
-- they came in. A deal keeps 100 mentions as evidence (the first in that
-- order) and counts the others.
-- @tparam table t a tally
-- @tparam[opt] integer min_mentions keep deals with at least this many
--   mentions (default 1)
-- @treturn table `{ deals, loose, loose_count, documents, mentions }`, as
--   `deals.find` returns
function merge.finish(t, min_mentions)
  assert(not t.finished, "paa.deals: a tally is finished once (its gatherings become the deals)")
  t.finished = true
  local list = {}
  for _, g in pairs(t.gathered) do
    -- what merging reads of a gathering is its first mention's
    g.kind, g.amount, g.forms = g.rep.kind, g.rep.amount, forms_of(g.rep)
    list[#list + 1] = g
  end
  table.sort(list, function(x, y) return merge.before(x.rep, y.rep) end)
  local mg = merger()
  for _, g in ipairs(list) do mg.add(g) end
  local kept = {}
  for _, d in ipairs(mg.deals()) do
    if d.count >= (min_mentions or 1) then kept[#kept + 1] = d end
  end
  return { deals = kept, loose = t.loose, loose_count = t.loose_count, documents = t.documents,
           mentions = t.mentions }
end

--- Merge mentions into deals, on evidence (see `merge.finish`).
-- @tparam table mentions from `deals.mentions`, any order
-- @treturn table deals `{ id, kind, amount, usd, round, parties = { {
--   name, role } }, principal, date, date_fallback, horizon, mentions,
--   count, documents, sources, source_list }`, largest first (by `usd`
--   when known), then by id
function merge.merge(mentions)
  local t = merge.tally()
  -- one document's mentions at a time
  local by_doc, docs = {}, {}
  for _, m in ipairs(mentions) do
    if not by_doc[m.doc] then by_doc[m.doc] = {}; docs[#docs + 1] = m.doc end
    local l = by_doc[m.doc]
    l[#l + 1] = m
  end
  for _, doc in ipairs(docs) do merge.add(t, by_doc[doc], NONE) end
  return merge.finish(t).deals
end


--- Fill in a deal's summary from its mentions: kind, amount as most
-- often written, parties with their most frequent role, date (the
-- earliest date a mention states, or the earliest article date when that
-- is earlier, then marked as a fallback), mentions, documents, sources.
function merge.summarise(d)
  local acc = d.acc
  local roles = acc.roles
  d.kind = most(acc.kinds)
  d.principal = most(acc.principal)
  -- the amount as the evidence (in merging order) most often writes it
  local texts, first_of = {}, {}
  for _, m in ipairs(d.mentions) do
    local k = m.amount.text
    texts[k], first_of[k] = (texts[k] or 0) + 1, first_of[k] or m
  end
  d.amount = first_of[most(texts, first_of)].amount
  -- the parties in the order the first mention naming each (in merging
  -- order) lists them
  local party_order, pf = {}, acc.party_first
  for name in pairs(roles) do party_order[#party_order + 1] = name end
  table.sort(party_order, function(x, y)
    if pf[x] ~= pf[y] then return pf[x] < pf[y] end
    return x < y
  end)
  -- one organisation written two ways ("SBC", "SBC Communications") is
  -- one party, under the form met first
  local same_as = {}
  for i, a in ipairs(party_order) do
    local ka = key_name(a)
    for j = 1, i - 1 do
      local b = party_order[j]
      local kb = key_name(b)
      local shared = false
      for r in pairs(roles[a]) do
        if r ~= "-" and roles[b][r] then shared = true end
      end
      if not same_as[b] and shared and
         (ka == kb or ka:sub(1, #kb + 1) == kb .. " " or kb:sub(1, #ka + 1) == ka .. " ") then
        same_as[a] = b
        for r, n in pairs(roles[a]) do roles[b][r] = (roles[b][r] or 0) + n end
        break
      end
    end
  end
  d.parties = {}
  for _, name in ipairs(party_order) do
    if not same_as[name] then
      local rs, best = roles[name], nil
      -- a more specific role is not contradicted by a general one: "led
      -- by SoftBank" and "from SoftBank" make a lead investor; "a deal
      -- with X" (partner) and "X will supply" a supplier
      local votes = {}
      for r, n in pairs(rs) do votes[r] = n end
      if votes.lead_investor and votes.investor then
        votes.lead_investor, votes.investor = votes.lead_investor + votes.investor, nil
      end
      if votes.partner then
        for r in pairs(rs) do
          if r ~= "partner" and r ~= "-" then votes.partner = nil break end
        end
      end
      for r, n in pairs(votes) do
        if r ~= "-" and (not best or n > votes[best] or (n == votes[best] and r < best)) then best = r end
      end
      d.parties[#d.parties + 1] = { name = name, role = best }
    end
  end
  -- when: the earliest date a mention states, or an article's date when
  -- that is earlier (the deal was reported before the date it names)
  if acc.stated and (not acc.fallback or acc.stated <= acc.fallback) then
    d.date, d.date_fallback = acc.stated, false
  else
    d.date, d.date_fallback = acc.fallback, acc.fallback ~= nil
  end
  d.horizon = acc.horizon  -- "from 2027", "through 2023", "by 2029": how long it runs
  -- a comparable value: the amount (a range's high end, a vague amount's
  -- low end) in US dollars at the year's average rate (paa.fx)
  local a = d.amount
  local v = merge.sort_value(a)
  d.usd = v and a.currency and fx.usd(v, a.currency, d.date or d.rep.date) or nil
  d.round = most(acc.rounds)
  d.documents, d.sources = acc.ndocs, acc.nsources
  -- the evidence as the articles hold it: by document, then place
  table.sort(d.mentions, function(x, y)
    if x.doc ~= y.doc then return tostring(x.doc) < tostring(y.doc) end
    return x.start < y.start
  end)
  d.source_list = {}
  for src in pairs(acc.sources) do d.source_list[#d.source_list + 1] = src end
  table.sort(d.source_list)
  return d
end

return merge
