package dev.lunatik.vm.interp;

import static dev.lunatik.vm.value.Lua.INT;

import dev.lunatik.vm.bytecode.Instruction;
import dev.lunatik.vm.bytecode.Op;
import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.gc.Collector;
import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.LuaUserdata;
import dev.lunatik.vm.value.MetaEvent;

/**
 * The register interpreter. {@link #execute} is the one dispatch loop: every case is short and
 * everything rare or slow lives in {@link Ops}, so the method stays under HotSpot's 8,000-byte
 * compile limit (a test checks it).
 *
 * <p>Calls are stackless: a Lua-to-Lua call pushes a {@link CallFrame} and the loop continues
 * with the callee; returning pops it. Java code enters through {@link #call}, which runs a nested
 * loop; only such nested Java-level calls use the Java stack, and they are counted against the
 * state's limit. A frame's <em>continuation</em> says what to do with its results, which is what
 * makes metamethods and {@code pcall} yieldable: a Lua metamethod runs as an ordinary frame whose
 * results are stored back (or turned into a jump) when it returns.
 */
public final class Interpreter {
    /** {@link #precall} results. */
    static final int DONE = 0;
    static final int PUSHED = 1;
    static final int YIELD = 2;

    private Interpreter() {}

    /**
     * Calls the value at stack index {@code fn} with the {@code nargs} values above it, from Java.
     * Results are left from {@code fn} on: exactly {@code nres} of them, or all of them with
     * {@code t.top} after the last when {@code nres} is -1.
     */
    public static void call(LuaThread t, int fn, int nargs, int nres) {
        GlobalState g = t.g;
        if (g.nCcalls + t.nprot >= g.javaCallLimit) {
            if (g.nCcalls + t.nprot >= g.javaCallLimit + 10) throw new LuaError("error in error handling");
            g.nCcalls += 10; // room to report the error
            try {
                throw Errors.rt(t, "C stack overflow");
            } finally {
                g.nCcalls -= 10;
            }
        }
        g.nCcalls++;
        t.nny++;
        int entry = t.nframes;
        try {
            int r = t.stk[fn] instanceof LuaClosure cl && cl.p.jit != null ? Jit.callFromHost(t, cl, fn, nargs, nres) : Jit.NOT_FRAMELESS;
            if (r == Jit.NOT_FRAMELESS) r = precall(t, fn, nargs, nres, CallFrame.CONT_NONE, 0);
            if (r == PUSHED) execute(t, entry);
        } catch (StackOverflowError so) {
            t.nframes = entry;
            t.recountProtected();
            throw new LuaError(Errors.where(t, 0) + "stack overflow (Java stack exhausted)");
        } catch (OutOfMemoryError oom) {
            memoryReserve = null;
            t.nframes = entry;
            t.clearDeadSlots(fn); // the callee's values are dead: let the heap reclaim them
            refillReserve();
            throw LuaError.memory();
        } finally {
            t.nny--;
            g.nCcalls--;
        }
    }

    /**
     * Starts a call of the value at {@code fn}. A Lua function gets a new frame (PUSHED: the
     * caller must run it); a Java function runs to completion (DONE) or asks to yield (YIELD);
     * other values go through {@code __call}.
     */
    static int precall(LuaThread t, int fn, int nargs, int nres, int cont, int contA) {
        Object f = t.stk[fn];
        while (true) {
            if (f instanceof LuaClosure cl) {
                pushLua(t, cl, fn, nargs, nres, cont, contA);
                if (t.hookMask != 0) Hooks.onCall(t, false);
                return PUSHED;
            }
            if (f instanceof JavaFunction jf) return callJava(t, jf, fn, nargs, nres, cont, contA);
            Object h = MetaEvent.CALL.in(t.g.metatableOf(f == INT ? Long.valueOf(0) : f));
            if (h == null) throw callError(t, fn, f);
            t.ensure(fn + nargs + 2 + GlobalState.MIN_STACK);
            System.arraycopy(t.stk, fn, t.stk, fn + 1, nargs + 1);
            System.arraycopy(t.num, fn, t.num, fn + 1, nargs + 1);
            t.set(fn, h);
            nargs++;
            f = t.stk[fn];
        }
    }

    private static LuaError callError(LuaThread t, int fn, Object f) {
        String info = "";
        if (t.nframes > 0) {
            CallFrame top = t.topFrame();
            if (top.closure != null && fn >= top.base) {
                int pc = top.pc - 1;
                var op = pc >= 0 && pc < top.closure.p.code.length ? Instruction.opCode(top.closure.p.code[pc]) : null;
                if (op == dev.lunatik.vm.bytecode.OpCode.TFORCALL) {
                    info = " (for iterator 'for iterator')";
                } else if (op == dev.lunatik.vm.bytecode.OpCode.CALL || op == dev.lunatik.vm.bytecode.OpCode.TAILCALL) {
                    info = Errors.regInfo(t, fn - top.base);
                } else {
                    // a metamethod called by an operator: Lua names it by the event
                    DebugInfo.Name mm = DebugInfo.metaName(top);
                    info = mm == null ? Errors.regInfo(t, fn - top.base) : " (metamethod '" + mm.name() + "')";
                }
            }
        }
        return Errors.typeError(t, f, "call", info);
    }

