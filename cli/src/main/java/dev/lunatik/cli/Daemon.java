package dev.lunatik.cli;

import dev.lunatik.kernel.CharDevices;
import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelLog;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.kernel.libs.Lunatik;
import dev.lunatik.kernel.libs.Runner;
import dev.lunatik.kernel.libs.XdpLib;
import dev.lunatik.kernel.net.NetDevice;
import dev.lunatik.kernel.net.NetStack;
import dev.lunatik.kernel.net.Netfilter;
import dev.lunatik.kernel.npf.NpfLua;
import dev.lunatik.kernel.net.Packet;
import dev.lunatik.kernel.net.Replay;
import dev.lunatik.kernel.net.TcpRelay;
import dev.lunatik.kernel.net.UdpRelay;
import dev.lunatik.kernel.net.Xtables;
import dev.lunatik.kernel.net.pcap.Capture;
import dev.lunatik.kernel.net.pcap.LinkType;
import dev.lunatik.kernel.net.pcap.PcapWriter;
import dev.lunatik.kernel.ulp.UlpProxy;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated kernel as a daemon ({@code lunatik load}): one {@link Kernel} with its runtimes,
 * threads and devices, serving the {@code lunatik} client commands over a Unix domain socket in a
 * per-user directory (0700; the socket 0600), reachable only by its owner.
 *
 * <p><b>Never waiting on a script.</b> Connections are served by one I/O thread
 * ({@link DaemonServer}) that runs no command. Commands run on request threads: quick ones
 * ({@code status list stop unload dmesg}, {@code dev ls}) on a pool of their own, so they answer
 * however many scripts are busy; the others ({@code run spawn eval}, device I/O, {@code dmesg -f})
 * on a pool of at most {@code maxRequests} threads, beyond which a request is told the daemon is
 * busy. No lock is shared between commands: scripts are kept by the {@link Runner} in lock-free
 * rcu tables, REPL chunks run in the {@link Driver} state. A client that goes away ends its
 * request: a chunk is aborted, a script still starting is stopped, a device read or log stream
 * ends. {@code stop} is bounded (a script is aborted after the stop grace) and {@code unload}
 * always ends the process and removes the socket.
 *
 * <p><b>One daemon per directory.</b> The daemon holds {@code daemon.lock} (an {@code fcntl}
 * lock, released by the system when the process dies, however it dies) for its whole life and
 * refuses to start when another process holds it; a socket left behind by a killed daemon is
 * replaced. Clients that start a daemon serialize on {@code start.lock} (see
 * {@link KernelCommand}).
 */
final class Daemon {
    private final DaemonConfig cfg;
    private final Kernel kernel;
    private final Runner runner;
    private final Driver driver;
    private final ThreadPoolExecutor control;
    private final ThreadPoolExecutor work;
    private DaemonServer server;
    private volatile boolean unloading;

    private Daemon(DaemonConfig cfg) {
        this.cfg = cfg;
        this.kernel = Lunatik.boot(cfg.root()).setRuntimeMemoryLimit(cfg.runtimeMemory()).setStopGrace(cfg.stopGraceMillis())
                .setRuntimeStackLimit(cfg.stackSlots());
        this.runner = new Runner(kernel);
        this.driver = new Driver(kernel);
        this.control = pool("lunatik-control", 32);
        this.work = pool("lunatik-request", cfg.maxRequests());
    }

