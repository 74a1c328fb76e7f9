package dev.lunatik.cli;

import dev.lunatik.stdlib.IoLib;
import dev.lunatik.stdlib.OsLib;
import dev.lunatik.kernel.libs.Lunatik;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code lunatik lua [options] [script [args]]}: the standalone interpreter, following the
 * reference {@code lua.c} of Lua 5.4 step by step (option grammar, order of effects, the
 * {@code arg} table, {@code LUA_INIT}, messages and exit status). Differences: the state has the
 * kernel libraries only, with {@code io} and {@code os} provided for {@code require} but not
 * opened ({@code -l io -l os} opens them into globals, as with the reference {@code lua}, where
 * they are open from the start); {@code require} searches {@code ./?.lua;./?/init.lua} (the
 * current directory is the script root; {@code LUA_PATH} is not read, as in the kernel) and
 * there is no {@code cpath}; {@code os.exit} ends the command with its status (open files
 * flushed) instead of calling C's {@code exit}; {@code -E} cannot mark the registry
 * ({@code LUA_NOENV}) because the embedding API has no registry access.
 */
public final class LuaCommand {
    /** The program name shown in messages and stored at the lowest index of {@code arg}. */
    static final String PROGNAME = "lua";

    private static final String USAGE = "usage: %s [options] [script [args]]\n"
            + "Available options are:\n"
            + "  -e stat   execute string 'stat'\n"
            + "  -i        enter interactive mode after executing 'script'\n"
            + "  -l mod    require library 'mod' into global 'mod'\n"
            + "  -l g=mod  require library 'mod' into global 'g'\n"
            + "  -v        show version information\n"
            + "  -E        ignore environment variables\n"
            + "  -W        turn warnings on\n"
            + "  --        stop handling options\n"
            + "  -         stop handling options and execute stdin\n";

    private final Stdio io;
    private LuaState state;
    private dev.lunatik.kernel.Kernel kernel;
    /** Prefix for error reports; null inside the REPL, like lua.c. */
    private String progname = PROGNAME;

    /** A command bound to {@code io}; call {@link #run} once. */
    public LuaCommand(Stdio io) {
        this.io = io;
    }

    /** The options found before the script, as lua.c's {@code collectargs}. */
    record Options(int script, boolean error, boolean execute, boolean interactive, boolean version,
            boolean noEnv) {

        /**
         * Scans {@code argv} (program name at 0). {@code script} is the index of the script, 0
         * when there is none, or the index of the bad option when {@code error}.
         */
        static Options parse(String[] argv) {
            boolean e = false, i = false, v = false, noEnv = false;
            int first = 0;
            for (int k = 1; k < argv.length; k++) {
                first = k;
                String a = argv[k];
                if (!a.startsWith("-")) return new Options(k, false, e, i, v, noEnv);
                char opt = a.length() > 1 ? a.charAt(1) : '\0';
                boolean extra = a.length() > 2;
                switch (opt) {
                    case '-':
                        if (extra) return bad(k);
                        return new Options(k + 1 < argv.length ? k + 1 : 0, false, e, i, v, noEnv);
                    case '\0':
                        return new Options(k, false, e, i, v, noEnv); // script "name" is '-'
                    case 'E':
                        if (extra) return bad(k);
                        noEnv = true;
                        break;
                    case 'W':
                        if (extra) return bad(k);
                        break;
                    case 'i':
                    case 'v':
                        if (extra) return bad(k);
                        if (opt == 'i') i = true;
                        v = true; // -i implies -v
                        break;
                    case 'e':
                    case 'l':
                        if (opt == 'e') e = true;
                        if (!extra) {
                            k++;
                            if (k >= argv.length || argv[k].startsWith("-")) return bad(first);
                        }
                        break;
                    default:
                        return bad(k);
                }
            }
            return new Options(0, false, e, i, v, noEnv);
        }

        private static Options bad(int index) {
            return new Options(index, true, false, false, false, false);
        }
    }

    /** Runs the interpreter with {@code args} (what follows {@code lua}); returns the exit status. */
    public int run(String[] args) {
        // the error report's code is loaded now: a script that uses up the heap gets its "not
        // enough memory" reported, not a failure to load the class that reports it
        ErrorReport.latin1("");
        String[] argv = new String[args.length + 1];
        argv[0] = PROGNAME;
        System.arraycopy(args, 0, argv, 1, args.length);
        return io.guarded(PROGNAME, () -> {
            boolean close = true;
            try {
                return pmain(argv) ? 0 : 1;
            } catch (OsLib.ExitRequest exit) {
                close = exit.close(); // os.exit(code) skips lua_close unless its second argument is true
                return exit.status();
            } finally {
                if (kernel != null) {
                    kernel.shutdown(); // kernel threads the script left running stop here
                }
                if (state != null) {
                    if (close) state.close(); // as lua_close: pending finalizers run
                    IoLib.flushAll(state);
                }
            }
        });
    }

