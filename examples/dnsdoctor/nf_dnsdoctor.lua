-- examples/dnsdoctor/nf_dnsdoctor.lua: answers for lunatik.com coming back to the client at
-- 10.1.1.2 are rewritten to point at 10.1.2.3, from a netfilter hook at PRE_ROUTING (a received
-- packet is seen from its Ethernet header: the IPv4 header is 14 bytes in).
--
--   ./lunatik run examples/dnsdoctor/nf_dnsdoctor false
--   ./lunatik net replay --dev eth0 answers.pcap --out doctored.pcap

local nf = require "netfilter"
local doctor = require "examples.dnsdoctor.common"

local ETH_HLEN = 14
local name = string.pack("s1s1", "lunatik", "com")   -- "\7lunatik\3com"
local client = doctor.address("10.1.1.2")
local replacement = doctor.address("10.1.2.3")

nf.register{
	hook = function(skb)
		doctor.rewrite(skb, ETH_HLEN, name, client, replacement)
		return nf.action.ACCEPT
	end,
	pf = nf.family.INET,
	hooknum = nf.inet_hooks.PRE_ROUTING,
	priority = nf.ip_priority.MANGLE + 1,
}
