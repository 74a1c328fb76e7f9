-- kernel-only: a data object used after its handle was closed
local data = require "data"
do
  local d <close> = data.new(4)
  d:setbyte(0, 1)
  print(d:getbyte(0))
end
local d = data.new(4)
getmetatable(d).__close(d)
print(pcall(d.getbyte, d, 0))
getmetatable(d).__close(d)   -- closing again does nothing
print(select("#", pcall(getmetatable(d).__close, d)))
d:getbyte(0)
