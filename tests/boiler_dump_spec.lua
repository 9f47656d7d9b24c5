-- paa.dedup: a boilerplate model dumped to bytes and loaded again
-- (bp:dump, dedup.load_boilerplate), as the workers of a report share
-- one; and a corpus given a model (corpus:boilerplate(model)). The
-- model loaded must clean, list its blocks and count as the one dumped;
-- bytes that are not a whole dump give nil and a message, never a crash.
local h = require "helpers"
local error_of, has = h.error_of, h.has
local dedup = require "paa.dedup"
local corpus = require "paa.corpus"

local spack, sunpack, char = string.pack, string.unpack, string.char

-- every document of the corpus at 'path' (skipped inputs recorded, not told)
local function documents(path)
  local c = assert(corpus.open(path, { warn = false }))
  local list = {}
  for doc in c:docs{ warn = false } do list[#list + 1] = doc end
  return list, c
end

-- 'a' and 'b' clean every text of 'docs' alike: text and lines removed,
-- with the document's source, with none, and with a source they never saw
local function same_cleaning(a, b, docs)
  for _, doc in ipairs(docs) do
    for _, src in ipairs { doc.source, false, "no such source" } do
      local ta, ra = a:clean(doc.text, src or nil)
      local tb, rb = b:clean(doc.text, src or nil)
      if ta ~= tb then error("cleaned texts differ: " .. tostring(doc.id)) end
      assert.are.same(ra, rb)
    end
  end
end

-- the model 's' with its last 8 bytes made the checksum of the others
-- again, so that it is the parts of the dump that are checked
local function resum(s)
  local body = s:sub(1, -9)
  return body .. spack("<i8", dedup.hash(body))
end

-- 's' with the byte at 'i' (1-based) replaced by 'b' (a number)
local function poke(s, i, b)
  return s:sub(1, i - 1) .. char(b) .. s:sub(i + 1)
end

-- Read a dump as docs/api.md describes the format; returns its parts
-- with the offset (1-based) of each, and checks it is read to the end.
local function parse(s)
  local d, at = { at = {} }, 1
  local function u32(name)
    local v
    v, at = sunpack("<I4", s, at)
    if name then d.at[name] = d.at[name] or at - 4 end
    return v
  end
  local function u64(name)
    local v
    if name then d.at[name] = d.at[name] or at end
    v, at = sunpack("<i8", s, at)
    return v
  end
  local function str()
    local v
    v, at = sunpack("<s4", s, at)
    return v
  end
  d.magic = s:sub(1, 8)
  at = 9
  d.version = u32("version")
  d.options = {}
  for _, k in ipairs { "min_docs", "min_repeats", "short_words", "list_lines", "template_words" } do
    d.options[k] = u64(k)
  end
  d.at.copy_share = at
  d.options.copy_share, at = sunpack("<d", s, at)
  d.documents, d.copies = u64("documents"), u64("copies")
  d.at.min_share = at
  d.options.min_share, at = sunpack("<d", s, at)
  d.options.min_corpus_docs = u64("min_corpus_docs")
  d.lengths = {}
  for i = 1, u32("nlengths") do d.lengths[i] = u32("length") end
  d.phrases = {}
  for i = 1, u32("nphrases") do d.phrases[i] = u64("phrase") end
  d.sources = {}
  d.at.nsources = at
  for i = 1, u32() do d.sources[i] = str() end
  d.srcfp = {}
  for i = 1, u32("nsrcfp") do d.srcfp[i] = u64("srcfp") end
  d.lines = {}
  for i = 1, u32("nlines") do d.lines[i] = { u64("line"), u32("linebits") } end
  d.blocks = {}
  for i = 1, u32("nblocks") do
    local b = {}
    b.rule, b.source = u32("rule"), u32("source")
    b.fingerprint, b.occurrences, b.documents = u64("fingerprint"), u64("occurrences"), u64("bdocuments")
    d.at.text = d.at.text or at
    b.text = str()
    d.blocks[i] = b
  end
  d.at.checksum = at
  d.checksum, at = sunpack("<i8", s, at)
  assert.are.equal(#s + 1, at)
  return d
end

local RULES = { "known", "list", "repeat", "template", "source", "short", "corpus" }

-- Dump 'm', load it back, and check the two are one model over 'docs'
local function round_trip(m, docs)
  local s = m:dump()
  local m2, err = dedup.load_boilerplate(s)
  assert.is_nil(err)
  assert.are.equal(s, m2:dump())
  assert.are.same(m:stats(), m2:stats())
  assert.are.same(m:blocks(), m2:blocks())
  assert.are.equal(tostring(m), tostring(m2))
  same_cleaning(m, m2, docs)
  -- the bytes are the format docs/api.md describes
  local d = parse(s)
  assert.are.equal("paa-boil", d.magic)
  assert.are.equal(2, d.version)
  assert.are.equal(dedup.hash(s:sub(1, -9)), d.checksum)
  assert.are.equal(m:stats().documents, d.documents)
  assert.are.equal(m:stats().copies, d.copies)
  local blocks = m:blocks()
  assert.are.equal(#blocks, #d.blocks)
  for i, b in ipairs(d.blocks) do
    assert.are.equal(blocks[i].text, b.text)
    assert.are.equal(blocks[i].rule, RULES[b.rule])
    assert.are.equal(blocks[i].source, b.source == 0xFFFFFFFF and "" or d.sources[b.source + 1])
    assert.are.equal(blocks[i].fingerprint, b.fingerprint)
    assert.are.equal(blocks[i].occurrences, b.occurrences)
    assert.are.equal(blocks[i].documents, b.documents)
  end
  return s, m2, d
end

local LONG = "The ferry company will add a late sailing on Fridays from June, answering years "
  .. "of complaints from islanders who had to leave concerts early to catch the last boat home."
local FOOTER = "Northwind Gazette is published by a small cooperative of reporters in Bergen."

-- prose paragraphs, none alike
local P = {
  "The harbour authority approved a plan on Tuesday to deepen the northern channel, a project that "
  .. "engineers say will take three winters and cost more than the port earns in a decade.",
  "Fishermen who moor their boats near the old customs house worry that the dredging will stir up "
  .. "silt and drive the cod further out, where smaller vessels cannot follow them safely.",
  "At the town hall meeting, the mayor promised that nobody would lose a berth, though she did not "
  .. "explain where the displaced trawlers would wait while the work went on.",
  "A bakery on Strandgaten has started selling its bread through a window facing the quay, after the "
  .. "owners noticed that dock workers rarely had time to come inside during a shift.",
  "The regional library reopened its reading room after a long renovation, with new shelves made "
  .. "from timber salvaged from a warehouse that burned down in the nineteen sixties.",
  "Volunteers counted more than four hundred eider ducks on the skerries this spring, the highest "
  .. "number since the survey began, which ornithologists attribute to a ban on egg collecting.",
  "Two students from the maritime college built a small electric tug in their spare time, and the "
  .. "harbour master has agreed to let them test it inside the breakwater next month.",
  "A sixteen-year-old from a village outside Tromsø won the northern chess championship on Sunday, "
  .. "beating three grandmasters on her way to the title and finishing a full point ahead.",
}

-- a small corpus of two sources: a footer for one, a promo block,
-- logos, a known phrase, a short line in every document
local function small()
  local t = {}
  for i = 1, 4 do
    t[#t + 1] = { source = "north", text = P[i] .. "\n\nGet the Harbour Briefing every Friday\n\n"
      .. P[9 - i] .. "\n\nGet the Harbour Briefing every Friday\n\n" .. FOOTER .. "\n\nLeave a Reply\n" }
    t[#t + 1] = { source = "east", text = P[i + 4] .. "\n\nAcme Logo\nGlobex Logo\nInitech Logo\n\n"
      .. "Follow us on Mastodon\n\nLast updated:\n" }
  end
  return t
end

describe("a boilerplate model dumped and loaded", function()
  after_each(h.cleanup)

  it("is the same model on the sample corpus", function()
    local docs, c = documents("corpus/")
    round_trip(c:boilerplate(), docs)
  end)

  it("is the same model on the seed articles", function()
    local dir = h.seeds()
    if not dir then return pending("../shared/corpus/seeds is not here") end
    local docs, c = documents(dir)
    local m = c:boilerplate()
    assert.is_true(#m:blocks() > 0)
    round_trip(m, docs)
  end)

  it("is the same model on the BBC stories", function()
    local dir = "../shared/corpus/bbc"
    if not h.exists(dir .. "/business") then return pending(dir .. " is not here") end
    local docs, c = documents(dir)
    local m = c:boilerplate()
    assert.are.equal(#docs, m:stats().documents)
    round_trip(m, docs)
  end)

  it("keeps the options and the known phrases", function()
    local docs = small()
    for _, opts in ipairs {
      {}, { min_docs = 3 }, { min_repeats = 3, list_lines = 4, short_words = 2 },
      { template_words = 3, copy_share = 0.25 }, { phrases = {} },
      { min_share = 0.5, min_corpus_docs = 3 },
      { phrases = { "follow us on mastodon", "an eastern tale", "get" } },
    } do
      local m = dedup.boilerplate(docs, opts)
      local _, m2, d = round_trip(m, docs)
      assert.are.equal(opts.min_docs or 2, d.options.min_docs)
      assert.are.equal(opts.template_words or 6, d.options.template_words)
      assert.are.equal(opts.copy_share or 0.5, d.options.copy_share)
      assert.are.equal(opts.min_share or 0.01, d.options.min_share)
      assert.are.equal(opts.min_corpus_docs or 5, d.options.min_corpus_docs)
      -- the phrases act in a text never learnt
      local probe = "Leave a Reply\nFollow us on Mastodon now\n" .. LONG .. "\n"
      assert.are.same(select(2, m:clean(probe)), select(2, m2:clean(probe)))
    end
    -- (a known phrase that the corpus lacks: only the phrases can flag it)
    local probe = LONG .. "\nLeave a comment below\n"
    local off = assert(dedup.load_boilerplate(dedup.boilerplate(docs, { phrases = {} }):dump()))
    assert.are.equal(probe, (off:clean(probe)))
    local on = assert(dedup.load_boilerplate(dedup.boilerplate(docs):dump()))
    assert.are.equal(LONG .. "\n", (on:clean(probe)))
    -- a phrase of more than 65535 tokens is ignored, so its model loads too
    local huge = string.rep("go ", 65536)
    local m = dedup.boilerplate(docs, { phrases = { huge, "follow us" } })
    assert.are.same(parse(m:dump()).lengths, { 2 })
    round_trip(m, docs)
  end)

  it("keeps a model that learnt nothing", function()
    local m = dedup.boilerplate{}
    local s, m2, d = round_trip(m, small())
    assert.are.same({ documents = 0, copies = 0, blocks = 0 }, m2:stats())
    assert.are.same({}, d.sources)
    assert.are.equal(#dedup.phrases() > 0, #d.phrases > 0)
    assert.are.equal(s, dedup.load_boilerplate(s):dump())
  end)

  it("keeps the sources apart, an unnamed one too", function()
    local docs = {}
    for i = 1, 3 do
      docs[#docs + 1] = { source = "", text = P[i] .. "\n" .. FOOTER .. "\n" }
      docs[#docs + 1] = { source = "a\tb ü", text = P[i + 4] .. "\nSubscribe for the valley news today!\n" }
    end
    local _, m2, d = round_trip(dedup.boilerplate(docs), docs)
    assert.are.same({ "", "a\tb ü" }, d.sources)
    local cleaned = m2:clean("Fresh prose.\n" .. FOOTER .. "\n", "a\tb ü")
    assert.are.equal("Fresh prose.\n" .. FOOTER .. "\n", cleaned)  -- another source's furniture
    assert.are.equal("Fresh prose.\n", (m2:clean("Fresh prose.\n" .. FOOTER .. "\n", "")))
  end)

  it("raises for a closed model and for a load of anything but a string", function()
    local m = dedup.boilerplate(small())
    m:close()
    has("closed boilerplate model", error_of(m.dump, m))
    has("bad argument #1", error_of(dedup.load_boilerplate, {}))
    has("bad argument #1", error_of(dedup.load_boilerplate))
    assert.is_nil(dedup.Boilerplate)  -- the binding's methods stay inside
  end)
end)

describe("bytes that are not a whole dump", function()
  local s
  setup(function() s = dedup.boilerplate(small()):dump() end)

  -- nil and a one-line message
  local function refused(bytes, pattern)
    local m, err = dedup.load_boilerplate(bytes)
    assert.is_nil(m)
    assert.is_string(err)
    assert.is_nil(err:find("\n"))
    if pattern then assert.matches(pattern, err) end
    return err
  end

  it("say what they are", function()
    refused("", "^not a boilerplate model %(empty%)$")
    refused("hello, this is not a model at all", "^not a boilerplate model %(no 'paa%-boil' magic%)$")
    refused(s:sub(1, 5), "^truncated boilerplate model %(5 bytes%)$")
    refused(s:sub(1, 50), "^truncated boilerplate model %(50 bytes%)$")
    refused(s:sub(1, -2), "^damaged or truncated boilerplate model %(checksum mismatch%)$")
    refused(s .. "x", "checksum mismatch")
    refused(resum(s:sub(1, 8) .. spack("<I4", 1) .. s:sub(13)),
            "^boilerplate model of format version 1; this build reads version 2$")
    refused(resum(s:sub(1, -9) .. "extra" .. s:sub(-8)),
            "^corrupt boilerplate model: bytes after the blocks at byte %d+$")
  end)

  it("are refused at every length short of the whole", function()
    for n = 0, #s - 1 do refused(s:sub(1, n)) end
    assert.is_not_nil(dedup.load_boilerplate(s))
  end)

  it("are refused with any byte changed", function()
    math.randomseed(7)
    for i = 1, #s do
      local b = s:byte(i)
      refused(poke(s, i, b ~ (1 << math.random(0, 7))))
      refused(poke(s, i, (b + math.random(1, 255)) % 256))
    end
  end)

  it("are refused when a part is wrong, however well summed", function()
    local d = parse(s)
    local function wrong(at, bytes, pattern)
      return refused(resum(s:sub(1, at - 1) .. bytes .. s:sub(at + #bytes)), pattern)
    end
    wrong(d.at.min_docs, spack("<i8", 1), "option min_docs")
    wrong(d.at.min_repeats, spack("<i8", 0), "option min_repeats")
    wrong(d.at.template_words, spack("<i8", -1), "option template_words")
    wrong(d.at.copy_share, spack("<d", 0 / 0), "option copy_share")
    wrong(d.at.copy_share, spack("<d", -0.5), "option copy_share")
    wrong(d.at.copies, spack("<i8", d.documents + 1), "copy count")
    wrong(d.at.min_share, spack("<d", 0 / 0), "option min_share")
    wrong(d.at.min_share, spack("<d", 0), "option min_share")
    wrong(d.at.min_corpus_docs, spack("<i8", 1), "option min_corpus_docs")
    wrong(d.at.nlengths, spack("<I4", 0xFFFFFFFF), "phrase length count")
    wrong(d.at.length, spack("<I4", 0), "phrase length")
    wrong(d.at.phrase, spack("<i8", 0), "phrase at")
    wrong(d.at.nphrases, spack("<I4", 0), "phrase")
    wrong(d.at.nsources, spack("<I4", 1000), "source")
    wrong(d.at.nsrcfp, spack("<I4", 0x7FFFFFFF), "SOURCE line")
    wrong(d.at.linebits, spack("<I4", 8), "line")
    wrong(d.at.nblocks, spack("<I4", #d.blocks + 1), "block")
    wrong(d.at.rule, spack("<I4", 8), "block rule")
    wrong(d.at.rule, spack("<I4", 0), "block rule")
    wrong(d.at.source, spack("<I4", #d.sources), "block source")
    wrong(d.at.occurrences, spack("<i8", 0), "block occurrences")
    wrong(d.at.bdocuments, spack("<i8", d.blocks[1].occurrences + 1), "block documents")
    wrong(d.at.text, spack("<I4", #s), "block text")
    -- two sources of one name; a NUL in a text
    local dup = s:sub(1, d.at.nsources - 1) .. spack("<I4s4s4", 2, "same", "same")
    refused(resum(dup .. s:sub(d.at.nsources + 4 + 4 + #d.sources[1] + 4 + #d.sources[2])),
            "repeated source name")
    if #d.blocks[1].text > 0 then wrong(d.at.text + 4, "\0", "block text") end
  end)

  it("load as the dump they are when they load at all", function()
    -- any byte changed, the sum made right: refused, or a model whose
    -- dump is those very bytes (the format has one dump a model)
    math.randomseed(11)
    local loaded = 0
    for _ = 1, 3000 do
      local t = s
      for _ = 1, math.random(1, 3) do t = poke(t, math.random(1, #t - 8), math.random(0, 255)) end
      t = resum(t)
      local m, err = dedup.load_boilerplate(t)
      if m then
        loaded = loaded + 1
        assert.are.equal(t, m:dump())
        m:clean(LONG .. "\n" .. FOOTER .. "\nAcme Logo\n", "north")
      else
        assert.is_string(err)
      end
    end
    assert.is_true(loaded > 0)  -- (counts, fingerprints and texts take any value)
    for _ = 1, 300 do  -- and bytes at random
      local n, t = math.random(0, 300), {}
      for i = 1, n do t[i] = char(math.random(0, 255)) end
      refused("paa-boil" .. table.concat(t))
      refused(resum("paa-boil" .. spack("<I4", 1) .. table.concat(t) .. "12345678"))
    end
  end)
end)

describe("a corpus given a model", function()
  after_each(h.cleanup)

  -- write 'docs' as files DIR/<source>/<n>.txt; returns DIR
  local function folder(docs)
    local dir = h.tmpdir()
    for i, d in ipairs(docs) do h.write(dir .. "/" .. d.source .. "/" .. i .. ".txt", d.text) end
    return dir
  end

  -- count the walks started through the corpus's methods (a learning walk
  -- is one) while 'f' runs
  local function walks(c, f)
    local methods = getmetatable(c).__index
    local docs, n = methods.docs, 0
    methods.docs = function(...) n = n + 1; return docs(...) end
    local ok, err = pcall(f)
    methods.docs = docs
    assert(ok, err)
    return n
  end

  it("cleans with it and never walks to learn", function()
    local docs = small()
    local model = assert(dedup.load_boilerplate(dedup.boilerplate(docs):dump()))
    -- a shard: one document of each source, too few to learn anything from
    local shard = assert(corpus.open(folder { docs[1], docs[2] }, { warn = false }))
    assert.are.equal(model, shard:boilerplate(model))
    assert.are.equal(model, shard:boilerplate())
    assert.are.equal(model, shard:boilerplate{ min_docs = 5 })  -- options: too late
    local seen = 0
    assert.are.equal(1, walks(shard, function()
      for doc in shard:docs{ clean = true } do
        seen = seen + 1
        local text, removed = model:clean(h.slurp(doc.path), doc.source)
        assert.are.equal(text, doc.text)
        assert.are.same(removed, doc.boilerplate)
        assert.are.equal(#text, doc.bytes)
        assert.is_nil(doc.text:find(FOOTER, 1, true))  -- what the shard alone would keep
      end
    end))
    assert.are.equal(2, seen)
    -- the shard's own model would have learnt (a walk of its own, made in
    -- C on several threads when paa runs on several cores) and kept the footer
    local own = assert(corpus.open(folder { docs[1], docs[2] }, { warn = false }))
    local kept
    assert.are.equal(require("paa.parallel").jobs() > 1 and 1 or 2, walks(own, function()
      for doc in own:docs{ clean = true } do kept = kept or doc.text:find(FOOTER, 1, true) end
    end))
    assert.is_not_nil(kept)
  end)

  it("takes a model in place of the one it learnt", function()
    local c = assert(corpus.open("corpus/", { warn = false }))
    local learnt = c:boilerplate()
    local other = dedup.boilerplate{}
    local raw = {}
    for doc in c:docs() do raw[doc.id] = doc.text end
    assert.are.equal(other, c:boilerplate(other))
    for doc in c:docs{ clean = true } do
      assert.are.equal((other:clean(raw[doc.id], doc.source)), doc.text)
    end
    assert.are.equal(learnt, c:boilerplate(learnt))
  end)

  it("raises for a closed model, and for what is not a model", function()
    local c = assert(corpus.open("corpus/", { warn = false }))
    local m = dedup.boilerplate{}
    m:close()
    has("closed boilerplate model", error_of(c.boilerplate, c, m))
    has("table or paa.Boilerplate expected, got userdata", error_of(c.boilerplate, c, io.stdout))
    has("table or paa.Boilerplate expected, got number", error_of(c.boilerplate, c, 5))
    c:close()
    has("closed corpus", error_of(c.boilerplate, c, dedup.boilerplate{}))
  end)
end)
