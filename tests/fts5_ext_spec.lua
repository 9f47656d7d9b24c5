-- The loadable SQLite extension paa_fts5.so: a store made by paa searched
-- from the stock sqlite3 shell and from Python's sqlite3 module gives the
-- same documents in the same order as db:search; and paa_snippet never
-- cuts a marked phrase.
local h = require "helpers"
local store = require "paa.store"
local corpus = require "paa.corpus"

local EXT = h.abs(h.build) .. "/paa_fts5"
local PYTHON = "/usr/bin/python3"

-- Eight short stories, written here: SoftBank, Microsoft and the cloud in
-- different measures, in titles and texts, with the forms the paa
-- tokenizer reads its own way ("OpenAI's", "for-profit", curly quotes).
local STORIES = {
  ["wire/softbank-round.txt"] = "SoftBank leads a record round\n\n" ..
    "SoftBank will invest $40 billion in OpenAI. SoftBank said the round values OpenAI's " ..
    "for-profit arm at $300 billion, and SoftBank may syndicate part of it.\n",
  ["wire/softbank-deadline.txt"] = "A deadline for the conversion\n\n" ..
    "The SoftBank money depends on OpenAI becoming a for-profit company by the end of the year.\n",
  ["wire/cloud-deal.txt"] = "Microsoft and OpenAI sign a cloud deal\n\n" ..
    "Microsoft keeps a right of first refusal on new capacity; the cloud deal runs to 2030. " ..
    "SoftBank is not part of it.\n",
  ["post/cloud-rivals.txt"] = "Rivals court the cloud business\n\n" ..
    "Oracle and CoreWeave want OpenAI\u{2019}s cloud deal too. Microsoft declined to comment.\n",
  ["post/antitrust.txt"] = "Antitrust questions over Microsoft\n\n" ..
    "Regulators ask whether Microsoft's stake in OpenAI is a merger. Microsoft says it is not.\n",
  ["post/profit-cap.txt"] = "The profit cap goes\n\n" ..
    "The nonprofit keeps control while the for profit arm raises money, SoftBank first among " ..
    "its backers.\n",
  ["ledger/spending.txt"] = "Spending doubts\n\n" ..
    "Investors doubt the spending. Microsoft, Alphabet and Amazon spend on the cloud; SoftBank " ..
    "borrows to keep up. Microsoft Microsoft Microsoft.\n",
  ["ledger/unrelated.txt"] = "Ferries\n\nA ferry sails late on Fridays.\n",
}

-- queries that find several documents, some by the paa tokenizer's own rules
local QUERIES = { "softbank", "microsoft", "softbank OR microsoft", '"cloud deal"', "micro*",
                  '"for profit"', "openai NOT softbank", "openai", "Microsoft AND cloud" }

-- the SQL that orders a match as db:search does: bm25 with the title
-- weighing double, ties by document id
local ORDERED = "SELECT d.doc FROM fts JOIN documents d ON d.id = fts.rowid" ..
                " WHERE fts MATCH %s ORDER BY bm25(fts, 2.0, 1.0), d.doc;"

local function sql_string(s) return "'" .. s:gsub("'", "''") .. "'" end

