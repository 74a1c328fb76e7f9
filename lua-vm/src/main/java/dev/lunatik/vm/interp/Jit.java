package dev.lunatik.vm.interp;

import static dev.lunatik.vm.value.Lua.INT;

import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.api.JitMode;
import dev.lunatik.vm.bytecode.Instruction;
import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.gc.Collector;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.LuaUserdata;
import dev.lunatik.vm.value.MetaEvent;

/**
 * The compiling tier's policy and run-time support: when a function is compiled
 * ({@link #compile}), and the small static methods compiled code calls (C2 inlines them into
 * it). Each helper is one of the interpreter's fast paths in {@link Interpreter#execute} or
 * {@link Ops}, shaped for a call; anything a helper does not do it leaves, having changed
 * nothing, to {@link Ops#slow}, the one slow path both tiers share.
 */
public final class Jit {
    /** {@link JitCode#run} results. */
    static final int RETURNED = 0;
    static final int LEAVE = -1;
    static final int YIELD = -2;
    /**
     * {@link JitCode#direct}'s result when its activation stopped and was recorded to become a
     * frame: never a Lua value.
     */
    static final Object STOPPED = new Object();
    /** Stops for a lasting reason after which a function is no longer run without its frame. */
    static final int DEOPT_LIMIT = 200;
    /**
     * Calls that could have run it without a frame (from compiled code or from Java), after
     * which a function that stopped {@link #DEOPT_LIMIT} times runs without its frame again: one that stops at a rare case (an error, a logged
     * packet) is framed for a while only, and one that keeps stopping costs at most
     * {@code DEOPT_LIMIT} stops per this many calls.
     */
    static final int DIRECT_RETRY = 10_000;

    /**
     * Calls plus loop iterations after which {@link JitMode#AUTO} compiles a function. At 40 the
     * official suite's files, thousands of functions each run a few dozen times, compiled 73 of
     * them and ran 9% slower than with {@code never} (the JVM compiling those classes beside the
     * program on two cores); at 200 they compile 34 and run within 2% of it. A hot loop or
     * function reaches 200 within microseconds.
     */
    static final int HOT = 200;
    /** Compiled frames called directly from compiled code before a call goes back through the loop. */
    static final int MAX_DEPTH = 120;

    /** When set, a compiler failure is an error rather than a silent fall back to the interpreter (tests). */
    private static final boolean STRICT = Boolean.getBoolean("lunatik.jit.strict");

    private static long compiled;
    private static long refused;
    private static long bytecodeBytes;
    private static long nanos;

    private Jit() {}

    /**
     * What the tier has done in this JVM: functions compiled and refused (too big for the JVM's
     * own compilers), the JVM bytecode made, and the time spent making and loading it.
     */
    public static synchronized String stats() {
        return String.format("%d functions compiled (%d refused), %d bytes of JVM bytecode, %.1f ms",
                compiled, refused, bytecodeBytes, nanos / 1e6);
    }

    /** Functions compiled so far in this JVM. */
    public static synchronized long compiledCount() {
        return compiled;
    }

    private static volatile boolean warming;

    /**
     * Loads and links the compiler (ASM, hidden-class definition: some 35 ms on the first compile,
     * which no class archive can save, ASM's classes being of a format the JDK's AOT cache skips)
     * on a background thread, so that the first function to get hot compiles at once. Once per JVM;
     * the thread compiles a two-instruction function nobody runs.
     */
    static void warmUp() {
        if (warming) return;
        warming = true;
        Thread w = new Thread(() -> {
            int[] code = {
                Instruction.abc(dev.lunatik.vm.bytecode.OpCode.ADD, 0, 0, 0),
                Instruction.abc(dev.lunatik.vm.bytecode.OpCode.RETURN, 0, 2, 0),
            };
            Proto p = new Proto("=(warm-up)", 0, 0, 1, false, 2, code, new Object[0], new Proto[0],
                    new Proto.UpvalDesc[0], new int[] {0, 0}, new Proto.LocVar[0]);
            try {
                JitCompiler.compile(p);
            } catch (RuntimeException | LinkageError ignored) {
                // the real compiles report their own failures
            }
        }, "lunatik-jit-warm-up");
        w.setDaemon(true);
        w.setPriority(Thread.MIN_PRIORITY);
        w.start();
    }

    /**
     * Compiles {@code p} unless the state's mode forbids it or it was refused before; true when
     * {@code p.jit} holds its code afterwards.
     */
    static boolean compile(GlobalState g, Proto p) {
        if (p.jit != null) return true;
        if (g.jitMode == JitMode.NEVER) {
            p.hot = Integer.MIN_VALUE;
            return false;
        }
        synchronized (p) {
            if (p.jit != null) return true;
            long t0 = System.nanoTime();
            JitCode code;
            try {
                code = JitCompiler.compile(p);
            } catch (RuntimeException | LinkageError e) {
                if (STRICT) throw new IllegalStateException("compiling " + p.source + ":" + p.lineDefined, e);
                code = null;
            }
            long dt = System.nanoTime() - t0;
            synchronized (Jit.class) {
                nanos += dt;
                if (code == null) {
                    refused++;
                } else {
                    compiled++;
                    bytecodeBytes += code.size;
                }
            }
            if (code == null) {
                p.hot = Integer.MIN_VALUE;
                return false;
            }
            p.jit = code;
            return true;
        }
    }

    // ------------------------------------------------------------------ frames and calls

