local obj = setmetatable({name = "obj"}, {__call = function(self, ...) return self.name, select("#", ...), ... end})
print(obj())
print(obj(nil, 2))
