package dev.lunatik.vm.interp;

import dev.lunatik.vm.value.Coroutine;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import java.util.Arrays;

/**
 * A thread of execution (a coroutine, or the main thread): its own Lua stack, a pair of arrays
 * ({@code stk} references, {@code num} integer payloads, see {@link Lua}), and its own call
 * frames. Coroutines are switched by the interpreter; no Java thread is ever created.
 *
 * <p>Java functions receive the thread and read their arguments with the accessors here; all
 * argument errors are worded as Lua's {@code luaL_argerror}.
 */
public final class LuaThread extends dev.lunatik.vm.api.LuaStack implements Coroutine {
    public static final int SUSPENDED = 0;
    public static final int RUNNING = 1;
    public static final int NORMAL = 2;
    public static final int DEAD = 3;

    public final GlobalState g;
    final boolean isMain;
    /** Highest slot a Lua frame may use (copied from {@link GlobalState} for the call fast path). */
    final int frameLimit;
    Object[] stk;
    long[] num;
    /** End of the values produced by the last open call or vararg. */
    int top;
    /**
     * The number half of a value compiled code got back as a reference: the field
     * {@link Jit#ownField} read, or the first result of a frameless call ({@link JitCode#direct}).
     */
    long valueNum;
    /** How many results the last frameless call ({@link JitCode#direct}) returned. */
    int nret;
    CallFrame[] frames = new CallFrame[8];
    int nframes;
    /**
     * Frameless activations of compiled code ({@link JitCode#direct}) on their way to becoming
     * frames ({@link Jit#deoptFramed}): closure, stack index of the function, pc, results wanted
     * and tail-call mark of each, innermost first; {@code ndeopt} of them.
     */
    LuaClosure[] dCl = new LuaClosure[8];
    int[] dFunc = new int[8];
    int[] dPc = new int[8];
    int[] dWant = new int[8];
    boolean[] dTail = new boolean[8];
    int ndeopt;
    UpVal openUpvals;
    int[] tbc = new int[4];
    int ntbc;
    int status = SUSPENDED;
    /** Nested non-yieldable (Java-recursive) calls running on this thread. */
    int nny;
    /**
     * Live pcall/xpcall frames on this thread. Each counts as a Java-level call (Lua's pcall is a
     * C call), so nesting them is limited like other Java-level calls ("C stack overflow").
     */
    int nprot;
    /**
     * A "stack overflow" was raised and not yet recovered from: until a protected call catches it
     * with the stack back under the limit, frames may use {@link #ERROR_EXTRA} more slots (room
     * for message handlers, Lua's ERRORSTACKSIZE); overflowing that is "error in error handling".
     */
    boolean overflowed;
    /** Extra slots usable while handling a stack overflow. */
    static final int ERROR_EXTRA = 200;
    /** Values handed over by the last yield or return of the body: stack range. */
    int transferBase;
    int transferCount;
    /** The coroutine that resumed this one (while running). */
    LuaThread resumer;
    /** Error that killed the coroutine, kept for close(). */
    Object deathError;
    boolean started;
    /** Set by yield: the interpreter returned because the coroutine yielded. */
    boolean yielded;

    // hooks (debug.sethook); hookMask != 0 sends this thread's calls and returns through the
    // general path, and line or count events make the loop report each instruction (see Hooks)
    /** Hook function (a Lua value), or null. */
    Object hook;
    /** Hook events: {@link Hooks#MASK_CALL} | MASK_RET | MASK_LINE | MASK_COUNT; 0 = no hooks. */
    int hookMask;
    /**
     * The end of the stack slots a frameless activation's registers may reach now
     * ({@link Jit#directCode}): room is left above them for what a call from it may want
     * ({@link GlobalState#MIN_STACK}) and the frame limit is kept; -1 while hooks are set, whose
     * events need frames. Kept by {@link #setHookMask} and wherever the stack is replaced.
     */
    int directTop;

    /** Sets the hook mask (and what it decides for frameless calls, {@link #directTop}). */
    void setHookMask(int mask) {
        hookMask = mask;
        updateDirectTop();
    }

