-- Size of the code by layer and how long its functions are: lua5.4 tools/metrics.lua (from the checkout root).
local function lines_of(path)
  local t = {}
  for l in io.lines(path) do t[#t+1] = l end
  return t
end
local function ls(pattern)
  local p = io.popen("ls " .. pattern .. " 2>/dev/null")
  local t = {}
  for f in p:lines() do t[#t+1] = f end
  p:close()
  return t
end
local layers = {
  {"engines (src/*.c without lua.h, paa.h)", {}},
  {"bindings (src/lpaa*.c, lpaa.h)", {}},
  {"host (main.c, sandbox.c)", {}},
  {"library (lua/paa/*.lua)", {}},
  {"scripts (scripts/*.lua)", {}},
}
for _, f in ipairs(ls("src/*.c src/*.h")) do
  local name = f:match("[^/]+$")
  local i
  if name:match("^lpaa") then i = 2
  elseif name == "main.c" or name == "sandbox.c" then i = 3
  else i = 1 end
  table.insert(layers[i][2], f)
end
for _, f in ipairs(ls("lua/paa/*.lua lua/paa/*/*.lua")) do table.insert(layers[4][2], f) end
for _, f in ipairs(ls("scripts/*.lua")) do table.insert(layers[5][2], f) end
local lens = {c = {}, lua = {}}
for _, layer in ipairs(layers) do
  local n = 0
  for _, f in ipairs(layer[2]) do
    local L = lines_of(f)
    n = n + #L
    if f:match("%.c$") then
      local start
      for i, l in ipairs(L) do
        if not start and l:match("^[%a_][%w_ %*]*[%w_%*]+%s*%(.*[%),]%s*{?%s*$") and not l:match(";%s*$") then start = i
        elseif start and l:match("^}") then table.insert(lens.c, i - start + 1); start = nil end
      end
    elseif f:match("%.lua$") then
      local stack = {}
      for i, l in ipairs(L) do
        local ind = l:match("^(%s*)")
        if l:match("^%s*local function ") or l:match("^%s*function ") or l:match("^%s*[%w_.%[%]\"]+%s*=%s*function") then
          if not l:match("%f[%w]end%s*[,)]?%s*$") then table.insert(stack, {ind, i}) end
        elseif #stack > 0 and l:match("^%s*end[%s,)]*$") and l:match("^(%s*)") == stack[#stack][1] then
          local s = table.remove(stack); table.insert(lens.lua, i - s[2] + 1)
        end
      end
    end
  end
  print(string.format("%-42s %3d files %6d lines", layer[1], #layer[2], n))
end
for _, k in ipairs{"c", "lua"} do
  local t = lens[k]; table.sort(t)
  local b = {0, 0, 0, 0, 0}
  for _, v in ipairs(t) do
    if v <= 10 then b[1] = b[1] + 1 elseif v <= 30 then b[2] = b[2] + 1
    elseif v <= 60 then b[3] = b[3] + 1 elseif v <= 100 then b[4] = b[4] + 1 else b[5] = b[5] + 1 end
  end
  print(string.format("%s functions: %d, median %d, p90 %d, max %d; <=10: %d, 11-30: %d, 31-60: %d, 61-100: %d, >100: %d",
    k, #t, t[(#t + 1) // 2], t[math.ceil(#t * 0.9)], t[#t], b[1], b[2], b[3], b[4], b[5]))
end