    private static ThreadPoolExecutor pool(String name, int max) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(0, max, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * {@code lunatik daemon DIR ROOT ...}: serves until {@code unload}. Returns
     * {@link DaemonFiles#ALREADY_RUNNING} when another daemon holds the directory's lock.
     */
    static int serve(DaemonConfig cfg, PrintStream err) throws IOException {
        DaemonFiles.secureDir(cfg.dir());
        FileChannel lockFile = FileChannel.open(cfg.dir().resolve(DaemonFiles.LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        FileLock lock = lockFile.tryLock();
        if (lock == null) {
            String pid = new String(Files.readAllBytes(cfg.dir().resolve(DaemonFiles.LOCK)), StandardCharsets.US_ASCII).trim();
            err.println("lunatik: a daemon is already running in " + cfg.dir() + (pid.isEmpty() ? "" : " (pid " + pid + ")"));
            return DaemonFiles.ALREADY_RUNNING;
        }
        lockFile.truncate(0);
        lockFile.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        Files.createDirectories(cfg.root());
        Daemon d = new Daemon(cfg);
        d.listen();
        return 0;
    }

    private void listen() throws IOException {
        Path sock = cfg.dir().resolve(DaemonFiles.SOCKET);
        Files.deleteIfExists(sock); // we hold the lock: whatever is there was left by a dead daemon
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(sock), 4096);
        Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-------"));
        server = new DaemonServer(ch, new DaemonServer.Limits(cfg.maxConnections(), cfg.requestTimeoutMillis()), this::dispatch,
                this::logLine);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> removeSocket(sock))); // SIGTERM
        detachFromTerminal();
        kernel.log().write("lunatik: loaded (script root " + cfg.root() + ", pid " + ProcessHandle.current().pid() + ")");
        logLine("lunatik: daemon " + ProcessHandle.current().pid() + " serving " + sock + " (script root " + cfg.root()
                + ", runtime memory " + cfg.runtimeMemory() + " bytes, at most " + cfg.maxConnections() + " connections and "
                + cfg.maxRequests() + " requests)");
        server.run();
        server.close();
    }

    /**
     * Ignores SIGINT and SIGHUP: the daemon outlives the terminal and the Ctrl-C of the command
     * that started it (which also starts it in a session of its own where it can); {@code unload}
     * or SIGTERM end it.
     */
    private static void detachFromTerminal() {
        Signals.ignore("INT"); // where there are no signals, nothing to ignore
        Signals.ignore("HUP");
    }

    private void removeSocket(Path sock) {
        try {
            Files.deleteIfExists(sock);
        } catch (IOException e) {
            // exiting anyway
        }
    }

    /** A line in the daemon's own log ({@code daemon.log}, its standard output). */
    private void logLine(String s) {
        System.out.println(java.time.LocalDateTime.now().withNano(0) + " " + s);
        System.out.flush();
    }

    // ---- dispatching ----------------------------------------------------------------------

    /** Commands that never wait on a script, served by their own pool. */
    private static boolean quick(Frames.Request req) {
        String cmd = req.arg(0);
        return switch (cmd) {
            case "ping", "status", "list", "stop", "unload" -> true;
            case "dmesg" -> req.args().size() < 2 || !req.arg(1).equals("-f");
            case "dev" -> req.args().size() < 2 || req.arg(1).equals("ls");
            case "net" -> req.args().size() < 2 || req.arg(1).equals("dev");
            case "xdp", "iptables" -> true;
            case "ulp" -> req.args().size() < 2 || !req.arg(1).equals("proxy");
            default -> false;
        };
    }

    private void dispatch(Frames.Request req, Reply reply) {
        if (req.args().isEmpty()) {
            fail(reply, "lunatik: empty request\n", 2);
            return;
        }
        if (unloading) {
            fail(reply, "lunatik: the daemon is unloading\n", 1);
            return;
        }
        ThreadPoolExecutor pool = quick(req) ? control : work;
        try {
            pool.execute(() -> command(req, reply));
        } catch (RejectedExecutionException e) {
            fail(reply, "lunatik: the daemon is busy (" + pool.getActiveCount() + " requests running, the limit); try again\n", 75);
        }
    }

    private static void fail(Reply reply, String message, int status) {
        try {
            reply.err(message);
        } catch (Reply.ClientGone gone) {
            // nobody to tell
        }
        reply.exit(status);
    }

    private void command(Frames.Request req, Reply reply) {
        int status = 1;
        try {
            status = execute(req, reply);
        } catch (Reply.ClientGone gone) {
            status = 1;
        } catch (LuaError e) {
            fail(reply, "lunatik: " + req.arg(0) + (req.args().size() > 1 ? " " + req.arg(1) : "") + ": " + message(e) + "\n", 1);
        } catch (CharDevices.DeviceException e) {
            fail(reply, "lunatik: " + e.getMessage() + "\n", 1);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            logLine("lunatik: internal error in '" + req.arg(0) + "': " + e);
            fail(reply, "lunatik: internal error (a bug in Lunatik): " + e + "\n", 70);
        } finally {
            Thread.interrupted(); // a pool thread starts its next request clean
            reply.exit(status);
        }
    }

    private static String message(LuaError e) {
        String m = e.value() instanceof LuaString s ? s.toUtf8() : e.getMessage();
        return m.endsWith("\n") ? m.substring(0, m.length() - 1) : m;
    }

    private int execute(Frames.Request req, Reply reply) throws Reply.ClientGone {
        List<byte[]> a = req.args();
        String cmd = req.arg(0);
        switch (cmd) {
            case "ping":
                reply.out("pong\n");
                return 0;
            case "status":
                reply.out(status());
                return 0;
            case "list": {
                List<String> names = new ArrayList<>();
                for (Runner.Entry e : runner.list()) {
                    names.add(e.toString());
                }
                reply.out(names.isEmpty() ? "" : String.join(", ", names) + "\n");
                return 0;
            }
            case "run":
            case "spawn":
            case "stop": {
                if (a.size() < 2 || (a.size() > 2 && !cmd.equals("run")) || a.size() > 3) {
                    reply.err("usage: lunatik " + cmd + " <script>" + (cmd.equals("run") ? " [false]" : "") + "\n");
                    return 2;
                }
                String script = req.arg(1);
                if (cmd.equals("stop")) {
                    if (!runner.stop(script)) {
                        reply.err("lunatik: stop: " + Runner.trim(script) + " is not running\n");
                        return 1;
                    }
                    return 0;
                }
                rootNote(req, reply);
                reply.onHangup(() -> runner.cancelStarting(script));
                if (cmd.equals("run")) {
                    runner.run(script, !(a.size() > 2 && req.arg(2).equals("false")));
                } else {
                    runner.spawn(script);
                }
                return 0;
            }
            case "eval":
                return driver.eval(a.size() > 1 ? a.get(1) : new byte[0], req.option("repl", "").equals("1"), reply);
            case "dmesg":
                return dmesg(a.size() > 1 && req.arg(1).equals("-f"), reply);
            case "dev":
                return dev(req, reply);
            case "net":
                return net(req, reply);
            case "xdp":
                return xdp(req, reply);
            case "npf":
                return npf(req, reply);
            case "iptables":
                return iptables(req, reply);
            case "ulp":
                return ulp(req, reply);
            case "unload":
                unload(reply);
                return 0;
            default:
                reply.err("lunatik: unknown command '" + cmd + "'\n");
                return 2;
        }
    }

    /** Tells a client whose LUNATIK_ROOT differs from the daemon's that it does not count yet. */
    private void rootNote(Frames.Request req, Reply reply) throws Reply.ClientGone {
        String theirs = req.option("root", null);
        if (theirs != null && !Path.of(theirs).equals(cfg.root())) {
            reply.err("lunatik: note: the daemon's script root is " + cfg.root() + ", not " + theirs
                    + " (LUNATIK_ROOT is read when the daemon starts: 'lunatik reload' to change it)\n");
        }
    }

    private String status() {
        StringBuilder sb = new StringBuilder();
        for (String m : DaemonFiles.MODULES) {
            sb.append(m).append(" is loaded\n");
        }
        return sb.toString();
    }

    private int dmesg(boolean follow, Reply reply) throws Reply.ClientGone {
        KernelLog.Follow all;
        try {
            all = kernel.log().follow(0, 0); // no wait: what the ring holds now
        } catch (InterruptedException e) {
            throw new Reply.ClientGone();
        }
        long seq = all.next();
        reply.out(lines(all.lines()));
        while (follow && !unloading && !reply.isGone()) {
            KernelLog.Follow more;
            try {
                more = kernel.log().follow(seq, 500);
            } catch (InterruptedException e) {
                break;
            }
            seq = more.next();
            reply.out(lines(more.lines()));
        }
        return 0;
    }

    private static byte[] lines(List<byte[]> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] l : lines) {
            out.write(l, 0, l.length);
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static final String DEV_USAGE = "usage: lunatik dev ls | read NAME [N] | cat NAME | write NAME DATA\n";

    private int dev(Frames.Request req, Reply reply) throws Reply.ClientGone {
        List<byte[]> a = req.args();
        String sub = a.size() < 2 ? "ls" : req.arg(1);
        CharDevices devs = kernel.devices();
        switch (sub) {
            case "ls": {
                StringBuilder sb = new StringBuilder();
                for (CharDevices.Device d : devs.list()) {
                    sb.append(String.format("%s\t%04o%n", d.path(), d.mode()));
                }
                reply.out(sb.toString());
                return 0;
            }
            case "read":
            case "cat": {
                if (a.size() < 3 || a.size() > (sub.equals("read") ? 4 : 3)) {
                    break;
                }
                long want = Long.MAX_VALUE;
                if (a.size() == 4) {
                    try {
                        want = Long.parseLong(req.arg(3));
                    } catch (NumberFormatException e) {
                        want = -1;
                    }
                    if (want < 0) {
                        reply.err("lunatik: dev read: '" + req.arg(3) + "' is not a byte count (a whole number, 0 or more)\n");
                        return 2;
                    }
                }
                Thread self = Thread.currentThread();
                reply.onHangup(self::interrupt); // a driver asleep in its read
                try (CharDevices.OpenFile f = devs.open(req.arg(2))) {
                    long got = 0;
                    while (got < want && !reply.isGone()) {
                        byte[] b = f.read((int) Math.min(4096, want - got));
                        if (b == null || b.length == 0) {
                            break;
                        }
                        got += b.length;
                        reply.out(b);
                    }
                } finally {
                    reply.onHangup(null);
                }
                return 0;
            }
            case "write": {
                if (a.size() != 4) {
                    break;
                }
                byte[] data = java.util.Arrays.copyOf(a.get(3), a.get(3).length + 1);
                data[data.length - 1] = '\n'; // as echo DATA > /dev/NAME
                try (CharDevices.OpenFile f = devs.open(req.arg(2))) {
                    int off = 0;
                    while (off < data.length) {
                        int n = f.write(java.util.Arrays.copyOfRange(data, off, data.length));
                        if (n <= 0) {
                            reply.err("lunatik: dev write: /dev/" + req.arg(2) + " took " + off + " of " + data.length + " bytes\n");
                            return 1;
                        }
                        off += n;
                    }
                }
                return 0;
            }
            default:
                break;
        }
        reply.err(DEV_USAGE);
        return 2;
    }

    // ---- net --------------------------------------------------------------------------------

    private static final String NET_USAGE = "usage: lunatik net dev [ls | add NAME [ADDR/PREFIX] | del NAME]"
            + " | replay (--hook HOOK | --dev DEV) IN [OUT]\n";

    private int net(Frames.Request req, Reply reply) throws Reply.ClientGone {
        List<byte[]> a = req.args();
        String sub = a.size() < 2 ? "dev" : req.arg(1);
        NetStack net = kernel.net();
        if (sub.equals("dev")) {
            String op = a.size() < 3 ? "ls" : req.arg(2);
            switch (op) {
                case "ls": {
                    StringBuilder sb = new StringBuilder();
                    for (NetDevice d : net.devices().all()) {
                        sb.append(d.ifindex()).append(": ").append(d.name()).append(d.isLoopback() ? "\tloopback" : "\tether " + d.macString());
                        for (NetDevice.Ipv4 ip : d.addresses()) {
                            sb.append("\tinet ").append(ip);
                        }
                        if (d.xdp() != null) {
                            sb.append("\txdp");
                        }
                        sb.append('\n');
                    }
                    reply.out(sb.toString());
                    return 0;
                }
                case "add": {
                    if (a.size() < 4 || a.size() > 5) {
                        break;
                    }
                    try {
                        NetDevice d = net.devices().add(req.arg(3));
                        if (a.size() == 5) {
                            String[] ap = req.arg(4).split("/", 2);
                            d.addAddress(Packet.parseIpv4(ap[0]), ap.length > 1 ? Integer.parseInt(ap[1]) : 24);
                        }
                    } catch (IllegalArgumentException e) {
                        reply.err("lunatik: net dev add: " + e.getMessage() + "\n");
                        return 2;
                    }
                    return 0;
                }
                case "del": {
                    if (a.size() != 4) {
                        break;
                    }
                    if (!net.devices().remove(req.arg(3))) {
                        reply.err("lunatik: net dev del: no interface '" + req.arg(3) + "'" + (req.arg(3).equals("lo") ? " to remove (lo stays)" : "") + "\n");
                        return 1;
                    }
                    return 0;
                }
                default:
                    break;
            }
            reply.err(NET_USAGE);
            return 2;
        }
        if (sub.equals("relay")) {
            return relay(req, reply);
        }
        if (sub.equals("bench") && a.size() == 6) {
            Capture capture = capture("bench", req.arg(4), reply);
            if (capture == null) {
                return 1;
            }
            double seconds;
            try {
                seconds = Double.parseDouble(req.arg(5));
                if (!(seconds > 0 && seconds <= 600)) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                reply.err("lunatik: net bench: '" + req.arg(5) + "' is not a number of seconds (0 < N <= 600)\n");
                return 2;
            }
            Point at = point("bench", req.arg(2), req.arg(3), reply);
            if (at == null) {
                return 2;
            }
            try {
                reply.out(Replay.bench(net, at.hooknum(), at.dev(), capture, seconds).text() + "\n");
                return 0;
            } catch (IllegalArgumentException e) {
                reply.err("lunatik: net bench: " + e.getMessage() + "\n");
                return 1;
            }
        }
        if (sub.equals("replay") && (a.size() == 5 || a.size() == 6)) {
            Path outFile = a.size() == 6 ? Path.of(req.arg(5)) : null;
            Capture capture = capture("replay", req.arg(4), reply);
            if (capture == null) {
                return 1;
            }
            Point at = point("replay", req.arg(2), req.arg(3), reply);
            if (at == null) {
                return 2;
            }
            NetDevice dev = at.dev();
            try (PcapWriter w = outFile == null ? null
                    : PcapWriter.create(outFile, dev != null ? LinkType.ETHERNET : capture.linkType())) {
                Replay.Summary s = dev != null ? Replay.onDevice(net, dev, capture, w) : Replay.atHook(net, at.hooknum(), capture, w);
                reply.out(s.text() + (outFile == null ? "" : "; " + s.written() + " written to " + outFile) + "\n");
                return 0;
            } catch (IOException e) {
                reply.err("lunatik: net replay: " + (outFile == null ? "" : outFile + ": ") + e.getMessage() + "\n");
                return 1;
            }
        }
        reply.err(NET_USAGE);
        return 2;
    }

    /** Where replayed packets go in: an inet hook point, or a device (the other is -1 / null). */
    private record Point(int hooknum, NetDevice dev) {}

    /** {@code --hook HOOK} or {@code --dev DEV} of net replay/bench; null after saying what is wrong. */
    private Point point(String cmd, String how, String where, Reply reply) throws Reply.ClientGone {
        if (how.equals("--hook")) {
            int hooknum = Netfilter.inetHook(where);
            if (hooknum < 0) {
                reply.err("lunatik: net " + cmd + ": unknown hook '" + where + "' (PRE_ROUTING, LOCAL_IN, FORWARD, LOCAL_OUT or POST_ROUTING)\n");
                return null;
            }
            return new Point(hooknum, null);
        }
        if (how.equals("--dev")) {
            NetDevice dev = kernel.net().devices().get(where);
            if (dev == null) {
                reply.err("lunatik: net " + cmd + ": no interface '" + where + "' (see lunatik net dev)\n");
                return null;
            }
            return new Point(-1, dev);
        }
        reply.err(NET_USAGE);
        return null;
    }

    /** The capture in {@code file}; null after saying why it cannot be read. */
    private static Capture capture(String cmd, String file, Reply reply) throws Reply.ClientGone {
        try {
            return Capture.read(Path.of(file));
        } catch (IOException e) {
            reply.err("lunatik: net " + cmd + ": " + file + ": " + e.getMessage() + "\n");
            return null;
        }
    }

    /** A relay the daemon runs, by "kind addr:port" of where it listens. */
    private record Relay(String kind, AutoCloseable relay, java.net.InetSocketAddress target) {}

    private final Map<String, Relay> relays = new java.util.concurrent.ConcurrentHashMap<>();

    private static void closeQuietly(Relay r) {
        try {
            r.relay().close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    /** An IPv4 socket address from {@code HOST:PORT}; IllegalArgumentException in words otherwise. */
    private static java.net.InetSocketAddress ipv4Address(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + s + "' is not ADDRESS:PORT");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
            if (port < 0 || port > 65535) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s.substring(colon + 1) + "' is not a port (0-65535)");
        }
        String host = s.substring(0, colon);
        try {
            java.net.InetAddress a = java.net.InetAddress.getByName(host);
            if (!(a instanceof java.net.Inet4Address)) {
                throw new IllegalArgumentException("'" + host + "' is not an IPv4 address (the simulated stack carries IPv4)");
            }
            return new java.net.InetSocketAddress(a, port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + host + "'");
        }
    }

