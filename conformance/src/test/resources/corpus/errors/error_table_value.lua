local e = {code = 42}
local ok, got = pcall(error, e)
print(ok, got == e, got.code)