    static void pushLua(LuaThread t, LuaClosure cl, int fn, int nargs, int nres, int cont, int contA) {
        Proto p = cl.p;
        if (p.jit == null) p.hot++; // a call like CALL's: hosts, metamethods and varargs make functions hot too
        int base = registersBase(p, fn, nargs);
        int need = base + p.maxStackSize;
        if (need > t.g.frameLimit) t.stackOverflow(need, t.g.frameLimit);
        if (need + GlobalState.MIN_STACK > t.stk.length) t.ensure(need + GlobalState.MIN_STACK);
        CallFrame f = t.pushFrame();
        f.closure = cl;
        f.func = fn;
        f.base = base;
        f.top = need;
        f.pc = 0;
        f.nresults = nres;
        f.cont = cont;
        f.contA = contA;
        placeArgs(t, f, p, nargs);
    }

    /**
     * Where the registers of a call of {@code p} from slot {@code fn} with {@code nargs}
     * arguments start: after the function, or, for a vararg function given extra arguments,
     * above them (they stay where the caller put them).
     */
    static int registersBase(Proto p, int fn, int nargs) {
        return p.isVararg && nargs > p.numParams ? fn + 1 + nargs : fn + 1;
    }

    /**
     * The arguments of the new Lua frame {@code f} of {@code p} (registers from {@code f.base},
     * {@link #registersBase}) in place: a vararg function's fixed parameters copied above its
     * extra arguments, which the frame records; missing parameters nil.
     */
    static void placeArgs(LuaThread t, CallFrame f, Proto p, int nargs) {
        int np = p.numParams;
        int args = f.func + 1;
        Object[] stk = t.stk;
        if (f.base != args) {
            System.arraycopy(stk, args, stk, f.base, np);
            System.arraycopy(t.num, args, t.num, f.base, np);
            f.varargBase = args + np;
            f.nvarargs = nargs - np;
        } else {
            for (int i = nargs; i < np; i++) stk[args + i] = null;
            f.varargBase = 0;
            f.nvarargs = 0;
        }
    }

    static int callJava(LuaThread t, JavaFunction jf, int fn, int nargs, int nres, int cont, int contA) {
        int base = fn + 1;
        int need = base + nargs + GlobalState.MIN_STACK;
        if (need > t.g.stackLimit + GlobalState.EXTRA_STACK) t.stackOverflow(need, t.g.stackLimit + GlobalState.EXTRA_STACK);
        t.ensure(need);
        CallFrame f = t.pushFrame();
        f.jfunc = jf;
        f.func = fn;
        f.base = base;
        f.top = base + nargs;
        f.nresults = nres;
        f.cont = cont;
        f.contA = contA;
        if (t.hookMask != 0) Hooks.onCall(t, false);
        if (jf instanceof SpecialFunction sf) return sf.enter(t, f, nargs);
        int n = jf.invoke(t, base, nargs);
        postCall(t, f, base, n);
        return DONE;
    }

    /**
     * CALL of a Java function straight from the dispatch loop (the common library call), without
     * the detour through {@link Ops#slow} and {@link #precall}: runs {@code jf}, called from
     * register {@code a} by the instruction {@code i}, and stores its results as the instruction
     * asks. Returns false, having done nothing, when the general path must make the call: a
     * collection is due, hooks are on, {@code jf} is a {@link SpecialFunction}, or the stack must
     * grow first. (The trap was handled by the loop before.)
     */
    static boolean callJavaDirect(LuaThread t, JavaFunction jf, int a, int i) {
        int b = Instruction.b(i);
        return callJavaDirect(t, jf, a, b != 0 ? b - 1 : t.top - (a + 1), Instruction.c(i) - 1);
    }

    /**
     * As {@link #callJavaDirect(LuaThread, JavaFunction, int, int)}, with the function in register
     * {@code a}, {@code nargs} arguments after it and {@code nres} results wanted (-1: all): the
     * call of CALL and of TFORCALL (the iterator of a generic {@code for}, such as ipairs').
     */
    static boolean callJavaDirect(LuaThread t, JavaFunction jf, int a, int nargs, int nres) {
        GlobalState g = t.g;
        int base = a + 1;
        if (g.gcDebt > 0 || t.hookMask != 0 || jf instanceof SpecialFunction
                || base + nargs + GlobalState.MIN_STACK > t.stk.length) {
            return false;
        }
        CallFrame f = t.pushJavaFrame(jf, a, base, base + nargs, nres);
        int n = jf.invoke(t, base, nargs);
        if (t.hookMask == 0) { // a plain frame: postCall without its switch
            t.nframes--;
            moveResults(t, a, base, nres, n);
            return true;
        }
        postCall(t, f, base, n);
        return true;
    }

