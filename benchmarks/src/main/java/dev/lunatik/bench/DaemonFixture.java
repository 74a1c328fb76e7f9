package dev.lunatik.bench;

import dev.lunatik.cli.DaemonClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A {@code lunatik} daemon in a process of its own, in a private runtime directory with a script
 * root of its own, for the daemon benchmarks: the scripts they use, a request helper and the
 * process's thread count and resident memory.
 */
final class DaemonFixture implements AutoCloseable {
    final Path base;
    final Path dir;
    final Path root;
    final Path socket;
    final Process process;

    /** Scripts every benchmark may use. */
    static final Map<String, String> SCRIPTS = Map.of(
            "t/spin", "return function() while true do end end",
            "t/loop", "while true do end",
            "t/polite", "local thread = require 'thread'\nlocal linux = require 'linux'\n"
                    + "return function() while not thread.shouldstop() do linux.schedule(10) end end");

    DaemonFixture(String... daemonOptions) throws IOException, InterruptedException {
        base = Files.createTempDirectory("lunatik-bench");
        dir = base.resolve("run");
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        root = Files.createDirectory(base.resolve("root"));
        for (Map.Entry<String, String> e : SCRIPTS.entrySet()) {
            Path f = root.resolve(e.getKey() + ".lua");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        socket = dir.resolve("lunatik.sock");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xms32m", "-Xmx1g", "-Xss16m",
                "-XX:+UseSerialGC"));
        String extra = System.getProperty("lunatik.daemon.opts", "");
        if (!extra.isBlank()) cmd.addAll(List.of(extra.trim().split("\\s+")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.lunatik.cli.Main", "daemon",
                dir.toString(), root.toString()));
        cmd.addAll(List.of(daemonOptions));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true);
        pb.redirectOutput(base.resolve("daemon.log").toFile());
        process = pb.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!answers()) { // the socket file exists a moment before the daemon listens on it
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IOException("the daemon did not start: " + Files.readString(base.resolve("daemon.log")));
            }
            Thread.sleep(20);
        }
    }

    private boolean answers() {
        try {
            DaemonClient.connect(socket).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** One request; fails unless it exits 0. */
    DaemonClient.Reply ok(String... args) throws IOException {
        DaemonClient.Reply r = DaemonClient.request(socket, args);
        if (r.status() != 0) {
            throw new IOException(String.join(" ", args) + ": status " + r.status() + ": " + r.errText());
        }
        return r;
    }

    /** One request, whatever its status. */
    DaemonClient.Reply request(String... args) throws IOException {
        return DaemonClient.request(socket, args);
    }

    /** A field of the daemon's {@code /proc/PID/status} (Threads, VmRSS in kB). */
    long proc(String field) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (l.startsWith(field + ":")) {
                return Long.parseLong(l.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    /** Waits until {@code list} shows {@code text}. */
    void awaitList(String text) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!request("list").outText().contains(text)) {
            if (System.currentTimeMillis() > deadline) throw new IOException("list never showed " + text);
            Thread.sleep(5);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            request("unload");
        } catch (IOException e) {
            // it may be gone already
        }
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
        }
        try (var walk = Files.walk(base)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
