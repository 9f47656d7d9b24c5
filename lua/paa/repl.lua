--- paa.repl: the Lua side of paa's interactive session.
-- The host (`src/main.c`) reads lines with readline and evaluates them;
-- this module sets the session up and says how values look:
--
-- - `repl.start(paths)` sets the session's globals (`paa`, `corpus`, the
--   helpers `help`, `kwic`, `search`, `show`, `words`, `keyness`,
--   `collocations`, `deals`, `themes`, `run`, `where`, `export`, `all`,
--   `debug`), reads the corpus
--   once into the session's store (`paa.repl.session`) and returns the
--   banner;
-- - `repl.show(...)` renders the values of an expression for the screen;
-- - `repl.complete(text, line)` lists the names that complete a word;
-- - `repl.explain(msg, traceback)` says an error in one line.
--
-- The helpers return results (`paa.repl.result`: rows that print a page
-- and export) and set `last`; they print nothing; misuse raises.
-- @module paa.repl

local repl = {}

local show = require "paa.repl.show"
local complete = require "paa.repl.complete"
local help_mod = require "paa.repl.help"

local function report() return require "paa.report" end
local function thousands(n) return report().thousands(n) end
local type_name, columns, pad, WIDTH = show.type_name, show.columns, show.pad, show.WIDTH
local help_text = help_mod.text
local HELPERS, HELPER_DOC = help_mod.helpers, help_mod.docs

repl.show, repl.complete = show.show, complete.complete

--[[ ------------------------------------------------------------------
  helpers of the session
------------------------------------------------------------------- ]]

local options = require "paa.options"
local check_opts = options.table
local session = require "paa.repl.session"
local result = require "paa.repl.result"
local mistakes = require "paa.repl.mistakes"

-- raise 'msg' at the caller of the helper that calls this
local function fail(msg) error(msg, 3) end

-- opts checked: a table whose keys are among 'names' (a typo gets the nearest)
local function opts_of(opts, who, names)
  opts = check_opts(opts, who, 4)
  for k in pairs(opts) do
    local known = false
    for _, n in ipairs(names) do known = known or n == k end
    if not known then
      error(string.format("%s: no option '%s'%s", who, tostring(k), mistakes.hint(tostring(k), names)), 3)
    end
  end
  return opts
end

-- the corpus a helper reads: opts.corpus or the session's global 'corpus'
local function session_corpus(opts, who)
  local c = opts.corpus
  if c == nil then c = rawget(_G, "corpus") end
  if c == nil then
    error(who .. ": no corpus; open one first: corpus = paa.open(\"folder/\")", 4)
  end
  if type_name(c) ~= "paa.Corpus" then
    error(who .. ": corpus must be a paa.Corpus, got " .. (type_name(c) or type(c)), 4)
  end
  return c
end

-- the session of that corpus: read into the store on its first call
local function session_of(opts, who)
  local s, err = session.of(session_corpus(opts, who))
  if not s then error(who .. ": " .. tostring(err), 3) end
  return s
end

