--- paa.repl: the Lua side of paa's interactive session.
-- The host (`src/main.c`) reads lines with readline and evaluates them;
-- this module sets the session up and says how values look:
--
-- - `repl.start(paths)` sets the session's globals (`paa`, `corpus`, the
--   helpers `help`, `kwic`, `search`, `show`, `run`, `words`, `keyness`,
--   `collocations`) and returns the
--   banner;
-- - `repl.show(...)` renders the values of an expression for the screen;
-- - `repl.complete(text, line)` lists the names that complete a word.
--
-- Everything the helpers print goes to standard output; misuse raises.
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

-- the corpus a helper reads: opts.corpus or the session's global 'corpus'
local function session_corpus(opts, who)
  local c = opts.corpus
  if c == nil then c = rawget(_G, "corpus") end
  if c == nil then
    error(who .. ": no corpus; open one first: corpus = paa.open(\"folder/\")", 3)
  end
  if type_name(c) ~= "paa.Corpus" then
    error(who .. ": corpus must be a paa.Corpus, got " .. (type_name(c) or type(c)), 3)
  end
  return c
end

-- a lexicon from a term, an array of terms or a paa.Lexicon
local function to_lexicon(x, who)
  if type_name(x) == "paa.Lexicon" then return x end
  local lexicon = require "paa.lexicon"
  if type(x) == "string" then x = { x } end
  if type(x) ~= "table" then
    error(who .. ": expected a term, an array of terms or a paa.Lexicon, got " .. type(x), 3)
  end
  local ok, lex = pcall(lexicon.new, { t = x })
  if not ok then error(who .. ": " .. tostring(lex):gsub("^paa%.lexicon: theme 't', ", ""), 3) end
  return lex
end

local ID_WIDTH = 40

local function clip_id(id)
  return report().clip(id, ID_WIDTH, true)
end

