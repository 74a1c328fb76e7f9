package dev.lunatik.stdlib;

import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.LuaUserdata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * The host-only {@code os} library (Lua 5.4's {@code loslib}, integer flavour). Kernel runtimes
 * never get it (kernel Lua has no {@code os}; scripts use {@code linux.time()}); the standalone
 * {@code lunatik lua} provides it for {@code require "os"} or {@code -l os}.
 *
 * <p>{@code clock date difftime exit getenv remove rename setlocale time tmpname}; no
 * {@code execute}. Every number is an integer:
 *
 * <ul>
 *   <li>{@code os.clock()} is the processor time used by the program in <b>milliseconds</b>
 *       (the reference gives seconds as a float; whole seconds would be useless for timing, so
 *       {@code (os.clock() - t0) / 1000} converts). It counts the JVM process (as C's
 *       {@code clock()} counts the process), so it includes JIT and GC threads.
 *   <li>{@code os.time([t])} and {@code os.difftime(t2, t1)} are whole seconds; {@code os.time(t)}
 *       normalizes the fields of {@code t} in place as {@code mktime} does.
 *   <li>{@code os.date} supports the C99 {@code strftime} conversions Lua 5.4 accepts (with the
 *       {@code E}/{@code O} modifiers), in the C locale, and {@code "*t"}/{@code "!*t"}. Dates
 *       are {@code java.time}'s: years beyond &plusmn;999,999,999 give "date/time result cannot be
 *       represented in this installation" (C with a 64-bit {@code time_t} reaches the C {@code int}
 *       year limit, about 2.1 billion).
 *   <li>{@code os.setlocale} knows only the C locale ({@code "C"}, {@code "POSIX"}, {@code ""}).
 *   <li>{@code os.exit([code [, close]])} never ends the JVM itself: it calls the state's
 *       {@link ExitHandler} ({@link #setExitHandler}); the default throws an {@link ExitRequest},
 *       which no {@code pcall} catches, for the host to turn into an exit status (the
 *       {@code lua} command returns it from {@code Main.run}, and {@code main} exits with it).
 *   <li>{@code os.getenv} reads {@link System#getenv()} unless the host gives the state another
 *       environment ({@link #setEnvironment}).
 * </ul>
 */
public final class OsLib {
    private OsLib() {}

    /** Registry key of this state's host settings (exit handler, environment). */
    private static final String HOST_KEY = "lunatik.os";

    /** What {@code os.exit} calls. */
    @FunctionalInterface
    public interface ExitHandler {
        /**
         * Ends the program with {@code status}; {@code close} asks for the state to be closed
         * first. Should not return; if it does, {@code os.exit} throws an {@link ExitRequest}.
         */
        void exit(int status, boolean close);
    }

    /**
     * {@code os.exit} was called: the program asks to end with {@link #status()}. An
     * {@link Error}, not an exception, so that neither Lua's {@code pcall} nor the interpreter's
     * internal-error handling intercepts it on its way to the host.
     */
    public static final class ExitRequest extends Error {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final boolean close;

        public ExitRequest(int status, boolean close) {
            super("os.exit(" + status + ")", null, false, false);
            this.status = status;
            this.close = close;
        }

        /** The exit status the script asked for. */
        public int status() {
            return status;
        }

        /** Whether the script asked for the state to be closed before exiting. */
        public boolean close() {
            return close;
        }
    }

    /** Per-state settings the host may change. */
    private static final class Host {
        ExitHandler exit = (status, close) -> {
            throw new ExitRequest(status, close);
        };
        Map<String, String> env;
    }

    /** Makes {@code os.exit} in {@code state} call {@code handler}. */
    public static void setExitHandler(LuaState state, ExitHandler handler) {
        host(state).exit = java.util.Objects.requireNonNull(handler, "handler");
    }

    /** Makes {@code os.getenv} in {@code state} read {@code env} (null: the process environment). */
    public static void setEnvironment(LuaState state, Map<String, String> env) {
        host(state).env = env;
    }

    private static Host host(LuaState state) {
        if (state.registry().rawget(HOST_KEY) instanceof LuaUserdata u && u.payload() instanceof Host h) return h;
        Host h = new Host();
        state.registry().rawset(HOST_KEY, new LuaUserdata(h, null));
        return h;
    }

    /** The library, for {@link LuaState#openLibrary} or {@link LuaState#provideModule}. */
    public static final LuaLibrary LIBRARY = new LuaLibrary() {
        @Override
        public String name() {
            return "os";
        }

        @Override
        public Object open(LuaState state) {
            LuaTable lib = new LuaTable();
            JavaFunction.register(lib, "clock", (t, base, n) -> {
                t.setInt(base, cpuMillis());
                return 1;
            });
            JavaFunction.register(lib, "date", OsLib::date);
            JavaFunction.register(lib, "difftime", (t, base, n) -> {
                long t2 = t.checkInteger(base, n, 1);
                long t1 = t.checkInteger(base, n, 2);
                t.setInt(base, t2 - t1);
                return 1;
            });
            JavaFunction.register(lib, "exit", (t, base, n) -> {
                Object code = t.arg(base, n, 1);
                int status;
                if (code instanceof Boolean b) status = b ? 0 : 1;
                else status = (int) t.optInteger(base, n, 1, 0);
                boolean close = Lua.isTruthy(t.arg(base, n, 2));
                host(state).exit.exit(status, close);
                throw new ExitRequest(status, close);
            });
            JavaFunction.register(lib, "getenv", (t, base, n) -> {
                String name = t.checkString(base, n, 1).toUtf8();
                Map<String, String> env = host(state).env;
                String v = env != null ? env.get(name) : System.getenv(name);
                t.set(base, v == null ? null : LuaString.valueOf(v));
                return 1;
            });
            JavaFunction.register(lib, "remove", (t, base, n) -> {
                LuaString name = t.checkString(base, n, 1);
                try {
                    Files.delete(HostIo.path(name));
                    t.set(base, Boolean.TRUE);
                    return 1;
                } catch (IOException e) {
                    return HostIo.fail(t, base, e, name);
                }
            });
            JavaFunction.register(lib, "rename", (t, base, n) -> {
                LuaString from = t.checkString(base, n, 1);
                LuaString to = t.checkString(base, n, 2);
                try {
                    Path src = HostIo.path(from);
                    if (!Files.exists(src, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        throw new java.nio.file.NoSuchFileException(from.toString());
                    }
                    Files.move(src, HostIo.path(to), StandardCopyOption.ATOMIC_MOVE);
                    t.set(base, Boolean.TRUE);
                    return 1;
                } catch (IOException e) {
                    return HostIo.fail(t, base, e, null);
                }
            });
            JavaFunction.register(lib, "setlocale", (t, base, n) -> {
                LuaString l = t.optString(base, n, 1, null);
                String cat = t.optString(base, n, 2, LuaString.valueOf("all")).toString();
                if (!java.util.List.of("all", "collate", "ctype", "monetary", "numeric", "time").contains(cat)) {
                    throw t.argError(2, "invalid option '" + cat + "'");
                }
                String s = l == null ? "C" : l.toString();
                boolean c = s.equals("C") || s.equals("POSIX") || s.isEmpty();
                t.set(base, c ? LuaString.valueOf("C") : null);
                return 1;
            });
            JavaFunction.register(lib, "time", OsLib::time);
            JavaFunction.register(lib, "tmpname", (t, base, n) -> {
                try {
                    Path p = Files.createTempFile("lua_", "");
                    t.set(base, LuaString.valueOf(p.toString()));
                    return 1;
                } catch (IOException | RuntimeException e) {
                    throw HostIo.error(t, "unable to generate a unique filename");
                }
            });
            return lib;
        }
    };

    // ------------------------------------------------------------------ clock

    private static final long START = System.nanoTime();

    /**
     * The platform's operating-system bean, made on the first {@code os.clock}: making it
     * initializes the management classes, some 15 ms that a script which never asks should not pay.
     */
    private static final class Cpu {
        static final java.lang.management.OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();
    }

    /** Processor time of the JVM process in milliseconds (wall time since start when the platform cannot tell). */
    static long cpuMillis() {
        if (Cpu.OS instanceof com.sun.management.OperatingSystemMXBean sun) {
            long ns = sun.getProcessCpuTime();
            if (ns >= 0) return ns / 1_000_000;
        }
        return (System.nanoTime() - START) / 1_000_000;
    }

    // ------------------------------------------------------------------ time

    private static final String[] DATE_FIELDS = {"year", "month", "day", "hour", "min", "sec"};
    private static final LuaString YEAR = LuaString.valueOf("year"), MONTH = LuaString.valueOf("month"),
            DAY = LuaString.valueOf("day"), HOUR = LuaString.valueOf("hour"), MIN = LuaString.valueOf("min"),
            SEC = LuaString.valueOf("sec"), YDAY = LuaString.valueOf("yday"), WDAY = LuaString.valueOf("wday"),
            ISDST = LuaString.valueOf("isdst");

    static int time(LuaStack t, int base, int n) {
        if (t.isNoneOrNil(base, n, 1)) {
            t.setInt(base, Math.floorDiv(System.currentTimeMillis(), 1000));
            return 1;
        }
        LuaTable tab = t.checkTable(base, n, 1);
        long[] v = new long[6];
        int[] defaults = {-1, -1, -1, 12, 0, 0};
        int[] deltas = {1900, 1, 0, 0, 0, 0};
        for (int i = 0; i < 6; i++) v[i] = getField(t, tab, DATE_FIELDS[i], defaults[i], deltas[i]);
        t.index(tab, ISDST);
        ZonedDateTime d;
        try {
            LocalDateTime ldt = LocalDateTime.of(Math.toIntExact(v[0] + 1900), 1, 1, 0, 0)
                    .plusMonths(v[1]).plusDays(v[2] - 1).plusHours(v[3]).plusMinutes(v[4]).plusSeconds(v[5]);
            d = ldt.atZone(ZoneId.systemDefault());
        } catch (DateTimeException | ArithmeticException e) {
            throw HostIo.error(t, "time result cannot be represented in this installation");
        }
        setAllFields(t, tab, d, ZoneId.systemDefault());
        t.setInt(base, d.toEpochSecond());
        return 1;
    }

    /** Lua's {@code getfield} of {@code os.time}: an integer field less {@code delta}, in C int range. */
    private static long getField(LuaStack t, LuaTable tab, String key, int def, int delta) {
        Object v = t.index(tab, LuaString.valueOf(key));
        Long i = v instanceof Long l ? l : v instanceof LuaString s ? Lua.str2int(s) : null;
        if (i == null) {
            if (v != null) throw HostIo.error(t, "field '" + key + "' is not an integer");
            if (def < 0) throw HostIo.error(t, "field '" + key + "' missing in date table");
            return def;
        }
        long r = i;
        if (!(r >= 0 ? r - delta <= Integer.MAX_VALUE : Integer.MIN_VALUE + delta <= r)) {
            throw HostIo.error(t, "field '" + key + "' is out-of-bound");
        }
        return r - delta;
    }

    private static void setAllFields(LuaStack t, LuaTable tab, ZonedDateTime d, ZoneId zone) {
        t.setIndex(tab, YEAR, (long) d.getYear());
        t.setIndex(tab, MONTH, (long) d.getMonthValue());
        t.setIndex(tab, DAY, (long) d.getDayOfMonth());
        t.setIndex(tab, HOUR, (long) d.getHour());
        t.setIndex(tab, MIN, (long) d.getMinute());
        t.setIndex(tab, SEC, (long) d.getSecond());
        t.setIndex(tab, YDAY, (long) d.getDayOfYear());
        t.setIndex(tab, WDAY, (long) (d.getDayOfWeek().getValue() % 7 + 1));
        t.setIndex(tab, ISDST, isDst(d, zone));
    }

    private static boolean isDst(ZonedDateTime d, ZoneId zone) {
        return !(zone instanceof ZoneOffset) && zone.getRules().isDaylightSavings(d.toInstant());
    }

    // ------------------------------------------------------------------ date

    private static final String SINGLE = "aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%";
    private static final String E_MOD = "cCxXyY";
    private static final String O_MOD = "deHImMSuUVwWy";

    static int date(LuaStack t, int base, int n) {
        LuaString fmt = t.optString(base, n, 1, LuaString.valueOf("%c"));
        long when = t.isNoneOrNil(base, n, 2) ? Math.floorDiv(System.currentTimeMillis(), 1000) : t.checkInteger(base, n, 2);
        byte[] f = fmt.bytes();
        int i = 0;
        ZoneId zone = ZoneId.systemDefault();
        if (f.length > 0 && f[0] == '!') {
            zone = ZoneOffset.UTC;
            i = 1;
        }
        ZonedDateTime d;
        try {
            d = Instant.ofEpochSecond(when).atZone(zone);
        } catch (DateTimeException | ArithmeticException e) {
            throw HostIo.error(t, "date result cannot be represented in this installation");
        }
        if (f.length - i == 2 && f[i] == '*' && f[i + 1] == 't') {
            LuaTable tab = new LuaTable(0, 9);
            setAllFields(t, tab, d, zone);
            t.set(base, tab);
            return 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (i < f.length) {
            if (f[i] != '%') {
                out.write(f[i++]);
                continue;
            }
            i++;
            char c = i < f.length ? (char) (f[i] & 0xFF) : 0;
            char conv;
            if (c != 0 && SINGLE.indexOf(c) >= 0) {
                conv = c;
                i++;
            } else if ((c == 'E' || c == 'O') && i + 1 < f.length
                    && (c == 'E' ? E_MOD : O_MOD).indexOf((char) (f[i + 1] & 0xFF)) >= 0) {
                conv = (char) (f[i + 1] & 0xFF);
                i += 2;
            } else {
                String rest = new String(f, i, f.length - i, StandardCharsets.ISO_8859_1);
                throw t.argError(1, "invalid conversion specifier '%" + rest + "'");
            }
            try {
                out.writeBytes(strftime(conv, d, zone).getBytes(StandardCharsets.ISO_8859_1));
            } catch (DateTimeException e) { // e.g. an ISO week-based year past java.time's range
                throw HostIo.error(t, "date result cannot be represented in this installation");
            }
        }
        t.set(base, LuaString.wrap(out.toByteArray()));
        return 1;
    }

    /** One {@code strftime} conversion in the C locale. */
    static String strftime(char c, ZonedDateTime d, ZoneId zone) {
        int wday = d.getDayOfWeek().getValue() % 7; // 0 = Sunday
        int yday = d.getDayOfYear() - 1;
        return switch (c) {
            case 'a' -> d.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US);
            case 'A' -> d.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US);
            case 'b', 'h' -> d.getMonth().getDisplayName(TextStyle.SHORT, Locale.US);
            case 'B' -> d.getMonth().getDisplayName(TextStyle.FULL, Locale.US);
            case 'c' -> strftime('a', d, zone) + " " + strftime('b', d, zone) + " " + strftime('e', d, zone) + " "
                    + strftime('T', d, zone) + " " + d.getYear();
            case 'C' -> pad(Math.floorDiv(d.getYear(), 100), 2);
            case 'd' -> pad(d.getDayOfMonth(), 2);
            case 'D', 'x' -> strftime('m', d, zone) + "/" + strftime('d', d, zone) + "/" + strftime('y', d, zone);
            case 'e' -> String.format("%2d", d.getDayOfMonth());
            case 'F' -> d.getYear() + "-" + strftime('m', d, zone) + "-" + strftime('d', d, zone);
            case 'g' -> pad(Math.floorMod(d.get(IsoFields.WEEK_BASED_YEAR), 100), 2);
            case 'G' -> String.valueOf(d.get(IsoFields.WEEK_BASED_YEAR));
            case 'H' -> pad(d.getHour(), 2);
            case 'I' -> pad((d.getHour() + 11) % 12 + 1, 2);
            case 'j' -> pad(yday + 1, 3);
            case 'm' -> pad(d.getMonthValue(), 2);
            case 'M' -> pad(d.getMinute(), 2);
            case 'n' -> "\n";
            case 'p' -> d.getHour() < 12 ? "AM" : "PM";
            case 'r' -> strftime('I', d, zone) + ":" + strftime('M', d, zone) + ":" + strftime('S', d, zone) + " "
                    + strftime('p', d, zone);
            case 'R' -> strftime('H', d, zone) + ":" + strftime('M', d, zone);
            case 'S' -> pad(d.getSecond(), 2);
            case 't' -> "\t";
            case 'T', 'X' -> strftime('H', d, zone) + ":" + strftime('M', d, zone) + ":" + strftime('S', d, zone);
            case 'u' -> String.valueOf(d.getDayOfWeek().getValue());
            case 'U' -> pad((yday + 7 - wday) / 7, 2);
            case 'V' -> pad(d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2);
            case 'w' -> String.valueOf(wday);
            case 'W' -> pad((yday + 7 - (wday + 6) % 7) / 7, 2);
            case 'y' -> pad(Math.floorMod(d.getYear(), 100), 2);
            case 'Y' -> String.valueOf(d.getYear());
            case 'z' -> {
                int off = d.getOffset().getTotalSeconds() / 60;
                yield (off < 0 ? "-" : "+") + pad(Math.abs(off) / 60, 2) + pad(Math.abs(off) % 60, 2);
            }
            case 'Z' -> zone instanceof ZoneOffset ? "GMT"
                    : TimeZone.getTimeZone(zone).getDisplayName(isDst(d, zone), TimeZone.SHORT, Locale.US);
            case '%' -> "%";
            default -> throw new IllegalArgumentException("conversion " + c);
        };
    }

    private static String pad(long v, int width) {
        String s = Long.toString(v);
        if (v < 0) return s;
        return "0".repeat(Math.max(0, width - s.length())) + s;
    }
}
