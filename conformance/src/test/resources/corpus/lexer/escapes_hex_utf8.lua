-- \xXX is one byte; \u{XXX} is the UTF-8 encoding (up to 2^31)
print("\x41\x62\x7A")
print("\u{48}\u{49}", #"\u{E9}", #"\u{20AC}", #"\u{10FFFF}", #"\u{7FFFFFFF}")
