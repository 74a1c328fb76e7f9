-- examples/dnsblock/nf_dnsblock.lua: drops DNS queries for blacklisted names as they leave this
-- host, from a netfilter hook at LOCAL_OUT. A locally generated packet is seen from its IPv4
-- header. Load it in a non-sleepable runtime (hooks run in atomic context):
--
--   ./lunatik run examples/dnsblock/nf_dnsblock false
--   ./lunatik net replay --hook LOCAL_OUT queries.pcap --out passed.pcap

local nf = require "netfilter"
local dnsblock = require "examples.dnsblock.common"

local function hook(skb)
	local ihl = skb:getuint8(0) & 0x0F
	local proto = skb:getuint8(9)
	if dnsblock.blocks(skb, ihl * 4, proto) then
		return nf.action.DROP
	end
	return nf.action.ACCEPT
end

nf.register{
	hook = hook,
	pf = nf.family.INET,
	hooknum = nf.inet_hooks.LOCAL_OUT,
	priority = nf.ip_priority.FILTER,
}
