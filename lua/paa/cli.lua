--- paa.cli: the command line of a report script.
-- Options `--name VALUE` (or `--name=VALUE`), flags `--name`, repeated
-- options, positional arguments, `--help`; a mistake stops the script with
-- a one-line message and its usage (exit status 1, through `paa.fail`).
-- Superseded by `paa.script` (a declared header, argparse underneath, exit
-- status 2 for wrong arguments); kept for scripts written against it and
-- for `paa.fail`.
-- @module paa.cli

local cli = {}

local function fail(msg, usage)
  io.stderr:write("paa: ", msg, "\n")
  if usage then io.stderr:write("usage: ", usage, "\n") end
  os.exit(1)
end

-- check and convert one value of option 'name' described by 'o'
local function convert(name, o, v, usage)
  local kind = o.kind or "string"
  if kind == "number" or kind == "integer" then
    local n = tonumber(v)
    if kind == "integer" then n = n and math.tointeger(n) end
    if not n or (o.min and n < o.min) or (o.max and n > o.max) or (o.above and n <= o.above) then
      fail(string.format("--%s %s", name, o.expect or ("must be " .. (kind == "integer" and
        "an integer" or "a number"))), usage)
    end
    return n
  elseif kind == "choice" then
    for _, c in ipairs(o.choices) do
      if c == v then return v end
    end
    local list = table.concat(o.choices, ", ", 1, #o.choices - 1)
    fail(string.format("--%s must be %s or %s", name, list, o.choices[#o.choices]), usage)
  end
  return v
end

--- Parse a script's arguments.
-- @tparam table argv the script's `arg`
-- @tparam table spec `usage` (one line), `help` (text after it),
--   `options` `{ [name] = { kind = "string"|"number"|"integer"|"choice"|
--   "flag", default, list = true (repeatable, values in an array),
--   choices, min, max, above (a number must be greater), expect (the
--   message's end: "must be in (0, 1]") } }`; names are written as on the
--   command line (`min-docs`) and come back with `_` (`min_docs`)
-- @treturn table the options, defaults filled in
-- @treturn table the positional arguments
function cli.parse(argv, spec)
  local opts, rest, usage = {}, {}, spec.usage
  for name, o in pairs(spec.options) do
    local key = name:gsub("-", "_")
    if o.list then opts[key] = {} else opts[key] = o.default end
  end
  local i = 1
  while i <= #argv do
    local a = argv[i]
    if a == "--help" or a == "-h" then
      print("usage: " .. usage .. (spec.help and "\n\n" .. spec.help or ""))
      os.exit(0)
    elseif a == "--" then
      for k = i + 1, #argv do rest[#rest + 1] = argv[k] end
      break
    elseif a:sub(1, 2) == "--" then
      local name, value = a:match("^%-%-([^=]+)=(.*)$")
      name = name or a:sub(3)
      local o = spec.options[name]
      if not o then fail("unknown option '--" .. name .. "'", usage) end
      local key = name:gsub("-", "_")
      if o.kind == "flag" then
        if value then fail("--" .. name .. " takes no value", usage) end
        opts[key] = true
      else
        if not value then
          i = i + 1
          value = argv[i]
          if value == nil then fail("option '--" .. name .. "' needs a value", usage) end
        end
        value = convert(name, o, value, usage)
        if o.list then opts[key][#opts[key] + 1] = value else opts[key] = value end
      end
    else
      rest[#rest + 1] = a
    end
    i = i + 1
  end
  return opts, rest
end

cli.fail = fail

return cli
