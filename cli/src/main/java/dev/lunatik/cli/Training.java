package dev.lunatik.cli;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code lunatik aot-train CHUNK}: what the launcher runs once per jar and JDK to build the class
 * archive (an AOT cache on JDK 25, AppCDS before), so that the classes a typical command needs
 * are mapped rather than loaded: the interpreter running {@code CHUNK} (as {@code lua -e}), and
 * the client side of every kernel command (its option parsing and {@code --help}, the request
 * encoding), which needs no daemon. Everything it prints is discarded.
 */
final class Training {
    private Training() {}

    static final List<String> KERNEL_COMMANDS = List.of("load", "unload", "reload", "status", "list", "run", "spawn", "stop",
            "dmesg", "dev", "net", "xdp", "npf", "ulp", "iptables", "eval");

    static int run(String[] args) {
        PrintStream nul = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Stdio io = new Stdio(new ByteArrayInputStream(new byte[0]), nul, nul, Map.of(), false, false);
        if (args.length > 0) {
            new LuaCommand(io).run(new String[] {"-e", args[0]});
        }
        for (String cmd : KERNEL_COMMANDS) {
            KernelCli.run(new String[] {cmd, "--help"}, RawArgs.utf8(new String[] {cmd, "--help"}), io);
        }
        KernelCli.run(new String[] {"dev", "read", "--help"}, RawArgs.utf8(new String[] {"dev", "read", "--help"}), io);
        byte[] p = Frames.encodeRequest(Map.of("root", KernelCommand.bytes("/")), List.of(KernelCommand.bytes("list")));
        try {
            Frames.decodeRequest(p);
        } catch (Frames.Malformed e) {
            return 1;
        }
        return 0;
    }
}
