package dev.lunatik.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client side of the daemon ({@link Daemon}): starts it, sends it requests and copies the
 * replies, byte for byte, to our standard output and error.
 *
 * <p><b>Starting.</b> A client that finds no daemon starts one in a JVM of its own (the same
 * Java and class path; heap {@code --heap}, default {@link #DEFAULT_HEAP}; then the words of
 * {@code LUNATIK_OPTS}), in a session of its own (so that Ctrl-C in the terminal of the command
 * that started it, or closing that terminal, does not reach it), logging to {@code daemon.log}
 * beside the socket. Starters serialize on
 * {@code start.lock}, and the daemon itself holds {@code daemon.lock} for its life, so any number
 * of clients starting at once make one daemon. A start that fails prints what the daemon logged.
 * A socket left by a daemon that died is reported and replaced.
 *
 * <p><b>Waiting.</b> Quick commands ({@code status list stop unload dmesg}, {@code dev ls}) give
 * up after {@link #QUICK_TIMEOUT_SECONDS}; the others wait as long as their script runs (Ctrl-C
 * ends them, and the daemon then ends the request). {@code LUNATIK_TIMEOUT} (seconds, 0 for no
 * limit) sets the limit of every command. A client that gives up says so and exits with 124.
 */
final class KernelCommand {
    /** util-linux's setsid(1), which starts the daemon in a session of its own. */
    private static final String SETSID = "/usr/bin/setsid";

    /** The daemon's default heap. */
    static final String DEFAULT_HEAP = "1g";
    /** Seconds a quick command waits for its answer by default. */
    static final long QUICK_TIMEOUT_SECONDS = 10;
    /** Exit status when the client gave up waiting (as timeout(1)). */
    static final int TIMED_OUT = 124;

    private final Stdio io;
    private final Path dir;
    private final Path root;

    KernelCommand(Stdio io) {
        this.io = io;
        this.dir = DaemonFiles.runtimeDir(io.env());
        this.root = DaemonFiles.scriptRoot(io.env());
    }

    Path dir() {
        return dir;
    }

    Path root() {
        return root;
    }

    private Path socket() {
        return dir.resolve(DaemonFiles.SOCKET);
    }

    /** Whether a daemon accepts connections on the socket. */
    boolean loaded() {
        if (!Files.exists(socket())) return false;
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The pid a running daemon wrote into its lock file, or -1. */
    long daemonPid() {
        try {
            return Long.parseLong(Files.readString(dir.resolve(DaemonFiles.LOCK)).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Whether some process holds the daemon's lock (a daemon is alive, answering or not). */
    boolean daemonAlive() {
        Path lock = dir.resolve(DaemonFiles.LOCK);
        if (!Files.exists(lock)) return false;
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) return true;
            l.release();
            return false;
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            return true;
        }
    }

    /** Starts the daemon unless it runs; 0 when it answers. */
    int ensureLoaded(DaemonConfig cfg, String heap) throws IOException {
        if (loaded()) return 0;
        return start(cfg, heap);
    }

    /** The daemon's configuration from the environment, with the defaults. */
    DaemonConfig config() {
        return DaemonConfig.defaults(dir, root);
    }

    @SuppressWarnings("try") // the start lock is held for the whole block, never read
    private int start(DaemonConfig cfg, String heap) throws IOException {
        DaemonFiles.secureDir(dir);
        try (FileChannel ch = FileChannel.open(dir.resolve(DaemonFiles.START_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lockWithin(ch, 60_000)) {
            if (loaded()) return 0; // another client started it while we waited
            if (Files.exists(socket()) && !daemonAlive()) {
                io.err().println("lunatik: the previous daemon is gone (killed or crashed; see " + dir.resolve(DaemonFiles.LOG)
                        + "); starting a new one");
            }
            Path log = dir.resolve(DaemonFiles.LOG);
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new ArrayList<>();
            if (Files.isExecutable(Path.of(SETSID))) {
                cmd.add(SETSID); // a session of its own: the terminal's Ctrl-C and hang-up are not the daemon's
            }
            // the interpreter's flags (see the lunatik launcher): no clipping of C2's inlining in
            // the big methods compiled Lua functions are
            cmd.addAll(List.of(java, "-Xms32m", "-Xmx" + heap, "-Xss16m", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:-ClipInlining"));
            String opts = io.env().get("LUNATIK_OPTS");
            if (opts != null && !opts.isBlank()) cmd.addAll(List.of(opts.trim().split("\\s+")));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.lunatik.cli.Main", "daemon"));
            cmd.addAll(cfg.toArgs());
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                if (loaded()) return 0;
                if (!p.isAlive()) {
                    if (p.exitValue() == DaemonFiles.ALREADY_RUNNING && loaded()) return 0;
                    break;
                }
                sleep(20);
            }
            io.err().println("lunatik: the daemon did not start" + (p.isAlive() ? " within 30 s" : " (exit status " + p.exitValue() + ")")
                    + "; " + log + " says:");
            for (String line : tail(log, logStart, 20)) {
                io.err().println("  " + line);
            }
            if (p.isAlive()) p.destroy();
            return 1;
        }
    }

    private static FileLock lockWithin(FileChannel ch, long millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            FileLock l = ch.tryLock();
            if (l != null) return l;
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("another lunatik is still starting the daemon after " + millis / 1000 + " s");
            }
            sleep(20);
        }
    }

    /** The last {@code max} lines written to {@code log} from {@code from} on. */
    private static List<String> tail(Path log, long from, int max) throws IOException {
        if (!Files.exists(log)) return List.of("(nothing)");
        byte[] all = Files.readAllBytes(log);
        String s = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(s.split("\n")));
        lines.removeIf(String::isBlank);
        if (lines.isEmpty()) return List.of("(nothing)");
        return lines.subList(Math.max(0, lines.size() - max), lines.size());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code lunatik unload}: asks the daemon to end and makes sure it has. */
    int unload() throws IOException {
        if (!loaded()) {
            if (daemonAlive()) return killStuck();
            io.err().println("lunatik: not loaded");
            return 1;
        }
        int r = request(List.of(bytes("unload")), true);
        long deadline = System.currentTimeMillis() + DaemonFiles.UNLOAD_LIMIT_MILLIS + 2_000;
        while (daemonAlive() && System.currentTimeMillis() < deadline) {
            sleep(20);
        }
        if (daemonAlive()) return killStuck(); // the lock goes with the process: it has not exited
        return r == TIMED_OUT ? 0 : r;
    }

    /** A daemon holds its lock but does not answer: end it by force, as unload must. */
    private int killStuck() {
        long pid = daemonPid();
        io.err().println("lunatik: the daemon" + (pid > 0 ? " (pid " + pid + ")" : "") + " does not answer; killing it");
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.destroyForcibly();
                h.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> h).join();
            });
        }
        try {
            Files.deleteIfExists(socket());
        } catch (IOException e) {
            // the next start replaces it
        }
        return daemonAlive() ? 1 : 0;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** How long a command may wait for its answer, in milliseconds (0: no limit). */
    long timeoutMillis(boolean quick) {
        String t = io.env().get("LUNATIK_TIMEOUT");
        if (t != null && !t.isBlank()) {
            try {
                return Math.max(0, Math.round(Double.parseDouble(t.trim()) * 1000));
            } catch (NumberFormatException e) {
                io.err().println("lunatik: LUNATIK_TIMEOUT='" + t + "' is not a number of seconds; ignored");
            }
        }
        return quick ? QUICK_TIMEOUT_SECONDS * 1000 : 0;
    }

    /** Sends {@code args} with the client's options; see {@link #request(List, Map, long)}. */
    int request(List<byte[]> args, boolean quick) throws IOException {
        return request(args, Map.of(), timeoutMillis(quick));
    }

    /**
     * Sends {@code args} (the command first), copies the reply to our streams as it comes and
     * returns its exit status. {@code extra} options are sent beside the client's script root.
     */
    int request(List<byte[]> args, Map<String, byte[]> extra, long timeoutMillis) throws IOException {
        return request(args, extra, timeoutMillis, null);
    }

    /**
     * As {@link #request(List, Map, long)}, the reply's standard output going to {@code capture}
     * (when not null) rather than to ours: for a command that formats what the daemon answers.
     */
    int request(List<byte[]> args, Map<String, byte[]> extra, long timeoutMillis, java.io.ByteArrayOutputStream capture)
            throws IOException {
        Map<String, byte[]> options = new LinkedHashMap<>();
        options.put("root", bytes(root.toString()));
        options.putAll(extra);
        SocketChannel c;
        try {
            c = DaemonClient.connect(socket());
        } catch (IOException e) {
            io.err().println("lunatik: cannot reach the daemon at " + socket() + ": " + e.getMessage());
            return 1;
        }
        boolean[] timedOut = {false};
        current = c;
        cancelled = false;
        Thread watchdog = null;
        if (timeoutMillis > 0) {
            watchdog = new Thread(() -> {
                try {
                    Thread.sleep(timeoutMillis);
                    timedOut[0] = true;
                    c.close();
                } catch (InterruptedException | IOException e) {
                    // answered in time
                }
            }, "lunatik-timeout");
            watchdog.setDaemon(true);
            watchdog.start();
        }
        try (c) {
            return DaemonClient.exchange(c, options, args, new DaemonClient.Sink() {
                @Override
                public boolean out(byte[] b, int off, int len) {
                    if (capture != null) {
                        capture.write(b, off, len);
                        return true;
                    }
                    io.out().write(b, off, len);
                    io.out().flush();
                    return !io.out().checkError(); // our reader has gone (| head): stop, as SIGPIPE would
                }

                @Override
                public void err(byte[] b, int off, int len) {
                    io.out().flush();
                    io.err().write(b, off, len);
                    io.err().flush();
                }
            });
        } catch (Frames.Malformed m) {
            io.err().println("lunatik: " + m.getMessage());
            return 2;
        } catch (DaemonClient.NoAnswer e) {
            if (cancelled) return interrupted();
            if (timedOut[0]) return timedOut(timeoutMillis);
            io.err().println("lunatik: " + e.getMessage() + "; see " + dir.resolve(DaemonFiles.LOG));
            return 1;
        } catch (IOException e) {
            if (cancelled) return interrupted();
            if (timedOut[0]) return timedOut(timeoutMillis);
            io.err().println("lunatik: the connection to the daemon failed: " + e.getMessage());
            return 1;
        } finally {
            current = null;
            if (watchdog != null) watchdog.interrupt();
        }
    }

    private volatile SocketChannel current;
    private volatile boolean cancelled;

    /**
     * Drops the request in flight, if any (from another thread: the REPL's Ctrl-C); the daemon
     * sees its client go and ends what it was doing for it.
     */
    void cancel() {
        SocketChannel c = current;
        if (c != null) {
            cancelled = true;
            try {
                c.close();
            } catch (IOException e) {
                // closed either way
            }
        }
    }

    private int interrupted() {
        io.out().flush();
        io.err().println("interrupted!");
        return 130;
    }

    private int timedOut(long timeoutMillis) {
        io.out().flush();
        io.err().println("lunatik: no answer from the daemon within " + fmtSeconds(timeoutMillis)
                + " (LUNATIK_TIMEOUT); the request was abandoned");
        return TIMED_OUT;
    }

    private static String fmtSeconds(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s";
    }
}