    /**
     * After instruction {@code i}'s slow path ({@link Ops#slow}, with {@code f.pc} = {@code next}):
     * where compiled code goes on, or {@link #LEAVE}/{@link #YIELD}.
     */
    static int slow(LuaThread t, CallFrame f, int i, int next, JitCode c, int base) {
        f.pc = next;
        if (Ops.slow(t, f, i) == Interpreter.YIELD) return YIELD;
        return resumePc(t, f, c, base);
    }

    /** {@link #slow} of the instruction at {@code pc} of {@code c}'s function (compiled code's shared slow path). */
    static int slowAt(LuaThread t, CallFrame f, int pc, JitCode c, int base) {
        return slow(t, f, c.p.code[pc], pc + 1, c, base);
    }

    /** After a call from compiled code that did not return through the fast path. */
    static int resume(LuaThread t, CallFrame f, int r, JitCode c, int base) {
        return r == YIELD ? YIELD : resumePc(t, f, c, base);
    }

    /**
     * The pc at which compiled code can go on with frame {@code f} (of {@code c}'s function, with
     * registers from {@code base}), or {@link #LEAVE} when the interpreter must take over: another
     * frame is on top, hooks are on, or a tail call put another function into the frame.
     */
    private static int resumePc(LuaThread t, CallFrame f, JitCode c, int base) {
        int n = t.nframes;
        if (n == 0 || t.frames[n - 1] != f || t.hookMask != 0 || f.base != base) return LEAVE;
        LuaClosure cl = f.closure;
        return cl != null && cl.p == c.p ? f.pc : LEAVE;
    }

    /** Whether {@code debug.setlocal} wrote a register of {@code f} (clearing the mark). */
    static boolean localsSet(CallFrame f) {
        if ((f.flags & CallFrame.LOCALS_SET) == 0) return false;
        f.flags &= ~CallFrame.LOCALS_SET;
        return true;
    }

    /** The trap (interrupt, abort or budget) was seen at instruction {@code i}, as the interpreter sees it. */
    static void trap(LuaThread t, CallFrame f, int i, int next) {
        f.pc = next;
        Hooks.trapped(t, f, i);
    }

    /**
     * CALL of the Lua function {@code cl} in register {@code a} (instruction {@code i}): pushes its
     * frame and returns it when compiled code can run it directly (compiled, no varargs, room on
     * the stack, no hooks, the Java stack not too deep); null, having done nothing but count the
     * call, when the general path must make it.
     */
    static CallFrame enter(LuaThread t, CallFrame f, LuaClosure cl, int a, int i, int next, int depth) {
        Proto np = cl.p;
        if (np.jit == null && (++np.hot < t.g.jitThreshold || !compile(t.g, np))) return null;
        if (t.hookMask != 0 || depth >= MAX_DEPTH) return null;
        return pushCall(t, f, cl, a, i, next);
    }

    /**
     * The frame set-up of both tiers' CALL fast path: the callee's missing parameters set to nil,
     * {@code f.pc} to {@code next}, and the frame of {@code cl} (called from register {@code a} by
     * instruction {@code i}) pushed and returned; null, having done nothing, for a vararg callee or
     * when the stack has no room (the general path grows it or fails).
     */
    static CallFrame pushCall(LuaThread t, CallFrame f, LuaClosure cl, int a, int i, int next) {
        Proto np = cl.p;
        int nb = a + 1;
        int b = Instruction.b(i);
        int nargs = b != 0 ? b - 1 : t.top - nb;
        if (np.isVararg) return pushVarargCall(t, f, cl, a, nargs, i, next);
        int need = nb + np.maxStackSize;
        Object[] stk = t.stk;
        if (!roomFor(t, need)) return null;
        for (int j = nargs; j < np.numParams; j++) stk[nb + j] = null;
        f.pc = next;
        return t.pushLuaFrame(cl, a, nb, need, Instruction.c(i) - 1);
    }

    /**
     * {@link #pushCall} of a vararg function, laid out as {@link Interpreter#pushLua} lays it out:
     * the extra arguments stay where they are and the fixed parameters are copied above them,
     * where the callee's registers start. Null, having done nothing, when the stack has no room.
     */
    private static CallFrame pushVarargCall(LuaThread t, CallFrame f, LuaClosure cl, int a, int nargs, int i, int next) {
        int base = Interpreter.registersBase(cl.p, a, nargs);
        int need = base + cl.p.maxStackSize;
        if (!roomFor(t, need)) return null;
        f.pc = next;
        CallFrame nf = t.pushLuaFrame(cl, a, base, need, Instruction.c(i) - 1);
        Interpreter.placeArgs(t, nf, cl.p, nargs);
        return nf;
    }

    /**
     * TAILCALL of the Lua function {@code cl} in register {@code a}, as the interpreter's fast path
     * makes it: the function and its arguments moved down over frame {@code f}, which becomes the
     * callee's, and the callee's code returned for the caller to run in its place; null, having
     * done nothing but count the call, when the general path must make it (hooks, varargs, an
     * no compiled code, no room, the Java stack deep enough).
     */
    static JitCode tailEnter(LuaThread t, CallFrame f, LuaClosure cl, int a, int i, int depth) {
        Proto np = cl.p;
        if (np.jit == null && (++np.hot < t.g.jitThreshold || !compile(t.g, np))) return null;
        if (t.hookMask != 0 || depth >= MAX_DEPTH || !reuseForTailCall(t, f, cl, a, i)) return null;
        return (JitCode) np.jit;
    }