    /** {@code net relay udp LISTEN TARGET}, {@code net relay stop LISTEN}, {@code net relay ls}. */
    private int relay(Frames.Request req, Reply reply) throws Reply.ClientGone {
        List<byte[]> a = req.args();
        String op = a.size() < 3 ? "ls" : req.arg(2);
        try {
            if (op.equals("ls") && a.size() <= 3) {
                StringBuilder sb = new StringBuilder();
                relays.forEach((k, r) -> sb.append(k).append(" -> ").append(r.target().getAddress().getHostAddress())
                        .append(':').append(r.target().getPort()).append('\n'));
                reply.out(sb.toString());
                return 0;
            }
            if ((op.equals("udp") || op.equals("tcp")) && a.size() == 5) {
                java.net.InetSocketAddress listen = ipv4Address(req.arg(3));
                java.net.InetSocketAddress target = ipv4Address(req.arg(4));
                AutoCloseable r;
                java.net.InetSocketAddress bound;
                try {
                    if (op.equals("udp")) {
                        UdpRelay u = new UdpRelay(kernel.net(), listen, target, kernel.log()::write);
                        r = u;
                        bound = u.listen();
                    } else {
                        TcpRelay tcp = new TcpRelay(kernel.net(), listen, target, kernel.log()::write);
                        r = tcp;
                        bound = tcp.listen();
                    }
                } catch (IOException e) {
                    reply.err("lunatik: net relay: cannot listen on " + req.arg(3) + ": " + e.getMessage() + "\n");
                    return 1;
                }
                String key = op + " " + bound.getAddress().getHostAddress() + ":" + bound.getPort();
                Relay old = relays.put(key, new Relay(op, r, target));
                if (old != null) {
                    closeQuietly(old);
                }
                reply.out("relay " + key + " -> " + target.getAddress().getHostAddress() + ":" + target.getPort() + "\n");
                return 0;
            }
            if (op.equals("stop") && a.size() == 4) {
                java.net.InetSocketAddress listen = ipv4Address(req.arg(3));
                String where = listen.getAddress().getHostAddress() + ":" + listen.getPort();
                Relay u = relays.remove("udp " + where);
                Relay t = relays.remove("tcp " + where);
                if (u == null && t == null) {
                    reply.err("lunatik: net relay stop: no relay on " + req.arg(3) + "\n");
                    return 1;
                }
                if (u != null) closeQuietly(u);
                if (t != null) closeQuietly(t);
                return 0;
            }
        } catch (IllegalArgumentException e) {
            reply.err("lunatik: net relay: " + e.getMessage() + "\n");
            return 2;
        }
        reply.err("usage: lunatik net relay udp|tcp LISTEN_ADDR:PORT TARGET_ADDR:PORT | stop LISTEN_ADDR:PORT | ls\n");
        return 2;
    }

