coroutine.wrap(nil)
