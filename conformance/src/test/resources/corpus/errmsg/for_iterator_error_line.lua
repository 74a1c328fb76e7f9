-- a generic 'for' calls its iterator on the line where the expression list starts
print(pcall(load("\n local a \n for k,v in 3 \n do \n print(k) \n end", "=src")))
print(pcall(load("\n\n for k,v in \n 3 \n do \n print(k) \n end", "=src")))
print(pcall(load("for k in\n\n  next, {}, 1\ndo end", "=src")))
local n = 0
local ok, msg = pcall(function ()
  for k, v in
      function () n = n + 1; if n > 2 then error("stop") end; return n end
  do
  end
end)
print(ok, msg)
