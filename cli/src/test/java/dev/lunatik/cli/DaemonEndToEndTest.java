package dev.lunatik.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code lunatik} command end to end: every step runs the command's entry point
 * ({@code dev.lunatik.cli.Main}) as a process of its own, as {@code ./lunatik} does, against a
 * daemon it starts in the background; scripts come from the repository's {@code examples/}.
 */
@Timeout(180)
class DaemonEndToEndTest {
    @TempDir
    Path tmp;

    private Path root = Path.of("..").toAbsolutePath().normalize(); // the repository: examples/...
    private LunatikProcesses procs;

    private Path dir() {
        return tmp.resolve("run");
    }

    record Result(int status, String out, String err) {}

    private LunatikProcesses procs() {
        if (procs == null) procs = new LunatikProcesses(tmp, root);
        procs.root = root;
        return procs;
    }

    private Result lunatik(String... args) throws Exception {
        return lunatikWithInput(null, args);
    }

    private Result lunatikWithInput(String stdin, String... args) throws Exception {
        LunatikProcesses.Result r = procs().runWithInput(stdin, args);
        return new Result(r.status(), r.out(), r.err());
    }

    private boolean daemonAlive() {
        return procs().daemonAlive();
    }

    /** The class path copied for another user, removed after the test (it holds every test jar). */
    private Path sharedClassPath;

