-- nested pcalls count as Java-level (C) calls: a chain of coroutines, each running the next
-- under four nested pcalls, reaches the C-call limit after about 40 coroutine levels
local maxdepth, err = 0, nil
local function level(d)
  maxdepth = d
  local r = table.pack(pcall(pcall, pcall, pcall, coroutine.wrap(level), d + 1))
  if err == nil and r[r.n - 1] == false then err = r[r.n] end
end
level(1)
print(maxdepth, err)
-- everything unwound: the limit applies afresh
maxdepth, err = 0, nil
level(1)
print(maxdepth, err)
print(select('#', pcall(print, "still usable")))
