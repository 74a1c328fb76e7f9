package dev.lunatik.conformance;

import dev.lunatik.kernel.libs.Lunatik;
import dev.lunatik.stdlib.StandardLibraries;
import dev.lunatik.vm.api.LuaState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs an external suite folder (e.g. the official Lua 5.4 tests) one file at a time, each in a
 * fresh state with a timeout, and reports per file.
 *
 * <p>Usage: {@code [--timeout SECONDS] [--verbose] [--define NAME]... [--stack SLOTS] [--host] DIR [FILE...]}. Without FILEs every
 * {@code *.lua} file directly in DIR runs, in name order; FILEs are names relative to DIR (or
 * absolute paths). Each file is compiled with chunk name {@code "@<name>"}, as
 * {@code lua <name>} run inside DIR would, and gets a global {@code arg} with {@code arg[0]} =
 * name. The JVM cannot change its working directory, so {@code loadfile} and {@code dofile} are
 * wrapped to look for a file first under DIR and then as given: a test finds its siblings.
 *
 * <p>Output: one line per file, {@code PASS name}, {@code FAIL name <first error line>} (the
 * script raised a Lua error) or {@code ERROR name <reason>} (timeout, or a Java exception other
 * than {@code LuaError}, named by its class), then {@code N passed, M failed (stack limit S slots)} where M counts FAIL
 * and ERROR. {@code --verbose} adds the captured output of files that did not pass;
 * {@code --define NAME} sets global NAME to true in every state (the official suite reads
 * {@code _U}, {@code _soft} and {@code _port} this way). Every state is a kernel one
 * ({@code Lunatik.kernelState()}, 200-slot stack) whose {@code require} looks in DIR;
 * {@code --stack SLOTS} raises the stack limit (the official suite is written for stock Lua's
 * 1,000,000 slots) and {@code --host} opens the host {@code io} and {@code os} libraries as
 * globals, as the stock {@code lua} does. Exit status:
 * 0 when all passed, 1 otherwise, 2 for a usage error.
 */
public final class SuiteRunner {
    /** Default per-file limit in seconds. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 60;

    static final String USAGE =
            "usage: SuiteRunner [--timeout SECONDS] [--verbose] [--define NAME]... [--stack SLOTS] [--host] DIR [FILE...]";

    /**
     * Wraps loadfile/dofile so relative names resolve against the suite folder (passed as the
     * chunk's first argument, ending in a separator) and sets {@code arg}. Only base-library functions are used.
     */
    private static final String PRELUDE = """
            local dir, name = ...
            local loadfile0, error0, type0, find0 = loadfile, error, type, string.find
            arg = {[0] = name}
            -- a relative name is looked for under the suite folder first; any answer but
            -- "cannot open" (a chunk, or a mode or syntax error) is the file's
            local function find(name, ...)
              if type0(name) == "string" and not find0(name, "^/") then
                local f, msg = loadfile0(dir .. name, ...)
                if f or not find0(msg, "cannot open", 1, true) then return f, msg end
              end
              return loadfile0(name, ...)
            end
            loadfile = find
            dofile = function(name)
              local f, msg = find(name)
              if not f then error0(msg, 0) end
              return f()
            end
            """;

    private SuiteRunner() {}

    /** Command-line entry: exits with {@link #run}'s status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * {@code args}: {@code DIR [FILE...]} plus options. Prints one line per file
     * ({@code PASS|FAIL|ERROR name first-error-line}) and a closing line
     * {@code N passed, M failed}. Returns the process exit status.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, KERNEL_STACK);
    }

    /** The kernel's stack limit in slots, the default of {@link #run(String[], PrintStream, PrintStream)}. */
    public static final int KERNEL_STACK = 200;

