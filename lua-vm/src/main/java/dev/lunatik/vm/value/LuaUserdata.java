package dev.lunatik.vm.value;

/**
 * A full userdata: an opaque Java payload with a metatable and one user value. Kernel objects are
 * exposed to Lua as userdata.
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
