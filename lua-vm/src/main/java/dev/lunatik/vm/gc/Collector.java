package dev.lunatik.vm.gc;

import dev.lunatik.vm.interp.GlobalState;
import dev.lunatik.vm.interp.LuaClosure;
import dev.lunatik.vm.interp.LuaThread;
import dev.lunatik.vm.interp.UpVal;
import dev.lunatik.vm.value.AllocationSink;
import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.LuaUserdata;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The Lua-visible half of garbage collection for one state (see the package comment): a full
 * mark from the roots, weak-table clearing, {@code __gc} finalization, the live-bytes estimate
 * behind {@code collectgarbage("count")}, automatic collection driven by allocation debt, and the
 * memory limit.
 *
 * <p>Allocation debt lives in {@link GlobalState#gcDebt} so the interpreter can test it with one
 * field read: it is negative while the state may still allocate before the next collection, and
 * {@code gcDebt - debtStart} is what was allocated since the last one.
 */
public final class Collector extends AllocationSink {
    /** Fixed size estimates (bytes) for objects whose size we do not measure. */
    public static final int TABLE_BYTES = 56;
    public static final int CLOSURE_BYTES = 32;
    public static final int UPVAL_BYTES = 40;
    public static final int THREAD_BYTES = 1024;
    public static final int USERDATA_BYTES = 40;
    public static final int FUNCTION_BYTES = 32;
    /** Fixed part of a string's size estimate (object and array headers); add its length. */
    public static final int STRING_BYTES = 24;
    /** Least allocation between two automatic collections. */
    static final long MIN_ALLOWANCE = 1024 * 1024;

    private static final LuaString GC = LuaString.valueOf("__gc");
    private static final LuaString MODE = LuaString.valueOf("__mode");

    private final GlobalState g;

    /** Objects marked for finalization, in marking order; {@link #finSet} is the same set. */
    private ArrayList<Object> finList = new ArrayList<>();
    private final IdentityHashMap<Object, Boolean> finSet = new IdentityHashMap<>();
    /** Unreachable objects whose finalizer is due (next first). They are roots until run. */
    private final ArrayDeque<Object> dueFinalizers = new ArrayDeque<>();

    private long liveBytes;
    /** Work credited by {@code collectgarbage("step")} since the last completed cycle. */
    private long stepCredit;
    private long debtStart;
    private int pause = 200;
    private int stepmul = 100;
    private boolean stopped;
    private boolean inFinalizer;
    private boolean closed;
    private boolean collecting;
    /**
     * Set while compiled code calls a leaf function without its frame
     * ({@link dev.lunatik.vm.api.JavaFunction#isLeaf}): values of frameless callers live in JVM
     * locals the collector cannot see, so an allocation that would need a collection at once (the
     * memory limit) raises instead, and the call is made again with frames.
     */
    public boolean inLeafCall;
    private long memoryLimit;
    private String mode = "incremental";

    // state of one collection
    private IdentityHashMap<Object, Boolean> marked;
    private ArrayDeque<Object> gray;
    private ArrayList<LuaTable> weakTables;
    private ArrayList<LuaTable> ephemerons;
    private long markedBytes;

    public Collector(GlobalState g) {
        this.g = g;
        setAllowance(MIN_ALLOWANCE);
    }

    // ------------------------------------------------------------------ accounting

    /** Estimated bytes in use: live bytes found by the last collection plus allocations since. */
    public long count() {
        return liveBytes + (g.gcDebt - debtStart);
    }

    /**
     * Accounts {@code bytes} about to be allocated, outside a safe point (no finalizer runs here).
     * With a memory limit, an allocation that would exceed it first triggers a full collection and,
     * if still over, raises "not enough memory".
     */
    @Override
    public void allocate(long bytes) {
        g.gcDebt += bytes;
        if (memoryLimit > 0 && g.gcDebt > 0) checkLimit(null, bytes);
    }

    /**
     * Accounts a new string of {@code length} bytes, before its array is allocated (so that an
     * oversized result fails with "not enough memory" under a memory limit instead of exhausting
     * the Java heap). Libraries call this for every string they build; {@code ..} does too.
     */
    public void allocateString(long length) {
        allocate(STRING_BYTES + length);
    }

    private void checkLimit(LuaThread t, long bytes) {
        if (count() <= memoryLimit || collecting) return;
        if (inLeafCall) { // the call is made again with frames, and collects then
            g.gcDebt -= bytes;
            throw LuaError.memory();
        }
        collect(t);
        g.gcDebt += bytes; // the collection restarted the count: the allocation is still due
        if (count() > memoryLimit) {
            g.gcDebt -= bytes; // the allocation does not happen
            throw LuaError.memory();
        }
    }

    /**
     * A safe point with a positive debt (the interpreter's slow path): enforces the memory limit,
     * then collects if running and runs due finalizers on {@code t}. {@code bytes} is the
     * allocation that brought the debt over (already charged).
     */
    public void step(LuaThread t, long bytes) {
        if (memoryLimit > 0) checkLimit(t, bytes);
        if (g.gcDebt <= 0) {
            runDueFinalizers(t);
            return;
        }
        if (stopped || inFinalizer || collecting || closed) {
            postpone();
            return;
        }
        collect(t);
        runDueFinalizers(t);
    }

    /**
     * A safe point at which no Lua code may run (compiled code's fast paths, whose frame is not
     * ready for a finalizer to look at): as {@link #step} with no allocation, when that would run
     * no finalizer. When finalizers are due, before or after the collection, none is run and the
     * answer is false: the caller then takes its general path, which calls {@code step}.
     */
    public boolean stepWithoutFinalizers(LuaThread t) {
        if (!dueFinalizers.isEmpty() && !inFinalizer) return false;
        if (memoryLimit > 0) checkLimit(t, 0);
        if (g.gcDebt <= 0) return true;
        if (stopped || inFinalizer || collecting || closed) {
            postpone();
            return true;
        }
        collect(t);
        return dueFinalizers.isEmpty() || inFinalizer;
    }

    /** Moves the next check further away without losing the count of allocated bytes. */
    private void postpone() {
        long room = Math.max(MIN_ALLOWANCE, liveBytes);
        if (memoryLimit > 0) room = Math.max(1024, Math.min(room, memoryLimit - count()));
        g.gcDebt -= room;
        debtStart -= room;
    }

    private void setAllowance(long allowance) {
        if (memoryLimit > 0) allowance = Math.min(allowance, Math.max(0, memoryLimit - liveBytes));
        g.gcDebt = -allowance;
        debtStart = -allowance;
    }

    // ------------------------------------------------------------------ options

    public boolean isRunning() {
        return !stopped;
    }

    public void stop() {
        stopped = true;
    }

    public void restart() {
        stopped = false;
        setAllowance(0); // as Lua's luaE_setdebt(g, 0): collect at the next safe point
        g.gcDebt = 0;
    }

    /** Whether a finalizer is running (the collector refuses requests then, as Lua 5.4.7 does). */
    public boolean inFinalizer() {
        return inFinalizer;
    }

    /**
     * Sets the pause (percent) and returns the previous one. Stored as Lua 5.4 does (a byte
     * holding a quarter of the value), so the value read back is rounded the same way.
     */
    public int setPause(int p) {
        int prev = pause;
        pause = gcParam(p);
        return prev;
    }

    /** Sets the step multiplier (stored as {@link #setPause}) and returns the previous one. */
    public int setStepmul(int m) {
        int prev = stepmul;
        stepmul = gcParam(m);
        return prev;
    }

    private static int gcParam(int v) {
        return ((v / 4) & 0xFF) * 4;
    }

    /** Switches the mode ("incremental" or "generational") and returns the previous one. */
    public String setMode(String m) {
        String prev = mode;
        mode = m;
        return prev;
    }

    public long memoryLimit() {
        return memoryLimit;
    }

    /** Sets the memory limit in bytes (0 or less: none). */
    public void setMemoryLimit(long bytes) {
        memoryLimit = Math.max(0, bytes);
        setAllowance(Math.max(MIN_ALLOWANCE, liveBytes * (pause - 100L) / 100));
        g.gcDebt += count() - liveBytes; // keep the bytes allocated since the last collection
    }

    // ------------------------------------------------------------------ finalization

    /**
     * Lua's {@code luaC_checkfinalizer}: called when {@code o} gets metatable {@code mt}; if
     * {@code mt} has a {@code __gc} field now, {@code o} is marked for finalization (once).
     */
    public void checkFinalizer(Object o, LuaTable mt) {
        if (mt == null || closed || finSet.containsKey(o)) return;
        if (mt.rawget(GC) == null) return;
        finSet.put(o, Boolean.TRUE);
        finList.add(o);
    }

    /**
     * {@code collectgarbage("step", kb)}: in incremental mode, adds {@code kb} KB of work (a basic
     * step of 8 KB scaled by the step multiplier when 0) and completes a cycle, a full collection,
     * once the work done since the last cycle covers the bytes in use; returns whether it did.
     * In generational mode every step is a (young, here full) collection.
     */
    public boolean stepCollect(LuaThread t, long kb) {
        if (collecting) return false;
        if (mode.equals("incremental")) {
            long work = kb > 0 ? Math.min(kb, Long.MAX_VALUE / 2048) * 1024 : 8192L * Math.max(stepmul, 1) / 100;
            stepCredit = Math.min(stepCredit + work, Long.MAX_VALUE / 2);
            if (stepCredit < count()) {
                runDueFinalizers(t);
                return false;
            }
        }
        fullCollect(t);
        return true;
    }

    /** Full collection then every due finalizer ({@code collectgarbage("collect")}). */
    public void fullCollect(LuaThread t) {
        if (collecting) return;
        collect(t);
        runDueFinalizers(t);
    }

    /** Runs the finalizers that are due, on thread {@code t}; errors become warnings. */
    public void runDueFinalizers(LuaThread t) {
        if (inFinalizer || dueFinalizers.isEmpty()) return;
        inFinalizer = true;
        try {
            Object o;
            while ((o = dueFinalizers.poll()) != null) callFinalizer(t, o);
        } finally {
            inFinalizer = false;
        }
    }

    private void callFinalizer(LuaThread t, Object o) {
        LuaTable mt = g.metatableOf(o);
        Object fn = mt == null ? null : mt.rawget(GC);
        if (fn == null) return;
        try {
            t.callPreserving(fn, o, true);
        } catch (LuaError e) {
            Object v = e.value();
            String msg = v instanceof LuaString s ? s.toString() : "error object is not a string";
            warn("error in __gc (" + msg + ")");
        } catch (StackOverflowError e) {
            warn("error in __gc (stack overflow)");
        }
    }

    private void warn(String msg) {
        if (g.warningsOn) {
            g.stderr.println("Lua warning: " + msg);
            g.stderr.flush();
        }
    }

    /**
     * Closing the state: runs the due finalizers, then those of every object still marked for
     * finalization, newest mark first. Idempotent.
     */
    public void close(LuaThread t) {
        if (closed) return;
        runDueFinalizers(t);
        closed = true;
        for (int i = finList.size() - 1; i >= 0; i--) dueFinalizers.add(finList.get(i));
        finList = new ArrayList<>();
        finSet.clear();
        runDueFinalizers(t);
    }

    public boolean isClosed() {
        return closed;
    }

    // ------------------------------------------------------------------ the collection

    /**
     * One full, atomic collection: marks from the roots (plus {@code running}, may be null),
     * clears weak entries, moves unreachable finalizable objects to the due list (resurrecting
     * them) and recomputes the live-bytes estimate. Runs no Lua code.
     */
    public void collect(LuaThread running) {
        if (collecting) return;
        collecting = true;
        long since = g.gcDebt - debtStart;
        try {
            marked = new IdentityHashMap<>();
            gray = new ArrayDeque<>();
            weakTables = new ArrayList<>();
            ephemerons = new ArrayList<>();
            markedBytes = 0;
            markRoots(running);
            propagateAll();
            // weak values: resurrected objects are removed before finalization
            for (LuaTable t : weakTables) clearValues(t);
            separateUnreachable();
            propagateAll();
            // weak keys: resurrected keys stay until they are really collected
            for (LuaTable t : weakTables) {
                clearKeys(t);
                clearValues(t);
                countStrings(t); // strings are never removed from weak tables: they count
            }
            liveBytes = markedBytes;
            dev.lunatik.vm.interp.Interpreter.refillReserve(); // headroom for a next Java memory error
            stepCredit = 0;
            since = 0;
            setAllowance(Math.max(MIN_ALLOWANCE, liveBytes * (pause - 100L) / 100));
        } finally {
            if (since != 0) { // interrupted (a Java error): keep the count consistent
                g.gcDebt = debtStart + since;
            }
            marked = null;
            gray = null;
            weakTables = null;
            ephemerons = null;
            collecting = false;
        }
    }

    private void markRoots(LuaThread running) {
        mark(g.registry);
        mark(g.globals);
        mark(g.mainThread);
        mark(running);
        mark(g.stringMeta);
        mark(g.numberMeta);
        mark(g.booleanMeta);
        mark(g.nilMeta);
        mark(g.functionMeta);
        mark(g.threadMeta);
        for (Object o : dueFinalizers) mark(o);
    }

    private void separateUnreachable() {
        ArrayList<Object> keep = new ArrayList<>(finList.size());
        ArrayList<Object> dead = new ArrayList<>();
        for (Object o : finList) {
            if (marked.containsKey(o)) keep.add(o);
            else dead.add(o);
        }
        if (dead.isEmpty()) return;
        finList = keep;
        for (int i = dead.size() - 1; i >= 0; i--) {
            Object o = dead.get(i);
            finSet.remove(o);
            dueFinalizers.add(o);
            mark(o); // resurrection
        }
    }

    /**
     * Whether {@code v} can be removed from a weak table now: a collectable, unmarked object. A
     * Java function that is no closure ({@link JavaFunction#isClosure}) is a value, as Lua's light
     * C functions: never removed (it is still traced when reached).
     */
    private boolean cleared(Object v) {
        return v != null && collectable(v) && !marked.containsKey(v)
                && !(v instanceof JavaFunction f && !f.isClosure());
    }

    private static boolean collectable(Object v) {
        return v instanceof LuaTable || v instanceof LuaFunction || v instanceof LuaUserdata
                || v instanceof LuaThread;
    }

    private void mark(Object v) {
        if (v == null || !collectable(v)) return;
        if (marked.put(v, Boolean.TRUE) == null) gray.add(v);
    }

    /** Marks values found on stacks and in Java functions, counting strings held there. */
    private final java.util.function.Consumer<Object> marker = v -> {
        traceStrings(v);
        mark(v);
    };

    private void propagateAll() {
        while (true) {
            propagate();
            boolean changed = false;
            for (LuaTable t : ephemerons) changed |= convergeEphemeron(t);
            if (!changed) return;
        }
    }

    private void propagate() {
        Object o;
        while ((o = gray.poll()) != null) {
            if (o instanceof LuaTable t) traverseTable(t);
            else if (o instanceof LuaClosure c) {
                markedBytes += CLOSURE_BYTES + 8L * c.upvals.length;
                for (UpVal u : c.upvals) {
                    if (u == null) continue;
                    markedBytes += UPVAL_BYTES / 2; // shared upvalues are counted per closure, halved
                    LuaThread owner = u.openOwner();
                    if (owner != null) mark(owner);
                    else {
                        Object r = u.valueRef();
                        if (r != Lua.INT) marker.accept(r);
                    }
                }
            } else if (o instanceof JavaFunction f) {
                markedBytes += FUNCTION_BYTES;
                f.traceLuaValues(marker);
            } else if (o instanceof LuaThread th) {
                markedBytes += THREAD_BYTES;
                th.traceForGc(marker);
            } else if (o instanceof LuaUserdata u) {
                markedBytes += USERDATA_BYTES;
                mark(u.getMetatable());
                mark(u.userValue());
            }
        }
    }

    /** Counts a string once per collection (strings hold no references; they are never gray). */
    private void traceStrings(Object v) {
        if (v instanceof LuaString s && marked.put(s, Boolean.TRUE) == null) markedBytes += STRING_BYTES + s.length();
    }

    private void traverseTable(LuaTable t) {
        markedBytes += t.estimatedBytes();
        LuaTable mt = t.getMetatable();
        mark(mt);
        boolean weakK = false, weakV = false;
        if (mt != null && mt.rawget(MODE) instanceof LuaString m) {
            for (byte b : m.bytes()) {
                if (b == 'k') weakK = true;
                else if (b == 'v') weakV = true;
            }
        }
        int n = t.arraySize();
        if (!weakV) {
            for (int i = 0; i < n; i++) {
                Object r = t.arrayRef(i);
                if (r != null && r != Lua.INT) {
                    mark(r);
                    traceStrings(r);
                }
            }
        }
        int cap = t.hashCapacity();
        if (!weakK && !weakV) {
            for (int s = 0; s < cap; s++) {
                Object v = t.hashValueRef(s);
                if (v == null) continue;
                Object k = t.hashKeyRef(s);
                mark(k);
                traceStrings(k);
                if (v != Lua.INT) {
                    mark(v);
                    traceStrings(v);
                }
            }
            return;
        }
        weakTables.add(t);
        if (weakK && weakV) return;
        if (weakV) {
            for (int s = 0; s < cap; s++) {
                if (t.hashValueRef(s) != null) mark(t.hashKeyRef(s));
            }
            return;
        }
        // weak keys, strong values: an ephemeron table
        ephemerons.add(t);
        convergeEphemeron(t);
    }

    /** Marks the values of {@code t} whose keys are alive; returns whether it marked anything. */
    private boolean convergeEphemeron(LuaTable t) {
        boolean changed = false;
        int cap = t.hashCapacity();
        for (int s = 0; s < cap; s++) {
            Object v = t.hashValueRef(s);
            if (v == null || v == Lua.INT || !collectable(v) || marked.containsKey(v)) continue;
            if (!cleared(t.hashKeyRef(s))) {
                mark(v);
                changed = true;
            }
        }
        return changed;
    }

    private void countStrings(LuaTable t) {
        int n = t.arraySize();
        if (hasMode(t.getMetatable(), 'v')) for (int i = 0; i < n; i++) traceStrings(t.arrayRef(i));
        int cap = t.hashCapacity();
        for (int s = 0; s < cap; s++) {
            Object v = t.hashValueRef(s);
            if (v == null) continue;
            traceStrings(t.hashKeyRef(s));
            traceStrings(v);
        }
    }

    private void clearValues(LuaTable t) {
        LuaTable mt = t.getMetatable();
        if (!(mt != null && hasMode(mt, 'v'))) return;
        int n = t.arraySize();
        for (int i = 0; i < n; i++) if (cleared(t.arrayRef(i))) t.clearArraySlot(i);
        int cap = t.hashCapacity();
        for (int s = 0; s < cap; s++) if (cleared(t.hashValueRef(s))) t.clearHashSlot(s);
    }

    private void clearKeys(LuaTable t) {
        LuaTable mt = t.getMetatable();
        if (!(mt != null && hasMode(mt, 'k'))) return;
        int cap = t.hashCapacity();
        for (int s = 0; s < cap; s++) {
            if (t.hashValueRef(s) != null && cleared(t.hashKeyRef(s))) t.clearHashSlot(s);
        }
    }

    private static boolean hasMode(LuaTable mt, char c) {
        if (mt != null && mt.rawget(MODE) instanceof LuaString m) {
            for (byte b : m.bytes()) if (b == c) return true;
        }
        return false;
    }

    /** For tests: objects currently marked for finalization. */
    List<Object> markedForFinalization() {
        return List.copyOf(finList);
    }
}
