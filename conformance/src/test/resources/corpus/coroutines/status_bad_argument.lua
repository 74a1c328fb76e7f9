coroutine.status(nil)