--- Keyword-in-context lines over the session's corpus.
-- @param what a term (phrases and `prefix*` wildcards work), an array of
--   terms, or a `paa.Lexicon` (all its themes count)
-- @tparam[opt] table opts `width` (characters of context a side, 40),
--   `limit` (lines printed, 20), `source` (only this source), `corpus`
--   (instead of the global `corpus`)
-- @treturn integer the number of matches (all of them, also those not printed)
local function kwic(what, opts)
  opts = check_opts(opts, "kwic")
  local c = session_corpus(opts, "kwic")
  local width = options.field(opts, "width", { kind = "integer", min = 5 }, 40, "kwic")
  local limit = options.field(opts, "limit", { kind = "integer", min = 0 }, 20, "kwic")
  local source = options.field(opts, "source", { kind = "string" }, nil, "kwic")
  local lex = to_lexicon(what, "kwic")
  local rows, total, idw = {}, 0, 0
  for doc in c:docs{ clean = true } do
    if source == nil or doc.source == source then
      for _, _, a, b in lex:matches(doc.text) do
        total = total + 1
        if #rows < limit then
          local id = clip_id(doc.id)
          if columns(id) > idw then idw = columns(id) end
          rows[#rows + 1] = { id, report().kwic(doc.text, a, b, width) }
        end
      end
    end
  end
  local out = {}
  for i, r in ipairs(rows) do out[i] = pad(r[1], idw) .. "  " .. r[2] .. "\n" end
  if total == 0 then
    out[#out + 1] = "no matches\n"
  elseif total > #rows then
    out[#out + 1] = string.format("… %s more (of %s; kwic(x, { limit = %d }) shows more)\n",
      thousands(total - #rows), report().plural(total, "match"), math.max(limit * 5, 100))
  end
  io.write(table.concat(out))
  return total
end

-- the counters of the session: one per corpus and settings, counted
-- once (weak: they go with their corpus)
local counters = setmetatable({}, { __mode = "k" })

-- the counter of the session's corpus for 'by', 'n', 'stopwords'
local function session_counter(opts, who, n, stop)
  local c = session_corpus(opts, who)
  local by = options.field(opts, "by", { kind = "string" }, n == 2 and "all" or "source", who)
  stop = options.field(opts, "stopwords", { kind = "string" }, stop, who)
  local key = by .. "\0" .. n .. "\0" .. stop
  counters[c] = counters[c] or {}
  local ctr = counters[c][key]
  if not ctr then
    local err
    ctr, err = require("paa.words").count(c, { by = by, n = n, stopwords = stop })
    if not ctr then error(who .. ": " .. err, 3) end
    counters[c][key] = ctr
  end
  return ctr
end

--- The most frequent words of each group of the session's corpus (rows
-- the session prints as a table).
-- @tparam[opt] table opts `by` (`"source"`), `top` (10), `n` (1),
--   `stopwords` (`"en"`), `group` (one group), `corpus`
-- @treturn table rows `{ group, term, freq, docs, per1000 }`
local function words_of(opts)
  opts = check_opts(opts, "words")
  local n = options.field(opts, "n", { kind = "integer", min = 1 }, 1, "words")
  local top = options.field(opts, "top", { kind = "integer", min = 1 }, 10, "words")
  local ctr = session_counter(opts, "words", n, "en")
  local group = options.field(opts, "group", { kind = "string" }, nil, "words")
  local ok, rows = pcall(require("paa.words").top, ctr, { top = top, group = group })
  if not ok then error("words: " .. tostring(rows):gsub("^paa%.words: ", ""), 2) end
  for _, r in ipairs(rows) do r.per1000 = math.floor(r.per1000 * 100 + 0.5) / 100 end
  return rows
end

--- Keyness of a group of the session's corpus against another or the rest.
-- @tparam string target a group's name
-- @tparam[opt] string reference another group (nil: the rest)
-- @tparam[opt] table opts `by` (`"source"`), `top` (words a side, 10),
--   `min` (5), `stopwords`, `corpus`
-- @treturn table rows `{ term, target, reference, g2, p, log_ratio }`:
--   the words most key to the target, then those most key to the reference
local function keyness(target, reference, opts)
  if type(reference) == "table" and opts == nil then reference, opts = nil, reference end
  opts = check_opts(opts, "keyness")
  local top = options.field(opts, "top", { kind = "integer", min = 1 }, 10, "keyness")
  local min = options.field(opts, "min", { kind = "integer", min = 1 }, 5, "keyness")
  local ctr = session_counter(opts, "keyness", 1, "en")
  local rows, info = require("paa.words").keyness(ctr, target, reference, { min = min })
  if not rows then error("keyness: " .. info, 2) end
  local out = {}
  local function keep(r)
    out[#out + 1] = { term = r.term, target = r.target, reference = r.reference,
                      g2 = math.floor(r.g2 * 100 + 0.5) / 100, p = r.p < 0.0001 and "<0.0001" or
                      string.format("%.4f", r.p), log_ratio = math.floor(r.log_ratio * 100 + 0.5) / 100 }
  end
  for i = 1, math.min(top, #rows) do if rows[i].g2 > 0 then keep(rows[i]) end end
  for i = #rows, math.max(1, #rows - top + 1), -1 do if rows[i].g2 < 0 then keep(rows[i]) end end
  return out
end

--- Collocations of the session's corpus: pairs of words by log-likelihood.
-- @tparam[opt] table opts `min` (5), `top` (20), `sort` (`"ll"` or
--   `"pmi"`), `by` and `group` (one group's), `corpus`
-- @treturn table rows `{ term, freq, ll, pmi }`
local function collocations(opts)
  opts = check_opts(opts, "collocations")
  local min = options.field(opts, "min", { kind = "integer", min = 1 }, 5, "collocations")
  local top = options.field(opts, "top", { kind = "integer", min = 1 }, 20, "collocations")
  local sort = options.field(opts, "sort", { kind = "string" }, "ll", "collocations")
  local group = options.field(opts, "group", { kind = "string" }, nil, "collocations")
  local ctr = session_counter(opts, "collocations", 2, "none")
  local words = require "paa.words"
  local rows = words.collocations(ctr, { min = min, top = top, sort = sort, group = group,
                                         stopwords = words.stopwords("en") })
  for i, r in ipairs(rows) do
    rows[i] = { term = r.term, freq = r.freq, ll = math.floor(r.ll * 100 + 0.5) / 100,
                pmi = math.floor(r.pmi * 100 + 0.5) / 100 }
  end
  return rows
end

-- the store the session searches: paa.db() under --db, else one in
-- memory built from the corpus on the first search (one per corpus)
local stores = setmetatable({}, { __mode = "k" })

--- Documents of the session's corpus that match a query, best first: the
-- search of `scripts/search.lua` (`paa.search`, FTS5 through the store),
-- the same hits in the same order.
-- @tparam string query FTS5 syntax: words, "a phrase", `a OR b`,
--   `a NOT b`, `prefix*`; not valid syntax: its words
-- @tparam[opt] table opts `limit` (hits, 10), `source`, `corpus`
-- @treturn table the hits, best first: `{ doc, source, date, title, rank, snippet }`
local function search(query, opts)
  if type(query) ~= "string" then error("search: expected a query string, got " .. type(query), 2) end
  opts = check_opts(opts, "search")
  local c = session_corpus(opts, "search")
  local limit = options.field(opts, "limit", { kind = "integer", min = 1 }, 10, "search")
  local source = options.field(opts, "source", { kind = "string" }, nil, "search")
  if not query:find("%S") then error("search: the query has no terms to look for", 2) end
  local paa_search = require "paa.search"
  local db, err = stores[c]
  if not db then
    db, err = paa_search.store(c, ":memory:")
    if not db then error("search: " .. tostring(err), 2) end
    stores[c] = db
  end
  local hits, serr = paa_search.hits(db, query, { limit = limit, source = source })
  if not hits then error("search: " .. tostring(serr), 2) end
  local out = {}
  for r, h in ipairs(hits) do
    out[#out + 1] = string.format("%2d  %s  %s  %s\n    %s\n    %s\n", r, clip_id(h.doc), h.source,
      h.date or "(undated)", report().clip(h.title ~= "" and h.title or "(no title)", WIDTH - 4),
      h.snippet or "")
  end
  out[#out + 1] = (#hits == 0 and "no documents match" or
    report().plural(#hits, "document") .. (#hits == 1 and " matches" or " match")) ..
    (#hits == limit and " (the first " .. limit .. ")" or "") .. "\n"
  io.write(table.concat(out))
  return hits
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

-- the clean document 'id' of corpus 'c' (exactly, else the one id that
-- contains it), or nil and a message
local function find_doc(c, id)
  local partial = {}
  for doc in c:docs{ clean = true } do
    if doc.id == id then return doc end
    if doc.id:find(id, 1, true) then partial[#partial + 1] = doc end
  end
  if #partial == 1 then return partial[1] end
  if #partial == 0 then return nil, "no document '" .. id .. "' in the corpus" end
  local ids = {}
  for i = 1, math.min(#partial, 5) do ids[i] = partial[i].id end
  return nil, string.format("'%s' is in %d document ids: %s%s", id, #partial,
    table.concat(ids, ", "), #partial > 5 and ", ..." or "")
end

--- Print one document: its metadata, its clean text wrapped to 78
-- columns, then the boilerplate lines removed.
-- @param doc a document table, a hit of `search` or an id (or a part of
--   one that names one document)
local function show_doc(doc, opts)
  opts = check_opts(opts, "show")
  if type(doc) == "string" then
    local d, err = find_doc(session_corpus(opts, "show"), doc)
    if not d then error("show: " .. err, 2) end
    doc = d
  elseif type(doc) == "table" and type(doc.id) == "string" then
    if doc.boilerplate == nil then
      local c = opts.corpus or rawget(_G, "corpus")
      local d = type_name(c) == "paa.Corpus" and find_doc(c, doc.id)
      if d and d.id == doc.id then doc = d end
    end
    if type(doc.text) ~= "string" then error("show: no text for document '" .. doc.id .. "'", 2) end
  else
    error("show: expected a document or its id, got " .. type(doc), 2)
  end
  local out = {}
  local function field(k, v) if v ~= nil and v ~= "" then out[#out + 1] = pad(k .. ":", 8) .. tostring(v) end end
  field("id", doc.id)
  field("source", doc.source)
  field("date", doc.date)
  field("title", doc.title)
  field("words", doc.words and thousands(doc.words) .. (doc.boilerplate and " (without boilerplate)" or ""))
  field("url", doc.url)
  out[#out + 1] = ""
  out[#out + 1] = wrap(doc.text, WIDTH)
  local bp = doc.boilerplate
  if type(bp) == "table" and #bp > 0 then
    out[#out + 1] = ""
    out[#out + 1] = "boilerplate removed (" .. report().plural(#bp, "line") .. "):"
    for _, r in ipairs(bp) do
      out[#out + 1] = "  " .. pad(tostring(r.rule), 9) .. report().clip(tostring(r.text), WIDTH - 11)
    end
  end
  io.write(table.concat(out, "\n"), "\n")
end

-- the path of script 'name', or nil and the places tried: the one
-- script search path, paa.script's
local function find_script(name)
  return require("paa.script").find(name)
end

local EXIT = setmetatable({}, { __tostring = function() return "paa.repl: os.exit" end })

--- Run a report script in the session, with `arg` set to the arguments.
-- `os.exit` (and so `paa.fail` and `--help`) ends the script, not the
-- session.
-- @tparam string script a path, or a name on the script search path
--   (`paa.script.search_path`)
-- @param ... its arguments (strings)
-- @return the script's own results, or its exit status when it called
--   `os.exit` (0 for success)
local function run(script, ...)
  if type(script) ~= "string" then error("run: expected a script name, got " .. type(script), 2) end
  local path, tried = find_script(script)
  if not path then error("run: no script '" .. script .. "' (looked for " .. table.concat(tried, ", ") .. ")", 2) end
  local chunk, err = loadfile(path, "bt")
  if not chunk then error("run: " .. err, 2) end
  local args = table.pack(...)
  local argt = { [0] = path }
  for i = 1, args.n do argt[i] = tostring(args[i]) end
  local saved_exit, saved_arg = os.exit, rawget(_G, "arg")
  local exit_code
  os.exit = function(code)  -- luacheck: ignore 122 (a script's os.exit ends the script, not the session)
    if code == nil or code == true then exit_code = 0
    elseif code == false then exit_code = 1
    else exit_code = math.tointeger(code) or 1 end
    error(EXIT, 0)
  end
  rawset(_G, "arg", argt)
  local results = table.pack(pcall(chunk, table.unpack(argt, 1, args.n)))
  os.exit = saved_exit  -- luacheck: ignore 122
  rawset(_G, "arg", saved_arg)
  io.stdout:flush()
  if not results[1] then
    if results[2] == EXIT then
      if exit_code ~= 0 then io.stderr:write("paa: ", script, " exited with status ", exit_code, "\n") end
      return exit_code
    end
    error(results[2], 0)
  end
  return table.unpack(results, 2, results.n)
end

HELPER_DOC.help = { call = "help(x)", short = "documentation: help(paa.text), help(\"corpus:docs\")", text = [[
help([x])
  With no argument, this session's helpers and the modules. With a module
  (help(paa.text)), a function (help(paa.text.words)), a paa object
  (help(corpus)) or a name ("text.words", "corpus:docs", "kwic"), its
  entry in the API reference (docs/api.md).]] }
HELPER_DOC.kwic = { call = "kwic(term [, opts])", short = "keyword in context: kwic(\"exclusiv*\")", text = [[
kwic(term [, opts])
  Prints keyword-in-context lines over the session's corpus, boilerplate
  removed: "doc  …left «match» right…". 'term' is a lexicon term (a word,
  a phrase "data center", a wildcard "gpu*"), an array of terms, or a
  paa.Lexicon (all its themes). Returns the number of matches.
  opts: width (characters of context a side, 40), limit (lines printed,
  20), source (only this source), corpus (instead of the global corpus).
  Usage: kwic("right of first refusal", { width = 30, source = "techwire" })]] }
HELPER_DOC.words = { call = "words([opts])", short = "frequent words per source: words{ top = 5 }", text = [[
words([opts])
  The most frequent words of each group of the session's corpus, as
  scripts/words.lua counts them (stopwords out, boilerplate removed):
  rows { group, term, freq, docs, per1000 }. opts: by ("source", "month",
  "year", "doc", "all"), top (10), n (2: bigrams), stopwords ("en",
  "none" or a file), group (one group only). Counted once per setting.
  Usage: words{ by = "month", top = 5 }]] }
HELPER_DOC.keyness = { call = "keyness(target [, reference] [, opts])",
  short = "words that set a group apart: keyness(\"business\", \"tech\")", text = [[
keyness(target [, reference] [, opts])
  The words key to a group against another or all the rest, by signed
  log-likelihood G² (as scripts/keyness.lua): rows { term, target,
  reference, g2, p, log_ratio }, the target's first, then the
  reference's. opts: by ("source"), top (10 a side), min (5), stopwords.
  Usage: keyness("CloudBeat")]] }
HELPER_DOC.collocations = { call = "collocations([opts])", short = "pairs of words: collocations{ top = 10 }", text = [[
collocations([opts])
  Pairs of words seen together more than chance, by log-likelihood (or
  PMI), as scripts/collocations.lua: rows { term, freq, ll, pmi }.
  opts: min (5), top (20), sort ("ll" or "pmi"), by and group (one
  group's pairs).
  Usage: collocations{ sort = "pmi", min = 10 }]] }
HELPER_DOC.search = { call = "search(query [, opts])", short = "ranked documents: search('antitrust OR \"lawsuit*\"')",
  text = [[
search(query [, opts])
  Searches the session's corpus as scripts/search.lua does (FTS5 through
  the store: paa --db's, else one in memory made on the first search) and
  prints rank, id, source, date, title and a snippet. The query: words
  (all must match), "a phrase", a OR b, a NOT b, prefix*. Returns the
  hits, best first: { doc, source, date, title, rank, snippet }.
  opts: limit (hits, 10), source, corpus.
  Usage: hits = search('microsoft "right of first refusal" OR exclusiv*')]] }
HELPER_DOC.show = { call = "show(doc_or_id)", short = "one document, clean text and boilerplate", text = [[
show(doc_or_id [, opts])
  Prints one document: id, source, date, title, words and url, its text
  without boilerplate wrapped to 78 columns, then the boilerplate lines
  removed (with the rule that found each). Takes a document, a hit of
  search(), an id, or a part of an id that names one document.
  opts: corpus (instead of the global corpus).
  Usage: show("techwire/microsoft-right-of-first-refusal-stargate.md")]] }
HELPER_DOC.run = { call = "run(script, ...)", short = "run a report script: run(\"overview\", \"corpus/\")", text = [[
run(script, ...)
  Runs a report script in this session with arg set to the arguments, as
  'paa script ...' would. 'script' is a path or a name found in PAA_PATH
  or among the scripts shipped with paa ("overview", "deals.lua"). A
  script that calls os.exit or paa.fail ends, not the session. Returns
  the script's results, or its exit status when it exits.
  Usage: run("tensions", "corpus/", "--format", "md")]] }

--- Print the documentation of a module, function or name (see `HELPER_DOC.help`).
local function help(x)
  local s = help_text(x)
  io.write(s, "\n")
end

HELPERS.help, HELPERS.kwic, HELPERS.search, HELPERS.show, HELPERS.run = help, kwic, search, show_doc, run
HELPERS.words, HELPERS.keyness, HELPERS.collocations = words_of, keyness, collocations

-- expose the helpers to the specs and to scripts that want them
repl.help, repl.kwic, repl.search, repl.show_doc, repl.run = help, kwic, search, show_doc, run
repl.words, repl.keyness, repl.collocations = words_of, keyness, collocations
repl.help_text = help_text

-- the Lua-written modules of the facade, loaded now so that completion
-- and help see them (they load in a few milliseconds)
local FACADE = { "money", "dates", "deals", "themes", "cited", "report", "duplicates", "script", "store" }

-- "15 documents, 5 sources, 2024-06-10 to 2025-09-26": one walk, warnings told
local function describe(c)
  local docs, sources, nsources, first, last = 0, {}, 0, nil, nil
  for doc in c:docs() do
    docs = docs + 1
    if not sources[doc.source] then sources[doc.source], nsources = true, nsources + 1 end
    if doc.date then
      if not first or doc.date < first then first = doc.date end
      if not last or doc.date > last then last = doc.date end
    end
  end
  local plural = report().plural
  local skipped = #c:skipped()
  return plural(docs, "document") .. (skipped > 0 and " (" .. plural(skipped, "input") .. " skipped)" or "") ..
    ", " .. plural(nsources, "source") ..
    (first and (first == last and ", " .. first or ", " .. first .. " to " .. last) or ", no dates")
end

--- Set up the session and return its banner.
-- Sets the globals `paa`, `corpus` (when `paths` are given: `paa.open`;
-- on failure the error is printed and the session has no corpus),
-- `help`, `kwic`, `search`, `show` and `run`.
-- @tparam[opt] {string,...} paths the corpus named on the command line
-- @treturn string the banner, one line
function repl.start(paths)
  local paa = require "paa"
  for _, k in ipairs(FACADE) do pcall(function() return paa[k] end) end
  rawset(_G, "paa", paa)
  for name, f in pairs(HELPERS) do rawset(_G, name, f) end
  local head = string.format("paa %s (%s)", paa.version, _VERSION)
  if type(paths) == "string" then paths = { paths } end
  if type(paths) ~= "table" or #paths == 0 then
    return head .. " — help() for help; paa.open(path) reads a corpus."
  end
  -- a warning is told once, however many walks the session makes
  local c, err = paa.open(paths, { warn = require("paa.inputs").once })
  if not c then
    print("paa: " .. tostring(err))
    return head .. " — no corpus; help() for help; paa.open(path) reads a corpus."
  end
  rawset(_G, "corpus", c)
  return head .. " — corpus: " .. describe(c) .. ". help() for help."
end

return repl
