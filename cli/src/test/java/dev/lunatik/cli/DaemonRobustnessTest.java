package dev.lunatik.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.lunatik.cli.LunatikProcesses.eventually;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon under load, faults and bad input (issue 10): each test is one of the findings,
 * reproduced the way a user or an attacker would, against the command run as separate
 * processes. The bounds here are generous hang detectors (a command that waits on a script never
 * finishes at all), not speed measurements.
 */
@Timeout(300)
class DaemonRobustnessTest {
    @TempDir
    Path tmp;

    LunatikProcesses p;
    Path root;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(tmp.resolve("root"));
        p = new LunatikProcesses(tmp, root);
        p.env.put("LUNATIK_STOP_GRACE", "200");
        p.env.put("LUNATIK_HEAP", "256m");
    }

    @AfterEach
    void tearDown() throws Exception {
        p.cleanUp();
    }

    private void script(String name, String source) throws Exception {
        Path f = root.resolve(name + ".lua");
        Files.createDirectories(f.getParent());
        Files.writeString(f, source);
    }

    /** Whether {@code lunatik COMMAND}'s output soon satisfies {@code test}. */
    private boolean eventuallyOutput(String command, java.util.function.Predicate<String> test) throws InterruptedException {
        return eventually(() -> {
            try {
                return test.test(p.run(command).out());
            } catch (Exception e) {
                return false;
            }
        });
    }

    // ---- 1. one busy runtime does not wedge the daemon ----------------------------------------

    @Test
    void aRuntimeSpinningInItsTopLevelWedgesNothingAndStopEndsIt() throws Exception {
        script("t/loop", "while true do end");
        assertThat(p.run("load").status()).isZero();
        Process run = p.start("run", "t/loop");
        assertThat(eventuallyOutput("list", s -> s.equals("t/loop (starting)\n"))).isTrue();
        assertThat(p.run("eval", "1 + 1").out()).isEqualTo("2\n");
        assertThat(p.run("status").out()).startsWith("lunatik is loaded\n");
        assertThat(p.run("dmesg").status()).isZero();
        assertThat(p.run("dev", "ls").status()).isZero();
        LunatikProcesses.Result stop = p.run("stop", "t/loop");
        assertThat(stop.status()).isZero();
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isEqualTo(1);
        assertThat(p.run("list").out()).isEmpty();
    }

    @Test
    void aChunkWhoseClientWasInterruptedFreesTheDriverState() throws Exception {
        assertThat(p.run("load").status()).isZero();
        Process eval = p.startCommand(p.interruptibleCommand("eval", "while true do pcall(function() while true do end end) end"));
        Thread.sleep(1500); // it runs in the driver state now
        assertThat(p.run("list").status()).isZero();
        new ProcessBuilder("kill", "-INT", Long.toString(eval.pid())).start().waitFor(); // Ctrl-C
        assertThat(eval.waitFor(30, TimeUnit.SECONDS)).isTrue();
        LunatikProcesses.Result r = p.run("eval", "6 * 7");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("42\n");
    }

    @Test
    void ctrlCInTheReplEndsTheChunkAndTheReplGoesOn() throws Exception {
        assertThat(p.run("load").status()).isZero();
        Process repl = p.startCommand(p.interruptibleCommand(), "x = 6\nprint('spinning') while true do end\nx * 7\n");
        assertThat(eventuallyOutput("dmesg", s -> s.contains("spinning"))).isTrue(); // inside the second chunk
        new ProcessBuilder("kill", "-INT", Long.toString(repl.pid())).start().waitFor();
        assertThat(repl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(repl.exitValue()).isZero();
        Path[] out = p.outputs.get(repl);
        assertThat(Files.readString(out[1])).contains("interrupted!");
        assertThat(Files.readString(out[0])).contains("> 42\n");
    }

    @Test
    void aThreadIgnoringShouldStopIsEndedByStop() throws Exception {
        script("t/stubborn", "return function() while true do end end");
        assertThat(p.run("spawn", "t/stubborn").status()).isZero();
        assertThat(p.run("list").out()).isEqualTo("t/stubborn\n");
        LunatikProcesses.Result stop = p.run("stop", "t/stubborn");
        assertThat(stop.status()).isZero();
        assertThat(p.run("list").out()).isEmpty();
        assertThat(p.run("dmesg").out()).contains("thread 't/stubborn'", "did not stop within 200 ms", "ended by force");
    }

    @Test
    void unloadEndsTheProcessWhateverRunsAndRemovesTheSocket() throws Exception {
        script("t/loop", "while true do end");
        script("t/stubborn", "return function() while true do end end");
        assertThat(p.run("spawn", "t/stubborn").status()).isZero();
        Process run = p.start("run", "t/loop");
        Thread.sleep(500);
        long pid = p.daemonPid();
        assertThat(p.run("unload").status()).isZero();
        assertThat(eventually(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))).isTrue();
        assertThat(p.dir.resolve("lunatik.sock")).doesNotExist();
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.run("status").out()).startsWith("lunatik is not loaded\n");
    }

    @Test
    void ctrlCInTheTerminalThatStartedTheDaemonDoesNotReachIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")), "needs setsid");
        // a terminal's Ctrl-C signals its whole foreground process group: here, a group of its own
        String java = String.join(" ", p.command("list").stream().map(a -> "'" + a + "'").toList());
        Process group = p.startCommand(List.of("/usr/bin/setsid", "bash", "-c", java + "; sleep 60"));
        assertThat(eventually(() -> p.daemonAlive() && Files.exists(p.dir.resolve("lunatik.sock")))).isTrue();
        Thread.sleep(500); // the first command has finished; the group is bash's sleep and the daemon, unless it left
        new ProcessBuilder("kill", "-INT", "--", "-" + group.pid()).start().waitFor();
        new ProcessBuilder("kill", "-HUP", "--", "-" + group.pid()).start().waitFor();
        Thread.sleep(500);
        group.destroyForcibly();
        assertThat(p.daemonAlive()).isTrue();
        assertThat(p.run("status").out()).startsWith("lunatik is loaded");
    }

    // ---- 2. exactly one daemon ------------------------------------------------------------------

    @Test
    void twentyParallelFirstCommandsMakeOneDaemon() throws Exception {
        List<Process> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(p.start("list"));
        }
        for (Process q : all) {
            assertThat(q.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(q.exitValue()).isZero();
        }
        assertThat(p.daemons()).hasSize(1);
        assertThat(p.run("unload").status()).isZero();
        assertThat(p.daemons()).isEmpty();
    }

    @Test
    void aKilledDaemonIsReplacedAndTheUserIsTold() throws Exception {
        assertThat(p.run("load").status()).isZero();
        ProcessHandle daemon = ProcessHandle.of(p.daemonPid()).orElseThrow();
        daemon.destroyForcibly();
        daemon.onExit().get(30, TimeUnit.SECONDS);
        assertThat(p.dir.resolve("lunatik.sock")).exists(); // left behind
        LunatikProcesses.Result r = p.run("list");
        assertThat(r.status()).isZero();
        assertThat(r.err()).contains("the previous daemon is gone");
        assertThat(p.daemons()).hasSize(1);
    }

    @Test
    void aFailedStartSaysWhy() throws Exception {
        p.env.put("LUNATIK_OPTS", "-XX:+NoSuchOption");
        LunatikProcesses.Result r = p.run("load");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("the daemon did not start").contains("NoSuchOption");
    }

    // ---- 3. bounded connections -----------------------------------------------------------------

    @Test
    void idleConnectionsCostNoThreadsAndDoNotLockOutCommands() throws Exception {
        p.env.put("LUNATIK_MAX_CONNECTIONS", "32");
        p.env.put("LUNATIK_REQUEST_TIMEOUT", "2");
        assertThat(p.run("load").status()).isZero();
        long threadsBefore = p.procStatus("Threads");
        List<SocketChannel> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                c.connect(UnixDomainSocketAddress.of(p.dir.resolve("lunatik.sock")));
                idle.add(c);
            }
            assertThat(p.run("status").out()).startsWith("lunatik is loaded");
            assertThat(p.procStatus("Threads")).isLessThan(threadsBefore + 8);
            assertThat(Files.list(Path.of("/proc/" + p.daemonPid() + "/fd")).count()).isLessThan(100);
            // the first ones were closed to make room (or, on a slow machine, timed out), with a word why
            DataInputStream in = new DataInputStream(Channels.newInputStream(idle.get(0)));
            byte[] frame = new byte[in.readInt()];
            in.readFully(frame);
            assertThat(new String(frame, 1, frame.length - 1, StandardCharsets.UTF_8))
                    .containsAnyOf("closing an idle connection", "no complete request within");
        } finally {
            for (SocketChannel c : idle) {
                c.close();
            }
        }
        // an idle connection that sends nothing is dropped after the request timeout, with a word why
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(p.dir.resolve("lunatik.sock")));
            DataInputStream in = new DataInputStream(Channels.newInputStream(c));
            byte[] frame = new byte[in.readInt()];
            in.readFully(frame);
            assertThat(new String(frame, 1, frame.length - 1, StandardCharsets.UTF_8)).contains("no complete request within 2000 ms");
        }
    }

    // ---- 4. streams end with their client -------------------------------------------------------

    @Test
    void devCatOfAnEndlessDeviceStopsWhenItsReaderGoes() throws Exception {
        script("t/endless", """
                local device = require "device"
                local n = 0
                local d = {name = "endless", open = function() end, release = function() end}
                function d:read(len) n = n + 1 if n % 1000 == 0 then print("reads " .. n) end return ("x"):rep(len) end
                device.new(d)
                """);
        assertThat(p.run("run", "t/endless").status()).isZero();
        LunatikProcesses.Result head = p.runCommand(List.of("bash", "-c",
                String.join(" ", p.command("dev", "cat", "endless").stream().map(a -> "'" + a + "'").toList()) + " | head -c 100000 | wc -c"),
                null);
        assertThat(head.out().trim()).isEqualTo("100000");
        Thread.sleep(1000);
        String log1 = p.run("dmesg").out();
        Thread.sleep(1000);
        String log2 = p.run("dmesg").out();
        assertThat(log2).as("the device is no longer read").isEqualTo(log1);
        assertThat(p.run("stop", "t/endless").status()).isZero();
    }

    // ---- 5. one runtime's memory is its own -----------------------------------------------------

    @Test
    void aRuntimeFillingMemoryFailsAloneAndTheOthersGoOn() throws Exception {
        p.env.put("LUNATIK_RUNTIME_MEMORY", "16m");
        p.env.put("LUNATIK_STACK", "5000");
        p.env.put("LUNATIK_OPTS", "-Dlunatik.test.marker=opts-reached");
        script("t/hog", "return function() local t = {} local i = 0 while true do i = i + 1 t[i] = ('x'):rep(4096) .. i end end");
        script("t/calm", """
                local device = require "device"
                local d = {name = "calm", open = function() end, release = function() end}
                function d:read(len, off) local s = ("calm"):sub(off + 1, off + len) return s, off + #s end
                device.new(d)
                """);
        assertThat(p.run("run", "t/calm").status()).isZero();
        assertThat(p.run("spawn", "t/hog").status()).isZero();
        assertThat(eventuallyOutput("dmesg", s -> s.contains("[t/hog] not enough memory"))).isTrue();
        assertThat(p.run("dev", "read", "calm").out()).isEqualTo("calm");
        assertThat(p.run("eval", "local t = {} for i = 1, 1000 do t[i] = i end return #t").out()).isEqualTo("1000\n");
        String cmdline = ProcessHandle.of(p.daemonPid()).orElseThrow().info().commandLine().orElse("");
        assertThat(cmdline).contains("-Xmx256m", "-Dlunatik.test.marker=opts-reached", "--runtime-memory=16777216", "--stack=5000");
        // LUNATIK_STACK deepens the daemon's states past the kernel's 200 slots
        assertThat(p.run("eval", "local function d(n) if n == 0 then return 0 end return 1 + d(n - 1) end return d(1000)").out())
                .isEqualTo("1000\n");
    }

    // ---- 6. bytes stay bytes ---------------------------------------------------------------------

    @Test
    void luaStringsCrossTheProtocolAndTheCliUnchanged() throws Exception {
        script("t/bin", """
                local device = require "device"
                local d = {name = "bin", open = function() end, release = function() end}
                function d:read(len, off) local s = ("\\xff\\x80\\x00A"):sub(off + 1, off + len) return s, off + #s end
                function d:write(buf) print("wrote " .. buf:gsub(".", function(c) return ("%02x"):format(c:byte()) end)) return #buf end
                device.new(d)
                """);
        assertThat(p.run("run", "t/bin").status()).isZero();
        assertThat(p.run("dev", "read", "bin").outBytes()).containsExactly(0xff, 0x80, 0x00, 'A');
        assertThat(p.run("eval", "return '\\xff\\x80'").outBytes()).containsExactly(0xff, 0x80, '\n');
        // an argument that is not UTF-8, as a shell passes $'\xff\x80', in the C locale
        String java = String.join(" ", p.command("dev", "write", "bin").stream().map(a -> "'" + a + "'").toList());
        LunatikProcesses.Result w = p.runCommand(List.of("bash", "-c", "LC_ALL=C " + java + " $'\\xff\\x80caf\\xc3\\xa9'"), null);
        assertThat(w.status()).as(w.err()).isZero();
        assertThat(p.run("dmesg").out()).contains("wrote ff80636166c3a90a");
        // a reply far over the old 16 MiB limit
        LunatikProcesses.Result big = p.run("eval", "return ('x'):rep(20 << 20)");
        assertThat(big.status()).isZero();
        assertThat(big.outBytes()).hasSize((20 << 20) + 1);
    }

    // ---- 7. the script root confines ------------------------------------------------------------

    @Test
    void theScriptRootConfinesRunRequireAndLoadfile() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("x.lua"), "print('escaped') return 1");
        Files.createDirectories(root.resolve("t"));
        Files.createSymbolicLink(root.resolve("t/link.lua"), Path.of("../../outside/x.lua"));
        LunatikProcesses.Result r = p.run("run", "t/link");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("outside the script root", "symbolic link");
        assertThat(p.run("eval", "return loadfile('/etc/passwd')").out()).isEqualTo("nil\tcannot open /etc/passwd (outside the script root "
                + root + ")\n");
        LunatikProcesses.Result req = p.run("eval", "package.path = '" + outside + "/?.lua' return pcall(require, 'x')");
        assertThat(req.out()).startsWith("false\tmodule 'x' not found:");
        assertThat(p.run("dmesg").out()).doesNotContain("escaped");
    }

    // ---- 8. the smaller ones ----------------------------------------------------------------------

    @Test
    void everyMistakeIsSaidInWords() throws Exception {
        script("examples/passwd", "local device = require 'device'\n"
                + "device.new{name = 'passwd', open = function() end, release = function() end, read = function() return 'p' end}\n");
        assertThat(p.run("run", "examples/passwd").status()).isZero();

        LunatikProcesses.Result badCount = p.run("dev", "read", "passwd", "abc");
        assertThat(badCount.status()).isEqualTo(2);
        assertThat(badCount.err()).contains("'abc' is not a byte count");

        LunatikProcesses.Result missing = p.run("dev", "cat", "nothing");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("lunatik: open /dev/nothing: No such file or directory (ENOENT)\n");

        LunatikProcesses.Result stop = p.run("stop", "nosuch");
        assertThat(stop.status()).isEqualTo(1);
        assertThat(stop.err()).isEqualTo("lunatik: stop: nosuch is not running\n");

        LunatikProcesses.Result syntax = p.run("eval", "for");
        assertThat(syntax.status()).isEqualTo(1);
        assertThat(syntax.err()).contains("stdin:1:").contains("<eof>");

        LunatikProcesses.Result spawn = p.run("spawn", "examples/passwd2");
        assertThat(spawn.status()).isEqualTo(1);
        assertThat(spawn.err()).contains("cannot open " + root.resolve("examples/passwd2.lua"));
        script("examples/passwd2", "local device = require 'device'\n"
                + "device.new{name = 'passwd2', open = function() end, release = function() end, read = function() return 'p' end}\n");
        spawn = p.run("spawn", "examples/passwd2");
        assertThat(spawn.status()).isEqualTo(1);
        assertThat(spawn.err()).contains("examples/passwd2 returned nothing, not a function to run in a thread");
        assertThat(p.run("list").out()).isEqualTo("examples/passwd\n");

        LunatikProcesses.Result longName = p.run("run", "x".repeat(300));
        assertThat(longName.status()).isEqualTo(1);
        assertThat(longName.err()).contains("invalid script name (300 bytes long, at most 255)");

        LunatikProcesses.Result help = p.run("run", "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("Usage: lunatik run", "SCRIPT");
        assertThat(p.run("list").out()).isEqualTo("examples/passwd\n");

        LunatikProcesses.Result usage = p.run("run");
        assertThat(usage.status()).isEqualTo(2);
        assertThat(usage.err()).contains("Missing required parameter", "Usage: lunatik run");

        // a client whose LUNATIK_ROOT differs from the daemon's is told which counts
        p.root = tmp.resolve("elsewhere");
        LunatikProcesses.Result note = p.run("run", "examples/passwd");
        assertThat(note.err()).contains("the daemon's script root is " + root, "'lunatik reload'");
        p.root = root;

        // a NUL in a name, which no command line can carry but the socket can
        assertThat(rawRequest("run", "a\0b")).contains("invalid script name (it holds a NUL byte)");
        assertThat(p.run("status").status()).isZero();
    }

    /** Sends one request straight over the socket; returns what came back on stderr. */
    private String rawRequest(String... args) throws Exception {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(p.dir.resolve("lunatik.sock")));
            List<byte[]> a = new ArrayList<>();
            for (String s : args) {
                a.add(s.getBytes(StandardCharsets.UTF_8));
            }
            Frames.writeRequest(new DataOutputStream(Channels.newOutputStream(c)), Map.of(), a);
            DataInputStream in = new DataInputStream(Channels.newInputStream(c));
            StringBuilder err = new StringBuilder();
            while (true) {
                byte[] f = new byte[in.readInt()];
                in.readFully(f);
                if (f[0] == 'E') err.append(new String(f, 1, f.length - 1, StandardCharsets.UTF_8));
                if (f[0] == 'X') return err.toString();
            }
        }
    }

    @Test
    void theStandaloneInterpreterReportsRunningOutOfMemory() throws Exception {
        List<String> cmd = new ArrayList<>(p.command("lua", "-e", "local t = {} for i = 1, 1 << 20 do t[i] = string.rep('x', 4096) end"));
        cmd.add(1, "-Xmx64m");
        LunatikProcesses.Result r = p.runCommand(cmd, null);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("lua: not enough memory\n");
    }
}
