-- kernel-only: chunks have kernel Lua's header (format 0, an integer LUAC_NUM 370); stock Lua 5.4
-- chunks are refused by their float check (the chunk below is lua5.4's
-- string.dump(load("return 1", "=stock"))), kernel Lua's by the marker of our own encoding
local stock = "\027\076\117\097\084\000\025\147\013\010\026\010\004\008\008\120\086\000\000\000\000\000\000\000\000\000\000\000\040\119\064\001\135\061\115\116\111\099\107\128\128\000\001\002\132\081\000\000\000\001\000\000\128\070\000\002\001\070\000\001\001\128\129\001\000\000\128\132\001\000\000\000\128\128\129\133\095\069\078\086"
print(load(stock, "=stock"))
print(load("\27Lua\84\1", "=other"))
local d = string.dump(function() return 1 end)
print(#d > 20, load(d)())
print(load(string.dump(function() return 7 / 2, 7 // 2 end))())
local ci, cn = string.unpack("jn", d, 16)
print(d:sub(1, 15) == "\27Lua\84\0\25\147\r\n\26\n\4\8\8", ci == 0x5678, cn)