local function lines(s)
  local t = {}
  for line in s:gmatch("[^\n]+") do t[#t + 1] = line end
  return t
end

local dir, path

-- a store of STORIES made by paa, closed again
setup(function()
  dir = h.abs(h.tmpdir())
  for name, text in pairs(STORIES) do h.write(dir .. "/corpus/" .. name, text) end
  path = dir .. "/news.db"
  local db = assert(store.open(path))
  assert(db:ingest(assert(corpus.open(dir .. "/corpus"))))
  db:close()
end)

-- the documents db:search gives for 'q', in its order
local function paa_docs(q)
  local db <close> = assert(store.open(path))
  local hits = assert(db:search(q, { limit = 100 }))
  local docs = {}
  for i, hit in ipairs(hits) do docs[i] = hit.doc end
  return docs
end

-- the sqlite3 shell over the store with 'script' on its standard input
local function shell(script)
  return h.sh("sqlite3 -bail " .. h.q(path), script)
end

describe("paa_fts5.so in the sqlite3 shell", function()
  it("is built, and the store needs it: without it the shell names the missing tokenizer", function()
    assert.is_true(h.exists(EXT .. ".so"))
    local out, err, status = shell("SELECT count(*) FROM fts WHERE fts MATCH 'softbank';\n")
    assert.are_not.equal(0, status)
    assert.are.equal("", out)
    assert.matches("no such tokenizer: paa", err, 1, true)
  end)

  for _, q in ipairs(QUERIES) do
    it("gives the documents of db:search, in its order: " .. q, function()
      local want = paa_docs(q)
      assert.is_true(#want >= 2, q .. ": finds " .. #want)
      local out, err, status = shell(".load " .. EXT .. "\n" .. ORDERED:format(sql_string(q)) .. "\n")
      assert.are.equal(0, status, err)
      assert.are.same(want, lines(out))
    end)
  end

  it("reads the tokens as paa does: 'openai' finds OpenAI's and OpenAI\u{2019}s, a phrase a compound", function()
    local out, err, status = shell(".load " .. EXT .. "\n" ..
      "SELECT d.doc FROM fts JOIN documents d ON d.id = fts.rowid" ..
      " WHERE fts MATCH '\"for profit\"' ORDER BY d.doc;\n")
    assert.are.equal(0, status, err)
    assert.are.same({ "post/profit-cap.txt", "wire/softbank-deadline.txt", "wire/softbank-round.txt" },
                    lines(out))
    out = shell(".load " .. EXT .. "\n" ..
      "SELECT highlight(fts, 1, '[', ']') FROM fts WHERE fts MATCH 'openai' AND rowid =" ..
      " (SELECT id FROM documents WHERE doc = 'post/cloud-rivals.txt');\n")
    assert.matches("[OpenAI\u{2019}s] cloud deal", out, 1, true)
  end)

  it("gives paa_snippet and paa_instances as paa has them", function()
    local out, err, status = shell(".load " .. EXT .. "\n" ..
      "SELECT paa_instances(fts), paa_snippet(fts, '<', '>', '...', 6) FROM fts" ..
      " WHERE fts MATCH '\"right of first refusal\"';\n")
    assert.are.equal(0, status, err)
    assert.are.equal("1|...<right of first refusal> on new...\n", out)
  end)

  it("keeps the store writable through the triggers once loaded", function()
    local out, err, status = shell(".load " .. EXT .. "\n" ..
      "DELETE FROM documents WHERE doc = 'ledger/unrelated.txt';\n" ..
      "INSERT INTO fts(fts) VALUES ('integrity-check');\n" ..
      "SELECT count(*) FROM fts WHERE fts MATCH 'ferry';\n")
    assert.are.equal(0, status, err)
    assert.are.equal("0\n", out)
  end)
end)

describe("paa_fts5.so from Python's sqlite3 module", function()
  local PROGRAM = [[
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
if sys.argv[2] == "load":
    db.enable_load_extension(True)
    db.load_extension(sys.argv[3])
    db.enable_load_extension(False)
try:
    for q in sys.stdin.read().split("\n"):
        if q:
            rows = db.execute("SELECT d.doc FROM fts JOIN documents d ON d.id = fts.rowid"
                              " WHERE fts MATCH ? ORDER BY bm25(fts, 2.0, 1.0), d.doc", (q,))
            print("\t".join(r[0] for r in rows))
except sqlite3.OperationalError as e:
    print(e, file=sys.stderr)
    sys.exit(2)
]]

  local function python(how, queries)
    local prog = dir .. "/search.py"
    h.write(prog, PROGRAM)
    return h.sh(table.concat({ PYTHON, h.q(prog), h.q(path), how, h.q(EXT) }, " "),
                table.concat(queries, "\n") .. "\n")
  end

  it("gives the documents of db:search, in its order, for every query", function()
    local out, err, status = python("load", QUERIES)
    assert.are.equal(0, status, err)
    local got = lines(out)
    assert.are.equal(#QUERIES, #got)
    for i, q in ipairs(QUERIES) do
      assert.are.equal(table.concat(paa_docs(q), "\t"), got[i], q)
    end
  end)

  it("names the missing tokenizer without the extension", function()
    local out, err, status = python("none", { "softbank" })
    assert.are.equal(2, status)
    assert.are.equal("", out)
    assert.matches("no such tokenizer: paa", err, 1, true)
  end)
end)

describe("paa_snippet", function()
  -- a store of one document 'text'; the paa_snippet of 'q' over it, and db:search's snippet
  local function snippet(text, q, ntok)
    local db <close> = assert(store.open(""))
    db:exec("INSERT INTO documents(id, doc, hash, title) VALUES (1, 'a', 0, 'A story')")
    db:exec("INSERT INTO texts(id, text) VALUES (1, ?)", text)
    local row = db:first("SELECT paa_snippet(fts, '«', '»', '…', ?) AS s FROM fts WHERE fts MATCH ?",
                         ntok or 16, q)
    local hits = assert(db:search(q))
    return row and row.s, hits[1] and hits[1].snippet
  end

  -- every marked span of 's', checked to be one of 'allowed'
  local function marked(s, allowed)
    local n = 0
    for m in s:gmatch("«(.-)»") do
      n = n + 1
      assert.is_true(allowed[m] ~= nil, "a highlight cut: «" .. m .. "» in " .. s)
    end
    assert.are.equal(n, select(2, s:gsub("«", "")), "an unclosed highlight in " .. s)
    return n
  end

  local words = {}
  for i = 1, 14 do words[i] = "w" .. i end
  local LEAD = table.concat(words, " ")

  it("marks a phrase whole and runs on to its end when it starts at the window's edge", function()
    local text = LEAD .. " right of first refusal on new capacity for years to come and more.\n"
    local s = snippet(text, 'w1 OR "right of first refusal"')
    assert.are.equal("«w1» w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 «right of first refusal»…", s)
    -- a window of 16 tokens from w2 ends after "first": it runs on to "refusal"
    s = snippet(text, 'w2 OR "right of first refusal"')
    assert.are.equal("…«w2» w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 «right of first refusal»…", s)
    s = snippet(text, '"right of first refusal"', 2)
    assert.are.equal("…«right of first refusal»…", s)
  end)

  it("never cuts a highlight in search hits of a text with more than 1,000 instances", function()
    -- 1,200 instances of five tokens each: a window of 16 ends inside the fourth
    local text = LEAD .. " " .. string.rep("right of first refusal, ", 1200) .. "the end.\n"
    local s, hit = snippet(text, '"right of first refusal"')
    assert.are.equal(s, hit)
    assert.are.equal(4, marked(hit, { ["right of first refusal"] = true }))
    assert.matches("^…«right of first refusal», «right of first refusal», «right of first refusal»," ..
                   " «right of first refusal»…$", hit)
  end)

  it("marks overlapping instances as one span, whole", function()
    local text = LEAD .. " openai microsoft deal signed today and more words after the deal, many more.\n"
    local s = snippet(text, '"openai microsoft" OR "microsoft deal"', 4)
    assert.are.equal("…«openai microsoft deal» signed…", s)
  end)

  it("marks the words of a row a NOT query finds, and none of the NOT's", function()
    local db <close> = assert(store.open(""))
    db:exec("INSERT INTO documents(id, doc, hash, title) VALUES (1, 'a', 0, 'A story')")
    db:exec("INSERT INTO texts(id, text) VALUES (1, 'one two three')")
    local row = db:first("SELECT paa_snippet(fts, '«', '»', '…', 16) AS s FROM fts WHERE fts MATCH 'one NOT four'")
    assert.are.equal("«one» two three", row.s)
  end)
end)
