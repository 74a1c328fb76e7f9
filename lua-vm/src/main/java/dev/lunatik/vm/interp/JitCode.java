package dev.lunatik.vm.interp;

import dev.lunatik.vm.bytecode.Proto;

/**
 * A Lua function compiled to JVM bytecode: the superclass of the hidden classes
 * {@link JitCompiler} makes, one per {@link Proto} ({@code Proto.jit} holds the instance).
 *
 * <p>Compiled code runs one frame of the thread's frame stack, the same {@link CallFrame} the
 * interpreter would run: its registers are the thread's stack slots and it stores the frame's
 * {@code pc} before anything that can call, raise an error or yield. So at every point where
 * something else can look at the frame or take over (an error, a hook, a yield, a metamethod
 * pushed as a frame), the frame is exactly the interpreter's, and the interpreter can resume it at
 * {@code pc}; compiled code in turn can resume a frame at its entries (the start, loop heads, the
 * instruction after a call: {@link JitAnalysis#entries}), which is also how a hot loop moves from
 * the interpreter into compiled code.
 */
abstract class JitCode {
    /** The function compiled. */
    final Proto p;
    /** Its constants' reference halves ({@link Proto#kRef}). */
    final Object[] kr;

    /** Size in bytes of {@link #run}'s JVM bytecode (statistics). */
    int size;
    /**
     * Whether callers may run this function without a frame through {@link #direct} (the
     * function qualified, {@link JitAnalysis#directEligible}, and has not left its frameless
     * code too often: {@link #deopts}).
     */
    boolean directOk;
    /**
     * The stack slots a frameless run needs past its base while {@link #directOk} (its registers),
     * else more than any stack has: a frameless call checks this against
     * {@link LuaThread#directTop} and nothing else about the callee.
     */
    int directNeed = NOT_DIRECT;
    private static final int NOT_DIRECT = 1 << 29;

    /** Sets {@link #directOk} (and {@link #directNeed}). */
    void setDirectOk(boolean ok) {
        directOk = ok;
        directNeed = ok ? p.maxStackSize : NOT_DIRECT;
    }
    /** Times {@link #direct} left for a reason that will come again (a slow path, a callee it cannot call so). */
    int deopts;
    /** After {@link #deopts} reached its limit: calls that could have run it frameless left before such calls are tried again ({@link Jit#DIRECT_RETRY}). */
    int directRetry;
    /** Per-site caches of the code (hash slots of constant field names, see {@link Jit#getStr}). */
    final int[] ic;
    /** The pcs {@link #run} can start at ({@link JitAnalysis#entries}). */
    private final boolean[] entries;

    /** Whether {@link #run} can take frame of this function at {@code pc}; else the interpreter runs it on to an entry. */
    /**
     * Only the instructions {@code cold} does not mark are compiled: the others are no entries
     * (their code leaves the frame to the interpreter).
     */
    void leaveToInterpreter(boolean[] cold) {
        for (int pc = 0; pc < entries.length; pc++) if (cold[pc]) entries[pc] = false;
    }

    boolean canEnter(int pc) {
        return pc >= 0 && pc < entries.length && entries[pc];
    }

    JitCode(Proto p, int sites) {
        this.p = p;
        this.kr = p.kRef;
        this.ic = new int[sites];
        this.entries = JitAnalysis.entries(p.code);
        java.util.Arrays.fill(ic, -1);
    }

    /**
     * Runs frame {@code f} (the thread's top frame, a frame of {@link #p}) from {@code f.pc}, one of
     * its entries ({@link #canEnter}); at any other pc it returns {@link Jit#LEAVE} at once.
     * {@code depth} counts compiled frames called directly from compiled code above the
     * interpreter loop; past {@link Jit#MAX_DEPTH} calls go back through the loop so the Java
     * stack stays bounded.
     *
     * @return {@link Jit#RETURNED} when the frame returned through the fast path (popped, its
     *     results where its caller's call instruction wants them), {@link Jit#LEAVE} when the
     *     interpreter loop must go on with whatever frame is on top now, {@link Jit#YIELD} when the
     *     coroutine is suspending
     */
    abstract int run(LuaThread t, CallFrame f, int depth);

