package dev.lunatik.kernel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.collections.api.map.primitive.MutableLongObjectMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

/**
 * The kernel's objects by id, for leak accounting: an object is here from creation until its
 * last reference goes ({@link KernelObject#put()}), so what {@link #live()} lists after a
 * shutdown is what leaked.
 */
public final class KernelObjects {
    /** One row of {@link #live()}. */
    public record LiveObject(long id, String className, int refCount) {
        @Override
        public String toString() {
            return className + "#" + id + " (refs " + refCount + ")";
        }
    }

    private final Kernel kernel;
    private long lastId;
    private final MutableLongObjectMap<KernelObject> byId = new LongObjectHashMap<>();

    KernelObjects(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * Creates an object of class {@code cls} with one reference, whose lock is a mutex when
     * {@code sleepable} and a spinlock otherwise.
     */
    public KernelObject create(KernelClass cls, Object payload, boolean sleepable) {
        long id;
        synchronized (this) {
            id = ++lastId;
        }
        KernelObject o = new KernelObject(kernel, cls, id, payload, sleepable);
        synchronized (this) {
            byId.put(id, o);
        }
        return o;
    }

    /** The objects not yet released (reference count above zero), by id. */
    public List<LiveObject> live() {
        List<KernelObject> all;
        synchronized (this) {
            all = new ArrayList<>(byId.values());
        }
        List<LiveObject> out = new ArrayList<>();
        for (KernelObject o : all) {
            int n = o.refCount();
            if (n > 0) {
                out.add(new LiveObject(o.id(), o.kernelClass().name(), n));
            }
        }
        out.sort(Comparator.comparingLong(LiveObject::id));
        return out;
    }

    /** {@code o}'s last reference went: it leaves the table, and its lock the lock-order graph. */
    void forget(KernelObject o) {
        synchronized (this) {
            byId.remove(o.id());
        }
        kernel.locks().forget(o.lock());
    }
}
