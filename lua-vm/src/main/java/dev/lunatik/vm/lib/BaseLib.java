package dev.lunatik.vm.lib;

import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.interp.Errors;
import dev.lunatik.vm.interp.Loader;
import dev.lunatik.vm.interp.LuaThread;
import dev.lunatik.vm.interp.ThreadBody;
import dev.lunatik.vm.interp.Meta;
import dev.lunatik.vm.interp.Pairs;
import dev.lunatik.vm.interp.Protected;
import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.MetaEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * The base library, kernel flavour: {@code assert error getmetatable ipairs load loadfile dofile
 * next pairs pcall print rawequal rawget rawlen rawset select setmetatable tonumber tostring type
 * xpcall warn collectgarbage _G _VERSION}. Numbers are integers only; {@code collectgarbage
 * ("count")} answers in bytes, as an integer.
 */
public final class BaseLib {
    /** The kernel Lua version string. */
    public static final String VERSION = "Lua 5.4-kernel";

    private BaseLib() {}

    /** The base library, opened by every state built with {@code openLibs(true)}. */
    public static final LuaLibrary LIBRARY = new LuaLibrary() {
        @Override
        public String name() {
            return "_G";
        }

        @Override
        public Object open(LuaState state) {
            return BaseLib.open((LuaThread) state.mainThread());
        }
    };

    /** Fills {@code t}'s globals with the base functions; returns the globals table. */
    static LuaTable open(LuaThread t) {
        LuaTable g = t.g.globals;
        g.rawset("_G", g);
        g.rawset("_VERSION", LuaString.valueOf(VERSION));
        leaf(g, "assert", BaseLib::assert_);
        reg(g, "error", BaseLib::error);
        leaf(g, "getmetatable", BaseLib::getmetatable);
        reg(g, "setmetatable", BaseLib::setmetatable);
        JavaFunction next = Pairs.NEXT;
        g.rawset("next", next);
        g.rawset("ipairs", Pairs.IPAIRS);
        g.rawset("pairs", Pairs.PAIRS);
        g.rawset("pcall", Protected.pcall());
        g.rawset("xpcall", Protected.xpcall());
        reg(g, "print", BaseLib::print);
        leaf(g, "rawequal", (th, base, n) -> {
            th.checkAny(base, n, 1);
            th.checkAny(base, n, 2);
            th.set(base, Lua.rawEquals(th.get(base), th.get(base + 1)));
            return 1;
        });
        leaf(g, "rawget", (th, base, n) -> {
            LuaTable tab = th.checkTable(base, n, 1);
            th.checkAny(base, n, 2);
            th.set(base, tab.rawget(th.get(base + 1)));
            return 1;
        });
        reg(g, "rawset", (th, base, n) -> {
            LuaTable tab = th.checkTable(base, n, 1);
            th.checkAny(base, n, 2);
            th.checkAny(base, n, 3);
            Object k = th.get(base + 1);
            if (k == null) throw Errors.rt(th, "table index is nil");
            tab.rawset(k, th.get(base + 2));
            return 1;
        });
        leaf(g, "rawlen", (th, base, n) -> {
            Object v = th.arg(base, n, 1);
            if (v instanceof LuaTable tab) th.setInt(base, tab.length());
            else if (v instanceof LuaString s) th.setInt(base, s.length());
            else throw th.argError(1, "table or string expected" + gotSuffix(th, base, n, 1));
            return 1;
        });
        leaf(g, "select", BaseLib::select);
        leaf(g, "tonumber", BaseLib::tonumber);
        reg(g, "tostring", (th, base, n) -> {
            th.checkAny(base, n, 1);
            th.set(base, Meta.tostring(th, th.get(base)));
            return 1;
        });
        leaf(g, "type", (th, base, n) -> {
            th.checkAny(base, n, 1);
            th.set(base, LuaString.valueOf(Lua.typeName(th.get(base))));
            return 1;
        });
        reg(g, "warn", BaseLib::warn);
        reg(g, "collectgarbage", BaseLib::collectgarbage);
        reg(g, "load", BaseLib::load);
        reg(g, "loadfile", BaseLib::loadfile);
        g.rawset("dofile", dev.lunatik.vm.interp.TailCalling.of("dofile", BaseLib::dofile));
        return g;
    }

    /** Stores a Java function named {@code name}, working on the interpreter's thread, in {@code lib}. */
    public static void reg(LuaTable lib, String name, ThreadBody body) {
        lib.rawset(name, ThreadBody.of(name, body));
    }

    /** As {@link #reg}, for a leaf function ({@link JavaFunction#isLeaf}): compiled code may call it without a frame. */
    static void leaf(LuaTable lib, String name, ThreadBody body) {
        lib.rawset(name, ThreadBody.leaf(name, body));
    }

    static String gotSuffix(LuaThread t, int base, int nargs, int n) {
        if (n > nargs) return ", got no value";
        return ", got " + Lua.typeName(t.get(base + n - 1));
    }

