-- paa.dedup.sha256: SHA-256 (FIPS 180-4) of a string's bytes, in hex.
local h = require "helpers"
local dedup = require "paa.dedup"

describe("paa.dedup.sha256", function()
  it("gives the FIPS 180-4 test vectors", function()
    assert.are.equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                     dedup.sha256(""))
    assert.are.equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                     dedup.sha256("abc"))
    assert.are.equal("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                     dedup.sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
    assert.are.equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
                     dedup.sha256(("a"):rep(1000000)))
  end)

  it("agrees with sha256sum around the padding's edges and on any byte", function()
    local dir = h.tmpdir()
    for _, n in ipairs { 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000 } do
      local s = {}
      for i = 1, n do s[i] = string.char((i * 37 + n) % 256) end
      s = table.concat(s)
      local file = h.write(dir .. "/" .. n, s)
      local out = h.sh("sha256sum " .. h.q(file))
      assert.are.equal(out:match("^%x+"), dedup.sha256(s), n .. " bytes")
    end
    h.cleanup()
  end)

  it("raises on a value that is not a string", function()
    assert.has_error(function() dedup.sha256({}) end)
    assert.are.equal(dedup.sha256("12"), dedup.sha256(12))  -- numbers are strings to Lua
  end)
end)
