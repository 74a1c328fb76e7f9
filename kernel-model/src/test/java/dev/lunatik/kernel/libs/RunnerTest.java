package dev.lunatik.kernel.libs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.kernel.KernelTask;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Java runner: the Lua runner's tables, scripts that will not start or stop, spawn checks. */
@Timeout(60)
class RunnerTest {
    @TempDir
    Path root;

    Kernel k;
    Runner runner;

    private void boot() {
        k = Lunatik.boot(root).setStopGrace(200);
        runner = new Runner(k);
    }

    private void script(String name, String source) throws Exception {
        Path p = root.resolve(name + ".lua");
        Files.createDirectories(p.getParent());
        Files.writeString(p, source);
    }

    @AfterEach
    void nothingLeft() {
        if (k != null) {
            runner.shutdown();
            assertThat(runner.list()).isEmpty();
            Lunatik.shutdown(k);
            assertThat(k.kernelThreads()).isEmpty();
            assertThat(k.liveObjects()).isEmpty();
        }
    }

    @Test
    void runListStop() throws Exception {
        boot();
        script("a", "return 1");
        script("dir/b", "return function() while not require('thread').shouldstop() do require('linux').schedule(10) end end");
        runner.run("a.lua", true);
        runner.spawn("dir/b");
        assertThat(runner.list()).extracting(Runner.Entry::toString).containsExactly("a", "dir/b");
        assertThat(runner.list().get(1).thread()).isTrue();
        assertThat(catchThrowableOfType(() -> runner.run("a", true), LuaError.class).getMessage()).isEqualTo("a is already running");
        assertThat(runner.stop("dir/b")).isTrue();
        assertThat(runner.stop("dir/b")).isFalse();
        assertThat(runner.stop("nothing")).isFalse();
        assertThat(runner.list()).extracting(Runner.Entry::name).containsExactly("a");
    }

    @Test
    void theLuaRunnerSeesAndStopsWhatTheJavaRunnerStarted() throws Exception {
        boot();
        script("a", "return 1");
        runner.run("a", true);
        try (LuaState driver = Lunatik.kernelState().build()) {
            driver.setExtraSpace(k);
            Object[] r = driver.execute("local runner = require 'lunatik.runner'\n"
                    + "local before = runner.list()\n"
                    + "runner.stop('a')\n"
                    + "return before, runner.list()", "=driver");
            assertThat(r[0].toString()).isEqualTo("a");
            assertThat(r[1].toString()).isEmpty();
            driver.collectGarbage();
        }
        assertThat(runner.list()).isEmpty();
    }

    @Test
    void aTopLevelThatNeverReturnsIsListedAsStartingAndCanBeStopped() throws Exception {
        boot();
        script("t/loop", "while true do end");
        CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
            try {
                runner.run("t/loop", true);
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        long deadline = System.currentTimeMillis() + 10_000;
        while (runner.list().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(runner.list()).extracting(Runner.Entry::toString).containsExactly("t/loop (starting)");
        assertThat(catchThrowableOfType(() -> runner.run("t/loop", true), LuaError.class).getMessage())
                .isEqualTo("t/loop is already running");
        long t0 = System.nanoTime();
        assertThat(runner.stop("t/loop")).isTrue();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
        Throwable e = run.get(10, TimeUnit.SECONDS);
        assertThat(e).isInstanceOf(LuaError.class).hasMessage("t/loop was stopped while starting");
        assertThat(runner.list()).isEmpty();
    }

    @Test
    void aThreadThatIgnoresShouldStopIsEndedWithinTheGrace() throws Exception {
        boot();
        script("spin", "return function() while true do pcall(function() while true do end end) end end");
        KernelTask task = runner.spawn("spin");
        Thread.sleep(50);
        long t0 = System.nanoTime();
        assertThat(runner.stop("spin")).isTrue();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).as("stop took %d ms", ms).isLessThan(5_000);
        assertThat(task.hasExited()).isTrue();
        assertThat(task.wasForced()).isTrue();
        assertThat(k.log().snapshot()).anyMatch(l -> l.contains("did not stop within 200 ms"));
    }

    @Test
    void spawnRefusesAScriptThatReturnsNoFunction() throws Exception {
        boot();
        script("passwd", "local x = 1");
        script("table", "return {}");
        assertThat(catchThrowableOfType(() -> runner.spawn("passwd"), LuaError.class).getMessage())
                .isEqualTo("passwd returned nothing, not a function to run in a thread");
        assertThat(catchThrowableOfType(() -> runner.spawn("table"), LuaError.class).getMessage())
                .isEqualTo("table returned a table value, not a function to run in a thread");
        assertThat(runner.list()).isEmpty();
        assertThat(k.kernelThreads()).isEmpty();
    }

    @Test
    void badNamesSayWhatIsWrong() throws Exception {
        boot();
        assertThat(catchThrowableOfType(() -> runner.run("a\0b", true), LuaError.class).getMessage())
                .isEqualTo("invalid script name (it holds a NUL byte)");
        assertThat(catchThrowableOfType(() -> runner.run("x".repeat(300), true), LuaError.class).getMessage())
                .isEqualTo("invalid script name (300 bytes long, at most 255)");
        assertThat(catchThrowableOfType(() -> runner.run("", true), LuaError.class).getMessage())
                .isEqualTo("invalid script name (empty)");
    }

    @Test
    void threadNamesFollowLunatiksPattern() {
        assertThat(Runner.threadName("examples/echod/daemon")).isEqualTo("echod/daemon");
        assertThat(Runner.threadName("examples/passwd")).isEqualTo("examples/passwd");
        assertThat(Runner.threadName("loop")).isEqualTo("loop");
        assertThat(Runner.threadName("my_script")).isEqualTo("script");
    }

    @Test
    void aStoppedRuntimeAnswersEnxio() throws Exception {
        boot();
        script("a", "return 1");
        KernelRuntime rt = runner.run("a", true);
        runner.stop("a");
        assertThat(rt.run(L -> 0)).isEqualTo(-KernelRuntime.ENXIO);
    }
}
