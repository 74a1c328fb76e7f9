-- the main chunk is a vararg function; the runner passes no arguments
print(select("#", ...))
