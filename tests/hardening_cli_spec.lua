-- The host's command line and inputs under hostile conditions: option
-- values that look like options, FIFOs, files that vanish between passes.
local h = require "helpers"

-- paa run in folder 'dir', under 'timeout' so that a hang fails the spec
-- instead of the run
local function run_in(dir, args, env)
  local parts = {}
  for _, a in ipairs(args) do parts[#parts + 1] = h.q(a) end
  return h.sh(string.format("cd %s && %s timeout 10 %s %s", h.q(dir), env or "",
                            h.q(h.abs(h.build) .. "/paa"), table.concat(parts, " ")))
end

describe("hardening: the command line", function()
  after_each(h.cleanup)

  describe("--db FILE", function()
    -- 'news.db' and 'alpha.db' were read as '-e ws.db' and '-l pha.db'
    for _, name in ipairs { "news.db", "alpha.db", "le.db", "ee", "xW.db", "vi.db" } do
      it("takes " .. name .. " as the store, not as a short option", function()
        local dir = h.tmpdir()
        local out, err, status = run_in(dir, { "--db", name, "-e", "print(require('paa.core').db())" })
        assert.are.equal("", err)
        assert.are.equal(0, status)
        assert.are.equal(name .. "\n", out)
      end)
    end

    it("takes --db=FILE too", function()
      local out, err, status = run_in(h.tmpdir(), { "--db=news.db", "-e", "print(require('paa.core').db())" })
      assert.are.equal(0, status, err)
      assert.are.equal("news.db\n", out)
    end)

    it("runs the README's example: paa --db news.db scripts/overview.lua corpus/", function()
      local dir, src = h.tmpdir(), h.abs(".")
      local out, err, status = run_in(dir, { "--db", "news.db", src .. "/scripts/overview.lua", src .. "/corpus/" })
      assert.are.equal(0, status, err)
      h.has("Corpus overview", out)
      local f = io.open(dir .. "/news.db", "rb")
      assert.is_not_nil(f, "the store was not written")
      assert.are.equal("SQLite format 3\0", f:read(16))
      f:close()
    end)

    it("says what is missing when --db has no file", function()
      local _, err, status = run_in(h.tmpdir(), { "--db" })
      assert.are.equal(2, status)
      h.has("paa: '--db' needs a file\n", err)
    end)
  end)
end)

describe("hardening: FIFOs", function()
  after_each(h.cleanup)

  -- a folder holding a FIFO named 'name'
  local function fifo_dir(name)
    local dir = h.tmpdir()
    assert(os.execute("mkfifo " .. h.q(dir .. "/" .. name)))
    return dir
  end

  local function refused(err, status, what)
    assert.are_not.equal(124, status, "timed out: the FIFO blocked paa")
    assert.are_not.equal(0, status)
    h.has(what .. ": not a regular file (a FIFO)", err)
    assert.are.equal(1, h.occurrences(err, "FIFO"), err)
  end

  it("refuses a FIFO as the CORPUS argument", function()
    local dir, src = fifo_dir("x.txt"), h.abs(".")
    local _, err, status = run_in(dir, { src .. "/scripts/overview.lua", "x.txt" })
    refused(err, status, "cannot open 'x.txt' (CORPUS)")
  end)

  it("refuses a FIFO as --gazetteer and --lexicon", function()
    local dir, src = fifo_dir("x.txt"), h.abs(".")
    local _, err, status = run_in(dir, { src .. "/scripts/deals.lua", "--gazetteer", "x.txt", src .. "/corpus" })
    refused(err, status, "cannot open 'x.txt' (--gazetteer)")
    _, err, status = run_in(dir, { src .. "/scripts/tensions.lua", "--lexicon", "x.txt", src .. "/corpus" })
    refused(err, status, "cannot open 'x.txt' (--lexicon)")
  end)

  it("refuses a FIFO given to the loaders themselves", function()
    local dir = fifo_dir("x.txt")
    for _, call in ipairs { 'require("paa.orgs").load_gazetteer("x.txt")', 'require("paa.lexicon").load("x.txt")',
                            'require("paa.cited").load("x.txt")', 'require("paa.fx").load("x.txt")' } do
      local out, err, status = run_in(dir, { "-e", "print(" .. call .. ")" })
      assert.are.equal(0, status, err)
      assert.are.equal("nil\tcannot open 'x.txt': not a regular file (a FIFO)\n", out)
    end
  end)

  it("refuses a FIFO as the --db store", function()
    local dir, src = fifo_dir("x.db"), h.abs(".")
    local _, err, status = run_in(dir, { "--db", "x.db", src .. "/scripts/overview.lua", src .. "/corpus" })
    refused(err, status, "x.db: cannot open")
  end)

  -- the walk lists a folder, then reads its files one by one: a file
  -- turned into a FIFO in between is skipped, and the walk goes on
  for _, ext in ipairs { "txt", "jsonl" } do
    it("skips a ." .. ext .. " file replaced by a FIFO during the walk", function()
      local dir = h.tmpdir()
      local body = ext == "txt" and "Some text.\n" or '{"text": "Some text."}\n'
      h.write(dir .. "/c/a." .. ext, body)
      h.write(dir .. "/c/b." .. ext, body)
      h.write(dir .. "/walk.lua", [[
        local c = assert(require("paa.corpus").open("c"))
        local n = 0
        for doc in c:docs() do
          n = n + 1
          if n == 1 then
            local other = doc.path:find("a%.") and "c/b.]] .. ext .. [[" or "c/a.]] .. ext .. [["
            assert(os.remove(other))
            assert(os.execute("mkfifo " .. other))
          end
        end
        print(n)
      ]])
      local out, err, status = run_in(dir, { "walk.lua" })
      assert.are_not.equal(124, status, "timed out: the FIFO blocked the walk")
      assert.are.equal("1\n", out)
      assert.matches("^paa: c/[ab]%." .. ext .. ": cannot read: not a regular file %(a FIFO%); skipped\n" ..
                     "paa: 1 input skipped %(see the warnings above%)\n$", err)
      assert.are.equal(4, status)
    end)
  end

  it("keeps paa.corpus.open_file inside the sandbox's reads", function()
    local dir = h.tmpdir()
    h.write(dir .. "/s.lua", 'print(pcall(require("paa.corpus").open_file, "/etc/hostname"))')
    local out, err, status = run_in(dir, { "--sandbox", "s.lua" })
    assert.are.equal(0, status, err)
    h.has("false\t", out)
    h.has("paa.sandbox: cannot read /etc/hostname", out)
  end)

  it("lists the scripts beside a FIFO named *.lua", function()
    local dir = fifo_dir("a.lua")
    h.write(dir .. "/b.lua", 'local s = require("paa").script{ name = "bee", description = "B." }\n')
    local out, err, status = run_in(dir, { "--list" }, "PAA_PATH= XDG_DATA_HOME=" .. h.q(dir .. "/none"))
    assert.are_not.equal(124, status, "timed out: the FIFO blocked --list")
    assert.are.equal(0, status, err)
    h.has("bee", out)
  end)
end)

describe("hardening: every skipped input is named once", function()
  after_each(h.cleanup)

  -- a corpus c/ of two articles and a script that walks it with 'walks'
  -- (Lua code using 'c', the corpus, and 'gone()', which deletes the
  -- article not read first, at the first document of the walk it is in)
  local function two_pass(walks)
    local dir = h.tmpdir()
    local text = "A paragraph of the article, long enough to be one.\n\nThe promo line that repeats.\n"
    h.write(dir .. "/c/a.txt", "Alpha. " .. text)
    h.write(dir .. "/c/b.txt", "Beta. " .. text)
    h.write(dir .. "/walk.lua", [[
      local c = assert(require("paa.corpus").open("c"))
      local done = false
      local function gone(doc)
        if done then return end
        done = true
        assert(os.remove(doc.path:find("a%.txt$") and "c/b.txt" or "c/a.txt"))
      end
    ]] .. walks)
    return run_in(dir, { "walk.lua" })
  end

  local function named_once(err, status)
    assert.are.equal(4, status, err)
    assert.are.equal(1, h.occurrences(err, ".txt: cannot read: No such file or directory; skipped\n"), err)
    assert.matches("^paa: c/[ab]%.txt: cannot read: No such file or directory; skipped\n" ..
                   "paa: 1 input skipped %(see the warnings above%)\n$", err)
  end

  it("names a file gone between the learning walk and the quiet clean walk", function()
    -- docs{ clean = true } learns the model in a walk of its own, then
    -- walks quietly: the learning walk saw the file, the quiet one did not
    local out, err, status = two_pass([[
      local n = 0
      for doc in c:docs{ clean = true } do gone(doc); n = n + 1 end
      print(n)
    ]])
    assert.are.equal("1\n", out)
    named_once(err, status)
  end)

  it("names a file a docs{ warn = false } pass skipped and no later pass met", function()
    local _, err, status = two_pass([[
      for doc in c:docs{ warn = false } do gone(doc) end
      for _ in c:docs() do end
    ]])
    named_once(err, status)
  end)

  it("names a skipped file once however many walks meet it", function()
    local dir = h.tmpdir()
    h.write(dir .. "/c/empty.txt", "")
    h.write(dir .. "/c/ok.txt", "Some text.\n")
    h.write(dir .. "/walk.lua", [[
      local c = assert(require("paa.corpus").open("c"))
      for _ = 1, 3 do for _ in c:docs() do end end
      for _ in c:docs{ clean = true } do end
      local store = assert(require("paa.store").open(":memory:"))
      assert(store:ingest(c))
    ]])
    local _, err, status = run_in(dir, { "walk.lua" })
    assert.are.equal(4, status, err)
    assert.are.equal("paa: c/empty.txt: empty file; skipped\n" ..
                     "paa: 1 input skipped (see the warnings above)\n", err)
  end)
end)

describe("hardening: paa --list and hostile headers", function()
  after_each(h.cleanup)

  it("lists the other scripts when headers hang in C, eat memory or loop", function()
    local dir = h.tmpdir()
    -- backtracking in C: no count hook runs inside string.find
    h.write(dir .. "/a_regex.lua", 'local x = ("a"):rep(40):find(("a*"):rep(40) .. "b")\n'
      .. 'local s = require("paa").script{ name = "regex" }\n')
    -- 2^28 bytes and the copies that make it: far past the cap, not past the machine
    h.write(dir .. "/b_memory.lua", 'local s = "x" for _ = 1, 28 do s = s .. s end\n'
      .. 'local t = require("paa").script{ name = "memory" }\n')
    h.write(dir .. "/c_loop.lua", 'while true do end\nlocal t = require("paa").script{ name = "loop" }\n')
    h.write(dir .. "/d_good.lua", 'local s = require("paa").script{ name = "good", version = "1.2", '
      .. 'description = "A good one. Really." }\n')
    local parts = { "cd " .. h.q(dir), "&&", "PAA_PATH= XDG_DATA_HOME=" .. h.q(dir .. "/none"),
                    "/usr/bin/time -f 'rss=%M'", "timeout 30", h.q(h.abs(h.build) .. "/paa"), "--list" }
    local out, err, status = h.sh(table.concat(parts, " "))
    assert.are_not.equal(124, status, "timed out: a header hung --list")
    assert.are.equal(4, status, err)
    assert.matches("\ngood +1%.2 +A good one%. +d_good%.lua\n", out)
    assert.is_nil(out:find("regex", 1, true))
    h.has("paa: a_regex.lua: ran for more than 2 s; not listed\n", err)
    h.has("paa: b_memory.lua: needed more than 64 MB; not listed\n", err)
    h.has("paa: c_loop.lua: ran more than a million instructions before paa.script{}; not listed\n", err)
    -- the child that hit the cap counts in the peak: bounded by it
    local rss = tonumber(err:match("rss=(%d+)"))
    if not h.sanitize then assert.is_true(rss < 256 * 1024, "peak RSS " .. rss .. " KB") end
  end)
end)
