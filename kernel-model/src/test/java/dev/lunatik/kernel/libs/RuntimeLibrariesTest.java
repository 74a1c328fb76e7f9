package dev.lunatik.kernel.libs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelObject;
import dev.lunatik.kernel.KernelObjects;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lunatik libraries across runtimes: {@code lunatik} (runtime, resume, stop, _ENV),
 * {@code thread}, {@code completion}, {@code fifo}, {@code mailbox}, {@code lunatik.runner},
 * references held by handles, contexts. Every test ends with nothing left in the kernel.
 */
@Timeout(60)
class RuntimeLibrariesTest {
    @TempDir
    Path root;

    Kernel k;

    private Kernel kernel() {
        k = Lunatik.boot(root);
        return k;
    }

    @AfterEach
    void nothingLeft() {
        if (k != null) {
            Lunatik.shutdown(k);
            assertThat(k.kernelThreads()).isEmpty();
            assertThat(k.liveObjects()).isEmpty();
        }
    }

    private void script(String name, String source) throws Exception {
        Path p = root.resolve(name + ".lua");
        Files.createDirectories(p.getParent());
        Files.writeString(p, source);
    }

    /** Runs {@code source} as runtime {@code main} (sleepable), returns what it printed to the log. */
    private List<String> runMain(String source) throws Exception {
        script("main", source);
        long mark = k.log().nextSequence();
        KernelRuntime.create(k, "main", true).stop();
        return k.log().since(mark).stream().map(l -> l.substring(l.indexOf("] ") + 2)).toList();
    }

    /** Calls global function {@code name} of runtime {@code rt} under its lock; its results. */
    private static Object[] callGlobal(KernelRuntime rt, String name) {
        Object[][] r = new Object[1][];
        rt.run(L -> {
            r[0] = L.call(L.getGlobal(name));
            return 0;
        });
        return r[0];
    }

    @Test
    void printGoesToTheKernelLogAndTheStackHas200Slots() throws Exception {
        kernel();
        List<String> log = runMain("""
                print("hello", 42)
                local function depth(n) return 1 + depth(n + 1) end
                local depthReached = 0
                local function probe(n) depthReached = n; return 1 + probe(n + 1) end
                print(pcall(probe, 1))
                print(depthReached > 40 and depthReached < 100)
                print(_VERSION, KernelRuntimeTestMarker)
                """);
        assertThat(log.get(0)).isEqualTo("hello\t42");
        assertThat(log.get(1)).startsWith("false\t").contains("stack overflow");
        assertThat(log.get(2)).isEqualTo("true");
        assertThat(log.get(3)).isEqualTo("Lua 5.4-kernel\tnil");
    }

    @Test
    void aStateKnowsItsRuntime() throws Exception {
        kernel();
        script("plain", "return 1");
        KernelRuntime rt = KernelRuntime.create(k, "plain", true);
        assertThat(KernelRuntime.of(rt.state())).isSameAs(rt);
        assertThat(KernelRuntime.of(LuaState.builder().build())).isNull();
        assertThat(rt.isReady()).isTrue();
        rt.stop();
        assertThat(rt.isReady()).isFalse();
        assertThat(rt.state()).isNull();
    }

    @Test
    void resumeCallsTheEntryThenContinuesItsYieldsAndSharesObjects() throws Exception {
        kernel();
        script("worker", """
                local fifo = require "fifo"
                return function(q)
                  q:push("first")
                  local q2 = coroutine.yield(7, "seven", {}, true)
                  q2:push("second")
                  return q2
                end
                """);
        List<String> log = runMain("""
                local lunatik = require "lunatik"
                local fifo = require "fifo"
                local rt = lunatik.runtime("worker")
                local q = fifo.new(64)
                print(rt:resume(q))
                print(q:pop(64))
                local r = rt:resume(q)
                print(q:pop(64), rawequal(r, q), r ~= nil)
                print(pcall(rt.resume, rt, q))
                print(pcall(rt.resume, rt, 1))
                print(pcall(rt.resume, rt, {}))
                rt:stop()
                rt:stop()
                print(pcall(rt.resume, rt, q))
                print(pcall(lunatik.runtime, "missing"))
                """);
        assertThat(log).containsExactly(
                "7\tseven\tnil\ttrue",
                "first\t5",
                "second\tfalse\ttrue",
                "false\tattempt to call a fifo value", "", // the target's message ends with a newline
                "false\tbad argument #2 to 'resume' (invalid object)",
                "false\tbad argument #2 to 'resume' (invalid object)",
                "false\tbad argument #1 to 'resume' (null-pointer dereference)",
                "false\tcannot open " + root.resolve("missing.lua"));
    }

