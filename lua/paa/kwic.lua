--- paa.kwic: keyword in context as data, found by a small query language
-- over the tokens of `paa.text.tokens`.
-- A query is a sequence of positions, each one token, separated by
-- spaces, with gaps `{m,n}` of any m to n tokens between them (CQP's
-- `[]{m,n}`; every token counts, punctuation too):
--
--   stake                a token equal to it, folded as paa.text.words folds
--                        (lower case, curly quotes and dashes ASCII); a final
--                        's or ' of the token is ignored ("OpenAI's" is openai)
--   invest*              a folded token that starts with "invest"
--   /20%d%d/             a folded token that the Lua pattern matches whole
--   [kind=number]        a token of a kind (word number currency url email punct symbol)
--   [word=stake*]        the word tests above as attributes; & joins tests,
--                        != negates one, [] is any token
--   stake|stakes         either alternative, at one position
--   stake {0,2} in       "stake in", "stake held in", "stake, held in"
--
-- Matches are found left to right: at each token the first way the
-- sequence matches, gaps as short as they can be (the first gap first);
-- the scan goes on after a match's last token, so matches never overlap.
-- `find` is a pass of paa.parallel: the same rows on one core or many.
-- @module paa.kwic

local parallel = require "paa.parallel"
local text = require "paa.text"

local type, ipairs, tostring, error = type, ipairs, tostring, error
local concat, sort = table.concat, table.sort
local format = string.format
local fold, tokens = text.fold, text.tokens

local kwic = {}

--- The token kinds `[kind=...]` accepts, as `paa.text.tokens` gives them.
kwic.KINDS = { "word", "number", "currency", "url", "email", "punct", "symbol" }
local IS_KIND = {}
for _, k in ipairs(kwic.KINDS) do IS_KIND[k] = true end

local MAX_GAP = 50        -- the most tokens a gap may span
local MAX_POSITIONS = 32  -- the most positions of a query

