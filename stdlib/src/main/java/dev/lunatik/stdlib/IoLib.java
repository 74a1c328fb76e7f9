package dev.lunatik.stdlib;

import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.LuaUserdata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The host-only {@code io} library (Lua 5.4's {@code liolib}, integer flavour). Kernel runtimes
 * never get it; the standalone {@code lunatik lua} provides it for {@code require "io"} (or
 * {@code -l io}), which does not set a global of its own, as with the reference {@code lua}.
 *
 * <p>{@code io.close flush input lines open output read tmpfile type write}, {@code io.stdin
 * stdout stderr}, and file methods {@code close flush lines read seek setvbuf write}, with
 * {@code __close}, {@code __gc}, {@code __tostring} ("file (0x...)", "file (closed)") and
 * {@code __name} "FILE*". Differences from the reference:
 *
 * <ul>
 *   <li>{@code read("n")} reads a numeral as Lua does but only an integer converts: "3.5" and
 *       "1e3" are consumed and read as fail (nil), as a kernel build would.
 *   <li>{@code io.popen} raises "'popen' not supported" (Lua's message on systems without it).
 *   <li>The standard streams are the state's ({@link LuaState.Builder#stdin},
 *       {@link LuaState.Builder#stdout}, {@link LuaState.Builder#stderr}; output follows
 *       {@link LuaState#stdout()} when it changes), so a host can capture them.
 *   <li>Files are buffered in Java; as there are no finalizers yet, a host should call
 *       {@link #flushAll} before it exits (the {@code lua} command does), which C's
 *       {@code exit} does for unclosed {@code FILE}s.
 *   <li>Failures return {@code nil, "name: reason", errno} as {@code luaL_fileresult} does, with
 *       Linux's {@code strerror} texts and {@code errno} numbers mapped from Java's exceptions.
 * </ul>
 */
public final class IoLib {
    private IoLib() {}

    /** Registry key of this state's io context (a userdata the host reaches via {@link #flushAll}). */
    private static final String CONTEXT_KEY = "lunatik.io";

    /** Most formats {@code lines} accepts (Lua's MAXARGLINE). */
    private static final int MAX_LINE_ARGS = 250;
    /** Longest numeral {@code read("n")} reads (Lua's L_MAXLENNUM). */
    private static final int MAX_NUMERAL = 200;

    /** The library, for {@link LuaState#openLibrary} or {@link LuaState#provideModule}. */
    public static final LuaLibrary LIBRARY = new LuaLibrary() {
        @Override
        public String name() {
            return "io";
        }

        @Override
        public Object open(LuaState state) {
            Io io = new Io(state);
            state.registry().rawset(CONTEXT_KEY, new LuaUserdata(io, null));
            return io.lib;
        }
    };

    /**
     * Flushes every file the state's {@code io} library has open, and its standard output and
     * error streams (what C's {@code exit} does for {@code FILE}s). No-op when {@code io} was never
     * opened in {@code state}. Returns silently on I/O errors.
     */
    public static void flushAll(LuaState state) {
        if (!(state.registry().rawget(CONTEXT_KEY) instanceof LuaUserdata u) || !(u.payload() instanceof Io io)) return;
        for (LuaFile f : io.open.toArray(new LuaFile[0])) {
            try {
                f.flush();
            } catch (IOException ignored) {
                // as exit(): nothing to report to
            }
        }
        state.stdout().flush();
        state.stderr().flush();
    }

    private static final LuaString IO_INPUT = LuaString.valueOf("_IO_input");
    private static final LuaString IO_OUTPUT = LuaString.valueOf("_IO_output");

    /** One state's io library: its metatable, standard files and default input/output. */
    private static final class Io {
        final LuaState state;
        final LuaTable lib = new LuaTable();
        final LuaTable meta = new LuaTable();
        /** Regular files not closed yet (for {@link #flushAll}). */
        final Set<LuaFile> open = new LinkedHashSet<>();
        LuaUserdata input;
        LuaUserdata output;

        Io(LuaState state) {
            this.state = state;
            LuaTable methods = new LuaTable();
            JavaFunction.register(methods, "read", (t, base, n) -> read(t, base, n, checkOpen(t, base, n), 2));
            JavaFunction.register(methods, "write", (t, base, n) -> write(t, base, n, checkOpen(t, base, n), 2, t.get(base)));
            JavaFunction.register(methods, "lines", (t, base, n) -> {
                checkOpen(t, base, n);
                return lines(t, base, n, (LuaUserdata) t.get(base), false);
            });
            JavaFunction.register(methods, "flush", (t, base, n) -> flush(t, base, checkOpen(t, base, n)));
            JavaFunction.register(methods, "seek", this::seek);
            JavaFunction.register(methods, "close", (t, base, n) -> {
                checkOpen(t, base, n);
                return close(t, base, (LuaUserdata) t.get(base));
            });
            JavaFunction.register(methods, "setvbuf", this::setvbuf);
            meta.rawset("__name", LuaString.valueOf("FILE*"));
            meta.rawset("__index", methods);
            JavaFunction gc = JavaFunction.of("__gc", (t, base, n) -> {
                LuaUserdata u = checkFile(t, base, n);
                if (!file(u).isClosed() && !file(u).standard) close(t, base, u);
                return 0;
            });
            meta.rawset("__gc", gc);
            meta.rawset("__close", gc);
            JavaFunction.register(meta, "__tostring", (t, base, n) -> {
                LuaFile f = file(checkFile(t, base, n));
                t.set(base, LuaString.valueOf(f.isClosed() ? "file (closed)" : "file (" + Lua.address(f) + ")"));
                return 1;
            });
            state.registry().rawset("FILE*", meta);

            LuaUserdata stdin = handle(LuaFile.stdin(state.stdin()));
            LuaUserdata stdout = handle(LuaFile.stdout(state::stdout));
            LuaUserdata stderr = handle(LuaFile.stdout(state::stderr));
            setInput(stdin);
            setOutput(stdout);
            lib.rawset("stdin", stdin);
            lib.rawset("stdout", stdout);
            lib.rawset("stderr", stderr);
            JavaFunction.register(lib, "close", (t, base, n) -> {
                if (n == 0) {
                    t.set(base, output);
                    n = 1;
                }
                checkOpen(t, base, n);
                return close(t, base, (LuaUserdata) t.get(base));
            });
            JavaFunction.register(lib, "flush", (t, base, n) -> flush(t, base, defaultFile(t, output, "output")));
            JavaFunction.register(lib, "input", (t, base, n) -> {
                if (!t.isNoneOrNil(base, n, 1)) setInput(setDefault(t, base, n, "r"));
                t.set(base, input);
                return 1;
            });
            JavaFunction.register(lib, "output", (t, base, n) -> {
                if (!t.isNoneOrNil(base, n, 1)) setOutput(setDefault(t, base, n, "w"));
                t.set(base, output);
                return 1;
            });
            JavaFunction.register(lib, "lines", this::ioLines);
            JavaFunction.register(lib, "open", this::ioOpen);
            JavaFunction.register(lib, "popen", (t, base, n) -> {
                t.checkString(base, n, 1);
                throw HostIo.error(t, "'popen' not supported");
            });
            JavaFunction.register(lib, "read", (t, base, n) -> read(t, base, n, defaultFile(t, input, "input"), 1));
            JavaFunction.register(lib, "tmpfile", (t, base, n) -> {
                try {
                    t.set(base, handle(track(LuaFile.temporary())));
                    return 1;
                } catch (IOException e) {
                    return HostIo.fail(t, base, e, null);
                }
            });
            JavaFunction.register(lib, "type", (t, base, n) -> {
                t.checkAny(base, n, 1);
                Object v = t.get(base);
                if (v instanceof LuaUserdata u && u.payload() instanceof LuaFile f) {
                    t.set(base, LuaString.valueOf(f.isClosed() ? "closed file" : "file"));
                } else {
                    t.set(base, null);
                }
                return 1;
            });
            JavaFunction.register(lib, "write", (t, base, n) -> write(t, base, n, defaultFile(t, output, "output"), 1, output));
        }

        /** A new file handle, marked for finalization (its {@code __gc} closes a forgotten file). */
        private LuaUserdata handle(LuaFile f) {
            return state.newUserdata(f, meta, 0); // as Lua's files: no user values
        }

        /*
         * The default files are also kept in the registry (as liolib does): the collector does not
         * see Java fields, and a default file reachable only from here must not be finalized.
         */
        private void setInput(LuaUserdata u) {
            input = u;
            state.registry().rawset(IO_INPUT, u);
        }

        private void setOutput(LuaUserdata u) {
            output = u;
            state.registry().rawset(IO_OUTPUT, u);
        }

        private LuaFile track(LuaFile f) {
            open.add(f);
            return f;
        }

        private static LuaFile file(LuaUserdata u) {
            return (LuaFile) u.payload();
        }

        /** Argument 1 must be a file handle (open or closed): "FILE* expected". */
        private static LuaUserdata checkFile(LuaStack t, int base, int n) {
            if (n >= 1 && t.get(base) instanceof LuaUserdata u && u.payload() instanceof LuaFile) return u;
            throw t.typeError(base, n, 1, "FILE*");
        }

        /** Argument 1 must be an open file handle. */
        private static LuaFile checkOpen(LuaStack t, int base, int n) {
            LuaFile f = file(checkFile(t, base, n));
            if (f.isClosed()) throw HostIo.error(t, "attempt to use a closed file");
            return f;
        }

        private static LuaFile defaultFile(LuaStack t, LuaUserdata u, String which) {
            LuaFile f = file(u);
            if (f.isClosed()) throw HostIo.error(t, "default " + which + " file is closed");
            return f;
        }

        /** {@code io.input(x)} / {@code io.output(x)}: x a file name (opened or error) or a file handle. */
        private LuaUserdata setDefault(LuaStack t, int base, int n, String mode) {
            Object v = t.get(base);
            if (v instanceof LuaString || v instanceof Long) {
                return openOrRaise(t, t.checkString(base, n, 1), mode);
            }
            checkOpen(t, base, n);
            return (LuaUserdata) v;
        }

        /** {@code opencheck}: a new handle, or the error "cannot open file 'name' (reason)". */
        private LuaUserdata openOrRaise(LuaStack t, LuaString name, String mode) {
            try {
                return handle(track(LuaFile.open(HostIo.path(name), mode)));
            } catch (IOException e) {
                throw HostIo.error(t, "cannot open file '" + name + "' (" + HostIo.strerror(e) + ")");
            }
        }

        int ioOpen(LuaStack t, int base, int n) {
            LuaString name = t.checkString(base, n, 1);
            String mode = t.optString(base, n, 2, LuaString.valueOf("r")).toString();
            if (!validMode(mode)) throw t.argError(2, "invalid mode");
            try {
                t.set(base, handle(track(LuaFile.open(HostIo.path(name), mode))));
                return 1;
            } catch (IOException e) {
                return HostIo.fail(t, base, e, name);
            }
        }

        /** C's {@code fopen} modes Lua accepts: {@code [rwa]%+?b*}. */
        static boolean validMode(String m) {
            if (m.isEmpty() || "rwa".indexOf(m.charAt(0)) < 0) return false;
            int i = 1;
            if (i < m.length() && m.charAt(i) == '+') i++;
            for (; i < m.length(); i++) if (m.charAt(i) != 'b') return false;
            return true;
        }

        int ioLines(LuaStack t, int base, int n) {
            if (n == 0) {
                t.set(base, null);
                n = 1;
            }
            if (t.get(base) == null) {
                t.set(base, input);
                checkOpen(t, base, n);
                return lines(t, base, n, input, false);
            }
            LuaUserdata u = openOrRaise(t, t.checkString(base, n, 1), "r");
            t.set(base, u);
            lines(t, base, n, u, true);
            t.set(base + 1, null);
            t.set(base + 2, null);
            t.set(base + 3, u);
            return 4;
        }

        /** The iterator of {@code lines}: reads with the formats at {@code base+1..}; closes the file at the end when {@code toClose}. */
        private int lines(LuaStack t, int base, int n, LuaUserdata u, boolean toClose) {
            int nfmt = n - 1;
            if (nfmt > MAX_LINE_ARGS) throw t.argError(MAX_LINE_ARGS + 2, "too many arguments");
            Object[] formats = new Object[nfmt];
            for (int i = 0; i < nfmt; i++) formats[i] = t.get(base + 1 + i);
            LuaFile f = file(u);
            t.set(base, JavaFunction.capturing("lines_iterator", (th, b, nargs) -> {
                if (f.isClosed()) throw HostIo.error(th, "file is already closed");
                th.ensure(b + formats.length + 3 + LuaStack.MIN_STACK);
                th.set(b, u);
                for (int i = 0; i < formats.length; i++) th.set(b + 1 + i, formats[i]);
                int r = read(th, b, formats.length + 1, f, 2);
                if (th.get(b) != null) return r;
                if (r > 1 && th.get(b + 1) instanceof LuaString msg) throw HostIo.error(th, msg);
                if (toClose) close(th, b, u);
                return 0;
            }, u)); // the formats are strings and numbers, never collectable
            return 1;
        }

        /**
         * {@code g_read}: reads with the formats at arguments {@code first..n} (none: one line);
         * results from {@code base}; a failed format gives nil and stops.
         */
        int read(LuaStack t, int base, int n, LuaFile f, int first) {
            int nfmt = n - first + 1;
            if (nfmt <= 0) {
                try {
                    ByteArrayOutputStream line = new ByteArrayOutputStream();
                    boolean ok = f.readLine(line, false);
                    t.set(base, ok ? LuaString.wrap(line.toByteArray()) : null);
                    return 1;
                } catch (IOException e) {
                    return HostIo.fail(t, base, e, null);
                }
            }
            if (!t.checkStack(base + n, nfmt)) throw HostIo.error(t, "stack overflow (too many arguments)");
            Object[] results = new Object[nfmt];
            int count = 0;
            try {
                boolean ok = true;
                for (int k = first; k <= n && ok; k++) {
                    Object fmt = t.get(base + k - 1);
                    Object r;
                    if (fmt instanceof Long) {
                        long len = t.checkInteger(base, n, k);
                        if (len <= 0) { // luaL_checkinteger then size_t: negative counts are huge
                            r = len == 0 ? (f.hasMore() ? LuaString.EMPTY : null) : readChars(f, Long.MAX_VALUE);
                        } else {
                            r = readChars(f, len);
                        }
                    } else {
                        LuaString s = t.checkString(base, n, k);
                        int c = s.length() > 0 ? s.byteAt(0) : 0;
                        if (c == '*' && s.length() > 1) c = s.byteAt(1);
                        r = switch (c) {
                            case 'n' -> readNumber(f);
                            case 'l', 'L' -> {
                                ByteArrayOutputStream line = new ByteArrayOutputStream();
                                yield f.readLine(line, c == 'L') ? LuaString.wrap(line.toByteArray()) : null;
                            }
                            case 'a' -> readChars(f, Long.MAX_VALUE, true);
                            default -> throw t.argError(k, "invalid format");
                        };
                    }
                    results[count++] = r;
                    ok = r != null;
                }
            } catch (IOException e) {
                return HostIo.fail(t, base, e, null);
            }
            for (int i = 0; i < count; i++) t.set(base + i, results[i]);
            return count;
        }

        private static Object readChars(LuaFile f, long n) throws IOException {
            return readChars(f, n, false);
        }

        private static Object readChars(LuaFile f, long n, boolean all) throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            long got = f.read(n, buf);
            return got > 0 || all ? LuaString.wrap(buf.toByteArray()) : null;
        }

        /** {@code read("n")}: reads the longest prefix of a numeral, then converts it (integers only). */
        private static Object readNumber(LuaFile f) throws IOException {
            NumeralReader r = new NumeralReader(f);
            return r.read();
        }

        /** {@code g_write}: writes arguments {@code first..n}; the result is {@code self} (the file). */
        int write(LuaStack t, int base, int n, LuaFile f, int first, Object self) {
            try {
                for (int k = first; k <= n; k++) {
                    int i = base + k - 1;
                    LuaString s = t.isInt(i) ? Lua.toLuaString(t.intAt(i)) : t.checkString(base, n, k);
                    f.write(s.bytes(), 0, s.length());
                }
            } catch (IOException e) {
                return HostIo.fail(t, base, e, null);
            }
            t.set(base, self);
            return 1;
        }

        int flush(LuaStack t, int base, LuaFile f) {
            try {
                f.flush();
                t.set(base, Boolean.TRUE);
                return 1;
            } catch (IOException e) {
                return HostIo.fail(t, base, e, null);
            }
        }

        int close(LuaStack t, int base, LuaUserdata u) {
            LuaFile f = file(u);
            if (f.standard) {
                t.set(base, null);
                t.set(base + 1, LuaString.valueOf("cannot close standard file"));
                return 2;
            }
            open.remove(f);
            try {
                f.close();
                t.set(base, Boolean.TRUE);
                return 1;
            } catch (IOException e) {
                return HostIo.fail(t, base, e, null);
            }
        }

        int seek(LuaStack t, int base, int n) {
            LuaFile f = checkOpen(t, base, n);
            String whence = t.optString(base, n, 2, LuaString.valueOf("cur")).toString();
            int w = switch (whence) {
                case "set" -> 0;
                case "cur" -> 1;
                case "end" -> 2;
                default -> throw t.argError(2, "invalid option '" + whence + "'");
            };
            long offset = t.optInteger(base, n, 3, 0);
            try {
                t.setInt(base, f.seek(w, offset));
                return 1;
            } catch (IOException e) {
                return HostIo.fail(t, base, e, null);
            }
        }

        int setvbuf(LuaStack t, int base, int n) {
            LuaFile f = checkOpen(t, base, n);
            String m = t.checkString(base, n, 2).toString();
            int mode = switch (m) {
                case "no" -> LuaFile.NO;
                case "full" -> LuaFile.FULL;
                case "line" -> LuaFile.LINE;
                default -> throw t.argError(2, "invalid option '" + m + "'");
            };
            t.optInteger(base, n, 3, 0);
            try {
                f.setBuffering(mode);
                t.set(base, Boolean.TRUE);
                return 1;
            } catch (IOException e) {
                return HostIo.fail(t, base, e, null);
            }
        }
    }

    /** Lua's {@code read_number}: the longest prefix of a numeral (at most 200 bytes), then its value. */
    private static final class NumeralReader {
        private final LuaFile f;
        private final StringBuilder buf = new StringBuilder();
        private int c;
        private boolean overflow;

        NumeralReader(LuaFile f) {
            this.f = f;
        }

        Object read() throws IOException {
            do {
                c = f.getc();
            } while (c == ' ' || (c >= '\t' && c <= '\r'));
            int count = 0;
            boolean hex = false;
            accept('-', '+');
            if (accept('0', '0')) {
                if (accept('x', 'X')) hex = true;
                else count = 1;
            }
            count += digits(hex);
            if (accept('.', '.')) count += digits(hex);
            if (count > 0 && (hex ? accept('p', 'P') : accept('e', 'E'))) {
                accept('-', '+');
                digits(false);
            }
            if (c >= 0) f.ungetc();
            if (overflow) return null;
            return Lua.str2int(LuaString.latin1(buf.toString()));
        }

        private boolean next() throws IOException {
            if (buf.length() >= MAX_NUMERAL) {
                overflow = true;
                return false;
            }
            buf.append((char) c);
            c = f.getc();
            return true;
        }

        private boolean accept(char a, char b) throws IOException {
            return (c == a || c == b) && next();
        }

        private int digits(boolean hex) throws IOException {
            int n = 0;
            while ((hex ? Character.digit(c, 16) >= 0 && c < 128 : c >= '0' && c <= '9') && next()) n++;
            return n;
        }
    }
}
