package dev.lunatik.kernel;

import dev.lunatik.vm.value.LuaError;
import java.util.ArrayDeque;
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

    private static final class Context {
        final ArrayDeque<KernelLock> held = new ArrayDeque<>();
        int spinlocks;
        int atomicDepth;
    }

    private final KernelLog log;
    private final boolean strictLockOrder;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, KernelObject> live = new ConcurrentHashMap<>();
    private final ThreadLocal<Context> contexts = ThreadLocal.withInitial(Context::new);
    private final Set<Edge> order = ConcurrentHashMap.newKeySet();
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

    /** The kernel log. */
    public KernelLog log() {
        return log;
    }

    /** Creates an object of class {@code cls} holding {@code payload}, with one reference. */
    public KernelObject newObject(KernelClass cls, Object payload) {
        long id = ids.incrementAndGet();
        KernelObject o = new KernelObject(this, cls, id, payload);
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
        order.removeIf(e -> e.from() == l || e.to() == l);
        reported.removeIf(e -> e.from() == l || e.to() == l);
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
            for (KernelLock l : c.held) { // newest first
                if (!l.isMutex()) {
                    spin = l;
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

    void beforeAcquire(KernelLock next) {
        Context c = contexts.get();
        for (KernelLock held : c.held) {
            if (held == next) {
                continue;
            }
            Edge reverse = new Edge(next, held);
            if (order.contains(reverse)) {
                Edge key = new Edge(held, next);
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
            } else {
                order.add(new Edge(held, next));
            }
        }
    }

    void acquired(KernelLock l) {
        Context c = contexts.get();
        c.held.push(l);
        if (!l.isMutex()) {
            c.spinlocks++;
        }
    }

    void released(KernelLock l) {
        Context c = contexts.get();
        c.held.remove(l);
        if (!l.isMutex()) {
            c.spinlocks--;
        }
    }

    /** The lock-order inversions found so far (first per pair of locks), oldest first. */
    public List<String> lockOrderReports() {
        return List.copyOf(lockReports);
    }
}
