-- What the built binaries export: libpaa.so its paa_* API and nothing
-- else, paa.so and the paa host only the luaopen_paa_* entry points (the
-- host takes the Lua API from liblua, which it exports to C modules),
-- paa_fts5.so only sqlite3_paafts_init.
local h = require "helpers"

-- names defined in the dynamic symbol table of 'file' (nm -D --defined-only)
local function exported(file)
  local out, err, status = h.sh("nm -D --defined-only " .. h.q(file))
  assert(status == 0, err)
  local names = {}
  for line in out:gmatch("[^\n]+") do
    local kind, name = line:match("^%x*%s+(%a)%s+(%S+)$")
    if name then names[#names + 1] = { name = name, kind = kind } end
  end
  assert(#names > 0, "no symbols read from " .. file)
  return names
end

-- the symbols of 'file' that 'allowed(name, kind)' refuses
local function strays(file, allowed)
  local bad = {}
  for _, s in ipairs(exported(file)) do
    if not allowed(s.name, s.kind) then bad[#bad + 1] = s.name end
  end
  return bad
end

-- what every executable carries: the C runtime's start-up symbols, and
-- copies of the variables of the shared libraries it uses (copy
-- relocations: stdout@GLIBC..., readline's rl_* settings)
local RUNTIME = { _start = true, _init = true, _fini = true, _IO_stdin_used = true,
                  __bss_start = true, __data_start = true, data_start = true,
                  _edata = true, _end = true, __dso_handle = true }
-- (and, in a sanitizer build, a variable of AddressSanitizer's runtime)
local SANITIZE = h.sanitize
local function runtime(name, kind)
  return RUNTIME[name] or name:find("@") ~= nil
      or (name:find("^rl_") ~= nil and (kind == "B" or kind == "D"))
      or (SANITIZE and name:find("^__asan_") ~= nil)
end

local function luaopen(name) return name:find("^luaopen_paa_%l+$") ~= nil or name:find("^luaopen_paa_%l+_core$") ~= nil end

describe("exported symbols", function()
  it("libpaa.so exports paa_* only", function()
    assert.are.same({}, strays(h.build .. "/libpaa.so", function(name)
      return name:find("^paa_") ~= nil
    end))
  end)

  it("libpaa.so exports every function paa.h declares", function()
    local have = {}
    for _, s in ipairs(exported(h.build .. "/libpaa.so")) do have[s.name] = true end
    local missing, declared = {}, 0
    for line in io.lines("src/paa.h") do
      local name = line:match("^PAA_API [^(]-%f[%w_](paa_[%w_]+)%(")
      if name then
        declared = declared + 1
        if not have[name] then missing[#missing + 1] = name end
      end
    end
    assert.is_true(declared > 80, "paa.h read wrong: " .. declared .. " declarations")
    assert.are.same({}, missing)
  end)

  it("paa.so, the Lua module, exports its luaopen_paa_* only", function()
    assert.are.same({}, strays(h.build .. "/paa.so", luaopen))
  end)

  it("paa_fts5.so, the SQLite extension, exports its entry point only and needs no libsqlite3", function()
    assert.are.same({}, strays(h.build .. "/paa_fts5.so", function(name)
      return name == "sqlite3_paafts_init"
    end))
    local out, _, status = h.sh("nm -D --defined-only " .. h.q(h.build .. "/paa_fts5.so"))
    assert.are.equal(0, status)
    assert.matches(" T sqlite3_paafts_init\n", out, 1, true)
    -- SQLite's functions come from the program that loads it
    out = h.sh("nm -D --undefined-only " .. h.q(h.build .. "/paa_fts5.so"))
    assert.is_nil(out:find("sqlite3_", 1, true))
  end)

  it("the paa host exports its luaopen_paa_* and the Lua API only", function()
    assert.are.same({}, strays(h.paa, function(name, kind)
      return luaopen(name) or name:find("^luaL?_") ~= nil or runtime(name, kind)
    end))
  end)

  it("the paa host still gives C modules the Lua API (liblua is exported)", function()
    local out, _, status = h.sh("nm -D " .. h.q(h.paa))
    assert.are.equal(0, status)
    assert.matches("U lua_pushcclosure", out, 1, true)
    -- and a C module built for Lua 5.4 (paa.so itself) loads into it
    local so = h.abs(h.build) .. "/paa.so"
    out = h.sh(h.q(h.paa) .. " -e " .. h.q("print(assert(package.loadlib(" ..
               string.format("%q", so) .. ", 'luaopen_paa_text'))().normalize('a\u{2019}b'))"))
    assert.are.equal("a'b\n", out)
  end)
end)
