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
    /** Nesting of Java-level calls (Lua's nCcalls). */
    int nCcalls;
    /** The main thread. */
    public final LuaThread mainThread;
    /** Warnings on ("@on") or off. */
    public boolean warningsOn;
    /** A warning message being continued (warn with several pieces). */
    public StringBuilder warnBuffer;
    /**
     * Set from any thread to stop the running script: the interpreter checks it at loop back
     * edges and calls, clears it and raises "interrupted!" (catchable, as lua's SIGINT hook).
     */
    public volatile boolean interruptRequested;

    /**
     * Allocation debt in bytes (see {@link dev.lunatik.vm.gc.Collector}): negative while the state
     * may allocate before its next collection; the interpreter tests it with one field read.
     */
    public long gcDebt;
    /** The collector: finalizers, weak tables, byte count, memory limit. */
    public final dev.lunatik.vm.gc.Collector gc = new dev.lunatik.vm.gc.Collector(this);

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
