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

-- display width of a UTF-8 string (one column per code point)
local function width(s)
  return utf8.len(s) or #s
end

local function cell(col, row)
  local v = row[col.key]
  if v == nil then return col.empty or "" end
  if col.format then return col.format(v, row) end
  if math.type(v) == "integer" then return report.thousands(v) end
  return tostring(v)
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
  local texts, widths = {}, {}
  for c, col in ipairs(cols) do widths[c] = width(col.title) end
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
  local titles, rule = {}, {}
  for c, col in ipairs(cols) do
    titles[c] = col.title
    rule[c] = string.rep("-", widths[c])
  end
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
    titles[c] = col.title
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

-- one CSV field: raw values (no thousands separators), quoted when needed
local function csv_field(v)
  if v == nil then return "" end
  local s = math.type(v) == "float" and string.format("%.6g", v) or tostring(v)
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

local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return json_escapes[c] or string.format("\\u%04x", c:byte())
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
-- @treturn string JSON text, ending in "\n"
-- @raise on a function, userdata or thread
function report.json(v)
  local out = {}
  json_value(v, "", out)
  out[#out + 1] = "\n"
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

--- Cut a string to at most `n` characters, with "…" when cut; line
-- breaks become spaces.
-- @tparam string s
-- @tparam integer n
-- @treturn string
function report.clip(s, n)
  s = s:gsub("%s*\n%s*", " ")
  local len = utf8.len(s)
  if len and len > n then return s:sub(1, utf8.offset(s, n) - 1) .. "…" end
  return s
end

return report