    /** A ULP proxy the daemon runs, with the script it was started with. */
    private record Proxy(UlpProxy proxy, String script) {}

    private final Map<String, Proxy> proxies = new java.util.concurrent.ConcurrentHashMap<>();

    private static final String ULP_USAGE = "usage: lunatik ulp proxy LISTEN_ADDR:PORT TARGET_ADDR:PORT SCRIPT ENTRY | stop LISTEN_ADDR:PORT | ls\n";

    /**
     * {@code ulp proxy LISTEN TARGET SCRIPT ENTRY}: a {@link UlpProxy} with SCRIPT read from the
     * script root as {@code run} reads it; {@code ulp stop LISTEN}; {@code ulp ls}.
     */
    private int ulp(Frames.Request req, Reply reply) throws Reply.ClientGone {
        List<byte[]> a = req.args();
        String op = a.size() < 2 ? "ls" : req.arg(1);
        try {
            if (op.equals("ls") && a.size() <= 2) {
                StringBuilder sb = new StringBuilder();
                proxies.forEach((k, p) -> sb.append(k).append(" -> ").append(p.proxy().target().getAddress().getHostAddress())
                        .append(':').append(p.proxy().target().getPort()).append(' ').append(p.script()).append(" (entry '")
                        .append(p.proxy().entry()).append("', ").append(p.proxy().connections()).append(" connections, ")
                        .append(p.proxy().trashed()).append(" trashed)\n"));
                reply.out(sb.toString());
                return 0;
            }
            if (op.equals("proxy") && a.size() == 6) {
                java.net.InetSocketAddress listen = ipv4Address(req.arg(2));
                java.net.InetSocketAddress target = ipv4Address(req.arg(3));
                String script = Runner.trim(req.arg(4));
                String entry = req.arg(5);
                rootNote(req, reply);
                byte[] source = LuaState.fileText(KernelRuntime.readScript(kernel, script)); // a LuaError says why not
                UlpProxy p;
                try {
                    p = new UlpProxy(kernel, listen, target, source, "@" + KernelRuntime.scriptFile(kernel, script), entry);
                } catch (IllegalArgumentException e) {
                    reply.err("lunatik: ulp proxy: " + e.getMessage() + "\n");
                    return 1;
                } catch (IOException e) {
                    reply.err("lunatik: ulp proxy: cannot listen on " + req.arg(2) + ": " + e.getMessage() + "\n");
                    return 1;
                }
                String key = p.listen().getAddress().getHostAddress() + ":" + p.listen().getPort();
                Proxy old = proxies.put(key, new Proxy(p, script));
                if (old != null) {
                    old.proxy().close();
                }
                reply.out("ulp proxy " + key + " -> " + target.getAddress().getHostAddress() + ":" + target.getPort() + " " + script
                        + " (entry '" + entry + "')\n");
                return 0;
            }
            if (op.equals("stop") && a.size() == 3) {
                java.net.InetSocketAddress listen = ipv4Address(req.arg(2));
                Proxy p = proxies.remove(listen.getAddress().getHostAddress() + ":" + listen.getPort());
                if (p == null) {
                    reply.err("lunatik: ulp stop: no ulp proxy on " + req.arg(2) + "\n");
                    return 1;
                }
                p.proxy().close();
                return 0;
            }
        } catch (IllegalArgumentException e) {
            reply.err("lunatik: ulp: " + e.getMessage() + "\n");
            return 2;
        }
        reply.err(ULP_USAGE);
        return 2;
    }

