package dev.lunatik.vm.interp;

import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.api.JavaFunction;

/**
 * The body of a Java function inside the VM (the base, coroutine and debug libraries) that works
 * on the interpreter's thread itself rather than on the public {@link LuaStack} view of it.
 */
@FunctionalInterface
public interface ThreadBody {
    /** Runs the function; the calling convention is {@link JavaFunction#invoke}'s. */
    int invoke(LuaThread t, int base, int nargs);

    /** A Java function named {@code name} running {@code body}. */
    static JavaFunction of(String name, ThreadBody body) {
        return running(name, false, body);
    }

    /** As {@link #of}, for a leaf function ({@link JavaFunction#isLeaf}). */
    static JavaFunction leaf(String name, ThreadBody body) {
        return running(name, true, body);
    }

    private static JavaFunction running(String name, boolean leaf, ThreadBody body) {
        return new JavaFunction(name, leaf) {
            @Override
            public int invoke(LuaStack L, int base, int nargs) {
                return body.invoke((LuaThread) L, base, nargs);
            }
        };
    }
}