    @AfterEach
    void unload() throws Exception {
        procs().cleanUp();
        if (sharedClassPath != null) {
            try (var files = Files.walk(sharedClassPath)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
            sharedClassPath = null;
        }
    }

    private static Socket connect(int port) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            try {
                Socket s = new Socket("127.0.0.1", port);
                s.setSoTimeout(15_000);
                return s;
            } catch (java.net.ConnectException e) {
                if (System.currentTimeMillis() > deadline) throw e;
                Thread.sleep(50);
            }
        }
    }

    @Test
    void loadRunReadSpawnEchoShareStopUnload() throws Exception {
        assertThat(lunatik("status").out()).startsWith("lunatik is not loaded\n").contains("lunatik_run is not loaded\n");
        assertThat(lunatik("load").status()).isZero();
        assertThat(Files.getPosixFilePermissions(dir())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(dir().resolve("lunatik.sock"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(lunatik("status").out()).startsWith("lunatik is loaded\n").contains("luadevice is loaded\n", "lunatik_run is loaded\n");

        assertThat(lunatik("run", "examples/passwd").status()).isZero();
        assertThat(lunatik("dev", "ls").out()).contains("/dev/passwd\t0444");
        Result pw = lunatik("dev", "read", "passwd", "16");
        assertThat(pw.status()).isZero();
        assertThat(pw.out()).matches("[ -~]{16}");

        assertThat(lunatik("spawn", "examples/echod/daemon").status()).isZero();
        try (Socket s = connect(1337)) {
            OutputStream out = s.getOutputStream();
            out.write("hello kernel!\n".getBytes(StandardCharsets.UTF_8));
            assertThat(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine()).isEqualTo("hello kernel!");
        }

        assertThat(lunatik("spawn", "examples/shared").status()).isZero();
        try (Socket s = connect(90)) {
            s.getOutputStream().write("foo=bar\nfoo\n".getBytes(StandardCharsets.UTF_8));
            assertThat(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine()).isEqualTo("bar");
        }
        assertThat(lunatik("list").out().trim().split(", ")).containsExactlyInAnyOrder("examples/passwd", "examples/echod/daemon", "examples/shared");
        Result again = lunatik("run", "examples/passwd");
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("examples/passwd is already running");

        for (String script : new String[] {"examples/echod/daemon", "examples/shared", "examples/passwd"}) {
            assertThat(lunatik("stop", script).status()).as("stop %s", script).isZero();
        }
        assertThat(lunatik("list").out()).isEmpty();
        assertThat(lunatik("dev", "ls").out()).isEmpty();
        assertThat(lunatik("dmesg").out()).contains("echod [daemon]: started", "echod [daemon]: stopped", "starting shared...", "stopping shared...");
        assertThat(lunatik("eval", "7 // 2, _VERSION, _LUNATIK_VERSION").out()).isEqualTo("3\tLua 5.4-kernel\tLunatik 3.7\n");

        assertThat(lunatik("unload").status()).isZero();
        long deadline = System.currentTimeMillis() + 10_000;
        while (daemonAlive() && System.currentTimeMillis() < deadline) Thread.sleep(50);
        assertThat(daemonAlive()).isFalse();
        assertThat(lunatik("status").out()).startsWith("lunatik is not loaded\n");
    }

    @Test
    void theReplKeepsOneStateAcrossLinesAndSessions() throws Exception {
        Result r = lunatikWithInput("x = 6\nx * 7\nfunction twice(n)\n  return 2 * n\nend\ntwice(x), 'k'\nerror('oops')\nnil + 1\nlocal = 1\n");
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("Lunatik 3.7 on the JVM").contains("> 42\n").contains(">> >> > 12\tk\n");
        assertThat(r.err()).contains("stdin:1: oops").contains("attempt to perform arithmetic on a nil value").contains("near '='");
        assertThat(lunatikWithInput("twice(21)\n").out()).contains("> 42\n"); // the driver state persists
    }

    @Test
    void devWriteCatAndDmesgFollow() throws Exception {
        root = tmp.resolve("scripts");
        Files.createDirectories(root);
        Files.writeString(root.resolve("store.lua"), """
                local device = require "device"
                local content = ""
                local d = {name = "store", open = function() end, release = function() end}
                function d:read(len, off) return string.sub(content, off + 1, off + len) end
                function d:write(buf, off) content = content .. buf print("stored " .. #buf) end
                device.new(d)
                """);
        assertThat(lunatik("run", "store").status()).isZero();
        assertThat(lunatik("dev", "write", "store", "hello").status()).isZero();
        assertThat(lunatik("dev", "write", "store", "world").status()).isZero();
        assertThat(lunatik("dev", "cat", "store").out()).isEqualTo("hello\nworld\n");
        assertThat(lunatik("dev", "read", "store", "3").out()).isEqualTo("hel");
        Result missing = lunatik("dev", "cat", "nothing");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("/dev/nothing");

        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "dev.lunatik.cli.Main", "dmesg", "-f"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LUNATIK_RUNTIME_DIR", dir().toString());
        pb.redirectOutput(tmp.resolve("follow").toFile());
        Process follow = pb.start();
        try {
            Thread.sleep(1000);
            assertThat(lunatik("eval", "print('marker ' .. 6 * 7)").status()).isZero();
            long deadline = System.currentTimeMillis() + 15_000;
            while (!Files.readString(tmp.resolve("follow")).contains("marker 42") && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            String followed = Files.readString(tmp.resolve("follow"));
            assertThat(followed).contains("stored 6").contains("marker 42");
        } finally {
            follow.destroy();
            follow.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(lunatik("stop", "store").status()).isZero();
        assertThat(lunatik("dev", "ls").out()).isEmpty();
    }

    @Test
    void garbageGetsAnErrorAndTheNextRequestStillWorks() throws Exception {
        assertThat(lunatik("load").status()).isZero();
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(dir().resolve("lunatik.sock")));
            // one write: the daemon may answer and close as soon as it has read the length, and
            // a second write would then fail (broken pipe) before the answer is read
            java.nio.ByteBuffer garbage = java.nio.ByteBuffer.allocate(11).putInt(0x7fffffff); // claims 2 GiB
            garbage.put("garbage".getBytes(StandardCharsets.UTF_8)).flip();
            while (garbage.hasRemaining()) c.write(garbage);
            DataInputStream in = new DataInputStream(Channels.newInputStream(c));
            int len = in.readInt();
            byte[] b = new byte[len];
            in.readFully(b);
            assertThat((char) b[0]).isEqualTo('E');
            assertThat(new String(b, 1, len - 1, StandardCharsets.UTF_8)).contains("bad request");
        }
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) { // half a request, then gone
            c.connect(UnixDomainSocketAddress.of(dir().resolve("lunatik.sock")));
            c.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 10, 's', 't'}));
        }
        Result r = lunatik("status");
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("lunatik is loaded");
    }

    @Test
    void anOpenRuntimeDirectoryIsRefused() throws Exception {
        Files.createDirectories(dir());
        Files.setPosixFilePermissions(dir(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Result r = lunatik("load");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("has mode rwxr-xr-x, expected rwx------");
        assertThat(daemonAlive()).isFalse();
    }

    /** The test class path, with what another user could not read (jars under root's home) copied where it can. */
    private String classPathForAnotherUser() throws Exception {
        Path shared = Files.createTempDirectory(Path.of("/tmp"), "lunatik-cp");
        sharedClassPath = shared;
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(e);
            if (e.endsWith(".jar") && Files.isRegularFile(p)) {
                Path copy = shared.resolve(out.size() + "-" + p.getFileName());
                Files.copy(p, copy);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                out.add(copy.toString());
            } else {
                out.add(e);
            }
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    private Result asNobody(String cp, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                ProcessHandle.current().info().command().orElse("java"), "-cp", cp, "dev.lunatik.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LUNATIK_RUNTIME_DIR", dir().toString());
        pb.environment().put("HOME", "/tmp");
        pb.environment().put("LUNATIK_ROOT", root.toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void anotherUserIsRefused() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(DaemonFiles.uid() == 0 && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root and setpriv to act as another user");
        assertThat(lunatik("load").status()).isZero();
        String cp = classPathForAnotherUser();
        Result blocked = asNobody(cp, "list");
        org.junit.jupiter.api.Assumptions.assumeFalse(blocked.err().contains("main class") || blocked.err().contains("NoClassDefFound"),
                "the other user cannot read the test class path here: " + blocked.err());
        // the private directory stops it before the socket
        assertThat(blocked.status()).isNotZero();
        assertThat(blocked.err()).containsAnyOf("belongs to another user", "permission denied");
        // opened up by mistake, the daemon itself still refuses, every time with the same words
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(dir(), PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(dir().resolve("lunatik.sock"), PosixFilePermissions.fromString("rw-rw-rw-"));
        try {
            for (int i = 0; i < 3; i++) {
                Result r = asNobody(cp, "eval", "1 + 1");
                assertThat(r.status()).as("refusal %d: %s", i, r.err()).isEqualTo(13);
                assertThat(r.err()).isEqualTo("lunatik: permission denied (not the daemon's user)\n");
                assertThat(r.out()).isEmpty();
            }
        } finally {
            Files.setPosixFilePermissions(dir(), PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(dir().resolve("lunatik.sock"), PosixFilePermissions.fromString("rw-------"));
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
        }
        assertThat(lunatik("status").status()).isZero(); // the owner is still served
    }
}
