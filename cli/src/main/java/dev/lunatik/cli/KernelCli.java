package dev.lunatik.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The kernel commands of {@code lunatik} ({@code load unload reload status list run spawn stop
 * dmesg dev eval net xdp iptables ulp}) as picocli subcommands: each has its {@code --help}, and a usage error (a
 * missing script, an unknown option) prints what was wrong and the command's usage, exit status
 * 2. The work is {@link KernelCommand}'s.
 */
final class KernelCli {
    private KernelCli() {}

    /** Exit status of a usage error. */
    static final int USAGE = 2;

    /** What every command needs: the streams, the raw arguments and the client. */
    static final class Context {
        final Stdio io;
        final String[] args;
        final byte[][] raw;
        final KernelCommand client;

        Context(Stdio io, String[] args, byte[][] raw) {
            this.io = io;
            this.args = args;
            this.raw = raw;
            this.client = new KernelCommand(io);
        }

        /** The bytes of {@code value}, the last argument on the command line (data a command carries). */
        byte[] lastArgBytes(String value) {
            int n = args.length - 1;
            if (n >= 0 && raw.length == args.length && args[n].equals(value)) {
                return raw[n];
            }
            return value.getBytes(StandardCharsets.UTF_8);
        }

        /** Starts the daemon (with the environment's settings) unless it runs. */
        int autoload() throws IOException {
            DaemonOptions d = new DaemonOptions();
            return client.ensureLoaded(d.config(this), d.heap(this));
        }

        int send(boolean quick, String... args) throws IOException {
            List<byte[]> b = new ArrayList<>();
            for (String a : args) {
                b.add(KernelCommand.bytes(a));
            }
            return send(quick, b);
        }

        /** Sends a quick request whose standard output goes to {@code capture} rather than to ours. */
        int sendCapturing(java.io.ByteArrayOutputStream capture, String... args) throws IOException {
            int r = autoload();
            if (r != 0) return r;
            List<byte[]> b = new ArrayList<>();
            for (String a : args) {
                b.add(KernelCommand.bytes(a));
            }
            return client.request(b, Map.of(), client.timeoutMillis(true), capture);
        }

        int send(boolean quick, List<byte[]> args) throws IOException {
            int r = autoload();
            if (r != 0) return r;
            return client.request(args, quick);
        }
    }

