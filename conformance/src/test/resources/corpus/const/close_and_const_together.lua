local LIMIT <const> = 2
do
  local h <close> = setmetatable({}, {__close = function() print("closed at limit", LIMIT) end})
  print("body")
end
