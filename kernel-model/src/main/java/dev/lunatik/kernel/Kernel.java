package dev.lunatik.kernel;

import dev.lunatik.kernel.net.NetDevices;
import dev.lunatik.kernel.net.NetStack;
import dev.lunatik.vm.value.LuaError;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One simulated kernel. There is no global state: pass the kernel around. It is made of one
 * part per concern, each its own class:
 *
 * <ul>
 *   <li>{@link #log()}: the kernel log ({@link KernelLog});
 *   <li>{@link #objects()}: refcounted kernel objects by id, for leak accounting ({@link KernelObjects});
 *   <li>{@link #locks()}: execution contexts and the lock-order checker ({@link LockValidator});
 *   <li>{@link #tasks()}: kernel threads and tasks by pid ({@link KernelTasks});
 *   <li>{@link #services()}: per-kernel singletons and shutdown steps ({@link KernelServices});
 *   <li>{@link #devices()}: character devices ({@link CharDevices});
 *   <li>{@link #net()}: the network stack: interfaces, netfilter hooks, the packet path ({@link NetStack});
 *   <li>{@link #symbols()}: {@code kallsyms} and tracing ({@link KernelSymbols});
 * </ul>
 *
 * plus the settings runtimes are created with (script root, state factory, stop grace, memory and
 * stack limits). The methods here that only forward to a part are kept for the callers' brevity.
 */
public final class Kernel {
    private final KernelLog log;
    private final LockValidator locks;
    private final KernelObjects objects = new KernelObjects(this);
    private final KernelTasks tasks = new KernelTasks(this);
    private final KernelServices services;
    private final CharDevices charDevices = new CharDevices();
    private final NetStack net;
    private final KernelSymbols symbols = new KernelSymbols();

    /** A kernel with a 1024-line log and warning-only lock-order checks. */
    public Kernel() {
        this(1024, false);
    }

    /**
     * A kernel whose log keeps {@code logCapacity} lines; {@code strictLockOrder} turns lock-order
     * inversions into errors instead of warnings.
     */
    public Kernel(int logCapacity, boolean strictLockOrder) {
        this.log = new KernelLog(logCapacity);
        this.locks = new LockValidator(log, strictLockOrder);
        this.services = new KernelServices(log);
        this.net = new NetStack(new NetDevices(), log::write);
    }

    private volatile Path scriptRoot = Path.of(".").toAbsolutePath().normalize();
    private volatile KernelRuntime.StateFactory stateFactory = KernelRuntime::basicState;

    /**
     * The folder runtimes load their scripts from (the stand-in for {@code /lib/modules/lua}):
     * {@code lunatik.runtime("a/b")} runs {@code <root>/a/b.lua}. Default: the current directory.
     */
    public Path scriptRoot() {
        return scriptRoot;
    }

    /** Sets the script root (see {@link #scriptRoot()}). */
    public Kernel setScriptRoot(Path root) {
        this.scriptRoot = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        return this;
    }

    /** How runtimes build their Lua states (the libraries they open); see {@link KernelRuntime.StateFactory}. */
    public KernelRuntime.StateFactory stateFactory() {
        return stateFactory;
    }

    /** Sets how runtimes build their Lua states (the Lunatik libraries install theirs). */
    public Kernel setStateFactory(KernelRuntime.StateFactory factory) {
        this.stateFactory = Objects.requireNonNull(factory, "factory");
        return this;
    }

    private volatile long stopGraceMillis = 400;
    private volatile long runtimeMemoryLimit;

    /**
     * How long a stop waits for a script to give way before forcing it (default 400 ms): a kernel
     * thread's body to return after {@code kthread_stop} ({@link KernelTask#stop}), a runtime's
     * callback to release the lock ({@link KernelRuntime#stop}). Then the script is aborted at its
     * next instruction and waited for as long again.
     */
    public long stopGraceMillis() {
        return stopGraceMillis;
    }

    /** Sets {@link #stopGraceMillis()} (at least 1 ms). */
    public Kernel setStopGrace(long millis) {
        this.stopGraceMillis = Math.max(1, millis);
        return this;
    }

    /**
     * The memory limit of each runtime's Lua state in bytes, 0 for none (the default): a runtime
     * that reaches it gets "not enough memory" while every other runtime goes on. State
     * factories apply it when they build a state.
     */
    public long runtimeMemoryLimit() {
        return runtimeMemoryLimit;
    }

    private volatile int runtimeStackLimit = 200;

    /**
     * The Lua stack limit of each runtime's state, in slots: the kernel's 200 by default
     * ({@code LUAI_MAXSTACK}); state factories apply it.
     */
    public int runtimeStackLimit() {
        return runtimeStackLimit;
    }

    /** Sets {@link #runtimeStackLimit()} (at least 20 slots); it applies to runtimes created afterwards. */
    public Kernel setRuntimeStackLimit(int slots) {
        if (slots < 20) {
            throw new IllegalArgumentException("stack limit below 20 slots: " + slots);
        }
        this.runtimeStackLimit = slots;
        return this;
    }

    /** Sets {@link #runtimeMemoryLimit()}; it applies to runtimes created afterwards. */
    public Kernel setRuntimeMemoryLimit(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative memory limit");
        }
        this.runtimeMemoryLimit = bytes;
        return this;
    }

    // ---- the parts --------------------------------------------------------------------------

    /** The kernel log. */
    public KernelLog log() {
        return log;
    }

    /** The live objects (leak accounting). */
    public KernelObjects objects() {
        return objects;
    }

    /** Execution contexts and lock order. */
    public LockValidator locks() {
        return locks;
    }

    /** The task table. */
    public KernelTasks tasks() {
        return tasks;
    }

    /** Per-kernel singletons and shutdown steps. */
    public KernelServices services() {
        return services;
    }

    /** The character devices ({@code /dev}). */
    public CharDevices devices() {
        return charDevices;
    }

    /** The network stack. */
    public NetStack net() {
        return net;
    }

    /** The network interfaces ({@code net().devices()}). */
    public NetDevices netDevices() {
        return net.devices();
    }

    /** The symbol table and tracing switch. */
    public KernelSymbols symbols() {
        return symbols;
    }

    // ---- shutdown ---------------------------------------------------------------------------

    /**
     * Shuts the subsystems down: stops the kernel threads still running (their bodies hold
     * runtime locks that later steps may need), then runs every registered shutdown step once,
     * newest first (an error in one is logged and the others still run). Afterwards
     * {@link #liveObjects()} lists only what the caller itself still holds.
     */
    public void shutdown() {
        try {
            tasks.stopAll();
        } catch (RuntimeException e) {
            log.write("error: shutdown: " + e.getMessage());
        }
        services.runShutdownSteps();
    }

    // ---- forwarding, for brevity ------------------------------------------------------------

    /** {@link KernelServices#service}. */
    public <T> T service(String key, Supplier<T> factory) {
        return services.service(key, factory);
    }

    /** {@link KernelServices#remove}. */
    public <T> T removeService(String key) {
        return services.remove(key);
    }

    /** {@link KernelServices#onShutdown}. */
    public void onShutdown(Runnable step) {
        services.onShutdown(step);
    }

    /** {@link KernelSymbols#add}. */
    public void addSymbol(String name, long address) {
        symbols.add(name, address);
    }

    /** {@link KernelSymbols#lookup}. */
    public KernelSymbol lookup(String name) {
        return symbols.lookup(name);
    }

    /** {@link NetDevices#add}. */
    public int addNetDevice(String name) {
        return net.devices().add(name).ifindex();
    }

    /** {@link NetDevices#ifindex}. */
    public int ifindex(String name) {
        return net.devices().ifindex(name);
    }

    /** {@link KernelSymbols#isTracing}. */
    public boolean isTracing() {
        return symbols.isTracing();
    }

    /** {@link KernelSymbols#setTracing}. */
    public void setTracing(boolean on) {
        symbols.setTracing(on);
    }

    /** {@link KernelTasks#start}. */
    public KernelTask startThread(String name, Runnable body) {
        return tasks.start(name, body);
    }

    /** {@link KernelTasks#stopAll}. */
    public void stopThreads() {
        tasks.stopAll();
    }

    /** {@link KernelTasks#current}. */
    public KernelTask currentTask() {
        return tasks.current();
    }

    /** {@link KernelTasks#kernelThreads}. */
    public List<KernelTask> kernelThreads() {
        return tasks.kernelThreads();
    }

    /** {@link KernelTasks#get}. */
    public KernelTask task(long pid) {
        return tasks.get(pid);
    }

    /** {@link KernelTasks#kill}. */
    public boolean kill(long pid, int sig) {
        return tasks.kill(pid, sig);
    }

    /** Creates an object of class {@code cls} holding {@code payload}, with one reference. */
    public KernelObject newObject(KernelClass cls, Object payload) {
        return objects.create(cls, payload, cls.sleepable());
    }

    /** {@link KernelObjects#create}. */
    public KernelObject newObject(KernelClass cls, Object payload, boolean sleepable) {
        return objects.create(cls, payload, sleepable);
    }

    /** {@link KernelObjects#live}. */
    public List<KernelObjects.LiveObject> liveObjects() {
        return objects.live();
    }

    /** {@link LockValidator#inAtomicContext()}. */
    public boolean inAtomicContext() {
        return locks.inAtomicContext();
    }

    /** {@link LockValidator#enterAtomic}. */
    public void enterAtomic() {
        locks.enterAtomic();
    }

    /** {@link LockValidator#exitAtomic}. */
    public void exitAtomic() {
        locks.exitAtomic();
    }

    /** Runs {@code body} as a non-sleepable runtime callback (atomic context). */
    public void runAtomic(Runnable body) {
        locks.enterAtomic();
        try {
            body.run();
        } finally {
            locks.exitAtomic();
        }
    }

    /** {@link LockValidator#mightSleep}. */
    public void mightSleep(String what) {
        locks.mightSleep(what);
    }

    /** {@link LockValidator#reports}. */
    public List<String> lockOrderReports() {
        return locks.reports();
    }

    /** Logs {@code "BUG: " + message} and returns the Lua error to throw. */
    LuaError violation(String message) {
        return locks.violation(message);
    }

    /** Logs {@code message} and returns the Lua error to throw. */
    LuaError error(String message) {
        log.write("error: " + message);
        return new LuaError(message);
    }

    void forget(KernelObject o) {
        objects.forget(o);
    }
}
