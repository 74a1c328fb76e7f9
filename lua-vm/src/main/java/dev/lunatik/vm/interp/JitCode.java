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
 * instruction after a call: {@link JitCompiler#entries}), which is also how a hot loop moves from
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
     * function qualified, {@link JitCompiler#directEligible}, and has not left its frameless
     * code too often: {@link #deopts}).
     */
    boolean directOk;
    /** Times {@link #direct} left for a reason that will come again (a slow path, a callee it cannot call so). */
    int deopts;
    /** Per-site caches of the code (hash slots of constant field names, see {@link Jit#getStr}). */
    final int[] ic;
    /** The pcs {@link #run} can start at ({@link JitCompiler#entries}). */
    private final boolean[] entries;

    /** Whether {@link #run} can take frame of this function at {@code pc}; else the interpreter runs it on to an entry. */
    boolean canEnter(int pc) {
        return pc >= 0 && pc < entries.length && entries[pc];
    }

    JitCode(Proto p, int sites) {
        this.p = p;
        this.kr = p.kRef;
        this.ic = new int[sites];
        this.entries = JitCompiler.entries(p.code);
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
     * @return the number of results, or {@link Jit#DEOPT} when the activation was recorded
     *     ({@link LuaThread#addDeopt}) for its caller to turn into frames
     */
    int direct(LuaThread t, LuaClosure cl, int base, int depth) {
        throw new IllegalStateException("no frameless code for " + p.source + ":" + p.lineDefined);
    }
}
