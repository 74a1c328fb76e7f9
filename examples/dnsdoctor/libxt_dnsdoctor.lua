-- examples/dnsdoctor/libxt_dnsdoctor.lua: the user-space half of the dnsdoctor target, run by
-- iptables (here: by `./lunatik iptables`, in its own process) when a rule names the target. It
-- packs what the kernel half needs into the rule's arguments: the wire-format name to rewrite,
-- the client's address and the replacement address.

local luaxt = require "luaxt"

local function address(dotted)
	local n = 0
	for part in dotted:gmatch("%d+") do
		n = n * 256 + tonumber(part)
	end
	return n
end

local function nothing() end

luaxt.target{
	revision = 0,
	family = luaxt.family.UNSPEC,
	help = function() print("dnsdoctor: rewrites A answers for lunatik.com to 10.1.2.3 (no options)") end,
	init = function(par)
		par.userargs = string.pack(">s4I4I4", "\7lunatik\3com", address("10.1.1.2"), address("10.1.2.3"))
	end,
	parse = nothing,
	final_check = nothing,
	print = nothing,
	save = nothing,
}
