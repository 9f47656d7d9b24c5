--- paa.report: render tables for people.
-- Aligned text tables with a header rule and an optional total row,
-- numbers right-aligned with thousands separators.
-- @module paa.report

local report = {}

--- Format an integer with thousands separators: 12345 -> "12,345".
-- @tparam integer n
-- @treturn string
function report.thousands(n)
  local s = string.format("%d", n)
  local sign, digits = s:match("^(-?)(%d+)$")
  digits = digits:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
  return sign .. digits
end

-- Text from file names and documents, made safe to show -------------------
--
-- A file name or a document may hold anything: a newline that breaks a
-- table's rows, ESC sequences a terminal obeys, bytes that are not UTF-8
-- and make a JSON file invalid. Every format escapes them here, so no
-- script has to: control characters become `\n`, `\t`, `\x1b`, C1
-- controls `\u{9b}`, and each byte that is not part of valid UTF-8 is
-- written `\xff` (the same in JSON, where the text stays readable and
-- the byte recoverable, rather than U+FFFD).

-- 's' with each byte outside valid UTF-8 written as the text "\xNN"
local function valid_utf8(s)
  if utf8.len(s) then return s end
  local out, i = {}, 1
  while true do
    local ok, bad = utf8.len(s, i)
    if ok then break end
    out[#out + 1] = s:sub(i, bad - 1)
    out[#out + 1] = string.format("\\x%02x", s:byte(bad))
    i = bad + 1
  end
  out[#out + 1] = s:sub(i)
  return table.concat(out)
end

local control_escapes = { ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }

--- Make text safe to show in a terminal or a file: control characters
-- (C0, DEL, C1) as escapes (`\n`, `\t`, `\r`, `\x1b`, `\x7f`,
-- `\u{9b}`), bytes that are not valid UTF-8 as `\xff`. Backslashes are
-- left alone: this is for reading, not for parsing back.
-- @param s a string (or anything `tostring` takes)
-- @tparam[opt] string keep control characters to leave as they are
--   (`"\n"` for text laid out in lines)
-- @treturn string valid UTF-8 without the control characters not kept
-- @usage print(report.printable("a\nb\27[31m\255")) --> a\nb\x1b[31m\xff
function report.printable(s, keep)
  s = tostring(s)
  if not s:find("[%c\128-\255]") then return s end  -- printable ASCII: nothing to do
  s = valid_utf8(s):gsub("[%c\127]", function(c)
    if keep and keep:find(c, 1, true) then return c end
    return control_escapes[c] or string.format("\\x%02x", c:byte())
  end)
  return (s:gsub("\194([\128-\159])", function(c) return string.format("\\u{%x}", c:byte()) end))
end
local printable = report.printable

-- display width of a UTF-8 string (one column per code point)
local function width(s)
  return utf8.len(s) or #s
end

-- the text of a cell, as people read it (tables, Markdown, HTML)
local function cell(col, row)
  local v = row[col.key]
  if v == nil then return col.empty or "" end
  if col.format then return printable(col.format(v, row)) end
  if math.type(v) == "integer" then return report.thousands(v) end
  return printable(v)
end

--- Render rows as an aligned text table.
-- @tparam table t `columns`: array of `{ key, title, align = "left"|"right",
--   format = function(value, row), empty = string }`; `rows`: array of
--   records; `total` (optional): one more record, set off by a rule.
-- @treturn string the table, lines ending in "\n"
-- @usage print(report.table{ columns = {{key = "source", title = "source"}},
--   rows = {{source = "BBC"}} })
function report.table(t)
  local cols, all = t.columns, {}
  for _, row in ipairs(t.rows) do all[#all + 1] = row end
  if t.total then all[#all + 1] = t.total end
  local titles, rule, texts, widths = {}, {}, {}, {}
  for c, col in ipairs(cols) do
    titles[c] = printable(col.title)
    widths[c] = width(titles[c])
  end
  for r, row in ipairs(all) do
    texts[r] = {}
    for c, col in ipairs(cols) do
      local s = cell(col, row)
      texts[r][c] = s
      if width(s) > widths[c] then widths[c] = width(s) end
    end
  end
  local function line(values)
    local out = {}
    for c, col in ipairs(cols) do
      local s, pad = values[c], string.rep(" ", widths[c] - width(values[c]))
      out[c] = col.align == "right" and pad .. s or s .. pad
    end
    return (table.concat(out, "  "):gsub("%s+$", "")) .. "\n"
  end
  for c in ipairs(cols) do rule[c] = string.rep("-", widths[c]) end
  local out = { line(titles), line(rule) }
  for r = 1, #t.rows do out[#out + 1] = line(texts[r]) end
  if t.total then
    out[#out + 1] = line(rule)
    out[#out + 1] = line(texts[#all])
  end
  return table.concat(out)
end

--- Render rows as a Markdown (GitHub) table.
-- Same `t` as `report.table`; cells are escaped so a `|` stays text.
-- @treturn string
function report.markdown(t)
  local cols, out = t.columns, {}
  local function line(values) return "| " .. table.concat(values, " | ") .. " |\n" end
  local titles, rule = {}, {}
  for c, col in ipairs(cols) do
    titles[c] = (printable(col.title):gsub("[|\\]", "\\%0"))
    rule[c] = col.align == "right" and "---:" or "---"
  end
  out[1], out[2] = line(titles), line(rule)
  local function add(row)
    local values = {}
    for c, col in ipairs(cols) do
      values[c] = (cell(col, row):gsub("[|\\]", "\\%0"):gsub("\n", " "))
    end
    out[#out + 1] = line(values)
  end
  for _, row in ipairs(t.rows) do add(row) end
  if t.total then add(t.total) end
  return table.concat(out)
end

-- one CSV field: raw values (no thousands separators), quoted when needed;
-- line breaks and tabs stay (quoted), other controls are escaped
local function csv_field(v)
  if v == nil then return "" end
  local s = math.type(v) == "float" and string.format("%.6g", v) or printable(v, "\r\n\t")
  if s:find('[,"\r\n]') then s = '"' .. s:gsub('"', '""') .. '"' end
  return s
end

--- Render rows as CSV (RFC 4180): a header of the column keys, then
-- the raw values (no formatting, no thousands separators).
-- @treturn string
function report.csv(t)
  local out, keys = {}, {}
  for c, col in ipairs(t.columns) do keys[c] = csv_field(col.key) end
  out[1] = table.concat(keys, ",") .. "\r\n"
  for _, row in ipairs(t.rows) do
    local values = {}
    for c, col in ipairs(t.columns) do values[c] = csv_field(row[col.key]) end
    out[#out + 1] = table.concat(values, ",") .. "\r\n"
  end
  return table.concat(out)
end

local json_escapes = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
                       ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }

-- a JSON string: always valid UTF-8 (bytes that are not are written as
-- the text "\xff"); controls, DEL and C1 controls as \u escapes
local function json_string(s)
  s = valid_utf8(s):gsub('[%c"\\\127]', function(c)
    return json_escapes[c] or string.format("\\u%04x", c:byte())
  end)
  return '"' .. s:gsub("\194([\128-\159])", function(c)
    return string.format("\\u%04x", c:byte())
  end) .. '"'
end

local function json_value(v, indent, out)
  local t = type(v)
  if t == "table" then
    local inner = indent .. "  "
    if #v > 0 or next(v) == nil then  -- array (an empty table is [])
      if #v == 0 then out[#out + 1] = "[]"; return end
      out[#out + 1] = "[\n"
      for i = 1, #v do
        out[#out + 1] = inner
        json_value(v[i], inner, out)
        out[#out + 1] = i < #v and ",\n" or "\n"
        -- written as it goes: a long array is never all in memory twice
        if out.file and #out >= 4096 then
          out.file:write(table.concat(out))
          for k = #out, 1, -1 do out[k] = nil end
        end
      end
      out[#out + 1] = indent .. "]"
    else
      local keys = {}
      for k in pairs(v) do keys[#keys + 1] = tostring(k) end
      table.sort(keys)
      out[#out + 1] = "{\n"
      for i, k in ipairs(keys) do
        out[#out + 1] = inner .. json_string(k) .. ": "
        local x = v[k]
        if x == nil then x = v[tonumber(k)] end
        json_value(x, inner, out)
        out[#out + 1] = i < #keys and ",\n" or "\n"
      end
      out[#out + 1] = indent .. "}"
    end
  elseif t == "string" then out[#out + 1] = json_string(v)
  elseif math.type(v) == "integer" then out[#out + 1] = string.format("%d", v)
  elseif t == "number" then
    if v ~= v or v == math.huge or v == -math.huge then out[#out + 1] = "null"
    else out[#out + 1] = string.format("%.14g", v):gsub(",", ".") end
  elseif t == "boolean" then out[#out + 1] = tostring(v)
  elseif v == nil then out[#out + 1] = "null"
  else error("paa.report: cannot write a " .. t .. " as JSON", 3) end
end

--- Encode a value as JSON, deterministically: object keys sorted, two
-- spaces of indentation, integers without a fraction. A table with a
-- non-empty array part is an array; `{}` is `[]`.
-- @param v a table, string, number, boolean or nil
-- @tparam[opt] file file write the text there as it is made (a long
--   report is then never held whole in memory) and return nothing
-- @treturn string JSON text, ending in "\n"
-- @raise on a function, userdata or thread
function report.json(v, file)
  local out = { file = file }
  json_value(v, "", out)
  out[#out + 1] = "\n"
  if file then
    file:write(table.concat(out))
    return nil
  end
  return table.concat(out)
end

--- Render rows in one of the formats scripts offer.
-- @tparam table t as for `report.table`
-- @tparam string format `"text"`, `"md"` or `"csv"`
-- @treturn string
function report.render(t, format)
  if format == "md" then return report.markdown(t) end
  if format == "csv" then return report.csv(t) end
  return report.table(t)
end

--- Cut a string to at most `n` characters, with "…" where it was cut;
-- line breaks become spaces.
-- @tparam string s
-- @tparam integer n
-- @tparam[opt] boolean tail keep the end of `s` rather than its start
-- @treturn string
function report.clip(s, n, tail)
  s = s:gsub("%s*\n%s*", " ")
  local len = utf8.len(s)
  if not len or len <= n then return s end
  if tail then return "…" .. s:sub(utf8.offset(s, len - n + 1)) end
  return s:sub(1, utf8.offset(s, n) - 1) .. "…"
end

--- Cut a string with «marked» words as `clip` does, but never inside a
-- mark: a cut that would fall between « and » goes on to the », so a
-- snippet shows each word found whole ("«right of first refusal»…"); and
-- when the first mark lies past the cut, the text shown starts a few
-- words before it ("…in new funding led by «SoftBank»…").
-- @tparam string s
-- @tparam integer n
-- @treturn string
function report.clip_marked(s, n)
  s = s:gsub("%s*\n%s*", " ")
  local first = s:find("«", 1, true)
  if first and (utf8.len(s, 1, first) or 0) > n then  -- the first mark lies past the cut
    local from = utf8.offset(s, math.max(1, utf8.len(s, 1, first) - n // 3))
    from = s:find(" ", from, true) or from  -- from a word's start
    if from < first then return "…" .. report.clip_marked(s:sub(from + 1), n - 1) end
  end
  local out = report.clip(s, n)
  if out == s:gsub("%s*\n%s*", " ") then return out end
  local head = out:sub(1, -#"…" - 1)
  local _, opens = head:gsub("«", "")
  local _, closes = head:gsub("»", "")
  if opens <= closes then return out end
  local flat = s:gsub("%s*\n%s*", " ")
  local close = flat:find("»", #head + 1, true)
  if not close then return out end
  local whole = flat:sub(1, close + #"»" - 1)
  return whole == flat and whole or whole .. "…"
end

--- "1 document", "2,225 documents", "3 matches": a count and its noun.
-- @tparam integer n
-- @tparam string word the singular
-- @treturn string
function report.plural(n, word)
  local suffix = n == 1 and "" or (word:match("[sxz]$") or word:match("[cs]h$")) and "es" or "s"
  return report.thousands(n) .. " " .. word .. suffix
end

--- Name a list of paths or names shortly: all of them up to three, else
-- the first two "and N more".
-- @tparam {string,...} list
-- @treturn string
function report.names(list)
  if #list <= 3 then return table.concat(list, ", ") end
  return string.format("%s and %d more", table.concat(list, ", ", 1, 2), #list - 2)
end

--- The formats a report script offers with `--format`, in the order
-- its help lists them; every one comes from the same page (`report.page`).
report.FORMATS = { "text", "md", "csv", "json", "html" }

-- a section title in text or Markdown; 'style' lays out the text one:
-- "plain" (a blank line after it), "underline" (=== under it), "tight"
-- (the table right under it)
local function text_heading(title, md, style)
  title = printable(title)
  if md then return "## " .. title .. "\n\n" end
  if style == "underline" then
    return title .. "\n" .. string.rep("=", utf8.len(title) or #title) .. "\n\n"
  elseif style == "tight" then
    return title .. "\n"
  end
  return title .. "\n\n"
end

-- the title and intro in text or Markdown; 'header' lays out the text
-- one: "block" (a blank line between them), "line" (the intro on the next
-- line), "run-in" ("Title: intro")
local function text_header(page, md)
  local title = printable(page.title)
  local intro = page.intro and printable(page.intro, "\n")
  if md then return "# " .. title .. "\n\n" .. (intro and intro .. "\n\n" or "") end
  if not intro then return title .. "\n\n" end
  if page.header == "run-in" then return title .. ": " .. intro .. "\n\n" end
  if page.header == "line" then return title .. "\n" .. intro .. "\n\n" end
  return title .. "\n\n" .. intro .. "\n\n"
end

-- a page field that may be given as a function making it
local function made(v)
  if type(v) == "function" then return v() end
  return v
end

local function text_page(page, format)
  local md = format == "md"
  local out = { text_header(page, md) }
  for _, s in ipairs(page.sections or {}) do
    if s.kind == "table" or s.kind == "text" then
      if s.title then out[#out + 1] = text_heading(s.title, md, page.headings) end
      if s.kind == "text" then
        out[#out + 1] = printable(s.text, "\n") .. "\n"
      elseif #s.rows == 0 and s.empty then
        out[#out + 1] = printable(s.empty) .. "\n"
      else
        out[#out + 1] = report.render(s, format)
        if s.note then out[#out + 1] = printable(s.note, "\n") .. "\n" end
      end
      out[#out + 1] = "\n"
    end
  end
  return (table.concat(out):gsub("\n\n$", "\n"))
end

local function check_page(page)
  if type(page) ~= "table" or type(page.title) ~= "string" then
    error("paa.report: a page needs a string title", 3)
  end
end

--- Render a page in one of `report.FORMATS`: the one skeleton of every
-- report's output. `"html"` is `report.html`; `"text"` and `"md"` give the
-- title, the intro, then each `table` section (its title as a heading;
-- `empty`, a line said instead of a table without rows; `note`, lines
-- under it) and `text` section in order — charts are left to the HTML
-- page, whose tables say the same; `"json"` is `page.json` as
-- `report.json` writes it; `"csv"` is the table `page.csv` as
-- `report.csv` writes it. `page.json` and `page.csv` may be functions
-- that make them (called only for their format).
-- @tparam table page `{ title, intro, sections, json, csv, header, headings }`:
--   `header` lays out the text title and intro (`"block"`, the default:
--   a blank line between them; `"line"`; `"run-in"`: "Title: intro"),
--   `headings` the text section titles (`"plain"`, `"underline"`, `"tight"`)
-- @tparam string format one of `report.FORMATS`
-- @treturn string
-- @raise on a page without a title, an unknown format, or a format the
--   page has no form for (no `json`, no `csv`)
function report.page(page, format)
  check_page(page)
  if format == "html" then return report.html(page) end
  if format == "text" or format == "md" then return text_page(page, format) end
  if format == "json" or format == "csv" then
    local v = made(page[format])
    if v == nil then error("paa.report: this page has no " .. format:upper() .. " form", 2) end
    return format == "json" and report.json(v) or report.csv(v)
  end
  error("paa.report: unknown format '" .. tostring(format) .. "'", 2)
end

--- Write a page in a format (see `report.page`) to a file, standard
-- output (`io.output()`) by default; JSON is written as it is made (`report.json` with a
-- file). A report script ends with this one call.
-- @tparam table page
-- @tparam string format one of `report.FORMATS`
-- @tparam[opt] file file default `io.output()`
-- @raise as `report.page`
-- @usage report.write({ title = "Deals", sections = { tbl }, json = function() return found end,
--   csv = tbl }, args.format)
function report.write(page, format, file)
  file = file or io.output()
  if format == "json" then
    check_page(page)
    local v = made(page.json)
    if v == nil then error("paa.report: this page has no JSON form", 2) end
    report.json(v, file)
    return
  end
  file:write(report.page(page, format))
end

-- Keyword in context --------------------------------------------------------
-- Texts from a corpus are valid UTF-8, but a slice cut at a byte offset
-- may start or end inside a character.

local CHAR = "[%z\1-\127\192-\255][\128-\191]*"

--- `k` moved back to the last byte of a whole character: `s:sub(1, k)`
-- cuts no character in two.
-- @tparam string s
-- @tparam integer k a byte offset
-- @treturn integer
function report.char_end(s, k)
  if k >= #s then return #s end
  while k > 0 do
    local b = s:byte(k + 1)
    if b < 0x80 or b >= 0xC0 then break end
    k = k - 1
  end
  return k
end

-- 'k' moved back to the first byte of its character
local function char_start(s, k)
  while k > 1 do
    local b = s:byte(k)
    if b < 0x80 or b >= 0xC0 then break end
    k = k - 1
  end
  return k
end

-- first 'n' characters of 's', and whether some were cut
local function head_chars(s, n)
  local i = 0
  for p in s:gmatch("()" .. CHAR) do
    i = i + 1
    if i > n then return s:sub(1, p - 1), true end
  end
  return s, false
end

-- last 'n' characters of 's', and whether some were cut
local function tail_chars(s, n)
  local starts = {}
  for p in s:gmatch("()" .. CHAR) do starts[#starts + 1] = p end
  if #starts <= n then return s, false end
  return s:sub(starts[#starts - n + 1]), true
end

-- white space runs (line breaks included) made one space
local function flat(s)
  return (s:gsub("%s+", " "))
end

--- A keyword-in-context line: `"…left «match» right…"` around bytes
-- `a..b` of `text`, `side` characters a side (the left side padded to
-- `side`, so that the matches of several lines align), white space runs
-- made one space, `…` where the text goes on.
-- @tparam string text
-- @tparam integer a first byte of the match
-- @tparam integer b last byte of the match
-- @tparam integer side
-- @treturn string
function report.kwic(text, a, b, side)
  local from = char_start(text, math.max(1, a - side * 6))
  local left, cut = tail_chars(flat(text:sub(from, a - 1)), side)
  if cut or from > 1 then left = "…" .. select(1, tail_chars(left, side - 1)) end
  local to = report.char_end(text, b + side * 6)
  local right, rcut = head_chars(flat(text:sub(b + 1, to)), side)
  if rcut or to < #text then right = select(1, head_chars(right, side - 1)) .. "…" end
  local w = side - width(left)
  return (w > 0 and string.rep(" ", w) or "") .. left .. "«" .. flat(text:sub(a, b)) .. "»" .. right
end

--- A sentence with one match marked: `left«match»right`, each side cut to
-- `n` characters (default 120) with `…` (see `clip`) — the evidence line
-- of an `--explain`.
-- @tparam string sentence
-- @tparam integer at the match's first byte in `sentence`
-- @tparam string match
-- @tparam[opt] integer n
-- @treturn string
function report.marked(sentence, at, match, n)
  n = n or 120
  return report.clip(sentence:sub(1, at - 1), n, true) .. "«" .. match .. "»" ..
    report.clip(sentence:sub(at + #match), n)
end

-- HTML pages ----------------------------------------------------------------

local shades = { " ", "░", "▒", "▓", "█" }

--- Pick a shade block for a share: `" "`, `"░"`, `"▒"`, `"▓"`, `"█"` for
-- x in [0, 0.2), [0.2, 0.4), [0.4, 0.6), [0.6, 0.8), [0.8, 1].
-- Values outside [0, 1] are clamped; `nil` and NaN give `"·"`.
-- @tparam number|nil x
-- @treturn string one character
-- @usage io.write(report.shade(0.5)) --> ▒
function report.shade(x)
  if x == nil or x ~= x then return "·" end
  local i = math.floor(math.max(0, math.min(1, x)) * 5)
  return shades[math.min(i, 4) + 1]
end

local eighths = { "▏", "▎", "▍", "▌", "▋", "▊", "▉" }

--- Draw a share as a bar of `cells` character cells, in eighths of a cell,
-- padded with spaces to exactly `cells` cells. Values outside [0, 1] are
-- clamped; `nil` and NaN give `"·"` and spaces.
-- @tparam number|nil x
-- @tparam[opt=10] integer cells the width of the bar in character cells
-- @treturn string
-- @raise when `cells` is not a non-negative integer
-- @usage print(report.bar(0.53, 4)) --> "██▏ "
function report.bar(x, cells)
  cells = cells or 10
  if math.tointeger(cells) == nil or cells < 0 then
    error("paa.report: bar width must be a non-negative integer", 2)
  end
  cells = math.tointeger(cells)
  if cells == 0 then return "" end
  if x == nil or x ~= x then return "·" .. string.rep(" ", cells - 1) end
  local n = math.floor(math.max(0, math.min(1, x)) * cells * 8 + 0.5)
  local full, part = n // 8, n % 8
  local s = string.rep("█", full) .. (eighths[part] or "")
  return s .. string.rep(" ", cells - full - (part > 0 and 1 or 0))
end

local html_escapes = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;",
                       ['"'] = "&quot;", ["'"] = "&#39;" }

--- Escape text for HTML content or a quoted attribute: `& < > " '`, and
-- as `report.printable` (white space kept).
-- @param s a string (or anything `tostring` takes)
-- @treturn string
function report.escape(s)
  return (printable(s, "\t\n\r"):gsub("[&<>\"']", html_escapes))
end
local esc = report.escape

-- a number for people: integers (and integral floats) with separators,
-- others to 3 significant digits; nil and NaN are "–"
local function fmt_number(v)
  if type(v) ~= "number" or v ~= v then return "–" end
  if v == math.huge then return "∞" elseif v == -math.huge then return "-∞" end
  local i = math.tointeger(v)
  if i then return report.thousands(i) end
  if math.abs(v) >= 999.5 then return report.thousands(math.floor(v + 0.5)) end
  return (string.format("%.3g", v):gsub(",", "."))
end

-- estimated width in px of text at 12px (7px a character, and room for wide ones)
local function text_px(s)
  return 8 * width(tostring(s))
end

-- a number for an SVG attribute: integers plainly, others to 0.1px
local function px(v)
  local i = math.tointeger(v)
  if i then return tostring(i) end
  return (string.format("%.1f", v):gsub(",", "."))
end

-- a table looked up by position, then by name
local function pick(t, i, name)
  if t == nil then return nil end
  local v = t[i]
  if v == nil then v = t[name] end
  return v
end

-- "<h2>title</h2>" or nothing
local function heading(title)
  if title == nil or title == "" then return "" end
  return "<h2>" .. esc(title) .. "</h2>\n"
end

-- plain text as <p> paragraphs, split at blank lines
local function paragraphs(text, class)
  local out, attr = {}, class and (' class="' .. class .. '"') or ""
  text = tostring(text):gsub("\r\n", "\n") .. "\n\n"
  for para in text:gmatch("(.-)\n%s*\n") do
    para = para:match("^%s*(.-)%s*$")
    if para ~= "" then out[#out + 1] = "<p" .. attr .. ">" .. esc(para) .. "</p>\n" end
  end
  return table.concat(out)
end

local function svg_open(w, h, label)
  return string.format('<div class="chart"><svg xmlns="http://www.w3.org/2000/svg" ' ..
    'width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">\n',
    w, h, w, h, esc(label or ""))
end
local svg_close = "</svg></div>\n"

-- sequential scale: white at t = 0 to dark blue at t = 1
local hue = { 8, 69, 148 }
local function shade_rgb(t)
  local c = {}
  for k = 1, 3 do c[k] = math.floor(255 + (hue[k] - 255) * t + 0.5) end
  return c
end
local function hex(c) return string.format("#%02x%02x%02x", c[1], c[2], c[3]) end
local function is_dark(c)
  return 0.2126 * c[1] + 0.7152 * c[2] + 0.0722 * c[3] < 0.5 * 255
end

local function finite(v)
  return type(v) == "number" and v == v and v ~= math.huge and v ~= -math.huge
end

-- min and max of the finite values of the grid, or nil
local function grid_range(s)
  local lo, hi
  for r, row in ipairs(s.rows) do
    for c, col in ipairs(s.cols) do
      local v = pick(pick(s.values, r, row), c, col)
      if finite(v) then
        lo = (lo == nil or v < lo) and v or lo
        hi = (hi == nil or v > hi) and v or hi
      end
    end
  end
  return lo, hi
end

-- the layout of a heatmap: label widths, cell size, header height
local function heatmap_layout(s)
  local L = { ch = 28, rowlabel = 0, collabel = {}, texts = {} }
  local longest = 3
  for r, row in ipairs(s.rows) do
    L.rowlabel = math.max(L.rowlabel, text_px(row))
    L.texts[r] = {}
    for c, col in ipairs(s.cols) do
      local v = pick(pick(s.values, r, row), c, col)
      local text = pick(pick(s.labels, r, row), c, col)
      if text == nil then text = fmt_number(v) end
      L.texts[r][c] = tostring(text)
      longest = math.max(longest, width(L.texts[r][c]))
    end
  end
  L.cw = math.max(48, 7 * longest + 14)
  L.cw = L.cw + L.cw % 2
  local widest = 0
  for c, col in ipairs(s.cols) do
    L.collabel[c] = text_px(col)
    widest = math.max(widest, L.collabel[c])
  end
  L.rotate = widest > L.cw - 6
  L.left = L.rowlabel + 16
  L.top = L.rotate and math.ceil(widest * 0.7072) + 16 or 24
  L.right = L.left + #s.cols * L.cw
  L.extra = 8
  if L.rotate then  -- rotated labels reach right of their column
    for c = 1, #s.cols do
      local reach = L.left + (c - 0.5) * L.cw + L.collabel[c] * 0.7072
      L.extra = math.max(L.extra, math.ceil(reach - L.right) + 8)
    end
  end
  return L
end

local function heatmap_labels(s, L, out)
  for r, row in ipairs(s.rows) do
    out[#out + 1] = string.format('<text class="row-label" x="%d" y="%d" dy="0.35em" ' ..
      'text-anchor="end">%s</text>\n', L.left - 8, L.top + (r - 1) * L.ch + L.ch // 2, esc(row))
  end
  for c, col in ipairs(s.cols) do
    local x = L.left + (c - 1) * L.cw + L.cw // 2
    if L.rotate then
      out[#out + 1] = string.format('<text class="col-label" x="%d" y="%d" ' ..
        'transform="rotate(-45 %d %d)">%s</text>\n', x, L.top - 6, x, L.top - 6, esc(col))
    else
      out[#out + 1] = string.format('<text class="col-label" x="%d" y="%d" ' ..
        'text-anchor="middle">%s</text>\n', x, L.top - 8, esc(col))
    end
  end
end

local function heatmap_cells(s, L, hi, out)
  for r, row in ipairs(s.rows) do
    for c, col in ipairs(s.cols) do
      local v = pick(pick(s.values, r, row), c, col)
      local x, y = L.left + (c - 1) * L.cw, L.top + (r - 1) * L.ch
      local fill, data, text = { 229, 229, 229 }, "", L.texts[r][c]
      if finite(v) then
        local t = (hi and hi > 0) and math.max(0, math.min(1, v / hi)) or 0
        fill = shade_rgb(t)
        data = string.format(' data-value="%s"', (string.format("%.14g", v):gsub(",", ".")))
      elseif pick(pick(s.labels, r, row), c, col) == nil then
        text = "–"
      end
      local link = pick(pick(s.links, r, row), c, col)
      if link then out[#out + 1] = '<a href="' .. esc(link) .. '">' end
      out[#out + 1] = string.format('<rect class="cell" data-row="%s" data-col="%s"%s ' ..
        'x="%d" y="%d" width="%d" height="%d" fill="%s"><title>%s × %s: %s</title></rect>\n',
        esc(row), esc(col), data, x, y, L.cw - 1, L.ch - 1, hex(fill), esc(row), esc(col), esc(text))
      out[#out + 1] = string.format('<text class="cell-text%s" x="%d" y="%d" dy="0.35em" ' ..
        'text-anchor="middle">%s</text>\n', is_dark(fill) and " on-dark" or "",
        x + L.cw // 2, y + L.ch // 2, esc(text))
      if link then out[#out + 1] = "</a>\n" end
    end
  end
end

-- a 160px gradient from the lowest to the highest value's colour
local function heatmap_legend(s, L, lo, hi, id, out)
  local y = L.top + #s.rows * L.ch + 14
  if lo == nil then
    out[#out + 1] = string.format('<text class="legend" x="%d" y="%d">no values</text>\n', L.left, y + 10)
    return
  end
  local t0 = hi > 0 and math.max(0, math.min(1, lo / hi)) or 0
  out[#out + 1] = string.format('<defs><linearGradient id="%s"><stop offset="0" stop-color="%s"/>' ..
    '<stop offset="1" stop-color="%s"/></linearGradient></defs>\n', id,
    hex(shade_rgb(t0)), hex(shade_rgb(hi > 0 and 1 or 0)))
  out[#out + 1] = string.format('<rect class="legend" x="%d" y="%d" width="160" height="10" ' ..
    'fill="url(#%s)" stroke="#999" stroke-width="0.5"/>\n', L.left, y, id)
  out[#out + 1] = string.format('<text class="legend" x="%d" y="%d">%s</text>\n',
    L.left, y + 24, esc(fmt_number(lo)))
  out[#out + 1] = string.format('<text class="legend" x="%d" y="%d" text-anchor="end">%s</text>\n',
    L.left + 160, y + 24, esc(fmt_number(hi)))
  if s.unit then
    out[#out + 1] = string.format('<text class="legend unit" x="%d" y="%d" dy="0.35em">%s</text>\n',
      L.left + 170, y + 5, esc(s.unit))
  end
end

local function html_heatmap(s, id)
  local L = heatmap_layout(s)
  local lo, hi = grid_range(s)
  local w = math.max(L.right + L.extra, L.left + 178 + (s.unit and text_px(s.unit) or 0))
  local h = L.top + #s.rows * L.ch + 50
  local out = { heading(s.title), svg_open(w, h, s.title) }
  heatmap_labels(s, L, out)
  heatmap_cells(s, L, hi, out)
  heatmap_legend(s, L, lo, hi, "legend-" .. id, out)
  out[#out + 1] = svg_close
  return table.concat(out)
end

-- one bar chart's SVG: bars 'maxw' px long at 'hi', an interval line
-- (an item's 'low' and 'high') across a bar when given
local function bars_svg(items, hi, maxw, unit, label)
  local step, bh = 24, 18
  local left, textw, texts = 0, 0, {}
  for i, item in ipairs(items) do
    left = math.max(left, text_px(item.label))
    texts[i] = item.text or fmt_number(item.value)
    textw = math.max(textw, text_px(texts[i]))
  end
  left = left + 16
  local top = 6
  local bottom = top + #items * step
  local w = left + maxw + textw + 16
  local h = bottom + (unit and 26 or 8)
  local function x_of(v)
    if not finite(v) or hi <= 0 then return 0 end
    return math.floor(math.max(0, math.min(1, v / hi)) * maxw + 0.5)
  end
  local out = { svg_open(w, h, label) }
  for i, item in ipairs(items) do
    local y = top + (i - 1) * step
    local bw = x_of(item.value)
    out[#out + 1] = string.format('<text class="bar-label" x="%d" y="%d" dy="0.35em" ' ..
      'text-anchor="end">%s</text>\n', left - 8, y + step // 2, esc(item.label))
    out[#out + 1] = string.format('<rect class="bar" x="%d" y="%d" width="%d" height="%d">' ..
      '<title>%s: %s</title></rect>\n', left, y + (step - bh) // 2, bw, bh, esc(item.label), esc(texts[i]))
    local tx = left + bw + 6
    if finite(item.low) and finite(item.high) then
      local a, b = x_of(item.low), x_of(item.high)
      out[#out + 1] = string.format('<line class="interval" x1="%d" y1="%d" x2="%d" y2="%d"/>\n',
        left + a, y + step // 2, left + b, y + step // 2)
      tx = math.max(tx, left + b + 6)
    end
    out[#out + 1] = string.format('<text class="bar-value" x="%d" y="%d" dy="0.35em">%s</text>\n',
      tx, y + step // 2, esc(texts[i]))
  end
  out[#out + 1] = string.format('<line class="axis" x1="%s" y1="%d" x2="%s" y2="%d"/>\n',
    px(left - 0.5), top, px(left - 0.5), bottom)
  if unit then
    out[#out + 1] = string.format('<text class="unit" x="%d" y="%d">%s</text>\n', left, bottom + 18, esc(unit))
  end
  out[#out + 1] = svg_close
  return table.concat(out)
end

-- the largest finite value of some items (0 when none is above 0)
local function items_max(items)
  local hi = 0
  for _, item in ipairs(items) do
    if finite(item.value) and item.value > hi then hi = item.value end
  end
  return hi
end

local function html_bars(s)
  return heading(s.title) .. bars_svg(s.items, s.max or items_max(s.items), 480, s.unit, s.title)
end

-- small bar charts side by side, all on the scale of the largest value
-- of any (or 's.max')
local function html_multiples(s)
  local hi = s.max
  if not hi then
    hi = 0
    for _, chart in ipairs(s.charts) do hi = math.max(hi, items_max(chart.items)) end
  end
  local out = { heading(s.title), '<div class="grid">\n' }
  for _, chart in ipairs(s.charts) do
    local sub = chart.subtitle and ('<span class="subtitle" title="' .. esc(chart.subtitle) .. '">' ..
      esc(chart.subtitle) .. "</span>") or ""
    out[#out + 1] = '<figure class="multiple"><figcaption>' .. esc(chart.title or "") .. sub ..
      "</figcaption>\n" .. bars_svg(chart.items, hi, s.width or 120, nil, chart.title) .. "</figure>\n"
  end
  out[#out + 1] = "</div>\n"
  if s.unit then
    out[#out + 1] = '<p class="note">' .. esc(s.unit) .. "</p>\n"
  end
  return table.concat(out)
end

-- right-align a column when it says so, or when all its values are numbers
local function numeric_column(col, rows)
  if col.align then return col.align == "right" end
  local any = false
  for _, row in ipairs(rows) do
    local v = row[col.key]
    if v ~= nil then
      if type(v) ~= "number" then return false end
      any = true
    end
  end
  return any
end

local function html_table(s)
  if #s.rows == 0 and s.empty then return heading(s.title) .. paragraphs(s.empty) end
  local rows = {}
  for _, row in ipairs(s.rows) do rows[#rows + 1] = row end
  if s.total then rows[#rows + 1] = s.total end
  local classes = {}
  for c, col in ipairs(s.columns) do
    classes[c] = numeric_column(col, rows) and ' class="num"' or ""
  end
  local function tr(row, tag)
    local out = { "<tr>" }
    for c, col in ipairs(s.columns) do
      local text, link = esc(cell(col, row)), col.link and col.link(row[col.key], row)
      if link then text = '<a href="' .. esc(link) .. '">' .. text .. "</a>" end
      out[#out + 1] = "<" .. tag .. classes[c] .. ">" .. text .. "</" .. tag .. ">"
    end
    return table.concat(out) .. "</tr>\n"
  end
  local out = { heading(s.title), '<div class="table"><table>\n<thead><tr>' }
  for c, col in ipairs(s.columns) do
    out[#out + 1] = "<th" .. classes[c] .. ">" .. esc(col.title) .. "</th>"
  end
  out[#out + 1] = "</tr></thead>\n<tbody>\n"
  for _, row in ipairs(s.rows) do out[#out + 1] = tr(row, "td") end
  out[#out + 1] = "</tbody>\n"
  if s.total then out[#out + 1] = "<tfoot>\n" .. tr(s.total, "td") .. "</tfoot>\n" end
  out[#out + 1] = "</table></div>\n"
  return table.concat(out)
end

local function html_text(s)
  if s.pre then return heading(s.title) .. "<pre>" .. esc(s.text) .. "</pre>\n" end
  return heading(s.title) .. paragraphs(s.text)
end

-- items that open to show their lines: { summary, lines = { ... }, id,
-- target (the list's id: a link to it opens the item) }
local function html_details(s)
  local out = { heading(s.title) }
  for _, item in ipairs(s.items) do
    out[#out + 1] = "<details" .. (item.id and (" id=\"" .. esc(item.id) .. "\"") or "") ..
      "><summary>" .. esc(item.summary) .. "</summary>\n<ul" ..
      (item.target and (" id=\"" .. esc(item.target) .. "\"") or "") .. ">\n"
    for _, line in ipairs(item.lines or {}) do out[#out + 1] = "<li>" .. esc(line) .. "</li>\n" end
    out[#out + 1] = "</ul></details>\n"
  end
  return table.concat(out)
end

-- a diverging bar chart: each item's bar goes right of a middle axis
-- for a positive value, left for a negative one, both sides on the
-- scale of the largest absolute value (or 's.max'); the label sits on
-- the side away from the bar, the value at the bar's end
local function html_diverging(s)
  local step, bh, half = 22, 16, 240
  local hi, labelw, textw, texts = s.max or 0, 0, 0, {}
  for i, item in ipairs(s.items) do
    if not s.max and finite(item.value) and math.abs(item.value) > hi then hi = math.abs(item.value) end
    labelw = math.max(labelw, text_px(item.label))
    texts[i] = item.text or fmt_number(item.value)
    textw = math.max(textw, text_px(texts[i]))
  end
  local side = labelw + textw + 24
  local mid = side + half
  local top = s.left_title and 22 or 6
  local bottom = top + #s.items * step
  local w, h = 2 * (side + half), bottom + (s.unit and 26 or 8)
  local out = { heading(s.title), svg_open(w, h, s.title) }
  if s.left_title then
    out[#out + 1] = string.format('<text class="unit" x="%d" y="14" text-anchor="end">%s</text>\n', mid - 8, esc(s.left_title))
    out[#out + 1] = string.format('<text class="unit" x="%d" y="14">%s</text>\n', mid + 8, esc(s.right_title or ""))
  end
  for i, item in ipairs(s.items) do
    local y = top + (i - 1) * step
    local v = finite(item.value) and item.value or 0
    local bw = hi > 0 and math.floor(math.min(1, math.abs(v) / hi) * half + 0.5) or 0
    local x = v < 0 and mid - bw or mid
    out[#out + 1] = string.format('<rect class="bar%s" x="%d" y="%d" width="%d" height="%d"><title>%s: %s</title></rect>\n',
      v < 0 and " negative" or "", x, y + (step - bh) // 2, bw, bh, esc(item.label), esc(texts[i]))
    local ty = y + step // 2
    if v < 0 then
      out[#out + 1] = string.format('<text class="bar-value" x="%d" y="%d" dy="0.35em" text-anchor="end">%s</text>\n',
        x - 6, ty, esc(texts[i]))
      out[#out + 1] = string.format('<text class="bar-label" x="%d" y="%d" dy="0.35em">%s</text>\n', mid + 8, ty, esc(item.label))
    else
      out[#out + 1] = string.format('<text class="bar-value" x="%d" y="%d" dy="0.35em">%s</text>\n', x + bw + 6, ty, esc(texts[i]))
      out[#out + 1] = string.format('<text class="bar-label" x="%d" y="%d" dy="0.35em" text-anchor="end">%s</text>\n',
        mid - 8, ty, esc(item.label))
    end
  end
  out[#out + 1] = string.format('<line class="axis" x1="%s" y1="%d" x2="%s" y2="%d"/>\n', px(mid - 0.5), top, px(mid - 0.5), bottom)
  if s.unit then
    out[#out + 1] = string.format('<text class="unit" x="%d" y="%d" text-anchor="middle">%s</text>\n', mid, bottom + 18, esc(s.unit))
  end
  out[#out + 1] = svg_close
  return table.concat(out)
end

local renderers = { heatmap = html_heatmap, bars = html_bars, table = html_table, text = html_text,
                    details = html_details, multiples = html_multiples, diverging = html_diverging }
local required = { heatmap = { "rows", "cols", "values" }, bars = { "items" }, multiples = { "charts" },
                   table = { "columns", "rows" }, text = { "text" }, details = { "items" }, diverging = { "items" } }

-- raise, naming the section, when a field the kind needs is missing
local function check_section(s, i)
  local need = type(s) == "table" and required[s.kind]
  if not need then
    error(string.format("paa.report: unknown section kind '%s' (section %d)",
      tostring(type(s) == "table" and s.kind or s), i), 3)
  end
  for _, key in ipairs(need) do
    local v = s[key]
    if (key == "text" and v == nil) or (key ~= "text" and type(v) ~= "table") then
      error(string.format("paa.report: %s section %d needs '%s'", s.kind, i, key), 3)
    end
  end
end

local css = [[
:root { color-scheme: light; }
body { margin: 0; background: #fff; color: #1b1f24;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Noto Sans", "Liberation Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 1.8em; line-height: 1.2; margin: 0.3em 0 0.6em; }
h2 { font-size: 1.25em; margin: 1.8em 0 0.6em; padding-bottom: 0.2em; border-bottom: 1px solid #d8dee4; }
p { margin: 0.6em 0; max-width: 80ch; }
p.note { color: #57606a; font-size: 0.9em; }
pre { background: #f6f8fa; padding: 12px 16px; overflow-x: auto;
  font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
.chart, .table { overflow-x: auto; margin: 0.5em 0; }
svg { display: block; }
svg text { font-size: 12px; fill: #1b1f24; }
svg text.cell-text.on-dark { fill: #fff; }
svg text.legend, svg text.unit { fill: #57606a; }
svg rect.cell { stroke: #d8dee4; stroke-width: 0.5; }
svg rect.bar { fill: #2171b5; }
svg rect.bar.negative { fill: #d6604d; }
svg rect.bar:hover, svg rect.cell:hover { stroke: #1b1f24; stroke-width: 1.5; }
svg line.axis { stroke: #8c959f; stroke-width: 1; }
table { border-collapse: collapse; font-size: 14px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 8px; text-align: left; vertical-align: top; border-bottom: 1px solid #eaeef2; }
thead th { border-bottom: 2px solid #8c959f; }
tbody tr:nth-child(even) { background: #f6f8fa; }
tfoot td { border-top: 2px solid #8c959f; font-weight: 600; }
th.num, td.num { text-align: right; }
details { margin: 0.3em 0; } details summary { cursor: pointer; }
details ul { margin: 0.3em 0 0.6em; padding-left: 1.4em; color: #3b434b; }
details:has(:target) > summary { background: #fff3bf; }
svg a:hover rect.cell { stroke: #1b1f24; stroke-width: 1.5; }
svg line.interval { stroke: #1b1f24; stroke-width: 1.2; }
.multiples .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap: 4px 16px; }
figure.multiple { margin: 0; overflow-x: auto; }
figure.multiple figcaption { font-weight: 600; font-size: 0.95em; }
figcaption .subtitle { display: block; font-weight: normal; font-size: 0.85em; color: #57606a;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
@media print { main { max-width: none; padding: 0; } .chart, .table { overflow: visible; } }
]]

--- Render a self-contained HTML5 page: inline CSS, charts as inline SVG,
-- no scripts and no network (a Content-Security-Policy forbids loads).
-- The same page gives the same bytes.
-- @tparam table page `title` (string), `intro` (optional plain text,
--   paragraphs separated by blank lines), `sections` (array): each a
--   `heatmap`, `bars`, `diverging`, `multiples`, `table`, `text` or `details` section (see
--   docs/api.md); any
--   section may carry a `note` (plain text shown below it).
-- @treturn string the page, ending in "\n"
-- @raise on a missing title, an unknown section kind or a section
--   without the fields its kind needs
-- @usage io.write(report.html{ title = "Themes", sections = {
--   { kind = "bars", title = "Documents", items = {{ label = "BBC", value = 2225 }} } } })
function report.html(page)
  if type(page) ~= "table" or type(page.title) ~= "string" then
    error("paa.report: html page needs a string title", 2)
  end
  local out = { "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
    "<title>", esc(page.title), "</title>\n<style>\n", css, "</style>\n</head>\n<body>\n<main>\n",
    "<h1>", esc(page.title), "</h1>\n" }
  if page.intro then out[#out + 1] = paragraphs(page.intro) end
  for i, s in ipairs(page.sections or {}) do
    check_section(s, i)
    out[#out + 1] = "<section class=\"" .. s.kind .. "\">\n" .. renderers[s.kind](s, i)
    if s.note then out[#out + 1] = paragraphs(s.note, "note") end
    out[#out + 1] = "</section>\n"
  end
  out[#out + 1] = "</main>\n</body>\n</html>\n"
  return table.concat(out)
end

return report
