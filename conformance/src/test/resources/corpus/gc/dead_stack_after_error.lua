-- values left on the stack by a failed call are garbage: a weak table loses them even when
-- the next call's frame covers the slots they were in
local weak = setmetatable({}, {__mode = "v"})
local function fill(n)
  local a, b, c = {}, {}, {}
  weak[1], weak[2], weak[3] = a, b, c
  error("fail " .. n)
end
local function probe()
  collectgarbage()
  return weak[1], weak[2], weak[3]
end
for round = 1, 3 do
  local ok, msg = pcall(fill, round)
  print(ok, msg, probe())
end
