undefined_function()