    /**
     * Runs a call of closure {@code cl} (of {@link #p}) without a frame: its registers from
     * stack index {@code base} (the function at {@code base - 1}, the arguments after it, missing
     * parameters already nil, room checked by the caller, {@link Jit#directCallee}), its results
     * written from {@code base - 1} on. Frameless code does only what nothing can observe: any
     * slow path, trap, or callee it cannot run the same way stops it, and it and its frameless
     * callers become the frames the interpreter would have had ({@link Jit#deoptFramed}).
     *
     * <p>The results come back as a Java method's can, so that the common call wanting one
     * result takes it straight into its register's locals, and nothing is written to or read
     * from the stack for it: the first result's reference half is returned (null for nil and for
     * no result at all), its number half is in {@link LuaThread#valueNum}, the count in
     * {@link LuaThread#nret}, and the results after the first are on the stack from {@code base}
     * on (where they would be after the function's slot, {@code base - 1}, which is not written).
     *
     * @return the first result's reference half, or {@link Jit#STOPPED} when the activation was
     *     recorded ({@link LuaThread#addDeopt}) for its caller to turn into frames
     */
    Object direct(LuaThread t, LuaClosure cl, int base, int depth) {
        throw new IllegalStateException("no frameless code for " + p.source + ":" + p.lineDefined);
    }

    /**
     * Most arguments a frameless call passes as JVM values ({@link #direct0} to {@link #direct3}):
     * a function of up to this many parameters gets the frameless method of its own count, which
     * takes its parameters as arguments (each value a reference and a number half) rather than
     * from the stack.
     */
    static final int VALUE_ARGS = 3;

    /**
     * As {@link #direct}, for a call with no arguments: the stack from {@code base} on has room
     * ({@link Jit#directCode}) but holds nothing of the call yet. A function of as many
     * parameters as the call has arguments overrides its method; any other count reaches it
     * through the stack ({@link #viaStack}).
     */
    Object direct0(LuaThread t, LuaClosure cl, int base, int depth) {
        return viaStack(t, cl, base, depth, 0);
    }

    /** As {@link #direct0}, with one argument ({@code r0}, {@code n0}: its reference and number halves). */
    Object direct1(LuaThread t, LuaClosure cl, int base, int depth, Object r0, long n0) {
        put(t, base, r0, n0);
        return viaStack(t, cl, base, depth, 1);
    }

    /** As {@link #direct0}, with two arguments. */
    Object direct2(LuaThread t, LuaClosure cl, int base, int depth, Object r0, long n0, Object r1, long n1) {
        put(t, base, r0, n0);
        put(t, base + 1, r1, n1);
        return viaStack(t, cl, base, depth, 2);
    }

    /** As {@link #direct0}, with three arguments. */
    Object direct3(LuaThread t, LuaClosure cl, int base, int depth, Object r0, long n0, Object r1, long n1, Object r2, long n2) {
        put(t, base, r0, n0);
        put(t, base + 1, r1, n1);
        put(t, base + 2, r2, n2);
        return viaStack(t, cl, base, depth, 3);
    }

    private static void put(LuaThread t, int i, Object r, long n) {
        t.stk[i] = r;
        t.num[i] = n;
    }

    /** A call's {@code nargs} arguments, on the stack now, as {@link #direct} takes them: the parameters they miss nil. */
    private Object viaStack(LuaThread t, LuaClosure cl, int base, int depth, int nargs) {
        Object[] stk = t.stk;
        for (int j = nargs; j < p.numParams; j++) stk[base + j] = null;
        return direct(t, cl, base, depth);
    }
}
