-- The one page skeleton (report.page / report.write) and the shipped
-- scripts that write through it; paa.options, the one option checker.
local h = require "helpers"
local report = require "paa.report"
local options = require "paa.options"

local function tbl(rows)
  return { kind = "table", title = "Things", rows = rows, empty = "none",
           columns = { { key = "name", title = "name" }, { key = "n", title = "n" } } }
end

describe("report.page", function()
  local rows = { { name = "a", n = 1 }, { name = "b", n = 22 } }

  it("lays out the text header and headings as the page asks", function()
    local page = { title = "T", intro = "intro", sections = { tbl(rows) } }
    assert.matches("^T\n\nintro\n\nThings\n\nname  n\n", report.page(page, "text"))
    page.header, page.headings = "run-in", "underline"
    assert.matches("^T: intro\n\nThings\n======\n\nname", report.page(page, "text"))
    page.header, page.headings = "line", "tight"
    assert.matches("^T\nintro\n\nThings\nname", report.page(page, "text"))
    assert.matches("^# T\n\nintro\n\n## Things\n\n| name | n |", report.page(page, "md"))
  end)

  it("says the empty line for a table without rows, and notes under a table", function()
    local s = tbl({})
    assert.are.equal("T\n\nThings\n\nnone\n", report.page({ title = "T", sections = { s } }, "text"))
    assert.matches("<p>none</p>", report.page({ title = "T", sections = { s } }, "html"), 1, true)
    local t = tbl(rows)
    t.note = "a note"
    assert.matches("b     22\na note\n$", report.page({ title = "T", sections = { t } }, "text"))
  end)

  it("gives CSV and JSON from the page's csv and json, made only when asked", function()
    local made = 0
    local page = { title = "T", sections = { tbl(rows) }, csv = tbl(rows),
                   json = function() made = made + 1 return { n = 1 } end }
    assert.are.equal("name,n\r\na,1\r\nb,22\r\n", report.page(page, "csv"))
    report.page(page, "text")
    assert.are.equal(0, made)
    assert.are.equal('{\n  "n": 1\n}\n', report.page(page, "json"))
    assert.are.equal(1, made)
  end)

  it("raises on a missing title, an unknown format, a form the page lacks", function()
    h.has("paa.report: a page needs a string title", h.error_of(report.page, {}, "text"))
    h.has("paa.report: unknown format 'xml'", h.error_of(report.page, { title = "T" }, "xml"))
    h.has("paa.report: this page has no CSV form", h.error_of(report.page, { title = "T" }, "csv"))
    h.has("paa.report: this page has no JSON form", h.error_of(report.write, { title = "T" }, "json"))
  end)

  it("writes to a file, JSON streamed, the same bytes as report.page", function()
    local name = os.tmpname()
    local f = assert(io.open(name, "w+b"))
    local page = { title = "T", sections = { tbl(rows) }, json = { a = { 1, 2 } } }
    report.write(page, "json", f)
    report.write(page, "md", f)
    f:seek("set")
    assert.are.equal(report.page(page, "json") .. report.page(page, "md"), f:read("a"))
    f:close()
    os.remove(name)
  end)
end)

describe("the shipped scripts write through the skeleton", function()
  it("offer every format, and each one works", function()
    for _, script in ipairs { "deals", "dupes", "tensions", "overview", "search" } do
      local args = script == "search" and { "corpus/", "SoftBank" } or { "corpus/" }
      for _, format in ipairs(report.FORMATS) do
        local argv = { "scripts/" .. script .. ".lua", args[1], args[2], "--format", format }
        if not args[2] then table.remove(argv, 3) end
        local out, err, status = h.run(argv)
        assert.are.equal(0, status, script .. " " .. format .. ": " .. err)
        assert.truthy(#out > 0)
        if format == "html" then assert.matches("^<!DOCTYPE html>", out) end
        if format == "json" then assert.truthy(require("cjson").decode(out).manifest, script) end
      end
    end
  end)

  it("dupes --format html shows the clusters, the shared paragraphs and the boilerplate", function()
    local out = h.run({ "scripts/dupes.lua", "corpus/", "--format", "html" })
    assert.matches("<h1>Duplicates in corpus</h1>", out, 1, true)
    assert.matches("Near-duplicate documents (similarity &gt;= 0.50)", out, 1, true)
    assert.matches("the-ledger/openai-40-billion-softbank-round.txt", out, 1, true)
    assert.matches("Subscribe to TechWire Signals", out, 1, true)
  end)

  it("dupes stays under 150 lines", function()
    assert.is_true(h.occurrences(h.slurp("scripts/dupes.lua"), "\n") < 150)
  end)

  it("search --format csv is CSV only", function()
    local out = h.run({ "scripts/search.lua", "corpus/", "SoftBank", "--format", "csv" })
    assert.matches("^rank_no,doc,source,date,title,rank,snippet\r\n1,", out)
  end)
end)

describe("paa.options", function()
  it("checks numbers, integers and choices with one wording", function()
    local p = { label = "--limit", kind = "integer", min = 1 }
    assert.are.equal(5, options.check(p, "5"))
    assert.are.same({ nil, "--limit must be an integer of at least 1, not '0'" }, { options.check(p, "0") })
    assert.are.same({ nil, "T must be a number in (0, 1], not 'x'" },
                    { options.check({ label = "T", kind = "number", above = 0, max = 1 }, "x") })
    assert.are.same({ nil, "f must be a, b or c, not 'd'" },
                    { options.check({ label = "f", kind = "choice", choices = { "a", "b", "c" } }, "d") })
  end)

  it("checks options tables, raising with the function's name", function()
    assert.are.same({}, options.table(nil, "kwic"))
    h.has("kwic: options must be a table, got string", h.error_of(options.table, "x", "kwic"))
    assert.are.equal(40, options.field({}, "width", { kind = "integer", min = 5 }, 40, "kwic"))
    assert.are.equal(7, options.field({ width = 7 }, "width", { kind = "integer", min = 5 }, 40, "kwic"))
    h.has("kwic: width must be an integer of at least 5, not '3'",
          h.error_of(options.field, { width = 3 }, "width", { kind = "integer", min = 5 }, 40, "kwic"))
    h.has("kwic: source must be a string",
          h.error_of(options.field, { source = 3 }, "source", { kind = "string" }, nil, "kwic"))
  end)
end)
