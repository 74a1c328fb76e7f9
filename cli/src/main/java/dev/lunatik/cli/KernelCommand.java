package dev.lunatik.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of the daemon ({@link Daemon}): {@code load}, {@code unload}, {@code reload},
 * {@code status}, {@code list}, {@code run}, {@code spawn}, {@code stop}, {@code dmesg [-f]},
 * {@code dev ...} and {@code eval}. Every command but {@code unload} and {@code status} starts the
 * daemon when it is not loaded, as the real tool loads its modules. The daemon runs in a JVM of
 * its own, started from the same Java and class path, logging to {@code daemon.log} beside its
 * socket.
 */
final class KernelCommand {
    private final Stdio io;
    private final Path dir;
    private final Path root;

    KernelCommand(Stdio io) {
        this.io = io;
        this.dir = Daemon.runtimeDir(io.env());
        this.root = Daemon.scriptRoot(io.env());
    }

    int run(String cmd, List<String> args) {
        try {
            switch (cmd) {
                case "load":
                    return loaded() ? 0 : start();
                case "unload":
                    return loaded() ? request(List.of("unload")) : notLoaded();
                case "reload": {
                    if (loaded()) {
                        int r = request(List.of("unload"));
                        if (r != 0) return r;
                        waitGone();
                    }
                    return start();
                }
                case "status":
                    if (!loaded()) {
                        for (String m : Daemon.MODULES) {
                            io.out().println(m + " is not loaded");
                        }
                        return 0;
                    }
                    return request(List.of("status"));
                default: {
                    if (!loaded()) {
                        int r = start();
                        if (r != 0) return r;
                    }
                    List<String> req = new ArrayList<>();
                    req.add(cmd);
                    req.addAll(args);
                    return request(req);
                }
            }
        } catch (java.nio.file.AccessDeniedException e) {
            io.err().println("lunatik: permission denied: " + e.getFile());
            return 1;
        } catch (IOException e) {
            io.err().println("lunatik: " + e.getMessage());
            return 1;
        }
    }

    private int notLoaded() {
        io.err().println("lunatik: not loaded");
        return 1;
    }

    private Path socket() {
        return dir.resolve(Daemon.SOCKET);
    }

    /** Whether a daemon answers on the socket. */
    boolean loaded() {
        if (!Files.exists(socket())) return false;
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void waitGone() throws IOException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (loaded() && System.currentTimeMillis() < deadline) {
            sleep(50);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the daemon and waits until it answers (20 s at most). */
    private int start() throws IOException {
        Daemon.secureDir(dir);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xss16m", "-cp", System.getProperty("java.class.path"),
                "dev.lunatik.cli.Main", "daemon", dir.toString(), root.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(Daemon.LOG).toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (loaded()) return 0;
            if (!p.isAlive()) break;
            sleep(50);
        }
        io.err().println("lunatik: the daemon did not start (see " + dir.resolve(Daemon.LOG) + ")");
        return 1;
    }

    /** Sends {@code args}, copies the reply to our streams, returns its exit status. */
    int request(List<String> args) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(c)));
            Frames.writeRequest(out, args);
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(c)));
            while (true) {
                int len;
                try {
                    len = in.readInt();
                } catch (EOFException e) {
                    io.err().println("lunatik: the daemon closed the connection");
                    return 1;
                }
                if (len < 1 || len > Frames.MAX_REPLY) throw new IOException("bad reply from the daemon");
                byte[] b = new byte[len];
                in.readFully(b);
                switch (b[0]) {
                    case 'O' -> {
                        io.out().print(new String(b, 1, len - 1, StandardCharsets.UTF_8));
                        io.out().flush();
                    }
                    case 'E' -> {
                        io.err().print(new String(b, 1, len - 1, StandardCharsets.UTF_8));
                        io.err().flush();
                    }
                    case 'X' -> {
                        return java.nio.ByteBuffer.wrap(b, 1, 4).getInt();
                    }
                    default -> throw new IOException("bad reply from the daemon");
                }
            }
        }
    }
}
