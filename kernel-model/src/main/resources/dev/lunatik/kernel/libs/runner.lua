-- lunatik.runner: named runtimes and their threads, kept in lunatik._ENV (Lunatik's
-- lib/lunatik/runner.lua API): startup, run, spawn, stop, list, shutdown.
local lunatik = require "lunatik"
local rcu = require "rcu"
local thread = require "thread"

local env = lunatik._ENV
local runner = {}

function runner.startup()
  env.runtimes = rcu.table()
  env.threads = rcu.table()
end

local function tables()
  if not env.runtimes then runner.startup() end
  return env.runtimes, env.threads
end

local function scriptname(script)
  return (string.gsub(script, "%.lua$", ""))
end

function runner.run(script, ...)
  script = scriptname(script)
  local runtimes = tables()
  if runtimes[script] then
    error(script .. " is already running", 2)
  end
  local runtime = lunatik.runtime(script, ...)
  runtimes[script] = runtime
  return runtime
end

function runner.spawn(script, ...)
  script = scriptname(script)
  local runtime = runner.run(script, ...)
  local name = string.match(script, "(%w*/*%w*)$")
  local t = thread.run(runtime, name)
  local _, threads = tables()
  threads[script] = t
  return t
end

function runner.stop(script)
  script = scriptname(script)
  local runtimes, threads = tables()
  local t = threads[script]
  if t then
    t:stop()
    threads[script] = nil
  end
  local runtime = runtimes[script]
  if runtime then
    runtime:stop()
    runtimes[script] = nil
  end
end

function runner.list()
  local names = {}
  rcu.map((tables()), function(name) names[#names + 1] = name end)
  return table.concat(names, ", ")
end

function runner.shutdown()
  local names = {}
  rcu.map((tables()), function(name) names[#names + 1] = name end)
  for _, name in ipairs(names) do
    runner.stop(name)
  end
end

return runner