-- {==========================================================================
-- Compiling a query
-- ===========================================================================

-- characters that end a literal word (besides white space)
local SPECIAL = { ["|"] = true, ["["] = true, ["]"] = true, ["{"] = true, ["}"] = true, ["&"] = true,
                  ["="] = true, ["!"] = true }

-- raise a query error at character 'at' (caught by 'compile')
local function bad(at, msg)
  error({ at = at, msg = msg }, 0)
end

-- a Lua pattern checked once, here: the few ways Lua's matcher can fail
-- depend on the text, so a query that compiles never raises while it
-- runs. Captures are refused (a token test keeps none).
local function check_pattern(p, at)
  local i, n = 1, #p
  local function class_end(j)  -- 'j' is just after '['; the index after the ']'
    if p:sub(j, j) == "^" then j = j + 1 end
    repeat
      if j > n then bad(at, "/" .. p .. "/: a '[' without its ']'") end
      local c = p:sub(j, j)
      j = j + 1
      if c == "%" then
        if j > n then bad(at, "/" .. p .. "/: a '[' without its ']'") end
        j = j + 1
      end
    until p:sub(j, j) == "]"
    return j + 1
  end
  while i <= n do
    local c = p:sub(i, i)
    if c == "(" or c == ")" then
      bad(at, "/" .. p .. "/: a Lua pattern here has no captures ('%" .. c .. "' is the character)")
    elseif c == "%" then
      local d = p:sub(i + 1, i + 1)
      if d == "" then bad(at, "/" .. p .. "/: the pattern ends with '%'") end
      if d == "b" then
        if i + 3 > n then bad(at, "/" .. p .. "/: %b needs two characters") end
        i = i + 4
      elseif d == "f" then
        if p:sub(i + 2, i + 2) ~= "[" then bad(at, "/" .. p .. "/: %f needs a set [...]") end
        i = class_end(i + 3)
      elseif d:match("%d") then
        bad(at, "/" .. p .. "/: a Lua pattern here has no captures to refer to (%" .. d .. ")")
      else
        i = i + 2
      end
    elseif c == "[" then
      i = class_end(i + 1)
    else
      i = i + 1
    end
  end
end

-- the parser's state: the query 's' and the next character 'i'
local Parser = {}
Parser.__index = Parser

function Parser:peek() return self.s:sub(self.i, self.i) end
function Parser:space()
  self.i = self.s:find("[^%s]", self.i) or #self.s + 1
end

-- a literal word up to white space or a special character; '\' makes
-- the next character part of it. Returns the text and whether it ends
-- in an unescaped '*' (a prefix).
function Parser:literal()
  local s, out, start = self.s, {}, self.i
  while self.i <= #s do
    local c = s:sub(self.i, self.i)
    if c:match("%s") or SPECIAL[c] then break end
    if c == "\\" then
      if self.i == #s then bad(self.i, "'\\' at the end of the query") end
      out[#out + 1] = s:sub(self.i + 1, self.i + 1)
      self.i = self.i + 2
    elseif c == "*" then
      local nx = s:sub(self.i + 1, self.i + 1)
      if nx ~= "" and not nx:match("%s") and not SPECIAL[nx] then
        bad(self.i, "'*' only ends a word (a prefix: invest*)")
      end
      if #out == 0 then bad(self.i, "'*' needs a prefix before it ([] is any token)") end
      self.i = self.i + 1
      return concat(out), true, start
    else
      out[#out + 1] = c
      self.i = self.i + 1
    end
  end
  return concat(out), false, start
end

-- a word test: a literal, a prefix* or a /pattern/
function Parser:word_test()
  local s, at = self.s, self.i
  if self:peek() == "/" then
    local j, out = self.i + 1, {}
    while true do
      local c = s:sub(j, j)
      if c == "" then bad(at, "a '/' without its closing '/'") end
      if c == "/" then break end
      if c == "\\" and s:sub(j + 1, j + 1) == "/" then c, j = "/", j + 1 end
      out[#out + 1] = c
      j = j + 1
    end
    self.i = j + 1
    local p = concat(out)
    -- the pattern is anchored at both ends already: a ^ or $ written is dropped
    if p:sub(1, 1) == "^" then p = p:sub(2) end
    if p:match("%$$") and #p:match("(%%*)%$$") % 2 == 0 then p = p:sub(1, -2) end
    if p == "" then bad(at, "an empty pattern //") end
    check_pattern(p, at)
    return { op = "pattern", value = p, pat = "^" .. p .. "$" }
  end
  local word, prefix = self:literal()
  if word == "" then
    local c = self:peek()
    bad(at, c == "" and "a word is missing at the end of the query" or "unexpected '" .. c .. "'")
  end
  word = fold(word)
  if prefix then return { op = "prefix", value = word } end
  return { op = "word", value = word }
end

-- [attr=value & attr!=value ...], [] (any token)
function Parser:bracket()
  local at = self.i
  self.i = self.i + 1
  local tests = {}
  self:space()
  if self:peek() == "]" then
    self.i = self.i + 1
    return { op = "any" }
  end
  while true do
    self:space()
    local name_at = self.i
    local name = self.s:match("^%a+", self.i)
    if not name then
      local c = self:peek()
      bad(name_at, c == "" and "a '[' without its ']'" or "expected kind= or word= in [...], not '" .. c .. "'")
    end
    if name ~= "kind" and name ~= "word" then
      bad(name_at, "unknown attribute '" .. name .. "' (kind or word)")
    end
    self.i = self.i + #name
    self:space()
    local negate = false
    if self.s:sub(self.i, self.i + 1) == "!=" then
      negate, self.i = true, self.i + 2
    elseif self:peek() == "=" then
      self.i = self.i + 1
    else
      bad(self.i, "expected '=' or '!=' after '" .. name .. "'")
    end
    self:space()
    local test
    if name == "kind" then
      local kind_at = self.i
      local k = self.s:match("^%a+", self.i) or ""
      if not IS_KIND[k] then
        bad(kind_at, "unknown kind '" .. (k ~= "" and k or self:peek()) .. "' (" .. concat(kwic.KINDS, ", ") .. ")")
      end
      self.i = self.i + #k
      test = { op = "kind", value = k }
    else
      test = self:word_test()
    end
    test.negate = negate
    tests[#tests + 1] = test
    self:space()
    local c = self:peek()
    if c == "]" then
      self.i = self.i + 1
      break
    elseif c == "&" then
      self.i = self.i + 1
    elseif c == "" then
      bad(at, "a '[' without its ']'")
    else
      bad(self.i, "expected '&' or ']' in [...], not '" .. c .. "'")
    end
  end
  if #tests == 1 then return tests[1] end
  return { op = "all", tests = tests }
end

-- one position: alternatives separated by '|'
function Parser:position()
  local alts = {}
  while true do
    local c = self:peek()
    if c == "[" then
      alts[#alts + 1] = self:bracket()
    elseif c == "]" or c == "}" or c == "&" or c == "=" then
      bad(self.i, "unexpected '" .. c .. "'")
    else
      alts[#alts + 1] = self:word_test()
    end
    local save = self.i
    self:space()
    if self:peek() ~= "|" then
      self.i = save
      return alts
    end
    self.i = self.i + 1
    self:space()
    if self.i > #self.s then bad(self.i - 1, "'|' needs an alternative after it") end
  end
end

-- {m,n} or {n}: the gap's bounds
function Parser:gap()
  local at = self.i
  local m, n, j = self.s:match("^{%s*(%d+)%s*,%s*(%d+)%s*}()", self.i)
  if not m then
    m, j = self.s:match("^{%s*(%d+)%s*}()", self.i)
    n = m
  end
  if not m then bad(at, "a gap is {m,n} or {n}: from m to n tokens") end
  m, n = tonumber(m), tonumber(n)
  if m > n then bad(at, format("gap {%d,%d}: its minimum is above its maximum", m, n)) end
  if n > MAX_GAP then bad(at, format("gap {%d,%d}: at most %d tokens", m, n, MAX_GAP)) end
  self.i = j
  return m, n, at
end

-- the literal words a matching document must hold (one of each group):
-- for each position whose alternatives are all words or prefixes, their
-- folded texts
local function required(positions)
  local groups = {}
  for _, p in ipairs(positions) do
    local lits = {}
    for _, a in ipairs(p.alts) do
      if (a.op == "word" or a.op == "prefix") and not a.negate and a.value ~= "" then
        lits[#lits + 1] = a.value
      else
        lits = nil
        break
      end
    end
    if lits then groups[#groups + 1] = lits end
  end
  return groups
end

--- Compile a query.
-- @tparam string query
-- @treturn[1] table the compiled query (`query`: its text); give it to
--   `find` or `spans`
-- @treturn[2] nil
-- @treturn[2] string one line: `"character N: what is wrong"`
-- @raise when `query` is not a string
-- @usage local q = assert(kwic.compile("stake|stakes {0,2} in [kind=word]"))
function kwic.compile(query)
  if type(query) ~= "string" then
    error("paa.kwic: a query is a string, got " .. type(query), 2)
  end
  local p = setmetatable({ s = query, i = 1 }, Parser)
  local ok, res = pcall(function()
    local positions, gap = {}, nil
    p:space()
    if p.i > #query then bad(1, "the query is empty") end
    while p.i <= #query do
      if p:peek() == "{" then
        local m, n, at = p:gap()
        if #positions == 0 then bad(at, "a gap goes between two positions, not first") end
        if gap then bad(at, "two gaps in a row (one {m,n} says it)") end
        gap = { m, n, at }
      else
        if #positions == MAX_POSITIONS then bad(p.i, "at most " .. MAX_POSITIONS .. " positions") end
        local alts = p:position()
        positions[#positions + 1] = { alts = alts, min = gap and gap[1] or 0, max = gap and gap[2] or 0 }
        gap = nil
      end
      local before = p.i
      p:space()
      if p.i == before and p.i <= #query then
        bad(p.i, "unexpected '" .. p:peek() .. "' (positions are separated by spaces)")
      end
    end
    if gap then bad(gap[3], "a gap goes between two positions, not last") end
    return positions
  end)
  if not ok then
    if type(res) ~= "table" then error(res, 0) end
    return nil, format("character %d: %s", res.at, res.msg)
  end
  return { query = query, positions = res, required = required(res) }
end

-- whether 'v' is a paa.Lexicon
local function is_lexicon(v)
  local mt = type(v) == "userdata" and getmetatable(v)
  return type(mt) == "table" and rawget(mt, "__name") == "paa.Lexicon"
end

-- the compiled query of 'q' (a string, a compiled query or a
-- paa.Lexicon), or raise
local function compiled(q, fname)
  if type(q) == "table" and q.positions then return q end
  if is_lexicon(q) then return { lexicon = q, required = {} } end
  if type(q) ~= "string" then
    error(format("paa.kwic.%s: a query is a string or a compiled query, got %s", fname, type(q)), 3)
  end
  local c, err = kwic.compile(q)
  if not c then error(format("paa.kwic.%s: query %q: %s", fname, q, err), 3) end
  return c
end

-- }==========================================================================


-- {==========================================================================
-- Matching over the tokens of a text
-- ===========================================================================

-- the tokens of 'str': their texts, kinds, first and last bytes, and
-- their folded texts (made on demand)
local function tokenize(str)
  local tok, kind, a, b = {}, {}, {}, {}
  local n = 0
  for t, k, x, y in tokens(str) do
    n = n + 1
    tok[n], kind[n], a[n], b[n] = t, k, x, y
  end
  local folded = setmetatable({}, { __index = function(f, i)
    local v = fold(tok[i])
    f[i] = v
    return v
  end })
  return { n = n, tok = tok, kind = kind, a = a, b = b, folded = folded }
end

-- a folded token without a final possessive 's or '
local function base(f)
  if #f > 2 and f:sub(-2) == "'s" then return f:sub(1, -3) end
  if #f > 1 and f:sub(-1) == "'" then return f:sub(1, -2) end
  return f
end

-- whether token 'i' of 'ts' passes 'test'
local function passes(test, ts, i)
  local op = test.op
  local r
  if op == "any" then
    r = true
  elseif op == "kind" then
    r = ts.kind[i] == test.value
  elseif op == "all" then
    r = true
    for _, t in ipairs(test.tests) do
      if not passes(t, ts, i) then r = false; break end
    end
  else
    local f = ts.folded[i]
    if op == "word" then
      r = f == test.value or base(f) == test.value
    elseif op == "prefix" then
      r = f:sub(1, #test.value) == test.value
    else  -- pattern
      r = f:find(test.pat) ~= nil
      if not r then
        local bf = base(f)
        r = bf ~= f and bf:find(test.pat) ~= nil
      end
    end
  end
  if test.negate then return not r end
  return r
end

-- the matches of 'q' in tokens 'ts': an array of { first, last } token
-- indexes, left to right, not overlapping
local function match_tokens(q, ts)
  local pos, np, n = q.positions, #q.positions, ts.n
  local failed = {}  -- [p * (n + 1) + i]: position p cannot start at token i (whatever came before)
  local function at(p, i)
    local key = p * (n + 1) + i
    if failed[key] then return nil end
    local ok = false
    for _, alt in ipairs(pos[p].alts) do
      if passes(alt, ts, i) then ok = true; break end
    end
    if ok then
      if p == np then return i end
      local nx = pos[p + 1]
      for g = nx.min, nx.max do
        local j = i + 1 + g
        if j > n then break end
        local last = at(p + 1, j)
        if last then return last end
      end
    end
    failed[key] = true
    return nil
  end
  local out, i = {}, 1
  while i <= n do
    local last = at(1, i)
    if last then
      out[#out + 1] = { i, last }
      i = last + 1
    else
      i = i + 1
    end
  end
  return out
end

-- whether the folded text 'f' may hold a match: one literal of each
-- required group occurs in it
local function may_match(q, f)
  for _, group in ipairs(q.required) do
    local found = false
    for _, lit in ipairs(group) do
      if f:find(lit, 1, true) then found = true; break end
    end
    if not found then return false end
  end
  return true
end

--- The matches of a query in a text, as byte spans.
-- @tparam string|table query a query or a compiled query
-- @tparam string s
-- @treturn table an array of `{ start, stop }` (bytes of `s`, inclusive),
--   left to right
-- @raise on a query that does not compile (its message), or `s` not a string
-- @usage kwic.spans("stake {0,2} in", "a stake held in X")  --> { { 3, 15 } }
function kwic.spans(query, s)
  local q = compiled(query, "spans")
  if type(s) ~= "string" then error("paa.kwic.spans: the text is a string, got " .. type(s), 2) end
  local ts = tokenize(s)
  local out = {}
  for k, m in ipairs(match_tokens(q, ts)) do out[k] = { ts.a[m[1]], ts.b[m[2]] } end
  return out
end

-- }==========================================================================


-- {==========================================================================
-- Rows: the matches of a corpus in context
-- ===========================================================================

-- kinds that are not words in a context (they are shown, not counted:
-- "$40bn" is one word)
local NOT_WORD = { punct = true, symbol = true, currency = true }

-- white space runs one space, trimmed
local function one_line(s)
  return (s:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end

-- the matches of lexicon 'lex' in 'str' as token spans { first, last }
-- of 'ts' (the tokens a match's bytes cover)
local function lexicon_tokens(lex, ts, str)
  local out, i = {}, 1
  for _, _, a, b in lex:matches(str) do
    while i <= ts.n and ts.b[i] < a do i = i + 1 end
    local j = i
    while j < ts.n and ts.a[j + 1] <= b do j = j + 1 end
    if i <= ts.n and ts.a[i] <= b then out[#out + 1] = { i, j } end
  end
  return out
end

-- the rows of one document: contexts of 'width' words, sort keys
local function doc_rows(q, doc, width, prefilter)
  local str = doc.text
  if prefilter and #q.required > 0 and not may_match(q, fold(str)) then return nil end
  local ts = tokenize(str)
  local found = q.lexicon and lexicon_tokens(q.lexicon, ts, str) or match_tokens(q, ts)
  if #found == 0 then return nil end
  local rows = {}
  for _, m in ipairs(found) do
    local first, last = m[1], m[2]
    local lkey, from, k = {}, first, first - 1
    while k >= 1 and #lkey < width do
      if not NOT_WORD[ts.kind[k]] then lkey[#lkey + 1] = ts.folded[k]; from = k end
      k = k - 1
    end
    if #lkey < width then from = 1 end  -- the text's start: its first tokens shown whole
    local rkey, to = {}, last
    k = last + 1
    while k <= ts.n and #rkey < width do
      if not NOT_WORD[ts.kind[k]] then rkey[#rkey + 1] = ts.folded[k]; to = k end
      k = k + 1
    end
    if #rkey < width then to = ts.n end
    local mkey = {}
    for j = first, last do mkey[#mkey + 1] = ts.folded[j] end
    local start, stop = ts.a[first], ts.b[last]
    rows[#rows + 1] = {
      doc = doc.index, id = doc.id, path = doc.path, source = doc.source, date = doc.date, title = doc.title,
      left = from < first and one_line(str:sub(ts.a[from], start - 1)) or "",
      match = one_line(str:sub(start, stop)),
      right = to > last and one_line(str:sub(stop + 1, ts.b[to])) or "",
      start = start, stop = stop,
      lkey = concat(lkey, "\0"), rkey = concat(rkey, "\0"), mkey = concat(mkey, "\0"),
    }
  end
  return rows
end

local SORTS = { doc = true, left = "lkey", right = "rkey", match = "mkey" }

-- the order of rows: by a key (for "left", "right", "match"), then by
-- document and offset; total, so the same rows give the same order
local function order(by)
  local key = SORTS[by]
  return function(x, y)
    if key ~= true then
      local kx, ky = x[key], y[key]
      if kx ~= ky then return kx < ky end
    end
    if x.doc ~= y.doc then return x.doc < y.doc end
    return x.start < y.start
  end
end

--- Keyword-in-context rows: every match of a query in a corpus, with the
-- words around it. A pass of paa.parallel (`paa -j N` gives the same rows
-- as `-j 1`). Documents whose folded text holds none of the literal
-- words of a position are skipped before they are tokenised.
-- @tparam paa.Corpus|function corpus a corpus, or a function giving an
--   iterator of documents (see `paa.parallel.run`)
-- @tparam string|table|paa.Lexicon query a query, a compiled query, or a
--   lexicon (its matches, each covering the tokens its bytes touch)
-- @tparam[opt] table opts `width` (words each side, default 5; punctuation
--   and symbols are shown but not counted), `sort` (`"doc"`, the default:
--   document order then offset; `"left"`: by the words before the match,
--   nearest first (L1, L2, ...); `"right"`: by the words after (R1, R2,
--   ...); `"match"`: by the match's folded tokens; ties by document then
--   offset), `limit` (the first N rows after sorting), `clean` (texts
--   without their boilerplate, as `corpus:docs{ clean = true }`; offsets
--   are then in the clean text)
-- @treturn table an array of rows `{ doc, id, path, source, date, title,
--   left, match, right, start, stop }`: `doc` is the document's `index`,
--   `start`..`stop` the match's bytes in its text
-- @treturn integer the number of matches (before `limit`)
-- @treturn integer the number of documents with a match (before `limit`)
-- @raise on a query that does not compile, or bad options
-- @usage for _, r in ipairs(kwic.find(c, "stake {0,2} in", { sort = "left" })) do
--   print(r.left, r.match, r.right) end
function kwic.find(corpus, query, opts)
  local q = compiled(query, "find")
  opts = opts or {}
  if type(opts) ~= "table" then error("paa.kwic.find: options must be a table, got " .. type(opts), 2) end
  local width, by, limit = opts.width or 5, opts.sort or "doc", opts.limit
  if math.type(width) ~= "integer" or width < 0 then
    error("paa.kwic.find: width must be an integer of at least 0, not '" .. tostring(width) .. "'", 2)
  end
  if not SORTS[by] then
    error("paa.kwic.find: sort must be doc, left, right or match, not '" .. tostring(by) .. "'", 2)
  end
  if limit ~= nil and (math.type(limit) ~= "integer" or limit < 0) then
    error("paa.kwic.find: limit must be an integer of at least 0, not '" .. tostring(limit) .. "'", 2)
  end
  local prefilter = opts.prefilter ~= false and not q.lexicon
  local before = order(by)
  -- the accumulator: the rows kept, and how many matches and documents
  -- were seen. With a limit, only the first 'limit' rows in the final
  -- order can be shown, and they are among the first 'limit' of any
  -- part of the corpus: a shard keeps no more (memory bounded by the
  -- limit, not by the matches).
  local function keep(acc)
    if limit and #acc.rows > 2 * limit + 1024 then
      sort(acc.rows, before)
      for i = #acc.rows, limit + 1, -1 do acc.rows[i] = nil end
    end
    return acc
  end
  local found = parallel.run(corpus, {
    clean = opts.clean or false,
    init = function() return { rows = {}, total = 0, docs = 0 } end,
    map = function(doc)
      local rows = doc_rows(q, doc, width, prefilter)
      return rows and { rows = rows, total = #rows, docs = 1 }
    end,
    merge = function(acc, part)
      local rows = acc.rows
      for _, r in ipairs(part.rows) do rows[#rows + 1] = r end
      acc.total, acc.docs = acc.total + part.total, acc.docs + part.docs
      return keep(acc)
    end,
    finish = function(acc)
      local rows = acc.rows
      sort(rows, before)
      for i = #rows, (limit or #rows) + 1, -1 do rows[i] = nil end
      for _, r in ipairs(rows) do r.lkey, r.rkey, r.mkey = nil, nil, nil end
      return { rows = rows, total = acc.total, docs = acc.docs }
    end,
  })
  return found.rows, found.total, found.docs
end

-- a document's id in at most 40 characters: its start and its end
local function short_id(v)
  local n = utf8.len(v)
  if not n or n <= 40 then return v end
  return v:sub(1, utf8.offset(v, 13) - 1) .. "…" .. v:sub(utf8.offset(v, n - 26))
end

--- The rows of `find` as a `paa.report` table section: columns doc (the
-- document's id), source, date, left, match, right; the left context
-- right-aligned, so that in text output the matches line up as
-- keyword-in-context lines do.
-- @tparam table rows from `find`
-- @tparam[opt] table opts `title` (the section's), `empty` (what is said
--   for no rows; default "No match."), `data = true`: the columns of the
--   data instead (doc index, id, source, date, title, start, stop, left,
--   match, right: for CSV)
-- @treturn table `{ kind = "table", columns, rows, ... }`
-- @usage report.write({ title = "stake", sections = { kwic.table(rows) } }, "text")
function kwic.table(rows, opts)
  opts = opts or {}
  local columns
  if opts.data then
    columns = {}
    for i, k in ipairs { "doc", "id", "source", "date", "title", "start", "stop", "left", "match", "right" } do
      columns[i] = { key = k, title = k }
    end
  else
    columns = {
      { key = "id", title = "doc", format = short_id },
      { key = "source", title = "source" },
      { key = "date", title = "date", empty = "-" },
      { key = "left", title = "left", align = "right" },
      { key = "match", title = "match" },
      { key = "right", title = "right" },
    }
  end
  return { kind = "table", title = opts.title, rows = rows, columns = columns, empty = opts.empty or "No match." }
end

-- }==========================================================================

return kwic
