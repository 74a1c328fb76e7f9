package dev.lunatik.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a command may touch of its process: the three standard streams, the environment and
 * whether stdin is a terminal. {@link #system()} gives the real ones; tests build their own with
 * byte-array streams.
 *
 * @param in standard input (scripts read with {@code -} and the REPL read from it)
 * @param out standard output ({@code print}, listings, results)
 * @param err standard error (error reports, warnings, usage)
 * @param env environment variables ({@code LUA_INIT_5_4}, {@code LUA_INIT})
 * @param stdinIsTerminal whether stdin is interactive (decides REPL versus "run stdin")
 * @param lineEditor whether the REPL may use the JLine terminal line editor
 */
public record Stdio(
        InputStream in,
        PrintStream out,
        PrintStream err,
        Map<String, String> env,
        boolean stdinIsTerminal,
        boolean lineEditor) {

    /** System property the launcher sets to {@code true}/{@code false} ({@code [ -t 0 ]}). */
    public static final String STDIN_TTY_PROPERTY = "lunatik.stdin.tty";

    /** System property the launcher sets to {@code true}/{@code false} ({@code [ -t 1 ]}). */
    public static final String STDOUT_TTY_PROPERTY = "lunatik.stdout.tty";

    /**
     * The process's own streams. Standard output is buffered and only flushed per line when it is
     * a terminal (like C's stdio), which matters for scripts that print a lot; {@link Main#main}
     * flushes it at exit.
     */
    public static Stdio system() {
        boolean stdinTty = isTerminal(STDIN_TTY_PROPERTY);
        boolean stdoutTty = isTerminal(STDOUT_TTY_PROPERTY);
        PrintStream out = new PrintStream(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 15),
                stdoutTty,
                StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        return new Stdio(new FileInputStream(FileDescriptor.in), out, err, System.getenv(), stdinTty, stdinTty);
    }

    /** The property when set, else the best guess the running JDK allows. */
    private static boolean isTerminal(String property) {
        String v = System.getProperty(property);
        if (v != null) return Boolean.parseBoolean(v);
        java.io.Console c = System.console();
        if (c == null) return false;
        try { // JDK 22+: System.console() may be non-null for redirected streams
            Method m = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17-21: non-null means both stdin and stdout are terminals
        }
    }

    /**
     * Runs a command body, turning any exception that is not a {@code LuaError} (a bug in the VM
     * or the command) into a plain "internal error" report and exit status 1; stdout is flushed
     * in every case.
     */
    int guarded(String progname, java.util.function.IntSupplier body) {
        try {
            return body.getAsInt();
        } catch (RuntimeException | StackOverflowError e) {
            flushOut();
            err.println(progname + ": internal error (a bug in Lunatik): " + e);
            e.printStackTrace(err);
            return 1;
        } finally {
            flushOut();
        }
    }

    void flushOut() {
        out.flush();
    }
}
