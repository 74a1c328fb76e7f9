package dev.lunatik.kernel;

import dev.lunatik.vm.value.LuaError;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.collections.api.set.primitive.MutableLongSet;
import org.eclipse.collections.impl.set.mutable.primitive.LongHashSet;

/**
 * The execution contexts of the threads in one kernel and the lock-order checker (the role of
 * lockdep and {@code might_sleep}).
 *
 * <p><b>Execution contexts.</b> A Java thread is in atomic context while it holds a spinlock or
 * runs a non-sleepable runtime's callback ({@link #enterAtomic}/{@link #exitAtomic}). Sleeping
 * there ({@link #mightSleep}) is refused: a {@link LuaError} naming the violation, also written
 * to the kernel log. It never hangs.
 *
 * <p><b>Lock order.</b> Each time a thread takes lock B while holding lock A, the edge A→B joins
 * the lock-order graph (each lock keeps the locks taken after it, by lock id). Taking A while
 * holding B after A→B was seen is an AB/BA inversion: the first inversion of each pair is logged
 * as a {@code WARNING} and kept in {@link #reports()}, or, with {@code strict}, raised as a
 * {@link LuaError} before blocking. A released object's lock leaves the graph ({@link #forget}).
 */
public final class LockValidator {
    /** Per-thread context: the locks held (oldest first; arrays, so tracking allocates nothing). */
    static final class Context {
        /** The thread whose context this is. */
        final Thread thread;
        KernelLock[] held = new KernelLock[8];
        int nheld;
        int spinlocks;
        int atomicDepth;

        Context(Thread thread) {
            this.thread = thread;
        }

        void push(KernelLock l) {
            if (nheld == held.length) {
                held = Arrays.copyOf(held, nheld * 2);
            }
            held[nheld++] = l;
        }

        void remove(KernelLock l) {
            int top = nheld - 1;
            if (top >= 0 && held[top] == l) { // the usual case: the lock taken last
                held[top] = null;
                nheld = top;
                return;
            }
            for (int i = top - 1; i >= 0; i--) {
                if (held[i] == l) {
                    System.arraycopy(held, i + 1, held, i, nheld - i - 1);
                    held[--nheld] = null;
                    return;
                }
            }
        }
    }

    private final KernelLog log;
    private final boolean strict;
    private final ThreadLocal<Context> contexts = ThreadLocal.withInitial(() -> new Context(Thread.currentThread()));
    /**
     * The context last looked up: a thread that takes many locks in a row (a packet hook calling
     * data methods) finds its own here without a ThreadLocal lookup. Read and written racily,
     * which is safe: a context's {@code thread} is final, and a reader uses the context only when
     * it is its own.
     */
    private Context lastContext;
    /** Pairs of lock ids whose inversion was reported (both orders), guarded by {@code this}. */
    private final MutableLongSet reported = new LongHashSet();
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private int lastLockId;

    LockValidator(KernelLog log, boolean strict) {
        this.log = log;
        this.strict = strict;
    }

    synchronized int nextLockId() {
        return ++lastLockId;
    }

    private static long pair(KernelLock a, KernelLock b) {
        return ((long) a.id << 32) | (b.id & 0xffffffffL);
    }

    /** True when the calling thread holds a spinlock or runs an atomic callback. */
    public boolean inAtomicContext() {
        return inAtomicContext(context());
    }

    /** Marks the calling thread as running a non-sleepable runtime's callback (nests). */
    public void enterAtomic() {
        context().atomicDepth++;
    }

    /** Ends the innermost {@link #enterAtomic()}. */
    public void exitAtomic() {
        Context c = context();
        if (c.atomicDepth == 0) {
            throw violation("exitAtomic without enterAtomic");
        }
        c.atomicDepth--;
    }

    /**
     * Declares that the caller is about to sleep ({@code what} names the operation): in atomic
     * context this raises a {@link LuaError} "sleeping in atomic context: WHAT while holding
     * spinlock 'S'" (or "... in a non-sleepable runtime callback") and logs it.
     */
    public void mightSleep(String what) {
        Context c = context();
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

    /** The lock-order inversions found so far (first per pair of locks), oldest first. */
    public List<String> reports() {
        return List.copyOf(reports);
    }

    // ---- called by KernelLock ------------------------------------------------------------

    /** The calling thread's context (one ThreadLocal lookup per lock operation). */
    Context context() {
        Context c = lastContext;
        if (c != null && c.thread == Thread.currentThread()) {
            return c;
        }
        c = contexts.get();
        lastContext = c;
        return c;
    }

    static boolean inAtomicContext(Context c) {
        return c.spinlocks > 0 || c.atomicDepth > 0;
    }

    /**
     * Whether taking {@code next} now needs no lock-order bookkeeping: every lock the thread
     * holds was seen with {@code next} taken after it last time (or is {@code next} itself, which
     * the recursion check reports).
     */
    static boolean orderKnown(Context c, KernelLock next) {
        for (int i = 0; i < c.nheld; i++) {
            KernelLock held = c.held[i];
            if (held != next && held.lastAfter != next) {
                return false;
            }
        }
        return true;
    }

    void beforeAcquire(Context c, KernelLock next) {
        for (int i = 0; i < c.nheld; i++) {
            KernelLock held = c.held[i];
            if (held == next || held.lastAfter == next) {
                continue; // known order: an inversion, if any, is reported when the reverse is taken
            }
            String inversion = null;
            synchronized (this) {
                if (held.after.containsKey(next.id)) {
                    held.lastAfter = next;
                } else if (next.after.containsKey(held.id)) { // held was taken while holding next: inversion
                    if (reported.add(pair(held, next)) && reported.add(pair(next, held))) {
                        inversion = "possible circular locking dependency: taking " + next
                                + " while holding " + held + ", but " + held + " was taken while holding "
                                + next + " before";
                        reports.add(inversion);
                    }
                } else { // first time in this order: remember it
                    held.after.put(next.id, next);
                    next.before.add(held);
                    held.lastAfter = next;
                }
            }
            if (inversion != null) {
                if (strict) {
                    throw violation(inversion);
                }
                log.write("WARNING: " + inversion);
            }
        }
    }

    void acquired(Context c, KernelLock l) {
        c.push(l);
        if (!l.isMutex()) {
            c.spinlocks++;
        }
    }

    void released(Context c, KernelLock l) {
        c.remove(l);
        if (!l.isMutex()) {
            c.spinlocks--;
        }
    }

    /** A released object's lock can never be taken again: its lock-order history goes. */
    synchronized void forget(KernelLock l) {
        for (KernelLock p : l.before) {
            p.after.remove(l.id);
            if (p.lastAfter == l) {
                p.lastAfter = null;
            }
        }
        for (KernelLock n : l.after.values()) {
            n.before.remove(l);
        }
        l.before.clear();
        l.after.clear();
        if (!reported.isEmpty()) {
            reported.removeIf(p -> (int) (p >>> 32) == l.id || (int) p == l.id);
        }
    }
}
