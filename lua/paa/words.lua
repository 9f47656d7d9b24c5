--- paa.words: word and n-gram frequencies per group of documents, and
-- what is computed from them: keyness, collocations, tf-idf, a
-- document-feature matrix to take elsewhere.
-- The counting is the C counter of `paa.words.core` (src/counts.c): terms
-- are word and number tokens folded as lexicons and search fold them
-- (lower case, ASCII quotes, a possessive "'s" dropped), n-grams stop at
-- punctuation and blank lines, memory is bounded (a cap, and a flag when
-- counts became approximate). `words.count` is a pass of paa.parallel,
-- so it runs on every core. The statistics are `paa.stats`.
-- @module paa.words

local core = require "paa.words.core"
local parallel = require "paa.parallel"
local stats = require "paa.stats"

local type, error, ipairs, pairs, format, sort = type, error, ipairs, pairs, string.format, table.sort

local words = {}

words.load = core.load

local UNDATED = "(undated)"

-- {==========================================================================
-- Stopwords
-- ===========================================================================

local shipped = {}  -- name -> array of words, read once

-- the words of a stopword file's text: one a line, '#' comments
local function parse_list(src)
  local list = {}
  for line in src:gmatch("[^\n]+") do
    local w = line:gsub("#.*", ""):match("^%s*(.-)%s*$")
    if w ~= "" then list[#list + 1] = w end
  end
  return list
end

--- A stopword list: a shipped one by name (`"en"`: the Snowball English
-- list, `lua/paa/data/stopwords_en.txt`), a file (one word a line, `#`
-- starts a comment), or an array as it is; `false` or `"none"`: none.
-- @tparam string|table|boolean spec
-- @treturn[1] table array of words
-- @treturn[2] nil
-- @treturn[2] string why the list cannot be read
function words.stopwords(spec)
  if spec == false or spec == "none" then return {} end
  if type(spec) == "table" then return spec end
  if type(spec) ~= "string" then
    error("paa.words: stopwords must be a name, a file or a list, got " .. type(spec), 2)
  end
  if spec:match("^%a%a$") then
    if shipped[spec] then return shipped[spec] end
    local path = require("paa.path").searchpath("paa.data.stopwords_" .. spec, "txt")
    if not path then return nil, format("no shipped stopword list '%s' (there is 'en')", spec) end
    spec = path
  end
  local f, err = require("paa.corpus").open_file(spec)
  if not f then return nil, format("cannot open stopword list '%s': %s", spec, tostring(err):gsub("^.-: ", "")) end
  local src = f:read("a")
  f:close()
  if not src or not utf8.len(src) then return nil, format("%s: not a UTF-8 text file of words", spec) end
  local list = parse_list(src)
  if spec:match("stopwords_%a%a%.txt$") then shipped[spec:match("stopwords_(%a%a)%.txt$")] = list end
  return list
end

-- }==========================================================================

-- {==========================================================================
-- Counting
-- ===========================================================================

local GROUPINGS = {
  source = function(doc) return doc.source end,
  doc = function(doc) return doc.id end,
  month = function(doc) return doc.date and doc.date:sub(1, 7) or UNDATED end,
  year = function(doc) return doc.date and doc.date:sub(1, 4) or UNDATED end,
  all = function() return "all" end,
}

--- The ways `words.count` groups documents: `"source"`, `"doc"` (its
-- id), `"month"`, `"year"` (`"(undated)"` without a date), `"all"`.
words.GROUPINGS = { "source", "doc", "month", "year", "all" }

--- A counter (a `paa.Counter`): `words.count` makes one; for texts of
-- your own, `ctr:add(text, group)`.
-- @tparam[opt] table opts `n` (1–5 words a term, 1), `stopwords` (as
--   `words.stopwords` takes; default none), `numbers` (false: number
--   tokens not counted), `cap` (cells kept, 2^20)
-- @treturn paa.Counter
-- @raise on a bad option or a stopword list that cannot be read
function words.counter(opts)
  opts = opts or {}
  local stop, err = words.stopwords(opts.stopwords or false)
  if not stop then error("paa.words: " .. err, 2) end
  return core.counter{ n = opts.n, cap = opts.cap, numbers = opts.numbers, stopwords = stop }
end

--- The name of the group `words.count` counts every other document in
-- when asked for some groups and the rest (a name no grouping gives).
words.REST = "\0rest"

-- the grouping function 'by' names, or nil
local function grouping(by)
  return type(by) == "function" and by or GROUPINGS[by]
end

--- Count the terms of a corpus per group: one pass over its documents
-- (boilerplate removed unless `clean = false`), on every core.
-- @tparam paa.Corpus corpus
-- @tparam[opt] table opts `by` (a grouping of `words.GROUPINGS`, or a
--   function of a document giving its group's name, nil to leave it
--   out; default `"source"`), `groups` (an array of names: only these
--   groups are counted apart; the documents of the others are counted
--   together as one group, `words.REST`, when `rest` is true, else not
--   at all: what keyness needs, in a fraction of the cells), `n`,
--   `stopwords` (default `"en"`), `numbers`, `cap` as `words.counter`;
--   `clean` (default true), `boilerplate` (the model's options)
-- @treturn[1] paa.Counter
-- @treturn[2] nil
-- @treturn[2] string what is wrong with the options
function words.count(corpus, opts)
  opts = opts or {}
  local group = grouping(opts.by or "source")
  if not group then return nil, format("unknown grouping '%s'", tostring(opts.by)) end
  if opts.groups then
    local apart, rest, base = {}, opts.rest and words.REST or nil, group
    for _, name in ipairs(opts.groups) do apart[name] = true end
    group = function(doc)
      local g = base(doc)
      if apart[g] then return g end
      return rest
    end
  end
  local stop, err = words.stopwords(opts.stopwords == nil and "en" or opts.stopwords)
  if not stop then return nil, err end
  local settings = { n = opts.n, cap = opts.cap, numbers = opts.numbers, stopwords = stop }
  return parallel.run(corpus, {
    clean = opts.clean ~= false, boilerplate = opts.boilerplate,
    init = function() return core.counter(settings) end,
    map = function(doc)
      local g = group(doc)
      if g ~= nil then return { doc.text, g } end
    end,
    add = function(ctr, r) return ctr:add(r[1], r[2]) end,
    partial = function(ctr) return ctr:dump() end,
    merge = function(ctr, part)
      if type(part) == "string" and ctr:info().groups == 0 then  -- the first partial is the counter
        ctr:close()
        return assert(core.load(part))
      end
      return assert(ctr:merge(part))
    end,
  })
end

--- The names of the groups of a corpus's documents, sorted (a walk
-- without counting: what to say when a group asked for is not there).
-- @tparam paa.Corpus corpus
-- @tparam[opt] string|function by as `words.count` takes it
-- @treturn table array of names
function words.group_names(corpus, by)
  local group = grouping(by or "source")
  if not group then error(format("paa.words: unknown grouping '%s'", tostring(by)), 2) end
  local seen, names = {}, {}
  for doc in corpus:docs{ warn = false } do  -- (the walk that counted told of skipped inputs)
    local g = group(doc)
    if g ~= nil and not seen[g] then
      seen[g] = true
      names[#names + 1] = g
    end
  end
  sort(names)
  return names
end

-- }==========================================================================

-- {==========================================================================
-- Tables from the counts
-- ===========================================================================

-- the group record named 'name' of a counter, or nil
local function group_named(ctr, name)
  for _, g in ipairs(ctr:groups()) do
    if g.name == name then return g end
  end
end

--- The most frequent terms of each group (or of one).
-- @tparam paa.Counter ctr
-- @tparam[opt] table opts `top` (per group, 0: all), `min`, `group`
-- @treturn table rows `{ term, group, freq, docs, per1000 }` by group
--   name, most frequent first, then term; `per1000` is
--   per 1,000 of the group's counted terms
function words.top(ctr, opts)
  opts = opts or {}
  local totals = {}
  for _, g in ipairs(ctr:groups()) do totals[g.name] = g.tokens end
  local rows = ctr:cells{ top = opts.top or 0, min = opts.min or 1, group = opts.group }
  for _, r in ipairs(rows) do r.per1000 = r.freq * 1000 / totals[r.group] end
  return rows
end

-- rows (one a term) sorted by the measure 'key', largest first, then by
-- term: the same order whatever order they were made in. Values and
-- terms are sorted as plain numbers and strings, without a Lua
-- comparison function (which took a fifth of a keyness report's time).
local function by_measure(rows, key)
  local of, values, row = {}, {}, {}
  for _, r in ipairs(rows) do
    local v = r[key]
    local terms = of[v]
    if terms then terms[#terms + 1] = r.term
    else
      of[v] = { r.term }
      values[#values + 1] = v
    end
    row[r.term] = r
  end
  sort(values)
  local k = 0
  for i = #values, 1, -1 do
    local terms = of[values[i]]
    sort(terms)
    for _, term in ipairs(terms) do
      k = k + 1
      rows[k] = row[term]
    end
  end
end

-- the frequency of each term in the groups 'want' accepts, and their total
local function freqs(ctr, want)
  local names, total = {}, 0
  for _, g in ipairs(ctr:groups()) do
    if want(g.name) then names[#names + 1], total = g.name, total + g.tokens end
  end
  return ctr:totals(names), total
end

--- Keyness of the terms of a target group against a reference: another
-- group, or every other group (`stats.keyness` for each term).
-- @tparam paa.Counter ctr
-- @tparam string target a group's name
-- @tparam[opt] string reference a group's name; nil: the rest
-- @tparam[opt] table opts `min` (least frequency in target and
--   reference together, 1), `sort` (`"g2"` (default) or `"chi2"`)
-- @treturn[1] table rows `{ term, target, reference, chi2, g2, p,
--   log_ratio }` by the measure, most key to the target first, then term
-- @treturn[1] table `{ target, reference, target_total, reference_total,
--   error }` (`error`: the counter's, 0 when every count is exact)
-- @treturn[2] nil
-- @treturn[2] string a group that is not there, a reference that is the
--   target, a target with no other group, or a side with no words counted
function words.keyness(ctr, target, reference, opts)
  opts = opts or {}
  if not group_named(ctr, target) then return nil, format("no group '%s'", tostring(target)) end
  if reference ~= nil and not group_named(ctr, reference) then
    return nil, format("no group '%s'", tostring(reference))
  end
  if reference == target then return nil, "the reference is the target" end
  local fa, ta = freqs(ctr, function(g) return g == target end)
  local fb, tb = freqs(ctr, function(g) return g ~= target and (reference == nil or g == reference) end)
  if tb == 0 and reference == nil and #ctr:groups() == 1 then
    return nil, format("there is no other group to compare '%s' with", target)
  end
  if ta == 0 or tb == 0 then
    return nil, format("'%s' has no words counted", ta == 0 and target or reference or "the rest")
  end
  local min, rows = opts.min or 1, {}
  local function add(term, a, b)
    if a + b < min then return end
    rows[#rows + 1] = stats.keyness(a, b, ta, tb, { term = term, target = a, reference = b })
  end
  for term, a in pairs(fa) do add(term, a, fb[term] or 0) end
  for term, b in pairs(fb) do
    if not fa[term] then add(term, 0, b) end
  end
  by_measure(rows, opts.sort or "g2")
  return rows, { target = target, reference = reference or "the rest", target_total = ta,
                 reference_total = tb, error = ctr:info().error }
end

--- Collocations: the bigrams of a counter of `n = 2` (counted without
-- stopwords, so the margins are every bigram's), each with the
-- frequencies of its first word as a first word and of its second as a
-- second, PMI and log-likelihood (`stats.association`).
-- @tparam paa.Counter ctr a counter of n = 2
-- @tparam[opt] table opts `group` (default: all groups together), `min`
--   (least frequency, 5), `stopwords` (a list: bigrams that begin or end
--   with one are left out of the rows, not of the margins), `sort`
--   (`"ll"` (default) or `"pmi"`), `top`
-- @treturn table rows `{ term, first, second, freq, first_freq,
--   second_freq, pmi, ll }`
-- @treturn table `{ bigrams, error }`
function words.collocations(ctr, opts)
  opts = opts or {}
  if ctr:info().n ~= 2 then error("paa.words: collocations need a counter of bigrams (n = 2)", 2) end
  local r1, c1 = ctr:margin(1, opts.group), ctr:margin(2, opts.group)
  local n = 0
  for _, g in ipairs(ctr:groups()) do
    if opts.group == nil or g.name == opts.group then n = n + g.tokens end
  end
  local stop = {}
  for _, w in ipairs(opts.stopwords or {}) do stop[w] = true end
  local freq, order = {}, {}
  for _, r in ipairs(ctr:cells{ group = opts.group, min = 1 }) do  -- (summed over groups)
    if not freq[r.term] then order[#order + 1] = r.term end
    freq[r.term] = (freq[r.term] or 0) + r.freq
  end
  local rows = {}
  for _, term in ipairs(order) do
    local o11 = freq[term]
    local a, b = term:match("^(%S+) (%S+)$")
    if o11 >= (opts.min or 5) and not stop[a] and not stop[b] then
      local pmi, ll = stats.association(o11, r1[a], c1[b], n)
      rows[#rows + 1] = { term = term, first = a, second = b, freq = o11, first_freq = r1[a],
                          second_freq = c1[b], pmi = pmi, ll = ll }
    end
  end
  by_measure(rows, opts.sort or "ll")
  if opts.top and #rows > opts.top then
    for i = #rows, opts.top + 1, -1 do rows[i] = nil end
  end
  return rows, { bigrams = n, error = ctr:info().error }
end

--- tf-idf of each term in each group, the groups taken as the documents
-- (count them `by = "doc"` for the usual per-document weights):
-- `stats.tfidf(freq, groups holding the term, groups)`.
-- @tparam paa.Counter ctr
-- @tparam[opt] table opts `top` (per group), `min` (least frequency)
-- @treturn table rows `{ term, group, freq, df, tfidf }` by group
--   name, highest tf-idf first, then term
function words.tfidf(ctr, opts)
  opts = opts or {}
  local cells, df, order, ngroups = ctr:cells(), {}, {}, #ctr:groups()
  for i, g in ipairs(ctr:groups()) do order[g.name] = i end
  for _, r in ipairs(cells) do df[r.term] = (df[r.term] or 0) + 1 end
  local rows = {}
  for _, r in ipairs(cells) do
    if r.freq >= (opts.min or 1) then
      rows[#rows + 1] = { term = r.term, group = r.group, freq = r.freq, df = df[r.term],
                          tfidf = stats.tfidf(r.freq, df[r.term], ngroups) }
    end
  end
  sort(rows, function(x, y)
    if x.group ~= y.group then return order[x.group] < order[y.group] end
    if x.tfidf ~= y.tfidf then return x.tfidf > y.tfidf end
    return x.term < y.term
  end)
  if opts.top and opts.top > 0 then
    local kept, run, last = {}, 0, nil
    for _, r in ipairs(rows) do
      if r.group ~= last then run, last = 0, r.group end
      run = run + 1
      if run <= opts.top then kept[#kept + 1] = r end
    end
    rows = kept
  end
  return rows
end

-- }==========================================================================

-- {==========================================================================
-- Document-feature matrix
-- ===========================================================================

-- a CSV field
local function csv_field(s)
  if s:find('[",\n\r]') then return '"' .. s:gsub('"', '""') .. '"' end
  return s
end

--- Write the document-feature matrix of a corpus: for each document (in
-- walk order) the frequency of each term in it, streamed (memory holds
-- one document's counts and the list of terms). `"csv"`: long form,
-- `doc,term,freq` with a header line, a document's terms most frequent
-- first. `"mtx"`: Matrix Market coordinate format (`%%MatrixMarket
-- matrix coordinate integer general`; row i is the i-th document, column
-- j the j-th term met), with the labels in `FILE.docs` and `FILE.terms`,
-- one a line.
-- @tparam paa.Corpus corpus
-- @tparam string file
-- @tparam[opt] table opts `format` (`"csv"` (default) or `"mtx"`), `n`,
--   `stopwords` (default `"en"`), `numbers`, `clean` (default true)
-- @treturn[1] table `{ docs, terms, entries }`
-- @treturn[2] nil
-- @treturn[2] string a file that cannot be written, or a bad option
function words.dfm(corpus, file, opts)
  opts = opts or {}
  local fmt = opts.format or "csv"
  if fmt ~= "csv" and fmt ~= "mtx" then return nil, format("unknown dfm format '%s' (csv or mtx)", tostring(fmt)) end
  local stop, serr = words.stopwords(opts.stopwords == nil and "en" or opts.stopwords)
  if not stop then return nil, serr end
  local out, err = io.open(file, "w")
  if not out then return nil, err end
  local body, labels, cols, ncols, docs, entries = {}, {}, {}, 0, 0, 0
  local body_file = fmt == "mtx" and assert(io.tmpfile()) or out
  if fmt == "csv" then out:write("doc,term,freq\n") end
  local ctr = core.counter{ n = opts.n, numbers = opts.numbers, stopwords = stop }  -- one text at a time
  for doc in corpus:docs{ clean = opts.clean ~= false } do
    docs = docs + 1
    ctr:clear():add(doc.text)
    for _, r in ipairs(ctr:cells()) do
      entries = entries + 1
      if fmt == "csv" then
        body_file:write(csv_field(doc.id), ",", csv_field(r.term), ",", r.freq, "\n")
      else
        local j = cols[r.term]
        if not j then
          ncols = ncols + 1
          j, cols[r.term], body[ncols] = ncols, ncols, r.term
        end
        body_file:write(docs, " ", j, " ", r.freq, "\n")
      end
    end
    if fmt == "mtx" then labels[docs] = doc.id end
  end
  if fmt == "mtx" then
    out:write("%%MatrixMarket matrix coordinate integer general\n",
              format("%% paa dfm: rows are the documents of %s.docs, columns the terms of %s.terms\n", file, file),
              format("%d %d %d\n", docs, ncols, entries))
    body_file:seek("set")
    for chunk in function() return body_file:read(1 << 16) end do out:write(chunk) end
    body_file:close()
    for suffix, list in pairs{ docs = labels, terms = body } do
      local f = assert(io.open(file .. "." .. suffix, "w"))
      for _, v in ipairs(list) do f:write((v:gsub("[\r\n]", " ")), "\n") end
      f:close()
    end
  end
  local ok, werr = out:close()
  if not ok then return nil, werr end
  return { docs = docs, terms = fmt == "mtx" and ncols or nil, entries = entries }
end

-- }==========================================================================

return words