    /** {@code iptables TABLE -A|-I|-D CHAIN PROTO MATCH TARGET MATCHARGS TARGETARGS}, {@code TABLE -L}, {@code TABLE -F [CHAIN]}. */
    private int iptables(Frames.Request req, Reply reply) throws Reply.ClientGone {
        List<byte[]> a = req.args();
        if (a.size() < 3) {
            reply.err("lunatik: iptables: malformed request\n");
            return 2;
        }
        String table = req.arg(1);
        String op = req.arg(2);
        Xtables xt = kernel.net().xtables();
        try {
            switch (op) {
                case "-R": { // the rules for the client to format: "P CHAIN", "R CHAIN PROTO MATCH|- TARGET MARGS TARGS"
                    StringBuilder sb = new StringBuilder();
                    List<String> chains = Xtables.chainsOf(table);
                    for (String c : chains) {
                        sb.append("P ").append(c).append('\n');
                    }
                    for (String c : chains) {
                        for (Xtables.Rule r : xt.rules(table, c)) {
                            sb.append("R ").append(c).append(' ').append(r.proto()).append(' ')
                                    .append(r.match() == null ? "-" : r.match()).append(' ').append(r.target()).append(' ')
                                    .append(hexArgs(r.matchArgs())).append(' ').append(hexArgs(r.targetArgs())).append('\n');
                        }
                    }
                    reply.out(sb.toString());
                    return 0;
                }
                case "-F":
                    xt.flush(table, a.size() > 3 && !req.arg(3).isEmpty() ? req.arg(3) : null);
                    return 0;
                case "-A":
                case "-I":
                case "-D": {
                    if (a.size() != 9) break;
                    String match = req.arg(5);
                    Xtables.Rule rule = new Xtables.Rule(Integer.parseInt(req.arg(4)), match.isEmpty() ? null : match,
                            a.get(7), req.arg(6), a.get(8));
                    if (op.equals("-D")) {
                        if (!xt.delete(table, req.arg(3), rule)) {
                            reply.err("iptables: Bad rule (does a matching rule exist in that chain?).\n");
                            return 1;
                        }
                    } else {
                        xt.add(table, req.arg(3), rule, op.equals("-I"));
                    }
                    return 0;
                }
                default:
                    break;
            }
        } catch (IllegalArgumentException e) {
            reply.err("iptables: " + e.getMessage() + "\n");
            return e.getMessage().contains("rejected the rule") ? 1 : 2;
        }
        reply.err("lunatik: iptables: malformed request\n");
        return 2;
    }

