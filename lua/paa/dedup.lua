--- paa.dedup: content hashes, SimHash, MinHash, LSH and boilerplate.
-- The C core (`paa.dedup.core`, src/lpaa_dedup.c) does the work; this
-- module adds the learning of a boilerplate model from a corpus, whose
-- walk it drives. docs/api.md describes every function.
-- @module paa.dedup

local core = require "paa.dedup.core"

local type, getmetatable = type, getmetatable

local M = {}
for k, v in pairs(core) do
  if k ~= "Boilerplate" then M[k] = v end  -- (the methods, for paa.corpus)
end

-- does 'docs' walk like a corpus (a 'docs' method)?
local function walks(docs)
  local t = type(docs)
  if t == "table" then return type(docs.docs) == "function" end
  if t ~= "userdata" then return false end
  local mt = getmetatable(docs)
  local index = type(mt) == "table" and mt.__index
  return type(index) == "table" and type(index.docs) == "function"
end

--- Learn a boilerplate model.
-- @tparam table|paa.Corpus|function docs an array of texts or `{ text,
-- source }` tables, a corpus (walked once with `docs()`), or an iterator
-- function giving them until nil
-- @tparam[opt] table opts `min_docs`, `min_repeats`, `short_words`,
-- `list_lines`, `template_words`, `copy_share`, `phrases`
-- @treturn paa.Boilerplate
function M.boilerplate(docs, opts)
  if not walks(docs) then return core.boilerplate(docs, opts) end
  local iter, state, control, closer <close> = docs:docs()  -- luacheck: ignore closer (closes the walk)
  return core.boilerplate(function()
    control = iter(state, control)
    return control
  end, opts)
end

return M
