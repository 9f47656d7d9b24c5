-- Reading HTML: page furniture (menus, share bars, related links,
-- newsletter boxes, footers, boxes dense with links) is left out, so
-- that only the article's text and title remain; and JSONL text fields
-- holding HTML are read as HTML, while plain text with a '<' stays as is.
local h = require "helpers"
local corpus = require "paa.corpus"

-- the documents of 'path', in walk order
local function docs(path)
  local c = assert(corpus.open(path, { warn = false }))
  local t = {}
  for d in c:docs{ warn = false } do t[#t + 1] = d end
  return t
end

local HEADLINE = "Harbour deal signed after ten years of talks"
local P1 = "The town council signed the harbour agreement on Monday, ending a dispute that began in 2015."
local P2 = "Fishermen said the deal, which the mayor announced in the morning, keeps their berths."
local P3 = "Work on the new quay starts in spring and should be finished before the summer season."

local PAGE = [[<!DOCTYPE html>
<html><head><title>Harbour deal signed | Valley Times</title>
<meta property="og:site_name" content="Valley Times"></head>
<body class="single-post">
<header class="site-header"><a href="/">Valley Times</a> <span>News for the valley</span>
  <nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
  <li><a href="/weather">Weather</a></li></ul></nav>
</header>
<div class="breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="/news">News</a></div>
<main>
<article>
  <header><h1>]] .. HEADLINE .. [[</h1></header>
  <div class="share-buttons"><a href="#">Share on X</a> <a href="#">Share on LinkedIn</a>
    <a href="mailto:">Email</a></div>
  <p>]] .. P1 .. [[</p>
  <p>Fishermen said the deal, which <a href="/mayor">the mayor announced</a> in the morning, keeps their berths.</p>
  <div class="content"><p>]] .. P3 .. [[</p></div>
  <div id="related-posts"><h3>Related</h3><ul><li><a href="/a">Ferry timetable changes</a></li>
    <li><a href="/b">Bridge repairs start</a></li></ul></div>
  <ul class="tags"><li><a href="/t/1">harbour</a></li><li><a href="/t/2">council</a></li></ul>
  <footer>Filed under <a href="/news">News</a></footer>
</article>
<aside><div class="newsletter-box"><p>Get the Valley Briefing in your inbox every morning.</p>
  <form><input type="email"><button>Sign up</button></form></div></aside>
<section><h2>More stories</h2><ul><li><a href="/c">Library reopens after renovation</a></li>
  <li><a href="/d">School choir wins national prize</a></li><li><a href="/e">New bus route</a></li></ul></section>
</main>
<div class="cookie-banner"><p>We value your privacy and use tracking for analytics.</p></div>
<footer><p>&copy; 2025 Valley Times Media. All rights reserved.</p><a href="/licensing">Licensing</a></footer>
</body></html>
]]

describe("reading an HTML page", function()
  after_each(h.cleanup)

  it("keeps only the article's text and its title", function()
    local dir = h.tmpdir()
    h.write(dir .. "/valley/page.html", PAGE)
    local d = docs(dir)
    assert.are.equal(1, #d)
    assert.are.equal("Harbour deal signed", d[1].title)  -- the site's name is cut from the title
    assert.are.equal(HEADLINE .. "\n\n" .. P1 .. "\n\n" .. P2 .. "\n\n" .. P3, d[1].text)
  end)

  it("keeps the <h1> of a page header outside the article, and prose lists and links", function()
    local dir = h.tmpdir()
    h.write(dir .. "/p.html", "<body><header><div class=\"logo\">Valley Times</div>"
      .. "<h1>" .. HEADLINE .. "</h1><nav><a href=\"/\">Home</a></nav></header>"
      .. "<div><p>" .. P1 .. "</p><ul><li>" .. P2 .. "</li><li>" .. P3 .. "</li></ul>"
      .. "<p>Read the <a href=\"/r\">council report</a> on the plan, which runs to ninety pages "
      .. "and was published on Friday.</p></div>"
      .. "<div class=\"shareholder-letter\"><p>The shareholder letter stays.</p></div></body>")
    assert.are.equal(HEADLINE .. "\n\n" .. P1 .. "\n\n" .. P2 .. "\n\n" .. P3 .. "\n\n"
      .. "Read the council report on the plan, which runs to ninety pages and was published on "
      .. "Friday.\n\nThe shareholder letter stays.", docs(dir)[1].text)
  end)

  it("drops elements whose class or id names furniture, in any spelling", function()
    local dir = h.tmpdir()
    h.write(dir .. "/p.html", "<body><p>" .. P1 .. "</p>"
      .. "<div class=\"post socialLinks\">Follow the valley</div>"
      .. "<section id=\"comments\"><p>Great article, thanks for writing it.</p></section>"
      .. "<div class=\"x menu_main\">Home About Contact</div>"
      .. "<span class=\"sharebar\">Tweet this</span>"
      .. "<div class=\"newsletter\">Sign up for the Briefing.</div></body>")
    assert.are.equal(P1, docs(dir)[1].text)
  end)

  it("takes back a header's <h1> with the furniture that held it", function()
    local dir = h.tmpdir()
    h.write(dir .. "/p.html", "<body><p>" .. P1 .. "</p><header><div class=\"menu\">"
      .. "<h1>Valley Times</h1> <a href=\"/\">Home</a></div><span>Est. 1901</span></header>"
      .. "<p>" .. P2 .. "</p></body>")
    assert.are.equal(P1 .. "\n\n" .. P2, docs(dir)[1].text)
  end)
end)

describe("a JSONL text field", function()
  after_each(h.cleanup)

  it("holding HTML is read as HTML", function()
    local dir = h.tmpdir()
    h.write(dir .. "/feed.jsonl",
      '{"source": "wire", "content": "<p>\\u00abSoftBank\\u00bb will put &quot;tens of billions&quot; '
      .. 'into the venture.</p><p>Talks go on &amp; on.</p><div class=\\"share\\">Share on X</div>"}\n'
      .. '{"source": "wire", "body": "  <div>First line<br/>second line</div>"}\n')
    local d = docs(dir)
    assert.are.equal('«SoftBank» will put "tens of billions" into the venture.\n\nTalks go on & on.', d[1].text)
    assert.are.equal("First line\nsecond line", d[2].text)
    assert.are.equal("wire", d[1].source)
  end)

  it("of plain text with a '<' stays as it is", function()
    local dir = h.tmpdir()
    h.write(dir .. "/feed.jsonl",
      '{"text": "We know that a < b and b > c.\\nShares rose <5% as <Company> said &quot;no&quot;."}\n')
    assert.are.equal('We know that a < b and b > c.\nShares rose <5% as <Company> said &quot;no&quot;.',
      docs(dir)[1].text)
  end)
end)
