package dev.lunatik.kernel;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A task of the simulated kernel: a kernel thread ({@code kthread_run}) backed by a Java daemon
 * thread, or the task of a Java thread that entered the kernel ({@link Kernel#currentTask()}).
 * It has a pid, a name ({@code comm}) and the stop flag of {@code kthread_stop}:
 * {@link #stop()} sets it, wakes the thread (a Java interrupt: sleeping primitives return early)
 * and waits for the body to return. A signal ({@link Kernel#kill}) also wakes it.
 *
 * <p>A body that ignores the flag does not hang its stopper: after the kernel's stop grace
 * ({@link Kernel#stopGraceMillis()}) the stop is reported in the kernel log and the thread is
 * ended by force through its {@linkplain #onForcedStop abort hook} (a Lua body is aborted at its
 * next instruction); a thread that even then does not end (stuck in Java code that ignores
 * interrupts) is reported and left behind rather than waited for.
 */
public final class KernelTask {
    private final Kernel kernel;
    private final long pid;
    private final String name;
    private final Thread thread;
    private final boolean kthread;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean exited;
    private volatile int lastSignal;
    private volatile Runnable abortHook;
    private volatile Runnable abortEndHook;
    private volatile boolean forced;

    KernelTask(Kernel kernel, long pid, String name, Thread thread, boolean kthread) {
        this.kernel = kernel;
        this.pid = pid;
        this.name = name;
        this.thread = thread;
        this.kthread = kthread;
    }

    /** The process id. */
    public long pid() {
        return pid;
    }

    /** The task name ({@code comm}). */
    public String name() {
        return name;
    }

    /** The Java thread behind the task. */
    public Thread thread() {
        return thread;
    }

    /** Whether this is a kernel thread the kernel started (not a Java thread that entered it). */
    public boolean isKernelThread() {
        return kthread;
    }

    /** {@code kthread_should_stop()}: whether {@link #stop()} was called. */
    public boolean shouldStop() {
        return stopRequested.get();
    }

    /** Whether the body has started running. */
    public boolean hasStarted() {
        return started;
    }

    /** Whether the body has returned. */
    public boolean hasExited() {
        return exited;
    }

    /** The last signal delivered ({@link Kernel#kill}), 0 if none. */
    public int lastSignal() {
        return lastSignal;
    }

    void signal(int sig) {
        lastSignal = sig;
        thread.interrupt();
    }

    /**
     * Sets how this thread is ended by force when it ignores {@link #stop()}: {@code abort} runs
     * (from the stopping thread) once the grace period is over; {@code end} runs after the thread
     * has exited, to undo what {@code abort} did (a Lua state aborted for the body is usable again).
     */
    public void onForcedStop(Runnable abort, Runnable end) {
        this.abortHook = abort;
        this.abortEndHook = end;
    }

    /** Whether the last {@link #stop()} had to end the thread by force. */
    public boolean wasForced() {
        return forced;
    }

    /**
     * {@code kthread_stop}: asks the thread to stop, wakes it and waits for it to exit (a sleep,
     * so refused in atomic context). Returns false if it had already exited. Raises a Lua error if
     * called by the task itself (it would wait for itself forever). A thread still running after
     * the kernel's stop grace is ended by force (see the class comment); the wait is bounded.
     */
    public boolean stop() {
        if (Thread.currentThread() == thread) {
            throw new dev.lunatik.vm.value.LuaError("a thread cannot stop itself");
        }
        kernel.mightSleep("kthread_stop '" + name + "'");
        stopRequested.set(true);
        if (exited) {
            return false;
        }
        thread.interrupt();
        long grace = kernel.stopGraceMillis();
        if (join(grace)) {
            return true;
        }
        forced = true;
        kernel.log().write("thread '" + name + "' [" + pid + "] did not stop within " + grace
                + " ms (it does not check thread.shouldstop()): ending it");
        Runnable abort = abortHook;
        if (abort != null) {
            try {
                abort.run();
            } catch (RuntimeException e) {
                kernel.log().write("thread '" + name + "': " + e.getMessage());
            }
        }
        thread.interrupt();
        if (join(grace)) {
            Runnable end = abortEndHook;
            if (end != null) {
                end.run();
            }
            return true;
        }
        kernel.log().write("WARNING: thread '" + name + "' [" + pid + "] is stuck outside Lua and cannot be ended; left behind");
        return true;
    }

    /** Waits up to {@code millis} for the thread to exit; true when it has. Keeps an interrupt for later. */
    private boolean join(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        boolean interrupted = false;
        try {
            while (thread.isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    thread.join(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void markStarted() {
        started = true;
    }

    void markExited() {
        exited = true;
    }

    @Override
    public String toString() {
        return name + "[" + pid + "]";
    }
}
