package dev.lunatik.kernel;

import dev.lunatik.vm.value.LuaError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated kernel: its log, its live objects (leak accounting), the per-thread execution
 * contexts and the lock-order checker. There is no global state: pass the kernel around.
 *
 * <p><b>Execution contexts.</b> A Java thread is in atomic context while it holds a spinlock or
 * runs a non-sleepable runtime's callback ({@link #enterAtomic}/{@link #exitAtomic}, or
 * {@link #runAtomic}). Sleeping there ({@link #mightSleep}, called by every operation that may
 * sleep, e.g. taking a mutex) is refused: a {@link LuaError} naming the violation, also written
 * to the kernel log. It never hangs.
 *
 * <p><b>Lock order.</b> Each time a thread takes lock B while holding lock A, the order A→B is
 * recorded. Taking A while holding B after A→B was seen is an AB/BA inversion: the first
 * inversion of each pair of locks is written to the kernel log as a {@code WARNING} and kept in
 * {@link #lockOrderReports()}; like lockdep it does not stop the caller, unless the kernel was
 * built with {@code strictLockOrder}, in which case the acquisition raises a {@link LuaError}
 * instead (before blocking, so it cannot deadlock on that pair).
 */
public final class Kernel {
    /** One row of {@link #liveObjects()}. */
    public record LiveObject(long id, String className, int refCount) {
        @Override
        public String toString() {
            return className + "#" + id + " (refs " + refCount + ")";
        }
    }

    private record Edge(KernelLock from, KernelLock to) { }

    /** Per-thread context: the locks held (oldest first; arrays, so tracking allocates nothing). */
    private static final class Context {
        KernelLock[] held = new KernelLock[8];
        int nheld;
        int spinlocks;
        int atomicDepth;

        void push(KernelLock l) {
            if (nheld == held.length) {
                held = java.util.Arrays.copyOf(held, nheld * 2);
            }
            held[nheld++] = l;
        }

        void remove(KernelLock l) {
            for (int i = nheld - 1; i >= 0; i--) {
                if (held[i] == l) {
                    System.arraycopy(held, i + 1, held, i, nheld - i - 1);
                    held[--nheld] = null;
                    return;
                }
            }
        }
    }

    private final KernelLog log;
    private final boolean strictLockOrder;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, KernelObject> live = new ConcurrentHashMap<>();
    private final ThreadLocal<Context> contexts = ThreadLocal.withInitial(Context::new);
    private final Set<Edge> reported = ConcurrentHashMap.newKeySet();
    private final List<String> lockReports = new CopyOnWriteArrayList<>();

    /** A kernel with a 1024-line log and warning-only lock-order checks. */
    public Kernel() {
        this(1024, false);
    }

    /**
     * A kernel whose log keeps {@code logCapacity} lines; {@code strictLockOrder} turns lock-order
     * inversions into errors instead of warnings.
     */
    public Kernel(int logCapacity, boolean strictLockOrder) {
        this.log = new KernelLog(logCapacity);
        this.strictLockOrder = strictLockOrder;
    }

    private volatile java.nio.file.Path scriptRoot = java.nio.file.Path.of(".").toAbsolutePath().normalize();
    private volatile KernelRuntime.StateFactory stateFactory = KernelRuntime::basicState;

    /**
     * The folder runtimes load their scripts from (the stand-in for {@code /lib/modules/lua}):
     * {@code lunatik.runtime("a/b")} runs {@code <root>/a/b.lua}. Default: the current directory.
     */
    public java.nio.file.Path scriptRoot() {
        return scriptRoot;
    }

    /** Sets the script root (see {@link #scriptRoot()}). */
    public Kernel setScriptRoot(java.nio.file.Path root) {
        this.scriptRoot = java.util.Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        return this;
    }

    /** How runtimes build their Lua states (the libraries they open); see {@link KernelRuntime.StateFactory}. */
    public KernelRuntime.StateFactory stateFactory() {
        return stateFactory;
    }

    /** Sets how runtimes build their Lua states (the Lunatik libraries install theirs). */
    public Kernel setStateFactory(KernelRuntime.StateFactory factory) {
        this.stateFactory = java.util.Objects.requireNonNull(factory, "factory");
        return this;
    }

    private volatile long stopGraceMillis = 400;
    private volatile long runtimeMemoryLimit;

    /**
     * How long a stop waits for a script to give way before forcing it (default 400 ms): a kernel
     * thread's body to return after {@code kthread_stop} ({@link KernelTask#stop}), a runtime's
     * callback to release the lock ({@link KernelRuntime#stop}). Then the script is aborted at its
     * next instruction and waited for as long again.
     */
    public long stopGraceMillis() {
        return stopGraceMillis;
    }

    /** Sets {@link #stopGraceMillis()} (at least 1 ms). */
    public Kernel setStopGrace(long millis) {
        this.stopGraceMillis = Math.max(1, millis);
        return this;
    }

    /**
     * The memory limit of each runtime's Lua state in bytes, 0 for none (the default): a runtime
     * that reaches it gets "not enough memory" while every other runtime goes on. State
     * factories apply it when they build a state.
     */
    public long runtimeMemoryLimit() {
        return runtimeMemoryLimit;
    }

    private volatile int runtimeStackLimit = 200;

    /**
     * The Lua stack limit of each runtime's state, in slots: the kernel's 200 by default
     * ({@code LUAI_MAXSTACK}); state factories apply it.
     */
    public int runtimeStackLimit() {
        return runtimeStackLimit;
    }

    /** Sets {@link #runtimeStackLimit()} (at least 20 slots); it applies to runtimes created afterwards. */
    public Kernel setRuntimeStackLimit(int slots) {
        if (slots < 20) {
            throw new IllegalArgumentException("stack limit below 20 slots: " + slots);
        }
        this.runtimeStackLimit = slots;
        return this;
    }

    /** Sets {@link #runtimeMemoryLimit()}; it applies to runtimes created afterwards. */
    public Kernel setRuntimeMemoryLimit(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative memory limit");
        }
        this.runtimeMemoryLimit = bytes;
        return this;
    }

    private final Map<String, Object> services = new ConcurrentHashMap<>();

    /**
     * A per-kernel singleton under {@code key}, created by {@code factory} on first use (the
     * subsystems hang their state here: the shared {@code lunatik._ENV} table, the thread table).
     */
    @SuppressWarnings("unchecked")
    public <T> T service(String key, java.util.function.Supplier<T> factory) {
        Object v = services.get(key);
        if (v == null) {
            v = services.computeIfAbsent(key, k -> factory.get());
        }
        return (T) v;
    }

    /** Removes the singleton under {@code key} and returns it (null if none). */
    @SuppressWarnings("unchecked")
    public <T> T removeService(String key) {
        return (T) services.remove(key);
    }

    private final java.util.Deque<Runnable> shutdownSteps = new java.util.concurrent.ConcurrentLinkedDeque<>();

    /**
     * Registers a step for {@link #shutdown()} (a subsystem stopping its threads, dropping its
     * references). Steps run newest first.
     */
    public void onShutdown(Runnable step) {
        shutdownSteps.push(step);
    }

    /**
     * Shuts the subsystems down: stops the kernel threads still running, then runs every
     * registered step once, newest first (an error in one is
     * logged and the others still run). Afterwards {@link #liveObjects()} lists only what the
     * caller itself still holds.
     */
    public void shutdown() {
        // kernel threads first: their bodies hold runtime locks that later steps may need
        try {
            stopThreads();
        } catch (RuntimeException e) {
            log.write("error: shutdown: " + e.getMessage());
        }
        Runnable step;
        while ((step = shutdownSteps.poll()) != null) {
            try {
                step.run();
            } catch (RuntimeException e) {
                log.write("error: shutdown: " + e.getMessage());
            }
        }
    }

    private final CharDevices charDevices = new CharDevices();

    /** The character devices ({@code /dev}). */
    public CharDevices devices() {
        return charDevices;
    }

    // ---- kallsyms, network devices, tracing -------------------------------------------------

    private final Map<String, Long> symbols = new ConcurrentHashMap<>(Map.of(
            "kallsyms_lookup_name", 0xffffffff81000100L, "printk", 0xffffffff81000200L,
            "schedule", 0xffffffff81000300L, "kthread_run", 0xffffffff81000400L));
    private final Map<String, Integer> netDevices = new ConcurrentHashMap<>(Map.of("lo", 1));
    private final AtomicLong nextIfindex = new AtomicLong(2);
    private volatile boolean tracing;

    /** Adds (or moves) kernel symbol {@code name} at {@code address} (non-zero). */
    public void addSymbol(String name, long address) {
        if (address == 0) {
            throw new IllegalArgumentException("address 0 is NULL");
        }
        symbols.put(name, address);
    }

    /** {@code kallsyms_lookup_name}: the symbol's address, NULL when unknown. */
    public KernelSymbol lookup(String name) {
        Long a = symbols.get(name);
        return new KernelSymbol(name, a == null ? 0 : a);
    }

    /** Registers network interface {@code name} (if new) and returns its index ({@code lo} is 1). */
    public int addNetDevice(String name) {
        return netDevices.computeIfAbsent(name, n -> (int) nextIfindex.getAndIncrement());
    }

    /** The index of network interface {@code name}, or -1 when there is none. */
    public int ifindex(String name) {
        return netDevices.getOrDefault(name, -1);
    }

    /** Whether tracing is on ({@code tracing_is_on}). */
    public boolean isTracing() {
        return tracing;
    }

    /** Turns tracing on or off ({@code tracing_on/off}). */
    public void setTracing(boolean on) {
        tracing = on;
    }

    // ---- tasks ----------------------------------------------------------------------------------

    private final AtomicLong pids = new AtomicLong(1);
    private final Map<Long, KernelTask> tasks = new ConcurrentHashMap<>();
    private final Map<Thread, KernelTask> taskOfThread = new ConcurrentHashMap<>();
    private volatile boolean taskShutdownRegistered;

    /**
     * {@code kthread_run}: starts kernel thread {@code name} (a Java daemon thread) running
     * {@code body}; the body sees its task as {@link #currentTask()}. When the body returns the
     * task leaves the task table. The first kernel thread registers a {@link #shutdown()} step
     * that stops every kernel thread still running.
     */
    public KernelTask startThread(String name, Runnable body) {
        long pid = pids.incrementAndGet();
        KernelTask[] self = new KernelTask[1];
        Thread th = new Thread(() -> {
            KernelTask task = self[0];
            taskOfThread.put(Thread.currentThread(), task);
            task.markStarted();
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                log.write("[" + name + "] " + e.getMessage());
            } finally {
                task.markExited();
                tasks.remove(task.pid());
                taskOfThread.remove(Thread.currentThread());
            }
        }, name);
        th.setDaemon(true);
        KernelTask task = new KernelTask(this, pid, name, th, true);
        self[0] = task;
        tasks.put(pid, task);
        if (!taskShutdownRegistered) {
            synchronized (this) {
                if (!taskShutdownRegistered) {
                    taskShutdownRegistered = true;
                    onShutdown(this::stopThreads);
                }
            }
        }
        th.start();
        return task;
    }

    /** Stops every kernel thread still running (waiting for each). */
    public void stopThreads() {
        for (KernelTask t : List.copyOf(tasks.values())) {
            if (t.isKernelThread() && t.thread() != Thread.currentThread()) {
                t.stop();
            }
        }
    }

    /**
     * The task of the calling thread ({@code current}): its kernel thread, or a task made for a
     * Java thread the first time it asks (it stays in the table while the thread lives).
     */
    public KernelTask currentTask() {
        Thread th = Thread.currentThread();
        KernelTask t = taskOfThread.get(th);
        if (t != null) {
            return t;
        }
        tasks.values().removeIf(x -> !x.isKernelThread() && !x.thread().isAlive());
        taskOfThread.keySet().removeIf(x -> !x.isAlive());
        KernelTask nt = new KernelTask(this, pids.incrementAndGet(), th.getName(), th, false);
        tasks.put(nt.pid(), nt);
        taskOfThread.put(th, nt);
        return nt;
    }

    /** The running kernel threads ({@link #startThread}), by pid. */
    public List<KernelTask> kernelThreads() {
        List<KernelTask> out = new ArrayList<>();
        for (KernelTask t : tasks.values()) {
            if (t.isKernelThread() && !t.hasExited()) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparingLong(KernelTask::pid));
        return out;
    }

    /** The task with {@code pid}, or null. */
    public KernelTask task(long pid) {
        KernelTask t = tasks.get(pid);
        return t != null && t.thread().isAlive() ? t : null;
    }

    /**
     * Sends signal {@code sig} to task {@code pid}: it wakes from an interruptible sleep. Returns
     * false when there is no such task (ESRCH).
     */
    public boolean kill(long pid, int sig) {
        KernelTask t = task(pid);
        if (t == null) {
            return false;
        }
        t.signal(sig);
        return true;
    }

    /** The kernel log. */
    public KernelLog log() {
        return log;
    }

    /** Creates an object of class {@code cls} holding {@code payload}, with one reference. */
    public KernelObject newObject(KernelClass cls, Object payload) {
        return newObject(cls, payload, cls.sleepable());
    }

    /**
     * Creates an object of class {@code cls} with one reference, whose lock is a mutex when
     * {@code sleepable} and a spinlock otherwise (a runtime chooses per instance).
     */
    public KernelObject newObject(KernelClass cls, Object payload, boolean sleepable) {
        long id = ids.incrementAndGet();
        KernelObject o = new KernelObject(this, cls, id, payload, sleepable);
        live.put(id, o);
        return o;
    }

    /** The objects not yet released (reference count above zero), by id. */
    public List<LiveObject> liveObjects() {
        List<LiveObject> out = new ArrayList<>();
        for (KernelObject o : live.values()) {
            int n = o.refCount();
            if (n > 0) {
                out.add(new LiveObject(o.id(), o.kernelClass().name(), n));
            }
        }
        out.sort(Comparator.comparingLong(LiveObject::id));
        return out;
    }

    void forget(KernelObject o) {
        live.remove(o.id());
        KernelLock l = o.lock();
        // a released object's lock can never be taken again: drop its lock-order history
        for (KernelLock p : l.before) {
            p.after.remove(l);
            if (p.lastAfter == l) {
                p.lastAfter = null;
            }
        }
        for (KernelLock n : l.after) {
            n.before.remove(l);
        }
        l.before.clear();
        l.after.clear();
        if (!reported.isEmpty()) {
            reported.removeIf(e -> e.from() == l || e.to() == l);
        }
    }

    // ---- execution contexts ------------------------------------------------------------

    /** True when the calling thread holds a spinlock or runs an atomic callback. */
    public boolean inAtomicContext() {
        Context c = contexts.get();
        return c.spinlocks > 0 || c.atomicDepth > 0;
    }

    /** Marks the calling thread as running a non-sleepable runtime's callback (nests). */
    public void enterAtomic() {
        contexts.get().atomicDepth++;
    }

    /** Ends the innermost {@link #enterAtomic()}. */
    public void exitAtomic() {
        Context c = contexts.get();
        if (c.atomicDepth == 0) {
            throw violation("exitAtomic without enterAtomic");
        }
        c.atomicDepth--;
    }

    /** Runs {@code body} as a non-sleepable runtime callback (atomic context). */
    public void runAtomic(Runnable body) {
        enterAtomic();
        try {
            body.run();
        } finally {
            exitAtomic();
        }
    }

    /**
     * Declares that the caller is about to sleep ({@code what} names the operation, e.g.
     * "mutex_lock 'x'" or "linux.schedule"): in atomic context this raises a {@link LuaError}
     * "sleeping in atomic context: WHAT while holding spinlock 'S'" (or "... in a non-sleepable
     * runtime callback") and logs it.
     */
    public void mightSleep(String what) {
        Context c = contexts.get();
        if (c.spinlocks > 0) {
            KernelLock spin = null;
            for (int i = c.nheld - 1; i >= 0; i--) { // newest first
                if (!c.held[i].isMutex()) {
                    spin = c.held[i];
                    break;
                }
            }
            throw violation("sleeping in atomic context: " + what + " while holding spinlock '"
                    + (spin == null ? "?" : spin.name()) + "'");
        }
        if (c.atomicDepth > 0) {
            throw violation("sleeping in atomic context: " + what + " in a non-sleepable runtime callback");
        }
    }

    /** Logs {@code "BUG: " + message} and returns the Lua error to throw. */
    LuaError violation(String message) {
        log.write("BUG: " + message);
        return new LuaError(message);
    }

    /** Logs {@code message} and returns the Lua error to throw. */
    LuaError error(String message) {
        log.write("error: " + message);
        return new LuaError(message);
    }

    // ---- lock tracking ----------------------------------------------------------------

    boolean inAtomicContext(Object ctx) {
        Context c = (Context) ctx;
        return c.spinlocks > 0 || c.atomicDepth > 0;
    }

    /** The calling thread's context (one ThreadLocal lookup per lock operation). */
    Object context() {
        return contexts.get();
    }

    void beforeAcquire(Object ctx, KernelLock next) {
        Context c = (Context) ctx;
        for (int i = 0; i < c.nheld; i++) {
            KernelLock held = c.held[i];
            if (held == next || held.lastAfter == next) {
                continue; // known order: an inversion, if any, is reported when the reverse is taken
            }
            if (held.after.contains(next)) {
                held.lastAfter = next;
                continue;
            }
            if (next.after.contains(held)) { // held was taken while holding next before: inversion
                Edge key = new Edge(held, next);
                Edge reverse = new Edge(next, held);
                if (reported.add(key) && reported.add(reverse)) {
                    String msg = "possible circular locking dependency: taking " + next
                            + " while holding " + held + ", but " + held + " was taken while holding "
                            + next + " before";
                    lockReports.add(msg);
                    if (strictLockOrder) {
                        throw violation(msg);
                    }
                    log.write("WARNING: " + msg);
                }
            } else { // first time in this order: remember it
                held.after.add(next);
                next.before.add(held);
                held.lastAfter = next;
            }
        }
    }

    void acquired(Object ctx, KernelLock l) {
        Context c = (Context) ctx;
        c.push(l);
        if (!l.isMutex()) {
            c.spinlocks++;
        }
    }

    void released(KernelLock l) {
        Context c = contexts.get();
        releasedIn(c, l);
    }

    void releasedIn(Object ctx, KernelLock l) {
        Context c = (Context) ctx;
        c.remove(l);
        if (!l.isMutex()) {
            c.spinlocks--;
        }
    }

    /** The lock-order inversions found so far (first per pair of locks), oldest first. */
    public List<String> lockOrderReports() {
        return List.copyOf(lockReports);
    }
}