    @Test
    void aScriptErrorIsRaisedInTheCreatorWithFileAndLine() throws Exception {
        kernel();
        script("broken", "local x = 1\nerror('broken on purpose')\n");
        script("syntax", "local = 1\n");
        List<String> log = runMain("""
                local lunatik = require "lunatik"
                print(pcall(lunatik.runtime, "broken"))
                print(pcall(lunatik.runtime, "syntax"))
                """);
        assertThat(log.get(0)).startsWith("false\t").endsWith("broken.lua:2: broken on purpose");
        assertThat(log.get(1)).startsWith("false\t").contains("syntax.lua:1:").contains("near '='");
        LuaError e = catchThrowableOfType(() -> KernelRuntime.create(k, "broken", true), LuaError.class);
        assertThat(e.getMessage()).endsWith("broken.lua:2: broken on purpose");
    }

    @Test
    void envIsOneRcuTableSharedByEveryRuntime() throws Exception {
        kernel();
        script("writer", """
                local data = require "data"
                local d = data.new(4)
                d:setbyte(0, 99)
                require("lunatik")._ENV.shared = d
                """);
        KernelRuntime.create(k, "writer", true).stop(); // its state is gone; the object lives in _ENV
        List<String> log = runMain("""
                local env = require("lunatik")._ENV
                print(env.shared:getbyte(0), env.nothing)
                env.shared = nil
                """);
        assertThat(log).containsExactly("99\tnil");
    }

    @Test
    void aDataObjectTakesItsLockForItsMethodsOnceShared() throws Exception {
        kernel();
        script("owner", """
                local data = require "data"
                d = data.new(4)
                d:setbyte(1, 7)
                function publish() require("lunatik")._ENV.published = d end
                function read() return d:getbyte(1) + #d end
                """);
        KernelRuntime rt = KernelRuntime.create(k, "owner", false);
        KernelObject[] o = new KernelObject[1];
        rt.run(L -> {
            o[0] = LunatikClass.toObject(L.getGlobal("d"));
            return 0;
        });
        assertThat(o[0].isConfined()).isTrue(); // one handle, in its own runtime
        callGlobal(rt, "publish");
        assertThat(o[0].isConfined()).isFalse(); // another runtime may now reach it through _ENV

        // another thread holds the object's lock: a method must wait until it is released
        CountDownLatch held = new CountDownLatch(1);
        AtomicBoolean released = new AtomicBoolean();
        Thread holder = new Thread(() -> {
            o[0].lock().lock();
            held.countDown();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            released.set(true);
            o[0].lock().unlock();
        });
        holder.start();
        held.await();
        Object[] got = callGlobal(rt, "read");
        boolean afterRelease = released.get();
        holder.join();
        assertThat(afterRelease).as("the method ran while another thread held the lock").isTrue();
        assertThat(got[0]).isEqualTo(11L);
        runMain("require('lunatik')._ENV.published = nil");
        rt.stop();
    }

    @Test
    void handlesDropTheirReferencesWhenCollected() throws Exception {
        kernel();
        script("holder", """
                local data = require "data"
                keep = data.new(1)
                function churn()
                  for i = 1, 50 do local d = data.new(8) end
                  collectgarbage()
                end
                """);
        KernelRuntime rt = KernelRuntime.create(k, "holder", true);
        callGlobal(rt, "churn");
        assertThat(k.liveObjects()).extracting(KernelObjects.LiveObject::className).containsExactlyInAnyOrder("lunatik", "data");
        rt.stop();
    }

