package dev.lunatik.vm.interp;

import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import java.io.PrintStream;

/**
 * What all threads (coroutines) of one Lua state share: globals, registry, per-type metatables,
 * limits, output streams and counters (Lua's {@code global_State}).
 */
public final class GlobalState {
    /** Slots reserved above the stack limit for Java functions and error handling. */
    static final int EXTRA_STACK = 45;
    /** Free slots a Java function may use without checking (Lua's LUA_MINSTACK). */
    public static final int MIN_STACK = 20;

    public final LuaTable globals = new LuaTable();
    /** The embedding-API face of this state (set by its constructor). */
    public dev.lunatik.vm.api.LuaState api;
    /** Java modules {@code require} finds by name (the stand-in for the kernel's symbol table). */
    public final java.util.Map<String, dev.lunatik.vm.api.LuaLibrary> javaModules = new java.util.HashMap<>();
    public final LuaTable registry = new LuaTable();
    /** Metatable shared by all strings (arithmetic coercion; the string library adds __index). */
    public LuaTable stringMeta;
    public LuaTable numberMeta;
    public LuaTable booleanMeta;
    public LuaTable nilMeta;
    public LuaTable functionMeta;
    public LuaTable threadMeta;

    public final int stackLimit;
    /** Highest slot a Lua frame may use: the limit less Lua's EXTRA_STACK reserve of 5 slots. */
    final int frameLimit;
    public final int javaCallLimit;
    public PrintStream stdout;
    public PrintStream stderr;
    /** Standard input of the host {@code io} library. */
    public java.io.InputStream stdin = System.in;
    /** Nesting of Java-level calls (Lua's nCcalls). */
    int nCcalls;
    /** The main thread. */
    public final LuaThread mainThread;
    /** Warnings on ("@on") or off. */
    public boolean warningsOn;
    /** A warning message being continued (warn with several pieces). */
    public StringBuilder warnBuffer;
    /**
     * The trap: the one flag the interpreter's fast paths read, at calls and backward jumps
     * (loop back edges). When set they take the slow path, which asks {@link Hooks#trapped} to
     * raise a pending interrupt or abort, or charge the instruction budget. True exactly while an
     * interrupt is pending, an abort is on or a budget is set ({@link #updateTrap}); volatile so that another Java thread's
     * {@code interrupt()} is seen.
     */
    public volatile boolean trap;
    /**
     * Set from any thread to stop the running script: cleared by the interpreter, which raises
     * "interrupted!" (catchable, as lua's SIGINT hook).
     */
    volatile boolean interruptPending;
    /**
     * While non-null, the state is being aborted ({@link #abort}): every trapped instruction
     * raises this message, so that no loop, call or {@code pcall} can keep the script running.
     */
    volatile String abortMessage;
    /** An instruction budget is set: {@link #budget} steps are left. */
    boolean budgetActive;
    long budget;

    /** Asks the running script to stop (from any thread). */
    public synchronized void requestInterrupt() {
        interruptPending = true;
        trap = true;
    }

    /** Takes a pending interrupt (the interpreter, about to raise it); false when there is none. */
    synchronized boolean takeInterrupt() {
        if (!interruptPending) return false;
        interruptPending = false;
        updateTrap();
        return true;
    }

    /**
     * Aborts whatever the state runs, from any thread: until {@link #clearAbort}, every call,
     * backward jump and slow-path instruction raises the Lua error {@code message}. A
     * {@code pcall} may catch it, but the next call or loop iteration raises it again, so the
     * script unwinds to its host.
     */
    public synchronized void abort(String message) {
        abortMessage = java.util.Objects.requireNonNull(message, "message");
        trap = true;
    }

    /** Whether {@link #abort} is in force. */
    public boolean isAborting() {
        return abortMessage != null;
    }

    /** Ends {@link #abort}: the state runs normally again. */
    public synchronized void clearAbort() {
        abortMessage = null;
        updateTrap();
    }

