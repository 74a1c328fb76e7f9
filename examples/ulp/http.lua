--
-- ULP Lua: HTTP request header analysis, the use case of Pedro Tammela's ULP Lua talk
-- (Lua Workshop 2018): a Lua state on each TCP connection looks at what the client sends and
-- trashes requests whose header block could smuggle something past the server behind it.
--
--   lunatik ulp proxy 127.0.0.1:8080 127.0.0.1:8000 examples/ulp/http
--
-- or, on a socket of a script:
--
--   s:setsockopt(socket.sol.TCP, socket.tcp.ULP, "lua")
--   s:setsockopt(socket.sol.LUA, socket.lua.LOADSCRIPT, <this file's text>)
--   s:setsockopt(socket.sol.LUA, socket.lua.ENTRY, "entry")
--
-- entry(d, size, nonblock) gets a data view of the bytes of one receive and returns true to
-- trash them (the connection is then closed without a reply), false to let them through. A
-- request is trashed when its header block has
--   * a bare line feed (a "\n" that no "\r" precedes) or a bare carriage return: header
--     injection, since servers and proxies disagree on where such a line ends;
--   * a request line that is not "METHOD target HTTP/x.y";
--   * a spurious field: a line that is not "name: value" (no colon, an empty name, a space
--     before the colon, a character a field name may not hold), or a folded line;
--   * a second Host or Content-Length, no Host in HTTP/1.1, a Content-Length that is not a
--     number, or both Content-Length and Transfer-Encoding;
--   * more than MAX_HEADER bytes.
-- Each connection has a state of its own, so the script keeps per-connection state in locals:
-- a header block split over several receives is analysed as it grows (what is forwarded
-- before a fault is found is never a complete request), a body announced by Content-Length is
-- let through, and pipelined requests are each analysed.
--

local MAX_HEADER = 8192

local pending = ""  -- the start of a header block not complete yet
local body = 0      -- bytes of a request body still to come

local function trash(why)
  print("ulp http: " .. why .. ": request trashed")
  return true
end

-- the token characters of RFC 9110, a field name's
local NAME = "^[%w!#$%%&'*+%-.^_`|~]+$"

-- Checks a complete header block (request line and fields, CRLF-separated, without the empty
-- line that ends it). Returns nil and the body length, or the reason it is bad.
local function analyse(head)
  local lines = {}
  for line in (head .. "\r\n"):gmatch("(.-)\r\n") do
    lines[#lines + 1] = line
  end
  local method, target, version = lines[1]:match("^(%u+) (%S+) HTTP/(%d%.%d)$")
  if not method then
    return "malformed request line"
  end
  local seen, length = {}, 0
  for i = 2, #lines do
    local line = lines[i]
    if line:find("^[ \t]") then
      return "folded header line"
    end
    local name, value = line:match("^([^:]*):[ \t]*(.-)[ \t]*$")
    if not name then
      return "header line without a colon"
    end
    if not name:find(NAME) then
      return "spurious field name '" .. name .. "'"
    end
    local key = name:lower()
    if seen[key] and (key == "host" or key == "content-length") then
      return "duplicated " .. name
    end
    seen[key] = true
    if key == "content-length" then
      if not value:find("^%d+$") or #value > 15 then
        return "invalid Content-Length"
      end
      length = tonumber(value)
    end
  end
  if version == "1.1" and not seen.host then
    return "no Host field"
  end
  if seen["content-length"] and seen["transfer-encoding"] then
    return "both Content-Length and Transfer-Encoding"
  end
  return nil, length
end

function entry(d, size, nonblock)
  local text = tostring(d)  -- the bytes of this receive (d is only valid during the call)
  if body > 0 then          -- the rest of a body: let it through
    local n = math.min(body, size)
    body = body - n
    text = text:sub(n + 1)
  end
  text = pending .. text
  pending = ""
  while #text > 0 do
    if text:find("^\n") or text:find("[^\r]\n") then
      return trash("bare line feed in the header block")
    end
    if text:find("\r[^\n]") then
      return trash("bare carriage return in the header block")
    end
    local stop = text:find("\r\n\r\n", 1, true)
    if not stop then
      if #text > MAX_HEADER then
        return trash("header block larger than " .. MAX_HEADER .. " bytes")
      end
      pending = text  -- wait for the rest of the block
      return false
    end
    if stop > MAX_HEADER then
      return trash("header block larger than " .. MAX_HEADER .. " bytes")
    end
    local why, length = analyse(text:sub(1, stop - 1))
    if why then
      return trash(why)
    end
    text = text:sub(stop + 4)
    local n = math.min(length, #text)
    body = length - n
    text = text:sub(n + 1)  -- pipelined requests follow
  end
  return false
end
