package dev.lunatik.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping what does not want to stop (a runtime busy in a callback, a script whose top level
 * never returns, a kernel thread that ignores {@code kthread_should_stop}) and the script root as
 * a confinement (symbolic links, absolute paths, {@code loadfile}, {@code dofile}).
 */
@Timeout(60)
class StopAndConfinementTest {
    @TempDir
    Path tmp;

    private Path root() throws Exception {
        return Files.createDirectories(tmp.resolve("root"));
    }

    private Kernel kernel() throws Exception {
        return new Kernel().setScriptRoot(root()).setStopGrace(200);
    }

    @Test
    void stopOfARuntimeSpinningInACallbackAbortsItAndReturns() throws Exception {
        Files.writeString(root().resolve("spin.lua"), "return function() while true do pcall(function() while true do end end) end end");
        Kernel k = kernel();
        KernelRuntime rt = KernelRuntime.create(k, "spin", true);
        CountDownLatch inside = new CountDownLatch(1);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                rt.run(L -> {
                    inside.countDown();
                    L.call(rt.entry());
                    return 0;
                });
            } catch (Throwable e) {
                seen.set(e);
            }
        }, "device-reader");
        caller.start();
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        rt.stop();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        caller.join(10_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(ms).as("stop took %d ms", ms).isLessThan(5_000);
        assertThat(seen.get()).isInstanceOf(LuaError.class);
        assertThat(seen.get().getMessage()).endsWith("runtime 'spin' stopped");
        assertThat(rt.isStopped()).isTrue();
        assertThat(k.log().snapshot()).anyMatch(l -> l.contains("runtime 'spin' is busy in device-reader"));
        assertThat(k.liveObjects()).isEmpty();
    }

    @Test
    void aWellBehavedCallbackIsLetFinishBeforeTheStop() throws Exception {
        Files.writeString(root().resolve("slow.lua"), "return 1");
        Kernel k = kernel();
        KernelRuntime rt = KernelRuntime.create(k, "slow", true);
        CountDownLatch inside = new CountDownLatch(1);
        AtomicReference<Integer> result = new AtomicReference<>();
        Thread caller = new Thread(() -> result.set(rt.run(L -> {
            inside.countDown();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return -1;
            }
            return 7;
        })));
        caller.start();
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        rt.stop();
        caller.join(10_000);
        assertThat(result.get()).isEqualTo(7);
        assertThat(k.log().snapshot()).noneMatch(l -> l.contains("is busy"));
    }

    @Test
    void aTopLevelThatNeverReturnsCanBeAbortedWhileStarting() throws Exception {
        Files.writeString(root().resolve("loop.lua"), "while true do end");
        Kernel k = kernel();
        AtomicReference<KernelRuntime> starting = new AtomicReference<>();
        CountDownLatch created = new CountDownLatch(1);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread creator = new Thread(() -> {
            try {
                KernelRuntime.create(k, "loop", true, rt -> {
                    starting.set(rt);
                    created.countDown();
                });
            } catch (Throwable e) {
                seen.set(e);
            }
        });
        creator.start();
        assertThat(created.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        starting.get().abort("stopped while starting");
        creator.join(10_000);
        assertThat(creator.isAlive()).isFalse();
        assertThat(seen.get()).isInstanceOf(LuaError.class);
        assertThat(seen.get().getMessage()).endsWith("stopped while starting");
        assertThat(k.liveObjects()).isEmpty();
    }

    @Test
    void aKernelThreadThatIgnoresShouldStopIsEndedAfterTheGrace() throws Exception {
        Kernel k = kernel();
        CountDownLatch running = new CountDownLatch(1);
        LuaState L = LuaState.builder().build();
        L.register("started", (t, base, n) -> {
            running.countDown();
            return 0;
        });
        Object body = L.load("started() while true do end", "=stubborn");
        AtomicReference<Throwable> seen = new AtomicReference<>();
        KernelTask task = k.startThread("stubborn", () -> {
            try {
                L.call(body);
            } catch (LuaError e) {
                seen.set(e);
            }
        });
        task.onForcedStop(() -> L.abort("ended by force"), L::clearAbort);
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        assertThat(task.stop()).isTrue();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).as("stop took %d ms", ms).isBetween(150L, 5_000L);
        assertThat(task.hasExited()).isTrue();
        assertThat(task.wasForced()).isTrue();
        assertThat(seen.get().getMessage()).isEqualTo("stubborn:1: ended by force");
        assertThat(L.isAborting()).as("the abort ends with the thread").isFalse();
        assertThat(k.log().snapshot()).anyMatch(l -> l.contains("thread 'stubborn'") && l.contains("did not stop within 200 ms"));
    }

    @Test
    void aThreadThatChecksTheFlagIsNotForced() throws Exception {
        Kernel k = kernel();
        CountDownLatch running = new CountDownLatch(1);
        KernelTask task = k.startThread("polite", () -> {
            running.countDown();
            while (!k.currentTask().shouldStop()) {
                Thread.onSpinWait();
            }
        });
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(task.stop()).isTrue();
        assertThat(task.wasForced()).isFalse();
        assertThat(k.log().snapshot()).noneMatch(l -> l.contains("did not stop"));
    }

    @Test
    void aSymbolicLinkOutOfTheRootIsRefused() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("x.lua"), "return 'escaped'");
        Path t = Files.createDirectories(root().resolve("t"));
        Files.createSymbolicLink(t.resolve("link.lua"), Path.of("../../outside/x.lua"));
        Files.createSymbolicLink(t.resolve("dir"), outside);
        Files.writeString(t.resolve("inside.lua"), "return 'inside'");
        Files.createSymbolicLink(t.resolve("alias.lua"), Path.of("inside.lua"));
        Kernel k = kernel();
        assertThat(catchThrowableOfType(() -> KernelRuntime.create(k, "t/link", true), LuaError.class).getMessage())
                .isEqualTo("script 't/link' is outside the script root " + root() + " (through a symbolic link)");
        assertThat(catchThrowableOfType(() -> KernelRuntime.create(k, "t/dir/x", true), LuaError.class).getMessage())
                .startsWith("script 't/dir/x' is outside the script root");
        assertThat(catchThrowableOfType(() -> KernelRuntime.create(k, outside.resolve("x").toString(), true), LuaError.class)
                .getMessage()).startsWith("script '" + outside.resolve("x") + "' is outside the script root");
        KernelRuntime ok = KernelRuntime.create(k, "t/alias", true);
        assertThat(ok.entry().toString()).isEqualTo("inside");
        ok.stop();
        KernelRuntime mounted = KernelRuntime.create(k, "/lib/modules/lua/t/inside", true);
        assertThat(mounted.entry().toString()).isEqualTo("inside");
        mounted.stop();
        assertThat(k.liveObjects()).isEmpty();
    }

    @Test
    void loadfileAndDofileInARuntimeSeeOnlyTheRoot() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.lua"), "return 'secret'");
        Files.writeString(root().resolve("mod.lua"), "return 'module'");
        Files.createSymbolicLink(root().resolve("sneaky.lua"), outside.resolve("secret.lua"));
        Files.writeString(root().resolve("probe.lua"), String.join("\n",
                "local r = {}",
                "r[1] = select(2, loadfile('" + outside.resolve("secret.lua") + "'))",
                "r[2] = select(2, loadfile('sneaky.lua'))",
                "r[3] = select(2, pcall(dofile, '/etc/passwd'))",
                "r[4] = loadfile('mod.lua')()",
                "r[5] = loadfile('/lib/modules/lua/mod.lua')()",
                "return r[1] .. '|' .. r[2] .. '|' .. r[3] .. '|' .. r[4] .. '|' .. r[5]"));
        Kernel k = kernel();
        KernelRuntime rt = KernelRuntime.create(k, "probe", true);
        String[] r = rt.entry().toString().split("\\|");
        assertThat(r[0]).isEqualTo("cannot open " + outside.resolve("secret.lua") + " (outside the script root " + root() + ")");
        assertThat(r[1]).isEqualTo("cannot open sneaky.lua (a symbolic link leads outside the script root " + root() + ")");
        assertThat(r[2]).isEqualTo("cannot open /etc/passwd (outside the script root " + root() + ")");
        assertThat(r[3]).isEqualTo("module");
        assertThat(r[4]).isEqualTo("module");
        rt.stop();
    }
}
