-- libpaa's cleaning walk (paa_walk_new_clean, in examples/sources.c
-- --clean) gives a C program the texts a script reads with
-- corpus:docs{ clean = true }.
local h = require "helpers"

-- { source = words } from paa-sources' output
local function table_of(out)
  local t = {}
  for source, words in out:gmatch("\n([^\t\n]+)\t%d+\t(%d+)") do t[source] = tonumber(words) end
  return t
end

-- { source = words } of a Lua walk of 'dir'
local function lua_words(dir, clean)
  local c = assert(require("paa.corpus").open(dir))
  local t = {}
  for d in c:docs{ clean = clean } do t[d.source] = (t[d.source] or 0) + d.words end
  return t
end

local function sources(args)
  local out, err, status = h.sh(h.q(h.build .. "/examples/paa-sources") .. " " .. args)
  assert.are.equal(0, status, err)
  return table_of(out)
end

describe("the cleaning walk of libpaa", function()
  after_each(h.cleanup)

  it("counts the words a script counts in the sample corpus, boilerplate removed", function()
    local clean, raw = sources("--clean corpus"), sources("corpus")
    assert.are.same(lua_words("corpus", true), clean)
    assert.are.same(lua_words("corpus", false), raw)
    local fewer = 0
    for source, n in pairs(raw) do
      if clean[source] < n then fewer = fewer + 1 end
    end
    assert.is_true(fewer > 0, "cleaning removed nothing")
  end)

  it("removes repeated promo lines and known phrases", function()
    local dir = h.tmpdir()
    local promo = "Learn to use AI like a Pro\n\n"
    for i = 1, 3 do
      h.write(dir .. "/site/" .. i .. ".txt", promo .. "Story number " .. i ..
              " tells of a deal worth many millions for the company.\n\n" .. promo ..
              "Leave a Reply\n")
    end
    local clean = sources("--clean " .. h.q(dir))
    assert.are.same(lua_words(dir, true), clean)
    assert.are.equal(3 * 13, clean.site)  -- the stories alone
  end)
end)

describe("db:ingest of a paa.Corpus", function()
  after_each(h.cleanup)

  it("reads the files as the corpus reads them, whatever its options say", function()
    local dir = h.tmpdir()
    h.write(dir .. "/in/a.txt", "Inside the corpus folder.\n")
    h.write(dir .. "/out/b.txt", "Outside the folder the corpus may read.\n")
    os.execute("ln -s " .. h.q(dir .. "/out/b.txt") .. " " .. h.q(dir .. "/in/link.txt"))
    local c = assert(require("paa.corpus").open(dir .. "/in", { within = { dir .. "/in" },
                                                               warn = false }))
    local db = assert(require("paa.store").open(":memory:"))
    local s = assert(db:ingest(c, { progress = false, within = { "/" }, warn = false }))
    assert.are.equal(1, s.added)
    assert.are.equal(1, s.skipped)
    assert.are.equal(1, db:first("SELECT count(*) AS n FROM documents").n)
    db:close()
  end)
end)
