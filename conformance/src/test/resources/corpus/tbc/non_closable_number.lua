local function f()
  local y <close> = 5
end
f()