    /**
     * Frame {@code fr} (the top frame) returns {@code n} results found at {@code src}: pop it and
     * deliver them as its continuation says.
     */
    static void postCall(LuaThread t, CallFrame fr, int src, int n) {
        if (t.hookMask != 0) Hooks.onReturn(t, fr, src, n);
        Object[] stk = t.stk;
        long[] num = t.num;
        t.nframes--;
        switch (fr.cont) {
            case CallFrame.CONT_NONE:
                moveResults(t, fr.func, src, fr.nresults, n);
                return;
            case CallFrame.CONT_STORE:
                storeFirst(stk, num, fr.contA, src, n);
                return;
            case CallFrame.CONT_DISCARD:
                return;
            case CallFrame.CONT_COND: {
                boolean res = n > 0 && Lua.isTruthy(stk[src]);
                if (res != (fr.contA != 0)) t.frames[t.nframes - 1].pc++;
                return;
            }
            case CallFrame.CONT_CONCAT: {
                int d = fr.contA;
                storeFirst(stk, num, d, src, n);
                CallFrame caller = t.frames[t.nframes - 1];
                caller.concatEnd = d;
                caller.pc--; // run the CONCAT again, from the folded operand down
                caller.flags |= CallFrame.RERUN;
                return;
            }
            case CallFrame.CONT_CLOSE: {
                CallFrame caller = t.frames[t.nframes - 1];
                caller.pc--; // run the closing instruction again: it closes the next variable
                caller.flags |= CallFrame.RERUN;
                return;
            }
            case CallFrame.CONT_PCALL:
            case CallFrame.CONT_XPCALL: {
                t.nprot--;
                CallFrame pf = t.frames[t.nframes - 1];
                int dst = pf.func;
                t.ensure(dst + n + 1 + GlobalState.MIN_STACK);
                stk = t.stk;
                num = t.num;
                if (n > 0) {
                    System.arraycopy(stk, src, stk, dst + 1, n);
                    System.arraycopy(num, src, num, dst + 1, n);
                }
                stk[dst] = Boolean.TRUE;
                postCall(t, pf, dst, n + 1);
                return;
            }
            case CallFrame.CONT_RESULTS: {
                CallFrame jf = t.frames[t.nframes - 1];
                int dst = jf.func;
                int want = fr.contA < 0 ? n : fr.contA;
                t.ensure(dst + want + GlobalState.MIN_STACK);
                stk = t.stk;
                num = t.num;
                int m = Math.min(n, want);
                if (m > 0) {
                    System.arraycopy(stk, src, stk, dst, m);
                    System.arraycopy(num, src, num, dst, m);
                }
                for (int i = m; i < want; i++) stk[dst + i] = null;
                postCall(t, jf, dst, want);
                return;
            }
            case CallFrame.CONT_CLOSE_ERR: {
                // a closing method of a failed pcall returned: close the next variable, unless
                // the pcall's Java loop called it and goes on by itself
                CallFrame pf = t.frames[t.nframes - 1];
                if ((pf.flags & CallFrame.FAIL_LOOP) == 0) continueFailing(t, pf); // a yield sets t.yielded
                return;
            }
            default:
                throw new IllegalStateException("bad continuation " + fr.cont);
        }
    }

    /**
     * A plain return's delivery: the {@code n} results at {@code src} to {@code dst}, as many as
     * {@code want} (nil past the last), or all of them up to a new stack top when {@code want < 0}.
     */
    static void moveResults(LuaThread t, int dst, int src, int want, int n) {
        Object[] stk = t.stk;
        long[] num = t.num;
        if (want == 1) {
            storeFirst(stk, num, dst, src, n);
            return;
        }
        int m = want < 0 ? n : Math.min(n, want);
        if (dst != src) moveDown(stk, num, src, dst, m);
        if (want < 0) {
            t.top = dst + n;
            return;
        }
        for (int k = m; k < want; k++) stk[dst + k] = null;
    }

    /**
     * Moves {@code n} values from {@code src} down to {@code dst} (below it): a plain loop for the
     * few results most calls return, which costs less than the two array-copy stub calls.
     */
    private static void moveDown(Object[] stk, long[] num, int src, int dst, int n) {
        if (n > 8) {
            System.arraycopy(stk, src, stk, dst, n);
            System.arraycopy(num, src, num, dst, n);
            return;
        }
        for (int k = 0; k < n; k++) {
            stk[dst + k] = stk[src + k];
            num[dst + k] = num[src + k];
        }
    }

    /** The first of {@code n} results at {@code src} (nil when there are none) to slot {@code d}. */
    private static void storeFirst(Object[] stk, long[] num, int d, int src, int n) {
        if (n > 0) {
            stk[d] = stk[src];
            num[d] = num[src];
        } else {
            stk[d] = null;
        }
    }

    /** Bytes set aside so that an {@link OutOfMemoryError} can still be reported and unwound. */
    private static final int RESERVE_BYTES = 1 << 20;
    /** Released when a Java memory error is caught (shared by the states of the JVM). */
    private static volatile byte[] memoryReserve = new byte[RESERVE_BYTES];

    /**
     * Sets the reserve aside again after a memory error, if the heap has room; the collector calls
     * this after each collection, since right after the error the failed script's objects may
     * still be held by dead Java locals.
     */
    public static void refillReserve() {
        if (memoryReserve != null) return;
        try {
            memoryReserve = new byte[RESERVE_BYTES];
        } catch (OutOfMemoryError stillShort) {
            // the heap is still full (objects held by the host): try again at the next error
        }
    }

