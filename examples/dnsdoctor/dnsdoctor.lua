-- examples/dnsdoctor/dnsdoctor.lua: the DNS doctor as an iptables target extension (xtable).
-- What to rewrite comes from the rule's arguments, which the user-space plugin
-- (libxt_dnsdoctor.lua) packs when the rule is added:
--
--   ./lunatik run examples/dnsdoctor/dnsdoctor false
--   ./lunatik iptables -t mangle -A PREROUTING -p udp -j dnsdoctor
--
-- A target sees the packet from its IPv4 header.

local xt = require "xtable"
local doctor = require "examples.dnsdoctor.common"

local function nothing() end

xt.target{
	name = "dnsdoctor",
	revision = 0,
	family = xt.family.UNSPEC,
	proto = 0,
	hooks = 0,
	target = function(skb, par, userargs)
		local name, client, replacement = string.unpack(">s4I4I4", userargs)
		doctor.rewrite(skb, 0, name, client, replacement)
		return xt.action.ACCEPT
	end,
	checkentry = function(userargs)
		local name = string.unpack(">s4", userargs)
		assert(#name > 0, "no name to rewrite (is libxt_dnsdoctor.lua in XTABLES_LIBDIR?)")
	end,
	destroy = nothing,
}
