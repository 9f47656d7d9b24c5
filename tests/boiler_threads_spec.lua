-- The boilerplate model learnt from a corpus on several threads
-- (dedup.boilerplate_corpus, paa_boiler_learn_corpus) is the model one
-- thread learns, byte for byte; inputs are told in walk order.
local h = require "helpers"
local dedup = require "paa.dedup"
local corpus = require "paa.corpus"

-- a corpus with boilerplate, copies, bad inputs and a JSONL feed
local function fixture()
  local dir = h.tmpdir()
  local promo = "Subscribe to the Daily Wire newsletter for more.\nShare this story\n"
  for i = 1, 30 do
    h.write(string.format("%s/wire/%02d.txt", dir, i), string.format("Story %d\n\nA paragraph about item %d "
      .. "and the market it sells in.\n\n%s", i, i * 7, promo))
  end
  h.write(dir .. "/wire/bin.txt", "bin\0ary")
  h.write(dir .. "/wire/empty.txt", "")
  h.write(dir .. "/wire/latin.txt", "Caf\xe9 society\n\nA story.\n")
  local lines = {}
  for i = 1, 40 do lines[i] = string.format('{"text": "Feed line %d about the cloud.\\nRead more at the site", '
    .. '"source": "Feed"}', i) end
  lines[12] = "{bad json"
  h.write(dir .. "/feed/f.jsonl", table.concat(lines, "\n") .. "\n")
  return dir
end

describe("dedup.boilerplate_corpus", function()
  after_each(function() h.cleanup(); h.forget_skipped() end)

  it("learns the model one thread learns, whatever the threads", function()
    for _, dir in ipairs { fixture(), "corpus/", h.seeds() } do
      local c = assert(corpus.open(dir, { warn = false }))
      local want = dedup.boilerplate(c):dump()
      for _, n in ipairs { 1, 2, 3, 7 } do
        local m, st = dedup.boilerplate_corpus({ dir }, { words = false }, nil, n)
        assert.are.equal(want, m:dump(), dir .. " with " .. n .. " threads")
        assert.are.equal(c:stats().docs, st.docs)
        assert.are.equal(c:stats().hash, st.hash)
        assert.are.equal(c:stats().skipped, st.skipped)
      end
    end
  end)

  it("takes the model's options and the corpus's", function()
    local dir = fixture()
    local c = assert(corpus.open(dir, { warn = false, max_bytes = 60 }))
    local want = dedup.boilerplate(c, { min_docs = 5 }):dump()
    local m = dedup.boilerplate_corpus({ dir }, { max_bytes = 60 }, { min_docs = 5 }, 2)
    assert.are.equal(want, m:dump())
  end)

  it("tells of skipped inputs and notes in walk order, and stops on an error in on_input", function()
    local dir = fixture()
    local seen = {}
    dedup.boilerplate_corpus({ dir }, nil, nil, 1, function(info) seen[#seen + 1] = info end)
    assert.is_true(#seen >= 4)
    for i = 2, #seen do assert.is_true(seen[i].index > seen[i - 1].index) end
    for _, n in ipairs { 2, 3 } do
      local got = {}
      dedup.boilerplate_corpus({ dir }, nil, nil, n, function(info) got[#got + 1] = info end)
      assert.are.same(seen, got)
    end
    local calls = 0
    local ok, err = pcall(dedup.boilerplate_corpus, { dir }, nil, nil, 2, function()
      calls = calls + 1
      error("stop here")
    end)
    assert.is_false(ok)
    assert.truthy(tostring(err):find("stop here", 1, true))
    assert.are.equal(1, calls)
  end)

  it("gives nil and a message for a corpus that cannot be opened", function()
    local m, err = dedup.boilerplate_corpus({ "/no/such/folder" }, nil, nil, 2)
    assert.is_nil(m)
    assert.truthy(err:find("/no/such/folder", 1, true))
    assert.has_error(function() dedup.boilerplate_corpus({ "corpus/" }, nil, nil, 0) end)
  end)
end)