    /**
     * A Java {@link OutOfMemoryError} in the frames run by {@link #execute} from {@code entry}:
     * frees the reserve (headroom for the error handling), raises Lua's memory error there
     * ({@link LuaError#memory}), and clears the stack slots the failed frames used so the heap can
     * reclaim what they built. Returns when a {@code pcall} caught the error.
     *
     * <p>Sound because the structures a script can observe allocate before they mutate
     * ({@link dev.lunatik.vm.value.LuaTable} growth, the thread's stack and frames), so a failed
     * allocation leaves them as they were. An allocation in host or library code outside these
     * paths may still leave that code's own object half-updated (as with any exception); the VM
     * itself stays consistent.
     */
    static void outOfMemory(LuaThread t, int entry) {
        memoryReserve = null;
        int results = -1; // where the catching pcall's results go
        for (int fi = t.nframes - 1; fi >= entry && fi > 0; fi--) {
            if (catches(t.frames[fi].cont)) {
                results = t.frames[fi - 1].func;
                break;
            }
        }
        try {
            handleError(t, entry, LuaError.memory());
        } finally {
            t.clearDeadSlots(0);
        }
        // caught by a pcall: above its two results (false, message) every slot of the caller is a
        // temporary of that call (a call's function sits in the first free register)
        if (results >= 0) t.clearSlots(results + 2, t.stk.length);
        refillReserve();
    }

    /**
     * An error reached the loop: let the innermost protected call at or above frame {@code entry}
     * catch it (returns normally), or unwind to {@code entry} and rethrow.
     */
    static void handleError(LuaThread t, int entry, LuaError e) {
        int k = -1;
        for (int fi = t.nframes - 1; fi >= entry; fi--) {
            if (catches(t.frames[fi].cont)) {
                k = fi;
                break;
            }
        }
        if (k < 0) {
            if (e.luaTraceback() == null) e.setLuaTraceback(DebugInfo.traceback(t, null, 0));
            // as lua_resume: a coroutine killed by an error keeps its stack for the debug
            // library; coroutine.close (or wrap) unwinds it and closes its pending variables
            if (entry == 0 && t.resumer != null) throw e; // the body of a resumed coroutine
            if (!e.messageHandled()) e = outerHandler(t, entry, e);
            if (t.nframes > entry) {
                int from = t.frames[entry].func;
                int used = t.usedAbove(entry);
                Object err = Ops.unwind(t, from, e.value());
                t.clearSlots(from, used);
                t.recoverOverflow(from);
                t.nframes = entry;
                if (err != e.value()) {
                    LuaError e2 = new LuaError(err);
                    e2.setLuaTraceback(e.luaTraceback());
                    throw e2;
                }
            }
            throw e;
        }
        CallFrame callee = t.frames[k];
        CallFrame pf = t.frames[k - 1];
        int level = callee.cont == CallFrame.CONT_CLOSE_ERR ? pf.failLevel : callee.func;
        failProtected(t, k - 1, level, callee.cont == CallFrame.CONT_XPCALL, e.messageHandled(), e.value());
    }

    /**
     * Whether an error in a frame with continuation {@code c} (or above it) is caught by the
     * pcall/xpcall frame below it: its protected callee, or a closing method it runs after a failure.
     */
    private static boolean catches(int c) {
        return c == CallFrame.CONT_PCALL || c == CallFrame.CONT_XPCALL || c == CallFrame.CONT_CLOSE_ERR;
    }

    /**
     * An error leaves a Java-level call ({@code entry}) uncaught: when the protected call that
     * will catch it below is an xpcall, its message handler runs now, with the failing frames
     * still on the stack (as Lua runs it where the error is raised), and the error carries the
     * handler's result from then on.
     */
    private static LuaError outerHandler(LuaThread t, int entry, LuaError e) {
        for (int fi = entry - 1; fi > 0; fi--) {
            int c = t.frames[fi].cont;
            if (!catches(c)) continue;
            CallFrame pf = t.frames[fi - 1];
            boolean xpcall = c == CallFrame.CONT_XPCALL
                    || c == CallFrame.CONT_CLOSE_ERR && (pf.flags & CallFrame.FAILING_X) != 0;
            if (!xpcall) return e;
            LuaError h = new LuaError(runHandler(t, pf.handler, e.value()));
            h.setLuaTraceback(e.luaTraceback());
            h.markMessageHandled();
            return h;
        }
        return e;
    }

    /**
     * The call protected by the pcall/xpcall frame at index {@code pi} failed with {@code err}, or
     * (the frame already {@link CallFrame#FAILING}) one of its closing methods did: run the xpcall
     * message handler (with the failing frames still on the stack, as Lua runs it where the error
     * is raised) unless {@code handled}, drop the frames above {@code pi}, and go on closing the
     * callee's variables from {@code level} (its function slot) up ({@link #continueFailing}).
     * Returns as {@link #precall}: {@link #DONE} when the pcall has returned {@code false, err},
     * {@link #PUSHED} when a closing method's frame is to run, {@link #YIELD}.
     */
    static int failProtected(LuaThread t, int pi, int level, boolean xpcall, boolean handled, Object err) {
        CallFrame pf = t.frames[pi];
        boolean first = (pf.flags & CallFrame.FAILING) == 0;
        if (first) t.nprot--;
        if ((first ? xpcall : (pf.flags & CallFrame.FAILING_X) != 0) && !handled) err = runHandler(t, pf.handler, err);
        // closing methods run with the failed frames gone (their caller is the pcall), above
        // every slot those frames used so the values still to close stay intact
        int used = Math.max(pf.top, t.usedAbove(pi + 1));
        t.nframes = pi + 1;
        if (first) {
            pf.flags |= CallFrame.FAILING | (xpcall ? CallFrame.FAILING_X : 0);
            pf.failLevel = level;
            pf.failTop = pf.top;
        }
        pf.top = used;
        pf.failErr = err;
        return continueFailing(t, pf);
    }

