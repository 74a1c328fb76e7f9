package dev.lunatik.cli;

import dev.lunatik.kernel.net.Xtables;
import dev.lunatik.stdlib.StandardLibraries;
import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The user-space half of a Lua iptables extension (Lunatik's {@code luaxt}): {@code
 * libxt_NAME.lua}, run as iptables runs it, in the user's own process, in a host Lua state where
 * {@code require "luaxt"} gives {@code luaxt.match(ops)}, {@code luaxt.target(ops)} and
 * {@code luaxt.family}. For a rule naming the extension, its {@code init(par)} runs, then
 * {@code final_check(flags)}; what it left in {@code par.userargs} (at most 256 bytes; more is cut,
 * as the C plugin does) becomes the rule's arguments, zero-padded to 256 bytes. No plugin file
 * means empty arguments.
 */
final class LuaxtPlugin {
    private LuaxtPlugin() {}

    /** The directories searched: {@code XTABLES_LIBDIR}'s colon-separated entries, else the script root. */
    static List<Path> dirs(java.util.Map<String, String> env) {
        String d = env.get("XTABLES_LIBDIR");
        List<Path> out = new ArrayList<>();
        if (d != null && !d.isEmpty()) {
            for (String s : d.split(":")) {
                if (!s.isEmpty()) out.add(Path.of(s));
            }
        } else {
            out.add(DaemonFiles.scriptRoot(env));
        }
        return out;
    }

    /** Where {@code libxt_NAME.lua} is, or null. */
    static Path find(String name, List<Path> dirs) {
        for (Path d : dirs) {
            Path f = d.resolve("libxt_" + name + ".lua");
            if (Files.isRegularFile(f)) return f;
        }
        return null;
    }

    /**
     * The 256-byte arguments the plugin at {@code file} makes for a rule using extension {@code name}
     * as a match ({@code match}) or a target; IllegalArgumentException with the plugin's error.
     */
    static byte[] userargs(Path file, String name, boolean match, PrintStream out, PrintStream err) {
        LuaTable[] registered = new LuaTable[2]; // [0] match, [1] target
        LuaLibrary luaxt = new LuaLibrary() {
            @Override
            public String name() {
                return "luaxt";
            }

            @Override
            public Object open(LuaState state) {
                LuaTable lib = new LuaTable();
                JavaFunction.register(lib, "match", (S, base, nargs) -> {
                    registered[0] = checkOps(S.checkTable(base, nargs, 1));
                    return 0;
                });
                JavaFunction.register(lib, "target", (S, base, nargs) -> {
                    registered[1] = checkOps(S.checkTable(base, nargs, 1));
                    return 0;
                });
                LuaTable family = new LuaTable();
                String[] names = {"UNSPEC", "INET", "IPV4", "IPV6", "ARP", "NETDEV", "BRIDGE"};
                long[] values = {0, 1, 2, 10, 3, 5, 7};
                for (int i = 0; i < names.length; i++) {
                    family.rawset(LuaString.intern(names[i]), values[i]);
                }
                lib.rawset(LuaString.intern("family"), family);
                return lib;
            }
        };
        String where = file.getFileName().toString();
        try (LuaState L = StandardLibraries.host().modules(List.of(luaxt)).stdout(out).stderr(err)
                .scriptRoot(file.toAbsolutePath().getParent()).build()) {
            L.call(L.loadFile(file));
            LuaTable ops = registered[match ? 0 : 1];
            if (ops == null) {
                throw new IllegalArgumentException(where + " registered no " + (match ? "match" : "target")
                        + " (it calls luaxt." + (match ? "match" : "target") + "{...} for one)");
            }
            LuaTable par = new LuaTable();
            callIf(L, ops, "init", par);
            Object flags = par.rawget(LuaString.valueOf("flags"));
            callIf(L, ops, "final_check", flags instanceof Long ? flags : 0L);
            Object u = par.rawget(LuaString.valueOf("userargs"));
            byte[] bytes = u instanceof LuaString s ? s.bytes() : new byte[0];
            if (bytes.length > Xtables.USERARGS_SIZE) {
                err.println("lunatik: iptables: " + where + ": userargs of " + bytes.length + " bytes cut to " + Xtables.USERARGS_SIZE);
            }
            return Arrays.copyOf(bytes, Xtables.USERARGS_SIZE);
        } catch (LuaError e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static LuaTable checkOps(LuaTable ops) {
        for (String f : new String[] {"revision", "family"}) {
            if (!(ops.rawget(LuaString.valueOf(f)) instanceof Long)) {
                throw new LuaError("bad field '" + f + "' (number expected)");
            }
        }
        return ops;
    }

    private static void callIf(LuaState L, LuaTable ops, String name, Object arg) {
        if (ops.rawget(LuaString.valueOf(name)) instanceof LuaFunction f) {
            L.call(f, arg);
        }
    }
}
