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

return report
