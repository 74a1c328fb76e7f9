local function make() return function() end end
print(make() == make(), type(make()))
