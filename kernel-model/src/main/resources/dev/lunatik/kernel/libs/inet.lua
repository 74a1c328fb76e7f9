-- socket.inet: IPv4 sockets with dotted addresses ("127.0.0.1") instead of integers
-- (Lunatik's lib/socket/inet.lua API). inet.tcp(), inet.udp(); accept returns a raw socket.
local socket = require "socket"
local net = require "net"

local af, sock, ipproto = socket.af, socket.sock, socket.ipproto

local Inet = {}
Inet.__index = Inet
Inet.__close = function(self) self.socket:close() end

local function new(kind, protocol, class)
  return setmetatable({socket = socket.new(af.INET, kind, protocol)}, class)
end

local function address(ip)
  if ip == "*" then return 0 end
  return net.aton(ip)
end

function Inet:bind(ip, port)
  return self.socket:bind(address(ip), port)
end

function Inet:connect(ip, port, flags)
  self.socket:connect(address(ip), port, flags)
end

function Inet:send(msg, ip, port)
  if ip then return self.socket:send(msg, address(ip), port) end
  return self.socket:send(msg)
end

function Inet:receive(...)
  return self.socket:receive(...)
end

function Inet:getsockname()
  local ip, port = self.socket:getsockname()
  return net.ntoa(ip), port
end

function Inet:getpeername()
  local ip, port = self.socket:getpeername()
  return net.ntoa(ip), port
end

function Inet:setsockopt(...)
  return self.socket:setsockopt(...)
end

function Inet:close()
  self.socket:close()
end

local Tcp = setmetatable({}, {__index = Inet})
Tcp.__index = Tcp
Tcp.__close = Inet.__close

function Tcp:listen(backlog)
  return self.socket:listen(backlog)
end

function Tcp:accept(flags)
  return self.socket:accept(flags)
end

local Udp = setmetatable({}, {__index = Inet})
Udp.__index = Udp
Udp.__close = Inet.__close
Udp.sendto = Inet.send

function Udp:receivefrom(len, flags)
  local msg, ip, port = self.socket:receive(len, flags, true)
  return msg, ip and net.ntoa(ip), port
end

local inet = {localhost = "127.0.0.1"}

function inet.tcp()
  return new(sock.STREAM, ipproto.TCP, Tcp)
end

function inet.udp()
  return new(sock.DGRAM, ipproto.UDP, Udp)
end

return inet
