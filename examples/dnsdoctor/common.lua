-- examples/dnsdoctor/common.lua: rewrites DNS answers on their way in. For a DNS response
-- (UDP from port 53) to the client address whose question is the target name, every A record
-- among the answers gets the replacement address. Checksums are not updated (nor are they in
-- Lunatik's version); the packet is always accepted.
--
-- Shared by the netfilter front end (nf_dnsdoctor.lua) and the xtable target (dnsdoctor.lua).
-- The answers are assumed to use a compressed name (2 bytes), as DNS servers write them, so
-- each A record is 16 bytes: name 2, type 2, class 2, ttl 4, length 2, address 4.

local linux = require "linux"

local doctor = {}

local DNS_PORT = 53
local UDP_HEADER = 8
local DNS_HEADER = 12
local TYPE_A = 1
local ANSWER_SIZE = 16

-- a dotted IPv4 address as an integer (big-endian order: "10.1.2.3" is 0x0A010203)
function doctor.address(dotted)
	local a, b, c, d = dotted:match("^(%d+)%.(%d+)%.(%d+)%.(%d+)$")
	return ((tonumber(a) * 256 + tonumber(b)) * 256 + tonumber(c)) * 256 + tonumber(d)
end

-- the question's name as it is on the wire, and how many bytes it takes with its final zero
local function question(skb, off)
	local raw = skb:getstring(off)
	local stop = raw:find("\0", 1, true) or #raw + 1
	return raw:sub(1, stop - 1), stop
end

-- skb: the packet's data; ip: where its IPv4 header starts in it; name: the wire-format target
-- name; client, replacement: addresses as integers
function doctor.rewrite(skb, ip, name, client, replacement)
	if skb:getuint8(ip + 9) ~= 17 then -- not UDP
		return
	end
	if linux.ntoh32(skb:getuint32(ip + 16)) ~= client then
		return
	end
	local udp = ip + (skb:getuint8(ip) & 0x0F) * 4
	if linux.ntoh16(skb:getuint16(udp)) ~= DNS_PORT then
		return
	end
	local dns = udp + UDP_HEADER
	local answers = linux.ntoh16(skb:getuint16(dns + 6))
	local qname, qlen = question(skb, dns + DNS_HEADER)
	if qname ~= name then
		return
	end
	local at = dns + DNS_HEADER + qlen + 4 -- past the name, its type and its class
	for _ = 1, answers do
		if linux.ntoh16(skb:getuint16(at + 2)) == TYPE_A then
			skb:setuint32(at + 12, linux.hton32(replacement))
		end
		at = at + ANSWER_SIZE
	end
end

return doctor
