local obj = {n = 0}
function obj:add(d) self.n = self.n + d; return self end
function obj:get() return self.n end
print(obj:add(1):add(2):add(3):get())
