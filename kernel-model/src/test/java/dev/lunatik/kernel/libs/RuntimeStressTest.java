package dev.lunatik.kernel.libs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelObject;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.value.LuaError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several runtimes driven from several Java threads at once, sharing rcu tables and data objects
 * through {@code lunatik._ENV}, while another thread keeps creating and stopping runtimes (both
 * sleepable and not), and two kernel threads loop over the same objects. Afterwards every object is released: the kernel's live-object list is
 * empty and no thread is left.
 */
class RuntimeStressTest {
    private static final int SLOTS = 6;
    private static final int CALLERS = 3;

    @TempDir
    Path root;

    @Test
    @Timeout(120)
    void runtimesSharingObjectsWhileCreatedAndStopped() throws Exception {
        Files.writeString(root.resolve("setup.lua"), """
                local lunatik = require "lunatik"
                local rcu = require "rcu"
                local data = require "data"
                local shared = rcu.table(16)
                for i = 0, 3 do shared["buf" .. i] = data.new(64) end
                lunatik._ENV.shared = shared
                """);
        Files.writeString(root.resolve("worker.lua"), """
                local lunatik = require "lunatik"
                local env = lunatik._ENV
                local calls = 0
                function callback(n)
                  calls = calls + 1
                  local shared = env.shared
                  local d = shared["buf" .. n % 4]
                  d:setnumber(0, d:getnumber(0) + 1)   -- each call is locked, the read-modify-write is not
                  d:setbyte(8 + n % 8, n)
                  shared["k" .. n % 16] = d             -- writers replace entries: references move
                  shared["k" .. (n + 8) % 16] = nil
                  local t = {}                          -- garbage, so the collector runs and drops handles
                  for i = 1, 8 do t[i] = shared["buf" .. i % 4] end
                  return calls
                end
                """);
        Files.writeString(root.resolve("spinner.lua"), """
                local thread = require "thread"
                local linux = require "linux"
                local env = require("lunatik")._ENV
                return function()
                  while not thread.shouldstop() do
                    local d = env.shared["buf" .. linux.random(0, 3)]
                    d:setbyte(63, d:getbyte(63) ~ 1)
                    linux.schedule(1)
                  end
                end
                """);
        Files.writeString(root.resolve("launcher.lua"), """
                local lunatik = require "lunatik"
                local thread = require "thread"
                for i = 1, 2 do thread.run(lunatik.runtime("spinner"), "spinner" .. i) end
                """);
        Kernel k = Lunatik.boot(root);
        KernelRuntime setup = KernelRuntime.create(k, "setup", true);
        setup.stop();
        KernelRuntime launcher = KernelRuntime.create(k, "launcher", true);
        launcher.stop(); // its handles go; the kernel threads keep their runtimes alive
        assertThat(k.kernelThreads()).hasSize(2);

        AtomicReferenceArray<KernelRuntime> slots = new AtomicReferenceArray<>(SLOTS);
        for (int i = 0; i < SLOTS; i++) {
            slots.set(i, KernelRuntime.create(k, "worker", i % 2 == 0));
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong calls = new AtomicLong();
        AtomicLong stoppedAnswers = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        KernelRuntime.Handler1<long[]> handler = (L, n) -> {
            LuaStack t = L.mainThread();
            int at = t.prepareCall(1);
            t.set(at, L.getGlobal("callback"));
            t.setInt(at + 1, n[0]);
            t.callAt(at, 1, 1);
            return (int) t.intAt(at);
        };

        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
            long seed = c;
            threads.add(new Thread(() -> {
                SplittableRandom rnd = new SplittableRandom(seed);
                long[] n = new long[1];
                try {
                    while (!done.get()) {
                        KernelRuntime rt = slots.get(rnd.nextInt(SLOTS));
                        if (!rt.object().tryGet()) {
                            continue; // released between the read and the get: as a late hook would see it
                        }
                        try {
                            n[0] = rnd.nextInt(1000);
                            int r = rt.run(handler, n);
                            if (r == -KernelRuntime.ENXIO) {
                                stoppedAnswers.incrementAndGet();
                            } else {
                                assertThat(r).isPositive();
                                calls.incrementAndGet();
                            }
                        } finally {
                            rt.put();
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "caller-" + c));
        }
        Thread churn = new Thread(() -> {
            SplittableRandom rnd = new SplittableRandom(99);
            try {
                for (int round = 0; round < 60; round++) {
                    int i = rnd.nextInt(SLOTS);
                    KernelRuntime fresh = KernelRuntime.create(k, "worker", rnd.nextBoolean());
                    KernelRuntime old = slots.getAndSet(i, fresh);
                    old.stop();
                    Thread.sleep(2);
                }
            } catch (Throwable e) {
                failures.add(e);
            } finally {
                done.set(true);
            }
        }, "churn");
        threads.forEach(Thread::start);
        churn.start();
        churn.join();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(calls.get()).isPositive();

        // the shared counters were updated by every runtime: each method call is atomic (the data
        // object's lock), the increment as a whole is not, so concurrent runtimes may lose updates
        KernelObject shared = RcuLib.get(RcuLib.env(k), "shared");
        long sum = 0;
        for (int i = 0; i < 4; i++) {
            sum += DataBuffer.class.cast(RcuLib.get(shared, "buf" + i).payload()).getInt64(0);
        }
        assertThat(sum).isPositive().isLessThanOrEqualTo(calls.get());

        for (int i = 0; i < SLOTS; i++) {
            slots.get(i).stop();
        }
        assertThat(k.kernelThreads()).hasSize(2);
        Lunatik.shutdown(k); // stops the kernel threads, drops _ENV
        assertThat(k.kernelThreads()).isEmpty();
        assertThat(k.liveObjects()).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("caller-") || t.getName().equals("churn") || t.getName().startsWith("spinner"));
    }

    @Test
    void aStoppedRuntimeAnswersEnxioAndItsObjectLivesWhileReferenced() throws Exception {
        Files.writeString(root.resolve("cb.lua"), "function cb() return 7 end");
        Kernel k = Lunatik.boot(root);
        KernelRuntime rt = KernelRuntime.create(k, "cb", false);
        KernelRuntime.Handler h = L -> (int) (long) (Long) L.call(L.getGlobal("cb"))[0];
        assertThat(rt.run(h)).isEqualTo(7);
        rt.get(); // a hook's reference
        assertThat(rt.stop()).isFalse();
        assertThat(rt.run(h)).isEqualTo(-KernelRuntime.ENXIO);
        assertThat(k.liveObjects()).hasSize(1);
        assertThat(rt.put()).isTrue();
        assertThat(k.liveObjects()).isEmpty();
        assertThat(rt.stop()).isTrue(); // stopping again changes nothing
    }

    @Test
    void aScriptErrorLeavesNothingBehind() throws Exception {
        Files.writeString(root.resolve("bad.lua"), "local rcu = require 'rcu'\nlocal t = rcu.table()\nerror('boom')\n");
        Kernel k = Lunatik.boot(root);
        try {
            KernelRuntime.create(k, "bad", true);
            throw new AssertionError("no error");
        } catch (LuaError e) {
            assertThat(e.getMessage()).endsWith("bad.lua:3: boom");
        }
        assertThat(k.liveObjects()).isEmpty();
        assertThat(LuaState.class).isNotNull();
    }
}
