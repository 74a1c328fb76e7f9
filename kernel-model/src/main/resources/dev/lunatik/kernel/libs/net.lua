-- net: IPv4 addresses between dotted strings and host-order integers (Lunatik's lib/net.lua API)
local net = {}

-- the first four groups of digits, each kept to a byte
function net.aton(s)
  local n, count = 0, 0
  for group in string.gmatch(s, "%d+") do
    n = (n << 8) | (tonumber(group) & 0xFF)
    count = count + 1
    if count == 4 then break end
  end
  return n
end

function net.ntoa(n)
  return string.format("%d.%d.%d.%d", (n >> 24) & 0xFF, (n >> 16) & 0xFF, (n >> 8) & 0xFF, n & 0xFF)
end

return net
