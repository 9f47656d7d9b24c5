--- paa.repl.session: a corpus read once for the interactive session.
-- The first helper call on a corpus (or `paa corpus/` at start) ingests
-- it into a store (`paa --db`'s, else a temporary file gone at exit) and
-- keeps each document's clean text (boilerplate removed) and the lines
-- removed in a temporary table of that store. Every later call is a
-- query: `kwic`, `show` and `search` read the store, not the files, and
-- warnings about skipped inputs are told once, at load.
-- @module paa.repl.session

local session = {}

local report = require "paa.report"

-- the session of each corpus (weak: it goes with its corpus)
local loaded = setmetatable({}, { __mode = "k" })

local Session = {}
Session.__index = Session

local SCHEMA = [[
CREATE TEMP TABLE IF NOT EXISTS session_docs (
  n INTEGER PRIMARY KEY,      -- the document's place in the walk, 1, 2, ...
  id TEXT NOT NULL,           -- the corpus id
  path TEXT, source TEXT, date TEXT, title TEXT, url TEXT,
  words INTEGER,              -- word tokens of the clean text
  text TEXT NOT NULL,         -- the text without its boilerplate lines
  boilerplate TEXT            -- the lines removed: "rule\ttext\n" each
);
DELETE FROM session_docs;
]]

-- "rule\ttext\n" lines of a document's removed boilerplate
local function pack_boilerplate(list)
  if type(list) ~= "table" or #list == 0 then return nil end
  local out = {}
  for i, r in ipairs(list) do
    out[i] = tostring(r.rule) .. "\t" .. tostring(r.text):gsub("[\r\n]", " ") .. "\n"
  end
  return table.concat(out)
end

local function unpack_boilerplate(s)
  local out = {}
  for rule, text in (s or ""):gmatch("([^\t\n]*)\t([^\n]*)\n") do out[#out + 1] = { rule = rule, text = text } end
  return out
end

--- The session of corpus `c`: read it now if this is its first call.
-- @tparam paa.Corpus c
-- @treturn[1] table the session
-- @treturn[2] nil
-- @treturn[2] string why the store cannot be opened or filled
function session.of(c)
  local s = loaded[c]
  if s then return s end
  local db, err = require("paa.search").store(c, "")
  if not db then return nil, err end
  local ok, e = db:exec(SCHEMA)
  if not ok then return nil, e end
  s = setmetatable({ corpus = c, db = db, sources = {}, ndocs = 0 }, Session)
  local seen = {}
  local insert = "INSERT INTO session_docs (n, id, path, source, date, title, url, words, text, boilerplate) " ..
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
  local done, terr = db:transaction(function()
    for doc in c:docs{ clean = true } do
      s.ndocs = s.ndocs + 1
      local src = doc.source or ""
      if not seen[src] then seen[src] = true; s.sources[#s.sources + 1] = src end
      if doc.date then
        if not s.first or doc.date < s.first then s.first = doc.date end
        if not s.last or doc.date > s.last then s.last = doc.date end
      end
      assert(db:exec(insert, s.ndocs, doc.id, doc.path, src, doc.date, doc.title, doc.url, doc.words,
                     doc.text, pack_boilerplate(doc.boilerplate)))
    end
    return true
  end)
  if not done then return nil, terr end
  table.sort(s.sources, function(a, b) return a:lower() < b:lower() end)
  loaded[c] = s
  return s
end

--- The session's sources that `name` names: the one it is (any case),
-- else those it starts, or starts a word of ("techwire" is "TechWire
-- Daily", "ledger" "The Ledger"); nil and a one-line message naming the
-- sources when none.
-- @tparam string name
-- @treturn {string,...}
function Session:match_sources(name)
  local want, out = name:lower():gsub("^%s+", ""):gsub("%s+$", ""), {}
  for _, s in ipairs(self.sources) do
    local low = s:lower()
    if low == want then return { s } end
    if want ~= "" and (low:sub(1, #want) == want or (" " .. low):find("[%s%p]" .. want:gsub("%p", "%%%0"))) then
      out[#out + 1] = s
    end
  end
  if #out > 0 then return out end
  return nil, string.format("no source '%s'; the sources: %s", name, self:source_list())
end

--- The sources, for messages: "A, B, C" (the first 12, then how many more).
-- @treturn string
function Session:source_list()
  local shown = {}
  for i = 1, math.min(12, #self.sources) do shown[i] = self.sources[i] end
  local more = #self.sources - #shown
  return table.concat(shown, ", ") .. (more > 0 and ", … " .. more .. " more" or "")
end

local COLUMNS = "n, id, path, source, date, title, url, words, text, boilerplate"

local function as_doc(r)
  r.index, r.n = r.n, nil
  r.boilerplate = unpack_boilerplate(r.boilerplate)
  return r
end

--- The documents, in walk order: `{ index, id, path, source, date,
-- title, url, words, text, boilerplate }`, `text` without boilerplate.
-- @tparam[opt] {string,...} sources only these (exact names)
-- @treturn function an iterator (read to its end: the query ends there)
function Session:docs(sources)
  local sql, args = "SELECT " .. COLUMNS .. " FROM session_docs", {}
  if sources then
    local marks = {}
    for i, s in ipairs(sources) do marks[i], args[i] = "?", s end
    sql = sql .. " WHERE source IN (" .. table.concat(marks, ", ") .. ")"
  end
  local it, st = self.db:rows(sql .. " ORDER BY n", table.unpack(args))
  return function()
    local r = it(st)
    return r and as_doc(r)
  end
end

--- The documents as `paa.parallel.run` and the engines that run on it
-- take them: a function that gives an iterator (`docs(sources)`) each
-- time it is called, once for each pass.
-- @tparam[opt] {string,...} sources only these (exact names)
-- @treturn function
function Session:source(sources)
  return function() return self:docs(sources) end
end

--- One document: by its place (1, 2, ...), its id, or a part of its id
-- that names one document; nil and a one-line message otherwise.
-- @tparam integer|string key
-- @treturn table the document (as `docs` gives it)
function Session:doc(key)
  if math.type(key) == "integer" then
    local r = self.db:first("SELECT " .. COLUMNS .. " FROM session_docs WHERE n = ?", key)
    if r then return as_doc(r) end
    return nil, string.format("no document %d: the corpus has %s", key, report.plural(self.ndocs, "document"))
  end
  local r = self.db:first("SELECT " .. COLUMNS .. " FROM session_docs WHERE id = ?", key)
  if r then return as_doc(r) end
  local ids = {}
  for p in self.db:rows("SELECT n, id FROM session_docs WHERE instr(id, ?) > 0 ORDER BY n LIMIT 6", key) do
    ids[#ids + 1] = p
  end
  if #ids == 1 then return self:doc(ids[1].n) end
  if #ids == 0 then return nil, "no document '" .. key .. "' in the corpus" end
  local names = {}
  for i = 1, math.min(#ids, 5) do names[i] = ids[i].id end
  return nil, string.format("'%s' is in %s document ids: %s%s", key, #ids > 5 and "more than 5" or #ids,
    table.concat(names, ", "), #ids > 5 and ", ..." or "")
end

--- "15 documents, 5 sources, 2024-06-10 to 2025-09-26"
-- @treturn string
function Session:describe()
  local skipped = #self.corpus:skipped()
  local plural = report.plural
  return plural(self.ndocs, "document") .. (skipped > 0 and " (" .. plural(skipped, "input") .. " skipped)" or "") ..
    ", " .. plural(#self.sources, "source") ..
    (self.first and (self.first == self.last and ", " .. self.first or ", " .. self.first .. " to " .. self.last)
      or ", no dates")
end

return session
