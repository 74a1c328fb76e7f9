local goto_count = 0
for i = 1, 3 do goto_count = goto_count + 1 end
print(goto_count)
