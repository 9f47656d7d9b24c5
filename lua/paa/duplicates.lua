--- paa.duplicates: what repeats in a corpus, found in one clean walk.
-- Near-duplicate documents (MinHash + LSH, every pair checked), paragraphs
-- shared word for word, and the corpus's boilerplate lines. The result is
-- plain tables, ready for `paa.report`; `scripts/dupes.lua` prints it.
-- @module paa.duplicates

local dedup = require "paa.dedup"
local text = require "paa.text"

local duplicates = {}

-- What is kept of every document until the clusters are known: source,
-- date and title packed in one string, a tenth of the memory of a table
-- (a wire feed has hundreds of thousands of documents; few end up in a
-- cluster).
local META = "s4s4s4B"
local function pack_meta(doc)
  return string.pack(META, doc.source, doc.date or "", doc.title or "",
    (doc.date and 0 or 1) + (doc.title and 0 or 2))
end
local function unpack_meta(s)
  local source, date, title, absent = string.unpack(META, s)
  if absent & 1 ~= 0 then date = nil end
  if absent & 2 ~= 0 then title = nil end
  return { source = source, date = date, title = title }
end

-- record the paragraphs of one document in 'seen' (fingerprint -> first
-- document) and 'shared' (fingerprint -> record, from the second on)
local function add_paragraphs(doc, min_words, seen, shared, meta)
  local mine = {}
  for para in text.paragraphs(doc.text) do
    if text.count(para) >= min_words then
      local fp = dedup.fingerprint(para)
      if not mine[fp] then
        mine[fp] = true
        local first = seen[fp]
        if not first then
          seen[fp] = doc.id
        else
          local rec = shared[fp]
          if not rec then
            rec = { text = para, documents = { first }, sources = { [unpack_meta(meta[first]).source] = true } }
            shared[fp] = rec
          end
          rec.documents[#rec.documents + 1] = doc.id
          rec.sources[doc.source] = true
        end
      end
    end
  end
end

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  return keys
end

--- Find what repeats in a corpus.
-- @tparam paa.Corpus corpus walked once with `docs{ clean = true }` (its
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
--   sorted), most documents first; `blocks` as `bp:blocks()`
function duplicates.find(corpus, opts)
  opts = opts or {}
  local min_docs = opts.min_docs or 2
  local min_words = opts.paragraph_words or 10
  local idx = dedup.lsh{ threshold = opts.threshold or 0.8, shingle = opts.shingle,
                         perms = opts.perms }
  local meta, sources, ndocs = {}, {}, 0
  local seen, shared = {}, {}
  -- The walk keeps something of every document (ids, packed metadata,
  -- paragraph fingerprints), a live set that grows to the corpus's size:
  -- a collector that waits for the heap to double (the host runs Lua's
  -- generational mode) then holds twice that. During the walk the heap
  -- is kept within 1.2 times of it; the caller's mode is restored after.
  local mode = collectgarbage("incremental", 120)
  -- per-document work
  for doc in corpus:docs{ clean = true, boilerplate = { min_docs = min_docs } } do
    ndocs = ndocs + 1
    meta[doc.id] = pack_meta(doc)
    sources[doc.source] = true
    idx:add(doc.id, doc.text, doc.date)
    add_paragraphs(doc, min_words, seen, shared, meta)
  end
  collectgarbage(mode)
  -- aggregation
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
  local paragraphs = {}
  for _, rec in pairs(shared) do
    if #rec.documents >= min_docs then
      table.sort(rec.documents)
      rec.sources = sorted_keys(rec.sources)
      paragraphs[#paragraphs + 1] = rec
    end
  end
  table.sort(paragraphs, function(a, b)
    if #a.documents ~= #b.documents then return #a.documents > #b.documents end
    return a.text < b.text
  end)
  return {
    documents = ndocs,
    sources = #sorted_keys(sources),
    params = idx:params(),
    paragraph_words = min_words,
    clusters = clusters,
    paragraphs = paragraphs,
    blocks = corpus:boilerplate():blocks(),
  }
end

return duplicates
