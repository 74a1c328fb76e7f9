package dev.lunatik.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * Entry point of the {@code lunatik} command: dispatches on the subcommand. With no arguments it
 * is the kernel REPL ({@link KernelRepl}: chunks run in the daemon's driver state), as the real
 * {@code lunatik} tool's REPL; {@code lunatik lua} is the standalone interpreter.
 */
public final class Main {
    private Main() {}

    /** Runs the command and exits with its status. */
    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("lua")) {
            Signals.prepare(); // both take SIGINT while Lua code runs
        }
        Stdio io = Stdio.system();
        int status;
        try {
            status = run(args, RawArgs.of(args), io);
        } finally {
            io.out().flush();
            // LUNATIK_JIT_STATS: what the compiling tier did, for measuring its cost
            if (System.getenv("LUNATIK_JIT_STATS") != null) io.err().println("lunatik: jit: " + dev.lunatik.vm.api.LuaState.jitStatistics());
            io.err().flush();
        }
        System.exit(status);
    }

    /** Runs {@code args} against {@code io} and returns the exit status (nothing exits). */
    public static int run(String[] args, Stdio io) {
        return run(args, RawArgs.utf8(args), io);
    }

    /** As {@link #run(String[], Stdio)}, with the arguments' bytes as the process got them ({@link RawArgs}). */
    static int run(String[] args, byte[][] raw, Stdio io) {
        try {
            dev.lunatik.vm.api.JitMode.parse(io.env().get(dev.lunatik.vm.api.JitMode.ENV)); // a bad value is refused here, plainly
        } catch (IllegalArgumentException badMode) {
            io.err().println("lunatik: " + badMode.getMessage());
            return 1;
        }
        if (args.length == 0) return new KernelRepl(io).run();
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "lua":
                return new LuaCommand(io).run(rest);
            case "luac":
                return new LuacCommand(io).run(rest);
            case "conformance":
                return ConformanceCommand.run(rest, io);
            case "load":
            case "unload":
            case "reload":
            case "status":
            case "list":
            case "run":
            case "spawn":
            case "stop":
            case "dmesg":
            case "dev":
            case "net":
            case "xdp":
            case "npf":
            case "iptables":
            case "ulp":
            case "eval":
                return KernelCli.run(args, raw, io);
            case "daemon":
                try {
                    return Daemon.serve(DaemonConfig.parse(java.util.List.of(rest)), io.err());
                } catch (IllegalArgumentException e) {
                    io.err().println("lunatik: " + e.getMessage());
                    return 2;
                } catch (java.io.IOException e) {
                    io.err().println("lunatik: daemon: " + e.getMessage());
                    return 1;
                }
            case "aot-train":
                return Training.run(rest);
            case "version":
            case "--version":
                io.out().println("lunatik " + Version.project() + " (" + Version.PROJECT + ", " + Version.LUA
                        + ") on Java " + System.getProperty("java.version"));
                return 0;
            case "help":
            case "-h":
            case "--help":
                usage(io.out());
                return 0;
            default:
                io.err().println("lunatik: unknown command '" + args[0] + "'");
                usage(io.err());
                return 2;
        }
    }

    static void usage(PrintStream s) {
        s.print("usage: lunatik <command> [arguments]\n"
                + "Commands:\n"
                + "  (no command)                    the kernel REPL: chunks run in the daemon's driver state\n"
                + "  lua [options] [script [args]]   run Lua like the reference 'lua'\n"
                + "  luac [-l [-l]] [-p] [-v] files  check syntax (-p) or list bytecode (-l, -l -l)\n"
                + "  conformance DIR [FILE...]       run an external test suite, one file at a time\n"
                + "  load | unload | reload          start / stop / restart the simulated kernel (a daemon)\n"
                + "  status | list                   the daemon's state, the running scripts\n"
                + "  run <script> [false]            run a script in a new runtime (false: non-sleepable)\n"
                + "  spawn <script> | stop <script>  run it in a kernel thread | stop it\n"
                + "  dmesg [-f]                      the kernel log (-f: follow)\n"
                + "  dev ls | read NAME [N] | cat NAME | write NAME DATA    use /dev/NAME\n"
                + "  net dev [ls | add NAME [IP/N] | del NAME]   network interfaces\n"
                + "  net replay (--hook HOOK | --dev DEV) IN.pcap [--out OUT.pcap]   packets through the hooks\n"
                + "  net bench (--hook HOOK | --dev DEV) IN.pcap [--seconds N]   packets/s through the hooks\n"
                + "  net relay udp|tcp LISTEN TARGET | stop LISTEN | ls   real traffic through the hooks\n"
                + "  iptables [-t TABLE] -A|-I|-D CHAIN [-p PROTO] [-m NAME] -j TARGET | -L | -F   rules, Lua extensions\n"
                + "  xdp attach DEV RUNTIME [--port N] | xdp detach DEV   the https.c XDP program on DEV\n"
                + "  npf attach NAME (--hook HOOK | --dev DEV) | detach NAME | ls   NPFLua rules: filter(hdr, pld)\n"
                + "  ulp proxy LISTEN TARGET SCRIPT [--entry NAME] | stop LISTEN | ls   ULP Lua on proxied TCP clients\n"
                + "  eval CODE                       run CODE in the daemon's driver state, print its values\n"
                + "  version                         show version information\n"
                + "  help                            show this help\n"
                + "Each kernel command takes --help (lunatik run --help).\n"
                + "'lunatik lua' takes the options of the reference 'lua' command:\n"
                + "  -e stat, -l mod, -l g=mod, -i, -v, -E, -W, --, - (see README.md)\n");
    }
}
