-- corrupt or truncated binary chunks are errors, never crashes
print(load("\27"))
print(load("\27Lua"))
print(load("\27Lua", "=named"))
print(load("\27Lua", "@file.luac"))
print(load("\27Lux"))
print(load("\27Lua\83"))
print(load("\27Lua", "plain name"))
print(load("\27Lua", ""))
-- string.dump only dumps Lua functions
print(pcall(function() return string.dump(print) end))
print(pcall(function() return string.dump() end))
print(pcall(function() return string.dump(1) end))
print(pcall(function() return string.dump({}) end))
