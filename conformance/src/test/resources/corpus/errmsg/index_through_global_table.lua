local t = {}
print(t.inner.deeper)
