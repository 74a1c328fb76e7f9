package dev.lunatik.vm.value;

import dev.lunatik.vm.interp.LuaThread;

/**
 * A function written in Java. The interpreter calls {@link #invoke} with the calling thread; the
 * arguments are on that thread's stack at {@code base .. base+nargs-1} (read them with
 * {@link LuaThread#arg}, {@link LuaThread#checkInteger} and friends, which word argument errors as
 * Lua does); the function writes its results from {@code base} on ({@link LuaThread#set},
 * {@link LuaThread#setInt}; call {@link LuaThread#ensure} first when returning more than
 * {@code nargs + 20} values) and returns how many it wrote.
 */
public abstract class JavaFunction extends LuaFunction {
    private final String name;

    protected JavaFunction(String name) {
        this.name = name;
    }

    /** The body of a Java function, for lambdas. */
    @FunctionalInterface
    public interface Body {
        int invoke(LuaThread t, int base, int nargs);
    }

    /** A Java function named {@code name} running {@code body}. */
    public static JavaFunction of(String name, Body body) {
        return new JavaFunction(name) {
            @Override
            public int invoke(LuaThread t, int base, int nargs) {
                return body.invoke(t, base, nargs);
            }
        };
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Reports to {@code sink} every Lua value this function keeps alive outside the Lua stack
     * (values captured by a Java closure), so that the collector sees them: an object reachable
     * only this way would otherwise count as garbage (finalized, removed from weak tables).
     * The default captures nothing; override it when the function holds Lua values.
     */
    public void traceLuaValues(java.util.function.Consumer<Object> sink) {}

    /**
     * Whether this function is a closure over Lua values, as a C closure with upvalues is in Lua:
     * such a function is an object a weak table loses once it is unreachable. A function that is
     * not (the default; {@link #of}, library functions, host functions) is a plain value like
     * Lua's light C functions: weak tables never lose it. {@link #capturing} functions are
     * closures; a subclass overriding {@link #traceLuaValues} should say so here too.
     */
    public boolean isClosure() {
        return false;
    }

    /** A Java function named {@code name} running {@code body} that keeps {@code captured} alive. */
    public static JavaFunction capturing(String name, Body body, Object... captured) {
        return new JavaFunction(name) {
            @Override
            public int invoke(LuaThread t, int base, int nargs) {
                return body.invoke(t, base, nargs);
            }

            @Override
            public void traceLuaValues(java.util.function.Consumer<Object> sink) {
                for (Object v : captured) sink.accept(v);
            }

            @Override
            public boolean isClosure() {
                return true;
            }
        };
    }

    /** Runs the function; see the class comment for the calling convention. */
    public abstract int invoke(LuaThread t, int base, int nargs);
}
