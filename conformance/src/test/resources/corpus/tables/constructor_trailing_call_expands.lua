local function three() return 1, 2, 3 end
print(#{three()}, #{three(), 10}, #{(three())}, #{10, three()})
