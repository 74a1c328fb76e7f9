package dev.lunatik.vm.interp;

import static dev.lunatik.vm.value.Lua.INT;

import dev.lunatik.vm.bytecode.Instruction;
import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.value.LuaString;

/**
 * Debug hooks ({@code debug.sethook}) and the state-wide trap (interrupt requests and the
 * instruction budget).
 *
 * <p><b>Zero cost when unused.</b> The fast dispatch loop in {@link Interpreter#execute} never
 * looks at hooks. A thread with a hook mask runs its Lua code here instead, in {@link #run}: one
 * instruction at a time, firing count and line events before each instruction; call and return
 * events come from {@link Interpreter#precall}/{@link Interpreter#postCall}, which only the slow
 * paths (and this loop) use. The switch happens where the interpreter (re)loads a frame, which it
 * does after every slow-path instruction, so {@code debug.sethook} (a Java call, always a slow
 * path) takes effect at the next instruction.
 *
 * <p>The trap ({@link GlobalState#trap}) is the one volatile flag the fast paths already read at
 * calls and backward jumps; when set they fall into {@link Ops#slow}, which calls
 * {@link #trapped} to raise a pending interrupt or charge the instruction budget.
 */
final class Hooks {
    static final int MASK_CALL = 1;
    static final int MASK_RET = 2;
    static final int MASK_LINE = 4;
    static final int MASK_COUNT = 8;

    private static final LuaString CALL = LuaString.valueOf("call");
    private static final LuaString TAILCALL = LuaString.valueOf("tail call");
    private static final LuaString RETURN = LuaString.valueOf("return");
    private static final LuaString LINE = LuaString.valueOf("line");
    private static final LuaString COUNT = LuaString.valueOf("count");

    private Hooks() {}

    // ------------------------------------------------------------------ trap: interrupt and budget

    /**
     * The fast path fell into the slow path with the trap set, about to run instruction {@code i}
     * of frame {@code f}: raise a pending interrupt, or charge the budget for a call or a backward
     * jump and raise "instruction limit exceeded" once it is spent.
     */
    static void trapped(LuaThread t, CallFrame f, int i) {
        GlobalState g = t.g;
        String abort = g.abortMessage;
        if (abort != null) {
            throw Errors.rt(t, abort);
        }
        if (g.interruptPending && g.takeInterrupt()) {
            throw Errors.rt(t, "interrupted!");
        }
        if (g.budgetActive && counts(t, i)) {
            if (--g.budget < 0) {
                g.budget = 0; // stays spent: every later call or loop iteration fails again
                throw Errors.rt(t, "instruction limit exceeded");
            }
        }
    }

    /** Whether instruction {@code i} is charged to the budget: a call or a taken backward jump. */
    private static boolean counts(LuaThread t, int i) {
        switch (i & 0x3F) {
            case 35: // CALL
            case 36: // TAILCALL
            case 41: // TFORCALL
                return true;
            case 29: // JMP
                return Instruction.sbx(i) < 0;
            case 38: // FORLOOP (backward when the loop goes on)
            case 42: // TFORLOOP
                return true;
            default:
                return false;
        }
    }

    // ------------------------------------------------------------------ the hooked loop

    /**
     * Runs the top Lua frames of {@code t} one instruction at a time with hooks, as
     * {@link Interpreter#execute} would. Returns true when execute must return (the frame at
     * {@code entry} returned, or the coroutine yielded); false when the hooks were turned off
     * and the fast loop can take over.
     */
    static boolean run(LuaThread t, int entry) {
        while (true) {
            if (t.nframes <= entry) return true;
            if (t.hookMask == 0) return false;
            CallFrame f = t.frames[t.nframes - 1];
            Proto p = f.closure.p;
            int pc = f.pc;
            int i = p.code[pc];
            f.pc = pc + 1;
            if ((f.flags & CallFrame.RERUN) != 0) {
                f.flags &= ~CallFrame.RERUN; // an instruction resumed after a metamethod: no new event
            } else if ((t.hookMask & (MASK_LINE | MASK_COUNT)) != 0 && t.allowHook) {
                traceExec(t, f, p, pc);
            }
            if (step(t, f, i) == Interpreter.YIELD) return true;
        }
    }

