-- only the first line of the message is compared
error("first line\nsecond line", 0)