    private void updateDirectTop() {
        directTop = hookMask != 0 ? -1 : Math.min(stk.length - GlobalState.MIN_STACK, frameLimit);
    }
    /** Count hook period and instructions left before the next count event. */
    int baseHookCount;
    int hookCount;
    /** False while a hook runs (hooks do not nest). */
    boolean allowHook = true;
    /** Whether the loop must report instructions (line or count events), hooks being allowed now. */
    boolean tracesInstructions() {
        return (hookMask & (Hooks.MASK_LINE | Hooks.MASK_COUNT)) != 0 && allowHook;
    }

    /** Index of the instruction of the last line event (Lua's oldpc); -1 on entering a function. */
    int oldpc;

    LuaThread(GlobalState g, boolean isMain) {
        this.g = g;
        this.isMain = isMain;
        this.frameLimit = g.stackLimit - 5;
        int cap = Math.min(g.stackLimit, 64) + GlobalState.EXTRA_STACK;
        stk = new Object[cap];
        num = new long[cap];
        updateDirectTop();
        for (int i = 0; i < frames.length; i++) frames[i] = new CallFrame();
    }

    /** A new coroutine of the same state, to run {@code body}. */
    @Override
    public LuaThread newCoroutine(Object body) {
        g.gc.allocate(dev.lunatik.vm.gc.Collector.THREAD_BYTES);
        LuaThread co = new LuaThread(g, false);
        // as in Lua, a new thread inherits the creator's hook mask and count (not its function)
        co.setHookMask(hookMask);
        co.baseHookCount = baseHookCount;
        co.hookCount = baseHookCount;
        co.stk[0] = body;
        co.top = 1;
        return co;
    }

    public boolean isMain() {
        return isMain;
    }

    /** Lua status name: "running", "suspended", "normal" or "dead". */
    public String statusName() {
        return switch (status) {
            case SUSPENDED -> "suspended";
            case RUNNING -> "running";
            case NORMAL -> "normal";
            default -> "dead";
        };
    }

    // ------------------------------------------------------------------ the API (LuaStack)

    @Override
    public dev.lunatik.vm.api.LuaState state() {
        return g.api;
    }

    @Override
    public int stackLimit() {
        return g.stackLimit;
    }

    @Override
    public String where(int level) {
        return Errors.where(this, level);
    }

    @Override
    public Resumed resume(Coroutine co, Object... args) {
        Coroutines.Result r = Coroutines.resume(this, (LuaThread) co, args);
        return new Resumed(r.ok(), r.values());
    }

    @Override
    public Object index(Object o, Object k) {
        return Meta.index(this, o, k);
    }

    @Override
    public void setIndex(Object o, Object k, Object v) {
        Meta.setIndex(this, o, k, v);
    }

    @Override
    public boolean equal(Object a, Object b) {
        return Meta.equals(this, a, b);
    }

    @Override
    public boolean lessThan(Object a, Object b) {
        return Meta.lessThan(this, a, b);
    }

    @Override
    public Object len(Object v) {
        return Meta.len(this, v);
    }

    @Override
    public Object arith(dev.lunatik.vm.value.MetaEvent op, Object a, Object b) {
        return Meta.arith(this, op, a, b);
    }

    @Override
    public LuaString tostring(Object v) {
        return Meta.tostring(this, v);
    }

    @Override
    public LuaTable getMetatable(Object v) {
        return Meta.getMetatable(this, v);
    }

    @Override
    public Object metafield(Object v, dev.lunatik.vm.value.MetaEvent event) {
        return Meta.metafield(this, v, event);
    }

    @Override
    public void allocateString(long length) {
        g.gc.allocateString(length);
    }

    @Override
    public void allocate(long bytes) {
        g.gc.allocate(bytes);
    }

    @Override
    public void setStringMetatable(LuaTable mt) {
        g.stringMeta = mt;
    }

    @Override
    public byte[] dump(dev.lunatik.vm.value.LuaFunction f, boolean strip) {
        if (!(f instanceof LuaClosure c)) throw error("unable to dump given function");
        return Loader.dump(this, c, strip);
    }

    // ------------------------------------------------------------------ stack management

    /** Makes sure slots below {@code limit} exist; raises "stack overflow" past the state's limit. */
    @Override
    public void ensure(int limit) {
        if (limit <= stk.length) return;
        int max = g.stackLimit + GlobalState.EXTRA_STACK;
        if (limit > max) {
            stackOverflow(limit, max);
            max += ERROR_EXTRA;
        }
        int n = Math.max(limit, Math.min(stk.length * 2, max));
        // both arrays exist before either is replaced: a Java OutOfMemoryError (turned into
        // "not enough memory") leaves the thread consistent
        Object[] ns = Arrays.copyOf(stk, n);
        long[] nn = Arrays.copyOf(num, n);
        stk = ns;
        num = nn;
        for (UpVal u = openUpvals; u != null; u = u.nextOpen) { // they hold the arrays too
            u.stk = ns;
            u.nums = nn;
        }
        updateDirectTop();
    }

