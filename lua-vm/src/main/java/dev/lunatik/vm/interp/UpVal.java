package dev.lunatik.vm.interp;

import dev.lunatik.vm.value.Lua;

/**
 * An upvalue: while open it names a slot of its thread's stack; once closed it holds the value
 * itself (as a ref/num pair, integers unboxed).
 */
public final class UpVal {
    /** The thread whose stack holds the value while open; null once closed. */
    LuaThread owner;
    /** Stack index while open. */
    int idx;
    Object ref;
    long num;
    /** Next open upvalue of the same thread (lower stack index). */
    UpVal nextOpen;

    UpVal(LuaThread owner, int idx) {
        this.owner = owner;
        this.idx = idx;
    }

    /** A closed upvalue holding {@code value} (boxed form). */
    public static UpVal closed(Object value) {
        UpVal u = new UpVal(null, 0);
        u.setBoxed(value);
        return u;
    }

    public Object getBoxed() {
        LuaThread o = owner;
        if (o != null) return Lua.box(o.stk[idx], o.num[idx]);
        return Lua.box(ref, num);
    }

    public void setBoxed(Object v) {
        Object r;
        long n = 0;
        if (v instanceof Long l) {
            r = Lua.INT;
            n = l;
        } else {
            r = v;
        }
        LuaThread o = owner;
        if (o != null) {
            o.stk[idx] = r;
            o.num[idx] = n;
        } else {
            ref = r;
            num = n;
        }
    }

    void close() {
        LuaThread o = owner;
        ref = o.stk[idx];
        num = o.num[idx];
        owner = null;
    }

    /** For the collector: the thread whose stack holds the value while open, else null. */
    public LuaThread openOwner() {
        return owner;
    }

    /** For the collector: the reference half of the value ({@link Lua#INT} for an integer). */
    public Object valueRef() {
        LuaThread o = owner;
        return o != null ? o.stk[idx] : ref;
    }
}