    /** Rule arguments in hex without their trailing zero bytes, "-" when none are left. */
    private static String hexArgs(byte[] args) {
        int n = args == null ? 0 : args.length;
        while (n > 0 && args[n - 1] == 0) n--;
        return n == 0 ? "-" : java.util.HexFormat.of().formatHex(args, 0, n);
    }

    private static final String XDP_USAGE = "usage: lunatik xdp attach DEV RUNTIME [PORT] | detach DEV\n";

    /** {@code xdp attach DEV RUNTIME [PORT]}: the https.c program on DEV, calling RUNTIME's callback; {@code xdp detach DEV}. */
    private int xdp(Frames.Request req, Reply reply) throws Reply.ClientGone {
        List<byte[]> a = req.args();
        String sub = a.size() < 2 ? "" : req.arg(1);
        if (sub.equals("attach") && (a.size() == 4 || a.size() == 5)) {
            NetDevice dev = kernel.net().devices().get(req.arg(2));
            if (dev == null) {
                reply.err("lunatik: xdp attach: no interface '" + req.arg(2) + "' (see lunatik net dev)\n");
                return 2;
            }
            int port = 443;
            if (a.size() == 5) {
                try {
                    port = Integer.parseInt(req.arg(4));
                    if (port < 1 || port > 65535) throw new NumberFormatException();
                } catch (NumberFormatException e) {
                    reply.err("lunatik: xdp attach: '" + req.arg(4) + "' is not a TCP port (1-65535)\n");
                    return 2;
                }
            }
            String runtime = Runner.trim(req.arg(3));
            dev.setXdp(XdpLib.httpsFilter(kernel, runtime, port));
            reply.out("xdp: " + dev.name() + ": IPv4/TCP to port " + port + " with PSH set goes to " + runtime + "\n");
            return 0;
        }
        if (sub.equals("detach") && a.size() == 3) {
            NetDevice dev = kernel.net().devices().get(req.arg(2));
            if (dev == null || dev.xdp() == null) {
                reply.err("lunatik: xdp detach: " + (dev == null ? "no interface '" + req.arg(2) + "'" : "no XDP program on " + dev.name()) + "\n");
                return 1;
            }
            dev.setXdp(null);
            return 0;
        }
        reply.err(XDP_USAGE);
        return 2;
    }

