-- kernel-only: chunks carry a kernel marker; stock Lua 5.4 chunks are refused by their format
-- byte (the chunk below is lua5.4's string.dump(load("return 1", "=stock"))), and the header
-- has no float check (lua_Number size 0)
local stock = "\027\076\117\097\084\000\025\147\013\010\026\010\004\008\008\120\086\000\000\000\000\000\000\000\000\000\000\000\040\119\064\001\135\061\115\116\111\099\107\128\128\000\001\002\132\081\000\000\000\001\000\000\128\070\000\002\001\070\000\001\001\128\129\001\000\000\128\132\001\000\000\000\128\128\129\133\095\069\078\086"
print(load(stock, "=stock"))
print(load("\27Lua\84\1", "=other"))
local d = string.dump(function() return 1 end)
print(#d > 20, load(d)())
print(load(string.dump(function() return 7 / 2, 7 // 2 end))())
