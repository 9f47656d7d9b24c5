-- paa.text: UAX #29 segments and sentences (Unicode's own conformance
-- files in full), analysis tokens, words, counts, paragraphs and
-- normalisation, on our sentences, the seed articles and hard input.
local h = require "helpers"
local text = require "paa.text"

local UNICODE = "/usr/share/unicode/auxiliary/"

-- Each test line: "÷ 0061 × 0027 ÷ ..." -> the string and its expected pieces
local function conformance(file)
  local cases = {}
  for line in io.lines(UNICODE .. file) do
    local spec = line:match("^([^#]*)")
    if spec:find("%x") then
      local pieces, piece, all = {}, {}, {}
      for tok in spec:gmatch("%S+") do
        if tok == "÷" then
          if #piece > 0 then pieces[#pieces + 1] = table.concat(piece) end
          piece = {}
        elseif tok ~= "×" then
          local c = utf8.char(tonumber(tok, 16))
          piece[#piece + 1] = c
          all[#all + 1] = c
        end
      end
      cases[#cases + 1] = { s = table.concat(all), pieces = pieces, line = line }
    end
  end
  return cases
end

local function collect(iter)
  local t = {}
  for s in iter do t[#t + 1] = s end
  return t
end

local function sentences(s, opts)
  return collect(text.sentences(s, opts))
end

local function tokens(s, rules)
  local t = {}
  for tok, kind in text.tokens(s, rules) do t[#t + 1] = tok .. "/" .. kind end
  return t
end

describe("paa.text", function()
  describe("UAX #29 conformance", function()
    it("passes every line of WordBreakTest.txt", function()
      local cases, failed = conformance("WordBreakTest.txt"), {}
      for _, c in ipairs(cases) do
        local got = text.segments(c.s)
        if table.concat(got, "|") ~= table.concat(c.pieces, "|") then failed[#failed + 1] = c.line end
      end
      assert.is_true(#cases > 1800)
      assert.are.same({}, failed)
    end)

    it("passes every line of SentenceBreakTest.txt with the plain rules", function()
      local cases, failed = conformance("SentenceBreakTest.txt"), {}
      for _, c in ipairs(cases) do
        local got = sentences(c.s, { rules = "uax29" })
        if table.concat(got, "|") ~= table.concat(c.pieces, "|") then failed[#failed + 1] = c.line end
      end
      assert.is_true(#cases > 500)
      assert.are.same({}, failed)
    end)
  end)

  describe("segments", function()
    it("give back the text exactly when joined", function()
      for _, s in ipairs { "", "a", "Hello, world!", "OpenAI’s $22.4bn for-profit\r\n\tround",
                           "\xff\xfe bad \x80 bytes", "a\0b", "👩‍👩‍👧 שלום عالم" } do
        assert.are.equal(s, table.concat(text.segments(s)))
      end
    end)

    it("keep an emoji ZWJ sequence whole", function()
      assert.are.same({ "👩‍👩‍👧", " ", "ok" }, text.segments("👩‍👩‍👧 ok"))
    end)
  end)

  describe("tokens", function()
    it("have kinds: word, number, currency, url, email, punct, symbol", function()
      assert.are.same({ "OpenAI’s/word", "$/currency", "40/number", "billion/word", ",/punct",
        "US$/currency", "1.25/number", "bn/word", ";/punct", "8.1%/number", "of/word",
        "1,000/number", "+/symbol", "22.4/number" },
        tokens("OpenAI’s $40 billion, US$1.25 bn; 8.1% of 1,000 + 22.4"))
      assert.are.same({ "See/word", "https://www.wsj.com/tech/ai-deal?x=1/url", "./punct",
        "Mail/word", "jane.doe+news@example.co.uk/email", "!/punct", "£/currency", "€/currency" },
        tokens("See https://www.wsj.com/tech/ai-deal?x=1. Mail jane.doe+news@example.co.uk! £ €"))
    end)

    it("take an e-mail address at the end of a sentence, without its period", function()
      assert.are.same({ "Write/word", "to/word", "desk@example.com/email", "./punct", "Or/word" },
        tokens("Write to desk@example.com. Or"))
      assert.are.same({ "a/word", "@/punct", "b/word", "./punct" }, tokens("a@b."))
      assert.are.same({ "a/word", "@/punct", "./punct", "com/word" }, tokens("a@.com"))
      assert.are.same(tokens("Write to desk@example.com. Or"), tokens("Write to desk@example.com. Or", "full"))
    end)

    it("keep hyphenated compounds, inner apostrophes and initialisms whole", function()
      assert.are.same({ "for-profit/word", "cost-effective/word", "GPT-5/word", "don't/word",
        "U.S./word", "e.g./word", "10/number", "-/punct", "20/number" },
        tokens("for-profit cost-effective GPT-5 don't U.S. e.g. 10-20"))
    end)

    it("give 1-based inclusive offsets into the text", function()
      local s = "Hi, $5."
      local got = {}
      for tok, kind, a, b in text.tokens(s) do
        assert.are.equal(tok, s:sub(a, b))
        got[#got + 1] = { tok, kind, a, b }
      end
      assert.are.same({ { "Hi", "word", 1, 2 }, { ",", "punct", 3, 3 }, { "$", "currency", 5, 5 },
        { "5", "number", 6, 6 }, { ".", "punct", 7, 7 } }, got)
    end)

    it("read right-to-left scripts and combining marks as words", function()
      assert.are.same({ "שלום/word", "عالم/word", "e\u{301}/word" }, tokens("שלום عالم e\u{301}"))
      assert.are.same({ "\u{301}/word" }, tokens("\u{301}"))  -- a lone combining mark
    end)
  end)

  describe("words and count", function()
    it("lower-case and fold quotes and dashes, keeping accents, a possessive dropped", function()
      assert.are.same({ "openai", "café", "for-profit", "22.4bn", "said" },
        text.words("OpenAI’s Café for‐profit $22.4bn — “said”"))
      assert.are.same({ "s", "it", "ceo's-pick" }, text.words("'s it's CEO's-pick"))
    end)

    it("give runs of words, which n-grams do not cross", function()
      assert.are.same({ { "a", "b" }, { "c", "d" }, { "e" }, { "f" } },
        text.words("a b, c d\n\ne — f", { runs = true }))
      assert.are.same({}, text.words("", { runs = true }))
    end)

    it("count what words lists, on every kind of text", function()
      local frags = { "word ", "U.S. ", "e.g. ", "for-profit ", "10-20 ", "8.1% ", "US$5 ",
        "a.b@c.de ", "http://x.y/z ", "www.a.b ", "h ", "w ", "1,000.5 ", "it's ", "’", "—", "é",
        "\xff", ".", "-", "_", "@", "$", "%", " ", "\n", "x", "9", "שלום", "👍" }
      math.randomseed(7)
      for _ = 1, 3000 do
        local parts = {}
        for i = 1, math.random(0, 12) do parts[i] = frags[math.random(#frags)] end
        local s = table.concat(parts)
        assert.are.equal(#text.words(s), text.count(s), s)
      end
    end)

    it("count the seed articles and the sample corpus as words does", function()
      local docs = h.read({ "corpus", h.seeds() })  -- the seeds when they are here
      for _, d in ipairs(docs) do
        assert.are.equal(#text.words(d.text), text.count(d.text), d.id)
      end
    end)
  end)

  describe("sentences", function()
    it("do not break after abbreviations and initials", function()
      assert.are.same({ "The U.S. Treasury and Mr. Altman met A. Smith of Acme Inc. on Jan. 5.",
        "It went well." },
        sentences("The U.S. Treasury and Mr. Altman met A. Smith of Acme Inc. on Jan. 5. It went well."))
    end)

    it("do not break inside amounts", function()
      assert.are.same({ "SoftBank led a $22.4 billion round.", "Then it paused." },
        sentences("SoftBank led a $22.4 billion round. Then it paused."))
    end)

    it("join hard-wrapped lines, break at blank lines, set off list items and headings", function()
      local s = "A sentence that was\nwrapped here. Next one\n\nNew paragraph\n- item one\n- item two\n# A heading\nText."
      assert.are.same({ "A sentence that was\nwrapped here.", "Next one", "New paragraph",
        "- item one", "- item two", "# A heading", "Text." }, sentences(s))
    end)

    it("give offsets into the text", function()
      local s = "  One.  Two?  "
      local got = {}
      for st, a, b in text.sentences(s) do got[#got + 1] = { st, a, b, s:sub(a, b) } end
      assert.are.same({ { "One.", 3, 6, "One." }, { "Two?", 9, 12, "Two?" } }, got)
    end)

    it("split the seed articles without breaking inside U.S. or dollar amounts", function()
      if not h.seeds() then return pending("no seed articles beside this checkout") end
      local docs = h.read(h.seeds())
      local n = 0
      for _, d in ipairs(docs) do
        for st in text.sentences(d.text) do
          n = n + 1
          assert.is_nil(st:find("^S%. "), st)            -- never "U." | "S. ..."
          assert.is_nil(st:find("^%d+ billion"), st)     -- never "$40." | "..."
          assert.is_nil(st:find("U%.$"), st)
        end
      end
      assert.is_true(n > 300)
    end)

    it("reject an unknown rules option", function()
      assert.has_error(function() text.sentences("x", { rules = "bogus" }) end)
    end)
  end)

  describe("paragraphs", function()
    it("split at blank lines, items and headings, with offsets", function()
      local s = "Para one\nline two\n\n\n# Head\n- a\n- b\nTail"
      local got = {}
      for p, a, b in text.paragraphs(s) do got[#got + 1] = { p, s:sub(a, b) == p } end
      assert.are.same({ { "Para one\nline two", true }, { "# Head", true }, { "- a", true },
        { "- b", true }, { "Tail", true } }, got)
    end)
  end)

  describe("normalize", function()
    it("composes to NFC and folds quotes, dashes and spaces", function()
      assert.are.equal("café \"quoted\" it's a - b x y", text.normalize(
        "cafe\u{301} \u{201C}quoted\u{201D} it\u{2019}s a \u{2014} b\u{00A0}x\u{2009}y"))
    end)

    it("drops zero-width characters and can fold case", function()
      assert.are.equal("straße", text.normalize("Stra\u{200B}ße\u{FEFF}"):lower())
      assert.are.equal("strasse", text.normalize("STRASSE", { casefold = true }))
      assert.are.equal("ǆ", text.normalize("ǅ", { casefold = true }))
    end)

    it("replaces invalid UTF-8 with U+FFFD and keeps NUL bytes", function()
      assert.are.equal("a\u{FFFD}b\u{FFFD}\0c", text.normalize("a\xffb\xc3\0c"))
    end)
  end)

  describe("hard input", function()
    it("handles empty strings everywhere", function()
      assert.are.same({}, text.segments(""))
      assert.are.same({}, text.words(""))
      assert.are.equal(0, text.count(""))
      assert.are.same({}, sentences(""))
      assert.are.same({}, collect(text.paragraphs("")))
      assert.are.equal("", text.normalize(""))
      assert.are.same({}, tokens(""))
    end)

    it("takes invalid UTF-8 and NUL bytes without a crash", function()
      assert.are.same({ "a/word", "\xff/symbol", "b/word" }, tokens("a\xffb"))
      assert.are.same({ "a", "b" }, text.words("a\0b"))
      assert.are.equal(2, text.count("a\0b"))
    end)

    it("hints where an amount of a million or more may start, as the Lua patterns would", function()
      assert.is_nil(text.amount_hint("Revenue rose 4% to 950,00 euros; 3 mice."))
      assert.are.equal(12, text.amount_hint("It raised $40bn in March."))
      assert.are.equal(1, text.amount_hint("15 mln"))
      -- headlines in capitals
      assert.are.equal(5, text.amount_hint("FOR 250 MLN DLRS"))
      assert.are.equal(6, text.amount_hint("$40 BILLION"))
      assert.is_nil(text.amount_hint("MR 4 LIONS"))
      assert.are.equal(3, text.amount_hint("£3m"))    -- bytes: "£" is two
      assert.are.equal(8, text.amount_hint("it was 1000000"))
      assert.are.equal(6, text.amount_hint("paid 100,000 rupees"))
      assert.are.equal(5, text.amount_hint("$2 billion"))
      assert.are.equal(3, text.amount_hint("a lakh"))
      assert.is_nil(text.amount_hint("3 most 4 bnx 5 mlnn 123456"))
      assert.is_nil(text.amount_hint(""))
      -- against the patterns it replaces, on made-up strings
      local function by_patterns(t)
        return (t:find("illion") or t:find("%d%s?[bmtkBMT][nlrN]?[nN]?%f[%A]") or
          t:find("%d%d%d,%d%d%d") or t:find("%d%d%d%d%d%d%d") or t:find("lakh") or
          t:find("crore")) ~= nil
      end
      local alphabet = "0123456789 bmtkBMTnlrNxa,.\t\nillioncrorelakh\0"
      local seed = 12345
      for _ = 1, 20000 do
        local parts = {}
        for i = 1, 1 + seed % 12 do
          seed = (seed * 1103515245 + 12345) % 2147483648
          local k = 1 + seed % #alphabet
          parts[i] = alphabet:sub(k, k)
        end
        local t = table.concat(parts)
        assert.are.equal(by_patterns(t), text.amount_hint(t) ~= nil, t)
      end
    end)

    it("counts a 100 MB string", function()
      local s = ("The U.S. economy grew 2.5% in 2024, for-profit firms said. "):rep(1750000)
      assert.is_true(#s >= 100e6)
      assert.are.equal(10 * 1750000, text.count(s))
      local n = 0
      for _ in text.sentences(s) do
        n = n + 1
        if n == 1000 then break end
      end
      assert.are.equal(1000, n)
    end)

    it("goes through long runs of periods and abbreviations (no quadratic look-ahead)", function()
      local s = ("1."):rep(300000) .. " " .. ("A. "):rep(100000) .. ("e.g. x. "):rep(50000)
      local n = 0
      for _ in text.sentences(s) do n = n + 1 end
      assert.is_true(n >= 1)
      assert.are.equal(#text.words(s), text.count(s))
    end)

    it("raises on arguments that are not strings", function()
      assert.has_error(function() text.count(nil) end)
      assert.has_error(function() text.segments({}) end)
    end)
  end)
end)
