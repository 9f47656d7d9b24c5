--- paa.lexicon: theme dictionaries compiled into one-pass matchers.
-- The C core (`paa.lexicon.core`, src/lpaa_lexicon.c) compiles and
-- counts; this module gives `load` its reader of `.lua` lexicon files,
-- which are data run in the restricted environment of `paa.restricted`.
-- docs/api.md describes every function.
-- @module paa.lexicon

local core = require "paa.lexicon.core"
local read_data = require("paa.restricted").data  -- kept: a script cannot swap it

local M = {}
for k, v in pairs(core) do M[k] = v end

--- Compile the lexicon file 'path' (`.lua`, or the word-list formats).
-- @tparam string path
-- @tparam[opt] table opts as for `lexicon.new`
-- @treturn[1] paa.Lexicon
-- @treturn[2] nil
-- @treturn[2] string what is wrong with the file, naming it
function M.load(path, opts)
  return core.load(path, opts, read_data)
end

return M
