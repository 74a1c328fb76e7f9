do
  local x <close> = setmetatable({}, {__close = function(self, e) print("close arg", e, select("#", e)) end})
end
