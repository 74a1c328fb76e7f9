package dev.lunatik.kernel.libs;

import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelClass;
import dev.lunatik.kernel.KernelLock;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.kernel.KernelTask;
import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;

/**
 * Lunatik's {@code thread} library: kernel threads running a runtime.
 *
 * <p>{@code thread.run(runtime, name)} starts kernel thread {@code name} (a Java daemon thread,
 * {@link Kernel#startThread}) whose body takes the runtime's lock for its whole run and resumes
 * the runtime's entry with no arguments ({@link KernelRuntime#resumeLocked}): the function the
 * runtime's script returned, or the value a previous {@code resume} left (as the {@code echod}
 * example needs). The thread holds a reference to the runtime while it runs. A Lua error in the
 * body is written to the kernel log as {@code [<name>] <message>}; results are ignored; a body
 * that yields just ends. The runtime must be sleepable ("cannot use non-sleepable runtime in this
 * context").
 *
 * <p>{@code thread.shouldstop()} is true once {@code stop} was called on the calling kernel
 * thread (false outside kernel threads); {@code thread.current()} is a thread object for the
 * calling task; {@code t:stop()} sets the flag, wakes the thread (its {@code linux.schedule} or
 * {@code completion:wait} returns early) and waits for it to exit (a body that ignores the flag
 * is aborted at its next instruction after the kernel's stop grace, see {@link KernelTask#stop}), logging Lunatik's warnings
 * ("thread wasn't created by us", "thread has already stopped"); {@code t:task()} is
 * {@code {cpu, command, pid, tgid}}. The class is sleepable and monitored.
 */
public final class ThreadLib {
    private ThreadLib() {}

    /** The thread class: mutex, monitored. */
    public static final KernelClass CLASS = new KernelClass("thread", true, true, null);

    /** The Lua binding of {@link #CLASS}. */
    public static final LunatikClass BINDING = new LunatikClass(CLASS)
            .method("stop", ThreadLib::stop)
            .method("task", ThreadLib::task);

    /** The {@code thread} module. */
    public static final LuaLibrary LIBRARY = BINDING.module("thread", (state, lib) -> {
        JavaFunction.register(lib, "run", ThreadLib::run);
        JavaFunction.register(lib, "shouldstop", ThreadLib::shouldstop);
        JavaFunction.register(lib, "current", ThreadLib::current);
    });

    private static int run(LuaStack t, int base, int nargs) {
        KernelRuntime rt = (KernelRuntime) LunatikLib.BINDING.checkPayload(t, base, nargs, 1);
        String name = t.checkString(base, nargs, 2).toString();
        t.set(base, BINDING.newObject(t, start(rt, name)));
        return 1;
    }

    /**
     * {@code thread.run(rt, name)} from Java: starts kernel thread {@code name} running
     * {@code rt}'s entry (see the class comment). A non-sleepable runtime is refused.
     */
    public static KernelTask start(KernelRuntime rt, String name) {
        if (!rt.isSleepable()) {
            throw new LuaError("cannot use non-sleepable runtime in this context");
        }
        Kernel k = rt.kernel();
        rt.get();
        KernelTask task;
        try {
            task = k.startThread(name, () -> body(k, rt, name));
        } catch (RuntimeException e) {
            rt.put();
            throw e;
        }
        task.onForcedStop(() -> rt.abort("thread '" + name + "' ended by force (kthread_stop)"), rt::endAbort);
        return task;
    }

    private static void body(Kernel k, KernelRuntime rt, String name) {
        try {
            KernelLock l = rt.lock();
            l.lock();
            try {
                rt.resumeLocked();
            } finally {
                l.unlock();
            }
        } catch (LuaError e) {
            String msg = e.getMessage();
            k.log().write("[" + name + "] " + (msg.endsWith("\n") ? msg.substring(0, msg.length() - 1) : msg));
        } finally {
            rt.put();
        }
    }

    private static int shouldstop(LuaStack t, int base, int nargs) {
        KernelTask task = LunatikClass.kernel(t).currentTask();
        t.set(base, task.isKernelThread() && task.shouldStop());
        return 1;
    }

    private static int current(LuaStack t, int base, int nargs) {
        t.set(base, BINDING.newObject(t, LunatikClass.kernel(t).currentTask()));
        return 1;
    }

    private static int stop(LuaStack t, int base, int nargs, Object p) {
        KernelTask task = (KernelTask) p;
        Kernel k = LunatikClass.kernel(t);
        if (!task.isKernelThread()) {
            k.log().write("thread wasn't created by us");
            return 0;
        }
        if (task.hasExited()) {
            k.log().write("thread has already stopped");
            return 0;
        }
        Lunatik.mightSleep(t, "thread:stop");
        task.stop();
        return 0;
    }

    private static int task(LuaStack t, int base, int nargs, Object p) {
        KernelTask task = (KernelTask) p;
        LuaTable r = new LuaTable();
        r.rawset("cpu", 0L);
        r.rawset("command", LuaString.valueOf(task.name()));
        r.rawset("pid", task.pid());
        r.rawset("tgid", task.pid());
        t.set(base, r);
        return 1;
    }
}
