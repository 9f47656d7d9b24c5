-- tools/paa-dask (build/paa-dask) on a real Dask cluster on this machine:
-- a scheduler and two workers of one thread each, started as
-- docs/cluster.md says (without nannies). The reports are byte for byte those of `paa -j 1`, also
-- when a worker is killed while it maps. Pending where Dask
-- (python3-distributed) is not installed. The scheduler and the workers
-- each run in a process group of their own, stopped at the end whatever
-- happened.
local h = require "helpers"
local cjson = require "cjson"

local DRIVER = h.build .. "/paa-dask"
local BBC = "../shared/corpus/bbc"  -- the shared corpus, beside the checkout
local DASK = select(3, h.sh("command -v dask-scheduler && command -v dask-worker")) == 0

local dir, address  -- the cluster's folder and the scheduler's address
local groups = {}   -- name -> process group id (the process that leads it)

-- run 'cmd' in the background, in a session of its own; its log is
-- dir/NAME.log
local function start(name, cmd)
  local pidfile = dir .. "/" .. name .. ".pid"
  h.sh(string.format("setsid sh -c %s >%s 2>&1 &",
    h.q("echo $$ >" .. h.q(pidfile) .. "; exec " .. cmd), h.q(dir .. "/" .. name .. ".log")))
  for _ = 1, 100 do
    local pid = tonumber((h.slurp(pidfile):match("%d+")))
    if pid then groups[name] = pid; return pid end
    h.sh("sleep 0.1")
  end
  error("could not start " .. name .. ": " .. h.slurp(dir .. "/" .. name .. ".log"))
end

-- whether a process of the group is left (sh is dash: no `kill --`)
local function alive(pgid)
  return select(3, h.sh("kill -0 -" .. pgid)) == 0
end

-- whether the group ends within 'seconds'
local function ends(pgid, seconds)
  for _ = 1, seconds * 10 do
    if not alive(pgid) then return true end
    h.sh("sleep 0.1")
  end
  return not alive(pgid)
end

-- TERM each group, then KILL what is left
local function stop_all()
  for _, pgid in pairs(groups) do h.sh("kill -TERM -" .. pgid) end
  for _, pgid in pairs(groups) do
    if not ends(pgid, 5) then h.sh("kill -KILL -" .. pgid) end
  end
  groups = {}
end

local function start_cluster()
  dir = h.abs(h.tmpdir())
  -- the scheduler picks a free port and writes its address to a file;
  -- it closes by itself after five idle minutes, should this spec die
  start("scheduler", "dask-scheduler --host 127.0.0.1 --port 0 --no-dashboard --idle-timeout 300s " ..
    "--scheduler-file " .. h.q(dir .. "/scheduler.json"))
  for _ = 1, 300 do
    local ok, info = pcall(cjson.decode, h.slurp(dir .. "/scheduler.json"))
    if ok and type(info) == "table" and info.address then address = info.address; break end
    h.sh("sleep 0.1")
  end
  assert(address, "the scheduler did not start: " .. h.slurp(dir .. "/scheduler.log"))
  -- no nanny: a killed worker stays dead
  for _, name in ipairs { "worker1", "worker2" } do
    start(name, "dask-worker " .. h.q(address) .. " --nthreads 1 --no-dashboard --no-nanny " ..
      "--death-timeout 60 --local-directory " .. h.q(dir .. "/" .. name))
  end
  local _, err, status = h.sh("timeout 60 /usr/bin/python3 -c " .. h.q(
    "import sys; from distributed import Client; c = Client(sys.argv[1], timeout=30); " ..
    "c.wait_for_workers(2, timeout=45); c.close()") .. " " .. h.q(address))
  assert(status == 0, "the workers did not register: " .. err .. h.slurp(dir .. "/worker1.log"))
end