    private boolean pmain(String[] argv) {
        Options o = Options.parse(argv);
        int script = o.script();
        if (o.error()) {
            printUsage(argv[script]);
            return false;
        }
        if (o.version()) printVersion();
        int stack;
        try {
            stack = StackLimit.fromEnv(io.env());
        } catch (IllegalArgumentException e) {
            report(e.getMessage());
            return false;
        }
        state = Lunatik.hostState().stackLimit(stack).stdin(io.in()).stdout(io.out()).stderr(io.err()).build();
        OsLib.setEnvironment(state, io.env());
        state.setGcMode("generational"); // lua.c runs its state in generational mode
        // runtimes this script creates print to its kernel's log: show it on stderr as it comes
        kernel = dev.lunatik.kernel.libs.Lunatik.kernel(state);
        java.io.PrintStream err = io.err();
        kernel.log().followBytes(line -> {
            synchronized (err) {
                err.write(line, 0, line.length);
                err.write('\n');
                err.flush();
            }
        });
        createArgTable(argv, script);
        if (!o.noEnv() && !handleLuaInit()) return false;
        int optlim = script > 0 ? script : argv.length;
        if (!runArgs(argv, optlim)) return false;
        if (script > 0 && !handleScript(argv, script)) return false;
        if (o.interactive()) {
            repl();
        } else if (script < 1 && !(o.execute() || o.version())) {
            if (io.stdinIsTerminal()) {
                printVersion();
                repl();
            } else {
                return doFile(null);
            }
        }
        return true;
    }

    private void printUsage(String badOption) {
        StringBuilder sb = new StringBuilder(PROGNAME).append(": ");
        char c = badOption.length() > 1 ? badOption.charAt(1) : '\0';
        if (c == 'e' || c == 'l') {
            sb.append('\'').append(badOption).append("' needs argument\n");
        } else {
            sb.append("unrecognized option '").append(badOption).append("'\n");
        }
        sb.append(String.format(USAGE, PROGNAME));
        io.flushOut();
        write(io.err(), ErrorReport.latin1(sb.toString()));
    }

    private void printVersion() {
        io.out().print(Version.luaLine() + "\n");
        io.out().flush();
    }

    /** {@code arg}: the script at 0, what precedes it at negative indices, its arguments from 1. */
    private void createArgTable(String[] argv, int script) {
        LuaTable arg = new LuaTable(Math.max(0, argv.length - script - 1), script + 1);
        for (int i = 0; i < argv.length; i++) {
            arg.rawset((long) (i - script), LuaString.valueOf(argv[i]));
        }
        state.setGlobal("arg", arg);
    }

    private boolean handleLuaInit() {
        String name = "LUA_INIT_5_4";
        String init = io.env().get(name);
        if (init == null) {
            name = "LUA_INIT";
            init = io.env().get(name);
        }
        if (init == null) return true;
        if (init.startsWith("@")) return doFile(init.substring(1));
        return doString(init, "=" + name);
    }

    /** Runs {@code -e}, {@code -l} and {@code -W} in the order given. */
    private boolean runArgs(String[] argv, int optlim) {
        for (int i = 1; i < optlim; i++) {
            String a = argv[i];
            char opt = a.charAt(1);
            if (opt == 'e' || opt == 'l') {
                String extra = a.length() > 2 ? a.substring(2) : argv[++i];
                boolean ok = opt == 'e' ? doString(extra, "=(command line)") : doLibrary(extra);
                if (!ok) return false;
            } else if (opt == 'W') {
                Object warn = state.getGlobal("warn");
                if (warn != null && !docall(warn, LuaString.valueOf("@on"))) return false;
            }
        }
        return true;
    }

