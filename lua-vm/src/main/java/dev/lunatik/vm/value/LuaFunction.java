package dev.lunatik.vm.value;

/** A Lua function value: a function compiled from Lua (the interpreter's closure) or a {@link dev.lunatik.vm.api.JavaFunction}. */
public abstract class LuaFunction {
    /** For the VM's closures and {@link dev.lunatik.vm.api.JavaFunction}. */
    protected LuaFunction() {}

    /** A name for messages (may be "?"). */
    public abstract String name();
}
