package dev.lunatik.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** Line editing and history (in memory, or in a file when given) on a real terminal, through JLine. */
final class JLineInput implements LineInput {
    private final Terminal terminal;
    private final LineReader reader;
    private final PrintStream out;

    private JLineInput(Terminal terminal, PrintStream out, java.nio.file.Path history) {
        this.terminal = terminal;
        this.out = out;
        LineReaderBuilder b = LineReaderBuilder.builder();
        if (history != null) {
            b.variable(LineReader.HISTORY_FILE, history);
        }
        this.reader = b
                .terminal(terminal)
                .appName("lunatik")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is not special in Lua
                .option(LineReader.Option.BRACKETED_PASTE, true)
                .build();
    }

    /** Opens the system terminal, or returns null (the caller falls back to plain input). */
    static JLineInput tryOpen(Stdio io, java.nio.file.Path history) {
        try {
            Terminal t = TerminalBuilder.builder().system(true).dumb(false).build();
            if (Terminal.TYPE_DUMB.equals(t.getType()) || Terminal.TYPE_DUMB_COLOR.equals(t.getType())) {
                t.close();
                return null;
            }
            return new JLineInput(t, io.out(), history);
        } catch (IOException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    @Override
    public byte[] readLine(String prompt) {
        out.flush(); // what the last command printed comes before the prompt
        try {
            String line = reader.readLine(new String(prompt.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            return line.getBytes(StandardCharsets.UTF_8);
        } catch (UserInterruptException e) {
            return CANCELLED;
        } catch (EndOfFileException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            reader.getHistory().save();
        } catch (IOException | RuntimeException ignored) {
            // no history file: nothing to keep
        }
        try {
            terminal.close();
        } catch (IOException ignored) {
            // nothing useful to do at exit
        }
    }
}