    /**
     * The frame reuse of both tiers' TAILCALL fast path: the function in register {@code a} and
     * its arguments moved down over frame {@code f}, which becomes {@code cl}'s (same results
     * wanted, same continuation); an open argument list ends at the stack top. False, having
     * done nothing, for a vararg callee or no room on the stack.
     */
    static boolean reuseForTailCall(LuaThread t, CallFrame f, LuaClosure cl, int a, int i) {
        Proto np = cl.p;
        if (np.isVararg) return false;
        int b = Instruction.b(i);
        int nargs = b != 0 ? b - 1 : t.top - (a + 1);
        int dst = f.func;
        int need = dst + 1 + np.maxStackSize;
        if (!roomFor(t, need)) return false;
        if (t.openUpvals != null && t.openUpvals.idx >= f.base) Ops.closeUpvals(t, f.base);
        moveCallDown(t, np, dst, a, nargs);
        f.closure = cl; // same results wanted, same continuation
        f.base = dst + 1;
        f.top = need;
        f.pc = 0;
        f.flags |= CallFrame.TAIL;
        f.concatEnd = -1;
        return true;
    }

    /**
     * RETURN's fast path (as the interpreter's): {@code n} results from register {@code a} to
     * where the caller wants them (all of them: up to a new stack top), the frame popped. False,
     * having done nothing, when the general path must return (hooks, to-be-closed variables, a
     * continuation).
     */
    static boolean ret(LuaThread t, CallFrame f, int a, int n) {
        int want = f.nresults;
        if (t.hookMask != 0 || t.ntbc != 0) return false;
        if (f.cont != CallFrame.CONT_NONE) return retToContinuation(t, f, a, n);
        if (t.openUpvals != null && t.openUpvals.idx >= f.base) Ops.closeUpvals(t, f.base);
        int dst = f.func;
        if (want == 1 && n >= 1) { // the usual case, kept small enough for C2 to inline ret everywhere
            Object[] stk = t.stk;
            stk[dst] = stk[a];
            t.num[dst] = t.num[a];
        } else {
            Interpreter.moveResults(t, dst, a, want, n);
        }
        t.nframes--;
        return true;
    }

    /**
     * {@link #ret} of a frame whose results go where its continuation says (a metamethod's
     * result into a register or a comparison, a pcall's callee): delivered by {@link
     * Interpreter#postCall}, as the slow path delivers them. False, having done nothing, for the
     * continuations that make the caller run an instruction again (CONCAT's, the closing ones).
     */
    private static boolean retToContinuation(LuaThread t, CallFrame f, int a, int n) {
        int c = f.cont;
        if (c == CallFrame.CONT_CONCAT || c == CallFrame.CONT_CLOSE || c == CallFrame.CONT_CLOSE_ERR) return false;
        if (t.openUpvals != null && t.openUpvals.idx >= f.base) Ops.closeUpvals(t, f.base);
        Interpreter.postCall(t, f, a, n);
        return true;
    }

    // ------------------------------------------------------------------ calls without frames

    /**
     * CALL (fixed arguments and results) of the Lua function {@code cl} in stack slot {@code a}
     * by instruction {@code i}: its code when it can run without a frame ({@link JitCode#direct}),
     * having set its missing parameters to nil; null, having done nothing, when the call must push
     * a frame (not compiled or not frameless, hooks or a trap, the Java stack deep enough, no room
     * on the stack: the cases in which {@link #pushCall} or {@link #enter} would not go on either,
     * or something must see the frame).
     */
    static JitCode directCallee(LuaThread t, LuaClosure cl, int a, int i, int depth) {
        int nb = a + 1;
        JitCode c = directCode(t, cl, nb, depth);
        if (c == null) return null;
        Object[] stk = t.stk;
        int b = Instruction.b(i);
        for (int j = b != 0 ? b - 1 : t.top - nb; j < cl.p.numParams; j++) stk[nb + j] = null;
        return c;
    }

    /**
     * The frameless code of closure {@code cl} when a call whose callee's registers would start at
     * stack index {@code base} may run it now (as {@link #directCallee}), else null; the caller
     * passes the arguments as values ({@link JitCode#direct0} and on), so nothing is written.
     */
    static JitCode directCode(LuaThread t, LuaClosure cl, int base, int depth) {
        return t.g.trap ? null : directCodeUntrapped(t, cl, base, depth);
    }

    /**
     * As {@link #directCode}, for frameless callers, whose own trap check just before the call
     * stops them when a trap is set (so the callee need not look again).
     */
    static JitCode directCodeUntrapped(LuaThread t, LuaClosure cl, int base, int depth) {
        // one comparison covers hooks, the stack's room and limit, and whether c runs frameless
        if (cl.p.jit instanceof JitCode c && base + c.directNeed <= t.directTop && depth < MAX_DEPTH) return c;
        return notDirect(cl);
    }

    /** {@link #directCodeUntrapped} refused: a function taken off frameless calls counts this one down to trying them again. */
    private static JitCode notDirect(LuaClosure cl) {
        if (cl.p.jit instanceof JitCode c && !c.directOk && c.directRetry > 0 && --c.directRetry == 0) {
            c.deopts = 0;
            c.setDirectOk(true);
        }
        return null;
    }

    /** {@link #callFrameless}: a leaf function ready to be called (see there). */
    static final int LEAF = 2;

