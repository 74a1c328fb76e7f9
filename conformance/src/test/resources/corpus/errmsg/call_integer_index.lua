local handlers = {}
handlers[1]()
