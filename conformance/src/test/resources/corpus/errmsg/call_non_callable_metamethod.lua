-- a metamethod that is not callable is named by its event in the call error
local function try(f) print(select(2, pcall(f))) end
local mt = {__add = 34, __lt = {}, __concat = true, __len = "x", __unm = 1, __eq = 2,
            __index = nil, __band = {}, __shl = 5, __le = {}, __idiv = 7, __mod = 8, __sub = false}
local a, b = setmetatable({}, mt), setmetatable({}, mt)
try(function () return a + 1 end)
try(function () return 1 - a end)
try(function () return a < b end)
try(function () return a <= b end)
try(function () return a .. "x" end)
try(function () return #a end)
try(function () return -a end)
try(function () return a == b end)
try(function () return a & 1 end)
try(function () return a << 1 end)
try(function () return a // 2 end)
try(function () return a % 2 end)
local idx = setmetatable({}, {__index = function () end})
getmetatable(idx).__newindex = 3
try(function () idx.x = 1 end)
-- ordinary calls keep their variable names
try(function () local f = 3; f() end)
try(function () undefinedglobal() end)
