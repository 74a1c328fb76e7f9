next({}, "nope")