    // ---- npf ------------------------------------------------------------------------------

    /** The NPFLua rules, by script name. */
    private final Map<String, NpfLua> npfRules = new java.util.concurrent.ConcurrentHashMap<>();

    private static final String NPF_USAGE = "usage: lunatik npf attach NAME (--hook HOOK | --dev DEV) | detach NAME | ls\n";

    /** {@code npf attach NAME hook|dev WHERE}, {@code npf detach NAME}, {@code npf ls}. */
    private int npf(Frames.Request req, Reply reply) throws Reply.ClientGone {
        List<byte[]> a = req.args();
        String sub = a.size() < 2 ? "" : req.arg(1);
        if (sub.equals("ls") && a.size() == 2) {
            StringBuilder sb = new StringBuilder();
            npfRules.forEach((k, r) -> sb.append(k).append('\t').append(r.where()).append('\n'));
            reply.out(sb.toString());
            return 0;
        }
        if (sub.equals("detach") && a.size() == 3) {
            NpfLua r = npfRules.remove(Runner.trim(req.arg(2)));
            if (r == null) {
                reply.err("lunatik: npf detach: " + Runner.trim(req.arg(2)) + " is not attached\n");
                return 1;
            }
            r.detach();
            return 0;
        }
        if (!sub.equals("attach") || a.size() != 5) {
            reply.err(NPF_USAGE);
            return 2;
        }
        String name = Runner.trim(req.arg(2));
        String kind = req.arg(3);
        String where = req.arg(4);
        if (npfRules.containsKey(name)) {
            reply.err("lunatik: npf attach: " + name + " is already attached (at " + npfRules.get(name).where() + ")\n");
            return 1;
        }
        rootNote(req, reply);
        NpfLua r;
        if (kind.equals("dev")) {
            NetDevice dev = kernel.net().devices().get(where);
            if (dev == null) {
                reply.err("lunatik: npf attach: no interface '" + where + "' (see lunatik net dev)\n");
                return 2;
            }
            r = NpfLua.onDevice(kernel, runner, name, dev);
        } else {
            int hook = Netfilter.inetHook(where.toUpperCase(java.util.Locale.ROOT));
            if (hook < 0) {
                reply.err("lunatik: npf attach: no hook point '" + where + "' (PRE_ROUTING, LOCAL_IN, FORWARD, LOCAL_OUT, POST_ROUTING)\n");
                return 2;
            }
            r = NpfLua.atHook(kernel, runner, name, hook);
        }
        if (npfRules.putIfAbsent(name, r) != null) {
            r.detach();
            reply.err("lunatik: npf attach: " + name + " is already attached\n");
            return 1;
        }
        reply.out("npf: " + name + ": filter(hdr, pld) on IPv4 packets " + (kind.equals("dev") ? "on " : "at ") + r.where() + "\n");
        return 0;
    }

