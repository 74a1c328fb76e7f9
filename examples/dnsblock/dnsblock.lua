-- examples/dnsblock/dnsblock.lua: the DNS blocker as an iptables match extension (xtable), for
-- rules such as
--
--   ./lunatik run examples/dnsblock/dnsblock false
--   ./lunatik iptables -A OUTPUT -m dnsblock -j DROP
--
-- A match sees the packet from its IPv4 header and is told where the transport header starts.

local xt = require "xtable"
local dnsblock = require "examples.dnsblock.common"

local function nothing() end

xt.match{
	name = "dnsblock",
	revision = 1,
	family = xt.family.UNSPEC,
	proto = 0,
	hooks = 0,
	match = function(skb, par)
		return dnsblock.blocks(skb, par.thoff, skb:getuint8(9))
	end,
	checkentry = nothing,
	destroy = nothing,
}
