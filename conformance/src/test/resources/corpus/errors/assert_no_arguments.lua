assert()
