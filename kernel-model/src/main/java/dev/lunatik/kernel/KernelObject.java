package dev.lunatik.kernel;

import dev.lunatik.vm.value.LuaError;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A kernel object ({@code lunatik_object_t}): a class, a reference count, a private payload and a
 * lock. Created with one reference (see {@link Kernel#newObject}). {@link #get()} adds a
 * reference, {@link #put()} drops one; at zero the release hook runs (exactly once, and only if
 * {@link #close()} did not already release the payload) and the object leaves the kernel's live
 * list. {@code close()} releases the payload at once; using the payload afterwards raises the Lua
 * error "object closed". Errors on misuse are always {@link LuaError}s.
 */
public final class KernelObject {
    private final Kernel kernel;
    private final KernelClass cls;
    private final long id;
    private final KernelLock lock;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile Object payload;
    private volatile boolean closed;
    /** Set for good by the first reference beyond the creator's: see {@link #isConfined()}. */
    private volatile boolean shared;

    KernelObject(Kernel kernel, KernelClass cls, long id, Object payload, boolean sleepable) {
        this.kernel = kernel;
        this.cls = cls;
        this.id = id;
        this.payload = payload;
        this.lock = new KernelLock(kernel.locks(), cls.name() + "#" + id, sleepable);
    }

    /** The object's class. */
    public KernelClass kernelClass() {
        return cls;
    }

    /** A kernel-unique id (for diagnostics and the live list). */
    public long id() {
        return id;
    }

    /** The kernel the object lives in. */
    public Kernel kernel() {
        return kernel;
    }

    /** Whether the object's lock is a mutex (it may sleep); false for a spinlock. */
    public boolean isSleepable() {
        return lock.isMutex();
    }

    /**
     * The payload without the closed check: null once closed or released. For callers that
     * check {@link #isClosed()} themselves (the Lua bindings, which word the error their way).
     */
    public Object rawPayload() {
        return payload;
    }

    /** The object's lock: a mutex if its class is sleepable, else a spinlock. */
    public KernelLock lock() {
        return lock;
    }

    /** The current reference count (0 once released). */
    public int refCount() {
        return refs.get();
    }

    /** True once {@link #close()} ran or the object was released. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * True while the object has never had more than its first reference: then its one handle is
     * in the runtime that created it (a second handle, in any runtime, and a place in an rcu
     * table each take a reference), so only code holding that runtime's lock reaches it, one
     * thread at a time, and its own lock can have no other contender. Hooks that re-point an
     * object they created (a packet's data) do so under the runtime's lock as well. False from
     * the first {@link #get()} or {@link #tryGet()} on, for good.
     */
    public boolean isConfined() {
        return !shared;
    }

    /** Adds a reference; a Lua error if the object was already released. */
    public KernelObject get() {
        shared = true; // before the reference exists, so no holder of it sees the object confined
        int n;
        do {
            n = refs.get();
            if (n <= 0) {
                throw kernel.error(this + ": get on a released object");
            }
        } while (!refs.compareAndSet(n, n + 1));
        return this;
    }

    /**
     * Adds a reference unless the object is already released (a reader racing with the last
     * {@link #put()}); returns whether it did. The counterpart of {@code kref_get_unless_zero}.
     */
    public boolean tryGet() {
        shared = true;
        int n;
        do {
            n = refs.get();
            if (n <= 0) {
                return false;
            }
        } while (!refs.compareAndSet(n, n + 1));
        return true;
    }

    /**
     * Drops a reference; at zero releases the object (release hook once, leaves the live list).
     * A put on an object with no reference left is a Lua error (and logged) and changes nothing.
     */
    public void put() {
        int n;
        do {
            n = refs.get();
            if (n <= 0) {
                throw kernel.error(this + ": put below zero (reference count underflow)");
            }
        } while (!refs.compareAndSet(n, n - 1));
        if (n == 1) {
            closed = true;
            releasePayload();
            kernel.forget(this);
        }
    }

    /**
     * Releases the payload now (release hook runs at most once over the object's life); the
     * references stay. A second close is a no-op (as in Lunatik 4.1+).
     */
    public void close() {
        closed = true;
        releasePayload();
    }

    /** The payload (may be null if created so); the Lua error "object closed" after {@link #close()} or release. */
    public Object payload() {
        Object p = payload;
        if (closed) {
            throw new LuaError(cls.name() + " object closed");
        }
        return p;
    }

    /** The payload cast to {@code type} ({@link #payload()} rules apply). */
    public <T> T payload(Class<T> type) {
        return type.cast(payload());
    }

    /**
     * Runs {@code method} as a method of this object: for a monitor class under the object's
     * lock, otherwise directly. Raises "object closed" if the object is closed.
     */
    public <T> T invoke(Supplier<T> method) {
        payload();
        if (!cls.monitor()) {
            return method.get();
        }
        lock.lock();
        try {
            payload();
            return method.get();
        } finally {
            lock.unlock();
        }
    }

    private void releasePayload() {
        if (released.compareAndSet(false, true)) {
            Object p = payload;
            payload = null;
            cls.release().accept(p);
        }
    }

    @Override
    public String toString() {
        return cls.name() + "#" + id;
    }
}
