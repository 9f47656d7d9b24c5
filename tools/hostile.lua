-- hostile.lua: write corpora made to break a reader, one folder each,
-- for tools/hostile.sh (which runs every shipped script over them, e.g.
-- under the ASan build).
--
--   build/paa tools/hostile.lua OUT_DIR
--
-- Nothing here is real news: binary and mis-encoded files, torture
-- markup and JSONL, huge lines, hostile file names, link loops, many
-- and deep files, money and date strings at their limits.

local out = assert(arg[1], "usage: paa tools/hostile.lua OUT_DIR")

local function q(s) return "'" .. s:gsub("'", "'\\''") .. "'" end
local function sh(cmd) assert(os.execute(cmd), cmd) end
local function write(path, data)
  sh("mkdir -p " .. q(path:match("^(.*)/[^/]*$")))
  local f = assert(io.open(path, "wb"))
  f:write(data)
  f:close()
end

-- a pseudo-random byte string (the same on every run)
local seed = 12345
local function bytes(n)
  local t = {}
  for i = 1, n do
    seed = (seed * 1103515245 + 12345) % 2147483648
    t[i] = string.char(seed % 256)
  end
  return table.concat(t)
end

local STORY = "Northgate Capital agreed to invest $40 million in Helix Robotics on 3 March 2025, " ..
  "the companies said, valuing it at $1.2bn.\n"

sh("rm -rf " .. q(out) .. " && mkdir -p " .. q(out))
local C = {}
function C.binary(d)
  write(d .. "/random.txt", bytes(65536))
  sh("cp /bin/true " .. q(d .. "/elf.txt"))
  write(d .. "/nul-late.txt", STORY .. "\0" .. STORY)
  write(d .. "/ok.txt", STORY)
end
function C.encodings(d)
  write(d .. "/latin.txt", "Caf\233 \163300m deal for Soci\233t\233 G\233n\233rale\n" .. STORY)
  write(d .. "/overlong.txt", "a\192\175b \224\128\175 \237\160\128 \244\144\128\128 \248\136\128\128\128\n" .. STORY)
  write(d .. "/utf16le.txt", "\255\254" .. STORY:gsub(".", "%0\0"))
  write(d .. "/utf16be.txt", "\254\255" .. STORY:gsub(".", "\0%0"))
  write(d .. "/bom.txt", "\239\187\191" .. STORY)
  write(d .. "/cut.txt", STORY .. "\226\130")
end
function C.empty(d)
  write(d .. "/empty.txt", "")
  write(d .. "/blank.txt", " \n\t\r\n   \n")
  write(d .. "/only-front.md", "---\ntitle: Nothing\ndate: 2025-01-01\n---\n")
  write(d .. "/unterminated-front.md", "---\ntitle: " .. ("x"):rep(100000) .. "\n" .. STORY)
end
function C.huge(d)
  write(d .. "/oneword.txt", ("a"):rep(8 * 2 ^ 20))
  write(d .. "/amounts.txt", ("$1bn and "):rep(40000))
  write(d .. "/dates.txt", ("on 3 March 2025, "):rep(100000))
  write(d .. "/sentence.txt", ("Microsoft invested $10bn in OpenAI and "):rep(10000) .. ".\n")
  write(d .. "/digits.txt", "$" .. ("9"):rep(20000) .. " billion\n" .. STORY)
end
function C.markup(d)
  write(d .. "/deep.html", ("<div>"):rep(100000) .. STORY .. ("</div>"):rep(100000))
  write(d .. "/unclosed.html", "<html><head><title>" .. ("<b>"):rep(10000) .. "<script>var s='</scr" ..
    "'+'ipt>';</script><p>" .. STORY .. "&#xFFFFFFFF; &#0; &#55296; &#x110000; &amp &lt;&gt;&;" ..
    "<!-- never closed")
  write(d .. "/attrs.html", "<p " .. ("a=\"b\" "):rep(50000) .. ">" .. STORY .. "</p>")
  write(d .. "/entities.html", "<p>" .. ("&nbsp;&eacute;&#8364;"):rep(50000) .. STORY .. "</p>")
