-- hardening_memory_spec.lua: memory stays bounded on template-like wire
-- feeds (bench/feed.lua: the same story with other figures, line after
-- line). Bounded by peak RSS from GNU time, never by the clock.
local h = require "tests.helpers"

local feeds = {}

-- A feed of 'lines' JSONL lines written by bench/feed.lua (kept for the
-- whole file: several specs read the same one).
local function feed(lines)
  if not feeds[lines] then
    local path = h.tmpdir() .. "/feed.jsonl"
    local _, err, code = h.sh(h.q(h.paa) .. " bench/feed.lua " .. lines .. " > " .. h.q(path))
    assert(code == 0, err)
    feeds[lines] = path
  end
  return feeds[lines]
end

-- Run paa with 'args' under GNU time: peak RSS in KB, stdout, stderr, status.
local function peak(args)
  local parts, kb = {}, os.tmpname()
  for _, a in ipairs(args) do parts[#parts + 1] = h.q(a) end
  local out, err, code = h.sh("/usr/bin/time -o " .. kb .. " -f %M " .. h.q(h.paa) .. " "
    .. table.concat(parts, " "))
  local peak_kb = tonumber(h.slurp(kb):match("(%d+)%s*$"))
  os.remove(kb)
  assert(peak_kb, "no peak from /usr/bin/time (apt-get install -y time)")
  return peak_kb, out, err, code
end

local MB = 1024

describe("memory on a template-like feed", function()
  -- sanitizer builds keep shadow memory and quarantines: RSS means nothing there
  local bounded = h.sanitize and pending or it

  teardown(h.cleanup)

  bounded("dupes stays bounded: LSH buckets of thousands of documents are split, not paired", function()
    -- 50,000 lines took 388 MB when every pair of a bucket was verified and kept
    local kb, out, err, code = peak{ "scripts/dupes.lua", feed(50000) }
    assert.are.equal(0, code, err)
    h.has("50,000 documents from 1 source", out)
    assert.is_true(kb < 100 * MB, string.format("dupes peaked at %.1f MB", kb / MB))
  end)

  bounded("overview does not hold a record per document when it will not list them", function()
    for _, extra in ipairs{ {}, { "--no-docs" } } do
      local args = { "scripts/overview.lua", feed(50000) }
      for _, a in ipairs(extra) do args[#args + 1] = a end
      local kb, out, err, code = peak(args)
      assert.are.equal(0, code, err)
      h.has("50,000 documents from 1 source", out)
      assert.is_nil(out:find("\nDocuments\n", 1, true))
      assert.is_true(kb < 12 * MB, string.format("overview %s peaked at %.1f MB",
        table.concat(extra, " "), kb / MB))
    end
  end)

  bounded("search without --db keeps its store in a temporary file, not in memory", function()
    -- in memory the store grew with the feed: 38 MB for 50,000 lines, 264 MB for 500,000
    local kb, out, err, code = peak{ "scripts/search.lua", feed(50000), "day 7" }
    assert.are.equal(0, code, err)
    h.has("20 hits (the first 20)", out)
    assert.is_true(kb < 20 * MB, string.format("search peaked at %.1f MB", kb / MB))
  end)

  it("a bucket past the bound still gives the near copies in it", function()
    local dedup = require "paa.dedup"
    local idx = dedup.lsh{ threshold = 0.5 }
    local story = "Microsoft agreed to invest $%d billion in OpenAI on day %d. "
      .. "The deal was reviewed by regulators."
    for n = 1, 20000 do idx:add("t" .. n, story:format(n, n % 90 + 1)) end
    -- two edited copies of one template story, added among the others
    local long = story:format(7, 8) .. " " .. h.words(1, 30)
    idx:add("copy-a", long)
    idx:add("copy-b", (long:gsub("w17", "x17")))
    local found
    for _, c in ipairs(idx:clusters()) do
      for _, m in ipairs(c.members) do
        if m == "copy-a" then found = c.members end
      end
    end
    assert.are.same({ "copy-a", "copy-b" }, found)
    assert.are.equal("copy-a", idx:query(long)[1].id)
  end)
end)
