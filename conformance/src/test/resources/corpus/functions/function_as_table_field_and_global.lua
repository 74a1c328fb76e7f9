local M = {}
function M.double(x) return x * 2 end
function global_triple(x) return x * 3 end
print(M.double(4), global_triple(4), type(_G.global_triple))