end
function C.jsonl(d)
  local lines = {
    '{"title":"ok","text":' .. string.format("%q", STORY:gsub("\n", "")) .. '}',
    '{"title":"unterminated","text":"abc',
    '{"text":' .. ("["):rep(100000) .. ("]"):rep(100000) .. '}',
    '{"text":1e999999,"date":-1}',
    '{"text":"nul \\u0000 and lone \\ud800 and \\udfff surrogates"}',
    '{"text":"' .. ("\\\\"):rep(100000) .. '"}',
    '{"' .. ("k"):rep(100000) .. '":"v","text":"long key"}',
    '{"text":null,"title":{"a":[1,2,3]}}',
    '[1,2,3]', '"just a string"', '', '   ', 'not json at all',
    '{"text":"crlf line"}\r',
    '{"text":"dup","text":"dup again","source":"' .. ("s"):rep(10000) .. '"}',
  }
  write(d .. "/feed.jsonl", table.concat(lines, "\n"))
  write(d .. "/bom.jsonl", "\239\187\191" .. lines[1] .. "\n")
  write(d .. "/noeol.jsonl", lines[1])
  write(d .. "/binary.jsonl", bytes(10000))
end
function C.names(d)
  for _, n in ipairs{ "new\nline.txt", "esc\27[31mred.txt", "bad\255\254.txt", "-e.txt", "--help.txt",
                      " space .txt", ("n"):rep(250) .. ".txt", "tab\tname.txt", "quote'\"name.txt" } do
    write(d .. "/" .. n, STORY)
  end
  write(d .. "/src\27]0;title\7/a.txt", STORY)
end
function C.links(d)
  write(d .. "/a.txt", STORY)
  sh("ln -s loop " .. q(d .. "/loop") .. " && mkdir -p " .. q(d .. "/sub") ..
     " && ln -s .. " .. q(d .. "/sub/up") .. " && ln -s nowhere.txt " .. q(d .. "/dangling.txt"))
end
function C.unicode(d)
  write(d .. "/zw.txt", ("a\226\128\141b\226\128\140"):rep(20000) .. "\n" .. STORY)
  write(d .. "/rtl.txt", "\226\128\174" .. STORY .. "\226\128\173" .. STORY)
  write(d .. "/combining.txt", "e" .. ("\204\129"):rep(100000) .. " " .. STORY)
  write(d .. "/emoji.txt", ("\240\159\145\168\226\128\141\240\159\145\169\226\128\141\240\159\145\167 "):rep(20000))
  write(d .. "/separators.txt", STORY:gsub("\n", "\226\128\168") .. ("\r"):rep(1000) .. STORY:gsub("\n", "\r"))
  write(d .. "/nbsp.txt", STORY:gsub(" ", "\194\160"))
end
function C.money(d)
  write(d .. "/money.txt", table.concat({
    "It paid $$$$ for it. It paid 1,000,000,000,000,000,000,000,000 dollars.",
    "A $1e309bn deal. A £-5m deal. A €1.2.3.4bn deal. Between $1bn and.",
    "The range $5bn-$3bn. Up to $. $0.00000001bn. 10^400 dollars. $9,99,999m.",
    "On 31 February 2025, in the year 99999, on 0/0/0, last month of year 0, Q5 2025.",
    "Between tens of billions and hundreds of trillions of yen, roughly £.",
    ("between $1bn and "):rep(5000) .. "$2bn.",
  }, "\n\n"))
end
function C.many(d)
  for i = 1, 3000 do write(string.format("%s/f%04d/%d.txt", d, i % 50, i), i % 7 == 0 and STORY or "x\n") end
  local deep = d .. "/deep"
  for _ = 1, 150 do deep = deep .. "/d" end
  write(deep .. "/bottom.txt", STORY)
end
function C.repeats(d)
  for i = 1, 200 do write(string.format("%s/copy%03d.txt", d, i), STORY .. STORY) end
  write(d .. "/oneword.txt", ("deal "):rep(200000))
  write(d .. "/twice.txt", STORY .. "\n" .. STORY)
end

local names = {}
for name in pairs(C) do names[#names + 1] = name end
table.sort(names)
for _, name in ipairs(names) do
  C[name](out .. "/" .. name)
  print(out .. "/" .. name)
end
