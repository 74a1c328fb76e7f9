package dev.lunatik.vm.api;

import dev.lunatik.vm.value.Coroutine;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.MetaEvent;

/**
 * What a Java function sees of the Lua thread that calls it: the thread's stack, argument checks
 * worded as Lua's, calls back into Lua, and the metamethod-aware operations of the language (the
 * role of {@code lua.h} and {@code lauxlib.h} for a C function).
 *
 * <h2>Calling convention</h2>
 *
 * A {@link JavaFunction} is called as {@code invoke(L, base, nargs)}: its {@code nargs}
 * arguments are the stack slots {@code base .. base+nargs-1}. It writes its results from
 * {@code base} on and returns how many it wrote. Up to {@code nargs + }{@value #MIN_STACK} slots
 * above {@code base} are always there; {@link #ensure} makes room for more.
 *
 * <pre>{@code
 * // function greet(name [, times]) -> string
 * JavaFunction greet = JavaFunction.of("greet", (L, base, nargs) -> {
 *     LuaString name = L.checkString(base, nargs, 1);   // "bad argument #1 to 'greet' ..." if not
 *     long times = L.optInteger(base, nargs, 2, 1);
 *     L.set(base, LuaString.valueOf("hello " + name + " x" + times));
 *     return 1;
 * });
 * }</pre>
 *
 * <h2>Values</h2>
 *
 * A slot holds nil ({@code null}), a boolean ({@link Boolean}), an integer (kernel Lua has no
 * other number), a {@link LuaString}, a {@link LuaTable}, a {@link dev.lunatik.vm.value.LuaFunction},
 * a {@link dev.lunatik.vm.value.LuaUserdata} or a {@link Coroutine}. Integers are stored unboxed:
 * {@link #setInt}, {@link #isInt} and {@link #intAt} read and write them without allocating;
 * {@link #get} and {@link #set} box them as {@link Long}.
 *
 * <h2>Errors</h2>
 *
 * Raise a Lua error by throwing a {@link LuaError}; {@link #error}, {@link #argError} and
 * {@link #typeError} build the usual messages, positioned at the calling Lua code. A Java
 * function must not let any other exception escape.
 *
 * <p>The state a thread belongs to is {@link #state()}; the standard libraries are opened with
 * {@code dev.lunatik.stdlib.StandardLibraries} (module {@code stdlib}). A {@code LuaStack} is only
 * valid during the call it was passed to, and only on the Java thread running that call.
 */
public abstract class LuaStack {
    /** Slots a Java function may use above its arguments without {@link #ensure} (Lua's {@code LUA_MINSTACK}). */
    public static final int MIN_STACK = 20;

    /** For the interpreter's thread class only. */
    protected LuaStack() {}

    /** The state this thread belongs to. */
    public abstract LuaState state();

    // ---- slots ------------------------------------------------------------------------------

    /** The value at stack index {@code i}, an integer boxed as {@link Long}. */
    public abstract Object get(int i);

    /** Stores {@code v} at stack index {@code i} (a {@link Long} or {@link Integer} is stored as an integer). */
    public abstract void set(int i, Object v);

    /** Stores the integer {@code v} at stack index {@code i}, without boxing. */
    public abstract void setInt(int i, long v);

    /** Whether the value at stack index {@code i} is an integer. */
    public abstract boolean isInt(int i);

    /** The integer at stack index {@code i}; only meaningful when {@link #isInt} is true. */
    public abstract long intAt(int i);

    /**
     * The value at stack index {@code i} when it is not an integer (for an integer, an internal
     * marker: test {@link #isInt} first). Reads a table, string or function argument without boxing.
     */
    public abstract Object refAt(int i);

    /** Makes sure stack slots below index {@code limit} exist; raises "stack overflow" past the state's limit. */
    public abstract void ensure(int limit);

    /** Whether {@code n} more slots above index {@code from} fit in the stack limit (Lua's {@code lua_checkstack}). */
    public abstract boolean checkStack(int from, int n);

    /** The stack limit of this state, in slots (the kernel's 200 unless the state was built otherwise). */
    public abstract int stackLimit();

    // ---- arguments --------------------------------------------------------------------------

    /** Argument {@code n} (1-based) of a call with {@code nargs} arguments at {@code base}, boxed; nil when absent. */
    public abstract Object arg(int base, int nargs, int n);

    /** Whether argument {@code n} is absent or nil. */
    public abstract boolean isNoneOrNil(int base, int nargs, int n);

    /** Argument {@code n}, which must be present (else "bad argument #n to 'f' (value expected)"). */
    public abstract Object checkAny(int base, int nargs, int n);

    /** An integer argument; a string holding an integer is converted ({@code luaL_checkinteger}). */
    public abstract long checkInteger(int base, int nargs, int n);

    /** An optional integer argument: {@code def} when absent or nil. */
    public abstract long optInteger(int base, int nargs, int n, long def);

