package dev.lunatik.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lunatik.vm.value.LuaError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runtimes over the basic state factory (no Lunatik libraries), tasks, and the kernel's small registries. */
class KernelRuntimeTest {
    @TempDir
    Path root;

    private Kernel kernel() {
        return new Kernel().setScriptRoot(root);
    }

    @Test
    void createRunStop() throws Exception {
        Files.writeString(root.resolve("cb.lua"), "print('loaded')\nfunction cb(x) return x * 2 end\nreturn 'entry'\n");
        Kernel k = kernel();
        KernelRuntime rt = KernelRuntime.create(k, "cb", true);
        assertThat(k.log().snapshot()).anyMatch(l -> l.endsWith("] loaded"));
        assertThat(rt.entry().toString()).isEqualTo("entry");
        assertThat(rt.run(L -> (int) (long) (Long) L.call(L.getGlobal("cb"), 21L)[0])).isEqualTo(42);
        assertThat(KernelRuntime.of(rt.state())).isSameAs(rt);
        assertThat(k.liveObjects()).extracting(KernelObjects.LiveObject::className).containsExactly("lunatik");
        assertThat(rt.stop()).isTrue();
        assertThat(rt.run(L -> 1)).isEqualTo(-KernelRuntime.ENXIO);
        assertThat(rt.entry()).isNull();
        assertThat(k.liveObjects()).isEmpty();
    }

    @Test
    void aNonSleepableRuntimeRunsItsCallbacksUnderASpinlock() throws Exception {
        Files.writeString(root.resolve("fast.lua"), "return 1");
        Kernel k = kernel();
        KernelRuntime rt = KernelRuntime.create(k, "fast", false);
        assertThat(rt.lock().isMutex()).isFalse();
        assertThat(rt.run(L -> k.inAtomicContext() ? 1 : 0)).isEqualTo(1);
        assertThat(k.inAtomicContext()).isFalse();
        LuaError e = catchThrowableOfType(() -> rt.run(L -> {
            k.mightSleep("msleep");
            return 0;
        }), LuaError.class);
        assertThat(e.getMessage()).isEqualTo("sleeping in atomic context: msleep while holding spinlock 'lunatik#1'");
        // creating a runtime is process-context only
        Files.writeString(root.resolve("other.lua"), "return 1");
        LuaError nested = catchThrowableOfType(() -> rt.run(L -> {
            KernelRuntime.create(k, "other", true);
            return 0;
        }), LuaError.class);
        assertThat(nested.getMessage()).contains("sleeping in atomic context: lunatik_runtime");
        rt.stop();
        assertThat(k.liveObjects()).isEmpty();
    }

    @Test
    void scriptErrorsAndMissingScriptsLeaveNothing() throws Exception {
        Files.writeString(root.resolve("bad.lua"), "\nerror('no')\n");
        Kernel k = kernel();
        assertThat(catchThrowableOfType(() -> KernelRuntime.create(k, "bad", true), LuaError.class).getMessage()).endsWith("bad.lua:2: no");
        assertThat(catchThrowableOfType(() -> KernelRuntime.create(k, "none", true), LuaError.class).getMessage())
                .isEqualTo("cannot open " + root.resolve("none.lua"));
        assertThat(catchThrowableOfType(() -> KernelRuntime.create(k, "../escape", true), LuaError.class).getMessage())
                .startsWith("script '../escape' is outside the script root");
        assertThat(k.liveObjects()).isEmpty();
    }

    @Test
    void theStackHasTheKernels200Slots() throws Exception {
        Files.writeString(root.resolve("deep.lua"), """
                local n = 0
                local function f() n = n + 1; return 1 + f() end
                local ok, err = pcall(f)
                return n
                """);
        Kernel k = kernel();
        KernelRuntime rt = KernelRuntime.create(k, "deep", true);
        long depth = (Long) rt.entry();
        // one slot per frame of f plus call overhead: a stock Lua 5.4.7 built with LUAI_MAXSTACK 200
        // reaches 187 from lua.c, whose own frames take two more slots than a runtime's
        assertThat(depth).isBetween(185L, 192L);
        rt.stop();
    }

    @Test
    void resumeRunsTheEntryAsACoroutine() throws Exception {
        Files.writeString(root.resolve("co.lua"), "return function(a) local b = coroutine.yield(a + 1) return b * 10, 'done' end");
        Kernel k = kernel();
        KernelRuntime rt = KernelRuntime.create(k, "co", true);
        rt.lock().lock();
        try {
            assertThat(rt.resumeLocked(1L)).containsExactly(2L);
            Object[] r = rt.resumeLocked(4L);
            assertThat(r[0]).isEqualTo(40L);
            assertThat(r[1].toString()).isEqualTo("done");
            assertThat(catchThrowableOfType(() -> rt.resumeLocked(), LuaError.class).getMessage()).contains("attempt to call a string value");
            assertThat(catchThrowableOfType(() -> rt.resumeLocked(), LuaError.class).getMessage()).contains("cannot resume dead coroutine");
        } finally {
            rt.lock().unlock();
        }
        rt.stop();
    }

    @Test
    void kernelThreadsStopAndSignalsWake() throws Exception {
        Kernel k = kernel();
        CountDownLatch started = new CountDownLatch(1);
        KernelTask t = k.startThread("sleeper", () -> {
            started.countDown();
            while (!k.currentTask().shouldStop()) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // woken: check the flag
                }
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(k.kernelThreads()).containsExactly(t);
        assertThat(k.task(t.pid())).isSameAs(t);
        assertThat(k.kill(t.pid(), 10)).isTrue();
        assertThat(t.lastSignal()).isEqualTo(10);
        assertThat(k.kill(123456, 9)).isFalse();
        k.shutdown(); // stops it
        assertThat(t.hasExited()).isTrue();
        assertThat(k.kernelThreads()).isEmpty();
        assertThat(t.stop()).isFalse();
        assertThat(k.currentTask().isKernelThread()).isFalse();
    }

    @Test
    void symbolsDevicesTracingAndLogFollowers() throws Exception {
        Kernel k = kernel();
        assertThat(k.lookup("printk").isNull()).isFalse();
        assertThat(k.lookup("nothing").isNull()).isTrue();
        k.addSymbol("my_func", 0xffffffffa0001000L);
        assertThat(k.lookup("my_func").address()).isEqualTo(0xffffffffa0001000L);
        assertThat(k.ifindex("lo")).isEqualTo(1);
        assertThat(k.ifindex("eth0")).isEqualTo(2); // a kernel starts with lo and eth0
        assertThat(k.ifindex("wlan0")).isEqualTo(-1);
        int wlan0 = k.addNetDevice("wlan0");
        assertThat(wlan0).isEqualTo(3);
        assertThat(k.addNetDevice("wlan0")).isEqualTo(wlan0);
        k.setTracing(true);
        assertThat(k.isTracing()).isTrue();
        java.util.List<String> seen = new java.util.ArrayList<>();
        try (AutoCloseable f = k.log().follow(seen::add)) {
            k.log().write("one");
            java.io.PrintStream out = k.log().printStream();
            out.print("two\nthree");  // "three" waits for its newline
        }
        k.log().write("after");
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).endsWith("] one");
        assertThat(seen.get(1)).endsWith("] two");
    }
}
