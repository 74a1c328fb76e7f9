-- kernel-only: numeric strings go through the string metamethods; '/' is floor division
print("10" + 1, "10" * "3", "7" / "2", "10" // 3, "3" % 2, 2 - "5")
