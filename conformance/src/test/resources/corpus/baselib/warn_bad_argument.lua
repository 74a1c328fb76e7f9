warn("a", {})