    /**
     * As {@link #run(String[], PrintStream, PrintStream)}, with {@code defaultStack} slots unless
     * {@code --stack} says otherwise; the report's last line states the limit the files ran with.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, int defaultStack) {
        int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
        boolean verbose = false;
        boolean host = false;
        int stack = defaultStack;
        List<String> defines = new ArrayList<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--timeout")) {
                if (i + 1 >= args.length) return usage(err, "--timeout needs a number of seconds");
                try {
                    timeoutSeconds = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    return usage(err, "bad --timeout value '" + args[i] + "'");
                }
                if (timeoutSeconds <= 0) return usage(err, "--timeout must be positive");
            } else if (a.equals("--define")) {
                if (i + 1 >= args.length) return usage(err, "--define needs a global name");
                defines.add(args[++i]);
            } else if (a.equals("--stack")) {
                if (i + 1 >= args.length) return usage(err, "--stack needs a number of slots");
                try {
                    stack = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    return usage(err, "bad --stack value '" + args[i] + "'");
                }
                if (stack < 20) return usage(err, "--stack must be at least 20");
            } else if (a.equals("--host")) {
                host = true;
            } else if (a.equals("--verbose")) {
                verbose = true;
            } else if (a.startsWith("--")) {
                return usage(err, "unknown option '" + a + "'");
            } else {
                positional.add(a);
            }
        }
        if (positional.isEmpty()) return usage(err, "missing DIR");
        Path dir = Path.of(positional.get(0)).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) return usage(err, "not a directory: " + positional.get(0));

        List<Path> files = new ArrayList<>();
        if (positional.size() > 1) {
            for (String name : positional.subList(1, positional.size())) files.add(dir.resolve(name));
        } else {
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(p -> p.getFileName().toString().endsWith(".lua") && Files.isRegularFile(p))
                        .sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                err.println("cannot list " + dir + ": " + e.getMessage());
                return 2;
            }
        }

        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        final int stackSlots = stack;
        final boolean hostLibs = host;
        java.util.function.Supplier<LuaState.Builder> builder = () -> {
            LuaState.Builder b = Lunatik.kernelState().scriptRoot(dir);
            b.stackLimit(stackSlots);
            if (hostLibs) b.libraries(StandardLibraries.HOST_MODULES);
            return b;
        };
        int passed = 0;
        int failed = 0;
        for (Path file : files) {
            String name = displayName(dir, file);
            String line;
            IsolatedRun.Outcome outcome = null;
            byte[] source;
            try {
                source = Files.readAllBytes(file);
            } catch (IOException e) {
                source = null;
            }
            if (source == null) {
                line = "ERROR " + name + " cannot read " + file;
            } else {
                outcome = IsolatedRun.run(source, "@" + name, timeout, builder, setup(dir, name, defines));
                line = switch (outcome.status()) {
                    case OK -> "PASS " + name;
                    case LUA_ERROR -> "FAIL " + name + " " + outcome.errorFirstLine();
                    case CRASH, TIMEOUT -> "ERROR " + name + " " + outcome.describe();
                };
            }
            if (line.startsWith("PASS ")) passed++;
            else failed++;
            out.println(line);
            if (verbose && outcome != null && outcome.status() != IsolatedRun.Status.OK) {
                indent(out, "stdout", outcome.stdout());
                indent(out, "stderr", outcome.stderr());
                if (outcome.error() != null && outcome.error().luaTraceback() != null) {
                    indent(out, "traceback", outcome.error().luaTraceback());
                }
            }
            out.flush();
        }
        out.println(passed + " passed, " + failed + " failed (stack limit " + stackSlots + " slots)");
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    private static IsolatedRun.Setup setup(Path dir, String name, List<String> defines) {
        String prefix = dir.toString().endsWith("/") ? dir.toString() : dir + "/";
        return state -> {
            state.call(state.load(PRELUDE, "=(suite prelude)"), prefix, name);
            for (String global : defines) state.setGlobal(global, Boolean.TRUE);
        };
    }

    private static String displayName(Path dir, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(dir) ? dir.relativize(abs).toString() : abs.toString();
    }

    private static void indent(PrintStream out, String label, String text) {
        if (text == null || text.isEmpty()) return;
        out.println("  " + label + ":");
        for (String l : text.split("\n", -1)) {
            if (!l.isEmpty()) out.println("    " + l);
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.println(USAGE);
        return 2;
    }
}
