print(type(nil), type(true), type(1), type("s"), type({}), type(print), type(function() end), type(coroutine.create(print)))
