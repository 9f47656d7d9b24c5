-- The fast paths for plain ASCII against the full rules: text.count
-- (eight bytes at a time), text.tokens (plain words and numbers without
-- the full rules) and the lexicon's scan must give exactly what the full
-- rules give (text.tokens(s, "full")) on tricky text: every ASCII
-- punctuation between letters and digits, apostrophes, numbers with
-- separators, URLs, e-mail addresses, hyphens, text beyond ASCII, random
-- bytes, each at every alignment to the eight-byte steps.
local h = require "helpers"
local text = require "paa.text"
local lexicon = require "paa.lexicon"

-- the tokens of 's' as "token/kind/start/stop", by 'rules'
local function tokens(s, rules)
  local t = {}
  for tok, kind, a, b in text.tokens(s, rules) do
    t[#t + 1] = tok .. "/" .. kind .. "/" .. a .. "/" .. b
  end
  return t
end

-- word and number tokens of 's' by the full rules
local function full_count(s)
  local n = 0
  for _, kind in text.tokens(s, "full") do
    if kind == "word" or kind == "number" then n = n + 1 end
  end
  return n
end

-- The words of 's' as docs/api.md says a lexicon reads them, from the
-- tokens of the full rules: word and number tokens folded, split at
-- hyphens (empty parts dropped), each part losing a final "'s"; other
-- tokens are barriers (false), or words themselves when 'others' (a
-- term holds punctuation); a blank line between two tokens is a barrier.
local function lex_words(s, others)
  local words, last = {}, 1
  for tok, kind, a, b in text.tokens(s, "full") do
    if s:sub(last, a - 1):find("\n[ \t\r\f\v]*\n") then words[#words + 1] = false end
    if kind == "word" or kind == "number" then
      for part in (text.fold(tok) .. "-"):gmatch("([^-]*)-") do
        if #part > 2 and part:sub(-2) == "'s" then part = part:sub(1, -3) end
        if #part > 0 then words[#words + 1] = part end
      end
    else
      words[#words + 1] = others and text.fold(tok) or false
    end
    last = b + 1
  end
  return words
end

-- Whether the words of 'term' (folded, "x*" a prefix) match 'words' from 'i'
local function match_at(words, i, term)
  for k, want in ipairs(term) do
    local w = words[i + k - 1]
    if not w then return false end
    if want:sub(-1) == "*" then
      if w:sub(1, #want - 1) ~= want:sub(1, -2) then return false end
    elseif w ~= want then
      return false
    end
  end
  return true
end

-- Matches of a theme of one term: left to right, none overlapping
local function term_count(words, term)
  local n, busy = 0, 1
  for i = 1, #words do
    if i >= busy and match_at(words, i, term) then
      n, busy = n + 1, i + #term
    end
  end
  return n
end

-- Lexicons of one term a theme (so themes do not interact), without
-- terms of punctuation and with them ('others').
local TERMS = {
  "the", "said", "us", "u.s.", "e.g.", "10", "3.5", "1,000", "abc", "x", "a",
  "profit", "for profit", "data center*", "abcdefghijkl", "abcdefghi*", "com*",
  "café", "b*", "x y", "a b c",
}
local OTHER_TERMS = { "$", "!", "x", "a b" }

local function make(terms)
  local themes, split = {}, {}
  for i, term in ipairs(terms) do
    themes[i] = { name = string.format("t%02d", i), term }
    local words = {}
    for w in term:gmatch("%S+") do words[#words + 1] = w end
    split[themes[i].name] = { term = term, words = words }
  end
  return lexicon.new(themes), split
end

local LEX, LEX_SPLIT = make(TERMS)
local OTHERS, OTHERS_SPLIT = make(OTHER_TERMS)

-- Whether lex:count_terms agrees with the model on 's'; and the words
-- lex:count counted
local function lexicon_agrees(lex, split, others, s)
  local words, got = lex_words(s, others), lex:count_terms(s)
  for theme, t in pairs(split) do
    if got[theme][t.term] ~= term_count(words, t.words) then return false end
  end
  return true, select(2, lex:count(s))
end

-- Everything 's' must agree on; the first disagreement, or nil
local function disagreement(s)
  local full = tokens(s, "full")
  local fast = tokens(s)
  if table.concat(full, "\n") ~= table.concat(fast, "\n") then
    return "tokens differ:\n  full: " .. table.concat(full, " ") ..
           "\n  fast: " .. table.concat(fast, " ")
  end
  local n = full_count(s)
  if text.count(s) ~= n then
    return string.format("count %d, full rules %d", text.count(s), n)
  end
  local ok, nwords = lexicon_agrees(LEX, LEX_SPLIT, false, s)
  if not ok then return "lexicon counts differ from the full rules" end
  if nwords ~= n then return string.format("lexicon words %d, full rules %d", nwords, n) end
  if not lexicon_agrees(OTHERS, OTHERS_SPLIT, true, s) then
    return "lexicon (punctuation terms) counts differ from the full rules"
  end
end

-- Check every text of 'texts', each also after 1..9 bytes so that it
-- meets the eight-byte steps at every alignment (a long text at a few);
-- returns the failures.
local function check(texts)
  local failed = {}
  for _, s in ipairs(texts) do
    for shift = 0, #s > 100 and 3 or 9, #s > 100 and 3 or 1 do
      local t = ("x"):rep(shift % 3) .. (" "):rep(shift - shift % 3) .. s
      local why = disagreement(t)
      if why then
        failed[#failed + 1] = string.format("%q: %s", t, why)
        break
      end
    end
    if #failed >= 5 then break end
  end
  return failed
end

local PUNCT = {}
for c = 0x21, 0x7E do
  local ch = string.char(c)
  if not ch:find("%w") then PUNCT[#PUNCT + 1] = ch end
end

local TRICKY = {
  -- apostrophes
  "don't", "O'Neil's", "'quoted'", "rock 'n' roll", "the companies' deals", "it’s",
  "OpenAI’s", "OpenAI's", "'s", "x's's", "1'000'000", "a''b", "Rock’n’roll",
  -- numbers with separators
  "1,000", "1,000.50", "3.5%", "8.1%,", "10-20", "2004-05", "$5bn", "US$1.25bn",
  "HK$3", "A$", "us$5", "USD$5", "1.2.3", "1:2", "12:30", "1,2,3", "1;2", "1.a",
  "a.1", "0.5x", "5G", "3-D", "4x4", "1,", "1.", ",1", ".5",
  -- URLs
  "http://x.com/a-b", "https://www.bbc.co.uk.", "www.example.com", "HTTP://X.COM",
  "(http://x.com/a_(b))", "see www.x.org, then", "ht", "htt", "http", "www", "ww",
  "wwww.", "http:/x", "hTtPs://y.z", "the https://a.b/c?d=e&f=g#h.",
  -- e-mail addresses
  "a@b.com", "john.smith@x.org", "x.@y.z", "a-b@c.de", "a+b@c.de", "a%b@c.de",
  "a_b@c.de", "@user", "a@b", "a@b.", "a.b.c@d.e.", "mail-@x.y", "a.@b",
  -- hyphens
  "for-profit", "GPT-5", "a-1-2", "1-a-2", "e-mail", "co--op", "-x", "x-",
  "state-of-the-art", "10-fold", "x-1", "1-x", "a- b", "a -b", "Zürich-based",
  "for‐profit", "for‑profit", "pre–war", "1‐2",
  -- initialisms and periods
  "U.S.", "e.g.", "U.S.A.", "a.b.c.d.", "U.S.-based", "i.e.,", "A.I", "Mr.",
  "end.Next", "x.y", "x..y", "x...", "U.K.'s",
  -- underscores and other joiners
  "snake_case", "_x", "x_", "__init__", "a_1", "1_000", "a:b", "a:1", "a;b",
  -- beyond ASCII
  "café", "naïve", "東京", "😀x", "x😀", "e\u{301}t\u{301}e", "a\u{200D}b",
  "a\u{A0}b", "a\u{2003}b", "ﬁnance", "İstanbul", "ΣΑΣ", "x\u{2019}s", "\u{FF11}2",
  "א\"ב", "カタカナabc", "abcカタ", "ａｂｃ",
  -- white space, controls, invalid UTF-8
  "a\tb\nc\r\nd", "a\0b", "a\x7fb", "a\x01b", "\xff\xfe", "a\xc3", "\xe2\x80",
  "x\n\ny", "x \n \t\ny", "x\n.\ny",
  -- long words across the eight-byte steps
  "abcdefghijkl", "abcdefghijklmnopqrstuvwxyz0123456789", "abcdefgh.ijklmnop",
  "abcdefghijklmno-pqrstuvw", "1234567890123456789,000", "ABCDEFGHIJKLMNOPQRSTUVWXYZ's",
}

describe("the fast paths for plain ASCII", function()
  it("agree with the full rules on every ASCII punctuation next to letters and digits", function()
    local texts = {}
    for _, p in ipairs(PUNCT) do
      for _, form in ipairs{ "a%sb", "ab%scd", "1%s2", "12%s34", "a%s1", "1%sa",
                             "%sa", "a%s", "a%s%sb", "x%s ", " %sx", "A.B%s",
                             "abcdefghij%sklmnopqrs", "1234567%s8", "U.S%s",
                             "é%sa", "a%sé", "the%s said", "US%s5" } do
        texts[#texts + 1] = form:format(p, p)
      end
    end
    assert.are.same({}, check(texts))
  end)

  it("agree with the full rules on apostrophes, numbers, URLs, e-mail, hyphens, text beyond ASCII", function()
    local texts = {}
    for _, s in ipairs(TRICKY) do
      texts[#texts + 1] = s
      texts[#texts + 1] = "The " .. s .. " said"
      texts[#texts + 1] = s .. "." .. s .. "-" .. s .. " " .. s
    end
    assert.are.same({}, check(texts))
  end)

  it("agree with the full rules on random mixtures of tricky pieces", function()
    math.randomseed(20261202)
    local pieces = {}
    for _, s in ipairs(TRICKY) do pieces[#pieces + 1] = s end
    for _, p in ipairs(PUNCT) do pieces[#pieces + 1] = p end
    for _, s in ipairs{ " ", " ", " ", "\n", "\n\n", "a", "b", "x", "y", "h", "w", "t",
                        "1", "0", "the", "said", "for", "profit", "data", "centers" } do
      pieces[#pieces + 1] = s
    end
    local texts = {}
    for i = 1, 500 do
      local t = {}
      for j = 1, math.random(1, 25) do t[j] = pieces[math.random(#pieces)] end
      texts[i] = table.concat(t)
    end
    assert.are.same({}, check(texts))
  end)

  it("agree with the full rules on random bytes", function()
    math.randomseed(1202)
    local alphabet = "ahtwHTW01 .-,':;_@$%+\n\t/\"()!?"
    local texts = {}
    for i = 1, 600 do
      local t = {}
      for j = 1, math.random(1, 40) do
        if i % 2 == 0 then
          t[j] = string.char(math.random(0, 255))
        else
          local k = math.random(#alphabet)
          t[j] = alphabet:sub(k, k)
        end
      end
      texts[i] = table.concat(t)
    end
    assert.are.same({}, check(texts))
  end)

  it("agree with the full rules on the sample corpus, whole and line by line", function()
    local texts = {}
    for path in io.popen("find corpus -type f | sort"):lines() do
      local s = h.slurp(path)
      texts[#texts + 1] = s
      for line in s:gmatch("[^\n]+") do texts[#texts + 1] = line end
    end
    assert.is_true(#texts > 100)
    assert.are.same({}, check(texts))
  end)

  it("would see a disagreement", function()
    -- the model of the lexicon's words and the comparison are not blind
    assert.are.same({ "openai", "for", "profit", false, "u.s." },
                    lex_words("OpenAI's for-profit, U.S."))
    assert.is_nil(disagreement("US$1.25bn for-profit x.@y.z"))
    assert.are.equal(3, full_count("US$1.25bn for-profit x.@y.z e.g."))
  end)
end)
