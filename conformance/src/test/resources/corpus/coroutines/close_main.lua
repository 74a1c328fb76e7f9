print(pcall(coroutine.close, (coroutine.running())))