-- the sources 'opts.source' names (a name or a list; any case, a
-- prefix: "techwire" is "TechWire Daily"), or nil for all
local function sources_of(s, opts, who)
  local v = opts.source
  if v == nil then return nil end
  if type(v) == "string" then v = { v } end
  if type(v) ~= "table" then error(who .. ": source must be a name or a list of names, got " .. type(v), 3) end
  local out, seen = {}, {}
  for _, name in ipairs(v) do
    if type(name) ~= "string" then error(who .. ": source must be a name or a list of names", 3) end
    local list, err = s:match_sources(name)
    if not list then error(who .. ": " .. err, 3) end
    for _, x in ipairs(list) do
      if not seen[x] then seen[x] = true; out[#out + 1] = x end
    end
  end
  return out
end

-- one group's name of a count by source: a source any case or a prefix
-- naming one; other groupings as given
local function group_name(opts, who, name, by)
  if name == nil or by ~= "source" then return name end
  local list, err = session_of(opts, who):match_sources(name)
  if not list then error(who .. ": " .. err, 3) end
  if #list > 1 then
    error(string.format("%s: '%s' names %d sources: %s", who, name, #list, table.concat(list, ", ")), 3)
  end
  return list[1]
end

-- what an empty result says: nothing found, and where it was looked for
local function none(what, s, sources)
  if not sources then return what end
  return what .. " in " .. table.concat(sources, ", ") .. " (the sources: " .. s:source_list() .. ")"
end

-- 'last': the previous result
local function keep(r)
  rawset(_G, "last", r)
  return r
end

-- a lexicon from an array of terms, or a paa.Lexicon
local function to_lexicon(x, who)
  if type_name(x) == "paa.Lexicon" then return x end
  local ok, lex = pcall(require("paa.lexicon").new, { t = x })
  if not ok then error(who .. ": " .. tostring(lex):gsub("^paa%.lexicon: theme 't', ", ""), 3) end
  return lex
end

-- the columns of a kwic line's id and of each side of its match: to fit
-- the terminal's width (COLUMNS, which readline sets), 118 without one
local function kwic_layout()
  local w = math.tointeger(tonumber(os.getenv("COLUMNS") or "")) or 118
  local idw = w >= 110 and 24 or 20
  local side = math.max(16, math.min(48, (w - 3 - 2 - idw - 2 - 2 - 20) // 2))
  return idw, side
end

--- Keyword-in-context lines over the session's corpus (boilerplate
-- removed), read from the session's store.
-- @param what a query of paa.kwic (`"stake {0,2} in"`, `"invest*"`), an
--   array of lexicon terms, or a `paa.Lexicon`
-- @tparam[opt] table opts `width` (words a side, 6), `sort` (`"doc"`,
--   `"left"`, `"right"`, `"match"`), `limit`, `source`, `corpus`
-- @treturn table the rows (a result): `{ doc, id, source, date, title,
--   left, match, right, start, stop }`
local function kwic(what, opts)
  opts = opts_of(opts, "kwic", { "width", "sort", "limit", "source", "corpus" })
  local query
  if type(what) == "string" then
    local q, err = require("paa.kwic").compile(what)
    if not q then fail("kwic: " .. err) end
    query = q
  elseif type(what) == "table" or type_name(what) == "paa.Lexicon" then
    query = to_lexicon(what, "kwic")
  else
    fail("kwic: expected a query (\"stake {0,2} in\"), an array of terms or a paa.Lexicon, got " .. type(what))
  end
  local width = options.field(opts, "width", { kind = "integer", min = 0 }, 6, "kwic")
  local sort = options.field(opts, "sort", { kind = "choice", choices = { "doc", "left", "right", "match" } },
    "doc", "kwic")
  local limit = options.field(opts, "limit", { kind = "integer", min = 1 }, nil, "kwic")
  local s = session_of(opts, "kwic")
  local sources = sources_of(s, opts, "kwic")
  local rows, total, ndocs = require("paa.kwic").find(s:source(sources), query,
    { width = width, sort = sort, limit = limit })
  local clip = report().clip
  local title = string.format("%s in %s", report().plural(total, "match"), report().plural(ndocs, "document"))
  if limit and total > #rows then title = title .. string.format(" (the first %d)", #rows) end
  return keep(result.rows(rows, {
    name = "kwic", title = total > 0 and title or nil,
    empty = none("no matches", s, sources),
    columns = { { key = "doc" }, { key = "id" }, { key = "source" }, { key = "date" }, { key = "title" },
                { key = "left" }, { key = "match" }, { key = "right" }, { key = "start" }, { key = "stop" } },
    lines = function(r, k)
      local idw, side = kwic_layout()
      local left, right = clip(r.left, side, true), clip(r.right, side)
      -- (no space between a match and the punctuation that closes it)
      return string.format("%3d  %s  %s%s«%s»%s%s", k, pad(clip(r.id, idw, true), idw),
        pad(left, side, true), left:find("[%(“‘\"]$") and "" or " ", clip(r.match, 30),
        right:find("^[%.,;:!?%)’”'\"]") and "" or " ", right)
    end,
  }))
end

-- the counters of the session: one per corpus and settings, counted
-- once (weak: they go with their corpus)
local counters = setmetatable({}, { __mode = "k" })

-- the counter of the session's corpus for 'by', 'n', 'stopwords',
-- counted over the store's clean texts
local function session_counter(opts, who, n, stop)
  local c = session_corpus(opts, who)
  local by = options.field(opts, "by", { kind = "choice", choices = { "source", "month", "year", "doc", "all" } },
    n == 2 and "all" or "source", who, 4)
  stop = options.field(opts, "stopwords", { kind = "string" }, stop, who, 4)
  local key = by .. "\0" .. n .. "\0" .. stop
  counters[c] = counters[c] or {}
  local ctr = counters[c][key]
  if not ctr then
    local err
    ctr, err = require("paa.words").count(session_of(opts, who):source(), { by = by, n = n, stopwords = stop })
    if not ctr then error(who .. ": " .. err, 4) end
    counters[c][key] = ctr
  end
  return ctr, by
end

local function round2(x) return math.floor(x * 100 + 0.5) / 100 end

--- The most frequent words of each group of the session's corpus.
-- @tparam[opt] table opts `by` (`"source"`), `top` (10), `n` (1),
--   `stopwords` (`"en"`), `group` (one group), `corpus`
-- @treturn table the rows (a result): `{ group, term, freq, docs, per1000 }`
local function words_of(opts)
  opts = opts_of(opts, "words", { "by", "top", "n", "stopwords", "group", "corpus" })
  local n = options.field(opts, "n", { kind = "integer", min = 1, max = 5 }, 1, "words")
  local top = options.field(opts, "top", { kind = "integer", min = 1 }, 10, "words")
  local group = options.field(opts, "group", { kind = "string" }, nil, "words")
  local ctr, by = session_counter(opts, "words", n, "en")
  group = group_name(opts, "words", group, by)
  local ok, rows = pcall(require("paa.words").top, ctr, { top = top, group = group })
  if not ok then fail("words: " .. tostring(rows):gsub("^.-paa%.words: ", "")) end
  local out = {}
  for i, r in ipairs(rows) do
    out[i] = { group = r.group, term = r.term, freq = r.freq, docs = r.docs, per1000 = round2(r.per1000) }
  end
  return keep(result.rows(out, { name = "words", show = false, title = string.format("top %d %s by %s",
    top, n == 1 and "words" or n .. "-grams", by),
    columns = { { key = "group" }, { key = "term" }, { key = "freq", align = "right" },
                { key = "docs", align = "right" }, { key = "per1000", align = "right" } } }))
end

--- Keyness of a group of the session's corpus against another or the rest.
-- @tparam string target a group's name (a source: any case, a prefix)
-- @tparam[opt] string reference another group (nil: the rest)
-- @tparam[opt] table opts `by` (`"source"`), `top` (words a side, 10),
--   `min` (5), `stopwords`, `corpus`
-- @treturn table the rows (a result): `{ term, target, reference, g2, p,
--   log_ratio }`, the words most key to the target, then to the reference
local function keyness(target, reference, opts)
  if type(reference) == "table" and opts == nil then reference, opts = nil, reference end
  opts = opts_of(opts, "keyness", { "by", "top", "min", "stopwords", "corpus" })
  if type(target) ~= "string" then fail("keyness: expected a group's name (a source), got " .. type(target)) end
  if reference ~= nil and type(reference) ~= "string" then
    fail("keyness: the reference is a group's name or nil (the rest), got " .. type(reference))
  end
  local top = options.field(opts, "top", { kind = "integer", min = 1 }, 10, "keyness")
  local min = options.field(opts, "min", { kind = "integer", min = 1 }, 5, "keyness")
  local ctr, by = session_counter(opts, "keyness", 1, "en")
  target = group_name(opts, "keyness", target, by)
  reference = group_name(opts, "keyness", reference, by)
  local rows, info = require("paa.words").keyness(ctr, target, reference, { min = min })
  if not rows then fail("keyness: " .. info) end
  local out = {}
  local function add(r)
    out[#out + 1] = { term = r.term, target = r.target, reference = r.reference, g2 = round2(r.g2),
                      p = r.p < 0.0001 and "<0.0001" or string.format("%.4f", r.p), log_ratio = round2(r.log_ratio) }
  end
  for i = 1, math.min(top, #rows) do if rows[i].g2 > 0 then add(rows[i]) end end
  for i = #rows, math.max(1, #rows - top + 1), -1 do if rows[i].g2 < 0 then add(rows[i]) end end
  return keep(result.rows(out, { name = "keyness", show = false,
    title = string.format("%s against %s", target, reference or "the rest"),
    columns = { { key = "term" }, { key = "target", align = "right" }, { key = "reference", align = "right" },
                { key = "g2", align = "right" }, { key = "p", align = "right" },
                { key = "log_ratio", align = "right" } } }))
end

--- Collocations of the session's corpus: pairs of words by log-likelihood.
-- @tparam[opt] table opts `min` (5), `top` (20), `sort` (`"ll"` or
--   `"pmi"`), `by` and `group` (one group's), `corpus`
-- @treturn table the rows (a result): `{ term, freq, ll, pmi }`
local function collocations(opts)
  opts = opts_of(opts, "collocations", { "min", "top", "sort", "by", "group", "corpus", "stopwords" })
  local min = options.field(opts, "min", { kind = "integer", min = 1 }, 5, "collocations")
  local top = options.field(opts, "top", { kind = "integer", min = 1 }, 20, "collocations")
  local sort = options.field(opts, "sort", { kind = "choice", choices = { "ll", "pmi" } }, "ll", "collocations")
  local group = options.field(opts, "group", { kind = "string" }, nil, "collocations")
  local ctr, by = session_counter(opts, "collocations", 2, "none")
  group = group_name(opts, "collocations", group, by)
  local words = require "paa.words"
  local rows = words.collocations(ctr, { min = min, top = top, sort = sort, group = group,
                                         stopwords = words.stopwords("en") })
  for i, r in ipairs(rows) do
    rows[i] = { term = r.term, freq = r.freq, ll = round2(r.ll), pmi = round2(r.pmi) }
  end
  return keep(result.rows(rows, { name = "collocations", show = false,
    columns = { { key = "term" }, { key = "freq", align = "right" }, { key = "ll", align = "right" },
                { key = "pmi", align = "right" } } }))
end

--- Documents of the session's corpus that match a query, best first: the
-- search of `scripts/search.lua` (`paa.search`, FTS5 through the store),
-- the same hits in the same order.
-- @tparam string query FTS5 syntax: words, "a phrase", `a OR b`,
--   `a NOT b`, `prefix*`; not valid syntax: its words
-- @tparam[opt] table opts `limit` (hits, 10), `source`, `corpus`
-- @treturn table the hits (a result), best first: `{ doc, source, date,
--   title, rank, snippet }`
local function search(query, opts)
  if type(query) ~= "string" then fail("search: expected a query string, got " .. type(query)) end
  opts = opts_of(opts, "search", { "limit", "source", "corpus" })
  local limit = options.field(opts, "limit", { kind = "integer", min = 1 }, 10, "search")
  if not query:find("%S") then fail("search: the query has no terms to look for") end
  local s = session_of(opts, "search")
  local sources = sources_of(s, opts, "search")
  local paa_search = require "paa.search"
  local hits, serr = paa_search.hits(s.db, query, { limit = limit, filter = sources and { source = sources } })
  if not hits then fail("search: " .. tostring(serr)) end
  local clip, plural = report().clip, report().plural
  return keep(result.rows(hits, {
    name = "search", empty = none("no documents match", s, sources),
    title = #hits > 0 and plural(#hits, "document") .. (#hits == 1 and " matches" or " match") ..
      (#hits == limit and string.format(" (the first %d; search(q, { limit = %d }) for more)", limit, limit * 5)
        or "") or nil,
    columns = { { key = "doc" }, { key = "source" }, { key = "date" }, { key = "title" }, { key = "rank" },
                { key = "snippet" } },
    lines = function(h, k)
      return string.format("%2d  %s  %s  %s\n    %s\n    %s", k, clip(h.doc, 40, true), h.source,
        h.date or "(undated)", clip(h.title ~= "" and h.title or "(no title)", WIDTH - 4),
        (h.snippet or ""):gsub("%s+", " "))
    end,
  }))
end

--- The deals of the session's corpus (`paa.deals`, as `scripts/deals.lua`
-- finds them), from the store's clean texts.
-- @tparam[opt] table opts `min_mentions` (1), `source`, `corpus`
-- @treturn table the deals (a result): the CSV columns of
--   `scripts/deals.lua` (amounts as numbers), its table's printed;
--   `show(N)` lists the sentences of deal N
local function deals_of(opts)
  opts = opts_of(opts, "deals", { "min_mentions", "source", "corpus" })
  local min = options.field(opts, "min_mentions", { kind = "integer", min = 1 }, 1, "deals")
  local s = session_of(opts, "deals")
  local sources = sources_of(s, opts, "deals")
  local deals = require "paa.deals"
  local found, err = deals.find(s:source(sources), { min_mentions = min })
  if not found then fail("deals: " .. err) end
  local data, plural = deals.table(found, true), report().plural
  local list, by_id = found.deals, {}
  for _, d in ipairs(list) do by_id[d.id] = d end
  return keep(result.rows(data.rows, {
    name = "deals", columns = data.columns, shown = deals.table(found).columns,
    empty = none("no deals", s, sources),
    title = string.format("%s in %s, merged into %s", plural(found.mentions or 0, "mention"),
      plural(found.documents or 0, "document"), plural(#list, "deal")),
    more = "show(N) lists deal N's sentences",
    show = function(row)
      local d = by_id[row.id]
      local out = { string.format("%s: %s %s, %s; %s in %s from %s", d.id, deals.format_amount(d.amount), d.kind,
        deals.format_parties(d), plural(d.count, "mention"), plural(d.documents, "document"),
        plural(d.sources, "source")), "" }
      for _, line in ipairs(deals.explain_lines(d)) do out[#out + 1] = line end
      return table.concat(out, "\n")
    end,
  }))
end

--- Theme frequencies per source (`paa.themes`, as `scripts/tensions.lua`
-- counts them), from the store's clean texts.
-- @tparam[opt] table opts `lexicon` (a path or a paa.Lexicon; default
--   the shipped tensions lexicon), `by` (`"source"`, `"month"`, `"doc"`),
--   `source`, `corpus`
-- @treturn table rows (a result) `{ group, theme, matches, documents,
--   words, rate, share, ... }`; `show(N)` lists the matches of cell N
local function themes_of(opts)
  opts = opts_of(opts, "themes", { "lexicon", "by", "source", "corpus" })
  local by = options.field(opts, "by", { kind = "choice", choices = { "source", "month", "doc" } }, "source", "themes")
  local themes, lexicon = require "paa.themes", require "paa.lexicon"
  local lex = opts.lexicon
  if lex == nil or type(lex) == "string" then
    local path = lex or themes.lexicon_path("tensions")
    local err
    lex, err = lexicon.load(path)
    if not lex then fail("themes: " .. err) end
  elseif type_name(lex) ~= "paa.Lexicon" then
    fail("themes: expected a lexicon's path or a paa.Lexicon as lexicon, got " .. type(lex))
  end
  local s = session_of(opts, "themes")
  local sources = sources_of(s, opts, "themes")
  local found, err = themes.count(s:source(sources), lex, { by = by })
  if not found then fail("themes: " .. err) end
  local data = themes.long_table(found)
  local function cols(keys)
    local out = {}
    for i, k in ipairs(keys) do out[i] = { key = k, title = k } end
    out[#out] = { key = "rate", title = "per 1,000", align = "right",
                  format = function(v) return string.format("%.2f", v) end }
    return out
  end
  return keep(result.rows(data.rows, {
    name = "themes", columns = data.columns,
    shown = cols{ "group", "theme", "matches", "documents", "words", "rate" },
    empty = none("no documents", s, sources),
    title = string.format("%s by %s, per 1,000 words", #found.themes == 1 and "1 theme" or #found.themes .. " themes",
      by),
    more = "show(N) lists the matches of row N",
    show = function(row)
      local one = themes.count(s:source(sources), lex, { by = by, themes = { row.theme }, explain = row.theme })
      local lines, n = themes.explain_lines(one, row.group)
      return string.format("%s in %s: %s (the row says %d)\n\n%s", row.theme, row.group,
        report().plural(n, "match"), row.matches, table.concat(lines, "\n"))
    end,
  }))
end

-- 'text' wrapped to 'width' columns, line by line (paragraphs and list
-- items keep their line breaks)
local function wrap(text, width)
  local out = {}
  for line in (text .. "\n"):gmatch("(.-)\n") do
    if line:match("^%s*$") then
      if #out > 0 and out[#out] ~= "" then out[#out + 1] = "" end
    elseif columns(line) <= width then
      out[#out + 1] = line
    else
      local cur, w = "", 0
      for word in line:gmatch("%S+") do
        local n = columns(word)
        if w > 0 and w + 1 + n > width then
          out[#out + 1] = cur
          cur, w = word, n
        else
          cur, w = (w > 0 and cur .. " " or "") .. word, w + (w > 0 and 1 or 0) + n
        end
      end
      out[#out + 1] = cur
    end
  end
  while #out > 0 and out[#out] == "" do out[#out] = nil end
  return table.concat(out, "\n")
end


--- One document: its metadata, its clean text wrapped to 78 columns,
-- then the boilerplate lines removed (a text the session prints whole,
-- through the pager when longer than the screen).
-- @param doc a number (row N of `last`: its document after kwic and
--   search, its own view after deals and themes; with no result, the
--   corpus's Nth document), an id (or a part of one that names one
--   document), or a row or document table
-- @treturn table a text
local function show_doc(doc, opts)
  opts = opts_of(opts, "show", { "corpus" })
  local key = doc
  local last = rawget(_G, "last")
  if math.type(doc) == "integer" and result.is_rows(last) then  -- row N of last
    local r, what = result.row(last, doc)
    if not r then fail("show: " .. what) end
    if type(r) == "table" and getmetatable(r) then return r end  -- (a text: the row's own view)
    key = r
  elseif math.type(doc) == "integer" then
    key = doc
  elseif type(doc) == "table" then
    key = type(doc.id) == "string" and doc.id or type(doc.doc) == "string" and doc.doc or nil
    if not key then fail("show: this table is not a document or a row of one (it has no id)") end
  elseif type(doc) ~= "string" then
    fail("show: expected a row number (show(1)), a document id or a document, got " .. type(doc))
  end
  local s = session_of(opts, "show")
  local d, err = s:doc(key)
  if not d then fail("show: " .. err) end
  local out = {}
  local function field(k, v) if v ~= nil and v ~= "" then out[#out + 1] = pad(k .. ":", 8) .. tostring(v) end end
  field("id", d.id)
  field("source", d.source)
  field("date", d.date)
  field("title", d.title)
  field("words", d.words and thousands(d.words) .. " (without boilerplate)")
  field("url", d.url)
  out[#out + 1] = ""
  out[#out + 1] = wrap(d.text, WIDTH)
  local bp = d.boilerplate
  if #bp > 0 then
    out[#out + 1] = ""
    out[#out + 1] = "boilerplate removed (" .. report().plural(#bp, "line") .. "):"
    for _, r in ipairs(bp) do
      out[#out + 1] = "  " .. pad(tostring(r.rule), 9) .. report().clip(tostring(r.text), WIDTH - 11)
    end
  end
  return result.text(table.concat(out, "\n"))
end

-- the path of script 'name', or nil and the places tried: the one
-- script search path, paa.script's
local function find_script(name)
  return require("paa.script").find(name)
end

local EXIT = setmetatable({}, { __tostring = function() return "paa.repl: os.exit" end })

-- a script's structured result as a result: an array of records, or a
-- report table `{ rows, columns }`; anything else as it is
local function script_result(v, name)
  if type(v) ~= "table" or result.is_rows(v) then return v end
  local rows, cols, shown = v, nil, nil
  if type(v.rows) == "table" and type(v.columns) == "table" then rows, cols, shown = v.rows, v.columns, v.shown end
  if #rows == 0 or type(rows[1]) ~= "table" then return v end
  return keep(result.rows(rows, { name = name, columns = cols, shown = shown, brief = true, show = false }))
end

--- Run a report script in the session, with `arg` set to the arguments;
-- a script with a corpus parameter given none reads the session's.
-- `os.exit` (and so `paa.fail` and `--help`) ends the script, not the
-- session.
-- @tparam string script a path, or a name on the script search path
--   (`paa.script.search_path`)
-- @param ... its arguments (strings)
-- @return the script's own results (an array of records, or a report
--   table `{ rows, columns [, shown] }`: the columns exported and those
--   printed, becomes a result and `last`), or its exit
--   status when it called `os.exit` (0 for success)
local function run(script, ...)
  if type(script) ~= "string" then fail("run: expected a script name (run(\"deals\")), got " .. type(script)) end
  local path, tried = find_script(script)
  if not path then
    local names = {}
    local pscript = require "paa.script"
    for _, e in ipairs(pscript.list(pscript.search_path())) do names[#names + 1] = e.name end
    fail("run: no script '" .. script .. "'" .. mistakes.hint(script, names) ..
      " (looked for " .. table.concat(tried, ", ") .. ")")
  end
  local chunk, err = loadfile(path, "bt")
  if not chunk then fail("run: " .. err) end
  local args = table.pack(...)
  local argt = { [0] = path }
  for i = 1, args.n do argt[i] = tostring(args[i]) end
  local pscript = require "paa.script"
  local c = rawget(_G, "corpus")
  local saved_exit, saved_arg, saved_corpus = os.exit, rawget(_G, "arg"), pscript.session_corpus
  local exit_code
  os.exit = function(code)  -- luacheck: ignore 122 (a script's os.exit ends the script, not the session)
    if code == nil or code == true then exit_code = 0
    elseif code == false then exit_code = 1
    else exit_code = math.tointeger(code) or 1 end
    error(EXIT, 0)
  end
  rawset(_G, "arg", argt)
  if type_name(c) == "paa.Corpus" then pscript.session_corpus = c:roots() end
  local results = table.pack(pcall(chunk, table.unpack(argt, 1, args.n)))
  os.exit = saved_exit  -- luacheck: ignore 122
  rawset(_G, "arg", saved_arg)
  pscript.session_corpus = saved_corpus
  io.stdout:flush()
  if not results[1] then
    if results[2] == EXIT then
      if exit_code ~= 0 then io.stderr:write("paa: ", script, " exited with status ", exit_code, "\n") end
      return exit_code
    end
    error(results[2], 0)
  end
  local name = path:match("([^/]+)%.lua$") or "rows"
  for i = 2, results.n do results[i] = script_result(results[i], name) end
  return table.unpack(results, 2, results.n)
end

--- Every row of a result, printed whole (through the pager when long).
local function all(r)
  if r == nil then r = rawget(_G, "last") end
  if not result.is_rows(r) then
    fail("all: expected a result (last, or what kwic, search, words... return), got " .. (type_name(r) or type(r)))
  end
  return result.all(r)
end

--- The rows of a result whose field holds a text (any case).
local function where(r, field, text)
  if not result.is_rows(r) then
    fail("where: expected a result (last, or what kwic, search, run... return), got " .. (type_name(r) or type(r)))
  end
  if type(field) ~= "string" or type(text) ~= "string" then
    fail("where: expected a field and a text (where(last, \"parties\", \"SoftBank\")), got " ..
      type(field) .. " and " .. type(text))
  end
  local cols = {}
  for _, c in ipairs(result.columns(r)) do cols[#cols + 1] = c.key end
  local known = #r == 0
  for _, k in ipairs(cols) do known = known or k == field end
  if not known then fail("where: no column '" .. field .. "'" .. mistakes.hint(field, cols) ..
    " (the columns: " .. table.concat(cols, ", ") .. ")") end
  return keep(result.where(r, field, text))
end

--- Write a result to a file; the format from its ending.
local function export(r, file)
  if not result.is_rows(r) and not (type(r) == "table" and type(r[1]) == "table") then
    fail("export: expected a result (last, or what kwic, search, words... return), got " ..
      (type_name(r) or type(r)))
  end
  local ok, msg = pcall(result.export, r, file)
  if not ok then fail(tostring(msg):gsub("^[^:]*:%d+: ", "")) end
  return msg
end

--- Tracebacks on errors, or one line (the default).
local function debug_mode(on)
  if on ~= nil and type(on) ~= "boolean" then fail("debug: expected true or false, got " .. type(on)) end
  return mistakes.debug(on)
end

-- what help() lists of each helper (each one's whole entry is in docs/api.md)
local DOCS = {
  { "help", false, "help(x)", "documentation: help(kwic), help(paa.text), help(\"corpus:docs\")" },
  { "kwic", kwic, "kwic(query [, opts])", "keyword in context: kwic(\"stake {0,2} in\")" },
  { "search", search, "search(query [, opts])", "ranked documents: search('antitrust OR \"first refusal\"')" },
  { "show", show_doc, "show(n_or_id)", "one document: show(1), the first row's of last" },
  { "words", words_of, "words([opts])", "frequent words per source: words{ top = 5 }" },
  { "keyness", keyness, "keyness(target [, reference])", "words that set a source apart" },
  { "collocations", collocations, "collocations([opts])", "pairs of words: collocations{ top = 10 }" },
  { "deals", deals_of, "deals([opts])", "the deals, each once: deals{ source = \"ledger\" }" },
  { "themes", themes_of, "themes([opts])", "tension themes per source, per 1,000 words" },
  { "run", run, "run(script, ...)", "a report script on the session's corpus: run(\"deals\")" },
  { "where", where, "where(result, field, text)", "rows whose field holds a text: where(last, \"parties\", \"SoftBank\")" },
  { "export", export, "export(result, file)", "save a result: export(last, \"deals.csv\") (.json .md .html)" },
  { "all", all, "all([result])", "every row of a result (last by default)" },
  { "debug", debug_mode, "debug(on)", "debug(true): errors show their traceback" },
}

--- The documentation of a module, function or name (a text).
local function help(x)
  local s = help_text(x)
  return result.text(s)
end

for _, d in ipairs(DOCS) do
  local name = d[1]
  HELPERS[name] = name == "help" and help or d[2]
  HELPER_DOC[name] = { call = d[3], short = d[4] }
  help_mod.order[#help_mod.order + 1] = name
end

-- expose the helpers to the specs and to scripts that want them
repl.help, repl.kwic, repl.search, repl.show_doc, repl.run = help, kwic, search, show_doc, run
repl.words, repl.keyness, repl.collocations = words_of, keyness, collocations
repl.deals, repl.themes = deals_of, themes_of
repl.export, repl.all, repl.debug, repl.where = export, all, debug_mode, where
repl.help_text = help_text

--- The one line the session says for an error of a line typed (see
-- `paa.repl.mistakes`); the host calls it.
-- @tparam string msg
-- @tparam[opt] string traceback
-- @treturn string
function repl.explain(msg, traceback)
  return mistakes.explain(msg, traceback, HELPER_DOC)
end

-- the Lua-written modules of the facade, loaded now so that completion
-- and help see them (they load in a few milliseconds)
local FACADE = { "money", "dates", "deals", "themes", "cited", "report", "duplicates", "script", "store" }

--- Set up the session and return its banner.
-- Sets the globals `paa`, `corpus` (when `paths` are given: `paa.open`,
-- then read once into the session's store; on failure the error is
-- printed and the session has no corpus) and the helpers.
-- @tparam[opt] {string,...} paths the corpus named on the command line
-- @treturn string the banner, one line
function repl.start(paths)
  local paa = require "paa"
  for _, k in ipairs(FACADE) do pcall(function() return paa[k] end) end
  rawset(_G, "paa", paa)
  for name, f in pairs(HELPERS) do
    if name == "debug" and type(rawget(_G, "debug")) == "table" then
      -- debug(true): the debug library, callable (debug.traceback stays)
      local lib = rawget(_G, "debug")
      if getmetatable(lib) == nil then setmetatable(lib, { __call = function(_, on) return f(on) end }) end
    else
      rawset(_G, name, f)
    end
  end
  local head = string.format("paa %s (%s)", paa.version, _VERSION)
  if type(paths) == "string" then paths = { paths } end
  if type(paths) ~= "table" or #paths == 0 then
    return head .. " — help() for help; paa.open(path) reads a corpus."
  end
  -- a warning is told once, however many walks the session makes
  local c, err = paa.open(paths, { warn = require("paa.inputs").once })
  local s
  if c then s, err = session.of(c) end
  if not s then
    print("paa: " .. tostring(err))
    return head .. " — no corpus; help() for help; paa.open(path) reads a corpus."
  end
  rawset(_G, "corpus", c)
  return head .. " — corpus: " .. s:describe() .. ". help() for help."
end

return repl
