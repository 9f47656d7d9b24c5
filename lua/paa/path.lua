--- paa.path: where the paa library and its data files are.
--
-- The paa host finds paa's own modules through a searcher of its own in
-- `package.searchers` (the `PAA_PATH` folders, then the library), so that
-- `package.path` and `package.cpath` stay exactly what `LUA_PATH` and
-- `LUA_CPATH` (or Lua's defaults) say, as in the stock `lua`. Data files
-- beside the modules (`paa/data/*.txt`, `paa/lexicons/*.txt`) are found
-- here the same way, then on `package.path` (a host that puts the library
-- there, such as the stock `lua5.4` or busted).
-- @module paa.path

local M = {}

-- the loader's second argument: the file this module was loaded from
local FILE = select(2, ...)

--- The folder of the paa library (the one holding `paa/path.lua`), or nil
-- when this module was not loaded from a file.
M.lib = type(FILE) == "string" and FILE:match("^(.*)/paa/path%.lua$") or nil

-- whether the environment is to be ignored (paa -E, lua -E); where the
-- registry is out of reach (the sandbox), the host already chose
local function noenv()
  local ok, reg = pcall(debug.getregistry)
  return not ok or type(reg) ~= "table" or reg.LUA_NOENV == true
end

--- The folders paa's modules are looked for in, in order: the library,
-- then those of `PAA_PATH` (`;`-separated; not with `-E`). The library
-- comes first: no folder on `PAA_PATH` stands in for paa's own modules.
-- @treturn {string,...}
function M.folders()
  local dirs = {}
  if M.lib then dirs[1] = M.lib end
  local pp = not noenv() and os.getenv("PAA_PATH")
  if pp then
    for d in pp:gmatch("[^;]+") do dirs[#dirs + 1] = d end
  end
  return dirs
end

--- The template paa's modules are looked for with (as `package.path`):
-- `DIR/?.lua;DIR/?/init.lua` for each of `folders()`.
-- @treturn string
function M.path()
  local parts = {}
  for _, d in ipairs(M.folders()) do
    parts[#parts + 1] = d .. "/?.lua;" .. d .. "/?/init.lua"
  end
  return table.concat(parts, ";")
end

--- Find a data file of the library by module-style name, as
-- `package.searchpath` does: `searchpath("paa.data.outlets", "txt")`
-- looks for `paa/data/outlets.txt` in `folders()`, then on `package.path`.
-- @tparam string name dotted name
-- @tparam string ext the file's extension, without the dot
-- @treturn[1] string the file's path
-- @treturn[2] nil
-- @treturn[2] string the places tried
function M.searchpath(name, ext)
  local template = M.path()
  if type(package.path) == "string" and package.path ~= "" then
    template = template == "" and package.path or template .. ";" .. package.path
  end
  return package.searchpath(name, (template:gsub("%.lua", "." .. ext)))
end

return M
