-- Hostile file names and documents in every report: a newline, ESC
-- sequences and bytes that are not UTF-8 in file and folder names,
-- titles, sources and text. Every shipped script, in every format, prints
-- valid UTF-8 without control characters a terminal would obey (JSON
-- that parses), the names escaped as `\n`, `\x1b`, `\xff`.
local h = require "helpers"
local has = h.has
local cjson = require "cjson"
local report = require "paa.report"

local ESC = "\27"
local BODY = "OpenAI raised $40 billion in a funding round led by SoftBank. " ..
             "Microsoft and OpenAI face antitrust questions about exclusive cloud compute.\n"

-- a folder whose source, file names, titles and text hold what a
-- terminal or a JSON parser would trip on
local function hostile_corpus()
  local root = h.tmpdir() .. "/hostile"
  local src = root .. "/src" .. ESC .. "[31mred"
  local front = "---\ntitle: \"Evil " .. ESC .. "[2J title\"\ndate: 2025-01-02\n---\n"
  h.write(src .. "/a\nb.txt", front .. BODY)
  h.write(src .. "/\255\254bad.txt", front .. BODY)
  h.write(src .. "/e" .. ESC .. "x.jsonl", '{"title": "J\\u001b[31m\\nT", "source": "S\\u001b]0;pwned\\u0007", ' ..
    '"text": "OpenAI raised $40 billion in a funding round led by SoftBank \\u001b[31m. ' ..
    'Microsoft and OpenAI face antitrust questions \\u009b1m about exclusive cloud compute."}\n')
  return root
end

-- control bytes allowed in a report: line feeds (and CR in CSV line ends)
local function check_clean(what, out, crlf)
  assert(#out > 0, what .. ": no output")
  assert(utf8.len(out), what .. ": not valid UTF-8")
  local bad = out:find(crlf and "[%z\1-\9\11-\12\14-\31\127]" or "[%z\1-\9\11-\31\127]")
  assert(bad == nil, string.format("%s: control byte %d at %d: %q", what, bad and out:byte(bad) or 0,
    bad or 0, bad and out:sub(math.max(1, bad - 30), bad + 10) or ""))
  assert(not out:find("\194[\128-\159]"), what .. ": a C1 control character")
end

local FORMATS = {
  deals = { "text", "md", "csv", "json", "html" },
  tensions = { "text", "md", "csv", "json", "html" },
  dupes = { "text", "md", "csv", "json" },
  search = { "text", "md", "csv", "json" },
  overview = { false },
}

describe("hardening: hostile names and text in reports", function()
  local dir
  setup(function() dir = hostile_corpus() end)
  teardown(h.cleanup)

  for _, name in ipairs { "overview", "deals", "tensions", "dupes", "search" } do
    for _, format in ipairs(FORMATS[name]) do
      it(name .. " " .. (format or "") .. " prints clean, valid UTF-8", function()
        local args = { "scripts/" .. name .. ".lua", dir }
        if name == "search" then args[#args + 1] = "antitrust" end
        if format then args[#args + 1] = "--format"; args[#args + 1] = format end
        local out, err, code = h.run(args)
        assert.are.equal(0, code, err)
        check_clean(name .. " " .. tostring(format), out, format == "csv")
        if format == "json" then
          assert.is_truthy(cjson.decode(out))
        elseif (format == "text" or not format) and name ~= "deals" then
          has("src\\x1b[31mred", out)
        end
      end)
    end
  end

  it("the names are escaped, one table row each", function()
    local out = h.run({ "scripts/overview.lua", dir })
    has("src\\x1b[31mred/a\\nb.txt  ", out)
    has("src\\x1b[31mred/\\xff\\xfebad.txt  ", out)
    has("src\\x1b[31mred/e\\x1bx.jsonl:1  ", out)
    has("S\\x1b]0;pwned\\x07  ", out)
  end)

  it("--explain lines are escaped too", function()
    local json = cjson.decode((h.run({ "scripts/deals.lua", dir, "--format", "json" })))
    local out = h.run({ "scripts/deals.lua", dir, "--explain", json.deals[1].id })
    check_clean("deals --explain", out)
    has("a\\nb.txt", out)
    out = h.run({ "scripts/tensions.lua", dir, "--explain", "legal" })
    check_clean("tensions --explain", out)
    has("\\u{9b}1m", out)
  end)

  it("JSON shows bytes that are not UTF-8 as the text \\xff", function()
    local out = h.run({ "scripts/dupes.lua", dir, "--format", "json" })
    has('"src\\u001b[31mred/\\\\xff\\\\xfebad.txt"', out)
    local names = {}
    for _, c in ipairs(cjson.decode(out).clusters) do names[#names + 1] = c.canonical end
    assert.are.same({ "src\27[31mred/a\nb.txt" }, names)
  end)

  describe("report.printable", function()
    it("escapes controls and bytes that are not UTF-8, keeps what it is told to", function()
      assert.are.equal("a\\nb\\x1b[31m\\xff\\xfe \\u{9b} £ é\\t\\x7f", report.printable("a\nb\27[31m\255\254 \194\155 £ é\t\127"))
      assert.are.equal("a\nb\\x1b", report.printable("a\nb\27", "\n"))
      assert.are.equal("plain ASCII", report.printable("plain ASCII"))
      assert.are.equal("42", report.printable(42))
    end)

    it("applies to every format of a table", function()
      local t = { columns = { { key = "name", title = "na\27me" } }, rows = { { name = "x\ny\27\255" } } }
      assert.are.equal("na\\x1bme\n------------\nx\\ny\\x1b\\xff\n", report.table(t))
      assert.are.equal("| na\\\\x1bme |\n| --- |\n| x\\\\ny\\\\x1b\\\\xff |\n", report.markdown(t))
      assert.are.equal('name\r\n"x\ny\\x1b\\xff"\r\n', report.csv(t))
      assert.are.equal('[\n  "x\\ny\\u001b\\\\xff\\u009b"\n]\n', report.json{ "x\ny\27\255\194\155" })
      has("<td>x\\ny\\x1b\\xff</td>", report.html{ title = "t\27", sections = { { kind = "table",
        columns = t.columns, rows = t.rows } } })
    end)
  end)
end)
