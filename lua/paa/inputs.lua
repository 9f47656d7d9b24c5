--- paa.inputs: what a run tells of its inputs.
-- The one place that keeps the session's record of skipped inputs (the
-- host's exit status 4 reads it), tells of each skipped input once per
-- run on stderr, gives the script's `warn` function (or its
-- `warn = false`) what it asked for, and decides when an ingest's
-- progress line is drawn. The C cores only report events: a corpus walk
-- and a store's ingest call the functions paa.corpus and paa.store make
-- here. docs/api.md describes every function.
-- @module paa.inputs

local type, pairs, ipairs, error, setmetatable = type, pairs, ipairs, error, setmetatable
local format = string.format
local sort, byte, min = table.sort, string.byte, math.min

local M = {}

-- the session: { ["path[:line]"] = reason } of every input skipped, and
-- { ["path[:line]"] = true } of those told of already (on stderr, to a
-- warn function, or silenced by 'warn = false')
local skipped, told, nskipped = {}, {}, 0
-- messages told once by 'M.once'
local said = {}

-- what a worker state would have told, while it captures: { index, msg,
-- where (of a skipped input) } in the order told
local captured

-- 'msg' on stderr after "paa: ", escaped as report.printable does (a
-- message names files, whose names may hold anything); kept instead
-- while capturing ('info', the input it is about, places it)
local function eprint(msg, info, where)
  if captured then
    captured[#captured + 1] = { info and info.index or 0, msg, where or false }
    return
  end
  io.stderr:write("paa: ", require("paa.report").printable(msg), "\n")  -- (unbuffered)
end

--- The name of an input in messages and in the record: `path`, or
-- `path:line` for a line of a JSONL file.
-- @tparam table info `{ path, line }`
-- @treturn string
function M.where(info)
  local path = info.path or "?"
  if info.line then return format("%s:%d", path, info.line) end
  return path
end

--- The message that tells of a skipped input: `"path[:line]: reason; skipped"`.
-- @tparam table info `{ path, line, reason }`
-- @treturn string
function M.message(info)
  return format("%s: %s; skipped", M.where(info), info.reason or "unreadable")
end

-- record 'info' in the session's set; its 'where'
local function record(info)
  local where = M.where(info)
  if info.reason == nil then info.reason = "unreadable" end
  if skipped[where] == nil then nskipped = nskipped + 1 end
  skipped[where] = info.reason
  return where
end

--- Record a skipped input without telling of it (a walk with
-- `warn = false`): it counts for the exit status, and is named at exit
-- unless a later pass tells of it.
-- @tparam table info `{ path, line, source, reason }`
function M.record(info)
  record(info)
end

--- Record a skipped input and tell of it: `warn(message, info)` when
-- `warn` is a function (each time), nothing when it is false, else one
-- line on stderr the first time in the run.
-- @tparam table info `{ path, line, source, reason, skipped = true }`
-- @tparam function|false|nil warn the script's warn option
function M.skip(info, warn)
  local where = record(info)
  local before = told[where]
  told[where] = true
  if type(warn) == "function" then warn(M.message(info), info)
  elseif warn == nil and not before then eprint(M.message(info), info, where) end
end

--- Tell of something about a document that was read (a note): `warn(msg,
-- info)`, nothing when `warn` is false, else a line on stderr each time.
-- @tparam string msg the message
-- @tparam table info `{ path, line, source, reason }`
-- @tparam function|false|nil warn the script's warn option
function M.note(msg, info, warn)
  if type(warn) == "function" then warn(msg, info)
  elseif warn == nil then eprint(msg, info) end
end

--- A warn function that writes each distinct message once per run on
-- stderr (the interactive session's, whose walks meet the same notes).
-- @tparam string msg
function M.once(msg)
  if said[msg] then return end
  said[msg] = true
  eprint(msg)
end

--- How many distinct inputs were skipped so far in this run (each file,
-- folder or JSONL line once however often it was read).
-- @treturn integer
function M.count()
  return nskipped
end

--- The session's skipped inputs.
-- @treturn table `{ ["path[:line]"] = reason }` (a copy)
function M.skipped()
  local t = {}
  for k, v in pairs(skipped) do t[k] = v end
  return t
end

-- bytewise order, whatever the locale
local function bytewise(a, b)
  for i = 1, min(#a, #b) do
    local x, y = byte(a, i), byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end

--- At the end of a run: name, in order, the skipped inputs no pass told
-- of (a quiet first pass met them and the pass meant to tell did not,
-- the file gone between the two), so the exit status never speaks of
-- warnings nobody saw. The host calls this once, at exit.
-- @treturn integer how many inputs were skipped in the run
function M.finish()
  local names = {}
  for where in pairs(skipped) do
    if not told[where] then names[#names + 1] = where end
  end
  sort(names, bytewise)
  for _, where in ipairs(names) do
    told[where] = true
    eprint(format("%s: %s; skipped", where, skipped[where]))
  end
  return nskipped
end

--- Capture what this state would tell on stderr, for `export` (a
-- worker state of paa.parallel, whose messages the main state tells).
function M.capture()
  captured = captured or {}
end

--- What this state captured and recorded: for `import`.
-- @treturn table `{ skipped = { [where] = reason }, told = { [where] = true },
--   lines = { { index, message, where or false } } }`
function M.export()
  return { skipped = M.skipped(), told = told, lines = captured or {} }
end

--- Take over what worker states exported, in their order: their
-- skipped inputs count here; their lines are told on stderr in the order
-- of the inputs they are about (a skipped input only if not told yet).
-- @tparam table list of `export` results
function M.import(list)
  local lines = {}
  for w, x in ipairs(list) do
    for where, reason in pairs(x.skipped) do
      if skipped[where] == nil then nskipped = nskipped + 1 end
      skipped[where] = reason
    end
    for seq, l in ipairs(x.lines) do lines[#lines + 1] = { l[1], w, seq, l[2], l[3] } end
  end
  sort(lines, function(a, b)
    if a[1] ~= b[1] then return a[1] < b[1] end
    if a[2] ~= b[2] then return a[2] < b[2] end
    return a[3] < b[3]
  end)
  for _, l in ipairs(lines) do
    local where = l[5]
    if not (where and told[where]) then eprint(l[4]) end
    if where then told[where] = true end
  end
  for _, x in ipairs(list) do
    for where in pairs(x.told) do told[where] = true end
  end
end

--- Forget every skipped input and message told (for tests, and hosts
-- that run several jobs in one Lua state).
function M.forget()
  skipped, told, said, nskipped = {}, {}, {}, 0
end

--- How an ingest tells of its inputs and shows its progress.
-- @param line the ingest's progress line (a `paa.Progress` of paa.store's
-- core, over libpaa's paa_progress_*)
-- @tparam boolean show draw the line
-- @tparam function|false|nil warn the script's warn option
-- @treturn table `{ skip = f(info), progress = f(files, bytes) or nil,
-- done = f() }`, for the ingest's callbacks and its end; closing it (a
-- `<close>` variable) calls `done`
function M.ingest(line, show, warn)
  if type(show) ~= "boolean" then error("paa.inputs: 'show' must be a boolean", 2) end
  local function done() line:endline() end
  return setmetatable({
    skip = function(info)
      if not warn then line:endline() end  -- the message goes below the line
      M.skip(info, warn)
    end,
    progress = show and function(files, bytes) line:show(files, bytes) end or nil,
    done = done,
  }, { __close = done })
end

return M
