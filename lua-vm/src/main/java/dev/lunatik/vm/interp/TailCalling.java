package dev.lunatik.vm.interp;

import dev.lunatik.vm.api.JavaFunction;

/**
 * Java functions that end by calling a Lua value and return all its results, as a C function
 * ending in {@code lua_callk} does: {@code dofile}. The call runs as an ordinary frame above the
 * Java function's own, so the callee may yield across it and errors unwind through it as through
 * any call.
 */
public final class TailCalling {
    private TailCalling() {}

    /**
     * What runs first: given the arguments at {@code base}, it leaves the function to call at
     * {@code base} followed by its arguments and returns how many slots that is (at least 1).
     */
    @FunctionalInterface
    public interface Setup {
        int prepare(LuaThread t, int base, int nargs);
    }

    /** A function named {@code name}: {@code setup} prepares a call, whose results are the function's. */
    public static JavaFunction of(String name, Setup setup) {
        return new SpecialFunction(name) {
            @Override
            int enter(LuaThread t, CallFrame f, int nargs) {
                int base = f.base;
                int slots = setup.prepare(t, base, nargs);
                t.ensure(base + slots + GlobalState.MIN_STACK);
                return Interpreter.precall(t, base, slots - 1, -1, CallFrame.CONT_RESULTS, -1);
            }
        };
    }
}