    /** Count and line events before instruction {@code pc} of frame {@code f} (f.pc is pc + 1). */
    private static void traceExec(LuaThread t, CallFrame f, Proto p, int pc) {
        int mask = t.hookMask;
        if ((mask & MASK_COUNT) != 0 && --t.hookCount == 0) {
            t.hookCount = t.baseHookCount;
            fire(t, COUNT, -1, f.top);
        }
        if ((mask & MASK_LINE) != 0) {
            int old = t.oldpc;
            int line = lineAt(p, pc);
            boolean fireLine;
            if (old < 0 || old >= p.code.length) {
                fireLine = true; // first instruction of a function (after Lua's VARARGPREP)
            } else {
                fireLine = pc <= old || lineAt(p, old) != line;
            }
            if (fireLine) fire(t, LINE, line, f.top);
            t.oldpc = pc;
        }
    }

    private static int lineAt(Proto p, int pc) {
        if (p.lineInfo.length == 0) return -1; // stripped: no line ever changes; events get nil
        return pc < p.lineInfo.length ? p.lineInfo[pc] : p.lineDefined;
    }

    /** Executes one instruction (fetched; f.pc already past it) with the slow-path semantics. */
    private static int step(LuaThread t, CallFrame f, int i) {
        Object[] stk = t.stk;
        long[] num = t.num;
        int base = f.base;
        int a = base + ((i >>> 6) & 0xFF);
        Proto p = f.closure.p;
        switch (i & 0x3F) {
            case 0: { // MOVE
                int b = base + (i >>> 23);
                stk[a] = stk[b];
                num[a] = num[b];
                return 0;
            }
            case 1: { // LOADK
                int bx = i >>> 14;
                stk[a] = p.kRef[bx];
                num[a] = p.kNum[bx];
                return 0;
            }
            case 3: // LOADI
                stk[a] = INT;
                num[a] = (i >>> 14) - Instruction.MAXARG_sBx;
                return 0;
            case 4: // LOADBOOL
                stk[a] = (i >>> 23) != 0 ? Boolean.TRUE : Boolean.FALSE;
                if (((i >>> 14) & 0x1FF) != 0) f.pc++;
                return 0;
            case 6: { // GETUPVAL
                Object v = f.closure.upvals[i >>> 23].getBoxed();
                t.set(a, v);
                return 0;
            }
            case 10: // SETUPVAL
                f.closure.upvals[i >>> 23].setBoxed(t.get(a));
                return 0;
            case 13: { // SELF: the slow path expects R[A+1] already set
                int b = base + (i >>> 23);
                stk[a + 1] = stk[b];
                num[a + 1] = num[b];
                break;
            }
            case 24: { // UNM (integer case; the slow path does metamethods)
                int b = base + (i >>> 23);
                if (stk[b] == INT) {
                    stk[a] = INT;
                    num[a] = -num[b];
                    return 0;
                }
                break;
            }
            case 27: { // LEN of a table without metatable
                if (stk[base + (i >>> 23)] instanceof dev.lunatik.vm.value.LuaTable tab && tab.getMetatable() == null) {
                    num[a] = tab.length();
                    stk[a] = INT;
                    return 0;
                }
                break;
            }
            case 30: // EQ
            case 31: // LT
            case 32: { // LE: integers here, everything else in the slow path
                int b = i >>> 23;
                int c = (i >>> 14) & 0x1FF;
                Object x = b > 255 ? p.kRef[b & 0xFF] : stk[base + b];
                Object y = c > 255 ? p.kRef[c & 0xFF] : stk[base + c];
                if (x == INT && y == INT) {
                    long xv = b > 255 ? p.kNum[b & 0xFF] : num[base + b];
                    long yv = c > 255 ? p.kNum[c & 0xFF] : num[base + c];
                    int op = i & 0x3F;
                    boolean res = op == 30 ? xv == yv : op == 31 ? xv < yv : xv <= yv;
                    if (res != (a != base)) f.pc++;
                    return 0;
                }
                break;
            }
            case 33: { // TEST
                Object v = stk[a];
                if ((v != null && v != Boolean.FALSE) != (((i >>> 14) & 0x1FF) != 0)) f.pc++;
                return 0;
            }
            case 34: { // TESTSET
                int b = base + (i >>> 23);
                Object v = stk[b];
                if ((v != null && v != Boolean.FALSE) == (((i >>> 14) & 0x1FF) != 0)) {
                    stk[a] = v;
                    num[a] = num[b];
                } else {
                    f.pc++;
                }
                return 0;
            }
            case 39: { // FORPREP: convert, check, then the fast path's logic
                if (t.g.trap) trapped(t, f, i);
                if (!(stk[a] == INT && stk[a + 1] == INT && stk[a + 2] == INT)) Ops.forPrep(t, a);
                stk = t.stk;
                num = t.num;
                long init = num[a];
                long limit = num[a + 1];
                long step = num[a + 2];
                if (step == 0) throw Errors.rt(t, "'for' step is zero");
                if (step > 0 ? init > limit : init < limit) {
                    f.pc += Instruction.sbx(i) + 1;
                    return 0;
                }
                num[a + 1] = Ops.forCount(init, limit, step);
                stk[a + 3] = INT;
                num[a + 3] = init;
                return 0;
            }
            default:
                break;
        }
        return Ops.slow(t, f, i);
    }

