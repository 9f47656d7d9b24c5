-- paa.kwic and scripts/kwic.lua: each construct of the query language on
-- a sentence written here, its errors, rows and their sorts checked
-- against an independent scan in Python over BBC stories, one core and
-- two, the formats, and a golden run over corpus/.
local h = require "helpers"
local cjson = require "cjson"
local kwic = require "paa.kwic"
local corpus = require "paa.corpus"

local SCRIPT = "scripts/kwic.lua"

-- the texts 'query' matches in 's', in order
local function found(query, s)
  local out = {}
  for i, sp in ipairs(kwic.spans(query, s)) do out[i] = s:sub(sp[1], sp[2]) end
  return out
end

-- the error of compiling 'query' (which must fail)
local function compile_error(query)
  local q, err = kwic.compile(query)
  assert.is_nil(q, query)
  return err
end

local S = "OpenAI’s stake in CoreWeave: a $13bn stake, held in 2023, and STAKES held firmly in 2024. " ..
  "Investors' investment in U.S. firms rose 8.1% — see https://example.com/x or mail desk@example.com today."

describe("paa.kwic query language", function()
  it("matches a word folded, whatever its case and quotes", function()
    assert.are.same({ "stake", "stake" }, found("stake", S))
    assert.are.same({ "stake", "stake" }, found("STAKE", S))
    assert.are.same({ "STAKES" }, found("stakes", S))
    assert.are.same({ "U.S." }, found("u.s.", S))
    assert.are.same({}, found("stak", S))
  end)

  it("ignores a final possessive 's or ' (OpenAI's is openai), and can ask for it", function()
    assert.are.same({ "OpenAI’s" }, found("openai", S))
    assert.are.same({ "OpenAI’s" }, found("openai's", S))
    assert.are.same({ "OpenAI’s" }, found("OpenAI’s", S))
    assert.are.same({ "it's", "it" }, found("it", "it's its it"))
    assert.are.same({ "Paris", "Paris" }, found("paris", "Paris’ mayor left Paris."))  -- (the ’ a token of its own)
    assert.are.same({}, found("openai's", "OpenAI said so."))
  end)

  it("matches a prefix*", function()
    assert.are.same({ "stake", "stake", "STAKES" }, found("stake*", S))
    assert.are.same({ "Investors", "investment" }, found("invest*", S))
    assert.are.same({ "https://example.com/x" }, found("https://example*", S))
  end)

  it("matches a /Lua pattern/ against the whole folded token", function()
    assert.are.same({ "2023", "2024" }, found("/20%d%d/", S))
    assert.are.same({ "2023", "2024" }, found("/^20%d%d$/", S))   -- anchors written are the ones implied
    assert.are.same({}, found("/20%d/", S))                         -- whole token, not a part
    assert.are.same({ "stake", "stake", "STAKES" }, found("/st%a+/", S))
    assert.are.same({ "OpenAI’s" }, found("/open%a*/", S))           -- the possessive aside
    assert.are.same({ "$13bn" }, found("/%$/ /%d+bn/", S))
  end)

  it("matches a kind, a word attribute, several tests joined by &, negation and any token", function()
    assert.are.same({ "2023", "2024", "8.1%" }, found("[kind=number]", S))
    assert.are.same({ "$" }, found("[kind=currency]", S))
    assert.are.same({ "https://example.com/x" }, found("[kind=url]", S))
    assert.are.same({ "desk@example.com" }, found("[kind=email]", S))
    assert.are.same({ "—" }, found("[kind=punct & word=—]", S))
    assert.are.same({ "stake", "stake", "STAKES" }, found("[word=stake*]", S))
    assert.are.same({ "STAKES" }, found("[word=stake* & word!=stake]", S))
    assert.are.same({ "stake in", "stake," }, found("[word=stake] []", S))
    assert.are.same({ "13bn stake" }, found("[kind=word & word=/%d+bn/] stake", S))
    assert.are.same({ "held in", "held firmly" }, found("held [kind!=punct]", S))
  end)

  it("matches a sequence of positions, token after token", function()
    assert.are.same({ "stake in" }, found("stake in", S))
    assert.are.same({ "held in 2023" }, found("held in [kind=number]", S))
    assert.are.same({ "in 2023", "in 2024" }, found("in [kind=number]", S))
    assert.are.same({ "$13bn stake" }, found("$ 13bn stake", S))
  end)

  it("matches gaps {m,n} of any tokens, punctuation counted, as short as they can be", function()
    assert.are.same({ "stake in", "stake, held in" }, found("stake {0,2} in", S))
    assert.are.same({ "stake, held in" }, found("stake {1,2} in", S))
    assert.are.same({ "stake in" }, found("stake {0,1} in", S))          -- ", held" is two tokens
    assert.are.same({ "stake, held in" }, found("stake {2} in", S))
    assert.are.same({ "STAKES held firmly in" }, found("stakes {2,2} in", S))
    -- lazy: the first 'in' after the word, not the last within reach
    assert.are.same({ "a x in" }, found("a {0,5} in", "a x in y in"))
    -- matches do not overlap: the scan goes on after a match
    assert.are.same({ "a a", "a a" }, found("a a", "a a a a a"))
    assert.are.same({ "a b", "a b" }, found("a {0,3} b", "a b a b"))
    assert.are.same({ "a b a b" }, found("a {2,3} b", "a b a b"))
  end)

  it("matches alternatives at one position", function()
    assert.are.same({ "stake in", "stake, held in", "STAKES held firmly in" }, found("stake|stakes {0,2} in", S))
    assert.are.same({ "2023", "8.1%", "https://example.com/x" },
      found("/%d+/|[kind=url]|8.1%", S:gsub("2024", "x")))
    assert.are.same({ "OpenAI’s stake" }, found("openai | microsoft stake", S))
  end)

  it("says what is wrong with a query and where, in one line", function()
    local cases = {
      { "", "character 1: the query is empty" },
      { "   ", "character 1: the query is empty" },
      { "{1,2} in", "character 1: a gap goes between two positions, not first" },
      { "stake {1,2}", "character 7: a gap goes between two positions, not last" },
      { "stake {3,1} in", "character 7: gap {3,1}: its minimum is above its maximum" },
      { "stake {0,99} in", "character 7: gap {0,99}: at most 50 tokens" },
      { "stake {1,2} {1,2} in", "character 13: two gaps in a row" },
      { "stake {x} in", "character 7: a gap is {m,n} or {n}" },
      { "[lemma=stake]", "character 2: unknown attribute 'lemma' (kind or word)" },
      { "[kind=noun]", "character 7: unknown kind 'noun' (word, number, currency, url, email, punct, symbol)" },
      { "[kind=word", "character 1: a '[' without its ']'" },
      { "[kind word]", "character 7: expected '=' or '!=' after 'kind'" },
      { "[kind=word stake]", "character 12: expected '&' or ']' in [...], not 's'" },
      { "stake]", "character 6: unexpected ']' (positions are separated by spaces)" },
      { "stake |", "character 7: '|' needs an alternative after it" },
      { "st*ke", "character 3: '*' only ends a word" },
      { "*", "character 1: '*' needs a prefix before it" },
      { "/st(a)ke/", "character 1: /st(a)ke/: a Lua pattern here has no captures" },
      { "in /[a-z/", "character 4: /[a-z/: a '[' without its ']'" },
      { "/a%/", "character 1: /a%/: the pattern ends with '%'" },
      { "/%b(/", "character 1: /%b(/: %b needs two characters" },
      { "/%fx/", "character 1: /%fx/: %f needs a set [...]" },
      { "/abc", "character 1: a '/' without its closing '/'" },
      { "//", "character 1: an empty pattern //" },
      { "stake\\", "character 6: '\\' at the end of the query" },
    }
    for _, c in ipairs(cases) do
      local err = compile_error(c[1])
      h.has(c[2], err)
      assert.is_nil(err:find("\n"), err)
    end
    h.has("paa.kwic: a query is a string", h.error_of(kwic.compile, 3))
    h.has('paa.kwic.spans: query "a {2,1} b": character 3: gap {2,1}', h.error_of(kwic.spans, "a {2,1} b", "x"))
  end)

  it("escapes a special character with \\", function()
    assert.are.same({ "|" }, found("\\|", "a | b"))
    assert.are.same({ "&" }, found("\\&", "R & D"))
  end)

  it("never raises on a compiled pattern, whatever the text", function()
    for _, q in ipairs { "/[%]]/", "/[]]/", "/%f[%a]x/", "/%b()/", "/[^%a]+/", "/.-/" } do
      local c = assert(kwic.compile(q))
      assert.is_table(kwic.spans(c, "a ] ( x ) (b) é 12 ]] " .. string.rep("z", 300)))
    end
  end)
end)

