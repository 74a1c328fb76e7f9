package dev.lunatik.vm.value;

/**
 * A full userdata: an opaque Java payload with a metatable and at most one user value (a
 * userdata created without user values, as Lua's {@code lua_newuserdatauv(L, size, 0)}, has none:
 * {@code debug.getuservalue} and {@code debug.setuservalue} then fail). Kernel objects are
 * exposed to Lua as userdata.
 *
 * <p>Host code should create userdata with {@code LuaState.newUserdata} (and change metatables
 * with {@code LuaState.setMetatable}): the raw constructor and {@link #setMetatable} know no state,
 * so they cannot register a {@code __gc} finalizer. The payload is not traced by the collector:
 * Lua values the host object needs must be kept in the user value (or the registry).
 */
public class LuaUserdata {
    private Object payload;
    private LuaTable metatable;
    private Object userValue;
    private final boolean hasUserValue;

    /** A userdata with one user value (initially nil). */
    public LuaUserdata(Object payload, LuaTable metatable) {
        this(payload, metatable, 1);
    }

    /** A userdata with {@code nuvalue} user values: 0 or 1 (more are not supported). */
    public LuaUserdata(Object payload, LuaTable metatable, int nuvalue) {
        if (nuvalue < 0 || nuvalue > 1) throw new IllegalArgumentException("user values: " + nuvalue);
        this.payload = payload;
        this.metatable = metatable;
        this.hasUserValue = nuvalue == 1;
    }

    /** The number of user values: 0 or 1. */
    public int userValueCount() {
        return hasUserValue ? 1 : 0;
    }

    public Object payload() {
        return payload;
    }

    public void setPayload(Object payload) {
        this.payload = payload;
    }

    public LuaTable getMetatable() {
        return metatable;
    }

    public void setMetatable(LuaTable mt) {
        this.metatable = mt;
    }

    public Object userValue() {
        return userValue;
    }

    public void setUserValue(Object v) {
        this.userValue = v;
    }
}
