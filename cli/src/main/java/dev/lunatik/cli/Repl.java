package dev.lunatik.cli;

import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The read-eval-print loop of {@code lua.c}: prompts with {@code _PROMPT} / {@code _PROMPT2}
 * (default {@code "> "} and {@code ">> "}), compiles a line as {@code return <line>} first and as
 * a statement otherwise, keeps reading continuation lines while the syntax error ends in
 * {@code <eof>}, prints the results with the global {@code print}, and reports errors without
 * stopping. Lines are kept as Latin-1 view strings, so any byte survives to the compiler.
 */
final class Repl {
    private static final String CHUNK = "=stdin";
    private static final String EOF_MARK = "<eof>";

    private final LuaState state;
    private final Stdio io;
    private final LineInput input;
    private final Consumer<String> report;

    /** {@code report} writes a Latin-1 message to stderr (no program name in interactive mode). */
    Repl(LuaState state, Stdio io, LineInput input, Consumer<String> report) {
        this.state = state;
        this.io = io;
        this.input = input;
        this.report = report;
    }

    /** Loops until end of input, then writes a newline like {@code lua}. */
    void run() {
        for (;;) {
            Loaded chunk = loadLine();
            if (chunk == Loaded.END) break;
            if (chunk.function == null) continue;
            try {
                Object[] results = Interrupts.whileRunning(state, () -> state.call(chunk.function));
                if (results != null && results.length > 0) print(results);
            } catch (LuaError e) {
                report.accept(ErrorReport.runtime(state, e));
            }
        }
        io.out().print("\n");
        io.out().flush();
    }

    /** A compiled line, nothing (error reported or input cancelled), or the end of input. */
    private record Loaded(LuaFunction function) {
        static final Loaded END = new Loaded(null);
        static final Loaded NOTHING = new Loaded(null);
    }

    private Loaded loadLine() {
        byte[] first = input.readLine(prompt(true));
        if (first == null) return Loaded.END;
        if (first == LineInput.CANCELLED) return Loaded.NOTHING;
        String line = new String(first, StandardCharsets.ISO_8859_1);
        if (line.startsWith("=")) line = "return " + line.substring(1); // Lua 5.1's "= expr"
        try {
            return new Loaded(load("return " + line));
        } catch (LuaError ignored) {
            // not an expression: try it as a statement
        }
        for (;;) {
            try {
                return new Loaded(load(line));
            } catch (LuaError e) {
                String msg = ErrorReport.load(e);
                if (!msg.endsWith(EOF_MARK)) {
                    report.accept(msg);
                    return Loaded.NOTHING;
                }
                byte[] more = input.readLine(prompt(false));
                if (more == LineInput.CANCELLED) return Loaded.NOTHING;
                if (more == null) {
                    report.accept(msg);
                    return Loaded.NOTHING; // the next read sees the end of input again
                }
                line = line + "\n" + new String(more, StandardCharsets.ISO_8859_1);
            }
        }
    }

    private LuaFunction load(String latin1) {
        return state.load(latin1.getBytes(StandardCharsets.ISO_8859_1), CHUNK);
    }

    private String prompt(boolean firstLine) {
        Object p = state.getGlobal(firstLine ? "_PROMPT" : "_PROMPT2");
        if (p == null) return firstLine ? "> " : ">> ";
        if (p instanceof LuaString s) return s.toString();
        try {
            return ErrorReport.latin1(state.toDisplayString(p));
        } catch (LuaError e) {
            return firstLine ? "> " : ">> ";
        }
    }

    private void print(Object[] results) {
        try {
            Object print = state.getGlobal("print");
            if (print != null) {
                state.call(print, results);
                return;
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < results.length; i++) {
                if (i > 0) sb.append('\t');
                sb.append(ErrorReport.latin1(state.toDisplayString(results[i])));
            }
            LuaCommand.write(io.out(), sb.append('\n').toString());
        } catch (LuaError e) {
            report.accept("error calling 'print' (" + ErrorReport.load(e) + ")");
        }
    }
}
