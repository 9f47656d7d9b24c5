-- paa.inputs: the session's record of skipped inputs, telling each once,
-- the warn option's meaning, the progress line of an ingest, and what
-- the host asks at exit.
local h = require "tests.helpers"
local inputs = require "paa.inputs"

-- run 'code' with `paa -e`: stdout, stderr, exit status
local function run(code)
  return h.run { "-e", "local inputs = require 'paa.inputs' " .. code }
end

describe("paa.inputs", function()
  after_each(h.cleanup)

  it("names an input by its path, and its line in a JSONL file", function()
    assert.are.equal("a/b.txt", inputs.where { path = "a/b.txt" })
    assert.are.equal("f.jsonl:3", inputs.where { path = "f.jsonl", line = 3 })
    assert.are.equal("?", inputs.where {})
    assert.are.equal("f.jsonl:3: bad JSON; skipped",
      inputs.message { path = "f.jsonl", line = 3, reason = "bad JSON" })
    assert.are.equal("x: unreadable; skipped", inputs.message { path = "x" })
  end)

  it("counts each skipped input once however often it is met", function()
    inputs.forget()
    assert.are.equal(0, inputs.count())
    local seen = {}
    local function warn(msg, info) seen[#seen + 1] = { msg, info } end
    inputs.skip({ path = "a", reason = "empty file" }, warn)
    inputs.skip({ path = "a", reason = "empty file" }, warn)
    inputs.record { path = "b", line = 2, reason = "no text" }
    assert.are.equal(2, inputs.count())
    assert.same({ a = "empty file", ["b:2"] = "no text" }, inputs.skipped())
    -- a warn function hears of every meeting, with the record
    assert.are.equal(2, #seen)
    assert.are.equal("a: empty file; skipped", seen[2][1])
    assert.are.equal("a", seen[2][2].path)
    inputs.forget()
    assert.are.equal(0, inputs.count())
    assert.same({}, inputs.skipped())
  end)

  it("tells of a skipped input once per run on stderr, escaped", function()
    local out, err, status = run [[
      inputs.skip { path = "a\27[31m.txt", reason = "empty file" }
      inputs.skip { path = "a\27[31m.txt", reason = "empty file" }
      inputs.skip({ path = "quiet.txt", reason = "empty file" }, false)
      print(inputs.count())]]
    assert.are.equal("2\n", out)
    assert.are.equal("paa: a\\x1b[31m.txt: empty file; skipped\n" ..
      "paa: 2 inputs skipped (see the warnings above)\n", err)
    assert.are.equal(4, status)
  end)

  it("tells of notes each time, to the warn function, or not at all with false", function()
    local out, err = run [[
      inputs.note("n.txt: a note", { path = "n.txt", reason = "a note" })
      inputs.note("n.txt: a note", { path = "n.txt", reason = "a note" })
      inputs.note("n.txt: not this", {}, false)
      inputs.note("n.txt: to a function", {}, function(msg) print(msg) end)
      inputs.once("once")
      inputs.once("once")]]
    assert.are.equal("n.txt: to a function\n", out)
    assert.are.equal("paa: n.txt: a note\npaa: n.txt: a note\npaa: once\n", err)
  end)

  it("names at exit, in bytewise order, the inputs recorded and never told of", function()
    local _, err, status = run [[
      inputs.record { path = "z.txt", reason = "empty file" }
      inputs.record { path = "B.txt", reason = "binary file" }
      inputs.record { path = "f.jsonl", line = 2, reason = "no text" }
      inputs.skip { path = "f.jsonl", line = 2, reason = "no text" }]]
    assert.are.equal("paa: f.jsonl:2: no text; skipped\n" ..
      "paa: B.txt: binary file; skipped\n" ..
      "paa: z.txt: empty file; skipped\n" ..
      "paa: 3 inputs skipped (see the warnings above)\n", err)
    assert.are.equal(4, status)
  end)

  it("exits 0 when nothing was skipped, and leaves the count to the host", function()
    local out, err, status = run "print(inputs.count())"
    assert.are.equal("0\n", out)
    assert.are.equal("", err)
    assert.are.equal(0, status)
  end)

  it("ends the progress line before telling, draws it only when asked", function()
    local calls = {}
    local line = {
      show = function(_, files, bytes) calls[#calls + 1] = "show " .. files .. " " .. bytes end,
      endline = function() calls[#calls + 1] = "end" end,
    }
    local seen = {}
    do
      local tell <close> = inputs.ingest(line, true, function(msg) seen[#seen + 1] = msg end)
      tell.progress(1, 10)
      tell.skip { path = "e.txt", reason = "empty file" }  -- a warn function: the line stays
      tell.progress(2, 10)
    end
    assert.same({ "show 1 10", "show 2 10", "end" }, calls)
    assert.same({ "e.txt: empty file; skipped" }, seen)
    calls = {}
    do
      local tell <close> = inputs.ingest(line, false, false)
      assert.is_nil(tell.progress)
      tell.skip { path = "e.txt", reason = "empty file" }
    end
    assert.same({ "end", "end" }, calls)
    assert.are.equal(1, inputs.count())
    local ok, err = pcall(inputs.ingest, line, nil)
    assert.is_false(ok)
    assert.matches("paa.inputs: 'show' must be a boolean", err, 1, true)
  end)
end)