    /**
     * Stack up to {@code need} was asked for, beyond {@code limit}: raises "stack overflow" (and
     * enters the overflow state), or while already handling one returns when the extra room
     * suffices and raises "error in error handling" when it does not.
     */
    void stackOverflow(int need, int limit) {
        if (!overflowed) {
            overflowed = true;
            throw Errors.rt(this, "stack overflow");
        }
        if (need > limit + ERROR_EXTRA) throw new LuaError(LuaString.valueOf("error in error handling"));
    }

    /** Leaves the overflow state once the stack in use ({@code top}) is back under the limit. */
    void recoverOverflow(int top) {
        if (overflowed && top + GlobalState.MIN_STACK <= g.stackLimit) overflowed = false;
    }

    /** Whether {@code n} more slots above {@code from} fit in the stack limit (Lua's checkstack). */
    @Override
    public boolean checkStack(int from, int n) {
        if (from + n > g.stackLimit) return false;
        ensure(from + n + GlobalState.MIN_STACK);
        return true;
    }

    /** Doubles the frame array, filled before it is installed (see {@link #ensure}). */
    /** Records a frameless activation of {@code cl} (function at stack index {@code func}) stopped at {@code pc}. */
    void addDeopt(LuaClosure cl, int func, int pc) {
        int n = ndeopt;
        if (n == dCl.length) {
            dCl = Arrays.copyOf(dCl, n * 2);
            dFunc = Arrays.copyOf(dFunc, n * 2);
            dPc = Arrays.copyOf(dPc, n * 2);
            dWant = Arrays.copyOf(dWant, n * 2);
            dTail = Arrays.copyOf(dTail, n * 2);
        }
        dCl[n] = cl;
        dFunc[n] = func;
        dPc[n] = pc;
        dWant[n] = -1;
        dTail[n] = false;
        ndeopt = n + 1;
    }

    private void growFrames() {
        CallFrame[] nf = Arrays.copyOf(frames, nframes * 2);
        for (int i = nframes; i < nf.length; i++) nf[i] = new CallFrame();
        frames = nf;
    }

    CallFrame pushFrame() {
        if (nframes == frames.length) growFrames();
        CallFrame f = frames[nframes++];
        f.reset();
        return f;
    }

    /** Pushes a plain Lua frame (no varargs, no continuation): the interpreter's call fast path. */
    CallFrame pushLuaFrame(LuaClosure cl, int func, int base, int top, int nresults) {
        if (nframes == frames.length) growFrames();
        CallFrame f = frames[nframes++];
        f.closure = cl; // jfunc and nvarargs are only read from Java / vararg frames, which set them
        f.func = func;
        f.base = base;
        f.top = top;
        f.pc = 0;
        f.nresults = nresults;
        f.cont = CallFrame.CONT_NONE;
        f.flags = 0;
        f.concatEnd = -1;
        return f;
    }

    /** Pushes the frame of a plain Java function called with results going to {@code func} (no continuation). */
    CallFrame pushJavaFrame(dev.lunatik.vm.api.JavaFunction jf, int func, int base, int top, int nresults) {
        if (nframes == frames.length) growFrames();
        CallFrame f = frames[nframes++];
        f.closure = null;
        f.jfunc = jf;
        f.func = func;
        f.base = base;
        f.top = top;
        f.nresults = nresults;
        f.cont = CallFrame.CONT_NONE;
        f.flags = 0;
        f.concatEnd = -1;
        f.handler = null;
        f.nvarargs = 0;
        return f;
    }

    CallFrame topFrame() {
        return frames[nframes - 1];
    }

    // ------------------------------------------------------------------ slot access (boxed)

    /** The value at stack index {@code i}, boxed. */
    @Override
    public Object get(int i) {
        Object r = stk[i];
        return r == Lua.INT ? Long.valueOf(num[i]) : r;
    }

