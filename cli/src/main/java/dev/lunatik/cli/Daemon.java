package dev.lunatik.cli;

import dev.lunatik.kernel.CharDevices;
import dev.lunatik.kernel.Kernel;
import dev.lunatik.stdlib.StandardLibraries;
import dev.lunatik.stdlib.lunatik.Lunatik;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaTable;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simulated kernel as a daemon ({@code lunatik load}): one {@link Kernel} with its runtimes,
 * threads and devices, serving the {@code lunatik} client commands over a Unix domain socket in a
 * per-user directory (0700; the socket 0600). Connections from another user (by the socket's
 * peer credentials) are refused. Each connection carries one request ({@link Frames}); a
 * malformed, oversized or half-closed request gets an error reply (when the peer is still there)
 * and the daemon goes on serving others.
 *
 * <p>The commands run in a <em>driver</em> state, like Lunatik's {@code driver} runtime: a kernel
 * state over the daemon's kernel that holds {@code lunatik.runner}, so {@code run}, {@code spawn},
 * {@code stop} and {@code list} are the runner's, and REPL lines ({@code eval}) share its globals.
 */
final class Daemon {
    static final String SOCKET = "lunatik.sock";
    static final String LOG = "daemon.log";

    private final Path dir;
    private final Path root;
    private final Kernel kernel;
    private final LuaState driver;
    private final Object runner;
    private volatile boolean stopping;
    private ServerSocketChannel server;

    private Daemon(Path dir, Path root) {
        this.dir = dir;
        this.root = root;
        this.kernel = Lunatik.boot(root);
        java.io.PrintStream log = kernel.log().printStream();
        this.driver = StandardLibraries.kernel().scriptRoot(root).stdout(log).stderr(log).build();
        driver.setExtraSpace(kernel);
        driver.setGlobal("_LUNATIK_VERSION", Lunatik.VERSION);
        this.runner = driver.execute("local runner = require 'lunatik.runner' runner.startup() return runner", "=driver")[0];
    }

