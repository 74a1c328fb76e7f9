-- kernel-only: string bounds are converted with tointeger, so the loop is an integer loop
for i = "10", "0x0c" do print(i, i // 1 == i) end