    /** {@code -l g=mod} / {@code -l mod}: {@code g = require("mod")}; {@code mod-x} sets {@code mod}. */
    private boolean doLibrary(String spec) {
        String globalName;
        String modName;
        int eq = spec.indexOf('=');
        if (eq >= 0) {
            globalName = spec.substring(0, eq);
            modName = spec.substring(eq + 1);
        } else {
            modName = spec;
            int dash = spec.indexOf('-'); // LUA_IGMARK: "mod-v2" loads "mod-v2" into "mod"
            globalName = dash >= 0 ? spec.substring(0, dash) : spec;
        }
        Object require = state.getGlobal("require");
        if (require == null) {
            report("module '" + ErrorReport.latin1(modName) + "' not found:\n\tno field package.preload['"
                    + ErrorReport.latin1(modName) + "']\nstack traceback:\n\t[C]: in ?");
            return false;
        }
        Object[] r = protectedCall(require, LuaString.valueOf(modName));
        if (r == null) return false;
        state.setGlobal(globalName, r.length > 0 ? r[0] : null);
        return true;
    }

    private boolean doString(String source, String chunkName) {
        LuaFunction f = load(source.getBytes(StandardCharsets.UTF_8), chunkName);
        return f != null && docall(f);
    }

    /** Runs a file ({@code null}: stdin) with no arguments, like lua.c's {@code dofile}. */
    private boolean doFile(String fileName) {
        LuaFunction f = loadFile(fileName);
        return f != null && docall(f);
    }

    private boolean handleScript(String[] argv, int script) {
        String fname = argv[script];
        if (fname.equals("-") && !argv[script - 1].equals("--")) fname = null; // stdin
        LuaFunction f = loadFile(fname);
        if (f == null) return false;
        Object arg = state.getGlobal("arg");
        if (!(arg instanceof LuaTable t)) {
            report("'arg' is not a table");
            return false;
        }
        long n = t.length();
        Object[] args = new Object[(int) Math.max(0, n)];
        for (int i = 0; i < args.length; i++) args[i] = t.rawget((long) (i + 1));
        return docall(f, args);
    }

    /** Reads and compiles a file as {@code luaL_loadfile} does; null after reporting on failure. */
    private LuaFunction loadFile(String fileName) {
        byte[] bytes;
        String chunkName;
        if (fileName == null) {
            chunkName = "=stdin";
            try {
                bytes = io.in().readAllBytes();
            } catch (IOException e) {
                report("cannot read stdin: " + e.getMessage());
                return null;
            }
        } else {
            chunkName = "@" + fileName;
            try {
                bytes = Files.readAllBytes(Path.of(fileName));
            } catch (NoSuchFileException e) {
                report(cannot("open", fileName, "No such file or directory"));
                return null;
            } catch (AccessDeniedException e) {
                report(cannot("open", fileName, "Permission denied"));
                return null;
            } catch (IOException | RuntimeException e) {
                boolean dir = Files.isDirectory(Path.of(fileName));
                report(cannot(dir ? "read" : "open", fileName, dir ? "Is a directory" : String.valueOf(e.getMessage())));
                return null;
            }
        }
        byte[] source = LuaState.fileText(bytes);
        return load(source, chunkName);
    }

    private static String cannot(String what, String fileName, String why) {
        return "cannot " + what + " " + ErrorReport.latin1(fileName) + ": " + why;
    }

    private LuaFunction load(byte[] source, String chunkName) {
        try {
            return state.load(source, chunkName);
        } catch (LuaError e) {
            report(ErrorReport.load(e));
            return null;
        }
    }

    private boolean docall(Object f, Object... args) {
        return protectedCall(f, args) != null;
    }

    /** Calls {@code f}; on a Lua error reports it (message plus traceback) and returns null. */
    private Object[] protectedCall(Object f, Object... args) {
        try {
            Object[] r = Interrupts.whileRunning(state, () -> state.call(f, args));
            return r == null ? new Object[0] : r;
        } catch (LuaError e) {
            report(ErrorReport.runtime(state, e));
            return null;
        }
    }

    /** lua.c's {@code l_message}: {@code lua: msg} on stderr ({@code msg} alone in the REPL). */
    void report(String latin1Message) {
        io.flushOut();
        write(io.err(), (progname != null ? progname + ": " : "") + latin1Message + "\n");
        io.err().flush();
    }

    private void repl() {
        String saved = progname;
        progname = null; // no program name on errors in interactive mode
        try (LineInput input = LineInput.open(io)) {
            new Repl(state, io, input, this::report).run();
        } finally {
            progname = saved;
        }
    }

    /** Writes a Latin-1 view string as the bytes it stands for. */
    static void write(PrintStream s, String latin1) {
        byte[] b = latin1.getBytes(StandardCharsets.ISO_8859_1);
        s.write(b, 0, b.length);
    }
}