    private static Object runHandler(LuaThread t, Object handler, Object err) {
        try {
            return t.call1(handler, err);
        } catch (LuaError e2) {
            return dev.lunatik.vm.value.LuaString.valueOf("error in error handling");
        }
    }

    /**
     * Closes the next pending variable of the failed pcall {@code pf} (the top frame): its
     * closing method is called as a frame ({@link CallFrame#CONT_CLOSE_ERR}) with the error so
     * far, so it may yield as Lua's may; when it returns, {@link #postCall} comes back here. A
     * closing method's error replaces the error (through an xpcall's handler). With no variable
     * left, the pcall returns {@code false, err}. Returns as {@link #failProtected}.
     */
    static int continueFailing(LuaThread t, CallFrame pf) {
        int pi = t.nframes - 1;
        int level = pf.failLevel;
        pf.flags |= CallFrame.FAIL_LOOP; // a Java closer's return must not re-enter this loop
        while (true) {
            Ops.closeUpvals(t, level);
            if (t.ntbc == 0 || t.tbc[t.ntbc - 1] < level) break;
            int idx = t.tbc[--t.ntbc];
            Object v = t.get(idx);
            Object h = MetaEvent.CLOSE.in(t.g.metatableOf(v));
            if (h == null) continue;
            int at = pf.top;
            try {
                t.ensure(at + 3 + GlobalState.MIN_STACK);
                t.stk[at] = h;
                t.set(at + 1, v);
                t.set(at + 2, pf.failErr);
                int r = precall(t, at, 2, 0, CallFrame.CONT_CLOSE_ERR, 0);
                if (r != DONE) {
                    pf.flags &= ~CallFrame.FAIL_LOOP;
                    return r;
                }
            } catch (LuaError e) {
                t.nframes = pi + 1;
                Object err = e.value();
                if ((pf.flags & CallFrame.FAILING_X) != 0 && !e.messageHandled()) err = runHandler(t, pf.handler, err);
                pf.failErr = err;
            }
        }
        Object err = pf.failErr;
        t.clearSlots(level, pf.top); // what the failed frames left is garbage
        pf.top = pf.failTop;
        pf.failErr = null;
        pf.flags &= ~(CallFrame.FAILING | CallFrame.FAILING_X | CallFrame.FAIL_LOOP);
        t.recoverOverflow(pf.func + 2);
        t.stk[pf.func] = Boolean.FALSE;
        t.set(pf.func + 1, err);
        postCall(t, pf, pf.func, 2);
        return DONE;
    }

