warn()
