--- paa.themes: theme counts per group ("X per Y" reports).
-- Counts a lexicon's themes in a corpus per source, document, month or
-- cited outlet, with boilerplate removed and repeated text counted once,
-- and keeps every match of one theme for drill-down. The counting is
-- passes of paa.parallel (per-document records, tallies merged in any
-- grouping of the corpus's shards), so it runs on every core.
-- @module paa.themes

local dedup = require "paa.dedup"
local parallel = require "paa.parallel"
local text = require "paa.text"

local themes = {}

--- The path of a lexicon shipped with paa (`lua/paa/lexicons/NAME.txt`).
-- @tparam string name e.g. `"tensions"`
-- @treturn string|nil the path, or nil and a message
function themes.lexicon_path(name)
  return require("paa.path").searchpath("paa.lexicons." .. name, "txt")
end

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
      out[#out + 1] = { doc = doc.id, index = doc.index, source = doc.source, group = group,
                        term = term, start = start, stop = stop, match = doc.text:sub(start, stop),
                        sentence = sentence, sentence_start = s0 }
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
--   `citer`, `explain` (a theme name, or nil)
-- @treturn table `{ id, source, date, dropped, parts = { [group] = { words,
--   terms, matches (explain) } } }`
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
           total = new_group("total", theme_names), documents = 0, counted = 0, dropped = 0,
           hash = 0 }
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
  for _, part in pairs(rec.parts) do
    for _, m in ipairs(part.matches or {}) do tally.explained[#tally.explained + 1] = m end
  end
  tally.counted = tally.counted + 1
  tally.dropped = tally.dropped + (rec.dropped or 0)
end

-- add group 'b''s counts to group 'a''s
local function add_group(a, b)
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
    if a.by[name] then add_group(a.by[name], b.by[name])
    else a.by[name] = b.by[name]; a.order[#a.order + 1] = name end
  end
  add_group(a.total, b.total)
  for _, m in ipairs(b.explained) do a.explained[#a.explained + 1] = m end
  for _, k in ipairs { "documents", "counted", "dropped", "hash" } do a[k] = a[k] + b[k] end
  return a
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
    init = function() return themes.tally(names) end,
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
               fingerprint = string.format("%016x", t.hash) }
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
--   `explain` (a theme whose matches to keep), `boilerplate` (`"remove"`
--   (default): count the texts of `docs{ clean = true }`; `"keep"`: every
--   line, as read)
-- @treturn table `{ themes, descriptions, groups, total, explained,
--   documents (read), counted (documents counted: near duplicates aside),
--   dropped_paragraphs, dropped_documents, fingerprint (of the clean
--   texts: the sum of a hash of each document's id and text) }`
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
  local state = { by = by, wanted = wanted, citer = citer, explain = opts.explain, owners = owners }
  local found = parallel.run(corpus, count_pass(lex, state, names, skip, (near or owners) and false,
                                                  clean))
  found.themes, found.descriptions = names, descriptions
  found.dropped_documents = near and near.n or 0
  return found
end

-- {==========================================================================
-- Presenting the counts: tables for paa.report
-- ===========================================================================

local report = require "paa.report"

local function fmt_rate(r) return string.format("%.2f", r) end

--- The highest rate of any theme in any group (0 when nothing matched).
function themes.max_rate(found)
  local m = 0
  for _, g in ipairs(found.groups) do
    for _, t in ipairs(found.themes) do m = math.max(m, g.themes[t].rate) end
  end
  return m
end

--- The matrix as a `report.table` spec: themes down and groups across
-- (groups down when there are more than six), each cell "matches rate
-- shade", the shade scaled to the highest rate; then words and documents.
-- @tparam table found the result of `themes.count`
-- @tparam string label what a group is ("source", "cited outlet", ...)
-- @treturn table `{ columns, rows, total }`
function themes.matrix(found, label)
  local groups, total, names, max = found.groups, found.total, found.themes, themes.max_rate(found)
  local function cell(c)
    return string.format("%s %s %s", report.thousands(c.matches), fmt_rate(c.rate),
      report.shade(max > 0 and c.rate / max or 0))
  end
  local m = { columns = {}, rows = {} }
  if #groups <= 6 then
    m.columns[1] = { key = "label", title = "theme" }
    for i, g in ipairs(groups) do m.columns[#m.columns + 1] = { key = i, title = g.name, align = "right" } end
    m.columns[#m.columns + 1] = { key = "total", title = "all", align = "right" }
    for _, t in ipairs(names) do
      local row = { label = t, total = cell(total.themes[t]) }
      for i, g in ipairs(groups) do row[i] = cell(g.themes[t]) end
      m.rows[#m.rows + 1] = row
    end
    for _, k in ipairs { "words", "documents" } do
      local row = { label = k, total = report.thousands(total[k]) }
      for i, g in ipairs(groups) do row[i] = report.thousands(g[k]) end
      m.rows[#m.rows + 1] = row
    end
  else
    m.columns[1] = { key = "label", title = label }
    for i, t in ipairs(names) do m.columns[#m.columns + 1] = { key = i, title = t, align = "right" } end
    m.columns[#m.columns + 1] = { key = "words", title = "words", align = "right" }
    for _, g in ipairs(groups) do
      local row = { label = g.name, words = report.thousands(g.words) }
      for i, t in ipairs(names) do row[i] = cell(g.themes[t]) end
      m.rows[#m.rows + 1] = row
    end
    m.total = { label = "all", words = report.thousands(total.words) }
    for i, t in ipairs(names) do m.total[i] = cell(total.themes[t]) end
  end
  return m
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

local function group_json(g, names)
  local th = {}
  for _, t in ipairs(names) do
    local c = g.themes[t]
    th[t] = { matches = c.matches, documents = c.documents, rate = c.rate, share = c.share,
              terms = c.terms }
  end
  return { name = g.name, documents = g.documents, words = g.words, matches = g.matches, themes = th }
end

--- The counts as the report's JSON document (see docs/tensions.md).
-- @tparam table found the result of `themes.count`
-- @tparam paa.Lexicon lex the lexicon counted
-- @tparam table manifest what produced them (version, script, parameters, corpus)
-- @tparam string lexicon_name how the manifest names the lexicon
function themes.json(found, lex, manifest, lexicon_name)
  local lexicon = { file = lexicon_name, themes = {} }
  for i, t in ipairs(found.themes) do
    lexicon.themes[i] = { name = t, description = found.descriptions[t], terms = lex:terms(t) }
  end
  local groups = {}
  for i, g in ipairs(found.groups) do groups[i] = group_json(g, found.themes) end
  return { manifest = manifest, lexicon = lexicon, groups = groups,
           total = group_json(found.total, found.themes) }
end

--- One row per group and theme, as a `report.csv` spec: `group, theme,
-- matches, documents, group_documents, words, rate, share`.
function themes.long_table(found)
  local rows = {}
  for _, g in ipairs(found.groups) do
    for _, t in ipairs(found.themes) do
      local c = g.themes[t]
      rows[#rows + 1] = { group = g.name, theme = t, matches = c.matches, documents = c.documents,
        group_documents = g.documents, words = g.words, rate = c.rate, share = c.share }
    end
  end
  local columns = {}
  for i, k in ipairs { "group", "theme", "matches", "documents", "group_documents", "words",
                       "rate", "share" } do columns[i] = { key = k } end
  return { columns = columns, rows = rows }
end

--- The sections of an HTML page (`report.html`): a heatmap of rates, a
-- bar chart per theme, then the given tables and text.
-- @tparam table found the result of `themes.count`
-- @tparam table extra sections to add at the end
function themes.sections(found, extra)
  local rows, cols, values, labels = {}, {}, {}, {}
  for i, g in ipairs(found.groups) do cols[i] = g.name end
  for r, t in ipairs(found.themes) do
    rows[r], values[r], labels[r] = t, {}, {}
    for c, g in ipairs(found.groups) do
      values[r][c] = g.themes[t].rate
      labels[r][c] = string.format("%d · %s", g.themes[t].matches, fmt_rate(g.themes[t].rate))
    end
  end
  local sections = { { kind = "heatmap", title = "Matches per 1,000 words", rows = rows, cols = cols,
    values = values, labels = labels, unit = "matches per 1,000 words",
    note = "Cell: matches · rate per 1,000 words." } }
  for _, t in ipairs(found.themes) do
    local items = {}
    for _, g in ipairs(found.groups) do
      items[#items + 1] = { label = g.name, value = g.themes[t].rate,
        text = string.format("%s (%d)", fmt_rate(g.themes[t].rate), g.themes[t].matches) }
    end
    sections[#sections + 1] = { kind = "bars", items = items, unit = "per 1,000 words",
      title = t .. (found.descriptions[t] and " — " .. found.descriptions[t] or "") }
  end
  for _, s in ipairs(extra or {}) do sections[#sections + 1] = s end
  return sections
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
