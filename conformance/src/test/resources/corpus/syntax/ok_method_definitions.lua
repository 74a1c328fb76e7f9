local obj = {n = 1}
function obj.get(self) return self.n end
function obj:inc(d) self.n = self.n + d; return self end
print(obj:inc(2):inc(3):get(), obj.get(obj))
