package dev.lunatik.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The REPL of {@code lunatik} with no argument: each chunk runs in the daemon's driver state
 * (one state for the whole session, as the real driver runtime), so globals persist between
 * lines and between sessions. An expression typed alone is printed ({@code > 42} prints
 * {@code 42}), every result tab-separated; a chunk that is not complete yet continues on a
 * {@code >> } line; errors are shown and the REPL goes on. On a terminal it has line editing
 * and a history file ({@code ~/.lunatik_history}). What scripts {@code print} goes to the kernel
 * log ({@code lunatik dmesg}), as in the kernel.
 */
final class KernelRepl {
    /** The daemon's status for a chunk that needs more lines. */
    static final int INCOMPLETE = 3;

    private final Stdio io;
    private final KernelCommand client;

    KernelRepl(Stdio io) {
        this.io = io;
        this.client = new KernelCommand(io);
    }

    int run() {
        if (!client.loaded() && client.run("load", List.of()) != 0) {
            return 1;
        }
        // the real banner is _LUNATIK_VERSION and its authors' copyright; ours names this program
        io.out().print(dev.lunatik.stdlib.lunatik.Lunatik.VERSION + " on the JVM (lunatik-jvm " + Version.project()
                + ", " + Version.LUA + ")  Ctrl-D leaves; print() goes to 'lunatik dmesg'\n");
        io.out().flush();
        Path history = Path.of(System.getProperty("user.home"), ".lunatik_history");
        try (LineInput input = LineInput.open(io, history)) {
            StringBuilder chunk = new StringBuilder();
            for (;;) {
                byte[] line = input.readLine(chunk.length() == 0 ? "> " : ">> ");
                if (line == null) break;
                if (line == LineInput.CANCELLED) {
                    chunk.setLength(0);
                    continue;
                }
                if (chunk.length() > 0) chunk.append('\n');
                chunk.append(new String(line, StandardCharsets.UTF_8));
                if (chunk.toString().isBlank()) {
                    chunk.setLength(0);
                    continue;
                }
                int status;
                try {
                    status = client.request(List.of("eval", chunk.toString()));
                } catch (IOException e) {
                    io.err().println("lunatik: " + e.getMessage());
                    return 1;
                }
                if (status != INCOMPLETE) chunk.setLength(0);
            }
        }
        io.out().print("\n");
        io.out().flush();
        return 0;
    }
}
