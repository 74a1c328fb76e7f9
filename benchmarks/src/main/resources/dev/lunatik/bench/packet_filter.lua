-- A packet filter's callback: a few field reads of an IPv4/UDP packet through a data object.
-- Shared by PacketCallbackBenchmark (ours and LuaJ) and benchmarks/c (the C Lua API), so it
-- keeps to Lua 5.2 syntax for LuaJ.
return function(pkt)
  if pkt:getuint8(9) == 17 and pkt:getuint16(22) == 0x3500 then return 1 end
  return pkt:getbyte(0) % 2
end