-- paa-dask with 'args' (shell-quoted): stdout, stderr, status
local function dask(args, env)
  local parts = {}
  for _, a in ipairs(args) do parts[#parts + 1] = h.q(a) end
  return h.sh((env or "") .. " timeout 100 " .. h.q(DRIVER) .. " " .. table.concat(parts, " "))
end

-- the same report by `paa -j 1` and by paa-dask on the cluster
local function same_report(args, opts)
  local ref, _, ref_status = h.run({ "-j", "1", table.unpack(args) })
  local dargs = opts and opts.shards and { "--shards", tostring(opts.shards), address } or { address }
  for _, a in ipairs(args) do dargs[#dargs + 1] = a end
  local out, err, status = dask(dargs)
  assert.are.equal(ref_status, status, err)
  assert.is_nil(err:find("paa-dask:", 1, true), err)
  assert.are.equal(ref, out)
  return out
end

describe("paa-dask", function()
  setup(function()
    if not DASK then return end
    local ok, err = pcall(start_cluster)
    if not ok then stop_all(); error(err, 0) end
  end)

  teardown(function()
    stop_all()
    h.cleanup()
  end)

  local function need_dask()
    if not DASK then pending("dask-scheduler is not installed (apt-get install python3-distributed)") end
    return DASK
  end

  local function need_bbc()
    if not need_dask() then return false end
    if not h.exists(BBC .. "/tech/001.txt") then pending(BBC .. " is not here"); return false end
    return true
  end

  it("runs tensions on the sample corpus as paa -j 1 does, text and JSON", function()
    if not need_dask() then return end
    assert.truthy(same_report { "scripts/tensions.lua", "corpus/" }:find("competition", 1, true))
    local json = same_report({ "scripts/tensions.lua", "corpus/", "--format", "json" }, { shards = 3 })
    assert.is_table(cjson.decode(json))
  end)

  it("runs tensions and dupes on the BBC corpus as paa -j 1 does", function()
    if not need_bbc() then return end
    same_report { "scripts/tensions.lua", BBC }
    same_report({ "scripts/tensions.lua", BBC, "--format", "json", "--by", "month" }, { shards = 7 })
    same_report({ "scripts/dupes.lua", BBC, "--format", "csv" }, { shards = 3 })
  end)

  it("prints a script's report once, whatever it printed before its passes", function()
    if not need_dask() then return end
    local script = h.write(dir .. "/two_passes.lua", [[
local parallel = require "paa.parallel"
local c = assert(require("paa.corpus").open({ ... }))
print("before the passes")
local function sum(f)
  return parallel.run(c, { init = function() return 0 end, map = f,
    merge = function(a, b) return a + b end, finish = function(a) return a end })
end
print("documents", sum(function() return 1 end))
print("characters", sum(function(d) return #d.text end))
]])
    local out = same_report { script, "corpus/" }
    assert.are.equal(1, h.occurrences(out, "before the passes"))
    -- overview's one pass goes to the cluster; dupes's two passes (the
    -- second given what the first found) too
    same_report { "scripts/overview.lua", "corpus/" }
    same_report({ "scripts/dupes.lua", "corpus/", "--format", "json" }, { shards = 3 })
    same_report { "scripts/dupes.lua", "corpus/" }
  end)

  it("fails with one line when a map fails, or the scheduler is not there", function()
    if not need_dask() then return end
    local script = h.write(dir .. "/fails.lua", [[
local parallel = require "paa.parallel"
local c = assert(require("paa.corpus").open({ ... }))
print(parallel.run(c, { init = function() return 0 end,
  map = function(d) if d.index == 2 then error("no map for document 2") end return 1 end,
  merge = function(a, b) return a + b end, finish = function(a) return a end }))
]])
    local out, err, status = dask { address, script, "corpus/" }
    assert.are.equal(1, status)
    assert.are.equal("", out)
    h.has("paa-dask: a map task failed: paa --map ", err)
    h.has("no map for document 2", err)
    assert.are.equal(1, h.occurrences(err, "\n"), err)
    -- a port nobody listens on
    out, err, status = dask({ "tcp://127.0.0.1:9", "scripts/tensions.lua", "corpus/" },
                            "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=2s")
    assert.are.equal(1, status)
    assert.are.equal("", out)
    h.has("paa-dask: cannot reach the scheduler tcp://127.0.0.1:9", err)
    assert.are.equal(1, h.occurrences(err, "\n"), err)
  end)

  -- last: it leaves one worker
  it("gives the same report when a worker is killed while it maps", function()
    if not need_bbc() then return end
    local ref = h.run { "-j", "1", "scripts/tensions.lua", BBC }
    local worker = groups.worker1
    local o, e, s = dir .. "/killed.out", dir .. "/killed.err", dir .. "/killed.status"
    -- many shards, so that the worker is busy; killed (with its paa)
    -- as soon as it runs a `paa --map`
    local said = h.sh(string.format([[
(timeout 100 %s --shards 32 %s scripts/tensions.lua %s >%s 2>%s; echo $? >%s) &
killed=no
for i in $(seq 1 1500); do
  if pgrep -P %d -f -- --map >/dev/null; then kill -KILL -%d; killed=yes; break; fi
  sleep 0.02
done
wait
echo $killed]], h.q(DRIVER), h.q(address), h.q(BBC), h.q(o), h.q(e), h.q(s), worker, worker))
    assert.are.equal("yes\n", said)
    assert.is_true(ends(worker, 5))
    -- the scheduler lost it with map tasks running, and gave them to the other
    h.has("Remove worker", h.slurp(dir .. "/scheduler.log"))
    assert.truthy(h.slurp(dir .. "/scheduler.log"):find("Remove worker <WorkerState[^\n]*processing: [1-9]"),
                  "the worker had no map task running")
    assert.are.equal("0", (h.slurp(s):gsub("%s+$", "")), h.slurp(e))
    assert.are.equal(ref, h.slurp(o))
  end)
end)
