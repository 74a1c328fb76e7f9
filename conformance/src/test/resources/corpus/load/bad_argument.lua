load({})
