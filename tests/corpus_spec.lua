-- paa.corpus: reading a corpus of news articles (formats, decoding, dates,
-- walking folders, bad inputs, lifecycle, streaming). Every fixture is
-- built here, in a fresh temporary folder.
local h = require "helpers"
local corpus = require "paa.corpus"

-- the ids of a list of documents, in order
local function ids(docs)
  local t = {}
  for i, d in ipairs(docs) do t[i] = d.id end
  return t
end

-- the only document of a corpus, and its warnings
local function only(paths, opts)
  local docs, warnings, c = h.read(paths, opts)
  assert.are.equal(1, #docs, "expected exactly one document")
  return docs[1], warnings, c
end

-- a symbolic link 'path' -> 'target'
local function symlink(target, path)
  local _, err, status = h.sh("ln -s " .. h.q(target) .. " " .. h.q(path))
  assert(status == 0, err)
end

-- the lines of 's' that match 'pattern'
local function lines_matching(s, pattern)
  local t = {}
  for line in s:gmatch("[^\n]+") do
    if line:match(pattern) then t[#t + 1] = line end
  end
  return t
end

local function is_root()
  return (h.sh("id -u")) == "0\n"
end

-- Skipped inputs are also recorded for the host's exit status: h.cleanup
-- forgets them after each test, so busted's own status stays 0.
local forget_skipped = h.forget_skipped

describe("paa.corpus", function()
  after_each(h.cleanup)

  ---------------------------------------------------------------------------
  describe("formats", function()
    describe("text and Markdown", function()
      it("takes title, source, date and url from front matter and drops it from the text", function()
        local dir = h.tmpdir()
        h.write(dir .. "/wire/a.md", "---\n" ..
          "title: \"Big News\"\n" ..
          "source: The Wire\n" ..
          "date: 2025-06-16T10:00:00Z\n" ..
          "url: https://example.com/a\n" ..
          "author: Ann Lee\n" ..
          "tags: ai, chips\n" ..
          "---\n\nFirst para.\n\nSecond para.\n")
        local d, warnings = only(dir)
        assert.are.same({}, warnings)
        assert.are.equal("wire/a.md", d.id)
        assert.are.equal(dir .. "/wire/a.md", d.path)
        assert.are.equal("Big News", d.title)
        assert.are.equal("The Wire", d.source)
        assert.are.equal("2025-06-16", d.date)
        assert.are.equal("https://example.com/a", d.url)
        assert.are.equal("markdown", d.format)
        assert.are.equal("utf-8", d.encoding)
        assert.are.equal("First para.\n\nSecond para.\n", d.text)
        assert.are.equal(#d.text, d.bytes)
        assert.are.equal(4, d.words)
        assert.are.same({ author = "Ann Lee", tags = "ai, chips" }, d.meta)
        assert.is_nil(d.line)
        assert.is_nil(d.warning)
      end)

      it("reads front matter in a .txt file too", function()
        local dir = h.tmpdir()
        h.write(dir .. "/x/story.txt", "---\ntitle: Plain Title\noutlet: Ledger\n---\nBody words here.\n")
        local d = only(dir)
        assert.are.equal("text", d.format)
        assert.are.equal("Plain Title", d.title)
        assert.are.equal("Ledger", d.source)
        assert.are.equal("Body words here.\n", d.text)
        assert.is_nil(d.meta)
      end)

      it("without front matter, takes the source from the first folder under the root", function()
        local dir = h.tmpdir()
        h.write(dir .. "/techwire/2025/june/story.txt", "Chips are scarce\n\nThe text.\n")
        local d = only(dir)
        assert.are.equal("techwire", d.source)
        assert.are.equal("techwire/2025/june/story.txt", d.id)
        assert.is_nil(d.date)
        assert.is_nil(d.url)
        assert.is_nil(d.meta)
      end)

      it("without front matter, takes the source from the name of the root folder a file sits in", function()
        local dir = h.tmpdir()
        h.write(dir .. "/marketpulse.txt", "Markets fall\n\nStocks fell.\n")
        local d = only(dir)
        assert.are.equal(dir:match("[^/]+$"), d.source)
        assert.are.equal("marketpulse.txt", d.id)
      end)

      it("takes the source from the stem of a file given as the root", function()
        local dir = h.tmpdir()
        local file = h.write(dir .. "/the-ledger.final.md", "# Ledger\n\nText.\n")
        local d = only(file)
        assert.are.equal("the-ledger.final", d.source)
        assert.are.equal(file, d.id)
        assert.are.equal(file, d.path)
      end)

      it("takes the title from the first headline-like line", function()
        local dir = h.tmpdir()
        h.write(dir .. "/s/a.txt", "Updated:\nOpenAI raises $40bn in new round\n\n" ..
          "The company said on Monday that it had raised money.\n")
        h.write(dir .. "/s/b.md", "\n# Nvidia beats estimates\n\nRevenue rose again.\n")
        local docs = h.read(dir)
        assert.are.same({ "s/a.txt", "s/b.md" }, ids(docs))
        assert.are.equal("OpenAI raises $40bn in new round", docs[1].title)
        assert.are.equal("Nvidia beats estimates", docs[2].title)
        assert.are.equal("\n# Nvidia beats estimates\n\nRevenue rose again.\n", docs[2].text)
      end)
    end)

    describe("HTML", function()
      local page = [[
<!DOCTYPE html>
<html><head><title>Tom &amp; Jerry&#8217;s</title>
<meta property="og:site_name" content="Daily Bugle">
<meta property="article:published_time" content="2025-03-04T08:00:00Z">
<meta name="author" content="Peter Parker">
<link rel="canonical" href="https://bugle.example/tj">
<style>p { color: red }</style>
<script>var x = "<p>not text</p>";</script>
</head>
<body><h1>Head &mdash; line</h1>
<p>One &amp; two.</p><p>It&#8217;s <b>bold</b>
and plain.</p>
<!-- a comment -->
</body></html>
]]

      it("strips tags, drops script and style, decodes entities and breaks paragraphs", function()
        local dir = h.tmpdir()
        h.write(dir .. "/bugle/page.html", page)
        local d, warnings = only(dir)
        assert.are.same({}, warnings)
        assert.are.equal("html", d.format)
        assert.are.equal("Head \u{2014} line\n\nOne & two.\n\nIt\u{2019}s bold and plain.", d.text)
        assert.are.equal(8, d.words)
      end)

      it("takes metadata from <title>, og:site_name, article:published_time and the canonical link", function()
        local dir = h.tmpdir()
        h.write(dir .. "/bugle/page.html", page)
        local d = only(dir)
        assert.are.equal("Tom & Jerry\u{2019}s", d.title)
        assert.are.equal("Daily Bugle", d.source)
        assert.are.equal("2025-03-04", d.date)
        assert.are.equal("https://bugle.example/tj", d.url)
        assert.are.same({ author = "Peter Parker" }, d.meta)
      end)

      it("prefers og:title, which lacks the site's name, to <title>", function()
        local dir = h.tmpdir()
        h.write(dir .. "/s/p.html", '<html><head><title>Deal done | The Wire</title>' ..
          '<meta property="og:title" content="Deal done"></head><body><p>Text.</p></body></html>')
        assert.are.equal("Deal done", only(dir).title)
      end)

      it("reads .htm files as HTML", function()
        local dir = h.tmpdir()
        h.write(dir .. "/s/old.htm", "<p>Old&nbsp;page</p><div>Second</div>")
        local d = only(dir)
        assert.are.equal("html", d.format)
        assert.are.equal("Old page\n\nSecond", d.text)
        assert.are.equal("Old page", d.title)
        assert.are.equal("s", d.source)
      end)
    end)

    describe("JSONL", function()
      it("yields one document per line with id '<relpath>:<line>' and a line field", function()
        local dir = h.tmpdir()
        h.write(dir .. "/feeds/wire.jsonl",
          '{"text": "First story text.", "title": "One"}\n' ..
          '{"text": "Second story text.", "title": "Two"}\n')
        local docs, warnings = h.read(dir)
        assert.are.same({}, warnings)
        assert.are.same({ "feeds/wire.jsonl:1", "feeds/wire.jsonl:2" }, ids(docs))
        assert.are.equal(1, docs[1].line)
        assert.are.equal(2, docs[2].line)
        assert.are.equal("First story text.", docs[1].text)
        assert.are.equal("Two", docs[2].title)
        assert.are.equal("jsonl", docs[1].format)
        assert.are.equal("feeds", docs[1].source)
        assert.are.equal(dir .. "/feeds/wire.jsonl", docs[2].path)
      end)

      it("ignores blank lines but keeps counting them", function()
        local dir = h.tmpdir()
        h.write(dir .. "/f.ndjson", '\n{"text": "A"}\n   \n\n{"text": "B"}\n')
        local docs, warnings = h.read(dir)
        assert.are.same({}, warnings)
        assert.are.same({ "f.ndjson:2", "f.ndjson:5" }, ids(docs))
        assert.are.equal("jsonl", docs[2].format)
      end)

      it("takes the text from text, content or body", function()
        local dir = h.tmpdir()
        h.write(dir .. "/f.jsonl",
          '{"text": "from text"}\n{"content": "from content"}\n{"body": "from body"}\n')
        local docs = h.read(dir)
        assert.are.equal("from text", docs[1].text)
        assert.are.equal("from content", docs[2].text)
        assert.are.equal("from body", docs[3].text)
      end)

      it("takes title/headline, source/outlet, date/published and url; other strings go to meta", function()
        local dir = h.tmpdir()
        h.write(dir .. "/feeds/f.jsonl",
          '{"text": "T1.", "title": "Title one", "source": "Wire", "date": "2025-06-16", ' ..
          '"url": "https://w.example/1", "author": "Ann", "n": 3, "tags": ["x"]}\n' ..
          '{"body": "T2.", "headline": "Headline two", "outlet": "Post", ' ..
          '"published": "June 16, 2025"}\n')
        local docs, warnings = h.read(dir)
        assert.are.same({}, warnings)
        local a, b = docs[1], docs[2]
        assert.are.equal("Title one", a.title)
        assert.are.equal("Wire", a.source)
        assert.are.equal("2025-06-16", a.date)
        assert.are.equal("https://w.example/1", a.url)
        assert.are.same({ author = "Ann" }, a.meta)
        assert.are.equal("Headline two", b.title)
        assert.are.equal("Post", b.source)
        assert.are.equal("2025-06-16", b.date)
        assert.is_nil(b.url)
        assert.is_nil(b.meta)
      end)

      it("takes the title from the text when there is no title field", function()
        local dir = h.tmpdir()
        h.write(dir .. "/f.jsonl", '{"text": "Short headline\\n\\nThe body of it."}\n')
        local d = only(dir)
        assert.are.equal("Short headline", d.title)
        assert.are.equal("Short headline\n\nThe body of it.", d.text)
        assert.are.equal("f", d.source)
      end)
    end)
  end)

  ---------------------------------------------------------------------------
  describe("decoding", function()
    it("strips a UTF-8 byte order mark", function()
      local dir = h.tmpdir()
      h.write(dir .. "/s/bom.txt", "\xEF\xBB\xBFBOM text\n")
      local d = only(dir)
      assert.are.equal("BOM text\n", d.text)
      assert.are.equal("BOM text", d.title)
      assert.are.equal("utf-8", d.encoding)
    end)

    it("turns CRLF and lone CR into LF", function()
      local dir = h.tmpdir()
      h.write(dir .. "/s/crlf.txt", "one\r\ntwo\rthree\n\r\nfour")
      local d = only(dir)
      assert.are.equal("one\ntwo\nthree\n\nfour", d.text)
    end)

    it("reads front matter written with CRLF", function()
      local dir = h.tmpdir()
      h.write(dir .. "/s/crlf.md", "---\r\ntitle: Windows\r\n---\r\nBody.\r\n")
      local d = only(dir)
      assert.are.equal("Windows", d.title)
      assert.are.equal("Body.\n", d.text)
    end)

    it("reads invalid UTF-8 as Windows-1252, with one warning, and still yields the document", function()
      local dir = h.tmpdir()
      h.write(dir .. "/s/latin.txt", "caf\xE9 \x93quoted\x94\n")
      h.write(dir .. "/s/next.txt", "Next\n")
      local docs, warnings, c = h.read(dir)
      assert.are.same({ "s/latin.txt", "s/next.txt" }, ids(docs))
      local d = docs[1]
      assert.are.equal("caf\u{E9} \u{201C}quoted\u{201D}\n", d.text)
      assert.are.equal("windows-1252", d.encoding)
      assert.are.equal("not valid UTF-8 (byte 3); read as Windows-1252", d.warning)
      assert.are.same({ dir .. "/s/latin.txt: not valid UTF-8 (byte 3); read as Windows-1252" }, warnings)
      assert.is_nil(docs[2].warning)
      assert.are.same({}, c:skipped())
      assert.are.equal(1, c:stats().notes)
      assert.are.equal(0, c:stats().skipped)
    end)

    it("decodes UTF-16LE with a byte order mark", function()
      local dir = h.tmpdir()
      -- "Café ’s\n" in UTF-16LE
      h.write(dir .. "/s/u16.txt", "\xFF\xFE" .. "C\0a\0f\0\xE9\0 \0\x19\x20s\0\n\0")
      local d, warnings = only(dir)
      assert.are.same({}, warnings)
      assert.are.equal("Caf\u{E9} \u{2019}s\n", d.text)
      assert.are.equal("utf-16", d.encoding)
      assert.is_nil(d.warning)
    end)
  end)

  ---------------------------------------------------------------------------
  describe("dates", function()
    local function date_of(raw)
      local dir = h.tmpdir()
      h.write(dir .. "/d.md", "---\ndate: " .. raw .. "\n---\nBody.\n")
      local d, warnings = only(dir)
      return d.date, warnings, d, dir
    end

    it("normalises an ISO timestamp to its day", function()
      assert.are.equal("2025-06-16", (date_of("2025-06-16T10:00:00Z")))
    end)

    it("normalises 'June 16, 2025'", function()
      assert.are.equal("2025-06-16", (date_of("June 16, 2025")))
    end)

    it("normalises '16 Jun 2025'", function()
      assert.are.equal("2025-06-16", (date_of("16 Jun 2025")))
    end)

    it("normalises an RFC 2822 date 'Mon, 16 Jun 2025 09:30:00 GMT'", function()
      assert.are.equal("2025-06-16", (date_of("Mon, 16 Jun 2025 09:30:00 GMT")))
    end)

    it("normalises a month 'March 2025' to '2025-03'", function()
      assert.are.equal("2025-03", (date_of("March 2025")))
    end)

    it("leaves an unparseable date nil with one warning, keeping the raw value in meta", function()
      local date, warnings, d, dir = date_of("sometime soon")
      assert.is_nil(date)
      assert.are.equal("date 'sometime soon' not understood; left empty", d.warning)
      assert.are.same({ dir .. "/d.md: date 'sometime soon' not understood; left empty" }, warnings)
      assert.are.same({ date_raw = "sometime soon" }, d.meta)
      assert.are.equal("Body.\n", d.text)
    end)

    it("does not accept an impossible day", function()
      local date, warnings = date_of("2025-02-30")
      assert.is_nil(date)
      assert.are.equal(1, #warnings)
    end)

    it("reads ordinals and the year alone, and rejects near-misses", function()
      assert.are.equal("2025-06-01", (date_of("June 1st, 2025")))
      assert.are.equal("2025-06-22", (date_of("22nd June 2025")))
      assert.are.equal("2019", (date_of("2019")))
      -- found by fuzzing: a digit and a lone letter once read past the end
      for _, raw in ipairs { "8t", "8s", "June 8t", "12 Juneteenth 2025", "2025-13-01" } do
        assert.is_nil((date_of(raw)), raw)
      end
    end)
  end)

  ---------------------------------------------------------------------------
  describe("word counts", function()
    it("are the text's word and number tokens, or left out with words = false", function()
      local text = require "paa.text"
      local dir = h.tmpdir()
      h.write(dir .. "/a.txt", "OpenAI’s $22.4bn for-profit round, 8.1% of U.S. GDP.")
      assert.are.equal(text.count("OpenAI’s $22.4bn for-profit round, 8.1% of U.S. GDP."),
        only(dir).words)
      assert.are.equal(8, only(dir).words)
      assert.is_nil(only(dir, { words = false }).words)
      assert.has_error(function() corpus.open(dir, { words = 1 }) end,
        "paa.corpus: option 'words' must be a boolean, got number")
    end)
  end)

  describe("walking", function()
    -- a tree: upper case sorts first, folders depth first, hidden entries
    -- left out, and one link back up
    local function tree()
      local dir = h.tmpdir()
      h.write(dir .. "/Z.txt", "Z\n")
      h.write(dir .. "/a/1.txt", "A one\n")
      h.write(dir .. "/a/.hidden.txt", "hidden file\n")
      h.write(dir .. "/b/2.md", "B two\n")
      h.write(dir .. "/b/sub/3.txt", "B sub\n")
      h.write(dir .. "/b-x.txt", "B dash\n")
      h.write(dir .. "/c.TXT", "C upper\n")
      h.write(dir .. "/.git/HEAD.txt", "hidden folder\n")
      return dir
    end

    it("goes into folders recursively in a sorted, depth-first order", function()
      local dir = tree()
      local docs, warnings = h.read(dir)
      assert.are.same({}, warnings)
      assert.are.same({ "Z.txt", "a/1.txt", "b/2.md", "b/sub/3.txt", "b-x.txt", "c.TXT" }, ids(docs))
    end)

    it("gives the same order on every walk", function()
      local dir = tree()
      local c = assert(corpus.open(dir, { warn = false }))
      local first, second = {}, {}
      for d in c:docs() do first[#first + 1] = d.id end
      for d in c:docs() do second[#second + 1] = d.id end
      assert.are.equal(6, #first)
      assert.are.same(first, second)
    end)

    it("leaves hidden files and folders alone without counting them", function()
      local dir = tree()
      local docs, _, c = h.read(dir)
      for _, d in ipairs(docs) do assert.is_nil(d.path:find("/%.")) end
      local st = c:stats()
      assert.is_number(st.hash)
      st.hash = nil
      assert.are.same({ files = 6, docs = 6, skipped = 0, ignored = 0, notes = 0, bytes = 35 }, st)
    end)

    it("fingerprints what a walk read: the sum of a hash of each document's id and text", function()
      local dedup = require "paa.dedup"
      local dir = tree()
      local c = assert(corpus.open(dir))
      local sum = 0
      for d in c:docs() do sum = sum + dedup.hash(string.pack("<s4i8", d.id, dedup.hash(d.text))) end
      assert.are.equal(sum, c:stats().hash)
      -- a clean walk hashes the texts as read, before boilerplate is removed
      for _ in c:docs{ clean = true } do end
      assert.are.equal(sum, c:stats().hash)
      h.write(dir .. "/a/1.txt", "changed")
      for _ in c:docs() do end
      assert.are_not.equal(sum, c:stats().hash)
    end)

    it("survives a symbolic link loop without hanging or reading twice", function()
      local dir = tree()
      symlink("..", dir .. "/b/sub/loop")
      symlink(".", dir .. "/self")
      local docs, warnings, c = h.read(dir)
      assert.are.same({}, warnings)
      assert.are.same({ "Z.txt", "a/1.txt", "b/2.md", "b/sub/3.txt", "b-x.txt", "c.TXT" }, ids(docs))
      assert.are.equal(6, c:stats().docs)
    end)

    it("ignores unsupported extensions in folders and counts them in stats().ignored", function()
      local dir = h.tmpdir()
      h.write(dir .. "/s/story.txt", "Story\n")
      h.write(dir .. "/s/photo.png", "\x89PNG\r\n\x1A\n\0\0")
      h.write(dir .. "/s/report.pdf", "%PDF-1.4\n")
      local docs, warnings, c = h.read(dir)
      assert.are.same({}, warnings)
      assert.are.same({ "s/story.txt" }, ids(docs))
      assert.are.equal(2, c:stats().ignored)
      assert.are.equal(1, c:stats().files)
      assert.are.same({}, c:skipped())
    end)

    it("reads a file given directly whatever its extension", function()
      local dir = h.tmpdir()
      local file = h.write(dir .. "/notes.pdf", "Plain words in a pdf\n")
      local d = only(file)
      assert.are.equal("Plain words in a pdf\n", d.text)
      assert.are.equal("text", d.format)
      assert.are.equal("notes", d.source)
    end)

    it("reads every file in folders with all_files", function()
      local dir = h.tmpdir()
      h.write(dir .. "/s/a.txt", "A\n")
      h.write(dir .. "/s/b.log", "B log\n")
      local docs, _, c = h.read(dir, { all_files = true })
      assert.are.same({ "s/a.txt", "s/b.log" }, ids(docs))
      assert.are.equal("text", docs[2].format)
      assert.are.equal(0, c:stats().ignored)
    end)

    it("walks several roots in the order given", function()
      local one, two = h.tmpdir(), h.tmpdir()
      h.write(one .. "/x/a.txt", "One A\n")
      h.write(two .. "/y/a.txt", "Two A\n")
      h.write(two .. "/y/b.txt", "Two B\n")
      local single = h.write(one .. "/solo.md", "Solo\n")
      local docs, _, c = h.read({ two, single, one })
      local paths = {}
      for i, d in ipairs(docs) do paths[i] = d.path end
      -- solo.md is also met again under 'one'
      assert.are.same({ two .. "/y/a.txt", two .. "/y/b.txt", single, one .. "/solo.md", one .. "/x/a.txt" }, paths)
      assert.are.same({ "y", "y", "solo", one:match("[^/]+$"), "x" }, { docs[1].source, docs[2].source,
        docs[3].source, docs[4].source, docs[5].source })
      assert.are.same({ two, single, one }, c:roots())
      assert.are.equal("paa.Corpus (" .. two .. " and 2 more)", tostring(c))
    end)

    it("drops trailing slashes from roots", function()
      local dir = h.tmpdir()
      h.write(dir .. "/s/a.txt", "A\n")
      local c = assert(corpus.open(dir .. "//", { warn = false }))
      assert.are.same({ dir }, c:roots())
      assert.are.equal("paa.Corpus (" .. dir .. ")", tostring(c))
      local it, walk = c:docs()
      assert.are.equal("s/a.txt", it(walk).id)
    end)

    it("returns iterator, walk, nil and the walk as closing value from docs()", function()
      local dir = h.tmpdir()
      h.write(dir .. "/a.txt", "A\n")
      local c = assert(corpus.open(dir))
      local it, walk, ctl, closer = c:docs()
      assert.is_function(it)
      assert.is_nil(ctl)
      assert.are.equal(walk, closer)
      assert.are.equal("paa.Walk (open)", tostring(walk))
      assert.are.equal("a.txt", it(walk).id)
      assert.is_nil(it(walk))
      assert.are.equal("paa.Walk (closed)", tostring(walk))
      assert.is_nil(it(walk))  -- a finished walk stays finished
    end)

    it("closes the walk when a for loop is left with break", function()
      local dir = h.tmpdir()
      for i = 1, 5 do h.write(dir .. "/s/" .. i .. ".txt", "Doc " .. i .. "\n") end
      local c = assert(corpus.open(dir))
      local it, walk, ctl, closer = c:docs()
      local n = 0
      for _ in it, walk, ctl, closer do
        n = n + 1
        if n == 2 then break end
      end
      assert.are.equal(2, n)
      assert.are.equal("paa.Walk (closed)", tostring(closer))
      assert.is_nil(c:stats())  -- no walk ran to its end
      for _ in c:docs() do end
      assert.are.equal(5, c:stats().docs)
    end)
  end)

  ---------------------------------------------------------------------------
  describe("shards", function()
    -- files, a JSONL feed with blank, bad and oversized lines, and inputs
    -- that are skipped: every kind of unit a walk numbers
    local function mixed()
      local dir = h.tmpdir()
      h.write(dir .. "/a.txt", "Alpha text\n")
      h.write(dir .. "/b/empty.txt", "")
      h.write(dir .. "/b/bin.txt", "bin\0ary")
      h.write(dir .. "/b/c.md", "# C\n\nSee text.\n")
      h.write(dir .. "/feed.jsonl", table.concat({
        '{"text": "one", "source": "Wire"}', "", '{"text": "two"}', "{bad json", "   ",
        '{"title": "no text"}', '{"text": "' .. string.rep("x", 300) .. '"}', '{"text": "three"}',
        '{"text": "caf\\u00e9"}' }, "\n") .. "\n")
      h.write(dir .. "/blank.jsonl", "\n\n")
      h.write(dir .. "/z.txt", "Zed \xe9t\xe9\n")
      return dir
    end

    -- one walk of 'dir' (shard k of n, or all): documents, messages, stats
    local function walk(dir, k, n)
      local told = {}
      local c = assert(corpus.open(dir, { max_bytes = 200, warn = function(msg) told[#told + 1] = msg end }))
      local docs = {}
      for d in c:docs{ shard = k and { k, n } or nil } do docs[#docs + 1] = d end
      return docs, told, c:stats()
    end

    it("split the inputs between workers: each document and each message once, stats that add up", function()
      local dir = mixed()
      local all, told, st = walk(dir)
      assert.is_true(#all >= 6 and #told >= 5)
      for n = 1, 4 do
        local docs, msgs, sum = {}, {}, { docs = 0, skipped = 0, files = 0, bytes = 0, notes = 0,
                                          ignored = 0, hash = 0 }
        for k = 1, n do
          local d, t, s = walk(dir, k, n)
          for _, x in ipairs(d) do
            assert.are.equal(k - 1, (x.index - 1) % n)
            docs[#docs + 1] = x
          end
          for _, m in ipairs(t) do msgs[#msgs + 1] = m end
          for key in pairs(sum) do sum[key] = sum[key] + s[key] end
        end
        table.sort(docs, function(a, b) return a.index < b.index end)
        assert.are.same(all, docs)
        table.sort(msgs)
        local want = {}
        for i, m in ipairs(told) do want[i] = m end
        table.sort(want)
        assert.are.same(want, msgs)
        assert.are.same(st, sum)
      end
      forget_skipped()
    end)

    it("number the inputs in walk order, the same in every shard", function()
      local dir = mixed()
      local all = walk(dir)
      for i = 2, #all do assert.is_true(all[i].index > all[i - 1].index) end
      local second = walk(dir, 2, 3)
      for _, d in ipairs(second) do assert.are.equal(2, (d.index - 1) % 3 + 1) end
      forget_skipped()
    end)

    it("refuse a shard out of range", function()
      local c = assert(corpus.open(mixed()))
      assert.has_error(function() c:docs{ shard = { 3, 2 } } end)
      assert.has_error(function() c:docs{ shard = { 0, 2 } } end)
    end)
  end)

  describe("bad inputs", function()
    -- A folder with a good file and 'make(dir)' making one bad input (and
    -- returning its path): the good one is read, the bad one skipped with
    -- exactly one warning, its path followed by 'warning'.
    local function one_bad(make, warning, opts)
      local dir = h.tmpdir()
      h.write(dir .. "/s/good.txt", "Good story\n\nIt reads fine.\n")
      local bad = make(dir .. "/s")
      local docs, warnings, c = h.read(dir, opts)
      assert.are.same({ "s/good.txt" }, ids(docs))
      assert.are.same({ bad .. warning }, warnings)
      local skipped = c:skipped()
      assert.are.equal(1, #skipped)
      assert.are.equal(bad, skipped[1].path)
      assert.is_true(skipped[1].skipped)
      assert.are.equal(1, c:stats().skipped)
      assert.are.equal(1, c:stats().docs)
      return skipped[1], c
    end

    it("skips a binary file (NUL bytes)", function()
      local s = one_bad(function(d) return h.write(d .. "/bin.txt", "ab\0cd") end,
        ": binary file (NUL byte at offset 2), not text; skipped")
      assert.are.equal("binary file (NUL byte at offset 2), not text", s.reason)
      assert.are.equal("s", s.source)
      assert.is_nil(s.line)
    end)

    it("skips an empty file", function()
      one_bad(function(d) return h.write(d .. "/empty.txt", "") end,
        ": empty file; skipped")
    end)

    it("skips an empty JSONL file", function()
      one_bad(function(d) return h.write(d .. "/empty.jsonl", "") end,
        ": empty file; skipped")
    end)

    it("skips a file of white space only", function()
      one_bad(function(d) return h.write(d .. "/blank.txt", " \n\t\r\n  ") end,
        ": no text (only white space); skipped")
    end)

    it("skips a JSONL file of blank lines only", function()
      -- like an empty or a white-space text file, this input gives no
      -- document and must say so once
      local dir = h.tmpdir()
      h.write(dir .. "/s/good.txt", "Good story\n")
      local bad = h.write(dir .. "/s/blank.jsonl", "\n  \n\n")
      local docs, warnings = h.read(dir)
      assert.are.same({ "s/good.txt" }, ids(docs))
      assert.are.equal(1, #warnings)
      assert.are.equal(bad .. ":", warnings[1]:sub(1, #bad + 1))
      assert.matches("; skipped$", warnings[1])
    end)

    it("skips a file with only front matter", function()
      one_bad(function(d) return h.write(d .. "/front.md", "---\ntitle: Nothing else\n---\n\n") end,
        ": no text after the front matter; skipped")
    end)

    it("skips an HTML page without body text", function()
      one_bad(function(d)
        return h.write(d .. "/empty.html", "<html><head><title>T</title></head><body><script>x()</script></body></html>")
      end, ": no text in the HTML body; skipped")
    end)

    it("skips an unreadable file (a dangling link)", function()
      local s = one_bad(function(d)
        symlink("nowhere.txt", d .. "/gone.txt")
        return d .. "/gone.txt"
      end, ": cannot read: No such file or directory; skipped")
      assert.are.equal("cannot read: No such file or directory", s.reason)
    end)

    it("skips a file without read permission", function()
      if is_root() then
        pending("running as root: permissions do not stop reads")
        return
      end
      one_bad(function(d)
        local f = h.write(d .. "/locked.txt", "secret\n")
        assert(os.execute("chmod 000 " .. h.q(f)))
        return f
      end, ": cannot read: Permission denied; skipped")
    end)

    it("skips a malformed JSONL line, naming its line, and reads the others", function()
      local dir = h.tmpdir()
      local bad = h.write(dir .. "/bad.jsonl",
        '{"text": "line one"}\n{"text": oops}\n{"text": "line three"}\n')
      local docs, warnings, c = h.read(dir)
      assert.are.same({ "bad.jsonl:1", "bad.jsonl:3" }, ids(docs))
      assert.are.same({ bad .. ":2: malformed JSON: unexpected 'o' at column 10; skipped" }, warnings)
      local s = c:skipped()
      assert.are.equal(1, #s)
      assert.are.equal(bad, s[1].path)
      assert.are.equal(2, s[1].line)
      assert.are.equal("malformed JSON: unexpected 'o' at column 10", s[1].reason)
    end)

    it("skips a JSONL line that is not an object", function()
      local dir = h.tmpdir()
      local bad = h.write(dir .. "/f.jsonl", '[1, 2]\n{"text": "ok"}\n')
      local docs, warnings = h.read(dir)
      assert.are.same({ "f.jsonl:2" }, ids(docs))
      assert.are.same({ bad .. ":1: malformed JSON: expected an object '{' at column 1; skipped" }, warnings)
    end)

    it("skips a JSONL line without a text field", function()
      local dir = h.tmpdir()
      local bad = h.write(dir .. "/f.jsonl", '{"text": "ok"}\n{"title": "no text here"}\n')
      local docs, warnings = h.read(dir)
      assert.are.same({ "f.jsonl:1" }, ids(docs))
      assert.are.same({ bad .. ':2: no text field (expected "text", "content" or "body"); skipped' }, warnings)
    end)

    it("skips a file over opts.max_bytes", function()
      local s = one_bad(function(d) return h.write(d .. "/big.txt", ("word "):rep(60)) end,
        ": too large: 300 bytes, over the limit of 100 bytes (max_bytes); skipped",
        { max_bytes = 100 })
      assert.matches("max_bytes", s.reason)
    end)

    it("reads a file of exactly opts.max_bytes", function()
      local dir = h.tmpdir()
      h.write(dir .. "/s/fits.txt", ("word "):rep(20))
      local d, warnings = only(dir, { max_bytes = 100 })
      assert.are.same({}, warnings)
      assert.are.equal(100, d.bytes)
    end)

    -- a line that fits in the reader's buffer, and one longer than it
    for _, len in ipairs { 500, 300000 } do
      it("skips a JSONL line of " .. len .. " bytes over opts.max_bytes and reads the lines around it", function()
        local dir = h.tmpdir()
        local bad = h.write(dir .. "/f.jsonl",
          '{"text": "before"}\n{"text": "' .. ("x"):rep(len) .. '"}\n{"text": "after"}\n')
        local docs, warnings = h.read(dir, { max_bytes = 200 })
        assert.are.same({ "f.jsonl:1", "f.jsonl:3" }, ids(docs))
        assert.are.same({ bad .. ":2: too large: line longer than the limit of 200 bytes (max_bytes); skipped" },
          warnings)
      end)
    end

    it("passes the warning function the message and a table describing the input", function()
      local dir = h.tmpdir()
      local bad = h.write(dir .. "/feeds/f.jsonl", '{"text": "ok"}\n{"title": "x"}\n')
      local got = {}
      local c = assert(corpus.open(dir, { warn = function(msg, info) got[#got + 1] = { msg, info } end }))
      for _ in c:docs() do end
      assert.are.equal(1, #got)
      assert.are.equal(bad .. ':2: no text field (expected "text", "content" or "body"); skipped', got[1][1])
      -- index: the file is input 1, its lines 2 and 3
      assert.are.same({ path = bad, line = 2, source = "feeds", skipped = true, index = 3,
        reason = 'no text field (expected "text", "content" or "body")' }, got[1][2])
      assert.are.same({ got[1][2] }, c:skipped())
    end)

    it("writes warnings to stderr without a warn function, and not at all with warn = false", function()
      local dir = h.tmpdir()
      local bad = h.write(dir .. "/s/empty.txt", "")
      h.write(dir .. "/s/ok.txt", "OK\n")
      local script = h.write(dir .. "/walk.lua", string.format([[
        local corpus = require "paa.corpus"
        local n = 0
        for _ in corpus.open(%q, { warn = %s }):docs() do n = n + 1 end
        print(n)
      ]], dir .. "/s", "nil"))
      local out, err, status = h.run { script }
      assert.are.equal("1\n", out)
      assert.are.equal("paa: " .. bad .. ": empty file; skipped\n" ..
        "paa: 1 input skipped (see the warnings above)\n", err)
      assert.are.equal(4, status)
      h.write(script, string.format([[
        local corpus = require "paa.corpus"
        for _ in corpus.open(%q, { warn = false }):docs() do end
      ]], dir .. "/s"))
      out, err, status = h.run { script }
      -- silenced, but still counted for the exit status
      assert.are.equal("", out)
      assert.are.equal("paa: 1 input skipped (see the warnings above)\n", err)
      assert.are.equal(4, status)
    end)

    it("records each skipped input once for the host's exit status", function()
      local inputs = require "paa.inputs"
      forget_skipped()
      assert.are.equal(0, inputs.count())
      local dir = h.tmpdir()
      h.write(dir .. "/s/empty.txt", "")
      h.write(dir .. "/s/f.jsonl", '{"text": "ok"}\n{"text": 1}\n')
      local c = assert(corpus.open(dir, { warn = false }))
      for _ in c:docs() do end
      assert.are.equal(2, inputs.count())
      for _ in c:docs() do end  -- the same inputs again
      assert.are.equal(2, inputs.count())
      assert.are.equal(2, #c:skipped())
    end)

    describe("end to end through scripts/overview.lua", function()
      local function fixture()
        local dir = h.tmpdir()
        -- good: 2 in alpha, 2 (JSONL lines) in beta
        h.write(dir .. "/alpha/one.txt", "Alpha one\n\nFirst alpha story text.\n")
        h.write(dir .. "/alpha/two.md", "---\ntitle: Alpha two\ndate: June 16, 2025\n---\nSecond alpha story.\n")
        h.write(dir .. "/beta/feed.jsonl",
          '{"text": "Beta story one.", "title": "Beta one", "date": "2025-03-01"}\n' ..
          '{"text": broken}\n' ..
          '{"headline": "no text"}\n' ..
          '{"text": "Beta story two.", "title": "Beta two"}\n')
        -- bad, one of each
        h.write(dir .. "/beta/binary.txt", "PK\0\3\4")
        h.write(dir .. "/beta/empty.txt", "")
        h.write(dir .. "/beta/blank.txt", "   \n\n")
        h.write(dir .. "/beta/only-front.md", "---\ntitle: Only\n---\n")
        symlink("missing.txt", dir .. "/beta/gone.txt")
        -- over the default limit of 64 MiB, without writing it: a sparse file
        local _, err, status = h.sh("truncate -s 67108865 " .. h.q(dir .. "/beta/huge.txt"))
        assert(status == 0, err)
        h.write(dir .. "/beta/photo.png", "\x89PNG")
        return dir
      end

      it("exits 4 with one warning per bad input and a summary on stderr", function()
        local dir = fixture()
        local _, err, status = h.run { "scripts/overview.lua", dir }
        assert.are.equal(4, status)
        local b = dir .. "/beta/"
        local expected = {
          "paa: " .. b .. "binary.txt: binary file (NUL byte at offset 2), not text; skipped",
          "paa: " .. b .. "blank.txt: no text (only white space); skipped",
          "paa: " .. b .. "empty.txt: empty file; skipped",
          "paa: " .. b .. "feed.jsonl:2: malformed JSON: unexpected 'b' at column 10; skipped",
          "paa: " .. b .. 'feed.jsonl:3: no text field (expected "text", "content" or "body"); skipped',
          "paa: " .. b .. "gone.txt: cannot read: No such file or directory; skipped",
          "paa: " .. b .. "huge.txt: too large: 67108865 bytes, over the limit of 67108864 bytes (max_bytes); skipped",
          "paa: " .. b .. "only-front.md: no text after the front matter; skipped",
        }
        assert.are.same(expected, lines_matching(err, "; skipped$"))
        assert.are.same({ "paa: 8 inputs skipped (see the warnings above)" },
          lines_matching(err, "inputs? skipped %("))
        assert.are.equal(table.concat(expected, "\n") .. "\npaa: 8 inputs skipped (see the warnings above)\n", err)
      end)

      it("counts the good documents per source on stdout", function()
        local dir = fixture()
        local out = h.run { "scripts/overview.lua", dir }
        assert.matches("^Corpus overview: " .. dir:gsub("%p", "%%%0") ..
          "\n4 documents from 2 sources, 2025%-03%-01 to 2025%-06%-16\n", out)
        -- source, documents, words, first, last, undated, skipped
        assert.are.equal(1, #lines_matching(out, "^alpha +2 +9 +2025%-06%-16 +2025%-06%-16 +1 +0$"))
        assert.are.equal(1, #lines_matching(out, "^beta +2 +6 +2025%-03%-01 +2025%-03%-01 +1 +8$"))
        assert.are.equal(1, #lines_matching(out, "^total +4 +15 +2025%-03%-01 +2025%-06%-16 +2 +8$"))
        assert.matches("\n1 file in the folders left alone", out)
        assert.are.equal(1, #lines_matching(out, "^alpha/one%.txt +%- +6 +Alpha one$"))
        assert.are.equal(1, #lines_matching(out, "^alpha/two%.md +2025%-06%-16 +3 +Alpha two$"))
        assert.are.equal(1, #lines_matching(out, "^beta/feed%.jsonl:1 +2025%-03%-01 +3 +Beta one$"))
        assert.are.equal(1, #lines_matching(out, "^beta/feed%.jsonl:4 +%- +3 +Beta two$"))
      end)
    end)
  end)

  ---------------------------------------------------------------------------
  describe("a missing corpus path", function()
    it("makes open return nil and a message naming the path", function()
      local dir = h.tmpdir()
      local missing = dir .. "/no/such/dir"
      local c, msg = corpus.open(missing)
      assert.is_nil(c)
      assert.are.equal("cannot open '" .. missing .. "': No such file or directory", msg)
    end)

    it("fails the whole list when one root is missing", function()
      local dir = h.tmpdir()
      local c, msg = corpus.open({ dir, dir .. "/gone" })
      assert.is_nil(c)
      assert.matches("cannot open", msg)
      assert.matches(dir .. "/gone", msg, 1, true)
    end)

    it("makes scripts/overview.lua exit 2 with a usage hint", function()
      local out, err, status = h.run { "scripts/overview.lua", "/no/such/dir" }
      assert.are.equal(2, status)
      assert.are.equal("", out)
      assert.are.equal("paa: overview: cannot open '/no/such/dir' (CORPUS): No such file or directory\n" ..
        "usage: paa scripts/overview.lua [options] CORPUS...\n", err)
    end)
  end)

  ---------------------------------------------------------------------------
  describe("lifecycle", function()
    local CLOSED = "paa.corpus: attempt to use a closed corpus"

    local function small()
      local dir = h.tmpdir()
      h.write(dir .. "/s/a.txt", "A\n")
      h.write(dir .. "/s/b.txt", "B\n")
      return dir
    end

    it("closes idempotently", function()
      local c = assert(corpus.open(small()))
      c:close()
      assert.has_no.errors(function() c:close() end)
      assert.are.equal("paa.Corpus (closed)", tostring(c))
    end)

    it("raises when a closed corpus is used", function()
      local c = assert(corpus.open(small()))
      c:close()
      assert.has_error(function() c:docs() end, CLOSED)
      assert.has_error(function() c:roots() end, CLOSED)
      assert.has_error(function() c:skipped() end, CLOSED)
      assert.has_error(function() c:stats() end, CLOSED)
    end)

    it("raises when the corpus is closed during a walk", function()
      local c = assert(corpus.open(small()))
      local it, walk = c:docs()
      assert.are.equal("s/a.txt", it(walk).id)
      c:close()
      assert.has_error(function() it(walk) end, CLOSED)
    end)

    it("closes on leaving the scope of a <close> variable", function()
      local kept
      do
        local c <close> = assert(corpus.open(small()))
        kept = c
        local n = 0
        for _ in c:docs() do n = n + 1 end
        assert.are.equal(2, n)
      end
      assert.are.equal("paa.Corpus (closed)", tostring(kept))
      assert.has_error(function() kept:roots() end, CLOSED)
    end)

    it("has stats() only after a walk that ran to its end", function()
      local c = assert(corpus.open(small()))
      assert.is_nil(c:stats())
      assert.are.same({}, c:skipped())
      for _ in c:docs() do end
      assert.are.same({ files = 2, docs = 2, skipped = 0, ignored = 0, notes = 0, bytes = 4,
                        hash = c:stats().hash }, c:stats())
    end)

    it("raises on a path that is not a string or a list of strings", function()
      assert.error_matches(function() corpus.open(42) end,
        "^bad argument #1 to '[%w.]*open' %(string or array of strings expected, got number%)$")
      assert.has_error(function() corpus.open({ "a", 7 }) end,
        "paa.corpus: path 2 is a number, not a string")
      assert.error_matches(function() corpus.open({}) end,
        "^bad argument #1 to '[%w.]*open' %(no corpus path given%)$")
    end)

    it("raises on max_bytes that is not a positive integer", function()
      local dir = small()
      local msg = "paa.corpus: option 'max_bytes' must be a positive integer"
      assert.has_error(function() corpus.open(dir, { max_bytes = -1 }) end, msg)
      assert.has_error(function() corpus.open(dir, { max_bytes = 0 }) end, msg)
      assert.has_error(function() corpus.open(dir, { max_bytes = 1.5 }) end, msg)
      assert.has_error(function() corpus.open(dir, { max_bytes = "10" }) end,
        "paa.corpus: option 'max_bytes' must be a number, got string")
    end)

    it("raises on a warn option that is not a function or false", function()
      assert.has_error(function() corpus.open(small(), { warn = 3 }) end,
        "paa.corpus: option 'warn' must be a function or false, got number")
      assert.has_error(function() corpus.open(small(), { warn = true }) end,
        "paa.corpus: option 'warn' must be a function or false, got boolean")
    end)
  end)

  ---------------------------------------------------------------------------
  describe("edge cases", function()
    it("skips a file that is only a UTF-16 byte order mark", function()
      local dir = h.tmpdir()
      h.write(dir .. "/a.txt", "\xFF\xFE")
      h.write(dir .. "/b.txt", "Real text.")
      local docs, warnings = h.read(dir)
      assert.are.same({ "b.txt" }, ids(docs))
      assert.are.same({ dir .. "/a.txt: no text (only white space); skipped" }, warnings)
    end)

    it("turns a UTF-16 U+0000 into U+FFFD: text never holds NUL bytes", function()
      local dir = h.tmpdir()
      h.write(dir .. "/a.txt", "\xFF\xFEA\0\0\0B\0")
      assert.are.equal("A\u{FFFD}B", only(dir).text)
    end)

    it("names the right byte of invalid UTF-8 after a byte order mark", function()
      local dir = h.tmpdir()
      h.write(dir .. "/a.txt", "\xEF\xBB\xBFcaf\xE9")
      local d, warnings = only(dir)
      assert.are.equal("café", d.text)
      assert.are.same({ dir .. "/a.txt: not valid UTF-8 (byte 6); read as Windows-1252" }, warnings)
    end)

    it("keeps '<' that opens no tag, reads </br> and long numeric references", function()
      local dir = h.tmpdir()
      h.write(dir .. "/a.html", "<p>Temperatures <5 degrees, a < b.</p><p>Next</p>" ..
        "<p>x</br>y &#0000000065; <custom-element-with-a-long-name>z</custom-element-with-a-long-name></p>")
      assert.are.equal("Temperatures <5 degrees, a < b.\n\nNext\n\nx\ny A z", only(dir).text)
    end)

    it("reads front matter keys written with a space before the colon", function()
      local dir = h.tmpdir()
      h.write(dir .. "/a.md", "---\ntitle : Spaced\n---\nBody.\n")
      assert.are.equal("Spaced", only(dir).title)
    end)

    it("gives distinct JSONL ids however long the path", function()
      local dir = h.tmpdir()
      local long = dir .. "/" .. ("d"):rep(200) .. "/" .. ("e"):rep(200) .. "/" .. ("f"):rep(150)
      h.write(long .. "/feed.jsonl", '{"text": "one"}\n{"text": "two"}\n')
      local docs = h.read(dir)
      assert.are.equal(2, #docs)
      assert.matches(":1$", docs[1].id)
      assert.matches(":2$", docs[2].id)
      assert.are.equal(#long - #dir + #"/feed.jsonl:1" - 1, #docs[1].id)
    end)

    it("names the JSONL line in a note about a document", function()
      local dir = h.tmpdir()
      h.write(dir .. "/a.jsonl", '{"text": "one"}\n{"text": "two", "date": "someday"}\n')
      local got = {}
      local c = assert(corpus.open(dir, { warn = function(msg, info) got[#got + 1] = { msg, info.line } end }))
      for _ in c:docs() do end
      assert.are.same({ { dir .. "/a.jsonl:2: date 'someday' not understood; left empty", 2 } }, got)
    end)

    it("reads JSONL with CR line ends and skips UTF-16 JSONL with a hint", function()
      local dir = h.tmpdir()
      h.write(dir .. "/cr.jsonl", '{"text": "one"}\r{"text": "two"}\r')
      h.write(dir .. "/wide.jsonl", "\xFF\xFE{\0}\0\n\0")
      local docs, warnings = h.read(dir)
      assert.are.same({ "cr.jsonl:1", "cr.jsonl:2" }, ids(docs))
      assert.are.same({ dir .. "/wide.jsonl: UTF-16 JSONL is not read; convert it to UTF-8 " ..
        "(iconv -f UTF-16 -t UTF-8); skipped" }, warnings)
    end)

    it("accepts max_bytes written as a float with an integer value", function()
      local dir = h.tmpdir()
      h.write(dir .. "/a.txt", "Text.")
      assert.are.equal("Text.", only(dir, { max_bytes = 10e6 }).text)
    end)

    it("raises, without touching freed memory, when a warn callback closes the corpus", function()
      local dir = h.tmpdir()
      h.write(dir .. "/a.txt", "")
      h.write(dir .. "/b.txt", "Text.")
      local c
      c = assert(corpus.open(dir, { warn = function() c:close() end }))
      assert.has_error(function() for _ in c:docs() do end end,
        "paa.corpus: attempt to use a closed corpus")
    end)

    it("raises when a warn callback steps its own walk", function()
      local dir = h.tmpdir()
      h.write(dir .. "/a.txt", "")
      h.write(dir .. "/b.txt", "Text.")
      local it, walk
      local c = assert(corpus.open(dir, { warn = function() it(walk) end }))
      it, walk = c:docs()
      assert.has_error(function() it(walk) end,
        "paa.corpus: a warn callback cannot step its own walk")
    end)
  end)

  ---------------------------------------------------------------------------
  describe("memory", function()
    it("streams a JSONL file of 20,000 lines", function()
      local dir = h.tmpdir()
      local lines = {}
      for i = 1, 20000 do
        lines[i] = string.format('{"text": "Story number %d is here.", "title": "T%d", "date": "2025-06-16"}', i, i)
      end
      local path = h.write(dir .. "/big.jsonl", table.concat(lines, "\n") .. "\n")
      local size = #table.concat(lines, "\n") + 1
      local c = assert(corpus.open(path, { warn = false }))
      local t0 = os.clock()
      local n, last = 0, nil
      for d in c:docs() do
        n = n + 1
        last = d
      end
      local elapsed = os.clock() - t0
      assert.are.equal(20000, n)
      assert.are.equal(path .. ":20000", last.id)
      assert.are.equal("Story number 20000 is here.", last.text)
      assert.are.same({ files = 1, docs = 20000, skipped = 0, ignored = 0, notes = 0, bytes = size,
                        hash = c:stats().hash }, c:stats())
      assert.is_true(elapsed < 2, string.format("took %.2f s", elapsed))
    end)
  end)
end)
