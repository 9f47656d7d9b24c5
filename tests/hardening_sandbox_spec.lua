-- What a script from someone else cannot reach through a corpus or a
-- store, and texts that cleaning must not lose: each case was a way
-- out or a silent loss on earlier builds, tried here through the real
-- host on real files.
local h = require "helpers"
local cjson = require "cjson"

local fixture = h.sandbox_fixture

local sandboxed = h.sandboxed

local function ln(target, link)
  assert(os.execute("ln -s " .. h.q(target) .. " " .. h.q(link)))
end

local PRINT_DOCS = [[
local paa = require "paa"
for d in paa.open(arg[1], { all_files = true }):docs() do print(d.id, d.text) end]]

describe("the sandbox and the corpus reader", function()
  after_each(h.cleanup)

  it("reads no file through a link in the corpus that leads outside", function()
    local dir = fixture()
    ln(dir .. "/secret.txt", dir .. "/corpus/shadow.txt")
    local out, err, status = sandboxed(dir, PRINT_DOCS)
    assert.is_nil(out:find("secret", 1, true), out)
    h.has("a.txt\tSome news", out)
    h.has(dir .. "/corpus/shadow.txt: it leads outside the folders this run may read", err)
    assert.are.equal(4, status, err)  -- finished, an input skipped
  end)

  it("lists no folder through a link that leads outside", function()
    local dir = fixture()
    ln(dir .. "/outside", dir .. "/corpus/more")
    local out, err, status = sandboxed(dir, PRINT_DOCS)
    assert.is_nil(out:find("secret", 1, true), out)
    h.has(dir .. "/corpus/more: it leads outside", err)
    assert.are.equal(4, status, err)
  end)

  it("follows a link that stays inside the folders it may read", function()
    local dir = fixture()
    ln(dir .. "/corpus/a.txt", dir .. "/corpus/b.txt")
    local out, err, status = sandboxed(dir, PRINT_DOCS)
    assert.are.equal(0, status, err)
    h.has("b.txt\tSome news", out)
  end)

  it("ignores a 'within' a script passes itself (the sandbox sets its own)", function()
    local dir = fixture()
    ln(dir .. "/secret.txt", dir .. "/corpus/shadow.txt")
    local out = sandboxed(dir, [[
      local corpus = require "paa.corpus"
      for d in corpus.open(arg[1], { all_files = true, within = { "/" } }):docs() do print(d.text) end]])
    assert.is_nil(out:find("secret", 1, true), out)
  end)

  it("still follows links outside the corpus without the sandbox", function()
    local dir = fixture()
    ln(dir .. "/secret.txt", dir .. "/corpus/shadow.txt")
    local out, err, status = h.run({ h.write(dir .. "/script/s.lua", PRINT_DOCS), dir .. "/corpus" })
    assert.are.equal(0, status, err)
    h.has("the secret words", out)
  end)

  it("paa.corpus.open: 'within' must list absolute folders", function()
    local corpus = require "paa.corpus"
    h.has("option 'within' must list absolute folders",
          h.error_of(corpus.open, ".", { within = { "relative" } }))
  end)
end)

describe("the sandbox's path check", function()
  after_each(h.cleanup)

  it("refuses a '..' after a folder that does not exist", function()
    local dir = fixture()
    assert(os.execute("mkdir " .. h.q(dir .. "/out")))
    local out, err, status = sandboxed(dir, [[
      local f, e = pcall(io.open, arg[1], "w")
      print(f, e)]], { dir .. "/out/nonexist/../../x.txt" }, { "--out", dir .. "/out" })
    assert.are.equal(0, status, err)
    h.has("a '..' after a folder that does not exist", out)
    assert.is_nil(io.open(dir .. "/x.txt"))
  end)
end)