    /** Stores a boxed value at stack index {@code i}. */
    @Override
    public void set(int i, Object v) {
        if (v instanceof Long l) {
            stk[i] = Lua.INT;
            num[i] = l;
        } else {
            stk[i] = v;
        }
    }

    /** Stores an integer at stack index {@code i} without boxing. */
    @Override
    public void setInt(int i, long v) {
        stk[i] = Lua.INT;
        num[i] = v;
    }

    /** Whether the value at {@code i} is an integer. */
    @Override
    public boolean isInt(int i) {
        return stk[i] == Lua.INT;
    }

    /** The integer at {@code i} (only valid when {@link #isInt}). */
    @Override
    public long intAt(int i) {
        return num[i];
    }

    /** The reference half at {@code i}. */
    @Override
    public Object refAt(int i) {
        return stk[i];
    }

    // ------------------------------------------------------------------ arguments of Java functions

    /** Argument {@code n} (1-based) of a Java call with {@code nargs} arguments at {@code base}, boxed. */
    @Override
    public Object arg(int base, int nargs, int n) {
        return n <= nargs ? get(base + n - 1) : null;
    }

    /** Whether argument {@code n} is absent or nil. */
    @Override
    public boolean isNoneOrNil(int base, int nargs, int n) {
        return n > nargs || stk[base + n - 1] == null;
    }

    /** Raises "bad argument #n to 'f' (value expected)" when the argument is absent. */
    @Override
    public Object checkAny(int base, int nargs, int n) {
        if (n > nargs) throw argError(n, "value expected");
        return get(base + n - 1);
    }

    /** An integer argument; numeric strings are converted (kernel Lua's luaL_checkinteger). */
    @Override
    public long checkInteger(int base, int nargs, int n) {
        if (n <= nargs) {
            int i = base + n - 1;
            Object r = stk[i];
            if (r == Lua.INT) return num[i];
            if (r instanceof LuaString s) {
                Long v = Lua.str2int(s);
                if (v != null) return v;
            }
        }
        throw typeError(n, "number", n <= nargs ? stk[base + n - 1] : null, n > nargs);
    }

    @Override
    public long optInteger(int base, int nargs, int n, long def) {
        return isNoneOrNil(base, nargs, n) ? def : checkInteger(base, nargs, n);
    }

    /** A string argument; integers are converted to their decimal text (luaL_checklstring). */
    @Override
    public LuaString checkString(int base, int nargs, int n) {
        if (n <= nargs) {
            int i = base + n - 1;
            Object r = stk[i];
            if (r instanceof LuaString s) return s;
            if (r == Lua.INT) return Lua.toLuaString(num[i]);
        }
        throw typeError(n, "string", n <= nargs ? stk[base + n - 1] : null, n > nargs);
    }

    @Override
    public LuaString optString(int base, int nargs, int n, LuaString def) {
        return isNoneOrNil(base, nargs, n) ? def : checkString(base, nargs, n);
    }

    @Override
    public LuaTable checkTable(int base, int nargs, int n) {
        if (n <= nargs && stk[base + n - 1] instanceof LuaTable t) return t;
        throw typeError(n, "table", n <= nargs ? stk[base + n - 1] : null, n > nargs);
    }

    /** Raises a type error for argument n unless it has type {@code tname}. */
    @Override
    public void checkType(int base, int nargs, int n, String tname) {
        Object v = n <= nargs ? get(base + n - 1) : null;
        if (!Lua.typeName(v).equals(tname) || n > nargs) throw typeError(n, tname, v == null ? null : stk[base + n - 1], n > nargs);
    }

    /** "bad argument #n to 'f' (msg)", with the position of the calling Lua code. */
    @Override
    public LuaError argError(int n, String msg) {
        return Errors.argError(this, n, msg);
    }

    /**
     * "bad argument #n to 'f' (EXPECTED expected, got TYPE)" for argument {@code n} of a Java call
     * with {@code nargs} arguments at {@code base} ({@code __name} honoured, "no value" when absent).
     */
    @Override
    public LuaError typeError(int base, int nargs, int n, String expected) {
        return typeError(n, expected, n <= nargs ? stk[base + n - 1] : null, n > nargs);
    }