    @Test
    void sleepableClassesAreRefusedInANonSleepableRuntime() throws Exception {
        kernel();
        script("atomic", """
                local lunatik = require "lunatik"
                lunatikHasRuntime = lunatik.runtime ~= nil
                envShared = lunatik._ENV ~= nil
                threadOk, threadErr = pcall(require, "thread")
                local data = require "data"      -- spinlock classes are fine
                dataOk = data.new(1) ~= nil
                """);
        KernelRuntime rt = KernelRuntime.create(k, "atomic", false);
        rt.run(L -> {
            assertThat(L.getGlobal("lunatikHasRuntime")).isEqualTo(false);
            assertThat(L.getGlobal("envShared")).isEqualTo(true);
            assertThat(L.getGlobal("threadOk")).isEqualTo(false);
            assertThat(L.getGlobal("threadErr").toString()).contains("cannot use 'thread' class on non-sleepable runtime");
            assertThat(L.getGlobal("dataOk")).isEqualTo(true);
            return 0;
        });
        rt.stop();
    }

    @Test
    void threadsRunTheEntryUntilStopped() throws Exception {
        kernel();
        script("loop", """
                local thread = require "thread"
                local linux = require "linux"
                return function(c)
                  return function()
                    print("started")
                    c:complete()
                    while not thread.shouldstop() do linux.schedule(1000) end
                    print("stopped", thread.shouldstop())
                  end
                end
                """);
        List<String> log = runMain("""
                local lunatik = require "lunatik"
                local thread = require "thread"
                local completion = require "completion"
                local rt = lunatik.runtime("loop")
                local c = completion.new()
                rt:resume(c)
                local t = thread.run(rt, "looper")
                print(c:wait(5000))
                local task = t:task()
                print(task.command, task.pid == task.tgid, task.cpu)
                t:stop()
                t:stop()
                print(pcall(thread.run, rt))
                rt:stop()
                """);
        assertThat(log).containsSubsequence("started", "true", "looper\ttrue\t0", "stopped\ttrue", "thread has already stopped",
                "false\tbad argument #2 to 'thread.run' (string expected, got no value)");
    }

    @Test
    void aThreadBodyErrorIsLoggedWithTheThreadName() throws Exception {
        kernel();
        script("failing", "return function() error('body failed') end");
        List<String> log = runMain("""
                local t = require("thread").run(require("lunatik").runtime("failing"), "failer")
                t:stop()   -- waits for the body to end (it failed at once, or fails now)
                """);
        assertThat(log).anyMatch(l -> l.startsWith("[failer] ") && l.endsWith("failing.lua:1: body failed"));
    }

    @Test
    void completionWaitIsInterruptedByThreadStop() throws Exception {
        kernel();
        script("waiter", """
                local completion = require "completion"
                local c = completion.new()
                return function() print("wait:", c:wait()) end
                """);
        List<String> log = runMain("""
                local t = require("thread").run(require("lunatik").runtime("waiter"), "waiter")
                require("linux").schedule(100)
                t:stop()
                """);
        assertThat(log).contains("wait:\tnil\tinterrupt");
    }

    @Test
    void mailboxesCarryMessagesBetweenRuntimes() throws Exception {
        kernel();
        script("echo", """
                local mailbox = require "mailbox"
                return function(q, e, rq, re)
                  local inbox = mailbox.inbox(q, e)
                  local outbox = mailbox.outbox(rq, re)
                  return function()
                    local msg = inbox:receive(5000)
                    outbox:send(string.upper(msg))
                  end
                end
                """);
        List<String> log = runMain("""
                local mailbox = require "mailbox"
                local out = mailbox.outbox(256)
                local back = mailbox.inbox(256)
                local rt = require("lunatik").runtime("echo")
                rt:resume(out.queue, out.event, back.queue, back.event)
                local t = require("thread").run(rt, "echo")
                out:send("hello kernel")
                print(back:receive(5000))
                print(pcall(back.send, back, "x"))
                print(pcall(out.receive, out))
                print(pcall(back.receive, back, 1))
                """);
        assertThat(log).containsExactly("HELLO KERNEL", "false\treceive-only mailbox", "false\tsend-only mailbox", "false\ttimeout");
    }

