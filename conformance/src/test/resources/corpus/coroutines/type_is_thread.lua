print(type(coroutine.create(print)), type(coroutine.running()))
