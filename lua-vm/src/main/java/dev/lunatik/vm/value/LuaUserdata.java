package dev.lunatik.vm.value;

/**
 * A full userdata: an opaque Java payload with a metatable and one user value. Kernel objects are
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

    public LuaUserdata(Object payload, LuaTable metatable) {
        this.payload = payload;
        this.metatable = metatable;
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