    @Test
    void echodShapedDaemonHandsSessionsToWorkerThreads() throws Exception {
        kernel();
        // the README's echod: the worker's function returns a closure that thread.run then runs
        script("echod/worker", """
                local thread = require "thread"
                return function(control, session, echoed)
                  local n = control:getbyte(0)
                  print("worker #" .. n .. " started")
                  return function()
                    while control:getbyte(1) ~= 0 and not thread.shouldstop() do
                      local s, len = session:pop(64)
                      if len > 0 then print("worker #" .. n .. " echo " .. s); echoed:complete() end
                      require("linux").schedule(2)
                    end
                    print("worker #" .. n .. " stopped")
                  end
                end
                """);
        List<String> log = runMain("""
                local lunatik = require "lunatik"
                local thread = require "thread"
                local data = require "data"
                local fifo = require "fifo"
                local control = data.new(2)
                control:setbyte(1, 1)
                local workers = {}
                local echoed = require("completion").new()
                for n = 1, 2 do
                  control:setbyte(0, n)
                  local session = fifo.new(64)
                  local rt = lunatik.runtime("echod/worker")
                  rt:resume(control, session, echoed)
                  workers[n] = {thread.run(rt, "echod/worker" .. n), rt, session}
                  session:push("ping" .. n)
                end
                print(echoed:wait(10000), echoed:wait(10000))
                control:setbyte(1, 0)
                for _, w in ipairs(workers) do w[1]:stop(); w[2]:stop() end
                """);
        assertThat(log).contains("worker #1 started", "worker #2 started");
        assertThat(log).contains("worker #1 echo ping1", "worker #2 echo ping2", "true\ttrue");
        assertThat(log).contains("worker #1 stopped", "worker #2 stopped");
    }

    @Test
    void runnerRunsSpawnsListsAndStops() throws Exception {
        kernel();
        script("svc/a", "print('a up')");
        script("svc/b", "local thread = require 'thread'\nreturn function() while not thread.shouldstop() do require('linux').schedule(1000) end print('b down') end");
        List<String> log = runMain("""
                local runner = require "lunatik.runner"
                runner.startup()
                runner.run("svc/a.lua")
                runner.spawn("svc/b")
                print(pcall(runner.run, "svc/a"))
                local names = {}
                for name in string.gmatch(runner.list(), "[^, ]+") do names[#names + 1] = name end
                table.sort(names)
                print(table.concat(names, " "))
                runner.stop("svc/b")
                print(runner.list())
                runner.shutdown()
                print("[" .. runner.list() .. "]")
                """);
        assertThat(log).containsSubsequence("a up", "false\tsvc/a is already running", "svc/a svc/b", "b down", "svc/a", "[]");
    }

    @Test
    void killWakesASleepingKernelThread() throws Exception {
        kernel();
        script("sleeper", "return function() print('left', require('linux').schedule(60000) > 0) end");
        long mark = k.log().nextSequence();
        List<String> log = runMain("""
                local t = require("thread").run(require("lunatik").runtime("sleeper"), "sleeper")
                require("linux").schedule(100)
                print(require("linux").kill(t:task().pid))
                """);
        assertThat(log).contains("true");
        long deadline = System.currentTimeMillis() + 10_000; // the woken thread prints soon after
        while (k.log().since(mark).stream().noneMatch(l -> l.endsWith("] left\ttrue")) && System.currentTimeMillis() < deadline) {
            k.log().await(k.log().nextSequence(), 100);
        }
        assertThat(k.log().since(mark)).anyMatch(l -> l.endsWith("] left\ttrue"));
    }

    @Test
    void aRuntimeCannotStopItselfAndLockOrderInversionsAreReported() throws Exception {
        kernel();
        script("self", "function stopme(rt) rt:stop() end");
        KernelRuntime rt = KernelRuntime.create(k, "self", true);
        LuaError e = catchThrowableOfType(() -> rt.run(L -> {
            L.call(L.getGlobal("stopme"), LunatikLib.BINDING.wrap(L, rt.get().object()));
            return 0;
        }), LuaError.class);
        assertThat(e.getMessage()).contains("cannot stop runtime 'self' from inside itself");
        rt.stop();

        var a = k.newObject(new dev.lunatik.kernel.KernelClass("a", false, false, null), null);
        var b = k.newObject(new dev.lunatik.kernel.KernelClass("b", false, false, null), null);
        a.lock().lock();
        b.lock().lock();
        b.lock().unlock();
        a.lock().unlock();
        b.lock().lock();
        a.lock().lock();
        a.lock().unlock();
        b.lock().unlock();
        assertThat(k.lockOrderReports()).hasSize(1);
        assertThat(k.log().snapshot()).anyMatch(l -> l.contains("WARNING: possible circular locking dependency"));
        a.put();
        b.put();
        assertThat(LuaString.valueOf("x")).isNotNull();
    }
}