    /** The per-user directory of the socket: LUNATIK_RUNTIME_DIR, else $XDG_RUNTIME_DIR/lunatik, else /tmp/lunatik-UID. */
    static Path runtimeDir(Map<String, String> env) {
        String d = env.get("LUNATIK_RUNTIME_DIR");
        if (d != null && !d.isEmpty()) return Path.of(d).toAbsolutePath();
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isEmpty()) return Path.of(xdg, "lunatik");
        return Path.of("/tmp", "lunatik-" + uid());
    }

    /** The script root: LUNATIK_ROOT, else ~/.lunatik/scripts (the stand-in for /lib/modules/lua). */
    static Path scriptRoot(Map<String, String> env) {
        String r = env.get("LUNATIK_ROOT");
        if (r != null && !r.isEmpty()) return Path.of(r).toAbsolutePath().normalize();
        return Path.of(System.getProperty("user.home"), ".lunatik", "scripts");
    }

    static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    /**
     * Makes sure {@code dir} exists, is a directory owned by this user with mode 0700: a
     * directory others can enter or write is refused (the socket would not be private).
     */
    static void secureDir(Path dir) throws IOException {
        Set<PosixFilePermission> only = PosixFilePermissions.fromString("rwx------");
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(only));
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a directory");
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != uid()) {
            throw new IOException(dir + " belongs to another user (uid " + owner + ")");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (!perms.equals(only)) {
            throw new IOException(dir + " has mode " + PosixFilePermissions.toString(perms) + ", expected rwx------");
        }
    }

    /** {@code lunatik daemon DIR ROOT}: serves until {@code unload}. */
    static int serve(Path dir, Path root) throws IOException {
        secureDir(dir);
        Files.createDirectories(root);
        Daemon d = new Daemon(dir, root);
        d.listen();
        return 0;
    }

    private void listen() throws IOException {
        Path sock = dir.resolve(SOCKET);
        Files.deleteIfExists(sock);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock));
        Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-------"));
        kernel.log().write("lunatik: loaded (script root " + root + ")");
        while (!stopping) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (IOException e) {
                if (stopping) break;
                throw e;
            }
            Thread t = new Thread(() -> connection(c), "lunatik-client");
            t.setDaemon(true);
            t.start();
        }
    }

    private void connection(SocketChannel c) {
        try (c) {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(c)));
            if (!samePeer(c)) {
                Frames.text(out, 'E', "lunatik: permission denied (not the daemon's user)\n");
                Frames.exit(out, 13);
                return;
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(c)));
            List<String> args;
            try {
                args = Frames.readRequest(in);
            } catch (Frames.Malformed m) {
                Frames.text(out, 'E', "lunatik: bad request: " + m.getMessage() + "\n");
                Frames.exit(out, 2);
                return;
            } catch (java.io.EOFException half) {
                return; // half-closed: nobody to answer
            }
            if (args == null || args.isEmpty()) {
                Frames.text(out, 'E', "lunatik: empty request\n");
                Frames.exit(out, 2);
                return;
            }
            int status;
            try {
                status = execute(args, out);
            } catch (LuaError e) {
                Frames.text(out, 'E', "lunatik: " + e.getMessage() + "\n");
                status = 1;
            } catch (CharDevices.DeviceException e) {
                Frames.text(out, 'E', "lunatik: " + e.getMessage() + "\n");
                status = 1;
            }
            Frames.exit(out, status);
            if (args.get(0).equals("unload")) {
                shutdown();
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    private boolean samePeer(SocketChannel c) {
        try {
            jdk.net.UnixDomainPrincipal p = c.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
            return p.user().getName().equals(System.getProperty("user.name"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private int execute(List<String> a, DataOutputStream out) throws IOException {
        String cmd = a.get(0);
        switch (cmd) {
            case "ping":
                Frames.text(out, 'O', "pong\n");
                return 0;
            case "status":
                Frames.text(out, 'O', status());
                return 0;
            case "list": {
                String l = String.valueOf(callRunner("list")[0]);
                Frames.text(out, 'O', l.isEmpty() ? "" : l + "\n");
                return 0;
            }
            case "run":
            case "spawn":
            case "stop":
                if (a.size() < 2) {
                    Frames.text(out, 'E', "usage: lunatik " + cmd + " <script>" + (cmd.equals("run") ? " [false]" : "") + "\n");
                    return 2;
                }
                if (cmd.equals("run") && a.size() > 2) {
                    callRunner(cmd, a.get(1), !a.get(2).equals("false"));
                } else {
                    callRunner(cmd, a.get(1));
                }
                return 0;
            case "eval":
                return eval(a.size() > 1 ? a.get(1) : "", out);
            case "dmesg":
                return dmesg(a.size() > 1 && a.get(1).equals("-f"), out);
            case "dev":
                return dev(a.subList(1, a.size()), out);
            case "unload":
                return 0;
            default:
                Frames.text(out, 'E', "lunatik: unknown command '" + cmd + "'\n");
                return 2;
        }
    }

    private Object[] callRunner(String fn, Object... args) {
        synchronized (driver) {
            Object f = ((LuaTable) runner).rawget(fn);
            return driver.call(f, args);
        }
    }

    /** The kernel modules the real tool loads that this simulator provides, in load order. */
    static final List<String> MODULES = List.of("lunatik", "luadevice", "lualinux", "luasocket", "luarcu", "luathread",
            "luadata", "luafifo", "luacompletion", "lunatik_run");

    private String status() {
        StringBuilder sb = new StringBuilder();
        for (String m : MODULES) {
            sb.append(m).append(" is loaded\n");
        }
        return sb.toString();
    }

    /**
     * A REPL chunk in the driver state: compiled as {@code return <chunk>} first, as a statement
     * otherwise; {@link KernelRepl#INCOMPLETE} (no output) when it ends too early; the results,
     * tab-separated, when there are any.
     */
    private int eval(String chunk, DataOutputStream out) throws IOException {
        synchronized (driver) {
            Object fn;
            try {
                fn = driver.load("return " + chunk, "=stdin");
            } catch (LuaError e) {
                try {
                    fn = driver.load(chunk, "=stdin");
                } catch (LuaError syntax) {
                    if (syntax.getMessage().endsWith("<eof>")) {
                        return KernelRepl.INCOMPLETE;
                    }
                    Frames.text(out, 'E', syntax.getMessage() + "\n");
                    return 1;
                }
            }
            Object[] r;
            try {
                r = driver.call(fn);
            } catch (LuaError e) {
                Frames.text(out, 'E', driver.toDisplayString(e.value()) + "\n");
                return 1;
            }
            if (r.length > 0) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < r.length; i++) {
                    if (i > 0) sb.append('\t');
                    sb.append(driver.toDisplayString(r[i]));
                }
                Frames.text(out, 'O', sb.append('\n').toString());
            }
        }
        return 0;
    }

    private int dmesg(boolean follow, DataOutputStream out) throws IOException {
        long seq = 0;
        StringBuilder sb = new StringBuilder();
        for (String l : kernel.log().since(seq)) sb.append(l).append('\n');
        seq = kernel.log().nextSequence();
        Frames.text(out, 'O', sb.toString());
        while (follow && !stopping) {
            try {
                List<String> more = kernel.log().await(seq, 500);
                seq = kernel.log().nextSequence();
                StringBuilder m = new StringBuilder();
                for (String l : more) m.append(l).append('\n');
                Frames.text(out, 'O', m.toString()); // an empty frame doubles as a liveness probe
            } catch (InterruptedException e) {
                break;
            }
        }
        return 0;
    }

    private int dev(List<String> a, DataOutputStream out) throws IOException {
        String sub = a.isEmpty() ? "ls" : a.get(0);
        CharDevices devs = kernel.devices();
        switch (sub) {
            case "ls": {
                StringBuilder sb = new StringBuilder();
                for (CharDevices.Device d : devs.list()) {
                    sb.append(String.format("%s\t%04o%n", d.path(), d.mode()));
                }
                Frames.text(out, 'O', sb.toString());
                return 0;
            }
            case "read":
            case "cat": {
                if (a.size() < 2) break;
                long want = sub.equals("read") && a.size() > 2 ? Long.parseLong(a.get(2)) : Long.MAX_VALUE;
                StringBuilder sb = new StringBuilder();
                try (CharDevices.OpenFile f = devs.open(a.get(1))) {
                    long got = 0;
                    while (got < want) {
                        byte[] b = f.read((int) Math.min(4096, want - got));
                        if (b.length == 0) break;
                        got += b.length;
                        sb.append(text(b));
                    }
                }
                Frames.text(out, 'O', sb.toString());
                return 0;
            }
            case "write": {
                if (a.size() < 3) break;
                byte[] data = (a.get(2) + "\n").getBytes(StandardCharsets.UTF_8); // as echo DATA > /dev/NAME
                try (CharDevices.OpenFile f = devs.open(a.get(1))) {
                    int off = 0;
                    while (off < data.length) {
                        int n = f.write(java.util.Arrays.copyOfRange(data, off, data.length));
                        if (n <= 0) break;
                        off += n;
                    }
                }
                return 0;
            }
            default:
                break;
        }
        Frames.text(out, 'E', "usage: lunatik dev ls | read NAME [N] | cat NAME | write NAME DATA\n");
        return 2;
    }

    private void shutdown() {
        stopping = true;
        try {
            synchronized (driver) {
                driver.call(((LuaTable) runner).rawget("shutdown"));
            }
        } catch (LuaError e) {
            kernel.log().write("lunatik: unload: " + e.getMessage());
        }
        Lunatik.shutdown(kernel);
        driver.close();
        try {
            server.close();
            Files.deleteIfExists(dir.resolve(SOCKET));
        } catch (IOException e) {
            // exiting anyway
        }
        Runtime.getRuntime().halt(0);
    }
}
