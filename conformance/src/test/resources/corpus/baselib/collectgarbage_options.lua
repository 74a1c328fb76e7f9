print(collectgarbage(), collectgarbage("collect"), type(collectgarbage("step")), collectgarbage("isrunning"))
print(collectgarbage("stop"), collectgarbage("isrunning"), collectgarbage("restart"), collectgarbage("isrunning"))