    /**
     * A call of {@code fn}, not a Lua function frameless code can run, by frameless code:
     * register slot {@code a} (a stack index), instruction {@code i} (fixed counts, or B = 0
     * after a call's open results), the arguments on the stack. Made without a frame when
     * {@code fn} is {@code ipairs} or {@code pairs} ({@link Pairs#iteratorInit}), its results
     * stored where the instruction wants them; for a leaf Java function ({@link JavaFunction#isLeaf})
     * the compiled code invokes it itself, from its own call site (so that the JVM sees which
     * function each site calls): between this and {@link #leafDone} or {@link #leafFailed} a
     * collection must not run ({@link Collector#inLeafCall}).
     *
     * @return {@link #LEAF} for a leaf function to invoke now; 1 when made; 0 when the callee
     *     needs a frame; -1 when not now (a collection is due, or the stack lacks room): the
     *     frameless code stops at the call in the last two cases
     */
    static int callFrameless(LuaThread t, Object fn, int a, int i) {
        if (fn instanceof JavaFunction jf && jf.isLeaf()) return readyLeaf(t, a, i) ? LEAF : -1;
        return Instruction.b(i) != 0 && Instruction.c(i) != 0 && Pairs.iteratorInit(t, fn, a, i) ? 1 : 0;
    }

    /** A leaf call by instruction {@code i} from slot {@code a}, when no collection is due and the stack has room: readied. */
    private static boolean readyLeaf(LuaThread t, int a, int i) {
        GlobalState g = t.g;
        int b = Instruction.b(i);
        if (g.gcDebt > 0 || (b != 0 ? a + b : t.top) + GlobalState.MIN_STACK > t.stk.length) return false;
        g.gc.inLeafCall = true;
        return true;
    }

    /**
     * Whether compiled code with a frame may call {@code fn} (in slot {@code a}, by instruction
     * {@code i}) as frameless code does ({@link #callFrameless}): a leaf function, no hooks (a call
     * hook sees Java functions' frames), no collection due and room on the stack; then readied.
     */
    static boolean leafReady(LuaThread t, Object fn, int a, int i) {
        return t.hookMask == 0 && fn instanceof JavaFunction jf && jf.isLeaf() && readyLeaf(t, a, i);
    }

    /** A leaf call readied by {@link #callFrameless} (instruction {@code i}, slot {@code a}) returned {@code n} results: stored as the instruction wants them. */
    static void leafDone(LuaThread t, int a, int n, int i) {
        t.g.gc.inLeafCall = false;
        Interpreter.moveResults(t, a, a + 1, Instruction.c(i) - 1, n);
    }

