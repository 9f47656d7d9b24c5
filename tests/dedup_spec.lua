-- paa.dedup: content hashes, SimHash, MinHash signatures, the LSH index
-- with verified clusters, the boilerplate model, and corpus:docs{ clean }.
-- Every text is written here; corpora are built in fresh temporary folders.
local h = require "helpers"
local error_of, has, words = h.error_of, h.has, h.words
local dedup = require "paa.dedup"
local corpus = require "paa.corpus"
local text = require "paa.text"

-- the value of key 'k' of each item of 'list'
local function pluck(list, k)
  local t = {}
  for i, v in ipairs(list) do t[i] = v[k] end
  return t
end

local occurrences = h.occurrences

---------------------------------------------------------------------------
-- Texts

local LONG = table.concat({
  "The council of Lindholm voted late on Wednesday to turn the disused rope works by the river "
  .. "into a covered market, ending a dispute that has divided the town for almost six years. "
  .. "Supporters say the building, with its long brick halls and iron roof, is ideal for stalls "
  .. "selling fish, cheese and vegetables from the farms up the valley. Opponents wanted it torn "
  .. "down to make room for flats, arguing that the town needs homes more than it needs another "
  .. "place to buy expensive bread.",
  "The vote was close. Seven councillors backed the market and six opposed it, with the deciding "
  .. "voice coming from a member who had abstained twice before and who told the chamber that she "
  .. "had changed her mind after visiting a similar market in a neighbouring county.",
  "Work on the roof is expected to begin in the autumn, once the council has found a contractor "
  .. "willing to repair the old iron trusses rather than replace them. The first traders could move "
  .. "in by the following summer if the repairs go to plan, although the finance committee warned "
  .. "that the budget leaves little room for surprises.",
  "Residents of the streets behind the rope works have asked for a limit on delivery hours, "
  .. "fearing that lorries will block the narrow lanes early in the morning. The council said it "
  .. "would consider the request when it draws up the rules for traders next year.",
}, "\n\n")

-- LONG with one word changed, and with three
local RETOUCHED = LONG:gsub("Wednesday", "Thursday")
local EDITED = LONG:gsub("Wednesday", "Thursday"):gsub("almost six years", "almost five years")
                   :gsub("narrow lanes", "cobbled lanes")

local UNRELATED = table.concat({
  "A sixteen-year-old from a village outside Tromsø won the northern chess championship on Sunday, "
  .. "beating three grandmasters on her way to the title and finishing a full point ahead of the "
  .. "defending champion. Her coach, a retired schoolteacher, said she had prepared by replaying "
  .. "old correspondence games late into the night during the polar winter.",
  "Organisers moved the final rounds into the gymnasium after the hotel lost power in a storm, and "
  .. "spectators watched on a projector borrowed from the local cinema. Several players complained "
  .. "about the cold, but nobody asked for the games to be postponed.",
  "The winner now qualifies for the national team trials in the spring, where she will be the "
  .. "youngest entrant by some distance. She told reporters that she planned to spend the prize "
  .. "money on a new bicycle and a set of books about endgames.",
}, "\n\n")

-- prose paragraphs, each one sentence or more, none alike
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
  "The ferry company will add a late sailing on Fridays from June, answering years of complaints "
  .. "from islanders who had to leave concerts early to catch the last boat home.",
  "Two students from the maritime college built a small electric tug in their spare time, and the "
  .. "harbour master has agreed to let them test it inside the breakwater next month.",
}

local FOOTER = "Northwind Gazette is published by a small cooperative of reporters in Bergen."
local PROMO = "Get the Harbour Briefing every Friday"

-- a site's pages: a footer on two pages of 'northwind', a repeated promo
-- on one of them, a logo list and a comment form on a page of 'eastgate'
local function site()
  return {
    { source = "northwind", text = P[1] .. "\n\n" .. P[2] .. "\n\n" .. FOOTER .. "\n" },
    { source = "northwind", text = P[3] .. "\n\n" .. PROMO .. "\n\n" .. P[4] .. "\n\n" .. PROMO
                                     .. "\n\n" .. FOOTER .. "\n" },
    { source = "eastgate", text = P[5] .. "\n\nOur partners\nAcme Logo\nGlobex Logo\nInitech Logo\n\n"
                                   .. P[6] .. "\n\nLeave a Reply\n" .. P[7] .. "\n" },
  }
end

-- the spans clean() removes from 'doc' as "rule|text"
local function removed(bp, doc, source)
  local _, spans = bp:clean(doc.text or doc, source or doc.source)
  local t = {}
  for i, s in ipairs(spans) do t[i] = s.rule .. "|" .. s.text end
  return t
end

-- the block of 'bp' with this text and rule, or nil
local function block(bp, txt, rule)
  for _, b in ipairs(bp:blocks()) do
    if b.text == txt and (rule == nil or b.rule == rule) then return b end
  end
end

-- write the site() pages as a corpus: one folder per source
local function site_corpus(dir)
  for i, d in ipairs(site()) do
    h.write(string.format("%s/%s/page%d.txt", dir, d.source, i), d.text)
  end
  return dir
end

