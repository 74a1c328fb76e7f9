-- kernel-only: no float conversion at all
print(tonumber("1.5"), tonumber("1e2"), tonumber("9223372036854775808"), tonumber(".5"), tonumber("inf"), tonumber("nan"))
