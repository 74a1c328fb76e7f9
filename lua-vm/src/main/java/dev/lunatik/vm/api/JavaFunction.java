package dev.lunatik.vm.api;

import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaTable;

/**
 * A function written in Java. The interpreter calls {@link #invoke} with the calling thread's
 * {@link LuaStack}; the arguments are on that stack at {@code base .. base+nargs-1} (read them with
 * {@link LuaStack#arg}, {@link LuaStack#checkInteger} and friends, which word argument errors as
 * Lua does); the function writes its results from {@code base} on ({@link LuaStack#set},
 * {@link LuaStack#setInt}; call {@link LuaStack#ensure} first when returning more than
 * {@code nargs + }{@value LuaStack#MIN_STACK} values) and returns how many it wrote.
 * {@link #of} makes one from a lambda.
 */
public abstract class JavaFunction extends LuaFunction {
    private final String name;
    private final boolean leaf;

    protected JavaFunction(String name) {
        this(name, false);
    }

    /** A Java function named {@code name}, a leaf function when {@code leaf} ({@link #isLeaf}). */
    protected JavaFunction(String name, boolean leaf) {
        this.name = name;
        this.leaf = leaf;
    }

    /** The body of a Java function, for lambdas. */
    @FunctionalInterface
    public interface Body {
        int invoke(LuaStack L, int base, int nargs);
    }

    /** A Java function named {@code name} running {@code body}. */
    public static JavaFunction of(String name, Body body) {
        return running(name, false, body);
    }

    private static JavaFunction running(String name, boolean leaf, Body body) {
        return new JavaFunction(name, leaf) {
            @Override
            public int invoke(LuaStack L, int base, int nargs) {
                return body.invoke(L, base, nargs);
            }
        };
    }

    /** Stores a Java function named {@code name} running {@code body} in {@code lib} (a library table). */
    public static void register(LuaTable lib, String name, Body body) {
        lib.rawset(name, of(name, body));
    }

    /**
     * A leaf function ({@link #isLeaf}) named {@code name} running {@code body}: only for a
     * body that keeps the promise {@link #isLeaf} describes.
     */
    public static JavaFunction leaf(String name, Body body) {
        return running(name, true, body);
    }

    /** As {@link #register}, for a leaf function ({@link #leaf}). */
    public static void registerLeaf(LuaTable lib, String name, Body body) {
        lib.rawset(name, leaf(name, body));
    }

    /**
     * Whether compiled Lua code may call this function without pushing its frame. A leaf function
     * reads its arguments and writes its results and does nothing else anyone could see before it
     * returns: it calls no Lua function or metamethod, does not look at the frames (its name, the
     * caller's line), does not yield, and raises its errors before it has changed anything
     * outside itself (a table, a kernel object, output). When it raises one anyway, or when the
     * collector would have to run during the call, the call is made again the ordinary way, with
     * its frame, and raises from there. Memory it allocates is charged as usual. Set at construction
     * ({@link #JavaFunction(String, boolean)}, {@link #leaf}); false by default.
     */
    public final boolean isLeaf() {
        return leaf;
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

    /**
     * A Java function named {@code name} running {@code body} that keeps {@code captured} alive.
     * The captured values are its upvalues, as a C closure's are in Lua: {@code debug.getupvalue}
     * shows them (named {@code ""}), {@code debug.upvalueid} tells them apart. A body reads its
     * state from its own Java variables, so {@code debug.setupvalue} changes what
     * {@code getupvalue} shows, not what the body sees.
     */
    public static JavaFunction capturing(String name, Body body, Object... captured) {
        Object[] upvalues = captured.clone();
        return new JavaFunction(name) {
            private Object[] ids;

            @Override
            public int invoke(LuaStack L, int base, int nargs) {
                return body.invoke(L, base, nargs);
            }

            @Override
            public void traceLuaValues(java.util.function.Consumer<Object> sink) {
                for (Object v : upvalues) sink.accept(v);
            }

            @Override
            public boolean isClosure() {
                return true;
            }

            @Override
            public int upvalueCount() {
                return upvalues.length;
            }

            @Override
            public Object getUpvalue(int i) {
                return upvalues[i];
            }

            @Override
            public void setUpvalue(int i, Object v) {
                upvalues[i] = v;
            }

            @Override
            public synchronized Object upvalueId(int i) {
                if (ids == null) {
                    ids = new Object[upvalues.length];
                    for (int k = 0; k < ids.length; k++) ids[k] = new UpvalueId();
                }
                return ids[i];
            }
        };
    }

    /** How many upvalues the function has (a {@link #capturing} closure's captured values; 0 by default). */
    public int upvalueCount() {
        return 0;
    }

    /** Upvalue {@code i} (0-based, below {@link #upvalueCount()}). */
    public Object getUpvalue(int i) {
        throw new IndexOutOfBoundsException(i);
    }

    /** Sets upvalue {@code i} (0-based, below {@link #upvalueCount()}). */
    public void setUpvalue(int i, Object v) {
        throw new IndexOutOfBoundsException(i);
    }

    /** A value unique to upvalue {@code i}, for {@code debug.upvalueid} (Lua gives a light userdata). */
    public Object upvalueId(int i) {
        throw new IndexOutOfBoundsException(i);
    }

    /** What {@code debug.upvalueid} returns for a Java function's upvalue: an identity, typed "userdata". */
    public static final class UpvalueId {
        UpvalueId() {}

        @Override
        public String toString() {
            return "upvalue: 0x" + Integer.toHexString(System.identityHashCode(this));
        }
    }

    /** Runs the function; see the class comment for the calling convention. */
    public abstract int invoke(LuaStack L, int base, int nargs);
}
