package dev.lunatik.vm.interp;

import dev.lunatik.vm.value.Lua;

/**
 * An upvalue: while open it names a slot of its thread's stack; once closed it holds the value
 * itself (as a ref/num pair, integers unboxed).
 *
 * <p>While open it also holds the thread's stack arrays themselves (the thread puts the new ones
 * in its open upvalues when its stack moves, {@link LuaThread#ensure}), so that reading it is one
 * load fewer: a compiled function reading the upvalue that holds itself, to call itself, has
 * that read on the path from one call to the next.
 */
public final class UpVal {
    /** The thread whose stack holds the value while open; null once closed. */
    LuaThread owner;
    /** While open, the owner's stack arrays; null once closed. */
    Object[] stk;
    long[] nums;
    /** Stack index while open. */
    int idx;
    Object ref;
    long num;
    /** Next open upvalue of the same thread (lower stack index). */
    UpVal nextOpen;

    UpVal(LuaThread owner, int idx) {
        this.owner = owner;
        this.idx = idx;
        if (owner != null) {
            this.stk = owner.stk;
            this.nums = owner.num;
        }
    }

    /** The number half of the value (meaningful when {@link #valueRef} is {@link Lua#INT}). */
    long valueNum() {
        long[] n = nums;
        return n != null ? n[idx] : num;
    }

    /** Sets the value. */
    void set(Object r, long n) {
        Object[] s = stk;
        if (s != null) {
            s[idx] = r;
            nums[idx] = n;
        } else {
            ref = r;
            num = n;
        }
    }

    /** A closed upvalue holding {@code value} (boxed form). */
    public static UpVal closed(Object value) {
        UpVal u = new UpVal(null, 0);
        u.setBoxed(value);
        return u;
    }

    public Object getBoxed() {
        return Lua.box(valueRef(), valueNum());
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
        set(r, n);
    }

    void close() {
        ref = stk[idx];
        num = nums[idx];
        owner = null;
        stk = null;
        nums = null;
    }

    /** For the collector: the thread whose stack holds the value while open, else null. */
    public LuaThread openOwner() {
        return owner;
    }

    /** For the collector: the reference half of the value ({@link Lua#INT} for an integer). */
    public Object valueRef() {
        Object[] s = stk;
        return s != null ? s[idx] : ref;
    }
}
