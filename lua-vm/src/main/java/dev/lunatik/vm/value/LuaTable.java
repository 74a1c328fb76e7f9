package dev.lunatik.vm.value;

/**
 * A Lua table. STUB: signatures only, implementation in progress. Keys and values are boxed
 * values at this API ({@link Long} for integers); the interpreter uses unboxed fast paths.
 */
public final class LuaTable {
    public LuaTable() {}

    public LuaTable(int narray, int nhash) {}

    /** Raw read (no metamethods); null for absent. */
    public Object rawget(Object key) {
        throw new UnsupportedOperationException();
    }

    /** Raw read of an integer key. */
    public Object rawget(long key) {
        throw new UnsupportedOperationException();
    }

    /** Raw write; a nil value removes the key. Raises {@link LuaError} for a nil key. */
    public void rawset(Object key, Object value) {
        throw new UnsupportedOperationException();
    }

    /** Raw write of an integer key. */
    public void rawset(long key, Object value) {
        throw new UnsupportedOperationException();
    }

    /** Convenience: {@code rawset(LuaString.valueOf(key), value)}. */
    public void rawset(String key, Object value) {
        rawset(LuaString.valueOf(key), value);
    }

    /** The border {@code #t} without metamethods. */
    public long length() {
        throw new UnsupportedOperationException();
    }

    public LuaTable getMetatable() {
        throw new UnsupportedOperationException();
    }

    public void setMetatable(LuaTable mt) {
        throw new UnsupportedOperationException();
    }
}
