--- paa.themes: theme counts per group ("X per Y" reports).
-- Counts a lexicon's themes in a corpus per source, document, month or
-- cited outlet, with boilerplate removed and repeated text counted once,
-- and keeps every match of one theme for drill-down. Per-document work
-- gives plain records; `themes.aggregate` merges them, so the records of
-- several workers could be merged the same way.
-- @module paa.themes

local dedup = require "paa.dedup"
local text = require "paa.text"

local themes = {}

--- The path of a lexicon shipped with paa (`lua/paa/lexicons/NAME.txt`).
-- @tparam string name e.g. `"tensions"`
-- @treturn string|nil the path, or nil and a message
function themes.lexicon_path(name)
  return package.searchpath("paa.lexicons." .. name, (package.path:gsub("%.lua", ".txt")))
end

local UNDATED, UNCITED = "(undated)", "(uncited)"

-- the group of a whole document
local function doc_group(by, doc)
  if by == "source" then return doc.source end
  if by == "doc" then return doc.id end
  if by == "month" then return doc.date and doc.date:sub(1, 7) or UNDATED end
  error("paa.themes: unknown grouping '" .. tostring(by) .. "'", 3)
end

-- segments { start, stop } of 'doc.text' that count: every paragraph,
-- or with 'seen' (fingerprint -> true, per source) those not seen before
local function kept_segments(doc, seen)
  if not seen then return { { 1, #doc.text } } end
  local segs, dropped = {}, 0
  for para, a, b in text.paragraphs(doc.text) do
    local fp = dedup.fingerprint(para)
    if fp ~= 0 and seen[fp] then
      dropped = dropped + 1
    else
      if fp ~= 0 then seen[fp] = true end
      segs[#segs + 1] = { a, b }
    end
  end
  if dropped == 0 then return { { 1, #doc.text } }, 0 end
  return segs, dropped
end

-- split segments into sentences attributed to the outlet they cite
local function cited_segments(doc, segs, citer)
  local by = {}
  for _, seg in ipairs(segs) do
    local part = doc.text:sub(seg[1], seg[2])
    for sentence, a, b in text.sentences(part) do
      local g = citer:outlet(sentence) or UNCITED
      local list = by[g]
      if not list then list = {}; by[g] = list end
      list[#list + 1] = { seg[1] + a - 1, seg[1] + b - 1 }
    end
  end
  return by
end

-- the text of segments, joined by blank lines (a phrase never crosses
-- one), and where each segment starts in it
local function join(doc_text, segs)
  if #segs == 1 and segs[1][1] == 1 and segs[1][2] == #doc_text then return doc_text, { 1 } end
  local parts, starts, pos = {}, {}, 1
  for i, seg in ipairs(segs) do
    parts[i] = doc_text:sub(seg[1], seg[2])
    starts[i] = pos
    pos = pos + #parts[i] + 2
  end
  return table.concat(parts, "\n\n"), starts
end

-- the term counts (sparse) of the wanted themes, or nil when none matched
local function wanted_only(counts, wanted)
  local out
  for theme, terms in pairs(counts) do
    if wanted[theme] then
      out = out or {}
      out[theme] = terms
    end
  end
  return out
end

-- the sentence of 'doc_text' around byte 'pos' within segment 'seg'
local function sentence_at(doc_text, seg, pos)
  local part = doc_text:sub(seg[1], seg[2])
  for sentence, a, b in text.sentences(part) do
    if pos >= seg[1] + a - 1 and pos <= seg[1] + b - 1 then return sentence, seg[1] + a - 1 end
  end
  return part, seg[1]
end

-- the matches of theme 'explain' in one group's counted text, mapped
-- back to the document's (clean) text
local function explain_part(lex, doc, group, segs, counted, starts, explain)
  local out = {}
  for theme, term, a, b in lex:matches(counted) do
    if theme == explain then
      local k = #starts
      while k > 1 and starts[k] > a do k = k - 1 end
      local start = segs[k][1] + (a - starts[k])
      local stop = start + (b - a)
      local sentence, s0 = sentence_at(doc.text, segs[k], start)
      out[#out + 1] = { doc = doc.id, source = doc.source, group = group, term = term,
                        start = start, stop = stop, match = doc.text:sub(start, stop),
                        sentence = sentence, sentence_start = s0 }
    end
  end
  return out
end

--- Count one document: the per-document work of `themes.count`.
-- @tparam table doc a document of `corpus:docs{ clean = true }`
-- @tparam paa.Lexicon lex
-- @tparam table state `by`, `wanted` (set of theme names), `seen` (per
--   source, paragraph fingerprints; nil: no paragraph dedup), `citer`,
--   `explain` (a theme name, or nil)
-- @treturn table `{ id, source, date, dropped, parts = { [group] = { words,
--   terms, matches (explain) } } }`
function themes.count_doc(doc, lex, state)
  local seen
  if state.seen then
    seen = state.seen[doc.source]
    if not seen then seen = {}; state.seen[doc.source] = seen end
  end
  local segs, dropped = kept_segments(doc, seen)
  local groups
  if state.by == "cited" then groups = cited_segments(doc, segs, state.citer)
  else groups = { [doc_group(state.by, doc)] = segs } end
  local rec = { id = doc.id, source = doc.source, date = doc.date, dropped = dropped or 0,
                parts = {} }
  for g, gsegs in pairs(groups) do
    local counted, starts = join(doc.text, gsegs)
    local counts, words = lex:count_terms(counted, true)
    local part = { words = words, terms = wanted_only(counts, state.wanted) }
    if state.explain and part.terms and part.terms[state.explain] then
      part.matches = explain_part(lex, doc, g, gsegs, counted, starts, state.explain)
    end
    rec.parts[g] = part
  end
  return rec
end

local function new_group(name, theme_names)
  local g = { name = name, documents = 0, words = 0, matches = 0, themes = {} }
  for _, t in ipairs(theme_names) do
    g.themes[t] = { matches = 0, documents = 0, rate = 0, share = 0, terms = {} }
  end
  return g
end

-- add one part (words, terms) to a group
local function add_part(g, part)
  g.documents = g.documents + 1
  g.words = g.words + part.words
  for theme, terms in pairs(part.terms or {}) do
    local th, n = g.themes[theme], 0
    for term, k in pairs(terms) do
      th.terms[term] = (th.terms[term] or 0) + k
      n = n + k
    end
    th.matches = th.matches + n
    th.documents = th.documents + 1
    g.matches = g.matches + n
  end
end

-- the parts of a record merged into one: what the total counts
local function whole(rec)
  local w = { words = 0, terms = {} }
  for _, part in pairs(rec.parts) do
    w.words = w.words + part.words
    for theme, terms in pairs(part.terms or {}) do
      w.terms[theme] = w.terms[theme] or {}
      for term, k in pairs(terms) do w.terms[theme][term] = (w.terms[theme][term] or 0) + k end
    end
  end
  return w
end

--- A tally: groups being counted, to which document records are added
-- one at a time (memory holds the groups, not the documents).
-- @tparam table theme_names the themes, in lexicon order
-- @treturn table a tally for `themes.add` and `themes.finish`
function themes.tally(theme_names)
  return { names = theme_names, by = {}, order = {}, explained = {},
           total = new_group("total", theme_names) }
end

--- Add a document record (from `count_doc`) to a tally.
function themes.add(tally, rec)
  local any = false
  for name, part in pairs(rec.parts) do
    local g = tally.by[name]
    if not g then
      g = new_group(name, tally.names)
      tally.by[name] = g
      tally.order[#tally.order + 1] = name
    end
    add_part(g, part)
    any = true
  end
  if any then add_part(tally.total, whole(rec)) end  -- each document once
  local matches = {}  -- kept matches, in text order within the document
  for _, part in pairs(rec.parts) do
    for _, m in ipairs(part.matches or {}) do matches[#matches + 1] = m end
  end
  table.sort(matches, function(a, b) return a.start < b.start end)
  for _, m in ipairs(matches) do tally.explained[#tally.explained + 1] = m end
end

-- group names in order: by name, "(undated)" and "(uncited)" last
local function group_order(a, b)
  local pa, pb = a:sub(1, 1) == "(", b:sub(1, 1) == "("
  if pa ~= pb then return pb end
  return a < b
end

local function rates(g)
  for _, th in pairs(g.themes) do
    th.rate = g.words > 0 and th.matches * 1000 / g.words or 0
    th.share = g.matches > 0 and th.matches / g.matches or 0
  end
end

--- The groups of a tally, with their rates and shares.
-- @treturn table groups `{ name, documents, words, matches, themes = {
--   [theme] = { matches, documents, rate, share, terms } } }` in order
-- @treturn table the total (the same shape, name "total")
-- @treturn table the matches kept for explaining, in corpus order
function themes.finish(tally)
  table.sort(tally.order, group_order)
  local groups = {}
  for i, name in ipairs(tally.order) do
    groups[i] = tally.by[name]
    rates(groups[i])
  end
  rates(tally.total)
  return groups, tally.total, tally.explained
end

--- Merge document records into groups: `tally`, `add` each, `finish`.
-- @tparam table records from `count_doc`, in corpus order
-- @tparam table theme_names the themes, in lexicon order
function themes.aggregate(records, theme_names)
  local t = themes.tally(theme_names)
  for _, rec in ipairs(records) do themes.add(t, rec) end
  return themes.finish(t)
end

-- near duplicates: in each cluster, per source, all but the first member
-- (the canonical copy where it is of that source, else the earliest)
local function near_skips(idx, info)
  local skip, n = {}, 0
  for _, c in ipairs(idx:clusters()) do
    local members = {}
    for _, id in ipairs(c.members) do members[#members + 1] = id end
    table.sort(members, function(a, b)
      if a == c.canonical or b == c.canonical then return a == c.canonical end
      local da, db = info[a].date or "~", info[b].date or "~"
      if da ~= db then return da < db end
      return info[a].order < info[b].order
    end)
    local kept = {}
    for _, id in ipairs(members) do
      local src = info[id].source
      if kept[src] then skip[id] = true; n = n + 1 else kept[src] = id end
    end
  end
  return skip, n
end

--- Count a lexicon's themes per group over a corpus.
-- @tparam paa.Corpus corpus walked once, with `docs{ clean = true }`
-- @tparam paa.Lexicon lex
-- @tparam[opt] table opts `by` (`"source"` (default), `"doc"`, `"month"`,
--   `"cited"`), `dedup` (`"none"`, `"exact"` (default): a paragraph is
--   counted once per source; `"near"`: also one document per near-duplicate
--   cluster and source), `threshold` (near duplicates, default 0.8),
--   `themes` (array of theme names to keep; default all), `citer` (for
--   `"cited"`: a `paa.cited` object, default its shipped table),
--   `explain` (a theme whose matches to keep)
-- @treturn table `{ themes, descriptions, groups, total, explained,
--   documents (read), counted (documents counted: near duplicates aside),
--   dropped_paragraphs, dropped_documents, fingerprint (of the clean
--   texts, in corpus order) }`
-- @raise on an unknown theme, grouping or dedup mode
function themes.count(corpus, lex, opts)
  opts = opts or {}
  local by, mode = opts.by or "source", opts.dedup or "exact"
  if not ({ source = true, doc = true, month = true, cited = true })[by] then
    error("paa.themes: unknown grouping '" .. tostring(by) .. "'", 2)
  end
  if not ({ none = true, exact = true, near = true })[mode] then
    error("paa.themes: unknown dedup mode '" .. tostring(mode) .. "'", 2)
  end
  local all, descriptions = lex:themes()
  local names, wanted = {}, {}
  if opts.themes and #opts.themes > 0 then
    local known = {}
    for _, t in ipairs(all) do known[t] = true end
    for _, t in ipairs(opts.themes) do
      if not known[t] then
        error("paa.themes: no theme '" .. t .. "' in the lexicon (it has " ..
              table.concat(all, ", ") .. ")", 2)
      end
      if not wanted[t] then wanted[t] = true; names[#names + 1] = t end
    end
  else
    for _, t in ipairs(all) do names[#names + 1] = t; wanted[t] = true end
  end
  if opts.explain and not wanted[opts.explain] then
    error("paa.themes: no theme '" .. opts.explain .. "' to explain (themes: " ..
          table.concat(names, ", ") .. ")", 2)
  end
  local citer = opts.citer
  if by == "cited" and not citer then citer = assert(require("paa.cited").load()) end
  local state = { by = by, wanted = wanted, citer = citer, explain = opts.explain,
                  seen = mode ~= "none" and {} or nil }
  -- near duplicates first, so that a copy left out marks no paragraph seen
  local skip, nskip, quiet = nil, 0, nil
  if mode == "near" then
    local idx, info, order = dedup.lsh{ threshold = opts.threshold or 0.8 }, {}, 0
    for doc in corpus:docs{ clean = true } do
      order = order + 1
      info[doc.id] = { source = doc.source, date = doc.date, order = order }
      idx:add(doc.id, doc.text, doc.date)
    end
    skip, nskip = near_skips(idx, info)
    quiet = false  -- the first walk told of the inputs skipped
  end
  local tally, hashes, dropped, counted = themes.tally(names), {}, 0, 0
  for doc in corpus:docs{ clean = true, warn = quiet } do
    hashes[#hashes + 1] = string.format("%016x", dedup.hash(doc.text))
    if not (skip and skip[doc.id]) then
      local rec = themes.count_doc(doc, lex, state)
      themes.add(tally, rec)
      dropped = dropped + rec.dropped
      counted = counted + 1
    end
  end
  local groups, total, explained = themes.finish(tally)
  return {
    themes = names, descriptions = descriptions, groups = groups, total = total,
    explained = explained, documents = #hashes, counted = counted, dropped_paragraphs = dropped,
    dropped_documents = nskip,
    fingerprint = string.format("%016x", dedup.hash(table.concat(hashes))),
  }
end

return themes