    /**
     * Sets the instruction budget: {@code steps} more calls and backward jumps may run, then
     * each one raises "instruction limit exceeded"; a negative value removes the budget.
     */
    public synchronized void setBudget(long steps) {
        budgetActive = steps >= 0;
        budget = Math.max(steps, 0);
        updateTrap();
    }

    /** Steps left of the budget, or -1 when none is set. */
    public long budgetLeft() {
        return budgetActive ? budget : -1;
    }

    private void updateTrap() {
        trap = interruptPending || budgetActive || abortMessage != null;
    }

    /**
     * Allocation debt in bytes (see {@link dev.lunatik.vm.gc.Collector}): negative while the state
     * may allocate before its next collection; the interpreter tests it with one field read.
     */
    public long gcDebt;
    /** The collector: finalizers, weak tables, byte count, memory limit. */
    public final dev.lunatik.vm.gc.Collector gc = new dev.lunatik.vm.gc.Collector(this);

    /** Calls plus loop iterations after which the interpreter compiles a function (see {@link #setJit}). */
    int jitThreshold = Integer.MAX_VALUE;
    /** The tier choice (see {@link dev.lunatik.vm.api.JitMode}). */
    dev.lunatik.vm.api.JitMode jitMode = dev.lunatik.vm.api.JitMode.NEVER;

    public dev.lunatik.vm.api.JitMode jitMode() {
        return jitMode;
    }

    /** Chooses the tiers: {@code NEVER} interprets, {@code AUTO} compiles hot functions, {@code ALWAYS} all. */
    public void setJit(dev.lunatik.vm.api.JitMode mode) {
        jitMode = mode;
        jitThreshold = switch (mode) {
            case NEVER -> Integer.MAX_VALUE;
            case AUTO -> {
                Jit.warmUp();
                yield Jit.HOT;
            }
            case ALWAYS -> 0;
        };
    }

    public GlobalState(int stackLimit, int javaCallLimit, PrintStream stdout, PrintStream stderr) {
        this.stackLimit = stackLimit;
        this.frameLimit = stackLimit - 5;
        this.javaCallLimit = javaCallLimit;
        this.stdout = stdout;
        this.stderr = stderr;
        this.mainThread = new LuaThread(this, true);
        mainThread.status = LuaThread.RUNNING;
    }

    /** The metatable of any value (boxed form), or null. */
    /**
     * Sets the metatable of {@code v} as {@code lua_setmetatable} does: its own for tables and
     * userdata, the per-type one for any other value; a table or userdata whose new metatable has
     * a {@code __gc} field is marked for finalization (so host code and {@code debug.setmetatable}
     * register finalizers exactly as {@code setmetatable} does).
     */
    public void setMetatable(Object v, LuaTable mt) {
        if (v instanceof LuaTable t) {
            t.setMetatable(mt);
            gc.checkFinalizer(t, mt);
        } else if (v instanceof dev.lunatik.vm.value.LuaUserdata u) {
            u.setMetatable(mt);
            gc.checkFinalizer(u, mt);
        } else if (v instanceof LuaString) {
            stringMeta = mt;
        } else if (v instanceof Long || v == dev.lunatik.vm.value.Lua.INT) {
            numberMeta = mt;
        } else if (v == null) {
            nilMeta = mt;
        } else if (v instanceof Boolean) {
            booleanMeta = mt;
        } else if (v instanceof dev.lunatik.vm.value.LuaFunction) {
            functionMeta = mt;
        } else if (v instanceof LuaThread) {
            threadMeta = mt;
        }
    }

    public LuaTable metatableOf(Object v) {
        if (v instanceof LuaTable t) return t.getMetatable();
        if (v instanceof LuaString) return stringMeta;
        if (v instanceof dev.lunatik.vm.value.LuaUserdata u) return u.getMetatable();
        if (v instanceof Long || v == dev.lunatik.vm.value.Lua.INT) return numberMeta;
        if (v == null) return nilMeta;
        if (v instanceof Boolean) return booleanMeta;
        if (v instanceof dev.lunatik.vm.value.LuaFunction) return functionMeta;
        if (v instanceof LuaThread) return threadMeta;
        return null;
    }
}
