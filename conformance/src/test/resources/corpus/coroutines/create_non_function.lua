coroutine.create(1)
