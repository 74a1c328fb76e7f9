local x <close> = {}
