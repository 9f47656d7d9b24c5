--- paa.themes: theme counts per group ("X per Y" reports).
-- Counts a lexicon's themes in a corpus per source, document, month or
-- cited outlet, with boilerplate removed and repeated text counted once,
-- and keeps every match of one theme for drill-down. The counting is
-- passes of paa.parallel (per-document records, tallies merged in any
-- grouping of the corpus's shards), so it runs on every core.
-- @module paa.themes

local dedup = require "paa.dedup"
local parallel = require "paa.parallel"
local report = require "paa.report"
local text = require "paa.text"

local themes = {}

--- The path of a lexicon shipped with paa (`lua/paa/lexicons/NAME.txt`).
-- @tparam string name e.g. `"tensions"`
-- @treturn string|nil the path, or nil and a message
function themes.lexicon_path(name)
  return require("paa.path").searchpath("paa.lexicons." .. name, "txt")
end

-- {==========================================================================
-- How sure a rate is: the exact Poisson interval of a count
-- ===========================================================================

local gamma_quantile = require("paa.stats").gamma_quantile

local intervals = {}  -- "k level" -> { low, high }: counts repeat

--- The exact (Garwood) confidence interval of a Poisson mean, given a
-- count: the means under which the count would be as extreme in
-- fewer than (1 - level) / 2 of cases on either side. Computed in Lua
-- from the incomplete gamma function (chi-square quantiles).
-- @tparam integer k the count (matches), k >= 0
-- @tparam[opt=0.95] number level
-- @treturn number low (0 when k = 0)
-- @treturn number high
-- @usage themes.poisson_interval(3) --> 0.6187, 8.7673
function themes.poisson_interval(k, level)
  level = level or 0.95
  local key = k .. " " .. level
  local iv = intervals[key]
  if not iv then
    local alpha = 1 - level
    iv = { k > 0 and gamma_quantile(k, alpha / 2) or 0, gamma_quantile(k + 1, 1 - alpha / 2) }
    intervals[key] = iv
  end
  return iv[1], iv[2]
end

--- The 95% interval of a rate per 1,000 words: the Poisson interval of
-- the matches, divided by `words / 1000` (0, 0 when there are no words).
-- @tparam integer matches
-- @tparam integer words
-- @treturn number low
-- @treturn number high
function themes.rate_interval(matches, words)
  if words <= 0 then return 0, 0 end
  local lo, hi = themes.poisson_interval(matches)
  return lo * 1000 / words, hi * 1000 / words
end

-- }==========================================================================

local UNDATED, UNCITED = "(undated)", "(uncited)"

-- the group of a whole document
local function doc_group(by, doc)
  if by == "source" then return doc.source end
  if by == "doc" then return doc.id end
  if by == "month" then return doc.date and doc.date:sub(1, 7) or UNDATED end
  error("paa.themes: unknown grouping '" .. tostring(by) .. "'", 3)
end

-- the fingerprints of a text's paragraphs, in order: fingerprint, start, stop
local function paragraphs(s)
  local out = {}
  for para, a, b in text.paragraphs(s) do out[#out + 1] = { dedup.fingerprint(para), a, b } end
  return out
end

-- segments { start, stop } of 'doc.text' that count: every paragraph,
-- or with 'owners' (per source, fingerprint -> the first document of the
-- source with it, for those in several) the paragraphs of which this is
-- the first copy in the corpus
local function kept_segments(doc, owners)
  if not owners then return { { 1, #doc.text } } end
  local first, seen = owners[doc.source] or {}, {}
  local segs, dropped = {}, 0
  for _, p in ipairs(paragraphs(doc.text)) do
    local fp = p[1]
    if fp ~= 0 and (seen[fp] or (first[fp] or doc.index) ~= doc.index) then
      dropped = dropped + 1
    else
      if fp ~= 0 then seen[fp] = true end
      segs[#segs + 1] = { p[2], p[3] }
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

-- the matches in one group's counted text, mapped back to the document's
-- (clean) text: every match of theme 'explain', or with 'keep' (and no
-- 'explain') the first 'keep' matches of each wanted theme, as
-- { [theme] = list } with the evidence line made at once
local function explain_part(lex, doc, group, segs, counted, starts, explain, keep, wanted)
  local out, per = {}, {}
  for theme, term, a, b in lex:matches(counted) do
    local n = per[theme] or 0
    if (explain and theme == explain) or (not explain and wanted[theme] and n < keep) then
      local k = #starts
      while k > 1 and starts[k] > a do k = k - 1 end
      local start = segs[k][1] + (a - starts[k])
      local stop = start + (b - a)
      local sentence, s0 = sentence_at(doc.text, segs[k], start)
      local m = { doc = doc.id, index = doc.index, source = doc.source, group = group,
                  term = term, start = start, stop = stop, match = doc.text:sub(start, stop),
                  sentence = sentence, sentence_start = s0 }
      if explain then out[#out + 1] = m
      else
        m.line = report.marked(sentence, start - s0 + 1, m.match)
        m.sentence, m.source, m.group = nil, nil, nil
        out[theme] = out[theme] or {}
        out[theme][n + 1] = m
      end
      per[theme] = n + 1
    end
  end
  return out
end

--- Count one document: the per-document work of `themes.count`.
-- @tparam table doc a document of `corpus:docs{ clean = true }`
-- @tparam paa.Lexicon lex
-- @tparam table state `by`, `wanted` (set of theme names), `owners` (per
--   source, fingerprint -> `doc.index` of the first document with that
--   paragraph, for paragraphs in several; nil: no paragraph dedup),
--   `citer`, `explain` (a theme name, or nil), `keep` (an integer, or
--   nil: keep the first `keep` matches of each theme, for drill-down)
-- @treturn table `{ id, source, date, dropped, parts = { [group] = { words,
--   terms, matches (explain), kept (keep: `{ [theme] = { { doc, index,
--   term, start, stop, match, line }, ... } }`) } } }`
function themes.count_doc(doc, lex, state)
  local segs, dropped = kept_segments(doc, state.owners)
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
    if state.keep and part.terms then
      part.kept = explain_part(lex, doc, g, gsegs, counted, starts, nil, state.keep, state.wanted)
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

-- the examples of a cell cut to the 'keep' first in corpus order (the
-- same whatever order the documents were added in)
local function trim(list, keep)
  table.sort(list, function(a, b)
    if a.index ~= b.index then return a.index < b.index end
    return a.start < b.start
  end)
  for i = #list, keep + 1, -1 do list[i] = nil end
end

-- add the kept matches of a part (or a group's examples) to a group's
-- cells, at most twice 'keep' a cell between trims
local function add_examples(g, kept, keep)
  for theme, list in pairs(kept) do
    local th = g.themes[theme]
    if th then
      local ex = th.examples or {}
      th.examples = ex
      for _, m in ipairs(list) do ex[#ex + 1] = m end
      if #ex > 2 * keep then trim(ex, keep) end
    end
  end
end

-- add one part (words, terms) to a group
local function add_part(g, part, keep)
  if part.kept and keep then add_examples(g, part.kept, keep) end
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
-- @tparam[opt] integer keep how many matches of each cell to keep as
--   examples (the first in corpus order; see `count_doc`'s `state.keep`)
-- @tparam[opt] boolean records keep each part of each document added
--   (`themes.count`'s `records`)
-- @treturn table a tally for `themes.add` and `themes.finish`
function themes.tally(theme_names, keep, records)
  return { names = theme_names, keep = keep, by = {}, order = {}, explained = {},
           total = new_group("total", theme_names), documents = 0, counted = 0, dropped = 0,
           hash = 0, records = records and {} or nil }
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
    add_part(g, part, tally.keep)
    any = true
    local r = tally.records
    if r then r[#r + 1] = { group = name, doc = rec.id, words = part.words, terms = part.terms } end
  end
  if any then add_part(tally.total, whole(rec)) end  -- each document once
  for _, part in pairs(rec.parts) do
    for _, m in ipairs(part.matches or {}) do tally.explained[#tally.explained + 1] = m end
  end
  tally.counted = tally.counted + 1
  tally.dropped = tally.dropped + (rec.dropped or 0)
end

-- add group 'b''s counts to group 'a''s
local function add_group(a, b, keep)
  if keep then
    local kept = {}
    for theme, tb in pairs(b.themes) do kept[theme] = tb.examples end
    add_examples(a, kept, keep)
  end
  a.documents, a.words, a.matches = a.documents + b.documents, a.words + b.words, a.matches + b.matches
  for theme, tb in pairs(b.themes) do
    local ta = a.themes[theme]
    ta.matches, ta.documents = ta.matches + tb.matches, ta.documents + tb.documents
    for term, k in pairs(tb.terms) do ta.terms[term] = (ta.terms[term] or 0) + k end
  end
end

--- Merge tally `b` (of other documents) into tally `a`: counts add up,
-- in any grouping of the corpus.
-- @treturn table `a`
function themes.merge(a, b)
  for _, name in ipairs(b.order) do
    if a.by[name] then add_group(a.by[name], b.by[name], a.keep)
    else a.by[name] = b.by[name]; a.order[#a.order + 1] = name end
  end
  add_group(a.total, b.total)
  for _, m in ipairs(b.explained) do a.explained[#a.explained + 1] = m end
  if a.records then
    for _, r in ipairs(b.records or {}) do a.records[#a.records + 1] = r end
  end
  for _, k in ipairs { "documents", "counted", "dropped", "hash" } do a[k] = a[k] + b[k] end
  return a
end

-- group names in order: by name, "(undated)" and "(uncited)" last
local function group_order(a, b)
  local pa, pb = a:sub(1, 1) == "(", b:sub(1, 1) == "("
  if pa ~= pb then return pb end
  return a < b
end

local function rates(g, keep)
  for _, th in pairs(g.themes) do
    th.rate = g.words > 0 and th.matches * 1000 / g.words or 0
    th.rate_low, th.rate_high = themes.rate_interval(th.matches, g.words)
    th.share = g.matches > 0 and th.matches / g.matches or 0
    if keep then
      th.examples = th.examples or {}
      trim(th.examples, keep)
    end
  end
end

--- The groups of a tally, with their rates and shares.
-- @treturn table groups `{ name, documents, words, matches, themes = {
--   [theme] = { matches, documents, rate, rate_low, rate_high, share,
--   terms, examples (with a tally's `keep`: its first matches) } } }` in order
-- @treturn table the total (the same shape, name "total")
-- @treturn table the matches kept for explaining, in corpus order
function themes.finish(tally)
  table.sort(tally.order, group_order)
  local groups = {}
  for i, name in ipairs(tally.order) do
    groups[i] = tally.by[name]
    rates(groups[i], tally.keep)
  end
  rates(tally.total)
  table.sort(tally.explained, function(a, b)  -- corpus order, then text order
    if a.index ~= b.index then return a.index < b.index end
    return a.start < b.start
  end)
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

-- the pass that finds near duplicates: on one core (an LSH index of the
-- whole corpus); its result { skip = { [id] = true }, n }
local function near_pass(threshold, clean)
  local idx, info
  return { serial = true, clean = clean,
    init = function()
      idx, info = dedup.lsh{ threshold = threshold }, {}
      return true
    end,
    map = function(doc)
      info[doc.id] = { source = doc.source, date = doc.date, order = doc.index }
      idx:add(doc.id, doc.text, doc.date)
    end,
    merge = function(acc) return acc end,
    finish = function()
      local skip, n = near_skips(idx, info)
      idx:close()
      return { skip = skip, n = n }
    end }
end

-- keep the smaller document index of a paragraph, negative once two
-- documents have it
local function first_of(u, v)
  if u == nil then return v end
  local a, b = u < 0 and -u or u, v < 0 and -v or v
  return -(a < b and a or b)
end

-- the pass that finds, per source, the first document of each paragraph
-- several documents have: its result, per source, fingerprint -> index
local function owners_pass(skip, warn, clean)
  local function add(acc, rec)
    local t = acc[rec.source]
    if not t then t = {}; acc[rec.source] = t end
    for _, fp in ipairs(rec.fps) do t[fp] = first_of(t[fp], rec.index) end
    return acc
  end
  return { clean = clean, warn = warn,
    init = function() return {} end,
    map = function(doc)
      if skip and skip[doc.id] then return nil end
      local fps, seen = {}, {}
      for _, p in ipairs(paragraphs(doc.text)) do
        if p[1] ~= 0 and not seen[p[1]] then seen[p[1]] = true; fps[#fps + 1] = p[1] end
      end
      return { source = doc.source, index = doc.index, fps = fps }
    end,
    add = add,
    merge = function(a, b)
      for src, t in pairs(b) do
        local ta = a[src]
        if not ta then a[src] = t
        else for fp, v in pairs(t) do ta[fp] = first_of(ta[fp], v) end end
      end
      return a
    end,
    finish = function(acc)
      local owners = {}
      for src, t in pairs(acc) do
        for fp, v in pairs(t) do
          if v < 0 then
            owners[src] = owners[src] or {}
            owners[src][fp] = -v
          end
        end
      end
      return owners
    end }
end

-- the counting pass: a tally, finished into what themes.count returns
local function count_pass(lex, state, names, skip, warn, clean)
  return { clean = clean, warn = warn,
    init = function() return themes.tally(names, state.keep, state.records) end,
    map = function(doc)
      local h = dedup.hash(doc.id .. "\0" .. string.format("%016x", dedup.hash(doc.text)))
      if skip and skip[doc.id] then return { skipped = true, hash = h } end
      local rec = themes.count_doc(doc, lex, state)
      rec.hash = h
      return rec
    end,
    add = function(t, rec)
      if not rec.skipped then themes.add(t, rec) end
      t.documents, t.hash = t.documents + 1, t.hash + rec.hash
      return t
    end,
    merge = themes.merge,
    finish = function(t)
      local groups, total, explained = themes.finish(t)
      return { groups = groups, total = total, explained = explained, documents = t.documents,
               counted = t.counted, dropped_paragraphs = t.dropped,
               fingerprint = string.format("%016x", t.hash), records = t.records }
    end }
end

--- Count a lexicon's themes per group over a corpus: passes of
-- paa.parallel (near duplicates, on one core; the first copy of each
-- repeated paragraph; the counts), so on every core under `paa -j N`.
-- @tparam paa.Corpus corpus walked with `docs{ clean = true }`
-- @tparam paa.Lexicon lex
-- @tparam[opt] table opts `by` (`"source"` (default), `"doc"`, `"month"`,
--   `"cited"`), `dedup` (`"none"`, `"exact"` (default): a paragraph is
--   counted once per source, in the first document of the source that
--   has it; `"near"`: also one document per near-duplicate cluster and
--   source), `threshold` (near duplicates, default 0.8),
--   `themes` (array of theme names to keep; default all), `citer` (for
--   `"cited"`: a `paa.cited` object, default its shipped table),
--   `explain` (a theme whose matches to keep), `keep` (an integer: keep
--   the first `keep` matches of every cell, in corpus order, as its
--   `examples`, for drill-down), `boilerplate` (`"remove"`
--   (default): count the texts of `docs{ clean = true }`; `"keep"`: every
--   line, as read), `records` (true: keep each document's counts per
--   group, for `paa.results.themes`)
-- @treturn table `{ themes, descriptions, groups, total, explained,
--   documents (read), counted (documents counted: near duplicates aside),
--   dropped_paragraphs, dropped_documents, fingerprint (of the clean
--   texts: the sum of a hash of each document's id and text), records
--   (with `records`: `{ group, doc, words, terms = { [theme] = { [term]
--   = matches } } }`, one a group's part of a document, in no order) }`
-- @treturn[2] nil when a theme `themes` or `explain` names is not in the
--   lexicon (a name a user typed)
-- @treturn[2] string why, one line: "no theme 'x' in the lexicon (it has ...)"
-- @raise on an unknown grouping, dedup or boilerplate mode
function themes.count(corpus, lex, opts)
  opts = opts or {}
  local by, mode = opts.by or "source", opts.dedup or "exact"
  if not ({ source = true, doc = true, month = true, cited = true })[by] then
    error("paa.themes: unknown grouping '" .. tostring(by) .. "'", 2)
  end
  if not ({ none = true, exact = true, near = true })[mode] then
    error("paa.themes: unknown dedup mode '" .. tostring(mode) .. "'", 2)
  end
  local bp = opts.boilerplate or "remove"
  if bp ~= "remove" and bp ~= "keep" then
    error("paa.themes: unknown boilerplate mode '" .. tostring(bp) .. "'", 2)
  end
  local clean = bp == "remove"
  local all, descriptions = lex:themes()
  local names, wanted = {}, {}
  if opts.themes and #opts.themes > 0 then
    local known = {}
    for _, t in ipairs(all) do known[t] = true end
    for _, t in ipairs(opts.themes) do
      if not known[t] then
        return nil, "no theme '" .. t .. "' in the lexicon (it has " .. table.concat(all, ", ") .. ")"
      end
      if not wanted[t] then wanted[t] = true; names[#names + 1] = t end
    end
  else
    for _, t in ipairs(all) do names[#names + 1] = t; wanted[t] = true end
  end
  if opts.explain and not wanted[opts.explain] then
    return nil, "no theme '" .. opts.explain .. "' to explain (themes: " .. table.concat(names, ", ") .. ")"
  end
  local citer = opts.citer
  if by == "cited" and not citer then citer = assert(require("paa.cited").load()) end
  -- near duplicates first, so that a copy left out marks no paragraph seen;
  -- the first walk tells of the inputs skipped, the others are silent
  local near = mode == "near" and parallel.run(corpus, near_pass(opts.threshold or 0.8, clean)) or nil
  local skip = near and near.skip
  local owners = mode ~= "none" and parallel.run(corpus, owners_pass(skip, near and false, clean)) or nil
  local state = { by = by, wanted = wanted, citer = citer, explain = opts.explain, owners = owners,
                  keep = opts.keep, records = opts.records or nil }
  local found = parallel.run(corpus, count_pass(lex, state, names, skip, (near or owners) and false,
                                                  clean))
  found.themes, found.descriptions = names, descriptions
  found.dropped_documents = near and near.n or 0
  return found
end

-- {==========================================================================
-- Presenting the counts: tables for paa.report
-- ===========================================================================

local function fmt_rate(r) return string.format("%.2f", r) end

local MIN_WORDS = 1000   -- default of opts.min_words
local MAX_CHARTED = 40   -- more groups than this are not charted

local function min_words(opts) return opts and opts.min_words or MIN_WORDS end

--- Whether a group has fewer counted words than `opts.min_words`
-- (default 1,000): too few for its rates to be compared with the
-- others' (3 matches in 100 words make a rate of 30). Such groups are
-- listed apart, never shaded, and left out of the scale and charts.
-- @tparam table g a group of `themes.count`
-- @tparam[opt] table opts `min_words`
-- @treturn boolean
function themes.small(g, opts)
  return g.words < min_words(opts)
end

--- The groups of a count in two lists, each in the count's order: those
-- with at least `opts.min_words` words, and the others (`themes.small`).
-- @tparam table found the result of `themes.count`
-- @tparam[opt] table opts `min_words`
-- @treturn table groups of `min_words` or more
-- @treturn table smaller groups
function themes.split(found, opts)
  local big, small = {}, {}
  for _, g in ipairs(found.groups) do
    local list = themes.small(g, opts) and small or big
    list[#list + 1] = g
  end
  return big, small
end

--- The highest rate of any theme in any group of at least
-- `opts.min_words` words (0 when nothing matched): the top of the shade
-- scale and of the charts.
-- @tparam table found the result of `themes.count`
-- @tparam[opt] table opts `min_words`
-- @treturn number
function themes.max_rate(found, opts)
  local m = 0
  for _, g in ipairs((themes.split(found, opts))) do
    for _, t in ipairs(found.themes) do m = math.max(m, g.themes[t].rate) end
  end
  return m
end

-- group name -> position in found.groups, theme -> position in found.themes
local function positions(found)
  local gpos, tpos = {}, {}
  for i, g in ipairs(found.groups) do gpos[g.name] = i end
  for i, t in ipairs(found.themes) do tpos[t] = i end
  return gpos, tpos
end

-- the anchor of a cell's drill-down in an HTML page
local function cell_id(gi, ti) return string.format("m%d-%d", gi, ti) end

-- whether the count kept examples (opts.keep) to drill into
local function has_examples(found)
  local g, t = found.groups[1], found.themes[1]
  return g ~= nil and t ~= nil and g.themes[t].examples ~= nil
end

-- a drill-down link for a cell with matches, when there are examples
local function cell_link(found, links, g, t)
  if not links or g.themes[t].matches == 0 then return nil end
  local gpos, tpos = positions(found)
  return "#" .. cell_id(gpos[g.name], tpos[t])
end

-- one matrix of 'groups': compact cells ("matches rate shade") or, with
-- 'columns', matches and rate in columns of their own
local function build_matrix(found, groups, label, o)
  local names, total, max = found.themes, found.total, o.max
  local function compact(c)
    local s = report.thousands(c.matches) .. " " .. fmt_rate(c.rate)
    if o.shaded then s = s .. " " .. report.shade(max > 0 and c.rate / max or 0) end
    return s
  end
  local m = { columns = {}, rows = {} }
  local function add_column(key, title, kind, link)
    local col = { key = key, title = title, align = "right" }
    if kind == "matches" then col.format = report.thousands
    elseif kind == "rate" then col.format = fmt_rate end
    if link then col.link = function(_, row) return row["#" .. key] end end
    m.columns[#m.columns + 1] = col
  end
  -- the cell(s) of group (or total) 'g' and theme 't' under key 'k'
  local function put(row, k, g, t, linked)
    local c = g.themes[t]
    if not o.columns then row[k] = compact(c); return end
    row[k .. "m"], row[k .. "r"] = c.matches, c.rate
    if linked then row["#" .. k .. "m"] = cell_link(found, o.links, g, t) end
  end
  local function theme_columns(k, title, linked)
    if not o.columns then add_column(k, title); return end
    add_column(k .. "m", title .. " matches", "matches", linked and o.links)
    add_column(k .. "r", title .. " per 1k", "rate")
  end
  if o.themes_down then
    m.columns[1] = { key = "label", title = "theme" }
    for i, g in ipairs(groups) do theme_columns("g" .. i, g.name, true) end
    if o.total then theme_columns("all", "all") end
    for _, t in ipairs(names) do
      local row = { label = t }
      for i, g in ipairs(groups) do put(row, "g" .. i, g, t, true) end
      if o.total then put(row, "all", total, t) end
      m.rows[#m.rows + 1] = row
    end
    if not o.columns then  -- the words and documents under the compact cells
      for _, k in ipairs { "words", "documents" } do
        local row = { label = k, all = o.total and report.thousands(total[k]) or nil }
        for i, g in ipairs(groups) do row["g" .. i] = report.thousands(g[k]) end
        m.rows[#m.rows + 1] = row
      end
    end
  else
    m.columns[1] = { key = "label", title = label }
    if o.columns then add_column("words", "words", "matches") end
    for i, t in ipairs(names) do theme_columns("t" .. i, t, true) end
    if not o.columns then add_column("words", "words", "matches") end
    for _, g in ipairs(groups) do
      local row = { label = g.name, words = g.words }
      for i, t in ipairs(names) do put(row, "t" .. i, g, t, true) end
      m.rows[#m.rows + 1] = row
    end
    if o.total then
      m.total = { label = "all", words = total.words }
      for i, t in ipairs(names) do put(m.total, "t" .. i, total, t) end
      if #groups == 0 then m.rows[1], m.total = m.total, nil end  -- one rule, not two
    end
  end
  return m
end

--- The matrix as `report.table` specs: themes down and groups across
-- (groups down when there are more than six); the groups of at least
-- `opts.min_words` words and the total in one table, shaded, the
-- smaller groups in a second one, unshaded.
-- @tparam table found the result of `themes.count`
-- @tparam string label what a group is ("source", "cited outlet", ...)
-- @tparam[opt] table opts `min_words` (default 1,000); `cells`:
--   `"compact"` (default: each cell "matches rate shade", the shade
--   scaled to `themes.max_rate`, then the words and documents of each
--   group) or `"columns"` (matches and rate per 1,000 words in columns of
--   their own, "NAME matches" and "NAME per 1k", numbers that load as
--   data); `links`: with `"columns"`, link each matches cell to its
--   drill-down (`themes.drilldown`)
-- @treturn table `{ columns, rows, total }` of the groups of `min_words` or more
-- @treturn table|nil the same of the smaller groups, with a `title` and
--   a `note`, or nil when there are none
function themes.matrix(found, label, opts)
  opts = opts or {}
  local big, small = themes.split(found, opts)
  local o = { max = themes.max_rate(found, opts), columns = opts.cells == "columns",
              themes_down = #found.groups <= 6, links = opts.links and has_examples(found) }
  o.shaded, o.total = true, true
  local main = build_matrix(found, big, label, o)
  if #small == 0 then return main, nil end
  o.shaded, o.total = false, false
  local apart = build_matrix(found, small, label, o)
  apart.title = "Groups under " .. report.thousands(min_words(opts)) .. " words"
  apart.note = "Not shaded, and out of the scale: in so few words one match more or less " ..
    "moves the rate a lot."
  return main, apart
end

--- The groups as a `report.table` spec: `label`, documents, words (for
-- cited outlets: the words of the sentences that cite each), matches of
-- all themes, and whether it is under `opts.min_words`; the total last.
-- @tparam table found the result of `themes.count`
-- @tparam string label what a group is
-- @tparam[opt] table opts `min_words`
-- @treturn table `{ columns, rows, total }`
function themes.groups_table(found, label, opts)
  local under = "under " .. report.thousands(min_words(opts)) .. " words"
  local rows = {}
  for i, g in ipairs(found.groups) do
    rows[i] = { group = g.name, documents = g.documents, words = g.words, matches = g.matches,
                small = themes.small(g, opts) and "yes" or "" }
  end
  local t = found.total
  return { columns = { { key = "group", title = label },
      { key = "documents", title = "documents", align = "right" },
      { key = "words", title = label == "cited outlet" and "words in its sentences" or "words", align = "right" },
      { key = "matches", title = "matches", align = "right" }, { key = "small", title = under } },
    rows = rows, total = { group = "all", documents = t.documents, words = t.words, matches = t.matches } }
end

--- The `n` most frequent terms of each theme over all groups, as a
-- `report.table` spec (`theme`, `terms`: "term (count), ...").
function themes.top_terms(found, n)
  local rows = {}
  for _, t in ipairs(found.themes) do
    local list = {}
    for term, k in pairs(found.total.themes[t].terms) do list[#list + 1] = { term = term, n = k } end
    table.sort(list, function(a, b) if a.n ~= b.n then return a.n > b.n end return a.term < b.term end)
    local parts = {}
    for i = 1, math.min(n or 5, #list) do parts[i] = string.format("%s (%d)", list[i].term, list[i].n) end
    rows[#rows + 1] = { theme = t, terms = #parts > 0 and table.concat(parts, ", ") or "-" }
  end
  return { columns = { { key = "theme", title = "theme" }, { key = "terms", title = "terms (matches)" } },
           rows = rows }
end

local function group_json(g, names, opts)
  local th = {}
  for _, t in ipairs(names) do
    local c = g.themes[t]
    th[t] = { matches = c.matches, documents = c.documents, rate = c.rate, share = c.share,
              rate_low = c.rate_low, rate_high = c.rate_high, terms = c.terms }
  end
  return { name = g.name, documents = g.documents, words = g.words, matches = g.matches, themes = th,
           small = themes.small(g, opts) }
end

--- The counts as the report's JSON document (see docs/tensions.md).
-- @tparam table found the result of `themes.count`
-- @tparam paa.Lexicon lex the lexicon counted
-- @tparam table manifest what produced them (version, script, parameters, corpus)
-- @tparam string lexicon_name how the manifest names the lexicon
-- @tparam[opt] table opts `min_words` (a group's `small`)
function themes.json(found, lex, manifest, lexicon_name, opts)
  local lexicon = { file = lexicon_name, themes = {} }
  for i, t in ipairs(found.themes) do
    lexicon.themes[i] = { name = t, description = found.descriptions[t], terms = lex:terms(t) }
  end
  local groups = {}
  for i, g in ipairs(found.groups) do groups[i] = group_json(g, found.themes, opts) end
  return { manifest = manifest, lexicon = lexicon, groups = groups, min_words = min_words(opts),
           total = group_json(found.total, found.themes, opts) }
end

--- One row per group and theme, as a `report.csv` spec: `group, theme,
-- matches, documents, group_documents, words, rate, share, rate_low,
-- rate_high, small` (the rate's 95% interval; `true` for a group under
-- `opts.min_words`).
-- @tparam table found the result of `themes.count`
-- @tparam[opt] table opts `min_words`
function themes.long_table(found, opts)
  local rows = {}
  for _, g in ipairs(found.groups) do
    local small = themes.small(g, opts)
    for _, t in ipairs(found.themes) do
      local c = g.themes[t]
      rows[#rows + 1] = { group = g.name, theme = t, matches = c.matches, documents = c.documents,
        group_documents = g.documents, words = g.words, rate = c.rate, share = c.share,
        rate_low = c.rate_low, rate_high = c.rate_high, small = small }
    end
  end
  local columns = {}
  for i, k in ipairs { "group", "theme", "matches", "documents", "group_documents", "words",
                       "rate", "share", "rate_low", "rate_high", "small" } do columns[i] = { key = k } end
  return { columns = columns, rows = rows }
end

--- The charts of an HTML page (`report.html`): a heatmap of the rates of
-- the groups of at least `opts.min_words` words, and one small bar chart
-- a theme, all on one scale (`themes.max_rate`), each bar with its 95%
-- interval; then `extra`. Past 40 groups, a line saying so instead.
-- @tparam table found the result of `themes.count`
-- @tparam[opt] table extra sections to add at the end
-- @tparam[opt] table opts `min_words`; `links`: link the heatmap's cells
--   to their drill-down (`themes.drilldown`; needs `themes.count`'s `keep`)
-- @treturn table sections
function themes.sections(found, extra, opts)
  opts = opts or {}
  local big = themes.split(found, opts)
  local links = opts.links and has_examples(found)
  local sections = {}
  local min = report.thousands(min_words(opts))
  if #big > MAX_CHARTED then
    sections[1] = { kind = "text", title = "Matches per 1,000 words", text = string.format(
      "%d groups of %s words or more: too many to chart. The tables below hold every number.", #big, min) }
  elseif #big == 0 then
    sections[1] = { kind = "text", title = "Matches per 1,000 words", text = string.format(
      "No group has %s words or more: nothing to compare on one scale. The tables below hold every " ..
      "number.", min) }
  else
    local rows, cols, values, labels, hrefs = {}, {}, {}, {}, {}
    for i, g in ipairs(big) do cols[i] = g.name end
    for r, t in ipairs(found.themes) do
      rows[r], values[r], labels[r], hrefs[r] = t, {}, {}, {}
      for c, g in ipairs(big) do
        local cell = g.themes[t]
        values[r][c] = cell.rate
        labels[r][c] = string.format("%d · %s", cell.matches, fmt_rate(cell.rate))
        hrefs[r][c] = cell_link(found, links, g, t) or false
      end
    end
    sections[1] = { kind = "heatmap", title = "Matches per 1,000 words", rows = rows, cols = cols,
      values = values, labels = labels, links = links and hrefs or nil, unit = "matches per 1,000 words",
      note = "Cell: matches · rate per 1,000 words" .. (links and "; click a cell for its matches." or ".") }
    local charts = {}
    for i, t in ipairs(found.themes) do
      local items = {}
      for _, g in ipairs(big) do
        local cell = g.themes[t]
        items[#items + 1] = { label = g.name, value = cell.rate, low = cell.rate_low, high = cell.rate_high,
          text = string.format("%s (%d)", fmt_rate(cell.rate), cell.matches) }
      end
      charts[i] = { title = t, subtitle = found.descriptions[t], items = items }
    end
    sections[2] = { kind = "multiples", title = "Each theme, on one scale", charts = charts,
      max = themes.max_rate(found, opts), unit = "Bars: matches per 1,000 words, all on the scale of " ..
        "the highest rate; (n): matches. The line across a bar spans its 95% interval (cut at the edge)." }
  end
  for _, s in ipairs(extra or {}) do sections[#sections + 1] = s end
  return sections
end

--- The drill-down of every cell with matches, as a `report.html`
-- `details` section: per theme and group, its first matches (the
-- `examples` kept by `themes.count`'s `keep`) as keyword-in-context
-- lines, "K of N" when more matched; each item's list has the id the
-- matrix's and heatmap's links point to (`links`).
-- @tparam table found the result of `themes.count` with `keep`
-- @treturn table|nil the section, or nil when no examples were kept
function themes.drilldown(found)
  if not has_examples(found) then return nil end
  local items = {}
  for ti, t in ipairs(found.themes) do
    for gi, g in ipairs(found.groups) do
      local c = g.themes[t]
      if c.matches > 0 then
        local lines = {}
        for i, m in ipairs(c.examples) do
          lines[i] = string.format("%s:%d-%d · %s · %s", m.doc, m.start, m.stop, m.term, m.line)
        end
        items[#items + 1] = { target = cell_id(gi, ti), lines = lines,
          summary = string.format("%s in %s: %s", t, g.name, #lines < c.matches and
            string.format("%d of %s shown (the first in corpus order)", #lines, report.plural(c.matches, "match"))
            or report.plural(c.matches, "match")) }
      end
    end
  end
  return { kind = "details", title = "The matches behind each cell", items = items }
end

--- Keyword-in-context lines for the kept matches (`opts.explain`), of one
-- group or all: two lines a match, `document:start-stop [group] term`
-- and the sentence with the match in «».
-- @treturn table the lines
-- @treturn integer the number of matches
function themes.explain_lines(found, group)
  local out, n = {}, 0
  for _, m in ipairs(found.explained) do
    if not group or m.group == group then
      local at = m.start - m.sentence_start + 1
      out[#out + 1] = string.format("%s:%d-%d  [%s]  %s", m.doc, m.start, m.stop, m.group, m.term)
      out[#out + 1] = "    " .. report.marked(m.sentence, at, m.match)
      n = n + 1
    end
  end
  return out, n
end

-- }==========================================================================

return themes
