-- paa.words and paa.stats against an independent computation: the BBC
-- stories' words, taken from paa.text.words (with the runs n-grams stop
-- at), are counted again in Python, which also computes keyness (chi²
-- and G² as quanteda's textstat_keyness, the log ratio), collocations
-- (PMI, log-likelihood) and tf-idf from its own counts. Every frequency
-- and document frequency must be the same, every statistic equal to 1e-9.
local h = require "helpers"
local cjson = require "cjson"
local paa = require "paa"
local text = require "paa.text"
local words = require "paa.words"

local BBC = os.getenv("PAA_BBC") or "../shared/corpus/bbc"
local HAVE = h.exists(BBC .. "/business")
local test = HAVE and it or pending

local PYTHON = [==[
import json, math, sys
from collections import Counter, defaultdict
data = json.load(open(sys.argv[1], encoding="utf-8"))
# stopwords are folded as terms are: a final "'s" dropped ("let's" stops "let")
stop = set(w[:-2] if len(w) > 2 and w.endswith("'s") else w for w in data["stopwords"])
uni = defaultdict(Counter); udf = defaultdict(Counter); bi = defaultdict(Counter)
for d in data["docs"]:
    g = d["group"]; seen = set()
    for run in d["runs"]:
        for w in run:
            if w not in stop:
                uni[g][w] += 1; seen.add(w)
        for a, b in zip(run, run[1:]):
            bi[g][a + " " + b] += 1
    for w in seen: udf[g][w] += 1
out = {"freq": [[g, w, c, udf[g][w]] for g in uni for w, c in uni[g].items()]}
# keyness of the target against all other groups (quanteda's formulas)
target = data["target"]
fa = uni[target]; fb = Counter()
for g in uni:
    if g != target: fb.update(uni[g])
ta = sum(fa.values()); tb = sum(fb.values())
def keyness(a, b):
    c = ta - a; d = tb - b; n = a + b + c + d
    e11 = (a + b) * (a + c) / n; e12 = (a + b) * (b + d) / n
    e21 = (a + c) * (c + d) / n; e22 = (c + d) * (b + d) / n
    sign = 1 if a > e11 else -1
    small = min(e11, e12, e21, e22) < 5
    cross = a * d - b * c
    den = (a + b) * (c + d) * (a + c) * (b + d)
    if small and abs(cross) >= n / 2:
        chi2 = n * (abs(cross) - n / 2) ** 2 / den * sign
    else:
        chi2 = n * abs(cross) ** 2 / den * sign
    if small and abs(cross) > n / 2:
        k = 0.5 if cross > 0 else -0.5
        a, d, b, c = a - k, d - k, b + k, c + k
    eps = 1e-9
    g2 = 2 * (a * math.log(a / e11 + eps) + b * math.log(b / e12 + eps)
              + c * math.log(c / e21 + eps) + d * math.log(d / e22 + eps)) * sign
    return chi2, g2
rows = []
for w in set(fa) | set(fb):
    a = fa.get(w, 0); b = fb.get(w, 0)
    chi2, g2 = keyness(a, b)
    ra = (a if a > 0 else 0.5) / ta; rb = (b if b > 0 else 0.5) / tb
    rows.append([w, a, b, chi2, g2, math.log2(ra / rb)])
out["keyness"] = rows
# collocations over every group's bigrams
allbi = Counter()
for g in bi: allbi.update(bi[g])
n = sum(allbi.values()); r1 = Counter(); c1 = Counter()
for p, c in allbi.items():
    a, b = p.split(" "); r1[a] += c; c1[b] += c
def oln(o, e): return o * math.log(o / e) if o > 0 else 0.0
col = []
for p, o in allbi.items():
    if o < 5: continue
    a, b = p.split(" "); r = r1[a]; c = c1[b]
    e = [r * c / n, r * (n - c) / n, (n - r) * c / n, (n - r) * (n - c) / n]
    obs = [o, r - o, c - o, n - r - c + o]
    ll = 2 * sum(oln(x, y) for x, y in zip(obs, e))
    if o < e[0]: ll = -ll
    col.append([p, o, r, c, math.log2(o / e[0]), ll])
out["collocations"] = col; out["bigrams"] = n
# tf-idf, the groups as documents
gdf = Counter()
for g in uni:
    for w in uni[g]: gdf[w] += 1
out["tfidf"] = [[g, w, c * math.log10(len(uni) / gdf[w])] for g in uni for w, c in uni[g].items()]
json.dump(out, open(sys.argv[2], "w", encoding="utf-8"))
]==]

-- |x - y| within 1e-9 of the larger magnitude (1e-9 absolute below 1)
local function close(x, y)
  return math.abs(x - y) <= 1e-9 * math.max(1, math.abs(x), math.abs(y))
end

describe("paa.words on BBC against Python", function()
  after_each(h.cleanup)

  test("gives the same frequencies, document frequencies, keyness, collocations and tf-idf", function()
    local corpus = assert(paa.open(BBC, { warn = false }))
    local stop = assert(words.stopwords("en"))
    local ctr = assert(words.count(corpus, { by = "source", stopwords = "en" }))
    local bi = assert(words.count(corpus, { by = "source", n = 2, stopwords = false }))
    -- the same texts (the corpus keeps its boilerplate model), as runs of words
    local docs = {}
    for doc in corpus:docs{ clean = true, warn = false } do
      docs[#docs + 1] = { group = doc.source, runs = text.words(doc.text, { runs = true }) }
    end
    local dir = h.tmpdir()
    local f = assert(io.open(dir .. "/in.json", "w"))
    f:write(cjson.encode({ docs = docs, stopwords = stop, target = "business" }))
    f:close()
    local py = assert(io.open(dir .. "/ref.py", "w"))
    py:write(PYTHON)
    py:close()
    local _, err, status = h.sh("python3 " .. h.q(dir .. "/ref.py") .. " " .. h.q(dir .. "/in.json") .. " " .. h.q(dir .. "/out.json"))
    assert.are.equal(0, status, err)
    local ref = cjson.decode(h.slurp(dir .. "/out.json"))
    assert.are.equal(0, ctr:info().error)

    -- every (word, group) cell: frequency and document frequency
    local cells = {}
    for _, r in ipairs(ctr:cells()) do cells[r.group .. "\0" .. r.term] = r end
    assert.are.equal(#ref.freq, #ctr:cells())
    for _, r in ipairs(ref.freq) do
      local c = cells[r[1] .. "\0" .. r[2]]
      assert(c and c.freq == r[3] and c.docs == r[4], "freq/docs of " .. r[2] .. " in " .. r[1])
    end

    -- the top of each group is the head of its whole sorted list
    for _, top in ipairs{ 1, 7, 50 } do
      local want, run, last = {}, 0, nil
      for _, r in ipairs(ctr:cells()) do
        if r.group ~= last then run, last = 0, r.group end
        run = run + 1
        if run <= top then want[#want + 1] = r end
      end
      assert.are.same(want, ctr:cells{ top = top })
    end

    -- keyness of business against the rest: every word
    local rows = assert(words.keyness(ctr, "business"))
    assert.are.equal(#ref.keyness, #rows)
    local by_term = {}
    for _, r in ipairs(rows) do by_term[r.term] = r end
    for _, r in ipairs(ref.keyness) do
      local k = by_term[r[1]]
      assert(k and k.target == r[2] and k.reference == r[3], "counts of " .. r[1])
      assert(close(k.chi2, r[4]), string.format("chi2 of %s: %.17g vs %.17g", r[1], k.chi2, r[4]))
      assert(close(k.g2, r[5]), string.format("G2 of %s: %.17g vs %.17g", r[1], k.g2, r[5]))
      assert(close(k.log_ratio, r[6]), "log ratio of " .. r[1])
    end

    -- collocations of all groups together, pairs seen 5 times or more
    local col, info = words.collocations(bi, { min = 5 })
    assert.are.equal(ref.bigrams, info.bigrams)
    assert.are.equal(#ref.collocations, #col)
    local pairs_of = {}
    for _, r in ipairs(col) do pairs_of[r.term] = r end
    for _, r in ipairs(ref.collocations) do
      local c = pairs_of[r[1]]
      assert(c and c.freq == r[2] and c.first_freq == r[3] and c.second_freq == r[4], "counts of " .. r[1])
      assert(close(c.pmi, r[5]), string.format("PMI of %s: %.17g vs %.17g", r[1], c.pmi, r[5]))
      assert(close(c.ll, r[6]), string.format("LL of %s: %.17g vs %.17g", r[1], c.ll, r[6]))
    end

    -- tf-idf of every (word, group)
    local tf = {}
    for _, r in ipairs(words.tfidf(ctr)) do tf[r.group .. "\0" .. r.term] = r.tfidf end
    assert.are.equal(#ref.tfidf, #words.tfidf(ctr))
    for _, r in ipairs(ref.tfidf) do
      assert(close(tf[r[1] .. "\0" .. r[2]], r[3]), "tf-idf of " .. r[2] .. " in " .. r[1])
    end
  end)
end)

describe("paa.words counting", function()
  it("folds terms as lexicons and search do, and stops n-grams at punctuation and blank lines", function()
    local ctr = words.counter{ n = 2 }
    ctr:add("OpenAI’s chief said: OpenAI's chief\n\nexecutive left. Chief executive")
    local got = {}
    for _, r in ipairs(ctr:cells()) do got[#got + 1] = r.term .. "=" .. r.freq end
    assert.are.same({ "openai chief=2", "chief executive=1", "chief said=1", "executive left=1" }, got)
  end)

  it("leaves out stopwords, and n-grams that begin or end with one", function()
    local ctr = words.counter{ n = 3, stopwords = { "the", "of" } }
    ctr:add("the bank of england raised the rate of interest")
    local got = {}
    for _, r in ipairs(ctr:cells()) do got[#got + 1] = r.term end
    assert.are.same({ "bank of england", "raised the rate", "rate of interest" }, got)
  end)

  it("counts some groups apart and the rest together (or not at all), as keyness asks", function()
    local corpus = assert(paa.open("corpus", { warn = false }))
    local all = assert(words.count(corpus, { clean = false }))
    local some = assert(words.count(corpus, { clean = false, groups = { "CloudBeat", "nosuch" }, rest = true }))
    local only = assert(words.count(corpus, { clean = false, groups = { "CloudBeat" } }))
    local names = {}
    for _, g in ipairs(some:groups()) do names[#names + 1] = g.name end
    assert.are.same({ words.REST, "CloudBeat" }, names)
    assert.are.same(all:cells{ group = "CloudBeat" }, some:cells{ group = "CloudBeat" })
    assert.are.same(all:cells{ group = "CloudBeat" }, only:cells())
    local others = {}
    for _, g in ipairs(all:groups()) do
      if g.name ~= "CloudBeat" then others[#others + 1] = g.name end
    end
    assert.are.same(all:totals(others), some:totals{ words.REST })
    -- keyness against the rest is the same from either counter
    assert.are.same({ words.keyness(all, "CloudBeat") }, { words.keyness(some, "CloudBeat") })
    assert.are.same({ "CloudBeat", "MarketPulse", "Silicon Post", "TechWire Daily", "The Ledger" },
                    words.group_names(corpus))
  end)

  it("counts document frequency once per document, per group", function()
    local ctr = words.counter()
    ctr:add("deal deal deal", "a"); ctr:add("deal", "a"); ctr:add("deal", "b")
    local got = {}
    for _, r in ipairs(ctr:cells()) do got[#got + 1] = { r.group, r.freq, r.docs } end
    assert.are.same({ { "a", 4, 2 }, { "b", 1, 1 } }, got)
    assert.are.same({ name = "a", docs = 2, words = 4, tokens = 4 }, ctr:groups()[1])
  end)

  it("clears to count one text after another, as a new counter would, stopwords kept", function()
    local ctr = words.counter{ n = 2, stopwords = { "the" } }
    ctr:add("the first text of the day", "a"):add("first text", "b")
    ctr:clear():add("the second text of the day, the end")
    local fresh = words.counter{ n = 2, stopwords = { "the" } }
    fresh:add("the second text of the day, the end")
    assert.are.same(fresh:cells(), ctr:cells())
    assert.are.same(fresh:groups(), ctr:groups())
  end)

  it("lists groups and cells by name, whatever order the texts came in (as workers split them)", function()
    local a, b = words.counter(), words.counter()
    a:add("zeta deal", "Zed"); a:add("alpha deal", "Alpha")
    b:add("alpha deal", "Alpha"); b:add("zeta deal", "Zed")
    assert.are.same(b:cells(), a:cells())
    assert.are.same(b:groups(), a:groups())
    assert.are.same({ "Alpha", "Zed" }, { a:groups()[1].name, a:groups()[2].name })
    assert.are.same({ "Alpha", "Zed" }, { words.tfidf(a)[1].group, words.tfidf(a)[3].group })
  end)

  it("keeps memory to its cap: counts then short by at most the error it reports", function()
    local exact, small = words.counter(), words.counter{ cap = 500 }
    local corpus = assert(paa.open("corpus", { warn = false }))
    for doc in corpus:docs() do exact:add(doc.text, doc.source); small:add(doc.text, doc.source) end
    local err = small:info().error
    assert.is_true(err > 0)
    assert.is_true(small:info().cells <= 500)
    local want = {}
    for _, r in ipairs(exact:cells()) do want[r.group .. "\0" .. r.term] = r.freq end
    for _, r in ipairs(small:cells()) do
      local e = want[r.group .. "\0" .. r.term]
      assert(r.freq <= e and r.freq >= e - err, r.term)
    end
    -- the groups' totals stay exact
    assert.are.same(exact:groups(), small:groups())
  end)

  it("dumps, loads and merges: two halves merged are the whole", function()
    local whole, a, b = words.counter{ n = 2 }, words.counter{ n = 2 }, words.counter{ n = 2 }
    local corpus = assert(paa.open("corpus", { warn = false }))
    for doc in corpus:docs() do
      whole:add(doc.text, doc.source)
      if doc.index % 2 == 0 then a:add(doc.text, doc.source) else b:add(doc.text, doc.source) end
    end
    local merged = assert(words.load(a:dump())):merge(assert(words.load(b:dump())))
    assert.are.same(whole:cells(), merged:cells())
    local nb = merged:groups()
    table.sort(nb, function(x, y) return x.name < y.name end)
    local wg = whole:groups()
    table.sort(wg, function(x, y) return x.name < y.name end)
    assert.are.same(wg, nb)
    assert.are.same({ nil, "paa.words: a truncated or damaged paa counts dump" },
                    { words.load(a:dump():sub(1, -2)) })
    assert.has_error(function() whole:merge(words.counter()) end,
                     "paa.words: cannot merge counters of 2 and 1 words per term")
    -- merged straight from the bytes, into a counter that already has other counts
    local direct = assert(words.load(a:dump()))
    assert.are.equal(direct, direct:merge(b:dump()))
    assert.are.same(whole:cells(), direct:cells())
    local dg = direct:groups()
    table.sort(dg, function(x, y) return x.name < y.name end)
    assert.are.same(wg, dg)
    -- the same dump twice: every count doubled
    local twice = assert(words.load(a:dump())):merge(a:dump()):cells()
    for i, cell in ipairs(a:cells()) do assert.are.equal(2 * cell.freq, twice[i].freq) end
    assert.are.same({ nil, "paa.words: a truncated or damaged paa counts dump" },
                    { words.counter{ n = 2 }:merge(a:dump():sub(1, -2)) })
    assert.are.same({ nil, "paa.words: a dump of another n" }, { words.counter():merge(a:dump()) })
    assert.are.same({ nil, "paa.words: not a paa counts dump" }, { words.counter():merge("counts") })
  end)

  it("reads stopword lists: shipped, a file, none; and says why one cannot be read", function()
    assert.is_true(#assert(words.stopwords("en")) > 150)
    assert.are.same({}, words.stopwords("none"))
    local dir = h.tmpdir()
    local f = assert(io.open(dir .. "/s.txt", "w"))
    f:write("# mine\nopenai\n  microsoft  \n\n")
    f:close()
    assert.are.same({ "openai", "microsoft" }, words.stopwords(dir .. "/s.txt"))
    local list, err = words.stopwords(dir .. "/missing.txt")
    assert.is_nil(list)
    assert.matches("cannot open stopword list", err)
    assert.are.same({ nil, "no shipped stopword list 'xx' (there is 'en')" }, { words.stopwords("xx") })
  end)
end)
