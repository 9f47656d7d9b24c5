--- paa: the facade scripts start from.
-- `local paa = require "paa"` gives the version and every paa module.
-- @module paa

local core = require "paa.core"
local corpus = require "paa.corpus"

local paa = {
  version = core.version,   -- "0.1.0"
  core = core,
  corpus = corpus,
}

--- Open a corpus: files and folders of articles.
-- Same as `paa.corpus.open`.
-- @tparam string|{string,...} paths a file or folder, or a list of them
-- @tparam[opt] table opts `max_bytes`, `all_files`, `warn`
-- @treturn[1] paa.Corpus
-- @treturn[2] nil
-- @treturn[2] string why the corpus cannot be opened
function paa.open(paths, opts)
  return corpus.open(paths, opts)
end

return paa
