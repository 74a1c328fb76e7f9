local mt = {__index = function() return "meta" end, __newindex = function() error("no!") end}
local t = setmetatable({}, mt)
rawset(t, "k", "v")
print(rawget(t, "k"), rawget(t, "other"), t.other, rawequal(t, t), rawequal(t, {}))
