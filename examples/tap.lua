-- examples/tap.lua: a character device that shows the Ethernet frames of the machine. Each
-- read of /dev/tap waits for one frame and returns one line: destination MAC, source MAC and
-- ethertype in hexadecimal, then the frame's length.
--
--   ./lunatik run examples/tap
--   ./lunatik dev read tap          # waits for a frame: send one, e.g. with `net replay --dev eth0`

local device = require "device"
local socket = require "socket"
local linux = require "linux"

local ETH_P_ALL = 0x0003
local MTU = 1500

-- a raw packet socket hearing every protocol on every interface
local raw = socket.new(socket.af.PACKET, socket.sock.RAW, ETH_P_ALL)
raw:bind(string.pack(">I2", ETH_P_ALL))

local tap = { name = "tap", mode = linux.stat.IRUGO }

function tap:open() end
function tap:release() end

function tap:read()
	local frame = raw:receive(MTU)
	local dst, src, ethertype = string.unpack(">I6I6I2", frame)
	return ("%X\t%X\t%X\t%d\n"):format(dst, src, ethertype, #frame)
end

device.new(tap)