    /** Runs kernel command {@code args[0]}; the exit status. */
    static int run(String[] args, byte[][] raw, Stdio io) {
        Context ctx = new Context(io, args, raw);
        // only the command asked for is built: picocli's reflection is most of a client's start
        CommandLine cl = new CommandLine(new Top());
        String name = args.length > 0 ? args[0] : "";
        switch (name) {
            case "load" -> cl.addSubcommand(new CommandLine(new Load(ctx)));
            case "unload" -> cl.addSubcommand(new CommandLine(new Unload(ctx)));
            case "reload" -> cl.addSubcommand(new CommandLine(new Reload(ctx)));
            case "status" -> cl.addSubcommand(new CommandLine(new Status(ctx)));
            case "list" -> cl.addSubcommand(new CommandLine(new ListCmd(ctx)));
            case "run" -> cl.addSubcommand(new CommandLine(new Run(ctx)));
            case "spawn" -> cl.addSubcommand(new CommandLine(new Spawn(ctx)));
            case "stop" -> cl.addSubcommand(new CommandLine(new Stop(ctx)));
            case "dmesg" -> cl.addSubcommand(new CommandLine(new Dmesg(ctx)));
            case "dev" -> {
                CommandLine dev = new CommandLine(new Dev(ctx));
                dev.addSubcommand(new CommandLine(new DevLs(ctx)));
                dev.addSubcommand(new CommandLine(new DevRead(ctx)));
                dev.addSubcommand(new CommandLine(new DevCat(ctx)));
                dev.addSubcommand(new CommandLine(new DevWrite(ctx)).setUnmatchedOptionsArePositionalParams(true));
                cl.addSubcommand(dev);
            }
            case "eval" -> cl.addSubcommand(new CommandLine(new Eval(ctx)).setUnmatchedOptionsArePositionalParams(true));
            case "ulp" -> {
                CommandLine ulp = new CommandLine(new Ulp(ctx));
                ulp.addSubcommand(new CommandLine(new UlpProxyCmd(ctx)));
                ulp.addSubcommand(new CommandLine(new UlpStop(ctx)));
                ulp.addSubcommand(new CommandLine(new UlpLs(ctx)));
                cl.addSubcommand(ulp);
            }
            case "iptables" -> cl.addSubcommand(new CommandLine(new Iptables(ctx)));
            case "xdp" -> {
                CommandLine xdp = new CommandLine(new Xdp(ctx));
                xdp.addSubcommand(new CommandLine(new XdpAttach(ctx)));
                xdp.addSubcommand(new CommandLine(new XdpDetach(ctx)));
                cl.addSubcommand(xdp);
            }
            case "npf" -> {
                CommandLine npf = new CommandLine(new Npf(ctx));
                npf.addSubcommand(new CommandLine(new NpfAttach(ctx)));
                npf.addSubcommand(new CommandLine(new NpfDetach(ctx)));
                npf.addSubcommand(new CommandLine(new NpfLs(ctx)));
                cl.addSubcommand(npf);
            }
            case "net" -> {
                CommandLine net = new CommandLine(new Net(ctx));
                CommandLine dev = new CommandLine(new NetDev(ctx));
                dev.addSubcommand(new CommandLine(new NetDevLs(ctx)));
                dev.addSubcommand(new CommandLine(new NetDevAdd(ctx)));
                dev.addSubcommand(new CommandLine(new NetDevDel(ctx)));
                net.addSubcommand(dev);
                net.addSubcommand(new CommandLine(new NetReplay(ctx)));
                net.addSubcommand(new CommandLine(new NetRelay(ctx)));
                net.addSubcommand(new CommandLine(new NetBench(ctx)));
                cl.addSubcommand(net);
            }
            default -> throw new IllegalArgumentException("not a kernel command: " + name);
        }
        PrintWriter out = new PrintWriter(io.out(), true);
        PrintWriter err = new PrintWriter(io.err(), true);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof java.nio.file.AccessDeniedException a) {
                err.println("lunatik: permission denied: " + a.getFile());
            } else if (e instanceof IOException) {
                err.println("lunatik: " + e.getMessage());
            } else {
                throw e;
            }
            return 1;
        });
        int status = cl.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    @Command(name = "lunatik", description = "the simulated kernel's commands")
    static final class Top implements Callable<Integer> {
        @Override
        public Integer call() {
            return USAGE;
        }
    }

    /** The daemon's settings, from {@code load}'s options, else the environment, else the defaults. */
    static final class DaemonOptions {
        @Option(names = "--heap", paramLabel = "SIZE", description = "the daemon JVM's heap (-Xmx); env LUNATIK_HEAP; default "
                + KernelCommand.DEFAULT_HEAP)
        String heap;

        @Option(names = "--runtime-memory", paramLabel = "SIZE", description = "memory limit of each runtime's Lua state, "
                + "e.g. 64m (0: none); env LUNATIK_RUNTIME_MEMORY; default 64m")
        String runtimeMemory;

        @Option(names = "--max-connections", paramLabel = "N", description = "connections open at once; env "
                + "LUNATIK_MAX_CONNECTIONS; default " + DaemonConfig.DEFAULT_MAX_CONNECTIONS)
        Integer maxConnections;

        @Option(names = "--max-requests", paramLabel = "N", description = "long-running requests (run, eval, dev read, "
                + "dmesg -f, ...) at once; env LUNATIK_MAX_REQUESTS; default " + DaemonConfig.DEFAULT_MAX_REQUESTS)
        Integer maxRequests;

        @Option(names = "--request-timeout", paramLabel = "SECONDS", description = "time a client has to send its request; "
                + "env LUNATIK_REQUEST_TIMEOUT; default " + DaemonConfig.DEFAULT_REQUEST_TIMEOUT / 1000)
        Double requestTimeout;

        @Option(names = "--stop-grace", paramLabel = "MS", description = "time a script has to stop before it is aborted; "
                + "env LUNATIK_STOP_GRACE; default " + DaemonConfig.DEFAULT_STOP_GRACE)
        Long stopGrace;

        @Option(names = "--stack", paramLabel = "SLOTS", description = "the Lua stack limit of each runtime, in slots; "
                + "env LUNATIK_STACK; default 200 (the kernel's)")
        Integer stackSlots;

        boolean any() {
            return heap != null || runtimeMemory != null || maxConnections != null || maxRequests != null || requestTimeout != null
                    || stopGrace != null || stackSlots != null;
        }

        String heap(Context ctx) {
            String h = heap != null ? heap : ctx.io.env().getOrDefault("LUNATIK_HEAP", KernelCommand.DEFAULT_HEAP);
            sizeOf(h, "--heap"); // checks it
            return h;
        }

        DaemonConfig config(Context ctx) {
            Map<String, String> env = ctx.io.env();
            DaemonConfig d = ctx.client.config();
            long mem = sizeOf(runtimeMemory != null ? runtimeMemory : env.getOrDefault("LUNATIK_RUNTIME_MEMORY", "64m"),
                    "--runtime-memory");
            int conns = maxConnections != null ? maxConnections : intOf(env, "LUNATIK_MAX_CONNECTIONS", d.maxConnections());
            int reqs = maxRequests != null ? maxRequests : intOf(env, "LUNATIK_MAX_REQUESTS", d.maxRequests());
            long timeout = requestTimeout != null ? Math.round(requestTimeout * 1000)
                    : Math.round(doubleOf(env, "LUNATIK_REQUEST_TIMEOUT", d.requestTimeoutMillis() / 1000.0) * 1000);
            long grace = stopGrace != null ? stopGrace : (long) doubleOf(env, "LUNATIK_STOP_GRACE", d.stopGraceMillis());
            if (conns < 1 || reqs < 1 || timeout < 100 || grace < 1) {
                throw new IllegalArgumentException("the daemon's limits must be positive (connections, requests, "
                        + "a request timeout of 0.1 s or more, a stop grace of 1 ms or more)");
            }
            int stack = stackSlots != null ? stackSlots : StackLimit.fromEnv(env);
            if (stack < 20) {
                throw new IllegalArgumentException("--stack: at least 20 slots");
            }
            return new DaemonConfig(d.dir(), d.root(), mem, conns, reqs, timeout, grace, stack);
        }

        private static int intOf(Map<String, String> env, String name, int dflt) {
            String v = env.get(name);
            try {
                return v == null || v.isBlank() ? dflt : Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + "='" + v + "' is not a whole number");
            }
        }

        private static double doubleOf(Map<String, String> env, String name, double dflt) {
            String v = env.get(name);
            try {
                return v == null || v.isBlank() ? dflt : Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + "='" + v + "' is not a number");
            }
        }

        /** A size like {@code 64m}, {@code 1g}, {@code 512k} or a byte count. */
        static long sizeOf(String s, String what) {
            String t = s.trim().toLowerCase(java.util.Locale.ROOT);
            long mul = 1;
            if (!t.isEmpty()) {
                switch (t.charAt(t.length() - 1)) {
                    case 'k' -> mul = 1L << 10;
                    case 'm' -> mul = 1L << 20;
                    case 'g' -> mul = 1L << 30;
                    default -> mul = 1;
                }
            }
            String digits = mul == 1 ? t : t.substring(0, t.length() - 1);
            try {
                long n = Long.parseLong(digits);
                if (n < 0) throw new NumberFormatException();
                return Math.multiplyExact(n, mul);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException(what + ": '" + s + "' is not a size (like 64m, 1g, 512k or a byte count)");
            }
        }
    }

    private abstract static class Base implements Callable<Integer> {
        final Context ctx;

        Base(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public final Integer call() throws IOException {
            try {
                return body();
            } catch (IllegalArgumentException e) {
                ctx.io.err().println("lunatik: " + e.getMessage());
                return USAGE;
            }
        }

        abstract int body() throws IOException;
    }

    @Command(name = "load", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Starts the simulated kernel: a daemon serving this user's lunatik commands over a private "
                    + "Unix domain socket (in $LUNATIK_RUNTIME_DIR, else $XDG_RUNTIME_DIR/lunatik, else /tmp/lunatik-UID). "
                    + "Scripts resolve under $LUNATIK_ROOT (default ~/.lunatik/scripts), read when the daemon starts. "
                    + "The daemon's JVM also takes the words of $LUNATIK_OPTS. Does nothing when it runs already."})
    static final class Load extends Base {
        @CommandLine.Mixin
        DaemonOptions opts = new DaemonOptions();

        Load(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            DaemonConfig cfg = opts.config(ctx); // a bad option is an error, loaded or not
            String heap = opts.heap(ctx);
            if (ctx.client.loaded()) {
                if (opts.any()) {
                    ctx.io.err().println("lunatik: already loaded; the options take effect after 'lunatik reload'");
                }
                return 0;
            }
            return ctx.client.ensureLoaded(cfg, heap);
        }
    }

    @Command(name = "unload", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Stops every kernel thread and runtime (each has the stop grace to end, then is aborted) and ends "
                    + "the daemon; a daemon that does not answer is killed.")
    static final class Unload extends Base {
        Unload(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return ctx.client.unload();
        }
    }

    @Command(name = "reload", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "unload, then load (with these options).")
    static final class Reload extends Base {
        @CommandLine.Mixin
        DaemonOptions opts = new DaemonOptions();

        Reload(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            DaemonConfig cfg = opts.config(ctx);
            String heap = opts.heap(ctx);
            if (ctx.client.loaded() || ctx.client.daemonAlive()) {
                int r = ctx.client.unload();
                if (r != 0) return r;
            }
            return ctx.client.ensureLoaded(cfg, heap);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "One line per kernel module: '<module> is loaded' or 'is not loaded', as the real tool prints.")
    static final class Status extends Base {
        Status(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            if (!ctx.client.loaded()) {
                for (String m : DaemonFiles.MODULES) {
                    ctx.io.out().println(m + " is not loaded");
                }
                return 0;
            }
            return ctx.client.request(List.of(KernelCommand.bytes("status")), true);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "The running scripts, comma-separated; one whose top level still runs shows '(starting)'.")
    static final class ListCmd extends Base {
        ListCmd(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return ctx.send(true, "list");
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Runs <root>/SCRIPT.lua in a new runtime. Waits while its top level runs; Ctrl-C (or a "
                    + "LUNATIK_TIMEOUT) gives up and stops it.")
    static final class Run extends Base {
        @Parameters(index = "0", paramLabel = "SCRIPT", description = "the script's name under the script root, without .lua")
        String script;

        @Parameters(index = "1", arity = "0..1", paramLabel = "SLEEP", description = "'false': a non-sleepable runtime "
                + "(spinlock; its callbacks run in atomic context); default true")
        String sleep;

        Run(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            if (sleep != null && !sleep.equals("true") && !sleep.equals("false")) {
                throw new IllegalArgumentException("run: SLEEP is 'true' or 'false', not '" + sleep + "'");
            }
            return sleep == null ? ctx.send(false, "run", script) : ctx.send(false, "run", script, sleep);
        }
    }

    @Command(name = "spawn", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Runs <root>/SCRIPT.lua in a new runtime, then a kernel thread running the function it returned.")
    static final class Spawn extends Base {
        @Parameters(index = "0", paramLabel = "SCRIPT", description = "the script's name under the script root, without .lua")
        String script;

        Spawn(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return ctx.send(false, "spawn", script);
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Stops SCRIPT's thread and runtime; a script that does not stop within the stop grace is "
                    + "aborted. Exit status 1 when SCRIPT is not running.")
    static final class Stop extends Base {
        @Parameters(index = "0", paramLabel = "SCRIPT", description = "the name it was started with")
        String script;

        Stop(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return ctx.send(true, "stop", script);
        }
    }

    @Command(name = "dmesg", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "The kernel log: what scripts print, BUG and WARNING lines.")
    static final class Dmesg extends Base {
        @Option(names = {"-f", "--follow"}, description = "keep printing new lines (Ctrl-C ends)")
        boolean follow;

        Dmesg(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return follow ? ctx.send(false, "dmesg", "-f") : ctx.send(true, "dmesg");
        }
    }

    @Command(name = "iptables", versionProvider = VersionProvider.class,
            description = {"iptables over the simulated kernel: rules in the raw, mangle and filter tables, with matches "
                    + "and targets that scripts registered with xtable.match / xtable.target. For -m NAME and -j NAME the "
                    + "user-space plugin libxt_NAME.lua (Lunatik's luaxt) runs here, found in the directories of "
                    + "$XTABLES_LIBDIR (colon-separated; default: the script root): its init, then its parse for each option "
                    + "written after -m NAME or -j NAME (--opt [VALUE], ! --opt), then its final_check make the rule's "
                    + "arguments (par.userargs); -L shows a rule with the plugin's print, -S with its save, and -h with "
                    + "-m NAME or -j NAME adds the plugin's help. No plugin file means empty arguments and no options."})
    static final class Iptables extends Base {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = {"-h", "--help"}, description = "show this help; with -m NAME or -j NAME, the extension's help too")
        boolean help;

        @Option(names = {"-V", "--version"}, versionHelp = true, description = "print version information and exit")
        boolean version;

        @Option(names = {"-t", "--table"}, paramLabel = "TABLE", defaultValue = "filter", description = "filter (default), mangle or raw")
        String table;

        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "0..1")
        Op op;

        static final class Op {
            @Option(names = {"-A", "--append"}, paramLabel = "CHAIN", description = "append a rule")
            String append;

            @Option(names = {"-I", "--insert"}, paramLabel = "CHAIN", description = "insert a rule first")
            String insert;

            @Option(names = {"-D", "--delete"}, paramLabel = "CHAIN", description = "delete the first rule like this one")
            String delete;

            @Option(names = {"-L", "--list"}, paramLabel = "CHAIN", arity = "0..1", fallbackValue = "",
                    description = "list the rules (of CHAIN), as iptables -L (extensions' print)")
            String list;

            @Option(names = {"-S", "--list-rules"}, paramLabel = "CHAIN", arity = "0..1", fallbackValue = "",
                    description = "list the rules (of CHAIN) as commands, as iptables -S (extensions' save)")
            String listRules;

            @Option(names = {"-F", "--flush"}, paramLabel = "CHAIN", arity = "0..1", fallbackValue = "", description = "delete every rule (of CHAIN)")
            String flush;
        }

        @Option(names = {"-p", "--protocol"}, paramLabel = "PROTO", description = "udp, tcp, icmp, all, or a protocol number")
        String proto;

        @Option(names = {"-m", "--match"}, paramLabel = "NAME", description = "a match extension")
        String match;

        @Option(names = {"-j", "--jump"}, paramLabel = "TARGET", description = "ACCEPT, DROP, or a target extension")
        String target;

        /** Words iptables itself does not know: the extensions' options, in command-line order. */
        @CommandLine.Unmatched
        List<String> unmatched = new ArrayList<>();

        Iptables(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            List<Path> dirs = LuaxtPlugin.dirs(ctx.io.env());
            List<LuaxtPlugin.Opt> matchOpts = new ArrayList<>();
            List<LuaxtPlugin.Opt> targetOpts = new ArrayList<>();
            extensionOptions(matchOpts, targetOpts);
            if (help) {
                spec.commandLine().usage(ctx.io.out());
                for (boolean isMatch : new boolean[] {true, false}) {
                    String name = isMatch ? match : target;
                    Path f = name == null ? null : LuaxtPlugin.find(name, dirs);
                    if (f != null) {
                        ctx.io.out().println();
                        try (LuaxtPlugin plugin = LuaxtPlugin.load(f, ctx.io.out(), ctx.io.err())) {
                            plugin.help(isMatch);
                        }
                    }
                }
                ctx.io.out().flush();
                return 0;
            }
            if (op == null) {
                throw new IllegalArgumentException("iptables: say what to do: -A, -I, -D, -L, -S or -F (lunatik iptables --help)");
            }
            if (op.list != null || op.listRules != null) {
                return list(dirs, op.list != null ? op.list : op.listRules);
            }
            if (op.flush != null) {
                return ctx.send(true, "iptables", table, "-F", op.flush);
            }
            String chain = op.append != null ? op.append : op.insert != null ? op.insert : op.delete;
            String opName = op.append != null ? "-A" : op.insert != null ? "-I" : "-D";
            if (target == null) {
                throw new IllegalArgumentException("iptables: a rule needs a target (-j ACCEPT, -j DROP or -j NAME)");
            }
            long protocol = 0;
            if (proto != null) {
                protocol = switch (proto.toLowerCase(java.util.Locale.ROOT)) {
                    case "udp" -> 17;
                    case "tcp" -> 6;
                    case "icmp" -> 1;
                    case "all" -> 0;
                    default -> {
                        try {
                            long n = Long.parseLong(proto);
                            if (n < 0 || n > 255) throw new NumberFormatException();
                            yield n;
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("iptables: unknown protocol '" + proto + "' (udp, tcp, icmp or 0-255)");
                        }
                    }
                };
            }
            byte[] matchArgs = match == null ? new byte[0] : plugin(match, true, matchOpts, dirs);
            boolean builtin = target.equals("ACCEPT") || target.equals("DROP");
            if (builtin && !targetOpts.isEmpty()) {
                throw new IllegalArgumentException("iptables: unknown option \"" + targetOpts.get(0) + "\" (target " + target + " takes none)");
            }
            byte[] targetArgs = builtin ? new byte[0] : plugin(target, false, targetOpts, dirs);
            java.util.List<byte[]> args = new ArrayList<>();
            for (String a : new String[] {"iptables", table, opName, chain, String.valueOf(protocol), match == null ? "" : match, target}) {
                args.add(KernelCommand.bytes(a));
            }
            args.add(matchArgs);
            args.add(targetArgs);
            return ctx.send(true, args);
        }

        /**
         * Sorts the words iptables does not know into the options of the match and of the target:
         * each belongs to the extension named last before it on the command line (-m or -j).
         */
        private void extensionOptions(List<LuaxtPlugin.Opt> matchOpts, List<LuaxtPlugin.Opt> targetOpts) {
            if (unmatched.isEmpty()) return;
            String[] argv = ctx.args;
            int from = java.util.Arrays.asList(argv).indexOf("iptables") + 1;
            List<LuaxtPlugin.Opt> current = null;
            boolean invert = false;
            int u = 0;
            for (int i = from; i < argv.length && u < unmatched.size(); i++) {
                String a = argv[i];
                if (a.equals(unmatched.get(u))) {
                    u++;
                    if (a.equals("!")) {
                        invert = true;
                    } else if (a.startsWith("-") && a.length() > 1) {
                        if (current == null) {
                            throw new IllegalArgumentException("iptables: unknown option \"" + a + "\"");
                        }
                        String name = a.replaceFirst("^--?", "");
                        String value = null;
                        int eq = name.indexOf('=');
                        if (eq >= 0) {
                            value = name.substring(eq + 1);
                            name = name.substring(0, eq);
                        }
                        current.add(new LuaxtPlugin.Opt(name, value, invert));
                        invert = false;
                    } else {
                        int last = current == null ? -1 : current.size() - 1;
                        boolean takesIt = last >= 0 && current.get(last).argument() == null && i > from && argv[i - 1].startsWith("-");
                        if (!takesIt) {
                            throw new IllegalArgumentException("iptables: unexpected argument '" + a + "'");
                        }
                        LuaxtPlugin.Opt o = current.get(last);
                        current.set(last, new LuaxtPlugin.Opt(o.name(), a, o.invert()));
                    }
                } else if (a.equals("-m") || a.equals("--match")) {
                    current = matchOpts;
                    i++;
                } else if (a.equals("-j") || a.equals("--jump")) {
                    current = targetOpts;
                    i++;
                } else if (a.startsWith("--match=")) {
                    current = matchOpts;
                } else if (a.startsWith("--jump=")) {
                    current = targetOpts;
                }
            }
            if (invert) {
                throw new IllegalArgumentException("iptables: '!' must come before an option");
            }
        }

        private byte[] plugin(String name, boolean isMatch, List<LuaxtPlugin.Opt> opts, java.util.List<Path> dirs) {
            Path f = LuaxtPlugin.find(name, dirs);
            if (f == null) {
                if (!opts.isEmpty()) {
                    throw new IllegalArgumentException("iptables: unknown option \"" + opts.get(0) + "\" (no libxt_" + name
                            + ".lua to parse it in " + dirs + ")");
                }
                return new byte[dev.lunatik.kernel.net.Xtables.USERARGS_SIZE];
            }
            try (LuaxtPlugin plugin = LuaxtPlugin.load(f, ctx.io.out(), ctx.io.err())) {
                return plugin.userargs(name, isMatch, opts);
            }
        }

        /** -L and -S: the daemon's rules, formatted here with the plugins' print or save. */
        private int list(List<Path> dirs, String only) throws IOException {
            java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
            int r = ctx.sendCapturing(raw, "iptables", table, "-R");
            if (r != 0) return r;
            java.util.Map<String, LuaxtPlugin> plugins = new java.util.HashMap<>();
            java.util.Map<String, List<String>> chains = new java.util.LinkedHashMap<>(); // chain -> its lines
            try {
                for (String line : raw.toString(StandardCharsets.UTF_8).split("\n")) {
                    String[] w = line.split(" ");
                    if (w[0].equals("P") && w.length == 2 && (only.isEmpty() || only.equals(w[1]))) {
                        chains.put(w[1], new ArrayList<>());
                    } else if (w[0].equals("R") && w.length == 7 && chains.containsKey(w[1])) {
                        chains.get(w[1]).add(rule(plugins, dirs, w));
                    }
                }
            } finally {
                for (LuaxtPlugin p : plugins.values()) {
                    if (p != null) p.close();
                }
            }
            if (!only.isEmpty() && chains.isEmpty()) {
                ctx.io.err().println("iptables: No chain/target/match by that name.");
                return 1;
            }
            StringBuilder out = new StringBuilder();
            if (op.listRules != null) {
                chains.keySet().forEach(c -> out.append("-P ").append(c).append(" ACCEPT\n"));
                chains.values().forEach(rows -> rows.forEach(row -> out.append(row).append('\n')));
            } else {
                chains.forEach((c, rows) -> {
                    out.append(out.length() == 0 ? "" : "\n").append("Chain ").append(c).append(" (policy ACCEPT)\n")
                            .append(String.format("%-10s %-4s %-3s %-20s %s", "target", "prot", "opt", "source", "destination")).append('\n');
                    rows.forEach(row -> out.append(row).append('\n'));
                });
            }
            ctx.io.out().print(out);
            ctx.io.out().flush();
            return 0;
        }

        /** One rule ({@code R CHAIN PROTO MATCH|- TARGET MATCHARGS TARGETARGS}, arguments in hex) as -S or -L shows it. */
        private String rule(java.util.Map<String, LuaxtPlugin> plugins, List<Path> dirs, String[] w) {
            String chain = w[1];
            int proto = Integer.parseInt(w[2]);
            String m = w[3].equals("-") ? null : w[3];
            String t = w[4];
            String protoName = proto == 0 ? "all" : proto == 6 ? "tcp" : proto == 17 ? "udp" : proto == 1 ? "icmp" : String.valueOf(proto);
            String mText = m == null ? null : show(plugins, dirs, m, true, unhex(w[5]));
            String tText = show(plugins, dirs, t, false, unhex(w[6]));
            if (op.listRules != null) {
                StringBuilder b = new StringBuilder("-A ").append(chain);
                if (proto != 0) b.append(" -p ").append(protoName);
                if (m != null) b.append(" -m ").append(m).append(spaced(mText));
                return b.append(" -j ").append(t).append(spaced(tText)).toString();
            }
            // iptables -L: a match without a print function shows its name
            return (String.format("%-10s %-4s %-3s %-20s %-20s", t, protoName, "--", "anywhere", "anywhere")
                    + (m == null ? "" : spaced(mText != null ? mText : m)) + spaced(tText)).stripTrailing();
        }

        private String show(java.util.Map<String, LuaxtPlugin> plugins, List<Path> dirs, String name, boolean isMatch, byte[] userargs) {
            if (!isMatch && (name.equals("ACCEPT") || name.equals("DROP"))) return null;
            LuaxtPlugin p = plugins.computeIfAbsent(name, n -> {
                Path f = LuaxtPlugin.find(n, dirs);
                return f == null ? null : LuaxtPlugin.load(f, ctx.io.out(), ctx.io.err());
            });
            return p == null ? null : p.show(isMatch, op.listRules != null, userargs);
        }

        private static String spaced(String text) {
            if (text == null || text.isEmpty()) return "";
            return text.startsWith(" ") ? text : " " + text;
        }

        private static byte[] unhex(String h) {
            if (h.equals("-")) return new byte[0];
            return java.util.HexFormat.of().parseHex(h);
        }
    }

    @Command(name = "ulp", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "ULP Lua (a Lua state per TCP socket whose entry sees every receive) on real TCP clients, "
                    + "through a proxy in the daemon.")
    static final class Ulp extends Base {
        Ulp(Context ctx) {
            super(ctx);
        }

        @Override
        int body() {
            throw new IllegalArgumentException("ulp: say proxy, stop or ls (lunatik ulp --help)");
        }
    }

    @Command(name = "proxy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Accepts TCP clients on LISTEN and connects each to TARGET. Every connection gets a Lua state "
                    + "of its own loaded with SCRIPT (compiled once, now: a script that does not compile, fails or "
                    + "defines no entry function is refused, exit status 1), and each chunk the client sends runs "
                    + "entry(d, size, nonblock) over a data view of its bytes: a true result trashes the chunk and closes "
                    + "the connection without a reply, anything else forwards it as the entry left it. Errors and entries "
                    + "that do not return within the stop grace go to the kernel log and the data is forwarded. The proxy "
                    + "lives in the daemon until 'ulp stop LISTEN' or unload."})
    static final class UlpProxyCmd extends Base {
        @Parameters(index = "0", paramLabel = "LISTEN_ADDR:PORT")
        String listen;

        @Parameters(index = "1", paramLabel = "TARGET_ADDR:PORT")
        String target;

        @Parameters(index = "2", paramLabel = "SCRIPT", description = "the script's name under the script root, without .lua")
        String script;

        @Option(names = "--entry", paramLabel = "NAME", defaultValue = "entry",
                description = "the global function run on each receive (default ${DEFAULT-VALUE})")
        String entry;

        UlpProxyCmd(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return ctx.send(false, "ulp", "proxy", listen, target, script, entry);
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Stops the ULP proxy on LISTEN and closes its connections. Exit status 1 when there is none.")
    static final class UlpStop extends Base {
        @Parameters(index = "0", paramLabel = "LISTEN_ADDR:PORT")
        String listen;

        UlpStop(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return ctx.send(true, "ulp", "stop", listen);
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "The ULP proxies: where they listen, their target, script and entry, connections and trashes.")
    static final class UlpLs extends Base {
        UlpLs(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return ctx.send(true, "ulp", "ls");
        }
    }

    @Command(name = "xdp", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "XDP programs on the simulated interfaces (the eBPF side of Lunatik's xdp library).",
            subcommands = {})
    static final class Xdp extends Base {
        Xdp(Context ctx) {
            super(ctx);
        }

        @Override
        int body() {
            throw new IllegalArgumentException("xdp: say attach or detach (lunatik xdp --help)");
        }
    }

    @Command(name = "attach", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Installs on DEV the program of Lunatik's examples/filter/https.c: each IPv4/TCP frame to PORT "
                    + "with PSH set goes to the xdp.attach callback of runtime RUNTIME (the name it runs under), with the "
                    + "TCP payload's offset as a 2-byte big-endian argument; the callback's result is the XDP action, a "
                    + "negative one (or none) passes the frame."})
    static final class XdpAttach extends Base {
        @Parameters(index = "0", paramLabel = "DEV")
        String dev;

        @Parameters(index = "1", paramLabel = "RUNTIME")
        String runtime;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "443", description = "the TCP port (default ${DEFAULT-VALUE})")
        int port;

        XdpAttach(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return ctx.send(true, "xdp", "attach", dev, runtime, String.valueOf(port));
        }
    }

    @Command(name = "detach", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Removes DEV's XDP program.")
    static final class XdpDetach extends Base {
        @Parameters(index = "0", paramLabel = "DEV")
        String dev;

        XdpDetach(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return ctx.send(true, "xdp", "detach", dev);
        }
    }

    @Command(name = "npf", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "NPFLua: Lua rules in the style of NetBSD's packet filter (a script's filter(hdr, pld) per packet).")
    static final class Npf extends Base {
        Npf(Context ctx) {
            super(ctx);
        }

        @Override
        int body() {
            throw new IllegalArgumentException("npf: say attach, detach or ls (lunatik npf --help)");
        }
    }

    @Command(name = "attach", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Calls filter(hdr, pld) of script NAME (resolved as 'run' does; run in a new non-sleepable "
                    + "runtime unless one of that name is running) for every IPv4 packet at hook point HOOK, or "
                    + "received or sent on interface DEV. hdr is a data object (Luadata) over the IPv4 and transport "
                    + "headers, pld one over the transport payload; a true result passes the packet, false or nil "
                    + "drops it; an error, or a filter running longer than 500 ms, passes it and goes to the kernel log."})
    static final class NpfAttach extends Base {
        @Parameters(index = "0", paramLabel = "NAME")
        String script;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Point point;

        static final class Point {
            @Option(names = "--hook", paramLabel = "HOOK", description = "PRE_ROUTING, LOCAL_IN, FORWARD, LOCAL_OUT or POST_ROUTING")
            String hook;

            @Option(names = "--dev", paramLabel = "DEV", description = "an interface (see lunatik net dev)")
            String dev;
        }

        NpfAttach(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return point.hook != null ? ctx.send(true, "npf", "attach", script, "hook", point.hook)
                    : ctx.send(true, "npf", "attach", script, "dev", point.dev);
        }
    }

    @Command(name = "detach", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Removes NAME's rules; stops the runtime 'npf attach' started for it.")
    static final class NpfDetach extends Base {
        @Parameters(index = "0", paramLabel = "NAME")
        String script;

        NpfDetach(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return ctx.send(true, "npf", "detach", script);
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Lists the rules: NAME and where it filters.")
    static final class NpfLs extends Base {
        NpfLs(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return ctx.send(true, "npf", "ls");
        }
    }

    @Command(name = "net", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "The simulated network stack: interfaces, and captures replayed through the hooks scripts registered.")
    static final class Net extends Base {
        Net(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return ctx.send(true, "net", "dev", "ls");
        }
    }

    @Command(name = "dev", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Network interfaces (lo and eth0 at start): list, add, remove.")
    static final class NetDev extends Base {
        NetDev(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return ctx.send(true, "net", "dev", "ls");
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Each interface: index, name, MAC address, IPv4 addresses, whether an XDP program is attached.")
    static final class NetDevLs extends Base {
        NetDevLs(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return ctx.send(true, "net", "dev", "ls");
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Adds Ethernet interface NAME, with IPv4 address ADDR/PREFIX if given.")
    static final class NetDevAdd extends Base {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", arity = "0..1", paramLabel = "ADDR/PREFIX", description = "e.g. 192.168.7.1/24")
        String address;

        NetDevAdd(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return address == null ? ctx.send(true, "net", "dev", "add", name) : ctx.send(true, "net", "dev", "add", name, address);
        }
    }

    @Command(name = "del", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Removes interface NAME (not lo).")
    static final class NetDevDel extends Base {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        NetDevDel(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return ctx.send(true, "net", "dev", "del", name);
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Runs a capture's packets through the registered hooks (at one hook point, or as frames "
                    + "received on DEV) over and over on one thread of the daemon, with no I/O, and prints "
                    + "'<N> packets/s' and the bytes allocated per packet: how a user sizes a filter."})
    static final class NetBench extends Base {
        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        NetReplay.Point point;

        @Parameters(index = "0", paramLabel = "IN.pcap")
        Path in;

        @Option(names = "--seconds", paramLabel = "N", defaultValue = "5", description = "how long to run (default ${DEFAULT-VALUE})")
        String seconds;

        NetBench(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return ctx.send(false, "net", "bench", point.hook != null ? "--hook" : "--dev", point.hook != null ? point.hook : point.dev,
                    in.toAbsolutePath().normalize().toString(), seconds);
        }
    }

    @Command(name = "relay", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Relays real UDP or TCP traffic through the daemon's kernel: what clients send to LISTEN leaves "
                    + "as IPv4 packets through LOCAL_OUT and POST_ROUTING to TARGET; replies come back through the ingress "
                    + "path (XDP, PRE_ROUTING, LOCAL_IN) before the client gets them. A dropped datagram is not delivered; "
                    + "for tcp each write is one segment with PSH set and a dropped segment resets the connection; changed "
                    + "bytes arrive changed. The relay lives in the daemon until 'net relay stop LISTEN' or unload. "
                    + "Forms: relay udp|tcp LISTEN TARGET | relay stop LISTEN | relay ls (addresses as IPv4:PORT)."})
    static final class NetRelay extends Base {
        @Parameters(index = "0", paramLabel = "udp|tcp|stop|ls")
        String op;

        @Parameters(index = "1..*", arity = "0..2", paramLabel = "ADDR:PORT")
        List<String> addresses = new ArrayList<>();

        NetRelay(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            int want = switch (op) {
                case "udp" -> 2;
                case "stop" -> 1;
                case "ls" -> 0;
                case "tcp" -> 2;
                default -> throw new IllegalArgumentException("net relay: say udp, tcp, stop or ls (lunatik net relay --help)");
            };
            if (addresses.size() != want) {
                throw new IllegalArgumentException("net relay " + op + ": " + (want == 2 ? "LISTEN_ADDR:PORT TARGET_ADDR:PORT"
                        : want == 1 ? "LISTEN_ADDR:PORT" : "no addresses") + " expected");
            }
            List<String> args = new ArrayList<>(List.of("net", "relay", op));
            args.addAll(addresses);
            return ctx.send(true, args.toArray(String[]::new));
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Replays a capture (pcap or pcapng; Ethernet or raw IPv4) through the daemon's kernel: at one "
                    + "hook point, or as frames received on a device (XDP, PRE_ROUTING, routing, ...). Prints what became "
                    + "of the packets; with --out, writes those that survived, as the scripts left them."})
    static final class NetReplay extends Base {
        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Point point;

        static final class Point {
            @Option(names = "--hook", paramLabel = "HOOK", description = "PRE_ROUTING, LOCAL_IN, FORWARD, LOCAL_OUT or POST_ROUTING")
            String hook;

            @Option(names = "--dev", paramLabel = "DEV", description = "an interface, e.g. eth0")
            String dev;
        }

        @Parameters(index = "0", paramLabel = "IN.pcap")
        Path in;

        @Option(names = "--out", paramLabel = "OUT.pcap", description = "where the surviving packets go (classic pcap)")
        Path out;

        NetReplay(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            List<String> args = new ArrayList<>(List.of("net", "replay", point.hook != null ? "--hook" : "--dev",
                    point.hook != null ? point.hook : point.dev, in.toAbsolutePath().normalize().toString()));
            if (out != null) {
                args.add(out.toAbsolutePath().normalize().toString());
            }
            return ctx.send(false, args.toArray(String[]::new));
        }
    }

    @Command(name = "dev", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Character devices: /dev/NAME through its driver's open, read/write and release.")
    static final class Dev extends Base {
        Dev(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return ctx.send(true, "dev", "ls");
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "The devices and their modes.")
    static final class DevLs extends Base {
        DevLs(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return ctx.send(true, "dev", "ls");
        }
    }

    @Command(name = "read", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Reads /dev/NAME to its end, or N bytes (like head -c N), and writes the bytes unchanged.")
    static final class DevRead extends Base {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", arity = "0..1", paramLabel = "N", description = "how many bytes (0 or more)")
        String count;

        DevRead(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            if (count != null) {
                try {
                    if (Long.parseLong(count) < 0) throw new NumberFormatException();
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("dev read: '" + count + "' is not a byte count (a whole number, 0 or more)");
                }
                return ctx.send(false, "dev", "read", name, count);
            }
            return ctx.send(false, "dev", "read", name);
        }
    }

    @Command(name = "cat", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Reads /dev/NAME until its end, or until our reader goes (cat NAME | head).")
    static final class DevCat extends Base {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        DevCat(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return ctx.send(false, "dev", "cat", name);
        }
    }

    @Command(name = "write", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Writes DATA and a newline to /dev/NAME, as echo DATA > /dev/NAME; the bytes are passed unchanged.")
    static final class DevWrite extends Base {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "DATA")
        String data;

        DevWrite(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return ctx.send(false, List.of(KernelCommand.bytes("dev"), KernelCommand.bytes("write"), KernelCommand.bytes(name),
                    ctx.lastArgBytes(data)));
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Runs CODE in the daemon's driver state (as a REPL line) and prints its values, tab-separated; "
                    + "an error exits with status 1.")
    static final class Eval extends Base {
        @Parameters(index = "0", paramLabel = "CODE")
        String code;

        Eval(Context ctx) {
            super(ctx);
        }

        @Override
        int body() throws IOException {
            return ctx.send(false, List.of(KernelCommand.bytes("eval"), ctx.lastArgBytes(code)));
        }
    }

    /** {@code --version} of every command. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lunatik " + Version.project() + " (" + Version.PROJECT + ", " + Version.LUA + ")"};
        }
    }
}
