-- theme_sample.lua: a random sample of the matches of a lexicon, for
-- grading by hand (is each match about its theme?).
--
--   paa bench/theme_sample.lua LEXICON N SEED FOLDER... > sample.tsv
--
-- Every match of every theme in the clean texts of the folders (as the
-- tensions report counts them: boilerplate removed), then N of them drawn
-- at random (Lua's generator seeded with SEED), split evenly between the
-- folders; one TSV line each: folder, document, theme, term, the byte
-- offsets of the match in the clean text, the matched text, its sentence,
-- and an empty verdict column to fill in. With EXCLUDE=FILE in the
-- environment, matches of an earlier sample (its TSV) are not drawn again,
-- so that a sample graded after a change holds only new matches; with
-- THEME=NAME, only the matches of that theme are drawn (to grade one
-- theme on more than the few matches a sample of all gives it).
local paa = require "paa"
local lexicon = require "paa.lexicon"
local text = require "paa.text"

local lexfile, n, seed = arg[1], tonumber(arg[2]), tonumber(arg[3])
if not (lexfile and n and seed and arg[4]) then
  io.stderr:write("usage: paa bench/theme_sample.lua LEXICON N SEED FOLDER...\n")
  os.exit(2)
end
local lex = assert(lexicon.load(lexfile))
local seen = {}  -- folder, document and offsets of the matches to leave out
if os.getenv("EXCLUDE") then
  for line in io.lines(os.getenv("EXCLUDE")) do
    local f = {}
    for field in (line .. "\t"):gmatch("([^\t]*)\t") do f[#f + 1] = field end
    seen[f[1] .. "|" .. f[2] .. "|" .. (f[5] or "")] = true
  end
end
local only = os.getenv("THEME")
math.randomseed(seed)

local function sentence_of(s, a)
  for sentence, x, y in text.sentences(s) do
    if a >= x and a <= y then return sentence end
  end
  return ""
end

local function flat(s) return (s:gsub("%s+", " ")) end

print("folder\tdocument\ttheme\tterm\tat\tmatch\tsentence\tverdict")
local folders = {}
for i = 4, #arg do folders[#folders + 1] = arg[i] end
for k, folder in ipairs(folders) do
  local corpus = assert(paa.open(folder, { words = false }))
  local all = {}
  for doc in corpus:docs{ clean = true } do
    for theme, term, a, b in lex:matches(doc.text) do
      if not seen[folder .. "|" .. doc.id .. "|" .. a .. "-" .. b] and (not only or theme == only) then
        all[#all + 1] = { doc = doc.id, theme = theme, term = term, match = doc.text:sub(a, b),
                          text = doc.text, a = a, b = b }
      end
    end
  end
  local want = n // #folders + (k <= n % #folders and 1 or 0)
  for _ = 1, math.min(want, #all) do
    local m = table.remove(all, math.random(#all))
    print(table.concat({ folder, m.doc, m.theme, m.term, m.a .. "-" .. m.b, flat(m.match),
                         flat(sentence_of(m.text, m.a)), "" }, "\t"))
  end
end
