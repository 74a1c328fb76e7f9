package dev.lunatik.kernel;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.collections.api.map.primitive.MutableIntObjectMap;
import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;

/**
 * An object's lock: a mutex (sleepable classes) or a spinlock. Locking goes through the
 * kernel's {@link LockValidator}: taking a mutex in atomic context is refused with a {@link
 * dev.lunatik.vm.value.LuaError} (see {@link LockValidator#mightSleep}); holding a spinlock puts the
 * thread in atomic context; every acquisition feeds the lock-order checker. Not reentrant in
 * spirit (as in the kernel), but re-acquiring by the owner is reported rather than deadlocking.
 */
public final class KernelLock {
    private final LockValidator validator;
    private final String name;
    private final boolean mutex;
    private final OwnedLock lock = new OwnedLock();
    /** The holder's validator context while the lock is held (so unlocking need not look it up). */
    private LockValidator.Context holder;

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
        return lock.isHeldByCurrentThread();
    }

    /** Takes the lock (see the class comment for the checks). */
    public void lock() {
        LockValidator.Context ctx = beforeAcquire();
        lock.lock();
        validator.acquired(ctx, this);
        holder = ctx;
    }

    /** The checks of an acquisition (atomic context, recursion, lock order); the thread's context. */
    private LockValidator.Context beforeAcquire() {
        LockValidator.Context ctx = validator.context();
        if (mutex && LockValidator.inAtomicContext(ctx)) {
            validator.mightSleep("mutex_lock '" + name + "'");
        }
        if (lock.isHeldByCurrentThread()) {
            throw validator.violation("recursive locking: " + (mutex ? "mutex" : "spinlock") + " '" + name + "' already held");
        }
        validator.beforeAcquire(ctx, this);
        return ctx;
    }

    /**
     * Takes the lock if it can within {@code millis} milliseconds (the same checks as
     * {@link #lock()}); false when the time ran out. An interrupt does not cut the wait short
     * (the thread's interrupt status is kept).
     */
    public boolean tryLock(long millis) {
        LockValidator.Context ctx = beforeAcquire();
        long deadline = System.nanoTime() + millis * 1_000_000;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (lock.tryLock(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                        break;
                    }
                    return false;
                } catch (InterruptedException e) {
                    interrupted = true; // a wait with a deadline is not cut short by an interrupt
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        validator.acquired(ctx, this);
        holder = ctx;
        return true;
    }

    /** The thread holding the lock, or null when it is free (for diagnostics and for waking a holder). */
    public Thread owner() {
        return lock.owner();
    }

    /** Releases the lock; the caller must hold it. */
    public void unlock() {
        if (!lock.isHeldByCurrentThread()) {
            throw validator.violation("unlocking " + (mutex ? "mutex" : "spinlock") + " '" + name + "' not held by this thread");
        }
        LockValidator.Context ctx = holder;
        holder = null;
        validator.released(ctx, this);
        lock.unlock();
    }

    @Override
    public String toString() {
        return (mutex ? "mutex '" : "spinlock '") + name + "'";
    }
}
