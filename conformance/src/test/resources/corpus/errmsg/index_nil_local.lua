local cfg
print(cfg.value)