    /**
     * Runs Lua frames until the frame count drops to {@code entry} (the frame at index
     * {@code entry} returned) or a coroutine yields.
     *
     * <p>This is the one dispatch loop: every instruction runs here, with or without hooks. Each
     * case holds only its fast path; everything else goes through {@link Ops#slow}, one
     * out-of-line entry kept too big for C2 to inline, so that the compiler's inlining budget is
     * spent on the fast paths and the loop compiles quickly. Opcodes are named by {@link Op} and
     * operands decoded by {@link Instruction}'s accessors.
     *
     * <p><b>Hooks</b> enter through a check at the fetch, as {@code lvm.c}'s {@code vmfetch}
     * does with its {@code trap}: {@code tracing} (a local, set when the frame is loaded) makes
     * the loop report count and line events before an instruction ({@link Hooks#traceExec}), and
     * a hook mask sends calls and returns through the general path, which reports call and
     * return events. A Java function that sets a hook makes the loop reload its frame, so the
     * change takes effect at the next instruction.
     *
     * <p><b>The trap</b> ({@link GlobalState#trap}: an interrupt, an abort or an instruction
     * budget) is read where a step of the budget is taken, at calls and backward jumps, and
     * handled there by {@link Hooks#trapped} before the instruction goes on as usual.
     */
    static void execute(LuaThread t, int entry) {
        CallFrame f;
        LuaClosure cl;
        Proto p;
        int[] code;
        Object[] kr;
        long[] kn;
        UpVal[] up;
        int base;
        int pc;
        newframe:
        while (true) {
            // (re)load the state of the top frame; plain Lua calls and returns switch frames below
            // without coming back here
            f = t.frames[t.nframes - 1];
            cl = f.closure;
            p = cl.p;
            code = p.code;
            kr = p.kRef;
            kn = p.kNum;
            up = cl.upvals;
            base = f.base;
            pc = f.pc;
            final Object[] stk = t.stk;
            final long[] num = t.num;
            final boolean tracing = t.tracesInstructions();
            try {
                // a compiled function runs its frame in its own code (see JitCode)
                if ((p.jit != null || p.hot >= t.g.jitThreshold) && t.hookMask == 0 && Jit.compile(t.g, p) && ((JitCode) p.jit).canEnter(pc)) {
                    if (((JitCode) p.jit).run(t, f, 0) == Jit.YIELD || t.nframes <= entry) return;
                    continue newframe;
                }
                while (true) {
                    if (tracing && Hooks.traceExec(t, f, pc)) continue newframe; // a hook ran: reload
                    final int i = code[pc++];
                    final int a = base + Instruction.a(i);
                    switch (Instruction.op(i)) {
                        case Op.MOVE: {
                            int b = base + Instruction.b(i);
                            stk[a] = stk[b];
                            num[a] = num[b];
                            continue;
                        }
                        case Op.LOADK: {
                            int bx = Instruction.bx(i);
                            stk[a] = kr[bx];
                            num[a] = kn[bx];
                            continue;
                        }
                        case Op.LOADI:
                            stk[a] = INT;
                            num[a] = Instruction.sbx(i);
                            continue;
                        case Op.LOADBOOL:
                            stk[a] = Instruction.b(i) != 0 ? Boolean.TRUE : Boolean.FALSE;
                            if (Instruction.c(i) != 0) pc++;
                            continue;
                        case Op.GETUPVAL:
                            Jit.getUpval(up[Instruction.b(i)], stk, num, a);
                            continue;
                        case Op.GETTABUP: {
                            UpVal u = up[Instruction.b(i)];
                            int c = Instruction.c(i);
                            if (Instruction.isK(c) && u.valueRef() instanceof LuaTable tab
                                    && Ops.get(tab, kr[Instruction.indexK(c)], kn[Instruction.indexK(c)], stk, num, a)) continue;
                            break;
                        }
                        case Op.GETTABLE: {
                            if (stk[base + Instruction.b(i)] instanceof LuaTable tab) {
                                int c = Instruction.c(i);
                                Object kref = Instruction.isK(c) ? kr[Instruction.indexK(c)] : stk[base + c];
                                long knum = Instruction.isK(c) ? kn[Instruction.indexK(c)] : num[base + c];
                                if (Ops.get(tab, kref, knum, stk, num, a)) continue;
                            }
                            break;
                        }
                        case Op.SETTABUP: {
                            UpVal u = up[Instruction.a(i)];
                            int b = Instruction.b(i);
                            if (Instruction.isK(b) && u.valueRef() instanceof LuaTable tab) {
                                int c = Instruction.c(i);
                                Object vref = Instruction.isK(c) ? kr[Instruction.indexK(c)] : stk[base + c];
                                long vnum = Instruction.isK(c) ? kn[Instruction.indexK(c)] : num[base + c];
                                if (Ops.fastSet(tab, kr[Instruction.indexK(b)], kn[Instruction.indexK(b)], vref, vnum)) continue;
                            }
                            break;
                        }
                        case Op.SETUPVAL:
                            Jit.setUpval(up[Instruction.b(i)], stk, num, a);
                            continue;
                        case Op.SETTABLE: {
                            if (stk[a] instanceof LuaTable tab) {
                                int b = Instruction.b(i);
                                int c = Instruction.c(i);
                                Object kref = Instruction.isK(b) ? kr[Instruction.indexK(b)] : stk[base + b];
                                long knum = Instruction.isK(b) ? kn[Instruction.indexK(b)] : num[base + b];
                                Object vref = Instruction.isK(c) ? kr[Instruction.indexK(c)] : stk[base + c];
                                long vnum = Instruction.isK(c) ? kn[Instruction.indexK(c)] : num[base + c];
                                if (Ops.fastSet(tab, kref, knum, vref, vnum)) continue;
                            }
                            break;
                        }
                        case Op.NEWTABLE: // charged to the collector; a positive debt makes this a GC safe point
                            stk[a] = new LuaTable(Instruction.b(i), Instruction.c(i));
                            if ((t.g.gcDebt += Collector.TABLE_BYTES + Instruction.c(i) * 40) > 0) {
                                f.pc = pc;
                                Ops.safePoint(t, f, i); // may collect, run finalizers, move the stack
                                continue newframe;
                            }
                            continue;
                        case Op.SELF: {
                            int b = base + Instruction.b(i);
                            int c = Instruction.c(i);
                            Object obj = stk[b];
                            stk[a + 1] = obj; // the slow path expects the object here
                            num[a + 1] = num[b];
                            if (Instruction.isK(c) && Jit.selfGet(t, obj, kr[Instruction.indexK(c)], kn[Instruction.indexK(c)], stk, num, a, null, 0)) continue;
                            break;
                        }
                        case Op.ADD:
                        case Op.SUB:
                        case Op.MUL:
                        case Op.MOD:
                        case Op.IDIV:
                        case Op.BAND:
                        case Op.BOR:
                        case Op.BXOR:
                        case Op.SHL:
                        case Op.SHR: {
                            int b = Instruction.b(i);
                            int c = Instruction.c(i);
                            if ((Instruction.isK(b) ? kr[Instruction.indexK(b)] : stk[base + b]) == INT
                                    && (Instruction.isK(c) ? kr[Instruction.indexK(c)] : stk[base + c]) == INT) {
                                long x = Instruction.isK(b) ? kn[Instruction.indexK(b)] : num[base + b];
                                long y = Instruction.isK(c) ? kn[Instruction.indexK(c)] : num[base + c];
                                int op = Instruction.op(i);
                                long r;
                                if (op == Op.ADD) {
                                    r = x + y;
                                } else if (op == Op.SUB) {
                                    r = x - y;
                                } else if (op == Op.MUL) {
                                    r = x * y;
                                } else if (op >= Op.BAND) {
                                    r = Ops.bitwise(op, x, y);
                                } else if (y == 0) {
                                    break; // division by zero: the slow path raises the error
                                } else if (op == Op.MOD) {
                                    r = Jit.mod(x, y);
                                } else {
                                    r = Jit.idiv(x, y);
                                }
                                Jit.setInt(stk, num, a, r);
                                continue;
                            }
                            break;
                        }
                        case Op.UNM: {
                            int b = base + Instruction.b(i);
                            if (stk[b] == INT) {
                                stk[a] = INT;
                                num[a] = -num[b];
                                continue;
                            }
                            break;
                        }
                        case Op.NOT:
                            stk[a] = Jit.not(stk[base + Instruction.b(i)]);
                            continue;
                        case Op.LEN:
                            if (Jit.len(stk[base + Instruction.b(i)], stk, num, a)) continue;
                            break;
                        case Op.JMP:
                            if (t.g.trap) {
                                f.pc = pc;
                                Hooks.trapped(t, f, i);
                            }
                            if (a == base) { // A > 0: upvalues to close first (the slow path)
                                int sbx = Instruction.sbx(i);
                                pc += sbx;
                                if (sbx < 0 && (p.jit != null || ++p.hot == t.g.jitThreshold)) { // a hot while/repeat loop, or back to compiled code at its head
                                    f.pc = pc;
                                    continue newframe;
                                }
                                continue;
                            }
                            break;
                        case Op.EQ: {
                            int b = Instruction.b(i);
                            int c = Instruction.c(i);
                            int eq = Jit.eq(Instruction.isK(b) ? kr[Instruction.indexK(b)] : stk[base + b],
                                    Instruction.isK(b) ? kn[Instruction.indexK(b)] : num[base + b],
                                    Instruction.isK(c) ? kr[Instruction.indexK(c)] : stk[base + c],
                                    Instruction.isK(c) ? kn[Instruction.indexK(c)] : num[base + c]);
                            if (eq < 0) break; // metamethods may decide
                            if ((eq != 0) != (a != base)) pc++;
                            continue;
                        }
                        case Op.LT:
                        case Op.LE: {
                            int b = Instruction.b(i);
                            int c = Instruction.c(i);
                            if ((Instruction.isK(b) ? kr[Instruction.indexK(b)] : stk[base + b]) == INT
                                    && (Instruction.isK(c) ? kr[Instruction.indexK(c)] : stk[base + c]) == INT) {
                                long xv = Instruction.isK(b) ? kn[Instruction.indexK(b)] : num[base + b];
                                long yv = Instruction.isK(c) ? kn[Instruction.indexK(c)] : num[base + c];
                                boolean res = Instruction.op(i) == Op.LT ? xv < yv : xv <= yv;
                                if (res != (a != base)) pc++;
                                continue;
                            }
                            break;
                        }
                        case Op.TEST:
                            if (Jit.truthy(stk[a]) != (Instruction.c(i) != 0)) pc++;
                            continue;
                        case Op.TESTSET:
                            if (Jit.testSet(stk, num, a, base + Instruction.b(i), Instruction.c(i) != 0)) pc++;
                            continue;
                        case Op.CALL: {
                            if (t.g.trap) {
                                f.pc = pc;
                                Hooks.trapped(t, f, i);
                            }
                            Object fn = stk[a];
                            if (t.hookMask != 0) break; // call events: the general path
                            if (fn instanceof LuaClosure ncl) {
                                if (ncl.p.jit != null) { // compiled: without a frame when its code can run so
                                    f.pc = pc;
                                    int r = Jit.callFromInterpreter(t, ncl, a, i);
                                    if (r == DONE) {
                                        if (t.stk != stk) continue newframe; // the stack moved: reload the frame
                                        continue;
                                    }
                                    if (r == PUSHED) continue newframe; // it stopped: its frames go on here
                                }
                                CallFrame nf = Jit.pushCall(t, f, ncl, a, i, pc);
                                if (nf != null) {
                                    Proto np = ncl.p;
                                    f = nf;
                                    cl = ncl;
                                    p = np;
                                    code = np.code;
                                    kr = np.kRef;
                                    kn = np.kNum;
                                    up = ncl.upvals;
                                    base = nf.base;
                                    pc = 0;
                                    if (np.jit != null || ++np.hot >= t.g.jitThreshold) continue newframe; // compiled, or now hot
                                    continue;
                                }
                            } else if (fn instanceof JavaFunction jf) {
                                f.pc = pc;
                                if (callJavaDirect(t, jf, a, i)) {
                                    // the stack moved or a hook was set: reload the frame
                                    if (t.stk != stk || t.hookMask != 0) continue newframe;
                                    continue;
                                }
                            }
                            break;
                        }
                        case Op.TAILCALL: {
                            if (t.g.trap) {
                                f.pc = pc;
                                Hooks.trapped(t, f, i);
                            }
                            if (t.hookMask == 0 && stk[a] instanceof LuaClosure ncl && Jit.reuseForTailCall(t, f, ncl, a, i)) {
                                Proto np = ncl.p;
                                cl = ncl;
                                p = np;
                                code = np.code;
                                kr = np.kRef;
                                kn = np.kNum;
                                up = ncl.upvals;
                                base = f.base;
                                pc = 0;
                                // as CALL: a function reached only by tail calls gets hot too, and runs compiled
                                if (np.jit != null || ++np.hot >= t.g.jitThreshold) continue newframe;
                                continue;
                            }
                            break;
                        }
                        case Op.RETURN: {
                            if (Jit.ret(t, f, a, Instruction.b(i) != 0 ? Instruction.b(i) - 1 : t.top - a)) {
                                if (t.nframes <= entry) return;
                                // back to the caller, a Lua frame (a Java caller would be an entry)
                                f = t.frames[t.nframes - 1];
                                cl = f.closure;
                                p = cl.p;
                                code = p.code;
                                kr = p.kRef;
                                kn = p.kNum;
                                up = cl.upvals;
                                base = f.base;
                                pc = f.pc;
                                if (p.jit != null) continue newframe; // back to compiled code
                                continue;
                            }
                            break;
                        }
                        case Op.FORLOOP: {
                            long cnt = num[a + 1];
                            if (cnt != 0) {
                                if (t.g.trap) {
                                    f.pc = pc;
                                    Hooks.trapped(t, f, i);
                                }
                                num[a + 1] = cnt - 1;
                                long v = num[a] + num[a + 2];
                                num[a] = v;
                                Jit.setInt(stk, num, a + 3, v);
                                pc += Instruction.sbx(i);
                                if (p.jit != null || ++p.hot == t.g.jitThreshold) { // hot loop: compile, go on in compiled code (or back to it)
                                    f.pc = pc;
                                    continue newframe;
                                }
                            }
                            continue;
                        }
                        case Op.FORPREP: {
                            int r = Jit.forPrep(stk, num, a);
                            if (r == 0) continue; // enter the loop
                            if (r > 0) { // skip it
                                pc += Instruction.sbx(i) + 1;
                                continue;
                            }
                            break;
                        }
                        case Op.TFORCALL: { // a Java iterator (ipairs', next) is called as CALL calls one
                            if (stk[a] instanceof JavaFunction jf && t.hookMask == 0) {
                                if (t.g.trap) {
                                    f.pc = pc;
                                    Hooks.trapped(t, f, i);
                                }
                                if (t.hookMask == 0 && Pairs.iteratorStep(stk, num, a, Instruction.c(i))) continue;
                                Ops.tforCopy(stk, num, a);
                                f.pc = pc;
                                if (callJavaDirect(t, jf, a + 4, 2, Instruction.c(i))) {
                                    if (t.stk != stk || t.hookMask != 0) continue newframe;
                                    continue;
                                }
                                // the general call (the trap is done)
                                if (precall(t, a + 4, 2, Instruction.c(i), CallFrame.CONT_NONE, 0) == YIELD) return;
                                if (t.nframes <= entry) return;
                                continue newframe;
                            }
                            break;
                        }
                        case Op.TFORLOOP:
                            if (stk[a + 4] != null) {
                                if (t.g.trap) {
                                    f.pc = pc;
                                    Hooks.trapped(t, f, i);
                                }
                                stk[a + 2] = stk[a + 4];
                                num[a + 2] = num[a + 4];
                                pc += Instruction.sbx(i);
                                if (p.jit != null || ++p.hot == t.g.jitThreshold) {
                                    f.pc = pc;
                                    continue newframe;
                                }
                            }
                            continue;
                        case Op.TFORPREP:
                            if (Instruction.sbx(i) >= 0 && Jit.notClosable(stk[a + 3])) { // (a backward jump is a corrupt chunk's: the general path)
                                pc += Instruction.sbx(i);
                                continue;
                            }
                            break;
                        case Op.CLOSE:
                            if (Jit.closeFast(t, a)) continue;
                            break;
                        default:
                            break;
                    }
                    // not handled by a fast path: the out-of-line slow path
                    f.pc = pc;
                    if (Ops.slow(t, f, i) == YIELD) return;
                    if (t.nframes <= entry) return;
                    continue newframe;
                }
            } catch (LuaError e) {
                handleError(t, entry, e);
                if (t.nframes <= entry || t.yielded) return;
            } catch (StackOverflowError so) {
                handleError(t, entry, new LuaError(Errors.where(t, 0) + "stack overflow (Java stack exhausted)"));
                if (t.nframes <= entry || t.yielded) return;
            } catch (OutOfMemoryError oom) {
                outOfMemory(t, entry); // see there why this is sound
                if (t.nframes <= entry || t.yielded) return;
            } catch (RuntimeException re) {
                if (re instanceof LuaError) throw re;
                LuaError le = new LuaError(dev.lunatik.vm.value.LuaString.valueOf(
                        Errors.where(t, 0) + "internal error: " + re), re);
                handleError(t, entry, le);
                if (t.nframes <= entry || t.yielded) return;
            }
        }
    }
}
