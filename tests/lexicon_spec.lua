-- paa.lexicon: theme lexicons compiled into a one-pass matcher (terms,
-- phrases, wildcards, exclusions, the overlap policy, the file formats,
-- errors, lifecycle, awkward texts). Every fixture is built here.
local h = require "helpers"
local error_of, has = h.error_of, h.has
local lexicon = require "paa.lexicon"

-- every match of 'lex' in 'text' as "theme|term|start|stop|matched text"
local function matches(lex, text)
  local t = {}
  for theme, term, a, b in lex:matches(text) do
    t[#t + 1] = string.format("%s|%s|%d|%d|%s", theme, term, a, b, text:sub(a, b))
  end
  return t
end

-- a lexicon of one theme 't'
local function one(terms, opts)
  return lexicon.new({ t = terms }, opts)
end

describe("paa.lexicon", function()
  after_each(h.cleanup)

  ---------------------------------------------------------------------------
  describe("new", function()
    it("takes a map of theme = terms, themes sorted by name", function()
      local lex = lexicon.new{
        money = { "billion", "funding round" },
        compute = { "data center*", "gpu*", "-cloud of uncertainty", "cloud*" },
      }
      assert.are.same({ "compute", "money" }, (lex:themes()))
      assert.are.same({ "data center*", "gpu*", "-cloud of uncertainty", "cloud*" },
                      lex:terms("compute"))
      assert.are.equal("paa.Lexicon (2 themes, 6 terms)", tostring(lex))
    end)

    it("takes an array of themes, kept in order, with descriptions", function()
      local lex = lexicon.new{
        { name = "zeta", description = "Last letter", "z" },
        { name = "alpha", "a" },
      }
      local names, descriptions = lex:themes()
      assert.are.same({ "zeta", "alpha" }, names)
      assert.are.same({ zeta = "Last letter" }, descriptions)
      assert.are.equal("Last letter", lex:describe("zeta"))
      assert.is_nil(lex:describe("alpha"))
      assert.are.equal("paa.Lexicon (2 themes, 2 terms)", tostring(lex))
    end)

    it("takes a description in the map form too", function()
      local lex = lexicon.new{ t = { description = "Things", "thing" } }
      assert.are.equal("Things", lex:describe("t"))
      assert.are.same({ "thing" }, lex:terms("t"))
    end)

    it("says '1 theme, 1 term' in the singular", function()
      assert.are.equal("paa.Lexicon (1 theme, 1 term)", tostring(one{ "x" }))
    end)

    it("raises for an unknown theme in describe and terms", function()
      local lex = one{ "x" }
      has("paa.lexicon: no theme 'nope'", error_of(lex.describe, lex, "nope"))
      has("paa.lexicon: no theme 'nope'", error_of(lex.terms, lex, "nope"))
    end)
  end)

  ---------------------------------------------------------------------------
  describe("matching", function()
    it("ignores case and folds curly quotes and dashes", function()
      local lex = one{ "OpenAI's model", "for profit" }
      assert.are.same({
        "t|OpenAI's model|1|16|OPENAI’S MODEL",
        "t|for profit|18|29|For‑Profit",  -- U+2011 non-breaking hyphen
      }, matches(lex, "OPENAI’S MODEL For‑Profit"))
    end)

    it("drops a possessive 's, so a name matches its possessive", function()
      local lex = one{ "openai" }
      -- the span stops before the apostrophe
      assert.are.same({ "t|openai|1|6|OpenAI", "t|openai|13|18|OpenAI" },
                      matches(lex, "OpenAI’s, OpenAI's"))
      assert.are.same({ t = 4 }, lex:count("openai OpenAI’s openai's Openai's-"))
    end)

    it("splits hyphenated compounds: 'for-profit' and 'for profit' match the same terms", function()
      local text = "a for-profit arm; for profit; for\u{2010}profit; non-profit"
      for _, term in ipairs{ "for profit", "for-profit" } do
        local lex = one{ term }
        assert.are.same({ t = 3 }, lex:count(text))
      end
      local lex = one{ "profit" }
      assert.are.same({ t = 4 }, lex:count(text))
      assert.are.same({ t = 2 }, one{ "gpt-5" }:count("GPT-5 and gpt 5, not gpt5"))
    end)

    it("matches a phrase across a line break but not across punctuation or a blank line", function()
      local lex = one{ "data center" }
      assert.are.same({ "t|data center|1|11|data\ncenter", "t|data center|13|25|Data \n Center" },
                      matches(lex, "data\ncenter Data \n Center"))
      assert.are.same({}, matches(lex, "data, center. data; center data\n\ncenter data - center"))
    end)

    it("matches a word as a whole token only", function()
      local lex = one{ "cloud" }
      assert.are.same({ t = 2 }, lex:count("cloud clouds Cloud cloudy overcloud"))
    end)

    it("matches numbers, initialisms and signs as the tokenizer gives them", function()
      local lex = one{ "U.S.", "$", "2030" }
      assert.are.same({ "t|U.S.|5|8|U.S.", "t|$|14|14|$", "t|2030|23|26|2030" },
                      matches(lex, "the U.S. has $40bn by 2030"))
    end)

    it("matches 'prefix*' against any word starting so, also as the last word of a phrase", function()
      local lex = one{ "data center*", "gpu*" }
      assert.are.same({
        "t|data center*|1|12|Data Centers",
        "t|data center*|14|24|data center",
        "t|gpu*|26|29|GPUs",
        "t|gpu*|31|33|gpu",
      }, matches(lex, "Data Centers data center GPUs gpu data centre"))
    end)

    it("is a prefix of bytes, so 'centre' is not 'center*'", function()
      assert.are.same({ t = 0 }, one{ "data center*" }:count("data centre, data cent"))
    end)

    it("allows 'prefix*' on any word of a phrase", function()
      local lex = one{ "clou* provider*" }
      assert.are.same({ t = 2 }, lex:count("cloud providers, clouds provider, cloud, provider"))
    end)

    it("does not count a match that lies inside an excluded phrase", function()
      local lex = one{ "cloud*", "-cloud of uncertainty" }
      assert.are.same({ "t|cloud*|54|58|cloud" },
                      matches(lex, "A cloud of uncertainty, a Cloud of Uncertainty and a cloud provider"))
      assert.are.same({ t = 1 }, lex:count("a cloud of uncertainty, a cloud provider"))
      assert.are.same({ t = { ["cloud*"] = 1 } }, lex:count_terms("a cloud of uncertainty, a cloud provider"))
    end)

    it("excludes only what lies wholly inside the excluded phrase", function()
      local lex = one{ "uncertainty cloud", "-cloud of uncertainty", "uncertainty" }
      -- "uncertainty cloud" starts before the excluded phrase: counted
      assert.are.same({ "t|uncertainty cloud|1|17|uncertainty cloud" },
                      matches(lex, "uncertainty cloud of uncertainty"))
    end)

    it("keeps exclusions to their own theme", function()
      local lex = lexicon.new{
        { name = "a", "cloud*", "-cloud of uncertainty" },
        { name = "b", "cloud*" },
      }
      assert.are.same({ a = 0, b = 1 }, lex:count("a cloud of uncertainty"))
    end)

    it("gives every theme in count, zeros included, and every term in count_terms", function()
      local lex = lexicon.new{ a = { "x", "y z", "-x y" }, b = { "w" } }
      assert.are.same({ a = 2, b = 0 }, lex:count("x, y z"))
      assert.are.same({ a = { x = 1, ["y z"] = 1 }, b = { w = 0 } }, lex:count_terms("x, y z"))
      assert.are.same({ a = 0, b = 0 }, lex:count(""))
    end)

    it("gives spans as 1-based inclusive byte offsets for string.sub", function()
      local text = "Über die Straße: “OpenAI’s data centers”"
      local lex = lexicon.new{ t = { "openai", "data center*", "straße" } }
      local got = {}
      for _, term, a, b in lex:matches(text) do got[#got + 1] = { term, text:sub(a, b) } end
      assert.are.same({ { "straße", "Straße" }, { "openai", "OpenAI" },
                        { "data center*", "data centers" } }, got)
    end)
  end)

  ---------------------------------------------------------------------------
  describe("overlapping terms", function()
    it("counts per theme the leftmost-longest matches, each span once", function()
      local lex = one{ "data", "center", "data center", "center of excellence" }
      -- "data center" wins at 1 (longest); "center of excellence" starts inside it
      assert.are.same({ "t|data center|1|11|data center", "t|data|31|34|data" },
                      matches(lex, "data center of excellence and data"))
      assert.are.same({ t = { data = 1, center = 0, ["data center"] = 1,
                              ["center of excellence"] = 0 } },
                      lex:count_terms("data center of excellence and data"))
    end)

    it("takes the leftmost match even when a longer one starts later", function()
      local lex = one{ "big cloud", "cloud provider" }
      assert.are.same({ "t|big cloud|1|9|big cloud" }, matches(lex, "big cloud provider"))
    end)

    it("breaks a tie between terms of the same length by definition order", function()
      local lex = one{ "data center*", "data centers" }
      assert.are.same({ "t|data center*|1|12|data centers" }, matches(lex, "data centers"))
    end)

    it("lets two themes count the same span", function()
      local lex = lexicon.new{ { name = "a", "cloud provider" }, { name = "b", "cloud*" } }
      assert.are.same({ "a|cloud provider|1|14|cloud provider", "b|cloud*|1|5|cloud" },
                      matches(lex, "cloud provider"))
      assert.are.same({ a = 1, b = 1 }, lex:count("cloud provider"))
    end)

    it("counts nested matches too with { nested = true }", function()
      local terms = { "data", "center*", "data center*", "center of excellence" }
      local text = "data centers of excellence"
      assert.are.same({ t = 1 }, one(terms):count(text))
      local lex = one(terms, { nested = true })
      assert.are.same({ t = 3 }, lex:count(text))
      assert.are.same({
        "t|data center*|1|12|data centers",
        "t|data|1|4|data",
        "t|center*|6|12|centers",
      }, matches(lex, text))
      -- "centers of excellence" is not "center of excellence"
      assert.are.same({ t = 4 }, lex:count("data center of excellence"))
    end)

    it("still drops excluded matches with { nested = true }", function()
      local lex = one({ "cloud*", "uncertainty", "-cloud of uncertainty" }, { nested = true })
      assert.are.same({ t = 0 }, lex:count("a cloud of uncertainty"))
      assert.are.same({ t = 2 }, lex:count("cloud uncertainty"))
    end)

    it("lists matches in text order, themes in definition order at the same start", function()
      local lex = lexicon.new{
        { name = "b", "x y", "y" },
        { name = "a", "x" },
      }
      assert.are.same({ "b|x y|1|3|x y", "a|x|1|1|x", "b|y|6|6|y", "a|x|8|8|x" },
                      matches(lex, "x y, y x"))
    end)
  end)

  ---------------------------------------------------------------------------
  describe("contexts", function()
    local lex = one{ "control* ~ {stake, board, over, say in} !~ {remote, inflammation}",
                     "-quality control" }

    it("counts a term whose sentence holds one of its '~' words or phrases", function()
      assert.are.same({ t = 1 }, lex:count("Microsoft wants more control over OpenAI."))
      assert.are.same({ t = 1 }, lex:count("Who controls the board, and who has a say in it?"))
      assert.are.same({ t = 0 }, lex:count("He controls the company."))
    end)

    it("looks for '~' words in the paragraph, '!~' words in the sentence, outside the term", function()
      assert.are.same({ t = 1 }, lex:count("The board met. Control was lost."))
      assert.are.same({ t = 0 }, lex:count("The board met.\n\nControl was lost"))
      assert.are.same({ t = 2 }, lex:count("Control was lost. Control of the board went too."))
      assert.are.same({ t = 1 }, lex:count("A remote island. Control of the board went."))
      assert.are.same({ t = 0 }, lex:count("Control of the board went to a remote island."))
      assert.are.same({ t = 0 }, one{ "board* ~ {board}" }:count("The boards met."))
    end)

    it("takes a heading's topic from the paragraph after it", function()
      assert.are.same({ t = 1 }, lex:count("## Control\n\nThe board met on Monday and voted."))
      assert.are.same({ t = 0 }, lex:count("## Control\n\nThe team met on Monday.\n\nThe board met."))
    end)

    it("looks no further than 1,000 bytes from the match", function()
      local filler = string.rep("word ", 250)  -- 1,250 bytes, no blank line
      assert.are.same({ t = 1 }, lex:count("The board met. " .. string.rep("word ", 150) .. "Control went."))
      assert.are.same({ t = 0 }, lex:count("The board met. " .. filler .. "Control went."))
      assert.are.same({ t = 0 }, lex:count("Control went. " .. filler .. "The board met."))
    end)

    it("drops a term whose sentence holds one of its '!~' words", function()
      assert.are.same({ t = 0 }, lex:count("The drug helps inflammation control over time."))
      assert.are.same({ t = 1 }, lex:count("Remote work grew. Investors want control over the board."))
      -- the word itself is no context of its own match: that is what exclusions are for
      assert.are.same({ t = 1 }, one{ "compet* !~ {competent}" }:count("Competition needs competent staff."))
      assert.are.same({ t = 0 }, one{ "compet* !~ {competent}", "-competent" }
                                   :count("Competition needs competent staff."))
    end)

    it("keeps exclusions, and lets a shorter term match where a longer one is out of context", function()
      assert.are.same({ t = 0 }, lex:count("Quality control over the board's papers."))
      local l2 = one{ "control", "control over ~ {board}" }
      assert.are.same({ "t|control|1|7|control" }, matches(l2, "control over prices"))
      assert.are.same({ "t|control over|1|12|control over" }, matches(l2, "control over the board"))
    end)

    it("names counts by the term without its context, in the file format too", function()
      local dir = h.tmpdir()
      local path = h.write(dir .. "/l.txt", "[control]\ncontrol* ~ {board} !~ {remote}\n")
      local l3 = assert(lexicon.load(path))
      assert.are.same({ "control*" }, l3:terms("control"))
      assert.are.same({ control = { ["control*"] = 1 } },
                      l3:count_terms("The board wants control. The remote control broke."))
    end)

    it("matches contexts by folded words, prefixes and phrases", function()
      local l4 = one{ "veto* ~ {board seat*, governance}" }
      assert.are.same({ t = 1 }, l4:count("A veto came with two BOARD SEATS."))
      assert.are.same({ t = 1 }, l4:count("Its vetoes shape the lab's governance."))
      assert.are.same({ t = 0 }, l4:count("A veto on the board."))
    end)

    it("takes named classes of words from the file format, over several lines", function()
      local dir = h.tmpdir()
      local path = h.write(dir .. "/l.txt", "# classes first\n@biz = {company, firm,\n  stake*, board}\n"
        .. "[control]\ncontrol* ~ @biz !~ {remote}\nveto* ~ {deal, @biz}\n")
      local l5 = assert(lexicon.load(path))
      assert.are.same({ control = 1 }, l5:count("The firm wants control."))
      assert.are.same({ control = 0 }, l5:count("Control of the remote company board."))
      assert.are.same({ control = 1 }, l5:count("A veto on the stakes."))
      assert.are.same({ control = 1 }, l5:count("A veto on the deal."))
      assert.are.same({ control = 0 }, l5:count("A veto in the EU."))
      for _, c in ipairs{
        { "@x = {a}\n[t]\nfoo ~ @y\n", "l.txt:3: no class '@y'" },
        { "@x = {a} junk\n[t]\nfoo\n", "l.txt:1: text after the '}' of a class" },
        { "@x {a}\n", "l.txt:1: a class is '@name = {words, phrases}'" },
        { "@x = {a\n[t]\nfoo\n", "l.txt:1: missing '}' in class '@x'" },
        { "@x = {a}\n@x = {b}\n", "l.txt:2: class '@x' defined twice" },
        { "@x = { }\n", "l.txt:1: class '@x' is empty" },
        { "@x = {a}\n@y = {@x}\n[t]\nfoo ~ @y\n", "l.txt:4: a class inside a class: '@x'" },
        { "@x = {a,\nb}\n[t]\nfoo\nbar ~ @z\n", "l.txt:5: no class '@z'" },
      } do
        local bad = h.write(dir .. "/l.txt", c[1])
        local lx, err = lexicon.load(bad)
        assert.is_nil(lx)
        has(c[2], err)
      end
    end)

    it("needs a word of each '~' list when there are several", function()
      local l6 = one{ "trial ~ {court, jury} ~ {company, firm}" }
      assert.are.same({ t = 1 }, l6:count("The firm's trial opened. A jury was sworn in."))
      assert.are.same({ t = 0 }, l6:count("The trial opened. A jury was sworn in."))
      assert.are.same({ t = 0 }, l6:count("The firm will trial the service."))
      has("more than 8 '~' lists", error_of(lexicon.new, { t = { "x" .. string.rep(" ~ {a}", 9) } }))
    end)

    it("raises on a malformed context", function()
      for _, c in ipairs{
        { "control* ~ stake", "missing '{' after '~'" },
        { "control* !~ {stake", "missing '}'" },
        { "control* ~ {stake,,x}", "an empty word" },
        { "control* ~ {}", "an empty word" },
        { "control* ~ {a*b}", "'*' must end a word" },
        { "control* ~ {x} junk", "expected '~ {' or '!~ {'" },
      } do
        has("theme 't', term 1: " .. c[2], error_of(lexicon.new, { t = { c[1] } }))
      end
    end)
  end)

  ---------------------------------------------------------------------------
  describe("bad lexicons raise, naming the theme and the term", function()
    local cases = {
      { { t = { "x", "" } }, "theme 't', term 2: empty term" },
      { { t = { "   " } }, "theme 't', term 1: empty term" },
      { { t = { "-" } }, "theme 't', term 1: empty exclusion" },
      { { t = { "da*ta" } }, "theme 't', term 1: '*' must end a word, in 'da*ta'" },
      { { t = { "*data" } }, "theme 't', term 1: '*' must end a word" },
      { { t = { "data *" } }, "theme 't', term 1: '*' must end a word" },
      { { t = { "data**" } }, "theme 't', term 1: '*' must end a word" },
      { { t = { "\u{200B}" } }, "theme 't', term 1: nothing to match" },
      { { t = { string.rep("w ", 33) } }, "theme 't', term 1: more than 32 words" },
      { { t = { "Cloud", "cloud" } }, "theme 't', term 2: duplicate term 'cloud' (same as 'Cloud')" },
      { { t = { "for profit", "For-Profit" } }, "theme 't', term 2: duplicate term" },
      { { t = { "x\0y" } }, "theme 't', term 1: the term holds a NUL byte" },
      { { t = { "\xff" } }, "theme 't', term 1: the term is not valid UTF-8" },
      { { t = { 2030 } }, "theme 't', term 1 is a number, not a string" },
      { { t = {} }, "theme 't' has no terms" },
      { { t = { "-x" } }, "theme 't' has no terms (only exclusions)" },
      { { t = "x" }, "theme 't' is a string, not a table of terms" },
      { { t = { "x", colour = "red" } }, "theme 't': unexpected field 'colour'" },
      { { t = { "x", description = 1 } }, "theme 't': description must be a string, got number" },
      { {}, "paa.lexicon: no themes" },
      { { [1] = { "x" } }, "theme 1 has no name" },
      { { { name = "a", "x" }, { name = "a", "y" } }, "duplicate theme 'a'" },
      { { { name = "a", "x" }, b = { "y" } }, "not both" },
      { { "x" }, "theme 1 is a string, not a table" },
      { { [""] = { "x" } }, "empty theme name" },
      { { [true] = { "x" } }, "theme names must be strings, got boolean" },
    }
    for _, case in ipairs(cases) do
      local themes, want = case[1], case[2]
      if want then
        it(want, function()
          local msg = error_of(lexicon.new, themes)
          has("paa.lexicon: ", msg)
          has(want, msg)
        end)
      end
    end

    it("accepts a term of punctuation", function()
      assert.are.same({ t = 1 }, one{ "!" }:count("Wow! Yes"))
    end)

    it("raises for bad arguments and options", function()
      has("bad argument #1", error_of(lexicon.new, "x"))
      has("bad argument #2", error_of(lexicon.new, { t = { "x" } }, 5))
      has("paa.lexicon: option 'nested' must be a boolean, got number",
          error_of(lexicon.new, { t = { "x" } }, { nested = 1 }))
      local lex = one{ "x" }
      has("bad argument #2", error_of(lex.count, lex, {}))
      has("bad argument #2", error_of(lex.matches, lex))
      has("bad argument #1", error_of(lex.count, "x", "x"))
      has("bad argument #1", error_of(lexicon.load))
    end)
  end)

  ---------------------------------------------------------------------------
  describe("load", function()
    local function write(name, content)
      return h.write(h.tmpdir() .. "/" .. name, content)
    end

    it("reads the text format: [theme] description, one term a line, # comments", function()
      local path = write("themes.txt", table.concat({
        "# Themes for the partnership report",
        "",
        "[compute] Data centres, chips and cloud capacity",
        "data center*",
        "  gpu*  ",
        "-cloud of uncertainty",
        "cloud*",
        "   # an indented comment",
        "",
        "[legal]",
        "antitrust",
        "court ruling",
      }, "\n"))
      local lex = assert(lexicon.load(path))
      assert.are.equal("paa.Lexicon (2 themes, 6 terms)", tostring(lex))
      local names, descriptions = lex:themes()
      assert.are.same({ "compute", "legal" }, names)
      assert.are.same({ compute = "Data centres, chips and cloud capacity" }, descriptions)
      assert.are.same({ "data center*", "gpu*", "-cloud of uncertainty", "cloud*" }, lex:terms("compute"))
      assert.are.same({ compute = 2, legal = 1 },
                      lex:count("A cloud of uncertainty: the court ruling on data centers and GPUs"))
    end)

    it("reads CRLF lines and skips a byte order mark", function()
      local path = write("crlf.txt", "\xEF\xBB\xBF[a] Letters\r\nx\r\ny z\r\n")
      local lex = assert(lexicon.load(path))
      assert.are.same({ "x", "y z" }, lex:terms("a"))
      assert.are.equal("Letters", lex:describe("a"))
    end)

    it("takes options", function()
      local path = write("n.txt", "[t]\ndata\ndata center\n")
      assert.are.same({ t = 1 }, assert(lexicon.load(path)):count("data center"))
      assert.are.same({ t = 2 }, assert(lexicon.load(path, { nested = true })):count("data center"))
    end)

    it("returns nil and a message for a file it cannot read", function()
      local dir = h.tmpdir()
      local lex, err = lexicon.load(dir .. "/missing.txt")
      assert.is_nil(lex)
      assert.are.equal("cannot open '" .. dir .. "/missing.txt': No such file or directory", err)
      lex, err = lexicon.load(dir)
      assert.is_nil(lex)
      assert.are.equal("cannot read '" .. dir .. "': Is a directory", err)
      lex, err = lexicon.load(dir .. "/missing.lua")
      assert.is_nil(lex)
      has("cannot open", err)
    end)

    local bad = {
      { "outside.txt", "x\n[a]\ny\n", "outside.txt:1: term outside a theme" },
      { "bracket.txt", "[a]\nx\n[b\ny\n", "bracket.txt:3: missing ']' in theme header" },
      { "noterms.txt", "# c\n[a]\n\n[b]\ny\n", "noterms.txt:2: theme 'a' has no terms" },
      { "lastempty.txt", "[a]\ny\n[b] Nothing here\n", "lastempty.txt:3: theme 'b' has no terms" },
      { "excl.txt", "[a]\n-y\n", "excl.txt:1: theme 'a' has no terms (only exclusions)" },
      { "empty.txt", "[a]\nx\n-\n", "empty.txt:3: empty exclusion" },
      { "star.txt", "[a]\nx\n\nda*ta\n", "star.txt:4: '*' must end a word, in 'da*ta'" },
      { "dup.txt", "[a]\nx\n[a]\ny\n", "dup.txt:3: duplicate theme 'a'" },
      { "duplicate.txt", "[a]\nx\nX\n", "duplicate.txt:3: duplicate term 'X' (same as 'x')" },
      { "noname.txt", "[ ] desc\nx\n", "noname.txt:1: empty theme name" },
      { "latin1.txt", "[a]\ncaf\xe9\n", "latin1.txt:2: the term is not valid UTF-8" },
      { "nothing.txt", "# only a comment\n\n", "nothing.txt: no themes" },
      { "zero.txt", "", "zero.txt: no themes" },
    }
    for _, case in ipairs(bad) do
      it("returns nil and a message for " .. case[3], function()
        local path = write(case[1], case[2])
        local lex, msg = lexicon.load(path)
        assert.is_nil(lex)
        assert.are.equal(path:match("^(.*/)") .. case[3], msg)
      end)
    end

    it("reads a .lua file that returns the table new takes", function()
      local path = write("themes.lua", [[
        local money = { "billion*", "funding round" }
        return {
          { name = "compute", description = "Chips", "data center*", "gpu*" },
          { name = "money", table.unpack(money) },
        }]])
      local lex = assert(lexicon.load(path, { nested = true }))
      assert.are.same({ "compute", "money" }, (lex:themes()))
      assert.are.equal("Chips", lex:describe("compute"))
      assert.are.same({ compute = 1, money = 2 }, lex:count("data centers raised billions in a funding round"))
    end)

    it("names the .lua file in errors", function()
      local cases = {
        { "bad.lua", "return { t = { 'x', '' } }", "bad.lua: theme 't', term 2: empty term" },
        { "syntax.lua", "return {\n", "syntax.lua:2:" },
        { "number.lua", "return 5", "number.lua: must return a table of themes, got number" },
        { "boom.lua", "error('boom')", "boom.lua:1: boom" },
        { "sandbox.lua", "os.remove('x') return {}", "sandbox.lua:1: attempt to index a nil value (global 'os')" },
        { "none.lua", "return {}", "none.lua: no themes" },
      }
      for _, case in ipairs(cases) do
        local path = write(case[1], case[2])
        local lex, msg = lexicon.load(path)
        assert.is_nil(lex)
        assert.are.equal(path, msg:sub(1, #path))
        has(case[3], msg)
      end
    end)
  end)

  ---------------------------------------------------------------------------
  describe("lifecycle", function()
    it("closes idempotently; a closed lexicon raises", function()
      local lex = one{ "x" }
      lex:close()
      lex:close()
      assert.are.equal("paa.Lexicon (closed)", tostring(lex))
      for _, m in ipairs{ "count", "count_terms", "matches", "themes", "describe", "terms" } do
        has("paa.lexicon: attempt to use a closed lexicon", error_of(lex[m], lex, "x"))
      end
    end)

    it("closes with <close> and garbage collection", function()
      local kept
      do
        local lex <close> = one{ "x" }
        kept = lex
        assert.are.same({ t = 1 }, lex:count("x"))
      end
      assert.are.equal("paa.Lexicon (closed)", tostring(kept))
      for _ = 1, 200 do one{ "x", "y z*" }:count("x y zed") end
      collectgarbage()
      collectgarbage()
    end)

    it("keeps a matches iterator independent of later scans, but not of close", function()
      local lex = one{ "x" }
      local it = lex:matches("x x")
      assert.are.same({ t = 3 }, lex:count("x x x"))
      assert.are.same({ "t", "x", 1, 1 }, { it() })
      lex:close()
      has("attempt to use a closed lexicon", error_of(it))
    end)

    it("lets a loop stop early", function()
      local lex = one{ "x" }
      local n = 0
      for _ in lex:matches(string.rep("x ", 1000)) do
        n = n + 1
        if n == 3 then break end
      end
      assert.are.equal(3, n)
    end)
  end)

  ---------------------------------------------------------------------------
  describe("awkward texts", function()
    local lex = lexicon.new{ t = { "data center*", "cloud" } }

    it("takes the empty string", function()
      assert.are.same({ t = 0 }, lex:count(""))
      assert.are.same({}, matches(lex, ""))
    end)

    it("takes invalid UTF-8 and keeps matching around it", function()
      local text = "\xff\xfe data \x80center\xc3 cloud\xe2\x80 \xed\xa0\x80 cloud"
      assert.are.same({ t = 2 }, lex:count(text))
      local got = matches(lex, text)
      assert.are.equal(2, #got)
      for _, m in ipairs(got) do assert.truthy(m:match("|cloud$")) end
    end)

    it("takes NUL bytes (white space to the tokenizer)", function()
      local text = "cloud\0cloud \0data\0 center\0"
      assert.are.same({ "t|cloud|1|5|cloud", "t|cloud|7|11|cloud",
                        "t|data center*|14|25|data\0 center" }, matches(lex, text))
    end)

    it("counts in a 10 MB string", function()
      local unit = "The data centers of a cloud provider. "  -- 38 bytes, 2 matches
      local text = string.rep(unit, 10 * 1024 * 1024 // #unit)
      local n = #text // #unit
      assert.are.same({ t = 2 * n }, lex:count(text))
      local k, last = 0, nil
      for _, _, a, b in lex:matches(text) do k = k + 1; last = { a, b } end
      assert.are.equal(2 * n, k)
      local base = #text - #unit  -- the last "cloud" is bytes 23-27 of the last unit
      assert.are.same({ base + 23, base + 27 }, last)
    end)

    it("takes one huge token", function()
      local text = string.rep("a", 1000000) .. " cloud"
      assert.are.same({ t = 1 }, lex:count(text))
    end)
  end)

  ---------------------------------------------------------------------------
  describe("words from the same pass", function()
    it("count returns the text's words as paa.text.count counts them", function()
      local text = require "paa.text"
      local lex = lexicon.new{ t = { "data center*", "for profit" } }
      local docs = h.read({ "corpus", h.seeds() })
      for _, d in ipairs(docs) do
        local counts, words = lex:count(d.text)
        assert.is_number(counts.t)
        assert.are.equal(text.count(d.text), words, d.id)
      end
      for _, s in ipairs { "", "a", "for-profit U.S. 8.1% US$5 a.b@c.de http://x.y \xff\n\nz", "\0" } do
        assert.are.equal(text.count(s), select(2, lex:count(s)), s)
      end
    end)
  end)

  describe("the seed articles", function()
    it("count 'data centers' and 'data center' with the phrase 'data center*'", function()
      local seeds = h.seeds()
      if not seeds then return pending("no seed articles beside this checkout") end
      local corpus = require "paa.corpus"
      local lex = lexicon.new{ compute = { "data center*" } }
      local c = assert(corpus.open(seeds))
      local total, forms = 0, {}
      for d in c:docs() do
        local n = lex:count(d.text).compute
        -- the same count by a pattern over the lower-cased text
        local want = 0
        for _ in d.text:lower():gmatch("%f[%w]data[%s%-]+center") do want = want + 1 end
        assert.are.equal(want, n, d.id)
        for _, _, a, b in lex:matches(d.text) do
          local s = d.text:sub(a, b):lower():gsub("%s+", " ")
          forms[s] = (forms[s] or 0) + 1
        end
        total = total + n
      end
      assert.are.same({ ["data center"] = 16, ["data centers"] = 8 }, forms)
      assert.are.equal(24, total)
    end)
  end)
end)
