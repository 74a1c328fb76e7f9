local function validate(x) if not x then error("invalid input", 2) end end
validate(false)