    // ------------------------------------------------------------------ call and return events

    /** The top frame was just entered (Lua or Java); {@code tail}: by a tail call. */
    static void onCall(LuaThread t, boolean tail) {
        CallFrame f = t.frames[t.nframes - 1];
        if (f.closure != null) t.oldpc = -1;
        if ((t.hookMask & MASK_CALL) != 0 && t.allowHook) {
            // the transferred values: a Lua function's parameters, a Java function's arguments
            int n = f.closure != null ? f.closure.p.numParams : f.top - f.base;
            fireTransfer(t, f, tail ? TAILCALL : CALL, f.top, 1, n);
        }
    }

    /** Frame {@code fr} (the top frame) returns {@code n} results at {@code src}. */
    static void onReturn(LuaThread t, CallFrame fr, int src, int n) {
        if ((t.hookMask & MASK_RET) != 0 && t.allowHook) {
            fireTransfer(t, fr, RETURN, Math.max(fr.top, src + n), src - fr.base + 1, n);
        }
        if (t.nframes >= 2) {
            CallFrame caller = t.frames[t.nframes - 2];
            if (caller.closure != null) t.oldpc = caller.pc - 1;
        }
    }

    /** A call or return event whose transferred values are locals {@code first..first+n-1} of {@code f}. */
    private static void fireTransfer(LuaThread t, CallFrame f, LuaString event, int above, int first, int n) {
        f.ftransfer = n != 0 ? first : 0; // as Lua: nothing transferred reads as 0, 0
        f.ntransfer = n;
        try {
            fire(t, event, -1, above);
        } finally {
            f.ftransfer = 0;
            f.ntransfer = 0;
        }
    }

    /**
     * Calls the hook function with (event [, line]) above stack index {@code above}, hooks off
     * inside; the interpreter's transient state ({@code top}, oldpc) is kept.
     */
    private static void fire(LuaThread t, LuaString event, int line, int above) {
        Object h = t.hook;
        if (h == null) return;
        int savedTop = t.top;
        int savedOld = t.oldpc;
        t.allowHook = false;
        try {
            int at = Math.max(above, t.top);
            t.ensure(at + 3 + GlobalState.MIN_STACK);
            t.set(at, h);
            t.stk[at + 1] = event;
            // as Lua's hook dispatcher: (event, line), the line nil when there is none
            int nargs = 2;
            if (line >= 0) t.setInt(at + 2, line);
            else t.stk[at + 2] = null;
            CallFrame hooked = t.frames[t.nframes - 1];
            hooked.flags |= CallFrame.HOOKED;
            try {
                Interpreter.call(t, at, nargs, 0);
            } finally {
                hooked.flags &= ~CallFrame.HOOKED;
            }
        } finally {
            t.allowHook = true;
            t.top = savedTop;
            t.oldpc = savedOld;
        }
    }
}
