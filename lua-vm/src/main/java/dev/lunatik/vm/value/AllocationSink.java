package dev.lunatik.vm.value;

/**
 * Where value classes that know no Lua state report the memory they allocate (a table growing its
 * parts). The collector of the state running on the current Java thread installs itself with
 * {@link #enter}; with none installed (host code touching tables outside any call) nothing is
 * counted. Kept per Java thread because a state is used by one thread at a time while many states
 * share the JVM.
 */
public abstract class AllocationSink {
    private static final ThreadLocal<AllocationSink> CURRENT = new ThreadLocal<>();

    /** For collectors. */
    protected AllocationSink() {}

    /** Accounts {@code bytes} about to be allocated; may raise the "not enough memory" error. */
    protected abstract void allocate(long bytes);

    /** Reports {@code bytes} about to be allocated to the sink of the current thread, if any. */
    public static void charge(long bytes) {
        AllocationSink s = CURRENT.get();
        if (s != null) s.allocate(bytes);
    }

    /** Installs {@code sink} for the current thread; returns the previous one for {@link #leave}. */
    public static AllocationSink enter(AllocationSink sink) {
        AllocationSink prev = CURRENT.get();
        if (prev != sink) CURRENT.set(sink);
        return prev;
    }

    /** Restores the sink {@link #enter} returned. */
    public static void leave(AllocationSink prev) {
        if (CURRENT.get() != prev) CURRENT.set(prev);
    }
}
