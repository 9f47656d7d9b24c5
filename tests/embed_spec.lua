-- paa is embeddable three ways: libpaa for C, the paa Lua module for any
-- Lua 5.4 host, and the paa executable. Each is proven here for real,
-- in the build tree and after 'cmake --install'.
local h = require "helpers"

-- a small corpus made here, so the expected numbers are known
local function fixture()
  local dir = h.tmpdir()
  h.write(dir .. "/wire/a.txt", "---\ntitle: A\ndate: 2025-01-02\n---\nOne two three.\n")
  h.write(dir .. "/wire/b.md", "# B\n\nFour five.\n")
  h.write(dir .. "/post/c.txt", "Six seven eight nine.\n")
  return dir
end

local LUA_READ = [[
local paa = require "paa"
local c = assert(paa.open(arg[1]))
for d in c:docs() do io.write(d.id, " ", d.source, " ", d.words, "\n") end
local bp = c:boilerplate()
io.write(paa.dedup.fingerprint("A b") == paa.dedup.fingerprint("a  B!") and "dedup " or "?",
         bp:stats().documents, "\n")
io.write(paa.version, "\n")
]]

local EXPECTED = "post/c.txt post 4\nwire/a.txt wire 3\nwire/b.md wire 3\ndedup 3\n"

-- run LUA_READ over a fresh fixture with the stock lua5.4 and these paths
local function stock_lua(lua_path, lua_cpath)
  local script = h.write(h.tmpdir() .. "/read.lua", LUA_READ)
  return h.sh("LUA_PATH=" .. h.q(lua_path) .. " LUA_CPATH=" .. h.q(lua_cpath) ..
              " lua5.4 " .. h.q(script) .. " " .. h.q(fixture()))
end

describe("embedding", function()
  after_each(h.cleanup)

  it("stock lua5.4 requires the built module and reads a corpus", function()
    local out, err, status = stock_lua("lua/?.lua;lua/?/init.lua;;", h.abs(h.build) .. "/?.so;;")
    assert.are.equal(0, status, err)
    assert.are.equal(EXPECTED .. "0.1.0\n", out)
  end)

  it("a C program links libpaa and reads a corpus without Lua", function()
    local dir = fixture()
    local out, err, status = h.sh(h.q(h.build .. "/examples/paa-sources") .. " " .. h.q(dir))
    assert.are.equal(0, status, err)
    assert.are.equal("source\tdocs\twords\npost\t1\t4\nwire\t2\t6\nlibpaa 0.1.0\n", out)
  end)

  describe("after cmake --install", function()
    local prefix
    setup(function()
      prefix = os.tmpname()
      os.remove(prefix)
      local _, err, status = h.sh("cmake --install " .. h.q(h.build) .. " --prefix " .. h.q(prefix))
      assert(status == 0, err)
    end)
    teardown(function() os.execute("rm -rf " .. h.q(prefix)) end)

    it("installs the host, library, header, pkg-config file, module and scripts", function()
      for _, f in ipairs { "bin/paa", "include/paa.h", "lib/libpaa.a", "lib/libpaa.so",
                           "lib/pkgconfig/paa.pc", "lib/lua/5.4/paa.so",
                           "share/lua/5.4/paa/init.lua", "share/paa/scripts/overview.lua",
                           "share/paa/scripts/dupes.lua" } do
        assert.is_true(io.open(prefix .. "/" .. f) ~= nil, f .. " is missing")
      end
    end)

    it("the installed paa finds its library and runs scripts", function()
      local dir = fixture()
      local script = h.write(h.tmpdir() .. "/read.lua", LUA_READ)
      local out, err, status = h.sh("cd / && " .. h.q(prefix .. "/bin/paa") .. " " .. h.q(script) .. " " .. h.q(dir))
      assert.are.equal(0, status, err)
      assert.are.equal(EXPECTED .. "0.1.0\n", out)
      out, err, status = h.sh(h.q(prefix .. "/bin/paa") .. " " ..
        h.q(prefix .. "/share/paa/scripts/overview.lua") .. " " .. h.q(dir))
      assert.are.equal(0, status, err)
      assert.matches("3 documents from 2 sources", out)
    end)

    it("stock lua5.4 loads the installed module from the prefix's standard places", function()
      local share = prefix .. "/share/lua/5.4"
      local out, err, status = stock_lua(share .. "/?.lua;" .. share .. "/?/init.lua",
                                         prefix .. "/lib/lua/5.4/?.so")
      assert.are.equal(0, status, err)
      assert.are.equal(EXPECTED .. "0.1.0\n", out)
    end)

    it("a C program builds against the installed libpaa with pkg-config", function()
      local dir = fixture()
      local exe = h.tmpdir() .. "/sources"
      local pc = "PKG_CONFIG_PATH=" .. h.q(prefix .. "/lib/pkgconfig")
      local _, err, status = h.sh(pc .. " cc examples/sources.c $(" .. pc ..
        " pkg-config --cflags --libs paa) -o " .. h.q(exe))
      assert.are.equal(0, status, err)
      local out
      out, err, status = h.sh("LD_LIBRARY_PATH=" .. h.q(prefix .. "/lib") .. " " .. h.q(exe) .. " " .. h.q(dir))
      assert.are.equal(0, status, err)
      assert.are.equal("source\tdocs\twords\npost\t1\t4\nwire\t2\t6\nlibpaa 0.1.0\n", out)
      local version = h.sh(pc .. " pkg-config --modversion paa")
      assert.are.equal("0.1.0\n", version)
    end)
  end)
end)
