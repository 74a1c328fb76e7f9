package dev.lunatik.vm.interp;

import dev.lunatik.vm.bytecode.Instruction;
import dev.lunatik.vm.bytecode.Op;
import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.value.LuaString;

/**
 * Debug hooks ({@code debug.sethook}) and the state-wide trap (interrupt and abort requests and
 * the instruction budget), for the one dispatch loop in {@link Interpreter#execute}.
 *
 * <p><b>Hooks.</b> The loop checks a local flag at each fetch (as {@code lvm.c}'s
 * {@code vmfetch} checks its {@code trap}): when the thread's mask has line or count events it
 * calls {@link #traceExec} before the instruction. Call and return events come from
 * {@link Interpreter#precall}/{@link Interpreter#postCall}, the general call path, which the loop
 * takes for every call and return while the thread has a hook. Without a hook none of this costs
 * more than the one predictable branch.
 *
 * <p><b>The trap</b> ({@link GlobalState#trap}) is the volatile flag the loop reads at calls and
 * backward jumps (the steps of the budget); when it is set the loop calls {@link #trapped}, which
 * raises a pending interrupt or abort or charges the instruction budget, and then goes on with
 * the instruction as usual.
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
        switch (Instruction.op(i)) {
            case Op.CALL:
            case Op.TAILCALL:
            case Op.TFORCALL:
                return true;
            case Op.JMP:
                return Instruction.sbx(i) < 0;
            case Op.FORLOOP: // called only when the loop goes on (backward)
            case Op.TFORLOOP:
                return true;
            default:
                return false;
        }
    }

    // ------------------------------------------------------------------ count and line events

    /**
     * Count and line events before instruction {@code pc} of frame {@code f}. Returns true when a
     * hook function ran: the loop must then reload its frame (the hook may have moved the stack,
     * changed locals or the hooks themselves) and run the instruction without a second report,
     * which the frame's {@link CallFrame#TRACED} flag ensures; an instruction resumed after a
     * metamethod ({@link CallFrame#RERUN}) is not reported again either.
     */
    static boolean traceExec(LuaThread t, CallFrame f, int pc) {
        if ((f.flags & (CallFrame.RERUN | CallFrame.TRACED)) != 0) {
            f.flags &= ~(CallFrame.RERUN | CallFrame.TRACED); // reported already, or resumed after a metamethod
            return false;
        }
        int mask = t.hookMask;
        Proto p = f.closure.p;
        boolean ran = false;
        f.pc = pc + 1; // as the instruction is being run: events see its line, errors its position
        try {
            // the hook runs above the frame, and above the open results of the instruction before
            // (a call or vararg with results up to top, which this one consumes); anything higher
            // is dead, whatever top says after an error unwound deeper frames
            int above = f.top;
            if (pc > 0 && opensResults(p.code[pc - 1])) above = Math.max(above, t.top);
            if ((mask & MASK_COUNT) != 0 && --t.hookCount == 0) {
                t.hookCount = t.baseHookCount;
                fire(t, COUNT, -1, above);
                ran = true;
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
                if (fireLine) {
                    fire(t, LINE, line, above);
                    ran = true;
                }
                t.oldpc = pc;
            }
        } finally {
            f.pc = pc;
        }
        if (ran) f.flags |= CallFrame.TRACED; // the loop reloads the frame and runs the instruction
        return ran;
    }

    /** Whether instruction {@code i} leaves its results open (up to top) for the next one to consume. */
    private static boolean opensResults(int i) {
        switch (Instruction.op(i)) {
            case Op.CALL:
                return Instruction.c(i) == 0;
            case Op.TAILCALL: // of a Java function: an open call, then RETURN A 0
                return true;
            case Op.VARARG:
                return Instruction.b(i) == 0;
            default:
                return false;
        }
    }

    private static int lineAt(Proto p, int pc) {
        if (p.lineInfo.length == 0) return -1; // stripped: no line ever changes; events get nil
        return pc < p.lineInfo.length ? p.lineInfo[pc] : p.lineDefined;
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
     * Calls the hook function with (event [, line]) at stack index {@code above} (every live value
     * is below it), hooks off inside; the interpreter's transient state ({@code top}, oldpc) is
     * kept.
     */
    private static void fire(LuaThread t, LuaString event, int line, int above) {
        Object h = t.hook;
        if (h == null) return;
        int savedTop = t.top;
        int savedOld = t.oldpc;
        t.allowHook = false;
        try {
            int at = above;
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
