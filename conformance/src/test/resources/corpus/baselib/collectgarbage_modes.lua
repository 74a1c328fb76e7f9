-- switching modes returns the previous mode (the first call only sets a known starting point:
-- the standalone lua starts in generational mode, an embedded state in incremental mode)
collectgarbage("incremental")
print(collectgarbage("generational"), collectgarbage("generational"), collectgarbage("incremental"))
print(type(collectgarbage("step", 0)))
