package dev.lunatik.kernel.libs;

import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelObject;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.stdlib.StandardLibraries;
import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.api.ScriptFiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Boots a simulated kernel whose runtimes speak Lunatik: each runtime's state opens the kernel
 * standard libraries and can {@code require} every Lunatik module ({@code lunatik}, {@code linux},
 * {@code data}, {@code rcu}, {@code thread}, {@code completion}, {@code fifo}, {@code mailbox},
 * {@code lunatik.runner}); {@code print} and warnings go to the kernel log; the stack is the
 * kernel's 200 slots. {@link #shutdown} stops what is left and drops the shared {@code _ENV}, so
 * that {@link Kernel#liveObjects()} can prove nothing leaked.
 *
 * <pre>{@code
 * Kernel k = Lunatik.boot(Path.of("scripts"));
 * KernelRuntime rt = KernelRuntime.create(k, "hello", true);   // runs scripts/hello.lua
 * rt.stop();
 * Lunatik.shutdown(k);
 * }</pre>
 */
public final class Lunatik {
    private Lunatik() {}

    /** A kernel loading runtime scripts from {@code scriptRoot}, with the Lunatik state factory installed. */
    public static Kernel boot(Path scriptRoot) {
        return install(new Kernel(), scriptRoot);
    }

    /** Installs the Lunatik state factory and {@code scriptRoot} on {@code kernel}; returns it. */
    public static Kernel install(Kernel kernel, Path scriptRoot) {
        return kernel.setScriptRoot(scriptRoot).setStateFactory(Lunatik::newRuntimeState);
    }

    /**
     * Lunatik's own modules, found by {@code require} in a kernel state (for example
     * {@code local linux = require "linux"}), as the kernel finds the C modules linked into it.
     */
    public static final List<LuaLibrary> MODULES = List.of(LinuxLib.LIBRARY, LunatikLib.LIBRARY, RcuLib.LIBRARY,
            DataLib.LIBRARY, DataLib.LUADATA, ThreadLib.LIBRARY, CompletionLib.LIBRARY, FifoLib.LIBRARY, LuaModule.MAILBOX,
            LuaModule.RUNNER, DeviceLib.LIBRARY, SocketLib.LIBRARY, LuaModule.INET, LuaModule.NET, NetfilterLib.LIBRARY, XdpLib.LIBRARY, XtableLib.LIBRARY);

    /**
     * A builder for a kernel-flavour state as a Lunatik runtime has it: kernel Lua's standard
     * libraries ({@link StandardLibraries#kernel()}) and every Lunatik module for {@code require}.
     * Such a state that is no runtime gets a kernel of its own on first use ({@link #kernel(LuaState)}).
     */
    public static LuaState.Builder kernelState() {
        return StandardLibraries.kernel().modules(MODULES);
    }

    /** {@link #kernelState()} plus the host-only {@code io} and {@code os} modules: the standalone {@code lunatik lua}. */
    public static LuaState.Builder hostState() {
        return kernelState().modules(StandardLibraries.HOST_MODULES);
    }

    /** The Lunatik release whose Lua API this simulator follows ({@code _LUNATIK_VERSION}). */
    public static final String VERSION = "Lunatik 3.7";

    /** The state of a new runtime: see the class comment; {@code _LUNATIK_VERSION} is set as in Lunatik. */
    public static LuaState newRuntimeState(KernelRuntime rt) {
        return newKernelState(rt.kernel());
    }

    /**
     * A state as {@code kernel}'s runtimes get one ({@link #kernelState()} with the kernel's
     * stack and memory limits, its script root, {@code print} to its log, and
     * {@code _LUNATIK_VERSION}), for Lua the kernel runs outside a runtime (ULP Lua's per-socket
     * states).
     */
    public static LuaState newKernelState(Kernel kernel) {
        PrintStream log = kernel.log().printStream();
        LuaState L = kernelState().stackLimit(kernel.runtimeStackLimit()).stdout(log).stderr(log)
                .scriptRoot(kernel.scriptRoot()).scriptFiles(ScriptFiles.confined(kernel.scriptRoot()))
                .memoryLimit(kernel.runtimeMemoryLimit()).build();
        L.setGlobal("_LUNATIK_VERSION", VERSION);
        return L;
    }

    /**
     * The kernel a state's objects live in: its runtime's, or, for a state that is no runtime
     * (the standalone {@code lunatik lua}, an embedder's state, a test), a kernel of its own,
     * created on first use with the state's script root.
     */
    public static Kernel kernel(LuaState L) {
        Object x = L.extraSpace();
        if (x instanceof KernelRuntime rt) {
            return rt.kernel();
        }
        if (x instanceof Kernel k) {
            return k;
        }
        synchronized (L) {
            if (L.extraSpace() instanceof Kernel k) {
                return k;
            }
            Kernel k = boot(L.scriptRoot()).setRuntimeStackLimit(L.stackLimit()); // runtimes as deep as their creator
            L.setExtraSpace(k);
            return k;
        }
    }

    /**
     * Shuts the Lunatik side of {@code kernel} down ({@link Kernel#shutdown()}): stops the kernel
     * threads still running and drops the kernel's reference to the shared {@code _ENV} table
     * (and with it the runtimes {@code lunatik.runner} kept there).
     */
    public static void shutdown(Kernel kernel) {
        kernel.shutdown();
    }

    /**
     * {@link Kernel#mightSleep} for a Lua function about to sleep: in atomic context the
     * violation (a {@link dev.lunatik.vm.value.LuaError}) is raised as usual, and the Lua
     * traceback of {@code t} follows its {@code BUG} line in the kernel log, so that a script
     * author sees where the sleep came from.
     */
    public static void mightSleep(dev.lunatik.vm.api.LuaStack t, String what) {
        Kernel k = kernel(t.state());
        try {
            k.mightSleep(what);
        } catch (dev.lunatik.vm.value.LuaError e) {
            logTraceback(k, t);
            throw e;
        }
    }

    /** Writes the Lua traceback of {@code t} to the kernel log, one line per log line. */
    static void logTraceback(Kernel k, dev.lunatik.vm.api.LuaStack t) {
        for (String line : t.traceback(null, 1).split("\n")) {
            k.log().write(line.replace("\t", "  "));
        }
    }
}
