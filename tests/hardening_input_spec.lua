-- Texts made to break the deal reader (tools/hostile.lua writes more):
-- each once ran for minutes or for ever. Run under `timeout` so that a
-- regression fails instead of hanging the suite.
local h = require "helpers"
local cjson = require "cjson"

local function deals_json(dir)
  local out, err, status = h.sh("timeout 60 " .. h.q(h.paa) .. " scripts/deals.lua " .. h.q(dir) ..
                                " --format json")
  assert.are.equal(0, status, err)
  return cjson.decode(out)
end

describe("deals over hostile texts", function()
  after_each(h.cleanup)

  it("takes a number no float holds for no amount", function()
    local money = require "paa.money"
    assert.are.same({}, money.find("It cost $" .. ("9"):rep(400) .. " billion."))
    local found = money.find("It cost $" .. ("9"):rep(400) .. " billion and then $2bn.")
    assert.are.equal(1, #found)
    assert.are.equal(2e9, found[1].value)
  end)

  it("ends on a 20,000-digit amount beside a real one", function()
    local dir = h.tmpdir()
    h.write(dir .. "/digits.txt", "Orbit agreed to invest $" .. ("9"):rep(20000) .. " billion in Helix.\n\n" ..
            "Northgate Capital agreed to invest $40 million in Helix Robotics.\n")
    local r = deals_json(dir)
    assert.are.equal(1, #r.deals)
    assert.are.equal(40e6, r.deals[1].amount.value)
  end)

  it("reads a sentence of hundreds of amounts in pieces, every amount once", function()
    local dir = h.tmpdir()
    h.write(dir .. "/long.txt", ("Microsoft invested $10bn in OpenAI and "):rep(400) .. "that was all.\n")
    -- (a text like this has no true reading of its parties: what counts
    -- is that each amount is read once, where it is)
    local r = deals_json(dir)
    local text, n, starts = h.slurp(dir .. "/long.txt"), 0, {}
    for _, d in ipairs(r.deals) do
      n = n + d.mentions
      for _, e in ipairs(d.evidence) do
        assert.are.equal("$10bn", text:sub(e.start, e.stop))
        assert.is_nil(starts[e.start])
        starts[e.start] = true
      end
    end
    assert.are.equal(400, n)
  end)
end)

describe("search over hostile texts", function()
  after_each(h.cleanup)

  it("gives a snippet of a text that repeats a searched word 200,000 times", function()
    local dir = h.tmpdir()
    h.write(dir .. "/words.txt", "The deal was big. " .. ("deal "):rep(200000) .. "\n")
    h.write(dir .. "/story.txt", "Northgate Capital agreed a deal with Helix Robotics on Monday.\n")
    local out, err, status = h.sh("timeout 60 " .. h.q(h.paa) .. " scripts/search.lua " .. h.q(dir) ..
                                  " deal --format json")
    assert.are.equal(0, status, err)
    local hits = cjson.decode(out).hits
    assert.are.equal(2, #hits)
    for _, hit in ipairs(hits) do
      -- (FTS5's own snippet for the story, paa's for the long text)
      assert.truthy(hit.snippet:find("«deal»", 1, true), hit.snippet)
    end
  end)
end)

describe("messages on stderr that name files", function()
  after_each(h.cleanup)

  it("show control characters and bytes that are not UTF-8 escaped", function()
    local dir = h.tmpdir()
    h.write(dir .. "/esc\27[31mred.txt", "")                 -- empty: skipped, named
    h.write(dir .. "/bad\255\254.txt", "x\0y")               -- binary: skipped, named
    h.write(dir .. "/ok.txt", "Northgate Capital agreed to invest $40 million in Helix Robotics.\n")
    local _, err, status = h.run({ "scripts/deals.lua", dir })
    assert.are.equal(4, status, err)
    h.has("esc\\x1b[31mred.txt: empty file; skipped", err)
    h.has("bad\\xff\\xfe.txt: binary file", err)
    assert.is_nil(err:find("[\0-\9\11-\31\127]"), err)
    assert.truthy(utf8.len(err), "stderr is valid UTF-8")
    -- a message from the script's parameters too (a usage error: 2)
    _, err, status = h.run({ "scripts/deals.lua", dir .. "/no\27]0;x\7such" })
    assert.are.equal(2, status, err)
    assert.is_nil(err:find("[\0-\9\11-\31\127]"), err)
    h.has("no\\x1b]0;x\\x07such", err)
  end)
end)