    /** A string argument; an integer is converted to its decimal text ({@code luaL_checklstring}). */
    public abstract LuaString checkString(int base, int nargs, int n);

    /** An optional string argument: {@code def} when absent or nil. */
    public abstract LuaString optString(int base, int nargs, int n, LuaString def);

    /** A table argument. */
    public abstract LuaTable checkTable(int base, int nargs, int n);

    /** Raises a type error unless argument {@code n} has Lua type {@code tname} ({@code luaL_checktype}). */
    public abstract void checkType(int base, int nargs, int n, String tname);

    /** The error "bad argument #n to 'f' (msg)", positioned at the calling Lua code; throw it. */
    public abstract LuaError argError(int n, String msg);

    /** The error "bad argument #n to 'f' (EXPECTED expected, got TYPE)" ({@code __name} honoured); throw it. */
    public abstract LuaError typeError(int base, int nargs, int n, String expected);

    /** An error whose message is {@code msg} prefixed with the calling Lua code's "chunk:line: "; throw it. */
    public abstract LuaError error(String msg);

    /** "chunk:line: " of the function {@code level} levels up (1 = the Lua code calling this function), or "" ({@code luaL_where}). */
    public abstract String where(int level);

    /** A traceback of this thread from {@code level} on, after {@code msg} (null for none), as {@code debug.traceback} writes it. */
    public abstract String traceback(String msg, int level);

    // ---- calls ------------------------------------------------------------------------------

    /** Calls {@code fn} with {@code args}; returns all its results. Not yieldable; errors propagate as {@link LuaError}. */
    public abstract Object[] call(Object fn, Object... args);

    /** Calls {@code fn} with {@code args}; returns its first result (nil when none). */
    public abstract Object call1(Object fn, Object... args);

    /**
     * Allocation-free call, step 1: the stack index at which to put the function, followed by its
     * {@code nargs} arguments ({@link #set}, {@link #setInt}); then {@link #callAt}.
     */
    public abstract int prepareCall(int nargs);

    /**
     * Allocation-free call, step 2 ({@code lua_call}): calls the function at {@code at} with the
     * {@code nargs} values above it, leaving {@code nresults} results from {@code at} on.
     */
    public abstract void callAt(int at, int nargs, int nresults);

    /** Whether a {@code coroutine.yield} is allowed here (inside a coroutine, with no Java call in between). */
    public abstract boolean isYieldable();

    /** A new coroutine of this state that will run {@code body} (a function) when resumed. */
    public abstract Coroutine newCoroutine(Object body);

    /** The outcome of {@link #resume}: whether the body ran without error, and what it yielded, returned or raised. */
    public record Resumed(boolean ok, Object[] values) {}

    /** Resumes {@code co} with {@code args}, as {@code coroutine.resume} does, from this thread. */
    public abstract Resumed resume(Coroutine co, Object... args);

    // ---- operations with metamethods --------------------------------------------------------

    /** {@code o[k]}, with {@code __index} ({@code lua_gettable}). */
    public abstract Object index(Object o, Object k);

    /** {@code o[k] = v}, with {@code __newindex} ({@code lua_settable}). */
    public abstract void setIndex(Object o, Object k, Object v);

    /** {@code a == b}, with {@code __eq}. */
    public abstract boolean equal(Object a, Object b);

    /** {@code a < b}, with {@code __lt}. */
    public abstract boolean lessThan(Object a, Object b);

    /** {@code #v}, with {@code __len}. */
    public abstract Object len(Object v);

    /** The arithmetic or bitwise operation {@code op} on {@code a} and {@code b}, with its metamethod ({@code lua_arith}). */
    public abstract Object arith(MetaEvent op, Object a, Object b);

    /** {@code v} as {@code tostring} shows it, with {@code __tostring} and {@code __name} ({@code luaL_tolstring}). */
    public abstract LuaString tostring(Object v);

    /** The metatable of {@code v} (a table's own, or the shared one of its type), or null. */
    public abstract LuaTable getMetatable(Object v);

    /** Field {@code event} of {@code v}'s metatable, or null ({@code luaL_getmetafield}). */
    public abstract Object metafield(Object v, MetaEvent event);

    // ---- the state ----------------------------------------------------------------------------

    /**
     * Charges a string of {@code length} bytes to the state's memory accounting before it is built
     * (under a memory limit, "not enough memory" is raised here instead of exhausting the heap).
     * Libraries call this for every string they build.
     */
    public abstract void allocateString(long length);

    /** Charges {@code bytes} of other memory (a growing buffer) to the state's memory accounting. */
    public abstract void allocate(long bytes);

    /** Sets the metatable shared by all strings (the {@code string} library's, with {@code __index}). */
    public abstract void setStringMetatable(LuaTable mt);

    /**
     * The binary chunk of Lua function {@code f} ({@code string.dump}); {@code strip} drops debug
     * information. Raises "unable to dump given function" for a Java function.
     */
    public abstract byte[] dump(LuaFunction f, boolean strip);
}
