--
-- passwd: /dev/passwd hands out random printable characters, one per read(2).
-- Run it with `lunatik run examples/passwd`, then `lunatik dev read passwd 16`
-- (on a real kernel: `head -c 16 /dev/passwd`).
--
local device = require("device")
local linux = require("linux")

local function ignore() end

local passwd = {
	name = "passwd",
	mode = linux.stat.IRUGO,   -- readable by everyone, writable by no one
	open = ignore,
	release = ignore,
}

-- every read returns a single character between ' ' and '~'
function passwd:read()
	return string.char(linux.random(32, 126))
end

device.new(passwd)
