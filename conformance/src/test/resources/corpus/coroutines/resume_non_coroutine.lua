coroutine.resume(42)