    /**
     * A leaf call readied by {@link #callFrameless} threw {@code e}: a Lua error returns (the
     * frameless code stops, and the interpreter makes the call again, which raises it from its
     * frames); anything else goes on up.
     */
    static void leafFailed(LuaThread t, Throwable e) {
        t.g.gc.inLeafCall = false;
        if (!(e instanceof LuaError)) throw Jit.<RuntimeException>rethrow(e);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E rethrow(Throwable e) throws E {
        throw (E) e;
    }

    /**
     * CONCAT of instruction {@code i} in frameless code (registers from {@code base}, the operands
     * on the stack) when every operand is a string or an integer: R[B] and R[A] get the result.
     *
     * @return 1 when made; 0 for the slow path (an operand of another type, an error such as
     *     the memory limit, which the interpreter raises again); -1 when a collection is due
     */
    static int concatFrameless(LuaThread t, int base, int i) {
        int first = base + Instruction.b(i);
        int end = base + Instruction.c(i);
        Object[] stk = t.stk;
        if (!plainConcat(stk, first, end)) return 0;
        GlobalState g = t.g;
        if (g.gcDebt > 0) return -1;
        LuaString s;
        g.gc.inLeafCall = true;
        try {
            s = Ops.concatRun(t, first, end);
        } catch (LuaError e) {
            return 0;
        } finally {
            g.gc.inLeafCall = false;
        }
        stk[first] = s;
        stk[base + Instruction.a(i)] = s;
        return 1;
    }

    /**
     * RETURN with B = 0 in frameless code (registers from {@code base}): the values from stack
     * index {@code a} to the top (the registers there, then the open results of the call before,
     * {@link JitAnalysis#opensTop}) returned as {@link JitCode#direct} returns results.
     *
     * @return the first, or null when there is none
     */
    static Object returnOpen(LuaThread t, int base, int a) {
        int n = t.top - a;
        t.nret = n;
        if (n == 0) return null;
        System.arraycopy(t.stk, a + 1, t.stk, base, n - 1);
        System.arraycopy(t.num, a + 1, t.num, base, n - 1);
        t.valueNum = t.num[a];
        return t.stk[a];
    }

    /** Whether a frame reaching up to slot {@code need} fits the stack as it is and the stack limit. */
    private static boolean roomFor(LuaThread t, int need) {
        return need + GlobalState.MIN_STACK <= t.stk.length && need <= t.frameLimit;
    }

    /**
     * A tail call's function and its {@code nargs} arguments moved down from slot {@code a} to
     * slot {@code dst}, the parameters of {@code np} it does not get set to nil.
     */
    private static void moveCallDown(LuaThread t, Proto np, int dst, int a, int nargs) {
        Object[] stk = t.stk;
        long[] num = t.num;
        System.arraycopy(stk, a, stk, dst, nargs + 1);
        System.arraycopy(num, a, num, dst, nargs + 1);
        for (int j = nargs; j < np.numParams; j++) stk[dst + 1 + j] = null;
    }

    /**
     * TAILCALL (fixed arguments) of the Lua function {@code cl} in stack slot {@code a} by
     * instruction {@code i} of frameless code whose function is in slot {@code func}: as
     * {@link #directCallee}, but the callee takes the activation's place, its function and
     * arguments moved down to {@code func} as {@link #reuseForTailCall} moves them.
     */
    static JitCode directTailCallee(LuaThread t, LuaClosure cl, int a, int i, int depth, int func) {
        JitCode c = directCode(t, cl, func + 1, depth);
        if (c == null) return null;
        int b = Instruction.b(i);
        moveCallDown(t, cl.p, func, a, b != 0 ? b - 1 : t.top - (a + 1));
        return c;
    }

    /** A frameless tail callee stopped: its record is the frame of the activation it replaced, marked a tail call. */
    static Object deoptTail(LuaThread t) {
        t.dTail[t.ndeopt - 1] = true;
        return STOPPED;
    }

    /**
     * Frameless code of {@code c} (closure {@code cl}, registers from {@code base}) stops at
     * {@code pc}, where the interpreter will run it: recorded for its caller to make into frames.
     * A lasting reason (a slow path, not a trap) counts towards {@link #DEOPT_LIMIT}.
     */
    static Object deopt(LuaThread t, LuaClosure cl, int base, int pc, JitCode c, boolean lasting) {
        if (lasting && ++c.deopts >= DEOPT_LIMIT) {
            c.setDirectOk(false);
            c.directRetry = DIRECT_RETRY;
        }
        t.addDeopt(cl, base - 1, pc);
        return STOPPED;
    }

    /** As {@link #deopt}, at a call of {@code fn} that {@link #directCallee} refused: lasting unless the callee may yet run frameless. */
    static Object deoptCallee(LuaThread t, LuaClosure cl, int base, int pc, JitCode c, Object fn) {
        boolean lasting = !(fn instanceof LuaClosure f)
                || (f.p.jit instanceof JitCode fc ? !fc.directOk : f.p.hot == Integer.MIN_VALUE);
        return deopt(t, cl, base, pc, c, lasting);
    }

    /**
     * Frameless code of closure {@code cl} (registers from {@code base}) had the frameless callee
     * of its call at {@code pc} stop: the callee's record gets the results the call wants, and
     * this activation is recorded at the next instruction, where it goes on once the callee
     * returns.
     */
    static Object deoptCallAt(LuaThread t, LuaClosure cl, int base, int pc) {
        t.dWant[t.ndeopt - 1] = Instruction.c(cl.p.code[pc]) - 1;
        t.addDeopt(cl, base - 1, pc + 1);
        return STOPPED;
    }

    /**
     * A frameless callee of frame {@code f}'s instruction {@code i} stopped: the recorded
     * activations become frames above {@code f}, outermost first, each at its pc, as the calls
     * would have pushed them, and {@link #LEAVE} tells the caller's code to let the interpreter go
     * on with the innermost.
     */
    static int deoptFramed(LuaThread t, CallFrame f, int i, int next) {
        f.pc = next;
        pushStopped(t, Instruction.c(i) - 1);
        return LEAVE;
    }

    /**
     * The activations frameless code recorded when it stopped become frames, outermost first, each
     * at its pc; the outermost gives {@code want} results to whoever called it.
     */
    private static void pushStopped(LuaThread t, int want) {
        int n = t.ndeopt;
        t.dWant[n - 1] = want;
        for (int k = n - 1; k >= 0; k--) {
            LuaClosure cl = t.dCl[k];
            int func = t.dFunc[k];
            t.stk[func] = cl; // frameless callers leave the function's slot to this
            CallFrame nf = t.pushLuaFrame(cl, func, func + 1, func + 1 + cl.p.maxStackSize, t.dWant[k]);
            nf.pc = t.dPc[k];
            if (t.dTail[k]) nf.flags |= CallFrame.TAIL;
            t.dCl[k] = null;
        }
        t.ndeopt = 0;
    }

    /** {@link #callFromHost}: the call is not one frameless code can make. */
    static final int NOT_FRAMELESS = -1;

    /**
     * A call of Lua function {@code cl} from Java (in slot {@code fn}, {@code nargs} arguments
     * after it, {@code nres} results wanted, -1 for all), made by its frameless code when a
     * compiled caller could ({@link #directCode}): a packet hook or a callback runs without
     * pushing its frame. Should it stop, its recorded activations become the frames the
     * interpreter would have had.
     *
     * @return {@link Interpreter#DONE} with the results in place, {@link Interpreter#PUSHED} when
     *     frames were pushed for the interpreter to run, or {@link #NOT_FRAMELESS}
     */
    static int callFromHost(LuaThread t, LuaClosure cl, int fn, int nargs, int nres) {
        JitCode c = directCode(t, cl, fn + 1, 0);
        if (c == null) return NOT_FRAMELESS;
        Object[] stk = t.stk;
        for (int j = nargs; j < cl.p.numParams; j++) stk[fn + 1 + j] = null;
        Object first = c.direct(t, cl, fn + 1, 0);
        if (first == STOPPED) {
            pushStopped(t, nres);
            return Interpreter.PUSHED;
        }
        int n = t.nret;
        if (n > 0) putFirst(t, fn, first);
        Interpreter.moveResults(t, fn, fn, nres, n); // (in place: only the missing ones nil, or the top)
        return Interpreter.DONE;
    }

    /**
     * CALL instruction {@code i} of Lua function {@code cl} in register slot {@code a}, by the
     * interpreter: made as {@link #callFromHost} makes it, so that a compiled function called
     * from interpreted code (a main chunk that is not hot yet calling a function hot in its own
     * loop) runs its frameless code, registers in locals, rather than its frame code.
     */
    static int callFromInterpreter(LuaThread t, LuaClosure cl, int a, int i) {
        int b = Instruction.b(i);
        return callFromHost(t, cl, a, b != 0 ? b - 1 : t.top - a - 1, Instruction.c(i) - 1);
    }

    /** The first result of a frameless call, returned as {@code ref} with its number half in {@link LuaThread#valueNum}, to stack slot {@code at}. */
    private static void putFirst(LuaThread t, int at, Object ref) {
        t.stk[at] = ref;
        t.num[at] = t.valueNum;
    }

    /**
     * After a frameless call from compiled code by instruction {@code i}, from stack slot
     * {@code a}, that does not want exactly one result or none (those go straight to their
     * locals): the first result ({@code first}, see {@link JitCode#direct}) to slot {@code a}, the
     * ones the call did not give up to those it wants nil, or for open results the top set.
     */
    static void placeResults(LuaThread t, Object first, int a, int i) {
        int n = t.nret;
        if (n > 0) putFirst(t, a, first);
        int want = Instruction.c(i) - 1;
        if (want < 0) {
            t.top = a + n;
            return;
        }
        Object[] stk = t.stk;
        for (int j = a + n; j < a + want; j++) stk[j] = null;
    }

    /**
     * TAILCALL of a Java function by frame code, as the interpreter makes it (see {@link Ops#slow}):
     * the frame's open upvalues closed, then an ordinary call wanting all results, which the
     * RETURN A 0 after every TAILCALL returns. The next pc, or {@link #LEAVE}/-3 as {@link #callJava}.
     */
    static int tailCallJava(LuaThread t, CallFrame f, JavaFunction jf, int a, int i, int next) {
        if (t.openUpvals != null && t.openUpvals.idx >= f.base) Ops.closeUpvals(t, f.base);
        int b = Instruction.b(i);
        return callJava(t, f, jf, a, b != 0 ? b - 1 : t.top - (a + 1), -1, next);
    }

    /** CALL of a Java function ({@link Interpreter#callJavaDirect}): the next pc, or {@link #LEAVE}/-3 (slow path). */
    static int callJava(LuaThread t, CallFrame f, JavaFunction jf, int a, int i, int next) {
        int b = Instruction.b(i);
        return callJava(t, f, jf, a, b != 0 ? b - 1 : t.top - (a + 1), Instruction.c(i) - 1, next);
    }

    private static int callJava(LuaThread t, CallFrame f, JavaFunction jf, int a, int nargs, int nres, int next) {
        f.pc = next;
        if (!Interpreter.callJavaDirect(t, jf, a, nargs, nres)) return -3;
        return t.hookMask != 0 ? LEAVE : next;
    }

    /**
     * TFORCALL of a Java iterator ({@code ipairs}', {@code next}): as the interpreter's fast path.
     * Returns the next pc, -3 when the iterator is not a Java function (the slow path calls it),
     * or what {@link #resume} returns after the general call.
     */
    static int tforJava(LuaThread t, CallFrame f, int a, int i, int next, JitCode c, int base) {
        if (!(t.stk[a] instanceof JavaFunction jf) || t.hookMask != 0) return -3;
        if (t.g.trap) trap(t, f, i, next);
        if (t.hookMask == 0 && Pairs.iteratorStep(t.stk, t.num, a, Instruction.c(i))) return next;
        Ops.tforCopy(t.stk, t.num, a);
        f.pc = next;
        if (Interpreter.callJavaDirect(t, jf, a + 4, 2, Instruction.c(i))) return t.hookMask != 0 ? LEAVE : next;
        if (Interpreter.precall(t, a + 4, 2, Instruction.c(i), CallFrame.CONT_NONE, 0) == Interpreter.YIELD) return YIELD;
        return resumePc(t, f, c, base);
    }

    /**
     * TFORCALL's step in place ({@link Pairs#iteratorStep}) for compiled code, when nothing must
     * see a call: no hooks, no trap pending (the general path, {@link #tforJava}, takes the step
     * of the budget and the interrupt).
     */
    static boolean iteratorStep(LuaThread t, int a, int c) {
        return t.hookMask == 0 && !t.g.trap && Pairs.iteratorStep(t.stk, t.num, a, c);
    }

    // ------------------------------------------------------------------ values

    static void setInt(Object[] stk, long[] num, int a, long v) {
        if (stk[a] != INT) stk[a] = INT; // skip the reference store (and its GC barrier) when already tagged
        num[a] = v;
    }

    static long mod(long x, long y) {
        long r = x % y;
        if (r != 0 && (r ^ y) < 0) r += y;
        return r;
    }

    static long idiv(long x, long y) {
        long r = x / y;
        if ((x ^ y) < 0 && r * y != x) r--;
        return r;
    }

    static long shl(long x, long y) {
        return Ops.shiftLeft(x, y);
    }

    static long shr(long x, long y) {
        return Ops.shiftLeft(x, -y);
    }

    static boolean truthy(Object v) {
        return v != null && v != Boolean.FALSE;
    }

    static Boolean not(Object v) {
        return v == null || v == Boolean.FALSE ? Boolean.TRUE : Boolean.FALSE;
    }

    /**
     * EQ's fast path: 1 equal, 0 not, -1 when metamethods may decide (two tables or two full
     * userdata: the slow path). Strings compare by contents here (equal strings need not be one
     * object), so comparing a string built at run time stays in compiled code; so does comparing
     * a table with anything but a table ({@code node ~= nil}), which no metamethod decides, and
     * two tables neither of which has an {@code __eq} ({@code c ~= other}).
     */
    static int eq(Object x, long xn, Object y, long yn) {
        if (x == INT && y == INT) return xn == yn ? 1 : 0;
        if (x == y) return 1;
        if (x instanceof LuaString s) return y instanceof LuaString && s.equals(y) ? 1 : 0;
        if (x instanceof LuaTable a) {
            if (!(y instanceof LuaTable b)) return 0;
            return MetaEvent.EQ.in(a.getMetatable()) == null && MetaEvent.EQ.in(b.getMetatable()) == null ? 0 : -1;
        }
        if (x instanceof LuaUserdata) return y instanceof LuaUserdata ? -1 : 0;
        return 0;
    }

    /**
     * LT's and LE's fast path (also the start of their slow path, {@link Ops#compare}): 1 when
     * {@code x < y} ({@code x <= y} for LE, {@code lt} false), 0 when not, -1 when metamethods
     * decide or the operands do not compare. Two integers or two strings compare here, so a
     * loop comparing strings stays in compiled code.
     */
    static int order(Object x, long xn, Object y, long yn, boolean lt) {
        int cmp;
        if (x == INT && y == INT) {
            cmp = Long.compare(xn, yn);
        } else if (x instanceof LuaString s1 && y instanceof LuaString s2) {
            cmp = s1.compareTo(s2);
        } else {
            return -1;
        }
        return (lt ? cmp < 0 : cmp <= 0) ? 1 : 0;
    }

    /** TESTSET: copies register {@code b} to {@code a} and returns false, or returns true (skip the jump). */
    static boolean testSet(Object[] stk, long[] num, int a, int b, boolean c) {
        Object v = stk[b];
        if ((v != null && v != Boolean.FALSE) == c) {
            stk[a] = v;
            num[a] = num[b];
            return false;
        }
        return true;
    }

    static boolean len(Object v, Object[] stk, long[] num, int a) {
        if (v instanceof LuaTable tab && tab.getMetatable() == null) {
            num[a] = tab.length();
            stk[a] = INT;
            return true;
        }
        if (v instanceof LuaString s) {
            num[a] = s.length();
            stk[a] = INT;
            return true;
        }
        return false;
    }

    /** FORPREP on integers: 0 enters the loop, 1 skips it, -1 leaves the rest to the slow path. */
    static int forPrep(Object[] stk, long[] num, int a) {
        if (stk[a] == INT && stk[a + 1] == INT && stk[a + 2] == INT && num[a + 2] != 0) {
            long init = num[a];
            long limit = num[a + 1];
            long step = num[a + 2];
            if (step > 0 ? init > limit : init < limit) return 1;
            num[a + 1] = Ops.forCount(init, limit, step);
            stk[a + 3] = INT;
            num[a + 3] = init;
            return 0;
        }
        return -1;
    }

    // ------------------------------------------------------------------ upvalues and tables

    static void getUpval(UpVal u, Object[] stk, long[] num, int a) {
        stk[a] = u.valueRef();
        num[a] = u.valueNum();
    }

    static void setUpval(UpVal u, Object[] stk, long[] num, int a) {
        u.set(stk[a], num[a]);
    }

    /** GETTABUP's fast path ({@link Ops#get}, with compiled code's per-site cache or null). */
    static boolean getTabUp(UpVal u, Object k, long kn, Object[] stk, long[] num, int a, int[] ic, int site) {
        return u.valueRef() instanceof LuaTable tab && Ops.get(tab, k, kn, stk, num, a, ic, site);
    }

    /**
     * A field read {@code tv.k} by frameless code ({@code k} a constant string, its per-site cache
     * at {@code ic[site]}, level 0 of {@link Ops#get}'s), when the table itself holds the key:
     * the value's reference, its number half in {@link LuaThread#valueNum}; else null, and the
     * general path reads it. Returned rather than stored to the stack, so that the value goes
     * straight to the register's locals.
     */
    static Object ownField(LuaThread t, Object tv, Object k, int[] ic, int site) {
        if (!(tv instanceof LuaTable tab)) return null;
        int s = Ops.cachedSlot(tab, k, ic, site);
        if (s < 0) return null;
        t.valueNum = tab.hashValueNum(s);
        return tab.hashValueRef(s);
    }

    /** GETTABLE's fast path ({@link Ops#get}, with compiled code's per-site cache or null). */
    static boolean getTable(Object tv, Object k, long kn, Object[] stk, long[] num, int a, int[] ic, int site) {
        return tv instanceof LuaTable tab && Ops.get(tab, k, kn, stk, num, a, ic, site);
    }

    static boolean setTabUp(UpVal u, Object k, long kn, Object v, long vn, int[] ic, int site) {
        return u.valueRef() instanceof LuaTable tab && Ops.fastSet(tab, k, kn, v, vn, ic, site);
    }

    static boolean setTable(Object tv, Object k, long kn, Object v, long vn, int[] ic, int site) {
        return tv instanceof LuaTable tab && Ops.fastSet(tab, k, kn, v, vn, ic, site);
    }

    /** SETTABUP's fast path in frameless code: a store in place, else one that grows the table without collecting ({@link Ops#growFrameless}). */
    static boolean setTabUpPresent(LuaThread t, UpVal u, Object k, long kn, Object v, long vn, int[] ic, int site) {
        return u.valueRef() instanceof LuaTable tab
                && (Ops.setPresent(tab, k, kn, v, vn, ic, site) || Ops.growFrameless(t, tab, k, kn, v, vn));
    }

    /** SETTABLE's fast path in frameless code: a store in place, else one that grows the table without collecting ({@link Ops#growFrameless}). */
    static boolean setTablePresent(LuaThread t, Object tv, Object k, long kn, Object v, long vn, int[] ic, int site) {
        return tv instanceof LuaTable tab
                && (Ops.setPresent(tab, k, kn, v, vn, ic, site) || Ops.growFrameless(t, tab, k, kn, v, vn));
    }

    /**
     * SELF's lookup with a constant key (the object already copied to {@code R[a+1]}):
     * {@code R[a] = obj[k]} without calls, or false ({@code ic}: as {@link #getTable}).
     */
    static boolean selfGet(LuaThread t, Object obj, Object k, long kn, Object[] stk, long[] num, int a, int[] ic, int site) {
        return obj instanceof LuaTable tab
                ? Ops.get(tab, k, kn, stk, num, a, ic, site)
                : Ops.getVia(obj instanceof LuaUserdata u ? u.getMetatable() : obj instanceof LuaString ? t.g.stringMeta : null,
                        k, kn, stk, num, a, ic, site);
    }

    /**
     * Whether the collector is due at an instruction compiled code would run through a helper:
     * then the helper does nothing and the slow path runs, a safe point first as every slow
     * instruction is in the interpreter. Otherwise {@code f.pc} is set to {@code next}, where an
     * error of the instruction (a memory limit, a bad operand) is raised.
     */
    private static boolean collectorDue(LuaThread t, CallFrame f, int next) {
        f.pc = next;
        return t.g.gcDebt > 0 && !t.g.gc.stepWithoutFinalizers(t);
    }

    /**
     * CLOSURE of instruction {@code i} ({@link #collectorDue} decides). A closure captures only
     * registers compiled code keeps on the stack (see {@link JitCompiler}), so nothing but
     * register A changes.
     */
    static boolean closure(LuaThread t, CallFrame f, int i, int next, int base) {
        if (collectorDue(t, f, next)) return false;
        LuaClosure cl = f.closure;
        t.stk[base + Instruction.a(i)] = Ops.closure(t, cl, cl.p.protos[Instruction.bx(i)], base);
        return true;
    }

    /**
     * CONCAT of instruction {@code i} when every operand is a string or an integer
     * ({@link #collectorDue} decides too): {@link Ops#concat} then calls nothing and writes only
     * R[B] (the run) and R[A]. Otherwise the slow path coerces, calls {@code __concat} or raises
     * the error.
     */
    static boolean concat(LuaThread t, CallFrame f, int i, int next, int base) {
        if (f.concatEnd >= 0 || !plainConcat(t.stk, base + Instruction.b(i), base + Instruction.c(i))) return false;
        if (collectorDue(t, f, next)) return false;
        Ops.concat(t, f, i);
        return true;
    }

    /** Whether stack slots {@code first} to {@code end} hold only strings and integers: a CONCAT that calls nothing. */
    private static boolean plainConcat(Object[] stk, int first, int end) {
        for (int k = first; k <= end; k++) {
            Object r = stk[k];
            if (r != INT && !(r instanceof LuaString)) return false;
        }
        return true;
    }

    /**
     * SETLIST of instruction {@code i}, its block in the instruction, its count there or (B = 0)
     * up to the stack top an open call left ({@code {f(), g()}}); {@link #collectorDue} decides.
     */
    static boolean setList(LuaThread t, CallFrame f, int i, int next, int base) {
        if (collectorDue(t, f, next)) return false;
        Ops.setList(t, base + Instruction.a(i), Instruction.b(i), Instruction.c(i));
        return true;
    }

    /** VARARG of instruction {@code i}: a fixed count, or (B = 0) all, up to a new top, the stack grown to hold them ({@link #collectorDue} decides). */
    static boolean vararg(LuaThread t, CallFrame f, int i, int next, int base) {
        if (collectorDue(t, f, next)) return false;
        Ops.vararg(t, f, base + Instruction.a(i), Instruction.b(i));
        return true;
    }

    /**
     * TFORPREP's fast path: true when the loop's closing value {@code v} is nil or false, so no
     * to-be-closed variable is marked and the loop starts at once (otherwise {@link Ops#markTbc}
     * checks it, or raises the error).
     */
    static boolean notClosable(Object v) {
        return v == null || v == Boolean.FALSE;
    }

    /**
     * CLOSE's fast path: when no to-be-closed variable is marked at or above stack index {@code
     * level} (whose {@code __close} would be a call), closes the upvalues open there and returns
     * true. A loop whose body makes a closure over its own locals closes them on every pass; in
     * compiled code that no longer leaves the frame to the interpreter each time round.
     */
    static boolean closeFast(LuaThread t, int level) {
        if (t.ntbc != 0 && t.tbc[t.ntbc - 1] >= level) return false;
        UpVal open = t.openUpvals;
        if (open != null && open.idx >= level) Ops.closeUpvals(t, level);
        return true;
    }

    /**
     * NEWTABLE of frame {@code f} into stack slot {@code a}, charged to the collector, which
     * collects when due (as {@link Ops#safePoint}: the registers above A are dead); true when
     * finalizers are due, which the general safe point ({@link #safePoint}) runs.
     */
    static boolean newTable(LuaThread t, CallFrame f, Object[] stk, int a, int b, int c, int next) {
        stk[a] = new LuaTable(b, c);
        if ((t.g.gcDebt += Collector.TABLE_BYTES + c * 40L) <= 0) return false;
        f.pc = next;
        return !Ops.stepBelow(t, a + 1, false);
    }

    /** NEWTABLE's safe point: may collect, run finalizers and move the stack. */
    static int safePoint(LuaThread t, CallFrame f, int i, int next, JitCode c, int base) {
        f.pc = next;
        Ops.safePoint(t, f, i);
        return resumePc(t, f, c, base);
    }
}
