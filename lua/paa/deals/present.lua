--- paa.deals.present: deals as tables, lines and JSON for paa.report.
-- Re-exported by `paa.deals`; docs/api.md describes every function there.
-- @module paa.deals.present

local present = {}


local report = require "paa.report"

local SYMBOL = { USD = "$", GBP = "£", EUR = "€", JPY = "¥" }

--- An amount written the same way for every deal: "$40bn", "£3.5m",
-- "$100bn–$500bn", "≈$1.9bn", "$10bn–$100bn (vague)", "≤ $500bn".
-- @tparam table a an amount of `paa.money`
-- @treturn string
function present.format_amount(a)
  local sym = SYMBOL[a.currency] or (a.currency and a.currency .. " " or "")
  local function one(v)
    if not v then return "?" end
    local scales = { { 1e12, "tn" }, { 1e9, "bn" }, { 1e6, "m" }, { 1e3, "k" } }
    for _, sc in ipairs(scales) do
      if math.abs(v) >= sc[1] then
        local x = v / sc[1]
        local str = (x == math.floor(x)) and string.format("%d", math.floor(x)) or
          (string.format("%.2f", x):gsub("0+$", ""):gsub("%.$", ""))
        return sym .. str .. sc[2]
      end
    end
    return sym .. report.thousands(math.floor(v + 0.5))
  end
  local s
  if a.low and a.high then s = one(a.low) .. "–" .. one(a.high)
  elseif a.high then s = "≤ " .. one(a.high)
  elseif a.low then s = "≥ " .. one(a.low)
  else s = one(a.value) end
  if a.approx then s = "≈" .. s end
  if a.vague then s = s .. " (vague)" end
  return s
end

--- A deal's parties as "Name (role), Name".
function present.format_parties(d)
  local out = {}
  for i, p in ipairs(d.parties) do out[i] = p.role and (p.name .. " (" .. p.role .. ")") or p.name end
  return table.concat(out, ", ")
end

--- The deals as a `report.table` spec: id, amount as written, amount,
-- kind, parties, date, mentions, documents, sources. With `numeric`
-- (for CSV), the amount as numbers too: value, low, high, currency, its
-- USD equivalent, and the sources' names.
function present.table(found, numeric)
  local rows = {}
  for _, d in ipairs(found.deals) do
    rows[#rows + 1] = { id = d.id, written = d.amount.text, amount = present.format_amount(d.amount),
      kind = d.kind, parties = present.format_parties(d),
      date = d.date and (d.date .. (d.date_fallback and "*" or "")) or
        (d.horizon and d.horizon.role .. " " .. d.horizon.date),
      mentions = d.count,
      documents = d.documents, sources = d.sources,
      value = d.amount.value, low = d.amount.low, high = d.amount.high,
      currency = d.amount.currency, usd = d.usd and math.floor(d.usd + 0.5),
      round = d.round, source_names = table.concat(d.source_list, "; ") }
  end
  if numeric then
    local cols = {}
    for _, k in ipairs{ "id", "kind", "written", "value", "low", "high", "currency", "usd", "round",
        "parties", "date", "mentions", "documents", "sources", "source_names" } do
      cols[#cols + 1] = { key = k, title = k }
    end
    return { rows = rows, columns = cols }
  end
  return { rows = rows, columns = {
    { key = "id", title = "id" },
    { key = "amount", title = "amount", align = "right" },
    { key = "written", title = "as written", format = function(v) return report.clip(v, 30) end },
    { key = "kind", title = "kind" },
    { key = "parties", title = "parties (role)", format = function(v) return report.clip(v, 60) end },
    { key = "date", title = "date", empty = "-" },
    { key = "mentions", title = "mentions", align = "right" },
    { key = "documents", title = "docs", align = "right" },
    { key = "sources", title = "sources", align = "right" },
  } }
end

--- The deals as the report's JSON document (see docs/deals.md).
function present.json(found, manifest)
  local out = {}
  for i, d in ipairs(found.deals) do
    local a = d.amount
    local evidence = {}
    for k, m in ipairs(d.mentions) do
      evidence[k] = { doc = m.doc, source = m.source, start = m.start, stop = m.stop,
                      sentence = m.sentence, text = m.amount.text, date = m.date,
                      date_fallback = m.date_fallback }
    end
    out[i] = { id = d.id, kind = d.kind,
      amount = { value = a.value, low = a.low, high = a.high, currency = a.currency, text = a.text,
                 approx = a.approx or false, vague = a.vague or false, usd = d.usd },
      round = d.round,
      parties = d.parties, date = d.date, date_fallback = d.date_fallback, horizon = d.horizon,
      mentions = d.count, documents = d.documents, sources = d.source_list,
      evidence = evidence }
  end
  return { manifest = manifest, deals = out }
end

--- Keyword-in-context lines for every mention of a deal (the 100 kept
-- as evidence, by document and place, when there are more).
function present.explain_lines(d)
  local out = {}
  if d.count and d.count > #d.mentions then
    out[#out + 1] = string.format("(%d of %d mentions shown)", #d.mentions, d.count)
  end
  for _, m in ipairs(d.mentions) do
    local at = m.start - m.sentence_start + 1
    local names = {}
    for i, p in ipairs(m.parties) do names[i] = p.role and (p.name .. " (" .. p.role .. ")") or p.name end
    out[#out + 1] = string.format("%s:%d-%d  [%s]  %s; %s; %s%s", m.doc, m.start, m.stop, m.source,
      m.kind, #names > 0 and table.concat(names, ", ") or "no party named", m.date or "undated",
      m.date_fallback and " (article date)" or "")
    out[#out + 1] = "    " .. report.marked(m.sentence, at, m.amount.text)
  end
  return out
end

return present