    // ---- unload ---------------------------------------------------------------------------

    /**
     * Ends the daemon, always: new requests are refused, the socket goes at once, every thread
     * and runtime is stopped at the same time (each bounded by the stop grace), then the process
     * halts. A watchdog halts it anyway if the stops have not finished in {@link #DaemonFiles.UNLOAD_LIMIT_MILLIS}.
     */
    private void unload(Reply reply) {
        unloading = true;
        Path sock = cfg.dir().resolve(DaemonFiles.SOCKET);
        removeSocket(sock);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(DaemonFiles.UNLOAD_LIMIT_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            logLine("lunatik: unload did not finish in " + DaemonFiles.UNLOAD_LIMIT_MILLIS + " ms; exiting anyway");
            Runtime.getRuntime().halt(0);
        }, "lunatik-unload-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        driver.abort();
        relays.values().forEach(Daemon::closeQuietly); // the sockets go at once
        relays.clear();
        npfRules.values().forEach(r -> r.detach()); // no filter is called while its runtime stops
        npfRules.clear();
        proxies.values().forEach(p -> p.proxy().close());
        proxies.clear();
        List<Thread> stops = new ArrayList<>();
        for (Runner.Entry e : runner.list()) {
            Thread t = new Thread(() -> {
                try {
                    runner.stop(e.name());
                } catch (RuntimeException err) {
                    kernel.log().write("lunatik: unload: stop " + e.name() + ": " + err.getMessage());
                }
            }, "lunatik-unload " + e.name());
            t.setDaemon(true);
            t.start();
            stops.add(t);
        }
        for (Thread t : stops) {
            try {
                t.join(DaemonFiles.UNLOAD_LIMIT_MILLIS);
            } catch (InterruptedException ie) {
                break;
            }
        }
        try {
            Lunatik.shutdown(kernel);
        } catch (RuntimeException e) {
            kernel.log().write("lunatik: unload: " + e.getMessage());
        }
        driver.close();
        logLine("lunatik: unloaded");
        reply.exit(0);
        // let the I/O thread send the answer, then go
        long deadline = System.currentTimeMillis() + 500;
        while (!reply.finished() && !reply.isGone() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                break;
            }
        }
        server.stop();
        Runtime.getRuntime().halt(0);
    }

}
