--- paa.duplicates: what repeats in a corpus, found in passes of
-- paa.parallel (so on every core under `paa -j N`, and on a cluster).
-- Near-duplicate documents (MinHash + LSH, every pair checked), paragraphs
-- shared word for word, and the corpus's boilerplate lines. The result is
-- plain tables, ready for `paa.report`; `scripts/dupes.lua` prints it.
-- @module paa.duplicates

local dedup = require "paa.dedup"
local parallel = require "paa.parallel"
local text = require "paa.text"

local pack, unpack = string.pack, string.unpack
local concat, sort = table.concat, table.sort

local duplicates = {}

-- What the first pass keeps of every document, by doc.index: one string
-- (a tenth of the memory of a table, and one value a document in a
-- partial): id, source, date, title, which of the last two are absent,
-- the fingerprints of its paragraphs, its sketch (`dedup.sketch`). After
-- it, until the clusters are known, source, date and title alone (META).
local DOC = "s4s4s4s4Bs4s4"
local META = "s4s4s4B"
local function unpack_meta(s)
  local source, date, title, absent = unpack(META, s)
  if absent & 1 ~= 0 then date = nil end
  if absent & 2 ~= 0 then title = nil end
  return { source = source, date = date, title = title }
end

-- the fingerprints of the paragraphs of 's' of 'min_words' words or
-- more, each once, in the order of their first paragraph, packed
local function fingerprints(s, min_words)
  local fps, mine = {}, {}
  for para in text.paragraphs(s) do
    if text.count(para) >= min_words then
      local fp = dedup.fingerprint(para)
      if not mine[fp] then
        mine[fp] = true
        fps[#fps + 1] = fp
      end
    end
  end
  for k, fp in ipairs(fps) do fps[k] = pack("<i8", fp) end
  return concat(fps)
end

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  sort(keys)
  return keys
end

-- The clusters of the index, their members as records (canonical first,
-- then in corpus order; similarity to the canonical). 'meta': id ->
-- packed META.
local function clusters_of(idx, meta)
  local clusters = idx:clusters()
  for _, c in ipairs(clusters) do
    local members = {}
    local function add(id)
      local d = unpack_meta(meta[id])
      members[#members + 1] = {
        document = id, source = d.source, date = d.date, title = d.title,
        canonical = id == c.canonical,
        similarity = id == c.canonical and 1.0 or idx:jaccard(c.canonical, id),
      }
    end
    add(c.canonical)
    for _, id in ipairs(c.members) do
      if id ~= c.canonical then add(id) end
    end
    c.members = members
  end
  return clusters
end

-- The paragraphs several documents share, without their text: `{ fp,
-- documents (ids, sorted), sources (sorted) }` by fingerprint, and
-- `wanted`, doc.index -> the fingerprints whose text is taken from it:
-- the second document that has the paragraph, in corpus order (where a
-- walk in order first knows it is shared). 'at': fingerprint -> the
-- ranks of its documents in corpus order (one, or an array); 'ids',
-- 'sources', 'index': by rank.
local function shared_of(at, ids, sources, index, min_docs)
  local shared, wanted, keep = {}, {}, {}
  for fp, r in pairs(at) do
    if type(r) == "table" and #r >= min_docs then keep[#keep + 1] = fp end
  end
  sort(keep)
  for _, fp in ipairs(keep) do
    local r, docs, srcs = at[fp], {}, {}
    for k, i in ipairs(r) do
      docs[k] = ids[i]
      srcs[sources[i]] = true
    end
    sort(docs)
    shared[#shared + 1] = { fp = fp, documents = docs, sources = sorted_keys(srcs) }
    local i = index[r[2]]  -- ranks come in order
    local w = wanted[i] or {}
    w[#w + 1] = fp
    wanted[i] = w
  end
  return shared, wanted
end

-- The pass over every document: what DOC keeps of it, its sketch (its
-- shingles, the costly part of near duplicates) made by the workers;
-- finished into the clusters (an index of the sketches, added in corpus
-- order) and the paragraphs several documents share.
local function repeats_pass(lsh_opts, min_docs, min_words)
  return { clean = true, boilerplate = { min_docs = min_docs },
    map = function(doc)
      return { doc.index, pack(DOC, doc.id, doc.source, doc.date or "", doc.title or "",
        (doc.date and 0 or 1) + (doc.title and 0 or 2), fingerprints(doc.text, min_words),
        dedup.sketch(doc.text, lsh_opts)) }
    end,
    add = function(acc, rec)
      acc[rec[1]] = rec[2]
      return acc
    end,
    merge = function(a, b)
      for i, s in pairs(b) do a[i] = s end
      return a
    end,
    finish = function(acc)
      local idx = dedup.lsh(lsh_opts)
      local index = sorted_keys(acc)  -- rank -> doc.index
      local meta, ids, sources, at, seen, nsources = {}, {}, {}, {}, {}, 0
      for r, i in ipairs(index) do
        local id, source, date, title, absent, fps, sketch = unpack(DOC, acc[i])
        acc[i] = nil  -- the index holds the sketch now
        local ok, err = idx:add_sketch(id, sketch, absent & 1 == 0 and date or nil)
        if not ok then error("paa.duplicates: document " .. id .. ": " .. err, 0) end
        meta[id] = pack(META, source, date, title, absent)
        ids[r] = id
        sources[r] = source
        if not seen[source] then seen[source], nsources = true, nsources + 1 end
        for k = 1, #fps, 8 do
          local fp = unpack("<i8", fps, k)
          local u = at[fp]
          if u == nil then at[fp] = r
          elseif type(u) == "table" then u[#u + 1] = r
          else at[fp] = { u, r } end
        end
      end
      local shared, wanted = shared_of(at, ids, sources, index, min_docs)
      local found = { documents = #index, sources = nsources, params = idx:params(),
                      clusters = clusters_of(idx, meta), shared = shared, wanted = wanted }
      idx:close()
      return found
    end }
end

-- The pass that fetches the text of each shared paragraph from the
-- document `wanted` names for it: fingerprint -> paragraph.
local function texts_pass(wanted, min_docs, min_words)
  return { clean = true, boilerplate = { min_docs = min_docs }, warn = false,
    map = function(doc)
      local want = wanted[doc.index]
      if not want then return nil end
      local left, found = {}, {}
      for _, fp in ipairs(want) do left[fp] = true end
      for para in text.paragraphs(doc.text) do
        if text.count(para) >= min_words then
          local fp = dedup.fingerprint(para)
          if left[fp] then
            left[fp] = nil
            found[fp] = para
          end
        end
      end
      return found
    end,
    merge = function(a, b)
      for fp, para in pairs(b) do a[fp] = para end
      return a
    end }
end

--- Find what repeats in a corpus: two passes of paa.parallel over its
-- clean texts (on every core under `paa -j N`), the result the same
-- whatever the number of cores.
-- @tparam paa.Corpus corpus walked with `docs{ clean = true }` (its
--   boilerplate model is learnt first, if it has none yet)
-- @tparam[opt] table opts `threshold` (near duplicates, default 0.8),
--   `min_docs` (documents a shared paragraph or a source's boilerplate line
--   is in, default 2), `paragraph_words` (shortest paragraph compared,
--   default 10), `shingle`, `perms` (as `paa.dedup.lsh`)
-- @treturn table `{ documents, sources, params, clusters, paragraphs,
--   blocks }`: `clusters` as `idx:clusters()` with `members` replaced by
--   records `{ document, source, date, title, similarity, canonical }`
--   (canonical first, then in corpus order; similarity to the canonical);
--   `paragraphs` `{ text, documents, sources }` (ids and source names,
--   sorted; the text as the second document in corpus order has it),
--   most documents first; `blocks` as `bp:blocks()`
function duplicates.find(corpus, opts)
  opts = opts or {}
  local min_docs = opts.min_docs or 2
  local min_words = opts.paragraph_words or 10
  local lsh_opts = { threshold = opts.threshold or 0.8, shingle = opts.shingle, perms = opts.perms }
  -- The first pass keeps something of every document (a shard's, in a
  -- worker), a live set that grows to the corpus's size: a collector
  -- that waits for the heap to double (the host runs Lua's generational
  -- mode) then holds twice that. During it the heap is kept within 1.2
  -- times of it; the caller's mode is restored after.
  local mode = collectgarbage("incremental", 120)
  local found = parallel.run(corpus, repeats_pass(lsh_opts, min_docs, min_words))
  collectgarbage(mode)
  local texts = next(found.wanted) and parallel.run(corpus, texts_pass(found.wanted, min_docs, min_words))
                or {}
  local paragraphs = {}
  for k, s in ipairs(found.shared) do
    paragraphs[k] = { text = texts[s.fp], documents = s.documents, sources = s.sources }
  end
  sort(paragraphs, function(a, b)
    if #a.documents ~= #b.documents then return #a.documents > #b.documents end
    return a.text < b.text
  end)
  return {
    documents = found.documents,
    sources = found.sources,
    params = found.params,
    paragraph_words = min_words,
    clusters = found.clusters,
    paragraphs = paragraphs,
    blocks = corpus:boilerplate():blocks(),
  }
end

return duplicates
