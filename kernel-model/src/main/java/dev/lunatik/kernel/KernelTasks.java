package dev.lunatik.kernel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.collections.api.map.primitive.MutableLongObjectMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

/**
 * The task table: kernel threads ({@code kthread_run}) and the tasks made for Java threads that
 * ask for {@code current}, by pid.
 */
public final class KernelTasks {
    private final Kernel kernel;
    private long lastPid = 1;
    private final MutableLongObjectMap<KernelTask> byPid = new LongObjectHashMap<>();
    private final Map<Thread, KernelTask> byThread = new ConcurrentHashMap<>();
    private boolean shutdownRegistered;

    KernelTasks(Kernel kernel) {
        this.kernel = kernel;
    }

    private synchronized long nextPid() {
        return ++lastPid;
    }

    private synchronized void put(KernelTask t) {
        byPid.put(t.pid(), t);
    }

    private synchronized void remove(long pid) {
        byPid.remove(pid);
    }

    private synchronized List<KernelTask> all() {
        return new ArrayList<>(byPid.values());
    }

    /**
     * {@code kthread_run}: starts kernel thread {@code name} (a Java daemon thread) running
     * {@code body}; the body sees its task as {@link #current()}. When the body returns the task
     * leaves the table. The first kernel thread registers a shutdown step that stops every kernel
     * thread still running.
     */
    public KernelTask start(String name, Runnable body) {
        long pid = nextPid();
        KernelTask[] self = new KernelTask[1];
        Thread th = new Thread(() -> {
            KernelTask task = self[0];
            byThread.put(Thread.currentThread(), task);
            task.markStarted();
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                kernel.log().write("[" + name + "] " + e.getMessage());
            } finally {
                task.markExited();
                remove(task.pid());
                byThread.remove(Thread.currentThread());
            }
        }, name);
        th.setDaemon(true);
        KernelTask task = new KernelTask(kernel, pid, name, th, true);
        self[0] = task;
        put(task);
        boolean first;
        synchronized (this) {
            first = !shutdownRegistered;
            shutdownRegistered = true;
        }
        if (first) {
            kernel.onShutdown(this::stopAll);
        }
        th.start();
        return task;
    }

    /** Stops every kernel thread still running (waiting for each). */
    public void stopAll() {
        for (KernelTask t : all()) {
            if (t.isKernelThread() && t.thread() != Thread.currentThread()) {
                t.stop();
            }
        }
    }

    /**
     * The task of the calling thread ({@code current}): its kernel thread, or a task made for a
     * Java thread the first time it asks (it stays in the table while the thread lives).
     */
    public KernelTask current() {
        Thread th = Thread.currentThread();
        KernelTask t = byThread.get(th);
        if (t != null) {
            return t;
        }
        synchronized (this) {
            byPid.removeIf((pid, x) -> !x.isKernelThread() && !x.thread().isAlive());
        }
        byThread.keySet().removeIf(x -> !x.isAlive());
        KernelTask nt = new KernelTask(kernel, nextPid(), th.getName(), th, false);
        put(nt);
        byThread.put(th, nt);
        return nt;
    }

    /** The running kernel threads, by pid. */
    public List<KernelTask> kernelThreads() {
        List<KernelTask> out = new ArrayList<>();
        for (KernelTask t : all()) {
            if (t.isKernelThread() && !t.hasExited()) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparingLong(KernelTask::pid));
        return out;
    }

    /** The live task with {@code pid}, or null. */
    public KernelTask get(long pid) {
        KernelTask t;
        synchronized (this) {
            t = byPid.get(pid);
        }
        return t != null && t.thread().isAlive() ? t : null;
    }

    /**
     * Sends signal {@code sig} to task {@code pid}: it wakes from an interruptible sleep. Returns
     * false when there is no such task (ESRCH).
     */
    public boolean kill(long pid, int sig) {
        KernelTask t = get(pid);
        if (t == null) {
            return false;
        }
        t.signal(sig);
        return true;
    }
}
