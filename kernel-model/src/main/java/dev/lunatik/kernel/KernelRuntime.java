package dev.lunatik.kernel;

import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.api.ScriptFiles;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.value.Coroutine;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A runtime: a Lua state plus a lock, the payload of a kernel object of class {@code "lunatik"}
 * (the Java mirror of Lunatik's C API: {@code lunatik_runtime}, {@code lunatik_stop},
 * {@code lunatik_run}, {@code lunatik_toruntime}).
 *
 * <ul>
 *   <li>{@link #create} builds the state (through the kernel's {@link StateFactory}: the
 *       200-slot stack, {@code print} to the kernel log, the libraries), runs
 *       {@code <script root>/<script>.lua} once in process context and keeps the value it
 *       returned as the runtime's <em>entry</em>. The lock is a mutex for a sleepable runtime and
 *       a spinlock otherwise, so every callback into a non-sleepable runtime runs in atomic
 *       context.</li>
 *   <li>{@link #run} calls a handler under the lock; once the runtime is stopped it answers
 *       {@code -ENXIO} without calling it.</li>
 *   <li>{@link #stop} closes the state at once (every {@code __gc} runs, dropping the references
 *       its handles held) and drops the creator's reference; the runtime object itself lives
 *       until its last reference goes (handles in other runtimes, threads, hooks).</li>
 *   <li>{@link #resumeLocked} is {@code runtime:resume}: the entry (or what the previous resume
 *       left, see there) runs as a coroutine of the state.</li>
 * </ul>
 */
public final class KernelRuntime {
    /** The runtime class: sleepable by default (each runtime picks its own lock), monitored. */
    public static final KernelClass CLASS = new KernelClass("lunatik", true, true, p -> ((KernelRuntime) p).shutdown());

    /** {@code ENXIO}: what {@link #run} answers once the runtime is stopped. */
    public static final int ENXIO = 6;

    /** Builds a runtime's Lua state; the kernel's factory is {@link Kernel#setStateFactory}. */
    @FunctionalInterface
    public interface StateFactory {
        /** A new state for {@code runtime} (not yet running its script). */
        LuaState newState(KernelRuntime runtime);
    }

    /** A callback run under the runtime's lock ({@code lunatik_run}'s handler). */
    @FunctionalInterface
    public interface Handler {
        /** Runs with the runtime's state; the result is {@link #run}'s. */
        int handle(LuaState state);
    }

    /** A callback with one argument, so that a hook can pass its data without allocating. */
    @FunctionalInterface
    public interface Handler1<A> {
        /** Runs with the runtime's state and {@code arg}. */
        int handle(LuaState state, A arg);
    }

    private static final LuaString ENTRY_KEY = LuaString.valueOf("_LUNATIK_ENTRY");
    private static final LuaString CO_KEY = LuaString.valueOf("_LUNATIK_COROUTINE");

    private final Kernel kernel;
    private final String script;
    private final boolean sleepable;
    private KernelObject object;
    private volatile LuaState state;
    private volatile boolean ready;
    private final java.util.concurrent.atomic.AtomicBoolean creatorReference = new java.util.concurrent.atomic.AtomicBoolean(true);

    private KernelRuntime(Kernel kernel, String script, boolean sleepable) {
        this.kernel = kernel;
        this.script = script;
        this.sleepable = sleepable;
    }

    /**
     * The state a factory builds by default: the base and coroutine libraries, the kernel's
     * stack limit ({@link Kernel#runtimeStackLimit()}, 200 slots unless raised), {@code print} and warnings to the kernel log, {@code require} under the
     * script root. The Lunatik libraries install a richer factory.
     */
    public static LuaState basicState(KernelRuntime rt) {
        java.io.PrintStream out = rt.kernel.log().printStream();
        return LuaState.builder().stackLimit(rt.kernel.runtimeStackLimit()).stdout(out).stderr(out).scriptRoot(rt.kernel.scriptRoot())
                .scriptFiles(ScriptFiles.confined(rt.kernel.scriptRoot())).memoryLimit(rt.kernel.runtimeMemoryLimit()).build();
    }

    /**
     * {@code lunatik_runtime}: creates a runtime running {@code <script root>/<script>.lua}
     * ({@code script} without the extension). Process context only (a sleep in atomic context is
     * refused). A script that does not load or raises an error is a {@link LuaError} with its
     * message; nothing is left behind.
     */
    public static KernelRuntime create(Kernel kernel, String script, boolean sleepable) {
        return create(kernel, script, sleepable, null);
    }

    /**
     * As {@link #create(Kernel, String, boolean)}, handing the runtime to {@code starting} once
     * its state exists and before its script runs, so that a caller may {@link #abort} a script
     * that does not finish (a top level that loops forever): the creation then fails with the
     * abort's message and nothing is left behind.
     */
    public static KernelRuntime create(Kernel kernel, String script, boolean sleepable,
            java.util.function.Consumer<KernelRuntime> starting) {
        kernel.mightSleep("lunatik_runtime");
        byte[] source = readScript(kernel, script);
        Path file = scriptFile(kernel, script); // its name in messages
        KernelRuntime rt = new KernelRuntime(kernel, script, sleepable);
        rt.object = kernel.newObject(CLASS, rt, sleepable);
        try {
            LuaState L = kernel.stateFactory().newState(rt);
            L.setExtraSpace(rt);
            rt.state = L;
            if (starting != null) {
                starting.accept(rt);
            }
            Object[] r = L.call(L.loadFileText(source, "@" + file));
            L.registry().rawset(ENTRY_KEY, r.length > 0 ? r[0] : null);
            if (L.isAborting()) { // aborted as the script returned: it did not start
                throw new LuaError(rt.abortMessage);
            }
        } catch (LuaError e) {
            rt.discard();
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            rt.discard();
            throw new LuaError("runtime '" + script + "' failed: " + e);
        }
        rt.ready = true;
        return rt;
    }

    /** The file {@code script} names under the kernel's script root ({@code .lua} appended), as messages show it. */
    public static Path scriptFile(Kernel kernel, String script) {
        return kernel.scriptRoot().resolve(script + ".lua").normalize();
    }

    /**
     * Reads {@code <script root>/<script>.lua} as {@link #create} does: the name checked
     * ({@link #checkScriptName}) and confined to the script root. A name that leads outside the
     * root, or a file that cannot be read, is a {@link LuaError} saying so.
     */
    public static byte[] readScript(Kernel kernel, String script) {
        checkScriptName(script);
        Path file = scriptFile(kernel, script);
        try {
            ScriptFiles.Confined files = ScriptFiles.confined(kernel.scriptRoot());
            return files.read(script + ".lua");
        } catch (ScriptFiles.OutsideRoot e) {
            throw new LuaError("script '" + script + "' is outside the script root " + kernel.scriptRoot()
                    + (e.getReason().startsWith("a symbolic link") ? " (through a symbolic link)" : ""));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new LuaError("cannot open " + file);
        } catch (IOException | SecurityException e) {
            throw new LuaError("cannot open " + file + " (" + reason(e) + ")");
        }
    }

    /** The longest script name accepted, in bytes (a file name's limit, {@code NAME_MAX}). */
    public static final int MAX_SCRIPT_NAME = 255;

    /**
     * Refuses a script name no file can have: empty, holding a NUL byte, or longer than
     * {@link #MAX_SCRIPT_NAME} bytes; the error says which.
     */
    public static void checkScriptName(String script) {
        if (script.isEmpty()) {
            throw new LuaError("invalid script name (empty)");
        }
        if (script.indexOf('\0') >= 0) {
            throw new LuaError("invalid script name (it holds a NUL byte)");
        }
        int n = script.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (n > MAX_SCRIPT_NAME) {
            throw new LuaError("invalid script name (" + n + " bytes long, at most " + MAX_SCRIPT_NAME + ")");
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** {@code lunatik_toruntime}: the runtime a state belongs to, or null for a state that is no runtime's. */
    public static KernelRuntime of(LuaState state) {
        return state.extraSpace() instanceof KernelRuntime rt ? rt : null;
    }

    /** The kernel. */
    public Kernel kernel() {
        return kernel;
    }

    /** The script name the runtime was created from. */
    public String script() {
        return script;
    }

    /** Whether the runtime may sleep (mutex, process context) or not (spinlock, atomic context). */
    public boolean isSleepable() {
        return sleepable;
    }

    /** The runtime's kernel object (its lock and reference count). */
    public KernelObject object() {
        return object;
    }

    /** The runtime's lock. */
    public KernelLock lock() {
        return object.lock();
    }

    /** Whether the script ran and the runtime is not stopped ({@code lunatik_isready}). */
    public boolean isReady() {
        return ready && state != null;
    }

    /** The state, or null once stopped. Use it only while holding the lock (see {@link #run}). */
    public LuaState state() {
        return state;
    }

    /**
     * The runtime's entry: the value its script returned, or what the last {@link #resumeLocked}
     * left (null once stopped). For hooks that call it directly; use it under the lock.
     */
    public Object entry() {
        LuaState L = state;
        return L == null ? null : L.registry().rawget(ENTRY_KEY);
    }

    /** {@code lunatik_getobject}: adds a reference to the runtime. */
    public KernelRuntime get() {
        object.get();
        return this;
    }

    /** {@code lunatik_putobject}: drops a reference; true when that released the runtime. */
    public boolean put() {
        object.put();
        return object.refCount() == 0;
    }

    /**
     * {@code lunatik_run}: takes the lock and calls {@code handler} with the state; returns its
     * result, or {@code -ENXIO} if the runtime is stopped. Errors from the handler propagate after
     * the lock is released. Allocates nothing itself.
     */
    public int run(Handler handler) {
        KernelLock l = object.lock();
        l.lock();
        try {
            LuaState L = state;
            return L == null || !ready ? -ENXIO : handler.handle(L);
        } finally {
            l.unlock();
        }
    }

    /** As {@link #run(Handler)}, passing {@code arg} to the handler. */
    public <A> int run(Handler1<A> handler, A arg) {
        KernelLock l = object.lock();
        l.lock();
        try {
            LuaState L = state;
            return L == null || !ready ? -ENXIO : handler.handle(L, arg);
        } finally {
            l.unlock();
        }
    }

    /** {@code lunatik_handle}: as {@link #run(Handler)} without taking the lock (the caller holds it). */
    public int handle(Handler handler) {
        LuaState L = state;
        return L == null || !ready ? -ENXIO : handler.handle(L);
    }

    /**
     * {@code lunatik_stop}: closes the state now and drops the creator's reference. Returns true
     * when the runtime object was released too (no other reference was left). A runtime busy in
     * a callback is given the kernel's stop grace to finish it, then aborted (see
     * {@link #shutdown}), so a stop never waits on a script for long.
     */
    public boolean stop() {
        checkNotInside();
        object.close();
        if (creatorReference.compareAndSet(true, false)) {
            return put();
        }
        return object.refCount() == 0;
    }

    /** A creation that failed: the state closed, the creator's reference dropped. */
    private void discard() {
        object.close();
        if (creatorReference.compareAndSet(true, false)) {
            object.put();
        }
    }

    private volatile String abortMessage;

    /**
     * Aborts what the runtime's state is running, from any thread: every call and loop
     * iteration raises {@code message} until the runtime is closed or {@link #endAbort} is
     * called (see {@link LuaState#abort}). No effect once stopped.
     */
    public void abort(String message) {
        LuaState L = state;
        if (L != null) {
            abortMessage = message;
            L.abort(message);
        }
    }

    /** Ends an {@link #abort}, unless the runtime is being stopped (then the abort stays until it is closed). */
    public void endAbort() {
        LuaState L = state;
        if (L != null && !object.isClosed()) {
            L.clearAbort();
        }
    }

    /**
     * Raises a {@link LuaError} if the calling thread runs inside this runtime (holds its lock):
     * a runtime cannot close the state it is running on.
     */
    public void checkNotInside() {
        if (object.lock().isHeldByCurrentThread()) {
            throw new LuaError("cannot stop runtime '" + script + "' from inside itself");
        }
    }

    /**
     * Hands the creator's reference over to a caller that will drop it itself (the Lua handle
     * {@code lunatik.runtime} returns owns it); {@link #stop} then only closes.
     */
    public KernelObject adoptReference() {
        creatorReference.set(false);
        return object;
    }

    /** Whether {@link #stop} (or a close from Lua) already ran. */
    public boolean isStopped() {
        return state == null;
    }

    /**
     * The release hook: closes the state under the lock. Runs once. New callbacks answer
     * {@code -ENXIO} from the start. A callback still running (a thread body, a device read, a
     * script's top level) has the kernel's stop grace to return; then the state is aborted and
     * the lock's holder woken (an interrupt ends a sleep or a blocking receive), and the close
     * waits as long again. A holder stuck even then (in Java code that ignores interrupts) is
     * reported, and the state is closed by a helper thread as soon as it lets go.
     */
    private void shutdown() {
        ready = false;
        KernelLock l = object.lock();
        boolean held = l.isHeldByCurrentThread(); // released by a put from inside: already ours
        if (!held && !l.tryLock(kernel.stopGraceMillis())) {
            Thread owner = l.owner();
            kernel.log().write("runtime '" + script + "' is busy" + (owner == null ? "" : " in " + owner.getName())
                    + " and did not return within " + kernel.stopGraceMillis() + " ms: aborting it");
            abort("runtime '" + script + "' stopped");
            if (owner != null) {
                owner.interrupt();
            }
            if (!l.tryLock(kernel.stopGraceMillis())) {
                kernel.log().write("WARNING: runtime '" + script + "' is stuck outside Lua; it closes when it returns");
                Thread closer = new Thread(() -> {
                    l.lock();
                    closeLocked(l);
                }, "lunatik-close " + script);
                closer.setDaemon(true);
                closer.start();
                return;
            }
        }
        if (held) {
            LuaState L = state;
            state = null;
            if (L != null) {
                L.close();
            }
        } else {
            closeLocked(l);
        }
    }

    /** Closes the state; the caller holds {@code l}, which this releases. */
    private void closeLocked(KernelLock l) {
        LuaState L;
        try {
            L = state;
            state = null;
        } finally {
            l.unlock();
        }
        if (L != null) {
            L.close();
        }
    }

    /**
     * The body of {@code runtime:resume(...)} and of a kernel thread; the caller holds the lock.
     * The first call runs the entry (the value the script returned) as a coroutine with
     * {@code args}; while that coroutine is suspended in a {@code coroutine.yield}, each call
     * resumes it with {@code args} as the yield's results. When the coroutine finishes, the last
     * value it returned becomes the entry for the next call: this is Lunatik's stack discipline,
     * where a resumed function's results stay on the runtime's stack and the next resume (or
     * {@code thread.run}) calls the one on top (the {@code echod} example depends on it).
     *
     * @return the values the coroutine returned or yielded
     * @throws LuaError with the target's error message if the coroutine fails (the entry is then
     *     gone: a further resume fails with "cannot resume dead coroutine"), or the stop error
     */
    public Object[] resumeLocked(Object... args) {
        LuaState L = state;
        if (L == null) {
            throw new LuaError("runtime '" + script + "' is stopped");
        }
        Object co = L.registry().rawget(CO_KEY);
        Coroutine thread;
        if (co instanceof Coroutine c && c.statusName().equals("suspended")) {
            thread = c;
        } else if (co instanceof Coroutine c && c.statusName().equals("dead") && L.registry().rawget(ENTRY_KEY) == null) {
            thread = c; // failed or returned nothing: resuming again reports the dead coroutine
        } else {
            thread = L.newCoroutine(L.registry().rawget(ENTRY_KEY));
            L.registry().rawset(CO_KEY, thread);
            L.registry().rawset(ENTRY_KEY, null);
        }
        LuaStack.Resumed r = L.resume(thread, args);
        if (!r.ok()) {
            L.registry().rawset(ENTRY_KEY, null);
            Object msg = r.values().length > 0 ? r.values()[0] : null;
            throw new LuaError(msg instanceof LuaString s ? s.toString() + "\n" : L.toDisplayString(msg) + "\n");
        }
        if (thread.statusName().equals("dead")) {
            Object[] v = r.values();
            L.registry().rawset(ENTRY_KEY, v.length > 0 ? v[v.length - 1] : null);
        }
        return r.values();
    }

    @Override
    public String toString() {
        return "runtime '" + script + "'" + (state == null ? " (stopped)" : "");
    }
}
