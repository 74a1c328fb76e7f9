-- examples/dnsblock/common.lua: the part of the DNS blocker shared by its netfilter and xtable
-- front ends. Given a packet viewed from its IPv4 header, it finds DNS queries (UDP to port 53)
-- whose name matches the blacklist, logs them and says "block".
--
-- The query name is read raw, in DNS wire format: length-prefixed labels, so "github.com" is
-- "\6github\3com". The blacklist entries are Lua patterns in which "." matches any byte, so
-- "github.com" also matches the length byte between the labels.

local linux = require "linux"

local dnsblock = {}

local UDP = 17
local DNS_PORT = 53
local DNS_HEADER = 12      -- bytes of DNS header before the question
local UDP_HEADER = 8

dnsblock.blacklist = { "github.com", "gitlab.com" }

-- the question's name, up to (not including) its terminating zero byte
local function query_name(skb, off)
	local raw = skb:getstring(off)
	local stop = raw:find("\0", 1, true)
	return stop and raw:sub(1, stop - 1) or raw
end

local function blacklisted(name)
	for _, pattern in ipairs(dnsblock.blacklist) do
		if name:find(pattern) then
			return true
		end
	end
	return false
end

-- true when the packet (IPv4 header at 0, transport header at thoff) is a blacklisted query
function dnsblock.blocks(skb, thoff, proto)
	if proto ~= UDP then
		return false
	end
	local dport = linux.ntoh16(skb:getuint16(thoff + 2))
	if dport ~= DNS_PORT then
		return false
	end
	local name = query_name(skb, thoff + UDP_HEADER + DNS_HEADER)
	if blacklisted(name) then
		print("DNS query for " .. name .. " blocked\n")
		return true
	end
	return false
end

return dnsblock