describe("paa.dedup", function()
  after_each(h.cleanup)

  ---------------------------------------------------------------------------
  describe("hash", function()
    it("is a 64-bit integer, equal for equal bytes, different for one changed byte", function()
      local a = dedup.hash("OpenAI raised $40 billion.")
      assert.are.equal("integer", math.type(a))
      assert.are.equal(a, dedup.hash("OpenAI raised " .. "$40 billion."))
      assert.are_not.equal(a, dedup.hash("OpenAI raised $41 billion."))
      assert.are_not.equal(a, dedup.hash("openai raised $40 billion."))
      assert.are_not.equal(a, dedup.hash("OpenAI raised $40 billion. "))
      assert.are.equal("integer", math.type(dedup.hash("")))
      assert.are_not.equal(dedup.hash(""), dedup.hash("\0"))
      assert.are_not.equal(dedup.hash("a\0b"), dedup.hash("a\0c"))
    end)

    it("raises without a string", function()
      has("bad argument #1", error_of(dedup.hash))
      has("bad argument #1", error_of(dedup.hash, {}))
    end)
  end)

  ---------------------------------------------------------------------------
  describe("fingerprint", function()
    it("collides for changes of case, spacing, quotes and punctuation", function()
      local fp = dedup.fingerprint("openai's deal")
      assert.are.equal("integer", math.type(fp))
      assert.are.equal(fp, dedup.fingerprint("OpenAI’s  deal!"))
      assert.are.equal(fp, dedup.fingerprint("  OPENAI'S\n\tDeal..."))
      assert.are.equal(dedup.fingerprint('"Quoted" - text'), dedup.fingerprint("“Quoted” — TEXT"))
      assert.are.equal(dedup.fingerprint("a, b; c"), dedup.fingerprint("a b c"))
    end)

    it("differs when words differ, or are in another order, or are joined", function()
      local fp = dedup.fingerprint("SoftBank leads the round")
      assert.are_not.equal(fp, dedup.fingerprint("SoftBank led the round"))
      assert.are_not.equal(fp, dedup.fingerprint("the round SoftBank leads"))
      assert.are_not.equal(fp, dedup.fingerprint("SoftBank leads the round today"))
      assert.are_not.equal(dedup.fingerprint("a b"), dedup.fingerprint("ab"))
      assert.are_not.equal(dedup.fingerprint("$40bn"), dedup.fingerprint("$41bn"))
    end)

    it("is 0 for a text without words", function()
      assert.are.equal(0, dedup.fingerprint(""))
      assert.are.equal(0, dedup.fingerprint("  \n\t"))
      assert.are.equal(0, dedup.fingerprint("— ... !?"))
      assert.are_not.equal(0, dedup.fingerprint("x"))
    end)
  end)

  ---------------------------------------------------------------------------
  describe("simhash and hamming", function()
    it("gives identical texts distance 0", function()
      local s = dedup.simhash(LONG)
      assert.are.equal("integer", math.type(s))
      assert.are.equal(s, dedup.simhash(LONG))
      assert.are.equal(0, dedup.hamming(s, dedup.simhash(LONG)))
      -- re-formatting does not count
      assert.are.equal(s, dedup.simhash((LONG:upper():gsub("\n\n", "\n"))))
    end)

    it("puts a lightly edited copy near and an unrelated text far", function()
      local s = dedup.simhash(LONG)
      local near = dedup.hamming(s, dedup.simhash(RETOUCHED))
      local edited = dedup.hamming(s, dedup.simhash(EDITED))
      local far = dedup.hamming(s, dedup.simhash(UNRELATED))
      assert.is_true(near > 0, "an edit changes the hash")
      assert.is_true(near < 10, "copy with one word changed at distance " .. near)
      assert.is_true(edited < far, ("three words changed at %d, unrelated at %d"):format(edited, far))
      assert.is_true(far > 15, "unrelated text at distance " .. far)
    end)

    it("takes the shingle size as an option", function()
      assert.are_not.equal(dedup.simhash(LONG), dedup.simhash(LONG, { shingle = 1 }))
      assert.are.equal(dedup.simhash(LONG, { shingle = 3 }), dedup.simhash(LONG))
      has("option 'shingle' must be an integer in 1..64", error_of(dedup.simhash, LONG, { shingle = 0 }))
      has("option 'shingle'", error_of(dedup.simhash, LONG, { shingle = 65 }))
      has("option 'shingle'", error_of(dedup.simhash, LONG, { shingle = 2.5 }))
    end)

    it("is 0 for an empty text", function()
      assert.are.equal(0, dedup.simhash(""))
      assert.are.equal(0, dedup.simhash(" ...\n"))
    end)

    it("hamming is symmetric, 0 on itself, and between 0 and 64", function()
      local hashes = { 0, -1, 1, math.mininteger, math.maxinteger, dedup.simhash(LONG),
                       dedup.simhash(UNRELATED), dedup.hash("x") }
      for _, a in ipairs(hashes) do
        assert.are.equal(0, dedup.hamming(a, a))
        for _, b in ipairs(hashes) do
          local d = dedup.hamming(a, b)
          assert.are.equal("integer", math.type(d))
          assert.are.equal(d, dedup.hamming(b, a))
          assert.is_true(d >= 0 and d <= 64)
        end
      end
      assert.are.equal(64, dedup.hamming(0, -1))
      assert.are.equal(1, dedup.hamming(0, math.mininteger))
      assert.are.equal(2, dedup.hamming(0, 5))
      assert.are.equal(63, dedup.hamming(0, math.maxinteger))
    end)

    it("hamming raises for a non-integer", function()
      has("bad argument #1", error_of(dedup.hamming, 1.5, 1))
      has("bad argument #2", error_of(dedup.hamming, 1))
    end)
  end)

  ---------------------------------------------------------------------------
  describe("minhash", function()
    it("makes 128 values of 5-token shingles from seed 1 by default", function()
      local m = dedup.minhash(words(1, 100))
      assert.are.equal(128, #m)
      assert.are.same({ perms = 128, shingle = 5, seed = 1, shingles = 96 }, m:params())
      local v = m:values()
      assert.are.equal(128, #v)
      for _, x in ipairs(v) do
        assert.are.equal("integer", math.type(x))
        assert.is_true(x >= 0 and x <= 0xFFFFFFFF)
      end
      assert.are.equal("paa.MinHash (128 perms, 5-token shingles, 96 shingles)", tostring(m))
    end)

    it("takes perms, shingle and seed", function()
      local m = dedup.minhash(words(1, 10), { perms = 64, shingle = 2, seed = -7 })
      assert.are.equal(64, #m)
      assert.are.equal(64, #m:values())
      assert.are.same({ perms = 64, shingle = 2, seed = -7, shingles = 9 }, m:params())
      assert.are.equal(1, #dedup.minhash("x", { perms = 1 }))
      assert.are.equal(4096, #dedup.minhash("x", { perms = 4096 }))
    end)

    it("counts distinct shingles; a text shorter than a shingle has one, an empty one none", function()
      assert.are.equal(2, dedup.minhash("a b a b a b a b", { shingle = 2 }):params().shingles)
      assert.are.equal(1, dedup.minhash("two words"):params().shingles)
      assert.are.equal(1, dedup.minhash("word"):params().shingles)
      local e = dedup.minhash("")
      assert.are.equal(0, e:params().shingles)
      for _, x in ipairs(e:values()) do assert.are.equal(0xFFFFFFFF, x) end
    end)

    it("is deterministic, and the seed changes the values", function()
      local a = dedup.minhash(LONG):values()
      assert.are.same(a, dedup.minhash(LONG):values())
      assert.are.same(a, dedup.minhash(LONG, { seed = 1 }):values())
      assert.are_not.same(a, dedup.minhash(LONG, { seed = 2 }):values())
      -- the shingles are the folded words: re-formatting changes nothing
      assert.are.same(a, dedup.minhash(LONG:upper()):values())
    end)

    it("estimates 1 for identical texts, near the exact value for an edited copy, ~0 for unrelated", function()
      local a, b, u = dedup.minhash(LONG), dedup.minhash(EDITED), dedup.minhash(UNRELATED)
      assert.are.equal(1, a:jaccard(dedup.minhash(LONG)))
      assert.are.equal(1, a:jaccard(a))
      local idx = dedup.lsh()
      idx:add("long", LONG); idx:add("edited", EDITED); idx:add("unrelated", UNRELATED)
      local exact = idx:jaccard("long", "edited")
      assert.is_true(exact > 0.6 and exact < 1, "exact " .. exact)
      local est = a:jaccard(b)
      assert.are.equal(est, b:jaccard(a))
      assert.is_true(math.abs(est - exact) <= 0.15, ("estimate %g, exact %g"):format(est, exact))
      assert.are.equal(0, idx:jaccard("long", "unrelated"))
      assert.is_true(a:jaccard(u) < 0.1, "unrelated estimate " .. a:jaccard(u))
    end)

    it("refuses to compare signatures of other perms, shingle or seed", function()
      local m = dedup.minhash(LONG)
      for _, opts in ipairs { { perms = 64 }, { shingle = 4 }, { seed = 2 } } do
        has("signature made with other perms, shingle or seed",
            error_of(m.jaccard, m, dedup.minhash(LONG, opts)))
      end
      has("bad argument #2", error_of(m.jaccard, m, "not a signature"))
    end)

    it("raises for invalid options", function()
      has("option 'perms' must be an integer in 1..4096", error_of(dedup.minhash, "x", { perms = 0 }))
      has("option 'perms' must be an integer in 1..4096", error_of(dedup.minhash, "x", { perms = 5000 }))
      has("option 'perms'", error_of(dedup.minhash, "x", { perms = 1.5 }))
      has("option 'perms'", error_of(dedup.minhash, "x", { perms = "many" }))
      has("option 'shingle' must be an integer in 1..64", error_of(dedup.minhash, "x", { shingle = 0 }))
      has("option 'seed'", error_of(dedup.minhash, "x", { seed = 0.5 }))
      has("bad argument #2", error_of(dedup.minhash, "x", 5))
      has("bad argument #1", error_of(dedup.minhash, nil))
    end)

    it("treats two empty texts alike with the exact Jaccard (0: nobody's duplicate)", function()
      -- the exact similarity of two empty shingle sets is 0 (paa.h), and an
      -- LSH index never clusters empty texts; the estimate should agree
      local idx = dedup.lsh()
      idx:add(1, ""); idx:add(2, "")
      assert.are.equal(0, idx:jaccard(1, 2))
      do
        assert.are.equal(0, dedup.minhash(""):jaccard(dedup.minhash("")))
      end
    end)
  end)

  ---------------------------------------------------------------------------
  describe("lsh", function()
    describe("options", function()
      it("defaults to threshold 0.8, 128 perms, 5-token shingles, seed 1, optimal bands", function()
        local p = dedup.lsh():params()
        assert.are.equal(0.8, p.threshold)
        assert.are.equal(128, p.perms)
        assert.are.equal(5, p.shingle)
        assert.are.equal(1, p.seed)
        assert.is_true(p.bands >= 1 and p.rows >= 1)
        assert.is_true(p.bands * p.rows <= p.perms)
      end)

      it("chooses bands and rows within perms for any threshold", function()
        for _, t in ipairs { 0.1, 0.3, 0.5, 0.7, 0.9, 1 } do
          for _, perms in ipairs { 16, 100, 128 } do
            local p = dedup.lsh{ threshold = t, perms = perms }:params()
            assert.are.equal(t, p.threshold)
            assert.is_true(p.bands * p.rows <= perms, ("t %g perms %d: %d x %d"):format(t, perms, p.bands, p.rows))
            assert.is_true(p.bands >= 1 and p.rows >= 1)
          end
        end
        -- a lower threshold needs fewer rows a band (a looser match)
        assert.is_true(dedup.lsh{ threshold = 0.3 }:params().rows < dedup.lsh{ threshold = 0.9 }:params().rows)
      end)

      it("takes explicit bands: rows = perms / bands", function()
        local p = dedup.lsh{ bands = 16 }:params()
        assert.are.same({ threshold = 0.8, perms = 128, shingle = 5, seed = 1, bands = 16, rows = 8 }, p)
        p = dedup.lsh{ perms = 60, bands = 20, shingle = 3, seed = 9, threshold = 0.5 }:params()
        assert.are.same({ threshold = 0.5, perms = 60, shingle = 3, seed = 9, bands = 20, rows = 3 }, p)
        assert.are.equal(128, dedup.lsh{ bands = 128 }:params().bands)
        assert.are.equal(1, dedup.lsh{ bands = 128 }:params().rows)
      end)

      it("raises for a threshold outside (0, 1]", function()
        for _, t in ipairs { 0, 1.5, -1, "x" } do
          assert.has_error(function() dedup.lsh{ threshold = t } end)
        end
        assert.are.equal(1, dedup.lsh{ threshold = 1 }:params().threshold)
      end)

      it("names the option in the error for a bad threshold", function()
        do
          for _, t in ipairs { 0, 1.5, -1, "x" } do
            has("option 'threshold'", error_of(dedup.lsh, { threshold = t }))
          end
        end
      end)

      it("raises when perms is not a multiple of bands, saying so", function()
        assert.are.equal("paa.dedup: option 'perms' (100) must be a multiple of 'bands' (7)",
                         error_of(dedup.lsh, { perms = 100, bands = 7 }):match("paa%.dedup:.*"))
        has("must be a multiple of 'bands'", error_of(dedup.lsh, { bands = 256 }))
      end)

      it("raises for other bad options", function()
        has("option 'perms' must be an integer in 1..4096", error_of(dedup.lsh, { perms = 0 }))
        has("option 'perms'", error_of(dedup.lsh, { perms = 5000 }))
        has("option 'shingle'", error_of(dedup.lsh, { shingle = 0 }))
        has("option 'bands'", error_of(dedup.lsh, { bands = -1 }))
        has("option 'bands'", error_of(dedup.lsh, { bands = 2.5 }))
        has("bad argument #1", error_of(dedup.lsh, "fast"))
      end)
    end)

    describe("add and query", function()
      it("returns the number of documents and checks its arguments", function()
        local idx = dedup.lsh()
        assert.are.equal(1, idx:add("a", LONG))
        assert.are.equal(2, idx:add(2, EDITED, "2025-01-01"))
        assert.are.equal(3, idx:add("c", ""))
        assert.are.equal(3, idx:count())
        assert.is_true(math.type(idx:memory()) == "integer" and idx:memory() > 0)
        has("bad argument #1", error_of(function() idx:add({}, "x") end))      -- id
        has("bad argument #2", error_of(function() idx:add("d", nil) end))     -- text
        has("bad argument #3", error_of(function() idx:add("d", "x", 20250101) end))  -- date: a string
        assert.are.equal(3, idx:count())
      end)

      it("raises for an id already in the index, and leaves the index as it was", function()
        local idx = dedup.lsh()
        idx:add("a", LONG)
        idx:add(1, UNRELATED)
        has("paa.dedup: id 'a' is already in the index", error_of(idx.add, idx, "a", EDITED))
        has("id '1' is already in the index", error_of(idx.add, idx, 1, EDITED))
        has("is already in the index", error_of(idx.add, idx, 1.0, EDITED))
        assert.are.equal(2, idx:count())
        assert.are.equal(3, idx:add("1", EDITED))  -- the string "1" is another id
      end)

      it("raises for a NaN id without adding the document", function()
        local idx = dedup.lsh()
        idx:add("a", LONG)
        assert.has_error(function() idx:add(0 / 0, LONG) end)
        do
          assert.are.equal(1, idx:count())
          assert.are.same({}, idx:clusters())
        end
      end)

      it("returns the verified documents at or above the threshold, most similar first", function()
        local idx = dedup.lsh{ threshold = 0.5 }
        idx:add("A", words(1, 100))
        idx:add("B", words(21, 120))
        idx:add("C", words(41, 140))
        idx:add("U", UNRELATED)
        local r = idx:query(words(1, 100))
        assert.are.same({ "A", "B" }, pluck(r, "id"))
        assert.are.equal(1, r[1].jaccard)
        assert.are.equal(1, r[1].estimate)
        assert.are.equal(idx:jaccard("A", "B"), r[2].jaccard)
        assert.is_true(r[2].jaccard >= 0.5)
        assert.is_true(math.abs(r[2].estimate - r[2].jaccard) < 0.15)
        -- from the middle: B first (identical), then A and C alike
        r = idx:query(words(21, 120))
        assert.are.equal("B", r[1].id)
        assert.are.equal(3, #r)
        for k = 2, #r do assert.is_true(r[k - 1].jaccard >= r[k].jaccard) end
        assert.are.same({}, idx:query(words(1, 10, "x")))
        assert.are.same({}, idx:query(""))
        -- the query does not add
        assert.are.equal(4, idx:count())
      end)

      it("finds documents added after an earlier query (its band keys kept grow with the index)", function()
        local idx = dedup.lsh{ threshold = 0.5 }
        idx:add("A", words(1, 100))
        assert.are.same({ "A" }, pluck(idx:query(words(1, 100)), "id"))
        idx:add("E", "")
        idx:add("B", words(1, 100))
        assert.are.same({ "A", "B" }, pluck(idx:query(words(1, 100)), "id"))
      end)

      it("gives the exact Jaccard of two ids, and raises for an unknown id", function()
        local idx = dedup.lsh()
        idx:add("A", words(1, 100)); idx:add("B", words(21, 120)); idx:add("C", words(41, 140))
        -- 96 shingles each; A and B share w21..w100 (76 shingles), A and C w41..w100 (56)
        assert.are.equal(76 / (96 + 96 - 76), idx:jaccard("A", "B"))
        assert.are.equal(56 / (96 + 96 - 56), idx:jaccard("A", "C"))
        assert.are.equal(idx:jaccard("B", "A"), idx:jaccard("A", "B"))
        assert.are.equal(1, idx:jaccard("A", "A"))
        has("bad argument #2", error_of(idx.jaccard, idx, "Z", "A"))
        has("id not in the index", error_of(idx.jaccard, idx, "A", "Z"))
      end)
    end)

    describe("clusters", function()
      it("puts identical documents in one cluster with members, edges and the weakest pair", function()
        local idx = dedup.lsh()
        idx:add("x", LONG)
        idx:add("u", UNRELATED)
        idx:add("y", LONG:upper())       -- same words: same shingles
        idx:add("z", LONG)
        local cs = idx:clusters()
        assert.are.equal(1, #cs)
        local c = cs[1]
        assert.are.equal(3, c.size)
        assert.are.same({ "x", "y", "z" }, c.members)
        assert.are.equal("x", c.canonical)
        assert.is_true(#c.edges >= 2)
        for _, e in ipairs(c.edges) do
          assert.are.equal(1, e.jaccard)
          assert.are.equal(1, e.estimate)
          assert.is_true(e.a ~= e.b)
        end
        assert.are.equal(1, c.min_jaccard)
        assert.are.equal(2, #c.weakest)
        assert.is_false(c.chained)
      end)

      it("takes the earliest date as the canonical copy, in either order of adding", function()
        for _, order in ipairs { { 1, 2 }, { 2, 1 } } do
          local docs = { { "late", "2025-03-02" }, { "early", "2025-03-01" } }
          local idx = dedup.lsh()
          for _, k in ipairs(order) do idx:add(docs[k][1], LONG, docs[k][2]) end
          assert.are.equal("early", idx:clusters()[1].canonical)
        end
      end)

      it("breaks a tie of dates by the smallest id, numbers compared as numbers", function()
        for _, ids in ipairs { { "zeta", "alpha", "mid" }, { "alpha", "mid", "zeta" } } do
          local idx = dedup.lsh()
          for _, id in ipairs(ids) do idx:add(id, LONG, "2025-01-01") end
          assert.are.equal("alpha", idx:clusters()[1].canonical)
        end
        for _, ids in ipairs { { 10, 2, 33 }, { 2, 33, 10 }, { 33, 10, 2 } } do
          local idx = dedup.lsh()
          for _, id in ipairs(ids) do idx:add(id, LONG) end
          assert.are.equal(2, idx:clusters()[1].canonical)  -- not 10 ("10" < "2")
        end
        -- numbers before strings
        local idx = dedup.lsh()
        idx:add("1", LONG); idx:add(5, LONG)
        assert.are.equal(5, idx:clusters()[1].canonical)
      end)

      it("compares integer and float ids exactly, past 2^53 too", function()
        local big = (1 << 53) + 1  -- no double holds it
        for _, ids in ipairs { { big, 2.0 ^ 53 }, { 2.0 ^ 53, big }, { 2.5, 3, 2 }, { 3, 2.5, -1.5 } } do
          local idx, least = dedup.lsh(), ids[1]
          for _, id in ipairs(ids) do
            idx:add(id, LONG)
            if id < least then least = id end
          end
          local c = idx:clusters()[1].canonical
          assert.are.equal(least, c)
          assert.are.equal(math.type(least), math.type(c))
        end
      end)

      it("prefers a dated document to undated ones, whatever their ids", function()
        for _, order in ipairs { { 1, 2, 3 }, { 3, 2, 1 } } do
          local docs = { { "a", nil }, { "z", "2099-12-31" }, { "b", nil } }
          local idx = dedup.lsh()
          for _, k in ipairs(order) do idx:add(docs[k][1], LONG, docs[k][2]) end
          local c = idx:clusters()[1]
          assert.are.equal("z", c.canonical)
          assert.are.equal(3, c.size)
        end
        local idx = dedup.lsh()  -- all undated: the smallest id
        idx:add("b", LONG); idx:add("a", LONG)
        assert.are.equal("a", idx:clusters()[1].canonical)
      end)

      it("keeps edges at or above the threshold and leaves unrelated documents out", function()
        local idx = dedup.lsh{ threshold = 0.6 }
        idx:add(1, LONG); idx:add(2, EDITED); idx:add(3, UNRELATED); idx:add(4, words(1, 50))
        local cs = idx:clusters()
        assert.are.equal(1, #cs)
        assert.are.same({ 1, 2 }, cs[1].members)
        assert.are.equal(1, #cs[1].edges)
        local e = cs[1].edges[1]
        assert.are.same({ 1, 2 }, { e.a, e.b })
        assert.are.equal(idx:jaccard(1, 2), e.jaccard)
        assert.is_true(e.jaccard >= 0.6)
        assert.are.equal(e.jaccard, cs[1].min_jaccard)
        assert.is_false(cs[1].chained)
      end)

      it("orders clusters larger first, then by their first member", function()
        local idx = dedup.lsh()
        idx:add("p1", UNRELATED); idx:add("q1", words(1, 60)); idx:add("q2", words(1, 60))
        idx:add("p2", UNRELATED); idx:add("r1", LONG); idx:add("r2", LONG); idx:add("r3", LONG)
        idx:add("p3", UNRELATED)
        local cs = idx:clusters()
        assert.are.same({ 3, 3, 2 }, pluck(cs, "size"))
        assert.are.same({ "p1", "p2", "p3" }, cs[1].members)
        assert.are.same({ "r1", "r2", "r3" }, cs[2].members)
        assert.are.same({ "q1", "q2" }, cs[3].members)
      end)

      it("says a chain is chained: A~B~C with A and C below the threshold", function()
        local idx = dedup.lsh{ threshold = 0.5 }
        idx:add("A", words(1, 100))
        idx:add("B", words(21, 120))
        idx:add("C", words(41, 140))
        idx:add("D", words(1, 100, "other"))
        -- check the construction first
        assert.is_true(idx:jaccard("A", "B") >= 0.5)
        assert.is_true(idx:jaccard("B", "C") >= 0.5)
        assert.is_true(idx:jaccard("A", "C") < 0.5)
        local cs = idx:clusters()
        assert.are.equal(1, #cs)
        local c = cs[1]
        assert.are.same({ "A", "B", "C" }, c.members)
        assert.are.equal("A", c.canonical)
        assert.is_true(c.chained)
        assert.are.equal(idx:jaccard("A", "C"), c.min_jaccard)
        assert.is_true(c.min_jaccard < 0.5)
        table.sort(c.weakest)
        assert.are.same({ "A", "C" }, c.weakest)
        local pairs_ = {}
        for _, e in ipairs(c.edges) do
          assert.is_true(e.jaccard >= 0.5)
          pairs_[#pairs_ + 1] = e.a .. e.b
        end
        table.sort(pairs_)
        assert.are.same({ "AB", "BC" }, pairs_)
        -- at a lower threshold all three pairs hold: not chained
        local low = dedup.lsh{ threshold = 0.4 }
        low:add("A", words(1, 100)); low:add("B", words(21, 120)); low:add("C", words(41, 140))
        assert.is_false(low:clusters()[1].chained)
        assert.are.equal(3, #low:clusters()[1].edges)
      end)

      it("never clusters empty documents, and copes with texts shorter than a shingle", function()
        local idx = dedup.lsh()
        idx:add(1, "")
        idx:add(2, "")
        idx:add(3, "  \n — ... \n")   -- no words
        idx:add(4, "word")
        idx:add(5, "Word!")
        idx:add(6, "two words")
        idx:add(7, "another")
        local cs = idx:clusters()
        assert.are.equal(1, #cs)
        assert.are.same({ 4, 5 }, cs[1].members)
        assert.are.equal(1, cs[1].edges[1].jaccard)
        assert.are.same({ 4, 5 }, pluck(idx:query("WORD"), "id"))
        assert.are.same({}, idx:query(""))
        assert.are.same({ 6 }, pluck(idx:query("Two, words."), "id"))
        assert.are.equal(0, idx:jaccard(1, 2))
        assert.are.equal(0, idx:jaccard(1, 4))
        -- an index of empty documents only, and an empty index
        local e = dedup.lsh()
        assert.are.same({}, e:clusters())
        e:add("a", ""); e:add("b", "")
        assert.are.same({}, e:clusters())
      end)

      it("computes the weakest pair of clusters of up to 200 members only", function()
        for _, n in ipairs { 200, 201 } do
          local idx = dedup.lsh()
          for i = 1, n do idx:add(i, LONG) end
          local c = idx:clusters()[1]
          assert.are.equal(n, c.size)
          assert.are.equal(n, #c.members)
          assert.are.equal(n - 1, #c.edges)
          if n == 200 then
            assert.are.equal(1, c.min_jaccard)
            assert.are.equal(2, #c.weakest)
            assert.is_false(c.chained)
          else
            assert.is_nil(c.min_jaccard)
            assert.is_nil(c.weakest)
            assert.is_nil(c.chained)
          end
        end
      end)

      it("indexes and clusters 100,000 tiny documents", function()
        local idx = dedup.lsh()
        for i = 1, 100000 do
          -- every 1000th is the same "doc 0 words"
          idx:add(i, "doc " .. (i % 1000 == 0 and 0 or i) .. " words")
        end
        assert.are.equal(100000, idx:count())
        local cs = idx:clusters()
        assert.is_true(#cs >= 1)
        local c = cs[1]
        assert.are.equal(100, c.size)
        assert.are.equal(1000, c.canonical)
        for k, id in ipairs(c.members) do assert.are.equal(1000 * k, id) end
        assert.are.equal(1, c.min_jaccard)
        local q = idx:query("doc 0 words")
        assert.are.equal(100, #q)
        assert.are.equal(1000, q[1].id)
        assert.are.equal(1, q[100].jaccard)
      end)

      it("never puts two different tiny documents in one cluster", function()
        local idx = dedup.lsh()
        local texts = {}
        for i = 1, 100000 do
          texts[i] = "doc " .. i .. " words"
          idx:add(i, texts[i])
        end
        do
          local cs = idx:clusters()
          local bad = {}
          for _, c in ipairs(cs) do bad[#bad + 1] = texts[c.members[1]] .. " ~ " .. texts[c.members[2]] end
          assert.are.same({}, bad)
        end
      end)
    end)

    describe("sketches", function()
      -- the clusters of an index as comparable data: members, canonical,
      -- edges, weakest pair
      local function shape(idx)
        local t = {}
        for k, c in ipairs(idx:clusters()) do
          t[k] = { members = c.members, canonical = c.canonical, edges = c.edges,
                   min_jaccard = c.min_jaccard, weakest = c.weakest, chained = c.chained }
        end
        return t
      end

      -- a sketch with its checksum made again, so that only what is
      -- changed is wrong
      local function resealed(s)
        local body = s:sub(1, -9)
        return body .. string.pack("<i8", dedup.hash(body))
      end

      local DOCS = {
        { "a", LONG, "2025-03-02" }, { "b", UNRELATED }, { "c", RETOUCHED, "2025-03-01" },
        { "d", EDITED }, { "e", "" }, { "f", "too short" }, { "g", LONG:upper(), "2025-03-01" },
      }

      it("adds a document as its text does: the same clusters, similarities and memory", function()
        for _, opts in ipairs { { threshold = 0.5 }, { threshold = 0.8, shingle = 3, perms = 64 } } do
          local by_text, by_sketch = dedup.lsh(opts), dedup.lsh(opts)
          for i, d in ipairs(DOCS) do
            assert.are.equal(i, by_text:add(d[1], d[2], d[3]))
            assert.are.equal(i, by_sketch:add_sketch(d[1], dedup.sketch(d[2], by_sketch:params()), d[3]))
          end
          assert.are.same(shape(by_text), shape(by_sketch))
          assert.is_true(#by_text:clusters() >= 1)
          for _, x in ipairs(DOCS) do
            for _, y in ipairs(DOCS) do
              assert.are.equal(by_text:jaccard(x[1], y[1]), by_sketch:jaccard(x[1], y[1]))
            end
          end
          assert.are.same(by_text:query(EDITED), by_sketch:query(EDITED))
          assert.are.equal(by_text:memory(), by_sketch:memory())
        end
      end)

      it("is 28 bytes and 8 a distinct shingle, the same for the same words", function()
        local s = dedup.sketch(LONG)
        assert.are.equal("paa-skch", s:sub(1, 8))
        assert.are.equal(28 + 8 * dedup.minhash(LONG):params().shingles, #s)
        assert.are.equal(s, dedup.sketch(LONG:upper()))
        assert.are.equal(28, #dedup.sketch(""))
        assert.are_not.equal(s, dedup.sketch(LONG, { shingle = 4 }))
        has("option 'shingle' must be an integer in 1..64", error_of(dedup.sketch, LONG, { shingle = 0 }))
        has("bad argument #1", error_of(dedup.sketch, {}))
      end)

      it("refuses bytes that are not a whole sketch of its shingle size: nil and why, nothing added", function()
        local idx = dedup.lsh()
        local s = dedup.sketch(LONG)
        local body = s:sub(21, -9)
        local bad = {
          { "", "not a sketch (empty)" },
          { "paa-sk", "truncated sketch (6 bytes)" },
          { "hello, world", "not a sketch (no 'paa-skch' magic)" },
          { s:sub(1, 20), "truncated sketch (20 bytes)" },
          { s:sub(1, -2), "damaged or truncated sketch (checksum mismatch)" },
          { s:sub(1, -9) .. "\0\0\0\0\0\0\0\0", "damaged or truncated sketch (checksum mismatch)" },
          { s:sub(1, 30) .. "x" .. s:sub(32), "damaged or truncated sketch (checksum mismatch)" },
          { resealed("paa-skch" .. string.pack("<I4", 2) .. s:sub(13)),
            "sketch of format version 2; this build reads version 1" },
          { dedup.sketch(LONG, { shingle = 3 }), "sketch of 3-token shingles; the index takes 5" },
          { resealed(s:sub(1, 16) .. string.pack("<I4", 1000) .. s:sub(21)), "corrupt sketch: " },
          { resealed(s:sub(1, 16) .. string.pack("<I4", 0) .. s:sub(21)), "corrupt sketch: " },
          { resealed(s:sub(1, -17) .. s:sub(-8)), "corrupt sketch: " },
          { resealed(s:sub(1, 20) .. body:sub(9, 16) .. body:sub(1, 8) .. body:sub(17) .. s:sub(-8)),
            "corrupt sketch: shingle 2 out of order" },
          { resealed(s:sub(1, 20) .. body:sub(1, 8) .. body:sub(1, 8) .. body:sub(17) .. s:sub(-8)),
            "corrupt sketch: shingle 2 out of order" },
        }
        for _, b in ipairs(bad) do
          local ok, err = idx:add_sketch("x", b[1])
          assert.is_nil(ok, b[2])
          has(b[2], err)
        end
        assert.are.equal(0, idx:count())
        assert.are.equal(1, idx:add_sketch("x", s))  -- the id was not taken
        assert.are.equal(1, idx:count())
      end)

      it("survives every truncation and every byte changed", function()
        local idx = dedup.lsh()
        local s = dedup.sketch("one two three four five six seven")
        for n = 0, #s - 1 do assert.is_nil((idx:add_sketch("t" .. n, s:sub(1, n)))) end
        for i = 1, #s do
          for _, c in ipairs { 0, 1, 0x7f, 0x80, 0xff } do
            local b = s:sub(1, i - 1) .. string.char(c) .. s:sub(i + 1)
            if b ~= s then
              assert.is_nil((idx:add_sketch("b", b)))
              -- sealed again: a changed header is refused; a changed hash may
              -- make another sketch
              local ok = idx:add_sketch(string.format("r%d.%d", i, c), resealed(b))
              if i <= 20 then assert.is_nil(ok) end
            end
          end
        end
      end)

      it("checks its id and date as add does", function()
        local idx = dedup.lsh()
        local s = dedup.sketch(LONG)
        idx:add("x", LONG)
        has("paa.dedup: id 'x' is already in the index", error_of(idx.add_sketch, idx, "x", s))
        has("bad argument #2", error_of(idx.add_sketch, idx, {}, s))
        has("bad argument #3", error_of(idx.add_sketch, idx, "y", nil))
        has("bad argument #4", error_of(idx.add_sketch, idx, "y", s, 20250301))
        idx:close()
        has("paa.dedup: attempt to use a closed LSH index", error_of(idx.add_sketch, idx, "y", s))
      end)
    end)

    describe("lifecycle", function()
      it("prints itself", function()
        local idx = dedup.lsh{ threshold = 0.5, bands = 32 }
        idx:add(1, "a"); idx:add(2, "b")
        assert.are.equal("paa.LSH (2 documents, threshold 0.5, 32 bands x 4 rows)", tostring(idx))
        assert.matches("^paa%.LSH %(0 documents, threshold 0%.8, %d+ bands x %d+ rows%)$", tostring(dedup.lsh()))
      end)

      it("raises 'closed' after close, which can be called twice", function()
        local idx = dedup.lsh()
        idx:add(1, LONG)
        idx:close()
        idx:close()
        assert.are.equal("paa.LSH (closed)", tostring(idx))
        for _, m in ipairs { "add", "query", "clusters", "params", "count", "memory", "jaccard" } do
          has("paa.dedup: attempt to use a closed LSH index", error_of(idx[m], idx, 1, LONG))
        end
      end)

      it("closes at the end of a <close> variable", function()
        local keep
        do
          local idx <close> = dedup.lsh()
          idx:add(1, "x")
          keep = idx
        end
        assert.are.equal("paa.LSH (closed)", tostring(keep))
      end)

      it("rejects a method called on something else", function()
        local idx = dedup.lsh()
        has("bad argument #1", error_of(idx.add, {}, 1, "x"))
        has("bad argument #1", error_of(idx.clusters, dedup.minhash("x")))
      end)
    end)
  end)

  ---------------------------------------------------------------------------
  describe("boilerplate", function()
    describe("learning", function()
      it("learns from an array of { text, source } tables", function()
        local bp = dedup.boilerplate(site())
        assert.are.same({ documents = 3, copies = 0, blocks = 7 }, bp:stats())
        assert.are.equal("paa.Boilerplate (3 documents, 7 blocks)", tostring(bp))
      end)

      it("learns from plain strings, as documents of one unnamed source", function()
        local strings = { P[1] .. "\n" .. FOOTER .. "\n", P[2] .. "\n" .. FOOTER .. "\n", P[3] }
        local bp = dedup.boilerplate(strings)
        assert.are.equal(3, bp:stats().documents)
        local b = block(bp, FOOTER)
        assert.is_table(b)
        assert.are.equal("source", b.rule)
        assert.are.equal("", b.source)
        assert.are.same({ "source|" .. FOOTER }, removed(bp, strings[1], ""))
        assert.are.same({ "source|" .. FOOTER }, removed(bp, P[8] .. "\n" .. FOOTER))
      end)

      it("learns from a corpus, warning once about its bad files", function()
        local dir = site_corpus(h.tmpdir())
        h.write(dir .. "/eastgate/broken.txt", "bin\0ary")
        local warnings = {}
        local c = assert(corpus.open(dir, { warn = function(m) warnings[#warnings + 1] = m end }))
        local bp = dedup.boilerplate(c)
        assert.are.equal(1, #warnings)
        assert.matches("broken.txt: binary file", warnings[1])
        for _ in c:docs{ clean = true } do end  -- the model is learnt: this walk tells again
        assert.are.equal(2, #warnings)
        assert.are.same(dedup.boilerplate(site()):blocks(), bp:blocks())
        assert.are.same({ documents = 3, copies = 0, blocks = 7 }, bp:stats())
      end)

      it("learns from an iterator function, and from anything with a docs method", function()
        local docs, i = site(), 0
        local bp = dedup.boilerplate(function()
          i = i + 1
          return docs[i]
        end)
        assert.are.equal(4, i)  -- called until nil, once more not
        assert.are.same(dedup.boilerplate(site()):blocks(), bp:blocks())
        local fake = { docs = function(_, opts)
          assert.is_nil(opts)
          local k = 0
          return function() k = k + 1; return docs[k] end
        end }
        assert.are.same(bp:blocks(), dedup.boilerplate(fake):blocks())
      end)

      it("learns nothing from nothing", function()
        local bp = dedup.boilerplate{}
        assert.are.same({ documents = 0, copies = 0, blocks = 0 }, bp:stats())
        assert.are.same({}, bp:blocks())
        -- rules 1-4 still hold: they read the document alone
        assert.are.same({ "known|Leave a Reply", "repeat|" .. PROMO, "repeat|" .. PROMO },
                        removed(bp, P[1] .. "\nLeave a Reply\n" .. PROMO .. "\n" .. P[2] .. "\n" .. PROMO))
      end)

      it("raises for bad documents and bad options", function()
        has("bad argument #1", error_of(dedup.boilerplate, "text"))
        has("bad argument #1", error_of(dedup.boilerplate))
        has("document 2 is a number", error_of(dedup.boilerplate, { "a", 5 }))
        has("document 1 has no text", error_of(dedup.boilerplate, { { source = "s" } }))
        has("bad argument #2", error_of(dedup.boilerplate, {}, "opts"))
        for name, bad in pairs { min_docs = 1, min_repeats = 1, short_words = 0, list_lines = 1,
                                 template_words = 1 } do
          has("option '" .. name .. "' must be an integer", error_of(dedup.boilerplate, {}, { [name] = bad }))
        end
        has("option 'min_docs'", error_of(dedup.boilerplate, {}, { min_docs = 2.5 }))
        for _, v in ipairs { 0, 1.5, -0.5, "half" } do
          assert.has_error(function() dedup.boilerplate({}, { copy_share = v }) end)
        end
        has("array of strings as 'phrases'", error_of(dedup.boilerplate, {}, { phrases = "leave" }))
        has("phrase 2 is not a string", error_of(dedup.boilerplate, {}, { phrases = { "a", 7 } }))
        assert.are.equal(0, dedup.boilerplate({}, { copy_share = 1, min_docs = 3 }):stats().blocks)
      end)

      it("names the option in the error for a bad copy_share", function()
        do
          has("option 'copy_share'", error_of(dedup.boilerplate, {}, { copy_share = 0 }))
        end
      end)
    end)

    describe("rules", function()
      local bp, docs
      before_each(function()
        docs = site()
        bp = dedup.boilerplate(docs)
      end)

      it("removes a line repeated within one document (repeat)", function()
        assert.are.same({ "repeat|" .. PROMO, "repeat|" .. PROMO, "source|" .. FOOTER },
                        removed(bp, docs[2]))
        -- in any text, learnt or not: the rule reads the document alone
        assert.are.same({ "repeat|Read our ferry timetable", "repeat|read our ferry timetable!" },
                        removed(bp, "Read our ferry timetable\n" .. P[8] .. "\nread our ferry timetable!\n"))
      end)

      it("removes a run of three or more short lines (list), but not two", function()
        assert.are.same({ "list|Our partners", "list|Acme Logo", "list|Globex Logo",
                          "list|Initech Logo", "known|Leave a Reply" }, removed(bp, docs[3]))
        assert.are.same({}, removed(bp, P[1] .. "\nAcme Logo\nGlobex Logo\n" .. P[2]))
        -- a short line with a number is data and breaks a run
        assert.are.same({}, removed(bp, P[1] .. "\nAcme Logo\nRound 3\nGlobex Logo\n" .. P[2]))
      end)

      it("removes a line opening with a known phrase (known), wherever it is", function()
        assert.are.same({ "known|Leave a Reply" }, removed(bp, P[1] .. "\n\nLeave a Reply\n\n" .. P[2]))
        assert.are.same({ "known|LEAVE A REPLY:" }, removed(bp, "LEAVE A REPLY:\n" .. P[2], "elsewhere"))
        assert.are.same({ "known|Your email address will not be published. Required fields are marked *" },
                        removed(bp, P[3] .. "\nYour email address will not be published. Required fields are marked *\n"))
        -- inside a line of prose it is not an opening
        assert.are.same({}, removed(bp, "She did not leave a reply to the letter.\n" .. P[1]))
      end)

      it("removes one-sentence lines opening alike (template), never the first line", function()
        local ad1 = "Try the Harbour Bank mobile app today for quick transfers abroad."
        local ad2 = "Try the Harbour Bank mobile app today for savings goals."
        assert.are.same({ "template|" .. ad1, "template|" .. ad2 },
                        removed(bp, P[1] .. "\n" .. ad1 .. "\n" .. P[2] .. "\n" .. ad2 .. "\n" .. P[3]))
        -- the first line (a headline) is not flagged
        assert.are.same({ "template|" .. ad2 }, removed(bp, ad1 .. "\n" .. P[2] .. "\n" .. ad2))
        -- paragraphs of several sentences that open alike are prose
        local p1 = "The harbour authority approved a plan on Tuesday. It will cost a lot."
        local p2 = "The harbour authority approved a plan on Friday. Nobody objected to it."
        assert.are.same({}, removed(bp, P[3] .. "\n" .. p1 .. "\n" .. p2))
      end)

      it("removes a footer in several documents of one source (source)", function()
        assert.are.same({ "source|" .. FOOTER }, removed(bp, docs[1]))
        local b = block(bp, FOOTER)
        assert.are.same({ text = FOOTER, source = "northwind", rule = "source", documents = 2,
                          occurrences = 2, fingerprint = dedup.fingerprint(FOOTER) }, b)
        -- a new page of that source; any source when none is given; not another source
        assert.are.same({ "source|" .. FOOTER }, removed(bp, P[8] .. "\n" .. FOOTER, "northwind"))
        assert.are.same({ "source|" .. FOOTER }, removed(bp, P[8] .. "\n" .. FOOTER, nil))
        assert.are.same({}, removed(bp, P[8] .. "\n" .. FOOTER, "eastgate"))
        assert.are.same({}, removed(bp, P[8] .. "\n" .. FOOTER, "unknown"))
      end)

      it("does not remove a footer shared by documents of different sources", function()
        local mixed = {
          { source = "a", text = P[1] .. "\n\n" .. FOOTER .. "\n" },
          { source = "b", text = P[2] .. "\n\n" .. FOOTER .. "\n" },
          { source = "c", text = P[3] .. "\n\n" .. FOOTER .. "\n" },
        }
        local m = dedup.boilerplate(mixed)
        for _, d in ipairs(mixed) do assert.are.same({}, removed(m, d)) end
        assert.are.same({}, removed(m, P[4] .. "\n" .. FOOTER))
        assert.is_nil(block(m, FOOTER))
      end)

      it("removes a short line found in documents of several sources (short)", function()
        local credit = "Photo: Harbour Archive"
        local m = dedup.boilerplate{
          { source = "a", text = P[1] .. "\n" .. credit .. "\n" .. P[2] },
          { source = "b", text = P[3] .. "\n" .. credit .. "\n" .. P[4] },
          { source = "c", text = P[5] },
        }
        assert.are.same({ "short|" .. credit }, removed(m, P[6] .. "\n" .. credit, "c"))
        local b = block(m, credit)
        assert.are.equal("short", b.rule)
        assert.are.equal("", b.source)
        assert.are.equal(2, b.documents)
      end)

      it("needs min_docs documents for source", function()
        local m = dedup.boilerplate(docs, { min_docs = 3 })
        assert.are.same({}, removed(m, docs[1]))
        assert.is_nil(block(m, FOOTER))
      end)

      it("never flags the prose of two identical articles in one source (copy guard)", function()
        local article = table.concat({ P[1], P[2], P[3], FOOTER }, "\n\n")
        local m = dedup.boilerplate{
          { source = "s", text = article },
          { source = "s", text = article },
          { source = "s", text = P[4] .. "\n\n" .. P[5] },
        }
        assert.are.equal(2, m:stats().copies)
        assert.are.same({}, removed(m, article, "s"))
        assert.are.same({}, m:blocks())
        -- a third page with the footer is a witness of its own: with the
        -- copies counting once, the footer needs another page to be flagged
        local m2 = dedup.boilerplate{
          { source = "s", text = article },
          { source = "s", text = article },
          { source = "s", text = P[4] .. "\n\n" .. P[5] .. "\n\n" .. FOOTER },
          { source = "s", text = P[6] .. "\n\n" .. P[7] .. "\n\n" .. FOOTER },
        }
        assert.are.same({ "source|" .. FOOTER }, removed(m2, article, "s"))
      end)

      it("never removes a prose paragraph", function()
        for _, d in ipairs(docs) do
          local cleaned = bp:clean(d.text, d.source)
          for _, p in ipairs(P) do
            assert.are.equal(occurrences(d.text, p), occurrences(cleaned, p), p)
          end
        end
        -- prose alone, under every source
        local all = table.concat(P, "\n\n")
        for _, s in ipairs { "northwind", "eastgate", "other" } do
          assert.are.same({}, removed(bp, all, s))
        end
        assert.are.same({}, removed(bp, all))
      end)

      it("lets 'phrases' replace the known phrases", function()
        local page = P[1] .. "\n\nLeave a Reply\n\n" .. P[2] .. "\n\nJoin the discussion below\n\n" .. P[3]
        local m = dedup.boilerplate({}, { phrases = { "join the discussion" } })
        assert.are.same({ "known|Join the discussion below" }, removed(m, page))
        m = dedup.boilerplate({}, { phrases = {} })
        assert.are.same({}, removed(m, page))
        local extended = dedup.phrases()
        extended[#extended + 1] = "Join the discussion"
        m = dedup.boilerplate({}, { phrases = extended })
        assert.are.same({ "known|Leave a Reply", "known|Join the discussion below" }, removed(m, page))
      end)

      it("dedup.phrases() gives the default phrases, a fresh table each time", function()
        local p = dedup.phrases()
        assert.is_true(#p >= 10)
        local set = {}
        for _, s in ipairs(p) do
          assert.is_string(s)
          set[s] = true
        end
        for _, s in ipairs { "leave a reply", "advertisement", "related articles",
                             "your email address will not be published" } do
          assert.is_true(set[s], s)
        end
        p[1] = "changed"
        assert.are_not.equal("changed", dedup.phrases()[1])
        assert.are.same(dedup.phrases(), dedup.phrases())
      end)
    end)

    describe("clean", function()
      it("gives 1-based inclusive spans on the original text and keeps the other lines", function()
        local bp = dedup.boilerplate(site())
        local page = P[1] .. "\n\n   Leave a Reply  \n" .. P[2] .. "\r\n" .. PROMO .. "\n" .. P[3]
                     .. "\n" .. PROMO
        local cleaned, spans = bp:clean(page, "eastgate")
        assert.are.equal(3, #spans)
        for _, s in ipairs(spans) do
          assert.are.equal("integer", math.type(s.start))
          assert.are.equal(s.text, page:sub(s.start, s.stop))
          assert.are.equal(dedup.fingerprint(s.text), s.fingerprint)
        end
        assert.are.same({ "known", "repeat", "repeat" }, pluck(spans, "rule"))
        -- trimmed: no indentation, no trailing spaces, no line end
        assert.are.equal("Leave a Reply", spans[1].text)
        assert.are.equal(#P[1] + 6, spans[1].start)
        assert.are.equal(PROMO, spans[3].text)
        assert.are.equal(#page, spans[3].stop)
        -- the removed lines go with their indentation and line end
        assert.are.equal(P[1] .. "\n\n" .. P[2] .. "\r\n" .. P[3] .. "\n", cleaned)
      end)

      it("returns the text unchanged with no spans when nothing is boilerplate", function()
        local bp = dedup.boilerplate(site())
        for _, t in ipairs { "", "\n\n", P[1], P[1] .. "\n" .. P[2] .. "\n" } do
          local cleaned, spans = bp:clean(t)
          assert.are.equal(t, cleaned)
          assert.are.same({}, spans)
        end
      end)

      it("cleans a text made only of boilerplate to nothing", function()
        local bp = dedup.boilerplate{}
        assert.are.equal("", (bp:clean("Leave a Reply\nAdvertisement\n")))
      end)

      it("raises without a text", function()
        local bp = dedup.boilerplate{}
        has("bad argument #1", error_of(function() bp:clean() end))
      end)
    end)

    describe("blocks", function()
      it("lists each flagged line once, with rule, source, documents and occurrences", function()
        local bp = dedup.boilerplate(site())
        local blocks = bp:blocks()
        assert.are.equal(7, #blocks)
        local seen = {}
        for _, b in ipairs(blocks) do
          local key = b.rule .. "|" .. b.source .. "|" .. b.text
          assert.is_nil(seen[key], key)
          seen[key] = true
          assert.are.equal(dedup.fingerprint(b.text), b.fingerprint)
          assert.is_true(b.documents >= 1 and b.occurrences >= b.documents)
        end
        assert.are.same({ text = PROMO, source = "northwind", rule = "repeat", documents = 1,
                          occurrences = 2, fingerprint = dedup.fingerprint(PROMO) }, block(bp, PROMO))
        assert.are.same({ text = "Leave a Reply", source = "", rule = "known", documents = 1,
                          occurrences = 1, fingerprint = dedup.fingerprint("Leave a Reply") },
                        block(bp, "Leave a Reply"))
        assert.are.equal("eastgate", block(bp, "Acme Logo").source)
        assert.are.equal("list", block(bp, "Acme Logo").rule)
        -- most documents first
        assert.are.equal(FOOTER, blocks[1].text)
        for k = 2, #blocks do assert.is_true(blocks[k - 1].documents >= blocks[k].documents) end
      end)

      it("counts a line repeated in many documents once, under its first rule", function()
        local docs = {}
        for k = 1, 4 do
          docs[k] = { source = "s", text = P[k] .. "\n" .. PROMO .. "\n" .. P[k + 4] .. "\n" .. PROMO }
        end
        local bp = dedup.boilerplate(docs)
        local b = block(bp, PROMO)
        assert.are.equal("repeat", b.rule)
        assert.are.equal(4, b.documents)
        assert.are.equal(8, b.occurrences)
        local n = 0
        for _, x in ipairs(bp:blocks()) do if x.fingerprint == b.fingerprint then n = n + 1 end end
        assert.are.equal(1, n)
      end)

      it("is the same on every run (no hash-order leaks)", function()
        assert.are.same(dedup.boilerplate(site()):blocks(), dedup.boilerplate(site()):blocks())
      end)
    end)

    describe("lifecycle", function()
      it("raises 'closed' after close, which can be called twice", function()
        local bp = dedup.boilerplate(site())
        bp:close()
        bp:close()
        assert.are.equal("paa.Boilerplate (closed)", tostring(bp))
        for _, m in ipairs { "clean", "blocks", "stats" } do
          has("paa.dedup: attempt to use a closed boilerplate model", error_of(bp[m], bp, "x"))
        end
      end)

      it("closes at the end of a <close> variable", function()
        local keep
        do
          local bp <close> = dedup.boilerplate{}
          keep = bp
        end
        assert.are.equal("paa.Boilerplate (closed)", tostring(keep))
      end)
    end)
  end)
end)

---------------------------------------------------------------------------
describe("corpus:docs{ clean = true }", function()
  after_each(h.cleanup)

  it("gives texts without their boilerplate lines, the spans, and counts again", function()
    local dir = site_corpus(h.tmpdir())
    local c = assert(corpus.open(dir))
    local raw = {}
    for d in c:docs() do
      raw[d.id] = d
      assert.is_nil(d.boilerplate)
    end
    local n = 0
    for d in c:docs{ clean = true } do
      n = n + 1
      local r = raw[d.id]
      assert.is_table(d.boilerplate, d.id)
      assert.is_true(#d.boilerplate > 0, d.id)
      for _, s in ipairs(d.boilerplate) do
        assert.are.equal(s.text, r.text:sub(s.start, s.stop))
        assert.is_nil(d.text:find(s.text, 1, true), s.text)
      end
      for _, p in ipairs(P) do assert.are.equal(occurrences(r.text, p), occurrences(d.text, p)) end
      assert.are.equal(#d.text, d.bytes)
      assert.are.equal(text.count(d.text), d.words)
      assert.is_true(d.words < r.words)
      assert.is_true(d.bytes < r.bytes)
    end
    assert.are.equal(3, n)
    -- the model is the corpus's own, learnt once
    local bp = c:boilerplate()
    assert.are.equal(bp, c:boilerplate())
    assert.are.same(dedup.boilerplate(site()):blocks(), bp:blocks())
  end)

  it("removes exactly the lines of the model", function()
    local dir = site_corpus(h.tmpdir())
    local docs = h.read(dir)
    local c = assert(corpus.open(dir))
    local k = 0
    for d in c:docs{ clean = true } do
      k = k + 1
      assert.are.equal(docs[k].id, d.id)
      local cleaned, spans = c:boilerplate():clean(docs[k].text, docs[k].source)
      assert.are.equal(cleaned, d.text)
      assert.are.same(spans, d.boilerplate)
    end
  end)

  it("takes the model's options", function()
    local dir = site_corpus(h.tmpdir())
    local c = assert(corpus.open(dir))
    for d in c:docs{ clean = true, boilerplate = { min_docs = 3 } } do
      if d.source == "northwind" then
        assert.truthy(d.text:find(FOOTER, 1, true), d.id)  -- in 2 documents only
      end
    end
    local c2 = assert(corpus.open(dir))
    local bp = c2:boilerplate{ phrases = {} }
    for d in c2:docs{ clean = true } do
      for _, s in ipairs(d.boilerplate) do assert.are_not.equal("known", s.rule) end
    end
    assert.are.equal(bp, c2:boilerplate())
  end)

  it("leaves texts alone without clean", function()
    local dir = site_corpus(h.tmpdir())
    local c = assert(corpus.open(dir))
    for d in c:docs{ clean = false } do
      assert.is_nil(d.boilerplate)
      assert.truthy(d.text:find(FOOTER, 1, true) or d.text:find("Leave a Reply", 1, true))
    end
  end)

  it("warns once about a skipped file though the corpus is walked twice", function()
    local dir = site_corpus(h.tmpdir())
    h.write(dir .. "/northwind/broken.txt", "half\0binary")
    h.write(dir .. "/eastgate/empty.txt", "")
    local warnings = {}
    local c = assert(corpus.open(dir, { warn = function(m) warnings[#warnings + 1] = m end }))
    local n = 0
    for _ in c:docs{ clean = true } do n = n + 1 end
    assert.are.equal(3, n)
    table.sort(warnings)
    assert.are.equal(2, #warnings)
    assert.matches("/eastgate/empty%.txt: empty file; skipped$", warnings[1])
    assert.matches("/northwind/broken%.txt: binary file .*; skipped$", warnings[2])
    assert.are.equal(2, #c:skipped())
  end)

  it("warns once on stderr in a script, which then exits with status 4", function()
    local dir = site_corpus(h.tmpdir())
    h.write(dir .. "/northwind/broken.txt", "half\0binary")
    h.write(dir .. "/eastgate/empty.txt", "")
    local script = h.write(h.tmpdir() .. "/clean.lua", [[
      local corpus = require "paa.corpus"
      local c = assert(corpus.open(arg[1]))
      local n, removed = 0, 0
      for d in c:docs{ clean = true } do
        n = n + 1
        removed = removed + #d.boilerplate
      end
      print(n, removed)
    ]])
    local out, err, status = h.run { script, dir }
    assert.are.equal(4, status, err)
    assert.are.equal("3\t9\n", out)
    assert.are.equal(1, occurrences(err, "broken.txt"), err)
    assert.are.equal(1, occurrences(err, "empty.txt"), err)
    assert.matches("paa: [^\n]*/northwind/broken%.txt: binary file [^\n]*; skipped\n", err)
    assert.matches("paa: [^\n]*/eastgate/empty%.txt: empty file; skipped\n", err)
    assert.matches("paa: 2 inputs skipped", err)
  end)

  it("names a skipped file when the corpus is only learnt from", function()
    local dir = site_corpus(h.tmpdir())
    h.write(dir .. "/northwind/broken.txt", "half\0binary")
    local script = h.write(h.tmpdir() .. "/learn.lua", [[
      local c = assert(require("paa.corpus").open(arg[1]))
      print(c:boilerplate():stats().documents)
    ]])
    local out, err, status = h.run { script, dir }
    assert.are.equal("3\n", out)
    assert.are.equal(4, status, err)
    assert.matches("paa: 1 input skipped", err)
    do
      assert.matches("broken%.txt: binary file", err)
    end
  end)

  it("exits 0 in a script when nothing is skipped", function()
    local dir = site_corpus(h.tmpdir())
    local script = h.write(h.tmpdir() .. "/clean.lua", [[
      local c = assert(require("paa.corpus").open(arg[1]))
      local bp = require("paa.dedup").boilerplate(c)
      for d in c:docs{ clean = true } do io.write(d.id, " ", #d.boilerplate, "\n") end
      print(bp:stats().blocks)
    ]])
    local out, err, status = h.run { script, dir }
    assert.are.equal(0, status, err)
    assert.are.equal("", err)
    assert.are.equal("eastgate/page3.txt 5\nnorthwind/page1.txt 1\nnorthwind/page2.txt 3\n7\n", out)
  end)
end)