    private static int assert_(LuaThread t, int base, int n) {
        if (n >= 1 && Lua.isTruthy(t.refAt(base))) return n;
        if (n < 1) throw t.argError(1, "value expected");
        Object msg = n >= 2 ? t.get(base + 1) : LuaString.valueOf("assertion failed!");
        if (msg instanceof LuaString s) msg = LuaString.valueOf(Errors.where(t, 1)).concat(s);
        throw new LuaError(msg);
    }

    private static int error(LuaThread t, int base, int n) {
        Object v = t.arg(base, n, 1);
        long level = t.optInteger(base, n, 2, 1);
        if (v instanceof LuaString s && level > 0) {
            v = LuaString.valueOf(Errors.where(t, (int) Math.min(level, Integer.MAX_VALUE))).concat(s);
        }
        throw new LuaError(v);
    }

    private static int getmetatable(LuaThread t, int base, int n) {
        t.checkAny(base, n, 1);
        LuaTable mt = t.g.metatableOf(t.get(base));
        if (mt == null) {
            t.set(base, null);
            return 1;
        }
        Object protect = mt.rawget(MetaEvent.METATABLE.key);
        t.set(base, protect != null ? protect : mt);
        return 1;
    }

    private static int setmetatable(LuaThread t, int base, int n) {
        LuaTable tab = t.checkTable(base, n, 1);
        Object mt = t.arg(base, n, 2);
        if (n < 2 || !(mt == null || mt instanceof LuaTable)) {
            throw t.argError(2, "nil or table expected" + gotSuffix(t, base, n, 2));
        }
        if (tab.getMetatable() != null && tab.getMetatable().rawget(MetaEvent.METATABLE.key) != null) {
            throw t.error("cannot change a protected metatable");
        }
        tab.setMetatable((LuaTable) mt);
        t.g.gc.checkFinalizer(tab, (LuaTable) mt);
        return 1;
    }

