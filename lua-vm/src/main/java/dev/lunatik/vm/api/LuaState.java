package dev.lunatik.vm.api;

import dev.lunatik.vm.interp.GlobalState;
import dev.lunatik.vm.interp.Loader;
import dev.lunatik.vm.interp.LuaThread;
import dev.lunatik.vm.interp.Meta;
import dev.lunatik.vm.lib.BaseLib;
import dev.lunatik.vm.lib.CoroutineLib;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.LuaUserdata;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A Lua state (in Lunatik terms, the Lua half of a runtime): globals, registry, the main
 * coroutine and the limits. Build one with {@link #builder()}:
 *
 * <pre>{@code
 * LuaState L = LuaState.builder().stdout(out).build();
 * Object[] r = L.execute("return 6 * 7", "=demo");   // r[0] is 42L
 * }</pre>
 *
 * <p>A state is used by one thread at a time. Values crossing the API are Java objects:
 * {@code null} (nil), {@link Boolean}, {@link Long}, {@link LuaString}, {@link LuaTable},
 * {@link LuaFunction}, coroutines and userdata; for convenience, arguments may also be Java
 * {@link String}s and {@link Integer}s, which are converted. Every error a script raises reaches
 * Java as a {@link LuaError} carrying the Lua error value and a Lua traceback.
 *
 * <p>A state built here has the VM's own libraries: base, {@code coroutine}, and {@code debug}
 * when asked ({@link LuaLibrary#debug()}). The rest of kernel Lua's standard libraries
 * ({@code package}/{@code require}, {@code string}, {@code table}, {@code math}, {@code utf8}) and
 * the host-only {@code io} and {@code os} come from module {@code dev.lunatik.stdlib}: start from
 * {@code dev.lunatik.stdlib.StandardLibraries.kernel()} (or {@code .host()}), which returns this
 * builder with them added. Java functions are {@link JavaFunction}s; what they see of the calling
 * thread is a {@link LuaStack}. The embedding guide is {@code lua-vm/README.md}.
 */
public final class LuaState implements AutoCloseable {
    private final GlobalState g;
    private final LuaThread main;
    private final java.nio.file.Path scriptRoot;
    private final ScriptFiles scriptFiles;

    private LuaState(Builder b) {
        this.g = new GlobalState(b.stackLimit, b.javaCallLimit, b.stdout, b.stderr);
        this.g.stdin = b.stdin;
        this.g.setJit(b.jit != null ? b.jit : JitMode.fromEnvironment());
        this.g.api = this;
        this.scriptRoot = b.scriptRoot;
        this.scriptFiles = b.scriptFiles;
        this.main = g.mainThread;
        g.registry.rawset(LOADED, new LuaTable());
        if (b.openLibs) {
            openLibrary(BaseLib.LIBRARY);
            openLibrary(CoroutineLib.LIBRARY);
        }
        for (LuaLibrary lib : b.libraries) openLibrary(lib);
        for (LuaLibrary lib : b.modules) provideModule(lib);
        if (b.instructionLimit >= 0) setInstructionLimit(b.instructionLimit);
        g.gc.collect(main); // measures what the libraries took: the byte count starts there
        if (b.memoryLimit > 0) g.gc.setMemoryLimit(b.memoryLimit);
    }

    private volatile Object extraSpace;

    /**
     * The host's slot in this state ({@code lua_getextraspace}): Lunatik keeps the runtime a
     * state belongs to here. Null until {@link #setExtraSpace} is called.
     */
    public Object extraSpace() {
        return extraSpace;
    }

    /** Sets the host's slot (see {@link #extraSpace()}). */
    public void setExtraSpace(Object value) {
        this.extraSpace = value;
    }

    /** Whether {@link #close()} ran. */
    public boolean isClosed() {
        return g.gc.isClosed();
    }

    /** Registry key of the table of loaded modules ({@code package.loaded}). */
    public static final String LOADED = "_LOADED";

    /** The {@link LuaState} that owns the thread behind {@code stack} (the same as {@code stack.state()}). */
    public static LuaState of(LuaStack stack) {
        return stack.state();
    }

    /**
     * Opens {@code lib}: builds its module value, stores it in {@code package.loaded} and, unless
     * it is the base library, as a global of the same name. Returns the module value.
     */
    public Object openLibrary(LuaLibrary lib) {
        Object module = lib.open(this);
        if (module == null) module = Boolean.TRUE;
        loaded().rawset(LuaString.intern(lib.name()), module);
        if (!lib.name().equals("_G")) g.globals.rawset(LuaString.intern(lib.name()), module);
        return module;
    }

    /**
     * Makes {@code lib} available to {@code require(lib.name())} without opening it (the Java
     * counterpart of a C module linked into the kernel). A later provision under the same name
     * replaces the earlier one.
     */
    public void provideModule(LuaLibrary lib) {
        g.javaModules.put(lib.name(), lib);
    }

    /** The Java module provided under {@code name}, or null. */
    public LuaLibrary providedModule(String name) {
        return g.javaModules.get(name);
    }

    /** The table of loaded modules ({@code package.loaded}, registry key {@link #LOADED}). */
    public LuaTable loaded() {
        return (LuaTable) g.registry.rawget(LuaString.valueOf(LOADED));
    }

    /**
     * The folder {@code require} searches for Lua modules: {@code package.path} is
     * {@code <root>/?.lua;<root>/?/init.lua} (the stand-in for the kernel's {@code /lib/modules/lua}).
     */
    public java.nio.file.Path scriptRoot() {
        return scriptRoot;
    }

    /** Where {@code loadfile}, {@code dofile} and {@code require} read files (see {@link Builder#scriptFiles}). */
    public ScriptFiles scriptFiles() {
        return scriptFiles;
    }

    /** Starts building a state. */
    public static Builder builder() {
        return new Builder();
    }

    /** The table of global variables ({@code _G}). */
    public LuaTable globals() {
        return g.globals;
    }

    /** The registry table (for host code; not visible to scripts). */
    public LuaTable registry() {
        return g.registry;
    }

    /**
     * The main thread's stack, for host code that calls into Lua without allocating
     * ({@link LuaStack#prepareCall}, {@link LuaStack#callAt}) or calls a Java function's helpers directly.
     */
    public LuaStack mainThread() {
        return main;
    }

    /** Where {@code print} and {@code io.write} go (the builder's {@link Builder#stdout}). */
    public PrintStream stdout() {
        return g.stdout;
    }

    /** Where warnings and {@code io.stderr} go (the builder's {@link Builder#stderr}). */
    public PrintStream stderr() {
        return g.stderr;
    }

    /** What {@code io.read} reads (the builder's {@link Builder#stdin}). */
    public java.io.InputStream stdin() {
        return g.stdin;
    }

    /** Sets the collector's mode, "incremental" or "generational" ({@code collectgarbage(mode)}); returns the previous one. */
    public String setGcMode(String mode) {
        return g.gc.setMode(mode);
    }

    /** A new coroutine of this state that will run {@code body} (a function) when resumed. */
    public dev.lunatik.vm.value.Coroutine newCoroutine(Object body) {
        return main.newCoroutine(body);
    }

    /**
     * Resumes {@code co} from the host with {@code args}, as {@code coroutine.resume} does: the
     * outcome says whether it ran without error and holds what it yielded, returned or raised.
     * Arguments are converted as {@link #call} converts them.
     */
    public LuaStack.Resumed resume(dev.lunatik.vm.value.Coroutine co, Object... args) {
        Object[] conv = new Object[args.length];
        for (int i = 0; i < args.length; i++) conv[i] = toLua(args[i]);
        dev.lunatik.vm.value.AllocationSink prev = dev.lunatik.vm.value.AllocationSink.enter(g.gc);
        try {
            return main.resume(co, conv);
        } finally {
            dev.lunatik.vm.value.AllocationSink.leave(prev);
        }
    }

    /**
     * What {@code luaL_loadfile} does to a file's bytes before loading them: drops a UTF-8
     * byte-order mark and blanks a first line starting with {@code #}, keeping line numbers.
     */
    public static byte[] fileText(byte[] bytes) {
        return Loader.fileText(bytes);
    }

    /** Whether {@code bytes} hold a binary chunk ({@code string.dump}, {@code luac}) rather than source. */
    public static boolean isBinaryChunk(byte[] bytes) {
        return Loader.isBinary(bytes);
    }

    /** Compiles {@code source} into a function without running it; syntax errors raise {@link LuaError}. */
    public LuaFunction load(String source, String chunkName) {
        return load(source.getBytes(StandardCharsets.UTF_8), chunkName);
    }

    /**
     * Compiles a chunk given as bytes (Lua source is 8-bit clean), or reads it when it is a binary
     * chunk ({@code string.dump}, {@code luac}; first byte ESC): either way a closure bound to the
     * globals, raising {@link LuaError} for syntax errors and corrupt chunks.
     */
    public LuaFunction load(byte[] source, String chunkName) {
        return Loader.load(source, chunkName, g.globals);
    }

    /**
     * Compiles a file as {@code luaL_loadfile} does: chunk name {@code "@" + path}, and a first
     * line starting with {@code #} ignored.
     */
    public LuaFunction loadFile(java.nio.file.Path path) throws java.io.IOException {
        return Loader.loadFileText(java.nio.file.Files.readAllBytes(path), "@" + path, g.globals);
    }

    /** Compiles file contents already read ({@code source}), with file semantics (shebang skipped). */
    public LuaFunction loadFileText(byte[] source, String chunkName) {
        return Loader.loadFileText(source, chunkName, g.globals);
    }

    /** Calls {@code function} (anything callable) with {@code args}; returns all results. */
    public Object[] call(Object function, Object... args) {
        Object[] conv = new Object[args.length];
        for (int i = 0; i < args.length; i++) conv[i] = toLua(args[i]);
        return main.call(toLua(function), conv);
    }

    /** Loads and runs {@code source}; returns the chunk's results. */
    public Object[] execute(String source, String chunkName) {
        return call(load(source, chunkName));
    }

    /** Sets global {@code name}. */
    public void setGlobal(String name, Object value) {
        g.globals.rawset(LuaString.intern(name), toLua(value));
    }

    /** Reads global {@code name} (raw). */
    public Object getGlobal(String name) {
        return g.globals.rawget(LuaString.valueOf(name));
    }

    /** Registers a Java function as global {@code name}. */
    public void register(String name, JavaFunction.Body body) {
        setGlobal(name, JavaFunction.of(name, body));
    }

    /**
     * Creates a full userdata holding {@code payload} with metatable {@code metatable} (may be
     * null). When the metatable has a {@code __gc} field (a Lua function or a
     * {@link JavaFunction}), the userdata is marked for finalization as {@code setmetatable} marks
     * a table: the finalizer runs once, with the userdata as argument, at the first collection
     * that finds the userdata unreachable from Lua (and from no other marked object), or at
     * {@link #close} if that never happens. This is the hook for host objects owned by a Lua handle:
     * the {@code __gc} releases the host's reference. Set the metatable through
     * {@link #setMetatable} rather than {@link LuaUserdata#setMetatable} later, so that the
     * finalizer is registered.
     */
    public LuaUserdata newUserdata(Object payload, LuaTable metatable) {
        return newUserdata(payload, metatable, 1);
    }

    /** As {@link #newUserdata(Object, LuaTable)}, with {@code nuvalue} (0 or 1) user values. */
    public LuaUserdata newUserdata(Object payload, LuaTable metatable, int nuvalue) {
        LuaUserdata u = new LuaUserdata(payload, null, nuvalue);
        g.gc.allocate(dev.lunatik.vm.gc.Collector.USERDATA_BYTES);
        g.setMetatable(u, metatable);
        return u;
    }

    /**
     * Sets the metatable of {@code value} as {@code debug.setmetatable} does (its own for tables
     * and userdata, the per-type metatable for other values), registering a {@code __gc}
     * finalizer when the metatable has one. As in Lua, a {@code __gc} field added to the
     * metatable afterwards does not register the object.
     */
    public void setMetatable(Object value, LuaTable metatable) {
        g.setMetatable(toLua(value), metatable);
    }

    /** Lua's {@code tostring} of a value (honours {@code __tostring} and {@code __name}). */
    public LuaString tostring(Object value) {
        return Meta.tostring(main, toLua(value));
    }

    /** {@code tostring(value)} as Java text (UTF-8 decoded), for messages. */
    public String toDisplayString(Object value) {
        return Meta.tostring(main, toLua(value)).toUtf8();
    }

    /**
     * Asks the running script to stop: from any thread, the next loop iteration or call in this
     * state raises the Lua error "interrupted!" (as the reference interpreter does on Ctrl-C).
     */
    public void interrupt() {
        g.requestInterrupt();
    }

    /**
     * Aborts whatever this state runs, from any thread, for as long as it takes the script to
     * give control back: until {@link #clearAbort()}, every function call, loop iteration and
     * most other instructions raise the Lua error {@code message} (with the position, as any
     * runtime error). Unlike {@link #interrupt()} it cannot be outrun: a {@code pcall} may catch
     * the error, but the next call or iteration raises it again, so even
     * {@code while true do pcall(f) end} unwinds to its host within a few instructions. A Java
     * function blocked inside the state is not woken by it (interrupt its thread for that).
     * {@link #close()} ends the abort first, so that finalizers run normally.
     */
    public void abort(String message) {
        g.abort(message);
    }

    /** Ends an {@link #abort}: the state runs scripts normally again. */
    public void clearAbort() {
        g.clearAbort();
    }

    /** Whether an {@link #abort} is in force. */
    public boolean isAborting() {
        return g.isAborting();
    }

    /**
     * Sets an instruction budget, so that an embedder can stop runaway scripts
     * deterministically: the script may run {@code limit} more <em>steps</em>, then every further
     * step raises the Lua error "instruction limit exceeded" (catchable by {@code pcall}, but the
     * budget stays spent, so the script cannot go on looping). A step is a function call
     * ({@code CALL}, {@code TAILCALL}, a generic-for iterator call) or a backward jump (every
     * iteration of a loop: {@code while}, {@code repeat}, numeric and generic {@code for},
     * backward {@code goto}; a generic {@code for} iteration is two steps, its iterator call and
     * its back jump). Straight-line code between two steps is not counted, nor are calls that
     * Lua code does not make with a call instruction (metamethods, the function {@code pcall}
     * runs, a {@code table.sort} comparator): a runaway loop inside them is still stopped by its
     * own back jumps. A step of the budget thus stands for at most one function body's worth of
     * straight-line instructions. The count is deterministic: the same script stops at the same
     * place. The budget is shared by all coroutines of the state.
     *
     * <p>Cost: none while no budget is set (the interpreter's fast paths test the same flag as
     * for {@link #interrupt}); with a budget, calls and backward jumps take the slower path.
     *
     * @param limit steps allowed from now on; a negative value removes the budget
     */
    public void setInstructionLimit(long limit) {
        g.setBudget(limit);
    }

    /** Steps left of the budget set by {@link #setInstructionLimit}, or -1 when none is set. */
    public long instructionsLeft() {
        return g.budgetLeft();
    }

    /**
     * Sets the memory limit in bytes ({@code 0}: none). An allocation that would take the state's
     * estimated memory ({@code collectgarbage("count")}) over it first runs a full collection and,
     * if still over, fails with the Lua error "not enough memory" (catchable by {@code pcall}; the
     * state stays usable).
     */
    public void setMemoryLimit(long bytes) {
        g.gc.setMemoryLimit(bytes);
    }

    /**
     * What the compiling tier has done in this JVM, all states together: functions compiled and
     * refused, the JVM bytecode made and the time it took (for {@code LUNATIK_JIT_STATS}).
     */
    public static String jitStatistics() {
        return dev.lunatik.vm.interp.Jit.stats();
    }

    /** The tiers this state runs Lua functions with (the builder's {@link Builder#jit}). */
    public JitMode jitMode() {
        return g.jitMode();
    }

    /** The Lua stack limit in slots (the builder's {@link Builder#stackLimit}). */
    public int stackLimit() {
        return g.stackLimit;
    }

    /** The memory limit in bytes, 0 when there is none. */
    public long memoryLimit() {
        return g.gc.memoryLimit();
    }

    /**
     * Closes the state as {@code lua_close} does for observable behaviour: runs the finalizer of
     * every object still marked for finalization (newest first; errors become warnings).
     * Idempotent; objects given a finalizer afterwards are not finalized.
     */
    @Override
    public void close() {
        if (g.gc.isClosed()) return;
        g.clearAbort();
        dev.lunatik.vm.value.AllocationSink prev = dev.lunatik.vm.value.AllocationSink.enter(g.gc);
        try {
            g.gc.close(main);
        } finally {
            dev.lunatik.vm.value.AllocationSink.leave(prev);
        }
    }

    /** Runs a full garbage collection, with due finalizers ({@code collectgarbage()}). */
    public void collectGarbage() {
        dev.lunatik.vm.value.AllocationSink prev = dev.lunatik.vm.value.AllocationSink.enter(g.gc);
        try {
            g.gc.fullCollect(main);
        } finally {
            dev.lunatik.vm.value.AllocationSink.leave(prev);
        }
    }

    /** Converts convenience Java values ({@link String}, {@link Integer}, ...) to Lua values. */
    public static Object toLua(Object v) {
        if (v instanceof String s) return LuaString.valueOf(s);
        if (v instanceof Integer i) return (long) i;
        if (v instanceof Short s) return (long) s;
        if (v instanceof Byte b) return (long) b;
        if (v instanceof byte[] b) return LuaString.wrap(b.clone());
        return v;
    }

    /** Configures and creates a {@link LuaState}. */
    public static final class Builder {
        private int stackLimit = 200;
        private int javaCallLimit = 200;
        private PrintStream stdout = System.out;
        private PrintStream stderr = System.err;
        private java.io.InputStream stdin = System.in;
        private java.nio.file.Path scriptRoot = java.nio.file.Path.of(".");
        private ScriptFiles scriptFiles = ScriptFiles.HOST;
        private boolean openLibs = true;
        private long instructionLimit = -1;
        private long memoryLimit;
        private JitMode jit;
        private final java.util.List<LuaLibrary> libraries = new java.util.ArrayList<>();
        private final java.util.List<LuaLibrary> modules = new java.util.ArrayList<>();

        Builder() {}

        /** Maximum Lua stack size in slots (default 200, the kernel's LUAI_MAXSTACK). */
        public Builder stackLimit(int slots) {
            if (slots < 20) throw new IllegalArgumentException("stack limit below 20 slots");
            this.stackLimit = slots;
            return this;
        }

        /**
         * Which tiers run Lua functions (default: {@code LUNATIK_JIT} from the environment, see
         * {@link JitMode#fromEnvironment}, {@code AUTO} when unset).
         */
        public Builder jit(JitMode mode) {
            this.jit = java.util.Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Maximum nesting of Java-level calls (default 200, Lua's LUAI_MAXCCALLS). */
        public Builder javaCallLimit(int depth) {
            if (depth < 10) throw new IllegalArgumentException("Java call limit below 10");
            this.javaCallLimit = depth;
            return this;
        }

        /** Where {@code print} writes (default {@code System.out}). */
        public Builder stdout(PrintStream out) {
            this.stdout = out;
            return this;
        }

        /** Where {@code warn} writes (default {@code System.err}). */
        public Builder stderr(PrintStream err) {
            this.stderr = err;
            return this;
        }

        /** Where the host {@code io} library reads standard input from (default {@code System.in}). */
        public Builder stdin(java.io.InputStream in) {
            this.stdin = in;
            return this;
        }

        /**
         * The folder {@code require} searches ({@code package.path} becomes
         * {@code <root>/?.lua;<root>/?/init.lua}); default {@code .}, the current directory, as the
         * reference {@code lua}'s {@code ./?.lua}. Kernel runtimes pass their script root here.
         */
        public Builder scriptRoot(java.nio.file.Path root) {
            this.scriptRoot = java.util.Objects.requireNonNull(root, "root");
            return this;
        }

        /**
         * Where {@code loadfile}, {@code dofile} and {@code require} read files: the host's file
         * system by default ({@link ScriptFiles#HOST}); kernel runtimes pass
         * {@link ScriptFiles#confined} on their script root.
         */
        public Builder scriptFiles(ScriptFiles files) {
            this.scriptFiles = java.util.Objects.requireNonNull(files, "files");
            return this;
        }

        /** Whether to open the base and coroutine libraries (default true); the others come from {@link #libraries}. */
        public Builder openLibs(boolean open) {
            this.openLibs = open;
            return this;
        }

        /** Libraries opened, in order, after the base and coroutine libraries. */
        public Builder libraries(java.util.Collection<? extends LuaLibrary> libs) {
            this.libraries.addAll(libs);
            return this;
        }

        /** Libraries opened, in order, after the base and coroutine libraries. */
        public Builder library(LuaLibrary... libs) {
            return libraries(java.util.List.of(libs));
        }

        /** Modules {@code require} may find by name without their being opened (see {@link LuaState#provideModule}). */
        public Builder modules(java.util.Collection<? extends LuaLibrary> libs) {
            this.modules.addAll(libs);
            return this;
        }

        /**
         * An instruction budget for the state (default: none); see
         * {@link LuaState#setInstructionLimit}. Opening the libraries costs nothing.
         */
        public Builder instructionLimit(long steps) {
            this.instructionLimit = steps;
            return this;
        }

        /** Memory limit in bytes (default 0: none); see {@link LuaState#setMemoryLimit}. */
        public Builder memoryLimit(long bytes) {
            if (bytes < 0) throw new IllegalArgumentException("negative memory limit");
            this.memoryLimit = bytes;
            return this;
        }

        public LuaState build() {
            return new LuaState(this);
        }
    }
}
