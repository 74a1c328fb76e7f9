local t = {1, 2, x = "x", ["y z"] = "yz", [10] = "ten", 3; 4}
print(t[1], t[2], t[3], t[4], t.x, t["y z"], t[10], #t)
