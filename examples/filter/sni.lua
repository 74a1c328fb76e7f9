-- examples/filter/sni.lua: drops TLS connections by the server name their ClientHello asks for,
-- from an XDP callback. An XDP program on the interface (Lunatik's examples/filter/https.c, or
-- `./lunatik xdp attach DEV examples/filter/sni`) hands over each IPv4/TCP segment to port 443
-- with PSH set, with a 2-byte big-endian argument: where the TCP payload starts in the frame.
--
--   ./lunatik run examples/filter/sni false
--   ./lunatik xdp attach eth0 examples/filter/sni
--   ./lunatik net replay --dev eth0 tls.pcap

local xdp = require "xdp"

local blocked = { ["ebpf.io"] = true }

local HANDSHAKE, CLIENT_HELLO, SERVER_NAME = 0x16, 0x01, 0x0000
-- in a ClientHello record: 5 bytes of record header, 4 of handshake header, 2 of version and 32
-- of random come before the session id's length byte
local SESSION_ID = 43
local MAX_EXTENSIONS = 17

local function u8(d, off) return d:getbyte(off) end
local function u16(d, off) return (d:getbyte(off) << 8) | d:getbyte(off + 1) end

local function verdict(name)
	local v = blocked[name] and "DROP" or "PASS"
	print(("filter_sni: %s %s"):format(name, v))
	return xdp.action[v]
end

local function filter(packet, argument)
	local base = u16(argument, 0)
	if u8(packet, base) ~= HANDSHAKE or u8(packet, base + 5) ~= CLIENT_HELLO then
		return xdp.action.PASS
	end
	-- skip the session id, the cipher suites and the compression methods
	local at = base + SESSION_ID
	at = at + 1 + u8(packet, at)
	at = at + 2 + u16(packet, at)
	at = at + 1 + u8(packet, at)
	at = at + 2 -- the extensions' total length
	for _ = 1, MAX_EXTENSIONS do
		local kind, size = u16(packet, at), u16(packet, at + 2)
		if kind == SERVER_NAME then
			-- server_name_list length (2), name type (1), name length (2), name
			local len = u16(packet, at + 7)
			return verdict(packet:getstring(at + 9, len))
		end
		at = at + 4 + size
	end
	return xdp.action.PASS
end

xdp.attach(filter)
