package dev.lunatik.kernel;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A kernel class ({@code lunatik_class_t}): a name, whether its objects may sleep (sleepable
 * classes lock with a mutex, the others with a spinlock), whether its methods run under the
 * object's lock (monitor), and the release hook run once on an object's payload.
 *
 * @param name the class name (also the lock's name in diagnostics)
 * @param sleepable true: objects use a mutex; false: a spinlock
 * @param monitor true: each method runs under the object's lock
 * @param release runs once on the payload when the object is closed or its last reference goes
 *     (may be a no-op)
 */
public record KernelClass(String name, boolean sleepable, boolean monitor, Consumer<Object> release) {
    /** Validates the components; a null release hook becomes a no-op. */
    public KernelClass {
        Objects.requireNonNull(name, "name");
        if (release == null) {
            release = p -> { };
        }
    }

    /**
     * Identity, as for {@code lunatik_class_t}, whose address is what a kernel compares: two
     * classes of the same components are still two classes. (It also spares start-up the
     * record's generated equality, which the JDK builds from method handles on first use.)
     */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
