-- paa.corpus: what a page says of itself. The header lines a scraper
-- writes above the text (title, year or date, URL), the URL's site as
-- the source (shown as its outlet when the corpus knows it), a flat
-- folder's name as the source of its files, <time datetime> in HTML,
-- and titles without a trailing " - Site Name". Fixtures are written
-- here, in fresh temporary folders.
local h = require "helpers"
local corpus = require "paa.corpus"

-- the documents of 'paths' (opened with 'opts'), by id
local function by_id(paths, opts)
  local docs = h.read(paths, opts)
  local t = {}
  for _, d in ipairs(docs) do t[d.id] = d end
  return t, docs
end

-- the one document of a file 'name' holding 'content'
local function one(name, content, opts)
  local dir = h.tmpdir()
  h.write(dir .. "/" .. name, content)
  local docs = h.read(dir, opts)
  assert.are.equal(1, #docs)
  return docs[1], dir
end

describe("page metadata", function()
  after_each(h.cleanup)

  describe("header lines of a text file", function()
    it("take the URL and the date, not the title, from title/date/URL lines, and keep them in the text", function()
      local text = "Chipmakers race to build new plants\n2024-03-05\n" ..
        "https://www.example-news.com/2024/03/05/chipmakers-race\n\nThe first paragraph of the story.\n"
      local d = one("a.txt", text)
      assert.are.equal("Chipmakers race to build new plants", d.title)
      assert.are.equal("2024-03-05", d.date)
      assert.are.equal("https://www.example-news.com/2024/03/05/chipmakers-race", d.url)
      assert.are.equal("example-news.com", d.source)
      assert.are.equal(text, d.text)
    end)

    it("keep a year alone as meta.date_raw, never as the date (months would read '2024')", function()
      local d = one("a.txt", "Chipmakers race to build new plants\n2024\nhttps://example-news.com/a\n\nBody text.\n")
      assert.is_nil(d.date)
      assert.are.equal("2024", d.meta.date_raw)
      assert.are.equal("Chipmakers race to build new plants", d.title)
    end)

    it("pass over a year, date or URL line in front of the title", function()
      local d = one("a.txt", "2024\nhttps://example-news.com/a\nMarch 5, 2024\nThe real headline here\n\nBody text.\n")
      assert.are.equal("The real headline here", d.title)
      assert.are.equal("2024-03-05", d.date)
    end)

    it("read 'URL:', 'Source URL:' and 'Published:' labels", function()
      local d = one("a.md", "# A headline\nSource URL: https://news.example.org/x\nPublished: 5 March 2024\n\nBody.\n")
      assert.are.equal("https://news.example.org/x", d.url)
      assert.are.equal("2024-03-05", d.date)
      assert.are.equal("news.example.org", d.source)
      d = one("b.txt", "A headline\nURL: http://www.example.net/y\nLast updated: Tue, 7 May 2024 10:00 GMT\n\nBody.\n")
      assert.are.equal("http://www.example.net/y", d.url)
      assert.are.equal("2024-05-07", d.date)
    end)

    it("are not taken from a line that merely starts with a date or holds a URL", function()
      local d = one("a.txt", "2024 was a big year for chips\nMay 2024 review of the market\n" ..
        "Maybe March 2024\nSee https://example.com/x for more\n\nBody.\n")
      assert.is_nil(d.date)
      assert.is_nil(d.url)
      assert.is_nil(d.meta)
      assert.are.equal("2024 was a big year for chips", d.title)
    end)

    it("are looked for only among the first five lines, before the first paragraph", function()
      local d = one("a.txt", "Title\n\n" .. string.rep("A long paragraph of text. ", 12) ..
        "\nhttps://example.com/late\n2024-01-01\n")
      assert.is_nil(d.url)
      assert.is_nil(d.date)
      d = one("b.txt", "One\nTwo\nThree\nFour\nFive\nhttps://example.com/sixth\n")
      assert.is_nil(d.url)
    end)

    it("give way to front matter", function()
      local d = one("a.md", "---\ntitle: FM title\ndate: 2025-01-02\nurl: https://fm.example.com/a\n---\n" ..
        "2024-03-05\nhttps://other.example.com/b\n\nBody.\n")
      assert.are.equal("2025-01-02", d.date)
      assert.are.equal("https://fm.example.com/a", d.url)
      assert.are.equal("fm.example.com", d.source)
    end)
  end)

  describe("the source from the URL", function()
    it("is the host without www., m. or amp. for url: front matter", function()
      local d = one("a.md", "---\ntitle: T\nurl: https://m.example-wire.com/path?q=1\n---\nBody.\n")
      assert.are.equal("example-wire.com", d.source)
      d = one("a.md", "---\ntitle: T\nlink: https://amp.example-wire.co.uk:443/path\n---\nBody.\n")
      assert.are.equal("example-wire.co.uk", d.source)
    end)

    it("gives way to a folder under the root (an analyst's grouping)", function()
      local dir = h.tmpdir()
      h.write(dir .. "/wire/a.txt", "Headline\nhttps://www.theverge.com/a\n\nBody.\n")
      h.write(dir .. "/b.txt", "Headline\nhttps://www.theverge.com/b\n\nBody.\n")
      local t = by_id(dir)
      assert.are.equal("wire", t["wire/a.txt"].source)
      assert.are.equal("theverge.com", t["b.txt"].source)
    end)

    it("never beats an explicit source", function()
      local d = one("a.md", "---\nsource: The Wire\nurl: https://www.example.com/a\n---\nBody.\n")
      assert.are.equal("The Wire", d.source)
    end)

    it("comes from the HTML canonical link and og:url; og:site_name beats it", function()
      local d = one("a.html", '<html><head><link rel="canonical" href="https://www.canon.example.com/a">' ..
        '</head><body><p>Body text.</p></body></html>')
      assert.are.equal("https://www.canon.example.com/a", d.url)
      assert.are.equal("canon.example.com", d.source)
      d = one("b.html", '<html><head><meta property="og:url" content="https://og.example.org/b">' ..
        '</head><body><p>Body text.</p></body></html>')
      assert.are.equal("og.example.org", d.source)
      d = one("c.html", '<html><head><meta property="og:url" content="https://og.example.org/b">' ..
        '<meta property="og:site_name" content="Example Daily"></head><body><p>Body.</p></body></html>')
      assert.are.equal("Example Daily", d.source)
    end)

    it("comes from a JSONL url field", function()
      local dir = h.tmpdir()
      h.write(dir .. "/feed.jsonl", '{"text": "One.", "url": "https://www.alpha.example/a"}\n' ..
        '{"text": "Two.", "url": "https://beta.example/b", "source": "Beta Wire"}\n' ..
        '{"text": "Three."}\n')
      local docs = h.read(dir)
      assert.are.same({ "alpha.example", "Beta Wire", "feed" }, { docs[1].source, docs[2].source, docs[3].source })
    end)

    it("is the outlet's name when the corpus knows the domain or a parent of it", function()
      local dir = h.tmpdir()
      h.write(dir .. "/a.txt", "Headline A\nhttps://www.theverge.com/2024/a\n\nBody.\n")
      h.write(dir .. "/b.txt", "Headline B\nhttps://edition.cnn.com/b\n\nBody.\n")
      h.write(dir .. "/c.txt", "Headline C\nhttps://unknown.example/c\n\nBody.\n")
      local t = by_id(dir, { outlets = { ["theverge.com"] = "The Verge", ["cnn.com"] = "CNN" } })
      assert.are.equal("The Verge", t["a.txt"].source)
      assert.are.equal("CNN", t["b.txt"].source)
      assert.are.equal("unknown.example", t["c.txt"].source)
    end)

    it("is the shipped outlet's name through paa.open, unless outlets = false", function()
      local dir = h.tmpdir()
      h.write(dir .. "/a.txt", "Headline A\nhttps://www.theverge.com/2024/a\n\nBody.\n")
      local paa = require "paa"
      local c = assert(paa.open(dir, { warn = false }))
      for d in c:docs() do assert.are.equal("The Verge", d.source) end
      assert.are.equal("The Verge", corpus.options(c).outlets["theverge.com"])
      c = assert(paa.open(dir, { outlets = false }))
      for d in c:docs() do assert.are.equal("theverge.com", d.source) end
    end)

    it("is the outlet's name in a sandboxed script too", function()
      local dir = h.tmpdir()
      h.write(dir .. "/corpus/a.txt", "Headline A\nhttps://www.theverge.com/2024/a\n\nBody.\n")
      local out, err, status = h.sandboxed(dir, [[
        local paa = require "paa"
        for d in assert(paa.open(arg[1])):docs() do print(d.source) end
      ]])
      assert.are.equal(0, status, err)
      assert.are.equal("The Verge\n", out)
    end)

    it("knows the shipped outlets' domains (paa.outlets.sites)", function()
      local sites = assert(require("paa.outlets").sites())
      assert.are.equal("The Verge", sites["theverge.com"])
      assert.are.equal("BBC", sites["bbc.co.uk"])
      sites["theverge.com"] = "changed"
      assert.are.equal("The Verge", require("paa.outlets").sites()["theverge.com"])
    end)

    it("rejects an outlets option that is not a table of strings", function()
      local dir = h.tmpdir()
      h.has("option 'outlets' must map domains to names", h.error_of(corpus.open, dir, { outlets = { 1 } }))
      h.has("option 'outlets' must be a table", h.error_of(corpus.open, dir, { outlets = "x" }))
    end)

    it("makes a folder of six files from three sites exactly three sources", function()
      local dir = h.tmpdir()
      local sites = { "https://www.theverge.com/", "https://techcrunch.com/", "https://www.small-blog.example/" }
      for i = 1, 6 do
        local site = sites[(i - 1) % 3 + 1]
        h.write(string.format("%s/%03d_%x.txt", dir, i, i * 7919),
          string.format("Story number %d\n2024\n%s2024/%d/story\n\nText of story %d.\n", i, site, i, i))
      end
      local _, docs = by_id(dir, { outlets = { ["theverge.com"] = "The Verge", ["techcrunch.com"] = "TechCrunch" } })
      local seen, n = {}, 0
      for _, d in ipairs(docs) do
        if not seen[d.source] then n = n + 1 end
        seen[d.source] = (seen[d.source] or 0) + 1
      end
      assert.are.equal(3, n)
      assert.are.same({ ["The Verge"] = 2, TechCrunch = 2, ["small-blog.example"] = 2 }, seen)
    end)

    it("groups the boilerplate of a site's pages, on one thread and on two", function()
      local dir = h.tmpdir()
      for i = 1, 4 do
        h.write(string.format("%s/p%d.txt", dir, i), string.format(
          "Story %d\nhttps://www.site-one.example/%d\n\n%s.\n\n" ..
          "Subscribe to the Site One newsletter for more stories\n", i, i, h.words(i * 100, i * 100 + 60)))
      end
      local code = [[
        local c = assert(require("paa").open(arg[1]))
        for d in c:docs{ clean = true } do io.write(d.source, " ", #d.boilerplate, "\n") end
      ]]
      for _, jobs in ipairs { "1", "2" } do
        local out, err, status = h.run({ "-j", jobs, "-e", code, "-", dir }, "")
        assert.are.equal(0, status, err)
        assert.are.equal(string.rep("site-one.example 1\n", 4), out)
      end
    end)
  end)

  describe("the flat-folder rule", function()
    it("gives a file directly in a root folder the folder's name, a root file its stem", function()
      local dir = h.tmpdir()
      local flat = dir .. "/scraped-pages"
      h.write(flat .. "/000_1a2b.txt", "A headline\n\nBody.\n")
      h.write(flat .. "/001_3c4d.txt", "Another headline\n\nBody.\n")
      h.write(flat .. "/sub/002.txt", "Third\n\nBody.\n")
      h.write(flat .. "/wire.jsonl", '{"text": "Line."}\n')
      local t = by_id(flat)
      assert.are.equal("scraped-pages", t["000_1a2b.txt"].source)
      assert.are.equal("scraped-pages", t["001_3c4d.txt"].source)
      assert.are.equal("sub", t["sub/002.txt"].source)
      assert.are.equal("wire", t["wire.jsonl:1"].source)
      local docs = h.read(flat .. "/000_1a2b.txt")
      assert.are.equal("000_1a2b", docs[1].source)
    end)

    it("names the folder '.' by its real name", function()
      local dir = h.tmpdir()
      h.write(dir .. "/flatdir/a.txt", "A headline\n\nBody.\n")
      local code = [[for d in require("paa.corpus").open(".", { warn = false }):docs() do print(d.source) end]]
      local out, err, status = h.sh("cd " .. h.q(dir .. "/flatdir") .. " && " .. h.q(h.abs(h.build) .. "/paa") ..
        " -e " .. h.q(code))
      assert.are.equal(0, status, err)
      assert.are.equal("flatdir\n", out)
    end)
  end)

  describe("HTML dates", function()
    it("take the first <time datetime> when the head gives none", function()
      local d = one("a.html", '<html><head><title>T</title></head><body><p>By X, ' ..
        '<time datetime="2024-04-01T10:00:00Z">April 1</time></p>' ..
        '<p>Later <time datetime="2023-01-01">then</time>.</p></body></html>')
      assert.are.equal("2024-04-01", d.date)
      assert.is_nil(d.meta)
    end)

    it("prefer article:published_time, wherever the <time> is", function()
      local d = one("a.html", '<html><head><time datetime="2020-01-01"></time>' ..
        '<meta property="article:published_time" content="2024-05-06T08:00:00Z"></head>' ..
        '<body><p>Body.</p></body></html>')
      assert.are.equal("2024-05-06", d.date)
    end)

    it("ignore a datetime that is no date (a duration)", function()
      local d = one("a.html", '<html><body><p>Read in <time datetime="PT2M">2 min</time>.</p></body></html>')
      assert.is_nil(d.date)
      assert.is_nil(d.warning)
    end)
  end)

  describe("titles", function()
    it("lose a tail that names the site", function()
      local d = one("a.html", '<html><head><title>Chips are scarce - The Verge</title>' ..
        '<link rel="canonical" href="https://www.theverge.com/a"></head><body><p>Body.</p></body></html>')
      assert.are.equal("Chips are scarce", d.title)
      d = one("b.html", '<html><head><title>Chips are scarce | Example Daily</title>' ..
        '<meta property="og:site_name" content="Example Daily"></head><body><p>Body.</p></body></html>')
      assert.are.equal("Chips are scarce", d.title)
      d = one("c.txt", "Chips are scarce \u{2014} BBC News\nhttps://www.bbc.co.uk/news/1\n\nBody.\n",
        { outlets = { ["bbc.co.uk"] = "BBC News" } })
      assert.are.equal("Chips are scarce", d.title)
      d = one("d.txt", "Chips are scarce | Small-Blog\nhttps://small-blog.example/1\n\nBody.\n")
      assert.are.equal("Chips are scarce", d.title)
    end)

    it("keep a dash that does not lead to the site's name", function()
      local d = one("a.txt", "Microsoft - OpenAI deal is changing\nhttps://www.theverge.com/a\n\nBody.\n")
      assert.are.equal("Microsoft - OpenAI deal is changing", d.title)
      d = one("b.txt", "Chips are scarce - analysts\nhttps://www.theverge.com/a\n\nBody.\n")
      assert.are.equal("Chips are scarce - analysts", d.title)
      d = one("c.txt", "Chips are scarce - The Verge\n\nBody without a URL.\n")
      assert.are.equal("Chips are scarce - The Verge", d.title)
      d = one("d.md", "---\ntitle: The Verge - a profile\nurl: https://www.theverge.com/a\n---\nBody.\n")
      assert.are.equal("The Verge - a profile", d.title)
    end)
  end)
end)
