/**
 * The {@code lunatik} command line. {@link dev.lunatik.cli.Main} only dispatches on the first
 * argument; each subcommand is one class:
 *
 * <ul>
 *   <li>{@link dev.lunatik.cli.LuaCommand} ({@code lunatik lua}): a standalone interpreter that
 *       behaves like the reference {@code lua} command (options {@code -e -l -i -v -E -W -- -},
 *       the {@code arg} table, {@code LUA_INIT}, error reports with tracebacks and exit status
 *       1), using {@link dev.lunatik.cli.Repl} for the interactive loop;
 *   <li>{@link dev.lunatik.cli.LuacCommand} ({@code lunatik luac}): syntax checks and
 *       {@code luac -l}-style listings of the compiled bytecode;
 *   <li>{@link dev.lunatik.cli.ConformanceCommand} ({@code lunatik conformance}): the external
 *       suite runner from the {@code conformance} module;
 *   <li>{@link dev.lunatik.cli.KernelCli} ({@code load unload reload status list run spawn
 *       stop dmesg dev eval}): picocli subcommands, each with {@code --help}, over
 *       {@link dev.lunatik.cli.KernelCommand}, the client of the simulated kernel: it starts the
 *       {@link dev.lunatik.cli.Daemon} (one per runtime directory: {@link dev.lunatik.cli.DaemonFiles},
 *       settings in {@link dev.lunatik.cli.DaemonConfig}) in a JVM of its own behind a private
 *       Unix domain socket and exchanges requests with it ({@link dev.lunatik.cli.DaemonClient},
 *       wire format {@link dev.lunatik.cli.Frames}, arguments as the process got their bytes:
 *       {@link dev.lunatik.cli.RawArgs}). In the daemon, one I/O thread serves every connection
 *       ({@link dev.lunatik.cli.DaemonServer}), commands run on request pools and write to a
 *       bounded {@link dev.lunatik.cli.Reply}, scripts are kept by the Java runner and REPL
 *       chunks run in the {@link dev.lunatik.cli.Driver} state;
 *   <li>{@link dev.lunatik.cli.KernelRepl} ({@code lunatik} with no argument): the kernel REPL,
 *       whose chunks run in the daemon's driver state.
 * </ul>
 *
 * <p>Every command takes its streams, environment and terminal facts from a
 * {@link dev.lunatik.cli.Stdio}, so tests run {@link dev.lunatik.cli.Main#run} in-process with
 * captured streams and piped input. The interactive line editor (JLine) is only used when stdin
 * is a real terminal; otherwise {@link dev.lunatik.cli.PlainLineInput} reads raw bytes, so the
 * REPL stays 8-bit clean like Lua's strings.
 *
 * <p>The {@code ./lunatik} launcher script at the repository root builds the shaded jar
 * ({@code cli/target/lunatik.jar}) when it is missing or stale and starts it with flags tuned for
 * a short-lived process (serial GC, a class archive trained by {@link dev.lunatik.cli.Training}:
 * an AOT cache on JDK 25, AppCDS before), and tells {@code Main}
 * whether stdin/stdout are terminals through the {@code lunatik.stdin.tty} and
 * {@code lunatik.stdout.tty} system properties, since Java 17 cannot ask that of stdin alone.
 */
package dev.lunatik.cli;
