package dev.lunatik.kernel.libs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.vm.value.LuaError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bug the simulator exists to catch: sleeping in atomic context. In a real kernel a
 * non-sleepable runtime's callback that sleeps hangs or oopses the machine; here it is a Lua
 * error naming the violation, with the Lua traceback of the offending call, in the error and in
 * the kernel log.
 */
class AtomicContextTest {
    @TempDir
    Path root;

    private static final KernelRuntime.Handler CALL_HOOK = L -> {
        L.call(L.getGlobal("hook"));
        return 0;
    };

    @Test
    void sleepingInANonSleepableRuntimeCallbackIsReportedWithItsLuaTraceback() throws Exception {
        Files.writeString(root.resolve("filter.lua"), """
                local linux = require "linux"
                local function backoff()
                  linux.schedule(1)          -- line 3: sleeps
                end
                function hook()
                  backoff()                  -- line 6
                end
                """);
        Kernel k = Lunatik.boot(root);
        KernelRuntime rt = KernelRuntime.create(k, "filter", false); // spinlock: callbacks are atomic
        long mark = k.log().nextSequence();

        LuaError e = catchThrowableOfType(() -> rt.run(CALL_HOOK), LuaError.class);

        assertThat(e.getMessage()).contains("sleeping in atomic context: linux.schedule while holding spinlock 'lunatik#");
        assertThat(e.luaTraceback())
                .contains("filter.lua:3: in upvalue 'backoff'")
                .contains("filter.lua:6: in function 'hook'");
        List<String> log = k.log().since(mark);
        assertThat(String.join("\n", log))
                .contains("BUG: sleeping in atomic context: linux.schedule")
                .contains("filter.lua:3:")
                .contains("filter.lua:6:");
        // the runtime survives the error and still answers
        assertThat(rt.run(L -> 42)).isEqualTo(42);
        rt.stop();
        assertThat(k.liveObjects()).isEmpty();
    }

    @Test
    void theSameCallIsFineInASleepableRuntime() throws Exception {
        Files.writeString(root.resolve("daemon.lua"), "local linux = require 'linux'\nfunction hook() linux.schedule(1) end\n");
        Kernel k = Lunatik.boot(root);
        KernelRuntime rt = KernelRuntime.create(k, "daemon", true); // mutex: process context
        assertThat(rt.run(CALL_HOOK)).isZero();
        assertThat(k.log().snapshot()).noneMatch(l -> l.contains("BUG"));
        rt.stop();
    }

    @Test
    void waitingOnACompletionOrTakingAMutexUnderASpinlockIsRefusedToo() throws Exception {
        Files.writeString(root.resolve("worker.lua"), "return function() end\n");
        Files.writeString(root.resolve("cb.lua"), """
                local lunatik = require "lunatik"
                local completion = require "completion"
                local c = completion.new()
                function waits() return c:wait(1) end
                function resumes(rt) rt:resume() end
                """);
        Kernel k = Lunatik.boot(root);
        KernelRuntime rt = KernelRuntime.create(k, "cb", false);
        LuaError wait = catchThrowableOfType(() -> rt.run(L -> {
            L.call(L.getGlobal("waits"));
            return 0;
        }), LuaError.class);
        assertThat(wait.getMessage()).contains("cannot use non-sleepable runtime in this context");

        // a sleepable runtime's lock is a mutex: resuming it from atomic context would sleep
        KernelRuntime worker = KernelRuntime.create(k, "worker", true);
        LuaError resume = catchThrowableOfType(() -> rt.run(L -> {
            L.call(L.getGlobal("resumes"), LunatikLib.BINDING.wrap(L, worker.get().object()));
            return 0;
        }), LuaError.class);
        assertThat(resume.getMessage()).contains("sleeping in atomic context: mutex_lock 'lunatik#");
        worker.stop();
        rt.stop();
        k.shutdown();
        assertThat(k.liveObjects()).isEmpty();
    }
}