    LuaError typeError(int n, String expected, Object ref, boolean absent) {
        String got = absent ? "no value" : Errors.typeNameWithMeta(this, ref == Lua.INT ? Long.valueOf(0) : ref);
        // a userdata that is not a LuaUserdata (e.g. an upvalue id) is Lua's light userdata
        if (got.equals("userdata") && !(ref instanceof dev.lunatik.vm.value.LuaUserdata)) got = "light userdata";
        return argError(n, expected + " expected, got " + got);
    }

    /** An error whose message gets the position of the Lua code at {@code level} (1 = caller). */
    @Override
    public LuaError error(String msg) {
        return new LuaError(LuaString.valueOf(Errors.where(this, 1) + msg));
    }

    // ------------------------------------------------------------------ calling back into Lua

    /**
     * Calls {@code fn} with {@code args} from Java, above the current frame; returns all results.
     * Not yieldable (a yield inside raises "attempt to yield across a C-call boundary").
     */
    @Override
    public Object[] call(Object fn, Object... args) {
        if (g.nCcalls == 0) { // entered from the host: the state's collector accounts table growth
            dev.lunatik.vm.value.AllocationSink prev = dev.lunatik.vm.value.AllocationSink.enter(g.gc);
            try {
                return callIn(fn, args);
            } finally {
                dev.lunatik.vm.value.AllocationSink.leave(prev);
            }
        }
        return callIn(fn, args);
    }

    private Object[] callIn(Object fn, Object... args) {
        int at = scratch();
        ensure(at + args.length + 1 + GlobalState.MIN_STACK);
        set(at, fn);
        for (int i = 0; i < args.length; i++) set(at + 1 + i, args[i]);
        Interpreter.call(this, at, args.length, -1);
        int n = top - at;
        Object[] r = new Object[n];
        for (int i = 0; i < n; i++) r[i] = get(at + i);
        return r;
    }

    /**
     * Allocation-free host call, step 1 (the counterpart of pushing a function and its arguments
     * in C): returns the stack index at which the caller puts the function, followed by up to
     * {@code nargs} arguments ({@link #set}, {@link #setInt}); then {@link #callAt}.
     */
    @Override
    public int prepareCall(int nargs) {
        int at = scratch();
        ensure(at + nargs + 1 + GlobalState.MIN_STACK);
        return at;
    }

    /**
     * Allocation-free host call, step 2 ({@code lua_call}): calls the function at {@code at} with
     * the {@code nargs} arguments above it, leaving {@code nresults} results from {@code at} on
     * (read them with {@link #get}, {@link #isInt}, {@link #intAt}); errors propagate as
     * {@link dev.lunatik.vm.value.LuaError}. Nothing is allocated by the call itself.
     */
    @Override
    public void callAt(int at, int nargs, int nresults) {
        if (g.nCcalls == 0) { // entered from the host: the state's collector accounts table growth
            dev.lunatik.vm.value.AllocationSink prev = dev.lunatik.vm.value.AllocationSink.enter(g.gc);
            try {
                Interpreter.call(this, at, nargs, nresults);
            } finally {
                dev.lunatik.vm.value.AllocationSink.leave(prev);
            }
        } else {
            Interpreter.call(this, at, nargs, nresults);
        }
    }

    /** Calls {@code fn} with {@code args} and returns its first result (or nil). */
    @Override
    public Object call1(Object fn, Object... args) {
        int at = scratch();
        ensure(at + args.length + 1 + GlobalState.MIN_STACK);
        set(at, fn);
        for (int i = 0; i < args.length; i++) set(at + 1 + i, args[i]);
        Interpreter.call(this, at, args.length, 1);
        return get(at);
    }

    /** The highest top of the frames from index {@code first} on (0 when there are none). */
    int usedAbove(int first) {
        int hi = 0;
        for (int i = first; i < nframes; i++) hi = Math.max(hi, frames[i].top);
        return hi;
    }

    /**
     * Forgets the values an error abandoned in slots {@code from .. to-1}. Without this, a later
     * frame reusing those slots would keep dead objects reachable for the collector until it
     * overwrote them (C Lua's collector clears the dead part of a stack the same way).
     */
    void clearSlots(int from, int to) {
        from = Math.max(0, from);
        to = Math.min(to, stk.length);
        if (to > from) Arrays.fill(stk, from, to, null);
    }

    /** First free stack slot above the running frame. */
    int scratch() {
        if (nframes == 0) return 0;
        return frames[nframes - 1].top;
    }

