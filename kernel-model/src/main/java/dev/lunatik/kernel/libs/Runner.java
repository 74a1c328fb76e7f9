package dev.lunatik.kernel.libs;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelObject;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.kernel.KernelTask;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.LuaUserdata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The Java side of {@code lunatik.runner}: named runtimes and their kernel threads, kept in the
 * same rcu tables ({@code lunatik._ENV.runtimes} and {@code .threads}) as the Lua module, so that
 * what one starts the other lists and stops. It adds what a host serving many clients needs:
 *
 * <ul>
 *   <li>a runtime whose script is still running its top level is listed as {@code (starting)}
 *       and can be stopped: its script is aborted and {@link #run} fails with "stopped while
 *       starting";</li>
 *   <li>{@link #stop} never waits on a script for long: a thread that ignores
 *       {@code thread.shouldstop()} and a runtime busy in a callback are each given the kernel's
 *       stop grace, then aborted (see {@link KernelTask#stop} and {@link KernelRuntime#stop});</li>
 *   <li>{@link #spawn} refuses a script that returned nothing a thread could run, instead of
 *       starting a thread that fails at once.</li>
 * </ul>
 *
 * <p>Names are script names without {@code .lua}, as the Lua module keeps them.
 */
public final class Runner {
    /** A runtime being created: its script's top level runs. */
    private static final class Starting {
        final Thread creator = Thread.currentThread();
        final CountDownLatch done = new CountDownLatch(1);
        volatile KernelRuntime rt;
        volatile boolean cancelled;
    }

    private static final String STOPPED_WHILE_STARTING = "stopped while starting";

    private final Kernel kernel;
    private final Map<String, Starting> starting = new ConcurrentHashMap<>();

    /**
     * The runner of {@code kernel} (any number of runners share its tables, which are made here
     * when missing, as {@code runner.startup()} makes them).
     */
    public Runner(Kernel kernel) {
        this.kernel = kernel;
        runtimes();
        threads();
    }

    /** The script name as the runner keys it: without a trailing {@code .lua}. */
    public static String trim(String script) {
        return script.endsWith(".lua") ? script.substring(0, script.length() - 4) : script;
    }

    private KernelObject table(String field) {
        KernelObject env = RcuLib.env(kernel);
        KernelObject t = RcuLib.get(env, field);
        if (t == null) {
            synchronized (this) {
                t = RcuLib.get(env, field);
                if (t == null) {
                    t = RcuLib.newTable(kernel, RcuLib.DEFAULT_BUCKETS);
                    RcuLib.put(env, field, t);
                }
            }
        }
        return t;
    }

    private KernelObject runtimes() {
        return table("runtimes");
    }

    private KernelObject threads() {
        return table("threads");
    }

    /** The runtime running {@code script} under the runner, or null. */
    public KernelRuntime runtime(String script) {
        KernelObject r = RcuLib.get(runtimes(), trim(script));
        return r != null && r.rawPayload() instanceof KernelRuntime rt && !rt.isStopped() ? rt : null;
    }

    /**
     * {@code runner.run(script, sleep)}: a new runtime running {@code <root>/<script>.lua},
     * registered under its name. Fails (a {@link LuaError}) when the name is taken or starting,
     * when the script does not load or raises an error, or when {@link #stop} ended it while its
     * top level ran.
     */
    public KernelRuntime run(String script, boolean sleep) {
        String name = trim(script);
        KernelRuntime.checkScriptName(name);
        Starting s = new Starting();
        synchronized (this) {
            if (RcuLib.get(runtimes(), name) != null || starting.containsKey(name)) {
                throw new LuaError(name + " is already running");
            }
            starting.put(name, s);
        }
        try {
            KernelRuntime rt;
            try {
                rt = KernelRuntime.create(kernel, name, sleep, r -> {
                    s.rt = r;
                    if (s.cancelled) {
                        r.abort(STOPPED_WHILE_STARTING);
                    }
                });
            } catch (LuaError e) {
                if (s.cancelled) {
                    Thread.interrupted(); // the cancel's wake-up call: served
                    throw new LuaError(name + " was " + STOPPED_WHILE_STARTING);
                }
                throw e;
            }
            synchronized (this) {
                if (!s.cancelled) {
                    RcuLib.put(runtimes(), name, rt.adoptReference());
                    return rt;
                }
            }
            Thread.interrupted();
            rt.stop();
            throw new LuaError(name + " was " + STOPPED_WHILE_STARTING);
        } finally {
            synchronized (this) {
                starting.remove(name, s);
            }
            s.done.countDown();
        }
    }

    /**
     * {@code runner.spawn(script)}: {@link #run} it (sleepable), then a kernel thread running the
     * function its script returned. A script that returned nothing callable is stopped again and
     * refused with a message saying so.
     */
    public KernelTask spawn(String script) {
        String name = trim(script);
        KernelRuntime rt = run(name, true);
        Object entry = rt.entry();
        if (!callable(entry)) {
            stop(name);
            throw new LuaError(name + " returned " + (entry == null ? "nothing" : "a " + Lua.typeName(entry) + " value")
                    + ", not a function to run in a thread");
        }
        KernelTask task = ThreadLib.start(rt, threadName(name));
        RcuLib.put(threads(), name, kernel.newObject(ThreadLib.CLASS, task));
        return task;
    }

    private static boolean callable(Object v) {
        if (v instanceof LuaFunction) {
            return true;
        }
        LuaTable mt = v instanceof LuaTable t ? t.getMetatable() : v instanceof LuaUserdata u ? u.getMetatable() : null;
        return mt != null && mt.rawget("__call") != null;
    }

    /**
     * The thread name Lunatik's runner gives a script (its {@code string.match} of letters and
     * digits, slashes, letters and digits anchored at the end): the longest such tail, e.g.
     * {@code echod/daemon} for {@code examples/echod/daemon}.
     */
    static String threadName(String script) {
        for (int i = 0; i <= script.length(); i++) {
            if (tailMatches(script, i)) {
                return script.substring(i);
            }
        }
        return "";
    }

    private static boolean tailMatches(String s, int i) {
        int j = i;
        while (j < s.length() && isAlnum(s.charAt(j))) {
            j++;
        }
        while (j < s.length() && s.charAt(j) == '/') {
            j++;
        }
        while (j < s.length() && isAlnum(s.charAt(j))) {
            j++;
        }
        return j == s.length();
    }

    private static boolean isAlnum(char c) {
        return c < 128 && Character.isLetterOrDigit(c);
    }

    /**
     * {@code runner.stop(script)}: stops its thread (if any), then its runtime, and forgets both;
     * a runtime still starting has its script aborted. Returns false when nothing ran under that
     * name. Bounded: see the class comment.
     */
    public boolean stop(String script) {
        String name = trim(script);
        Starting s = cancel(name);
        if (s != null) {
            try {
                s.done.await(4 * kernel.stopGraceMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }
        boolean found = false;
        KernelObject t = RcuLib.get(threads(), name);
        if (t != null) {
            found = true;
            if (t.rawPayload() instanceof KernelTask task && task.isKernelThread() && !task.hasExited()) {
                task.stop();
            }
            RcuLib.put(threads(), name, null);
        }
        KernelObject r = RcuLib.get(runtimes(), name);
        if (r != null) {
            found = true;
            r.close();
            RcuLib.put(runtimes(), name, null);
        }
        return found;
    }

    /**
     * Cancels the start of {@code script} if its top level is still running (aborts it, wakes
     * its creator) and returns at once; false when it is not starting. For a host whose client
     * gave up on a {@link #run}.
     */
    public boolean cancelStarting(String script) {
        return cancel(trim(script)) != null;
    }

    private Starting cancel(String name) {
        Starting s;
        synchronized (this) {
            s = starting.get(name);
            if (s == null) {
                return null;
            }
            s.cancelled = true;
            KernelRuntime rt = s.rt;
            if (rt != null) {
                rt.abort(STOPPED_WHILE_STARTING);
            }
        }
        s.creator.interrupt(); // a top level asleep or blocked in a receive
        return s;
    }

    /** One script the runner knows. */
    public record Entry(String name, boolean starting, boolean thread) {
        @Override
        public String toString() {
            return starting ? name + " (starting)" : name;
        }
    }

    /** The scripts running or starting, by name. */
    public List<Entry> list() {
        List<String> names = RcuLib.keys(runtimes());
        List<String> withThreads = RcuLib.keys(threads());
        List<Entry> out = new ArrayList<>();
        for (String n : names) {
            out.add(new Entry(n, false, withThreads.contains(n)));
        }
        for (String n : starting.keySet()) {
            if (!names.contains(n)) {
                out.add(new Entry(n, true, false));
            }
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /** {@code runner.shutdown()}: stops everything it knows, starting scripts included. */
    public void shutdown() {
        for (Entry e : list()) {
            try {
                stop(e.name());
            } catch (LuaError err) {
                kernel.log().write("lunatik: stop " + e.name() + ": " + err.getMessage());
            }
        }
    }
}
