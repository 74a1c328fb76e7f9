local Account = {}
Account.__index = Account
function Account.new(b) return setmetatable({balance = b}, Account) end
function Account:deposit(v) self.balance = self.balance + v end
local a = Account.new(100)
a:deposit(50)
print(a.balance, getmetatable(a) == Account)
