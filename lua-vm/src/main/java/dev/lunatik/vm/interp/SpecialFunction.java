package dev.lunatik.vm.interp;

import dev.lunatik.vm.api.JavaFunction;

/**
 * A Java function that needs the interpreter's cooperation instead of a plain
 * {@link JavaFunction#invoke}: {@code pcall}/{@code xpcall} (which push their callee as a frame so
 * that it may yield) and {@code coroutine.yield} (which suspends the running coroutine).
 */
abstract class SpecialFunction extends JavaFunction {
    SpecialFunction(String name) {
        super(name);
    }

    /**
     * Entered with its own frame {@code f} already pushed; returns {@link Interpreter#DONE} (the
     * frame has been popped and its results delivered), {@link Interpreter#PUSHED} (a Lua frame
     * was pushed above) or {@link Interpreter#YIELD}.
     */
    abstract int enter(LuaThread t, CallFrame f, int nargs);

    @Override
    public final int invoke(dev.lunatik.vm.api.LuaStack L, int base, int nargs) {
        throw new IllegalStateException(name() + " is entered by the interpreter");
    }
}