-- a fixture corpus: three documents whose matches and contexts are known
local function fixture()
  local dir = h.tmpdir()
  h.write(dir .. "/wire/a.txt", "---\ntitle: A\ndate: 2025-01-02\n---\n" ..
    "Microsoft holds a stake in OpenAI.\nZeta Corp sold its stake,\nthen bought a stake in Beta.\n")
  h.write(dir .. "/wire/b.txt", "---\ntitle: B\ndate: 2025-01-03\n---\nAlpha took a small stake in Gamma today.\n")
  h.write(dir .. "/post/c.txt", "---\ntitle: C\n---\nStake in everything, said nobody.\n")
  return dir
end

describe("paa.kwic.find", function()
  after_each(h.cleanup)

  it("gives each match with its document, offsets and contexts of N words on one line", function()
    local dir = fixture()
    local c = assert(corpus.open(dir))
    local texts = {}
    for d in c:docs() do texts[d.index] = d.text end
    local rows, total, docs = kwic.find(c, "stake {0,1} in", { width = 3 })
    assert.are.equal(4, total)
    assert.are.equal(3, docs)
    assert.are.equal(4, #rows)
    local r = rows[1]
    assert.are.equal("post/c.txt", r.id)
    assert.are.equal("", r.left)
    assert.are.equal("Stake in", r.match)
    assert.are.equal("everything, said nobody", r.right)  -- up to the third word
    for _, x in ipairs(rows) do
      assert.are.equal(x.match, texts[x.doc]:sub(x.start, x.stop):gsub("%s+", " "))
      assert.is_nil(x.lkey)
    end
    local a = {}
    for _, x in ipairs(rows) do if x.id == "wire/a.txt" then a[#a + 1] = x end end
    assert.are.equal("Microsoft holds a", a[1].left)
    assert.are.equal("OpenAI. Zeta Corp", a[1].right)
    assert.are.equal("2025-01-02", a[1].date)
    assert.are.equal("A", a[1].title)
    assert.are.equal("wire", a[1].source)
    -- "stake,\nthen" is no match (two tokens between stake and in)
    assert.are.equal(2, #a)
    assert.are.equal("then bought a", a[2].left)
    assert.are.equal("Beta.", a[2].right)  -- the text's end: what follows shown whole
  end)

  it("sorts by document, left words (nearest first), right words or match; ties by document then offset", function()
    local dir = fixture()
    local c = assert(corpus.open(dir))
    local function order(sort)
      local out = {}
      for i, r in ipairs(kwic.find(c, "stake in|,", { width = 3, sort = sort })) do out[i] = r.id .. "@" .. r.start end
      return out
    end
    local doc = order("doc")
    -- left: L1 "" (c) < "a" (a: "holds a"; a: "bought a" ...) < "its" < "small"
    local left = kwic.find(c, "stake in|,", { width = 3, sort = "left" })
    local l1 = {}
    for i, r in ipairs(left) do l1[i] = (r.left:match("(%S+)$") or ""):lower() end
    assert.are.same({ "", "a", "a", "its", "small" }, l1)
    -- the two "a" rows: L2 "bought" < "holds"
    assert.truthy(left[2].left:find("bought", 1, true))
    assert.truthy(left[3].left:find("holds", 1, true))
    local right = kwic.find(c, "stake in|,", { width = 3, sort = "right" })
    local r1 = {}
    for i, r in ipairs(right) do r1[i] = (r.right:match("^(%S+)") or ""):lower():gsub("%p$", "") end
    assert.are.same({ "beta", "everything", "gamma", "openai", "then" }, r1)
    local match = kwic.find(c, "stake in|,", { width = 3, sort = "match" })
    local m = {}
    for i, r in ipairs(match) do m[i] = r.match end
    assert.are.same({ "stake,", "Stake in", "stake in", "stake in", "stake in" }, m)
    -- the three "stake in" in document then offset order
    assert.truthy(match[3].doc < match[4].doc or (match[3].doc == match[4].doc and match[3].start < match[4].start))
    assert.are.equal(5, #doc)
    for i = 2, #doc do
      local a, b = doc[i - 1], doc[i]
      assert.are_not.equal(a, b)
    end
  end)

  it("keeps the first N rows after sorting, and counts them all", function()
    local c = assert(corpus.open(fixture()))
    local all = kwic.find(c, "stake", { sort = "left" })
    local rows, total = kwic.find(c, "stake", { sort = "left", limit = 2 })
    assert.are.equal(#all, total)
    assert.are.same({ all[1], all[2] }, rows)
    assert.are.same({}, (kwic.find(c, "stake", { limit = 0 })))
  end)

  it("reads clean texts with clean = true (offsets in the clean text)", function()
    local dir = h.tmpdir()
    local promo = "Subscribe to our stake newsletter for the latest deals.\n\n"
    for i = 1, 6 do
      h.write(string.format("%s/s/%d.txt", dir, i), promo .. string.format("Story %d: a stake in firm %d.\n\n", i, i)
        .. promo)
    end
    local c = assert(corpus.open(dir))
    local raw = kwic.find(c, "stake")
    local clean = kwic.find(c, "stake", { clean = true })
    assert.are.equal(18, #raw)
    assert.are.equal(6, #clean)
    for _, r in ipairs(clean) do assert.are.equal("a", r.left:match("(%S+)$")) end
  end)

  it("refuses bad options and bad queries", function()
    local c = assert(corpus.open(fixture()))
    h.has("sort must be doc, left, right or match", h.error_of(kwic.find, c, "x", { sort = "up" }))
    h.has("width must be an integer of at least 0", h.error_of(kwic.find, c, "x", { width = -1 }))
    h.has("limit must be an integer", h.error_of(kwic.find, c, "x", { limit = 1.5 }))
    h.has("paa.kwic.find: query \"[x\": character 2", h.error_of(kwic.find, c, "[x"))
  end)

  it("makes a report table: the left context right-aligned", function()
    local c = assert(corpus.open(fixture()))
    local rows = kwic.find(c, "stake in", { width = 2 })
    local t = kwic.table(rows)
    local keys = {}
    for i, col in ipairs(t.columns) do keys[i] = col.key end
    assert.are.same({ "id", "source", "date", "left", "match", "right" }, keys)
    local text = require("paa.report").table(t)
    local col  -- every match starts in the same column
    for line in text:gmatch("[^\n]+") do
      local at = line:find("[Ss]take in")
      if at then
        col = col or at
        assert.are.equal(col, at, line)
      end
    end
    assert.truthy(col)
    assert.are.equal(10, #kwic.table(rows, { data = true }).columns)
  end)
end)

-- BBC: the rows of a query computed a second way in Python from the
-- tokens paa.text.tokens gives (matching, contexts and sorts are Python's)
local PY = [==[
import json, re, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
NOT_WORD = {"punct", "symbol", "currency"}
SPACE = re.compile(rb"[ \t\n\v\f\r]+")
def base(f):
    if len(f) > 2 and f.endswith("'s"): return f[:-2]
    if len(f) > 1 and f.endswith("'"): return f[:-1]
    return f
def word(*ws): return lambda t: t[4] in ws or base(t[4]) in ws
def prefix(p): return lambda t: t[4].startswith(p)
def kind(k): return lambda t: t[1] == k
QUERIES = {
  "stake|stakes {0,2} in|into": [(word("stake", "stakes"), 0, 0), (word("in", "into"), 0, 2)],
  "[kind=number] {0,1} million|billion": [(kind("number"), 0, 0), (word("million", "billion"), 0, 1)],
  "rose|fell {0,2} [kind=number]": [(word("rose", "fell"), 0, 0), (kind("number"), 0, 2)],
  "chief executive*": [(word("chief"), 0, 0), (prefix("executive"), 0, 0)],
}
def matches(steps, toks):
    n, out, i = len(toks), [], 0
    def at(p, i):
        if not steps[p][0](toks[i]): return None
        if p == len(steps) - 1: return i
        lo, hi = steps[p + 1][1], steps[p + 1][2]
        for g in range(lo, hi + 1):
            j = i + 1 + g
            if j >= n: break
            r = at(p + 1, j)
            if r is not None: return r
        return None
    while i < n:
        last = at(0, i)
        if last is None: i += 1
        else:
            out.append((i, last)); i = last + 1
    return out
def line(b): return SPACE.sub(b" ", b).strip(b" ").decode("utf-8")
rows = []
steps = QUERIES[sys.argv[2]]
width = int(sys.argv[4])
for d in data:
    text, toks = d["text"].encode("utf-8"), d["tokens"]
    for first, last in matches(steps, toks):
        lk, k, frm = [], first - 1, first
        while k >= 0 and len(lk) < width:
            if toks[k][1] not in NOT_WORD: lk.append(toks[k][4]); frm = k
            k -= 1
        if len(lk) < width: frm = 0
        rk, k, to = [], last + 1, last
        while k < len(toks) and len(rk) < width:
            if toks[k][1] not in NOT_WORD: rk.append(toks[k][4]); to = k
            k += 1
        if len(rk) < width: to = len(toks) - 1
        a, b = toks[first][2], toks[last][3]
        left = line(text[toks[frm][2] - 1:a - 1]) if frm < first else ""
        right = line(text[b:toks[to][3]]) if to > last else ""
        rows.append({"doc": d["index"], "start": a, "stop": b, "left": left, "right": right,
                     "match": line(text[a - 1:b]), "lk": lk, "rk": rk})
by = sys.argv[3]
key = {"left": lambda r: (r["lk"], r["doc"], r["start"]), "right": lambda r: (r["rk"], r["doc"], r["start"])}[by]
rows.sort(key=key)
for r in rows: del r["lk"], r["rk"]
json.dump(rows, sys.stdout, ensure_ascii=False)
]==]

describe("paa.kwic.find over BBC stories, checked in Python", function()
  local bbc = h.bbc()
  local roots = bbc and { bbc .. "/business", bbc .. "/tech" }
  local dir, export, c

  setup(function()
    if not bbc then return end
    dir = h.abs(h.tmpdir())
    c = assert(corpus.open(roots, { warn = false }))
    local docs = {}
    for d in c:docs() do
      local toks = {}
      for tok, kind, a, b in require("paa.text").tokens(d.text) do
        toks[#toks + 1] = { tok, kind, a, b, require("paa.text").fold(tok) }
      end
      docs[#docs + 1] = { index = d.index, text = d.text, tokens = toks }
    end
    export = h.write(dir .. "/tokens.json", cjson.encode(docs))
    h.write(dir .. "/ref.py", PY)
  end)
  teardown(h.cleanup)

  for _, case in ipairs {
    { "stake|stakes {0,2} in|into", "left", 5 }, { "stake|stakes {0,2} in|into", "right", 3 },
    { "[kind=number] {0,1} million|billion", "left", 4 }, { "[kind=number] {0,1} million|billion", "right", 5 },
    { "rose|fell {0,2} [kind=number]", "right", 3 },
    { "chief executive*", "left", 2 },
  } do
    local query, by, width = case[1], case[2], case[3]
    local it_bbc = bbc and it or pending
    it_bbc(string.format("gives Python's rows in Python's order: %s, sort %s, width %d", query, by, width), function()
      local out, err, status = h.sh(string.format("python3 %s %s %s %s %d", h.q(dir .. "/ref.py"), h.q(export),
                                                  h.q(query), by, width))
      assert.are.equal(0, status, err)
      local want = cjson.decode(out)
      local rows, total = kwic.find(c, query, { sort = by, width = width })
      assert.are.equal(#want, total)
      assert.truthy(#want >= 20, query .. ": only " .. #want .. " rows")
      local in_doc_order = true
      for i, w in ipairs(want) do
        local r = rows[i]
        local got = { doc = r.doc, start = r.start, stop = r.stop, left = r.left, match = r.match, right = r.right }
        assert.are.same(w, got, query .. " row " .. i)
        if i > 1 and (want[i - 1].doc > w.doc) then in_doc_order = false end
      end
      assert.is_false(in_doc_order, "the sort changed nothing: the check would be vacuous")
    end)
  end

  local it_bbc = bbc and it or pending
  it_bbc("keeps the same first rows with a limit, however many it drops on the way", function()
    local all, total, docs = kwic.find(c, "[kind=number]", { sort = "right", width = 2 })
    assert.truthy(total > 5000)
    local some, total2, docs2 = kwic.find(c, "[kind=number]", { sort = "right", width = 2, limit = 7 })
    assert.are.same({ total, docs }, { total2, docs2 })
    assert.are.same({ table.unpack(all, 1, 7) }, some)
  end)

  it_bbc("loses no match to the prefilter", function()
    for _, q in ipairs { "stake|stakes {0,2} in|into", "chief executive*", "openai|microsoft", "shar* [kind=punct]" } do
      local a = kwic.find(c, q, { sort = "left" })
      local b = kwic.find(c, q, { sort = "left", prefilter = false })
      assert.are.same(b, a, q)
    end
  end)
end)

describe("scripts/kwic.lua", function()
  after_each(h.cleanup)

  it("prints the expected report of corpus/ (golden)", function()
    local out, err, status = h.run { SCRIPT, "corpus/", "--query", "[kind=currency] [kind=number] billion|bn",
                                     "--sort", "right", "--clean" }
    assert.are.equal(0, status, err)
    assert.are.equal("", err)
    assert.are.equal(h.slurp("tests/golden/kwic-corpus.txt"), out)
  end)

  local it_bbc = h.bbc() and it or pending
  it_bbc("prints the same bytes on one core and on two (BBC, every format)", function()
    for _, f in ipairs { "text", "json", "csv" } do
      local args = { SCRIPT, h.bbc(), "--query", "stake|stakes {0,3} in|into", "--sort", "left", "--format", f }
      if f == "csv" then  -- (the first rows of a broad query: each worker keeps only its first)
        args[4], args[#args + 1], args[#args + 2] = "[kind=number] {0,1} million|billion|m|bn", "--limit", "40"
      end
      local one, err1, st1 = h.run({ "-j", "1", table.unpack(args) })
      local two, err2, st2 = h.run({ "-j", "2", table.unpack(args) })
      assert.are.equal(0, st1, err1)
      assert.are.equal(0, st2, err2)
      assert.truthy(#one > 1000)
      assert.are.equal(one, two, f)
    end
  end)

  it("runs in every format, each saying the same rows", function()
    local dir = fixture()
    local base = { SCRIPT, dir, "--query", "stake {0,1} in", "--width", "3" }
    local function run(f)
      local args = { table.unpack(base) }
      args[#args + 1], args[#args + 2] = "--format", f
      local out, err, status = h.run(args)
      assert.are.equal(0, status, err)
      assert.are.equal("", err)
      return out
    end
    local json = cjson.decode(run("json"))
    assert.are.equal(4, json.total)
    assert.are.equal(4, #json.rows)
    assert.are.equal("stake {0,1} in", json.manifest.parameters.query)
    local text = run("text")
    h.has('Keyword in context: "stake {0,1} in"', text)
    h.has("4 matches in 3 documents, in document order.", text)
    for _, r in ipairs(json.rows) do h.has(r.left .. "  " .. r.match, text) end
    local md = run("md")
    assert.are.equal(4, h.occurrences(md, "| stake in |") + h.occurrences(md, "| Stake in |")
      + h.occurrences(md, "| stake, then bought a stake in |"))
    h.has("| ---: |", md)
    local csv = run("csv")
    assert.are.equal("doc,id,source,date,title,start,stop,left,match,right\r\n", csv:match("^[^\n]*\n"))
    assert.are.equal(5, h.occurrences(csv, "\r\n"))
    local html = run("html")
    h.has("<!DOCTYPE html>", html)
    assert.are.equal(4, h.occurrences(html, "<tr><td>") )
  end)

  it("shows its HTML page in a browser without console errors", function()
    local dir = h.abs(h.tmpdir())
    local out, err, status = h.run { SCRIPT, "corpus/", "--query", "invest*", "--sort", "left", "--format", "html" }
    assert.are.equal(0, status, err)
    local file = h.write(dir .. "/kwic.html", out)
    local dom, berr, bstatus = h.browse(file, "--dump-dom")
    assert.are.equal(0, bstatus, berr)
    assert.are.equal("", h.console_errors(berr))
    h.has("<h1>Keyword in context: \"invest*\" in corpus</h1>", dom)
    local json = cjson.decode((h.run { SCRIPT, "corpus/", "--query", "invest*", "--format", "json" }))
    assert.are.equal(#json.rows, h.occurrences(dom, "<tr><td>"))
    assert.truthy(#json.rows > 10)
  end)

  it("says what is wrong with a bad query in one line, exit status 2", function()
    local out, err, status = h.run { SCRIPT, "corpus/", "--query", "stake {2,1} in" }
    assert.are.equal(2, status)
    assert.are.equal("", out)
    assert.are.equal("paa: kwic: --query: character 7: gap {2,1}: its minimum is above its maximum\n",
                     err:match("^[^\n]*\n"))
    h.has("usage: ", err)
    out, err, status = h.run { SCRIPT, "corpus/" }
    assert.are.equal(2, status)
    h.has("--query", err)
    assert.are.equal("", out)
  end)

  it("describes itself with --help", function()
    local out, err, status = h.run { SCRIPT, "--help" }
    assert.are.equal(0, status, err)
    h.has("Keyword in context", out)
    h.has("--sort {doc,left,right,match}", out)
    h.has("[kind=number]", out)
  end)

  it("says so when nothing matches", function()
    local out, err, status = h.run { SCRIPT, "corpus/", "--query", "zzyzx" }
    assert.are.equal(0, status, err)
    h.has("0 matches.", out)
    h.has("No match.", out)
  end)
end)