describe("stores in the sandbox", function()
  after_each(h.cleanup)

  it("runs the shipped search script in memory, as outside", function()
    local out, err, status = h.run({ "--sandbox", "scripts/search.lua", "corpus/", "OpenAI", "--format", "csv" })
    assert.are.equal(0, status, err)
    local plain = h.run({ "scripts/search.lua", "corpus/", "OpenAI", "--format", "csv" })
    assert.are.equal(plain, out)
    assert.truthy(out:find("\n", 1, true))
  end)

  it("refuses --db (and PAA_DB) outside --out in one line, and keeps it under --out", function()
    local dir = fixture()
    local _, err, status = h.run({ "--sandbox", "--db", dir .. "/x.db", "scripts/overview.lua", "corpus/" })
    assert.are.equal(1, status)
    assert.are.equal("paa: paa.sandbox: cannot write " .. dir .. "/x.db: no --out folder\n", err)
    _, err, status = h.run({ "--sandbox", "scripts/search.lua", "corpus/", "x" }, nil,
                           "PAA_DB=" .. h.q(dir .. "/y.db"))
    assert.are.equal(1, status)
    assert.are.equal("paa: paa.sandbox: cannot write " .. dir .. "/y.db: no --out folder\n", err)
    local out
    out, err, status = h.run({ "--sandbox", "--out", dir .. "/out", "--db", dir .. "/out/x.db",
                               "scripts/overview.lua", "corpus/" })
    assert.are.equal(0, status, err)
    h.has("15 documents", out)
    assert.truthy(io.open(dir .. "/out/x.db"))
    assert.is_nil(io.open(dir .. "/x.db"))
  end)

  it("lets SQL reach no other file and load no code", function()
    local dir = fixture()
    local out, err, status = sandboxed(dir, [[
      local store = require "paa.store"
      local db = assert(store.open(":memory:"))
      for _, sql in ipairs{ "ATTACH '" .. arg[1] .. "/att.db' AS y",
                            "VACUUM INTO '" .. arg[1] .. "/vac.db'",
                            "SELECT load_extension('" .. arg[1] .. "/x.so')",
                            "SELECT fts3_tokenizer('simple')",
                            "PRAGMA temp_store_directory = '" .. arg[1] .. "'",
                            "PRAGMA max_page_count = 2000000000" } do
        print((pcall(db.exec, db, sql)))
      end
      -- a scratch store (memory, or a temporary file) holds 1 GB at most
      for _, name in ipairs{ ":memory:", "" } do
        local s = assert(store.open(name))
        print(s:first("PRAGMA max_page_count").max_page_count * s:first("PRAGMA page_size").page_size)
      end
      print(store.open("file:" .. arg[1] .. "/u.db?mode=rwc"))
      print(db:first("SELECT 1 + 1 AS two").two)]], { dir })
    assert.are.equal(0, status, err)
    assert.are.equal("false\nfalse\nfalse\nfalse\nfalse\nfalse\n1073741824\n1073741824\n" ..
      "nil\tpaa.sandbox: cannot open file:" .. dir .. "/u.db?mode=rwc: a store is named by its path, not a URI\n" ..
      "2\n", out)
    for _, f in ipairs{ "att.db", "vac.db", "u.db" } do assert.is_nil(io.open(dir .. "/" .. f), f) end
  end)

  it("ingests only what the script may read", function()
    local dir = fixture()
    local out, err, status = sandboxed(dir, [[
      local db = assert(require("paa.store").open(":memory:"))
      local secret = arg[1] .. "/../secret.txt"
      print(pcall(db.ingest, db, secret, { progress = false }))
      print(pcall(db.ingest, db, { secret }, { progress = false }))
      print(db:ingest(arg[1], { progress = false }).added)
      print(db:first("SELECT count(*) AS n FROM documents").n)]])
    assert.are.equal(0, status, err)
    local refusal = "paa.sandbox: cannot read " .. dir .. "/corpus/../secret.txt: outside the corpus and the script's folder"
    assert.are.equal("false\t" .. refusal .. "\nfalse\t" .. refusal .. "\n1\n1\n", out)
  end)

  it("holds what SQLite keeps outside --out: scratch stores, temporary tables, its heap", function()
    local dir = fixture()
    local out, err, status = sandboxed(dir, [[
      local store = require "paa.store"
      local db = assert(store.open(":memory:"))
      print(db:first("PRAGMA temp.max_page_count").max_page_count * db:first("PRAGMA page_size").page_size)
      print((pcall(db.exec, db, "PRAGMA temp.max_page_count = 2000000000")))
      for _ = 1, 3 do assert(store.open("")) end
      print(store.open(""))
      db:exec("PRAGMA temp_store = MEMORY; CREATE TEMP TABLE t(x)")
      print(pcall(db.exec, db, "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 300) "
                               .. "INSERT INTO t SELECT randomblob(1000000) FROM c"))]], nil, { "--max-memory", "50M" })
    -- the fifth scratch store is refused, and the run ends as a limit's
    assert.are.equal(3, status, err)
    assert.are.equal("1073741824\nfalse\n" ..
      "nil\tpaa.sandbox: cannot open another store: 4 stores in memory or temporary files are the most a run may open\n" ..
      "false\tpaa.store: out of memory\n", out)
    assert.are.equal("paa: sandbox: 4 stores in memory or temporary files are the most a run may open\n", err)
  end)

  it("paa.store's confine() is for good, and the store still ingests and searches", function()
    local store = require "paa.store"
    local corpus = require "paa.corpus"
    local db = assert(store.open(":memory:"))
    assert.are.equal(db, db:confine())
    assert(db:ingest(assert(corpus.open("corpus/"))))
    assert.is_true(#db:search("OpenAI") > 0)
    assert.has_error(function() db:exec("ATTACH ':memory:' AS y") end)
    db:close()
  end)
end)

describe("texts that cleaning would empty", function()
  after_each(h.cleanup)

  local a = "Northgate Capital agreed to invest $40 million in Helix Robotics on Monday."
  local b = "The deal gives Northgate exclusive rights to the robots, people familiar with it said."

  it("keeps one copy of a text a file holds twice", function()
    local dir = h.tmpdir()
    h.write(dir .. "/twice.txt", a .. "\n\n" .. b .. "\n\n" .. a .. "\n\n" .. b .. "\n")
    local out, err, status = h.run({ "scripts/deals.lua", dir, "--format", "json" })
    assert.are.equal(0, status, err)
    local r = cjson.decode(out)
    assert.are.equal(1, #r.deals)
    assert.are.equal(40e6, r.deals[1].amount.value)
    out, err, status = h.run({ "scripts/tensions.lua", dir, "--format", "csv" })
    assert.are.equal(0, status, err)
    -- group,theme,matches,documents,group_documents,words,...: the words once
    assert.matches("\n[^,\n]*,independence,%d+,%d+,1,26,", out)
    local docs = {}
    for d in assert(require("paa").open(dir)):docs{ clean = true } do docs[#docs + 1] = d end
    assert.are.equal(a .. "\n\n" .. b, docs[1].text:gsub("%s+$", ""):gsub("\n\n\n+", "\n\n"))
  end)

  it("still takes out a promo repeated inside an article", function()
    local dir = h.tmpdir()
    local promo = "Subscribe to the Harbour newsletter for daily news."
    h.write(dir .. "/a.txt", a .. "\n\n" .. promo .. "\n\n" .. b .. "\n\n" .. promo .. "\n")
    local docs = {}
    for d in assert(require("paa").open(dir)):docs{ clean = true } do docs[#docs + 1] = d end
    assert.is_nil(docs[1].text:find("Subscribe", 1, true), docs[1].text)
  end)

  it("tells about a document that cleaning empties", function()
    local dir = h.tmpdir()
    h.write(dir .. "/menu.txt", "Home\nNews\nSport\nWeather\n")
    h.write(dir .. "/story.txt", a .. "\n")
    local _, err, status = h.run({ "scripts/tensions.lua", dir })
    assert.are.equal(0, status, err)
    h.has(dir .. "/menu.txt: all its text was taken for boilerplate", err)
    -- through a warn callback, once, and not with warn = false
    local notes = {}
    local c = assert(require("paa.corpus").open(dir, { warn = function(m) notes[#notes + 1] = m end }))
    for _ in c:docs{ clean = true } do end
    for _ in c:docs{ clean = true } do end
    assert.are.equal(2, #notes)  -- one per clean walk
    h.has("menu.txt: all its text was taken for boilerplate", notes[1])
    _, err = h.run({ "-e", "for _ in require('paa.corpus').open(" .. string.format("%q", dir) ..
                     "):docs{ clean = true, warn = false } do end" })
    assert.are.equal("", err)
  end)
end)
