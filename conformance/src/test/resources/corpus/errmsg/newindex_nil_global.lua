settings.level = 3
