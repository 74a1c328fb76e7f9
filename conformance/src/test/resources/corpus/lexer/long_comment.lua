--[[ a long
comment ]] print("after comment 1")
--[==[ another
]] still comment
]==] print("after comment 2")
-- a line comment --[[ is not long
print("end")
