package dev.lunatik.kernel;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A task of the simulated kernel: a kernel thread ({@code kthread_run}) backed by a Java daemon
 * thread, or the task of a Java thread that entered the kernel ({@link Kernel#currentTask()}).
 * It has a pid, a name ({@code comm}) and the stop flag of {@code kthread_stop}:
 * {@link #stop()} sets it, wakes the thread (a Java interrupt: sleeping primitives return early)
 * and waits for the body to return. A signal ({@link Kernel#kill}) also wakes it.
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
     * {@code kthread_stop}: asks the thread to stop, wakes it and waits for it to exit (a sleep,
     * so refused in atomic context). Returns false if it had already exited. Raises a Lua error if
     * called by the task itself (it would wait for itself forever).
     */
    public boolean stop() {
        if (Thread.currentThread() == thread) {
            throw new dev.lunatik.vm.value.LuaError("a thread cannot stop itself");
        }
        kernel.mightSleep("kthread_stop '" + name + "'");
        boolean first = stopRequested.compareAndSet(false, true);
        if (exited) {
            return false;
        }
        if (first || thread.isAlive()) {
            thread.interrupt();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return true;
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
