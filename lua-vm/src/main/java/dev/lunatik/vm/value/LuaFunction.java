package dev.lunatik.vm.value;

/** A Lua function value: a {@link dev.lunatik.vm.interp.LuaClosure} or a {@link JavaFunction}. */
public abstract class LuaFunction {
    /** A name for messages (may be "?"). */
    public abstract String name();
}
