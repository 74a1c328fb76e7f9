local A <const> = "ab"
local B <const> = "cd"
print(A .. B, #(A .. B))
