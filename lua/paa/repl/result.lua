--- paa.repl.result: what the session's helpers return.
-- A result is an array of rows (plain tables: `r[1].source`, `#r`,
-- `ipairs(r)` work) whose printer shows a page of them and says how to
-- see more, and which `export` writes as CSV, JSON, Markdown or HTML.
-- A text result (`show`, `all`) prints whole, through the pager when it
-- is longer than the screen.
-- @module paa.repl.result

local result = {}

local report = require "paa.report"

local PAGE = 20  -- rows a result prints

-- what each result is: { title, columns, lines, empty, brief, ... }
local info = setmetatable({}, { __mode = "k" })

local Rows = { __name = "paa.Rows" }
local Text = { __name = "paa.Text" }

-- the columns of rows without declared ones: their scalar fields, in
-- first-seen order
local function columns_of(rows)
  local cols, have = {}, {}
  for _, r in ipairs(rows) do
    local keys = {}
    for k, v in pairs(r) do
      if type(k) == "string" and (type(v) == "string" or type(v) == "number" or type(v) == "boolean") then
        keys[#keys + 1] = k
      end
    end
    table.sort(keys)
    for _, k in ipairs(keys) do
      if not have[k] then have[k] = true; cols[#cols + 1] = { key = k, title = k } end
    end
  end
  return cols
end

local function columns(rows)
  local i = info[rows]
  if not i.columns then i.columns = columns_of(rows) end
  return i.columns
end

-- a cell as text: numbers as they are, floats to 4 significant digits
local function cell(v)
  if math.type(v) == "float" then
    if v == math.floor(v) and math.abs(v) < 1e15 then return string.format("%.1f", v) end
    return string.format("%.4g", v)
  end
  return v == nil and "" or tostring(v)
end

-- the first 'n' rows as an aligned table, numbered
local function page_of(rows, n)
  local i = info[rows]
  if i.lines then
    local out = {}
    for k = 1, n do out[k] = i.lines(rows[k], k) end
    return table.concat(out, "\n")
  end
  local spec = { { key = 1, title = "#", align = "right" } }
  for _, c in ipairs(i.shown or columns(rows)) do
    local align = c.align
    if not align then  -- numbers to the right
      align = "right"
      for k = 1, n do
        local v = rows[k][c.key]
        if v ~= nil and type(v) ~= "number" then align = "left" break end
      end
    end
    spec[#spec + 1] = { key = c.key, title = c.title or c.key, align = align, empty = c.empty, format = function(v, r)
      if c.format then return c.format(v, r) end  -- (it clips as it likes)
      return report.clip(cell(v), c.width or 40, c.key == "id" or c.key == "doc")
    end }
  end
  local list = {}
  for k = 1, n do
    local r = setmetatable({ k }, { __index = rows[k] })
    list[k] = r
  end
  return (report.table{ columns = spec, rows = list }:gsub("\n$", ""))
end

function Rows.__tostring(rows)
  local i = info[rows]
  local out = {}
  if i.title then out[#out + 1] = i.title end
  if #rows == 0 then
    out[#out + 1] = i.empty or "no rows"
    return table.concat(out, "\n")
  end
  if i.brief then
    out[#out + 1] = string.format("%s in last: last[1] is the first, export(last, \"%s.csv\") saves them",
      report.plural(#rows, "row"), i.name or "rows")
    return table.concat(out, "\n")
  end
  local n = math.min(#rows, PAGE)
  out[#out + 1] = page_of(rows, n)
  local hints = {}
  if #rows > n then hints[#hints + 1] = "… " .. report.thousands(#rows - n) .. " more: all(last) shows every row" end
  if i.more then hints[#hints + 1] = i.more end
  if i.show == nil then hints[#hints + 1] = "show(N) reads the document of row N" end
  hints[#hints + 1] = "export(last, \"" .. (i.name or "rows") .. ".csv\") saves them"
  out[#out + 1] = table.concat(hints, "; ")
  return table.concat(out, "\n")
end

Text.__tostring = function(t) return info[t].text end

--- Make `rows` a result.
-- @tparam table rows an array of plain tables
-- @tparam[opt] table opts `title` (a line above the rows), `name` (of
--   the file `export` is shown with), `columns` (`{ key, title, align,
--   format, width }` each; default: the rows' scalar fields), `lines`
--   (a function (row, k) giving the row's line, instead of a table),
--   `empty` (what an empty result says), `more` (a hint), `brief`
--   (print only how many rows there are), `show` (`false`: rows that
--   are not documents'; a function (row) giving the text `show(N)` prints)
-- @treturn table `rows`
function result.rows(rows, opts)
  info[rows] = opts or {}
  return setmetatable(rows, Rows)
end

--- The columns of a result: `{ key, title, align, format, width }` each.
-- @tparam table rows a result
-- @treturn table
function result.columns(rows)
  return columns(rows)
end

--- What row `k` of a result shows: a text of its own (deals, theme
-- cells), the id of its document (kwic, search), or nil and why not.
-- @tparam table rows a result
-- @tparam integer k
-- @return a text, or a document's id
function result.row(rows, k)
  local i, r = info[rows], rows[k]
  if r == nil then
    return nil, string.format("no row %d in last (%s)", k, report.plural(#rows, "row"))
  end
  if type(i.show) == "function" then return result.text(i.show(r)) end
  local id = type(r.id) == "string" and r.id or type(r.doc) == "string" and r.doc or nil
  if i.show == false or not id then
    return nil, string.format("the rows of last (%s) are not documents: show(\"id\") reads one, " ..
      "show(N) after kwic or search", i.name or "rows")
  end
  return id
end

--- Whether `v` is a result of rows.
function result.is_rows(v)
  return getmetatable(v) == Rows
end

--- A text that prints whole (through the pager when long).
-- @tparam string s
-- @treturn table
function result.text(s)
  local t = setmetatable({}, Text)
  info[t] = { text = s }
  return t
end

--- Every row of a result, as a text (printed whole, paged).
-- @tparam table rows a result
-- @treturn table a text
function result.all(rows)
  if not result.is_rows(rows) then error("all: expected a result (last, or what kwic, search... return), got " ..
    type(rows), 2) end
  local i = info[rows]
  local out = {}
  if i.title then out[#out + 1] = i.title end
  out[#out + 1] = #rows == 0 and (i.empty or "no rows") or page_of(rows, #rows)
  return result.text(table.concat(out, "\n"))
end

--- The rows of a result whose field holds a text (any case), as a
-- result of the same kind.
-- @tparam table rows a result
-- @tparam string field
-- @tparam string text
-- @treturn table
function result.where(rows, field, text)
  local i, out, want = info[rows] or {}, {}, text:lower()
  for _, r in ipairs(rows) do
    local v = r[field]
    if v ~= nil and tostring(v):lower():find(want, 1, true) then out[#out + 1] = r end
  end
  local o = {}
  for k, v in pairs(i) do o[k] = v end
  o.brief = nil
  o.title = string.format("%s of %s with %s '%s'", report.plural(#out, "row"), report.thousands(#rows), field, text)
  return result.rows(out, o)
end

local FORMAT = { csv = "csv", json = "json", md = "md", markdown = "md", html = "html", htm = "html" }

--- Write a result to a file, in the format its ending names.
-- @tparam table rows a result (or any array of records)
-- @tparam string file `*.csv`, `*.json`, `*.md`, `*.html`
-- @treturn string what was written: `"x.csv: 12 rows (CSV)"`
-- @raise on a value that is not rows, an unknown ending, a file that cannot be written
function result.export(rows, file)
  if type(rows) ~= "table" then
    error("export: expected a result (last, or what kwic, search... return), got " .. type(rows), 2)
  end
  if type(file) ~= "string" then error("export: expected a file name (\"rows.csv\"), got " .. type(file), 2) end
  local fmt = FORMAT[(file:match("%.(%w+)$") or ""):lower()]
  if not fmt then error("export: '" .. file .. "': the file's ending says the format: .csv, .json, .md or .html", 2) end
  local i = info[rows] or {}
  local cols = i.columns or columns_of(rows)
  local t = { columns = {}, rows = rows }
  for k, c in ipairs(cols) do t.columns[k] = { key = c.key, title = c.key } end
  local text
  if fmt == "json" then
    local list = {}
    for k, r in ipairs(rows) do
      local o = {}
      for _, c in ipairs(cols) do o[c.key] = r[c.key] end
      list[k] = o
    end
    text = report.json(list)
  elseif fmt == "html" then
    local shown = { columns = {}, rows = rows, kind = "table" }
    for k, c in ipairs(cols) do shown.columns[k] = { key = c.key, title = c.title or c.key } end
    text = report.page({ title = i.title or "paa", sections = { shown } }, "html")
  else
    text = report.render(t, fmt)
  end
  local f, err = io.open(file, "wb")
  if not f then error("export: " .. tostring(err), 2) end
  local ok, werr = f:write(text)
  f:close()
  if not ok then error("export: " .. file .. ": " .. tostring(werr), 2) end
  return string.format("%s: %s (%s)", file, report.plural(#rows, "row"), fmt:upper())
end

return result
