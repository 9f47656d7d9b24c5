-- The CORPUS rule of the boilerplate model: a line in a share of all the
-- documents, whatever their sources (page furniture that many sites, or
-- many one-page sources, share), is boilerplate; copies of one article
-- syndicated to many outlets do not make their own prose boilerplate.
local h = require "helpers"
local cjson = require "cjson"
local dedup = require "paa.dedup"
local corpus = require "paa.corpus"

local FOOTER = "Licensing and reprint lawsuit notices: all pages of this network are covered."

local VOCAB = {
  "harbour", "council", "ferry", "budget", "museum", "river", "school", "farmers", "bridge",
  "festival", "library", "weather", "market", "orchestra", "railway", "island", "doctors",
  "villagers", "tourists", "engineers", "storm", "summer", "winter", "plan", "vote", "report",
  "road", "garden", "choir", "bakery", "mayor", "students", "nurses", "fishermen", "visitors",
}

-- 'n' sentences of prose that no other call gives (seeded by 'seed')
local function prose(seed, n)
  local state, out = seed * 7919 + 17, {}
  local function pick()
    state = (state * 1103515245 + 12345) % 2147483648
    return VOCAB[state % #VOCAB + 1]
  end
  for s = 1, n do
    local w = {}
    for i = 1, 12 do w[i] = pick() end
    out[s] = "The " .. table.concat(w, " ") .. " number " .. (seed * 100 + s) .. "."
  end
  return table.concat(out, " ")
end

-- an article: a headline and two paragraphs of its own prose
local function article(i)
  return "Headline number " .. i .. " for the valley pages\n\n" .. prose(i, 4) .. "\n\n"
    .. prose(i + 1000, 3) .. "\n"
end

-- 'n' documents of 'n' sources, each with its own article and 'footer'
local function sites(n, footer)
  local docs = {}
  for i = 1, n do docs[i] = { source = "site" .. i, text = article(i) .. "\n" .. footer .. "\n" } end
  return docs
end

-- the texts of the corpus at 'dir' read with its model applied, by file name
local function cleaned(dir)
  local c = assert(corpus.open(dir, { warn = false }))
  local t = {}
  for doc in c:docs{ clean = true } do t[doc.path:match("([^/]+/?[^/]+)$")] = doc end
  return t, c
end

describe("the CORPUS boilerplate rule", function()
  after_each(h.cleanup)

  it("removes a footer on 50 files of 50 sources (subfolders) and keeps their prose", function()
    local dir = h.tmpdir()
    for i = 1, 50 do h.write(string.format("%s/site%02d/page.txt", dir, i), article(i) .. "\n" .. FOOTER .. "\n") end
    local docs, c = cleaned(dir)
    local n = 0
    for name, doc in pairs(docs) do
      n = n + 1
      local i = tonumber(name:match("site(%d+)"))
      assert.is_nil(doc.text:find(FOOTER, 1, true), name)
      assert.are.equal(article(i) .. "\n", doc.text, name)
      assert.are.same({ "corpus" }, { doc.boilerplate[1].rule })
    end
    assert.are.equal(50, n)
    local blocks = c:boilerplate():blocks()
    assert.are.equal(1, #blocks)
    assert.are.same({ text = FOOTER, rule = "corpus", source = "", documents = 50, occurrences = 50 },
      { text = blocks[1].text, rule = blocks[1].rule, source = blocks[1].source,
        documents = blocks[1].documents, occurrences = blocks[1].occurrences })
  end)

  it("removes it from 50 files of one folder with distinct source: front matter", function()
    local dir = h.tmpdir()
    for i = 1, 50 do
      h.write(string.format("%s/crawl/p%02d.md", dir, i), "---\nsource: outlet" .. i .. "\n---\n"
        .. article(i) .. "\n" .. FOOTER .. "\n")
    end
    local docs = cleaned(dir)
    local sources = {}
    for name, doc in pairs(docs) do
      sources[doc.source] = true
      assert.is_nil(doc.text:find(FOOTER, 1, true), name)
      assert.truthy(doc.text:find(prose(tonumber(name:match("p(%d+)")), 4), 1, true), name)
    end
    local ns = 0
    for _ in pairs(sources) do ns = ns + 1 end
    assert.are.equal(50, ns)
  end)

  it("keeps tensions.lua from counting a theme word that is only in the footer", function()
    local dir = h.tmpdir()
    for i = 1, 50 do h.write(string.format("%s/site%02d/page.txt", dir, i), article(i) .. "\n" .. FOOTER .. "\n") end
    h.write(dir .. "/site07/trial.txt", "Court day\n\nThe lawsuit over the ferry contract went to court.\n")
    local lex = h.write(h.tmpdir() .. "/l.txt", "[legal] Lawsuits\nlawsuit\n")
    local function run(...)
      local out, err, status = h.run { "scripts/tensions.lua", "--lexicon", lex, "--format", "json", ... }
      assert.are.equal(0, status, err)
      return cjson.decode(out)
    end
    assert.are.equal(1, run(dir).total.themes.legal.matches)  -- the one in prose
    assert.are.equal(51, run("--boilerplate", "keep", dir).total.themes.legal.matches)
  end)

  it("keeps the prose of a story syndicated word for word to 10 sources", function()
    local story = "Valley rail link opens\n\n" .. prose(7, 5) .. "\n\n" .. prose(8, 4) .. "\n\n"
      .. prose(9, 4) .. "\n"
    local docs = sites(40, "Read more from the valley network every morning at seven.")
    for i = 1, 10 do docs[#docs + 1] = { source = "outlet" .. i, text = story } end
    local m = dedup.boilerplate(docs)
    for i = 41, 50 do
      local text, removed = m:clean(docs[i].text, docs[i].source)
      assert.are.equal(story, text)
      assert.are.same({}, removed)
    end
    -- the site footer, on 40 documents that are not copies, goes
    local text = m:clean(docs[3].text, docs[3].source)
    assert.are.equal(article(3) .. "\n", text)
    -- near copies too: each copy with a line of its own
    for i = 41, 50 do docs[i].text = story .. "Published by outlet " .. i .. " today\n" end
    m = dedup.boilerplate(docs)
    for i = 41, 50 do assert.are.equal(docs[i].text, (m:clean(docs[i].text, docs[i].source))) end
  end)

  it("needs min_corpus_docs documents and min_share of them", function()
    local docs = sites(100, "An article of no footer at all, as it happens, today.")
    for i = 1, 4 do docs[i].text = docs[i].text .. FOOTER .. "\n" end
    local probe = "Fresh prose of the day.\n" .. FOOTER .. "\n"
    assert.are.equal(probe, (dedup.boilerplate(docs):clean(probe)))  -- 4 < 5 documents
    assert.are.equal("Fresh prose of the day.\n",
      (dedup.boilerplate(docs, { min_corpus_docs = 4 }):clean(probe)))
    docs[5].text = docs[5].text .. FOOTER .. "\n"
    assert.are.equal("Fresh prose of the day.\n", (dedup.boilerplate(docs):clean(probe)))
    assert.are.equal(probe, (dedup.boilerplate(docs, { min_share = 0.06 }):clean(probe)))  -- 5 of 100
    assert.are.equal("Fresh prose of the day.\n",
      (dedup.boilerplate(docs, { min_share = 0.05 }):clean(probe)))
    assert.has_error(function() dedup.boilerplate(docs, { min_share = 0 }) end)
    assert.has_error(function() dedup.boilerplate(docs, { min_corpus_docs = 1 }) end)
  end)

  it("leaves a line to SOURCE where that holds, and counts the other documents", function()
    local docs = sites(20, FOOTER)
    docs[#docs + 1] = { source = "site1", text = article(99) .. "\n" .. FOOTER .. "\n" }
    local m = dedup.boilerplate(docs)
    local rules = {}
    for _, b in ipairs(m:blocks()) do rules[b.rule] = b end
    assert.are.equal(2, rules.source.documents)
    assert.are.equal(19, rules.corpus.documents)
    assert.are.equal("source", select(2, m:clean(docs[1].text, "site1"))[1].rule)
    assert.are.equal("corpus", select(2, m:clean(docs[2].text, "site2"))[1].rule)
    assert.are.equal("source", select(2, m:clean(docs[2].text))[1].rule)  -- any source's
  end)

  it("is dumped and loaded with the model, and learnt alike on several threads", function()
    local dir = h.tmpdir()
    for i = 1, 30 do h.write(string.format("%s/site%02d/page.txt", dir, i), article(i) .. "\n" .. FOOTER .. "\n") end
    local c = assert(corpus.open(dir, { warn = false }))
    local m = dedup.boilerplate(c)
    local s = m:dump()
    local m2 = assert(dedup.load_boilerplate(s))
    assert.are.same(m:blocks(), m2:blocks())
    assert.are.equal("corpus", m2:blocks()[1].rule)
    local probe = article(3) .. FOOTER .. "\n"
    assert.are.equal(article(3), (m2:clean(probe, "elsewhere")))
    for _, n in ipairs { 1, 2, 3 } do
      assert.are.equal(s, dedup.boilerplate_corpus({ dir }, { words = false }, nil, n):dump())
    end
  end)
end)
