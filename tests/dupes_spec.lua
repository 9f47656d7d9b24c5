-- End-to-end runs of scripts/dupes.lua: over the sample corpus (clusters,
-- shared paragraphs, boilerplate, every format, reproducibility) and over
-- small corpora written here (chains, boilerplate left out, errors).
local h = require "helpers"
local words = h.words
local cjson = require "cjson"
local dedup = require "paa.dedup"

local LEDGER = "the-ledger/openai-40-billion-softbank-round.txt"
local SILICON = "siliconpost/openai-300-billion-valuation-softbank-deadline.txt"
local USAGE = "usage: paa scripts/dupes.lua [options] CORPUS...\n"

-- run the script with these arguments
local function dupes(...)
  return h.run { "scripts/dupes.lua", ... }
end

-- 'p' with its magic characters escaped, for a Lua pattern
local function lit(p)
  return (p:gsub("%p", "%%%0"))
end

-- number of lines of 's' that start with 'prefix'
local function lines_starting(s, prefix)
  local n = 0
  for line in s:gmatch("[^\n]*") do
    if line:sub(1, #prefix) == prefix then n = n + 1 end
  end
  return n
end

describe("scripts/dupes.lua", function()
  after_each(h.cleanup)

  it("prints the expected report of corpus/ (golden)", function()
    local out, err, status = h.run { "scripts/dupes.lua", "corpus/" }
    assert.are.equal(0, status, err)
    assert.are.equal("", err)
    assert.are.equal(h.slurp("tests/golden/dupes-corpus.txt"), out)
  end)

  describe("over the sample corpus", function()
    local out, err, status = dupes("corpus/")

    it("exits 0 without warnings", function()
      assert.are.equal(0, status, err)
      assert.are.equal("", err)
      assert.matches("^Duplicates in corpus: 15 documents from 5 sources; 2 documents in "
                     .. "near%-duplicate clusters, %d+ paragraphs? shared, %d+ boilerplate blocks%.\n", out)
    end)

    it("lists the SoftBank round cluster, The Ledger's copy canonical", function()
      local first = out:find("\n *1 +" .. lit(LEDGER) .. " +The Ledger +2025%-04%-01 +canonical +")
      local second = out:find("\n *1 +" .. lit(SILICON) .. " +Silicon Post +2025%-04%-02 +0%.%d%d +")
      assert.truthy(first, out)
      assert.truthy(second, out)
      assert.is_true(first < second)
      assert.truthy(out:find("Near-duplicate documents (similarity >= 0.50)", 1, true))
      assert.is_nil(out:find("is chained", 1, true))
    end)

    it("lists the boilerplate lines left out", function()
      local section = out:match("Boilerplate lines %(left out of the comparisons above%)\n(.*)$")
      assert.truthy(section, out)
      assert.matches("\nrepeat +TechWire Daily +%d+ +%d+ +Subscribe to TechWire Signals\n", section)
      assert.matches("\nknown +%(any%) +%d+ +%d+ +Leave a Reply\n", section)
      assert.matches("\nlist +CloudBeat +%d+ +%d+ +Equinix\n", section)
    end)

    it("lists paragraphs shared word for word", function()
      local section = out:match("Paragraphs shared word for word %(10%+ words, 2%+ documents%)\n(.-)\n\n[^\n]+\n=")
      assert.truthy(section, out)
      assert.matches("\n +2 +Silicon Post, The Ledger +" .. lit(SILICON), section)
    end)

    it("gives byte-identical output on every run, in every format", function()
      for _, format in ipairs { "text", "md", "csv", "json" } do
        local a, _, sa = dupes("--format", format, "corpus/")
        local b, _, sb = dupes("corpus/", "--format", format)
        assert.are.equal(0, sa)
        assert.are.equal(0, sb)
        assert.are.equal(a, b, format)
      end
    end)

    it("writes JSON with clusters, paragraphs and boilerplate arrays", function()
      local json, e, s = dupes("--format", "json", "corpus/")
      assert.are.equal(0, s, e)
      local r = cjson.decode(json)
      assert.are.equal(15, r.corpus.documents)
      assert.are.equal(5, r.corpus.sources)
      assert.are.equal(0.5, r.parameters.threshold)
      assert.are.equal(2, r.parameters.min_docs)
      assert.are.equal(5, r.parameters.shingle)
      assert.are.equal(128, r.parameters.perms)
      assert.is_true(r.parameters.bands * r.parameters.rows <= r.parameters.perms)
      assert.are.equal(1, #r.clusters)
      local c = r.clusters[1]
      assert.are.equal(LEDGER, c.canonical)
      assert.are.equal(2, c.size)
      assert.are.equal(2, #c.members)
      assert.are.equal(LEDGER, c.members[1].document)
      assert.are.equal(1, c.members[1].similarity)
      assert.are.equal(SILICON, c.members[2].document)
      assert.is_true(c.members[2].similarity >= 0.5 and c.members[2].similarity < 1)
      assert.are.equal(1, #c.edges)
      assert.are.equal(c.members[2].similarity, c.edges[1].jaccard)
      assert.is_false(c.chained)
      assert.is_true(#r.paragraphs >= 1)
      for _, p in ipairs(r.paragraphs) do
        assert.is_string(p.text)
        assert.is_true(#p.documents >= 2)
      end
      local found = {}
      for _, b in ipairs(r.boilerplate) do found[b.rule .. "|" .. b.text] = b end
      assert.are.equal("TechWire Daily", found["repeat|Subscribe to TechWire Signals"].source)
      assert.are.equal("", found["known|Leave a Reply"].source)
      assert.are.equal(3, found["known|Leave a Reply"].documents)
    end)

    it("writes CSV: one header, a row per cluster member, paragraph document and block", function()
      local csv, e, s = dupes("--format", "csv", "corpus/")
      assert.are.equal(0, s, e)
      -- RFC 4180 line ends
      assert.are.equal("section,group,document,source,date,similarity,canonical,rule,"
                       .. "occurrences,documents,text\r\n", csv:match("^[^\n]*\n"))
      local _, crlf = csv:gsub("\r\n", "")
      local _, lf = csv:gsub("\n", "")
      assert.are.equal(lf, crlf)
      csv = csv:gsub("\r\n", "\n")
      assert.are.equal(2, lines_starting(csv, "cluster,"))
      assert.truthy(csv:find("\ncluster,1," .. LEDGER .. ",The Ledger,2025-04-01,1,1,", 1, true))
      assert.truthy(csv:find("\ncluster,1," .. SILICON .. ",Silicon Post,2025-04-02,0.", 1, true))
      assert.is_true(lines_starting(csv, "paragraph,") >= 2)
      assert.truthy(csv:find("\nboilerplate,%d+,,TechWire Daily,,,,repeat,%d+,%d+,Subscribe to TechWire Signals\n"))
      assert.truthy(csv:find("\nboilerplate,%d+,,,,,,known,%d+,%d+,Leave a Reply\n"))
    end)

    it("writes Markdown tables", function()
      local md, e, s = dupes("--format", "md", "corpus/")
      assert.are.equal(0, s, e)
      assert.matches("^# Duplicates in corpus\n", md)
      assert.truthy(md:find("\n## Near-duplicate documents (similarity >= 0.50)\n", 1, true))
      assert.truthy(md:find("\n| cluster | document | source | date | similarity | title |\n", 1, true))
      assert.truthy(md:find("\n| 1 | " .. LEDGER .. " | The Ledger | 2025-04-01 | canonical |", 1, true))
      assert.truthy(md:find("| repeat | TechWire Daily |", 1, true))
    end)

    it("finds no clusters at a threshold of 0.9, and reports it", function()
      local o, e, s = dupes("--threshold", "0.9", "corpus/")
      assert.are.equal(0, s, e)
      assert.matches("0 documents in near%-duplicate clusters", o)
      assert.matches("Near%-duplicate documents %(similarity >= 0%.90%)\n=+\n\nnone\n", o)
    end)
  end)

  describe("arguments", function()
    it("explains itself with --help", function()
      local out, err, status = dupes("--help")
      assert.are.equal(0, status, err)
      assert.matches("^dupes 1%.0 ", out)
      assert.matches("\nUsage: paa scripts/dupes%.lua ", out)
      assert.truthy(out:find("--threshold", 1, true))
      assert.truthy(out:find("--min-docs", 1, true))
      assert.truthy(out:find("--format", 1, true))
      assert.are.equal(out, (dupes("-h")))
    end)

    it("rejects a threshold outside (0, 1] with a one-line message", function()
      for _, t in ipairs { "2", "0", "-0.5", "half" } do
        local out, err, status = dupes("--threshold", t, "corpus/")
        assert.are.equal(2, status, t)
        assert.are.equal("", out)
        assert.are.equal("paa: dupes: --threshold must be a number in (0, 1], not '" .. t .. "'\n" .. USAGE, err)
      end
      assert.are.equal(0, select(3, dupes("--threshold", "1", "corpus/")))
    end)

    it("rejects other bad options", function()
      local cases = {
        { { "--min-docs", "1", "corpus/" }, "paa: dupes: --min-docs must be an integer of at least 2, not '1'\n" },
        { { "--min-docs", "2.5", "corpus/" }, "paa: dupes: --min-docs must be an integer of at least 2, not '2.5'\n" },
        { { "--format", "xml", "corpus/" }, "paa: dupes: --format must be text, md, csv, json or html, not 'xml'\n" },
        { { "--threshold" }, "paa: dupes: --threshold needs a value: a number in (0, 1]\n" },
        { { "--bogus", "corpus/" }, "paa: dupes: unknown option '--bogus' (see --help)\n" },
      }
      for _, c in ipairs(cases) do
        local out, err, status = dupes(table.unpack(c[1]))
        assert.are.equal(2, status, c[2])
        assert.are.equal("", out)
        assert.are.equal(c[2] .. USAGE, err)
      end
    end)

    it("exits 2 without a corpus, or with one that does not exist", function()
      local out, err, status = dupes()
      assert.are.equal(2, status)
      assert.are.equal("", out)
      assert.are.equal("paa: dupes: missing CORPUS: files or folders of articles (.txt, .md, .html, .jsonl)\n"
        .. USAGE, err)
      local dir = h.tmpdir()
      out, err, status = dupes(dir .. "/missing")
      assert.are.equal(2, status)
      assert.are.equal("", out)
      assert.matches("^paa: dupes: cannot open '[^\n]*/missing' %(CORPUS%): No such file or directory\n"
        .. lit(USAGE) .. "$", err)
    end)
  end)

  describe("over corpora written here", function()
    it("says a cluster joined through a middle document is chained", function()
      local dir = h.tmpdir()
      h.write(dir .. "/wire/a.txt", "---\ndate: 2025-05-01\n---\n" .. words(1, 100) .. "\n")
      h.write(dir .. "/wire/b.txt", "---\ndate: 2025-05-02\n---\n" .. words(21, 120) .. "\n")
      h.write(dir .. "/post/c.txt", words(41, 140) .. "\n")
      h.write(dir .. "/post/d.txt", words(1, 100, "other") .. "\n")
      local out, err, status = dupes(dir)
      assert.are.equal(0, status, err)
      assert.matches("4 documents from 2 sources; 3 documents in near%-duplicate clusters", out)
      assert.matches("\n *1 +wire/a%.txt +wire +2025%-05%-01 +canonical", out)
      assert.matches("\n *1 +wire/b%.txt +wire +2025%-05%-02 +0%.66", out)
      assert.matches("\n *1 +post/c%.txt +post +%- +0%.41", out)
      local x, y = out:match("\ncluster 1 is chained: (%S+) and (%S+) are only 0%.41 similar, "
                             .. "joined through other members\n")
      assert.truthy(x, out)
      local weakest = { x, y }
      table.sort(weakest)
      assert.are.same({ "post/c.txt", "wire/a.txt" }, weakest)
      local r = cjson.decode((dupes("--format", "json", dir)))
      assert.is_true(r.clusters[1].chained)
      assert.is_true(r.clusters[1].min_jaccard < 0.5)
      assert.are.equal(2, #r.clusters[1].edges)
      -- at 0.4 every pair holds
      out = dupes("--threshold", "0.4", dir)
      assert.is_nil(out:find("is chained", 1, true))
    end)

    it("compares documents without their boilerplate", function()
      local promo = "Join the Harbour Club today and get our weekly letter on ships, ports, tides, "
        .. "ferries and the people who keep them running, with a discount on every event we hold "
        .. "along the coast this year and next."
      local a = "The ferry company will add a late sailing on Fridays from June, answering years of "
        .. "complaints from islanders who had to leave concerts early."
      local b = "Two students from the maritime college built a small electric tug in their spare "
        .. "time, and the harbour master agreed to let them test it."
      local ta = a .. "\n\n" .. promo .. "\n\n" .. promo .. "\n"
      local tb = b .. "\n\n" .. promo .. "\n\n" .. promo .. "\n"
      -- as they are, the two pages are near duplicates at 0.4 (whether LSH
      -- proposes a pair this close to the threshold is a matter of chance)
      local idx = dedup.lsh{ threshold = 0.4 }
      idx:add("a", ta); idx:add("b", tb)
      assert.is_true(idx:jaccard("a", "b") >= 0.4, "raw similarity " .. idx:jaccard("a", "b"))
      local dir = h.tmpdir()
      h.write(dir .. "/site/a.txt", ta)
      h.write(dir .. "/site/b.txt", tb)
      local out, err, status = dupes("--threshold", "0.4", dir)
      assert.are.equal(0, status, err)
      assert.matches("0 documents in near%-duplicate clusters", out)
      assert.matches("\nrepeat +site +2 +4 +Join the Harbour Club today", out)
    end)

    it("finds identical undated copies in different sources, the smaller id canonical", function()
      local story = "Volunteers counted more than four hundred eider ducks on the skerries this spring, "
        .. "the highest number since the survey began, which ornithologists attribute to a ban on "
        .. "egg collecting.\n\nThe count was made from two boats over a single calm morning.\n"
      local dir = h.tmpdir()
      h.write(dir .. "/zeta/copy.txt", story)
      h.write(dir .. "/alpha/original.txt", story)
      local out, err, status = dupes(dir)
      assert.are.equal(0, status, err)
      assert.matches("\n *1 +alpha/original%.txt +alpha +%- +canonical", out)
      assert.matches("\n *1 +zeta/copy%.txt +zeta +%- +1%.00", out)
      -- the long paragraph is shared word for word
      assert.matches("\n +2 +alpha, zeta +alpha/original%.txt +Volunteers counted", out)
    end)

    it("says none where nothing repeats", function()
      local dir = h.tmpdir()
      h.write(dir .. "/a.txt", words(1, 50) .. "\n")
      h.write(dir .. "/b.txt", words(1, 50, "v") .. "\n")
      local out, err, status = dupes(dir)
      assert.are.equal(0, status, err)
      local _, nones = out:gsub("\nnone\n", "")
      assert.are.equal(3, nones)
      local r = cjson.decode((dupes("--format", "json", dir)))
      assert.are.same({}, r.clusters)
      assert.are.same({}, r.paragraphs)
      assert.are.same({}, r.boilerplate)
    end)

    it("warns about a skipped file once and exits 4", function()
      local dir = h.tmpdir()
      h.write(dir .. "/a.txt", words(1, 50) .. "\n")
      h.write(dir .. "/bad.txt", "bin\0ary")
      local out, err, status = dupes(dir)
      assert.are.equal(4, status, err)
      assert.matches("^Duplicates in ", out)
      local _, n = err:gsub("bad%.txt", "")
      assert.are.equal(1, n, err)
      assert.matches("^paa: [^\n]*/bad%.txt: binary file [^\n]*; skipped\n", err)
    end)
  end)
end)
