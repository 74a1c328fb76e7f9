-- the xpcall message handler runs where the error is raised, also when it is raised inside a
-- call made from Java (a __close method on return, a sort comparator, a gsub callback)
local function func2close (f) return setmetatable({}, {__close = f}) end
local function foo (...)
  local x123 <close> = func2close(function () error("@x123") end)
end
local st, msg = xpcall(foo, debug.traceback)
print(msg)
local function foo2 ()
  local x123 <close> = func2close(function () error("@x123") end)
end
print(select(2, xpcall(foo2, debug.traceback)))
print(select(2, xpcall(function() table.sort({3,2,1}, function(a,b) error("cmp") end) end, debug.traceback)))
print(xpcall(function() table.sort({3,2,1}, function(a,b) error("cmp") end) end, function(m) return "H:" .. m end))
print(xpcall(function() return pcall(table.sort, {3,2,1}, function(a,b) error("cmp") end) end, function(m) return "H:" .. m end))
print(xpcall(table.sort, function(m) return "H:" .. m end, {3,2,1}, function(a,b) error("cmp", 0) end))
print(xpcall(function() return ("x"):gsub(".", function() error({}) end) end, function(m) return type(m) end))
print(xpcall(function() return ("x"):gsub(".", function() error("e") end) end, function(m) error("again") end))
local co = coroutine.wrap(function() error("in co") end)
print(xpcall(co, function(m) return "H:" .. m end))
