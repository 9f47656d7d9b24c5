-- report_spec.lua: paa.report's HTML pages and text shades, checked as
-- strings and, in a real headless browser (Debian's chromium), as pages.
local h = require "helpers"
local report = require "paa.report"

local count = h.occurrences

-- 3 themes x 4 groups, one cell missing and one NaN, and a bar chart
local function sample_page()
  return {
    title = "Themes by outlet group",
    intro = "Share of documents per theme.\n\nGrey cells have no documents.",
    sections = {
      { kind = "heatmap", title = "Themes", unit = "share of documents",
        rows = { "economy", "health care", "crime & justice" },
        cols = { "left-leaning outlets", "right-leaning outlets", "wire", "tabloids" },
        values = { { 0.12, 0.5, 0.91, 0 }, { 0.3, 0 / 0, 0.7, 0.2 }, { 1, 0.05, nil, 0.45 } },
        note = "Rows are themes, columns outlet groups." },
      { kind = "bars", title = "Documents per source", unit = "documents",
        items = { { label = "BBC", value = 2225 }, { label = "Guardian", value = 1300 },
                  { label = "Reuters", value = 87, text = "87 (wire)" } } },
      { kind = "table", title = "Sources",
        columns = { { key = "source", title = "source" },
                    { key = "docs", title = "documents", align = "right" } },
        rows = { { source = "BBC", docs = 2225 }, { source = "Guardian", docs = 1300 } },
        total = { source = "total", docs = 3525 } },
    },
  }
end

describe("paa.report.html", function()
  it("escapes all text and lets no script through", function()
    local evil = [[<script>alert("x")</script> & 'y']]
    local out = report.html {
      title = evil, intro = evil,
      sections = {
        { kind = "text", title = evil, text = evil },
        { kind = "text", text = evil, pre = true },
        { kind = "heatmap", title = evil, rows = { evil }, cols = { evil }, values = { { 1 } },
          labels = { { evil } }, unit = evil, note = evil },
        { kind = "bars", title = evil, items = { { label = evil, value = 1, text = evil } }, unit = evil },
        { kind = "table", title = evil, columns = { { key = "a", title = evil } }, rows = { { a = evil } } },
      },
    }
    assert.is_nil(out:find("<script", 1, true))
    assert.is_nil(out:find("alert(\"", 1, true))
    assert.is_nil(out:find("'y'", 1, true))
    h.has("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;", out)
    h.has("<title>&lt;script&gt;", out)
    h.has('data-row="&lt;script&gt;alert(&quot;x&quot;)', out)
    assert.are.equal("a&amp;b&lt;&gt;&quot;&#39;", report.escape("a&b<>\"'"))
  end)

  it("draws one cell per row x column, with a tooltip each", function()
    local out = report.html(sample_page())
    assert.are.equal(12, count(out, '<rect class="cell"'))
    assert.are.equal(12, count(out, "</title></rect>") - 3)  -- 3 bars have one too
    h.has('data-row="economy" data-col="wire"', out)
    h.has("<title>crime &amp; justice × left-leaning outlets: 1</title>", out)
    -- missing and NaN cells are grey with a dash
    h.has("<title>health care × right-leaning outlets: –</title>", out)
    h.has("<title>crime &amp; justice × wire: –</title>", out)
    assert.are.equal(2, count(out, 'fill="#e5e5e5"'))
    -- the largest value has the darkest colour and white text, zero is white
    h.has('data-value="1" x="', out)
    assert.matches('data%-col="left%-leaning outlets" data%-value="1" [^>]* fill="#084594"', out)
    assert.matches('data%-row="economy" data%-col="tabloids" data%-value="0" [^>]* fill="#ffffff"', out)
    assert.matches('<text class="cell%-text on%-dark"[^>]*>1</text>', out)
    -- long column labels are rotated; the legend shows min and max and the unit
    h.has('transform="rotate(-45', out)
    h.has(">share of documents</text>", out)
    h.has('<p class="note">Rows are themes, columns outlet groups.</p>', out)
  end)

  it("looks cells up by name as well as by position and uses labels", function()
    local out = report.html { title = "t", sections = {
      { kind = "heatmap", rows = { "a", "b" }, cols = { "x", "y" },
        values = { a = { x = 3, y = 12345 }, b = { x = 0 } }, labels = { { "three" } } } } }
    assert.are.equal(4, count(out, '<rect class="cell"'))
    h.has("<title>a × x: three</title>", out)
    h.has("<title>a × y: 12,345</title>", out)
    h.has("<title>b × y: –</title>", out)
    assert.is_nil(out:find("rotate(", 1, true))  -- short labels stay level
  end)

  it("draws one bar per item, longest for the largest value", function()
    local out = report.html(sample_page())
    assert.are.equal(3, count(out, '<rect class="bar"'))
    assert.matches('<rect class="bar" x="%d+" y="%d+" width="480"[^>]*><title>BBC: 2,225</title>', out)
    h.has(">87 (wire)</text>", out)
    h.has(">documents</text>", out)
    local empty = report.html { title = "t", sections = { { kind = "bars", items = {
      { label = "none", value = nil }, { label = "negative", value = -5 }, { label = "nan", value = 0 / 0 } } } } }
    assert.are.equal(3, count(empty, 'width="0" height="18"'))
  end)

  it("renders tables like report.table: separators, format, empty, total", function()
    local out = report.html { title = "t", sections = { { kind = "table", title = "Sources",
      columns = { { key = "source", title = "source" },
                  { key = "docs", title = "documents" },
                  { key = "share", title = "share", align = "right",
                    format = function(v) return string.format("%.1f%%", v * 100) end },
                  { key = "note", title = "note", empty = "-" } },
      rows = { { source = "BBC", docs = 1234567, share = 0.25 }, { source = "<CNN>", docs = 7, note = "x" } },
      total = { source = "total", docs = 1234574, share = 1 } } } }
    h.has('<th class="num">documents</th>', out)
    h.has('<td class="num">1,234,567</td>', out)
    h.has('<td class="num">25.0%</td>', out)
    h.has("<td>-</td>", out)
    h.has("<td>&lt;CNN&gt;</td>", out)
    h.has('<tfoot>\n<tr><td>total</td><td class="num">1,234,574</td><td class="num">100.0%</td><td>-</td></tr>', out)
  end)

  it("writes text as paragraphs, or preformatted", function()
    local out = report.html { title = "t", intro = "One\nline.\n\n\nTwo.", sections = {
      { kind = "text", text = "A.\n \nB." }, { kind = "text", title = "Code", text = "a  b\n  c", pre = true } } }
    h.has("<p>One\nline.</p>\n<p>Two.</p>\n", out)
    h.has("<p>A.</p>\n<p>B.</p>\n", out)
    h.has("<h2>Code</h2>\n<pre>a  b\n  c</pre>", out)
  end)

  it("gives the same bytes for the same page", function()
    local a, b = report.html(sample_page()), report.html(sample_page())
    assert.are.equal(a, b)
    local out = h.run({ "-e", "io.write(require('paa.report').html{ title = 'x', sections = {" ..
      "{ kind = 'heatmap', rows = {'a'}, cols = {'b'}, values = {{0.5}} } } })" })
    local again = h.run({ "-e", "io.write(require('paa.report').html{ title = 'x', sections = {" ..
      "{ kind = 'heatmap', rows = {'a'}, cols = {'b'}, values = {{0.5}} } } })" })
    assert.truthy(#out > 0)
    assert.are.equal(out, again)
  end)

  it("is self-contained: no links out but the SVG namespace, no scripts", function()
    local out = report.html(sample_page())
    local rest = out:gsub('xmlns="http://www%.w3%.org/2000/svg"', "")
    assert.is_nil(rest:find("https?://"))
    assert.is_nil(rest:find("<script", 1, true))
    assert.is_nil(rest:find("<link", 1, true))
    assert.is_nil(rest:find("@import", 1, true))
    assert.is_nil(rest:find("url%(['\"]?[^#]"))  -- only url(#legend-1)
    h.has("<!DOCTYPE html>\n", out)
    h.has("<style>", out)
    h.has("default-src 'none'", out)
  end)

  it("rejects a page without a title and unknown or incomplete sections", function()
    h.has("html page needs a string title", h.error_of(report.html, { sections = {} }))
    h.has("unknown section kind 'pie' (section 1)",
      h.error_of(report.html, { title = "t", sections = { { kind = "pie" } } }))
    h.has("heatmap section 2 needs 'cols'", h.error_of(report.html, { title = "t", sections = {
      { kind = "text", text = "" }, { kind = "heatmap", rows = {}, values = {} } } }))
  end)

  it("copes with an empty grid and no sections", function()
    local out = report.html { title = "t", sections = {
      { kind = "heatmap", rows = {}, cols = {}, values = {} }, { kind = "bars", items = {} } } }
    h.has(">no values</text>", out)
    assert.matches("</main>\n</body>\n</html>\n$", report.html { title = "t" })
  end)
end)

describe("paa.report.clip_marked", function()
  it("never cuts inside a «mark»", function()
    assert.are.equal("a «right of first refusal»…", report.clip_marked("a «right of first refusal» on it", 15))
    assert.are.equal(report.clip("a «b» c d e f g h", 11), report.clip_marked("a «b» c d e f g h", 11))
    assert.are.equal("short «one»", report.clip_marked("short «one»", 40))
    assert.are.equal("x «y z»", report.clip_marked("x «y z»", 4))
  end)

  it("shows a mark that lies past the cut, with a few words before it", function()
    local s = string.rep("word ", 30) .. "led by «SoftBank» and more words after it"
    local out = report.clip_marked(s, 40)
    assert.matches("^…", out)
    assert.matches("«SoftBank»", out)
    assert.is_true(utf8.len(out) <= 45, out)
  end)
end)

describe("paa.report.shade and paa.report.bar", function()
  it("shades by quintile, clamped, with a dot for nil and NaN", function()
    assert.are.equal(" ", report.shade(0))
    assert.are.equal(" ", report.shade(0.19))
    assert.are.equal("░", report.shade(0.2))
    assert.are.equal("▒", report.shade(0.5))
    assert.are.equal("▓", report.shade(0.79))
    assert.are.equal("█", report.shade(0.8))
    assert.are.equal("█", report.shade(1))
    assert.are.equal("█", report.shade(7))
    assert.are.equal(" ", report.shade(-1))
    assert.are.equal("█", report.shade(math.huge))
    assert.are.equal("·", report.shade(nil))
    assert.are.equal("·", report.shade(0 / 0))
  end)

  it("draws bars in eighths, always the given number of cells", function()
    assert.are.equal("    ", report.bar(0, 4))
    assert.are.equal("████", report.bar(1, 4))
    assert.are.equal("██  ", report.bar(0.5, 4))
    assert.are.equal("██▏ ", report.bar(0.53, 4))   -- 16.96 eighths -> 17
    assert.are.equal("▏   ", report.bar(1 / 32, 4))
    assert.are.equal("████", report.bar(1.5, 4))
    assert.are.equal("    ", report.bar(-0.5, 4))
    assert.are.equal("·   ", report.bar(nil, 4))
    assert.are.equal("·   ", report.bar(0 / 0, 4))
    assert.are.equal("", report.bar(0.5, 0))
    assert.are.equal(10, utf8.len(report.bar(0.37)))
    for i = 0, 40 do assert.are.equal(5, utf8.len(report.bar(i / 40, 5))) end
    h.has("bar width must be a non-negative integer", h.error_of(report.bar, 0.5, -1))
    h.has("bar width must be a non-negative integer", h.error_of(report.bar, 0.5, 2.5))
  end)
end)

describe("paa.report.json", function()
  it("writes JSON to a file as it goes, the same bytes as the string", function()
    local rows = {}
    for i = 1, 20000 do rows[i] = { id = "D" .. i, value = i * 1.5, name = "deal \"" .. i .. "\"\n" } end
    local v = { deals = rows, manifest = { n = 20000, ok = true } }
    local path = os.tmpname()
    local f = assert(io.open(path, "wb"))
    assert.is_nil(report.json(v, f))
    f:close()
    f = assert(io.open(path, "rb"))
    local written = f:read("a")
    f:close()
    os.remove(path)
    assert.are.equal(report.json(v), written)
    assert.truthy(#written > 100000)
  end)
end)

describe("paa.report.html in a headless browser", function()
  after_each(h.cleanup)

  it("loads the page cleanly and shows 12 cells and 3 bars", function()
    local dir = h.abs(h.tmpdir())
    local file = h.write(dir .. "/page.html", report.html(sample_page()))
    local dom, err, status = h.browse(file, "--dump-dom")
    assert.are.equal(0, status, err)
    assert.are.equal("", h.console_errors(err))
    assert.are.equal(12, count(dom, '<rect class="cell"'))
    assert.are.equal(3, count(dom, '<rect class="bar"'))
    assert.are.equal(1, count(dom, "<table>"))
    assert.is_nil(dom:find("<script", 1, true))
    h.has("<h1>Themes by outlet group</h1>", dom)
  end)

  it("would see a JavaScript error (the check above is not vacuous)", function()
    local dir = h.abs(h.tmpdir())
    local file = h.write(dir .. "/bad.html", "<!DOCTYPE html><html><body>" ..
      "<script>throw new Error('boom')</script></body></html>\n")
    local _, err, status = h.browse(file, "--dump-dom")
    assert.are.equal(0, status, err)
    h.has("Uncaught Error: boom", h.console_errors(err))
  end)

  it("takes a non-trivial screenshot", function()
    local dir = h.abs(h.tmpdir())
    local file = h.write(dir .. "/page.html", report.html(sample_page()))
    local shot = dir .. "/shot.png"
    local _, err, status = h.browse(file, "--screenshot=" .. h.q(shot) .. " --window-size=1200,900")
    assert.are.equal(0, status, err)
    assert.are.equal("", h.console_errors(err))
    local png = h.slurp(shot)
    assert.are.equal("\137PNG\r\n\26\n", png:sub(1, 8))
    local w, ht = string.unpack(">I4I4", png, 17)
    assert.are.same({ 1200, 900 }, { w, ht })
    -- a blank 1200x900 page is about 5 kB; text and charts make it far larger
    assert.truthy(#png > 20000, "screenshot is only " .. #png .. " bytes")
  end)
end)
