warn("@on")
warn("to ", "stderr")
print("stdout only")
