-- feed.lua: writes a template-like wire feed as JSONL, the shape that
-- stresses memory: every line the same story with a different number,
-- as agencies send them. Same arguments, same bytes.
--
--   paa bench/feed.lua LINES > feed.jsonl
--
-- Line N (from 1): title "Story N", source "wire", date 2025-06-DD with
-- DD = N mod 28 + 1, and a text of two sentences naming $N billion and
-- day D = N mod 90 + 1. 500,000 lines make about 85 MB.

local lines = tonumber(arg[1])
if not lines or lines < 0 or lines % 1 ~= 0 then
  io.stderr:write("usage: paa bench/feed.lua LINES > feed.jsonl\n")
  os.exit(1)
end

local fmt = '{"title":"Story %d","source":"wire","date":"2025-06-%02d","text":"Microsoft agreed to '
  .. 'invest $%d billion in OpenAI on day %d. The deal was reviewed by regulators."}\n'
local out, chunk = io.stdout, {}
for n = 1, lines do
  chunk[#chunk + 1] = string.format(fmt, n, n % 28 + 1, n, n % 90 + 1)
  if #chunk == 1000 then
    out:write(table.concat(chunk))
    chunk = {}
  end
end
out:write(table.concat(chunk))
