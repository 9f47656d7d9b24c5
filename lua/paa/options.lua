--- paa.options: the one checker of option values, for the command line
-- of a report script (`paa.script`, strings) and the options tables of
-- library and session functions (Lua values). One wording for every
-- message: "--limit must be an integer of at least 1, not 'x'".
-- @module paa.options

local options = {}

--- "a", "a or b", "a, b or c".
-- @tparam {string,...} list
-- @treturn string
function options.either(list)
  if #list == 1 then return list[1] end
  return table.concat(list, ", ", 1, #list - 1) .. " or " .. list[#list]
end

--- What a number option must be: "a number in (0, 1]", "an integer of at
-- least 2".
-- @tparam table p `kind` (`"integer"` or `"number"`), `min`, `max`
--   (inclusive), `above`, `below` (exclusive)
-- @treturn string
function options.expectation(p)
  local noun = p.kind == "integer" and "an integer" or "a number"
  local lo, hi = p.min or p.above, p.max or p.below
  if lo and hi then
    return string.format("%s in %s%s, %s%s", noun, p.min and "[" or "(", lo, hi, p.max and "]" or ")")
  elseif lo then
    return string.format("%s %s %s", noun, p.min and "of at least" or "greater than", lo)
  elseif hi then
    return string.format("%s %s %s", noun, p.max and "of at most" or "less than", hi)
  end
  return noun
end

--- Check one value against its declaration.
-- @tparam table p `label` (how messages name it), `kind` (`"number"`,
--   `"integer"`, `"choice"` with `choices`; anything else is taken as it
--   is), and for numbers `min`, `max`, `above`, `below`
-- @param v the value: a string from a command line or a Lua value
-- @return[1] the value, typed (a number kind gives a float, integer an integer)
-- @treturn[2] nil
-- @treturn[2] string "LABEL must be EXPECTATION, not 'v'"
function options.check(p, v)
  if p.kind == "number" or p.kind == "integer" then
    local n = tonumber(v)
    if n then n = p.kind == "integer" and math.tointeger(n) or p.kind == "number" and n + 0.0 or nil end
    if not n or n ~= n or n == math.huge or n == -math.huge
       or (p.min and n < p.min) or (p.max and n > p.max)
       or (p.above and n <= p.above) or (p.below and n >= p.below) then
      return nil, string.format("%s must be %s, not '%s'", p.label, options.expectation(p), tostring(v))
    end
    return n
  elseif p.kind == "choice" then
    for _, c in ipairs(p.choices) do
      if c == v then return v end
    end
    return nil, string.format("%s must be %s, not '%s'", p.label, options.either(p.choices), tostring(v))
  end
  return v
end

--- An options table as a function takes it: `{}` for nil, the table
-- itself, else an error "WHO: options must be a table, got T".
-- @param opts
-- @tparam string who the function, for the message
-- @tparam[opt] integer level where the error points (default 3: the
--   caller of the function that checks)
-- @treturn table
function options.table(opts, who, level)
  if opts == nil then return {} end
  if type(opts) ~= "table" then
    error(who .. ": options must be a table, got " .. type(opts), level or 3)
  end
  return opts
end

--- One field of an options table, checked (see `check`), or its default
-- when absent; a wrong value raises "WHO: NAME must be ..., not 'v'".
-- @tparam table opts
-- @tparam string name the field
-- @tparam table p as for `check` (its `label` defaults to `name`)
-- @param default
-- @tparam string who the function, for the message
-- @tparam[opt] integer level default 3
-- @return the value
function options.field(opts, name, p, default, who, level)
  local v = opts[name]
  if v == nil then return default end
  if p.kind == "string" then
    if type(v) ~= "string" then error(string.format("%s: %s must be a string", who, name), level or 3) end
    return v
  end
  if (p.kind == "integer" or p.kind == "number") and type(v) ~= "number" then v = tostring(v) end
  p.label = p.label or name
  local ok, msg = options.check(p, v)
  if ok == nil then error(who .. ": " .. msg, level or 3) end
  return ok
end

return options
