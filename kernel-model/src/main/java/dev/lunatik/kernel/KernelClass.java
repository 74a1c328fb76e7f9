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
}