    private static int print(LuaThread t, int base, int n) {
        PrintStream out = t.g.stdout;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            if (i > 0) line.write('\t');
            LuaString s = Meta.tostring(t, t.get(base + i));
            line.write(s.bytes(), 0, s.length());
        }
        line.write('\n');
        out.write(line.toByteArray(), 0, line.size());
        out.flush();
        return 0;
    }

    private static int select(LuaThread t, int base, int n) {
        Object first = t.arg(base, n, 1);
        if (first instanceof LuaString s && s.length() == 1 && s.byteAt(0) == '#') {
            t.setInt(base, n - 1);
            return 1;
        }
        long i = t.checkInteger(base, n, 1);
        if (i < 0) i = n + i;
        else if (i > n) i = n;
        if (i < 1) throw t.argError(1, "index out of range");
        int from = base + (int) i;
        int count = n - (int) i;
        for (int k = 0; k < count; k++) {
            t.set(base + k, t.get(from + k));
        }
        return count;
    }

    private static int tonumber(LuaThread t, int base, int n) {
        if (t.isNoneOrNil(base, n, 2)) {
            t.checkAny(base, n, 1);
            Object v = t.get(base);
            if (v instanceof Long) return 1;
            if (v instanceof LuaString s) {
                Long r = Lua.str2int(s);
                t.set(base, r);
                return 1;
            }
            t.set(base, null);
            return 1;
        }
        long b = t.checkInteger(base, n, 2);
        Object v = t.arg(base, n, 1);
        if (!(v instanceof LuaString s)) {
            throw t.argError(1, "string expected" + gotSuffix(t, base, n, 1));
        }
        if (b < 2 || b > 36) throw t.argError(2, "base out of range");
        t.set(base, parseBase(s, (int) b));
        return 1;
    }

    private static Long parseBase(LuaString s, int b) {
        byte[] by = s.bytes();
        int i = 0;
        int len = by.length;
        while (i < len && isSpace(by[i])) i++;
        boolean neg = false;
        if (i < len && by[i] == '-') {
            neg = true;
            i++;
        } else if (i < len && by[i] == '+') {
            i++;
        }
        if (i >= len || Character.digit(by[i], b) < 0 || !isAlnum(by[i])) return null;
        long r = 0;
        while (i < len && isAlnum(by[i])) {
            int d = Character.digit(by[i], b);
            if (d < 0) return null;
            r = r * b + d;
            i++;
        }
        while (i < len && isSpace(by[i])) i++;
        if (i != len) return null;
        return neg ? -r : r;
    }

    private static boolean isAlnum(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || (c >= 9 && c <= 13);
    }

    private static int warn(LuaThread t, int base, int n) {
        if (n < 1) throw t.argError(1, "string expected, got no value");
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) sb.append(t.checkString(base, n, i).toUtf8());
        String msg = sb.toString();
        if (n == 1 && msg.startsWith("@")) {
            if (msg.equals("@on")) t.g.warningsOn = true;
            else if (msg.equals("@off")) t.g.warningsOn = false;
            return 0;
        }
        if (t.g.warningsOn) {
            t.g.stderr.println("Lua warning: " + msg);
            t.g.stderr.flush();
        }
        return 0;
    }

    private static int collectgarbage(LuaThread t, int base, int n) {
        String opt = t.optString(base, n, 1, LuaString.valueOf("collect")).toString();
        dev.lunatik.vm.gc.Collector gc = t.g.gc;
        switch (opt) {
            case "stop", "restart", "collect", "count", "step", "setpause", "setstepmul", "isrunning",
                    "generational", "incremental" -> { }
            default -> throw t.argError(1, "invalid option '" + opt + "'");
        }
        if (gc.inFinalizer()) { // Lua 5.4.7 refuses GC requests from inside a finalizer: fail
            t.set(base, null);
            return 1;
        }
        switch (opt) {
            case "collect":
                gc.fullCollect(t);
                t.setInt(base, 0);
                return 1;
            case "count":
                t.setInt(base, gc.count());
                return 1;
            case "step":
                t.set(base, gc.stepCollect(t, (int) t.optInteger(base, n, 2, 0)));
                return 1;
            case "isrunning":
                t.set(base, gc.isRunning());
                return 1;
            case "stop":
                gc.stop();
                t.setInt(base, 0);
                return 1;
            case "restart":
                gc.restart();
                t.setInt(base, 0);
                return 1;
            case "incremental":
            case "generational": {
                for (int i = 2; i <= (opt.equals("incremental") ? 4 : 3); i++) t.optInteger(base, n, i, 0);
                t.set(base, LuaString.valueOf(gc.setMode(opt)));
                return 1;
            }
            default: { // setpause, setstepmul
                int v = (int) t.optInteger(base, n, 2, 0);
                t.setInt(base, opt.equals("setpause") ? gc.setPause(v) : gc.setStepmul(v));
                return 1;
            }
        }
    }

    private static int load(LuaThread t, int base, int n) {
        // arguments are checked in lbaselib's order: the mode, then the chunk name, then the chunk
        Object chunk = t.arg(base, n, 1);
        if (chunk instanceof Long) chunk = t.checkString(base, n, 1);
        String mode = t.optString(base, n, 3, LuaString.valueOf("bt")).toString();
        Object env = n >= 4 ? t.get(base + 3) : t.g.globals;
        byte[] src;
        String name;
        if (chunk instanceof LuaString s) {
            src = s.bytes();
            name = t.isNoneOrNil(base, n, 2) ? s.toString() : t.checkString(base, n, 2).toString();
        } else {
            name = t.isNoneOrNil(base, n, 2) ? "=(load)" : t.checkString(base, n, 2).toString();
            if (!(chunk instanceof dev.lunatik.vm.value.LuaFunction fn)) {
                throw t.argError(1, "function expected" + gotSuffix(t, base, n, 1));
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try {
                while (true) {
                    Object piece = t.call1(fn);
                    if (piece == null) break;
                    if (!(piece instanceof LuaString ps)) {
                        return fail(t, base, "reader function must return a string");
                    }
                    if (ps.length() == 0) break;
                    buf.write(ps.bytes(), 0, ps.length());
                }
            } catch (LuaError e) {
                t.set(base, null);
                t.set(base + 1, e.value());
                return 2;
            }
            src = buf.toByteArray();
        }
        return loadChunk(t, base, src, name, mode, env);
    }

    private static int fail(LuaThread t, int base, String msg) {
        t.set(base, null);
        t.set(base + 1, LuaString.valueOf(msg));
        return 2;
    }

    private static int loadChunk(LuaThread t, int base, byte[] src, String name, String mode, Object env) {
        boolean binary = Loader.isBinary(src);
        if (binary && mode.indexOf('b') < 0) return fail(t, base, "attempt to load a binary chunk (mode is '" + mode + "')");
        if (!binary && mode.indexOf('t') < 0) return fail(t, base, "attempt to load a text chunk (mode is '" + mode + "')");
        try {
            t.set(base, Loader.load(src, name, env));
            return 1;
        } catch (LuaError e) {
            t.set(base, null);
            t.set(base + 1, e.value());
            return 2;
        }
    }

    private static int loadfile(LuaThread t, int base, int n) {
        LuaString fname = t.optString(base, n, 1, null);
        String mode = t.optString(base, n, 2, LuaString.valueOf("bt")).toString();
        Object env = n >= 3 ? t.get(base + 2) : t.g.globals;
        byte[] src;
        String chunkName;
        try {
            if (fname == null) {
                src = readAll(System.in);
                chunkName = "=stdin";
            } else {
                src = LuaState.of(t).scriptFiles().read(fname.toUtf8());
                chunkName = "@" + fname;
            }
        } catch (dev.lunatik.vm.api.ScriptFiles.OutsideRoot e) {
            return fail(t, base, "cannot open " + fname + " (" + e.getReason() + ")");
        } catch (IOException | RuntimeException e) {
            return fail(t, base, "cannot open " + (fname == null ? "stdin" : fname.toString()));
        }
        return loadChunk(t, base, Loader.fileText(src), chunkName, mode, env);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    /** {@code dofile}: loads the file into {@code base} to be called there (so the chunk may yield). */
    private static int dofile(LuaThread t, int base, int n) {
        int r = loadfile(t, base, Math.min(n, 1));
        if (r == 2) throw new LuaError(t.get(base + 1));
        return 1;
    }
}