    /** Number of results a {@link Interpreter#call} with all results left from {@code fn} on. */
    public int resultCount(int fn) {
        return top - fn;
    }

    /** Whether a yield is allowed now (a coroutine with no Java call in between). */
    @Override
    public boolean isYieldable() {
        return !isMain && nny == 0;
    }

    /** The status of this thread as seen from thread {@code from}. */
    public String statusFrom(LuaThread from) {
        return this == from ? "running" : statusName();
    }

    /** Lua-style traceback of this thread (used by debug.traceback and the CLI). */
    @Override
    public String traceback(String msg, int level) {
        return DebugInfo.traceback(this, msg, level);
    }


    // ------------------------------------------------------------------ collector support

    /**
     * Reports every value this thread keeps alive to {@code sink}: the live part of its stack
     * (up to the highest frame top or {@link #top}), the functions and handlers of its frames,
     * the thread that resumed it and the error that killed it.
     */
    /**
     * At a GC safe point before a NEWTABLE (Lua's checkGC): the first dead slot of the innermost
     * frame, valid while the thread still has {@code gcTopFrames} frames; -1 otherwise.
     */
    int gcTop = -1;
    int gcTopFrames;

    public void traceForGc(java.util.function.Consumer<Object> sink) {
        int limit = liveLimit();
        if (gcTop >= 0 && nframes == gcTopFrames) limit = Math.min(limit, gcTop); // not inside a finalizer's frames
        for (int i = 0; i < nframes; i++) {
            CallFrame f = frames[i];
            if (f.closure != null) sink.accept(f.closure);
            if (f.jfunc != null) sink.accept(f.jfunc);
            if (f.handler != null) sink.accept(f.handler);
        }
        Object[] s = stk;
        for (int i = 0; i < limit; i++) {
            Object v = s[i];
            if (v != null && v != Lua.INT) sink.accept(v);
        }
        if (resumer != null) sink.accept(resumer);
        if (deathError != null) sink.accept(deathError);
        if (hook != null) sink.accept(hook); // debug.sethook's function lives only here
    }

    /**
     * As Lua's traversethread: the stack is live up to the innermost frame's top (frames nest
     * upwards; registers of outer frames above the innermost call slot are dead); a Lua frame may
     * have open results above its top, up to {@link #top}.
     */
    private int liveLimit() {
        int limit;
        if (nframes == 0) {
            limit = top;
        } else {
            CallFrame inner = frames[nframes - 1];
            limit = inner.closure != null ? Math.max(inner.top, top) : inner.top;
        }
        return Math.max(0, Math.min(limit, stk.length));
    }

    /**
     * Forgets the values left in dead stack slots (above {@code from} and above the live part),
     * so that the Java heap can reclaim what they referenced: used after a Java
     * {@code OutOfMemoryError}, when the objects a failed script built must go at once.
     */
    void clearDeadSlots(int from) {
        clearSlots(Math.max(from, liveLimit()), stk.length);
    }

    /**
     * Calls {@code fn(arg)} at a safe point without disturbing the running frame: the call goes
     * above both the frame and {@link #top}, which is restored afterwards (a finalizer may run
     * between an open call and the instruction that consumes its results). Errors propagate.
     */
    public void callPreserving(Object fn, Object arg) {
        callPreserving(fn, arg, false);
    }

    /** Frame index of the running {@code __gc} finalizer (debug info names it so); -1: none. */
    int finalizerFrame = -1;

    /** As {@link #callPreserving(Object, Object)}; {@code finalizer}: the call is a {@code __gc}. */
    public void callPreserving(Object fn, Object arg, boolean finalizer) {
        int savedFin = finalizerFrame;
        if (finalizer) finalizerFrame = nframes;
        int savedTop = top;
        int at = Math.max(scratch(), top);
        ensure(at + 2 + GlobalState.MIN_STACK);
        set(at, fn);
        set(at + 1, arg);
        try {
            Interpreter.call(this, at, 1, 0);
        } finally {
            top = savedTop;
            finalizerFrame = savedFin;
        }
    }

    /** Recomputes {@link #nprot} from the live frames (after frames were dropped wholesale). */
    void recountProtected() {
        int n = 0;
        for (int i = 0; i < nframes; i++) {
            int c = frames[i].cont;
            if (c == CallFrame.CONT_PCALL || c == CallFrame.CONT_XPCALL) n++;
        }
        nprot = n;
    }
}
