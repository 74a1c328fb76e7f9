package dev.lunatik.vm.value;

import dev.lunatik.vm.interp.LuaThread;

/**
 * A function written in Java. STUB: contract in progress. The interpreter calls
 * {@link #invoke}; arguments are in the thread's stack at {@code base .. base+nargs-1}; the
 * function writes its results from {@code base} on and returns how many it wrote.
 */
public abstract class JavaFunction extends LuaFunction {
    private final String name;

    protected JavaFunction(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    public abstract int invoke(LuaThread t, int base, int nargs);
}
