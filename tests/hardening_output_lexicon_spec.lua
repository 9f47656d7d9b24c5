-- A bad --lexicon file for tensions (a folder, a binary file, a line that
-- is not lexicon syntax, a .lua file that does not parse) gets one line
-- naming the file and what is wrong, exit status 1, no traceback.
local h = require "helpers"

local function tensions(lexicon_file)
  return h.run({ "scripts/tensions.lua", "corpus", "--lexicon", lexicon_file })
end

describe("hardening: a bad --lexicon file", function()
  after_each(h.cleanup)

  local function one_line(expected, out, err, code)
    assert.are.equal("", out)
    assert.are.equal("paa: " .. expected .. "\n", err)
    assert.are.equal(1, code)
  end

  it("a folder", function()
    local dir = h.tmpdir()
    one_line("cannot read '" .. dir .. "': Is a directory", tensions(dir))
  end)

  it("a binary file is named as not text, on its first line", function()
    local path = h.write(h.tmpdir() .. "/lexicon.bin", "\127ELF\2\1\1\0\0\0\0\0[x]\0\0y\n")
    one_line(path .. ":1: not a text line (a lexicon holds '[theme] description' lines and terms)",
             tensions(path))
  end)

  it("a malformed line, with its number", function()
    local path = h.write(h.tmpdir() .. "/themes.txt", "# mine\n[legal] Courts\nantitrust\n[broken\nx\n")
    one_line(path .. ":4: missing ']' in theme header", tensions(path))
  end)

  it("a .lua lexicon with a syntax error, with its line", function()
    local path = h.write(h.tmpdir() .. "/themes.lua", "return {\n  { name = 'x', 'y' \n")
    one_line(path .. ":3: '}' expected (to close '{' at line 2) near <eof>", tensions(path))
  end)
end)
