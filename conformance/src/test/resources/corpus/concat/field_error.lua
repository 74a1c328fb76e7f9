local cfg = {}
print("name: " .. cfg.name)
