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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The user-space half of a Lua iptables extension (Lunatik's {@code luaxt}): {@code
 * libxt_NAME.lua}, run as iptables runs it, in the user's own process, in a host Lua state where
 * {@code io} and {@code os} are open (as {@code luaL_openlibs} opens them) and
 * {@code require "luaxt"} gives {@code luaxt.match(ops)}, {@code luaxt.target(ops)} and
 * {@code luaxt.family}. The callbacks of {@code ops} run where iptables runs them:
 * <ul>
 *   <li>{@code help()} for {@code iptables -m NAME -h} (or {@code -j NAME -h});
 *   <li>for a new rule, {@code init(par)}, then {@code parse(par)} once per option of the
 *       extension, then {@code final_check(flags)}; what {@code par.userargs} holds at the end (at
 *       most 256 bytes; more is cut, as the C plugin does) becomes the rule's arguments,
 *       zero-padded to 256 bytes, and {@code par.flags} is carried from call to call;
 *   <li>{@code print(userargs)} for {@code iptables -L} and {@code save(userargs)} for
 *       {@code iptables -S}, whose output goes in the rule's line (the userargs up to their first
 *       zero byte, as the C plugin passes a C string).
 * </ul>
 * The C plugin declares no options, so a real iptables never calls {@code parse}; here an option
 * after {@code -m NAME} or {@code -j NAME} that iptables itself does not know goes to that
 * extension: {@code par} then also holds {@code option} (its name without the dashes),
 * {@code argument} (the word after it unless that starts with a dash, else nil) and {@code invert}
 * (a {@code !} before it), and a {@code parse} that returns false refuses the option. No plugin
 * file means empty arguments and no options.
 */
final class LuaxtPlugin implements AutoCloseable {
    /** An extension option from the command line. */
    record Opt(String name, String argument, boolean invert) {
        @Override
        public String toString() {
            return (invert ? "! " : "") + "--" + name + (argument == null ? "" : " " + argument);
        }
    }

    private final String where;
    private final LuaState state;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final PrintStream out;
    private final PrintStream err;
    private final PrintStream sink;
    private boolean capturing;
    private final LuaTable[] registered = new LuaTable[2]; // [0] match, [1] target

    private LuaxtPlugin(Path file, PrintStream out, PrintStream err) {
        this.where = file.getFileName().toString();
        this.out = out;
        this.err = err;
        // what the plugin prints goes to our output, or to a buffer while print/save run
        this.sink = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                if (capturing) captured.write(b);
                else out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (capturing) captured.write(b, off, len);
                else out.write(b, off, len);
            }

            @Override
            public void flush() {
                out.flush();
            }
        }, true, StandardCharsets.UTF_8);
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
        // a user-space Lua as luaxt.c makes it (luaL_openlibs): io and os are globals here
        this.state = StandardLibraries.kernel().libraries(StandardLibraries.HOST_MODULES).modules(List.of(luaxt)).stdout(sink).stderr(err)
                .scriptRoot(file.toAbsolutePath().getParent()).build();
        try {
            state.call(state.loadFile(file));
        } catch (LuaError | IOException e) {
            state.close();
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

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

    /** Loads the plugin at {@code file}; IllegalArgumentException with its error. */
    static LuaxtPlugin load(Path file, PrintStream out, PrintStream err) {
        return new LuaxtPlugin(file, out, err);
    }

    private LuaTable ops(boolean match) {
        LuaTable ops = registered[match ? 0 : 1];
        if (ops == null) {
            throw new IllegalArgumentException(where + " registered no " + kind(match)
                    + " (it calls luaxt." + kind(match) + "{...} for one)");
        }
        return ops;
    }

    private static String kind(boolean match) {
        return match ? "match" : "target";
    }

    /**
     * The 256-byte arguments of a rule using this plugin's extension as a match ({@code match}) or
     * a target, given the extension's {@code options}; IllegalArgumentException with the plugin's
     * error or for an option its {@code parse} refuses.
     */
    byte[] userargs(String name, boolean match, List<Opt> options) {
        LuaTable ops = ops(match);
        try {
            LuaTable par = new LuaTable();
            callIf(ops, "init", par);
            Object flags = flags(par, 0L);
            Object userargs = par.rawget("userargs");
            for (Opt o : options) {
                LuaTable p = new LuaTable();
                p.rawset("option", LuaString.valueOf(o.name()));
                if (o.argument() != null) p.rawset("argument", LuaString.valueOf(o.argument()));
                p.rawset("invert", o.invert());
                p.rawset("flags", flags);
                if (userargs instanceof LuaString) p.rawset("userargs", userargs);
                Object[] r = ops.rawget("parse") instanceof LuaFunction f ? state.call(f, p) : new Object[0];
                if (r.length == 0 || r[0] == null || Boolean.FALSE.equals(r[0])) {
                    throw new IllegalArgumentException("unknown option \"" + o + "\" for " + kind(match) + " " + name
                            + " (its libxt_" + name + ".lua parse did not take it)");
                }
                flags = flags(p, flags);
                if (p.rawget("userargs") instanceof LuaString s) userargs = s;
            }
            callIf(ops, "final_check", flags);
            byte[] bytes = userargs instanceof LuaString s ? s.bytes() : new byte[0];
            if (bytes.length > Xtables.USERARGS_SIZE) {
                sink.flush();
                err.println("lunatik: iptables: " + where + ": userargs of " + bytes.length
                        + " bytes cut to " + Xtables.USERARGS_SIZE);
            }
            return Arrays.copyOf(bytes, Xtables.USERARGS_SIZE);
        } catch (LuaError e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static Object flags(LuaTable par, Object otherwise) {
        Object f = par.rawget("flags");
        return f instanceof Long ? f : otherwise;
    }

    /** Runs the extension's {@code help()} (its text goes to our output). */
    void help(boolean match) {
        try {
            callIf(ops(match), "help", null);
        } catch (LuaError e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    /**
     * What the extension's {@code print} ({@code save} when {@code save}) writes for a rule with
     * arguments {@code userargs}, without a final newline; null when it has no such function.
     */
    String show(boolean match, boolean save, byte[] userargs) {
        if (!(ops(match).rawget(save ? "save" : "print") instanceof LuaFunction f)) {
            return null;
        }
        int n = 0;
        while (n < userargs.length && userargs[n] != 0) n++;
        capturing = true;
        captured.reset();
        try {
            state.call(f, LuaString.copyOf(userargs, 0, n));
        } catch (LuaError e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        } finally {
            sink.flush();
            capturing = false;
        }
        String s = captured.toString(StandardCharsets.UTF_8);
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static LuaTable checkOps(LuaTable ops) {
        for (String f : new String[] {"revision", "family"}) {
            if (!(ops.rawget(LuaString.valueOf(f)) instanceof Long)) {
                throw new LuaError("bad field '" + f + "' (number expected)");
            }
        }
        return ops;
    }

    private void callIf(LuaTable ops, String name, Object arg) {
        if (ops.rawget(LuaString.valueOf(name)) instanceof LuaFunction f) {
            if (arg == null) state.call(f);
            else state.call(f, arg);
        }
    }

    @Override
    public void close() {
        sink.flush();
        out.flush();
        state.close();
    }
}
