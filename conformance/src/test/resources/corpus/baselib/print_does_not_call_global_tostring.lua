tostring = nil
print(1, "two", nil)
