package dev.lunatik.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.collections.api.map.primitive.MutableIntObjectMap;
import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;

/**
 * An object's lock: a mutex (sleepable classes; waiters sleep) or a spinlock (waiters spin, and
 * releasing is a plain store, so the uncontended lock and unlock of a data object's method call
 * cost one compare-and-set between them). Locking goes through the
 * kernel's {@link LockValidator}: taking a mutex in atomic context is refused with a {@link
 * dev.lunatik.vm.value.LuaError} (see {@link LockValidator#mightSleep}); holding a spinlock puts the
 * thread in atomic context; every acquisition feeds the lock-order checker. Not reentrant in
 * spirit (as in the kernel), but re-acquiring by the owner is reported rather than deadlocking.
 */
public final class KernelLock {
    private final LockValidator validator;
    private final String name;
    private final boolean mutex;
    /** A mutex's lock (null for a spinlock): waiters sleep. */
    private final OwnedLock sleeping;
    /** A spinlock's holder (unused for a mutex): waiters spin, as on a kernel spinlock. */
    private volatile Thread spinOwner;
    /** The holder's validator context while the lock is held (so unlocking need not look it up). */
    private LockValidator.Context holder;

    private static final VarHandle SPIN_OWNER;

    static {
        try {
            SPIN_OWNER = MethodHandles.lookup().findVarHandle(KernelLock.class, "spinOwner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A lock that tells who holds it. */
    private static final class OwnedLock extends ReentrantLock {
        private static final long serialVersionUID = 1L;

        Thread owner() {
            return getOwner();
        }
    }
    /** This lock's number in the lock-order graph. */
    final int id;
    /** Locks taken while this one was held, by id (lock-order history; guarded by the validator). */
    final MutableIntObjectMap<KernelLock> after = new IntObjectHashMap<>();
    /** Locks held when this one was taken (the reverse edges, so a dead lock's history can go; guarded by the validator). */
    final Set<KernelLock> before = new HashSet<>();
    /** The last lock recorded in {@link #after} (a one-entry cache for the common repeat). */
    volatile KernelLock lastAfter;

    KernelLock(LockValidator validator, String name, boolean mutex) {
        this.validator = validator;
        this.id = validator.nextLockId();
        this.name = name;
        this.mutex = mutex;
        this.sleeping = mutex ? new OwnedLock() : null;
    }

    /** The lock's name (its object's class name and id) for diagnostics. */
    public String name() {
        return name;
    }

    /** True for a mutex (may sleep), false for a spinlock. */
    public boolean isMutex() {
        return mutex;
    }

    /** True when the calling thread holds this lock. */
    public boolean isHeldByCurrentThread() {
        return sleeping != null ? sleeping.isHeldByCurrentThread() : spinOwner == Thread.currentThread();
    }

    /**
     * Takes the lock (see the class comment for the checks). A spinlock that the calling thread
     * does not hold, taken where its order after every held lock is already known (the usual case
     * of a data object's method in a packet hook), skips the checks, whose outcome is known, so
     * that this stays small enough to inline into its callers.
     */
    public void lock() {
        LockValidator.Context ctx = validator.context();
        if (sleeping != null || spinOwner == ctx.thread || !LockValidator.orderKnown(ctx, this)) {
            beforeAcquire(ctx);
        }
        if (sleeping != null) {
            sleeping.lock();
        } else {
            takeSpin(ctx.thread, Long.MAX_VALUE);
        }
        acquired(ctx);
    }

    /** The spinlock taken by {@code me} at once, or else by {@link #spin} before {@code deadline}: whether it was. */
    private boolean takeSpin(Thread me, long deadline) {
        return SPIN_OWNER.compareAndSet(this, null, me) || spin(me, deadline);
    }

    private void acquired(LockValidator.Context ctx) {
        validator.acquired(ctx, this);
        holder = ctx;
    }

    /**
     * Waits for a spinlock held by another thread, until {@code deadline} ({@link System#nanoTime});
     * true once {@code me} holds it. Spins first, as the kernel does; a holder that keeps it longer
     * (a script running in atomic context) gets the processor back: the waiter yields, then sleeps
     * in steps of up to 0.1 ms, so a long wait costs no processor and a short one no latency.
     */
    private boolean spin(Thread me, long deadline) {
        long pause = 1_000;
        boolean interrupted = false; // an interrupt does not cut the wait short (kept for the thread)
        try {
            for (int n = 0; ; n++) {
                if (spinOwner == null && SPIN_OWNER.compareAndSet(this, null, me)) {
                    return true;
                }
                if (n < 200) {
                    Thread.onSpinWait();
                } else if (n < 220) {
                    Thread.yield();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    LockSupport.parkNanos(Math.min(pause, left));
                    pause = Math.min(pause * 2, 100_000);
                    interrupted |= Thread.interrupted();
                }
            }
        } finally {
            if (interrupted) {
                me.interrupt();
            }
        }
    }

    /** The checks of an acquisition (atomic context, recursion, lock order) by the thread of {@code ctx}. */
    private void beforeAcquire(LockValidator.Context ctx) {
        if (mutex && LockValidator.inAtomicContext(ctx)) {
            validator.mightSleep("mutex_lock '" + name + "'");
        }
        if (isHeldByCurrentThread()) {
            throw validator.violation("recursive locking: " + (mutex ? "mutex" : "spinlock") + " '" + name + "' already held");
        }
        validator.beforeAcquire(ctx, this);
    }

    /**
     * Takes the lock if it can within {@code millis} milliseconds (the same checks as
     * {@link #lock()}); false when the time ran out. An interrupt does not cut the wait short
     * (the thread's interrupt status is kept).
     */
    public boolean tryLock(long millis) {
        LockValidator.Context ctx = validator.context();
        beforeAcquire(ctx);
        long deadline = System.nanoTime() + millis * 1_000_000;
        if (!(sleeping != null ? sleepUntil(deadline) : takeSpin(ctx.thread, deadline))) {
            return false;
        }
        acquired(ctx);
        return true;
    }

    /** Waits for the mutex until {@code deadline}; whether it was taken (an interrupt is kept, not obeyed). */
    private boolean sleepUntil(long deadline) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return sleeping.tryLock(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true; // a wait with a deadline is not cut short by an interrupt
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The thread holding the lock, or null when it is free (for diagnostics and for waking a holder). */
    public Thread owner() {
        return sleeping != null ? sleeping.owner() : spinOwner;
    }

    /** Releases the lock; the caller must hold it. */
    public void unlock() {
        if (!isHeldByCurrentThread()) {
            throw validator.violation("unlocking " + (mutex ? "mutex" : "spinlock") + " '" + name + "' not held by this thread");
        }
        LockValidator.Context ctx = holder;
        holder = null;
        validator.released(ctx, this);
        if (sleeping != null) {
            sleeping.unlock();
        } else {
            SPIN_OWNER.setRelease(this, null); // a plain store: no fence, as spin_unlock
        }
    }

    @Override
    public String toString() {
        return (mutex ? "mutex '" : "spinlock '") + name + "'";
    }
}
