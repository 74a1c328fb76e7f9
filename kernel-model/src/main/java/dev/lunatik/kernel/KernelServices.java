package dev.lunatik.kernel;

import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;

/**
 * The per-kernel singletons subsystems hang their state on (the shared {@code lunatik._ENV}
 * table, the thread table, ...) and the steps that shut them down.
 */
public final class KernelServices {
    private final Map<String, Object> services = new ConcurrentHashMap<>();
    private final Deque<Runnable> shutdownSteps = new ConcurrentLinkedDeque<>();
    private final KernelLog log;

    KernelServices(KernelLog log) {
        this.log = log;
    }

    /** The singleton under {@code key}, created by {@code factory} on first use. */
    @SuppressWarnings("unchecked")
    public <T> T service(String key, Supplier<T> factory) {
        Object v = services.get(key);
        if (v == null) {
            v = services.computeIfAbsent(key, k -> factory.get());
        }
        return (T) v;
    }

    /** Removes the singleton under {@code key} and returns it (null if none). */
    @SuppressWarnings("unchecked")
    public <T> T remove(String key) {
        return (T) services.remove(key);
    }

    /** Registers a step for {@link #runShutdownSteps()}; steps run newest first. */
    public void onShutdown(Runnable step) {
        shutdownSteps.push(step);
    }

    /** Runs every registered step once, newest first; an error in one is logged and the others still run. */
    void runShutdownSteps() {
        Runnable step;
        while ((step = shutdownSteps.poll()) != null) {
            try {
                step.run();
            } catch (RuntimeException e) {
                log.write("error: shutdown: " + e.getMessage());
            }
        }
    }
}
