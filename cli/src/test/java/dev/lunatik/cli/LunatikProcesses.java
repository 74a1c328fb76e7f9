package dev.lunatik.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the {@code lunatik} command's entry point ({@code dev.lunatik.cli.Main}) as processes of
 * their own, as {@code ./lunatik} does, against one runtime directory and script root: what the
 * end-to-end tests of the daemon are made of.
 */
final class LunatikProcesses {
    /** A finished command: exit status and what it wrote, as bytes and as text. */
    record Result(int status, byte[] outBytes, String err) {
        String out() {
            return new String(outBytes, StandardCharsets.UTF_8);
        }
    }

    private static final AtomicInteger SEQ = new AtomicInteger();

    final Path tmp;
    final Path dir;
    Path root;
    final Map<String, String> env = new HashMap<>();

    LunatikProcesses(Path tmp, Path root) {
        this.tmp = tmp;
        this.dir = tmp.resolve("run");
        this.root = root;
    }

    /** The java command line that runs Main with {@code args}. */
    List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "dev.lunatik.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * As {@link #command}, for a client the test will interrupt with SIGINT (Ctrl-C). A job that
     * a non-interactive shell starts in the background (a CI script run as {@code bash .ci/run &})
     * inherits SIGINT ignored, and a JVM started that way cannot handle it: the client would never
     * see the Ctrl-C. {@code env --default-signal=INT} (coreutils 8.31 and later) hands the client
     * the default disposition, as a user's terminal would.
     */
    List<String> interruptibleCommand(String... args) {
        List<String> cmd = new ArrayList<>();
        if (ENV_RESETS_SIGNALS) cmd.addAll(List.of("env", "--default-signal=INT"));
        cmd.addAll(command(args));
        return cmd;
    }

    private static final boolean ENV_RESETS_SIGNALS = envResetsSignals();

    private static boolean envResetsSignals() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private ProcessBuilder builder(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LUNATIK_RUNTIME_DIR", dir.toString());
        pb.environment().put("LUNATIK_ROOT", root.toString());
        pb.environment().putAll(env);
        return pb;
    }

    /** Starts Main with {@code args} in the background; its output goes to files under tmp. */
    Process start(String... args) throws IOException {
        return startCommand(command(args));
    }

    /** Starts {@code cmd} (a command line of ours, perhaps through bash) in the background. */
    Process startCommand(List<String> cmd) throws IOException {
        return startCommand(cmd, null);
    }

    /** The files a background process writes its output to: {@code [stdout, stderr]}. */
    final java.util.Map<Process, Path[]> outputs = new java.util.concurrent.ConcurrentHashMap<>();

    /** Starts {@code cmd} in the background reading {@code stdin} (null: nothing). */
    Process startCommand(List<String> cmd, String stdin) throws IOException {
        int n = SEQ.incrementAndGet();
        ProcessBuilder pb = builder(cmd);
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        } else {
            Path in = tmp.resolve("bg" + n + ".in");
            Files.writeString(in, stdin);
            pb.redirectInput(in.toFile());
        }
        Path out = tmp.resolve("bg" + n + ".out");
        Path err = tmp.resolve("bg" + n + ".err");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        outputs.put(p, new Path[] {out, err});
        return p;
    }

    Result run(String... args) throws Exception {
        return runCommand(command(args), null);
    }

    Result runWithInput(String stdin, String... args) throws Exception {
        return runCommand(command(args), stdin);
    }

    /** Runs {@code cmd} to its end (90 s at most) and collects its output. */
    Result runCommand(List<String> cmd, String stdin) throws Exception {
        int n = SEQ.incrementAndGet();
        ProcessBuilder pb = builder(cmd);
        Path in = tmp.resolve("in" + n);
        Files.writeString(in, stdin == null ? "" : stdin);
        pb.redirectInput(in.toFile());
        Path out = tmp.resolve("out" + n);
        Path err = tmp.resolve("err" + n);
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("%s finished", cmd.subList(Math.min(4, cmd.size()), cmd.size())).isTrue();
        return new Result(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
    }

    /** The processes serving this runtime directory. */
    List<ProcessHandle> daemons() {
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains(" daemon " + dir + " ")).orElse(false))
                .toList();
    }

    boolean daemonAlive() {
        return !daemons().isEmpty();
    }

    /** The daemon's pid as its lock file says. */
    long daemonPid() throws IOException {
        return Long.parseLong(Files.readString(dir.resolve(DaemonFiles.LOCK)).trim());
    }

    /** A line of the daemon process's {@code /proc/PID/status} ("Threads", "VmRSS"), as a number. */
    long procStatus(String field) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + daemonPid() + "/status"))) {
            if (l.startsWith(field + ":")) {
                return Long.parseLong(l.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("no " + field);
    }

    /** Waits up to 10 s for {@code condition}. */
    static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) return false;
            Thread.sleep(20);
        }
        return true;
    }

    /** Ends whatever daemon a test left, by unload, else by force. */
    void cleanUp() throws Exception {
        if (daemonAlive()) {
            run("unload");
        }
        for (ProcessHandle h : daemons()) {
            h.destroyForcibly();
        }
    }
}
